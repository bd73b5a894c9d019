//! Undo and redo: any sequence of commands, undone, gives back the exact starting project.

mod common;

use annotary::edit::{Command, History};
use annotary::model::{AttributeValue, Colour, Document, DocumentId, Layer, Project, Tag};
use common::{HARD_TEXT, T0, add_layer, project_from_markup};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

/// One user action, with indexes reduced modulo what exists when it runs.
#[derive(Debug, Clone)]
enum Op {
    Annotate {
        doc: usize,
        start: usize,
        len: usize,
        tag: usize,
        layer: usize,
    },
    Delete(usize),
    Retag(usize, usize),
    Resize(usize, usize, usize),
    SetNote(usize, String),
    RenameDocument(usize, String),
    RemoveDocument(usize),
    AddDocument(String),
    AddTag(String),
    RemoveTag(usize),
    RenameTag(usize, String),
    RecolourTag(usize, u8),
    AddLayer(String),
    RemoveLayer(usize),
    Batch(Vec<(usize, usize)>),
    AnnotateMany(Vec<(usize, usize)>, usize),
    DeleteMany(Vec<usize>),
    Relate(usize, usize, usize),
    Unrelate(usize),
    SetAttribute(usize, usize, usize),
    AddFragment(usize, usize, usize),
    RemoveFragment(usize, usize),
    SetLabel(usize, usize, usize, usize),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    let name = "[a-z]{1,6}";
    prop_oneof![
        4 => (0..3usize, 0..120usize, 1..40usize, 0..5usize, 0..3usize)
            .prop_map(|(doc, start, len, tag, layer)| Op::Annotate { doc, start, len, tag, layer }),
        2 => any::<usize>().prop_map(Op::Delete),
        2 => (any::<usize>(), 0..5usize).prop_map(|(a, t)| Op::Retag(a, t)),
        2 => (any::<usize>(), 0..120usize, 1..30usize).prop_map(|(a, s, l)| Op::Resize(a, s, l)),
        2 => (any::<usize>(), "[a-z ,\"\n😀é]{0,12}").prop_map(|(a, n)| Op::SetNote(a, n)),
        1 => (0..3usize, "[A-Za-z ’]{1,10}").prop_map(|(d, t)| Op::RenameDocument(d, t)),
        1 => (0..3usize).prop_map(Op::RemoveDocument),
        1 => "[a-z😀\n ]{1,30}".prop_map(Op::AddDocument),
        1 => name.prop_map(Op::AddTag),
        1 => (0..5usize).prop_map(Op::RemoveTag),
        1 => (0..5usize, name).prop_map(|(t, n)| Op::RenameTag(t, n)),
        1 => (0..5usize, any::<u8>()).prop_map(|(t, c)| Op::RecolourTag(t, c)),
        1 => name.prop_map(Op::AddLayer),
        1 => (0..3usize).prop_map(Op::RemoveLayer),
        1 => prop::collection::vec((0..120usize, 1..10usize), 1..4).prop_map(Op::Batch),
        1 => (prop::collection::vec((0..120usize, 1..10usize), 0..6), 0..5usize)
            .prop_map(|(spans, tag)| Op::AnnotateMany(spans, tag)),
        1 => prop::collection::vec(any::<usize>(), 0..4).prop_map(Op::DeleteMany),
        4 => (any::<usize>(), any::<usize>(), 0..4usize).prop_map(|(a, b, k)| Op::Relate(a, b, k)),
        1 => any::<usize>().prop_map(Op::Unrelate),
        3 => (any::<usize>(), 0..4usize, 0..6usize).prop_map(|(a, n, v)| Op::SetAttribute(a, n, v)),
        2 => (any::<usize>(), 0..120usize, 1..8usize).prop_map(|(a, s, l)| Op::AddFragment(a, s, l)),
        1 => (any::<usize>(), 0..3usize).prop_map(|(a, i)| Op::RemoveFragment(a, i)),
        1 => (0..3usize, 0..3usize, 0..4usize, 0..6usize).prop_map(|(d, l, n, v)| Op::SetLabel(d, l, n, v)),
        3 => Just(Op::Undo),
        2 => Just(Op::Redo),
    ]
}

