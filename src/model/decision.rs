//! A reviewer's decision on one difference between two annotators' layers: what was
//! chosen, by whom, when, and which layers the pair came from. The reviewed layer holds
//! the resulting annotations; the decisions say where each came from and which
//! differences are settled.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{AnnotationId, DocumentId};

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
    pub choice: Choice,
    pub by: String,
    pub at: Timestamp,
}

impl Decision {
    /// Whether this decision settles the difference pairing `mine` and `theirs`.
    pub fn settles(&self, mine: Option<AnnotationId>, theirs: Option<AnnotationId>) -> bool {
        self.mine == mine && self.theirs == theirs
    }
}
