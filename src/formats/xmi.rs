//! UIMA CAS XMI for INCEpTION: a zip holding one `ID.xmi` per document and the
//! `TypeSystem.xml` they share (see `xmi_types`). Annotations are `webanno.custom.Span`
//! (INCEpTION's convention for a custom span layer) with `label` (the tag), `note` and a
//! feature per attribute; links are `webanno.custom.Relation` from `Governor` to
//! `Dependent`; each layer's document labels one `webanno.custom.DocumentLabels`.
//!
//! XMI offsets are UTF-16 code units: an emoji counts two.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use crate::model::{AttributeValue, Project, Text};

use super::outgoing::{Chosen, ExportError, Exported, Progress, file_names};

use super::xmi_types::Features;
pub use super::xmi_types::SPAN_TYPE;

pub(crate) use super::xml_text::attribute;

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

/// A value as an XMI feature: flags `true`/`false`, numbers as written, text escaped.
fn feature_value(value: &AttributeValue) -> String {
    match value {
        AttributeValue::Flag(on) => on.to_string(),
        AttributeValue::Number(n) => n.to_string(),
        AttributeValue::Text(text) => attribute(text),
    }
}

/// The XMI of one document.
/// `layers` are the layers the export writes: their labels of the document go with it.
pub fn document_xmi(project: &Project, chosen: &Chosen<'_>, layers: &[&str]) -> String {
    let features = Features::of(project.schema());
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
        let mut values = String::new();
        for (name, value) in &a.attributes {
            if let Some(feature) = features.attribute(name) {
                let _ = write!(values, " {feature}=\"{}\"", feature_value(value));
            }
        }
        let _ = writeln!(
            out,
            "  <custom:Span xmi:id=\"{id}\" sofa=\"1\" begin=\"{}\" end=\"{}\" label=\"{}\"{note}{values}/>",
            utf16[a.start],
            utf16[a.end],
            attribute(&a.tag)
        );
    }
    let mut next = chosen.annotations.len() + 3;
    let span_ids: std::collections::HashMap<_, usize> = chosen
        .annotations
        .iter()
        .enumerate()
        .map(|(index, a)| (a.id, index + 3))
        .collect();
    for a in &chosen.annotations {
        for r in project.relations().of(a.id) {
            let (Some(from), Some(to)) = (span_ids.get(&r.from), span_ids.get(&r.to)) else {
                continue;
            };
            if r.from != a.id {
                continue;
            }
            let dependent = project
                .annotation(r.to)
                .map_or((0, 0), |d| (d.start, d.end));
            let note = if r.note.is_empty() {
                String::new()
            } else {
                format!(" note=\"{}\"", attribute(&r.note))
            };
            members.push(next.to_string());
            // INCEpTION places a relation at its dependent.
            let _ = writeln!(
                out,
                "  <custom:Relation xmi:id=\"{next}\" sofa=\"1\" begin=\"{}\" end=\"{}\" Governor=\"{from}\" Dependent=\"{to}\" label=\"{}\"{note}/>",
                utf16[dependent.0],
                utf16[dependent.1],
                attribute(&r.kind)
            );
            next += 1;
        }
    }
    for &layer in layers {
        let mut values = String::new();
        for (name, value) in project.labels_of(&chosen.document.id, layer) {
            if let Some(feature) = features.label(name) {
                let _ = write!(values, " {feature}=\"{}\"", feature_value(value));
            }
        }
        if !values.is_empty() {
            members.push(next.to_string());
            let _ = writeln!(
                out,
                "  <custom:DocumentLabels xmi:id=\"{next}\" sofa=\"1\"{values}/>"
            );
            next += 1;
        }
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
    project: &Project,
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
    add(
        "TypeSystem.xml".to_owned(),
        &super::xmi_types::type_system(project.schema()),
    )?;
    let (names, renamed) = file_names(chosen);
    let layers = super::outgoing::layers_written(chosen);
    for (c, name) in chosen.iter().zip(names) {
        add(format!("{name}.xmi"), &document_xmi(project, c, &layers))?;
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
    // The type system names the attributes the features hold, and their kinds.
    let types = documents
        .iter()
        .position(|(entry, _)| entry.ends_with("TypeSystem.xml"))
        .map(|at| super::xmi_types::read_type_system(&documents.remove(at).1))
        .unwrap_or_default();
    for (entry, xml) in documents {
        let label = if entry == name {
            entry
        } else {
            format!("{name}/{entry}")
        };
        match read_cas(&xml, &label, &types, &mut read.schema) {
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
        if !entry_name.ends_with(".xmi") && !entry_name.ends_with("TypeSystem.xml") {
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

/// One CAS element's XML attributes, by local name.
type Found = std::collections::HashMap<String, String>;

/// One CAS: its sofa text, its labelled annotations with their features, the links
/// between them and the document's labels. What the features are comes from `types`,
/// and the kinds it gives join `schema`.
fn read_cas(
    xml: &str,
    label: &str,
    types: &super::xmi_types::Declared,
    schema: &mut crate::model::Schema,
) -> Result<super::import::Incoming, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut text = None;
    let mut raw = Vec::new();
    let mut links: Vec<Found> = Vec::new();
    let mut labels: Vec<Found> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("{label}: byte {}: {e}", reader.buffer_position()))?;
        let element = match &event {
            Event::Start(e) | Event::Empty(e) => e,
            Event::Eof => break,
            _ => continue,
        };
        let mut attributes = Found::new();
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
        } else if attributes.contains_key("Governor") {
            links.push(attributes);
        } else if local == "DocumentLabels" {
            labels.push(attributes);
        } else if let (Some(begin), Some(end), Some(_)) = (
            attributes.get("begin").map(|b| b.parse::<usize>().ok()),
            attributes.get("end").map(|e| e.parse::<usize>().ok()),
            attributes.get("label"),
        ) {
            raw.push((begin, end, attributes));
        }
    }
    let text = text.ok_or_else(|| format!("{label}: no cas:Sofa with a sofaString"))?;
    // From UTF-16 units back to code points, for the offsets the file uses only: one walk
    // over the text, holding as much as there are annotations, not a map per character.
    let wanted = raw.iter().flat_map(|r| [r.0, r.1]).flatten().collect();
    let code_point_at = code_points_at(&text, wanted);
    let spans = raw
        .into_iter()
        .map(|(begin, end, mut features)| {
            let id = features.remove("id").unwrap_or_default();
            let at = format!("{label}: annotation xmi:id {id}");
            let convert = |u: Option<usize>| u.and_then(|u| code_point_at.get(&u).copied());
            let tag = features.remove("label").unwrap_or_default();
            let note = features.remove("note").unwrap_or_default();
            let attributes = values(features, &types.attributes, Some(&tag), schema);
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
                key: id,
                attributes,
                ..super::import::IncomingSpan::default()
            }
        })
        .collect();
    let relations = links
        .into_iter()
        .map(|mut link| super::import::IncomingRelation {
            at: format!(
                "{label}: link xmi:id {}",
                link.get("id").map_or("", String::as_str)
            ),
            // INCEpTION lets a link go untyped; it comes in as "related".
            kind: link.remove("label").unwrap_or_else(|| "related".to_owned()),
            from: link.remove("Governor").unwrap_or_default(),
            to: link.remove("Dependent").unwrap_or_default(),
            note: link.remove("note").unwrap_or_default(),
        })
        .collect();
    let labels = labels
        .into_iter()
        .flat_map(|features| values(features, &types.labels, None, schema))
        .map(|(name, value)| super::import::IncomingLabel {
            layer: None,
            name,
            value,
            at: format!("{label}: document labels"),
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
        relations,
        labels,
    })
}

