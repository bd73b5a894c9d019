//! brat's `annotation.conf`, both ways: tags are `[entities]`, relation types
//! `[relations]` (with their argument tags, `<REL-TYPE>:symmetric` for a symmetric one),
//! flag and one-of-a-list attributes `[attributes]`. brat has no free-text, number or
//! date attributes and no document labels: writing says so in comments and in the report,
//! reading reports what it cannot hold (events, macros).

use std::fmt::Write as _;

use crate::edit::Command;
use crate::model::{AttributeDef, AttributeKind, Project, RelationType, Schema, Tag};

/// brat's "any entity type" in an argument list.
const ANY_ENTITY: &str = "<ENTITY>";

/// The configuration text for `project`'s tags and schema, and what it could not hold.
pub fn write(project: &Project) -> (String, Vec<String>) {
    let schema = project.schema();
    let mut out = String::from("# Written by Annotary from the project's tags and schema.\n");
    let mut lost = Vec::new();
    out.push_str("\n[entities]\n\n");
    for tag in &project.tags().tags {
        let _ = writeln!(out, "{}", tag.name);
    }
    out.push_str("\n[relations]\n\n");
    for relation in &schema.relations {
        let arguments = |tags: &[String]| {
            if tags.is_empty() {
                ANY_ENTITY.to_owned()
            } else {
                tags.join("|")
            }
        };
        let _ = write!(
            out,
            "{}\tArg1:{}, Arg2:{}",
            relation.name,
            arguments(&relation.from),
            arguments(&relation.to)
        );
        if relation.symmetric {
            out.push_str(", <REL-TYPE>:symmetric");
        }
        out.push('\n');
    }
    out.push_str("\n[events]\n\n[attributes]\n\n");
    for attribute in &schema.attributes {
        let arguments = if attribute.tags.is_empty() {
            ANY_ENTITY.to_owned()
        } else {
            attribute.tags.join("|")
        };
        match &attribute.kind {
            AttributeKind::Flag => {
                let _ = writeln!(out, "{}\tArg:{arguments}", attribute.name);
            }
            AttributeKind::OneOf(values) => {
                let _ = writeln!(
                    out,
                    "{}\tArg:{arguments}, Value:{}",
                    attribute.name,
                    values.join("|")
                );
            }
            kind => {
                let _ = writeln!(
                    out,
                    "# {} ({}) on {arguments}: brat has no such attribute",
                    attribute.name,
                    kind.name()
                );
                lost.push(format!(
                    "attribute {:?} is {} ({}), which brat's annotation.conf cannot declare",
                    attribute.name,
                    match kind {
                        AttributeKind::Date => "a date",
                        AttributeKind::Number => "a number",
                        _ => "free text",
                    },
                    kind.name()
                ));
            }
        }
    }
    for label in &schema.labels {
        let _ = writeln!(
            out,
            "# document label {} ({}): brat has no document labels",
            label.name,
            label.kind.name()
        );
    }
    if !schema.labels.is_empty() {
        lost.push(format!(
            "{} document label types, which brat's annotation.conf cannot declare",
            schema.labels.len()
        ));
    }
    (out, lost)
}

/// What reading a configuration gave: the change that makes the project's tags and
/// schema hold it (one undo step), and what it could not carry.
#[derive(Debug, Default)]
pub struct ReadConf {
    pub command: Option<Command>,
    pub tags_added: Vec<String>,
    pub relation_types: usize,
    pub attributes: usize,
    pub problems: Vec<String>,
}

