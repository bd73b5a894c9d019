//! What the researcher is looking at: the open document, the text selection, the selected
//! annotation and list filters. Not saved in the project.

use crate::model::{AnnotationId, DocumentId};

#[derive(Debug)]
pub struct ViewState {
    pub document: Option<DocumentId>,
    /// Text selection as (anchor, head) char offsets; equal when it is only a caret.
    pub selection: Option<(usize, usize)>,
    pub selected: Option<AnnotationId>,
    /// The layer new annotations go into.
    pub layer: String,
    /// Show only this tag in the annotation list (`None`: every tag).
    pub tag_filter: Option<String>,
    /// Mouse selections grow to whole words (hold Alt to select by character).
    pub snap_to_words: bool,
    /// The annotation list's rows under `tag_filter`: positions in the document's
    /// annotations, for (document, project revision, tag).
    pub filtered: Option<((DocumentId, u64, String), Vec<usize>)>,
    /// Set by Enter: the inspector gives the note editor the keyboard on its next frame.
    pub focus_note: bool,
    /// The note being typed for the selected annotation, saved as one undo step when done.
    pub note_draft: Option<(AnnotationId, String)>,
    /// Layers whose annotations are not drawn (the review panel's "Layers shown").
    pub hidden_layers: std::collections::BTreeSet<String>,
    /// Underline colours the researcher gave layers, to tell annotators apart.
    pub layer_colours: std::collections::BTreeMap<String, egui::Color32>,
}

impl Default for ViewState {
    fn default() -> Self {
        Self {
            document: None,
            selection: None,
            selected: None,
            layer: String::new(),
            tag_filter: None,
            snap_to_words: true,
            focus_note: false,
            filtered: None,
            note_draft: None,
            hidden_layers: std::collections::BTreeSet::new(),
            layer_colours: std::collections::BTreeMap::new(),
        }
    }
}

impl ViewState {
    /// The selection as an ordered, non-empty range.
    pub fn selected_range(&self) -> Option<(usize, usize)> {
        self.selection
            .map(|(a, b)| (a.min(b), a.max(b)))
            .filter(|(a, b)| a < b)
    }
}
