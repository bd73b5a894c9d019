//! The document view: the whole text, unpaged, with annotations drawn as highlights, and
//! mouse selection.
//!
//! Only paragraphs in the viewport are laid out and painted (see `paragraphs`), and only
//! the annotations overlapping them are looked up (see `marks`), so the cost of a frame
//! follows what is on screen, not the length of the document. Annotations are painted
//! shapes under the text: a translucent fill (overlaps darken, so nesting shows) plus one
//! underline per nesting level, so a claim holding an actor and a date shows all three.

use std::ops::Range;
use std::sync::Arc;

use egui::epaint::text::CharIndex;
use egui::text::CCursor;
use egui::{Color32, Galley, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, pos2, vec2};

use crate::model::{AnnotationId, Document, DocumentId, Project, Text};

use super::events::AppEvent;
use super::marks::{DensityCache, Mark, Reach, marks_in_layers};
use super::paragraphs::Paragraphs;
use super::review_panel::kind_colour;
use super::state::ViewState;
use crate::review::diff::Kind;

const UNDERLINE_LEVELS: usize = 3;
/// Room kept between the caret and the edge of the view when scrolling to show it.
const REVEAL_MARGIN: f32 = 48.0;

/// Caret motions that follow the text as wrapped on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowMotion {
    Up,
    Down,
    PageUp,
    PageDown,
    RowStart,
    RowEnd,
}
const MARGIN: f32 = 12.0;
/// Width of the annotation density strip to the right of the scrollbar.
const STRIP: f32 = 12.0;

/// A paragraph on screen this frame: which one, where (relative to the text's top-left),
/// and its galley.
struct Shown {
    chars: Range<usize>,
    y: f32,
    galley: Arc<Galley>,
}

/// What the view shows this frame.
#[derive(Clone, Copy)]
pub struct Page<'a> {
    pub project: &'a Project,
    pub document: &'a Document,
    /// The project's revision: caches of annotation lookups follow it.
    pub revision: u64,
    pub view: &'a ViewState,
    /// Search matches in this document, sorted.
    pub found: &'a [(usize, usize)],
    /// The differences of the two layers under review in this document, sorted by start.
    pub differences: &'a [(usize, usize, Kind)],
    /// Show only this layer's annotations (one side of the side-by-side review).
    pub only_layer: Option<&'a str>,
}

/// What the view keeps between frames.
#[derive(Default)]
pub struct DocumentView {
    paragraphs: Paragraphs,
    reach: Reach,
    density: DensityCache,
    /// The strip's texture and the density generation it shows.
    density_image: Option<(u64, egui::TextureHandle)>,
    /// Paragraph start offsets of the document shown last, for `char_rect`.
    starts: Vec<usize>,
    shown_document: Option<DocumentId>,
    drag_anchor: Option<usize>,
    /// A char offset to bring into view on the next frame, a third of the way down.
    pub scroll_to: Option<usize>,
    /// A char offset to keep in view (the caret): scrolls only if it is outside.
    pub reveal: Option<usize>,
    /// The visible part of the text in the last frame, in text coordinates.
    viewport: Option<Rect>,
    /// A scroll offset to take on the next frame: the other side of a side-by-side view.
    pub follow: Option<f32>,
    /// Screen position of the text's top-left corner in the last frame.
    origin: Option<Pos2>,
}

impl DocumentView {
    /// Forgets everything, e.g. when another project is opened.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Where a character was drawn in the last frame (screen coordinates), if its paragraph
    /// was laid out.
    pub fn char_rect(&self, offset: usize) -> Option<Rect> {
        let origin = self.origin?;
        let index = self
            .starts
            .partition_point(|&s| s <= offset)
            .checked_sub(1)?;
        let galley = self.paragraphs.cached_galley(index)?;
        let top = self.paragraphs.known_top(index)?;
        let local = offset - self.starts[index];
        let left = galley.pos_from_cursor(CCursor::new(local));
        let right = galley.pos_from_cursor(CCursor::new(local + 1));
        Some(Rect::from_min_max(
            pos2(origin.x + left.min.x, origin.y + top + left.min.y),
            pos2(
                origin.x + right.max.x.max(left.min.x + 1.0),
                origin.y + top + left.max.y,
            ),
        ))
    }

    /// How far down the text the view was scrolled in the last frame.
    pub fn scrolled(&self) -> Option<f32> {
        self.viewport.map(|v| v.min.y)
    }

