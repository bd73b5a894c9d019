//! Keeping both sides' new annotations and links apart before a merge: an id each side
//! gave to something new is given afresh on the other side, with everything there that
//! refers to it (links, review decisions, conflicts), so that both coders' work is kept.

use std::collections::{BTreeSet, HashMap};

use crate::model::{
    About, AnnotationId, Conflict, DecisionKey, Project, Record, RecordKey, RelationId,
};

/// The other side's records and conflicts with its clashing ids renumbered, and how many
/// ids were. Annotations and links share one sequence of ids, so an annotation there and
/// a link here with one id clash too.
pub(super) fn apart(
    base: Option<&Project>,
    ours: &Project,
    theirs: &Project,
) -> (Vec<(RecordKey, Record)>, Vec<Conflict>, usize) {
    let base_ids = base
        .map(|base| ids(&base.keyed_records()))
        .unwrap_or_default();
    let ours_records: HashMap<RecordKey, Record> = ours.keyed_records().into_iter().collect();
    // Ids held only in a conflict's versions are taken too: keeping one must not clash.
    let ours_ids: BTreeSet<u64> = ours_records
        .keys()
        .filter_map(id_of)
        .chain(conflict_ids(ours))
        .collect();
    let theirs_records = theirs.keyed_records();
    let new_there = |id: &u64| !base_ids.contains(id) && ours_ids.contains(id);
    let mut clashing: BTreeSet<u64> = conflict_ids(theirs).filter(new_there).collect();
    // A record the same on both sides keeps its id, unless what it names is renumbered
    // (the same link between spans that are not the same): repeat until nothing changes.
    loop {
        let more: Vec<u64> = theirs_records
            .iter()
            .filter_map(|(key, record)| {
                let id = id_of(key)?;
                let the_same_here = ours_records.get(key).is_some_and(|mine| {
                    mine.says_the_same(record) && !names_any(record, &clashing)
                });
                (new_there(&id) && !the_same_here && !clashing.contains(&id)).then_some(id)
            })
            .collect();
        if more.is_empty() {
            break;
        }
        clashing.extend(more);
    }
    let first_free = [base, Some(ours), Some(theirs)]
        .into_iter()
        .flatten()
        .map(|p| p.next_annotation_id().0)
        .max()
        .unwrap_or(1);
    let fresh: HashMap<u64, u64> = clashing
        .iter()
        .enumerate()
        .map(|(n, id)| (*id, first_free + n as u64))
        .collect();
    let renumber = |id: u64| fresh.get(&id).copied().unwrap_or(id);
    let records = crate::model::keyed(
        theirs_records
            .into_iter()
            .map(|(_, record)| renumbered(record, &renumber))
            .collect(),
    );
    let conflicts = theirs
        .conflicts()
        .iter()
        .map(|c| Conflict {
            key: renumbered_key(&c.key, &renumber),
            mine: c.mine.clone().map(|r| renumbered(r, &renumber)),
            theirs: c.theirs.clone().map(|r| renumbered(r, &renumber)),
        })
        .collect();
    (records, conflicts, fresh.len())
}

/// The ids of annotations and links among `records`.
fn ids(records: &[(RecordKey, Record)]) -> BTreeSet<u64> {
    records.iter().filter_map(|(key, _)| id_of(key)).collect()
}

fn id_of(key: &RecordKey) -> Option<u64> {
    match key {
        RecordKey::Annotation(id) => Some(id.0),
        RecordKey::Relation(id) => Some(id.0),
        _ => None,
    }
}

/// `record` with every annotation and link id it holds passed through `renumber`.
fn renumbered(record: Record, renumber: &impl Fn(u64) -> u64) -> Record {
    let annotation = |id: AnnotationId| AnnotationId(renumber(id.0));
    let link = |id: RelationId| RelationId(renumber(id.0));
    match record {
        Record::Annotation(mut a) => {
            a.id = annotation(a.id);
            Record::Annotation(a)
        }
        Record::Relation(mut r) => {
            r.id = link(r.id);
            r.from = annotation(r.from);
            r.to = annotation(r.to);
            Record::Relation(r)
        }
        Record::Decision(mut d) => {
            d.mine = d.mine.map(annotation);
            d.theirs = d.theirs.map(annotation);
            d.about = renumbered_about(d.about, &link);
            Record::Decision(d)
        }
        other => other,
    }
}

fn renumbered_about(about: About, link: &impl Fn(RelationId) -> RelationId) -> About {
    match about {
        About::Link { mine, theirs } => About::Link {
            mine: mine.map(link),
            theirs: theirs.map(link),
        },
        other => other,
    }
}

fn renumbered_key(key: &RecordKey, renumber: &impl Fn(u64) -> u64) -> RecordKey {
    match key {
        RecordKey::Annotation(id) => RecordKey::Annotation(AnnotationId(renumber(id.0))),
        RecordKey::Relation(id) => RecordKey::Relation(RelationId(renumber(id.0))),
        RecordKey::Decision(d) => RecordKey::Decision(DecisionKey {
            mine: d.mine.map(|id| AnnotationId(renumber(id.0))),
            theirs: d.theirs.map(|id| AnnotationId(renumber(id.0))),
            about: renumbered_about(d.about.clone(), &|id| RelationId(renumber(id.0))),
            ..d.clone()
        }),
        other => other.clone(),
    }
}

/// The annotation and link ids a project's conflicts hold in their versions.
fn conflict_ids(project: &Project) -> impl Iterator<Item = u64> + '_ {
    project
        .conflicts()
        .iter()
        .flat_map(|c| [&c.mine, &c.theirs])
        .flatten()
        .filter_map(|record| id_of(&record.key()))
}

/// Whether `record` names one of `ids` (a link's ends).
fn names_any(record: &Record, ids: &BTreeSet<u64>) -> bool {
    match record {
        Record::Relation(r) => ids.contains(&r.from.0) || ids.contains(&r.to.0),
        _ => false,
    }
}
