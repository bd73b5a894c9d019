//! The three-way merge of two coders' projects: what did not conflict is kept, what did
//! is listed with both versions, and settling a conflict is one undo step.

mod common;

use std::collections::BTreeMap;

use annotary::edit::{Command, History, merge};
use annotary::model::{Annotation, AnnotationId, Project, Record, RecordKey};
use common::T0;
use proptest::prelude::*;

/// A base both coders start from: two documents with some claims, actors and dates.
fn base() -> Project {
    let (mut project, _) = common::project_from_markup(
        "[claim:Moscow said] the [actor:Kremlin] met on [date:3 July] in “Kabul” 🇦🇫.",
    );
    let second = annotary::model::DocumentId("second".into());
    let (text, spans) = annotary::model::markup::parse(
        "北京 [actor:reacted]: [claim:俄罗斯承认塔利班] on [date:Monday], café\u{301}.",
    )
    .expect("markup");
    Command::AddDocument {
        index: 1,
        document: annotary::model::Document::new(
            second.clone(),
            "Second".into(),
            "b.txt".into(),
            text,
        ),
    }
    .apply(&mut project, T0)
    .expect("add");
    common::annotate(&mut project, &second, "AK", spans);
    project
}

/// One coder's edit, picked by numbers so that proptest can shrink it.
#[derive(Clone, Debug)]
enum Edit {
    Annotate {
        document: usize,
        start: usize,
        len: usize,
        tag: usize,
    },
    Retag {
        nth: usize,
        tag: usize,
    },
    Note {
        nth: usize,
        note: String,
    },
    Delete {
        nth: usize,
    },
    Link {
        from: usize,
        to: usize,
    },
    /// A tag's colour changed in the tag editor.
    Recolour {
        tag: usize,
        shade: u8,
    },
    /// A document's genre label set (or cleared, `None`).
    Genre {
        document: usize,
        genre: Option<usize>,
    },
    /// A claim's stance.
    Stance {
        nth: usize,
        stance: usize,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..2usize, 0..60usize, 1..8usize, 0..3usize).prop_map(|(document, start, len, tag)| {
            Edit::Annotate {
                document,
                start,
                len,
                tag,
            }
        }),
        (0..20usize, 0..3usize).prop_map(|(nth, tag)| Edit::Retag { nth, tag }),
        (0..20usize, "[a-zé 😀]{0,6}").prop_map(|(nth, note)| Edit::Note { nth, note }),
        (0..20usize).prop_map(|nth| Edit::Delete { nth }),
        (0..20usize, 0..20usize).prop_map(|(from, to)| Edit::Link { from, to }),
        (0..3usize, 0..4u8).prop_map(|(tag, shade)| Edit::Recolour { tag, shade }),
        (0..2usize, prop::option::of(0..3usize))
            .prop_map(|(document, genre)| Edit::Genre { document, genre }),
        (0..20usize, 0..3usize).prop_map(|(nth, stance)| Edit::Stance { nth, stance }),
    ]
}

const TAGS: [&str; 3] = ["claim", "actor", "date"];

/// Applies `edit` if it makes sense for the project (a span inside the text, say).
fn apply(project: &mut Project, edit: &Edit) {
    let nth = |project: &Project, n: usize| {
        let all = project.annotations();
        (!all.is_empty()).then(|| all[n % all.len()].id)
    };
    let command = match edit.clone() {
        Edit::Annotate {
            document,
            start,
            len,
            tag,
        } => {
            let document = project.documents()[document].clone();
            let chars = document.text().char_len();
            let start = start % chars;
            Command::Annotate {
                document: document.id.clone(),
                layer: "AK".into(),
                start,
                end: (start + len).min(chars),
                tag: TAGS[tag].into(),
            }
        }
        Edit::Retag { nth: n, tag } => match nth(project, n) {
            Some(id) => Command::Retag {
                id,
                tag: TAGS[tag].into(),
            },
            None => return,
        },
        Edit::Note { nth: n, note } => match nth(project, n) {
            Some(id) => Command::SetNote { id, note },
            None => return,
        },
        Edit::Delete { nth: n } => match nth(project, n) {
            Some(id) => Command::Delete(id),
            None => return,
        },
        Edit::Link { from, to } => match (nth(project, from), nth(project, to)) {
            (Some(from), Some(to)) => Command::Relate {
                kind: "claimant".into(),
                from,
                to,
                note: String::new(),
            },
            _ => return,
        },
        Edit::Recolour { tag, shade } => {
            let mut recoloured = project.tags().get(TAGS[tag]).expect("a tag").clone();
            recoloured.colour = annotary::model::Colour::rgb(shade * 60, 0, 0);
            Command::UpdateTag {
                name: TAGS[tag].into(),
                tag: recoloured,
            }
        }
        Edit::Genre { document, genre } => Command::SetDocumentLabel {
            document: project.documents()[document].id.clone(),
            layer: "AK".into(),
            name: "genre".into(),
            value: genre.map(|g| {
                annotary::model::AttributeValue::Text(["news", "opinion", "analysis"][g].into())
            }),
        },
        Edit::Stance { nth: n, stance } => match nth(project, n) {
            Some(id) => Command::SetAttribute {
                id,
                name: "stance".into(),
                value: Some(annotary::model::AttributeValue::Text(
                    ["support", "oppose", "neutral"][stance].into(),
                )),
            },
            None => return,
        },
    };
    // Edits that do not fit (a link from an actor, a span splitting a flag) are refused,
    // as the window would refuse them.
    let _ = command.apply(project, T0);
}

