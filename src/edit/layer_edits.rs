//! Renaming an annotator's layer: the layer, its annotations, its document labels and the
//! review decisions that name it all take the new name in one step.

use crate::model::Project;

use super::{Command, EditError};

/// Renames layer `from` to `to`; the inverse renames it back.
pub(super) fn rename_layer(
    project: &mut Project,
    from: String,
    to: String,
) -> Result<Command, EditError> {
    if from == to {
        return Err(EditError::Nothing);
    }
    let at = project
        .layers
        .iter()
        .position(|l| l.name == from)
        .ok_or_else(|| EditError::NoSuchLayer(from.clone()))?;
    if let Some(problem) = crate::model::names::layer_name_problem(&to) {
        return Err(EditError::UnfitLayerName(problem));
    }
    if project.layers.iter().any(|l| l.name == to) {
        return Err(EditError::DuplicateLayer(to));
    }
    project.layers[at].name = to.clone();
    for annotation in project.annotations.iter_mut().filter(|a| a.layer == from) {
        annotation.layer = to.clone();
    }
    let labels = project.remove_labels(|(_, layer, _)| layer == &from);
    for ((document, _, name), value) in labels {
        project.labels.insert((document, to.clone(), name), value);
    }
    for decision in &mut project.decisions {
        for layer in [
            &mut decision.mine_layer,
            &mut decision.theirs_layer,
            &mut decision.reviewed_layer,
        ] {
            if *layer == from {
                layer.clone_from(&to);
            }
        }
    }
    // The coder's rejected suggestions stay theirs under the new name.
    let rejected = std::mem::take(project.rejected_mut());
    *project.rejected_mut() = rejected
        .into_iter()
        .map(|mut r| {
            if r.layer == from {
                r.layer.clone_from(&to);
            }
            r
        })
        .collect();
    Ok(Command::RenameLayer { from: to, to: from })
}
