//! The rest of a project's coding scheme beside its tags: the relation types that link
//! annotations (`claimant`: claim -> actor), the attributes annotations carry (`stance`,
//! `hedged`, a date's `value`) and the labels a whole document carries (`outlet`,
//! `published`, `genre`).

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::TagSet;
use super::iso_date::iso_date_problem;

/// A value of an attribute or a document label. Which of them fits is the schema's word:
/// a choice, a text and a date are all held as text.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttributeValue {
    Flag(bool),
    Number(f64),
    Text(String),
}

impl PartialEq for AttributeValue {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Flag(a), Self::Flag(b)) => a == b,
            // By bits, so that equality is an equivalence (a NaN from a bad file equals
            // itself) and undo can compare values.
            (Self::Number(a), Self::Number(b)) => a.to_bits() == b.to_bits(),
            (Self::Text(a), Self::Text(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for AttributeValue {}

impl fmt::Display for AttributeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag(true) => f.write_str("yes"),
            Self::Flag(false) => f.write_str("no"),
            Self::Number(n) => write!(f, "{n}"),
            Self::Text(text) => f.write_str(text),
        }
    }
}

/// What values an attribute takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttributeKind {
    /// Set or not (`hedged`).
    Flag,
    /// One of a fixed list (`stance`: support | oppose | neutral).
    OneOf(Vec<String>),
    /// Free text.
    Text,
    /// A finite number.
    Number,
    /// An ISO 8601 date, partial allowed (`2025`, `2021-08`, `2025-07-03`).
    Date,
    /// An entry of a knowledge base or ontology, `DB:ID` (`Wikidata:Q42`), optionally
    /// followed by a space and the entry's name: what brat calls a normalisation.
    Reference,
}

impl AttributeKind {
    /// The kind's name as the schema editor and messages show it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Flag => "flag",
            Self::OneOf(_) => "one of a list",
            Self::Text => "text",
            Self::Number => "number",
            Self::Date => "date",
            Self::Reference => "reference",
        }
    }

    /// Why `value` does not fit this kind, in the researcher's words.
    pub fn value_problem(&self, value: &AttributeValue) -> Option<String> {
        match (self, value) {
            (Self::Flag, AttributeValue::Flag(_)) | (Self::Text, AttributeValue::Text(_)) => None,
            (Self::Number, AttributeValue::Number(n)) => {
                (!n.is_finite()).then(|| format!("{n} is not a finite number"))
            }
            (Self::OneOf(values), AttributeValue::Text(text)) => (!values.contains(text))
                .then(|| format!("{text:?} is not one of {}", values.join(", "))),
            (Self::Date, AttributeValue::Text(text)) => iso_date_problem(text),
            (Self::Reference, AttributeValue::Text(text)) => reference_problem(text),
            (kind, value) => Some(format!("“{value}” is not a {}", kind.name())),
        }
    }

    /// Reads what a researcher typed as a value of this kind.
    pub fn parse(&self, typed: &str) -> Result<AttributeValue, String> {
        let value = match self {
            Self::Flag => match typed.trim() {
                "yes" | "true" => AttributeValue::Flag(true),
                "no" | "false" => AttributeValue::Flag(false),
                other => return Err(format!("{other:?} is not yes or no")),
            },
            Self::Number => AttributeValue::Number(
                typed
                    .trim()
                    .parse()
                    .map_err(|_| format!("{typed:?} is not a number"))?,
            ),
            Self::Date => AttributeValue::Text(typed.trim().to_owned()),
            Self::Reference => AttributeValue::Text(typed.trim().to_owned()),
            Self::OneOf(_) | Self::Text => AttributeValue::Text(typed.to_owned()),
        };
        match self.value_problem(&value) {
            Some(problem) => Err(problem),
            None => Ok(value),
        }
    }
}

/// Why `text` is not `DB:ID` with an optional name after a space.
fn reference_problem(text: &str) -> Option<String> {
    let entry = text.split(char::is_whitespace).next().unwrap_or_default();
    match entry.split_once(':') {
        Some((db, id)) if !db.is_empty() && !id.is_empty() => None,
        _ => Some(format!(
            "{text:?} is not a reference: write DB:ID (Wikidata:Q42), then the name if you like"
        )),
    }
}

