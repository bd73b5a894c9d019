//! Project files from elsewhere: a BOM, bytes that are not UTF-8, unknown fields, names
//! with control or override characters, and review decisions about things that are gone
//! are each refused or handled with a message in the researcher's words.

mod common;

use std::path::Path;

use annotary::edit::{Command, EditError};
use annotary::formats::project_file::{self, ProjectFileError};
use annotary::model::{AnnotationId, Choice, Decision, DocumentId, Layer, Project};
use common::{T0, add_layer, demo, project_from_markup};

fn load_text(text: &str) -> Result<Project, ProjectFileError> {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("p.ron");
    std::fs::write(&path, text).expect("write");
    project_file::load(&path)
}

#[test]
fn a_byte_order_mark_is_accepted_and_a_bad_byte_is_placed_by_line_and_column() {
    let text = project_file::to_string(&demo());
    let loaded = load_text(&format!("\u{feff}{text}")).expect("a BOM is dropped");
    assert_eq!(loaded, demo());

    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("latin1.ron");
    let mut bytes = text.clone().into_bytes();
    let line = 3;
    let at = text
        .match_indices('\n')
        .nth(line - 2)
        .expect("a third line")
        .0
        + 3;
    bytes[at] = 0xE9; // "é" in Latin-1
    std::fs::write(&path, bytes).expect("write");
    let message = project_file::load(&path)
        .expect_err("not UTF-8")
        .to_string();
    assert!(
        message.starts_with(&format!(
            "{}:{line}:3: not UTF-8 text (byte 0xE9",
            path.display()
        )),
        "{message}"
    );
}

#[test]
fn an_unknown_field_is_refused_with_its_place_not_dropped_on_the_next_save() {
    let text = project_file::to_string(&demo());
    let line = text
        .lines()
        .position(|l| l.contains("name: \"claim\""))
        .expect("the claim tag")
        + 1;
    let broken = text.replacen("(name: \"claim\", ", "(name: \"claim\", weight: 2, ", 1);
    let error = load_text(&broken).expect_err("unknown field");
    let message = error.to_string();
    assert!(
        matches!(error, ProjectFileError::Syntax { line: l, .. } if l == line),
        "{message} (expected line {line})"
    );
    assert!(
        message.contains("`weight`") && message.contains("in a tag"),
        "{message}"
    );
    assert!(!message.contains("Record"), "{message}");
}

#[test]
fn messages_name_no_internal_types_or_library_advice() {
    let deep = format!("{}{}", "(".repeat(10_000), ")".repeat(10_000));
    let missing = "(format_version: 1, title: \"t\")";
    for source in [
        deep.as_str(),
        missing,
        "[1, 2]",
        "(format_version: \"one\")",
    ] {
        let message = project_file::from_str(source, Path::new("p.ron"))
            .expect_err("not a project")
            .to_string();
        for internal in ["Record", "serde_stacker", "recursion_limit", "VersionProbe"] {
            assert!(!message.contains(internal), "{message}");
        }
    }
    let message = project_file::from_str(missing, Path::new("p.ron"))
        .expect_err("fields missing")
        .to_string();
    assert!(message.contains("the project"), "{message}");
}

#[test]
fn control_and_override_characters_are_refused_in_tag_and_layer_names() {
    let text = project_file::to_string(&demo());
    for (from, to) in [
        ("name: \"claim\"", "name: \"cl\u{202E}aim\""),
        ("name: \"claim\"", "name: \"cl\u{0}aim\""),
        ("(name: \"AK\")", "(name: \"A\u{1b}K\")"),
    ] {
        let broken = text.replacen(from, to, 1);
        assert_ne!(broken, text, "{from}");
        let message = load_text(&broken).expect_err("refused").to_string();
        assert!(message.contains("no name may hold"), "{message}");
    }
    let mut project = demo();
    let refused = Command::AddLayer {
        index: 0,
        layer: Layer {
            name: "B\u{2066}M".into(),
        },
    }
    .apply(&mut project, T0);
    assert!(
        matches!(refused, Err(EditError::UnfitLayerName(_))),
        "{refused:?}"
    );
}

