//! Where two annotators' layers agree and differ, span by span.
//!
//! Pairs are found in a fixed order so the result is the same every time: first identical
//! spans with the same tag (agree), then identical spans with another tag (tag conflict),
//! then overlapping spans with the same tag, greatest overlap first (boundary conflict);
//! whatever is left is only in one layer. Each annotation is in exactly one difference.

use crate::model::{Annotation, AnnotationId, DocumentId, Project};

/// How a pair of annotations (or a lone one) compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Same span, same tag.
    Agree,
    /// Same span, another tag.
    TagConflict,
    /// Overlapping spans with the same tag but another extent.
    BoundaryConflict,
    /// Only in the first ("mine") layer.
    OnlyMine,
    /// Only in the second ("theirs") layer.
    OnlyTheirs,
}

impl Kind {
    pub const ALL: [Self; 5] = [
        Self::Agree,
        Self::TagConflict,
        Self::BoundaryConflict,
        Self::OnlyMine,
        Self::OnlyTheirs,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Agree => "agree",
            Self::TagConflict => "tag conflict",
            Self::BoundaryConflict => "boundary conflict",
            Self::OnlyMine => "only mine",
            Self::OnlyTheirs => "only theirs",
        }
    }

    /// The kind's place in `Kind::ALL`, for counting and filtering by kind.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn is_disagreement(self) -> bool {
        self != Self::Agree
    }
}

/// One entry of the diff: the annotations it pairs and the stretch of text they cover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub kind: Kind,
    pub document: DocumentId,
    pub mine: Option<AnnotationId>,
    pub theirs: Option<AnnotationId>,
    /// The union of the two spans, in code points.
    pub start: usize,
    pub end: usize,
    /// The tag of the annotation from each side, for filtering by tag.
    pub tags: Vec<String>,
}

