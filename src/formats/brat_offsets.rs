//! Offsets as brat counts them: brat (and Python) read a `.txt` with universal newlines,
//! so a CRLF is one character in brat's offsets, and brat's fragments never hold a line
//! break. Shared by the reader and the writer.

use crate::model::Text;

/// Code point offsets as brat counts them: every CRLF before an offset counts once.
pub(super) struct BratOffsets {
    /// Code point index of the `\n` of each CRLF, in order.
    crlf_ends: Vec<usize>,
    /// Where each CRLF stands in brat's count (at its `\r`), in order.
    crlf_in_brat: Vec<usize>,
}

impl BratOffsets {
    pub(super) fn new(text: &Text) -> Self {
        let mut crlf_ends = Vec::new();
        let mut previous = '\0';
        for (i, c) in text.as_str().chars().enumerate() {
            if c == '\n' && previous == '\r' {
                crlf_ends.push(i);
            }
            previous = c;
        }
        // The k-th CRLF stands at brat offset crlf_ends[k] - 1 - k.
        let crlf_in_brat = crlf_ends
            .iter()
            .enumerate()
            .map(|(k, &end)| end - 1 - k)
            .collect();
        Self {
            crlf_ends,
            crlf_in_brat,
        }
    }

    pub(super) fn of(&self, offset: usize) -> usize {
        offset - self.crlf_ends.partition_point(|&end| end < offset)
    }

    /// The inverse: a brat offset back to a code point of the text as stored, by binary
    /// search; `None` for an offset so large it has no place (a broken or hostile file).
    pub(super) fn ours(&self, brat: usize) -> Option<usize> {
        let before = self.crlf_in_brat.partition_point(|&at| at < brat);
        brat.checked_add(before)
    }
}

pub(super) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{85}'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
    )
}
