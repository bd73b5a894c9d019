//! Export then import gives back the whole coding, not only the spans: links with their
//! notes, values of every kind, discontinuous annotations, on text with every hard case
//! (emoji, CJK, combining marks, right-to-left, CRLF). What a format cannot hold is said
//! on export, never dropped silently.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use annotary::edit::Command;
use annotary::formats::export::{ExportFormat, Selection, export};
use annotary::formats::import::{Read, merge};
use annotary::formats::{brat, csv_table, jsonl, labelstudio, w3c, xmi};
use annotary::model::{AttributeDef, AttributeKind, AttributeValue, Project, RelationType, Schema};
use common::{HARD_TEXT, T0, find_in, project_from_markup};

/// A claim with every kind of value, an actor in three pieces with a reference, links
/// with and without notes, a group of equals and document labels.
fn fully_coded() -> Project {
    let (mut project, doc) = project_from_markup(&format!(
        "[actor:Pakistan] said on [date:3 July] that [claim:the Taliban back the TTP]. \
         [actor:روسيا] قالت [actor:Moscow] {HARD_TEXT}"
    ));
    let mut schema = project.schema().clone();
    let attribute = |name: &str, kind, tag: &str| AttributeDef {
        name: name.into(),
        kind,
        tags: vec![tag.into()],
        default: None,
        description: String::new(),
    };
    schema.attributes.extend([
        attribute("confidence", AttributeKind::Number, "claim"),
        attribute("wording", AttributeKind::Text, "claim"),
        attribute("wikidata", AttributeKind::Reference, "actor"),
    ]);
    schema.relations.push(RelationType {
        name: "same_as".into(),
        from: vec!["actor".into()],
        to: vec!["actor".into()],
        symmetric: true,
        transitive: true,
        hotkey: None,
        description: String::new(),
    });
    Command::SetSchema(schema)
        .apply(&mut project, T0)
        .expect("schema");
    let find = |project: &Project, quote: &str| {
        project
            .annotations()
            .iter()
            .find(|a| a.quote == quote)
            .expect("annotated")
            .id
    };
    let claim = find(&project, "the Taliban back the TTP");
    let actor = find(&project, "Pakistan");
    let (russia, moscow) = (find(&project, "روسيا"), find(&project, "Moscow"));
    let date = find(&project, "3 July");
    let text = project.document(&doc).expect("doc").text().clone();
    let family = find_in(&text, "👩‍👩‍👧", 0);
    let cafe = find_in(&text, "café\u{301}", 0);
    let set = |id, name: &str, value| Command::SetAttribute {
        id,
        name: name.into(),
        value: Some(value),
    };
    let link = |kind: &str, from, to, note: &str| Command::Relate {
        kind: kind.into(),
        from,
        to,
        note: note.into(),
    };
    Command::Batch(vec![
        link("claimant", claim, actor, "as reported, “allegedly” 😀"),
        link("dated", claim, date, ""),
        Command::SetNote {
            id: claim,
            note: "Said twice,\n\nonce “off the record” 🤫".into(),
        },
        link("same_as", russia, moscow, ""),
        set(claim, "stance", AttributeValue::Text("oppose".into())),
        set(claim, "hedged", AttributeValue::Flag(true)),
        set(claim, "confidence", AttributeValue::Number(0.75)),
        set(
            claim,
            "wording",
            AttributeValue::Text("“back” — 支持".into()),
        ),
        set(date, "value", AttributeValue::Text("2025-07-03".into())),
        set(
            russia,
            "wikidata",
            AttributeValue::Text("Wikidata:Q159 Russia".into()),
        ),
        Command::AddFragment {
            id: actor,
            start: cafe.0,
            end: cafe.1,
        },
        Command::AddFragment {
            id: actor,
            start: family.0,
            end: family.1,
        },
        Command::SetDocumentLabel {
            document: doc.clone(),
            layer: "AK".into(),
            name: "genre".into(),
            value: Some(AttributeValue::Text("news".into())),
        },
    ])
    .apply(&mut project, T0)
    .expect("code");
    assert!(project.coding_problems().is_empty());
    project
}

/// A span as what it is: tag and pieces.
type Place = (String, Vec<(usize, usize)>);

