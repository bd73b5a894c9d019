//! A review walk: the differences between two layers, which are settled, and the change
//! each decision makes (the chosen annotations copied into the reviewed layer, plus the
//! decision itself), so every decision is one undoable step.

use crate::edit::Command;
use std::collections::HashSet;

use crate::model::{Annotation, AnnotationId, Choice, Decision, Layer, Project};

use super::diff::{Difference, Kind, diff};

/// Who reviews which two layers into which.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    pub mine: String,
    pub theirs: String,
    pub reviewed: String,
    pub reviewer: String,
}

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
                && d.settles(difference.mine, difference.theirs)
        })
    }

    /// The differences this review's decisions settle, for looking many up at once.
    pub fn settled(&self, project: &Project) -> Settled {
        Settled(
            project
                .decisions()
                .iter()
                .filter(|d| d.mine_layer == self.mine && d.theirs_layer == self.theirs)
                .map(|d| (d.mine, d.theirs))
                .collect(),
        )
    }

    /// (settled, all) over the disagreements.
    pub fn progress(&self, project: &Project, differences: &[Difference]) -> (usize, usize) {
        let progress = Progress::of(differences, &self.settled(project));
        (progress.settled, progress.disagreements)
    }

    /// The annotations a choice copies into the reviewed layer; `None` if the choice names
    /// a side the difference does not have.
    fn chosen<'a>(
        &self,
        project: &'a Project,
        difference: &Difference,
        choice: Choice,
    ) -> Option<Vec<&'a Annotation>> {
        let mine = difference.mine.and_then(|id| project.annotation(id));
        let theirs = difference.theirs.and_then(|id| project.annotation(id));
        let picked = match choice {
            Choice::Mine => vec![mine?],
            Choice::Theirs => vec![theirs?],
            Choice::Both if difference.kind == Kind::Agree => vec![mine?],
            Choice::Both => mine.into_iter().chain(theirs).collect(),
            Choice::Neither => Vec::new(),
            Choice::Edited => vec![mine.or(theirs)?],
        };
        Some(picked)
    }

    /// The change that settles `difference` with `choice`, as one undo step.
    pub fn settle(
        &self,
        project: &Project,
        difference: &Difference,
        choice: Choice,
        at: jiff::Timestamp,
    ) -> Option<Command> {
        let mut commands = self.reviewed_layer(project);
        let mut next = project.next_annotation_id().0;
        commands.extend(self.decision(project, difference, choice, at, &mut next)?);
        Some(Command::Batch(commands))
    }

    /// Accepts every unsettled agreement at once (one copy each), as one undo step.
    pub fn accept_agreements(&self, project: &Project, at: jiff::Timestamp) -> Option<Command> {
        let mut commands = self.reviewed_layer(project);
        let before = commands.len();
        let settled = self.settled(project);
        let mut next = project.next_annotation_id().0;
        for difference in self.differences(project) {
            if difference.kind == Kind::Agree && !settled.contains(&difference) {
                let decided = self.decision(project, &difference, Choice::Both, at, &mut next)?;
                commands.extend(decided);
            }
        }
        (commands.len() > before).then_some(Command::Batch(commands))
    }

    fn reviewed_layer(&self, project: &Project) -> Vec<Command> {
        if project.layers().iter().any(|l| l.name == self.reviewed) {
            return Vec::new();
        }
        vec![Command::AddLayer {
            index: project.layers().len(),
            layer: Layer {
                name: self.reviewed.clone(),
            },
        }]
    }

    fn decision(
        &self,
        project: &Project,
        difference: &Difference,
        choice: Choice,
        at: jiff::Timestamp,
        next: &mut u64,
    ) -> Option<Vec<Command>> {
        let mut commands: Vec<Command> = Vec::new();
        // The copies get the next ids in turn (`next` counts on over the decisions of one
        // batch), so their pieces and values can follow them.
        for a in self.chosen(project, difference, choice)? {
            let id = AnnotationId(*next);
            *next += 1;
            let mut pieces = a.pieces();
            let first = pieces.next().unwrap_or((a.start, a.end));
            commands.push(Command::AnnotateMany {
                document: a.document.clone(),
                layer: self.reviewed.clone(),
                tag: a.tag.clone(),
                spans: vec![first],
                notes: vec![a.note.clone()],
            });
            commands.extend(pieces.map(|(start, end)| Command::AddFragment { id, start, end }));
            commands.extend(
                a.attributes
                    .iter()
                    .map(|(name, value)| Command::SetAttribute {
                        id,
                        name: name.clone(),
                        value: Some(value.clone()),
                    }),
            );
        }
        commands.push(Command::Decide(Decision {
            document: difference.document.clone(),
            mine_layer: self.mine.clone(),
            theirs_layer: self.theirs.clone(),
            reviewed_layer: self.reviewed.clone(),
            mine: difference.mine,
            theirs: difference.theirs,
            choice,
            by: self.reviewer.clone(),
            at,
        }));
        Some(commands)
    }
}

/// The differences a review has settled, by (mine, theirs): annotation ids are unique in
/// the project, so the pair names the difference.
#[derive(Clone, Debug, Default)]
pub struct Settled(HashSet<(Option<AnnotationId>, Option<AnnotationId>)>);

impl Settled {
    pub fn contains(&self, difference: &Difference) -> bool {
        self.0.contains(&(difference.mine, difference.theirs))
    }
}

/// How far a review has got, counted once per change of the project: the panel's headings,
/// the walk and `annotary bench` all read these.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Differences of each kind, in `Kind::ALL` order.
    pub per_kind: [usize; 5],
    pub disagreements: usize,
    /// Disagreements settled by a decision.
    pub settled: usize,
    /// Agreements not yet accepted into the reviewed layer.
    pub open_agreements: usize,
}

impl Progress {
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

/// The next unsettled disagreement after `from` (or before it, going back), wrapping
/// around: what N and P go to. `from` and the result are indices into `differences`.
pub fn next_unsettled(
    differences: &[Difference],
    settled: &Settled,
    from: Option<usize>,
    forward: bool,
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
            d.kind.is_disagreement() && !settled.contains(d)
        })
}

/// The name of the person reviewing, from the operating system, for decisions.
pub fn reviewer_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|n| !n.trim().is_empty()))
        .unwrap_or_else(|| "reviewer".to_owned())
}
