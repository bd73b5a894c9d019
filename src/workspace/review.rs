//! The review as the researcher works it: which two layers are compared, what differs
//! (kept once per change of the project, with the list's rows under its filters and the
//! open document's differences for the text), the walk that settles the disagreements, and
//! the agreement report, computed when asked for (on a book that takes a second).

use crate::model::{Choice, DocumentId, Project, now};
use crate::review::agreement::{Report, report};
use crate::review::diff::{Difference, Kind};
use crate::review::session::{Progress, Review, Settled, next_unsettled, reviewer_name};

use super::Workspace;
use super::intent::{Effect, ReviewIntent};

/// A difference as the text view frames it: start, end, kind.
pub type Framed = (usize, usize, Kind);

/// The list's filters: the kinds shown (in `Kind::ALL` order) and the tag.
type Filters = ([bool; Kind::COUNT], Option<String>);

/// The review while the panel is open.
pub struct ReviewState {
    pub review: Review,
    /// Which kinds the list shows, in `Kind::ALL` order.
    pub show: [bool; Kind::COUNT],
    pub tag: Option<String>,
    /// The difference under review: an index into `differences()`.
    pub current: Option<usize>,
    pub report_open: bool,
    /// Mine and theirs side by side instead of one view with both.
    pub side_by_side: bool,
    /// The agreement report across every layer (Fleiss' κ, pairwise) instead of two.
    pub all_layers: bool,
    /// What the derived data below was computed for: revision and the two layers.
    computed_for: Option<(u64, String, String)>,
    differences: Vec<Difference>,
    settled: Settled,
    progress: Progress,
    listed: Option<(Filters, Vec<usize>)>,
    framed: Option<(DocumentId, Vec<Framed>)>,
    agreement: Option<(u64, Report)>,
}

impl ReviewState {
    /// Compares `mine` with `theirs`, reviewing into "reviewed".
    pub fn new(mine: &str, theirs: &str) -> Self {
        Self {
            review: Review {
                mine: mine.to_owned(),
                theirs: theirs.to_owned(),
                reviewed: "reviewed".to_owned(),
                reviewer: reviewer_name(),
            },
            // Disagreements are shown; agreements are there to accept all at once.
            show: Kind::ALL.map(Kind::is_disagreement),
            tag: None,
            current: None,
            report_open: false,
            side_by_side: false,
            all_layers: false,
            computed_for: None,
            differences: Vec::new(),
            settled: Settled::default(),
            progress: Progress::default(),
            listed: None,
            framed: None,
            agreement: None,
        }
    }

    /// The differences of the two layers, in project order.
    pub fn differences(&self) -> &[Difference] {
        &self.differences
    }

    pub fn settled(&self) -> &Settled {
        &self.settled
    }

    /// Differences by kind, disagreements settled of all, agreements left to accept.
    pub fn progress(&self) -> Progress {
        self.progress
    }

    /// The list's rows (indices into `differences()`) under the kind and tag filters.
    pub fn listed(&self) -> &[usize] {
        self.listed
            .as_ref()
            .map_or(&[], |(_, rows)| rows.as_slice())
    }

    /// The open document's span differences as (start, end, kind), sorted, for the text
    /// view (links, values and labels are shown when selected).
    pub fn framed(&self) -> &[Framed] {
        self.framed
            .as_ref()
            .map_or(&[], |(_, spans)| spans.as_slice())
    }

    /// The difference under review.
    pub fn current_difference(&self) -> Option<&Difference> {
        self.current.and_then(|i| self.differences.get(i))
    }

    /// The agreement report as last computed, if it has been.
    pub fn agreement(&self) -> Option<&Report> {
        self.agreement.as_ref().map(|(_, report)| report)
    }

    /// Whether the project changed since the agreement report was computed.
    pub fn agreement_stale(&self, revision: u64) -> bool {
        self.agreement.as_ref().is_some_and(|(r, _)| *r != revision)
    }