/// One layer's coding, ids replaced by what they name.
#[derive(Debug, PartialEq)]
struct Coding {
    annotations: BTreeMap<Place, (String, BTreeMap<String, AttributeValue>)>,
    relations: Vec<(String, Place, Place, String)>,
}

fn coding(project: &Project, layer: &str) -> Coding {
    let place = |id| {
        let a = project.annotation(id).expect("annotation");
        (a.tag.clone(), a.pieces().collect::<Vec<_>>())
    };
    let annotations = project
        .annotations()
        .iter()
        .filter(|a| a.layer == layer)
        .map(|a| (place(a.id), (a.note.clone(), a.attributes.clone())))
        .collect();
    let mut relations: Vec<_> = project
        .relations()
        .all()
        .iter()
        .filter(|r| project.annotation(r.from).is_some_and(|a| a.layer == layer))
        .map(|r| (r.kind.clone(), place(r.from), place(r.to), r.note.clone()))
        .collect();
    relations.sort();
    Coding {
        annotations,
        relations,
    }
}

/// A span as one piece over its reach, as formats without discontinuous spans give it.
fn reach((tag, pieces): &Place) -> Place {
    let start = pieces.first().map_or(0, |p| p.0);
    let end = pieces.last().map_or(0, |p| p.1);
    (tag.clone(), vec![(start, end)])
}

impl Coding {
    /// The coding with each annotation one span over its reach, as formats without
    /// discontinuous spans give it back.
    fn in_one_piece_with_notes(&self) -> Self {
        let mut relations: Vec<_> = self
            .relations
            .iter()
            .map(|(kind, from, to, note)| (kind.clone(), reach(from), reach(to), note.clone()))
            .collect();
        relations.sort();
        Self {
            annotations: self
                .annotations
                .iter()
                .map(|(place, coded)| (reach(place), coded.clone()))
                .collect(),
            relations,
        }
    }

    /// [`Self::in_one_piece_with_notes`] without notes on links.
    fn in_one_piece(&self) -> Self {
        let mut coding = self.in_one_piece_with_notes();
        coding.relations.iter_mut().for_each(|r| r.3.clear());
        coding
    }

    /// The coding as a format that holds neither notes, values nor pieces gives it back.
    fn spans_and_links(&self) -> Self {
        let mut coding = self.in_one_piece();
        coding
            .annotations
            .values_mut()
            .for_each(|coded| *coded = (String::new(), BTreeMap::new()));
        coding
    }
}

/// Exports `project`'s AK layer as `format` and reads it back with `reader` into layer
/// "back": the warnings of the export, the import's problems and the project after.
fn round_trip(
    project: &Project,
    format: ExportFormat,
    reader: impl Fn(&Path, &Project) -> Read,
) -> (Vec<String>, Vec<String>, Project) {
    let mut project = project.clone();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join(format!("coded.{format}"));
    let exported = export(&project, format, &out, &Selection::default()).expect("export");
    let (command, report) = merge(&project, reader(&out, &project), "back");
    command.apply(&mut project, T0).expect("the import applies");
    assert!(project.problems().is_empty(), "{:?}", project.problems());
    (exported.warnings, report.problems, project)
}

#[test]
fn brat_gives_back_links_values_and_pieces() {
    let project = fully_coded();
    let (warnings, problems, back) = round_trip(&project, ExportFormat::Brat, |p, _| brat::read(p));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(coding(&back, "back"), coding(&back, "AK"));
    // brat has no document labels; the export says so.
    assert_eq!(
        warnings,
        ["not written, as brat has no place for them: 1 document label"]
    );
}

#[test]
fn doccano_jsonl_gives_back_links_and_says_what_it_cannot_hold() {
    let project = fully_coded();
    let (warnings, problems, back) =
        round_trip(&project, ExportFormat::Jsonl, |p, _| jsonl::read(p));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(coding(&back, "back"), coding(&back, "AK").spans_and_links());
    assert_eq!(
        warnings,
        [
            "not written, as jsonl has no place for them: 1 note, 1 note on a link, 6 attribute values, \
             1 document label, \
             the pieces of 1 discontinuous annotation (each written as one span from its first piece to its last)"
        ]
    );
}

