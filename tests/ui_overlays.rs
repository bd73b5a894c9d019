//! Escape closes the overlay on top (a menu, the palette) and nothing behind it reacts;
//! a click beside one closes it and acts where it landed.

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

fn click(harness: &mut Harness<'_, AnnotaryApp>, pos: egui::Pos2) {
    harness.hover_at(pos);
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
}

fn char_centre(harness: &Harness<'_, AnnotaryApp>, quote: &str) -> (usize, egui::Pos2) {
    let document = harness.state().workspace().document().expect("a document");
    let (start, _) = common::find_in(document.text(), quote, 0);
    let pos = harness
        .state()
        .char_rect(start + 1)
        .expect("laid out")
        .center();
    (start + 1, pos)
}

#[test]
fn a_click_beside_the_palette_closes_it_and_acts_where_it_landed() {
    let (mut harness, _folder) = app();
    // A character on the second line, left of where the palette sits, before the first
    // annotation: the click puts the caret there.
    let rect = |offset: usize| harness.state().char_rect(offset).expect("laid out");
    let first_line = rect(0).center().y;
    let offset = (1..230)
        .find(|&offset| {
            let centre = rect(offset).center();
            centre.y > first_line + 5.0 && centre.x < 470.0
        })
        .expect("a second line");
    let pos = rect(offset).center();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Command");
    click(&mut harness, pos);
    harness.run();
    assert!(harness.query_by_label("Command").is_none(), "closed");
    assert_eq!(
        harness.state().workspace().view().caret(),
        Some(offset),
        "the caret is where the click landed, not at the top"
    );
    // On a highlight, the click selects its annotation, as without the palette.
    let (_, pos) = char_centre(&harness, "July 3");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    click(&mut harness, pos);
    harness.run();
    let workspace = harness.state().workspace();
    let selected = workspace
        .view()
        .selected_annotation(workspace.project())
        .expect("an annotation is selected");
    assert_eq!(selected.quote, "July 3");
}

#[test]
fn a_click_beside_an_open_menu_closes_it_and_acts_where_it_landed() {
    let (mut harness, _folder) = app();
    let (offset, pos) = char_centre(&harness, "stunned");
    harness.get_by_label("Review").click();
    harness.run();
    assert!(harness.query_by_label("Agreement report…").is_some());
    click(&mut harness, pos);
    harness.run();
    assert!(
        harness.query_by_label("Agreement report…").is_none(),
        "closed"
    );
    assert_eq!(harness.state().workspace().view().caret(), Some(offset));
}
