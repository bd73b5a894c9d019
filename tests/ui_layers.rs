//! Annotators' layers in the window, as a new coder meets them: add one's own from the
//! palette, rename, remove (asked first, one undo step), and find it chosen on relaunch.

mod common;

use annotary::ui::AnnotaryApp;
use annotary::workspace::ViewIntent;
use egui::accesskit::Role;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn app(remembered: Option<&str>) -> (Harness<'static, AnnotaryApp>, tempfile::TempDir) {
    let (folder, path) = common::window::demo_copy();
    app_on(&path, remembered, folder)
}

/// The app on `path`, remembering what `remembered` says, as a relaunch would.
fn app_on(
    path: &std::path::Path,
    remembered: Option<&str>,
    folder: tempfile::TempDir,
) -> (Harness<'static, AnnotaryApp>, tempfile::TempDir) {
    let remembered = remembered.map(str::to_owned);
    let harness =
        common::window::app_on(path, common::window::SIZE, move |app| match &remembered {
            Some(text) => app.remembering(text),
            None => app,
        });
    (harness, folder)
}

fn open_layers_from_the_palette(harness: &mut Harness<'_, AnnotaryApp>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Command")
        .type_text("layers");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("Layers");
}

fn layers(harness: &Harness<'_, AnnotaryApp>) -> Vec<String> {
    let project = harness.state().workspace().project();
    project.layers().iter().map(|l| l.name.clone()).collect()
}

fn held(harness: &Harness<'_, AnnotaryApp>, layer: &str) -> usize {
    let project = harness.state().workspace().project();
    project
        .annotations()
        .iter()
        .filter(|a| a.layer == layer)
        .count()
}

#[test]
fn a_new_coder_adds_their_own_layer_from_the_palette_and_codes_in_it() {
    let (mut harness, _folder) = app(None);
    open_layers_from_the_palette(&mut harness);
    harness
        .get_by_role_and_label(Role::TextInput, "New layer")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "New layer")
        .type_text("Zoë");
    harness.run();
    harness.get_by_label("Add layer").click();
    harness.run();
    assert_eq!(layers(&harness), ["AK", "BM", "Zoë"]);
    assert_eq!(
        harness.state().workspace().view().layer,
        "Zoë",
        "the new layer is the current one"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(layers(&harness), ["AK", "BM"], "adding is one undo step");
}

#[test]
fn renaming_a_layer_carries_its_annotations() {
    let (mut harness, _folder) = app(None);
    let bm = held(&harness, "BM");
    assert!(bm > 0);
    open_layers_from_the_palette(&mut harness);
    harness.get_by_label("Rename BM").click();
    harness.run();
    // The field has the keyboard, holding the old name.
    for _ in 0..2 {
        harness.key_press(Key::Backspace);
    }
    harness.event(egui::Event::Text("Bea".into()));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(layers(&harness), ["AK", "Bea"]);
    assert_eq!((held(&harness, "Bea"), held(&harness, "BM")), (bm, 0));
}

#[test]
fn removing_a_layer_that_holds_annotations_asks_first_and_is_one_undo_step() {
    let (mut harness, _folder) = app(None);
    let bm = held(&harness, "BM");
    let all = harness.state().workspace().project().annotations().len();
    open_layers_from_the_palette(&mut harness);
    harness.get_by_label("Remove BM").click();
    harness.run();
    assert_eq!(
        layers(&harness),
        ["AK", "BM"],
        "nothing removed before the answer"
    );
    harness.get_by_label_contains(&format!("Remove layer BM and its {bm} annotations"));
    harness.get_by_label("Remove layer BM").click();
    harness.run();
    assert_eq!(layers(&harness), ["AK"]);
    assert_eq!(
        harness.state().workspace().project().annotations().len(),
        all - bm
    );
    assert_eq!(
        harness.state().workspace().history().undo_label(),
        Some("remove layer BM")
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(layers(&harness), ["AK", "BM"]);
    assert_eq!(
        harness.state().workspace().project().annotations().len(),
        all
    );
}

#[test]
fn a_relaunch_returns_to_the_layer_and_article_being_worked_in() {
    let (mut harness, folder) = app(None);
    let third = harness.state().workspace().project().documents()[2]
        .id
        .clone();
    harness.state_mut().queue(ViewIntent::SetLayer("BM".into()));
    harness
        .state_mut()
        .queue(ViewIntent::OpenDocument(third.clone()));
    harness.run();
    let remembered = harness.state().remembered();
    let path = harness
        .state()
        .workspace()
        .path()
        .expect("a file")
        .to_owned();
    drop(harness);

    let (harness, _folder) = app_on(&path, Some(&remembered), folder);
    let view = harness.state().workspace().view();
    assert_eq!(view.layer, "BM");
    assert_eq!(view.document.as_ref(), Some(&third));
}

#[test]
fn a_project_that_failed_to_open_leaves_the_last_one_remembered() {
    let (harness, folder) = app(None);
    let remembered = harness.state().remembered();
    let last = harness
        .state()
        .workspace()
        .path()
        .expect("a file")
        .to_owned();
    drop(harness);
    // The next launch could not open anything: the window is on an untitled project.
    let broken = folder.path().join("broken.ron");
    std::fs::write(&broken, "(format_version: 1, title: \"half").expect("write");
    let mut harness = Harness::builder()
        .with_size(vec2(1000.0, 700.0))
        .build_eframe(move |_cc| {
            let mut app =
                AnnotaryApp::with_project(annotary::workspace::Workspace::untitled(), None)
                    .remembering(&remembered);
            app.apply(annotary::workspace::FileIntent::Open(Some(broken)));
            app
        });
    harness.run();
    assert!(
        harness.state().workspace().path().is_none(),
        "nothing opened"
    );
    assert!(
        harness.state().remembered().contains(&format!(
            "last_project:Some({:?})",
            last.to_str().expect("utf-8")
        )),
        "the last project is still remembered: {}",
        harness.state().remembered()
    );
}
