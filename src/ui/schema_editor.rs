//! The schema part of *Edit schema…*: relation types (name, the tags they run from and
//! to, symmetric, key), attributes (name, kind, choices, the tags that carry them) and
//! document labels, as rows of text fields; lists of tags or choices are typed with
//! commas between them.

use egui::Ui;

use crate::model::{AttributeDef, AttributeKind, RelationType, Schema};

/// One relation type as edited.
struct RelationRow {
    name: String,
    from: String,
    to: String,
    symmetric: bool,
    /// Groups of equals: symmetric and carried over (brat's `*`).
    transitive: bool,
    key: String,
    description: String,
}

/// One attribute or document label as edited.
struct AttributeRow {
    name: String,
    kind: usize,
    choices: String,
    tags: String,
    description: String,
    /// The value an annotation has until coded, as typed (empty: none).
    default: String,
}

/// The kinds in the order the editor offers them.
const KINDS: [&str; 6] = [
    "flag",
    "one of a list",
    "text",
    "number",
    "date",
    "reference",
];

pub struct SchemaRows {
    relations: Vec<RelationRow>,
    attributes: Vec<AttributeRow>,
    labels: Vec<AttributeRow>,
    /// The event tags, separated by commas.
    events: String,
}

fn joined(list: &[String]) -> String {
    list.join(", ")
}

