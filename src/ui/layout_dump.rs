//! The document view's layout as data, for tests and bug reports (`annotary layout`):
//! every wrapped line top to bottom with its clusters left to right as drawn, and each
//! annotation's rectangles, laid out by the view's own code at a given width. Offsets are
//! code points of the document, x is in points from the text's left edge.
//!
//! A cluster is one glyph as drawn (egui shapes runs of one font with HarfBuzz's rules, so
//! a right-to-left run's glyphs come in visual order, and a ligature or a split vowel
//! changes their count), with the text it draws and the characters the view takes it for:
//! today's view counts one glyph as one character in logical order, which is exactly
//! where its highlights and clicks go wrong on such text.

use egui::{Color32, RawInput, Rect, pos2, vec2};
use serde::Serialize;

use crate::model::{Document, Project};

use super::paragraphs::Paragraphs;
use super::text_paint::range_rects;

#[derive(Debug, Serialize)]
pub struct LayoutDump {
    pub width: f32,
    pub lines: Vec<Line>,
    pub annotations: Vec<Placed>,
    /// The document's characters no font has a glyph for (drawn as boxes), sorted.
    pub missing_glyphs: String,
}

/// One wrapped line of a paragraph.
#[derive(Debug, Serialize)]
pub struct Line {
    pub top: f32,
    pub bottom: f32,
    pub clusters: Vec<Cluster>,
}

/// What is drawn as one unit: the characters the view takes it for, what it draws, and
/// where.
#[derive(Debug, Serialize)]
pub struct Cluster {
    pub start: usize,
    pub end: usize,
    /// The character the glyph draws (the first of its shaping cluster).
    pub text: String,
    pub x: f32,
    pub width: f32,
}

/// An annotation's characters and the rectangles its highlight fills.
#[derive(Debug, Serialize)]
pub struct Placed {
    pub id: u64,
    pub ranges: Vec<[usize; 2]>,
    pub rects: Vec<Edges>,
}

#[derive(Debug, Serialize)]
pub struct Edges {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

/// Lays out all of `document` at `width` points as the view does (by default the widest
/// column the view draws, its measure), with egui's own fonts and `fonts` (files' bytes,
/// tried in order after them), and places each of its annotations (every layer).
pub fn layout(
    project: &Project,
    document: &Document,
    width: Option<f32>,
    fonts: &[Vec<u8>],
) -> LayoutDump {
    let ctx = egui::Context::default();
    for (n, bytes) in fonts.iter().enumerate() {
        ctx.add_font(egui::epaint::text::FontInsert::new(
            &format!("added {n}"),
            egui::FontData::from_owned(bytes.clone()),
            vec![egui::epaint::text::InsertFontFamily {
                family: egui::FontFamily::Proportional,
                priority: egui::epaint::text::FontPriority::Lowest,
            }],
        ));
    }
    let input = RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(2000.0, 800.0))),
        ..Default::default()
    };
    // A few hundred paragraphs per pass: egui keeps a pass's galleys until the next one,
    // so a book is not held laid out all at once.
    let count = document.text().paragraphs().len();
    let mut walk: Option<Walk> = None;
    let mut missing = String::new();
    loop {
        let mut output = ctx.run_ui(input.clone(), |ui| {
            let walk = walk.get_or_insert_with(|| Walk::new(ui, project, document, width));
            walk.step(ui, document, PER_PASS);
            if walk.next >= count {
                missing = missing_glyphs(ui, document);
            }
        });
        // Nothing is drawn: the font atlas's updates have nowhere to go.
        output.textures_delta.clear();
        if walk.as_ref().is_none_or(|w| w.next >= count) {
            break;
        }
    }
    match walk {
        Some(walk) => LayoutDump {
            width: walk.width,
            lines: walk.lines,
            annotations: walk.placed,
            missing_glyphs: missing,
        },
        None => LayoutDump {
            width: width.unwrap_or(0.0),
            lines: Vec::new(),
            annotations: Vec::new(),
            missing_glyphs: missing,
        },
    }
}

/// Paragraphs laid out per pass.
const PER_PASS: usize = 400;

/// The dump as it is being made, paragraph after paragraph.
struct Walk {
    width: f32,
    paragraphs: Paragraphs,
    placed: Vec<Placed>,
    /// Each annotation's pieces (its place in `placed`, start, end) by paragraph.
    pieces: std::collections::HashMap<usize, Vec<(usize, usize, usize)>>,
    lines: Vec<Line>,
    /// Where the next paragraph begins.
    top: f32,
    next: usize,
}

