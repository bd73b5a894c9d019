//! Suggestions: spans the coder's own earlier tagging (a form tagged before) or the text
//! itself (a date) makes likely, offered in the window and on the command line. A
//! suggestion is never an annotation: the coder accepts it (then it is an ordinary
//! annotation in their layer) or rejects it (then its form is remembered in the project
//! and not offered with that tag again).

mod dates;
mod evaluate;
mod forms;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{AttributeValue, DocumentId, Project};

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
    pub tag: String,
    /// How sure, from 0 to 1: the share of this form's annotations with this tag.
    pub score: f64,
    pub source: Source,
    /// What the annotation gets on acceptance (a date's ISO `value`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttributeValue>,
    /// The text of the span.
    pub form: String,
    /// Other tags this form had, with their shares, best first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<(String, f64)>,
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
    let tagged = forms::Tagged::of(project, document, index.layer());
    suggest_beside(project, index, document, sources, &tagged)
}

/// [`suggest`], leaving out what `tagged` holds.
fn suggest_beside(
    project: &Project,
    index: &FormIndex,
    document: &DocumentId,
    sources: Sources,
    tagged: &forms::Tagged,
) -> Vec<Suggestion> {
    let Some(doc) = project.document(document) else {
        return Vec::new();
    };
    let layer = index.layer();
    let mut found = Vec::new();
    if sources.forms {
        found.extend(index.find(doc, tagged));
    }
    if sources.dates && project.tags().get(dates::TAG).is_some() {
        let published = published(project, document, layer);
        for date in find_dates(doc.text().as_str(), published.as_deref()) {
            let (start, end) = (
                doc.text().char_of_byte(date.bytes.start),
                doc.text().char_of_byte(date.bytes.end),
            );
            if tagged.covers(start, end, dates::TAG)
                || project.is_rejected(layer, &date.phrase, dates::TAG)
            {
                continue;
            }
            if let Some(same) = found.iter_mut().find(|s: &&mut Suggestion| {
                (s.start, s.end, s.tag.as_str()) == (start, end, dates::TAG)
            }) {
                same.attributes = date_attributes(project, &date);
                same.why = date.why;
                continue;
            }
            found.push(Suggestion {
                document: document.clone(),
                start,
                end,
                tag: dates::TAG.to_owned(),
                score: date.score,
                source: Source::Dates,
                attributes: date_attributes(project, &date),
                form: date.phrase,
                others: Vec::new(),
                why: date.why,
            });
        }
    }
    found.sort_by(|a, b| {
        (a.start, a.end, a.source, &a.tag).cmp(&(b.start, b.end, b.source, &b.tag))
    });
    found
}

/// The `value` attribute for a date, when the schema has one for dates.
fn date_attributes(project: &Project, date: &DateFinding) -> BTreeMap<String, AttributeValue> {
    let has_value = project
        .schema()
        .attributes
        .iter()
        .any(|a| a.name == "value" && a.applies_to(dates::TAG));
    match &date.value {
        Some(value) if has_value => {
            BTreeMap::from([("value".to_owned(), AttributeValue::Text(value.clone()))])
        }
        _ => BTreeMap::new(),
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
