//! Reviewing more than spans: the diff of two layers' links, attribute values and document
//! labels, and settling each (accept mine, theirs, both, reject), one undo step each,
//! recorded as decisions the project file keeps.

mod common;

use annotary::edit::Command;
use annotary::formats::project_file;
use annotary::model::{About, AnnotationId, AttributeValue, Choice, DocumentId, Project};
use annotary::review::diff::{Difference, Kind, diff_document};
use annotary::review::session::Review;
use annotary::workspace::{EditIntent, ReviewIntent, Workspace};
use common::{T0, add_layer, annotate, project_from_markup};

fn id_of(project: &Project, layer: &str, quote: &str) -> AnnotationId {
    project
        .annotations()
        .iter()
        .find(|a| a.layer == layer && a.quote == quote)
        .unwrap_or_else(|| panic!("{quote:?} in {layer}"))
        .id
}

fn apply(project: &mut Project, command: Command) -> Command {
    command.apply(project, T0).expect("applies")
}

/// Settles `difference` with `choice` and applies it; returns the undo.
fn decide(
    project: &mut Project,
    review: &Review,
    difference: &Difference,
    choice: Choice,
) -> Command {
    let command = review
        .settle(project, difference, choice, T0)
        .expect("settles");
    apply(project, command)
}

fn accept_all(project: &mut Project, review: &Review) {
    let command = review.accept_agreements(project, T0).expect("agreements");
    apply(project, command);
}

fn link(project: &mut Project, layer: &str, kind: &str, from: &str, to: &str) {
    let (from, to) = (id_of(project, layer, from), id_of(project, layer, to));
    apply(
        project,
        Command::Relate {
            kind: kind.into(),
            from,
            to,
            note: String::new(),
        },
    );
}

fn set(project: &mut Project, layer: &str, quote: &str, name: &str, value: AttributeValue) {
    let id = id_of(project, layer, quote);
    apply(
        project,
        Command::SetAttribute {
            id,
            name: name.into(),
            value: Some(value),
        },
    );
}

fn label(project: &mut Project, doc: &DocumentId, layer: &str, name: &str, value: &str) {
    apply(
        project,
        Command::SetDocumentLabel {
            document: doc.clone(),
            layer: layer.into(),
            name: name.into(),
            value: Some(AttributeValue::Text(value.into())),
        },
    );
}

const SPANS: &str =
    "[actor:Russia] said [claim:the Taliban agreed] on [date:3 July] in [actor:Kabul].";

/// AK and BM tag the same spans (BM also Kabul, AK not) and code them differently:
/// - links: both date the claim (same link); AK says Russia is its claimant, BM its
///   addressee (type conflict); BM makes Kabul a claimant too (only theirs);
/// - values: AK's claim is supported and hedged, BM's opposed and not hedged;
/// - labels: both call it news; AK says Reuters published it, BM says AP.
fn coded() -> (Project, DocumentId) {
    let (mut project, doc) = project_from_markup(
        "[actor:Russia] said [claim:the Taliban agreed] on [date:3 July] in Kabul.",
    );
    add_layer(&mut project, "BM");
    let (_, spans) = annotary::model::markup::parse(SPANS).expect("markup");
    annotate(&mut project, &doc, "BM", spans);
    let claim = "the Taliban agreed";
    link(&mut project, "AK", "claimant", claim, "Russia");
    link(&mut project, "AK", "dated", claim, "3 July");
    link(&mut project, "BM", "addressee", claim, "Russia");
    link(&mut project, "BM", "dated", claim, "3 July");
    link(&mut project, "BM", "claimant", claim, "Kabul");
    set(
        &mut project,
        "AK",
        claim,
        "stance",
        AttributeValue::Text("support".into()),
    );
    set(
        &mut project,
        "AK",
        claim,
        "hedged",
        AttributeValue::Flag(true),
    );
    set(
        &mut project,
        "BM",
        claim,
        "stance",
        AttributeValue::Text("oppose".into()),
    );
    for (layer, outlet) in [("AK", "Reuters"), ("BM", "AP")] {
        label(&mut project, &doc, layer, "genre", "news");
        label(&mut project, &doc, layer, "outlet", outlet);
    }
    (project, doc)
}

fn review() -> Review {
    Review {
        mine: "AK".into(),
        theirs: "BM".into(),
        reviewed: "reviewed".into(),
        reviewer: "JR".into(),
    }
}

