//! One tagged span of a document, made by one annotator (layer).

use std::collections::BTreeMap;
use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{AttributeValue, Text};

/// A project-wide annotation id. Ids only grow: a deleted annotation's id is never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AnnotationId(pub u64);

impl fmt::Display for AnnotationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A stable document id, unique in the project (e.g. the imported file's stem).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DocumentId(pub String);

impl DocumentId {
    /// Whether the id is safe where exports make file names of it: no folder separators,
    /// no `..`, no leading dot, no control characters. Annotary's own ids always are; a file
    /// with another was made by hand or by another tool, and is refused.
    pub fn is_safe_file_name(&self) -> bool {
        let id = &self.0;
        !id.is_empty()
            && !id.starts_with('.')
            && !id.contains("..")
            && !id
                .chars()
                .any(|c| matches!(c, '/' | '\\' | ':') || c.is_control())
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A span `[start, end)` in Unicode code points, tagged by one annotator.
///
/// `quote` is the covered text, kept so that a reader can verify the offsets and a later
/// version can re-anchor the annotation if the text changes.
///
/// A discontinuous annotation ("Café … Merkel") lists its pieces in `fragments`, sorted
/// and apart; then `start..end` runs from the first piece's start to the last one's end,
/// and the quote is the pieces' texts joined by one space, as brat writes it. A
/// continuous one has no fragments, so its record is what it always was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: AnnotationId,
    pub document: DocumentId,
    pub layer: String,
    pub start: usize,
    pub end: usize,
    pub tag: String,
    pub quote: String,
    /// Free text; empty when the annotator wrote none.
    pub note: String,
    pub created: Timestamp,
    pub modified: Timestamp,
    /// The pieces of a discontinuous span; empty for a continuous one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fragments: Vec<(usize, usize)>,
    /// Values of the schema's attributes, by name; an attribute not set has its default.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttributeValue>,
}

impl Annotation {
    /// The key annotations are kept and saved in: (document, start, end, id).
    pub fn sort_key(&self) -> (&DocumentId, usize, usize, AnnotationId) {
        (&self.document, self.start, self.end, self.id)
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether the annotation covers the character at `char_offset` (a gap between
    /// fragments is not covered).
    pub fn contains(&self, char_offset: usize) -> bool {
        self.pieces()
            .any(|(start, end)| start <= char_offset && char_offset < end)
    }

    /// Whether a piece of the annotation overlaps `start..end`.
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        self.pieces().any(|(s, e)| s < end && start < e)
    }

    /// The spans the annotation covers: its fragments, or `start..end` for a continuous one.
    pub fn pieces(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let whole = self.fragments.is_empty().then_some((self.start, self.end));
        whole.into_iter().chain(self.fragments.iter().copied())
    }

    pub fn is_discontinuous(&self) -> bool {
        !self.fragments.is_empty()
    }
}

/// The quote of pieces of `text`: their texts joined by one space (brat's convention).
/// The pieces must lie inside the text.
pub fn joined_quote(text: &Text, pieces: &[(usize, usize)]) -> String {
    let mut quote = String::new();
    for (n, &(start, end)) in pieces.iter().enumerate() {
        if n > 0 {
            quote.push(' ');
        }
        quote.push_str(text.slice(start, end));
    }
    quote
}

/// Now, to the second: project files stay readable and diffs stay small.
pub fn now() -> Timestamp {
    let now = Timestamp::now();
    Timestamp::from_second(now.as_second()).unwrap_or(now)
}
