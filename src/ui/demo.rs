//! The demo project: the sample articles with example annotations by two annotators.

use std::path::{Path, PathBuf};

use crate::formats::project_file;
use crate::model::Project;

/// Compiled in, so the demo opens wherever the binary runs.
const EMBEDDED: &str = include_str!("../../projects/demo.ron");

/// The researcher's own copy of the demo in the app's data folder (on Linux
/// `~/.local/share/annotary/demo.ron`), written from the built-in demo the first time.
/// Saving changes it, never the demo shipped in the source tree.
pub fn user_copy() -> Option<PathBuf> {
    let folder = eframe::storage_dir("annotary")?;
    let path = folder.join("demo.ron");
    if !path.exists() {
        std::fs::create_dir_all(&folder).ok()?;
        std::fs::write(&path, EMBEDDED).ok()?;
    }
    Some(path)
}

/// The demo as built into the binary, unsaved; an empty project if it somehow fails to parse.
pub fn embedded_demo() -> Project {
    project_file::from_str(EMBEDDED, Path::new("projects/demo.ron")).unwrap_or_default()
}
