//! The windows over the main view: unsaved changes, tag editor, rename, shortcuts, about.

use std::path::PathBuf;

use egui::{Context, Id, RichText};

use crate::edit::Command;
use crate::formats::export::ExportFormat;
use crate::model::{Colour, DocumentId, Project, Tag, TagSet};

use super::actions::Action;

/// The annotation formats File ▸ Import annotations… reads.
const IMPORT_FORMATS: [&str; 6] = ["brat", "jsonl", "labelstudio", "csv", "w3c", "xmi"];
use super::events::AppEvent;
use super::palette::Palette;
use super::panels::colour32;

/// What waits for the answer to "save changes?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    New,
    /// Open this file, or ask which one.
    Open(Option<PathBuf>),
    Quit,
}

#[derive(Debug)]
enum RenameTarget {
    Project,
    Document(DocumentId),
}

#[derive(Debug)]
struct Rename {
    target: RenameTarget,
    text: String,
}

/// One row of the tag editor: the tag being edited and the name it had, if it existed.
#[derive(Debug, Clone)]
struct TagRow {
    original: Option<String>,
    tag: Tag,
    hotkey_text: String,
}

#[derive(Debug, Default)]
pub struct Dialogs {
    pub unsaved: Option<Pending>,
    pub close_requested: bool,
    pub shortcuts_open: bool,
    pub about_open: bool,
    rename: Option<Rename>,
    tag_rows: Option<Vec<TagRow>>,
    palette: Option<Palette>,
    /// The import dialog's format and layer while it is open.
    import: Option<(String, String)>,
    /// The export dialog's choices while it is open.
    export: Option<(ExportFormat, Option<String>)>,
    /// What the last import or export did, and what it could not carry over.
    pub report: Option<String>,
}

impl Dialogs {
    pub fn start_import(&mut self, layer: &str) {
        self.import = Some(("brat".to_owned(), layer.to_owned()));
    }

    pub fn start_export(&mut self) {
        self.export = Some((ExportFormat::Brat, None));
    }

    pub fn start_palette(&mut self) {
        self.palette = Some(Palette::default());
    }

    pub fn start_rename_project(&mut self, title: &str) {
        self.rename = Some(Rename {
            target: RenameTarget::Project,
            text: title.to_owned(),
        });
    }

    pub fn start_rename_document(&mut self, id: &DocumentId, title: &str) {
        self.rename = Some(Rename {
            target: RenameTarget::Document(id.clone()),
            text: title.to_owned(),
        });
    }

    pub fn start_tag_editor(&mut self, tags: &TagSet) {
        self.tag_rows = Some(
            tags.tags
                .iter()
                .map(|t| TagRow {
                    original: Some(t.name.clone()),
                    tag: t.clone(),
                    hotkey_text: t.hotkey.map(String::from).unwrap_or_default(),
                })
                .collect(),
        );
    }

    /// Draws the open dialogs. Returns the answer to the unsaved-changes question when given:
    /// `Some(Some(true))` save, `Some(Some(false))` discard, `Some(None)` cancel.
    pub fn ui(
        &mut self,
        ctx: &Context,
        project: &Project,
        events: &mut Vec<AppEvent>,
    ) -> Option<Option<bool>> {
        if let Some(palette) = self.palette.as_mut()
            && !palette.ui(ctx, project, events)
        {
            self.palette = None;
        }
        self.export_ui(ctx, project, events);
        self.rename_ui(ctx, events);
        self.tag_editor_ui(ctx, project, events);
        self.shortcuts_ui(ctx, project);
        self.about_ui(ctx);
        self.unsaved_ui(ctx, project)
    }

