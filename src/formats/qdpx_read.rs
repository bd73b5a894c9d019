//! REFI-QDA import: a `.qdpx` project's text sources with their codings (one layer per
//! user), notes, links and variables, and a `.qdc` codebook's codes, as an import reads
//! them; everything else the file holds (pictures, PDFs, audio, cases, sets, codings of
//! a whole source) is reported, not dropped silently.
//!
//! Tools count positions differently (code points or UTF-16 units; a CRLF as one or two),
//! and the standard does not say. Each source is read the way under which most of its
//! selections' names are the text they cover (QualCoder and Annotary name a selection
//! by its quote); without names, as code points of the file as it is. A source whose text
//! is a project document's with CRLF written as LF (as Annotary exports it) is that
//! document, its positions moved back to the CRLF text.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::model::{AttributeValue, Colour, Project};

use super::brat_offsets::BratOffsets;
use super::import::Read;
use super::incoming::{Incoming, IncomingLabel, IncomingRelation, IncomingSpan};
use super::office_zip::{Item, OfficeZip, attribute, walk};

/// Reads the `.qdpx` or `.qdc` at `path`; `project` lends its texts to sources that are
/// its documents.
pub fn read(path: &Path, project: &Project) -> Read {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return Read::failed(format!("{name}: {error}")),
    };
    let is_codebook = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("qdc"));
    if is_codebook {
        return match super::file_text::text_of(&bytes, &name) {
            Ok(xml) => codebook(xml, &name),
            Err(problem) => Read::failed(problem),
        };
    }
    match read_bytes(&bytes, &name, project) {
        Ok(read) => read,
        Err(problem) => Read::failed(problem),
    }
}

/// A codebook: its codes as tags, with their colours and descriptions.
fn codebook(xml: &str, name: &str) -> Read {
    let mut file = File::default();
    if let Err(problem) = walk(xml, name, |item| file.take(item)) {
        return Read::failed(problem);
    }
    let mut read = Read::default();
    file.codes_into(&mut read);
    read
}

/// A `.qdpx` zip from the bytes of a file called `name`.
pub fn read_bytes(bytes: &[u8], name: &str, project: &Project) -> Result<Read, String> {
    let mut zip = OfficeZip::open(bytes, name)?;
    let qde = zip
        .names()
        .into_iter()
        .find(|entry| !entry.contains('/') && entry.to_ascii_lowercase().ends_with(".qde"))
        .ok_or_else(|| format!("{name}: no project.qde in it; is it a REFI-QDA project?"))?;
    let xml = zip
        .part(&qde)?
        .ok_or_else(|| format!("{name}: {qde} could not be read"))?;
    let mut file = File::default();
    walk(&xml, &format!("{name}/{qde}"), |item| file.take(item))?;
    let mut read = Read::default();
    file.codes_into(&mut read);
    let notes = file.note_texts(&mut zip);
    for (what, count) in &file.not_held {
        read.problems.push(format!(
            "{name}: {}: not imported (Annotary holds text sources and their codings)",
            crate::model::counted(*count, what)
        ));
    }
    let users = file.users.clone();
    let variables = file.variables.clone();
    let codes = file.code_names();
    let mut keys: HashMap<String, usize> = HashMap::new();
    for source in std::mem::take(&mut file.sources) {
        let label = format!("{name}: source {:?}", source.name);
        let Some(text) = source_text(&source, &mut zip, &label, &mut read.problems) else {
            continue;
        };
        let at_document = read.documents.len();
        let incoming = incoming(Arriving {
            source: &source,
            text,
            project,
            users: &users,
            codes: &codes,
            variables: &variables,
            notes: &notes,
            label: &label,
            problems: &mut read.problems,
        });
        for span in &incoming.spans {
            keys.insert(span.key.clone(), at_document);
        }
        read.documents.push(incoming);
    }
    for link in &file.links {
        let (Some(&from), Some(&to)) = (keys.get(&link.origin), keys.get(&link.target)) else {
            read.problems.push(format!(
                "{name}: link {:?}: not imported (it joins no two selections of text sources)",
                link.name
            ));
            continue;
        };
        if from != to {
            read.problems.push(format!(
                "{name}: link {:?}: not imported (it joins selections of two sources)",
                link.name
            ));
            continue;
        }
        let note = link
            .notes
            .iter()
            .filter_map(|n| notes.get(n))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n");
        read.documents[from].relations.push(IncomingRelation {
            kind: if link.name.is_empty() {
                "link".to_owned()
            } else {
                link.name.clone()
            },
            from: link.origin.clone(),
            to: link.target.clone(),
            note,
            at: format!("{name}: link {:?}", link.name),
        });
    }
    Ok(read)
}

