//! A PDF page's glyphs as text: glyphs into lines, lines into paragraphs, a word split
//! by a hyphen at a line's end joined again, and where each page's text starts.
//!
//! A PDF has no paragraphs, only glyphs at positions. Two lines belong to one paragraph
//! unless the gap between them is wider than the page's usual line spacing, the second is
//! indented, or the first ended short of the right edge by more than the next line's
//! first word (a typesetter would have put the word there): the rules that hold for
//! ragged and justified text alike, and across a page break.

use std::collections::HashSet;

/// One glyph as drawn: where its baseline starts (y grows down the page), where it ends,
/// its size in points, and the text it stands for.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    pub x: f64,
    pub y: f64,
    pub end: f64,
    pub size: f64,
    pub text: String,
}

/// A line of text on a page.
#[derive(Clone, Debug)]
struct Line {
    y: f64,
    left: f64,
    right: f64,
    size: f64,
    text: String,
    /// Where the line's first word ends (for "would it have fitted on the line above").
    first_word_end: f64,
}

/// The text of the pages and where each starts, in chars.
#[derive(Debug, Default, PartialEq)]
pub struct Laid {
    pub text: String,
    pub page_starts: Vec<usize>,
}

/// How far a baseline may move within one line, in font sizes (sub- and superscripts).
const SAME_LINE: f64 = 0.5;
/// A gap this much wider than the usual line spacing ends a paragraph.
const PARAGRAPH_GAP: f64 = 1.25;
/// A gap between glyphs wider than this (in font sizes) is a space the PDF did not draw.
const WORD_GAP: f64 = 0.15;

/// The pages' glyphs, each page in the order it draws them, as one text.
pub fn lay_out(pages: &[Vec<Glyph>]) -> Laid {
    let pages: Vec<Vec<Line>> = pages.iter().map(|glyphs| lines(glyphs)).collect();
    let words = Words::of(&pages);
    let mut laid = Laid::default();
    let mut chars = 0usize;
    // The line before, its page's right edge, and whether that page had lines enough to
    // tell a full line from a short one.
    let mut previous: Option<(Line, f64, bool)> = None;
    // Pages without text (a picture, a blank page) start where the next text does.
    let mut empty_pages = 0;
    let right_edge_of = |lines: &[Line]| lines.iter().map(|l| l.right).fold(f64::MIN, f64::max);
    // A page of a line or two says little of where its lines end: take the other pages'.
    let full_pages_edge = pages
        .iter()
        .filter(|lines| lines.len() >= 3)
        .map(|lines| right_edge_of(lines))
        .fold(f64::MIN, f64::max);
    for lines in &pages {
        let spacing = usual_spacing(lines);
        let right_edge = if lines.len() >= 3 || full_pages_edge == f64::MIN {
            right_edge_of(lines)
        } else {
            full_pages_edge
        };
        let left_edge = lines.iter().map(|l| l.left).fold(f64::MAX, f64::min);
        let mut page_started = false;
        for (i, line) in lines.iter().enumerate() {
            let same_paragraph = match &previous {
                None => false,
                Some((above, above_right_edge, known)) => {
                    let at = Between {
                        same_page: i > 0,
                        right_edge: *above_right_edge,
                        edge_known: *known,
                        spacing,
                        left_edge,
                    };
                    continues(above, line, &at)
                }
            };
            let joint = match &previous {
                Some((above, ..)) if same_paragraph => words.joint(&above.text, &line.text),
                Some(_) => Joint::Paragraph,
                None => Joint::Nothing,
            };
            match joint {
                Joint::Nothing => {}
                Joint::Paragraph => {
                    laid.text.push('\n');
                    chars += 1;
                }
                Joint::Space => {
                    laid.text.push(' ');
                    chars += 1;
                }
                Joint::DropHyphen => {
                    if laid.text.pop().is_some() {
                        chars -= 1;
                    }
                }
                Joint::KeepHyphen => {}
            }
            if !page_started {
                for _ in 0..=empty_pages {
                    laid.page_starts.push(chars);
                }
                empty_pages = 0;
                page_started = true;
            }
            laid.text.push_str(&line.text);
            chars += line.text.chars().count();
            previous = Some((
                line.clone(),
                right_edge,
                lines.len() >= 3 || full_pages_edge != f64::MIN,
            ));
        }
        if !page_started {
            empty_pages += 1;
        }
    }
    for _ in 0..empty_pages {
        laid.page_starts.push(chars);
    }
    laid
}

