//! Repeated forms: what a layer has tagged is suggested wherever else it stands as whole
//! words, scored by how often it got each tag, and a rejected form stays rejected.

mod common;

use annotary::edit::{Command, History};
use annotary::model::suggest::{FormIndex, Rejected, Source, Sources, Suggestion, suggest};
use annotary::model::{DocumentId, Project};
use common::T0;

fn forms_only() -> Sources {
    Sources::only(Source::Forms)
}

fn suggestions(project: &Project, doc: &DocumentId) -> Vec<Suggestion> {
    let index = FormIndex::build(project, "AK");
    suggest(project, &index, doc, forms_only())
}

fn quoted(found: &[Suggestion]) -> Vec<(String, String)> {
    found
        .iter()
        .map(|s| (s.form.to_string(), s.tag.to_string()))
        .collect()
}

#[test]
fn a_form_is_scored_by_how_often_it_got_each_tag() {
    let (project, doc) = common::project_from_markup(
        "[actor:Russia] and [actor:Russia] and [claim:Russia], then Russia again.",
    );
    let found = suggestions(&project, &doc);
    let [only] = found.as_slice() else {
        panic!("one suggestion: {found:?}")
    };
    assert_eq!((&*only.form, &*only.tag), ("Russia", "actor"));
    assert!((only.score - 2.0 / 3.0).abs() < 1e-9, "{}", only.score);
    assert_eq!(only.others.len(), 1);
    assert_eq!(only.others[0].0, "claim");
    assert!((only.others[0].1 - 1.0 / 3.0).abs() < 1e-9);
    // Code points, not bytes, with the curly text before it.
    let text = project.document(&doc).expect("doc").text();
    assert_eq!(text.slice(only.start, only.end), "Russia");
}

#[test]
fn forms_are_found_on_word_boundaries_only_in_hard_unicode() {
    let (project, doc) = common::project_from_markup(
        "[actor:Russia] [actor:café\u{301}] [actor:北京] [actor:🇦🇫 Kabul]\r\n\
         Russian Russia’s cafe café\u{301}s 北京市 “🇦🇫 Kabul” RUSSIA",
    );
    let found = quoted(&suggestions(&project, &doc));
    let pairs = |list: &[&str]| -> Vec<(String, String)> {
        list.iter()
            .map(|f| ((*f).to_owned(), "actor".to_owned()))
            .collect()
    };
    // Not inside "Russian" or "cafés", not "cafe" without its accent, not another case;
    // each ideograph is a word, so 北京 is found in 北京市.
    assert_eq!(found, pairs(&["Russia", "北京", "🇦🇫 Kabul"]));
}

#[test]
fn a_form_opening_a_sentence_is_found_with_its_capital_but_no_other_case() {
    let (mut project, _) = common::project_from_markup("Talks with [actor:the Afghan Taliban].");
    let doc = common::add_markup_document(
        &mut project,
        "second",
        "The Afghan Taliban said so. THE AFGHAN TALIBAN, the afghan taliban, the Afghan Taliban.",
    );
    let found = suggestions(&project, &doc);
    let text = project.document(&doc).expect("document").text();
    let spans: Vec<(usize, usize)> = found.iter().map(|s| (s.start, s.end)).collect();
    assert_eq!(
        spans,
        [
            common::find_in(text, "The Afghan Taliban", 0),
            common::find_in(text, "the Afghan Taliban", 0)
        ]
    );
    // One form, whatever its first letter: rejecting or accepting all alike takes both.
    assert!(found.iter().all(|s| &*s.form == "the Afghan Taliban"));
}

#[test]
fn the_longest_form_wins_and_what_is_tagged_is_not_suggested() {
    let (project, doc) = common::project_from_markup(
        "[actor:the Afghan Taliban] met [actor:Taliban]. Later the Afghan Taliban and the \
         Taliban met; [claim:Taliban leaders spoke] too.",
    );
    let found = quoted(&suggestions(&project, &doc));
    assert_eq!(
        found,
        [
            ("the Afghan Taliban".to_owned(), "actor".to_owned()),
            ("Taliban".to_owned(), "actor".to_owned()),
            ("Taliban".to_owned(), "actor".to_owned()),
        ],
        "an actor inside a tagged claim is still offered; inside a tagged actor it is not"
    );
    // Once tagged there, the span is no longer offered.
    let mut project = project;
    let first = suggestions(&project, &doc)[0].clone();
    Command::Annotate {
        document: doc.clone(),
        layer: "AK".into(),
        start: first.start,
        end: first.end,
        tag: "actor".into(),
    }
    .apply(&mut project, T0)
    .expect("accept");
    assert_eq!(suggestions(&project, &doc).len(), 2);
}

