//! A document's text with a code-point index: offsets are Unicode code points, end exclusive.
//!
//! Annotations are stored in code points (what brat, doccano and the W3C model use), Rust
//! strings are UTF-8 bytes, and egui's cursors are chars. This is the one place that
//! converts between them.
//!
//! ```
//! use annotary::model::Text;
//! let text = Text::new("“Kremlin” said\r\nno");
//! assert_eq!(text.char_len(), 18);
//! assert_eq!(text.slice(1, 8), "Kremlin");
//! // Paragraphs exclude the line break (and the `\r` of a CRLF).
//! assert_eq!(text.paragraphs(), &[0..14, 16..18]);
//! ```

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// How many chars lie between two stored byte checkpoints.
/// Converting an offset walks at most this many chars, whatever the document's length.
const CHECKPOINT_EVERY: usize = 128;

/// Immutable text plus the indexes needed to slice it by code point quickly. Shared, not
/// copied, when cloned: a project copied for an edit while a worker holds it, or the
/// documents a tagger trains on, keep one copy of a corpus's texts.
#[derive(Clone, Debug)]
pub struct Text(std::sync::Arc<Indexed>);

#[derive(Debug)]
struct Indexed {
    /// Exactly as long as the text (a string read from a file has room to spare).
    text: Box<str>,
    char_len: usize,
    /// `checkpoints[i]` is the byte offset of char `i * CHECKPOINT_EVERY`.
    checkpoints: Vec<usize>,
    /// Char ranges of the lines, without their line break.
    paragraphs: Vec<Range<usize>>,
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.0.text == other.0.text
    }
}

impl Eq for Text {}

