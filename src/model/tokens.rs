//! Tokens: a line of text cut into Unicode words (UAX #29), split again at apostrophes
//! ("Taliban’s" is "Taliban", "’", "s"), and punctuation, each with its code-point span.
//! What CoNLL writes one per line and what the suggestion tagger learns from.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::Text;

/// One token: its text and code-point span in the document.
#[derive(Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub span: Range<usize>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// The tokens of each non-empty line of `text`.
pub fn sentences(text: &Text) -> Vec<Vec<Token<'_>>> {
    text.paragraphs()
        .iter()
        .map(|line| line_tokens(text, line.clone()))
        .filter(|tokens| !tokens.is_empty())
        .collect()
}

/// The tokens of one line of `text` (a char range within one paragraph).
pub fn line_tokens(text: &Text, line: Range<usize>) -> Vec<Token<'_>> {
    let source = text.slice(line.start, line.end);
    let mut tokens = Vec::new();
    let mut at = line.start;
    for segment in source.split_word_bounds() {
        let length = segment.chars().count();
        if !segment.chars().all(char::is_whitespace) {
            // Apostrophes split words: "Taliban’s" is "Taliban", "’", "s".
            let mut start = at;
            let mut rest = segment;
            while let Some((index, c)) = rest.char_indices().find(|&(_, c)| is_apostrophe(c)) {
                if index > 0 {
                    let word = &rest[..index];
                    let end = start + word.chars().count();
                    tokens.push(Token {
                        text: word,
                        span: start..end,
                    });
                    start = end;
                }
                let mark = &rest[index..index + c.len_utf8()];
                tokens.push(Token {
                    text: mark,
                    span: start..start + 1,
                });
                start += 1;
                rest = &rest[index + c.len_utf8()..];
            }
            if !rest.is_empty() {
                tokens.push(Token {
                    text: rest,
                    span: start..start + rest.chars().count(),
                });
            }
        }
        at += length;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_words_punctuation_and_apostrophes_with_code_point_spans() {
        let text = Text::new("The Taliban’s “ally” 😀 met 北京.\r\n\r\nNext");
        let tokens: Vec<Vec<(&str, Range<usize>)>> = sentences(&text)
            .into_iter()
            .map(|s| s.into_iter().map(|t| (t.text, t.span)).collect())
            .collect();
        assert_eq!(tokens.len(), 2, "the empty line is no sentence");
        let texts: Vec<&str> = tokens[0].iter().map(|(t, _)| *t).collect();
        assert_eq!(
            texts,
            [
                "The", "Taliban", "’", "s", "“", "ally", "”", "😀", "met", "北", "京", "."
            ]
        );
        for (token, span) in &tokens[0] {
            assert_eq!(&text.slice(span.start, span.end), token);
        }
        assert_eq!(tokens[1], [("Next", 34..38)], "after two CRLFs");
    }
}
