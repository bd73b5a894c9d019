//! The real app, headless: select, tag, inspect, note, undo, redo, save, close.

mod common;

use std::path::{Path, PathBuf};

use annotary::formats::project_file;
use annotary::model::{Annotation, AnnotationId, DocumentId};
use annotary::review::diff::Kind;
use annotary::ui::AnnotaryApp;
use annotary::workspace::{FileIntent, ViewIntent};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, ViewportEvent, ViewportId, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};

/// How many annotations the demo's layer holds.
fn layer_count(layer: &str) -> usize {
    common::demo()
        .annotations()
        .iter()
        .filter(|a| a.layer == layer)
        .count()
}

/// The app on a copy of the demo project in a temporary folder.
fn app_on_demo_copy() -> (Harness<'static, AnnotaryApp>, tempfile::TempDir, PathBuf) {
    app_on_demo_copy_with(Harness::builder())
}

/// The same, with the harness configured by the caller.
fn app_on_demo_copy_with(
    builder: egui_kittest::HarnessBuilder<AnnotaryApp>,
) -> (Harness<'static, AnnotaryApp>, tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("demo.ron");
    std::fs::copy(common::demo_path(), &path).expect("copy demo");
    let project = project_file::load(&path).expect("demo loads");
    let app_path = path.clone();
    let mut harness = builder
        .with_size(vec2(1400.0, 900.0))
        .build_eframe(move |_cc| AnnotaryApp::with_project(project, Some(app_path)));
    harness.run();
    (harness, folder, path)
}

/// Code-point range of the `nth` occurrence of `quote` in the open document.
fn find(harness: &Harness<'_, AnnotaryApp>, quote: &str, nth: usize) -> (usize, usize) {
    let document = harness.state().workspace().document();
    common::find_in(document.expect("a document is open").text(), quote, nth)
}

fn char_centre(harness: &Harness<'_, AnnotaryApp>, offset: usize) -> Pos2 {
    harness
        .state()
        .char_rect(offset)
        .expect("character laid out")
        .center()
}

fn press(harness: &mut Harness<'_, AnnotaryApp>, pos: Pos2, pressed: bool) {
    harness.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

/// Drags with the mouse from the first character of the range to its last.
fn drag_select(harness: &mut Harness<'_, AnnotaryApp>, start: usize, end: usize) {
    let from = char_centre(harness, start) - vec2(3.0, 0.0);
    let to = char_centre(harness, end - 1) + vec2(3.0, 0.0);
    harness.hover_at(from);
    harness.run();
    press(harness, from, true);
    harness.run();
    harness.hover_at(from + (to - from) * 0.5);
    harness.run();
    harness.hover_at(to);
    harness.run();
    press(harness, to, false);
    harness.run();
}

fn click_at(harness: &mut Harness<'_, AnnotaryApp>, pos: Pos2) {
    harness.hover_at(pos);
    harness.run();
    press(harness, pos, true);
    press(harness, pos, false);
    harness.run();
}

fn annotation<'a>(
    harness: &'a Harness<'_, AnnotaryApp>,
    id: AnnotationId,
) -> Option<&'a Annotation> {
    harness.state().workspace().project().annotation(id)
}

fn annotation_with_quote<'a>(
    harness: &'a Harness<'_, AnnotaryApp>,
    quote: &str,
) -> Option<&'a Annotation> {
    harness
        .state()
        .workspace()
        .project()
        .annotations()
        .iter()
        .find(|a| a.quote == quote)
        .map(|a| &**a)
}

/// The app on a synthetic book of 2.5M characters and 20k annotations (large enough to be
/// saved and exported in the background), saving to `path` if given.
fn app_on_large_book(seed: u64, path: Option<PathBuf>) -> Harness<'static, AnnotaryApp> {
    let options = annotary::cli::SynthOptions {
        chars: 2_500_000,
        annotations: 20_000,
        documents: 1,
        layers: 1,
        seed,
        relations: 0,
        attributes: false,
    };
    let project = annotary::cli::synthesize(&options).expect("valid synthetic project");
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .allow_missing_glyphs()
        .build_eframe(move |_cc| AnnotaryApp::with_project(project, path));
    harness.run();
    harness
}

/// Steps frames until the background job is done (the spinner keeps frames coming, so
/// `run` would never settle).
fn step_until_idle(harness: &mut Harness<'_, AnnotaryApp>) {
    let started = std::time::Instant::now();
    while harness.state().workspace().busy().is_some() {
        assert!(
            started.elapsed().as_secs() < 60,
            "the background job finishes"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
}

/// A file dropped onto the window, as the windowing system reports it.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(harness: &mut Harness<'_, AnnotaryApp>, path: PathBuf) {
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path)));
}

fn ctrl(harness: &mut Harness<'_, AnnotaryApp>, key: Key) {
    harness.key_press_modifiers(Modifiers::COMMAND, key);
    harness.run();
}