/// An annotation as the coder sees it: everything but its id and times.
fn content(a: &Annotation) -> (String, usize, usize, String, String) {
    (
        a.document.0.clone(),
        a.start,
        a.end,
        a.tag.clone(),
        a.note.clone(),
    )
}

fn counts<'a>(
    annotations: impl Iterator<Item = &'a Annotation>,
) -> BTreeMap<(String, usize, usize, String, String), usize> {
    let mut counts = BTreeMap::new();
    for a in annotations {
        *counts.entry(content(a)).or_default() += 1;
    }
    counts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_merge_keeps_every_change_that_did_not_conflict_and_lists_each_that_did(
        mine in prop::collection::vec(edit(), 0..8),
        theirs in prop::collection::vec(edit(), 0..8),
    ) {
        let base = base();
        let (mut ours, mut other) = (base.clone(), base.clone());
        for e in &mine { apply(&mut ours, e); }
        for e in &theirs { apply(&mut other, e); }
        let merged = merge(Some(&base), &ours, &other).expect("two valid projects merge");
        let project = &merged.project;
        let conflicted = |key: &RecordKey| project.conflicts().iter().any(|c| &c.key == key);

        // Every annotation both started with: one side's change is taken, two different
        // changes are a conflict that keeps both versions.
        for was in base.annotations() {
            let key = RecordKey::Annotation(was.id);
            let here = ours.annotation(was.id);
            let there = other.annotation(was.id);
            let same = |a: Option<&Annotation>, b: Option<&Annotation>| match (a, b) {
                (Some(a), Some(b)) => Record::Annotation(a.clone()).says_the_same(&Record::Annotation(b.clone())),
                (None, None) => true,
                _ => false,
            };
            let now = project.annotation(was.id);
            if same(here, there) || same(here, Some(was)) {
                if !conflicted(&key) {
                    prop_assert!(same(now, there), "annotation {} should be theirs: {:?}", was.id, now);
                }
            } else if same(there, Some(was)) {
                if !conflicted(&key) {
                    prop_assert!(same(now, here), "annotation {} should be mine: {:?}", was.id, now);
                }
            } else {
                let conflict = project.conflicts().iter().find(|c| c.key == key);
                prop_assert!(conflict.is_some(), "annotation {} changed on both sides is not listed", was.id);
                let conflict = conflict.expect("listed");
                prop_assert_eq!(conflict.mine.clone(), here.map(|a| Record::Annotation(a.clone())));
                prop_assert_eq!(conflict.theirs.clone(), there.map(|a| Record::Annotation(a.clone())));
            }
        }

        // Every annotation either side added is there, once, whatever its id became.
        let added = |side: &Project| counts(side.annotations().iter().map(|a| &**a).filter(|a| base.annotation(a.id).is_none()));
        let mut expected = added(&ours);
        // Theirs, less what both sides added alike under one id: the same record, taken once.
        let alike = |a: &Annotation| {
            ours.annotation(a.id).is_some_and(|mine| {
                Record::Annotation(mine.clone()).says_the_same(&Record::Annotation(a.clone()))
            })
        };
        let theirs_added = other
            .annotations()
            .iter()
            .map(|a| &**a)
            .filter(|a| base.annotation(a.id).is_none() && !alike(a));
        for (content, n) in counts(theirs_added) {
            *expected.entry(content).or_default() += n;
        }
        let got = counts(project.annotations().iter().map(|a| &**a).filter(|a| base.annotation(a.id).is_none()));
        prop_assert_eq!(got, expected);

        // Every link either side added joins the same two spans it joined there, or, where
        // the other side's changes made it unfit, waits in a conflict.
        for (side, mine) in [(&ours, true), (&other, false)] {
            let mut missing = 0;
            for link in side.relations().all() {
                if base.relations().all().iter().any(|r| r.id == link.id) {
                    continue;
                }
                let ends = |p: &Project, id: AnnotationId| p.annotation(id).map(|a| (a.document.clone(), a.start, a.end));
                let want = (ends(side, link.from), ends(side, link.to));
                if !project.relations().all().iter().any(|r| (ends(project, r.from), ends(project, r.to)) == want) {
                    missing += 1;
                }
            }
            let waiting = project
                .conflicts()
                .iter()
                .filter(|c| matches!(c.version(mine), Some(Record::Relation(_))) && c.version(!mine).is_none())
                .count();
            prop_assert!(missing <= waiting, "{} links lost, {} in conflicts", missing, waiting);
        }
        // Tags and document labels (and every other record named by what it is, not by
        // an id a merge may renumber) follow the same three-way rule.
        let named = |p: &Project| -> BTreeMap<RecordKey, Record> {
            p.keyed_records()
                .into_iter()
                .filter(|(key, _)| !matches!(key, RecordKey::Annotation(_) | RecordKey::Relation(_) | RecordKey::Decision(_)))
                .collect()
        };
        let (was, here, there, now) = (named(&base), named(&ours), named(&other), named(project));
        let keys: std::collections::BTreeSet<&RecordKey> = was.keys().chain(here.keys()).chain(there.keys()).collect();
        for key in keys {
            let (w, h, t) = (was.get(key), here.get(key), there.get(key));
            let expected = if h == t || h == w { t } else if t == w { h } else {
                prop_assert!(conflicted(key), "{} changed on both sides is not listed", key);
                continue;
            };
            if !conflicted(key) {
                prop_assert_eq!(now.get(key), expected, "{}", key);
            }
        }
        prop_assert!(project.every_problem().is_empty(), "{:?}", project.every_problem());
    }
}

