//! The bars at the window's edges: errors at the top (each naming its file, until
//! dismissed), the open project's problems under them and the status bar at the bottom (the job under way, where the reader is,
//! how much the project holds).

use crate::model::counted;
use egui::{RichText, Ui};

use crate::workspace::{ViewIntent, Workspace};

use super::events::Asked;
use super::script_label::ScriptLabel;

pub fn error_bar(ui: &mut Ui, errors: &[String], asked: &mut Asked) {
    if errors.is_empty() {
        return;
    }
    egui::Panel::top("errors").show(ui, |ui| {
        for (index, error) in errors.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui.small_button("Dismiss").clicked() {
                    asked.send(ViewIntent::DismissError(index));
                }
                ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
            });
        }
    });
}

/// What the open project has wrong (it opened all the same), folded until asked for.
pub fn problem_bar(ui: &mut Ui, problems: &[String]) {
    if problems.is_empty() {
        return;
    }
    egui::Panel::top("problems").show(ui, |ui| {
        let title = match problems.len() {
            1 => "This project has 1 problem to mend".to_owned(),
            n => format!("This project has {n} problems to mend"),
        };
        egui::CollapsingHeader::new(RichText::new(title).color(ui.visuals().warn_fg_color))
            .id_salt("problems")
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(160.0)
                    .show(ui, |ui| {
                        for problem in problems {
                            ui.label(problem);
                        }
                    });
            });
    });
}

/// The bottom bar: the job under way (with a progress bar when it can tell how far it has
/// got), then where the reader is and how much the project holds.
pub fn status_bar(ui: &mut Ui, workspace: &Workspace) {
    let project = workspace.project();
    let view = workspace.view();
    egui::Panel::bottom("status_bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(doing) = workspace.busy() {
                match workspace.busy_fraction() {
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
            if let Some(document) = workspace.document() {
                // Laid out as the text is: a Persian title reads in its own order.
                let colour = ui.visuals().strong_text_color();
                ScriptLabel::new(&document.title, colour)
                    .one_line()
                    .show(ui);
                ui.separator();
                ui.label(format!(
                    "{} in document",
                    counted(project.annotations_in(&document.id).len(), "annotation")
                ));
                ui.separator();
                super::suggestion_ui::suggestion_count(ui, workspace);
            }
            ui.label(format!(
                "{}, {}, {} in project",
                counted(project.annotations().len(), "annotation"),
                counted(project.documents().len(), "document"),
                counted(project.layers().len(), "layer")
            ));
            ui.separator();
            if let Some((start, end)) = view.selected_range() {
                ui.label(format!(
                    "Selection {start}–{end} ({} characters)",
                    end - start
                ));
            } else if let Some(annotation) = view.selected_annotation(project) {
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
