//! Imports: export then import is the identity for formats that hold the data, a
//! colleague's file becomes a layer on the same documents, and what cannot be imported is
//! listed with its file and line.

mod common;

use std::path::Path;

use annotary::edit::Command;
use annotary::formats::export::{ExportFormat, Selection, export};
use annotary::formats::import::{Read, merge};
use annotary::formats::{brat, csv_table, jsonl, labelstudio, plain_text, w3c, xmi};
use annotary::model::Project;
use common::{T0, project_from_markup};

fn fixture() -> Project {
    let (mut project, doc) = project_from_markup(
        "[claim:“[actor:Россия]” recognised the [actor:Taliban] 🇦🇫 on [date:3 July]]\r\n\
         [claim:Zoë’s café\u{301} said\r\n[actor:北京] agreed] 👩\u{200d}👩\u{200d}👧 [date:2025年7月3日]\r\nend",
    );
    let id = project.annotations_in(&doc)[0].id;
    Command::SetNote {
        id,
        note: "commas, \"quotes\", tabs\tand\nline breaks".into(),
    }
    .apply(&mut project, T0)
    .expect("note");
    project
}

/// The layer's annotations as (start, end, tag, quote, note), in order.
fn spans(project: &Project, layer: &str) -> Vec<(usize, usize, String, String, String)> {
    let mut spans: Vec<_> = project
        .annotations()
        .iter()
        .filter(|a| a.layer == layer)
        .map(|a| {
            (
                a.start,
                a.end,
                a.tag.clone(),
                a.quote.clone(),
                a.note.clone(),
            )
        })
        .collect();
    spans.sort();
    spans
}

/// Exports the fixture's AK layer, reads it back with `reader` into layer "back".
fn round_trip(
    format: ExportFormat,
    reader: impl Fn(&Path, &Project) -> Read,
) -> (Project, annotary::formats::import::Imported) {
    let mut project = fixture();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join(format!("fixture.{format}"));
    export(&project, format, &out, &Selection::default()).expect("export");
    let read = reader(&out, &project);
    let (command, report) = merge(&project, read, "back");
    command.apply(&mut project, T0).expect("import applies");
    assert!(project.problems().is_empty(), "{:?}", project.problems());
    (project, report)
}

#[test]
fn jsonl_labelstudio_csv_w3c_and_xmi_round_trip_exactly() {
    for (format, reader) in [
        (
            ExportFormat::Jsonl,
            (|p: &Path, _: &Project| jsonl::read(p)) as fn(&Path, &Project) -> Read,
        ),
        (ExportFormat::LabelStudio, |p, _| labelstudio::read(p)),
        (ExportFormat::Csv, |p, _| csv_table::read(p)),
        (ExportFormat::W3c, |p, project| w3c::read(p, project)),
        (ExportFormat::Xmi, |p, _| xmi::read(p)),
    ] {
        let (project, report) = round_trip(format, reader);
        assert!(
            report.problems.is_empty(),
            "{format}: {:?}",
            report.problems
        );
        assert_eq!(
            report.documents_matched, 1,
            "{format}: the same document, matched"
        );
        assert_eq!(project.documents().len(), 1);
        let mut expected = spans(&project, "AK");
        if format == ExportFormat::Jsonl {
            // doccano's label format has no notes.
            expected.iter_mut().for_each(|s| s.4.clear());
        }
        assert_eq!(spans(&project, "back"), expected, "{format}");
    }
}

#[test]
fn brat_round_trips_spans_across_crlf_and_flattens_only_tabs_in_notes() {
    let (project, report) = round_trip(ExportFormat::Brat, |p, _| brat::read(p));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let mut expected = spans(&project, "AK");
    expected
        .iter_mut()
        .for_each(|s| s.4 = s.4.replace('\t', " "));
    assert_eq!(spans(&project, "back"), expected);
}