#[test]
fn ids_both_sides_gave_are_renumbered_on_theirs_with_the_links_that_use_them() {
    let base = base();
    let (mut ours, mut other) = (base.clone(), base.clone());
    let doc = base.documents()[0].id.clone();
    let annotate = |p: &mut Project, start, end, tag: &str| {
        Command::Annotate {
            document: doc.clone(),
            layer: "AK".into(),
            start,
            end,
            tag: tag.into(),
        }
        .apply(p, T0)
        .expect("annotate");
        p.annotations().iter().map(|a| a.id).max().expect("one")
    };
    let mine = annotate(&mut ours, 0, 6, "claim");
    let claim = annotate(&mut other, 10, 17, "claim");
    let actor = annotate(&mut other, 20, 24, "actor");
    assert_eq!(mine, claim, "both sides gave the next id");
    Command::Relate {
        kind: "claimant".into(),
        from: claim,
        to: actor,
        note: String::new(),
    }
    .apply(&mut other, T0)
    .expect("link");
    let merged = merge(Some(&base), &ours, &other).expect("merges");
    let project = &merged.project;
    assert!(project.conflicts().is_empty());
    assert_eq!(
        merged.renumbered, 1,
        "only their claim's id was also used here"
    );
    assert_eq!(project.annotations().len(), base.annotations().len() + 3);
    let link = project
        .relations()
        .all()
        .iter()
        .find(|r| r.kind == "claimant")
        .expect("their link");
    assert_eq!(
        project.annotation(link.from).map(|a| (a.start, a.end)),
        Some((10, 17))
    );
    assert_eq!(
        project.annotation(link.to).map(|a| (a.start, a.end)),
        Some((20, 24))
    );
    assert_eq!(
        project.annotation(mine).map(|a| (a.start, a.end)),
        Some((0, 6)),
        "mine keeps its id"
    );
}

#[test]
fn a_record_deleted_on_one_side_and_unchanged_on_the_other_is_deleted() {
    let base = base();
    let mut ours = base.clone();
    let gone = base.annotations()[0].id;
    Command::Delete(gone).apply(&mut ours, T0).expect("delete");
    let merged = merge(Some(&base), &ours, &base).expect("merges");
    assert!(merged.project.annotation(gone).is_none());
    let merged = merge(Some(&base), &base, &ours).expect("merges");
    assert!(merged.project.annotation(gone).is_none());
    assert!(merged.project.conflicts().is_empty());
}

