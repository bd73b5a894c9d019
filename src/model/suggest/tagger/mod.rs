//! The tagger trained on a layer: one conditional random field per tag, learnt from the
//! lines the coder has coded, that suggests spans like theirs with a confidence (the
//! probability the model gives the span). It learns what the forms cannot: words it has
//! never seen tagged, from their shape and their neighbours ("said" before a claim,
//! a capital after "President").
//!
//! Which lines count as coded: in each document the layer has tagged, every line up to
//! the last one holding its annotations. Coders work from the top, and a line nobody has
//! read yet would teach the model that nothing there is worth a tag.

mod crf;
mod features;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crf::{BEGINS, Crf, Example, INSIDE, OUTSIDE, TokenList, Training};

use crate::model::tokens::{Token, line_tokens};
use crate::model::{Document, DocumentId, Project};

/// The tagger learns again after this many annotations more (or fewer) in its layer, and
/// first when the layer has this many.
pub const RETRAIN_EVERY: usize = 10;

/// A tag is learnt only from at least this many of its annotations.
const FEWEST: usize = 3;

/// Spans the model gives less than this probability are not offered.
pub const CONFIDENT: f64 = 0.5;

/// Lines beyond this many tokens in all are not learnt from: training then stays within
/// seconds on a book-length project, in the background.
const MOST_TOKENS: usize = 400_000;

/// A line is cut into sequences at a sentence's end once a sequence has this many tokens,
/// and at the latest at [`LONGEST`]: a line that is a whole article (one without line
/// breaks) would otherwise make one gradient step so large that the weights overflow.
const SENTENCES_FROM: usize = 40;
const LONGEST: usize = 250;

/// The sequences a line's tokens are cut into (token ranges), never where `joined` says
/// the token after would continue a span, unless a span runs past four times [`LONGEST`].
fn sequences(tokens: &[Token<'_>], joined: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let ends_sentence = |t: &Token<'_>| {
        matches!(
            t.text,
            "." | "?" | "!" | "…" | "。" | "？" | "！" | "؟" | "۔" | "।"
        )
    };
    let mut cut = Vec::new();
    let mut from = 0;
    for (at, token) in tokens.iter().enumerate() {
        let length = at + 1 - from;
        let next = at + 1;
        if next == tokens.len() {
            break;
        }
        let wanted = (length >= SENTENCES_FROM && ends_sentence(token)) || length >= LONGEST;
        if (wanted && !joined(next)) || length >= 4 * LONGEST {
            cut.push((from, next));
            from = next;
        }
    }
    if from < tokens.len() {
        cut.push((from, tokens.len()));
    }
    cut
}

/// A span the tagger offers.
#[derive(Clone, Debug)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub tag: Arc<str>,
    pub confidence: f64,
}

/// What training needs, taken from the project: the coded documents and the layer's
/// spans in them (the worker lets the project go before it trains).
pub struct TrainingSet {
    layer: String,
    tags: Vec<Arc<str>>,
    coded: Vec<Coded>,
    annotations: usize,
}

/// A coded document and its spans: start, end, and the tag's place in the tags.
type Coded = (Document, Vec<(usize, usize, usize)>);

/// The coding as the model learns it: the features of every line's tokens, one after
/// another, where each line begins, and per tag every token's label.
struct Lines {
    /// Feature hash → id.
    dictionary: HashMap<u64, u32>,
    tokens: TokenList,
    /// The first token of each line, and the end of the last.
    starts: Vec<usize>,
    labels: Vec<Vec<u8>>,
    /// Per tag, how many spans the lines hold.
    examples: Vec<usize>,
}

impl TrainingSet {
    /// What `layer` has coded in `project`, leaving out `left_out` (what the tagger
    /// would offer in a document nobody has coded yet).
    pub fn gather(project: &Project, layer: &str, left_out: Option<&DocumentId>) -> Self {
        Self::gather_without(project, layer, |d| Some(d) == left_out)
    }

