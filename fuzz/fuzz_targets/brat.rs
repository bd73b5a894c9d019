//! The brat reader on an arbitrary `.txt` and `.ann` (the input split at its first NUL):
//! no panic, bounded memory, and what it accepts keeps the project's invariants.
#![no_main]

use annotary::formats::brat;
use annotary::formats::import::Read;
use libfuzzer_sys::fuzz_target;

mod shared;

fuzz_target!(|data: &[u8]| {
    let (text, ann) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&data[..0], data),
    };
    let mut read = Read::default();
    let names = ("fuzz.txt".to_owned(), "fuzz.ann".to_owned());
    brat::read_document(
        &mut read,
        "fuzz".into(),
        "fuzz.txt".into(),
        (text.to_vec(), ann.to_vec()),
        &names,
    );
    shared::merged(read);
});
