//! Coding beyond spans through the workspace, as the window drives it: linking from the
//! keyboard, a drag between highlights, adding a piece, document labels, list filters.

mod common;

use annotary::model::{AnnotationId, AttributeValue, Project};
use annotary::workspace::{CodeIntent, EditIntent, ViewIntent, Workspace};
use common::project_from_markup;

fn workspace() -> Workspace {
    let (project, _) = project_from_markup(
        "[actor:Pakistan] and [actor:Russia] said on [date:3 July] that \
         [claim:the Taliban back the TTP]; [claim:Kabul denied it] on [date:4 July].",
    );
    Workspace::new(project, None)
}

fn id_of(ws: &Workspace, quote: &str) -> AnnotationId {
    ws.project()
        .annotations()
        .iter()
        .find(|a| a.quote == quote)
        .expect("annotated")
        .id
}

fn target(ws: &Workspace) -> Option<&str> {
    let target = ws.view().linking.as_ref()?.target?;
    ws.project().annotation(target).map(|a| a.quote.as_str())
}

fn select(ws: &mut Workspace, id: AnnotationId) {
    ws.apply(ViewIntent::SelectAnnotation { id, scroll: false });
}

#[test]
fn a_claimant_linked_from_the_keyboard_alone() {
    let mut ws = workspace();
    let claim = id_of(&ws, "the Taliban back the TTP");
    select(&mut ws, claim);
    ws.apply(CodeIntent::StartLink);
    // The nearest annotation a claim may link to comes first: the date before it.
    assert_eq!(target(&ws), Some("3 July"));
    // Tab walks only what fits (actors and dates, never the other claim), wrapping.
    let mut seen = Vec::new();
    for _ in 0..4 {
        ws.apply(CodeIntent::NextTarget { forward: true });
        seen.push(target(&ws).expect("a target").to_owned());
    }
    assert_eq!(seen, ["4 July", "Pakistan", "Russia", "3 July"]);
    ws.apply(CodeIntent::NextTarget { forward: false });
    assert_eq!(target(&ws), Some("Russia"));
    // Typing part of a quote finds it.
    ws.apply(CodeIntent::FindTarget(String::new()));
    ws.apply(CodeIntent::FindTarget("pak".into()));
    assert_eq!(target(&ws), Some("Pakistan"));
    ws.apply(CodeIntent::Link(Some("claimant".into())));
    assert!(ws.view().linking.is_none(), "linking ends with the link");
    assert_eq!(ws.view().selected, Some(claim));
    let links = ws.project().relations().of(claim);
    assert_eq!(links.len(), 1);
    assert_eq!(
        (links[0].kind.as_str(), links[0].to),
        ("claimant", id_of(&ws, "Pakistan"))
    );
    // Enter takes the first type that fits: a claim to a date is `dated`.
    ws.apply(CodeIntent::StartLink);
    ws.apply(CodeIntent::Link(None));
    let kinds: Vec<_> = ws
        .project()
        .relations()
        .of(claim)
        .iter()
        .map(|r| r.kind.clone())
        .collect();
    assert_eq!(kinds, ["claimant", "dated"]);
    // Each link is one undo step.
    ws.apply(EditIntent::Undo);
    ws.apply(EditIntent::Undo);
    assert!(ws.project().relations().is_empty());
}

#[test]
fn clicking_a_fitting_annotation_while_linking_makes_it_the_target() {
    let mut ws = workspace();
    let claim = id_of(&ws, "Kabul denied it");
    select(&mut ws, claim);
    ws.apply(CodeIntent::StartLink);
    let russia = id_of(&ws, "Russia");
    select(&mut ws, russia);
    assert_eq!(target(&ws), Some("Russia"));
    assert_eq!(ws.view().selected, Some(claim), "the source stays selected");
    // Another claim is no target: the click selects it and ends the link.
    let other_claim = id_of(&ws, "the Taliban back the TTP");
    select(&mut ws, other_claim);
    assert!(ws.view().linking.is_none());
}

