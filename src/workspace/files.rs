//! Every file the researcher writes out or brings in, as one operation each (imports are
//! planned in `imports`): exports, a colleague's project, the agreement report. The window
//! and `annotary`'s subcommands call these same functions and show the same report text.
//! (The project file itself is `formats::project_file`; saving it is one call.)

use std::path::{Path, PathBuf};

use crate::edit::Command;
use crate::formats::agreement_report;
use crate::formats::colleague::{Brought, bring, colleague_name};
use crate::formats::export::{ExportFormat, Exported};
use crate::formats::project_file::{self, ProjectFileError};
use crate::model::Project;
use crate::model::counted;
use crate::review::agreement::Report as Agreement;

/// What a file operation did, in words: one line that sums it up, the details (new tags,
/// what was renamed or re-anchored, what a format could not hold), then each thing that
/// could not be carried over, with its file and line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub summary: String,
    pub details: Vec<String>,
    pub problems: Vec<String>,
}

/// Problems a report window lists; the rest are counted (the CLI prints them all).
const SHOWN_PROBLEMS: usize = 50;

impl Report {
    /// The report as the window shows it: the summary, the details, the first problems.
    pub fn text(&self) -> String {
        let mut lines = vec![self.summary.clone()];
        lines.extend(self.details.iter().cloned());
        lines.extend(self.problems.iter().take(SHOWN_PROBLEMS).cloned());
        if self.problems.len() > SHOWN_PROBLEMS {
            lines.push(format!(
                "… and {} more not carried over.",
                self.problems.len() - SHOWN_PROBLEMS
            ));
        }
        lines.join("\n")
    }
}

/// Refuses an export over the project file itself or its backup: an export is written
/// plainly, and would replace the project with, say, a CSV.
pub fn refuse_overwriting_project(project: Option<&Path>, out: &Path) -> Result<(), String> {
    let Some(project) = project else {
        return Ok(());
    };
    let mut backup = project.as_os_str().to_owned();
    backup.push(".bak");
    for file in [project, Path::new(&backup)] {
        if same_file(file, out) {
            return Err(format!(
                "{}: that is the project's own file{}; export to another file",
                out.display(),
                if file == project { "" } else { "'s backup" }
            ));
        }
    }
    Ok(())
}

/// Whether two paths name the same file, through links and `..`, whether or not it exists.
fn same_file(a: &Path, b: &Path) -> bool {
    let resolve = |path: &Path| -> Option<PathBuf> {
        if let Ok(real) = path.canonicalize() {
            return Some(real);
        }
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(folder.canonicalize().ok()?.join(path.file_name()?))
    };
    match (resolve(a), resolve(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// What an export wrote, and what the format could not hold.
pub fn exported_report(path: &Path, format: ExportFormat, exported: &Exported) -> Report {
    Report {
        summary: if format == ExportFormat::Qdc {
            format!("Wrote the codebook (the tags) to {} (qdc).", path.display())
        } else {
            format!(
                "Wrote {} from {} to {} ({format}).",
                crate::model::counted(exported.annotations, "annotation"),
                crate::model::counted(exported.documents, "document"),
                path.display()
            )
        },
        details: exported
            .warnings
            .iter()
            .map(|w| format!("Note: {w}"))
            .collect(),
        problems: Vec::new(),
    }
}

/// A colleague's project from `path`, brought into `project`: the change (one undo step,
/// their layers renamed after them where names clash), what was brought, and a report.
pub fn bring_colleague(
    project: &Project,
    path: &Path,
) -> Result<(Command, Brought, Report), ProjectFileError> {
    let theirs = project_file::load(path)?;
    let (command, brought) = bring(project, &theirs, &colleague_name(path));
    let report = brought_report(path, &brought);
    Ok((command, brought, report))
}

fn brought_report(path: &Path, brought: &Brought) -> Report {
    let mut details: Vec<String> = brought
        .layers
        .iter()
        .filter(|(theirs, ours)| theirs != ours)
        .map(|(theirs, ours)| format!("Their layer “{theirs}” is “{ours}” here."))
        .collect();
    if !brought.tags_added.is_empty() {
        details.push(format!("New tags: {}.", brought.tags_added.join(", ")));
    }
    details.extend(brought.notes.iter().cloned());
    Report {
        problems: brought
            .problems
            .iter()
            .map(|p| format!("Not brought: {p}"))
            .collect(),
        summary: format!(
            "Brought {} in {} from {}: {} matched, {} re-anchored.",
            counted(brought.annotations, "annotation"),
            counted(brought.layers.len(), "layer"),
            path.display(),
            counted(brought.documents_matched, "document"),
            counted(brought.reanchored, "annotation")
        ),
        details,
    }
}

/// Writes an agreement report as a self-contained HTML page, or as CSV.
pub fn write_agreement(
    report: &Agreement,
    project_title: &str,
    path: &Path,
    html: bool,
) -> Result<(), String> {
    let text = if html {
        agreement_report::html(report, project_title)
    } else {
        agreement_report::csv(report)
    };
    std::fs::write(path, text)
        .map_err(|error| format!("Could not write {}: {error}", path.display()))
}

/// A file name made from a project title: "Russia recognises…" gives "russia-recognises-…".
pub fn file_stem_for(title: &str) -> String {
    let stem: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches('-').to_owned();
    if stem.is_empty() {
        "project".to_owned()
    } else {
        stem
    }
}

/// The usual file extension of each single-file export.
pub fn export_extension(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::W3c => "jsonld",
        ExportFormat::Xmi => "zip",
        other => other.name(),
    }
}

/// The change that makes the project's tags and schema hold the brat `annotation.conf` at
/// `path` (`None` when it adds nothing), and what it said.
pub fn import_schema(project: &Project, path: &Path) -> Result<(Option<Command>, Report), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = path.display().to_string();
    let text = crate::formats::file_text::string_of(bytes, &name)?;
    let conf = crate::formats::annotation_conf::read(&text, &name, project);
    let mut details = Vec::new();
    if !conf.tags_added.is_empty() {
        details.push(format!("New tags: {}.", conf.tags_added.join(", ")));
    }
    let summary = format!(
        "Read {} and {} from {}.",
        counted(conf.relation_types, "relation type"),
        counted(conf.attributes, "attribute"),
        path.display()
    );
    Ok((
        conf.command,
        Report {
            summary,
            details,
            problems: conf.problems,
        },
    ))
}

/// Writes the project's tags and schema as a brat `annotation.conf` at `path`.
pub fn export_schema(project: &Project, path: &Path) -> Result<Report, String> {
    let (text, lost) = crate::formats::annotation_conf::write(project);
    crate::formats::outgoing::write(path, &text).map_err(|e| e.to_string())?;
    Ok(Report {
        summary: format!(
            "Wrote {}, {} and {} to {}.",
            counted(project.tags().tags.len(), "tag"),
            counted(project.schema().relations.len(), "relation type"),
            counted(project.schema().attributes.len(), "attribute"),
            path.display()
        ),
        details: Vec::new(),
        problems: lost,
    })
}
