//! The document view: wrapped text with annotations drawn as highlights, mouse selection.
//!
//! One galley per paragraph, laid out again only when the document, its annotations or the
//! width change; only paragraphs in the viewport are painted. Annotations are painted shapes
//! under the text: a translucent fill (overlaps darken, so nesting shows) plus one
//! underline per nesting level, so a claim holding an actor and a date shows all three.

use std::ops::Range;
use std::sync::Arc;

use egui::epaint::text::CharIndex;
use egui::text::{CCursor, LayoutJob};
use egui::{
    Align, Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, StrokeKind, TextFormat, Ui, Vec2,
    pos2, vec2,
};

use crate::model::{AnnotationId, Document, DocumentId, Project};

use super::events::AppEvent;
use super::state::ViewState;

const FONT_SIZE: f32 = 16.0;
/// Room above and below each line of text; the part below holds the underlines.
const LINE_GAP: f32 = 14.0;
const PARAGRAPH_GAP: f32 = 8.0;
const UNDERLINE_LEVELS: usize = 3;
const MARGIN: f32 = 12.0;

/// One annotation's piece inside one paragraph, ready to paint.
struct Mark {
    id: AnnotationId,
    start: usize,
    end: usize,
    colour: Color32,
    level: usize,
}

struct Paragraph {
    chars: Range<usize>,
    galley: Arc<Galley>,
    top: f32,
    marks: Vec<Mark>,
}

#[derive(Clone, PartialEq)]
struct LayoutKey {
    document: DocumentId,
    revision: u64,
    width_bits: u32,
    text_colour: Color32,
}

struct Layout {
    key: LayoutKey,
    paragraphs: Vec<Paragraph>,
    height: f32,
    font_height: f32,
}

/// What the view keeps between frames.
#[derive(Default)]
pub struct DocumentView {
    layout: Option<Layout>,
    drag_anchor: Option<usize>,
    /// A char offset to bring into view on the next frame.
    pub scroll_to: Option<usize>,
    /// Screen position of the text's top-left corner in the last frame.
    origin: Option<Pos2>,
}