#[test]
fn a_rejected_form_is_not_suggested_again_after_saving_and_reloading() {
    let (mut project, doc) =
        common::project_from_markup("[actor:Moscow] said; Moscow agreed. [claim:Moscow] too.");
    let rejected = Rejected {
        layer: "AK".into(),
        form: "Moscow".into(),
        tag: "actor".into(),
    };
    let mut history = History::default();
    history
        .apply(&mut project, Command::Reject(rejected.clone()), T0)
        .expect("reject");
    // The form is still a claim for this layer: offered as that.
    assert_eq!(
        quoted(&suggestions(&project, &doc)),
        [("Moscow".to_owned(), "claim".to_owned())]
    );
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("p.ron");
    annotary::formats::project_file::save(&project, &path).expect("save");
    let text = std::fs::read_to_string(&path).expect("read");
    // Format 3 holds rejections: an Annotary from before refuses the file by its version.
    assert!(text.contains("format_version: 3,"), "{text}");
    assert!(
        text.contains(
            "rejected_suggestions: [\n        (layer: \"AK\", form: \"Moscow\", tag: \"actor\"),"
        ),
        "{text}"
    );
    let mut back = annotary::formats::project_file::load(&path).expect("load");
    assert!(back.is_rejected("AK", "Moscow", "actor"));
    assert_eq!(quoted(&suggestions(&back, &doc)).len(), 1);
    // Undo forgets the rejection.
    history.undo(&mut project, T0).expect("undo");
    assert!(project.rejected().is_empty());
    // Another layer's coder is not bound by it.
    common::add_layer(&mut back, "BM");
    assert!(!back.is_rejected("BM", "Moscow", "actor"));
}

