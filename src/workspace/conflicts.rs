//! The walk through the conflicts a git merge left in a project, like the review walk:
//! each shown where it is in the text, both versions in words, kept mine or theirs in one
//! undo step, then on to the next.

use crate::edit::Command;
use crate::model::{AttributeValue, Project, Record, RecordKey};

use super::Workspace;
use super::intent::{Effect, ReviewIntent, ViewIntent};

impl Workspace {
    pub(super) fn conflict_intent(&mut self, intent: ReviewIntent, effects: &mut Vec<Effect>) {
        let count = self.project.conflicts().len();
        match intent {
            ReviewIntent::Conflicts(shown) => {
                if shown && count == 0 {
                    self.report = Some("This project has no merge conflicts.".to_owned());
                }
                self.view.conflict = (shown && count > 0).then_some(0);
                self.show_conflict(effects);
            }
            ReviewIntent::KeepVersion { mine } => {
                let Some(at) = self.view.conflict.filter(|at| *at < count) else {
                    return;
                };
                if self.change(Command::KeepVersion { at, mine }) {
                    let left = self.project.conflicts().len();
                    self.view.conflict = (left > 0).then_some(at.min(left.saturating_sub(1)));
                    if left == 0 {
                        self.report = Some(
                            "Every merge conflict is settled: save, then `git add` the project file and commit the merge."
                                .to_owned(),
                        );
                    }
                    self.show_conflict(effects);
                }
            }
            ReviewIntent::NextConflict { forward } => {
                if count == 0 {
                    return;
                }
                let at = self.view.conflict.unwrap_or(0).min(count - 1);
                self.view.conflict = Some(if forward {
                    (at + 1) % count
                } else {
                    (at + count - 1) % count
                });
                self.show_conflict(effects);
            }
            ReviewIntent::JumpConflict(at) if at < count => {
                self.view.conflict = Some(at);
                self.show_conflict(effects);
            }
            _ => {}
        }
    }

    /// Shows where the conflict being walked is: its annotation (or a link's first end)
    /// selected, or its document open.
    fn show_conflict(&mut self, effects: &mut Vec<Effect>) {
        let Some(conflict) = self
            .view
            .conflict
            .and_then(|at| self.project.conflicts().get(at))
            .cloned()
        else {
            return;
        };
        // Either version names where the record is; the project holds one of them.
        let versions = [conflict.mine.as_ref(), conflict.theirs.as_ref()];
        let annotation = versions.into_iter().flatten().find_map(|record| {
            let id = match record {
                Record::Annotation(a) => a.id,
                Record::Relation(r) => r.from,
                _ => return None,
            };
            self.project.annotation(id).is_some().then_some(id)
        });
        if let Some(id) = annotation {
            self.select_annotation(id, true, effects);
            return;
        }
        let record = versions.into_iter().flatten().next();
        let document = match record {
            Some(Record::Annotation(a)) => Some(a.document.clone()),
            Some(Record::Document(d)) => Some(d.id.clone()),
            Some(Record::Label((document, _, _), _)) => Some(document.clone()),
            Some(Record::Decision(d)) => Some(d.document.clone()),
            _ => None,
        };
        if let Some(document) = document.filter(|d| self.project.document(d).is_some()) {
            self.navigate(ViewIntent::OpenDocument(document), effects);
        }
    }
}

/// One version of a conflicting record in the researcher's words ("claim “Moscow said”,
/// note “check”"), or "deleted".
pub fn version_words(project: &Project, record: Option<&Record>) -> String {
    let Some(record) = record else {
        return "deleted".to_owned();
    };
    let quote = |id| {
        project.annotation(id).map_or_else(
            || format!("annotation {id}"),
            |a| format!("{} “{}”", a.tag, a.quote),
        )
    };
    let with_note = |text: String, note: &str| {
        if note.is_empty() {
            text
        } else {
            format!("{text}, note “{note}”")
        }
    };
    match record {
        Record::Title(title) => format!("“{title}”"),
        Record::Tag(tag) => format!(
            "colour {}, hotkey {}, guideline “{}”",
            tag.colour,
            tag.hotkey.map_or("none".to_owned(), |k| k.to_string()),
            tag.description
        ),
        Record::RelationType(kind) => format!(
            "from {} to {}{}",
            or_any(&kind.from),
            or_any(&kind.to),
            if kind.symmetric { ", symmetric" } else { "" }
        ),
        Record::AttributeType(def) | Record::LabelType(def) => {
            format!("{:?} for {}", def.kind, or_any(&def.tags))
        }
        Record::EventType(name) => format!("{name} is an event"),
        Record::Layer(layer) => format!("layer {}", layer.name),
        Record::Document(document) => format!(
            "“{}”, {} characters, from {}",
            document.title,
            document.text().char_len(),
            document.source
        ),
        Record::Annotation(a) => {
            let mut text = format!("{} “{}” at {}–{}", a.tag, a.quote, a.start, a.end);
            for (name, value) in &a.attributes {
                text.push_str(&format!(", {name} {}", shown(value)));
            }
            with_note(text, &a.note)
        }
        Record::Relation(r) => with_note(
            format!("{} link from {} to {}", r.kind, quote(r.from), quote(r.to)),
            &r.note,
        ),
        Record::Label(_, value) => shown(value),
        Record::Decision(d) => format!("{} (by {}, {})", d.choice.name(), d.by, d.at),
        Record::Rejected(r) => format!("“{}” is not suggested as {}", r.form, r.tag),
    }
}

/// The heading of a conflict: what record it is, in words.
pub fn conflict_title(key: &RecordKey) -> String {
    let text = key.to_string();
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn or_any(tags: &[String]) -> String {
    if tags.is_empty() {
        "any tag".to_owned()
    } else {
        tags.join(" or ")
    }
}

fn shown(value: &AttributeValue) -> String {
    value.to_string()
}
