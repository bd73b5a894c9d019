//! Builds `projects/demo.ron` from the sample corpus:
//! `cargo run --example make_demo -- ../shared/corpus projects/demo.ron`.
//!
//! Two annotators tag the first article, so that review has agreements and every kind of
//! disagreement to show: the same span and tag, another tag, other boundaries, one-sided.
//! Then `demo_coding.ron` adds the rest: AK codes all five articles with claimants, dates,
//! stances and date values, BM a second article, with links and attributes that
//! sometimes disagree with AK's; and each annotator's document labels.

use std::path::PathBuf;

use annotary::edit::Command;
use annotary::formats::project_file;
use std::collections::BTreeMap;

use annotary::model::{AnnotationId, AttributeValue, Document, DocumentId, Layer, Project};
use jiff::Timestamp;
use serde::Deserialize;

/// The coding beyond article 000's spans.
const CODING: &str = include_str!("demo_coding.ron");

#[derive(Deserialize)]
struct Coding {
    labels: Vec<LabelSpec>,
    marks: Vec<MarkSpec>,
    attributes: Vec<AttributeSpec>,
    links: Vec<LinkSpec>,
}

#[derive(Deserialize)]
struct LabelSpec {
    document: String,
    layer: String,
    name: String,
    value: AttributeValue,
}

#[derive(Deserialize)]
struct MarkSpec {
    layer: String,
    document: String,
    tag: String,
    quote: String,
    nth: usize,
    note: String,
    attributes: BTreeMap<String, AttributeValue>,
}

#[derive(Deserialize)]
struct AttributeSpec {
    layer: String,
    document: String,
    tag: String,
    quote: String,
    name: String,
    value: AttributeValue,
}

#[derive(Deserialize)]
struct LinkSpec {
    layer: String,
    document: String,
    kind: String,
    from: (String, String),
    to: (String, String),
}

const ARTICLES: [(&str, &str); 5] = [
    (
        "000_b57397c98a87ba66",
        "The world is stunned: Russia recognises the Taliban (opinion)",
    ),
    (
        "001_bc22e7b79049ddaf",
        "Russia’s recognition of the Afghan Taliban government has important implications",
    ),
    (
        "002_74fc088174d5717a",
        "Understanding Russia's Taliban gauntlet",
    ),
    (
        "003_d072e2fb40b8f61b",
        "Russia becomes the first country to recognise the Taliban (explainer)",
    ),
    (
        "004_4ea8399a52d50bb4",
        "Russia becomes first country to recognise Afghanistan’s Taliban government",
    ),
];

