//! Exports: the formats that take annotations out, and the one call that writes any of
//! them. Each format is one file beside this one (what they share, which annotations go out
//! and how far it has got, is `outgoing`); all offsets follow FORMATS.md.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::model::Project;

pub use super::outgoing::{Chosen, ExportError, Exported, Progress, Selection, choose, write};
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
