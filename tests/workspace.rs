//! The app without a window: the walks a researcher makes from the keyboard (annotating,
//! reviewing, annotating every match), the files it asks for and writes, and the note
//! being typed, all driven through `Workspace::apply` as the window would, with no egui.

mod common;

use std::path::{Path, PathBuf};

use annotary::formats::export::ExportFormat;
use annotary::formats::import_format::ImportFormat;
use annotary::formats::project_file;
use annotary::model::motion::{Boundary, Motion};
use annotary::model::search::Query;
use annotary::model::{AnnotationId, Choice, Project};
use annotary::review::diff::Kind;
use annotary::workspace::imports::{ImportPlan, Tense};
use annotary::workspace::{
    Answer, CaretMotion, EditIntent, Effect, FileIntent, FindIntent, Pending, Pick, Purpose,
    ReviewIntent, RowMotion, ViewIntent, Workspace,
};

/// A workspace on a copy of the demo project in a temporary folder.
/// Hides every kind of difference but the spans', so the walk visits spans alone.
fn walk_spans_only(ws: &mut Workspace) {
    for kind in Kind::ALL.into_iter().filter(|k| !k.is_span()) {
        let _ = ws.apply(ReviewIntent::ShowKind { kind, shown: false });
    }
}

fn on_demo_copy() -> (Workspace, tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("demo.ron");
    std::fs::copy(common::demo_path(), &path).expect("copy demo");
    let project = project_file::load(&path).expect("demo loads");
    (Workspace::new(project, Some(path.clone())), folder, path)
}

/// Code-point range of the `nth` occurrence of `quote` in the open document.
fn find(ws: &Workspace, quote: &str, nth: usize) -> (usize, usize) {
    common::find_in(
        ws.document().expect("a document is open").text(),
        quote,
        nth,
    )
}

fn quote(ws: &Workspace, id: AnnotationId) -> Option<&str> {
    ws.project().annotation(id).map(|a| a.quote.as_str())
}

fn with_quote(ws: &Workspace, quote: &str) -> Option<AnnotationId> {
    ws.project()
        .annotations()
        .iter()
        .find(|a| a.quote == quote)
        .map(|a| a.id)
}

fn caret(ws: &mut Workspace, motion: Motion, extend: bool) -> Vec<Effect> {
    ws.apply(ViewIntent::MoveCaret {
        motion: CaretMotion::Text(motion),
        extend,
    })
}

