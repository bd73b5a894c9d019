//! A three-way merge of two coders' versions of a project, record by record, as git's
//! merge driver runs it: what only one side changed is taken, what both changed the same
//! way is taken once, and what they changed differently becomes a conflict that keeps both
//! versions until someone chooses.

use std::collections::{BTreeSet, HashMap};

use crate::model::{Conflict, Project, Record, RecordKey};

use super::{merge_order, renumber};

/// What a merge made: the merged project, with its conflicts listed in it.
#[derive(Debug)]
pub struct Merged {
    pub project: Project,
    /// How many of the project's conflicts this merge found (others may have come along
    /// from either side, unsettled).
    pub new_conflicts: usize,
    /// Ids of the other side's annotations and links that were renumbered because this
    /// side had used them too.
    pub renumbered: usize,
}

/// Merges `theirs` into `ours`, both changed from `base` (none: both sides added the file).
/// Refused, with every reason, only when the records together cannot make a project.
pub fn merge(
    base: Option<&Project>,
    ours: &Project,
    theirs: &Project,
) -> Result<Merged, Vec<String>> {
    let base_list = base.map(Project::keyed_records).unwrap_or_default();
    let base_records: HashMap<RecordKey, Record> = base_list.iter().cloned().collect();
    let ours_records = ours.keyed_records();
    let (theirs_records, theirs_conflicts, renumbered) = renumber::apart(base, ours, theirs);
    let next_id = ours
        .next_annotation_id()
        .0
        .max(theirs.next_annotation_id().0)
        .max(base.map_or(1, |base| base.next_annotation_id().0))
        + renumbered as u64;

    let base_conflicts = base.map_or(&[][..], |base| base.conflicts());
    let decided = [
        settled_since(base_conflicts, ours.conflicts()),
        settled_since(base_conflicts, &theirs_conflicts),
    ];
    let theirs_map: HashMap<RecordKey, Record> = theirs_records.iter().cloned().collect();
    let ours_map: HashMap<RecordKey, Record> = ours_records.iter().cloned().collect();
    let mut merged: Vec<(RecordKey, Record)> = Vec::new();
    let mut conflicts: Vec<Conflict> = Vec::new();
    let keys = merge_order::interleave(&ours_records, &theirs_records, &ours_map);
    for key in keys {
        let (was, mine, other) = (
            base_records.get(&key),
            ours_map.get(&key),
            theirs_map.get(&key),
        );
        let chose = [decided[0].contains(&key), decided[1].contains(&key)];
        match settle(was, mine, other, chose) {
            Settled::Take(Some(record)) => merged.push((key, record.clone())),
            Settled::Take(None) => {}
            Settled::Conflict => {
                // The project holds this side's version meanwhile, or the other side's
                // when this side deleted the record, so that nothing that refers to it
                // breaks.
                if let Some(held) = mine.or(other) {
                    merged.push((key.clone(), held.clone()));
                }
                conflicts.push(Conflict {
                    key,
                    mine: mine.cloned(),
                    theirs: other.cloned(),
                });
            }
        }
    }
    hold_back_what_would_break(
        &mut merged,
        &mut conflicts,
        [ours, theirs],
        [&ours_map, &theirs_map],
    );
    let taken = merged.len();
    bring_back_what_is_needed(
        &mut merged,
        &mut conflicts,
        [&ours_map, &theirs_map, &base_records],
    )?;
    let orders = [&theirs_records[..], &ours_records, &base_list];
    merge_order::put_back_in_place(&mut merged, taken, &orders);
    leave_out_what_no_longer_fits(
        &mut merged,
        &mut conflicts,
        ours,
        [&ours_map, &theirs_map],
        next_id,
    )?;
    let new_conflicts = conflicts.len();
    let mut all_conflicts = carried(base_conflicts, ours.conflicts(), &theirs_conflicts);
    for conflict in conflicts {
        let was = base_records.get(&conflict.key);
        all_conflicts.retain(|old| !superseded(old, &conflict, was));
        all_conflicts.push(conflict);
    }
    let records = merged.into_iter().map(|(_, record)| record).collect();
    let project = Project::from_records(records, next_id, all_conflicts)?;
    Ok(Merged {
        project,
        new_conflicts,
        renumbered,
    })
}

