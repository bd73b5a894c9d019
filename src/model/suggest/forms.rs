//! Repeated forms: what a layer has tagged, suggested wherever else the same text occurs
//! in the project, on word boundaries, longest form first, scored by how often that form
//! got each tag ("Russia": actor 2 times, claim once: actor 0.67, claim 0.33).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use unicode_segmentation::UnicodeSegmentation;

use super::{Source, Suggestion};
use crate::model::{Document, DocumentId, Project};

/// Forms shorter than this many characters ("a", "I") are too ambiguous to suggest.
const SHORTEST: usize = 2;

/// A form and how it was tagged: shared by every suggestion of it.
struct Form {
    text: Arc<str>,
    /// The tag it got most (ties in tag-set order) and its share.
    tag: Arc<str>,
    score: f64,
    /// The other tags and their shares, best first.
    others: Arc<[(String, f64)]>,
}

/// What one layer has tagged, ready to be found in any document.
pub struct FormIndex {
    layer: String,
    /// Per form, in the matcher's pattern order.
    forms: Vec<Form>,
    /// Built on the first search (on the worker thread, for a long document).
    matcher: std::sync::OnceLock<Option<AhoCorasick>>,
}

impl FormIndex {
    /// The forms `layer` has tagged anywhere in `project`, less the tags its coder
    /// rejected for them. Linear in the annotations; the matcher is built once.
    pub fn build(project: &Project, layer: &str) -> Self {
        Self::build_without(project, layer, None)
    }

    /// The same, learning nothing from `left_out`'s annotations: what the forms would
    /// offer in a document nobody has coded yet (leave-one-document-out evaluation).
    pub fn build_without(project: &Project, layer: &str, left_out: Option<&DocumentId>) -> Self {
        let mut counts: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
        for a in project.annotations() {
            let form = a.quote.as_str();
            if a.layer != layer
                || Some(&a.document) == left_out
                || !a.fragments.is_empty()
                || form.chars().count() < SHORTEST
                || form.trim() != form
                || !form.chars().any(char::is_alphanumeric)
            {
                continue;
            }
            *counts.entry(form).or_default().entry(&a.tag).or_default() += 1;
        }
        let order = |tag: &str| project.tags().tags.iter().position(|t| t.name == tag);
        let mut forms = Vec::new();
        for (form, tags) in counts {
            let total: usize = tags.values().sum();
            let mut shares: Vec<(String, f64)> = tags
                .into_iter()
                .filter(|(tag, _)| order(tag).is_some() && !project.is_rejected(layer, form, tag))
                .map(|(tag, n)| (tag.to_owned(), n as f64 / total as f64))
                .collect();
            shares.sort_by(|(a, x), (b, y)| y.total_cmp(x).then(order(a).cmp(&order(b))));
            if let Some(((tag, score), others)) = shares.split_first() {
                forms.push(Form {
                    text: Arc::from(form),
                    tag: Arc::from(tag.as_str()),
                    score: *score,
                    others: Arc::from(others.to_vec()),
                });
            }
        }
        Self {
            layer: layer.to_owned(),
            forms,
            matcher: std::sync::OnceLock::new(),
        }
    }

    pub fn layer(&self) -> &str {
        &self.layer
    }

