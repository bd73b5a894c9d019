//! CSV: one row per annotation, `document,layer,id,start,end,tag,text,note` and a column
//! per attribute of the schema, RFC 4180 quoting, offsets in code points. Into a folder,
//! `annotations.csv` beside `relations.csv` (`document,layer,id,type,from,to,note`, the
//! ends by annotation id) and `documents.csv` (`document,layer` and a column per document
//! label). A text cell that a spreadsheet would run as a formula is written with a leading
//! `'` (spreadsheets hide it and read the cell as text); reading takes it off again.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

use crate::model::{AttributeDef, AttributeValue, Project};

use super::outgoing::{Chosen, ExportError, Exported, Progress};

pub const HEADER: [&str; 8] = [
    "document", "layer", "id", "start", "end", "tag", "text", "note",
];

/// The column of the page an annotation starts on, after the attributes: written where
/// a chosen document has pages (a PDF's), ignored when read (it follows from the start).
pub const PAGE: &str = "page";

/// The column of each definition: its name, or `attribute_NAME` where a fixed column has it.
fn columns(defs: &[AttributeDef], fixed: &[&str]) -> Vec<String> {
    defs.iter()
        .map(|d| {
            if fixed.contains(&d.name.as_str()) {
                format!("attribute_{}", d.name)
            } else {
                d.name.clone()
            }
        })
        .collect()
}

/// A value as a cell: a set flag `yes`, an unset one `no`, numbers and text as written.
fn cell(value: Option<&AttributeValue>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}

