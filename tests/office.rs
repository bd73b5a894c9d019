//! Word, OpenDocument, RTF and EPUB files come in as the text a reader sees: the five
//! sample articles (made into .docx, .odt and .rtf by `tests/fixtures/office/make.py`, one
//! paragraph per line)
//! give back their .txt exactly, and a file of each format with headings, lists, a table,
//! a note, a field, hidden and deleted text, tabs, breaks and hard scripts gives the text
//! written beside it. A damaged file is refused with its name, and nothing comes in.

use std::path::{Path, PathBuf};

use annotary::formats::import_format::add_documents;
use annotary::formats::{docx, epub, odt, plain_text, rtf};
use annotary::model::{NewDocumentIds, Project};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn articles() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(fixtures().join("articles"))
        .expect("articles")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    found.sort();
    found
}

#[test]
fn the_sample_articles_as_word_and_opendocument_files_give_back_their_text() {
    let articles = articles();
    assert_eq!(articles.len(), 5);
    let project = Project::default();
    for txt in articles {
        let expected = std::fs::read_to_string(&txt).expect("txt");
        for extension in ["docx", "odt", "rtf"] {
            let office = fixtures()
                .join("office")
                .join(txt.file_name().expect("name"))
                .with_extension(extension);
            let document = plain_text::read_document(&office, &mut NewDocumentIds::new(&project))
                .unwrap_or_else(|e| panic!("{}: {e}", office.display()));
            assert_eq!(document.text().as_str(), expected, "{}", office.display());
            // No title in the file: the first line is the title, as for a .txt.
            assert_eq!(
                document.title,
                plain_text::title_of(&expected).expect("a line")
            );
            assert_eq!(
                document.source,
                office.file_name().expect("name").to_string_lossy()
            );
        }
    }
}

#[test]
fn a_word_file_leaves_out_what_a_reader_does_not_see_and_lays_out_the_rest() {
    let path = fixtures().join("office/features.docx");
    let bytes = std::fs::read(&path).expect("docx");
    let read = docx::read(&bytes, "features.docx").expect("reads");
    let expected = std::fs::read_to_string(path.with_extension("docx.txt")).expect("txt");
    assert_eq!(read.text, expected);
    for left_out in ["secret", "DOCPROPERTY", "hidden words", "deleted"] {
        assert!(!read.text.contains(left_out), "{left_out}");
    }
    assert_eq!(read.title.as_deref(), Some("Features of a Word file"));
    assert_eq!(read.author.as_deref(), Some("Fixture Writer"));
    assert_eq!(read.created.as_deref(), Some("2025-07-03T09:30:00Z"));
}

#[test]
fn an_opendocument_file_reads_its_white_space_notes_and_tables_as_odf_says() {
    let path = fixtures().join("office/features.odt");
    let bytes = std::fs::read(&path).expect("odt");
    let read = odt::read(&bytes, "features.odt").expect("reads");
    let expected = std::fs::read_to_string(path.with_extension("odt.txt")).expect("txt");
    assert_eq!(read.text, expected);
    assert!(!read.text.contains("a comment, not text"));
    assert_eq!(
        read.title.as_deref(),
        Some("Features of an OpenDocument file")
    );
    assert_eq!(read.author.as_deref(), Some("Fixture Writer"));
    assert_eq!(read.created.as_deref(), Some("2025-07-03T09:30:00"));
}

#[test]
fn a_titled_office_file_is_named_by_its_title_and_a_damaged_one_comes_in_as_nothing() {
    let folder = tempfile::tempdir().expect("temp");
    let good = folder.path().join("features.docx");
    std::fs::copy(fixtures().join("office/features.docx"), &good).expect("copy");
    let bad = folder.path().join("broken.docx");
    std::fs::write(&bad, b"PK\x03\x04 not really a zip").expect("bad");
    let other = folder.path().join("plain.odt");
    // A zip that is no OpenDocument file.
    {
        let file = std::fs::File::create(&other).expect("zip");
        let mut zip = zip::ZipWriter::new(file);
        zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .expect("entry");
        std::io::Write::write_all(&mut zip, b"hello").expect("write");
        zip.finish().expect("finish");
    }
    let project = Project::default();
    let added = add_documents(&project, &[folder.path().to_owned()]);
    assert_eq!(added.added, 1, "{:?}", added.problems);
    assert_eq!(added.problems.len(), 2, "{:?}", added.problems);
    assert!(
        added
            .problems
            .iter()
            .any(|p| p.contains("broken.docx") && p.contains("not a readable zip")),
        "{:?}",
        added.problems
    );
    assert!(
        added
            .problems
            .iter()
            .any(|p| p.contains("plain.odt") && p.contains("no content.xml")),
        "{:?}",
        added.problems
    );
    let mut project = project;
    added
        .command
        .expect("one document")
        .apply(&mut project, annotary::model::now())
        .expect("applies");
    assert!(project.problems().is_empty(), "{:?}", project.problems());
    let document = &project.documents()[0];
    assert_eq!(document.title, "Features of a Word file");
    // What the file says of its author and date are the document's source labels.
    let labels = source_labels(&project, &document.id);
    assert_eq!(labels["author"], "Fixture Writer");
    assert_eq!(labels["created"], "2025-07-03");
}

