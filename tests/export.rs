//! Exports read back: every span's label, offsets and covered text must come back exactly,
//! on text with CRLF, emoji, CJK, combining marks, nested spans, a span across lines and
//! notes holding commas, quotes, tabs and line breaks.

mod common;

use annotary::edit::Command;
use annotary::formats::export::{ExportFormat, Selection, export};
use annotary::model::{DocumentId, Project};
use common::{T0, project_from_markup};

/// The fixture: nested and overlapping spans, one across a CRLF, notes that need quoting.
fn fixture() -> Project {
    let (mut project, doc) = project_from_markup(
        "[claim:“[actor:Россия]” recognised the [actor:Taliban] 🇦🇫 on [date:3 July]]\r\n\
         [claim:Zoë’s café\u{301} said\r\n[actor:北京] agreed] 👩\u{200d}👩\u{200d}👧 [date:2025年7月3日]\r\nend",
    );
    let ids: Vec<_> = project.annotations_in(&doc).iter().map(|a| a.id).collect();
    for (id, note) in [
        (ids[0], "commas, \"quotes\", tabs\tand\nline breaks"),
        (ids[2], "plain note"),
    ] {
        Command::SetNote {
            id,
            note: note.into(),
        }
        .apply(&mut project, T0)
        .expect("note");
    }
    project
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn run(
    project: &Project,
    format: ExportFormat,
    out: &std::path::Path,
) -> annotary::formats::export::Exported {
    export(project, format, out, &Selection::default()).expect("export")
}

#[test]
fn brat_offsets_count_crlf_once_and_fragments_stop_at_line_breaks() {
    let project = fixture();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("brat");
    let exported = run(&project, ExportFormat::Brat, &out);
    assert_eq!(exported.annotations, project.annotations().len());
    let txt = std::fs::read_to_string(out.join("doc.txt")).expect("txt");
    assert_eq!(
        txt,
        project.documents()[0].text().as_str(),
        "the text keeps its bytes"
    );
    // As brat and Python read it: universal newlines.
    let read = txt.replace("\r\n", "\n");
    let ann = std::fs::read_to_string(out.join("doc.ann")).expect("ann");
    let spans: Vec<&str> = ann.lines().filter(|l| l.starts_with('T')).collect();
    assert_eq!(spans.len(), project.annotations().len());
    let mut quotes = Vec::new();
    for line in spans {
        let fields: Vec<&str> = line.split('\t').collect();
        let (tag, ranges) = fields[1].split_once(' ').expect("tag and offsets");
        let pieces: Vec<String> = ranges
            .split(';')
            .map(|r| {
                let (s, e) = r.split_once(' ').expect("start end");
                chars(&read, s.parse().expect("start"), e.parse().expect("end"))
            })
            .collect();
        assert!(
            pieces.iter().all(|p| !p.contains('\n')),
            "fragments stop at line breaks"
        );
        assert_eq!(
            pieces.join(" "),
            fields[2],
            "covered text is the fragments joined by a space"
        );
        quotes.push((tag.to_owned(), pieces.join("\n")));
    }
    for annotation in project.annotations() {
        let expected = (
            annotation.tag.clone(),
            annotation.quote.replace("\r\n", "\n"),
        );
        assert!(quotes.contains(&expected), "{expected:?} in {quotes:?}");
    }
    // A note of two lines is two notes; its tab becomes a space.
    assert!(ann.contains("AnnotatorNotes T1\tcommas, \"quotes\", tabs and\n"));
    assert!(ann.contains("AnnotatorNotes T1\tline breaks\n"));
    assert!(
        exported
            .warnings
            .iter()
            .any(|w| w.starts_with("1 notes had tabs"))
    );
    let conf = std::fs::read_to_string(out.join("annotation.conf")).expect("conf");
    assert!(
        conf.contains("[entities]\n\nclaim\nactor\ndate\n"),
        "{conf}"
    );
    assert!(
        std::fs::read_to_string(out.join("visual.conf"))
            .expect("visual")
            .contains("claim\tbgColor:#dd4400")
    );
}

#[test]
fn jsonl_labels_are_code_points_of_the_text_as_stored() {
    let project = fixture();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("doc.jsonl");
    run(&project, ExportFormat::Jsonl, &out);
    let line = std::fs::read_to_string(&out).expect("jsonl");
    assert_eq!(line.lines().count(), 1, "one document, one line");
    let record: serde_json::Value = serde_json::from_str(line.trim()).expect("JSON");
    let text = record["text"].as_str().expect("text");
    assert_eq!(text, project.documents()[0].text().as_str());
    let labels = record["label"].as_array().expect("labels");
    assert_eq!(labels.len(), project.annotations().len());
    for (label, annotation) in labels.iter().zip(project.annotations()) {
        let (s, e) = (
            label[0].as_u64().expect("start") as usize,
            label[1].as_u64().expect("end") as usize,
        );
        assert_eq!(label[2], annotation.tag.as_str());
        assert_eq!(chars(text, s, e), annotation.quote);
    }
}

#[test]
fn csv_rows_quote_commas_quotes_and_line_breaks() {
    let project = fixture();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("doc.csv");
    run(&project, ExportFormat::Csv, &out);
    let mut reader = csv::Reader::from_path(&out).expect("csv");
    assert_eq!(
        reader.headers().expect("header").iter().collect::<Vec<_>>(),
        // A column per attribute of the schema follows the fixed ones.
        [
            "document", "layer", "id", "start", "end", "tag", "text", "note", "stance", "hedged",
            "value"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), project.annotations().len());
    let text = project.documents()[0].text().as_str();
    for (row, annotation) in rows.iter().zip(project.annotations()) {
        assert_eq!(&row[2], annotation.id.0.to_string());
        let (s, e): (usize, usize) = (row[3].parse().expect("start"), row[4].parse().expect("end"));
        assert_eq!(chars(text, s, e), annotation.quote);
        assert_eq!(&row[5], annotation.tag);
        assert_eq!(&row[6], annotation.quote);
        assert_eq!(&row[7], annotation.note);
    }
}

#[test]
fn w3c_selectors_find_the_quote_by_position_and_by_context() {
    let project = fixture();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("doc.jsonld");
    run(&project, ExportFormat::W3c, &out);
    let collection: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("file")).expect("JSON");
    assert_eq!(collection["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(collection["type"], "AnnotationCollection");
    let items = collection["first"]["items"].as_array().expect("items");
    assert_eq!(collection["total"].as_u64(), Some(items.len() as u64));
    let text = project.documents()[0].text().as_str();
    for (item, annotation) in items.iter().zip(project.annotations()) {
        assert_eq!(item["type"], "Annotation");
        let tagging = &item["body"][0];
        assert_eq!(
            (tagging["purpose"].as_str(), tagging["value"].as_str()),
            (Some("tagging"), Some(annotation.tag.as_str()))
        );
        let selectors = item["target"]["selector"].as_array().expect("selectors");
        let (s, e) = (
            selectors[0]["start"].as_u64().expect("s") as usize,
            selectors[0]["end"].as_u64().expect("e") as usize,
        );
        assert_eq!(chars(text, s, e), annotation.quote);
        let quote = &selectors[1];
        assert_eq!(quote["exact"], annotation.quote.as_str());
        let around = format!(
            "{}{}{}",
            quote["prefix"].as_str().expect("prefix"),
            annotation.quote,
            quote["suffix"].as_str().expect("suffix")
        );
        assert!(
            text.contains(&around),
            "prefix and suffix surround the quote in the text"
        );
        if !annotation.note.is_empty() {
            assert_eq!(item["body"][1]["purpose"], "commenting");
            assert_eq!(item["body"][1]["value"], annotation.note.as_str());
        }
    }
}

/// The (start token, end token, label) entities of a BIO sequence, as seqeval reads them.
fn entities(labels: &[String]) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, label) in labels
        .iter()
        .chain(std::iter::once(&"O".to_owned()))
        .enumerate()
    {
        let continues = label
            .strip_prefix("I-")
            .is_some_and(|t| open.as_ref().is_some_and(|(_, o)| o == t));
        if !continues {
            if let Some((start, tag)) = open.take() {
                found.push((start, i, tag));
            }
            if let Some(tag) = label.strip_prefix("B-").or(label.strip_prefix("I-")) {
                open = Some((i, tag.to_owned()));
            }
        }
    }
    found
}

