//! One tagged span of a document, made by one annotator (layer).

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

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

    pub fn contains(&self, char_offset: usize) -> bool {
        self.start <= char_offset && char_offset < self.end
    }

    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        self.start < end && start < self.end
    }
}

/// Now, to the second: project files stay readable and diffs stay small.
pub fn now() -> Timestamp {
    let now = Timestamp::now();
    Timestamp::from_second(now.as_second()).unwrap_or(now)
}
