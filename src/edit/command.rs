//! Every change to a project, as a value that applies itself and returns its inverse.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::coding_edits as coding;
use super::decision_edits as decisions;
use crate::model::{
    Annotation, AnnotationId, AttributeValue, Decision, Document, DocumentId, LabelKey, Layer,
    Project, Relation, RelationId, Schema, Tag, TextDirection,
};

/// Why a command could not be applied. The project is unchanged when this is returned.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum EditError {
    #[error("annotation {0} does not exist")]
    NoSuchAnnotation(AnnotationId),
    #[error("document {0:?} does not exist")]
    NoSuchDocument(String),
    #[error("document id {0:?} is already used")]
    DuplicateDocument(String),
    #[error("layer {0:?} does not exist")]
    NoSuchLayer(String),
    #[error("layer {0:?} already exists")]
    DuplicateLayer(String),
    #[error("{0}")]
    UnfitLayerName(String),
    #[error("layer {0:?} still holds {1} annotation(s)")]
    LayerInUse(String, usize),
    #[error("a project keeps at least one layer")]
    LastLayer,
    #[error("tag {0:?} is not in the tag set")]
    NoSuchTag(String),
    #[error("tag {0:?} is still used by {1} annotation(s); retag or delete them first")]
    TagInUse(String, usize),
    #[error("{0}")]
    BadTagSet(String),
    #[error("span {start}..{end} is empty or outside the text ({len} characters)")]
    BadSpan {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("offset {0} splits a character; spans start and end between whole characters")]
    SplitsCharacter(usize),
    #[error(
        "the project has used every annotation id it can give ({})",
        crate::model::MAX_ANNOTATION_ID
    )]
    NoIdsLeft,
    #[error("relation {0} does not exist")]
    NoSuchRelation(RelationId),
    /// The change would not fit the schema; the message says how.
    #[error("{0}")]
    DoesNotFit(String),
    #[error("a review decision {0}")]
    BadDecision(String),
    /// Keeping a merge conflict's version would break the project; the message says how.
    #[error("{0}")]
    CannotKeep(String),
    #[error("nothing to do")]
    Nothing,
}

/// Spans of one document to tag with one tag in one layer, each with its note (or none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanGroup {
    pub document: DocumentId,
    pub layer: String,
    pub tag: String,
    pub spans: Vec<(usize, usize)>,
    /// A note per span, or empty for none.
    pub notes: Vec<String>,
    /// The pieces of each span that is discontinuous (empty for one that is not), or
    /// empty for none: what an import brings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pieces: Vec<Vec<(usize, usize)>>,
    /// Attribute values for each span, or empty for none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<std::collections::BTreeMap<String, crate::model::AttributeValue>>,
}

