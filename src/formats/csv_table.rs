//! CSV: one row per annotation, `document,layer,id,start,end,tag,text,note`, RFC 4180
//! quoting, offsets in code points.

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
                a.document.0.as_str(),
                a.layer.as_str(),
                &a.id.0.to_string(),
                &a.start.to_string(),
                &a.end.to_string(),
                a.tag.as_str(),
                a.quote.as_str(),
                a.note.as_str(),
            ]);
        }
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Reads the CSV this module writes (`document,start,end,tag` required; `text` and `note`
/// used when present). CSV carries no document text, so documents must be in the project.
pub fn read(path: &std::path::Path) -> super::import::Read {
    use super::import::{IncomingSpan, Read};
    let mut read = Read::default();
    let name = path.display().to_string();
    let mut reader = match csv::Reader::from_path(path) {
        Ok(reader) => reader,
        Err(error) => {
            read.problems.push(format!("{name}: {error}"));
            return read;
        }
    };
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
    let (text, note) = (column("text"), column("note"));
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
            start: s,
            end: e,
            tag: record.get(tag).unwrap_or_default().to_owned(),
            note: note
                .and_then(|n| record.get(n))
                .unwrap_or_default()
                .to_owned(),
            quote: text.and_then(|t| record.get(t)).map(str::to_owned),
            at,
        };
        let id = record.get(document).unwrap_or_default().to_owned();
        read.add_to(id, &name, span);
    }
    read
}
