//! Undo and redo: each applied command's inverse, plus which state was last saved.

use jiff::Timestamp;

use super::command::{Command, EditError};
use super::reach::Reach;
use crate::model::Project;

/// One undo step: the command that reverts it and what to call it in the menu.
#[derive(Debug)]
struct Step {
    label: String,
    revert: Command,
    /// Identifies the project state this step produced, for the unsaved-changes mark.
    state: u64,
}

/// The undo and redo stacks of one open project.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    last_state: u64,
    saved_state: u64,
    /// What the last change, undo or redo reached.
    reached: Reach,
}

impl History {
    /// Applies `command` and records its inverse; a new change clears the redo stack.
    pub fn apply(
        &mut self,
        project: &mut Project,
        command: Command,
        now: Timestamp,
    ) -> Result<(), EditError> {
        let label = command.describe();
        self.apply_named(project, command, now, label)
    }

    /// [`History::apply`] with the name the Edit menu shows for it (a recovered change
    /// keeps the name it had: "undo edit note").
    pub fn apply_named(
        &mut self,
        project: &mut Project,
        command: Command,
        now: Timestamp,
        label: String,
    ) -> Result<(), EditError> {
        let before = Reach::of(&command, project);
        let revert = command.apply(project, now)?;
        self.reached = before;
        self.reached.add(Reach::of(&revert, project));
        self.last_state += 1;
        self.undo.push(Step {
            label,
            revert,
            state: self.last_state,
        });
        self.redo.clear();
        Ok(())
    }

    /// Reverts the last change; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project, now: Timestamp) -> Option<String> {
        let step = self.undo.pop()?;
        self.move_step(project, step, now, false)
    }

    /// Re-applies the last undone change.
    pub fn redo(&mut self, project: &mut Project, now: Timestamp) -> Option<String> {
        let step = self.redo.pop()?;
        self.move_step(project, step, now, true)
    }

    fn move_step(
        &mut self,
        project: &mut Project,
        step: Step,
        now: Timestamp,
        to_undo: bool,
    ) -> Option<String> {
        let before = Reach::of(&step.revert, project);
        match step.revert.apply(project, now) {
            Ok(revert) => {
                self.reached = before;
                self.reached.add(Reach::of(&revert, project));
                let moved = Step {
                    label: step.label.clone(),
                    revert,
                    state: step.state,
                };
                if to_undo {
                    self.undo.push(moved);
                } else {
                    self.redo.push(moved);
                }
                Some(step.label)
            }
            Err(error) => {
                // Cannot happen while every change goes through this history; if it does,
                // dropping the step is safer than applying later steps out of order.
                log::error!("could not revert {:?}: {error}", step.label);
                self.undo.clear();
                self.redo.clear();
                self.reached = Reach::everything();
                None
            }
        }
    }

    /// What the last change, undo or redo may have changed.
    pub fn reached(&self) -> &Reach {
        &self.reached
    }

    /// The command Undo would apply now (what a recovery journal writes down for it).
    pub fn next_undo(&self) -> Option<&Command> {
        self.undo.last().map(|s| &s.revert)
    }

    /// The command Redo would apply now.
    pub fn next_redo(&self) -> Option<&Command> {
        self.redo.last().map(|s| &s.revert)
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Which state the project is in: changes with every apply, undo and redo,
    /// and comes back to an earlier value when undo returns to that state.
    pub fn state(&self) -> u64 {
        self.undo.last().map_or(0, |s| s.state)
    }

    pub fn mark_saved(&mut self) {
        self.saved_state = self.state();
    }

    /// Records that `state` was saved (a background save of an earlier snapshot): later
    /// changes still count as unsaved.
    pub fn mark_saved_state(&mut self, state: u64) {
        self.saved_state = state;
    }

    /// True when the project differs from what was last saved (or opened).
    pub fn has_unsaved_changes(&self) -> bool {
        self.state() != self.saved_state
    }
}
