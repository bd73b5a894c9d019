//! Counts in the researcher's words: "1 annotation", "2 annotations".

/// `n` and the noun, plural unless `n` is one ("1 relation", "0 relations").
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
