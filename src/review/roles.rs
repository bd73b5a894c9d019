//! Who reviews which two layers into which: the review's roles, which the walk
//! (`session`) and the edits it makes (`settling`) both read.

/// Who reviews which two layers into which.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    pub mine: String,
    pub theirs: String,
    pub reviewed: String,
    pub reviewer: String,
}
