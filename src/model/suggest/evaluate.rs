//! How good the suggestions are, measured against a layer's own coding: each document in
//! turn is treated as not yet coded (the forms learn only from the others, the tagger is
//! trained on them), and what is suggested there is compared with what the coder tagged:
//! the same span with the same tag counts as right. Past [`FOLDS`] documents the tagger is
//! trained once per fold instead (every tenth document), leaving that fold out: training
//! once per document would take hours on a corpus.

use std::collections::{BTreeMap, HashSet};

use super::{FormIndex, Learnt, Source, Sources, TrainingSet, forms::Tagged, prepare_beside};
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

/// The most trainings an evaluation runs.
pub const FOLDS: usize = 10;

/// Leave-one-document-out scores for `layer`: per source and tag, per source over its
/// tags, then every source together (`source: None`), per tag and over all.
pub fn evaluate(project: &Project, layer: &str) -> Vec<Score> {
    let documents = project.documents();
    // Each document its own fold, or every tenth together past ten documents.
    let folds = documents.len().min(FOLDS);
    let fold_of = |at: usize| at % folds.max(1);
    let position: std::collections::HashMap<&crate::model::DocumentId, usize> = documents
        .iter()
        .enumerate()
        .map(|(at, d)| (&d.id, at))
        .collect();
    let configurations = [
        (Some(Source::Forms), Sources::only(Source::Forms)),
        (Some(Source::Dates), Sources::only(Source::Dates)),
        (Some(Source::Tagger), Sources::only(Source::Tagger)),
        (None, Sources::default()),
    ];
    let mut scores: BTreeMap<(usize, Option<String>), Score> = BTreeMap::new();
    // Fold by fold, so that one tagger is held at a time.
    for fold in 0..folds {
        let tagger = TrainingSet::gather_without(project, layer, |id| {
            position.get(id).is_some_and(|&at| fold_of(at) == fold)
        })
        .train();
        let in_fold = documents
            .iter()
            .enumerate()
            .filter(|&(at, _)| fold_of(at) == fold);
        for (_, document) in in_fold {
            score_document(
                project,
                layer,
                document,
                &tagger,
                &configurations,
                &mut scores,
            );
        }
    }
    scores.into_values().collect()
}

/// Adds what each configuration suggests in `document` (learning from the others) to
/// `scores`.
fn score_document(
    project: &Project,
    layer: &str,
    document: &crate::model::Document,
    tagger: &super::Tagger,
    configurations: &[(Option<Source>, Sources)],
    scores: &mut BTreeMap<(usize, Option<String>), Score>,
) {
    let gold: HashSet<(usize, usize, &str)> = project
        .annotations_in(&document.id)
        .iter()
        .filter(|a| a.layer == layer && a.fragments.is_empty())
        .map(|a| (a.start, a.end, a.tag.as_str()))
        .collect();
    let index = FormIndex::build_without(project, layer, Some(&document.id));
    let learnt = Learnt {
        forms: &index,
        tagger: Some(tagger),
    };
    for (n, (source, sources)) in configurations.iter().enumerate() {
        let found = prepare_beside(project, &document.id, layer, *sources, Tagged::nothing())
            .map_or_else(Vec::new, |p| p.find(learnt));
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
