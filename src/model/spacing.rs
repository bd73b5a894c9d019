//! Texts that differ only in white space: the same article saved with other line endings
//! (CRLF, LF) or spacing. Offsets carry over through the characters that are not white
//! space, so a colleague's annotations land on the same words here.

/// The characters of a text that are not white space, in order.
pub fn without_space(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// For each code point offset, how many non-white-space characters come before it; and
/// the offset of each non-white-space character.
fn index(text: &str) -> (Vec<usize>, Vec<usize>) {
    let mut before = Vec::with_capacity(text.len() + 1);
    let mut offsets = Vec::new();
    for (i, c) in text.chars().enumerate() {
        before.push(offsets.len());
        if !c.is_whitespace() {
            offsets.push(i);
        }
    }
    before.push(offsets.len());
    (before, offsets)
}

/// How offsets in one text map onto another with the same non-white-space characters.
pub struct Spacing {
    theirs: Vec<usize>,
    ours: Vec<usize>,
}

impl Spacing {
    /// The mapping from `theirs` to `ours`, if they differ only in white space.
    pub fn between(theirs: &str, ours: &str) -> Option<Self> {
        if without_space(theirs) != without_space(ours) {
            return None;
        }
        let (theirs, _) = index(theirs);
        let (_, ours) = index(ours);
        Some(Self { theirs, ours })
    }

    /// The span in `ours` covering the same non-white-space characters as `start..end` in
    /// `theirs`; `None` for a span of nothing but white space or past the end.
    pub fn map(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = *self.theirs.get(start)?;
        let last = *self.theirs.get(end)?;
        if last <= first {
            return None;
        }
        Some((self.ours[first], self.ours[last - 1] + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_the_words_across_line_endings_and_spaces() {
        let theirs = "Kabul  talks\r\n😀 ended.";
        let ours = "Kabul talks\n😀 ended.";
        let spacing = Spacing::between(theirs, ours).expect("same words");
        // "talks" is 7..12 in theirs, 6..11 in ours; "ended" 16..21 and 14..19.
        assert_eq!(spacing.map(7, 12), Some((6, 11)));
        assert_eq!(spacing.map(16, 21), Some((14, 19)));
        assert_eq!(spacing.map(5, 7), None, "only white space");
        assert!(Spacing::between("a b", "a c").is_none());
    }
}
