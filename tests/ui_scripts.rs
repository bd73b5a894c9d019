//! The real app, headless, on right-to-left and mixed text laid out with the fonts
//! committed under tests/fonts: the mouse picks the words under it, and a tag key codes
//! exactly them.

mod common;

use std::sync::Arc;

use annotary::model::Annotation;
use annotary::ui::AnnotaryApp;
use annotary::ui::script::{FontChoice, install};
use annotary::workspace::ViewIntent;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;

const DARI: &str = "ولادیمیر پوتین روز پنجشنبه گفت که روسیه حکومت طالبان را به رسمیت می‌شناسد. این تصمیم در ۲۰۲۵ اعلام شد.";
const MIXED: &str =
    "The spokesman Zabihullah Mujahid (ذبیح‌الله مجاهد) welcomed the decision on 4 July.";

const THAI: &str = "กระทรวงการต่างประเทศกล่าวว่าการเจรจาจะดำเนินต่อไป";

fn app() -> Harness<'static, AnnotaryApp> {
    app_on(&format!("{DARI}\n{MIXED}\n{THAI}"))
}

fn app_on(text: &str) -> Harness<'static, AnnotaryApp> {
    let (project, doc) = common::project_from_markup(text);
    let fonts = FontChoice {
        system: false,
        files: common::test_fonts().into_iter().map(Arc::new).collect(),
    };
    let mut harness = Harness::builder()
        .with_size(common::window::SIZE)
        // The panels still draw with egui's own fonts, which lack Arabic script.
        .allow_missing_glyphs()
        .build_eframe(move |cc| {
            install(&cc.egui_ctx, &fonts);
            AnnotaryApp::with_project(project, None)
        });
    harness.state_mut().queue(ViewIntent::OpenDocument(doc));
    harness.run();
    harness
}

/// The code-point range of `quote` in the open document.
fn find(harness: &Harness<'_, AnnotaryApp>, quote: &str) -> (usize, usize) {
    let document = harness.state().workspace().document().expect("open");
    common::find_in(document.text(), quote, 0)
}

fn centre(harness: &Harness<'_, AnnotaryApp>, offset: usize) -> Pos2 {
    harness
        .state()
        .char_rect(offset)
        .expect("laid out")
        .center()
}

fn button(harness: &mut Harness<'_, AnnotaryApp>, pos: Pos2, pressed: bool) {
    harness.input_mut().events.push(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

/// Both clicks of a double-click go into one frame's input: kittest spaces queued events
/// a quarter second apart, slower than a double-click.
fn double_click(harness: &mut Harness<'_, AnnotaryApp>, pos: Pos2) {
    harness.hover_at(pos);
    harness.run();
    for pressed in [true, false, true, false] {
        button(harness, pos, pressed);
    }
    harness.run();
}

/// Presses at `from`, moves through the middle to `to`, and lets go there.
fn drag(harness: &mut Harness<'_, AnnotaryApp>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.run();
    button(harness, from, true);
    harness.run();
    harness.hover_at(from + (to - from) * 0.5);
    harness.run();
    harness.hover_at(to);
    harness.run();
    button(harness, to, false);
    harness.run();
}

fn quoted<'a>(harness: &'a Harness<'_, AnnotaryApp>, tag: &str) -> Vec<&'a Annotation> {
    let project = harness.state().workspace().project();
    project
        .annotations()
        .iter()
        .filter(|a| a.tag == tag)
        .map(|a| &**a)
        .collect()
}

#[test]
fn a_double_click_on_a_persian_word_selects_it_and_a_tag_key_codes_it() {
    let mut harness = app();
    let (start, end) = find(&harness, "حکومت");
    // The word's third letter: in the middle of the word, drawn right to left.
    let pos = centre(&harness, start + 2);
    double_click(&mut harness, pos);
    assert_eq!(
        harness.state().workspace().view().selected_range(),
        Some((start, end))
    );
    harness.key_press(Key::Num2);
    harness.run();
    let actors = quoted(&harness, "actor");
    assert_eq!(actors.len(), 1);
    assert_eq!(actors[0].quote, "حکومت");
}

#[test]
fn a_double_click_on_a_thai_word_selects_the_dictionarys_word_not_the_whole_run() {
    let mut harness = app();
    let (start, end) = find(&harness, "เจรจา");
    let pos = centre(&harness, start + 2);
    double_click(&mut harness, pos);
    assert_eq!(
        harness.state().workspace().view().selected_range(),
        Some((start, end))
    );
}

#[test]
fn a_drag_across_a_mixed_line_selects_the_logical_range_between_the_two_points() {
    let mut harness = app();
    // From inside "Mujahid" to inside "welcomed", across the Persian name between them.
    let (mujahid, _) = find(&harness, "Mujahid");
    let (welcomed, _) = find(&harness, "welcomed");
    let from = centre(&harness, mujahid + 2);
    let to = centre(&harness, welcomed + 3);
    drag(&mut harness, from, to);
    let (start, end) = find(&harness, "Mujahid (ذبیح‌الله مجاهد) welcomed");
    assert_eq!(
        harness.state().workspace().view().selected_range(),
        Some((start, end)),
        "snapped outward to whole words"
    );
    harness.key_press(Key::Num1);
    harness.run();
    let claims = quoted(&harness, "claim");
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].quote, "Mujahid (ذبیح‌الله مجاهد) welcomed");
}

