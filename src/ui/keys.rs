//! Where a key press goes: menu shortcuts, making a link (L, Tab, a type's key), the
//! review walk's letters, tag hotkeys, and the keys of annotating without the mouse. Each becomes an intent or a menu command.

use egui::{Context, Key, Modifiers};

use crate::model::Choice;
use crate::model::motion::{Boundary, Motion};
use crate::workspace::{
    CaretMotion, CodeIntent, EditIntent, Intent, ReviewIntent, RowMotion, SuggestIntent,
    ViewIntent, Workspace,
};

use super::actions::Action;
use super::events::Asked;

/// Reads this frame's key presses (consuming those it takes) into `asked`.
/// `right_to_left` says whether the paragraph at an offset runs right to left as laid out
/// (the selected annotation's boundaries then move the other way in the text).
pub fn read_keys(
    ctx: &Context,
    workspace: &Workspace,
    right_to_left: &dyn Fn(usize) -> bool,
    asked: &mut Asked,
) {
    // An open menu, list or dialog has the keys: Escape closes it (egui and the dialog do
    // that themselves), and no tag key tags the text behind it.
    let overlay = egui::Popup::is_any_open(ctx) || ctx.memory(|m| m.top_modal_layer().is_some());
    if workspace.is_opening() || overlay {
        return;
    }
    // Focus on the document's own nodes (the document, the selected annotation: where a
    // screen reader follows the caret and the walk) leaves the keys with the document.
    let typing = super::reading::focus_elsewhere(ctx);
    let view = workspace.view();
    let linking = !typing && view.linking.is_some();
    if linking {
        // While a link is being made, keys pick its target and type (Escape stops it);
        // of the menu shortcuts only those that work while typing do, so that Backspace
        // edits the search rather than deleting the annotation being linked.
        link_keys(ctx, workspace, asked);
    } else if !typing
        && view.extending.is_some()
        && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
    {
        // Escape stops adding a piece, and keeps the selection.
        asked.send(CodeIntent::Extend(None));
        return;
    }
    if !typing && !linking {
        suggestion_keys(ctx, workspace, asked);
    }
    // A tag whose hotkey is L keeps it; linking is then in the menu and the inspector.
    let tag_takes_l = workspace.project().tags().by_hotkey('l').is_some();
    // Shortcuts with more modifiers first: egui matches a plain one ignoring Shift, so
    // F8 would otherwise take Shift+F8.
    let mut shortcuts: Vec<(Action, &egui::KeyboardShortcut)> = Action::ALL
        .into_iter()
        .filter(|&action| !((typing || linking) && !action.works_while_typing()))
        .filter(|&action| !(action == Action::StartLink && tag_takes_l))
        .flat_map(|action| action.shortcuts().iter().map(move |s| (action, s)))
        .collect();
    shortcuts.sort_by_key(|(_, s)| {
        let m = s.modifiers;
        std::cmp::Reverse(u8::from(m.shift) + u8::from(m.alt) + u8::from(m.command || m.ctrl))
    });
    for (action, shortcut) in shortcuts {
        if ctx.input_mut(|i| i.consume_shortcut(shortcut)) {
            asked.run(action);
        }
    }
    if typing || linking {
        return;
    }
    if workspace.view().extending.is_some() {
        piece_keys(ctx, workspace, asked);
    }
    review_keys(ctx, workspace, asked);
    for tag in &workspace.project().tags().tags {
        let Some(key) = tag
            .hotkey
            .and_then(|h| Key::from_name(&h.to_uppercase().to_string()))
        else {
            continue;
        };
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
            asked.send(EditIntent::Tag(tag.name.clone()));
        }
    }
    caret_keys(ctx, workspace, right_to_left, asked);
}

