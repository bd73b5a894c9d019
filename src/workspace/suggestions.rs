//! The suggestions offered in the open document: computed from the project (on a worker
//! thread for a book-length text, which takes longer than a frame), kept until the
//! project, the document, the layer or the sources shown change, and walked with ] and [.
//! Accepting one is an ordinary annotation in the current layer, one undo step; rejecting
//! one remembers its form, so that it is not offered with that tag again.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::edit::{Command, SpanGroup};
use crate::model::suggest::{
    self, FormIndex, Learnt, Rejected, Source, Sources, Suggestion, Tagger,
};
use crate::model::{DocumentId, Project, counted};

use super::Workspace;
use super::changes::Changes;
use super::intent::{Effect, SuggestIntent};
use super::training::Training;

/// Documents up to this many characters get their suggestions at once; longer ones on a
/// worker thread, the window drawing meanwhile.
pub const AT_ONCE_CHARS: usize = 300_000;

/// What a list of suggestions was computed for.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    revision: u64,
    document: DocumentId,
    layer: String,
    sources: Sources,
    /// The tagger's generation (none while the tagger is not asked or not trained).
    tagger: Option<u64>,
}

/// The suggestion being looked at, by what it is (a list computed again keeps it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Looked {
    pub document: DocumentId,
    pub start: usize,
    pub end: usize,
    pub tag: String,
}

/// "Accept 12 suggestions of “Russia” as actor?", waiting for an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptAll {
    pub form: String,
    pub tag: String,
    pub count: usize,
    pub documents: usize,
}

pub use super::training::Waker;

/// A request to the worker, and what it sends back.
type Request = (Key, Arc<Project>, Option<Arc<Tagger>>, Arc<FormIndex>);
type Found = (Key, Vec<Suggestion>);

/// The open document's suggestions, and the worker that finds a long document's.
#[derive(Default)]
pub struct Offered {
    key: Option<Key>,
    list: Vec<Suggestion>,
    /// What the worker was last asked for, until it answers.
    requested: Option<Key>,
    worker: Option<(Sender<Request>, Receiver<Found>)>,
    /// Read by the worker each time it answers: the window gives it after the worker may
    /// have started.
    waker: Arc<std::sync::Mutex<Option<Waker>>>,
    /// The list is a long document's, found by the worker.
    long: bool,
    /// Counts the lists shown, so that what is drawn from one is drawn again only then.
    generation: u64,
    /// The worker has the project (a request waiting, or what it needs being taken).
    holding: Arc<AtomicBool>,
    /// The tagger, trained on its own worker.
    training: Training,
}

impl Offered {
    /// Brings the list up to `key` (none: nothing is offered); true when it changed.
    fn refresh(
        &mut self,
        project: &Arc<Project>,
        key: Option<Key>,
        forms: impl FnOnce() -> Arc<FormIndex>,
    ) -> bool {
        // The tagger's generation is part of the key: a new tagger, new suggestions.
        let changed = self.brought_up_to(project, key, forms);
        if changed {
            self.generation += 1;
        }
        changed
    }

    fn brought_up_to(
        &mut self,
        project: &Arc<Project>,
        key: Option<Key>,
        forms: impl FnOnce() -> Arc<FormIndex>,
    ) -> bool {
        let Some(key) = key else {
            let had = !self.list.is_empty();
            // A search under way stays asked for: its answer is read (and dropped) later.
            self.key = None;
            self.list.clear();
            return had;
        };
        let mut changed = false;
        // The worker's answer: shown unless what is shown is of a later project (an edit
        // made from the list may have brought that up to date meanwhile).
        let answer = self.worker.as_ref().map(|(_, r)| r.try_recv());
        if let Some(Err(std::sync::mpsc::TryRecvError::Disconnected)) = answer {
            // The worker is gone (it panicked): start afresh rather than wait for ever.
            self.worker = None;
            self.requested = None;
            self.holding.store(false, Ordering::Release);
        }
        if let Some(Ok((found_for, list))) = answer {
            self.requested = None;
            let newer = self.key.as_ref().is_none_or(|k| {
                k.document != found_for.document
                    || k.layer != found_for.layer
                    || k.revision <= found_for.revision
            });
            if found_for.document == key.document && found_for.layer == key.layer && newer {
                self.list = list;
                self.key = Some(found_for);
                changed = true;
            }
        }
        if self.key.as_ref() == Some(&key) {
            return changed;
        }
        let chars = project
            .document(&key.document)
            .map_or(0, |d| d.text().char_len());
        self.long = chars > AT_ONCE_CHARS;
        let tagger = self.training.tagger(&key.layer).cloned();
        let forms = forms();
        if !self.long {
            self.list = offered(project, &key, tagger.as_deref(), &forms);
            self.key = Some(key);
            self.requested = None;
            return true;
        }
        // Another document's or layer's suggestions are not shown meanwhile; the same
        // document's stay until the new ones come.
        if self
            .key
            .as_ref()
            .is_some_and(|k| k.document != key.document || k.layer != key.layer)
        {
            self.list.clear();
            self.key = None;
            changed = true;
        }
        // One search at a time: the next is asked for when this one answers, so the
        // project is shared with the worker only while it takes what it needs.
        if self.requested.is_none() {
            let (waker, holding) = (Arc::clone(&self.waker), Arc::clone(&self.holding));
            let (ask, _) = self.worker.get_or_insert_with(|| worker(waker, holding));
            self.holding.store(true, Ordering::Release);
            if ask
                .send((key.clone(), Arc::clone(project), tagger, forms))
                .is_ok()
            {
                self.requested = Some(key);
            } else {
                self.holding.store(false, Ordering::Release);
            }
        }
        changed
    }