/// Each difference as the panel reads it: kind, mine, theirs.
fn read(project: &Project, differences: &[Difference]) -> Vec<(Kind, String, String)> {
    differences
        .iter()
        .map(|d| {
            (
                d.kind,
                d.side_text(project, "AK", true),
                d.side_text(project, "BM", false),
            )
        })
        .collect()
}

fn find(differences: &[Difference], kind: Kind, about: &str) -> Difference {
    differences
        .iter()
        .find(|d| d.kind == kind && format!("{:?}", d.about).contains(about))
        .unwrap_or_else(|| panic!("{kind:?} about {about}"))
        .clone()
}

fn in_reviewed(project: &Project) -> Vec<String> {
    let mut spans: Vec<String> = project
        .annotations()
        .iter()
        .filter(|a| a.layer == "reviewed")
        .map(|a| {
            let values: Vec<String> = a
                .attributes
                .iter()
                .map(|(k, v)| format!(" {k}={v}"))
                .collect();
            format!("{} {}{}", a.tag, a.quote, values.concat())
        })
        .collect();
    spans.sort();
    spans
}

fn reviewed_links(project: &Project) -> Vec<String> {
    let mut links: Vec<String> = project
        .relations()
        .all()
        .iter()
        .filter_map(|r| {
            let from = project.annotation(r.from)?;
            let to = project.annotation(r.to)?;
            (from.layer == "reviewed").then(|| format!("{} {} → {}", r.kind, from.quote, to.quote))
        })
        .collect();
    links.sort();
    links
}

#[test]
fn the_diff_names_link_value_and_label_differences() {
    let (project, doc) = coded();
    let differences = diff_document(&project, &doc, "AK", "BM");
    let beyond_spans: Vec<(Kind, String, String)> = read(&project, &differences)
        .into_iter()
        .filter(|(kind, _, _)| !kind.is_span())
        .collect();
    let claim = "claim “the Taliban agreed”";
    let owned = |kind, mine: &str, theirs: &str| (kind, mine.to_owned(), theirs.to_owned());
    assert_eq!(
        beyond_spans,
        [
            owned(
                Kind::LabelAgree,
                "document genre = news",
                "document genre = news"
            ),
            owned(
                Kind::LabelConflict,
                "document outlet = Reuters",
                "document outlet = AP"
            ),
            owned(
                Kind::LinkTypeConflict,
                &format!("{claim}, claimant: actor “Russia”"),
                &format!("{claim}, addressee: actor “Russia”"),
            ),
            owned(
                Kind::ValueConflict,
                &format!("hedged = yes on {claim}"),
                &format!("hedged = not set on {claim}"),
            ),
            owned(
                Kind::ValueConflict,
                &format!("stance = support on {claim}"),
                &format!("stance = oppose on {claim}"),
            ),
            owned(
                Kind::LinkAgree,
                &format!("{claim}, dated: date “3 July”"),
                &format!("{claim}, dated: date “3 July”"),
            ),
            owned(
                Kind::LinkOnlyTheirs,
                "—",
                &format!("{claim}, claimant: actor “Kabul”"),
            ),
        ]
    );
    // Seen from the other side, their link is only mine.
    let swapped = diff_document(&project, &doc, "BM", "AK");
    // In text order: by where each starts and ends (labels first, at 0..0).
    let kinds: Vec<Kind> = swapped
        .iter()
        .map(|d| d.kind)
        .filter(|k| !k.is_span())
        .collect();
    assert!(kinds.contains(&Kind::LinkOnlyMine), "{kinds:?}");
    assert!(!kinds.contains(&Kind::LinkOnlyTheirs), "{kinds:?}");
}

#[test]
fn accepting_a_link_brings_its_ends_and_is_one_undo_step() {
    let (mut project, doc) = coded();
    let before = project.clone();
    let review = review();
    let differences = diff_document(&project, &doc, "AK", "BM");
    let conflict = find(&differences, Kind::LinkTypeConflict, "Link");
    let command = review
        .settle(&project, &conflict, Choice::Theirs, T0)
        .expect("settles");
    let undo = apply(&mut project, command);
    assert_eq!(
        reviewed_links(&project),
        ["addressee the Taliban agreed → Russia"]
    );
    assert_eq!(
        in_reviewed(&project),
        ["actor Russia", "claim the Taliban agreed stance=oppose"],
        "the ends came from the side whose link was accepted"
    );
    assert!(review.is_settled(&project, &conflict));

    // The spans' own differences copy nothing twice: Russia is there already.
    let agree = differences
        .iter()
        .find(|d| d.kind == Kind::Agree && d.tags == ["actor", "actor"] && d.start == 0)
        .expect("Russia agrees");
    let command = review
        .settle(&project, agree, Choice::Both, T0)
        .expect("settles");
    let undo_agree = apply(&mut project, command);
    assert_eq!(
        in_reviewed(&project).len(),
        2,
        "{:?}",
        in_reviewed(&project)
    );
    assert!(review.is_settled(&project, agree));

    apply(&mut project, undo_agree);
    apply(&mut project, undo);
    // Everything but the next id (ids are never given twice) is as it was.
    assert_eq!(
        project_file::to_string(&project)
            .replace("next_annotation_id: 16", "next_annotation_id: 13"),
        project_file::to_string(&before),
        "undo takes the link, its ends, the layer and the decision back"
    );
}

