//! The left panel: the project's documents with their annotation counts; a click opens
//! one, a right-click shows its labels, renames or removes it.

use egui::Ui;

use crate::model::TextDirection;
use crate::workspace::{EditIntent, ViewIntent, Workspace};

use super::actions::Action;
use super::events::{Asked, UiEvent};
use super::script_label::ScriptLabel;

/// "Outlet, 2025-07-04": what the file a document came from says of it (the `source`
/// layer's outlet and date), if it says anything.
fn source_of(project: &crate::model::Project, id: &crate::model::DocumentId) -> Option<String> {
    let layer = crate::formats::new_documents::SOURCE_LAYER;
    let said: Vec<String> = project
        .labels_of(id, layer)
        .filter(|(name, _)| matches!(*name, "outlet" | "published"))
        .map(|(_, value)| value.to_string())
        .collect();
    (!said.is_empty()).then(|| said.join(", "))
}

pub fn documents_panel(ui: &mut Ui, workspace: &Workspace, asked: &mut Asked) {
    let project = workspace.project();
    let open = workspace.view().document.as_ref();
    egui::Panel::left("documents")
        .resizable(true)
        .default_size(super::theme::side_panel_width(ui, 230.0))
        .max_size(super::theme::side_panel_most(ui))
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.heading("Documents");
            if ui
                .button("Import documents…")
                .on_hover_text("Or drop files onto the window: text, HTML, Word, OpenDocument, RTF, EPUB, PDF, news exports")
                .clicked()
            {
                asked.run(Action::ImportText);
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
                        let selected = open == Some(&document.id);
                        // Laid out as the text is: a Persian title reads in its own order.
                        // An article from a news export says where and when it appeared,
                        // first, so that a narrow list still shows it.
                        let text = match source_of(project, &document.id) {
                            Some(source) => format!("{count:>4}  {source} · {}", document.title),
                            None => format!("{count:>4}  {}", document.title),
                        };
                        let row = egui::vec2(ui.available_width(), row_height);
                        let label = ScriptLabel::new(&text, ui.visuals().text_color())
                            .selectable(selected)
                            .row(Some(row));
                        let response = label.show(ui).on_hover_text(format!(
                            "{}\n{count} annotations\n{}\n{}",
                            document.title, document.source, document.id
                        ));
                        if response.clicked() {
                            asked.send(ViewIntent::OpenDocument(document.id.clone()));
                        }
                        response.context_menu(|ui| {
                            // The labels the current layer gave it; edited in the inspector.
                            let layer = &workspace.view().layer;
                            for (name, value) in project.labels_of(&document.id, layer) {
                                ui.weak(format!("{name}: {value}"));
                            }
                            if !project.schema().labels.is_empty()
                                && ui.button(format!("Labels ({layer})…")).clicked()
                            {
                                asked.send(ViewIntent::OpenDocument(document.id.clone()));
                                asked.send(ViewIntent::ClearSelection);
                                ui.close();
                            }
                            ui.menu_button("Text direction", |ui| {
                                let choices = [
                                    (None, "By each paragraph's first letter"),
                                    (Some(TextDirection::LeftToRight), "Left to right"),
                                    (Some(TextDirection::RightToLeft), "Right to left"),
                                ];
                                for (direction, label) in choices {
                                    let on = document.direction == direction;
                                    if ui.radio(on, label).clicked() {
                                        asked.send(EditIntent::SetDirection {
                                            id: document.id.clone(),
                                            direction,
                                        });
                                        ui.close();
                                    }
                                }
                            });
                            if ui.button("Rename…").clicked() {
                                asked.push(UiEvent::RenameDocument(
                                    document.id.clone(),
                                    document.title.clone(),
                                ));
                                ui.close();
                            }
                            if ui.button("Remove from project").clicked() {
                                asked.send(EditIntent::RemoveDocument(document.id.clone()));
                                ui.close();
                            }
                        });
                    }
                });
        });
}