#[test]
fn annotating_with_the_keyboard_alone() {
    let (mut ws, _folder, _path) = on_demo_copy();
    // A click puts the caret in the text; then the keyboard walks it.
    let (world, _) = find(&ws, "world", 0);
    let _ = ws.apply(ViewIntent::SelectText {
        anchor: world,
        head: world,
    });
    assert_eq!(ws.view().selected_range(), None, "a caret, not a selection");
    let _ = caret(&mut ws, Motion::DocumentStart, false);
    let _ = caret(&mut ws, Motion::WordRight, false);
    let effects = caret(&mut ws, Motion::Right, false);
    assert_eq!(effects, [Effect::Reveal(4)], "the caret is kept in view");
    // Caret after "The ": select "world is" word by word.
    let _ = caret(&mut ws, Motion::WordRight, true);
    let _ = caret(&mut ws, Motion::WordRight, true);
    assert_eq!(ws.view().selected_range(), Some(find(&ws, "world is", 0)));
    let _ = ws.apply(EditIntent::Tag("claim".into()));
    let created = with_quote(&ws, "world is").expect("tagged");
    assert_eq!(ws.view().selected, Some(created));

    // Shift+Left moves the end, Ctrl+Shift+Left/Right the start, by whole characters.
    for _ in 0..3 {
        let _ = ws.apply(EditIntent::MoveBoundary {
            boundary: Boundary::End,
            forward: false,
            by_word: false,
        });
    }
    assert_eq!(quote(&ws, created), Some("world"));
    for (forward, expected) in [(false, " world"), (true, "world")] {
        let _ = ws.apply(EditIntent::MoveBoundary {
            boundary: Boundary::Start,
            forward,
            by_word: false,
        });
        assert_eq!(quote(&ws, created), Some(expected));
    }
    // Alt+Shift moves a boundary by a word: the end on past the next word and back.
    let text_after = |ws: &Workspace| quote(ws, created).map(str::to_owned);
    let _ = ws.apply(EditIntent::MoveBoundary {
        boundary: Boundary::End,
        forward: true,
        by_word: true,
    });
    let grown = text_after(&ws).expect("quote");
    assert!(
        grown.starts_with("world ") && grown.len() > "world ".len(),
        "{grown}"
    );
    let _ = ws.apply(EditIntent::MoveBoundary {
        boundary: Boundary::End,
        forward: false,
        by_word: true,
    });
    assert_eq!(quote(&ws, created), Some("world"));

    // Tab walks to the next annotation in reading order, Shift+Tab back.
    let _ = ws.apply(ViewIntent::NextAnnotation { forward: true });
    let first_claim = ws
        .project()
        .annotations()
        .iter()
        .find(|a| a.quote.starts_with("On July 3"))
        .expect("claim")
        .id;
    assert_eq!(ws.view().selected, Some(first_claim));
    let _ = ws.apply(ViewIntent::NextAnnotation { forward: false });
    assert_eq!(ws.view().selected, Some(created));

    // Enter gives the note the keyboard; what is typed is the note, saved when done.
    assert_eq!(ws.apply(ViewIntent::FocusNote), [Effect::FocusNote]);
    let _ = ws.apply(EditIntent::TypeNote("3 words".into()));
    assert_eq!(
        ws.project().annotation(created).map(|a| a.tag.as_str()),
        Some("claim")
    );
    let _ = ws.apply(EditIntent::SaveNote);
    assert_eq!(
        ws.project().annotation(created).map(|a| a.note.as_str()),
        Some("3 words")
    );

    // Escape clears the selection, so Tab starts from the top: "world" comes first.
    let _ = ws.apply(ViewIntent::ClearSelection);
    let _ = ws.apply(ViewIntent::NextAnnotation { forward: true });
    assert_eq!(ws.view().selected, Some(created));
    let _ = ws.apply(EditIntent::DeleteAnnotation);
    assert!(ws.project().annotation(created).is_none());
    // Delete, note, two word moves, two start moves, three end moves, create.
    for _ in 0..10 {
        let _ = ws.apply(EditIntent::Undo);
    }
    assert!(
        ws.project().annotation(created).is_none(),
        "back before it was made"
    );
    assert!(!ws.has_unsaved_changes());
}

/// Tab walks only the annotations the view shows: one in a hidden layer would be
/// selected where nobody (and no screen reader) can see it.
#[test]
fn tab_skips_the_annotations_of_a_hidden_layer() {
    let (mut ws, _folder, _path) = on_demo_copy();
    let _ = ws.apply(ViewIntent::ShowLayer {
        layer: "BM".into(),
        shown: false,
    });
    // The layers of the next six annotations Tab (or Shift+Tab) selects.
    let walk = |ws: &mut Workspace, forward: bool| -> Vec<String> {
        (0..6)
            .map(|_| {
                let _ = ws.apply(ViewIntent::NextAnnotation { forward });
                let selected = ws.view().selected_annotation(ws.project());
                selected.expect("selected").layer.clone()
            })
            .collect()
    };
    let layers = walk(&mut ws, true);
    assert!(layers.iter().all(|l| l == "AK"), "{layers:?}");
    let _ = ws.apply(ViewIntent::ShowLayer {
        layer: "BM".into(),
        shown: true,
    });
    let layers = walk(&mut ws, false);
    assert!(layers.iter().any(|l| l == "BM"), "shown again: {layers:?}");
}

