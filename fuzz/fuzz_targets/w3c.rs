//! The w3c reader on arbitrary bytes: no panic, bounded memory, and what it accepts
//! merges into a project that keeps its invariants.
#![no_main]

use annotary::formats::w3c;
use libfuzzer_sys::fuzz_target;

mod shared;

fuzz_target!(|data: &[u8]| {
    shared::merged(w3c::read_bytes(data, "fuzz.json", &shared::project()));
});
