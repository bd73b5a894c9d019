//! Mine | theirs: the same document twice, each side showing one layer, scrolled together.
//! Whichever side the researcher scrolled leads; the other follows on the next frame.

use egui::Ui;

use super::document_view::{DocumentView, Page};
use super::events::Asked;

pub fn side_by_side_views(
    ui: &mut Ui,
    views: [&mut DocumentView; 2],
    pages: [Page<'_>; 2],
    synced_top: &mut Option<f32>,
    asked: &mut Asked,
) {
    let [left, right] = views;
    ui.columns(2, |columns| {
        for ((column, view), page) in columns
            .iter_mut()
            .zip([&mut *left, &mut *right])
            .zip(&pages)
        {
            column.strong(page.only_layer.unwrap_or_default());
            // Each side gets its own ids: the two views show the same document.
            column.push_id(page.only_layer, |column| view.ui(column, page, asked));
        }
    });
    let (a, b) = (left.scrolled(), right.scrolled());
    if a != *synced_top && a.is_some() {
        right.follow = a;
        *synced_top = a;
        ui.ctx().request_repaint();
    } else if b != *synced_top && b.is_some() {
        left.follow = b;
        *synced_top = b;
        ui.ctx().request_repaint();
    }
}
