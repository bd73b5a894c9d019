//! The eframe app: owns the open project and its history, draws the panels, and carries
//! out the events they emit at the end of each frame.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Key, Modifiers, ViewportCommand};

use crate::edit::{Command, EditError, History};
use crate::formats::export::{self, ExportFormat, Selection};
use crate::formats::{
    brat, csv_table, import, jsonl, labelstudio, plain_text, project_file, w3c, xmi,
};
use crate::model::{AnnotationId, DocumentId, Project, now};

use super::actions::Action;
use super::background::{self, Finished, Job};
use super::dialogs::{Dialogs, Pending};
use super::document_view::RowMotion;
use super::document_view::{DocumentView, Page};
use super::events::{AppEvent, Motion};
use super::review_panel::{ReviewEvent, ReviewUi, review_panel};
use super::search_panel::{Search, search_panel};
use super::state::ViewState;
use super::{agreement_window, demo, panels};

const SETTINGS_KEY: &str = "annotary-settings";

/// Remembered between runs (through eframe's storage).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct Settings {
    last_project: Option<PathBuf>,
}

pub struct AnnotaryApp {
    /// Shared with a background save while one runs; edits copy it only then.
    project: Arc<Project>,
    path: Option<PathBuf>,
    history: History,
    /// Bumped on every change to the project, so caches know when to rebuild.
    revision: u64,
    pub(crate) view: ViewState,
    pub(crate) document_view: DocumentView,
    pub(crate) dialogs: Dialogs,
    errors: Vec<String>,
    events: Vec<AppEvent>,
    /// The search bar, while open.
    search: Option<Search>,
    /// A large project being opened or saved on a worker thread.
    job: Option<Job>,
    /// What to do once the background save succeeds (answering "save changes?").
    after_save: Option<Pending>,
    /// The window was asked to close while a job ran: close once it is done.
    close_after_job: bool,
    shown_title: String,
    /// Set once the researcher chose Save or Discard, so the next close goes through.
    allow_close: bool,
    /// The review panel, while open.
    review: Option<ReviewUi>,
    /// The right-hand side (theirs) of the side-by-side review, scrolled with the left.
    theirs_view: DocumentView,
    /// Where both sides of the side-by-side review were scrolled to last frame.
    synced_top: Option<f32>,
}

impl AnnotaryApp {
    /// The app as the window starts it: the project named on the command line, else the
    /// last one opened, else the researcher's own copy of the demo project.
    pub fn new(cc: &eframe::CreationContext<'_>, project: Option<PathBuf>) -> Self {
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
            .unwrap_or_default();
        let remembered = settings.last_project.filter(|p| p.exists());
        let mut app = Self::with_project(Project::new("Untitled project", &annotator_name()), None);
        match project.or(remembered).or_else(demo::user_copy) {
            Some(path) => app.open(&path),
            None => app.replace_project(demo::embedded_demo(), None),
        }
        app
    }

