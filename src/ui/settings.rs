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

    /// Keeps the workspace's project and the place in it. Run every frame, so it writes
    /// only what changed. A project that failed to open (no file open now) leaves the last
    /// one remembered.
    pub fn keep_place(&mut self, workspace: &Workspace) {
        let Some(path) = workspace.path() else {
            return;
        };
        let view = workspace.view();
        let document = view.document.as_ref().map(|d| d.0.as_str());
        let same = self
            .places
            .get(path)
            .is_some_and(|p| p.layer == view.layer && p.document.as_deref() == document);
        if !same {
            self.places.insert(
                path.to_owned(),
                Place {
                    layer: view.layer.clone(),
                    document: document.map(str::to_owned),
                },
            );
        }
        if self.last_project.as_deref() != Some(path) {
            self.last_project = Some(path.to_owned());
        }
        if self.recent.first().map(PathBuf::as_path) != Some(path) {
            self.recent.retain(|p| p != path);
            self.recent.insert(0, path.to_owned());
            self.recent.truncate(RECENT);
        }
    }
}
