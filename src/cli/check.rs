//! `annotary check`: validate project files without a window.

use std::io::Write;
use std::path::PathBuf;

use crate::formats::project_file;
use crate::model::counted;

/// Checks each file, writing a summary line for a good one and every problem of a bad one.
/// Returns true when all files are valid.
pub fn check(paths: &[PathBuf], out: &mut impl Write, err: &mut impl Write) -> bool {
    let mut all_valid = true;
    for path in paths {
        match project_file::load(path) {
            Ok(project)
                if !project.decision_problems().is_empty()
                    || !project.coding_problems().is_empty()
                    || !project.conflicts().is_empty() =>
            {
                all_valid = false;
                for problem in project
                    .coding_problems()
                    .into_iter()
                    .chain(project.decision_problems())
                    .chain(project.conflict_problems())
                {
                    let _ = writeln!(err, "{}: {problem}", path.display());
                }
            }
            Ok(project) => {
                let summary = summary(&project);
                let _ = if paths.len() == 1 {
                    writeln!(out, "{summary}")
                } else {
                    writeln!(out, "{}: {summary}", path.display())
                };
            }
            Err(error) => {
                all_valid = false;
                let _ = writeln!(err, "{error}");
            }
        }
    }
    all_valid
}

/// "5 documents, 30 annotations, 2 layers", with the relations when there are any.
pub fn summary(project: &crate::model::Project) -> String {
    let mut parts = vec![
        counted(project.documents().len(), "document"),
        counted(project.annotations().len(), "annotation"),
    ];
    if !project.relations().is_empty() {
        parts.push(counted(project.relations().len(), "relation"));
    }
    parts.push(counted(project.layers().len(), "layer"));
    parts.join(", ")
}
