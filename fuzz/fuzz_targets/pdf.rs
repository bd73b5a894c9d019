//! The PDF reader on arbitrary bytes: no panic past its guard, no endless recursion,
//! memory bounded by the inflate limit, and the page starts it gives fit its text.
#![no_main]

use annotary::formats::pdf;
use annotary::model::{Document, DocumentId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The reader catches the PDF library's panics; libFuzzer's hook would abort on them
    // before they are caught, so it is replaced with a silent one.
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    if let Ok(read) = pdf::read(data, "fuzz.pdf") {
        let document = Document::new(DocumentId("d".into()), "d".into(), "d.pdf".into(), read.text)
            .with_pages(read.page_starts);
        assert_eq!(document.page_problem(), None);
    }
});
