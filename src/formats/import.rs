//! Imports: documents and annotations read from other tools' files, merged into a project
//! as one undoable change. A document already in the project (same text, by content hash,
//! or same id for formats that carry no text) gets the annotations as a layer: that is how a
//! colleague who used another tool gets reviewed. Unknown tags join the tag set. Whatever
//! cannot be imported is listed with its file and line; nothing is dropped silently.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::edit::{Command, SpanGroup};
use crate::model::spacing::{Spacing, without_space};
use crate::model::{
    Colour, Document, DocumentId, Layer, NewDocumentIds, Project, Tag, Text, content_hash,
};

/// One span as a file gave it, in code points of the document's text.
#[derive(Clone, Debug, PartialEq, Eq)]
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
        match self.text_less.get(&id) {
            Some(&at) => self.documents[at].spans.push(span),
            None => {
                self.text_less.insert(id.clone(), self.documents.len());
                self.documents.push(Incoming {
                    title: id.clone(),
                    source: source.to_owned(),
                    id,
                    text: None,
                    spans: vec![span],
                });
            }
        }
    }
}

/// The files under `folder` that `wanted` accepts, depth first, each folder's entries in
/// name order, so an import reads a folder the same way on every machine. Each real file is
/// visited once: a link to a file inside the folder counts as that file, and links to
/// folders or to anything outside are not followed (a loop of links cannot repeat or hang
/// the walk).
pub fn files_in(folder: &Path, wanted: &dyn Fn(&Path) -> bool) -> std::io::Result<Vec<PathBuf>> {
    let root = folder.canonicalize()?;
    let mut seen = std::collections::HashSet::new();
    let mut found = Vec::new();
    let mut folders = vec![folder.to_owned()];
    while let Some(current) = folders.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&current)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(std::fs::DirEntry::file_name);
        let mut inner = Vec::new();
        for entry in entries {
            let path = entry.path();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                inner.push(path);
                continue;
            }
            if !wanted(&path) {
                continue;
            }
            let Ok(real) = path.canonicalize() else {
                continue;
            };
            let is_file = real.is_file();
            if is_file && real.starts_with(&root) && seen.insert(real) {
                found.push(path);
            }
        }
        // Depth first, in name order: the first sub-folder is walked next.
        folders.extend(inner.into_iter().rev());
    }
    Ok(found)
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// The layers that received annotations, in name order.
    pub layers: Vec<String>,
    pub documents_added: usize,
    pub documents_matched: usize,
    pub annotations: usize,
    pub tags_added: Vec<String>,
    /// Documents matched other than by identical text, and how.
    pub notes: Vec<String>,
    pub problems: Vec<String>,
}

/// Spans of one layer and tag in one document, with a note for each.
type SpansAndNotes = (Vec<(usize, usize)>, Vec<String>);

/// Colours for imported tags, in turn.
pub(crate) const PALETTE: [Colour; 6] = [
    Colour::rgb(0x8e, 0x44, 0xad),
    Colour::rgb(0xd3, 0x54, 0x00),
    Colour::rgb(0x16, 0xa0, 0x85),
    Colour::rgb(0xc0, 0x39, 0x2b),
    Colour::rgb(0x2c, 0x3e, 0x50),
    Colour::rgb(0xf3, 0x9c, 0x12),
];

/// The change that brings `read` into `project` (annotations into `layer`), and a report.
/// Apply the command through the history; it is one undo step.
pub fn merge(project: &Project, mut read: Read, layer: &str) -> (Command, Imported) {
    name_layers(project, &mut read, layer);
    let mut merging = Merging {
        project,
        layer,
        commands: Vec::new(),
        groups: Vec::new(),
        report: Imported {
            problems: read.problems,
            ..Imported::default()
        },
        added: Vec::new(),
        by_hash: None,
        ids: NewDocumentIds::new(project),
        spaced: None,
    };
    merging.layer_and_tags(&read.documents);
    for incoming in read.documents {
        merging.document(incoming);
    }
    if !merging.groups.is_empty() {
        // After the documents they go on, in one insertion.
        merging
            .commands
            .push(Command::AnnotateGroups(merging.groups));
    }
    (Command::Batch(merging.commands), merging.report)
}

