//! Who claims what, when: relations, attributes, discontinuous spans and document labels,
//! each edit with its undo, and the schema they must fit.

mod common;

use annotary::edit::{Command, EditError, History};
use annotary::model::{
    AnnotationId, AttributeKind, AttributeValue, DocumentId, Project, RelationType,
};
use common::{T0, add_layer, find_in, project_from_markup};

/// "Pakistan" (actor) and its claim, plus a date, in layer AK.
fn claim_project() -> (Project, DocumentId, [AnnotationId; 3]) {
    let (project, doc) = project_from_markup(
        "[actor:Pakistan] said on [date:3 July] that [claim:the Taliban back the TTP].",
    );
    let id = |tag: &str| {
        project
            .annotations()
            .iter()
            .find(|a| a.tag == tag)
            .expect("tagged")
            .id
    };
    let ids = [id("claim"), id("actor"), id("date")];
    (project, doc, ids)
}

fn relate(kind: &str, from: AnnotationId, to: AnnotationId) -> Command {
    Command::Relate {
        kind: kind.into(),
        from,
        to,
        note: String::new(),
    }
}

fn text(value: &str) -> Option<AttributeValue> {
    Some(AttributeValue::Text(value.into()))
}

#[test]
fn a_claim_gets_its_claimant_and_date_and_undo_takes_the_links_back() {
    let (mut project, _, [claim, actor, date]) = claim_project();
    let start = project.clone();
    let mut history = History::default();
    history
        .apply(&mut project, relate("claimant", claim, actor), T0)
        .expect("claimant");
    history
        .apply(&mut project, relate("dated", claim, date), T0)
        .expect("dated");
    let links = project.relations().of(claim);
    let kinds: Vec<_> = links.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(kinds, ["claimant", "dated"]);
    assert_eq!(project.relations().of(actor)[0].other_end(actor), claim);
    assert_eq!(history.undo_label(), Some("link as dated"));
    history.undo(&mut project, T0);
    history.undo(&mut project, T0);
    assert!(project.relations().is_empty());
    assert_eq!(project.annotations(), start.annotations());
}

#[test]
fn links_that_do_not_fit_the_schema_are_refused_with_the_reason() {
    let (mut project, doc, [claim, actor, date]) = claim_project();
    let before = project.clone();
    let refused = |project: &mut Project, command| match command_error(project, command) {
        EditError::DoesNotFit(message) => message,
        other => panic!("expected a schema message, got {other:?}"),
    };
    // claimant runs from a claim to an actor, not from an actor to a claim.
    let message = refused(&mut project, relate("claimant", actor, claim));
    assert!(
        message.contains("does not link an actor to a claim"),
        "{message}"
    );
    let message = refused(&mut project, relate("claimant", claim, date));
    assert!(
        message.contains("does not link a claim to a date"),
        "{message}"
    );
    let message = refused(&mut project, relate("supports", claim, actor));
    assert!(
        message.contains("\"supports\" is not a relation type"),
        "{message}"
    );
    let message = refused(&mut project, relate("claimant", claim, claim));
    assert!(message.contains("to itself"), "{message}");
    // Across layers: BM's actor cannot be the claimant of AK's claim.
    add_layer(&mut project, "BM");
    let span = find_in(project.document(&doc).expect("doc").text(), "Pakistan", 0);
    Command::Annotate {
        document: doc.clone(),
        layer: "BM".into(),
        start: span.0,
        end: span.1,
        tag: "actor".into(),
    }
    .apply(&mut project, T0)
    .expect("BM's actor");
    let theirs = project
        .annotations()
        .iter()
        .find(|a| a.layer == "BM")
        .expect("BM")
        .id;
    let message = refused(&mut project, relate("claimant", claim, theirs));
    assert!(message.contains("two layers"), "{message}");
    // The same link twice is refused, not doubled.
    relate("claimant", claim, actor)
        .apply(&mut project, T0)
        .expect("first");
    let message = refused(&mut project, relate("claimant", claim, actor));
    assert!(message.contains("already linked"), "{message}");
    assert_eq!(project.relations().len(), 1);
    assert_eq!(before.relations().len(), 0);
}

fn command_error(project: &mut Project, command: Command) -> EditError {
    let before = project.clone();
    let error = command.apply(project, T0).expect_err("refused");
    assert_eq!(*project, before, "a refused command changes nothing");
    error
}

#[test]
fn deleting_an_annotation_deletes_its_links_in_the_same_undo_step() {
    let (mut project, _, [claim, actor, date]) = claim_project();
    let mut history = History::default();
    history
        .apply(&mut project, relate("claimant", claim, actor), T0)
        .expect("claimant");
    history
        .apply(&mut project, relate("dated", claim, date), T0)
        .expect("dated");
    let linked = project.clone();
    history
        .apply(&mut project, Command::Delete(claim), T0)
        .expect("delete claim");
    assert!(
        project.relations().is_empty(),
        "both links went with the claim"
    );
    assert!(project.coding_problems().is_empty());
    history.undo(&mut project, T0);
    assert_eq!(
        project, linked,
        "one undo brings the claim and both links back"
    );
    history.redo(&mut project, T0);
    assert!(project.relations().is_empty() && project.annotation(claim).is_none());
    // Deleting many at once, and the document itself, take their links too.
    history.undo(&mut project, T0);
    history
        .apply(&mut project, Command::DeleteMany(vec![actor, date]), T0)
        .expect("delete two");
    assert!(project.relations().is_empty());
    history.undo(&mut project, T0);
    assert_eq!(project, linked);
}

