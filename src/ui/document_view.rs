//! The document view: the whole text, unpaged, with annotations drawn as highlights.
//!
//! Only paragraphs in the viewport are laid out and painted (`paragraphs`), and only the
//! annotations overlapping them are looked up (`marks`), so the cost of a frame follows
//! what is on screen, not the length of the document. Painting is `text_paint`, the mouse
//! `pointer`, rows for the caret `rows`, the strip beside the scrollbar `density_strip`,
//! what a screen reader reads `reading`.

use egui::{Pos2, Rect, Sense, Ui, pos2, vec2};

use crate::model::{AnnotationId, Document, DocumentId, Project, Text};
use crate::review::diff::Kind;
use crate::workspace::RowMotion;
use crate::workspace::view::View;

use super::density_strip::DensityStrip;
use super::events::Asked;
use super::marks::{Mark, Reach, marks_in_layers};
use super::paragraphs::{Paragraphs, Shown};
use super::pointer::{Drag, Under, char_at, handle_pointer, hover_tooltip};
use super::reading::Reading;
use super::relation_arrows::{self, Anchors};
use super::script::{Band, Direction, with_shaper};
use super::text_paint::Canvas;
use super::theme::colour32;

/// Room kept between the caret and the edge of the view when scrolling to show it.
const REVEAL_MARGIN: f32 = 48.0;
const MARGIN: f32 = 12.0;
/// Room left of the text for page numbers, in a document that has pages.
const PAGE_GUTTER: f32 = 40.0;
/// The longest line, in ems of the body font: about 75 characters.
const MEASURE_EMS: f32 = 38.0;

/// The widest text column the view draws, in points.
pub(super) fn measure(style: &egui::Style) -> f32 {
    egui::TextStyle::Body.resolve(style).size * MEASURE_EMS
}
/// Width of the annotation density strip to the right of the scrollbar.
const STRIP: f32 = 12.0;

/// What the view shows this frame.
#[derive(Clone, Copy)]
pub struct Page<'a> {
    pub project: &'a Project,
    pub document: &'a Document,
    /// The project's revision: caches of annotation lookups follow it.
    pub revision: u64,
    pub view: &'a View,
    /// Search matches in this document, sorted.
    pub found: &'a [(usize, usize)],
    /// The differences of the two layers under review in this document, sorted by start.
    pub differences: &'a [(usize, usize, Kind)],
    /// Show only this layer's annotations (one side of the side-by-side review).
    pub only_layer: Option<&'a str>,
    /// What is suggested in this document, sorted by start, and the one looked at.
    pub suggestions: &'a [crate::model::suggest::Suggestion],
    pub suggestions_generation: u64,
    pub looked_at: Option<usize>,
}

/// What the view keeps between frames.
#[derive(Default)]
pub struct DocumentView {
    paragraphs: Paragraphs,
    reach: Reach,
    density: DensityStrip,
    /// Paragraph start offsets of the document shown last, for `char_rect`.
    starts: Vec<usize>,
    /// The hash of the text `starts` are of.
    shown_text: Option<String>,
    drag: Drag,
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
    /// Where the last Up or Down left the caret, and the x the run of them keeps to.
    row_goal: Option<(usize, f32)>,
    /// The characters in view in the last frame, for the density strip's window mark.
    in_view: Option<(usize, usize)>,
}

impl DocumentView {
    /// Where the density strip marked the text in view in the last frame.
    pub fn density_window(&self) -> Option<Rect> {
        self.density.window
    }

    /// Where a character was drawn in the last frame (screen coordinates), if its paragraph
    /// was laid out.
    pub fn char_rect(&self, offset: usize) -> Option<Rect> {
        let origin = self.origin?;
        let index = self
            .starts
            .partition_point(|&s| s <= offset)
            .checked_sub(1)?;
        let laid = self.paragraphs.cached(index)?;
        let top = self.paragraphs.known_top(index)?;
        let local = offset - self.starts[index];
        if local > laid.chars as usize {
            return None;
        }
        Some(
            laid.char_rect(local as u32)
                .translate(origin.to_vec2() + vec2(0.0, top)),
        )
    }

    /// How far down the text the view was scrolled in the last frame.
    pub fn scrolled(&self) -> Option<f32> {
        self.viewport.map(|v| v.min.y)
    }