    /// How many distinct forms it knows.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// Every place in `document` where a known form stands as whole words and the layer
    /// has not tagged it (nor tagged something overlapping it with the same tag).
    pub(super) fn find(&self, document: &Document, tagged: &Tagged) -> Vec<Suggestion> {
        let matcher = self.matcher.get_or_init(|| {
            (!self.forms.is_empty()).then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    // "The Afghan Taliban" opening a sentence is "the Afghan Taliban":
                    // matched without case, then kept only where the first letter alone
                    // differs.
                    .ascii_case_insensitive(true)
                    .build(self.forms.iter().map(|form| &*form.text))
                    .expect("forms of a few thousand short strings fit the matcher")
            })
        });
        let Some(matcher) = matcher else {
            return Vec::new();
        };
        let text = document.text();
        let raw = text.as_str();
        // Every occurrence, overlapping ones too: a longest form that is not offered
        // (tagged there already) must not hide a shorter one inside it. Kept small (a
        // book has millions): char offsets and pattern numbers fit 32 bits.
        let mut offered: Vec<(u32, u32, u32)> = matcher
            .find_overlapping_iter(raw)
            .filter(|hit| is_word_boundary(raw, hit.start()) && is_word_boundary(raw, hit.end()))
            .filter(|hit| {
                let form = &*self.forms[hit.pattern().as_usize()].text;
                same_but_first_letter(&raw[hit.range()], form)
            })
            .filter_map(|hit| {
                let tag = &self.forms[hit.pattern().as_usize()].tag;
                let (start, end) = (text.char_of_byte(hit.start()), text.char_of_byte(hit.end()));
                let shown = !tagged.has_span(start, end) && !tagged.covers(start, end, tag);
                shown.then_some((start as u32, end as u32, hit.pattern().as_u32()))
            })
            .collect();
        // Leftmost first, the longest where several start together; none overlapping.
        offered.sort_unstable_by_key(|&(start, end, pattern)| (start, u32::MAX - end, pattern));
        let mut free_from = 0;
        offered.retain(|&(start, end, _)| {
            let free = start >= free_from;
            if free {
                free_from = end;
            }
            free
        });
        let mut found = Vec::with_capacity(offered.len());
        for (start, end, pattern) in offered {
            let form = &self.forms[pattern as usize];
            found.push(Suggestion {
                document: document.id.clone(),
                start: start as usize,
                end: end as usize,
                tag: Arc::clone(&form.tag),
                score: form.score,
                source: Source::Forms,
                attributes: BTreeMap::new(),
                form: Arc::clone(&form.text),
                others: Arc::clone(&form.others),
                why: String::new(),
            });
        }
        found
    }
}

/// Whether `found` is `form`, or `form` with its first letter's case changed (ASCII):
/// "The Afghan Taliban" opening a sentence is the form "the Afghan Taliban".
pub fn same_but_first_letter(found: &str, form: &str) -> bool {
    let (Some(&a), Some(&b)) = (found.as_bytes().first(), form.as_bytes().first()) else {
        return found == form;
    };
    found == form
        || (a.is_ascii()
            && a.eq_ignore_ascii_case(&b)
            && found.len() == form.len()
            && found[1..] == form[1..])
}

/// Whether a word may begin or end at `byte` of `text`: a UAX #29 word boundary (so
/// "Russia" is not found inside "Russian", a combining accent stays with its letter, and
/// each CJK ideograph is a word), or an apostrophe ("Russia’s" offers "Russia"). Looks at
/// a few characters around it only, so that a book-length paragraph costs no more.
pub(super) fn is_word_boundary(text: &str, byte: usize) -> bool {
    if byte == 0 || byte >= text.len() {
        return true;
    }
    let before = text[..byte].chars().next_back();
    let after = text[byte..].chars().next();
    // Most places are between two ASCII characters, where UAX #29 is simple: a word goes
    // on only from a letter or digit to a letter or digit, or across the marks that join
    // them ("3.5", "e.g", "don't", "12:30"), which the full rules decide.
    let joins = |c: char| matches!(c, '.' | ',' | '\'' | ':' | ';');
    let plain = |c: Option<char>| c.is_none_or(|c| c.is_ascii() && c != '_');
    if let (Some(a), Some(b)) = (before, after)
        && plain(Some(a))
        && plain(Some(b))
    {
        // A mark joins only a letter or digit on each side of it ("3.5", not "end. The").
        let beyond_after = text[byte + b.len_utf8()..].chars().next();
        let beyond_before = text[..byte - a.len_utf8()].chars().next_back();
        let lone = |mark: char, beyond: Option<char>| {
            !joins(mark) || (plain(beyond) && !beyond.is_some_and(|c| c.is_ascii_alphanumeric()))
        };
        if lone(a, beyond_before) && lone(b, beyond_after) {
            return !(a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric());
        }
    }
    if before.is_some_and(super::super::text::is_apostrophe)
        || after.is_some_and(super::super::text::is_apostrophe)
    {
        return true;
    }
    let mut from = byte.saturating_sub(48);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (byte + 48).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let window = &text[from..to];
    // The window's first boundary may be an artefact of cutting it; the one asked about
    // lies well inside.
    window
        .split_word_bound_indices()
        .any(|(at, _)| from + at == byte)
}

