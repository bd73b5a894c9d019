//! Repeated forms: what a layer has tagged, suggested wherever else the same text occurs
//! in the project, on word boundaries, longest form first, scored by how often that form
//! got each tag ("Russia": actor 2 times, claim once: actor 0.67, claim 0.33).
//!
//! A corpus's layer knows a hundred thousand forms, and the index is made again after
//! each edit: it only counts them, each under its first few tokens. A document's search
//! looks its tokens up and compares the forms filed under them with the text there, so it
//! costs what the document's length costs, however many forms the layer has.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use unicode_segmentation::UnicodeSegmentation;

use super::{Source, Suggestion};
use crate::model::{Document, DocumentId, Project};

/// Forms are filed under this many of their first tokens.
const KEY_TOKENS: usize = 4;

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

/// A form as counted: its text, where its first token starts in it (after an opening
/// quote or bracket), and how many times it got each tag (by position in the tag set).
#[derive(Clone)]
struct Counted {
    text: Box<str>,
    lead: usize,
    tags: Vec<(u32, u32)>,
}

/// What one layer has tagged, ready to be found in any document.
#[derive(Clone)]
pub struct FormIndex {
    layer: String,
    /// The tag set's names, in order: counts name tags by position.
    tags: Vec<String>,
    counted: Vec<Counted>,
    /// The forms by their first [`KEY_TOKENS`] tokens (all of a shorter one's), lower-cased
    /// and joined by a space ("the afghan taliban"): see [`tokens`]. Claims often open
    /// alike ("the minister said"); filed under two tokens, hundreds shared one list.
    by_tokens: HashMap<Box<str>, Vec<u32>>,
    /// The (form, tag) pairs this layer's coder rejected: not offered.
    rejected: Vec<(String, String)>,
    /// What each document's annotations counted, as (form, tag) numbers: taken back when
    /// the document's coding changes and counted again from it alone.
    from_document: HashMap<DocumentId, Vec<(u32, u32)>>,
}

impl FormIndex {
    /// The forms `layer` has tagged anywhere in `project`, less the tags its coder
    /// rejected for them. One pass over the annotations.
    pub fn build(project: &Project, layer: &str) -> Self {
        Self::build_without(project, layer, None)
    }

    /// The same, learning nothing from `left_out`'s annotations: what the forms would
    /// offer in a document nobody has coded yet (leave-one-document-out evaluation).
    pub fn build_without(project: &Project, layer: &str, left_out: Option<&DocumentId>) -> Self {
        let mut index = Self {
            layer: layer.to_owned(),
            tags: project.tags().tags.iter().map(|t| t.name.clone()).collect(),
            counted: Vec::new(),
            by_tokens: HashMap::new(),
            rejected: Vec::new(),
            from_document: HashMap::new(),
        };
        index.take_rejections(project);
        let position = index.tag_positions();
        let mut counts: Vec<(u32, u32)> = Vec::new();
        let mut annotations = project.annotations().iter().peekable();
        while let Some(first) = annotations.next() {
            // The project keeps its annotations by document: count one document at a time.
            let document = &first.document;
            counts.clear();
            for a in std::iter::once(first).chain(std::iter::from_fn(|| {
                annotations.next_if(|a| a.document == *document)
            })) {
                if Some(document) == left_out {
                    continue;
                }
                if let Some((form, tag)) = countable(a, layer, &position) {
                    counts.push((index.count(form, tag), tag));
                }
            }
            if !counts.is_empty() {
                index.from_document.insert(document.clone(), counts.clone());
            }
        }
        index
    }

    /// Counts again the forms of `documents`, whose coding changed, and the rejections
    /// when they did: the same index [`FormIndex::build`] would make of the project now,
    /// if the tag set is the same, at the cost of those documents alone.
    pub fn update(
        &mut self,
        project: &Project,
        documents: &BTreeSet<DocumentId>,
        rejections: bool,
    ) {
        if rejections {
            self.take_rejections(project);
        }
        let position = self.tag_positions();
        for document in documents {
            for (form, tag) in self.from_document.remove(document).unwrap_or_default() {
                let tags = &mut self.counted[form as usize].tags;
                if let Some(at) = tags.iter().position(|(t, _)| *t == tag) {
                    tags[at].1 -= 1;
                    if tags[at].1 == 0 {
                        tags.remove(at);
                    }
                }
            }
            let mut counts = Vec::new();
            for a in project.annotations_in(document) {
                if let Some((form, tag)) = countable(a, &self.layer, &position) {
                    counts.push((self.count(form, tag), tag));
                }
            }
            if !counts.is_empty() {
                self.from_document.insert(document.clone(), counts);
            }
        }
    }