/// One attribute annotations (or, as a document label, documents) can carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeDef {
    pub name: String,
    pub kind: AttributeKind,
    /// The tags whose annotations carry it; empty for every tag (and for document labels).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The value an annotation has until the coder sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<AttributeValue>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl AttributeDef {
    pub fn applies_to(&self, tag: &str) -> bool {
        self.tags.is_empty() || self.tags.iter().any(|t| t == tag)
    }
}

/// A typed, directed link from one annotation to another in the same document and layer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationType {
    pub name: String,
    /// The tags its source may have; empty for any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
    /// The tags its target may have; empty for any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    /// A link that reads the same both ways (`same_as`): direction carries no meaning.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub symmetric: bool,
    /// A symmetric link that also carries over (`same_as`: A as B and B as C make A as C),
    /// so its links are groups of equals: brat's equivalences (`*` lines).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub transitive: bool,
    /// The key that picks this type while linking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotkey: Option<char>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl RelationType {
    /// Whether an annotation tagged `from` may link to one tagged `to` with this type
    /// (either way round for a symmetric type).
    pub fn fits(&self, from: &str, to: &str) -> bool {
        let allows = |tags: &[String], tag: &str| tags.is_empty() || tags.iter().any(|t| t == tag);
        (allows(&self.from, from) && allows(&self.to, to))
            || (self.symmetric && allows(&self.from, to) && allows(&self.to, from))
    }
}

/// Relation types, annotation attributes and document labels.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    pub relations: Vec<RelationType>,
    pub attributes: Vec<AttributeDef>,
    pub labels: Vec<AttributeDef>,
    /// The tags whose annotations are events (brat's `E`): the annotation is the event at
    /// its trigger, and its outgoing links are the event's roles (`Theme`, `Cause`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
}

