//! A project as a list of records, each named by a key: what a three-way merge of two
//! coders' project files compares, and what a merge conflict keeps of each side.
//!
//! A key names one record across versions of a file: a tag, layer or type by its name, a
//! document by its id, an annotation or relation by its id, a document label by where it
//! sits, a review decision by the difference it settles.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    About, Annotation, AnnotationId, AttributeDef, AttributeValue, Decision, Document, DocumentId,
    LabelKey, Layer, Problem, Project, Relation, RelationId, RelationType, Schema, Tag, TagSet,
};

/// What one record is, across versions of a project.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RecordKey {
    Title,
    Tag(String),
    RelationType(String),
    AttributeType(String),
    LabelType(String),
    EventType(String),
    Layer(String),
    Document(DocumentId),
    Annotation(AnnotationId),
    Relation(RelationId),
    Label(LabelKey),
    Decision(DecisionKey),
    /// A form a coder rejected as a suggestion: the record is its own key.
    Rejected(super::suggest::Rejected),
}

/// The difference a review decision settles: two decisions with this key are about the
/// same thing, whatever each chose.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DecisionKey {
    pub document: DocumentId,
    pub mine_layer: String,
    pub theirs_layer: String,
    pub reviewed_layer: String,
    pub mine: Option<AnnotationId>,
    pub theirs: Option<AnnotationId>,
    pub about: About,
    /// Which decision on this difference, counting from 0 in file order: a reviewer who
    /// decides again adds a decision, and the latest counts.
    pub nth: usize,
}

/// A record and where it stands among a project's records (its index in
/// [`Project::keyed_records`]).
pub type Placed = (usize, Record);

/// One record of a project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Record {
    Title(String),
    Tag(Tag),
    RelationType(RelationType),
    AttributeType(AttributeDef),
    LabelType(AttributeDef),
    EventType(String),
    Layer(Layer),
    Document(Document),
    Annotation(Annotation),
    Relation(Relation),
    Label(LabelKey, AttributeValue),
    Decision(Decision),
    Rejected(super::suggest::Rejected),
}

impl Record {
    /// The record's key; a decision's is that of the first decision on its difference
    /// (see [`Project::keyed_records`] for the rest).
    pub fn key(&self) -> RecordKey {
        match self {
            Self::Title(_) => RecordKey::Title,
            Self::Tag(tag) => RecordKey::Tag(tag.name.clone()),
            Self::RelationType(kind) => RecordKey::RelationType(kind.name.clone()),
            Self::AttributeType(def) => RecordKey::AttributeType(def.name.clone()),
            Self::LabelType(def) => RecordKey::LabelType(def.name.clone()),
            Self::EventType(name) => RecordKey::EventType(name.clone()),
            Self::Layer(layer) => RecordKey::Layer(layer.name.clone()),
            Self::Document(document) => RecordKey::Document(document.id.clone()),
            Self::Annotation(annotation) => RecordKey::Annotation(annotation.id),
            Self::Relation(relation) => RecordKey::Relation(relation.id),
            Self::Label(key, _) => RecordKey::Label(key.clone()),
            Self::Decision(decision) => RecordKey::Decision(DecisionKey::of(decision, 0)),
            Self::Rejected(rejected) => RecordKey::Rejected(rejected.clone()),
        }
    }

    /// Whether `key` could name this record: its key, but any decision on the difference.
    pub fn fits(&self, key: &RecordKey) -> bool {
        match (self.key(), key) {
            (RecordKey::Decision(mine), RecordKey::Decision(other)) => {
                mine == DecisionKey {
                    nth: 0,
                    ..other.clone()
                }
            }
            (own, key) => &own == key,
        }
    }

