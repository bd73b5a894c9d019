//! Suggestions in the window: ] walks them, Enter accepts, Shift+Enter asks before
//! accepting all alike, the inspector says where one came from, the status bar counts.

mod common;

use annotary::model::DocumentId;
use annotary::ui::AnnotaryApp;
use annotary::workspace::ViewIntent;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn app() -> (Harness<'static, AnnotaryApp>, tempfile::TempDir) {
    let (mut harness, folder) = common::window::app_on_demo(common::window::SIZE);
    harness
        .state_mut()
        .queue(ViewIntent::OpenDocument(DocumentId(
            "001_bc22e7b79049ddaf".into(),
        )));
    harness.run();
    (harness, folder)
}

fn annotations(harness: &Harness<'_, AnnotaryApp>) -> usize {
    harness.state().workspace().project().annotations().len()
}

#[test]
fn bracket_walks_the_suggestions_and_enter_accepts_one_with_its_value() {
    let (mut harness, _folder) = app();
    let count = harness.state().workspace().suggestions().len();
    assert!(count > 3);
    harness.get_by_label(&format!("{count} suggestions in this document"));
    for _ in 0..3 {
        harness.key_press(Key::CloseBracket);
        harness.run();
    }
    harness.get_by_label(&format!("Suggestion 3 of {count}"));
    harness.get_by_label("a date in the text");
    harness.get_by_label("2025-07-19T06:24:53");
    let before = annotations(&harness);
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(annotations(&harness), before + 1);
    let workspace = harness.state().workspace();
    let accepted = workspace
        .project()
        .annotations()
        .iter()
        .find(|a| a.quote == "2025-07-19 06:24:53")
        .expect("accepted");
    assert_eq!(accepted.tag, "date");
    // [ goes back; Ctrl+Z takes the acceptance back.
    harness.key_press(Key::OpenBracket);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(annotations(&harness), before);
}

#[test]
fn shift_enter_asks_before_accepting_every_suggestion_alike() {
    let (mut harness, _folder) = app();
    let before = annotations(&harness);
    harness.key_press(Key::CloseBracket);
    harness.run();
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    harness.get_by_label("Accept all like this?");
    let asked = harness
        .state()
        .workspace()
        .view()
        .accept_all
        .clone()
        .expect("asked");
    assert_eq!(annotations(&harness), before, "nothing before the answer");
    harness
        .get_by_label(&format!("Accept {}", asked.count))
        .click();
    harness.run();
    assert_eq!(annotations(&harness), before + asked.count);
    assert!(harness.query_by_label("Accept all like this?").is_none());
}

#[test]
fn backspace_rejects_the_form_and_escape_stops_the_walk() {
    let (mut harness, _folder) = app();
    harness.key_press(Key::CloseBracket);
    harness.run();
    let (_, first) = harness.state().workspace().looked_at().expect("one");
    let first = first.clone();
    let before = annotations(&harness);
    harness.key_press(Key::Backspace);
    harness.run();
    let workspace = harness.state().workspace();
    assert_eq!(annotations(&harness), before, "no annotation deleted");
    assert!(
        workspace
            .project()
            .is_rejected(&workspace.view().layer, &first.form, &first.tag)
    );
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().workspace().looked_at().is_none());
}

#[test]
fn a_held_key_acts_once_on_suggestions() {
    let (mut harness, _folder) = app();
    harness.key_press(Key::CloseBracket);
    harness.run();
    let key = |pressed| egui::Event::Key {
        key: Key::Backspace,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: Modifiers::NONE,
    };
    // Backspace goes down and stays down: egui marks the presses after the first as the
    // key repeating, and only the first rejects a form.
    for _ in 0..4 {
        harness.event(key(true));
        harness.run();
    }
    assert_eq!(harness.state().workspace().project().rejected().len(), 1);
    harness.event(key(false));
    harness.run();
    harness.key_press(Key::Backspace);
    harness.run();
    assert_eq!(harness.state().workspace().project().rejected().len(), 2);
}