#[test]
fn a_colleagues_file_for_new_text_adds_documents_and_tags() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("colleague.jsonl");
    std::fs::write(
        &path,
        "{\"id\": 7, \"text\": \"Kabul 😀 talks\", \"label\": [[0, 5, \"place\"], [8, 13, \"event\"]]}\n\
         not json\n\
         {\"text\": \"no labels\"}\n",
    )
    .expect("write");
    let mut project = fixture();
    let read = jsonl::read(&path);
    let (command, report) = merge(&project, read, "colleague");
    command.apply(&mut project, T0).expect("applies");
    assert_eq!((report.documents_added, report.annotations), (2, 2));
    assert_eq!(report.tags_added, ["event", "place"]);
    assert_eq!(report.problems.len(), 1);
    assert!(
        report.problems[0].starts_with(&format!("{}:2: ", path.display())),
        "{:?}",
        report.problems
    );
    assert!(project.layers().iter().any(|l| l.name == "colleague"));
    let quotes: Vec<&str> = project
        .annotations()
        .iter()
        .filter(|a| a.layer == "colleague")
        .map(|a| a.quote.as_str())
        .collect();
    assert_eq!(quotes, ["Kabul", "talks"]);
    assert!(project.problems().is_empty());
}

#[test]
fn brat_lines_that_cannot_be_imported_are_named_with_file_and_line() {
    let folder = tempfile::tempdir().expect("temp");
    let nested = folder.path().join("batch1");
    std::fs::create_dir_all(&nested).expect("folder");
    std::fs::write(nested.join("a.txt"), "Café\u{301} in Kabul\r\nsaid\r\n").expect("txt");
    std::fs::write(
        nested.join("a.ann"),
        "T1\tactor 0 5\tCafé\u{301}\nT2\tplace 9 14\tKabul\nR1\trel Arg1:T1 Arg2:T2\nT3\tactor 0 4\tCafé\nT4\tclaim 9 14;15 19\tKabul said\nT5\tclaim 90 99\tx\n#1\tAnnotatorNotes T2\ta place\nR2\trel Arg1:T1 Arg2:T9\nX1\twhat is this\n#2\tAnnotatorNotes T8\tlost\n",
    )
    .expect("ann");
    let read = brat::read(folder.path());
    let mut project = Project::new("p", "me");
    let (command, report) = merge(&project, read, "brat");
    command.apply(&mut project, T0).expect("applies");
    assert_eq!(
        project.documents()[0].id.0,
        "batch1_a",
        "nested folders make the id"
    );
    let got: Vec<(String, String, String)> = project
        .annotations()
        .iter()
        .map(|a| (a.tag.clone(), a.quote.clone(), a.note.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("actor".into(), "Café\u{301}".into(), String::new()),
            ("place".into(), "Kabul".into(), "a place".into()),
            // brat's fragments 9 14;15 19 join over the CRLF, which brat counts once.
            ("claim".into(), "Kabul\r\nsaid".into(), String::new()),
        ]
    );
    let ann = nested.join("a.ann").display().to_string();
    let problems = report.problems.join("\n");
    assert!(
        problems.contains(&format!("{ann}:4: offset 4 splits a character")),
        "{problems}"
    );
    assert!(
        problems.contains(&format!("{ann}:6: T5 has offsets outside the text")),
        "{problems}"
    );
    // The link between two annotations that came in is kept; one to an annotation the
    // file does not have is named, as are lines of no kind brat knows and stray notes.
    assert_eq!(project.relations().len(), 1);
    assert_eq!(project.relations().all()[0].kind, "rel");
    for expected in [
        format!("{ann}:8: link rel from T1 to T9: an end is not an imported annotation"),
        format!("{ann}:9: 1 line of unknown kind 'X' not imported"),
        format!("{ann}:10: a note on T8, which is no annotation or relation of this file"),
    ] {
        assert!(problems.contains(&expected), "{expected}\n in {problems}");
    }
    assert_eq!(report.problems.len(), 5, "{problems}");
}