#[test]
fn select_tag_note_undo_redo_and_save() {
    let (mut harness, _folder, path) = app_on_demo_copy();
    assert_eq!(
        harness.state().workspace().view().document.as_ref(),
        Some(&DocumentId("000_b57397c98a87ba66".into()))
    );
    assert!(!harness.state().workspace().title().starts_with('*'));
    let quote = "the international community";
    assert!(annotation_with_quote(&harness, quote).is_none());

    // Select by dragging, then tag with the actor hotkey.
    let (start, end) = find(&harness, quote, 0);
    drag_select(&mut harness, start, end);
    assert_eq!(
        harness.state().workspace().view().selected_range(),
        Some((start, end))
    );
    harness.key_press(Key::Num2);
    harness.run();
    let created = annotation_with_quote(&harness, quote)
        .expect("annotation created")
        .clone();
    assert_eq!(
        (created.tag.as_str(), created.layer.as_str()),
        ("actor", "AK")
    );
    assert_eq!((created.start, created.end), (start, end));
    assert_eq!(
        harness.state().workspace().view().selected,
        Some(created.id)
    );
    assert!(
        harness.state().workspace().title().starts_with('*'),
        "unsaved changes show in the title"
    );

    // It shows in the annotation list, and in the inspector.
    harness.get_by_label(&format!("AK  actor  {quote}"));
    harness.get_by_label(&format!("Annotation {}", created.id));

    // Write a note; it is saved when the editor loses focus.
    harness.get_by_role(Role::MultilineTextInput).click();
    harness.run();
    harness
        .get_by_role(Role::MultilineTextInput)
        .type_text("Vague: which countries?");
    harness.run();
    harness
        .get_by_label_contains("annotations in document")
        .click();
    harness.run();
    let note = |h: &Harness<'_, AnnotaryApp>| {
        h.state()
            .workspace()
            .project()
            .annotation(created.id)
            .map(|a| a.note.clone())
    };
    assert_eq!(note(&harness).as_deref(), Some("Vague: which countries?"));

    // Undo the note, then the annotation; redo both.
    ctrl(&mut harness, Key::Z);
    assert_eq!(note(&harness).as_deref(), Some(""));
    ctrl(&mut harness, Key::Z);
    assert_eq!(note(&harness), None, "undo removed the annotation");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(note(&harness).as_deref(), Some(""));
    ctrl(&mut harness, Key::Y);
    assert_eq!(note(&harness).as_deref(), Some("Vague: which countries?"));

    // Save with Ctrl+S to the project's file; `annotary check` accepts it.
    ctrl(&mut harness, Key::S);
    assert!(
        harness.state().workspace().errors().is_empty(),
        "{:?}",
        harness.state().workspace().errors()
    );
    assert!(!harness.state().workspace().has_unsaved_changes());
    assert!(!harness.state().workspace().title().starts_with('*'));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert!(
        annotary::cli::check(std::slice::from_ref(&path), &mut out, &mut err),
        "{}",
        String::from_utf8_lossy(&err)
    );
    let demo = common::demo();
    assert_eq!(
        String::from_utf8_lossy(&out).trim(),
        format!(
            "5 documents, {} annotations, {} relations, 2 layers",
            demo.annotations().len() + 1,
            demo.relations().len()
        )
    );
    let saved = project_file::load(&path).expect("saved project loads");
    let reopened = saved.annotation(created.id).expect("annotation saved");
    assert_eq!(reopened.note, "Vague: which countries?");
    assert_eq!(reopened.quote, quote);
    assert!(Path::new(&format!("{}.bak", path.display())).exists());
}

#[test]
fn clicking_a_highlight_selects_the_innermost_annotation_and_a_key_retags_it() {
    let (mut harness, _folder, _path) = app_on_demo_copy();
    // "July 3" is a date inside a claim: the click picks the date.
    let (start, _) = find(&harness, "July 3", 0);
    let pos = char_centre(&harness, start + 1);
    click_at(&mut harness, pos);
    let selected = harness
        .state()
        .workspace()
        .view()
        .selected
        .expect("an annotation is selected");
    let clicked = annotation(&harness, selected).expect("exists").clone();
    assert_eq!(
        (clicked.tag.as_str(), clicked.quote.as_str()),
        ("date", "July 3")
    );

    // Hovering a highlight names each annotation under the pointer and its annotator.
    let (start, _) = find(&harness, "August 2021", 0);
    harness.hover_at(char_centre(&harness, start + 2));
    harness.run();
    harness.get_by_label("date by AK");
    harness.get_by_label("date by BM");

    // With an annotation selected and no text selection, a tag key retags it.
    harness.key_press(Key::Num1);
    harness.run();
    assert_eq!(
        annotation(&harness, selected).map(|a| a.tag.as_str()),
        Some("claim")
    );

    // Shift+Right moves its end one character; Delete removes it; undo brings it back.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    assert_eq!(
        annotation(&harness, selected).map(|a| a.quote.as_str()),
        Some("July 3,")
    );
    harness.key_press(Key::Delete);
    harness.run();
    assert!(annotation(&harness, selected).is_none());
    ctrl(&mut harness, Key::Z);
    assert!(annotation(&harness, selected).is_some());
}

#[test]
fn double_click_selects_a_word_and_the_tag_bar_tags_it() {
    let (mut harness, _folder, _path) = app_on_demo_copy();
    let (start, end) = find(&harness, "stunned", 0);
    let pos = char_centre(&harness, start + 2);
    harness.hover_at(pos);
    harness.run();
    // kittest spaces queued events a quarter second apart, slower than a double-click,
    // so both clicks go into one frame's input.
    for pressed in [true, false, true, false] {
        harness.input_mut().events.push(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
    assert_eq!(
        harness.state().workspace().view().selected_range(),
        Some((start, end))
    );
    harness.get_by_label("3  date").click();
    harness.run();
    let created = annotation_with_quote(&harness, "stunned").expect("tagged from the tag bar");
    assert_eq!(created.tag, "date");
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let (mut harness, _folder, _path) = app_on_demo_copy();
    let (start, end) = find(&harness, "global order", 0);
    drag_select(&mut harness, start, end);
    harness.key_press(Key::Num1);
    harness.run();
    assert!(harness.state().workspace().has_unsaved_changes());

    let request_close = |harness: &mut Harness<'_, AnnotaryApp>| {
        harness
            .input_mut()
            .viewports
            .entry(ViewportId::ROOT)
            .or_default()
            .events
            .push(ViewportEvent::Close);
        harness.step();
    };
    request_close(&mut harness);
    let commands = &harness.output().viewport_output[&ViewportId::ROOT].commands;
    assert!(
        commands.contains(&egui::ViewportCommand::CancelClose),
        "{commands:?}"
    );
    harness.run();
    harness.get_by_label("Save changes?");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("Save changes?").is_none());
    assert!(
        harness.state().workspace().has_unsaved_changes(),
        "cancel keeps the work"
    );

    request_close(&mut harness);
    harness.run();
    harness.get_by_label("Discard changes").click();
    harness.step();
    let commands = &harness.output().viewport_output[&ViewportId::ROOT].commands;
    assert!(
        commands.contains(&egui::ViewportCommand::Close),
        "{commands:?}"
    );
}