    /// The same, leaving out the documents `left_out` says.
    pub fn gather_without(
        project: &Project,
        layer: &str,
        left_out: impl Fn(&DocumentId) -> bool,
    ) -> Self {
        let tags: Vec<Arc<str>> = project
            .tags()
            .tags
            .iter()
            .map(|t| Arc::from(t.name.as_str()))
            .collect();
        let mut set = Self {
            layer: layer.to_owned(),
            tags,
            coded: Vec::new(),
            annotations: 0,
        };
        for document in project.documents() {
            if left_out(&document.id) {
                continue;
            }
            let spans: Vec<(usize, usize, usize)> = project
                .annotations_in(&document.id)
                .iter()
                .filter(|a| a.layer == layer && a.fragments.is_empty() && a.end > a.start)
                .filter_map(|a| {
                    let tag = set.tags.iter().position(|t| **t == *a.tag)?;
                    Some((a.start, a.end, tag))
                })
                .collect();
            if !spans.is_empty() {
                set.annotations += spans.len();
                set.coded.push((document.clone(), spans));
            }
        }
        set
    }

    /// How many annotations it holds.
    pub fn annotations(&self) -> usize {
        self.annotations
    }

    /// The coded lines of each document: up to the last one holding its spans, and
    /// [`MOST_TOKENS`] in all (the line that reaches it is taken whole).
    fn lines(&self) -> Lines {
        let mut lines = Lines {
            dictionary: HashMap::new(),
            tokens: TokenList::default(),
            starts: vec![0],
            labels: vec![Vec::new(); self.tags.len()],
            examples: vec![0; self.tags.len()],
        };
        let mut tokens_taken = 0;
        for (document, spans) in &self.coded {
            let text = document.text();
            let Some(last) = spans.iter().map(|s| text.paragraph_at(s.1 - 1)).max() else {
                continue;
            };
            let mut by_line: HashMap<usize, Vec<(usize, usize, usize)>> = HashMap::new();
            for &span in spans {
                by_line
                    .entry(text.paragraph_at(span.0))
                    .or_default()
                    .push(span);
            }
            for (number, line) in text.paragraphs()[..=last].iter().enumerate() {
                if tokens_taken >= MOST_TOKENS {
                    return lines;
                }
                let tokens = line_tokens(text, line.clone());
                if tokens.is_empty() {
                    continue;
                }
                tokens_taken += tokens.len();
                let here = by_line.get(&number).map_or(&[][..], Vec::as_slice);
                let mut line_labels: Vec<Vec<usize>> = (0..lines.labels.len())
                    .map(|tag| {
                        // A span across a line break is not learnt: a line is a sequence.
                        let spans: Vec<(usize, usize)> = here
                            .iter()
                            .filter(|s| s.2 == tag && s.1 <= line.end)
                            .map(|s| (s.0, s.1))
                            .collect();
                        let (labels, count) = labelled(&tokens, spans);
                        lines.examples[tag] += count;
                        labels
                    })
                    .collect();
                let pieces = sequences(&tokens, |t| line_labels.iter().any(|l| l[t] == INSIDE));
                for &(from, _) in &pieces {
                    // Cut inside a very long span: its rest is a span of its own.
                    for labels in &mut line_labels {
                        if labels[from] == INSIDE {
                            labels[from] = BEGINS;
                        }
                    }
                }
                for (labels, all) in line_labels.into_iter().zip(&mut lines.labels) {
                    all.extend(labels.into_iter().map(|l| l as u8));
                }
                let line_start = lines.tokens.len();
                let (dictionary, list) = (&mut lines.dictionary, &mut lines.tokens);
                features::of_line(&tokens, |hashes| {
                    list.push(hashes.iter().map(|&h| {
                        let next = dictionary.len() as u32;
                        *dictionary.entry(h).or_insert(next)
                    }));
                });
                lines
                    .starts
                    .extend(pieces.iter().map(|&(_, end)| line_start + end));
            }
        }
        lines
    }

    /// One model per tag with at least [`FEWEST`] examples.
    pub fn train(self) -> Tagger {
        let lines = self.lines();
        let features = lines.dictionary.len();
        let models = self
            .tags
            .into_iter()
            .zip(&lines.labels)
            .zip(&lines.examples)
            .filter(|(_, examples)| **examples >= FEWEST)
            .map(|((tag, labels), _)| {
                let examples: Vec<Example<'_>> = lines
                    .starts
                    .windows(2)
                    .map(|line| Example {
                        tokens: lines.tokens.tokens(line[0], line[1]),
                        labels: &labels[line[0]..line[1]],
                    })
                    .collect();
                (tag, Crf::train(&examples, features, Training::default()))
            })
            .collect();
        Tagger {
            layer: self.layer,
            dictionary: lines.dictionary,
            models,
            learnt_from: self.annotations,
            found: Mutex::default(),
        }
    }
}