#[test]
fn label_studio_reports_what_is_not_a_span_and_splits_multi_label_regions() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("export.json");
    let tasks = serde_json::json!([{
        "id": 7,
        "data": {"text": "Zoë’s café\u{301} 😀 met 北京."},
        "annotations": [
            {"id": 1, "was_cancelled": true, "result": []},
            {"id": 2, "result": [
                {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 0, "end": 3, "text": "Zoë", "labels": ["actor", "person"]}},
                {"id": "r1", "from_name": "note", "to_name": "text", "type": "textarea",
                 "value": {"start": 0, "end": 3, "text": ["first line", "second"]}},
                {"id": "r2", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 18, "end": 20, "text": "北京", "labels": ["place"]}},
                {"id": "r3", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 6, "end": 10, "text": "café", "labels": ["thing"]}},
                {"from_id": "r1", "to_id": "r2", "type": "relation", "direction": "right"},
                {"id": "c1", "from_name": "sentiment", "to_name": "text", "type": "choices",
                 "value": {"choices": ["positive"]}}
            ]}
        ],
        "predictions": [{"result": []}]
    }]);
    std::fs::write(&path, serde_json::to_string(&tasks).expect("json")).expect("write");
    let read = labelstudio::read(&path);
    assert_eq!(read.documents.len(), 1);
    let document = &read.documents[0];
    assert_eq!(document.id, "task-7");
    let got: Vec<(usize, usize, &str, &str)> = document
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.tag.as_str(), s.note.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (0, 3, "actor", "first line\nsecond"),
            (0, 3, "person", "first line\nsecond"),
            (18, 20, "place", ""),
            (6, 10, "thing", ""),
        ]
    );
    let problems = read.problems.join("\n");
    for expected in [
        "task 1: 1 predictions (model suggestions) not imported",
        "task 1: 1 cancelled annotations not imported",
    ] {
        assert!(problems.contains(expected), "{expected} in {problems}");
    }
    // An unlabelled link comes in as "related"; a task-level choice is a document label.
    assert_eq!(read.problems.len(), 2, "{problems}");
    let link = &document.relations[0];
    assert_eq!(
        (link.kind.as_str(), link.from.as_str(), link.to.as_str()),
        ("related", "r1", "r2")
    );
    let label = &document.labels[0];
    assert_eq!(
        (label.name.as_str(), &label.value),
        (
            "sentiment",
            &annotary::model::AttributeValue::Text("positive".into())
        )
    );
    // "café" ends before its combining accent: merging refuses that span, naming it.
    let mut project = Project::new("t", "AK");
    let (command, report) = merge(&project, read, "LS");
    command.apply(&mut project, T0).expect("applies");
    assert_eq!(report.annotations, 3);
    assert_eq!(report.tags_added, ["person", "place", "thing"]);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("result 4: offset 10 splits a character")),
        "{:?}",
        report.problems
    );
}

#[test]
fn html_pages_come_in_as_their_visible_text() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("article.html");
    std::fs::write(
        &path,
        "<html><head><title>Grain deal</title><script>alert(1)</script>\
         <link rel=stylesheet href=\"https://example.com/x.css\"></head>\
         <body><h1>Moscow’s “deal”</h1><p>Signed on <b>3 July</b>.</p></body></html>",
    )
    .expect("write");
    let project = Project::new("t", "AK");
    let document =
        plain_text::read_document(&path, &mut annotary::model::NewDocumentIds::new(&project))
            .expect("reads");
    assert_eq!(document.title, "Grain deal");
    assert_eq!(document.id.0, "article");
    assert_eq!(
        document.text().as_str(),
        "Moscow’s “deal”\n\nSigned on 3 July."
    );
}

#[test]
fn a_colleagues_text_with_other_line_endings_is_matched_and_re_anchored() {
    // The project has CRLF; the colleague's doccano file has LF and single spaces.
    let (mut project, _) = project_from_markup("Kabul  talks 😀\r\nended on [date:3 July].");
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("colleague.jsonl");
    std::fs::write(
        &path,
        "{\"id\": 9, \"text\": \"Kabul talks 😀\\nended on 3 July.\", \"label\": [[0, 5, \"actor\"], [23, 29, \"date\"], [5, 6, \"claim\"]]}\n",
    )
    .expect("write");
    let read = jsonl::read(&path);
    let (command, report) = merge(&project, read, "BM");
    command.apply(&mut project, T0).expect("applies");
    assert_eq!(report.documents_matched, 1);
    assert_eq!(report.documents_added, 0);
    assert_eq!(project.documents().len(), 1);
    assert!(
        report.notes[0].contains("only in white space or line endings; 2 annotations re-anchored"),
        "{:?}",
        report.notes
    );
    assert!(
        report.problems[0].contains("span 5..6 holds only white space"),
        "{:?}",
        report.problems
    );
    let bm: Vec<(&str, &str)> = project
        .annotations()
        .iter()
        .filter(|a| a.layer == "BM")
        .map(|a| (a.tag.as_str(), a.quote.as_str()))
        .collect();
    assert_eq!(bm, [("actor", "Kabul"), ("date", "3 July")]);
}