impl Text {
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT_EVERY + 1);
        let mut paragraphs = Vec::new();
        let mut paragraph_start = 0;
        let mut previous = 0u8;
        let mut char_len = 0;
        // Byte by byte: a char starts at every byte that does not continue one, and the
        // line breaks are single bytes (a corpus's 50 MB are indexed as they are read).
        for (byte, &b) in text.as_bytes().iter().enumerate() {
            if b & 0xC0 == 0x80 {
                continue;
            }
            let i = char_len;
            if i % CHECKPOINT_EVERY == 0 {
                checkpoints.push(byte);
            }
            if b == b'\n' {
                let end = if previous == b'\r' { i - 1 } else { i };
                paragraphs.push(paragraph_start..end.max(paragraph_start));
                paragraph_start = i + 1;
            }
            previous = b;
            char_len = i + 1;
        }
        if char_len % CHECKPOINT_EVERY == 0 {
            checkpoints.push(text.len());
        }
        let end = if previous == b'\r' {
            char_len - 1
        } else {
            char_len
        };
        paragraphs.push(paragraph_start..end.max(paragraph_start));
        Self(std::sync::Arc::new(Indexed {
            text: text.into_boxed_str(),
            char_len,
            checkpoints,
            paragraphs,
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    /// Length in Unicode code points.
    pub fn char_len(&self) -> usize {
        self.0.char_len
    }

    /// The lines of the text as char ranges, line breaks excluded. Never empty.
    pub fn paragraphs(&self) -> &[Range<usize>] {
        &self.0.paragraphs
    }

    /// The index of the paragraph holding `char_offset` (a line break belongs to the line it ends).
    pub fn paragraph_at(&self, char_offset: usize) -> usize {
        self.0
            .paragraphs
            .partition_point(|p| p.start <= char_offset)
            .saturating_sub(1)
    }

    /// Byte offset of a code-point offset; offsets past the end clamp to the end.
    pub fn byte_of(&self, char_offset: usize) -> usize {
        if char_offset >= self.0.char_len {
            return self.0.text.len();
        }
        let checkpoint = char_offset / CHECKPOINT_EVERY;
        let base = self.0.checkpoints[checkpoint];
        let rest = char_offset - checkpoint * CHECKPOINT_EVERY;
        // Between two checkpoints as many bytes as chars: all ASCII, no walk needed.
        if self.0.checkpoints.get(checkpoint + 1) == Some(&(base + CHECKPOINT_EVERY)) {
            return base + rest;
        }
        self.0.text[base..]
            .char_indices()
            .nth(rest)
            .map_or(self.0.text.len(), |(b, _)| base + b)
    }

    /// Code-point offset of a byte offset that lies on a char boundary.
    pub fn char_of_byte(&self, byte: usize) -> usize {
        let checkpoint = self
            .0
            .checkpoints
            .partition_point(|&b| b <= byte)
            .saturating_sub(1);
        let base = self.0.checkpoints.get(checkpoint).copied().unwrap_or(0);
        checkpoint * CHECKPOINT_EVERY
            + self.0.text[base..byte.min(self.0.text.len())]
                .chars()
                .count()
    }

    /// The text between two code-point offsets (clamped to the text).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let (start, end) = (start.min(end), end.max(start));
        &self.0.text[self.byte_of(start)..self.byte_of(end)]
    }

    /// True when `char_offset` does not split a user-perceived character
    /// (a base letter and its combining marks, an emoji sequence, a CRLF).
    pub fn is_grapheme_boundary(&self, char_offset: usize) -> bool {
        if char_offset == 0 || char_offset == self.0.char_len {
            return true;
        }
        if char_offset > self.0.char_len {
            return false;
        }
        let byte = self.byte_of(char_offset);
        let mut cursor = unicode_segmentation::GraphemeCursor::new(byte, self.0.text.len(), true);
        cursor.is_boundary(&self.0.text, 0).unwrap_or(true)
    }

    /// The nearest grapheme boundary at or before `char_offset`.
    pub fn grapheme_floor(&self, char_offset: usize) -> usize {
        let mut offset = char_offset.min(self.0.char_len);
        while !self.is_grapheme_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The nearest grapheme boundary at or after `char_offset`.
    pub fn grapheme_ceil(&self, char_offset: usize) -> usize {
        let mut offset = char_offset.min(self.0.char_len);
        while !self.is_grapheme_boundary(offset) {
            offset += 1;
        }
        offset
    }

    /// `char_offset` moved back to the start of the word it falls inside, if any.
    pub fn word_floor(&self, char_offset: usize) -> usize {
        match self.word_at(char_offset) {
            Some(word) if word.start < char_offset => word.start,
            _ => self.grapheme_floor(char_offset),
        }
    }

    /// `char_offset` moved on to the end of the word it falls inside, if any.
    pub fn word_ceil(&self, char_offset: usize) -> usize {
        match char_offset
            .checked_sub(1)
            .and_then(|before| self.word_at(before))
        {
            Some(word) if char_offset < word.end => word.end,
            _ => self.grapheme_ceil(char_offset),
        }
    }

    /// Where Ctrl+Left goes: the start of the word before `char_offset` (or the one it is in).
    pub fn previous_word_start(&self, char_offset: usize) -> usize {
        let mut offset = char_offset.min(self.0.char_len);
        while offset > 0 && self.word_at(offset - 1).is_none() {
            offset -= 1;
        }
        match offset
            .checked_sub(1)
            .and_then(|before| self.word_at(before))
        {
            Some(word) => word.start,
            None => 0,
        }
    }

    /// Where Ctrl+Right goes: the end of the word after `char_offset` (or the one it is in).
    pub fn next_word_end(&self, char_offset: usize) -> usize {
        let mut offset = char_offset.min(self.0.char_len);
        while offset < self.0.char_len && self.word_at(offset).is_none() {
            offset += 1;
        }
        self.word_at(offset)
            .map_or(self.0.char_len, |word| word.end)
    }

    /// One user-perceived character to the left (a CRLF or an emoji sequence is one step).
    pub fn previous_grapheme(&self, char_offset: usize) -> usize {
        self.grapheme_floor(char_offset.saturating_sub(1))
    }

    /// One user-perceived character to the right.
    pub fn next_grapheme(&self, char_offset: usize) -> usize {
        self.grapheme_ceil((char_offset + 1).min(self.0.char_len))
    }

    /// The word around `char_offset`, for double-click selection and word snapping.
    /// Words are UAX #29 words, split again at apostrophes, so that "Russia’s" offers
    /// "Russia" (the actor) rather than the possessive; in Thai, Lao, Khmer, Burmese,
    /// Chinese and Japanese, written without spaces, dictionary words (`words`). `None` on
    /// spaces and punctuation.
    pub fn word_at(&self, char_offset: usize) -> Option<Range<usize>> {
        let paragraph = &self.0.paragraphs[self.paragraph_at(char_offset)];
        let line_start_byte = self.byte_of(paragraph.start);
        let line = self.slice(paragraph.start, paragraph.end);
        let target = self.byte_of(char_offset) - line_start_byte;
        if let Some((start, end)) = super::words::dictionary_word(line, target) {
            let first = self.char_of_byte(line_start_byte + start);
            return Some(first..first + line[start..end].chars().count());
        }
        let (word_byte, word) = line
            .split_word_bound_indices()
            .find(|(b, w)| *b <= target && target < b + w.len())?;
        let mut piece_byte = word_byte;
        for piece in word.split(is_apostrophe) {
            let piece_end = piece_byte + piece.len();
            if target < piece_end {
                if !piece.chars().any(char::is_alphanumeric) {
                    return None;
                }
                let start = self.char_of_byte(line_start_byte + piece_byte);
                return Some(start..start + piece.chars().count());
            }
            // Step over the piece and the apostrophe after it.
            piece_byte = piece_end + line[piece_end..].chars().next().map_or(0, char::len_utf8);
            if target < piece_byte {
                return None;
            }
        }
        None
    }
}

pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_over_many_checkpoints() {
        // Wide characters throughout, and ASCII runs longer than a checkpoint's stretch
        // (converted without walking) between them.
        let mixed = format!(
            "{}é{}😀\r\n{}",
            "x".repeat(300),
            "y".repeat(255),
            "z".repeat(128)
        );
        for source in ["a’😀中\u{301}\r\n".repeat(100), mixed.repeat(3)] {
            let text = Text::new(source.clone());
            assert_eq!(text.char_len(), source.chars().count());
            for (i, (byte, _)) in source.char_indices().enumerate() {
                assert_eq!(text.byte_of(i), byte, "char {i}");
                assert_eq!(text.char_of_byte(byte), i, "byte {byte}");
            }
            assert_eq!(text.byte_of(text.char_len()), source.len());
        }
    }

    #[test]
    fn paragraphs_exclude_line_breaks_and_keep_empty_lines() {
        let text = Text::new("ab\n\ncd\r\n");
        assert_eq!(text.paragraphs(), &[0..2, 3..3, 4..6, 8..8]);
        assert_eq!(text.paragraph_at(5), 2);
        assert_eq!(text.paragraph_at(2), 0);
    }

    #[test]
    fn grapheme_boundaries_keep_combining_marks_and_crlf_whole() {
        let text = Text::new("e\u{301}x\r\ny");
        assert!(!text.is_grapheme_boundary(1));
        assert!(text.is_grapheme_boundary(2));
        assert!(!text.is_grapheme_boundary(4));
        assert_eq!(text.grapheme_floor(1), 0);
        assert_eq!(text.grapheme_ceil(1), 2);
    }

    #[test]
    fn word_snapping_extends_partial_words_and_leaves_gaps_alone() {
        let text = Text::new("Similarly, the “international” community");
        // Inside "Similarly" and inside "international".
        assert_eq!(text.word_floor(2), 0);
        assert_eq!(text.word_ceil(20), 29);
        // Already at a boundary, or between words: unchanged.
        assert_eq!(text.word_floor(11), 11);
        assert_eq!(text.word_ceil(9), 9);
        assert_eq!(text.word_ceil(text.char_len()), text.char_len());
    }

    #[test]
    fn caret_steps_by_whole_characters_and_words() {
        let text = Text::new("Zoë’s café\u{301} 👩‍👩‍👧 met\r\n北京 today");
        // "café" + combining accent is one step; so is the family emoji; so is CRLF.
        assert_eq!(text.next_grapheme(9), 11);
        assert_eq!(text.previous_grapheme(11), 9);
        assert_eq!(text.next_grapheme(12), 17);
        assert_eq!(text.next_grapheme(21), 23);
        assert_eq!(text.previous_grapheme(23), 21);
        assert_eq!(text.next_word_end(0), 3, "Zoë, before the apostrophe");
        assert_eq!(
            text.next_word_end(11),
            21,
            "over the emoji to the end of met"
        );
        assert_eq!(text.previous_word_start(23), 18, "back over CRLF to met");
        assert_eq!(text.previous_word_start(2), 0);
        assert_eq!(text.next_word_end(text.char_len()), text.char_len());
    }

    #[test]
    fn word_at_finds_words_in_any_script() {
        let text = Text::new("The “Kremlin” 说了 today");
        assert_eq!(
            text.word_at(6).map(|r| text.slice(r.start, r.end)),
            Some("Kremlin")
        );
        assert_eq!(text.word_at(3), None);
    }

    #[test]
    fn apostrophes_split_words_so_possessives_stay_apart() {
        let text = Text::new("Russia’s ally didn't");
        let word = |at| {
            text.word_at(at)
                .map(|r| text.slice(r.start, r.end).to_owned())
        };
        assert_eq!(word(2).as_deref(), Some("Russia"));
        assert_eq!(word(6), None, "the apostrophe itself");
        assert_eq!(word(7).as_deref(), Some("s"));
        assert_eq!(word(16).as_deref(), Some("didn"));
        assert_eq!(text.word_ceil(3), 6, "snapping stops before the possessive");
    }
}
