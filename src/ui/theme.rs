//! How things look, in one place: tag and layer colours, the colours of the kinds of
//! difference, figures as people read them, and how wide side panels start.

use egui::Color32;

use crate::model::{Colour, Project};
use crate::review::diff::Kind;

pub use crate::review::agreement::figure;

pub fn colour32(colour: Colour) -> Color32 {
    Color32::from_rgb(colour.r, colour.g, colour.b)
}

/// A tag's colour, grey for a tag the project does not have.
pub fn tag_colour(project: &Project, tag: &str) -> Color32 {
    project
        .tags()
        .get(tag)
        .map_or(Color32::GRAY, |t| colour32(t.colour))
}

/// The marking colour of each kind of difference, in the text and in the review list.
pub fn kind_colour(kind: Kind) -> Color32 {
    match kind {
        Kind::Agree => Color32::from_rgb(0x27, 0xae, 0x60),
        Kind::TagConflict => Color32::from_rgb(0xc0, 0x39, 0x2b),
        Kind::BoundaryConflict => Color32::from_rgb(0xe6, 0x7e, 0x22),
        Kind::OnlyMine => Color32::from_rgb(0x29, 0x80, 0xb9),
        Kind::OnlyTheirs => Color32::from_rgb(0x8e, 0x44, 0xad),
        // Links, values and labels take the colour of the span kind they resemble.
        Kind::LinkAgree | Kind::LabelAgree => kind_colour(Kind::Agree),
        Kind::LinkTypeConflict | Kind::ValueConflict | Kind::LabelConflict => {
            kind_colour(Kind::TagConflict)
        }
        Kind::LinkOnlyMine => kind_colour(Kind::OnlyMine),
        Kind::LinkOnlyTheirs => kind_colour(Kind::OnlyTheirs),
    }
}

/// The underline colour a layer gets when the researcher first gives it its own.
pub const LAYER_COLOUR: Colour = Colour::rgb(0x16, 0xa0, 0x85);

/// A side panel's first width: `wanted`, or less in a small window, so that the text
/// keeps at least half of it with the documents, inspector and review panels all open.
pub fn side_panel_width(ui: &egui::Ui, wanted: f32) -> f32 {
    let window = ui.ctx().content_rect().width();
    wanted.min(window * 0.18).max(140.0)
}

/// The widest a side panel may be dragged: a third of the window.
pub fn side_panel_most(ui: &egui::Ui) -> f32 {
    (ui.ctx().content_rect().width() / 3.0).max(160.0)
}