/// What lies between two lines: a page break or not, and what their pages tell.
struct Between {
    same_page: bool,
    /// Where the full lines of the upper line's page end.
    right_edge: f64,
    /// Whether that is known (the document has a page of three lines or more).
    edge_known: bool,
    /// The lower line's page's usual line spacing and its text's left edge.
    spacing: Option<f64>,
    left_edge: f64,
}

/// Whether `line` goes on the paragraph `above` ends.
fn continues(above: &Line, line: &Line, at: &Between) -> bool {
    let size = above.size.max(line.size).max(1.0);
    if !at.same_page && !at.edge_known && ends_sentence(&above.text) && starts_sentence(&line.text)
    {
        // Pages of a line each: a sentence ending a page ends its paragraph.
        return false;
    }
    if at.same_page {
        let gap = line.y - above.y;
        if gap <= 0.0 {
            return false;
        }
        if let Some(spacing) = at.spacing
            && gap > spacing * PARAGRAPH_GAP
        {
            return false;
        }
        if line.left > at.left_edge + size && line.left > above.left + size * 0.5 {
            return false;
        }
    }
    // Room left at the end of the line above: had the next word fitted there, the
    // line above ended its paragraph.
    let room = at.right_edge - above.right;
    // With a space before it, and some slack: typesetters do not fill lines to the point.
    let word = line.first_word_end - line.left + size * 1.3;
    room <= word || above.text.ends_with(['-', '\u{ad}', '\u{2010}'])
}

/// Whether a line ends as a sentence does: a paragraph may end with it.
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['”', '’', '"', '\'', ')'])
        .ends_with(['.', '!', '?', ':', '…'])
}

/// Whether a line starts as a sentence or a heading does.
fn starts_sentence(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| !c.is_lowercase())
}

/// The distance between the baselines of a paragraph's lines on the page: the smallest
/// gap that lines share (paragraph gaps are larger; a page of one-line paragraphs may
/// have more of them than of the other).
fn usual_spacing(lines: &[Line]) -> Option<f64> {
    let mut gaps: Vec<f64> = lines
        .windows(2)
        .filter(|pair| pair[1].y - pair[0].y > pair[0].size * 0.8)
        .map(|pair| pair[1].y - pair[0].y)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let tolerance = 0.5;
    let enough = (gaps.len() / 8).max(2);
    let mut start = 0;
    while start < gaps.len() {
        let end = gaps[start..].partition_point(|g| g - gaps[start] <= tolerance) + start;
        if end - start >= enough {
            return Some(gaps[end - 1]);
        }
        start = end;
    }
    gaps.first().copied()
}

/// The glyphs of one page as lines, in drawing order.
fn lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for glyph in glyphs {
        let text: String = glyph
            .text
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        if text.is_empty() {
            continue;
        }
        let size = glyph.size.abs().max(0.1);
        let starts_line = match lines.last() {
            None => true,
            Some(line) => {
                (glyph.y - line.y).abs() > size * SAME_LINE || glyph.x < line.right - size * 2.0
            }
        };
        if starts_line {
            if text.trim().is_empty() {
                continue;
            }
            lines.push(Line {
                y: glyph.y,
                left: glyph.x,
                right: glyph.end,
                size,
                first_word_end: glyph.end,
                text: text.trim_start().to_owned(),
            });
            continue;
        }
        let Some(line) = lines.last_mut() else {
            continue;
        };
        let blank = text.trim().is_empty();
        let gap = glyph.x > line.right + size * WORD_GAP;
        if (blank || gap) && !line.text.ends_with(' ') {
            line.text.push(' ');
        }
        if !blank {
            if !line.text.contains(' ') {
                line.first_word_end = glyph.end;
            }
            line.text.push_str(text.trim());
            line.right = line.right.max(glyph.end);
        }
        line.size = line.size.max(size);
    }
    for line in &mut lines {
        let trimmed = line.text.trim_end().len();
        line.text.truncate(trimmed);
    }
    lines.retain(|line| !line.text.is_empty());
    lines
}

