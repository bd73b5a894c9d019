//! `annotary suggest`: the suggestions a coder would be offered, for pipelines and checks,
//! and (`--evaluate`) how good they are against a layer's own coding.

use std::io::Write;
use std::path::PathBuf;

use crate::formats::project_file;
use crate::model::suggest::{self, FormIndex, Learnt, Sources, TrainingSet};
use crate::model::{AttributeValue, DocumentId};

/// What to suggest for.
#[derive(Debug, clap::Args)]
pub struct SuggestOptions {
    /// The project.
    pub file: PathBuf,
    /// Only this document, by id (default: all).
    #[arg(long)]
    pub document: Option<String>,
    /// The coder's layer (default: the first).
    #[arg(long)]
    pub layer: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Leave-one-document-out precision, recall and F1 against the layer.
    #[arg(long, conflicts_with = "document")]
    pub evaluate: bool,
    /// Which sources to ask, comma-separated: forms, dates, tagger (default: all).
    #[arg(long, value_delimiter = ',', value_parser = ["forms", "dates", "tagger"])]
    pub sources: Vec<String>,
}

impl SuggestOptions {
    fn sources(&self) -> Sources {
        if self.sources.is_empty() {
            return Sources::default();
        }
        let has = |name: &str| self.sources.iter().any(|s| s == name);
        Sources {
            forms: has("forms"),
            dates: has("dates"),
            tagger: has("tagger"),
        }
    }
}

/// Prints the suggestions (one per line, or JSON), or the evaluation.
pub fn suggest(options: &SuggestOptions, out: &mut impl Write) -> anyhow::Result<()> {
    let file = options.file.as_path();
    let project = project_file::load(file)?;
    let layer = match &options.layer {
        Some(layer) if project.layers().iter().any(|l| &l.name == layer) => layer.clone(),
        Some(layer) => anyhow::bail!(
            "{} has no layer {layer:?} (it has {})",
            file.display(),
            names(project.layers().iter().map(|l| l.name.as_str()))
        ),
        None => project
            .layers()
            .first()
            .map(|l| l.name.clone())
            .ok_or_else(|| anyhow::anyhow!("{} has no layers", file.display()))?,
    };
    if options.evaluate {
        return evaluation(&project, &layer, options.json, out);
    }
    let documents: Vec<DocumentId> = match &options.document {
        Some(id) => {
            let id = DocumentId(id.clone());
            if project.document(&id).is_none() {
                anyhow::bail!("{} has no document {:?}", file.display(), id.0);
            }
            vec![id]
        }
        None => project.documents().iter().map(|d| d.id.clone()).collect(),
    };
    let sources = options.sources();
    let index = FormIndex::build(&project, &layer);
    let tagger = sources
        .tagger
        .then(|| TrainingSet::gather(&project, &layer, None).train());
    let learnt = Learnt {
        forms: &index,
        tagger: tagger.as_ref(),
    };
    let mut all = Vec::new();
    for document in &documents {
        all.extend(suggest::suggest(&project, learnt, document, sources));
    }
    if options.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "document\tstart\tend\ttag\tscore\tsource\tform\tattributes\twhy"
    )?;
    for s in &all {
        let attributes: Vec<String> = s
            .attributes
            .iter()
            .map(|(name, value)| format!("{name}={}", shown(value)))
            .collect();
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{:.2}\t{}\t{}\t{}\t{}",
            s.document.0,
            s.start,
            s.end,
            s.tag,
            s.score,
            s.source.name(),
            s.form.replace(['\t', '\n', '\r'], " "),
            attributes.join(" "),
            s.why
        )?;
    }
    Ok(())
}

fn evaluation(
    project: &crate::model::Project,
    layer: &str,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let scores = suggest::evaluate(project, layer);
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&scores)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "Leave-one-document-out against layer {layer} ({} documents): the same span with the same tag counts as right.",
        project.documents().len()
    )?;
    if project.documents().len() > suggest::FOLDS {
        writeln!(
            out,
            "The tagger is trained {} times, each time on all but every {}th document, which it is measured on.",
            suggest::FOLDS,
            suggest::FOLDS
        )?;
    }
    writeln!(
        out,
        "source\ttag\tright\tsuggested\ttagged\tprecision\trecall\tF1"
    )?;
    for s in &scores {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{:.3}\t{:.3}\t{:.3}",
            s.source.map_or("all", |s| s.name()),
            s.tag.as_deref().unwrap_or("all"),
            s.right,
            s.suggested,
            s.tagged,
            s.precision(),
            s.recall(),
            s.f1()
        )?;
    }
    Ok(())
}

fn shown(value: &AttributeValue) -> String {
    value.to_string()
}

fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}