/// While a suggestion is looked at (and nothing of the coder's is selected): Enter
/// accepts it, Shift+Enter all like it (after a count), Backspace or Delete rejects its
/// form, Escape stops looking. Taken before the menu shortcuts those keys also have.
fn suggestion_keys(ctx: &Context, workspace: &Workspace, asked: &mut Asked) {
    let view = workspace.view();
    if workspace.looked_at().is_none() || view.selection.is_some() || view.selected.is_some() {
        return;
    }
    // Each key once per press: a held Backspace must not reject form after form.
    let taken = ctx.input_mut(|i| {
        if take_fresh_press(i, Modifiers::SHIFT, Key::Enter) {
            Some(SuggestIntent::AskAcceptAll)
        } else if take_fresh_press(i, Modifiers::NONE, Key::Enter) {
            Some(SuggestIntent::Accept)
        } else if take_fresh_press(i, Modifiers::NONE, Key::Backspace)
            | take_fresh_press(i, Modifiers::NONE, Key::Delete)
        {
            Some(SuggestIntent::Reject)
        } else if take_fresh_press(i, Modifiers::NONE, Key::Escape) {
            Some(SuggestIntent::Dismiss)
        } else {
            None
        }
    });
    if let Some(intent) = taken {
        asked.send(intent);
    }
}

/// Takes this frame's presses of `key` with exactly `modifiers` (repeats of it held down
/// too, so that nothing else reads them); true when one is a fresh press.
pub(super) fn take_fresh_press(i: &mut egui::InputState, modifiers: Modifiers, key: Key) -> bool {
    let mut fresh = false;
    i.events.retain(|event| match event {
        egui::Event::Key {
            key: pressed_key,
            pressed: true,
            repeat,
            modifiers: held,
            ..
        } if *pressed_key == key && held.matches_exact(modifiers) => {
            fresh |= !repeat;
            false
        }
        _ => true,
    });
    fresh
}

/// The keys of making a link: Tab and Shift+Tab offer the next and previous target, `/`
/// then text finds one by its quote, a relation type's key (or Enter, the first type that
/// fits) links, Escape stops.
fn link_keys(ctx: &Context, workspace: &Workspace, asked: &mut Asked) {
    let Some(linking) = workspace.view().linking.as_ref() else {
        return;
    };
    // What has been typed so far, kept up to date key by key: several keys can arrive in
    // one frame ("/" and "c" together must search for "c", not link as claimant).
    let mut typed = linking.typed.clone();
    let events = ctx.input(|i| i.events.clone());
    for event in events {
        let intent = match event {
            egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => {
                let intent = match key {
                    Key::Escape => CodeIntent::CancelLink,
                    Key::Tab => {
                        typed = None;
                        CodeIntent::NextTarget {
                            forward: !modifiers.shift,
                        }
                    }
                    Key::Enter => CodeIntent::Link(None),
                    Key::Backspace => match typed.as_mut() {
                        Some(text) => {
                            text.pop();
                            CodeIntent::FindTarget(text.clone())
                        }
                        None => continue,
                    },
                    _ => continue,
                };
                ctx.input_mut(|i| i.consume_key(modifiers, key));
                ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
                intent
            }
            egui::Event::Text(text) => match typed.as_mut() {
                Some(so_far) => {
                    so_far.push_str(&text);
                    CodeIntent::FindTarget(so_far.clone())
                }
                None if text == "/" => {
                    typed = Some(String::new());
                    CodeIntent::FindTarget(String::new())
                }
                None => match relation_by_key(workspace, &text) {
                    Some(kind) => CodeIntent::Link(Some(kind)),
                    None => continue,
                },
            },
            _ => continue,
        };
        asked.send(intent);
    }
}

/// The relation type whose hotkey is `text` (letters compare case-insensitively).
fn relation_by_key(workspace: &Workspace, text: &str) -> Option<String> {
    let mut chars = text.chars();
    let (Some(key), None) = (chars.next(), chars.next()) else {
        return None;
    };
    workspace
        .project()
        .schema()
        .relations
        .iter()
        .find(|r| r.hotkey.is_some_and(|h| h.eq_ignore_ascii_case(&key)))
        .map(|r| r.name.clone())
}

