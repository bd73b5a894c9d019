//! The eframe app: one frame reads the keys and the dropped files, draws the panels from
//! the workspace, then carries out what was asked, in order: an intent goes to the
//! workspace, whose effects (a file dialog, "save changes?", scrolling, closing) are
//! performed here. Everything else the app does lives in `workspace`.

use std::path::PathBuf;

use egui::ViewportCommand;

use crate::model::Project;
use crate::workspace::imports::suggested_import_layer;
use crate::workspace::{
    Effect, FileIntent, Intent, ReviewIntent, RowMotion, ViewIntent, Workspace,
};

use super::actions::Action;
use super::agreement_window::agreement_window;
use super::central::central;
use super::conflicts_panel::conflicts_panel;
use super::demo;
use super::dialogs::Dialogs;
use super::document_view::DocumentView;
use super::documents_panel::documents_panel;
use super::events::{Asked, UiEvent};
use super::frame_log::FrameLog;
use super::inspector::Inspector;
use super::keys::read_keys;
use super::menu_bar::menu_bar;
use super::path_field::FileChooser;
use super::review_panel::review_panel;
use super::search_panel::search_panel;
use super::settings::Settings;
use super::status_bar::{error_bar, problem_bar, status_bar};

const SETTINGS_KEY: &str = "annotary-settings";

pub struct AnnotaryApp {
    workspace: Workspace,
    settings: Settings,
    /// The system's file dialogs, or the in-app path field where they are missing.
    chooser: FileChooser,
    document_view: DocumentView,
    /// The scripts of the open document no system font draws.
    missing_fonts: super::missing_fonts::MissingFonts,
    /// The right-hand side (theirs) of the side-by-side review, scrolled with the left.
    theirs_view: DocumentView,
    /// Where both sides of the side-by-side review were scrolled to last frame.
    synced_top: Option<f32>,
    inspector: Inspector,
    dialogs: Dialogs,
    /// Intents from outside a frame (the bench, tests), carried out in the next one.
    queued: Vec<Intent>,
    /// The search field takes the keyboard on the next frame.
    focus_search: bool,
    shown_title: String,
    /// Which project the document views show (`Workspace::opened`): another one starts them afresh.
    shown_project: u64,
    /// The workspace said the window may close: the next close request goes through.
    allow_close: bool,
    /// Close the window at the end of this frame.
    close_now: bool,
    /// Frames drawn, when `ANNOTARY_FRAME_LOG` asks for them.
    frame_log: FrameLog,
    /// The window's rest: no motion, a caret that stops blinking, the page colour.
    rest: super::rest::Rest,
    /// Key releases that came alone, kept for the next input (see `rest::HeldReleases`).
    held_releases: super::rest::HeldReleases,
}

impl AnnotaryApp {
    /// The app as the window starts it: the project named on the command line, else the
    /// last one opened, else the researcher's own copy of the demo project.
    pub fn new(cc: &eframe::CreationContext<'_>, project: Option<PathBuf>) -> Self {
        // The document is laid out with the system's fonts for every script egui's own
        // fonts lack (tests start with egui's alone, or the fonts they commit).
        super::script::install(&cc.egui_ctx, &super::script::FontChoice::system());
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
            .unwrap_or_default();
        let remembered = settings.last_project.clone().filter(|p| p.exists());
        let mut app = match project.or(remembered).or_else(demo::user_copy) {
            Some(path) => {
                let mut app = Self::with_project(Workspace::untitled(), None);
                app.apply(FileIntent::Open(Some(path)));
                app
            }
            None => Self::with_project(demo::embedded_demo(), None),
        };
        app.settings = settings;
        app.chooser.native = true;
        app.frame_log = FrameLog::from_env(&super::renderer::describe(cc));
        app
    }

    /// The same app, remembering what `remembered` says (as [`AnnotaryApp::remembered`]
    /// gave it): what a relaunch starts with.
    pub fn remembering(mut self, remembered: &str) -> Self {
        self.settings = ron::from_str(remembered).unwrap_or_default();
        self
    }

    /// What the app would remember if it closed now.
    pub fn remembered(&self) -> String {
        let mut settings = self.settings.clone();
        settings.keep_place(&self.workspace);
        ron::to_string(&settings).unwrap_or_default()
    }

    /// An app on an already loaded project; `path` is where Save writes.
    pub fn with_project(project: Project, path: Option<PathBuf>) -> Self {
        Self {
            workspace: Workspace::new(project, path),
            settings: Settings::default(),
            chooser: FileChooser::default(),
            document_view: DocumentView::default(),
            missing_fonts: Default::default(),
            theirs_view: DocumentView::default(),
            synced_top: None,
            inspector: Inspector::default(),
            dialogs: Dialogs::default(),
            queued: Vec::new(),
            focus_search: false,
            shown_title: String::new(),
            // Not yet shown: the first frame treats the project as just opened.
            shown_project: u64::MAX,
            allow_close: false,
            close_now: false,
            frame_log: FrameLog::default(),
            rest: Default::default(),
            held_releases: Default::default(),
        }
    }

    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// Where the density strip marked the part of the document in view, last frame.
    pub fn density_window(&self) -> Option<egui::Rect> {
        self.document_view.density_window()
    }

