//! The inspector's coding beyond the tag: the selected annotation's attributes as widgets
//! fitting their kind, its pieces, its links out and in (and making one), and the open
//! document's labels when nothing is selected.

use std::collections::HashMap;

use egui::{RichText, Ui};

use crate::model::{Annotation, AttributeDef, AttributeKind, AttributeValue, DocumentId};
use crate::workspace::{CodeIntent, ViewIntent, Workspace};

use super::events::Asked;
use super::theme::tag_colour;

/// Values being typed into text, number and date fields, until Enter or leaving the
/// field commits them as one step (a keystroke is not an undo step).
#[derive(Default)]
pub struct CodingPanel {
    drafts: HashMap<String, String>,
    /// Why the last committed draft was refused, by field.
    refused: HashMap<String, String>,
}

impl CodingPanel {
    /// Attributes, pieces and links of `annotation`.
    pub fn annotation_ui(
        &mut self,
        ui: &mut Ui,
        workspace: &Workspace,
        annotation: &Annotation,
        asked: &mut Asked,
    ) {
        let project = workspace.project();
        let id = annotation.id;
        let attributes: Vec<&AttributeDef> =
            project.schema().attributes_for(&annotation.tag).collect();
        if !attributes.is_empty() {
            egui::Grid::new("attribute_grid")
                .num_columns(2)
                .show(ui, |ui| {
                    for definition in attributes {
                        let label = ui
                            .label(&definition.name)
                            .on_hover_text(&definition.description)
                            .id;
                        let field = format!("annotation {id} {}", definition.name);
                        let current = annotation.attributes.get(&definition.name);
                        if let Some(value) = self.value_ui(ui, (&field, label), definition, current)
                        {
                            asked.send(CodeIntent::SetAttribute {
                                id,
                                name: definition.name.clone(),
                                value,
                            });
                        }
                        ui.end_row();
                    }
                });
        }
        pieces_ui(ui, workspace, annotation, asked);
        links_ui(self, ui, workspace, annotation, asked);
    }