    /// Whether this index was made with the project's tag set as it is now.
    pub fn has_tags_of(&self, project: &Project) -> bool {
        self.tags
            .iter()
            .map(String::as_str)
            .eq(project.tags().tags.iter().map(|t| t.name.as_str()))
    }

    fn tag_positions(&self) -> HashMap<String, u32> {
        self.tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect()
    }

    fn take_rejections(&mut self, project: &Project) {
        self.rejected = project
            .rejected
            .iter()
            .filter(|r| r.layer == self.layer)
            .map(|r| (r.form.clone(), r.tag.clone()))
            .collect();
    }

    /// Counts `form` once more with `tag`; returns the form's number, new if it is new.
    fn count(&mut self, form: &str, tag: u32) -> u32 {
        let mut first = tokens(form);
        let Some((lead, one)) = first.next() else {
            // `countable` lets through only forms with a letter or digit: they have tokens.
            return u32::MAX;
        };
        let mut key = one;
        for (_, next) in first.take(KEY_TOKENS - 1) {
            key.push(' ');
            key.push_str(&next);
        }
        let filed = self.by_tokens.entry(key.into_boxed_str()).or_default();
        let known = filed
            .iter()
            .copied()
            .find(|&f| *self.counted[f as usize].text == *form);
        let at = known.unwrap_or_else(|| {
            let at = self.counted.len() as u32;
            filed.push(at);
            self.counted.push(Counted {
                text: Box::from(form),
                lead,
                tags: Vec::new(),
            });
            at
        });
        let tags = &mut self.counted[at as usize].tags;
        match tags.iter_mut().find(|(t, _)| *t == tag) {
            Some((_, n)) => *n += 1,
            None => tags.push((tag, 1)),
        }
        at
    }

    pub fn layer(&self) -> &str {
        &self.layer
    }