    /// An app on an already loaded project; `path` is where Save writes.
    pub fn with_project(project: Project, path: Option<PathBuf>) -> Self {
        let mut app = Self {
            project: Arc::new(Project::default()),
            path: None,
            history: History::default(),
            revision: 0,
            view: ViewState::default(),
            document_view: DocumentView::default(),
            dialogs: Dialogs::default(),
            errors: Vec::new(),
            events: Vec::new(),
            search: None,
            job: None,
            after_save: None,
            close_after_job: false,
            shown_title: String::new(),
            allow_close: false,
            review: None,
            theirs_view: DocumentView::default(),
            synced_top: None,
        };
        app.replace_project(project, path);
        app
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn has_unsaved_changes(&self) -> bool {
        self.history.has_unsaved_changes()
    }

    pub fn selected_annotation(&self) -> Option<AnnotationId> {
        self.view.selected
    }

    /// The text selection as an ordered, non-empty range of code points.
    pub fn selection(&self) -> Option<(usize, usize)> {
        self.view.selected_range()
    }

    pub fn current_document(&self) -> Option<&DocumentId> {
        self.view.document.as_ref()
    }

    /// Messages shown in the window's error bar.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    /// The open search bar, for the bench to type into.
    pub(crate) fn search_mut(&mut self) -> Option<&mut Search> {
        self.search.as_mut()
    }

    /// Queues what a panel would emit; it is carried out at the end of the next frame.
    pub fn queue(&mut self, event: AppEvent) {
        self.events.push(event);
    }

    /// Where a character of the open document was drawn in the last frame.
    pub fn char_rect(&self, offset: usize) -> Option<egui::Rect> {
        self.document_view.char_rect(offset)
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

    /// Imports annotations from `paths` (without a dialog) into `layer`, as one undo step,
    /// and shows what came in and what could not.
    pub fn import_from(&mut self, format: &str, paths: &[PathBuf], layer: &str) {
        let mut read = import::Read::default();
        for path in paths {
            let more = match format {
                "brat" => brat::read(path),
                "jsonl" => jsonl::read(path),
                "labelstudio" => labelstudio::read(path),
                "csv" => csv_table::read(path),
                "w3c" => w3c::read(path, &self.project),
                "xmi" => xmi::read(path),
                other => {
                    self.errors.push(format!("Cannot import {other} files yet"));
                    return;
                }
            };
            read.documents.extend(more.documents);
            read.problems.extend(more.problems);
        }
        let (command, report) = import::merge(&self.project, read, layer);
        self.commit_note();
        if self.edit(command) {
            self.view.layer = layer.to_owned();
        }
        let mut lines = vec![format!(
            "Imported {} annotations into layer “{layer}”: {} documents matched, {} added.",
            report.annotations, report.documents_matched, report.documents_added
        )];
        if !report.tags_added.is_empty() {
            lines.push(format!("New tags: {}.", report.tags_added.join(", ")));
        }
        lines.extend(report.notes.iter().cloned());
        for problem in report.problems.iter().take(50) {
            lines.push(format!("Not imported: {problem}"));
        }
        if report.problems.len() > 50 {
            lines.push(format!(
                "… and {} more not imported.",
                report.problems.len() - 50
            ));
        }
        self.dialogs.report = Some(lines.join("\n"));
    }

    /// Exports to `path` (without a dialog) and shows what was written and any warnings.
    pub fn export_to(&mut self, format: ExportFormat, layer: Option<String>, path: &Path) {
        let selection = Selection {
            layer,
            documents: None,
        };
        if background::is_large_project(&self.project) && self.job.is_none() {
            self.job = Some(Job::export(
                Arc::clone(&self.project),
                format,
                path.to_owned(),
                selection,
            ));
            return;
        }
        let result = export::export(&self.project, format, path, &selection);
        self.exported(path, format, result);
    }

    /// Shows what an export wrote and could not carry over, or why it failed.
    fn exported(
        &mut self,
        path: &Path,
        format: ExportFormat,
        result: Result<export::Exported, export::ExportError>,
    ) {
        match result {
            Ok(exported) => {
                let mut report = format!(
                    "Wrote {} annotations from {} documents to {} ({format}).",
                    exported.annotations,
                    exported.documents,
                    path.display()
                );
                for warning in exported.warnings {
                    report.push_str("\nNote: ");
                    report.push_str(&warning);
                }
                self.dialogs.report = Some(report);
            }
            Err(error) => self.errors.push(format!("Could not export: {error}")),
        }
    }

    /// Saves to `path` (without a dialog) and makes it the project's file.
    pub fn save_to(&mut self, path: &Path) -> bool {
        self.commit_note();
        match project_file::save(&self.project, path) {
            Ok(()) => {
                self.path = Some(path.to_owned());
                self.history.mark_saved();
                true
            }
            Err(error) => {
                self.errors.push(format!("Could not save: {error}"));
                false
            }
        }
    }

    fn replace_project(&mut self, project: Project, path: Option<PathBuf>) {
        self.view = ViewState {
            document: project.documents().first().map(|d| d.id.clone()),
            layer: project
                .layers()
                .first()
                .map(|l| l.name.clone())
                .unwrap_or_default(),
            ..ViewState::default()
        };
        self.project = Arc::new(project);
        self.path = path;
        self.history = History::default();
        self.review = None;
        self.document_view.reset();
        self.revision += 1;
    }

    fn open(&mut self, path: &Path) {
        if self.job.is_some() {
            return;
        }
        if background::is_large_file(path) {
            self.job = Some(Job::open(path.to_owned()));
            return;
        }
        match project_file::load(path) {
            Ok(project) => self.replace_project(project, Some(path.to_owned())),
            Err(error) => self.errors.push(format!("Could not open: {error}")),
        }
    }

    /// Saves to `path`, in the background for a large project; `then` runs once it is saved.
    fn write(&mut self, path: PathBuf, then: Option<Pending>) {
        self.commit_note();
        if self.job.is_some() {
            return;
        }
        if background::is_large_project(&self.project) {
            self.job = Some(Job::save(
                Arc::clone(&self.project),
                path,
                self.history.state(),
            ));
            self.after_save = then;
        } else if self.save_to(&path)
            && let Some(pending) = then
        {
            self.carry_out(pending);
        }
    }

    /// Takes in what a finished background job did.
    fn job_done(&mut self, finished: Result<Finished, String>) {
        let succeeded = match finished {
            Ok(Finished::Opened(path, Ok(project))) => {
                self.replace_project(project, Some(path));
                true
            }
            Ok(Finished::Opened(_, Err(error))) => {
                self.errors.push(format!("Could not open: {error}"));
                false
            }
            Ok(Finished::Saved(path, state, Ok(()))) => {
                self.path = Some(path);
                self.history.mark_saved_state(state);
                if let Some(pending) = self.after_save.take() {
                    self.carry_out(pending);
                }
                true
            }
            Ok(Finished::Exported(path, format, result)) => {
                let succeeded = result.is_ok();
                self.exported(&path, format, result);
                succeeded
            }
            Ok(Finished::Saved(_, _, Err(error))) => {
                self.errors.push(format!("Could not save: {error}"));
                false
            }
            Err(message) => {
                self.errors.push(message);
                false
            }
        };
        self.after_save = None;
        if std::mem::take(&mut self.close_after_job) && succeeded {
            self.dialogs.close_requested = !self.has_unsaved_changes();
            if self.has_unsaved_changes() {
                self.dialogs.unsaved = Some(Pending::Quit);
            }
        }
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

    /// The layers hidden from the text, and the underline colours given to layers.
    pub fn layer_display(
        &self,
    ) -> (
        &std::collections::BTreeSet<String>,
        &std::collections::BTreeMap<String, egui::Color32>,
    ) {
        (&self.view.hidden_layers, &self.view.layer_colours)
    }

    /// How far each side of the side-by-side review was scrolled in the last frame.
    pub fn side_by_side_scroll(&self) -> (Option<f32>, Option<f32>) {
        (self.document_view.scrolled(), self.theirs_view.scrolled())
    }

    /// The review panel's state, while it is open.
    pub fn review(&self) -> Option<&ReviewUi> {
        self.review.as_ref()
    }

    /// Opens the review panel comparing `mine` with `theirs`.
    pub fn start_review(&mut self, mine: &str, theirs: &str) {
        self.review = Some(ReviewUi::new(mine, theirs));
    }

    /// Brings a colleague's project in (without a dialog): their layers join this one as
    /// one undo step, the review panel opens on my layer against theirs, and a report says
    /// what was matched, re-anchored or left out.
    pub fn compare_with(&mut self, path: &Path) {
        let theirs = match project_file::load(path) {
            Ok(theirs) => theirs,
            Err(error) => {
                self.errors.push(format!("Could not compare: {error}"));
                return;
            }
        };
        let from = path.file_stem().map_or_else(
            || "colleague".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        let (command, brought) = crate::review::compare::bring(&self.project, &theirs, &from);
        self.commit_note();
        self.edit(command);
        let mut lines = vec![format!(
            "Brought {} annotations in {} layers from {}: {} documents matched, {} annotations re-anchored.",
            brought.annotations,
            brought.layers.len(),
            path.display(),
            brought.documents_matched,
            brought.reanchored
        )];
        for (theirs, ours) in &brought.layers {
            if theirs != ours {
                lines.push(format!("Their layer “{theirs}” is “{ours}” here."));
            }
        }
        if !brought.tags_added.is_empty() {
            lines.push(format!("New tags: {}.", brought.tags_added.join(", ")));
        }
        lines.extend(brought.notes.iter().cloned());
        lines.extend(brought.problems.iter().map(|p| format!("Not brought: {p}")));
        self.dialogs.report = Some(lines.join("\n"));
        // Review against the first of their layers that holds annotations.
        let used = |name: &str| self.project.annotations().iter().any(|a| a.layer == name);
        let theirs = brought
            .layers
            .iter()
            .map(|(_, ours)| ours)
            .find(|name| used(name))
            .or_else(|| brought.layers.first().map(|(_, ours)| ours))
            .cloned();
        if let Some(theirs) = theirs {
            let mine = self.view.layer.clone();
            self.start_review(&mine, &theirs);
        }
    }

    /// Writes the agreement report of the layers under review as HTML or CSV.
    pub fn export_agreement(&mut self, path: &Path, html: bool) {
        let Some(review) = self.review.as_mut() else {
            return;
        };
        // An export is always of the project as it is now.
        if review.agreement_stale(self.revision) {
            review.refresh_agreement();
        }
        let report = review.agreement(&self.project, self.revision);
        let text = if html {
            crate::formats::agreement_report::html(report, &self.project.title)
        } else {
            crate::formats::agreement_report::csv(report)
        };
        if let Err(error) = std::fs::write(path, text) {
            self.errors
                .push(format!("Could not write {}: {error}", path.display()));
        }
    }

    /// Carries out what the review panel asked for.
    fn review_event(&mut self, event: ReviewEvent) {
        let Some(state) = self.review.as_mut() else {
            return;
        };
        match event {
            ReviewEvent::Settle(choice) => {
                let Some(difference) = state
                    .current
                    .and_then(|i| state.difference(&self.project, self.revision, i))
                else {
                    return;
                };
                let review = state.review.clone();
                let edited = self.project.next_annotation_id();
                match review.settle(&self.project, &difference, choice, now()) {
                    Some(command) => {
                        self.commit_note();
                        if !self.edit(command) {
                            return;
                        }
                        if choice == crate::model::Choice::Edited {
                            // The copy is selected: Shift+arrows resize it, tag keys retag it.
                            self.events.push(AppEvent::SelectAnnotation {
                                id: edited,
                                scroll: true,
                            });
                        } else {
                            self.review_event(ReviewEvent::Skip { forward: true });
                        }
                    }
                    None => self.errors.push(format!(
                        "This {} has no annotation to accept that way.",
                        difference.kind.label()
                    )),
                }
            }
            ReviewEvent::Skip { forward } => {
                let next =
                    state.next_unsettled(&self.project, self.revision, state.current, forward);
                state.current = next;
                if let Some(difference) =
                    next.and_then(|i| state.difference(&self.project, self.revision, i))
                {
                    self.show_difference(difference.mine.or(difference.theirs));
                }
            }
            ReviewEvent::AcceptAgreements => {
                let review = state.review.clone();
                if let Some(command) = review.accept_agreements(&self.project, now()) {
                    self.commit_note();
                    self.edit(command);
                }
            }
            ReviewEvent::Jump(i) => {
                state.current = Some(i);
                if let Some(difference) = state.difference(&self.project, self.revision, i) {
                    self.show_difference(difference.mine.or(difference.theirs));
                }
            }
            ReviewEvent::OpenReport => {
                if state.agreement_stale(self.revision) {
                    state.refresh_agreement();
                }
                state.report_open = true;
            }
            ReviewEvent::RecomputeAgreement => state.refresh_agreement(),
            ReviewEvent::AllLayers(all) => {
                state.all_layers = all;
                state.refresh_agreement();
            }
            ReviewEvent::Close => self.review = None,
        }
    }

    fn show_difference(&mut self, id: Option<AnnotationId>) {
        if let Some(id) = id {
            self.events
                .push(AppEvent::SelectAnnotation { id, scroll: true });
        }
    }

    /// The share of the worker's job done, for jobs that can tell (exports).
    pub fn busy_fraction(&self) -> Option<f32> {
        let progress = self.job.as_ref()?.progress.as_ref()?;
        Some(progress.fraction())
    }

    /// Applies a change through the history; a refused change is shown, never half-done.
    fn edit(&mut self, command: Command) -> bool {
        match self
            .history
            .apply(Arc::make_mut(&mut self.project), command, now())
        {
            Ok(()) => {
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

    /// Keeps the view pointing at things that still exist after a change, undo or redo.
    fn after_change(&mut self) {
        self.revision += 1;
        if let Some(id) = self.view.selected
            && self.project.annotation(id).is_none()
        {
            self.view.selected = None;
        }
        let document_exists = self
            .view
            .document
            .as_ref()
            .is_some_and(|d| self.project.document(d).is_some());
        if !document_exists {
            self.view.document = self.project.documents().first().map(|d| d.id.clone());
            self.view.selection = None;
        }
    }

    /// Saves a note being typed as one undoable change.
    fn commit_note(&mut self) {
        if let Some((id, note)) = self.view.note_draft.take() {
            self.edit(Command::SetNote { id, note });
        }
    }

    fn selected_document(&self) -> Option<&crate::model::Document> {
        self.view
            .document
            .as_ref()
            .and_then(|d| self.project.document(d))
    }

    fn run_event(&mut self, ctx: &egui::Context, event: AppEvent) {
        match event {
            AppEvent::Action(action) => self.run_action(ctx, action),
            AppEvent::Edit(command) => {
                self.commit_note();
                self.edit(command);
            }
            AppEvent::Tag(tag) => self.tag(tag),
            AppEvent::SelectDocument(id) => {
                self.commit_note();
                if self.view.document.as_ref() != Some(&id) {
                    self.view.document = Some(id);
                    self.view.selection = None;
                    self.view.selected = None;
                }
            }
            AppEvent::SelectAnnotation { id, scroll } => {
                self.commit_note();
                if let Some(annotation) = self.project.annotation(id) {
                    if self.view.document.as_ref() != Some(&annotation.document) {
                        self.view.document = Some(annotation.document.clone());
                    }
                    if scroll {
                        self.document_view.scroll_to = Some(annotation.start);
                    }
                    self.view.selected = Some(id);
                    self.view.selection = None;
                }
            }
            AppEvent::SelectText(start, end) => {
                self.commit_note();
                self.view.selection = Some((start, end));
                self.view.selected = None;
            }
            AppEvent::ScrollTo(offset) => self.document_view.scroll_to = Some(offset),
            AppEvent::NudgeBoundary { start, forward } => self.nudge(start, forward),
            AppEvent::MoveCaret { motion, extend } => self.move_caret(motion, extend),
            AppEvent::JumpTo {
                document,
                start,
                end,
            } => {
                self.commit_note();
                if self.project.document(&document).is_some() {
                    self.view.document = Some(document);
                    self.view.selection = Some((start, end));
                    self.view.selected = None;
                    self.document_view.scroll_to = Some(start);
                }
            }
            AppEvent::AnnotateMatches => self.annotate_matches(),
            AppEvent::ImportAnnotations { format, layer } => {
                let chosen: Vec<PathBuf> = if format == "brat" {
                    rfd::FileDialog::new().pick_folder().into_iter().collect()
                } else {
                    rfd::FileDialog::new().pick_files().unwrap_or_default()
                };
                if !chosen.is_empty() {
                    self.import_from(&format, &chosen, &layer);
                }
            }
            AppEvent::Export { format, layer } => {
                let stem = file_stem_for(&self.project.title);
                let chosen = if format.writes_folder() {
                    rfd::FileDialog::new()
                        .set_title("Export into folder")
                        .pick_folder()
                        .map(|folder| folder.join(format!("{stem}-{format}")))
                } else {
                    rfd::FileDialog::new()
                        .set_file_name(format!("{stem}.{}", extension(format)))
                        .save_file()
                };
                if let Some(path) = chosen {
                    self.export_to(format, layer, &path);
                }
            }
            AppEvent::CloseSearch => self.search = None,
            AppEvent::NextAnnotation { forward } => self.next_annotation(forward),
            AppEvent::FocusNote => self.view.focus_note = self.view.selected.is_some(),
            AppEvent::ImportPaths(paths) => self.import(&paths),
            AppEvent::SetLayer(layer) => self.view.layer = layer,
            AppEvent::Review(event) => self.review_event(event),
            AppEvent::ExportAgreement { html } => {
                let name = if html {
                    "agreement.html"
                } else {
                    "agreement.csv"
                };
                if let Some(path) = rfd::FileDialog::new().set_file_name(name).save_file() {
                    self.export_agreement(&path, html);
                }
            }
            AppEvent::DismissError(index) => {
                if index < self.errors.len() {
                    self.errors.remove(index);
                }
            }
        }
        let _ = ctx;
    }

    fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::NewProject => self.guard(Pending::New),
            Action::OpenProject => self.guard(Pending::Open(None)),
            Action::Save => self.save(None),
            Action::SaveAs => self.save_as(None),
            Action::ImportText => {
                if let Some(paths) = rfd::FileDialog::new()
                    .add_filter("Text or HTML", plain_text::EXTENSIONS)
                    .pick_files()
                {
                    self.import(&paths);
                }
            }
            Action::RenameProject => self.dialogs.start_rename_project(&self.project.title),
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Action::Undo => self.step_history(false),
            Action::Redo => self.step_history(true),
            Action::DeleteAnnotation => {
                if let Some(id) = self.view.selected {
                    self.view.note_draft = None;
                    self.edit(Command::Delete(id));
                }
            }
            Action::ClearSelection => {
                self.commit_note();
                self.view.selection = None;
                self.view.selected = None;
            }
            Action::ToggleWordSnapping => self.view.snap_to_words = !self.view.snap_to_words,
            Action::EditTags => self.dialogs.start_tag_editor(self.project.tags()),
            Action::NextDocument | Action::PreviousDocument => {
                let documents = self.project.documents();
                let current = self
                    .view
                    .document
                    .as_ref()
                    .and_then(|d| documents.iter().position(|x| &x.id == d));
                let next = match (current, action == Action::NextDocument) {
                    (Some(i), true) => (i + 1).min(documents.len().saturating_sub(1)),
                    (Some(i), false) => i.saturating_sub(1),
                    (None, _) => 0,
                };
                if let Some(document) = documents.get(next) {
                    let id = document.id.clone();
                    self.run_event(ctx, AppEvent::SelectDocument(id));
                }
            }
            Action::ShowShortcuts => self.dialogs.shortcuts_open = true,
            Action::CommandPalette => self.dialogs.start_palette(),
            Action::Export => self.dialogs.start_export(),
            Action::ImportAnnotations => {
                let suggested = if self.project.layers().len() == 1 {
                    "colleague"
                } else {
                    "imported"
                };
                self.dialogs.start_import(suggested);
            }
            Action::Find | Action::FindInProject => {
                let everywhere = action == Action::FindInProject;
                match self.search.as_mut() {
                    Some(search) => {
                        search.everywhere = everywhere;
                        search.focus_field = true;
                    }
                    None => {
                        let tag = self.project.tags().tags.first().map(|t| t.name.clone());
                        let mut search = Search::open(everywhere, &tag.unwrap_or_default());
                        // Start from the selected text, as editors do.
                        if let (Some((start, end)), Some(document)) =
                            (self.view.selected_range(), self.selected_document())
                        {
                            search.query.text = document.text().slice(start, end).to_owned();
                        }
                        self.search = Some(search);
                    }
                }
            }
            Action::About => self.dialogs.about_open = true,
            Action::CompareWithColleague => {
                if let Some(path) = rfd::FileDialog::new()
                    .add_filter("Annotary project", &["ron"])
                    .pick_file()
                {
                    self.compare_with(&path);
                }
            }
            Action::ShowReview => {
                if self.review.is_some() {
                    self.review = None;
                } else {
                    self.open_review();
                }
            }
            Action::AgreementReport => {
                if self.review.is_none() {
                    self.open_review();
                }
                if let Some(review) = self.review.as_mut() {
                    review.report_open = true;
                }
            }
        }
    }

    /// Undoes (or redoes) one step, after saving a note being typed.
    fn step_history(&mut self, redo: bool) {
        self.commit_note();
        let project = Arc::make_mut(&mut self.project);
        let stepped = if redo {
            self.history.redo(project, now())
        } else {
            self.history.undo(project, now())
        };
        if stepped.is_some() {
            self.after_change();
        }
    }

    /// Tags the selection (trimmed of surrounding spaces) or retags the selected annotation.
    fn tag(&mut self, tag: String) {
        let Some(document) = self.selected_document() else {
            return;
        };
        if let Some((start, end)) = self.view.selected_range() {
            let text = document.text();
            let covered = text.slice(start, end);
            let lead = covered.chars().take_while(|c| c.is_whitespace()).count();
            let trail = covered
                .chars()
                .rev()
                .take_while(|c| c.is_whitespace())
                .count();
            if lead + trail >= end - start {
                return;
            }
            let (start, end) = (start + lead, end - trail);
            let id = self.project.next_annotation_id();
            let command = Command::Annotate {
                document: document.id.clone(),
                layer: self.view.layer.clone(),
                start,
                end,
                tag,
            };
            if self.edit(command) {
                self.view.selection = None;
                self.view.selected = Some(id);
            }
        } else if let Some(id) = self.view.selected {
            self.commit_note();
            self.edit(Command::Retag { id, tag });
        }
    }

    /// Tags the ticked search matches (skipping those already tagged) in one undo step.
    fn annotate_matches(&mut self) {
        let Some(search) = self.search.as_mut() else {
            return;
        };
        let (commands, added, skipped) = search.annotate_all(&self.project, &self.view.layer);
        let tag = search.tag.clone();
        let report = if skipped > 0 {
            format!("Tagged {added} as {tag}; {skipped} already were, skipped.")
        } else {
            format!("Tagged {added} as {tag}.")
        };
        search.report = Some(report);
        if !commands.is_empty() {
            self.commit_note();
            self.edit(Command::Batch(commands));
        }
    }

    /// Moves the caret (or extends the selection) by a character, word, row, page or to
    /// either end; a selected annotation is left from its nearer end.
    fn move_caret(&mut self, motion: Motion, extend: bool) {
        let Some(document) = self.selected_document() else {
            return;
        };
        let text = document.text();
        let backwards = matches!(
            motion,
            Motion::Left
                | Motion::WordLeft
                | Motion::DocumentStart
                | Motion::Rows(RowMotion::Up | RowMotion::PageUp | RowMotion::RowStart)
        );
        let selected = self
            .view
            .selected
            .and_then(|id| self.project.annotation(id));
        let (anchor, head) = match (self.view.selection, selected) {
            (Some(selection), _) => selection,
            (None, Some(a)) if extend => (a.start, a.end),
            (None, Some(a)) => {
                let at = if backwards { a.start } else { a.end };
                (at, at)
            }
            (None, None) => (0, 0),
        };
        let (low, high) = (anchor.min(head), anchor.max(head));
        let collapsing = !extend && low < high && matches!(motion, Motion::Left | Motion::Right);
        let new_head = if collapsing {
            // Left or Right on a selection lands on its edge, as in every text editor.
            if backwards { low } else { high }
        } else {
            match motion {
                Motion::Left => text.previous_grapheme(head),
                Motion::Right => text.next_grapheme(head),
                Motion::WordLeft => text.previous_word_start(head),
                Motion::WordRight => text.next_word_end(head),
                Motion::Rows(rows) => self.document_view.move_by_rows(text, head, rows),
                Motion::DocumentStart => 0,
                Motion::DocumentEnd => text.char_len(),
            }
        };
        self.commit_note();
        self.view.selection = Some(if extend {
            (anchor, new_head)
        } else {
            (new_head, new_head)
        });
        self.view.selected = None;
        self.document_view.reveal = Some(new_head);
    }

    /// Selects the annotation after (or before) the selected one or the caret, wrapping.
    fn next_annotation(&mut self, forward: bool) {
        let Some(document) = self.selected_document() else {
            return;
        };
        let annotations = self.project.annotations_in(&document.id);
        if annotations.is_empty() {
            return;
        }
        let key = |a: &crate::model::Annotation| (a.start, a.end, a.id);
        let here = match self
            .view
            .selected
            .and_then(|id| self.project.annotation(id))
        {
            Some(a) => key(a),
            None => {
                let caret = self.view.selection.map_or(0, |(_, head)| head);
                // Going forward, an annotation starting at the caret comes next.
                if forward {
                    (caret, 0, AnnotationId(0))
                } else {
                    (caret, usize::MAX, AnnotationId(u64::MAX))
                }
            }
        };
        let target = if forward {
            annotations
                .iter()
                .find(|a| key(a) > here)
                .unwrap_or(&annotations[0])
        } else {
            annotations
                .iter()
                .rev()
                .find(|a| key(a) < here)
                .unwrap_or(&annotations[annotations.len() - 1])
        };
        let (id, start) = (target.id, target.start);
        self.commit_note();
        self.view.selected = Some(id);
        self.view.selection = None;
        self.document_view.reveal = Some(start);
    }

    fn nudge(&mut self, start: bool, forward: bool) {
        let Some(annotation) = self
            .view
            .selected
            .and_then(|id| self.project.annotation(id))
        else {
            return;
        };
        let Some(document) = self.project.document(&annotation.document) else {
            return;
        };
        let text = document.text();
        let step = |offset: usize| {
            if forward {
                text.grapheme_ceil(offset + 1)
            } else {
                text.grapheme_floor(offset.saturating_sub(1))
            }
        };
        let (mut new_start, mut new_end) = (annotation.start, annotation.end);
        if start {
            new_start = step(new_start);
        } else {
            new_end = step(new_end);
        }
        if new_start < new_end {
            let id = annotation.id;
            self.commit_note();
            self.edit(Command::Resize {
                id,
                start: new_start,
                end: new_end,
            });
        }
    }

    fn import(&mut self, paths: &[PathBuf]) {
        let mut added = Vec::new();
        let mut scratch: Project = (*self.project).clone();
        for path in paths {
            let is_project = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
            if is_project {
                self.guard(Pending::Open(Some(path.clone())));
                return;
            }
            match plain_text::read_document(path, &scratch) {
                Ok(document) => {
                    let command = Command::AddDocument {
                        index: scratch.documents().len(),
                        document,
                    };
                    // Apply to a scratch copy too, so ids stay unique within one import.
                    if command.clone().apply(&mut scratch, now()).is_ok() {
                        added.push(command);
                    }
                }
                Err(error) => self.errors.push(format!("Could not import: {error}")),
            }
        }
        let first = added.first().and_then(|c| match c {
            Command::AddDocument { document, .. } => Some(document.id.clone()),
            _ => None,
        });
        if !added.is_empty() && self.edit(Command::Batch(added)) {
            self.view.document = first;
            self.view.selection = None;
            self.view.selected = None;
        }
    }

    fn save(&mut self, then: Option<Pending>) {
        match self.path.clone() {
            Some(path) => self.write(path, then),
            None => self.save_as(then),
        }
    }

    fn save_as(&mut self, then: Option<Pending>) {
        let suggested = format!("{}.ron", file_stem_for(&self.project.title));
        let dialog = rfd::FileDialog::new()
            .add_filter("Annotary project", &["ron"])
            .set_file_name(suggested);
        let dialog = match self.path.as_ref().and_then(|p| p.parent()) {
            Some(folder) => dialog.set_directory(folder),
            None => dialog,
        };
        if let Some(path) = dialog.save_file() {
            self.write(path, then);
        }
    }

    /// Runs `pending` now, or first asks Save / Discard / Cancel when work is unsaved.
    fn guard(&mut self, pending: Pending) {
        self.commit_note();
        if self.has_unsaved_changes() {
            self.dialogs.unsaved = Some(pending);
        } else {
            self.carry_out(pending);
        }
    }

    pub(crate) fn carry_out(&mut self, pending: Pending) {
        match pending {
            Pending::New => {
                self.replace_project(Project::new("Untitled project", &annotator_name()), None);
            }
            Pending::Open(Some(path)) => self.open(&path),
            Pending::Open(None) => {
                if let Some(path) = rfd::FileDialog::new()
                    .add_filter("Annotary project", &["ron"])
                    .pick_file()
                {
                    self.open(&path);
                }
            }
            Pending::Quit => {
                self.allow_close = true;
                self.dialogs.close_requested = true;
            }
        }
    }

    /// The Save / Discard / Cancel answer to the unsaved-changes question.
    pub(crate) fn answer_unsaved(&mut self, save: Option<bool>) {
        let Some(pending) = self.dialogs.unsaved.take() else {
            return;
        };
        match save {
            Some(true) => self.save(Some(pending)),
            None => {}
            Some(false) => {
                self.history.mark_saved();
                self.carry_out(pending);
            }
        }
    }

    fn handle_keys(&mut self, ctx: &egui::Context) {
        if self.job.as_ref().is_some_and(|j| j.opening) {
            return;
        }
        let typing = ctx.egui_wants_keyboard_input();
        for action in Action::ALL {
            if typing && !action.works_while_typing() {
                continue;
            }
            if ctx.input_mut(|i| action.shortcuts().iter().any(|s| i.consume_shortcut(s))) {
                self.events.push(AppEvent::Action(action));
            }
        }
        if typing {
            return;
        }
        self.review_keys(ctx);
        for tag in &self.project.tags().tags {
            let Some(key) = tag
                .hotkey
                .and_then(|h| Key::from_name(&h.to_uppercase().to_string()))
            else {
                continue;
            };
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
                self.events.push(AppEvent::Tag(tag.name.clone()));
            }
        }
        self.caret_keys(ctx);
    }

    /// Opens the review panel on the current layer against the next one, if there are two.
    fn open_review(&mut self) {
        let mine = self.view.layer.clone();
        match self.project.layers().iter().find(|l| l.name != mine) {
            Some(theirs) => {
                let theirs = theirs.name.clone();
                self.start_review(&mine, &theirs);
            }
            None => self.errors.push(
                "There is only one layer to review: use Review ▸ Compare with colleague's project… to bring another in."
                    .to_owned(),
            ),
        }
    }

    /// The review walk's keys, while a difference is under review: M accept mine, T theirs,
    /// B both, R reject both, E edit, N next, P previous.
    fn review_keys(&mut self, ctx: &egui::Context) {
        let Some(review) = &self.review else {
            return;
        };
        let walking = review.current.is_some();
        for (key, event) in [
            (Key::N, ReviewEvent::Skip { forward: true }),
            (Key::P, ReviewEvent::Skip { forward: false }),
            (Key::M, ReviewEvent::Settle(crate::model::Choice::Mine)),
            (Key::T, ReviewEvent::Settle(crate::model::Choice::Theirs)),
            (Key::B, ReviewEvent::Settle(crate::model::Choice::Both)),
            (Key::R, ReviewEvent::Settle(crate::model::Choice::Neither)),
            (Key::E, ReviewEvent::Settle(crate::model::Choice::Edited)),
        ] {
            let allowed = walking || matches!(event, ReviewEvent::Skip { .. });
            if allowed && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
                self.events.push(AppEvent::Review(event));
            }
        }
    }

    /// The keys of keyboard-only annotation: caret motion, selection, moving between
    /// annotations and their boundaries, the note.
    fn caret_keys(&mut self, ctx: &egui::Context) {
        let presses: Vec<(Key, Modifiers)> = ctx.input(|i| {
            i.events
                .iter()
                .filter_map(|e| match e {
                    egui::Event::Key {
                        key,
                        pressed: true,
                        modifiers,
                        ..
                    } => Some((*key, *modifiers)),
                    _ => None,
                })
                .collect()
        });
        let annotation_only = self.view.selected.is_some() && self.view.selected_range().is_none();
        for (key, modifiers) in presses {
            let (word, extend) = (modifiers.command, modifiers.shift);
            if modifiers.alt {
                continue;
            }
            let event = match key {
                Key::ArrowLeft | Key::ArrowRight => {
                    let forward = key == Key::ArrowRight;
                    if extend && annotation_only {
                        // Shift moves the selected annotation's end, Ctrl+Shift its start.
                        AppEvent::NudgeBoundary {
                            start: word,
                            forward,
                        }
                    } else {
                        let motion = match (forward, word) {
                            (false, false) => Motion::Left,
                            (true, false) => Motion::Right,
                            (false, true) => Motion::WordLeft,
                            (true, true) => Motion::WordRight,
                        };
                        AppEvent::MoveCaret { motion, extend }
                    }
                }
                Key::ArrowUp | Key::ArrowDown | Key::PageUp | Key::PageDown if !word => {
                    let rows = match key {
                        Key::ArrowUp => RowMotion::Up,
                        Key::ArrowDown => RowMotion::Down,
                        Key::PageUp => RowMotion::PageUp,
                        _ => RowMotion::PageDown,
                    };
                    AppEvent::MoveCaret {
                        motion: Motion::Rows(rows),
                        extend,
                    }
                }
                Key::Home | Key::End => {
                    let motion = match (key == Key::Home, word) {
                        (true, true) => Motion::DocumentStart,
                        (false, true) => Motion::DocumentEnd,
                        (true, false) => Motion::Rows(RowMotion::RowStart),
                        (false, false) => Motion::Rows(RowMotion::RowEnd),
                    };
                    AppEvent::MoveCaret { motion, extend }
                }
                Key::Tab if !word => AppEvent::NextAnnotation { forward: !extend },
                Key::Enter if modifiers.is_none() && self.view.selected.is_some() => {
                    AppEvent::FocusNote
                }
                _ => continue,
            };
            ctx.input_mut(|i| i.consume_key(modifiers, key));
            // egui already read Tab and the arrows as "move keyboard focus to the next
            // widget" before this frame's UI; these keys belong to the document.
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
            self.events.push(event);
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            self.events.push(AppEvent::ImportPaths(dropped));
        }
    }

    fn handle_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.job.is_some() {
            // Never quit half-way through writing a project.
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.close_after_job = true;
            return;
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            self.commit_note();
            if self.has_unsaved_changes() {
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                self.dialogs.unsaved = Some(Pending::Quit);
            }
        }
    }
}

impl eframe::App for AnnotaryApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let settings = Settings {
            last_project: self.path.clone(),
        };
        eframe::set_value(storage, SETTINGS_KEY, &settings);
    }
}

