//! The tagger trained on a layer: it suggests spans like the coder's where the forms
//! know nothing (a name never tagged), with the probability it gives them, learns only
//! from lines the coder has coded, and leaves out what the coder rejected or the other
//! sources already offer.

mod common;

use annotary::edit::Command;
use annotary::model::suggest::{
    FormIndex, Learnt, Rejected, Source, Sources, Suggestion, TrainingSet, suggest,
};
use annotary::model::{DocumentId, Project};
use common::T0;

/// Five coded lines: an actor after a title, before "said".
const CODED: &str = "President [actor:Karzai] said the talks would go on.
President [actor:Ghani] said the army would hold.
Minister [actor:Lavrov] said the visit was useful.
President [actor:Putin] said the ties were strong.
Spokesman [actor:Mujahid] said the decision was welcome.";

fn tagger_suggestions(project: &Project, doc: &DocumentId) -> Vec<Suggestion> {
    let index = FormIndex::build(project, "AK");
    let tagger = TrainingSet::gather(project, "AK", None).train();
    let learnt = Learnt {
        forms: &index,
        tagger: Some(&tagger),
    };
    suggest(project, learnt, doc, Sources::default())
}

#[test]
fn the_tagger_suggests_a_name_nobody_tagged_from_its_neighbours() {
    let (mut project, _) = common::project_from_markup(CODED);
    // Non-ASCII and an emoji before it: offsets are code points.
    let new = common::add_markup_document(
        &mut project,
        "new",
        "🇦🇫 “Talks.” President Tokayev said the border was calm.",
    );
    let found = tagger_suggestions(&project, &new);
    let text = project.document(&new).expect("document").text();
    let tokayev = common::find_in(text, "Tokayev", 0);
    let s = found
        .iter()
        .find(|s| (s.start, s.end) == tokayev)
        .unwrap_or_else(|| panic!("Tokayev suggested: {found:?}"));
    assert_eq!(
        (&*s.tag, s.source, &*s.form),
        ("actor", Source::Tagger, "Tokayev")
    );
    assert!(
        s.score >= 0.5 && s.score <= 1.0,
        "a probability: {}",
        s.score
    );
    // The forms could not have offered it: nobody tagged "Tokayev".
    let index = FormIndex::build(&project, "AK");
    assert!(suggest(&project, &index, &new, Sources::default()).is_empty());
}

#[test]
fn lines_after_the_last_annotation_are_not_learnt_as_untagged() {
    // Coded from the top; the rest (more lines than the coded ones) not read yet.
    let unread = [
        "Tokayev",
        "Mirziyoyev",
        "Rahmon",
        "Berdimuhamedow",
        "Japarov",
        "Aliyev",
        "Pashinyan",
        "Erdogan",
    ]
    .map(|name| format!("President {name} said the talks would go on."))
    .join("\n");
    let (project, doc) = common::project_from_markup(&format!("{CODED}\n{unread}"));
    let found = tagger_suggestions(&project, &doc);
    let names: Vec<&str> = found
        .iter()
        .filter(|s| s.source == Source::Tagger)
        .map(|s| &*s.form)
        .collect();
    assert!(
        names.contains(&"Tokayev") && names.contains(&"Erdogan"),
        "the unread lines' names are suggested: {names:?}"
    );
}

#[test]
fn the_same_coding_trains_the_same_tagger() {
    let (mut project, _) = common::project_from_markup(CODED);
    let new = common::add_markup_document(
        &mut project,
        "new",
        "President Tokayev said the border was calm.\nMinister Wang said more.",
    );
    let first = tagger_suggestions(&project, &new);
    assert!(!first.is_empty());
    assert_eq!(tagger_suggestions(&project, &new), first, "scores and all");
}

#[test]
fn what_the_coder_rejected_or_the_forms_offer_is_not_offered_by_the_tagger() {
    let (mut project, _) = common::project_from_markup(CODED);
    let new = common::add_markup_document(
        &mut project,
        "new",
        "President Tokayev said the border was calm.\nPresident Karzai said more.",
    );
    let found = tagger_suggestions(&project, &new);
    let karzai: Vec<&Suggestion> = found.iter().filter(|s| &*s.form == "Karzai").collect();
    assert_eq!(karzai.len(), 1, "one suggestion for Karzai: {karzai:?}");
    assert_eq!(karzai[0].source, Source::Forms);
    Command::Reject(Rejected {
        layer: "AK".into(),
        form: "Tokayev".into(),
        tag: "actor".into(),
    })
    .apply(&mut project, T0)
    .expect("reject");
    let found = tagger_suggestions(&project, &new);
    assert!(found.iter().all(|s| &*s.form != "Tokayev"), "{found:?}");
    assert!(found.iter().any(|s| &*s.form == "Karzai"));
}

