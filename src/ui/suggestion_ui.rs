//! What the window shows of a suggestion: the inspector's account of the one looked at
//! (where it came from, how sure, its value, the keys), the status bar's count, and the
//! question before accepting every suggestion like it.

use egui::{Context, Id, Key, Modifiers, RichText, Ui};

use crate::model::counted;
use crate::model::suggest::Source;
use crate::workspace::{SuggestIntent, Workspace};

use super::events::Asked;
use super::theme::tag_colour;

/// The inspector's top while a suggestion is looked at; false when none is.
pub fn suggestion_inspector(ui: &mut Ui, workspace: &Workspace, asked: &mut Asked) -> bool {
    let Some((at, s)) = workspace.looked_at() else {
        return false;
    };
    let project = workspace.project();
    ui.heading(format!(
        "Suggestion {} of {}",
        at + 1,
        workspace.suggestions().len()
    ));
    egui::Grid::new("suggestion_grid")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Tag");
            ui.label(
                RichText::new(&*s.tag)
                    .color(tag_colour(project, &s.tag))
                    .strong(),
            );
            ui.end_row();
            ui.label("Text");
            ui.label(format!("“{}” ({}–{})", s.form, s.start, s.end));
            ui.end_row();
            ui.label("From");
            match (s.source, workspace.tagger_state().0) {
                (Source::Tagger, Some(learnt)) => ui.label(format!(
                    "{}, from {}",
                    s.source.described(),
                    counted(learnt, "annotation")
                )),
                _ => ui.label(s.source.described()),
            };
            ui.end_row();
            ui.label("Score");
            ui.label(format!("{:.2}", s.score))
                .on_hover_text(match s.source {
                    Source::Forms => "The share of this form's annotations with this tag",
                    Source::Dates => "How surely the text reads as a date",
                    Source::Tagger => "The probability the tagger gives this span",
                });
            ui.end_row();
            for (name, value) in &s.attributes {
                ui.label(name);
                ui.label(value.to_string());
                ui.end_row();
            }
            if !s.others.is_empty() {
                ui.label("Also");
                let others: Vec<String> = s
                    .others
                    .iter()
                    .map(|(tag, share)| format!("{tag} {share:.2}"))
                    .collect();
                ui.label(others.join(", "));
                ui.end_row();
            }
        });
    if !s.why.is_empty() {
        ui.colored_label(ui.visuals().warn_fg_color, &s.why);
    }
    ui.horizontal_wrapped(|ui| {
        if ui.button("Accept").on_hover_text("Enter").clicked() {
            asked.send(SuggestIntent::Accept);
        }
        if ui
            .button("Reject")
            .on_hover_text("Backspace: not offered as this tag again")
            .clicked()
        {
            asked.send(SuggestIntent::Reject);
        }
        if ui
            .button("Accept all like it…")
            .on_hover_text("Shift+Enter")
            .clicked()
        {
            asked.send(SuggestIntent::AskAcceptAll);
        }
    });
    ui.weak("] and [ go to the next and previous suggestion.");
    true
}

/// "37 suggestions in this document", for the status bar.
pub fn suggestion_count(ui: &mut Ui, workspace: &Workspace) {
    let count = workspace.suggestions().len();
    if workspace.suggestions_pending() {
        // No spinner: it would keep the window redrawing; the worker wakes it when done.
        ui.label("Finding suggestions…");
        ui.separator();
    } else if count > 0 {
        ui.label(format!("{} in this document", counted(count, "suggestion")))
            .on_hover_text("] and [ walk them; Enter accepts, Backspace rejects");
        ui.separator();
    }
    if workspace.tagger_state().1 {
        ui.label("Training the tagger…")
            .on_hover_text("The suggestions keep the tagger they have until it is done");
        ui.separator();
    }
}

/// Asks before accepting every suggestion like the one looked at.
pub fn accept_all_dialog(ctx: &Context, workspace: &Workspace, asked: &mut Asked) {
    let Some(question) = &workspace.view().accept_all else {
        return;
    };
    // A fresh Enter only: the Shift+Enter that asked, held a moment too long, must not
    // answer its own question.
    let (enter, escape) = ctx.input_mut(|i| {
        (
            super::keys::take_fresh_press(i, Modifiers::NONE, Key::Enter),
            super::keys::take_fresh_press(i, Modifiers::NONE, Key::Escape),
        )
    });
    let modal = egui::Modal::new(Id::unique("accept_all")).show(ctx, |ui| {
        ui.heading("Accept all like this?");
        ui.label(format!(
            "Tag {} of “{}” as {} in {}, in your layer, as one step (undo takes them all back).",
            counted(question.count, "suggestion"),
            question.form,
            question.tag,
            counted(question.documents, "document"),
        ));
        ui.horizontal(|ui| {
            let accept = ui.button(format!("Accept {}", question.count));
            // Enter answers yes unless the keyboard is on a button (Cancel, say).
            let on_button = ui.ctx().memory(|m| m.focused().is_some());
            if accept.clicked() || (enter && !on_button) {
                asked.send(SuggestIntent::AcceptAll);
            }
            if ui.button("Cancel").clicked() {
                asked.send(SuggestIntent::Dismiss);
            }
        });
    });
    if escape || modal.should_close() {
        asked.send(SuggestIntent::Dismiss);
    }
}
