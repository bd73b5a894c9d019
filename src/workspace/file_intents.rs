//! The file intents as the window carries them out: asking for a path through an effect,
//! asking to save unsaved work before it is replaced, moving large projects to a worker
//! thread, and reporting what an import or export did.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::formats::export::{self, ExportError, ExportFormat, Exported, Selection};
use crate::formats::import_format::ImportFormat;
use crate::formats::plain_text;
use crate::formats::project_file::{self, ProjectFileError};

use super::files::{self, export_extension, file_stem_for};
use super::imports::{ImportPlan, Tense};
use super::intent::{Answer, Effect, FileIntent, FileRequest, Pending, Pick, Purpose, Recovery};
use super::jobs::{self, Finished, Job};
use super::journal::{self, Journal};
use super::{ReviewState, Workspace};
use crate::formats::new_documents::NewsExports;

const PROJECT_FILES: (&str, &[&str]) = ("Annotary project", &["ron"]);

impl Workspace {
    pub(super) fn file(&mut self, intent: FileIntent, effects: &mut Vec<Effect>) {
        match intent {
            FileIntent::NewProject => self.guard(Pending::New, effects),
            FileIntent::Open(path) => self.guard(Pending::Open(path), effects),
            FileIntent::Save => self.save(None, effects),
            FileIntent::SaveAs { to: None, then } => effects.push(self.save_as_request(then)),
            FileIntent::SaveAs {
                to: Some(path),
                then,
            } => self.write(path, then, effects),
            FileIntent::ImportTexts(None) => effects.push(choose(
                Purpose::ImportTexts,
                Pick::Files,
                "Import documents",
                Some((
                    "Documents (text, HTML, Word, OpenDocument)",
                    plain_text::EXTENSIONS,
                )),
            )),
            FileIntent::ImportTexts(Some(paths)) => self.plan_import(ImportFormat::Txt, &paths, ""),
            FileIntent::ImportAnnotations {
                format,
                layer,
                from,
            } => match from {
                None => effects.push(choose(
                    Purpose::ImportAnnotations { format, layer },
                    if format.reads_folder() {
                        Pick::Folder
                    } else {
                        Pick::Files
                    },
                    "Import annotations",
                    None,
                )),
                Some(paths) => self.plan_import(format, &paths, &layer),
            },
            FileIntent::Export { format, layer, to } => match to {
                None => effects.push(self.export_request(format, layer)),
                Some(path) => self.export(format, layer, &path),
            },
            FileIntent::CompareWithColleague(None) => effects.push(choose(
                Purpose::Compare,
                Pick::File,
                "Compare with colleague's project",
                Some(PROJECT_FILES),
            )),
            FileIntent::CompareWithColleague(Some(path)) => self.compare_with(&path),
            FileIntent::ImportSchema(None) => effects.push(choose(
                Purpose::ImportSchema,
                Pick::File,
                "Import schema (brat annotation.conf)",
                Some(("brat configuration", &["conf"])),
            )),
            FileIntent::ImportSchema(Some(path)) => {
                match files::import_schema(&self.project, &path) {
                    Ok((command, report)) => {
                        if let Some(command) = command {
                            self.change(command);
                        }
                        self.report = Some(report.text());
                    }
                    Err(error) => self.errors.push(format!("Could not import: {error}")),
                }
            }
            FileIntent::ExportSchema(None) => effects.push(Effect::Choose(FileRequest {
                purpose: Purpose::ExportSchema,
                pick: Pick::Save,
                title: "Export schema (brat annotation.conf)",
                filter: Some(("brat configuration", &["conf"])),
                file_name: Some("annotation.conf".to_owned()),
                folder: None,
            })),
            FileIntent::ExportSchema(Some(path)) => {
                match files::export_schema(&self.project, &path) {
                    Ok(report) => self.report = Some(report.text()),
                    Err(error) => self.errors.push(format!("Could not export: {error}")),
                }
            }
            FileIntent::ExportAgreement { html, to: None } => {
                effects.push(Effect::Choose(FileRequest {
                    purpose: Purpose::ExportAgreement { html },
                    pick: Pick::Save,
                    title: "Export the agreement report",
                    filter: None,
                    file_name: Some(
                        if html {
                            "agreement.html"
                        } else {
                            "agreement.csv"
                        }
                        .to_owned(),
                    ),
                    folder: None,
                }));
            }
            FileIntent::ExportAgreement {
                html,
                to: Some(path),
            } => {
                self.export_agreement(&path, html);
            }
            FileIntent::Dropped(paths) => self.dropped(paths, effects),
            FileIntent::AnswerImport(apply) => self.answer_import(apply),
            FileIntent::SplitNewsExports(split) => self.split_news_exports(split),
            FileIntent::Unsaved { answer, then } => match answer {
                Answer::Save => self.save(Some(then), effects),
                Answer::Discard => {
                    self.history.mark_saved();
                    self.carry_out(then, effects);
                }
                Answer::Cancel => {}
            },
            FileIntent::Close => self.close(effects),
            FileIntent::Recover(recover) => self.recover(recover),
        }
    }

