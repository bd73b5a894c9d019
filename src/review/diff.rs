//! Where two annotators' layers agree and differ: span by span, then the links between
//! matched spans, the attribute values of matched spans, and the labels of each document.
//!
//! Pairs are found in a fixed order so the result is the same every time: first identical
//! spans with the same tag (agree), then identical spans with another tag (tag conflict),
//! then overlapping spans with the same tag, greatest overlap first (boundary conflict);
//! whatever is left is only in one layer. Each annotation is in exactly one span
//! difference; the pairs found are the matched spans the links and values are compared on
//! (see `coding_diff`).

use crate::model::{About, Annotation, AnnotationId, DocumentId, Project};

pub use super::difference::{Difference, GROUPS, Kind};

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

/// The annotations of one layer in a document, sorted by start.
pub(super) fn layer_annotations<'a>(
    project: &'a Project,
    document: &DocumentId,
    layer: &str,
) -> Vec<&'a Annotation> {
    project
        .annotations_in(document)
        .iter()
        .filter(|a| a.layer == layer)
        .map(|a| &**a)
        .collect()
}

/// The span differences of two layers' annotations in one document (unsorted), and the
/// matched pairs among them as (mine, theirs).
fn span_differences(
    document: &DocumentId,
    mine: &[&Annotation],
    theirs: &[&Annotation],
) -> (Vec<Difference>, Vec<(AnnotationId, AnnotationId)>) {
    let mut used_mine = vec![false; mine.len()];
    let mut used_theirs = vec![false; theirs.len()];
    let mut out = Vec::new();
    let mut matched = Vec::new();
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
            mine,
            theirs,
            &mut used_mine,
            &mut used_theirs,
            same,
            overlap,
        ) {
            let (a, b) = (mine[i], theirs[j]);
            matched.push((a.id, b.id));
            out.push(Difference {
                kind,
                document: document.clone(),
                mine: Some(a.id),
                theirs: Some(b.id),
                about: About::Span,
                start: a.start.min(b.start),
                end: a.end.max(b.end),
                tags: vec![a.tag.clone(), b.tag.clone()],
            });
        }
    }
    for (kind, side, used) in [
        (Kind::OnlyMine, mine, &used_mine),
        (Kind::OnlyTheirs, theirs, &used_theirs),
    ] {
        for (a, _) in side.iter().zip(used.iter()).filter(|(_, used)| !**used) {
            out.push(Difference {
                kind,
                document: document.clone(),
                mine: (kind == Kind::OnlyMine).then_some(a.id),
                theirs: (kind == Kind::OnlyTheirs).then_some(a.id),
                about: About::Span,
                start: a.start,
                end: a.end,
                tags: vec![a.tag.clone()],
            });
        }
    }
    (out, matched)
}

/// The spans of two layers in one document that the diff pairs (agree, tag conflict,
/// boundary conflict), as (mine, theirs): what links and values are compared on.
pub fn matched_spans(
    project: &Project,
    document: &DocumentId,
    mine_layer: &str,
    theirs_layer: &str,
) -> Vec<(AnnotationId, AnnotationId)> {
    let mine = layer_annotations(project, document, mine_layer);
    let theirs = layer_annotations(project, document, theirs_layer);
    span_differences(document, &mine, &theirs).1
}

/// The diff of two layers in one document: document labels first, then spans, links and
/// values in text order.
pub fn diff_document(
    project: &Project,
    document: &DocumentId,
    mine_layer: &str,
    theirs_layer: &str,
) -> Vec<Difference> {
    let mine = layer_annotations(project, document, mine_layer);
    let theirs = layer_annotations(project, document, theirs_layer);
    let (mut out, matched) = span_differences(document, &mine, &theirs);
    let sides = super::coding_diff::Sides {
        project,
        document,
        mine: &mine,
        theirs: &theirs,
        matched: &matched,
    };
    out.extend(sides.link_differences());
    out.extend(sides.value_differences());
    out.extend(super::coding_diff::label_differences(
        project,
        document,
        mine_layer,
        theirs_layer,
    ));
    out.sort_by(|x, y| {
        (x.start, x.end, x.kind, x.mine, x.theirs)
            .cmp(&(y.start, y.end, y.kind, y.mine, y.theirs))
            .then_with(|| x.about.cmp(&y.about))
    });
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
