//! The model: code-point offsets in real-world text, overlaps, and invariants.

mod common;

use annotary::edit::{Command, EditError};
use annotary::model::{AnnotationId, Document, DocumentId, Project, Text};
use common::{T0, project_from_markup};

#[test]
fn offsets_are_code_points_not_bytes_in_text_with_curly_quotes() {
    // From the first sample article: the curly apostrophe is 3 bytes, 1 code point.
    let (project, doc) = project_from_markup(
        "While the [actor:Afghan Taliban]’s fourth anniversary of [claim:seizing power]",
    );
    let annotations = project.annotations_in(&doc);
    let actor = &annotations[0];
    assert_eq!(
        (actor.start, actor.end, actor.quote.as_str()),
        (10, 24, "Afghan Taliban")
    );
    let claim = &annotations[1];
    assert_eq!(claim.quote, "seizing power");
    assert_eq!(claim.start, 49, "code points");
    let text = project
        .document(&doc)
        .map(|d| d.text().clone())
        .expect("document");
    assert_eq!(
        text.byte_of(claim.start),
        51,
        "the curly quote adds two bytes"
    );
}

#[test]
fn emoji_cjk_and_combining_marks_quote_exactly() {
    let (project, doc) = project_from_markup(
        "[actor:北京] said 😀 [claim:Zoë’s café\u{301} is [date:2025年7月3日] open] [actor:👩‍👩‍👧]",
    );
    let quotes: Vec<(&str, &str)> = project
        .annotations_in(&doc)
        .iter()
        .map(|a| (a.tag.as_str(), a.quote.as_str()))
        .collect();
    assert_eq!(
        quotes,
        [
            ("actor", "北京"),
            ("claim", "Zoë’s café\u{301} is 2025年7月3日 open"),
            ("date", "2025年7月3日"),
            ("actor", "👩‍👩‍👧"),
        ]
    );
    assert!(project.problems().is_empty());
}

#[test]
fn overlapping_and_nested_annotations_are_allowed() {
    let (project, doc) = project_from_markup(
        "[claim:[actor:Russia] recognised [actor:the [date:2021] Taliban] government]",
    );
    assert_eq!(project.annotations_in(&doc).len(), 4);
    let mut project = project;
    // A span crossing another's boundary (overlap without nesting) is fine too.
    Command::Annotate {
        document: doc.clone(),
        layer: "AK".into(),
        start: 3,
        end: 20,
        tag: "claim".into(),
    }
    .apply(&mut project, T0)
    .expect("overlap allowed");
    assert!(project.problems().is_empty());
}

#[test]
fn spans_that_split_a_character_or_leave_the_text_are_refused() {
    let (mut project, doc) = project_from_markup("cafe\u{301} 👍🏽 ok\r\nnext");
    let annotate = |start, end| Command::Annotate {
        document: doc.clone(),
        layer: "AK".into(),
        start,
        end,
        tag: "actor".into(),
    };
    // Between e and its combining accent.
    assert_eq!(
        annotate(0, 4).apply(&mut project, T0),
        Err(EditError::SplitsCharacter(4))
    );
    // Between the thumb and its skin tone.
    assert_eq!(
        annotate(6, 7).apply(&mut project, T0),
        Err(EditError::SplitsCharacter(7))
    );
    // Between CR and LF.
    assert_eq!(
        annotate(9, 12).apply(&mut project, T0),
        Err(EditError::SplitsCharacter(12))
    );
    assert!(matches!(
        annotate(3, 3).apply(&mut project, T0),
        Err(EditError::BadSpan { .. })
    ));
    assert!(matches!(
        annotate(0, 99).apply(&mut project, T0),
        Err(EditError::BadSpan { .. })
    ));
    assert!(
        project.annotations().is_empty(),
        "refused edits change nothing"
    );
    annotate(0, 5)
        .apply(&mut project, T0)
        .expect("whole characters");
    assert_eq!(project.annotations()[0].quote, "cafe\u{301}");
}