#[test]
fn dropped_text_files_become_documents_and_undo_removes_them() {
    // The headless harness has only egui's bundled font, which lacks emoji and CJK; the
    // window loads those from the system's fonts.
    let (mut harness, folder, _path) =
        app_on_demo_copy_with(Harness::builder().allow_missing_glyphs());
    let file = folder.path().join("zoë’s notes.txt");
    std::fs::write(&file, "\u{feff}Kabul talks 😀\r\n北京 reacted.\r\n").expect("write");
    drop_file(&mut harness, file.clone());
    harness.run();
    // The preview comes first; nothing is added until Import.
    harness.get_by_label("Would add 1 document.");
    assert_eq!(harness.state().workspace().project().documents().len(), 5);
    harness
        .get_by_role_and_label(Role::Button, "Import")
        .click();
    harness.run();
    let app = harness.state();
    assert!(app.workspace().import_preview().is_none());
    assert_eq!(app.workspace().project().documents().len(), 6);
    let document = app.workspace().project().documents().last().expect("added");
    assert_eq!(app.workspace().view().document.as_ref(), Some(&document.id));
    assert_eq!(document.title, "Kabul talks 😀");
    assert_eq!(
        document.text().as_str(),
        "Kabul talks 😀\r\n北京 reacted.\r\n"
    );
    // Dropped again, the same text is already there: nothing to import, nothing added.
    drop_file(&mut harness, file);
    harness.run();
    harness.get_by_label_contains("Nothing to import: the project already holds 1 text");
    assert!(harness.state().workspace().import_preview().is_none());
    assert_eq!(harness.state().workspace().project().documents().len(), 6);
    ctrl(&mut harness, Key::Z);
    assert_eq!(harness.state().workspace().project().documents().len(), 5);
}

#[test]
fn another_project_is_laid_out_afresh_even_where_its_document_ids_repeat() {
    let (mut harness, folder, _path) = app_on_demo_copy();
    let demo = harness.state().workspace().project().documents()[0].clone();
    // Another project whose first document has the demo's id but one short line of text.
    let mut other = annotary::model::Project::new("Other", "AK");
    annotary::edit::Command::AddDocument {
        index: 0,
        document: annotary::model::Document::new(
            demo.id.clone(),
            "Short".into(),
            "short.txt".into(),
            "One short line.",
        ),
    }
    .apply(&mut other, common::T0)
    .expect("add");
    let path = folder.path().join("other.ron");
    project_file::save(&other, &path).expect("save");
    harness.state_mut().apply(FileIntent::Open(Some(path)));
    harness.run();
    assert_eq!(harness.state().workspace().project().title, "Other");
    let first = harness.state().char_rect(0).expect("laid out");
    let last = harness.state().char_rect(14).expect("laid out");
    assert!((first.center().y - last.center().y).abs() < 1.0, "one row");
    assert!(
        harness.state().char_rect(200).is_none(),
        "nothing of the old text"
    );
}

#[test]
fn a_broken_project_shows_its_error_in_the_window_and_never_panics() {
    let folder = tempfile::tempdir().expect("temp dir");
    let bad = folder.path().join("bad.ron");
    std::fs::write(&bad, "(format_version: 1, title: ").expect("write");
    let (mut harness, _demo_folder, _path) = app_on_demo_copy();
    drop_file(&mut harness, bad.clone());
    harness.run();
    let errors = harness.state().workspace().errors().to_vec();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(&format!("{}:1:", bad.display())),
        "{errors:?}"
    );
    harness.get_by_label_contains("Could not open");
    assert_eq!(
        harness.state().workspace().project().documents().len(),
        5,
        "the open project stays"
    );
}

#[test]
fn clicking_a_row_in_the_list_scrolls_the_document_to_it() {
    let (mut harness, _folder, _path) = app_on_demo_copy();
    let (start, _) = find(&harness, "TTP", 0);
    // Below the window it is not even laid out yet, or lies past the bottom edge.
    let before = harness.state().char_rect(start);
    assert!(
        before.is_none_or(|r| r.center().y > 900.0),
        "TTP starts out of view: {before:?}"
    );
    // Only actors listed, so the row is on screen however long the list is.
    harness
        .state_mut()
        .apply(ViewIntent::FilterTag(Some("actor".into())));
    harness.run();
    harness.get_by_label("AK  actor  TTP").click();
    // The scroll area glides to its new offset over a few frames.
    harness.run_steps(20);
    let after = char_centre(&harness, start);
    assert!(
        (60.0..860.0).contains(&after.y),
        "TTP scrolled into view (y = {})",
        after.y
    );
    let id = annotation_with_quote(&harness, "TTP").expect("TTP").id;
    assert_eq!(harness.state().workspace().view().selected, Some(id));
}

