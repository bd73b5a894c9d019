//! The UIMA type system INCEpTION reads with an XMI export, from the project's schema:
//! `webanno.custom.Span` (the tag as `label`, the `note`, one feature per attribute),
//! `webanno.custom.Relation` (INCEpTION's relation layer: `Governor` and `Dependent` point
//! at spans, the type as `label`) and `webanno.custom.DocumentLabels` (a document-level
//! layer, one feature per document label). A feature's name must be a Java identifier,
//! so each holds the attribute's own name in its description, and reading maps it back.

use std::collections::HashMap;

use crate::model::{AttributeDef, AttributeKind, Schema};

use super::xml_text::attribute as escaped;

pub const SPAN_TYPE: &str = "webanno.custom.Span";
pub const RELATION_TYPE: &str = "webanno.custom.Relation";
pub const LABELS_TYPE: &str = "webanno.custom.DocumentLabels";

/// What a feature's description says before the name of the attribute it holds.
const ATTRIBUTE: &str = "Annotary attribute: ";
const LABEL: &str = "Annotary document label: ";

/// The feature names of the schema's attributes and document labels.
pub struct Features {
    pub attributes: Vec<(String, String)>,
    pub labels: Vec<(String, String)>,
}

impl Features {
    pub fn of(schema: &Schema) -> Self {
        let name_all = |defs: &[AttributeDef]| {
            let mut taken: Vec<String> = [
                "label",
                "note",
                "begin",
                "end",
                "sofa",
                "id",
                "Governor",
                "Dependent",
            ]
            .map(str::to_owned)
            .to_vec();
            defs.iter()
                .map(|d| {
                    let mut feature = identifier(&d.name);
                    while taken.contains(&feature) {
                        feature.push('_');
                    }
                    taken.push(feature.clone());
                    (d.name.clone(), feature)
                })
                .collect()
        };
        Self {
            attributes: name_all(&schema.attributes),
            labels: name_all(&schema.labels),
        }
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        let found = self.attributes.iter().find(|(n, _)| n == name);
        found.map(|(_, f)| f.as_str())
    }

    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, f)| f.as_str())
    }
}

/// `name` as a Java identifier: a letter first, then letters, digits and underscores.
fn identifier(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'a');
    }
    out
}

fn range(kind: &AttributeKind) -> &'static str {
    match kind {
        AttributeKind::Flag => "uima.cas.Boolean",
        AttributeKind::Number => "uima.cas.Double",
        _ => "uima.cas.String",
    }
}

fn feature(out: &mut String, name: &str, description: &str, range: &str) {
    out.push_str(&format!(
        "        <featureDescription>\n          <name>{name}</name>\n          <description>{}</description>\n          <rangeTypeName>{range}</rangeTypeName>\n        </featureDescription>\n",
        escaped(description)
    ));
}

/// `TypeSystem.xml` for `schema`.
pub fn type_system(schema: &Schema) -> String {
    let features = Features::of(schema);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<typeSystemDescription xmlns=\"http://uima.apache.org/resourceSpecifier\">\n  <types>\n",
    );
    let open = |out: &mut String, name: &str, description: &str, supertype: &str| {
        out.push_str(&format!(
            "    <typeDescription>\n      <name>{name}</name>\n      <description>{description}</description>\n      <supertypeName>{supertype}</supertypeName>\n      <features>\n"
        ));
    };
    let close = "      </features>\n    </typeDescription>\n";
    open(
        &mut out,
        SPAN_TYPE,
        "Annotary annotations: a tagged span with an optional note and its attribute values.",
        "uima.tcas.Annotation",
    );
    feature(&mut out, "label", "The tag.", "uima.cas.String");
    feature(&mut out, "note", "The annotator's note.", "uima.cas.String");
    for (def, (_, name)) in schema.attributes.iter().zip(&features.attributes) {
        feature(
            &mut out,
            name,
            &format!("{ATTRIBUTE}{}", def.name),
            range(&def.kind),
        );
    }
    out.push_str(close);
    open(
        &mut out,
        RELATION_TYPE,
        "Annotary links: from the governor span to the dependent one, typed.",
        "uima.tcas.Annotation",
    );
    feature(
        &mut out,
        "Governor",
        "The span the link starts from.",
        SPAN_TYPE,
    );
    feature(
        &mut out,
        "Dependent",
        "The span the link goes to.",
        SPAN_TYPE,
    );
    feature(&mut out, "label", "The relation type.", "uima.cas.String");
    feature(&mut out, "note", "The annotator's note.", "uima.cas.String");
    out.push_str(close);
    open(
        &mut out,
        LABELS_TYPE,
        "Annotary document labels: what the annotator says of the whole document.",
        "uima.cas.AnnotationBase",
    );
    for (def, (_, name)) in schema.labels.iter().zip(&features.labels) {
        feature(
            &mut out,
            name,
            &format!("{LABEL}{}", def.name),
            range(&def.kind),
        );
    }
    out.push_str(close);
    out.push_str("  </types>\n</typeSystemDescription>\n");
    out
}

/// What a type system read says of the features: for each feature of the span type and
/// of the labels type, the attribute's name and the kind its range gives.
#[derive(Default)]
pub struct Declared {
    pub attributes: HashMap<String, (String, AttributeKind)>,
    pub labels: HashMap<String, (String, AttributeKind)>,
}

/// Reads the features of `TypeSystem.xml`; what it cannot read leaves names as they are.
pub fn read_type_system(xml: &str) -> Declared {
    use quick_xml::events::Event;
    let mut declared = Declared::default();
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut path, mut text) = (Vec::<String>::new(), String::new());
    let (mut type_name, mut feature): (String, [String; 3]) = (String::new(), Default::default());
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) => {
                path.push(e.local_name().as_ref().to_owned());
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                }
                let name = r.xml10_content();
                text.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::End(_) => {
                let element = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str).unwrap_or_default();
                match (parent, element.as_str()) {
                    ("typeDescription", "name") => type_name = text.trim().to_owned(),
                    ("featureDescription", "name") => feature[0] = text.trim().to_owned(),
                    ("featureDescription", "description") => feature[1] = text.trim().to_owned(),
                    ("featureDescription", "rangeTypeName") => feature[2] = text.trim().to_owned(),
                    (_, "featureDescription") => {
                        let [name, description, range] = std::mem::take(&mut feature);
                        let kind = match range.as_str() {
                            "uima.cas.Boolean" => AttributeKind::Flag,
                            "uima.cas.Double" | "uima.cas.Float" | "uima.cas.Integer"
                            | "uima.cas.Long" => AttributeKind::Number,
                            _ => AttributeKind::Text,
                        };
                        let (list, prefix) = if type_name == LABELS_TYPE {
                            (&mut declared.labels, LABEL)
                        } else {
                            (&mut declared.attributes, ATTRIBUTE)
                        };
                        let own = description
                            .strip_prefix(prefix)
                            .map_or(name.clone(), str::to_owned);
                        if !["label", "note", "Governor", "Dependent"].contains(&name.as_str()) {
                            list.insert(name, (own, kind));
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    declared
}
