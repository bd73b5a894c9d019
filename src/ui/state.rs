//! What the researcher is looking at: the open document, the text selection, the selected
//! annotation and list filters. Not saved in the project.

use crate::model::{AnnotationId, DocumentId};

#[derive(Debug, Default)]
pub struct ViewState {
    pub document: Option<DocumentId>,
    /// Text selection as (anchor, head) char offsets; equal when it is only a caret.
    pub selection: Option<(usize, usize)>,
    pub selected: Option<AnnotationId>,
    /// The layer new annotations go into.
    pub layer: String,
    /// Show only this tag in the annotation list (`None`: every tag).
    pub tag_filter: Option<String>,
    /// The note being typed for the selected annotation, saved as one undo step when done.
    pub note_draft: Option<(AnnotationId, String)>,
}

impl ViewState {
    /// The selection as an ordered, non-empty range.
    pub fn selected_range(&self) -> Option<(usize, usize)> {
        self.selection
            .map(|(a, b)| (a.min(b), a.max(b)))
            .filter(|(a, b)| a < b)
    }
}
