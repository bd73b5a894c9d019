//! The project file on arbitrary bytes: a file that loads keeps every invariant, lists
//! its coding problems without panicking, and
//! saving it and loading it again gives the same project and the same bytes.
#![no_main]

use std::path::Path;

use annotary::formats::project_file;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(project) = project_file::from_str(source, Path::new("fuzz.ron")) else {
        return;
    };
    assert!(project.problems().is_empty());
    // Coding that does not fit is listed, never a panic.
    let _ = project.coding_problems();
    let _ = project.decision_problems();
    let saved = project_file::to_string(&project);
    let again = project_file::from_str(&saved, Path::new("saved.ron"))
        .expect("a saved project loads again");
    assert_eq!(again, project);
    assert_eq!(project_file::to_string(&again), saved);
});
