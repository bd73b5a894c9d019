//! Choosing files where the system's dialog is missing: the in-app path field (Tab
//! completes, Enter opens, a wrong path is refused in words), File ▸ Open recent, and a
//! path typed in the palette.

mod common;

use std::path::{Path, PathBuf};

use annotary::formats::project_file;
use annotary::ui::AnnotaryApp;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The app on a copy of the demo, with a colleague's project beside it.
fn app() -> (
    Harness<'static, AnnotaryApp>,
    tempfile::TempDir,
    PathBuf,
    PathBuf,
) {
    let (folder, demo) = common::window::demo_copy();
    let mut other = project_file::load(&demo).expect("loads");
    other.title = "Their study".into();
    let theirs = folder.path().join("their-study.ron");
    project_file::save(&other, &theirs).expect("save");
    let harness = common::window::app_on(&demo, common::window::SIZE, |app| app);
    (harness, folder, demo, theirs)
}

fn open_path(harness: &Harness<'_, AnnotaryApp>) -> Option<PathBuf> {
    harness.state().workspace().path().map(Path::to_owned)
}

fn type_in(harness: &mut Harness<'_, AnnotaryApp>, text: &str) {
    harness.event(egui::Event::Text(text.into()));
    harness.run();
}

#[test]
fn the_path_field_completes_refuses_in_words_and_opens() {
    let (mut harness, folder, _demo, theirs) = app();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    // The field starts empty here (no folder suggested): type the folder and a prefix.
    let field = harness.get_by_role_and_label(Role::TextInput, "Path");
    assert!(field.is_focused());
    type_in(
        &mut harness,
        &format!("{}/nope.ron", folder.path().display()),
    );
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label_contains("is not a file");
    assert_ne!(open_path(&harness).as_deref(), Some(theirs.as_path()));

    for _ in 0.."nope.ron".len() {
        harness.key_press(Key::Backspace);
    }
    type_in(&mut harness, "the");
    // The folder's entries are listed; Tab completes what they share.
    harness.get_by_label(&format!("{}/their-study.ron", folder.path().display()));
    harness.key_press(Key::Tab);
    harness.run();
    let field = harness.get_by_role_and_label(Role::TextInput, "Path");
    assert_eq!(
        field.value().as_deref(),
        Some(theirs.to_str().expect("utf-8"))
    );
    harness.key_press(Key::Enter);
    harness.run();
    harness.run();
    assert_eq!(open_path(&harness).as_deref(), Some(theirs.as_path()));
    assert_eq!(harness.state().workspace().project().title, "Their study");
}

#[test]
fn escape_closes_the_path_field_and_nothing_opens() {
    let (mut harness, _folder, demo, _theirs) = app();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Path");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Path")
            .is_none()
    );
    assert_eq!(open_path(&harness).as_deref(), Some(demo.as_path()));
}

#[test]
fn open_recent_lists_the_project_left_and_reopens_it() {
    let (mut harness, _folder, demo, theirs) = app();
    harness
        .state_mut()
        .queue(annotary::workspace::FileIntent::Open(Some(theirs.clone())));
    harness.run();
    harness.run();
    assert_eq!(open_path(&harness).as_deref(), Some(theirs.as_path()));
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open recent").hover();
    harness.run();
    harness.get_by_label("demo.ron").click();
    harness.run();
    harness.run();
    assert_eq!(open_path(&harness).as_deref(), Some(demo.as_path()));
}

#[test]
fn a_path_typed_in_the_palette_opens_that_project() {
    let (mut harness, _folder, _demo, theirs) = app();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    type_in(&mut harness, theirs.to_str().expect("utf-8"));
    harness.get_by_label(&format!("Open project {}", theirs.display()));
    harness.key_press(Key::Enter);
    harness.run();
    harness.run();
    assert_eq!(open_path(&harness).as_deref(), Some(theirs.as_path()));
}