/// Both sides retag annotation `id`: mine as actor, theirs as date.
fn retagged_both_ways() -> (Project, AnnotationId) {
    let base = base();
    let id = base
        .annotations()
        .iter()
        .find(|a| a.tag == "claim")
        .expect("a claim")
        .id;
    let (mut ours, mut other) = (base.clone(), base.clone());
    Command::Retag {
        id,
        tag: "actor".into(),
    }
    .apply(&mut ours, T0)
    .expect("retag");
    Command::Retag {
        id,
        tag: "date".into(),
    }
    .apply(&mut other, T0)
    .expect("retag");
    let merged = merge(Some(&base), &ours, &other).expect("merges");
    assert_eq!(merged.new_conflicts, 1);
    (merged.project, id)
}

#[test]
fn a_conflict_keeps_both_versions_and_the_project_holds_mine_meanwhile() {
    let (project, id) = retagged_both_ways();
    let [conflict] = project.conflicts() else {
        panic!("one conflict: {:?}", project.conflicts())
    };
    assert_eq!(conflict.key, RecordKey::Annotation(id));
    let tag = |r: &Option<Record>| match r {
        Some(Record::Annotation(a)) => a.tag.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        (tag(&conflict.mine), tag(&conflict.theirs)),
        ("actor".into(), "date".into())
    );
    assert_eq!(
        project.annotation(id).map(|a| a.tag.as_str()),
        Some("actor")
    );
    assert_eq!(project.conflict_problems().len(), 1);
}

#[test]
fn keeping_their_version_is_one_undo_step_that_reopens_the_conflict() {
    let (mut project, id) = retagged_both_ways();
    let mut history = History::default();
    history
        .apply(
            &mut project,
            Command::KeepVersion { at: 0, mine: false },
            T0,
        )
        .expect("keep theirs");
    assert_eq!(project.annotation(id).map(|a| a.tag.as_str()), Some("date"));
    assert!(project.conflicts().is_empty());
    history.undo(&mut project, T0).expect("undo");
    assert_eq!(
        project.annotation(id).map(|a| a.tag.as_str()),
        Some("actor")
    );
    assert_eq!(project.conflicts().len(), 1);
    history.redo(&mut project, T0).expect("redo");
    assert_eq!(project.annotation(id).map(|a| a.tag.as_str()), Some("date"));
    assert!(project.conflicts().is_empty());
}

#[test]
fn a_conflicted_project_survives_its_file() {
    let (project, _) = retagged_both_ways();
    let text = annotary::formats::project_file::to_string(&project);
    assert!(text.contains("    conflicts: [\n"), "{text}");
    let back = annotary::formats::project_file::from_str(&text, std::path::Path::new("p.ron"))
        .expect("reads back");
    assert_eq!(back.conflicts(), project.conflicts());
    assert_eq!(annotary::formats::project_file::to_string(&back), text);
}

#[test]
fn their_new_annotation_with_a_tag_i_removed_brings_the_tag_back_as_a_conflict() {
    let mut base = base();
    let place = annotary::model::Tag {
        name: "place".into(),
        colour: "#3366aa".parse().expect("colour"),
        hotkey: None,
        description: String::new(),
    };
    Command::AddTag {
        index: 3,
        tag: place,
    }
    .apply(&mut base, T0)
    .expect("add tag");
    let (mut ours, mut other) = (base.clone(), base.clone());
    Command::RemoveTag("place".into())
        .apply(&mut ours, T0)
        .expect("remove tag");
    let doc = base.documents()[0].id.clone();
    Command::Annotate {
        document: doc,
        layer: "AK".into(),
        start: 0,
        end: 6,
        tag: "place".into(),
    }
    .apply(&mut other, T0)
    .expect("annotate");
    let merged = merge(Some(&base), &ours, &other).expect("merges");
    let project = &merged.project;
    assert!(project.tags().contains("place"));
    assert!(
        project
            .conflicts()
            .iter()
            .any(|c| c.key == RecordKey::Tag("place".into()) && c.mine.is_none())
    );
    assert!(
        project
            .annotations()
            .iter()
            .any(|a| a.tag == "place" && a.start == 0)
    );
}

