//! Walking, accepting and rejecting suggestions through the workspace, as the window's
//! keys do: each acceptance is an ordinary annotation in the current layer and one undo
//! step, a rejection is remembered, accepting all alike is one step after a count.

mod common;

use annotary::model::suggest::Source;
use annotary::model::{AttributeValue, DocumentId};
use annotary::workspace::{EditIntent, SuggestIntent, ViewIntent, Workspace};

fn on_demo() -> (Workspace, tempfile::TempDir) {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("demo.ron");
    std::fs::copy(common::demo_path(), &path).expect("copy demo");
    let project = annotary::formats::project_file::load(&path).expect("demo loads");
    let mut ws = Workspace::new(project, Some(path));
    let _ = ws.apply(ViewIntent::OpenDocument(DocumentId(
        "001_bc22e7b79049ddaf".into(),
    )));
    (ws, folder)
}

fn count(ws: &Workspace) -> usize {
    ws.project().annotations().len()
}

#[test]
fn the_walk_accepts_a_suggestion_with_its_value_and_undo_takes_it_back() {
    let (mut ws, _folder) = on_demo();
    assert!(!ws.suggestions().is_empty());
    let before = count(&ws);
    // From the top: the first is "Russia" (forms), then the byline's date.
    let _ = ws.apply(SuggestIntent::Next { forward: true });
    let (_, first) = ws.looked_at().expect("looking at one");
    assert_eq!((&*first.form, first.source), ("Russia", Source::Forms));
    let _ = ws.apply(SuggestIntent::Next { forward: true });
    let _ = ws.apply(SuggestIntent::Next { forward: true });
    let (_, date) = ws.looked_at().expect("looking at one");
    let date = date.clone();
    assert_eq!(&*date.form, "2025-07-19 06:24:53");
    let _ = ws.apply(SuggestIntent::Accept);
    assert_eq!(count(&ws), before + 1);
    let made = ws
        .project()
        .annotations_in(&date.document)
        .iter()
        .find(|a| (a.start, a.end, a.tag.as_str()) == (date.start, date.end, "date"))
        .expect("accepted as an annotation")
        .clone();
    assert_eq!(made.layer, ws.view().layer);
    assert_eq!(
        made.attributes.get("value"),
        Some(&AttributeValue::Text("2025-07-19T06:24:53".into()))
    );
    // No longer offered; the walk moved on to the next.
    assert!(
        !ws.suggestions()
            .iter()
            .any(|s| (s.start, s.end) == (date.start, date.end))
    );
    let (_, next) = ws.looked_at().expect("moved on");
    assert!(next.start > date.start);
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(count(&ws), before);
    assert!(
        ws.suggestions()
            .iter()
            .any(|s| (s.start, s.end) == (date.start, date.end))
    );
}

#[test]
fn a_rejected_form_leaves_the_walk_everywhere_until_undone() {
    let (mut ws, _folder) = on_demo();
    let _ = ws.apply(SuggestIntent::Next { forward: true });
    let (_, first) = ws.looked_at().expect("one");
    let first = first.clone();
    let _ = ws.apply(SuggestIntent::Reject);
    let layer = ws.view().layer.clone();
    assert!(ws.project().is_rejected(&layer, &first.form, &first.tag));
    assert!(
        !ws.suggestions()
            .iter()
            .any(|s| s.form == first.form && s.tag == first.tag)
    );
    let (_, next) = ws.looked_at().expect("moved on");
    assert_ne!(next.form, first.form);
    let _ = ws.apply(EditIntent::Undo);
    assert!(ws.project().rejected().is_empty());
    assert!(ws.suggestions().iter().any(|s| s.form == first.form));
}

#[test]
fn accepting_all_alike_counts_first_and_is_one_undo_step() {
    let (mut ws, _folder) = on_demo();
    let before = count(&ws);
    let _ = ws.apply(SuggestIntent::Next { forward: true });
    let _ = ws.apply(SuggestIntent::AskAcceptAll);
    let asked = ws.view().accept_all.clone().expect("a count first");
    assert_eq!(
        (asked.form.as_str(), asked.tag.as_str()),
        ("Russia", "actor")
    );
    assert!(asked.count > 1 && asked.documents > 1, "{asked:?}");
    assert_eq!(count(&ws), before, "nothing accepted before the answer");
    let _ = ws.apply(SuggestIntent::AcceptAll);
    assert_eq!(count(&ws), before + asked.count);
    assert!(ws.view().accept_all.is_none());
    assert!(
        !ws.suggestions()
            .iter()
            .any(|s| &*s.form == "Russia" && &*s.tag == "actor")
    );
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(count(&ws), before);
    // Dismissing the question accepts nothing.
    let _ = ws.apply(SuggestIntent::Next { forward: true });
    let _ = ws.apply(SuggestIntent::AskAcceptAll);
    let _ = ws.apply(SuggestIntent::Dismiss);
    let _ = ws.apply(SuggestIntent::AcceptAll);
    assert_eq!(count(&ws), before);
}

