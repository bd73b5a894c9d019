//! Words in scripts written without spaces between them (Thai, Lao, Khmer, Burmese,
//! Chinese, Japanese): found with ICU4X's dictionaries, the data the document view breaks
//! its lines with, so that a double-click, word snapping and whole-word search find the
//! word a reader sees rather than a whole run of letters or a single character.

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;
use unicode_script::{Script, UnicodeScript};

/// Whether `c` belongs to a script whose words need a dictionary to be found.
pub fn needs_dictionary(c: char) -> bool {
    matches!(
        c.script(),
        Script::Thai
            | Script::Lao
            | Script::Khmer
            | Script::Myanmar
            | Script::Han
            | Script::Hiragana
            | Script::Katakana
    ) || matches!(c, '\u{30FC}' | '\u{3005}')
}

/// The dictionary word of `line` around byte `target`, as a byte range, when the
/// character there needs a dictionary; `None` otherwise (the caller's rules apply).
pub fn dictionary_word(line: &str, target: usize) -> Option<(usize, usize)> {
    let c = line.get(target..)?.chars().next()?;
    if !needs_dictionary(c) {
        return None;
    }
    // The run of such characters around the target: segmented alone, it is short, and
    // the words of the rest of the line do not matter.
    let start = line[..target]
        .char_indices()
        .rev()
        .take_while(|(_, c)| needs_dictionary(*c))
        .last()
        .map_or(target, |(at, _)| at);
    let end = line[target..]
        .char_indices()
        .find(|(_, c)| !needs_dictionary(*c))
        .map_or(line.len(), |(at, _)| target + at);
    let run = &line[start..end];
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let breaks: Vec<usize> = segmenter.segment_str(run).collect();
    let inside = target - start;
    breaks
        .windows(2)
        .find(|pair| pair[0] <= inside && inside < pair[1])
        .map(|pair| (start + pair[0], start + pair[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(line: &str, at_char: usize) -> Option<&str> {
        let target = line.char_indices().nth(at_char)?.0;
        dictionary_word(line, target).map(|(s, e)| &line[s..e])
    }

    #[test]
    fn thai_chinese_and_japanese_words_are_found_by_dictionary() {
        // "The Ministry of Foreign Affairs said that the negotiations…"
        let thai = "กระทรวงการต่างประเทศกล่าวว่าการเจรจาจะดำเนินต่อไป";
        assert_eq!(word(thai, 33), Some("เจรจา"));
        assert_eq!(word(thai, 0), Some("กระทรวง"));
        let chinese = "俄罗斯外交部表示，谈判将继续进行。";
        assert_eq!(word(chinese, 1), Some("俄罗斯"));
        assert_eq!(word(chinese, 12), Some("继续"));
        let japanese = "こんにちは世界";
        assert_eq!(word(japanese, 6), Some("世界"));
        // Latin, Arabic script and punctuation are not for the dictionary.
        assert_eq!(word("Kremlin", 2), None);
        assert_eq!(word("روسیه", 1), None);
        assert_eq!(word(chinese, 8), None);
    }
}
