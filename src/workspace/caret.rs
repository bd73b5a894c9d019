//! Annotating from the keyboard: the caret and the selection moved by character, word,
//! row or to either end, and Tab walking the annotations in reading order.

use crate::model::motion::move_selection;
use crate::model::reading_order::{self, From};

use super::Workspace;
use super::intent::{CaretMotion, Effect};

impl Workspace {
    /// Moves the caret (or, with `extend`, the selection's head). A selected annotation is
    /// left from its near end, or, extending, selected as text. Rows need the window's
    /// layout: it is asked where they lead.
    pub(super) fn move_caret(
        &mut self,
        motion: CaretMotion,
        extend: bool,
        effects: &mut Vec<Effect>,
    ) {
        let Some(document) = self.document() else {
            return;
        };
        let backwards = match motion {
            CaretMotion::Text(motion) => motion.backwards(),
            CaretMotion::Rows(rows) => rows.backwards(),
        };
        let start = self.view.caret_start(&self.project, backwards, extend);
        match motion {
            CaretMotion::Text(motion) => {
                let moved = move_selection(document.text(), start, motion, extend);
                self.view.selection = Some(moved);
                self.view.selected = None;
                effects.push(Effect::Reveal(moved.head));
            }
            CaretMotion::Rows(rows) => effects.push(Effect::MoveByRows {
                anchor: extend.then_some(start.anchor),
                head: start.head,
                rows,
            }),
        }
    }

    /// Selects the annotation after (or before) the selected one or the caret, wrapping.
    pub(super) fn next_annotation(&mut self, forward: bool, effects: &mut Vec<Effect>) {
        let Some(document) = self.document() else {
            return;
        };
        let from = match self.view.selected_annotation(&self.project) {
            Some(annotation) => From::annotation(annotation),
            None => From::Caret(self.view.selection.map_or(0, |s| s.head)),
        };
        let annotations = self.project.annotations_in(&document.id);
        // Only annotations the view shows: one in a hidden layer would be selected unseen.
        let mut from = from;
        for _ in 0..annotations.len() {
            let Some(target) = reading_order::next(annotations, from, forward) else {
                break;
            };
            if self.view.shows_layer(&target.layer, None) {
                let (id, start) = (target.id, target.start);
                self.view.selected = Some(id);
                self.view.selection = None;
                effects.push(Effect::Reveal(start));
                break;
            }
            from = From::annotation(target);
        }
    }
}