#[test]
fn a_row_motion_asks_the_window_where_the_row_leads_and_keeps_the_anchor() {
    let (mut ws, _folder, _path) = on_demo_copy();
    let (start, end) = find(&ws, "stunned", 0);
    let _ = ws.apply(ViewIntent::SelectText {
        anchor: start,
        head: end,
    });
    let effects = ws.apply(ViewIntent::MoveCaret {
        motion: CaretMotion::Rows(RowMotion::Down),
        extend: true,
    });
    assert_eq!(
        effects,
        [Effect::MoveByRows {
            anchor: Some(start),
            head: end,
            rows: RowMotion::Down
        }]
    );
    // Nothing moves until the window answers from its layout.
    assert_eq!(ws.view().selected_range(), Some((start, end)));
    let effects = ws.apply(ViewIntent::PlaceCaret {
        anchor: start,
        head: end + 40,
    });
    assert_eq!(effects, [Effect::Reveal(end + 40)]);
    assert_eq!(ws.view().selected_range(), Some((start, end + 40)));
    // Without Shift, the row motion leaves a caret.
    let effects = ws.apply(ViewIntent::MoveCaret {
        motion: CaretMotion::Rows(RowMotion::Up),
        extend: false,
    });
    assert!(matches!(
        effects.as_slice(),
        [Effect::MoveByRows { anchor: None, .. }]
    ));
}

fn in_layer(ws: &Workspace, layer: &str) -> usize {
    ws.project()
        .annotations()
        .iter()
        .filter(|a| a.layer == layer)
        .count()
}

