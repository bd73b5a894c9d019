//! The demo project: the sample articles with example annotations by two annotators.

use std::path::{Path, PathBuf};

use crate::formats::project_file;
use crate::model::Project;

/// Compiled in, so the demo opens even when the binary runs away from its source tree.
const EMBEDDED: &str = include_str!("../../projects/demo.ron");

/// The demo file in the source tree, when running from it (as `cargo run` does).
pub fn demo_path() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo.ron");
    path.exists().then_some(path)
}

/// The demo as built into the binary; an empty project if it somehow fails to parse.
pub fn embedded_demo() -> Project {
    project_file::from_str(EMBEDDED, Path::new("projects/demo.ron")).unwrap_or_default()
}
