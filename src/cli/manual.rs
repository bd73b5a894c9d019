//! `annotary manual` and `annotary completions SHELL`: the manual page (man 1, roff) and
//! the shell's completion script, written from the command line's own definitions.

use std::io::Write;

use clap::CommandFactory;

use super::Cli;

/// The manual page, with a page per subcommand's options folded into one.
pub fn manual(out: &mut impl Write) -> std::io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)
}

/// What `shell` reads to complete `annotary`'s subcommands, options and files.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) {
    clap_complete::generate(shell, &mut Cli::command(), "annotary", out);
}