    /// Carries out `pending` now, or first asks Save / Discard / Cancel when work is unsaved.
    fn guard(&mut self, pending: Pending, effects: &mut Vec<Effect>) {
        if self.has_unsaved_changes() {
            effects.push(Effect::AskToSave(pending));
        } else {
            self.carry_out(pending, effects);
        }
    }

    fn carry_out(&mut self, pending: Pending, effects: &mut Vec<Effect>) {
        match pending {
            Pending::New => self.replace_project(Self::untitled(), None),
            Pending::Open(Some(path)) => self.open(&path, effects),
            Pending::Open(None) => effects.push(choose(
                Purpose::Open,
                Pick::File,
                "Open project",
                Some(PROJECT_FILES),
            )),
            Pending::Quit => self.close(effects),
        }
    }

    /// The window wants to close: it may once nothing is unsaved and no file is being written.
    fn close(&mut self, effects: &mut Vec<Effect>) {
        if self.job.is_some() {
            // Never quit half-way through writing a project.
            self.close_after_job = true;
        } else if self.has_unsaved_changes() {
            effects.push(Effect::AskToSave(Pending::Quit));
        } else {
            if let Some(journal) = self.journal.as_mut() {
                // Nothing is unsaved: whatever the journal holds nets to nothing.
                journal.discard();
            }
            effects.push(Effect::Close);
        }
    }

    fn open(&mut self, path: &Path, effects: &mut Vec<Effect>) {
        if self.job.is_some() {
            return;
        }
        if jobs::is_large_file(path) {
            self.job = Some(Job::open(path.to_owned()));
            return;
        }
        match project_file::load(path) {
            Ok(project) => {
                self.replace_project(project, Some(path.to_owned()));
                self.offer_recovery(effects);
            }
            Err(error) => self.errors.push(format!("Could not open: {error}")),
        }
    }

    fn save(&mut self, then: Option<Pending>, effects: &mut Vec<Effect>) {
        match self.path.clone() {
            Some(path) => self.write(path, then, effects),
            None => effects.push(self.save_as_request(then)),
        }
    }

    fn save_as_request(&self, then: Option<Pending>) -> Effect {
        Effect::Choose(FileRequest {
            purpose: Purpose::SaveAs(then),
            pick: Pick::Save,
            title: "Save project as",
            filter: Some(PROJECT_FILES),
            file_name: Some(format!("{}.ron", file_stem_for(&self.project.title))),
            folder: self
                .path
                .as_ref()
                .and_then(|p| p.parent())
                .map(Path::to_owned),
        })
    }

    /// Saves to `path`, in the background for a large project; `then` runs once it is saved.
    fn write(&mut self, path: PathBuf, then: Option<Pending>, effects: &mut Vec<Effect>) {
        if self.job.is_some() {
            return;
        }
        if jobs::is_large_project(&self.project) {
            self.journal_saving = self.journal.as_ref().map_or(0, Journal::len);
            self.job = Some(Job::save(
                Arc::clone(&self.project),
                path,
                self.history.state(),
            ));
            self.after_save = then;
            return;
        }
        match project_file::save(&self.project, &path) {
            Ok(()) => {
                let everything = self.journal.as_ref().map_or(0, Journal::len);
                self.saved_to(path, everything);
                self.history.mark_saved();
                if let Some(pending) = then {
                    self.carry_out(pending, effects);
                }
            }
            Err(error) => self.save_failed(&error, then, effects),
        }
    }

    /// The project is in the file at `path` now: the journal keeps only the changes from
    /// `keep_from` on (made while a background save ran), on that file.
    fn saved_to(&mut self, path: PathBuf, keep_from: usize) {
        let journal = self.journal.get_or_insert_with(|| Journal::new(&path));
        if let Err(error) = journal.saved(&path, keep_from) {
            self.errors.push(format!(
                "{}: changes cannot be kept for recovery ({error})",
                journal.path().display()
            ));
        }
        self.path = Some(path);
    }