/// Reads `text` (from `name`, for messages) against `project`: its entity types become
/// tags (new ones added), its relation types and attributes replace those of the same
/// name in the schema and join the rest; document labels stay as they are.
pub fn read(text: &str, name: &str, project: &Project) -> ReadConf {
    let mut conf = ReadConf::default();
    let mut schema: Schema = project.schema().clone();
    let mut entities: Vec<String> = Vec::new();
    let mut section = "";
    // Where the event types begin, and how many there are: said once, not line by line.
    let mut events: Option<(String, usize)> = None;
    for (n, raw) in text.lines().enumerate() {
        let at = format!("{name}:{}", n + 1);
        let line = raw.trim_end();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            section = match heading {
                // `[spans]` is what older brat configurations call it.
                "entities" | "spans" => "entities",
                "relations" => "relations",
                "events" => "events",
                "attributes" => "attributes",
                other => {
                    conf.problems
                        .push(format!("{at}: unknown section [{other}] skipped"));
                    "skip"
                }
            };
            continue;
        }
        match section {
            // Indentation is brat's hierarchy and `!` marks a type only for grouping.
            "entities" => {
                let entity = trimmed.trim_start_matches('!').to_owned();
                if !trimmed.starts_with('!') && !entities.contains(&entity) {
                    entities.push(entity);
                }
            }
            "relations" => match relation_line(trimmed) {
                Ok(Some(relation)) => {
                    conf.relation_types += 1;
                    replace_or_push(&mut schema.relations, relation, |r| &r.name);
                }
                Ok(None) => {}
                Err(why) => conf.problems.push(format!("{at}: {why}")),
            },
            "attributes" => match attribute_line(trimmed) {
                Ok(attribute) => {
                    conf.attributes += 1;
                    replace_or_push(&mut schema.attributes, attribute, |a| &a.name);
                }
                Err(why) => conf.problems.push(format!("{at}: {why}")),
            },
            "events" => {
                if events.is_none() {
                    events = Some((at.clone(), 0));
                }
                if let Some((_, count)) = events.as_mut()
                    && !trimmed.starts_with('!')
                    && !trimmed.starts_with('<')
                {
                    *count += 1;
                }
            }
            _ => {}
        }
    }
    // Older configurations write `Span` for any span type, as `<ENTITY>` is now.
    if !entities.iter().any(|e| e == "Span") && !project.tags().contains("Span") {
        let any_span = |tags: &mut Vec<String>| {
            if tags.iter().any(|t| t == "Span") {
                tags.clear();
            }
        };
        for relation in &mut schema.relations {
            any_span(&mut relation.from);
            any_span(&mut relation.to);
        }
        for attribute in &mut schema.attributes {
            any_span(&mut attribute.tags);
        }
    }
    if let Some((at, count)) = events.filter(|(_, count)| *count > 0) {
        conf.problems.push(format!(
            "{at}: {} not read: Annotary does not hold events yet",
            crate::model::counted(count, "event type")
        ));
    }
    let mut commands = Vec::new();
    for (n, entity) in entities
        .iter()
        .filter(|e| !project.tags().contains(e))
        .enumerate()
    {
        if let Some(problem) = crate::model::names::tag_name_problem(entity) {
            conf.problems
                .push(format!("{name}: entity type {entity:?}: {problem}"));
            continue;
        }
        commands.push(Command::AddTag {
            index: project.tags().tags.len() + n,
            tag: Tag {
                name: entity.clone(),
                colour: super::import::PALETTE[n % super::import::PALETTE.len()],
                hotkey: None,
                description: "From annotation.conf".to_owned(),
            },
        });
        conf.tags_added.push(entity.clone());
    }
    if &schema != project.schema() {
        commands.push(Command::SetSchema(schema));
    }
    conf.command = (!commands.is_empty()).then_some(Command::Batch(commands));
    conf
}

fn replace_or_push<T>(list: &mut Vec<T>, item: T, name: impl Fn(&T) -> &String) {
    match list.iter().position(|x| name(x) == name(&item)) {
        Some(at) => list[at] = item,
        None => list.push(item),
    }
}

/// `claimant  Arg1:claim, Arg2:actor|person[, <REL-TYPE>:symmetric]`; a macro definition
/// (`<ACTOR>=actor|person`) is skipped with a reason.
fn relation_line(line: &str) -> Result<Option<RelationType>, String> {
    let (name, rest) = split_name(line)?;
    if name.starts_with('<') {
        return Err(format!(
            "macro {name:?} not read: write its types out in full"
        ));
    }
    let mut relation = RelationType {
        name: name.to_owned(),
        from: Vec::new(),
        to: Vec::new(),
        symmetric: false,
        hotkey: None,
        description: String::new(),
    };
    for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = part
            .split_once(':')
            .ok_or_else(|| format!("relation {name:?}: {part:?} is not KEY:VALUE"))?;
        match key.trim() {
            "Arg1" => relation.from = tags_of(value),
            "Arg2" => relation.to = tags_of(value),
            "<REL-TYPE>" => relation.symmetric = value.contains("symmetric"),
            other => {
                return Err(format!(
                    "relation {name:?}: {other:?} is not read (Arg1, Arg2 and <REL-TYPE> are)"
                ));
            }
        }
    }
    Ok(Some(relation))
}

/// `stance  Arg:claim, Value:support|oppose|neutral`, or `hedged  Arg:claim` for a flag.
fn attribute_line(line: &str) -> Result<AttributeDef, String> {
    let (name, rest) = split_name(line)?;
    let mut attribute = AttributeDef {
        name: name.to_owned(),
        kind: AttributeKind::Flag,
        tags: Vec::new(),
        default: None,
        description: String::new(),
    };
    for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = part
            .split_once(':')
            .ok_or_else(|| format!("attribute {name:?}: {part:?} is not KEY:VALUE"))?;
        match key.trim() {
            "Arg" => {
                if let Some(other) = value
                    .split('|')
                    .map(str::trim)
                    .find(|t| t.starts_with('<') && *t != ANY_ENTITY)
                {
                    return Err(format!(
                        "attribute {name:?} is on {other}, which Annotary does not hold yet"
                    ));
                }
                attribute.tags = tags_of(value);
            }
            "Value" => {
                let values = value
                    .split('|')
                    .map(|v| v.trim().to_owned())
                    .filter(|v| !v.is_empty())
                    .collect();
                attribute.kind = AttributeKind::OneOf(values);
            }
            other => return Err(format!("attribute {name:?}: {other:?} is not read")),
        }
    }
    Ok(attribute)
}

/// The name before the first tab or run of spaces, and the rest.
fn split_name(line: &str) -> Result<(&str, &str), String> {
    let name_end = line.find(char::is_whitespace).unwrap_or(line.len());
    let (name, rest) = line.split_at(name_end);
    if name.is_empty() {
        return Err("a line without a type name".to_owned());
    }
    Ok((name, rest.trim()))
}

/// `claim|actor` as tags; `<ENTITY>` (any) as none.
fn tags_of(value: &str) -> Vec<String> {
    value
        .split('|')
        .map(str::trim)
        .filter(|t| !t.is_empty() && *t != ANY_ENTITY)
        .map(str::to_owned)
        .collect()
}
