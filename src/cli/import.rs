//! `annotary import`: bring documents or another tool's annotations into a project.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::edit::{Command, EditError};
use crate::formats::import::{Read, merge};
use crate::formats::{brat, csv_table, jsonl, labelstudio, plain_text, project_file, w3c, xmi};
use crate::model::{Project, now};

/// The files under `input` (itself if it is a file) whose extension is one of `extensions`.
fn files(input: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    if input.is_file() {
        return vec![input.to_owned()];
    }
    let mut found = Vec::new();
    let mut folders = vec![input.to_owned()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path
                .extension()
                .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Imports `inputs` in `format` into the project at `into`, saves it, and reports.
pub fn import(
    format: &str,
    inputs: &[PathBuf],
    into: &Path,
    layer: Option<String>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<()> {
    let mut project = if into.exists() {
        project_file::load(into)?
    } else {
        let title = into.file_stem().map_or_else(
            || "Imported".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        Project::new(&title, layer.as_deref().unwrap_or("imported"))
    };
    let layer = layer.unwrap_or_else(|| project.layers()[0].name.clone());
    let mut read = Read::default();
    let mut add = |more: Read| {
        read.documents.extend(more.documents);
        read.problems.extend(more.problems);
    };
    let (command, report) = match format {
        "txt" | "md" | "html" => {
            let mut scratch = project.clone();
            let mut commands = Vec::new();
            for path in inputs.iter().flat_map(|i| files(i, plain_text::EXTENSIONS)) {
                match plain_text::read_document(&path, &scratch) {
                    Ok(document) => {
                        let command = Command::AddDocument {
                            index: scratch.documents().len(),
                            document,
                        };
                        command.clone().apply(&mut scratch, now())?;
                        commands.push(command);
                    }
                    Err(error) => writeln!(err, "warning: {error}")?,
                }
            }
            let added = commands.len();
            writeln!(out, "added {added} documents")?;
            (Command::Batch(commands), None)
        }
        "brat" | "jsonl" | "labelstudio" | "csv" | "w3c" | "xmi" => {
            for input in inputs {
                match format {
                    "brat" => add(brat::read(input)),
                    "jsonl" => files(input, &["jsonl", "json"])
                        .iter()
                        .for_each(|p| add(jsonl::read(p))),
                    "labelstudio" => files(input, &["json"])
                        .iter()
                        .for_each(|p| add(labelstudio::read(p))),
                    "csv" => files(input, &["csv"])
                        .iter()
                        .for_each(|p| add(csv_table::read(p))),
                    "xmi" => files(input, &["zip", "xmi"])
                        .iter()
                        .for_each(|p| add(xmi::read(p))),
                    _ => files(input, &["json", "jsonld", "w3c"])
                        .iter()
                        .for_each(|p| add(w3c::read(p, &project))),
                }
            }
            let (command, report) = merge(&project, read, &layer);
            (command, Some(report))
        }
        other => {
            bail!(
                "unknown import format {other:?}; one of txt, md, html, brat, jsonl, labelstudio, csv, w3c, xmi"
            )
        }
    };
    match command.apply(&mut project, now()) {
        Ok(_) | Err(EditError::Nothing) => {}
        Err(error) => bail!(
            "{}: the import could not be applied: {error}",
            into.display()
        ),
    }
    project_file::save(&project, into)?;
    if let Some(report) = report {
        writeln!(
            out,
            "imported {} annotations into layer {layer:?}: {} documents matched, {} added{}",
            report.annotations,
            report.documents_matched,
            report.documents_added,
            if report.tags_added.is_empty() {
                String::new()
            } else {
                format!("; new tags: {}", report.tags_added.join(", "))
            }
        )?;
        for note in &report.notes {
            writeln!(err, "note: {note}")?;
        }
        for problem in &report.problems {
            writeln!(err, "not imported: {problem}")?;
        }
    }
    writeln!(out, "saved {}", into.display())?;
    Ok(())
}