#[test]
fn the_review_walk_settles_disagreements_and_undo_takes_them_back() {
    let (mut ws, folder, path) = on_demo_copy();
    let _ = ws.apply(ReviewIntent::Toggle);
    let review = ws.review().expect("panel open").review.clone();
    assert_eq!((review.mine.as_str(), review.theirs.as_str()), ("AK", "BM"));
    let differences = review.differences(ws.project());
    let (_, total) = review.progress(ws.project(), &differences);
    let agreements = differences
        .iter()
        .filter(|d| !d.kind.is_disagreement())
        .count();
    assert!(total >= 5 && agreements >= 5, "{total} {agreements}");
    // Accepting agreements copies the agreeing spans; links and labels are no spans.
    let span_agreements = differences.iter().filter(|d| d.kind == Kind::Agree).count();
    walk_spans_only(&mut ws);
    let settled = |ws: &Workspace| ws.review().expect("open").progress().settled;
    assert_eq!(settled(&ws), 0);
    assert_eq!(
        ws.review().expect("open").progress().open_agreements,
        agreements
    );

    // Agreements first, in bulk: one step.
    let _ = ws.apply(ReviewIntent::AcceptAgreements);
    // The agreeing spans, and the ends of agreeing links that are not among them (to draw
    // the links between copies).
    let base = in_layer(&ws, "reviewed");
    assert!(base >= span_agreements, "{base} {span_agreements}");
    assert_eq!(ws.review().expect("open").progress().open_agreements, 0);

    // N goes to the first disagreement and shows it; the key for its side accepts it.
    let effects = ws.apply(ReviewIntent::Skip { forward: true });
    let current = ws.review().expect("open").current.expect("walking");
    let first = &differences[current];
    assert!(first.kind.is_disagreement());
    let shown = first.mine.or(first.theirs).expect("an annotation");
    assert_eq!(ws.view().selected, Some(shown));
    let start = ws.project().annotation(shown).expect("exists").start;
    assert_eq!(effects, [Effect::ScrollTo(start)]);
    let choice = if first.mine.is_some() {
        Choice::Mine
    } else {
        Choice::Theirs
    };
    let _ = ws.apply(ReviewIntent::Settle(choice));
    assert_eq!(settled(&ws), 1);
    assert_eq!(in_layer(&ws, "reviewed"), base + 1);
    // R rejects both: settled, nothing copied.
    let _ = ws.apply(ReviewIntent::Settle(Choice::Neither));
    assert_eq!(settled(&ws), 2);
    assert_eq!(in_layer(&ws, "reviewed"), base + 1);
    let last = ws.project().decisions().last().expect("decision").clone();
    assert_eq!(last.choice, Choice::Neither);
    assert_eq!(
        (last.mine_layer.as_str(), last.theirs_layer.as_str()),
        ("AK", "BM")
    );
    assert!(!last.by.is_empty());

    // Undo takes the rejection back, then the acceptance; redo does the acceptance again.
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(settled(&ws), 1);
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(settled(&ws), 0);
    assert_eq!(in_layer(&ws, "reviewed"), base);
    let _ = ws.apply(EditIntent::Redo);
    assert_eq!(in_layer(&ws, "reviewed"), base + 1);

    // The agreement report is computed when asked for, and says when it is out of date.
    let _ = ws.apply(ReviewIntent::OpenReport);
    let revision = ws.revision();
    let review = ws.review().expect("open");
    assert!(review.report_open && review.agreement().is_some());
    assert!(!review.agreement_stale(revision));
    let _ = ws.apply(ReviewIntent::Skip { forward: true });
    let _ = ws.apply(ReviewIntent::Settle(Choice::Neither));
    assert!(ws.review().expect("open").agreement_stale(ws.revision()));
    let _ = ws.apply(ReviewIntent::RecomputeAgreement);
    assert!(!ws.review().expect("open").agreement_stale(ws.revision()));
    // Across every layer (AK, BM and the reviewed one): Fleiss' kappa and each pair.
    let _ = ws.apply(ReviewIntent::AllLayers(true));
    let report = ws.review().and_then(|r| r.agreement()).expect("report");
    assert_eq!(report.layers.len(), 3);
    assert!(report.overall.fleiss_kappa.is_some());
    assert!(report.pairwise.contains_key("AK|BM"));
    let _ = ws.apply(ReviewIntent::AllLayers(false));
    let report = ws.review().and_then(|r| r.agreement()).expect("report");
    assert_eq!(report.layers, ["AK", "BM"]);
    assert!(report.overall.cohen_kappa.is_some());
    let _ = ws.apply(EditIntent::Undo);

    // Exported, the report is of the project as it is now.
    let csv = folder.path().join("agreement.csv");
    let html = folder.path().join("agreement.html");
    for (to, html) in [(&csv, false), (&html, true)] {
        let _ = ws.apply(FileIntent::ExportAgreement {
            html,
            to: Some(to.clone()),
        });
    }
    assert!(
        std::fs::read_to_string(&csv)
            .expect("csv")
            .contains("overall,all,cohen_kappa,")
    );
    assert!(
        std::fs::read_to_string(&html)
            .expect("html")
            .contains("<svg")
    );

    // Saved, the reviewed layer and the decisions are in the file.
    let _ = ws.apply(FileIntent::Save);
    let saved = project_file::load(&path).expect("saved");
    assert_eq!(saved.decisions().len(), agreements + 1);
    assert!(saved.layers().iter().any(|l| l.name == "reviewed"));
}

#[test]
fn editing_the_reviewed_copy_selects_it_for_the_keyboard() {
    let (mut ws, _folder, _path) = on_demo_copy();
    let _ = ws.apply(ReviewIntent::Start {
        mine: "AK".into(),
        theirs: "BM".into(),
    });
    walk_spans_only(&mut ws);
    let _ = ws.apply(ReviewIntent::Skip { forward: true });
    let copy = ws.project().next_annotation_id();
    let effects = ws.apply(ReviewIntent::Settle(Choice::Edited));
    assert_eq!(ws.view().selected, Some(copy));
    let copied = ws.project().annotation(copy).expect("copied");
    assert_eq!(copied.layer, "reviewed");
    assert_eq!(effects, [Effect::ScrollTo(copied.start)]);
}

