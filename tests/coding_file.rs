//! Relations, attributes, fragments, document labels and the schema in the project file:
//! round trips, the version-1 migration, and files whose coding does not fit.

mod common;

use std::path::Path;

use annotary::edit::Command;
use annotary::formats::project_file;
use annotary::model::{AnnotationId, AttributeValue, Project};
use annotary::workspace::{CodeIntent, FileIntent, Workspace};
use common::{HARD_TEXT, T0, annotary, find_in, project_from_markup};

/// The committed demo as format 1 wrote it (before relations existed).
const VERSION_1_DEMO: &str = include_str!("fixtures/demo-v1.ron");

fn coded_project() -> Project {
    let (mut project, doc) = project_from_markup(&format!(
        "[actor:Pakistan] said on [date:3 July] that [claim:the Taliban back the TTP]. {HARD_TEXT}"
    ));
    let id = |project: &Project, tag: &str| {
        project
            .annotations()
            .iter()
            .find(|a| a.tag == tag)
            .expect("tagged")
            .id
    };
    let (claim, actor, date) = (
        id(&project, "claim"),
        id(&project, "actor"),
        id(&project, "date"),
    );
    let text = project.document(&doc).expect("doc").text().clone();
    let family = find_in(&text, "👩‍👩‍👧", 0);
    let cafe = find_in(&text, "café\u{301}", 0);
    let commands = vec![
        Command::Relate {
            kind: "claimant".into(),
            from: claim,
            to: actor,
            note: "as reported, “allegedly”".into(),
        },
        Command::Relate {
            kind: "dated".into(),
            from: claim,
            to: date,
            note: String::new(),
        },
        Command::SetAttribute {
            id: claim,
            name: "stance".into(),
            value: Some(AttributeValue::Text("oppose".into())),
        },
        Command::SetAttribute {
            id: claim,
            name: "hedged".into(),
            value: Some(AttributeValue::Flag(true)),
        },
        Command::SetAttribute {
            id: date,
            name: "value".into(),
            value: Some(AttributeValue::Text("2025-07-03".into())),
        },
        Command::AddFragment {
            id: actor,
            start: cafe.0,
            end: cafe.1,
        },
        Command::AddFragment {
            id: actor,
            start: family.0,
            end: family.1,
        },
        Command::SetDocumentLabel {
            document: doc.clone(),
            layer: "AK".into(),
            name: "published".into(),
            value: Some(AttributeValue::Text("2025-07".into())),
        },
        Command::SetDocumentLabel {
            document: doc,
            layer: "AK".into(),
            name: "outlet".into(),
            value: Some(AttributeValue::Text("Dawn \"Pakistan\"\n".into())),
        },
    ];
    Command::Batch(commands)
        .apply(&mut project, T0)
        .expect("code");
    project
}

#[test]
fn relations_attributes_fragments_and_labels_come_back_from_the_file() {
    let project = coded_project();
    assert!(project.coding_problems().is_empty());
    let text = project_file::to_string(&project);
    let back = project_file::from_str(&text, Path::new("coded.ron")).expect("loads");
    assert_eq!(back, project);
    assert_eq!(
        project_file::to_string(&back),
        text,
        "saving is deterministic"
    );
    let actor = back
        .annotations()
        .iter()
        .find(|a| a.tag == "actor")
        .expect("actor");
    assert_eq!(actor.quote, "Pakistan café\u{301} 👩‍👩‍👧");
    // One record per line: the relations and labels are lines of their own.
    assert_eq!(
        text.lines()
            .filter(|l| l.contains("kind: \"claimant\""))
            .count(),
        1
    );
    assert!(
        text.contains("attributes: {\"hedged\": true, \"stance\": \"oppose\"}"),
        "{text}"
    );
}

