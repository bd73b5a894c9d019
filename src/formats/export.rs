//! Exports: the formats that take annotations out, and the one call that writes any of
//! them. Each format is one file beside this one (what they share, which annotations go out
//! and how far it has got, is `outgoing`); all offsets follow FORMATS.md.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::model::Project;

pub use super::outgoing::{Chosen, ExportError, Exported, Progress, Selection, choose, write};
use super::{brat, conll, csv_table, jsonl, labelstudio, qdc, qdpx, w3c, xmi};

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
    Qdpx,
    Qdc,
}

impl ExportFormat {
    pub const ALL: [Self; 10] = [
        Self::Brat,
        Self::Conll,
        Self::Conllu,
        Self::Jsonl,
        Self::LabelStudio,
        Self::Csv,
        Self::W3c,
        Self::Xmi,
        Self::Qdpx,
        Self::Qdc,
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
            Self::Qdpx => "qdpx",
            Self::Qdc => "qdc",
        }
    }

    /// Whether the format keeps annotators' layers apart (the others merge them).
    pub fn keeps_layers(self) -> bool {
        matches!(
            self,
            Self::Csv | Self::W3c | Self::LabelStudio | Self::Qdpx | Self::Qdc
        )
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
        super::format_named(&Self::ALL, Self::name, s)
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
    // BIO cannot hold every annotation: count what the file holds, not what was chosen.
    let mut held = None;
    let mut bio = |(text, warnings, written): (String, Vec<String>, usize)| {
        held = Some(written);
        write_file(out, &(text, warnings))
    };
    let mut exported = match format {
        ExportFormat::Brat => brat::write(project, &chosen, out, progress)?,
        ExportFormat::Conll => bio(conll::bio(&chosen, progress))?,
        ExportFormat::Conllu => bio(conll::conllu(&chosen, progress))?,
        ExportFormat::Jsonl => {
            write_file(out, &(jsonl::write(project, &chosen, progress), Vec::new()))?
        }
        ExportFormat::LabelStudio => labelstudio::write(project, &chosen, out, progress)?,
        ExportFormat::Csv if csv_folder(out) => {
            csv_table::write_folder(project, &chosen, out, progress)?
        }
        ExportFormat::Csv => write_file(
            out,
            &(csv_table::write(project, &chosen, progress), Vec::new()),
        )?,
        ExportFormat::W3c => {
            write_file(out, &(w3c::write(project, &chosen, progress), Vec::new()))?
        }
        ExportFormat::Xmi => xmi::write(project, &chosen, out, progress)?,
        ExportFormat::Qdpx => qdpx::write(project, &chosen, out, progress)?,
        ExportFormat::Qdc => {
            let mut exported = qdc::write(project, out)?;
            // A codebook holds no document, and so has them all done.
            for c in &chosen {
                progress.written(c);
            }
            exported.documents = 0;
            return Ok(exported);
        }
    };
    exported.documents = chosen.len();
    exported.annotations = held.unwrap_or_else(|| chosen.iter().map(|c| c.annotations.len()).sum());
    let layers: std::collections::BTreeSet<&str> = chosen
        .iter()
        .flat_map(|c| c.annotations.iter().map(|a| a.layer.as_str()))
        .collect();
    if layers.len() > 1 && !format.keeps_layers() {
        // XMI could hold layers as separate types; for now they share webanno.custom.Span.
        exported.warnings.push(format!(
            "{} annotators' layers are merged ({}): {format} has no layers; choose one with --layer",
            layers.len(),
            layers.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if let Some(warning) = coding_not_written(project, &chosen, format, out) {
        exported.warnings.push(warning);
    }
    Ok(exported)
}

/// What of the chosen coding no export carries yet (relations, attribute values, pieces of
/// discontinuous spans, document labels), said rather than silently dropped.
fn coding_not_written(
    project: &Project,
    chosen: &[super::outgoing::Chosen<'_>],
    format: ExportFormat,
    out: &Path,
) -> Option<String> {
    let ids: std::collections::HashSet<_> = chosen
        .iter()
        .flat_map(|c| c.annotations.iter().map(|a| a.id))
        .collect();
    let relations = project
        .relations()
        .all()
        .iter()
        .filter(|r| ids.contains(&r.from) && ids.contains(&r.to))
        .count();
    let annotations = || chosen.iter().flat_map(|c| c.annotations.iter());
    let values: usize = annotations().map(|a| a.attributes.len()).sum();
    let pieced = annotations().filter(|a| a.is_discontinuous()).count();
    let layers: std::collections::HashSet<&str> = annotations().map(|a| a.layer.as_str()).collect();
    let labels = chosen
        .iter()
        .flat_map(|c| {
            project
                .labels()
                .iter()
                .filter(move |((d, _, _), _)| *d == c.document.id)
        })
        .filter(|((_, layer, _), _)| layers.contains(layer.as_str()))
        .count();
    let notes = annotations().filter(|a| !a.note.is_empty()).count();
    let link_notes = project
        .relations()
        .all()
        .iter()
        .filter(|r| !r.note.is_empty() && ids.contains(&r.from) && ids.contains(&r.to))
        .count();
    let mut kept = carries(format);
    if format == ExportFormat::Csv && csv_folder(out) {
        kept.relations = true;
        kept.link_notes = true;
        kept.labels = true;
    }
    let left = |count: usize, kept: bool| if kept { 0 } else { count };
    let mut lost = Vec::new();
    let (notes, link_notes) = (left(notes, kept.notes), left(link_notes, kept.link_notes));
    if notes > 0 {
        lost.push(crate::model::counted(notes, "note"));
    }
    match link_notes {
        0 => {}
        1 => lost.push("1 note on a link".to_owned()),
        n => lost.push(format!("{n} notes on links")),
    }
    lost.extend(super::outgoing::coding_left_out(
        (
            left(relations, kept.relations),
            left(values, kept.values),
            left(labels, kept.labels),
            left(pieced, kept.pieces),
        ),
        "written",
    ));
    (!lost.is_empty()).then(|| {
        let why = match format {
            ExportFormat::Brat
            | ExportFormat::Qdpx
            | ExportFormat::Qdc
            | ExportFormat::Jsonl
            | ExportFormat::LabelStudio
            | ExportFormat::Xmi
            | ExportFormat::Conll
            | ExportFormat::Conllu => format!("as {format} has no place for them"),
            ExportFormat::Csv if csv_folder(out) => "as csv has no place for them".to_owned(),
            ExportFormat::Csv => {
                "as one CSV table has no place for them (export into a folder for relations.csv and documents.csv)".to_owned()
            }
            _ => format!("as the {format} export does not carry them yet"),
        };
        format!("not written, {why}: {}", lost.join(", "))
    })
}

/// Whether a CSV export goes into a folder (three tables): an existing folder, or a path
/// without an extension.
pub fn csv_folder(out: &Path) -> bool {
    out.is_dir() || out.extension().is_none()
}

/// What of the coding beyond spans a format holds.
struct Carries {
    notes: bool,
    link_notes: bool,
    relations: bool,
    values: bool,
    labels: bool,
    pieces: bool,
}

/// What each export writes of the coding beyond spans: the README's export table says the same.
fn carries(format: ExportFormat) -> Carries {
    // Notes, notes on links, links, values, labels, pieces.
    let (notes, link_notes, relations, values, labels, pieces) = match format {
        ExportFormat::Brat => (true, true, true, true, false, true),
        ExportFormat::Jsonl => (false, false, true, false, false, false),
        ExportFormat::LabelStudio => (true, false, true, true, true, false),
        ExportFormat::Xmi => (true, true, true, true, true, false),
        ExportFormat::W3c => (true, true, true, true, true, true),
        // Pieces become a selection each, which `qdpx` reports itself.
        ExportFormat::Qdpx => (true, true, true, false, true, true),
        ExportFormat::Qdc => (true, true, true, true, true, true),
        // Into a folder, links and labels too (see `coding_not_written`).
        ExportFormat::Csv => (true, false, false, true, false, false),
        // Pieces become an entity each, which `conll` reports itself.
        ExportFormat::Conll | ExportFormat::Conllu => (false, false, false, false, false, true),
    };
    Carries {
        notes,
        link_notes,
        relations,
        values,
        labels,
        pieces,
    }
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