#[test]
fn annotary_suggest_prints_what_the_window_would_offer_and_evaluates_it() {
    let demo = common::demo_path();
    let demo = demo.to_str().expect("utf-8");
    let document = "001_bc22e7b79049ddaf";
    let (code, out, err) = common::annotary(&[
        "suggest",
        demo,
        "--document",
        document,
        "--layer",
        "AK",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let printed: Vec<serde_json::Value> = serde_json::from_str(&out).expect("JSON");
    let project = common::demo();
    let index = FormIndex::build(&project, "AK");
    let expected = suggest(
        &project,
        &index,
        &DocumentId(document.into()),
        Sources::default(),
    );
    assert_eq!(printed.len(), expected.len());
    assert!(!expected.is_empty());
    let byline = printed
        .iter()
        .find(|s| s["form"] == "2025-07-19 06:24:53")
        .expect("the byline's date");
    assert_eq!(byline["source"], "dates");
    assert_eq!(byline["attributes"]["value"], "2025-07-19T06:24:53");
    // The evaluation names each source and tag with precision, recall and F1.
    let (code, out, err) =
        common::annotary(&["suggest", demo, "--evaluate", "--layer", "AK", "--json"]);
    assert_eq!(code, 0, "{err}");
    let scores: Vec<serde_json::Value> = serde_json::from_str(&out).expect("JSON");
    let dates = scores
        .iter()
        .find(|s| s["source"] == "dates" && s["tag"].is_null())
        .expect("the dates overall");
    let tagged = project
        .annotations()
        .iter()
        .filter(|a| a.layer == "AK" && a.tag == "date")
        .count();
    assert_eq!(dates["tagged"], tagged);
    let (code, _, err) = common::annotary(&["suggest", demo, "--layer", "nobody"]);
    assert_eq!(code, 1);
    assert!(err.contains("no layer \"nobody\" (it has AK, BM)"), "{err}");
}

#[test]
fn the_evaluation_counts_each_document_as_if_not_yet_coded() {
    let (mut project, _) = common::project_from_markup("[actor:Russia] met.");
    let second = DocumentId("second".into());
    let (text, spans) =
        annotary::model::markup::parse("[actor:Russia] and Russia, on [date:3 July 2025].")
            .expect("markup");
    Command::AddDocument {
        index: 1,
        document: annotary::model::Document::new(second.clone(), "2".into(), "2.txt".into(), text),
    }
    .apply(&mut project, T0)
    .expect("add");
    common::annotate(&mut project, &second, "AK", spans);
    let scores = annotary::model::suggest::evaluate(&project, "AK");
    let find = |source: Option<Source>, tag: Option<&str>| {
        scores
            .iter()
            .find(|s| s.source == source && s.tag.as_deref() == tag)
            .expect("a row")
            .clone()
    };
    // Learned from the other document: "Russia" once in the first (right), twice in the
    // second (one right); "3 July 2025" is learned from nowhere else.
    let actor = find(Some(Source::Forms), Some("actor"));
    assert_eq!((actor.right, actor.suggested, actor.tagged), (2, 3, 2));
    assert!((actor.precision() - 2.0 / 3.0).abs() < 1e-9);
    assert!((actor.recall() - 1.0).abs() < 1e-9);
    assert!((actor.f1() - 0.8).abs() < 1e-9);
    let dates = find(Some(Source::Dates), None);
    assert_eq!((dates.right, dates.suggested, dates.tagged), (1, 1, 1));
    let both = find(None, None);
    assert_eq!((both.right, both.suggested, both.tagged), (3, 4, 3));
}

#[test]
fn a_rejection_follows_its_layer_and_tag_when_they_are_renamed() {
    let (mut project, _) = common::project_from_markup("[actor:Moscow] said.");
    Command::Reject(Rejected {
        layer: "AK".into(),
        form: "Moscow".into(),
        tag: "actor".into(),
    })
    .apply(&mut project, T0)
    .expect("reject");
    Command::RenameLayer {
        from: "AK".into(),
        to: "Anna".into(),
    }
    .apply(&mut project, T0)
    .expect("rename layer");
    let mut actor = project.tags().get("actor").expect("actor").clone();
    actor.name = "person".into();
    Command::UpdateTag {
        name: "actor".into(),
        tag: actor,
    }
    .apply(&mut project, T0)
    .expect("rename tag");
    assert!(project.is_rejected("Anna", "Moscow", "person"));
    assert_eq!(project.rejected().len(), 1);
}

#[test]
fn a_form_tagged_as_a_date_inside_a_longer_date_is_not_offered_beside_it() {
    // "July 3" was tagged as a date; "July 3, 2025" is a date too: one suggestion, the
    // longer, else accepting both would tag "July 3" twice.
    let (project, doc) =
        common::project_from_markup("On [date:July 3] they met; on July 3, 2025 they met again.");
    let index = FormIndex::build(&project, "AK");
    let found = suggest(&project, &index, &doc, Sources::default());
    assert_eq!(
        quoted(&found),
        [("July 3, 2025".to_owned(), "date".to_owned())],
        "{found:?}"
    );
    // Saved without rejections, the file stays format 2 for older readers.
    let text = annotary::formats::project_file::to_string(&project);
    assert!(text.contains("format_version: 2,"), "{text}");
}

#[test]
fn removing_a_layer_or_a_tag_takes_its_rejections_and_undo_brings_them_back() {
    let (mut project, _) = common::project_from_markup("Moscow said.");
    common::add_layer(&mut project, "BM");
    let mut place = project.tags().get("actor").expect("actor").clone();
    place.name = "place".into();
    place.hotkey = None;
    Command::AddTag {
        index: 3,
        tag: place,
    }
    .apply(&mut project, T0)
    .expect("add tag");
    let rejection = |layer: &str, tag: &str| Rejected {
        layer: layer.into(),
        form: "Moscow".into(),
        tag: tag.into(),
    };
    for (layer, tag) in [("AK", "place"), ("BM", "actor"), ("BM", "date")] {
        Command::Reject(rejection(layer, tag))
            .apply(&mut project, T0)
            .expect("reject");
    }
    let before = annotary::formats::project_file::to_string(&project);
    let mut history = History::default();
    history
        .apply(&mut project, Command::RemoveLayer("BM".into()), T0)
        .expect("remove layer");
    assert_eq!(
        project.rejected().iter().cloned().collect::<Vec<_>>(),
        [rejection("AK", "place")]
    );
    history
        .apply(&mut project, Command::RemoveTag("place".into()), T0)
        .expect("remove tag");
    assert!(project.rejected().is_empty());
    assert!(history.undo(&mut project, T0).is_some());
    assert!(history.undo(&mut project, T0).is_some());
    assert_eq!(annotary::formats::project_file::to_string(&project), before);
}