    /// A link's note, committed on Enter or on leaving the field; returns the new note.
    fn note_ui(
        &mut self,
        ui: &mut Ui,
        (field, label): (&str, egui::Id),
        note: &str,
    ) -> Option<String> {
        let mut typed = self
            .drafts
            .get(field)
            .cloned()
            .unwrap_or_else(|| note.to_owned());
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut typed)
                    .id_salt(field)
                    .hint_text("a note on this link")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label);
        if response.changed() {
            self.drafts.insert(field.to_owned(), typed.clone());
        }
        if response.lost_focus() && self.drafts.remove(field).is_some() && typed != note {
            return Some(typed);
        }
        None
    }

    /// The labels the current layer gives the open document.
    pub fn document_labels_ui(&mut self, ui: &mut Ui, workspace: &Workspace, asked: &mut Asked) {
        let project = workspace.project();
        let (Some(document), false) = (workspace.document(), project.schema().labels.is_empty())
        else {
            return;
        };
        let layer = &workspace.view().layer;
        ui.strong(format!("Document labels ({layer})"));
        let labels: HashMap<&str, &AttributeValue> =
            project.labels_of(&document.id, layer).collect();
        egui::Grid::new("label_grid").num_columns(2).show(ui, |ui| {
            for definition in &project.schema().labels {
                let label = ui
                    .label(&definition.name)
                    .on_hover_text(&definition.description)
                    .id;
                let field = format!("document {} {layer} {}", document.id, definition.name);
                let current = labels.get(definition.name.as_str()).copied();
                if let Some(value) = self.value_ui(ui, (&field, label), definition, current) {
                    asked.send(label_intent(&document.id, &definition.name, value));
                }
                ui.end_row();
            }
        });
    }

    /// One value's widget; returns the new value (`Some(None)`: cleared) when it changed.
    fn value_ui(
        &mut self,
        ui: &mut Ui,
        (field, label): (&str, egui::Id),
        definition: &AttributeDef,
        current: Option<&AttributeValue>,
    ) -> Option<Option<AttributeValue>> {
        let shown = current.or(definition.default.as_ref());
        match &definition.kind {
            AttributeKind::Flag => {
                let mut on = matches!(shown, Some(AttributeValue::Flag(true)));
                let changed = ui
                    .add(egui::Checkbox::without_text(&mut on))
                    .labelled_by(label)
                    .changed();
                // Whatever equals the default is stored as no value, so a flag whose
                // default is set can still be switched off.
                let default_on = matches!(definition.default, Some(AttributeValue::Flag(true)));
                changed.then(|| (on != default_on).then_some(AttributeValue::Flag(on)))
            }
            AttributeKind::OneOf(choices) => {
                let mut chosen = match shown {
                    Some(AttributeValue::Text(text)) => Some(text.clone()),
                    _ => None,
                };
                let before = chosen.clone();
                egui::ComboBox::from_id_salt(field)
                    .selected_text(chosen.as_deref().unwrap_or("—"))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut chosen, None, "—");
                        for choice in choices {
                            ui.selectable_value(&mut chosen, Some(choice.clone()), choice);
                        }
                    })
                    .response
                    .labelled_by(label);
                (chosen != before).then(|| chosen.map(AttributeValue::Text))
            }
            AttributeKind::Text
            | AttributeKind::Number
            | AttributeKind::Date
            | AttributeKind::Reference => {
                self.typed_ui(ui, (field, label), &definition.kind, shown)
            }
        }
    }

    /// A text field for text, numbers and dates, committed on Enter or on leaving it.
    fn typed_ui(
        &mut self,
        ui: &mut Ui,
        (field, label): (&str, egui::Id),
        kind: &AttributeKind,
        shown: Option<&AttributeValue>,
    ) -> Option<Option<AttributeValue>> {
        let committed = shown.map(ToString::to_string).unwrap_or_default();
        let mut typed = self
            .drafts
            .get(field)
            .cloned()
            .unwrap_or_else(|| committed.clone());
        let hint = match kind {
            AttributeKind::Date => "YYYY, YYYY-MM or YYYY-MM-DD",
            AttributeKind::Number => "a number",
            _ => "",
        };
        let mut changed = None;
        ui.vertical(|ui| {
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut typed)
                        .id_salt(field)
                        .hint_text(hint)
                        .desired_width(160.0),
                )
                .labelled_by(label);
            if response.changed() {
                self.drafts.insert(field.to_owned(), typed.clone());
            }
            // A date is checked as it is typed, so the researcher sees the rule at once.
            let problem = match kind {
                AttributeKind::Date if !typed.trim().is_empty() => {
                    crate::model::iso_date_problem(typed.trim())
                }
                _ => None,
            }
            .or_else(|| self.refused.get(field).cloned());
            if let Some(problem) = problem {
                ui.label(
                    RichText::new(problem)
                        .small()
                        .color(ui.visuals().error_fg_color),
                );
            }
            if response.lost_focus() && self.drafts.contains_key(field) {
                self.drafts.remove(field);
                if typed != committed {
                    match typed.trim() {
                        "" => changed = Some(None),
                        _ => match kind.parse(&typed) {
                            Ok(value) => {
                                self.refused.remove(field);
                                changed = Some(Some(value));
                            }
                            Err(problem) => {
                                self.refused.insert(field.to_owned(), problem);
                                self.drafts.insert(field.to_owned(), typed.clone());
                            }
                        },
                    }
                }
            }
        });
        changed
    }
}

fn label_intent(document: &DocumentId, name: &str, value: Option<AttributeValue>) -> CodeIntent {
    CodeIntent::SetDocumentLabel {
        document: document.clone(),
        name: name.to_owned(),
        value,
    }
}

/// The pieces of a discontinuous annotation, and adding one from the next selection.
fn pieces_ui(ui: &mut Ui, workspace: &Workspace, annotation: &Annotation, asked: &mut Asked) {
    let id = annotation.id;
    if annotation.is_discontinuous() {
        ui.label(format!("Pieces ({})", annotation.fragments.len()));
        let text = workspace
            .project()
            .document(&annotation.document)
            .map(|d| d.text());
        for (index, &(start, end)) in annotation.fragments.iter().enumerate() {
            ui.horizontal(|ui| {
                let quote = text.map_or("", |t| t.slice(start, end));
                ui.label(format!("{start}–{end}  {quote}"));
                if ui
                    .small_button("Remove")
                    .on_hover_text("Remove this piece")
                    .clicked()
                {
                    asked.send(CodeIntent::RemoveFragment { id, index });
                }
            });
        }
    }
    if ui
        .button("Add a piece…")
        .on_hover_text("Select more text for this annotation (\"Café … Merkel\"), then press Enter")
        .clicked()
    {
        asked.send(CodeIntent::Extend(Some(id)));
    }
}

/// While a piece is being added: what to do, and the buttons to do it or stop.
pub fn extending_ui(ui: &mut Ui, workspace: &Workspace, asked: &mut Asked) {
    let Some(id) = workspace.view().extending else {
        return;
    };
    ui.label(format!(
        "Adding a piece to annotation {id}: select the text, then press Enter."
    ));
    ui.horizontal(|ui| {
        let ready = workspace.view().selected_range().is_some();
        if ui
            .add_enabled(ready, egui::Button::new("Add selection"))
            .clicked()
        {
            asked.send(CodeIntent::AddSelectionAsFragment);
        }
        if ui.button("Stop").clicked() {
            asked.send(CodeIntent::Extend(None));
        }
    });
    ui.separator();
}