#[test]
fn accepting_all_agreements_copies_spans_then_their_links_and_labels() {
    let (mut project, _) = coded();
    let review = review();
    let command = review.accept_agreements(&project, T0).expect("agreements");
    apply(&mut project, command);
    assert_eq!(
        in_reviewed(&project),
        [
            "actor Russia",
            "claim the Taliban agreed hedged=yes stance=support",
            "date 3 July"
        ]
    );
    assert_eq!(
        reviewed_links(&project),
        ["dated the Taliban agreed → 3 July"]
    );
    let doc = DocumentId("doc".into());
    let labels: Vec<(String, String)> = project
        .labels_of(&doc, "reviewed")
        .map(|(name, value)| (name.to_owned(), value.to_string()))
        .collect();
    assert_eq!(labels, [("genre".to_owned(), "news".to_owned())]);
    // Three spans, one link, one label: a decision each.
    assert_eq!(project.decisions().len(), 5);
    assert!(
        review.accept_agreements(&project, T0).is_none(),
        "nothing left"
    );
}

#[test]
fn an_attribute_takes_one_side_or_none_never_both() {
    let (mut project, doc) = coded();
    let review = review();
    accept_all(&mut project, &review);
    let differences = diff_document(&project, &doc, "AK", "BM");
    let stance = find(&differences, Kind::ValueConflict, "stance");
    let hedged = find(&differences, Kind::ValueConflict, "hedged");
    assert!(!stance.offers(Choice::Both) && !stance.offers(Choice::Edited));
    assert_eq!(
        review
            .settle(&project, &stance, Choice::Both, T0)
            .err()
            .as_deref(),
        Some("An attribute holds one value: keep mine or theirs for \"stance\", or reject both.")
    );
    let undo = decide(&mut project, &review, &stance, Choice::Theirs);
    let undo_hedged = decide(&mut project, &review, &hedged, Choice::Neither);
    assert_eq!(
        in_reviewed(&project)[1],
        "claim the Taliban agreed stance=oppose",
        "their stance, and no hedge"
    );
    let decided = project.decisions().last().expect("decided");
    assert_eq!(decided.about, About::Attribute("hedged".into()));
    assert_eq!(decided.choice, Choice::Neither);
    // Undo, newest first: the hedge comes back, then my stance.
    apply(&mut project, undo_hedged);
    assert!(!review.is_settled(&project, &hedged));
    assert_eq!(
        in_reviewed(&project)[1],
        "claim the Taliban agreed hedged=yes stance=oppose"
    );
    apply(&mut project, undo);
    assert_eq!(
        in_reviewed(&project)[1],
        "claim the Taliban agreed hedged=yes stance=support"
    );
    assert!(!review.is_settled(&project, &stance));
}

#[test]
fn a_document_label_is_settled_in_the_reviewed_layer() {
    let (mut project, doc) = coded();
    let review = review();
    let differences = diff_document(&project, &doc, "AK", "BM");
    let outlet = find(&differences, Kind::LabelConflict, "outlet");
    assert!(!outlet.offers(Choice::Both));
    let undo = decide(&mut project, &review, &outlet, Choice::Theirs);
    let value = |p: &Project| {
        p.labels_of(&doc, "reviewed")
            .find(|(name, _)| *name == "outlet")
            .map(|(_, v)| v.to_string())
    };
    assert_eq!(value(&project).as_deref(), Some("AP"));
    assert!(review.is_settled(&project, &outlet));
    apply(&mut project, undo);
    assert_eq!(value(&project), None);
    assert!(!review.is_settled(&project, &outlet));
}

