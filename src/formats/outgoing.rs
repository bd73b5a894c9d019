//! What goes out in an export, shared by every exporter: which annotations (a layer, some
//! documents), how far the writing has got, what was written and what could not be held.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use thiserror::Error;

use crate::model::{Annotation, Document, DocumentId, Project};

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

/// The text an export writes as an annotation's quote: its own, or for a discontinuous
/// one (written as one span from its first piece to its last, until the formats carry
/// pieces) the text of that span, so that the quote matches the offsets beside it.
pub fn written_quote<'a>(document: &'a Document, annotation: &'a Annotation) -> &'a str {
    if annotation.is_discontinuous() {
        document.text().slice(annotation.start, annotation.end)
    } else {
        &annotation.quote
    }
}

/// How much coding beyond spans a step leaves behind, in words ("2 relations", "the pieces
/// of 1 discontinuous annotation (each written as one span …)"): `went` says what became
/// of each discontinuous annotation ("written", "brought").
pub fn coding_left_out(
    (relations, values, labels, pieced): (usize, usize, usize, usize),
    went: &str,
) -> Vec<String> {
    let mut lost: Vec<String> = [
        (relations, "relation"),
        (values, "attribute value"),
        (labels, "document label"),
    ]
    .into_iter()
    .filter(|&(count, _)| count > 0)
    .map(|(count, what)| crate::model::counted(count, what))
    .collect();
    if pieced > 0 {
        lost.push(format!(
            "the pieces of {} (each {went} as one span from its first piece to its last)",
            crate::model::counted(pieced, "discontinuous annotation")
        ));
    }
    lost
}

/// The layers whose annotations an export writes, in name order: each document's labels
/// are written for all of them, also where a layer marked no span in that document.
pub fn layers_written<'a>(chosen: &[Chosen<'a>]) -> Vec<&'a str> {
    let mut layers: Vec<&str> = chosen
        .iter()
        .flat_map(|c| c.annotations.iter().map(|a| a.layer.as_str()))
        .collect();
    layers.sort_unstable();
    layers.dedup();
    layers
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
    pub(super) fn start(&self, chosen: &[Chosen<'_>]) {
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

/// Writes one file, naming it in any error.
pub fn write(path: &Path, text: &str) -> Result<(), ExportError> {
    std::fs::write(path, text).map_err(|source| ExportError::Io {
        path: path.to_owned(),
        source,
    })
}

/// The file name (without extension) each chosen document is written under, in the same
/// order: its id where that is a safe, portable name, else the id with every other
/// character made `_`, a leading dot or a name Windows reserves guarded, cut to 100
/// characters, and made unique (ignoring case, as some file systems do) with `-2`, `-3`…
/// The same documents always get the same names. Every file or zip entry an export names
/// after a document goes through here; the second value says which ids were renamed.
pub fn file_names(chosen: &[Chosen<'_>]) -> (Vec<String>, Option<String>) {
    let mut taken = std::collections::HashSet::new();
    let mut renamed = Vec::new();
    let names = chosen
        .iter()
        .map(|c| {
            let id = &c.document.id.0;
            let base = portable(id);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{base}-{n}");
                n += 1;
            }
            if &name != id {
                renamed.push(format!("{id:?} as {name:?}"));
            }
            name
        })
        .collect();
    let warning = (!renamed.is_empty()).then(|| {
        let shown: Vec<&str> = renamed.iter().take(10).map(String::as_str).collect();
        format!(
            "{} documents are written under other file names, their ids not being safe or unique file names: {}{}",
            renamed.len(),
            shown.join(", "),
            if renamed.len() > 10 { ", …" } else { "" }
        )
    });
    (names, warning)
}

/// `id` as a name that is safe and portable on every common file system.
fn portable(id: &str) -> String {
    let mut name: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    while name.contains("..") {
        name = name.replace("..", "_.");
    }
    let name_trimmed = name.trim_end_matches(['.', ' ']);
    name = name_trimmed.to_owned();
    if name.starts_with('.') {
        name.insert(0, '_');
    }
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        name.insert(0, '_');
    }
    if name.is_empty() {
        "document".to_owned()
    } else {
        name
    }
}
