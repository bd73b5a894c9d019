//! A reviewer's decision on one difference between two annotators' layers: what was
//! chosen, by whom, when, and which layers the pair came from. The reviewed layer holds
//! the resulting annotations; the decisions say where each came from and which
//! differences are settled.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{AnnotationId, DocumentId, RelationId};

/// What a difference (and the decision settling it) is about: a span, a link, one
/// attribute of a pair of matched spans, or one label of a whole document.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum About {
    /// The annotations themselves (the decision's `mine` and `theirs`).
    #[default]
    Span,
    /// A link of each layer (one may be absent: only mine, only theirs).
    Link {
        mine: Option<RelationId>,
        theirs: Option<RelationId>,
    },
    /// The value of this attribute on the matched spans `mine` and `theirs`.
    Attribute(String),
    /// The value of this document label in the two layers.
    Label(String),
}

impl About {
    /// The relations the decision names, for forgetting it when they go.
    pub fn relations(&self) -> impl Iterator<Item = RelationId> {
        let (mine, theirs) = match self {
            Self::Link { mine, theirs } => (*mine, *theirs),
            _ => (None, None),
        };
        mine.into_iter().chain(theirs)
    }
}

/// What the reviewer chose for a difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Choice {
    /// The first layer's annotation goes into the reviewed layer.
    Mine,
    /// The second layer's annotation goes in.
    Theirs,
    /// Both go in.
    Both,
    /// Neither goes in.
    Neither,
    /// One went in and the reviewer then changed it by hand.
    Edited,
}

impl Choice {
    pub const ALL: [Self; 5] = [
        Self::Mine,
        Self::Theirs,
        Self::Both,
        Self::Neither,
        Self::Edited,
    ];

    /// The word stored in the project file and shown in the window.
    pub fn name(self) -> &'static str {
        match self {
            Self::Mine => "mine",
            Self::Theirs => "theirs",
            Self::Both => "both",
            Self::Neither => "neither",
            Self::Edited => "edited",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub document: DocumentId,
    /// The layers compared and the layer the result went into.
    pub mine_layer: String,
    pub theirs_layer: String,
    pub reviewed_layer: String,
    /// The annotations of the difference (one may be absent: only mine, only theirs).
    pub mine: Option<AnnotationId>,
    pub theirs: Option<AnnotationId>,
    /// What the decision is about: the spans, a link, an attribute, a document label.
    #[serde(default)]
    pub about: About,
    pub choice: Choice,
    pub by: String,
    pub at: Timestamp,
}

impl Decision {
    /// Whether this decision settles the difference about `about` pairing `mine` and
    /// `theirs` (for a document label: in the decision's document).
    pub fn settles(
        &self,
        mine: Option<AnnotationId>,
        theirs: Option<AnnotationId>,
        about: &About,
    ) -> bool {
        self.mine == mine && self.theirs == theirs && &self.about == about
    }
}
