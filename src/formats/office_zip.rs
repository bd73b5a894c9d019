//! What Word (DOCX) and OpenDocument (ODT) files have in common: a zip of XML parts, read
//! part by part with a cap (a part that inflates past [`MAX_PART_BYTES`] is refused, so a
//! zip bomb costs a message, not the memory), each part walked as a stream of elements and
//! text, and the file's own title, author and date.

use std::borrow::Cow;
use std::io::Read;

use quick_xml::events::Event;

/// The most one part of an office file may inflate to: a 2,000-page book's
/// `document.xml` is about 60 MiB.
pub const MAX_PART_BYTES: u64 = 128 << 20;
/// The most all parts read from one file may inflate to together: an EPUB whose spine
/// names one large chapter a thousand times stops here.
pub const MAX_FILE_TEXT_BYTES: u64 = 512 << 20;

/// The text of an office document, with what its file says of itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfficeText {
    pub text: String,
    pub title: Option<String>,
    pub author: Option<String>,
    /// As the file gives it (ISO 8601 in both formats).
    pub created: Option<String>,
}

/// An office file's zip, its parts read on demand.
pub struct OfficeZip<'a> {
    archive: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    name: &'a str,
    /// What the parts read so far inflated to.
    read: u64,
}

impl<'a> OfficeZip<'a> {
    /// The zip in `bytes` of the file called `name` (for messages).
    pub fn open(bytes: &'a [u8], name: &'a str) -> Result<Self, String> {
        let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("{name}: not a readable zip ({e}); is it a damaged file?"))?;
        Ok(Self {
            archive,
            name,
            read: 0,
        })
    }

    /// The part at `path` as text; `None` when the zip has no such part.
    pub fn part(&mut self, path: &str) -> Result<Option<String>, String> {
        self.part_within(path, MAX_PART_BYTES)
    }

    /// The same, refused past `cap` bytes inflated.
    fn part_within(&mut self, path: &str, cap: u64) -> Result<Option<String>, String> {
        let name = self.name;
        let entry = match self.archive.by_name(path) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(format!("{name}: {path}: {e}")),
        };
        let mut bytes = Vec::new();
        // The size the zip declares can lie: the read itself stops one byte past the cap.
        entry
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{name}: {path}: {e}"))?;
        if bytes.len() as u64 > cap {
            return Err(format!(
                "{name}: {path} inflates past {} MiB, more than any article needs (a damaged or malicious file?); nothing imported",
                cap >> 20
            ));
        }
        self.read += bytes.len() as u64;
        if self.read > MAX_FILE_TEXT_BYTES {
            return Err(format!(
                "{name}: its parts inflate past {} MiB together (a damaged or malicious file?); nothing imported",
                MAX_FILE_TEXT_BYTES >> 20
            ));
        }
        let bytes = bytes
            .strip_prefix(b"\xef\xbb\xbf")
            .unwrap_or(&bytes)
            .to_vec();
        String::from_utf8(bytes).map(Some).map_err(|e| {
            format!(
                "{name}: {path}: not UTF-8 at byte {}",
                e.utf8_error().valid_up_to()
            )
        })
    }

    pub fn name(&self) -> &str {
        self.name
    }

    /// The names of the zip's entries, in the zip's order.
    pub fn names(&self) -> Vec<String> {
        self.archive
            .file_names()
            .flatten()
            .map(|n| n.into_owned())
            .collect()
    }
}

/// A table being read: its rows so far, the current row's cells, the current cell's
/// paragraphs.
#[derive(Default)]
struct Table {
    rows: Vec<String>,
    cells: Vec<String>,
    cell: Vec<String>,
    in_cell: bool,
}

/// The tables open around the reader's place, innermost last, laid out as lines: a row
/// per line, its cells joined by a tab, a cell's paragraphs by a space; a table inside a
/// cell is part of that cell's text.
#[derive(Default)]
pub struct Tables(Vec<Table>);

impl Tables {
    pub fn open_table(&mut self) {
        self.0.push(Table::default());
    }

    pub fn open_cell(&mut self) {
        if let Some(table) = self.0.last_mut() {
            table.in_cell = true;
        }
    }

    /// Takes a finished paragraph into the cell being read; gives it back outside one.
    pub fn paragraph(&mut self, paragraph: String) -> Option<String> {
        match self.0.last_mut().filter(|t| t.in_cell) {
            Some(table) => {
                table.cell.push(paragraph);
                None
            }
            None => Some(paragraph),
        }
    }

    pub fn close_cell(&mut self) {
        if let Some(table) = self.0.last_mut() {
            let cell = std::mem::take(&mut table.cell).join(" ");
            table.cells.push(cell);
            table.in_cell = false;
        }
    }

    pub fn close_row(&mut self) {
        if let Some(table) = self.0.last_mut() {
            let row = std::mem::take(&mut table.cells).join("\t");
            table.rows.push(row);
        }
    }

