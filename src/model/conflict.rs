//! A merge conflict: a record two coders changed in different ways, with both versions,
//! kept in the project until someone chooses one.

use serde::{Deserialize, Serialize};

use super::{Project, Record, RecordKey};

/// One record both sides of a merge changed differently (or one changed and the other
/// deleted). The project holds one of the two versions meanwhile (normally mine).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub key: RecordKey,
    /// This side's version (`None`: this side deleted it).
    pub mine: Option<Record>,
    /// The other side's version (`None`: they deleted it).
    pub theirs: Option<Record>,
}

impl Conflict {
    /// The version kept by choosing mine (`true`) or theirs.
    pub fn version(&self, mine: bool) -> Option<&Record> {
        if mine {
            self.mine.as_ref()
        } else {
            self.theirs.as_ref()
        }
    }
}

impl Project {
    /// The merge conflicts nobody has settled yet, oldest first.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// The same project with these merge conflicts (as a project file holds them).
    pub fn with_conflicts(mut self, conflicts: Vec<Conflict>) -> Self {
        self.conflicts = conflicts;
        self
    }

    /// "merge conflict N: …" for each conflict not settled, and for a version whose key
    /// is not the conflict's (a file edited by hand).
    pub fn conflict_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (n, conflict) in self.conflicts.iter().enumerate() {
            let misnamed = [&conflict.mine, &conflict.theirs]
                .into_iter()
                .flatten()
                .any(|r| !r.fits(&conflict.key));
            problems.push(if misnamed {
                format!(
                    "merge conflict {}: a version is not of {}",
                    n + 1,
                    conflict.key
                )
            } else {
                format!(
                    "merge conflict {}: {} was changed on both sides and is not settled (keep mine or theirs in the window)",
                    n + 1,
                    conflict.key
                )
            });
        }
        problems
    }

    pub(crate) fn conflicts_mut(&mut self) -> &mut Vec<Conflict> {
        &mut self.conflicts
    }
}
