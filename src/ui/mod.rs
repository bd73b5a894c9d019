//! The desktop window: egui only. It turns input into intents for the workspace, draws
//! what the workspace holds, and carries out what the workspace asks of the window.
//!
//! `app` is the frame; `keys` maps key presses; the panels, the document view (with
//! `paragraphs`, `marks`, `text_paint`, `pointer`, `rows`, `density_strip`,
//! `relation_arrows`, `reading` for screen readers, and `script`, its text engine), the inspector's coding
//! (`coding_panel`) and the dialogs
//! draw; `file_dialog` is the one place native dialogs open; `theme` holds the colours.

mod actions;
mod agreement_window;
mod app;
mod central;
mod click_through;
mod coding_panel;
mod conflicts_panel;
mod demo;
mod density_strip;
mod dialogs;
mod document_view;
mod documents_panel;
mod events;
mod file_dialog;
mod frame_log;
mod import_preview;
mod inspector;
mod keys;
mod layers_dialog;
pub mod layout_dump;
pub mod marks;
mod menu_bar;
pub mod missing_fonts;
mod palette;
mod paragraphs;
mod path_field;
mod pointer;
mod reading;
mod relation_arrows;
mod renderer;
mod rest;
mod review_panel;
mod rows;
mod schema_editor;
pub mod script;
mod script_label;
mod search_panel;
mod settings;
mod shortcuts_sheet;
mod side_by_side;
mod status_bar;
mod suggestion_ui;
mod tag_bar;
mod tag_editor;
mod text_paint;
mod theme;

use std::path::PathBuf;

pub use actions::Action;
pub use app::AnnotaryApp;
pub use demo::embedded_demo;
pub use file_dialog::init_logging;

/// The window's icon (X11's _NET_WM_ICON; on Wayland the desktop takes the icon of the
/// entry named by the app id, `annotary.desktop`). 256 pixels: window managers scale
/// it down for the title bar and the task switcher.
fn icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon/annotary-256.png"))
        .unwrap_or_default()
}

/// Opens the window on `project` (or the last project, or the demo) and runs until it
/// closes. A renderer that cannot start (no OpenGL) gives way to the next.
pub fn run(project: Option<PathBuf>) -> anyhow::Result<()> {
    let mut failed = Vec::new();
    for renderer in renderer::order() {
        let options = eframe::NativeOptions {
            viewport: egui::ViewportBuilder::default()
                .with_title("Annotary")
                .with_app_id("annotary")
                .with_inner_size([1280.0, 800.0])
                .with_min_inner_size([640.0, 400.0])
                .with_drag_and_drop(true)
                .with_icon(icon()),
            renderer,
            ..Default::default()
        };
        // Whether the window got as far as making the app: an error after that is the
        // app's, not the renderer's, and is not retried with another.
        let made = std::rc::Rc::new(std::cell::Cell::new(false));
        let made_here = made.clone();
        let project = project.clone();
        let result = eframe::run_native(
            "Annotary",
            options,
            Box::new(move |cc| {
                made_here.set(true);
                Ok(Box::new(AnnotaryApp::new(cc, project)))
            }),
        );
        match result {
            Ok(()) => return Ok(()),
            Err(e) if !made.get() => {
                log::warn!("the {renderer} renderer could not start: {e}");
                failed.push(format!("{renderer}: {e}"));
            }
            Err(e) => return Err(anyhow::anyhow!("the window failed: {e}")),
        }
    }
    Err(anyhow::anyhow!(
        "could not open the window: {}",
        failed.join("; ")
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_window_icon_is_our_own_256_pixel_picture() {
        let icon = super::icon();
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }
}
