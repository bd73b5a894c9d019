//! brat standoff: per document `ID.txt` and `ID.ann`, plus `annotation.conf` and
//! `visual.conf` from the tag set and schema. Relations are written as `R` lines,
//! flags and choices as `A` lines, other attribute values as typed notes, the pieces of a
//! discontinuous annotation as its fragments.
//!
//! brat (and Python) read the `.txt` with universal newlines, so a CRLF is one character in
//! brat's offsets; the `.txt` keeps the original bytes and the offsets are counted as brat
//! reads it. A span that crosses a line break becomes fragments that stop at the break,
//! since brat drops a single span containing a newline.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::model::{Annotation, AttributeKind, AttributeValue, Project, Text};

use super::import::{Incoming, IncomingSpan, Read};
use super::outgoing::{Chosen, ExportError, Exported, Progress, file_names, write as write_file};

/// Code point offsets as brat counts them: every CRLF before an offset counts once.
struct BratOffsets {
    /// Code point index of the `\n` of each CRLF, in order.
    crlf_ends: Vec<usize>,
    /// Where each CRLF stands in brat's count (at its `\r`), in order.
    crlf_in_brat: Vec<usize>,
}

impl BratOffsets {
    fn new(text: &Text) -> Self {
        let mut crlf_ends = Vec::new();
        let mut previous = '\0';
        for (i, c) in text.as_str().chars().enumerate() {
            if c == '\n' && previous == '\r' {
                crlf_ends.push(i);
            }
            previous = c;
        }
        // The k-th CRLF stands at brat offset crlf_ends[k] - 1 - k.
        let crlf_in_brat = crlf_ends
            .iter()
            .enumerate()
            .map(|(k, &end)| end - 1 - k)
            .collect();
        Self {
            crlf_ends,
            crlf_in_brat,
        }
    }

    fn of(&self, offset: usize) -> usize {
        offset - self.crlf_ends.partition_point(|&end| end < offset)
    }

    /// The inverse: a brat offset back to a code point of the text as stored, by binary
    /// search; `None` for an offset so large it has no place (a broken or hostile file).
    fn ours(&self, brat: usize) -> Option<usize> {
        let before = self.crlf_in_brat.partition_point(|&at| at < brat);
        brat.checked_add(before)
    }
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{85}'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
    )
}

/// The pieces of an annotation (each of its fragments) cut at line breaks, as (start,
/// end) code points: brat's fragments never hold a line break.
fn fragments(text: &Text, annotation: &Annotation) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    for (from, to) in annotation.pieces() {
        let mut start = None;
        for (i, c) in text.slice(from, to).chars().enumerate() {
            let at = from + i;
            match (is_line_break(c), start) {
                (true, Some(s)) => {
                    pieces.push((s, at));
                    start = None;
                }
                (false, None) => start = Some(at),
                _ => {}
            }
        }
        if let Some(s) = start {
            pieces.push((s, to));
        }
    }
    pieces
}

