//! Reading brat standoff: each `.txt` with its `.ann`, and the nearest `annotation.conf`
//! above it. Everything brat's format allows comes in: text-bound annotations (`T`, with
//! their fragments), events (`E`: the event becomes an annotation at its trigger, each role
//! a link from it), relations (`R`), equivalences (`*`, links of a symmetric, transitive
//! type), attributes (`A`, and the older `M`), normalisations (`N`, a reference attribute
//! holding `DB:ID` and the entry's name) and notes (`#`: `AnnotatorNotes` is the note, any
//! other type an attribute named after it). What does not fit is reported with its line.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::model::{AttributeDef, AttributeKind, AttributeValue, Schema, Text};

/// The tag and pieces of each event's trigger, by the trigger's id.
type Triggers<'a> = HashMap<&'a str, (String, Vec<(usize, usize)>)>;

use super::brat_offsets::{BratOffsets, is_line_break};
use super::incoming::{Incoming, IncomingRelation, IncomingSpan, Read};

/// Reads a brat collection: each `.txt` under `input` with its `.ann`; or, when `input`
/// is one `.ann` or `.txt` file, that document (the other file beside it).
pub fn read(input: &Path) -> Read {
    let mut read = Read::default();
    let is_text = |p: &Path| p.extension().is_some_and(|e| e == "txt");
    let (folder, texts) = if input.is_dir() {
        (input, super::import::files_in(input, &is_text))
    } else {
        let one = input
            .extension()
            .is_some_and(|e| e == "ann" || e == "txt")
            .then(|| input.with_extension("txt"));
        let Some(txt) = one else {
            read.problems.push(format!(
                "{}: not a brat file; give a folder, or a .ann file with its .txt beside it",
                input.display()
            ));
            return read;
        };
        (input.parent().unwrap_or(Path::new("")), Ok(vec![txt]))
    };
    let texts = match texts {
        Ok(texts) => texts,
        Err(error) => {
            read.problems.push(format!("{}: {error}", input.display()));
            return read;
        }
    };
    let mut confs = Confs::default();
    for txt in texts {
        confs.for_document(&txt, folder, &mut read);
        let ann_path = txt.with_extension("ann");
        let (text, ann) = match (std::fs::read(&txt), std::fs::read(&ann_path)) {
            (Ok(text), Ok(ann)) => (text, ann),
            (Err(error), _) => {
                read.problems.push(format!("{}: {error}", txt.display()));
                continue;
            }
            (_, Err(error)) => {
                read.problems
                    .push(format!("{}: {error}", ann_path.display()));
                continue;
            }
        };
        let id = txt
            .strip_prefix(folder)
            .unwrap_or(&txt)
            .with_extension("")
            .to_string_lossy()
            .replace(['/', '\\'], "_");
        let source = txt
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let names = (txt.display().to_string(), ann_path.display().to_string());
        read_document(&mut read, id, source, (text, ann), &names);
    }
    read
}

/// The configurations read so far, so that each is read once however many documents it
/// covers.
#[derive(Default)]
struct Confs {
    seen: std::collections::HashSet<PathBuf>,
}

impl Confs {
    /// Adds to `read` what the `annotation.conf` nearest above `txt` (within `root`)
    /// declares, the first time that file is met.
    fn for_document(&mut self, txt: &Path, root: &Path, read: &mut Read) {
        let mut folder = txt.parent();
        while let Some(current) = folder {
            let conf = current.join("annotation.conf");
            if conf.is_file() {
                if self.seen.insert(conf.clone()) {
                    declare(read, &conf);
                }
                return;
            }
            if current == root {
                return;
            }
            folder = current.parent();
        }
    }
}

/// What one `annotation.conf` declares, joined to what `read` holds.
fn declare(read: &mut Read, conf: &Path) {
    let name = conf.display().to_string();
    let text = match std::fs::read(conf) {
        Ok(bytes) => super::file_text::text_of(&bytes, &name).map(str::to_owned),
        Err(error) => Err(format!("{name}: {error}")),
    };
    let text = match text {
        Ok(text) => text,
        Err(problem) => {
            read.problems.push(problem);
            return;
        }
    };
    let declared = super::annotation_conf::parse(&text, &name);
    read.problems.extend(declared.problems);
    for tag in declared.tags {
        if !read.tags.contains(&tag) {
            read.tags.push(tag);
        }
    }
    read.schema.join(declared.schema);
}

