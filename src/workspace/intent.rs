//! What the researcher asks for (an intent, in their words), and what the window must do
//! about it afterwards (an effect: ask for a file, ask to save first, close, scroll).
//!
//! Intents come in six kinds, by what they touch: files, edits, the view, find, review,
//! and coding beyond spans (links, attributes, fragments, document labels).
//! `Workspace::apply` takes any of them (`ws.apply(EditIntent::Undo)`).

use std::path::PathBuf;

use crate::edit::TagEdit;
use crate::formats::export::ExportFormat;
use crate::formats::import_format::ImportFormat;
use crate::model::motion::{Boundary, Motion};
use crate::model::search::Query;
use crate::model::{
    AnnotationId, AttributeValue, Choice, Colour, DocumentId, RelationId, TextDirection,
};
use crate::review::diff::Kind;

#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    File(FileIntent),
    Edit(EditIntent),
    View(ViewIntent),
    Find(FindIntent),
    Review(ReviewIntent),
    Code(CodeIntent),
    Suggest(SuggestIntent),
}

/// The suggestions offered in the open document: shown per source, walked with ] and [,
/// accepted (an ordinary annotation, one undo step) or rejected (the form remembered).
#[derive(Clone, Debug, PartialEq)]
pub enum SuggestIntent {
    /// Show or hide one source's suggestions (View menu).
    Show {
        source: crate::model::suggest::Source,
        shown: bool,
    },
    /// Show a source's suggestions if hidden, else hide them.
    Toggle(crate::model::suggest::Source),
    /// Go to the next (or previous) suggestion after the caret or the one being looked at.
    Next { forward: bool },
    /// Look at the suggestion at this index of the open document's list.
    Jump(usize),
    /// Tag the suggestion being looked at as suggested, with its value (Enter).
    Accept,
    /// Remember its form as not this tag, and move on (Backspace).
    Reject,
    /// Count every suggestion of the same form and tag in the project and ask first
    /// (Shift+Enter).
    AskAcceptAll,
    /// Accept what was counted, in one undo step.
    AcceptAll,
    /// Leave the question unanswered, or stop looking at a suggestion (Escape).
    Dismiss,
}

/// Who claims what, when: links between annotations, their attributes and pieces, and
/// labels on whole documents. Each change is one undo step.
#[derive(Clone, Debug, PartialEq)]
pub enum CodeIntent {
    /// Start linking the selected annotation (`L`): the nearest annotation it may link to
    /// is offered first.
    StartLink,
    /// Offer the next (or previous) annotation it may link to (Tab, Shift+Tab).
    NextTarget {
        forward: bool,
    },
    /// Offer the next annotation it may link to whose quote contains this text.
    FindTarget(String),
    /// Link the offered target with this relation type, or (`None`, Enter) with the first
    /// type that fits.
    Link(Option<String>),
    CancelLink,
    /// A drag from one highlight to another: links them when one relation type fits,
    /// else offers the link with the types to choose from.
    DragLink {
        from: AnnotationId,
        to: AnnotationId,
    },
    /// Link two annotations with this type.
    Relate {
        kind: String,
        from: AnnotationId,
        to: AnnotationId,
    },
    DeleteRelation(RelationId),
    /// Give a relation this note (empty: none).
    SetRelationNote {
        id: RelationId,
        note: String,
    },
    /// Give a relation another type (one whose argument tags fit).
    RetypeRelation {
        id: RelationId,
        kind: String,
    },
    /// Set (or, with `None`, clear) an attribute of an annotation.
    SetAttribute {
        id: AnnotationId,
        name: String,
        value: Option<AttributeValue>,
    },
    /// The next text selection is to become a piece of this annotation (`None`: stop).
    Extend(Option<AnnotationId>),
    /// Add the text selection as a piece of the annotation being extended.
    AddSelectionAsFragment,
    RemoveFragment {
        id: AnnotationId,
        index: usize,
    },
    /// Set (or clear) a label of a document in the current layer.
    SetDocumentLabel {
        document: DocumentId,
        name: String,
        value: Option<AttributeValue>,
    },
}