#[test]
fn decisions_about_links_values_and_labels_survive_the_project_file() {
    let (mut project, doc) = coded();
    let review = review();
    accept_all(&mut project, &review);
    let differences = diff_document(&project, &doc, "AK", "BM");
    for (kind, about, choice) in [
        (Kind::LinkTypeConflict, "Link", Choice::Mine),
        (Kind::LinkOnlyTheirs, "Link", Choice::Neither),
        (Kind::ValueConflict, "stance", Choice::Theirs),
        (Kind::LabelConflict, "outlet", Choice::Mine),
    ] {
        let difference = find(&differences, kind, about);
        let command = review
            .settle(&project, &difference, choice, T0)
            .expect("settles");
        apply(&mut project, command);
    }
    let (settled, all) = review.progress(&project, &differences);
    assert_eq!(settled, 4);
    let text = project_file::to_string(&project);
    assert!(text.contains("attribute: Some(\"stance\")"), "{text}");
    assert!(text.contains("label: Some(\"outlet\")"), "{text}");
    assert!(text.contains("theirs_link: Some("), "{text}");
    let back = project_file::from_str(&text, std::path::Path::new("p.ron")).expect("reads back");
    assert_eq!(back.decisions(), project.decisions());
    assert_eq!(review.progress(&back, &differences), (settled, all));
    assert!(
        back.decision_problems().is_empty(),
        "{:?}",
        back.decision_problems()
    );
}

#[test]
fn deleting_a_link_forgets_the_decision_about_it_and_undo_brings_both_back() {
    let (mut project, doc) = coded();
    let review = review();
    let differences = diff_document(&project, &doc, "AK", "BM");
    let only = find(&differences, Kind::LinkOnlyTheirs, "Link");
    decide(&mut project, &review, &only, Choice::Neither);
    let About::Link {
        theirs: Some(link), ..
    } = only.about
    else {
        panic!("a link of theirs");
    };
    let undo = apply(&mut project, Command::Unrelate(vec![link]));
    assert!(project.decisions().is_empty(), "{:?}", project.decisions());
    apply(&mut project, undo);
    assert_eq!(project.decisions().len(), 1);
    // Deleting an end of the link does the same.
    let kabul = id_of(&project, "BM", "Kabul");
    let undo = apply(&mut project, Command::Delete(kabul));
    assert!(project.decisions().is_empty());
    apply(&mut project, undo);
    assert!(review.is_settled(&project, &only));
}

#[test]
fn the_walk_visits_links_values_and_labels_and_settles_them_from_the_keys() {
    let (project, _) = coded();
    let mut ws = Workspace::new(project, None);
    let _ = ws.apply(ReviewIntent::Start {
        mine: "AK".into(),
        theirs: "BM".into(),
    });
    let _ = ws.apply(ReviewIntent::AcceptAgreements);
    let open = |ws: &Workspace| {
        let progress = ws.review().expect("open").progress();
        progress.disagreements - progress.settled
    };
    let total = open(&ws);
    // Spans: Kabul only theirs; links: a type conflict and one only theirs; two values;
    // one label.
    assert_eq!(total, 6);
    let mut seen = Vec::new();
    for _ in 0..total {
        let _ = ws.apply(ReviewIntent::Skip { forward: true });
        let current = ws
            .review()
            .and_then(|r| r.current_difference())
            .expect("one")
            .clone();
        seen.push(current.kind);
        assert_eq!(ws.view().document.as_ref(), Some(&current.document));
        let choice = if current.offers(Choice::Mine) {
            Choice::Mine
        } else {
            Choice::Theirs
        };
        let _ = ws.apply(ReviewIntent::Settle(choice));
        assert!(ws.errors().is_empty(), "{:?}", ws.errors());
    }
    assert_eq!(open(&ws), 0, "{seen:?}");
    seen.sort();
    assert_eq!(
        seen,
        [
            Kind::OnlyTheirs,
            Kind::LinkTypeConflict,
            Kind::LinkOnlyTheirs,
            Kind::ValueConflict,
            Kind::ValueConflict,
            Kind::LabelConflict
        ]
    );
    // Each settle was one step: undo the last (a value or label, in text order the last
    // difference) and one disagreement is open again.
    let _ = ws.apply(EditIntent::Undo);
    assert_eq!(open(&ws), 1);
}

