//! W3C Web Annotation JSON-LD: one `AnnotationCollection` with its first page holding every
//! annotation. The tag is a `tagging` body, the note a `commenting` body; each target has a
//! TextPositionSelector (code points) and a TextQuoteSelector with prefix and suffix, so the
//! annotation can be found again if the text changes.

use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::model::{Annotation, Project, Text};

use super::outgoing::{Chosen, Progress};

/// The annotations of a collection (its first page), a page, a list or one annotation, as
/// slices of `source`.
fn annotations_in(source: &str) -> Result<Vec<&RawValue>, serde_json::Error> {
    #[derive(serde::Deserialize)]
    struct Page<'a> {
        #[serde(borrow, default)]
        first: Option<&'a RawValue>,
        #[serde(borrow, default)]
        items: Option<Vec<&'a RawValue>>,
    }
    if source.trim_start().starts_with('[') {
        return serde_json::from_str(source);
    }
    let page: Page = serde_json::from_str(source)?;
    // `first` may be the page itself or only its IRI.
    let first = page
        .first
        .and_then(|first| serde_json::from_str::<Page>(first.get()).ok())
        .and_then(|first| first.items);
    match first.or(page.items) {
        Some(items) => Ok(items),
        None => Ok(vec![serde_json::from_str(source)?]),
    }
}

/// Characters of context kept before and after a quote.
const CONTEXT: usize = 32;

/// An IRI for a document: a URL if its source is one, else a URN from its id.
pub fn document_iri(id: &str, source: &str) -> String {
    if source.starts_with("http://") || source.starts_with("https://") {
        source.to_owned()
    } else {
        format!("urn:annotary:document:{id}")
    }
}

/// One target of a span: its source and where in it, by position and by quote.
fn target(text: &Text, source: &str, (start, end): (usize, usize)) -> Value {
    json!({
        "source": source,
        "selector": [
            {"type": "TextPositionSelector", "start": start, "end": end},
            {
                "type": "TextQuoteSelector",
                "exact": text.slice(start, end),
                "prefix": text.slice(start.saturating_sub(CONTEXT), start),
                "suffix": text.slice(end, (end + CONTEXT).min(text.char_len())),
            },
        ],
    })
}

fn annotation(project: &Project, a: &Annotation, text: &Text, source: &str) -> Value {
    let mut bodies = vec![json!({
        "type": "TextualBody",
        "purpose": "tagging",
        "value": a.tag,
    })];
    if !a.note.is_empty() {
        bodies.push(json!({
            "type": "TextualBody",
            "purpose": "commenting",
            "value": a.note,
            "format": "text/plain",
        }));
    }
    bodies.extend(super::w3c_coding::attribute_bodies(project, a));
    let source = document_iri(&a.document.0, source);
    // A discontinuous annotation has a target per piece.
    let targets: Vec<Value> = a
        .pieces()
        .map(|piece| target(text, &source, piece))
        .collect();
    let target = match <[Value; 1]>::try_from(targets) {
        Ok([one]) => one,
        Err(several) => Value::Array(several),
    };
    json!({
        // Repeated on each annotation so that one taken out of the collection stands alone.
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("urn:annotary:annotation:{}", a.id),
        "type": "Annotation",
        "created": a.created.to_string(),
        "modified": a.modified.to_string(),
        "creator": {"type": "Person", "name": a.layer},
        "body": bodies,
        "target": target,
    })
}

