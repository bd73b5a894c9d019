//! Bringing a colleague's project in to compare: their layers join this project, on the
//! same documents. A document is matched by its text (content hash); failing that by its
//! title or id, and then each annotation is re-anchored: through the text without white
//! space when only spaces and line endings differ, else by finding its quote nearest to
//! where it was. Whatever cannot be placed is listed, never dropped silently.
//!
//! A colleague's project is another file coming in, so this sits with the importers it
//! shares its merge with.

use crate::edit::Command;
use crate::model::spacing::Spacing;
use crate::model::{Annotation, Document, Project, Text, now};

use super::import::{Incoming, IncomingSpan, Read, merge};

/// What bringing a colleague's project did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Brought {
    /// Each of their layers and the name it has here (renamed if this project had it).
    pub layers: Vec<(String, String)>,
    pub documents_matched: usize,
    pub annotations: usize,
    /// Annotations placed by re-anchoring rather than at their own offsets.
    pub reanchored: usize,
    pub tags_added: Vec<String>,
    /// Documents matched in another way than by their text, and why; what was not brought.
    pub notes: Vec<String>,
    pub problems: Vec<String>,
}

/// How one of their documents maps onto one of ours.
enum Anchoring {
    /// Same text: offsets carry over.
    Same,
    /// Same text but for white space: offsets map through the non-space characters.
    Spacing(Spacing),
    /// Other text: each annotation is found again by its quote.
    Quotes,
}

/// The span in `ours` for an annotation of `theirs`, if it can be found.
fn reanchor(
    anchoring: &Anchoring,
    a: &Annotation,
    ours: &Text,
    theirs_len: usize,
) -> Option<(usize, usize)> {
    match anchoring {
        Anchoring::Same => Some((a.start, a.end)),
        Anchoring::Spacing(spacing) => spacing.map(a.start, a.end),
        Anchoring::Quotes => {
            let source = ours.as_str();
            let expected = a.start * ours.char_len() / theirs_len.max(1);
            source
                .match_indices(a.quote.as_str())
                .map(|(byte, _)| ours.char_of_byte(byte))
                .min_by_key(|&start| start.abs_diff(expected))
                .map(|start| (start, start + a.quote.chars().count()))
        }
    }
}

/// Our document for one of theirs, and how to carry its annotations over.
fn match_document<'a>(
    project: &'a Project,
    theirs: &Document,
) -> Option<(&'a Document, Anchoring)> {
    if let Some(ours) = project
        .documents()
        .iter()
        .find(|d| d.content_hash() == theirs.content_hash())
    {
        return Some((ours, Anchoring::Same));
    }
    let ours = project
        .documents()
        .iter()
        .find(|d| d.title == theirs.title)
        .or_else(|| project.document(&theirs.id))?;
    match Spacing::between(theirs.text().as_str(), ours.text().as_str()) {
        Some(spacing) => Some((ours, Anchoring::Spacing(spacing))),
        None => Some((ours, Anchoring::Quotes)),
    }
}

/// A layer name not yet used here: theirs, or theirs with where it came from.
fn unused_layer_name(
    project: &Project,
    taken: &[(String, String)],
    name: &str,
    from: &str,
) -> String {
    let used =
        |n: &str| project.layers().iter().any(|l| l.name == n) || taken.iter().any(|(_, t)| t == n);
    if !used(name) {
        return name.to_owned();
    }
    let mut candidate = format!("{name} ({from})");
    let mut n = 2;
    while used(&candidate) {
        candidate = format!("{name} ({from} {n})");
        n += 1;
    }
    candidate
}

/// The change that adds `theirs`' layers to `project` (one undo step), and a report.
/// `from` names their file in layer names and messages.
pub fn bring(project: &Project, theirs: &Project, from: &str) -> (Command, Brought) {
    let mut brought = Brought::default();
    let mut matched = Vec::new();
    for document in theirs.documents() {
        let count = theirs.annotations_in(&document.id).len();
        match match_document(project, document) {
            Some((ours, anchoring)) => {
                brought.documents_matched += 1;
                match &anchoring {
                    Anchoring::Same => {}
                    Anchoring::Spacing(_) => brought.notes.push(format!(
                        "“{}”: the text differs from this project's only in white space or line endings; its annotations were re-anchored",
                        document.title
                    )),
                    Anchoring::Quotes => brought.notes.push(format!(
                        "“{}”: the text differs from this project's; its annotations were re-anchored by their quotes",
                        document.title
                    )),
                }
                matched.push((document, ours, anchoring));
            }
            None => brought.problems.push(format!(
                "{from}: document “{}” ({}) is not in this project (no document with its text, title or id): its {count} annotations were not brought",
                document.title, document.id
            )),
        }
    }
    let mut scratch = project.clone();
    let mut commands = Vec::new();
    for layer in theirs.layers() {
        let name = unused_layer_name(project, &brought.layers, &layer.name, from);
        let mut read = Read::default();
        for (document, ours, anchoring) in &matched {
            let mut spans = Vec::new();
            for a in theirs
                .annotations_in(&document.id)
                .iter()
                .filter(|a| a.layer == layer.name)
            {
                match reanchor(anchoring, a, ours.text(), document.text().char_len()) {
                    Some((start, end)) => {
                        if !matches!(anchoring, Anchoring::Same) {
                            brought.reanchored += 1;
                        }
                        spans.push(IncomingSpan {
                            layer: None,
                            start,
                            end,
                            tag: a.tag.clone(),
                            note: a.note.clone(),
                            quote: None,
                            at: format!("{from}: annotation {} in “{}”", a.id.0, document.title),
                                                    ..IncomingSpan::default()
});
                    }
                    None => brought.problems.push(format!(
                        "{from}: annotation {} ({} “{}”) in “{}” could not be re-anchored: its text is not in this project's version",
                        a.id.0, a.tag, a.quote, document.title
                    )),
                }
            }
            read.documents.push(Incoming {
                id: ours.id.0.clone(),
                title: ours.title.clone(),
                source: from.to_owned(),
                text: Some(ours.text().as_str().to_owned()),
                spans,
                ..Incoming::default()
            });
        }
        let (command, report) = merge(&scratch, read, &name);
        match command.clone().apply(&mut scratch, now()) {
            Ok(_) => {
                commands.push(command);
                brought.annotations += report.annotations;
                brought.tags_added.extend(report.tags_added);
                brought.problems.extend(report.problems);
            }
            Err(error) => brought.problems.push(format!(
                "{from}: layer {} could not be brought: {error}",
                layer.name
            )),
        }
        brought.layers.push((layer.name.clone(), name));
    }
    if let Some(note) = coding_not_brought(theirs) {
        brought.notes.push(format!("{from}: {note}"));
    }
    (Command::Batch(commands), brought)
}

/// What of their coding beyond spans is not brought over yet, said rather than dropped.
fn coding_not_brought(theirs: &Project) -> Option<String> {
    let values: usize = theirs
        .annotations()
        .iter()
        .map(|a| a.attributes.len())
        .sum();
    let pieced = theirs
        .annotations()
        .iter()
        .filter(|a| a.is_discontinuous())
        .count();
    let counts = (
        theirs.relations().len(),
        values,
        theirs.labels().len(),
        pieced,
    );
    let lost = super::outgoing::coding_left_out(counts, "brought");
    (!lost.is_empty()).then(|| format!("not brought yet: {}", lost.join(", ")))
}

/// What to call a colleague whose project is at `path`: the file's stem ("bm" for
/// `bm.ron`), or "colleague". Their layers are renamed after it when names clash.
pub fn colleague_name(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "colleague".to_owned())
}