#[test]
fn the_evaluation_reports_the_tagger_per_tag() {
    let (mut project, _) = common::project_from_markup(CODED);
    common::add_markup_document(
        &mut project,
        "second",
        "President [actor:Tokayev] said the border was calm.\nMinister [actor:Wang] said more.",
    );
    let scores = annotary::model::suggest::evaluate(&project, "AK");
    let actor = scores
        .iter()
        .find(|s| s.source == Some(Source::Tagger) && s.tag.as_deref() == Some("actor"))
        .expect("a tagger row");
    // The second document: learnt from the first alone, its two names are found.
    assert_eq!(actor.tagged, 7);
    assert!(actor.right >= 2, "{actor:?}");
}

/// Ticks the workspace until `done` holds (failing, not hanging, if it never does).
fn wait_for(
    ws: &mut annotary::workspace::Workspace,
    done: impl Fn(&annotary::workspace::Workspace) -> bool,
) {
    for _ in 0..500 {
        if done(ws) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        let _ = ws.tick();
    }
    assert!(done(ws), "waited ten seconds");
}

#[test]
fn the_workspace_trains_the_tagger_in_the_background_once_the_layer_has_enough() {
    use annotary::model::suggest::RETRAIN_EVERY;
    use annotary::workspace::{EditIntent, SuggestIntent, ViewIntent, Workspace};
    // One annotation short of the first training.
    let more = "\nPresident [actor:Ruto] said so.\nMinister [actor:Jaishankar] said so.\n\
        President [actor:Macron] said so.\nMinister [actor:Baerbock] said so.";
    let (mut project, _) = common::project_from_markup(&format!("{CODED}{more}"));
    assert_eq!(project.annotations().len(), RETRAIN_EVERY - 1);
    let new = common::add_markup_document(
        &mut project,
        "new",
        "Minister Wang said more.\nPresident Tokayev said the border was calm.",
    );
    let mut ws = Workspace::new(project, None);
    let _ = ws.apply(ViewIntent::OpenDocument(new.clone()));
    let by_tagger = |ws: &Workspace| ws.suggestions().iter().any(|s| s.source == Source::Tagger);
    std::thread::sleep(std::time::Duration::from_millis(100));
    let _ = ws.tick();
    assert_eq!(ws.tagger_state(), (None, false), "not trained on nine");
    assert!(!by_tagger(&ws));
    // The tenth: training starts, off the window's thread.
    let text = ws
        .project()
        .document(&new)
        .expect("document")
        .text()
        .clone();
    let (start, end) = common::find_in(&text, "Wang", 0);
    let _ = ws.apply(ViewIntent::SelectText {
        anchor: start,
        head: end,
    });
    let _ = ws.apply(EditIntent::Tag("actor".into()));
    assert_eq!(ws.project().annotations().len(), RETRAIN_EVERY);
    wait_for(&mut ws, |ws| ws.tagger_state().0 == Some(RETRAIN_EVERY));
    wait_for(&mut ws, by_tagger);
    let at = ws
        .suggestions()
        .iter()
        .position(|s| &*s.form == "Tokayev" && s.source == Source::Tagger)
        .expect("Tokayev suggested by the tagger");
    let _ = ws.apply(SuggestIntent::Jump(at));
    let _ = ws.apply(SuggestIntent::Accept);
    let tokayev = common::find_in(&text, "Tokayev", 0);
    let accepted = |ws: &Workspace| {
        ws.project()
            .annotations_in(&new)
            .iter()
            .any(|a| (a.start, a.end, a.tag.as_str()) == (tokayev.0, tokayev.1, "actor"))
    };
    assert!(accepted(&ws), "an ordinary annotation in the layer");
    let _ = ws.apply(EditIntent::Undo);
    assert!(!accepted(&ws));
    assert!(
        ws.suggestions().iter().any(|s| &*s.form == "Tokayev"),
        "offered again after undo"
    );
    // Hidden in View, the tagger offers nothing.
    let _ = ws.apply(SuggestIntent::Show {
        source: Source::Tagger,
        shown: false,
    });
    assert!(!by_tagger(&ws));
}

#[test]
fn opening_another_project_forgets_the_last_ones_tagger() {
    use annotary::workspace::{FileIntent, ViewIntent, Workspace};
    let lines = (0..10)
        .map(|n| format!("President [actor:Name{n}] said so."))
        .collect::<Vec<_>>()
        .join("\n");
    let (project, doc) = common::project_from_markup(&lines);
    let mut ws = Workspace::new(project, None);
    let _ = ws.apply(ViewIntent::OpenDocument(doc));
    wait_for(&mut ws, |ws| ws.tagger_state().0 == Some(10));
    // Another project with a layer of the same name, too little coded to train on.
    let (other, _) = common::project_from_markup("President [actor:Ruto] said so.");
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("other.ron");
    annotary::formats::project_file::save(&other, &path).expect("saved");
    let opened = ws.opened();
    let _ = ws.apply(FileIntent::Open(Some(path)));
    wait_for(&mut ws, |ws| ws.opened() > opened);
    assert_eq!(ws.view().layer, "AK");
    assert_eq!(ws.tagger_state(), (None, false));
    assert!(ws.suggestions().iter().all(|s| s.source != Source::Tagger));
}

