//! Writes the exports that `tests/interop/check_exports.py` reads with independent readers,
//! plus `expected.json`: every document's text, annotations (with their values), links and
//! document labels as the project holds them.
//! `cargo run --example interop_fixture -- OUT_DIR`

use std::path::PathBuf;

use annotary::edit::Command;
use annotary::formats::export::{ExportFormat, Selection, export};
use annotary::model::{AttributeValue, Document, DocumentId, Project, markup};
use serde_json::json;

/// Text in every hard case: curly quotes, emoji, CJK, combining marks, CRLF, nested and
/// overlapping spans, a span across lines, and notes that need quoting.
const DOCUMENTS: [(&str, &str); 2] = [
    (
        "hard",
        "[claim:“[actor:Россия]” recognised the [actor:Taliban] 🇦🇫 on [date:3 July]]\r\n\
         [claim:Zoë’s café\u{301} said\r\n[actor:北京] agreed] 👩\u{200d}👩\u{200d}👧 [date:2025年7月3日]\r\nend",
    ),
    (
        "plain",
        "On [date:July 3], [actor:Russia] became the first country to recognise the \
         [actor:Afghan Taliban]’s government.\n[claim:It didn’t close its embassy]\tin 2021.",
    ),
];

/// Links, values and labels on every document: each claim made by the first actor after
/// it (with a note that needs quoting), dated by the date after it, its stance and
/// hedging, each date's value, and each document's genre.
fn code(project: &mut Project, now: jiff::Timestamp) -> Result<(), Box<dyn std::error::Error>> {
    let mut commands = Vec::new();
    for document in project.documents() {
        let annotations = project.annotations_in(&document.id);
        let after = |claim: &annotary::model::Annotation, tag: &str| {
            annotations
                .iter()
                .find(|a| a.tag == tag && a.start > claim.start)
                .map(|a| a.id)
        };
        for claim in annotations.iter().filter(|a| a.tag == "claim") {
            if let Some(actor) = after(claim, "actor") {
                commands.push(Command::Relate {
                    kind: "claimant".into(),
                    from: claim.id,
                    to: actor,
                    note: "as “reported”,\tallegedly".into(),
                });
            }
            if let Some(date) = after(claim, "date") {
                commands.push(Command::Relate {
                    kind: "dated".into(),
                    from: claim.id,
                    to: date,
                    note: String::new(),
                });
            }
            commands.push(Command::SetAttribute {
                id: claim.id,
                name: "stance".into(),
                value: Some(AttributeValue::Text("oppose".into())),
            });
            commands.push(Command::SetAttribute {
                id: claim.id,
                name: "hedged".into(),
                value: Some(AttributeValue::Flag(true)),
            });
        }
        for date in annotations.iter().filter(|a| a.tag == "date") {
            commands.push(Command::SetAttribute {
                id: date.id,
                name: "value".into(),
                value: Some(AttributeValue::Text("2025-07-03".into())),
            });
        }
        commands.push(Command::SetDocumentLabel {
            document: document.id.clone(),
            layer: "AK".into(),
            name: "genre".into(),
            value: Some(AttributeValue::Text("news".into())),
        });
    }
    Command::Batch(commands).apply(project, now)?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: interop_fixture OUT_DIR")?,
    );
    std::fs::create_dir_all(&out)?;
    let now = "2026-11-20T09:30:00Z".parse()?;
    let mut project = Project::new("Interop fixture", "AK");
    for (index, (id, source)) in DOCUMENTS.iter().enumerate() {
        let (text, spans) = markup::parse(source)?;
        let document = DocumentId((*id).to_owned());
        Command::AddDocument {
            index,
            document: Document::new(
                document.clone(),
                (*id).to_owned(),
                format!("{id}.txt"),
                text,
            ),
        }
        .apply(&mut project, now)?;
        for (start, end, tag) in spans {
            Command::Annotate {
                document: document.clone(),
                layer: "AK".into(),
                start,
                end,
                tag,
            }
            .apply(&mut project, now)?;
        }
    }
    let first = project.annotations()[0].id;
    let third = project.annotations()[2].id;
    for (id, note) in [
        (first, "commas, \"quotes\", tabs\tand\nline breaks"),
        (third, "plain note"),
    ] {
        Command::SetNote {
            id,
            note: note.into(),
        }
        .apply(&mut project, now)?;
    }
    code(&mut project, now)?;
    let expected: Vec<_> = project
        .documents()
        .iter()
        .map(|d| {
            json!({
                "id": d.id.0,
                "text": d.text().as_str(),
                "annotations": project.annotations_in(&d.id).iter().map(|a| json!({
                    "id": a.id.0, "start": a.start, "end": a.end, "tag": a.tag,
                    "quote": a.quote, "note": a.note, "attributes": a.attributes,
                })).collect::<Vec<_>>(),
                "relations": project.relations().all().iter()
                    .filter(|r| project.annotation(r.from).is_some_and(|a| a.document == d.id))
                    .map(|r| json!({"id": r.id.0, "kind": r.kind, "from": r.from.0, "to": r.to.0, "note": r.note}))
                    .collect::<Vec<_>>(),
                "labels": project.labels_of(&d.id, "AK").collect::<std::collections::BTreeMap<_, _>>(),
            })
        })
        .collect();
    std::fs::write(
        out.join("expected.json"),
        serde_json::to_string_pretty(&expected)?,
    )?;
    let tags: Vec<_> = project
        .tags()
        .tags
        .iter()
        .map(|t| json!({"name": t.name, "colour": t.colour.to_string()}))
        .collect();
    std::fs::write(out.join("tags.json"), serde_json::to_string_pretty(&tags)?)?;
    // CSV into a folder: the annotations, relations and documents tables.
    export(
        &project,
        ExportFormat::Csv,
        &out.join("fixture-tables"),
        &Selection::default(),
    )?;
    for format in ExportFormat::ALL {
        let path = out.join(format!("fixture.{format}"));
        let exported = export(&project, format, &path, &Selection::default())?;
        println!(
            "{format}: {} annotations, warnings: {:?}",
            exported.annotations, exported.warnings
        );
    }
    Ok(())
}
