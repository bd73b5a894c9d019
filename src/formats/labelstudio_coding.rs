//! The coding beyond spans in Label Studio's terms: relation types are `<Relations>`,
//! attributes per-region controls (`Choices`, `TextArea`, `Number`, `DateTime`) whose
//! results share the region's id, document labels the same controls for the whole task.
//! A flag is a `Choices` with one choice named like the control. Both ways.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::{Annotation, AttributeDef, AttributeKind, AttributeValue, Project, Schema};

use super::incoming::{IncomingLabel, IncomingRelation, IncomingSpan};
use super::xml_text::attribute as escaped;

/// The names tying results to the labeling config: `from_name` and `to_name`.
pub const LABELS: &str = "label";
pub const TEXT: &str = "text";
pub const NOTE: &str = "note";

/// Control names Label Studio results use for the spans, the text and the note.
const TAKEN: [&str; 3] = [LABELS, TEXT, NOTE];

/// The control name of each attribute and document label: its own name, unless a control
/// has that name already (then `attribute_NAME`, `document_NAME`).
pub struct Controls {
    attributes: BTreeMap<String, String>,
    labels: BTreeMap<String, String>,
}

impl Controls {
    pub fn of(schema: &Schema) -> Self {
        let attributes: BTreeMap<String, String> = schema
            .attributes
            .iter()
            .map(|a| {
                let name = if TAKEN.contains(&a.name.as_str()) {
                    format!("attribute_{}", a.name)
                } else {
                    a.name.clone()
                };
                (a.name.clone(), name)
            })
            .collect();
        let labels = schema
            .labels
            .iter()
            .map(|l| {
                let clash =
                    TAKEN.contains(&l.name.as_str()) || attributes.values().any(|n| *n == l.name);
                let name = if clash {
                    format!("document_{}", l.name)
                } else {
                    l.name.clone()
                };
                (l.name.clone(), name)
            })
            .collect();
        Self { attributes, labels }
    }
}

/// The config's `<Relations>`, the per-region controls and the document's controls.
pub fn config(project: &Project) -> String {
    let schema = project.schema();
    let controls = Controls::of(schema);
    let mut xml = String::new();
    if !schema.relations.is_empty() {
        xml.push_str("  <Relations>\n");
        for relation in &schema.relations {
            xml.push_str(&format!(
                "    <Relation value=\"{}\"/>\n",
                escaped(&relation.name)
            ));
        }
        xml.push_str("  </Relations>\n");
    }
    if !schema.attributes.is_empty() {
        xml.push_str("  <View visibleWhen=\"region-selected\">\n");
        for def in &schema.attributes {
            let name = &controls.attributes[&def.name];
            xml.push_str(&control(def, name, " perRegion=\"true\"", "    "));
        }
        xml.push_str("  </View>\n");
    }
    if !schema.labels.is_empty() {
        xml.push_str("  <Header value=\"The whole document\"/>\n");
        for def in &schema.labels {
            xml.push_str(&control(def, &controls.labels[&def.name], "", "  "));
        }
    }
    xml
}

/// One control for a definition, named `name`.
fn control(def: &AttributeDef, name: &str, per_region: &str, indent: &str) -> String {
    let name = escaped(name);
    let to = TEXT;
    let choices = |values: &[String]| {
        let mut xml = format!("{indent}<Choices name=\"{name}\" toName=\"{to}\"{per_region}>\n");
        for value in values {
            xml.push_str(&format!(
                "{indent}  <Choice value=\"{}\"/>\n",
                escaped(value)
            ));
        }
        xml.push_str(&format!("{indent}</Choices>\n"));
        xml
    };
    match &def.kind {
        // A flag is one choice named like its control: ticked or not.
        AttributeKind::Flag => choices(std::slice::from_ref(&def.name)),
        AttributeKind::OneOf(values) => choices(values),
        AttributeKind::Number => {
            format!("{indent}<Number name=\"{name}\" toName=\"{to}\"{per_region}/>\n")
        }
        AttributeKind::Date => format!(
            "{indent}<DateTime name=\"{name}\" toName=\"{to}\" only=\"date\"{per_region}/>\n"
        ),
        AttributeKind::Text | AttributeKind::Reference => format!(
            "{indent}<TextArea name=\"{name}\" toName=\"{to}\" editable=\"true\" placeholder=\"{}\"{per_region}/>\n",
            escaped(&def.name)
        ),
    }
}

