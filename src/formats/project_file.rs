//! The `.ron` project file: versioned, self-contained, deterministic, saved atomically.
//!
//! The top level is pretty-printed with one tag, layer, document or annotation per line,
//! annotations sorted by (document, start, end, id), so saving twice gives the same bytes
//! and a one-annotation change is a one-line diff.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::safe_write::WriteError;
use crate::model::{
    Annotation, AnnotationId, AttributeDef, AttributeValue, Document, DocumentId, FORMAT_VERSION,
    Layer, Problem, Project, Relation, RelationId, RelationType, Schema, Tag, TagSet,
    TextDirection,
};

/// Why a project file could not be read or written. Every message names the file.
#[derive(Debug, Error)]
pub enum ProjectFileError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// "PATH:LINE:COLUMN: not UTF-8 text …"
    #[error("{0}")]
    NotText(String),
    #[error("{}: written by a newer Annotary (file format {found}; this version reads up to {FORMAT_VERSION})", path.display())]
    NewerFormat { path: PathBuf, found: u32 },
    #[error("{}: the file is read-only, so it was not replaced; save the project under another name (File ▸ Save as…)", path.display())]
    ReadOnly { path: PathBuf },
    #[error("{}", problems.iter().map(|p| format!("{}: {p}", path.display())).collect::<Vec<_>>().join("\n"))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectRecord {
    format_version: u32,
    title: String,
    tags: Vec<TagRecord>,
    layers: Vec<LayerRecord>,
    documents: Vec<DocumentRecord>,
    next_annotation_id: u64,
    annotations: Vec<AnnotationRecord>,
    /// Review decisions; absent in files without any.
    #[serde(default)]
    decisions: Vec<DecisionRecord>,
    // Since format 2, each written only when not empty, so that a project without them
    // keeps the bytes of format 1 (apart from the version).
    #[serde(default)]
    relation_types: Vec<RelationType>,
    #[serde(default)]
    attribute_types: Vec<AttributeDef>,
    #[serde(default)]
    label_types: Vec<AttributeDef>,
    /// The tags whose annotations are events.
    #[serde(default)]
    event_types: Vec<String>,
    #[serde(default)]
    relations: Vec<RelationRecord>,
    #[serde(default)]
    labels: Vec<LabelRecord>,
    /// Forms coders rejected as suggestions; written only when there are some.
    #[serde(default)]
    rejected_suggestions: Vec<crate::model::suggest::Rejected>,
    /// What a git merge found changed on both sides, with both versions; written only
    /// while some are unsettled.
    #[serde(default)]
    conflicts: Vec<crate::model::Conflict>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationRecord {
    id: u64,
    kind: String,
    from: u64,
    to: u64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelRecord {
    document: String,
    layer: String,
    name: String,
    value: AttributeValue,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionRecord {
    document: String,
    mine_layer: String,
    theirs_layer: String,
    reviewed_layer: String,
    mine: Option<u64>,
    theirs: Option<u64>,
    /// For a decision about links: the link of each layer (either may be absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mine_link: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    theirs_link: Option<u64>,
    /// For a decision about one attribute of the spans `mine` and `theirs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attribute: Option<String>,
    /// For a decision about one label of the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    choice: String,
    by: String,
    at: Timestamp,
}

impl DecisionRecord {
    /// The decision the record holds, or why it cannot be one.
    fn into_decision(self) -> Result<crate::model::Decision, String> {
        let choice = crate::model::Choice::from_name(&self.choice).ok_or_else(|| {
            format!(
                "review decision on {:?}: unknown choice {:?} (one of mine, theirs, both, neither, edited)",
                self.document, self.choice
            )
        })?;
        let about = self
            .about()
            .map_err(|why| format!("review decision on {:?}: {why}", self.document))?;
        Ok(crate::model::Decision {
            about,
            document: DocumentId(self.document),
            mine_layer: self.mine_layer,
            theirs_layer: self.theirs_layer,
            reviewed_layer: self.reviewed_layer,
            mine: self.mine.map(AnnotationId),
            theirs: self.theirs.map(AnnotationId),
            choice,
            by: self.by,
            at: self.at,
        })
    }

    /// What the decision is about, or why the record names more than one thing.
    fn about(&self) -> Result<crate::model::About, String> {
        use crate::model::{About, RelationId};
        let link = self.mine_link.is_some() || self.theirs_link.is_some();
        match (link, &self.attribute, &self.label) {
            (false, None, None) => Ok(About::Span),
            (true, None, None) => Ok(About::Link {
                mine: self.mine_link.map(RelationId),
                theirs: self.theirs_link.map(RelationId),
            }),
            (false, Some(name), None) => Ok(About::Attribute(name.clone())),
            (false, None, Some(name)) => Ok(About::Label(name.clone())),
            _ => Err(
                "names more than one of links, an attribute and a label; a decision is about one"
                    .to_owned(),
            ),
        }
    }

    /// The record's fields for what a decision is about: (mine_link, theirs_link,
    /// attribute, label).
    fn about_fields(
        about: &crate::model::About,
    ) -> (Option<u64>, Option<u64>, Option<String>, Option<String>) {
        use crate::model::About;
        match about {
            About::Span => (None, None, None, None),
            About::Link { mine, theirs } => {
                (mine.map(|id| id.0), theirs.map(|id| id.0), None, None)
            }
            About::Attribute(name) => (None, None, Some(name.clone()), None),
            About::Label(name) => (None, None, None, Some(name.clone())),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TagRecord {
    name: String,
    colour: String,
    #[serde(default)]
    hotkey: Option<char>,
    #[serde(default)]
    description: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerRecord {
    name: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentRecord {
    id: String,
    title: String,
    #[serde(default)]
    source: String,
    hash: String,
    text: String,
    /// Which way the document's paragraphs run, where the researcher said so (format 4).
    #[serde(default)]
    direction: Option<TextDirection>,
    /// Where the pages of the file it came from start, in characters (format 5).
    #[serde(default)]
    page_starts: Vec<usize>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnotationRecord {
    id: u64,
    document: String,
    layer: String,
    start: usize,
    end: usize,
    tag: String,
    quote: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
    #[serde(default)]
    fragments: Vec<(usize, usize)>,
    #[serde(default)]
    attributes: std::collections::BTreeMap<String, AttributeValue>,
    created: Timestamp,
    modified: Timestamp,
}

/// Only the version, to explain a file this build cannot read (other fields ignored).
#[derive(Deserialize)]
struct VersionProbe {
    format_version: u32,
}

/// Reads and validates a project file.
pub fn load(path: &Path) -> Result<Project, ProjectFileError> {
    let bytes = fs::read(path).map_err(|source| ProjectFileError::Io {
        path: path.to_owned(),
        source,
    })?;
    // A BOM (from an editor on Windows) is dropped; a byte that is not UTF-8 is placed.
    let source = super::file_text::string_of(bytes, &path.display().to_string())
        .map_err(ProjectFileError::NotText)?;
    from_str(&source, path)
}

/// Parses a project from RON text; `path` is only used in messages.
pub fn from_str(source: &str, path: &Path) -> Result<Project, ProjectFileError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    // A file as Annotary writes it is read on two threads, its texts indexed and hashed
    // on the second; any other, or any error, by ron in one pass.
    let in_parts =
        super::project_parts::read_in_parts::<ProjectRecord, _, _, _>(source, documents_of);
    let (whole, documents) = match in_parts {
        // The rest held the lists' places empty: they were the lists.
        Some((mut record, documents, annotations))
            if record.documents.is_empty() && record.annotations.is_empty() =>
        {
            record.annotations = annotations;
            (Ok(record), Some(documents))
        }
        _ => (ron::from_str(source), None),
    };
    let record: ProjectRecord = match whole {
        Ok(record) => record,
        Err(error) => {
            if let Ok(probe) = ron::from_str::<VersionProbe>(source)
                && probe.format_version > FORMAT_VERSION
            {
                return Err(ProjectFileError::NewerFormat {
                    path: path.to_owned(),
                    found: probe.format_version,
                });
            }
            let (line, column) =
                first_token_from(source, error.span.start.line, error.span.start.col);
            return Err(ProjectFileError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message: readable(&error.code),
            });
        }
    };
    if record.format_version > FORMAT_VERSION {
        return Err(ProjectFileError::NewerFormat {
            path: path.to_owned(),
            found: record.format_version,
        });
    }
    let invalid = |problems| ProjectFileError::Invalid {
        path: path.to_owned(),
        problems,
    };
    let (project, problems) = into_project(record, documents);
    match project {
        Ok(project) if problems.is_empty() => Ok(project),
        Ok(_) => Err(invalid(problems)),
        Err(more) => Err(invalid(problems.into_iter().chain(more).collect())),
    }
}

/// What the researcher reads for a syntax error: ron's message in the file's words, with
/// the names of this module's records ("in `DocumentRecord`") as "in a document", and no
/// advice meant for programmers.
fn readable(code: &ron::Error) -> String {
    if *code == ron::Error::ExceededRecursionLimit {
        return "the file nests values too deeply to be a project file".to_owned();
    }
    let mut message = code.to_string();
    for (record, words) in [
        ("`ProjectRecord`", "the project"),
        ("`DecisionRecord`", "a review decision"),
        ("`TagRecord`", "a tag"),
        ("`LayerRecord`", "a layer"),
        ("`DocumentRecord`", "a document"),
        ("`AnnotationRecord`", "an annotation"),
        ("`RelationRecord`", "a relation"),
        ("`LabelRecord`", "a document label"),
        ("`RelationType`", "a relation type"),
        ("`AttributeDef`", "an attribute or label type"),
        ("`AttributeKind`", "an attribute's kind"),
        ("`VersionProbe`", "the project"),
        ("`Conflict`", "a merge conflict"),
        ("`Record`", "a merge conflict's version"),
        ("`RecordKey`", "a merge conflict's key"),
    ] {
        message = message.replace(&format!("struct {record}"), words);
        message = message.replace(record, words);
    }
    message
}

/// ron reports some errors at the whitespace before the offending token; point at the
/// token itself, since that is what the researcher has to fix. Lines and columns count
/// from 1, columns in characters.
fn first_token_from(source: &str, line: usize, column: usize) -> (usize, usize) {
    let Some(line_text) = source.lines().nth(line.saturating_sub(1)) else {
        return (line, column);
    };
    let skipped = line_text
        .chars()
        .skip(column.saturating_sub(1))
        .take_while(|c| c.is_whitespace())
        .count();
    if column.saturating_sub(1) + skipped < line_text.chars().count() {
        (line, column + skipped)
    } else {
        (line, column)
    }
}

/// Builds the model, collecting what is wrong with the records themselves on the side.
/// `documents` are the documents already made of the records, when they were read apart.
fn into_project(
    mut record: ProjectRecord,
    documents: Option<(Vec<Document>, Vec<String>)>,
) -> (Result<Project, Vec<Problem>>, Vec<Problem>) {
    let coding = Coding {
        schema: Schema {
            relations: std::mem::take(&mut record.relation_types),
            attributes: std::mem::take(&mut record.attribute_types),
            labels: std::mem::take(&mut record.label_types),
            events: std::mem::take(&mut record.event_types),
        },
        relations: std::mem::take(&mut record.relations),
        labels: std::mem::take(&mut record.labels),
    };
    let conflicts = std::mem::take(&mut record.conflicts);
    let rejected = std::mem::take(&mut record.rejected_suggestions);
    let mut problems = Vec::new();
    let mut general = |message: String| {
        problems.push(Problem {
            annotation: None,
            message,
        });
    };
    let tags = TagSet {
        tags: record
            .tags
            .into_iter()
            .map(|t| Tag {
                colour: t.colour.parse().unwrap_or_else(|message: String| {
                    general(format!("tag {:?}: {message}", t.name));
                    crate::model::Colour::rgb(128, 128, 128)
                }),
                name: t.name,
                hotkey: t.hotkey,
                description: t.description,
            })
            .collect(),
    };
    let (documents, mismatches) =
        documents.unwrap_or_else(|| documents_of(std::mem::take(&mut record.documents)));
    mismatches.into_iter().for_each(&mut general);
    let annotations: Vec<Annotation> = std::mem::take(&mut record.annotations)
        .into_iter()
        .map(|a| Annotation {
            id: AnnotationId(a.id),
            document: DocumentId(a.document),
            layer: a.layer,
            start: a.start,
            end: a.end,
            tag: a.tag,
            quote: a.quote,
            note: a.note,
            created: a.created,
            modified: a.modified,
            fragments: a.fragments,
            attributes: a.attributes,
        })
        .collect();
    let layers = record
        .layers
        .into_iter()
        .map(|l| Layer { name: l.name })
        .collect();
    let decisions: Vec<crate::model::Decision> = record
        .decisions
        .into_iter()
        .filter_map(|d| d.into_decision().map_err(&mut general).ok())
        .collect();
    let project = Project::from_parts(
        record.title,
        tags,
        layers,
        documents,
        annotations,
        record.next_annotation_id,
    )
    .and_then(|p| {
        let (schema, relations, labels) = coding_of(coding);
        let project = p
            .with_decisions(decisions)
            .with_coding(schema, relations, labels)
            .with_conflicts(conflicts)
            .with_rejected(rejected.into_iter().collect());
        let clashes = project.relation_id_problems();
        if clashes.is_empty() {
            Ok(project)
        } else {
            Err(clashes)
        }
    });
    (project, problems)
}

/// The documents of their records, and for each whose text does not match its hash, why.
fn documents_of(records: Vec<DocumentRecord>) -> (Vec<Document>, Vec<String>) {
    let mut mismatches = Vec::new();
    let documents = records
        .into_iter()
        .map(|d| {
            let mut document = Document::new(DocumentId(d.id), d.title, d.source, d.text);
            document.direction = d.direction;
            document.page_starts = d.page_starts;
            if document.content_hash() != d.hash {
                mismatches.push(format!(
                    "document {:?}: hash {} does not match its text (which hashes to {}); was the text edited by hand?",
                    document.id.0,
                    d.hash,
                    document.content_hash()
                ));
            }
            document
        })
        .collect();
    (documents, mismatches)
}

/// What format 2 added to a file: the schema, relations and document labels.
struct Coding {
    schema: Schema,
    relations: Vec<RelationRecord>,
    labels: Vec<LabelRecord>,
}

/// The model's schema, relations and labels from their records.
fn coding_of(coding: Coding) -> (Schema, Vec<Relation>, crate::model::Labels) {
    let relations = coding
        .relations
        .into_iter()
        .map(|r| Relation {
            id: RelationId(r.id),
            kind: r.kind,
            from: AnnotationId(r.from),
            to: AnnotationId(r.to),
            note: r.note,
        })
        .collect();
    let labels = coding
        .labels
        .into_iter()
        .map(|l| ((DocumentId(l.document), l.layer, l.name), l.value))
        .collect();
    (coding.schema, relations, labels)
}

/// Where the file's text is written: kept whole for [`to_string`], or sent to the file a
/// megabyte at a time when saving, so that saving a corpus does not hold a second copy
/// of all its text.
struct Sink<'a> {
    text: String,
    file: Option<&'a mut dyn std::io::Write>,
    failed: Option<std::io::Error>,
}

impl<'a> Sink<'a> {
    const PIECE: usize = 1 << 20;

    fn new(file: Option<&'a mut dyn std::io::Write>) -> Self {
        Self {
            text: String::with_capacity(if file.is_some() { 2 * Self::PIECE } else { 0 }),
            file,
            failed: None,
        }
    }

    /// After each record: what is written so far goes to the file once it is a piece.
    fn record_done(&mut self) {
        if self.text.len() >= Self::PIECE {
            self.send();
        }
    }

    fn send(&mut self) {
        if let Some(file) = self.file.as_mut() {
            if self.failed.is_none()
                && let Err(error) = file.write_all(self.text.as_bytes())
            {
                self.failed = Some(error);
            }
            self.text.clear();
        }
    }

    /// The rest sent, and the first error writing met, if any.
    fn finish(mut self) -> std::io::Result<()> {
        self.send();
        self.failed.map_or(Ok(()), Err)
    }
}

impl std::ops::Deref for Sink<'_> {
    type Target = String;
    fn deref(&self) -> &String {
        &self.text
    }
}

impl std::ops::DerefMut for Sink<'_> {
    fn deref_mut(&mut self) -> &mut String {
        &mut self.text
    }
}

/// The file's text. Deterministic: the same project always gives the same bytes.
pub fn to_string(project: &Project) -> String {
    let mut out = Sink::new(None);
    out.reserve(
        project
            .documents()
            .iter()
            .map(|d| d.text().as_str().len() + 200)
            .sum::<usize>()
            + project.annotations().len() * 200
            + 1024,
    );
    write_project(project, &mut out);
    out.text
}

/// The file's text, in pieces as they are written when `out` has a file to go to.
fn write_project(project: &Project, out: &mut Sink) {
    out.push_str("(\n");
    // Format 3 added rejected suggestions, 4 a document's direction, 5 page starts; a
    // file without them is written as format 2, so that an Annotary from before reads it
    // (and refuses one with them, by its version).
    let version = if project
        .documents()
        .iter()
        .any(|d| !d.page_starts.is_empty())
    {
        5
    } else if project.documents().iter().any(|d| d.direction.is_some()) {
        4
    } else if !project.rejected().is_empty() {
        3
    } else {
        2
    };
    let _ = writeln!(out, "    format_version: {version},");
    let _ = writeln!(out, "    title: {},", value(&project.title));
    list(
        out,
        "tags",
        project.tags().tags.iter().map(|t| TagRecord {
            name: t.name.clone(),
            colour: t.colour.to_string(),
            hotkey: t.hotkey,
            description: t.description.clone(),
        }),
    );
    write_schema(out, project.schema());
    list(
        out,
        "layers",
        project.layers().iter().map(|l| LayerRecord {
            name: l.name.clone(),
        }),
    );
    // Documents and annotations are most of a file's bytes: they are written directly,
    // in exactly the form ron gives them, without a serializer per record.
    let _ = writeln!(out, "    documents: [");
    for d in project.documents() {
        out.push_str("        (id: ");
        push_string(out, &d.id.0);
        out.push_str(", title: ");
        push_string(out, &d.title);
        out.push_str(", source: ");
        push_string(out, &d.source);
        out.push_str(", hash: ");
        push_string(out, d.content_hash());
        out.push_str(", text: ");
        push_string(out, d.text().as_str());
        match d.direction {
            Some(TextDirection::LeftToRight) => out.push_str(", direction: Some(LeftToRight)"),
            Some(TextDirection::RightToLeft) => out.push_str(", direction: Some(RightToLeft)"),
            None => {}
        }
        if !d.page_starts.is_empty() {
            out.push_str(", page_starts: [");
            for (i, start) in d.page_starts.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{start}");
            }
            out.push(']');
        }
        out.push_str("),\n");
        out.record_done();
    }
    let _ = writeln!(out, "    ],");
    let _ = writeln!(
        out,
        "    next_annotation_id: {},",
        project.next_annotation_id().0
    );
    write_annotations(out, project);
    write_coding(out, project);
    // Written only when there are some, so projects without a review keep their bytes.
    if !project.decisions().is_empty() {
        list(
            out,
            "decisions",
            project.decisions().iter().map(|d| {
                let (mine_link, theirs_link, attribute, label) =
                    DecisionRecord::about_fields(&d.about);
                DecisionRecord {
                    document: d.document.0.clone(),
                    mine_link,
                    theirs_link,
                    attribute,
                    label,
                    mine_layer: d.mine_layer.clone(),
                    theirs_layer: d.theirs_layer.clone(),
                    reviewed_layer: d.reviewed_layer.clone(),
                    mine: d.mine.map(|id| id.0),
                    theirs: d.theirs.map(|id| id.0),
                    choice: d.choice.name().to_owned(),
                    by: d.by.clone(),
                    at: d.at,
                }
            }),
        );
    }
    if !project.rejected().is_empty() {
        list(out, "rejected_suggestions", project.rejected().iter());
    }
    if !project.conflicts().is_empty() {
        list(out, "conflicts", project.conflicts().iter());
    }
    out.push_str(")\n");
}

/// The relation types, attribute types and label types, each list only when not empty.
fn write_schema(out: &mut Sink, schema: &Schema) {
    if !schema.relations.is_empty() {
        list(out, "relation_types", schema.relations.iter());
    }
    if !schema.attributes.is_empty() {
        list(out, "attribute_types", schema.attributes.iter());
    }
    if !schema.labels.is_empty() {
        list(out, "label_types", schema.labels.iter());
    }
    if !schema.events.is_empty() {
        list(out, "event_types", schema.events.iter());
    }
}

/// One line per annotation, written directly in exactly the form ron gives it: they are
/// most of a file's bytes.
fn write_annotations(out: &mut Sink, project: &Project) {
    let _ = writeln!(out, "    annotations: [");
    for a in project.annotations() {
        let _ = write!(out, "        (id: {}, document: ", a.id.0);
        push_string(out, &a.document.0);
        out.push_str(", layer: ");
        push_string(out, &a.layer);
        let _ = write!(out, ", start: {}, end: {}, tag: ", a.start, a.end);
        push_string(out, &a.tag);
        out.push_str(", quote: ");
        push_string(out, &a.quote);
        if !a.note.is_empty() {
            out.push_str(", note: ");
            push_string(out, &a.note);
        }
        if a.is_discontinuous() {
            let _ = write!(out, ", fragments: {}", value(&a.fragments));
        }
        if !a.attributes.is_empty() {
            let _ = write!(out, ", attributes: {}", value(&a.attributes));
        }
        let _ = writeln!(
            out,
            ", created: \"{}\", modified: \"{}\"),",
            a.created, a.modified
        );
        out.record_done();
    }
    let _ = writeln!(out, "    ],");
}

/// Relations and document labels, one per line, each list only when not empty.
fn write_coding(out: &mut Sink, project: &Project) {
    if !project.relations().is_empty() {
        list(
            out,
            "relations",
            project.relations().all().iter().map(|r| RelationRecord {
                id: r.id.0,
                kind: r.kind.clone(),
                from: r.from.0,
                to: r.to.0,
                note: r.note.clone(),
            }),
        );
    }
    if !project.labels().is_empty() {
        list(
            out,
            "labels",
            project
                .labels()
                .iter()
                .map(|((document, layer, name), value)| LabelRecord {
                    document: document.0.clone(),
                    layer: layer.clone(),
                    name: name.clone(),
                    value: value.clone(),
                }),
        );
    }
}

/// A RON string literal, escaped as ron escapes it (`char::escape_debug`), so that files
/// written here and by ron itself are byte for byte the same.
fn push_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        // Most characters stand for themselves; only the rest pay for escape_debug.
        if c.is_ascii_alphanumeric()
            || matches!(c, ' ' | ',' | '.' | '-' | '_' | ':' | ';' | '(' | ')')
        {
            out.push(c);
        } else {
            out.extend(c.escape_debug());
        }
    }
    out.push('"');
}

