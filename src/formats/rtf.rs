//! RTF (`.rtf`, what news databases and older Word export) as the text a reader sees: one
//! line per paragraph, a table row per line with its cells joined by a tab, the footnotes
//! after a blank line. Characters come from `\uN` (its ANSI stand-in skipped, as `\ucN`
//! says) or from `\'hh` in Windows-1252. Left out: font, colour and style tables, pictures,
//! objects, headers and footers, field instructions (their results are kept), hidden text
//! (`\v`) and every destination marked `\*` this reader does not know. The `\info` group's
//! title, author and creation time come with it.

use super::office_zip::OfficeText;

/// Groups nested deeper than this are refused: no real document comes near, and a
/// hostile one cannot exhaust memory with a million open braces.
const MAX_DEPTH: usize = 1_000;

/// Destinations whose text is not the document's.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "pict",
    "object",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "fldinst",
    "xmlnstbl",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "generator",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "pgdsctbl",
    "filetbl",
    "revtbl",
    "bkmkstart",
    "bkmkend",
    "nonshppict",
    "shppict",
    "private",
    "operator",
    "company",
    "keywords",
    "comment",
    "subject",
    "doccomm",
    "hlinkbase",
];

/// What a group is: the document's text, a footnote, `\info` or a piece of it, or
/// skipped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Into {
    Text,
    Note,
    Info,
    Title,
    Author,
    Created,
    Skip,
}

#[derive(Clone, Copy)]
struct Group {
    into: Into,
    /// How many stand-in characters follow each `\u`.
    uc: usize,
    hidden: bool,
}

#[derive(Default)]
struct Reading {
    lines: Vec<String>,
    notes: Vec<String>,
    line: String,
    note: String,
    title: String,
    author: String,
    created: Vec<(String, i64)>,
    /// Stand-in characters still to skip after a `\u`.
    skip: usize,
    /// The first half of a character outside the BMP, given as two `\u`.
    high: Option<u32>,
}

impl Reading {
    fn push(&mut self, group: &Group, c: char) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        // A first half of a pair not followed by its second is no character.
        self.high = None;
        if group.hidden {
            return;
        }
        match group.into {
            Into::Text => self.line.push(c),
            Into::Note => self.note.push(c),
            Into::Title => self.title.push(c),
            Into::Author => self.author.push(c),
            Into::Info | Into::Created | Into::Skip => {}
        }
    }

    fn end_paragraph(&mut self, group: &Group) {
        match group.into {
            Into::Text => self.lines.push(std::mem::take(&mut self.line)),
            Into::Note => self.notes.push(std::mem::take(&mut self.note)),
            _ => {}
        }
    }
}

/// Reads the RTF in `bytes` (the file `name`, for messages).
pub fn read(bytes: &[u8], name: &str) -> Result<OfficeText, String> {
    if !bytes.starts_with(b"{\\rtf") {
        return Err(format!("{name}: not RTF (it does not begin with {{\\rtf)"));
    }
    let mut reading = Reading::default();
    let mut stack: Vec<Group> = Vec::new();
    let mut group = Group {
        into: Into::Text,
        uc: 1,
        hidden: false,
    };
    // Whether the group just opened began with `\*` (an optional destination).
    let mut optional = false;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        at += 1;
        match byte {
            b'{' => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!(
                        "{name}: groups nested past {MAX_DEPTH} deep; not read"
                    ));
                }
                stack.push(group);
                optional = false;
            }
            b'}' => {
                // The stand-ins a `\u` announced end with its group.
                reading.skip = 0;
                let inner = group;
                group = stack.pop().unwrap_or(group);
                if inner.into == Into::Note && group.into != Into::Note {
                    reading.end_paragraph(&inner);
                }
                optional = false;
            }
            b'\\' => {
                let (word, parameter, next) = control(bytes, at);
                at = next;
                let first_in_group = optional;
                optional = false;
                match word {
                    Control::Symbol(b'*') => optional = true,
                    Control::Symbol(b'\'') => {
                        let hex = bytes
                            .get(at..at + 2)
                            .and_then(|h| std::str::from_utf8(h).ok());
                        if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                            at += 2;
                            reading.push(&group, windows_1252(value));
                        }
                    }
                    Control::Symbol(b'~') => reading.push(&group, '\u{a0}'),
                    Control::Symbol(b'_') => reading.push(&group, '-'),
                    Control::Symbol(b'-') => {}
                    Control::Symbol(b'\n' | b'\r') => reading.end_paragraph(&group),
                    Control::Symbol(c) => reading.push(&group, char::from(c)),
                    // `\binN`: N bytes of binary data (a picture), whatever they hold.
                    Control::Word("bin") => {
                        let n = usize::try_from(parameter.unwrap_or(0)).unwrap_or(0);
                        at = at.saturating_add(n).min(bytes.len());
                    }
                    Control::Word(word) => {
                        word_of(word, parameter, first_in_group, &mut group, &mut reading);
                    }
                }
            }
            b'\r' | b'\n' => {}
            _ => {
                // Text: a run of bytes up to the next control character, as Windows-1252
                // (an RTF file is seven-bit; a byte past that is read as the code page).
                reading.push(&group, windows_1252(byte));
            }
        }
    }
    if !reading.line.is_empty() {
        reading.lines.push(std::mem::take(&mut reading.line));
    }
    let mut text = reading.lines.join("\n");
    let notes: Vec<&str> = reading
        .notes
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    if !notes.is_empty() {
        text.push_str("\n\n");
        text.push_str(&notes.join("\n"));
    }
    let clean = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    Ok(OfficeText {
        text,
        title: clean(&reading.title),
        author: clean(&reading.author),
        created: created(&reading.created),
    })
}

