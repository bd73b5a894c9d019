//! Choosing a file by typing its path, inside the app: where the system's file dialog is
//! missing, and whenever a path is typed on purpose. Tab completes, the folder's entries
//! are listed, Enter chooses, Escape cancels.

use std::path::PathBuf;

use egui::{Context, Id, Key, Modifiers, RichText};

use crate::workspace::path_completion::{common_prefix, completions, expanded, unfit};
use crate::workspace::{FileRequest, Intent, Pick};

use super::events::Asked;
use super::file_dialog;

/// How the window asks for files: the system's dialog, or the path field where it is
/// missing (said so at the top) or when a path is to be typed on purpose.
#[derive(Default)]
pub struct FileChooser {
    /// Use the system's dialogs; off in tests, which always get the path field.
    pub native: bool,
    /// Answer the next request in the path field (Open by typing its path).
    pub type_next: bool,
    field: Option<PathField>,
}

impl FileChooser {
    /// Asks for what `request` wants: the intent to carry on with when a system dialog
    /// answered, else nothing (cancelled, or the path field opened).
    pub fn choose(&mut self, request: FileRequest) -> Option<Intent> {
        if std::mem::take(&mut self.type_next) || !self.native {
            self.field = Some(PathField::new(request, None));
            return None;
        }
        match file_dialog::choose(&request) {
            Some(chosen) => request.purpose.answer(chosen),
            None => {
                let why = Some(file_dialog::MISSING.to_owned());
                self.field = Some(PathField::new(request, why));
                None
            }
        }
    }

    /// Draws the path field while it is open; what it chose goes to `asked`.
    pub fn ui(&mut self, ctx: &Context, asked: &mut Asked) {
        let Some(field) = self.field.as_mut() else {
            return;
        };
        match field.ui(ctx) {
            Chosen::Open => {}
            Chosen::Cancelled => self.field = None,
            Chosen::Paths(paths) => {
                if let Some(field) = self.field.take()
                    && let Some(intent) = field.request.purpose.answer(paths)
                {
                    asked.send(intent);
                }
            }
        }
    }
}

/// The path field for one request, while it is open.
struct PathField {
    request: FileRequest,
    typed: String,
    /// Why it opened instead of the system's dialog, said at the top.
    why: Option<String>,
    /// Why the path last entered did not do.
    refused: Option<String>,
    /// The folder's entries for the text as typed: read again only when it changes, not
    /// every frame.
    listed: Option<(String, Vec<String>)>,
}

/// What the field came to this frame.
enum Chosen {
    Open,
    Cancelled,
    Paths(Vec<PathBuf>),
}

impl PathField {
    /// Starts in the request's folder (or the current one), with its suggested name.
    fn new(request: FileRequest, why: Option<String>) -> Self {
        let mut typed = request
            .folder
            .as_ref()
            .map(|f| format!("{}/", f.display().to_string().trim_end_matches('/')))
            .unwrap_or_default();
        if let Some(name) = &request.file_name {
            typed.push_str(name);
        }
        Self {
            request,
            typed,
            why,
            refused: None,
            listed: None,
        }
    }

    fn ui(&mut self, ctx: &Context) -> Chosen {
        let found = self.entries();
        let (tab, enter, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::Tab),
                i.consume_key(Modifiers::NONE, Key::Enter),
                i.consume_key(Modifiers::NONE, Key::Escape),
            )
        });
        if tab {
            self.typed = common_prefix(&self.typed, &found);
        }
        let mut picked = None;
        let mut cancel = escape;
        let modal = egui::Modal::new(Id::unique("path_field"))
            // No dimmed backdrop: without a GPU, a rectangle over the whole window is
            // painted pixel by pixel on every frame the dialog shows.
            .backdrop_color(egui::Color32::TRANSPARENT)
            .show(ctx, |ui| {
                ui.set_width(520.0);
                ui.heading(self.request.title);
                if let Some(why) = &self.why {
                    ui.colored_label(ui.visuals().warn_fg_color, why);
                }
                let label = ui.label(match self.request.pick {
                    Pick::Folder => "Folder",
                    Pick::Save => "Save to",
                    Pick::File | Pick::Files => "Path",
                });
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.typed)
                            .hint_text("~/projects/study.ron")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                field.request_focus();
                if let Some(why) = &self.refused {
                    ui.colored_label(ui.visuals().error_fg_color, why);
                }
                ui.weak("Tab completes; click an entry to take it.");
                for entry in &found {
                    if ui
                        .selectable_label(false, RichText::new(entry).monospace())
                        .clicked()
                    {
                        picked = Some(entry.clone());
                    }
                }
                ui.horizontal(|ui| {
                    if ui.button("Choose").clicked() {
                        picked = Some(self.typed.clone());
                    }
                    cancel |= ui.button("Cancel").clicked();
                });
            });
        if let Some(entry) = picked.take() {
            if entry.ends_with('/') {
                // A folder clicked: go into it (Choose takes a folder being picked).
                self.typed = entry;
                return Chosen::Open;
            }
            self.typed = entry;
            return self.enter();
        }
        super::click_through::pass_on(ctx, &modal.backdrop_response);
        if cancel || modal.should_close() {
            return Chosen::Cancelled;
        }
        if enter {
            return self.enter();
        }
        Chosen::Open
    }

    /// What the folder typed so far holds, from the cache while the text is unchanged.
    fn entries(&mut self) -> Vec<String> {
        if let Some((typed, found)) = &self.listed
            && *typed == self.typed
        {
            return found.clone();
        }
        let extensions = self.request.filter.map_or(&[][..], |(_, e)| e);
        let found = completions(&self.typed, self.request.pick, extensions);
        self.listed = Some((self.typed.clone(), found.clone()));
        found
    }

    /// The typed path, if it does for the request; else why not, shown under the field.
    fn enter(&mut self) -> Chosen {
        let path = expanded(self.typed.trim_end_matches('/').trim());
        let path = if self.typed.trim() == "/" {
            PathBuf::from("/")
        } else {
            path
        };
        match unfit(&path, self.request.pick) {
            Some(why) => {
                self.refused = Some(why);
                Chosen::Open
            }
            None => Chosen::Paths(vec![path]),
        }
    }
}