    /// Whether two versions say the same, apart from when they were made: two coders who
    /// retag one span the same way at different times made the same change.
    pub fn says_the_same(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Annotation(a), Self::Annotation(b)) => {
                let mut b = b.clone();
                b.created = a.created;
                b.modified = a.modified;
                *a == b
            }
            (Self::Decision(a), Self::Decision(b)) => a.choice == b.choice,
            _ => self == other,
        }
    }

    /// The records this one refers to, which must exist beside it.
    pub fn needs(&self) -> Vec<RecordKey> {
        match self {
            Self::Annotation(a) => {
                let mut needs = vec![
                    RecordKey::Document(a.document.clone()),
                    RecordKey::Layer(a.layer.clone()),
                    RecordKey::Tag(a.tag.clone()),
                ];
                needs.extend(a.attributes.keys().cloned().map(RecordKey::AttributeType));
                needs
            }
            Self::Relation(r) => vec![
                RecordKey::Annotation(r.from),
                RecordKey::Annotation(r.to),
                RecordKey::RelationType(r.kind.clone()),
            ],
            Self::Label((document, layer, name), _) => vec![
                RecordKey::Document(document.clone()),
                RecordKey::Layer(layer.clone()),
                RecordKey::LabelType(name.clone()),
            ],
            Self::Decision(d) => {
                let mut needs = vec![RecordKey::Document(d.document.clone())];
                needs.extend(
                    [&d.mine_layer, &d.theirs_layer, &d.reviewed_layer]
                        .into_iter()
                        .map(|name| RecordKey::Layer(name.clone())),
                );
                needs.extend(
                    d.mine
                        .into_iter()
                        .chain(d.theirs)
                        .map(RecordKey::Annotation),
                );
                needs.extend(d.about.relations().map(RecordKey::Relation));
                needs
            }
            Self::EventType(name) => vec![RecordKey::Tag(name.clone())],
            // The tags a type names must stay in the tag set.
            Self::RelationType(kind) => kind
                .from
                .iter()
                .chain(&kind.to)
                .cloned()
                .map(RecordKey::Tag)
                .collect(),
            Self::AttributeType(def) | Self::LabelType(def) => {
                def.tags.iter().cloned().map(RecordKey::Tag).collect()
            }
            // A rejection keeps no tag or layer alive: without them it is inert.
            _ => Vec::new(),
        }
    }
}

impl DecisionKey {
    pub fn of(decision: &Decision, nth: usize) -> Self {
        Self {
            document: decision.document.clone(),
            mine_layer: decision.mine_layer.clone(),
            theirs_layer: decision.theirs_layer.clone(),
            reviewed_layer: decision.reviewed_layer.clone(),
            mine: decision.mine,
            theirs: decision.theirs,
            about: decision.about.clone(),
            nth,
        }
    }
}

impl std::fmt::Display for RecordKey {
    /// In the researcher's words: "annotation 17", "tag \"claim\"".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Title => f.write_str("the project's title"),
            Self::Tag(name) => write!(f, "tag {name:?}"),
            Self::RelationType(name) => write!(f, "relation type {name:?}"),
            Self::AttributeType(name) => write!(f, "attribute {name:?}"),
            Self::LabelType(name) => write!(f, "document label type {name:?}"),
            Self::EventType(name) => write!(f, "event type {name:?}"),
            Self::Layer(name) => write!(f, "layer {name:?}"),
            Self::Document(id) => write!(f, "document {:?}", id.0),
            Self::Annotation(id) => write!(f, "annotation {id}"),
            Self::Relation(id) => write!(f, "relation {id}"),
            Self::Label((document, layer, name)) => {
                write!(f, "label {name:?} of {:?} in layer {layer:?}", document.0)
            }
            Self::Decision(key) => write!(
                f,
                "the review decision on {:?} between {:?} and {:?}",
                key.document.0, key.mine_layer, key.theirs_layer
            ),
            Self::Rejected(r) => write!(
                f,
                "the rejected suggestion {:?} as {:?} in layer {:?}",
                r.form, r.tag, r.layer
            ),
        }
    }
}

/// Records with their keys, a decision counted after those on the same difference before it.
pub fn keyed(records: Vec<Record>) -> Vec<(RecordKey, Record)> {
    let mut seen: BTreeMap<DecisionKey, usize> = BTreeMap::new();
    records
        .into_iter()
        .map(|record| match record.key() {
            RecordKey::Decision(first) => {
                let nth = seen.entry(first.clone()).or_default();
                let key = RecordKey::Decision(DecisionKey { nth: *nth, ..first });
                *nth += 1;
                (key, record)
            }
            key => (key, record),
        })
        .collect()
}