#[test]
fn ids_are_never_reused_after_deletion() {
    let (mut project, doc) = project_from_markup("[actor:one] [actor:two]");
    let last = project.annotations_in(&doc)[1].id;
    Command::Delete(last)
        .apply(&mut project, T0)
        .expect("delete");
    Command::Annotate {
        document: doc,
        layer: "AK".into(),
        start: 0,
        end: 3,
        tag: "date".into(),
    }
    .apply(&mut project, T0)
    .expect("annotate");
    let ids: Vec<AnnotationId> = project.annotations().iter().map(|a| a.id).collect();
    assert!(!ids.contains(&last));
    assert!(
        ids.contains(&AnnotationId(last.0 + 1)),
        "the new annotation gets a fresh id"
    );
    assert_eq!(project.next_annotation_id().0, last.0 + 2);
}

#[test]
fn text_offsets_survive_crlf_line_endings() {
    let text = Text::new("Moscow\r\nKabul\r\n\r\n’Taliban’");
    assert_eq!(text.paragraphs(), &[0..6, 8..13, 15..15, 17..26]);
    assert_eq!(text.slice(17, 26), "’Taliban’");
    assert_eq!(text.paragraph_at(14), 1);
}

#[test]
fn a_tag_in_use_cannot_be_removed_but_can_be_renamed() {
    let (mut project, doc) = project_from_markup("[actor:Putin] and [actor:Xi]");
    assert_eq!(
        Command::RemoveTag("actor".into()).apply(&mut project, T0),
        Err(EditError::TagInUse("actor".into(), 2))
    );
    let mut renamed = project.tags().get("actor").cloned().expect("actor tag");
    renamed.name = "person".into();
    Command::UpdateTag {
        name: "actor".into(),
        tag: renamed,
    }
    .apply(&mut project, T0)
    .expect("rename");
    assert!(
        project
            .annotations_in(&doc)
            .iter()
            .all(|a| a.tag == "person")
    );
    assert!(project.problems().is_empty());
}

#[test]
fn unused_document_ids_are_unique_and_readable() {
    let mut project = Project::new("p", "AK");
    let id = project.unused_document_id("my article (v2)");
    assert_eq!(id, DocumentId("my_article__v2_".into()));
    Command::AddDocument {
        index: 0,
        document: annotary::model::Document::new(id, "t".into(), "s".into(), "x"),
    }
    .apply(&mut project, T0)
    .expect("add");
    assert_eq!(
        project.unused_document_id("my article (v2)").0,
        "my_article__v2_-2"
    );
}

#[test]
fn documents_are_found_by_id_after_inserts_and_removals_anywhere() {
    let mut project = Project::new("t", "AK");
    let add = |project: &mut Project, index: usize, id: &str| {
        Command::AddDocument {
            index,
            document: Document::new(DocumentId(id.into()), id.into(), String::new(), id),
        }
        .apply(project, T0)
        .expect("add")
    };
    add(&mut project, 0, "c");
    add(&mut project, 0, "a");
    let undo_b = add(&mut project, 1, "b");
    add(&mut project, 99, "d");
    let order: Vec<&str> = project
        .documents()
        .iter()
        .map(|d| d.id.0.as_str())
        .collect();
    assert_eq!(order, ["a", "b", "c", "d"]);
    for id in order.clone() {
        let found = project.document(&DocumentId(id.into())).expect("found");
        assert_eq!(found.text().as_str(), id);
    }
    undo_b.apply(&mut project, T0).expect("remove b");
    assert!(project.document(&DocumentId("b".into())).is_none());
    for id in ["a", "c", "d"] {
        let found = project.document(&DocumentId(id.into())).expect("found");
        assert_eq!(found.text().as_str(), id);
    }
    // A file with a duplicated id is still caught.
    let twice = Project::from_parts(
        "t".into(),
        project.tags().clone(),
        project.layers().to_vec(),
        vec![
            project.documents()[0].clone(),
            project.documents()[0].clone(),
        ],
        Vec::new(),
        1,
    );
    let problems = twice.expect_err("duplicate");
    assert!(
        problems.iter().any(|p| p.message.contains("used twice")),
        "{problems:?}"
    );
}
