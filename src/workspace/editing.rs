//! The edit intents: tagging the selection, retagging, resizing and deleting the selected
//! annotation, its note, undo and redo, renaming, and the tag set. Each is one undo step.

use std::sync::Arc;

use crate::edit::{Command, tag_edits};
use crate::model::motion::{nudge, nudge_word, trim_to_span};
use crate::model::now;

use super::Workspace;
use super::intent::EditIntent;
use super::journal::Journal;

impl Workspace {
    pub(super) fn edit(&mut self, intent: EditIntent) {
        match intent {
            EditIntent::Tag(tag) => self.tag(tag),
            EditIntent::Retag { id, tag } => {
                self.change(Command::Retag { id, tag });
            }
            EditIntent::DeleteAnnotation => {
                if let Some(id) = self.view.selected {
                    // The note being typed goes with its annotation (undo brings back both).
                    if self.view.note_draft.as_ref().is_some_and(|(d, _)| *d == id) {
                        self.view.note_draft = None;
                    }
                    self.save_note();
                    self.change(Command::Delete(id));
                }
            }
            EditIntent::MoveBoundary {
                boundary,
                forward,
                by_word,
            } => {
                let Some(annotation) = self.view.selected_annotation(&self.project) else {
                    return;
                };
                let id = annotation.id;
                let step = if by_word { nudge_word } else { nudge };
                let moved = self.project.document(&annotation.document).and_then(|d| {
                    step(
                        d.text(),
                        annotation.start,
                        annotation.end,
                        boundary,
                        forward,
                    )
                });
                if let Some((start, end)) = moved {
                    self.change(Command::Resize { id, start, end });
                }
            }
            EditIntent::TypeNote(note) => {
                if let Some(id) = self.view.selected {
                    self.view.note_draft = Some((id, note));
                }
            }
            // Saved already: every intent but typing saves the note first.
            EditIntent::SaveNote => {}
            EditIntent::Undo => self.step_history(false),
            EditIntent::Redo => self.step_history(true),
            EditIntent::RenameProject(title) => {
                self.change(Command::RenameProject(title));
            }
            EditIntent::RenameDocument { id, title } => {
                self.change(Command::RenameDocument { id, title });
            }
            EditIntent::SetDirection { id, direction } => {
                self.change(Command::SetDirection { id, direction });
            }
            EditIntent::RemoveDocument(id) => {
                self.change(Command::RemoveDocument(id));
            }
            intent @ (EditIntent::AddLayer(_)
            | EditIntent::RenameLayer { .. }
            | EditIntent::RemoveLayer(_)) => self.layer_intent(intent),
            EditIntent::EditTags(rows) => {
                let commands = tag_edits(self.project.tags(), &rows);
                if !commands.is_empty() {
                    self.change(Command::Batch(commands));
                }
            }
            EditIntent::EditSchema { tags, schema } => self.edit_schema(&tags, schema),
        }
    }

    /// Makes the tags and the schema what the editor says, as one step, if the coding
    /// still fits: the schema is set aside while the tags change (so a tag it named can be
    /// removed or renamed), then put as edited, and the result checked before it is taken.
    fn edit_schema(&mut self, tags: &[crate::edit::TagEdit], schema: crate::model::Schema) {
        let mut commands = vec![Command::PutSchema(crate::model::Schema::default())];
        commands.extend(tag_edits(self.project.tags(), tags));
        commands.push(Command::PutSchema(schema));
        let command = Command::Batch(commands);
        let mut trial = (*self.project).clone();
        if let Err(error) = command.clone().apply(&mut trial, now()) {
            self.errors.push(error.to_string());
            return;
        }
        if trial == *self.project {
            return;
        }
        if let Some(problem) = trial.schema().problems(trial.tags()).into_iter().next() {
            self.errors
                .push(format!("The schema was not changed: {problem}"));
            return;
        }
        let before: std::collections::HashSet<String> =
            self.project.coding_problems().into_iter().collect();
        if let Some(problem) = trial
            .coding_problems()
            .into_iter()
            .find(|p| !before.contains(p))
        {
            self.errors.push(format!(
                "The schema was not changed: the coding would no longer fit ({problem})"
            ));
            return;
        }
        self.change(command);
    }

    /// Tags the selection (trimmed of surrounding spaces) in the current layer, or retags
    /// the selected annotation when no text is selected.
    fn tag(&mut self, tag: String) {
        let Some(document) = self.document() else {
            return;
        };
        if let Some((start, end)) = self.view.selected_range() {
            let Some((start, end)) = trim_to_span(document.text(), start, end) else {
                return;
            };
            let id = self.project.next_annotation_id();
            let command = Command::Annotate {
                document: document.id.clone(),
                layer: self.view.layer.clone(),
                start,
                end,
                tag: tag.clone(),
            };
            if self.change(command) {
                self.view.selection = None;
                self.view.selected = Some(id);
                self.view.last_tag = Some(tag);
            }
        } else if let Some(id) = self.view.selected
            && self.change(Command::Retag {
                id,
                tag: tag.clone(),
            })
        {
            self.view.last_tag = Some(tag);
        }
    }

    /// Undoes (or redoes) one step; the journal writes down the command it applied.
    fn step_history(&mut self, redo: bool) {
        let at = now();
        let next = if redo {
            self.history.next_redo()
        } else {
            self.history.next_undo()
        };
        let label = if redo {
            self.history.redo_label()
        } else {
            self.history.undo_label()
        };
        // Written down before the step is taken: the history moves the command on.
        let line = next.filter(|_| self.journal.is_some()).map(|command| {
            let label = format!(
                "{} {}",
                if redo { "redo" } else { "undo" },
                label.unwrap_or_default()
            );
            Journal::line(command, at, &label)
        });
        let conflicts_before = self.project.conflicts().len();
        self.offered.let_go();
        let project = Arc::make_mut(&mut self.project);
        let stepped = if redo {
            self.history.redo(project, at)
        } else {
            self.history.undo(project, at)
        };
        if stepped.is_some() {
            if let Some(line) = line {
                self.journal_record(line);
            }
            self.after_change();
            // Undoing a kept version reopens the walk on the conflict it brought back.
            if self.project.conflicts().len() > conflicts_before {
                let current = self.view.conflict.unwrap_or(0);
                self.view.conflict = Some(current.min(self.project.conflicts().len() - 1));
            }
        }
    }
}
