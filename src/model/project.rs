//! The project: documents, the tag set, annotator layers and every annotation, with the
//! invariants that hold between them.
//!
//! Changes go through `crate::edit` commands; the mutators here are crate-private so that
//! every change has an inverse and lands in the undo history.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::annotation::{Annotation, AnnotationId, DocumentId};
use super::relation::Relations;
use super::schema::{AttributeValue, Schema};
use super::tags::TagSet;
use super::text::Text;

/// Up to this many annotations are inserted one by one rather than merged by a sort: a
/// shifting insert moves pointers, the sort compares keys across the whole project.
const FEW: usize = 64;
/// The largest annotation id: ids stay exact as numbers in the JSON that other tools read
/// (2^53 − 1); a file claiming more is refused, and a change that would need more fails.
pub const MAX_ANNOTATION_ID: u64 = (1 << 53) - 1;

/// The project file format this build writes.
/// 2 added relations, attributes, fragments, document labels and the schema; a file of
/// version 1 holds none of them and reads as it is. 3 added rejected suggestions (a file
/// without any is still written as 2). 4 added a document's text direction (a file with
/// none set is written as before). 5 added where a document's pages start (a PDF's).
pub const FORMAT_VERSION: u32 = 5;

/// Which way a document's paragraphs run when the researcher has said so (otherwise each
/// runs the way its first strong letter does: UAX #9's rule).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TextDirection {
    LeftToRight,
    RightToLeft,
}

/// One article. In a recovery journal it is written as its id, title, source and text;
/// the index and the hash are made again when it is read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "DocumentParts", from = "DocumentParts")]
pub struct Document {
    pub id: DocumentId,
    pub title: String,
    /// Where the text came from: a file name or URL.
    pub source: String,
    text: Text,
    hash: String,
    /// The paragraphs' direction as set for this document; `None`: each paragraph's own.
    pub direction: Option<TextDirection>,
    /// Where each page of the file it came from starts (char offsets, the first 0), so
    /// that a quote can be cited by page; empty for a text without pages.
    pub page_starts: Vec<usize>,
}

impl Document {
    pub fn new(id: DocumentId, title: String, source: String, text: impl Into<String>) -> Self {
        let text = Text::new(text);
        let hash = content_hash(text.as_str());
        Self {
            id,
            title,
            source,
            text,
            hash,
            direction: None,
            page_starts: Vec::new(),
        }
    }

    /// The same document, cut into pages at `starts`.
    pub fn with_pages(mut self, starts: Vec<usize>) -> Self {
        self.page_starts = starts;
        self
    }

    pub fn text(&self) -> &Text {
        &self.text
    }

    /// The page (counted from 1) that the character at `offset` is on, where the text has
    /// pages. On a page left empty (a picture, a blank page) no character is.
    pub fn page_at(&self, offset: usize) -> Option<usize> {
        let after = self.page_starts.partition_point(|&start| start <= offset);
        (!self.page_starts.is_empty()).then_some(after.max(1))
    }

    /// Why the page starts cannot be this text's: they must begin at 0, never go back,
    /// and stay within the text.
    pub fn page_problem(&self) -> Option<String> {
        let starts = &self.page_starts;
        let length = self.text.char_len();
        if starts.is_empty() {
            return None;
        }
        if starts[0] != 0 {
            return Some(format!("its first page starts at {}, not 0", starts[0]));
        }
        if let Some(pair) = starts.windows(2).find(|pair| pair[1] < pair[0]) {
            return Some(format!(
                "a page starts at {} after one starting at {}",
                pair[1], pair[0]
            ));
        }
        starts
            .iter()
            .find(|&&start| start > length)
            .map(|start| format!("a page starts at {start}, past its {length} characters"))
    }

    /// `sha256:<hex>` of the UTF-8 text: matches a colleague's copy of the same article.
    pub fn content_hash(&self) -> &str {
        &self.hash
    }
}

/// What a document is made of, for serde.
#[derive(Serialize, Deserialize)]
struct DocumentParts {
    id: DocumentId,
    title: String,
    source: String,
    text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    direction: Option<TextDirection>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    page_starts: Vec<usize>,
}