#[test]
fn conll_bio_keeps_the_outermost_spans_and_counts_the_rest() {
    let (project, doc) = project_from_markup(
        "[claim:[actor:Russia] recognised the Taliban] on [date:3 July].\r\n[actor:北京] agreed, [actor:Zoë’s] café\u{301}.",
    );
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("doc.conll");
    let exported = run(&project, ExportFormat::Conll, &out);
    let written = std::fs::read_to_string(&out).expect("conll");
    assert!(written.starts_with("-DOCSTART- -X- -X- O\n\n"));
    let lines: Vec<&str> = written.lines().skip(2).filter(|l| !l.is_empty()).collect();
    let tokens: Vec<&str> = lines
        .iter()
        .map(|l| l.split(' ').next().expect("token"))
        .collect();
    let labels: Vec<String> = lines
        .iter()
        .map(|l| l.rsplit(' ').next().expect("label").to_owned())
        .collect();
    let spans: Vec<(String, String)> = entities(&labels)
        .into_iter()
        .map(|(s, e, tag)| (tag, tokens[s..e].join(" ")))
        .collect();
    assert_eq!(
        spans,
        [
            (
                "claim".to_owned(),
                "Russia recognised the Taliban".to_owned()
            ),
            ("date".to_owned(), "3 July".to_owned()),
            ("actor".to_owned(), "北 京".to_owned()),
            ("actor".to_owned(), "Zoë ’ s".to_owned()),
        ]
    );
    // The actor inside the claim cannot be held: counted, not dropped silently.
    assert_eq!(project.annotations_in(&doc).len(), 5);
    assert!(
        exported
            .warnings
            .iter()
            .any(|w| w.starts_with("1 annotations overlap")),
        "{:?}",
        exported.warnings
    );
}

