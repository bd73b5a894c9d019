//! Reviewing: the diff of two layers on hand-made fixtures (every kind of difference,
//! overlaps, nesting), and bringing a colleague's project in with re-anchoring.

mod common;

use annotary::edit::Command;
use annotary::formats::colleague::bring;
use annotary::model::{Document, DocumentId, Project, markup};
use annotary::review::diff::{Kind, diff_document, exact_matches, overlap_matches};
use common::{T0, add_layer, project_from_markup};

/// A project whose document is annotated by AK as `mine` and by BM as `theirs` (the same
/// text in two markups).
fn two_layers(mine: &str, theirs: &str) -> (Project, DocumentId) {
    let (mut project, doc) = project_from_markup(mine);
    add_layer(&mut project, "BM");
    let (text, spans) = markup::parse(theirs).expect("markup");
    assert_eq!(text, project.document(&doc).expect("doc").text().as_str());
    common::annotate(&mut project, &doc, "BM", spans);
    (project, doc)
}

#[test]
fn the_diff_names_every_kind_of_difference_once() {
    let (project, doc) = two_layers(
        "[actor:Russia] and [claim:the [actor:Taliban] agreed] on [date:3 July] 🇦🇫 [actor:Kabul] end",
        "[actor:Russia] and [claim:the Taliban agreed on] 3 [actor:July] [actor:🇦🇫] [date:Kabul] end",
    );
    let text = project.document(&doc).expect("doc").text().clone();
    let got: Vec<(Kind, &str)> = diff_document(&project, &doc, "AK", "BM")
        .into_iter()
        .map(|d| (d.kind, text.slice(d.start, d.end)))
        .collect();
    assert_eq!(
        got,
        [
            (Kind::Agree, "Russia"),
            (Kind::BoundaryConflict, "the Taliban agreed on"),
            (Kind::OnlyMine, "Taliban"),
            (Kind::OnlyMine, "3 July"),
            // Overlapping with another tag and extent: not a pair, one on each side.
            (Kind::OnlyTheirs, "July"),
            (Kind::OnlyTheirs, "🇦🇫"),
            (Kind::TagConflict, "Kabul"),
        ]
    );
    // Every annotation is in exactly one difference.
    let differences = diff_document(&project, &doc, "AK", "BM");
    let mut seen: Vec<_> = differences
        .iter()
        .flat_map(|d| d.mine.into_iter().chain(d.theirs))
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), project.annotations().len());
}

#[test]
fn overlap_matching_is_one_to_one_greatest_overlap_first() {
    // AK has two nested actor spans; BM one that overlaps both, more with the outer.
    let (project, doc) = two_layers(
        "[actor:the [actor:Afghan] Taliban] government",
        "the [actor:Afghan Taliban government]",
    );
    let spans = |layer: &str| -> Vec<&annotary::model::Annotation> {
        project
            .annotations_in(&doc)
            .iter()
            .filter(|a| a.layer == layer)
            .map(|a| &**a)
            .collect()
    };
    assert_eq!(overlap_matches(&spans("AK"), &spans("BM")), 1);
    assert_eq!(exact_matches(&spans("AK"), &spans("BM")), 0);
    let differences = diff_document(&project, &doc, "AK", "BM");
    let text = project.document(&doc).expect("doc").text().clone();
    let boundary: Vec<&str> = differences
        .iter()
        .filter(|d| d.kind == Kind::BoundaryConflict)
        .map(|d| text.slice(d.start, d.end))
        .collect();
    // "the Afghan Taliban" overlaps "Afghan Taliban government" by 14, "Afghan" by 6.
    assert_eq!(boundary, ["the Afghan Taliban government"]);
}

fn colleague(documents: &[(&str, &str, &str)]) -> Project {
    let mut theirs = Project::new("colleague", "AK");
    for (index, (id, title, source)) in documents.iter().enumerate() {
        let (text, spans) = markup::parse(source).expect("markup");
        let document = DocumentId((*id).into());
        Command::AddDocument {
            index,
            document: Document::new(document.clone(), (*title).into(), String::new(), text),
        }
        .apply(&mut theirs, T0)
        .expect("add");
        common::annotate(&mut theirs, &document, "AK", spans);
    }
    theirs
}

