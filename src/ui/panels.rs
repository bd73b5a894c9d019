//! The window's panels around the document view. They read the project and emit events.

use egui::{Color32, RichText, Ui};

use crate::edit::{Command, History};
use crate::model::{Annotation, Colour, Project};

use super::actions::Action;
use super::dialogs::Dialogs;
use super::events::AppEvent;
use super::state::ViewState;

pub fn colour32(colour: Colour) -> Color32 {
    Color32::from_rgb(colour.r, colour.g, colour.b)
}

fn tag_colour(project: &Project, tag: &str) -> Color32 {
    project
        .tags()
        .get(tag)
        .map_or(Color32::GRAY, |t| colour32(t.colour))
}

/// A menu entry for an action, with its shortcut shown.
fn menu_item(ui: &mut Ui, action: Action, label: &str, enabled: bool, events: &mut Vec<AppEvent>) {
    let mut button = egui::Button::new(label);
    if let Some(shortcut) = action.shortcuts().first() {
        button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
    }
    if ui.add_enabled(enabled, button).clicked() {
        events.push(AppEvent::Action(action));
        ui.close();
    }
}

pub fn menu_bar(ui: &mut Ui, history: &History, view: &ViewState, events: &mut Vec<AppEvent>) {
    let has_selected = view.selected.is_some();
    egui::Panel::top("menu_bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for action in [
                    Action::NewProject,
                    Action::OpenProject,
                    Action::Save,
                    Action::SaveAs,
                ] {
                    menu_item(ui, action, action.label(), true, events);
                }
                ui.separator();
                menu_item(
                    ui,
                    Action::ImportText,
                    Action::ImportText.label(),
                    true,
                    events,
                );
                menu_item(
                    ui,
                    Action::ImportAnnotations,
                    Action::ImportAnnotations.label(),
                    true,
                    events,
                );
                menu_item(ui, Action::Export, Action::Export.label(), true, events);
                menu_item(
                    ui,
                    Action::RenameProject,
                    Action::RenameProject.label(),
                    true,
                    events,
                );
                ui.separator();
                menu_item(ui, Action::Quit, Action::Quit.label(), true, events);
            });
            ui.menu_button("Edit", |ui| {
                let undo = history
                    .undo_label()
                    .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}"));
                menu_item(
                    ui,
                    Action::Undo,
                    &undo,
                    history.undo_label().is_some(),
                    events,
                );
                let redo = history
                    .redo_label()
                    .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}"));
                menu_item(
                    ui,
                    Action::Redo,
                    &redo,
                    history.redo_label().is_some(),
                    events,
                );
                ui.separator();
                let delete = Action::DeleteAnnotation;
                menu_item(ui, delete, delete.label(), has_selected, events);
                menu_item(
                    ui,
                    Action::ClearSelection,
                    Action::ClearSelection.label(),
                    true,
                    events,
                );
                ui.separator();
                for action in [Action::Find, Action::FindInProject, Action::EditTags] {
                    menu_item(ui, action, action.label(), true, events);
                }
            });
            ui.menu_button("View", |ui| {
                menu_item(
                    ui,
                    Action::NextDocument,
                    Action::NextDocument.label(),
                    true,
                    events,
                );
                menu_item(
                    ui,
                    Action::PreviousDocument,
                    Action::PreviousDocument.label(),
                    true,
                    events,
                );
                ui.separator();
                let mut snap = view.snap_to_words;
                if ui
                    .checkbox(&mut snap, Action::ToggleWordSnapping.label())
                    .on_hover_text("Hold Alt while dragging to select by character")
                    .clicked()
                {
                    events.push(AppEvent::Action(Action::ToggleWordSnapping));
                }
                ui.separator();
                egui::widgets::global_theme_preference_buttons(ui);
            });
            ui.menu_button("Review", |ui| {
                for action in [
                    Action::CompareWithColleague,
                    Action::ShowReview,
                    Action::AgreementReport,
                ] {
                    menu_item(ui, action, action.label(), true, events);
                }
            });
            ui.menu_button("Help", |ui| {
                for action in [Action::CommandPalette, Action::ShowShortcuts, Action::About] {
                    menu_item(ui, action, action.label(), true, events);
                }
            });
        });
    });
}

/// Errors stay on screen, each naming its file, until dismissed.
pub fn error_bar(ui: &mut Ui, errors: &[String], events: &mut Vec<AppEvent>) {
    if errors.is_empty() {
        return;
    }
    egui::Panel::top("errors").show(ui, |ui| {
        for (index, error) in errors.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui.small_button("Dismiss").clicked() {
                    events.push(AppEvent::DismissError(index));
                }
                ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
            });
        }
    });
}

