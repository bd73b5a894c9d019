//! The `annotary` binary: parse the command line, then run a subcommand or open the window.

use std::process::ExitCode;

use clap::Parser;

use annotary::cli::{
    AgreementOutputs, Cli, CliCommand, Layers, SchemaAction, SynthOptions, agreement, bench, check,
    completions, export, export_schema, git_setup, import, import_schema, layout, manual,
    manual_pages, merge_driver, suggest, summary, synth,
};

fn main() -> ExitCode {
    annotary::ui::init_logging();
    let cli = Cli::parse();
    let result = match cli.command {
        Some(CliCommand::Check { paths }) => {
            return if check(&paths, &mut std::io::stdout(), &mut std::io::stderr()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
        Some(CliCommand::MergeDriver {
            base,
            ours,
            theirs,
            path,
        }) => return merge(&base, &ours, &theirs, path.as_deref()),
        Some(CliCommand::GitSetup { folder }) => git_setup(&folder, &mut std::io::stdout()),
        Some(CliCommand::Manual { folder }) => match folder {
            Some(folder) => {
                manual_pages(&folder).map_err(|e| anyhow::anyhow!("{}: {e}", folder.display()))
            }
            None => manual(&mut std::io::stdout()).map_err(Into::into),
        },
        Some(CliCommand::Completions { shell }) => {
            completions(shell, &mut std::io::stdout());
            Ok(())
        }
        Some(CliCommand::Synth {
            chars,
            annotations,
            documents,
            layers,
            seed,
            relations,
            attributes,
            out,
        }) => synth(
            &SynthOptions {
                chars,
                annotations,
                documents,
                layers,
                seed,
                relations,
                attributes,
            },
            &out,
        )
        .map(|project| {
            println!("wrote {}: {}", out.display(), summary(&project));
        }),
        Some(CliCommand::Bench { file, frames, json }) => bench(&file, frames).and_then(|report| {
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                println!("{report:#?}");
            }
            Ok(())
        }),
        Some(CliCommand::Export {
            file,
            format,
            out,
            layer,
            all_layers,
            documents,
        }) => export(
            &file,
            format,
            &out,
            Layers::from_flags(layer, all_layers),
            documents,
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        ),
        Some(CliCommand::Import(options)) => {
            import(&options, &mut std::io::stdout(), &mut std::io::stderr())
        }
        Some(CliCommand::Agreement {
            file,
            others,
            layers,
            json,
            units_out,
            csv_out,
            html_out,
        }) => agreement(
            &file,
            &others,
            layers,
            &AgreementOutputs {
                json,
                units_out,
                csv_out,
                html_out,
            },
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        ),
        Some(CliCommand::Suggest(options)) => suggest(&options, &mut std::io::stdout()),
        Some(CliCommand::Layout(options)) => layout(&options, &mut std::io::stdout()),
        Some(CliCommand::Schema { action }) => {
            let (out, err) = (&mut std::io::stdout(), &mut std::io::stderr());
            match action {
                SchemaAction::Export { file, out: conf } => export_schema(&file, &conf, out, err),
                SchemaAction::Import { file, conf } => import_schema(&file, &conf, out, err),
            }
        }
        None => annotary::ui::run(cli.project),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("annotary: {error}");
            ExitCode::FAILURE
        }
    }
}

/// git's merge driver: the exit code tells git whether the file is merged.
fn merge(
    base: &std::path::Path,
    ours: &std::path::Path,
    theirs: &std::path::Path,
    path: Option<&std::path::Path>,
) -> ExitCode {
    ExitCode::from(merge_driver(base, ours, theirs, path, &mut std::io::stderr()).exit_code())
}