/// One layer's document labels, by document and name.
fn labels(project: &Project, layer: &str) -> Vec<(String, String, AttributeValue)> {
    project
        .labels()
        .iter()
        .filter(|((_, l, _), _)| l == layer)
        .map(|((d, _, name), value)| (d.0.clone(), name.clone(), value.clone()))
        .collect()
}

#[test]
fn label_studio_gives_back_links_values_and_document_labels() {
    let project = fully_coded();
    let (warnings, problems, back) = round_trip(&project, ExportFormat::LabelStudio, |p, _| {
        labelstudio::read(p)
    });
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(coding(&back, "back"), coding(&back, "AK").in_one_piece());
    assert_eq!(labels(&back, "back"), labels(&back, "AK"));
    assert!(!labels(&back, "AK").is_empty());
    assert_eq!(
        warnings,
        [
            "not written, as labelstudio has no place for them: 1 note on a link, \
             the pieces of 1 discontinuous annotation (each written as one span from its first piece to its last)"
        ]
    );
    // The labeling config declares the relation types and a control per value.
    let folder = tempfile::tempdir().expect("temp");
    export(
        &project,
        ExportFormat::LabelStudio,
        folder.path(),
        &Selection::default(),
    )
    .expect("export");
    let config =
        std::fs::read_to_string(folder.path().join("labeling_config.xml")).expect("config");
    for control in [
        "<Relation value=\"claimant\"/>",
        "<Choices name=\"stance\" toName=\"text\" perRegion=\"true\">",
        "<Choices name=\"hedged\" toName=\"text\" perRegion=\"true\">",
        "<Number name=\"confidence\" toName=\"text\" perRegion=\"true\"/>",
        "<DateTime name=\"value\" toName=\"text\" only=\"date\" perRegion=\"true\"/>",
        "<Choices name=\"genre\" toName=\"text\">",
    ] {
        assert!(config.contains(control), "{control} in\n{config}");
    }
}

#[test]
fn inception_xmi_gives_back_links_values_and_document_labels() {
    let project = fully_coded();
    let (warnings, problems, back) = round_trip(&project, ExportFormat::Xmi, |p, _| xmi::read(p));
    assert!(problems.is_empty(), "{problems:?}");
    // Links keep their notes in XMI.
    let expected = coding(&back, "AK").in_one_piece_with_notes();
    assert_eq!(coding(&back, "back"), expected);
    assert_eq!(labels(&back, "back"), labels(&back, "AK"));
    assert_eq!(
        warnings,
        ["not written, as xmi has no place for them: \
             the pieces of 1 discontinuous annotation (each written as one span from its first piece to its last)"]
    );
}