fn table(rows: impl FnOnce(&mut csv::Writer<Vec<u8>>)) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail; a failed record would only be missing from the text.
    rows(&mut writer);
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The annotations table.
pub fn write(project: &Project, chosen: &[Chosen<'_>], progress: &Progress) -> String {
    let attributes = &project.schema().attributes;
    table(|writer| {
        let mut header: Vec<String> = HEADER.map(str::to_owned).to_vec();
        let fixed: Vec<&str> = HEADER.iter().copied().chain([PAGE]).collect();
        header.extend(columns(attributes, &fixed));
        let paged = chosen.iter().any(|c| !c.document.page_starts.is_empty());
        if paged {
            header.push(PAGE.to_owned());
        }
        let _ = writer.write_record(&header);
        for item in chosen {
            progress.written(item);
            for a in &item.annotations {
                let mut row = vec![
                    spreadsheet_safe(&a.document.0).into_owned(),
                    spreadsheet_safe(&a.layer).into_owned(),
                    a.id.0.to_string(),
                    a.start.to_string(),
                    a.end.to_string(),
                    spreadsheet_safe(&a.tag).into_owned(),
                    spreadsheet_safe(super::outgoing::written_quote(item.document, a)).into_owned(),
                    spreadsheet_safe(&a.note).into_owned(),
                ];
                row.extend(
                    attributes
                        .iter()
                        .map(|d| spreadsheet_safe(&cell(a.attributes.get(&d.name))).into_owned()),
                );
                if paged {
                    let page = item.document.page_at(a.start);
                    row.push(page.map(|p| p.to_string()).unwrap_or_default());
                }
                let _ = writer.write_record(&row);
            }
        }
    })
}

/// The header of `relations.csv`.
pub const RELATIONS_HEADER: [&str; 7] = ["document", "layer", "id", "type", "from", "to", "note"];

/// `relations.csv`: the links between the annotations written.
pub fn relations(project: &Project, chosen: &[Chosen<'_>]) -> String {
    let ids: HashSet<_> = chosen
        .iter()
        .flat_map(|c| c.annotations.iter().map(|a| a.id))
        .collect();
    table(|writer| {
        let _ = writer.write_record(RELATIONS_HEADER);
        for item in chosen {
            for a in &item.annotations {
                for r in project.relations().of(a.id) {
                    if r.from != a.id || !ids.contains(&r.to) {
                        continue;
                    }
                    let _ = writer.write_record([
                        spreadsheet_safe(&a.document.0).as_ref(),
                        &spreadsheet_safe(&a.layer),
                        &r.id.0.to_string(),
                        &spreadsheet_safe(&r.kind),
                        &r.from.0.to_string(),
                        &r.to.0.to_string(),
                        &spreadsheet_safe(&r.note),
                    ]);
                }
            }
        }
    })
}

/// `documents.csv`: per document and layer written, its labels.
pub fn documents(project: &Project, chosen: &[Chosen<'_>]) -> String {
    let labels = &project.schema().labels;
    let written = super::outgoing::layers_written(chosen);
    table(|writer| {
        let mut header = vec!["document".to_owned(), "layer".to_owned()];
        header.extend(columns(labels, &["document", "layer"]));
        let _ = writer.write_record(&header);
        for item in chosen {
            for &layer in &written {
                let given: Vec<_> = project.labels_of(&item.document.id, layer).collect();
                if given.is_empty() {
                    continue;
                }
                let mut row = vec![
                    spreadsheet_safe(&item.document.id.0).into_owned(),
                    spreadsheet_safe(layer).into_owned(),
                ];
                row.extend(labels.iter().map(|d| {
                    let value = given.iter().find(|(n, _)| *n == d.name).map(|(_, v)| *v);
                    spreadsheet_safe(&cell(value)).into_owned()
                }));
                let _ = writer.write_record(&row);
            }
        }
    })
}

/// Writes the three tables into `folder`.
pub fn write_folder(
    project: &Project,
    chosen: &[Chosen<'_>],
    folder: &Path,
    progress: &Progress,
) -> Result<Exported, ExportError> {
    std::fs::create_dir_all(folder).map_err(|source| ExportError::Io {
        path: folder.to_owned(),
        source,
    })?;
    let write = super::outgoing::write;
    write(
        &folder.join(ANNOTATIONS),
        &self::write(project, chosen, progress),
    )?;
    write(&folder.join(RELATIONS), &relations(project, chosen))?;
    write(&folder.join(DOCUMENTS), &documents(project, chosen))?;
    Ok(Exported::default())
}

/// The file names of the tables in a folder.
pub const ANNOTATIONS: &str = "annotations.csv";
pub const RELATIONS: &str = "relations.csv";
pub const DOCUMENTS: &str = "documents.csv";

/// A text cell as written: a leading `'` where a spreadsheet would take the cell for a
/// formula (`=`, `+`, `-`, `@`, a tab or a carriage return first), and where it already
/// starts with `'`, so that reading back takes off exactly one.
fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A text cell as read: the `'` that `spreadsheet_safe` put in front taken off.
fn spreadsheet_safe_back(cell: &str) -> String {
    cell.strip_prefix('\'').unwrap_or(cell).to_owned()
}

/// Reads the CSV this module writes (`document,start,end,tag` required; `text` and `note`
/// used when present). CSV carries no document text, so documents must be in the project.
/// A folder (or `annotations.csv` in one) is read with the `relations.csv` and
/// `documents.csv` beside it; those two alone are read with their annotations, not apart.
pub fn read(path: &std::path::Path) -> super::import::Read {
    let path = if path.is_dir() {
        path.join(ANNOTATIONS)
    } else {
        path.to_owned()
    };
    let folder = path.parent().unwrap_or(Path::new(""));
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if [RELATIONS, DOCUMENTS].contains(&file_name) && folder.join(ANNOTATIONS).is_file() {
        return super::import::Read::default();
    }
    let name = path.display().to_string();
    let mut read = match std::fs::read(&path) {
        Ok(bytes) => read_bytes(&bytes, &name),
        Err(error) => return super::import::Read::failed(format!("{name}: {error}")),
    };
    if file_name == ANNOTATIONS {
        for (table, reader) in [
            (
                RELATIONS,
                read_relations as fn(&mut super::import::Read, &str, &str),
            ),
            (DOCUMENTS, read_documents),
        ] {
            let path = folder.join(table);
            if let Ok(bytes) = std::fs::read(&path) {
                let name = path.display().to_string();
                match super::file_text::text_of(&bytes, &name) {
                    Ok(text) => reader(&mut read, text, &name),
                    Err(problem) => read.problems.push(problem),
                }
            }
        }
    }
    read
}

/// The rows of `relations.csv` as links of their documents.
fn read_relations(read: &mut super::import::Read, text: &str, name: &str) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                read.problems.push(format!("{name}: {error}"));
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let field = |i: usize| spreadsheet_safe_back(record.get(i).unwrap_or_default());
        let document = field(0);
        let link = super::import::IncomingRelation {
            kind: field(3),
            from: field(4),
            to: field(5),
            note: field(6),
            at: format!("{name}:{line}"),
        };
        read.text_less(document, name).relations.push(link);
    }
}

/// The rows of `documents.csv` as document labels, a column each.
fn read_documents(read: &mut super::import::Read, text: &str, name: &str) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().cloned().unwrap_or_default();
    for record in reader.records() {
        let Ok(record) = record else { continue };
        let line = record.position().map_or(0, csv::Position::line);
        let document = spreadsheet_safe_back(record.get(0).unwrap_or_default());
        let layer = spreadsheet_safe_back(record.get(1).unwrap_or_default());
        let mut labels = Vec::new();
        for (column, value) in headers.iter().zip(record.iter()).skip(2) {
            if value.is_empty() {
                continue;
            }
            labels.push(super::import::IncomingLabel {
                layer: (!layer.trim().is_empty()).then(|| layer.clone()),
                name: column
                    .strip_prefix("attribute_")
                    .unwrap_or(column)
                    .to_owned(),
                value: AttributeValue::Text(spreadsheet_safe_back(value)),
                at: format!("{name}:{line}"),
            });
        }
        read.text_less(document, name).labels.extend(labels);
    }
}

/// Reads the CSV from the bytes of a file called `name`.
pub fn read_bytes(bytes: &[u8], name: &str) -> super::import::Read {
    use super::import::{IncomingSpan, Read};
    let mut read = Read::default();
    let name = name.to_owned();
    let text = match super::file_text::text_of(bytes, &name) {
        Ok(text) => text,
        Err(problem) => return Read::failed(problem),
    };
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(error) => {
            read.problems.push(format!("{name}: {error}"));
            return read;
        }
    };
    let column = |wanted: &str| headers.iter().position(|h| h == wanted);
    let (Some(document), Some(start), Some(end), Some(tag)) = (
        column("document"),
        column("start"),
        column("end"),
        column("tag"),
    ) else {
        read.problems.push(format!(
            "{name}:1: the header needs document, start, end and tag columns"
        ));
        return read;
    };
    let (text, note, layer) = (column("text"), column("note"), column("layer"));
    let id_column = column("id");
    // Every column past the fixed ones holds an attribute's values.
    let attributes: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !HEADER.contains(h) && *h != PAGE)
        .map(|(i, h)| (i, h.strip_prefix("attribute_").unwrap_or(h).to_owned()))
        .collect();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                read.problems.push(format!("{name}: {error}"));
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let at = format!("{name}:{line}");
        let (Some(s), Some(e)) = (
            record.get(start).and_then(|v| v.parse().ok()),
            record.get(end).and_then(|v| v.parse().ok()),
        ) else {
            read.problems
                .push(format!("{at}: start and end must be whole numbers"));
            continue;
        };
        let span = IncomingSpan {
            layer: layer
                .and_then(|l| record.get(l))
                .filter(|l| !l.trim().is_empty())
                .map(spreadsheet_safe_back),
            start: s,
            end: e,
            tag: spreadsheet_safe_back(record.get(tag).unwrap_or_default()),
            note: spreadsheet_safe_back(note.and_then(|n| record.get(n)).unwrap_or_default()),
            quote: text.and_then(|t| record.get(t)).map(spreadsheet_safe_back),
            at,
            key: id_column
                .and_then(|i| record.get(i))
                .unwrap_or_default()
                .to_owned(),
            attributes: attributes
                .iter()
                .filter_map(|(i, name)| {
                    let value = record.get(*i).filter(|v| !v.is_empty())?;
                    Some((
                        name.clone(),
                        AttributeValue::Text(spreadsheet_safe_back(value)),
                    ))
                })
                .collect(),
            ..IncomingSpan::default()
        };
        let id = spreadsheet_safe_back(record.get(document).unwrap_or_default());
        read.add_to(id, &name, span);
    }
    read
}