/// Which layers a file's spans go into. A file naming one annotator's layer (or none)
/// comes in as the layer the import goes into, as chosen. A file naming several comes in
/// as several: each keeps its name where the project has no layer of that name, else it is
/// called after the import's layer, `colleague (AK)`, so that no one's annotations are
/// mixed into a layer already there.
fn name_layers(project: &Project, read: &mut Read, layer: &str) {
    // A name with control or override characters (see `model::names`) loses them.
    let mut cleaned = BTreeSet::new();
    for span in read.documents.iter_mut().flat_map(|d| d.spans.iter_mut()) {
        if let Some(name) = &span.layer
            && crate::model::names::layer_name_problem(name).is_some()
        {
            // An empty cell names no layer; anything else loses what no name may hold.
            let clean = crate::model::names::without_unfit(name);
            if !name.trim().is_empty() {
                cleaned.insert(format!("{name:?} as {clean:?}"));
            }
            span.layer = (!clean.trim().is_empty()).then_some(clean);
        }
    }
    for renamed in cleaned {
        read.problems.push(format!(
            "layer {renamed}: a layer's name holds no control or bidirectional override characters"
        ));
    }
    let named: BTreeSet<String> = read
        .documents
        .iter()
        .flat_map(|d| d.spans.iter().filter_map(|s| s.layer.clone()))
        .collect();
    let several = named.len() > 1;
    for span in read.documents.iter_mut().flat_map(|d| d.spans.iter_mut()) {
        span.layer = match span.layer.take() {
            Some(name) if several => {
                let taken = name == layer || project.layers().iter().any(|l| l.name == name);
                Some(if taken {
                    format!("{layer} ({name})")
                } else {
                    name
                })
            }
            _ => None,
        };
    }
}

/// Where a text is: the project's document at this position, or the import's.
#[derive(Clone, Copy)]
enum Found {
    Ours(usize),
    Added(usize),
}

/// A merge under way: the commands so far and what the report will say.
struct Merging<'a> {
    project: &'a Project,
    layer: &'a str,
    commands: Vec<Command>,
    /// Every span to tag, applied once all documents are in.
    groups: Vec<SpanGroup>,
    report: Imported,
    /// The documents this import adds, so a second file with the same text matches too.
    added: Vec<(DocumentId, Text)>,
    /// The project's documents and those this import adds, by the hash of their text, so
    /// that no file scans them all.
    by_hash: Option<HashMap<String, Found>>,
    /// Ids for the documents this import adds.
    ids: NewDocumentIds<'a>,
    /// The project's texts without white space, by hash: found only when a file's text is
    /// not exactly one of them (another line ending, other spacing).
    spaced: Option<HashMap<String, usize>>,
}

