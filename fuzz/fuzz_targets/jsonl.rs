//! The jsonl reader on arbitrary bytes: no panic, bounded memory, and what it accepts
//! merges into a project that keeps its invariants.
#![no_main]

use annotary::formats::jsonl;
use libfuzzer_sys::fuzz_target;

mod shared;

fuzz_target!(|data: &[u8]| {
    shared::merged(jsonl::read_bytes(data, "fuzz.jsonl", "fuzz"));
});
