//! Suggestions: spans the coder's own earlier tagging (a form tagged before, a tagger
//! trained on their layer) or the text itself (a date) makes likely, offered in the window and on the command line. A
//! suggestion is never an annotation: the coder accepts it (then it is an ordinary
//! annotation in their layer) or rejects it (then its form is remembered in the project
//! and not offered with that tag again).

mod dates;
mod evaluate;
mod forms;
mod tagger;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{AttributeValue, Document, DocumentId, Project};

pub use dates::{DateFinding, find_dates};

pub use evaluate::{FOLDS, Score, evaluate};
pub use forms::{FormIndex, same_but_first_letter as same_form};
pub use tagger::{CONFIDENT, RETRAIN_EVERY, Tagger, TrainingSet};

/// The shortest of `list`'s suggestions (sorted by start) covering char `offset`: what a
/// click there picks.
pub fn covering(list: &[Suggestion], offset: usize) -> Option<usize> {
    // Suggestions are short and rarely nest: those starting a little before are enough.
    let after = list.partition_point(|s| s.start <= offset);
    list[..after]
        .iter()
        .enumerate()
        .rev()
        .take(64)
        .filter(|(_, s)| offset < s.end)
        .min_by_key(|(_, s)| s.end - s.start)
        .map(|(at, _)| at)
}

/// Where a suggestion comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A form the layer has tagged elsewhere in the project.
    Forms,
    /// A date or time expression in the text.
    Dates,
    /// The tagger trained on the layer.
    Tagger,
}

impl Source {
    pub const ALL: [Self; 3] = [Self::Forms, Self::Dates, Self::Tagger];

    /// As the window and `annotary suggest` name it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Forms => "forms",
            Self::Dates => "dates",
            Self::Tagger => "tagger",
        }
    }

    /// In the researcher's words, for the inspector.
    pub fn described(self) -> &'static str {
        match self {
            Self::Forms => "tagged like this elsewhere",
            Self::Dates => "a date in the text",
            Self::Tagger => "the tagger trained on this layer",
        }
    }
}

/// One span offered for tagging.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    pub document: DocumentId,
    /// Code points, end exclusive, as annotations are.
    pub start: usize,
    pub end: usize,
    /// Shared by every suggestion of a form: a book has hundreds of thousands.
    pub tag: Arc<str>,
    /// How sure, from 0 to 1: the share of this form's annotations with this tag (the
    /// forms), how surely the text reads as a date (the dates), the probability the
    /// tagger gives the span (the tagger).
    pub score: f64,
    pub source: Source,
    /// What the annotation gets on acceptance (a date's ISO `value`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttributeValue>,
    /// The text of the span.
    pub form: Arc<str>,
    /// Other tags this form had, with their shares, best first.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub others: Arc<[(String, f64)]>,
    /// Why something is missing (a relative date with no publication date to resolve it).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub why: String,
}

/// A form the coder of `layer` rejected as `tag`: not suggested with that tag again.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rejected {
    pub layer: String,
    pub form: String,
    pub tag: String,
}

/// Which sources to ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sources {
    pub forms: bool,
    pub dates: bool,
    pub tagger: bool,
}

impl Default for Sources {
    fn default() -> Self {
        Self {
            forms: true,
            dates: true,
            tagger: true,
        }
    }
}

impl Sources {
    pub fn has(self, source: Source) -> bool {
        match source {
            Source::Forms => self.forms,
            Source::Dates => self.dates,
            Source::Tagger => self.tagger,
        }
    }

    /// Only `source`.
    pub fn only(source: Source) -> Self {
        Self {
            forms: source == Source::Forms,
            dates: source == Source::Dates,
            tagger: source == Source::Tagger,
        }
    }

    /// Whether any source is asked.
    pub fn any(self) -> bool {
        self.forms || self.dates || self.tagger
    }
}

impl Project {
    /// The same project with these rejected forms (as a project file holds them).
    pub fn with_rejected(mut self, rejected: std::collections::BTreeSet<Rejected>) -> Self {
        self.rejected = rejected;
        self
    }

    pub(crate) fn rejected_mut(&mut self) -> &mut std::collections::BTreeSet<Rejected> {
        &mut self.rejected
    }

    /// The forms coders rejected, sorted.
    pub fn rejected(&self) -> &std::collections::BTreeSet<Rejected> {
        &self.rejected
    }

    /// Whether the coder of `layer` rejected `form` as `tag`.
    pub fn is_rejected(&self, layer: &str, form: &str, tag: &str) -> bool {
        // Few rejections: a scan beats building keys for every lookup.
        self.rejected
            .iter()
            .any(|r| r.layer == layer && r.form == form && r.tag == tag)
    }
}

/// What a layer's suggestions learn from: the forms it tagged, and the tagger trained
/// on it (none until it has been trained).
#[derive(Clone, Copy)]
pub struct Learnt<'a> {
    pub forms: &'a FormIndex,
    pub tagger: Option<&'a Tagger>,
}

