//! What a change reaches: the (document, layer) codings it may have changed, the documents
//! whose review decisions it changed, whether it changed the rejected suggestions, or
//! everything (tags, layers, the schema, documents). What is worked out from the project
//! (a review's differences, the forms a layer has tagged) is then worked out again for
//! what was reached only, so that a decision in a corpus of 10,000 articles does not cost
//! what the corpus costs.
//!
//! A command names some of what it changes by id only. Looked up in the project before the
//! command, an id names what existed then; looked up after, in the command's inverse, what
//! exists then. Whatever a command changes existed before it or exists after it (or both),
//! so the two together reach all of it: `History` adds them up for each step.

use std::collections::BTreeSet;

use crate::model::{AnnotationId, DocumentId, Project, RelationId};

use super::Command;

/// What one change (or several, added together) may have changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// Anything at all: the caches start afresh.
    pub everything: bool,
    /// The annotations, links or labels of these layers in these documents.
    pub coding: BTreeSet<(DocumentId, String)>,
    /// The review decisions about these documents.
    pub decisions: BTreeSet<DocumentId>,
    /// The documents some layer's labels changed on (a publication date read from any).
    pub labelled: BTreeSet<DocumentId>,
    /// The forms coders rejected as suggestions.
    pub rejections: bool,
}

impl Reach {
    /// A change that reaches anything (another project opened, the schema changed).
    pub fn everything() -> Self {
        Self {
            everything: true,
            ..Self::default()
        }
    }

    /// Whether nothing was reached.
    pub fn is_empty(&self) -> bool {
        !self.everything
            && self.coding.is_empty()
            && self.decisions.is_empty()
            && self.labelled.is_empty()
            && !self.rejections
    }

    /// Adds what `other` reached.
    pub fn add(&mut self, other: Reach) {
        self.everything |= other.everything;
        self.rejections |= other.rejections;
        self.coding.extend(other.coding);
        self.decisions.extend(other.decisions);
        self.labelled.extend(other.labelled);
    }

    /// Whether the coding of `layer` in `document` may have changed.
    pub fn touches(&self, document: &DocumentId, layer: &str) -> bool {
        self.everything || self.coding.iter().any(|(d, l)| d == document && l == layer)
    }

    /// Whether the coding of `layer` may have changed anywhere.
    pub fn touches_layer(&self, layer: &str) -> bool {
        self.everything || self.coding.iter().any(|(_, l)| l == layer)
    }

    /// The documents whose coding in any of `layers` may have changed (none when
    /// everything may have: ask [`Reach::everything`] first).
    pub fn documents_of(&self, layers: &[&str]) -> BTreeSet<DocumentId> {
        self.coding
            .iter()
            .filter(|(_, l)| layers.contains(&l.as_str()))
            .map(|(d, _)| d.clone())
            .collect()
    }

    /// What `command` names, its ids looked up in `project` (an id not there names
    /// nothing: see the module's note).
    pub fn of(command: &Command, project: &Project) -> Self {
        let mut reach = Self::default();
        reach.name(command, project);
        reach
    }

    fn name(&mut self, command: &Command, project: &Project) {
        match command {
            Command::Annotate {
                document, layer, ..
            }
            | Command::AnnotateMany {
                document, layer, ..
            } => self.coded(document, layer),
            Command::SetDocumentLabel {
                document, layer, ..
            } => {
                self.coded(document, layer);
                self.labelled.insert(document.clone());
            }
            Command::AnnotateGroups(groups) => {
                for group in groups {
                    self.coded(&group.document, &group.layer);
                }
            }
            Command::RestoreMany(annotations) => {
                for a in annotations {
                    self.coded(&a.document, &a.layer);
                    self.annotation(project, a.id);
                }
            }
            Command::Restore(a) | Command::Replace(a) => {
                self.coded(&a.document, &a.layer);
                self.annotation(project, a.id);
            }
            Command::DeleteMany(ids) => {
                for &id in ids {
                    self.annotation(project, id);
                }
            }
            Command::Delete(id)
            | Command::Retag { id, .. }
            | Command::Resize { id, .. }
            | Command::SetNote { id, .. }
            | Command::SetAttribute { id, .. }
            | Command::AddFragment { id, .. }
            | Command::RemoveFragment { id, .. } => self.annotation(project, *id),
            Command::Relate { from, to, .. } => {
                self.annotation(project, *from);
                self.annotation(project, *to);
            }
            Command::Unrelate(ids) => {
                for &id in ids {
                    self.relation(project, id);
                }
            }
            Command::RestoreRelations(relations) => {
                for r in relations {
                    self.relation(project, r.id);
                    self.annotation(project, r.from);
                    self.annotation(project, r.to);
                }
            }
            Command::ReplaceRelation(r) | Command::PutRelation(r) => {
                self.relation(project, r.id);
                self.annotation(project, r.from);
                self.annotation(project, r.to);
            }
            Command::PutLabels(labels) => {
                for ((document, layer, _), _) in labels {
                    self.coded(document, layer);
                    self.labelled.insert(document.clone());
                }
            }
            Command::Decide(d) | Command::Undecide(d) => {
                self.decisions.insert(d.document.clone());
            }
            Command::RestoreDecisions(list) | Command::ForgetDecisions(list) => {
                self.decisions
                    .extend(list.iter().map(|(_, d)| d.document.clone()));
            }
            Command::Reject(_) | Command::Unreject(_) => self.rejections = true,
            // A layer comes and goes empty: its labels, decisions and rejections go with
            // the commands beside it (the inverse names them), so nothing coded changes.
            // The first decision of a review adds its layer.
            Command::AddLayer { .. } | Command::RemoveLayer(_) => {}
            Command::Batch(steps) => {
                for step in steps {
                    self.name(step, project);
                }
            }
            Command::AddDocument { .. }
            | Command::RemoveDocument(_)
            | Command::RenameDocument { .. }
            | Command::SetDirection { .. }
            | Command::RenameProject(_)
            | Command::AddTag { .. }
            | Command::RemoveTag(_)
            | Command::UpdateTag { .. }
            | Command::RenameLayer { .. }
            | Command::SetSchema(_)
            | Command::PutSchema(_)
            | Command::KeepVersion { .. }
            | Command::Unsettle { .. } => self.everything = true,
        }
    }

    fn coded(&mut self, document: &DocumentId, layer: &str) {
        if !self.everything {
            self.coding.insert((document.clone(), layer.to_owned()));
        }
    }

    fn annotation(&mut self, project: &Project, id: AnnotationId) {
        if let Some(a) = project.annotation(id) {
            self.coded(&a.document, &a.layer);
        }
    }

    /// A link is part of the coding of both its ends.
    fn relation(&mut self, project: &Project, id: RelationId) {
        if let Some(r) = project.relations().get(id) {
            self.annotation(project, r.from);
            self.annotation(project, r.to);
        }
    }
}