/// A project with layers AK and BM, both tagging "Kabul", and a decision on each.
fn reviewed() -> (Project, [AnnotationId; 2]) {
    let (mut project, doc) = project_from_markup("[actor:Kabul] and [actor:Moscow]");
    add_layer(&mut project, "BM");
    add_layer(&mut project, "reviewed");
    let ids: Vec<AnnotationId> = project.annotations().iter().map(|a| a.id).collect();
    for (mine, choice) in [(ids[0], Choice::Mine), (ids[1], Choice::Neither)] {
        Command::Decide(decision(&doc, Some(mine), choice))
            .apply(&mut project, T0)
            .expect("a decision on annotations that exist");
    }
    (project, [ids[0], ids[1]])
}

fn decision(doc: &DocumentId, mine: Option<AnnotationId>, choice: Choice) -> Decision {
    Decision {
        document: doc.clone(),
        mine_layer: "AK".into(),
        theirs_layer: "BM".into(),
        reviewed_layer: "reviewed".into(),
        mine,
        theirs: None,
        about: annotary::model::About::Span,
        choice,
        by: "Ana".into(),
        at: T0,
    }
}

#[test]
fn check_refuses_decisions_about_what_is_gone_and_the_file_still_opens() {
    let (project, [first, _]) = reviewed();
    let text = project_file::to_string(&project);
    for (from, to, expected) in [
        (
            format!("mine: Some({first})"),
            "mine: Some(999)".to_owned(),
            "names annotation 999",
        ),
        (
            "document: \"doc\", mine_layer".into(),
            "document: \"gone\", mine_layer".into(),
            "names document \"gone\"",
        ),
        (
            "theirs_layer: \"BM\"".into(),
            "theirs_layer: \"ZZ\"".into(),
            "names layer \"ZZ\"",
        ),
    ] {
        let broken = text.replacen(&from, &to, 1);
        assert_ne!(broken, text, "{from}");
        // A file an earlier build saved still opens, the decision kept as it is ...
        let loaded = load_text(&broken).expect("opens");
        assert_eq!(loaded.decisions().len(), 2);
        // ... and `annotary check` refuses it, naming what is missing.
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("p.ron");
        std::fs::write(&path, &broken).expect("write");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert!(!annotary::cli::check(
            std::slice::from_ref(&path),
            &mut out,
            &mut err
        ));
        let message = String::from_utf8(err).expect("UTF-8");
        assert!(
            message.contains(&format!(
                "{}: review decision 1: {expected}",
                path.display()
            )),
            "{message}"
        );
    }
    let mut project = project;
    let refused = Command::Decide(decision(&DocumentId("gone".into()), None, Choice::Mine))
        .apply(&mut project, T0);
    assert!(
        matches!(refused, Err(EditError::BadDecision(_))),
        "{refused:?}"
    );
}

#[test]
fn deleting_what_a_decision_names_forgets_it_in_the_same_step_and_undo_puts_it_back() {
    let (mut project, [first, second]) = reviewed();
    let before = project.clone();
    let undo = Command::Delete(first)
        .apply(&mut project, T0)
        .expect("delete");
    assert_eq!(project.decisions().len(), 1);
    assert_eq!(project.decisions()[0].mine, Some(second));
    assert!(project.problems().is_empty() && project.decision_problems().is_empty());
    let saved = project_file::to_string(&project);
    project_file::from_str(&saved, Path::new("p.ron")).expect("what is saved loads");
    let redo = undo.apply(&mut project, T0).expect("undo");
    assert_eq!(project, before, "the decision is back where it stood");
    redo.apply(&mut project, T0).expect("redo");
    assert_eq!(project.decisions().len(), 1);

    // Removing the document forgets every decision about it; undo brings them back.
    let mut project = before.clone();
    let undo = Command::RemoveDocument(DocumentId("doc".into()))
        .apply(&mut project, T0)
        .expect("remove");
    assert!(project.decisions().is_empty() && project.decision_problems().is_empty());
    undo.apply(&mut project, T0).expect("undo");
    assert_eq!(project, before);
}
