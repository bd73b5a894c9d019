//! `annotary agreement`: inter-annotator agreement between layers of a project and of
//! colleagues' projects, as a table, JSON, a units table, CSV or an HTML page.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::formats::project_file;
use crate::model::{Project, now};
use crate::review::agreement::{Figures, Report, figure, report};
use crate::workspace::files::{bring_colleague, write_agreement};

/// Where to write the report besides standard output.
#[derive(Debug, Default)]
pub struct AgreementOutputs {
    pub json: bool,
    pub units_out: Option<PathBuf>,
    pub csv_out: Option<PathBuf>,
    pub html_out: Option<PathBuf>,
}

/// The project with each colleague's layers brought in, with what bringing them said.
pub fn with_colleagues(
    file: &Path,
    others: &[PathBuf],
    err: &mut impl Write,
) -> anyhow::Result<Project> {
    let mut project = project_file::load(file)?;
    for other in others {
        let (command, _, report) = bring_colleague(&project, other)?;
        command
            .apply(&mut project, now())
            .with_context(|| format!("{}: could not bring its layers in", other.display()))?;
        for line in report.details.iter().chain(&report.problems) {
            writeln!(err, "{}: {line}", other.display())?;
        }
    }
    Ok(project)
}

fn row(name: &str, f: &Figures, two: bool) -> String {
    let mut line = format!(
        "{name:<24} {:>7} {:>7} {:>7}",
        f.tokens,
        figure(if two { f.cohen_kappa } else { f.fleiss_kappa }),
        figure(f.krippendorff_alpha),
    );
    line.push_str(&format!(" {:>7}", figure(f.percent_agreement)));
    if let Some(s) = &f.spans_compared {
        line.push_str(&format!(
            " {:>7} {:>7} {:>7} {:>7}",
            figure(s.f1_exact),
            figure(s.f1_overlap),
            figure(s.precision_exact),
            figure(s.recall_exact)
        ));
    }
    line
}

/// The report as a table for a terminal.
pub fn table(report: &Report) -> String {
    let two = report.layers.len() == 2;
    let mut out = format!(
        "Agreement of {}: {} documents, {} tokens; spans: {}\n",
        report.layers.join(", "),
        report.documents.len(),
        report.overall.tokens,
        report.span_counts()
    );
    out.push_str(&format!(
        "{:<24} {:>7} {:>7} {:>7} {:>7}",
        "",
        "tokens",
        if two { "kappa" } else { "fleiss" },
        "alpha",
        "agree"
    ));
    if two {
        out.push_str(&format!(
            " {:>7} {:>7} {:>7} {:>7}",
            "F1 ex", "F1 ov", "P ex", "R ex"
        ));
    }
    out.push('\n');
    for (scope, name, f) in report.scopes() {
        let name = match scope {
            "overall" => scope.to_owned(),
            "document" => format!("doc {}", name.chars().take(20).collect::<String>()),
            _ => format!("{scope} {name}"),
        };
        out.push_str(&row(&name, f, f.spans.len() == 2));
        out.push('\n');
    }
    if let Some(links) = &report.links {
        out.push_str(&format!(
            "Links ({} {}, {} {}):  {:>7} {:>7} {:>7} {:>7}\n",
            report.layers[0],
            links.links[0],
            report.layers[1],
            links.links[1],
            "F1 ex",
            "F1 ov",
            "P ex",
            "R ex"
        ));
        let scores = std::iter::once(("all links", &links.scores))
            .chain(links.per_type.iter().map(|(k, (_, s))| (k.as_str(), s)));
        for (name, s) in scores {
            out.push_str(&format!(
                "  {name:<22} {:>7} {:>7} {:>7} {:>7}\n",
                figure(s.f1_exact),
                figure(s.f1_overlap),
                figure(s.precision_exact),
                figure(s.recall_exact)
            ));
        }
    }
    out.push_str(&values_table(report));
    out.push_str(
        "Token figures count Unicode words; kappa is Cohen's (two layers) or Fleiss' (more), \
         alpha Krippendorff's (nominal). Span F1 is of the second layer against the first; \
         a link matches when its type does and both ends are paired spans; \
         values are compared on the spans every layer has, (none) counting as a value; \
         alpha int is Krippendorff's at the interval level, for numbers; \
         — is undefined (0/0).\n",
    );
    out
}

/// The block of attribute and document-label figures, if there are any.
fn values_table(report: &Report) -> String {
    let mut rows = report.values.scopes().peekable();
    if rows.peek().is_none() {
        return String::new();
    }
    let two = report.layers.len() == 2;
    let mut out = format!(
        "Values:                  {:>7} {:>7} {:>7} {:>7} {:>9}\n",
        "units",
        if two { "kappa" } else { "fleiss" },
        "alpha",
        "agree",
        "alpha int"
    );
    for (scope, name, f) in rows {
        let name: String = format!("{scope} {name}").chars().take(22).collect();
        let kappa = if two { f.cohen_kappa } else { f.fleiss_kappa };
        let interval = if f.numbers {
            figure(f.krippendorff_alpha_interval)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "  {name:<22} {:>7} {:>7} {:>7} {:>7} {interval:>9}\n",
            f.units,
            figure(kappa),
            figure(f.krippendorff_alpha),
            figure(f.percent_agreement),
        ));
    }
    out
}

/// Runs `annotary agreement`.
pub fn agreement(
    file: &Path,
    others: &[PathBuf],
    layers: Option<Vec<String>>,
    outputs: &AgreementOutputs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<()> {
    let project = with_colleagues(file, others, err)?;
    let layers =
        layers.unwrap_or_else(|| project.layers().iter().map(|l| l.name.clone()).collect());
    if let Some(missing) = layers
        .iter()
        .find(|l| !project.layers().iter().any(|p| &&p.name == l))
    {
        let known: Vec<&str> = project.layers().iter().map(|l| l.name.as_str()).collect();
        bail!(
            "there is no layer {missing:?}; the layers are {}",
            known.join(", ")
        );
    }
    if layers.len() < 2 {
        bail!(
            "agreement needs two or more layers; the project has {}",
            layers.join(", ")
        );
    }
    let report = report(&project, &layers, &[]);
    if outputs.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report.to_json())?)?;
    } else {
        write!(out, "{}", table(&report))?;
    }
    if let Some(path) = &outputs.units_out {
        std::fs::write(path, report.units_tsv(&project))
            .with_context(|| format!("Could not write {}", path.display()))?;
        // The attribute and label units beside it: UNITS.values.tsv.
        let values = path.with_extension("values.tsv");
        std::fs::write(&values, report.values.units_tsv(&report.layers))
            .with_context(|| format!("Could not write {}", values.display()))?;
        // And the links, for two layers with links: UNITS.links.tsv.
        if report.links.is_some() {
            use crate::review::link_units::{link_units, links_tsv};
            let units = link_units(&project, &report.layers, &report.documents);
            let links = path.with_extension("links.tsv");
            std::fs::write(&links, links_tsv(&units, &report.layers))
                .with_context(|| format!("Could not write {}", links.display()))?;
        }
    }
    for (path, html) in [(&outputs.csv_out, false), (&outputs.html_out, true)] {
        if let Some(path) = path {
            write_agreement(&report, &project.title, path, html).map_err(anyhow::Error::msg)?;
        }
    }
    Ok(())
}
