//! What the panels ask for while drawing; the app carries these out after the frame's panels.

use std::path::PathBuf;

use crate::edit::Command;
use crate::model::{AnnotationId, DocumentId};

use super::actions::Action;

#[must_use]
#[derive(Debug)]
pub enum AppEvent {
    Action(Action),
    /// A change to the project, recorded for undo.
    Edit(Command),
    /// Tag the text selection, or retag the selected annotation when nothing is selected.
    Tag(String),
    SelectDocument(DocumentId),
    SelectAnnotation {
        id: AnnotationId,
        scroll: bool,
    },
    SelectText(usize, usize),
    /// Bring this char offset of the open document into view.
    ScrollTo(usize),
    /// Move one boundary of the selected annotation by whole characters.
    NudgeBoundary {
        start: bool,
        forward: bool,
    },
    ImportPaths(Vec<PathBuf>),
    SetLayer(String),
    DismissError(usize),
}