/// The spans both sides share, matched one-to-one: a list of (mine, theirs) index pairs.
/// `same` says whether two spans may pair; `score` ranks the candidates (higher first).
fn pair(
    mine: &[&Annotation],
    theirs: &[&Annotation],
    used_mine: &mut [bool],
    used_theirs: &mut [bool],
    same: impl Fn(&Annotation, &Annotation) -> bool,
    score: impl Fn(&Annotation, &Annotation) -> usize,
) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    // Both lists are sorted by start: a span of theirs overlapping `a` starts before `a`
    // ends, and no earlier than `a.start` minus their longest span.
    let longest = theirs.iter().map(|b| b.end - b.start).max().unwrap_or(0);
    for (i, a) in mine.iter().enumerate() {
        if used_mine[i] {
            continue;
        }
        let first = theirs.partition_point(|b| b.start + longest <= a.start);
        let last = theirs.partition_point(|b| b.start < a.end);
        for (j, b) in theirs.iter().enumerate().take(last).skip(first) {
            if !used_theirs[j] && b.end > a.start && same(a, b) {
                candidates.push((score(a, b), i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut pairs = Vec::new();
    for (_, i, j) in candidates {
        if !used_mine[i] && !used_theirs[j] {
            used_mine[i] = true;
            used_theirs[j] = true;
            pairs.push((i, j));
        }
    }
    pairs
}

fn overlap(a: &Annotation, b: &Annotation) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// The one-to-one overlap matching used for span F1: same tag, overlapping, greatest
/// overlap first. Returns how many pairs it found.
pub fn overlap_matches(mine: &[&Annotation], theirs: &[&Annotation]) -> usize {
    overlap_pairs(mine, theirs).len()
}

/// How many spans are in both lists with the same pieces and tag (one-to-one).
pub fn exact_matches(mine: &[&Annotation], theirs: &[&Annotation]) -> usize {
    exact_pairs(mine, theirs).len()
}

/// The one-to-one pairs of spans with the same pieces and tag, as (mine, theirs) indices.
pub fn exact_pairs(mine: &[&Annotation], theirs: &[&Annotation]) -> Vec<(usize, usize)> {
    fresh_pairs(
        mine,
        theirs,
        |a, b| a.pieces().eq(b.pieces()) && a.tag == b.tag,
        |_, _| 0,
    )
}

/// The one-to-one overlap pairs used for span F1, as (mine, theirs) indices.
pub fn overlap_pairs(mine: &[&Annotation], theirs: &[&Annotation]) -> Vec<(usize, usize)> {
    fresh_pairs(mine, theirs, |a, b| a.tag == b.tag, overlap)
}

/// The one-to-one pairs [`pair`] finds between two fresh lists.
fn fresh_pairs(
    mine: &[&Annotation],
    theirs: &[&Annotation],
    same: impl Fn(&Annotation, &Annotation) -> bool,
    score: impl Fn(&Annotation, &Annotation) -> usize,
) -> Vec<(usize, usize)> {
    let mut used_mine = vec![false; mine.len()];
    let mut used_theirs = vec![false; theirs.len()];
    pair(mine, theirs, &mut used_mine, &mut used_theirs, same, score)
}

/// Whether two annotations may pair in one step of the diff.
type Pairs = dyn Fn(&Annotation, &Annotation) -> bool;

/// The diff of two layers in one document, in text order.
pub fn diff_document(
    project: &Project,
    document: &DocumentId,
    mine_layer: &str,
    theirs_layer: &str,
) -> Vec<Difference> {
    let all = project.annotations_in(document);
    let mine: Vec<&Annotation> = all
        .iter()
        .filter(|a| a.layer == mine_layer)
        .map(|a| &**a)
        .collect();
    let theirs: Vec<&Annotation> = all
        .iter()
        .filter(|a| a.layer == theirs_layer)
        .map(|a| &**a)
        .collect();
    let mut used_mine = vec![false; mine.len()];
    let mut used_theirs = vec![false; theirs.len()];
    let mut out = Vec::new();
    let steps: [(Kind, &Pairs); 3] = [
        // Same span means the same pieces: a discontinuous annotation agrees only with
        // one made of the same pieces.
        (Kind::Agree, &|a, b| {
            a.pieces().eq(b.pieces()) && a.tag == b.tag
        }),
        (Kind::TagConflict, &|a, b| a.pieces().eq(b.pieces())),
        (Kind::BoundaryConflict, &|a, b| a.tag == b.tag),
    ];
    for (kind, same) in steps {
        for (i, j) in pair(
            &mine,
            &theirs,
            &mut used_mine,
            &mut used_theirs,
            same,
            overlap,
        ) {
            let (a, b) = (mine[i], theirs[j]);
            out.push(Difference {
                kind,
                document: document.clone(),
                mine: Some(a.id),
                theirs: Some(b.id),
                start: a.start.min(b.start),
                end: a.end.max(b.end),
                tags: vec![a.tag.clone(), b.tag.clone()],
            });
        }
    }
    for (kind, side, used) in [
        (Kind::OnlyMine, &mine, &used_mine),
        (Kind::OnlyTheirs, &theirs, &used_theirs),
    ] {
        for (a, _) in side.iter().zip(used.iter()).filter(|(_, used)| !**used) {
            out.push(Difference {
                kind,
                document: document.clone(),
                mine: (kind == Kind::OnlyMine).then_some(a.id),
                theirs: (kind == Kind::OnlyTheirs).then_some(a.id),
                start: a.start,
                end: a.end,
                tags: vec![a.tag.clone()],
            });
        }
    }
    out.sort_by_key(|d| (d.start, d.end, d.kind, d.mine, d.theirs));
    out
}

/// The diff of two layers over every document, in project order.
pub fn diff(project: &Project, mine_layer: &str, theirs_layer: &str) -> Vec<Difference> {
    project
        .documents()
        .iter()
        .flat_map(|d| diff_document(project, &d.id, mine_layer, theirs_layer))
        .collect()
}