#[test]
fn a_drag_inside_a_right_to_left_run_selects_the_words_under_the_pointer() {
    let mut harness = app();
    // Right to left on screen: from "روسیه" leftwards to "طالبان".
    let (russia, _) = find(&harness, "روسیه");
    let (taliban, _) = find(&harness, "طالبان");
    let from = centre(&harness, russia + 1);
    let to = centre(&harness, taliban + 2);
    assert!(to.x < from.x, "the later word is drawn to the left");
    drag(&mut harness, from, to);
    harness.key_press(Key::Num1);
    harness.run();
    let claims = quoted(&harness, "claim");
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].quote, "روسیه حکومت طالبان");
}

#[test]
fn left_and_right_move_the_caret_as_drawn_and_shift_extends_the_logical_selection() {
    let mut harness = app();
    // The Dari paragraph starts at its right edge: Left goes on into the text.
    harness
        .state_mut()
        .queue(ViewIntent::SelectText { anchor: 0, head: 0 });
    harness.run();
    let caret = |h: &Harness<'_, AnnotaryApp>| h.state().workspace().view().caret();
    harness.key_press(Key::ArrowLeft);
    harness.run();
    assert_eq!(caret(&harness), Some(1));
    harness.key_press(Key::ArrowLeft);
    harness.run();
    assert_eq!(caret(&harness), Some(2));
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(caret(&harness), Some(1));
    for _ in 0..3 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
        harness.run();
    }
    assert_eq!(
        harness.state().workspace().view().selected_range(),
        Some((1, 4))
    );
    // Right on a selection in right-to-left text ends it at its right end: its start.
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(caret(&harness), Some(1));
    // In the English sentence, Right goes on into the text.
    let (the, _) = find(&harness, "The spokesman");
    harness.state_mut().queue(ViewIntent::SelectText {
        anchor: the,
        head: the,
    });
    harness.run();
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(caret(&harness), Some(the + 1));
}

#[test]
fn the_documents_menu_sets_its_direction_and_undo_sets_it_back() {
    use annotary::model::TextDirection;
    use egui_kittest::kittest::Queryable;
    let mut harness = app_on("The Kremlin said on Monday.");
    let first = |h: &Harness<'_, AnnotaryApp>| centre(h, 0).x;
    let left = first(&harness);
    harness.get_by_label("   0  Doc").click_secondary();
    harness.run();
    harness.get_by_label("Text direction").click();
    harness.run();
    harness.get_by_label("Right to left").click();
    harness.run();
    let document =
        |h: &Harness<'_, AnnotaryApp>| h.state().workspace().document().and_then(|d| d.direction);
    assert_eq!(document(&harness), Some(TextDirection::RightToLeft));
    // Run from the right, the sentence's first letter stands well right of where it was.
    assert!(
        first(&harness) > left + 100.0,
        "{} vs {left}",
        first(&harness)
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(document(&harness), None);
    assert!((first(&harness) - left).abs() < 1.0);
}

#[test]
fn shift_and_an_arrow_move_a_right_to_left_annotations_end_the_way_the_arrow_points() {
    let mut harness = app();
    let (start, end) = find(&harness, "حکومت");
    harness.state_mut().queue(ViewIntent::SelectText {
        anchor: start,
        head: end,
    });
    harness.run();
    harness.key_press(Key::Num2);
    harness.run();
    let id = quoted(&harness, "actor")[0].id;
    harness
        .state_mut()
        .queue(ViewIntent::SelectAnnotation { id, scroll: false });
    harness.run();
    let end_now = |h: &Harness<'_, AnnotaryApp>| {
        h.state()
            .workspace()
            .project()
            .annotation(id)
            .map(|a| a.end)
    };
    // Its end is drawn at its left: Shift+Left moves it on, leftwards, into the text.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    harness.run();
    assert_eq!(end_now(&harness), Some(end + 1));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    assert_eq!(end_now(&harness), Some(end));
}

#[test]
fn ctrl_left_goes_on_to_the_next_word_in_right_to_left_text() {
    let mut harness = app();
    harness
        .state_mut()
        .queue(ViewIntent::SelectText { anchor: 0, head: 0 });
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowLeft);
    harness.run();
    let (_, first_word_end) = find(&harness, "ولادیمیر");
    let caret = harness.state().workspace().view().caret();
    assert_eq!(
        caret,
        Some(first_word_end),
        "after the first word, on its left"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
    harness.run();
    assert_eq!(harness.state().workspace().view().caret(), Some(0));
}
