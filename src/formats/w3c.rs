//! W3C Web Annotation JSON-LD: one `AnnotationCollection` with its first page holding every
//! annotation. The tag is a `tagging` body, the note a `commenting` body; each target has a
//! TextPositionSelector (code points) and a TextQuoteSelector with prefix and suffix, so the
//! annotation can be found again if the text changes.

use serde_json::{Value, json};

use crate::model::{Annotation, Project, Text};

use super::export::Chosen;

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

fn annotation(a: &Annotation, text: &Text, source: &str) -> Value {
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
    json!({
        // Repeated on each annotation so that one taken out of the collection stands alone.
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("urn:annotary:annotation:{}", a.id),
        "type": "Annotation",
        "created": a.created.to_string(),
        "modified": a.modified.to_string(),
        "creator": {"type": "Person", "name": a.layer},
        "body": bodies,
        "target": {
            "source": document_iri(&a.document.0, source),
            "selector": [
                {"type": "TextPositionSelector", "start": a.start, "end": a.end},
                {
                    "type": "TextQuoteSelector",
                    "exact": a.quote,
                    "prefix": text.slice(a.start.saturating_sub(CONTEXT), a.start),
                    "suffix": text.slice(a.end, (a.end + CONTEXT).min(text.char_len())),
                },
            ],
        },
    })
}

pub fn write(project: &Project, chosen: &[Chosen<'_>]) -> String {
    let items: Vec<Value> = chosen
        .iter()
        .flat_map(|c| {
            c.annotations
                .iter()
                .map(|a| annotation(a, c.document.text(), &c.document.source))
        })
        .collect();
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
