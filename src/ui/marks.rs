//! Which annotations to paint in a stretch of text, and on which underline level.
//!
//! Annotations are kept sorted by start, so the ones overlapping a paragraph are found by
//! binary search, reaching back no further than the document's longest span: the cost
//! depends on what is visible, not on how many annotations the document has.

use std::ops::Range;

use egui::Color32;

use crate::model::{AnnotationId, DocumentId, Project};

/// One annotation as painted: its span in the document and its underline level.
#[derive(Clone, Debug)]
pub struct Mark {
    pub id: AnnotationId,
    pub start: usize,
    pub end: usize,
    pub colour: Color32,
    /// The underline's colour: the tag's, or the layer's when the researcher gave it one.
    pub underline: Color32,
    pub level: usize,
}

/// The longest annotation of each document, refreshed once per change of the project.
#[derive(Default)]
pub struct Reach {
    key: Option<(DocumentId, u64)>,
    longest: usize,
}

impl Reach {
    /// How far before a paragraph an annotation reaching into it can start.
    pub fn longest(&mut self, project: &Project, document: &DocumentId, revision: u64) -> usize {
        let key = (document.clone(), revision);
        if self.key.as_ref() != Some(&key) {
            self.longest = project
                .annotations_in(document)
                .iter()
                .map(|a| a.end - a.start)
                .max()
                .unwrap_or(0);
            self.key = Some(key);
        }
        self.longest
    }
}

/// The marks overlapping `range`, with nesting levels: an annotation takes the lowest
/// level not held by an overlapping one that starts earlier (or at the same place and is
/// longer), so a claim sits above the actor and date inside it.
pub fn marks_in(
    project: &Project,
    document: &DocumentId,
    range: Range<usize>,
    longest: usize,
) -> Vec<Mark> {
    marks_in_layers(project, document, range, longest, &|_| true)
}

/// [`marks_in`] with only the annotations of the layers `shown` accepts.
pub fn marks_in_layers(
    project: &Project,
    document: &DocumentId,
    range: Range<usize>,
    longest: usize,
    shown: &dyn Fn(&str) -> bool,
) -> Vec<Mark> {
    let annotations = project.annotations_in(document);
    let earliest = range.start.saturating_sub(longest);
    let first = annotations.partition_point(|a| a.start < earliest);
    let last = annotations.partition_point(|a| a.start < range.end);
    let mut overlapping: Vec<_> = annotations[first..last]
        .iter()
        .filter(|a| a.end > range.start && shown(&a.layer))
        .collect();
    overlapping.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end), a.id));
    let mut open: Vec<(usize, usize)> = Vec::new();
    overlapping
        .into_iter()
        .map(|annotation| {
            open.retain(|&(end, _)| end > annotation.start);
            let level = (0..)
                .find(|l| !open.iter().any(|&(_, used)| used == *l))
                .unwrap_or(0);
            open.push((annotation.end, level));
            let colour = project
                .tags()
                .get(&annotation.tag)
                .map_or(Color32::GRAY, |t| {
                    Color32::from_rgb(t.colour.r, t.colour.g, t.colour.b)
                });
            Mark {
                id: annotation.id,
                start: annotation.start,
                end: annotation.end,
                colour,
                underline: colour,
                level,
            }
        })
        .collect()
}

/// Where a document's annotations lie, for the strip beside the scrollbar: for each of
/// `rows` equal slices of the text (by characters), how many annotations of each tag start
/// in it. Tags past the `columns`th share the last column.
pub fn density(
    project: &Project,
    document: &DocumentId,
    length: usize,
    rows: usize,
    columns: usize,
) -> Vec<Vec<u32>> {
    let mut cells = vec![vec![0u32; columns.max(1)]; rows.max(1)];
    let length = length.max(1);
    let tags = &project.tags().tags;
    for annotation in project.annotations_in(document) {
        let row = (annotation.start * cells.len() / length).min(cells.len() - 1);
        let column = tags
            .iter()
            .position(|t| t.name == annotation.tag)
            .unwrap_or(0)
            .min(columns.max(1) - 1);
        cells[row][column] += 1;
    }
    cells
}

/// Seconds the strip waits after the last edit before counting again.
const SETTLE: f64 = 0.3;

/// The density cells of the open document. Counting scans every annotation of the
/// document, so while the researcher is editing, the strip waits until the edits pause
/// (`SETTLE`) instead of slowing each edit down; a new document or size counts at once.
#[derive(Default)]
pub struct DensityCache {
    key: Option<(DocumentId, u64, usize)>,
    cells: Vec<Vec<u32>>,
    /// When the project first changed since the cells were counted.
    changed_at: Option<f64>,
    /// Counts how often the cells were counted, so a drawing of them knows when to redo.
    generation: u64,
}

impl DensityCache {
    pub fn refresh(
        &mut self,
        project: &Project,
        document: &DocumentId,
        length: usize,
        revision: u64,
        rows: usize,
        now: f64,
    ) {
        let key = (document.clone(), revision, rows);
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let same_view = self
            .key
            .as_ref()
            .is_some_and(|(d, _, r)| d == document && *r == rows);
        let changed_at = *self.changed_at.get_or_insert(now);
        if !same_view || now - changed_at >= SETTLE {
            let columns = project.tags().tags.len().clamp(1, 6);
            self.cells = density(project, document, length, rows, columns);
            self.key = Some(key);
            self.changed_at = None;
            self.generation += 1;
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn cells(&self) -> &[Vec<u32>] {
        &self.cells
    }

    /// True while the cells wait for edits to pause.
    pub fn is_stale(&self) -> bool {
        self.changed_at.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Command;
    use crate::model::Document;

    #[test]
    fn density_counts_annotations_by_slice_and_tag() {
        let mut project = Project::new("p", "AK");
        let doc = DocumentId("d".into());
        let now = jiff::Timestamp::UNIX_EPOCH;
        Command::AddDocument {
            index: 0,
            document: Document::new(doc.clone(), "t".into(), "s".into(), "x".repeat(100)),
        }
        .apply(&mut project, now)
        .expect("add");
        for (start, tag) in [(0, "claim"), (5, "actor"), (50, "date"), (99, "actor")] {
            Command::Annotate {
                document: doc.clone(),
                layer: "AK".into(),
                start,
                end: start + 1,
                tag: tag.into(),
            }
            .apply(&mut project, now)
            .expect("annotate");
        }
        let cells = density(&project, &doc, 100, 4, 3);
        assert_eq!(
            cells,
            vec![vec![1, 1, 0], vec![0, 0, 0], vec![0, 0, 1], vec![0, 1, 0]]
        );
    }
}
