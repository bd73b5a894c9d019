//! The review panel: which two layers are compared, what differs (a list filtered by kind
//! and tag, each entry jumping to its place), the agreement in a line, and the review walk
//! that settles the disagreements one at a time into the reviewed layer.

use egui::{Color32, RichText, Ui};

use crate::model::{Choice, DocumentId, Project};
use crate::review::agreement::{Report, report};
use crate::review::diff::{Difference, Kind};
use crate::review::session::{Review, Settled, reviewer_name};

use super::events::AppEvent;
use super::state::ViewState;

/// The marking colour of each kind of difference, in the text and in the list.
pub fn kind_colour(kind: Kind) -> Color32 {
    match kind {
        Kind::Agree => Color32::from_rgb(0x27, 0xae, 0x60),
        Kind::TagConflict => Color32::from_rgb(0xc0, 0x39, 0x2b),
        Kind::BoundaryConflict => Color32::from_rgb(0xe6, 0x7e, 0x22),
        Kind::OnlyMine => Color32::from_rgb(0x29, 0x80, 0xb9),
        Kind::OnlyTheirs => Color32::from_rgb(0x8e, 0x44, 0xad),
    }
}

/// What the panel asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum ReviewEvent {
    /// Settle the current disagreement with this choice, then go to the next one.
    Settle(Choice),
    /// Go to the next (or previous) unsettled disagreement without deciding.
    Skip {
        forward: bool,
    },
    AcceptAgreements,
    /// Show the difference at this index of the list.
    Jump(usize),
    OpenReport,
    /// Compute the agreement report again (the project changed since).
    RecomputeAgreement,
    /// Report across every layer (or only mine and theirs).
    AllLayers(bool),
    Close,
}

/// A difference as the text view frames it: start, end, kind.
type Marked = (usize, usize, Kind);

/// What the panel derives from the project, once per change of it.
struct Computed {
    revision: u64,
    differences: Vec<Difference>,
    settled: Settled,
    counts: Counts,
    /// The list's rows (indices into `differences`) for the kind and tag filters.
    listed: Option<(Filters, Vec<usize>)>,
}

/// The list's filters: the kinds shown and the tag.
type Filters = ([bool; 5], Option<String>);

/// What the panel's headings count, once per change of the project.
#[derive(Clone, Copy, Default)]
struct Counts {
    /// Differences of each kind, in `Kind::ALL` order.
    per_kind: [usize; 5],
    disagreements: usize,
    settled: usize,
    /// Agreements not yet accepted into the reviewed layer.
    open_agreements: usize,
}

/// The panel's state while it is open.
pub struct ReviewUi {
    pub review: Review,
    /// Which kinds the list shows, in `Kind::ALL` order.
    pub show: [bool; 5],
    pub tag: Option<String>,
    /// The difference under review: an index into `differences`.
    pub current: Option<usize>,
    computed: Option<Computed>,
    agreement: Option<(u64, Report)>,
    /// The open document's differences for painting, for (revision, document).
    painted: Option<((u64, DocumentId), Vec<Marked>)>,
    pub report_open: bool,
    /// Show mine and theirs side by side instead of one view with both.
    pub side_by_side: bool,
    /// The agreement report across every layer (Fleiss' κ, pairwise) instead of two.
    pub all_layers: bool,
}

impl ReviewUi {
    /// Compares `mine` with `theirs`, reviewing into "reviewed".
    pub fn new(mine: &str, theirs: &str) -> Self {
        Self {
            review: Review {
                mine: mine.to_owned(),
                theirs: theirs.to_owned(),
                reviewed: "reviewed".to_owned(),
                reviewer: reviewer_name(),
            },
            show: [false, true, true, true, true],
            tag: None,
            current: None,
            computed: None,
            agreement: None,
            painted: None,
            report_open: false,
            side_by_side: false,
            all_layers: false,
        }
    }

