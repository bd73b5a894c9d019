//! Where each record of a merged project stands: in this side's order, with what only the
//! other side has placed after the record it follows there, so that a tag they added
//! second in the tag set stays second and a document they added between two stays there.

use std::collections::{HashMap, HashSet};

use crate::model::{Record, RecordKey};

/// This side's keys in its order, each key only the other side has right after the key it
/// follows there (first, when it leads). Linear in both sides.
pub(super) fn interleave(
    ours: &[(RecordKey, Record)],
    theirs: &[(RecordKey, Record)],
    ours_has: &HashMap<RecordKey, Record>,
) -> Vec<RecordKey> {
    let mut leading = Vec::new();
    let mut after: HashMap<&RecordKey, Vec<&RecordKey>> = HashMap::new();
    let mut last_shared = None;
    for (key, _) in theirs {
        if ours_has.contains_key(key) {
            last_shared = Some(key);
        } else if let Some(shared) = last_shared {
            after.entry(shared).or_default().push(key);
        } else {
            leading.push(key);
        }
    }
    let mut keys: Vec<RecordKey> = leading.into_iter().cloned().collect();
    keys.reserve(ours.len() + after.values().map(Vec::len).sum::<usize>());
    for (key, _) in ours {
        keys.push(key.clone());
        if let Some(next) = after.get(key) {
            keys.extend(next.iter().map(|&k| k.clone()));
        }
    }
    keys
}

/// Moves the records from `from` on (brought back at the end) to where they stood in the
/// first of `orders` that has them: after the nearest record before them there that the
/// merged project has. Few records come back, so each is placed by a search.
pub(super) fn put_back_in_place(
    merged: &mut Vec<(RecordKey, Record)>,
    from: usize,
    orders: &[&[(RecordKey, Record)]],
) {
    let brought: Vec<(RecordKey, Record)> = merged.split_off(from);
    let mut present: HashSet<RecordKey> = merged.iter().map(|(k, _)| k.clone()).collect();
    for (key, record) in brought {
        let before = orders.iter().find_map(|order| {
            let at = order.iter().position(|(k, _)| *k == key)?;
            Some(
                order[..at]
                    .iter()
                    .rev()
                    .find(|(k, _)| present.contains(k))
                    .map(|(k, _)| k.clone()),
            )
        });
        let at = match before {
            Some(Some(previous)) => merged
                .iter()
                .position(|(k, _)| *k == previous)
                .map_or(merged.len(), |at| at + 1),
            // First where it stood; nowhere known: last.
            Some(None) => 0,
            None => merged.len(),
        };
        present.insert(key.clone());
        merged.insert(at, (key, record));
    }
}