    /// How many distinct forms it knows.
    pub fn len(&self) -> usize {
        self.counted.iter().filter(|c| !c.tags.is_empty()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.counted.iter().all(|c| c.tags.is_empty())
    }

    /// A counted form with its tags' shares, best first (ties in tag-set order), the
    /// rejected ones left out; `None` when every tag it got was rejected.
    fn form(&self, at: u32) -> Option<Form> {
        let Counted { text, tags, .. } = &self.counted[at as usize];
        let total: u32 = tags.iter().map(|(_, n)| n).sum();
        let mut shares: Vec<(u32, f64)> = tags
            .iter()
            .filter(|(tag, _)| {
                let name = &self.tags[*tag as usize];
                !self
                    .rejected
                    .iter()
                    .any(|(f, t)| **f == **text && t == name)
            })
            .map(|&(tag, n)| (tag, f64::from(n) / f64::from(total)))
            .collect();
        shares.sort_by(|(a, x), (b, y)| y.total_cmp(x).then(a.cmp(b)));
        let ((tag, score), others) = shares.split_first()?;
        Some(Form {
            text: Arc::from(&**text),
            tag: Arc::from(self.tags[*tag as usize].as_str()),
            score: *score,
            others: others
                .iter()
                .map(|&(t, share)| (self.tags[t as usize].clone(), share))
                .collect(),
        })
    }

    /// Every place in `raw` where a known form stands as whole words: (start, end) in
    /// bytes and the form. Each token of the text is looked up alone and with the next.
    fn occurrences(&self, raw: &str) -> Vec<(usize, usize, u32)> {
        let mut found = Vec::new();
        let mut look = |at: usize, forms: &[u32]| {
            for &f in forms {
                let Counted { text, lead, .. } = &self.counted[f as usize];
                let Some(start) = at.checked_sub(*lead) else {
                    continue;
                };
                let end = start + text.len();
                let stands = raw.get(start..end).is_some_and(|there| {
                    same_but_first_letter(there, text)
                        && is_word_boundary(raw, start)
                        && is_word_boundary(raw, end)
                });
                if stands {
                    found.push((start, end, f));
                }
            }
        };
        // Each token with the next few: every key a form can be filed under starting there.
        let mut key = String::new();
        let mut words = tokens(raw);
        let mut ahead: std::collections::VecDeque<(usize, String)> =
            words.by_ref().take(KEY_TOKENS).collect();
        while let Some(&(at, _)) = ahead.front() {
            key.clear();
            for (n, (_, token)) in ahead.iter().enumerate() {
                if n > 0 {
                    key.push(' ');
                }
                key.push_str(token);
                if let Some(forms) = self.by_tokens.get(key.as_str()) {
                    look(at, forms);
                }
            }
            ahead.pop_front();
            ahead.extend(words.next());
        }
        found
    }

    /// Every place in `document` where a known form stands as whole words and the layer
    /// has not tagged it (nor tagged something overlapping it with the same tag).
    pub(super) fn find(&self, document: &Document, tagged: &Tagged) -> Vec<Suggestion> {
        let text = document.text();
        let raw = text.as_str();
        let mut forms: HashMap<u32, Option<Form>> = HashMap::new();
        // Every occurrence, overlapping ones too: a longest form that is not offered
        // (tagged there already) must not hide a shorter one inside it. Kept small (a
        // book has millions): char offsets and form numbers fit 32 bits.
        let mut offered: Vec<(u32, u32, u32)> = Vec::new();
        for (start, end, f) in self.occurrences(raw) {
            let Some(form) = forms.entry(f).or_insert_with(|| self.form(f)) else {
                continue;
            };
            let (start, end) = (text.char_of_byte(start), text.char_of_byte(end));
            if !tagged.has_span(start, end) && !tagged.covers(start, end, &form.tag) {
                offered.push((start as u32, end as u32, f));
            }
        }
        // Leftmost first, the longest where several start together (of two forms apart
        // only in their first letter's case, the one first in text order); none
        // overlapping.
        offered.sort_unstable_by(|&(s1, e1, f1), &(s2, e2, f2)| {
            (s1, u32::MAX - e1).cmp(&(s2, u32::MAX - e2)).then_with(|| {
                self.counted[f1 as usize]
                    .text
                    .cmp(&self.counted[f2 as usize].text)
            })
        });
        let mut free_from = 0;
        offered.retain(|&(start, end, _)| {
            let free = start >= free_from;
            if free {
                free_from = end;
            }
            free
        });
        let mut found = Vec::with_capacity(offered.len());
        for (start, end, f) in offered {
            let Some(Some(form)) = forms.get(&f) else {
                continue;
            };
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

/// The form `a` counts as and its tag's place, if it counts: tagged in `layer`, in one
/// piece, without space around it, two characters or more, with a letter or digit.
fn countable<'a>(
    a: &'a crate::model::Annotation,
    layer: &str,
    position: &HashMap<String, u32>,
) -> Option<(&'a str, u32)> {
    let form = a.quote.as_str();
    if a.layer != layer
        || !a.fragments.is_empty()
        || form.trim() != form
        || form.chars().nth(SHORTEST - 1).is_none()
        || !form.chars().any(char::is_alphanumeric)
    {
        return None;
    }
    Some((form, *position.get(a.tag.as_str())?))
}

/// The tokens of `text` a form can be looked up by, with where each starts, lower-cased
/// (ASCII): each run of ASCII letters and digits, and each other letter or digit on its
/// own (an ideograph, an accented letter). They depend on the characters alone, not on
/// what stands around them, so a form found in a text has the text's tokens where it
/// stands, and a form is looked up by the tokens at its place.
fn tokens(text: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + text[at..].find(char::is_alphanumeric)?;
        let rest = &text[start..];
        let first = rest.chars().next()?;
        let len = if first.is_ascii_alphanumeric() {
            rest.find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len())
        } else {
            first.len_utf8()
        };
        at = start + len;
        Some((start, rest[..len].to_ascii_lowercase()))
    })
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

#[cfg(test)]
mod token_tests {
    use super::tokens;

    #[test]
    fn a_forms_tokens_are_the_tokens_of_any_text_it_stands_in() {
        let text = "“The Taliban’s” 北京大学 said Zoë, in 3.5% of U.S. cases 😀";
        let all: Vec<String> = tokens(text).map(|(_, t)| t).collect();
        assert_eq!(
            all,
            [
                "the", "taliban", "s", "北", "京", "大", "学", "said", "zo", "ë", "in", "3", "5",
                "of", "u", "s", "cases"
            ]
        );
        for form in [
            "the Taliban",
            "Taliban",
            "北京",
            "京大",
            "Zoë",
            "U.S.",
            "3.5%",
            "(said",
        ] {
            let (lead, first) = tokens(form).next().expect("a token");
            let at = text
                .find(&form[lead..])
                .or_else(|| text.find("The Taliban"));
            let there: Vec<String> = tokens(&text[at.expect("in the text")..])
                .take(2)
                .map(|(_, t)| t)
                .collect();
            assert_eq!(there[0], first, "{form}");
        }
        assert!(tokens("😀 …").next().is_none());
    }
}