#[test]
fn retagging_drops_the_links_and_values_that_no_longer_fit_and_undo_brings_them_back() {
    let (mut project, _, [claim, actor, date]) = claim_project();
    let mut history = History::default();
    for command in [
        relate("claimant", claim, actor),
        relate("dated", claim, date),
        Command::SetAttribute {
            id: claim,
            name: "stance".into(),
            value: text("support"),
        },
    ] {
        history.apply(&mut project, command, T0).expect("code");
    }
    let coded = project.clone();
    // A claim's claimant is an actor: retagged as a date, that link goes; the dated one stays.
    history
        .apply(
            &mut project,
            Command::Retag {
                id: actor,
                tag: "date".into(),
            },
            T0,
        )
        .expect("retag");
    let kinds: Vec<_> = project
        .relations()
        .all()
        .iter()
        .map(|r| r.kind.as_str())
        .collect();
    assert_eq!(kinds, ["dated"]);
    assert!(project.coding_problems().is_empty());
    // A claim retagged as an actor keeps no stance and no links of a claim.
    history
        .apply(
            &mut project,
            Command::Retag {
                id: claim,
                tag: "actor".into(),
            },
            T0,
        )
        .expect("retag");
    assert!(project.relations().is_empty());
    assert!(
        project
            .annotation(claim)
            .expect("claim")
            .attributes
            .is_empty()
    );
    assert!(project.coding_problems().is_empty());
    history.undo(&mut project, T0);
    history.undo(&mut project, T0);
    assert_eq!(project, coded);
}

#[test]
fn attributes_take_the_values_their_kind_allows() {
    let (mut project, _, [claim, actor, date]) = claim_project();
    let set = |id, name: &str, value| Command::SetAttribute {
        id,
        name: name.into(),
        value,
    };
    let start = project.clone();
    let mut history = History::default();
    history
        .apply(&mut project, set(claim, "stance", text("oppose")), T0)
        .expect("stance");
    history
        .apply(
            &mut project,
            set(claim, "hedged", Some(AttributeValue::Flag(true))),
            T0,
        )
        .expect("hedged");
    for partial in ["2025", "2021-08", "2025-07-03"] {
        history
            .apply(&mut project, set(date, "value", text(partial)), T0)
            .expect("a partial date");
    }
    let claim_now = project.annotation(claim).expect("claim");
    assert_eq!(claim_now.attributes.get("stance"), text("oppose").as_ref());
    assert_eq!(
        project.attribute_value(project.annotation(date).expect("date"), "value"),
        text("2025-07-03").as_ref()
    );
    for (id, name, value, says) in [
        (
            claim,
            "stance",
            text("maybe"),
            "not one of support, oppose, neutral",
        ),
        (date, "value", text("3 July"), "is not an ISO 8601 date"),
        (date, "value", text("2025-02-30"), "that day does not exist"),
        (claim, "hedged", text("yes"), "is not a flag"),
        (
            actor,
            "stance",
            text("support"),
            "an actor does not carry \"stance\"",
        ),
        (claim, "weight", text("1"), "no attribute \"weight\""),
    ] {
        let error = command_error(&mut project, set(id, name, value));
        assert!(error.to_string().contains(says), "{says}: {error}");
    }
    history
        .apply(&mut project, set(claim, "stance", None), T0)
        .expect("clear");
    assert!(
        !project
            .annotation(claim)
            .expect("claim")
            .attributes
            .contains_key("stance")
    );
    while history.undo(&mut project, T0).is_some() {}
    assert_eq!(project, start);
}

