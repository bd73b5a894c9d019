//! The xmi reader on arbitrary bytes: no panic, bounded memory, and what it accepts
//! merges into a project that keeps its invariants.
#![no_main]

use annotary::formats::xmi;
use libfuzzer_sys::fuzz_target;

mod shared;

fuzz_target!(|data: &[u8]| {
    shared::merged(xmi::read_bytes(data, "fuzz.zip"));
});