/// What one source brings, and what it is read against.
struct Arriving<'a> {
    source: &'a Source,
    text: String,
    project: &'a Project,
    users: &'a HashMap<String, String>,
    codes: &'a HashMap<String, String>,
    variables: &'a HashMap<String, (String, String)>,
    notes: &'a HashMap<String, String>,
    label: &'a str,
    problems: &'a mut Vec<String>,
}

/// The incoming document of one source: its text (a project document's where it is
/// one), its selections as spans in the unit the file counts in, its variables as labels.
fn incoming(arriving: Arriving<'_>) -> Incoming {
    let Arriving {
        source,
        text,
        project,
        users,
        codes,
        variables,
        notes,
        label,
        problems,
    } = arriving;
    let unit = Unit::telling(&text, &source.selections);
    let counted = Counted::new(&text, unit);
    // A project document written with LF for CRLF, as Annotary exports it.
    let ours = project
        .documents()
        .iter()
        .find(|d| d.text().as_str() != text && d.text().as_str().replace("\r\n", "\n") == text);
    let (text_kept, back) = match ours {
        Some(document) => (
            document.text().as_str().to_owned(),
            Some(BratOffsets::new(document.text())),
        ),
        None => (text.clone(), None),
    };
    let place = |position: usize| {
        let offset = counted.offset(position)?;
        match &back {
            Some(back) => back.ours(offset),
            None => Some(offset),
        }
    };
    let mut spans = Vec::new();
    for selection in &source.selections {
        let at = format!("{label}: selection {:?}", selection.name);
        let (Some(start), Some(end)) = (place(selection.start), place(selection.end)) else {
            problems.push(format!(
                "{at}: positions {}–{} are outside the source",
                selection.start, selection.end
            ));
            continue;
        };
        if selection.codes.is_empty() {
            problems.push(format!("{at}: not imported (it has no code)"));
            continue;
        }
        let mut note = selection.description.clone();
        for text in selection.notes.iter().filter_map(|n| notes.get(n)) {
            if !note.is_empty() {
                note.push('\n');
            }
            note.push_str(text);
        }
        for (i, code) in selection.codes.iter().enumerate() {
            let Some(tag) = codes.get(code) else {
                problems.push(format!("{at}: its code {code} is not in the codebook"));
                continue;
            };
            spans.push(IncomingSpan {
                layer: selection.user.as_ref().and_then(|u| users.get(u)).cloned(),
                start,
                end,
                tag: tag.clone(),
                note: note.clone(),
                quote: None,
                at: at.clone(),
                key: if i == 0 {
                    selection.guid.clone()
                } else {
                    format!("{}/{i}", selection.guid)
                },
                fragments: Vec::new(),
                attributes: BTreeMap::new(),
            });
        }
    }
    let known_layers: Vec<&String> = users.values().collect();
    let labels = source
        .values
        .iter()
        .filter_map(|(variable, value)| {
            let (name, kind) = variables.get(variable)?;
            // "genre (AK)": the label of one layer, as Annotary writes a label that
            // several layers give.
            let (name, layer) = match name.rsplit_once(" (") {
                Some((label, layer))
                    if layer.ends_with(')')
                        && known_layers.iter().any(|l| **l == layer[..layer.len() - 1]) =>
                {
                    (label.to_owned(), Some(layer[..layer.len() - 1].to_owned()))
                }
                _ => (name.clone(), None),
            };
            let value = match (kind.as_str(), value.as_str()) {
                ("Boolean", "true" | "1") => AttributeValue::Flag(true),
                ("Boolean", "false" | "0") => AttributeValue::Flag(false),
                ("Integer" | "Float", number) => number
                    .parse()
                    .map(AttributeValue::Number)
                    .unwrap_or_else(|_| AttributeValue::Text(number.to_owned())),
                (_, text) => AttributeValue::Text(text.to_owned()),
            };
            Some(IncomingLabel {
                layer,
                name,
                value,
                at: format!("{label}: variable"),
            })
        })
        .collect();
    Incoming {
        id: source.name.clone(),
        title: source.name.clone(),
        source: source.description.clone(),
        text: Some(text_kept),
        spans,
        relations: Vec::new(),
        labels,
    }
}