#[test]
fn the_tag_editor_renames_a_tag_with_its_annotations_in_one_undo_step() {
    let (mut harness, _folder, _path) = app_on_demo_copy();
    let actors = |h: &Harness<'_, AnnotaryApp>, tag: &str| {
        h.state()
            .workspace()
            .project()
            .annotations()
            .iter()
            .filter(|a| a.tag == tag)
            .count()
    };
    let before = actors(&harness, "actor");
    assert!(before > 0);
    ctrl(&mut harness, Key::T);
    let name_field = harness
        .get_all_by_role(Role::TextInput)
        .find(|n| n.value().as_deref() == Some("actor"))
        .expect("the actor tag's name field");
    name_field.focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_all_by_role(Role::TextInput)
        .find(|n| n.is_focused())
        .expect("focused name field")
        .type_text("person");
    harness.run();
    harness.get_by_label("Apply").click();
    harness.run();
    assert!(
        harness
            .state()
            .workspace()
            .project()
            .tags()
            .get("person")
            .is_some()
    );
    assert_eq!(actors(&harness, "person"), before);
    assert_eq!(actors(&harness, "actor"), 0);
    assert!(harness.state().workspace().project().problems().is_empty());
    ctrl(&mut harness, Key::Z);
    assert_eq!(actors(&harness, "actor"), before);
    assert!(
        harness
            .state()
            .workspace()
            .project()
            .tags()
            .get("person")
            .is_none()
    );
}

#[test]
fn dragging_snaps_to_whole_words_unless_alt_is_held() {
    let (mut harness, _folder, _path) = app_on_demo_copy();
    let (start, end) = find(&harness, "Similarly, the international", 0);
    // From inside "Similarly" to inside "international".
    drag_select(&mut harness, start + 3, end - 5);
    assert_eq!(
        harness.state().workspace().view().selected_range(),
        Some((start, end))
    );

    harness.event(Event::ModifiersChanged(Modifiers::ALT));
    drag_select(&mut harness, start + 3, end - 5);
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
    assert_eq!(
        harness.state().workspace().view().selected_range(),
        Some((start + 3, end - 5))
    );
}

#[test]
fn the_keys_of_keyboard_annotation_reach_the_document() {
    // The walk itself (every motion, resize, note and undo) is a Workspace test; this one
    // checks that the keys get there through egui, and the rows only the layout knows.
    let (mut harness, _folder, _path) = app_on_demo_copy();
    let shift_ctrl = Modifiers::COMMAND | Modifiers::SHIFT;
    let key = |harness: &mut Harness<'_, AnnotaryApp>, modifiers: Modifiers, key: Key| {
        harness.key_press_modifiers(modifiers, key);
        harness.run();
    };
    let selection = |h: &Harness<'_, AnnotaryApp>| h.state().workspace().view().selected_range();
    let head = |h: &Harness<'_, AnnotaryApp>| {
        h.state()
            .workspace()
            .view()
            .selection
            .map(|s| s.head)
            .expect("a caret")
    };
    // Click once to put the caret in the text, then walk it with the keyboard.
    let (world, _) = find(&harness, "world", 0);
    let pos = char_centre(&harness, world) - vec2(4.0, 0.0);
    click_at(&mut harness, pos);
    assert_eq!(selection(&harness), None, "a caret, not a selection");
    key(&mut harness, Modifiers::COMMAND, Key::Home);
    key(&mut harness, Modifiers::COMMAND, Key::ArrowRight);
    key(&mut harness, Modifiers::NONE, Key::ArrowRight);
    // Caret after "The ": select "world is" word by word, then tag it with its key.
    key(&mut harness, shift_ctrl, Key::ArrowRight);
    key(&mut harness, shift_ctrl, Key::ArrowRight);
    let (start, end) = find(&harness, "world is", 0);
    assert_eq!(selection(&harness), Some((start, end)));
    key(&mut harness, Modifiers::NONE, Key::Num1);
    let created = annotation_with_quote(&harness, "world is")
        .expect("tagged")
        .id;
    assert_eq!(harness.state().workspace().view().selected, Some(created));
    // Shift+Left moves its end; Tab goes on to the next annotation, Shift+Tab back.
    key(&mut harness, Modifiers::SHIFT, Key::ArrowLeft);
    assert_eq!(
        annotation(&harness, created).map(|a| a.quote.as_str()),
        Some("world i")
    );
    key(&mut harness, Modifiers::NONE, Key::Tab);
    assert_ne!(harness.state().workspace().view().selected, Some(created));
    key(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert_eq!(harness.state().workspace().view().selected, Some(created));

    // Enter gives the note field the keyboard: typing goes into it, not to the tag keys.
    key(&mut harness, Modifiers::NONE, Key::Enter);
    harness
        .get_by_role(Role::MultilineTextInput)
        .type_text("3 words");
    harness.run();
    key(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(
        annotation(&harness, created).map(|a| (a.tag.as_str(), a.note.as_str())),
        Some(("claim", "3 words")),
        "the 3 went into the note, saved when the field let go"
    );

    // Down goes one wrapped row down, at the same x: the layout answers where.
    key(&mut harness, Modifiers::NONE, Key::Escape);
    let (stunned, _) = find(&harness, "stunned", 0);
    let pos = char_centre(&harness, stunned);
    click_at(&mut harness, pos);
    let before = head(&harness);
    let above = char_centre(&harness, before);
    key(&mut harness, Modifiers::NONE, Key::ArrowDown);
    let after = head(&harness);
    let below = char_centre(&harness, after);
    assert!(after > before, "{before} -> {after}");
    assert!(below.y > above.y + 10.0, "{above:?} -> {below:?}");
    assert!((below.x - above.x).abs() < 40.0, "{above:?} -> {below:?}");
    key(&mut harness, Modifiers::NONE, Key::ArrowUp);
    assert_eq!(head(&harness), before);
    // From the top, Tab selects the first annotation; Delete removes it, undo brings it back.
    key(&mut harness, Modifiers::COMMAND, Key::Home);
    key(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(harness.state().workspace().view().selected, Some(created));
    key(&mut harness, Modifiers::NONE, Key::Delete);
    assert!(annotation(&harness, created).is_none());
    ctrl(&mut harness, Key::Z);
    assert!(annotation(&harness, created).is_some());
}

#[test]
fn the_command_palette_finds_and_runs_commands_and_tags() {
    let (mut harness, _folder, _path) = app_on_demo_copy();
    let (start, end) = find(&harness, "stunned", 0);
    drag_select(&mut harness, start, end);
    ctrl(&mut harness, Key::K);
    harness.get_by_label("Command");
    harness
        .get_by_role_and_label(Role::TextInput, "Command")
        .type_text("as dat");
    harness.run();
    // Only the matching entry is listed, with its key.
    assert!(harness.query_by_label("Tag as claim").is_none());
    harness.get_by_label("Tag as date");
    harness.key_press(Key::Enter);
    harness.run();
    let created = annotation_with_quote(&harness, "stunned").expect("tagged from the palette");
    assert_eq!(created.tag, "date");
    assert!(
        harness.query_by_label("Command").is_none(),
        "the palette closed"
    );

    // Arrow keys choose among matches; Escape closes without running anything.
    ctrl(&mut harness, Key::K);
    harness
        .get_by_role_and_label(Role::TextInput, "Command")
        .type_text("undo");
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        annotation_with_quote(&harness, "stunned").is_some(),
        "nothing undone"
    );
    ctrl(&mut harness, Key::K);
    harness
        .get_by_role_and_label(Role::TextInput, "Command")
        .type_text("undo");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        annotation_with_quote(&harness, "stunned").is_none(),
        "Undo ran"
    );
}