/// A value as a result of `control`'s type: `(type, value fields)`; `None` for an unset flag.
fn result_value(
    def: Option<&AttributeDef>,
    value: &AttributeValue,
) -> Option<(&'static str, Value)> {
    let kind = def.map(|d| &d.kind);
    Some(match (kind, value) {
        (_, AttributeValue::Flag(false)) => return None,
        (_, AttributeValue::Flag(true)) => ("choices", json!({"choices": [def?.name]})),
        (Some(AttributeKind::OneOf(_)), AttributeValue::Text(choice)) => {
            ("choices", json!({"choices": [choice]}))
        }
        (Some(AttributeKind::Date), AttributeValue::Text(date)) => {
            ("datetime", json!({"datetime": date}))
        }
        (_, AttributeValue::Number(n)) => ("number", json!({"number": n})),
        (_, AttributeValue::Text(text)) => ("textarea", json!({"text": [text]})),
    })
}

/// The results of an annotation's values, each sharing the region's id.
pub fn attribute_results(
    project: &Project,
    controls: &Controls,
    a: &Annotation,
    region: &str,
) -> Vec<Value> {
    let mut out = Vec::new();
    for (name, value) in &a.attributes {
        let def = project.schema().attribute(name);
        let Some((kind, mut fields)) = result_value(def, value) else {
            continue;
        };
        fields["start"] = json!(a.start);
        fields["end"] = json!(a.end);
        let from = controls.attributes.get(name).unwrap_or(name);
        out.push(json!({
            "id": region,
            "from_name": from,
            "to_name": TEXT,
            "type": kind,
            "origin": "manual",
            "value": fields,
        }));
    }
    out
}

/// A link between two regions.
pub fn relation_result(from: &str, to: &str, kind: &str) -> Value {
    json!({"type": "relation", "from_id": from, "to_id": to, "direction": "right", "labels": [kind]})
}

/// The results of one layer's labels on a document, with ids `dN`.
pub fn label_results<'a>(
    project: &Project,
    controls: &Controls,
    labels: impl Iterator<Item = (&'a str, &'a AttributeValue)>,
) -> Vec<Value> {
    let mut out = Vec::new();
    for (n, (name, value)) in labels.enumerate() {
        let def = project.schema().label(name);
        let Some((kind, fields)) = result_value(def, value) else {
            continue;
        };
        out.push(json!({
            "id": format!("d{}", n + 1),
            "from_name": controls.labels.get(name).map_or(name, String::as_str),
            "to_name": TEXT,
            "type": kind,
            "origin": "manual",
            "value": fields,
        }));
    }
    out
}

/// What one task's results hold beyond spans, read.
#[derive(Default)]
pub struct Coding {
    /// What came in only in part (a region given several choices keeps the first).
    pub problems: Vec<String>,
    pub relations: Vec<IncomingRelation>,
    pub labels: Vec<IncomingLabel>,
    pub schema: Schema,
}

/// A value result (`choices`, `textarea`, `number`, `datetime`) as a value and the kind
/// it implies; `None` when it holds none.
fn read_value(result: &Value, name: &str) -> Option<(AttributeValue, AttributeKind)> {
    let value = &result["value"];
    match result["type"].as_str()? {
        "choices" => {
            let choices: Vec<&str> = value["choices"]
                .as_array()?
                .iter()
                .filter_map(Value::as_str)
                .collect();
            match choices.as_slice() {
                [one] if *one == name => Some((AttributeValue::Flag(true), AttributeKind::Flag)),
                [one, ..] => Some((
                    AttributeValue::Text((*one).to_owned()),
                    AttributeKind::OneOf(vec![(*one).to_owned()]),
                )),
                [] => None,
            }
        }
        "textarea" => {
            let lines: Vec<&str> = value["text"]
                .as_array()?
                .iter()
                .filter_map(Value::as_str)
                .collect();
            Some((AttributeValue::Text(lines.join("\n")), AttributeKind::Text))
        }
        "number" | "rating" => {
            let n = value["number"]
                .as_f64()
                .or_else(|| value["rating"].as_f64())?;
            Some((AttributeValue::Number(n), AttributeKind::Number))
        }
        "datetime" => Some((
            AttributeValue::Text(value["datetime"].as_str()?.to_owned()),
            AttributeKind::Date,
        )),
        _ => None,
    }
}

