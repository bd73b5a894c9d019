//! Where the caret and the selection go in a text: by character, by word, to either end,
//! and how a selection becomes the span it tags. Pure functions from a selection to a
//! selection (the idea of helix's `movement.rs`); moving by wrapped row needs the window's
//! layout, so the window answers that one.
//!
//! "Character" is what a reader sees as one: an accented letter, an emoji sequence or a
//! CRLF is one step.
//!
//! ```
//! use annotary::model::Text;
//! use annotary::model::motion::{Motion, Selection, move_selection};
//! let text = Text::new("The Kremlin said");
//! // Ctrl+Shift+Right from the caret after "The " selects "Kremlin".
//! let moved = move_selection(&text, Selection::caret(4), Motion::WordRight, true);
//! assert_eq!(moved, Selection { anchor: 4, head: 11 });
//! // Left on that selection lands on its start, as in every text editor.
//! assert_eq!(move_selection(&text, moved, Motion::Left, false), Selection::caret(4));
//! ```

use super::Text;

/// A text selection in code points: `anchor` stays where it was started, `head` moves.
/// When the two are equal it is only a caret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    pub anchor: usize,
    pub head: usize,
}

impl Selection {
    pub fn caret(at: usize) -> Self {
        Self {
            anchor: at,
            head: at,
        }
    }

    /// The selection as (start, end), start first.
    pub fn ordered(self) -> (usize, usize) {
        (self.anchor.min(self.head), self.anchor.max(self.head))
    }

    /// The selection as an ordered range, `None` when it is only a caret.
    pub fn range(self) -> Option<(usize, usize)> {
        let (start, end) = self.ordered();
        (start < end).then_some((start, end))
    }
}

/// A caret motion that needs only the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    Left,
    Right,
    WordLeft,
    WordRight,
    DocumentStart,
    DocumentEnd,
}

impl Motion {
    /// Whether the motion goes towards the start of the text.
    pub fn backwards(self) -> bool {
        matches!(self, Self::Left | Self::WordLeft | Self::DocumentStart)
    }

    /// Where the head goes from `head`.
    pub fn from(self, text: &Text, head: usize) -> usize {
        match self {
            Self::Left => text.previous_grapheme(head),
            Self::Right => text.next_grapheme(head),
            Self::WordLeft => text.previous_word_start(head),
            Self::WordRight => text.next_word_end(head),
            Self::DocumentStart => 0,
            Self::DocumentEnd => text.char_len(),
        }
    }
}

/// The selection after `motion`. With `extend` the head moves and the anchor stays;
/// without, the result is a caret. Left or Right on a selection (without `extend`) lands on
/// its near edge instead of moving a character.
pub fn move_selection(
    text: &Text,
    selection: Selection,
    motion: Motion,
    extend: bool,
) -> Selection {
    let (low, high) = selection.ordered();
    let collapsing = !extend && low < high && matches!(motion, Motion::Left | Motion::Right);
    let head = if collapsing {
        if motion.backwards() { low } else { high }
    } else {
        motion.from(text, selection.head)
    };
    place(selection, head, extend)
}

/// `selection` with its head at `head`: extended from the anchor, or a caret there.
pub fn place(selection: Selection, head: usize, extend: bool) -> Selection {
    if extend {
        Selection {
            anchor: selection.anchor,
            head,
        }
    } else {
        Selection::caret(head)
    }
}

/// The span a selection tags: `start..end` without the white space at either side.
/// `None` when there is nothing but white space.
///
/// ```
/// use annotary::model::{Text, motion::trim_to_span};
/// let text = Text::new("say  Kabul \r\n");
/// assert_eq!(trim_to_span(&text, 3, 13), Some((5, 10)));
/// assert_eq!(trim_to_span(&text, 10, 13), None);
/// ```
pub fn trim_to_span(text: &Text, start: usize, end: usize) -> Option<(usize, usize)> {
    let covered = text.slice(start, end);
    let lead = covered.chars().take_while(|c| c.is_whitespace()).count();
    let trail = covered
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    (lead + trail < end.saturating_sub(start)).then(|| (start + lead, end - trail))
}

/// Which end of a span a key moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Boundary {
    Start,
    End,
}

/// The span `start..end` with one boundary moved by one character; `None` when that
/// would leave it empty.
///
/// ```
/// use annotary::model::{Text, motion::{Boundary, nudge}};
/// let text = Text::new("Zoë said");
/// assert_eq!(nudge(&text, 0, 3, Boundary::End, true), Some((0, 4)));
/// assert_eq!(nudge(&text, 0, 1, Boundary::End, false), None);
/// ```
pub fn nudge(
    text: &Text,
    start: usize,
    end: usize,
    boundary: Boundary,
    forward: bool,
) -> Option<(usize, usize)> {
    let step = |offset: usize| {
        if forward {
            text.grapheme_ceil(offset + 1)
        } else {
            text.grapheme_floor(offset.saturating_sub(1))
        }
    };
    let (start, end) = match boundary {
        Boundary::Start => (step(start), end),
        Boundary::End => (start, step(end)),
    };
    (start < end).then_some((start, end))
}