impl Schema {
    /// The default scheme for claims analysis: who makes a claim, to whom, when; its
    /// stance and whether it is hedged; a date's normalised value; and where and when
    /// the article appeared.
    pub fn claims_analysis() -> Self {
        let names = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let relation = |name: &str, to: &str, key, description: &str| RelationType {
            transitive: false,
            name: name.to_owned(),
            from: names(&["claim"]),
            to: names(&[to]),
            symmetric: false,
            hotkey: Some(key),
            description: description.to_owned(),
        };
        let attribute = |name: &str, kind, tags: &[&str], description: &str| AttributeDef {
            name: name.to_owned(),
            kind,
            tags: names(tags),
            default: None,
            description: description.to_owned(),
        };
        Self {
            relations: vec![
                relation("claimant", "actor", 'c', "The actor who makes the claim."),
                relation(
                    "addressee",
                    "actor",
                    'a',
                    "The actor the claim is addressed to.",
                ),
                relation("dated", "date", 'd', "When the claim was made."),
            ],
            attributes: vec![
                attribute(
                    "stance",
                    AttributeKind::OneOf(names(&["support", "oppose", "neutral"])),
                    &["claim"],
                    "The claimant's position on the claim's object.",
                ),
                attribute(
                    "hedged",
                    AttributeKind::Flag,
                    &["claim"],
                    "The claim is qualified (\"reportedly\", \"may\").",
                ),
                attribute(
                    "value",
                    AttributeKind::Date,
                    &["date"],
                    "The date in ISO 8601, as precise as the text is (2021-08).",
                ),
            ],
            labels: vec![
                attribute(
                    "outlet",
                    AttributeKind::Text,
                    &[],
                    "Who published the article.",
                ),
                attribute(
                    "published",
                    AttributeKind::Date,
                    &[],
                    "When it was published.",
                ),
                attribute(
                    "genre",
                    AttributeKind::OneOf(names(&["news", "opinion", "analysis"])),
                    &[],
                    "What kind of article it is.",
                ),
            ],
            events: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.relations.is_empty()
            && self.attributes.is_empty()
            && self.labels.is_empty()
            && self.events.is_empty()
    }

    /// Whether annotations tagged `tag` are events.
    pub fn is_event(&self, tag: &str) -> bool {
        self.events.iter().any(|t| t == tag)
    }

    pub fn relation_type(&self, name: &str) -> Option<&RelationType> {
        self.relations.iter().find(|r| r.name == name)
    }

    pub fn attribute(&self, name: &str) -> Option<&AttributeDef> {
        self.attributes.iter().find(|a| a.name == name)
    }

    pub fn label(&self, name: &str) -> Option<&AttributeDef> {
        self.labels.iter().find(|a| a.name == name)
    }

    /// The attributes an annotation tagged `tag` carries, in schema order.
    pub fn attributes_for<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a AttributeDef> {
        self.attributes.iter().filter(move |a| a.applies_to(tag))
    }

    /// The relation types that may link an annotation tagged `from` to one tagged `to`.
    pub fn relations_fitting<'a>(
        &'a self,
        from: &'a str,
        to: &'a str,
    ) -> impl Iterator<Item = &'a RelationType> {
        self.relations.iter().filter(move |r| r.fits(from, to))
    }

    /// What in the schema names `tag` ("relation type \"claimant\""), if anything does.
    pub fn naming_tag(&self, tag: &str) -> Option<String> {
        let named = |list: &[String]| list.iter().any(|t| t == tag);
        if let Some(r) = self
            .relations
            .iter()
            .find(|r| named(&r.from) || named(&r.to))
        {
            return Some(format!("relation type {:?}", r.name));
        }
        if let Some(a) = self.attributes.iter().find(|a| named(&a.tags)) {
            return Some(format!("attribute {:?}", a.name));
        }
        named(&self.events).then(|| "the event types".to_owned())
    }

    /// Follows a tag's new name wherever the schema names it.
    pub fn rename_tag(&mut self, old: &str, new: &str) {
        let lists = self
            .relations
            .iter_mut()
            .flat_map(|r| [&mut r.from, &mut r.to]);
        let lists = lists
            .chain(self.attributes.iter_mut().map(|a| &mut a.tags))
            .chain(std::iter::once(&mut self.events));
        for list in lists {
            for tag in list.iter_mut().filter(|t| t.as_str() == old) {
                *tag = new.to_owned();
            }
        }
    }

    /// Problems with the schema itself, given the project's tags: unfit or duplicate
    /// names, unknown tags, empty or repeated choices, defaults that do not fit, clashing
    /// hotkeys.
    pub fn problems(&self, tags: &TagSet) -> Vec<String> {
        let mut problems = Vec::new();
        let unknown_tags = |what: String, list: &[String], problems: &mut Vec<String>| {
            for tag in list.iter().filter(|t| !tags.contains(t)) {
                problems.push(format!(
                    "{what} names tag {tag:?}, which is not in the tag set"
                ));
            }
        };
        let mut names = HashSet::new();
        let mut keys = HashSet::new();
        for relation in &self.relations {
            let what = format!("relation type {:?}", relation.name);
            name_problems(&what, &relation.name, &mut names, &mut problems);
            if relation.transitive && !relation.symmetric {
                problems.push(format!(
                    "{what} carries over (transitive) but is not symmetric; groups of equals read both ways"
                ));
            }
            unknown_tags(what.clone(), &relation.from, &mut problems);
            unknown_tags(what.clone(), &relation.to, &mut problems);
            if let Some(key) = relation.hotkey {
                if !key.is_ascii_alphanumeric() {
                    problems.push(format!("{what} has hotkey {key:?}; use a letter or digit"));
                } else if !keys.insert(key.to_ascii_lowercase()) {
                    problems.push(format!(
                        "{what} shares its hotkey {key:?} with another relation type"
                    ));
                }
            }
        }
        let mut names = HashSet::new();
        for attribute in &self.attributes {
            let what = format!("attribute {:?}", attribute.name);
            name_problems(&what, &attribute.name, &mut names, &mut problems);
            unknown_tags(what.clone(), &attribute.tags, &mut problems);
            definition_problems(&what, attribute, &mut problems);
        }
        let mut names = HashSet::new();
        for label in &self.labels {
            let what = format!("document label {:?}", label.name);
            name_problems(&what, &label.name, &mut names, &mut problems);
            if !label.tags.is_empty() {
                problems.push(format!(
                    "{what} names tags, but a document label is on the whole document"
                ));
            }
            definition_problems(&what, label, &mut problems);
        }
        unknown_tags("the event types".to_owned(), &self.events, &mut problems);
        problems
    }
}

