//! The right panel: the selected annotation (tag, layer, offsets, boundary buttons, quote,
//! its attributes, pieces and links, note, timestamps) or the document's labels, then the open document's annotations, filterable by tag; clicking
//! one scrolls to it.

use egui::{RichText, Ui};

use crate::model::motion::Boundary;
use crate::model::{Annotation, DocumentId, Project};
use crate::workspace::{EditIntent, ViewIntent, Workspace};

use super::actions::Action;
use super::coding_panel::{CodingPanel, extending_ui};
use super::events::Asked;
use super::script_label::ScriptLabel;
use super::theme::tag_colour;

/// What the inspector keeps between frames.
#[derive(Default)]
pub struct Inspector {
    /// Set by `Effect::FocusNote`: the note editor takes the keyboard on the next frame.
    pub focus_note: bool,
    /// The list's rows under the tag filter: positions in the document's annotations, for
    /// (document, project revision, tag). Filtering a book is done once per change.
    filtered: Option<((DocumentId, u64, String), Vec<usize>)>,
    coding: CodingPanel,
}

impl Inspector {
    pub fn ui(&mut self, ui: &mut Ui, workspace: &Workspace, asked: &mut Asked) {
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(super::theme::side_panel_width(ui, 320.0))
            .max_size(super::theme::side_panel_most(ui))
            .show(ui, |ui| {
                ui.add_space(4.0);
                extending_ui(ui, workspace, asked);
                match workspace.view().selected_annotation(workspace.project()) {
                    Some(annotation) => self.annotation_ui(ui, workspace, annotation, asked),
                    None if super::suggestion_ui::suggestion_inspector(ui, workspace, asked) => {}
                    None => {
                        ui.heading("Annotation");
                        ui.weak("Click a highlight or a row below to inspect it.");
                        ui.separator();
                        self.coding.document_labels_ui(ui, workspace, asked);
                    }
                }
                ui.separator();
                self.list_ui(ui, workspace, asked);
            });
    }

    fn annotation_ui(
        &mut self,
        ui: &mut Ui,
        workspace: &Workspace,
        annotation: &Annotation,
        asked: &mut Asked,
    ) {
        let project = workspace.project();
        let id = annotation.id;
        ui.heading(format!("Annotation {id}"));
        egui::Grid::new("inspector_grid")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label("Tag");
                egui::ComboBox::from_id_salt("inspector_tag")
                    .selected_text(
                        RichText::new(&annotation.tag).color(tag_colour(project, &annotation.tag)),
                    )
                    .show_ui(ui, |ui| {
                        for tag in &project.tags().tags {
                            if ui
                                .selectable_label(tag.name == annotation.tag, &tag.name)
                                .clicked()
                            {
                                asked.send(EditIntent::Retag {
                                    id,
                                    tag: tag.name.clone(),
                                });
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                ui.label("Layer");
                ui.label(&annotation.layer);
                ui.end_row();
                ui.label("Characters");
                ui.label(format!(
                    "{}–{} ({})",
                    annotation.start,
                    annotation.end,
                    annotation.end - annotation.start
                ));
                ui.end_row();
                ui.label("Start");
                boundary_buttons(ui, Boundary::Start, asked);
                ui.end_row();
                ui.label("End");
                boundary_buttons(ui, Boundary::End, asked);
                ui.end_row();
                ui.label("Modified");
                ui.label(annotation.modified.to_string())
                    .on_hover_text(format!("Created {}", annotation.created));
                ui.end_row();
            });
        ui.label("Quote");
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let colour = ui.visuals().text_color();
            ScriptLabel::new(&annotation.quote, colour).show(ui);
        });
        self.coding.annotation_ui(ui, workspace, annotation, asked);
        ui.label("Note");
        // The workspace keeps the note being typed; the field edits a copy each frame.
        let mut note = workspace.view().note_for(annotation).to_owned();
        let response = ui.add(
            egui::TextEdit::multiline(&mut note)
                .id_salt("note_editor")
                .hint_text("A note on this annotation")
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        );
        if std::mem::take(&mut self.focus_note) {
            response.request_focus();
        }
        if response.changed() {
            asked.send(EditIntent::TypeNote(note));
        }
        if response.lost_focus() {
            asked.send(EditIntent::SaveNote);
        }
        if ui.button("Delete annotation").clicked() {
            asked.run(Action::DeleteAnnotation);
        }
    }