#[cfg(unix)]
#[test]
fn links_in_an_imported_folder_are_never_followed_round_and_round() {
    use std::os::unix::fs::symlink;
    let folder = tempfile::tempdir().expect("temp");
    let collection = folder.path().join("collection");
    let sub = collection.join("sub");
    std::fs::create_dir_all(&sub).expect("folders");
    std::fs::write(collection.join("a.txt"), "Kabul talks").expect("txt");
    std::fs::write(collection.join("a.ann"), "T1\tactor 0 5\tKabul\n").expect("ann");
    // Two loops of links to folders, a link to a file inside, a link out of the folder.
    symlink(&collection, sub.join("loop")).expect("loop");
    symlink("..", sub.join("up")).expect("up");
    symlink(collection.join("a.txt"), sub.join("again.txt")).expect("again");
    let outside = folder.path().join("outside");
    std::fs::create_dir(&outside).expect("outside");
    std::fs::write(outside.join("b.txt"), "Elsewhere").expect("txt");
    std::fs::write(outside.join("b.ann"), "T1\tactor 0 9\tElsewhere\n").expect("ann");
    symlink(outside.join("b.txt"), collection.join("b.txt")).expect("out");
    symlink(&outside, collection.join("out")).expect("out folder");

    let read = brat::read(&collection);
    let spans: usize = read.documents.iter().map(|d| d.spans.len()).sum();
    assert_eq!(read.documents.len(), 1, "{:?}", read.problems);
    assert_eq!(spans, 1, "the one annotation, once");
    assert_eq!(read.documents[0].text.as_deref(), Some("Kabul talks"));
    // The same walk serves every folder import.
    let texts = annotary::formats::import::files_under(&collection, &["txt"]);
    assert_eq!(texts, [collection.join("a.txt")]);
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_written_as_text_and_read_back_exactly() {
    let (mut project, doc) =
        project_from_markup("[claim:=SUM(A1)] and [actor:-5 dead] by [actor:@user] [date:'Twas]");
    let ids: Vec<_> = project.annotations_in(&doc).iter().map(|a| a.id).collect();
    for (id, note) in ids
        .iter()
        .zip(["+1 more", "\tindented", "\rcarriage", "plain"])
    {
        Command::SetNote {
            id: *id,
            note: note.into(),
        }
        .apply(&mut project, T0)
        .expect("note");
    }
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("p.csv");
    export(&project, ExportFormat::Csv, &out, &Selection::default()).expect("csv");
    let mut reader = csv::Reader::from_path(&out).expect("csv");
    for row in reader.records() {
        let row = row.expect("row");
        for cell in [&row[6], &row[7]] {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a spreadsheet would run {cell:?}"
            );
        }
    }
    let read = csv_table::read(&out);
    let (command, _) = merge(&project, read, "back");
    command.apply(&mut project, T0).expect("import");
    assert_eq!(spans(&project, "back"), spans(&project, "AK"));
}

#[test]
fn a_csv_of_several_layers_comes_back_as_several_never_into_a_layer_already_there() {
    let (mut project, doc) = project_from_markup("[actor:Russia] met [actor:Kabul]");
    common::add_layer(&mut project, "BM");
    common::annotate(&mut project, &doc, "BM", vec![(0, 6, "claim".into())]);
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("p.csv");
    export(&project, ExportFormat::Csv, &out, &Selection::default()).expect("csv");
    // Into a project that has AK but not BM.
    let (mut target, _) = project_from_markup("Russia met Kabul");
    let (command, imported) = merge(&target, csv_table::read(&out), "colleague");
    command.apply(&mut target, T0).expect("import");
    assert_eq!(imported.layers, ["BM", "colleague (AK)"]);
    assert_eq!(spans(&target, "colleague (AK)"), spans(&project, "AK"));
    assert_eq!(spans(&target, "BM"), spans(&project, "BM"));
    assert!(spans(&target, "AK").is_empty(), "nothing mixed into AK");
    // The same file again finds everything in the layers it made: nothing new.
    let (_, again) = merge(&target, csv_table::read(&out), "colleague");
    assert_eq!((again.annotations, again.annotations_present), (0, 3));
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    // One layer in the file: it comes in as the layer chosen.
    let one = folder.path().join("one.csv");
    let only_ak = Selection {
        layer: Some("AK".into()),
        documents: None,
    };
    export(&project, ExportFormat::Csv, &one, &only_ak).expect("csv");
    let (command, imported) = merge(&target, csv_table::read(&one), "colleague");
    command.apply(&mut target, T0).expect("import");
    assert_eq!(imported.layers, ["colleague"]);
}