#[test]
fn a_discontinuous_span_quotes_its_pieces_joined_by_one_space() {
    // Emoji, a combining mark and a CRLF between the pieces.
    let (mut project, doc) =
        project_from_markup("[actor:Café\u{301}] 👩‍👩‍👧 met\r\nthe Chancellor Merkel.");
    let id = project.annotations()[0].id;
    let merkel = find_in(project.document(&doc).expect("doc").text(), "Merkel", 0);
    let start = project.clone();
    let mut history = History::default();
    history
        .apply(
            &mut project,
            Command::AddFragment {
                id,
                start: merkel.0,
                end: merkel.1,
            },
            T0,
        )
        .expect("add piece");
    let annotation = project.annotation(id).expect("annotation");
    assert_eq!(annotation.quote, "Café\u{301} Merkel");
    assert_eq!(annotation.fragments, [(0, 5), merkel]);
    assert_eq!((annotation.start, annotation.end), (0, merkel.1));
    assert!(
        annotation.contains(1) && !annotation.contains(7),
        "the gap is not covered"
    );
    assert!(project.problems().is_empty() && project.coding_problems().is_empty());
    // A piece overlapping another, or splitting the emoji family, is refused.
    let overlap = Command::AddFragment {
        id,
        start: merkel.0 + 2,
        end: merkel.1 + 1,
    };
    assert!(
        command_error(&mut project, overlap)
            .to_string()
            .contains("overlap")
    );
    let split = Command::AddFragment {
        id,
        start: 7,
        end: 8,
    };
    assert_eq!(
        command_error(&mut project, split),
        EditError::SplitsCharacter(7)
    );
    // Taking a piece out again leaves a continuous span.
    history
        .apply(&mut project, Command::RemoveFragment { id, index: 0 }, T0)
        .expect("remove piece");
    let annotation = project.annotation(id).expect("annotation");
    assert_eq!(
        (annotation.quote.as_str(), annotation.fragments.len()),
        ("Merkel", 0)
    );
    while history.undo(&mut project, T0).is_some() {}
    assert_eq!(project, start);
}

#[test]
fn document_labels_belong_to_a_layer_and_go_with_their_document() {
    let (mut project, doc, [claim, actor, _]) = claim_project();
    add_layer(&mut project, "BM");
    relate("claimant", claim, actor)
        .apply(&mut project, T0)
        .expect("link");
    let label = |layer: &str, name: &str, value| Command::SetDocumentLabel {
        document: doc.clone(),
        layer: layer.into(),
        name: name.into(),
        value,
    };
    let mut history = History::default();
    for command in [
        label("AK", "outlet", text("Dawn")),
        label("AK", "published", text("2025-07")),
        label("BM", "genre", text("opinion")),
        label("BM", "published", text("2025-07-05")),
    ] {
        history.apply(&mut project, command, T0).expect("label");
    }
    let ak: Vec<_> = project
        .labels_of(&doc, "AK")
        .map(|(n, v)| format!("{n}={v}"))
        .collect();
    assert_eq!(ak, ["outlet=Dawn", "published=2025-07"]);
    let error = command_error(&mut project, label("AK", "genre", text("satire")));
    assert!(
        error
            .to_string()
            .contains("not one of news, opinion, analysis")
    );
    let error = command_error(&mut project, label("AK", "published", text("July 2025")));
    assert!(error.to_string().contains("ISO 8601"));
    let labelled = project.clone();
    history
        .apply(&mut project, Command::RemoveDocument(doc.clone()), T0)
        .expect("remove document");
    assert!(project.labels().is_empty() && project.relations().is_empty());
    assert!(project.coding_problems().is_empty());
    history.undo(&mut project, T0);
    assert_eq!(project, labelled);
}

#[test]
fn the_schema_changes_only_in_ways_the_coding_still_fits() {
    let (mut project, _, [claim, actor, date]) = claim_project();
    relate("claimant", claim, actor)
        .apply(&mut project, T0)
        .expect("link");
    Command::SetAttribute {
        id: claim,
        name: "stance".into(),
        value: text("support"),
    }
    .apply(&mut project, T0)
    .expect("stance");
    // Dropping a relation type in use, or a choice in use, is refused.
    let mut schema = project.schema().clone();
    schema.relations.retain(|r| r.name != "claimant");
    let error = command_error(&mut project, Command::SetSchema(schema));
    assert!(error.to_string().contains("no longer fit"), "{error}");
    let mut schema = project.schema().clone();
    schema.attributes[0].kind = AttributeKind::OneOf(vec!["for".into(), "against".into()]);
    assert!(
        command_error(&mut project, Command::SetSchema(schema))
            .to_string()
            .contains("stance")
    );
    // Adding a symmetric type is fine, and undo takes it back.
    let mut schema = project.schema().clone();
    schema.relations.push(RelationType {
        transitive: false,
        name: "same_as".into(),
        from: vec!["actor".into()],
        to: vec!["actor".into()],
        symmetric: true,
        hotkey: Some('s'),
        description: String::new(),
    });
    let before = project.clone();
    let undo = Command::SetSchema(schema)
        .apply(&mut project, T0)
        .expect("new type");
    assert!(project.schema().relation_type("same_as").is_some());
    undo.apply(&mut project, T0).expect("undo");
    assert_eq!(project, before);
    // A tag the schema names cannot be removed, even once no annotation uses it;
    // renamed, the schema follows it.
    Command::Delete(date)
        .apply(&mut project, T0)
        .expect("delete the date");
    let error = command_error(&mut project, Command::RemoveTag("date".into()));
    assert!(
        error.to_string().contains("relation type \"dated\""),
        "{error}"
    );
    let mut actor_tag = project.tags().get("actor").expect("actor").clone();
    actor_tag.name = "speaker".into();
    Command::UpdateTag {
        name: "actor".into(),
        tag: actor_tag,
    }
    .apply(&mut project, T0)
    .expect("rename");
    assert_eq!(
        project.schema().relation_type("claimant").expect("type").to,
        ["speaker"]
    );
    assert!(project.coding_problems().is_empty());
}
