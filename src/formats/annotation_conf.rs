//! brat's `annotation.conf`, both ways: tags are `[entities]`, relation types
//! `[relations]` (with their argument tags, `<REL-TYPE>:symmetric-transitive` for groups of
//! equals), event types and their roles `[events]`, flag and one-of-a-list attributes
//! `[attributes]`. brat has no free-text, number or date attributes and no document
//! labels: writing says so in comments and in the report.

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
    for tag in project
        .tags()
        .tags
        .iter()
        .filter(|t| !schema.is_event(&t.name))
    {
        let _ = writeln!(out, "{}", tag.name);
    }
    let arguments = |tags: &[String]| {
        if tags.is_empty() {
            ANY_ENTITY.to_owned()
        } else {
            tags.join("|")
        }
    };
    // A type every source of which is an event is one of their roles, declared with them.
    let is_role =
        |r: &RelationType| !r.from.is_empty() && r.from.iter().all(|t| schema.is_event(t));
    out.push_str("\n[relations]\n\n");
    for relation in schema.relations.iter().filter(|r| !is_role(r)) {
        let _ = write!(
            out,
            "{}\tArg1:{}, Arg2:{}",
            relation.name,
            arguments(&relation.from),
            arguments(&relation.to)
        );
        match (relation.symmetric, relation.transitive) {
            (true, true) => out.push_str(", <REL-TYPE>:symmetric-transitive"),
            (true, false) => out.push_str(", <REL-TYPE>:symmetric"),
            _ => {}
        }
        out.push('\n');
    }
    out.push_str("\n[events]\n\n");
    for event in &schema.events {
        let roles: Vec<String> = schema
            .relations
            .iter()
            .filter(|r| is_role(r) && r.from.contains(event))
            // Any number of each: the schema does not count a role's uses.
            .map(|r| format!("{}*:{}", r.name, arguments(&r.to)))
            .collect();
        let _ = writeln!(out, "{event}\t{}", roles.join(", "));
    }
    out.push_str("\n[attributes]\n\n");
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
            AttributeKind::Reference => {
                let _ = writeln!(
                    out,
                    "# {} (reference) on {arguments}: written as normalisations (N lines)",
                    attribute.name
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

/// What a configuration declares, on its own: its entity and event types (tags, in
/// order), the schema (event roles are relation types from the event types) and what it
/// could not read.
#[derive(Debug, Default)]
pub struct Declared {
    pub tags: Vec<String>,
    pub schema: Schema,
    pub problems: Vec<String>,
}

/// Reads a configuration `text` (from `name`, for messages). Macros (`<POG>=Person|GPE`)
/// are expanded, `<EVENT>` names every event type and `<ENTITY>` any tag; a type declared
/// on several lines (`Equiv` for proteins, `Equiv` for chemicals) takes the tags of all.
pub fn parse(text: &str, name: &str) -> Declared {
    let mut declared = Declared::default();
    let mut macros: Vec<(String, String)> = Vec::new();
    // Argument lists are expanded once every event type and macro is known.
    let mut relations: Vec<(RelationType, String, String)> = Vec::new();
    let mut attributes: Vec<(AttributeDef, String)> = Vec::new();
    let mut section = "";
    for (n, raw) in text.lines().enumerate() {
        let at = format!("{name}:{}", n + 1);
        let trimmed = raw.trim();
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
                    declared
                        .problems
                        .push(format!("{at}: unknown section [{other}] skipped"));
                    "skip"
                }
            };
            continue;
        }
        if let Some((macro_name, value)) = trimmed.split_once('=')
            && macro_name.starts_with('<')
        {
            macros.push((macro_name.trim().to_owned(), value.trim().to_owned()));
            continue;
        }
        // `!` marks a type only for grouping (brat's hierarchy is the indentation), and a
        // line of dashes is a separator.
        if trimmed.starts_with('!') || trimmed.chars().all(|c| c == '-') || section == "skip" {
            continue;
        }
        let parsed = match section {
            "entities" => {
                let entity = split_name(trimmed).map_or("", |(name, _)| name);
                push_new(&mut declared.tags, entity);
                Ok(())
            }
            "relations" => relation_line(trimmed).map(|r| relations.extend(r)),
            "events" => event_line(trimmed).map(|(event, roles)| {
                push_new(&mut declared.tags, &event);
                push_new(&mut declared.schema.events, &event);
                relations.extend(roles);
            }),
            "attributes" => attribute_line(trimmed).map(|a| attributes.push(a)),
            _ => Ok(()),
        };
        if let Err(why) = parsed {
            declared.problems.push(format!("{at}: {why}"));
        }
    }
    let events = declared.schema.events.clone();
    let expand = |value: &str| expand(value, &macros, &events);
    let mut expanded = Schema::default();
    for (mut relation, from, to) in relations {
        relation.from = expand(&from);
        relation.to = expand(&to);
        expanded.relations.push(relation);
    }
    for (mut attribute, on) in attributes {
        attribute.tags = expand(&on);
        expanded.attributes.push(attribute);
    }
    // A type declared on several lines takes the tags of all.
    declared.schema.join(expanded);
    any_span_means_any(&mut declared);
    declared
}

