//! Imports: documents and annotations read from other tools' files, merged into a project
//! as one undoable change. A document already in the project (same text, by content hash,
//! or same id for formats that carry no text) gets the annotations as a layer: that is how a
//! colleague who used another tool gets reviewed. Unknown tags join the tag set. Whatever
//! cannot be imported is listed with its file and line; nothing is dropped silently.

use std::collections::BTreeSet;

use crate::edit::Command;
use crate::model::spacing::{Spacing, without_space};
use crate::model::{Colour, Document, DocumentId, Layer, Project, Tag, Text, content_hash};

/// One span as a file gave it, in code points of the document's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncomingSpan {
    pub start: usize,
    pub end: usize,
    pub tag: String,
    pub note: String,
    /// The covered text the file states, checked against the document when given.
    pub quote: Option<String>,
    /// Where it came from, for messages: "file.ann:12".
    pub at: String,
}

/// One document as a file gave it. Formats without the text (CSV, W3C) name an existing
/// document by id instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incoming {
    pub id: String,
    pub title: String,
    pub source: String,
    pub text: Option<String>,
    pub spans: Vec<IncomingSpan>,
}

/// What a reader made of its files.
#[derive(Debug, Default)]
pub struct Read {
    pub documents: Vec<Incoming>,
    /// "file:line: message" for everything it could not read or keep.
    pub problems: Vec<String>,
}

impl Read {
    /// Adds a span to the text-less document `id` (CSV, W3C), creating it at first sight.
    pub fn add_to(&mut self, id: String, source: &str, span: IncomingSpan) {
        match self.documents.iter_mut().find(|d| d.id == id) {
            Some(incoming) => incoming.spans.push(span),
            None => self.documents.push(Incoming {
                title: id.clone(),
                source: source.to_owned(),
                id,
                text: None,
                spans: vec![span],
            }),
        }
    }
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub documents_added: usize,
    pub documents_matched: usize,
    pub annotations: usize,
    pub tags_added: Vec<String>,
    /// Documents matched other than by identical text, and how.
    pub notes: Vec<String>,
    pub problems: Vec<String>,
}

/// Spans of one tag in one document, with a note for each.
type SpansAndNotes = (Vec<(usize, usize)>, Vec<String>);

/// Colours for imported tags, in turn.
const PALETTE: [Colour; 6] = [
    Colour::rgb(0x8e, 0x44, 0xad),
    Colour::rgb(0xd3, 0x54, 0x00),
    Colour::rgb(0x16, 0xa0, 0x85),
    Colour::rgb(0xc0, 0x39, 0x2b),
    Colour::rgb(0x2c, 0x3e, 0x50),
    Colour::rgb(0xf3, 0x9c, 0x12),
];