#[test]
fn find_shows_the_matches_and_annotates_the_ticked_ones() {
    // Skipping, undo and the project-wide scope are a Workspace test; this one is what the
    // search bar shows and what its widgets send.
    let (mut harness, _folder, _path) = app_on_demo_copy();
    let count = |h: &Harness<'_, AnnotaryApp>| {
        h.state()
            .workspace()
            .project()
            .annotations()
            .iter()
            .filter(|a| a.quote == "Taliban" && a.tag == "actor")
            .count()
    };
    let text_matches = harness
        .state()
        .workspace()
        .document()
        .expect("open")
        .text()
        .as_str()
        .matches("Taliban")
        .count();
    assert!(text_matches > 5);

    ctrl(&mut harness, Key::F);
    harness
        .get_by_role_and_label(Role::TextInput, "Find in document")
        .type_text("taliban");
    harness.run();
    harness.get_by_label(&format!("{text_matches} matches"));

    // Untick the first match, choose the actor tag, annotate the rest.
    harness
        .get_all(By::new().role(Role::CheckBox).label_contains("Taliban"))
        .next()
        .expect("a match's tick box")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::ComboBox, "Annotate the ticked matches as")
        .click();
    harness.run();
    harness.get_by_label("actor").click();
    harness.run();
    harness
        .get_by_label(&format!("Annotate {}", text_matches - 1))
        .click();
    harness.run();
    assert_eq!(count(&harness), text_matches - 1);
    harness.get_by_label(&format!("Tagged {} as actor.", text_matches - 1));

    // Across the project there are more.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Find in project");
    let everywhere = harness
        .state()
        .workspace()
        .search()
        .expect("open")
        .matches();
    assert!(everywhere > text_matches);
    harness.get_by_label(&format!("{everywhere} matches"));
    // A row names its document shortly, so that the context stays in view.
    let project = harness.state().workspace().project();
    let long_title = project.documents()[1].title.clone();
    assert!(long_title.chars().count() > 40);
    let rows = harness.query_all_by_label_contains("Taliban").count();
    assert!(rows > 0);
    // Result rows show their context between ellipses; the documents list has titles alone.
    let repeating = harness
        .query_all_by_label_contains(&long_title)
        .filter(|n| n.accesskit_node().label().is_some_and(|l| l.contains('…')))
        .count();
    assert_eq!(
        repeating, 0,
        "no row repeats the whole title “{long_title}”"
    );
    let first = harness.query_all_by_label_contains("The world is…").count();
    assert!(
        first > 0,
        "the first document's rows start with its short title"
    );
}

#[test]
fn the_density_strip_jumps_to_where_it_is_clicked() {
    let (mut harness, _folder, _path) = app_on_demo_copy();
    let strip = harness.get_by_label("Annotation density").rect();
    let length = {
        let app = harness.state();
        let id = app
            .workspace()
            .view()
            .document
            .as_ref()
            .expect("open")
            .clone();
        app.workspace()
            .project()
            .document(&id)
            .expect("doc")
            .text()
            .char_len()
    };
    let last_words = length - 12;
    assert!(
        harness
            .state()
            .char_rect(last_words)
            .is_none_or(|r| r.center().y > 900.0),
        "the end of the article starts out of view"
    );
    let bottom = egui::pos2(strip.center().x, strip.max.y - 1.0);
    harness.hover_at(bottom);
    harness.run();
    press(&mut harness, bottom, true);
    press(&mut harness, bottom, false);
    // The scroll area glides to its new offset over a few frames.
    harness.run_steps(20);
    let end = harness
        .state()
        .char_rect(last_words)
        .expect("laid out after the jump");
    assert!(
        (0.0..900.0).contains(&end.center().y),
        "the end is in view: {end:?}"
    );
}

