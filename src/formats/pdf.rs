//! A PDF's text layer as a document: pdf-extract decodes each page's glyphs (fonts,
//! encodings, ToUnicode maps), `pdf_layout` makes them lines and paragraphs, and the
//! page starts come with the text so that a quote can be cited by page.
//!
//! A file locked by a password, one without a text layer (a scan) and one the library
//! cannot read are refused with a message naming the file; nothing is half imported.

use pdf_extract::{Document, MediaBox, OutputDev, OutputError, Transform};

use super::pdf_layout::{Glyph, lay_out};

/// The most pages a PDF may have: a 10,000-page file is read, in seconds.
pub const MAX_PAGES: usize = 50_000;

/// What a PDF gives: its text, where its pages start, and what it says of itself.
#[derive(Debug, Default)]
pub struct PdfText {
    pub text: String,
    pub page_starts: Vec<usize>,
    pub title: Option<String>,
    pub author: Option<String>,
    /// ISO 8601.
    pub created: Option<String>,
}

/// Reads the PDF `bytes`; `name` is used in messages.
pub fn read(bytes: &[u8], name: &str) -> Result<PdfText, String> {
    super::pdf_guard::inflated_size_fits(bytes, name)?;
    let mut document = Document::load_mem(bytes)
        .map_err(|e| format!("{name}: not a PDF this program can read ({e})"))?;
    if document.is_encrypted() && document.decrypt("").is_err() {
        return Err(format!(
            "{name}: locked with a password; open it in a PDF reader, save a copy without the password, and import that"
        ));
    }
    let pages = document.get_pages().len();
    if pages > MAX_PAGES {
        return Err(format!(
            "{name}: {pages} pages, more than the {MAX_PAGES} a document may have; not read"
        ));
    }
    super::pdf_guard::forms_end(&document, name)?;
    let mut glyphs = Glyphs::default();
    // The library panics on some malformed fonts and content; that is a file it cannot
    // read, not a reason to lose the researcher's session.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pdf_extract::output_doc(&document, &mut glyphs)
    }));
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(format!("{name}: its text could not be read ({e:?})")),
        Err(_) => return Err(format!("{name}: its text could not be read (damaged?)")),
    }
    let laid = lay_out(&glyphs.pages);
    if laid.text.trim().is_empty() {
        return Err(format!(
            "{name}: no text layer on its {pages} page{} (a scan?); run OCR on it (for example ocrmypdf) and import the result",
            if pages == 1 { "" } else { "s" }
        ));
    }
    let info = Info::of(&document);
    Ok(PdfText {
        text: laid.text,
        page_starts: laid.page_starts,
        title: info.text(b"Title"),
        author: info.text(b"Author"),
        created: info.text(b"CreationDate").and_then(|d| iso_of_pdf_date(&d)),
    })
}

/// The glyphs of each page, as pdf-extract draws them.
#[derive(Default)]
struct Glyphs {
    pages: Vec<Vec<Glyph>>,
    /// The page's height: PDF's y grows up the page, ours down.
    top: f64,
}

impl OutputDev for Glyphs {
    fn begin_page(
        &mut self,
        _number: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(Vec::new());
        self.top = media_box.ury;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // The size as drawn: the font size through the text matrix's scale.
        let sx = font_size * trm.m11 + font_size * trm.m21;
        let sy = font_size * trm.m12 + font_size * trm.m22;
        let size = (sx * sy).abs().sqrt();
        let size = if size.is_finite() { size } else { 0.0 };
        let x = trm.m31;
        let glyph = Glyph {
            x,
            y: self.top - trm.m32,
            end: x + width * size,
            size,
            text: text.to_owned(),
        };
        if let Some(page) = self.pages.last_mut()
            && glyph.x.is_finite()
            && glyph.y.is_finite()
        {
            page.push(glyph);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// The document information dictionary.
struct Info<'a>(Option<&'a pdf_extract::Dictionary>, &'a Document);

impl<'a> Info<'a> {
    fn of(document: &'a Document) -> Self {
        let info = document
            .trailer
            .get(b"Info")
            .ok()
            .and_then(|o| document.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        Self(info, document)
    }

    /// A text entry: PDF text strings are UTF-16 with a byte-order mark, or
    /// PDFDocEncoding (Latin-1 for the letters that matter here).
    fn text(&self, key: &[u8]) -> Option<String> {
        let object = self.0?.get(key).ok()?;
        let bytes = self.1.dereference(object).ok()?.1.as_str().ok()?;
        let text = if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            bytes.iter().map(|&b| char::from(b)).collect()
        };
        let text = text.trim().to_owned();
        (!text.is_empty()).then_some(text)
    }
}

/// `D:20250703093000Z` or `D:20250703093000+02'00'` as ISO 8601.
fn iso_of_pdf_date(date: &str) -> Option<String> {
    let digits = date.strip_prefix("D:").unwrap_or(date);
    let part = |range: std::ops::Range<usize>| {
        digits
            .get(range)
            .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
    };
    let (year, month, day) = (
        part(0..4)?,
        part(4..6).unwrap_or("01"),
        part(6..8).unwrap_or("01"),
    );
    let Some((hour, minute, second)) = part(8..10).map(|h| {
        (
            h,
            part(10..12).unwrap_or("00"),
            part(12..14).unwrap_or("00"),
        )
    }) else {
        return Some(format!("{year}-{month}-{day}"));
    };
    let zone = digits.get(14..).unwrap_or("");
    let offset = match zone.chars().next() {
        Some('Z') => "Z".to_owned(),
        Some(sign @ ('+' | '-')) => {
            let numbers: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            match (numbers.get(0..2), numbers.get(2..4)) {
                (Some(h), Some(m)) => format!("{sign}{h}:{m}"),
                (Some(h), None) => format!("{sign}{h}:00"),
                _ => String::new(),
            }
        }
        _ => String::new(),
    };
    Some(format!(
        "{year}-{month}-{day}T{hour}:{minute}:{second}{offset}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_become_iso() {
        assert_eq!(
            iso_of_pdf_date("D:20250703093000Z").as_deref(),
            Some("2025-07-03T09:30:00Z")
        );
        assert_eq!(
            iso_of_pdf_date("D:20250703093000+02'00'").as_deref(),
            Some("2025-07-03T09:30:00+02:00")
        );
        assert_eq!(iso_of_pdf_date("D:2025").as_deref(), Some("2025-01-01"));
        assert_eq!(iso_of_pdf_date("yesterday"), None);
    }

    #[test]
    fn what_is_not_a_pdf_is_refused_naming_the_file() {
        let refused = read(b"%PDF-1.7\nnot really", "broken.pdf").expect_err("refused");
        assert!(refused.starts_with("broken.pdf: "), "{refused}");
    }
}