/// A change to a project. `apply` returns the command that undoes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// Tags `start..end` of a document; the id, quote and timestamps are filled in on apply.
    Annotate {
        document: DocumentId,
        layer: String,
        start: usize,
        end: usize,
        tag: String,
    },
    /// Tags many spans of one document with one tag in one step (annotate all matches).
    AnnotateMany {
        document: DocumentId,
        layer: String,
        tag: String,
        spans: Vec<(usize, usize)>,
        /// A note per span, or empty for none.
        notes: Vec<String>,
    },
    /// Tags spans across many documents, layers and tags in one step (an import): one
    /// insertion for them all, where a command per document would shift the project's
    /// annotations once per document.
    AnnotateGroups(Vec<SpanGroup>),
    /// Puts many complete annotations back at once.
    RestoreMany(Vec<Annotation>),
    DeleteMany(Vec<AnnotationId>),
    /// Puts a complete annotation (id included) back, e.g. to undo a delete.
    Restore(Annotation),
    Delete(AnnotationId),
    /// Swaps in a complete annotation with the same id, e.g. to undo a retag.
    Replace(Annotation),
    Retag {
        id: AnnotationId,
        tag: String,
    },
    /// Moves either boundary; the quote follows the new span.
    Resize {
        id: AnnotationId,
        start: usize,
        end: usize,
    },
    SetNote {
        id: AnnotationId,
        note: String,
    },
    AddDocument {
        index: usize,
        document: Document,
    },
    /// Removes a document together with its annotations.
    RemoveDocument(DocumentId),
    RenameDocument {
        id: DocumentId,
        title: String,
    },
    /// Sets which way a document's paragraphs run (`None`: each its own way).
    SetDirection {
        id: DocumentId,
        direction: Option<TextDirection>,
    },
    RenameProject(String),
    AddTag {
        index: usize,
        tag: Tag,
    },
    RemoveTag(String),
    /// Replaces the tag called `name`; a new name is carried over to its annotations.
    UpdateTag {
        name: String,
        tag: Tag,
    },
    /// Adds an annotator's (empty) layer.
    AddLayer {
        index: usize,
        layer: Layer,
    },
    /// Removes an empty layer.
    RemoveLayer(String),
    /// Renames a layer, with its annotations, labels and the decisions naming it.
    RenameLayer {
        from: String,
        to: String,
    },
    /// Records a review decision (the annotations it chose are added by other commands).
    Decide(Decision),
    /// Takes back the latest decision on the same difference.
    Undecide(Decision),
    /// Puts back decisions forgotten with what they named, each where it stood.
    RestoreDecisions(Vec<(usize, Decision)>),
    /// Takes out decisions put back by `RestoreDecisions`.
    ForgetDecisions(Vec<(usize, Decision)>),
    /// Links two annotations of one document and layer; the id is given on apply.
    Relate {
        kind: String,
        from: AnnotationId,
        to: AnnotationId,
        note: String,
    },
    /// Takes relations out.
    Unrelate(Vec<RelationId>),
    /// Puts complete relations (ids included) back, e.g. to undo a delete.
    RestoreRelations(Vec<Relation>),
    /// Swaps in a relation of the same id: another type or note.
    ReplaceRelation(Relation),
    /// Swaps a relation of the same id back as it was, unchecked: the undo of
    /// `ReplaceRelation` (the link stays, so decisions about it stay too).
    PutRelation(Relation),
    /// Sets an annotation's attribute, or clears it (`None`) back to the default.
    SetAttribute {
        id: AnnotationId,
        name: String,
        value: Option<AttributeValue>,
    },
    /// Adds `start..end` as a piece of an annotation, which becomes discontinuous.
    AddFragment {
        id: AnnotationId,
        start: usize,
        end: usize,
    },
    /// Takes out piece `index` of a discontinuous annotation (one piece left: continuous).
    RemoveFragment {
        id: AnnotationId,
        index: usize,
    },
    /// Sets or clears a label one layer gives a whole document.
    SetDocumentLabel {
        document: DocumentId,
        layer: String,
        name: String,
        value: Option<AttributeValue>,
    },
    /// Puts document labels back as they were (`None`: not set), unchecked: the undo of a
    /// label edit, or labels that went with their document or layer.
    PutLabels(Vec<(LabelKey, Option<AttributeValue>)>),
    /// Replaces the relation types, attributes and document labels, if the coding still fits.
    SetSchema(Schema),
    /// Puts a schema back as it was, unchecked: the undo of `SetSchema`.
    PutSchema(Schema),
    /// Settles merge conflict `at` with this side's version (`mine`) or the other's.
    KeepVersion {
        at: usize,
        mine: bool,
    },
    /// Puts a settled conflict back at `at`, the project holding `held` again: the undo of
    /// `KeepVersion`.
    Unsettle {
        at: usize,
        conflict: Box<crate::model::Conflict>,
        /// The record the project held and where it stood among its records.
        held: Option<(usize, Box<crate::model::Record>)>,
        /// The project's next annotation id before (keeping a version may raise it).
        next_id: u64,
    },
    /// Remembers that a coder rejected a suggested form as a tag: not suggested again.
    Reject(crate::model::suggest::Rejected),
    /// Forgets a rejection: the undo of `Reject`.
    Unreject(crate::model::suggest::Rejected),
    /// Several commands as one undo step, applied in order.
    Batch(Vec<Command>),
}

