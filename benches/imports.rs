//! Imports at corpus scale: each case where an import used to be quadratic, timed at the
//! size where it hung and at ten times that size. Linear work gives a ratio near 10.
//! `cargo bench --bench imports`; `ANNOTARY_IMPORT_SCALE=0.1` runs every case at a tenth.
//! Time is wall time of reading, merging and applying the change, as a researcher waits.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use annotary::edit::EditError;
use annotary::formats::import::merge;
use annotary::formats::import_format::{ImportFormat, add_documents};
use annotary::model::{Project, now};

/// Writes the input of one case with `n` items under `folder`; returns what to import.
type Make = fn(&Path, usize) -> PathBuf;

fn main() {
    let scale: f64 = std::env::var("ANNOTARY_IMPORT_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let cases: [(&str, ImportFormat, usize, Make); 7] = [
        (
            "jsonl, new documents",
            ImportFormat::Jsonl,
            20_000,
            jsonl_documents,
        ),
        (
            "Label Studio tasks",
            ImportFormat::LabelStudio,
            20_000,
            label_studio_tasks,
        ),
        ("brat notes", ImportFormat::Brat, 500_000, brat_notes),
        (
            "brat offsets on CRLF text",
            ImportFormat::Brat,
            200_000,
            brat_crlf,
        ),
        (
            "CSV rows for unknown documents",
            ImportFormat::Csv,
            200_000,
            csv_unknown,
        ),
        (
            "W3C rows for unknown documents",
            ImportFormat::W3c,
            200_000,
            w3c_unknown,
        ),
        (
            "text files all called article.txt",
            ImportFormat::Txt,
            2_000,
            same_name_files,
        ),
    ];
    println!(
        "{:<36} {:>9} {:>8} {:>9} {:>8} {:>6}  10n: read / merge / apply ms",
        "case", "n", "ms", "10n", "ms", "ratio"
    );
    // `cargo bench --bench imports -- brat` runs the cases whose name has "brat".
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    for (name, format, size, make) in cases {
        if !only.is_empty() && !only.iter().any(|o| name.contains(o.as_str())) {
            continue;
        }
        let n = ((size as f64 * scale) as usize).max(10);
        let (small, _) = time(format, make, n);
        let (large, [read, merged, applied]) = time(format, make, n * 10);
        println!(
            "{name:<36} {n:>9} {small:>8.0} {:>9} {large:>8.0} {:>6.1}  {read:.0} / {merged:.0} / {applied:.0}",
            n * 10,
            large / small.max(0.001)
        );
    }
}

/// Milliseconds to import `n` items of one case into an empty project, and how they
/// split into reading, merging and applying the change.
fn time(format: ImportFormat, make: Make, n: usize) -> (f64, [f64; 3]) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let input = make(folder.path(), n);
    let mut project = Project::new("bench", "AK");
    let started = Instant::now();
    let (command, read_at, merged_at) = if format == ImportFormat::Txt {
        let command = add_documents(&project, &[input]).command;
        let at = Instant::now();
        (command, at, at)
    } else {
        let read = format.read(&[input], &project);
        let read_at = Instant::now();
        let command = merge(&project, read, "AK").0;
        (Some(command), read_at, Instant::now())
    };
    if let Some(command) = command {
        match command.apply(&mut project, now()) {
            // Every row named a document the project lacks: nothing to change.
            Ok(_) | Err(EditError::Nothing) => {}
            Err(error) => panic!("the import does not apply: {error}"),
        }
    }
    let done = Instant::now();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    (
        ms(done - started),
        [
            ms(read_at - started),
            ms(merged_at - read_at),
            ms(done - merged_at),
        ],
    )
}

fn write(path: PathBuf, text: &str) -> PathBuf {
    std::fs::write(&path, text).expect("write the input");
    path
}

fn jsonl_documents(folder: &Path, n: usize) -> PathBuf {
    let mut out = String::new();
    for i in 0..n {
        let _ = writeln!(
            out,
            r#"{{"id":"doc{i}","text":"Article {i}: “Moscow” said on 3 July.","label":[[0,7,"actor"]]}}"#
        );
    }
    write(folder.join("docs.jsonl"), &out)
}

fn label_studio_tasks(folder: &Path, n: usize) -> PathBuf {
    let tasks: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id":{i},"data":{{"text":"Task {i}: “Kabul” replied."}},"annotations":[{{"result":[{{"id":"r{i}","from_name":"label","to_name":"text","type":"labels","value":{{"start":0,"end":4,"labels":["actor"]}}}}]}}]}}"#
            )
        })
        .collect();
    write(
        folder.join("tasks.json"),
        &format!("[{}]", tasks.join(",\n")),
    )
}

/// One document of `n` words, each tagged and each with a note.
fn brat_notes(folder: &Path, n: usize) -> PathBuf {
    let (mut text, mut ann) = (String::new(), String::new());
    for i in 1..=n {
        let word = format!("w{i}");
        // ASCII: bytes are characters.
        let start = text.len();
        let _ = writeln!(ann, "T{i}\tactor {start} {}\t{word}", start + word.len());
        let _ = writeln!(ann, "#{i}\tAnnotatorNotes T{i}\tnote {i}");
        text.push_str(&word);
        text.push(' ');
    }
    let brat = folder.join("brat");
    std::fs::create_dir(&brat).expect("a folder");
    write(brat.join("a.txt"), &text);
    write(brat.join("a.ann"), &ann);
    brat
}

/// One document of `n` CRLF lines, each word tagged (brat counts the CRLF as one).
fn brat_crlf(folder: &Path, n: usize) -> PathBuf {
    let (mut text, mut ann) = (String::new(), String::new());
    let mut brat_offset = 0;
    for i in 1..=n {
        let word = format!("w{i}");
        let _ = writeln!(
            ann,
            "T{i}\tactor {brat_offset} {}\t{word}",
            brat_offset + word.len()
        );
        text.push_str(&word);
        text.push_str("\r\n");
        brat_offset += word.len() + 1;
    }
    let brat = folder.join("brat");
    std::fs::create_dir(&brat).expect("a folder");
    write(brat.join("a.txt"), &text);
    write(brat.join("a.ann"), &ann);
    brat
}

fn csv_unknown(folder: &Path, n: usize) -> PathBuf {
    let mut out = String::from("document,layer,id,start,end,tag,text,note\n");
    for i in 0..n {
        let _ = writeln!(out, "doc{i},AK,{i},0,5,actor,Kabul,");
    }
    write(folder.join("rows.csv"), &out)
}

fn w3c_unknown(folder: &Path, n: usize) -> PathBuf {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id":"a{i}","type":"Annotation","body":{{"purpose":"tagging","value":"actor"}},"target":{{"source":"urn:annotary:document:doc{i}","selector":{{"type":"TextPositionSelector","start":0,"end":5}}}}}}"#
            )
        })
        .collect();
    write(folder.join("w3c.json"), &format!("[{}]", items.join(",\n")))
}

/// `n` folders, each with an `article.txt` of its own text.
fn same_name_files(folder: &Path, n: usize) -> PathBuf {
    let root = folder.join("texts");
    for i in 0..n {
        let sub = root.join(format!("{i:06}"));
        std::fs::create_dir_all(&sub).expect("a folder");
        write(
            sub.join("article.txt"),
            &format!("Article {i}\n\n“Moscow” said."),
        );
    }
    root
}