impl DocumentView {
    /// Forgets the layout, e.g. when another project is opened.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Where a character was drawn in the last frame (screen coordinates), if it was laid out.
    pub fn char_rect(&self, offset: usize) -> Option<Rect> {
        let layout = self.layout.as_ref()?;
        let origin = self.origin?;
        let index = layout
            .paragraphs
            .partition_point(|p| p.chars.start <= offset)
            .checked_sub(1)?;
        let paragraph = &layout.paragraphs[index];
        let local = offset.checked_sub(paragraph.chars.start)?;
        let left = paragraph.galley.pos_from_cursor(CCursor::new(local));
        let right = paragraph.galley.pos_from_cursor(CCursor::new(local + 1));
        let top = origin.y + paragraph.top;
        Some(Rect::from_min_max(
            pos2(origin.x + left.min.x, top + left.min.y),
            pos2(
                origin.x + right.max.x.max(left.min.x + 1.0),
                top + left.max.y,
            ),
        ))
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        document: &Document,
        revision: u64,
        view: &ViewState,
        events: &mut Vec<AppEvent>,
    ) {
        let width = (ui.available_width() - 2.0 * MARGIN).max(100.0);
        // Reading text gets the strongest colour: the default widget grey tires the eye.
        let text_colour = ui.visuals().strong_text_color();
        let key = LayoutKey {
            document: document.id.clone(),
            revision,
            width_bits: width.to_bits(),
            text_colour,
        };
        if self.layout.as_ref().is_none_or(|l| l.key != key) {
            self.layout = Some(lay_out(ui, project, document, key, width));
        }
        let Some(layout) = &self.layout else {
            return;
        };

        let mut scroll_area = egui::ScrollArea::vertical()
            .id_salt(("document", &document.id))
            .auto_shrink([false, false]);
        if let Some(offset) = self.scroll_to.take() {
            let index = layout
                .paragraphs
                .partition_point(|p| p.chars.start <= offset)
                .saturating_sub(1);
            if let Some(paragraph) = layout.paragraphs.get(index) {
                let local = offset.saturating_sub(paragraph.chars.start);
                let y = paragraph.top + paragraph.galley.pos_from_cursor(CCursor::new(local)).min.y;
                let visible = ui.available_height();
                scroll_area = scroll_area.vertical_scroll_offset((y - visible / 3.0).max(0.0));
            }
        }

        let mut origin = None;
        scroll_area.show_viewport(ui, |ui, viewport| {
            let (rect, response) = ui.allocate_exact_size(
                vec2(width + 2.0 * MARGIN, layout.height + 2.0 * MARGIN),
                Sense::click_and_drag(),
            );
            let text_origin = rect.min + vec2(MARGIN, MARGIN);
            origin = Some(text_origin);
            let painter = ui.painter_at(ui.clip_rect());
            let selection = view
                .selection
                .map(|(a, b)| (a.min(b), a.max(b)))
                .filter(|(a, b)| a < b);
            let selection_fill = ui.visuals().selection.bg_fill.gamma_multiply(0.6);

            // Only paragraphs overlapping the viewport are painted.
            let first = layout
                .paragraphs
                .partition_point(|p| p.top + p.galley.size().y < viewport.min.y - MARGIN);
            for paragraph in layout.paragraphs[first..]
                .iter()
                .take_while(|p| p.top < viewport.max.y)
            {
                let at = text_origin + vec2(0.0, paragraph.top);
                paint_paragraph(
                    &painter,
                    paragraph,
                    at,
                    layout.font_height,
                    view.selected,
                    selection,
                    selection_fill,
                );
                painter.galley(at, paragraph.galley.clone(), text_colour);
            }

            if let Some(pos) = response.hover_pos()
                && self.drag_anchor.is_none()
            {
                let covering = covering_at(layout, char_at(layout, pos - text_origin));
                if !covering.is_empty() {
                    response.clone().on_hover_ui_at_pointer(|ui| {
                        for id in covering {
                            if let Some(annotation) = project.annotation(id) {
                                ui.label(format!("{} by {}", annotation.tag, annotation.layer));
                                if !annotation.note.is_empty() {
                                    ui.weak(&annotation.note);
                                }
                            }
                        }
                    });
                }
            }
            handle_pointer(
                &mut self.drag_anchor,
                &response,
                layout,
                text_origin,
                document,
                view,
                events,
            );
        });
        self.origin = origin;
    }
}

/// Drag selects (snapped to whole characters), double-click selects a word, click picks an annotation.
fn handle_pointer(
    drag_anchor: &mut Option<usize>,
    response: &egui::Response,
    layout: &Layout,
    origin: Pos2,
    document: &Document,
    view: &ViewState,
    events: &mut Vec<AppEvent>,
) {
    let text = document.text();
    let char_at = |pos: Pos2| char_at(layout, pos - origin);
    if response.double_clicked() {
        if let Some(word) = response
            .interact_pointer_pos()
            .map(char_at)
            .and_then(|c| text.word_at(c))
        {
            events.push(AppEvent::SelectText(word.start, word.end));
        }
        return;
    }
    if response.drag_started() {
        let press = response
            .ctx
            .input(|i| i.pointer.press_origin())
            .or(response.interact_pointer_pos());
        *drag_anchor = press.map(char_at);
    }
    if response.dragged()
        && let (Some(anchor), Some(pos)) = (*drag_anchor, response.interact_pointer_pos())
    {
        let head = char_at(pos);
        // Snap outward: to whole words unless Alt is held or snapping is off, and always
        // to whole characters, so a selection never splits a letter from its accent.
        let by_word = view.snap_to_words && !response.ctx.input(|i| i.modifiers.alt);
        let (low, high) = (anchor.min(head), anchor.max(head));
        let (start, end) = if by_word {
            (text.word_floor(low), text.word_ceil(high))
        } else {
            (text.grapheme_floor(low), text.grapheme_ceil(high))
        };
        if view.selection.map(|(a, b)| (a.min(b), a.max(b))) != Some((start, end)) {
            events.push(AppEvent::SelectText(start, end));
        }
    }
    if response.drag_stopped() {
        *drag_anchor = None;
    }
    if response.clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        let offset = char_at(pos);
        // The innermost annotation under the pointer: the shortest one containing it.
        let hit = hits_at(layout, offset);
        events.push(match hit {
            Some(id) => AppEvent::SelectAnnotation { id, scroll: false },
            None => AppEvent::SelectText(offset, offset),
        });
    }
}

