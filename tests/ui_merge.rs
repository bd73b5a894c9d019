//! The window on a project a git merge left with a conflict: the panel walks it, Keep
//! theirs settles it in one undo step, and undo brings the conflict back.

mod common;

use annotary::edit::{Command, merge};
use annotary::formats::project_file;
use annotary::ui::AnnotaryApp;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[test]
fn the_conflicts_panel_keeps_their_version_in_one_undo_step() {
    let base = common::demo();
    let id = base.annotations()[0].id;
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for (project, note) in [
        (&mut ours, "mine: check"),
        (&mut theirs, "theirs: verified"),
    ] {
        Command::SetNote {
            id,
            note: note.into(),
        }
        .apply(project, common::T0)
        .expect("note");
    }
    let project = merge(Some(&base), &ours, &theirs).expect("merges").project;
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("merged.ron");
    project_file::save(&project, &path).expect("save");
    let project = project_file::load(&path).expect("a conflicted project opens");
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_eframe(move |_cc| AnnotaryApp::with_project(project, Some(path)));
    harness.run();

    harness.get_by_label("Merge conflicts");
    harness.get_by_label(&format!("Conflict 1 of 1: Annotation {id}"));
    harness.get_by_label_contains("note “mine: check”");
    harness.get_by_label_contains("note “theirs: verified”");
    harness.get_by_label("Keep theirs").click();
    harness.run();
    let note = |harness: &Harness<'_, AnnotaryApp>| {
        let project = harness.state().workspace().project();
        (
            project.annotation(id).map(|a| a.note.clone()),
            project.conflicts().len(),
        )
    };
    assert_eq!(note(&harness), (Some("theirs: verified".into()), 0));
    assert!(
        harness.query_by_label("Keep theirs").is_none(),
        "the panel closes when all are settled"
    );
    assert!(harness.state().workspace().has_unsaved_changes());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(note(&harness), (Some("mine: check".into()), 1));
    harness.get_by_label(&format!("Conflict 1 of 1: Annotation {id}"));
}