#[test]
fn a_version_1_file_opens_with_every_annotation_and_saves_as_before_apart_from_the_version() {
    let project = project_file::from_str(VERSION_1_DEMO, Path::new("demo-v1.ron")).expect("v1");
    let records = VERSION_1_DEMO
        .lines()
        .filter(|l| l.trim_start().starts_with("(id: ") && l.contains("quote: "))
        .count();
    assert_eq!(project.annotations().len(), records);
    assert!(records >= 30);
    for line in VERSION_1_DEMO
        .lines()
        .filter(|l| l.contains("quote: ") && l.contains("start: "))
    {
        let id: u64 = line
            .trim()
            .strip_prefix("(id: ")
            .and_then(|l| l.split(',').next())
            .and_then(|n| n.parse().ok())
            .expect("id");
        let annotation = project.annotation(AnnotationId(id)).expect("came through");
        assert!(line.contains(&format!(
            "start: {}, end: {}",
            annotation.start, annotation.end
        )));
    }
    // No schema beyond the tags, so nothing new is written.
    assert!(project.schema().is_empty() && project.relations().is_empty());
    let saved = project_file::to_string(&project);
    assert_eq!(
        saved,
        VERSION_1_DEMO.replacen("format_version: 1,", "format_version: 2,", 1)
    );
}

/// The coded project's file with each kind of coding problem written in by hand.
fn broken_file() -> String {
    let text = project_file::to_string(&coded_project());
    text.replacen("from: 3, to: 1", "from: 3, to: 99", 1)
        .replacen(
            "\"stance\": \"oppose\"",
            "\"stance\": \"maybe\", \"weight\": 2",
            1,
        )
        .replacen("fragments: [(0, 8), ", "fragments: [(0, 8), (4, 9), ", 1)
        .replacen("value: \"2025-07\"", "value: \"July 2025\"", 1)
}

#[test]
fn check_names_every_coding_problem_by_relation_or_annotation_and_fails() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("broken.ron");
    let text = broken_file();
    std::fs::write(&path, &text).expect("write");
    let (code, out, err) = annotary(&["check", path.to_str().expect("utf-8")]);
    assert_eq!(code, 1, "{out}");
    let at = path.display();
    for expected in [
        format!("{at}: relation 4: links annotation 99, which does not exist"),
        format!(
            "{at}: annotation 3: attribute \"stance\": \"maybe\" is not one of support, oppose, neutral"
        ),
        format!("{at}: annotation 3: attribute \"weight\" is not in the schema"),
        format!(
            "{at}: document \"doc\", layer \"AK\": label \"published\" \"July 2025\" is not an ISO 8601 date"
        ),
    ] {
        assert!(err.contains(&expected), "{expected}\nin\n{err}");
    }
    assert!(
        err.contains(": annotation 1: fragments 0..8 and 4..9 touch, overlap"),
        "{err}"
    );
}

#[test]
fn the_window_opens_a_file_whose_coding_does_not_fit_and_lists_the_problems() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("broken.ron");
    // Only problems that leave offsets and quotes sound: a dangling link and a bad value.
    let text = project_file::to_string(&coded_project())
        .replacen("from: 3, to: 1", "from: 3, to: 99", 1)
        .replacen("\"stance\": \"oppose\"", "\"stance\": \"maybe\"", 1);
    std::fs::write(&path, &text).expect("write");
    let mut workspace = Workspace::new(Project::default(), None);
    workspace.apply(FileIntent::Open(Some(path.clone())));
    assert_eq!(
        workspace.path(),
        Some(path.as_path()),
        "{:?}",
        workspace.errors()
    );
    let problems = workspace.problems().join("\n");
    assert!(
        problems.contains("relation 4: links annotation 99"),
        "{problems}"
    );
    assert!(
        problems.contains("annotation 3: attribute \"stance\""),
        "{problems}"
    );
    // Mending one takes it off the list.
    workspace.apply(CodeIntent::SetAttribute {
        id: AnnotationId(3),
        name: "stance".into(),
        value: None,
    });
    assert_eq!(workspace.problems().len(), 1, "{:?}", workspace.problems());
}

#[test]
fn an_export_says_which_coding_it_does_not_carry_yet() {
    use annotary::formats::export::{ExportFormat, Selection, export};
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("coded.jsonl");
    let exported = export(
        &coded_project(),
        ExportFormat::Jsonl,
        &out,
        &Selection::default(),
    )
    .expect("export");
    let said = exported.warnings.join("\n");
    assert!(
        said.contains(
            "3 attribute values, 2 document labels, the pieces of 1 discontinuous annotation"
        ),
        "{said}"
    );
    // doccano's relation form holds the links themselves.
    assert!(!said.contains("relations"), "{said}");
}