impl Merging<'_> {
    /// The documents by the hash of their text, made at first use.
    fn by_hash(&mut self) -> &mut HashMap<String, Found> {
        let project = self.project;
        self.by_hash.get_or_insert_with(|| {
            let mut index = HashMap::new();
            for (at, d) in project.documents().iter().enumerate() {
                index
                    .entry(d.content_hash().to_owned())
                    .or_insert(Found::Ours(at));
            }
            index
        })
    }

    /// The layers, if new (the import's own, then those the file names), and the tags
    /// the project does not have yet.
    fn layer_and_tags(&mut self, documents: &[Incoming]) {
        let project = self.project;
        let named: BTreeSet<&str> = documents
            .iter()
            .flat_map(|d| d.spans.iter().filter_map(|s| s.layer.as_deref()))
            .filter(|l| *l != self.layer)
            .collect();
        let new = std::iter::once(self.layer)
            .chain(named)
            .filter(|name| !project.layers().iter().any(|l| l.name == *name));
        for (n, name) in new.enumerate() {
            self.commands.push(Command::AddLayer {
                index: project.layers().len() + n,
                layer: Layer {
                    name: name.to_owned(),
                },
            });
        }
        let unknown: BTreeSet<String> = documents
            .iter()
            .flat_map(|d| d.spans.iter().map(|s| s.tag.clone()))
            .filter(|t| !project.tags().contains(t))
            .collect();
        for (n, name) in unknown.iter().enumerate() {
            if crate::model::names::tag_name_problem(name).is_some() {
                continue;
            }
            self.commands.push(Command::AddTag {
                index: project.tags().tags.len() + n,
                tag: Tag {
                    name: name.clone(),
                    colour: PALETTE[n % PALETTE.len()],
                    hotkey: None,
                    description: "Imported".to_owned(),
                },
            });
            self.report.tags_added.push(name.clone());
        }
    }

    /// One incoming document: matched to one of ours (or added), its spans annotated.
    fn document(&mut self, mut incoming: Incoming) {
        self.reanchor_spacing(&mut incoming);
        let Some((id, text)) = self.place(&incoming) else {
            return;
        };
        let mut by_tag: BTreeMap<(String, String), SpansAndNotes> = BTreeMap::new();
        for span in incoming.spans {
            if let Some(problem) = span_problem(&text, &span) {
                self.report.problems.push(format!("{}: {problem}", span.at));
                continue;
            }
            if !self.project.tags().contains(&span.tag)
                && !self.report.tags_added.contains(&span.tag)
            {
                self.report.problems.push(format!(
                    "{}: tag {:?} cannot be a tag name",
                    span.at, span.tag
                ));
                continue;
            }
            let layer = span.layer.unwrap_or_else(|| self.layer.to_owned());
            let entry = by_tag.entry((layer, span.tag)).or_default();
            entry.0.push((span.start, span.end));
            entry.1.push(span.note);
        }
        for ((layer, tag), (spans, notes)) in by_tag {
            self.report.annotations += spans.len();
            if let Err(at) = self.report.layers.binary_search(&layer) {
                self.report.layers.insert(at, layer.clone());
            }
            self.groups.push(SpanGroup {
                document: id.clone(),
                layer,
                tag,
                spans,
                notes,
            });
        }
    }

    /// The same article with other line endings or spacing: its spans move onto this
    /// project's text, and the text becomes ours.
    fn reanchor_spacing(&mut self, incoming: &mut Incoming) {
        let project = self.project;
        let Some(text) = incoming.text.as_deref() else {
            return;
        };
        if self.by_hash().contains_key(&content_hash(text)) {
            return;
        }
        let index = self.spaced.get_or_insert_with(|| {
            project
                .documents()
                .iter()
                .enumerate()
                .map(|(i, d)| (content_hash(&without_space(d.text().as_str())), i))
                .collect()
        });
        let Some(ours) = index
            .get(&content_hash(&without_space(text)))
            .map(|&i| &project.documents()[i])
        else {
            return;
        };
        let Some(spacing) = Spacing::between(text, ours.text().as_str()) else {
            return;
        };
        let mut moved = Vec::new();
        for mut span in std::mem::take(&mut incoming.spans) {
            match spacing.map(span.start, span.end) {
                Some((start, end)) => {
                    span.start = start;
                    span.end = end;
                    span.quote = None;
                    moved.push(span);
                }
                None => self.report.problems.push(format!(
                    "{}: span {}..{} holds only white space",
                    span.at, span.start, span.end
                )),
            }
        }
        self.report.notes.push(format!(
            "{}: the text differs from “{}” only in white space or line endings; {} annotations re-anchored",
            incoming.source,
            ours.title,
            moved.len()
        ));
        incoming.spans = moved;
        incoming.text = Some(ours.text().as_str().to_owned());
    }

    /// The document the spans go on: ours with the same text, else a new one; for formats
    /// without text, ours with the same id. `None` (and a problem) when there is none.
    fn place(&mut self, incoming: &Incoming) -> Option<(DocumentId, Text)> {
        let project = self.project;
        let Some(text) = &incoming.text else {
            let found = project.document(&DocumentId(incoming.id.clone()));
            if found.is_none() {
                self.report.problems.push(format!(
                    "{}: document {:?} is not in the project, and this format holds no text; its {} annotations were not imported",
                    incoming.source,
                    incoming.id,
                    incoming.spans.len()
                ));
            }
            let document = found?;
            self.report.documents_matched += 1;
            return Some((document.id.clone(), document.text().clone()));
        };
        let hash = content_hash(text);
        if let Some(&found) = self.by_hash().get(&hash) {
            self.report.documents_matched += 1;
            return Some(match found {
                Found::Ours(at) => {
                    let document = &project.documents()[at];
                    (document.id.clone(), document.text().clone())
                }
                Found::Added(at) => self.added[at].clone(),
            });
        }
        let id = self.ids.fresh(&incoming.id);
        let document = Document::new(
            id.clone(),
            incoming.title.clone(),
            incoming.source.clone(),
            text.clone(),
        );
        let text = document.text().clone();
        self.commands.push(Command::AddDocument {
            index: project.documents().len() + self.added.len(),
            document,
        });
        let at = self.added.len();
        self.by_hash().insert(hash, Found::Added(at));
        self.added.push((id.clone(), text.clone()));
        self.report.documents_added += 1;
        Some((id, text))
    }
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