#[test]
fn an_rtf_file_keeps_field_results_notes_and_every_character_and_leaves_out_the_rest() {
    let path = fixtures().join("office/features.rtf");
    let bytes = std::fs::read(&path).expect("rtf");
    let read = rtf::read(&bytes, "features.rtf").expect("reads");
    let expected = std::fs::read_to_string(path.with_extension("rtf.txt")).expect("txt");
    assert_eq!(read.text, expected);
    for left_out in [
        "secret",
        "hidden",
        "Times New Roman",
        "Fixture Writer;",
        "not text",
        "Nobody",
    ] {
        assert!(!read.text.contains(left_out), "{left_out}");
    }
    assert_eq!(read.title.as_deref(), Some("Features of an RTF file"));
    assert_eq!(read.author.as_deref(), Some("Fixture Writer"));
    assert_eq!(read.created.as_deref(), Some("2025-07-03T09:30:00"));
    assert!(rtf::read(b"not rtf at all", "x.rtf").is_err());
    let deep = format!("{{\\rtf1 {}", "{".repeat(5_000));
    let refused = rtf::read(deep.as_bytes(), "deep.rtf").expect_err("too deep");
    assert!(refused.contains("deep.rtf"), "{refused}");
}

#[test]
fn an_epub_book_reads_its_chapters_in_spine_order_without_the_navigation_page() {
    let path = fixtures().join("office/features.epub");
    let bytes = std::fs::read(&path).expect("epub");
    let read = epub::read(&bytes, "features.epub").expect("reads");
    let expected = std::fs::read_to_string(path.with_extension("epub.txt")).expect("txt");
    assert_eq!(read.text, expected);
    assert_eq!(read.title.as_deref(), Some("Features of an EPUB book"));
    assert_eq!(read.author.as_deref(), Some("Fixture Writer"));
    assert_eq!(read.created.as_deref(), Some("2025-07-03"));
}

/// The labels `add_documents` gave the document `id` in the `source` layer, by name.
fn source_labels(
    project: &Project,
    id: &annotary::model::DocumentId,
) -> std::collections::BTreeMap<String, String> {
    project
        .labels_of(id, "source")
        .map(|(name, value)| {
            let shown = match value {
                annotary::model::AttributeValue::Text(t) => t.clone(),
                annotary::model::AttributeValue::Number(n) => n.to_string(),
                annotary::model::AttributeValue::Flag(f) => f.to_string(),
            };
            (name.to_owned(), shown)
        })
        .collect()
}

#[test]
fn a_nexis_export_splits_into_its_articles_with_outlet_date_byline_section_and_length() {
    let texts: Vec<String> = articles()
        .iter()
        .map(|t| std::fs::read_to_string(t).expect("txt"))
        .collect();
    for export in ["nexis-uni.docx", "nexis.txt"] {
        let mut project = Project::new("Study", "AK");
        let path = fixtures().join("office").join(export);
        let added = add_documents(&project, std::slice::from_ref(&path));
        assert!(added.problems.is_empty(), "{:?}", added.problems);
        assert_eq!(added.added, 5, "{export}");
        assert_eq!(added.split.len(), 1);
        assert_eq!(added.split[0].1.len(), 5);
        added
            .command
            .expect("articles")
            .apply(&mut project, annotary::model::now())
            .expect("applies");
        assert!(project.problems().is_empty(), "{:?}", project.problems());
        let documents = project.documents();
        for (document, text) in documents.iter().zip(&texts) {
            assert_eq!(
                document.text().as_str(),
                text,
                "{export}: {}",
                document.title
            );
        }
        assert_eq!(
            documents[0].title,
            "Russia's recognition of the Taliban stuns the world"
        );
        let labels = source_labels(&project, &documents[3].id);
        let expected: Vec<(&str, &str)> = vec![
            ("byline", "D. Explainer"),
            ("length", "1187"),
            ("outlet", "Explainer Weekly"),
            ("published", "2025-07-04"),
            ("section", "Explainers"),
        ];
        assert_eq!(
            labels
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
            expected,
            "{export}"
        );
        assert_eq!(
            source_labels(&project, &documents[1].id)["byline"],
            "B. Analyst and C. Writer"
        );
        // Imported again, every article is already there.
        let again = add_documents(&project, &[path]);
        assert_eq!((again.added, again.present.len()), (0, 5), "{export}");
    }
}