/// How two lines of one paragraph meet.
#[derive(Debug, PartialEq)]
enum Joint {
    /// The first line of the text.
    Nothing,
    Paragraph,
    Space,
    /// A word split at the line's end: the hyphen goes.
    DropHyphen,
    /// A compound split at its own hyphen (or after a dash): the lines join as they are.
    KeepHyphen,
}

/// The words of the whole text, to tell a word split at a line's end ("recog-nition")
/// from a compound that breaks at its hyphen ("cross-border").
struct Words {
    /// Words written whole somewhere, lower-cased.
    whole: HashSet<String>,
    /// Compounds written with their hyphen within a line, lower-cased.
    hyphenated: HashSet<String>,
    /// Whether the text's line-end hyphens that its words tell of are mostly compounds'
    /// (a word processor's text, not hyphenated) rather than split words (typeset text):
    /// the rest are taken the same way.
    keeps_hyphens: bool,
}

impl Words {
    fn of(pages: &[Vec<Line>]) -> Self {
        let mut whole = HashSet::new();
        let mut hyphenated = HashSet::new();
        let mut after_hyphen = false;
        for line in pages.iter().flatten() {
            let tokens: Vec<&str> = line.text.split(' ').collect();
            let last = tokens.len().saturating_sub(1);
            for (i, token) in tokens.iter().enumerate() {
                let word = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
                // A word split at a line's end is not evidence of itself: its start
                // ends the line, its end begins the next.
                let split = (i == 0 && after_hyphen) || (i == last && token.ends_with('-'));
                if word.is_empty() || split {
                    continue;
                }
                let word = word.to_lowercase();
                if word.contains('-') {
                    for part in word.split('-') {
                        whole.insert(part.to_owned());
                    }
                    hyphenated.insert(word);
                } else {
                    whole.insert(word);
                }
            }
            after_hyphen = line.text.ends_with(['-', '\u{ad}', '\u{2010}']);
        }
        let mut words = Self {
            whole,
            hyphenated,
            keeps_hyphens: false,
        };
        let lines: Vec<&Line> = pages.iter().flatten().collect();
        let (mut kept, mut dropped) = (0, 0);
        for pair in lines.windows(2) {
            match words.decide(&pair[0].text, &pair[1].text) {
                Some(Joint::KeepHyphen) => kept += 1,
                Some(Joint::DropHyphen) => dropped += 1,
                _ => {}
            }
        }
        words.keeps_hyphens = kept > dropped;
        words
    }

    /// How the line `above` meets the `next` line of its paragraph: as the text's words
    /// tell, else as the text's habit is.
    fn joint(&self, above: &str, next: &str) -> Joint {
        self.decide(above, next).unwrap_or(if self.keeps_hyphens {
            Joint::KeepHyphen
        } else {
            Joint::DropHyphen
        })
    }

