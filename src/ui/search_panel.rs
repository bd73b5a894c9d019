//! Find (Ctrl+F in the document, Ctrl+Shift+F across the project) and "annotate all
//! matches": preview the matches, untick the wrong ones, tag the rest in one undo step.

use egui::{RichText, Ui};

use crate::edit::Command;
use crate::model::search::{Query, find_with};
use crate::model::{DocumentId, Project};

use super::events::AppEvent;

/// One match, in a document, with whether it will be annotated.
#[derive(Clone, Debug)]
pub struct Found {
    pub document: DocumentId,
    pub start: usize,
    pub end: usize,
    pub ticked: bool,
}

/// The search bar's state while it is open.
#[derive(Debug, Default)]
pub struct Search {
    pub query: Query,
    /// Across every document (Ctrl+Shift+F) rather than the open one.
    pub everywhere: bool,
    /// The tag "annotate all" applies.
    pub tag: String,
    pub results: Vec<Found>,
    pub error: Option<String>,
    /// What `results` were found for: query, scope, open document, project revision.
    searched_for: Option<(Query, bool, Option<DocumentId>, u64)>,
    /// What the last "annotate all" did.
    pub report: Option<String>,
    /// The matches as spans, grouped by document: computed once per search, not per frame.
    spans: Vec<(DocumentId, Vec<(usize, usize)>)>,
    pub focus_field: bool,
}

impl Search {
    pub fn open(everywhere: bool, tag: &str) -> Self {
        Self {
            everywhere,
            tag: tag.to_owned(),
            focus_field: true,
            ..Self::default()
        }
    }

    /// Runs the search again when the query, scope, document or project changed.
    fn refresh(&mut self, project: &Project, document: Option<&DocumentId>, revision: u64) {
        let key = (
            self.query.clone(),
            self.everywhere,
            document.cloned(),
            revision,
        );
        if self.searched_for.as_ref() == Some(&key) {
            return;
        }
        self.searched_for = Some(key);
        self.results.clear();
        self.spans.clear();
        self.error = None;
        if self.query.text.is_empty() {
            return;
        }
        let pattern = match self.query.pattern() {
            Ok(pattern) => pattern,
            Err(error) => {
                self.error = Some(error);
                return;
            }
        };
        for doc in project.documents() {
            if !self.everywhere && Some(&doc.id) != document {
                continue;
            }
            let found = find_with(doc.text(), &pattern);
            self.results.extend(found.iter().map(|r| Found {
                document: doc.id.clone(),
                start: r.start,
                end: r.end,
                ticked: true,
            }));
            if !found.is_empty() {
                self.spans.push((
                    doc.id.clone(),
                    found.into_iter().map(|r| (r.start, r.end)).collect(),
                ));
            }
        }
    }

    /// The matches in one document as code-point spans, for highlighting.
    pub fn spans_in(&self, document: &DocumentId) -> &[(usize, usize)] {
        self.spans
            .iter()
            .find(|(d, _)| d == document)
            .map_or(&[], |(_, spans)| spans.as_slice())
    }

    /// The commands that tag every ticked match not already carrying the tag in `layer`,
    /// one per document, and how many were skipped.
    pub fn annotate_all(&self, project: &Project, layer: &str) -> (Vec<Command>, usize, usize) {
        let mut commands = Vec::new();
        let (mut added, mut skipped) = (0, 0);
        let mut index = 0;
        while index < self.results.len() {
            let document = &self.results[index].document;
            let existing = project.annotations_in(document);
            let mut spans = Vec::new();
            while index < self.results.len() && &self.results[index].document == document {
                let found = &self.results[index];
                index += 1;
                if !found.ticked {
                    continue;
                }
                let first = existing.partition_point(|a| a.start < found.start);
                let already = existing[first..]
                    .iter()
                    .take_while(|a| a.start == found.start)
                    .any(|a| a.end == found.end && a.tag == self.tag && a.layer == layer);
                if already {
                    skipped += 1;
                } else {
                    spans.push((found.start, found.end));
                }
            }
            if !spans.is_empty() {
                added += spans.len();
                commands.push(Command::AnnotateMany {
                    document: document.clone(),
                    layer: layer.to_owned(),
                    tag: self.tag.clone(),
                    spans,
                    notes: Vec::new(),
                });
            }
        }
        (commands, added, skipped)
    }
}