/// One tag's spans sorted by start, and the furthest end among the first i + 1.
type Spans = (Vec<(usize, usize)>, Vec<usize>);

/// What a layer has already tagged in one document, to leave out of its suggestions.
pub(super) struct Tagged {
    spans: HashSet<(usize, usize)>,
    by_tag: HashMap<String, Spans>,
}

impl Tagged {
    /// Nothing tagged: every occurrence is offered.
    pub(super) fn nothing() -> Self {
        Self {
            spans: HashSet::new(),
            by_tag: HashMap::new(),
        }
    }

    pub(super) fn of(project: &Project, document: &DocumentId, layer: &str) -> Self {
        Self::of_spans(
            project
                .annotations_in(document)
                .iter()
                .filter(|a| a.layer == layer)
                .map(|a| (a.tag.as_str(), a.start, a.end)),
        )
    }

    /// These spans, as `(tag, start, end)`.
    pub(super) fn of_spans<'a>(tagged: impl Iterator<Item = (&'a str, usize, usize)>) -> Self {
        let mut spans = HashSet::new();
        let mut by_tag: HashMap<String, Spans> = HashMap::new();
        for (tag, start, end) in tagged {
            spans.insert((start, end));
            match by_tag.get_mut(tag) {
                Some(list) => list.0.push((start, end)),
                None => {
                    by_tag.insert(tag.to_owned(), (vec![(start, end)], Vec::new()));
                }
            }
        }
        for (list, furthest) in by_tag.values_mut() {
            list.sort_unstable();
            let mut most = 0;
            *furthest = list
                .iter()
                .map(|&(_, end)| {
                    most = most.max(end);
                    most
                })
                .collect();
        }
        Self { spans, by_tag }
    }

    /// Whether this very span is tagged (with any tag).
    pub(super) fn has_span(&self, start: usize, end: usize) -> bool {
        self.spans.contains(&(start, end))
    }

    /// Whether an annotation with `tag` overlaps `start..end`.
    pub(super) fn covers(&self, start: usize, end: usize, tag: &str) -> bool {
        let Some((list, furthest)) = self.by_tag.get(tag) else {
            return false;
        };
        // Of the spans starting before `end`, does any reach past `start`?
        let before_end = list.partition_point(|&(s, _)| s < end);
        before_end > 0 && furthest[before_end - 1] > start
    }
}

#[cfg(test)]
mod tests {
    use unicode_segmentation::UnicodeSegmentation;

    use super::is_word_boundary;

    /// The quick answer for ASCII agrees with UAX #29 everywhere in a text full of the
    /// marks that may join words.
    #[test]
    fn the_ascii_shortcut_agrees_with_the_word_rules() {
        let text =
            "In 3.5 days, e.g. don't; 12:30 a_b. End.The x,y ‘Russia’s’ 北京 café\u{301}! 9/11";
        let bounds: Vec<usize> = text
            .split_word_bound_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        for (byte, _) in text.char_indices().skip(1) {
            let apostrophe = |c: Option<char>| c.is_some_and(crate::model::text::is_apostrophe);
            let near_apostrophe = apostrophe(text[..byte].chars().next_back())
                || apostrophe(text[byte..].chars().next());
            if near_apostrophe {
                continue;
            }
            assert_eq!(
                is_word_boundary(text, byte),
                bounds.contains(&byte),
                "at {byte}: {:?}|{:?}",
                &text[..byte],
                &text[byte..]
            );
        }
    }
}
