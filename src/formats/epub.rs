//! EPUB books (`.epub`) as the text a reader sees: the chapters in the order of the
//! book's spine (`META-INF/container.xml` names the package file, whose spine lists them),
//! each read as an HTML page is (see `html`), a blank line between chapters. Items the
//! spine marks as not in the reading order (`linear="no"`) are left out. The package's
//! title, author and date come with it.

use std::collections::HashMap;

use super::office_zip::{Item, OfficeText, OfficeZip, attribute, metadata, walk};

/// Reads the `.epub` in `bytes` (the file `name`, for messages).
pub fn read(bytes: &[u8], name: &str) -> Result<OfficeText, String> {
    let mut zip = OfficeZip::open(bytes, name)?;
    let container = zip
        .part("META-INF/container.xml")?
        .ok_or_else(|| format!("{name}: no META-INF/container.xml in the zip: not an EPUB book"))?;
    let mut package = None;
    walk(
        &container,
        &format!("{name}: META-INF/container.xml"),
        |item| {
            if let Item::Open("rootfile", attributes) = item
                && package.is_none()
            {
                package = attribute(attributes, "full-path").map(str::to_owned);
            }
        },
    )?;
    let package =
        package.ok_or_else(|| format!("{name}: META-INF/container.xml names no package file"))?;
    let opf = zip
        .part(&package)?
        .ok_or_else(|| format!("{name}: the package file {package} is not in the zip"))?;
    let label = format!("{name}: {package}");
    let chapters = spine(&opf, &label)?;
    let folder = package.rsplit_once('/').map_or("", |(folder, _)| folder);
    // Every chapter read before any is parsed: a book past the cap is refused at once.
    let mut pages = Vec::new();
    for href in chapters {
        let path = joined(folder, &href);
        let page = zip
            .part(&path)?
            .ok_or_else(|| format!("{name}: the spine's {path} is not in the zip"))?;
        pages.push(page);
    }
    let mut texts = Vec::new();
    for page in pages {
        let text = super::html::visible_text(&page).text;
        let text = text.trim_matches('\n');
        if !text.is_empty() {
            texts.push(text.to_owned());
        }
    }
    let mut office = OfficeText {
        text: texts.join("\n\n"),
        ..OfficeText::default()
    };
    metadata(
        &opf,
        &label,
        (&["title"], &["creator"], &["date"]),
        &mut office,
    )?;
    Ok(office)
}

/// The hrefs of the spine's chapters, in reading order.
fn spine(opf: &str, label: &str) -> Result<Vec<String>, String> {
    let mut manifest: HashMap<String, String> = HashMap::new();
    let mut order = Vec::new();
    walk(opf, label, |item| {
        let Item::Open(element, attributes) = item else {
            return;
        };
        match element {
            "item" => {
                if let (Some(id), Some(href)) =
                    (attribute(attributes, "id"), attribute(attributes, "href"))
                {
                    manifest.insert(id.to_owned(), href.to_owned());
                }
            }
            "itemref" if attribute(attributes, "linear") != Some("no") => {
                if let Some(id) = attribute(attributes, "idref") {
                    order.push(id.to_owned());
                }
            }
            _ => {}
        }
    })?;
    order
        .into_iter()
        .map(|id| {
            manifest.get(&id).cloned().ok_or_else(|| {
                format!("{label}: the spine names {id:?}, which the manifest does not list")
            })
        })
        .collect()
}

/// A path in the zip from an href relative to `folder`: its `#fragment` dropped, `%XX`
/// decoded, `..` and `.` resolved.
fn joined(folder: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or_default();
    let mut bytes = Vec::with_capacity(href.len());
    let raw = href.as_bytes();
    let mut at = 0;
    while at < raw.len() {
        let hex = raw
            .get(at + 1..at + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (raw[at], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                bytes.push(byte);
                at += 3;
            }
            (byte, _) => {
                bytes.push(byte);
                at += 1;
            }
        }
    }
    let href = String::from_utf8_lossy(&bytes);
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::joined;

    #[test]
    fn hrefs_resolve_against_the_package_folder() {
        assert_eq!(
            joined("OEBPS", "text/ch%201.xhtml#top"),
            "OEBPS/text/ch 1.xhtml"
        );
        assert_eq!(
            joined("OEBPS/content", "../images/../ch2.xhtml"),
            "OEBPS/ch2.xhtml"
        );
        assert_eq!(joined("", "ch3.xhtml"), "ch3.xhtml");
    }
}
