//! What a screen reader finds in the document view (AccessKit): the document, each
//! paragraph on screen with its lines of text, the caret and the selection in them, and
//! each annotation as a mark named "claim: Russia became the first country…" that
//! keyboard focus follows, so that Tab through the annotations reads each one aloud.
//!
//! Built only while AccessKit is on (eframe turns it on when a screen reader asks;
//! kittest always): otherwise the view pays nothing for it.

use egui::accesskit::{Role, TextDirection, TextPosition, TextSelection};
use egui::{Context, Id, Pos2, Rect, Sense, Ui, UiBuilder, vec2};
use unicode_segmentation::UnicodeSegmentation;

use crate::model::{AnnotationId, Document, Project};
use crate::workspace::ViewIntent;
use crate::workspace::view::View;

use super::events::Asked;
use super::marks::marks_in_layers;
use super::paragraphs::Shown;

/// AccessKit counts a run's word starts in a `u8`, so a run holds at most this many
/// characters (graphemes); a longer line is read in several runs.
const RUN_CHARS: usize = 255;

/// The nodes of the view that keyboard focus may sit on while the document keeps its keys
/// (the caret, Tab, the tag hotkeys): the document and the annotations on screen.
#[derive(Clone, Default)]
struct OwnFocus {
    document: Option<Id>,
    annotations: Vec<Id>,
}

impl OwnFocus {
    fn holds(&self, id: Id) -> bool {
        self.document == Some(id) || self.annotations.contains(&id)
    }
}

fn own_focus_key() -> Id {
    Id::unique("annotary-reading-focus")
}

/// Whether a widget outside the document (a text field, a button reached by Tab) has
/// keyboard focus: the keys are then its own, not the document's.
pub fn focus_elsewhere(ctx: &Context) -> bool {
    let Some(focused) = ctx.memory(|m| m.focused()) else {
        return false;
    };
    let own: OwnFocus = ctx.data(|d| d.get_temp(own_focus_key()).unwrap_or_default());
    !own.holds(focused)
}

/// What the view hands over to be read: the document on screen and how it is shown.
pub struct Reading<'a> {
    pub project: &'a Project,
    pub document: &'a Document,
    pub view: &'a View,
    pub layer_shown: &'a dyn Fn(&str) -> bool,
    /// How far before a paragraph an annotation reaching into it can start.
    pub longest: usize,
    /// Keyboard focus follows the caret and the selected annotation here. Off in the two
    /// halves of a side-by-side review, which would take it from each other every frame.
    pub holds_focus: bool,
}

/// The annotations given to the reader this frame: each one's node, and the one that
/// keyboard focus came to this frame (by egui's Tab order or the reader's own request).
#[derive(Default)]
struct Marks {
    /// Several layers are shown: a mark's name then ends in its layer.
    several_layers: bool,
    nodes: Vec<(AnnotationId, Id)>,
    focused: Option<AnnotationId>,
}

/// Where a paragraph-local character offset is read: a run and a character in it.
struct Runs {
    /// Each run's id and its paragraph-local character offsets where its graphemes start,
    /// with the run's end last.
    runs: Vec<(Id, Vec<usize>)>,
}

impl Runs {
    fn position(&self, local: usize) -> Option<TextPosition> {
        // At a line's end, the caret reads as the start of the next line, as it is drawn.
        let (id, starts) = self
            .runs
            .iter()
            .find(|(_, s)| s.first().is_some_and(|&f| f <= local) && s.last() > Some(&local))
            .or_else(|| self.runs.last())?;
        let index = starts.partition_point(|&s| s < local).min(starts.len() - 1);
        Some(TextPosition {
            node: id.accesskit_id(),
            character_index: index,
        })
    }
}

