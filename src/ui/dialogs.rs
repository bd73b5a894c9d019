//! The windows over the main view: save changes?, rename, import and export choices, the
//! report of what an import or export did, about; the tag editor, the shortcuts sheet and
//! the palette have files of their own. What a dialog is being filled in with lives here;
//! what it decides goes to the workspace as an intent.

use egui::{Context, Id};

use crate::formats::export::ExportFormat;
use crate::formats::import_format::ImportFormat;
use crate::model::{DocumentId, Project, TagSet};
use crate::workspace::{Answer, EditIntent, FileIntent, Pending, Recovery, ViewIntent, Workspace};

use super::events::Asked;
use super::palette::Palette;
use super::shortcuts_sheet::shortcuts_sheet;
use super::tag_editor::TagEditor;

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

#[derive(Default)]
pub struct Dialogs {
    /// What waits for the answer to "save changes?".
    pub unsaved: Option<Pending>,
    /// Changes a crash left unsaved, offered back.
    pub recovery: Option<Recovery>,
    pub shortcuts_open: bool,
    pub about_open: bool,
    rename: Option<Rename>,
    tag_editor: Option<TagEditor>,
    palette: Option<Palette>,
    layers: Option<super::layers_dialog::LayersDialog>,
    /// The import dialog's format and layer while it is open.
    import: Option<(ImportFormat, String)>,
    /// The export dialog's format and layer while it is open.
    export: Option<(ExportFormat, Option<String>)>,
}

impl Dialogs {
    pub fn start_import(&mut self, layer: &str) {
        self.import = Some((ImportFormat::Brat, layer.to_owned()));
    }

    /// The export dialog on the current layer: most formats have no layers, so exporting
    /// them all would merge two coders' annotations into duplicates.
    pub fn start_export(&mut self, layer: &str) {
        self.export = Some((ExportFormat::Brat, Some(layer.to_owned())));
    }

    pub fn start_layers(&mut self) {
        self.layers = Some(super::layers_dialog::LayersDialog::default());
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

    pub fn start_rename_document(&mut self, id: DocumentId, title: String) {
        self.rename = Some(Rename {
            target: RenameTarget::Document(id),
            text: title,
        });
    }

    pub fn start_tag_editor(&mut self, tags: &TagSet, schema: &crate::model::Schema) {
        self.tag_editor = Some(TagEditor::new(tags, schema));
    }

    /// Escape closes the shortcuts sheet or the About window, whichever is open (the
    /// sheet first), and does nothing else: the selection behind them stays. The modal
    /// dialogs close on Escape themselves.
    pub fn escape(&mut self, ctx: &Context) {
        let open = [&mut self.shortcuts_open, &mut self.about_open]
            .into_iter()
            .find(|open| **open);
        if let Some(open) = open
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            *open = false;
        }
    }

    /// Draws the open dialogs.
    pub fn ui(&mut self, ctx: &Context, workspace: &Workspace, asked: &mut Asked) {
        let project = workspace.project();
        if let Some(palette) = self.palette.as_mut()
            && !palette.ui(ctx, project, asked)
        {
            self.palette = None;
        }
        if let Some(layers) = self.layers.as_mut()
            && !layers.ui(ctx, project, &workspace.view().layer, asked)
        {
            self.layers = None;
        }
        report_ui(ctx, workspace.report(), asked);
        super::import_preview::import_preview(ctx, workspace, asked);
        self.import_ui(ctx, asked);
        self.export_ui(ctx, project, asked);
        self.rename_ui(ctx, asked);
        if let Some(editor) = self.tag_editor.as_mut()
            && !editor.ui(ctx, project, asked)
        {
            self.tag_editor = None;
        }
        shortcuts_sheet(ctx, project, &mut self.shortcuts_open);
        self.about_ui(ctx);
        self.unsaved_ui(ctx, project, asked);
        self.recovery_ui(ctx, project, asked);
    }

