//! `annotary synth`: a deterministic synthetic project for measuring speed on book-length
//! texts: paragraphs of news-like sentences with some non-ASCII, and annotations of every
//! tag spread over the text, nested and overlapping as real coding is.

use std::path::Path;

use jiff::Timestamp;

use crate::formats::project_file;
use crate::model::{
    Annotation, AnnotationId, AttributeValue, Document, DocumentId, Layer, Problem, Project,
    Relation, RelationId, Schema, TagSet,
};

/// What to generate.
#[derive(Clone, Debug)]
pub struct SynthOptions {
    pub chars: usize,
    pub annotations: usize,
    pub documents: usize,
    pub layers: usize,
    pub seed: u64,
    /// Links from claims to the actors and dates near them (`claimant`, `dated`).
    pub relations: usize,
    /// Stances on claims and values on dates.
    pub attributes: bool,
}

/// A small, fixed pseudo-random generator (SplitMix64): the same seed gives the same
/// project on every platform and every version of every dependency.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ACTORS: &[&str] = &[
    "Russia",
    "the Taliban",
    "Moscow",
    "Kabul",
    "Pakistan",
    "the United Nations",
    "Beijing",
    "the Kremlin",
    "Zamir Kabulov",
    "Amir Khan Muttaqi",
    "Uzbekistan",
    "the ISKP",
    "Россия",
    "北京",
    "Zoë Müller",
    "the EU",
    "China",
    "Iran",
    "the TTP",
    "Washington",
];
const DATES: &[&str] = &[
    "July 3",
    "August 2021",
    "April 2022",
    "March 2024",
    "in 2025",
    "last week",
    "on Monday",
    "February 2025",
    "2021年8月",
    "this spring",
    "next year",
    "on 3 July",
];
const VERBS: &[&str] = &[
    "recognised",
    "rejected",
    "welcomed",
    "criticised",
    "signed a deal with",
    "met",
    "warned",
    "praised",
    "accused",
    "negotiated with",
    "supported",
    "questioned",
];
const OBJECTS: &[&str] = &[
    "the new government",
    "the agreement",
    "the ambassador’s credentials",
    "the security pact",
    "the trade corridor",
    "the “Islamic Emirate”",
    "the sanctions",
    "the talks — again",
    "the embassy",
    "the oil imports",
    "the café\u{301} owners",
    "the delegation 🇦🇫",
];
const TAILS: &[&str] = &[
    "according to officials",
    "analysts said",
    "as expected",
    "despite the objections",
    "which surprised many",
    "in a statement",
    "without conditions",
    "after months of talks…",
];

/// One synthetic sentence; the spans it returns are relative to the sentence start.
fn sentence(dice: &mut Dice, out: &mut String) {
    let actor = dice.pick(ACTORS);
    let mut first = actor.chars();
    if let Some(c) = first.next() {
        out.extend(c.to_uppercase());
        out.push_str(first.as_str());
    }
    out.push(' ');
    out.push_str(dice.pick(VERBS));
    out.push(' ');
    out.push_str(dice.pick(ACTORS));
    out.push(' ');
    out.push_str(dice.pick(DATES));
    out.push_str(", and ");
    out.push_str(dice.pick(OBJECTS));
    out.push(' ');
    out.push_str(dice.pick(&["was", "is", "will be", "remains"]));
    out.push(' ');
    out.push_str(dice.pick(OBJECTS));
    out.push_str(", ");
    out.push_str(dice.pick(TAILS));
    out.push_str(". ");
}

/// Text of about `chars` code points in paragraphs of 3 to 8 sentences.
fn text(dice: &mut Dice, chars: usize) -> String {
    let mut out = String::with_capacity(chars * 11 / 10 + 64);
    let mut count = 0;
    while count < chars {
        let before = out.len();
        for _ in 0..3 + dice.below(6) {
            sentence(dice, &mut out);
        }
        out.pop();
        out.push('\n');
        count += out[before..].chars().count();
    }
    out
}