    /// The agreement report of the project as it is now (an export is never stale).
    pub fn agreement_now(&mut self, project: &Project, revision: u64) -> &Report {
        if self.agreement_stale(revision) {
            self.agreement = None;
        }
        self.compute_agreement(project, revision)
    }

    fn compute_agreement(&mut self, project: &Project, revision: u64) -> &Report {
        let layers = if self.all_layers {
            project.layers().iter().map(|l| l.name.clone()).collect()
        } else {
            vec![self.review.mine.clone(), self.review.theirs.clone()]
        };
        &self
            .agreement
            .get_or_insert_with(|| (revision, report(project, &layers, &[])))
            .1
    }

    /// Whether the list shows this difference under the kind and tag filters.
    pub fn listed_by_filters(&self, difference: &Difference) -> bool {
        self.show[difference.kind.index()]
            && self
                .tag
                .as_ref()
                .is_none_or(|t| difference.tags.iter().any(|x| x == t))
    }

    /// Brings the differences, the list's rows and the open document's frames up to date
    /// with the project; computes the agreement report if its window is open and it never was.
    pub fn refresh(&mut self, project: &Project, revision: u64, document: Option<&DocumentId>) {
        let key = (
            revision,
            self.review.mine.clone(),
            self.review.theirs.clone(),
        );
        if self.computed_for.as_ref() != Some(&key) {
            self.differences = self.review.differences(project);
            self.settled = self.review.settled(project);
            self.progress = Progress::of(&self.differences, &self.settled);
            self.computed_for = Some(key);
            self.listed = None;
            self.framed = None;
        }
        let filters = (self.show, self.tag.clone());
        if self.listed.as_ref().is_none_or(|(f, _)| *f != filters) {
            let rows = (0..self.differences.len())
                .filter(|&i| self.listed_by_filters(&self.differences[i]))
                .collect();
            self.listed = Some((filters, rows));
        }
        match document {
            Some(document) if self.framed.as_ref().is_none_or(|(d, _)| d != document) => {
                let spans = self
                    .differences
                    .iter()
                    .filter(|d| &d.document == document && d.kind.is_span())
                    .map(|d| (d.start, d.end, d.kind))
                    .collect();
                self.framed = Some((document.clone(), spans));
            }
            Some(_) => {}
            None => self.framed = None,
        }
        if self.report_open && self.agreement.is_none() {
            self.compute_agreement(project, revision);
        }
    }

    /// Forgets what was derived (the compared layers changed).
    fn invalidate(&mut self) {
        self.computed_for = None;
        self.agreement = None;
        self.current = None;
    }
}

impl Workspace {
    pub(super) fn review_intent(&mut self, intent: ReviewIntent, effects: &mut Vec<Effect>) {
        match intent {
            ReviewIntent::Toggle => {
                if self.review.take().is_none() {
                    self.open_review();
                }
            }
            ReviewIntent::Start { mine, theirs } => {
                self.review = Some(ReviewState::new(&mine, &theirs));
            }
            ReviewIntent::OpenReport => {
                if self.review.is_none() {
                    self.open_review();
                }
                if let Some(review) = self.review.as_mut() {
                    if review.agreement_stale(self.revision) {
                        review.agreement = None;
                    }
                    review.report_open = true;
                }
            }
            ReviewIntent::Settle(choice) => self.settle(choice, effects),
            ReviewIntent::Skip { forward } => self.skip(forward, effects),
            ReviewIntent::AcceptAgreements => {
                let review = self.review.as_ref().map(|r| r.review.clone());
                if let Some(command) =
                    review.and_then(|r| r.accept_agreements(&self.project, now()))
                {
                    self.change(command);
                }
            }
            ReviewIntent::Jump(index) => {
                if let Some(review) = self.review.as_mut() {
                    review.current = Some(index);
                }
                self.show_current(effects);
            }
            ReviewIntent::Conflicts(_)
            | ReviewIntent::KeepVersion { .. }
            | ReviewIntent::NextConflict { .. }
            | ReviewIntent::JumpConflict(_) => self.conflict_intent(intent, effects),
            other => self.review_settings(other),
        }
    }

