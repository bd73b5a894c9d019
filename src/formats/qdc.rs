//! REFI-QDA codebook export (`.qdc`, namespace `urn:QDA-XML:codebook:1.0`): the tag set
//! as Codes, each with its colour and its guideline as the Description, GUIDs as in the
//! project export (`qdpx`), so a codebook and a project from the same tags agree.

use crate::model::Project;

use super::outgoing::{ExportError, Exported};
use super::refi_xml::codes;

/// The codebook of `project`'s tags, and what of the schema a codebook cannot hold.
pub fn codebook(project: &Project) -> (String, Vec<String>) {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"Annotary {}\">\n",
        env!("CARGO_PKG_VERSION")
    ));
    codes(&mut out, &project.tags().tags, "  ");
    out.push_str("</CodeBook>\n");
    let schema = project.schema();
    let left: Vec<String> = [
        (schema.relations.len(), "relation type"),
        (schema.attributes.len(), "attribute type"),
        (schema.labels.len(), "document label type"),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, what)| crate::model::counted(count, what))
    .collect();
    let warnings = if left.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "not written, as a codebook holds codes only: {}",
            left.join(", ")
        )]
    };
    (out, warnings)
}

/// Writes the codebook to `path`; a project without tags has none to write (the standard
/// wants at least one code).
pub fn write(project: &Project, path: &std::path::Path) -> Result<Exported, ExportError> {
    if project.tags().tags.is_empty() {
        return Err(ExportError::Io {
            path: path.to_owned(),
            source: std::io::Error::other("the project has no tags, and a codebook needs one"),
        });
    }
    let (text, warnings) = codebook(project);
    super::outgoing::write(path, &text)?;
    Ok(Exported {
        warnings,
        ..Exported::default()
    })
}