impl From<Document> for DocumentParts {
    fn from(document: Document) -> Self {
        Self {
            id: document.id,
            title: document.title,
            source: document.source,
            text: document.text.as_str().to_owned(),
            direction: document.direction,
            page_starts: document.page_starts,
        }
    }
}

impl From<DocumentParts> for Document {
    fn from(parts: DocumentParts) -> Self {
        let mut document = Self::new(parts.id, parts.title, parts.source, parts.text);
        document.direction = parts.direction;
        document.page_starts = parts.page_starts;
        document
    }
}

/// The hash that identifies a text across projects.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(7 + 64);
    hex.push_str("sha256:");
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// The annotations of one annotator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layer {
    /// The annotator's name or initials, unique in the project.
    pub name: String,
}

/// A broken invariant, found on load or by `annotary check`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub annotation: Option<AnnotationId>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.annotation {
            Some(id) => write!(f, "annotation {id}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    pub title: String,
    pub(crate) tags: TagSet,
    /// Relation types, attributes and document labels: the scheme beside the tags.
    pub(crate) schema: Schema,
    pub(crate) layers: Vec<Layer>,
    pub(crate) documents: Vec<Document>,
    /// Sorted by (document, start, end, id). Boxed on purpose: inserting into a list of
    /// 100,000 then shifts 8-byte pointers instead of ~180-byte records, which keeps an
    /// edit within a frame on book-length documents.
    #[allow(clippy::vec_box)]
    pub(crate) annotations: Vec<Box<Annotation>>,
    /// Where each annotation sits in that order: finding one by id is a binary search,
    /// not a scan of every annotation.
    placed: HashMap<AnnotationId, (DocumentId, usize, usize)>,
    /// Where each document sits in `documents`, so that finding one by id does not scan a
    /// corpus of thousands (every annotation's check and every import looks documents up).
    /// A duplicated id (only in a file `check` refuses) points at its first document.
    document_at: HashMap<DocumentId, usize>,
    pub(crate) next_annotation_id: u64,
    /// Review decisions, in the order they were made.
    pub(crate) decisions: Vec<super::Decision>,
    pub(crate) relations: Relations,
    /// Labels on whole documents, by (document, layer, label name): each annotator
    /// labels a document in their own layer, so that two can be compared.
    pub(crate) labels: Labels,
    /// Records a git merge found changed on both sides, until a coder settles each.
    pub(crate) conflicts: Vec<super::Conflict>,
    /// Forms coders rejected as suggestions, not offered with that tag again.
    pub(crate) rejected: std::collections::BTreeSet<super::suggest::Rejected>,
}

/// Where a document label sits: (document, layer, label name).
pub type LabelKey = (DocumentId, String, String);

/// Every document label of a project, sorted by where it sits.
pub type Labels = BTreeMap<LabelKey, AttributeValue>;

impl Default for Project {
    fn default() -> Self {
        Self::new("Untitled project", "me")
    }
}

impl Project {
    /// An empty project with the default tag set and one layer for `annotator`.
    pub fn new(title: &str, annotator: &str) -> Self {
        Self {
            title: title.to_owned(),
            tags: TagSet::default(),
            schema: Schema::claims_analysis(),
            layers: vec![Layer {
                name: annotator.to_owned(),
            }],
            documents: Vec::new(),
            annotations: Vec::new(),
            placed: HashMap::new(),
            document_at: HashMap::new(),
            next_annotation_id: 1,
            decisions: Vec::new(),
            relations: Relations::default(),
            labels: BTreeMap::new(),
            conflicts: Vec::new(),
            rejected: std::collections::BTreeSet::new(),
        }
    }

    /// The project without its tags and schema, for an import that brings its own into
    /// a project it creates (the defaults beside them would be a second `claim`).
    pub fn without_tags_or_schema(mut self) -> Self {
        self.tags = TagSet { tags: Vec::new() };
        self.schema = Schema::default();
        self
    }

