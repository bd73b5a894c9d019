//! REFI-QDA project export (`.qdpx`, what MAXQDA, ATLAS.ti, NVivo and QualCoder exchange):
//! a zip of `project.qde` (namespace `urn:QDA-XML:project:1.0`, valid against the
//! standard's Project.xsd) and each document as `sources/GUID.txt`.
//!
//! Layers are Users, tags Codes, annotations PlainTextSelections with one Coding each
//! (the note as their Description), links Links (a note on a link a Note), document
//! labels Variables with a value on each source. Positions count code points from 0, end
//! exclusive, in the source file as written: UTF-8 without a byte-order mark, each CRLF
//! written as LF (so every reader counts a line break as one, whatever it does with
//! CRLF). REFI has no pieces: a discontinuous annotation is one selection per piece,
//! said in the report. GUIDs come from the project's names, so the same project gives
//! the same bytes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use crate::model::{AnnotationId, AttributeKind, AttributeValue, Project};

use super::brat_offsets::BratOffsets;
use super::outgoing::{Chosen, ExportError, Exported, Progress};
use super::refi_xml::{attribute, codes, content, guid};

/// What a project export holds: `project.qde`, the source files (zip name, text), and
/// what the format could not hold as REFI holds it.
pub struct Qde {
    pub xml: String,
    pub sources: Vec<(String, String)>,
    pub warnings: Vec<String>,
}

/// Writes the `.qdpx` zip to `path`.
pub fn write(
    project: &Project,
    chosen: &[Chosen<'_>],
    path: &Path,
    progress: &Progress,
) -> Result<Exported, ExportError> {
    let io = |source: std::io::Error| ExportError::Io {
        path: path.to_owned(),
        source,
    };
    let qde = project_qde(project, chosen, progress);
    let mut bytes = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut bytes);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        let files = std::iter::once(("project.qde".to_owned(), qde.xml.as_str()))
            .chain(qde.sources.iter().map(|(n, t)| (n.clone(), t.as_str())));
        for (name, text) in files {
            zip.start_file(name, options)
                .map_err(|e| io(std::io::Error::other(e)))?;
            zip.write_all(text.as_bytes()).map_err(io)?;
        }
        zip.finish().map_err(|e| io(std::io::Error::other(e)))?;
    }
    std::fs::write(path, bytes.get_ref()).map_err(io)?;
    Ok(Exported {
        warnings: qde.warnings,
        ..Exported::default()
    })
}

