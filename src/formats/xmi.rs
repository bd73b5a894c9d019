//! UIMA CAS XMI for INCEpTION: a zip holding one `ID.xmi` per document and the
//! `TypeSystem.xml` they share. Annotations are `webanno.custom.Span` (INCEpTION's
//! convention for a custom span layer) with `label` (the tag) and `note` features.
//!
//! XMI offsets are UTF-16 code units: an emoji counts two.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use crate::model::Text;

use super::outgoing::{Chosen, ExportError, Exported, Progress, file_names};

pub const SPAN_TYPE: &str = "webanno.custom.Span";

const TYPE_SYSTEM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<typeSystemDescription xmlns="http://uima.apache.org/resourceSpecifier">
  <types>
    <typeDescription>
      <name>webanno.custom.Span</name>
      <description>Annotary annotations: a tagged span with an optional note.</description>
      <supertypeName>uima.tcas.Annotation</supertypeName>
      <features>
        <featureDescription>
          <name>label</name>
          <description>The tag.</description>
          <rangeTypeName>uima.cas.String</rangeTypeName>
        </featureDescription>
        <featureDescription>
          <name>note</name>
          <description>The annotator's note.</description>
          <rangeTypeName>uima.cas.String</rangeTypeName>
        </featureDescription>
      </features>
    </typeDescription>
  </types>
</typeSystemDescription>
"#;

/// A value for an XML attribute: markup characters escaped, and line breaks and tabs as
/// character references so that attribute normalisation cannot turn them into spaces.
pub(crate) fn attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            other => out.push(other),
        }
    }
    out
}

/// UTF-16 offset of each code point offset, computed in one pass over the text.
fn utf16_offsets(text: &Text) -> Vec<usize> {
    let mut offsets = Vec::with_capacity(text.char_len() + 1);
    let mut units = 0;
    for c in text.as_str().chars() {
        offsets.push(units);
        units += c.len_utf16();
    }
    offsets.push(units);
    offsets
}

/// The XMI of one document.
pub fn document_xmi(chosen: &Chosen<'_>) -> String {
    let text = chosen.document.text();
    let utf16 = utf16_offsets(text);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\" \
         xmlns:cas=\"http:///uima/cas.ecore\" xmlns:tcas=\"http:///uima/tcas.ecore\" \
         xmlns:custom=\"http:///webanno/custom.ecore\" xmi:version=\"2.0\">\n",
    );
    out.push_str("  <cas:NULL xmi:id=\"0\"/>\n");
    let _ = writeln!(
        out,
        "  <tcas:DocumentAnnotation xmi:id=\"2\" sofa=\"1\" begin=\"0\" end=\"{}\" language=\"x-unspecified\"/>",
        utf16[text.char_len()]
    );
    let mut members = vec!["2".to_owned()];
    for (index, a) in chosen.annotations.iter().enumerate() {
        let id = index + 3;
        members.push(id.to_string());
        let note = if a.note.is_empty() {
            String::new()
        } else {
            format!(" note=\"{}\"", attribute(&a.note))
        };
        let _ = writeln!(
            out,
            "  <custom:Span xmi:id=\"{id}\" sofa=\"1\" begin=\"{}\" end=\"{}\" label=\"{}\"{note}/>",
            utf16[a.start],
            utf16[a.end],
            attribute(&a.tag)
        );
    }
    let _ = writeln!(
        out,
        "  <cas:Sofa xmi:id=\"1\" sofaNum=\"1\" sofaID=\"_InitialView\" mimeType=\"text\" sofaString=\"{}\"/>",
        attribute(text.as_str())
    );
    let _ = writeln!(
        out,
        "  <cas:View sofa=\"1\" members=\"{}\"/>",
        members.join(" ")
    );
    out.push_str("</xmi:XMI>\n");
    out
}