    /// Follows an edit made from a long document's list itself (accepting or rejecting
    /// suggestions): those it settled are taken out and the rest stay as they are (their
    /// scores as before the edit), for the project as it now is, so that walking a book's
    /// suggestions needs no new search per key. A short document's are found again.
    fn follow(&mut self, now: Option<Key>, settled: impl Fn(&Suggestion) -> bool) {
        if !self.long || self.key.is_none() {
            return;
        }
        self.list.retain(|s| !settled(s));
        self.key = now;
        self.generation += 1;
    }
}

/// The forms the coder's layer has tagged, kept from change to change: a change counts
/// again the documents it reached only (a corpus's hundred thousand forms take longer to
/// count than a frame).
#[derive(Default)]
pub struct Forms {
    /// The index and the revision it is of.
    made: Option<(u64, Arc<FormIndex>)>,
}

impl Forms {
    /// The index of `layer`'s forms in the project as it is at `revision`.
    fn of(
        &mut self,
        project: &Project,
        layer: &str,
        revision: u64,
        changes: &Changes,
    ) -> Arc<FormIndex> {
        if let Some((at, index)) = self.made.as_mut()
            && index.layer() == layer
        {
            let reach = changes.since(*at);
            if !reach.everything && index.has_tags_of(project) {
                let documents = reach.documents_of(&[layer]);
                if !documents.is_empty() || reach.rejections {
                    // The worker may still hold the index: then it is copied.
                    Arc::make_mut(index).update(project, &documents, reach.rejections);
                }
                *at = revision;
                return Arc::clone(index);
            }
        }
        let index = Arc::new(FormIndex::build(project, layer));
        self.made = Some((revision, Arc::clone(&index)));
        index
    }

    /// The index of `layer` if it is of `revision`.
    fn current(&self, layer: &str, revision: u64) -> Option<Arc<FormIndex>> {
        self.made
            .as_ref()
            .filter(|(at, index)| *at == revision && index.layer() == layer)
            .map(|(_, index)| Arc::clone(index))
    }
}

/// The thread that finds long documents' suggestions: it takes the latest request only
/// (what the coder did meanwhile made the others stale), so edits in a row cost one
/// search, not one each.
fn worker(
    waker: Arc<std::sync::Mutex<Option<Waker>>>,
    holding: Arc<AtomicBool>,
) -> (Sender<Request>, Receiver<Found>) {
    let (ask, asked) = channel::<Request>();
    let (answer, answers) = channel::<Found>();
    std::thread::spawn(move || {
        while let Ok(mut request) = asked.recv() {
            while let Ok(newer) = asked.try_recv() {
                request = newer;
            }
            let (key, project, tagger, index) = request;
            // Take what the search needs, then let the project go: the window's next
            // edit changes it in place instead of copying it.
            let prepared = suggest::prepare(&project, &key.document, &key.layer, key.sources);
            drop(project);
            holding.store(false, Ordering::Release);
            let learnt = Learnt {
                forms: &index,
                tagger: tagger.as_deref(),
            };
            let list = prepared.map_or_else(Vec::new, |p| p.find(learnt));
            drop(index);
            if answer.send((key, list)).is_err() {
                return;
            }
            super::training::wake(&waker);
        }
    });
    (ask, answers)
}

