//! Opening, saving and exporting large projects on a worker thread, so the window keeps drawing.
//!
//! Small projects load and save in a few milliseconds and are done in place; past
//! `LARGE_BYTES` of text the work moves to a thread and the window shows what it is doing.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

use crate::formats::export::{self, ExportError, ExportFormat, Exported, Progress, Selection};
use crate::formats::project_file::{self, ProjectFileError};
use crate::model::Project;

/// Projects with more text than this (in bytes) are opened and saved in the background.
pub const LARGE_BYTES: u64 = 2_000_000;

/// What a finished job hands back.
pub enum Finished {
    /// Boxed: a project is far larger than the other outcomes.
    Opened(PathBuf, Result<Box<Project>, ProjectFileError>),
    /// `state` is the history state that was written.
    Saved(PathBuf, u64, Result<(), ProjectFileError>),
    Exported(PathBuf, ExportFormat, Result<Exported, ExportError>),
}

/// The one job under way.
pub struct Job {
    /// "Opening demo.ron", "Saving demo.ron".
    pub doing: String,
    /// Opening replaces the project: the window must not take edits meanwhile.
    pub opening: bool,
    pub started: Instant,
    /// How far it has got, for jobs that can tell (exports); others show a spinner.
    pub progress: Option<Arc<Progress>>,
    done: Receiver<Finished>,
}

impl Job {
    pub fn open(path: PathBuf) -> Self {
        let (send, done) = channel();
        let doing = format!("Opening {}", file_name(&path));
        std::thread::spawn(move || {
            let result = project_file::load(&path);
            let _ = send.send(Finished::Opened(path, result.map(Box::new)));
        });
        Self {
            doing,
            opening: true,
            started: Instant::now(),
            progress: None,
            done,
        }
    }

    /// Saves a snapshot of the project: the window goes on editing its own copy.
    pub fn save(project: Arc<Project>, path: PathBuf, state: u64) -> Self {
        let (send, done) = channel();
        let doing = format!("Saving {}", file_name(&path));
        std::thread::spawn(move || {
            let result = project_file::save(&project, &path);
            let _ = send.send(Finished::Saved(path, state, result));
        });
        Self {
            doing,
            opening: false,
            started: Instant::now(),
            progress: None,
            done,
        }
    }

    /// Exports a snapshot of the project.
    pub fn export(
        project: Arc<Project>,
        format: ExportFormat,
        path: PathBuf,
        selection: Selection,
    ) -> Self {
        let (send, done) = channel();
        let doing = format!("Exporting {}", file_name(&path));
        let progress = Arc::new(Progress::default());
        let counter = Arc::clone(&progress);
        std::thread::spawn(move || {
            let result = export::export_with(&project, format, &path, &selection, &counter);
            let _ = send.send(Finished::Exported(path, format, result));
        });
        Self {
            doing,
            opening: false,
            started: Instant::now(),
            progress: Some(progress),
            done,
        }
    }

    /// The result once the worker is done; `Err` with a message if it died.
    pub fn poll(&self) -> Option<Result<Finished, String>> {
        match self.done.try_recv() {
            Ok(finished) => Some(Ok(finished)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err(format!("{} stopped unexpectedly", self.doing)))
            }
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Whether a project file is large enough to open in the background.
pub fn is_large_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > LARGE_BYTES)
}

/// Whether a project is large enough to save in the background.
pub fn is_large_project(project: &Project) -> bool {
    let text: usize = project
        .documents()
        .iter()
        .map(|d| d.text().as_str().len())
        .sum();
    text as u64 + project.annotations().len() as u64 * 100 > LARGE_BYTES
}
