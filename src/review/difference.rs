//! What a difference between two layers is: its kind (agreement or which disagreement,
//! of spans, links, values or document labels), what it pairs and where it is.

use crate::model::{About, AnnotationId, DocumentId};

/// How a pair of annotations, links, values or labels (or a lone one) compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Same span, same tag.
    Agree,
    /// Same span, another tag.
    TagConflict,
    /// Overlapping spans with the same tag but another extent.
    BoundaryConflict,
    /// Only in the first ("mine") layer.
    OnlyMine,
    /// Only in the second ("theirs") layer.
    OnlyTheirs,
    /// A link of the same type between matched spans.
    LinkAgree,
    /// Links between the same matched spans, of other types.
    LinkTypeConflict,
    /// A link only the first layer has.
    LinkOnlyMine,
    /// A link only the second layer has.
    LinkOnlyTheirs,
    /// Matched spans with another value of one attribute.
    ValueConflict,
    /// A document label both layers gave the same value.
    LabelAgree,
    /// A document label the layers gave other values (or only one gave).
    LabelConflict,
}

/// What the review panel groups kinds under.
pub const GROUPS: [(&str, &[Kind]); 4] = [
    (
        "Spans",
        &[
            Kind::Agree,
            Kind::TagConflict,
            Kind::BoundaryConflict,
            Kind::OnlyMine,
            Kind::OnlyTheirs,
        ],
    ),
    (
        "Links",
        &[
            Kind::LinkAgree,
            Kind::LinkTypeConflict,
            Kind::LinkOnlyMine,
            Kind::LinkOnlyTheirs,
        ],
    ),
    ("Attributes", &[Kind::ValueConflict]),
    ("Document labels", &[Kind::LabelAgree, Kind::LabelConflict]),
];

impl Kind {
    pub const COUNT: usize = 12;

    pub const ALL: [Self; Self::COUNT] = [
        Self::Agree,
        Self::TagConflict,
        Self::BoundaryConflict,
        Self::OnlyMine,
        Self::OnlyTheirs,
        Self::LinkAgree,
        Self::LinkTypeConflict,
        Self::LinkOnlyMine,
        Self::LinkOnlyTheirs,
        Self::ValueConflict,
        Self::LabelAgree,
        Self::LabelConflict,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Agree => "agree",
            Self::TagConflict => "tag conflict",
            Self::BoundaryConflict => "boundary conflict",
            Self::OnlyMine => "only mine",
            Self::OnlyTheirs => "only theirs",
            Self::LinkAgree => "same link",
            Self::LinkTypeConflict => "link type conflict",
            Self::LinkOnlyMine => "link only mine",
            Self::LinkOnlyTheirs => "link only theirs",
            Self::ValueConflict => "attribute conflict",
            Self::LabelAgree => "same document label",
            Self::LabelConflict => "document label conflict",
        }
    }

    /// The kind's place in `Kind::ALL`, for counting and filtering by kind.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn is_disagreement(self) -> bool {
        !matches!(self, Self::Agree | Self::LinkAgree | Self::LabelAgree)
    }

    /// Whether the difference is about spans (the text view frames those).
    pub fn is_span(self) -> bool {
        self.index() <= Self::OnlyTheirs.index()
    }
}

/// One entry of the diff: what it pairs and the stretch of text it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub kind: Kind,
    pub document: DocumentId,
    /// The annotations of each side: for a link, the annotation it starts at; none for a
    /// document label.
    pub mine: Option<AnnotationId>,
    pub theirs: Option<AnnotationId>,
    /// What it is about: the spans, a link, an attribute, a document label.
    pub about: About,
    /// The union of the spans, in code points (a link's: both ends'; a label: 0..0).
    pub start: usize,
    pub end: usize,
    /// The tags of the annotations from each side, for filtering by tag.
    pub tags: Vec<String>,
}
