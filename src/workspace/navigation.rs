//! The view intents: which document is open, what is selected, where the view scrolls,
//! the layer new annotations go into, and how layers are shown. None changes the project.

use crate::model::motion::Selection;

use super::Workspace;
use super::intent::{Effect, ViewIntent};

impl Workspace {
    pub(super) fn navigate(&mut self, intent: ViewIntent, effects: &mut Vec<Effect>) {
        let view = &mut self.view;
        match intent {
            ViewIntent::OpenDocument(id) => {
                if view.document.as_ref() != Some(&id) && self.project.document(&id).is_some() {
                    view.document = Some(id);
                    view.selection = None;
                    view.selected = None;
                    view.linking = None;
                    view.extending = None;
                }
            }
            ViewIntent::NextDocument => self.step_document(true),
            ViewIntent::PreviousDocument => self.step_document(false),
            ViewIntent::SelectAnnotation { id, scroll } => {
                self.select_annotation(id, scroll, effects)
            }
            ViewIntent::SelectText { anchor, head } => {
                view.selection = Some(Selection { anchor, head });
                view.selected = None;
            }
            ViewIntent::ClearSelection => {
                view.linking = None;
                view.selection = None;
                view.selected = None;
            }
            ViewIntent::MoveCaret { motion, extend } => self.move_caret(motion, extend, effects),
            ViewIntent::PlaceCaret { anchor, head } => {
                view.selection = Some(Selection { anchor, head });
                view.selected = None;
                effects.push(Effect::Reveal(head));
            }
            ViewIntent::NextAnnotation { forward } => self.next_annotation(forward, effects),
            ViewIntent::ScrollTo(offset) => effects.push(Effect::ScrollTo(offset)),
            ViewIntent::JumpTo {
                document,
                start,
                end,
            } => {
                if self.project.document(&document).is_some() {
                    view.document = Some(document);
                    view.selection = Some(Selection {
                        anchor: start,
                        head: end,
                    });
                    view.selected = None;
                    effects.push(Effect::ScrollTo(start));
                }
            }
            ViewIntent::FocusNote => {
                if view.selected.is_some() {
                    effects.push(Effect::FocusNote);
                }
            }
            ViewIntent::SetLayer(layer) => view.layer = layer,
            ViewIntent::ToggleWordSnapping => view.snap_to_words = !view.snap_to_words,
            ViewIntent::ToggleRelations => view.show_relations = !view.show_relations,
            ViewIntent::FilterTag(tag) => view.tag_filter = tag,
            ViewIntent::FilterAttribute(filter) => view.attribute_filter = filter,
            ViewIntent::FilterMissingLink(kind) => view.missing_link = kind,
            ViewIntent::ShowLayer { layer, shown } => {
                if shown {
                    view.hidden_layers.remove(&layer);
                } else {
                    view.hidden_layers.insert(layer);
                }
            }
            ViewIntent::LayerColour { layer, colour } => match colour {
                Some(colour) => {
                    view.layer_colours.insert(layer, colour);
                }
                None => {
                    view.layer_colours.remove(&layer);
                }
            },
            ViewIntent::DismissError(index) => {
                if index < self.errors.len() {
                    self.errors.remove(index);
                }
            }
            ViewIntent::DismissReport => self.report = None,
        }
    }

    /// Opens the document after (or before) the open one, staying at the ends.
    fn step_document(&mut self, forward: bool) {
        let documents = self.project.documents();
        let current = self
            .view
            .document
            .as_ref()
            .and_then(|d| documents.iter().position(|x| &x.id == d));
        let next = match (current, forward) {
            (Some(i), true) => (i + 1).min(documents.len().saturating_sub(1)),
            (Some(i), false) => i.saturating_sub(1),
            (None, _) => 0,
        };
        if let Some(document) = documents.get(next)
            && self.view.document.as_ref() != Some(&document.id)
        {
            self.view.document = Some(document.id.clone());
            self.view.selection = None;
            self.view.selected = None;
        }
    }

    /// Selects an annotation, opening its document; with `scroll`, the view goes to it.
    pub(super) fn select_annotation(
        &mut self,
        id: crate::model::AnnotationId,
        scroll: bool,
        effects: &mut Vec<Effect>,
    ) {
        let Some(annotation) = self.project.annotation(id) else {
            return;
        };
        // While a link is being made, a click on an annotation it may link to makes that
        // the target; a click on any other ends the link.
        if let Some(linking) = self.view.linking.as_mut() {
            let fits = super::coding::link_targets(&self.project, linking.from)
                .iter()
                .any(|a| a.id == id);
            if fits {
                linking.target = Some(id);
                return;
            }
            self.view.linking = None;
        }
        if self.view.document.as_ref() != Some(&annotation.document) {
            self.view.document = Some(annotation.document.clone());
        }
        if scroll {
            effects.push(Effect::ScrollTo(annotation.start));
        }
        self.view.selected = Some(id);
        self.view.selection = None;
    }
}
