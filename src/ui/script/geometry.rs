//! Where things are in a laid-out paragraph: the rectangles a range of characters covers
//! (several on one line where directions mix), where the caret stands at an offset, and
//! which offset a point picks. All in points from the paragraph's top-left corner, offsets
//! in paragraph-local code points.

use egui::{Pos2, Rect, pos2};

use super::laid::{Cluster, Laid};

/// How tall a rectangle over text is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Band {
    /// The band the letters fill (highlights, outlines, the selection).
    Text,
    /// The whole line, gaps included (scrolling a line into view).
    Line,
}

impl Laid {
    /// The rectangles covering the clusters of `from..to`: on each line one per stretch of
    /// adjacent clusters, left to right, lines top to bottom.
    pub fn rects(&self, from: u32, to: u32, band: Band) -> Vec<Rect> {
        let mut rects = Vec::new();
        if from >= to {
            return rects;
        }
        for (index, line) in self.lines.iter().enumerate() {
            if line.chars.end <= from {
                continue;
            }
            if line.chars.start >= to {
                break;
            }
            let (top, bottom) = self.band(index, band);
            let mut open: Option<(f32, f32)> = None;
            for cluster in self.line_clusters(index) {
                if cluster.start < to && cluster.end > from {
                    let right = cluster.x + cluster.width;
                    open = Some(open.map_or((cluster.x, right), |(l, _)| (l, right)));
                } else if let Some((left, right)) = open.take() {
                    rects.push(Rect::from_min_max(pos2(left, top), pos2(right, bottom)));
                }
            }
            if let Some((left, right)) = open {
                rects.push(Rect::from_min_max(pos2(left, top), pos2(right, bottom)));
            }
        }
        rects
    }

    /// The top and bottom of line `index` drawn as `band`.
    pub fn band(&self, index: usize, band: Band) -> (f32, f32) {
        let line = &self.lines[index];
        match band {
            Band::Text => (line.text_top, line.text_bottom),
            Band::Line => (line.top, line.bottom),
        }
    }

    /// The line the caret at `offset` stands on: where a line ends inside the paragraph the
    /// next one begins, and the caret goes there.
    pub fn line_of(&self, offset: u32) -> usize {
        let after = self.lines.partition_point(|l| l.chars.start <= offset);
        after.saturating_sub(1)
    }

    /// Where the caret at `offset` stands across its line.
    pub fn caret_x(&self, offset: u32) -> f32 {
        if self.lines.is_empty() {
            return 0.0;
        }
        let index = self.line_of(offset);
        let clusters = self.line_clusters(index);
        if let Some(c) = clusters
            .iter()
            .find(|c| c.start <= offset && offset < c.end)
        {
            let part = (offset - c.start) as f32 / (c.end - c.start) as f32 * c.width;
            return if c.rtl {
                c.x + c.width - part
            } else {
                c.x + part
            };
        }
        // At the line's (the paragraph's) end: after the cluster that ends there.
        if let Some(c) = clusters.iter().find(|c| c.end == offset) {
            return if c.rtl { c.x } else { c.x + c.width };
        }
        let line = &self.lines[index];
        if line.rtl { line.right } else { line.left }
    }

    /// The caret at `offset`: a zero-width rectangle over the letters' band of its line.
    pub fn caret(&self, offset: u32) -> Rect {
        if self.lines.is_empty() {
            return Rect::from_min_max(Pos2::ZERO, Pos2::ZERO);
        }
        let (top, bottom) = self.band(self.line_of(offset), Band::Text);
        let x = self.caret_x(offset);
        Rect::from_min_max(pos2(x, top), pos2(x, bottom))
    }

    /// The cluster holding the character at `offset`, as a rectangle, or the caret there
    /// (one point wide) at the paragraph's end.
    pub fn char_rect(&self, offset: u32) -> Rect {
        if self.lines.is_empty() {
            return Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0));
        }
        let index = self.line_of(offset);
        let (top, bottom) = self.band(index, Band::Text);
        match self
            .line_clusters(index)
            .iter()
            .find(|c| c.start <= offset && offset < c.end)
        {
            Some(c) => Rect::from_min_max(pos2(c.x, top), pos2(c.x + c.width, bottom)),
            None => {
                let x = self.caret_x(offset);
                Rect::from_min_max(pos2(x, top), pos2(x + 1.0, bottom))
            }
        }
    }

    /// The offset a point picks: the line under it (the first or last above or below
    /// them all), then the edge of the cluster nearest across it.
    pub fn offset_at(&self, pos: Pos2) -> u32 {
        let Some(last) = self.lines.len().checked_sub(1) else {
            return 0;
        };
        let index = self
            .lines
            .iter()
            .position(|l| pos.y < l.bottom)
            .unwrap_or(last);
        self.offset_in_line(index, pos.x)
    }

    /// The offset at `x` on line `index`.
    pub fn offset_in_line(&self, index: usize, x: f32) -> u32 {
        let clusters = self.line_clusters(index);
        let Some(cluster) = clusters
            .iter()
            .find(|c| x < c.x + c.width)
            .or(clusters.last())
        else {
            return self.lines[index].chars.start;
        };
        // Never the end of a line that wraps: that is where the next line starts, and the
        // caret would go there.
        let offset = nearest_edge(cluster, x);
        let line = &self.lines[index];
        if index + 1 < self.lines.len() && offset >= line.chars.end {
            self.line_end(line.chars.start)
        } else {
            offset
        }
    }

    /// Where the End key takes the caret on the line of `offset`: after its last letter,
    /// before the space a wrapped line ends with (which belongs to the line, but a caret
    /// after it would stand at the next line's start).
    pub fn line_end(&self, offset: u32) -> u32 {
        if self.lines.is_empty() {
            return 0;
        }
        let index = self.line_of(offset);
        let line = &self.lines[index];
        if index + 1 == self.lines.len() {
            return line.chars.end;
        }
        if line.wraps_after_space {
            return line.chars.end.saturating_sub(1).max(line.chars.start);
        }
        // Wrapped between letters (Chinese, Thai, a word too long for the line): before
        // the last cluster, for the same reason.
        self.line_clusters(index)
            .iter()
            .map(|c| c.start)
            .max()
            .unwrap_or(line.chars.start)
    }

    /// Where the Home key takes the caret on the line of `offset`: the line's first
    /// character in reading order.
    pub fn line_start(&self, offset: u32) -> u32 {
        if self.lines.is_empty() {
            return 0;
        }
        self.lines[self.line_of(offset)].chars.start
    }
}

