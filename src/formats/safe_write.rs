//! Replacing a file so that nothing is ever lost: the new bytes go to a temporary file
//! beside it, flushed to disk, the old file becomes `NAME.bak` by a hard link and a rename
//! (never a copy that a crash or a full disk could leave half-written), and the temporary
//! file is renamed over the old one. A crash at any point leaves the old file or the new
//! one, and the backup is the previous file or the one before, whole.
//!
//! A read-only file is refused, not replaced; the file keeps its permissions; a symbolic
//! link keeps pointing where it did and its target is replaced; temporary files that a
//! killed save left behind are removed on the next save of the same file.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

/// Why a file could not be replaced; each names the file it is about.
#[derive(Debug)]
pub enum WriteError {
    /// The file is read-only: it is left as it is.
    ReadOnly(PathBuf),
    Io(PathBuf, std::io::Error),
}

/// Writes `bytes` to `path` as described above, keeping the old file as `NAME.bak`.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    replace_with(path, |file| file.write_all(bytes))
}

/// As [`replace`], with the new file's bytes written by `write` (in pieces, buffered),
/// rather than held whole first.
pub fn replace_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let target = link_target(path);
    let old = fs::metadata(&target).ok();
    if old.as_ref().is_some_and(|m| m.permissions().readonly()) {
        return Err(WriteError::ReadOnly(target));
    }
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_owned();
    let name = target
        .file_name()
        .map(OsString::from)
        .ok_or_else(|| WriteError::Io(target.clone(), std::io::Error::other("not a file name")))?;
    remove_stale_temporaries(&folder, &name);
    let temp = folder.join(with_suffix(
        &name,
        &format!(".saving-{}", std::process::id()),
    ));
    let result = write_new(&temp, write, old.as_ref())
        .map_err(|e| WriteError::Io(target.clone(), e))
        .and_then(|()| match &old {
            Some(_) => keep_backup(&target, &folder.join(with_suffix(&name, ".bak"))),
            None => Ok(()),
        })
        .and_then(|()| fs::rename(&temp, &target).map_err(|e| WriteError::Io(target.clone(), e)));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
        return result;
    }
    // Make the renames themselves durable where the platform allows opening a folder.
    if let Ok(dir) = fs::File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Where the bytes go: the file a symbolic link points to (links of links followed), so the
/// link stays a link; the path itself for anything else.
fn link_target(path: &Path) -> PathBuf {
    let mut target = path.to_owned();
    // A loop of links ends here rather than spinning.
    for _ in 0..40 {
        let is_link = fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            break;
        }
        let Ok(next) = fs::read_link(&target) else {
            break;
        };
        target = match target.parent() {
            Some(folder) if next.is_relative() => folder.join(next),
            _ => next,
        };
    }
    target
}

fn with_suffix(name: &OsString, suffix: &str) -> OsString {
    let mut name = name.clone();
    name.push(suffix);
    name
}

/// The new file, whole on disk, with the old file's permissions.
fn write_new(
    temp: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    old: Option<&fs::Metadata>,
) -> std::io::Result<()> {
    let mut file = fs::File::create(temp)?;
    write(&mut file)?;
    if let Some(old) = old {
        file.set_permissions(old.permissions())?;
    }
    file.sync_all()
}

/// `NAME.bak` becomes the old file: a hard link to it, renamed over the previous backup, so
/// it takes no room on a full disk and is never half-written. Where links are not allowed
/// (some file systems), a copy flushed to disk takes its place, also renamed into place.
fn keep_backup(target: &Path, backup: &Path) -> Result<(), WriteError> {
    let failed = |e| WriteError::Io(backup.to_owned(), e);
    let mut temp = backup.as_os_str().to_owned();
    temp.push(format!(".saving-{}", std::process::id()));
    let temp = PathBuf::from(temp);
    let _ = fs::remove_file(&temp);
    if fs::hard_link(target, &temp).is_err() {
        fs::copy(target, &temp).map_err(failed)?;
        fs::File::open(&temp)
            .and_then(|f| f.sync_all())
            .map_err(failed)?;
    }
    fs::rename(&temp, backup).map_err(|e| {
        let _ = fs::remove_file(&temp);
        failed(e)
    })
}

/// Removes `NAME.saving-PID` and `NAME.bak.saving-PID` files that a killed save of this file
/// left behind: those of processes that no longer run (or, where that cannot be told, an
/// hour old). Another file's, or a running save's, are left alone.
fn remove_stale_temporaries(folder: &Path, name: &OsString) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let name = name.to_string_lossy();
    let prefixes = [format!("{name}.saving-"), format!("{name}.bak.saving-")];
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = prefixes.iter().find_map(|p| file.strip_prefix(p.as_str())) else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && !still_running(pid, &entry.path()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn still_running(pid: u32, file: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.is_dir() {
        return proc.join(pid.to_string()).exists();
    }
    let age = fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    age.is_none_or(|age| age.as_secs() < 3600)
}
