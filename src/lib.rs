//! Annotary: a desktop workbench for hand-annotating articles.
//!
//! `model` holds the data and its invariants, `edit` the undoable commands, `formats` the
//! project file, `cli` the commands without a window and `ui` the eframe app.

pub mod cli;
pub mod edit;
pub mod formats;
pub mod model;
pub mod review;
pub mod ui;
