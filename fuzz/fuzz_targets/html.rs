//! The HTML reader on arbitrary text: no panic and no stack overflow however deep the
//! nesting, and the visible text it gives is a document the project can hold.
#![no_main]

use annotary::formats::html;
use annotary::model::{Document, DocumentId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let page = html::visible_text(source);
    let document = Document::new(
        DocumentId("d".into()),
        "d".into(),
        "d.html".into(),
        page.text,
    );
    assert!(document.text().char_len() <= source.chars().count() * 2 + 2);
});
