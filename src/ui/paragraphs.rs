//! Where each paragraph of the open document sits, laid out only when it is looked at.
//!
//! A paragraph's layout (by the `script` engine) depends on its text, the width and the
//! paragraph direction, never on the annotations (those are painted over it), so editing
//! annotations lays out nothing. A paragraph not yet seen has an estimated height from its
//! length; once laid out, its real height replaces the estimate. Layouts far from view are
//! dropped, heights are kept.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::model::Document;

use super::script::{Direction, Laid, Setting, with_shaper};

pub const FONT_SIZE: f32 = 16.0;
/// Room above and below each line of text; the part below holds the underlines.
pub const LINE_GAP: f32 = 14.0;
pub const PARAGRAPH_GAP: f32 = 8.0;
/// Laid-out paragraphs kept while scrolling; older ones are dropped past this many.
const KEEP_LAID: usize = 400;

/// A paragraph on screen this frame: which chars, where (relative to the text's top-left
/// corner), and its layout.
pub struct Shown {
    pub chars: Range<usize>,
    pub y: f32,
    pub laid: Arc<Laid>,
}

#[derive(Clone, PartialEq)]
struct Key {
    /// The text's hash: the layout depends on the text, not on which document holds it (a
    /// removed document's id can come back with another text).
    text: String,
    width_bits: u32,
    direction: Direction,
}

struct Cached {
    laid: Arc<Laid>,
    used: u64,
}

#[derive(Default)]
pub struct Paragraphs {
    key: Option<Key>,
    setting: Option<Setting>,
    width: f32,
    font_height: f32,
    char_width: f32,
    /// Height of each paragraph including the gap after it: measured or estimated.
    heights: Vec<f32>,
    /// `tops[i]` is where paragraph `i` starts; `tops[len]` is the total height.
    tops: Vec<f32>,
    tops_stale: bool,
    laid: HashMap<usize, Cached>,
    frame: u64,
}

impl Paragraphs {
    /// Gets ready for a frame: starts over when the text, width or direction changed.
    pub fn prepare(
        &mut self,
        ctx: &egui::Context,
        document: &Document,
        width: f32,
        direction: Direction,
    ) {
        self.frame += 1;
        let unchanged = self.key.as_ref().is_some_and(|k| {
            k.text == document.content_hash()
                && k.width_bits == width.to_bits()
                && k.direction == direction
        });
        if unchanged {
            return;
        }
        let key = Key {
            text: document.content_hash().to_owned(),
            width_bits: width.to_bits(),
            direction,
        };
        // The body font's height and the average advance of running text, to space lines
        // and to estimate paragraphs not yet laid out.
        let sample = "The Kremlin said on Monday that talks with the delegation would resume.";
        let probe = Setting {
            size: FONT_SIZE,
            line_height: FONT_SIZE,
            direction: Direction::LeftToRight,
        };
        let laid = with_shaper(ctx, |s| s.lay_out(sample, None, probe));
        self.font_height = laid
            .lines
            .first()
            .map_or(FONT_SIZE, |l| l.text_bottom - l.text_top);
        self.char_width = laid.width / sample.chars().count() as f32;
        self.setting = Some(Setting {
            size: FONT_SIZE,
            line_height: self.font_height + LINE_GAP,
            direction,
        });
        self.width = width;
        let text = document.text();
        self.heights = text
            .paragraphs()
            .iter()
            .map(|p| self.estimate(p.end - p.start))
            .collect();
        self.laid.clear();
        self.tops_stale = true;
        self.key = Some(key);
    }

    fn row_height(&self) -> f32 {
        self.font_height + LINE_GAP
    }

    fn estimate(&self, chars: usize) -> f32 {
        let per_row = (self.width / self.char_width.max(1.0)).max(1.0);
        let rows = (chars as f32 / per_row).ceil().max(1.0);
        rows * self.row_height() + PARAGRAPH_GAP
    }

    pub fn font_height(&self) -> f32 {
        self.font_height
    }

    /// A paragraph's height with the gap after it: measured once laid out, else estimated.
    pub fn height(&self, index: usize) -> f32 {
        self.heights.get(index).copied().unwrap_or(0.0)
    }

    pub fn len(&self) -> usize {
        self.heights.len()
    }

