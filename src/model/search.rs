//! Finding text in documents: plain or regular-expression, whole words, case-sensitive or
//! not. Matches come back as code-point spans, ready to be annotated.
//!
//! ```
//! use annotary::model::{Text, search::{Query, find}};
//! let text = Text::new("Russia’s envoy met Russian officials. RUSSIA agreed.");
//! let query = Query { text: "russia".into(), whole_word: true, ..Query::default() };
//! let spans: Vec<_> = find(&text, &query).unwrap().into_iter().map(|r| text.slice(r.start, r.end).to_owned()).collect();
//! assert_eq!(spans, ["Russia", "RUSSIA"]);
//! ```

use std::ops::Range;

use super::text::Text;

/// At most this many matches per document, so a one-letter search cannot swamp the window.
pub const MAX_MATCHES: usize = 100_000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub whole_word: bool,
    pub match_case: bool,
    /// Treat `text` as a regular expression (Rust `regex` syntax) rather than literally.
    pub regex: bool,
}

/// A query ready to search with.
pub struct Pattern {
    regex: regex::Regex,
    /// Whole words in a script written without spaces: each match is kept only if it
    /// begins and ends where the dictionary's words do (`\b` sees none inside "กระทรวงการ").
    dictionary_words: bool,
}

impl Query {
    /// The compiled pattern; an invalid regular expression is an error a user can read.
    pub fn pattern(&self) -> Result<Pattern, String> {
        let core = if self.regex {
            self.text.clone()
        } else {
            regex::escape(&self.text)
        };
        let dictionary_words =
            self.whole_word && self.text.chars().any(super::words::needs_dictionary);
        // \b is Unicode-aware: "Россия" is a word too.
        let pattern = if self.whole_word && !dictionary_words {
            format!(r"\b(?:{core})\b")
        } else {
            core
        };
        let regex = regex::RegexBuilder::new(&pattern)
            .case_insensitive(!self.match_case)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Pattern {
            regex,
            dictionary_words,
        })
    }
}

/// Every non-empty match of `query` in `text`, as code-point ranges, in order.
pub fn find(text: &Text, query: &Query) -> Result<Vec<Range<usize>>, String> {
    if query.text.is_empty() {
        return Ok(Vec::new());
    }
    let pattern = query.pattern()?;
    Ok(find_with(text, &pattern))
}

/// The same with a compiled pattern, for searching many documents.
pub fn find_with(text: &Text, pattern: &Pattern) -> Vec<Range<usize>> {
    let source = text.as_str();
    let mut spans = Vec::new();
    // Matches come in order, so byte offsets convert to code points in one forward walk.
    let (mut byte, mut char) = (0, 0);
    for found in pattern.regex.find_iter(source).filter(|m| !m.is_empty()) {
        char += source[byte..found.start()].chars().count();
        let start = char;
        char += found.as_str().chars().count();
        byte = found.end();
        if pattern.dictionary_words && !whole_words(text, start, char) {
            continue;
        }
        spans.push(start..char);
        if spans.len() == MAX_MATCHES {
            break;
        }
    }
    spans
}

/// Whether `start..end` begins and ends where words do.
fn whole_words(text: &Text, start: usize, end: usize) -> bool {
    let begins = text.word_at(start).is_none_or(|w| w.start == start);
    let ends = end
        .checked_sub(1)
        .and_then(|last| text.word_at(last))
        .is_none_or(|w| w.end == end);
    begins && ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str, query: Query) -> Vec<String> {
        let text = Text::new(text);
        find(&text, &query)
            .expect("valid")
            .into_iter()
            .map(|r| text.slice(r.start, r.end).to_owned())
            .collect()
    }

    #[test]
    fn plain_search_is_literal_and_ignores_case_unless_asked() {
        let text = "A.B a.b aXb “a.b”";
        let query = Query {
            text: "a.b".into(),
            ..Query::default()
        };
        assert_eq!(quotes(text, query.clone()), ["A.B", "a.b", "a.b"]);
        let exact = Query {
            match_case: true,
            ..query
        };
        assert_eq!(quotes(text, exact), ["a.b", "a.b"]);
    }

    #[test]
    fn whole_words_in_any_script() {
        let text = "Россия и Российская; 北京 北京市";
        let query = |t: &str| Query {
            text: t.into(),
            whole_word: true,
            ..Query::default()
        };
        assert_eq!(quotes(text, query("россия")), ["Россия"]);
        assert_eq!(quotes(text, query("北京")), ["北京"]);
        // Written without spaces: the dictionary's words. "การ" ("the act of") is a word
        // of its own before "เจรจา" (negotiate), not inside "ประเทศ" or "กระทรวง".
        let thai = "กระทรวงการต่างประเทศกล่าวว่าการเจรจาจะดำเนินต่อไป";
        assert_eq!(quotes(thai, query("เจรจา")), ["เจรจา"]);
        assert_eq!(quotes(thai, query("ทรวง")), Vec::<String>::new());
        let plain = Query {
            text: "ทรวง".into(),
            ..Query::default()
        };
        assert_eq!(quotes(thai, plain), ["ทรวง"]);
    }

    #[test]
    fn regular_expressions_and_their_errors() {
        let query = Query {
            text: r"\d{4}".into(),
            regex: true,
            ..Query::default()
        };
        assert_eq!(
            quotes("In 2021 and 2025 😀 1999", query),
            ["2021", "2025", "1999"]
        );
        let broken = Query {
            text: "(".into(),
            regex: true,
            ..Query::default()
        };
        assert!(find(&Text::new("x"), &broken).is_err());
    }

    #[test]
    fn offsets_are_code_points_after_emoji_and_crlf() {
        let text = Text::new("😀 café\u{301}\r\n😀 café\u{301}");
        let spans = find(
            &text,
            &Query {
                text: "café\u{301}".into(),
                ..Query::default()
            },
        )
        .expect("valid");
        assert_eq!(spans, [2..7, 11..16]);
    }
}