/// Older configurations write `Span` for any span type, as `<ENTITY>` is now.
fn any_span_means_any(declared: &mut Declared) {
    if declared.tags.iter().any(|e| e == "Span") {
        return;
    }
    let any_span = |tags: &mut Vec<String>| {
        if tags.iter().any(|t| t == "Span") {
            tags.clear();
        }
    };
    for relation in &mut declared.schema.relations {
        any_span(&mut relation.from);
        any_span(&mut relation.to);
    }
    for attribute in &mut declared.schema.attributes {
        any_span(&mut attribute.tags);
    }
}

fn push_new(list: &mut Vec<String>, name: &str) {
    if !name.is_empty() && !list.iter().any(|n| n == name) {
        list.push(name.to_owned());
    }
}

/// `Protein|<EVENT>|<POG>` as tags: macros expanded, `<EVENT>` as every event type,
/// `<ENTITY>` or `<ANY>` as any tag (an empty list).
fn expand(value: &str, macros: &[(String, String)], events: &[String]) -> Vec<String> {
    let mut tags = Vec::new();
    let mut todo: Vec<String> = value.split('|').map(|t| t.trim().to_owned()).collect();
    let mut expansions = 0;
    while let Some(tag) = todo.pop() {
        match tag.as_str() {
            "" => {}
            ANY_ENTITY | "<ANY>" => return Vec::new(),
            "<EVENT>" => events.iter().for_each(|e| push_new(&mut tags, e)),
            other => match macros.iter().find(|(name, _)| name == other) {
                // A macro that names itself would never end: each expands a bounded number of times.
                Some((_, body)) if expansions < 64 => {
                    expansions += 1;
                    todo.extend(body.split('|').map(|t| t.trim().to_owned()));
                }
                _ => push_new(&mut tags, other),
            },
        }
    }
    tags.sort();
    tags
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

/// Reads `text` (from `name`, for messages) against `project`: its entity and event types
/// become tags (new ones added), its relation types, event roles, event types and
/// attributes replace those of the same name in the schema and join the rest; document
/// labels stay as they are.
pub fn read(text: &str, name: &str, project: &Project) -> ReadConf {
    let declared = parse(text, name);
    let mut conf = ReadConf {
        relation_types: declared.schema.relations.len(),
        attributes: declared.schema.attributes.len(),
        problems: declared.problems,
        ..ReadConf::default()
    };
    let mut schema: Schema = project.schema().clone();
    for relation in declared.schema.relations {
        replace_or_push(&mut schema.relations, relation, |r| &r.name);
    }
    for attribute in declared.schema.attributes {
        replace_or_push(&mut schema.attributes, attribute, |a| &a.name);
    }
    for event in &declared.schema.events {
        push_new(&mut schema.events, event);
    }
    let mut commands = Vec::new();
    let mut colours = crate::model::colour_vision::NewTagColours::after(project.tags());
    for (n, entity) in declared
        .tags
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
                colour: colours.next(None),
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

/// A relation type with its argument lists as written (`Arg1:claim|<ACTOR>`), to expand.
type RawRelation = (RelationType, String, String);

/// `claimant  Arg1:claim, Arg2:actor|person[, <REL-TYPE>:symmetric-transitive]`.
fn relation_line(line: &str) -> Result<Option<RawRelation>, String> {
    let (name, rest) = split_name(line)?;
    let mut relation = new_relation(name);
    let (mut from, mut to) = (String::new(), String::new());
    for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = part
            .split_once(':')
            .ok_or_else(|| format!("relation {name:?}: {part:?} is not KEY:VALUE"))?;
        match key.trim() {
            "Arg1" => from = value.to_owned(),
            "Arg2" => to = value.to_owned(),
            "<REL-TYPE>" => {
                relation.symmetric = value.contains("symmetric");
                relation.transitive = value.contains("transitive");
            }
            other => {
                return Err(format!(
                    "relation {name:?}: {other:?} is not read (Arg1, Arg2 and <REL-TYPE> are)"
                ));
            }
        }
    }
    Ok(Some((relation, from, to)))
}

fn new_relation(name: &str) -> RelationType {
    RelationType {
        name: name.to_owned(),
        from: Vec::new(),
        to: Vec::new(),
        symmetric: false,
        transitive: false,
        hotkey: None,
        description: String::new(),
    }
}

/// `Binding  Theme+:Protein, Site*:Entity`: the event type, and each role as a relation
/// type from it (`+`, `?`, `*` and `{1-4}` say how often a role may come; Annotary does
/// not count them).
fn event_line(line: &str) -> Result<(String, Vec<RawRelation>), String> {
    let (name, rest) = split_name(line)?;
    let mut roles = Vec::new();
    for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (role, value) = part
            .split_once(':')
            .ok_or_else(|| format!("event {name:?}: {part:?} is not ROLE:TYPES"))?;
        let role = role.trim();
        if role.starts_with('<') {
            continue;
        }
        let role = role
            .split('{')
            .next()
            .unwrap_or_default()
            .trim_end_matches(['?', '*', '+']);
        roles.push((new_relation(role), name.to_owned(), value.to_owned()));
    }
    Ok((name.to_owned(), roles))
}

