//! The import's preview: what the chosen or dropped files would add, what the project
//! already holds and what cannot come in, with Import and Cancel. Nothing changes until
//! Import; then it is one undo step.

use egui::{Context, Id};

use crate::formats::new_documents::NewsExports;
use crate::workspace::imports::{ImportPlan, Tense};
use crate::workspace::{FileIntent, Workspace};

use super::events::Asked;

/// Draws the preview of the import waiting for an answer, if there is one.
pub fn import_preview(ctx: &Context, workspace: &Workspace, asked: &mut Asked) {
    let Some(plan) = workspace.import_preview() else {
        return;
    };
    let mut answer = None;
    let modal = egui::Modal::new(Id::unique("import_preview")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading(heading(plan));
        let report = plan.report(Tense::Preview);
        ui.label(egui::RichText::new(&report.summary).strong());
        let text = report.text();
        let rest: Vec<&str> = text.lines().skip(1).collect();
        if !rest.is_empty() {
            egui::ScrollArea::vertical()
                .max_height(280.0)
                .show(ui, |ui| {
                    for line in rest {
                        ui.label(line);
                    }
                });
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let import = ui.add_enabled(plan.command.is_some(), egui::Button::new("Import"));
            // Enter imports unless a widget has the keyboard (Enter on the checkbox ticks it).
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter))
                && ui.memory(|m| m.focused().is_none());
            if import.clicked() || (enter && plan.command.is_some()) {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
            if plan.has_news_exports() {
                let mut split = plan.news == NewsExports::Split;
                let toggle = ui.checkbox(&mut split, "Split news exports into articles");
                if toggle.changed() {
                    asked.send(FileIntent::SplitNewsExports(split));
                }
            }
        });
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(false);
    }
    if let Some(apply) = answer {
        asked.send(FileIntent::AnswerImport(apply));
    }
}

/// "Import 3 files (brat)", naming the one file or folder when there is one.
fn heading(plan: &ImportPlan) -> String {
    let what = match plan.inputs.as_slice() {
        [one] => one.file_name().map_or_else(
            || one.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        many => crate::model::counted(many.len(), "file"),
    };
    if plan.format.brings_documents() {
        format!("Import {what}")
    } else {
        format!("Import {what} ({})", plan.format)
    }
}
