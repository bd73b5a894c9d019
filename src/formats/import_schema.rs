//! The schema an import needs: the project's, with what the files declare (brat's
//! `annotation.conf`, a choice list a reader saw) and what their data uses added.
//! Definitions the project has are widened, never narrowed (another choice, another tag a
//! link may start from), and the report names each one widened; a definition that cannot
//! join (a name no schema may hold) is reported, and the values that need it are not
//! imported.

use std::collections::{BTreeSet, HashMap};

use crate::model::{
    AttributeDef, AttributeKind, AttributeValue, Project, RelationType, Schema, Tag, TagSet,
};

use super::incoming::{Incoming, Read};

/// The schema for an import, and what the report says about it.
pub struct Merged {
    pub schema: Schema,
    pub notes: Vec<String>,
    pub problems: Vec<String>,
}

/// The project's schema with what `read` declares and uses, for an import into `layer`.
pub fn merged(project: &Project, read: &Read, _layer: &str) -> Merged {
    let mut tags = project.tags().clone();
    let used = read
        .documents
        .iter()
        .flat_map(|d| d.spans.iter().map(|s| &s.tag));
    for name in read.tags.iter().chain(used) {
        if !tags.contains(name) && crate::model::names::tag_name_problem(name).is_none() {
            tags.tags.push(Tag {
                name: name.clone(),
                // Only its name counts here: the import gives it its colour.
                colour: crate::model::Colour::rgb(0x80, 0x80, 0x80),
                hotkey: None,
                description: String::new(),
            });
        }
    }
    let known = project.schema().problems(&tags).len();
    let mut merging = Merging {
        schema: project.schema().clone(),
        ours: project.schema(),
        tags,
        known,
        added: Vec::new(),
        widened: BTreeSet::new(),
        problems: Vec::new(),
    };
    for relation in &read.schema.relations {
        merging.relation(relation.clone(), Width::Declared);
    }
    for attribute in &read.schema.attributes {
        merging.attribute(attribute.clone(), Width::Declared, false);
    }
    for label in &read.schema.labels {
        merging.attribute(label.clone(), Width::Declared, true);
    }
    for event in &read.schema.events {
        if !merging.schema.is_event(event) && merging.tags.contains(event) {
            merging.schema.events.push(event.clone());
        }
    }
    for document in &read.documents {
        merging.used_by(document);
    }
    merging.finish()
}

/// How far a definition reaches: as declared (its tag lists stand, empty for any), or as
/// one use implies (only what the use needs is added).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Width {
    Declared,
    Used,
}

struct Merging<'a> {
    schema: Schema,
    ours: &'a Schema,
    /// The project's tags with those the import adds.
    tags: TagSet,
    /// How many problems the project's schema has already (none, normally).
    known: usize,
    /// "relation type \"Theme\"" for each definition the import adds, in order.
    added: Vec<String>,
    /// The project's own definitions the import widens.
    widened: BTreeSet<String>,
    problems: Vec<String>,
}

