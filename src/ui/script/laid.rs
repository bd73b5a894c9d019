//! One paragraph as laid out: its lines top to bottom, each line's clusters left to right
//! as drawn with the characters each draws (in the paragraph's code points), and the glyphs
//! to paint. Everything the view draws on text is measured from these clusters.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use parley::{FontData, Layout, PositionedLayoutItem};

/// A line of a laid-out paragraph, in points from the paragraph's top-left corner.
#[derive(Clone, Debug)]
pub struct Line {
    pub top: f32,
    pub bottom: f32,
    pub baseline: f32,
    /// The band the letters fill: from the tallest ascent to the deepest descent of the
    /// fonts on the line (highlights cover this, the room outside it holds underlines).
    pub text_top: f32,
    pub text_bottom: f32,
    /// Where the line's clusters begin and end across the paragraph.
    pub left: f32,
    pub right: f32,
    /// The characters of the line, in logical order (paragraph-local code points).
    pub chars: Range<u32>,
    /// Its clusters, an index range into [`Laid::clusters`].
    pub clusters: Range<u32>,
    /// The paragraph runs right to left: the line starts at its right end.
    pub rtl: bool,
    /// The line was wrapped after a space (which hangs past its end).
    pub wraps_after_space: bool,
}

/// The smallest piece of text drawn as one: a grapheme, or a part of a ligature.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cluster {
    /// The characters it draws, paragraph-local code points.
    pub start: u32,
    pub end: u32,
    /// Its left edge and advance, in points.
    pub x: f32,
    pub width: f32,
    pub rtl: bool,
    /// No font had a glyph for it: drawn as a box.
    pub missing: bool,
    /// It continues a ligature begun by the cluster before it in logical order (it draws
    /// no glyph of its own, and takes a share of the ligature's advance).
    pub ligature: bool,
    /// The face its run is drawn in (the engine's number for it).
    pub face: u16,
    /// Its first glyph in that face (0 where it has none of its own).
    pub glyph: u32,
}

/// A glyph to paint: which face (the engine's number for it), which glyph, and where its
/// origin sits on the baseline, in points from the paragraph's top-left corner.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Glyph {
    pub face: u16,
    pub id: u32,
    pub x: f32,
    pub y: f32,
    pub size: f32,
    /// Placed to a quarter pixel across (not a full-width glyph: those are many, and
    /// four renderings of each would crowd the atlas, as egui finds for Chinese).
    pub subpixel: bool,
}

/// What a mesh of the glyphs was built for: the atlas it points into, the screen's scale
/// and the text's colour.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct MeshKey {
    pub atlas: u64,
    pub pixels_per_point: u32,
    pub colour: egui::Color32,
}

/// The glyphs as a mesh from the paragraph's corner, and the same placed where it was
/// painted last (a still frame paints it again as it is; a scroll moves a copy).
pub(crate) struct Meshes {
    pub key: MeshKey,
    pub base: Arc<egui::Mesh>,
    pub placed: Option<(egui::Vec2, Arc<egui::Mesh>)>,
}

/// Numbers the face a glyph run is drawn in (its font and variation coordinates), and
/// says whether the face has outlines to draw.
pub(crate) type FaceOf<'a> = dyn FnMut(&FontData, &[i16]) -> (u16, bool) + 'a;

pub struct Laid {
    pub lines: Vec<Line>,
    pub clusters: Vec<Cluster>,
    pub(crate) glyphs: Vec<Glyph>,
    pub width: f32,
    pub height: f32,
    /// The paragraph's base direction is right to left.
    pub rtl: bool,
    /// The paragraph's length in code points.
    pub chars: u32,
    /// The glyphs as a mesh, built on first paint and kept while its key holds.
    pub(crate) mesh: Mutex<Option<Meshes>>,
}

