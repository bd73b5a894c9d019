//! The review panel: which two layers are compared and into which, how layers are shown,
//! the review walk (the difference under review and the keys that settle it), the
//! agreement in a line, and the list of differences filtered by kind and tag.

use egui::{RichText, Ui};

use crate::model::{Choice, Project};
use crate::review::diff::{Difference, GROUPS};
use crate::workspace::review::ReviewState;
use crate::workspace::view::View;
use crate::workspace::{ReviewIntent, ViewIntent};

use super::events::Asked;
use super::script_label::ScriptLabel;
use super::theme::{LAYER_COLOUR, figure, kind_colour};

/// The right-hand review panel.
pub fn review_panel(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    review: &ReviewState,
    view: &View,
    asked: &mut Asked,
) {
    egui::Panel::right("review_panel")
        .default_size(super::theme::side_panel_width(ui, 330.0))
        .max_size(super::theme::side_panel_most(ui))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("Review");
                if ui.small_button("Close").clicked() {
                    asked.send(ReviewIntent::Close);
                }
            });
            settings_ui(ui, project, review, asked);
            layers_shown_ui(ui, project, view, asked);
            ui.separator();
            walk_ui(ui, project, review, asked);
            ui.separator();
            agreement_ui(ui, review, revision, asked);
            ui.separator();
            filters_ui(ui, project, review, asked);
            differences_list(ui, project, review, asked);
        });
}

/// Mine, theirs, the layer decisions go into, the reviewer, side by side.
fn settings_ui(ui: &mut Ui, project: &Project, review: &ReviewState, asked: &mut Asked) {
    let (mut mine, mut theirs) = (review.review.mine.clone(), review.review.theirs.clone());
    layer_combo(ui, "review_mine", "Mine", &mut mine, project);
    layer_combo(ui, "review_theirs", "Theirs", &mut theirs, project);
    if (&mine, &theirs) != (&review.review.mine, &review.review.theirs) {
        asked.send(ReviewIntent::Layers { mine, theirs });
    }
    let mut reviewed = review.review.reviewed.clone();
    ui.horizontal(|ui| {
        let label = ui.label("Reviewed into");
        ui.add(egui::TextEdit::singleline(&mut reviewed).desired_width(120.0))
            .labelled_by(label.id);
    });
    if reviewed != review.review.reviewed {
        asked.send(ReviewIntent::ReviewInto(reviewed));
    }
    let mut reviewer = review.review.reviewer.clone();
    ui.horizontal(|ui| {
        let label = ui.label("Reviewer");
        ui.add(egui::TextEdit::singleline(&mut reviewer).desired_width(120.0))
            .labelled_by(label.id);
    });
    if reviewer != review.review.reviewer {
        asked.send(ReviewIntent::Reviewer(reviewer));
    }
    let mut side_by_side = review.side_by_side;
    if ui
        .checkbox(&mut side_by_side, "Side by side (mine | theirs)")
        .on_hover_text("Each side shows one layer; they scroll together")
        .changed()
    {
        asked.send(ReviewIntent::SideBySide(side_by_side));
    }
}

fn layer_combo(ui: &mut Ui, id: &str, label: &str, value: &mut String, project: &Project) {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        egui::ComboBox::from_id_salt(id)
            .selected_text(value.as_str())
            .show_ui(ui, |ui| {
                for layer in project.layers() {
                    ui.selectable_value(value, layer.name.clone(), &layer.name);
                }
            })
            .response
            .labelled_by(label.id);
    });
}

/// Each layer shown or hidden, with its own underline colour if the researcher gave one.
fn layers_shown_ui(ui: &mut Ui, project: &Project, view: &View, asked: &mut Asked) {
    ui.collapsing("Layers shown", |ui| {
        ui.weak("Untick to hide a layer; a colour underlines its annotations.");
        for layer in project.layers() {
            let name = &layer.name;
            ui.horizontal(|ui| {
                let mut shown = !view.hidden_layers.contains(name);
                if ui.checkbox(&mut shown, name).changed() {
                    asked.send(ViewIntent::ShowLayer {
                        layer: name.clone(),
                        shown,
                    });
                }
                let colour = view.layer_colours.get(name).copied();
                let mut own = colour.is_some();
                if ui.checkbox(&mut own, "own colour").changed() {
                    asked.send(ViewIntent::LayerColour {
                        layer: name.clone(),
                        colour: own.then_some(LAYER_COLOUR),
                    });
                }
                if let Some(colour) = colour {
                    let mut rgb = [colour.r, colour.g, colour.b];
                    if egui::color_picker::color_edit_button_srgb(ui, &mut rgb).changed() {
                        asked.send(ViewIntent::LayerColour {
                            layer: name.clone(),
                            colour: Some(crate::model::Colour::rgb(rgb[0], rgb[1], rgb[2])),
                        });
                    }
                }
            });
        }
    });
}