/// The BIO labels of one line's tokens from one tag's spans in it (the outermost where
/// they nest: one label per token; a span inside a word takes the whole word), and how
/// many spans they hold.
fn labelled(tokens: &[Token<'_>], mut spans: Vec<(usize, usize)>) -> (Vec<usize>, usize) {
    let mut labels = vec![OUTSIDE; tokens.len()];
    spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let (mut count, mut reached) = (0, 0);
    for (start, end) in spans {
        if start < reached {
            continue;
        }
        let mut inside = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.span.start < end && start < t.span.end)
            .map(|(at, _)| at);
        let Some(first) = inside.next() else {
            continue;
        };
        labels[first] = BEGINS;
        for at in inside {
            labels[at] = INSIDE;
        }
        count += 1;
        reached = end;
    }
    (labels, count)
}

/// A trained tagger for one layer.
pub struct Tagger {
    layer: String,
    dictionary: HashMap<u64, u32>,
    models: Vec<(Arc<str>, Crf)>,
    learnt_from: usize,
    /// What it found in each text, by the text's hash: a text's spans change only with
    /// the tagger, so an edit (a book's every keystroke) does not tag the text again.
    found: Mutex<HashMap<String, Arc<[Found]>>>,
}

impl Tagger {
    pub fn layer(&self) -> &str {
        &self.layer
    }

    /// How many annotations it learnt from.
    pub fn learnt_from(&self) -> usize {
        self.learnt_from
    }

    /// How many features it weighs.
    pub fn features(&self) -> usize {
        self.dictionary.len()
    }

    /// The tags it learnt, in tag-set order.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.models.iter().map(|(tag, _)| &**tag)
    }

    /// The spans it finds in `document` with at least [`CONFIDENT`] probability, line by
    /// line.
    pub fn find(&self, document: &Document) -> Arc<[Found]> {
        let hash = document.content_hash();
        if let Some(found) = self.found.lock().ok().and_then(|f| f.get(hash).cloned()) {
            return found;
        }
        let found: Arc<[Found]> = Arc::from(self.tag(document));
        if let Ok(mut cache) = self.found.lock() {
            cache.insert(hash.to_owned(), Arc::clone(&found));
        }
        found
    }

    /// Tags the text line by line (a book's features are never all held at once).
    fn tag(&self, document: &Document) -> Vec<Found> {
        let text = document.text();
        let mut found = Vec::new();
        if self.models.is_empty() {
            return found;
        }
        let mut list = TokenList::default();
        for line in text.paragraphs() {
            let tokens = line_tokens(text, line.clone());
            if tokens.is_empty() {
                continue;
            }
            list.features.clear();
            list.starts.clear();
            features::of_line(&tokens, |hashes| {
                list.push(
                    hashes
                        .iter()
                        .filter_map(|h| self.dictionary.get(h).copied()),
                );
            });
            let pieces = sequences(&tokens, |_| false);
            for (tag, crf) in &self.models {
                let spans = pieces.iter().flat_map(|&(from, end)| {
                    let spans = crf.spans(list.tokens(from, end));
                    spans
                        .into_iter()
                        .map(move |(f, l, p)| (from + f, from + l, p))
                });
                for (first, last, confidence) in spans {
                    if confidence >= CONFIDENT {
                        found.push(Found {
                            start: tokens[first].span.start,
                            end: tokens[last].span.end,
                            tag: Arc::clone(tag),
                            confidence,
                        });
                    }
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    #[test]
    fn labels_take_the_outermost_of_nested_spans_and_whole_tokens() {
        let text = Text::new("President Vladimir Putin of Russia said");
        let tokens = line_tokens(&text, 0..text.char_len());
        // "Vladimir Putin of Russia", "Russia" inside it, and "Presid" (part of a word).
        let (labels, count) = labelled(&tokens, vec![(28, 34), (10, 34), (0, 6)]);
        assert_eq!(count, 2);
        assert_eq!(
            labels,
            [BEGINS, BEGINS, INSIDE, INSIDE, INSIDE, OUTSIDE],
            "“Presid” takes its whole word; “Russia” is inside the outer span"
        );
    }
}
