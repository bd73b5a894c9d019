//! What the window remembers for the person at the computer between runs (through
//! eframe's storage): the last project, and where they were in each one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::workspace::Workspace;

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    pub last_project: Option<PathBuf>,
    /// Where they were in each project, by its file.
    places: BTreeMap<PathBuf, Place>,
}

/// The layer they code in and the article they were reading.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Place {
    pub layer: String,
    pub document: Option<String>,
}

impl Settings {
    pub fn place_in(&self, project: &Path) -> Option<&Place> {
        self.places.get(project)
    }

    /// These settings with the workspace's project and place in it. A project that failed
    /// to open (no file open now) leaves the last one remembered.
    pub fn with_place_in(&self, workspace: &Workspace) -> Self {
        let mut settings = self.clone();
        if let Some(path) = workspace.path() {
            let view = workspace.view();
            settings.places.insert(
                path.to_owned(),
                Place {
                    layer: view.layer.clone(),
                    document: view.document.as_ref().map(|d| d.0.clone()),
                },
            );
            settings.last_project = Some(path.to_owned());
        }
        settings
    }
}
