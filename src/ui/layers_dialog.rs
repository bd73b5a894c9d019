//! The Layers window: every annotator's layer with how much it holds, the one new
//! annotations go into, renaming, removing (asking first when it holds annotations), and
//! adding one's own.

use egui::{Context, RichText};

use crate::model::Project;
use crate::workspace::{EditIntent, ViewIntent};

use super::events::Asked;

/// What the Layers window is being filled in with.
#[derive(Debug, Default)]
pub struct LayersDialog {
    /// The name typed for a new layer.
    new_name: String,
    /// The layer being renamed and the name typed for it.
    renaming: Option<(String, String)>,
    /// The layer whose removal waits for "Remove" to be confirmed.
    removing: Option<String>,
}

impl LayersDialog {
    /// Draws the window; false once it is closed.
    pub fn ui(
        &mut self,
        ctx: &Context,
        project: &Project,
        current: &str,
        asked: &mut Asked,
    ) -> bool {
        let mut open = true;
        egui::Window::new("Layers")
            .open(&mut open)
            .resizable(true)
            .default_width(420.0)
            .show(ctx, |ui| {
                ui.label("Each annotator codes in a layer of their own; new annotations go into the current one.");
                ui.separator();
                egui::Grid::new("layers_grid").num_columns(4).show(ui, |ui| {
                    for layer in project.layers() {
                        self.row(ui, project, &layer.name, current, asked);
                        ui.end_row();
                    }
                });
                self.confirm_removal(ui, project, asked);
                ui.separator();
                ui.horizontal(|ui| {
                    let label = ui.label("New layer");
                    let field = ui
                        .add(egui::TextEdit::singleline(&mut self.new_name).hint_text("your name or initials"))
                        .labelled_by(label.id);
                    let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    let name = self.new_name.trim();
                    if (ui.add_enabled(!name.is_empty(), egui::Button::new("Add layer")).clicked() || entered)
                        && !name.is_empty()
                    {
                        asked.send(EditIntent::AddLayer(name.to_owned()));
                        self.new_name.clear();
                    }
                });
            });
        open
    }

    /// One layer: current or not, its name (or the field renaming it), its count, its buttons.
    fn row(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        name: &str,
        current: &str,
        asked: &mut Asked,
    ) {
        let text = if name == current {
            RichText::new(name).strong()
        } else {
            RichText::new(name)
        };
        let chosen = ui
            .radio(name == current, text)
            .on_hover_text("Annotate in this layer");
        if chosen.clicked() {
            asked.send(ViewIntent::SetLayer(name.to_owned()));
        }
        match self.renaming.as_mut().filter(|(layer, _)| layer == name) {
            Some((_, typed)) => {
                let field = ui
                    .add(egui::TextEdit::singleline(typed).desired_width(140.0))
                    .labelled_by(chosen.id);
                if field.lost_focus() {
                    if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        asked.send(EditIntent::RenameLayer {
                            from: name.to_owned(),
                            to: typed.clone(),
                        });
                    }
                    self.renaming = None;
                } else {
                    field.request_focus();
                }
            }
            None => {
                ui.label("");
            }
        }
        let held = project
            .annotations()
            .iter()
            .filter(|a| a.layer == name)
            .count();
        ui.weak(crate::model::counted(held, "annotation"));
        ui.horizontal(|ui| {
            if ui.small_button(format!("Rename {name}")).clicked() {
                self.renaming = Some((name.to_owned(), name.to_owned()));
            }
            let last = project.layers().len() == 1;
            let remove = ui
                .add_enabled(!last, egui::Button::new(format!("Remove {name}")).small())
                .on_disabled_hover_text("A project keeps at least one layer");
            if remove.clicked() {
                if held == 0 {
                    asked.send(EditIntent::RemoveLayer(name.to_owned()));
                } else {
                    self.removing = Some(name.to_owned());
                }
            }
        });
    }

    /// "Remove layer X and its N annotations?", asked before a layer that holds any goes.
    fn confirm_removal(&mut self, ui: &mut egui::Ui, project: &Project, asked: &mut Asked) {
        let Some(name) = self.removing.clone() else {
            return;
        };
        let held = project
            .annotations()
            .iter()
            .filter(|a| a.layer == name)
            .count();
        ui.separator();
        ui.label(format!(
            "Remove layer {name} and its {}, with their links and labels? Undo brings them back.",
            crate::model::counted(held, "annotation")
        ));
        ui.horizontal(|ui| {
            if ui.button(format!("Remove layer {name}")).clicked() {
                asked.send(EditIntent::RemoveLayer(name.clone()));
                self.removing = None;
            }
            if ui.button("Keep it").clicked() {
                self.removing = None;
            }
        });
    }
}