impl<'a> From<&'a FormIndex> for Learnt<'a> {
    fn from(forms: &'a FormIndex) -> Self {
        Self {
            forms,
            tagger: None,
        }
    }
}

/// The suggestions for `document` in `layer`, sorted by where they start: the forms
/// `learnt` knows (built for that layer), the dates in the text and the spans its tagger
/// finds, without what the layer has already tagged or the coder rejected. Where the
/// forms and the dates offer the same span with the same tag, one suggestion stands for
/// both, with the date's value; the tagger offers nothing over a span of the same tag
/// the others offer.
pub fn suggest<'a>(
    project: &Project,
    learnt: impl Into<Learnt<'a>>,
    document: &DocumentId,
    sources: Sources,
) -> Vec<Suggestion> {
    let learnt = learnt.into();
    prepare(project, document, learnt.forms.layer(), sources)
        .map_or_else(Vec::new, |p| p.find(learnt))
}

/// What finding one document's suggestions takes from the project, so that a worker
/// thread can let the project go before the search (the window then edits it in place
/// instead of copying it).
pub struct Prepared {
    document: Document,
    layer: String,
    tagged: forms::Tagged,
    published: Option<String>,
    forms: bool,
    dates: bool,
    tagger: bool,
    /// The schema gives dates a `value`.
    valued: bool,
    /// The forms this layer's coder rejected, with the tag: `(tag, form)`.
    rejected: std::collections::BTreeSet<(String, String)>,
    /// The project's tags: a tagger trained before a tag was renamed may still name the
    /// old one until it is trained again.
    tags: std::collections::HashSet<String>,
}

/// The parts of `project` that `document`'s suggestions for `layer` need (none when
/// there is no such document).
pub fn prepare(
    project: &Project,
    document: &DocumentId,
    layer: &str,
    sources: Sources,
) -> Option<Prepared> {
    let tagged = forms::Tagged::of(project, document, layer);
    prepare_beside(project, document, layer, sources, tagged)
}

/// [`prepare`], leaving out what `tagged` holds.
fn prepare_beside(
    project: &Project,
    document: &DocumentId,
    layer: &str,
    sources: Sources,
    tagged: forms::Tagged,
) -> Option<Prepared> {
    let doc = project.document(document)?.clone();
    Some(Prepared {
        document: doc,
        layer: layer.to_owned(),
        tagged,
        published: published(project, document, layer),
        forms: sources.forms,
        dates: sources.dates && project.tags().get(dates::TAG).is_some(),
        tagger: sources.tagger,
        tags: project.tags().tags.iter().map(|t| t.name.clone()).collect(),
        valued: project.schema().attributes.iter().any(|a| {
            a.name == "value"
                && a.applies_to(dates::TAG)
                && matches!(a.kind, super::AttributeKind::Date)
        }),
        rejected: project
            .rejected()
            .iter()
            .filter(|r| r.layer == layer)
            .map(|r| (r.tag.clone(), r.form.clone()))
            .collect(),
    })
}

