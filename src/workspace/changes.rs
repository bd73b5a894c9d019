//! What changed since a revision: each change's reach, kept for the last few hundred
//! revisions, so that what is worked out from the project (the review's differences, the
//! suggestions' forms) is worked out again only for what a change reached. Older than
//! that, or across another project opened, everything counts as changed.

use std::collections::VecDeque;

use crate::edit::Reach;

/// Changes this far back are kept; a cache older than that starts afresh.
const KEPT: usize = 512;

#[derive(Debug, Default)]
pub struct Changes {
    /// (the revision a change made, what it reached), oldest first.
    log: VecDeque<(u64, Reach)>,
    /// The earliest revision the log can answer from: what came before is not known.
    from: u64,
}

impl Changes {
    /// Writes down that the change making `revision` reached `reach`.
    pub fn record(&mut self, revision: u64, reach: Reach) {
        if self.log.len() == KEPT
            && let Some((dropped, _)) = self.log.pop_front()
        {
            self.from = dropped;
        }
        self.log.push_back((revision, reach));
    }

    /// Forgets every change: from `revision` on, the project is another one.
    pub fn start_afresh(&mut self, revision: u64) {
        self.log.clear();
        self.from = revision;
    }

    /// What the changes after `revision` reached, everything when it is not known.
    pub fn since(&self, revision: u64) -> Reach {
        if revision < self.from {
            return Reach::everything();
        }
        let mut reach = Reach::default();
        for (_, r) in self.log.iter().filter(|(at, _)| *at > revision) {
            reach.add(r.clone());
            if reach.everything {
                break;
            }
        }
        reach
    }
}
