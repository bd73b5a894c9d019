//! doccano-style JSONL: one document per line, offsets in code points of the text exactly
//! as stored. Spans alone go out in doccano's sequence-labelling form,
//! `{"id","text","label":[[start,end,"tag"],...]}`; with links, in its relation-extraction
//! form, `{"id","text","entities":[{"id","label","start_offset","end_offset"}],
//! "relations":[{"id","from_id","to_id","type"}]}`. Both are read.

use std::collections::HashSet;

use serde_json::json;

use crate::model::{AnnotationId, Project, Relation};

use super::outgoing::{Chosen, Progress};

pub fn write(project: &Project, chosen: &[Chosen<'_>], progress: &Progress) -> String {
    let ids: HashSet<_> = chosen
        .iter()
        .flat_map(|c| c.annotations.iter().map(|a| a.id))
        .collect();
    let linked = |id| links_from(project, &ids, id);
    let with_links = ids.iter().any(|&id| !linked(id).is_empty());
    let mut out = String::new();
    for item in chosen {
        progress.written(item);
        let line = if with_links {
            let entities: Vec<serde_json::Value> = item
                .annotations
                .iter()
                .map(|a| {
                    json!({"id": a.id.0, "label": a.tag, "start_offset": a.start, "end_offset": a.end})
                })
                .collect();
            let mut relations: Vec<_> =
                item.annotations.iter().flat_map(|a| linked(a.id)).collect();
            relations.sort_by_key(|r| r.id);
            let relations: Vec<serde_json::Value> = relations
                .into_iter()
                .map(
                    |r| json!({"id": r.id.0, "from_id": r.from.0, "to_id": r.to.0, "type": r.kind}),
                )
                .collect();
            json!({
                "id": item.document.id.0,
                "text": item.document.text().as_str(),
                "entities": entities,
                "relations": relations,
            })
        } else {
            let labels: Vec<serde_json::Value> = item
                .annotations
                .iter()
                .map(|a| json!([a.start, a.end, a.tag]))
                .collect();
            json!({
                "id": item.document.id.0,
                "text": item.document.text().as_str(),
                "label": labels,
            })
        };
        // Where the pages of a PDF start, for a quote to be cited by page (doccano keeps
        // keys it does not know as the document's metadata).
        let mut line = line;
        if !item.document.page_starts.is_empty() {
            line["page_starts"] = json!(item.document.page_starts);
        }
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// Reads doccano JSONL: per line `{"text", "label": [[s, e, "tag"], ...]}` or the newer
/// `{"text", "entities": [{"id", "start_offset", "end_offset", "label"}], "relations":
/// [{"from_id", "to_id", "type"}]}`; `id` when given.
pub fn read(path: &std::path::Path) -> super::import::Read {
    let name = path.display().to_string();
    let stem = path.file_stem().map_or_else(
        || "document".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(&bytes, &name, &stem),
        Err(error) => super::import::Read::failed(format!("{name}: {error}")),
    }
}

/// Reads doccano JSONL from the bytes of a file called `name`; documents without an `id`
/// are called `STEM-LINE`.
pub fn read_bytes(bytes: &[u8], name: &str, stem: &str) -> super::import::Read {
    use super::import::{Incoming, IncomingRelation, IncomingSpan, Read};
    let mut read = Read::default();
    let source = match super::file_text::text_of(bytes, name) {
        Ok(source) => source,
        Err(problem) => return Read::failed(problem),
    };
    for (number, line) in source.lines().enumerate() {
        let at = format!("{name}:{}", number + 1);
        if line.trim().is_empty() {
            continue;
        }
        let record: serde_json::Value = match serde_json::from_str(line) {
            Ok(record) => record,
            Err(error) => {
                read.problems.push(format!("{at}: {error}"));
                continue;
            }
        };
        let Some(text) = record["text"].as_str() else {
            read.problems.push(format!("{at}: no \"text\""));
            continue;
        };
        let id = match &record["id"] {
            serde_json::Value::String(id) => id.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => format!("{stem}-{}", number + 1),
        };
        let mut spans = Vec::new();
        let labels = record["label"].as_array().cloned().unwrap_or_default();
        let entities = record["entities"].as_array().cloned().unwrap_or_default();
        let triples = labels
            .iter()
            .map(|l| (l[0].as_u64(), l[1].as_u64(), l[2].as_str(), String::new()))
            .chain(entities.iter().map(|e| {
                (
                    e["start_offset"].as_u64(),
                    e["end_offset"].as_u64(),
                    e["label"].as_str(),
                    key_of(&e["id"]),
                )
            }));
        for (index, triple) in triples.enumerate() {
            match triple {
                (Some(start), Some(end), Some(tag), key) => spans.push(IncomingSpan {
                    key,
                    layer: None,
                    start: usize::try_from(start).unwrap_or(usize::MAX),
                    end: usize::try_from(end).unwrap_or(usize::MAX),
                    tag: tag.to_owned(),
                    note: String::new(),
                    quote: None,
                    at: format!("{at} (label {})", index + 1),
                    ..IncomingSpan::default()
                }),
                _ => read.problems.push(format!(
                    "{at}: label {} is not [start, end, \"tag\"]",
                    index + 1
                )),
            }
        }
        let relations = record["relations"].as_array().cloned().unwrap_or_default();
        let relations = relations
            .iter()
            .enumerate()
            .filter_map(|(index, r)| {
                let kind = r["type"].as_str();
                let (from, to) = (key_of(&r["from_id"]), key_of(&r["to_id"]));
                if kind.is_none() || from.is_empty() || to.is_empty() {
                    read.problems.push(format!(
                        "{at}: relation {} has no from_id, to_id and type",
                        index + 1
                    ));
                    return None;
                }
                Some(IncomingRelation {
                    kind: kind.unwrap_or_default().to_owned(),
                    from,
                    to,
                    note: String::new(),
                    at: format!("{at} (relation {})", index + 1),
                })
            })
            .collect();
        read.documents.push(Incoming {
            relations,
            title: super::plain_text::title_of(text).unwrap_or_else(|| id.clone()),
            source: format!("{name}:{}", number + 1),
            id,
            text: Some(text.to_owned()),
            spans,
            ..Incoming::default()
        });
    }
    read
}

/// The links from `id` to annotations among `ids`.
fn links_from<'a>(
    project: &'a Project,
    ids: &HashSet<AnnotationId>,
    id: AnnotationId,
) -> Vec<&'a Relation> {
    let mut links = project.relations().of(id);
    links.retain(|r| r.from == id && ids.contains(&r.to));
    links
}

/// An entity's id as a key relations name it by: a number or a string; empty for none.
fn key_of(id: &serde_json::Value) -> String {
    match id {
        serde_json::Value::String(id) => id.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}