impl Reading<'_> {
    /// Adds the document's nodes under the view's own widget `view_id`, for the paragraphs
    /// `shown` with their top-left corner at `origin`.
    pub fn expose(
        &self,
        ui: &mut Ui,
        view_id: Id,
        shown: &[Shown],
        origin: Pos2,
        asked: &mut Asked,
    ) {
        let ctx = &ui.ctx().clone();
        if ctx.accesskit_node_builder(view_id, |_| ()).is_none() {
            return;
        }
        let document_id = view_id.with("document");
        // Explicit ids throughout: a node keeps its id as the view scrolls, so the reader
        // is not told the whole tree changed.
        let holder = ui.new_child(
            UiBuilder::new()
                .scope_id(document_id.with("holder"))
                .accessibility_parent(view_id),
        );
        let document = holder.interact(Rect::NOTHING, document_id, Sense::FOCUSABLE);
        document
            .widget_info(|| egui::WidgetInfo::labeled(Role::Document, true, &self.document.title));
        let mut read = Vec::with_capacity(shown.len());
        let layers = self.project.layers().iter();
        let mut annotations = Marks {
            several_layers: layers
                .filter(|l| (self.layer_shown)(&l.name))
                .nth(1)
                .is_some(),
            ..Marks::default()
        };
        for paragraph in shown {
            let runs = self.paragraph(ui, document_id, paragraph, origin, &mut annotations);
            read.push((paragraph.chars.clone(), runs));
        }
        let bounds = shown.first().zip(shown.last()).map(|(first, last)| {
            Rect::from_min_max(
                origin + vec2(0.0, first.y),
                origin
                    + vec2(
                        first.laid.width.max(last.laid.width),
                        last.y + last.laid.height,
                    ),
            )
        });
        let selection = self.selection(&read);
        ctx.accesskit_node_builder(document_id, |node| {
            if let Some(rect) = bounds {
                node.set_bounds(accesskit_rect(rect));
            }
            if let Some(selection) = selection {
                node.set_text_selection(selection);
            }
        });
        if self.holds_focus {
            self.follow_with_focus(ctx, document_id, &annotations, asked);
        }
    }

    /// A paragraph node, its lines as text runs, and the annotations in it not already
    /// given in a paragraph before, added to `annotations`.
    fn paragraph(
        &self,
        ui: &mut Ui,
        document_id: Id,
        paragraph: &Shown,
        origin: Pos2,
        annotations: &mut Marks,
    ) -> Runs {
        let ctx = &ui.ctx().clone();
        let start = paragraph.chars.start;
        let at = origin + vec2(0.0, paragraph.y);
        let laid = &paragraph.laid;
        // The paragraph is a `Ui` of its own, so that the runs and marks made in it are its
        // children in the tree.
        let children = ui.new_child(
            UiBuilder::new()
                .scope_id(document_id.with(("paragraph", start)))
                .accessibility_parent(document_id)
                .accessibility_role(Role::Paragraph),
        );
        let id = children.unique_id();
        let rect = Rect::from_min_size(at, vec2(laid.width, laid.height));
        ctx.accesskit_node_builder(id, |node| node.set_bounds(accesskit_rect(rect)));
        let runs = self.lines(&children, id, paragraph, at);
        self.marks(&children, document_id, paragraph, at, annotations);
        runs
    }

    /// The paragraph's lines as text runs (a line longer than a run holds, in several),
    /// the last ending in a line break so that reading on goes to the next paragraph.
    fn lines(&self, children: &Ui, id: Id, paragraph: &Shown, at: Pos2) -> Runs {
        let ctx = children.ctx();
        let start = paragraph.chars.start;
        let laid = &paragraph.laid;
        let mut lines: Vec<(std::ops::Range<usize>, Rect, bool)> = laid
            .lines
            .iter()
            .map(|line| {
                let band = Rect::from_min_max(
                    at + vec2(line.left, line.top),
                    at + vec2(line.right.max(line.left + 1.0), line.bottom),
                );
                (
                    line.chars.start as usize..line.chars.end as usize,
                    band,
                    line.rtl,
                )
            })
            .collect();
        if lines.is_empty() {
            // An empty paragraph is still a line break to read.
            let band = Rect::from_min_size(at, vec2(1.0, laid.height.max(1.0)));
            lines.push((0..0, band, laid.rtl));
        }
        let text = self.document.text();
        let mut runs = Runs { runs: Vec::new() };
        let last_line = lines.len() - 1;
        for (number, (chars, band, rtl)) in lines.into_iter().enumerate() {
            let mut pieces = graphemes(
                text.slice(start + chars.start, start + chars.end),
                chars.start,
            );
            if number == last_line {
                pieces.push(("\n", paragraph.chars.len()));
            }
            let chunks: Vec<&[(&str, usize)]> = pieces.chunks(RUN_CHARS).collect();
            let run_id = |chunk: usize| id.with((number, chunk));
            for (chunk, piece) in chunks.iter().enumerate() {
                let run = run_id(chunk);
                // The runs of one line, so that a reader does not take each for a line.
                let before = chunk.checked_sub(1).map(run_id);
                let after = (chunk + 1 < chunks.len()).then(|| run_id(chunk + 1));
                children.interact(Rect::NOTHING, run, Sense::hover());
                let mut starts: Vec<usize> = piece.iter().map(|(_, s)| *s).collect();
                starts.push(piece.last().map_or(0, |(g, s)| s + g.chars().count()));
                let value: String = piece.iter().map(|(g, _)| *g).collect();
                let lengths: Vec<u8> = piece.iter().map(|(g, _)| g.len() as u8).collect();
                let words = word_starts(&value, &lengths, number == 0 && chunk == 0);
                ctx.accesskit_node_builder(run, |node| {
                    node.set_role(Role::TextRun);
                    node.set_text_direction(if rtl {
                        TextDirection::RightToLeft
                    } else {
                        TextDirection::LeftToRight
                    });
                    node.set_bounds(accesskit_rect(band));
                    node.set_value(value);
                    node.set_character_lengths(lengths);
                    node.set_word_starts(words);
                    if let Some(before) = before {
                        node.set_previous_on_line(before.accesskit_id());
                    }
                    if let Some(after) = after {
                        node.set_next_on_line(after.accesskit_id());
                    }
                });
                runs.runs.push((run, starts));
            }
        }
        runs
    }

    /// A focusable mark for each annotation in the paragraph that no paragraph before it
    /// gave (one reaching in from above is given in the first on screen), named
    /// "tag: quote", described by its note and layer; added to `annotations`.
    fn marks(
        &self,
        children: &Ui,
        document_id: Id,
        paragraph: &Shown,
        at: Pos2,
        annotations: &mut Marks,
    ) {
        let ctx = children.ctx();
        let start = paragraph.chars.start;
        let laid = &paragraph.laid;
        let several_layers = annotations.several_layers;
        for mark in marks_in_layers(
            self.project,
            &self.document.id,
            paragraph.chars.clone(),
            self.longest,
            self.layer_shown,
        ) {
            // A discontinuous span has a mark per piece: one node for it.
            if annotations.nodes.iter().any(|(id, _)| *id == mark.id) {
                continue;
            }
            let Some(annotation) = self.project.annotation(mark.id) else {
                continue;
            };
            let node_id = document_id.with(("annotation", mark.id.0));
            let response = children.interact(Rect::NOTHING, node_id, Sense::FOCUSABLE);
            let name = mark_name(annotation, several_layers);
            response.widget_info(|| egui::WidgetInfo::labeled(Role::Mark, true, &name));
            let local = |offset: usize| offset.clamp(start, paragraph.chars.end) - start;
            let from = laid.char_rect(local(mark.start) as u32);
            let to =
                laid.char_rect(local(mark.end).saturating_sub(1).max(local(mark.start)) as u32);
            let rect = from.union(to).translate(at.to_vec2());
            let mut about = Vec::new();
            if !annotation.note.is_empty() {
                about.push(format!("note: {}", annotation.note));
            }
            if !several_layers {
                // Where several are shown the name ends in the layer already.
                about.push(format!("layer {}", annotation.layer));
            }
            let selected = self.view.selected == Some(mark.id);
            ctx.accesskit_node_builder(node_id, |node| {
                node.set_bounds(accesskit_rect(rect));
                node.set_description(about.join("; "));
                node.set_selected(selected);
            });
            if response.gained_focus() {
                annotations.focused = Some(mark.id);
            }
            annotations.nodes.push((mark.id, node_id));
        }
    }

    /// The caret and the selection (or the selected annotation's span) as positions in
    /// the runs on screen; an end outside them is read at the nearest edge.
    fn selection(&self, read: &[(std::ops::Range<usize>, Runs)]) -> Option<TextSelection> {
        let (anchor, head) = match (
            self.view.selection,
            self.view.selected_annotation(self.project),
        ) {
            (Some(s), _) => (s.anchor, s.head),
            (None, Some(a)) => (a.start, a.end),
            (None, None) => return None,
        };
        let position = |offset: usize| {
            let (chars, runs) = read
                .iter()
                .find(|(chars, _)| chars.start <= offset && offset <= chars.end)
                .or_else(|| {
                    let first = read.first()?;
                    if offset < first.0.start {
                        Some(first)
                    } else {
                        read.last()
                    }
                })?;
            runs.position(offset.clamp(chars.start, chars.end) - chars.start)
        };
        Some(TextSelection {
            anchor: position(anchor)?,
            focus: position(head)?,
        })
    }

    /// Keeps keyboard focus on the selected annotation (a screen reader then reads it as
    /// Tab selects it), else on the document, which holds the caret. Focus is taken only
    /// from the view's own nodes or from nothing: never from a field or a dialog. An
    /// annotation focus came to by other means (egui's Shift+Tab from the panel after the
    /// view, a screen reader's own request) is selected, so the two never part.
    fn follow_with_focus(&self, ctx: &Context, document_id: Id, marks: &Marks, asked: &mut Asked) {
        let before: OwnFocus = ctx.data(|d| d.get_temp(own_focus_key()).unwrap_or_default());
        let own = OwnFocus {
            document: Some(document_id),
            annotations: marks.nodes.iter().map(|(_, node)| *node).collect(),
        };
        let selected = self.view.selected;
        if let Some(came) = marks.focused.filter(|&came| Some(came) != selected) {
            asked.send(ViewIntent::SelectAnnotation {
                id: came,
                scroll: false,
            });
            ctx.data_mut(|d| d.insert_temp(own_focus_key(), own));
            return;
        }
        let node = selected
            .and_then(|s| marks.nodes.iter().find(|(a, _)| *a == s))
            .map(|(_, n)| *n);
        // An annotation selected further on is not on screen until the view has scrolled
        // to it: focus waits for it rather than going back to the document for a frame.
        let want = match (selected, node) {
            (Some(_), None) => None,
            (_, Some(node)) => Some(node),
            (None, None) => Some(document_id),
        };
        let overlay =
            egui::Popup::is_any_open(ctx) || ctx.memory(|m| m.top_modal_layer().is_some());
        let focused = ctx.memory(|m| m.focused());
        let ours = focused.is_none_or(|f| before.holds(f) || own.holds(f));
        if let Some(want) = want
            && !overlay
            && ours
            && focused != Some(want)
        {
            ctx.memory_mut(|m| m.request_focus(want));
        }
        ctx.data_mut(|d| d.insert_temp(own_focus_key(), own));
    }
}

