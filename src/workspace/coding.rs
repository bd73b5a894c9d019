//! The coding intents: linking annotations from the keyboard (`L`, Tab to the target, the
//! type's key or Enter), attributes, pieces of discontinuous spans, and document labels.

use crate::edit::Command;
use crate::model::{Annotation, AnnotationId, Project};

use super::Workspace;
use super::intent::{CodeIntent, Effect};
use super::view::Linking;

impl Workspace {
    pub(super) fn code(&mut self, intent: CodeIntent, effects: &mut Vec<Effect>) {
        match intent {
            CodeIntent::StartLink => {
                let Some(from) = self.view.selected else {
                    return;
                };
                let target = link_targets(&self.project, from)
                    .into_iter()
                    .min_by_key(|a| distance(&self.project, from, a));
                self.view.linking = Some(Linking {
                    from,
                    target: target.map(|a| a.id),
                    typed: None,
                });
                self.reveal_target(effects);
            }
            CodeIntent::NextTarget { forward } => {
                if let Some(linking) = self.view.linking.as_mut() {
                    linking.typed = None;
                }
                self.step_target(forward, |_| true);
                self.reveal_target(effects);
            }
            CodeIntent::FindTarget(typed) => {
                let Some(linking) = self.view.linking.as_mut() else {
                    return;
                };
                let wanted = typed.to_lowercase();
                linking.typed = Some(typed);
                let matches = |a: &Annotation| a.quote.to_lowercase().contains(&wanted);
                // The target offered stays while it still matches what is typed.
                let current = linking.target.and_then(|t| self.project.annotation(t));
                if !current.is_some_and(matches) {
                    self.step_target(true, matches);
                }
                self.reveal_target(effects);
            }
            CodeIntent::Link(kind) => self.link(kind),
            CodeIntent::DragLink { from, to } => self.drag_link(from, to),
            CodeIntent::CancelLink => self.view.linking = None,
            CodeIntent::Relate { kind, from, to } => {
                self.change(Command::Relate {
                    kind,
                    from,
                    to,
                    note: String::new(),
                });
            }
            CodeIntent::DeleteRelation(id) => {
                self.change(Command::Unrelate(vec![id]));
            }
            CodeIntent::SetRelationNote { id, note } => {
                if let Some(relation) = self.project.relations().get(id) {
                    let mut changed = relation.clone();
                    changed.note = note;
                    self.change(Command::ReplaceRelation(changed));
                }
            }
            CodeIntent::RetypeRelation { id, kind } => {
                if let Some(relation) = self.project.relations().get(id) {
                    let mut changed = relation.clone();
                    changed.kind = kind;
                    self.change(Command::ReplaceRelation(changed));
                }
            }
            CodeIntent::SetAttribute { id, name, value } => {
                self.change(Command::SetAttribute { id, name, value });
            }
            CodeIntent::Extend(id) => self.view.extending = id,
            CodeIntent::AddSelectionAsFragment => {
                let (Some(id), Some((start, end))) =
                    (self.view.extending, self.view.selected_range())
                else {
                    return;
                };
                if self.change(Command::AddFragment { id, start, end }) {
                    self.view.extending = None;
                    self.view.selection = None;
                    self.view.selected = Some(id);
                }
            }
            CodeIntent::RemoveFragment { id, index } => {
                self.change(Command::RemoveFragment { id, index });
            }
            CodeIntent::SetDocumentLabel {
                document,
                name,
                value,
            } => {
                self.change(Command::SetDocumentLabel {
                    document,
                    layer: self.view.layer.clone(),
                    name,
                    value,
                });
            }
        }
    }

    /// A drag from `from` to `to`: linked at once when one relation type fits, offered with
    /// the types to choose from when several do, refused with the reason when none does.
    fn drag_link(&mut self, from: AnnotationId, to: AnnotationId) {
        self.view.selected = Some(from);
        self.view.selection = None;
        self.view.linking = Some(Linking {
            from,
            target: Some(to),
            typed: None,
        });
        let fitting = match (self.project.annotation(from), self.project.annotation(to)) {
            (Some(a), Some(b)) => self
                .project
                .schema()
                .relations_fitting(&a.tag, &b.tag)
                .count(),
            _ => 0,
        };
        match fitting {
            0 => {
                self.view.linking = None;
                self.errors
                    .push("No relation type of the schema links these two annotations.".to_owned());
            }
            1 => self.link(None),
            _ => {}
        }
    }

    /// Links the offered target with `kind`, or with the first type that fits.
    fn link(&mut self, kind: Option<String>) {
        let Some(Linking {
            from,
            target: Some(to),
            ..
        }) = self.view.linking
        else {
            return;
        };
        let (Some(source), Some(target)) =
            (self.project.annotation(from), self.project.annotation(to))
        else {
            self.view.linking = None;
            return;
        };
        let kind = kind.or_else(|| {
            let schema = self.project.schema();
            let first = schema.relations_fitting(&source.tag, &target.tag).next()?;
            Some(first.name.clone())
        });
        let Some(kind) = kind else {
            return;
        };
        let linked = self.change(Command::Relate {
            kind,
            from,
            to,
            note: String::new(),
        });
        if linked {
            self.view.linking = None;
            self.view.selected = Some(from);
        }
    }

    /// Moves the offered target to the next (or previous) fitting annotation in reading
    /// order that `wanted` accepts, wrapping around.
    fn step_target(&mut self, forward: bool, wanted: impl Fn(&Annotation) -> bool) {
        let Some(linking) = self.view.linking.as_mut() else {
            return;
        };
        let targets = link_targets(&self.project, linking.from);
        let at = linking
            .target
            .and_then(|t| targets.iter().position(|a| a.id == t));
        let count = targets.len();
        let order: Vec<usize> = match (at, forward) {
            (Some(at), true) => (1..=count).map(|k| (at + k) % count).collect(),
            (Some(at), false) => (1..=count).map(|k| (at + count - k) % count).collect(),
            (None, true) => (0..count).collect(),
            (None, false) => (0..count).rev().collect(),
        };
        if let Some(next) = order.into_iter().find(|&i| wanted(targets[i])) {
            linking.target = Some(targets[next].id);
        }
    }

    fn reveal_target(&self, effects: &mut Vec<Effect>) {
        let target = self.view.linking.as_ref().and_then(|l| l.target);
        if let Some(annotation) = target.and_then(|t| self.project.annotation(t)) {
            effects.push(Effect::Reveal(annotation.start));
        }
    }
}

/// The annotations `from` may link to: same document and layer, not itself, with a
/// relation type whose argument tags fit; in reading order.
pub fn link_targets(project: &Project, from: AnnotationId) -> Vec<&Annotation> {
    let Some(source) = project.annotation(from) else {
        return Vec::new();
    };
    let schema = project.schema();
    project
        .annotations_in(&source.document)
        .iter()
        .map(|a| &**a)
        .filter(|a| a.id != from && a.layer == source.layer)
        .filter(|a| {
            schema
                .relations_fitting(&source.tag, &a.tag)
                .next()
                .is_some()
        })
        .collect()
}

/// How far `to` lies from annotation `from` in the text, for the first target offered.
fn distance(project: &Project, from: AnnotationId, to: &Annotation) -> usize {
    project
        .annotation(from)
        .map_or(usize::MAX, |a| a.start.abs_diff(to.start))
}
