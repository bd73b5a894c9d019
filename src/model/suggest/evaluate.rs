//! How good the suggestions are, measured against a layer's own coding: each document in
//! turn is treated as not yet coded (the forms learn only from the others), and what is
//! suggested there is compared with what the coder tagged: the same span with the same
//! tag counts as right.

use std::collections::{BTreeMap, HashSet};

use super::{FormIndex, Source, Sources, forms::Tagged, prepare_beside};
use crate::model::Project;

/// Counts for one source and tag (or all tags, `tag: None`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Score {
    pub source: Option<Source>,
    pub tag: Option<String>,
    /// Suggested and tagged so.
    pub right: usize,
    pub suggested: usize,
    /// Tagged by the coder (with the tags the source can suggest).
    pub tagged: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.suggested)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.right, self.tagged)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Leave-one-document-out scores for `layer`: per source and tag, per source over its
/// tags, then both sources together (`source: None`), per tag and over all.
pub fn evaluate(project: &Project, layer: &str) -> Vec<Score> {
    let configurations = [
        (
            Some(Source::Forms),
            Sources {
                forms: true,
                dates: false,
            },
        ),
        (
            Some(Source::Dates),
            Sources {
                forms: false,
                dates: true,
            },
        ),
        (None, Sources::default()),
    ];
    let mut scores: BTreeMap<(usize, Option<String>), Score> = BTreeMap::new();
    for document in project.documents() {
        let gold: HashSet<(usize, usize, &str)> = project
            .annotations_in(&document.id)
            .iter()
            .filter(|a| a.layer == layer && a.fragments.is_empty())
            .map(|a| (a.start, a.end, a.tag.as_str()))
            .collect();
        let index = FormIndex::build_without(project, layer, Some(&document.id));
        for (n, (source, sources)) in configurations.iter().enumerate() {
            let found = prepare_beside(project, &document.id, layer, *sources, Tagged::nothing())
                .map_or_else(Vec::new, |p| p.find(&index));
            // What the source can suggest at all: the dates only dates.
            let reachable = |tag: &str| *source != Some(Source::Dates) || tag == super::dates::TAG;
            let mut count = |tag: &str, right: bool, tagged: bool| {
                for tag in [Some(tag.to_owned()), None] {
                    let score = scores.entry((n, tag.clone())).or_insert_with(|| Score {
                        source: *source,
                        tag,
                        ..Score::default()
                    });
                    score.right += usize::from(right);
                    score.suggested += usize::from(!tagged);
                    score.tagged += usize::from(tagged);
                }
            };
            for s in &found {
                count(&s.tag, gold.contains(&(s.start, s.end, &*s.tag)), false);
            }
            for (_, _, tag) in gold.iter().filter(|(_, _, tag)| reachable(tag)) {
                count(tag, false, true);
            }
        }
    }
    scores.into_values().collect()
}