/// Word starts and ends (code points) of a text, split at spaces and line breaks.
fn word_bounds(text: &str) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start = None;
    let mut i = 0;
    for c in text.chars() {
        if c == ' ' || c == '\n' {
            if let Some(s) = start.take() {
                words.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i += 1;
    }
    if let Some(s) = start {
        words.push((s, i));
    }
    words
}

/// Builds the project in memory. Every span lies on word boundaries with its quote cut
/// from the text, so the invariants hold; if that ever breaks, the problems are returned.
pub fn synthesize(options: &SynthOptions) -> Result<Project, Vec<Problem>> {
    let mut dice = Dice(options.seed);
    let documents_wanted = options.documents.max(1);
    let tags = TagSet::default();
    let layers: Vec<Layer> = (0..options.layers.max(1))
        .map(|i| Layer {
            name: format!("annotator{}", i + 1),
        })
        .collect();
    let when = Timestamp::from_second(
        1_767_225_600 + i64::try_from(options.seed % 1_000_000).unwrap_or(0),
    )
    .unwrap_or(Timestamp::UNIX_EPOCH);
    let mut documents = Vec::with_capacity(documents_wanted);
    let mut annotations = Vec::with_capacity(options.annotations);
    let mut next_id = 1u64;
    for d in 0..documents_wanted {
        let chars = options.chars / documents_wanted;
        let body = text(&mut dice, chars.max(1));
        let id = DocumentId(format!("synthetic-{:04}", d + 1));
        let words = word_bounds(&body);
        let chars_of: Vec<char> = body.chars().collect();
        // Annotations are shared out evenly, the remainder to the first documents.
        let wanted = options.annotations / documents_wanted
            + usize::from(d < options.annotations % documents_wanted);
        for _ in 0..wanted {
            if words.is_empty() {
                break;
            }
            let first = dice.below(words.len());
            let (tag, length) = match dice.below(10) {
                0..=2 => ("claim", 6 + dice.below(18)),
                3..=6 => ("actor", 1 + dice.below(3)),
                _ => ("date", 1 + dice.below(2)),
            };
            let last = (first + length - 1).min(words.len() - 1);
            let (start, _) = words[first];
            let (_, end) = words[last];
            annotations.push(Annotation {
                id: AnnotationId(next_id),
                document: id.clone(),
                layer: layers[dice.below(layers.len())].name.clone(),
                start,
                end,
                tag: tag.to_owned(),
                quote: chars_of[start..end].iter().collect(),
                note: if dice.below(20) == 0 {
                    "Check the source, “quoted” twice.".to_owned()
                } else {
                    String::new()
                },
                created: when,
                modified: when,
                fragments: Vec::new(),
                attributes: Default::default(),
            });
            next_id += 1;
        }
        documents.push(Document::new(
            id,
            format!("Synthetic document {}", d + 1),
            format!("synthetic {} chars, seed {}", chars, options.seed),
            body,
        ));
    }
    if options.attributes {
        give_attributes(&mut annotations);
    }
    let relations = link(&mut annotations, options.relations, &mut next_id);
    let project = Project::from_parts(
        format!(
            "Synthetic: {} characters, {} annotations, seed {}",
            options.chars, options.annotations, options.seed
        ),
        tags,
        layers,
        documents,
        annotations,
        next_id,
    )?;
    // Only a project asked for coding carries the schema, so that other options give the
    // bytes they always gave.
    if options.attributes || options.relations > 0 {
        Ok(project.with_coding(Schema::claims_analysis(), relations, Default::default()))
    } else {
        Ok(project)
    }
}

/// A stance on every claim and a value on every date, in turn.
fn give_attributes(annotations: &mut [Annotation]) {
    let stances = ["support", "oppose", "neutral"];
    for (n, annotation) in annotations.iter_mut().enumerate() {
        let (name, value) = match annotation.tag.as_str() {
            "claim" => ("stance", stances[n % stances.len()]),
            "date" => ("value", "2025-07"),
            _ => continue,
        };
        annotation
            .attributes
            .insert(name.to_owned(), AttributeValue::Text(value.to_owned()));
    }
}

/// Up to `wanted` links, each from a claim to the next actor or date after it in the same
/// document and layer: `claimant` for an actor, `dated` for a date. Ids follow the
/// annotations'.
fn link(annotations: &mut [Annotation], wanted: usize, next_id: &mut u64) -> Vec<Relation> {
    let mut relations = Vec::with_capacity(wanted);
    if wanted == 0 {
        return relations;
    }
    let mut order: Vec<usize> = (0..annotations.len()).collect();
    order.sort_by_key(|&i| annotations[i].sort_key());
    // Each pass links every claim once more, to the next fitting annotation not yet linked.
    for pass in 0..4 {
        for (at, &i) in order.iter().enumerate() {
            if relations.len() == wanted {
                return relations;
            }
            let claim = &annotations[i];
            if claim.tag != "claim" {
                continue;
            }
            let mut fitting = order[at + 1..]
                .iter()
                .map(|&j| &annotations[j])
                .take_while(|a| a.document == claim.document)
                .filter(|a| a.layer == claim.layer && a.tag != "claim")
                .take(16);
            if let Some(target) = fitting.nth(pass) {
                let kind = if target.tag == "actor" {
                    "claimant"
                } else {
                    "dated"
                };
                relations.push(Relation {
                    id: RelationId(*next_id),
                    kind: kind.to_owned(),
                    from: claim.id,
                    to: target.id,
                    note: String::new(),
                });
                *next_id += 1;
            }
        }
    }
    relations
}

/// Generates and saves; returns the project for a summary line.
pub fn synth(options: &SynthOptions, out: &Path) -> anyhow::Result<Project> {
    let project = synthesize(options).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the generated project is invalid:\n{}", lines.join("\n"))
    })?;
    project_file::save(&project, out)?;
    Ok(project)
}
