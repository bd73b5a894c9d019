//! A typed, directed link between two annotations of one document and layer: the claim
//! and its claimant, the claim and its date.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::AnnotationId;

/// A relation's id. Relations take their ids from the project's one sequence of ids, so
/// an id names either an annotation or a relation, never both, and is never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RelationId(pub u64);

impl fmt::Display for RelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub id: RelationId,
    /// The relation type's name in the schema (`claimant`).
    pub kind: String,
    pub from: AnnotationId,
    pub to: AnnotationId,
    /// Free text; empty when the annotator wrote none.
    #[serde(default)]
    pub note: String,
}

impl Relation {
    /// Whether the relation has `annotation` at either end.
    pub fn touches(&self, annotation: AnnotationId) -> bool {
        self.from == annotation || self.to == annotation
    }

    /// The end that is not `annotation`.
    pub fn other_end(&self, annotation: AnnotationId) -> AnnotationId {
        if self.from == annotation {
            self.to
        } else {
            self.from
        }
    }
}

/// A project's relations, sorted by id, with an index from each annotation to the
/// relations at either end of it: what a delete, the inspector and the arrows ask for.
#[derive(Clone, Debug, Default)]
pub struct Relations {
    list: Vec<Relation>,
    linked: HashMap<AnnotationId, Vec<RelationId>>,
}

/// Equal when the relations are: the index's inner order depends on the order of edits.
impl PartialEq for Relations {
    fn eq(&self, other: &Self) -> bool {
        self.list == other.list
    }
}

impl Eq for Relations {}

impl Relations {
    /// Relations in any order (a file's, an import's); sorted here.
    pub fn from_list(mut list: Vec<Relation>) -> Self {
        list.sort_by_key(|r| r.id);
        let mut relations = Self {
            list,
            linked: HashMap::new(),
        };
        for at in 0..relations.list.len() {
            let relation = relations.list[at].clone();
            relations.index(&relation);
        }
        relations
    }

    /// Every relation, sorted by id.
    pub fn all(&self) -> &[Relation] {
        &self.list
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn get(&self, id: RelationId) -> Option<&Relation> {
        let at = self.list.binary_search_by_key(&id, |r| r.id).ok()?;
        Some(&self.list[at])
    }

    /// The relations from or to `annotation`, sorted by id.
    pub fn of(&self, annotation: AnnotationId) -> Vec<&Relation> {
        let mut found: Vec<&Relation> = self
            .linked
            .get(&annotation)
            .into_iter()
            .flatten()
            .filter_map(|&id| self.get(id))
            .collect();
        found.sort_by_key(|r| r.id);
        found.dedup_by_key(|r| r.id);
        found
    }

    pub(crate) fn insert(&mut self, relation: Relation) {
        let at = self.list.partition_point(|r| r.id < relation.id);
        self.index(&relation);
        self.list.insert(at, relation);
    }

    pub(crate) fn remove(&mut self, id: RelationId) -> Option<Relation> {
        let at = self.list.binary_search_by_key(&id, |r| r.id).ok()?;
        let relation = self.list.remove(at);
        self.unindex(&relation);
        Some(relation)
    }

    /// Takes out every relation with an end in `annotations`, in one pass; returns them.
    pub(crate) fn remove_touching(&mut self, annotations: &HashSet<AnnotationId>) -> Vec<Relation> {
        let touching: HashSet<RelationId> = annotations
            .iter()
            .filter_map(|a| self.linked.get(a))
            .flatten()
            .copied()
            .collect();
        if touching.is_empty() {
            return Vec::new();
        }
        let (removed, kept): (Vec<Relation>, Vec<Relation>) = std::mem::take(&mut self.list)
            .into_iter()
            .partition(|r| touching.contains(&r.id));
        self.list = kept;
        for relation in &removed {
            self.unindex(relation);
        }
        removed
    }

    fn index(&mut self, relation: &Relation) {
        self.linked
            .entry(relation.from)
            .or_default()
            .push(relation.id);
        if relation.to != relation.from {
            self.linked
                .entry(relation.to)
                .or_default()
                .push(relation.id);
        }
    }

    fn unindex(&mut self, relation: &Relation) {
        for end in [relation.from, relation.to] {
            if let Some(ids) = self.linked.get_mut(&end) {
                ids.retain(|&id| id != relation.id);
                if ids.is_empty() {
                    self.linked.remove(&end);
                }
            }
        }
    }
}