impl Laid {
    /// Where the caret at `offset` goes one cluster to the right (or left) as drawn, on its
    /// line, and where it is drawn there; `None` at the line's edge. In a right-to-left run
    /// that is a step back in the text: the keys follow the screen, as in every editor.
    /// Where two runs meet one offset stands at two places: `x`, where the caret was drawn
    /// (the last step's answer), says which.
    pub fn visual_step(&self, offset: u32, x: Option<f32>, right: bool) -> Option<(u32, f32)> {
        if self.lines.is_empty() {
            return None;
        }
        let clusters = self.line_clusters(self.line_of(offset));
        let first = clusters.first()?;
        // The caret's stops across the line, left to right: the first cluster's left edge,
        // then every cluster's right edge (its end if it runs left to right, else its start).
        let left_edge = if first.rtl { first.end } else { first.start };
        let stops: Vec<(f32, u32)> = std::iter::once((first.x, left_edge))
            .chain(clusters.iter().map(|c| {
                let edge = if c.rtl { c.start } else { c.end };
                (c.x + c.width, edge)
            }))
            .collect();
        // Where two runs meet, one offset has two stops: take the one the caret is drawn at.
        let x = x.unwrap_or_else(|| self.caret_x(offset));
        let here = stops
            .iter()
            .enumerate()
            .filter(|(_, (_, at))| *at == offset)
            .min_by(|(_, (a, _)), (_, (b, _))| (a - x).abs().total_cmp(&(b - x).abs()))
            .map(|(index, _)| index)?;
        let next = if right {
            here + 1
        } else {
            here.checked_sub(1)?
        };
        stops.get(next).map(|&(x, at)| (at, x))
    }

    /// Whether moving right (or left) off the end of a line goes on in the text, to the
    /// next line, rather than back to the one before.
    pub fn onwards(&self, right: bool) -> bool {
        right != self.rtl
    }
}

/// The offset of the edge of `cluster` nearer to `x`: its logical start or end, which side
/// that is depending on which way the cluster runs.
fn nearest_edge(cluster: &Cluster, x: f32) -> u32 {
    // The middle itself (within rounding) counts as the leading half: a click on a
    // letter's centre puts the caret before it, as egui's own text does.
    const NEAR: f32 = 0.01;
    let middle = cluster.x + cluster.width / 2.0;
    let leading = if cluster.rtl {
        x >= middle - NEAR
    } else {
        x <= middle + NEAR
    };
    if leading { cluster.start } else { cluster.end }
}

#[cfg(test)]
mod tests {
    use super::super::{Direction, FontChoice, Setting, Shaper};
    use super::*;

    fn laid(text: &str, width: f32) -> Laid {
        let setting = Setting {
            size: 16.0,
            line_height: 30.0,
            direction: Direction::Auto,
        };
        Shaper::new(&FontChoice::default()).lay_out(text, Some(width), setting)
    }

    #[test]
    fn a_point_past_a_wrapped_lines_end_stays_on_that_line() {
        // Three lines: long, short ("bb "), long.
        let text = "aaaa aaaa aaaa aaaa bb cccc cccc cccc cccc";
        let laid = laid(text, 100.0);
        assert!(laid.lines.len() >= 3, "{:?}", laid.lines.len());
        for (index, line) in laid.lines.iter().enumerate() {
            let far_right = laid.offset_in_line(index, 10_000.0);
            assert_eq!(laid.line_of(far_right), index, "line {index}: {line:?}");
        }
    }

    #[test]
    fn right_and_left_visit_every_caret_stop_of_a_line_and_come_back() {
        let laid = laid("The talks (گفتگو) resumed", 10_000.0);
        let (mut at, mut x) = (0, None);
        let mut seen = vec![at];
        while let Some((next, drawn)) = laid.visual_step(at, x, true) {
            seen.push(next);
            (at, x) = (next, Some(drawn));
        }
        // One stop per cluster edge, left to right: through the Persian word from its end
        // to its start (where the runs meet, one offset stands at both edges of the word).
        assert_eq!(seen.len() as u32, laid.chars + 1, "{seen:?}");
        assert!(seen.windows(4).any(|w| w == [15, 14, 13, 12]), "{seen:?}");
        assert_eq!(seen.last(), Some(&laid.chars));
        // And back again the same way.
        let mut back = vec![at];
        while let Some((next, drawn)) = laid.visual_step(at, x, false) {
            back.push(next);
            (at, x) = (next, Some(drawn));
        }
        back.reverse();
        assert_eq!(back, seen);
    }

    #[test]
    fn end_on_a_line_wrapped_between_letters_stays_on_it() {
        let laid = laid(
            "俄罗斯外交部表示谈判将继续进行俄罗斯外交部表示谈判将继续进行",
            100.0,
        );
        assert!(laid.lines.len() >= 2);
        let end = laid.line_end(0);
        assert_eq!(laid.line_of(end), 0);
    }
}
