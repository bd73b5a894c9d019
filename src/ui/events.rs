//! What the panels ask for while drawing; the app carries these out after the frame's panels.

use std::path::PathBuf;

use crate::edit::Command;
use crate::model::{AnnotationId, DocumentId};

use super::actions::Action;
use super::document_view::RowMotion;

/// Where a caret key moves the caret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    Left,
    Right,
    WordLeft,
    WordRight,
    Rows(RowMotion),
    DocumentStart,
    DocumentEnd,
}

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
    /// Move the caret; with `extend`, the selection's far end moves and its anchor stays.
    MoveCaret {
        motion: Motion,
        extend: bool,
    },
    /// Select the next (or previous) annotation of the document after the caret or the
    /// selected annotation, wrapping around.
    NextAnnotation {
        forward: bool,
    },
    /// Show a search match: open its document, select it, scroll to it.
    JumpTo {
        document: DocumentId,
        start: usize,
        end: usize,
    },
    /// Tag every ticked search match with the search bar's tag, as one undo step.
    AnnotateMatches,
    CloseSearch,
    /// Ask which files, then import annotations in `format` into `layer`.
    ImportAnnotations {
        format: String,
        layer: String,
    },
    /// Ask where, then export the project in `format` (only `layer`, if given).
    Export {
        format: crate::formats::export::ExportFormat,
        layer: Option<String>,
    },
    /// Put the keyboard in the selected annotation's note.
    FocusNote,
    /// Move one boundary of the selected annotation by whole characters.
    NudgeBoundary {
        start: bool,
        forward: bool,
    },
    ImportPaths(Vec<PathBuf>),
    SetLayer(String),
    DismissError(usize),
    /// What the review panel asks for.
    Review(super::review_panel::ReviewEvent),
    /// Ask where, then write the agreement report as HTML (else CSV).
    ExportAgreement {
        html: bool,
    },
}