/// Progress, accepting agreements, and the difference under review with its choices.
fn walk_ui(ui: &mut Ui, project: &Project, review: &ReviewState, asked: &mut Asked) {
    let progress = review.progress();
    let (done, total) = (progress.settled, progress.disagreements);
    ui.label(RichText::new(format!("{done} of {total} disagreements settled")).strong());
    ui.add(egui::ProgressBar::new(if total == 0 {
        1.0
    } else {
        done as f32 / total as f32
    }));
    let agreements = progress.open_agreements;
    if ui
        .add_enabled(
            agreements > 0,
            egui::Button::new(format!("Accept all agreements ({agreements})")),
        )
        .clicked()
    {
        asked.send(ReviewIntent::AcceptAgreements);
    }
    let Some(current) = review.current_difference() else {
        if ui.button("Start review (N)").clicked() {
            asked.send(ReviewIntent::Skip { forward: true });
        }
        return;
    };
    ui.group(|ui| {
        ui.horizontal(|ui| {
            ui.colored_label(kind_colour(current.kind), current.kind.label());
            if review.settled().contains(current) {
                ui.weak("(settled)");
            }
        });
        for (layer, mine) in [(&review.review.mine, true), (&review.review.theirs, false)] {
            ui.label(format!(
                "{layer}: {}",
                current.side_text(project, layer, mine)
            ));
        }
        ui.horizontal_wrapped(|ui| choices_ui(ui, current, asked));
    });
}

fn choices_ui(ui: &mut Ui, current: &Difference, asked: &mut Asked) {
    for (key, label, choice) in [
        ("M", "Accept mine", Choice::Mine),
        ("T", "Accept theirs", Choice::Theirs),
        ("B", "Accept both", Choice::Both),
        ("R", "Reject both", Choice::Neither),
        ("E", "Edit", Choice::Edited),
    ] {
        if ui
            .add_enabled(
                current.offers(choice),
                egui::Button::new(format!("{label} ({key})")),
            )
            .clicked()
        {
            asked.send(ReviewIntent::Settle(choice));
        }
    }
    if ui.button("Skip (N)").clicked() {
        asked.send(ReviewIntent::Skip { forward: true });
    }
    if ui.button("Back (P)").clicked() {
        asked.send(ReviewIntent::Skip { forward: false });
    }
}

/// The agreement as last computed, in a line, and the button to the full report.
fn agreement_ui(ui: &mut Ui, review: &ReviewState, revision: u64, asked: &mut Asked) {
    match review.agreement() {
        Some(report) => {
            let overall = &report.overall;
            ui.label(format!(
                "Cohen's κ {} · α {} over {} tokens",
                figure(overall.cohen_kappa),
                figure(overall.krippendorff_alpha),
                overall.tokens
            ));
            if let Some(s) = overall.spans_compared {
                ui.label(format!(
                    "Span F1 exact {} · overlap {} ({} spans)",
                    figure(s.f1_exact),
                    figure(s.f1_overlap),
                    overall.spans.iter().sum::<usize>()
                ));
            }
            if review.agreement_stale(revision) {
                ui.weak("The project changed since: the report recomputes when opened.");
            }
        }
        None => {
            ui.weak("Agreement not computed yet.");
        }
    }
    if ui.button("Agreement report…").clicked() {
        asked.send(ReviewIntent::OpenReport);
    }
}

/// Which kinds and which tag the list shows.
fn filters_ui(ui: &mut Ui, project: &Project, review: &ReviewState, asked: &mut Asked) {
    let counts = review.progress().per_kind;
    for (group, kinds) in GROUPS {
        ui.horizontal_wrapped(|ui| {
            ui.weak(group);
            for &kind in kinds {
                let mut shown = review.show[kind.index()];
                let label = RichText::new(format!("{} {}", kind.label(), counts[kind.index()]))
                    .color(kind_colour(kind));
                if ui.checkbox(&mut shown, label).changed() {
                    asked.send(ReviewIntent::ShowKind { kind, shown });
                }
            }
        });
    }
    let label = ui.label("Tag");
    let mut tag = review.tag.clone();
    egui::ComboBox::from_id_salt("review_tag")
        .selected_text(tag.as_deref().unwrap_or("every tag"))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut tag, None, "every tag");
            for t in &project.tags().tags {
                ui.selectable_value(&mut tag, Some(t.name.clone()), &t.name);
            }
        })
        .response
        .labelled_by(label.id);
    if tag != review.tag {
        asked.send(ReviewIntent::FilterTag(tag));
    }
}

/// The differences under the filters; only the rows on screen are built (a book can have
/// tens of thousands).
fn differences_list(ui: &mut Ui, project: &Project, review: &ReviewState, asked: &mut Asked) {
    let listed = review.listed();
    let differences = review.differences();
    let row_height = 2.0 * ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    egui::ScrollArea::vertical()
        .id_salt("differences")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, listed.len(), |ui, rows| {
            for &i in &listed[rows] {
                let d = &differences[i];
                let title = project
                    .document(&d.document)
                    .map_or(d.document.0.as_str(), |doc| doc.title.as_str());
                let mark = if review.settled().contains(d) {
                    " · settled"
                } else {
                    ""
                };
                let text = format!(
                    "{}: {} | {}{mark}\n{}",
                    d.kind.label(),
                    d.side_text(project, &review.review.mine, true),
                    d.side_text(project, &review.review.theirs, false),
                    title.chars().take(48).collect::<String>()
                );
                // Laid out as the text is (a Persian quote reads in its own order); a
                // row's height holds its two lines, the rest of a long quote is cut off.
                let row = egui::vec2(ui.available_width(), row_height - 2.0);
                let label = ScriptLabel::new(&text, kind_colour(d.kind))
                    .selectable(review.current == Some(i))
                    .row(Some(row));
                if label.show(ui).clicked() {
                    asked.send(ReviewIntent::Jump(i));
                }
            }
        });
}
