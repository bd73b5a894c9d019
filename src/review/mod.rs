//! Reviewing a colleague's tags: where two layers differ, how much they agree, and the
//! review walk that settles the differences. Pure model code, no egui, no files.

pub mod agreement;
pub mod diff;
pub mod link_agreement;
pub mod scores;
pub mod session;
pub mod statistics;