impl Merging<'_> {
    /// The relation types, attributes and labels one document's data uses.
    fn used_by(&mut self, document: &Incoming) {
        let tag_of: HashMap<&str, &str> = document
            .spans
            .iter()
            .filter(|s| !s.key.is_empty())
            .map(|s| (s.key.as_str(), s.tag.as_str()))
            .collect();
        for span in &document.spans {
            for (name, value) in &span.attributes {
                // Most values fit what the schema has already: no copy of it to check.
                let fits = self.schema.attribute(name).is_some_and(|def| {
                    def.applies_to(&span.tag)
                        && match (&def.kind, value) {
                            (AttributeKind::OneOf(choices), AttributeValue::Text(choice)) => {
                                choices.contains(choice)
                            }
                            _ => true,
                        }
                });
                if fits {
                    continue;
                }
                let mut implied = implied(name, value, Some(&span.tag));
                // A value of a choice list is one more choice.
                let listed = self.schema.attribute(name).map(|a| &a.kind);
                if let (Some(AttributeKind::OneOf(_)), AttributeValue::Text(choice)) =
                    (listed, value)
                {
                    implied.kind = AttributeKind::OneOf(vec![choice.clone()]);
                }
                self.attribute(implied, Width::Used, false);
            }
        }
        for relation in &document.relations {
            let ends = tag_of
                .get(relation.from.as_str())
                .zip(tag_of.get(relation.to.as_str()));
            let Some((from, to)) = ends else { continue };
            let fits = self
                .schema
                .relation_type(&relation.kind)
                .is_some_and(|t| t.fits(from, to));
            if !fits {
                let implied = RelationType {
                    name: relation.kind.clone(),
                    from: vec![(*from).to_owned()],
                    to: vec![(*to).to_owned()],
                    symmetric: false,
                    transitive: false,
                    hotkey: None,
                    description: String::new(),
                };
                self.relation(implied, Width::Used);
            }
        }
        for label in &document.labels {
            self.attribute(implied(&label.name, &label.value, None), Width::Used, true);
        }
    }

    /// Adds a relation type, or widens the one of that name to reach as far.
    fn relation(&mut self, relation: RelationType, width: Width) {
        let mut schema = self.schema.clone();
        let what = format!("relation type {:?}", relation.name);
        let ours = self.ours.relation_type(&relation.name).is_some();
        match schema
            .relations
            .iter_mut()
            .find(|r| r.name == relation.name)
        {
            None => schema.relations.push(relation),
            Some(existing) => {
                widen(&mut existing.from, &relation.from, width);
                widen(&mut existing.to, &relation.to, width);
                existing.symmetric |= relation.symmetric;
                existing.transitive |= relation.transitive;
            }
        }
        self.take(schema, what, ours);
    }

    /// Adds an attribute (or, with `label`, a document label), or widens the one of that
    /// name: more tags, more choices. One of another kind is left as the project has it.
    fn attribute(&mut self, attribute: AttributeDef, width: Width, label: bool) {
        let mut schema = self.schema.clone();
        let ours = if label {
            self.ours.label(&attribute.name).is_some()
        } else {
            self.ours.attribute(&attribute.name).is_some()
        };
        let (list, what) = if label {
            (
                &mut schema.labels,
                format!("document label {:?}", attribute.name),
            )
        } else {
            (
                &mut schema.attributes,
                format!("attribute {:?}", attribute.name),
            )
        };
        match list.iter_mut().find(|a| a.name == attribute.name) {
            None => list.push(attribute),
            Some(existing) => {
                if !label {
                    widen(&mut existing.tags, &attribute.tags, width);
                }
                // A choice list where the file uses the name as a flag or free text
                // stays a list; the values that do not fit are reported one by one.
                crate::model::join_choices(&mut existing.kind, &attribute.kind);
            }
        }
        self.take(schema, what, ours);
    }

    /// Keeps `schema` if it changed and adds no problem; otherwise says why not.
    fn take(&mut self, schema: Schema, what: String, ours: bool) {
        if schema == self.schema {
            return;
        }
        let problems = schema.problems(&self.tags);
        if problems.len() > self.known {
            let new = problems.into_iter().skip(self.known);
            self.problems
                .extend(new.map(|p| format!("schema: {p}; not added")));
            return;
        }
        if ours {
            self.widened.insert(what);
        } else if !self.added.contains(&what) {
            self.added.push(what);
        }
        self.schema = schema;
    }

    fn finish(self) -> Merged {
        let mut notes = Vec::new();
        if !self.added.is_empty() {
            notes.push(format!("The schema gains {}.", self.added.join(", ")));
        }
        if !self.widened.is_empty() {
            let widened: Vec<String> = self.widened.into_iter().collect();
            notes.push(format!(
                "The schema's {} now also take what the files use (more tags or choices).",
                widened.join(", ")
            ));
        }
        Merged {
            schema: self.schema,
            notes,
            problems: self.problems,
        }
    }
}

/// `ours` reaching as far as `theirs` too: empty (any tag) stays any; a declared any
/// makes it any; a use adds its tags.
fn widen(ours: &mut Vec<String>, theirs: &[String], width: Width) {
    match width {
        Width::Declared => crate::model::join_tags(ours, theirs),
        // A use names its tags; it never makes a list any.
        Width::Used if !ours.is_empty() => {
            for tag in theirs {
                if !ours.contains(tag) {
                    ours.push(tag.clone());
                }
            }
        }
        Width::Used => {}
    }
}

/// The definition one value implies: a flag, a number or free text, on its tag.
fn implied(name: &str, value: &AttributeValue, tag: Option<&str>) -> AttributeDef {
    AttributeDef {
        name: name.to_owned(),
        kind: match value {
            AttributeValue::Flag(_) => AttributeKind::Flag,
            AttributeValue::Number(_) => AttributeKind::Number,
            AttributeValue::Text(_) => AttributeKind::Text,
        },
        tags: tag.map(|t| vec![t.to_owned()]).unwrap_or_default(),
        default: None,
        description: String::new(),
    }
}