#[test]
fn a_colleagues_links_values_and_labels_come_with_their_layers() {
    let (mut project, doc) = coded();
    let (theirs, _) = coded();
    let (command, brought) = annotary::formats::colleague::bring(&project, &theirs, "copy");
    apply(&mut project, command);
    assert!(brought.problems.is_empty(), "{:?}", brought.problems);
    assert!(brought.notes.is_empty(), "{:?}", brought.notes);
    assert!(project.problems().is_empty(), "{:?}", project.problems());
    for layer in ["AK", "BM"] {
        let copy = format!("{layer} (copy)");
        let differences = diff_document(&project, &doc, layer, &copy);
        let count = |kind| differences.iter().filter(|d| d.kind == kind).count();
        assert!(
            differences.iter().all(|d| !d.kind.is_disagreement()),
            "{layer}: {:?}",
            read(&project, &differences)
        );
        let links = project
            .relations()
            .all()
            .iter()
            .filter(|r| project.annotation(r.from).is_some_and(|a| a.layer == layer))
            .count();
        assert_eq!(count(Kind::LinkAgree), links, "{layer}");
        assert_eq!(count(Kind::LabelAgree), 2, "{layer}");
    }
    let copied = id_of(&project, "AK (copy)", "the Taliban agreed");
    let values = &project.annotation(copied).expect("copied").attributes;
    assert_eq!(values.len(), 2, "stance and hedged came along: {values:?}");
}

#[test]
fn settling_a_span_after_its_link_moves_the_copy_the_link_is_on() {
    let (mut project, doc) = coded();
    let theirs_claim = id_of(&project, "BM", "the Taliban agreed");
    let (start, end) = common::find_in(
        project.document(&doc).expect("doc").text(),
        "the Taliban agreed on",
        0,
    );
    apply(
        &mut project,
        Command::Resize {
            id: theirs_claim,
            start,
            end,
        },
    );
    let review = review();
    let differences = diff_document(&project, &doc, "AK", "BM");
    let dated = find(&differences, Kind::LinkAgree, "Link");
    decide(&mut project, &review, &dated, Choice::Both);
    assert_eq!(
        reviewed_links(&project),
        ["dated the Taliban agreed → 3 July"]
    );
    let boundary = differences
        .iter()
        .find(|d| d.kind == Kind::BoundaryConflict)
        .expect("the claims differ in extent")
        .clone();
    decide(&mut project, &review, &boundary, Choice::Theirs);
    assert_eq!(
        reviewed_links(&project),
        ["dated the Taliban agreed on → 3 July"],
        "their extent, on the copy the link was drawn to: {:?}",
        in_reviewed(&project)
    );
    let claims = in_reviewed(&project)
        .into_iter()
        .filter(|s| s.starts_with("claim"))
        .collect::<Vec<_>>();
    assert_eq!(claims, ["claim the Taliban agreed on stance=oppose"]);
}

#[test]
fn a_value_rejected_before_its_span_is_copied_stays_rejected() {
    let (mut project, doc) = coded();
    let review = review();
    let differences = diff_document(&project, &doc, "AK", "BM");
    let hedged = find(&differences, Kind::ValueConflict, "hedged");
    decide(&mut project, &review, &hedged, Choice::Neither);
    accept_all(&mut project, &review);
    assert_eq!(
        in_reviewed(&project)[1],
        "claim the Taliban agreed stance=support",
        "the copy made later leaves the rejected hedge out"
    );
}

#[test]
fn editing_a_link_and_undoing_it_keeps_the_decision_about_it() {
    let (mut project, doc) = coded();
    let review = review();
    let differences = diff_document(&project, &doc, "AK", "BM");
    let conflict = find(&differences, Kind::LinkTypeConflict, "Link");
    decide(&mut project, &review, &conflict, Choice::Mine);
    let About::Link {
        mine: Some(link), ..
    } = conflict.about
    else {
        panic!("my link");
    };
    let mut edited = project.relations().get(link).expect("link").clone();
    edited.note = "checked".into();
    let undo = apply(&mut project, Command::ReplaceRelation(edited));
    apply(&mut project, undo);
    assert!(
        review.is_settled(&project, &conflict),
        "{:?}",
        project.decisions()
    );

    // A retag that drops a link forgets the decision about it, and undo brings it back.
    let only = find(&differences, Kind::LinkOnlyTheirs, "Link");
    decide(&mut project, &review, &only, Choice::Neither);
    let kabul = id_of(&project, "BM", "Kabul");
    let undo = apply(
        &mut project,
        Command::Retag {
            id: kabul,
            tag: "date".into(),
        },
    );
    assert!(!review.is_settled(&project, &only));
    assert!(project.decision_problems().is_empty());
    apply(&mut project, undo);
    assert!(review.is_settled(&project, &only));
}
