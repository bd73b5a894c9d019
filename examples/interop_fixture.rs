//! Writes the exports that `tests/interop/check_exports.py` reads with independent readers,
//! plus `expected.json`: every document's text and annotations as the project holds them.
//! `cargo run --example interop_fixture -- OUT_DIR`

use std::path::PathBuf;

use annotary::edit::Command;
use annotary::formats::export::{ExportFormat, Selection, export};
use annotary::model::{Document, DocumentId, Project, markup};
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
    let expected: Vec<_> = project
        .documents()
        .iter()
        .map(|d| {
            json!({
                "id": d.id.0,
                "text": d.text().as_str(),
                "annotations": project.annotations_in(&d.id).iter().map(|a| json!({
                    "id": a.id.0, "start": a.start, "end": a.end, "tag": a.tag,
                    "quote": a.quote, "note": a.note,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    std::fs::write(
        out.join("expected.json"),
        serde_json::to_string_pretty(&expected)?,
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
