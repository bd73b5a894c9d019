//! `annotary manual` and `annotary completions SHELL`: the manual page (man 1, roff) and
//! the shell's completion script, written from the command line's own definitions.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::Cli;

/// The manual page: what Annotary is, its options, and its subcommands by name (each has
/// a page of its own, `manual_pages`).
pub fn manual(out: &mut impl Write) -> std::io::Result<()> {
    // As `manual_pages` writes it: `help` has no page of its own to point to.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    clap_mangen::Man::new(command).render(out)
}

/// Writes annotary.1 and a page per subcommand (annotary-export.1, annotary-schema-import.1,
/// …) into `folder`, which is made if missing: what `man annotary-export` reads.
pub fn manual_pages(folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    clap_mangen::generate_to(Cli::command(), folder)
}

/// What `shell` reads to complete `annotary`'s subcommands, options and files.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) {
    clap_complete::generate(shell, &mut Cli::command(), "annotary", out);
}
