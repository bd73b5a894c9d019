//! Painting over the laid-out text: annotation highlights (a translucent fill, overlaps
//! darkening, plus one underline per nesting level), the selection, the caret, search
//! matches and the review's differences, each over the clusters its characters are drawn
//! in (so a range across a change of direction gets a rectangle per stretch). Shapes over
//! cached layouts, never new layouts.

use egui::{Color32, Painter, Pos2, Rect, Stroke, StrokeKind, pos2};

use crate::model::AnnotationId;
use crate::review::diff::Kind;

use super::marks::Mark;
use super::paragraphs::Shown;
use super::script::Band;
use super::theme::kind_colour;

const UNDERLINE_LEVELS: usize = 3;

/// Where one paragraph is painted this frame, and what it shows besides the text.
pub struct Canvas<'a> {
    pub painter: &'a Painter,
    pub paragraph: &'a Shown,
    /// The paragraph's top-left corner on screen.
    pub at: Pos2,
}

impl Canvas<'_> {
    /// The rects covering the clusters of paragraph-local chars `from..to` on screen, over
    /// the letters' band and grown by `grow` above and below.
    fn rects(&self, from: usize, to: usize, grow: f32) -> Vec<Rect> {
        self.paragraph
            .laid
            .rects(from as u32, to as u32, Band::Text)
            .into_iter()
            .map(|rect| {
                Rect::from_min_max(
                    pos2(rect.min.x, rect.min.y - grow),
                    pos2(rect.max.x, rect.max.y + grow),
                )
                .translate(self.at.to_vec2())
            })
            .collect()
    }

    /// `start..end` of the document (meeting the paragraph) as paragraph-local chars.
    fn local(&self, start: usize, end: usize) -> (usize, usize) {
        let chars = &self.paragraph.chars;
        (
            start.max(chars.start) - chars.start,
            end.min(chars.end).max(chars.start) - chars.start,
        )
    }

    /// Where `start..end` of the document begins in this paragraph, on screen: the
    /// anchor of the relation arrows.
    pub fn first_rect(&self, start: usize, end: usize) -> Option<Rect> {
        let (from, to) = self.local(start, end);
        self.rects(from, to, 1.0).into_iter().next()
    }

    /// Fills and underlines each annotation, outlining the selected one, then the selection.
    pub fn marks(
        &self,
        marks: &[Mark],
        selected: Option<AnnotationId>,
        selection: Option<(usize, usize)>,
        selection_fill: Color32,
    ) {
        for mark in marks {
            let (from, to) = self.local(mark.start, mark.end);
            let level = mark.level.min(UNDERLINE_LEVELS - 1);
            for rect in self.rects(from, to, 1.0) {
                self.painter
                    .rect_filled(rect, 2.0, mark.colour.gamma_multiply(0.16));
                let y = rect.max.y + 1.5 + 3.5 * level as f32;
                self.painter.line_segment(
                    [pos2(rect.min.x, y), pos2(rect.max.x, y)],
                    Stroke::new(2.0, mark.underline),
                );
                if selected == Some(mark.id) {
                    self.painter.rect_stroke(
                        rect.expand(1.0),
                        2.0,
                        Stroke::new(2.0, mark.colour),
                        StrokeKind::Outside,
                    );
                }
            }
        }
        let chars = &self.paragraph.chars;
        if let Some((start, end)) = selection
            && start < chars.end
            && end > chars.start
        {
            let (from, to) = self.local(start, end);
            for rect in self.rects(from, to, 1.0) {
                self.painter.rect_filled(rect, 0.0, selection_fill);
            }
        }
    }

    /// Outlines the search matches (`found` is sorted by start).
    pub fn found(&self, found: &[(usize, usize)]) {
        let chars = &self.paragraph.chars;
        let first = found.partition_point(|&(_, end)| end <= chars.start);
        let colour = Color32::from_rgb(0xf1, 0xc4, 0x0f);
        for &(start, end) in found[first..]
            .iter()
            .take_while(|(start, _)| *start < chars.end)
        {
            let (from, to) = self.local(start, end);
            for rect in self.rects(from, to, 0.0) {
                self.painter
                    .rect_stroke(rect, 2.0, Stroke::new(1.5, colour), StrokeKind::Outside);
            }
        }
    }

    /// Outlines each suggestion, dashed, in its tag's colour (never a fill: a suggestion
    /// is not an annotation); the one looked at is drawn thicker. `suggestions` is sorted
    /// by start.
    pub fn suggestions(
        &self,
        suggestions: &[crate::model::suggest::Suggestion],
        looked_at: Option<usize>,
        colour: &dyn Fn(&str) -> Color32,
    ) {
        let chars = &self.paragraph.chars;
        // Suggestions of one source never overlap, and a paragraph's are few: start from
        // the first that ends inside or after it.
        let first = suggestions.partition_point(|s| s.start < chars.start);
        let first = suggestions[..first]
            .iter()
            .rposition(|s| s.end <= chars.start)
            .map_or(0, |at| at + 1)
            .min(first);
        for (at, s) in suggestions
            .iter()
            .enumerate()
            .skip(first)
            .take_while(|(_, s)| s.start < chars.end)
            .filter(|(_, s)| s.end > chars.start)
        {
            let (from, to) = self.local(s.start, s.end);
            let width = if looked_at == Some(at) { 2.5 } else { 1.2 };
            let stroke = Stroke::new(width, colour(&s.tag));
            for rect in self.rects(from, to, 2.0) {
                let corners = [
                    rect.left_top(),
                    rect.right_top(),
                    rect.right_bottom(),
                    rect.left_bottom(),
                    rect.left_top(),
                ];
                self.painter
                    .extend(egui::Shape::dashed_line(&corners, stroke, 4.0, 3.0));
            }
        }
    }

    /// Frames each difference of the layers under review in its kind's colour: thin for an
    /// agreement, thick for a disagreement, so conflicts stand out while reading.
    pub fn differences(&self, differences: &[(usize, usize, Kind)], longest: usize) {
        let chars = &self.paragraph.chars;
        // A difference spans at most two overlapping annotations, so it starts no earlier
        // than twice the longest annotation before the paragraph: skip the rest by search.
        let first = differences.partition_point(|d| d.0 + 2 * longest < chars.start);
        for &(start, end, kind) in differences[first..]
            .iter()
            .take_while(|(start, _, _)| *start < chars.end)
            .filter(|(_, end, _)| *end > chars.start)
        {
            let (from, to) = self.local(start, end);
            let width = if kind == Kind::Agree { 1.0 } else { 2.0 };
            for rect in self.rects(from, to, 2.0) {
                self.painter.rect_stroke(
                    rect,
                    3.0,
                    Stroke::new(width, kind_colour(kind)),
                    StrokeKind::Outside,
                );
            }
        }
    }

    /// The caret at document offset `head`, if it falls in this paragraph.
    pub fn caret(&self, head: usize, colour: Color32) {
        let chars = &self.paragraph.chars;
        if !(chars.start..=chars.end).contains(&head) {
            return;
        }
        let caret = self
            .paragraph
            .laid
            .caret((head - chars.start) as u32)
            .translate(self.at.to_vec2());
        self.painter
            .line_segment([caret.min, caret.max], Stroke::new(2.0, colour));
    }
}
