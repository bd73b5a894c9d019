//! A review walk: the differences between two layers (spans, links, attribute values,
//! document labels), which are settled, and the change each decision makes (see
//! `settling`), so every decision is one undoable step.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::edit::Command;
use crate::model::{About, AnnotationId, Choice, Decision, DocumentId, Project};

use super::diff::{Difference, Kind, diff};
use super::settling::Settling;

pub use super::roles::Review;

impl Review {
    /// Every difference between the two layers, agreements included, in project order.
    pub fn differences(&self, project: &Project) -> Vec<Difference> {
        diff(project, &self.mine, &self.theirs)
    }

    /// Whether a decision of this review already settles `difference`.
    pub fn is_settled(&self, project: &Project, difference: &Difference) -> bool {
        project.decisions().iter().any(|d| {
            d.document == difference.document
                && d.mine_layer == self.mine
                && d.theirs_layer == self.theirs
                && d.settles(difference.mine, difference.theirs, &difference.about)
        })
    }

    /// The differences this review's decisions settle, for looking many up at once.
    pub fn settled(&self, project: &Project) -> Settled {
        let mut settled = Settled::default();
        for d in project.decisions() {
            settled.note(self, d);
        }
        settled
    }

    /// Brings `settled` up to date with the decisions about `documents` (the others are
    /// as they were): one pass over the decisions, none over the differences.
    pub fn settle_again(
        &self,
        project: &Project,
        settled: &mut Settled,
        documents: &BTreeSet<DocumentId>,
    ) {
        for document in documents {
            settled.by_document.remove(document);
        }
        for d in project.decisions() {
            if documents.contains(&d.document) {
                settled.note(self, d);
            }
        }
    }

    /// (settled, all) over the disagreements.
    pub fn progress(&self, project: &Project, differences: &[Difference]) -> (usize, usize) {
        let progress = Progress::of(differences, &self.settled(project));
        (progress.settled, progress.disagreements)
    }

    /// The change that settles `difference` with `choice`, as one undo step, or why the
    /// choice does not fit it (a side it does not have; both values of an attribute).
    pub fn settle(
        &self,
        project: &Project,
        difference: &Difference,
        choice: Choice,
        at: jiff::Timestamp,
    ) -> Result<Command, String> {
        let mut settling = Settling::new(project, self, at);
        settling.settle(difference, choice)?;
        Ok(Command::Batch(settling.commands))
    }

    /// The reviewed layer's copy of `annotation` (same document, tag and pieces), if any:
    /// what "edit" selects once a span is settled.
    pub fn copy_in_reviewed(
        &self,
        project: &Project,
        annotation: AnnotationId,
    ) -> Option<AnnotationId> {
        let a = project.annotation(annotation)?;
        Settling::new(project, self, jiff::Timestamp::UNIX_EPOCH).copy_of(a)
    }

    /// Accepts every unsettled agreement at once, as one undo step: spans first, so the
    /// links between them join their copies, then links and document labels.
    pub fn accept_agreements(&self, project: &Project, at: jiff::Timestamp) -> Option<Command> {
        let settled = self.settled(project);
        let mut open: Vec<Difference> = self
            .differences(project)
            .into_iter()
            .filter(|d| !d.kind.is_disagreement() && !settled.contains(d))
            .collect();
        if open.is_empty() {
            return None;
        }
        open.sort_by_key(|d| !d.kind.is_span());
        let mut settling = Settling::new(project, self, at);
        for difference in &open {
            settling.settle(difference, Choice::Both).ok()?;
        }
        Some(Command::Batch(settling.commands))
    }
}

/// The differences a review has settled, by document: spans, links and values by (mine,
/// theirs, what) (annotation and link ids are unique in the project, so that names the
/// difference), document labels by name.
#[derive(Clone, Debug, Default)]
pub struct Settled {
    by_document: HashMap<DocumentId, InDocument>,
}

#[derive(Clone, Debug, Default)]
struct InDocument {
    pairs: HashSet<(Option<AnnotationId>, Option<AnnotationId>, About)>,
    labels: HashSet<String>,
}

impl Settled {
    pub fn contains(&self, difference: &Difference) -> bool {
        let Some(settled) = self.by_document.get(&difference.document) else {
            return false;
        };
        match &difference.about {
            About::Label(name) => settled.labels.contains(name.as_str()),
            about => settled
                .pairs
                .contains(&(difference.mine, difference.theirs, about.clone())),
        }
    }

    /// Takes in `decision` if it is one of `review`'s.
    fn note(&mut self, review: &Review, decision: &Decision) {
        if decision.mine_layer != review.mine || decision.theirs_layer != review.theirs {
            return;
        }
        let settled = self
            .by_document
            .entry(decision.document.clone())
            .or_default();
        match &decision.about {
            About::Label(name) => {
                settled.labels.insert(name.clone());
            }
            about => {
                settled
                    .pairs
                    .insert((decision.mine, decision.theirs, about.clone()));
            }
        }
    }
}

/// How far a review has got, counted once per change of the project: the panel's headings,
/// the walk and `annotary bench` all read these.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Differences of each kind, in `Kind::ALL` order.
    pub per_kind: [usize; Kind::COUNT],
    pub disagreements: usize,
    /// Disagreements settled by a decision.
    pub settled: usize,
    /// Agreements not yet accepted into the reviewed layer.
    pub open_agreements: usize,
}

impl Progress {
    /// Adds another part's progress (a document's) to this one.
    pub fn add(&mut self, other: &Progress) {
        for (sum, n) in self.per_kind.iter_mut().zip(other.per_kind) {
            *sum += n;
        }
        self.disagreements += other.disagreements;
        self.settled += other.settled;
        self.open_agreements += other.open_agreements;
    }

    pub fn of(differences: &[Difference], settled: &Settled) -> Self {
        let mut progress = Self::default();
        for d in differences {
            progress.per_kind[d.kind.index()] += 1;
            match (d.kind.is_disagreement(), settled.contains(d)) {
                (true, done) => {
                    progress.disagreements += 1;
                    progress.settled += usize::from(done);
                }
                (false, false) => progress.open_agreements += 1,
                (false, true) => {}
            }
        }
        progress
    }
}

/// The next unsettled disagreement `shown` lets through after `from` (or before it, going
/// back), wrapping around: what N and P go to, so a reviewer who hides link kinds walks
/// the spans alone. `from` and the result are indices into `differences`.
pub fn next_unsettled(
    differences: &[Difference],
    settled: &Settled,
    from: Option<usize>,
    forward: bool,
    shown: impl Fn(&Difference) -> bool,
) -> Option<usize> {
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
            d.kind.is_disagreement() && !settled.contains(d) && shown(d)
        })
}

/// The name of the person reviewing, from the operating system, for decisions.
pub fn reviewer_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|n| !n.trim().is_empty()))
        .unwrap_or_else(|| "reviewer".to_owned())
}