    /// Where a character of the open document was drawn in the last frame.
    pub fn char_rect(&self, offset: usize) -> Option<egui::Rect> {
        self.document_view.char_rect(offset)
    }

    /// How far each side of the side-by-side review was scrolled in the last frame.
    pub fn side_by_side_scroll(&self) -> (Option<f32>, Option<f32>) {
        (self.document_view.scrolled(), self.theirs_view.scrolled())
    }

    /// Queues what a panel would ask for; it is carried out at the start of the next frame,
    /// before anything is drawn.
    pub fn queue(&mut self, intent: impl Into<Intent>) {
        self.queued.push(intent.into());
    }

    /// Carries out an intent now, and what it asks of the window.
    pub fn apply(&mut self, intent: impl Into<Intent>) {
        let effects = self.workspace.apply(intent);
        for effect in effects {
            self.perform(effect);
        }
    }

    /// Does what the workspace asks of the window.
    fn perform(&mut self, effect: Effect) {
        match effect {
            Effect::Choose(request) => {
                if let Some(intent) = self.chooser.choose(request) {
                    self.apply(intent);
                }
            }
            Effect::AskToSave(pending) => self.dialogs.unsaved = Some(pending),
            Effect::Close => {
                self.allow_close = true;
                self.close_now = true;
            }
            Effect::ScrollTo(offset) => self.document_view.scroll_to = Some(offset),
            Effect::Reveal(offset) => self.document_view.reveal = Some(offset),
            Effect::MoveByRows { anchor, head, rows } => {
                if let Some(document) = self.workspace.document() {
                    let sideways = matches!(rows, RowMotion::Left | RowMotion::Right);
                    let selected = self.workspace.view().selected_range();
                    let moved =
                        match selected {
                            // Left or Right on a selection ends it at its left or right end,
                            // as drawn, without moving on.
                            Some(range) if sideways && anchor.is_none() => self
                                .document_view
                                .side_of(document.text(), range, rows == RowMotion::Right),
                            _ => self.document_view.move_by_rows(document.text(), head, rows),
                        };
                    self.apply(ViewIntent::PlaceCaret {
                        anchor: anchor.unwrap_or(moved),
                        head: moved,
                    });
                }
            }
            Effect::FocusNote => self.inspector.focus_note = true,
            Effect::FocusSearch => self.focus_search = true,
            Effect::OfferRecovery(recovery) => self.dialogs.recovery = Some(recovery),
        }
    }

