//! The keyboard shortcuts sheet (F1): every action's keys from the one `Action` list, the
//! tags' keys, and the keys of annotating without the mouse.

use egui::{Context, RichText};

use crate::model::Project;

use super::actions::Action;
use super::theme::colour32;

/// The keys of the document view, which are not menu commands.
const DOCUMENT_KEYS: [(&str, &str); 20] = [
    ("Move the caret", "Left / Right / Up / Down"),
    ("... by word", "Ctrl+Left / Ctrl+Right"),
    ("... by page", "PageUp / PageDown"),
    ("... to the row's start or end", "Home / End"),
    ("... to the document's start or end", "Ctrl+Home / Ctrl+End"),
    ("Extend the selection", "Shift with any of these"),
    ("Next / previous annotation", "Tab / Shift+Tab"),
    (
        "Move the selected annotation's end",
        "Shift+Left / Shift+Right",
    ),
    (
        "Move the selected annotation's start",
        "Ctrl+Shift+Left / Right",
    ),
    (
        "... by a word (end, start)",
        "Alt+Shift+Left / Right, Alt+Ctrl+Shift+Left / Right",
    ),
    ("Write the selected annotation's note", "Enter"),
    ("Select a word", "double-click"),
    ("Select text (whole words)", "drag"),
    ("Select text by character", "Alt+drag"),
    ("Select an annotation", "click its highlight"),
    (
        "Accept the suggestion looked at (] and [, or F8 and Shift+F8, walk them)",
        "Enter",
    ),
    ("Look at a suggestion", "click its dashed outline"),
    (
        "Reject its form: not suggested as that tag again",
        "Backspace",
    ),
    (
        "Accept every suggestion like it (asks first)",
        "Shift+Enter",
    ),
    ("Stop looking at suggestions", "Esc"),
];

pub fn shortcuts_sheet(ctx: &Context, project: &Project, open: &mut bool) {
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .resizable(false)
        .show(ctx, |ui| {
            // Longer than a small window is tall: it scrolls rather than being cut off.
            let height = (ctx.content_rect().height() - 120.0).max(160.0);
            egui::ScrollArea::vertical()
                .max_height(height)
                .show(ui, |ui| {
                    egui::Grid::new("shortcut_grid")
                        .num_columns(2)
                        .striped(true)
                        .show(ui, |ui| {
                            for action in Action::ALL {
                                if action.shortcuts().is_empty() {
                                    continue;
                                }
                                ui.label(action.label());
                                let keys: Vec<String> = action
                                    .shortcuts()
                                    .iter()
                                    .map(|s| ctx.format_shortcut(s))
                                    .collect();
                                ui.monospace(keys.join("  or  "));
                                ui.end_row();
                            }
                            for tag in &project.tags().tags {
                                if let Some(key) = tag.hotkey {
                                    ui.label(
                                        RichText::new(format!("Tag as {}", tag.name))
                                            .color(colour32(tag.colour)),
                                    );
                                    ui.monospace(key.to_string());
                                    ui.end_row();
                                }
                            }
                            for (what, keys) in DOCUMENT_KEYS {
                                ui.label(what);
                                ui.monospace(keys);
                                ui.end_row();
                            }
                        });
                });
        });
}