/// The project file and the sources for the chosen documents and annotations.
pub fn project_qde(project: &Project, chosen: &[Chosen<'_>], progress: &Progress) -> Qde {
    // The layers that coded, and those that only labelled (an import's `source`).
    let mut layers = super::outgoing::layers_written(chosen);
    let documents: HashSet<&str> = chosen.iter().map(|c| c.document.id.0.as_str()).collect();
    for (document, layer, _) in project.labels().keys() {
        if documents.contains(document.0.as_str()) && !layers.contains(&layer.as_str()) {
            layers.push(layer);
        }
    }
    layers.sort_unstable();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        out,
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"{}\" origin=\"Annotary {}\">",
        attribute(&project.title),
        env!("CARGO_PKG_VERSION")
    );
    if !layers.is_empty() {
        out.push_str("  <Users>\n");
        for layer in &layers {
            let _ = writeln!(
                out,
                "    <User guid=\"{}\" name=\"{}\" id=\"{}\"/>",
                guid("user", layer),
                attribute(layer),
                attribute(layer)
            );
        }
        out.push_str("  </Users>\n");
    }
    if !project.tags().tags.is_empty() {
        out.push_str("  <CodeBook>\n");
        codes(&mut out, &project.tags().tags, "    ");
        out.push_str("  </CodeBook>\n");
    }
    let variables = Variables::of(project, chosen, layers.len() > 1);
    variables.declare(&mut out);
    let exported: HashSet<AnnotationId> = chosen
        .iter()
        .flat_map(|c| c.annotations.iter().map(|a| a.id))
        .collect();
    let mut sources = Vec::new();
    let mut pieced = 0;
    if !chosen.is_empty() {
        out.push_str("  <Sources>\n");
        let names = source_names(chosen);
        for (c, name) in chosen.iter().zip(names) {
            pieced += source(&mut out, c, &name, &variables);
            let file = format!("sources/{}.txt", guid("source", &c.document.id.0));
            sources.push((file, c.document.text().as_str().replace("\r\n", "\n")));
            progress.written(c);
        }
        out.push_str("  </Sources>\n");
    }
    let links: Vec<_> = project
        .relations()
        .all()
        .iter()
        .filter(|r| exported.contains(&r.from) && exported.contains(&r.to))
        .collect();
    let link_notes: Vec<_> = links.iter().filter(|r| !r.note.is_empty()).collect();
    if !link_notes.is_empty() {
        out.push_str("  <Notes>\n");
        for relation in &link_notes {
            // QualCoder needs a note's date; a link has none of its own: its source's.
            let when = project
                .annotation(relation.from)
                .map(|a| when(&a.modified))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    <Note guid=\"{}\" name=\"{}\" creationDateTime=\"{when}\">\n      <PlainTextContent>{}</PlainTextContent>\n    </Note>",
                guid("link note", &relation.id.0.to_string()),
                attribute(&format!("Note on a {} link", relation.kind)),
                content(&relation.note)
            );
        }
        out.push_str("  </Notes>\n");
    }
    if !links.is_empty() {
        out.push_str("  <Links>\n");
        for relation in &links {
            let _ = write!(
                out,
                "    <Link guid=\"{}\" name=\"{}\" direction=\"OneWay\" originGUID=\"{}\" targetGUID=\"{}\"",
                guid("link", &relation.id.0.to_string()),
                attribute(&relation.kind),
                selection_guid(relation.from, 0),
                selection_guid(relation.to, 0)
            );
            if relation.note.is_empty() {
                out.push_str("/>\n");
            } else {
                let _ = writeln!(
                    out,
                    ">\n      <NoteRef targetGUID=\"{}\"/>\n    </Link>",
                    guid("link note", &relation.id.0.to_string())
                );
            }
        }
        out.push_str("  </Links>\n");
    }
    out.push_str("</Project>\n");
    let mut warnings = Vec::new();
    if pieced > 0 {
        warnings.push(format!(
            "{} written as one selection per piece: REFI-QDA has no discontinuous selections",
            crate::model::counted(pieced, "discontinuous annotation")
        ));
    }
    Qde {
        xml: out,
        sources,
        warnings,
    }
}

/// A selection's GUID: the annotation's, and for a later piece of a discontinuous one
/// that piece's.
fn selection_guid(id: AnnotationId, piece: usize) -> String {
    if piece == 0 {
        guid("selection", &id.0.to_string())
    } else {
        guid("selection", &format!("{}/{piece}", id.0))
    }
}

/// A time as the standard's dateTime, to the second, in UTC.
fn when(timestamp: &jiff::Timestamp) -> String {
    timestamp.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Each source's name: its title, with its id after it where two share a title (a tool
/// may name files by it).
fn source_names(chosen: &[Chosen<'_>]) -> Vec<String> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for c in chosen {
        *count.entry(c.document.title.as_str()).or_default() += 1;
    }
    chosen
        .iter()
        .map(|c| {
            let title = c.document.title.as_str();
            if count[title] > 1 || title.trim().is_empty() {
                format!("{title} ({})", c.document.id.0).trim().to_owned()
            } else {
                title.to_owned()
            }
        })
        .collect()
}

/// One TextSource with its selections and variable values; gives how many of its
/// annotations were discontinuous.
fn source(out: &mut String, c: &Chosen<'_>, name: &str, variables: &Variables) -> usize {
    let document = c.document;
    let source_guid = guid("source", &document.id.0);
    let _ = writeln!(
        out,
        "    <TextSource guid=\"{source_guid}\" name=\"{}\" plainTextPath=\"internal://{source_guid}.txt\">",
        attribute(name)
    );
    if !document.source.is_empty() {
        let _ = writeln!(
            out,
            "      <Description>{}</Description>",
            content(&document.source)
        );
    }
    let offsets = BratOffsets::new(document.text());
    let mut pieced = 0;
    for a in &c.annotations {
        if a.is_discontinuous() {
            pieced += 1;
        }
        let user = guid("user", &a.layer);
        for (piece, (start, end)) in a.pieces().enumerate() {
            let quote = document.text().slice(start, end).replace("\r\n", "\n");
            let _ = write!(
                out,
                "      <PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{}\" endPosition=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{}\"",
                selection_guid(a.id, piece),
                attribute(&quote),
                offsets.of(start),
                offsets.of(end),
                when(&a.created)
            );
            if a.modified != a.created {
                let _ = write!(
                    out,
                    " modifyingUser=\"{user}\" modifiedDateTime=\"{}\"",
                    when(&a.modified)
                );
            }
            out.push_str(">\n");
            if !a.note.is_empty() {
                let _ = writeln!(
                    out,
                    "        <Description>{}</Description>",
                    content(&a.note)
                );
            }
            let _ = writeln!(
                out,
                "        <Coding guid=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{}\">\n          <CodeRef targetGUID=\"{}\"/>\n        </Coding>\n      </PlainTextSelection>",
                guid("coding", &format!("{}/{piece}", a.id.0)),
                when(&a.created),
                guid("code", &a.tag)
            );
        }
    }
    variables.values(out, &document.id.0);
    out.push_str("    </TextSource>\n");
    pieced
}

/// The document labels as REFI variables: one per label name where one user is written,
/// else per name and layer ("genre (AK)"), so that a label comes back to its layer.
struct Variables {
    /// Variable name → its type and its values by document id.
    list: BTreeMap<String, (Kind, BTreeMap<String, AttributeValue>)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Boolean,
    Float,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Self::Text => "Text",
            Self::Boolean => "Boolean",
            Self::Float => "Float",
        }
    }
}

