//! Text and spans written as one string, for tests and examples:
//! `"The [actor:Kremlin] said"` is the text `The Kremlin said` with `actor` on 4..11.
//!
//! Brackets nest (`"[claim:[actor:Russia] agreed]"`); `\[`, `\]` and `\\` are literal.
//!
//! ```
//! use annotary::model::markup::parse;
//! let (text, spans) = parse("[claim:[actor:Россия] 😀 agreed]").unwrap();
//! assert_eq!(text, "Россия 😀 agreed");
//! assert_eq!(spans, vec![(0, 15, "claim".to_owned()), (0, 6, "actor".to_owned())]);
//! ```

/// A span written in markup: `(start, end, tag)` in code points.
pub type Span = (usize, usize, String);

/// Parses markup into the plain text and its spans, ordered by start, then longest first.
pub fn parse(markup: &str) -> Result<(String, Vec<Span>), String> {
    let mut text = String::new();
    let mut length = 0;
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut spans = Vec::new();
    let mut chars = markup.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let escaped = chars.next().ok_or("markup ends with a lone backslash")?;
                text.push(escaped);
                length += 1;
            }
            '[' => {
                let mut tag = String::new();
                loop {
                    match chars.next() {
                        Some(':') => break,
                        Some(t) => tag.push(t),
                        None => return Err(format!("span [{tag} has no ':' after its tag")),
                    }
                }
                open.push((length, tag));
            }
            ']' => {
                let (start, tag) = open.pop().ok_or("']' closes no span")?;
                spans.push((start, length, tag));
            }
            other => {
                text.push(other);
                length += 1;
            }
        }
    }
    if let Some((_, tag)) = open.pop() {
        return Err(format!("span [{tag}: is never closed"));
    }
    spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    Ok((text, spans))
}