/// The project and its files. A path of `None` means "ask me": the workspace answers with
/// `Effect::Choose`, and the window sends the intent again with what was chosen.
#[derive(Clone, Debug, PartialEq)]
pub enum FileIntent {
    /// Start an empty project (asking to save unsaved work first).
    NewProject,
    /// Open a project file (asking to save unsaved work first).
    Open(Option<PathBuf>),
    /// Save to the project's file, or ask where if it has none.
    Save,
    /// Save to another file; `then` is carried out once it is saved.
    SaveAs {
        to: Option<PathBuf>,
        then: Option<Pending>,
    },
    /// Text files (or folders of them) as new documents.
    ImportTexts(Option<Vec<PathBuf>>),
    /// Another tool's annotations, as the layer `layer`.
    ImportAnnotations {
        format: ImportFormat,
        layer: String,
        from: Option<Vec<PathBuf>>,
    },
    /// Export the project (only `layer`, if given).
    Export {
        format: ExportFormat,
        layer: Option<String>,
        to: Option<PathBuf>,
    },
    /// Bring a colleague's project in and review my layer against theirs.
    CompareWithColleague(Option<PathBuf>),
    /// Take relation types, attributes and tags from a brat `annotation.conf`.
    ImportSchema(Option<PathBuf>),
    /// Write the tags and schema as a brat `annotation.conf`.
    ExportSchema(Option<PathBuf>),
    /// Write the agreement report of the layers under review as HTML (else CSV).
    ExportAgreement { html: bool, to: Option<PathBuf> },
    /// Files dropped on the window: a project opens, texts become documents.
    Dropped(Vec<PathBuf>),
    /// The answer to the import's preview: apply it (one undo step), or not.
    AnswerImport(bool),
    /// The preview again, news-database exports split into articles (or each kept whole).
    SplitNewsExports(bool),
    /// The answer to "save changes before …?".
    Unsaved { answer: Answer, then: Pending },
    /// The window was asked to close (its close button, Quit).
    Close,
    /// The answer to "recover the unsaved changes?": replay them, or drop them.
    Recover(bool),
}

/// Changes to the project, each one undo step.
#[derive(Clone, Debug, PartialEq)]
pub enum EditIntent {
    /// Tag the selection (trimmed of surrounding spaces), or retag the selected annotation
    /// when no text is selected.
    Tag(String),
    Retag {
        id: AnnotationId,
        tag: String,
    },
    DeleteAnnotation,
    /// Move one boundary of the selected annotation by one character (or word).
    MoveBoundary {
        boundary: Boundary,
        forward: bool,
        by_word: bool,
    },
    /// The selected annotation's note as typed so far; saved as one step when done.
    TypeNote(String),
    /// Save the note being typed (the note editor lost the keyboard).
    SaveNote,
    Undo,
    Redo,
    RenameProject(String),
    RenameDocument {
        id: DocumentId,
        title: String,
    },
    /// Which way a document's paragraphs run (`None`: each by its first strong letter).
    SetDirection {
        id: DocumentId,
        direction: Option<TextDirection>,
    },
    RemoveDocument(DocumentId),
    /// Add an annotator's layer and annotate in it.
    AddLayer(String),
    RenameLayer {
        from: String,
        to: String,
    },
    /// Remove a layer with its annotations, links and labels, in one undo step (the
    /// window asks first when it holds any).
    RemoveLayer(String),
    /// Make the tag set what the tag editor's rows say.
    EditTags(Vec<TagEdit>),
    /// Make the tags and the schema what the schema editor says, as one step.
    EditSchema {
        tags: Vec<TagEdit>,
        schema: crate::model::Schema,
    },
}