/// While a piece is being added: Enter adds the selection (Escape stops, above).
fn piece_keys(ctx: &Context, workspace: &Workspace, asked: &mut Asked) {
    if workspace.view().selected_range().is_some()
        && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter))
    {
        asked.send(CodeIntent::AddSelectionAsFragment);
    }
}

/// The review walk's keys, while a difference is under review: M accept mine, T theirs,
/// B both, R reject both, E edit; N next and P previous work once the panel is open.
fn review_keys(ctx: &Context, workspace: &Workspace, asked: &mut Asked) {
    let Some(review) = workspace.review() else {
        return;
    };
    let walking = review.current.is_some();
    for (key, intent) in [
        (Key::N, ReviewIntent::Skip { forward: true }),
        (Key::P, ReviewIntent::Skip { forward: false }),
        (Key::M, ReviewIntent::Settle(Choice::Mine)),
        (Key::T, ReviewIntent::Settle(Choice::Theirs)),
        (Key::B, ReviewIntent::Settle(Choice::Both)),
        (Key::R, ReviewIntent::Settle(Choice::Neither)),
        (Key::E, ReviewIntent::Settle(Choice::Edited)),
    ] {
        let allowed = walking || matches!(intent, ReviewIntent::Skip { .. });
        if allowed && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
            asked.send(intent);
        }
    }
}

/// The keys of keyboard-only annotation: caret motion, selection, moving between
/// annotations and their boundaries, the note.
fn caret_keys(
    ctx: &Context,
    workspace: &Workspace,
    right_to_left: &dyn Fn(usize) -> bool,
    asked: &mut Asked,
) {
    let presses: Vec<(Key, Modifiers)> = ctx.input(|i| {
        i.events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => Some((*key, *modifiers)),
                _ => None,
            })
            .collect()
    });
    let view = workspace.view();
    let selected = view.selected.is_some();
    let annotation_only = selected && view.selected_range().is_none();
    for (key, modifiers) in presses {
        let Some(mut intent) = caret_intent(key, modifiers, selected, annotation_only) else {
            continue;
        };
        // Shift+Right moves a boundary to the right as drawn: back in the text where it
        // runs right to left.
        if let Intent::Edit(EditIntent::MoveBoundary { forward, .. }) = &mut intent
            && view
                .selected_annotation(workspace.project())
                .is_some_and(|a| right_to_left(a.start))
        {
            *forward = !*forward;
        }
        // Ctrl+Left goes to the word on the left: the next one in a paragraph that runs
        // right to left.
        if let Intent::View(ViewIntent::MoveCaret {
            motion: CaretMotion::Text(motion @ (Motion::WordLeft | Motion::WordRight)),
            ..
        }) = &mut intent
            && view.selection.is_some_and(|s| right_to_left(s.head))
        {
            *motion = if *motion == Motion::WordLeft {
                Motion::WordRight
            } else {
                Motion::WordLeft
            };
        }
        ctx.input_mut(|i| i.consume_key(modifiers, key));
        // egui already read Tab and the arrows as "move keyboard focus to the next
        // widget" before this frame's UI; these keys belong to the document.
        ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        asked.send(intent);
    }
}