    /// Assembles a project from stored parts, then checks every invariant.
    /// Annotations may come in any order.
    pub fn from_parts(
        title: String,
        tags: TagSet,
        layers: Vec<Layer>,
        documents: Vec<Document>,
        mut annotations: Vec<Annotation>,
        next_annotation_id: u64,
    ) -> Result<Self, Vec<Problem>> {
        annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let placed = annotations.iter().map(place).collect();
        let mut project = Self {
            title,
            tags,
            // A project assembled from parts has the parts' schema only (a version-1 file
            // had none): `with_coding` gives it one.
            schema: Schema::default(),
            layers,
            documents,
            annotations: annotations.into_iter().map(Box::new).collect(),
            placed,
            document_at: HashMap::new(),
            next_annotation_id,
            decisions: Vec::new(),
            relations: Relations::default(),
            labels: BTreeMap::new(),
            conflicts: Vec::new(),
            rejected: std::collections::BTreeSet::new(),
        };
        project.index_documents_from(0);
        let problems = project.problems();
        if problems.is_empty() {
            Ok(project)
        } else {
            Err(problems)
        }
    }

    /// The review decisions, oldest first.
    pub fn decisions(&self) -> &[super::Decision] {
        &self.decisions
    }

    /// The same project with these review decisions (as a project file holds them).
    pub fn with_decisions(mut self, decisions: Vec<super::Decision>) -> Self {
        self.decisions = decisions;
        self
    }

    /// The same project with this schema, these relations and document labels (as a
    /// project file holds them). What does not fit is kept and listed by
    /// [`Project::coding_problems`], so a file with a broken link still opens.
    pub fn with_coding(
        mut self,
        schema: Schema,
        relations: Vec<super::Relation>,
        labels: Labels,
    ) -> Self {
        self.schema = schema;
        self.relations = Relations::from_list(relations);
        self.labels = labels;
        self
    }

    pub fn tags(&self) -> &TagSet {
        &self.tags
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub fn relations(&self) -> &Relations {
        &self.relations
    }

    /// Every document label, sorted by (document, layer, name).
    pub fn labels(&self) -> &Labels {
        &self.labels
    }

    /// The labels one layer gave one document, by name.
    pub fn labels_of<'a>(
        &'a self,
        document: &'a DocumentId,
        layer: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a AttributeValue)> {
        let from = (document.clone(), layer.to_owned(), String::new());
        self.labels
            .range(from..)
            .take_while(move |((d, l, _), _)| d == document && l == layer)
            .map(|((_, _, name), value)| (name.as_str(), value))
    }

