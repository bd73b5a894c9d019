//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod brat_lines;
pub mod window;

use std::path::{Path, PathBuf};

use annotary::edit::Command;
use annotary::formats::project_file;
use annotary::model::{Document, DocumentId, Layer, Project, markup};
use jiff::Timestamp;

/// A fixed time, so projects built in tests are reproducible.
pub const T0: Timestamp = Timestamp::constant(1_763_632_800, 0);

/// A project with one layer "AK" and one document written in markup
/// (`"The [actor:Kremlin] said"`), its spans annotated in layer AK.
pub fn project_from_markup(source: &str) -> (Project, DocumentId) {
    let (text, spans) = markup::parse(source).expect("valid markup");
    let mut project = Project::new("test", "AK");
    let doc = DocumentId("doc".into());
    Command::AddDocument {
        index: 0,
        document: Document::new(doc.clone(), "Doc".into(), "doc.txt".into(), text),
    }
    .apply(&mut project, T0)
    .expect("add document");
    annotate(&mut project, &doc, "AK", spans);
    (project, doc)
}

/// Annotates `spans` (from markup) in `layer` of document `doc`.
pub fn annotate(project: &mut Project, doc: &DocumentId, layer: &str, spans: Vec<markup::Span>) {
    for (start, end, tag) in spans {
        Command::Annotate {
            document: doc.clone(),
            layer: layer.into(),
            start,
            end,
            tag,
        }
        .apply(project, T0)
        .expect("annotate");
    }
}

/// Adds a second annotator's layer.
pub fn add_layer(project: &mut Project, name: &str) {
    Command::AddLayer {
        index: project.layers().len(),
        layer: Layer { name: name.into() },
    }
    .apply(project, T0)
    .expect("add layer");
}

/// Code-point range of the `nth` occurrence of `quote` in `text`.
pub fn find_in(text: &annotary::model::Text, quote: &str, nth: usize) -> (usize, usize) {
    let byte = text
        .as_str()
        .match_indices(quote)
        .nth(nth)
        .expect("quote in text")
        .0;
    let start = text.char_of_byte(byte);
    (start, start + quote.chars().count())
}

/// The repository's demo project.
pub fn demo_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo.ron")
}

pub fn demo() -> Project {
    project_file::load(&demo_path()).expect("demo project loads")
}

/// Text in every hard case: curly quotes, emoji (astral and ZWJ), CJK, combining marks, CRLF.
pub const HARD_TEXT: &str = "“Russia” recognised the Taliban 🇦🇫 on 3 July.\r\n\
    Zoë said café\u{301} talks 👩‍👩‍👧 went well.\r\n\r\n\
    北京 reacted: 俄罗斯承认塔利班。\n\
    Last line without break";

/// Runs the `annotary` binary; returns its exit code, stdout and stderr.
pub fn annotary(args: &[&str]) -> (i32, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_annotary"))
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Adds a document written in markup at the end, its spans annotated in layer AK.
pub fn add_markup_document(project: &mut Project, id: &str, source: &str) -> DocumentId {
    let (text, spans) = markup::parse(source).expect("valid markup");
    let doc = DocumentId(id.into());
    Command::AddDocument {
        index: project.documents().len(),
        document: Document::new(doc.clone(), id.into(), format!("{id}.txt"), text),
    }
    .apply(project, T0)
    .expect("add document");
    annotate(project, &doc, "AK", spans);
    doc
}

/// The committed test fonts (tests/fonts), as the window would find them on the system.
pub fn test_fonts() -> Vec<Vec<u8>> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fonts");
    let mut names: Vec<_> = std::fs::read_dir(&folder)
        .expect("tests/fonts")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ttf" || x == "otf"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read(p).expect("a font"))
        .collect()
}

/// Every paragraph of tests/scripts/paragraphs.tsv, one document.
pub fn script_paragraphs() -> (Project, DocumentId) {
    let table = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scripts/paragraphs.tsv"),
    )
    .expect("paragraphs");
    let text: Vec<&str> = table
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').nth(2))
        .collect();
    project_from_markup(&text.join("\n"))
}