fn starting_project() -> Project {
    let (mut project, _) = project_from_markup(
        "[claim:[actor:Россия] признала [actor:талибов]] on [date:3 July] 😀 café\u{301}",
    );
    add_layer(&mut project, "BM");
    Command::AddDocument {
        index: 1,
        document: Document::new(
            DocumentId("hard".into()),
            "Hard".into(),
            "hard.txt".into(),
            HARD_TEXT,
        ),
    }
    .apply(&mut project, T0)
    .expect("add document");
    project
}

/// Turns an op into a command against the project as it is now; `None` when it does not apply.
fn command(project: &Project, op: &Op) -> Option<Command> {
    let docs = project.documents();
    let annotations = project.annotations();
    let tags = &project.tags().tags;
    let layers = project.layers();
    let pick_annotation =
        |i: usize| (!annotations.is_empty()).then(|| annotations[i % annotations.len()].clone());
    Some(match op.clone() {
        Op::Annotate {
            doc,
            start,
            len,
            tag,
            layer,
        } => {
            let document = docs.get(doc % docs.len().max(1))?;
            Command::Annotate {
                document: document.id.clone(),
                layer: layers[layer % layers.len()].name.clone(),
                start,
                end: start + len,
                tag: tags.get(tag % tags.len().max(1))?.name.clone(),
            }
        }
        Op::Delete(i) => Command::Delete(pick_annotation(i)?.id),
        Op::Retag(i, t) => Command::Retag {
            id: pick_annotation(i)?.id,
            tag: tags.get(t % tags.len().max(1))?.name.clone(),
        },
        Op::Resize(i, start, len) => Command::Resize {
            id: pick_annotation(i)?.id,
            start,
            end: start + len,
        },
        Op::SetNote(i, note) => Command::SetNote {
            id: pick_annotation(i)?.id,
            note,
        },
        Op::RenameDocument(d, title) => Command::RenameDocument {
            id: docs.get(d % docs.len().max(1))?.id.clone(),
            title,
        },
        Op::RemoveDocument(d) => {
            Command::RemoveDocument(docs.get(d % docs.len().max(1))?.id.clone())
        }
        Op::AddDocument(text) => Command::AddDocument {
            index: docs.len(),
            document: Document::new(
                project.unused_document_id("added"),
                "Added".into(),
                "added.txt".into(),
                text,
            ),
        },
        Op::AddTag(name) => Command::AddTag {
            index: 0,
            tag: Tag {
                name,
                colour: Colour::rgb(1, 2, 3),
                hotkey: None,
                description: "new".into(),
            },
        },
        Op::RemoveTag(t) => Command::RemoveTag(tags.get(t % tags.len().max(1))?.name.clone()),
        Op::RenameTag(t, name) => {
            let old = tags.get(t % tags.len().max(1))?;
            Command::UpdateTag {
                name: old.name.clone(),
                tag: Tag {
                    name,
                    ..old.clone()
                },
            }
        }
        Op::RecolourTag(t, c) => {
            let old = tags.get(t % tags.len().max(1))?;
            Command::UpdateTag {
                name: old.name.clone(),
                tag: Tag {
                    colour: Colour::rgb(c, c, c),
                    ..old.clone()
                },
            }
        }
        Op::AddLayer(name) => Command::AddLayer {
            index: layers.len(),
            layer: Layer { name },
        },
        Op::RemoveLayer(l) => Command::RemoveLayer(layers[l % layers.len()].name.clone()),
        Op::Batch(spans) => {
            let document = docs.first()?;
            Command::Batch(
                spans
                    .into_iter()
                    .map(|(start, len)| Command::Annotate {
                        document: document.id.clone(),
                        layer: layers[0].name.clone(),
                        start,
                        end: start + len,
                        tag: tags.first().map(|t| t.name.clone()).unwrap_or_default(),
                    })
                    .collect(),
            )
        }
        Op::AnnotateMany(spans, tag) => Command::AnnotateMany {
            document: docs.first()?.id.clone(),
            layer: layers[0].name.clone(),
            tag: tags.get(tag % tags.len().max(1))?.name.clone(),
            notes: (0..spans.len())
                .map(|i| format!("imported, “{i}”"))
                .collect(),
            spans: spans
                .into_iter()
                .map(|(start, len)| (start, start + len))
                .collect(),
        },
        Op::DeleteMany(picks) => {
            let mut ids: Vec<_> = picks
                .into_iter()
                .filter_map(|i| Some(pick_annotation(i)?.id))
                .collect();
            ids.sort();
            ids.dedup();
            Command::DeleteMany(ids)
        }
        Op::Relate(a, b, k) => {
            // Mostly a claim, the one tag the default relation types start from.
            let claims: Vec<_> = annotations.iter().filter(|x| x.tag == "claim").collect();
            let from = match claims.len() {
                0 => pick_annotation(a)?,
                n if a % 4 != 0 => claims[a % n].clone(),
                _ => pick_annotation(a)?,
            };
            // Mostly a neighbour in the same document, so that some links fit.
            let near = annotations.iter().position(|x| x.id == from.id)? + 1 + b % 3;
            let to = annotations.get(near % annotations.len())?;
            let kinds = ["claimant", "addressee", "dated", "unknown"];
            Command::Relate {
                kind: kinds[k % kinds.len()].into(),
                from: from.id,
                to: to.id,
                note: String::new(),
            }
        }
        Op::Unrelate(r) => {
            let relations = project.relations().all();
            Command::Unrelate(vec![relations.get(r % relations.len().max(1))?.id])
        }
        Op::SetAttribute(a, n, v) => {
            let annotation = pick_annotation(a)?;
            // Mostly an attribute the annotation's tag carries.
            let names = match annotation.tag.as_str() {
                "claim" => ["stance", "hedged", "stance", "nope"],
                "date" => ["value", "value", "hedged", "nope"],
                _ => ["stance", "hedged", "value", "nope"],
            };
            let values = [
                Some(AttributeValue::Text("support".into())),
                Some(AttributeValue::Text("2021-08".into())),
                Some(AttributeValue::Flag(true)),
                Some(AttributeValue::Text("August 2021".into())),
                Some(AttributeValue::Number(2.5)),
                None,
            ];
            Command::SetAttribute {
                id: annotation.id,
                name: names[n % names.len()].into(),
                value: values[v % values.len()].clone(),
            }
        }
        Op::AddFragment(a, start, len) => Command::AddFragment {
            id: pick_annotation(a)?.id,
            start,
            end: start + len,
        },
        Op::RemoveFragment(a, index) => Command::RemoveFragment {
            id: pick_annotation(a)?.id,
            index,
        },
        Op::SetLabel(d, l, n, v) => {
            let names = ["outlet", "published", "genre", "nope"];
            let values = [
                Some(AttributeValue::Text("Dawn".into())),
                Some(AttributeValue::Text("2025-07-03".into())),
                Some(AttributeValue::Text("opinion".into())),
                Some(AttributeValue::Text("2025-02-30".into())),
                Some(AttributeValue::Flag(true)),
                None,
            ];
            Command::SetDocumentLabel {
                document: docs.get(d % docs.len().max(1))?.id.clone(),
                layer: layers[l % layers.len()].name.clone(),
                name: names[n % names.len()].into(),
                value: values[v % values.len()].clone(),
            }
        }
        Op::Undo | Op::Redo => return None,
    })
}