/// The bottom bar: the job under way (with a progress bar when it can tell how far it has
/// got), then where the reader is and how much the project holds.
pub fn status_bar(
    ui: &mut Ui,
    project: &Project,
    view: &ViewState,
    busy: Option<(&str, Option<f32>)>,
) {
    egui::Panel::bottom("status_bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some((doing, fraction)) = busy {
                match fraction {
                    Some(fraction) => {
                        ui.add(
                            egui::ProgressBar::new(fraction)
                                .desired_width(140.0)
                                .show_percentage(),
                        );
                        // A bar alone does not redraw; keep frames coming until the job ends.
                        ui.ctx()
                            .request_repaint_after(std::time::Duration::from_millis(100));
                    }
                    None => {
                        ui.spinner();
                    }
                }
                ui.strong(doing);
                ui.separator();
            }
            let document = view.document.as_ref().and_then(|d| project.document(d));
            if let Some(document) = document {
                ui.label(RichText::new(&document.title).strong());
                ui.separator();
                ui.label(format!(
                    "{} annotations in document",
                    project.annotations_in(&document.id).len()
                ));
                ui.separator();
            }
            ui.label(format!(
                "{} annotations, {} documents, {} layers in project",
                project.annotations().len(),
                project.documents().len(),
                project.layers().len()
            ));
            ui.separator();
            if let Some((start, end)) = view.selected_range() {
                ui.label(format!(
                    "Selection {start}–{end} ({} characters)",
                    end - start
                ));
            } else if let Some(annotation) = view.selected.and_then(|id| project.annotation(id)) {
                ui.label(format!(
                    "Annotation {}: {}–{}",
                    annotation.id, annotation.start, annotation.end
                ));
            } else {
                ui.weak("Drag over text to select it, then press a tag's key");
            }
        });
    });
}

pub fn documents_panel(
    ui: &mut Ui,
    project: &Project,
    view: &ViewState,
    events: &mut Vec<AppEvent>,
    dialogs: &mut Dialogs,
) {
    egui::Panel::left("documents")
        .resizable(true)
        .default_size(230.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.heading("Documents");
            if ui
                .button("Import text files…")
                .on_hover_text("Or drop .txt files onto the window")
                .clicked()
            {
                events.push(AppEvent::Action(Action::ImportText));
            }
            ui.separator();
            // One line per document and only the visible rows drawn: a project of a
            // thousand articles costs no more per frame than one of five.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            let row_height = ui.spacing().interact_size.y;
            let documents = project.documents();
            egui::ScrollArea::vertical()
                .id_salt("document_list")
                .auto_shrink([false, false])
                .show_rows(ui, row_height, documents.len(), |ui, rows| {
                    for document in &documents[rows] {
                        let count = project.annotations_in(&document.id).len();
                        let selected = view.document.as_ref() == Some(&document.id);
                        let response = ui
                            .selectable_label(selected, format!("{count:>4}  {}", document.title))
                            .on_hover_text(format!(
                                "{}\n{count} annotations\n{}\n{}",
                                document.title, document.source, document.id
                            ));
                        if response.clicked() {
                            events.push(AppEvent::SelectDocument(document.id.clone()));
                        }
                        response.context_menu(|ui| {
                            if ui.button("Rename…").clicked() {
                                dialogs.start_rename_document(&document.id, &document.title);
                                ui.close();
                            }
                            if ui.button("Remove from project").clicked() {
                                events.push(AppEvent::Edit(Command::RemoveDocument(
                                    document.id.clone(),
                                )));
                                ui.close();
                            }
                        });
                    }
                });
        });
}