fn offered(
    project: &Project,
    key: &Key,
    tagger: Option<&Tagger>,
    index: &FormIndex,
) -> Vec<Suggestion> {
    let learnt = Learnt {
        forms: index,
        tagger,
    };
    suggest::suggest(project, learnt, &key.document, key.sources)
}

impl Offered {
    /// Another project opened in this one's place: its layers' tagger is not this one's.
    pub(super) fn forget_tagger(&mut self) {
        self.training = Training::default();
    }

    /// Waits (a few milliseconds, at most a fifth of a second) for the workers to let the
    /// project go before it is changed: copying a book's project costs more time and
    /// memory than the wait.
    pub(super) fn let_go(&self) {
        let started = std::time::Instant::now();
        while (self.holding.load(Ordering::Acquire) || self.training.holding())
            && started.elapsed() < std::time::Duration::from_millis(200)
        {
            std::thread::yield_now();
        }
    }
}

impl Workspace {
    /// Given by the window: called when suggestions found on a worker thread are ready.
    pub fn set_waker(&mut self, waker: Waker) {
        if let Ok(mut slot) = self.offered.waker.lock() {
            *slot = Some(waker);
        }
    }

    /// The open document's suggestions, sorted by where they start.
    pub fn suggestions(&self) -> &[Suggestion] {
        &self.offered.list
    }

    /// Changes whenever [`Self::suggestions`] does.
    pub fn suggestions_generation(&self) -> u64 {
        self.offered.generation
    }

    /// The suggestions are being computed again (a long document).
    pub fn suggestions_pending(&self) -> bool {
        self.offered.requested.is_some()
    }

    /// The suggestion being looked at, and where it is in [`Self::suggestions`].
    pub fn looked_at(&self) -> Option<(usize, &Suggestion)> {
        let looked = self.view.suggestion.as_ref()?;
        // Asked every frame while walking a book's hundreds of thousands: the list is
        // sorted by start, so only the few starting there are looked at. Of the document
        // it was looked at in: another article may have one just there.
        let list = &self.offered.list;
        let first = list.partition_point(|s| s.start < looked.start);
        list[first..]
            .iter()
            .take_while(|s| s.start == looked.start)
            .position(|s| {
                s.document == looked.document
                    && (s.end, &*s.tag) == (looked.end, looked.tag.as_str())
            })
            .map(|at| (first + at, &list[first + at]))
    }

    fn suggestion_key(&self) -> Option<Key> {
        let sources = self.view.suggest;
        if !sources.any() {
            return None;
        }
        let layer = self.view.layer.clone();
        let training = &self.offered.training;
        let tagger =
            (sources.tagger && training.tagger(&layer).is_some()).then(|| training.generation());
        let mut key = Key {
            revision: self.revision,
            document: self.view.document.clone()?,
            layer,
            sources,
            tagger,
        };
        // What the suggestions are made of is the coder's layer (its forms anywhere, its
        // annotations here), the rejections and the document's labels (its publication
        // date): a change elsewhere (a review decision copying a span into the reviewed
        // layer) leaves them as they are.
        if let Some(shown) = self.offered.key.as_ref()
            && (Key {
                revision: shown.revision,
                ..key.clone()
            }) == *shown
        {
            let reach = self.changes.since(shown.revision);
            if !reach.touches_layer(&key.layer)
                && !reach.rejections
                && !reach.labelled.contains(&key.document)
            {
                key.revision = shown.revision;
            }
        }
        Some(key)
    }

    /// The tagger suggesting in the current layer: how many annotations it learnt from
    /// (none before it is trained), and whether it is being trained again.
    pub fn tagger_state(&self) -> (Option<usize>, bool) {
        let training = &self.offered.training;
        (
            training.tagger(&self.view.layer).map(|t| t.learnt_from()),
            // Its answer is read only while the tagger is shown.
            training.pending() && self.view.suggest.tagger,
        )
    }

    /// Keeps the suggestions up to date; true when they changed (the window redraws).
    pub(super) fn refresh_suggestions(&mut self) -> bool {
        if self.view.suggest.tagger {
            let offered = &mut self.offered;
            offered.training.refresh(
                &self.project,
                &self.view.layer,
                self.revision,
                &self.changes,
                &offered.waker,
            );
        }
        let key = self.suggestion_key();
        let (forms, project, changes) = (&mut self.forms, &self.project, &self.changes);
        let (layer, revision) = (&self.view.layer, self.revision);
        self.offered
            .refresh(project, key, || forms.of(project, layer, revision, changes))
    }