impl Walk {
    fn new(ui: &egui::Ui, project: &Project, document: &Document, width: Option<f32>) -> Self {
        let width = width.unwrap_or_else(|| super::document_view::measure(ui));
        let mut paragraphs = Paragraphs::default();
        paragraphs.prepare(ui, document, width, Color32::WHITE);
        let text = document.text();
        let mut placed = Vec::new();
        let mut pieces: std::collections::HashMap<usize, Vec<(usize, usize, usize)>> =
            Default::default();
        for (n, a) in project.annotations_in(&document.id).iter().enumerate() {
            let ranges: Vec<[usize; 2]> = if a.fragments.is_empty() {
                vec![[a.start, a.end]]
            } else {
                a.fragments.iter().map(|&(s, e)| [s, e]).collect()
            };
            for &[start, end] in &ranges {
                let first = text.paragraph_at(start);
                let last = text.paragraph_at(end.saturating_sub(1).max(start));
                for index in first..=last {
                    pieces.entry(index).or_default().push((n, start, end));
                }
            }
            placed.push(Placed {
                id: a.id.0,
                ranges,
                rects: Vec::new(),
            });
        }
        Self {
            width,
            paragraphs,
            placed,
            pieces,
            lines: Vec::new(),
            top: 0.0,
            next: 0,
        }
    }

    /// Lays out the next `count` paragraphs: their lines, and the rectangles of the
    /// annotations in them.
    fn step(&mut self, ui: &egui::Ui, document: &Document, count: usize) {
        let lines_of = document.text().paragraphs();
        let font = self.paragraphs.font_height();
        let end = (self.next + count).min(lines_of.len());
        for (index, chars) in lines_of.iter().enumerate().take(end).skip(self.next) {
            let galley = self.paragraphs.lay_out_once(ui, document, index);
            let top = self.top;
            let mut at = chars.start;
            for row in &galley.rows {
                let clusters = row
                    .glyphs
                    .iter()
                    .enumerate()
                    .map(|(i, glyph)| Cluster {
                        start: at + i,
                        end: at + i + 1,
                        text: glyph.chr.to_string(),
                        x: row.pos.x + glyph.pos.x,
                        width: glyph.advance_width,
                    })
                    .collect();
                at += row.char_count_including_newline().0;
                self.lines.push(Line {
                    top: top + row.min_y(),
                    bottom: top + row.max_y(),
                    clusters,
                });
            }
            let here = self.pieces.get(&index).map_or(&[][..], Vec::as_slice);
            for &(n, start, end) in here {
                let (from, to) = (
                    start.max(chars.start) - chars.start,
                    end.min(chars.end).max(chars.start) - chars.start,
                );
                // As the highlight is painted: the row trimmed to the glyphs' height,
                // then grown by a point above and below.
                let rects = range_rects(&galley, from, to).into_iter().map(|r| {
                    let pad = ((r.height() - font) / 2.0).max(0.0) - 1.0;
                    Edges {
                        left: r.min.x,
                        top: top + r.min.y + pad,
                        right: r.max.x,
                        bottom: top + r.max.y - pad,
                    }
                });
                self.placed[n].rects.extend(rects);
            }
            self.top += self.paragraphs.height_of(&galley);
        }
        self.next = end;
    }
}

/// The characters of `document` that no font of `ui` draws (spaces and controls, which
/// have no glyph to draw, left out).
pub fn missing_glyphs(ui: &egui::Ui, document: &Document) -> String {
    let font = egui::FontId::proportional(super::paragraphs::FONT_SIZE);
    ui.fonts_mut(|f| {
        drawable_chars(document)
            .filter(|&c| !f.has_glyph(&font, c))
            .collect()
    })
}

/// The distinct characters of `document` that would have a glyph (spaces, controls and
/// format characters left out), in code-point order.
pub(super) fn drawable_chars(document: &Document) -> impl Iterator<Item = char> {
    // A book has millions of characters and a few hundred distinct ones: the common ones
    // (the Basic Multilingual Plane) are marked in a table, the rest in a set.
    let mut plane = vec![false; 0x1_0000];
    let mut astral = std::collections::BTreeSet::new();
    for c in document.text().as_str().chars() {
        match usize::try_from(u32::from(c)) {
            Ok(at) if at < plane.len() => plane[at] = true,
            _ => {
                astral.insert(c);
            }
        }
    }
    let distinct: Vec<char> = plane
        .iter()
        .enumerate()
        .filter(|(_, seen)| **seen)
        .filter_map(|(at, _)| char::from_u32(at as u32))
        .chain(astral)
        .collect();
    distinct
        .into_iter()
        .filter(|&c| !c.is_whitespace() && !c.is_control() && !is_format(c))
}

/// Characters that shape text without a glyph of their own (joiners, direction marks,
/// variation selectors).
fn is_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}
