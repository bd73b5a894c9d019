//! The app without a window: the open project, its file, its undo history, the view a
//! researcher would call theirs, the search bar, the review and background jobs.
//!
//! [`Workspace::apply`] takes what the researcher asked for (an [`Intent`]) and returns what
//! the window must do about it (an [`Effect`]: ask for a file, ask to save first, close,
//! scroll). Every change to the project goes through [`Workspace::change`], so every change
//! is one undo step; the note being typed is saved in one place, before any intent that
//! moves on from it. No egui and no native dialogs: tests, `annotary bench` and the CLI
//! drive it directly.

mod caret;
mod changes;
mod coding;
pub mod conflicts;
mod editing;
mod file_intents;
pub mod files;
pub mod imports;
pub mod intent;
mod jobs;
pub mod journal;
mod layers;
mod navigation;
pub mod path_completion;
pub mod review;
pub mod search;
pub mod suggestions;
mod training;
pub mod view;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::edit::{Command, EditError, History};
use crate::model::{Document, Project, now};

use changes::Changes;
pub use intent::{
    Answer, CaretMotion, CodeIntent, EditIntent, Effect, FileIntent, FileRequest, FindIntent,
    Intent, Pending, Pick, Purpose, Recovery, ReviewIntent, RowMotion, SuggestIntent, ViewIntent,
};
use jobs::Job;
pub use jobs::LARGE_BYTES;
use journal::Journal;
use review::ReviewState;
use search::Search;
use view::View;

pub struct Workspace {
    /// Shared with a background save while one runs; a change copies it only then.
    project: Arc<Project>,
    path: Option<PathBuf>,
    history: History,
    /// Bumped on every change to the project, so caches know when to rebuild.
    revision: u64,
    /// What each recent change reached, so caches rebuild only that.
    changes: Changes,
    view: View,
    search: Option<Search>,
    review: Option<ReviewState>,
    /// Messages for the error bar, each naming its file, until dismissed.
    errors: Vec<String>,
    /// What in the open project does not fit its schema or names what is gone (it opened
    /// anyway): listed until mended.
    problems: Vec<String>,
    /// What the last import, export or comparison did, until dismissed.
    report: Option<String>,
    /// An import worked out and shown, waiting for "Import / Cancel", with the revision
    /// of the project it was worked out on.
    import: Option<(imports::ImportPlan, u64)>,
    /// A large project being opened, saved or exported on a worker thread.
    job: Option<Job>,
    /// What to carry out once the background save succeeds.
    after_save: Option<Pending>,
    /// The window was asked to close while a job ran: close once it is done.
    close_after_job: bool,
    /// Counts the projects opened (or started), so the window knows when to start afresh.
    opened: u64,
    /// Every change since the last save, beside the project file (none without a file).
    journal: Option<Journal>,
    /// A journal found on opening, waiting for "Recover / Discard".
    found: Option<journal::Found>,
    /// How many journal records the background save under way includes.
    journal_saving: usize,
    /// The open document's suggestions.
    offered: suggestions::Offered,
    /// The forms the coder's layer has tagged, for the suggestions.
    forms: suggestions::Forms,
}

impl Workspace {
    /// A workspace on an already loaded project; `path` is where Save writes.
    pub fn new(project: Project, path: Option<PathBuf>) -> Self {
        let problems = open_problems(&project);
        Self {
            view: View::opening(&project),
            project: Arc::new(project),
            path,
            history: History::default(),
            revision: 0,
            changes: Changes::default(),
            search: None,
            review: None,
            errors: Vec::new(),
            problems,
            report: None,
            import: None,
            job: None,
            after_save: None,
            close_after_job: false,
            opened: 0,
            journal: None,
            found: None,
            journal_saving: 0,
            offered: suggestions::Offered::default(),
            forms: suggestions::Forms::default(),
        }
        .with_journal()
    }

    /// Starts the journal of a project that has a file.
    fn with_journal(mut self) -> Self {
        self.journal = self.path.as_deref().map(Journal::new);
        self
    }