    /// Where a row motion takes the caret at `head`, as laid out in the last frame.
    /// A run of Up and Down from where the last one left keeps to the x it started at.
    pub fn move_by_rows(&mut self, text: &Text, head: usize, motion: RowMotion) -> usize {
        let visible = self.viewport.map_or(600.0, |v| v.height());
        let goal = self.row_goal.filter(|(at, _)| *at == head).map(|(_, x)| x);
        let (moved, goal) =
            super::rows::move_by_rows(&self.paragraphs, visible, text, (head, goal), motion);
        self.row_goal = goal.map(|x| (moved, x));
        moved
    }

    /// The end of the selection `start..end` on its right (or left) as drawn: in a
    /// paragraph that runs right to left, its right end is where it starts.
    pub fn side_of(&self, text: &Text, (start, end): (usize, usize), right: bool) -> usize {
        if right != self.right_to_left(text, start) {
            end
        } else {
            start
        }
    }

    /// Whether the paragraph holding `offset` runs right to left, as laid out last.
    pub fn right_to_left(&self, text: &Text, offset: usize) -> bool {
        let index = text.paragraph_at(offset.min(text.char_len()));
        self.paragraphs.cached(index).is_some_and(|laid| laid.rtl)
    }

    pub fn ui(&mut self, ui: &mut Ui, page: &Page<'_>, asked: &mut Asked) {
        let document = page.document;
        // The strip of annotation density sits at the right edge, beside the scrollbar.
        let whole = ui.available_rect_before_wrap();
        let strip = Rect::from_min_max(pos2(whole.max.x - STRIP, whole.min.y), whole.max);
        self.density.in_view = self.in_view;
        self.density
            .ui(ui, strip, page.project, document, page.revision, asked);
        if page.only_layer.is_none() {
            let length = document.text().char_len();
            let list = (page.suggestions, page.suggestions_generation);
            self.density.ticks.ui(ui, strip, page.project, length, list);
        }
        let text_area = Rect::from_min_max(whole.min, pos2(strip.min.x - 2.0, whole.max.y));
        let mut ui = ui.new_child(egui::UiBuilder::new().max_rect(text_area));
        let ui = &mut ui;
        // Lines no longer than a comfortable measure (about 75 characters), centred in a
        // wide window: a line across 1600 pixels is hard to follow back to its start.
        let gutter = if document.page_starts.is_empty() {
            0.0
        } else {
            PAGE_GUTTER
        };
        let room = (ui.available_width() - 2.0 * MARGIN - gutter).max(100.0);
        let width = room.min(measure(ui.style()));
        let inset = ((room - width) / 2.0).floor();
        self.paragraphs
            .prepare(ui.ctx(), document, width, Direction::of(document));
        if self.shown_text.as_deref() != Some(document.content_hash()) {
            self.starts = document
                .text()
                .paragraphs()
                .iter()
                .map(|p| p.start)
                .collect();
            self.shown_text = Some(document.content_hash().to_owned());
        }
        let longest = self
            .reach
            .longest(page.project, &document.id, page.revision);
        let scroll_area = self.scroll_area(ui, document);

        let total = self.paragraphs.total_height();
        let mut origin = None;
        let mut in_view = self.in_view;
        let mut seen = self.viewport;
        scroll_area.show_viewport(ui, |ui, viewport| {
            seen = Some(viewport);
            let (rect, response) = ui.allocate_exact_size(
                vec2(
                    width + gutter + 2.0 * (MARGIN + inset),
                    total + 2.0 * MARGIN,
                ),
                Sense::click_and_drag(),
            );
            let text_origin = rect.min + vec2(MARGIN + gutter + inset, MARGIN);
            origin = Some(text_origin);
            let shown =
                self.paragraphs
                    .shown(ui.ctx(), document, viewport.min.y - MARGIN, viewport.max.y);
            self.paint(ui, page, &shown, text_origin, longest);
            in_view = Some((
                char_at(&shown, pos2(0.0, viewport.min.y)),
                char_at(&shown, pos2(width, viewport.max.y)),
            ));
            let layer_shown = |layer: &str| page.view.shows_layer(layer, page.only_layer);
            let reading = Reading {
                project: page.project,
                document,
                view: page.view,
                layer_shown: &layer_shown,
                longest,
                holds_focus: page.only_layer.is_none(),
            };
            reading.expose(ui, response.id, &shown, text_origin, asked);
            let covering_at =
                |offset: usize| covering(page.project, &document.id, offset, longest, &layer_shown);
            let char_at = |pos: Pos2| char_at(&shown, pos - text_origin.to_vec2());
            let suggested = |offset: usize| {
                let at = crate::model::suggest::covering(page.suggestions, offset)?;
                let s = &page.suggestions[at];
                let inside = |id| {
                    page.project.annotation(id).is_none_or(|a| {
                        a.start <= s.start && s.end <= a.end && a.len() > s.end - s.start
                    })
                };
                covering_at(offset)
                    .first()
                    .is_none_or(|&id| inside(id))
                    .then_some(at)
            };
            let under = Under {
                char_at: &char_at,
                covering: &covering_at,
                suggested: &suggested,
            };
            if self.drag == Drag::None {
                hover_tooltip(&response, page.project, &under);
            }
            handle_pointer(
                &mut self.drag,
                &response,
                &under,
                document,
                page.view,
                asked,
            );
            let shows = response.rect.intersect(ui.clip_rect());
            if let Some(pos) = super::click_through::take(ui.ctx(), shows) {
                super::pointer::click_at(pos, &under, asked);
            }
        });
        self.paragraphs.finish_frame();
        self.origin = origin;
        self.in_view = in_view;
        self.viewport = seen;
    }

