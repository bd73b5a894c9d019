//! What the window remembers for the person at the computer between runs (through
//! eframe's storage): the last project, and where they were in each one.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::workspace::{ViewIntent, Workspace};

use super::events::Asked;

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    pub last_project: Option<PathBuf>,
    /// Where they were in each project, by its file.
    places: BTreeMap<PathBuf, Place>,
    /// The projects opened last, newest first: File ▸ Open recent.
    pub recent: Vec<PathBuf>,
}

/// How many projects Open recent lists.
const RECENT: usize = 8;

/// The layer they code in and the article they were reading.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Place {
    pub layer: String,
    pub document: Option<String>,
}

impl Settings {
    /// On a project just opened: back to the layer and article this person was in.
    pub fn return_to_place(&self, workspace: &Workspace, asked: &mut Asked) {
        let project = workspace.project();
        let Some(place) = workspace.path().and_then(|p| self.places.get(p)) else {
            return;
        };
        if project.layers().iter().any(|l| l.name == place.layer) {
            asked.send(ViewIntent::SetLayer(place.layer.clone()));
        }
        if let Some(document) = place.document.clone().map(crate::model::DocumentId)
            && project.document(&document).is_some()
        {
            asked.send(ViewIntent::OpenDocument(document));
        }
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

            settings.recent.retain(|p| p != path);
            settings.recent.insert(0, path.to_owned());
            settings.recent.truncate(RECENT);
        }
        settings
    }
}