#[test]
fn conllu_spaces_rebuild_each_sentence_text() {
    let project = fixture();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("doc.conllu");
    run(&project, ExportFormat::Conllu, &out);
    let written = std::fs::read_to_string(&out).expect("conllu");
    let mut sentences = 0;
    for block in written.split("\n\n").filter(|b| b.contains("# text = ")) {
        sentences += 1;
        let text = block
            .lines()
            .find_map(|l| l.strip_prefix("# text = "))
            .expect("text");
        let mut rebuilt = String::new();
        for line in block.lines().filter(|l| !l.starts_with('#')) {
            let columns: Vec<&str> = line.split('\t').collect();
            assert_eq!(columns.len(), 10, "{line}");
            rebuilt.push_str(columns[1]);
            if !columns[9].contains("SpaceAfter=No") {
                rebuilt.push(' ');
            }
            assert!(columns[9].contains("NER="));
        }
        assert_eq!(rebuilt.trim_end(), text);
    }
    assert_eq!(sentences, 4, "one per line of the document");
}

#[test]
fn a_layer_or_documents_can_be_chosen_and_unknown_ones_are_named() {
    let mut project = fixture();
    common::add_layer(&mut project, "BM");
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("doc.jsonl");
    let only = Selection {
        layer: Some("BM".into()),
        documents: None,
    };
    let exported = export(&project, ExportFormat::Jsonl, &out, &only).expect("export");
    assert_eq!(exported.annotations, 0, "BM has no annotations yet");
    let wrong = Selection {
        layer: Some("XX".into()),
        documents: None,
    };
    let message = export(&project, ExportFormat::Jsonl, &out, &wrong)
        .expect_err("no such layer")
        .to_string();
    assert_eq!(message, "there is no layer \"XX\" in the project");
    let missing = Selection {
        layer: None,
        documents: Some(vec![DocumentId("nope".into())]),
    };
    let message = export(&project, ExportFormat::Csv, &out, &missing)
        .expect_err("no such document")
        .to_string();
    assert_eq!(message, "there is no document \"nope\" in the project");
}

