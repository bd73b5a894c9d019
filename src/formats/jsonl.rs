//! doccano-style JSONL: one document per line, `{"id","text","label":[[start,end,"tag"],...]}`,
//! offsets in code points of the text exactly as stored.

use serde_json::json;

use super::outgoing::{Chosen, Progress};

pub fn write(chosen: &[Chosen<'_>], progress: &Progress) -> String {
    let mut out = String::new();
    for item in chosen {
        progress.written(item);
        let labels: Vec<serde_json::Value> = item
            .annotations
            .iter()
            .map(|a| json!([a.start, a.end, a.tag]))
            .collect();
        let line = json!({
            "id": item.document.id.0,
            "text": item.document.text().as_str(),
            "label": labels,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// Reads doccano JSONL: per line `{"text", "label": [[s, e, "tag"], ...]}` or the newer
/// `{"text", "entities": [{"start_offset", "end_offset", "label"}]}`; `id` when given.
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
    use super::import::{Incoming, IncomingSpan, Read};
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
            .map(|l| (l[0].as_u64(), l[1].as_u64(), l[2].as_str()))
            .chain(entities.iter().map(|e| {
                (
                    e["start_offset"].as_u64(),
                    e["end_offset"].as_u64(),
                    e["label"].as_str(),
                )
            }));
        for (index, triple) in triples.enumerate() {
            match triple {
                (Some(start), Some(end), Some(tag)) => spans.push(IncomingSpan {
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
        read.documents.push(Incoming {
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
