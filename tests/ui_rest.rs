//! The window rests when the researcher does: each interaction (its input in one batch, as
//! a quick click or key arrives) is drawn in a few frames, then no frame is asked for; a
//! text field's caret stops blinking a few seconds after the last key; a wheel notch
//! scrolls at once rather than over the frames after it.

mod common;

use std::time::Duration;

use annotary::ui::AnnotaryApp;
use eframe::App as _;
use egui::{Event, Key, Modifiers, MouseWheelUnit, PointerButton, Pos2, RawInput, TouchPhase};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// egui draws a frame for the input, then two more for what it changed to settle (its
/// rule for every repaint asked for at once); the app adds none of its own.
const FRAMES_PER_INTERACTION: u64 = 3;

/// The demo at a 60 Hz display's pace, so that an animation would take frames to run.
fn demo() -> (Harness<'static, AnnotaryApp>, tempfile::TempDir) {
    let (folder, path) = common::window::demo_copy();
    let project = annotary::formats::project_file::load(&path).expect("loads");
    let mut harness = Harness::builder()
        .with_size(common::window::SIZE)
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(100)
        .build_eframe(move |_cc| AnnotaryApp::with_project(project, Some(path)));
    // egui's own motion back, which the harness turns off for its snapshots: what the
    // window does is the app's doing.
    let egui = egui::Style::default();
    harness.ctx.all_styles_mut(|style| {
        style.animation_time = egui.animation_time;
        style.scroll_animation = egui.scroll_animation;
        style.visuals.text_cursor.blink = true;
        style.visuals.window_shadow = egui.visuals.window_shadow;
    });
    // The window has the keyboard (a caret blinks only then).
    harness.input_mut().focused = true;
    harness.run();
    (harness, folder)
}

/// Sends `events` as one batch and returns the frames drawn until the window rests.
fn frames_for(harness: &mut Harness<'_, AnnotaryApp>, events: Vec<Event>) -> u64 {
    harness.input_mut().events.extend(events);
    let frames = harness.run();
    // A later frame may be asked for (the density strip recounts a moment after an
    // edit); within two seconds none is.
    let mut waited = 0;
    while repaint_delay(harness) != Duration::MAX {
        assert!(waited < 120, "still asking for frames two seconds later");
        harness.step();
        waited += 1;
    }
    frames
}

fn repaint_delay(harness: &Harness<'_, AnnotaryApp>) -> Duration {
    harness.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
}

fn key(key: Key, modifiers: Modifiers) -> Vec<Event> {
    [true, false]
        .map(|pressed| Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers,
        })
        .to_vec()
}

fn click_at(pos: Pos2) -> Vec<Event> {
    let button = |pressed| Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    vec![Event::PointerMoved(pos), button(true), button(false)]
}

fn word_centre(harness: &Harness<'_, AnnotaryApp>, quote: &str) -> (usize, Pos2) {
    let document = harness.state().workspace().document().expect("open");
    let (start, _) = common::find_in(document.text(), quote, 0);
    let rect = harness.state().char_rect(start + 1).expect("on screen");
    (start, rect.center())
}