/// The code point at each UTF-16 offset in `wanted` (those inside a surrogate pair have
/// none): one walk over the text, holding as much as there are offsets, not a map per
/// character.
fn code_points_at(text: &str, mut wanted: Vec<usize>) -> std::collections::HashMap<usize, usize> {
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
    code_point_at
}

/// The attribute (or, with no tag, document label) values among an element's features:
/// those the type system declares, each under its attribute's name, read as its kind.
fn values(
    mut features: Found,
    declared: &std::collections::HashMap<String, (String, crate::model::AttributeKind)>,
    tag: Option<&str>,
    schema: &mut crate::model::Schema,
) -> std::collections::BTreeMap<String, AttributeValue> {
    use crate::model::{AttributeDef, AttributeKind};
    for bookkeeping in ["id", "sofa", "begin", "end"] {
        features.remove(bookkeeping);
    }
    let mut values = std::collections::BTreeMap::new();
    for (feature, raw) in features {
        // Without a type system, every other feature is taken as text.
        let (name, kind) = declared
            .get(&feature)
            .cloned()
            .unwrap_or((feature, AttributeKind::Text));
        let value = match kind.parse(&raw) {
            Ok(value) => value,
            Err(_) => AttributeValue::Text(raw),
        };
        // A flag that is not set is no value.
        if value == AttributeValue::Flag(false) {
            continue;
        }
        if kind != AttributeKind::Text {
            let definition = AttributeDef {
                name: name.clone(),
                kind,
                tags: tag.map(|t| vec![t.to_owned()]).unwrap_or_default(),
                default: None,
                description: String::new(),
            };
            let mut more = crate::model::Schema::default();
            if tag.is_some() {
                more.attributes.push(definition);
            } else {
                more.labels.push(definition);
            }
            schema.join(more);
        }
        values.insert(name, value);
    }
    values
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
}