pub fn write(project: &Project, chosen: &[Chosen<'_>], progress: &Progress) -> String {
    let mut items: Vec<Value> = Vec::new();
    let written = super::outgoing::layers_written(chosen);
    for c in chosen {
        progress.written(c);
        let text = c.document.text();
        let spans = c.annotations.iter();
        items.extend(spans.map(|a| annotation(project, a, text, &c.document.source)));
        let ids: std::collections::HashSet<_> = c.annotations.iter().map(|a| a.id).collect();
        for a in &c.annotations {
            for r in project.relations().of(a.id) {
                if r.from == a.id && ids.contains(&r.to) {
                    items.push(super::w3c_coding::relation(r, &a.layer));
                }
            }
        }
        let iri = document_iri(&c.document.id.0, &c.document.source);
        for &layer in &written {
            let labels = project.labels_of(&c.document.id, layer);
            items.extend(super::w3c_coding::labels(project, &iri, layer, labels));
        }
    }
    let collection = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:annotary:collection",
        "type": "AnnotationCollection",
        "label": project.title,
        "total": items.len(),
        "first": {
            "id": "urn:annotary:collection:page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    let mut out = serde_json::to_string_pretty(&collection).unwrap_or_default();
    out.push('\n');
    out
}

/// Reads W3C Web Annotations: a collection (its first page), a page, a list or one
/// annotation. The target's TextPositionSelector gives the offsets and its
/// TextQuoteSelector the quote they must cover; the `tagging` body is the tag and a
/// `commenting` body the note. The text is not in the file: documents must be in the
/// project, named by `urn:annotary:document:ID` or by their source.
pub fn read(path: &std::path::Path, project: &Project) -> super::import::Read {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(&bytes, &name, project),
        Err(error) => super::import::Read::failed(format!("{name}: {error}")),
    }
}

/// Reads W3C Web Annotations from the bytes of a file called `name`.
pub fn read_bytes(bytes: &[u8], name: &str, project: &Project) -> super::import::Read {
    use super::import::Read;
    let mut read = Read::default();
    let name = name.to_owned();
    let source = match super::file_text::text_of(bytes, &name) {
        Ok(source) => source,
        Err(problem) => return Read::failed(problem),
    };
    let items = match annotations_in(source) {
        Ok(items) => items,
        Err(error) => {
            read.problems.push(format!(
                "{name}:{}:{}: {error}",
                error.line(),
                error.column()
            ));
            return read;
        }
    };
    let by_source: std::collections::HashMap<&str, &str> = project
        .documents()
        .iter()
        .rev()
        .map(|d| (d.source.as_str(), d.id.0.as_str()))
        .collect();
    let mut links = Vec::new();
    let mut document_of_key: std::collections::HashMap<String, String> =
        std::collections::HashMap::new();
    for (index, raw) in items.iter().enumerate() {
        // One annotation parsed at a time, from its slice of the file: the file is held
        // once, never as a whole tree of values (16 times its size).
        let item: Value = match serde_json::from_str(raw.get()) {
            Ok(item) => item,
            Err(error) => {
                read.problems
                    .push(format!("{name}: annotation #{}: {error}", index + 1));
                continue;
            }
        };
        let item = &item;
        let label = item["id"]
            .as_str()
            .map_or_else(|| format!("#{}", index + 1), str::to_owned);
        let at = format!("{name}: annotation {label}");
        let document_of = |source: &str| {
            source
                .strip_prefix("urn:annotary:document:")
                .or_else(|| by_source.get(source).copied())
                .unwrap_or(source)
                .to_owned()
        };
        if item["motivation"] == "linking" {
            match super::w3c_coding::read_relation(item, &at) {
                Ok(relation) => links.push(relation),
                Err(problem) => read.problems.push(problem),
            }
            continue;
        }
        if let Some(document) = item["target"].as_str() {
            let labels = super::w3c_coding::read_labels(item, &at);
            read.text_less(document_of(document), &name)
                .labels
                .extend(labels);
            continue;
        }
        let (id, span) = match read_span(item, at, &document_of) {
            Ok(found) => found,
            Err(problem) => {
                read.problems.push(problem);
                continue;
            }
        };
        document_of_key.insert(span.key.clone(), id.clone());
        read.add_to(id, &name, span);
    }
    // Each link goes with the document of the annotation it starts from.
    for link in links {
        match document_of_key.get(&link.from) {
            Some(document) => read.text_less(document.clone(), &name).relations.push(link),
            None => read.problems.push(format!(
                "{}: the link starts from {}, which is no annotation of this file",
                link.at, link.from
            )),
        }
    }
    read
}

/// One span's annotation: the document it is on, by `document_of` its target's source,
/// and the span (its pieces when it has several targets in that document).
fn read_span(
    item: &Value,
    at: String,
    document_of: &dyn Fn(&str) -> String,
) -> Result<(String, super::import::IncomingSpan), String> {
    let targets: Vec<&Value> = match &item["target"] {
        Value::Array(list) => list.iter().collect(),
        one => vec![one],
    };
    let Some(target) = targets.first().copied() else {
        return Err(format!("{at}: no target"));
    };
    let source = target["source"].as_str().unwrap_or_default();
    let id = document_of(source);
    let position_of = |target: &Value| {
        let selectors: Vec<Value> = match &target["selector"] {
            Value::Array(list) => list.clone(),
            one => vec![one.clone()],
        };
        selectors
            .into_iter()
            .find(|s| s["type"] == "TextPositionSelector")
    };
    let selectors: Vec<&Value> = match &target["selector"] {
        Value::Array(list) => list.iter().collect(),
        one => vec![one],
    };
    let position = position_of(target);
    let quote = selectors
        .iter()
        .find(|s| s["type"] == "TextQuoteSelector")
        .and_then(|s| s["exact"].as_str());
    let bodies: Vec<&Value> = match &item["body"] {
        Value::Array(list) => list.iter().collect(),
        Value::Null => Vec::new(),
        one => vec![one],
    };
    let tag = bodies
        .iter()
        .find(|b| b["purpose"] == "tagging")
        .or_else(|| bodies.first())
        .and_then(|b| b["value"].as_str());
    let note = bodies
        .iter()
        .find(|b| b["purpose"] == "commenting")
        .and_then(|b| b["value"].as_str())
        .unwrap_or_default();
    let (Some(position), Some(tag)) = (position, tag) else {
        return Err(format!(
            "{at}: needs a TextPositionSelector and a tag (a tagging body)"
        ));
    };
    let (Some(start), Some(end)) = (position["start"].as_u64(), position["end"].as_u64()) else {
        return Err(format!(
            "{at}: the TextPositionSelector needs start and end"
        ));
    };
    let offset = |n: Option<u64>| {
        n.and_then(|n| usize::try_from(n).ok())
            .unwrap_or(usize::MAX)
    };
    // Several targets in one document are the pieces of one discontinuous span.
    let mut fragments: Vec<(usize, usize)> = targets
        .iter()
        .filter(|t| t["source"].as_str() == Some(source))
        .filter_map(|t| position_of(t))
        .map(|p| (offset(p["start"].as_u64()), offset(p["end"].as_u64())))
        .collect();
    fragments.sort_unstable();
    let (start, end) = match (fragments.len(), fragments.first(), fragments.last()) {
        (2.., Some(first), Some(last)) => (first.0, last.1),
        _ => (offset(Some(start)), offset(Some(end))),
    };
    if fragments.len() < 2 {
        fragments.clear();
    }
    let attributes = bodies
        .iter()
        .filter_map(|b| super::w3c_coding::attribute_value(b))
        .map(|(name, value)| (name, crate::model::AttributeValue::Text(value)))
        .collect();
    let span = super::import::IncomingSpan {
        layer: None,
        start,
        end,
        tag: tag.to_owned(),
        note: note.to_owned(),
        // The quote of a discontinuous span is its pieces'; the merge checks each.
        quote: quote.filter(|_| fragments.is_empty()).map(str::to_owned),
        at,
        key: item["id"].as_str().unwrap_or_default().to_owned(),
        fragments,
        attributes,
    };
    Ok((id, span))
}
