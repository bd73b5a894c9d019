//! What the workspace keeps from change to change and works out again only for what a
//! change reached (the review's differences, settled ones and progress; the forms the
//! coder's layer has tagged) equals what working everything out afresh gives, after
//! decisions, undo and redo, edits in either compared layer, links, document labels, a
//! suggestion rejected, a tag renamed and another document opened.

mod common;

use annotary::edit::TagEdit;
use annotary::model::suggest::{self, FormIndex, Learnt, Source};
use annotary::model::{AttributeValue, Choice, DocumentId};
use annotary::review::diff::diff;
use annotary::review::session::Progress;
use annotary::workspace::{
    CodeIntent, EditIntent, Intent, ReviewIntent, SuggestIntent, ViewIntent, Workspace,
};

/// The review as kept equals the review worked out afresh, and the open document's
/// suggestions equal those a fresh index of the layer's forms gives.
fn same_as_fresh(ws: &Workspace, step: &str) {
    let project = ws.project();
    let review = ws.review().expect("the review is open");
    let fresh = diff(project, &review.review.mine, &review.review.theirs);
    assert_eq!(
        review.differences(),
        fresh.as_slice(),
        "differences after {step}"
    );
    let settled = review.review.settled(project);
    assert_eq!(
        review.progress(),
        Progress::of(&fresh, &settled),
        "progress after {step}"
    );
    for d in &fresh {
        assert_eq!(
            review.settled().contains(d),
            settled.contains(d),
            "settled after {step}: {d:?}"
        );
    }
    let open = ws.view().document.clone().expect("a document is open");
    let framed: Vec<_> = fresh
        .iter()
        .filter(|d| d.document == open && d.kind.is_span())
        .map(|d| (d.start, d.end, d.kind))
        .collect();
    assert_eq!(review.framed(), framed.as_slice(), "frames after {step}");

    let index = FormIndex::build(project, &ws.view().layer);
    let learnt = Learnt {
        forms: &index,
        tagger: None,
    };
    let suggested = suggest::suggest(project, learnt, &open, ws.view().suggest);
    assert_eq!(
        ws.suggestions(),
        suggested.as_slice(),
        "suggestions after {step}"
    );
}

/// Applies a change, which must have made a revision (a step refused would test nothing),
/// and compares.
fn apply(ws: &mut Workspace, intent: impl Into<Intent>, step: &str) {
    let before = ws.revision();
    let _ = ws.apply(intent);
    assert!(ws.revision() > before, "{step} changed nothing");
    same_as_fresh(ws, step);
}