/// Equal in everything a user can see; the id counter may only have grown.
fn assert_same_project(actual: &Project, expected: &Project) {
    assert!(actual.next_annotation_id() >= expected.next_annotation_id());
    assert_eq!(actual.title, expected.title);
    assert_eq!(actual.tags(), expected.tags());
    assert_eq!(actual.layers(), expected.layers());
    assert_eq!(actual.documents(), expected.documents());
    assert_eq!(actual.annotations(), expected.annotations());
    assert_eq!(actual.schema(), expected.schema());
    assert_eq!(actual.relations(), expected.relations());
    assert_eq!(actual.labels(), expected.labels());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn undoing_everything_restores_the_start(ops in prop::collection::vec(op(), 1..40)) {
        let start = starting_project();
        let mut project = start.clone();
        let mut history = History::default();
        let mut now = T0;
        for op in &ops {
            now += SignedDuration::from_secs(1);
            match op {
                Op::Undo => { history.undo(&mut project, now); }
                Op::Redo => { history.redo(&mut project, now); }
                op => {
                    if let Some(command) = command(&project, op) {
                        // Refused commands are fine; they must leave no trace.
                        let before = project.clone();
                        if history.apply(&mut project, command, now).is_err() {
                            prop_assert_eq!(&project, &before);
                        }
                    }
                }
            }
            prop_assert!(project.problems().is_empty(), "invariants hold after {:?}: {:?}", op, project.problems());
            prop_assert!(project.coding_problems().is_empty(), "the coding fits after {:?}: {:?}", op, project.coding_problems());
        }
        // Redo whatever the sequence left undone, so "redo everything" below ends here.
        while history.redo(&mut project, now).is_some() {}
        let end = project.clone();
        while history.undo(&mut project, now).is_some() {}
        assert_same_project(&project, &start);
        prop_assert!(!history.has_unsaved_changes());
        // And redoing everything gives back the end state exactly, timestamps included.
        while history.redo(&mut project, now + SignedDuration::from_hours(1)).is_some() {}
        assert_same_project(&project, &end);
    }
}

