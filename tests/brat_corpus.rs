//! brat's own example corpus (`../shared/corpora/brat-example-data`, beside the checkout)
//! comes in whole and goes out again: import then export gives back the same set of lines
//! for every document, up to renumbered ids. Lines are compared by what they say, each id
//! replaced by what it names (a `T` by its type and offsets, an `E` by its type, trigger
//! and arguments), so `T3` and `T7` are the same line when they cover the same text.
//! CI sets `ANNOTARY_CORPORA=required`, so the check cannot pass by not finding the corpus.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use annotary::formats::brat;
use annotary::formats::export::{ExportFormat, Selection, export};
use annotary::formats::import::merge;
use annotary::model::Project;
use common::T0;
use common::brat_lines::meanings;

fn corpus() -> Option<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = here.join("../shared/corpora/brat-example-data");
    if corpus.is_dir() {
        return Some(corpus);
    }
    assert!(
        std::env::var("ANNOTARY_CORPORA").as_deref() != Ok("required"),
        "{} is missing",
        corpus.display()
    );
    eprintln!("skipped: {} is not here", corpus.display());
    None
}

/// Lines in, kept (imported without a problem) and given back, per kind.
#[derive(Default, Debug)]
struct Counts {
    lines_in: BTreeMap<char, usize>,
    given_back: BTreeMap<char, usize>,
    missing: Vec<String>,
    added: Vec<String>,
}

#[test]
fn every_line_of_brats_example_corpus_comes_back_after_import_and_export() {
    let Some(corpus) = corpus() else { return };
    let mut counts = Counts::default();
    let mut problems = Vec::new();
    let mut folders: Vec<PathBuf> = Vec::new();
    // Each folder with an annotation.conf is one collection, imported on its own.
    for conf in walk(&corpus)
        .into_iter()
        .filter(|p| p.ends_with("annotation.conf"))
    {
        folders.push(conf.parent().expect("folder").to_owned());
    }
    assert!(folders.len() >= 8, "collections found: {folders:?}");
    for folder in folders {
        let mut project = Project::default();
        let read = brat::read(&folder);
        let (command, report) = merge(&project, read, "brat");
        command.apply(&mut project, T0).expect("the import applies");
        problems.extend(report.problems.iter().cloned());
        // The same collection again finds all of it there and adds nothing.
        let (_, again) = merge(&project, brat::read(&folder), "brat");
        assert_eq!(
            (
                again.annotations,
                again.relations,
                again.values,
                again.documents_added
            ),
            (0, 0, 0, 0),
            "{}: a second import added something",
            folder.display()
        );
        assert_eq!(
            (again.annotations_present, again.relations_present),
            (report.annotations, report.relations),
            "{}",
            folder.display()
        );
        assert!(
            project.problems().is_empty(),
            "{}: {:?}",
            folder.display(),
            &project.problems()[..project.problems().len().min(5)]
        );
        let out = tempfile::tempdir().expect("temp");
        export(
            &project,
            ExportFormat::Brat,
            out.path(),
            &Selection::default(),
        )
        .expect("export");
        compare(&folder, out.path(), &project, &mut counts);
    }
    eprintln!("lines in: {:?}", counts.lines_in);
    eprintln!("given back: {:?}", counts.given_back);
    eprintln!("problems reported: {}", problems.len());
    // The one line the import reports: an equivalence of an annotation with itself
    // (`*  Equiv T63 T63`), which says nothing and is no link.
    assert_eq!(
        problems.len(),
        1,
        "{:?}",
        &problems[..problems.len().min(10)]
    );
    assert!(problems[0].contains("T63 to itself"), "{problems:?}");
    let explained =
        |line: &String| line.contains("PMC2858072-02-Results_and_Discussion-01.ann: * Equiv");
    counts.missing.retain(|line| !explained(line));
    assert!(
        counts.missing.is_empty() && counts.added.is_empty(),
        "missing {}: {:?}\nadded {}: {:?}",
        counts.missing.len(),
        &counts.missing[..counts.missing.len().min(8)],
        counts.added.len(),
        &counts.added[..counts.added.len().min(8)]
    );
    // The corpus as ORIGIN.md counts it: every kind of line is there and came back.
    for kind in ['T', 'R', 'A', 'E', '#', '*', 'N'] {
        assert!(
            counts.given_back.get(&kind).copied().unwrap_or(0) > 0,
            "no {kind} lines"
        );
    }
}

/// Compares each `.ann` of `folder` with the export in `out` of the same document.
fn compare(folder: &Path, out: &Path, project: &Project, counts: &mut Counts) {
    for ann in walk(folder)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ann"))
    {
        let original = std::fs::read_to_string(&ann).expect("ann");
        let text = std::fs::read_to_string(ann.with_extension("txt")).expect("txt");
        let document = project
            .documents()
            .iter()
            .find(|d| d.text().as_str() == text)
            .expect("the document came in");
        let exported = std::fs::read_dir(out)
            .expect("out")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t == document.text().as_str()))
            .expect("the document went out");
        let back = std::fs::read_to_string(exported.with_extension("ann")).expect("ann back");
        let (before, after) = (meanings(&original), meanings(&back));
        for (kind, _) in &before {
            *counts.lines_in.entry(*kind).or_default() += 1;
        }
        for line in before.intersection(&after) {
            *counts.given_back.entry(line.0).or_default() += 1;
        }
        let name = ann.display();
        counts.missing.extend(
            before
                .difference(&after)
                .map(|l| format!("{name}: {}", l.1)),
        );
        counts.added.extend(
            after
                .difference(&before)
                .map(|l| format!("{name}: {}", l.1)),
        );
    }
}

fn walk(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![folder.to_owned()];
    while let Some(at) = todo.pop() {
        for entry in std::fs::read_dir(&at).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