/// The marks covering `offset`, shortest (innermost) first.
fn marks_at(layout: &Layout, offset: usize) -> Vec<&Mark> {
    let Some(index) = layout
        .paragraphs
        .partition_point(|p| p.chars.start <= offset)
        .checked_sub(1)
    else {
        return Vec::new();
    };
    let mut marks: Vec<&Mark> = layout.paragraphs[index]
        .marks
        .iter()
        .filter(|m| m.start <= offset && offset < m.end)
        .collect();
    marks.sort_by_key(|m| (m.end - m.start, m.id));
    marks
}

/// The annotations under the pointer, innermost first, for the hover card.
fn covering_at(layout: &Layout, offset: usize) -> Vec<AnnotationId> {
    marks_at(layout, offset).into_iter().map(|m| m.id).collect()
}

/// The innermost annotation at `offset`: a click on nested spans picks the inner one.
fn hits_at(layout: &Layout, offset: usize) -> Option<AnnotationId> {
    marks_at(layout, offset).first().map(|m| m.id)
}

/// The char offset under a point given relative to the text's top-left corner.
fn char_at(layout: &Layout, pos: Vec2) -> usize {
    let index = layout
        .paragraphs
        .partition_point(|p| p.top <= pos.y)
        .saturating_sub(1);
    let Some(paragraph) = layout.paragraphs.get(index) else {
        return 0;
    };
    let local = paragraph
        .galley
        .cursor_from_pos(pos - vec2(0.0, paragraph.top))
        .index
        .0;
    (paragraph.chars.start + local).min(paragraph.chars.end)
}

fn lay_out(ui: &Ui, project: &Project, document: &Document, key: LayoutKey, width: f32) -> Layout {
    let font_id = FontId::proportional(FONT_SIZE);
    let font_height = ui.fonts_mut(|f| f.row_height(&font_id));
    let format = TextFormat {
        font_id,
        color: key.text_colour,
        line_height: Some(font_height + LINE_GAP),
        valign: Align::Center,
        ..Default::default()
    };
    let text = document.text();
    let mut marks = marks_by_paragraph(project, document);
    let mut top = 0.0;
    let mut paragraphs = Vec::with_capacity(text.paragraphs().len());
    for (index, chars) in text.paragraphs().iter().enumerate() {
        let mut job = LayoutJob::single_section(
            text.slice(chars.start, chars.end).to_owned(),
            format.clone(),
        );
        job.wrap.max_width = width;
        let galley = ui.fonts_mut(|f| f.layout_job(job));
        let height = galley.size().y.max(font_height + LINE_GAP);
        paragraphs.push(Paragraph {
            chars: chars.clone(),
            galley,
            top,
            marks: std::mem::take(&mut marks[index]),
        });
        top += height + PARAGRAPH_GAP;
    }
    Layout {
        key,
        paragraphs,
        height: top,
        font_height,
    }
}

