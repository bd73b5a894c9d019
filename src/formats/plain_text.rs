//! Text files imported as new documents: plain `.txt` and `.md` as they are, `.html` as
//! the text a reader of the page sees.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::{Document, NewDocumentIds};

/// Extensions of the files imported as documents.
pub const EXTENSIONS: &[&str] = &["txt", "md", "text", "html", "htm"];

#[derive(Debug, Error)]
pub enum TextImportError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not UTF-8 text (invalid byte at offset {offset})", path.display())]
    NotUtf8 { path: PathBuf, offset: usize },
}

/// Reads a UTF-8 text file as a new document: the id comes from the file stem (made unique
/// by `ids`), the title is the first non-empty line, the source is the file name.
/// A byte-order mark is dropped; line endings are kept exactly as they are. An `.html` or
/// `.htm` file gives its visible text, titled by its `<title>` or first heading.
pub fn read_document(path: &Path, ids: &mut NewDocumentIds) -> Result<Document, TextImportError> {
    let bytes = std::fs::read(path).map_err(|source| TextImportError::Io {
        path: path.to_owned(),
        source,
    })?;
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
        let title = title_of(&text);
        (text, title)
    };
    let stem = path
        .file_stem()
        .map_or_else(|| "document".into(), |s| s.to_string_lossy().into_owned());
    let source = path
        .file_name()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    Ok(Document::new(
        ids.fresh(&stem),
        title.unwrap_or(stem),
        source,
        text,
    ))
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
