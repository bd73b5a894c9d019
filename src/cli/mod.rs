//! The command line: `annotary [PROJECT]` opens the window, subcommands work without one.

mod check;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use check::check;

/// Annotary: hand-annotate articles with claims, actors and dates.
#[derive(Debug, Parser)]
#[command(name = "annotary", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Project file (.ron) to open; without it, the last project opened (or your copy of the demo).
    pub project: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Validate project files without opening a window.
    ///
    /// Prints "N documents, M annotations, K layers" for a valid file, or each problem as
    /// PATH:LINE:COL: message (syntax) or PATH: annotation ID: message (broken invariant).
    /// Exits 1 if any file has a problem.
    Check {
        /// The project files to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}