impl AnnotaryApp {
    /// One whole frame of the window: what eframe runs, and what `annotary bench` times.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if let Some(job) = &self.job {
            match job.poll() {
                Some(finished) => {
                    self.job = None;
                    self.job_done(finished);
                }
                None => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
            }
        }
        self.handle_close(&ctx);
        self.handle_dropped_files(&ctx);
        self.handle_keys(&ctx);

        panels::menu_bar(ui, &self.history, &self.view, &mut self.events);
        panels::error_bar(ui, &self.errors, &mut self.events);
        let busy = self.busy();
        let busy = busy.as_deref().map(|doing| (doing, self.busy_fraction()));
        panels::status_bar(ui, &self.project, &self.view, busy);
        panels::documents_panel(
            ui,
            &self.project,
            &self.view,
            &mut self.events,
            &mut self.dialogs,
        );
        if let Some(search) = self.search.as_mut() {
            search_panel(
                ui,
                &self.project,
                self.view.document.as_ref(),
                self.revision,
                search,
                &mut self.events,
            );
        }
        if let Some(review) = self.review.as_mut() {
            review_panel(
                ui,
                &self.project,
                self.revision,
                review,
                &mut self.view,
                &mut self.events,
            );
        }
        panels::inspector_panel(
            ui,
            &self.project,
            self.revision,
            &mut self.view,
            &mut self.events,
        );
        egui::CentralPanel::default().show(ui, |ui| {
            let document = self
                .view
                .document
                .as_ref()
                .and_then(|d| self.project.document(d));
            match document {
                Some(document) => {
                    panels::tag_bar(ui, &self.project, &self.view, &mut self.events);
                    ui.separator();
                    let found = self
                        .search
                        .as_ref()
                        .map_or(&[][..], |s| s.spans_in(&document.id));
                    let side_by_side = self
                        .review
                        .as_ref()
                        .filter(|r| r.side_by_side)
                        .map(|r| (r.review.mine.clone(), r.review.theirs.clone()));
                    let differences = match self.review.as_mut() {
                        Some(review) => {
                            review.in_document(&self.project, self.revision, &document.id)
                        }
                        None => &[],
                    };
                    let page = Page {
                        project: &self.project,
                        document,
                        revision: self.revision,
                        view: &self.view,
                        found,
                        differences,
                        only_layer: None,
                    };
                    match side_by_side {
                        None => self.document_view.ui(ui, &page, &mut self.events),
                        Some((mine, theirs)) => side_by_side_views(
                            ui,
                            [&mut self.document_view, &mut self.theirs_view],
                            [
                                Page {
                                    only_layer: Some(&mine),
                                    ..page
                                },
                                Page {
                                    only_layer: Some(&theirs),
                                    ..page
                                },
                            ],
                            &mut self.synced_top,
                            &mut self.events,
                        ),
                    }
                }
                None => panels::empty_project_hint(ui, &mut self.events),
            }
        });
        if let Some(job) = self.job.as_ref().filter(|j| j.opening) {
            // The project is about to be replaced: nothing may be edited meanwhile.
            egui::Modal::new(egui::Id::unique("opening")).show(&ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(format!(
                        "{}… {:.1} s",
                        job.doing,
                        job.started.elapsed().as_secs_f32()
                    ));
                });
            });
        }
        if let Some(review) = self.review.as_mut()
            && review.report_open
        {
            let mut open = true;
            let stale = review.agreement_stale(self.revision);
            let report = review.agreement(&self.project, self.revision);
            agreement_window::agreement_window(&ctx, &mut open, report, stale, &mut self.events);
            review.report_open = open;
        }
        let answer = self.dialogs.ui(&ctx, &self.project, &mut self.events);
        if let Some(answer) = answer {
            self.answer_unsaved(answer);
        }

        let events = std::mem::take(&mut self.events);
        if !events.is_empty() {
            // The panels were drawn before these changes: draw them again to show them.
            ctx.request_repaint();
        }
        for event in events {
            self.run_event(&ctx, event);
        }

        if std::mem::take(&mut self.dialogs.close_requested) {
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }

        let title = self.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }
}

