//! Completing a typed path, for the path field the window offers where the system's file
//! dialog is missing (a Linux desktop without a portal or zenity) or when a path is typed
//! on purpose: what the folder typed so far holds, and whether a path fits the request.

use std::path::{Path, PathBuf};

use super::intent::Pick;

/// The most entries offered at once.
const SHOWN: usize = 12;

/// `typed` with a leading `~` as the home folder.
pub fn expanded(typed: &str) -> PathBuf {
    let home = || std::env::var_os("HOME").map(PathBuf::from);
    match typed.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => match home() {
            Some(home) => home.join(rest.trim_start_matches('/')),
            None => PathBuf::from(typed),
        },
        _ => PathBuf::from(typed),
    }
}

/// The entries of the folder `typed` is in whose names start with what follows its last
/// `/`, as typed paths (a folder ends in `/`), folders first, then files with one of
/// `extensions` (any file when empty, none when picking a folder), each sorted by name.
pub fn completions(typed: &str, pick: Pick, extensions: &[&str]) -> Vec<String> {
    let (folder_typed, prefix) = match typed.rfind('/') {
        Some(at) => (&typed[..=at], &typed[at + 1..]),
        None => ("", typed),
    };
    let folder = if folder_typed.is_empty() {
        PathBuf::from(".")
    } else {
        expanded(folder_typed)
    };
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut folders = Vec::new();
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // Hidden entries only when asked for by typing the dot.
        if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
            continue;
        }
        if entry.path().is_dir() {
            folders.push(format!("{folder_typed}{name}/"));
        } else if pick != Pick::Folder && fits_extension(&name, extensions) {
            files.push(format!("{folder_typed}{name}"));
        }
    }
    folders.sort();
    files.sort();
    folders.into_iter().chain(files).take(SHOWN).collect()
}

fn fits_extension(name: &str, extensions: &[&str]) -> bool {
    extensions.is_empty()
        || Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// What the completions have in common beyond `typed`: what Tab adds.
pub fn common_prefix(typed: &str, completions: &[String]) -> String {
    let Some(first) = completions.first() else {
        return typed.to_owned();
    };
    let mut common = first.clone();
    for other in &completions[1..] {
        let same = common
            .char_indices()
            .zip(other.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((at, a), _)| at + a.len_utf8());
        common.truncate(same);
    }
    if common.len() > typed.len() {
        common
    } else {
        typed.to_owned()
    }
}

/// Why `path` does not do for what is asked, if it does not: a file to open must exist,
/// a folder be a folder, a file to write go into a folder that exists.
pub fn unfit(path: &Path, pick: Pick) -> Option<String> {
    let shown = path.display();
    match pick {
        Pick::File if !path.is_file() => Some(format!("{shown} is not a file")),
        Pick::Folder if !path.is_dir() => Some(format!("{shown} is not a folder")),
        Pick::Files if !path.exists() => Some(format!("{shown} does not exist")),
        Pick::Save if path.is_dir() => Some(format!("{shown} is a folder; add a file name")),
        Pick::Save => {
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
            match folder {
                Some(folder) if !folder.is_dir() => {
                    Some(format!("the folder {} does not exist", folder.display()))
                }
                _ => None,
            }
        }
        _ => None,
    }
}