    /// The panel's settings: which layers, the filters, how the report is computed.
    fn review_settings(&mut self, intent: ReviewIntent) {
        let Some(review) = self.review.as_mut() else {
            return;
        };
        match intent {
            ReviewIntent::CloseReport => review.report_open = false,
            ReviewIntent::RecomputeAgreement => review.agreement = None,
            ReviewIntent::AllLayers(all) => {
                review.all_layers = all;
                review.agreement = None;
            }
            ReviewIntent::Layers { mine, theirs } => {
                if (&review.review.mine, &review.review.theirs) != (&mine, &theirs) {
                    review.review.mine = mine;
                    review.review.theirs = theirs;
                    review.invalidate();
                }
            }
            ReviewIntent::ReviewInto(layer) => review.review.reviewed = layer,
            ReviewIntent::Reviewer(name) => review.review.reviewer = name,
            ReviewIntent::ShowKind { kind, shown } => review.show[kind.index()] = shown,
            ReviewIntent::FilterTag(tag) => review.tag = tag,
            ReviewIntent::SideBySide(on) => review.side_by_side = on,
            ReviewIntent::Close => self.review = None,
            ReviewIntent::Toggle
            | ReviewIntent::Start { .. }
            | ReviewIntent::OpenReport
            | ReviewIntent::Settle(_)
            | ReviewIntent::Skip { .. }
            | ReviewIntent::AcceptAgreements
            | ReviewIntent::Jump(_)
            | ReviewIntent::Conflicts(_)
            | ReviewIntent::KeepVersion { .. }
            | ReviewIntent::NextConflict { .. }
            | ReviewIntent::JumpConflict(_) => {}
        }
    }

    /// Opens the review on the current layer against the next one, if there are two.
    fn open_review(&mut self) {
        let mine = self.view.layer.clone();
        match self.project.layers().iter().find(|l| l.name != mine) {
            Some(theirs) => self.review = Some(ReviewState::new(&mine, &theirs.name)),
            None => self.errors.push(
                "There is only one layer to review: use Review ▸ Compare with colleague's project… to bring another in."
                    .to_owned(),
            ),
        }
    }

    /// Settles the difference under review with `choice`, then goes on to the next one;
    /// "edit" selects the copy instead, for the keyboard to resize or retag it.
    fn settle(&mut self, choice: Choice, effects: &mut Vec<Effect>) {
        let Some(review) = self.review.as_ref() else {
            return;
        };
        let Some(difference) = review.current_difference().cloned() else {
            return;
        };
        match review
            .review
            .settle(&self.project, &difference, choice, now())
        {
            Ok(command) => {
                if !self.change(command) {
                    return;
                }
                self.refresh();
                if choice == Choice::Edited {
                    let copy = self.review.as_ref().and_then(|r| {
                        let chosen = difference.mine.or(difference.theirs)?;
                        r.review.copy_in_reviewed(&self.project, chosen)
                    });
                    if let Some(copy) = copy {
                        self.select_annotation(copy, true, effects);
                    }
                } else {
                    self.skip(true, effects);
                }
            }
            Err(why) => self.errors.push(why),
        }
    }

    /// Goes to the next (or previous) unsettled disagreement the list shows, and shows it.
    fn skip(&mut self, forward: bool, effects: &mut Vec<Effect>) {
        let Some(review) = self.review.as_mut() else {
            return;
        };
        review.current = next_unsettled(
            &review.differences,
            &review.settled,
            review.current,
            forward,
            |d| review.listed_by_filters(d),
        );
        self.show_current(effects);
    }

    /// Selects (and scrolls to) an annotation of the difference under review; a document
    /// label's difference opens its document.
    fn show_current(&mut self, effects: &mut Vec<Effect>) {
        let Some(current) = self
            .review
            .as_ref()
            .and_then(ReviewState::current_difference)
            .cloned()
        else {
            return;
        };
        match current.mine.or(current.theirs) {
            Some(id) => self.select_annotation(id, true, effects),
            None => self.navigate(
                super::intent::ViewIntent::OpenDocument(current.document),
                effects,
            ),
        }
    }
}
