//! The native file dialogs: the window's answer to `Effect::Choose`. The only file that
//! knows rfd exists.
//!
//! On a Linux desktop without an xdg-desktop-portal or zenity, rfd shows nothing and only
//! logs an error; [`Watched`] notices that log line so the window can say so and offer its
//! own path field instead of seeming to do nothing.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::workspace::{FileRequest, Pick};

/// Set when rfd logged that it could not show a dialog.
static DIALOG_FAILED: AtomicBool = AtomicBool::new(false);

/// What the window says when the system's dialog could not be shown.
pub const MISSING: &str = "The system's file dialog could not be shown (on Linux it needs an xdg-desktop-portal or zenity): type the path here instead.";

/// Asks the researcher for what `request` wants; empty when they cancel, `None` when no
/// dialog could be shown at all.
pub fn choose(request: &FileRequest) -> Option<Vec<PathBuf>> {
    DIALOG_FAILED.store(false, Ordering::SeqCst);
    let mut dialog = rfd::FileDialog::new().set_title(request.title);
    if let Some((name, extensions)) = request.filter {
        dialog = dialog.add_filter(name, extensions);
    }
    if let Some(name) = &request.file_name {
        dialog = dialog.set_file_name(name);
    }
    if let Some(folder) = &request.folder {
        dialog = dialog.set_directory(folder);
    }
    let chosen: Vec<PathBuf> = match request.pick {
        Pick::File => dialog.pick_file().into_iter().collect(),
        Pick::Files => dialog.pick_files().unwrap_or_default(),
        Pick::Folder => dialog.pick_folder().into_iter().collect(),
        Pick::Save => dialog.save_file().into_iter().collect(),
    };
    let failed = DIALOG_FAILED.swap(false, Ordering::SeqCst);
    (!(chosen.is_empty() && failed)).then_some(chosen)
}

/// A logger that passes everything on to `inner` and watches for rfd's errors.
pub struct Watched<L>(pub L);

impl<L: log::Log> log::Log for Watched<L> {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        is_dialog_error(metadata) || self.0.enabled(metadata)
    }

    fn log(&self, record: &log::Record<'_>) {
        if is_dialog_error(record.metadata()) {
            DIALOG_FAILED.store(true, Ordering::SeqCst);
        }
        self.0.log(record);
    }

    fn flush(&self) {
        self.0.flush();
    }
}

fn is_dialog_error(metadata: &log::Metadata<'_>) -> bool {
    metadata.level() == log::Level::Error && metadata.target().starts_with("rfd")
}

/// Logging as `RUST_LOG` says (warnings by default), with rfd's errors always watched.
pub fn init_logging() {
    let inner =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).build();
    let level = inner.filter().max(log::LevelFilter::Error);
    if log::set_boxed_logger(Box::new(Watched(inner))).is_ok() {
        log::set_max_level(level);
    }
}