impl Command {
    /// A short label for the Edit menu ("Undo retag").
    pub fn describe(&self) -> String {
        match self {
            Self::Annotate { tag, .. } => format!("tag as {tag}"),
            Self::AnnotateMany { tag, spans, .. } => {
                format!("tag {} matches as {tag}", spans.len())
            }
            Self::AnnotateGroups(groups) => format!(
                "tag {} spans",
                groups.iter().map(|g| g.spans.len()).sum::<usize>()
            ),
            Self::RestoreMany(annotations) => format!("restore {} annotations", annotations.len()),
            Self::DeleteMany(ids) => format!("delete {} annotations", ids.len()),
            Self::Restore(_) => "restore annotation".into(),
            Self::Delete(_) => "delete annotation".into(),
            Self::Replace(_) => "change annotation".into(),
            Self::Retag { tag, .. } => format!("retag as {tag}"),
            Self::Resize { .. } => "resize annotation".into(),
            Self::SetNote { .. } => "edit note".into(),
            Self::AddDocument { .. } => "add document".into(),
            Self::RemoveDocument(_) => "remove document".into(),
            Self::RenameDocument { .. } => "rename document".into(),
            Self::SetDirection { .. } => "set text direction".into(),
            Self::RenameProject(_) => "rename project".into(),
            Self::AddTag { tag, .. } => format!("add tag {}", tag.name),
            Self::RemoveTag(name) => format!("remove tag {name}"),
            Self::UpdateTag { name, .. } => format!("edit tag {name}"),
            Self::AddLayer { layer, .. } => format!("add layer {}", layer.name),
            Self::RemoveLayer(name) => format!("remove layer {name}"),
            Self::RenameLayer { to, .. } => format!("rename layer to {to}"),
            Self::Decide(d) => format!("review: {}", d.choice.name()),
            Self::Undecide(_) => "take back a review decision".into(),
            Self::RestoreDecisions(d) => format!("restore {} review decisions", d.len()),
            Self::ForgetDecisions(d) => format!("forget {} review decisions", d.len()),
            Self::Relate { kind, .. } => format!("link as {kind}"),
            Self::Unrelate(ids) if ids.len() == 1 => "delete link".into(),
            Self::Unrelate(ids) => format!("delete {} links", ids.len()),
            Self::RestoreRelations(r) => format!("restore {} links", r.len()),
            Self::ReplaceRelation(r) | Self::PutRelation(r) => format!("change {} link", r.kind),
            Self::SetAttribute { name, .. } => format!("set {name}"),
            Self::AddFragment { .. } => "add fragment".into(),
            Self::RemoveFragment { .. } => "remove fragment".into(),
            Self::SetDocumentLabel { name, .. } => format!("set document {name}"),
            Self::PutLabels(l) => format!("restore {} document labels", l.len()),
            Self::SetSchema(_) | Self::PutSchema(_) => "edit schema".into(),
            Self::KeepVersion { mine: true, .. } => "keep my version".into(),
            Self::KeepVersion { mine: false, .. } => "keep their version".into(),
            Self::Unsettle { .. } => "reopen a merge conflict".into(),
            Self::Reject(r) => format!("reject “{}” as {}", r.form, r.tag),
            Self::Unreject(r) => format!("suggest “{}” as {} again", r.form, r.tag),
            // Removing a layer with what it holds.
            Self::Batch(commands) if matches!(commands.last(), Some(Self::RemoveLayer(_))) => {
                commands.last().map(Self::describe).unwrap_or_default()
            }
            // The schema editor's change: tags and the schema together.
            Self::Batch(commands)
                if commands
                    .iter()
                    .any(|c| matches!(c, Self::SetSchema(_) | Self::PutSchema(_))) =>
            {
                "edit schema".into()
            }
            Self::Batch(commands) => match commands.as_slice() {
                [only] => only.describe(),
                _ => format!("{} changes", commands.len()),
            },
        }
    }

    /// Applies the command and returns its inverse. On error nothing has changed.
    pub fn apply(self, project: &mut Project, now: Timestamp) -> Result<Command, EditError> {
        match self {
            Self::Annotate {
                document,
                layer,
                start,
                end,
                tag,
            } => annotate(
                project,
                now,
                vec![SpanGroup {
                    document,
                    layer,
                    tag,
                    spans: vec![(start, end)],
                    notes: Vec::new(),
                    pieces: Vec::new(),
                    attributes: Vec::new(),
                }],
            )
            .map(|ids| Self::Delete(ids[0])),
            Self::AnnotateMany {
                document,
                layer,
                tag,
                spans,
                notes,
            } => annotate(
                project,
                now,
                vec![SpanGroup {
                    document,
                    layer,
                    tag,
                    spans,
                    notes,
                    pieces: Vec::new(),
                    attributes: Vec::new(),
                }],
            )
            .map(Self::DeleteMany),
            Self::AnnotateGroups(groups) => annotate(project, now, groups).map(Self::DeleteMany),
            Self::RestoreMany(annotations) => {
                if annotations
                    .iter()
                    .any(|a| project.annotation(a.id).is_some())
                {
                    return Err(EditError::Nothing);
                }
                let ids = annotations.iter().map(|a| a.id).collect();
                project.insert_many(annotations);
                Ok(Self::DeleteMany(ids))
            }
            Self::DeleteMany(ids) => {
                let removed = delete_many(project, ids)?;
                let ids = removed.iter().map(|a| a.id).collect();
                let links = coding::forget_relations(project, &ids);
                let forgotten = decisions::forget(project, |d| {
                    decisions::names_annotation_or_link(d, &ids, &links)
                });
                Ok(decisions::with_restored(
                    coding::with_relations(Self::RestoreMany(removed), links),
                    forgotten,
                ))
            }
            Self::Restore(annotation) => {
                if project.annotation(annotation.id).is_some() {
                    return Err(EditError::Nothing);
                }
                let id = annotation.id;
                project.insert_annotation(annotation);
                Ok(Self::Delete(id))
            }
            Self::Delete(id) => {
                let annotation = project
                    .remove_annotation(id)
                    .ok_or(EditError::NoSuchAnnotation(id))?;
                let ids = std::collections::HashSet::from([id]);
                let links = coding::forget_relations(project, &ids);
                let forgotten = decisions::forget(project, |d| {
                    decisions::names_annotation_or_link(d, &ids, &links)
                });
                Ok(decisions::with_restored(
                    coding::with_relations(Self::Restore(annotation), links),
                    forgotten,
                ))
            }
            Self::Replace(annotation) => {
                let old = project
                    .remove_annotation(annotation.id)
                    .ok_or(EditError::NoSuchAnnotation(annotation.id))?;
                project.insert_annotation(annotation);
                Ok(Self::Replace(old))
            }
            Self::Retag { id, tag } => retag(project, now, id, tag),
            Self::Resize { id, start, end } => resize(project, now, id, start, end),
            Self::SetNote { id, note } => change_annotation(project, id, now, |a| {
                if a.note == note {
                    return Err(EditError::Nothing);
                }
                a.note = note;
                Ok(())
            }),
            Self::SetAttribute { id, name, value } => set_attribute(project, now, id, name, value),
            Self::AddFragment { id, start, end } => add_fragment(project, now, id, start, end),
            Self::RemoveFragment { id, index } => remove_fragment(project, now, id, index),
            other => other.apply_to_project(project, now),
        }
    }

