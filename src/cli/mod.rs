//! The command line: `annotary [PROJECT]` opens the window, subcommands work without one.

mod agreement;
#[cfg(feature = "window")]
mod bench;
#[cfg(feature = "window")]
mod bench_corpus;
#[cfg(feature = "window")]
mod bench_memory;
#[cfg(feature = "window")]
mod bench_window;
mod check;
mod export;
mod import;
#[cfg(feature = "window")]
mod layout;
mod manual;
mod merge;
mod schema;
mod suggest;
mod synth;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use agreement::{AgreementOutputs, agreement, table as agreement_table, with_colleagues};
#[cfg(feature = "window")]
pub use bench::{BenchReport, bench};
pub use check::{check, summary};
pub use export::{Layers, export};
pub use import::{ImportOptions, import};
#[cfg(feature = "window")]
pub use layout::{LayoutOptions, layout};
pub use manual::{completions, manual, manual_pages};
pub use merge::{MergeEnd, git_setup, merge_driver};
pub use schema::{export_schema, import_schema};
pub use suggest::{SuggestOptions, suggest};
pub use synth::{SynthOptions, synth, synthesize};

/// What `annotary schema` does.
#[derive(Debug, Subcommand)]
pub enum SchemaAction {
    /// Write FILE's tags and schema to CONF.
    Export {
        file: PathBuf,
        /// Where to write (an annotation.conf).
        #[arg(long)]
        out: PathBuf,
    },
    /// Take CONF's types into FILE (tags added, relation types and attributes replaced by
    /// name, the rest kept) and save it.
    Import { file: PathBuf, conf: PathBuf },
}

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
    /// Write a project's tags and schema as brat's annotation.conf, or take one in.
    ///
    /// Entity types are tags, [relations] the relation types with their argument tags,
    /// [attributes] the flag and one-of-a-list attributes. brat cannot declare free-text,
    /// number or date attributes or document labels: exporting says so.
    Schema {
        #[command(subcommand)]
        action: SchemaAction,
    },
    /// Write the manual page (man 1, roff) to standard output: `annotary manual > annotary.1`;
    /// with a folder, write there a page for each subcommand too (annotary-export.1, …).
    Manual {
        /// The folder to write annotary.1 and the subcommands' pages into.
        folder: Option<std::path::PathBuf>,
    },
    /// Write the completion script for a shell to standard output, e.g.
    /// `annotary completions bash > /usr/share/bash-completion/completions/annotary`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Validate project files without opening a window.
    ///
    /// Prints "N documents, M annotations, [R relations,] K layers" for a valid file, or
    /// each problem as PATH:LINE:COL: message (syntax) or PATH: annotation ID: message,
    /// PATH: relation ID: message (broken invariant or coding that does not fit the schema).
    /// Exits 1 if any file has a problem.
    Check {
        /// The project files to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Write a deterministic synthetic project for measuring speed.
    ///
    /// Paragraphs of news-like sentences (with some non-ASCII) and annotations of every tag,
    /// nested and overlapping, spread over the text. The same options give the same bytes.
    Synth {
        /// Total characters (code points) over all documents; each document ends at a
        /// paragraph break, so the total can run over by one paragraph.
        #[arg(long)]
        chars: usize,
        /// Total annotations over all documents.
        #[arg(long)]
        annotations: usize,
        #[arg(long, default_value_t = 1)]
        documents: usize,
        /// Annotator layers; annotations are spread over them.
        #[arg(long, default_value_t = 1)]
        layers: usize,
        #[arg(long)]
        seed: u64,
        /// Links from claims to the actors and dates after them (claimant, dated).
        #[arg(long, default_value_t = 0)]
        relations: usize,
        /// Give claims a stance and dates a value.
        #[arg(long)]
        attributes: bool,
        #[arg(long)]
        out: PathBuf,
    },
    #[cfg(feature = "window")]
    /// Open a project and drive the real UI headless: scroll, jump, edit, save; print timings.
    ///
    /// Frame times are the CPU time of one full UI pass (egui layout and tessellation).
    Bench {
        file: PathBuf,
        /// Scroll steps from the top of the first document to its bottom.
        #[arg(long, default_value_t = 600)]
        frames: usize,
        /// Print one JSON object instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Inter-annotator agreement between layers, over the project, per tag and per document.
    ///
    /// Token level (Unicode words): Cohen's kappa (two layers) or Fleiss' kappa (three or
    /// more), Krippendorff's alpha (nominal), percent agreement. Span level: precision, recall
    /// and F1 of the second layer against the first, exact and overlapping. Colleagues'
    /// projects (OTHER.ron) are brought in first: their layers join, on documents matched by
    /// text (or title, re-anchoring their annotations).
    Agreement {
        /// The project.
        file: PathBuf,
        /// Colleagues' projects whose layers to compare with.
        others: Vec<PathBuf>,
        /// The layers to compare, separated by commas (default: all).
        #[arg(long, value_delimiter = ',')]
        layers: Option<Vec<String>>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Write one row per token (document, start, end, text, each layer's label) here.
        #[arg(long)]
        units_out: Option<PathBuf>,
        /// Write every figure as CSV here (scope, name, measure, value, unit, count).
        #[arg(long)]
        csv_out: Option<PathBuf>,
        /// Write a self-contained HTML report with the charts here.
        #[arg(long)]
        html_out: Option<PathBuf>,
    },
    /// Print the suggestions a coder would be offered: forms the layer tagged elsewhere,
    /// dates in the text (with their ISO value), spans a tagger trained on the layer
    /// finds (with its confidence). One per line, or JSON.
    ///
    /// With --evaluate, measure them instead: each document in turn is treated as not yet
    /// coded, and precision, recall and F1 per source and tag are computed against the
    /// layer's own annotations.
    Suggest(SuggestOptions),
    #[cfg(feature = "window")]
    /// Print how the document view lays a document out, as JSON: each wrapped line (top,
    /// bottom) with its clusters left to right as drawn (start, end in code points; x,
    /// width in points from the text's left edge), and each annotation's ranges and
    /// rectangles. For tests and bug reports.
    Layout(LayoutOptions),
    /// Export annotations for other tools: brat, conll, conllu, jsonl, labelstudio, csv, w3c, xmi,
    /// qdpx (a REFI-QDA project for MAXQDA, ATLAS.ti, NVivo, QualCoder), qdc (its codebook).
    ///
    /// Prints what was written and, as warnings, anything the format cannot hold (nested
    /// spans in BIO, multi-line notes in brat), with counts; nothing is dropped silently.
    Export {
        /// The project to export from.
        file: PathBuf,
        /// One of brat, conll, conllu, jsonl, labelstudio (a folder), csv, w3c, xmi (a zip for
        /// INCEpTION), qdpx (a REFI-QDA project), qdc (a REFI-QDA codebook: the tags).
        #[arg(long)]
        format: crate::formats::export::ExportFormat,
        /// A folder for brat, a file for the others.
        #[arg(long)]
        out: PathBuf,
        /// Only this annotator's layer. Needed when the project has several layers and the
        /// format keeps none (all but csv, w3c, labelstudio and qdpx), so that one annotator's
        /// spans are not written twice.
        #[arg(long)]
        layer: Option<String>,
        /// Write every layer's annotations together even where the format cannot tell them
        /// apart (each annotator's spans then appear once per layer).
        #[arg(long, conflicts_with = "layer")]
        all_layers: bool,
        /// Only these documents, by id, separated by commas (default: all).
        #[arg(long, value_delimiter = ',')]
        documents: Option<Vec<String>>,
    },
    /// Import documents or annotations into a project (created if it does not exist).
    ///
    /// txt, md, html (its visible text), docx, odt, rtf, epub and pdf (its text layer, with its pages) add documents; brat, jsonl (doccano), labelstudio,
    /// csv, w3c, xmi and qdpx (REFI-QDA, a layer per user) add annotations, as a layer on documents already in the project
    /// (matched by their text) or with new documents for formats that carry the text.
    /// Unknown tags join the tag set (a project the import creates has only the tags it
    /// brings). What the project already holds is not added again, so importing twice adds
    /// nothing. Everything that could not be imported is listed with its file and line.
    /// Exits 1, writing nothing, for a missing input or one that brings nothing.
    Import(ImportOptions),
    /// git's merge driver for project files (see `git-setup`): merges record by record.
    ///
    /// Both sides' new annotations are kept (ids used on both sides renumbered on theirs,
    /// with their links and decisions); what one side changed or deleted is taken; what both
    /// changed differently is a conflict kept in the project with both versions. Writes the
    /// result to OURS and exits 0 when clean, 1 with conflicts (git marks the file
    /// conflicted; open it in Annotary to settle them), 2 when it cannot merge (OURS kept).
    MergeDriver {
        /// The common ancestor (git's %O); empty when both sides added the file.
        base: PathBuf,
        /// This side (git's %A), replaced with the merge.
        ours: PathBuf,
        /// The other side (git's %B).
        theirs: PathBuf,
        /// The file's path in the repository (git's %P), for messages.
        path: Option<PathBuf>,
    },
    /// Register `merge-driver` for *.ron in this git repository.
    ///
    /// Adds `*.ron merge=annotary` to .gitattributes (commit it) and sets this clone's
    /// merge.annotary.driver to this annotary. Each coder runs it once in their clone.
    GitSetup {
        /// A folder inside the repository (default: the current folder).
        #[arg(default_value = ".")]
        folder: PathBuf,
    },
}
