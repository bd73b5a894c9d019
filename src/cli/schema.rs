//! `annotary schema`: a project's tags and schema to and from brat's `annotation.conf`.

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, bail};

use crate::edit::EditError;
use crate::formats::project_file;
use crate::model::now;
use crate::workspace::files;

use super::import::print;

/// Writes the tags and schema of the project at `file` to `conf`.
pub fn export_schema(
    file: &Path,
    conf: &Path,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<()> {
    let project = project_file::load(file)?;
    let report = files::export_schema(&project, conf).map_err(|e| anyhow!(e))?;
    print(&report, out, err)?;
    Ok(())
}

/// Takes the types of `conf` into the project at `file` and saves it; leaves the file as it
/// was when the configuration adds nothing or does not fit the coding.
pub fn import_schema(
    file: &Path,
    conf: &Path,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<()> {
    let mut project = project_file::load(file)?;
    let (command, report) = files::import_schema(&project, conf).map_err(|e| anyhow!(e))?;
    print(&report, out, err)?;
    let Some(command) = command else {
        bail!(
            "the schema is already so; {} was left as it was",
            file.display()
        );
    };
    match command.apply(&mut project, now()) {
        Ok(_) | Err(EditError::Nothing) => {}
        Err(error) => bail!(
            "{}: the schema could not be taken in: {error}",
            file.display()
        ),
    }
    project_file::save(&project, file)?;
    writeln!(out, "Saved {}.", file.display())?;
    Ok(())
}
