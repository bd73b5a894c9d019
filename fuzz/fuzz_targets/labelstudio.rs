//! The labelstudio reader on arbitrary bytes: no panic, bounded memory, and what it accepts
//! merges into a project that keeps its invariants.
#![no_main]

use annotary::formats::labelstudio;
use libfuzzer_sys::fuzz_target;

mod shared;

fuzz_target!(|data: &[u8]| {
    shared::merged(labelstudio::read_bytes(data, "tasks.json"));
});