#[test]
fn each_interaction_is_drawn_in_a_few_frames_and_then_none() {
    let (mut harness, _folder) = demo();

    let (start, pos) = word_centre(&harness, "stunned");
    let frames = frames_for(&mut harness, click_at(pos));
    let caret = harness.state().workspace().view().selection.map(|s| s.head);
    assert!(
        caret.is_some_and(|c| c.abs_diff(start) <= 2),
        "the click put the caret in the word ({caret:?}, word at {start})"
    );
    assert!(frames <= FRAMES_PER_INTERACTION, "a click: {frames} frames");

    let frames = frames_for(&mut harness, key(Key::F1, Modifiers::NONE));
    harness.get_by_label("Move the caret");
    assert!(frames <= FRAMES_PER_INTERACTION, "F1: {frames} frames");
    let frames = frames_for(&mut harness, key(Key::Escape, Modifiers::NONE));
    assert!(harness.query_by_label("Move the caret").is_none());
    assert!(frames <= FRAMES_PER_INTERACTION, "Escape: {frames} frames");

    let frames = frames_for(&mut harness, key(Key::K, Modifiers::COMMAND));
    harness.get_by_label("Command");
    assert!(frames <= FRAMES_PER_INTERACTION, "Ctrl+K: {frames} frames");
    let frames = frames_for(&mut harness, key(Key::Escape, Modifiers::NONE));
    assert!(harness.query_by_label("Command").is_none());
    assert!(frames <= FRAMES_PER_INTERACTION, "Escape: {frames} frames");

    let review = Modifiers::COMMAND | Modifiers::SHIFT;
    let frames = frames_for(&mut harness, key(Key::R, review));
    assert!(harness.state().workspace().review().is_some());
    assert!(frames <= FRAMES_PER_INTERACTION, "review: {frames} frames");
    let frames = frames_for(&mut harness, key(Key::R, review));
    assert!(harness.state().workspace().review().is_none());
    assert!(
        frames <= FRAMES_PER_INTERACTION,
        "review closed: {frames} frames"
    );

    // The caret to the end of the document: the page jumps there rather than glides.
    let frames = frames_for(&mut harness, key(Key::End, Modifiers::COMMAND));
    let end = harness
        .state()
        .workspace()
        .document()
        .expect("open")
        .text()
        .char_len();
    assert!(
        harness.state().char_rect(end.saturating_sub(1)).is_some(),
        "the end is on screen"
    );
    assert!(
        frames <= FRAMES_PER_INTERACTION,
        "Ctrl+End: {frames} frames"
    );
    frames_for(&mut harness, key(Key::Home, Modifiers::COMMAND));

    // A word selected with a double-click and tagged with its key.
    let (_, pos) = word_centre(&harness, "foresight");
    let mut twice = click_at(pos);
    twice.extend(click_at(pos).into_iter().skip(1));
    frames_for(&mut harness, twice);
    let before = harness.state().workspace().project().annotations().len();
    let frames = frames_for(&mut harness, key(Key::Num2, Modifiers::NONE));
    assert_eq!(
        harness.state().workspace().project().annotations().len(),
        before + 1,
        "the key tagged the word"
    );
    assert!(frames <= FRAMES_PER_INTERACTION, "a tag: {frames} frames");
}

#[test]
fn a_text_fields_caret_stops_blinking_after_a_few_seconds() {
    let (mut harness, _folder) = demo();
    frames_for(&mut harness, key(Key::K, Modifiers::COMMAND));
    harness.input_mut().events.push(Event::Text("sav".into()));
    // A second later, the caret still blinks: it asks for a frame at its next change.
    steps(&mut harness, 60);
    let blinking = repaint_delay(&harness);
    assert!(blinks(blinking), "the caret blinks at first ({blinking:?})");
    // Five seconds after the key (at 60 frames a second) it rests: lit, asking for nothing.
    steps(&mut harness, 60 * 4 + 10);
    assert_eq!(
        repaint_delay(&harness),
        Duration::MAX,
        "after five seconds without input, no frame is asked for"
    );
    // A key wakes it again.
    harness.input_mut().events.push(Event::Text("e".into()));
    steps(&mut harness, 10);
    let blinking = repaint_delay(&harness);
    assert!(
        blinks(blinking),
        "typing makes it blink again ({blinking:?})"
    );
}

fn steps(harness: &mut Harness<'_, AnnotaryApp>, frames: usize) {
    for _ in 0..frames {
        harness.step();
    }
}

/// A blinking caret asks for the frame of its next change, within its half-second phase.
fn blinks(repaint_delay: Duration) -> bool {
    repaint_delay > Duration::ZERO && repaint_delay <= Duration::from_secs(1)
}

#[test]
fn a_wheel_notch_scrolls_the_document_at_once() {
    let (mut harness, _folder) = demo();
    let (start, pos) = word_centre(&harness, "stunned");
    let before = harness.state().char_rect(start).map(|r| r.top());
    let mut input = RawInput::default();
    input.events.push(Event::PointerMoved(pos));
    input.events.push(Event::MouseWheel {
        unit: MouseWheelUnit::Line,
        delta: egui::vec2(0.0, -3.0),
        phase: TouchPhase::Move,
        modifiers: Modifiers::NONE,
        source: egui::MouseWheelSource::Wheel,
    });
    let ctx = harness.ctx.clone();
    harness.state_mut().raw_input_hook(&ctx, &mut input);
    harness.input_mut().events.extend(input.events);
    // The scroll area takes the wheel in the frame of the event and shows it in the next.
    harness.step();
    harness.step();
    let moved = harness.state().char_rect(start).map(|r| r.top());
    let frames = harness.run();
    let settled = harness.state().char_rect(start).map(|r| r.top());
    assert!(
        moved.zip(before).is_some_and(|(m, b)| m < b - 50.0),
        "the notch scrolled the page whole at once ({before:?} to {moved:?})"
    );
    assert_eq!(moved, settled, "and the frames after it did not scroll on");
    assert!(frames <= FRAMES_PER_INTERACTION, "{frames} frames");
}