    fn list_ui(&mut self, ui: &mut Ui, workspace: &Workspace, asked: &mut Asked) {
        let Some(document) = workspace.document() else {
            return;
        };
        let project = workspace.project();
        let view = workspace.view();
        let all = project.annotations_in(&document.id);
        ui.horizontal(|ui| {
            ui.strong(format!("In this document ({})", all.len()));
            let label = ui.label("showing");
            let mut filter = view.tag_filter.clone();
            egui::ComboBox::from_id_salt("tag_filter")
                .selected_text(filter.as_deref().unwrap_or("all tags"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter, None, "all tags");
                    for tag in &project.tags().tags {
                        ui.selectable_value(&mut filter, Some(tag.name.clone()), &tag.name);
                    }
                })
                .response
                .labelled_by(label.id);
            if filter != view.tag_filter {
                asked.send(ViewIntent::FilterTag(filter));
            }
        });
        filter_ui(ui, workspace, asked);
        let filtering = view.filters_list();
        let shown: &[usize] = if filtering {
            let key = (document.id.clone(), workspace.revision(), filter_key(view));
            if self.filtered.as_ref().is_none_or(|(k, _)| k != &key) {
                let positions = (0..all.len())
                    .filter(|&i| view.list_shows(project, &all[i]))
                    .collect();
                self.filtered = Some((key, positions));
            }
            self.filtered.as_ref().map_or(&[], |(_, p)| p.as_slice())
        } else {
            &[]
        };
        let count = if filtering { shown.len() } else { all.len() };
        // One line per row, so show_rows can rely on equal heights.
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        let row_height = ui.spacing().interact_size.y;
        egui::ScrollArea::vertical()
            .id_salt("annotation_list")
            .auto_shrink([false, false])
            .show_rows(ui, row_height, count, |ui, rows| {
                for row in rows {
                    let annotation = if filtering {
                        &all[shown[row]]
                    } else {
                        &all[row]
                    };
                    list_row(
                        ui,
                        project,
                        annotation,
                        view.selected == Some(annotation.id),
                        asked,
                    );
                }
            });
    }
}

fn list_row(
    ui: &mut Ui,
    project: &Project,
    annotation: &Annotation,
    selected: bool,
    asked: &mut Asked,
) {
    let text = format!(
        "{}  {}  {}",
        annotation.layer, annotation.tag, annotation.quote
    );
    let colour = tag_colour(project, &annotation.tag);
    let note = if annotation.note.is_empty() {
        String::new()
    } else {
        format!("\n\n{}", annotation.note)
    };
    // Laid out as the document is, so a right-to-left quote reads in its own order.
    // One line a row (the list's rows are of equal height): the rest of a long claim is
    // cut off.
    let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    let label = ScriptLabel::new(&text, colour)
        .selectable(selected)
        .row(Some(row));
    let response = label.show(ui).on_hover_text(format!(
        "{} by {} at {}–{}{note}",
        annotation.tag, annotation.layer, annotation.start, annotation.end
    ));
    if response.clicked() {
        asked.send(ViewIntent::SelectAnnotation {
            id: annotation.id,
            scroll: true,
        });
    }
}

fn boundary_buttons(ui: &mut Ui, boundary: Boundary, asked: &mut Asked) {
    let keys = match boundary {
        Boundary::Start => "Ctrl+Shift",
        Boundary::End => "Shift",
    };
    ui.horizontal(|ui| {
        for (label, forward) in [("<", false), (">", true)] {
            let direction = if forward { "Right" } else { "Left" };
            if ui
                .small_button(label)
                .on_hover_text(format!("Move one character ({keys}+{direction})"))
                .clicked()
            {
                asked.send(EditIntent::MoveBoundary {
                    boundary,
                    forward,
                    by_word: false,
                });
            }
        }
    });
}

/// The list's filters beyond the tag: an attribute's value, and a link an annotation lacks.
fn filter_ui(ui: &mut Ui, workspace: &Workspace, asked: &mut Asked) {
    let project = workspace.project();
    let view = workspace.view();
    let schema = project.schema();
    if schema.attributes.is_empty() && schema.relations.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        let label = ui.label("with");
        let mut attribute = view.attribute_filter.clone();
        let shown = attribute
            .as_ref()
            .map_or_else(|| "any values".to_owned(), |(n, v)| format!("{n} = {v}"));
        egui::ComboBox::from_id_salt("attribute_filter")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut attribute, None, "any values");
                for definition in &schema.attributes {
                    for value in filter_values(&definition.kind) {
                        let item = Some((definition.name.clone(), value.clone()));
                        ui.selectable_value(
                            &mut attribute,
                            item,
                            format!("{} = {value}", definition.name),
                        );
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if attribute != view.attribute_filter {
            asked.send(ViewIntent::FilterAttribute(attribute));
        }
        let label = ui.label("lacking");
        let mut missing = view.missing_link.clone();
        egui::ComboBox::from_id_salt("missing_link")
            .selected_text(
                missing
                    .as_deref()
                    .map_or("nothing".to_owned(), |k| format!("a {k}")),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut missing, None, "nothing");
                for kind in &schema.relations {
                    ui.selectable_value(
                        &mut missing,
                        Some(kind.name.clone()),
                        format!("a {}", kind.name),
                    );
                }
            })
            .response
            .labelled_by(label.id);
        if missing != view.missing_link {
            asked.send(ViewIntent::FilterMissingLink(missing));
        }
    });
}

/// The values the attribute filter offers for a kind: every choice, yes for a flag.
fn filter_values(kind: &crate::model::AttributeKind) -> Vec<String> {
    match kind {
        crate::model::AttributeKind::OneOf(choices) => choices.clone(),
        crate::model::AttributeKind::Flag => vec!["yes".to_owned()],
        _ => Vec::new(),
    }
}

/// The filters as one key for the filtered rows' cache.
fn filter_key(view: &crate::workspace::view::View) -> String {
    format!(
        "{:?} {:?} {:?}",
        view.tag_filter, view.attribute_filter, view.missing_link
    )
}
