//! The agreement report window: the figures per scope, the confusion of token labels as a
//! heat map and agreement per tag, link, attribute and document label as bars (researchers
//! look at these before the numbers), the confusion of relation types,
//! and exports of the report as CSV or a self-contained HTML page.

use egui::{Align2, Color32, FontId, Rect, Sense, Stroke, StrokeKind, Ui, pos2, vec2};

use crate::review::agreement::Report;

use crate::workspace::{FileIntent, ReviewIntent};

use super::events::Asked;
use super::theme::figure;

fn figures_grid(ui: &mut Ui, report: &Report) {
    let two = report.layers.len() == 2;
    egui::Grid::new("agreement_figures")
        .striped(true)
        .num_columns(8)
        .show(ui, |ui| {
            for heading in [
                "",
                "tokens",
                if two { "Cohen's κ" } else { "Fleiss' κ" },
                "Krippendorff's α",
                "% agree",
                "spans",
                "F1 exact",
                "F1 overlap",
            ] {
                ui.strong(heading);
            }
            ui.end_row();
            for (scope, name, f) in report.scopes() {
                let name = match scope {
                    "overall" => scope.to_owned(),
                    _ => format!("{scope} {}", name.chars().take(24).collect::<String>()),
                };
                let pair = f.spans.len() == 2;
                ui.label(name);
                ui.label(f.tokens.to_string());
                ui.label(figure(if pair { f.cohen_kappa } else { f.fleiss_kappa }));
                ui.label(figure(f.krippendorff_alpha));
                ui.label(figure(f.percent_agreement));
                let spans: Vec<String> = f.spans.iter().map(usize::to_string).collect();
                ui.label(spans.join(" / "));
                let scores = f.spans_compared.unwrap_or_default();
                ui.label(figure(scores.f1_exact));
                ui.label(figure(scores.f1_overlap));
                ui.end_row();
            }
        });
}

/// Token label confusion as a grid of squares, darker for more tokens (log scale, so the
/// few disagreements still show beside thousands of `O`).
fn heat_map(ui: &mut Ui, (labels, counts): &(Vec<String>, Vec<Vec<usize>>)) {
    if labels.is_empty() {
        return;
    }
    // Columns as wide as the longest label, so joined labels like claim+date stay legible.
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f32;
    let cell_width = (longest * 7.5 + 10.0).max(40.0);
    let cell = 32.0;
    let left = cell_width;
    let top = 22.0;
    let size = vec2(
        left + cell_width * labels.len() as f32,
        top + cell * labels.len() as f32,
    );
    let (response, painter) = ui.allocate_painter(size, Sense::hover());
    let origin = response.rect.min;
    let most = counts.iter().flatten().copied().max().unwrap_or(1).max(1) as f32;
    let text_colour = ui.visuals().text_color();
    let font = FontId::proportional(12.0);
    for (i, label) in labels.iter().enumerate() {
        painter.text(
            origin + vec2(left - 6.0, top + cell * (i as f32 + 0.5)),
            Align2::RIGHT_CENTER,
            label,
            font.clone(),
            text_colour,
        );
        painter.text(
            origin + vec2(left + cell_width * (i as f32 + 0.5), top - 4.0),
            Align2::CENTER_BOTTOM,
            label,
            font.clone(),
            text_colour,
        );
    }
    for (row, line) in counts.iter().enumerate() {
        for (column, &count) in line.iter().enumerate() {
            let shade = ((count as f32).ln_1p() / most.ln_1p() * 255.0).round() as u8;
            let rect = Rect::from_min_size(
                origin + vec2(left + cell_width * column as f32, top + cell * row as f32),
                vec2(cell_width, cell),
            );
            painter.rect_filled(
                rect,
                0.0,
                Color32::from_rgb(255 - shade, 255 - shade / 2, 255),
            );
            painter.rect_stroke(
                rect,
                0.0,
                Stroke::new(1.0, Color32::LIGHT_GRAY),
                StrokeKind::Inside,
            );
            let ink = if shade > 140 {
                Color32::WHITE
            } else {
                Color32::BLACK
            };
            painter.text(
                rect.center(),
                Align2::CENTER_CENTER,
                count.to_string(),
                font.clone(),
                ink,
            );
        }
    }
}

const KAPPA: Color32 = Color32::from_rgb(0x29, 0x80, 0xb9);
const ALPHA: Color32 = Color32::from_rgb(0x8e, 0x44, 0xad);
const F1: Color32 = Color32::from_rgb(0x27, 0xae, 0x60);

/// Per-tag κ, α and exact F1 as bars from 0 to 1.
fn bar_chart(ui: &mut Ui, report: &Report) {
    for (tag, f) in &report.per_tag {
        ui.strong(tag);
        bars(
            ui,
            &[
                ("κ", KAPPA, f.cohen_kappa),
                ("α", ALPHA, f.krippendorff_alpha),
                ("F1", F1, f.spans_compared.and_then(|s| s.f1_exact)),
            ],
        );
    }
}