/// The span `start..end` with one boundary moved by one word, as Ctrl+arrows move the
/// caret: an end stops after a word, a start before one. `None` when that would leave it
/// empty.
///
/// ```
/// use annotary::model::{Text, motion::{Boundary, nudge_word}};
/// let text = Text::new("Moscow said “the talks” went well");
/// assert_eq!(nudge_word(&text, 0, 6, Boundary::End, true), Some((0, 11)));
/// assert_eq!(nudge_word(&text, 0, 11, Boundary::End, false), Some((0, 6)));
/// assert_eq!(nudge_word(&text, 0, 11, Boundary::Start, true), Some((7, 11)));
/// assert_eq!(nudge_word(&text, 7, 11, Boundary::Start, false), Some((0, 11)));
/// assert_eq!(nudge_word(&text, 7, 11, Boundary::Start, true), None);
/// ```
pub fn nudge_word(
    text: &Text,
    start: usize,
    end: usize,
    boundary: Boundary,
    forward: bool,
) -> Option<(usize, usize)> {
    let in_word = |offset: usize| text.word_at(offset).is_some();
    let (start, end) = match (boundary, forward) {
        (Boundary::End, true) => (start, text.next_word_end(end)),
        (Boundary::End, false) => {
            // Back to the end of the word before the one the end is in or after.
            let mut at = text.previous_word_start(end);
            while at > 0 && !in_word(at - 1) {
                at -= 1;
            }
            (start, at)
        }
        (Boundary::Start, true) => {
            // On to the start of the next word.
            let mut at = text.next_word_end(start);
            while at < text.char_len() && !in_word(at) {
                at += 1;
            }
            (at, end)
        }
        (Boundary::Start, false) => (text.previous_word_start(start), end),
    };
    (start < end).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "é" written as e + combining acute, a flag of two code points, and a CRLF: each is
    /// one step for the caret.
    const HARD: &str = "Zoe\u{301} 🇦🇫 said\r\nno";

    #[test]
    fn a_character_step_never_splits_what_a_reader_sees_as_one() {
        let text = Text::new(HARD);
        let mut head = 0;
        let mut stops = vec![head];
        while head < text.char_len() {
            head = Motion::Right.from(&text, head);
            stops.push(head);
        }
        assert_eq!(stops, [0, 1, 2, 4, 5, 7, 8, 9, 10, 11, 12, 14, 15, 16]);
        let back: Vec<usize> = stops
            .iter()
            .rev()
            .skip(1)
            .scan(text.char_len(), |at, _| {
                *at = Motion::Left.from(&text, *at);
                Some(*at)
            })
            .collect();
        let mut expected: Vec<usize> = stops[..stops.len() - 1].to_vec();
        expected.reverse();
        assert_eq!(back, expected);
    }

    #[test]
    fn extending_keeps_the_anchor_and_a_plain_move_collapses() {
        let text = Text::new("The Kremlin said today");
        let selection = Selection {
            anchor: 4,
            head: 11,
        };
        assert_eq!(
            move_selection(&text, selection, Motion::WordRight, true),
            Selection {
                anchor: 4,
                head: 16
            }
        );
        assert_eq!(
            move_selection(&text, selection, Motion::Right, false),
            Selection::caret(11)
        );
        // Word motions from a selection move its head, not its edge.
        assert_eq!(
            move_selection(&text, selection, Motion::WordLeft, false),
            Selection::caret(4)
        );
        assert_eq!(
            move_selection(&text, selection, Motion::DocumentEnd, false),
            Selection::caret(22)
        );
        assert_eq!(selection.range(), Some((4, 11)));
        assert_eq!(Selection::caret(3).range(), None);
    }

    #[test]
    fn left_on_a_selection_lands_on_its_start() {
        let text = Text::new("The Kremlin said today");
        let selection = Selection {
            anchor: 11,
            head: 4,
        };
        assert_eq!(
            move_selection(&text, selection, Motion::Left, false),
            Selection::caret(4)
        );
        assert!(Motion::Left.backwards() && Motion::WordLeft.backwards());
        assert!(!Motion::Right.backwards() && !Motion::DocumentEnd.backwards());
    }

    #[test]
    fn a_selection_is_trimmed_on_both_sides_and_nothing_is_no_span() {
        let text = Text::new("   x   ");
        assert_eq!(trim_to_span(&text, 0, 7), Some((3, 4)));
        assert_eq!(trim_to_span(&text, 0, 3), None);
        assert_eq!(trim_to_span(&text, 3, 3), None);
    }

    #[test]
    fn trimming_and_nudging_stay_on_whole_characters() {
        let text = Text::new(HARD);
        assert_eq!(trim_to_span(&text, 4, 8), Some((5, 7)));
        assert_eq!(trim_to_span(&text, 4, 5), None);
        // The end moves past the whole flag, the start back over the accented letter.
        assert_eq!(nudge(&text, 0, 5, Boundary::End, true), Some((0, 7)));
        assert_eq!(nudge(&text, 4, 7, Boundary::Start, false), Some((2, 7)));
        assert_eq!(nudge(&text, 5, 7, Boundary::Start, true), None);
    }
}