    /// The value `annotation` has for attribute `name`: its own, else the schema's default.
    pub fn attribute_value<'a>(
        &'a self,
        annotation: &'a Annotation,
        name: &str,
    ) -> Option<&'a AttributeValue> {
        annotation
            .attributes
            .get(name)
            .or_else(|| self.schema.attribute(name)?.default.as_ref())
    }

    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    pub fn document(&self, id: &DocumentId) -> Option<&Document> {
        self.document_at.get(id).map(|&at| &self.documents[at])
    }

    /// Every annotation, sorted by (document, start, end, id).
    pub fn annotations(&self) -> &[Box<Annotation>] {
        &self.annotations
    }

    /// The annotations of one document, sorted by (start, end, id).
    pub fn annotations_in(&self, document: &DocumentId) -> &[Box<Annotation>] {
        let first = self.annotations.partition_point(|a| &a.document < document);
        let last = self
            .annotations
            .partition_point(|a| &a.document <= document);
        &self.annotations[first..last]
    }

    pub fn annotation(&self, id: AnnotationId) -> Option<&Annotation> {
        self.position(id).map(|at| &*self.annotations[at])
    }

    fn position(&self, id: AnnotationId) -> Option<usize> {
        let (document, start, end) = self.placed.get(&id)?;
        let key = (document, *start, *end, id);
        let at = self.annotations.partition_point(|a| a.sort_key() < key);
        (self.annotations.get(at)?.id == id).then_some(at)
    }

    /// The id the next new annotation will get.
    pub fn next_annotation_id(&self) -> AnnotationId {
        AnnotationId(self.next_annotation_id)
    }

    /// A document id not yet used, derived from `wanted` (e.g. a file stem). To add many
    /// documents, use one [`super::NewDocumentIds`] for them all.
    pub fn unused_document_id(&self, wanted: &str) -> DocumentId {
        super::NewDocumentIds::new(self).fresh(wanted)
    }

    /// Every broken invariant: offsets inside the text and on character boundaries,
    /// quotes equal to the covered text, unique ids, known tags, layers and documents.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems: Vec<Problem> = self
            .tags
            .problems()
            .into_iter()
            .map(|message| Problem {
                annotation: None,
                message,
            })
            .collect();
        let mut general = |message: String| {
            problems.push(Problem {
                annotation: None,
                message,
            });
        };
        if self.layers.is_empty() {
            general("the project has no layer".to_owned());
        }
        for (i, layer) in self.layers.iter().enumerate() {
            if layer.name.trim().is_empty() {
                general(format!("layer {} has an empty name", i + 1));
            } else if let Some(problem) = super::names::layer_name_problem(&layer.name) {
                general(problem);
            }
            if self.layers[..i].iter().any(|l| l.name == layer.name) {
                general(format!("layer {:?} is defined twice", layer.name));
            }
        }
        let mut document_ids = HashSet::new();
        for (i, document) in self.documents.iter().enumerate() {
            if document.id.0.is_empty() {
                general(format!("document {} has an empty id", i + 1));
            } else if !document.id.is_safe_file_name() {
                general(format!(
                    "document id {:?} could name a file outside an export's folder (no /, \\, :, .., leading dot or control characters)",
                    document.id.0
                ));
            }
            if !document_ids.insert(&document.id) {
                general(format!("document id {:?} is used twice", document.id.0));
            }
            if let Some(problem) = document.page_problem() {
                general(format!("document {:?}: {problem}", document.id.0));
            }
        }
        if self.next_annotation_id > MAX_ANNOTATION_ID + 1 {
            general(format!(
                "next_annotation_id {} is past the largest annotation id ({MAX_ANNOTATION_ID})",
                self.next_annotation_id
            ));
        }
        let mut ids: Vec<AnnotationId> = self.annotations.iter().map(|a| a.id).collect();
        ids.sort_unstable();
        for pair in ids.windows(2) {
            if pair[0] == pair[1] {
                general(format!("annotation id {} is used twice", pair[0]));
            }
        }
        problems.extend(self.relation_id_problems());
        for annotation in &self.annotations {
            for message in self.annotation_problems(annotation) {
                problems.push(Problem {
                    annotation: Some(annotation.id),
                    message,
                });
            }
        }
        problems
    }

    /// Review decisions about documents, layers or annotations the project does not have,
    /// as "review decision N: why". Edits never make one (deleting what a decision names
    /// forgets the decision), but builds before 2026-12-02 did, so a project holding them
    /// still opens, with them kept as they are; `annotary check` refuses it.
    pub fn decision_problems(&self) -> Vec<String> {
        self.decisions
            .iter()
            .enumerate()
            .filter_map(|(n, d)| {
                let problem = self.decision_problem(d)?;
                Some(format!("review decision {}: {problem}", n + 1))
            })
            .collect()
    }

    /// Why `decision` does not fit this project, if it does not: it names a document, a
    /// layer or an annotation the project does not have.
    pub fn decision_problem(&self, decision: &super::Decision) -> Option<String> {
        if self.document(&decision.document).is_none() {
            return Some(format!(
                "names document {:?}, which does not exist",
                decision.document.0
            ));
        }
        for layer in [
            &decision.mine_layer,
            &decision.theirs_layer,
            &decision.reviewed_layer,
        ] {
            if !self.layers.iter().any(|l| &l.name == layer) {
                return Some(format!("names layer {layer:?}, which does not exist"));
            }
        }
        for id in [decision.mine, decision.theirs].into_iter().flatten() {
            if self.annotation(id).is_none() {
                return Some(format!("names annotation {id}, which does not exist"));
            }
        }
        for id in decision.about.relations() {
            if self.relations.get(id).is_none() {
                return Some(format!("names link {id}, which does not exist"));
            }
        }
        None
    }

    fn annotation_problems(&self, a: &Annotation) -> Vec<String> {
        let mut problems = Vec::new();
        if a.id.0 >= self.next_annotation_id {
            problems.push(format!(
                "id is not below next_annotation_id ({})",
                self.next_annotation_id
            ));
        }
        if !self.tags.contains(&a.tag) {
            problems.push(format!("tag {:?} is not in the tag set", a.tag));
        }
        if !self.layers.iter().any(|l| l.name == a.layer) {
            problems.push(format!("layer {:?} does not exist", a.layer));
        }
        let Some(document) = self.document(&a.document) else {
            problems.push(format!("document {:?} does not exist", a.document.0));
            return problems;
        };
        let text = document.text();
        let pieces: Vec<(usize, usize)> = a.pieces().collect();
        let mut inside = true;
        for &(start, end) in &pieces {
            if start >= end {
                problems.push(format!(
                    "start {start} is not before end {end}: a span covers at least one character"
                ));
                inside = false;
            } else if end > text.char_len() {
                problems.push(format!(
                    "end {end} is past the end of document {:?} ({} characters)",
                    a.document.0,
                    text.char_len()
                ));
                inside = false;
            } else {
                for (name, offset) in [("start", start), ("end", end)] {
                    if !text.is_grapheme_boundary(offset) {
                        problems.push(format!(
                            "{name} {offset} splits a character (a letter from its combining mark, an emoji sequence or a CRLF)"
                        ));
                    }
                }
            }
        }
        if a.is_discontinuous() {
            let first = pieces.iter().map(|p| p.0).min().unwrap_or(a.start);
            let last = pieces.iter().map(|p| p.1).max().unwrap_or(a.end);
            if (a.start, a.end) != (first, last) {
                problems.push(format!(
                    "start..end {}..{} is not the reach of its fragments, {first}..{last}",
                    a.start, a.end
                ));
            }
        }
        // Pieces out of order or overlapping are listed by `coding_problems` (the file
        // still opens); their quote is not held against them.
        if inside && super::fragment_problem(a).is_none() {
            let covered = super::joined_quote(text, &pieces);
            if covered != a.quote {
                let at: Vec<String> = pieces.iter().map(|(s, e)| format!("{s}..{e}")).collect();
                problems.push(format!(
                    "quote {:?} does not match the text at {}, which is {:?}",
                    a.quote,
                    at.join(";"),
                    covered
                ));
            }
        }
        problems
    }

    // ---- crate-private mutators, used by edit commands ----

    /// The next id; callers check first that it is at most `MAX_ANNOTATION_ID`.
    pub(crate) fn allocate_annotation_id(&mut self) -> AnnotationId {
        let id = AnnotationId(self.next_annotation_id);
        self.next_annotation_id = self.next_annotation_id.saturating_add(1);
        id
    }

    pub(crate) fn insert_annotation(&mut self, annotation: Annotation) {
        self.next_annotation_id = self
            .next_annotation_id
            .max(annotation.id.0.saturating_add(1));
        let at = self
            .annotations
            .partition_point(|a| a.sort_key() < annotation.sort_key());
        let (id, spot) = place(&annotation);
        self.placed.insert(id, spot);
        self.annotations.insert(at, Box::new(annotation));
    }

    /// Adds many annotations with one sort instead of one shifting insert each; a few go
    /// in one at a time, since the sort compares every annotation of the project.
    pub(crate) fn insert_many(&mut self, mut added: Vec<Annotation>) {
        if added.len() <= FEW {
            for annotation in added {
                self.insert_annotation(annotation);
            }
            return;
        }
        if let Some(highest) = added.iter().map(|a| a.id.0).max() {
            self.next_annotation_id = self.next_annotation_id.max(highest.saturating_add(1));
        }
        added.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.placed.extend(added.iter().map(place));
        self.annotations.extend(added.into_iter().map(Box::new));
        // Two sorted runs: the stable sort merges them in linear time.
        self.annotations
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    /// Removes every annotation whose id is in `ids`, in one pass; returns them.
    pub(crate) fn remove_many(&mut self, ids: &HashSet<AnnotationId>) -> Vec<Annotation> {
        let (removed, kept): (Vec<Box<Annotation>>, Vec<Box<Annotation>>) =
            std::mem::take(&mut self.annotations)
                .into_iter()
                .partition(|a| ids.contains(&a.id));
        self.annotations = kept;
        let removed: Vec<Annotation> = removed.into_iter().map(|a| *a).collect();
        for annotation in &removed {
            self.placed.remove(&annotation.id);
        }
        removed
    }

    pub(crate) fn remove_annotation(&mut self, id: AnnotationId) -> Option<Annotation> {
        let at = self.position(id)?;
        self.placed.remove(&id);
        Some(*self.annotations.remove(at))
    }

    /// Adds a relation; its id counts as given out.
    pub(crate) fn insert_relation(&mut self, relation: super::Relation) {
        self.next_annotation_id = self.next_annotation_id.max(relation.id.0.saturating_add(1));
        self.relations.insert(relation);
    }

    pub(crate) fn remove_relation(&mut self, id: super::RelationId) -> Option<super::Relation> {
        self.relations.remove(id)
    }

    /// Takes out every relation with an end in `annotations`; returns them.
    pub(crate) fn remove_relations_touching(
        &mut self,
        annotations: &HashSet<AnnotationId>,
    ) -> Vec<super::Relation> {
        self.relations.remove_touching(annotations)
    }

    /// Sets or clears one document label; returns the value it had.
    pub(crate) fn set_label(
        &mut self,
        key: LabelKey,
        value: Option<AttributeValue>,
    ) -> Option<AttributeValue> {
        match value {
            Some(value) => self.labels.insert(key, value),
            None => self.labels.remove(&key),
        }
    }

    /// Takes out the document labels `doomed` picks; returns them.
    pub(crate) fn remove_labels(
        &mut self,
        doomed: impl Fn(&LabelKey) -> bool,
    ) -> Vec<(LabelKey, AttributeValue)> {
        let keys: Vec<LabelKey> = self.labels.keys().filter(|k| doomed(k)).cloned().collect();
        keys.into_iter()
            .filter_map(|k| self.labels.remove(&k).map(|v| (k, v)))
            .collect()
    }

    pub(crate) fn position_of_document(&self, id: &DocumentId) -> Option<usize> {
        self.document_at.get(id).copied()
    }

    pub(crate) fn document_mut(&mut self, id: &DocumentId) -> Option<&mut Document> {
        let at = self.position_of_document(id)?;
        Some(&mut self.documents[at])
    }

    /// Puts a document at `index` (at most the end): an import adding thousands at the end
    /// re-indexes one each.
    pub(crate) fn insert_document(&mut self, index: usize, document: Document) {
        let index = index.min(self.documents.len());
        self.documents.insert(index, document);
        self.index_documents_from(index);
    }

    pub(crate) fn remove_document_at(&mut self, index: usize) -> Document {
        let document = self.documents.remove(index);
        if self.document_at.get(&document.id) == Some(&index) {
            self.document_at.remove(&document.id);
        }
        self.index_documents_from(index);
        document
    }

    /// Brings the id index up to date for the documents from `index` on.
    fn index_documents_from(&mut self, index: usize) {
        for at in index..self.documents.len() {
            let id = &self.documents[at].id;
            // An entry is right if it names an earlier document of this id (a file with a
            // duplicated id, which `check` refuses, still finds its first one).
            let right = matches!(self.document_at.get(id),
                Some(&earlier) if earlier < at && self.documents[earlier].id == *id);
            if !right {
                self.document_at.insert(id.clone(), at);
            }
        }
    }
}

/// An annotation's id and where it sorts, for the id index.
fn place(annotation: &Annotation) -> (AnnotationId, (DocumentId, usize, usize)) {
    (
        annotation.id,
        (
            annotation.document.clone(),
            annotation.start,
            annotation.end,
        ),
    )
}