/// A note on one line, as brat's `#` lines need: tabs and line breaks become spaces.
fn one_line(note: &str) -> String {
    note.chars()
        .map(|c| {
            if c == '\t' || is_line_break(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The `.ann` text of one document and how many notes had to be flattened: `T` lines (with
/// their fragments), their `AnnotatorNotes`, `A` lines for flags and choices, typed notes
/// (`#N\tvalue T3\t2025-07`) for free text, numbers and dates, which brat's attributes
/// cannot hold, and `R` lines for the relations between the annotations written.
pub fn ann(project: &Project, text: &Text, annotations: &[&Annotation]) -> (String, usize) {
    let offsets = BratOffsets::new(text);
    let mut out = String::new();
    let mut lines = Lines::default();
    let mut numbers = HashMap::with_capacity(annotations.len());
    for (index, annotation) in annotations.iter().enumerate() {
        let t = index + 1;
        numbers.insert(annotation.id, t);
        let pieces = fragments(text, annotation);
        let spans: Vec<String> = pieces
            .iter()
            .map(|&(s, e)| format!("{} {}", offsets.of(s), offsets.of(e)))
            .collect();
        let covered: Vec<&str> = pieces.iter().map(|&(s, e)| text.slice(s, e)).collect();
        let _ = writeln!(
            out,
            "T{t}\t{} {}\t{}",
            annotation.tag,
            spans.join(";"),
            covered.join(" ")
        );
        lines.note(
            &mut out,
            "AnnotatorNotes",
            &format!("T{t}"),
            &annotation.note,
        );
        lines.attributes(&mut out, project, annotation, t);
    }
    for relation in project.relations().all() {
        let (Some(from), Some(to)) = (numbers.get(&relation.from), numbers.get(&relation.to))
        else {
            continue;
        };
        lines.relations += 1;
        let r = lines.relations;
        let _ = writeln!(out, "R{r}\t{} Arg1:T{from} Arg2:T{to}", relation.kind);
        lines.note(&mut out, "AnnotatorNotes", &format!("R{r}"), &relation.note);
    }
    (out, lines.flattened)
}

/// The numbers given out so far in one `.ann`, by line kind.
#[derive(Default)]
struct Lines {
    notes: usize,
    attributes: usize,
    relations: usize,
    flattened: usize,
}

impl Lines {
    /// A `#` line of `kind` on `target`, when `note` is not empty (flattened to one line).
    fn note(&mut self, out: &mut String, kind: &str, target: &str, note: &str) {
        if note.is_empty() {
            return;
        }
        self.notes += 1;
        let flat = one_line(note);
        if flat != note {
            self.flattened += 1;
        }
        let _ = writeln!(out, "#{}\t{kind} {target}\t{flat}", self.notes);
    }

    /// The annotation's attribute values: set flags and one-word choices as `A` lines,
    /// everything else as a note typed with the attribute's name.
    fn attributes(
        &mut self,
        out: &mut String,
        project: &Project,
        annotation: &Annotation,
        t: usize,
    ) {
        for (name, value) in &annotation.attributes {
            let kind = project.schema().attribute(name).map(|a| &a.kind);
            match (kind, value) {
                (Some(AttributeKind::Flag), AttributeValue::Flag(true)) => {
                    self.attributes += 1;
                    let _ = writeln!(out, "A{}\t{name} T{t}", self.attributes);
                }
                (Some(AttributeKind::Flag), AttributeValue::Flag(false)) => {}
                (Some(AttributeKind::OneOf(_)), AttributeValue::Text(choice))
                    if !choice.is_empty() && !choice.chars().any(char::is_whitespace) =>
                {
                    self.attributes += 1;
                    let _ = writeln!(out, "A{}\t{name} T{t} {choice}", self.attributes);
                }
                (_, value) => self.note(out, name, &format!("T{t}"), &value.to_string()),
            }
        }
    }
}

pub fn write(
    project: &Project,
    chosen: &[Chosen<'_>],
    folder: &Path,
    progress: &Progress,
) -> Result<Exported, ExportError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ExportError::Io { path, source }
    };
    std::fs::create_dir_all(folder).map_err(io(folder))?;
    let mut flattened = 0;
    let mut whitespace_only = 0;
    let (stems, renamed) = file_names(chosen);
    for (item, stem) in chosen.iter().zip(&stems) {
        let text = item.document.text();
        // brat cannot hold a span of nothing but line breaks; there is nothing to show.
        let kept: Vec<&Annotation> = item
            .annotations
            .iter()
            .copied()
            .filter(|a| !fragments(text, a).is_empty())
            .collect();
        whitespace_only += item.annotations.len() - kept.len();
        let (ann_text, notes) = ann(project, text, &kept);
        flattened += notes;
        write_file(&folder.join(format!("{stem}.txt")), text.as_str())?;
        write_file(&folder.join(format!("{stem}.ann")), &ann_text)?;
        progress.written(item);
    }
    let tags = &project.tags().tags;
    // The schema as brat declares it; what it cannot declare was written as typed notes.
    let (conf, _) = super::annotation_conf::write(project);
    write_file(&folder.join("annotation.conf"), &conf)?;
    let mut visual = String::from("[labels]\n");
    for tag in tags {
        let _ = writeln!(visual, "{} | {}", tag.name, tag.name);
    }
    visual.push_str("\n[drawing]\n");
    for tag in tags {
        let _ = writeln!(visual, "{}\tbgColor:{}", tag.name, tag.colour);
    }
    write_file(&folder.join("visual.conf"), &visual)?;
    let mut warnings: Vec<String> = renamed.into_iter().collect();
    if flattened > 0 {
        warnings.push(format!(
            "{flattened} notes had tabs or line breaks, written as spaces: brat notes are one line"
        ));
    }
    if whitespace_only > 0 {
        warnings.push(format!(
            "{whitespace_only} annotations cover only line breaks and were left out: brat cannot show them"
        ));
    }
    Ok(Exported {
        warnings,
        ..Exported::default()
    })
}

/// Reads a brat collection: each `.txt` under `folder` with its `.ann`. Spans become
/// annotations (fragments joined into one span, and a join over more than line breaks
/// reported: the importer does not make discontinuous annotations yet), `AnnotatorNotes`
/// become notes, and lines of kinds the importer does not carry yet (relations, events,
/// attributes, equivalences, normalisations) are reported by kind with their first line.
pub fn read(folder: &Path) -> Read {
    let mut read = Read::default();
    let is_text = |p: &Path| p.extension().is_some_and(|e| e == "txt");
    let texts = match super::import::files_in(folder, &is_text) {
        Ok(texts) => texts,
        Err(error) => {
            read.problems.push(format!("{}: {error}", folder.display()));
            return read;
        }
    };
    for txt in texts {
        let ann_path = txt.with_extension("ann");
        let (text, ann) = match (std::fs::read(&txt), std::fs::read(&ann_path)) {
            (Ok(text), Ok(ann)) => (text, ann),
            (Err(error), _) => {
                read.problems.push(format!("{}: {error}", txt.display()));
                continue;
            }
            (_, Err(error)) => {
                read.problems
                    .push(format!("{}: {error}", ann_path.display()));
                continue;
            }
        };
        let id = txt
            .strip_prefix(folder)
            .unwrap_or(&txt)
            .with_extension("")
            .to_string_lossy()
            .replace(['/', '\\'], "_");
        let source = txt
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let names = (txt.display().to_string(), ann_path.display().to_string());
        read_document(&mut read, id, source, (text, ann), &names);
    }
    read
}

/// One brat document from the bytes of its `.txt` and `.ann` (named by `names`, for
/// messages), added to `read`. The text is kept as brat counts it, a BOM included.
pub fn read_document(
    read: &mut Read,
    id: String,
    source: String,
    (text, ann): (Vec<u8>, Vec<u8>),
    (txt_name, ann_name): &(String, String),
) {
    let text = match String::from_utf8(text) {
        Ok(text) => text,
        Err(error) => {
            let problem = super::file_text::text_of(error.as_bytes(), txt_name).err();
            read.problems.extend(problem);
            return;
        }
    };
    let ann = match super::file_text::text_of(&ann, ann_name) {
        Ok(ann) => ann,
        Err(problem) => {
            read.problems.push(problem);
            return;
        }
    };
    let document = Text::new(text);
    let (spans, problems) = read_ann(&document, ann, ann_name);
    read.problems.extend(problems);
    let text = document.as_str().to_owned();
    read.documents.push(Incoming {
        title: super::plain_text::title_of(&text).unwrap_or_else(|| id.clone()),
        source,
        id,
        text: Some(text),
        spans,
    });
}

/// A note line's text, after the span's earlier notes.
fn add_note(span: &mut IncomingSpan, note: &str) {
    if !span.note.is_empty() {
        span.note.push('\n');
    }
    span.note.push_str(note);
}

/// The spans of one `.ann`, and what could not be taken.
fn read_ann(text: &Text, ann: &str, name: &str) -> (Vec<IncomingSpan>, Vec<String>) {
    let offsets = BratOffsets::new(text);
    let mut spans: Vec<(String, IncomingSpan)> = Vec::new();
    // Where each T id's span is, so that notes find it without a scan (500k notes were
    // quadratic). A repeated id names its first span.
    let mut span_at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut problems = Vec::new();
    let mut other_kinds: std::collections::BTreeMap<char, (usize, usize)> =
        std::collections::BTreeMap::new();
    for (number, line) in ann.lines().enumerate() {
        let at = format!("{name}:{}", number + 1);
        let fields: Vec<&str> = line.split('\t').collect();
        match line.chars().next() {
            None => {}
            Some('T') => {
                let parsed =
                    fields
                        .get(1)
                        .and_then(|f| f.split_once(' '))
                        .and_then(|(tag, ranges)| {
                            let pieces: Option<Vec<(usize, usize)>> = ranges
                                .split(';')
                                .map(|r| {
                                    let (s, e) = r.trim().split_once(' ')?;
                                    Some((
                                        offsets.ours(s.parse().ok()?)?,
                                        offsets.ours(e.parse().ok()?)?,
                                    ))
                                })
                                .collect();
                            Some((tag, pieces?))
                        });
                let Some((tag, pieces)) = parsed.filter(|(_, p)| !p.is_empty()) else {
                    problems.push(format!("{at}: not a text-bound annotation: {line:?}"));
                    continue;
                };
                let start = pieces.iter().map(|p| p.0).min().unwrap_or(0);
                let end = pieces.iter().map(|p| p.1).max().unwrap_or(0);
                if end > text.char_len() || pieces.iter().any(|&(s, e)| s >= e) {
                    problems.push(format!(
                        "{at}: {} has offsets outside the text ({} characters as brat counts them) or empty",
                        fields[0],
                        offsets.of(text.char_len())
                    ));
                    continue;
                }
                let stated: Vec<&str> = pieces.iter().map(|&(s, e)| text.slice(s, e)).collect();
                if fields.get(2).is_some_and(|t| *t != stated.join(" ")) {
                    problems.push(format!(
                        "{at}: {} says it covers {:?}, but the text there is {:?}",
                        fields[0],
                        fields[2],
                        stated.join(" ")
                    ));
                    continue;
                }
                let gaps_only_breaks = pieces
                    .windows(2)
                    .all(|w| text.slice(w[0].1, w[1].0).chars().all(char::is_whitespace));
                if !gaps_only_breaks {
                    problems.push(format!(
                        "{at}: {} is discontinuous; imported as one span from its first to its last fragment",
                        fields[0]
                    ));
                }
                span_at.entry(fields[0].to_owned()).or_insert(spans.len());
                spans.push((
                    fields[0].to_owned(),
                    IncomingSpan {
                        layer: None,
                        start,
                        end,
                        tag: tag.to_owned(),
                        note: String::new(),
                        quote: None,
                        at,
                    },
                ));
            }
            Some('#') => {
                let noted = fields
                    .get(1)
                    .and_then(|f| f.strip_prefix("AnnotatorNotes "))
                    .and_then(|t| span_at.get(t.trim()))
                    .zip(fields.get(2));
                match noted {
                    Some((&index, note)) => add_note(&mut spans[index].1, note),
                    None => problems.push(format!(
                        "{at}: a note for no text-bound annotation: {line:?}"
                    )),
                }
            }
            Some(kind) => {
                let entry = other_kinds.entry(kind).or_insert((number + 1, 0));
                entry.1 += 1;
            }
        }
    }
    for (kind, (first, count)) in other_kinds {
        let what = match kind {
            'R' => "relation",
            'E' => "event",
            'A' | 'M' => "attribute",
            '*' => "equivalence",
            'N' => "normalisation",
            _ => "unknown",
        };
        problems.push(format!(
            "{name}:{first}: {count} {what} line(s) ({kind}…) not imported: Annotary does not hold {what}s yet"
        ));
    }
    (spans.into_iter().map(|(_, span)| span).collect(), problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotationId, DocumentId};

    fn annotation(start: usize, end: usize, text: &Text) -> Annotation {
        Annotation {
            id: AnnotationId(1),
            document: DocumentId("d".into()),
            layer: "AK".into(),
            start,
            end,
            tag: "claim".into(),
            quote: text.slice(start, end).to_owned(),
            note: "two\nlines\tand a tab".into(),
            created: jiff::Timestamp::UNIX_EPOCH,
            modified: jiff::Timestamp::UNIX_EPOCH,
            fragments: Vec::new(),
            attributes: Default::default(),
        }
    }

    #[test]
    fn crlf_counts_once_and_spans_break_at_lines() {
        // "Kabul\r\n“Moscow” 😀\r\nends" : the claim runs from Kabul to ends.
        let text = Text::new("Kabul\r\n“Moscow” 😀\r\nends");
        let whole = annotation(0, text.char_len(), &text);
        let (ann, flattened) = ann(&crate::model::Project::default(), &text, &[&whole]);
        // Universal newlines: "Kabul\n“Moscow” 😀\nends"; fragments stop at each break.
        assert_eq!(
            ann,
            "T1\tclaim 0 5;6 16;17 21\tKabul “Moscow” 😀 ends\n#1\tAnnotatorNotes T1\ttwo lines and a tab\n"
        );
        assert_eq!(flattened, 1);
        let as_brat_reads = "Kabul\n“Moscow” 😀\nends";
        let chars: Vec<char> = as_brat_reads.chars().collect();
        assert_eq!(chars[6..16].iter().collect::<String>(), "“Moscow” 😀");
        assert_eq!(chars[17..21].iter().collect::<String>(), "ends");
    }
}