#[test]
fn a_colleagues_project_joins_as_layers_re_anchored_where_the_text_moved() {
    let (mut project, doc) = project_from_markup("Russia “recognised” the Taliban\non 3 July 😀.");
    // Same text with CRLF and doubled spaces; then an edited copy; then one we do not have.
    let theirs = colleague(&[
        (
            "x1",
            "Doc",
            "[actor:Russia]  “recognised” the [actor:Taliban]\r\non [date:3 July] 😀.",
        ),
        (
            "other-id",
            "Doc",
            "Today [actor:Russia] “recognised” the Taliban on 3 July 😀. [actor:Iran] too.",
        ),
        ("gone", "Elsewhere", "[claim:Not here]."),
    ]);
    let (command, brought) = bring(&project, &theirs, "colleague");
    command.apply(&mut project, T0).expect("applies");
    assert!(project.problems().is_empty(), "{:?}", project.problems());
    assert_eq!(
        brought.layers,
        [("AK".to_owned(), "AK (colleague)".to_owned())]
    );
    assert_eq!(brought.documents_matched, 2);
    let layer: Vec<(String, &str)> = project
        .annotations_in(&doc)
        .iter()
        .filter(|a| a.layer == "AK (colleague)")
        .map(|a| (a.quote.clone(), a.tag.as_str()))
        .collect();
    assert_eq!(
        layer,
        [
            ("Russia".to_owned(), "actor"),
            ("Russia".to_owned(), "actor"),
            ("Taliban".to_owned(), "actor"),
            ("3 July".to_owned(), "date"),
        ]
    );
    assert_eq!(brought.annotations, 4);
    assert_eq!(brought.reanchored, 4);
    let problems = brought.problems.join("\n");
    assert!(
        problems.contains("annotation 5 (actor “Iran”) in “Doc” could not be re-anchored"),
        "{problems}"
    );
    assert!(
        problems.contains("document “Elsewhere” (gone) is not in this project"),
        "{problems}"
    );
    let notes = brought.notes.join("\n");
    assert!(
        notes.contains("only in white space or line endings"),
        "{notes}"
    );
    assert!(notes.contains("re-anchored by their quotes"), "{notes}");
}

#[test]
fn settling_copies_the_choice_into_the_reviewed_layer_and_undoes_cleanly() {
    use annotary::model::Choice;
    use annotary::review::session::Review;
    let (mut project, _) = two_layers(
        "[actor:Russia] and [claim:the Taliban agreed] on [date:3 July] 🇦🇫 [actor:Kabul] end",
        "[actor:Russia] and [claim:the Taliban agreed on] 3 July [actor:🇦🇫] [date:Kabul] end",
    );
    let review = Review {
        mine: "AK".into(),
        theirs: "BM".into(),
        reviewed: "reviewed".into(),
        reviewer: "Ana".into(),
    };
    let differences = review.differences(&project);
    assert_eq!(review.progress(&project, &differences), (0, 4));
    let original = project.clone();

    // Agreements in bulk: one copy of "Russia".
    let inverse_bulk = review
        .accept_agreements(&project, T0)
        .expect("one agreement")
        .apply(&mut project, T0)
        .expect("applies");
    let reviewed = |p: &Project| -> Vec<String> {
        p.annotations()
            .iter()
            .filter(|a| a.layer == "reviewed")
            .map(|a| format!("{} {}", a.tag, a.quote))
            .collect()
    };
    assert_eq!(reviewed(&project), ["actor Russia"]);
    assert!(
        review.accept_agreements(&project, T0).is_none(),
        "nothing left to accept"
    );

    let mut inverses = Vec::new();
    for (kind, choice) in [
        (Kind::BoundaryConflict, Choice::Theirs),
        (Kind::OnlyMine, Choice::Neither),
        (Kind::OnlyTheirs, Choice::Mine),
        (Kind::TagConflict, Choice::Both),
    ] {
        let difference = differences.iter().find(|d| d.kind == kind).expect("kind");
        let command = review.settle(&project, difference, choice, T0);
        if kind == Kind::OnlyTheirs {
            assert_eq!(
                command.err().as_deref(),
                Some("This only theirs has no annotation to accept that way."),
                "there is no annotation of mine to accept"
            );
            let command = review
                .settle(&project, difference, Choice::Theirs, T0)
                .expect("theirs");
            inverses.push(command.apply(&mut project, T0).expect("applies"));
            continue;
        }
        inverses.push(
            command
                .expect("command")
                .apply(&mut project, T0)
                .expect("applies"),
        );
    }
    assert_eq!(review.progress(&project, &differences), (4, 4));
    let mut got = reviewed(&project);
    got.sort();
    assert_eq!(
        got,
        [
            "actor Kabul",
            "actor Russia",
            "actor 🇦🇫",
            "claim the Taliban agreed on",
            "date Kabul"
        ]
    );
    let decision = project.decisions().last().expect("decision");
    assert_eq!(
        (
            decision.by.as_str(),
            decision.choice,
            decision.mine_layer.as_str()
        ),
        ("Ana", Choice::Both, "AK")
    );

    // Saved and read back, the decisions are still there.
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("reviewed.ron");
    annotary::formats::project_file::save(&project, &path).expect("save");
    let loaded = annotary::formats::project_file::load(&path).expect("load");
    assert_eq!(loaded.decisions(), project.decisions());
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .contains("choice: \"neither\", by: \"Ana\"")
    );

    // Undo everything: back to the original project.
    for inverse in inverses.into_iter().rev() {
        inverse.apply(&mut project, T0).expect("undo");
    }
    inverse_bulk.apply(&mut project, T0).expect("undo bulk");
    assert_eq!(project.annotations(), original.annotations());
    assert!(project.decisions().is_empty());
}