/// `stance  Arg:claim, Value:support|oppose|neutral`, or `hedged  Arg:claim` for a flag;
/// with what its `Arg` names, to expand.
fn attribute_line(line: &str) -> Result<(AttributeDef, String), String> {
    let (name, rest) = split_name(line)?;
    let mut attribute = AttributeDef {
        name: name.to_owned(),
        kind: AttributeKind::Flag,
        tags: Vec::new(),
        default: None,
        description: String::new(),
    };
    let mut on = String::new();
    for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = part
            .split_once(':')
            .ok_or_else(|| format!("attribute {name:?}: {part:?} is not KEY:VALUE"))?;
        match key.trim() {
            "Arg" => {
                if value.contains("<RELATION>") {
                    return Err(format!(
                        "attribute {name:?} is on relations, which carry no attributes in Annotary"
                    ));
                }
                on = value.to_owned();
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
    Ok((attribute, on))
}

/// The name before the first tab or run of spaces, and the rest. A name's other names
/// after `|` (`DNA_methylation|GO:0006306`) are not kept.
fn split_name(line: &str) -> Result<(&str, &str), String> {
    let name_end = line.find(char::is_whitespace).unwrap_or(line.len());
    let (name, rest) = line.split_at(name_end);
    let name = name.split('|').next().unwrap_or_default();
    if name.is_empty() {
        return Err("a line without a type name".to_owned());
    }
    Ok((name, rest.trim()))
}