/// Who is annotating, for a new project's first layer.
fn annotator_name() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "me".to_owned())
}

/// A file name made from a project title.
fn file_stem_for(title: &str) -> String {
    let stem: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches('-').to_owned();
    if stem.is_empty() {
        "project".to_owned()
    } else {
        stem
    }
}

/// The usual file extension of each single-file export.
fn extension(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::W3c => "jsonld",
        ExportFormat::Xmi => "zip",
        other => other.name(),
    }
}

/// Mine | theirs: the same document twice, each side showing one layer, scrolled together.
/// Whichever side the researcher scrolled leads; the other follows on the next frame.
fn side_by_side_views(
    ui: &mut egui::Ui,
    views: [&mut DocumentView; 2],
    pages: [Page<'_>; 2],
    synced_top: &mut Option<f32>,
    events: &mut Vec<AppEvent>,
) {
    let [left, right] = views;
    ui.columns(2, |columns| {
        for ((column, view), page) in columns
            .iter_mut()
            .zip([&mut *left, &mut *right])
            .zip(&pages)
        {
            column.strong(page.only_layer.unwrap_or_default());
            // Each side gets its own ids: the two views show the same document.
            column.push_id(page.only_layer, |column| view.ui(column, page, events));
        }
    });
    let (a, b) = (left.scrolled(), right.scrolled());
    if a != *synced_top && a.is_some() {
        right.follow = a;
        *synced_top = a;
        ui.ctx().request_repaint();
    } else if b != *synced_top && b.is_some() {
        left.follow = b;
        *synced_top = b;
        ui.ctx().request_repaint();
    }
}