/// The text of a source: inline, or the file its `internal://` path names in the zip's
/// `sources/` folder (`Sources/` as NVivo writes it).
fn source_text(
    source: &Source,
    zip: &mut OfficeZip<'_>,
    label: &str,
    problems: &mut Vec<String>,
) -> Option<String> {
    if let Some(text) = &source.content {
        return Some(text.clone());
    }
    let Some(file) = source.path.strip_prefix("internal://") else {
        problems.push(format!(
            "{label}: not imported (its text is at {:?}, outside the file)",
            source.path
        ));
        return None;
    };
    for folder in ["sources", "Sources"] {
        match zip.part(&format!("{folder}/{file}")) {
            Ok(Some(text)) => return Some(text),
            Ok(None) => {}
            Err(problem) => {
                problems.push(problem);
                return None;
            }
        }
    }
    problems.push(format!("{label}: its text {file} is not in the file"));
    None
}

/// How a source's positions count.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Unit {
    utf16: bool,
    /// A CRLF counts as one (ATLAS.ti reads text with universal newlines).
    crlf_once: bool,
}

impl Unit {
    /// The count under which most named selections cover their names; code points of
    /// the file as it is where none tells.
    fn telling(text: &str, selections: &[Selection]) -> Self {
        let mut best = (0, Self::default());
        for utf16 in [false, true] {
            for crlf_once in [false, true] {
                let unit = Self { utf16, crlf_once };
                let counted = Counted::new(text, unit);
                let fits = selections
                    .iter()
                    .filter(|s| !s.name.is_empty())
                    .filter(|s| {
                        counted
                            .slice(s.start, s.end)
                            .is_some_and(|covered| squeezed(&covered) == squeezed(&s.name))
                    })
                    .count();
                if fits > best.0 {
                    best = (fits, unit);
                }
            }
        }
        best.1
    }
}

fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text's code point offset of each position in a unit.
struct Counted<'a> {
    text: &'a str,
    /// For each position in the unit, the code point offset (a table, built once).
    offsets: Vec<usize>,
}

impl<'a> Counted<'a> {
    fn new(text: &'a str, unit: Unit) -> Self {
        let mut offsets = Vec::with_capacity(text.len() + 1);
        let mut previous = '\0';
        for (i, c) in text.chars().enumerate() {
            let crlf_tail = unit.crlf_once && c == '\n' && previous == '\r';
            if !crlf_tail {
                offsets.push(i);
                if unit.utf16 && c.len_utf16() == 2 {
                    // The second unit of a pair stands inside the character.
                    offsets.push(usize::MAX);
                }
            }
            previous = c;
        }
        offsets.push(text.chars().count());
        Self { text, offsets }
    }

    fn offset(&self, position: usize) -> Option<usize> {
        self.offsets
            .get(position)
            .copied()
            .filter(|&o| o != usize::MAX)
    }

    fn slice(&self, start: usize, end: usize) -> Option<String> {
        let (start, end) = (self.offset(start)?, self.offset(end)?);
        (start <= end).then(|| self.text.chars().skip(start).take(end - start).collect())
    }
}

/// What the project file says, element by element.
#[derive(Default)]
struct File {
    users: HashMap<String, String>,
    /// Codes in file order: guid, name, colour, description, codable, parent's name.
    codes: Vec<Code>,
    /// Variable guid → (name, type).
    variables: HashMap<String, (String, String)>,
    sources: Vec<Source>,
    notes: Vec<Note>,
    links: Vec<Link>,
    /// What is not read, by kind, with counts.
    not_held: BTreeMap<&'static str, usize>,
    /// The elements open around the reader, innermost last.
    open: Vec<String>,
    /// The codes open around the reader (indexes into `codes`), innermost last.
    code_path: Vec<usize>,
    /// The text of the element being read, where it is one whose text counts.
    text: String,
}