#[test]
fn a_large_project_saves_in_the_background_while_the_window_works() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("book.ron");
    let mut harness = app_on_large_book(5, Some(path.clone()));
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    harness.key_press(Key::Num1);
    harness.run();
    let first = harness.state().workspace().view().selected.expect("tagged");
    // The status bar's spinner keeps frames coming, so step rather than run to quiet.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.step();
    harness.step();
    assert!(
        harness
            .state()
            .workspace()
            .busy()
            .is_some_and(|b| b.starts_with("Saving book.ron")),
        "{:?}",
        harness.state().workspace().busy()
    );

    // The window goes on working during the save: this retag is not in the file.
    harness.key_press(Key::Num2);
    harness.step();
    harness.step();
    step_until_idle(&mut harness);
    assert!(
        harness.state().workspace().errors().is_empty(),
        "{:?}",
        harness.state().workspace().errors()
    );
    let saved = project_file::load(&path).expect("the saved file loads");
    assert_eq!(
        saved.annotation(first).map(|a| a.tag.as_str()),
        Some("claim")
    );
    assert_eq!(
        annotation(&harness, first).map(|a| a.tag.as_str()),
        Some("actor")
    );
    assert!(
        harness.state().workspace().has_unsaved_changes(),
        "the retag during the save is still unsaved"
    );
    assert!(harness.state().workspace().title().starts_with('*'));
}

#[test]
fn export_from_the_window_reports_what_it_wrote_and_could_not_hold() {
    let (mut harness, folder, _path) = app_on_demo_copy();
    ctrl(&mut harness, Key::E);
    harness.get_by_label("Export annotations");
    harness.get_by_role_and_label(Role::ComboBox, "Format");
    // The current layer, not every layer merged into duplicates.
    let layer = harness.get_by_role_and_label(Role::ComboBox, "Layer to export");
    assert_eq!(layer.value().as_deref(), Some("AK"));
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("Export annotations").is_none());

    // Where the native dialog would put it:
    let out = folder.path().join("demo.conll");
    harness.state_mut().apply(FileIntent::Export {
        format: annotary::formats::export::ExportFormat::Conll,
        layer: Some("AK".into()),
        to: Some(out.clone()),
    });
    harness.run();
    assert!(out.exists());
    // What the file holds: BIO keeps the outermost of overlapping annotations only.
    let number_in = |text: &str, after: &str| -> usize {
        let node = harness.get_by_label_contains(text);
        let label = node
            .accesskit_node()
            .label()
            .or_else(|| node.value())
            .expect("a label");
        let at = label.find(after).expect("the phrase") + after.len();
        let digits: String = label[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().expect("a count")
    };
    let wrote = number_in("Wrote ", "Wrote ");
    let left_out = number_in("cannot be written in BIO", "Note: ");
    assert!(left_out > 0);
    assert_eq!(
        wrote + left_out,
        layer_count("AK"),
        "what was written and what was not"
    );
}

#[test]
fn a_colleagues_annotations_come_in_as_a_layer_in_one_undo_step() {
    let (mut harness, folder, path) = app_on_demo_copy();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import annotations…").click();
    harness.run();
    harness.get_by_label("Import annotations");
    harness.get_by_role_and_label(Role::TextInput, "Into layer");
    harness.get_by_label("Cancel").click();
    harness.run();

    // The colleague's doccano file, where the native dialog would have found it.
    let file = folder.path().join("colleague.jsonl");
    let demo = project_file::load(&path).expect("demo");
    annotary::formats::export::export(
        &demo,
        annotary::formats::export::ExportFormat::Jsonl,
        &file,
        &annotary::formats::export::Selection {
            layer: Some("AK".into()),
            documents: None,
        },
    )
    .expect("export");
    harness.state_mut().apply(FileIntent::ImportAnnotations {
        format: annotary::formats::import_format::ImportFormat::Jsonl,
        layer: "colleague".into(),
        from: Some(vec![file.clone()]),
    });
    harness.run();
    let in_layer = |h: &Harness<'_, AnnotaryApp>| {
        h.state()
            .workspace()
            .project()
            .annotations()
            .iter()
            .filter(|a| a.layer == "colleague")
            .count()
    };
    let ak = layer_count("AK");
    // The preview says what would come in; Cancel leaves the project as it was.
    harness.get_by_label_contains(&format!("Would import {ak} annotations with "));
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert!(harness.state().workspace().import_preview().is_none());
    assert_eq!(in_layer(&harness), 0);
    assert!(!harness.state().workspace().has_unsaved_changes());
    harness.state_mut().apply(FileIntent::ImportAnnotations {
        format: annotary::formats::import_format::ImportFormat::Jsonl,
        layer: "colleague".into(),
        from: Some(vec![file.clone()]),
    });
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Import")
        .click();
    harness.run();
    assert_eq!(in_layer(&harness), ak);
    harness.get_by_label_contains(&format!("Imported {ak} annotations with "));
    harness.get_by_label_contains("links into layer “colleague”: 5 documents matched");
    ctrl(&mut harness, Key::Z);
    assert_eq!(in_layer(&harness), 0);
    assert!(
        harness
            .state()
            .workspace()
            .project()
            .layers()
            .iter()
            .all(|l| l.name != "colleague")
    );
}

#[test]
fn a_large_export_runs_in_the_background_and_reports_when_done() {
    let folder = tempfile::tempdir().expect("temp dir");
    let mut harness = app_on_large_book(9, None);
    let out = folder.path().join("book.csv");
    harness.state_mut().apply(FileIntent::Export {
        format: annotary::formats::export::ExportFormat::Csv,
        layer: None,
        to: Some(out.clone()),
    });
    assert!(
        harness
            .state()
            .workspace()
            .busy()
            .is_some_and(|b| b.starts_with("Exporting book.csv")),
        "{:?}",
        harness.state().workspace().busy()
    );
    // An export can tell how far it has got: the status bar shows a bar, not a spinner.
    assert!(
        harness
            .state()
            .workspace()
            .busy_fraction()
            .is_some_and(|f| (0.0..=1.0).contains(&f))
    );
    step_until_idle(&mut harness);
    harness.step();
    harness.get_by_label_contains("Wrote 20000 annotations from 1 document");
    let rows = csv::Reader::from_path(&out).expect("csv").records().count();
    assert_eq!(rows, 20_000);
}

