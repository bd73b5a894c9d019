//! Above the text: the tag buttons (each with its key and guideline) and the layer new
//! annotations go into; or, in an empty project, how to bring documents in.

use egui::{RichText, Ui};

use crate::workspace::{EditIntent, ViewIntent, Workspace};

use super::actions::Action;
use super::events::Asked;
use super::theme::colour32;

pub fn tag_bar(ui: &mut Ui, workspace: &Workspace, asked: &mut Asked) {
    let project = workspace.project();
    let view = workspace.view();
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
                asked.send(EditIntent::Tag(tag.name.clone()));
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
                        asked.send(ViewIntent::SetLayer(layer.name.clone()));
                    }
                }
                ui.separator();
                if ui.button("New layer, rename, remove…").clicked() {
                    asked.run(Action::Layers);
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("New annotations go into this annotator's layer");
    });
}

pub fn empty_project_hint(ui: &mut Ui, asked: &mut Asked) {
    ui.vertical_centered(|ui| {
        ui.add_space(80.0);
        ui.heading("No documents yet");
        ui.label("Import articles (text, HTML, Word, OpenDocument, RTF, EPUB, PDF, news-database exports), or drop them onto this window.");
        if ui.button("Import documents…").clicked() {
            asked.run(Action::ImportText);
        }
    });
}
