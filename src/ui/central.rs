//! The middle of the window: the tag bar over the open document, shown in one view or as
//! mine | theirs side by side while reviewing (or a hint when the project has no documents).

use crate::workspace::Workspace;

use super::document_view::{DocumentView, Page};
use super::events::Asked;
use super::side_by_side::side_by_side_views;
use super::tag_bar::{empty_project_hint, tag_bar};

/// The tag bar and the open document, one view or mine | theirs side by side.
pub fn central(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    views: [&mut DocumentView; 2],
    synced_top: &mut Option<f32>,
    asked: &mut Asked,
) {
    let Some(document) = workspace.document() else {
        empty_project_hint(ui, asked);
        return;
    };
    tag_bar(ui, workspace, asked);
    ui.separator();
    let review = workspace.review();
    let page = Page {
        project: workspace.project(),
        document,
        revision: workspace.revision(),
        view: workspace.view(),
        found: workspace
            .search()
            .map_or(&[][..], |s| s.spans_in(&document.id)),
        differences: review.map_or(&[][..], |r| r.framed()),
        only_layer: None,
        suggestions: workspace.suggestions(),
        suggestions_generation: workspace.suggestions_generation(),
        looked_at: workspace.looked_at().map(|(at, _)| at),
    };
    let [mine, theirs] = views;
    match review.filter(|r| r.side_by_side) {
        None => mine.ui(ui, &page, asked),
        Some(review) => side_by_side_views(
            ui,
            [mine, theirs],
            [
                Page {
                    only_layer: Some(&review.review.mine),
                    ..page
                },
                Page {
                    only_layer: Some(&review.review.theirs),
                    ..page
                },
            ],
            synced_top,
            asked,
        ),
    }
}
