//! Ids for documents being added: readable (from a file name), unused in the project and
//! among the others being added, and found without a scan per document, so that importing
//! ten thousand files all called `article.txt` stays linear.

use std::collections::{HashMap, HashSet};

use super::{DocumentId, Project};

/// Hands out ids for new documents of one project: `stem`, then `stem-2`, `stem-3`, …
pub struct NewDocumentIds<'a> {
    project: &'a Project,
    /// Ids handed out so far.
    taken: HashSet<String>,
    /// Per base, the suffix to try next: no base is scanned from 2 twice.
    next_suffix: HashMap<String, usize>,
}

impl<'a> NewDocumentIds<'a> {
    pub fn new(project: &'a Project) -> Self {
        Self {
            project,
            taken: HashSet::new(),
            next_suffix: HashMap::new(),
        }
    }

    /// An id derived from `wanted` (a file stem, a task id) that neither the project nor an
    /// earlier call has; letters, digits, `-` and `_` are kept, anything else becomes `_`.
    pub fn fresh(&mut self, wanted: &str) -> DocumentId {
        let base = id_base(wanted);
        let free = |ids: &Self, candidate: &str| {
            !ids.taken.contains(candidate)
                && ids
                    .project
                    .document(&DocumentId(candidate.to_owned()))
                    .is_none()
        };
        let candidate = if free(self, &base) {
            base
        } else {
            let mut n = self.next_suffix.get(&base).copied().unwrap_or(2);
            let mut candidate = format!("{base}-{n}");
            while !free(self, &candidate) {
                n += 1;
                candidate = format!("{base}-{n}");
            }
            self.next_suffix.insert(base, n + 1);
            candidate
        };
        self.taken.insert(candidate.clone());
        DocumentId(candidate)
    }
}

/// The readable part of an id: what a file name or a title allows in one.
fn id_base(wanted: &str) -> String {
    let base: String = wanted
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if base.is_empty() {
        "document".to_owned()
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, TagSet};

    #[test]
    fn same_names_get_numbers_in_turn_around_ids_already_taken() {
        let documents = ["article", "article-3"]
            .map(|id| Document::new(DocumentId(id.into()), id.into(), String::new(), "x"));
        let project = Project::from_parts(
            "p".into(),
            TagSet::default(),
            Project::default().layers().to_vec(),
            documents.to_vec(),
            Vec::new(),
            1,
        )
        .expect("valid");
        let mut ids = NewDocumentIds::new(&project);
        let handed: Vec<String> = (0..4).map(|_| ids.fresh("article").0).collect();
        assert_eq!(handed, ["article-2", "article-4", "article-5", "article-6"]);
        assert_eq!(ids.fresh("my article (v2)").0, "my_article__v2_");
        assert_eq!(ids.fresh("").0, "document");
    }
}