#[test]
fn the_tagger_trained_in_the_background_suggests_and_the_palette_hides_it() {
    use annotary::model::suggest::Source;
    use egui::accesskit::Role;
    let lines = [
        "Karzai", "Ghani", "Lavrov", "Putin", "Mujahid", "Ruto", "Macron", "Baerbock", "Wang",
        "Modi",
    ]
    .map(|name| format!("President [actor:{name}] said the talks would go on."))
    .join("\n");
    let (mut project, _) = common::project_from_markup(&lines);
    let new = common::add_markup_document(
        &mut project,
        "new",
        "President Tokayev said the border was calm.",
    );
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("coded.ron");
    annotary::formats::project_file::save(&project, &path).expect("saved");
    let mut harness = common::window::app_on(&path, common::window::SIZE, |app| app);
    harness.state_mut().queue(ViewIntent::OpenDocument(new));
    let by_tagger = |harness: &Harness<'_, AnnotaryApp>| {
        let workspace = harness.state().workspace();
        workspace
            .suggestions()
            .iter()
            .filter(|s| s.source == Source::Tagger)
            .count()
    };
    for _ in 0..500 {
        harness.run();
        if by_tagger(&harness) > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(by_tagger(&harness), 1, "the tagger's suggestion came");
    harness.key_press(Key::CloseBracket);
    harness.run();
    harness.get_by_label("the tagger trained on this layer, from 10 annotations");
    harness.get_by_label("“Tokayev” (10–17)");
    // Hidden from the palette, and shown again.
    for shown in [false, true] {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
        harness.run();
        harness
            .get_by_role_and_label(Role::TextInput, "Command")
            .type_text("tagger");
        harness.run();
        harness.key_press(Key::Enter);
        harness.run();
        assert_eq!(harness.state().workspace().view().suggest.tagger, shown);
        assert_eq!(by_tagger(&harness), usize::from(shown));
    }
}

#[test]
fn a_click_on_a_dashed_outline_looks_at_it_and_enter_accepts_it() {
    use egui::{Event, PointerButton};
    let (mut harness, _folder) = app();
    let first = harness.state().workspace().suggestions()[0].clone();
    let at = harness
        .state()
        .char_rect(first.start + 1)
        .expect("the first suggestion is on screen")
        .center();
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.run();
    }
    let looked = harness
        .state()
        .workspace()
        .looked_at()
        .map(|(i, s)| (i, s.clone()));
    assert_eq!(looked, Some((0, first.clone())), "the click looks at it");
    let count = harness.state().workspace().suggestions().len();
    harness.get_by_label(&format!("Suggestion 1 of {count}"));
    let before = annotations(&harness);
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(annotations(&harness), before + 1);
    let workspace = harness.state().workspace();
    assert!(
        workspace
            .project()
            .annotations()
            .iter()
            .any(|a| { (a.start, a.end, a.tag.as_str()) == (first.start, first.end, &*first.tag) })
    );
}

#[test]
fn a_click_on_a_suggestion_inside_a_claim_picks_the_suggestion_beside_it_the_claim() {
    use egui::{Event, PointerButton};
    let (mut harness, _folder) = app();
    let workspace = harness.state().workspace();
    let annotations = workspace.project().annotations();
    let (at, inside, claim) = workspace
        .suggestions()
        .iter()
        .enumerate()
        .find_map(|(at, s)| {
            let claim = annotations
                .iter()
                .find(|a| a.document == s.document && a.start + 2 < s.start && s.end < a.end)?;
            Some((at, s.clone(), (claim.id, claim.start)))
        })
        .expect("a suggestion inside an annotation in the demo");
    let _ = workspace;
    harness.state_mut().queue(ViewIntent::ScrollTo(claim.1));
    harness.run();
    let click = |harness: &mut Harness<'_, AnnotaryApp>, offset: usize| {
        let pos = harness
            .state()
            .char_rect(offset)
            .expect("on screen")
            .center();
        for pressed in [true, false] {
            harness.event(Event::PointerButton {
                pos,
                button: PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
            harness.run();
        }
    };
    click(&mut harness, inside.start);
    assert_eq!(
        harness.state().workspace().looked_at().map(|(i, _)| i),
        Some(at)
    );
    // Beside the suggestion, in the annotation: the annotation.
    click(&mut harness, claim.1);
    let workspace = harness.state().workspace();
    assert!(workspace.looked_at().is_none());
    assert!(
        workspace.view().selected.is_some(),
        "an annotation is selected"
    );
}

#[test]
fn f8_walks_the_suggestions_where_brackets_need_altgr() {
    let (mut harness, _folder) = app();
    harness.key_press(Key::F8);
    harness.run();
    harness.key_press(Key::F8);
    harness.run();
    assert_eq!(
        harness.state().workspace().looked_at().map(|(at, _)| at),
        Some(1)
    );
    harness.key_press_modifiers(Modifiers::SHIFT, Key::F8);
    harness.run();
    assert_eq!(
        harness.state().workspace().looked_at().map(|(at, _)| at),
        Some(0)
    );
}