#[test]
fn what_is_kept_equals_what_is_worked_out_afresh() {
    let project = common::demo();
    let layers: Vec<String> = project.layers().iter().map(|l| l.name.clone()).collect();
    assert!(layers.len() >= 2, "the demo has two coders");
    let documents: Vec<DocumentId> = project.documents().iter().map(|d| d.id.clone()).collect();
    let mut ws = Workspace::new(project, None);
    // The tagger trains on a worker and comes when it comes: its spans are left out, so
    // that what is compared is what the kept forms give.
    let _ = ws.apply(SuggestIntent::Toggle(Source::Tagger));
    assert!(!ws.view().suggest.tagger, "the tagger is off");
    let _ = ws.apply(ReviewIntent::Start {
        mine: layers[0].clone(),
        theirs: layers[1].clone(),
    });
    same_as_fresh(&ws, "opening the review");

    // Decisions of every kind, walking the disagreements.
    for (i, choice) in [
        Choice::Mine,
        Choice::Theirs,
        Choice::Neither,
        Choice::Both,
        Choice::Mine,
    ]
    .into_iter()
    .enumerate()
    {
        // The first disagreement not settled yet that the choice can settle.
        let review = ws.review().expect("open");
        let fits = |d: &annotary::review::difference::Difference| match choice {
            Choice::Mine => d.mine.is_some(),
            Choice::Theirs => d.theirs.is_some(),
            Choice::Both => d.mine.is_some() && d.theirs.is_some(),
            _ => true,
        };
        let unsettled = review
            .differences()
            .iter()
            .position(|d| d.kind.is_disagreement() && !review.settled().contains(d) && fits(d))
            .expect("a disagreement left");
        let _ = ws.apply(ReviewIntent::Jump(unsettled));
        apply(
            &mut ws,
            ReviewIntent::Settle(choice),
            &format!("decision {i}"),
        );
    }
    apply(&mut ws, EditIntent::Undo, "undo");
    apply(&mut ws, EditIntent::Undo, "a second undo");
    apply(&mut ws, EditIntent::Redo, "redo");
    apply(
        &mut ws,
        ReviewIntent::AcceptAgreements,
        "accepting the agreements",
    );

    // Edits in each compared layer, in the open document and in another.
    for (layer, document) in [(&layers[0], &documents[0]), (&layers[1], &documents[1])] {
        let _ = ws.apply(ViewIntent::OpenDocument(document.clone()));
        let _ = ws.apply(ViewIntent::SetLayer(layer.clone()));
        same_as_fresh(&ws, "switching layer and document");
        let text = ws.document().expect("open").text().clone();
        let word = text.word_at(40).expect("a word there");
        let _ = ws.apply(ViewIntent::SelectText {
            anchor: word.start,
            head: word.end,
        });
        apply(&mut ws, EditIntent::Tag("actor".into()), "tagging a word");
        apply(&mut ws, EditIntent::Tag("date".into()), "retagging it");
        let later = text.word_at(text.char_len() / 2).expect("a word there");
        let _ = ws.apply(ViewIntent::SelectText {
            anchor: later.start,
            head: later.end,
        });
        // A claim, which links to the actors and dates about it.
        apply(
            &mut ws,
            EditIntent::Tag("claim".into()),
            "tagging a second word",
        );
        let _ = ws.apply(CodeIntent::StartLink);
        apply(&mut ws, CodeIntent::Link(None), "linking");
        apply(&mut ws, EditIntent::DeleteAnnotation, "deleting it");
        apply(&mut ws, EditIntent::Undo, "undoing the delete");
    }
    let open = ws.view().document.clone().expect("a document is open");
    let noted = ws
        .project()
        .annotations_in(&open)
        .iter()
        .find(|a| a.layer == ws.view().layer)
        .expect("an annotation of the layer")
        .id;
    let _ = ws.apply(ViewIntent::SelectAnnotation {
        id: noted,
        scroll: false,
    });
    let _ = ws.apply(EditIntent::TypeNote("felt, not said".into()));
    apply(&mut ws, EditIntent::SaveNote, "saving the note");
    let open = ws.view().document.clone().expect("a document is open");
    apply(
        &mut ws,
        CodeIntent::SetDocumentLabel {
            document: open.clone(),
            name: "genre".into(),
            // As the other coder has it: their disagreement becomes an agreement.
            value: Some(AttributeValue::Text("analysis".into())),
        },
        "labelling the document",
    );
    apply(
        &mut ws,
        CodeIntent::SetDocumentLabel {
            document: open,
            name: "genre".into(),
            value: None,
        },
        "clearing the label",
    );
    assert!(!ws.suggestions().is_empty(), "forms are suggested here");
    let _ = ws.apply(SuggestIntent::Next { forward: true });
    apply(&mut ws, SuggestIntent::Reject, "rejecting a suggestion");
    apply(&mut ws, EditIntent::Undo, "undoing the rejection");
    let mut rows = TagEdit::rows_of(ws.project().tags());
    rows[0].tag.name = "assertion".into();
    apply(&mut ws, EditIntent::EditTags(rows), "renaming a tag");
    apply(&mut ws, EditIntent::Undo, "undoing the rename");
}

/// A corpus's agreement report is worked out on a worker; a decision made meanwhile does
/// not start another (one per decision would pile up copies of the project): the report
/// comes as the worker finishes it, marked as older than the project.
#[test]
fn a_corpus_report_is_worked_out_once_while_the_reviewer_goes_on() {
    use annotary::cli::{SynthOptions, synthesize};
    use std::time::{Duration, Instant};
    let project = synthesize(&SynthOptions {
        chars: 2_100_000,
        annotations: 2_000,
        documents: 20,
        layers: 2,
        seed: 5,
        relations: 0,
        attributes: false,
    })
    .expect("a corpus");
    let mut ws = Workspace::new(project, None);
    let _ = ws.apply(SuggestIntent::Toggle(Source::Tagger));
    let _ = ws.apply(ReviewIntent::Start {
        mine: "annotator1".into(),
        theirs: "annotator2".into(),
    });
    let _ = ws.apply(ReviewIntent::OpenReport);
    let working = |ws: &Workspace| ws.review().and_then(|r| r.agreement_working());
    let started = working(&ws).expect("worked out on a worker");
    std::thread::sleep(Duration::from_millis(50));
    let review = ws.review().expect("open");
    let disagreement = review
        .differences()
        .iter()
        .position(|d| d.kind.is_disagreement() && d.mine.is_some())
        .expect("a disagreement");
    let _ = ws.apply(ReviewIntent::Jump(disagreement));
    apply_decision(&mut ws);
    // (The worker's report is taken only by `tick`: until then it is the one working.)
    let still = working(&ws).expect("still working, or done and not yet taken");
    assert!(
        still >= started + Duration::from_millis(50),
        "another worker was started: {still:?} after {started:?}"
    );
    let waited = Instant::now();
    while ws.review().expect("open").agreement().is_none() {
        assert!(waited.elapsed() < Duration::from_secs(300), "no report");
        std::thread::sleep(Duration::from_millis(20));
        let _ = ws.tick();
    }
    let review = ws.review().expect("open");
    assert!(
        review.agreement_stale(ws.revision()),
        "of the project before the decision"
    );
}

fn apply_decision(ws: &mut Workspace) {
    let before = ws.revision();
    let _ = ws.apply(ReviewIntent::Settle(Choice::Mine));
    assert!(ws.revision() > before, "the decision was made");
}