#[test]
fn their_new_link_from_a_span_i_retagged_is_left_out_and_listed() {
    let base = base();
    let claim = base
        .annotations()
        .iter()
        .find(|a| a.tag == "claim" && a.document.0 == "doc")
        .expect("claim")
        .id;
    let actor = base
        .annotations()
        .iter()
        .find(|a| a.tag == "actor" && a.document.0 == "doc")
        .expect("actor")
        .id;
    let (mut ours, mut other) = (base.clone(), base.clone());
    Command::Retag {
        id: claim,
        tag: "date".into(),
    }
    .apply(&mut ours, T0)
    .expect("retag");
    Command::Relate {
        kind: "claimant".into(),
        from: claim,
        to: actor,
        note: String::new(),
    }
    .apply(&mut other, T0)
    .expect("link");
    let merged = merge(Some(&base), &ours, &other).expect("merges");
    let project = &merged.project;
    assert!(
        project.relations().is_empty(),
        "a claimant link from a date does not fit"
    );
    let [conflict] = project.conflicts() else {
        panic!("{:?}", project.conflicts())
    };
    assert!(conflict.mine.is_none() && matches!(conflict.theirs, Some(Record::Relation(_))));
    assert!(project.every_problem().is_empty());
    let mut project = merged.project;
    let refused = Command::KeepVersion { at: 0, mine: false }.apply(&mut project, T0);
    assert!(
        matches!(&refused, Err(annotary::edit::EditError::CannotKeep(why)) if why.contains("date")),
        "{refused:?}"
    );
}

#[test]
fn the_same_link_between_different_spans_on_both_sides_is_kept_twice_without_conflict() {
    let base = base();
    let (mut ours, mut other) = (base.clone(), base.clone());
    let doc = base.documents()[0].id.clone();
    // Each side: a claim, an actor and a claimant link, with the same ids, on other spans.
    for (project, (claim, actor)) in [
        (&mut ours, ((0, 6), (20, 24))),
        (&mut other, ((10, 17), (26, 29))),
    ] {
        let mut annotate = |(start, end): (usize, usize), tag: &str| {
            Command::Annotate {
                document: doc.clone(),
                layer: "AK".into(),
                start,
                end,
                tag: tag.into(),
            }
            .apply(project, T0)
            .expect("annotate");
            project
                .annotations()
                .iter()
                .map(|a| a.id)
                .max()
                .expect("one")
        };
        let from = annotate(claim, "claim");
        let to = annotate(actor, "actor");
        Command::Relate {
            kind: "claimant".into(),
            from,
            to,
            note: String::new(),
        }
        .apply(project, T0)
        .expect("link");
    }
    let merged = merge(Some(&base), &ours, &other).expect("merges");
    let project = &merged.project;
    assert!(project.conflicts().is_empty(), "{:?}", project.conflicts());
    let mut links: Vec<((usize, usize), (usize, usize))> = project
        .relations()
        .all()
        .iter()
        .filter(|r| r.kind == "claimant")
        .map(|r| {
            let span = |id| {
                project
                    .annotation(id)
                    .map(|a| (a.start, a.end))
                    .expect("an end")
            };
            (span(r.from), span(r.to))
        })
        .collect();
    links.sort();
    assert_eq!(links, [((0, 6), (20, 24)), ((10, 17), (26, 29))]);
}

/// What a coder sees of annotation `id`: its tag and note.
fn tag_and_note(project: &Project, id: AnnotationId) -> Option<(String, String)> {
    project
        .annotation(id)
        .map(|a| (a.tag.clone(), a.note.clone()))
}

/// The versions each conflict on annotation `id` holds, as tag and note.
fn conflict_versions(project: &Project, id: AnnotationId) -> Vec<[Option<String>; 2]> {
    let words = |r: &Option<Record>| match r {
        Some(Record::Annotation(a)) => Some(format!("{} {}", a.tag, a.note).trim().to_owned()),
        _ => None,
    };
    project
        .conflicts()
        .iter()
        .filter(|c| c.key == RecordKey::Annotation(id))
        .map(|c| [words(&c.mine), words(&c.theirs)])
        .collect()
}

fn apply_all(mut project: Project, commands: Vec<Command>) -> Project {
    for command in commands {
        command.apply(&mut project, T0).expect("applies");
    }
    project
}

