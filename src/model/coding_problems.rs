//! What in a project does not fit its schema: relations to annotations that do not exist
//! or of undeclared types, attributes the schema does not declare or values of the wrong
//! kind, fragments out of order, document labels that fit nothing.
//!
//! Unlike a broken offset or quote, none of these stops the project from opening: the
//! window lists them and the researcher mends them; `annotary check` refuses them.

use std::collections::HashSet;

use super::{Annotation, AnnotationId, Project};

impl Project {
    /// Every way the coding does not fit the schema, each as "annotation ID: …",
    /// "relation ID: …" or "document "ID", layer "NAME": …".
    pub fn coding_problems(&self) -> Vec<String> {
        let mut problems: Vec<String> = self
            .schema
            .problems(&self.tags)
            .into_iter()
            .map(|p| format!("schema: {p}"))
            .collect();
        for annotation in &self.annotations {
            for problem in self.attribute_problems(annotation) {
                problems.push(format!("annotation {}: {problem}", annotation.id));
            }
            if let Some(problem) = fragment_problem(annotation) {
                problems.push(format!("annotation {}: {problem}", annotation.id));
            }
        }
        for relation in self.relations.all() {
            if let Some(problem) = self.relation_problem(relation) {
                problems.push(format!("relation {}: {problem}", relation.id));
            }
        }
        for ((document, layer, name), value) in &self.labels {
            if let Some(problem) = self.label_problem(document, layer, name, value) {
                problems.push(format!(
                    "document {:?}, layer {layer:?}: label {name:?} {problem}",
                    document.0
                ));
            }
        }
        problems
    }

    /// Relation ids used twice, or also by an annotation, or not below the id counter: a
    /// file with one is refused (the next id given out would clash), unlike coding that
    /// does not fit.
    pub fn relation_id_problems(&self) -> Vec<super::Problem> {
        let mut ids = HashSet::new();
        let mut problems = Vec::new();
        for relation in self.relations.all() {
            let message = if !ids.insert(relation.id)
                || self.annotation(AnnotationId(relation.id.0)).is_some()
            {
                format!(
                    "relation {}: the id is used twice (an id names one annotation or one relation)",
                    relation.id
                )
            } else if relation.id.0 >= self.next_annotation_id {
                format!(
                    "relation {}: id is not below next_annotation_id ({})",
                    relation.id, self.next_annotation_id
                )
            } else {
                continue;
            };
            problems.push(super::Problem {
                annotation: None,
                message,
            });
        }
        problems
    }

    /// Why a relation does not fit: an end missing, ends in different documents or
    /// layers, a type the schema does not declare or whose argument tags it breaks.
    pub fn relation_problem(&self, relation: &super::Relation) -> Option<String> {
        let end = |id: AnnotationId| {
            self.annotation(id)
                .ok_or_else(|| format!("links annotation {id}, which does not exist"))
        };
        let (from, to) = match (end(relation.from), end(relation.to)) {
            (Ok(from), Ok(to)) => (from, to),
            (Err(problem), _) | (_, Err(problem)) => return Some(problem),
        };
        if from.id == to.id {
            return Some(format!("links annotation {} to itself", from.id));
        }
        if from.document != to.document {
            return Some(format!(
                "links annotations of two documents, {:?} and {:?}",
                from.document.0, to.document.0
            ));
        }
        if from.layer != to.layer {
            return Some(format!(
                "links annotations of two layers, {:?} and {:?}",
                from.layer, to.layer
            ));
        }
        let Some(kind) = self.schema.relation_type(&relation.kind) else {
            return Some(format!(
                "type {:?} is not a relation type of the schema",
                relation.kind
            ));
        };
        if !kind.fits(&from.tag, &to.tag) {
            return Some(format!(
                "a {:?} relation does not link {} to {}",
                kind.name,
                super::a_or_an(&from.tag),
                super::a_or_an(&to.tag)
            ));
        }
        None
    }

    /// Why each of an annotation's attribute values does not fit the schema.
    pub fn attribute_problems(&self, annotation: &Annotation) -> Vec<String> {
        annotation
            .attributes
            .iter()
            .filter_map(|(name, value)| {
                let Some(definition) = self.schema.attribute(name) else {
                    return Some(format!("attribute {name:?} is not in the schema"));
                };
                if !definition.applies_to(&annotation.tag) {
                    return Some(format!(
                        "attribute {name:?} is not one {} carries",
                        super::a_or_an(&annotation.tag)
                    ));
                }
                let problem = definition.kind.value_problem(value)?;
                Some(format!("attribute {name:?}: {problem}"))
            })
            .collect()
    }

    pub(crate) fn label_problem(
        &self,
        document: &super::DocumentId,
        layer: &str,
        name: &str,
        value: &super::AttributeValue,
    ) -> Option<String> {
        if self.document(document).is_none() {
            return Some("is on a document that does not exist".to_owned());
        }
        if !self.layers.iter().any(|l| l.name == layer) {
            return Some("is in a layer that does not exist".to_owned());
        }
        let Some(definition) = self.schema.label(name) else {
            return Some("is not a document label of the schema".to_owned());
        };
        definition.kind.value_problem(value)
    }
}

/// Why an annotation's fragments are not a discontinuous span: fewer than two, or not
/// apart and in order.
pub fn fragment_problem(annotation: &Annotation) -> Option<String> {
    match annotation.fragments.as_slice() {
        [] => None,
        [_] => Some("has one fragment; a continuous span lists none".to_owned()),
        fragments => fragments.windows(2).find_map(|pair| {
            let ((_, end), (start, _)) = (pair[0], pair[1]);
            (start <= end).then(|| {
                format!(
                    "fragments {}..{} and {}..{} touch, overlap or are out of order",
                    pair[0].0, pair[0].1, pair[1].0, pair[1].1
                )
            })
        }),
    }
}