/// What the merge does with one record.
enum Settled<'a> {
    /// This version (or none: the record goes).
    Take(Option<&'a Record>),
    Conflict,
}

/// The three-way rule for one record: base `was`, this side's `mine`, the other's `other`.
/// A side that settled a conflict the base held on this record (`chose`) made a choice,
/// even when it kept the version the base held: two different choices conflict again.
fn settle<'a>(
    was: Option<&'a Record>,
    mine: Option<&'a Record>,
    other: Option<&'a Record>,
    [mine_chose, other_chose]: [bool; 2],
) -> Settled<'a> {
    let same = |a: Option<&Record>, b: Option<&Record>| match (a, b) {
        (Some(a), Some(b)) => a.says_the_same(b),
        (None, None) => true,
        _ => false,
    };
    if same(mine, other) {
        Settled::Take(mine.or(other))
    } else if !mine_chose && same(mine, was) {
        Settled::Take(other)
    } else if !other_chose && same(other, was) {
        Settled::Take(mine)
    } else {
        Settled::Conflict
    }
}

/// The records whose conflicts in the base this side has settled since (none left on them).
fn settled_since(base: &[Conflict], side: &[Conflict]) -> BTreeSet<RecordKey> {
    base.iter()
        .filter(|old| !side.iter().any(|c| c.key == old.key))
        .map(|old| old.key.clone())
        .collect()
}

/// The conflicts earlier merges left, merged three-way themselves: one that either side
/// settled since the base is gone, one that either side brought in stays.
fn carried(base: &[Conflict], ours: &[Conflict], theirs: &[Conflict]) -> Vec<Conflict> {
    let mut kept: Vec<Conflict> = ours
        .iter()
        .filter(|c| theirs.contains(c) || !base.contains(c))
        .cloned()
        .collect();
    kept.extend(
        theirs
            .iter()
            .filter(|c| !ours.contains(c) && !base.contains(c))
            .cloned(),
    );
    kept
}

/// Whether an earlier conflict on the same record says nothing the new one does not: each
/// of its versions is one of the new conflict's, or the base's, which the side that
/// changed it has moved on from. Otherwise (a third coder's version) it stays beside the
/// new one, to be settled in its turn.
fn superseded(old: &Conflict, new: &Conflict, was: Option<&Record>) -> bool {
    old.key == new.key
        && [&old.mine, &old.theirs].into_iter().all(|version| {
            version.as_ref() == was || *version == new.mine || *version == new.theirs
        })
}

/// One side's change to a tag or type that would break the other side's work (a value
/// used there taken out of an attribute's list, a new tag with a hotkey a tag there has)
/// is held back and listed as a conflict: the project keeps the other side's version,
/// or the new one without its hotkey, until someone mends the rest and keeps it.
fn hold_back_what_would_break(
    merged: &mut [(RecordKey, Record)],
    conflicts: &mut Vec<Conflict>,
    [ours, theirs]: [&Project; 2],
    [mine, other]: [&HashMap<RecordKey, Record>; 2],
) {
    for (key, record) in merged.iter_mut() {
        let names_a_kind = matches!(
            key,
            RecordKey::Tag(_)
                | RecordKey::RelationType(_)
                | RecordKey::AttributeType(_)
                | RecordKey::LabelType(_)
                | RecordKey::EventType(_)
        );
        // Their change is judged against my project; mine against theirs, when they had
        // the record (a new tag of mine cannot break what they did without it).
        let (judge, judge_has) = if mine.get(key) != Some(record) {
            (ours, mine)
        } else if other.get(key).is_some_and(|theirs| theirs != record) {
            (theirs, other)
        } else {
            continue;
        };
        if !names_a_kind || judge.with_record(key, Some(record.clone())).is_ok() {
            continue;
        }
        *record = match judge_has.get(key) {
            Some(kept) => kept.clone(),
            None => without_hotkey(record.clone()),
        };
        conflicts.push(Conflict {
            key: key.clone(),
            mine: mine.get(key).cloned(),
            theirs: other.get(key).cloned(),
        });
    }
}

