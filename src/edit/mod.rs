//! Changing a project: commands that return their inverse, the undo history, and the
//! commands an edited tag set comes to.

mod coding_edits;
mod command;
mod conflict_edits;
mod decision_edits;
mod history;
mod layer_edits;
mod merge;
mod merge_order;
mod reach;
mod renumber;
mod tag_edits;

pub use command::{Command, EditError, SpanGroup};
pub use history::History;
pub use merge::{Merged, merge};
pub use reach::Reach;
pub use tag_edits::{TagEdit, tag_edits};
