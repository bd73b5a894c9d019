//! Agreement on links between two layers. A link of B matches one of A when the types are
//! the same and both its ends are spans paired between the layers: paired exactly (same
//! pieces and tag) for the exact figures, or one-to-one by greatest overlap with the same
//! tag for the overlap figures, the pairings span F1 uses. Precision is over B's links,
//! recall over A's, overall and per relation type; each link matches at most once.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::model::{Annotation, AnnotationId, DocumentId, Project};

use super::diff::{exact_pairs, overlap_pairs};
use super::scores::{SpanScores, f1, ratio};

/// Link figures of layer B against layer A.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkAgreement {
    /// Links per layer, A then B.
    pub links: [usize; 2],
    pub scores: SpanScores,
    /// The same, per relation type.
    pub per_type: BTreeMap<String, ([usize; 2], SpanScores)>,
    /// Relation types of A's links (rows) against B's links between the same paired spans
    /// (columns, pairing by overlap), with [`NO_LINK`] last for a link without a
    /// counterpart: `(names, counts[row][column])`.
    pub confusion: (Vec<String>, Vec<Vec<usize>>),
}

/// The row or column of a link the other layer has no link for.
pub const NO_LINK: &str = "no link";

/// Adds one document's links to the type confusion: each of A's links meets B's link
/// between the partners of its ends (its own type first, else the first other), one-to-one;
/// what is left meets [`NO_LINK`].
fn confuse(
    confusion: &mut BTreeMap<(String, String), usize>,
    mine: &[Link],
    theirs: &[Link],
    pairs: &HashMap<AnnotationId, AnnotationId>,
) {
    let mut used = vec![false; theirs.len()];
    for (kind, from, to) in mine {
        let ends = (pairs.get(from), pairs.get(to));
        let between = |j: usize| {
            let (_, f, t) = &theirs[j];
            !used[j] && ends == (Some(f), Some(t))
        };
        let found = (0..theirs.len())
            .find(|&j| between(j) && &theirs[j].0 == kind)
            .or_else(|| (0..theirs.len()).find(|&j| between(j)));
        let column = match found {
            Some(j) => {
                used[j] = true;
                theirs[j].0.clone()
            }
            None => NO_LINK.to_owned(),
        };
        *confusion.entry((kind.clone(), column)).or_insert(0) += 1;
    }
    for (j, (kind, ..)) in theirs.iter().enumerate() {
        if !used[j] {
            *confusion
                .entry((NO_LINK.to_owned(), kind.clone()))
                .or_insert(0) += 1;
        }
    }
}

/// The counts as a square table over every type seen, [`NO_LINK`] last.
fn confusion_table(counts: &BTreeMap<(String, String), usize>) -> (Vec<String>, Vec<Vec<usize>>) {
    let mut names: Vec<String> = counts
        .keys()
        .flat_map(|(a, b)| [a.clone(), b.clone()])
        .filter(|n| n != NO_LINK)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    names.push(NO_LINK.to_owned());
    let at = |name: &str| names.iter().position(|n| n == name).unwrap_or(0);
    let mut table = vec![vec![0; names.len()]; names.len()];
    for ((a, b), n) in counts {
        table[at(a)][at(b)] += n;
    }
    (names, table)
}

/// One layer's links in one document: (type, from, to).
pub(super) type Link = (String, AnnotationId, AnnotationId);

pub(super) fn links_of(project: &Project, spans: &[&Annotation]) -> Vec<Link> {
    let ids: std::collections::HashSet<AnnotationId> = spans.iter().map(|a| a.id).collect();
    let mut links: Vec<Link> = spans
        .iter()
        .flat_map(|a| project.relations().of(a.id))
        .filter(|r| ids.contains(&r.from) && ids.contains(&r.to))
        .map(|r| (r.kind.clone(), r.from, r.to))
        .collect();
    links.sort();
    links.dedup();
    links
}

/// How many of `theirs` links have a twin in `mine` under the span pairing `pairs`
/// (mine's id to theirs'), per type.
fn matches(
    mine: &[Link],
    theirs: &[Link],
    pairs: &HashMap<AnnotationId, AnnotationId>,
    symmetric: &HashSet<String>,
) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    for (link, hit) in mine.iter().zip(twinned(mine, theirs, pairs, symmetric)) {
        if hit {
            *found.entry(link.0.clone()).or_insert(0) += 1;
        }
    }
    found
}

/// Whether each of `links` has a twin among `others` under `pairs` (its spans' partners):
/// the same type between the partners, either way round for a type without direction.
pub(super) fn twinned(
    links: &[Link],
    others: &[Link],
    pairs: &HashMap<AnnotationId, AnnotationId>,
    symmetric: &HashSet<String>,
) -> Vec<bool> {
    let others: BTreeSet<&Link> = others.iter().collect();
    links
        .iter()
        .map(|(kind, from, to)| match (pairs.get(from), pairs.get(to)) {
            (Some(&from), Some(&to)) => {
                others.contains(&(kind.clone(), from, to))
                    || (symmetric.contains(kind) && others.contains(&(kind.clone(), to, from)))
            }
            _ => false,
        })
        .collect()
}