    /// Each tag's annotations as marks along the whole document; a click jumps there.
    fn density_strip(
        &mut self,
        ui: &mut Ui,
        strip: Rect,
        page: &Page<'_>,
        events: &mut Vec<AppEvent>,
    ) {
        let response = ui
            .interact(strip, ui.scope_id().with("density_strip"), Sense::click())
            .on_hover_text("Where the annotations are, by tag; click to go there");
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, "Annotation density")
        });
        let length = page.document.text().char_len();
        let rows = strip.height().max(1.0) as usize;
        let now = ui.input(|i| i.time);
        self.density.refresh(
            page.project,
            &page.document.id,
            length,
            page.revision,
            rows,
            now,
        );
        if self.density.is_stale() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(300));
        }
        // The strip is a small texture (a pixel per slice and tag), made again only when
        // the counts change: one image to draw per frame, however many annotations.
        let generation = self.density.generation();
        if self
            .density_image
            .as_ref()
            .is_none_or(|(g, _)| *g != generation)
        {
            let image = density_image(self.density.cells(), &page.project.tags().tags);
            match &mut self.density_image {
                Some((g, texture)) => {
                    texture.set(image, egui::TextureOptions::NEAREST);
                    *g = generation;
                }
                None => {
                    let texture = ui.ctx().load_texture(
                        "annotation density",
                        image,
                        egui::TextureOptions::NEAREST,
                    );
                    self.density_image = Some((generation, texture));
                }
            }
        }
        let painter = ui.painter_at(strip);
        painter.rect_filled(strip, 0.0, ui.visuals().extreme_bg_color);
        if let Some((_, texture)) = &self.density_image {
            let whole = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
            painter.image(texture.id(), strip, whole, Color32::WHITE);
        }
        if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let share = ((pos.y - strip.min.y) / strip.height()).clamp(0.0, 1.0);
            events.push(AppEvent::ScrollTo((share * length as f32) as usize));
        }
    }

    /// Where the caret at `head` goes for a row motion. Uses the paragraphs laid out on
    /// screen; where the caret's paragraph is not laid out, whole paragraphs are the rows.
    pub fn move_by_rows(&self, text: &Text, head: usize, motion: RowMotion) -> usize {
        let row_height = self.paragraphs.font_height() + super::paragraphs::LINE_GAP;
        let visible = self.viewport.map_or(600.0, |v| v.height());
        let page = ((visible / row_height.max(1.0)) as usize)
            .saturating_sub(1)
            .max(1);
        match motion {
            RowMotion::Up => self.row_step(text, head, false),
            RowMotion::Down => self.row_step(text, head, true),
            RowMotion::PageUp => (0..page).fold(head, |h, _| self.row_step(text, h, false)),
            RowMotion::PageDown => (0..page).fold(head, |h, _| self.row_step(text, h, true)),
            RowMotion::RowStart | RowMotion::RowEnd => {
                let index = text.paragraph_at(head);
                let range = text.paragraphs()[index].clone();
                let Some(galley) = self.paragraphs.cached_galley(index) else {
                    return if motion == RowMotion::RowStart {
                        range.start
                    } else {
                        range.end
                    };
                };
                let cursor = CCursor {
                    index: CharIndex(head.clamp(range.start, range.end) - range.start),
                    prefer_next_row: true,
                };
                let moved = if motion == RowMotion::RowStart {
                    galley.cursor_begin_of_row(&cursor)
                } else {
                    galley.cursor_end_of_row(&cursor)
                };
                range.start + moved.index.0
            }
        }
    }

    /// One row up or down, crossing into the neighbouring paragraph at the same x.
    fn row_step(&self, text: &Text, head: usize, down: bool) -> usize {
        let ranges = text.paragraphs();
        let index = text.paragraph_at(head);
        let range = ranges[index].clone();
        let local = head.clamp(range.start, range.end) - range.start;
        let cursor = CCursor {
            index: CharIndex(local),
            prefer_next_row: true,
        };
        let x = self
            .paragraphs
            .cached_galley(index)
            .map_or(0.0, |g| g.pos_from_cursor(cursor).center().x);
        if let Some(galley) = self.paragraphs.cached_galley(index) {
            let (moved, kept_x) = if down {
                galley.cursor_down_one_row(&cursor, None)
            } else {
                galley.cursor_up_one_row(&cursor, None)
            };
            if kept_x.is_some() {
                return range.start + moved.index.0;
            }
        }
        let neighbour = if down {
            index + 1
        } else {
            match index.checked_sub(1) {
                Some(i) => i,
                None => return 0,
            }
        };
        let Some(next) = ranges.get(neighbour) else {
            return text.char_len();
        };
        match self.paragraphs.cached_galley(neighbour) {
            Some(galley) => {
                let y = if down { 1.0 } else { galley.size().y - 1.0 };
                next.start + galley.cursor_from_pos(vec2(x, y)).index.0
            }
            None => next.start,
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, page: &Page<'_>, events: &mut Vec<AppEvent>) {
        let Page {
            project,
            document,
            revision,
            view,
            found,
            differences,
            only_layer,
        } = *page;
        let layer_shown = |layer: &str| {
            !view.hidden_layers.contains(layer) && only_layer.is_none_or(|only| only == layer)
        };
        // The strip of annotation density sits at the right edge, beside the scrollbar.
        let whole = ui.available_rect_before_wrap();
        let strip = Rect::from_min_max(pos2(whole.max.x - STRIP, whole.min.y), whole.max);
        self.density_strip(ui, strip, page, events);
        let text_area = Rect::from_min_max(whole.min, pos2(strip.min.x - 2.0, whole.max.y));
        let mut ui = ui.new_child(egui::UiBuilder::new().max_rect(text_area));
        let ui = &mut ui;
        let width = (ui.available_width() - 2.0 * MARGIN).max(100.0);
        // Reading text gets the strongest colour: the default widget grey tires the eye.
        let text_colour = ui.visuals().strong_text_color();
        self.paragraphs.prepare(ui, document, width, text_colour);
        if self.shown_document.as_ref() != Some(&document.id) {
            self.starts = document
                .text()
                .paragraphs()
                .iter()
                .map(|p| p.start)
                .collect();
            self.shown_document = Some(document.id.clone());
        }
        let longest = self.reach.longest(project, &document.id, revision);

        let mut scroll_area = egui::ScrollArea::vertical()
            .id_salt(("document", &document.id))
            .auto_shrink([false, false]);
        if let Some(offset) = self.scroll_to.take() {
            let text = document.text();
            let index = text.paragraph_at(offset.min(text.char_len()));
            let galley = self.paragraphs.galley(ui, document, index);
            let local = offset.saturating_sub(text.paragraphs()[index].start);
            let y = self.paragraphs.top(index) + galley.pos_from_cursor(CCursor::new(local)).min.y;
            let visible = ui.available_height();
            scroll_area = scroll_area.vertical_scroll_offset((y - visible / 3.0).max(0.0));
        }

        if let Some(top) = self.follow.take() {
            scroll_area = scroll_area.vertical_scroll_offset(top);
        }

        if let Some(offset) = self.reveal.take() {
            let text = document.text();
            let index = text.paragraph_at(offset.min(text.char_len()));
            let galley = self.paragraphs.galley(ui, document, index);
            let local = offset.saturating_sub(text.paragraphs()[index].start);
            let row = galley.pos_from_cursor(CCursor::new(local));
            let top = self.paragraphs.top(index) + row.min.y;
            let bottom = self.paragraphs.top(index) + row.max.y;
            let shown = self.viewport.unwrap_or(Rect::NOTHING);
            if top < shown.min.y + MARGIN {
                scroll_area = scroll_area.vertical_scroll_offset((top - REVEAL_MARGIN).max(0.0));
            } else if bottom > shown.max.y - MARGIN {
                scroll_area = scroll_area
                    .vertical_scroll_offset((bottom + REVEAL_MARGIN - shown.height()).max(0.0));
            }
        }

        let total = self.paragraphs.total_height();
        let paragraphs = &mut self.paragraphs;
        let drag_anchor = &mut self.drag_anchor;
        let mut origin = None;
        let mut seen = self.viewport;
        scroll_area.show_viewport(ui, |ui, viewport| {
            seen = Some(viewport);
            let (rect, response) = ui.allocate_exact_size(
                vec2(width + 2.0 * MARGIN, total + 2.0 * MARGIN),
                Sense::click_and_drag(),
            );
            let text_origin = rect.min + vec2(MARGIN, MARGIN);
            origin = Some(text_origin);

            // Lay out the paragraphs in view, top to bottom, each below the one before.
            let ranges = document.text().paragraphs();
            let mut shown = Vec::new();
            let mut index = paragraphs.index_at(viewport.min.y - MARGIN);
            let mut y = paragraphs.top(index);
            while index < paragraphs.len() && y < viewport.max.y {
                let galley = paragraphs.galley(ui, document, index);
                shown.push(Shown {
                    chars: ranges[index].clone(),
                    y,
                    galley,
                });
                y += paragraphs.height(index);
                index += 1;
            }

            let painter = ui.painter_at(ui.clip_rect());
            let selection = view.selected_range();
            let caret = view.selection.filter(|(a, b)| a == b).map(|(_, head)| head);
            let caret_colour = ui.visuals().text_cursor.stroke.color;
            let selection_fill = ui.visuals().selection.bg_fill.gamma_multiply(0.6);
            for paragraph in &shown {
                let at = text_origin + vec2(0.0, paragraph.y);
                let mut marks = marks_in_layers(
                    project,
                    &document.id,
                    paragraph.chars.clone(),
                    longest,
                    &layer_shown,
                );
                if !view.layer_colours.is_empty() {
                    for mark in &mut marks {
                        let layer = project.annotation(mark.id).map(|a| a.layer.as_str());
                        if let Some(colour) = layer.and_then(|l| view.layer_colours.get(l)) {
                            mark.underline = *colour;
                        }
                    }
                }
                paint_paragraph(
                    &painter,
                    paragraph,
                    &marks,
                    at,
                    paragraphs.font_height(),
                    view.selected,
                    selection,
                    selection_fill,
                );
                paint_found(&painter, paragraph, found, at, paragraphs.font_height());
                paint_differences(
                    &painter,
                    paragraph,
                    differences,
                    longest,
                    at,
                    paragraphs.font_height(),
                );
                painter.galley(at, paragraph.galley.clone(), text_colour);
                if let Some(head) = caret
                    && (paragraph.chars.start..=paragraph.chars.end).contains(&head)
                {
                    let cursor = CCursor {
                        index: CharIndex(head - paragraph.chars.start),
                        prefer_next_row: true,
                    };
                    let row = paragraph.galley.pos_from_cursor(cursor);
                    let pad = ((row.height() - paragraphs.font_height()) / 2.0).max(0.0);
                    painter.line_segment(
                        [
                            at + vec2(row.min.x, row.min.y + pad),
                            at + vec2(row.min.x, row.max.y - pad),
                        ],
                        Stroke::new(2.0, caret_colour),
                    );
                }
            }

            let char_at = |pos: Pos2| char_at(&shown, pos - text_origin.to_vec2());
            let marks_at = |offset: usize| {
                let mut marks: Vec<Mark> = marks_in_layers(
                    project,
                    &document.id,
                    offset..offset + 1,
                    longest,
                    &layer_shown,
                )
                .into_iter()
                .filter(|m| m.start <= offset && offset < m.end)
                .collect();
                marks.sort_by_key(|m| (m.end - m.start, m.id));
                marks
            };
            if let Some(pos) = response.hover_pos()
                && drag_anchor.is_none()
            {
                let covering = marks_at(char_at(pos));
                if !covering.is_empty() {
                    response.clone().on_hover_ui_at_pointer(|ui| {
                        for mark in covering {
                            if let Some(annotation) = project.annotation(mark.id) {
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
                drag_anchor,
                &response,
                &char_at,
                &|offset| marks_at(offset).first().map(|m| m.id),
                document,
                view,
                events,
            );
        });
        self.paragraphs.finish_frame();
        self.origin = origin;
        self.viewport = seen;
    }
}

/// One pixel per slice of the text and per tag: the tag's colour, stronger where more
/// annotations start, transparent where none do.
fn density_image(cells: &[Vec<u32>], tags: &[crate::model::Tag]) -> egui::ColorImage {
    let columns = cells.first().map_or(1, Vec::len);
    // Strength is relative to the busiest slice of each tag, so a densely coded book
    // still shows where it is densest.
    let busiest: Vec<u32> = (0..columns)
        .map(|c| cells.iter().map(|row| row[c]).max().unwrap_or(0).max(1))
        .collect();
    let mut pixels = Vec::with_capacity(columns * cells.len().max(1));
    for counts in cells {
        for (column, &count) in counts.iter().enumerate() {
            pixels.push(if count == 0 {
                Color32::TRANSPARENT
            } else {
                let colour = tags.get(column).map_or(Color32::GRAY, |t| {
                    Color32::from_rgb(t.colour.r, t.colour.g, t.colour.b)
                });
                colour.gamma_multiply(0.3 + 0.7 * count as f32 / busiest[column] as f32)
            });
        }
    }
    if pixels.is_empty() {
        return egui::ColorImage::filled([1, 1], Color32::TRANSPARENT);
    }
    egui::ColorImage::new([columns, cells.len()], pixels)
}

/// The char offset under a point given relative to the text's top-left corner, looked up
/// among the paragraphs on screen (a point above or below them picks the nearest).
fn char_at(shown: &[Shown], pos: Pos2) -> usize {
    let index = shown.partition_point(|p| p.y <= pos.y).saturating_sub(1);
    let Some(paragraph) = shown.get(index) else {
        return 0;
    };
    let local = paragraph
        .galley
        .cursor_from_pos(pos.to_vec2() - vec2(0.0, paragraph.y))
        .index
        .0;
    (paragraph.chars.start + local).min(paragraph.chars.end)
}

/// Drag selects (snapped to words or characters), double-click selects a word, click picks
/// the innermost annotation under the pointer.
fn handle_pointer(
    drag_anchor: &mut Option<usize>,
    response: &egui::Response,
    char_at: &dyn Fn(Pos2) -> usize,
    innermost_at: &dyn Fn(usize) -> Option<AnnotationId>,
    document: &Document,
    view: &ViewState,
    events: &mut Vec<AppEvent>,
) {
    let text = document.text();
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
        if view.selected_range() != Some((start, end)) {
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
        events.push(match innermost_at(offset) {
            Some(id) => AppEvent::SelectAnnotation { id, scroll: false },
            None => AppEvent::SelectText(offset, offset),
        });
    }
}

/// The rects covering paragraph-local chars `start..end`, one per wrapped row, relative to
/// the galley.
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

/// Outlines the search matches in a paragraph (`found` is sorted by start).
fn paint_found(
    painter: &egui::Painter,
    paragraph: &Shown,
    found: &[(usize, usize)],
    at: Pos2,
    font_height: f32,
) {
    let chars = &paragraph.chars;
    let first = found.partition_point(|&(_, end)| end <= chars.start);
    let colour = Color32::from_rgb(0xf1, 0xc4, 0x0f);
    for &(start, end) in found[first..]
        .iter()
        .take_while(|(start, _)| *start < chars.end)
    {
        let from = start.max(chars.start) - chars.start;
        let to = end.min(chars.end) - chars.start;
        for rect in range_rects(&paragraph.galley, from, to) {
            let pad = ((rect.height() - font_height) / 2.0).max(0.0);
            let rect = Rect::from_min_max(
                pos2(rect.min.x, rect.min.y + pad),
                pos2(rect.max.x, rect.max.y - pad),
            )
            .translate(at.to_vec2());
            painter.rect_stroke(rect, 2.0, Stroke::new(1.5, colour), StrokeKind::Outside);
        }
    }
}

/// Frames each difference of the layers under review in its kind's colour: thin for an
/// agreement, thick for a disagreement, so conflicts stand out while reading.
fn paint_differences(
    painter: &egui::Painter,
    paragraph: &Shown,
    differences: &[(usize, usize, Kind)],
    longest: usize,
    at: Pos2,
    font_height: f32,
) {
    let chars = &paragraph.chars;
    // A difference spans at most two overlapping annotations, so it starts no earlier than
    // twice the longest annotation before the paragraph: skip the rest by binary search.
    let first = differences.partition_point(|d| d.0 + 2 * longest < chars.start);
    for &(start, end, kind) in differences[first..]
        .iter()
        .take_while(|(start, _, _)| *start < chars.end)
        .filter(|(_, end, _)| *end > chars.start)
    {
        let from = start.max(chars.start) - chars.start;
        let to = end.min(chars.end) - chars.start;
        let width = if kind == Kind::Agree { 1.0 } else { 2.0 };
        for rect in range_rects(&paragraph.galley, from, to) {
            let pad = ((rect.height() - font_height) / 2.0).max(0.0);
            let rect = Rect::from_min_max(
                pos2(rect.min.x, rect.min.y + pad - 2.0),
                pos2(rect.max.x, rect.max.y - pad + 2.0),
            )
            .translate(at.to_vec2());
            painter.rect_stroke(
                rect,
                3.0,
                Stroke::new(width, kind_colour(kind)),
                StrokeKind::Outside,
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn paint_paragraph(
    painter: &egui::Painter,
    paragraph: &Shown,
    marks: &[Mark],
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
    for mark in marks {
        let start = mark.start.max(chars.start) - chars.start;
        let end = mark.end.min(chars.end).max(chars.start) - chars.start;
        let level = mark.level.min(UNDERLINE_LEVELS - 1);
        for rect in range_rects(&paragraph.galley, start, end) {
            let rect = shrink(rect);
            painter.rect_filled(rect, 2.0, mark.colour.gamma_multiply(0.16));
            let y = rect.max.y + 1.5 + 3.5 * level as f32;
            painter.line_segment(
                [pos2(rect.min.x, y), pos2(rect.max.x, y)],
                Stroke::new(2.0, mark.underline),
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
        && start < chars.end
        && end > chars.start
    {
        let from = start.max(chars.start) - chars.start;
        let to = end.min(chars.end) - chars.start;
        for rect in range_rects(&paragraph.galley, from, to) {
            painter.rect_filled(shrink(rect), 0.0, selection_fill);
        }
    }
}
