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

/// Reads an XMI zip (or a single `.xmi` file): each CAS's text and every annotation that
/// has `begin`, `end` and a `label` feature (INCEpTION's custom span layers), with `note`
/// when present. UTF-16 offsets become code points.
pub fn read(path: &Path) -> super::import::Read {
    use std::io::Read as _;
    let mut read = super::import::Read::default();
    let name = path.display().to_string();
    let is_zip = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        || std::fs::File::open(path)
            .ok()
            .and_then(|mut f| {
                let mut magic = [0u8; 2];
                f.read_exact(&mut magic).ok().map(|()| magic == *b"PK")
            })
            .unwrap_or(false);
    let mut documents: Vec<(String, String)> = Vec::new();
    if is_zip {
        let opened = std::fs::File::open(path)
            .map_err(|e| e.to_string())
            .and_then(|f| zip::ZipArchive::new(f).map_err(|e| e.to_string()));
        let mut archive = match opened {
            Ok(archive) => archive,
            Err(error) => {
                read.problems.push(format!("{name}: {error}"));
                return read;
            }
        };
        for index in 0..archive.len() {
            let Ok(mut entry) = archive.by_index(index) else {
                continue;
            };
            let Ok(entry_name) = entry.name().map(std::borrow::Cow::into_owned) else {
                continue;
            };
            if !entry_name.ends_with(".xmi") {
                continue;
            }
            let mut xml = String::new();
            match entry.read_to_string(&mut xml) {
                Ok(_) => documents.push((entry_name, xml)),
                Err(error) => read.problems.push(format!("{name}/{entry_name}: {error}")),
            }
        }
    } else {
        match std::fs::read_to_string(path) {
            Ok(xml) => documents.push((name.clone(), xml)),
            Err(error) => read.problems.push(format!("{name}: {error}")),
        }
    }
    for (entry, xml) in documents {
        let label = format!("{name}/{entry}");
        match read_cas(&xml, &label) {
            Ok(incoming) => read.documents.push(incoming),
            Err(problem) => read.problems.push(problem),
        }
    }
    read
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
    // From UTF-16 units back to code points.
    let mut code_point_at = std::collections::HashMap::new();
    let mut units = 0;
    for (index, c) in text.chars().enumerate() {
        code_point_at.insert(units, index);
        units += c.len_utf16();
    }
    code_point_at.insert(units, text.chars().count());
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
