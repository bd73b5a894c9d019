//! Exports: which annotations go out (a layer, some documents) and the formats that take
//! them. Each format is one file beside this one; all offsets follow FORMATS.md.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};

use thiserror::Error;

use crate::model::{Annotation, Document, DocumentId, Project};

use super::{brat, conll, csv_table, jsonl, labelstudio, w3c, xmi};

/// The formats `annotary export --format` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Brat,
    Conll,
    Conllu,
    Jsonl,
    LabelStudio,
    Csv,
    W3c,
    Xmi,
}

impl ExportFormat {
    pub const ALL: [Self; 8] = [
        Self::Brat,
        Self::Conll,
        Self::Conllu,
        Self::Jsonl,
        Self::LabelStudio,
        Self::Csv,
        Self::W3c,
        Self::Xmi,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Brat => "brat",
            Self::Conll => "conll",
            Self::Conllu => "conllu",
            Self::Jsonl => "jsonl",
            Self::LabelStudio => "labelstudio",
            Self::Csv => "csv",
            Self::W3c => "w3c",
            Self::Xmi => "xmi",
        }
    }

    /// Whether `--out` names a folder (several files) rather than one file.
    pub fn writes_folder(self) -> bool {
        matches!(self, Self::Brat | Self::LabelStudio)
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ExportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|f| f.name()).collect();
                format!("unknown format {s:?}; one of {}", names.join(", "))
            })
    }
}

/// Which annotations to export: one layer (default: all) and some documents (default: all).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub layer: Option<String>,
    pub documents: Option<Vec<DocumentId>>,
}

/// What an export wrote, and what it could not carry over.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Exported {
    pub documents: usize,
    pub annotations: usize,
    /// Each thing the format could not hold, with how many it concerns.
    pub warnings: Vec<String>,
}

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("there is no layer {0:?} in the project")]
    NoSuchLayer(String),
    #[error("there is no document {0:?} in the project")]
    NoSuchDocument(String),
}

/// A document with the annotations of it that were chosen, in (start, end, id) order.
pub struct Chosen<'a> {
    pub document: &'a Document,
    pub annotations: Vec<&'a Annotation>,
}

/// The documents and annotations `selection` picks, in project order.
pub fn choose<'a>(
    project: &'a Project,
    selection: &Selection,
) -> Result<Vec<Chosen<'a>>, ExportError> {
    if let Some(layer) = &selection.layer
        && !project.layers().iter().any(|l| &l.name == layer)
    {
        return Err(ExportError::NoSuchLayer(layer.clone()));
    }
    if let Some(wanted) = &selection.documents
        && let Some(missing) = wanted.iter().find(|id| project.document(id).is_none())
    {
        return Err(ExportError::NoSuchDocument(missing.0.clone()));
    }
    Ok(project
        .documents()
        .iter()
        .filter(|d| {
            selection
                .documents
                .as_ref()
                .is_none_or(|w| w.contains(&d.id))
        })
        .map(|document| Chosen {
            document,
            annotations: project
                .annotations_in(&document.id)
                .iter()
                .filter(|a| selection.layer.as_ref().is_none_or(|l| &a.layer == l))
                .map(|a| &**a)
                .collect(),
        })
        .collect())
}

/// How far an export has got, in characters of document text written, for a progress bar
/// (the window) or a progress line (the CLI). Shared with the thread doing the export.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    fn start(&self, chosen: &[Chosen<'_>]) {
        let total = chosen.iter().map(|c| c.document.text().char_len()).sum();
        self.total.store(total, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
    }

    /// Counts one document as written.
    pub fn written(&self, chosen: &Chosen<'_>) {
        self.done
            .fetch_add(chosen.document.text().char_len(), Ordering::Relaxed);
    }

    /// Characters written so far, and in all.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// The share written, from 0 to 1 (0 before the export has started).
    pub fn fraction(&self) -> f32 {
        let (done, total) = self.counts();
        if total == 0 {
            0.0
        } else {
            (done as f64 / total as f64).min(1.0) as f32
        }
    }
}

/// Writes the chosen annotations of `project` in `format` to `out` (a folder for brat and
/// Label Studio).
pub fn export(
    project: &Project,
    format: ExportFormat,
    out: &Path,
    selection: &Selection,
) -> Result<Exported, ExportError> {
    export_with(project, format, out, selection, &Progress::default())
}

/// [`export`], counting what is written in `progress` as it goes.
pub fn export_with(
    project: &Project,
    format: ExportFormat,
    out: &Path,
    selection: &Selection,
    progress: &Progress,
) -> Result<Exported, ExportError> {
    let chosen = choose(project, selection)?;
    progress.start(&chosen);
    let mut exported = match format {
        ExportFormat::Brat => brat::write(project, &chosen, out, progress)?,
        ExportFormat::Conll => write_file(out, &conll::bio(&chosen, progress))?,
        ExportFormat::Conllu => write_file(out, &conll::conllu(&chosen, progress))?,
        ExportFormat::Jsonl => write_file(out, &(jsonl::write(&chosen, progress), Vec::new()))?,
        ExportFormat::LabelStudio => labelstudio::write(project, &chosen, out, progress)?,
        ExportFormat::Csv => write_file(out, &(csv_table::write(&chosen, progress), Vec::new()))?,
        ExportFormat::W3c => {
            write_file(out, &(w3c::write(project, &chosen, progress), Vec::new()))?
        }
        ExportFormat::Xmi => xmi::write(&chosen, out, progress)?,
    };
    exported.documents = chosen.len();
    exported.annotations = chosen.iter().map(|c| c.annotations.len()).sum();
    let layers: std::collections::BTreeSet<&str> = chosen
        .iter()
        .flat_map(|c| c.annotations.iter().map(|a| a.layer.as_str()))
        .collect();
    if layers.len() > 1
        && !matches!(
            format,
            ExportFormat::Csv | ExportFormat::W3c | ExportFormat::LabelStudio
        )
    {
        // XMI could hold layers as separate types; for now they share webanno.custom.Span.
        exported.warnings.push(format!(
            "{} annotators' layers are merged ({}): {format} has no layers; choose one with --layer",
            layers.len(),
            layers.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    Ok(exported)
}

fn write_file(
    out: &Path,
    (text, warnings): &(String, Vec<String>),
) -> Result<Exported, ExportError> {
    write(out, text)?;
    Ok(Exported {
        warnings: warnings.clone(),
        ..Exported::default()
    })
}

/// Writes one file, naming it in any error.
pub fn write(path: &Path, text: &str) -> Result<(), ExportError> {
    std::fs::write(path, text).map_err(|source| ExportError::Io {
        path: path.to_owned(),
        source,
    })
}
