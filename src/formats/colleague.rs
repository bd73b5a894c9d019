//! Bringing a colleague's project in to compare: their layers join this project, on the
//! same documents. A document is matched by its text (content hash); failing that by its
//! title or id, and then each annotation is re-anchored: through the text without white
//! space when only spaces and line endings differ, else by finding its quote nearest to
//! where it was. Their pieces, values, links, document labels and schema come along.
//! Whatever cannot be placed is listed, never dropped silently.
//!
//! A colleague's project is another file coming in, so this sits with the importers it
//! shares its merge with.

use crate::edit::Command;
use crate::model::spacing::Spacing;
use crate::model::{Annotation, Document, Project, Text, now};

use super::import::{Incoming, IncomingSpan, Read, merge};
use super::incoming::{IncomingLabel, IncomingRelation};

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

/// The pieces in `ours` of an annotation of `theirs` (one piece for a continuous one), if
/// they can be found: mapped piece by piece, or (other text) the stretch from its first
/// piece to its last found again nearest to where it was, the pieces moving with it.
fn reanchor(
    anchoring: &Anchoring,
    a: &Annotation,
    ours: &Text,
    theirs: &Text,
) -> Option<Vec<(usize, usize)>> {
    match anchoring {
        Anchoring::Same => Some(a.pieces().collect()),
        Anchoring::Spacing(spacing) => a.pieces().map(|(s, e)| spacing.map(s, e)).collect(),
        Anchoring::Quotes => {
            let stretch = theirs.slice(a.start, a.end);
            let source = ours.as_str();
            let expected = a.start * ours.char_len() / theirs.char_len().max(1);
            let start = source
                .match_indices(stretch)
                .map(|(byte, _)| ours.char_of_byte(byte))
                .min_by_key(|&start| start.abs_diff(expected))?;
            Some(
                a.pieces()
                    .map(|(s, e)| (s - a.start + start, e - a.start + start))
                    .collect(),
            )
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
        // Their schema comes along, widened into ours where it declares more.
        read.schema = theirs.schema().clone();
        for (document, ours, anchoring) in &matched {
            let (incoming, reanchored) = carried(
                theirs,
                layer,
                document,
                ours,
                anchoring,
                from,
                &mut brought.problems,
            );
            brought.reanchored += reanchored;
            read.documents.push(incoming);
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
    (Command::Batch(commands), brought)
}

/// One of their documents' annotations, links and labels in `layer`, placed on our
/// document, and how many annotations were re-anchored. What cannot be placed is a
/// problem; a link to it goes with it (the merge says so).
fn carried(
    theirs: &Project,
    layer: &crate::model::Layer,
    document: &Document,
    ours: &Document,
    anchoring: &Anchoring,
    from: &str,
    problems: &mut Vec<String>,
) -> (Incoming, usize) {
    let mut spans = Vec::new();
    let mut reanchored = 0;
    let mut relations = Vec::new();
    for a in theirs
        .annotations_in(&document.id)
        .iter()
        .filter(|a| a.layer == layer.name)
    {
        let at = format!("{from}: annotation {} in “{}”", a.id.0, document.title);
        for r in theirs
            .relations()
            .of(a.id)
            .into_iter()
            .filter(|r| r.from == a.id)
        {
            relations.push(IncomingRelation {
                kind: r.kind.clone(),
                from: r.from.0.to_string(),
                to: r.to.0.to_string(),
                note: r.note.clone(),
                at: format!("{from}: link {} in “{}”", r.id.0, document.title),
            });
        }
        let Some(pieces) = reanchor(anchoring, a, ours.text(), document.text()) else {
            problems.push(format!(
                "{from}: annotation {} ({} “{}”) in “{}” could not be re-anchored: its text is not in this project's version",
                a.id.0, a.tag, a.quote, document.title
            ));
            continue;
        };
        if !matches!(anchoring, Anchoring::Same) {
            reanchored += 1;
        }
        let (start, end) = (pieces[0].0, pieces[pieces.len() - 1].1);
        spans.push(IncomingSpan {
            start,
            end,
            tag: a.tag.clone(),
            note: a.note.clone(),
            at,
            key: a.id.0.to_string(),
            fragments: if pieces.len() > 1 { pieces } else { Vec::new() },
            attributes: a.attributes.clone(),
            ..IncomingSpan::default()
        });
    }
    let labels = theirs
        .labels_of(&document.id, &layer.name)
        .map(|(name, value)| IncomingLabel {
            layer: None,
            name: name.to_owned(),
            value: value.clone(),
            at: format!("{from}: label {name} of “{}”", document.title),
        })
        .collect();
    let incoming = Incoming {
        id: ours.id.0.clone(),
        title: ours.title.clone(),
        source: from.to_owned(),
        text: Some(ours.text().as_str().to_owned()),
        spans,
        relations,
        labels,
    };
    (incoming, reanchored)
}

/// What to call a colleague whose project is at `path`: the file's stem ("bm" for
/// `bm.ron`), or "colleague". Their layers are renamed after it when names clash.
pub fn colleague_name(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "colleague".to_owned())
}
