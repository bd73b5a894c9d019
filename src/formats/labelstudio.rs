//! Label Studio: a folder with `tasks.json` (one task per document, one annotation per
//! annotator's layer) and `labeling_config.xml`, the config a Label Studio project needs to
//! show those tasks. Spans are `labels` regions with code-point offsets; a note is a
//! per-region `textarea` result sharing the region's id, as Label Studio itself stores it.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::model::{Annotation, Project};

use super::import::{Incoming, IncomingSpan, Read};
use super::labelstudio_coding as coding;
use super::outgoing::{self, Chosen, ExportError, Exported, Progress};
use super::xml_text::attribute;

pub use super::labelstudio_coding::{LABELS, NOTE, TEXT};

/// The labeling config for `project`'s tags and schema: the text, its labels with their
/// colours and hotkeys, a per-region note, the relation types, a control per attribute and
/// per document label.
pub fn labeling_config(project: &Project) -> String {
    let mut xml = String::from("<View>\n");
    xml.push_str(&format!("  <Labels name=\"{LABELS}\" toName=\"{TEXT}\">\n"));
    for tag in &project.tags().tags {
        let hotkey = tag
            .hotkey
            .map(|k| format!(" hotkey=\"{}\"", attribute(&k.to_string())))
            .unwrap_or_default();
        xml.push_str(&format!(
            "    <Label value=\"{}\" background=\"{}\"{hotkey}/>\n",
            attribute(&tag.name),
            tag.colour
        ));
    }
    xml.push_str("  </Labels>\n");
    xml.push_str(&format!("  <Text name=\"{TEXT}\" value=\"$text\"/>\n"));
    xml.push_str(&format!(
        "  <TextArea name=\"{NOTE}\" toName=\"{TEXT}\" perRegion=\"true\" editable=\"true\" placeholder=\"Note\"/>\n"
    ));
    xml.push_str(&super::labelstudio_coding::config(project));
    xml.push_str("</View>\n");
    xml
}

/// The results for one annotation: its labels region, and its note when it has one.
fn results(a: &Annotation, text: &crate::model::Text) -> Vec<Value> {
    let id = format!("a{}", a.id.0);
    let quote = text.slice(a.start, a.end);
    let mut out = vec![json!({
        "id": id,
        "from_name": LABELS,
        "to_name": TEXT,
        "type": "labels",
        "origin": "manual",
        "value": {"start": a.start, "end": a.end, "text": quote, "labels": [a.tag]},
    })];
    if !a.note.is_empty() {
        out.push(json!({
            "id": id,
            "from_name": NOTE,
            "to_name": TEXT,
            "type": "textarea",
            "origin": "manual",
            "value": {"start": a.start, "end": a.end, "text": [a.note]},
        }));
    }
    out
}

