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
        .flat_map(|annotation| {
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
            // A discontinuous annotation is painted piece by piece, on one level; the
            // gap between its pieces is not its text.
            annotation
                .pieces()
                .filter(|&(start, end)| start < range.end && end > range.start)
                .map(move |(start, end)| Mark {
                    id: annotation.id,
                    start,
                    end,
                    colour,
                    underline: colour,
                    level,
                })
        })
        .collect()
}
