//! Reviewing a colleague's tags: where two layers differ, how much they agree, and
//! bringing a colleague's project in to compare. Pure model code, no egui.

pub mod agreement;
pub mod compare;
pub mod diff;
pub mod session;
pub mod statistics;