#[test]
fn each_source_can_be_hidden_and_a_selection_of_ones_own_ends_the_walk() {
    let (mut ws, _folder) = on_demo();
    let _ = ws.apply(SuggestIntent::Show {
        source: Source::Forms,
        shown: false,
    });
    assert!(!ws.suggestions().is_empty());
    assert!(ws.suggestions().iter().all(|s| s.source == Source::Dates));
    let _ = ws.apply(SuggestIntent::Show {
        source: Source::Dates,
        shown: false,
    });
    assert!(ws.suggestions().is_empty());
    let _ = ws.apply(SuggestIntent::Show {
        source: Source::Dates,
        shown: true,
    });
    let _ = ws.apply(SuggestIntent::Next { forward: true });
    assert!(ws.looked_at().is_some());
    let _ = ws.apply(ViewIntent::SelectText { anchor: 3, head: 9 });
    assert!(ws.looked_at().is_none());
    let before = count(&ws);
    let _ = ws.apply(SuggestIntent::Accept);
    assert_eq!(count(&ws), before, "Enter no longer accepts");
}

/// The sentence a long document repeats, and the workspace on that document (past the
/// size done at once: its list comes from a worker thread), just opened.
const SENTENCE: &str = "Moscow said on 3 July 2025 that Kabul agreed. ";

fn on_a_long_document() -> (Workspace, String) {
    let words =
        SENTENCE.repeat(annotary::workspace::suggestions::AT_ONCE_CHARS / SENTENCE.len() + 10);
    let (project, doc) = common::project_from_markup(&format!("[actor:Moscow] spoke. {words}"));
    let mut ws = Workspace::new(project, None);
    let _ = ws.apply(ViewIntent::OpenDocument(doc));
    (ws, words)
}

/// Ticks until the worker has answered (failing, not hanging, if it never does).
fn settle(ws: &mut Workspace) {
    let mut waited = 0;
    while ws.suggestions_pending() && waited < 600 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        let _ = ws.tick();
        waited += 1;
    }
    assert!(!ws.suggestions_pending(), "the worker answered");
}

#[test]
fn a_long_documents_suggestions_are_found_off_the_window_thread() {
    let (mut ws, words) = on_a_long_document();
    assert!(ws.suggestions_pending());
    settle(&mut ws);
    let repeats = words.matches("Moscow").count();
    let found = ws.suggestions();
    assert_eq!(
        found.iter().filter(|s| &*s.form == "Moscow").count(),
        repeats
    );
    assert_eq!(
        found.iter().filter(|s| s.source == Source::Dates).count(),
        repeats
    );
}

#[test]
fn walking_a_long_documents_suggestions_needs_no_new_search_per_key() {
    let (mut ws, _) = on_a_long_document();
    settle(&mut ws);
    let total = ws.suggestions().len();
    let before = count(&ws);
    let _ = ws.apply(SuggestIntent::Next { forward: true });
    for n in 1..=3 {
        let _ = ws.apply(SuggestIntent::Accept);
        assert!(!ws.suggestions_pending(), "no search after acceptance {n}");
        assert_eq!(ws.suggestions().len(), total - n);
        assert!(ws.looked_at().is_some(), "the walk goes on at once");
    }
    assert_eq!(count(&ws), before + 3);
    // Rejecting the form takes every place of it out of the list at once.
    let (_, s) = ws.looked_at().expect("one");
    let form = s.form.clone();
    let _ = ws.apply(SuggestIntent::Reject);
    assert!(!ws.suggestions_pending());
    assert!(!ws.suggestions().iter().any(|s| s.form == form));
    // Undo is an edit like any other: the list is found again.
    let _ = ws.apply(EditIntent::Undo);
    assert!(ws.suggestions_pending());
}

#[test]
fn a_long_documents_suggestions_are_found_again_when_a_source_comes_back() {
    let (mut ws, _) = on_a_long_document();
    settle(&mut ws);
    let both = ws.suggestions().len();
    // An edit while the worker searches, then a source off and on again.
    let _ = ws.apply(ViewIntent::SelectText { anchor: 0, head: 6 });
    let _ = ws.apply(EditIntent::Tag("claim".into()));
    let _ = ws.apply(SuggestIntent::Toggle(Source::Dates));
    settle(&mut ws);
    assert!(ws.suggestions().iter().all(|s| s.source == Source::Forms));
    let _ = ws.apply(SuggestIntent::Toggle(Source::Dates));
    settle(&mut ws);
    assert!(ws.suggestions().iter().any(|s| s.source == Source::Dates));
    assert!(ws.suggestions().len() >= both - 1);
}

#[test]
fn the_suggestion_looked_at_stays_with_its_document() {
    let (mut ws, _folder) = on_demo();
    let _ = ws.apply(SuggestIntent::Next { forward: true });
    assert!(ws.looked_at().is_some());
    let _ = ws.apply(ViewIntent::NextDocument);
    assert!(
        ws.looked_at().is_none(),
        "not one at the same place in the next article"
    );
    let before = count(&ws);
    let _ = ws.apply(SuggestIntent::Accept);
    assert_eq!(count(&ws), before);
}
