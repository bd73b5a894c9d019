//! The taggers behind the suggestions, one per layer: trained on the current layer on a
//! worker thread (never on the window's thread), first when the layer has
//! [`RETRAIN_EVERY`] annotations, then again whenever it has that many more or fewer than
//! at its last training, or the tags were renamed, added or removed. The suggestions keep
//! the tagger they have meanwhile; a coder switching layers finds each layer's kept.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use super::changes::Changes;
use crate::model::Project;
use crate::model::suggest::{RETRAIN_EVERY, Tagger, TrainingSet};

/// What a worker calls when it is done, so that the window draws what it found (the
/// window gives one that asks for a frame; without a window nothing is woken).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

type Request = (String, Arc<Project>);

/// Each layer's latest tagger and the worker that trains the next.
#[derive(Default)]
pub(super) struct Training {
    taggers: BTreeMap<String, Arc<Tagger>>,
    /// Counts the taggers received: the suggestions are found again with each.
    generation: u64,
    /// Per layer, what its last training was asked on: its number of annotations and
    /// the tags' names.
    asked: BTreeMap<String, (usize, Vec<String>)>,
    /// A training under way.
    pending: bool,
    /// The number of annotations in a layer at a revision, counted once per revision.
    counted: Option<(u64, String, usize)>,
    worker: Option<(Sender<Request>, Receiver<Tagger>)>,
    /// The worker has the project (taking its coding).
    holding: Arc<AtomicBool>,
}

impl Training {
    /// The tagger for `layer`, if one has been trained on it.
    pub(super) fn tagger(&self, layer: &str) -> Option<&Arc<Tagger>> {
        self.taggers.get(layer)
    }

    pub(super) fn generation(&self) -> u64 {
        self.generation
    }

    pub(super) fn pending(&self) -> bool {
        self.pending
    }

    /// Takes a finished tagger and asks for the next when the layer's coding has moved
    /// on enough; true when a new tagger came.
    pub(super) fn refresh(
        &mut self,
        project: &Arc<Project>,
        layer: &str,
        revision: u64,
        changes: &Changes,
        waker: &Arc<std::sync::Mutex<Option<Waker>>>,
    ) -> bool {
        let mut came = false;
        let answer = self.worker.as_ref().map(|(_, r)| r.try_recv());
        match answer {
            Some(Ok(tagger)) => {
                self.pending = false;
                self.taggers
                    .insert(tagger.layer().to_owned(), Arc::new(tagger));
                self.generation += 1;
                came = true;
            }
            Some(Err(TryRecvError::Disconnected)) => {
                // The worker is gone (it panicked): start afresh rather than wait for ever.
                self.worker = None;
                self.pending = false;
                self.holding.store(false, Ordering::Release);
            }
            _ => {}
        }
        if self.pending {
            return came;
        }
        // Asked every frame: the tags are compared in place, copied only for a training.
        let count = self.count(project, layer, revision, changes);
        let names = || project.tags().tags.iter().map(|t| t.name.as_str());
        let due = match self.asked.get(layer) {
            Some((then, then_tags)) => {
                count.abs_diff(*then) >= RETRAIN_EVERY
                    || (count > 0 && then_tags.iter().map(String::as_str).ne(names()))
            }
            None => count >= RETRAIN_EVERY,
        };
        if due {
            let holding = Arc::clone(&self.holding);
            let waker = Arc::clone(waker);
            let (ask, _) = self.worker.get_or_insert_with(|| worker(waker, holding));
            self.holding.store(true, Ordering::Release);
            if ask.send((layer.to_owned(), Arc::clone(project))).is_ok() {
                let tags = names().map(str::to_owned).collect();
                self.asked.insert(layer.to_owned(), (count, tags));
                self.pending = true;
            } else {
                self.holding.store(false, Ordering::Release);
            }
        }
        came
    }

    fn count(&mut self, project: &Project, layer: &str, revision: u64, changes: &Changes) -> usize {
        if let Some((at, counted_layer, count)) = &mut self.counted
            && counted_layer == layer
            && (*at == revision || !changes.since(*at).touches_layer(layer))
        {
            // Counted again only when the layer changed: a corpus has 200,000 to count.
            *at = revision;
            return *count;
        }
        let count = project
            .annotations()
            .iter()
            .filter(|a| a.layer == layer)
            .count();
        self.counted = Some((revision, layer.to_owned(), count));
        count
    }

    /// Whether the worker still has the project.
    pub(super) fn holding(&self) -> bool {
        self.holding.load(Ordering::Acquire)
    }
}

/// Calls the window's waker, if it has given one.
pub(super) fn wake(waker: &std::sync::Mutex<Option<Waker>>) {
    let wake = waker.lock().ok().and_then(|w| w.clone());
    if let Some(wake) = wake {
        wake();
    }
}

/// The thread that trains: it takes the coding, lets the project go, then learns.
fn worker(
    waker: Arc<std::sync::Mutex<Option<Waker>>>,
    holding: Arc<AtomicBool>,
) -> (Sender<Request>, Receiver<Tagger>) {
    let (ask, asked) = channel::<Request>();
    let (answer, answers) = channel::<Tagger>();
    std::thread::spawn(move || {
        while let Ok((layer, project)) = asked.recv() {
            let set = TrainingSet::gather(&project, &layer, None);
            drop(project);
            holding.store(false, Ordering::Release);
            if answer.send(set.train()).is_err() {
                return;
            }
            wake(&waker);
        }
    });
    (ask, answers)
}