    /// The differences of the two layers and which are settled, recomputed when the
    /// project changed.
    fn computed(&mut self, project: &Project, revision: u64) -> &Computed {
        if self
            .computed
            .as_ref()
            .is_none_or(|c| c.revision != revision)
        {
            let differences = self.review.differences(project);
            let settled = self.review.settled(project);
            let mut counts = Counts::default();
            for d in &differences {
                counts.per_kind[Kind::ALL.iter().position(|k| *k == d.kind).unwrap_or(0)] += 1;
                match (d.kind.is_disagreement(), settled.contains(d)) {
                    (true, true) => {
                        counts.disagreements += 1;
                        counts.settled += 1;
                    }
                    (true, false) => counts.disagreements += 1,
                    (false, false) => counts.open_agreements += 1,
                    (false, true) => {}
                }
            }
            self.computed = Some(Computed {
                revision,
                differences,
                settled,
                counts,
                listed: None,
            });
        }
        self.computed.as_ref().expect("just computed")
    }

    /// The differences of the two layers, in project order.
    pub fn differences(&mut self, project: &Project, revision: u64) -> &[Difference] {
        &self.computed(project, revision).differences
    }

    /// The difference at `index` of the list, if there is one.
    pub fn difference(
        &mut self,
        project: &Project,
        revision: u64,
        index: usize,
    ) -> Option<Difference> {
        self.differences(project, revision).get(index).cloned()
    }

    /// Forget cached results (the compared layers changed).
    pub fn invalidate(&mut self) {
        self.computed = None;
        self.agreement = None;
        self.painted = None;
        self.current = None;
    }

    /// The differences in one document as (start, end, kind), sorted, for the text view.
    pub fn in_document(
        &mut self,
        project: &Project,
        revision: u64,
        document: &DocumentId,
    ) -> &[(usize, usize, Kind)] {
        let key = (revision, document.clone());
        if self.painted.as_ref().is_none_or(|(k, _)| *k != key) {
            let spans = self
                .differences(project, revision)
                .iter()
                .filter(|d| &d.document == document)
                .map(|d| (d.start, d.end, d.kind))
                .collect();
            self.painted = Some((key, spans));
        }
        self.painted.as_ref().map_or(&[], |(_, s)| s.as_slice())
    }

    /// The agreement report of the two layers, as last computed (computed if never).
    /// It is not recomputed on every change: on a book that takes a second.
    pub fn agreement(&mut self, project: &Project, revision: u64) -> &Report {
        if self.agreement.is_none() {
            let layers = if self.all_layers {
                project.layers().iter().map(|l| l.name.clone()).collect()
            } else {
                vec![self.review.mine.clone(), self.review.theirs.clone()]
            };
            self.agreement = Some((revision, report(project, &layers, &[])));
        }
        &self.agreement.as_ref().expect("just computed").1
    }

    /// Whether the project changed since the agreement report was computed.
    pub fn agreement_stale(&self, revision: u64) -> bool {
        self.agreement.as_ref().is_some_and(|(r, _)| *r != revision)
    }

    /// Computes the agreement report again on its next use.
    pub fn refresh_agreement(&mut self) {
        self.agreement = None;
    }

    /// Whether the list shows this difference under the kind and tag filters.
    pub fn listed(&self, difference: &Difference) -> bool {
        let kind = Kind::ALL
            .iter()
            .position(|k| *k == difference.kind)
            .is_some_and(|i| self.show[i]);
        kind && self
            .tag
            .as_ref()
            .is_none_or(|t| difference.tags.iter().any(|x| x == t))
    }

    /// The next unsettled disagreement after `from` (or before it), wrapping around.
    pub fn next_unsettled(
        &mut self,
        project: &Project,
        revision: u64,
        from: Option<usize>,
        forward: bool,
    ) -> Option<usize> {
        let Computed {
            differences,
            settled,
            ..
        } = self.computed(project, revision);
        let n = differences.len();
        if n == 0 {
            return None;
        }
        let start = match (from, forward) {
            (Some(i), true) => i + 1,
            (Some(i), false) => i + n - 1,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        (0..n)
            .map(|step| {
                if forward {
                    (start + step) % n
                } else {
                    (start + n - step) % n
                }
            })
            .find(|&i| {
                let d = &differences[i];
                d.kind.is_disagreement() && !settled.contains(d)
            })
    }
}

fn layer_combo(ui: &mut Ui, id: &str, label: &str, value: &mut String, project: &Project) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let label = ui.label(label);
        egui::ComboBox::from_id_salt(id)
            .selected_text(value.as_str())
            .show_ui(ui, |ui| {
                for layer in project.layers() {
                    changed |= ui
                        .selectable_value(value, layer.name.clone(), &layer.name)
                        .changed();
                }
            })
            .response
            .labelled_by(label.id);
    });
    changed
}