#[test]
fn a_label_the_project_defines_otherwise_keeps_its_definition_and_a_value_not_fitting_is_said() {
    use annotary::model::{AttributeDef, AttributeKind};
    let mut project = Project::new("Study", "AK");
    let mut schema = project.schema().clone();
    let outlets = AttributeKind::OneOf(vec!["Explainer Weekly".into()]);
    schema.labels.retain(|l| l.name != "outlet");
    schema.labels.push(AttributeDef {
        name: "outlet".into(),
        kind: outlets,
        tags: Vec::new(),
        default: None,
        description: "The outlets of the study.".into(),
    });
    annotary::edit::Command::SetSchema(schema)
        .apply(&mut project, annotary::model::now())
        .expect("schema");
    let path = fixtures().join("office").join("nexis.txt");
    let added = add_documents(&project, &[path]);
    assert_eq!(added.added, 5);
    added
        .command
        .expect("articles")
        .apply(&mut project, annotary::model::now())
        .expect("applies");
    assert!(
        project.coding_problems().is_empty(),
        "{:?}",
        project.coding_problems()
    );
    let kind = &project.schema().label("outlet").expect("kept").kind;
    assert!(matches!(kind, AttributeKind::OneOf(_)), "{kind:?}");
    let documents = project.documents();
    assert_eq!(
        source_labels(&project, &documents[3].id)["outlet"],
        "Explainer Weekly"
    );
    // The four other outlets are not in the list: left out, and said once per outlet
    // with the articles it was left out of.
    let unset = documents
        .iter()
        .filter(|d| !source_labels(&project, &d.id).contains_key("outlet"));
    assert_eq!(unset.count(), 4);
    let said: Vec<&String> = added
        .notes
        .iter()
        .filter(|n| n.starts_with("outlet not set on"))
        .collect();
    assert_eq!(said.len(), 4, "{:?}", added.notes);
    assert!(
        said.iter()
            .all(|n| n.contains("is not one of Explainer Weekly")),
        "{said:?}"
    );
}

#[test]
fn a_file_that_only_looks_like_an_export_or_is_asked_whole_comes_in_as_one_document() {
    use annotary::formats::new_documents::{NewsExports, add_documents_as};
    let project = Project::default();
    let looks = fixtures().join("office/looks-like-news.docx");
    let added = add_documents(&project, &[looks]);
    assert_eq!(added.added, 1);
    assert!(
        added.notes[0].contains("no “End of Document”"),
        "{:?}",
        added.notes
    );
    let whole = add_documents_as(
        &project,
        &[fixtures().join("office/nexis-uni.docx")],
        NewsExports::Whole,
    );
    assert_eq!((whole.added, whole.kept_whole), (1, 1));
    assert!(whole.split.is_empty());
    // Kept whole, it is one file: its author and date are its labels.
    let mut whole_project = Project::default();
    whole
        .command
        .expect("one document")
        .apply(&mut whole_project, annotary::model::now())
        .expect("applies");
    let labels = source_labels(&whole_project, &whole_project.documents()[0].id);
    assert_eq!(labels["author"], "Fixture Writer");
}

/// A zip holding `parts`, each deflated.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, contents) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        std::io::Write::write_all(&mut zip, contents).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

#[test]
fn spelled_out_spaces_and_a_spine_naming_one_chapter_again_and_again_are_refused() {
    // 150,000 × 1,000 spaces from 3 MB of XML: past the 128 MiB of text a file may make.
    let content = format!(
        "<office:document-content xmlns:office=\"o\" xmlns:text=\"t\"><office:body><office:text><text:p>{}</text:p></office:text></office:body></office:document-content>",
        "<text:s text:c=\"1000\"/>".repeat(150_000)
    );
    let odt = zip_of(&[("content.xml", content.as_bytes())]);
    let refused = odt::read(&odt, "spaces.odt").expect_err("refused");
    assert!(
        refused.contains("spaces.odt: content.xml makes more than 128 MiB"),
        "{refused}"
    );

    // One 2 MiB chapter named 300 times by the spine: past 512 MiB read in all.
    let chapter = format!("<html><body><p>{}</p></body></html>", "a".repeat(2 << 20));
    let spine = "<itemref idref=\"c\"/>".repeat(300);
    let opf = format!(
        "<package><manifest><item id=\"c\" href=\"c.xhtml\"/></manifest><spine>{spine}</spine></package>"
    );
    let container = "<container><rootfiles><rootfile full-path=\"p.opf\"/></rootfiles></container>";
    let book = zip_of(&[
        ("META-INF/container.xml", container.as_bytes()),
        ("p.opf", opf.as_bytes()),
        ("c.xhtml", chapter.as_bytes()),
    ]);
    let refused = epub::read(&book, "loop.epub").expect_err("refused");
    assert!(
        refused.contains("loop.epub: its parts inflate past 512 MiB"),
        "{refused}"
    );
}