    /// The commands that change the project around its annotations: documents, titles,
    /// tags, layers, decisions, and batches of commands.
    fn apply_to_project(self, project: &mut Project, now: Timestamp) -> Result<Command, EditError> {
        match self {
            Self::AddDocument { index, document } => {
                if project.document(&document.id).is_some() {
                    return Err(EditError::DuplicateDocument(document.id.0));
                }
                let id = document.id.clone();
                project.insert_document(index, document);
                Ok(Self::RemoveDocument(id))
            }
            Self::RemoveDocument(id) => remove_document(project, id),
            Self::RenameDocument { id, title } => {
                let document = project
                    .document_mut(&id)
                    .ok_or_else(|| EditError::NoSuchDocument(id.0.clone()))?;
                if document.title == title {
                    return Err(EditError::Nothing);
                }
                let old = std::mem::replace(&mut document.title, title);
                Ok(Self::RenameDocument { id, title: old })
            }
            Self::SetDirection { id, direction } => {
                let document = project
                    .document_mut(&id)
                    .ok_or_else(|| EditError::NoSuchDocument(id.0.clone()))?;
                if document.direction == direction {
                    return Err(EditError::Nothing);
                }
                let old = std::mem::replace(&mut document.direction, direction);
                Ok(Self::SetDirection { id, direction: old })
            }
            Self::RenameProject(title) => {
                if project.title == title {
                    return Err(EditError::Nothing);
                }
                let old = std::mem::replace(&mut project.title, title);
                Ok(Self::RenameProject(old))
            }
            Self::AddTag { index, tag } => {
                let mut tags = project.tags.clone();
                let name = tag.name.clone();
                tags.tags.insert(index.min(tags.tags.len()), tag);
                check_tag_set(&tags)?;
                project.tags = tags;
                Ok(Self::RemoveTag(name))
            }
            Self::RemoveTag(name) => {
                let index = project
                    .tags
                    .position(&name)
                    .ok_or_else(|| EditError::NoSuchTag(name.clone()))?;
                let used = project.annotations.iter().filter(|a| a.tag == name).count();
                if used > 0 {
                    return Err(EditError::TagInUse(name, used));
                }
                if let Some(user) = project.schema.naming_tag(&name) {
                    return Err(EditError::DoesNotFit(format!(
                        "tag {name:?} is named by {user}; edit the schema first"
                    )));
                }
                let tag = project.tags.tags.remove(index);
                let rejected = forget_rejections(project, |r| r.tag == name);
                Ok(with_rejections(Self::AddTag { index, tag }, rejected))
            }
            Self::UpdateTag { name, tag } => update_tag(project, name, tag),
            Self::AddLayer { index, layer } => {
                if let Some(problem) = crate::model::names::layer_name_problem(&layer.name) {
                    return Err(EditError::UnfitLayerName(problem));
                }
                if project.layers.iter().any(|l| l.name == layer.name) {
                    return Err(EditError::DuplicateLayer(layer.name));
                }
                let name = layer.name.clone();
                let index = index.min(project.layers.len());
                project.layers.insert(index, layer);
                Ok(Self::RemoveLayer(name))
            }
            Self::RemoveLayer(name) => remove_layer(project, name),
            Self::RenameLayer { from, to } => super::layer_edits::rename_layer(project, from, to),
            Self::Decide(decision) => {
                if let Some(problem) = project.decision_problem(&decision) {
                    return Err(EditError::BadDecision(problem));
                }
                project.decisions.push(decision.clone());
                Ok(Self::Undecide(decision))
            }
            Self::Undecide(decision) => {
                let at = project
                    .decisions
                    .iter()
                    .rposition(|d| d == &decision)
                    .ok_or(EditError::Nothing)?;
                let decision = project.decisions.remove(at);
                Ok(Self::Decide(decision))
            }
            Self::RestoreDecisions(forgotten) => {
                decisions::restore(project, &forgotten);
                Ok(Self::ForgetDecisions(forgotten))
            }
            Self::ForgetDecisions(restored) => {
                if !decisions::take_back(project, &restored) {
                    return Err(EditError::Nothing);
                }
                Ok(Self::RestoreDecisions(restored))
            }
            Self::Batch(commands) => batch(project, now, commands),
            other => other.apply_to_coding(project, now),
        }
    }