/// The search bar at the bottom of the window.
pub fn search_panel(
    ui: &mut Ui,
    project: &Project,
    document: Option<&DocumentId>,
    revision: u64,
    search: &mut Search,
    events: &mut Vec<AppEvent>,
) {
    search.refresh(project, document, revision);
    egui::Panel::bottom("search")
        .resizable(true)
        .default_size(240.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                let label = ui.label(if search.everywhere {
                    "Find in project"
                } else {
                    "Find in document"
                });
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut search.query.text)
                            .hint_text("text or pattern")
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut search.focus_field) {
                    field.request_focus();
                }
                ui.checkbox(&mut search.query.whole_word, "Whole word");
                ui.checkbox(&mut search.query.match_case, "Match case");
                ui.checkbox(&mut search.query.regex, "Regex");
                ui.checkbox(&mut search.everywhere, "All documents");
                match &search.error {
                    Some(error) => {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            error.lines().last().unwrap_or(error),
                        );
                    }
                    None => {
                        ui.label(format!("{} matches", search.results.len()));
                    }
                }
                if ui.button("Close").clicked() {
                    events.push(AppEvent::CloseSearch);
                }
            });
            ui.horizontal(|ui| {
                let ticked = search.results.iter().filter(|f| f.ticked).count();
                let label = ui.label("Annotate the ticked matches as");
                egui::ComboBox::from_id_salt("annotate_all_tag")
                    .selected_text(&search.tag)
                    .show_ui(ui, |ui| {
                        for tag in &project.tags().tags {
                            ui.selectable_value(&mut search.tag, tag.name.clone(), &tag.name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                let button = egui::Button::new(format!("Annotate {ticked}"));
                if ui.add_enabled(ticked > 0, button).clicked() {
                    events.push(AppEvent::AnnotateMatches);
                }
                if ui.small_button("Tick all").clicked() {
                    search.results.iter_mut().for_each(|f| f.ticked = true);
                }
                if ui.small_button("Untick all").clicked() {
                    search.results.iter_mut().for_each(|f| f.ticked = false);
                }
                if let Some(report) = &search.report {
                    ui.label(RichText::new(report).italics());
                }
            });
            ui.separator();
            results_list(ui, project, search, events);
        });
}

/// One line per match with its context; only the visible rows are drawn.
fn results_list(ui: &mut Ui, project: &Project, search: &mut Search, events: &mut Vec<AppEvent>) {
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    let row_height = ui.spacing().interact_size.y;
    let several_documents = search.everywhere;
    egui::ScrollArea::vertical()
        .id_salt("search_results")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, search.results.len(), |ui, rows| {
            for index in rows {
                let found = &mut search.results[index];
                let Some(document) = project.document(&found.document) else {
                    continue;
                };
                let text = document.text();
                let before = text.slice(found.start.saturating_sub(40), found.start);
                let before = before.rsplit('\n').next().unwrap_or(before);
                let matched = text.slice(found.start, found.end);
                let after = text.slice(found.end, (found.end + 60).min(text.char_len()));
                let after = after.split('\n').next().unwrap_or(after);
                ui.horizontal(|ui| {
                    let tick = ui
                        .add(egui::Checkbox::without_text(&mut found.ticked))
                        .on_hover_text("Include this match in “Annotate”");
                    let mut job = egui::text::LayoutJob::default();
                    let style = ui.style();
                    let plain = egui::TextFormat {
                        color: style.visuals.text_color(),
                        ..Default::default()
                    };
                    if several_documents {
                        job.append(&format!("{}: ", document.title), 0.0, plain.clone());
                    }
                    job.append(&format!("…{before}"), 0.0, plain.clone());
                    job.append(
                        matched,
                        0.0,
                        egui::TextFormat {
                            color: style.visuals.strong_text_color(),
                            background: style.visuals.selection.bg_fill.gamma_multiply(0.6),
                            ..Default::default()
                        },
                    );
                    job.append(&format!("{after}…"), 0.0, plain);
                    let row = ui.selectable_label(false, job);
                    tick.labelled_by(row.id);
                    if row.clicked() {
                        events.push(AppEvent::JumpTo {
                            document: found.document.clone(),
                            start: found.start,
                            end: found.end,
                        });
                    }
                });
            }
        });
}
