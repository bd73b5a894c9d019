//! brat standoff: per document `ID.txt` and `ID.ann`, plus `annotation.conf` and
//! `visual.conf` from the tag set and schema. Events are written as `E` lines with their
//! triggers, relations as `R` lines (`*` for groups of equals), flags and choices as `A`
//! lines, references as `N` lines, other attribute values as typed notes, the pieces of a
//! discontinuous annotation as its fragments. Reading is in `brat_read`.
//!
//! brat (and Python) read the `.txt` with universal newlines, so a CRLF is one character in
//! brat's offsets; the `.txt` keeps the original bytes and the offsets are counted as brat
//! reads it. A span that crosses a line break becomes fragments that stop at the break,
//! since brat drops a single span containing a newline.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::model::{Annotation, AnnotationId, AttributeKind, AttributeValue, Project, Text};

use super::brat_offsets::{BratOffsets, is_line_break};
pub use super::brat_read::{read, read_document};
use super::outgoing::{Chosen, ExportError, Exported, Progress, file_names, write as write_file};

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

/// Where a trigger is: its tag and pieces.
type Place<'a> = (&'a str, Vec<(usize, usize)>);

/// The `.ann` text of one document and how many notes had to be flattened: `T` lines (with
/// their fragments); for each event annotation its trigger (one `T` for events at the same
/// place) and an `E` line with its roles, the links from it; `R` lines for the other links
/// and `*` lines for groups of equals; `A` lines for flags and choices, `N` lines for
/// references, typed notes (`#N\tvalue T3\t2025-07`) for free text, numbers and dates, which
/// brat's attributes cannot hold; and the `AnnotatorNotes`.
/// Also returns how many notes were flattened and how many notes on event roles and
/// equivalences were left out (brat has no place for them).
pub fn ann(project: &Project, text: &Text, annotations: &[&Annotation]) -> (String, usize, usize) {
    let schema = project.schema();
    let offsets = BratOffsets::new(text);
    let mut out = String::new();
    let mut lines = Lines::default();
    let mut ids: HashMap<AnnotationId, String> = HashMap::with_capacity(annotations.len());
    // Events at the same pieces with the same tag share their trigger.
    let mut triggers: HashMap<Place<'_>, usize> = HashMap::new();
    let mut events = Vec::new();
    let mut t = 0;
    let mut text_bound = |out: &mut String, tag: &str, pieces: &[(usize, usize)]| {
        t += 1;
        let spans: Vec<String> = pieces
            .iter()
            .map(|&(s, e)| format!("{} {}", offsets.of(s), offsets.of(e)))
            .collect();
        let covered: Vec<&str> = pieces.iter().map(|&(s, e)| text.slice(s, e)).collect();
        let _ = writeln!(
            out,
            "T{t}\t{tag} {}\t{}",
            spans.join(";"),
            covered.join(" ")
        );
        t
    };
    for annotation in annotations {
        let pieces = fragments(text, annotation);
        if schema.is_event(&annotation.tag) {
            let key = (annotation.tag.as_str(), pieces);
            let trigger = match triggers.get(&key) {
                Some(&trigger) => trigger,
                None => {
                    let trigger = text_bound(&mut out, &annotation.tag, &key.1);
                    triggers.insert(key, trigger);
                    trigger
                }
            };
            events.push((annotation, trigger));
            ids.insert(annotation.id, format!("E{}", events.len()));
        } else {
            let number = text_bound(&mut out, &annotation.tag, &pieces);
            ids.insert(annotation.id, format!("T{number}"));
        }
    }
    let is_equivalence = |kind: &str| schema.relation_type(kind).is_some_and(|r| r.transitive);
    let mut roles = std::collections::HashSet::new();
    for (number, (event, trigger)) in events.iter().enumerate() {
        let _ = write!(out, "E{}\t{}:T{trigger}", number + 1, event.tag);
        for relation in project.relations().of(event.id) {
            if relation.from != event.id || is_equivalence(&relation.kind) {
                continue;
            }
            if let Some(target) = ids.get(&relation.to) {
                let _ = write!(out, " {}:{target}", relation.kind);
                roles.insert(relation.id);
                lines.unheld += usize::from(!relation.note.is_empty());
            }
        }
        out.push('\n');
    }
    for annotation in annotations {
        let id = &ids[&annotation.id];
        lines.attributes(&mut out, project, annotation, id);
        lines.note(&mut out, "AnnotatorNotes", id, &annotation.note);
    }
    let mut equals: Vec<(&str, &str, &str)> = Vec::new();
    // The links of this document's annotations only, in id order: a scan of every link
    // per document would make a corpus export quadratic.
    let mut links: Vec<&crate::model::Relation> = annotations
        .iter()
        .flat_map(|a| project.relations().of(a.id))
        .filter(|r| ids.contains_key(&r.from))
        .collect();
    links.sort_by_key(|r| r.id);
    links.dedup_by_key(|r| r.id);
    for relation in links {
        let (Some(from), Some(to)) = (ids.get(&relation.from), ids.get(&relation.to)) else {
            continue;
        };
        if roles.contains(&relation.id) {
            continue;
        }
        if is_equivalence(&relation.kind) {
            lines.unheld += usize::from(!relation.note.is_empty());
            equals.push((&relation.kind, from, to));
            continue;
        }
        lines.relations += 1;
        let r = lines.relations;
        let _ = writeln!(out, "R{r}\t{} Arg1:{from} Arg2:{to}", relation.kind);
        lines.note(&mut out, "AnnotatorNotes", &format!("R{r}"), &relation.note);
    }
    for (kind, members) in groups_of_equals(&equals) {
        let _ = writeln!(out, "*\t{kind} {}", members.join(" "));
    }
    (out, lines.flattened, lines.unheld)
}