/// The annotation's links out and in: click one to go to its other end, Delete to delete it,
/// a note on each; then making a new one.
fn links_ui(
    panel: &mut CodingPanel,
    ui: &mut Ui,
    workspace: &Workspace,
    annotation: &Annotation,
    asked: &mut Asked,
) {
    let project = workspace.project();
    let id = annotation.id;
    let links = project.relations().of(id);
    if !links.is_empty() {
        ui.label(format!("Links ({})", links.len()));
    }
    for relation in links {
        let other = relation.other_end(id);
        let Some(end) = project.annotation(other) else {
            continue;
        };
        // Words, not arrow glyphs: the default fonts have none.
        let arrow = if relation.from == id {
            format!("{}: ", relation.kind)
        } else {
            format!("{} of: ", relation.kind)
        };
        let link = ui.horizontal(|ui| {
            let text =
                RichText::new(format!("{arrow}{}", end.quote)).color(tag_colour(project, &end.tag));
            let link = ui
                .link(text)
                .on_hover_text(format!("Go to the {} (annotation {other})", end.tag));
            if link.clicked() {
                asked.send(ViewIntent::SelectAnnotation {
                    id: other,
                    scroll: true,
                });
            }
            retype_ui(ui, workspace, relation, asked);
            if ui
                .small_button("Delete")
                .on_hover_text("Delete this link")
                .clicked()
            {
                asked.send(CodeIntent::DeleteRelation(relation.id));
            }
            link.id
        });
        let field = format!("relation {} note", relation.id);
        if let Some(note) = panel.note_ui(ui, (&field, link.inner), &relation.note) {
            asked.send(CodeIntent::SetRelationNote {
                id: relation.id,
                note,
            });
        }
    }
    linking_ui(ui, workspace, annotation, asked);
}

/// The link's type, changed to another whose argument tags fit (when there is one).
fn retype_ui(
    ui: &mut Ui,
    workspace: &Workspace,
    relation: &crate::model::Relation,
    asked: &mut Asked,
) {
    let project = workspace.project();
    let (Some(from), Some(to)) = (
        project.annotation(relation.from),
        project.annotation(relation.to),
    ) else {
        return;
    };
    let fitting: Vec<&str> = project
        .schema()
        .relations_fitting(&from.tag, &to.tag)
        .map(|r| r.name.as_str())
        .collect();
    if fitting.len() < 2 {
        return;
    }
    let mut kind = relation.kind.clone();
    egui::ComboBox::from_id_salt(("retype", relation.id.0))
        .selected_text("type")
        .width(48.0)
        .show_ui(ui, |ui| {
            for name in fitting {
                ui.selectable_value(&mut kind, name.to_owned(), name);
            }
        })
        .response
        .on_hover_text("Give this link another type");
    if kind != relation.kind {
        asked.send(CodeIntent::RetypeRelation {
            id: relation.id,
            kind,
        });
    }
}

/// "Link… (L)", or, while a link is being made, its target and the types that fit.
fn linking_ui(ui: &mut Ui, workspace: &Workspace, annotation: &Annotation, asked: &mut Asked) {
    let project = workspace.project();
    let linking = workspace
        .view()
        .linking
        .as_ref()
        .filter(|l| l.from == annotation.id);
    let Some(linking) = linking else {
        let can = !project.schema().relations.is_empty();
        if ui
            .add_enabled(can, egui::Button::new("Link… (L)"))
            .on_hover_text("Link this annotation to another: Tab picks the target, / searches its text, the type's key or Enter links")
            .clicked()
        {
            asked.send(CodeIntent::StartLink);
        }
        return;
    };
    let Some(target) = linking.target.and_then(|t| project.annotation(t)) else {
        ui.weak("Nothing in this layer fits a link from here.");
        if ui.button("Cancel (Esc)").clicked() {
            asked.send(CodeIntent::CancelLink);
        }
        return;
    };
    ui.label(format!("Link to the {} “{}”", target.tag, target.quote));
    if let Some(typed) = &linking.typed {
        ui.weak(format!("Searching: {typed}"));
    }
    ui.horizontal_wrapped(|ui| {
        for kind in project
            .schema()
            .relations_fitting(&annotation.tag, &target.tag)
        {
            let key = kind.hotkey.map(|k| format!(" ({k})")).unwrap_or_default();
            if ui
                .button(format!("{}{key}", kind.name))
                .on_hover_text(&kind.description)
                .clicked()
            {
                asked.send(CodeIntent::Link(Some(kind.name.clone())));
            }
        }
        if ui.button("Cancel (Esc)").clicked() {
            asked.send(CodeIntent::CancelLink);
        }
    });
}
