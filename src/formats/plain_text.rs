//! Files imported as new documents: plain `.txt` and `.md` as they are, `.html` as the
//! text a reader of the page sees, Word's `.docx`, OpenDocument's `.odt`, EPUB books and
//! RTF as their readers (`docx`, `odt`, `epub`, `rtf`) give them, and a PDF's text layer
//! with its page starts (`pdf`).

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::{Document, NewDocumentIds};

/// Extensions of the files imported as documents.
pub const EXTENSIONS: &[&str] = &[
    "txt", "md", "text", "html", "htm", "docx", "odt", "epub", "rtf", "pdf",
];

/// The most a file imported as a document may hold: a book-length Word file with its
/// pictures is well under this; a larger one is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

#[derive(Debug, Error)]
pub enum TextImportError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not UTF-8 text (invalid byte at offset {offset})", path.display())]
    NotUtf8 { path: PathBuf, offset: usize },
    /// A document the reader of its format could not read, and why (it names the file).
    #[error("{0}")]
    Unreadable(String),
}

/// What a file says of itself beyond its title: its author and when it was made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileSays {
    pub author: Option<String>,
    /// ISO 8601, as the file gives it.
    pub created: Option<String>,
}

/// Reads a UTF-8 text file as a new document: the id comes from the file stem (made unique
/// by `ids`), the title is the first non-empty line, the source is the file name.
/// A byte-order mark is dropped; line endings are kept exactly as they are. An `.html` or
/// `.htm` file gives its visible text, titled by its `<title>` or first heading.
pub fn read_document(path: &Path, ids: &mut NewDocumentIds) -> Result<Document, TextImportError> {
    read_file(path, ids).map(|(document, _)| document)
}

/// The same, with what the file says of its author and date (Word, OpenDocument, RTF
/// and EPUB files can say; text and HTML files say nothing here).
pub fn read_file(
    path: &Path,
    ids: &mut NewDocumentIds,
) -> Result<(Document, FileSays), TextImportError> {
    let io = |source| TextImportError::Io {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(TextImportError::Unreadable(format!(
            "{}: {} MiB, more than the {} MiB a document may hold; not read",
            path.display(),
            size >> 20,
            MAX_FILE_BYTES >> 20
        )));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    type Reader = fn(&[u8], &str) -> Result<super::office_zip::OfficeText, String>;
    let office: Option<Reader> = match extension.as_deref() {
        Some("docx") => Some(super::docx::read),
        Some("odt") => Some(super::odt::read),
        Some("epub") => Some(super::epub::read),
        Some("rtf") => Some(super::rtf::read),
        _ => None,
    };
    if extension.as_deref() == Some("pdf") {
        let name = path.display().to_string();
        let pdf = super::pdf::read(&bytes, &name).map_err(TextImportError::Unreadable)?;
        let says = FileSays {
            author: pdf.author,
            created: pdf.created,
        };
        let document = document(path, ids, pdf.text, pdf.title).with_pages(pdf.page_starts);
        return Ok((document, says));
    }
    if let Some(read) = office {
        let name = path.display().to_string();
        let office = read(&bytes, &name).map_err(TextImportError::Unreadable)?;
        let says = FileSays {
            author: office.author,
            created: office.created,
        };
        return Ok((document(path, ids, office.text, office.title), says));
    }
    let text = String::from_utf8(bytes).map_err(|e| TextImportError::NotUtf8 {
        path: path.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    let is_html = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let (text, title) = if is_html {
        let page = super::html::visible_text(&text);
        (page.text, page.title)
    } else {
        (text, None)
    };
    Ok((document(path, ids, text, title), FileSays::default()))
}

/// The document for `text` read from `path`: titled `title`, else by its first line.
fn document(
    path: &Path,
    ids: &mut NewDocumentIds,
    text: String,
    title: Option<String>,
) -> Document {
    let title = title
        .filter(|t| !t.trim().is_empty())
        .or_else(|| title_of(&text));
    let stem = path
        .file_stem()
        .map_or_else(|| "document".into(), |s| s.to_string_lossy().into_owned());
    let source = path
        .file_name()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    Document::new(ids.fresh(&stem), title.unwrap_or(stem), source, text)
}

/// The first non-empty line, shortened to a title's length.
pub fn title_of(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let mut title: String = line.chars().take(80).collect();
    if line.chars().count() > 80 {
        title.push('…');
    }
    Some(title)
}