/// One brat document from the bytes of its `.txt` and `.ann` (named by `names`, for
/// messages), added to `read`. The text is kept as brat counts it, a BOM included.
pub fn read_document(
    read: &mut Read,
    id: String,
    source: String,
    (text, ann): (Vec<u8>, Vec<u8>),
    (txt_name, ann_name): &(String, String),
) {
    let text = match String::from_utf8(text) {
        Ok(text) => text,
        Err(error) => {
            let problem = super::file_text::text_of(error.as_bytes(), txt_name).err();
            read.problems.extend(problem);
            return;
        }
    };
    let ann = match super::file_text::text_of(&ann, ann_name) {
        Ok(ann) => ann,
        Err(problem) => {
            read.problems.push(problem);
            return;
        }
    };
    let document = Text::new(text);
    let mut standoff = Standoff::new(&document, ann_name);
    standoff.read(ann);
    read.problems.append(&mut standoff.problems);
    read.schema.join(std::mem::take(&mut standoff.schema));
    let (spans, relations) = standoff.into_parts();
    let text = document.as_str().to_owned();
    read.documents.push(Incoming {
        title: super::plain_text::title_of(&text).unwrap_or_else(|| id.clone()),
        source,
        id,
        text: Some(text),
        spans,
        relations,
        labels: Vec::new(),
    });
}

/// One line of an `.ann`, split into its id, its fields and where it is.
struct Line<'a> {
    at: String,
    id: &'a str,
    /// The second field split at white space: type and arguments.
    head: Vec<&'a str>,
    /// The third field, if any (a `T`'s text, a note, a normalisation's name).
    tail: Option<&'a str>,
    raw: &'a str,
}

/// One `.ann` being read.
struct Standoff<'a> {
    text: &'a Text,
    offsets: BratOffsets,
    name: &'a str,
    spans: Vec<IncomingSpan>,
    /// The span each `T` or `E` id stands for; a trigger stands for its first event.
    span_at: HashMap<String, usize>,
    relations: Vec<IncomingRelation>,
    relation_at: HashMap<String, usize>,
    /// What the lines imply of the schema: choices seen, references, groups of equals.
    schema: Schema,
    problems: Vec<String>,
}

impl<'a> Standoff<'a> {
    fn new(text: &'a Text, name: &'a str) -> Self {
        Self {
            text,
            offsets: BratOffsets::new(text),
            name,
            spans: Vec::new(),
            span_at: HashMap::new(),
            relations: Vec::new(),
            relation_at: HashMap::new(),
            schema: Schema::default(),
            problems: Vec::new(),
        }
    }

    fn into_parts(self) -> (Vec<IncomingSpan>, Vec<IncomingRelation>) {
        (self.spans, self.relations)
    }

    /// Reads every line: spans and events first, as the other lines name them (an event
    /// may name a later one), then the links, then what annotates them.
    fn read(&mut self, ann: &'a str) {
        let mut lines: BTreeMap<char, Vec<Line<'a>>> = BTreeMap::new();
        for (number, raw) in ann.lines().enumerate() {
            let mut fields = raw.split('\t');
            let id = fields.next().unwrap_or_default().trim();
            let Some(kind) = id.chars().next() else {
                continue;
            };
            let head = fields
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .collect();
            let tail = fields.next();
            let at = format!("{}:{}", self.name, number + 1);
            lines.entry(kind).or_default().push(Line {
                at,
                id,
                head,
                tail,
                raw,
            });
        }
        let mut take = |kind: char| lines.remove(&kind).unwrap_or_default();
        let (t, e) = (take('T'), take('E'));
        let triggers = self.text_bound(&t, &e);
        self.events(&e, &triggers);
        for line in take('R') {
            self.relation(&line);
        }
        for line in take('*') {
            self.equivalence(&line);
        }
        for line in take('A').into_iter().chain(take('M')) {
            self.attribute(&line);
        }
        for line in take('N') {
            self.normalisation(&line);
        }
        for line in take('#') {
            self.note(&line);
        }
        for (kind, rest) in lines {
            if let Some(first) = rest.first() {
                self.problems.push(format!(
                    "{}: {} of unknown kind {kind:?} not imported: {:?}",
                    first.at,
                    crate::model::counted(rest.len(), "line"),
                    first.raw
                ));
            }
        }
    }