/// Splits the document's annotations into per-paragraph marks, each with a nesting level:
/// the lowest underline slot not taken by an annotation it overlaps that started earlier.
fn marks_by_paragraph(project: &Project, document: &Document) -> Vec<Vec<Mark>> {
    let text = document.text();
    let mut by_paragraph: Vec<Vec<Mark>> = text.paragraphs().iter().map(|_| Vec::new()).collect();
    let annotations = project.annotations_in(&document.id);
    let mut order: Vec<usize> = (0..annotations.len()).collect();
    // Outer spans first, so they take the upper slots and their nested spans sit below.
    order.sort_by_key(|&i| (annotations[i].start, std::cmp::Reverse(annotations[i].end)));
    let mut open: Vec<(usize, usize)> = Vec::new();
    for i in order {
        let annotation = &annotations[i];
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
        let first = text.paragraph_at(annotation.start);
        let last = text.paragraph_at(annotation.end.saturating_sub(1));
        for paragraph in &mut by_paragraph[first..=last.max(first)] {
            paragraph.push(Mark {
                id: annotation.id,
                start: annotation.start,
                end: annotation.end,
                colour,
                level,
            });
        }
    }
    by_paragraph
}

/// The screen rects covering paragraph-local chars `start..end`, one per wrapped row.
fn range_rects(galley: &Galley, start: usize, end: usize) -> Vec<Rect> {
    let mut rects = Vec::new();
    let mut row_start = 0;
    for row in &galley.rows {
        let row_len = row.char_count_excluding_newline().0;
        let row_end = row_start + row_len;
        let (from, to) = (start.max(row_start), end.min(row_end));
        if from < to {
            let x0 = row.pos.x + row.x_offset(CharIndex(from - row_start));
            let x1 = row.pos.x + row.x_offset(CharIndex(to - row_start));
            rects.push(Rect::from_min_max(
                pos2(x0, row.min_y()),
                pos2(x1, row.max_y()),
            ));
        }
        row_start += row.char_count_including_newline().0;
        if row_start >= end {
            break;
        }
    }
    rects
}

fn paint_paragraph(
    painter: &egui::Painter,
    paragraph: &Paragraph,
    at: Pos2,
    font_height: f32,
    selected: Option<AnnotationId>,
    selection: Option<(usize, usize)>,
    selection_fill: Color32,
) {
    let chars = &paragraph.chars;
    // The glyphs sit centred in each row; highlights cover the glyphs, underlines the gap below.
    let shrink = |rect: Rect| {
        let pad = ((rect.height() - font_height) / 2.0).max(0.0);
        Rect::from_min_max(
            pos2(rect.min.x, rect.min.y + pad - 1.0),
            pos2(rect.max.x, rect.max.y - pad + 1.0),
        )
        .translate(at.to_vec2())
    };
    for mark in &paragraph.marks {
        let start = mark.start.max(chars.start) - chars.start;
        let end = mark.end.min(chars.end).max(chars.start) - chars.start;
        let rects = range_rects(&paragraph.galley, start, end);
        let level = mark.level.min(UNDERLINE_LEVELS - 1);
        for rect in rects {
            let rect = shrink(rect);
            painter.rect_filled(rect, 2.0, mark.colour.gamma_multiply(0.16));
            let y = rect.max.y + 1.5 + 3.5 * level as f32;
            painter.line_segment(
                [pos2(rect.min.x, y), pos2(rect.max.x, y)],
                Stroke::new(2.0, mark.colour),
            );
            if selected == Some(mark.id) {
                painter.rect_stroke(
                    rect.expand(1.0),
                    2.0,
                    Stroke::new(2.0, mark.colour),
                    StrokeKind::Outside,
                );
            }
        }
    }
    if let Some((start, end)) = selection
        && start < chars.end.max(chars.start + 1)
        && end > chars.start
    {
        let from = start.max(chars.start) - chars.start;
        let to = end.min(chars.end).max(chars.start) - chars.start;
        for rect in range_rects(&paragraph.galley, from, to) {
            painter.rect_filled(shrink(rect), 0.0, selection_fill);
        }
    }
}