/// Where the researcher is and what they see; nothing here changes the project.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewIntent {
    OpenDocument(DocumentId),
    NextDocument,
    PreviousDocument,
    SelectAnnotation {
        id: AnnotationId,
        scroll: bool,
    },
    /// Select `anchor..head` of the open document (a caret when equal).
    SelectText {
        anchor: usize,
        head: usize,
    },
    ClearSelection,
    /// Move the caret; with `extend` the selection's head moves and its anchor stays.
    MoveCaret {
        motion: CaretMotion,
        extend: bool,
    },
    /// Put the selection at `anchor..head`: the window's answer to `Effect::MoveByRows`.
    PlaceCaret {
        anchor: usize,
        head: usize,
    },
    /// Select the next (or previous) annotation in reading order, wrapping around.
    NextAnnotation {
        forward: bool,
    },
    /// Bring this offset of the open document into view.
    ScrollTo(usize),
    /// Open a document and select `start..end` in it (a search match).
    JumpTo {
        document: DocumentId,
        start: usize,
        end: usize,
    },
    /// Put the keyboard in the selected annotation's note.
    FocusNote,
    /// The layer new annotations go into.
    SetLayer(String),
    ToggleWordSnapping,
    /// Draw every visible relation, or only the selected annotation's.
    ToggleRelations,
    /// Show only this tag in the annotation list (`None`: every tag).
    FilterTag(Option<String>),
    /// Show only annotations with this attribute value (name, value as shown).
    FilterAttribute(Option<(String, String)>),
    /// Show only annotations without a link of this type (`Some("claimant")`).
    FilterMissingLink(Option<String>),
    ShowLayer {
        layer: String,
        shown: bool,
    },
    /// Underline this layer's annotations in its own colour (`None`: the tags' colours).
    LayerColour {
        layer: String,
        colour: Option<Colour>,
    },
    DismissError(usize),
    DismissReport,
}

/// The search bar and "annotate all matches".
#[derive(Clone, Debug, PartialEq)]
pub enum FindIntent {
    /// Open the search bar (or move the keyboard to it), in the document or everywhere.
    Open {
        everywhere: bool,
    },
    Query(Query),
    Everywhere(bool),
    /// The tag "annotate all" gives.
    Tag(String),
    Tick {
        index: usize,
        ticked: bool,
    },
    TickAll(bool),
    /// Tag every ticked match not already tagged so, as one undo step.
    AnnotateMatches,
    Close,
}

/// The review panel, the review walk and the agreement report.
#[derive(Clone, Debug, PartialEq)]
pub enum ReviewIntent {
    /// Open the panel (on my layer against the next one), or close it.
    Toggle,
    /// Open the panel comparing these two layers.
    Start {
        mine: String,
        theirs: String,
    },
    /// Settle the current disagreement, then go on to the next.
    Settle(Choice),
    /// Go to the next (or previous) unsettled disagreement without deciding.
    Skip {
        forward: bool,
    },
    AcceptAgreements,
    /// Show the difference at this index of the list.
    Jump(usize),
    /// Open the agreement report (opening the panel if needed).
    OpenReport,
    CloseReport,
    /// Compute the agreement report again (the project changed since).
    RecomputeAgreement,
    /// The report across every layer, or only mine and theirs.
    AllLayers(bool),
    /// Which layers are compared.
    Layers {
        mine: String,
        theirs: String,
    },
    /// The layer decisions copy into.
    ReviewInto(String),
    Reviewer(String),
    ShowKind {
        kind: Kind,
        shown: bool,
    },
    FilterTag(Option<String>),
    SideBySide(bool),
    Close,
    /// Show (on the first) or hide the walk through the conflicts a git merge left.
    Conflicts(bool),
    /// Settle the merge conflict being shown with my version or theirs, then go on.
    KeepVersion {
        mine: bool,
    },
    /// Go to the next (or previous) merge conflict.
    NextConflict {
        forward: bool,
    },
    /// Go to the merge conflict at this index of the list.
    JumpConflict(usize),
}

/// Where a caret key moves the caret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaretMotion {
    /// By character, word or to an end of the document.
    Text(Motion),
    /// By wrapped row or screen: the window works these out from its layout.
    Rows(RowMotion),
}

/// Caret motions that follow the text as wrapped on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowMotion {
    Up,
    Down,
    PageUp,
    PageDown,
    RowStart,
    RowEnd,
    /// One cluster to the left or right as drawn (backwards in the text where it runs
    /// right to left).
    Left,
    Right,
}

impl RowMotion {
    pub fn backwards(self) -> bool {
        matches!(self, Self::Up | Self::PageUp | Self::RowStart | Self::Left)
    }
}

