//! doccano-style JSONL: one document per line, `{"id","text","label":[[start,end,"tag"],...]}`,
//! offsets in code points of the text exactly as stored.

use serde_json::json;

use super::export::Chosen;

pub fn write(chosen: &[Chosen<'_>]) -> String {
    let mut out = String::new();
    for item in chosen {
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