#[test]
fn undoing_the_mend_of_a_value_that_did_not_fit_puts_it_back() {
    use annotary::edit::History;
    let text = project_file::to_string(&coded_project())
        .replacen("\"stance\": \"oppose\"", "\"stance\": \"maybe\"", 1)
        .replacen("value: \"2025-07\"", "value: \"July 2025\"", 1);
    let mut project = project_file::from_str(&text, Path::new("broken.ron")).expect("opens");
    let broken = project.clone();
    assert_eq!(project.coding_problems().len(), 2);
    let mut history = History::default();
    let doc = project.documents()[0].id.clone();
    for mend in [
        Command::SetAttribute {
            id: AnnotationId(3),
            name: "stance".into(),
            value: None,
        },
        Command::SetDocumentLabel {
            document: doc,
            layer: "AK".into(),
            name: "published".into(),
            value: Some(AttributeValue::Text("2025-07".into())),
        },
    ] {
        history.apply(&mut project, mend, T0).expect("mend");
    }
    assert!(project.coding_problems().is_empty());
    // Undo gives back the file as it was, problems and all; redo mends again.
    assert!(history.undo(&mut project, T0).is_some());
    assert!(history.undo(&mut project, T0).is_some());
    assert_eq!(project, broken);
    assert!(history.redo(&mut project, T0).is_some());
    assert!(history.redo(&mut project, T0).is_some());
    assert!(project.coding_problems().is_empty());
    // A schema change is undone the same way, whatever the coding.
    let mut schema = project.schema().clone();
    schema.attributes.retain(|a| a.name != "hedged");
    let error = Command::SetSchema(schema)
        .apply(&mut project, T0)
        .expect_err("hedged is used");
    assert!(error.to_string().contains("hedged"), "{error}");
}

#[test]
fn a_relation_id_that_clashes_is_refused_on_load() {
    let text = project_file::to_string(&coded_project());
    for (from, to) in [
        ("(id: 4, kind", "(id: 3, kind"),
        ("(id: 5, kind", "(id: 4, kind"),
    ] {
        let clashing = text.replacen(from, to, 1);
        assert_ne!(clashing, text);
        let error = project_file::from_str(&clashing, Path::new("clash.ron"))
            .expect_err("refused")
            .to_string();
        assert!(error.contains("the id is used twice"), "{error}");
    }
    let past = text.replacen("next_annotation_id: 6,", "next_annotation_id: 5,", 1);
    assert_ne!(past, text);
    let error = project_file::from_str(&past, Path::new("past.ron"))
        .expect_err("refused")
        .to_string();
    assert!(
        error.contains("relation 5: id is not below next_annotation_id"),
        "{error}"
    );
}

#[test]
fn brat_export_writes_relations_attributes_and_pieces_as_brat_lines() {
    use annotary::formats::export::{ExportFormat, Selection, export};
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("coded.brat");
    let exported = export(
        &coded_project(),
        ExportFormat::Brat,
        &out,
        &Selection::default(),
    )
    .expect("export");
    let said = exported.warnings.join("\n");
    assert!(
        said.contains("not written") && said.contains("2 document labels"),
        "{said}"
    );
    assert!(!said.contains("relation"), "{said}");
    let ann = std::fs::read_to_string(out.join("doc.ann")).expect("ann");
    let lines: Vec<&str> = ann.lines().collect();
    // The actor has three pieces, the emoji family one (its code points counted as brat does).
    let actor = lines
        .iter()
        .find(|l| l.contains("\tactor "))
        .expect("the actor");
    assert!(actor.ends_with("\tPakistan café\u{301} 👩‍👩‍👧"), "{actor}");
    assert_eq!(actor.matches(';').count(), 2, "{actor}");
    let t = |tag: &str| {
        lines
            .iter()
            .find(|l| l.contains(&format!("\t{tag} ")))
            .and_then(|l| l.split('\t').next())
            .expect("T line")
            .to_owned()
    };
    let (claim, actor, date) = (t("claim"), t("actor"), t("date"));
    for expected in [
        format!("claimant Arg1:{claim} Arg2:{actor}"),
        format!("dated Arg1:{claim} Arg2:{date}"),
        "AnnotatorNotes R1\tas reported, “allegedly”".to_owned(),
        format!("hedged {claim}"),
        format!("stance {claim} oppose"),
        format!("value {date}\t2025-07-03"),
    ] {
        assert!(ann.contains(&expected), "{expected:?} in\n{ann}");
    }
    let conf = std::fs::read_to_string(out.join("annotation.conf")).expect("conf");
    assert!(conf.contains("claimant\tArg1:claim, Arg2:actor"), "{conf}");
}
