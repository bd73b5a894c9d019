//! Where the caret goes by wrapped row or screen (Up, Down, PageUp, PageDown, Home, End):
//! the window's answer to the workspace's `Effect::MoveByRows`, read off the laid-out
//! paragraphs. Where a paragraph is not laid out, whole paragraphs are the rows.

use egui::epaint::text::CharIndex;
use egui::text::CCursor;
use egui::vec2;

use crate::model::Text;
use crate::workspace::RowMotion;

use super::paragraphs::{LINE_GAP, Paragraphs};

/// Where `motion` takes the caret at `head`; `visible` is the height of the view.
pub fn move_by_rows(
    paragraphs: &Paragraphs,
    visible: f32,
    text: &Text,
    head: usize,
    motion: RowMotion,
) -> usize {
    let row_height = paragraphs.font_height() + LINE_GAP;
    let page = ((visible / row_height.max(1.0)) as usize)
        .saturating_sub(1)
        .max(1);
    match motion {
        RowMotion::Up => row_step(paragraphs, text, head, false),
        RowMotion::Down => row_step(paragraphs, text, head, true),
        RowMotion::PageUp => (0..page).fold(head, |h, _| row_step(paragraphs, text, h, false)),
        RowMotion::PageDown => (0..page).fold(head, |h, _| row_step(paragraphs, text, h, true)),
        RowMotion::RowStart | RowMotion::RowEnd => {
            let index = text.paragraph_at(head);
            let range = text.paragraphs()[index].clone();
            let Some(galley) = paragraphs.cached_galley(index) else {
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
fn row_step(paragraphs: &Paragraphs, text: &Text, head: usize, down: bool) -> usize {
    let ranges = text.paragraphs();
    let index = text.paragraph_at(head);
    let range = ranges[index].clone();
    let local = head.clamp(range.start, range.end) - range.start;
    let cursor = CCursor {
        index: CharIndex(local),
        prefer_next_row: true,
    };
    let x = paragraphs
        .cached_galley(index)
        .map_or(0.0, |g| g.pos_from_cursor(cursor).center().x);
    if let Some(galley) = paragraphs.cached_galley(index) {
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
    match paragraphs.cached_galley(neighbour) {
        Some(galley) => {
            let y = if down { 1.0 } else { galley.size().y - 1.0 };
            next.start + galley.cursor_from_pos(vec2(x, y)).index.0
        }
        None => next.start,
    }
}
