//! `annotary import`: bring documents or another tool's annotations into a project, with
//! the window's own preview and report: what would come in is worked out first, and the
//! project is written only when something comes in (not at all with `--dry-run`, nor with
//! `--strict` when anything would be left out).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::edit::EditError;
use crate::formats::import_format::ImportFormat;
use crate::formats::new_documents::NewsExports;
use crate::formats::project_file;
use crate::model::{Project, now};
use crate::workspace::files::Report;
use crate::workspace::imports::{ImportPlan, Tense};

/// What `annotary import` reads, where it goes, and how.
#[derive(Clone, Debug, clap::Args)]
pub struct ImportOptions {
    /// One of txt, md, html, docx, odt, rtf, epub, pdf, brat, jsonl, labelstudio, csv, w3c, xmi, qdpx, qdc.
    #[arg(long)]
    pub format: ImportFormat,
    /// Files or folders (a brat collection is a folder, possibly nested, or one .ann).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The project to import into.
    #[arg(long)]
    pub into: PathBuf,
    /// The layer (annotator) the annotations go into; created if new; the project's
    /// first if not given.
    #[arg(long)]
    pub layer: Option<String>,
    /// Print what would come in, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Exit 1 and write nothing if anything the files give would not come in.
    #[arg(long)]
    pub strict: bool,
    /// Import each news-database export (Nexis) as one document instead of splitting it
    /// into its articles.
    #[arg(long)]
    pub whole: bool,
}

/// Imports the inputs into the project (made if it does not exist), saves it, and
/// reports: the summary on `out`, the details and what could not come in on `err`.
pub fn import(
    options: &ImportOptions,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<()> {
    let (format, inputs, into) = (options.format, &options.inputs, options.into.as_path());
    if let Some(missing) = inputs.iter().find(|p| !p.exists()) {
        bail!(
            "{}: no such file or folder; nothing imported, {} was left as it was",
            missing.display(),
            into.display()
        );
    }
    let news = if options.whole {
        NewsExports::Whole
    } else {
        NewsExports::Split
    };
    let (project, plan) = planned(format, inputs, into, options.layer.as_deref(), news)?;
    let not_imported = plan.not_imported();
    let Some(command) = plan.command.as_ref().filter(|_| !options.dry_run) else {
        print(&plan.report(Tense::Preview), out, err)?;
        if options.dry_run {
            writeln!(out, "Dry run: {} was not written.", into.display())?;
            return strict(options, not_imported, into);
        }
        if plan.already_present() > 0 {
            // Imported before: the project already holds it, which is what was asked.
            return strict(options, not_imported, into);
        }
        bail!("nothing imported; {} was left as it was", into.display());
    };
    if options.strict && not_imported > 0 {
        print(&plan.report(Tense::Preview), out, err)?;
        return strict(options, not_imported, into);
    }
    let mut project = project;
    match command.clone().apply(&mut project, now()) {
        Ok(_) | Err(EditError::Nothing) => {}
        Err(error) => bail!(
            "{}: the import could not be applied: {error}",
            into.display()
        ),
    }
    project_file::save(&project, into)?;
    print(&plan.report(Tense::Done), out, err)?;
    writeln!(out, "Saved {}.", into.display())?;
    Ok(())
}

/// The project to import into (loaded, or new) and what the import would do to it. A
/// project the import creates starts with the schema the files bring, or with the default
/// tags when they bring none.
fn planned(
    format: ImportFormat,
    inputs: &[PathBuf],
    into: &Path,
    layer: Option<&str>,
    news: NewsExports,
) -> anyhow::Result<(Project, ImportPlan)> {
    let existing = into.exists();
    let mut project = if existing {
        project_file::load(into)?
    } else {
        let title = into.file_stem().map_or_else(
            || "Imported".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        Project::new(&title, layer.unwrap_or("imported"))
    };
    let layer = layer.map_or_else(|| project.layers()[0].name.clone(), str::to_owned);
    if format.brings_documents() {
        let plan = ImportPlan::with_news(&project, format, inputs, &layer, news);
        return Ok((project, plan));
    }
    let read = format.read(inputs, &project);
    let brings_tags = !read.tags.is_empty() || read.documents.iter().any(|d| !d.spans.is_empty());
    if !existing && brings_tags {
        project = project.without_tags_or_schema();
    }
    let plan = ImportPlan::of_read(&project, format, inputs, &layer, read);
    Ok((project, plan))
}

/// With `--strict`, the error for an import that would leave things out.
fn strict(options: &ImportOptions, not_imported: usize, into: &Path) -> anyhow::Result<()> {
    if options.strict && not_imported > 0 {
        bail!(
            "--strict: {} the files give would not be imported; {} was left as it was",
            crate::model::counted(not_imported, "thing"),
            into.display()
        );
    }
    Ok(())
}

/// A report as the CLI prints it: the summary on standard output, the details (what was
/// renamed, re-anchored, already present or could not be carried over) on standard error.
pub fn print(report: &Report, out: &mut impl Write, err: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{}", report.summary)?;
    for line in report.details.iter().chain(&report.problems) {
        writeln!(err, "{line}")?;
    }
    Ok(())
}