impl Variables {
    fn of(project: &Project, chosen: &[Chosen<'_>], several_users: bool) -> Self {
        let documents: HashSet<&str> = chosen.iter().map(|c| c.document.id.0.as_str()).collect();
        let labels: Vec<_> = project
            .labels()
            .iter()
            .filter(|((d, _, _), _)| documents.contains(d.0.as_str()))
            .collect();
        let kind_of = |name: &str, value: &AttributeValue| {
            let def = project.schema().labels.iter().find(|d| d.name == name);
            match (def.map(|d| &d.kind), value) {
                (Some(AttributeKind::Flag), _) | (None, AttributeValue::Flag(_)) => Kind::Boolean,
                (Some(AttributeKind::Number), _) | (None, AttributeValue::Number(_)) => Kind::Float,
                _ => Kind::Text,
            }
        };
        let mut list: BTreeMap<String, (Kind, BTreeMap<String, AttributeValue>)> = BTreeMap::new();
        for ((document, layer, name), value) in labels {
            let variable = if several_users {
                format!("{name} ({layer})")
            } else {
                name.clone()
            };
            let entry = list
                .entry(variable)
                .or_insert_with(|| (kind_of(name, value), BTreeMap::new()));
            // A value of another kind than the variable's (a hand-edited file) is text.
            if kind_of(name, value) != entry.0 {
                entry.0 = Kind::Text;
            }
            entry.1.insert(document.0.clone(), value.clone());
        }
        Self { list }
    }

    fn declare(&self, out: &mut String) {
        if self.list.is_empty() {
            return;
        }
        out.push_str("  <Variables>\n");
        for (name, (kind, _)) in &self.list {
            let _ = writeln!(
                out,
                "    <Variable guid=\"{}\" name=\"{}\" typeOfVariable=\"{}\"/>",
                guid("variable", name),
                attribute(name),
                kind.name()
            );
        }
        out.push_str("  </Variables>\n");
    }

    fn values(&self, out: &mut String, document: &str) {
        for (name, (kind, values)) in &self.list {
            let Some(value) = values.get(document) else {
                continue;
            };
            let (element, text) = match (kind, value) {
                (Kind::Boolean, AttributeValue::Flag(set)) => ("BooleanValue", set.to_string()),
                // xsd:decimal: Rust writes a finite number without an exponent.
                (Kind::Float, AttributeValue::Number(n)) if n.is_finite() => {
                    ("FloatValue", n.to_string())
                }
                (_, value) => ("TextValue", value.to_string()),
            };
            let _ = writeln!(
                out,
                "      <VariableValue>\n        <VariableRef targetGUID=\"{}\"/>\n        <{element}>{}</{element}>\n      </VariableValue>",
                guid("variable", name),
                content(&text)
            );
        }
    }
}
