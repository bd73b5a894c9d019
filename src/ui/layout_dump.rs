//! The document view's layout as data, for tests and bug reports (`annotary layout`):
//! every wrapped line top to bottom with its clusters left to right as drawn, and each
//! annotation's rectangles, laid out by the view's own code at a given width. Offsets are
//! code points of the document, x is in points from the text's left edge.
//!
//! A cluster is what the text engine draws as one (a grapheme, or one part of a ligature)
//! with the characters it draws, so a right-to-left run lists its clusters left to right
//! as seen, each with its own logical characters.

use std::sync::Arc;

use serde::Serialize;

use crate::model::{Document, Project};

use super::paragraphs::Paragraphs;
use super::script::{Band, Direction, FontChoice};

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
    /// The characters it draws.
    pub text: String,
    pub x: f32,
    pub width: f32,
    /// The family of the font it is drawn in.
    pub font: String,
    /// It continues a ligature begun by the cluster before it in logical order.
    pub ligature: bool,
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
/// tried in order after egui's Latin font; no system fonts, so the dump is the same on
/// every machine), and places each of its annotations (every layer).
pub fn layout(
    project: &Project,
    document: &Document,
    width: Option<f32>,
    fonts: &[Vec<u8>],
) -> LayoutDump {
    let ctx = egui::Context::default();
    let choice = FontChoice {
        system: false,
        files: fonts.iter().map(|f| Arc::new(f.clone())).collect(),
    };
    super::script::install(&ctx, &choice);
    let width = width.unwrap_or_else(|| super::document_view::measure(&ctx.global_style()));
    let mut walk = Walk::new(&ctx, project, document, width);
    // Paragraph by paragraph, each layout let go once read: a book is never held laid
    // out all at once.
    for index in 0..document.text().paragraphs().len() {
        walk.step(&ctx, document, index);
    }
    let mut missing: Vec<char> = walk.missing.into_iter().collect();
    missing.sort_unstable();
    LayoutDump {
        width,
        lines: walk.lines,
        annotations: walk.placed,
        missing_glyphs: missing.into_iter().collect(),
    }
}

/// The dump as it is being made, paragraph after paragraph.
struct Walk {
    paragraphs: Paragraphs,
    placed: Vec<Placed>,
    /// Each annotation's pieces (its place in `placed`, start, end) by paragraph.
    pieces: std::collections::HashMap<usize, Vec<(usize, usize, usize)>>,
    lines: Vec<Line>,
    missing: std::collections::BTreeSet<char>,
    fonts: FaceNames,
    /// Where the next paragraph begins.
    top: f32,
}

impl Walk {
    fn new(ctx: &egui::Context, project: &Project, document: &Document, width: f32) -> Self {
        let mut paragraphs = Paragraphs::default();
        paragraphs.prepare(ctx, document, width, Direction::of(document));
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
            paragraphs,
            placed,
            pieces,
            lines: Vec::new(),
            missing: Default::default(),
            fonts: FaceNames::default(),
            top: 0.0,
        }
    }

    /// Lays out paragraph `index`: its lines, and the rectangles of the annotations in it.
    fn step(&mut self, ctx: &egui::Context, document: &Document, index: usize) {
        let text = document.text();
        let chars = text.paragraphs()[index].clone();
        let laid = self.paragraphs.lay_out_once(ctx, document, index);
        let top = self.top;
        let fonts = &mut self.fonts;
        for (n, line) in laid.lines.iter().enumerate() {
            let clusters = laid
                .line_clusters(n)
                .iter()
                .map(|c| {
                    let (start, end) =
                        (chars.start + c.start as usize, chars.start + c.end as usize);
                    let drawn = text.slice(start, end);
                    if c.missing {
                        self.missing
                            .extend(drawn.chars().filter(|&ch| drawable(ch)));
                    }
                    Cluster {
                        start,
                        end,
                        text: drawn.to_owned(),
                        x: c.x,
                        width: c.width,
                        font: fonts.name(ctx, c.face),
                        ligature: c.ligature,
                    }
                })
                .collect();
            self.lines.push(Line {
                top: top + line.top,
                bottom: top + line.bottom,
                clusters,
            });
        }
        let here = self.pieces.get(&index).map_or(&[][..], Vec::as_slice);
        for &(n, start, end) in here {
            let (from, to) = (
                start.max(chars.start) - chars.start,
                end.min(chars.end).max(chars.start) - chars.start,
            );
            // As the highlight is painted: the letters' band grown by a point above and
            // below.
            let rects = laid
                .rects(from as u32, to as u32, Band::Text)
                .into_iter()
                .map(|r| Edges {
                    left: r.min.x,
                    top: top + r.min.y - 1.0,
                    right: r.max.x,
                    bottom: top + r.max.y + 1.0,
                });
            self.placed[n].rects.extend(rects);
        }
        self.top += self.paragraphs.height_of(&laid);
    }
}

/// The family names of the faces met so far, each read once.
#[derive(Default)]
struct FaceNames(std::collections::HashMap<u16, String>);

impl FaceNames {
    fn name(&mut self, ctx: &egui::Context, face: u16) -> String {
        self.0
            .entry(face)
            .or_insert_with(|| super::script::with_shaper(ctx, |s| s.face_name(face)))
            .clone()
    }
}

/// A character with a glyph to draw (not a space, a control or a format character).
fn drawable(c: char) -> bool {
    !c.is_whitespace() && !c.is_control() && !is_format(c)
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
    distinct.into_iter().filter(|&c| drawable(c))
}

/// Characters that shape text without a glyph of their own (joiners, direction marks,
/// variation selectors).
fn is_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}