    /// The commands of relations, document labels and the schema.
    fn apply_to_coding(self, project: &mut Project, now: Timestamp) -> Result<Command, EditError> {
        match self {
            Self::Relate {
                kind,
                from,
                to,
                note,
            } => coding::relate(project, kind, from, to, note),
            Self::Unrelate(ids) => coding::unrelate(project, ids),
            Self::RestoreRelations(relations) => coding::restore_relations(project, relations),
            Self::ReplaceRelation(relation) => coding::replace_relation(project, relation),
            Self::PutRelation(relation) => coding::put_relation(project, relation),
            Self::SetDocumentLabel {
                document,
                layer,
                name,
                value,
            } => coding::set_label(project, document, layer, name, value),
            Self::PutLabels(labels) => coding::put_labels(project, labels),
            Self::SetSchema(schema) => coding::set_schema(project, schema),
            Self::PutSchema(schema) => {
                let old = std::mem::replace(&mut project.schema, schema);
                Ok(Self::PutSchema(old))
            }
            Self::KeepVersion { at, mine } => super::conflict_edits::keep(project, at, mine),
            Self::Unsettle {
                at,
                conflict,
                held,
                next_id,
            } => super::conflict_edits::unsettle(
                project,
                at,
                *conflict,
                held.map(|(place, record)| (place, *record)),
                next_id,
            ),
            Self::Reject(rejected) => {
                if !project.rejected_mut().insert(rejected.clone()) {
                    return Err(EditError::Nothing);
                }
                Ok(Self::Unreject(rejected))
            }
            Self::Unreject(rejected) => {
                if !project.rejected_mut().remove(&rejected) {
                    return Err(EditError::Nothing);
                }
                Ok(Self::Reject(rejected))
            }
            // The annotation commands: `apply` takes these itself.
            Self::Annotate { .. }
            | Self::AnnotateMany { .. }
            | Self::AnnotateGroups(_)
            | Self::RestoreMany(_)
            | Self::DeleteMany(_)
            | Self::Restore(_)
            | Self::Delete(_)
            | Self::Replace(_)
            | Self::Retag { .. }
            | Self::Resize { .. }
            | Self::SetNote { .. }
            | Self::SetAttribute { .. }
            | Self::AddFragment { .. }
            | Self::RemoveFragment { .. }
            | Self::AddDocument { .. }
            | Self::RemoveDocument(_)
            | Self::RenameDocument { .. }
            | Self::SetDirection { .. }
            | Self::RenameProject(_)
            | Self::AddTag { .. }
            | Self::RemoveTag(_)
            | Self::UpdateTag { .. }
            | Self::AddLayer { .. }
            | Self::RemoveLayer(_)
            | Self::RenameLayer { .. }
            | Self::Decide(_)
            | Self::Undecide(_)
            | Self::RestoreDecisions(_)
            | Self::ForgetDecisions(_)
            | Self::Batch(_) => self.apply(project, now),
        }
    }
}

/// Adds one annotation per span of every group (each with its note, if given), after
/// checking every span against its text; returns the new ids.
fn annotate(
    project: &mut Project,
    now: Timestamp,
    groups: Vec<SpanGroup>,
) -> Result<Vec<AnnotationId>, EditError> {
    let count: usize = groups.iter().map(|g| g.spans.len()).sum();
    if count == 0 {
        return Err(EditError::Nothing);
    }
    // Check every span before changing anything.
    let mut quotes = Vec::with_capacity(count);
    for group in &groups {
        if !project.tags.contains(&group.tag) {
            return Err(EditError::NoSuchTag(group.tag.clone()));
        }
        if !project.layers.iter().any(|l| l.name == group.layer) {
            return Err(EditError::NoSuchLayer(group.layer.clone()));
        }
        for &(start, end) in &group.spans {
            quotes.push(checked_quote(project, &group.document, start, end)?);
        }
    }
    let last = project
        .next_annotation_id()
        .0
        .checked_add(count as u64 - 1)
        .filter(|&last| last <= crate::model::MAX_ANNOTATION_ID);
    if last.is_none() {
        return Err(EditError::NoIdsLeft);
    }
    let mut quotes = quotes.into_iter();
    let mut added: Vec<Annotation> = Vec::with_capacity(count);
    for group in groups {
        let mut notes = group.notes.into_iter();
        let mut pieces = group.pieces.into_iter();
        let mut attributes = group.attributes.into_iter();
        for ((start, end), quote) in group.spans.into_iter().zip(quotes.by_ref()) {
            let mut annotation = Annotation {
                id: AnnotationId(0),
                document: group.document.clone(),
                layer: group.layer.clone(),
                start,
                end,
                tag: group.tag.clone(),
                quote,
                note: notes.next().unwrap_or_default(),
                created: now,
                modified: now,
                fragments: Vec::new(),
                attributes: attributes.next().unwrap_or_default(),
            };
            let fragments = pieces.next().unwrap_or_default();
            if !fragments.is_empty() {
                discontinuous(project, &mut annotation, fragments)?;
            }
            if let Some((name, value)) = annotation.attributes.iter().find(|(name, value)| {
                coding::attribute_problem(project, &annotation, name, Some(value)).is_some()
            }) {
                let problem = coding::attribute_problem(project, &annotation, name, Some(value));
                return Err(EditError::DoesNotFit(problem.unwrap_or_default()));
            }
            added.push(annotation);
        }
    }
    // Ids only once every annotation is checked, so that a refusal changes nothing.
    for annotation in &mut added {
        annotation.id = project.allocate_annotation_id();
    }
    let ids = added.iter().map(|a| a.id).collect();
    project.insert_many(added);
    Ok(ids)
}