/// The relation types without direction: a link of one matches its reverse.
pub(super) fn symmetric_types(project: &Project) -> HashSet<String> {
    project
        .schema()
        .relations
        .iter()
        .filter(|t| t.symmetric)
        .map(|t| t.name.clone())
        .collect()
}

/// The link figures of `layers[1]` against `layers[0]` over `documents`; `None` unless
/// there are two layers and at least one link.
pub fn link_agreement(
    project: &Project,
    layers: &[String],
    documents: &[DocumentId],
) -> Option<LinkAgreement> {
    let [a, b] = layers else { return None };
    let symmetric = symmetric_types(project);
    let mut counts: BTreeMap<String, [usize; 2]> = BTreeMap::new();
    let mut exact: BTreeMap<String, usize> = BTreeMap::new();
    let mut overlap: BTreeMap<String, usize> = BTreeMap::new();
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    for document in documents {
        let spans = |layer: &str| -> Vec<&Annotation> {
            project
                .annotations_in(document)
                .iter()
                .filter(|x| x.layer == layer)
                .map(|x| &**x)
                .collect()
        };
        let (mine, theirs) = (spans(a), spans(b));
        let (my_links, their_links) = (links_of(project, &mine), links_of(project, &theirs));
        for (side, links) in [(0, &my_links), (1, &their_links)] {
            for (kind, ..) in links {
                counts.entry(kind.clone()).or_default()[side] += 1;
            }
        }
        for (pairing, total, by_overlap) in [
            (exact_pairs(&mine, &theirs), &mut exact, false),
            (overlap_pairs(&mine, &theirs), &mut overlap, true),
        ] {
            let by_id: HashMap<AnnotationId, AnnotationId> = pairing
                .into_iter()
                .map(|(i, j)| (mine[i].id, theirs[j].id))
                .collect();
            for (kind, n) in matches(&my_links, &their_links, &by_id, &symmetric) {
                *total.entry(kind).or_insert(0) += n;
            }
            if by_overlap {
                confuse(&mut confusion, &my_links, &their_links, &by_id);
            }
        }
    }
    if counts.is_empty() {
        return None;
    }
    let scores = |links: [usize; 2], exact: usize, overlap: usize| SpanScores {
        exact_matches: exact,
        overlap_matches: overlap,
        precision_exact: ratio(exact, links[1]),
        recall_exact: ratio(exact, links[0]),
        f1_exact: f1(exact, links[0], links[1]),
        precision_overlap: ratio(overlap, links[1]),
        recall_overlap: ratio(overlap, links[0]),
        f1_overlap: f1(overlap, links[0], links[1]),
    };
    let mut all = LinkAgreement::default();
    for (kind, links) in counts {
        let (e, o) = (
            exact.get(&kind).copied().unwrap_or(0),
            overlap.get(&kind).copied().unwrap_or(0),
        );
        all.links[0] += links[0];
        all.links[1] += links[1];
        all.scores.exact_matches += e;
        all.scores.overlap_matches += o;
        all.per_type.insert(kind, (links, scores(links, e, o)));
    }
    all.scores = scores(
        all.links,
        all.scores.exact_matches,
        all.scores.overlap_matches,
    );
    all.confusion = confusion_table(&confusion);
    Some(all)
}

impl LinkAgreement {
    /// `{"unit_counts": {"links": {A: n, B: m}}, precision_exact, ..., "per_type": {...}}`.
    pub fn to_json(&self, layers: &[String]) -> serde_json::Value {
        let block = |links: &[usize; 2], s: &SpanScores| {
            let counts: serde_json::Map<String, serde_json::Value> = layers
                .iter()
                .zip(links)
                .map(|(l, n)| (l.clone(), serde_json::json!(n)))
                .collect();
            let mut block = serde_json::json!({
                "unit_counts": {"links": counts},
                "exact_matches": s.exact_matches,
                "overlap_matches": s.overlap_matches,
            });
            for (measure, value) in s.measures() {
                block[measure] = serde_json::json!(value);
            }
            block
        };
        let mut all = block(&self.links, &self.scores);
        let per_type: serde_json::Map<String, serde_json::Value> = self
            .per_type
            .iter()
            .map(|(kind, (links, scores))| (kind.clone(), block(links, scores)))
            .collect();
        all["per_type"] = serde_json::Value::Object(per_type);
        all["confusion"] = serde_json::json!({
            "types": self.confusion.0,
            "rows": layers.first(),
            "columns": layers.get(1),
            "counts": self.confusion.1,
        });
        all
    }
}