    /// On opening: changes a crash left unsaved are offered back, if they were made on
    /// this very file; else they are kept aside and said so.
    fn offer_recovery(&mut self, effects: &mut Vec<Effect>) {
        let Some(path) = self.path.clone() else {
            return;
        };
        match journal::find(&path) {
            None => {}
            Some(Err(error)) => self.errors.push(error),
            Some(Ok(found)) if !found.same_base => {
                let aside = journal::set_aside(&found.path);
                self.errors.push(format!(
                    "{}: {} unsaved changes were found, but the project file has changed since they were made; they are kept in {}.",
                    path.display(),
                    found.records.len(),
                    aside.display()
                ));
            }
            Some(Ok(found)) => {
                effects.push(Effect::OfferRecovery(Recovery {
                    changes: found.records.iter().map(|r| r.label.clone()).collect(),
                    torn: found.torn,
                    journal: found.path.clone(),
                }));
                self.found = Some(found);
            }
        }
    }

    /// Replays the changes found on opening (each one undo step), or drops them.
    fn recover(&mut self, recover: bool) {
        let Some(found) = self.found.take() else {
            return;
        };
        if !recover {
            if let Some(journal) = self.journal.as_mut() {
                journal.discard();
            }
            return;
        }
        let total = found.records.len();
        let mut replayed = Vec::new();
        // What every replayed change reached, not only the last one's.
        let mut reached = crate::edit::Reach::default();
        for record in found.records {
            // Replayed under its own name, so that Undo says what it takes back.
            self.offered.let_go();
            let applied = self.history.apply_named(
                Arc::make_mut(&mut self.project),
                record.command.clone(),
                record.at,
                record.label.clone(),
            );
            if let Err(error) = applied {
                let aside = journal::set_aside(&found.path);
                self.errors.push(format!(
                    "Recovered {} of {total} changes: the next could not be applied ({error}); all of them are kept in {}.",
                    replayed.len(),
                    aside.display()
                ));
                break;
            }
            reached.add(self.history.reached().clone());
            replayed.push(record);
        }
        self.after_reaching(reached);
        if let Some(journal) = self.journal.as_mut()
            && let Err(error) = journal.continue_with(&replayed)
        {
            self.errors.push(format!(
                "{}: changes cannot be kept for recovery ({error}); save now.",
                journal.path().display()
            ));
        }
    }

    /// Says why a save failed; a read-only project is saved under another name instead.
    fn save_failed(
        &mut self,
        error: &ProjectFileError,
        then: Option<Pending>,
        effects: &mut Vec<Effect>,
    ) {
        self.errors.push(format!("Could not save: {error}"));
        if matches!(error, ProjectFileError::ReadOnly { .. }) {
            effects.push(self.save_as_request(then));
        }
    }

    /// Takes in what a finished background job did.
    pub(super) fn job_done(
        &mut self,
        finished: Result<Finished, String>,
        effects: &mut Vec<Effect>,
    ) {
        let after_save = self.after_save.take();
        let succeeded = match finished {
            Ok(Finished::Opened(path, Ok(project))) => {
                self.replace_project(*project, Some(path));
                self.offer_recovery(effects);
                true
            }
            Ok(Finished::Saved(path, state, Ok(()))) => {
                self.saved_to(path, self.journal_saving);
                self.history.mark_saved_state(state);
                if let Some(pending) = after_save {
                    self.carry_out(pending, effects);
                }
                true
            }
            Ok(Finished::Exported(path, format, result)) => {
                let succeeded = result.is_ok();
                self.exported(&path, format, result);
                succeeded
            }
            Ok(Finished::Opened(_, Err(error))) => {
                self.errors.push(format!("Could not open: {error}"));
                false
            }
            Ok(Finished::Saved(_, _, Err(error))) => {
                self.save_failed(&error, after_save, effects);
                false
            }
            Err(message) => {
                self.errors.push(message);
                false
            }
        };
        if std::mem::take(&mut self.close_after_job) && succeeded {
            self.close(effects);
        }
    }

    /// Files dropped on the window: the first project among them opens; else the texts
    /// become documents.
    fn dropped(&mut self, paths: Vec<PathBuf>, effects: &mut Vec<Effect>) {
        let is_project = |p: &PathBuf| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron"));
        match paths.iter().find(|p| is_project(p)) {
            Some(project) => self.guard(Pending::Open(Some(project.clone())), effects),
            None => self.plan_import(ImportFormat::Txt, &paths, ""),
        }
    }

