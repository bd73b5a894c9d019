//! `annotary layout`: how the document view lays a document out, as JSON, for tests and
//! bug reports (which character is drawn where, and each annotation's rectangles).

use std::io::Write;
use std::path::PathBuf;

use crate::formats::project_file;
use crate::model::DocumentId;

/// What to lay out.
#[derive(Debug, clap::Args)]
pub struct LayoutOptions {
    /// The project.
    pub file: PathBuf,
    /// The document, by id.
    #[arg(long)]
    pub document: String,
    /// The text column's width in points (default: the widest the view draws).
    #[arg(long)]
    pub width: Option<f32>,
}

/// Prints the layout of the document as one JSON object.
pub fn layout(options: &LayoutOptions, out: &mut impl Write) -> anyhow::Result<()> {
    let file = options.file.as_path();
    let project = project_file::load(file)?;
    let id = DocumentId(options.document.clone());
    let Some(document) = project.document(&id) else {
        let ids: Vec<&str> = project
            .documents()
            .iter()
            .map(|d| d.id.0.as_str())
            .collect();
        anyhow::bail!(
            "{} has no document {:?} (it has {})",
            file.display(),
            id.0,
            ids.join(", ")
        );
    };
    if let Some(width) = options.width.filter(|w| !(w.is_finite() && *w >= 50.0)) {
        anyhow::bail!("--width {width} is too narrow to lay out text: give 50 points or more");
    }
    let dump = crate::ui::layout_dump::layout(&project, document, options.width);
    writeln!(out, "{}", serde_json::to_string(&dump)?)?;
    Ok(())
}
