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
    /// A font file (.ttf, .otf) to lay out with besides egui's own; repeatable, tried in
    /// order. The window finds the system's fonts itself.
    #[arg(long = "font")]
    pub fonts: Vec<PathBuf>,
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
    let mut fonts = Vec::new();
    for path in &options.fonts {
        let bytes = std::fs::read(path)
            .map_err(|e| anyhow::anyhow!("cannot read the font {}: {e}", path.display()))?;
        // TrueType, OpenType (CFF), or a collection of either.
        let magic = bytes.get(..4).unwrap_or_default();
        if ![&[0, 1, 0, 0][..], b"OTTO", b"true", b"ttcf"].contains(&magic) {
            anyhow::bail!(
                "{} is not a font (a TrueType or OpenType file: .ttf, .otf, .ttc)",
                path.display()
            );
        }
        fonts.push(bytes);
    }
    let dump = crate::ui::layout_dump::layout(&project, document, options.width, &fonts);
    writeln!(out, "{}", serde_json::to_string(&dump)?)?;
    Ok(())
}