/// What the window must do once an intent has been applied.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Effect {
    /// Ask for files or a folder (a native dialog), then send `request.purpose.answer(..)`.
    Choose(FileRequest),
    /// Ask "Save / Discard / Cancel?" before `Pending`; answer with `FileIntent::Unsaved`.
    AskToSave(Pending),
    /// Close the window: nothing is left unsaved.
    Close,
    /// Scroll the open document so this offset sits a third of the way down.
    ScrollTo(usize),
    /// Scroll only as far as needed to show this offset (the caret).
    Reveal(usize),
    /// Work out where `rows` takes `head` in the laid-out text, then send
    /// `ViewIntent::PlaceCaret` (anchor kept when `anchor` is given, else a caret).
    MoveByRows {
        anchor: Option<usize>,
        head: usize,
        rows: RowMotion,
    },
    /// Give the keyboard to the note editor.
    FocusNote,
    /// Give the keyboard to the search field.
    FocusSearch,
    /// Ask "Recover n unsaved changes / Discard"; answer with `FileIntent::Recover`.
    OfferRecovery(Recovery),
}

/// Changes a crash left unsaved, found in the project's journal on opening.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    /// What each change was, in the Edit menu's words, oldest first.
    pub changes: Vec<String>,
    /// The last change was cut off by the crash and is not among them.
    pub torn: bool,
    pub journal: PathBuf,
}

/// What waits for the answer to "save changes?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    New,
    /// Open this file, or ask which one.
    Open(Option<PathBuf>),
    Quit,
}

impl Pending {
    /// "Save them before …?", in the question's words.
    pub fn before(&self) -> &'static str {
        match self {
            Self::New => "starting a new project",
            Self::Open(_) => "opening another project",
            Self::Quit => "quitting",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Save,
    Discard,
    Cancel,
}

/// A question for the native file dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct FileRequest {
    pub purpose: Purpose,
    pub pick: Pick,
    pub title: &'static str,
    /// The file type to offer: its name and extensions.
    pub filter: Option<(&'static str, &'static [&'static str])>,
    /// The name suggested for a file to be written.
    pub file_name: Option<String>,
    /// The folder to start in.
    pub folder: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    File,
    Files,
    Folder,
    /// A new or existing file to write.
    Save,
}

/// What a chosen path is for.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    Open,
    SaveAs(Option<Pending>),
    ImportTexts,
    ImportAnnotations {
        format: ImportFormat,
        layer: String,
    },
    /// `into` names the folder made inside the chosen one, for formats that write folders.
    Export {
        format: ExportFormat,
        layer: Option<String>,
        into: Option<String>,
    },
    Compare,
    ExportAgreement {
        html: bool,
    },
    ImportSchema,
    ExportSchema,
}

impl Purpose {
    /// The intent that carries on with what the researcher chose (nothing when cancelled).
    pub fn answer(self, chosen: Vec<PathBuf>) -> Option<Intent> {
        let first = chosen.first()?.clone();
        let intent = match self {
            Self::Open => FileIntent::Open(Some(first)),
            Self::SaveAs(then) => FileIntent::SaveAs {
                to: Some(first),
                then,
            },
            Self::ImportTexts => FileIntent::ImportTexts(Some(chosen)),
            Self::ImportAnnotations { format, layer } => FileIntent::ImportAnnotations {
                format,
                layer,
                from: Some(chosen),
            },
            Self::Export {
                format,
                layer,
                into,
            } => FileIntent::Export {
                format,
                layer,
                to: Some(into.map_or_else(|| first.clone(), |name| first.join(name))),
            },
            Self::Compare => FileIntent::CompareWithColleague(Some(first)),
            Self::ImportSchema => FileIntent::ImportSchema(Some(first)),
            Self::ExportSchema => FileIntent::ExportSchema(Some(first)),
            Self::ExportAgreement { html } => FileIntent::ExportAgreement {
                html,
                to: Some(first),
            },
        };
        Some(Intent::File(intent))
    }
}

macro_rules! into_intent {
    ($($kind:ident => $variant:ident),*) => {
        $(impl From<$kind> for Intent {
            fn from(intent: $kind) -> Self {
                Self::$variant(intent)
            }
        })*
    };
}

into_intent!(
    FileIntent => File,
    EditIntent => Edit,
    ViewIntent => View,
    FindIntent => Find,
    ReviewIntent => Review,
    SuggestIntent => Suggest,
    CodeIntent => Code
);
