//! CSV: one row per annotation, `document,layer,id,start,end,tag,text,note`, RFC 4180
//! quoting, offsets in code points.

use super::export::Chosen;

pub const HEADER: [&str; 8] = [
    "document", "layer", "id", "start", "end", "tag", "text", "note",
];

pub fn write(chosen: &[Chosen<'_>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail; a failed record would only be missing from the text.
    let _ = writer.write_record(HEADER);
    for item in chosen {
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
