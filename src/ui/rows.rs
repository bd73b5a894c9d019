//! Where the caret goes by wrapped row or screen (Up, Down, PageUp, PageDown, Home, End)
//! and across a line as drawn (Left, Right):
//! the window's answer to the workspace's `Effect::MoveByRows`, read off the laid-out
//! paragraphs. Where a paragraph is not laid out, whole paragraphs are the rows.

use crate::model::Text;
use crate::model::motion::Motion;
use crate::workspace::RowMotion;

use super::paragraphs::{LINE_GAP, Paragraphs};

/// Where `motion` takes the caret at `head`, and the x it aimed at; `visible` is the
/// height of the view. `goal` is the x a run of Up and Down keeps to (so that Down then
/// Up comes back to the same character across rows of different widths).
pub fn move_by_rows(
    paragraphs: &Paragraphs,
    visible: f32,
    text: &Text,
    (head, goal): (usize, Option<f32>),
    motion: RowMotion,
) -> (usize, Option<f32>) {
    let row_height = paragraphs.font_height() + LINE_GAP;
    let page = ((visible / row_height.max(1.0)) as usize)
        .saturating_sub(1)
        .max(1);
    // Left and Right keep to where on the line the caret was drawn: where two runs meet,
    // one offset stands at two places.
    if let RowMotion::Left | RowMotion::Right = motion {
        return across(paragraphs, text, (head, goal), motion == RowMotion::Right);
    }
    let goal = goal.unwrap_or_else(|| x_of(paragraphs, text, head));
    let steps = |count: usize, down: bool| {
        let head = (0..count).fold(head, |h, _| row_step(paragraphs, text, h, goal, down));
        (head, Some(goal))
    };
    match motion {
        RowMotion::Up => steps(1, false),
        RowMotion::Down => steps(1, true),
        RowMotion::PageUp => steps(page, false),
        RowMotion::PageDown => steps(page, true),
        RowMotion::RowStart | RowMotion::RowEnd => (row_end(paragraphs, text, head, motion), None),
        RowMotion::Left | RowMotion::Right => (head, Some(goal)),
    }
}

/// One cluster right (or left) as drawn from `head` (drawn at `x`, when the last move
/// left it there), and where it is drawn then; off a line's edge, on to the next line in
/// the direction the text runs there (or back to the one before).
fn across(
    paragraphs: &Paragraphs,
    text: &Text,
    (head, x): (usize, Option<f32>),
    right: bool,
) -> (usize, Option<f32>) {
    let index = text.paragraph_at(head);
    let range = text.paragraphs()[index].clone();
    let local = (head.clamp(range.start, range.end) - range.start) as u32;
    let Some(laid) = paragraphs.cached(index) else {
        // Not laid out (not on screen): by a character in the text's order.
        let motion = if right { Motion::Right } else { Motion::Left };
        return (motion.from(text, head), None);
    };
    if let Some((moved, x)) = laid.visual_step(local, x, right) {
        return (range.start + moved as usize, Some(x));
    }
    let line = laid.line_of(local);
    let moved = if laid.onwards(right) {
        match laid.lines.get(line + 1) {
            Some(next) => range.start + next.chars.start as usize,
            // Past the paragraph's end: the next one's start.
            None => text
                .paragraphs()
                .get(index + 1)
                .map_or(range.end, |next| next.start),
        }
    } else {
        match line.checked_sub(1) {
            Some(before) => range.start + laid.line_end(laid.lines[before].chars.start) as usize,
            None => match index.checked_sub(1) {
                Some(before) => text.paragraphs()[before].end,
                None => range.start,
            },
        }
    };
    (moved, None)
}

/// The start or end of the wrapped row `head` is on.
fn row_end(paragraphs: &Paragraphs, text: &Text, head: usize, motion: RowMotion) -> usize {
    let index = text.paragraph_at(head);
    let range = text.paragraphs()[index].clone();
    let Some(laid) = paragraphs.cached(index) else {
        return if motion == RowMotion::RowStart {
            range.start
        } else {
            range.end
        };
    };
    let local = (head.clamp(range.start, range.end) - range.start) as u32;
    let moved = if motion == RowMotion::RowStart {
        laid.line_start(local)
    } else {
        laid.line_end(local)
    };
    range.start + moved as usize
}

/// Where the caret at `head` is across its row.
fn x_of(paragraphs: &Paragraphs, text: &Text, head: usize) -> f32 {
    let index = text.paragraph_at(head);
    let range = text.paragraphs()[index].clone();
    let local = (head.clamp(range.start, range.end) - range.start) as u32;
    paragraphs
        .cached(index)
        .map_or(0.0, |laid| laid.caret_x(local))
}

/// One row up or down at `x`, crossing into the neighbouring paragraph.
fn row_step(paragraphs: &Paragraphs, text: &Text, head: usize, x: f32, down: bool) -> usize {
    let ranges = text.paragraphs();
    let index = text.paragraph_at(head);
    let range = ranges[index].clone();
    let local = (head.clamp(range.start, range.end) - range.start) as u32;
    if let Some(laid) = paragraphs.cached(index) {
        let line = laid.line_of(local);
        let next = if down {
            Some(line + 1).filter(|&l| l < laid.lines.len())
        } else {
            line.checked_sub(1)
        };
        if let Some(next) = next {
            return range.start + laid.offset_in_line(next, x) as usize;
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
    match paragraphs.cached(neighbour) {
        Some(laid) if !laid.lines.is_empty() => {
            let line = if down { 0 } else { laid.lines.len() - 1 };
            next.start + laid.offset_in_line(line, x) as usize
        }
        _ => next.start,
    }
}