/// The groups that links of transitive types make, per type in name order, each group's
/// members in id order (`T2 T5 E1`).
fn groups_of_equals<'a>(links: &[(&'a str, &'a str, &'a str)]) -> Vec<(&'a str, Vec<&'a str>)> {
    let mut by_kind: std::collections::BTreeMap<&str, Vec<(&str, &str)>> = Default::default();
    for &(kind, from, to) in links {
        by_kind.entry(kind).or_default().push((from, to));
    }
    let mut groups = Vec::new();
    for (kind, links) in by_kind {
        // Union-find over the members' ids.
        let mut parent: HashMap<&str, &str> = HashMap::new();
        fn root<'a>(parent: &mut HashMap<&'a str, &'a str>, id: &'a str) -> &'a str {
            let mut at = id;
            while let Some(&up) = parent.get(at).filter(|&&up| up != at) {
                at = up;
            }
            parent.insert(id, at);
            at
        }
        for (from, to) in links {
            let (a, b) = (root(&mut parent, from), root(&mut parent, to));
            parent.insert(a, a);
            parent.insert(b, a);
        }
        let ids: Vec<&str> = parent.keys().copied().collect();
        let mut members: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for id in ids {
            let top = root(&mut parent, id);
            members.entry(top).or_default().push(id);
        }
        let mut found: Vec<Vec<&str>> = members.into_values().collect();
        let order = |id: &str| (id.chars().next(), id[1..].parse::<usize>().unwrap_or(0));
        for group in &mut found {
            group.sort_by_key(|id| order(id));
        }
        found.sort_by_key(|g| order(g[0]));
        groups.extend(found.into_iter().map(|g| (kind, g)));
    }
    groups
}

/// The numbers given out so far in one `.ann`, by line kind.
#[derive(Default)]
struct Lines {
    notes: usize,
    attributes: usize,
    references: usize,
    relations: usize,
    flattened: usize,
    /// Notes on links that brat writes without one (event roles, equivalences).
    unheld: usize,
}

impl Lines {
    /// `#` lines of `kind` on `target`, when `note` is not empty. A note of several lines
    /// is one `AnnotatorNotes` line each, which brat shows together and the import joins
    /// again; a value is one line. Tabs, and line breaks inside a value, become spaces.
    fn note(&mut self, out: &mut String, kind: &str, target: &str, note: &str) {
        if note.is_empty() {
            return;
        }
        let lines: Vec<&str> = if kind == "AnnotatorNotes" {
            note.split('\n').collect()
        } else {
            vec![note]
        };
        let mut flattened = false;
        for line in lines {
            self.notes += 1;
            let flat = one_line(line);
            flattened |= flat != line;
            let _ = writeln!(out, "#{}\t{kind} {target}\t{flat}", self.notes);
        }
        self.flattened += usize::from(flattened);
    }

    /// The annotation's attribute values: set flags and one-word choices as `A` lines,
    /// references as `N` lines, everything else as a note typed with the attribute's name.
    fn attributes(
        &mut self,
        out: &mut String,
        project: &Project,
        annotation: &Annotation,
        id: &str,
    ) {
        for (name, value) in &annotation.attributes {
            let kind = project.schema().attribute(name).map(|a| &a.kind);
            match (kind, value) {
                (Some(AttributeKind::Flag), AttributeValue::Flag(true)) => {
                    self.attributes += 1;
                    let _ = writeln!(out, "A{}\t{name} {id}", self.attributes);
                }
                (Some(AttributeKind::Flag), AttributeValue::Flag(false)) => {}
                (Some(AttributeKind::OneOf(_)), AttributeValue::Text(choice))
                    if !choice.is_empty() && !choice.chars().any(char::is_whitespace) =>
                {
                    self.attributes += 1;
                    let _ = writeln!(out, "A{}\t{name} {id} {choice}", self.attributes);
                }
                (Some(AttributeKind::Reference), AttributeValue::Text(reference)) => {
                    self.references += 1;
                    let (entry, entry_name) = reference
                        .split_once(char::is_whitespace)
                        .unwrap_or((reference, ""));
                    let _ = writeln!(
                        out,
                        "N{}\t{name} {id} {entry}\t{}",
                        self.references,
                        one_line(entry_name.trim())
                    );
                }
                (_, value) => self.note(out, name, id, &value.to_string()),
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
    let mut unheld_notes = 0;
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
        let (ann_text, notes, unheld) = ann(project, text, &kept);
        unheld_notes += unheld;
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
    if unheld_notes > 0 {
        warnings.push(format!(
            "{} on event roles or groups of equals left out: brat has no place for them",
            crate::model::counted(unheld_notes, "note")
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
        let (ann, flattened, _) = ann(&crate::model::Project::default(), &text, &[&whole]);
        // Universal newlines: "Kabul\n“Moscow” 😀\nends"; fragments stop at each break.
        assert_eq!(
            ann,
            "T1\tclaim 0 5;6 16;17 21\tKabul “Moscow” 😀 ends\n#1\tAnnotatorNotes T1\ttwo\n#2\tAnnotatorNotes T1\tlines and a tab\n"
        );
        assert_eq!(flattened, 1);
        let as_brat_reads = "Kabul\n“Moscow” 😀\nends";
        let chars: Vec<char> = as_brat_reads.chars().collect();
        assert_eq!(chars[6..16].iter().collect::<String>(), "“Moscow” 😀");
        assert_eq!(chars[17..21].iter().collect::<String>(), "ends");
    }
}