    /// "Recover n unsaved changes / Discard", with what they are.
    fn recovery_ui(&mut self, ctx: &Context, project: &Project, asked: &mut Asked) {
        let Some(recovery) = self.recovery.as_ref() else {
            return;
        };
        let n = recovery.changes.len();
        let changes = if n == 1 {
            "1 change".to_owned()
        } else {
            format!("{n} changes")
        };
        let mut answer = None;
        egui::Modal::new(Id::unique("recovery")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.heading("Recover unsaved changes?");
            ui.label(format!(
                "“{}” was not saved when Annotary last stopped. {changes} made since the last save were kept in {}:",
                project.title,
                recovery.journal.display()
            ));
            egui::ScrollArea::vertical().max_height(200.0).show(ui, |ui| {
                for (i, change) in recovery.changes.iter().enumerate() {
                    ui.label(format!("{}. {change}", i + 1));
                }
            });
            if recovery.torn {
                ui.weak("The change being written when it stopped was cut off and is not among them.");
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(format!("Recover {changes}")).clicked() {
                    answer = Some(true);
                }
                if ui.button("Discard them").clicked() {
                    answer = Some(false);
                }
            });
        });
        if let Some(recover) = answer {
            self.recovery = None;
            asked.send(FileIntent::Recover(recover));
        }
    }

    fn export_ui(&mut self, ctx: &Context, project: &Project, asked: &mut Asked) {
        let Some((format, layer)) = self.export.as_mut() else {
            return;
        };
        let (mut go, mut cancel) = (false, false);
        egui::Modal::new(Id::unique("export")).show(ctx, |ui| {
            ui.heading("Export annotations");
            egui::Grid::new("export_grid").num_columns(2).show(ui, |ui| {
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
            if layer.is_none() && project.layers().len() > 1 && !format.keeps_layers() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("Every layer's annotations are merged into one: {} has no layers, so what two coders both tagged comes out twice.", format.name()),
                );
            }
            ui.weak(match format {
                ExportFormat::LabelStudio => {
                    "Writes a folder: tasks.json and labeling_config.xml for a Label Studio project."
                }
                ExportFormat::Brat => {
                    "Writes a folder: a .txt and .ann per document, annotation.conf and visual.conf."
                }
                _ => "Writes one file.",
            });
            ui.horizontal(|ui| {
                go = ui.button("Export…").clicked();
                cancel = ui.button("Cancel").clicked();
            });
        });
        if go {
            asked.send(FileIntent::Export {
                format: *format,
                layer: layer.clone(),
                to: None,
            });
        }
        if go || cancel {
            self.export = None;
        }
    }

    fn import_ui(&mut self, ctx: &Context, asked: &mut Asked) {
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
                        .selected_text(format.name())
                        .show_ui(ui, |ui| {
                            for choice in ImportFormat::ANNOTATIONS {
                                ui.selectable_value(format, choice, choice.name());
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
            ui.weak(format.hint());
            ui.horizontal(|ui| {
                go = ui
                    .add_enabled(!layer.trim().is_empty(), egui::Button::new("Choose files…"))
                    .clicked();
                cancel = ui.button("Cancel").clicked();
            });
        });
        if go {
            asked.send(FileIntent::ImportAnnotations {
                format: *format,
                layer: layer.trim().to_owned(),
                from: None,
            });
        }
        if go || cancel {
            self.import = None;
        }
    }

    fn unsaved_ui(&mut self, ctx: &Context, project: &Project, asked: &mut Asked) {
        let Some(pending) = self.unsaved.as_ref() else {
            return;
        };
        let mut answer = None;
        let modal = egui::Modal::new(Id::unique("unsaved_changes")).show(ctx, |ui| {
            ui.set_width(360.0);
            ui.heading("Save changes?");
            ui.label(format!(
                "“{}” has changes that are not saved. Save them before {}?",
                project.title,
                pending.before()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                for (label, choice) in [
                    ("Save", Answer::Save),
                    ("Discard changes", Answer::Discard),
                    ("Cancel", Answer::Cancel),
                ] {
                    if ui.button(label).clicked() {
                        answer = Some(choice);
                    }
                }
            });
        });
        if answer.is_none() && modal.should_close() {
            answer = Some(Answer::Cancel);
        }
        if let Some(answer) = answer
            && let Some(then) = self.unsaved.take()
        {
            asked.send(FileIntent::Unsaved { answer, then });
        }
    }

    fn rename_ui(&mut self, ctx: &Context, asked: &mut Asked) {
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
        let Some(rename_it) = done else {
            return;
        };
        let title = rename.text.trim().to_owned();
        if rename_it && !title.is_empty() {
            asked.send(match &rename.target {
                RenameTarget::Project => EditIntent::RenameProject(title),
                RenameTarget::Document(id) => EditIntent::RenameDocument {
                    id: id.clone(),
                    title,
                },
            });
        }
        self.rename = None;
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

/// What the last import or export did, and what it could not carry over.
fn report_ui(ctx: &Context, report: Option<&str>, asked: &mut Asked) {
    let Some(report) = report else {
        return;
    };
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
        asked.send(ViewIntent::DismissReport);
    }
}
