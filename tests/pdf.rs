//! PDFs come in as the text a reader sees, one paragraph per line, with where each page
//! starts: the five sample articles as PDFs from three producers (fpdf2, reportlab and
//! LibreOffice, made by `tests/fixtures/pdf/make.py`) give back their .txt without its
//! blank lines; words split at a line's end are joined; a scan, a locked file, a damaged
//! file and a picture that draws itself are refused with the file's name; a 10,000-page
//! file is read.

use std::path::{Path, PathBuf};

use annotary::formats::{pdf, plain_text};
use annotary::model::{NewDocumentIds, Project};
use pdf_extract::{Dictionary, Document, Object, Stream};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name)
}

/// A text's paragraphs as a PDF holds them: its lines without the blank ones, and
/// without spaces at their starts and ends (a PDF draws no glyph for them).
fn without_blank_lines(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_sample_articles_as_pdfs_from_three_producers_give_back_their_paragraphs() {
    let articles = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
    let mut checked = 0;
    let mut stems: Vec<String> = std::fs::read_dir(&articles)
        .expect("articles")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    stems.sort();
    assert_eq!(stems.len(), 5);
    let project = Project::default();
    for stem in &stems {
        let txt = std::fs::read_to_string(articles.join(format!("{stem}.txt"))).expect("txt");
        let expected = without_blank_lines(&txt);
        for producer in ["fpdf", "reportlab", "libreoffice"] {
            let path = fixture(&format!("{stem}.{producer}.pdf"));
            let (document, says) = plain_text::read_file(&path, &mut NewDocumentIds::new(&project))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(document.text().as_str(), expected, "{}", path.display());
            assert_eq!(document.page_starts.first(), Some(&0));
            assert!(document.page_problem().is_none(), "{}", path.display());
            if producer != "libreoffice" {
                assert_eq!(says.author.as_deref(), Some("Fixture Writer"));
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 15);
}

#[test]
fn each_page_starts_where_its_text_does() {
    let path = fixture("pages.pdf");
    let project = Project::default();
    let (document, says) =
        plain_text::read_file(&path, &mut NewDocumentIds::new(&project)).expect("reads");
    let expected = std::fs::read_to_string(fixture("pages.pdf.txt")).expect("txt");
    let pages: Vec<&str> = expected.lines().collect();
    assert_eq!(document.text().as_str(), pages.join("\n"));
    assert_eq!(document.page_starts.len(), 3);
    let text = document.text();
    for (i, page) in pages.iter().enumerate() {
        let start = document.page_starts[i];
        assert_eq!(
            text.slice(start, start + page.chars().count()),
            *page,
            "page {}",
            i + 1
        );
        assert_eq!(document.page_at(start), Some(i + 1));
    }
    assert_eq!(document.title, "Three pages");
    assert_eq!(says.created.as_deref(), Some("2000-01-01T00:00:00+00:00"));
}

#[test]
fn a_word_split_at_a_lines_end_is_joined_and_a_compound_keeps_its_hyphen() {
    let bytes = std::fs::read(fixture("hyphens.pdf")).expect("pdf");
    let read = pdf::read(&bytes, "hyphens.pdf").expect("reads");
    let expected = std::fs::read_to_string(fixture("hyphens.pdf.txt")).expect("txt");
    assert_eq!(read.text, expected.trim_end());
}

#[test]
fn a_scan_a_locked_file_and_a_damaged_one_are_refused_with_their_names() {
    let cases = [
        ("scanned.pdf", "no text layer"),
        ("locked.pdf", "locked with a password"),
    ];
    for (name, why) in cases {
        let bytes = std::fs::read(fixture(name)).expect("pdf");
        let refused = pdf::read(&bytes, name).expect_err("refused");
        assert!(refused.starts_with(&format!("{name}: ")), "{refused}");
        assert!(refused.contains(why), "{refused}");
    }
    let bytes = std::fs::read(fixture("pages.pdf")).expect("pdf");
    for cut in [10, bytes.len() / 3, bytes.len() / 2] {
        if let Err(refused) = pdf::read(&bytes[..cut], "cut.pdf") {
            assert!(refused.starts_with("cut.pdf: "), "{refused}");
        }
    }
}

/// A PDF of `pages` pages, each saying which it is, in Helvetica (no font file needed).
fn book(pages: usize, page_content: impl Fn(usize) -> Vec<u8>) -> Document {
    let mut document = Document::with_version("1.7");
    let pages_id = document.new_object_id();
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type1".to_vec()));
    font.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
    let font_id = document.add_object(font);
    let mut fonts = Dictionary::new();
    fonts.set("F1", Object::Reference(font_id));
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts));
    let resources_id = document.add_object(resources);
    let mut kids = Vec::new();
    for number in 0..pages {
        let content = document.add_object(Stream::new(Dictionary::new(), page_content(number)));
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(pages_id));
        page.set("Contents", Object::Reference(content));
        page.set(
            "MediaBox",
            Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()]),
        );
        kids.push(Object::Reference(document.add_object(page)));
    }
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Count", Object::Integer(pages as i64));
    tree.set("Kids", Object::Array(kids));
    tree.set("Resources", Object::Reference(resources_id));
    document.objects.insert(pages_id, Object::Dictionary(tree));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    let catalog_id = document.add_object(catalog);
    document.trailer.set("Root", Object::Reference(catalog_id));
    document
}

fn bytes_of(mut document: Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).expect("in memory");
    bytes
}

#[test]
fn a_ten_thousand_page_pdf_is_read_page_by_page() {
    let pages = 10_000;
    let bytes = bytes_of(book(pages, |n| {
        format!("BT /F1 12 Tf 72 720 Td (Page {} ends.) Tj ET", n + 1).into_bytes()
    }));
    let read = pdf::read(&bytes, "book.pdf").expect("reads");
    assert_eq!(read.page_starts.len(), pages);
    let last = read.page_starts[pages - 1];
    let tail: String = read.text.chars().skip(last).collect();
    assert_eq!(tail, "Page 10000 ends.");
}

#[test]
fn a_picture_that_draws_itself_is_refused_not_followed_until_the_stack_ends() {
    let mut document = book(1, |_| {
        b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET /X1 Do".to_vec()
    });
    let mut form = Dictionary::new();
    form.set("Type", Object::Name(b"XObject".to_vec()));
    form.set("Subtype", Object::Name(b"Form".to_vec()));
    let form_id = document.add_object(Stream::new(form, b"/X1 Do".to_vec()));
    // The page tree's resources name the form, and the form (with none of its own)
    // draws with them: itself.
    let resources_id = document
        .objects
        .iter()
        .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has(b"Font") && !d.has(b"Type")))
        .map(|(id, _)| *id)
        .expect("resources");
    let mut xobjects = Dictionary::new();
    xobjects.set("X1", Object::Reference(form_id));
    if let Some(Object::Dictionary(resources)) = document.objects.get_mut(&resources_id) {
        resources.set("XObject", Object::Dictionary(xobjects));
    }
    let refused = pdf::read(&bytes_of(document), "loop.pdf").expect_err("refused");
    assert!(refused.starts_with("loop.pdf: page 1 "), "{refused}");
    assert!(refused.contains("draws itself"), "{refused}");
}
