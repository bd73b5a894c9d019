//! What the researcher is looking at and would call theirs: the open document, the text
//! selection, the selected annotation, the layer they annotate in, the note being typed,
//! and how layers are shown. Not saved in the project.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::motion::Selection;
use crate::model::{Annotation, AnnotationId, Colour, DocumentId, Project};

#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub document: Option<DocumentId>,
    /// The text selection (a caret when anchor and head are equal).
    pub selection: Option<Selection>,
    pub selected: Option<AnnotationId>,
    /// The layer new annotations go into.
    pub layer: String,
    /// Show only this tag in the annotation list (`None`: every tag).
    pub tag_filter: Option<String>,
    /// Show only annotations with this attribute value (name, value as shown).
    pub attribute_filter: Option<(String, String)>,
    /// Show only annotations lacking a link of this type ("has no claimant").
    pub missing_link: Option<String>,
    /// Mouse selections grow to whole words (hold Alt to select by character).
    pub snap_to_words: bool,
    /// The note being typed for an annotation, saved as one undo step when done.
    pub note_draft: Option<(AnnotationId, String)>,
    /// Layers whose annotations are not drawn.
    pub hidden_layers: BTreeSet<String>,
    /// Underline colours the researcher gave layers, to tell annotators apart.
    pub layer_colours: BTreeMap<String, Colour>,
    /// A link being made from the keyboard: from which annotation, to which target.
    pub linking: Option<Linking>,
    /// The annotation the next text selection is to become a piece of.
    pub extending: Option<AnnotationId>,
    /// Draw every visible relation, not only the selected annotation's.
    pub show_relations: bool,
    /// The merge conflict being walked through (`None`: the conflicts panel is closed).
    pub conflict: Option<usize>,
    /// The tag last given (from a key, a button, the palette or find's annotate-all):
    /// what annotate-all offers first.
    pub last_tag: Option<String>,
    /// Which sources' suggestions are shown (View menu).
    pub suggest: crate::model::suggest::Sources,
    /// The suggestion being looked at (] and [): Enter accepts it, Backspace rejects it.
    pub suggestion: Option<super::suggestions::Looked>,
    /// "Accept all 12 like this?", waiting for an answer.
    pub accept_all: Option<super::suggestions::AcceptAll>,
}

/// A link being made: `from` is the annotation selected when it started; `target` the
/// annotation offered as its other end (none when nothing fits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linking {
    pub from: AnnotationId,
    pub target: Option<AnnotationId>,
    /// Text typed after `/` to find the target by its quote.
    pub typed: Option<String>,
}

impl Default for View {
    fn default() -> Self {
        Self {
            document: None,
            selection: None,
            selected: None,
            layer: String::new(),
            tag_filter: None,
            attribute_filter: None,
            missing_link: None,
            snap_to_words: true,
            note_draft: None,
            hidden_layers: BTreeSet::new(),
            layer_colours: BTreeMap::new(),
            linking: None,
            extending: None,
            show_relations: false,
            conflict: None,
            last_tag: None,
            suggest: crate::model::suggest::Sources::default(),
            suggestion: None,
            accept_all: None,
        }
    }
}

impl View {
    /// Whether the annotation list filters at all.
    pub fn filters_list(&self) -> bool {
        self.tag_filter.is_some() || self.attribute_filter.is_some() || self.missing_link.is_some()
    }

    /// Whether `annotation` passes the annotation list's filters: its tag, an attribute
    /// value (the schema's default counts), and a link it lacks. A link filter keeps only
    /// annotations a link of that type could start from.
    pub fn list_shows(&self, project: &Project, annotation: &Annotation) -> bool {
        if self
            .tag_filter
            .as_ref()
            .is_some_and(|t| *t != annotation.tag)
        {
            return false;
        }
        if let Some((name, value)) = &self.attribute_filter {
            let has = project.attribute_value(annotation, name);
            if has.is_none_or(|v| v.to_string() != *value) {
                return false;
            }
        }
        if let Some(kind) = &self.missing_link {
            let starts_here = project
                .schema()
                .relation_type(kind)
                .is_some_and(|k| k.from.is_empty() || k.from.contains(&annotation.tag));
            let linked = project
                .relations()
                .of(annotation.id)
                .iter()
                .any(|r| r.kind == *kind && r.from == annotation.id);
            if !starts_here || linked {
                return false;
            }
        }
        true
    }

    /// The view a project opens in: its first document, its first layer.
    pub fn opening(project: &Project) -> Self {
        Self {
            document: project.documents().first().map(|d| d.id.clone()),
            layer: project
                .layers()
                .first()
                .map(|l| l.name.clone())
                .unwrap_or_default(),
            // A project a git merge left with conflicts opens on the first of them.
            conflict: (!project.conflicts().is_empty()).then_some(0),
            ..Self::default()
        }
    }

    /// The selection as an ordered, non-empty range of code points.
    pub fn selected_range(&self) -> Option<(usize, usize)> {
        self.selection.and_then(Selection::range)
    }

    /// The caret, when there is one and nothing is selected.
    pub fn caret(&self) -> Option<usize> {
        self.selection
            .filter(|s| s.anchor == s.head)
            .map(|s| s.head)
    }

    /// The selected annotation, if it still exists.
    pub fn selected_annotation<'a>(&self, project: &'a Project) -> Option<&'a Annotation> {
        self.selected.and_then(|id| project.annotation(id))
    }

    /// Where a caret key starts from: the selection; else the selected annotation (all of
    /// it when extending, its near end when not); else the top of the document.
    pub fn caret_start(&self, project: &Project, backwards: bool, extend: bool) -> Selection {
        match (self.selection, self.selected_annotation(project)) {
            (Some(selection), _) => selection,
            (None, Some(a)) if extend => Selection {
                anchor: a.start,
                head: a.end,
            },
            (None, Some(a)) => Selection::caret(if backwards { a.start } else { a.end }),
            // From the suggestion looked at, else the top.
            (None, None) => Selection::caret(self.suggestion.as_ref().map_or(0, |s| s.start)),
        }
    }

    /// Whether annotations of `layer` are drawn (`only`: one side of the side-by-side review).
    pub fn shows_layer(&self, layer: &str, only: Option<&str>) -> bool {
        !self.hidden_layers.contains(layer) && only.is_none_or(|o| o == layer)
    }

    /// The note the editor shows for `annotation`: the draft being typed, else its note.
    pub fn note_for<'a>(&'a self, annotation: &'a Annotation) -> &'a str {
        match &self.note_draft {
            Some((id, draft)) if *id == annotation.id => draft,
            _ => &annotation.note,
        }
    }

    /// Points the view at things that still exist after a change, an undo or a redo.
    pub fn follow(&mut self, project: &Project) {
        if self.selected_annotation(project).is_none() {
            self.selected = None;
        }
        if let Some((id, _)) = &self.note_draft
            && project.annotation(*id).is_none()
        {
            self.note_draft = None;
        }
        let document_exists = self
            .document
            .as_ref()
            .is_some_and(|d| project.document(d).is_some());
        if !document_exists {
            self.document = project.documents().first().map(|d| d.id.clone());
            self.selection = None;
        }
        let conflicts = project.conflicts().len();
        self.conflict = self
            .conflict
            .filter(|_| conflicts > 0)
            .map(|at| at.min(conflicts.saturating_sub(1)));
    }
}