#[test]
fn find_and_annotate_all_matches_as_one_undo_step() {
    let (mut ws, _folder, _path) = on_demo_copy();
    let count = |ws: &Workspace| {
        ws.project()
            .annotations()
            .iter()
            .filter(|a| a.quote == "Taliban" && a.tag == "actor")
            .count()
    };
    let text_matches = ws
        .document()
        .expect("open")
        .text()
        .as_str()
        .matches("Taliban")
        .count();
    assert!(text_matches > 5);

    assert_eq!(
        ws.apply(FindIntent::Open { everywhere: false }),
        [Effect::FocusSearch]
    );
    let _ = ws.apply(FindIntent::Query(Query {
        text: "taliban".into(),
        ..Query::default()
    }));
    let search = ws.search().expect("open");
    assert_eq!(search.matches(), text_matches);
    assert_eq!(search.tag, "claim", "the first tag to start with");

    // Untick the first match, choose the actor tag, annotate the rest.
    let _ = ws.apply(FindIntent::Tick {
        index: 0,
        ticked: false,
    });
    let _ = ws.apply(FindIntent::Tag("actor".into()));
    assert_eq!(ws.search().expect("open").ticked(), text_matches - 1);
    let _ = ws.apply(FindIntent::AnnotateMatches);
    assert_eq!(count(&ws), text_matches - 1);
    assert_eq!(
        ws.search().and_then(|s| s.report.as_deref()),
        Some(format!("Tagged {} as actor.", text_matches - 1).as_str())
    );

    // Annotating leaves the matches and the ticks as they were (the texts did not change).
    let search = ws.search().expect("open");
    assert_eq!(search.matches(), text_matches);
    assert!(!search.get(0).expect("a match").ticked);
    // Again: everything ticked but one is already tagged, so only that one is added.
    let _ = ws.apply(FindIntent::TickAll(true));
    let _ = ws.apply(FindIntent::AnnotateMatches);
    assert_eq!(count(&ws), text_matches);
    assert_eq!(
        ws.search().and_then(|s| s.report.as_deref()),
        Some(
            format!(
                "Tagged 1 as actor; {} already were, skipped.",
                text_matches - 1
            )
            .as_str()
        )
    );

    // Two undo steps: the second run, then the first.
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(count(&ws), text_matches - 1);
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(count(&ws), 0);

    // Across the project there are more.
    let _ = ws.apply(FindIntent::Open { everywhere: true });
    let everywhere: usize = ws
        .project()
        .documents()
        .iter()
        .map(|d| d.text().as_str().to_lowercase().matches("taliban").count())
        .sum();
    assert!(everywhere > text_matches);
    assert_eq!(ws.search().expect("open").matches(), everywhere);
    // Removing a document takes its matches away; undo brings them back.
    let last = ws.project().documents().last().expect("documents").clone();
    let in_last = last
        .text()
        .as_str()
        .to_lowercase()
        .matches("taliban")
        .count();
    assert!(in_last > 0);
    let _ = ws.apply(EditIntent::RemoveDocument(last.id.clone()));
    assert_eq!(ws.search().expect("open").matches(), everywhere - in_last);
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(ws.search().expect("open").matches(), everywhere);
    let _ = ws.apply(FindIntent::Close);
    assert!(ws.search().is_none());
}

