//! Suggestions: spans the coder's own earlier tagging (a form tagged before) or the text
//! itself (a date) makes likely, offered in the window and on the command line. A
//! suggestion is never an annotation: the coder accepts it (then it is an ordinary
//! annotation in their layer) or rejects it (then its form is remembered in the project
//! and not offered with that tag again).

mod dates;
mod evaluate;
mod forms;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{AttributeValue, Document, DocumentId, Project};

pub use dates::{DateFinding, find_dates};

pub use evaluate::{Score, evaluate};
pub use forms::FormIndex;

/// Where a suggestion comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A form the layer has tagged elsewhere in the project.
    Forms,
    /// A date or time expression in the text.
    Dates,
}

impl Source {
    pub const ALL: [Self; 2] = [Self::Forms, Self::Dates];

    /// As the window and `annotary suggest` name it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Forms => "forms",
            Self::Dates => "dates",
        }
    }

    /// In the researcher's words, for the inspector.
    pub fn described(self) -> &'static str {
        match self {
            Self::Forms => "tagged like this elsewhere",
            Self::Dates => "a date in the text",
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
    /// How sure, from 0 to 1: the share of this form's annotations with this tag.
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
}

impl Default for Sources {
    fn default() -> Self {
        Self {
            forms: true,
            dates: true,
        }
    }
}

impl Sources {
    pub fn has(self, source: Source) -> bool {
        match source {
            Source::Forms => self.forms,
            Source::Dates => self.dates,
        }
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

/// The suggestions for `document` in `layer`, sorted by where they start: the forms
/// `index` knows (built for that layer) and the dates in the text, without what the layer
/// has already tagged or the coder rejected. Where both sources offer the same span with
/// the same tag, one suggestion stands for both, with the date's value.
pub fn suggest(
    project: &Project,
    index: &FormIndex,
    document: &DocumentId,
    sources: Sources,
) -> Vec<Suggestion> {
    prepare(project, document, index.layer(), sources).map_or_else(Vec::new, |p| p.find(index))
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
    /// The schema gives dates a `value`.
    valued: bool,
    /// The forms this layer's coder rejected as dates.
    not_dates: std::collections::BTreeSet<String>,
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
        valued: project.schema().attributes.iter().any(|a| {
            a.name == "value"
                && a.applies_to(dates::TAG)
                && matches!(a.kind, super::AttributeKind::Date)
        }),
        not_dates: project
            .rejected()
            .iter()
            .filter(|r| r.layer == layer && r.tag == dates::TAG)
            .map(|r| r.form.clone())
            .collect(),
    })
}

impl Prepared {
    /// The document's suggestions from the forms `index` knows (built for the same layer)
    /// and the dates in its text, sorted by where they start.
    pub fn find(&self, index: &FormIndex) -> Vec<Suggestion> {
        let doc = &self.document;
        let mut found = Vec::new();
        if self.forms && index.layer() == self.layer {
            found.extend(index.find(doc, &self.tagged));
        }
        if self.dates {
            self.add_dates(&mut found);
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
                || self.not_dates.contains(date.phrase.as_str())
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