#[test]
fn w3c_gives_back_everything() {
    let project = fully_coded();
    let (warnings, problems, back) = round_trip(&project, ExportFormat::W3c, |p, project| {
        w3c::read(p, project)
    });
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(coding(&back, "back"), coding(&back, "AK"));
    assert_eq!(labels(&back, "back"), labels(&back, "AK"));
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn csv_into_a_folder_gives_back_links_values_and_document_labels() {
    let mut project = fully_coded();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("coded");
    let exported =
        export(&project, ExportFormat::Csv, &out, &Selection::default()).expect("export");
    for table in ["annotations.csv", "relations.csv", "documents.csv"] {
        assert!(out.join(table).is_file(), "{table}");
    }
    let (command, report) = merge(&project, csv_table::read(&out), "back");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    command.apply(&mut project, T0).expect("applies");
    assert_eq!(
        coding(&project, "back"),
        coding(&project, "AK").in_one_piece_with_notes()
    );
    assert_eq!(labels(&project, "back"), labels(&project, "AK"));
    assert_eq!(
        exported.warnings,
        ["not written, as csv has no place for them: \
             the pieces of 1 discontinuous annotation (each written as one span from its first piece to its last)"]
    );
    // One table alone says where the rest would go.
    let one = folder.path().join("one.csv");
    let exported =
        export(&project, ExportFormat::Csv, &one, &Selection::default()).expect("export");
    assert!(
        exported.warnings[0].contains("export into a folder for relations.csv and documents.csv"),
        "{:?}",
        exported.warnings
    );
}

#[test]
fn a_typed_brat_note_on_a_span_is_an_attribute_and_events_nest() {
    let folder = tempfile::tempdir().expect("temp");
    let text = "Zoë’s 😀 IL-7 binds\r\nTNF and 北京 regulates it.";
    std::fs::write(folder.path().join("a.txt"), text).expect("txt");
    // Offsets as brat counts them: the CRLF is one character.
    let ann = "T1\tProtein 8 12\tIL-7\nT2\tBinding 13 18\tbinds\nT3\tProtein 19 22\tTNF\n\
               T4\tRegulation 30 39\tregulates\nT5\tCity 27 29\t北京\n\
               E1\tBinding:T2 Theme:T1 Theme2:T3\nE2\tRegulation:T4 Theme:E1 Cause:T5\n\
               M1\tSpeculation E2\nA2\tConfidence T1 High\n#1\tLemma T1\til7\n\
               #2\tAnnotatorNotes E1\ta “binding” note\nN1\tReference T5 Wikidata:Q956\tBeijing\n\
               *\tEquiv T1 T3\nT6\tPerson 0 3;6 7\tZoë 😀\n";
    std::fs::write(folder.path().join("a.ann"), ann).expect("ann");
    let mut project = Project::default();
    let (command, report) = merge(&project, brat::read(folder.path()), "brat");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    command.apply(&mut project, T0).expect("applies");
    assert!(project.problems().is_empty(), "{:?}", project.problems());
    let by_quote = |quote: &str| {
        project
            .annotations()
            .iter()
            .find(|a| a.quote == quote)
            .unwrap_or_else(|| panic!("{quote}"))
    };
    let il7 = by_quote("IL-7");
    assert_eq!(il7.attributes["Lemma"], AttributeValue::Text("il7".into()));
    assert_eq!(
        il7.attributes["Confidence"],
        AttributeValue::Text("High".into())
    );
    let binding = by_quote("binds");
    assert_eq!(binding.note, "a “binding” note");
    let regulation = by_quote("regulates");
    assert_eq!(
        regulation.attributes["Speculation"],
        AttributeValue::Flag(true)
    );
    assert_eq!(
        by_quote("北京").attributes["Reference"],
        AttributeValue::Text("Wikidata:Q956 Beijing".into())
    );
    // The person is in two pieces around the apostrophe: "Zoë" and "😀".
    let person = by_quote("Zoë 😀");
    assert_eq!(person.pieces().count(), 2);
    // Roles are links from the event; an event is the argument of another.
    let links = |from| {
        let mut kinds: Vec<(String, String)> = project
            .relations()
            .of(from)
            .into_iter()
            .filter(|r| r.from == from)
            .map(|r| {
                (
                    r.kind.clone(),
                    project.annotation(r.to).expect("to").quote.clone(),
                )
            })
            .collect();
        kinds.sort();
        kinds
    };
    assert_eq!(
        links(binding.id),
        [
            ("Theme".into(), "IL-7".into()),
            ("Theme2".into(), "TNF".into())
        ]
    );
    assert_eq!(
        links(regulation.id),
        [
            ("Cause".into(), "北京".into()),
            ("Theme".into(), "binds".into())
        ]
    );
    let schema: &Schema = project.schema();
    assert_eq!(schema.events, ["Binding", "Regulation"]);
    assert!(
        schema
            .relation_type("Equiv")
            .is_some_and(|r| r.symmetric && r.transitive)
    );
    assert_eq!(
        schema.attribute("Reference").map(|a| &a.kind),
        Some(&AttributeKind::Reference)
    );
    // And out again, line for line up to the ids.
    let out = tempfile::tempdir().expect("temp");
    export(
        &project,
        ExportFormat::Brat,
        out.path(),
        &Selection::default(),
    )
    .expect("export");
    let back = std::fs::read_to_string(out.path().join("a.ann")).expect("ann");
    assert_eq!(
        common::brat_lines::meanings(&back),
        common::brat_lines::meanings(ann),
        "{back}"
    );
}

#[test]
fn annotary_import_brings_a_brat_collection_with_its_configuration() {
    let folder = tempfile::tempdir().expect("temp");
    let collection = folder.path().join("corpus");
    std::fs::create_dir_all(&collection).expect("folder");
    std::fs::write(
        collection.join("annotation.conf"),
        "[entities]\nProtein\n[relations]\nEquiv\tArg1:Protein, Arg2:Protein, <REL-TYPE>:symmetric-transitive\n\
         [events]\nBinding|GO:0005488\tTheme+:Protein\n[attributes]\nNegation\tArg:<EVENT>\n",
    )
    .expect("conf");
    std::fs::write(collection.join("a.txt"), "IL-7 binds TNF 😀").expect("txt");
    std::fs::write(
        collection.join("a.ann"),
        "T1\tProtein 0 4\tIL-7\nT2\tBinding 5 10\tbinds\nT3\tProtein 11 14\tTNF\n\
         E1\tBinding:T2 Theme:T1 Theme2:T3\nA1\tNegation E1\n",
    )
    .expect("ann");
    let project = folder.path().join("p.ron");
    let path = |p: &Path| p.to_str().expect("utf-8").to_owned();
    let (code, out, err) = common::annotary(&[
        "import",
        "--format",
        "brat",
        &path(&collection),
        "--into",
        &path(&project),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("3 annotations with 2 links, 1 attribute value"),
        "{out}"
    );
    let back = annotary::formats::project_file::load(&project).expect("loads");
    // The configuration came too: the event type, its role, the groups of equals.
    assert_eq!(back.schema().events, ["Binding"]);
    assert!(
        back.schema()
            .relation_type("Equiv")
            .is_some_and(|r| r.transitive)
    );
    assert_eq!(
        back.schema().relation_type("Theme").map(|r| r.from.clone()),
        Some(vec!["Binding".to_owned()])
    );
    assert!(back.coding_problems().is_empty());
}

#[test]
fn conll_writes_each_piece_as_an_entity_and_counts_what_it_cannot_hold() {
    let project = fully_coded();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("coded.conll");
    let exported =
        export(&project, ExportFormat::Conll, &out, &Selection::default()).expect("export");
    let said = exported.warnings.join("\n");
    for expected in [
        "the pieces of 1 discontinuous annotation were written as one entity each",
        "not written, as conll has no place for them: 1 note, 1 note on a link, 3 relations, 6 attribute values, 1 document label",
    ] {
        assert!(said.contains(expected), "{expected}\n in {said}");
    }
    let conll = std::fs::read_to_string(&out).expect("conll");
    // The actor's three pieces: Pakistan, café́ and the family emoji, each its own entity.
    for line in [
        "Pakistan -X- _ B-actor",
        "café\u{301} -X- _ B-actor",
        "👩\u{200d}👩\u{200d}👧 -X- _ B-actor",
    ] {
        assert!(conll.contains(line), "{line} in\n{conll}");
    }
}

#[test]
fn broken_links_and_events_are_reported_never_a_panic() {
    // A W3C annotation without a target.
    let project = fully_coded();
    let read = w3c::read_bytes(
        br#"[{"type":"Annotation","body":{"purpose":"tagging","value":"x"},"target":[]}]"#,
        "empty.json",
        &project,
    );
    assert!(
        read.problems[0].contains("no target"),
        "{:?}",
        read.problems
    );
    // A brat event id given twice, and lines naming the second one's trigger.
    let folder = tempfile::tempdir().expect("temp");
    std::fs::write(folder.path().join("a.txt"), "abc def").expect("txt");
    std::fs::write(
        folder.path().join("a.ann"),
        "T1\tEv 0 3\tabc\nT2\tEv 4 7\tdef\nE1\tEv:T1\nE1\tEv:T2 Theme:T1\nA1\tNeg T2\n\
         #1\tAnnotatorNotes T2\tx\n*\tEquiv T2 T1\n",
    )
    .expect("ann");
    let read = brat::read(folder.path());
    assert!(
        read.problems
            .iter()
            .any(|p| p.contains("id E1 is given twice")),
        "{:?}",
        read.problems
    );
    // The second E1's role did not join the first.
    assert!(
        read.documents[0]
            .relations
            .iter()
            .all(|r| r.kind != "Theme")
    );
}

#[test]
fn a_discontinuous_span_is_reanchored_piece_by_piece_onto_other_line_endings() {
    // The project has the text with LF; the colleague's brat file has CRLF.
    let (mut project, _) = project_from_markup("Kabul\ntalks ended in Doha\nyesterday");
    let folder = tempfile::tempdir().expect("temp");
    std::fs::write(
        folder.path().join("a.txt"),
        "Kabul\r\ntalks ended in Doha\r\nyesterday",
    )
    .expect("txt");
    // "talks" and "Doha", in brat's count (a CRLF is one character).
    std::fs::write(
        folder.path().join("a.ann"),
        "T1\tclaim 6 11;21 25\ttalks Doha\n",
    )
    .expect("ann");
    let (command, report) = merge(&project, brat::read(folder.path()), "back");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    command.apply(&mut project, T0).expect("applies");
    let back = project
        .annotations()
        .iter()
        .find(|a| a.layer == "back")
        .expect("came in");
    assert_eq!(back.quote, "talks Doha");
    assert_eq!(back.pieces().count(), 2);
}

#[test]
fn a_document_label_goes_out_even_where_its_layer_marked_no_span() {
    let mut project = fully_coded();
    // A second document, labelled by AK, with no annotation in it.
    Command::AddDocument {
        index: 1,
        document: annotary::model::Document::new(
            annotary::model::DocumentId("second".into()),
            "Second".into(),
            "second.txt".into(),
            "Nothing marked here.",
        ),
    }
    .apply(&mut project, T0)
    .expect("document");
    Command::SetDocumentLabel {
        document: annotary::model::DocumentId("second".into()),
        layer: "AK".into(),
        name: "genre".into(),
        value: Some(AttributeValue::Text("opinion".into())),
    }
    .apply(&mut project, T0)
    .expect("label");
    for format in [
        ExportFormat::Csv,
        ExportFormat::W3c,
        ExportFormat::Xmi,
        ExportFormat::LabelStudio,
    ] {
        let folder = tempfile::tempdir().expect("temp");
        let out = if format == ExportFormat::Csv {
            folder.path().join("tables")
        } else {
            folder.path().join(format!("out.{format}"))
        };
        export(&project, format, &out, &Selection::default()).expect("export");
        let read = match format {
            ExportFormat::Csv => csv_table::read(&out),
            ExportFormat::W3c => w3c::read(&out, &project),
            ExportFormat::Xmi => xmi::read(&out),
            _ => labelstudio::read(&out),
        };
        let labels: Vec<_> = read
            .documents
            .iter()
            .flat_map(|d| d.labels.iter())
            .collect();
        assert_eq!(labels.len(), 2, "{format}: {labels:?}");
    }
}

#[test]
fn brat_says_when_notes_on_event_roles_have_no_place() {
    let folder = tempfile::tempdir().expect("temp");
    std::fs::write(folder.path().join("a.txt"), "IL-7 binds TNF").expect("txt");
    std::fs::write(
        folder.path().join("a.ann"),
        "T1\tProtein 0 4\tIL-7\nT2\tBinding 5 10\tbinds\nE1\tBinding:T2 Theme:T1\n",
    )
    .expect("ann");
    let mut project = Project::default();
    let (command, _) = merge(&project, brat::read(folder.path()), "brat");
    command.apply(&mut project, T0).expect("applies");
    let mut role = project.relations().all()[0].clone();
    role.note = "a note brat cannot hold".into();
    Command::ReplaceRelation(role)
        .apply(&mut project, T0)
        .expect("note");
    let out = tempfile::tempdir().expect("temp");
    let exported = export(
        &project,
        ExportFormat::Brat,
        out.path(),
        &Selection::default(),
    )
    .expect("export");
    assert!(
        exported
            .warnings
            .iter()
            .any(|w| w.starts_with("1 note on event roles or groups of equals left out")),
        "{:?}",
        exported.warnings
    );
}

#[test]
fn a_label_studio_region_with_several_choices_keeps_the_first_and_says_so() {
    let tasks = serde_json::json!([{
        "data": {"text": "Zoë 😀 said"},
        "annotations": [{"result": [
            {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 0, "end": 3, "text": "Zoë", "labels": ["actor"]}},
            {"id": "r1", "from_name": "mood", "to_name": "text", "type": "choices",
             "value": {"start": 0, "end": 3, "choices": ["calm", "angry"]}}
        ]}]
    }]);
    let read = labelstudio::read_bytes(tasks.to_string().as_bytes(), "tasks.json");
    assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
    assert!(
        read.problems[0].contains("2 choices given for mood"),
        "{:?}",
        read.problems
    );
    let span = &read.documents[0].spans[0];
    assert_eq!(span.attributes["mood"], AttributeValue::Text("calm".into()));
}