#[test]
fn the_note_being_typed_is_saved_once_when_the_researcher_moves_on() {
    let (mut ws, _folder, _path) = on_demo_copy();
    let id = ws
        .project()
        .annotations_in(&ws.document().expect("open").id)[0]
        .id;
    let before = ws.project().annotation(id).expect("exists").note.clone();
    let _ = ws.apply(ViewIntent::SelectAnnotation { id, scroll: false });
    let _ = ws.apply(EditIntent::TypeNote("Vague".into()));
    let _ = ws.apply(EditIntent::TypeNote("Vague: which?".into()));
    // Scrolling keeps the draft; it is not in the project yet.
    let _ = ws.apply(ViewIntent::ScrollTo(0));
    assert_eq!(ws.project().annotation(id).map(|a| &a.note), Some(&before));
    assert!(!ws.has_unsaved_changes());
    let annotation = ws.project().annotation(id).expect("exists");
    assert_eq!(ws.view().note_for(annotation), "Vague: which?");
    // Moving on saves it, as one undo step.
    let _ = ws.apply(ViewIntent::NextDocument);
    assert_eq!(
        ws.project().annotation(id).map(|a| a.note.as_str()),
        Some("Vague: which?")
    );
    assert_eq!(ws.history().undo_label(), Some("edit note"));
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(ws.project().annotation(id).map(|a| &a.note), Some(&before));
    assert!(!ws.has_unsaved_changes());

    // Deleting the annotation drops its draft: one undo step brings it back as it was.
    let _ = ws.apply(ViewIntent::SelectAnnotation { id, scroll: false });
    let _ = ws.apply(EditIntent::TypeNote("gone".into()));
    let _ = ws.apply(EditIntent::DeleteAnnotation);
    assert!(ws.project().annotation(id).is_none());
    assert_eq!(ws.history().undo_label(), Some("delete annotation"));
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(ws.project().annotation(id).map(|a| &a.note), Some(&before));
    assert!(!ws.has_unsaved_changes());
}

/// Answers a file question as the researcher would, choosing `path`.
fn answer(ws: &mut Workspace, effects: Vec<Effect>, path: &Path) -> Vec<Effect> {
    let [Effect::Choose(request)] = effects.as_slice() else {
        panic!("a file question: {effects:?}");
    };
    let intent = request
        .purpose
        .clone()
        .answer(vec![path.to_owned()])
        .expect("an answer");
    ws.apply(intent)
}

