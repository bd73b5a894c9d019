//! The edits of coding beyond spans: linking annotations, setting their attributes,
//! their fragments and documents' labels, and changing the schema. Each checks what it
//! makes against the schema first, so an edit never adds a coding problem.

use std::collections::HashSet;

use crate::model::{
    Annotation, AnnotationId, AttributeValue, DocumentId, LabelKey, Project, Relation, RelationId,
    Schema, joined_quote,
};

use super::decision_edits as decisions;
use super::{Command, EditError};

/// Links `from` to `to`; the inverse takes the link out again.
pub(super) fn relate(
    project: &mut Project,
    kind: String,
    from: AnnotationId,
    to: AnnotationId,
    note: String,
) -> Result<Command, EditError> {
    for end in [from, to] {
        project
            .annotation(end)
            .ok_or(EditError::NoSuchAnnotation(end))?;
    }
    if project.next_annotation_id().0 > crate::model::MAX_ANNOTATION_ID {
        return Err(EditError::NoIdsLeft);
    }
    let twin = project
        .relations()
        .of(from)
        .into_iter()
        .any(|r| r.kind == kind && r.from == from && r.to == to);
    if twin {
        return Err(EditError::DoesNotFit(format!(
            "annotation {from} is already linked to {to} as {kind}"
        )));
    }
    let relation = Relation {
        id: RelationId(project.next_annotation_id().0),
        kind,
        from,
        to,
        note,
    };
    if let Some(problem) = project.relation_problem(&relation) {
        return Err(EditError::DoesNotFit(problem));
    }
    let id = relation.id;
    project.insert_relation(relation);
    Ok(Command::Unrelate(vec![id]))
}

/// Takes out the relations `ids`, all or none.
pub(super) fn unrelate(project: &mut Project, ids: Vec<RelationId>) -> Result<Command, EditError> {
    if ids.is_empty() {
        return Err(EditError::Nothing);
    }
    if let Some(&missing) = ids
        .iter()
        .find(|&&id| project.relations().get(id).is_none())
    {
        return Err(EditError::NoSuchRelation(missing));
    }
    let gone: HashSet<RelationId> = ids.iter().copied().collect();
    let removed = ids
        .into_iter()
        .filter_map(|id| project.remove_relation(id))
        .collect();
    // A review decision about a link goes with it, as one about an annotation does.
    let forgotten = decisions::forget(project, |d| decisions::names_relation(d, &gone));
    Ok(decisions::with_restored(
        Command::RestoreRelations(removed),
        forgotten,
    ))
}

/// Puts complete relations back (ids included), as a delete took them out.
pub(super) fn restore_relations(
    project: &mut Project,
    relations: Vec<Relation>,
) -> Result<Command, EditError> {
    if relations.is_empty()
        || relations
            .iter()
            .any(|r| project.relations().get(r.id).is_some())
    {
        return Err(EditError::Nothing);
    }
    let ids = relations.iter().map(|r| r.id).collect();
    for relation in relations {
        project.insert_relation(relation);
    }
    Ok(Command::Unrelate(ids))
}

/// Swaps in a relation of the same id with another type or note.
pub(super) fn replace_relation(
    project: &mut Project,
    relation: Relation,
) -> Result<Command, EditError> {
    let old = project
        .relations()
        .get(relation.id)
        .ok_or(EditError::NoSuchRelation(relation.id))?
        .clone();
    if old == relation {
        return Err(EditError::Nothing);
    }
    let twin = project.relations().of(relation.from).into_iter().any(|r| {
        r.id != relation.id
            && (&r.kind, r.from, r.to) == (&relation.kind, relation.from, relation.to)
    });
    if twin {
        return Err(EditError::DoesNotFit(format!(
            "annotation {} is already linked to {} as {}",
            relation.from, relation.to, relation.kind
        )));
    }
    if let Some(problem) = project.relation_problem(&relation) {
        return Err(EditError::DoesNotFit(problem));
    }
    project.remove_relation(old.id);
    project.insert_relation(relation);
    // Undone unchecked: the old relation goes back as it was.
    Ok(Command::PutRelation(old))
}

/// Swaps `relation` in for the one of the same id, unchecked; the inverse swaps back.
pub(super) fn put_relation(
    project: &mut Project,
    relation: Relation,
) -> Result<Command, EditError> {
    let old = project
        .remove_relation(relation.id)
        .ok_or(EditError::NoSuchRelation(relation.id))?;
    project.insert_relation(relation);
    Ok(Command::PutRelation(old))
}

/// Takes out the relations with an end among `annotations` (they go with them).
pub(super) fn forget_relations(
    project: &mut Project,
    annotations: &HashSet<AnnotationId>,
) -> Vec<Relation> {
    project.remove_relations_touching(annotations)
}

/// `inverse` followed by putting back the relations that went with the change.
pub(super) fn with_relations(inverse: Command, relations: Vec<Relation>) -> Command {
    if relations.is_empty() {
        inverse
    } else {
        Command::Batch(vec![inverse, Command::RestoreRelations(relations)])
    }
}

/// Why `annotation` may not hold `value` for attribute `name` (None clears it).
pub(super) fn attribute_problem(
    project: &Project,
    annotation: &Annotation,
    name: &str,
    value: Option<&AttributeValue>,
) -> Option<String> {
    // Clearing a value always fits.
    let value = value?;
    let Some(definition) = project.schema().attribute(name) else {
        return Some(format!("the schema has no attribute {name:?}"));
    };
    if !definition.applies_to(&annotation.tag) {
        return Some(format!(
            "{} does not carry {name:?}",
            crate::model::a_or_an(&annotation.tag)
        ));
    }
    definition.kind.value_problem(value)
}