/// One record per line, so a change to one is a one-line diff.
fn list<T: Serialize>(out: &mut Sink, name: &str, items: impl Iterator<Item = T>) {
    let _ = writeln!(out, "    {name}: [");
    for item in items {
        let _ = writeln!(out, "        {},", value(&item));
        out.record_done();
    }
    let _ = writeln!(out, "    ],");
}

fn value<T: Serialize>(item: &T) -> String {
    let config = ron::ser::PrettyConfig::new()
        .compact_structs(true)
        .compact_arrays(true)
        .compact_maps(true)
        .new_line("\n");
    // Serialising plain records of strings and numbers cannot fail.
    ron::ser::to_string_pretty(item, config).unwrap_or_default()
}

/// Saves atomically (see `safe_write`): a crash at any point leaves either the old or the
/// new project, never a truncated one, and the previous file is kept as `NAME.ron.bak`. A
/// read-only project is refused, never replaced.
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    super::safe_write::replace_with(path, |file| {
        let mut out = Sink::new(Some(file));
        write_project(project, &mut out);
        out.finish()
    })
    .map_err(|error| match error {
        WriteError::ReadOnly(path) => ProjectFileError::ReadOnly { path },
        WriteError::Io(path, source) => ProjectFileError::Io { path, source },
    })
}

#[cfg(test)]
mod tests {
    use super::push_string;

    #[test]
    fn strings_are_escaped_exactly_as_ron_escapes_them() {
        for value in [
            "plain",
            "quote \" backslash \\ apostrophe ' tab \t newline \n cr \r nul \0",
            "café\u{301} 👩\u{200d}👩\u{200d}👧 🇦🇫 北京 “curly” ‘single’ — … \u{feff} \u{7f}",
            "r#\"raw\"# {braces} [brackets] $dollar",
        ] {
            let mut ours = String::new();
            push_string(&mut ours, value);
            assert_eq!(
                ours,
                ron::to_string(value).expect("ron writes strings"),
                "{value:?}"
            );
            assert_eq!(
                ron::from_str::<String>(&ours).expect("ron reads it back"),
                value
            );
        }
    }
}
