//! Walking a document's annotations in reading order (Tab and Shift+Tab): by start, then
//! end, then id, the order they are kept in, wrapping around at either end.

use super::{Annotation, AnnotationId};

/// Where the walk starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum From {
    /// The selected annotation, by its place in reading order.
    Annotation {
        start: usize,
        end: usize,
        id: AnnotationId,
    },
    /// The caret: going forward, an annotation starting at the caret comes next.
    Caret(usize),
}

impl From {
    pub fn annotation(annotation: &Annotation) -> Self {
        Self::Annotation {
            start: annotation.start,
            end: annotation.end,
            id: annotation.id,
        }
    }
}

/// The annotation after (or before) `from` among `annotations` (sorted by start, end, id),
/// wrapping around; `None` when there are none. A binary search: Tab costs the same in a
/// book as in a paragraph.
///
/// ```
/// use annotary::model::reading_order::{From, next};
/// # use annotary::model::{Annotation, AnnotationId, DocumentId};
/// # let at = |id, start, end| Box::new(Annotation { id: AnnotationId(id), document: DocumentId("d".into()),
/// #     layer: "AK".into(), start, end, tag: "actor".into(), quote: String::new(), note: String::new(),
/// #     created: jiff::Timestamp::UNIX_EPOCH, modified: jiff::Timestamp::UNIX_EPOCH,
/// #     fragments: Vec::new(), attributes: Default::default() });
/// let annotations = [at(7, 0, 6), at(5, 10, 14), at(3, 10, 20)]; // sorted by start, end, id
/// // An annotation starting at the caret comes next.
/// assert_eq!(next(&annotations, From::Caret(10), true).map(|a| a.id.0), Some(5));
/// // After the last one, the walk wraps to the first.
/// assert_eq!(next(&annotations, From::annotation(&annotations[2]), true).map(|a| a.id.0), Some(7));
/// assert_eq!(next(&annotations, From::annotation(&annotations[0]), false).map(|a| a.id.0), Some(3));
/// assert_eq!(next(&annotations, From::Caret(12), false).map(|a| a.id.0), Some(3));
/// ```
pub fn next(annotations: &[Box<Annotation>], from: From, forward: bool) -> Option<&Annotation> {
    let key = |a: &Annotation| (a.start, a.end, a.id);
    let here = match from {
        From::Annotation { start, end, id } => (start, end, id),
        From::Caret(caret) if forward => (caret, 0, AnnotationId(0)),
        From::Caret(caret) => (caret, usize::MAX, AnnotationId(u64::MAX)),
    };
    let found = if forward {
        let after = annotations.partition_point(|a| key(a) <= here);
        annotations.get(after).or_else(|| annotations.first())
    } else {
        let before = annotations.partition_point(|a| key(a) < here);
        before
            .checked_sub(1)
            .and_then(|i| annotations.get(i))
            .or_else(|| annotations.last())
    };
    found.map(|a| &**a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentId;

    fn at(id: u64, start: usize, end: usize) -> Box<Annotation> {
        Box::new(Annotation {
            id: AnnotationId(id),
            document: DocumentId("d".into()),
            layer: "AK".into(),
            start,
            end,
            tag: "actor".into(),
            quote: String::new(),
            note: String::new(),
            created: jiff::Timestamp::UNIX_EPOCH,
            modified: jiff::Timestamp::UNIX_EPOCH,
            fragments: Vec::new(),
            attributes: Default::default(),
        })
    }

    #[test]
    fn from_the_caret_annotations_starting_there_come_next_either_way() {
        let annotations = [at(7, 0, 6), at(5, 10, 14), at(3, 10, 20)];
        let id = |from, forward| next(&annotations, from, forward).map(|a| a.id.0);
        assert_eq!(id(From::Caret(10), true), Some(5));
        // Going back from the caret, the last annotation starting at it is the one before.
        assert_eq!(id(From::Caret(10), false), Some(3));
        assert_eq!(id(From::Caret(11), true), Some(7), "wraps to the first");
        assert_eq!(id(From::annotation(&annotations[1]), true), Some(3));
        assert_eq!(id(From::annotation(&annotations[1]), false), Some(7));
        assert_eq!(next(&[], From::Caret(0), true).map(|a| a.id), None);
    }
}
