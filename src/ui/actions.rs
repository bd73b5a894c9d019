//! Every menu command with its label and shortcuts: menus, key handling and the shortcuts
//! sheet all read this one list, so they never disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::suggest::Source;
use crate::workspace::{
    CodeIntent, EditIntent, FileIntent, FindIntent, Intent, ReviewIntent, SuggestIntent, ViewIntent,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    NewProject,
    OpenProject,
    OpenByPath,
    Save,
    SaveAs,
    ImportText,
    ImportAnnotations,
    Export,
    ImportSchema,
    ExportSchema,
    CompareWithColleague,
    ShowReview,
    AgreementReport,
    MergeConflicts,
    RenameProject,
    Quit,
    Undo,
    Redo,
    DeleteAnnotation,
    ClearSelection,
    ToggleWordSnapping,
    ShowRelations,
    SuggestForms,
    SuggestDates,
    SuggestTagger,
    NextSuggestion,
    PreviousSuggestion,
    StartLink,
    EditTags,
    Layers,
    FindInProject,
    Find,
    NextDocument,
    PreviousDocument,
    ZoomIn,
    ZoomOut,
    ActualSize,
    CommandPalette,
    ShowShortcuts,
    About,
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(
        Modifiers {
            alt: false,
            ctrl: false,
            shift: true,
            mac_cmd: false,
            command: true,
        },
        key,
    )
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

const fn shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::SHIFT, key)
}

