//! The csv reader on arbitrary bytes: no panic, bounded memory, and what it accepts
//! merges into a project that keeps its invariants.
#![no_main]

use annotary::formats::csv_table;
use libfuzzer_sys::fuzz_target;

mod shared;

fuzz_target!(|data: &[u8]| {
    shared::merged(csv_table::read_bytes(data, "fuzz.csv"));
});
