//! An import planned before anything changes: what it would add, what the project already
//! holds and what cannot come in (with the reason for each kind of thing), in the words
//! the window's preview and `annotary import` both show; applied afterwards as one undo
//! step, or not at all.

use std::path::PathBuf;

use crate::edit::Command;
use crate::formats::import::{Imported, merge};
use crate::formats::import_format::ImportFormat;
use crate::formats::new_documents::{AddedDocuments, NewsExports, add_documents_as};
use crate::model::{DocumentId, Project, counted};

use super::files::Report;

/// Whether a report tells what an import would do or what it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    Preview,
    Done,
}

/// What an import would do, worked out against a project it has not touched.
#[derive(Debug)]
pub struct ImportPlan {
    pub format: ImportFormat,
    pub inputs: Vec<PathBuf>,
    /// The layer annotations go into; `None` for an import of texts.
    pub layer: Option<String>,
    /// The change, one undo step; `None` when there is nothing to add.
    pub command: Option<Command>,
    /// The first document it adds, to open it.
    pub first: Option<DocumentId>,
    /// Whether news-database exports are split into their articles.
    pub news: NewsExports,
    what: What,
}

#[derive(Debug)]
enum What {
    Texts(AddedDocuments),
    Annotations(Imported),
}

impl ImportPlan {
    /// What `inputs` in `format` would bring into `project` (annotations into `layer`).
    pub fn new(project: &Project, format: ImportFormat, inputs: &[PathBuf], layer: &str) -> Self {
        Self::with_news(project, format, inputs, layer, NewsExports::Split)
    }

    /// The same, news-database exports split or each kept whole as `news` says.
    pub fn with_news(
        project: &Project,
        format: ImportFormat,
        inputs: &[PathBuf],
        layer: &str,
        news: NewsExports,
    ) -> Self {
        if format.brings_documents() {
            let mut added = add_documents_as(project, inputs, news);
            return Self {
                format,
                inputs: inputs.to_vec(),
                layer: None,
                command: added.command.take(),
                first: added.first.clone(),
                news,
                what: What::Texts(added),
            };
        }
        let read = format.read(inputs, project);
        Self::of_read(project, format, inputs, layer, read)
    }

    /// The plan for what a reader already read (the CLI reads first, to know whether a
    /// new project should keep the default tags).
    pub fn of_read(
        project: &Project,
        format: ImportFormat,
        inputs: &[PathBuf],
        layer: &str,
        read: crate::formats::import::Read,
    ) -> Self {
        let (command, imported) = merge(project, read, layer);
        let nothing = imported.adds_nothing();
        Self {
            format,
            inputs: inputs.to_vec(),
            layer: Some(layer.to_owned()),
            command: (!nothing).then_some(command),
            first: None,
            news: NewsExports::Split,
            what: What::Annotations(imported),
        }
    }

    /// How many things the files give that would not come in (not those already there):
    /// `--strict` refuses an import with any.
    pub fn not_imported(&self) -> usize {
        match &self.what {
            What::Texts(added) => added.problems.len(),
            What::Annotations(imported) => imported.problems.len(),
        }
    }

    /// Whether it splits a news-database export into articles (or would, if asked).
    pub fn has_news_exports(&self) -> bool {
        match &self.what {
            What::Texts(added) => !added.split.is_empty() || added.kept_whole > 0,
            What::Annotations(_) => false,
        }
    }

    /// How many things the files give that the project already holds.
    pub fn already_present(&self) -> usize {
        match &self.what {
            What::Texts(added) => added.present.len(),
            What::Annotations(imported) => {
                imported.annotations_present + imported.relations_present + imported.labels_present
            }
        }
    }

    /// What the import would do (`Preview`) or did (`Done`).
    pub fn report(&self, tense: Tense) -> Report {
        match &self.what {
            What::Texts(added) => texts_report(added, tense),
            What::Annotations(imported) => {
                annotations_report(imported, self.layer.as_deref().unwrap_or_default(), tense)
            }
        }
    }
}