/// (tag, quote, which occurrence of the quote, note)
type Mark = (&'static str, &'static str, usize, &'static str);

const FIRST_ANNOTATOR: &[Mark] = &[
    (
        "claim",
        "On July 3, Russia became the first country in the world to recognise the Afghan Taliban’s government officially",
        0,
        "",
    ),
    ("date", "July 3", 0, ""),
    ("actor", "Russia", 0, ""),
    (
        "actor",
        "Afghan Taliban",
        1,
        "The government, not the movement.",
    ),
    ("date", "August 2021", 0, ""),
    (
        "claim",
        "Russia’s relations with the Afghan Taliban are a case of foresight",
        0,
        "The author's thesis.",
    ),
    ("date", "April 2022", 0, ""),
    ("actor", "Vladimir Putin", 0, ""),
    ("date", "April 2024", 0, ""),
    ("date", "March 2024", 0, ""),
    ("actor", "ISKP", 1, ""),
    (
        "claim",
        "the ratio of bomb blasts and suicide attacks in Afghanistan has significantly declined since the Taliban’s takeover of Afghanistan",
        0,
        "No figures are given for this.",
    ),
    (
        "claim",
        "the evolving ISKP threat remains the most significant security challenge to the Afghan Taliban",
        0,
        "",
    ),
    ("date", "February 2025", 0, ""),
    (
        "claim",
        "Pakistan has alleged that the Afghan Taliban are throwing their weight behind the TTP",
        0,
        "Reported allegation, attributed to Pakistan.",
    ),
    ("actor", "Pakistan", 1, ""),
    ("actor", "TTP", 0, ""),
];

const SECOND_ANNOTATOR: &[Mark] = &[
    (
        "claim",
        "On July 3, Russia became the first country in the world to recognise the Afghan Taliban’s government officially",
        0,
        "",
    ),
    ("date", "July 3", 0, ""),
    ("actor", "Russia", 0, ""),
    ("date", "August 2021", 0, ""),
    (
        "claim",
        "Russia’s relations with the Afghan Taliban are a case of foresight.",
        0,
        "",
    ),
    ("date", "2021", 1, "The embassy stayed open."),
    ("date", "April 2022", 0, ""),
    ("actor", "Russian President Vladimir Putin", 0, ""),
    ("claim", "ISKP", 1, ""),
    ("actor", "Crocus City Hall", 0, ""),
    ("date", "March 2024", 0, ""),
    (
        "claim",
        "the evolving ISKP threat remains the most significant security challenge to the Afghan Taliban",
        0,
        "",
    ),
    ("actor", "Pakistan", 1, ""),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = PathBuf::from(args.next().ok_or("usage: make_demo CORPUS_DIR OUT.ron")?);
    let out = PathBuf::from(args.next().ok_or("usage: make_demo CORPUS_DIR OUT.ron")?);
    let now = "2026-11-20T09:30:00Z".parse()?;
    let mut project = Project::new("Russia recognises the Taliban (demo)", "AK");
    let mut commands = Vec::new();
    for (index, (stem, title)) in ARTICLES.iter().enumerate() {
        let text = std::fs::read_to_string(corpus.join(format!("{stem}.txt")))?;
        commands.push(Command::AddDocument {
            index,
            document: Document::new(
                DocumentId((*stem).to_owned()),
                (*title).to_owned(),
                format!("{stem}.txt"),
                text,
            ),
        });
    }
    for command in commands {
        command.apply(&mut project, now)?;
    }
    Command::AddLayer {
        index: 1,
        layer: Layer {
            name: "BM".to_owned(),
        },
    }
    .apply(&mut project, now)?;
    let first = DocumentId(ARTICLES[0].0.to_owned());
    for (layer, marks) in [("AK", FIRST_ANNOTATOR), ("BM", SECOND_ANNOTATOR)] {
        for &(tag, quote, nth, note) in marks {
            mark(&mut project, now, (layer, &first, tag), (quote, nth), note)?;
        }
    }
    add_coding(&mut project, now)?;
    project_file::save(&project, &out)?;
    println!("wrote {}", out.display());
    Ok(())
}

/// Tags the `nth` occurrence of `quote` in `document` for `layer`, with a note; returns its id.
fn mark(
    project: &mut Project,
    now: Timestamp,
    (layer, document, tag): (&str, &DocumentId, &str),
    (quote, nth): (&str, usize),
    note: &str,
) -> Result<AnnotationId, Box<dyn std::error::Error>> {
    let text = project
        .document(document)
        .ok_or_else(|| format!("no document {document}"))?
        .text()
        .clone();
    let byte = text
        .as_str()
        .match_indices(quote)
        .nth(nth)
        .ok_or_else(|| format!("{quote:?} #{nth} is not in {document}"))?
        .0;
    let start = text.char_of_byte(byte);
    let id = project.next_annotation_id();
    Command::Annotate {
        document: document.clone(),
        layer: layer.to_owned(),
        start,
        end: start + quote.chars().count(),
        tag: tag.to_owned(),
    }
    .apply(project, now)?;
    if !note.is_empty() {
        Command::SetNote {
            id,
            note: note.to_owned(),
        }
        .apply(project, now)?;
    }
    Ok(id)
}

/// The annotation of `layer` in `document` tagged `tag` with this quote (the first).
fn find(
    project: &Project,
    layer: &str,
    document: &str,
    (tag, quote): (&str, &str),
) -> Result<AnnotationId, String> {
    project
        .annotations_in(&DocumentId(document.to_owned()))
        .iter()
        .find(|a| a.layer == layer && a.tag == tag && a.quote == quote)
        .map(|a| a.id)
        .ok_or_else(|| format!("no {tag} {quote:?} by {layer} in {document}"))
}

/// Applies `demo_coding.ron`: marks, attributes, links and labels, each a command.
fn add_coding(project: &mut Project, now: Timestamp) -> Result<(), Box<dyn std::error::Error>> {
    let coding: Coding = ron::from_str(CODING)?;
    for m in coding.marks {
        let document = DocumentId(m.document.clone());
        let id = mark(
            project,
            now,
            (&m.layer, &document, &m.tag),
            (&m.quote, m.nth),
            &m.note,
        )?;
        for (name, value) in m.attributes {
            set_attribute(project, now, id, name, value)?;
        }
    }
    for a in coding.attributes {
        let id = find(project, &a.layer, &a.document, (&a.tag, &a.quote))?;
        set_attribute(project, now, id, a.name, a.value)?;
    }
    for link in coding.links {
        let from = find(
            project,
            &link.layer,
            &link.document,
            (&link.from.0, &link.from.1),
        )?;
        let to = find(
            project,
            &link.layer,
            &link.document,
            (&link.to.0, &link.to.1),
        )?;
        Command::Relate {
            kind: link.kind,
            from,
            to,
            note: String::new(),
        }
        .apply(project, now)?;
    }
    for label in coding.labels {
        Command::SetDocumentLabel {
            document: DocumentId(label.document),
            layer: label.layer,
            name: label.name,
            value: Some(label.value),
        }
        .apply(project, now)?;
    }
    Ok(())
}

fn set_attribute(
    project: &mut Project,
    now: Timestamp,
    id: AnnotationId,
    name: String,
    value: AttributeValue,
) -> Result<(), Box<dyn std::error::Error>> {
    Command::SetAttribute {
        id,
        name,
        value: Some(value),
    }
    .apply(project, now)?;
    Ok(())
}
