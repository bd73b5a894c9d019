//! For every researcher: the whole window zooms as a browser does (Ctrl+= or Ctrl++ and
//! Ctrl+- by a step, Ctrl+0 back, the same from the View menu, which shows the keys), and
//! the schema editor warns of tags a colour-blind coder would not tell apart, and a
//! screen reader finds the document's text, the caret and each annotation Tab walks to.

mod common;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};

use annotary::workspace::ViewIntent;

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

/// The annotation the app has selected.
fn selected(
    harness: &egui_kittest::Harness<'_, annotary::ui::AnnotaryApp>,
) -> annotary::model::Annotation {
    let workspace = harness.state().workspace();
    workspace
        .view()
        .selected_annotation(workspace.project())
        .expect("an annotation is selected")
        .clone()
}

/// What a screen reader (Orca, NVDA) is given of the painted document: the document by
/// its title, the paragraph the caret is in with its text and the caret's place in it,
/// and, as Tab walks the annotations, keyboard focus on each, named "tag: quote", with
/// its layer and note.
#[test]
fn a_screen_reader_reads_the_caret_paragraph_and_each_annotation_tab_walks_to() {
    let (mut harness, _folder) = common::window::app_on_demo(common::window::SIZE);
    harness.run();
    let workspace = harness.state().workspace();
    let document = workspace.document().expect("the demo shows a document");
    let title = document.title.clone();
    let text = document.text().clone();
    harness.get_by_role_and_label(Role::Document, &title);

    // The caret after the first paragraph's first word. A screen reader reads what the
    // caret is in as AccessKit's text ranges give it: the paragraph from its start to its
    // end, and the words before the caret.
    let first = text.paragraphs()[0].clone();
    let word_end = text.next_word_end(first.start);
    harness.state_mut().apply(ViewIntent::PlaceCaret {
        anchor: word_end,
        head: word_end,
    });
    harness.run();
    let node = harness.get_by_role_and_label(Role::Document, &title);
    let document_node = node.accesskit_node();
    assert!(
        document_node.is_focused(),
        "focus is on the document, with the caret"
    );
    let caret = document_node
        .text_selection_focus()
        .expect("the caret is given");
    assert_eq!(caret.inner_node().role(), Role::TextRun);
    assert_eq!(
        caret.inner_node().parent().map(|p| p.role()),
        Some(Role::Paragraph)
    );
    let mut paragraph = caret.to_degenerate_range();
    paragraph.set_start(caret.backward_to_paragraph_start());
    paragraph.set_end(caret.forward_to_paragraph_end());
    assert_eq!(
        paragraph.text().trim_end_matches('\n'),
        text.slice(first.start, first.end),
        "the caret's paragraph"
    );
    let mut before = caret.to_degenerate_range();
    before.set_start(caret.backward_to_paragraph_start());
    assert_eq!(
        before.text(),
        text.slice(first.start, word_end),
        "the caret's place"
    );

    // Tab walks the annotations; focus follows, and each is read by its tag and quote.
    for _ in 0..3 {
        harness.key_press(Key::Tab);
        harness.run();
        harness.run();
        let selected = selected(&harness);
        // Both coders of the demo are shown, and often tagged the same words: the name
        // ends in the layer, so that two in a row are two to the reader.
        let name = format!("{}: {} ({})", selected.tag, selected.quote, selected.layer);
        let mark = harness.get_by_role_and_label(Role::Mark, &name);
        assert!(mark.is_focused(), "focus is on {name:?}");
        let description = mark.accesskit_node().description().unwrap_or_default();
        if !selected.note.is_empty() {
            assert!(description.contains(&selected.note), "{description:?}");
        }
    }
    // A screen reader may move focus itself (Orca's structural navigation): the annotation
    // focus comes to is selected, so what is read and what the keys act on stay one.
    let walked_to = selected(&harness);
    let other = if walked_to.layer == "AK" { "BM" } else { "AK" };
    let date = format!("{}: {} ({other})", walked_to.tag, walked_to.quote);
    harness.get_by_role_and_label(Role::Mark, &date).focus();
    harness.run();
    harness.run();
    let focused = selected(&harness);
    assert_eq!(
        (focused.quote.as_str(), focused.layer.as_str()),
        (walked_to.quote.as_str(), other),
        "the other coder's annotation of the same words"
    );
    assert!(
        harness
            .get_by_role_and_label(Role::Mark, &date)
            .is_focused()
    );

    // The keys still act while focus is on an annotation: the document keeps them.
    let count = harness.state().workspace().project().annotations().len();
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(
        harness.state().workspace().project().annotations().len(),
        count - 1,
        "Delete removed the focused annotation"
    );

    // With one coder's layer shown, the name is the tag and the quote alone, and the
    // layer is said after it.
    harness.state_mut().apply(ViewIntent::ShowLayer {
        layer: "BM".into(),
        shown: false,
    });
    harness.key_press(Key::Tab);
    harness.run();
    harness.run();
    let selected = selected(&harness);
    assert_eq!(selected.layer, "AK");
    let name = format!("{}: {}", selected.tag, selected.quote);
    let mark = harness.get_by_role_and_label(Role::Mark, &name);
    assert!(mark.is_focused());
    let description = mark.accesskit_node().description().unwrap_or_default();
    assert!(description.contains("layer AK"), "{description:?}");
}
