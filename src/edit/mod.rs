//! Changing a project: commands that return their inverse, and the undo history.

mod command;
mod history;

pub use command::{Command, EditError};
pub use history::History;
