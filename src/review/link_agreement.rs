//! Agreement on links between two layers. A link of B matches one of A when the types are
//! the same and both its ends are spans paired between the layers: paired exactly (same
//! pieces and tag) for the exact figures, or one-to-one by greatest overlap with the same
//! tag for the overlap figures, the pairings span F1 uses. Precision is over B's links,
//! recall over A's, overall and per relation type; each link matches at most once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

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
}

/// One layer's links in one document: (type, from, to).
type Link = (String, AnnotationId, AnnotationId);

fn links_of(project: &Project, spans: &[&Annotation]) -> Vec<Link> {
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
) -> BTreeMap<String, usize> {
    let theirs: BTreeSet<&Link> = theirs.iter().collect();
    let mut found = BTreeMap::new();
    for (kind, from, to) in mine {
        let (Some(&from), Some(&to)) = (pairs.get(from), pairs.get(to)) else {
            continue;
        };
        if theirs.contains(&(kind.clone(), from, to)) {
            *found.entry(kind.clone()).or_insert(0) += 1;
        }
    }
    found
}

/// The link figures of `layers[1]` against `layers[0]` over `documents`; `None` unless
/// there are two layers and at least one link.
pub fn link_agreement(
    project: &Project,
    layers: &[String],
    documents: &[DocumentId],
) -> Option<LinkAgreement> {
    let [a, b] = layers else { return None };
    let mut counts: BTreeMap<String, [usize; 2]> = BTreeMap::new();
    let mut exact: BTreeMap<String, usize> = BTreeMap::new();
    let mut overlap: BTreeMap<String, usize> = BTreeMap::new();
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
        for (pairing, total) in [
            (exact_pairs(&mine, &theirs), &mut exact),
            (overlap_pairs(&mine, &theirs), &mut overlap),
        ] {
            let by_id: HashMap<AnnotationId, AnnotationId> = pairing
                .into_iter()
                .map(|(i, j)| (mine[i].id, theirs[j].id))
                .collect();
            for (kind, n) in matches(&my_links, &their_links, &by_id) {
                *total.entry(kind).or_insert(0) += n;
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
        all
    }
}
