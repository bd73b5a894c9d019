//! The desktop window: an eframe app that reads the model and emits commands.

mod actions;
mod agreement_window;
mod app;
mod background;
mod demo;
mod dialogs;
mod document_view;
pub mod events;
pub mod marks;
mod palette;
mod panels;
mod paragraphs;
pub mod review_panel;
pub(crate) mod search_panel;
mod state;

use std::path::PathBuf;

pub use actions::Action;
pub use app::AnnotaryApp;
pub use demo::embedded_demo;
pub use events::AppEvent;

/// Opens the window on `project` (or the last project, or the demo) and runs until it closes.
pub fn run(project: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Annotary")
            .with_app_id("annotary")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Annotary",
        options,
        Box::new(move |cc| Ok(Box::new(AnnotaryApp::new(cc, project)))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
