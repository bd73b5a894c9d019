//! The schema editor (Edit ▸ Edit schema…): each tag's name, colour, key and one-line
//! guideline, tags added and removed, then the relation types, attributes and document
//! labels (`schema_editor`); Apply sends it all as one change.

use super::schema_editor::sized_field;
use egui::Context;

use crate::edit::TagEdit;
use crate::model::colour_vision;
use crate::model::{Colour, Project, Schema, Tag, TagSet};
use crate::workspace::EditIntent;

use super::events::Asked;
use super::schema_editor::SchemaRows;

/// The rows being edited, with each key as typed.
pub struct TagEditor {
    rows: Vec<TagEdit>,
    hotkeys: Vec<String>,
    schema: SchemaRows,
}

impl TagEditor {
    pub fn new(tags: &TagSet, schema: &Schema) -> Self {
        let rows = TagEdit::rows_of(tags);
        let hotkeys = rows
            .iter()
            .map(|r| r.tag.hotkey.map(String::from).unwrap_or_default())
            .collect();
        Self {
            rows,
            hotkeys,
            schema: SchemaRows::new(schema),
        }
    }

    /// The schema the rows say, with tags renamed in this dialog under their new names.
    fn drafted_schema(&self) -> Schema {
        let renamed = |tag: &str| {
            self.rows
                .iter()
                .find(|r| r.original.as_deref() == Some(tag))
                .map_or_else(|| tag.to_owned(), |r| r.tag.name.clone())
        };
        self.schema.schema(&renamed)
    }

    /// Draws the editor; returns false once it should close.
    pub fn ui(&mut self, ctx: &Context, project: &Project, asked: &mut Asked) -> bool {
        let mut open = true;
        let (mut apply, mut cancel) = (false, false);
        // As wide as most of the app's window, so guidelines have room; resizable.
        let width = (ctx.content_rect().width() * 0.8).clamp(600.0, 1400.0);
        egui::Window::new("Schema")
            .open(&mut open)
            .resizable(true)
            .default_width(width)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().max_height(560.0).show(ui, |ui| {
                ui.heading("Tags");
                ui.label("Each tag has a name, a colour, a key that applies it and a one-line guideline.");
                self.rows_ui(ui, project);
                if ui.button("Add tag").clicked() {
                    self.rows.push(TagEdit {
                        original: None,
                        tag: Tag {
                            name: format!("tag{}", self.rows.len() + 1),
                            // The colour furthest from the others under every vision.
                            colour: colour_vision::most_distinct(
                                &self.rows.iter().map(|r| r.tag.colour).collect::<Vec<_>>(),
                            ),
                            hotkey: None,
                            description: String::new(),
                        },
                    });
                    self.hotkeys.push(String::new());
                }
                ui.separator();
                self.schema.ui(ui);
                });
                let draft = TagSet {
                    tags: self.rows.iter().map(|r| r.tag.clone()).collect(),
                };
                let mut problems = draft.problems();
                problems.extend(self.drafted_schema().problems(&draft));
                for problem in &problems {
                    ui.colored_label(ui.visuals().error_fg_color, problem);
                }
                // A warning, not a problem: the project may have no colour-blind coder.
                for alike in colour_vision::look_alike(&draft) {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!(
                            "“{}” and “{}” look alike with {} (ΔE {:.0}; {:.0} or more tells them apart): choose another colour for one",
                            alike.first,
                            alike.second,
                            alike.vision.name(),
                            alike.difference,
                            colour_vision::DISTINCT
                        ),
                    );
                }
                ui.horizontal(|ui| {
                    apply = ui
                        .add_enabled(problems.is_empty(), egui::Button::new("Apply"))
                        .clicked();
                    cancel = ui.button("Cancel").clicked();
                });
            });
        if apply {
            asked.send(EditIntent::EditSchema {
                tags: self.rows.clone(),
                schema: self.drafted_schema(),
            });
        }
        !(apply || cancel || !open)
    }

    fn rows_ui(&mut self, ui: &mut egui::Ui, project: &Project) {
        let mut remove = None;
        // The name field holds the longest name whole; the guideline takes what is left.
        let font = egui::TextStyle::Body.resolve(ui.style());
        let longest = self
            .rows
            .iter()
            .map(|r| {
                ui.ctx()
                    .fonts_mut(|f| {
                        f.layout_no_wrap(r.tag.name.clone(), font.clone(), egui::Color32::WHITE)
                    })
                    .size()
                    .x
            })
            .fold(0.0_f32, f32::max);
        let name_width = (longest + 24.0).max(120.0);
        let guideline_width = (ui.available_width() - name_width - 260.0).max(240.0);
        egui::Grid::new("tag_grid")
            .num_columns(5)
            .striped(true)
            .show(ui, |ui| {
                let name_header = ui.strong("Name").id;
                ui.strong("Colour");
                let key_header = ui.strong("Key").id;
                let guideline_header = ui.strong("Guideline").id;
                ui.end_row();
                for (index, (row, hotkey)) in
                    self.rows.iter_mut().zip(&mut self.hotkeys).enumerate()
                {
                    sized_field(ui, &mut row.tag.name, name_width).labelled_by(name_header);
                    let mut rgb = [row.tag.colour.r, row.tag.colour.g, row.tag.colour.b];
                    if egui::color_picker::color_edit_button_srgb(ui, &mut rgb).changed() {
                        row.tag.colour = Colour::rgb(rgb[0], rgb[1], rgb[2]);
                    }
                    ui.add(
                        egui::TextEdit::singleline(hotkey)
                            .desired_width(24.0)
                            .char_limit(1),
                    )
                    .labelled_by(key_header);
                    row.tag.hotkey = hotkey.chars().next();
                    sized_field(ui, &mut row.tag.description, guideline_width)
                        .labelled_by(guideline_header);
                    let used = row.original.as_ref().map_or(0, |name| {
                        project
                            .annotations()
                            .iter()
                            .filter(|a| &a.tag == name)
                            .count()
                    });
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
            self.rows.remove(index);
            self.hotkeys.remove(index);
        }
    }
}