    fn export_ui(&mut self, ctx: &Context, project: &Project, events: &mut Vec<AppEvent>) {
        if let Some(report) = &self.report {
            let mut open = true;
            egui::Window::new("Report")
                .open(&mut open)
                .resizable(false)
                .show(ctx, |ui| {
                    for line in report.lines() {
                        ui.label(line);
                    }
                });
            if !open {
                self.report = None;
            }
        }
        self.import_ui(ctx, events);
        let Some((format, layer)) = self.export.as_mut() else {
            return;
        };
        let mut go = false;
        let mut cancel = false;
        egui::Modal::new(Id::unique("export")).show(ctx, |ui| {
            ui.heading("Export annotations");
            egui::Grid::new("export_grid")
                .num_columns(2)
                .show(ui, |ui| {
                    let label = ui.label("Format");
                    egui::ComboBox::from_id_salt("export_format")
                        .selected_text(format.name())
                        .show_ui(ui, |ui| {
                            for choice in ExportFormat::ALL {
                                ui.selectable_value(format, choice, choice.name());
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Layer to export");
                    egui::ComboBox::from_id_salt("export_layer")
                        .selected_text(layer.as_deref().unwrap_or("all layers"))
                        .show_ui(ui, |ui| {
                            ui.selectable_value(layer, None, "all layers");
                            for l in project.layers() {
                                ui.selectable_value(layer, Some(l.name.clone()), &l.name);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                });
            ui.weak(if format.writes_folder() {
                match format {
                    ExportFormat::LabelStudio => "Writes a folder: tasks.json and labeling_config.xml for a Label Studio project.",
                    _ => "Writes a folder: a .txt and .ann per document, annotation.conf and visual.conf.",
                }
            } else {
                "Writes one file."
            });
            ui.horizontal(|ui| {
                go = ui.button("Export…").clicked();
                cancel = ui.button("Cancel").clicked();
            });
        });
        if go {
            events.push(AppEvent::Export {
                format: *format,
                layer: layer.clone(),
            });
        }
        if go || cancel {
            self.export = None;
        }
    }

    fn import_ui(&mut self, ctx: &Context, events: &mut Vec<AppEvent>) {
        let Some((format, layer)) = self.import.as_mut() else {
            return;
        };
        let (mut go, mut cancel) = (false, false);
        egui::Modal::new(Id::unique("import")).show(ctx, |ui| {
            ui.heading("Import annotations");
            egui::Grid::new("import_grid")
                .num_columns(2)
                .show(ui, |ui| {
                    let label = ui.label("Format");
                    egui::ComboBox::from_id_salt("import_format")
                        .selected_text(format.as_str())
                        .show_ui(ui, |ui| {
                            for choice in IMPORT_FORMATS {
                                ui.selectable_value(format, choice.to_owned(), choice);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Into layer");
                    ui.add(egui::TextEdit::singleline(layer).desired_width(160.0))
                        .labelled_by(label.id);
                    ui.end_row();
                });
            ui.weak(match format.as_str() {
                "brat" => "Choose the folder of .txt and .ann files (nested folders too).",
                "csv" | "w3c" => {
                    "These files hold no text: their documents must be in the project."
                }
                _ => {
                    "Documents with the same text as the project's get the annotations as a layer."
                }
            });
            ui.horizontal(|ui| {
                go = ui
                    .add_enabled(!layer.trim().is_empty(), egui::Button::new("Choose files…"))
                    .clicked();
                cancel = ui.button("Cancel").clicked();
            });
        });
        if go {
            events.push(AppEvent::ImportAnnotations {
                format: format.clone(),
                layer: layer.trim().to_owned(),
            });
        }
        if go || cancel {
            self.import = None;
        }
    }

    fn unsaved_ui(&mut self, ctx: &Context, project: &Project) -> Option<Option<bool>> {
        let pending = self.unsaved.as_ref()?;
        let mut answer = None;
        let then = match pending {
            Pending::New => "starting a new project",
            Pending::Open(_) => "opening another project",
            Pending::Quit => "quitting",
        };
        let modal = egui::Modal::new(Id::unique("unsaved_changes")).show(ctx, |ui| {
            ui.set_width(360.0);
            ui.heading("Save changes?");
            ui.label(format!(
                "“{}” has changes that are not saved. Save them before {then}?",
                project.title
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = Some(Some(true));
                }
                if ui.button("Discard changes").clicked() {
                    answer = Some(Some(false));
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(None);
                }
            });
        });
        if answer.is_none() && modal.should_close() {
            answer = Some(None);
        }
        answer
    }

    fn rename_ui(&mut self, ctx: &Context, events: &mut Vec<AppEvent>) {
        let Some(rename) = self.rename.as_mut() else {
            return;
        };
        let mut done = None;
        let title = match rename.target {
            RenameTarget::Project => "Rename project",
            RenameTarget::Document(_) => "Rename document",
        };
        egui::Modal::new(Id::unique("rename")).show(ctx, |ui| {
            ui.heading(title);
            let response =
                ui.add(egui::TextEdit::singleline(&mut rename.text).desired_width(320.0));
            response.request_focus();
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if ui.button("Rename").clicked() || enter {
                    done = Some(true);
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    done = Some(false);
                }
            });
        });
        match done {
            Some(true) => {
                let title = rename.text.trim().to_owned();
                if !title.is_empty() {
                    events.push(AppEvent::Edit(match &rename.target {
                        RenameTarget::Project => Command::RenameProject(title),
                        RenameTarget::Document(id) => Command::RenameDocument {
                            id: id.clone(),
                            title,
                        },
                    }));
                }
                self.rename = None;
            }
            Some(false) => self.rename = None,
            None => {}
        }
    }

    fn tag_editor_ui(&mut self, ctx: &Context, project: &Project, events: &mut Vec<AppEvent>) {
        let Some(rows) = self.tag_rows.as_mut() else {
            return;
        };
        let mut open = true;
        let mut apply = false;
        let mut cancel = false;
        egui::Window::new("Tags")
            .open(&mut open)
            .resizable(true)
            .default_width(620.0)
            .show(ctx, |ui| {
                ui.label("Each tag has a name, a colour, a key that applies it and a one-line guideline.");
                let mut remove = None;
                egui::Grid::new("tag_grid").num_columns(5).striped(true).show(ui, |ui| {
                    let name_header = ui.strong("Name").id;
                    ui.strong("Colour");
                    let key_header = ui.strong("Key").id;
                    let guideline_header = ui.strong("Guideline").id;
                    ui.end_row();
                    for (index, row) in rows.iter_mut().enumerate() {
                        ui.add(egui::TextEdit::singleline(&mut row.tag.name).desired_width(100.0))
                            .labelled_by(name_header);
                        let mut rgb = [row.tag.colour.r, row.tag.colour.g, row.tag.colour.b];
                        if egui::color_picker::color_edit_button_srgb(ui, &mut rgb).changed() {
                            row.tag.colour = Colour::rgb(rgb[0], rgb[1], rgb[2]);
                        }
                        ui.add(
                            egui::TextEdit::singleline(&mut row.hotkey_text)
                                .desired_width(24.0)
                                .char_limit(1),
                        )
                        .labelled_by(key_header);
                        row.tag.hotkey = row.hotkey_text.chars().next();
                        ui.add(egui::TextEdit::singleline(&mut row.tag.description).desired_width(300.0))
                            .labelled_by(guideline_header);
                        let used = row
                            .original
                            .as_ref()
                            .map_or(0, |name| project.annotations().iter().filter(|a| &a.tag == name).count());
                        let button = ui.add_enabled(used == 0, egui::Button::new("Remove"));
                        let button = if used > 0 {
                            button.on_disabled_hover_text(format!("Used by {used} annotations"))
                        } else {
                            button
                        };
                        if button.clicked() {
                            remove = Some(index);
                        }
                        ui.end_row();
                    }
                });
                if let Some(index) = remove {
                    rows.remove(index);
                }
                if ui.button("Add tag").clicked() {
                    rows.push(TagRow {
                        original: None,
                        tag: Tag {
                            name: format!("tag{}", rows.len() + 1),
                            colour: Colour::rgb(0x8e, 0x44, 0xad),
                            hotkey: None,
                            description: String::new(),
                        },
                        hotkey_text: String::new(),
                    });
                }
                let draft = TagSet {
                    tags: rows.iter().map(|r| r.tag.clone()).collect(),
                };
                let problems = draft.problems();
                for problem in &problems {
                    ui.colored_label(ui.visuals().error_fg_color, problem);
                }
                ui.horizontal(|ui| {
                    apply = ui.add_enabled(problems.is_empty(), egui::Button::new("Apply")).clicked();
                    cancel = ui.button("Cancel").clicked();
                });
            });
        if apply {
            let commands = tag_edits(project.tags(), rows);
            if !commands.is_empty() {
                events.push(AppEvent::Edit(Command::Batch(commands)));
            }
        }
        if apply || cancel || !open {
            self.tag_rows = None;
        }
    }

    fn shortcuts_ui(&mut self, ctx: &Context, project: &Project) {
        egui::Window::new("Keyboard shortcuts")
            .open(&mut self.shortcuts_open)
            .resizable(false)
            .show(ctx, |ui| {
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
                        for (what, keys) in [
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
                            ("Write the selected annotation's note", "Enter"),
                            ("Select a word", "double-click"),
                            ("Select text (whole words)", "drag"),
                            ("Select text by character", "Alt+drag"),
                            ("Select an annotation", "click its highlight"),
                        ] {
                            ui.label(what);
                            ui.monospace(keys);
                            ui.end_row();
                        }
                    });
            });
    }

    fn about_ui(&mut self, ctx: &Context) {
        egui::Window::new("About Annotary")
            .open(&mut self.about_open)
            .resizable(false)
            .show(ctx, |ui| {
                ui.heading(format!("Annotary {}", env!("CARGO_PKG_VERSION")));
                ui.label("Hand-annotate articles: mark claims, actors and dates, add notes, save as RON.");
            });
    }
}

/// The commands that turn `current` into the edited rows: removals, then changes, then additions.
fn tag_edits(current: &TagSet, rows: &[TagRow]) -> Vec<Command> {
    let mut commands = Vec::new();
    for tag in &current.tags {
        if !rows.iter().any(|r| r.original.as_ref() == Some(&tag.name)) {
            commands.push(Command::RemoveTag(tag.name.clone()));
        }
    }
    for row in rows {
        if let Some(name) = &row.original
            && current.get(name) != Some(&row.tag)
        {
            commands.push(Command::UpdateTag {
                name: name.clone(),
                tag: row.tag.clone(),
            });
        }
    }
    for (index, row) in rows.iter().enumerate() {
        if row.original.is_none() {
            commands.push(Command::AddTag {
                index,
                tag: row.tag.clone(),
            });
        }
    }
    commands
}