#[test]
fn saving_a_project_without_a_file_asks_where_then_writes_it() {
    let folder = tempfile::tempdir().expect("temp dir");
    let mut ws = Workspace::new(common::demo(), None);
    let _ = ws.apply(EditIntent::RenameProject("Kabul talks".into()));
    let effects = ws.apply(FileIntent::Save);
    let [Effect::Choose(request)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(request.pick, Pick::Save);
    assert_eq!(request.purpose, Purpose::SaveAs(None));
    assert_eq!(request.file_name.as_deref(), Some("kabul-talks.ron"));
    // Cancelling the dialog changes nothing.
    assert_eq!(request.purpose.clone().answer(Vec::new()), None);
    let path = folder.path().join("kabul.ron");
    let effects = answer(&mut ws, effects, &path);
    assert!(effects.is_empty());
    assert_eq!(ws.path(), Some(path.as_path()));
    assert!(!ws.has_unsaved_changes());
    assert!(!ws.title().starts_with('*'));
    assert_eq!(
        project_file::load(&path).expect("saved").title,
        "Kabul talks"
    );
}

#[test]
fn unsaved_work_is_asked_about_before_it_is_replaced_or_the_window_closes() {
    let (mut ws, folder, path) = on_demo_copy();
    assert_eq!(ws.apply(FileIntent::Close), [Effect::Close]);
    let other = folder.path().join("other.ron");
    project_file::save(&Project::new("Other", "AK"), &other).expect("save");
    let _ = ws.apply(EditIntent::RenameProject("Renamed".into()));

    // Opening another project asks first; Cancel keeps the work.
    let open = Pending::Open(Some(other.clone()));
    assert_eq!(
        ws.apply(FileIntent::Open(Some(other.clone()))),
        [Effect::AskToSave(open.clone())]
    );
    let _ = ws.apply(FileIntent::Unsaved {
        answer: Answer::Cancel,
        then: open.clone(),
    });
    assert_eq!(ws.project().title, "Renamed");
    assert!(ws.has_unsaved_changes());
    // Dropping a project on the window asks too, and reads none of the texts beside it.
    let text = folder.path().join("note.txt");
    std::fs::write(&text, "Kabul").expect("write");
    let documents = ws.project().documents().len();
    assert_eq!(
        ws.apply(FileIntent::Dropped(vec![text, other.clone()])),
        [Effect::AskToSave(open.clone())]
    );
    assert_eq!(ws.project().documents().len(), documents);

    // Closing asks; Save writes the work, then the window may close.
    assert_eq!(
        ws.apply(FileIntent::Close),
        [Effect::AskToSave(Pending::Quit)]
    );
    let effects = ws.apply(FileIntent::Unsaved {
        answer: Answer::Save,
        then: Pending::Quit,
    });
    assert_eq!(effects, [Effect::Close]);
    assert_eq!(project_file::load(&path).expect("saved").title, "Renamed");

    // Discard goes on without saving; the search bar stays open on the other project.
    let _ = ws.apply(FindIntent::Open { everywhere: true });
    let _ = ws.apply(FindIntent::Query(Query {
        text: "Taliban".into(),
        ..Query::default()
    }));
    assert!(ws.search().expect("open").matches() > 0);
    let _ = ws.apply(EditIntent::RenameProject("Lost".into()));
    let _ = ws.apply(FileIntent::Unsaved {
        answer: Answer::Discard,
        then: open,
    });
    assert_eq!(ws.project().title, "Other");
    assert_eq!(ws.path(), Some(other.as_path()));
    assert!(ws.search().expect("still open").matches() == 0);
    assert_eq!(project_file::load(&path).expect("kept").title, "Renamed");
}

#[test]
fn imports_and_exports_report_what_the_cli_prints() {
    let (mut ws, folder, _path) = on_demo_copy();
    let out = folder.path().join("demo.jsonl");
    let effects = ws.apply(FileIntent::Export {
        format: ExportFormat::Jsonl,
        layer: Some("AK".into()),
        to: None,
    });
    let effects = answer(&mut ws, effects, &out);
    assert!(effects.is_empty());
    let report = ws.report().expect("a report").to_owned();
    let ak = common::demo()
        .annotations()
        .iter()
        .filter(|a| a.layer == "AK")
        .count();
    assert!(
        report.starts_with(&format!("Wrote {ak} annotations from 5 documents to ")),
        "{report}"
    );
    let _ = ws.apply(ViewIntent::DismissReport);
    assert!(ws.report().is_none());

    // The colleague's doccano file comes in as a layer, in one undo step.
    let files = vec![out];
    let expected =
        ImportPlan::new(ws.project(), ImportFormat::Jsonl, &files, "colleague").report(Tense::Done);
    let _ = ws.apply(FileIntent::ImportAnnotations {
        format: ImportFormat::Jsonl,
        layer: "colleague".into(),
        from: Some(files),
    });
    // Nothing changes before the preview is answered.
    assert_eq!(in_layer(&ws, "colleague"), 0);
    assert!(!ws.has_unsaved_changes());
    assert!(
        ws.import_preview()
            .expect("a preview")
            .report(Tense::Preview)
            .summary
            .starts_with(&format!("Would import {ak} annotations"))
    );
    let _ = ws.apply(FileIntent::AnswerImport(true));
    assert!(ws.import_preview().is_none());
    assert_eq!(in_layer(&ws, "colleague"), ak);
    assert_eq!(
        ws.view().layer,
        "colleague",
        "the new layer is the one annotated"
    );
    assert_eq!(ws.report(), Some(expected.text().as_str()));
    // doccano's relation form brings the links too.
    let links = |ws: &Workspace, layer: &str| {
        let project = ws.project();
        project
            .relations()
            .all()
            .iter()
            .filter(|r| project.annotation(r.from).is_some_and(|a| a.layer == layer))
            .count()
    };
    assert_eq!(links(&ws, "colleague"), links(&ws, "AK"));
    assert!(
        expected.summary.starts_with(&format!(
            "Imported {ak} annotations with {} links into layer “colleague”: 5 documents matched",
            links(&ws, "AK")
        )),
        "{}",
        expected.summary
    );
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(in_layer(&ws, "colleague"), 0);
    assert!(ws.project().layers().iter().all(|l| l.name != "colleague"));
}

#[cfg(unix)]
#[test]
fn a_read_only_project_asks_for_another_name_instead_of_being_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let (mut ws, folder, path) = on_demo_copy();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let _ = ws.apply(EditIntent::RenameProject("Renamed".into()));
    let effects = ws.apply(FileIntent::Save);
    assert!(
        matches!(effects.as_slice(), [Effect::Choose(r)] if r.purpose == Purpose::SaveAs(None)),
        "{effects:?}"
    );
    assert!(ws.errors()[0].contains("read-only"), "{:?}", ws.errors());
    assert!(ws.has_unsaved_changes());
    let copy = folder.path().join("copy.ron");
    let _ = answer(&mut ws, effects, &copy);
    assert!(!ws.has_unsaved_changes());
    assert_eq!(project_file::load(&copy).expect("saved").title, "Renamed");
    assert_ne!(project_file::load(&path).expect("left").title, "Renamed");
}