    /// Whether the list shown is the one for the project as it is now.
    fn suggestions_fresh(&self) -> bool {
        self.offered.key.is_some() && self.offered.key == self.suggestion_key()
    }

    pub(super) fn suggest_intent(&mut self, intent: SuggestIntent, effects: &mut Vec<Effect>) {
        match intent {
            SuggestIntent::Show { source, shown } => {
                match source {
                    Source::Forms => self.view.suggest.forms = shown,
                    Source::Dates => self.view.suggest.dates = shown,
                    Source::Tagger => self.view.suggest.tagger = shown,
                }
                if !shown {
                    self.view.suggestion = None;
                }
            }
            SuggestIntent::Toggle(source) => {
                let shown = self.view.suggest.has(source);
                self.suggest_intent(
                    SuggestIntent::Show {
                        source,
                        shown: !shown,
                    },
                    effects,
                );
            }
            SuggestIntent::Next { forward } => self.next_suggestion(forward, effects),
            SuggestIntent::Jump(at) => self.look_at(at, effects),
            SuggestIntent::Accept => self.accept_suggestion(effects),
            SuggestIntent::Reject => self.reject_suggestion(effects),
            SuggestIntent::AskAcceptAll => self.ask_accept_all(),
            SuggestIntent::AcceptAll => self.accept_all(),
            SuggestIntent::Dismiss => {
                if self.view.accept_all.take().is_none() {
                    self.view.suggestion = None;
                }
            }
        }
    }

    fn look_at(&mut self, at: usize, effects: &mut Vec<Effect>) {
        let Some(s) = self.offered.list.get(at) else {
            return;
        };
        self.view.suggestion = Some(Looked {
            document: s.document.clone(),
            start: s.start,
            end: s.end,
            tag: s.tag.to_string(),
        });
        // The keys act on the suggestion now, not on a selection.
        self.view.selection = None;
        self.view.selected = None;
        effects.push(Effect::Reveal(s.start));
    }

    fn next_suggestion(&mut self, forward: bool, effects: &mut Vec<Effect>) {
        let list = &self.offered.list;
        if list.is_empty() {
            self.report = Some(if self.suggestions_pending() {
                "Suggestions are still being found in this document…".to_owned()
            } else {
                "No suggestions in this document.".to_owned()
            });
            return;
        }
        let here = match (self.looked_at(), self.view.selection, self.view.selected) {
            (Some((at, _)), _, _) => Place::At(at),
            (None, Some(selection), _) => Place::Offset(selection.head.min(selection.anchor)),
            (None, None, Some(id)) => {
                Place::Offset(self.project.annotation(id).map_or(0, |a| a.start))
            }
            (None, None, None) => Place::Offset(0),
        };
        let count = list.len();
        let at = match (here, forward) {
            (Place::At(at), true) => (at + 1) % count,
            (Place::At(at), false) => (at + count - 1) % count,
            (Place::Offset(offset), true) => {
                list.iter().position(|s| s.start >= offset).unwrap_or(0)
            }
            (Place::Offset(offset), false) => list
                .iter()
                .rposition(|s| s.start < offset)
                .unwrap_or(count - 1),
        };
        self.look_at(at, effects);
    }

    /// The suggestion being looked at, if the list is the project's as it is now (while a
    /// long document's are found again, acting on an old list could tag a span twice).
    fn current_suggestion(&mut self) -> Option<(usize, Suggestion)> {
        if !self.suggestions_fresh() {
            if self.view.suggestion.is_some() {
                self.report =
                    Some("Suggestions are being found again; try in a moment.".to_owned());
            }
            return None;
        }
        self.looked_at().map(|(at, s)| (at, s.clone()))
    }

    fn accept_suggestion(&mut self, effects: &mut Vec<Effect>) {
        let Some((at, s)) = self.current_suggestion() else {
            return;
        };
        let next = self.offered.list.get(at + 1).cloned();
        if self.change(accepting(&self.view.layer, &[&s])) {
            let now = self.suggestion_key();
            // It and any suggestion of its tag it overlaps are settled.
            self.offered.follow(now, |o| {
                o.tag == s.tag && o.start < s.end && s.start < o.end
            });
            self.view.last_tag = Some(s.tag.to_string());
            self.move_on_to(next, effects);
        }
    }