#[test]
fn unsaved_mark_follows_undo_back_to_the_saved_state() {
    let (mut project, doc) = project_from_markup("[actor:Putin] spoke");
    let mut history = History::default();
    assert!(!history.has_unsaved_changes());
    let id = project.annotations_in(&doc)[0].id;
    history
        .apply(
            &mut project,
            Command::Retag {
                id,
                tag: "claim".into(),
            },
            T0,
        )
        .expect("retag");
    assert!(history.has_unsaved_changes());
    history.mark_saved();
    assert!(!history.has_unsaved_changes());
    history.undo(&mut project, T0);
    assert!(history.has_unsaved_changes());
    history.redo(&mut project, T0);
    assert!(!history.has_unsaved_changes());
    assert_eq!(history.undo_label(), Some("retag as claim"));
}

#[test]
fn edits_stamp_modified_and_undo_restores_the_old_stamp() {
    let (mut project, doc) = project_from_markup("[actor:Putin] spoke");
    let id = project.annotations_in(&doc)[0].id;
    let mut history = History::default();
    let later: Timestamp = T0 + SignedDuration::from_hours(2);
    history
        .apply(
            &mut project,
            Command::SetNote {
                id,
                note: "a, \"quoted\"\nnote".into(),
            },
            later,
        )
        .expect("note");
    let annotation = project.annotation(id).expect("exists");
    assert_eq!((annotation.created, annotation.modified), (T0, later));
    history.undo(&mut project, later);
    let annotation = project.annotation(id).expect("exists");
    assert_eq!((annotation.note.as_str(), annotation.modified), ("", T0));
}

#[test]
fn removing_a_document_takes_its_annotations_and_undo_brings_both_back() {
    let start = starting_project();
    let mut project = start.clone();
    let mut history = History::default();
    history
        .apply(
            &mut project,
            Command::RemoveDocument(DocumentId("doc".into())),
            T0,
        )
        .expect("remove");
    assert!(project.annotations_in(&DocumentId("doc".into())).is_empty());
    assert!(project.problems().is_empty());
    history.undo(&mut project, T0);
    assert_eq!(project, start);
}