    /// The scroll area, scrolled to where it was asked to go this frame.
    fn scroll_area(&mut self, ui: &Ui, document: &Document) -> egui::ScrollArea {
        let mut scroll_area = egui::ScrollArea::vertical()
            .id_salt(("document", &document.id))
            .auto_shrink([false, false]);
        let text = document.text();
        // Where an offset sits in the text: its row's top and bottom.
        let mut row_of = |offset: usize| {
            let index = text.paragraph_at(offset.min(text.char_len()));
            let laid = self.paragraphs.laid(ui.ctx(), document, index);
            let local = offset.saturating_sub(text.paragraphs()[index].start) as u32;
            let (row_top, row_bottom) = laid.band(laid.line_of(local), Band::Line);
            let top = self.paragraphs.top(index);
            (top + row_top, top + row_bottom)
        };
        if let Some(offset) = self.scroll_to.take() {
            let (y, _) = row_of(offset);
            let visible = ui.available_height();
            scroll_area = scroll_area.vertical_scroll_offset((y - visible / 3.0).max(0.0));
        }
        if let Some(top) = self.follow.take() {
            scroll_area = scroll_area.vertical_scroll_offset(top);
        }
        if let Some(offset) = self.reveal.take() {
            let (top, bottom) = row_of(offset);
            let shown = self.viewport.unwrap_or(Rect::NOTHING);
            if top < shown.min.y + MARGIN {
                scroll_area = scroll_area.vertical_scroll_offset((top - REVEAL_MARGIN).max(0.0));
            } else if bottom > shown.max.y - MARGIN {
                scroll_area = scroll_area
                    .vertical_scroll_offset((bottom + REVEAL_MARGIN - shown.height()).max(0.0));
            }
        }
        scroll_area
    }