struct Code {
    guid: String,
    name: String,
    colour: Option<Colour>,
    description: String,
    codable: bool,
    parent: Option<String>,
}

#[derive(Default)]
struct Source {
    name: String,
    description: String,
    path: String,
    content: Option<String>,
    selections: Vec<Selection>,
    /// Variable guid, value.
    values: Vec<(String, String)>,
}

#[derive(Default)]
struct Selection {
    guid: String,
    name: String,
    start: usize,
    end: usize,
    user: Option<String>,
    description: String,
    codes: Vec<String>,
    notes: Vec<String>,
}

#[derive(Default)]
struct Note {
    guid: String,
    path: String,
    content: String,
}

#[derive(Default)]
struct Link {
    name: String,
    origin: String,
    target: String,
    notes: Vec<String>,
}

impl File {
    fn inside(&self, name: &str) -> bool {
        self.open.iter().any(|o| o == name)
    }

    fn parent(&self) -> Option<&str> {
        self.open.iter().rev().nth(1).map(String::as_str)
    }

    fn take(&mut self, item: Item<'_>) {
        match item {
            Item::Open(name, attributes) => {
                self.open.push(name.to_owned());
                self.text.clear();
                self.opened(name, attributes);
            }
            Item::Text(text) => self.text.push_str(text),
            Item::Close(name) => {
                self.closed(name);
                self.open.pop();
                self.text.clear();
            }
        }
    }

    fn opened(&mut self, name: &str, attributes: &[(String, String)]) {
        let get = |key: &str| attribute(attributes, key).unwrap_or_default().to_owned();
        match name {
            "User" => {
                let shown = [get("name"), get("id"), get("guid")]
                    .into_iter()
                    .find(|n| !n.trim().is_empty())
                    .unwrap_or_default();
                self.users.insert(get("guid"), shown);
            }
            "Code" => {
                let parent = if self.parent() == Some("Code") {
                    self.open_code_name()
                } else {
                    None
                };
                self.codes.push(Code {
                    guid: get("guid"),
                    name: get("name"),
                    colour: get("color").parse().ok(),
                    description: String::new(),
                    codable: !matches!(get("isCodable").as_str(), "false" | "0"),
                    parent,
                });
                self.code_path.push(self.codes.len() - 1);
            }
            "Variable" => {
                self.variables
                    .insert(get("guid"), (get("name"), get("typeOfVariable")));
            }
            "TextSource" if !self.inside("Notes") && !self.inside("PDFSource") => {
                self.sources.push(Source {
                    name: get("name"),
                    path: get("plainTextPath"),
                    ..Source::default()
                });
            }
            "PictureSource" | "PDFSource" | "AudioSource" | "VideoSource" => {
                *self.not_held.entry("source that is not text").or_default() += 1;
            }
            "Case" => *self.not_held.entry("case").or_default() += 1,
            "Set" => *self.not_held.entry("set").or_default() += 1,
            "Graph" => *self.not_held.entry("graph").or_default() += 1,
            "PlainTextSelection" if self.in_source() => {
                let position = |key: &str| get(key).trim().parse().unwrap_or(usize::MAX);
                let selection = Selection {
                    guid: get("guid"),
                    name: get("name"),
                    start: position("startPosition"),
                    end: position("endPosition"),
                    user: Some(get("creatingUser")).filter(|u| !u.is_empty()),
                    ..Selection::default()
                };
                if let Some(source) = self.sources.last_mut() {
                    source.selections.push(selection);
                }
            }
            "Coding" if self.in_source() && self.parent() == Some("TextSource") => {
                *self.not_held.entry("coding of a whole source").or_default() += 1;
            }
            "CodeRef" if self.in_selection() => {
                if let Some(selection) = self.selection() {
                    selection.codes.push(get("targetGUID"));
                }
            }
            "NoteRef" if self.in_selection() => {
                if let Some(selection) = self.selection() {
                    selection.notes.push(get("targetGUID"));
                }
            }
            "VariableRef" if self.in_source() => {
                if let Some(source) = self.sources.last_mut() {
                    source.values.push((get("targetGUID"), String::new()));
                }
            }
            "Note" => self.notes.push(Note {
                guid: get("guid"),
                path: get("plainTextPath"),
                ..Note::default()
            }),
            "Link" => self.links.push(Link {
                name: get("name"),
                origin: get("originGUID"),
                target: get("targetGUID"),
                ..Link::default()
            }),
            "NoteRef" if self.parent() == Some("Link") => {
                if let Some(link) = self.links.last_mut() {
                    link.notes.push(get("targetGUID"));
                }
            }
            _ => {}
        }
    }

