//! The review as the researcher works it: which two layers are compared, what differs
//! (kept once per change of the project, with the list's rows under its filters and the
//! open document's differences for the text), the walk that settles the disagreements, and
//! the agreement report, computed when asked for (on a book that takes a second).

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

use crate::edit::Reach;
use crate::model::{Choice, DocumentId, Project, now};
use crate::review::agreement::{Report, report};
use crate::review::diff::{Difference, Kind, diff_document};
use crate::review::session::{Progress, Review, Settled, next_unsettled, reviewer_name};

use super::LARGE_BYTES;
use super::Workspace;
use super::changes::Changes;
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
    /// Where each document's differences start in `differences`, by the document's place
    /// in the project, then where the last one's end: a change is worked out again for
    /// the documents it reached only.
    bounds: Vec<usize>,
    settled: Settled,
    /// Each document's progress, by its place in the project; `progress` is their sum.
    document_progress: Vec<Progress>,
    progress: Progress,
    listed: Option<(Filters, Vec<usize>)>,
    framed: Option<(DocumentId, Vec<Framed>)>,
    agreement: Option<(u64, Report)>,
    /// The agreement report being worked out on a worker thread (a corpus takes seconds):
    /// the revision it is of, when it started, and where it will come.
    working: Option<(u64, Instant, Receiver<Report>)>,
    /// A worker died (it panicked): from then on the report is worked out in place, so
    /// that it shows or fails where the researcher sees it rather than be asked again.
    worker_failed: bool,
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
            bounds: Vec::new(),
            settled: Settled::default(),
            document_progress: Vec::new(),
            progress: Progress::default(),
            listed: None,
            framed: None,
            agreement: None,
            working: None,
            worker_failed: false,
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

    /// How long the agreement report has been worked out on the worker, while it is.
    pub fn agreement_working(&self) -> Option<std::time::Duration> {
        self.working
            .as_ref()
            .map(|(_, started, _)| started.elapsed())
    }

    /// Takes the report the worker finished, if it has; true when it did, or when the
    /// worker died (then the report is to be worked out again, in place).
    pub fn take_worked_out(&mut self) -> bool {
        let Some((revision, _, done)) = &self.working else {
            return false;
        };
        let revision = *revision;
        match done.try_recv() {
            Ok(report) => {
                self.working = None;
                // A report of a later revision (worked out in place for an export
                // meanwhile) is not replaced by this older one.
                if self.agreement.as_ref().is_some_and(|(r, _)| *r >= revision) {
                    return false;
                }
                self.agreement = Some((revision, report));
                true
            }
            Err(TryRecvError::Empty) => false,
            Err(TryRecvError::Disconnected) => {
                // The worker is gone (it panicked): the next refresh works it out in place.
                self.working = None;
                self.worker_failed = true;
                true
            }
        }
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
        // A worker already at this revision is waited for rather than done again.
        if self.agreement.is_none()
            && self
                .working
                .as_ref()
                .is_some_and(|(at, _, _)| *at == revision)
            && let Some((at, _, done)) = self.working.take()
        {
            match done.recv() {
                Ok(report) => self.agreement = Some((at, report)),
                Err(_) => self.worker_failed = true,
            }
        }
        // A worker at an older revision would only bring back a report older than this.
        if self
            .working
            .as_ref()
            .is_some_and(|(at, _, _)| *at < revision)
        {
            self.working = None;
        }
        self.compute_agreement(project, revision)
    }

    fn compute_agreement(&mut self, project: &Project, revision: u64) -> &Report {
        let layers = self.agreement_layers(project);
        &self
            .agreement
            .get_or_insert_with(|| (revision, report(project, &layers, &[])))
            .1
    }

    fn agreement_layers(&self, project: &Project) -> Vec<String> {
        if self.all_layers {
            project.layers().iter().map(|l| l.name.clone()).collect()
        } else {
            vec![self.review.mine.clone(), self.review.theirs.clone()]
        }
    }

    /// Works the agreement report out: in place for a small project, on a worker thread
    /// for a corpus (the window keeps drawing; a change meanwhile copies the project, as
    /// during a save), unless one is being worked out already: a change meanwhile leaves
    /// the report it gives marked stale, rather than start a worker per change.
    fn start_agreement(&mut self, project: &Arc<Project>, revision: u64) {
        if self.working.is_some() {
            return;
        }
        let text: usize = project
            .documents()
            .iter()
            .map(|d| d.text().as_str().len())
            .sum();
        if text as u64 <= LARGE_BYTES || self.worker_failed {
            self.compute_agreement(project, revision);
            return;
        }
        let layers = self.agreement_layers(project);
        let project = Arc::clone(project);
        let (send, done) = channel();
        std::thread::spawn(move || {
            let _ = send.send(report(&project, &layers, &[]));
        });
        self.working = Some((revision, Instant::now(), done));
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
    /// with the project, working out again only what the changes since they were
    /// computed reached; computes the agreement report if its window is open and it never
    /// was.
    pub fn refresh(
        &mut self,
        project: &Arc<Project>,
        revision: u64,
        changes: &Changes,
        document: Option<&DocumentId>,
    ) {
        let layers = (&self.review.mine, &self.review.theirs);
        match &self.computed_for {
            Some((at, mine, theirs)) if (mine, theirs) == layers => {
                if *at != revision {
                    let reach = changes.since(*at);
                    if reach.everything || !self.follow(project, &reach, document) {
                        self.compute(project);
                    }
                }
            }
            _ => self.compute(project),
        }
        self.computed_for = Some((
            revision,
            self.review.mine.clone(),
            self.review.theirs.clone(),
        ));
        let filters = (self.show, self.tag.clone());
        if self.listed.as_ref().is_none_or(|(f, _)| *f != filters) {
            let rows = (0..self.differences.len())
                .filter(|&i| self.listed_by_filters(&self.differences[i]))
                .collect();
            self.listed = Some((filters, rows));
        }
        match document {
            Some(document) if self.framed.as_ref().is_none_or(|(d, _)| d != document) => {
                let spans = project
                    .position_of_document(document)
                    .and_then(|at| self.bounds.get(at..at + 2))
                    .map(|b| &self.differences[b[0]..b[1]])
                    .unwrap_or_default()
                    .iter()
                    .filter(|d| d.kind.is_span())
                    .map(|d| (d.start, d.end, d.kind))
                    .collect();
                self.framed = Some((document.clone(), spans));
            }
            Some(_) => {}
            None => self.framed = None,
        }
        if self.report_open && self.agreement.is_none() {
            self.start_agreement(project, revision);
        }
    }

    /// Works every difference out afresh, document by document.
    fn compute(&mut self, project: &Project) {
        let (mine, theirs) = (&self.review.mine, &self.review.theirs);
        self.differences.clear();
        self.bounds.clear();
        for d in project.documents() {
            self.bounds.push(self.differences.len());
            self.differences
                .extend(diff_document(project, &d.id, mine, theirs));
        }
        self.bounds.push(self.differences.len());
        self.settled = self.review.settled(project);
        self.document_progress = self
            .bounds
            .windows(2)
            .map(|b| Progress::of(&self.differences[b[0]..b[1]], &self.settled))
            .collect();
        self.sum_progress();
        self.listed = None;
        self.framed = None;
    }

    /// Works out again what `reach` reached: the differences of the documents whose
    /// compared layers changed, the decisions of those whose decisions did, and their
    /// progress. False when the documents are not those it was computed for.
    fn follow(&mut self, project: &Project, reach: &Reach, open: Option<&DocumentId>) -> bool {
        if self.bounds.len() != project.documents().len() + 1 {
            return false;
        }
        let (mine, theirs) = (self.review.mine.as_str(), self.review.theirs.as_str());
        let coded = reach.documents_of(&[mine, theirs]);
        let mut places = Vec::new();
        for document in coded.iter().chain(&reach.decisions) {
            match project.position_of_document(document) {
                Some(at) => places.push(at),
                None => return false,
            }
        }
        // From the last document back, so that the bounds before each are still right.
        let mut changed: Vec<usize> = coded
            .iter()
            .filter_map(|d| project.position_of_document(d))
            .collect();
        changed.sort_unstable_by(|a, b| b.cmp(a));
        for &at in &changed {
            let document = &project.documents()[at].id;
            let fresh = diff_document(project, document, mine, theirs);
            let (start, end) = (self.bounds[at], self.bounds[at + 1]);
            let grown = fresh.len() as isize - (end - start) as isize;
            self.differences.splice(start..end, fresh);
            for bound in &mut self.bounds[at + 1..] {
                *bound = bound.saturating_add_signed(grown);
            }
        }
        if !reach.decisions.is_empty() {
            self.review
                .settle_again(project, &mut self.settled, &reach.decisions);
        }
        for &at in &places {
            let (start, end) = (self.bounds[at], self.bounds[at + 1]);
            self.document_progress[at] = Progress::of(&self.differences[start..end], &self.settled);
        }
        self.sum_progress();
        if !coded.is_empty() {
            self.listed = None;
            if open.is_some_and(|d| coded.contains(d)) {
                self.framed = None;
            }
        }
        true
    }

    fn sum_progress(&mut self) {
        let mut progress = Progress::default();
        for p in &self.document_progress {
            progress.add(p);
        }
        self.progress = progress;
    }

    /// Forgets what was derived (the compared layers changed).
    fn invalidate(&mut self) {
        self.computed_for = None;
        self.agreement = None;
        self.working = None;
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
                // Worked out for the other choice: not the one asked for now.
                review.working = None;
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