#[test]
fn the_review_panel_shows_the_walk_and_its_keys_settle_disagreements() {
    // The walk's model (decisions, copies, undo, export, save) is a Workspace test; this
    // one is what the panel and the report window show, and the keys that drive them.
    let (mut harness, _folder, _path) = app_on_demo_copy();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    harness.run();
    let review = harness.state().workspace().review().expect("panel open");
    let total = review.progress().disagreements;
    let agreements = review.progress().open_agreements;
    assert!(total >= 5 && agreements >= 5, "{total} {agreements}");
    let span_agreements = review.progress().per_kind[Kind::Agree.index()];
    harness.get_by_label_contains(&format!("0 of {total} disagreements settled"));
    let reviewed = |h: &Harness<'_, AnnotaryApp>| {
        h.state()
            .workspace()
            .project()
            .annotations()
            .iter()
            .filter(|a| a.layer == "reviewed")
            .count()
    };

    // Agreements first, in bulk.
    harness
        .get_by_label_contains(&format!("Accept all agreements ({agreements})"))
        .click();
    harness.run();
    // Spans are copied (and the ends of agreeing links, to draw them between copies).
    assert!(reviewed(&harness) >= span_agreements);
    assert_eq!(
        harness
            .state()
            .workspace()
            .review()
            .expect("open")
            .progress()
            .open_agreements,
        0
    );

    // N goes to the next disagreement and shows it (a document label's opens its
    // document); N again skips it, until a span's; the key for its side accepts it.
    let first = loop {
        harness.key_press(Key::N);
        harness.run();
        let workspace = harness.state().workspace();
        let current = workspace
            .review()
            .and_then(|r| r.current_difference())
            .expect("walking")
            .clone();
        assert_eq!(workspace.view().document.as_ref(), Some(&current.document));
        if let Some(shown) = current.mine.or(current.theirs) {
            assert_eq!(workspace.view().selected, Some(shown));
        }
        if current.kind.is_span() {
            break current;
        }
    };
    harness.key_press(if first.mine.is_some() { Key::M } else { Key::T });
    harness.run();
    harness.get_by_label_contains(&format!("1 of {total} disagreements settled"));
    let chosen = first.mine.or(first.theirs).expect("a span");
    let workspace = harness.state().workspace();
    let review = &workspace.review().expect("open").review;
    assert!(
        review
            .copy_in_reviewed(workspace.project(), chosen)
            .is_some()
    );
    harness.key_press(Key::R);
    harness.run();
    harness.get_by_label_contains(&format!("2 of {total} disagreements settled"));
    ctrl(&mut harness, Key::Z);
    harness.get_by_label_contains(&format!("1 of {total} disagreements settled"));

    // The agreement report shows its charts, and says when it is out of date.
    harness.get_by_label("Agreement report…").click();
    harness.run();
    harness.get_by_label("Token labels");
    harness.get_by_label("Agreement per tag");
    // The demo's two layers have links, values and labels: their bars and the type matrix.
    harness.get_by_label("Links, attributes and document labels");
    harness.get_by_label("Relation types");
    harness.get_by_label_contains("attribute stance (");
    harness.key_press(Key::N);
    harness.key_press(Key::R);
    harness.run();
    harness.get_by_label("The project changed since.");
    harness.get_by_label("Recompute").click();
    harness.run();
    assert!(
        harness
            .query_by_label("The project changed since.")
            .is_none()
    );
    // Across every layer (AK, BM and the reviewed one): Fleiss' kappa and each pair.
    harness
        .get_by_label("Across every layer (Fleiss' κ, α and each pair)")
        .click();
    harness.run();
    harness.get_by_label("Fleiss' κ");
    harness.get_by_label("pair AK|BM");
    harness
        .get_by_label("Across every layer (Fleiss' κ, α and each pair)")
        .click();
    harness.run();
    harness.get_by_label("Cohen's κ");
}