impl Project {
    /// Every record with its key, in the order the project file writes them.
    pub fn keyed_records(&self) -> Vec<(RecordKey, Record)> {
        keyed(self.records())
    }

    /// Every record, in the order the project file writes them.
    pub fn records(&self) -> Vec<Record> {
        let schema = &self.schema;
        let mut records = vec![Record::Title(self.title.clone())];
        records.extend(self.tags.tags.iter().cloned().map(Record::Tag));
        records.extend(schema.relations.iter().cloned().map(Record::RelationType));
        records.extend(schema.attributes.iter().cloned().map(Record::AttributeType));
        records.extend(schema.labels.iter().cloned().map(Record::LabelType));
        records.extend(schema.events.iter().cloned().map(Record::EventType));
        records.extend(self.layers.iter().cloned().map(Record::Layer));
        records.extend(self.documents.iter().cloned().map(Record::Document));
        records.extend(
            self.annotations
                .iter()
                .map(|a| Record::Annotation((**a).clone())),
        );
        records.extend(self.relations.all().iter().cloned().map(Record::Relation));
        records.extend(
            self.labels
                .iter()
                .map(|(key, value)| Record::Label(key.clone(), value.clone())),
        );
        records.extend(self.decisions.iter().cloned().map(Record::Decision));
        records.extend(self.rejected.iter().cloned().map(Record::Rejected));
        records
    }

    /// A project from records (each kind in the order given), its next id and its merge
    /// conflicts. Every problem it has, of any kind, is returned instead.
    pub fn from_records(
        records: Vec<Record>,
        next_annotation_id: u64,
        conflicts: Vec<super::Conflict>,
    ) -> Result<Self, Vec<String>> {
        let project = Self::assemble(records, next_annotation_id, conflicts)?;
        let problems = project.every_problem();
        if problems.is_empty() {
            Ok(project)
        } else {
            Err(problems)
        }
    }

    /// The project the records make, refused only when its annotations break an
    /// invariant (what a file's coding or decisions get wrong is kept, as on load).
    pub fn assemble(
        records: Vec<Record>,
        next_annotation_id: u64,
        conflicts: Vec<super::Conflict>,
    ) -> Result<Self, Vec<String>> {
        let mut title = None;
        let mut tags = Vec::new();
        let mut schema = Schema::default();
        let mut layers = Vec::new();
        let mut documents = Vec::new();
        let mut annotations = Vec::new();
        let mut relations = Vec::new();
        let mut labels = BTreeMap::new();
        let mut decisions = Vec::new();
        let mut rejected = std::collections::BTreeSet::new();
        for record in records {
            match record {
                Record::Title(text) => title = Some(text),
                Record::Tag(tag) => tags.push(tag),
                Record::RelationType(kind) => schema.relations.push(kind),
                Record::AttributeType(def) => schema.attributes.push(def),
                Record::LabelType(def) => schema.labels.push(def),
                Record::EventType(name) => schema.events.push(name),
                Record::Layer(layer) => layers.push(layer),
                Record::Document(document) => documents.push(document),
                Record::Annotation(annotation) => annotations.push(annotation),
                Record::Relation(relation) => relations.push(relation),
                Record::Label(key, value) => {
                    labels.insert(key, value);
                }
                Record::Decision(decision) => decisions.push(decision),
                Record::Rejected(form) => {
                    rejected.insert(form);
                }
            }
        }
        Ok(Self::from_parts(
            title.unwrap_or_else(|| "Untitled project".to_owned()),
            TagSet { tags },
            layers,
            documents,
            annotations,
            next_annotation_id,
        )
        .map_err(|problems| problems.iter().map(Problem::to_string).collect::<Vec<_>>())?
        .with_decisions(decisions)
        .with_coding(schema, relations, labels)
        .with_conflicts(conflicts)
        .with_rejected(rejected))
    }

