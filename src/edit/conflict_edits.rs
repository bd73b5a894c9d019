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
    let next_id = project.next_annotation_id().0;
    let (mut settled, held) = project
        .with_record_at(&conflict.key, version, None)
        .map_err(|problems| EditError::CannotKeep(refusal(&conflict, mine, &problems)))?;
    settled.conflicts_mut().remove(at);
    *project = settled;
    Ok(Command::Unsettle {
        at,
        conflict: Box::new(conflict),
        held: held.map(|(place, record)| (place, Box::new(record))),
        next_id,
    })
}

/// Puts conflict `at` back with the version the project held before it was settled, in
/// its place, so that the file is as it was.
pub(super) fn unsettle(
    project: &mut Project,
    at: usize,
    conflict: Conflict,
    held: Option<(usize, Record)>,
    next_id: u64,
) -> Result<Command, EditError> {
    let (place, held) = held.map_or((None, None), |(place, record)| (Some(place), Some(record)));
    let (mut reopened, kept) = project
        .with_record_at(&conflict.key, held, place)
        .map_err(|problems| EditError::CannotKeep(problems.join("; ")))?;
    let kept = kept.map(|(_, record)| record);
    let at = at.min(reopened.conflicts().len());
    reopened.conflicts_mut().insert(at, conflict.clone());
    // As it was before the keep: the project is again what it was then.
    let highest = (reopened.annotations().iter().map(|a| a.id.0))
        .chain(reopened.relations().all().iter().map(|r| r.id.0))
        .max()
        .unwrap_or(0);
    reopened.next_annotation_id = next_id.max(highest + 1);
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