fn quote(project: &Project, id: Option<crate::model::AnnotationId>) -> String {
    id.and_then(|id| project.annotation(id))
        .map_or_else(|| "—".to_owned(), |a| format!("{} “{}”", a.tag, a.quote))
}

/// The right-hand review panel.
pub fn review_panel(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    state: &mut ReviewUi,
    view: &mut ViewState,
    events: &mut Vec<AppEvent>,
) {
    let mut out = Vec::new();
    egui::Panel::right("review_panel")
        .default_size(330.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("Review");
                if ui.small_button("Close").clicked() {
                    out.push(ReviewEvent::Close);
                }
            });
            let mut changed =
                layer_combo(ui, "review_mine", "Mine", &mut state.review.mine, project);
            changed |= layer_combo(
                ui,
                "review_theirs",
                "Theirs",
                &mut state.review.theirs,
                project,
            );
            if changed {
                state.invalidate();
            }
            ui.horizontal(|ui| {
                let label = ui.label("Reviewed into");
                ui.add(egui::TextEdit::singleline(&mut state.review.reviewed).desired_width(120.0))
                    .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                let label = ui.label("Reviewer");
                ui.add(egui::TextEdit::singleline(&mut state.review.reviewer).desired_width(120.0))
                    .labelled_by(label.id);
            });
            ui.checkbox(&mut state.side_by_side, "Side by side (mine | theirs)")
                .on_hover_text("Each side shows one layer; they scroll together");
            ui.collapsing("Layers shown", |ui| {
                ui.weak("Untick to hide a layer; a colour underlines its annotations.");
                for layer in project.layers() {
                    ui.horizontal(|ui| {
                        let mut shown = !view.hidden_layers.contains(&layer.name);
                        if ui.checkbox(&mut shown, &layer.name).changed() {
                            if shown {
                                view.hidden_layers.remove(&layer.name);
                            } else {
                                view.hidden_layers.insert(layer.name.clone());
                            }
                        }
                        let mut own = view.layer_colours.contains_key(&layer.name);
                        if ui.checkbox(&mut own, "own colour").changed() {
                            if own {
                                view.layer_colours.insert(
                                    layer.name.clone(),
                                    Color32::from_rgb(0x16, 0xa0, 0x85),
                                );
                            } else {
                                view.layer_colours.remove(&layer.name);
                            }
                        }
                        if let Some(colour) = view.layer_colours.get_mut(&layer.name) {
                            ui.color_edit_button_srgba(colour);
                        }
                    });
                }
            });
            ui.separator();

            // Borrowed out of the state for this frame (no copy), put back at the end.
            state.computed(project, revision);
            let Computed {
                differences,
                settled,
                counts,
                listed,
                ..
            } = state.computed.take().expect("just computed");
            let (done, total) = (counts.settled, counts.disagreements);
            ui.label(RichText::new(format!("{done} of {total} disagreements settled")).strong());
            ui.add(egui::ProgressBar::new(if total == 0 {
                1.0
            } else {
                done as f32 / total as f32
            }));
            let agreements = counts.open_agreements;
            if ui
                .add_enabled(
                    agreements > 0,
                    egui::Button::new(format!("Accept all agreements ({agreements})")),
                )
                .clicked()
            {
                out.push(ReviewEvent::AcceptAgreements);
            }

            if let Some(current) = state.current.and_then(|i| differences.get(i)) {
                ui.group(|ui| {
                    ui.horizontal(|ui| {
                        ui.colored_label(kind_colour(current.kind), current.kind.label());
                        if settled.contains(current) {
                            ui.weak("(settled)");
                        }
                    });
                    ui.label(format!(
                        "{}: {}",
                        state.review.mine,
                        quote(project, current.mine)
                    ));
                    ui.label(format!(
                        "{}: {}",
                        state.review.theirs,
                        quote(project, current.theirs)
                    ));
                    ui.horizontal_wrapped(|ui| {
                        for (key, label, choice, enabled) in [
                            ("M", "Accept mine", Choice::Mine, current.mine.is_some()),
                            (
                                "T",
                                "Accept theirs",
                                Choice::Theirs,
                                current.theirs.is_some(),
                            ),
                            (
                                "B",
                                "Accept both",
                                Choice::Both,
                                current.mine.is_some() && current.theirs.is_some(),
                            ),
                            ("R", "Reject both", Choice::Neither, true),
                            ("E", "Edit", Choice::Edited, true),
                        ] {
                            if ui
                                .add_enabled(enabled, egui::Button::new(format!("{label} ({key})")))
                                .clicked()
                            {
                                out.push(ReviewEvent::Settle(choice));
                            }
                        }
                        if ui.button("Skip (N)").clicked() {
                            out.push(ReviewEvent::Skip { forward: true });
                        }
                        if ui.button("Back (P)").clicked() {
                            out.push(ReviewEvent::Skip { forward: false });
                        }
                    });
                });
            } else if ui.button("Start review (N)").clicked() {
                out.push(ReviewEvent::Skip { forward: true });
            }
            ui.separator();

            let (summary, stale) = state
                .agreement
                .as_ref()
                .map_or((None, false), |(r, report)| {
                    (Some(report.overall.clone()), *r != revision)
                });
            match summary {
                Some(overall) => {
                    let show =
                        |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"));
                    ui.label(format!(
                        "Cohen's κ {} · α {} over {} tokens",
                        show(overall.cohen_kappa),
                        show(overall.krippendorff_alpha),
                        overall.tokens
                    ));
                    if let Some(s) = overall.spans_compared {
                        ui.label(format!(
                            "Span F1 exact {} · overlap {} ({} spans)",
                            show(s.f1_exact),
                            show(s.f1_overlap),
                            overall.spans.iter().sum::<usize>()
                        ));
                    }
                    if stale {
                        ui.weak("The project changed since: the report recomputes when opened.");
                    }
                }
                None => {
                    ui.weak("Agreement not computed yet.");
                }
            }
            if ui.button("Agreement report…").clicked() {
                out.push(ReviewEvent::OpenReport);
            }
            ui.separator();

            ui.horizontal_wrapped(|ui| {
                for (i, kind) in Kind::ALL.iter().enumerate() {
                    let count = counts.per_kind[i];
                    ui.checkbox(
                        &mut state.show[i],
                        RichText::new(format!("{} {count}", kind.label()))
                            .color(kind_colour(*kind)),
                    );
                }
            });
            let label = ui.label("Tag");
            egui::ComboBox::from_id_salt("review_tag")
                .selected_text(state.tag.as_deref().unwrap_or("every tag"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut state.tag, None, "every tag");
                    for tag in &project.tags().tags {
                        ui.selectable_value(&mut state.tag, Some(tag.name.clone()), &tag.name);
                    }
                })
                .response
                .labelled_by(label.id);
            // The list's rows, found again only when the filters change.
            let filters = (state.show, state.tag.clone());
            let listed = match listed {
                Some((key, rows)) if key == filters => rows,
                _ => (0..differences.len())
                    .filter(|&i| state.listed(&differences[i]))
                    .collect(),
            };
            let row_height = 2.0 * ui.text_style_height(&egui::TextStyle::Body) + 6.0;
            // Only the rows on screen are built: a book can have tens of thousands.
            egui::ScrollArea::vertical()
                .id_salt("differences")
                .auto_shrink([false, false])
                .show_rows(ui, row_height, listed.len(), |ui, rows| {
                    for &i in &listed[rows] {
                        let d = &differences[i];
                        let title = project
                            .document(&d.document)
                            .map_or(d.document.0.as_str(), |doc| doc.title.as_str());
                        let mark = if settled.contains(d) {
                            " · settled"
                        } else {
                            ""
                        };
                        let text = format!(
                            "{}: {} | {}{mark}\n{}",
                            d.kind.label(),
                            quote(project, d.mine),
                            quote(project, d.theirs),
                            title.chars().take(48).collect::<String>()
                        );
                        let selected = state.current == Some(i);
                        let label = egui::Button::selectable(
                            selected,
                            RichText::new(text).color(kind_colour(d.kind)),
                        )
                        .truncate();
                        if ui
                            .add_sized([ui.available_width(), row_height - 2.0], label)
                            .clicked()
                        {
                            out.push(ReviewEvent::Jump(i));
                        }
                    }
                });
            state.computed = Some(Computed {
                revision,
                differences,
                settled,
                counts,
                listed: Some((filters, listed)),
            });
        });
    events.extend(out.into_iter().map(AppEvent::Review));
}