#[test]
fn a_drag_links_at_once_when_one_type_fits_and_asks_when_several_do() {
    let mut ws = workspace();
    let claim = id_of(&ws, "Kabul denied it");
    let date = id_of(&ws, "4 July");
    ws.apply(CodeIntent::DragLink {
        from: claim,
        to: date,
    });
    assert_eq!(ws.project().relations().of(claim)[0].kind, "dated");
    // A claim and an actor fit claimant and addressee: the window offers both.
    let actor = id_of(&ws, "Russia");
    ws.apply(CodeIntent::DragLink {
        from: claim,
        to: actor,
    });
    assert_eq!(ws.project().relations().len(), 1);
    assert_eq!(target(&ws), Some("Russia"));
    ws.apply(CodeIntent::Link(Some("addressee".into())));
    assert_eq!(ws.project().relations().len(), 2);
    // Nothing fits an actor to a date: said, not done.
    ws.apply(CodeIntent::DragLink {
        from: actor,
        to: date,
    });
    assert_eq!(ws.project().relations().len(), 2);
    assert!(
        ws.errors().iter().any(|e| e.contains("No relation type")),
        "{:?}",
        ws.errors()
    );
}

#[test]
fn a_second_piece_is_added_from_the_next_selection() {
    let mut ws = workspace();
    let claim = id_of(&ws, "Kabul denied it");
    ws.apply(CodeIntent::Extend(Some(claim)));
    let text = ws.document().expect("doc").text().clone();
    let (start, end) = common::find_in(&text, "4 July", 0);
    ws.apply(ViewIntent::SelectText {
        anchor: start,
        head: end,
    });
    assert_eq!(
        ws.view().extending,
        Some(claim),
        "selecting keeps the piece pending"
    );
    ws.apply(CodeIntent::AddSelectionAsFragment);
    let annotation = ws.project().annotation(claim).expect("claim");
    assert_eq!(annotation.quote, "Kabul denied it 4 July");
    assert_eq!(ws.view().extending, None);
    assert_eq!(ws.view().selected, Some(claim));
    ws.apply(EditIntent::Undo);
    assert_eq!(
        ws.project().annotation(claim).expect("claim").quote,
        "Kabul denied it"
    );
}

#[test]
fn the_list_finds_claims_without_a_claimant_and_by_stance() {
    let mut ws = workspace();
    let first = id_of(&ws, "the Taliban back the TTP");
    let second = id_of(&ws, "Kabul denied it");
    ws.apply(CodeIntent::Relate {
        kind: "claimant".into(),
        from: first,
        to: id_of(&ws, "Pakistan"),
    });
    ws.apply(CodeIntent::SetAttribute {
        id: second,
        name: "stance".into(),
        value: Some(AttributeValue::Text("oppose".into())),
    });
    let listed = |ws: &Workspace| -> Vec<AnnotationId> {
        let project: &Project = ws.project();
        project
            .annotations()
            .iter()
            .filter(|a| ws.view().list_shows(project, a))
            .map(|a| a.id)
            .collect()
    };
    ws.apply(ViewIntent::FilterMissingLink(Some("claimant".into())));
    assert_eq!(
        listed(&ws),
        [second],
        "only claims can have a claimant; one has"
    );
    ws.apply(ViewIntent::FilterMissingLink(None));
    ws.apply(ViewIntent::FilterAttribute(Some((
        "stance".into(),
        "oppose".into(),
    ))));
    assert_eq!(listed(&ws), [second]);
}

#[test]
fn a_document_label_goes_into_the_current_layer() {
    let mut ws = workspace();
    let document = ws.document().expect("doc").id.clone();
    ws.apply(CodeIntent::SetDocumentLabel {
        document: document.clone(),
        name: "genre".into(),
        value: Some(AttributeValue::Text("news".into())),
    });
    let labels: Vec<_> = ws.project().labels_of(&document, "AK").collect();
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0].1.to_string(), "news");
    ws.apply(CodeIntent::SetDocumentLabel {
        document,
        name: "genre".into(),
        value: Some(AttributeValue::Text("satire".into())),
    });
    assert!(ws.errors().iter().any(|e| e.contains("not one of news")));
}

