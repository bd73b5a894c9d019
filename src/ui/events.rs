//! What the panels ask for while drawing; the app carries these out after the frame's
//! panels: an intent goes to the workspace, a menu command may open a dialog instead.

use crate::model::DocumentId;
use crate::workspace::Intent;

use super::actions::Action;

#[must_use]
#[derive(Debug)]
pub enum UiEvent {
    /// Something for the workspace to do.
    Intent(Intent),
    /// A menu command (one of the menus, a shortcut, the palette).
    Action(Action),
    /// Open the rename dialog for a document.
    RenameDocument(DocumentId, String),
}

/// What a frame's panels asked for, in order.
#[derive(Debug, Default)]
pub struct Asked(pub Vec<UiEvent>);

impl Asked {
    /// Asks the workspace for `intent`.
    pub fn send(&mut self, intent: impl Into<Intent>) {
        self.0.push(UiEvent::Intent(intent.into()));
    }

    /// Runs a menu command.
    pub fn run(&mut self, action: Action) {
        self.0.push(UiEvent::Action(action));
    }

    pub fn push(&mut self, event: UiEvent) {
        self.0.push(event);
    }
}