/// The task list: per document its text, id and title, and one annotation per layer (in the
/// project's layer order) holding that layer's regions.
pub fn tasks(project: &Project, chosen: &[Chosen<'_>], progress: &Progress) -> String {
    let controls = coding::Controls::of(project.schema());
    let mut tasks = Vec::new();
    let mut next_annotation = 1;
    for (n, item) in chosen.iter().enumerate() {
        progress.written(item);
        let text = item.document.text();
        let mut layers: Vec<&str> = Vec::new();
        let mut annotations = Vec::new();
        for layer in project.layers() {
            let mine: Vec<&&Annotation> = item
                .annotations
                .iter()
                .filter(|a| a.layer == layer.name)
                .collect();
            let labels = coding::label_results(
                project,
                &controls,
                project.labels_of(&item.document.id, &layer.name),
            );
            if mine.is_empty() && labels.is_empty() {
                continue;
            }
            layers.push(&layer.name);
            let mut result: Vec<Value> = Vec::new();
            for a in &mine {
                result.extend(results(a, text));
                let region = format!("a{}", a.id.0);
                result.extend(coding::attribute_results(project, &controls, a, &region));
            }
            let ids: std::collections::HashSet<_> = mine.iter().map(|a| a.id).collect();
            for a in &mine {
                for r in project.relations().of(a.id) {
                    if r.from == a.id && ids.contains(&r.to) {
                        let (from, to) = (format!("a{}", r.from.0), format!("a{}", r.to.0));
                        result.push(coding::relation_result(&from, &to, &r.kind));
                    }
                }
            }
            result.extend(labels);
            annotations.push(json!({
                "id": next_annotation,
                "result": result,
                "was_cancelled": false,
                "ground_truth": false,
            }));
            next_annotation += 1;
        }
        tasks.push(json!({
            "id": n + 1,
            // Task data is free-form in Label Studio; `layers` names whose each annotation is.
            "data": {
                TEXT: text.as_str(),
                "document": item.document.id.0,
                "title": item.document.title,
                "layers": layers,
            },
            "annotations": annotations,
        }));
    }
    let mut out = serde_json::to_string_pretty(&Value::Array(tasks)).unwrap_or_default();
    out.push('\n');
    out
}

/// Writes `tasks.json` and `labeling_config.xml` into `folder`.
pub fn write(
    project: &Project,
    chosen: &[Chosen<'_>],
    folder: &Path,
    progress: &Progress,
) -> Result<Exported, ExportError> {
    std::fs::create_dir_all(folder).map_err(|source| ExportError::Io {
        path: folder.to_owned(),
        source,
    })?;
    outgoing::write(
        &folder.join("tasks.json"),
        &tasks(project, chosen, progress),
    )?;
    outgoing::write(
        &folder.join("labeling_config.xml"),
        &labeling_config(project),
    )?;
    Ok(Exported::default())
}

/// Reads a Label Studio export: `path` is the tasks JSON (a list of tasks or one task) or a
/// folder holding it. Every annotation of a task that was not cancelled is read; regions
/// with several labels give one span per label; the per-region `note` textarea becomes the
/// note, other per-region results attribute values, task-level ones document labels,
/// relations links. Predictions and other result types are reported, not imported.
pub fn read(path: &Path) -> Read {
    let file = if path.is_dir() {
        path.join("tasks.json")
    } else {
        path.to_owned()
    };
    let name = file.display().to_string();
    match std::fs::read(&file) {
        Ok(bytes) => read_bytes(&bytes, &name),
        Err(error) => Read::failed(format!("{name}: {error}")),
    }
}

/// Reads Label Studio tasks from the bytes of a file called `name`.
pub fn read_bytes(bytes: &[u8], name: &str) -> Read {
    let mut read = Read::default();
    let name = name.to_owned();
    let source = match super::file_text::text_of(bytes, &name) {
        Ok(source) => source,
        Err(problem) => return Read::failed(problem),
    };
    let value: Value = match serde_json::from_str(source) {
        Ok(value) => value,
        Err(error) => {
            read.problems.push(format!(
                "{name}:{}:{}: {error}",
                error.line(),
                error.column()
            ));
            return read;
        }
    };
    let tasks = match value {
        Value::Array(tasks) => tasks,
        task @ Value::Object(_) => vec![task],
        _ => {
            read.problems
                .push(format!("{name}: not a Label Studio task list"));
            return read;
        }
    };
    for (n, task) in tasks.iter().enumerate() {
        let at = format!("{name}: task {}", n + 1);
        let mut coding = coding::Coding::default();
        if let Some(mut incoming) = read_task(task, &at, &name, &mut read.problems, &mut coding) {
            incoming.relations = coding.relations;
            incoming.labels = coding.labels;
            read.documents.push(incoming);
        }
        read.schema.join(coding.schema);
        read.problems.append(&mut coding.problems);
    }
    read
}

fn read_task(
    task: &Value,
    at: &str,
    file: &str,
    problems: &mut Vec<String>,
    coding: &mut coding::Coding,
) -> Option<Incoming> {
    let data = &task["data"];
    let Some(text) = data[TEXT]
        .as_str()
        .or_else(|| data.as_object()?.values().find_map(Value::as_str))
    else {
        problems.push(format!("{at}: no text in \"data\""));
        return None;
    };
    let id = match (&data["document"], &task["id"]) {
        (Value::String(id), _) => id.clone(),
        (_, Value::Number(n)) => format!("task-{n}"),
        _ => at.rsplit(' ').next().unwrap_or("task").to_owned(),
    };
    let title = data["title"]
        .as_str()
        .map(str::to_owned)
        .or_else(|| super::plain_text::title_of(text))
        .unwrap_or_else(|| id.clone());
    if let Some(predictions) = task["predictions"].as_array().filter(|p| !p.is_empty()) {
        problems.push(format!(
            "{at}: {} predictions (model suggestions) not imported; only annotations are",
            predictions.len()
        ));
    }
    let annotations: Vec<&Value> = task["annotations"]
        .as_array()
        .or_else(|| task["completions"].as_array())
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let kept: Vec<&Value> = annotations
        .iter()
        .copied()
        .filter(|a| !a["was_cancelled"].as_bool().unwrap_or(false))
        .collect();
    if kept.len() < annotations.len() {
        problems.push(format!(
            "{at}: {} cancelled annotations not imported",
            annotations.len() - kept.len()
        ));
    }
    if kept.len() > 1 {
        problems.push(format!(
            "{at}: {} annotators' annotations were merged into one layer; import one file per annotator to keep them apart",
            kept.len()
        ));
    }
    let mut spans = Vec::new();
    for (a, annotation) in kept.iter().enumerate() {
        let at = format!("{at}, annotation {}", a + 1);
        read_annotation(annotation, &at, &mut spans, problems, coding);
    }
    Some(Incoming {
        id,
        title,
        source: file.to_owned(),
        text: Some(text.to_owned()),
        spans,
        ..Incoming::default()
    })
}

/// The regions of one annotator's annotation as spans (added to `spans`), then its
/// values, links and document labels into `coding`.
fn read_annotation(
    annotation: &Value,
    at: &str,
    spans: &mut Vec<IncomingSpan>,
    problems: &mut Vec<String>,
    coding: &mut coding::Coding,
) {
    let results = annotation["result"].as_array().cloned().unwrap_or_default();
    let mut notes: BTreeMap<String, String> = BTreeMap::new();
    for result in &results {
        if result["type"].as_str() == Some("textarea")
            && result["from_name"].as_str().is_none_or(|n| n == NOTE)
            && let Some(id) = result["id"].as_str()
        {
            let lines: Vec<&str> = result["value"]["text"]
                .as_array()
                .map(|t| t.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            notes.insert(id.to_owned(), lines.join("\n"));
        }
    }
    let first_span = spans.len();
    let mut others = Vec::new();
    for (r, result) in results.iter().enumerate() {
        let here = format!("{at}, result {}", r + 1);
        let is_note = result["from_name"].as_str().is_none_or(|n| n == NOTE);
        match result["type"].as_str() {
            Some("labels") => {}
            Some("textarea") if is_note && result["id"].as_str().is_some() => continue,
            Some(_) => {
                others.push((here, result));
                continue;
            }
            None => {
                problems.push(format!("{here}: no \"type\"; not imported"));
                continue;
            }
        }
        let value = &result["value"];
        let (Some(start), Some(end)) = (value["start"].as_u64(), value["end"].as_u64()) else {
            problems.push(format!("{here}: no start and end offsets"));
            continue;
        };
        let labels: Vec<&str> = value["labels"]
            .as_array()
            .map(|l| l.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if labels.is_empty() {
            problems.push(format!("{here}: a region without a label; not imported"));
        }
        let note = result["id"]
            .as_str()
            .and_then(|id| notes.get(id))
            .cloned()
            .unwrap_or_default();
        for label in labels {
            spans.push(IncomingSpan {
                key: result["id"].as_str().unwrap_or_default().to_owned(),
                layer: None,
                start: usize::try_from(start).unwrap_or(usize::MAX),
                end: usize::try_from(end).unwrap_or(usize::MAX),
                tag: label.to_owned(),
                note: note.clone(),
                quote: value["text"].as_str().map(str::to_owned),
                at: here.clone(),
                ..IncomingSpan::default()
            });
        }
    }
    // Values, links and document labels, once every region of this annotation is known.
    let mut regions: std::collections::HashMap<String, Vec<usize>> = Default::default();
    for (index, span) in spans[first_span..].iter().enumerate() {
        if !span.key.is_empty() {
            regions.entry(span.key.clone()).or_default().push(index);
        }
    }
    for (here, result) in others {
        let kind = result["type"].as_str().unwrap_or_default();
        match coding::read_result(result, &mut spans[first_span..], &regions, coding, &here) {
            Ok(true) => {}
            Ok(false) => problems.push(format!(
                "{here}: a {kind:?} result is neither a span, a value nor a link; not imported"
            )),
            Err(problem) => problems.push(problem),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_escapes_tag_names_and_names_the_note_area() {
        let mut project = Project::new("t", "me");
        let mut tags = project.tags().clone();
        tags.tags[0].name = "a<b&\"c\"".to_owned();
        project = Project::from_parts(
            "t".to_owned(),
            tags,
            project.layers().to_vec(),
            Vec::new(),
            Vec::new(),
            1,
        )
        .expect("valid");
        let xml = labeling_config(&project);
        assert!(xml.contains(
            "<Label value=\"a&lt;b&amp;&quot;c&quot;\" background=\"#dd4400\" hotkey=\"1\"/>"
        ));
        assert!(xml.contains("<TextArea name=\"note\" toName=\"text\" perRegion=\"true\""));
    }
}