#[test]
fn a_conflict_settled_on_one_side_stays_settled_when_the_other_side_merges() {
    // Alice committed the merge with its conflict; Bob pulled it, kept his date and
    // pushed; meanwhile Alice noted something elsewhere.
    let (committed, id) = retagged_both_ways();
    let elsewhere = committed
        .annotations()
        .iter()
        .find(|a| a.id != id)
        .expect("another")
        .id;
    let alice = apply_all(
        committed.clone(),
        vec![Command::SetNote {
            id: elsewhere,
            note: "later".into(),
        }],
    );
    let bob = apply_all(
        committed.clone(),
        vec![Command::KeepVersion { at: 0, mine: false }],
    );
    for (ours, theirs) in [(&alice, &bob), (&bob, &alice)] {
        let merged = merge(Some(&committed), ours, theirs).expect("merges");
        let project = &merged.project;
        assert!(project.conflicts().is_empty(), "{:?}", project.conflicts());
        assert_eq!(
            tag_and_note(project, id),
            Some(("date".into(), String::new()))
        );
        assert_eq!(
            project.annotation(elsewhere).map(|a| a.note.as_str()),
            Some("later")
        );
    }
}

#[test]
fn a_conflict_settled_differently_on_both_sides_conflicts_again() {
    // Alice kept her actor (the version the project already held), Bob kept his date.
    let (committed, id) = retagged_both_ways();
    let alice = apply_all(
        committed.clone(),
        vec![Command::KeepVersion { at: 0, mine: true }],
    );
    let bob = apply_all(
        committed.clone(),
        vec![Command::KeepVersion { at: 0, mine: false }],
    );
    let merged = merge(Some(&committed), &alice, &bob).expect("merges");
    assert_eq!(merged.new_conflicts, 1);
    assert_eq!(
        conflict_versions(&merged.project, id),
        [[Some("actor".into()), Some("date".into())]]
    );
    // Both kept the same: nothing to settle.
    let merged = merge(Some(&committed), &bob, &bob.clone()).expect("merges");
    assert!(merged.project.conflicts().is_empty());
}

#[test]
fn their_newer_version_of_a_conflicted_record_replaces_the_one_it_superseded() {
    // Alice's merge left {actor, date}; Bob, not having pulled, noted his date span.
    let base = base();
    let id = base
        .annotations()
        .iter()
        .find(|a| a.tag == "claim")
        .expect("a claim")
        .id;
    let retag = |tag: &str| Command::Retag {
        id,
        tag: tag.into(),
    };
    let alice = apply_all(base.clone(), vec![retag("actor")]);
    let bob = apply_all(base.clone(), vec![retag("date")]);
    let alice = merge(Some(&base), &alice, &bob).expect("merges").project;
    let bob_later = apply_all(
        bob.clone(),
        vec![Command::SetNote {
            id,
            note: "checked".into(),
        }],
    );
    let merged = merge(Some(&bob), &alice, &bob_later).expect("merges");
    assert_eq!(
        conflict_versions(&merged.project, id),
        [[Some("actor".into()), Some("date checked".into())]],
        "Bob's newer version is the one to choose; his older one is gone"
    );
}

#[test]
fn a_third_coders_version_in_a_carried_conflict_is_kept_beside_the_new_one() {
    // Alice merged Carol's date into her actor and kept the conflict; Bob, from the
    // base, noted the claim. Carol's date must not vanish.
    let base = base();
    let id = base
        .annotations()
        .iter()
        .find(|a| a.tag == "claim")
        .expect("a claim")
        .id;
    let retag = |tag: &str| Command::Retag {
        id,
        tag: tag.into(),
    };
    let alice = apply_all(base.clone(), vec![retag("actor")]);
    let carol = apply_all(base.clone(), vec![retag("date")]);
    let alice = merge(Some(&base), &alice, &carol).expect("merges").project;
    let bob = apply_all(
        base.clone(),
        vec![Command::SetNote {
            id,
            note: "Bob".into(),
        }],
    );
    let mut merged = merge(Some(&base), &alice, &bob).expect("merges").project;
    let mut versions = conflict_versions(&merged, id);
    versions.sort();
    assert_eq!(
        versions,
        [
            [Some("actor".into()), Some("claim Bob".into())],
            [Some("actor".into()), Some("date".into())],
        ]
    );
    // Each is settled in its turn (oldest first); the last choice is what the project
    // holds, and undo takes back one at a time.
    let mut history = History::default();
    for _ in 0..2 {
        history
            .apply(&mut merged, Command::KeepVersion { at: 0, mine: false }, T0)
            .expect("keeps theirs");
    }
    assert!(merged.conflicts().is_empty());
    assert_eq!(
        tag_and_note(&merged, id),
        Some(("claim".into(), "Bob".into()))
    );
    history.undo(&mut merged, T0).expect("undo");
    assert_eq!(merged.conflicts().len(), 1);
    assert_eq!(
        tag_and_note(&merged, id),
        Some(("date".into(), String::new()))
    );
}