impl Action {
    /// In the order shortcuts are matched: an action whose shortcut adds Shift comes before
    /// the one without (Ctrl+Shift+Z is Redo, not Undo).
    pub const ALL: [Self; 40] = [
        Self::NewProject,
        Self::OpenProject,
        Self::OpenByPath,
        Self::SaveAs,
        Self::Save,
        Self::ImportText,
        Self::ImportAnnotations,
        Self::Export,
        Self::ImportSchema,
        Self::ExportSchema,
        Self::CompareWithColleague,
        Self::ShowReview,
        Self::AgreementReport,
        Self::MergeConflicts,
        Self::RenameProject,
        Self::Quit,
        Self::Redo,
        Self::Undo,
        Self::DeleteAnnotation,
        Self::ClearSelection,
        Self::ToggleWordSnapping,
        Self::ShowRelations,
        Self::SuggestForms,
        Self::SuggestDates,
        Self::SuggestTagger,
        Self::NextSuggestion,
        Self::PreviousSuggestion,
        Self::StartLink,
        Self::EditTags,
        Self::Layers,
        Self::FindInProject,
        Self::Find,
        Self::NextDocument,
        Self::PreviousDocument,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ActualSize,
        Self::CommandPalette,
        Self::ShowShortcuts,
        Self::About,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::NewProject => "New project",
            Self::OpenProject => "Open project…",
            Self::OpenByPath => "Open project by typing its path…",
            Self::Save => "Save",
            Self::SaveAs => "Save as…",
            Self::ImportText => "Import documents…",
            Self::ImportAnnotations => "Import annotations…",
            Self::Export => "Export…",
            Self::ImportSchema => "Import schema (brat annotation.conf)…",
            Self::ExportSchema => "Export schema (brat annotation.conf)…",
            Self::CompareWithColleague => "Compare with colleague's project…",
            Self::ShowReview => "Review panel",
            Self::AgreementReport => "Agreement report…",
            Self::MergeConflicts => "Merge conflicts",
            Self::RenameProject => "Rename project…",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::DeleteAnnotation => "Delete annotation",
            Self::ClearSelection => "Clear selection",
            Self::ToggleWordSnapping => "Select whole words",
            Self::ShowRelations => "Show all relations",
            Self::SuggestForms => "Suggest forms tagged elsewhere",
            Self::SuggestDates => "Suggest dates",
            Self::SuggestTagger => "Suggest from the tagger trained on this layer",
            Self::NextSuggestion => "Next suggestion",
            Self::PreviousSuggestion => "Previous suggestion",
            Self::StartLink => "Link selected annotation…",
            Self::EditTags => "Edit schema…",
            Self::Layers => "Layers (annotators)…",
            Self::Find => "Find in document…",
            Self::FindInProject => "Find in all documents…",
            Self::NextDocument => "Next document",
            Self::PreviousDocument => "Previous document",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ActualSize => "Actual size",
            Self::CommandPalette => "Command palette…",
            Self::ShowShortcuts => "Keyboard shortcuts",
            Self::About => "About Annotary",
        }
    }

    /// The shortcuts that trigger the action; the first is the one shown in menus.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        match self {
            Self::NewProject => const { &[ctrl(Key::N)] },
            Self::OpenProject => const { &[ctrl(Key::O)] },
            Self::Save => const { &[ctrl(Key::S)] },
            Self::SaveAs => const { &[ctrl_shift(Key::S)] },
            Self::ImportText => const { &[ctrl(Key::I)] },
            Self::Export => const { &[ctrl(Key::E)] },
            Self::ShowReview => const { &[ctrl_shift(Key::R)] },
            Self::Quit => const { &[ctrl(Key::Q)] },
            Self::Undo => const { &[ctrl(Key::Z)] },
            Self::Redo => const { &[ctrl_shift(Key::Z), ctrl(Key::Y)] },
            Self::DeleteAnnotation => const { &[plain(Key::Delete), plain(Key::Backspace)] },
            Self::ClearSelection => const { &[plain(Key::Escape)] },
            Self::StartLink => const { &[plain(Key::L)] },
            Self::EditTags => const { &[ctrl(Key::T)] },
            Self::Find => const { &[ctrl(Key::F)] },
            Self::FindInProject => const { &[ctrl_shift(Key::F)] },
            Self::NextDocument => const { &[ctrl(Key::PageDown)] },
            Self::PreviousDocument => const { &[ctrl(Key::PageUp)] },
            // As a browser has them (egui itself acts on the keys; these are shown).
            Self::ZoomIn => const { &[ctrl(Key::Equals), ctrl(Key::Plus)] },
            Self::ZoomOut => const { &[ctrl(Key::Minus)] },
            Self::ActualSize => const { &[ctrl(Key::Num0)] },
            Self::CommandPalette => const { &[ctrl(Key::K)] },
            Self::ShowShortcuts => const { &[plain(Key::F1)] },
            // F8 too: brackets need AltGr on German, French or Nordic keyboards.
            Self::NextSuggestion => const { &[plain(Key::CloseBracket), plain(Key::F8)] },
            Self::PreviousSuggestion => const { &[plain(Key::OpenBracket), shift(Key::F8)] },
            Self::RenameProject
            | Self::OpenByPath
            | Self::ImportAnnotations
            | Self::ImportSchema
            | Self::ExportSchema
            | Self::CompareWithColleague
            | Self::AgreementReport
            | Self::MergeConflicts
            | Self::Layers
            | Self::ToggleWordSnapping
            | Self::ShowRelations
            | Self::SuggestForms
            | Self::SuggestDates
            | Self::SuggestTagger
            | Self::About => &[],
        }
    }

    /// What the workspace does for the action; `None` for those the window does itself
    /// (open a dialog, close the window).
    pub fn intent(self) -> Option<Intent> {
        Some(match self {
            Self::NewProject => FileIntent::NewProject.into(),
            Self::OpenProject => FileIntent::Open(None).into(),
            Self::Save => FileIntent::Save.into(),
            Self::SaveAs => FileIntent::SaveAs {
                to: None,
                then: None,
            }
            .into(),
            Self::ImportText => FileIntent::ImportTexts(None).into(),
            Self::CompareWithColleague => FileIntent::CompareWithColleague(None).into(),
            Self::ImportSchema => FileIntent::ImportSchema(None).into(),
            Self::ExportSchema => FileIntent::ExportSchema(None).into(),
            Self::ShowReview => ReviewIntent::Toggle.into(),
            Self::AgreementReport => ReviewIntent::OpenReport.into(),
            Self::MergeConflicts => ReviewIntent::Conflicts(true).into(),
            Self::Undo => EditIntent::Undo.into(),
            Self::Redo => EditIntent::Redo.into(),
            Self::DeleteAnnotation => EditIntent::DeleteAnnotation.into(),
            Self::ClearSelection => ViewIntent::ClearSelection.into(),
            Self::ToggleWordSnapping => ViewIntent::ToggleWordSnapping.into(),
            Self::ShowRelations => ViewIntent::ToggleRelations.into(),
            Self::SuggestForms => SuggestIntent::Toggle(Source::Forms).into(),
            Self::SuggestDates => SuggestIntent::Toggle(Source::Dates).into(),
            Self::SuggestTagger => SuggestIntent::Toggle(Source::Tagger).into(),
            Self::NextSuggestion => SuggestIntent::Next { forward: true }.into(),
            Self::PreviousSuggestion => SuggestIntent::Next { forward: false }.into(),
            Self::StartLink => CodeIntent::StartLink.into(),
            Self::FindInProject => FindIntent::Open { everywhere: true }.into(),
            Self::Find => FindIntent::Open { everywhere: false }.into(),
            Self::NextDocument => ViewIntent::NextDocument.into(),
            Self::PreviousDocument => ViewIntent::PreviousDocument.into(),
            Self::ImportAnnotations
            | Self::Export
            | Self::RenameProject
            | Self::Quit
            | Self::EditTags
            | Self::Layers
            | Self::OpenByPath
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ActualSize
            | Self::CommandPalette
            | Self::ShowShortcuts
            | Self::About => return None,
        })
    }

    /// Whether the shortcut works while a text field has the keyboard: file commands do,
    /// editing commands leave the keys to the text field (its own undo, its own delete).
    pub fn works_while_typing(self) -> bool {
        matches!(
            self,
            Self::NewProject
                | Self::OpenProject
                | Self::Save
                | Self::SaveAs
                | Self::ImportText
                | Self::Export
                | Self::Quit
                | Self::EditTags
                | Self::Find
                | Self::FindInProject
                | Self::NextDocument
                | Self::PreviousDocument
                | Self::ShowShortcuts
                | Self::CommandPalette
        )
    }
}
