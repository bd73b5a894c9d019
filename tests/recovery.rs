//! Crash recovery: the changes since the last save are in the project's journal as they
//! are made, so a killed Annotary loses nothing; the next open offers them back.

mod common;

use std::path::{Path, PathBuf};

use annotary::edit::{Command, TagEdit};
use annotary::formats::project_file;
use annotary::model::Project;
use annotary::workspace::journal::{Journal, path_for};
use annotary::workspace::{EditIntent, Effect, FileIntent, ViewIntent, Workspace};

/// A copy of the demo project in a temporary folder.
fn demo_copy() -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("demo.ron");
    std::fs::copy(common::demo_path(), &path).expect("copy demo");
    (folder, path)
}

/// Coding beyond spans: a link and its retyping, a stance, a second piece, a document
/// label, a schema edit.
fn coding_changes(ws: &mut Workspace) {
    use annotary::model::AttributeValue;
    use annotary::workspace::CodeIntent;
    let project = ws.project();
    let document = ws.document().expect("open").id.clone();
    let first = |tag: &str| {
        project
            .annotations_in(&document)
            .iter()
            .find(|a| a.tag == tag && a.layer == "AK")
            .expect("tagged")
            .id
    };
    let (claim, actor) = (first("assertion"), first("actor"));
    let text = ws.document().expect("open").text().clone();
    let (start, end) = common::find_in(&text, "world", 0);
    for intent in [
        CodeIntent::Relate {
            kind: "addressee".into(),
            from: claim,
            to: actor,
        },
        CodeIntent::SetAttribute {
            id: claim,
            name: "hedged".into(),
            value: Some(AttributeValue::Flag(true)),
        },
        CodeIntent::Extend(Some(actor)),
    ] {
        let _ = ws.apply(intent);
    }
    let _ = ws.apply(ViewIntent::SelectText {
        anchor: start,
        head: end,
    });
    let _ = ws.apply(CodeIntent::AddSelectionAsFragment);
    let _ = ws.apply(CodeIntent::SetDocumentLabel {
        document,
        name: "outlet".into(),
        value: Some(AttributeValue::Text(
            "The Express Tribune, “Karachi”".into(),
        )),
    });
    let mut schema = ws.project().schema().clone();
    schema.relations[0].description = "Who makes the claim, as reported.".into();
    let rows = TagEdit::rows_of(ws.project().tags());
    let _ = ws.apply(EditIntent::EditSchema { tags: rows, schema });
    assert!(ws.errors().is_empty(), "{:?}", ws.errors());
    assert!(
        ws.project()
            .annotation(actor)
            .expect("actor")
            .is_discontinuous()
    );
}

/// Opens the project at `path` as the window does, returning what the opening asked.
fn open(path: &Path) -> (Workspace, Vec<Effect>) {
    let mut ws = Workspace::new(Workspace::untitled(), None);
    let effects = ws.apply(FileIntent::Open(Some(path.to_owned())));
    (ws, effects)
}

/// Changes of every kind: tag, retag, a note, a resize, an undo and a redo, a tag
/// renamed, a document renamed, a document removed.
fn make_changes(ws: &mut Workspace) {
    let document = ws.document().expect("open").id.clone();
    let text = ws.document().expect("open").text().clone();
    let (start, end) = common::find_in(&text, "stunned", 0);
    let _ = ws.apply(ViewIntent::SelectText {
        anchor: start,
        head: end,
    });
    let _ = ws.apply(EditIntent::Tag("actor".into()));
    let _ = ws.apply(EditIntent::Tag("date".into()));
    let _ = ws.apply(EditIntent::TypeNote("felt, not said".into()));
    let _ = ws.apply(EditIntent::SaveNote);
    let _ = ws.apply(EditIntent::Undo);
    let _ = ws.apply(EditIntent::Redo);
    let mut rows = TagEdit::rows_of(ws.project().tags());
    rows[0].tag.name = "assertion".into();
    let _ = ws.apply(EditIntent::EditTags(rows));
    let _ = ws.apply(EditIntent::RenameDocument {
        id: document,
        title: "Stunned".into(),
    });
    let last = ws
        .project()
        .documents()
        .last()
        .expect("documents")
        .id
        .clone();
    let _ = ws.apply(EditIntent::RemoveDocument(last));
    coding_changes(ws);
    assert!(ws.has_unsaved_changes());
}

