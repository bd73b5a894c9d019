//! Review decisions follow what they name: deleting an annotation, a document or a layer
//! forgets the decisions that name it, in the same undo step, and undo puts them back where
//! they were. A project file never holds a decision about something that is gone.

use crate::model::{AnnotationId, Decision, DocumentId, Project};

use super::Command;

/// Takes out every decision `names` picks, with where it stood (oldest first).
pub(super) fn forget(
    project: &mut Project,
    names: impl Fn(&Decision) -> bool,
) -> Vec<(usize, Decision)> {
    if !project.decisions.iter().any(&names) {
        return Vec::new();
    }
    let mut forgotten = Vec::new();
    let mut kept = Vec::with_capacity(project.decisions.len());
    for (at, decision) in std::mem::take(&mut project.decisions)
        .into_iter()
        .enumerate()
    {
        if names(&decision) {
            forgotten.push((at, decision));
        } else {
            kept.push(decision);
        }
    }
    project.decisions = kept;
    forgotten
}

/// Puts decisions back where they stood (`forgotten` oldest first, as [`forget`] gives).
pub(super) fn restore(project: &mut Project, forgotten: &[(usize, Decision)]) {
    for (at, decision) in forgotten {
        let at = (*at).min(project.decisions.len());
        project.decisions.insert(at, decision.clone());
    }
}

/// Takes out the decisions `restore` put back, if they are still where it put them.
pub(super) fn take_back(project: &mut Project, restored: &[(usize, Decision)]) -> bool {
    let all_there = restored
        .iter()
        .all(|(at, d)| project.decisions.get(*at) == Some(d));
    if all_there {
        for (at, _) in restored.iter().rev() {
            project.decisions.remove(*at);
        }
    }
    all_there
}

/// `inverse`, followed by putting back the decisions forgotten with the change.
pub(super) fn with_restored(inverse: Command, forgotten: Vec<(usize, Decision)>) -> Command {
    if forgotten.is_empty() {
        inverse
    } else {
        Command::Batch(vec![inverse, Command::RestoreDecisions(forgotten)])
    }
}

/// Whether `decision` names one of `ids`.
pub(super) fn names_annotation(
    decision: &Decision,
    ids: &std::collections::HashSet<AnnotationId>,
) -> bool {
    [decision.mine, decision.theirs]
        .into_iter()
        .flatten()
        .any(|id| ids.contains(&id))
}

/// Whether `decision` is about one of the links `ids`.
pub(super) fn names_relation(
    decision: &Decision,
    ids: &std::collections::HashSet<crate::model::RelationId>,
) -> bool {
    decision.about.relations().any(|id| ids.contains(&id))
}

/// Whether `decision` names one of the annotations `ids` or one of the `links` that went
/// with them.
pub(super) fn names_annotation_or_link(
    decision: &Decision,
    ids: &std::collections::HashSet<AnnotationId>,
    links: &[crate::model::Relation],
) -> bool {
    names_annotation(decision, ids)
        || decision
            .about
            .relations()
            .any(|id| links.iter().any(|link| link.id == id))
}

/// Whether `decision` is about `document`.
pub(super) fn names_document(decision: &Decision, document: &DocumentId) -> bool {
    &decision.document == document
}

/// Whether `decision` names the layer `layer`.
pub(super) fn names_layer(decision: &Decision, layer: &str) -> bool {
    [
        &decision.mine_layer,
        &decision.theirs_layer,
        &decision.reviewed_layer,
    ]
    .into_iter()
    .any(|l| l == layer)
}