/// The links of `annotation` that would no longer fit if it were tagged `tag`: a retag
/// takes them out in the same step (undo puts them back), as it drops the attributes the
/// new tag does not carry.
pub(super) fn links_broken_by_retag(
    project: &Project,
    annotation: &Annotation,
    tag: &str,
) -> Vec<RelationId> {
    let schema = project.schema();
    project
        .relations()
        .of(annotation.id)
        .into_iter()
        .filter(|relation| {
            let Some(other) = project.annotation(relation.other_end(annotation.id)) else {
                return false;
            };
            let (from, to) = if relation.from == annotation.id {
                (tag, other.tag.as_str())
            } else {
                (other.tag.as_str(), tag)
            };
            schema
                .relation_type(&relation.kind)
                .is_some_and(|kind| !kind.fits(from, to))
        })
        .map(|r| r.id)
        .collect()
}

/// The span of an annotation made of pieces: sorted, apart, with the joined quote.
pub(super) struct Pieced {
    pub(super) start: usize,
    pub(super) end: usize,
    quote: String,
    fragments: Vec<(usize, usize)>,
}

impl Pieced {
    pub(super) fn pieces(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let whole = self.fragments.is_empty().then_some((self.start, self.end));
        whole.into_iter().chain(self.fragments.iter().copied())
    }

    pub(super) fn put(self, annotation: &mut Annotation) {
        annotation.start = self.start;
        annotation.end = self.end;
        annotation.quote = self.quote;
        annotation.fragments = self.fragments;
    }
}

/// The span these pieces of `document` make (each already checked to lie inside the text
/// on character boundaries): one piece is a continuous span.
pub(super) fn pieced(
    project: &Project,
    document: &DocumentId,
    mut pieces: Vec<(usize, usize)>,
) -> Result<Pieced, EditError> {
    pieces.sort_unstable();
    if let Some(pair) = pieces.windows(2).find(|p| p[1].0 <= p[0].1) {
        return Err(EditError::DoesNotFit(format!(
            "fragments {}..{} and {}..{} touch or overlap; a fragment stands apart from the others",
            pair[0].0, pair[0].1, pair[1].0, pair[1].1
        )));
    }
    let (Some(&(start, _)), Some(&(_, end))) = (pieces.first(), pieces.last()) else {
        return Err(EditError::Nothing);
    };
    let text = project
        .document(document)
        .ok_or_else(|| EditError::NoSuchDocument(document.0.clone()))?
        .text();
    Ok(Pieced {
        start,
        end,
        quote: joined_quote(text, &pieces),
        fragments: if pieces.len() == 1 {
            Vec::new()
        } else {
            pieces
        },
    })
}

/// Sets or clears one document label of one layer; the inverse sets the old value back.
pub(super) fn set_label(
    project: &mut Project,
    document: DocumentId,
    layer: String,
    name: String,
    value: Option<AttributeValue>,
) -> Result<Command, EditError> {
    if project.document(&document).is_none() {
        return Err(EditError::NoSuchDocument(document.0));
    }
    if !project.layers().iter().any(|l| l.name == layer) {
        return Err(EditError::NoSuchLayer(layer));
    }
    if let Some(value) = &value {
        let definition = project.schema().label(&name).ok_or_else(|| {
            EditError::DoesNotFit(format!("the schema has no document label {name:?}"))
        })?;
        if let Some(problem) = definition.kind.value_problem(value) {
            return Err(EditError::DoesNotFit(problem));
        }
    }
    let key: LabelKey = (document, layer, name);
    if project.labels().get(&key) == value.as_ref() {
        return Err(EditError::Nothing);
    }
    put_labels(project, vec![(key, value)])
}

/// Puts labels as given, unchecked (`None` clears one); the inverse puts the old values back.
pub(super) fn put_labels(
    project: &mut Project,
    labels: Vec<(LabelKey, Option<AttributeValue>)>,
) -> Result<Command, EditError> {
    if labels.is_empty() {
        return Err(EditError::Nothing);
    }
    let mut old: Vec<(LabelKey, Option<AttributeValue>)> = labels
        .into_iter()
        .map(|(key, value)| {
            let before = project.set_label(key.clone(), value);
            (key, before)
        })
        .collect();
    // Undone in the opposite order, so a key given twice ends as it began.
    old.reverse();
    Ok(Command::PutLabels(old))
}

/// `inverse` followed by putting back the document labels that went with the change.
pub(super) fn with_labels(inverse: Command, labels: Vec<(LabelKey, AttributeValue)>) -> Command {
    if labels.is_empty() {
        inverse
    } else {
        let labels = labels.into_iter().map(|(k, v)| (k, Some(v))).collect();
        Command::Batch(vec![inverse, Command::PutLabels(labels)])
    }
}

/// Replaces the schema, if the new one is sound and every relation, attribute and label
/// already coded still fits it.
pub(super) fn set_schema(project: &mut Project, schema: Schema) -> Result<Command, EditError> {
    if project.schema == schema {
        return Err(EditError::Nothing);
    }
    if let Some(problem) = schema.problems(project.tags()).into_iter().next() {
        return Err(EditError::DoesNotFit(problem));
    }
    let before: HashSet<String> = project.coding_problems().into_iter().collect();
    let old = std::mem::replace(&mut project.schema, schema);
    let broken = project
        .coding_problems()
        .into_iter()
        .find(|p| !before.contains(p));
    if let Some(problem) = broken {
        project.schema = old;
        return Err(EditError::DoesNotFit(format!(
            "the coding would no longer fit: {problem}"
        )));
    }
    Ok(Command::PutSchema(old))
}
