//! CoNLL-2003 BIO (IOB2) and CoNLL-U with `NER=` in MISC. Each line of a document is a
//! sentence; tokens are Unicode words (UAX #29) split again at apostrophes, and punctuation.
//!
//! BIO gives each token one label, so overlapping or nested annotations cannot all be
//! written: the outermost ones are kept (earliest start, then longest) and the rest are
//! counted in a warning, never dropped silently. An annotation that starts or ends inside a
//! token is widened to whole tokens, and counted too.

use std::fmt::Write as _;
use std::ops::Range;

use crate::model::Annotation;
pub use crate::model::tokens::{Token, sentences};

use super::outgoing::{Chosen, Progress};

/// What BIO could not hold exactly, counted for the warnings.
#[derive(Default)]
struct Losses {
    left_out: usize,
    widened: usize,
    /// Annotations across a line break, written as one entity per line.
    split: usize,
    /// Discontinuous annotations, written as one entity per piece.
    pieced: usize,
    /// Annotations with at least one entity in the file: what the export says it wrote.
    written: usize,
}

impl Losses {
    fn add(&mut self, other: &Self) {
        self.left_out += other.left_out;
        self.widened += other.widened;
        self.split += other.split;
        self.pieced += other.pieced;
        self.written += other.written;
    }

    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.left_out > 0 {
            warnings.push(format!(
                "{} annotations overlap others (or hold no token) and cannot be written in BIO; the outermost were kept",
                self.left_out
            ));
        }
        if self.widened > 0 {
            warnings.push(format!(
                "{} annotations start or end inside a token and were widened to whole tokens",
                self.widened
            ));
        }
        if self.pieced > 0 {
            warnings.push(format!(
                "the pieces of {} were written as one entity each: BIO has no gaps",
                crate::model::counted(self.pieced, "discontinuous annotation")
            ));
        }
        if self.split > 0 {
            warnings.push(format!(
                "{} annotations cross a line break and were written as one entity per line (sentence)",
                self.split
            ));
        }
        warnings
    }
}

/// One entity as BIO writes it: an annotation, or one piece of a discontinuous one.
#[derive(Clone, Copy)]
struct Entity<'a> {
    start: usize,
    end: usize,
    tag: &'a str,
    id: crate::model::AnnotationId,
}

/// A BIO label per token of each sentence, and what could not be held.
fn labels(sentences: &[Vec<Token<'_>>], annotations: &[&Annotation]) -> (Vec<Vec<String>>, Losses) {
    let mut losses = Losses::default();
    // A discontinuous annotation is an entity per piece: BIO has no gaps.
    let mut order: Vec<Entity<'_>> = Vec::with_capacity(annotations.len());
    for a in annotations {
        losses.pieced += usize::from(a.is_discontinuous());
        order.extend(a.pieces().map(|(start, end)| Entity {
            start,
            end,
            tag: &a.tag,
            id: a.id,
        }));
    }
    order.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end), a.id));
    let mut kept: Vec<Entity<'_>> = Vec::new();
    for annotation in order {
        if kept.last().is_some_and(|k| k.end > annotation.start) {
            losses.left_out += 1;
        } else {
            kept.push(annotation);
        }
    }
    let mut labels: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| vec!["O".to_owned(); s.len()])
        .collect();
    let tokens: Vec<(usize, usize, &Range<usize>)> = sentences
        .iter()
        .enumerate()
        .flat_map(|(s, tokens)| {
            tokens
                .iter()
                .enumerate()
                .map(move |(t, token)| (s, t, &token.span))
        })
        .collect();
    let mut written = std::collections::HashSet::new();
    for annotation in kept {
        let first = tokens.partition_point(|(_, _, span)| span.end <= annotation.start);
        let covered: Vec<_> = tokens[first..]
            .iter()
            .take_while(|(_, _, span)| span.start < annotation.end)
            .collect();
        let (Some(head), Some(tail)) = (covered.first(), covered.last()) else {
            losses.left_out += 1;
            continue;
        };
        if head.2.start != annotation.start || tail.2.end != annotation.end {
            losses.widened += 1;
        }
        if head.0 != tail.0 {
            losses.split += 1;
        }
        written.insert(annotation.id);
        for (index, &&(s, t, _)) in covered.iter().enumerate() {
            // An entity cannot cross a sentence: each line's piece starts again with B.
            let starts = index == 0 || covered[index - 1].0 != s;
            let prefix = if starts { "B" } else { "I" };
            labels[s][t] = format!("{prefix}-{}", annotation.tag);
        }
    }
    losses.written = written.len();
    (labels, losses)
}

/// CoNLL-2003 style: `-DOCSTART-` per document, `token -X- _ label` per line, a blank line
/// after each sentence. Returns the text, the warnings and how many annotations it holds.
pub fn bio(chosen: &[Chosen<'_>], progress: &Progress) -> (String, Vec<String>, usize) {
    let mut out = String::new();
    let mut losses = Losses::default();
    for item in chosen {
        let sentences = sentences(item.document.text());
        let (labels, lost) = labels(&sentences, &item.annotations);
        losses.add(&lost);
        out.push_str("-DOCSTART- -X- -X- O\n\n");
        for (sentence, labels) in sentences.iter().zip(&labels) {
            for (token, label) in sentence.iter().zip(labels) {
                let _ = writeln!(out, "{} -X- _ {label}", token.text);
            }
            out.push('\n');
        }
        progress.written(item);
    }
    (out, losses.warnings(), losses.written)
}

/// Whitespace as UD writes it in SpacesAfter.
fn escape_spaces(gap: &str) -> String {
    gap.chars()
        .map(|c| match c {
            ' ' => "\\s".to_owned(),
            '\t' => "\\t".to_owned(),
            '\n' => "\\n".to_owned(),
            '\r' => "\\r".to_owned(),
            '|' => "\\p".to_owned(),
            other => other.to_string(),
        })
        .collect()
}

/// CoNLL-U: `# newdoc id`, `# sent_id`, `# text` per sentence; `SpaceAfter=No` where the next
/// token follows directly, `SpacesAfter=` (UD's escapes) where other whitespace does; the BIO
/// label as `NER=` in MISC.
pub fn conllu(chosen: &[Chosen<'_>], progress: &Progress) -> (String, Vec<String>, usize) {
    let mut out = String::new();
    let mut losses = Losses::default();
    for item in chosen {
        progress.written(item);
        let text = item.document.text();
        let sentences = sentences(text);
        let (labels, lost) = labels(&sentences, &item.annotations);
        losses.add(&lost);
        let _ = writeln!(out, "# newdoc id = {}", item.document.id);
        for (number, (sentence, labels)) in sentences.iter().zip(&labels).enumerate() {
            let (first, last) = (
                sentence[0].span.start,
                sentence[sentence.len() - 1].span.end,
            );
            let _ = writeln!(out, "# sent_id = {}-{}", item.document.id, number + 1);
            let _ = writeln!(out, "# text = {}", text.slice(first, last));
            for (index, (token, label)) in sentence.iter().zip(labels).enumerate() {
                let gap = sentence
                    .get(index + 1)
                    .map(|next| text.slice(token.span.end, next.span.start));
                let misc = match gap {
                    Some("") => format!("SpaceAfter=No|NER={label}"),
                    None | Some(" ") => format!("NER={label}"),
                    Some(other) => format!("SpacesAfter={}|NER={label}", escape_spaces(other)),
                };
                let _ = writeln!(
                    out,
                    "{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{misc}",
                    index + 1,
                    token.text
                );
            }
            out.push('\n');
        }
    }
    (out, losses.warnings(), losses.written)
}