#[test]
fn accepted_copies_keep_their_pieces_and_values_and_pieces_decide_agreement() {
    use annotary::model::{AnnotationId, AttributeValue};
    use annotary::review::session::Review;
    let (mut project, doc) = two_layers(
        "[claim:Kabul denied] it, [date:on 4 July] and [actor:Moscow] 😀 agreed",
        "[claim:Kabul denied] it, [date:on 4 July] and [actor:Moscow] 😀 agreed",
    );
    let id = |project: &Project, layer: &str, tag: &str| -> AnnotationId {
        project
            .annotations()
            .iter()
            .find(|a| a.layer == layer && a.tag == tag)
            .expect("tagged")
            .id
    };
    let text = project.document(&doc).expect("doc").text().clone();
    let agreed = common::find_in(&text, "agreed", 0);
    // Both give the claim a second piece and a stance, the date a value.
    for layer in ["AK", "BM"] {
        let claim = id(&project, layer, "claim");
        Command::AddFragment {
            id: claim,
            start: agreed.0,
            end: agreed.1,
        }
        .apply(&mut project, T0)
        .expect("piece");
        Command::SetAttribute {
            id: claim,
            name: "stance".into(),
            value: Some(AttributeValue::Text("oppose".into())),
        }
        .apply(&mut project, T0)
        .expect("stance");
        Command::SetAttribute {
            id: id(&project, layer, "date"),
            name: "value".into(),
            value: Some(AttributeValue::Text("2025-07-04".into())),
        }
        .apply(&mut project, T0)
        .expect("value");
    }
    let review = Review {
        mine: "AK".into(),
        theirs: "BM".into(),
        reviewed: "reviewed".into(),
        reviewer: "Ana".into(),
    };
    let differences = review.differences(&project);
    assert!(
        differences.iter().all(|d| d.kind == Kind::Agree),
        "{differences:?}"
    );
    review
        .accept_agreements(&project, T0)
        .expect("three agreements")
        .apply(&mut project, T0)
        .expect("applies");
    let copy = id(&project, "reviewed", "claim");
    let copy = project.annotation(copy).expect("copied");
    assert_eq!(copy.quote, "Kabul denied agreed");
    assert_eq!(
        copy.attributes.get("stance"),
        Some(&AttributeValue::Text("oppose".into()))
    );
    let date = project
        .annotation(id(&project, "reviewed", "date"))
        .expect("copied");
    assert_eq!(
        date.attributes.get("value"),
        Some(&AttributeValue::Text("2025-07-04".into())),
        "the second copy's value went to the second copy"
    );
    assert!(
        review.accept_agreements(&project, T0).is_none(),
        "all three settled"
    );
    let copies = project
        .annotations()
        .iter()
        .filter(|a| a.layer == "reviewed")
        .count();
    assert_eq!(copies, 3, "each copy got its own id");
    // Taking BM's second piece away makes the claims differ in their pieces.
    let theirs = id(&project, "BM", "claim");
    Command::RemoveFragment {
        id: theirs,
        index: 1,
    }
    .apply(&mut project, T0)
    .expect("remove piece");
    let kinds: Vec<Kind> = review
        .differences(&project)
        .iter()
        .map(|d| d.kind)
        .collect();
    assert!(kinds.contains(&Kind::BoundaryConflict), "{kinds:?}");
}