/// A tag or link type as it is, less the key that types it.
fn without_hotkey(record: Record) -> Record {
    match record {
        Record::Tag(tag) => Record::Tag(crate::model::Tag {
            hotkey: None,
            ..tag
        }),
        Record::RelationType(kind) => Record::RelationType(crate::model::RelationType {
            hotkey: None,
            ..kind
        }),
        other => other,
    }
}

/// A record one side deleted while the other side's records still refer to it (a tag
/// removed here, annotations with it added there) comes back, listed as a conflict, so
/// that the merged project is whole and nobody's work is dropped unasked.
fn bring_back_what_is_needed(
    merged: &mut Vec<(RecordKey, Record)>,
    conflicts: &mut Vec<Conflict>,
    [ours, theirs, base]: [&HashMap<RecordKey, Record>; 3],
) -> Result<(), Vec<String>> {
    let mut present: BTreeSet<RecordKey> = merged.iter().map(|(key, _)| key.clone()).collect();
    let mut at = 0;
    while at < merged.len() {
        for needed in merged[at].1.needs() {
            if present.contains(&needed) {
                continue;
            }
            let Some(record) = theirs
                .get(&needed)
                .or(ours.get(&needed))
                .or(base.get(&needed))
            else {
                return Err(vec![format!(
                    "{} refers to {needed}, which neither side nor their common ancestor has",
                    merged[at].0
                )]);
            };
            present.insert(needed.clone());
            merged.push((needed.clone(), record.clone()));
            if !conflicts.iter().any(|c| c.key == needed) {
                conflicts.push(Conflict {
                    key: needed.clone(),
                    mine: ours.get(&needed).cloned(),
                    theirs: theirs.get(&needed).cloned(),
                });
            }
        }
        at += 1;
    }
    Ok(())
}

/// A link, document label or review decision that fitted on its side but not beside the
/// other side's changes (their new link from a span I retagged as a date) is left out of
/// the merged project and listed as a conflict with both versions, until someone mends
/// the rest and keeps it. What was already unfit in my version stays as it was.
fn leave_out_what_no_longer_fits(
    merged: &mut Vec<(RecordKey, Record)>,
    conflicts: &mut Vec<Conflict>,
    ours: &Project,
    [mine, theirs]: [&HashMap<RecordKey, Record>; 2],
    next_id: u64,
) -> Result<(), Vec<String>> {
    let unfit_before: BTreeSet<RecordKey> = ours.unfit_records().into_iter().collect();
    loop {
        // Keyed as the merged project counts them: a decision taken on one side as the
        // second on its difference may be the first here.
        let records: Vec<Record> = merged.iter().map(|(_, record)| record.clone()).collect();
        *merged = crate::model::keyed(records.clone());
        let project = Project::assemble(records, next_id, Vec::new())?;
        let unfit: BTreeSet<RecordKey> = project
            .unfit_records()
            .into_iter()
            .filter(|key| {
                let as_before = merged
                    .iter()
                    .find(|(k, _)| k == key)
                    .is_some_and(|(_, record)| mine.get(key) == Some(record));
                !(unfit_before.contains(key) && as_before)
            })
            .collect();
        if unfit.is_empty() {
            return Ok(());
        }
        let before = merged.len();
        merged.retain(|(key, _)| !unfit.contains(key));
        if merged.len() == before {
            // Never loop: what does not fit cannot be found among the records.
            return Err(unfit
                .iter()
                .map(|key| format!("{key} does not fit the merged project"))
                .collect());
        }
        for key in unfit {
            if !conflicts.iter().any(|c| c.key == key) {
                conflicts.push(Conflict {
                    mine: mine.get(&key).cloned(),
                    theirs: theirs.get(&key).cloned(),
                    key,
                });
            }
        }
    }
}