    /// A new, empty project whose first layer is named after the person at the computer.
    pub fn untitled() -> Project {
        Project::new("Untitled project", &annotator_name())
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Counts the projects opened in this workspace: another project, another count.
    pub fn opened(&self) -> u64 {
        self.opened
    }

    /// Counts changes to the project: caches of what is drawn follow it.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn view(&self) -> &View {
        &self.view
    }

    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    pub fn review(&self) -> Option<&ReviewState> {
        self.review.as_ref()
    }

    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    /// The open project's coding problems: relations, attributes, fragments or labels
    /// that do not fit, and review decisions about what is gone.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// What the last import, export or comparison did and could not carry over.
    pub fn report(&self) -> Option<&str> {
        self.report.as_deref()
    }

    /// The import waiting for "Import / Cancel": what it would do.
    pub fn import_preview(&self) -> Option<&imports::ImportPlan> {
        self.import.as_ref().map(|(plan, _)| plan)
    }

    pub fn has_unsaved_changes(&self) -> bool {
        self.history.has_unsaved_changes()
    }

    /// The open document.
    pub fn document(&self) -> Option<&Document> {
        self.view
            .document
            .as_ref()
            .and_then(|d| self.project.document(d))
    }

    /// The window title: project name, file, and `*` while there are unsaved changes.
    pub fn title(&self) -> String {
        let file = self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || "not saved".to_owned(),
            |f| f.to_string_lossy().into_owned(),
        );
        let star = if self.has_unsaved_changes() { "*" } else { "" };
        format!("{star}{} ({file}) — Annotary", self.project.title)
    }

    /// What the worker is doing, for the status bar: "Saving demo.ron (1.2 s)".
    pub fn busy(&self) -> Option<String> {
        self.job.as_ref().map(|job| {
            format!(
                "{} ({:.1} s)",
                job.doing,
                job.started.elapsed().as_secs_f32()
            )
        })
    }

    /// The share of the worker's job done, for jobs that can tell (exports).
    pub fn busy_fraction(&self) -> Option<f32> {
        let progress = self.job.as_ref()?.progress.as_ref()?;
        Some(progress.fraction())
    }

    /// A project is being opened, saved or exported on a worker thread.
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// A project is being opened: it is about to be replaced, so nothing may change.
    pub fn is_opening(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.opening)
    }

    /// Carries out what the researcher asked for; returns what the window must do.
    pub fn apply(&mut self, intent: impl Into<Intent>) -> Vec<Effect> {
        let intent = intent.into();
        let mut effects = Vec::new();
        if self.is_opening() && intent != Intent::File(FileIntent::Close) {
            return effects;
        }
        if !keeps_note_draft(&intent) {
            self.save_note();
        }
        if let Intent::View(
            ViewIntent::SelectText { .. }
            | ViewIntent::SelectAnnotation { .. }
            | ViewIntent::OpenDocument(_),
        ) = &intent
        {
            // A selection of the coder's own: the keys act on it, not on a suggestion.
            self.view.suggestion = None;
        }
        match intent {
            Intent::File(intent) => self.file(intent, &mut effects),
            Intent::Edit(intent) => self.edit(intent),
            Intent::View(intent) => self.navigate(intent, &mut effects),
            Intent::Find(intent) => self.find(intent, &mut effects),
            Intent::Review(intent) => self.review_intent(intent, &mut effects),
            Intent::Code(intent) => self.code(intent, &mut effects),
            Intent::Suggest(intent) => self.suggest_intent(intent, &mut effects),
        }
        self.refresh();
        effects
    }

    /// What happens without the researcher: a background job that finished, suggestions
    /// found on a worker thread.
    pub fn tick(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        self.refresh_suggestions();
        if self.review.as_mut().is_some_and(|r| r.take_worked_out()) {
            // A report came (or its worker died and it is to be worked out in place).
            self.refresh();
        }
        if let Some(finished) = self.job.as_ref().and_then(Job::poll) {
            self.job = None;
            self.job_done(finished, &mut effects);
            self.refresh();
        }
        effects
    }

    /// Applies a change through the history; a refused change is shown, never half-done.
    /// Every change is written to the journal before it is shown.
    fn change(&mut self, command: Command) -> bool {
        let at = now();
        let line = self
            .journal
            .is_some()
            .then(|| Journal::line(&command, at, &command.describe()));
        // The suggestions' worker is let finish taking what it needs: copying a book's
        // project costs more than the wait (a save under way still shares it: copied).
        self.offered.let_go();
        match self
            .history
            .apply(Arc::make_mut(&mut self.project), command, at)
        {
            Ok(()) => {
                if let Some(line) = line {
                    self.journal_record(line);
                }
                self.after_change();
                true
            }
            Err(EditError::Nothing) => false,
            Err(error) => {
                self.errors.push(error.to_string());
                false
            }
        }
    }

    /// Writes a change (as made into a line by `Journal::line`) to the journal; a journal
    /// that cannot be written is said once.
    fn journal_record(&mut self, line: std::io::Result<String>) {
        if let Some(found) = self.found.take() {
            // Changes made without answering the offer: the old journal is kept aside.
            let aside = journal::set_aside(&found.path);
            self.errors.push(format!(
                "The unsaved changes found on opening were kept in {}.",
                aside.display()
            ));
        }
        let Some(journal) = self.journal.as_mut() else {
            return;
        };
        if let Err(error) = line.and_then(|line| journal.record_line(line)) {
            self.errors.push(format!(
                "{}: changes cannot be kept for recovery ({error}); save often.",
                journal.path().display()
            ));
            self.journal = None;
        }
    }

    fn after_change(&mut self) {
        self.after_reaching(self.history.reached().clone());
    }

    /// A new revision, whose changes reached `reach`.
    fn after_reaching(&mut self, reach: crate::edit::Reach) {
        self.revision += 1;
        self.changes.record(self.revision, reach);
        self.view.follow(&self.project);
    }

    /// Saves the note being typed as one undoable change: the one place it is saved.
    fn save_note(&mut self) {
        if let Some((id, note)) = self.view.note_draft.take() {
            self.change(Command::SetNote { id, note });
        }
    }

    fn replace_project(&mut self, project: Project, path: Option<PathBuf>) {
        if !self.has_unsaved_changes()
            && let Some(journal) = self.journal.as_mut()
        {
            // The project left equals its file (saved, discarded, or changed and changed back).
            journal.discard();
        }
        self.journal = path.as_deref().map(Journal::new);
        self.found = None;
        self.view = View::opening(&project);
        self.project = Arc::new(project);
        self.path = path;
        self.history = History::default();
        self.review = None;
        // An import worked out on the project that left is not applied to this one.
        self.import = None;
        self.offered.forget_tagger();
        self.revision += 1;
        self.changes.start_afresh(self.revision);
        self.opened += 1;
        self.problems = open_problems(&self.project);
    }

    /// Brings what is derived from the project (search matches, the review's differences)
    /// up to date, so the window only reads.
    fn refresh(&mut self) {
        let document = self.view.document.clone();
        if let Some(search) = self.search.as_mut() {
            search.refresh(&self.project, document.as_ref());
        }
        if let Some(review) = self.review.as_mut() {
            review.refresh(
                &self.project,
                self.revision,
                &self.changes,
                document.as_ref(),
            );
        }
        self.refresh_suggestions();
        // Edits never add a problem, so the list is looked at again only while it has some.
        if !self.problems.is_empty() {
            self.problems = open_problems(&self.project);
        }
    }
}

/// What a project that opened still has wrong.
fn open_problems(project: &Project) -> Vec<String> {
    let mut problems = project.coding_problems();
    problems.extend(project.decision_problems());
    problems
}

/// Intents that leave the note being typed as it is: typing it, giving it the keyboard,
/// scrolling, dismissing messages, and deleting its annotation (which drops it).
fn keeps_note_draft(intent: &Intent) -> bool {
    matches!(
        intent,
        Intent::Edit(EditIntent::TypeNote(_) | EditIntent::DeleteAnnotation)
            | Intent::View(
                ViewIntent::FocusNote
                    | ViewIntent::ScrollTo(_)
                    | ViewIntent::DismissError(_)
                    | ViewIntent::DismissReport
            )
    )
}

/// Who is annotating, for a new project's first layer.
fn annotator_name() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "me".to_owned())
}