/// Makes `annotation` the span of `fragments` (each checked against its text), which
/// must reach from its start to its end.
fn discontinuous(
    project: &Project,
    annotation: &mut Annotation,
    fragments: Vec<(usize, usize)>,
) -> Result<(), EditError> {
    for &(start, end) in &fragments {
        checked_quote(project, &annotation.document, start, end)?;
    }
    let pieced = coding::pieced(project, &annotation.document, fragments)?;
    if (pieced.start, pieced.end) != (annotation.start, annotation.end) {
        return Err(EditError::DoesNotFit(format!(
            "the fragments reach {}..{}, not the span's {}..{}",
            pieced.start, pieced.end, annotation.start, annotation.end
        )));
    }
    pieced.put(annotation);
    Ok(())
}

/// Removes the annotations `ids`, all or none; returns them.
fn delete_many(
    project: &mut Project,
    ids: Vec<AnnotationId>,
) -> Result<Vec<Annotation>, EditError> {
    if ids.is_empty() {
        return Err(EditError::Nothing);
    }
    let wanted: std::collections::HashSet<AnnotationId> = ids.iter().copied().collect();
    let removed = project.remove_many(&wanted);
    if removed.len() != wanted.len() {
        // Put back what was taken: the command refers to annotations that are gone.
        let missing = ids
            .into_iter()
            .find(|id| !removed.iter().any(|a| a.id == *id))
            .unwrap_or(AnnotationId(0));
        project.insert_many(removed);
        return Err(EditError::NoSuchAnnotation(missing));
    }
    Ok(removed)
}

fn retag(
    project: &mut Project,
    now: Timestamp,
    id: AnnotationId,
    tag: String,
) -> Result<Command, EditError> {
    if !project.tags.contains(&tag) {
        return Err(EditError::NoSuchTag(tag));
    }
    let annotation = project
        .annotation(id)
        .ok_or(EditError::NoSuchAnnotation(id))?;
    let broken = coding::links_broken_by_retag(project, annotation, &tag);
    let schema = project.schema().clone();
    let changed = change_annotation(project, id, now, |a| {
        if a.tag == tag {
            return Err(EditError::Nothing);
        }
        // Values the new tag does not carry go, as the links that no longer fit do.
        a.attributes
            .retain(|name, _| schema.attribute(name).is_none_or(|d| d.applies_to(&tag)));
        a.tag = tag;
        Ok(())
    })?;
    let links: Vec<Relation> = broken
        .into_iter()
        .filter_map(|r| project.remove_relation(r))
        .collect();
    // A review decision about a link that went goes with it.
    let gone = links.iter().map(|r| r.id).collect();
    let forgotten = decisions::forget(project, |d| decisions::names_relation(d, &gone));
    Ok(decisions::with_restored(
        coding::with_relations(changed, links),
        forgotten,
    ))
}

fn resize(
    project: &mut Project,
    now: Timestamp,
    id: AnnotationId,
    start: usize,
    end: usize,
) -> Result<Command, EditError> {
    let document = project
        .annotation(id)
        .ok_or(EditError::NoSuchAnnotation(id))?
        .document
        .clone();
    let annotation = project
        .annotation(id)
        .ok_or(EditError::NoSuchAnnotation(id))?;
    if annotation.is_discontinuous() {
        // The outer ends move: the first piece's start and the last piece's end.
        let mut pieces = annotation.fragments.clone();
        if let Some(first) = pieces.first_mut() {
            first.0 = start;
        }
        if let Some(last) = pieces.last_mut() {
            last.1 = end;
        }
        return change_pieces(project, now, id, pieces);
    }
    let quote = checked_quote(project, &document, start, end)?;
    change_annotation(project, id, now, |a| {
        if (a.start, a.end) == (start, end) {
            return Err(EditError::Nothing);
        }
        (a.start, a.end, a.quote) = (start, end, quote);
        Ok(())
    })
}