impl Prepared {
    /// The document's suggestions from what `learnt` knows (for the same layer) and the
    /// dates in its text, sorted by where they start.
    pub fn find<'a>(&self, learnt: impl Into<Learnt<'a>>) -> Vec<Suggestion> {
        let learnt = learnt.into();
        let doc = &self.document;
        let mut found = Vec::new();
        if self.forms && learnt.forms.layer() == self.layer {
            found.extend(learnt.forms.find(doc, &self.tagged));
        }
        if self.dates {
            self.add_dates(&mut found);
        }
        if let Some(tagger) = learnt
            .tagger
            .filter(|t| self.tagger && t.layer() == self.layer)
        {
            self.add_tagged(&mut found, tagger);
        }
        // No two share all four (one per span, source and tag): an unstable sort is as
        // deterministic and needs no second buffer for a book's hundreds of thousands.
        found.sort_unstable_by(|a, b| {
            (a.start, a.end, a.source, &a.tag).cmp(&(b.start, b.end, b.source, &b.tag))
        });
        found.shrink_to_fit();
        found
    }

    fn add_dates(&self, found: &mut Vec<Suggestion>) {
        let text = self.document.text();
        let tag: Arc<str> = Arc::from(dates::TAG);
        let none: Arc<[(String, f64)]> = Arc::from(Vec::new());
        // Where the forms already offer a date: the date finder adds its value there.
        let mut overlapped: std::collections::HashSet<usize> = Default::default();
        let mut dated_spans: Vec<(usize, usize, usize)> = found
            .iter()
            .enumerate()
            .filter(|(_, s)| &*s.tag == dates::TAG)
            .map(|(at, s)| (s.start, s.end, at))
            .collect();
        dated_spans.sort_unstable();
        let dated_forms: std::collections::HashMap<(usize, usize), usize> = found
            .iter()
            .enumerate()
            .filter(|(_, s)| &*s.tag == dates::TAG)
            .map(|(at, s)| ((s.start, s.end), at))
            .collect();
        for date in find_dates(text.as_str(), self.published.as_deref()) {
            let (start, end) = (
                text.char_of_byte(date.bytes.start),
                text.char_of_byte(date.bytes.end),
            );
            if self.tagged.covers(start, end, dates::TAG)
                || self.is_rejected(dates::TAG, &date.phrase)
            {
                continue;
            }
            let attributes = match &date.value {
                Some(value) if self.valued => {
                    BTreeMap::from([("value".to_owned(), AttributeValue::Text(value.clone()))])
                }
                _ => BTreeMap::new(),
            };
            if let Some(&at) = dated_forms.get(&(start, end)) {
                found[at].attributes = attributes;
                found[at].why = date.why;
                continue;
            }
            // A form tagged as a date inside or across this one ("July 3" in "July 3,
            // 2025") is not offered beside it: accepting both would tag it twice.
            // The forms' suggestions never overlap one another: sorted by start, their
            // ends are sorted too, and those meeting this date are one run.
            let from = dated_spans.partition_point(|&(_, e, _)| e <= start);
            let to = dated_spans.partition_point(|&(s, _, _)| s < end);
            overlapped.extend(dated_spans[from..to.max(from)].iter().map(|&(_, _, at)| at));
            found.push(Suggestion {
                document: self.document.id.clone(),
                start,
                end,
                tag: Arc::clone(&tag),
                score: date.score,
                source: Source::Dates,
                attributes,
                form: Arc::from(date.phrase),
                others: Arc::clone(&none),
                why: date.why,
            });
        }
        if !overlapped.is_empty() {
            let mut at = 0;
            found.retain(|_| {
                at += 1;
                !overlapped.contains(&(at - 1))
            });
        }
    }
}

impl Prepared {
    fn is_rejected(&self, tag: &str, form: &str) -> bool {
        // Few rejections: a scan beats building keys for every lookup.
        self.rejected
            .iter()
            .any(|(t, f)| t == tag && same_form(form, f))
    }

    /// The tagger's spans, less those the layer has tagged, the coder rejected, or the
    /// forms or the dates already offer with the same tag.
    fn add_tagged(&self, found: &mut Vec<Suggestion>, tagger: &Tagger) {
        let text = self.document.text();
        let offered = forms::Tagged::of_spans(found.iter().map(|s| (&*s.tag, s.start, s.end)));
        let none: Arc<[(String, f64)]> = Arc::from(Vec::new());
        for span in tagger.find(&self.document).iter().cloned() {
            let form = text.slice(span.start, span.end);
            if !self.tags.contains(&*span.tag)
                || self.tagged.has_span(span.start, span.end)
                || self.tagged.covers(span.start, span.end, &span.tag)
                || offered.covers(span.start, span.end, &span.tag)
                || self.is_rejected(&span.tag, form)
            {
                continue;
            }
            let (attributes, why) = if &*span.tag == dates::TAG {
                self.date_value(form)
            } else {
                (BTreeMap::new(), String::new())
            };
            found.push(Suggestion {
                document: self.document.id.clone(),
                start: span.start,
                end: span.end,
                tag: span.tag,
                score: span.confidence,
                source: Source::Tagger,
                attributes,
                form: Arc::from(form),
                others: Arc::clone(&none),
                why,
            });
        }
    }

    /// A date's `value` read from the whole of `phrase`, if the date rules read it so.
    fn date_value(&self, phrase: &str) -> (BTreeMap<String, AttributeValue>, String) {
        if !self.valued {
            return (BTreeMap::new(), String::new());
        }
        let whole = find_dates(phrase, self.published.as_deref())
            .into_iter()
            .find(|d| d.bytes == (0..phrase.len()));
        match whole {
            Some(DateFinding {
                value: Some(value),
                why,
                ..
            }) => (
                BTreeMap::from([("value".to_owned(), AttributeValue::Text(value))]),
                why,
            ),
            Some(found) => (BTreeMap::new(), found.why),
            None => (
                BTreeMap::new(),
                "no date value could be read from it".to_owned(),
            ),
        }
    }
}

/// The document's publication date as `layer` labelled it (else as any layer did).
fn published(project: &Project, document: &DocumentId, layer: &str) -> Option<String> {
    let labels = project.labels();
    let text = |value: &AttributeValue| match value {
        AttributeValue::Text(text) => Some(text.clone()),
        _ => None,
    };
    labels
        .get(&(document.clone(), layer.to_owned(), "published".to_owned()))
        .and_then(text)
        .or_else(|| {
            labels
                .iter()
                .filter(|((d, _, name), _)| d == document && name == "published")
                .find_map(|(_, value)| text(value))
        })
}
