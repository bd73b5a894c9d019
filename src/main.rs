//! The `annotary` binary: parse the command line, then run a subcommand or open the window.

use std::process::ExitCode;

use clap::Parser;

use annotary::cli::{Cli, CliCommand, check};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    match cli.command {
        Some(CliCommand::Check { paths }) => {
            if check(&paths, &mut std::io::stdout(), &mut std::io::stderr()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        None => match annotary::ui::run(cli.project) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("annotary: {error}");
                ExitCode::FAILURE
            }
        },
    }
}