#[test]
fn brat_offsets_too_large_for_the_text_are_refused_not_wrapped() {
    let folder = tempfile::tempdir().expect("temp");
    std::fs::write(folder.path().join("a.txt"), "Kabul\r\ntalks\r\n").expect("txt");
    std::fs::write(
        folder.path().join("a.ann"),
        "T1\tactor 18446744073709551615 18446744073709551615\tx\n\
         T2\tactor 18446744073709551614 18446744073709551615\tx\n\
         T3\tactor 6 11\ttalks\n",
    )
    .expect("ann");
    let read = brat::read(folder.path());
    let (project, imported) = {
        let (mut project, _) = project_from_markup("x");
        let (command, imported) = merge(&project, read, "BM");
        command.apply(&mut project, T0).expect("import");
        (project, imported)
    };
    assert_eq!(imported.annotations, 1, "{:?}", imported.problems);
    assert_eq!(imported.problems.len(), 2, "{:?}", imported.problems);
    let talks: Vec<_> = project
        .annotations()
        .iter()
        .filter(|a| a.layer == "BM")
        .map(|a| a.quote.as_str())
        .collect();
    assert_eq!(talks, ["talks"]);
}

#[test]
fn layer_names_a_csv_gives_empty_or_with_control_characters_never_stop_the_import() {
    // Found by the csv fuzz target: a layer cell of "'" reads back as "", and the import's
    // change then failed to apply (a layer with no name).
    let (mut project, _) = project_from_markup("Kabul and Moscow");
    let csv = "document,layer,id,start,end,tag,text,note\n\
               doc,',1,0,5,actor,Kabul,\n\
               doc,B\u{202E}M,2,10,16,actor,Moscow,\n";
    let (command, imported) = merge(
        &project,
        csv_table::read_bytes(csv.as_bytes(), "c.csv"),
        "col",
    );
    command.apply(&mut project, T0).expect("the import applies");
    assert!(project.problems().is_empty());
    // One layer named once cleaned: the file comes in as the layer chosen.
    assert_eq!(imported.layers, ["col"], "{:?}", imported.problems);
    assert_eq!(imported.annotations, 2);
    assert_eq!(imported.problems.len(), 1, "{:?}", imported.problems);
    assert!(
        imported
            .problems
            .iter()
            .any(|p| p.contains("\"B\\u{202e}M\" as \"BM\"")),
        "{:?}",
        imported.problems
    );
}

