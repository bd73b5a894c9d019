//! For every researcher: the whole window zooms as a browser does (Ctrl+= or Ctrl++ and
//! Ctrl+- by a step, Ctrl+0 back, the same from the View menu, which shows the keys), and
//! the schema editor warns of tags a colour-blind coder would not tell apart.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn the_window_zooms_from_the_keys_and_the_view_menu() {
    let (mut harness, _folder) = common::window::app_on_demo(common::window::SIZE);
    // The View menu's theme buttons are egui's, with emoji the test fonts lack.
    harness
        .ctx
        .set_missing_glyph_policy(egui::epaint::text::MissingGlyphPolicy::Tofu);
    harness.run();
    let zoom = |h: &egui_kittest::Harness<'_, _>| h.ctx.zoom_factor();
    assert_eq!(zoom(&harness), 1.0);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    harness.run();
    let larger = zoom(&harness);
    assert!(larger > 1.0, "Ctrl+= zooms in: {larger}");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    harness.run();
    assert!(zoom(&harness) > larger, "Ctrl++ zooms in too");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    harness.run();
    assert_eq!(zoom(&harness), 1.0, "Ctrl+0: actual size");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    harness.run();
    assert!(zoom(&harness) < 1.0, "Ctrl+- zooms out");

    // The menu does the same, and says which keys.
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label_contains("Zoom in").click();
    harness.run();
    assert_eq!(zoom(&harness), 1.0, "zoomed in again from the menu");
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label_contains("Zoom in").click();
    harness.run();
    assert!(zoom(&harness) > 1.0);
    harness.get_by_label("View").click();
    harness.run();
    assert!(
        harness.query_by_label_contains("Ctrl+0").is_some(),
        "the menu shows the keys"
    );
    harness.get_by_label_contains("Actual size").click();
    harness.run();
    assert_eq!(zoom(&harness), 1.0);
}

/// The schema editor warns of two tags a colour-blind coder would not tell apart, naming
/// the vision; the default colours draw no warning.
#[test]
fn the_schema_editor_warns_of_tags_that_look_alike() {
    let (folder, path) = common::window::demo_copy();
    let warning = "look alike with protanopia";
    let mut harness = common::window::app_on(&path, common::window::SIZE, |app| app);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    harness.run();
    assert!(
        harness.query_by_label_contains(warning).is_none(),
        "the defaults are apart"
    );
    drop(harness);
    // The colours the tags had before: claim and date alike without red cones.
    let text = std::fs::read_to_string(&path).expect("the demo");
    let before = text
        .replace("\"#dd4400\"", "\"#e4572e\"")
        .replace("\"#00ddaa\"", "\"#27ae60\"");
    assert_ne!(before, text);
    std::fs::write(&path, before).expect("written");
    let mut harness = common::window::app_on(&path, common::window::SIZE, |app| app);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    harness.run();
    harness.get_by_label_contains("“claim” and “date” look alike with protanopia");
    drop(folder);
}