impl Laid {
    /// Reads parley's layout of `text`; `face` numbers the fonts its glyph runs use.
    pub(crate) fn from_layout(layout: &Layout<()>, text: &str, face: &mut FaceOf<'_>) -> Self {
        let code_point = code_points_by_byte(text);
        let at = |byte: usize| code_point.get(byte).copied().unwrap_or(0);
        let mut lines = Vec::with_capacity(layout.len());
        let mut clusters = Vec::new();
        let mut glyphs = Vec::new();
        let mut width: f32 = 0.0;
        for line in layout.lines() {
            let metrics = line.metrics();
            let first = clusters.len() as u32;
            let mut x = metrics.offset + metrics.inline_min_coord;
            let left = x;
            for run in line.runs() {
                let coords = coords_of(&run);
                // A font without outlines (a colour bitmap emoji font) draws nothing here.
                let (run_face, drawable) = face(run.font(), &coords);
                for cluster in run.visual_clusters() {
                    let bytes = cluster.text_range();
                    clusters.push(Cluster {
                        start: at(bytes.start),
                        end: at(bytes.end),
                        x,
                        width: cluster.advance(),
                        rtl: cluster.is_rtl(),
                        missing: cluster.glyphs().any(|g| g.id == 0)
                            || (!drawable && !cluster.is_space_or_nbsp()),
                        ligature: cluster.is_ligature_continuation(),
                        face: run_face,
                        glyph: cluster.glyphs().next().map_or(0, |g| g.id),
                    });
                    x += cluster.advance();
                }
            }
            for item in line.items() {
                if let PositionedLayoutItem::GlyphRun(run) = item {
                    let size = run.run().font_size();
                    let (face, _) = face(run.run().font(), &coords_of(run.run()));
                    glyphs.extend(run.positioned_glyphs().map(|g| Glyph {
                        face,
                        id: g.id,
                        x: g.x,
                        y: g.y,
                        size,
                        subpixel: g.advance < 0.9 * size,
                    }));
                }
            }
            let bytes = line.text_range();
            width = width.max(x);
            lines.push(Line {
                top: metrics.block_min_coord,
                bottom: metrics.block_max_coord,
                baseline: metrics.baseline,
                text_top: metrics.content_block_min_coord,
                text_bottom: metrics.content_block_max_coord,
                left,
                right: x,
                chars: at(bytes.start)..at(bytes.end),
                clusters: first..clusters.len() as u32,
                rtl: layout.is_rtl(),
                wraps_after_space: metrics.hanging_advance > 0.0,
            });
        }
        Self {
            lines,
            clusters,
            glyphs,
            width: width.max(layout.width()),
            height: layout.height(),
            rtl: layout.is_rtl(),
            chars: at(text.len()),
            mesh: Mutex::new(None),
        }
    }

    /// The clusters of line `index`, left to right.
    pub fn line_clusters(&self, index: usize) -> &[Cluster] {
        let range = &self.lines[index].clusters;
        &self.clusters[range.start as usize..range.end as usize]
    }

    /// Lets the glyphs' mesh go (the paragraph is out of view); painting builds it again.
    pub fn forget_mesh(&self) {
        *self.mesh.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// The first character of each cluster drawn without a glyph.
    pub fn missing(&self) -> impl Iterator<Item = u32> + '_ {
        self.clusters.iter().filter(|c| c.missing).map(|c| c.start)
    }
}

/// Where on its font's variation axes a run is drawn.
fn coords_of(run: &parley::Run<'_, ()>) -> Vec<i16> {
    run.normalized_coords()
        .iter()
        .map(|c| c.to_bits())
        .collect()
}

/// For each byte offset of `text`, the code point it begins (an offset inside a character
/// is given the character's own); `text.len()` maps to the count of code points.
fn code_points_by_byte(text: &str) -> Vec<u32> {
    let mut map = vec![0; text.len() + 1];
    let mut count = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((byte, c)) = chars.next() {
        for slot in &mut map[byte..byte + c.len_utf8()] {
            *slot = count;
        }
        count += 1;
        if chars.peek().is_none() {
            map[text.len()] = count;
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offsets_map_to_the_code_points_they_begin() {
        // "a", "é" (2 bytes), "中" (3 bytes), "👩" (4 bytes).
        let map = code_points_by_byte("aé中👩");
        assert_eq!(map, [0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4]);
        assert_eq!(code_points_by_byte(""), [0]);
    }

    #[test]
    fn brackets_are_mirrored_in_right_to_left_text() {
        use super::super::{Direction, FontChoice, Setting, Shaper};
        let setting = Setting {
            size: 16.0,
            line_height: 30.0,
            direction: Direction::Auto,
        };
        let mut shaper = Shaper::new(&FontChoice::default());
        let glyph_of = |laid: &Laid, text: &str, c: char| {
            let at = text.chars().position(|x| x == c).expect("in the text") as u32;
            laid.clusters
                .iter()
                .find(|k| k.start == at)
                .map(|k| k.glyph)
        };
        let ltr_text = "abc (de) fg";
        let rtl_text = "در (سال) ۲۰۲۵";
        let ltr = shaper.lay_out(ltr_text, None, setting);
        let rtl = shaper.lay_out(rtl_text, None, setting);
        assert!(rtl.rtl && !ltr.rtl);
        // In right-to-left text "(" is drawn with the glyph of ")", and the other way round.
        assert_eq!(glyph_of(&rtl, rtl_text, '('), glyph_of(&ltr, ltr_text, ')'));
        assert_eq!(glyph_of(&rtl, rtl_text, ')'), glyph_of(&ltr, ltr_text, '('));
        assert_ne!(glyph_of(&ltr, ltr_text, '('), glyph_of(&ltr, ltr_text, ')'));
    }
}
