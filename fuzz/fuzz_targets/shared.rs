//! What every fuzz target checks after a reader accepted something: the import merges
//! into a project as one change that applies, and the project keeps every invariant.

use annotary::edit::Command;
use annotary::formats::import::{Read, merge};
use annotary::model::{Document, DocumentId, Project, now};

/// A project with one document, "article", whose text has what breaks offsets: CRLF, curly
/// quotes, an emoji, a combining accent, CJK, and Persian with a zero-width non-joiner.
/// It is the text of the seeds `fuzz/make-seeds` writes, so CSV and W3C rows meet it.
pub fn project() -> Project {
    let mut project = Project::new("fuzz", "AK");
    let text = "Kabul\r\n“Moscow” said on 3 July 😀 that Cafe\u{301} 北京 agreed.\n\nذبیح\u{200c}الله spoke.";
    Command::AddDocument {
        index: 0,
        document: Document::new(
            DocumentId("article".into()),
            "article".into(),
            "article.txt".into(),
            text,
        ),
    }
    .apply(&mut project, now())
    .expect("a new document is added");
    project
}

/// Merges `read` into [`project`] and checks the result; returns it for more checks.
pub fn merged(read: Read) -> Project {
    let mut project = project();
    let (command, _report) = merge(&project, read, "fuzz");
    command
        .apply(&mut project, now())
        .expect("an import's change applies to the project it was made for");
    let problems = project.problems();
    assert!(
        problems.is_empty(),
        "an import broke invariants: {problems:?}"
    );
    project
}
