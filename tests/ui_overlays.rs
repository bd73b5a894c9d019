//! Escape closes the overlay on top (a menu, the palette) and nothing behind it reacts.

mod common;

use annotary::ui::AnnotaryApp;
use annotary::workspace::ViewIntent;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn app() -> (Harness<'static, AnnotaryApp>, tempfile::TempDir) {
    common::window::app_on_demo(common::window::SIZE)
}

#[test]
fn escape_closes_an_open_menu_and_a_tag_key_behind_it_tags_nothing() {
    let (mut harness, _folder) = app();
    let before = harness.state().workspace().project().annotations().len();
    // Text is selected, as when a researcher is about to tag it.
    harness.state_mut().queue(ViewIntent::SelectText {
        anchor: 0,
        head: 10,
    });
    harness.run();
    assert!(
        harness
            .state()
            .workspace()
            .view()
            .selected_range()
            .is_some()
    );
    harness.get_by_label("Review").click();
    harness.run();
    assert!(
        harness.query_by_label("Agreement report…").is_some(),
        "the menu opened"
    );
    // A tag key while the menu is open does not tag the text behind it.
    harness.key_press(Key::C);
    harness.run();
    assert_eq!(
        harness.state().workspace().project().annotations().len(),
        before
    );
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        harness.query_by_label("Agreement report…").is_none(),
        "Escape closed the menu"
    );
    assert!(
        harness
            .state()
            .workspace()
            .view()
            .selected_range()
            .is_some(),
        "and only the menu: the selection stays"
    );
}

#[test]
fn escape_closes_the_command_palette() {
    let (mut harness, _folder) = app();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Command");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        harness.query_by_label("Command").is_none(),
        "the palette closed"
    );
}
