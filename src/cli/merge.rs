//! `annotary merge-driver` and `annotary git-setup`: git merges project files record by
//! record, so two coders who pulled each other's work never see conflict markers in one.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use crate::edit::merge;
use crate::formats::project_file;
use crate::model::{Project, counted};

/// How a merge ended, as git reads the driver's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeEnd {
    /// Merged cleanly; OURS holds the result.
    Clean,
    /// Merged with conflicts listed in the project; OURS holds it, git marks it conflicted.
    Conflicts,
    /// Could not merge; OURS is left as it was.
    Failed,
}

impl MergeEnd {
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Clean => 0,
            Self::Conflicts => 1,
            Self::Failed => 2,
        }
    }
}

/// Merges THEIRS into OURS (git's %A, replaced with the result) from their common
/// ancestor BASE (empty when both sides added the file). `name` is the project's path in
/// the repository, for messages.
pub fn merge_driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    name: Option<&Path>,
    err: &mut impl Write,
) -> MergeEnd {
    let name = name.unwrap_or(ours);
    // Each side is read once; `*.ron` also matches RON files that are not projects, and
    // those git merges as text.
    let read =
        |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let texts = [read(base), read(ours), read(theirs)];
    let is_project = |text: &Result<String, String>| {
        text.as_ref()
            .is_ok_and(|t| t.trim().is_empty() || t.contains("format_version"))
    };
    if !texts.iter().all(is_project) {
        return text_merge(base, ours, theirs, name, err);
    }
    let side = |text: &Result<String, String>, which: &str| -> Result<Option<Project>, String> {
        let text = text.as_ref().map_err(String::clone)?;
        if text.trim().is_empty() {
            return Ok(None);
        }
        let label = PathBuf::from(format!("{} ({which})", name.display()));
        project_file::from_str(text, &label)
            .map(Some)
            .map_err(|e| e.to_string())
    };
    let loaded = (|| {
        let base = side(&texts[0], "common ancestor")?;
        let mine = side(&texts[1], "ours")?
            .ok_or_else(|| format!("{}: our side is empty", name.display()))?;
        let other = side(&texts[2], "theirs")?
            .ok_or_else(|| format!("{}: their side is empty", name.display()))?;
        Ok::<_, String>((base, mine, other))
    })();
    let (base, mine, other) = match loaded {
        Ok(sides) => sides,
        Err(why) => {
            let _ = writeln!(
                err,
                "annotary merge: {why}\nannotary merge: {} left as our version",
                name.display()
            );
            return MergeEnd::Failed;
        }
    };
    let merged = match merge(base.as_ref(), &mine, &other) {
        Ok(merged) => merged,
        Err(problems) => {
            for problem in problems {
                let _ = writeln!(err, "annotary merge: {}: {problem}", name.display());
            }
            let _ = writeln!(
                err,
                "annotary merge: {} left as our version",
                name.display()
            );
            return MergeEnd::Failed;
        }
    };
    if let Err(why) = std::fs::write(ours, project_file::to_string(&merged.project)) {
        let _ = writeln!(err, "annotary merge: {}: {why}", ours.display());
        return MergeEnd::Failed;
    }
    if merged.renumbered > 0 {
        let _ = writeln!(
            err,
            "annotary merge: {}: {} of theirs renumbered apart from ours",
            name.display(),
            counted(merged.renumbered, "id")
        );
    }
    let conflicts = merged.project.conflicts();
    if conflicts.is_empty() {
        return MergeEnd::Clean;
    }
    let _ = writeln!(
        err,
        "annotary merge: {}: {} (open it in Annotary to keep mine or theirs):",
        name.display(),
        counted(conflicts.len(), "conflict")
    );
    for conflict in conflicts {
        let _ = writeln!(err, "  {}", conflict.key);
    }
    MergeEnd::Conflicts
}

/// git's own line-by-line merge, for a `.ron` file that is not an Annotary project.
fn text_merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    name: &Path,
    err: &mut impl Write,
) -> MergeEnd {
    let status = Process::new("git")
        .arg("merge-file")
        .args([ours, base, theirs])
        .status();
    match status {
        Ok(status) if status.success() => MergeEnd::Clean,
        Ok(status) if status.code().is_some_and(|c| c > 0) => {
            let _ = writeln!(
                err,
                "annotary merge: {} is not a project; merged as text, with conflict markers",
                name.display()
            );
            MergeEnd::Conflicts
        }
        _ => {
            let _ = writeln!(
                err,
                "annotary merge: {} is not a project and git merge-file failed",
                name.display()
            );
            MergeEnd::Failed
        }
    }
}

/// Registers the merge driver for the repository holding `folder`: the `.gitattributes`
/// line (committed, so the whole team's clones use it) and this clone's git config.
pub fn git_setup(folder: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let top = git(folder, &["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(top.trim());
    let attributes = top.join(".gitattributes");
    let line = "*.ron merge=annotary";
    let existing = std::fs::read_to_string(&attributes).unwrap_or_default();
    if existing.lines().any(|l| l.trim() == line) {
        writeln!(out, "{} already has {line:?}", attributes.display())?;
    } else {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(line);
        text.push('\n');
        std::fs::write(&attributes, text)?;
        writeln!(
            out,
            "added {line:?} to {} (commit it)",
            attributes.display()
        )?;
    }
    let exe = std::env::current_exe()?;
    let driver = format!(
        "{} merge-driver %O %A %B %P",
        shell_quoted(&exe.to_string_lossy())
    );
    git(
        &top,
        &[
            "config",
            "merge.annotary.name",
            "Annotary project files, record by record",
        ],
    )?;
    git(&top, &["config", "merge.annotary.driver", &driver])?;
    writeln!(out, "git config merge.annotary.driver = {driver}")?;
    if let Some(why) = passing_build(&exe) {
        writeln!(
            out,
            "note: this annotary is {why}; the driver stops working when that goes. Install it (`cargo install --path .`) and run `annotary git-setup` again from the installed one"
        )?;
    }
    writeln!(
        out,
        "every coder runs `annotary git-setup` once in their clone (git does not share config)"
    )?;
    Ok(())
}

/// Why the program at `exe` may not be there next month: a build inside a cargo
/// `target` folder (cleaned, rebuilt elsewhere) or a file in the temporary folder.
fn passing_build(exe: &Path) -> Option<&'static str> {
    // Cargo marks its target folders with a CACHEDIR.TAG, wherever they are.
    let in_target = exe
        .ancestors()
        .skip(1)
        .take(4)
        .any(|folder| folder.join("CACHEDIR.TAG").is_file());
    if exe.starts_with(std::env::temp_dir()) {
        Some("in the temporary folder")
    } else if in_target {
        Some("a build in a cargo target folder")
    } else {
        None
    }
}

/// Runs git in `folder`, giving its output or why it failed.
fn git(folder: &Path, args: &[&str]) -> anyhow::Result<String> {
    let output = Process::new("git")
        .args(args)
        .current_dir(folder)
        .output()
        .map_err(|e| anyhow::anyhow!("could not run git ({e}); is it installed?"))?;
    if !output.status.success() {
        anyhow::bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `text` as one word for the shell git runs the driver with.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}
