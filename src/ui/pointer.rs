//! The mouse over the text: the character under the pointer, drag to select (snapped to
//! whole words or characters), Alt+drag between highlights to link them, double-click for a word, click on a highlight to select the
//! innermost annotation, and the tooltip naming what is under the pointer.

use egui::{Pos2, Response, vec2};

use crate::model::{AnnotationId, Document, Project};
use crate::workspace::view::View;
use crate::workspace::{CodeIntent, SuggestIntent, ViewIntent};

use super::events::Asked;
use super::paragraphs::Shown;

/// The char offset under a point given relative to the text's top-left corner, looked up
/// among the paragraphs on screen (a point above or below them picks the nearest).
pub fn char_at(shown: &[Shown], pos: Pos2) -> usize {
    let index = shown.partition_point(|p| p.y <= pos.y).saturating_sub(1);
    let Some(paragraph) = shown.get(index) else {
        return 0;
    };
    let local = paragraph.laid.offset_at(pos - vec2(0.0, paragraph.y)) as usize;
    (paragraph.chars.start + local).min(paragraph.chars.end)
}

/// What the pointer can find in the text this frame.
pub struct Under<'a> {
    pub char_at: &'a dyn Fn(Pos2) -> usize,
    /// The annotations covering an offset, innermost first.
    pub covering: &'a dyn Fn(usize) -> Vec<AnnotationId>,
    /// The suggestion a click at an offset picks (by its place in the list): one inside
    /// every annotation there, so an actor suggested inside a claim is picked, not the claim.
    pub suggested: &'a dyn Fn(usize) -> Option<usize>,
}

/// Lists each annotation under the pointer with its annotator and note.
pub fn hover_tooltip(response: &Response, project: &Project, under: &Under<'_>) {
    let Some(pos) = response.hover_pos() else {
        return;
    };
    let covering = (under.covering)((under.char_at)(pos));
    if covering.is_empty() {
        return;
    }
    response.clone().on_hover_ui_at_pointer(|ui| {
        for annotation in covering.into_iter().filter_map(|id| project.annotation(id)) {
            ui.label(format!("{} by {}", annotation.tag, annotation.layer));
            if !annotation.note.is_empty() {
                ui.weak(&annotation.note);
            }
        }
    });
}

/// Where a drag began: an offset for a selection, or an annotation for a link.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Drag {
    #[default]
    None,
    Selecting(usize),
    /// Alt+drag that began on a highlight: dropped on another, it links the two.
    Linking(AnnotationId),
}

/// Drag selects (snapped to words or characters), Alt+drag from a highlight to another
/// links them, double-click selects a word, click picks the innermost annotation under
/// the pointer.
pub fn handle_pointer(
    drag: &mut Drag,
    response: &Response,
    under: &Under<'_>,
    document: &Document,
    view: &View,
    asked: &mut Asked,
) {
    let text = document.text();
    let select = |start: usize, end: usize| ViewIntent::SelectText {
        anchor: start,
        head: end,
    };
    if response.double_clicked() {
        if let Some(word) = response
            .interact_pointer_pos()
            .map(under.char_at)
            .and_then(|c| text.word_at(c))
        {
            asked.send(select(word.start, word.end));
        }
        return;
    }
    let alt = response.ctx.input(|i| i.modifiers.alt);
    if response.drag_started() {
        let press = response
            .ctx
            .input(|i| i.pointer.press_origin())
            .or(response.interact_pointer_pos());
        let anchor = press.map(under.char_at);
        let on_highlight = anchor.and_then(|a| (under.covering)(a).first().copied());
        *drag = match (anchor, on_highlight) {
            (Some(_), Some(id)) if alt => Drag::Linking(id),
            (Some(anchor), _) => Drag::Selecting(anchor),
            (None, _) => Drag::None,
        };
    }
    if let Drag::Linking(from) = *drag {
        if response.drag_stopped() {
            *drag = Drag::None;
            let dropped = response.interact_pointer_pos().map(under.char_at);
            let to = dropped.and_then(|at| (under.covering)(at).first().copied());
            if let Some(to) = to.filter(|&to| to != from) {
                asked.send(CodeIntent::DragLink { from, to });
            }
        }
        return;
    }
    if response.dragged()
        && let (Drag::Selecting(anchor), Some(pos)) = (*drag, response.interact_pointer_pos())
    {
        let head = (under.char_at)(pos);
        // Snap outward: to whole words unless Alt is held or snapping is off, and always
        // to whole characters, so a selection never splits a letter from its accent.
        let by_word = view.snap_to_words && !alt;
        let (low, high) = (anchor.min(head), anchor.max(head));
        let (start, end) = if by_word {
            (text.word_floor(low), text.word_ceil(high))
        } else {
            (text.grapheme_floor(low), text.grapheme_ceil(high))
        };
        if view.selected_range() != Some((start, end)) {
            asked.send(select(start, end));
        }
    }
    if response.drag_stopped() {
        *drag = Drag::None;
    }
    if response.clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        click_at(pos, under, asked);
    }
}

/// A plain click at `pos`: looks at the innermost suggestion there (Enter then accepts
/// it), else selects the innermost annotation there, else puts the caret there.
pub fn click_at(pos: Pos2, under: &Under<'_>, asked: &mut Asked) {
    let offset = (under.char_at)(pos);
    match ((under.suggested)(offset), (under.covering)(offset).first()) {
        (Some(at), _) => asked.send(SuggestIntent::Jump(at)),
        (None, Some(&id)) => asked.send(ViewIntent::SelectAnnotation { id, scroll: false }),
        (None, None) => asked.send(ViewIntent::SelectText {
            anchor: offset,
            head: offset,
        }),
    }
}