fn split(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn attribute_row(definition: &AttributeDef) -> AttributeRow {
    let (kind, choices) = match &definition.kind {
        AttributeKind::Flag => (0, String::new()),
        AttributeKind::OneOf(values) => (1, joined(values)),
        AttributeKind::Text => (2, String::new()),
        AttributeKind::Number => (3, String::new()),
        AttributeKind::Date => (4, String::new()),
        AttributeKind::Reference => (5, String::new()),
    };
    AttributeRow {
        name: definition.name.clone(),
        kind,
        choices,
        tags: joined(&definition.tags),
        description: definition.description.clone(),
        default: definition
            .default
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    }
}

impl AttributeRow {
    fn definition(&self, tag: &dyn Fn(&str) -> String) -> AttributeDef {
        let kind = match self.kind {
            0 => AttributeKind::Flag,
            1 => AttributeKind::OneOf(split(&self.choices)),
            2 => AttributeKind::Text,
            3 => AttributeKind::Number,
            4 => AttributeKind::Date,
            _ => AttributeKind::Reference,
        };
        // A default that does not parse stays as text, so the schema's check names it.
        let typed = self.default.trim();
        let default = (!typed.is_empty()).then(|| {
            kind.parse(typed)
                .unwrap_or_else(|_| crate::model::AttributeValue::Text(typed.to_owned()))
        });
        AttributeDef {
            name: self.name.trim().to_owned(),
            default,
            kind,
            tags: split(&self.tags).iter().map(|t| tag(t)).collect(),
            description: self.description.clone(),
        }
    }
}

impl SchemaRows {
    pub fn new(schema: &Schema) -> Self {
        Self {
            relations: schema
                .relations
                .iter()
                .map(|r| RelationRow {
                    name: r.name.clone(),
                    from: joined(&r.from),
                    to: joined(&r.to),
                    symmetric: r.symmetric,
                    transitive: r.transitive,
                    key: r.hotkey.map(String::from).unwrap_or_default(),
                    description: r.description.clone(),
                })
                .collect(),
            attributes: schema.attributes.iter().map(attribute_row).collect(),
            labels: schema.labels.iter().map(attribute_row).collect(),
            events: joined(&schema.events),
        }
    }

    /// The schema the rows say, with each tag named as `tag` gives it (a tag renamed in
    /// the same dialog is followed).
    pub fn schema(&self, tag: &dyn Fn(&str) -> String) -> Schema {
        Schema {
            relations: self
                .relations
                .iter()
                .map(|r| RelationType {
                    name: r.name.trim().to_owned(),
                    from: split(&r.from).iter().map(|t| tag(t)).collect(),
                    to: split(&r.to).iter().map(|t| tag(t)).collect(),
                    symmetric: r.symmetric || r.transitive,
                    transitive: r.transitive,
                    hotkey: r.key.chars().next(),
                    description: r.description.clone(),
                })
                .collect(),
            attributes: self.attributes.iter().map(|a| a.definition(tag)).collect(),
            labels: self
                .labels
                .iter()
                .map(|a| a.definition(&|t| t.to_owned()))
                .collect(),
            events: split(&self.events).iter().map(|t| tag(t)).collect(),
        }
    }

    pub fn ui(&mut self, ui: &mut Ui) {
        ui.heading("Relation types");
        ui.label("A link from one annotation to another; the tags it may run from and to, separated by commas (empty: any).");
        relations_ui(ui, &mut self.relations);
        if ui.button("Add relation type").clicked() {
            self.relations.push(RelationRow {
                name: format!("relation{}", self.relations.len() + 1),
                from: String::new(),
                to: String::new(),
                symmetric: false,
                transitive: false,
                key: String::new(),
                description: String::new(),
            });
        }
        ui.separator();
        ui.heading("Attributes");
        ui.label(
            "Values annotations carry; choices and tags separated by commas (no tags: every tag).",
        );
        attributes_ui(ui, "attribute_grid", &mut self.attributes, true);
        if ui.button("Add attribute").clicked() {
            self.attributes.push(new_attribute(self.attributes.len()));
        }
        ui.separator();
        ui.heading("Document labels");
        ui.label("Values a whole document carries, per annotator.");
        attributes_ui(ui, "label_grid", &mut self.labels, false);
        if ui.button("Add document label").clicked() {
            self.labels.push(new_attribute(self.labels.len()));
        }
        ui.separator();
        ui.horizontal(|ui| {
            let label = ui
                .label("Event tags (an annotation is an event, its links its roles):")
                .id;
            ui.text_edit_singleline(&mut self.events).labelled_by(label);
        });
    }
}

fn new_attribute(count: usize) -> AttributeRow {
    AttributeRow {
        name: format!("attribute{}", count + 1),
        kind: 0,
        choices: String::new(),
        tags: String::new(),
        description: String::new(),
        default: String::new(),
    }
}

fn relations_ui(ui: &mut Ui, rows: &mut Vec<RelationRow>) {
    let mut remove = None;
    egui::Grid::new("relation_grid")
        .num_columns(8)
        .striped(true)
        .show(ui, |ui| {
            let name = ui.strong("Relation").id;
            let from = ui.strong("From tags").id;
            let to = ui.strong("To tags").id;
            let symmetric = ui.strong("Symmetric").id;
            let transitive = ui.strong("Equals").id;
            let key = ui.strong("Key").id;
            let guideline = ui.strong("Guideline").id;
            ui.end_row();
            for (index, row) in rows.iter_mut().enumerate() {
                sized_field(ui, &mut row.name, 90.0).labelled_by(name);
                sized_field(ui, &mut row.from, 90.0).labelled_by(from);
                sized_field(ui, &mut row.to, 90.0).labelled_by(to);
                ui.add(egui::Checkbox::without_text(&mut row.symmetric))
                    .labelled_by(symmetric);
                ui.add(egui::Checkbox::without_text(&mut row.transitive))
                    .on_hover_text("Groups of equals: A as B and B as C make A as C")
                    .labelled_by(transitive);
                ui.add(
                    egui::TextEdit::singleline(&mut row.key)
                        .desired_width(24.0)
                        .char_limit(1),
                )
                .labelled_by(key);
                sized_field(ui, &mut row.description, 200.0).labelled_by(guideline);
                if ui.button("Remove").clicked() {
                    remove = Some(index);
                }
                ui.end_row();
            }
        });
    if let Some(index) = remove {
        rows.remove(index);
    }
}

fn attributes_ui(ui: &mut Ui, id: &str, rows: &mut Vec<AttributeRow>, with_tags: bool) {
    let mut remove = None;
    egui::Grid::new(id)
        .num_columns(6)
        .striped(true)
        .show(ui, |ui| {
            let name = ui.strong("Name").id;
            let kind = ui.strong("Kind").id;
            let choices = ui.strong("Choices").id;
            let tags = ui.strong(if with_tags { "Tags" } else { "" }).id;
            let guideline = ui.strong("Guideline").id;
            ui.end_row();
            for (index, row) in rows.iter_mut().enumerate() {
                sized_field(ui, &mut row.name, 90.0).labelled_by(name);
                egui::ComboBox::from_id_salt((id, index))
                    .selected_text(KINDS[row.kind])
                    .show_ui(ui, |ui| {
                        for (k, label) in KINDS.iter().enumerate() {
                            ui.selectable_value(&mut row.kind, k, *label);
                        }
                    })
                    .response
                    .labelled_by(kind);
                ui.add_enabled_ui(row.kind == 1, |ui| sized_field(ui, &mut row.choices, 160.0))
                    .inner
                    .labelled_by(choices);
                if with_tags {
                    sized_field(ui, &mut row.tags, 90.0).labelled_by(tags);
                } else {
                    ui.label("");
                }
                sized_field(ui, &mut row.description, 200.0).labelled_by(guideline);
                if ui.button("Remove").clicked() {
                    remove = Some(index);
                }
                ui.end_row();
            }
        });
    if let Some(index) = remove {
        rows.remove(index);
    }
}

/// A one-line field of exactly `width`: in a grid a text field otherwise shrinks to its
/// narrowest, cutting "claim" to "cla".
pub(super) fn sized_field(ui: &mut egui::Ui, text: &mut String, width: f32) -> egui::Response {
    let height = ui.spacing().interact_size.y;
    ui.add_sized([width, height], egui::TextEdit::singleline(text))
}
