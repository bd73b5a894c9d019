//! The coding beyond spans as W3C Web Annotations. An attribute value is a `TextualBody`
//! of the span's annotation, whose `purpose` says what it does (`classifying` for a choice
//! or a flag, `identifying` for a reference, `describing` for the rest) and whose
//! `annotary:attribute` names the attribute (an absolute IRI as JSON-LD reads it: a body
//! with an `id` would be an external resource, which may have no purpose). A link is an
//! annotation of its own with the `linking` motivation, its type a `tagging` body, its note a `commenting` one, and the
//! two annotations' ids as its targets, from first, to second. A layer's document labels
//! are one `classifying` annotation of the whole document, a body per label.

use serde_json::{Value, json};

use crate::model::{AttributeKind, AttributeValue, Project, Relation};

use super::incoming::{IncomingLabel, IncomingRelation};

/// An annotation's IRI.
pub fn annotation_iri(id: impl std::fmt::Display) -> String {
    format!("urn:annotary:annotation:{id}")
}

/// The keys naming the attribute or document label a body holds.
const ATTRIBUTE: &str = "annotary:attribute";
const LABEL: &str = "annotary:label";

/// A value's body: `what` is the key naming it, `kind` its kind in the schema.
fn body(what: &str, name: &str, value: &AttributeValue, kind: Option<&AttributeKind>) -> Value {
    let purpose = match (kind, value) {
        (Some(AttributeKind::OneOf(_)) | Some(AttributeKind::Flag), _)
        | (_, AttributeValue::Flag(_)) => "classifying",
        (Some(AttributeKind::Reference), _) => "identifying",
        _ => "describing",
    };
    json!({
        "type": "TextualBody",
        "purpose": purpose,
        "value": value.to_string(),
        what: name,
    })
}

/// The bodies of an annotation's attribute values.
pub fn attribute_bodies(project: &Project, annotation: &crate::model::Annotation) -> Vec<Value> {
    annotation
        .attributes
        .iter()
        .map(|(name, value)| {
            let kind = project.schema().attribute(name).map(|a| &a.kind);
            body(ATTRIBUTE, name, value, kind)
        })
        .collect()
}

/// A link as an annotation with the `linking` motivation.
pub fn relation(relation: &Relation, layer: &str) -> Value {
    let mut bodies =
        vec![json!({"type": "TextualBody", "purpose": "tagging", "value": relation.kind})];
    if !relation.note.is_empty() {
        bodies.push(json!({
            "type": "TextualBody",
            "purpose": "commenting",
            "value": relation.note,
            "format": "text/plain",
        }));
    }
    json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("urn:annotary:relation:{}", relation.id.0),
        "type": "Annotation",
        "motivation": "linking",
        "creator": {"type": "Person", "name": layer},
        "body": bodies,
        // From the first target to the second.
        "target": [annotation_iri(relation.from), annotation_iri(relation.to)],
    })
}

/// One layer's labels of a document as a `classifying` annotation of it, if it has any.
pub fn labels<'a>(
    project: &Project,
    document: &str,
    layer: &str,
    labels: impl Iterator<Item = (&'a str, &'a AttributeValue)>,
) -> Option<Value> {
    let of = format!(
        "urn:annotary:labels:{}:{}",
        encoded(document),
        encoded(layer)
    );
    let bodies: Vec<Value> = labels
        .map(|(name, value)| {
            let kind = project.schema().label(name).map(|l| &l.kind);
            body(LABEL, name, value, kind)
        })
        .collect();
    (!bodies.is_empty()).then(|| {
        json!({
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": of,
            "type": "Annotation",
            "motivation": "classifying",
            "creator": {"type": "Person", "name": layer},
            "body": bodies,
            "target": document,
        })
    })
}

/// The attribute a body holds: `(name, value as text)`.
pub fn attribute_value(body: &Value) -> Option<(String, String)> {
    named_value(body, ATTRIBUTE)
}

fn named_value(body: &Value, what: &str) -> Option<(String, String)> {
    let name = body[what].as_str()?;
    Some((name.to_owned(), body["value"].as_str()?.to_owned()))
}

/// `name` inside an IRI: what is not a letter, digit, `-`, `.` or `_` percent-encoded.
fn encoded(name: &str) -> String {
    let mut out = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A `linking` annotation as a link between two annotation ids (their keys).
pub fn read_relation(item: &Value, at: &str) -> Result<IncomingRelation, String> {
    let targets: Vec<&str> = item["target"]
        .as_array()
        .map(|t| {
            t.iter()
                .filter_map(|t| t.as_str().or_else(|| t["id"].as_str()))
                .collect()
        })
        .unwrap_or_default();
    let [from, to] = targets.as_slice() else {
        return Err(format!(
            "{at}: a linking annotation targets two annotations"
        ));
    };
    let bodies: Vec<&Value> = match &item["body"] {
        Value::Array(list) => list.iter().collect(),
        one => vec![one],
    };
    let text_of = |purpose: &str| {
        bodies
            .iter()
            .find(|b| b["purpose"] == purpose)
            .and_then(|b| b["value"].as_str())
    };
    Ok(IncomingRelation {
        kind: text_of("tagging").unwrap_or("related").to_owned(),
        from: (*from).to_owned(),
        to: (*to).to_owned(),
        note: text_of("commenting").unwrap_or_default().to_owned(),
        at: at.to_owned(),
    })
}

/// A `classifying` annotation of a whole document as its labels.
pub fn read_labels(item: &Value, at: &str) -> Vec<IncomingLabel> {
    let bodies: Vec<&Value> = match &item["body"] {
        Value::Array(list) => list.iter().collect(),
        one => vec![one],
    };
    bodies
        .into_iter()
        .filter_map(|b| named_value(b, LABEL))
        .map(|(name, value)| IncomingLabel {
            layer: None,
            name,
            value: AttributeValue::Text(value),
            at: at.to_owned(),
        })
        .collect()
}