#[test]
fn the_schema_editor_renames_and_removes_tags_the_schema_names_in_one_step() {
    use annotary::edit::TagEdit;
    let mut ws = workspace();
    let claim = id_of(&ws, "the Taliban back the TTP");
    ws.apply(CodeIntent::Relate {
        kind: "claimant".into(),
        from: claim,
        to: id_of(&ws, "Pakistan"),
    });
    let before = ws.project().clone();
    // "actor" becomes "speaker" (the schema follows); "date" goes, with `dated` and
    // `value`, once its annotations are gone.
    ws.apply(ViewIntent::SelectAnnotation {
        id: id_of(&ws, "3 July"),
        scroll: false,
    });
    ws.apply(EditIntent::DeleteAnnotation);
    ws.apply(ViewIntent::SelectAnnotation {
        id: id_of(&ws, "4 July"),
        scroll: false,
    });
    ws.apply(EditIntent::DeleteAnnotation);
    let mut rows = TagEdit::rows_of(ws.project().tags());
    rows.retain(|r| r.tag.name != "date");
    rows.iter_mut()
        .filter(|r| r.tag.name == "actor")
        .for_each(|r| r.tag.name = "speaker".into());
    let mut schema = ws.project().schema().clone();
    schema.relations.retain(|r| r.name != "dated");
    schema.attributes.retain(|a| a.name != "value");
    for relation in &mut schema.relations {
        for tag in relation.to.iter_mut().filter(|t| *t == "actor") {
            *tag = "speaker".into();
        }
    }
    ws.apply(EditIntent::EditSchema {
        tags: rows.clone(),
        schema: schema.clone(),
    });
    assert!(ws.errors().is_empty(), "{:?}", ws.errors());
    let project = ws.project();
    assert!(project.tags().get("date").is_none() && project.tags().get("speaker").is_some());
    assert_eq!(
        project.schema().relation_type("claimant").expect("kept").to,
        ["speaker"]
    );
    assert!(project.schema().relation_type("dated").is_none());
    assert!(project.coding_problems().is_empty());
    // Dropping the type a link uses is refused, and said.
    let mut breaking = project.schema().clone();
    breaking.relations.retain(|r| r.name != "claimant");
    let rows = TagEdit::rows_of(project.tags());
    ws.apply(EditIntent::EditSchema {
        tags: rows,
        schema: breaking,
    });
    assert!(
        ws.errors()
            .iter()
            .any(|e| e.contains("would no longer fit")),
        "{:?}",
        ws.errors()
    );
    assert!(ws.project().schema().relation_type("claimant").is_some());
    // One undo step takes the whole edit back.
    ws.apply(EditIntent::Undo);
    ws.apply(EditIntent::Undo);
    ws.apply(EditIntent::Undo);
    assert_eq!(ws.project().tags(), before.tags());
    assert_eq!(ws.project().schema(), before.schema());
}

#[test]
fn a_links_note_is_one_undo_step() {
    let mut ws = workspace();
    let claim = id_of(&ws, "Kabul denied it");
    ws.apply(CodeIntent::Relate {
        kind: "claimant".into(),
        from: claim,
        to: id_of(&ws, "Russia"),
    });
    let link = ws.project().relations().all()[0].id;
    ws.apply(CodeIntent::SetRelationNote {
        id: link,
        note: "speaking for Moscow, “reportedly”".into(),
    });
    assert_eq!(
        ws.project().relations().get(link).map(|r| r.note.as_str()),
        Some("speaking for Moscow, “reportedly”")
    );
    ws.apply(EditIntent::Undo);
    assert_eq!(
        ws.project().relations().get(link).map(|r| r.note.as_str()),
        Some("")
    );
}

#[test]
fn a_link_takes_another_type_that_fits_and_undo_gives_the_old_one_back() {
    let mut ws = workspace();
    let claim = id_of(&ws, "Kabul denied it");
    let russia = id_of(&ws, "Russia");
    ws.apply(CodeIntent::Relate {
        kind: "claimant".into(),
        from: claim,
        to: russia,
    });
    let link = ws.project().relations().all()[0].id;
    ws.apply(CodeIntent::RetypeRelation {
        id: link,
        kind: "addressee".into(),
    });
    assert_eq!(
        ws.project().relations().get(link).map(|r| r.kind.as_str()),
        Some("addressee")
    );
    // A type whose tags do not fit is refused.
    ws.apply(CodeIntent::RetypeRelation {
        id: link,
        kind: "dated".into(),
    });
    assert!(
        ws.errors()
            .iter()
            .any(|e| e.contains("does not link a claim to an actor")),
        "{:?}",
        ws.errors()
    );
    ws.apply(EditIntent::Undo);
    assert_eq!(
        ws.project().relations().get(link).map(|r| r.kind.as_str()),
        Some("claimant")
    );
}
