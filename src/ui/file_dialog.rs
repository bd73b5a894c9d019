//! The native file dialogs: the window's answer to `Effect::Choose`. The only file that
//! knows rfd exists.

use std::path::PathBuf;

use crate::workspace::{FileRequest, Pick};

/// Asks the researcher for what `request` wants; empty when they cancel.
pub fn choose(request: &FileRequest) -> Vec<PathBuf> {
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
    match request.pick {
        Pick::File => dialog.pick_file().into_iter().collect(),
        Pick::Files => dialog.pick_files().unwrap_or_default(),
        Pick::Folder => dialog.pick_folder().into_iter().collect(),
        Pick::Save => dialog.save_file().into_iter().collect(),
    }
}