/// What follows a backslash: a control word and its parameter, or one symbol.
enum Control<'a> {
    Word(&'a str),
    Symbol(u8),
}

/// Reads the control after the backslash at `at`; returns it, its numeric parameter and
/// where the text goes on (past the one space that ends a control word).
fn control(bytes: &[u8], at: usize) -> (Control<'_>, Option<i64>, usize) {
    let Some(&first) = bytes.get(at) else {
        return (Control::Symbol(b'\\'), None, at);
    };
    if !first.is_ascii_alphabetic() {
        return (Control::Symbol(first), None, at + 1);
    }
    let mut end = at;
    while end < bytes.len() && bytes[end].is_ascii_alphabetic() && end - at < 32 {
        end += 1;
    }
    let word = std::str::from_utf8(&bytes[at..end]).unwrap_or_default();
    let mut next = end;
    let negative = bytes.get(next) == Some(&b'-');
    if negative {
        next += 1;
    }
    let digits = next;
    while next < bytes.len() && bytes[next].is_ascii_digit() && next - digits < 10 {
        next += 1;
    }
    let parameter = std::str::from_utf8(&bytes[digits..next])
        .ok()
        .and_then(|d| d.parse::<i64>().ok())
        .map(|n| if negative { -n } else { n });
    if parameter.is_none() && negative {
        next = end;
    }
    if bytes.get(next) == Some(&b' ') {
        next += 1;
    }
    (Control::Word(word), parameter, next)
}

/// What a control word does to the group and the text.
fn word_of(
    word: &str,
    parameter: Option<i64>,
    optional: bool,
    group: &mut Group,
    reading: &mut Reading,
) {
    if group.into == Into::Skip {
        return;
    }
    match word {
        "par" | "sect" | "page" => reading.end_paragraph(group),
        "line" => reading.push(group, '\n'),
        "tab" | "cell" => reading.push(group, '\t'),
        "row" => {
            // The row's last cell ended with a tab: the row is one line.
            match group.into {
                Into::Text if reading.line.ends_with('\t') => {
                    reading.line.pop();
                }
                _ => {}
            }
            reading.end_paragraph(group);
        }
        "u" => {
            if let Some(n) = parameter {
                let code = u32::try_from(if n < 0 { n + 65_536 } else { n }).unwrap_or(0xfffd);
                match (code, reading.high.take()) {
                    (0xd800..=0xdbff, _) => reading.high = Some(code),
                    (0xdc00..=0xdfff, Some(high)) => {
                        let joined = 0x10000 + ((high - 0xd800) << 10) + (code - 0xdc00);
                        reading.push(group, char::from_u32(joined).unwrap_or('\u{fffd}'));
                    }
                    (code, _) => reading.push(group, char::from_u32(code).unwrap_or('\u{fffd}')),
                }
                reading.skip = group.uc;
            }
        }
        "uc" => group.uc = parameter.unwrap_or(1).clamp(0, 8) as usize,
        "v" => group.hidden = parameter != Some(0),
        "plain" => group.hidden = false,
        "emdash" => reading.push(group, '—'),
        "endash" => reading.push(group, '–'),
        "lquote" => reading.push(group, '‘'),
        "rquote" => reading.push(group, '’'),
        "ldblquote" => reading.push(group, '“'),
        "rdblquote" => reading.push(group, '”'),
        "bullet" => reading.push(group, '•'),
        "footnote" => group.into = Into::Note,
        "title" => group.into = Into::Title,
        "author" => group.into = Into::Author,
        "creatim" => group.into = Into::Created,
        "yr" | "mo" | "dy" | "hr" | "min" if group.into == Into::Created => {
            if let Some(n) = parameter {
                reading.created.push((word.to_owned(), n));
            }
        }
        // `\info`'s own text is not the document's; its title, author and time are read.
        "info" => group.into = Into::Info,
        skipped if SKIPPED.contains(&skipped) => group.into = Into::Skip,
        // An optional destination this reader does not know holds no text of the document.
        _ if optional => group.into = Into::Skip,
        _ => {}
    }
}

/// `\creatim`'s parts as an ISO date (and time, when given).
fn created(parts: &[(String, i64)]) -> Option<String> {
    let get = |name: &str| parts.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
    let (year, month, day) = (get("yr")?, get("mo")?, get("dy")?);
    Some(match (get("hr"), get("min")) {
        (Some(h), Some(m)) => format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:00"),
        _ => format!("{year:04}-{month:02}-{day:02}"),
    })
}

/// A byte of the Windows-1252 code page as the character it stands for.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        other => char::from(other),
    }
}

#[cfg(test)]
mod tests {
    use super::read;

    fn text(rtf: &str) -> String {
        read(rtf.as_bytes(), "t.rtf").expect("reads").text
    }

    #[test]
    fn binary_data_and_stand_ins_stay_where_they_belong() {
        // Four bytes of picture data, a brace among them, are no text and no group.
        assert_eq!(text("{\\rtf1 {\\pict\\bin4 }{}a}b\\par}"), "b");
        // The stand-in a \u announces ends with its group: the "5" after it is text.
        assert_eq!(text("{\\rtf1 {\\u8364}5\\par}"), "€5");
        // A first half of a pair with a letter between is no emoji.
        assert_eq!(text("{\\rtf1 \\u-10179?x\\u-8704?\\par}"), "x\u{fffd}");
        assert_eq!(text("{\\rtf1 \\u-10179?\\u-8704?\\par}"), "😀");
    }
}
