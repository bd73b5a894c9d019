//! The merge-conflicts panel: the walk through what a git merge found changed on both
//! sides, each with both versions in words and the two buttons that settle it.

use egui::{RichText, Ui};

use crate::model::Project;
use crate::workspace::ReviewIntent;
use crate::workspace::conflicts::{conflict_title, version_words};

use super::events::Asked;
use super::script_label::ScriptLabel;

/// The right-hand panel, while a conflict is being walked (`current`).
pub fn conflicts_panel(ui: &mut Ui, project: &Project, current: usize, asked: &mut Asked) {
    let conflicts = project.conflicts();
    let Some(conflict) = conflicts.get(current) else {
        return;
    };
    egui::Panel::right("conflicts_panel")
        .default_size(super::theme::side_panel_width(ui, 330.0))
        .max_size(super::theme::side_panel_most(ui))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("Merge conflicts");
                if ui.small_button("Close").clicked() {
                    asked.send(ReviewIntent::Conflicts(false));
                }
            });
            ui.label(
                "git merged this project with a colleague's; these records were changed on both sides. Keep one version of each, then save and commit the merge.",
            );
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "Conflict {} of {}: {}",
                    current + 1,
                    conflicts.len(),
                    conflict_title(&conflict.key)
                ))
                .strong(),
            );
            ui.group(|ui| {
                for (side, version) in [("Mine", &conflict.mine), ("Theirs", &conflict.theirs)] {
                    ui.label(RichText::new(side).strong());
                    ui.label(version_words(project, version.as_ref()));
                }
            });
            let on_this = conflicts.iter().filter(|c| c.key == conflict.key).count();
            if on_this > 1 {
                // A third coder's version carried from an earlier merge.
                ui.label(format!(
                    "{on_this} conflicts are on this record: settle each; the last version kept is the one that stays."
                ));
            }
            ui.horizontal_wrapped(|ui| {
                if ui.button("Keep mine").clicked() {
                    asked.send(ReviewIntent::KeepVersion { mine: true });
                }
                if ui.button("Keep theirs").clicked() {
                    asked.send(ReviewIntent::KeepVersion { mine: false });
                }
            });
            ui.horizontal(|ui| {
                if ui.button("Previous").clicked() {
                    asked.send(ReviewIntent::NextConflict { forward: false });
                }
                if ui.button("Next").clicked() {
                    asked.send(ReviewIntent::NextConflict { forward: true });
                }
            });
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                for (at, conflict) in conflicts.iter().enumerate() {
                    let text = format!("{}. {}", at + 1, conflict_title(&conflict.key));
                    let colour = ui.visuals().text_color();
                    let label = ScriptLabel::new(&text, colour).selectable(at == current).row(None);
                    if label.show(ui).clicked() {
                        asked.send(ReviewIntent::JumpConflict(at));
                    }
                }
            });
        });
}
