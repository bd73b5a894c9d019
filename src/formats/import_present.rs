//! What an import finds already in the project, so that importing the same files twice
//! adds nothing: an annotation equal to one in the layer it goes into (same document,
//! offsets, pieces, tag and note), a link of the same type between the same two
//! annotations, a document label with the same value. Each annotation of the project
//! stands for one of the file's: a file that gives the same span twice (brat allows it)
//! finds its two copies, each with its own links, and not one copy twice.

use std::collections::{HashMap, HashSet};

use crate::model::{Annotation, AnnotationId, AttributeValue, DocumentId, LabelKey, Project};

/// Where an annotation sits and what it says, as far as "already present" asks.
type Place<'a> = (&'a str, usize, usize, &'a str);

/// The project's annotations, indexed per document the first time an import touches it
/// (an import of a few articles into a corpus of thousands indexes only those).
pub struct Present<'a> {
    project: &'a Project,
    by_document: HashMap<DocumentId, HashMap<Place<'a>, Vec<&'a Annotation>>>,
    /// The annotations already found equal to one of the file's.
    found: HashSet<AnnotationId>,
}

impl<'a> Present<'a> {
    pub fn new(project: &'a Project) -> Self {
        Self {
            project,
            by_document: HashMap::new(),
            found: HashSet::new(),
        }
    }

    /// The annotation of `layer` on `document` equal to the one described, if there is one
    /// not found before.
    pub fn annotation(
        &mut self,
        document: &DocumentId,
        layer: &str,
        (start, end): (usize, usize),
        tag: &str,
        note: &str,
        fragments: &[(usize, usize)],
    ) -> Option<AnnotationId> {
        let project = self.project;
        let index = self.by_document.entry(document.clone()).or_insert_with(|| {
            let mut index: HashMap<Place<'a>, Vec<&'a Annotation>> = HashMap::new();
            for a in project.annotations_in(document) {
                let place = (a.layer.as_str(), a.start, a.end, a.tag.as_str());
                index.entry(place).or_default().push(a);
            }
            index
        });
        let found = &mut self.found;
        index
            .get(&(layer, start, end, tag))?
            .iter()
            .find(|a| a.note == note && a.fragments == fragments && !found.contains(&a.id))
            .map(|a| {
                found.insert(a.id);
                a.id
            })
    }

    /// Whether the project already links `from` to `to` with a link of type `kind`.
    pub fn relation(&self, kind: &str, from: AnnotationId, to: AnnotationId) -> bool {
        self.project
            .relations()
            .of(from)
            .iter()
            .any(|r| r.kind == kind && r.from == from && r.to == to)
    }

    /// Whether the project already gives this label this value.
    pub fn label(&self, key: &LabelKey, value: &AttributeValue) -> bool {
        self.project.labels().get(key) == Some(value)
    }
}
