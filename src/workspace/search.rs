//! Find (in the document or across the project) and "annotate all matches": the matches
//! of the query, which are ticked, and tagging the ticked ones in one undo step.

use crate::edit::Command;
use crate::model::search::{Query, find_with};
use crate::model::{DocumentId, Project};

use super::Workspace;
use super::intent::{Effect, FindIntent};

/// One match, in a document, with whether it will be annotated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub document: DocumentId,
    pub start: usize,
    pub end: usize,
    pub ticked: bool,
}

/// The search bar's state while it is open.
#[derive(Debug, Default)]
pub struct Search {
    pub query: Query,
    /// Across every document rather than the open one.
    pub everywhere: bool,
    /// The tag "annotate all" gives.
    pub tag: String,
    pub results: Vec<Found>,
    /// Why the query is not a pattern (a broken regular expression).
    pub error: Option<String>,
    /// What the last "annotate all" did.
    pub report: Option<String>,
    /// What `results` were found for: query, scope, open document, and which documents
    /// the project holds (texts never change, so annotating leaves the matches and ticks).
    searched_for: Option<(Query, bool, Option<DocumentId>, u64)>,
    /// The matches as spans, grouped by document: computed once per search, not per frame.
    spans: Vec<(DocumentId, Vec<(usize, usize)>)>,
}

impl Search {
    pub fn open(everywhere: bool, tag: &str) -> Self {
        Self {
            everywhere,
            tag: tag.to_owned(),
            ..Self::default()
        }
    }

    /// Runs the search again when the query, the scope, the open document or the
    /// project's documents changed.
    pub fn refresh(&mut self, project: &Project, document: Option<&DocumentId>) {
        let key = (
            self.query.clone(),
            self.everywhere,
            document.cloned(),
            documents_fingerprint(project),
        );
        if self.searched_for.as_ref() == Some(&key) {
            return;
        }
        self.searched_for = Some(key);
        self.results.clear();
        self.spans.clear();
        self.error = None;
        if self.query.text.is_empty() {
            return;
        }
        let pattern = match self.query.pattern() {
            Ok(pattern) => pattern,
            Err(error) => {
                self.error = Some(error);
                return;
            }
        };
        for doc in project.documents() {
            if !self.everywhere && Some(&doc.id) != document {
                continue;
            }
            let found = find_with(doc.text(), &pattern);
            self.results.extend(found.iter().map(|r| Found {
                document: doc.id.clone(),
                start: r.start,
                end: r.end,
                ticked: true,
            }));
            if !found.is_empty() {
                self.spans.push((
                    doc.id.clone(),
                    found.into_iter().map(|r| (r.start, r.end)).collect(),
                ));
            }
        }
    }

    /// The matches in one document as code-point spans, for highlighting.
    pub fn spans_in(&self, document: &DocumentId) -> &[(usize, usize)] {
        self.spans
            .iter()
            .find(|(d, _)| d == document)
            .map_or(&[], |(_, spans)| spans.as_slice())
    }

    /// How many matches are ticked.
    pub fn ticked(&self) -> usize {
        self.results.iter().filter(|f| f.ticked).count()
    }

    /// The commands that tag every ticked match not already carrying the tag in `layer`,
    /// one per document, and how many were added and skipped.
    pub fn annotate_all(&self, project: &Project, layer: &str) -> (Vec<Command>, usize, usize) {
        let mut commands = Vec::new();
        let (mut added, mut skipped) = (0, 0);
        let mut index = 0;
        while index < self.results.len() {
            let document = &self.results[index].document;
            let existing = project.annotations_in(document);
            let mut spans = Vec::new();
            while index < self.results.len() && &self.results[index].document == document {
                let found = &self.results[index];
                index += 1;
                if !found.ticked {
                    continue;
                }
                let first = existing.partition_point(|a| a.start < found.start);
                let already = existing[first..]
                    .iter()
                    .take_while(|a| a.start == found.start)
                    .any(|a| a.end == found.end && a.tag == self.tag && a.layer == layer);
                if already {
                    skipped += 1;
                } else {
                    spans.push((found.start, found.end));
                }
            }
            if !spans.is_empty() {
                added += spans.len();
                commands.push(Command::AnnotateMany {
                    document: document.clone(),
                    layer: layer.to_owned(),
                    tag: self.tag.clone(),
                    spans,
                    notes: Vec::new(),
                });
            }
        }
        (commands, added, skipped)
    }
}

/// Which documents (and texts) the project holds, in order, as one number.
fn documents_fingerprint(project: &Project) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for document in project.documents() {
        document.id.hash(&mut hasher);
        document.content_hash().hash(&mut hasher);
    }
    hasher.finish()
}

impl Workspace {
    pub(super) fn find(&mut self, intent: FindIntent, effects: &mut Vec<Effect>) {
        if let FindIntent::Open { everywhere } = intent {
            self.open_search(everywhere);
            effects.push(Effect::FocusSearch);
            return;
        }
        if intent == FindIntent::AnnotateMatches {
            self.annotate_matches();
            return;
        }
        let Some(search) = self.search.as_mut() else {
            return;
        };
        match intent {
            FindIntent::Query(query) => search.query = query,
            FindIntent::Everywhere(everywhere) => search.everywhere = everywhere,
            FindIntent::Tag(tag) => {
                self.view.last_tag = Some(tag.clone());
                search.tag = tag;
            }
            FindIntent::Tick { index, ticked } => {
                if let Some(found) = search.results.get_mut(index) {
                    found.ticked = ticked;
                }
            }
            FindIntent::TickAll(ticked) => {
                search.results.iter_mut().for_each(|f| f.ticked = ticked)
            }
            FindIntent::Close => self.search = None,
            FindIntent::Open { .. } | FindIntent::AnnotateMatches => {}
        }
    }

    /// Opens the search bar, starting from the selected text as editors do; an open one
    /// changes scope.
    fn open_search(&mut self, everywhere: bool) {
        if let Some(search) = self.search.as_mut() {
            search.everywhere = everywhere;
            return;
        }
        // The tag last given, if it is still in the tag set, else the first.
        let tags = self.project.tags();
        let tag = (self.view.last_tag.as_ref())
            .filter(|t| tags.contains(t))
            .or(tags.tags.first().map(|t| &t.name))
            .cloned();
        let mut search = Search::open(everywhere, &tag.unwrap_or_default());
        if let (Some((start, end)), Some(document)) = (self.view.selected_range(), self.document())
        {
            search.query.text = document.text().slice(start, end).to_owned();
        }
        self.search = Some(search);
    }

    /// Tags the ticked matches (skipping those already tagged) in one undo step.
    fn annotate_matches(&mut self) {
        let Some(search) = self.search.as_mut() else {
            return;
        };
        let (commands, added, skipped) = search.annotate_all(&self.project, &self.view.layer);
        let tag = &search.tag;
        search.report = Some(if skipped > 0 {
            format!("Tagged {added} as {tag}; {skipped} already were, skipped.")
        } else {
            format!("Tagged {added} as {tag}.")
        });
        if !commands.is_empty() {
            self.change(Command::Batch(commands));
        }
    }
}
