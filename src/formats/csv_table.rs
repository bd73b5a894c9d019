//! CSV: one row per annotation, `document,layer,id,start,end,tag,text,note`, RFC 4180
//! quoting, offsets in code points. A text cell that a spreadsheet would run as a formula
//! is written with a leading `'` (spreadsheets hide it and read the cell as text); reading
//! takes it off again.

use std::borrow::Cow;

use super::outgoing::{Chosen, Progress};

pub const HEADER: [&str; 8] = [
    "document", "layer", "id", "start", "end", "tag", "text", "note",
];

pub fn write(chosen: &[Chosen<'_>], progress: &Progress) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail; a failed record would only be missing from the text.
    let _ = writer.write_record(HEADER);
    for item in chosen {
        progress.written(item);
        for a in &item.annotations {
            let _ = writer.write_record([
                spreadsheet_safe(&a.document.0).as_ref(),
                &spreadsheet_safe(&a.layer),
                &a.id.0.to_string(),
                &a.start.to_string(),
                &a.end.to_string(),
                &spreadsheet_safe(&a.tag),
                &spreadsheet_safe(super::outgoing::written_quote(item.document, a)),
                &spreadsheet_safe(&a.note),
            ]);
        }
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

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
pub fn read(path: &std::path::Path) -> super::import::Read {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(&bytes, &name),
        Err(error) => super::import::Read::failed(format!("{name}: {error}")),
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
            ..IncomingSpan::default()
        };
        let id = spreadsheet_safe_back(record.get(document).unwrap_or_default());
        read.add_to(id, &name, span);
    }
    read
}