    /// A menu command: most are intents; some open a dialog or close the window.
    fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        if let Some(intent) = action.intent() {
            self.apply(intent);
            return;
        }
        let project = self.workspace.project();
        match action {
            Action::ImportAnnotations => self.dialogs.start_import(suggested_import_layer(project)),
            Action::Export => self.dialogs.start_export(&self.workspace.view().layer),
            Action::RenameProject => self.dialogs.start_rename_project(&project.title),
            Action::EditTags => self
                .dialogs
                .start_tag_editor(project.tags(), project.schema()),
            Action::CommandPalette => self.dialogs.start_palette(),
            Action::Layers => self.dialogs.start_layers(),
            Action::OpenByPath => {
                self.chooser.type_next = true;
                // After "save first?", if asked, the request comes: it gets the field.
                self.apply(FileIntent::Open(None));
            }
            // The whole window scaled, as egui does for the keys; egui keeps the factor
            // with the window's memory, so the next run opens at the same size.
            Action::ZoomIn => egui::gui_zoom::zoom_in(ctx),
            Action::ZoomOut => egui::gui_zoom::zoom_out(ctx),
            Action::ActualSize => ctx.set_zoom_factor(1.0),
            Action::ShowShortcuts => self.dialogs.shortcuts_open = true,
            Action::About => self.dialogs.about_open = true,
            // The close request comes back through `handle_close`, which asks first.
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            // The rest are intents, carried out above.
            _ => {}
        }
    }

    /// The window manager's close button (or Quit): the workspace says whether to ask first.
    fn handle_close(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        // Never quit half-way through writing a project, even once closing was allowed.
        if self.allow_close && !self.workspace.is_busy() {
            return;
        }
        let effects = self.workspace.apply(FileIntent::Close);
        if !effects.contains(&Effect::Close) {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
        }
        for effect in effects {
            self.perform(effect);
        }
        // Already closing: nothing more to send.
        self.close_now = false;
    }

    /// One whole frame of the window: what eframe runs, and what `annotary bench` times.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.rest.begin_frame(&ctx);
        for effect in self.workspace.tick() {
            self.perform(effect);
        }
        if self.workspace.is_busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.handle_close(&ctx);
        let mut asked = Asked(self.queued.drain(..).map(UiEvent::Intent).collect());
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            asked.send(FileIntent::Dropped(dropped));
        }
        let text = self.workspace.document().map(|d| d.text());
        let right_to_left =
            |offset: usize| text.is_some_and(|t| self.document_view.right_to_left(t, offset));
        self.dialogs.escape(&ctx);
        read_keys(&ctx, &self.workspace, &right_to_left, &mut asked);
        // What the keys (and the queue, and a drop) asked for is carried out before the
        // panels are drawn, so that this frame already shows it: one frame fewer for every
        // key. The keys were consumed, so no panel acts on them again.
        self.carry_out(&ctx, std::mem::take(&mut asked.0));
        if self.workspace.opened() != self.shown_project {
            // Laid-out text, scroll offsets and drag state belong to the project before.
            self.document_view = DocumentView::default();
            self.theirs_view = DocumentView::default();
            self.synced_top = None;
            self.shown_project = self.workspace.opened();
            let wake = ctx.clone();
            self.workspace
                .set_waker(std::sync::Arc::new(move || wake.request_repaint()));
            self.settings.return_to_place(&self.workspace, &mut asked);
        }
        self.draw(ui, &mut asked);

        if !asked.0.is_empty() {
            // The panels were drawn before these changes: draw them again to show them.
            ctx.request_repaint();
        }
        self.carry_out(&ctx, asked.0);
        if std::mem::take(&mut self.close_now) {
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        // Where the researcher is, kept as they go, so that the project left for another
        // is remembered as it was.
        self.settings.keep_place(&self.workspace);
        let title = self.workspace.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    fn carry_out(&mut self, ctx: &egui::Context, events: Vec<UiEvent>) {
        for event in events {
            match event {
                UiEvent::Intent(intent) => self.apply(intent),
                UiEvent::Action(action) => self.run_action(ctx, action),
                UiEvent::RenameDocument(id, title) => self.dialogs.start_rename_document(id, title),
            }
        }
    }

    /// Draws the panels, the document, and the windows over them.
    fn draw(&mut self, ui: &mut egui::Ui, asked: &mut Asked) {
        let ctx = ui.ctx().clone();
        let workspace = &self.workspace;
        menu_bar(
            ui,
            workspace.history(),
            workspace.view(),
            &self.settings.recent,
            asked,
        );
        error_bar(ui, workspace.errors(), asked);
        problem_bar(ui, workspace.problems());
        self.missing_fonts.check(ui, workspace.document());
        self.missing_fonts.bar(ui);
        status_bar(ui, workspace);
        documents_panel(ui, workspace, asked);
        if let Some(search) = workspace.search() {
            let focus = std::mem::take(&mut self.focus_search);
            search_panel(ui, workspace.project(), search, focus, asked);
        }
        if let Some(current) = workspace.view().conflict {
            conflicts_panel(ui, workspace.project(), current, asked);
        }
        if let Some(review) = workspace.review() {
            review_panel(
                ui,
                workspace.project(),
                workspace.revision(),
                review,
                workspace.view(),
                asked,
            );
        }
        self.inspector.ui(ui, workspace, asked);
        egui::CentralPanel::default().show(ui, |ui| {
            central(
                ui,
                workspace,
                [&mut self.document_view, &mut self.theirs_view],
                &mut self.synced_top,
                asked,
            );
        });
        if let Some(doing) = workspace.is_opening().then(|| workspace.busy()).flatten() {
            // The project is about to be replaced: nothing may be edited meanwhile.
            egui::Modal::new(egui::Id::unique("opening")).show(&ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(format!("{doing}…"));
                });
            });
        }
        if let Some(review) = workspace.review().filter(|r| r.report_open) {
            let mut open = true;
            if let Some(report) = review.agreement() {
                let stale = review.agreement_stale(workspace.revision());
                agreement_window(&ctx, &mut open, report, stale, asked);
            } else if let Some(working) = review.agreement_working() {
                super::agreement_window::working_window(&ctx, &mut open, working);
                // The worker says nothing when it is done: look again soon.
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            if !open {
                asked.send(ReviewIntent::CloseReport);
            }
        }
        self.dialogs.ui(&ctx, workspace, asked);
        super::suggestion_ui::accept_all_dialog(&ctx, workspace, asked);
        self.chooser.ui(&ctx, asked);
    }
}

impl eframe::App for AnnotaryApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let timing = self.frame_log.start();
        self.show(ui);
        self.frame_log.end(timing, ui.ctx());
    }

    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        self.rest.clear_colour()
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        self.held_releases.pass(raw_input);
        super::rest::wheel_at_once(raw_input);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.keep_place(&self.workspace);
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }
}