    /// How two lines meet where the words tell: `None` for a hyphen they say nothing of.
    fn decide(&self, above: &str, next: &str) -> Option<Joint> {
        if above.ends_with('\u{ad}') {
            return Some(Joint::DropHyphen);
        }
        // A line may break after a dash set close ("what it is—" then "incitement").
        if above.ends_with('—') && !above.ends_with(" —") {
            return Some(Joint::KeepHyphen);
        }
        let Some(stem) = above.strip_suffix(['-', '\u{2010}']) else {
            return Some(Joint::Space);
        };
        if stem.ends_with(char::is_whitespace) {
            // A dash standing between words.
            return Some(Joint::Space);
        }
        let head: String = stem
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let tail: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
        if head.is_empty() || tail.is_empty() {
            // "1990-" then "2000", "pro-" then "(Taliban)": keep what is written.
            return Some(Joint::KeepHyphen);
        }
        let head = head.to_lowercase();
        let tail = tail.to_lowercase();
        let rest_of_next = next[next
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(next.len(), |(i, _)| i)..]
            .starts_with('-');
        if self.hyphenated.contains(&format!("{head}-{tail}")) || rest_of_next {
            Some(Joint::KeepHyphen)
        } else if self.whole.contains(&format!("{head}{tail}")) {
            Some(Joint::DropHyphen)
        } else if self.whole.contains(&tail) && head.chars().count() > 1 {
            // The end of a word split by hyphenation is a syllable ("-nition", "-tation"),
            // seldom a word of its own the way a compound's second half is ("-border").
            Some(Joint::KeepHyphen)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs for `text` on a baseline, 6 points a char.
    fn line(x: f64, y: f64, text: &str) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: x + 6.0 * i as f64,
                y,
                end: x + 6.0 * (i + 1) as f64,
                size: 10.0,
                text: c.to_string(),
            })
            .collect()
    }

    #[test]
    fn a_gap_wider_than_the_line_spacing_ends_a_paragraph() {
        let page: Vec<Glyph> = [
            line(0.0, 0.0, "one two three four five six"),
            line(0.0, 12.0, "seven eight nine ten eleven"),
            line(0.0, 24.0, "twelve"),
            line(0.0, 44.0, "A new paragraph starts here"),
        ]
        .concat();
        let laid = lay_out(&[page]);
        assert_eq!(
            laid.text,
            "one two three four five six seven eight nine ten eleven twelve\nA new paragraph starts here"
        );
        assert_eq!(laid.page_starts, vec![0]);
    }

    #[test]
    fn a_line_ending_short_of_the_next_word_ends_its_paragraph() {
        let page: Vec<Glyph> = [
            line(0.0, 0.0, "a line that is full width."),
            line(0.0, 12.0, "Short."),
            line(0.0, 24.0, "Next paragraph, same gap."),
        ]
        .concat();
        assert_eq!(
            lay_out(&[page]).text,
            "a line that is full width. Short.\nNext paragraph, same gap."
        );
    }

    #[test]
    fn split_words_are_joined_and_compounds_keep_their_hyphen() {
        let page: Vec<Glyph> = [
            line(0.0, 0.0, "A well-known envoy sought the recog-"),
            line(0.0, 12.0, "nition it asked for: recognition of"),
            line(0.0, 24.0, "a well-known city with its accredi-"),
            line(0.0, 36.0, "tation at the border; a cross-"),
            line(0.0, 48.0, "border line in its cross style, then"),
            line(0.0, 60.0, "a reclas-"),
            line(0.0, 72.0, "sification at last."),
        ]
        .concat();
        assert_eq!(
            lay_out(&[page]).text,
            "A well-known envoy sought the recognition it asked for: recognition of a well-known city with its accreditation at the border; a cross-border line in its cross style, then a reclassification at last."
        );
    }

    #[test]
    fn page_starts_count_chars_and_an_empty_page_starts_where_the_next_does() {
        let pages = vec![
            line(0.0, 0.0, "Zoë’s 😀 page one."),
            Vec::new(),
            line(0.0, 0.0, "Page three."),
        ];
        let laid = lay_out(&pages);
        assert_eq!(laid.text, "Zoë’s 😀 page one.\nPage three.");
        let third = laid.text.chars().position(|c| c == 'P').unwrap_or(0);
        assert_eq!(laid.page_starts, vec![0, third, third]);
    }

    #[test]
    fn a_paragraph_goes_on_over_a_page_break() {
        let pages = vec![
            [
                line(0.0, 0.0, "The first line is as wide as"),
                line(0.0, 12.0, "the page and so is this one"),
            ]
            .concat(),
            line(0.0, 0.0, "which ends here."),
        ];
        let laid = lay_out(&pages);
        assert_eq!(
            laid.text,
            "The first line is as wide as the page and so is this one which ends here."
        );
        assert_eq!(laid.page_starts[1], laid.text.find("which").unwrap_or(0));
    }
}