/// Link F1 (exact and by overlap) overall and per relation type; κ and α per attribute and
/// document label, as bars.
fn coding_bars(ui: &mut Ui, report: &Report) {
    if let Some(links) = &report.links {
        let all = std::iter::once(("all links", &links.scores));
        for (name, s) in all.chain(links.per_type.iter().map(|(k, (_, s))| (k.as_str(), s))) {
            ui.strong(format!("links {name}"));
            bars(
                ui,
                &[("F1", F1, s.f1_exact), ("F1 ov", ALPHA, s.f1_overlap)],
            );
        }
    }
    let two = report.layers.len() == 2;
    for (scope, name, f) in report.values.scopes() {
        ui.strong(format!("{scope} {name} ({} units)", f.units));
        let mut series = vec![
            ("κ", KAPPA, if two { f.cohen_kappa } else { f.fleiss_kappa }),
            ("α", ALPHA, f.krippendorff_alpha),
        ];
        if f.numbers {
            series.push(("α int", F1, f.krippendorff_alpha_interval));
        }
        bars(ui, &series);
    }
}

/// One bar from 0 to 1 per (name, colour, value), with the figure beside it.
fn bars(ui: &mut Ui, series: &[(&str, Color32, Option<f64>)]) {
    let bar = 200.0;
    let row = 18.0;
    let text_colour = ui.visuals().text_color();
    let (response, painter) = ui.allocate_painter(
        vec2(40.0 + bar + 60.0, row * series.len() as f32),
        Sense::hover(),
    );
    let origin = response.rect.min;
    for (i, &(name, colour, value)) in series.iter().enumerate() {
        let y = origin.y + row * i as f32;
        painter.text(
            pos2(origin.x + 30.0, y + row / 2.0),
            Align2::RIGHT_CENTER,
            name,
            FontId::proportional(12.0),
            text_colour,
        );
        let track = Rect::from_min_size(pos2(origin.x + 40.0, y + 2.0), vec2(bar, row - 4.0));
        painter.rect_filled(track, 2.0, ui.visuals().faint_bg_color);
        let width = value.unwrap_or(0.0).clamp(0.0, 1.0) as f32 * bar;
        painter.rect_filled(
            Rect::from_min_size(track.min, vec2(width, track.height())),
            2.0,
            colour,
        );
        painter.text(
            pos2(track.max.x + 6.0, y + row / 2.0),
            Align2::LEFT_CENTER,
            figure(value),
            FontId::proportional(12.0),
            text_colour,
        );
    }
}

/// The window while the report is worked out on the worker thread (a corpus of thousands
/// of articles takes seconds): the rest of the window stays usable meanwhile.
pub fn working_window(ctx: &egui::Context, open: &mut bool, working: std::time::Duration) {
    egui::Window::new("Agreement report")
        .open(open)
        .default_size([620.0, 560.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!(
                    "Working out the agreement ({:.1} s); go on reviewing meanwhile.",
                    working.as_secs_f32()
                ));
            });
        });
}

/// The window, while `open`.
pub fn agreement_window(
    ctx: &egui::Context,
    open: &mut bool,
    report: &Report,
    stale: bool,
    asked: &mut Asked,
) {
    let mut still_open = *open;
    egui::Window::new("Agreement report")
        .open(&mut still_open)
        .default_size([620.0, 560.0])
        .vscroll(true)
        .show(ctx, |ui| {
            ui.label(format!(
                "{}: {} documents, {} tokens; spans {}.",
                if report.layers.len() == 2 {
                    format!("{} against {}", report.layers[1], report.layers[0])
                } else {
                    report.layers.join(", ")
                },
                report.documents.len(),
                report.overall.tokens,
                report.span_counts()
            ));
            if stale {
                ui.horizontal(|ui| {
                    ui.colored_label(ui.visuals().warn_fg_color, "The project changed since.");
                    if ui.button("Recompute").clicked() {
                        asked.send(ReviewIntent::RecomputeAgreement);
                    }
                });
            }
            let mut all = report.layers.len() > 2;
            if ui
                .checkbox(&mut all, "Across every layer (Fleiss' κ, α and each pair)")
                .changed()
            {
                asked.send(ReviewIntent::AllLayers(all));
            }
            ui.horizontal(|ui| {
                if ui.button("Export CSV…").clicked() {
                    asked.send(FileIntent::ExportAgreement { html: false, to: None });
                }
                if ui.button("Export HTML…").clicked() {
                    asked.send(FileIntent::ExportAgreement { html: true, to: None });
                }
            });
            figures_grid(ui, report);
            ui.separator();
            ui.heading("Token labels");
            if report.layers.len() > 2 {
                ui.weak("Of the first two layers.");
            }
            ui.weak(format!(
                "Rows {}, columns {}; darker is more tokens.",
                report.layers.first().map_or("", String::as_str),
                report.layers.get(1).map_or("", String::as_str)
            ));
            heat_map(ui, &report.confusion);
            ui.separator();
            ui.heading("Agreement per tag");
            bar_chart(ui, report);
            if report.links.is_some() || report.values.scopes().next().is_some() {
                ui.separator();
                ui.heading("Links, attributes and document labels");
                coding_bars(ui, report);
            }
            if let Some(links) = report.links.as_ref().filter(|l| !l.confusion.0.is_empty()) {
                ui.separator();
                ui.heading("Relation types");
                ui.weak(format!(
                    "Rows {}, columns {}: the types of links between the same paired spans.",
                    report.layers[0], report.layers[1]
                ));
                heat_map(ui, &links.confusion);
            }
            ui.separator();
            ui.weak(
                "Tokens are Unicode words with a letter or digit. Per tag a token is 1 when an \
                 annotation of the tag covers part of it; overall its label is its covering tags \
                 joined with +, or O. Span F1 is of the second layer against the first: exact (same \
                 start, end, tag) and overlap (same tag, one-to-one, greatest overlap first). \
                 — is undefined (0/0).",
            );
        });
    *open = still_open;
}