#[test]
fn label_studio_tasks_match_their_labeling_config() {
    let project = fixture();
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("ls");
    let exported = run(&project, ExportFormat::LabelStudio, &out);
    assert!(exported.warnings.is_empty(), "{:?}", exported.warnings);
    let config = std::fs::read_to_string(out.join("labeling_config.xml")).expect("config");
    assert!(config.contains("<Labels name=\"label\" toName=\"text\">"));
    assert!(config.contains("<Label value=\"claim\" background=\"#dd4400\" hotkey=\"1\"/>"));
    let tasks: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("tasks.json")).expect("tasks"))
            .expect("json");
    let task = &tasks[0];
    let text = task["data"]["text"].as_str().expect("text");
    assert_eq!(task["data"]["layers"], serde_json::json!(["AK"]));
    let results = task["annotations"][0]["result"]
        .as_array()
        .expect("results");
    let labels: Vec<&serde_json::Value> =
        results.iter().filter(|r| r["type"] == "labels").collect();
    assert_eq!(labels.len(), project.annotations().len());
    for (region, a) in labels.iter().zip(project.annotations()) {
        let value = &region["value"];
        let (start, end) = (
            value["start"].as_u64().expect("start"),
            value["end"].as_u64().expect("end"),
        );
        assert_eq!((start as usize, end as usize), (a.start, a.end));
        assert_eq!(value["labels"], serde_json::json!([a.tag]));
        assert_eq!(
            value["text"].as_str(),
            Some(chars(text, a.start, a.end).as_str())
        );
    }
    // Notes are per-region text areas sharing the region's id.
    let notes: Vec<(&str, &str)> = results
        .iter()
        .filter(|r| r["type"] == "textarea")
        .map(|r| {
            (
                r["id"].as_str().expect("id"),
                r["value"]["text"][0].as_str().expect("note"),
            )
        })
        .collect();
    assert_eq!(notes.len(), 2);
    assert!(
        notes
            .iter()
            .all(|(id, _)| labels.iter().any(|l| l["id"] == *id))
    );
}

#[test]
fn progress_counts_every_document_written() {
    use annotary::formats::export::{Progress, export_with};
    let mut project = fixture();
    let second = annotary::model::Document::new(
        DocumentId("second".into()),
        "Second".into(),
        "second.txt".into(),
        "日本 and 😀 again",
    );
    Command::AddDocument {
        index: 1,
        document: second,
    }
    .apply(&mut project, T0)
    .expect("add");
    let total: usize = project
        .documents()
        .iter()
        .map(|d| d.text().char_len())
        .sum();
    let folder = tempfile::tempdir().expect("temp");
    for format in ExportFormat::ALL {
        let progress = Progress::default();
        assert_eq!(progress.fraction(), 0.0);
        let out = folder.path().join(format!("out.{format}"));
        export_with(&project, format, &out, &Selection::default(), &progress).expect("export");
        assert_eq!(progress.counts(), (total, total), "{format}");
        assert_eq!(progress.fraction(), 1.0, "{format}");
    }
}

