//! Annotary: a desktop workbench for hand-annotating articles.
//!
//! `model` holds the data and its invariants, `edit` the undoable commands, `review` the
//! layer diff and agreement, `formats` the files, `workspace` the app without a window (it
//! applies what the researcher asks for), `ui` the eframe window that draws it, and `cli`
//! the commands without a window.

pub mod cli;
pub mod edit;
pub mod formats;
pub mod model;
pub mod review;
#[cfg(feature = "window")]
pub mod ui;
pub mod workspace;