    /// The links, document labels and review decisions that do not fit the rest of the
    /// project: what a merge can leave out (listing it as a conflict) to stay whole.
    pub fn unfit_records(&self) -> Vec<RecordKey> {
        self.keyed_records()
            .into_iter()
            .filter(|(_, record)| match record {
                Record::Relation(relation) => self.relation_problem(relation).is_some(),
                Record::Label((document, layer, name), value) => {
                    self.label_problem(document, layer, name, value).is_some()
                }
                Record::Decision(decision) => self.decision_problem(decision).is_some(),
                _ => false,
            })
            .map(|(key, _)| key)
            .collect()
    }

    /// Every problem `annotary check` would report apart from unsettled merge conflicts:
    /// broken invariants, coding that does not fit the schema, review decisions naming what
    /// is not there.
    pub fn every_problem(&self) -> Vec<String> {
        let mut problems: Vec<String> = self.problems().iter().map(Problem::to_string).collect();
        problems.extend(self.coding_problems());
        problems.extend(self.decision_problems());
        problems.dedup();
        problems
    }

    /// The same project with `record` (or nothing) where `key` is; returns the project and
    /// what was there. Refused, with the problems, when the result would break something
    /// the project did not already have broken.
    pub fn with_record(
        &self,
        key: &RecordKey,
        record: Option<Record>,
    ) -> Result<(Self, Option<Record>), Vec<String>> {
        self.with_record_at(key, record, None)
            .map(|(project, old)| (project, old.map(|(_, record)| record)))
    }

    /// [`Self::with_record`], putting a record the project lacks at `place` among its
    /// records (where undo found it; none: last), and saying where the old one was.
    pub fn with_record_at(
        &self,
        key: &RecordKey,
        record: Option<Record>,
        place: Option<usize>,
    ) -> Result<(Self, Option<Placed>), Vec<String>> {
        let before: Vec<String> = self.every_problem();
        let had = |problem: &String| before.iter().any(|b| unplaced(b) == unplaced(problem));
        let mut records = self.keyed_records();
        let at = records.iter().position(|(k, _)| k == key);
        let old = match (at, record) {
            (Some(at), Some(record)) => Some((
                at,
                std::mem::replace(&mut records[at], (key.clone(), record)).1,
            )),
            (Some(at), None) => Some((at, records.remove(at).1)),
            (None, Some(record)) => {
                let place = place.map_or(records.len(), |place| place.min(records.len()));
                records.insert(place, (key.clone(), record));
                None
            }
            (None, None) => None,
        };
        let records: Vec<Record> = records.into_iter().map(|(_, r)| r).collect();
        let mut next = self.next_annotation_id;
        for record in &records {
            let id = match record {
                Record::Annotation(a) => a.id.0,
                Record::Relation(r) => r.id.0,
                _ => continue,
            };
            next = next.max(id + 1);
        }
        let after = match Self::assemble(records, next, self.conflicts.clone()) {
            Ok(project) => {
                let after = project.every_problem();
                if after.iter().all(had) {
                    return Ok((project, old));
                }
                after
            }
            Err(after) => after,
        };
        Err(after.into_iter().filter(|p| !had(p)).collect())
    }
}

/// A problem without the place it names by counting ("review decision 3: …" is about the
/// third decision, which is the second once one before it goes): what stays the same
/// problem when a record is put in or taken out before it.
fn unplaced(problem: &str) -> &str {
    problem
        .strip_prefix("review decision ")
        .and_then(|rest| rest.split_once(": "))
        .filter(|(n, _)| n.bytes().all(|b| b.is_ascii_digit()))
        .map_or(problem, |(_, what)| what)
}

#[cfg(test)]
mod tests {
    use super::unplaced;

    #[test]
    fn a_decisions_problem_is_the_same_whatever_its_number() {
        assert_eq!(
            unplaced("review decision 3: names annotation 9, which is not there"),
            unplaced("review decision 2: names annotation 9, which is not there")
        );
        assert_eq!(unplaced("annotation 3: no tag"), "annotation 3: no tag");
        assert_eq!(unplaced("review decision x: y"), "review decision x: y");
    }
}