#[test]
fn past_ten_documents_the_evaluation_trains_the_tagger_per_fold_and_counts_each_once() {
    let (mut project, _) = common::project_from_markup(CODED);
    for n in 0..11 {
        common::add_markup_document(
            &mut project,
            &format!("d{n}"),
            "President [actor:Tokayev] said the border was calm.",
        );
    }
    let scores = annotary::model::suggest::evaluate(&project, "AK");
    let actor = scores
        .iter()
        .find(|s| s.source == Some(Source::Tagger) && s.tag.as_deref() == Some("actor"))
        .expect("a tagger row");
    assert_eq!(actor.tagged, 5 + 11, "every document measured once");
    assert!(actor.right >= 11, "{actor:?}");
}

#[test]
fn an_article_on_one_line_trains_a_tagger_that_still_suggests() {
    // Thousands of tokens without a line break (a pasted article): learnt as sentences.
    let line = (0..1200)
        .map(|n| format!("President [actor:Name{n}] said the talks would go on."))
        .collect::<Vec<_>>()
        .join(" ");
    let (mut project, _) = common::project_from_markup(&line);
    let new = common::add_markup_document(
        &mut project,
        "new",
        "President Tokayev said the border was calm.",
    );
    let found = tagger_suggestions(&project, &new);
    assert!(
        found
            .iter()
            .any(|s| &*s.form == "Tokayev" && s.source == Source::Tagger),
        "{found:?}"
    );
}

/// Ten actors in layer AK and ten in BM, and an uncoded document with a new name.
fn two_coded_layers() -> (Project, DocumentId) {
    let lines = |prefix: &str| {
        (0..10)
            .map(|n| format!("President [actor:{prefix}{n}] said so."))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (mut project, first) = common::project_from_markup(&lines("Ak"));
    common::add_layer(&mut project, "BM");
    let (_, spans) = annotary::model::markup::parse(&lines("Ak")).expect("markup");
    common::annotate(&mut project, &first, "BM", spans);
    let new = common::add_markup_document(
        &mut project,
        "new",
        "President Tokayev said the border was calm.",
    );
    (project, new)
}

#[test]
fn switching_layers_keeps_each_layers_tagger() {
    use annotary::workspace::{ViewIntent, Workspace};
    let (project, new) = two_coded_layers();
    let mut ws = Workspace::new(project, None);
    let _ = ws.apply(ViewIntent::OpenDocument(new));
    wait_for(&mut ws, |ws| ws.tagger_state() == (Some(10), false));
    let _ = ws.apply(ViewIntent::SetLayer("BM".into()));
    assert_eq!(ws.tagger_state().0, None, "BM's own, not AK's");
    wait_for(&mut ws, |ws| ws.tagger_state() == (Some(10), false));
    let _ = ws.apply(ViewIntent::SetLayer("AK".into()));
    assert_eq!(
        ws.tagger_state(),
        (Some(10), false),
        "AK's kept: no training again"
    );
    assert!(ws.suggestions().iter().any(|s| s.source == Source::Tagger));
}

#[test]
fn a_renamed_tag_is_never_suggested_under_its_old_name_and_the_tagger_learns_the_new() {
    use annotary::workspace::{ViewIntent, Workspace};
    let (project, new) = two_coded_layers();
    let mut ws = Workspace::new(project, None);
    let _ = ws.apply(ViewIntent::OpenDocument(new));
    wait_for(&mut ws, |ws| {
        ws.suggestions()
            .iter()
            .any(|s| s.source == Source::Tagger && &*s.tag == "actor")
    });
    let mut rows = annotary::edit::TagEdit::rows_of(ws.project().tags());
    let actor = rows
        .iter_mut()
        .find(|r| r.tag.name == "actor")
        .expect("actor");
    actor.tag.name = "person".into();
    let _ = ws.apply(annotary::workspace::EditIntent::EditTags(rows));
    assert!(ws.project().tags().get("person").is_some(), "renamed");
    assert!(
        ws.suggestions().iter().all(|s| &*s.tag != "actor"),
        "no suggestion names a tag that is gone"
    );
    wait_for(&mut ws, |ws| {
        ws.suggestions()
            .iter()
            .any(|s| s.source == Source::Tagger && &*s.tag == "person")
    });
}

#[test]
fn hidden_the_tagger_says_nothing_of_training() {
    use annotary::workspace::{SuggestIntent, ViewIntent, Workspace};
    let (project, new) = two_coded_layers();
    let mut ws = Workspace::new(project, None);
    let _ = ws.apply(ViewIntent::OpenDocument(new));
    let _ = ws.apply(SuggestIntent::Show {
        source: Source::Tagger,
        shown: false,
    });
    assert!(!ws.tagger_state().1);
}