/// Writes the zip: `TypeSystem.xml` and one `ID.xmi` per document, with fixed timestamps
/// so the same project always gives the same bytes.
pub fn write(
    chosen: &[Chosen<'_>],
    path: &Path,
    progress: &Progress,
) -> Result<Exported, ExportError> {
    let io = |source: std::io::Error| ExportError::Io {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::create(path).map_err(io)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut add = |name: String, contents: &str| -> Result<(), ExportError> {
        zip.start_file(name, options)
            .map_err(|e| io(std::io::Error::other(e)))?;
        zip.write_all(contents.as_bytes()).map_err(io)
    };
    add("TypeSystem.xml".to_owned(), TYPE_SYSTEM)?;
    let (names, renamed) = file_names(chosen);
    for (c, name) in chosen.iter().zip(names) {
        add(format!("{name}.xmi"), &document_xmi(c))?;
        progress.written(c);
    }
    zip.finish().map_err(|e| io(std::io::Error::other(e)))?;
    Ok(Exported {
        warnings: renamed.into_iter().collect(),
        ..Exported::default()
    })
}

/// The most XML read from one entry of an XMI zip: a book-length document with a hundred
/// thousand annotations is about 20 MiB; a zip entry inflating past this is refused
/// rather than read into memory (a 1 MB zip can inflate to gigabytes).
pub const MAX_ENTRY_BYTES: u64 = 128 << 20;
/// The most XML read from all entries of one zip together.
pub const MAX_ZIP_BYTES: u64 = 512 << 20;

/// Reads an XMI zip (or a single `.xmi` file): each CAS's text and every annotation that
/// has `begin`, `end` and a `label` feature (INCEpTION's custom span layers), with `note`
/// when present. UTF-16 offsets become code points.
pub fn read(path: &Path) -> super::import::Read {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(&bytes, &name),
        Err(error) => super::import::Read::failed(format!("{name}: {error}")),
    }
}

/// Reads an XMI zip, or one XMI document, from the bytes of a file called `name`.
pub fn read_bytes(bytes: &[u8], name: &str) -> super::import::Read {
    let mut read = super::import::Read::default();
    let mut documents: Vec<(String, String)> = Vec::new();
    if bytes.starts_with(b"PK") {
        match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
            Ok(mut archive) => read_entries(&mut archive, name, &mut documents, &mut read.problems),
            Err(error) => read.problems.push(format!("{name}: {error}")),
        }
    } else {
        match super::file_text::text_of(bytes, name) {
            Ok(xml) => documents.push((name.to_owned(), xml.to_owned())),
            Err(problem) => read.problems.push(problem),
        }
    }
    for (entry, xml) in documents {
        let label = if entry == name {
            entry
        } else {
            format!("{name}/{entry}")
        };
        match read_cas(&xml, &label) {
            Ok(incoming) => read.documents.push(incoming),
            Err(problem) => read.problems.push(problem),
        }
    }
    read
}

/// The `.xmi` entries of a zip, each at most [`MAX_ENTRY_BYTES`] and all together at most
/// [`MAX_ZIP_BYTES`] once inflated; what is past the caps is refused with a message.
fn read_entries<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    documents: &mut Vec<(String, String)>,
    problems: &mut Vec<String>,
) {
    use std::io::Read as _;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index(index) else {
            continue;
        };
        let Ok(entry_name) = entry.name().map(std::borrow::Cow::into_owned) else {
            continue;
        };
        if !entry_name.ends_with(".xmi") {
            continue;
        }
        let at = format!("{name}/{entry_name}");
        let cap = MAX_ENTRY_BYTES.min(MAX_ZIP_BYTES - total);
        // The size the zip declares can lie; the read itself stops one byte past the cap.
        let mut bytes = Vec::new();
        let read = entry.take(cap + 1).read_to_end(&mut bytes);
        if let Err(error) = read {
            problems.push(format!("{at}: {error}"));
            continue;
        }
        let size = bytes.len() as u64;
        if size > cap {
            let limit = if cap < MAX_ENTRY_BYTES {
                format!(
                    "the zip's entries together inflate past {} MiB",
                    MAX_ZIP_BYTES >> 20
                )
            } else {
                format!("it inflates past {} MiB", MAX_ENTRY_BYTES >> 20)
            };
            problems.push(format!(
                "{at}: not read: {limit}, more than any annotated document needs (a damaged or malicious zip?)"
            ));
            if cap < MAX_ENTRY_BYTES {
                return;
            }
            continue;
        }
        total += size;
        match super::file_text::string_of(bytes, &at) {
            Ok(xml) => documents.push((entry_name, xml)),
            Err(problem) => problems.push(problem),
        }
    }
}

