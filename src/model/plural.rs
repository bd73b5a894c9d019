//! Counts in the researcher's words: "1 annotation", "2 annotations".

/// `n` and the noun, plural unless `n` is one ("1 relation", "0 relations").
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The word with its indefinite article: "a claim", "an actor" (by its first letter).
pub fn a_or_an(word: &str) -> String {
    let vowel = word
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    if vowel {
        format!("an {word}")
    } else {
        format!("a {word}")
    }
}