    fn refresh_tops(&mut self) {
        if !self.tops_stale {
            return;
        }
        self.tops.clear();
        self.tops.reserve(self.heights.len() + 1);
        let mut y = 0.0;
        self.tops.push(y);
        for height in &self.heights {
            y += height;
            self.tops.push(y);
        }
        self.tops_stale = false;
    }

    pub fn total_height(&mut self) -> f32 {
        self.refresh_tops();
        self.tops.last().copied().unwrap_or(0.0)
    }

    pub fn top(&mut self, index: usize) -> f32 {
        self.refresh_tops();
        self.tops.get(index).copied().unwrap_or(0.0)
    }

    /// The top of a paragraph as of the last refresh, for read-only queries between frames.
    pub fn known_top(&self, index: usize) -> Option<f32> {
        (!self.tops_stale)
            .then(|| self.tops.get(index).copied())
            .flatten()
    }

    /// The paragraph at height `y` (clamped to the first and last).
    pub fn index_at(&mut self, y: f32) -> usize {
        self.refresh_tops();
        self.tops
            .partition_point(|&top| top <= y)
            .saturating_sub(1)
            .min(self.heights.len().saturating_sub(1))
    }

    /// The paragraph's layout, laying it out if needed (which fixes its height).
    pub fn laid(&mut self, ctx: &egui::Context, document: &Document, index: usize) -> Arc<Laid> {
        let frame = self.frame;
        if let Some(cached) = self.laid.get_mut(&index) {
            cached.used = frame;
            return cached.laid.clone();
        }
        let laid = Arc::new(self.lay_out_once(ctx, document, index));
        let height = self.height_of(&laid);
        if (self.heights[index] - height).abs() > 0.01 {
            self.heights[index] = height;
            self.tops_stale = true;
        }
        self.laid.insert(
            index,
            Cached {
                laid: laid.clone(),
                used: frame,
            },
        );
        laid
    }

    /// Paragraph `index` laid out as [`Self::laid`] does, without keeping it (the layout
    /// dump walks a whole book).
    pub fn lay_out_once(&self, ctx: &egui::Context, document: &Document, index: usize) -> Laid {
        let text = document.text();
        let range = &text.paragraphs()[index];
        let setting = self.setting.unwrap_or(Setting {
            size: FONT_SIZE,
            line_height: FONT_SIZE + LINE_GAP,
            direction: Direction::Auto,
        });
        let paragraph = text.slice(range.start, range.end);
        with_shaper(ctx, |s| s.lay_out(paragraph, Some(self.width), setting))
    }

    /// The height a laid-out paragraph takes, the gap after it included.
    pub fn height_of(&self, laid: &Laid) -> f32 {
        laid.height.max(self.row_height()) + PARAGRAPH_GAP
    }

    /// The paragraphs that meet the band `top..bottom` of the text, laid out, top to bottom.
    pub fn shown(
        &mut self,
        ctx: &egui::Context,
        document: &Document,
        top: f32,
        bottom: f32,
    ) -> Vec<Shown> {
        let ranges = document.text().paragraphs();
        let mut shown = Vec::new();
        let mut index = self.index_at(top);
        let mut y = self.top(index);
        while index < self.len() && y < bottom {
            let laid = self.laid(ctx, document, index);
            shown.push(Shown {
                chars: ranges[index].clone(),
                y,
                laid,
            });
            y += self.height(index);
            index += 1;
        }
        shown
    }

    /// A layout made earlier, without laying anything out.
    pub fn cached(&self, index: usize) -> Option<&Arc<Laid>> {
        self.laid.get(&index).map(|c| &c.laid)
    }

    /// Ends the frame: brings the tops up to date, lets the glyph meshes of paragraphs out
    /// of view go (a mesh is ten times its paragraph's layout; built again in a
    /// millisecond when it comes back) and forgets layouts long out of view.
    pub fn finish_frame(&mut self) {
        self.refresh_tops();
        for cached in self.laid.values().filter(|c| c.used != self.frame) {
            cached.laid.forget_mesh();
        }
        if self.laid.len() > KEEP_LAID {
            let mut used: Vec<u64> = self.laid.values().map(|c| c.used).collect();
            used.sort_unstable();
            let cutoff = used[used.len() - KEEP_LAID / 2];
            self.laid.retain(|_, c| c.used >= cutoff);
        }
    }
}