#[test]
fn comparing_with_a_colleagues_project_adds_their_layers_and_opens_the_review() {
    let (mut harness, folder, _) = app_on_demo_copy();
    harness.run();
    // The colleague's copy: the demo with its text's line endings changed to CRLF.
    let mut theirs = project_file::load(&common::demo_path()).expect("demo");
    let first = theirs.documents()[0].clone();
    let crlf = annotary::model::Document::new(
        first.id.clone(),
        first.title.clone(),
        first.source.clone(),
        first.text().as_str().replace('\n', "\r\n"),
    );
    // Only BM's annotations of the first article are theirs.
    let ids: Vec<AnnotationId> = theirs.annotations().iter().map(|a| a.id).collect();
    let kept: Vec<Annotation> = theirs
        .annotations_in(&first.id)
        .iter()
        .map(|a| a.id)
        .collect::<Vec<_>>()
        .iter()
        .filter_map(|id| theirs.annotation(*id).cloned())
        .collect();
    annotary::edit::Command::DeleteMany(ids)
        .apply(&mut theirs, common::T0)
        .expect("delete");
    annotary::edit::Command::RemoveDocument(first.id.clone())
        .apply(&mut theirs, common::T0)
        .expect("remove");
    annotary::edit::Command::AddDocument {
        index: 0,
        document: crlf.clone(),
    }
    .apply(&mut theirs, common::T0)
    .expect("add");
    // Their annotations, moved to where the CRLF text has them.
    for a in kept.iter().filter(|a| a.layer == "BM") {
        let shift = |offset: usize| offset + first.text().slice(0, offset).matches('\n').count();
        annotary::edit::Command::Annotate {
            document: first.id.clone(),
            layer: "BM".into(),
            start: shift(a.start),
            end: shift(a.end),
            tag: a.tag.clone(),
        }
        .apply(&mut theirs, common::T0)
        .expect("annotate");
    }
    let colleague = folder.path().join("bm.ron");
    project_file::save(&theirs, &colleague).expect("save");

    harness
        .state_mut()
        .apply(FileIntent::CompareWithColleague(Some(colleague.clone())));
    harness.run();
    harness.get_by_label_contains("only in white space or line endings");
    let project = harness.state().workspace().project();
    let brought = project
        .annotations()
        .iter()
        .filter(|a| a.layer == "BM (bm)")
        .count();
    assert_eq!(brought, kept.iter().filter(|a| a.layer == "BM").count());
    // Re-anchored onto this project's text: BM (bm) agrees with BM everywhere.
    let review = &harness
        .state()
        .workspace()
        .review()
        .expect("review opens")
        .review;
    assert_eq!(review.theirs, "BM (bm)");
    let check = annotary::review::session::Review {
        mine: "BM".into(),
        theirs: "BM (bm)".into(),
        reviewed: "r".into(),
        reviewer: "t".into(),
    };
    // In the article they share (BM's other article is not in their copy).
    let differences: Vec<_> = check
        .differences(project)
        .into_iter()
        .filter(|d| d.document == first.id)
        .collect();
    // Their copy was made of spans alone here; a colleague's links, values and labels
    // coming along is a test of `bring` (tests/review_coding.rs).
    let spans: Vec<_> = differences.iter().filter(|d| d.kind.is_span()).collect();
    assert_eq!(spans.len(), 13);
    assert!(spans.iter().all(|d| !d.kind.is_disagreement()));
    ctrl(&mut harness, Key::Z);
    assert!(
        harness
            .state()
            .workspace()
            .project()
            .layers()
            .iter()
            .all(|l| l.name != "BM (bm)")
    );
}

#[test]
fn side_by_side_shows_one_layer_a_side_and_scrolls_them_together() {
    let (mut harness, _folder, _) = app_on_demo_copy();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    harness.run();
    // Layers can be hidden and given their own underline colour.
    harness.get_by_label("Layers shown").click();
    harness.run();
    harness.get_by_role_and_label(Role::CheckBox, "BM").click();
    harness
        .get_all_by_label("own colour")
        .next()
        .expect("a colour box")
        .click();
    harness.run();
    let view = harness.state().workspace().view();
    let (hidden, colours) = (&view.hidden_layers, &view.layer_colours);
    assert!(hidden.contains("BM"));
    assert!(colours.contains_key("AK"));
    harness.get_by_role_and_label(Role::CheckBox, "BM").click();
    harness.run();
    assert!(harness.state().workspace().view().hidden_layers.is_empty());
    harness.get_by_label("Layers shown").click();
    harness.run();

    harness.get_by_label("Side by side (mine | theirs)").click();
    harness.run();
    harness.get_by_label("AK");
    harness.get_by_label("BM");
    // Jump to the last annotation of the first article: the left side scrolls there and
    // the right side follows.
    let last = *harness
        .state()
        .workspace()
        .project()
        .annotations()
        .iter()
        .filter(|a| a.layer == "AK")
        .map(|a| a.id)
        .collect::<Vec<_>>()
        .last()
        .expect("annotations");
    harness.state_mut().queue(ViewIntent::SelectAnnotation {
        id: last,
        scroll: true,
    });
    // The jump scrolls smoothly for a few frames, the right side following each.
    harness.run_steps(12);
    let (left, right) = harness.state().side_by_side_scroll();
    let left = left.expect("left shown");
    assert!(left > 100.0, "scrolled down: {left}");
    assert_eq!(right, Some(left));
}

#[test]
fn a_dropped_nexis_export_is_previewed_as_its_articles_and_listed_with_outlet_and_date() {
    // A new project: the demo already holds the five articles.
    let folder = tempfile::tempdir().expect("temp dir");
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .allow_missing_glyphs()
        .build_eframe(|_cc| {
            AnnotaryApp::with_project(annotary::model::Project::new("Study", "AK"), None)
        });
    harness.run();
    let export = folder.path().join("nexis-uni.docx");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office/nexis-uni.docx"),
        &export,
    )
    .expect("copy");
    drop_file(&mut harness, export);
    harness.run();
    harness.get_by_label("Would add 5 documents.");
    harness.get_by_label_contains(
        "a news-database export, split into 5 articles: Russia's recognition",
    );
    // Asked to keep it whole, the preview says one document; asked again, five.
    harness
        .get_by_role_and_label(Role::CheckBox, "Split news exports into articles")
        .click();
    harness.run();
    harness.get_by_label("Would add 1 document.");
    harness
        .get_by_role_and_label(Role::CheckBox, "Split news exports into articles")
        .click();
    harness.run();
    harness.get_by_label("Would add 5 documents.");
    harness
        .get_by_role_and_label(Role::Button, "Import")
        .click();
    harness.run();
    assert_eq!(harness.state().workspace().project().documents().len(), 5);
    harness.get_by_label_contains(
        "Explainer Weekly, 2025-07-04 · Explainer: Russia and the Taliban, a timeline",
    );
    ctrl(&mut harness, Key::Z);
    assert_eq!(harness.state().workspace().project().documents().len(), 0);
    assert!(
        harness
            .state()
            .workspace()
            .project()
            .layers()
            .iter()
            .all(|l| l.name != "source"),
        "undo takes the source layer away too"
    );
}