#[test]
fn an_xmi_zip_that_inflates_past_the_cap_is_refused_without_reading_it_all() {
    use std::io::Write as _;
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("bomb.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("bomb.xmi", options).expect("entry");
    let block = vec![b' '; 1 << 20];
    for _ in 0..=(xmi::MAX_ENTRY_BYTES >> 20) {
        zip.write_all(&block).expect("write");
    }
    zip.finish().expect("finish");
    assert!(
        std::fs::metadata(&path).expect("size").len() < 2 << 20,
        "a small zip"
    );
    let read = xmi::read(&path);
    assert!(read.documents.is_empty());
    assert!(
        read.problems
            .iter()
            .any(|p| p.contains("bomb.xmi: not read: it inflates past 128 MiB")),
        "{:?}",
        read.problems
    );
}

#[test]
fn importing_the_same_brat_file_twice_adds_nothing_even_where_it_repeats_a_span() {
    let folder = tempfile::tempdir().expect("temp");
    let text = "Zoë’s 😀 claim: Kabul fell.\r\n北京 said so.";
    std::fs::write(folder.path().join("a.txt"), text).expect("txt");
    // T1 and T2 are the same span, each with a link of its own; brat allows it.
    let ann = "T1\tactor 15 20\tKabul\nT2\tactor 15 20\tKabul\nT3\tclaim 15 25\tKabul fell\n\
               R1\tclaimant Arg1:T3 Arg2:T1\nR2\taddressee Arg1:T3 Arg2:T2\n#1\tAnnotatorNotes T3\tthe fall\n";
    let ann_path = folder.path().join("a.ann");
    std::fs::write(&ann_path, ann).expect("ann");
    let mut project = Project::default();
    // One .ann file, its .txt beside it, is read as a folder would be.
    let (command, first) = merge(&project, brat::read(&ann_path), "BM");
    assert!(first.problems.is_empty(), "{:?}", first.problems);
    assert_eq!((first.annotations, first.relations), (3, 2));
    command.apply(&mut project, T0).expect("applies");
    let (command, again) = merge(&project, brat::read(&ann_path), "BM");
    assert_eq!((again.annotations, again.relations), (0, 0));
    assert_eq!((again.annotations_present, again.relations_present), (3, 2));
    // The change it makes is no change.
    assert!(command.apply(&mut project, T0).is_err());
    assert_eq!(project.annotations().len(), 3);
    assert_eq!(project.relations().len(), 2);
    // A note changed in the file is another annotation; the rest is still there.
    std::fs::write(&ann_path, ann.replace("the fall", "the fall of Kabul")).expect("ann");
    let (_, changed) = merge(&project, brat::read(&ann_path), "BM");
    assert_eq!((changed.annotations, changed.annotations_present), (1, 2));
    // A value the file now gives an annotation already there is reported, not dropped quietly.
    std::fs::write(&ann_path, format!("{ann}A1\tNegation T3\n")).expect("ann");
    let (_, valued) = merge(&project, brat::read(&ann_path), "BM");
    assert_eq!((valued.annotations, valued.annotations_present), (0, 3));
    assert!(
        valued
            .problems
            .iter()
            .any(|p| p.contains("other attribute values")),
        "{:?}",
        valued.problems
    );
    // Into another layer, everything is new.
    let (_, other) = merge(&project, brat::read(&ann_path), "AK");
    assert_eq!((other.annotations, other.annotations_present), (3, 0));
}

#[test]
fn what_an_import_leaves_out_is_counted_by_kind_and_reason() {
    let folder = tempfile::tempdir().expect("temp");
    std::fs::write(folder.path().join("a.txt"), "Kabul fell.").expect("txt");
    let ann = "T1\tactor 0 5\tKabul\nT2\tactor 0 5\tKabol\nT3\tactor 40 45\tKabul\n\
               R1\tclaimant Arg1:T1 Arg2:T1\nR2\tclaimant Arg1:T1 Arg2:T9\nX1\tstrange line\n";
    std::fs::write(folder.path().join("a.ann"), ann).expect("ann");
    std::fs::write(folder.path().join("b.txt"), "No annotations here.").expect("txt");
    let (_, imported) = merge(&Project::default(), brat::read(folder.path()), "BM");
    let counted: Vec<(&str, usize)> = imported
        .not_held
        .iter()
        .map(|((kind, _), n)| (*kind, *n))
        .collect();
    let total: usize = imported.not_held.values().sum();
    assert_eq!(total, imported.problems.len(), "{:?}", imported.problems);
    let links: usize = counted
        .iter()
        .filter(|(k, _)| *k == "link")
        .map(|(_, n)| n)
        .sum();
    assert_eq!(links, 2, "{counted:?}");
    assert!(
        imported
            .not_held
            .contains_key(&("link", "joins an annotation to itself".to_owned())),
        "{:?}",
        imported.not_held
    );
    assert!(
        imported.not_held.keys().any(|(kind, _)| *kind == "file"),
        "b.ann is missing: {:?}",
        imported.not_held
    );
    assert!(
        imported.not_held.keys().any(|(kind, _)| *kind == "line"),
        "the lines brat's reader refused: {:?}",
        imported.not_held
    );
}
