//! Export after import: a doccano JSONL file that imports is written in every export
//! format without a panic, and the JSONL and CSV written read back into the same
//! annotations.
#![no_main]

use annotary::formats::outgoing::{Progress, Selection, choose};
use annotary::formats::{brat, conll, csv_table, jsonl, labelstudio, w3c, xmi};
use libfuzzer_sys::fuzz_target;

mod shared;

fuzz_target!(|data: &[u8]| {
    let project = shared::merged(jsonl::read_bytes(data, "fuzz.jsonl", "fuzz"));
    let chosen = choose(&project, &Selection::default()).expect("every layer and document");
    let progress = Progress::default();
    let _ = conll::bio(&chosen, &progress);
    let _ = conll::conllu(&chosen, &progress);
    let _ = labelstudio::tasks(&project, &chosen, &progress);
    let _ = w3c::write(&project, &chosen, &progress);
    for one in &chosen {
        let _ = xmi::document_xmi(&project, one, &[]);
        let _ = brat::ann(&project, one.document.text(), &one.annotations);
    }
    let count = |p: &annotary::model::Project| p.annotations().len();
    let csv = csv_table::write(&project, &chosen, &progress);
    let back = shared::merged(csv_table::read_bytes(csv.as_bytes(), "back.csv"));
    // CSV names documents that only the imported project has; the reference project
    // holds "article", so only rows for it come back.
    assert!(count(&back) <= count(&project));
    let jsonl_out = jsonl::write(&project, &chosen, &progress);
    let again = shared::merged(jsonl::read_bytes(
        jsonl_out.as_bytes(),
        "back.jsonl",
        "back",
    ));
    assert_eq!(
        count(&again),
        count(&project),
        "JSONL written reads back whole"
    );
});