/// Gives annotation `id` these pieces, each checked against the text.
fn change_pieces(
    project: &mut Project,
    now: Timestamp,
    id: AnnotationId,
    pieces: Vec<(usize, usize)>,
) -> Result<Command, EditError> {
    let annotation = project
        .annotation(id)
        .ok_or(EditError::NoSuchAnnotation(id))?;
    for &(start, end) in &pieces {
        checked_quote(project, &annotation.document, start, end)?;
    }
    let pieced = coding::pieced(project, &annotation.document, pieces)?;
    change_annotation(project, id, now, |a| {
        if a.pieces().eq(pieced.pieces()) {
            return Err(EditError::Nothing);
        }
        pieced.put(a);
        Ok(())
    })
}

/// Sets or clears one attribute of an annotation, after checking it fits the schema.
fn set_attribute(
    project: &mut Project,
    now: Timestamp,
    id: AnnotationId,
    name: String,
    value: Option<AttributeValue>,
) -> Result<Command, EditError> {
    let annotation = project
        .annotation(id)
        .ok_or(EditError::NoSuchAnnotation(id))?;
    if let Some(problem) = coding::attribute_problem(project, annotation, &name, value.as_ref()) {
        return Err(EditError::DoesNotFit(problem));
    }
    change_annotation(project, id, now, |a| {
        if a.attributes.get(&name) == value.as_ref() {
            return Err(EditError::Nothing);
        }
        match value {
            Some(value) => a.attributes.insert(name, value),
            None => a.attributes.remove(&name),
        };
        Ok(())
    })
}

/// Adds `start..end` as one more piece of annotation `id`.
fn add_fragment(
    project: &mut Project,
    now: Timestamp,
    id: AnnotationId,
    start: usize,
    end: usize,
) -> Result<Command, EditError> {
    let annotation = project
        .annotation(id)
        .ok_or(EditError::NoSuchAnnotation(id))?;
    let mut pieces: Vec<(usize, usize)> = annotation.pieces().collect();
    pieces.push((start, end));
    change_pieces(project, now, id, pieces)
}

/// Takes piece `index` out of a discontinuous annotation.
fn remove_fragment(
    project: &mut Project,
    now: Timestamp,
    id: AnnotationId,
    index: usize,
) -> Result<Command, EditError> {
    let annotation = project
        .annotation(id)
        .ok_or(EditError::NoSuchAnnotation(id))?;
    let mut pieces = annotation.fragments.clone();
    if index >= pieces.len() {
        return Err(EditError::DoesNotFit(format!(
            "annotation {id} has no fragment {}",
            index + 1
        )));
    }
    pieces.remove(index);
    change_pieces(project, now, id, pieces)
}

/// Removes a document with its annotations; the inverse adds it back, then each of them.
fn remove_document(project: &mut Project, id: DocumentId) -> Result<Command, EditError> {
    let index = project
        .position_of_document(&id)
        .ok_or_else(|| EditError::NoSuchDocument(id.0.clone()))?;
    let document = project.remove_document_at(index);
    let mut inverse = vec![Command::AddDocument { index, document }];
    let annotations: Vec<Annotation> = project
        .annotations_in(&id)
        .iter()
        .map(|a| (**a).clone())
        .collect();
    let removed: std::collections::HashSet<AnnotationId> =
        annotations.iter().map(|a| a.id).collect();
    for annotation in annotations {
        project.remove_annotation(annotation.id);
        inverse.push(Command::Restore(annotation));
    }
    let links = coding::forget_relations(project, &removed);
    if !links.is_empty() {
        inverse.push(Command::RestoreRelations(links));
    }
    let labels = project.remove_labels(|(document, _, _)| document == &id);
    if !labels.is_empty() {
        inverse.push(Command::PutLabels(
            labels.into_iter().map(|(k, v)| (k, Some(v))).collect(),
        ));
    }
    let forgotten = decisions::forget(project, |d| {
        decisions::names_document(d, &id) || decisions::names_annotation(d, &removed)
    });
    if !forgotten.is_empty() {
        inverse.push(Command::RestoreDecisions(forgotten));
    }
    Ok(Command::Batch(inverse))
}

fn update_tag(project: &mut Project, name: String, tag: Tag) -> Result<Command, EditError> {
    let index = project
        .tags
        .position(&name)
        .ok_or_else(|| EditError::NoSuchTag(name.clone()))?;
    if project.tags.tags[index] == tag {
        return Err(EditError::Nothing);
    }
    let mut tags = project.tags.clone();
    let new_name = tag.name.clone();
    let old = std::mem::replace(&mut tags.tags[index], tag);
    check_tag_set(&tags)?;
    project.tags = tags;
    if new_name != name {
        // Renaming keeps the tag's meaning, so annotations follow it; their positions in
        // the sort order do not depend on the tag.
        for annotation in &mut project.annotations {
            if annotation.tag == name {
                annotation.tag.clone_from(&new_name);
            }
        }
        project.schema.rename_tag(&name, &new_name);
        let rejected = std::mem::take(project.rejected_mut());
        *project.rejected_mut() = rejected
            .into_iter()
            .map(|mut r| {
                if r.tag == name {
                    r.tag.clone_from(&new_name);
                }
                r
            })
            .collect();
    }
    Ok(Command::UpdateTag {
        name: new_name,
        tag: old,
    })
}

