//! The menu bar: File, Edit, View, Review, Help, each entry an `Action` with its shortcut.

use egui::Ui;

use crate::edit::History;
use crate::workspace::view::View;

use super::actions::Action;
use super::events::Asked;

/// A menu entry for an action, with its shortcut shown.
fn menu_item(ui: &mut Ui, action: Action, label: &str, enabled: bool, asked: &mut Asked) {
    let mut button = egui::Button::new(label);
    if let Some(shortcut) = action.shortcuts().first() {
        button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
    }
    if ui.add_enabled(enabled, button).clicked() {
        asked.run(action);
        ui.close();
    }
}

/// Entries that are always enabled and named by their action.
fn menu_items(ui: &mut Ui, actions: &[Action], asked: &mut Asked) {
    for &action in actions {
        menu_item(ui, action, action.label(), true, asked);
    }
}

pub fn menu_bar(
    ui: &mut Ui,
    history: &History,
    view: &View,
    recent: &[std::path::PathBuf],
    asked: &mut Asked,
) {
    egui::Panel::top("menu_bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                menu_items(
                    ui,
                    &[Action::NewProject, Action::OpenProject, Action::OpenByPath],
                    asked,
                );
                ui.menu_button("Open recent", |ui| {
                    if recent.is_empty() {
                        ui.weak("No projects yet");
                    }
                    for path in recent {
                        let name = path.file_name().map_or_else(
                            || path.display().to_string(),
                            |n| n.to_string_lossy().into_owned(),
                        );
                        let item = ui.button(name).on_hover_text(path.display().to_string());
                        if item.clicked() {
                            asked.send(crate::workspace::FileIntent::Open(Some(path.clone())));
                            ui.close();
                        }
                    }
                });
                menu_items(ui, &[Action::Save, Action::SaveAs], asked);
                ui.separator();
                menu_items(
                    ui,
                    &[
                        Action::ImportText,
                        Action::ImportAnnotations,
                        Action::Export,
                        Action::ImportSchema,
                        Action::ExportSchema,
                        Action::RenameProject,
                    ],
                    asked,
                );
                ui.separator();
                menu_items(ui, &[Action::Quit], asked);
            });
            ui.menu_button("Edit", |ui| edit_menu(ui, history, view, asked));
            ui.menu_button("View", |ui| view_menu(ui, view, asked));
            ui.menu_button("Review", |ui| {
                menu_items(
                    ui,
                    &[
                        Action::CompareWithColleague,
                        Action::ShowReview,
                        Action::AgreementReport,
                        Action::MergeConflicts,
                    ],
                    asked,
                );
            });
            ui.menu_button("Help", |ui| {
                menu_items(
                    ui,
                    &[Action::CommandPalette, Action::ShowShortcuts, Action::About],
                    asked,
                );
            });
        });
    });
}

/// Undo and Redo name the step they take back or do again.
fn edit_menu(ui: &mut Ui, history: &History, view: &View, asked: &mut Asked) {
    let undo = history
        .undo_label()
        .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}"));
    menu_item(
        ui,
        Action::Undo,
        &undo,
        history.undo_label().is_some(),
        asked,
    );
    let redo = history
        .redo_label()
        .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}"));
    menu_item(
        ui,
        Action::Redo,
        &redo,
        history.redo_label().is_some(),
        asked,
    );
    ui.separator();
    let delete = Action::DeleteAnnotation;
    menu_item(ui, delete, delete.label(), view.selected.is_some(), asked);
    let link = Action::StartLink;
    menu_item(ui, link, link.label(), view.selected.is_some(), asked);
    menu_items(ui, &[Action::ClearSelection], asked);
    ui.separator();
    menu_items(
        ui,
        &[
            Action::Find,
            Action::FindInProject,
            Action::EditTags,
            Action::Layers,
        ],
        asked,
    );
}

/// The View menu: moving between documents, the window's zoom, how selection and links
/// are shown, the suggestions, the theme.
fn view_menu(ui: &mut Ui, view: &View, asked: &mut Asked) {
    menu_items(ui, &[Action::NextDocument, Action::PreviousDocument], asked);
    ui.separator();
    menu_items(
        ui,
        &[Action::ZoomIn, Action::ZoomOut, Action::ActualSize],
        asked,
    );
    ui.separator();
    let mut snap = view.snap_to_words;
    if ui
        .checkbox(&mut snap, Action::ToggleWordSnapping.label())
        .on_hover_text("Hold Alt while dragging to select by character")
        .clicked()
    {
        asked.run(Action::ToggleWordSnapping);
    }
    let mut relations = view.show_relations;
    if ui
        .checkbox(&mut relations, Action::ShowRelations.label())
        .on_hover_text("Draw every relation on screen, not only the selected annotation's")
        .clicked()
    {
        asked.run(Action::ShowRelations);
    }
    ui.separator();
    for (action, source, hint) in [
        (
            Action::SuggestForms,
            crate::model::suggest::Source::Forms,
            "Outline, dashed, where a form you tagged elsewhere stands untagged",
        ),
        (
            Action::SuggestDates,
            crate::model::suggest::Source::Dates,
            "Outline, dashed, the dates and times in the text, with their ISO value",
        ),
        (
            Action::SuggestTagger,
            crate::model::suggest::Source::Tagger,
            "Outline, dashed, spans like yours that a model trained on your layer finds \
             (once the layer has 10 annotations; it learns again after every 10 more)",
        ),
    ] {
        let mut shown = view.suggest.has(source);
        if ui
            .checkbox(&mut shown, action.label())
            .on_hover_text(hint)
            .clicked()
        {
            asked.run(action);
        }
    }
    menu_items(
        ui,
        &[Action::NextSuggestion, Action::PreviousSuggestion],
        asked,
    );
    ui.separator();
    egui::widgets::global_theme_preference_buttons(ui);
}