/// Recovers what the opening offered and returns the recovered project.
fn recover(path: &Path) -> (Workspace, Vec<String>) {
    let (mut ws, effects) = open(path);
    let [Effect::OfferRecovery(recovery)] = effects.as_slice() else {
        panic!("an offer to recover: {effects:?}");
    };
    let changes = recovery.changes.clone();
    let _ = ws.apply(FileIntent::Recover(true));
    (ws, changes)
}

#[test]
fn unsaved_changes_come_back_after_a_crash_exactly_as_they_were() {
    let (_folder, path) = demo_copy();
    let (mut ws, effects) = open(&path);
    assert!(effects.is_empty(), "no journal yet: {effects:?}");
    make_changes(&mut ws);
    let before_crash: Project = ws.project().clone();
    // A crash: the workspace is gone without saving or cleaning up.
    std::mem::forget(ws);

    let (mut ws, changes) = recover(&path);
    assert_eq!(ws.project(), &before_crash);
    assert!(ws.has_unsaved_changes(), "recovered, not saved");
    assert_eq!(
        changes,
        [
            "tag as actor",
            "retag as date",
            "edit note",
            "undo edit note",
            "redo edit note",
            "edit tag claim",
            "rename document",
            "remove document",
            "link as addressee",
            "set hedged",
            "add fragment",
            "set document outlet",
            "edit schema"
        ]
    );
    assert!(ws.errors().is_empty(), "{:?}", ws.errors());
    // Each recovered change is one undo step.
    for _ in 0..5 {
        let _ = ws.apply(EditIntent::Undo);
    }
    assert!(ws.project().relations().len() < before_crash.relations().len());
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(
        ws.project().documents().len(),
        before_crash.documents().len() + 1
    );
    for _ in 0..6 {
        let _ = ws.apply(EditIntent::Redo);
    }
    assert_eq!(ws.project(), &before_crash);
    // Saving ends the journal; the next open offers nothing.
    let _ = ws.apply(FileIntent::Save);
    assert!(!path_for(&path).exists());
    assert_eq!(project_file::load(&path).expect("saved"), before_crash);
    let (_, effects) = open(&path);
    assert!(effects.is_empty(), "{effects:?}");
}

#[test]
fn changes_after_a_recovery_join_the_same_journal() {
    let (_folder, path) = demo_copy();
    let (mut ws, _) = open(&path);
    make_changes(&mut ws);
    std::mem::forget(ws);
    let (mut ws, _) = recover(&path);
    let _ = ws.apply(EditIntent::RenameProject("After".into()));
    let expected = ws.project().clone();
    std::mem::forget(ws);
    let (ws, changes) = recover(&path);
    assert_eq!(ws.project(), &expected);
    assert_eq!(changes.len(), 14);
}