/// One CAS: its sofa text and its labelled annotations.
fn read_cas(xml: &str, label: &str) -> Result<super::import::Incoming, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut text = None;
    let mut raw = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("{label}: byte {}: {e}", reader.buffer_position()))?;
        let element = match &event {
            Event::Start(e) | Event::Empty(e) => e,
            Event::Eof => break,
            _ => continue,
        };
        let mut attributes = std::collections::HashMap::new();
        for attribute in element.attributes().flatten() {
            let key = attribute.key.local_name().as_ref().to_owned();
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| format!("{label}: {e}"))?
                .into_owned();
            attributes.insert(key, value);
        }
        let local = element.local_name().as_ref().to_owned();
        if local == "Sofa" {
            text = attributes.remove("sofaString");
        } else if let (Some(begin), Some(end), Some(tag)) = (
            attributes.get("begin"),
            attributes.get("end"),
            attributes.get("label"),
        ) {
            raw.push((
                begin.parse::<usize>().ok(),
                end.parse::<usize>().ok(),
                tag.clone(),
                attributes.get("note").cloned().unwrap_or_default(),
                attributes.get("id").cloned().unwrap_or_default(),
            ));
        }
    }
    let text = text.ok_or_else(|| format!("{label}: no cas:Sofa with a sofaString"))?;
    // From UTF-16 units back to code points, for the offsets the file uses only: one walk
    // over the text, holding as much as there are annotations, not a map per character.
    let mut wanted: Vec<usize> = raw.iter().flat_map(|r| [r.0, r.1]).flatten().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut code_point_at = std::collections::HashMap::with_capacity(wanted.len());
    let mut next = wanted.iter().peekable();
    let mut units = 0;
    for (index, c) in text.chars().chain(std::iter::once('\0')).enumerate() {
        while let Some(&&unit) = next.peek() {
            if unit > units {
                break;
            }
            if unit == units {
                code_point_at.insert(unit, index);
            }
            next.next();
        }
        if next.peek().is_none() {
            break;
        }
        units += c.len_utf16();
    }
    let spans = raw
        .into_iter()
        .map(|(begin, end, tag, note, id)| {
            let at = format!("{label}: annotation xmi:id {id}");
            let convert = |u: Option<usize>| u.and_then(|u| code_point_at.get(&u).copied());
            super::import::IncomingSpan {
                layer: None,
                // An offset inside a surrogate pair has no code point: past the end, so
                // the merge reports it.
                start: convert(begin).unwrap_or(usize::MAX),
                end: convert(end).unwrap_or(usize::MAX),
                tag,
                note,
                quote: None,
                at,
                ..super::import::IncomingSpan::default()
            }
        })
        .collect();
    let id = label
        .rsplit('/')
        .next()
        .unwrap_or(label)
        .trim_end_matches(".xmi")
        .to_owned();
    Ok(super::import::Incoming {
        title: super::plain_text::title_of(&text).unwrap_or_else(|| id.clone()),
        source: label.to_owned(),
        id,
        text: Some(text),
        spans,
        ..super::import::Incoming::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_utf16_code_units() {
        let text = Text::new("😀 a\u{301} 北");
        let offsets = utf16_offsets(&text);
        // The emoji is two units; the combining accent and the CJK character one each.
        assert_eq!(offsets, [0, 2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn attributes_keep_line_breaks_and_markup() {
        assert_eq!(
            attribute("a<b>&\"c\"\r\n\td"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#13;&#10;&#9;d"
        );
    }
}
