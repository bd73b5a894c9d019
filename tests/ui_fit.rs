//! The windows fit the screen they are on: the schema editor's fields grow with the app's
//! window, and the shortcuts sheet scrolls instead of being cut off.

mod common;

use annotary::ui::AnnotaryApp;
use egui::accesskit::Role;
use egui::{Key, Vec2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};

fn app(size: Vec2) -> (Harness<'static, AnnotaryApp>, tempfile::TempDir) {
    common::window::app_on_demo(size)
}

/// The width of the schema editor's first name and guideline fields.
fn tag_fields(size: Vec2) -> (f32, f32) {
    let (mut harness, _folder) = app(size);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::T);
    harness.run();
    harness.run();

    let field = |label: &str| {
        harness
            .query_all(By::new().role(Role::TextInput).label(label))
            .next()
            .map(|n| n.rect().width())
    };
    let (name, guideline) = (field("Name"), field("Guideline"));
    (
        name.expect("a name field"),
        guideline.expect("a guideline field"),
    )
}

#[test]
fn the_schema_editors_fields_hold_the_names_and_grow_with_the_window() {
    let (name, narrow) = tag_fields(vec2(1000.0, 800.0));
    let (_, wide) = tag_fields(vec2(1700.0, 900.0));
    assert!(name >= 120.0, "a name field shows “claim” whole: {name}");
    assert!(
        wide > narrow + 200.0,
        "the guideline grows: {narrow} → {wide}"
    );
}

#[test]
fn the_shortcuts_sheet_scrolls_in_a_small_window() {
    let (mut harness, _folder) = app(vec2(800.0, 600.0));
    harness.key_press(Key::F1);
    harness.run();
    let last = harness.get_by_label("Select an annotation");
    last.scroll_to_me();
    harness.run();
    let bottom = harness.get_by_label("Select an annotation").rect().bottom();
    assert!(
        bottom <= 600.0,
        "the last shortcut can be brought into view: {bottom}"
    );
}

/// The characters of the open document's longest laid-out row among the first 2000, and
/// the width the text is given (from its first character to the density strip).
fn text_layout(size: Vec2) -> (usize, f32) {
    let (harness, _folder) = app(size);
    let app = harness.state();
    let mut rows: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    let mut left = f32::MAX;
    for offset in 0..2000 {
        if let Some(rect) = app.char_rect(offset) {
            *rows.entry(rect.min.y.round() as i32).or_default() += 1;
            left = left.min(rect.min.x);
        }
    }
    let strip = harness.get_by_label("Annotation density").rect().min.x;
    (rows.values().copied().max().unwrap_or(0), strip - left)
}

#[test]
fn the_text_keeps_room_in_a_small_window() {
    let (_, room) = text_layout(vec2(800.0, 600.0));
    assert!(room >= 380.0, "at 800×600 the text has {room} px");
}

#[test]
fn lines_keep_a_comfortable_measure_in_a_wide_window() {
    let (longest, _) = text_layout(vec2(1700.0, 900.0));
    assert!(
        (50..=90).contains(&longest),
        "at 1700 wide a line holds {longest} characters"
    );
}

#[test]
fn the_density_strip_marks_the_part_of_the_document_in_view() {
    let (mut harness, _folder) = app(vec2(1400.0, 900.0));
    let strip = harness.get_by_label("Annotation density").rect();
    let at_top = harness.state().density_window().expect("a mark");
    assert!(at_top.min.y <= strip.min.y + 1.0, "{at_top:?} in {strip:?}");
    assert!(
        at_top.max.y < strip.max.y - 50.0,
        "only part of the text is in view"
    );
    // At the end of the document the mark is at the bottom of the strip.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::End);
    // The view scrolls there smoothly: let it settle.
    harness.run_steps(20);
    let at_end = harness.state().density_window().expect("a mark");
    assert!(at_end.min.y > at_top.max.y, "{at_top:?} -> {at_end:?}");
    assert!(at_end.max.y >= strip.max.y - 2.0, "{at_end:?} in {strip:?}");
}

#[test]
fn the_text_keeps_room_beside_the_review_panel_and_the_agreement_report() {
    let (mut harness, _folder) = app(vec2(1280.0, 800.0));
    harness
        .state_mut()
        .queue(annotary::workspace::ReviewIntent::OpenReport);
    harness.run_steps(4);
    assert!(
        harness.state().workspace().review().is_some(),
        "the review panel is open"
    );
    let app = harness.state();
    let left = (0..500)
        .filter_map(|offset| app.char_rect(offset))
        .map(|rect| rect.min.x)
        .fold(f32::MAX, f32::min);
    let strip = harness.get_by_label("Annotation density").rect().min.x;
    let room = strip - left;
    // The report floats over the text (it can be moved); the review panel and the
    // inspector share the right side. Before the side panels were narrowed: ~360 px.
    assert!(
        room >= 450.0,
        "at 1280×800 with the report the text has {room} px"
    );
}
