//! What the tagger sees of each token: the word itself (lower-cased), its shape ("Xx",
//! "d"), its first and last letters, and the words and shapes around it. Each feature is
//! a 64-bit hash of its kind and text, so that a book's million tokens are described
//! without a string allocated per feature.

use crate::model::tokens::Token;

/// FNV-1a: short, deterministic across runs and machines.
#[derive(Clone, Copy)]
struct Hash(u64);

impl Hash {
    fn of(kind: u8) -> Self {
        Self(0xcbf2_9ce4_8422_2325).byte(kind)
    }

    fn byte(self, b: u8) -> Self {
        Self((self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
    }

    fn char(self, c: char) -> Self {
        let mut h = self;
        for b in (c as u32).to_le_bytes() {
            h = h.byte(b);
        }
        h
    }

    fn lower(self, text: &str) -> Self {
        text.chars()
            .flat_map(char::to_lowercase)
            .fold(self, Self::char)
    }

    /// Joins a second part, so that ("ab", "c") and ("a", "bc") differ.
    fn then(self, other: Self) -> Self {
        other
            .0
            .to_le_bytes()
            .iter()
            .fold(self.byte(0xff), |h, &b| h.byte(b))
    }
}

/// A token's word and shape, hashed once and reused by its neighbours.
#[derive(Clone, Copy)]
struct Seen {
    word: Hash,
    shape: Hash,
}

/// Where a line ends, for the neighbours of its first and last tokens.
const EDGE: Seen = Seen {
    word: Hash(1),
    shape: Hash(2),
};

/// "Kabul" → "Xx", "2025" → "d", "U.S." → "X.X.", "al-Qaeda" → "x-Xx": runs of one class
/// collapsed, which generalises over names, numbers and abbreviations.
fn shape(text: &str) -> Hash {
    let mut h = Hash::of(b's');
    let mut last = None;
    for c in text.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            // A script without case (Arabic, Chinese).
            'a'
        } else {
            c
        };
        if last != Some(class) {
            h = h.char(class);
            last = Some(class);
        }
    }
    h
}

/// The features of each token of one line, as hashes, handed to `each` token by token
/// (in one buffer, used again: a book's million tokens allocate nothing per token).
pub fn of_line(tokens: &[Token<'_>], mut each: impl FnMut(&[u64])) {
    let seen: Vec<Seen> = tokens
        .iter()
        .map(|t| Seen {
            word: Hash::of(b'w').lower(t.text),
            shape: shape(t.text),
        })
        .collect();
    let at = |i: isize| -> Seen {
        usize::try_from(i)
            .ok()
            .and_then(|i| seen.get(i))
            .copied()
            .unwrap_or(EDGE)
    };
    let mut features = Vec::with_capacity(16);
    for (i, token) in tokens.iter().enumerate() {
        let here = seen[i];
        let i = i as isize;
        let lower = || token.text.chars().flat_map(char::to_lowercase);
        let prefix = lower().take(3).fold(Hash::of(b'p'), Hash::char);
        let suffix = lower()
            .skip(lower().count().saturating_sub(3))
            .fold(Hash::of(b'x'), Hash::char);
        let first_upper = token.text.chars().next().is_some_and(char::is_uppercase);
        features.clear();
        features.extend(
            [
                Hash::of(b'b'),
                here.word,
                here.shape,
                prefix,
                suffix,
                Hash::of(b'c').byte(u8::from(first_upper)),
                Hash::of(b'1').then(at(i - 1).word),
                Hash::of(b'2').then(at(i - 2).word),
                Hash::of(b'3').then(at(i + 1).word),
                Hash::of(b'4').then(at(i + 2).word),
                Hash::of(b'5').then(at(i - 1).shape),
                Hash::of(b'6').then(at(i + 1).shape),
                Hash::of(b'7').then(at(i - 1).word).then(here.word),
                Hash::of(b'8').then(here.word).then(at(i + 1).word),
                Hash::of(b'9').then(at(i - 1).shape).then(here.shape),
            ]
            .map(|h| h.0),
        );
        if i == 0 {
            features.push(Hash::of(b'f').0);
        }
        each(&features);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;
    use crate::model::tokens::line_tokens;

    fn features(line: &str) -> Vec<Vec<u64>> {
        let text = Text::new(line);
        let mut all = Vec::new();
        of_line(&line_tokens(&text, 0..text.char_len()), |f| {
            all.push(f.to_vec());
        });
        all
    }

    #[test]
    fn case_is_not_a_different_word_but_its_shape_differs() {
        let upper = features("Kabul");
        let lower = features("kabul");
        assert_eq!(upper[0][1], lower[0][1], "the same word");
        assert_ne!(upper[0][2], lower[0][2], "not the same shape");
    }

    #[test]
    fn shapes_collapse_runs_and_tell_scripts_apart() {
        assert_eq!(shape("Kabul").0, shape("Moscow").0);
        assert_eq!(shape("2025").0, shape("7").0);
        assert_ne!(shape("U.S.").0, shape("US").0);
        assert_eq!(shape("کابل").0, shape("北京").0, "both without case");
        assert_ne!(shape("کابل").0, shape("kabul").0);
    }

    #[test]
    fn neighbours_are_features_and_a_line_has_edges() {
        let a = features("said Vladimir Putin");
        let b = features("met Vladimir Putin");
        // "Vladimir" after "said" and after "met": its own word alike, its left neighbour not.
        assert_eq!(a[1][1], b[1][1]);
        assert_ne!(a[1][6], b[1][6]);
        assert_eq!(a[1][8], b[1][8], "the same right neighbour");
        // Nothing before the first token, the same as nothing after the last.
        assert_eq!(a[0][6], Hash::of(b'1').then(EDGE.word).0);
        assert_eq!(a[2][8], Hash::of(b'3').then(EDGE.word).0);
    }
}