    fn closed(&mut self, name: &str) {
        let text = std::mem::take(&mut self.text);
        let owner = self.parent().map(str::to_owned);
        match (name, owner.as_deref()) {
            ("Description", Some("Code")) => {
                if let Some(&at) = self.code_path.last() {
                    self.codes[at].description = text.trim().to_owned();
                }
            }
            ("Code", _) => {
                self.code_path.pop();
            }
            ("Description", Some("PlainTextSelection")) if self.in_source() => {
                if let Some(selection) = self.selection() {
                    selection.description = text.trim().to_owned();
                }
            }
            ("Description", Some("TextSource")) if self.in_source() => {
                if let Some(source) = self.sources.last_mut() {
                    source.description = text.trim().to_owned();
                }
            }
            ("PlainTextContent", Some("TextSource")) if self.in_source() => {
                if let Some(source) = self.sources.last_mut() {
                    source.content = Some(text);
                }
            }
            ("PlainTextContent", Some("Note")) => {
                if let Some(note) = self.notes.last_mut() {
                    note.content = text;
                }
            }
            (
                "TextValue" | "BooleanValue" | "IntegerValue" | "FloatValue" | "DateValue"
                | "DateTimeValue",
                Some("VariableValue"),
            ) if self.in_source() => {
                if let Some((_, value)) = self.sources.last_mut().and_then(|s| s.values.last_mut())
                {
                    *value = text.trim().to_owned();
                }
            }
            _ => {}
        }
    }

    fn in_source(&self) -> bool {
        self.inside("Sources") && self.inside("TextSource") && !self.inside("PDFSource")
    }

    fn in_selection(&self) -> bool {
        self.in_source() && self.inside("PlainTextSelection")
    }

    fn selection(&mut self) -> Option<&mut Selection> {
        self.sources.last_mut()?.selections.last_mut()
    }

    fn open_code_name(&self) -> Option<String> {
        self.code_path.last().map(|&at| self.codes[at].name.clone())
    }

    /// Each code's tag name: its own, or "parent/name" where two codes share a name.
    fn code_names(&self) -> HashMap<String, String> {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for code in &self.codes {
            *count.entry(code.name.as_str()).or_default() += 1;
        }
        self.codes
            .iter()
            .map(|code| {
                let name = match &code.parent {
                    Some(parent) if count[code.name.as_str()] > 1 => {
                        format!("{parent}/{}", code.name)
                    }
                    _ => code.name.clone(),
                };
                (code.guid.clone(), name)
            })
            .collect()
    }

    /// The codable codes as declared tags, with their colours and descriptions.
    fn codes_into(&self, read: &mut Read) {
        let names = self.code_names();
        for code in self.codes.iter().filter(|c| c.codable) {
            let name = names[&code.guid].clone();
            if let Some(colour) = code.colour {
                read.tag_looks
                    .insert(name.clone(), (colour, code.description.clone()));
            }
            read.tags.push(name);
        }
    }

    /// Each note's text, inline or from its file in the zip.
    fn note_texts(&self, zip: &mut OfficeZip<'_>) -> HashMap<String, String> {
        self.notes
            .iter()
            .map(|note| {
                let mut text = note.content.trim().to_owned();
                if text.is_empty()
                    && let Some(file) = note.path.strip_prefix("internal://")
                {
                    for folder in ["sources", "Sources"] {
                        if let Ok(Some(found)) = zip.part(&format!("{folder}/{file}")) {
                            text = found.trim().to_owned();
                            break;
                        }
                    }
                }
                (note.guid.clone(), text)
            })
            .collect()
    }
}