#[test]
fn the_window_never_exports_over_the_project_and_an_empty_import_changes_nothing() {
    let (mut ws, folder, path) = on_demo_copy();
    let before = std::fs::read(&path).expect("read");
    let _ = ws.apply(FileIntent::Export {
        format: ExportFormat::Csv,
        layer: None,
        to: Some(path.clone()),
    });
    assert!(
        ws.errors()[0].contains("the project's own file"),
        "{:?}",
        ws.errors()
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);

    let csv = folder.path().join("other.csv");
    std::fs::write(
        &csv,
        "document,start,end,tag,text,note\nnowhere,0,5,actor,Kabul,\n",
    )
    .expect("csv");
    let layers = ws.project().layers().len();
    let _ = ws.apply(FileIntent::ImportAnnotations {
        format: ImportFormat::Csv,
        layer: "BM2".into(),
        from: Some(vec![csv]),
    });
    assert_eq!(ws.project().layers().len(), layers, "no empty layer");
    assert!(!ws.has_unsaved_changes());
    assert!(
        ws.report()
            .expect("a report")
            .starts_with("Nothing imported")
    );
}

#[test]
fn the_tag_editor_rows_rename_a_tag_with_its_annotations_in_one_undo_step() {
    use annotary::edit::TagEdit;
    let (mut ws, _folder, _path) = on_demo_copy();
    let count = |ws: &Workspace, tag: &str| {
        ws.project()
            .annotations()
            .iter()
            .filter(|a| a.tag == tag)
            .count()
    };
    let actors = count(&ws, "actor");
    assert!(actors > 0);
    let mut rows = TagEdit::rows_of(ws.project().tags());
    // The rows as they are change nothing.
    let _ = ws.apply(EditIntent::EditTags(rows.clone()));
    assert!(!ws.has_unsaved_changes());
    let row = rows
        .iter_mut()
        .find(|r| r.tag.name == "actor")
        .expect("actor row");
    row.tag.name = "person".into();
    let _ = ws.apply(EditIntent::EditTags(rows));
    assert_eq!(count(&ws, "person"), actors);
    assert_eq!(count(&ws, "actor"), 0);
    assert!(ws.project().problems().is_empty());
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(count(&ws, "actor"), actors);
    assert!(ws.project().tags().get("person").is_none());
}

#[test]
fn annotate_all_offers_the_tag_last_given() {
    let (mut ws, _folder, _path) = on_demo_copy();
    let (start, end) = find(&ws, "Taliban", 0);
    let _ = ws.apply(ViewIntent::SelectText {
        anchor: start,
        head: end,
    });
    let _ = ws.apply(EditIntent::Tag("actor".into()));
    let _ = ws.apply(FindIntent::Open { everywhere: false });
    assert_eq!(
        ws.search().expect("open").tag,
        "actor",
        "a name was just tagged as an actor"
    );
    // Choosing another tag in the bar is remembered too, for the next search.
    let _ = ws.apply(FindIntent::Tag("date".into()));
    let _ = ws.apply(FindIntent::Close);
    let _ = ws.apply(FindIntent::Open { everywhere: true });
    assert_eq!(ws.search().expect("open").tag, "date");
}
