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
    AnnotationId, AttributeKind, AttributeValue, Colour, Document, DocumentId, Layer,
    NewDocumentIds, Project, Schema, Tag, Text, content_hash,
};

use super::import_present::Present;
pub use super::incoming::{Incoming, IncomingLabel, IncomingRelation, IncomingSpan, Read};

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

/// The files under `input` (itself if it is a file) whose extension is one of `extensions`,
/// walked as `import::files_in` walks a folder; a folder that cannot be read gives none.
pub fn files_under(input: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    if !input.is_dir() {
        return vec![input.to_owned()];
    }
    let wanted = |path: &Path| {
        path.extension()
            .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
    };
    files_in(input, &wanted).unwrap_or_default()
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// The layers that received annotations, in name order.
    pub layers: Vec<String>,
    pub documents_added: usize,
    pub documents_matched: usize,
    /// Annotations added (the project had none equal to them in their layer).
    pub annotations: usize,
    /// Annotations the files give that the layer already holds, equal in every part
    /// [`Present`] compares: not added again.
    pub annotations_present: usize,
    /// Links, attribute values and document labels that came with them.
    pub relations: usize,
    pub values: usize,
    pub labels: usize,
    /// Links and labels the project already holds.
    pub relations_present: usize,
    pub labels_present: usize,
    pub tags_added: Vec<String>,
    /// Documents matched other than by identical text, and how.
    pub notes: Vec<String>,
    /// Each thing not imported, "file:line: what and why".
    pub problems: Vec<String>,
    /// How many of each kind of thing were not imported, and why: ("link", "its ends are
    /// in different layers") → 3. What the readers could not read counts as a "line" or
    /// a "file".
    pub not_held: BTreeMap<(&'static str, String), usize>,
}

impl Imported {
    /// Whether the import would add nothing at all: no document, annotation, link or label.
    pub fn adds_nothing(&self) -> bool {
        self.annotations == 0
            && self.documents_added == 0
            && self.relations == 0
            && self.labels == 0
    }

    /// Records one thing not imported: its kind and reason counted, the line kept.
    fn not_held(&mut self, kind: &'static str, reason: &str, line: String) {
        *self.not_held.entry((kind, reason.to_owned())).or_default() += 1;
        self.problems.push(line);
    }
}

/// Whether a reader's "file:line: message" names a line, rather than a whole file.
fn names_a_line(problem: &str) -> bool {
    problem.split(": ").next().is_some_and(|at| {
        at.rsplit(':')
            .next()
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            && at.contains(':')
    })
}

/// Where a span goes in the insertion: its group and its place in the group, from which
/// its annotation id follows.
type Slot = (usize, usize);

/// A link's end: a span this import adds, or an annotation the project already has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    Added(Slot),
    Present(AnnotationId),
}

/// A relation whose ends are known, and where it came from.
struct PendingRelation {
    kind: String,
    from: End,
    to: End,
    note: String,
    at: String,
}

/// The change that brings `read` into `project` (annotations into `layer`), and a report.
/// Apply the command through the history; it is one undo step.
pub fn merge(project: &Project, mut read: Read, layer: &str) -> (Command, Imported) {
    name_layers(project, &mut read, layer);
    let schema = super::import_schema::merged(project, &read, layer);
    let mut merging = Merging {
        project,
        layer,
        commands: Vec::new(),
        groups: Vec::new(),
        report: Imported::default(),
        present: Present::new(project),
        added: Vec::new(),
        by_hash: None,
        ids: NewDocumentIds::new(project),
        spaced: None,
        schema: schema.schema,
        relations: Vec::new(),
        labels: Vec::new(),
    };
    for problem in read.problems {
        let kind = if names_a_line(&problem) {
            "line"
        } else {
            "file"
        };
        merging.report.not_held(kind, "could not be read", problem);
    }
    merging.layer_and_tags(&read.documents, &read.tags, &read.tag_looks);
    merging.report.notes.extend(schema.notes);
    for problem in schema.problems {
        let reason = "does not fit the schema";
        merging.report.not_held("declaration", reason, problem);
    }
    if &merging.schema != project.schema() {
        // After the tags it names, before the annotations that need it.
        let schema = merging.schema.clone();
        merging.commands.push(Command::SetSchema(schema));
    }
    for incoming in read.documents {
        merging.document(incoming);
    }
    merging.finish()
}

