//! The command palette (Ctrl+K): every menu command and every tag, found by typing, run
//! with Enter. It lists the same actions as the menus and the shortcuts sheet.

use egui::{Context, Id, Key, Modifiers, RichText};

use crate::model::Project;

use crate::workspace::{EditIntent, FileIntent};

use super::actions::Action;
use super::events::Asked;
use super::script_label::ScriptLabel;

/// One thing the palette can run.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Entry {
    Action(Action),
    Tag(String),
    /// A path typed in the palette: a project to open, or texts to import.
    Path(std::path::PathBuf),
}

#[derive(Debug, Default)]
pub struct Palette {
    query: String,
    chosen: usize,
}

/// The entries whose label holds every word typed, in menu order, with their keys.
fn matches(project: &Project, query: &str, ctx: &Context) -> Vec<(Entry, String, String)> {
    if let Some(entry) = typed_path(query) {
        return vec![entry];
    }
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let actions = Action::ALL
        .into_iter()
        .filter(|a| *a != Action::CommandPalette)
        .map(|a| {
            let keys = a
                .shortcuts()
                .first()
                .map(|s| ctx.format_shortcut(s))
                .unwrap_or_default();
            (Entry::Action(a), a.label().to_owned(), keys)
        });
    let tags = project.tags().tags.iter().map(|t| {
        (
            Entry::Tag(t.name.clone()),
            format!("Tag as {}", t.name),
            t.hotkey.map(String::from).unwrap_or_default(),
        )
    });
    actions
        .chain(tags)
        .filter(|(_, label, _)| {
            let label = label.to_lowercase();
            words.iter().all(|w| label.contains(w.as_str()))
        })
        .collect()
}

/// A path typed where a command would be (`/…`, `~/…`, `./…`): open it if it is a
/// project, else import it (a file or a folder of texts).
fn typed_path(query: &str) -> Option<(Entry, String, String)> {
    let query = query.trim();
    if !["/", "~/", "./", "../"]
        .iter()
        .any(|p| query.starts_with(p))
    {
        return None;
    }
    let path = crate::workspace::path_completion::expanded(query);
    let project = path.extension().is_some_and(|e| e == "ron");
    let label = if project {
        format!("Open project {}", path.display())
    } else {
        format!("Import texts from {}", path.display())
    };
    Some((Entry::Path(path), label, String::new()))
}

impl Palette {
    /// Draws the palette; returns false once it should close.
    pub fn ui(&mut self, ctx: &Context, project: &Project, asked: &mut Asked) -> bool {
        let found = matches(project, &self.query, ctx);
        self.chosen = self.chosen.min(found.len().saturating_sub(1));
        let (down, up, enter, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::Enter),
                i.consume_key(Modifiers::NONE, Key::Escape),
            )
        });
        if down {
            self.chosen = (self.chosen + 1).min(found.len().saturating_sub(1));
        }
        if up {
            self.chosen = self.chosen.saturating_sub(1);
        }
        let mut run = enter.then_some(self.chosen);
        let modal = egui::Modal::new(Id::unique("command_palette"))
            // No dimmed backdrop: without a GPU, a rectangle over the whole window is
            // painted pixel by pixel on every frame the dialog shows.
            .backdrop_color(egui::Color32::TRANSPARENT)
            .show(ctx, |ui| {
                ui.set_width(420.0);
                let label = ui.label("Command");
                let field = ui.add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("Type to find a command or a tag")
                        .desired_width(f32::INFINITY),
                );
                field.labelled_by(label.id).request_focus();
                ui.separator();
                if found.is_empty() {
                    ui.weak("Nothing matches.");
                }
                for (index, (_, label, keys)) in found.iter().enumerate() {
                    ui.horizontal(|ui| {
                        // Laid out as the text is: a tag named in Persian reads in its order.
                        let row = ScriptLabel::new(label, ui.visuals().text_color())
                            .selectable(index == self.chosen);
                        if row.show(ui).clicked() {
                            run = Some(index);
                        }
                        if !keys.is_empty() {
                            ui.label(RichText::new(keys).weak().monospace());
                        }
                    });
                }
            });
        if let Some((entry, _, _)) = run.and_then(|i| found.get(i)) {
            match entry.clone() {
                Entry::Action(action) => asked.run(action),
                Entry::Tag(tag) => asked.send(EditIntent::Tag(tag)),
                Entry::Path(path) if path.extension().is_some_and(|e| e == "ron") => {
                    asked.send(FileIntent::Open(Some(path)));
                }
                Entry::Path(path) => asked.send(FileIntent::ImportTexts(Some(vec![path]))),
            }
            return false;
        }
        super::click_through::pass_on(ctx, &modal.backdrop_response);
        !(escape || modal.should_close())
    }
}