fn texts_report(added: &AddedDocuments, tense: Tense) -> Report {
    let present = added.present.len();
    let summary = match (added.added, tense) {
        (0, _) if present > 0 => format!(
            "Nothing to import: the project already holds {}; nothing was changed.",
            counted(present, "text")
        ),
        (0, _) => "Nothing imported: no text file could be read; nothing was changed.".to_owned(),
        (n, Tense::Preview) => format!("Would add {}.", counted(n, "document")),
        (n, Tense::Done) => format!("Added {}.", counted(n, "document")),
    };
    let mut details = Vec::new();
    for (file, titles) in &added.split {
        details.push(format!(
            "{file}: a news-database export, split into {}: {}.",
            counted(titles.len(), "article"),
            titles.join("; ")
        ));
    }
    details.extend(added.notes.iter().cloned());
    if present > 0 {
        details.push(format!(
            "Already present, not added again: {}.",
            counted(present, "text")
        ));
        details.extend(added.present.iter().cloned());
    }
    Report {
        summary,
        details,
        problems: added
            .problems
            .iter()
            .map(|p| format!("Could not import: {p}"))
            .collect(),
    }
}

fn annotations_report(imported: &Imported, layer: &str, tense: Tense) -> Report {
    let mut details = Vec::new();
    if !imported.tags_added.is_empty() {
        let new = if tense == Tense::Preview {
            "Tags to add"
        } else {
            "New tags"
        };
        details.push(format!("{new}: {}.", imported.tags_added.join(", ")));
    }
    let present = counted_some(&[
        (imported.annotations_present, "annotation"),
        (imported.relations_present, "link"),
        (imported.labels_present, "document label"),
    ]);
    if !present.is_empty() {
        details.push(format!(
            "Already present, not added again: {}.",
            present.join(", ")
        ));
    }
    details.extend(imported.notes.iter().cloned());
    for ((kind, reason), n) in &imported.not_held {
        details.push(format!("Not imported: {} ({reason}).", counted(*n, kind)));
    }
    let nothing = imported.adds_nothing();
    let summary = if nothing && !present.is_empty() {
        format!(
            "Nothing to import: layer “{layer}” already holds what the files give ({} matched); nothing was changed.",
            counted(imported.documents_matched, "document")
        )
    } else if nothing {
        format!(
            "Nothing imported: no annotation could be brought into layer “{layer}” ({} matched); nothing was changed.",
            counted(imported.documents_matched, "document")
        )
    } else {
        let into = match imported.layers.as_slice() {
            [] => format!("layer “{layer}”"),
            [one] => format!("layer “{one}”"),
            several => format!(
                "layers {}",
                several
                    .iter()
                    .map(|l| format!("“{l}”"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let with = counted_some(&[
            (imported.relations, "link"),
            (imported.values, "attribute value"),
            (imported.labels, "document label"),
        ]);
        let with = if with.is_empty() {
            String::new()
        } else {
            format!(" with {}", with.join(", "))
        };
        let (verb, added) = match tense {
            Tense::Preview => ("Would import", "new"),
            Tense::Done => ("Imported", "added"),
        };
        format!(
            "{verb} {}{with} into {into}: {} matched, {} {added}.",
            counted(imported.annotations, "annotation"),
            counted(imported.documents_matched, "document"),
            imported.documents_added
        )
    };
    Report {
        problems: imported
            .problems
            .iter()
            .map(|p| format!("Not imported: {p}"))
            .collect(),
        summary,
        details,
    }
}

/// "3 links", "1 document label": the counts that are not nought, each with its noun.
fn counted_some(counts: &[(usize, &str)]) -> Vec<String> {
    counts
        .iter()
        .filter(|&&(n, _)| n > 0)
        .map(|&(n, what)| counted(n, what))
        .collect()
}

/// The layer an import goes into unless the researcher says otherwise: a project with one
/// annotator is about to meet a colleague's work.
pub fn suggested_import_layer(project: &Project) -> &'static str {
    if project.layers().len() == 1 {
        "colleague"
    } else {
        "imported"
    }
}