/// What the reader says of an annotation: "claim: On July 3, Russia became…", with the
/// coder's layer at the end where several are shown. Two coders often tag the same words,
/// and a screen reader (Orca) does not speak focus moving between two nodes of one name.
fn mark_name(annotation: &crate::model::Annotation, several_layers: bool) -> String {
    if several_layers {
        format!(
            "{}: {} ({})",
            annotation.tag, annotation.quote, annotation.layer
        )
    } else {
        format!("{}: {}", annotation.tag, annotation.quote)
    }
}

/// The text's graphemes (what AccessKit calls characters), each with the paragraph-local
/// offset it starts at. One longer than a run can count in a byte (255) is split into its
/// code points.
fn graphemes(text: &str, mut offset: usize) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    for grapheme in text.graphemes(true) {
        if grapheme.len() <= usize::from(u8::MAX) {
            out.push((grapheme, offset));
            offset += grapheme.chars().count();
        } else {
            for (at, c) in grapheme.char_indices() {
                out.push((&grapheme[at..at + c.len_utf8()], offset));
                offset += 1;
            }
        }
    }
    out
}

/// The characters of a run's `text` (of the byte `lengths` given) where a word begins (a
/// word-bound segment holding a letter or a digit), for a screen reader's word-by-word
/// reading. A run that continues a wrapped line may begin with a word.
fn word_starts(text: &str, lengths: &[u8], starts_paragraph: bool) -> Vec<u8> {
    let byte_of_index: Vec<usize> = lengths
        .iter()
        .scan(0, |byte, &length| {
            let at = *byte;
            *byte += usize::from(length);
            Some(at)
        })
        .collect();
    text.split_word_bound_indices()
        .filter(|(_, word)| word.chars().any(char::is_alphanumeric))
        .filter_map(|(at, _)| byte_of_index.binary_search(&at).ok())
        // A paragraph's start is a word start to AccessKit already.
        .filter(|&index| index > 0 || !starts_paragraph)
        .map(|index| index as u8)
        .collect()
}

