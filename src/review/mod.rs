//! Reviewing a colleague's tags: where two layers differ, how much they agree, and the
//! review walk that settles the differences. Pure model code, no egui, no files.

pub mod agreement;
pub mod coding_diff;
pub mod describe;
pub mod diff;
pub mod difference;
pub mod link_agreement;
pub mod link_units;
pub mod roles;
pub mod scores;
pub mod session;
mod settling;
pub mod statistics;
pub mod value_agreement;
