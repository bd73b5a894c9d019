//! Find (in the document or across the project) and "annotate all matches": the matches
//! of the query, which are ticked, and tagging the ticked ones in one undo step.

use crate::edit::Command;
use crate::model::search::{Query, find_with};
use crate::model::{DocumentId, Project};

use super::Workspace;
use super::intent::{Effect, FindIntent};

/// One match, in a document, with whether it will be annotated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found<'a> {
    pub document: &'a DocumentId,
    pub start: usize,
    pub end: usize,
    pub ticked: bool,
}

/// The matches in one document: their code-point spans, and where the first stands among
/// all the matches. A search for "the" over a corpus finds more than a million, so a match
/// is kept as its span and a tick, its document named once.
#[derive(Debug)]
struct InDocument {
    document: DocumentId,
    first: usize,
    spans: Vec<(usize, usize)>,
}

/// The search bar's state while it is open.
#[derive(Debug, Default)]
pub struct Search {
    pub query: Query,
    /// Across every document rather than the open one.
    pub everywhere: bool,
    /// The tag "annotate all" gives.
    pub tag: String,
    /// The matches, document by document in the project's order.
    found: Vec<InDocument>,
    /// Per match, in the same order, whether "annotate all" tags it.
    ticked: Vec<bool>,
    /// Why the query is not a pattern (a broken regular expression).
    pub error: Option<String>,
    /// What the last "annotate all" did.
    pub report: Option<String>,
    /// What the matches were found for: query, scope, open document, and which documents
    /// the project holds (texts never change, so annotating leaves the matches and ticks).
    searched_for: Option<(Query, bool, Option<DocumentId>, u64)>,
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
        self.found.clear();
        self.ticked.clear();
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
            if !found.is_empty() {
                let first = self.ticked.len();
                self.ticked.resize(first + found.len(), true);
                self.found.push(InDocument {
                    document: doc.id.clone(),
                    first,
                    spans: found.into_iter().map(|r| (r.start, r.end)).collect(),
                });
            }
        }
    }

    /// How many matches there are.
    pub fn matches(&self) -> usize {
        self.ticked.len()
    }

    /// The match at `index` in the list of all of them.
    pub fn get(&self, index: usize) -> Option<Found<'_>> {
        let ticked = *self.ticked.get(index)?;
        let group = &self.found[self.found.partition_point(|g| g.first <= index) - 1];
        let (start, end) = group.spans[index - group.first];
        Some(Found {
            document: &group.document,
            start,
            end,
            ticked,
        })
    }

    /// The matches in one document as code-point spans, for highlighting.
    pub fn spans_in(&self, document: &DocumentId) -> &[(usize, usize)] {
        self.found
            .iter()
            .find(|g| &g.document == document)
            .map_or(&[], |g| g.spans.as_slice())
    }

    /// How many matches are ticked.
    pub fn ticked(&self) -> usize {
        self.ticked.iter().filter(|t| **t).count()
    }

    /// Ticks or unticks one match.
    fn tick(&mut self, index: usize, ticked: bool) {
        if let Some(tick) = self.ticked.get_mut(index) {
            *tick = ticked;
        }
    }

    /// The commands that tag every ticked match not already carrying the tag in `layer`,
    /// one per document, and how many were added and skipped.
    pub fn annotate_all(&self, project: &Project, layer: &str) -> (Vec<Command>, usize, usize) {
        let mut commands = Vec::new();
        let (mut added, mut skipped) = (0, 0);
        for group in &self.found {
            let document = &group.document;
            let existing = project.annotations_in(document);
            let mut spans = Vec::new();
            let ticks = &self.ticked[group.first..group.first + group.spans.len()];
            for (&(start, end), _) in group.spans.iter().zip(ticks).filter(|(_, t)| **t) {
                let first = existing.partition_point(|a| a.start < start);
                let already = existing[first..]
                    .iter()
                    .take_while(|a| a.start == start)
                    .any(|a| a.end == end && a.tag == self.tag && a.layer == layer);
                if already {
                    skipped += 1;
                } else {
                    spans.push((start, end));
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
            FindIntent::Tick { index, ticked } => search.tick(index, ticked),
            FindIntent::TickAll(ticked) => search.ticked.fill(ticked),
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
