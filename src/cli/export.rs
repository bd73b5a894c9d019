//! `annotary export`: write a project's annotations in another tool's format.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::formats::export::{self, ExportFormat, Selection};
use crate::formats::project_file;
use crate::model::DocumentId;
use crate::workspace::files;

/// Exports, then reports what was written on `out` and what the format could not hold on
/// `err`, in the window's words.
pub fn export(
    file: &Path,
    format: ExportFormat,
    to: &Path,
    layer: Option<String>,
    documents: Option<Vec<String>>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<()> {
    files::refuse_overwriting_project(Some(file), to).map_err(anyhow::Error::msg)?;
    let project = project_file::load(file)?;
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
    Ok(())
}