    /// Closes the innermost table; gives its rows back unless it sat in a cell.
    pub fn close_table(&mut self) -> Vec<String> {
        let Some(done) = self.0.pop() else {
            return Vec::new();
        };
        match self.0.last_mut().filter(|t| t.in_cell) {
            Some(outer) => {
                outer.cell.extend(done.rows);
                Vec::new()
            }
            None => done.rows,
        }
    }
}

/// One step through an XML part: an element opened (its local name and attributes by
/// local name), closed, or text (entities resolved).
pub enum Item<'x> {
    Open(&'x str, &'x [(String, String)]),
    Close(&'x str),
    Text(&'x str),
}

/// Walks `xml` (the part `label`, for messages), calling `on` for each item in order; an
/// empty element is opened and closed.
pub fn walk(xml: &str, label: &str, mut on: impl FnMut(Item<'_>)) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let fail = |reader: &quick_xml::Reader<&[u8]>, e: &dyn std::fmt::Display| {
        format!("{label}: byte {}: {e}", reader.buffer_position())
    };
    let mut attributes = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| fail(&reader, &e))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                attributes.clear();
                for attribute in e.attributes().flatten() {
                    let key = attribute.key.local_name().as_ref().to_owned();
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| fail(&reader, &e))?
                        .into_owned();
                    attributes.push((key, value));
                }
                let local = e.local_name();
                let local: &str = local.as_ref();
                on(Item::Open(local, &attributes));
                if matches!(event, Event::Empty(_)) {
                    on(Item::Close(local));
                }
            }
            Event::End(e) => {
                let local = e.local_name();
                on(Item::Close(local.as_ref()));
            }
            Event::Text(e) => on(Item::Text(
                &e.xml_content(quick_xml::XmlVersion::Implicit1_0),
            )),
            Event::CData(e) => on(Item::Text(e.as_ref())),
            Event::GeneralRef(e) => {
                let resolved: Cow<'_, str> = match e.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string().into(),
                    _ => {
                        let name: &str = e.as_ref();
                        match quick_xml::escape::resolve_xml_entity(name) {
                            Some(s) => s.into(),
                            None => return Err(fail(&reader, &format!("unknown entity &{name};"))),
                        }
                    }
                };
                on(Item::Text(&resolved));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The value of attribute `name` among `attributes`.
pub fn attribute<'x>(attributes: &'x [(String, String)], name: &str) -> Option<&'x str> {
    attributes
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The title, author and creation date a metadata part (`docProps/core.xml`,
/// `meta.xml`) gives, by the local names of their elements, into `office`.
pub fn metadata(
    xml: &str,
    label: &str,
    (title, author, created): (&[&str], &[&str], &[&str]),
    office: &mut OfficeText,
) -> Result<(), String> {
    let mut found: [Option<String>; 3] = Default::default();
    let mut open: Option<usize> = None;
    let mut text = String::new();
    let wanted = [title, author, created];
    walk(xml, label, |item| match item {
        Item::Open(name, _) => {
            open = wanted.iter().position(|names| names.contains(&name));
            text.clear();
        }
        Item::Text(t) if open.is_some() => text.push_str(t),
        Item::Close(_) => {
            if let Some(at) = open.take() {
                let value = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if found[at].is_none() && !value.is_empty() {
                    found[at] = Some(value);
                }
            }
        }
        Item::Text(_) => {}
    })?;
    [office.title, office.author, office.created] = found;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(name: &str, contents: &[u8]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(contents).expect("write");
        zip.finish().expect("zip").into_inner()
    }

    #[test]
    fn a_part_that_inflates_past_the_cap_is_refused_and_one_within_it_read() {
        // Four MiB of one letter deflate to a few KiB: a small bomb.
        let bytes = zip_of("word/document.xml", &vec![b'a'; 4 << 20]);
        assert!(bytes.len() < 64 << 10);
        let mut zip = OfficeZip::open(&bytes, "bomb.docx").expect("a zip");
        let refused = zip
            .part_within("word/document.xml", 1 << 20)
            .expect_err("refused");
        assert!(
            refused.contains("bomb.docx: word/document.xml inflates past 1 MiB"),
            "{refused}"
        );
        let read = zip.part_within("word/document.xml", 8 << 20).expect("read");
        assert_eq!(read.map(|t| t.len()), Some(4 << 20));
        assert_eq!(zip.part("word/missing.xml"), Ok(None));
    }

    #[test]
    fn entities_and_character_references_are_text_and_an_unknown_entity_an_error() {
        let mut text = String::new();
        walk("<p>a &amp; b &#x1F600; &lt;c&gt;</p>", "x", |item| {
            if let Item::Text(t) = item {
                text.push_str(t);
            }
        })
        .expect("walks");
        assert_eq!(text, "a & b 😀 <c>");
        assert!(walk("<p>&nope;</p>", "x.xml", |_| {}).is_err());
    }
}
