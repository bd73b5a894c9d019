//! `annotary export`: write a project's annotations in another tool's format.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::formats::export::{self, ExportFormat, Selection};
use crate::formats::project_file;
use crate::model::DocumentId;
use crate::workspace::files;

/// Which layers an export writes.
pub enum Layers {
    /// `--layer NAME`.
    One(String),
    /// `--all-layers`.
    All,
    /// Neither: every layer when the format keeps layers apart or the project has one,
    /// else refused, naming the layers to choose from.
    Unsaid,
}

impl Layers {
    pub fn from_flags(layer: Option<String>, all_layers: bool) -> Self {
        match (layer, all_layers) {
            (Some(layer), _) => Self::One(layer),
            (None, true) => Self::All,
            (None, false) => Self::Unsaid,
        }
    }
}

/// Exports, then reports what was written on `out` and what the format could not hold on
/// `err`, in the window's words.
pub fn export(
    file: &Path,
    format: ExportFormat,
    to: &Path,
    layers: Layers,
    documents: Option<Vec<String>>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<()> {
    files::refuse_overwriting_project(Some(file), to).map_err(anyhow::Error::msg)?;
    let project = project_file::load(file)?;
    let names: Vec<&str> = project.layers().iter().map(|l| l.name.as_str()).collect();
    // Only layers with spans can write them twice (an import's `source` layer holds
    // only the documents' labels).
    let coded = names
        .iter()
        .filter(|name| project.annotations().iter().any(|a| a.layer == **name))
        .count();
    let layer = match layers {
        Layers::One(layer) => Some(layer),
        Layers::Unsaid if coded > 1 && !format.keeps_layers() => anyhow::bail!(
            "{} has {} layers ({}) and {format} keeps no layers, so together each annotator's spans would be written once per layer: choose one with --layer NAME, or give --all-layers to write them together anyway",
            file.display(),
            names.len(),
            names.join(", ")
        ),
        Layers::All | Layers::Unsaid => None,
    };
    // Said after the counts: which annotators' work the file holds.
    let which = match &layer {
        Some(layer) => format!("From layer {layer}."),
        None => format!("From every layer: {}.", names.join(", ")),
    };
    let selection = Selection {
        layer,
        documents: documents.map(|ids| ids.into_iter().map(DocumentId).collect()),
    };
    // On a terminal, show how far it has got; piped, print only the result.
    let exported = if std::io::stderr().is_terminal() {
        let what = format!(
            "exporting {} to {} ({format})",
            file.display(),
            to.display()
        );
        let progress = export::Progress::default();
        let exported = std::thread::scope(|scope| {
            let job =
                scope.spawn(|| export::export_with(&project, format, to, &selection, &progress));
            while !job.is_finished() {
                eprint!("\r{what}… {:3.0}%", progress.fraction() * 100.0);
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            job.join()
        });
        eprintln!("\r{what}… done");
        exported.map_err(|_| anyhow::anyhow!("the export stopped unexpectedly"))?
    } else {
        export::export(&project, format, to, &selection)
    };
    let exported = exported?;
    super::import::print(&files::exported_report(to, format, &exported), out, err)?;
    if format != ExportFormat::Qdc {
        writeln!(out, "{which}")?;
    }
    Ok(())
}
