//! Where each paragraph of the open document sits, laid out only when it is looked at.
//!
//! A paragraph's galley depends on its text, the width and the style, never on the
//! annotations (those are painted over it), so editing annotations lays out nothing. A
//! paragraph not yet seen has an estimated height from its length; once laid out, its real
//! height replaces the estimate. Galleys far from view are dropped, heights are kept.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Align, Color32, FontId, Galley, TextFormat, Ui};

use crate::model::Document;

pub const FONT_SIZE: f32 = 16.0;
/// Room above and below each line of text; the part below holds the underlines.
pub const LINE_GAP: f32 = 14.0;
pub const PARAGRAPH_GAP: f32 = 8.0;
/// Laid-out paragraphs kept while scrolling; older ones are dropped past this many.
const KEEP_GALLEYS: usize = 400;

/// A paragraph on screen this frame: which chars, where (relative to the text's top-left
/// corner), and its galley.
pub struct Shown {
    pub chars: Range<usize>,
    pub y: f32,
    pub galley: Arc<Galley>,
}

#[derive(Clone, PartialEq)]
struct Key {
    /// The text's hash: the layout depends on the text, not on which document holds it (a
    /// removed document's id can come back with another text).
    text: String,
    width_bits: u32,
    colour: Color32,
}

struct Cached {
    galley: Arc<Galley>,
    used: u64,
}

#[derive(Default)]
pub struct Paragraphs {
    key: Option<Key>,
    format: TextFormat,
    width: f32,
    font_height: f32,
    char_width: f32,
    /// Height of each paragraph including the gap after it: measured or estimated.
    heights: Vec<f32>,
    /// `tops[i]` is where paragraph `i` starts; `tops[len]` is the total height.
    tops: Vec<f32>,
    tops_stale: bool,
    galleys: HashMap<usize, Cached>,
    frame: u64,
}

impl Paragraphs {
    /// Gets ready for a frame: starts over when the text, width or colour changed.
    pub fn prepare(&mut self, ui: &Ui, document: &Document, width: f32, colour: Color32) {
        self.frame += 1;
        let unchanged = self.key.as_ref().is_some_and(|k| {
            k.text == document.content_hash()
                && k.width_bits == width.to_bits()
                && k.colour == colour
        });
        if unchanged {
            return;
        }
        let key = Key {
            text: document.content_hash().to_owned(),
            width_bits: width.to_bits(),
            colour,
        };
        let font_id = FontId::proportional(FONT_SIZE);
        self.font_height = ui.fonts_mut(|f| f.row_height(&font_id));
        self.format = TextFormat {
            font_id,
            color: colour,
            line_height: Some(self.font_height + LINE_GAP),
            valign: Align::Center,
            ..Default::default()
        };
        // The average advance of running text, to estimate paragraphs not yet laid out.
        let sample = "The Kremlin said on Monday that talks with the delegation would resume.";
        let sample_galley = ui.fonts_mut(|f| {
            f.layout_job(LayoutJob::single_section(
                sample.to_owned(),
                self.format.clone(),
            ))
        });
        self.char_width = sample_galley.size().x / sample.chars().count() as f32;
        self.width = width;
        let text = document.text();
        self.heights = text
            .paragraphs()
            .iter()
            .map(|p| self.estimate(p.end - p.start))
            .collect();
        self.galleys.clear();
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

    /// The paragraph's galley, laying it out if needed (which fixes its height).
    pub fn galley(&mut self, ui: &Ui, document: &Document, index: usize) -> Arc<Galley> {
        let frame = self.frame;
        if let Some(cached) = self.galleys.get_mut(&index) {
            cached.used = frame;
            return cached.galley.clone();
        }
        let galley = self.lay_out_once(ui, document, index);
        let height = self.height_of(&galley);
        if (self.heights[index] - height).abs() > 0.01 {
            self.heights[index] = height;
            self.tops_stale = true;
        }
        self.galleys.insert(
            index,
            Cached {
                galley: galley.clone(),
                used: frame,
            },
        );
        galley
    }

    /// Paragraph `index` laid out as [`Self::galley`] does, without keeping it (the
    /// layout dump walks a whole book).
    pub fn lay_out_once(&self, ui: &Ui, document: &Document, index: usize) -> Arc<Galley> {
        let text = document.text();
        let range = &text.paragraphs()[index];
        let mut job = LayoutJob::single_section(
            text.slice(range.start, range.end).to_owned(),
            self.format.clone(),
        );
        job.wrap.max_width = self.width;
        ui.fonts_mut(|f| f.layout_job(job))
    }

    /// The height a laid-out paragraph takes, the gap after it included.
    pub fn height_of(&self, galley: &Galley) -> f32 {
        galley.size().y.max(self.row_height()) + PARAGRAPH_GAP
    }

    /// The paragraphs that meet the band `top..bottom` of the text, laid out, top to bottom.
    pub fn shown(&mut self, ui: &Ui, document: &Document, top: f32, bottom: f32) -> Vec<Shown> {
        let ranges = document.text().paragraphs();
        let mut shown = Vec::new();
        let mut index = self.index_at(top);
        let mut y = self.top(index);
        while index < self.len() && y < bottom {
            let galley = self.galley(ui, document, index);
            shown.push(Shown {
                chars: ranges[index].clone(),
                y,
                galley,
            });
            y += self.height(index);
            index += 1;
        }
        shown
    }

    /// A galley laid out earlier, without laying anything out.
    pub fn cached_galley(&self, index: usize) -> Option<&Arc<Galley>> {
        self.galleys.get(&index).map(|c| &c.galley)
    }

    /// Ends the frame: brings the tops up to date and forgets galleys long out of view.
    pub fn finish_frame(&mut self) {
        self.refresh_tops();
        if self.galleys.len() > KEEP_GALLEYS {
            let mut used: Vec<u64> = self.galleys.values().map(|c| c.used).collect();
            used.sort_unstable();
            let cutoff = used[used.len() - KEEP_GALLEYS / 2];
            self.galleys.retain(|_, c| c.used >= cutoff);
        }
    }
}