fn name_problems<'a>(
    what: &str,
    name: &'a str,
    seen: &mut HashSet<&'a str>,
    problems: &mut Vec<String>,
) {
    if name.trim().is_empty() {
        problems.push(format!("{what} has an empty name"));
    } else if let Some(problem) = super::names::tag_name_problem(name) {
        problems.push(format!("{what}: {problem}"));
    }
    if !seen.insert(name) {
        problems.push(format!("{what} is defined twice"));
    }
}

fn definition_problems(what: &str, definition: &AttributeDef, problems: &mut Vec<String>) {
    if let AttributeKind::OneOf(values) = &definition.kind {
        if values.is_empty() {
            problems.push(format!("{what} is one of a list, but the list is empty"));
        }
        let mut seen = HashSet::new();
        for value in values {
            if value.trim().is_empty() {
                problems.push(format!("{what} offers an empty choice"));
            } else if !seen.insert(value) {
                problems.push(format!("{what} offers {value:?} twice"));
            }
        }
    }
    if let Some(default) = &definition.default
        && let Some(problem) = definition.kind.value_problem(default)
    {
        problems.push(format!("{what} has a default that does not fit: {problem}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schema_fits_the_default_tags() {
        let schema = Schema::claims_analysis();
        assert_eq!(schema.problems(&TagSet::default()), Vec::<String>::new());
        let claimant = schema.relation_type("claimant").expect("claimant");
        assert!(claimant.fits("claim", "actor"));
        assert!(!claimant.fits("actor", "claim"));
        let names: Vec<_> = schema
            .attributes_for("claim")
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(names, ["stance", "hedged"]);
    }

    #[test]
    fn values_are_checked_against_their_kind() {
        let stance = AttributeKind::OneOf(vec!["support".into(), "oppose".into()]);
        assert!(stance.parse("support").is_ok());
        assert!(
            stance
                .parse("maybe")
                .expect_err("not a choice")
                .contains("not one of support, oppose")
        );
        assert!(AttributeKind::Date.parse("2021-08").is_ok());
        assert!(AttributeKind::Date.parse("August 2021").is_err());
        assert_eq!(
            AttributeKind::Number.parse(" 0.5 "),
            Ok(AttributeValue::Number(0.5))
        );
        assert!(
            AttributeKind::Number
                .value_problem(&AttributeValue::Number(f64::NAN))
                .is_some()
        );
        assert!(
            AttributeKind::Flag
                .value_problem(&AttributeValue::Text("yes".into()))
                .is_some()
        );
    }

    #[test]
    fn a_symmetric_type_fits_either_way_round() {
        let mut same = RelationType {
            transitive: false,
            name: "same_as".into(),
            from: vec!["actor".into()],
            to: vec!["claim".into()],
            symmetric: false,
            hotkey: None,
            description: String::new(),
        };
        assert!(!same.fits("claim", "actor"));
        same.symmetric = true;
        assert!(same.fits("claim", "actor"));
    }

    #[test]
    fn schema_problems_name_what_is_wrong() {
        let mut schema = Schema::claims_analysis();
        schema.relations[1].hotkey = Some('c');
        schema.relations[2].to = vec!["place".into()];
        schema.attributes[0].kind = AttributeKind::OneOf(vec!["a".into(), "a".into()]);
        schema.labels[0].tags = vec!["claim".into()];
        let problems = schema.problems(&TagSet::default()).join("\n");
        for expected in [
            "relation type \"addressee\" shares its hotkey",
            "relation type \"dated\" names tag \"place\"",
            "attribute \"stance\" offers \"a\" twice",
            "document label \"outlet\" names tags",
        ] {
            assert!(problems.contains(expected), "{expected} in {problems}");
        }
    }
}
