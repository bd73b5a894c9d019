//! Builds `projects/demo.ron` from the sample corpus:
//! `cargo run --example make_demo -- ../shared/corpus projects/demo.ron`.
//!
//! Two annotators tag the first article, so that review has agreements and every kind of
//! disagreement to show: the same span and tag, another tag, other boundaries, one-sided.

use std::path::PathBuf;

use annotary::edit::Command;
use annotary::formats::project_file;
use annotary::model::{Document, DocumentId, Layer, Project};

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
            let text = project
                .document(&first)
                .ok_or("no first article")?
                .text()
                .clone();
            let byte = text
                .as_str()
                .match_indices(quote)
                .nth(nth)
                .ok_or_else(|| format!("{quote:?} #{nth} is not in the text"))?
                .0;
            let start = text.char_of_byte(byte);
            let id = project.next_annotation_id();
            Command::Annotate {
                document: first.clone(),
                layer: layer.to_owned(),
                start,
                end: start + quote.chars().count(),
                tag: tag.to_owned(),
            }
            .apply(&mut project, now)?;
            if !note.is_empty() {
                Command::SetNote {
                    id,
                    note: note.to_owned(),
                }
                .apply(&mut project, now)?;
            }
        }
    }
    project_file::save(&project, &out)?;
    println!("wrote {}", out.display());
    Ok(())
}
