//! Settling a merge conflict: the project takes the chosen side's version of the record
//! (or loses it, when that side deleted it), in one undo step that undo reopens.

use crate::model::{Conflict, Project, Record};

use super::{Command, EditError};

/// Keeps one version of conflict `at`; refused when that version would break the project
/// (their deletion of an annotation my links still use), saying what is in the way.
pub(super) fn keep(project: &mut Project, at: usize, mine: bool) -> Result<Command, EditError> {
    let conflict = project
        .conflicts()
        .get(at)
        .cloned()
        .ok_or(EditError::Nothing)?;
    let version = conflict.version(mine).cloned();
    let (mut settled, held) = project
        .with_record(&conflict.key, version)
        .map_err(|problems| EditError::CannotKeep(refusal(&conflict, mine, &problems)))?;
    settled.conflicts_mut().remove(at);
    *project = settled;
    Ok(Command::Unsettle {
        at,
        conflict: Box::new(conflict),
        held: held.map(Box::new),
    })
}

/// Puts conflict `at` back with the version the project held before it was settled.
pub(super) fn unsettle(
    project: &mut Project,
    at: usize,
    conflict: Conflict,
    held: Option<Record>,
) -> Result<Command, EditError> {
    let (mut reopened, kept) = project
        .with_record(&conflict.key, held)
        .map_err(|problems| EditError::CannotKeep(problems.join("; ")))?;
    let at = at.min(reopened.conflicts().len());
    reopened.conflicts_mut().insert(at, conflict.clone());
    *project = reopened;
    // Redo keeps the side that was kept.
    let mine = conflict.version(true) == kept.as_ref();
    Ok(Command::KeepVersion { at, mine })
}

/// "Keeping their version of annotation 17 would leave: relation 40 …".
fn refusal(conflict: &Conflict, mine: bool, problems: &[String]) -> String {
    let side = if mine { "my" } else { "their" };
    format!(
        "keeping {side} version of {} would leave: {}",
        conflict.key,
        problems.join("; ")
    )
}