/// Which layers a file's spans go into. A file naming one annotator's layer (or none)
/// comes in as the layer the import goes into, as chosen. A file naming several comes in
/// as several: each keeps its name where the project has no layer of that name, else it is
/// called after the import's layer, `colleague (AK)`, so that no one's annotations are
/// mixed into a layer already there.
fn name_layers(project: &Project, read: &mut Read, layer: &str) {
    // A name with control or override characters (see `model::names`) loses them.
    let mut cleaned = BTreeSet::new();
    let layers = read.documents.iter_mut().flat_map(|d| {
        let spans = d.spans.iter_mut().map(|s| &mut s.layer);
        spans.chain(d.labels.iter_mut().map(|l| &mut l.layer))
    });
    for named in layers {
        if let Some(name) = named.as_ref()
            && crate::model::names::layer_name_problem(name).is_some()
        {
            // An empty cell names no layer; anything else loses what no name may hold.
            let clean = crate::model::names::without_unfit(name);
            if !name.trim().is_empty() {
                cleaned.insert(format!("{name:?} as {clean:?}"));
            }
            *named = (!clean.trim().is_empty()).then_some(clean);
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
        .flat_map(|d| {
            let spans = d.spans.iter().filter_map(|s| s.layer.clone());
            spans.chain(d.labels.iter().filter_map(|l| l.layer.clone()))
        })
        .collect();
    let several = named.len() > 1;
    let before = imported_before(project, read, &named);
    let rename = |named: Option<String>| match named {
        Some(name) if several => {
            let taken = !before.contains(&name)
                && (name == layer || project.layers().iter().any(|l| l.name == name));
            Some(if taken {
                format!("{layer} ({name})")
            } else {
                name
            })
        }
        _ => None,
    };
    for document in &mut read.documents {
        for span in &mut document.spans {
            span.layer = rename(span.layer.take());
        }
        // A file's document labels go with its spans' layers.
        for label in &mut document.labels {
            label.layer = rename(label.layer.take());
        }
    }
}

/// The layers a file names that already hold some of what the file gives them: the file
/// was imported before, and comes in again into the same layers (finding it all there)
/// rather than as new ones beside them.
fn imported_before(project: &Project, read: &Read, named: &BTreeSet<String>) -> BTreeSet<String> {
    let by_hash: HashMap<String, &DocumentId> = project
        .documents()
        .iter()
        .map(|d| (d.content_hash().to_owned(), &d.id))
        .collect();
    let mut present = Present::new(project);
    let mut before = BTreeSet::new();
    for incoming in &read.documents {
        let document = match &incoming.text {
            Some(text) => by_hash.get(&content_hash(text)).map(|id| (*id).clone()),
            None => Some(DocumentId(incoming.id.clone())),
        };
        let Some(document) = document else {
            continue;
        };
        for span in &incoming.spans {
            let Some(name) = span.layer.as_ref().filter(|n| named.contains(*n)) else {
                continue;
            };
            if !before.contains(name)
                && present
                    .annotation(
                        &document,
                        name,
                        (span.start, span.end),
                        &span.tag,
                        &span.note,
                        &span.fragments,
                    )
                    .is_some()
            {
                before.insert(name.clone());
            }
        }
    }
    before
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
    /// What the project already holds.
    present: Present<'a>,
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
    /// The project's schema with what the import needs added.
    schema: Schema,
    relations: Vec<PendingRelation>,
    labels: Vec<(crate::model::LabelKey, Option<AttributeValue>)>,
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
    fn layer_and_tags(
        &mut self,
        documents: &[Incoming],
        declared: &[String],
        looks: &std::collections::HashMap<String, (Colour, String)>,
    ) {
        let project = self.project;
        let named: BTreeSet<&str> = documents
            .iter()
            .flat_map(|d| {
                let spans = d.spans.iter().filter_map(|s| s.layer.as_deref());
                spans.chain(d.labels.iter().filter_map(|l| l.layer.as_deref()))
            })
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
            .chain(declared.iter().cloned())
            .filter(|t| !project.tags().contains(t))
            .collect();
        let mut colours = crate::model::colour_vision::NewTagColours::after(project.tags());
        for (n, name) in unknown.iter().enumerate() {
            if crate::model::names::tag_name_problem(name).is_some() {
                continue;
            }
            let colour = colours.next(looks.get(name).map(|(colour, _)| *colour));
            self.commands.push(Command::AddTag {
                index: project.tags().tags.len() + n,
                tag: Tag {
                    name: name.clone(),
                    colour,
                    hotkey: None,
                    description: looks
                        .get(name)
                        .map(|(_, d)| d.clone())
                        .filter(|d| !d.is_empty())
                        .unwrap_or_else(|| "Imported".to_owned()),
                },
            });
            self.report.tags_added.push(name.clone());
        }
    }

    /// One incoming document: matched to one of ours (or added), its spans annotated,
    /// their links and the document's labels kept.
    fn document(&mut self, mut incoming: Incoming) {
        self.reanchor_spacing(&mut incoming);
        let Some((id, text)) = self.place(&incoming) else {
            return;
        };
        let mut by_tag: BTreeMap<(String, String), Vec<IncomingSpan>> = BTreeMap::new();
        // Each key's end and the span's layer and tag, for its relations.
        let mut slots: HashMap<String, (End, String, String)> = HashMap::new();
        for mut span in incoming.spans {
            if let Some((reason, problem)) = span_problem(&text, &span) {
                let line = format!("{}: {problem}", span.at);
                self.report.not_held("annotation", reason, line);
                continue;
            }
            if !self.project.tags().contains(&span.tag)
                && !self.report.tags_added.contains(&span.tag)
            {
                let line = format!("{}: tag {:?} cannot be a tag name", span.at, span.tag);
                self.report
                    .not_held("annotation", "its tag cannot be a tag name", line);
                continue;
            }
            self.keep_fitting_values(&mut span);
            let layer = span.layer.clone().unwrap_or_else(|| self.layer.to_owned());
            let equal = self.present.annotation(
                &id,
                &layer,
                (span.start, span.end),
                &span.tag,
                &span.note,
                &span.fragments,
            );
            if let Some(existing) = equal {
                self.report.annotations_present += 1;
                let kept = self.project.annotation(existing).map(|a| &a.attributes);
                if !span.attributes.is_empty() && kept != Some(&span.attributes) {
                    let line = format!(
                        "{}: the annotation is in layer “{layer}” already, with other attribute values than the file's; the project's were kept",
                        span.at
                    );
                    let reason = "its annotation is already present with other values";
                    self.report.not_held("attribute value", reason, line);
                }
                if !span.key.is_empty() {
                    let end = (End::Present(existing), layer, span.tag);
                    slots.entry(span.key).or_insert(end);
                }
                continue;
            }
            by_tag
                .entry((layer, span.tag.clone()))
                .or_default()
                .push(span);
        }
        for ((layer, tag), spans) in by_tag {
            self.report.annotations += spans.len();
            if let Err(at) = self.report.layers.binary_search(&layer) {
                self.report.layers.insert(at, layer.clone());
            }
            let group = self.groups.len();
            let mut pieces = Vec::with_capacity(spans.len());
            let mut attributes = Vec::with_capacity(spans.len());
            let mut notes = Vec::with_capacity(spans.len());
            let mut ranges = Vec::with_capacity(spans.len());
            for (place, span) in spans.into_iter().enumerate() {
                if !span.key.is_empty() {
                    slots.entry(span.key).or_insert((
                        End::Added((group, place)),
                        layer.clone(),
                        tag.clone(),
                    ));
                }
                ranges.push((span.start, span.end));
                notes.push(span.note);
                self.report.values += span.attributes.len();
                pieces.push(span.fragments);
                attributes.push(span.attributes);
            }
            self.groups.push(SpanGroup {
                document: id.clone(),
                layer,
                tag,
                spans: ranges,
                notes,
                pieces,
                attributes,
            });
        }
        self.relations_of(incoming.relations, &slots);
        self.labels_of(&id, incoming.labels);
    }

    /// Drops (and reports) the values the schema cannot take on this span's tag; the
    /// schema was widened for what the file declares, so these are values of a kind
    /// other than the project's attribute of that name.
    fn keep_fitting_values(&mut self, span: &mut IncomingSpan) {
        let schema = &self.schema;
        let report = &mut self.report;
        span.attributes.retain(|name, value| {
            if let Some(def) = schema.attribute(name) {
                as_kind(&def.kind, value);
            }
            let problem = match schema.attribute(name) {
                None => Some((
                    "no such attribute in the schema",
                    "the schema has no such attribute".to_owned(),
                )),
                Some(def) if !def.applies_to(&span.tag) => Some((
                    "not for the annotation's tag",
                    format!("it is not for {:?} annotations", span.tag),
                )),
                Some(def) => def
                    .kind
                    .value_problem(value)
                    .map(|p| ("does not fit the attribute", p)),
            };
            if let Some((reason, problem)) = &problem {
                let line = format!("{}: attribute {name:?}: {problem}", span.at);
                report.not_held("attribute value", reason, line);
            }
            problem.is_none()
        });
    }

    /// The links between this document's spans, each end found by its key.
    fn relations_of(
        &mut self,
        relations: Vec<IncomingRelation>,
        slots: &HashMap<String, (End, String, String)>,
    ) {
        for relation in relations {
            let ends = slots.get(&relation.from).zip(slots.get(&relation.to));
            let problem = match ends {
                Some(((from, ..), (to, ..))) if from == to => Some((
                    "joins an annotation to itself",
                    format!(
                        "link {} from {} to itself: a link joins two annotations",
                        relation.kind, relation.from
                    ),
                )),
                None => Some((
                    "an end is not an imported annotation",
                    format!(
                        "link {} from {} to {}: an end is not an imported annotation",
                        relation.kind, relation.from, relation.to
                    ),
                )),
                Some(((_, from_layer, _), (_, to_layer, _))) if from_layer != to_layer => Some((
                    "its ends are in different layers",
                    format!(
                        "link {}: its ends are in different layers ({from_layer}, {to_layer})",
                        relation.kind
                    ),
                )),
                Some(((_, _, from_tag), (_, _, to_tag))) => {
                    let fits = self
                        .schema
                        .relation_type(&relation.kind)
                        .is_some_and(|t| t.fits(from_tag, to_tag));
                    (!fits).then(|| {
                        (
                            "does not fit the schema",
                            format!(
                                "link {} from {from_tag} to {to_tag} does not fit the schema",
                                relation.kind
                            ),
                        )
                    })
                }
            };
            match (problem, ends) {
                (None, Some(((from, ..), (to, ..)))) => self.relations.push(PendingRelation {
                    kind: relation.kind,
                    from: *from,
                    to: *to,
                    note: relation.note,
                    at: relation.at,
                }),
                (problem, _) => {
                    let (reason, problem) = problem.unwrap_or_default();
                    let line = format!("{}: {problem}", relation.at);
                    self.report.not_held("link", reason, line);
                }
            }
        }
    }

    /// The document's labels that fit the schema.
    fn labels_of(&mut self, document: &DocumentId, labels: Vec<IncomingLabel>) {
        for mut label in labels {
            if let Some(def) = self.schema.label(&label.name) {
                as_kind(&def.kind, &mut label.value);
            }
            let problem = match self.schema.label(&label.name) {
                None => Some((
                    "no such label in the schema",
                    "the schema has no such document label".to_owned(),
                )),
                Some(def) => def
                    .kind
                    .value_problem(&label.value)
                    .map(|p| ("does not fit the label", p)),
            };
            if let Some((reason, problem)) = problem {
                let line = format!("{}: document label {:?}: {problem}", label.at, label.name);
                self.report.not_held("document label", reason, line);
                continue;
            }
            let layer = label.layer.unwrap_or_else(|| self.layer.to_owned());
            let key = (document.clone(), layer, label.name);
            if self.present.label(&key, &label.value) {
                self.report.labels_present += 1;
                continue;
            }
            self.report.labels += 1;
            self.labels.push((key, Some(label.value)));
        }
    }

    /// The commands so far, then the insertion of every span (after the documents they
    /// go on), the links between them and the documents' labels.
    fn finish(mut self) -> (Command, Imported) {
        // The insertion gives ids in order from the project's next one: each slot's id
        // follows, and links name their ends by it.
        let mut first_id = Vec::with_capacity(self.groups.len());
        let mut next = self.project.next_annotation_id().0;
        for group in &self.groups {
            first_id.push(next);
            next += group.spans.len() as u64;
        }
        let id_of = |end: End| match end {
            End::Added((group, place)) => AnnotationId(first_id[group] + place as u64),
            End::Present(id) => id,
        };
        if !self.groups.is_empty() {
            self.commands.push(Command::AnnotateGroups(self.groups));
        }
        let mut seen = std::collections::HashSet::new();
        for relation in self.relations {
            let (from, to) = (id_of(relation.from), id_of(relation.to));
            if self.present.relation(&relation.kind, from, to) {
                self.report.relations_present += 1;
                continue;
            }
            if !seen.insert((relation.kind.clone(), from, to)) {
                let line = format!(
                    "{}: the same link {} is given twice; kept once",
                    relation.at, relation.kind
                );
                self.report.not_held("link", "given twice", line);
                continue;
            }
            self.report.relations += 1;
            self.commands.push(Command::Relate {
                kind: relation.kind,
                from,
                to,
                note: relation.note,
            });
        }
        if !self.labels.is_empty() {
            self.commands.push(Command::PutLabels(self.labels));
        }
        (Command::Batch(self.commands), self.report)
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
            let pieces: Option<Vec<(usize, usize)>> = span
                .fragments
                .iter()
                .map(|&(start, end)| spacing.map(start, end))
                .collect();
            match (spacing.map(span.start, span.end), pieces) {
                (Some((start, end)), Some(pieces)) => {
                    span.start = pieces.first().map_or(start, |p| p.0);
                    span.end = pieces.last().map_or(end, |p| p.1);
                    span.fragments = pieces;
                    span.quote = None;
                    moved.push(span);
                }
                _ => {
                    let line = format!(
                        "{}: span {}..{} holds only white space",
                        span.at, span.start, span.end
                    );
                    let reason = "only white space";
                    self.report.not_held("annotation", reason, line);
                }
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
                let line = format!(
                    "{}: document {:?} is not in the project, and this format holds no text; its {} annotations were not imported",
                    incoming.source,
                    incoming.id,
                    incoming.spans.len()
                );
                let reason = "not in the project, and the format holds no text";
                self.report.not_held("document", reason, line);
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

/// Why a span cannot be kept as it is, if it cannot: the reason in a few words, and in
/// full.
fn span_problem(text: &Text, span: &IncomingSpan) -> Option<(&'static str, String)> {
    if span.start >= span.end || span.end > text.char_len() {
        return Some((
            "empty or past the end of the text",
            format!(
                "span {}..{} is empty or past the end of the text ({} characters)",
                span.start,
                span.end,
                text.char_len()
            ),
        ));
    }
    for offset in [span.start, span.end] {
        if !text.is_grapheme_boundary(offset) {
            return Some((SPLITS, splits(offset)));
        }
    }
    if let Some(problem) = fragments_problem(text, span) {
        return Some(("its pieces do not fit together", problem));
    }
    if let Some(quote) = &span.quote {
        let covered = text.slice(span.start, span.end);
        if covered != quote {
            return Some((
                "the text it says it covers is not there",
                format!(
                    "the file says {}..{} covers {quote:?}, but the text there is {covered:?}",
                    span.start, span.end
                ),
            ));
        }
    }
    None
}

const SPLITS: &str = "an offset splits a character";

fn splits(offset: usize) -> String {
    format!("offset {offset} splits a character (a letter from its accent, an emoji, a CRLF)")
}

/// Why a discontinuous span's pieces cannot be kept: they must lie apart, in order, on
/// character boundaries, from the span's start to its end.
fn fragments_problem(text: &Text, span: &IncomingSpan) -> Option<String> {
    let pieces = &span.fragments;
    if pieces.is_empty() {
        return None;
    }
    let reach = pieces.first().map(|p| p.0).zip(pieces.last().map(|p| p.1));
    if pieces.len() < 2 || reach != Some((span.start, span.end)) {
        return Some(format!(
            "the fragments of {}..{} do not reach from its start to its end",
            span.start, span.end
        ));
    }
    if let Some(pair) = pieces.windows(2).find(|p| p[1].0 <= p[0].1) {
        return Some(format!(
            "fragments {}..{} and {}..{} touch, overlap or are out of order",
            pair[0].0, pair[0].1, pair[1].0, pair[1].1
        ));
    }
    pieces.iter().find_map(|&(start, end)| {
        let bad = [start, end]
            .into_iter()
            .find(|&offset| !text.is_grapheme_boundary(offset));
        match bad {
            _ if start >= end => Some(format!("fragment {start}..{end} is empty")),
            Some(offset) => Some(splits(offset)),
            None => None,
        }
    })
}

/// A value some formats can only give as text (brat's notes, W3C bodies, CSV cells) read
/// as the number or flag the schema says it is.
fn as_kind(kind: &AttributeKind, value: &mut AttributeValue) {
    if let AttributeValue::Text(typed) = &*value
        && matches!(kind, AttributeKind::Number | AttributeKind::Flag)
        && let Ok(parsed) = kind.parse(typed)
    {
        *value = parsed;
    }
}