    /// The `T` lines: each becomes a span, except the triggers of events (returned by
    /// id, with their tag and pieces), which become the events' spans.
    fn text_bound(&mut self, lines: &[Line<'a>], events: &[Line<'a>]) -> Triggers<'a> {
        let triggers: std::collections::HashSet<&str> = events
            .iter()
            .filter_map(|e| e.head.first()?.split_once(':').map(|(_, t)| t))
            .collect();
        let mut found = HashMap::new();
        for line in lines {
            let Some((tag, pieces)) = self.pieces(line) else {
                continue;
            };
            if triggers.contains(line.id) {
                found.insert(line.id, (tag, pieces));
                continue;
            }
            if let Some(span) = self.span(line, tag, pieces) {
                let _ = self.keep_span(line.id, span);
            }
        }
        found
    }

    /// A `T` line's tag and pieces (sorted, those apart only by a line break joined, as
    /// brat's own export cuts a span at each), checked against the text.
    fn pieces(&mut self, line: &Line<'_>) -> Option<(String, Vec<(usize, usize)>)> {
        let parsed = line.head.split_first().and_then(|(tag, rest)| {
            let ranges = rest.join(" ");
            let pieces: Option<Vec<(usize, usize)>> = ranges
                .split(';')
                .map(|r| {
                    let (s, e) = r.trim().split_once(' ')?;
                    Some((
                        self.offsets.ours(s.parse().ok()?)?,
                        self.offsets.ours(e.parse().ok()?)?,
                    ))
                })
                .collect();
            Some(((*tag).to_owned(), pieces?))
        });
        let Some((tag, mut pieces)) = parsed.filter(|(_, p)| !p.is_empty()) else {
            self.problems.push(format!(
                "{}: not a text-bound annotation: {:?}",
                line.at, line.raw
            ));
            return None;
        };
        if pieces
            .iter()
            .any(|&(s, e)| s >= e || e > self.text.char_len())
        {
            self.problems.push(format!(
                "{}: {} has offsets outside the text ({} characters as brat counts them) or empty",
                line.at,
                line.id,
                self.offsets.of(self.text.char_len())
            ));
            return None;
        }
        let stated: Vec<&str> = pieces.iter().map(|&(s, e)| self.text.slice(s, e)).collect();
        if let Some(said) = line.tail
            && said != stated.join(" ")
        {
            self.problems.push(format!(
                "{}: {} says it covers {said:?}, but the text there is {:?}",
                line.at,
                line.id,
                stated.join(" ")
            ));
            return None;
        }
        pieces.sort_unstable();
        let mut joined: Vec<(usize, usize)> = Vec::with_capacity(pieces.len());
        for (start, end) in pieces {
            match joined.last_mut() {
                Some(last)
                    if start <= last.1
                        || self.text.slice(last.1, start).chars().all(is_line_break) =>
                {
                    last.1 = last.1.max(end);
                }
                _ => joined.push((start, end)),
            }
        }
        Some((tag, joined))
    }

    fn span(
        &self,
        line: &Line<'_>,
        tag: String,
        pieces: Vec<(usize, usize)>,
    ) -> Option<IncomingSpan> {
        let (start, end) = (pieces.first()?.0, pieces.last()?.1);
        Some(IncomingSpan {
            start,
            end,
            tag,
            at: line.at.clone(),
            key: line.id.to_owned(),
            fragments: if pieces.len() > 1 { pieces } else { Vec::new() },
            ..IncomingSpan::default()
        })
    }

    /// Keeps `span` as `id`, unless the id is taken (said); whether it was kept.
    fn keep_span(&mut self, id: &str, span: IncomingSpan) -> bool {
        if self.span_at.contains_key(id) {
            self.problems.push(format!(
                "{}: id {id} is given twice; the first is kept",
                span.at
            ));
            return false;
        }
        self.span_at.insert(id.to_owned(), self.spans.len());
        self.spans.push(span);
        true
    }

    /// The `E` lines: each event is an annotation at its trigger, tagged with the event
    /// type, and each of its roles a link to the role's argument.
    fn events(&mut self, lines: &[Line<'a>], triggers: &Triggers<'a>) {
        let mut kept = std::collections::HashSet::new();
        for line in lines {
            let trigger = line.head.first().and_then(|t| t.split_once(':'));
            let Some((kind, (tag, pieces))) =
                trigger.and_then(|(kind, t)| Some((kind, triggers.get(t)?)))
            else {
                self.problems.push(format!(
                    "{}: event {} has no trigger among the text-bound annotations: {:?}",
                    line.at, line.id, line.raw
                ));
                continue;
            };
            if kind != tag {
                self.problems.push(format!(
                    "{}: event {} is of type {kind} but its trigger is tagged {tag}; kept as {tag}",
                    line.at, line.id
                ));
            }
            if !self.schema.is_event(tag) {
                self.schema.events.push(tag.clone());
            }
            let Some(span) = self.span(line, tag.clone(), pieces.clone()) else {
                continue;
            };
            let at = self.spans.len();
            if !self.keep_span(line.id, span) {
                continue;
            }
            if let Some((_, trigger)) = trigger {
                // Lines naming the trigger find the (first) event.
                self.span_at.entry(trigger.to_owned()).or_insert(at);
            }
            kept.insert(line.at.as_str());
        }
        // The roles of the events kept (not of a second event of the same id).
        for line in lines.iter().filter(|l| kept.contains(l.at.as_str())) {
            for argument in line.head.iter().skip(1) {
                let Some((role, target)) = argument.split_once(':') else {
                    self.problems.push(format!(
                        "{}: event {} has an argument {argument:?} that is not ROLE:ID",
                        line.at, line.id
                    ));
                    continue;
                };
                self.relations.push(IncomingRelation {
                    kind: role.to_owned(),
                    from: line.id.to_owned(),
                    to: target.to_owned(),
                    note: String::new(),
                    at: line.at.clone(),
                });
            }
        }
    }

    /// `R1  Type Arg1:T1 Arg2:T2`.
    fn relation(&mut self, line: &Line<'_>) {
        let arguments: Vec<&str> = line
            .head
            .iter()
            .skip(1)
            .filter_map(|a| a.split_once(':').map(|(_, id)| id))
            .collect();
        let (Some(kind), [from, to]) = (line.head.first(), arguments.as_slice()) else {
            self.problems.push(format!(
                "{}: a relation names a type and two arguments: {:?}",
                line.at, line.raw
            ));
            return;
        };
        self.relation_at
            .insert(line.id.to_owned(), self.relations.len());
        self.relations.push(IncomingRelation {
            kind: (*kind).to_owned(),
            from: (*from).to_owned(),
            to: (*to).to_owned(),
            note: String::new(),
            at: line.at.clone(),
        });
    }

    /// `*  Equiv T1 T2 T3`: each a link to the next, of a symmetric, transitive type.
    fn equivalence(&mut self, line: &Line<'_>) {
        let Some((kind, members)) = line.head.split_first().filter(|(_, m)| m.len() >= 2) else {
            self.problems.push(format!(
                "{}: an equivalence names a type and two or more annotations: {:?}",
                line.at, line.raw
            ));
            return;
        };
        // Groups of equals, among the tags of their members.
        let mut tags: Vec<String> = members
            .iter()
            .filter_map(|m| Some(self.spans[*self.span_at.get(*m)?].tag.clone()))
            .collect();
        tags.sort();
        tags.dedup();
        self.schema.join(Schema {
            relations: vec![crate::model::RelationType {
                name: (*kind).to_owned(),
                from: tags.clone(),
                to: tags,
                symmetric: true,
                transitive: true,
                hotkey: None,
                description: String::new(),
            }],
            ..Schema::default()
        });
        for pair in members.windows(2) {
            self.relations.push(IncomingRelation {
                kind: (*kind).to_owned(),
                from: pair[0].to_owned(),
                to: pair[1].to_owned(),
                note: String::new(),
                at: line.at.clone(),
            });
        }
    }

    /// `A1  Negation E1` (a flag) or `A2  Confidence T3 High` (one of a list); `M` is
    /// brat's older name for the same.
    fn attribute(&mut self, line: &Line<'_>) {
        let (name, target, value) = match line.head.as_slice() {
            [name, target] => (*name, *target, AttributeValue::Flag(true)),
            [name, target, value] => (*name, *target, AttributeValue::Text((*value).to_owned())),
            _ => {
                self.problems.push(format!(
                    "{}: an attribute names a type, an annotation and perhaps a value: {:?}",
                    line.at, line.raw
                ));
                return;
            }
        };
        let kind = match &value {
            AttributeValue::Text(choice) => AttributeKind::OneOf(vec![choice.clone()]),
            _ => AttributeKind::Flag,
        };
        if let Some(tag) = self.set(line, name, target, value) {
            self.declare(name, kind, tag);
        }
    }

    /// `N1  Reference T5 Wikipedia:64488  Carlos Salinas de Gortari`.
    fn normalisation(&mut self, line: &Line<'_>) {
        let [name, target, entry] = line.head.as_slice() else {
            self.problems.push(format!(
                "{}: a normalisation names a type, an annotation and DB:ID: {:?}",
                line.at, line.raw
            ));
            return;
        };
        let value = match line.tail.map(str::trim).filter(|t| !t.is_empty()) {
            Some(entry_name) => format!("{entry} {entry_name}"),
            None => (*entry).to_owned(),
        };
        if let Some(tag) = self.set(line, name, target, AttributeValue::Text(value)) {
            self.declare(name, AttributeKind::Reference, tag);
        }
    }

    /// `#1  AnnotatorNotes T1  text` is the note of a span or relation; a note of any
    /// other type (`Lemma`) is an attribute of that name.
    fn note(&mut self, line: &Line<'_>) {
        let ([kind, target], Some(text)) = (line.head.as_slice(), line.tail) else {
            self.problems.push(format!(
                "{}: a note names a type and an annotation, then its text: {:?}",
                line.at, line.raw
            ));
            return;
        };
        if *kind != "AnnotatorNotes" {
            let _ = self.set(line, kind, target, AttributeValue::Text(text.to_owned()));
            return;
        }
        let note = if let Some(&at) = self.span_at.get(*target) {
            &mut self.spans[at].note
        } else if let Some(&at) = self.relation_at.get(*target) {
            &mut self.relations[at].note
        } else {
            self.problems.push(format!(
                "{}: a note on {target}, which is no annotation or relation of this file",
                line.at
            ));
            return;
        };
        if !note.is_empty() {
            note.push('\n');
        }
        note.push_str(text);
    }

    /// Declares an attribute the lines use on `tag`, with the choices seen so far.
    fn declare(&mut self, name: &str, kind: AttributeKind, tag: String) {
        self.schema.join(Schema {
            attributes: vec![AttributeDef {
                name: name.to_owned(),
                kind,
                tags: vec![tag],
                default: None,
                description: String::new(),
            }],
            ..Schema::default()
        });
    }

    /// Gives the span `target` the value `value` of `name`, once; the span's tag if it did.
    fn set(
        &mut self,
        line: &Line<'_>,
        name: &str,
        target: &str,
        value: AttributeValue,
    ) -> Option<String> {
        let Some(&at) = self.span_at.get(target) else {
            let what = if self.relation_at.contains_key(target) {
                "a relation, and relations carry no attributes in Annotary"
            } else {
                "no annotation of this file"
            };
            self.problems.push(format!(
                "{}: {name} on {target}, which is {what}: {:?}",
                line.at, line.raw
            ));
            return None;
        };
        let span = &mut self.spans[at];
        if span.attributes.contains_key(name) {
            self.problems.push(format!(
                "{}: {target} already has a value for {name}; the first is kept",
                line.at
            ));
            return None;
        }
        span.attributes.insert(name.to_owned(), value);
        Some(span.tag.clone())
    }
}
