//! The real app, headless, for the window's tests: on a copy of the demo project, or on
//! a project file, at a window size.

use std::path::{Path, PathBuf};

use annotary::formats::project_file;
use annotary::ui::AnnotaryApp;
use egui::{Vec2, vec2};
use egui_kittest::Harness;

/// The size most window tests use.
pub const SIZE: Vec2 = vec2(1400.0, 900.0);

/// A copy of the demo project in a temporary folder.
pub fn demo_copy() -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("demo.ron");
    std::fs::copy(super::demo_path(), &path).expect("copy demo");
    (folder, path)
}

/// The app on the project at `path`, made ready by `ready` (what it remembers, say), after
/// its first frame.
pub fn app_on(
    path: &Path,
    size: Vec2,
    ready: impl FnOnce(AnnotaryApp) -> AnnotaryApp + 'static,
) -> Harness<'static, AnnotaryApp> {
    let project = project_file::load(path).expect("the project loads");
    let path = path.to_owned();
    let mut harness = Harness::builder()
        .with_size(size)
        .build_eframe(move |_cc| ready(AnnotaryApp::with_project(project, Some(path))));
    harness.run();
    harness
}

/// The app on a copy of the demo project.
pub fn app_on_demo(size: Vec2) -> (Harness<'static, AnnotaryApp>, tempfile::TempDir) {
    let (folder, path) = demo_copy();
    (app_on(&path, size, |app| app), folder)
}