    /// Paints the paragraphs on screen: highlights under the text, the text, the caret.
    fn paint(&self, ui: &Ui, page: &Page<'_>, shown: &[Shown], text_origin: Pos2, longest: usize) {
        let view = page.view;
        let painter = ui.painter_at(ui.clip_rect());
        // Reading text gets the strongest colour: the default widget grey tires the eye.
        let text_colour = ui.visuals().strong_text_color();
        let pixels_per_point = ui.ctx().pixels_per_point();
        let caret_colour = ui.visuals().text_cursor.stroke.color;
        let weak = ui.visuals().weak_text_color();
        let selection_fill = ui.visuals().selection.bg_fill.gamma_multiply(0.6);
        let layer_shown = |layer: &str| view.shows_layer(layer, page.only_layer);
        // Arrows need to know where annotations were painted; when no arrow can be drawn
        // (no link being made, none shown, the selection has none) nothing is noted.
        let relations = page.project.relations();
        let arrows = view.linking.is_some()
            || (view.show_relations && !relations.is_empty())
            || view.selected.is_some_and(|id| !relations.of(id).is_empty());
        let mut anchors = Anchors::default();
        let transfer = ui.visuals().text_options.color_transfer_function;
        let atlas_before = with_shaper(ui.ctx(), |s| {
            s.atlas.use_transfer(transfer);
            s.atlas.generation()
        });
        for paragraph in shown {
            let mut marks = marks_in_layers(
                page.project,
                &page.document.id,
                paragraph.chars.clone(),
                longest,
                &layer_shown,
            );
            if !view.layer_colours.is_empty() {
                for mark in &mut marks {
                    let layer = page.project.annotation(mark.id).map(|a| a.layer.as_str());
                    if let Some(colour) = layer.and_then(|l| view.layer_colours.get(l)) {
                        mark.underline = colour32(*colour);
                    }
                }
            }
            let at = text_origin + vec2(0.0, paragraph.y);
            let canvas = Canvas {
                painter: &painter,
                paragraph,
                at,
            };
            canvas.marks(&marks, view.selected, view.selected_range(), selection_fill);
            if arrows {
                for mark in &marks {
                    if let Some(rect) = canvas.first_rect(mark.start, mark.end) {
                        anchors.note(mark.id, rect);
                    }
                }
            }
            canvas.found(page.found);
            page_numbers(&painter, paragraph, &page.document.page_starts, at, weak);
            canvas.differences(page.differences, longest);
            if page.only_layer.is_none() {
                canvas.suggestions(page.suggestions, page.looked_at, &|tag| {
                    super::theme::tag_colour(page.project, tag)
                });
            }
            // On a whole pixel, so the glyphs' own pixels meet the screen's.
            let whole = (at.to_vec2() * pixels_per_point).round() / pixels_per_point;
            let glyphs = with_shaper(ui.ctx(), |s| {
                s.mesh(ui.ctx(), &paragraph.laid, text_colour, whole)
            });
            painter.add(egui::Shape::mesh(glyphs));
            if let Some(head) = view.caret() {
                canvas.caret(head, caret_colour);
            }
        }
        // A paragraph painted before the atlas grew this frame points at the wrong
        // texels: paint the frame again (the glyphs are in the atlas by then).
        if with_shaper(ui.ctx(), |s| s.atlas.flush()) != atlas_before {
            ui.ctx().request_discard("the glyph atlas grew");
        }
        if arrows {
            let drawn = relation_arrows::relations_to_draw(page.project, view, &anchors);
            let colours = (
                ui.visuals().hyperlink_color,
                super::rest::page_colour(ui.ctx()),
            );
            relation_arrows::paint(&painter, page.project, view, &anchors, &drawn, colours);
        }
    }
}

/// "p. 3" in the margin beside the row where each page of the file begins: what a
/// researcher cites a quote by. Empty pages (a picture, a blank page) are named with the
/// next, "p. 3–4".
fn page_numbers(
    painter: &egui::Painter,
    paragraph: &Shown,
    starts: &[usize],
    at: Pos2,
    colour: egui::Color32,
) {
    let first = starts.partition_point(|&s| s < paragraph.chars.start);
    let mut index = first;
    while index < starts.len() && starts[index] <= paragraph.chars.end {
        let start = starts[index];
        let mut last = index;
        while last + 1 < starts.len() && starts[last + 1] == start {
            last += 1;
        }
        // A page starting at the end of a paragraph begins with the next one.
        if start < paragraph.chars.end || paragraph.chars.is_empty() {
            let local = (start - paragraph.chars.start) as u32;
            let rect = paragraph.laid.char_rect(local);
            let label = if last > index {
                format!("p. {}–{}", index + 1, last + 1)
            } else {
                format!("p. {}", index + 1)
            };
            painter.text(
                pos2(at.x - 8.0, at.y + rect.min.y),
                egui::Align2::RIGHT_TOP,
                label,
                egui::FontId::proportional(11.0),
                colour,
            );
        }
        index = last + 1;
    }
}

/// The annotations (of the layers shown) covering `offset`, innermost first.
fn covering(
    project: &Project,
    document: &DocumentId,
    offset: usize,
    longest: usize,
    shown: &dyn Fn(&str) -> bool,
) -> Vec<AnnotationId> {
    let mut marks: Vec<Mark> =
        marks_in_layers(project, document, offset..offset + 1, longest, shown)
            .into_iter()
            .filter(|m| m.start <= offset && offset < m.end)
            .collect();
    marks.sort_by_key(|m| (m.end - m.start, m.id));
    marks.into_iter().map(|m| m.id).collect()
}