/// The tag buttons and the layer new annotations go into.
pub fn tag_bar(ui: &mut Ui, project: &Project, view: &ViewState, events: &mut Vec<AppEvent>) {
    ui.horizontal_wrapped(|ui| {
        let action = if view.selected_range().is_some() {
            "Tag selection as"
        } else if view.selected.is_some() {
            "Retag as"
        } else {
            "Tags"
        };
        ui.label(action);
        for tag in &project.tags().tags {
            let colour = colour32(tag.colour);
            let label = match tag.hotkey {
                Some(key) => format!("{key}  {}", tag.name),
                None => tag.name.clone(),
            };
            let button =
                egui::Button::new(RichText::new(label).color(ui.visuals().strong_text_color()))
                    .fill(colour.gamma_multiply(0.35))
                    .stroke(egui::Stroke::new(1.5, colour));
            let hint = match tag.hotkey {
                Some(key) => format!("{}\n\nKey: {key}", tag.description),
                None => tag.description.clone(),
            };
            if ui.add(button).on_hover_text(hint).clicked() {
                events.push(AppEvent::Tag(tag.name.clone()));
            }
        }
        ui.separator();
        let label = ui.label("Layer");
        egui::ComboBox::from_id_salt("active_layer")
            .selected_text(&view.layer)
            .show_ui(ui, |ui| {
                for layer in project.layers() {
                    if ui
                        .selectable_label(view.layer == layer.name, &layer.name)
                        .clicked()
                    {
                        events.push(AppEvent::SetLayer(layer.name.clone()));
                    }
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("New annotations go into this annotator's layer");
    });
}

pub fn empty_project_hint(ui: &mut Ui, events: &mut Vec<AppEvent>) {
    ui.vertical_centered(|ui| {
        ui.add_space(80.0);
        ui.heading("No documents yet");
        ui.label("Import .txt files, or drop them onto this window.");
        if ui.button("Import text files…").clicked() {
            events.push(AppEvent::Action(Action::ImportText));
        }
    });
}

pub fn inspector_panel(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    view: &mut ViewState,
    events: &mut Vec<AppEvent>,
) {
    egui::Panel::right("inspector")
        .resizable(true)
        .default_size(320.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            match view.selected.and_then(|id| project.annotation(id)) {
                Some(annotation) => annotation_inspector(ui, project, annotation, view, events),
                None => {
                    ui.heading("Annotation");
                    ui.weak("Click a highlight or a row below to inspect it.");
                }
            }
            ui.separator();
            annotation_list(ui, project, revision, view, events);
        });
}

fn annotation_inspector(
    ui: &mut Ui,
    project: &Project,
    annotation: &Annotation,
    view: &mut ViewState,
    events: &mut Vec<AppEvent>,
) {
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
                            events.push(AppEvent::Edit(Command::Retag {
                                id,
                                tag: tag.name.clone(),
                            }));
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
            nudge_buttons(ui, true, events);
            ui.end_row();
            ui.label("End");
            nudge_buttons(ui, false, events);
            ui.end_row();
            ui.label("Modified");
            ui.label(annotation.modified.to_string())
                .on_hover_text(format!("Created {}", annotation.created));
            ui.end_row();
        });
    ui.label("Quote");
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(&annotation.quote).italics());
    });
    ui.label("Note");
    if view
        .note_draft
        .as_ref()
        .is_none_or(|(draft_id, _)| *draft_id != id)
    {
        view.note_draft = Some((id, annotation.note.clone()));
    }
    if let Some((_, draft)) = view.note_draft.as_mut() {
        let response = ui.add(
            egui::TextEdit::multiline(draft)
                .id_salt("note_editor")
                .hint_text("A note on this annotation")
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        );
        if std::mem::take(&mut view.focus_note) {
            response.request_focus();
        }
        if response.lost_focus() && *draft != annotation.note {
            events.push(AppEvent::Edit(Command::SetNote {
                id,
                note: draft.clone(),
            }));
        }
    }
    if ui.button("Delete annotation").clicked() {
        events.push(AppEvent::Action(Action::DeleteAnnotation));
    }
}

fn nudge_buttons(ui: &mut Ui, start: bool, events: &mut Vec<AppEvent>) {
    let keys = if start { "Ctrl+Shift" } else { "Shift" };
    ui.horizontal(|ui| {
        for (label, forward) in [("<", false), (">", true)] {
            let direction = if forward { "Right" } else { "Left" };
            if ui
                .small_button(label)
                .on_hover_text(format!("Move one character ({keys}+{direction})"))
                .clicked()
            {
                events.push(AppEvent::NudgeBoundary { start, forward });
            }
        }
    });
}

fn annotation_list(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    view: &mut ViewState,
    events: &mut Vec<AppEvent>,
) {
    let Some(document) = view.document.as_ref().and_then(|d| project.document(d)) else {
        return;
    };
    let all = project.annotations_in(&document.id);
    ui.horizontal(|ui| {
        ui.strong(format!("In this document ({})", all.len()));
        let label = ui.label("showing");
        egui::ComboBox::from_id_salt("tag_filter")
            .selected_text(view.tag_filter.as_deref().unwrap_or("all tags"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.tag_filter, None, "all tags");
                for tag in &project.tags().tags {
                    ui.selectable_value(&mut view.tag_filter, Some(tag.name.clone()), &tag.name);
                }
            })
            .response
            .labelled_by(label.id);
    });
    // Filtering a long document's annotations is done once per change, not every frame.
    let shown: &[usize] = match &view.tag_filter {
        None => &[],
        Some(tag) => {
            let key = (document.id.clone(), revision, tag.clone());
            if view.filtered.as_ref().is_none_or(|(k, _)| k != &key) {
                let positions = (0..all.len()).filter(|&i| &all[i].tag == tag).collect();
                view.filtered = Some((key, positions));
            }
            view.filtered
                .as_ref()
                .map_or(&[], |(_, positions)| positions.as_slice())
        }
    };
    let count = if view.tag_filter.is_some() {
        shown.len()
    } else {
        all.len()
    };
    // One line per row, so show_rows can rely on equal heights.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("annotation_list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, count, |ui, rows| {
            for row in rows {
                let annotation = if view.tag_filter.is_some() {
                    &all[shown[row]]
                } else {
                    &all[row]
                };
                let text = RichText::new(format!(
                    "{}  {}  {}",
                    annotation.layer, annotation.tag, annotation.quote
                ))
                .color(tag_colour(project, &annotation.tag));
                let response = ui
                    .selectable_label(view.selected == Some(annotation.id), text)
                    .on_hover_text(format!(
                        "{} by {} at {}–{}{}",
                        annotation.tag,
                        annotation.layer,
                        annotation.start,
                        annotation.end,
                        if annotation.note.is_empty() {
                            String::new()
                        } else {
                            format!("\n\n{}", annotation.note)
                        }
                    ));
                if response.clicked() {
                    events.push(AppEvent::SelectAnnotation {
                        id: annotation.id,
                        scroll: true,
                    });
                }
            }
        });
}