/// What a key does in the document: `selected` says an annotation is selected,
/// `annotation_only` that it is selected without a text selection (Shift+arrows then
/// move its boundaries instead of extending a selection).
pub fn caret_intent(
    key: Key,
    modifiers: Modifiers,
    selected: bool,
    annotation_only: bool,
) -> Option<Intent> {
    let (word, extend) = (modifiers.command, modifiers.shift);
    let by_word = modifiers.alt;
    let sideways = matches!(key, Key::ArrowLeft | Key::ArrowRight);
    if by_word && !(extend && annotation_only && sideways) {
        return None;
    }
    let moving = |motion| Some(ViewIntent::MoveCaret { motion, extend }.into());
    match key {
        Key::ArrowLeft | Key::ArrowRight => {
            let forward = key == Key::ArrowRight;
            if extend && annotation_only {
                // Shift moves the selected annotation's end, Ctrl+Shift its start; with
                // Alt, by a word.
                let boundary = if word { Boundary::Start } else { Boundary::End };
                return Some(
                    EditIntent::MoveBoundary {
                        boundary,
                        forward,
                        by_word,
                    }
                    .into(),
                );
            }
            // By a cluster as drawn, which the window's layout knows; by a word in the
            // text's order.
            moving(match (forward, word) {
                (false, false) => CaretMotion::Rows(RowMotion::Left),
                (true, false) => CaretMotion::Rows(RowMotion::Right),
                (false, true) => CaretMotion::Text(Motion::WordLeft),
                (true, true) => CaretMotion::Text(Motion::WordRight),
            })
        }
        Key::ArrowUp | Key::ArrowDown | Key::PageUp | Key::PageDown if !word => {
            moving(CaretMotion::Rows(match key {
                Key::ArrowUp => RowMotion::Up,
                Key::ArrowDown => RowMotion::Down,
                Key::PageUp => RowMotion::PageUp,
                _ => RowMotion::PageDown,
            }))
        }
        Key::Home | Key::End => moving(match (key == Key::Home, word) {
            (true, true) => CaretMotion::Text(Motion::DocumentStart),
            (false, true) => CaretMotion::Text(Motion::DocumentEnd),
            (true, false) => CaretMotion::Rows(RowMotion::RowStart),
            (false, false) => CaretMotion::Rows(RowMotion::RowEnd),
        }),
        Key::Tab if !word => Some(ViewIntent::NextAnnotation { forward: !extend }.into()),
        Key::Enter if modifiers.is_none() && selected => Some(ViewIntent::FocusNote.into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_arrows_move_a_selected_annotations_boundaries_else_extend_the_selection() {
        let shift = Modifiers::SHIFT;
        let ctrl_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        assert_eq!(
            caret_intent(Key::ArrowRight, shift, true, true),
            Some(
                EditIntent::MoveBoundary {
                    boundary: Boundary::End,
                    forward: true,
                    by_word: false,
                }
                .into()
            )
        );
        assert_eq!(
            caret_intent(Key::ArrowLeft, ctrl_shift, true, true),
            Some(
                EditIntent::MoveBoundary {
                    boundary: Boundary::Start,
                    forward: false,
                    by_word: false,
                }
                .into()
            )
        );
        // With Alt, by a word.
        assert_eq!(
            caret_intent(Key::ArrowRight, Modifiers::ALT | shift, true, true),
            Some(
                EditIntent::MoveBoundary {
                    boundary: Boundary::End,
                    forward: true,
                    by_word: true,
                }
                .into()
            )
        );
        assert_eq!(
            caret_intent(Key::ArrowLeft, Modifiers::ALT | ctrl_shift, true, true),
            Some(
                EditIntent::MoveBoundary {
                    boundary: Boundary::Start,
                    forward: false,
                    by_word: true,
                }
                .into()
            )
        );
        assert_eq!(
            caret_intent(Key::ArrowRight, ctrl_shift, false, false),
            Some(
                ViewIntent::MoveCaret {
                    motion: CaretMotion::Text(Motion::WordRight),
                    extend: true
                }
                .into()
            )
        );
        assert_eq!(
            caret_intent(Key::Tab, shift, false, false),
            Some(ViewIntent::NextAnnotation { forward: false }.into())
        );
        assert_eq!(
            caret_intent(Key::Enter, Modifiers::NONE, false, false),
            None
        );
        assert_eq!(
            caret_intent(Key::ArrowLeft, Modifiers::ALT, false, false),
            None
        );
    }
}
