//! The Word, OpenDocument, EPUB and RTF readers on arbitrary bytes (a zip or not): no
//! panic, memory bounded by the part cap, and the text each gives is a document the
//! project can hold; the news-export split on the bytes as text; and the REFI-QDA
//! project reader.
#![no_main]

use annotary::formats::{docx, epub, news, odt, qdpx_read, rtf};
use annotary::model::{Document, DocumentId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A news export's split, on the bytes as text: each article's text is from the file.
    if let news::Split::Articles(articles) = news::split(&String::from_utf8_lossy(data)) {
        for article in articles {
            assert!(article.text.len() <= data.len() * 3);
        }
    }
    // A REFI-QDA project's zip: whatever it holds, an import's read and no panic.
    let _ = qdpx_read::read_bytes(data, "fuzz.qdpx", &annotary::model::Project::default());
    for read in [docx::read, odt::read, epub::read, rtf::read] {
        if let Ok(office) = read(data, "fuzz") {
            let document = Document::new(
                DocumentId("d".into()),
                "d".into(),
                "d.docx".into(),
                office.text,
            );
            assert!(document.text().as_str().len() as u64 <= 4 * annotary::formats::office_zip::MAX_PART_BYTES);
        }
    }
});
