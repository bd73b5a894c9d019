//! OpenDocument texts (`.odt`, LibreOffice's own) as the text a reader sees: one line per
//! paragraph or heading (list items are paragraphs), a table row per line with its cells
//! joined by a tab (a cell's paragraphs by a space), then the footnotes and endnotes
//! after a blank line. White space is read as ODF says: a run of spaces, tabs and line
//! ends is one space, and `text:s`, `text:tab` and `text:line-break` are the spaces,
//! tabs and breaks the writer typed. Left out: tracked deletions, comments, note
//! numbers, hidden paragraphs and text, and text boxes. The file's title, author and
//! creation date come with it.

use super::office_zip::{Item, OfficeText, OfficeZip, Tables, attribute, metadata, walk};

/// Reads the `.odt` in `bytes` (the file `name`, for messages).
pub fn read(bytes: &[u8], name: &str) -> Result<OfficeText, String> {
    let mut zip = OfficeZip::open(bytes, name)?;
    let content = zip
        .part("content.xml")?
        .ok_or_else(|| format!("{name}: no content.xml in the zip: not an OpenDocument file"))?;
    let mut reading = Reading::default();
    walk(
        &content,
        &format!("{name}: content.xml"),
        |item| match item {
            Item::Open(element, attributes) => reading.open(element, attributes),
            Item::Close(element) => reading.close(element),
            Item::Text(text) => reading.text(text),
        },
    )?;
    if reading.made > MAX_TEXT_BYTES {
        return Err(format!(
            "{name}: content.xml makes more than {} MiB of text (spelled-out spaces?); a damaged or malicious file; nothing imported",
            MAX_TEXT_BYTES >> 20
        ));
    }
    let mut text = reading.lines.join("\n");
    if !reading.notes.is_empty() {
        text.push_str("\n\n");
        text.push_str(&reading.notes.join("\n"));
    }
    let mut office = OfficeText {
        text,
        ..OfficeText::default()
    };
    if let Some(xml) = zip.part("meta.xml")? {
        let label = format!("{name}: meta.xml");
        metadata(
            &xml,
            &label,
            (
                &["title"],
                &["initial-creator", "creator"],
                &["creation-date"],
            ),
            &mut office,
        )?;
    }
    Ok(office)
}

/// Elements whose content is not shown: tracked changes (deletions), comments, a note's
/// number, hidden text and paragraphs, frames (text boxes, images), forms, and the
/// declarations before the text.
const HIDDEN: &[&str] = &[
    "tracked-changes",
    "annotation",
    "note-citation",
    "hidden-text",
    "hidden-paragraph",
    "frame",
    "forms",
    "sequence-decls",
    "variable-decls",
    "user-field-decls",
    "covered-table-cell",
];

#[derive(Default)]
struct Reading {
    lines: Vec<String>,
    notes: Vec<String>,
    /// The paragraphs being read, innermost last: a note's paragraphs open inside the
    /// paragraph that cites it.
    paragraphs: Vec<String>,
    tables: Tables,
    /// How deep inside note bodies: their paragraphs go to the notes.
    in_note: usize,
    skipping: usize,
    /// Inside `office:text`, the document's body.
    in_body: bool,
    /// How much text it made: spelled-out spaces (`text:s c="1000"`) can make far more
    /// than the XML holds, so the text has a cap of its own.
    made: usize,
}

/// The most text one file may make.
const MAX_TEXT_BYTES: usize = super::office_zip::MAX_PART_BYTES as usize;

impl Reading {
    fn push(&mut self, text: &str) {
        if self.skipping == 0
            && self.made <= MAX_TEXT_BYTES
            && let Some(paragraph) = self.paragraphs.last_mut()
        {
            self.made += text.len();
            paragraph.push_str(text);
        }
    }

    fn open(&mut self, name: &str, attributes: &[(String, String)]) {
        if self.skipping > 0 {
            self.skipping += 1;
            return;
        }
        if !self.in_body {
            self.in_body = name == "text" && self.paragraphs.is_empty();
            return;
        }
        if HIDDEN.contains(&name) {
            self.skipping = 1;
            return;
        }
        match name {
            "p" | "h" => self.paragraphs.push(String::new()),
            "s" => {
                let count = attribute(attributes, "c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(1_000);
                self.push(&" ".repeat(count));
            }
            "tab" => self.push("\t"),
            "line-break" => self.push("\n"),
            "note-body" => self.in_note += 1,
            "table" => self.tables.open_table(),
            "table-cell" => self.tables.open_cell(),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if !self.in_body || self.skipping > 0 {
            return;
        }
        self.made += text.len();
        let Some(paragraph) = self
            .paragraphs
            .last_mut()
            .filter(|_| self.made <= MAX_TEXT_BYTES)
        else {
            return;
        };
        // ODF's rule: each run of white space is one space, none at a paragraph's start.
        for (i, piece) in text.split([' ', '\t', '\r', '\n']).enumerate() {
            let after_space = paragraph.is_empty() || paragraph.ends_with(' ');
            if i > 0 && !after_space {
                paragraph.push(' ');
            }
            paragraph.push_str(piece);
        }
    }

    fn close(&mut self, name: &str) {
        if self.skipping > 0 {
            self.skipping -= 1;
            return;
        }
        if !self.in_body {
            return;
        }
        match name {
            "text" if self.paragraphs.is_empty() => self.in_body = false,
            "p" | "h" => {
                let paragraph = self.paragraphs.pop().unwrap_or_default();
                if self.in_note > 0 {
                    self.notes.push(paragraph);
                } else {
                    self.lines.extend(self.tables.paragraph(paragraph));
                }
            }
            "note-body" => self.in_note = self.in_note.saturating_sub(1),
            "table-cell" => self.tables.close_cell(),
            "table-row" => self.tables.close_row(),
            "table" => {
                let rows = self.tables.close_table();
                self.lines.extend(rows);
            }
            _ => {}
        }
    }
}