#[test]
fn their_new_tag_with_a_hotkey_mine_has_is_a_conflict_not_a_failed_merge() {
    let base = base();
    let doc = base.documents()[0].id.clone();
    let tag = |name: &str| annotary::model::Tag {
        name: name.into(),
        colour: annotary::model::Colour::rgb(10, 20, 30),
        hotkey: Some('p'),
        description: String::new(),
    };
    let add = |name: &str| Command::AddTag {
        index: 3,
        tag: tag(name),
    };
    let ours = apply_all(base.clone(), vec![add("person")]);
    let theirs = apply_all(
        base.clone(),
        vec![
            add("place"),
            Command::Annotate {
                document: doc,
                layer: "AK".into(),
                start: 0,
                end: 6,
                tag: "place".into(),
            },
        ],
    );
    let merged = merge(Some(&base), &ours, &theirs).expect("merges");
    let project = &merged.project;
    let [conflict] = project.conflicts() else {
        panic!("one conflict: {:?}", project.conflicts())
    };
    assert_eq!(conflict.key, RecordKey::Tag("place".into()));
    assert_eq!(conflict.theirs, Some(Record::Tag(tag("place"))));
    let hotkey = |name: &str| project.tags().get(name).map(|t| t.hotkey);
    assert_eq!(hotkey("person"), Some(Some('p')));
    assert_eq!(hotkey("place"), Some(None), "held without the clashing key");
    assert!(project.annotations().iter().any(|a| a.tag == "place"));
    // Keeping theirs as it is would clash, and is refused with the reason.
    let mut project = merged.project;
    let refused = Command::KeepVersion { at: 0, mine: false }
        .apply(&mut project, T0)
        .expect_err("clashes");
    assert!(refused.to_string().contains("hotkey"), "{refused}");
}

#[test]
fn their_narrowed_attribute_that_my_values_no_longer_fit_is_a_conflict() {
    let base = base();
    let claim = base
        .annotations()
        .iter()
        .find(|a| a.tag == "claim")
        .expect("a claim")
        .id;
    let valued = apply_all(
        base.clone(),
        vec![Command::SetAttribute {
            id: claim,
            name: "stance".into(),
            value: Some(annotary::model::AttributeValue::Text("neutral".into())),
        }],
    );
    let mut narrowed = base.schema().clone();
    let stance = narrowed
        .attributes
        .iter_mut()
        .find(|a| a.name == "stance")
        .expect("stance");
    stance.kind = annotary::model::AttributeKind::OneOf(vec!["support".into(), "oppose".into()]);
    let narrowing = apply_all(base.clone(), vec![Command::SetSchema(narrowed)]);
    // Whichever side narrowed it, the list that still fits the values is held.
    for (ours, theirs) in [(&valued, &narrowing), (&narrowing, &valued)] {
        let merged = merge(Some(&base), ours, theirs).expect("merges");
        let project = &merged.project;
        let [conflict] = project.conflicts() else {
            panic!("one conflict: {:?}", project.conflicts())
        };
        assert_eq!(conflict.key, RecordKey::AttributeType("stance".into()));
        assert_eq!(project.schema(), valued.schema(), "the wider list is held");
        assert!(project.every_problem().is_empty());
        assert_eq!(
            project
                .annotation(claim)
                .and_then(|a| a.attributes.get("stance").cloned()),
            Some(annotary::model::AttributeValue::Text("neutral".into()))
        );
    }
}

/// Keeps their version of each conflict, then undoes each: the project file must be
/// byte for byte what it was, every record in its place.
fn keep_theirs_and_undo_exactly(mut project: Project) {
    let before = annotary::formats::project_file::to_string(&project);
    let count = project.conflicts().len();
    assert!(count > 0);
    let mut history = History::default();
    for _ in 0..count {
        history
            .apply(
                &mut project,
                Command::KeepVersion { at: 0, mine: false },
                T0,
            )
            .expect("keep theirs");
    }
    assert!(project.conflicts().is_empty());
    let settled = annotary::formats::project_file::to_string(&project);
    for _ in 0..count {
        history.undo(&mut project, T0).expect("undo");
    }
    assert_eq!(annotary::formats::project_file::to_string(&project), before);
    for _ in 0..count {
        history.redo(&mut project, T0).expect("redo");
    }
    assert_eq!(
        annotary::formats::project_file::to_string(&project),
        settled
    );
}

