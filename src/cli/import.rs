//! `annotary import`: bring documents or another tool's annotations into a project, with
//! the window's own import and its report.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::edit::EditError;
use crate::formats::import_format::ImportFormat;
use crate::formats::project_file;
use crate::model::{Project, now};
use crate::workspace::files::{self, Report};

/// Imports `inputs` in `format` into the project at `into` (made if it does not exist),
/// saves it, and reports: the summary on `out`, what could not come in on `err`.
pub fn import(
    format: ImportFormat,
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
    let (command, report) = if format.brings_documents() {
        let (added, report) = files::import_texts(&project, inputs);
        (added.command, report)
    } else {
        files::import_annotations(&project, format, inputs, &layer)
    };
    let Some(command) = command else {
        // Nothing came in: the project is not rewritten, and the exit status says so.
        print(&report, out, err)?;
        bail!("nothing imported; {} was left as it was", into.display());
    };
    match command.apply(&mut project, now()) {
        Ok(_) | Err(EditError::Nothing) => {}
        Err(error) => bail!(
            "{}: the import could not be applied: {error}",
            into.display()
        ),
    }
    project_file::save(&project, into)?;
    print(&report, out, err)?;
    writeln!(out, "Saved {}.", into.display())?;
    Ok(())
}

/// A report as the CLI prints it: the summary on standard output, the details (what was
/// renamed, re-anchored or could not be carried over) on standard error.
pub fn print(report: &Report, out: &mut impl Write, err: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{}", report.summary)?;
    for line in report.details.iter().chain(&report.problems) {
        writeln!(err, "{line}")?;
    }
    Ok(())
}