fn remove_layer(project: &mut Project, name: String) -> Result<Command, EditError> {
    let index = project
        .layers
        .iter()
        .position(|l| l.name == name)
        .ok_or_else(|| EditError::NoSuchLayer(name.clone()))?;
    let used = project
        .annotations
        .iter()
        .filter(|a| a.layer == name)
        .count();
    if used > 0 {
        return Err(EditError::LayerInUse(name, used));
    }
    if project.layers.len() == 1 {
        return Err(EditError::LastLayer);
    }
    let layer = project.layers.remove(index);
    let labels = project.remove_labels(|(_, layer, _)| layer == &name);
    let forgotten = decisions::forget(project, |d| decisions::names_layer(d, &name));
    let rejected = forget_rejections(project, |r| r.layer == name);
    Ok(with_rejections(
        decisions::with_restored(
            coding::with_labels(Command::AddLayer { index, layer }, labels),
            forgotten,
        ),
        rejected,
    ))
}

/// Takes out the rejected suggestions `matches` picks (of a layer or tag going away: kept,
/// they would sit in the file naming what is not there).
fn forget_rejections(
    project: &mut Project,
    matches: impl Fn(&crate::model::suggest::Rejected) -> bool,
) -> Vec<crate::model::suggest::Rejected> {
    let gone: Vec<_> = project
        .rejected()
        .iter()
        .filter(|r| matches(r))
        .cloned()
        .collect();
    for r in &gone {
        project.rejected_mut().remove(r);
    }
    gone
}

/// `inverse`, then the rejections it brings back (one step with it).
fn with_rejections(inverse: Command, rejected: Vec<crate::model::suggest::Rejected>) -> Command {
    if rejected.is_empty() {
        return inverse;
    }
    let mut steps = match inverse {
        Command::Batch(steps) => steps,
        other => vec![other],
    };
    steps.extend(rejected.into_iter().map(Command::Reject));
    Command::Batch(steps)
}

/// Applies `commands` in order as one step; if one fails, those before it are taken back,
/// so a failed batch is no change.
fn batch(
    project: &mut Project,
    now: Timestamp,
    commands: Vec<Command>,
) -> Result<Command, EditError> {
    let next_id_before = project.next_annotation_id;
    let mut inverses = Vec::with_capacity(commands.len());
    for command in commands {
        match command.apply(project, now) {
            Ok(inverse) => inverses.push(inverse),
            Err(EditError::Nothing) => {}
            Err(error) => {
                for inverse in inverses.into_iter().rev() {
                    let _ = inverse.apply(project, now);
                }
                // The ids given out were removed again with their annotations.
                project.next_annotation_id = next_id_before;
                return Err(error);
            }
        }
    }
    if inverses.is_empty() {
        return Err(EditError::Nothing);
    }
    inverses.reverse();
    Ok(Command::Batch(inverses))
}

/// The text a span would cover, after checking it is inside the text and between whole characters.
fn checked_quote(
    project: &Project,
    document: &DocumentId,
    start: usize,
    end: usize,
) -> Result<String, EditError> {
    let text = project
        .document(document)
        .ok_or_else(|| EditError::NoSuchDocument(document.0.clone()))?
        .text();
    if start >= end || end > text.char_len() {
        return Err(EditError::BadSpan {
            start,
            end,
            len: text.char_len(),
        });
    }
    for offset in [start, end] {
        if !text.is_grapheme_boundary(offset) {
            return Err(EditError::SplitsCharacter(offset));
        }
    }
    Ok(text.slice(start, end).to_owned())
}

/// Edits a copy of one annotation, stamps it modified and swaps it in; the inverse swaps the old one back.
fn change_annotation(
    project: &mut Project,
    id: AnnotationId,
    now: Timestamp,
    change: impl FnOnce(&mut Annotation) -> Result<(), EditError>,
) -> Result<Command, EditError> {
    let mut annotation = project
        .annotation(id)
        .ok_or(EditError::NoSuchAnnotation(id))?
        .clone();
    change(&mut annotation)?;
    annotation.modified = now;
    Command::Replace(annotation).apply(project, now)
}

fn check_tag_set(tags: &crate::model::TagSet) -> Result<(), EditError> {
    match tags.problems().into_iter().next() {
        Some(problem) => Err(EditError::BadTagSet(problem)),
        None => Ok(()),
    }
}