    /// Works out what importing `paths` would do and shows it, for "Import / Cancel"; an
    /// import that would add nothing only says why.
    fn plan_import(&mut self, format: ImportFormat, paths: &[PathBuf], layer: &str) {
        let plan = ImportPlan::new(&self.project, format, paths, layer);
        if plan.command.is_some() {
            self.import = Some((plan, self.revision));
            return;
        }
        let report = plan.report(Tense::Preview);
        if format.brings_documents() && report.details.is_empty() {
            // Texts that could not be read are errors, each naming its file.
            self.errors.extend(report.problems);
        } else {
            self.report = Some(report.text());
        }
    }

    /// Works the import shown out again, news exports split or each kept whole.
    fn split_news_exports(&mut self, split: bool) {
        let Some((plan, _)) = self.import.take() else {
            return;
        };
        let news = if split {
            NewsExports::Split
        } else {
            NewsExports::Whole
        };
        let layer = plan.layer.clone().unwrap_or_default();
        let plan = ImportPlan::with_news(&self.project, plan.format, &plan.inputs, &layer, news);
        self.import = Some((plan, self.revision));
    }

    /// Carries out the import shown (worked out again if the project changed since), as
    /// one undo step, and reports what it did.
    fn answer_import(&mut self, apply: bool) {
        let Some((mut plan, revision)) = self.import.take() else {
            return;
        };
        if !apply {
            return;
        }
        if revision != self.revision {
            let layer = plan.layer.clone().unwrap_or_default();
            plan =
                ImportPlan::with_news(&self.project, plan.format, &plan.inputs, &layer, plan.news);
        }
        let Some(command) = plan.command.take() else {
            self.report = Some(plan.report(Tense::Preview).text());
            return;
        };
        if !self.change(command) {
            return;
        }
        match &plan.layer {
            Some(layer) => {
                self.view.layer = layer.clone();
                self.report = Some(plan.report(Tense::Done).text());
            }
            None => {
                self.view.document = plan.first.clone();
                self.view.selection = None;
                self.view.selected = None;
                self.errors.extend(plan.report(Tense::Done).problems);
            }
        }
    }

    fn export_request(&self, format: ExportFormat, layer: Option<String>) -> Effect {
        let stem = file_stem_for(&self.project.title);
        let folder = format.writes_folder();
        Effect::Choose(FileRequest {
            purpose: Purpose::Export {
                format,
                layer,
                into: folder.then(|| format!("{stem}-{format}")),
            },
            pick: if folder { Pick::Folder } else { Pick::Save },
            title: if folder {
                "Export into folder"
            } else {
                "Export"
            },
            filter: None,
            file_name: (!folder).then(|| format!("{stem}.{}", export_extension(format))),
            folder: None,
        })
    }

    /// Exports to `path`, in the background for a large project, and reports what was
    /// written and what the format could not hold.
    fn export(&mut self, format: ExportFormat, layer: Option<String>, path: &Path) {
        if let Err(refused) = files::refuse_overwriting_project(self.path.as_deref(), path) {
            self.errors.push(format!("Could not export: {refused}"));
            return;
        }
        let selection = Selection {
            layer,
            documents: None,
        };
        if jobs::is_large_project(&self.project) && self.job.is_none() {
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

    fn exported(
        &mut self,
        path: &Path,
        format: ExportFormat,
        result: Result<Exported, ExportError>,
    ) {
        match result {
            Ok(exported) => {
                self.report = Some(files::exported_report(path, format, &exported).text());
            }
            Err(error) => self.errors.push(format!("Could not export: {error}")),
        }
    }

    /// Brings a colleague's project in: their layers join this one as one undo step, the
    /// review opens on my layer against theirs, and a report says what was matched,
    /// re-anchored or left out.
    fn compare_with(&mut self, path: &Path) {
        let (command, brought, report) = match files::bring_colleague(&self.project, path) {
            Ok(brought) => brought,
            Err(error) => {
                self.errors.push(format!("Could not compare: {error}"));
                return;
            }
        };
        self.change(command);
        self.report = Some(report.text());
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
            self.review = Some(ReviewState::new(&mine, &theirs));
        }
    }

    /// Writes the agreement report of the layers under review, as of the project now.
    fn export_agreement(&mut self, path: &Path, html: bool) {
        let Some(review) = self.review.as_mut() else {
            return;
        };
        let report = review.agreement_now(&self.project, self.revision);
        if let Err(error) = files::write_agreement(report, &self.project.title, path, html) {
            self.errors.push(error);
        }
    }
}

/// A file dialog's question.
fn choose(
    purpose: Purpose,
    pick: Pick,
    title: &'static str,
    filter: Option<(&'static str, &'static [&'static str])>,
) -> Effect {
    Effect::Choose(FileRequest {
        purpose,
        pick,
        title,
        filter,
        file_name: None,
        folder: None,
    })
}
