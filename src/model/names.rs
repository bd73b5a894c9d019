//! What the names a researcher gives (tags, layers) may hold: no control characters (a
//! NUL or an escape code would reach every export and terminal) and no bidirectional
//! overrides or isolates (they reorder what follows on screen, so that a tag could look
//! like another). Marks that only join or separate letters (ZWNJ, ZWJ, LRM, RLM) are
//! kept: Persian and Arabic names need them.

/// The first character of `name` that no name may hold, if any.
pub fn unfit_character(name: &str) -> Option<char> {
    name.chars()
        .find(|&c| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

/// Why `name` cannot name a tag, if it cannot: tags are single words (they name brat
/// types and CoNLL labels).
pub fn tag_name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some("a tag needs a name".to_owned());
    }
    if let Some(c) = unfit_character(name) {
        return Some(format!("tag {name:?} holds {}", described(c)));
    }
    if name.chars().any(char::is_whitespace) {
        return Some(format!("tag {name:?} has whitespace in its name"));
    }
    None
}

/// Why `name` cannot name an annotator's layer, if it cannot.
pub fn layer_name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some("a layer needs a name".to_owned());
    }
    unfit_character(name).map(|c| format!("layer {name:?} holds {}", described(c)))
}

/// `name` without the characters no name may hold.
pub fn without_unfit(name: &str) -> String {
    name.chars()
        .filter(|&c| unfit_character(c.encode_utf8(&mut [0; 4])).is_none())
        .collect()
}

fn described(c: char) -> String {
    let kind = if c.is_control() {
        "a control character"
    } else {
        "a bidirectional override"
    };
    format!("{kind} (U+{:04X}), which no name may hold", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_override_characters_are_refused_and_joiners_kept() {
        assert!(tag_name_problem("claim").is_none());
        assert!(tag_name_problem("ادعا\u{200C}ها").is_none());
        for bad in [
            "cl\0aim",
            "actor\u{1b}[31m",
            "\u{202E}etad",
            "a\u{2066}b",
            "x\u{85}",
        ] {
            assert!(tag_name_problem(bad).is_some(), "{bad:?}");
            assert!(layer_name_problem(bad).is_some(), "{bad:?}");
        }
        assert!(layer_name_problem("colleague (AK)").is_none());
        assert!(tag_name_problem("two words").is_some());
        assert_eq!(without_unfit("A\u{202E}K\0"), "AK");
        let message = layer_name_problem("A\u{202E}K").unwrap_or_default();
        assert!(message.contains("U+202E"), "{message}");
    }
}