#[test]
fn file_names_made_from_document_ids_stay_inside_the_export_and_are_unique() {
    // Ids a hand-edited or foreign file could hold (such a file is refused on load, but an
    // export must be safe whatever project it is given).
    let mut project = Project::new("p", "AK");
    let ids = [
        "../../victim/x",
        "/etc/passwd",
        "a/b",
        "Doc",
        "doc",
        "CON",
        ".hidden",
        "dots..",
        "Zoë’s notes",
    ];
    for (index, id) in ids.iter().enumerate() {
        Command::AddDocument {
            index,
            document: annotary::model::Document::new(
                DocumentId((*id).into()),
                (*id).into(),
                "s".into(),
                format!("Text {index}"),
            ),
        }
        .apply(&mut project, T0)
        .expect("add");
    }
    let folder = tempfile::tempdir().expect("temp");
    let out = folder.path().join("nested").join("brat");
    let exported = export(&project, ExportFormat::Brat, &out, &Selection::default()).expect("brat");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), ids.len(), "{names:?}");
    let lower: std::collections::BTreeSet<String> =
        names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(lower.len(), ids.len(), "unique ignoring case: {names:?}");
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with('.') && !n.contains('/'))
    );
    assert!(names.contains(&"Zoë_s_notes.txt".to_owned()), "{names:?}");
    assert!(names.contains(&"_CON.txt".to_owned()), "{names:?}");
    // Nothing was written beside or above the export's folder.
    let around: Vec<_> = std::fs::read_dir(folder.path().join("nested"))
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(around, ["brat"]);
    assert!(!folder.path().join("victim").exists());
    assert!(
        exported
            .warnings
            .iter()
            .any(|w| w.contains("\"a/b\" as \"a_b\"")),
        "{:?}",
        exported.warnings
    );
    // The same project gives the same names again.
    let again = folder.path().join("again");
    export(&project, ExportFormat::Brat, &again, &Selection::default()).expect("brat");
    let mut second: Vec<String> = std::fs::read_dir(&again)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    second.sort();
    assert_eq!(second, names);

    // The XMI zip's entries too.
    let zip_path = folder.path().join("p.zip");
    export(
        &project,
        ExportFormat::Xmi,
        &zip_path,
        &Selection::default(),
    )
    .expect("xmi");
    let zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).expect("zip")).expect("read");
    for name in zip.file_names() {
        let name = name.expect("a name");
        assert!(!name.contains('/') && !name.starts_with('.'), "{name}");
    }
}

#[test]
fn a_pdfs_pages_go_out_as_a_csv_column_and_jsonl_page_starts() {
    let (project, doc) = project_from_markup("[claim:Page one] ends.\n[actor:Page two] starts.");
    let text = project.document(&doc).expect("doc").text().clone();
    let second = text.paragraphs()[1].start;
    let documents = project
        .documents()
        .iter()
        .map(|d| d.clone().with_pages(vec![0, second]))
        .collect();
    let annotations = project
        .annotations()
        .iter()
        .map(|a| (**a).clone())
        .collect();
    let paged = Project::from_parts(
        project.title.clone(),
        project.tags().clone(),
        project.layers().to_vec(),
        documents,
        annotations,
        project.next_annotation_id().0,
    )
    .expect("valid");
    let folder = tempfile::tempdir().expect("temp");
    let csv_out = folder.path().join("doc.csv");
    run(&paged, ExportFormat::Csv, &csv_out);
    let mut reader = csv::Reader::from_path(&csv_out).expect("csv");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header.last().map(String::as_str), Some("page"));
    let pages: Vec<String> = reader
        .records()
        .map(|r| {
            r.expect("row")
                .iter()
                .next_back()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(pages, ["1", "2"]);
    // Read back, the column is no attribute.
    let read = annotary::formats::csv_table::read(&csv_out);
    assert!(
        read.documents
            .iter()
            .all(|d| d.spans.iter().all(|s| s.attributes.is_empty()))
    );
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let jsonl_out = folder.path().join("doc.jsonl");
    run(&paged, ExportFormat::Jsonl, &jsonl_out);
    let line: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&jsonl_out).expect("jsonl").trim())
            .expect("json");
    assert_eq!(line["page_starts"], serde_json::json!([0, second]));
    // Without pages, neither is written.
    run(&project, ExportFormat::Csv, &csv_out);
    assert!(
        !std::fs::read_to_string(&csv_out)
            .expect("csv")
            .contains("page")
    );
}
