//! Word documents (`.docx`) as the text a reader sees: one line per paragraph (headings
//! and list items are paragraphs; their numbering is not text), a table row per line with
//! its cells joined by a tab (a cell's paragraphs by a space), then the footnotes and the
//! endnotes after a blank line. Left out: field codes (their results are kept), hidden
//! text, deleted revisions and moved-from text, text boxes, and the numbers of footnote
//! marks. The file's title, author and creation date come with it.

use super::office_zip::{Item, OfficeText, OfficeZip, Tables, attribute, metadata, walk};

/// Reads the `.docx` in `bytes` (the file `name`, for messages).
pub fn read(bytes: &[u8], name: &str) -> Result<OfficeText, String> {
    let mut zip = OfficeZip::open(bytes, name)?;
    let body = zip
        .part("word/document.xml")?
        .ok_or_else(|| format!("{name}: no word/document.xml in the zip: not a Word document"))?;
    let lines = paragraphs(&body, &format!("{name}: word/document.xml"))?;
    let mut notes = Vec::new();
    for part in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(xml) = zip.part(part)? {
            notes.extend(paragraphs(&xml, &format!("{name}: {part}"))?);
        }
    }
    let mut text = lines.join("\n");
    if !notes.is_empty() {
        text.push_str("\n\n");
        text.push_str(&notes.join("\n"));
    }
    let mut office = OfficeText {
        text,
        ..OfficeText::default()
    };
    if let Some(xml) = zip.part("docProps/core.xml")? {
        let label = format!("{name}: docProps/core.xml");
        metadata(
            &xml,
            &label,
            (&["title"], &["creator"], &["created"]),
            &mut office,
        )?;
    }
    Ok(office)
}

/// Elements whose content is not shown: deleted and moved-away text, field codes,
/// paragraph properties (their tab stops are no tabs), earlier formatting, text boxes and
/// the fallback copy of drawings.
const HIDDEN: &[&str] = &[
    "del",
    "delText",
    "moveFrom",
    "instrText",
    "pPr",
    "rPrChange",
    "txbxContent",
    "Fallback",
];

#[derive(Default)]
struct Reading {
    lines: Vec<String>,
    paragraph: String,
    tables: Tables,
    /// Depth inside an element whose content is not shown.
    skipping: usize,
    in_text: bool,
    hidden_run: bool,
    /// The fields open around this point: whether each is still in its code part.
    fields: Vec<bool>,
}

impl Reading {
    fn shows(&self) -> bool {
        self.skipping == 0 && !self.hidden_run && !self.fields.iter().any(|code| *code)
    }

    fn push(&mut self, text: &str) {
        if self.shows() {
            self.paragraph.push_str(text);
        }
    }

    fn open(&mut self, name: &str, attributes: &[(String, String)]) {
        if self.skipping > 0 {
            self.skipping += 1;
            return;
        }
        let note_kind = attribute(attributes, "type");
        let separator =
            matches!(name, "footnote" | "endnote") && note_kind.is_some_and(|t| t != "normal");
        if HIDDEN.contains(&name) || separator {
            self.skipping = 1;
            return;
        }
        match name {
            "t" => self.in_text = true,
            "r" => self.hidden_run = false,
            "vanish" => {
                let off = attribute(attributes, "val")
                    .is_some_and(|v| matches!(v, "false" | "0" | "off"));
                self.hidden_run = !off;
            }
            "tab" => self.push("\t"),
            "br" | "cr" => self.push("\n"),
            "noBreakHyphen" => self.push("-"),
            "fldChar" => match attribute(attributes, "fldCharType") {
                Some("begin") => self.fields.push(true),
                Some("separate") => {
                    if let Some(code) = self.fields.last_mut() {
                        *code = false;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            "tbl" => self.tables.open_table(),
            "tc" => self.tables.open_cell(),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        if self.skipping > 0 {
            self.skipping -= 1;
            return;
        }
        match name {
            "t" => self.in_text = false,
            "r" => self.hidden_run = false,
            "p" => {
                let paragraph = std::mem::take(&mut self.paragraph);
                self.lines.extend(self.tables.paragraph(paragraph));
            }
            "tc" => self.tables.close_cell(),
            "tr" => self.tables.close_row(),
            "tbl" => {
                let rows = self.tables.close_table();
                self.lines.extend(rows);
            }
            _ => {}
        }
    }
}

/// The lines of one part: its paragraphs and table rows, in reading order.
fn paragraphs(xml: &str, label: &str) -> Result<Vec<String>, String> {
    let mut reading = Reading::default();
    walk(xml, label, |item| match item {
        Item::Open(name, attributes) => reading.open(name, attributes),
        Item::Close(name) => reading.close(name),
        Item::Text(text) if reading.in_text => reading.push(text),
        Item::Text(_) => {}
    })?;
    Ok(reading.lines)
}