    fn reject_suggestion(&mut self, effects: &mut Vec<Effect>) {
        let Some((at, s)) = self.current_suggestion() else {
            return;
        };
        // Every place of the form goes with it: move on to the next of another form.
        let next = self.offered.list[at + 1..]
            .iter()
            .find(|n| (&n.form, &n.tag) != (&s.form, &s.tag))
            .cloned();
        let rejected = Rejected {
            layer: self.view.layer.clone(),
            form: s.form.to_string(),
            tag: s.tag.to_string(),
        };
        if self.change(Command::Reject(rejected)) {
            let now = self.suggestion_key();
            self.offered
                .follow(now, |o| (&o.form, &o.tag) == (&s.form, &s.tag));
            self.move_on_to(next, effects);
        }
    }

    fn move_on_to(&mut self, next: Option<Suggestion>, effects: &mut Vec<Effect>) {
        self.view.suggestion = next.map(|n| {
            effects.push(Effect::Reveal(n.start));
            Looked {
                document: n.document.clone(),
                start: n.start,
                end: n.end,
                tag: n.tag.to_string(),
            }
        });
    }

    /// Every suggestion in the project of the form and tag being looked at.
    fn like_the_current(&self) -> Option<(Suggestion, Vec<Suggestion>)> {
        let (_, s) = self.looked_at()?;
        let index = self
            .forms
            .current(&self.view.layer, self.revision)
            .unwrap_or_else(|| Arc::new(FormIndex::build(&self.project, &self.view.layer)));
        let learnt = Learnt {
            forms: &index,
            tagger: (self.view.suggest.tagger)
                .then(|| self.offered.training.tagger(&self.view.layer))
                .flatten()
                .map(|t| &**t),
        };
        let open = self.view.document.as_ref();
        let like =
            |other: &Suggestion| other.tag == s.tag && suggest::same_form(&other.form, &s.form);
        let mut alike = Vec::new();
        for d in self.project.documents() {
            // The open document's are at hand (a book's take seconds to find again).
            if Some(&d.id) == open {
                alike.extend(self.offered.list.iter().filter(|o| like(o)).cloned());
            } else {
                let found = suggest::suggest(&self.project, learnt, &d.id, self.view.suggest);
                alike.extend(found.into_iter().filter(|o| like(o)));
            }
        }
        Some((s.clone(), alike))
    }

    fn ask_accept_all(&mut self) {
        if !self.suggestions_fresh() {
            return;
        }
        let Some((s, alike)) = self.like_the_current() else {
            return;
        };
        let mut documents: Vec<&DocumentId> = alike.iter().map(|a| &a.document).collect();
        documents.dedup();
        self.view.accept_all = Some(AcceptAll {
            documents: documents.len(),
            count: alike.len(),
            form: s.form.to_string(),
            tag: s.tag.to_string(),
        });
    }

    fn accept_all(&mut self) {
        let Some(asked) = self.view.accept_all.take() else {
            return;
        };
        let Some((_, alike)) = self.like_the_current() else {
            return;
        };
        let all: Vec<&Suggestion> = alike.iter().collect();
        if all.is_empty() {
            return;
        }
        if self.change(accepting(&self.view.layer, &all)) {
            let now = self.suggestion_key();
            self.offered.follow(now, |o| {
                (&*o.form, &*o.tag) == (asked.form.as_str(), asked.tag.as_str())
            });
            self.view.last_tag = Some(asked.tag.clone());
            self.view.suggestion = None;
            self.report = Some(format!(
                "Accepted {} of “{}” as {}.",
                counted(all.len(), "suggestion"),
                asked.form,
                asked.tag
            ));
        }
    }
}

/// Where the walk starts from.
enum Place {
    At(usize),
    Offset(usize),
}

/// Tags `suggestions` in `layer`, each with its values, as one undo step.
fn accepting(layer: &str, suggestions: &[&Suggestion]) -> Command {
    let mut groups: Vec<SpanGroup> = Vec::new();
    for s in suggestions {
        let fits = groups
            .last()
            .is_some_and(|g| g.document == s.document && *g.tag == *s.tag);
        if !fits {
            groups.push(SpanGroup {
                document: s.document.clone(),
                layer: layer.to_owned(),
                tag: s.tag.to_string(),
                spans: Vec::new(),
                notes: Vec::new(),
                pieces: Vec::new(),
                attributes: Vec::new(),
            });
        }
        let group = groups.last_mut().expect("just pushed");
        group.spans.push((s.start, s.end));
        group.attributes.push(s.attributes.clone());
    }
    Command::AnnotateGroups(groups)
}
