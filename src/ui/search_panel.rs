//! The search bar at the bottom of the window: the query and its options, the matches
//! listed with their context (tick or untick each), and "annotate all" with a tag.

use egui::{RichText, Ui};

use crate::model::Project;
use crate::workspace::search::Search;
use crate::workspace::{FindIntent, ViewIntent};

use super::events::Asked;
use super::script_label::ScriptLabel;

/// The search bar; `focus_field` gives its query field the keyboard (`Effect::FocusSearch`).
pub fn search_panel(
    ui: &mut Ui,
    project: &Project,
    search: &Search,
    focus_field: bool,
    asked: &mut Asked,
) {
    egui::Panel::bottom("search")
        .resizable(true)
        .default_size(240.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| query_ui(ui, search, focus_field, asked));
            ui.horizontal(|ui| {
                let label = ui.label("Annotate the ticked matches as");
                let mut tag = search.tag.clone();
                egui::ComboBox::from_id_salt("annotate_all_tag")
                    .selected_text(&tag)
                    .show_ui(ui, |ui| {
                        for t in &project.tags().tags {
                            ui.selectable_value(&mut tag, t.name.clone(), &t.name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if tag != search.tag {
                    asked.send(FindIntent::Tag(tag));
                }
                let ticked = search.ticked();
                let button = egui::Button::new(format!("Annotate {ticked}"));
                if ui.add_enabled(ticked > 0, button).clicked() {
                    asked.send(FindIntent::AnnotateMatches);
                }
                if ui.small_button("Tick all").clicked() {
                    asked.send(FindIntent::TickAll(true));
                }
                if ui.small_button("Untick all").clicked() {
                    asked.send(FindIntent::TickAll(false));
                }
                if let Some(report) = &search.report {
                    ui.label(RichText::new(report).italics());
                }
            });
            ui.separator();
            results_list(ui, project, search, asked);
        });
}

/// The query field, its options, and how many matches (or why the pattern is wrong).
fn query_ui(ui: &mut Ui, search: &Search, focus_field: bool, asked: &mut Asked) {
    let label = ui.label(if search.everywhere {
        "Find in project"
    } else {
        "Find in document"
    });
    let mut query = search.query.clone();
    let field = ui
        .add(
            egui::TextEdit::singleline(&mut query.text)
                .hint_text("text or pattern")
                .desired_width(260.0),
        )
        .labelled_by(label.id);
    if focus_field {
        field.request_focus();
    }
    ui.checkbox(&mut query.whole_word, "Whole word");
    ui.checkbox(&mut query.match_case, "Match case");
    ui.checkbox(&mut query.regex, "Regex");
    if query != search.query {
        asked.send(FindIntent::Query(query));
    }
    let mut everywhere = search.everywhere;
    if ui.checkbox(&mut everywhere, "All documents").changed() {
        asked.send(FindIntent::Everywhere(everywhere));
    }
    match &search.error {
        Some(error) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                error.lines().last().unwrap_or(error),
            );
        }
        None => {
            ui.label(format!("{} matches", search.matches()));
        }
    }
    if ui.button("Close").clicked() {
        asked.send(FindIntent::Close);
    }
}

/// One line per match with its context; only the visible rows are drawn.
fn results_list(ui: &mut Ui, project: &Project, search: &Search, asked: &mut Asked) {
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    let row_height = ui.spacing().interact_size.y;
    let several_documents = search.everywhere;
    egui::ScrollArea::vertical()
        .id_salt("search_results")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, search.matches(), |ui, rows| {
            for index in rows {
                let Some(found) = search.get(index) else {
                    continue;
                };
                let Some(document) = project.document(found.document) else {
                    continue;
                };
                let text = document.text();
                let before = text.slice(found.start.saturating_sub(40), found.start);
                let before = before.rsplit('\n').next().unwrap_or(before);
                let matched = text.slice(found.start, found.end);
                let after = text.slice(found.end, (found.end + 60).min(text.char_len()));
                let after = after.split('\n').next().unwrap_or(after);
                ui.horizontal(|ui| {
                    let mut ticked = found.ticked;
                    let tick = ui
                        .add(egui::Checkbox::without_text(&mut ticked))
                        .on_hover_text("Include this match in “Annotate”");
                    if ticked != found.ticked {
                        asked.send(FindIntent::Tick { index, ticked });
                    }
                    if several_documents {
                        // A short title, so the context stays in view; the whole on hover.
                        ui.weak(short_title(&document.title));
                    }
                    // The context laid out as the document is (a Persian match reads in
                    // its own order), the match on the selection's colour.
                    let context = format!("…{before}{matched}{after}…");
                    let from = 1 + before.chars().count();
                    let marked = (from, from + matched.chars().count());
                    let colour = ui.visuals().text_color();
                    let mut row = ScriptLabel::new(&context, colour)
                        .selectable(false)
                        .marked(marked)
                        .show(ui);
                    if several_documents {
                        row = row.on_hover_text(&document.title);
                    }
                    tick.labelled_by(row.id);
                    if row.clicked() {
                        asked.send(ViewIntent::JumpTo {
                            document: found.document.clone(),
                            start: found.start,
                            end: found.end,
                        });
                    }
                });
            }
        });
}

/// The first words of a title, up to about 20 characters: "The world is stunned…".
fn short_title(title: &str) -> String {
    const MOST: usize = 20;
    if title.chars().count() <= MOST {
        return title.to_owned();
    }
    // One more, so that a word ending just at the limit is kept.
    let cut: String = title.chars().take(MOST + 1).collect();
    let words = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(words, _)| words);
    format!("{}…", words.trim_end_matches([',', ':', ';', ' ']))
}
