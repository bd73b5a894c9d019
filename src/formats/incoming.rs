//! What a reader made of another tool's files, before it is merged into a project:
//! documents (with or without their text), their spans with the file's own ids, pieces and
//! values, the links between them, document labels, and what the files declare of the
//! tags and schema. Everything it could not read is a problem with its file and line.

use std::collections::{BTreeMap, HashMap};

use crate::model::{AttributeValue, Schema};

/// One span as a file gave it, in code points of the document's text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncomingSpan {
    /// The annotator's layer the file names for the span (CSV's `layer` column); `None`
    /// puts it in the layer the import goes into.
    pub layer: Option<String>,
    pub start: usize,
    pub end: usize,
    pub tag: String,
    pub note: String,
    /// The covered text the file states, checked against the document when given.
    pub quote: Option<String>,
    /// Where it came from, for messages: "file.ann:12".
    pub at: String,
    /// The file's own id for the span (brat's `T3`, doccano's entity id), by which its
    /// relations name it; empty when nothing names it.
    pub key: String,
    /// The pieces of a discontinuous span, in order, spanning `start..end`; empty for one.
    pub fragments: Vec<(usize, usize)>,
    pub attributes: BTreeMap<String, AttributeValue>,
}

/// A link between two spans of one document, named by their keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncomingRelation {
    pub kind: String,
    pub from: String,
    pub to: String,
    pub note: String,
    pub at: String,
}

/// A label a file gives a whole document (`None` layer: the import's layer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncomingLabel {
    pub layer: Option<String>,
    pub name: String,
    pub value: AttributeValue,
    pub at: String,
}

/// One document as a file gave it. Formats without the text (CSV, W3C) name an existing
/// document by id instead.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Incoming {
    pub id: String,
    pub title: String,
    pub source: String,
    pub text: Option<String>,
    pub spans: Vec<IncomingSpan>,
    pub relations: Vec<IncomingRelation>,
    pub labels: Vec<IncomingLabel>,
}

/// What a reader made of its files.
#[derive(Debug, Default)]
pub struct Read {
    pub documents: Vec<Incoming>,
    /// "file:line: message" for everything it could not read or keep.
    pub problems: Vec<String>,
    /// The tags the files declare (brat's `annotation.conf`), used or not.
    pub tags: Vec<String>,
    /// The colour and description a file gives a tag it declares (a REFI-QDA code's).
    pub tag_looks: HashMap<String, (crate::model::Colour, String)>,
    /// What the files declare or imply of the schema: relation types, attribute kinds
    /// (a brat `A` value is one of a list), event types. What the data needs beyond it
    /// is added on merge.
    pub schema: Schema,
    /// Where `add_to` put each text-less document, so a row finds its document at once.
    text_less: HashMap<String, usize>,
}

impl Read {
    /// A read that found nothing but this problem ("file: why").
    pub fn failed(problem: String) -> Self {
        Self {
            problems: vec![problem],
            ..Self::default()
        }
    }

    /// Adds a span to the text-less document `id` (CSV, W3C), creating it at first sight.
    pub fn add_to(&mut self, id: String, source: &str, span: IncomingSpan) {
        self.text_less(id, source).spans.push(span);
    }

    /// The text-less document `id` (CSV, W3C), created at first sight.
    pub fn text_less(&mut self, id: String, source: &str) -> &mut Incoming {
        let at = match self.text_less.get(&id) {
            Some(&at) => at,
            None => {
                self.text_less.insert(id.clone(), self.documents.len());
                self.documents.push(Incoming {
                    title: id.clone(),
                    source: source.to_owned(),
                    id,
                    text: None,
                    ..Incoming::default()
                });
                self.documents.len() - 1
            }
        };
        &mut self.documents[at]
    }
}