/// The control's name as the attribute's: our prefixes for names taken come off.
fn attribute_name<'a>(control: &'a str, prefix: &str) -> &'a str {
    control
        .strip_prefix(prefix)
        .filter(|n| TAKEN.contains(n))
        .unwrap_or(control)
}

/// Reads the relation, value and document results of one annotation: values go onto
/// `spans` by region id (their key), the rest into what is returned. Returns whether
/// `result` was one of these.
pub fn read_result(
    result: &Value,
    spans: &mut [IncomingSpan],
    regions: &std::collections::HashMap<String, Vec<usize>>,
    coding: &mut Coding,
    here: &str,
) -> Result<bool, String> {
    let kind = result["type"].as_str().unwrap_or_default();
    if kind == "relation" {
        let (Some(from), Some(to)) = (result["from_id"].as_str(), result["to_id"].as_str()) else {
            return Err(format!("{here}: a relation without from_id and to_id"));
        };
        let labels: Vec<&str> = result["labels"]
            .as_array()
            .map(|l| l.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        // Label Studio lets a link go unlabelled; it comes in as "related".
        let kinds = if labels.is_empty() {
            vec!["related"]
        } else {
            labels
        };
        let reversed = result["direction"].as_str() == Some("left");
        for kind in kinds {
            let (from, to) = if reversed { (to, from) } else { (from, to) };
            coding.relations.push(IncomingRelation {
                kind: kind.to_owned(),
                from: from.to_owned(),
                to: to.to_owned(),
                note: String::new(),
                at: here.to_owned(),
            });
        }
        return Ok(true);
    }
    let control = result["from_name"].as_str().unwrap_or_default();
    let region = result["id"].as_str().unwrap_or_default();
    let on: Vec<usize> = regions.get(region).cloned().unwrap_or_default();
    // A flag's one choice is named like its attribute, without our prefix.
    let flag_name = attribute_name(
        control,
        if on.is_empty() {
            "document_"
        } else {
            "attribute_"
        },
    );
    let choices = result["value"]["choices"].as_array().map_or(0, Vec::len);
    if choices > 1 {
        coding.problems.push(format!(
            "{here}: {choices} choices given for {control}, which holds one; the first is kept"
        ));
    }
    let Some((value, implied)) = read_value(result, flag_name) else {
        return Ok(false);
    };
    if on.is_empty() {
        let name = attribute_name(control, "document_").to_owned();
        coding.schema.join(Schema {
            labels: vec![definition(&name, implied, None)],
            ..Schema::default()
        });
        coding.labels.push(IncomingLabel {
            layer: None,
            name,
            value,
            at: here.to_owned(),
        });
        return Ok(true);
    }
    let name = attribute_name(control, "attribute_").to_owned();
    for index in on {
        let span = &mut spans[index];
        coding.schema.join(Schema {
            attributes: vec![definition(&name, implied.clone(), Some(&span.tag))],
            ..Schema::default()
        });
        span.attributes.insert(name.clone(), value.clone());
    }
    Ok(true)
}

fn definition(name: &str, kind: AttributeKind, tag: Option<&str>) -> AttributeDef {
    AttributeDef {
        name: name.to_owned(),
        // Text could be any kind a project gives it; only what is certain is declared.
        kind,
        tags: tag.map(|t| vec![t.to_owned()]).unwrap_or_default(),
        default: None,
        description: String::new(),
    }
}