#[test]
fn a_record_torn_by_the_crash_is_left_out_and_the_rest_come_back() {
    let (_folder, path) = demo_copy();
    let (mut ws, _) = open(&path);
    make_changes(&mut ws);
    let before_last = ws.project().clone();
    let _ = ws.apply(EditIntent::RenameProject("Cut off".into()));
    std::mem::forget(ws);
    // The crash came in the middle of writing the last record.
    let journal = path_for(&path);
    let text = std::fs::read_to_string(&journal).expect("journal");
    let torn = &text[..text.len() - 10];
    std::fs::write(&journal, torn).expect("tear");

    let (mut ws, effects) = open(&path);
    let [Effect::OfferRecovery(recovery)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(recovery.torn);
    assert_eq!(recovery.changes.len(), 13);
    let _ = ws.apply(FileIntent::Recover(true));
    assert_eq!(ws.project(), &before_last);
    // The torn tail is gone from the journal: later changes follow whole records.
    let _ = ws.apply(EditIntent::RenameProject("Again".into()));
    let expected = ws.project().clone();
    std::mem::forget(ws);
    let (ws, changes) = recover(&path);
    assert_eq!(ws.project(), &expected);
    assert_eq!(changes.len(), 14);
}

#[test]
fn discarding_the_changes_leaves_the_file_as_it_was() {
    let (_folder, path) = demo_copy();
    let (mut ws, _) = open(&path);
    make_changes(&mut ws);
    std::mem::forget(ws);
    let (mut ws, effects) = open(&path);
    assert!(matches!(effects.as_slice(), [Effect::OfferRecovery(_)]));
    let _ = ws.apply(FileIntent::Recover(false));
    assert_eq!(ws.project(), &project_file::load(&path).expect("file"));
    assert!(!ws.has_unsaved_changes());
    assert!(!path_for(&path).exists());
}

#[test]
fn changes_made_on_another_version_of_the_file_are_kept_aside_not_replayed() {
    let (folder, path) = demo_copy();
    let (mut ws, _) = open(&path);
    make_changes(&mut ws);
    std::mem::forget(ws);
    // Meanwhile the file changed (a colleague's version from git, another copy saving).
    let mut other = project_file::load(&path).expect("file");
    Command::RenameProject("Theirs".into())
        .apply(&mut other, common::T0)
        .expect("rename");
    project_file::save(&other, &path).expect("save");

    let (ws, effects) = open(&path);
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(ws.project().title, "Theirs");
    assert!(
        ws.errors()[0].contains("the project file has changed"),
        "{:?}",
        ws.errors()
    );
    let aside: Vec<_> = std::fs::read_dir(folder.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("demo.ron.journal-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "the changes are kept");
    assert!(!path_for(&path).exists());
}

#[test]
fn closing_with_nothing_unsaved_leaves_no_journal() {
    let (_folder, path) = demo_copy();
    let (mut ws, _) = open(&path);
    let _ = ws.apply(EditIntent::RenameProject("Changed".into()));
    assert!(path_for(&path).exists());
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(ws.apply(FileIntent::Close), [Effect::Close]);
    assert!(!path_for(&path).exists());
}

#[test]
fn after_a_background_save_the_journal_keeps_only_the_changes_made_during_it() {
    let (_folder, path) = demo_copy();
    let mut journal = Journal::new(&path);
    for title in ["a", "b", "c"] {
        journal
            .record(&Command::RenameProject(title.into()), common::T0, title)
            .expect("record");
    }
    // The save wrote the first two; the third came while it ran.
    journal.saved(&path, 2).expect("saved");
    assert_eq!(journal.len(), 1);
    let found = annotary::workspace::journal::find(&path)
        .expect("a journal")
        .expect("readable");
    assert_eq!(found.records.len(), 1);
    assert_eq!(found.records[0].command, Command::RenameProject("c".into()));
    journal.saved(&path, 1).expect("saved");
    assert!(!path_for(&path).exists());
}

/// The child side of `a_killed_process_loses_nothing`: changes a project, writes what it
/// holds to `expected.ron`, then waits to be killed.
fn child(path: &Path) {
    let (mut ws, _) = open(path);
    make_changes(&mut ws);
    let expected = path.with_file_name("expected.ron");
    project_file::save(ws.project(), &expected).expect("expected");
    std::fs::write(path.with_file_name("ready"), "").expect("ready");
    std::thread::sleep(std::time::Duration::from_secs(120));
}

#[test]
fn a_killed_process_loses_nothing() {
    if let Some(path) = std::env::var_os("ANNOTARY_CRASH_CHILD") {
        child(Path::new(&path));
        return;
    }
    let (folder, path) = demo_copy();
    let mut process = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "a_killed_process_loses_nothing", "--nocapture"])
        .env("ANNOTARY_CRASH_CHILD", &path)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("child");
    let ready = folder.path().join("ready");
    let started = std::time::Instant::now();
    while !ready.exists() {
        assert!(
            started.elapsed().as_secs() < 60,
            "the child made its changes"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SIGKILL: no destructor, no flush, no cleanup runs in the child.
    process.kill().expect("kill");
    process.wait().expect("wait");
    let (ws, _) = recover(&path);
    let expected = project_file::load(&folder.path().join("expected.ron")).expect("expected");
    assert_eq!(ws.project(), &expected);
}