#[test]
fn undoing_kept_deletions_puts_each_record_back_where_it_was_byte_for_byte() {
    // They deleted a claim I noted and a tag I recoloured (in the middle of the tag set).
    let mut base = base();
    Command::AddTag {
        index: 1,
        tag: annotary::model::Tag {
            name: "place".into(),
            colour: annotary::model::Colour::rgb(1, 2, 3),
            hotkey: None,
            description: String::new(),
        },
    }
    .apply(&mut base, T0)
    .expect("tag");
    let id = base.annotations()[0].id;
    let mut recoloured = base.tags().get("place").expect("place").clone();
    recoloured.colour = annotary::model::Colour::rgb(9, 9, 9);
    let ours = apply_all(
        base.clone(),
        vec![
            Command::SetNote {
                id,
                note: "mine".into(),
            },
            Command::UpdateTag {
                name: "place".into(),
                tag: recoloured,
            },
        ],
    );
    let theirs = apply_all(
        base.clone(),
        vec![Command::Delete(id), Command::RemoveTag("place".into())],
    );
    let merged = merge(Some(&base), &ours, &theirs).expect("merges");
    assert_eq!(merged.new_conflicts, 2);
    keep_theirs_and_undo_exactly(merged.project);
}

fn tag_names(project: &Project) -> Vec<String> {
    project.tags().tags.iter().map(|t| t.name.clone()).collect()
}

fn plain_tag(name: &str) -> annotary::model::Tag {
    annotary::model::Tag {
        name: name.into(),
        colour: annotary::model::Colour::rgb(1, 2, 3),
        hotkey: None,
        description: String::new(),
    }
}

#[test]
fn what_each_side_added_stands_where_that_side_put_it() {
    // They put "place" second in the tag set; I put "person" last.
    let base = base();
    let ours = apply_all(
        base.clone(),
        vec![Command::AddTag {
            index: 3,
            tag: plain_tag("person"),
        }],
    );
    let theirs = apply_all(
        base.clone(),
        vec![Command::AddTag {
            index: 1,
            tag: plain_tag("place"),
        }],
    );
    for (ours, theirs) in [(&ours, &theirs), (&theirs, &ours)] {
        let merged = merge(Some(&base), ours, theirs).expect("merges");
        assert_eq!(
            tag_names(&merged.project),
            ["claim", "place", "actor", "date", "person"]
        );
    }
}

#[test]
fn a_tag_brought_back_for_their_work_comes_back_where_it_stood() {
    let mut base = base();
    Command::AddTag {
        index: 1,
        tag: plain_tag("place"),
    }
    .apply(&mut base, T0)
    .expect("tag");
    let doc = base.documents()[0].id.clone();
    let ours = apply_all(base.clone(), vec![Command::RemoveTag("place".into())]);
    let theirs = apply_all(
        base.clone(),
        vec![Command::Annotate {
            document: doc,
            layer: "AK".into(),
            start: 41,
            end: 46,
            tag: "place".into(),
        }],
    );
    let merged = merge(Some(&base), &ours, &theirs).expect("merges");
    assert_eq!(merged.new_conflicts, 1);
    assert_eq!(
        tag_names(&merged.project),
        ["claim", "place", "actor", "date"]
    );
}

#[test]
fn a_documents_direction_set_on_one_side_is_kept_beside_the_others_coding() {
    use annotary::model::TextDirection;
    let base = base();
    let doc = base.documents()[0].id.clone();
    let mut ours = base.clone();
    Command::SetDirection {
        id: doc.clone(),
        direction: Some(TextDirection::RightToLeft),
    }
    .apply(&mut ours, T0)
    .expect("set");
    let mut theirs = base.clone();
    let gone = base.annotations()[0].id;
    Command::Delete(gone)
        .apply(&mut theirs, T0)
        .expect("delete");
    let merged = merge(Some(&base), &ours, &theirs).expect("merges");
    assert!(merged.project.conflicts().is_empty());
    assert_eq!(
        merged.project.document(&doc).and_then(|d| d.direction),
        Some(TextDirection::RightToLeft)
    );
    assert!(merged.project.annotation(gone).is_none());
}