fn accesskit_rect(rect: Rect) -> egui::accesskit::Rect {
    // Never inverted: an empty line's band is a point.
    let rect = Rect::from_min_max(rect.min, rect.max.max(rect.min));
    egui::accesskit::Rect {
        x0: rect.min.x.into(),
        y0: rect.min.y.into(),
        x1: rect.max.x.into(),
        y1: rect.max.y.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphemes_keep_their_code_point_offsets_and_an_overlong_one_is_split() {
        let text = "e\u{301}x👩‍👩‍👧";
        let got: Vec<(&str, usize)> = graphemes(text, 10);
        assert_eq!(got, [("e\u{301}", 10), ("x", 12), ("👩‍👩‍👧", 13)]);
        // 200 combining marks on one letter make 401 bytes, more than a run counts: split.
        let long = format!("a{}", "\u{301}".repeat(200));
        let split = graphemes(&long, 0);
        assert_eq!(split.len(), 201);
        assert!(split.iter().all(|(g, _)| g.len() <= 2));
        assert_eq!(split.last().map(|(_, at)| *at), Some(200));
    }

    #[test]
    fn word_starts_count_characters_not_bytes() {
        // "é" is two bytes but one character: "bc" starts at character 2.
        assert_eq!(word_starts("é bc", &[2, 1, 1, 1], false), [0, 2]);
        assert_eq!(word_starts("é bc", &[2, 1, 1, 1], true), [2]);
    }
}
