//! `annotary export`: write a project's annotations in another tool's format.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::formats::export::{self, ExportFormat, Selection};
use crate::formats::project_file;
use crate::model::DocumentId;

/// Exports, then reports what was written on `out` and each warning on `err`.
pub fn export(
    file: &Path,
    format: ExportFormat,
    to: &Path,
    layer: Option<String>,
    documents: Option<Vec<String>>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<()> {
    let project = project_file::load(file)?;
    let selection = Selection {
        layer,
        documents: documents.map(|ids| ids.into_iter().map(DocumentId).collect()),
    };
    // On a terminal, say what is under way; piped, print only the result.
    let on_terminal = std::io::stderr().is_terminal();
    if on_terminal {
        eprint!(
            "exporting {} to {} ({format})…",
            file.display(),
            to.display()
        );
    }
    let exported = export::export(&project, format, to, &selection);
    if on_terminal {
        eprintln!(" done");
    }
    let exported = exported?;
    writeln!(
        out,
        "wrote {} annotations from {} documents to {} ({format})",
        exported.annotations,
        exported.documents,
        to.display()
    )?;
    for warning in &exported.warnings {
        writeln!(err, "warning: {warning}")?;
    }
    Ok(())
}