/// The change that brings `read` into `project` (annotations into `layer`), and a report.
/// Apply the command through the history; it is one undo step.
pub fn merge(project: &Project, read: Read, layer: &str) -> (Command, Imported) {
    let mut report = Imported {
        problems: read.problems,
        ..Imported::default()
    };
    let mut commands = Vec::new();
    if !project.layers().iter().any(|l| l.name == layer) {
        commands.push(Command::AddLayer {
            index: project.layers().len(),
            layer: Layer {
                name: layer.to_owned(),
            },
        });
    }
    let unknown: BTreeSet<String> = read
        .documents
        .iter()
        .flat_map(|d| d.spans.iter().map(|s| s.tag.clone()))
        .filter(|t| !project.tags().contains(t))
        .collect();
    for (n, name) in unknown.iter().enumerate() {
        if name.trim().is_empty() || name.chars().any(char::is_whitespace) {
            continue;
        }
        commands.push(Command::AddTag {
            index: project.tags().tags.len() + n,
            tag: Tag {
                name: name.clone(),
                colour: PALETTE[n % PALETTE.len()],
                hotkey: None,
                description: "Imported".to_owned(),
            },
        });
        report.tags_added.push(name.clone());
    }
    // Documents added by this import, so a second file with the same text matches too.
    let mut added: Vec<Document> = Vec::new();
    // The project's texts without white space, by hash: found only when a file's text is
    // not exactly one of them (another line ending, other spacing).
    let mut spaced: Option<std::collections::HashMap<String, usize>> = None;
    for mut incoming in read.documents {
        let unmatched = incoming.text.as_deref().filter(|text| {
            let hash = content_hash(text);
            !project.documents().iter().any(|d| d.content_hash() == hash)
        });
        if let Some(text) = unmatched {
            let index = spaced.get_or_insert_with(|| {
                project
                    .documents()
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (content_hash(&without_space(d.text().as_str())), i))
                    .collect()
            });
            let ours = index
                .get(&content_hash(&without_space(text)))
                .map(|&i| &project.documents()[i]);
            if let Some(ours) = ours
                && let Some(spacing) = Spacing::between(text, ours.text().as_str())
            {
                // The same article with other line endings or spacing: the spans move
                // onto this project's text.
                let mut moved = Vec::new();
                for mut span in std::mem::take(&mut incoming.spans) {
                    match spacing.map(span.start, span.end) {
                        Some((start, end)) => {
                            span.start = start;
                            span.end = end;
                            span.quote = None;
                            moved.push(span);
                        }
                        None => report.problems.push(format!(
                            "{}: span {}..{} holds only white space",
                            span.at, span.start, span.end
                        )),
                    }
                }
                report.notes.push(format!(
                    "{}: the text differs from “{}” only in white space or line endings; {} annotations re-anchored",
                    incoming.source,
                    ours.title,
                    moved.len()
                ));
                incoming.spans = moved;
                incoming.text = Some(ours.text().as_str().to_owned());
            }
        }
        let (id, text) = match &incoming.text {
            Some(text) => {
                let hash = content_hash(text);
                let existing = project
                    .documents()
                    .iter()
                    .chain(&added)
                    .find(|d| d.content_hash() == hash);
                match existing {
                    Some(document) => {
                        report.documents_matched += 1;
                        (document.id.clone(), document.text().clone())
                    }
                    None => {
                        let mut id = project.unused_document_id(&incoming.id);
                        while added.iter().any(|d| d.id == id) {
                            id = DocumentId(format!("{}-{}", id.0, added.len() + 1));
                        }
                        let document = Document::new(
                            id.clone(),
                            incoming.title.clone(),
                            incoming.source.clone(),
                            text.clone(),
                        );
                        commands.push(Command::AddDocument {
                            index: project.documents().len() + added.len(),
                            document: document.clone(),
                        });
                        let text = document.text().clone();
                        added.push(document);
                        report.documents_added += 1;
                        (id, text)
                    }
                }
            }
            None => match project.document(&DocumentId(incoming.id.clone())) {
                Some(document) => {
                    report.documents_matched += 1;
                    (document.id.clone(), document.text().clone())
                }
                None => {
                    report.problems.push(format!(
                        "{}: document {:?} is not in the project, and this format holds no text; its {} annotations were not imported",
                        incoming.source,
                        incoming.id,
                        incoming.spans.len()
                    ));
                    continue;
                }
            },
        };
        let mut by_tag: std::collections::BTreeMap<String, SpansAndNotes> =
            std::collections::BTreeMap::new();
        for span in incoming.spans {
            if let Some(problem) = span_problem(&text, &span) {
                report.problems.push(format!("{}: {problem}", span.at));
                continue;
            }
            if !project.tags().contains(&span.tag) && !report.tags_added.contains(&span.tag) {
                report.problems.push(format!(
                    "{}: tag {:?} cannot be a tag name",
                    span.at, span.tag
                ));
                continue;
            }
            let entry = by_tag.entry(span.tag).or_default();
            entry.0.push((span.start, span.end));
            entry.1.push(span.note);
        }
        for (tag, (spans, notes)) in by_tag {
            report.annotations += spans.len();
            commands.push(Command::AnnotateMany {
                document: id.clone(),
                layer: layer.to_owned(),
                tag,
                spans,
                notes,
            });
        }
    }
    (Command::Batch(commands), report)
}

/// Why a span cannot be kept as it is, if it cannot.
fn span_problem(text: &Text, span: &IncomingSpan) -> Option<String> {
    if span.start >= span.end || span.end > text.char_len() {
        return Some(format!(
            "span {}..{} is empty or past the end of the text ({} characters)",
            span.start,
            span.end,
            text.char_len()
        ));
    }
    for offset in [span.start, span.end] {
        if !text.is_grapheme_boundary(offset) {
            return Some(format!(
                "offset {offset} splits a character (a letter from its accent, an emoji, a CRLF)"
            ));
        }
    }
    if let Some(quote) = &span.quote {
        let covered = text.slice(span.start, span.end);
        if covered != quote {
            return Some(format!(
                "the file says {}..{} covers {quote:?}, but the text there is {covered:?}",
                span.start, span.end
            ));
        }
    }
    None
}
