//! Where two layers differ beyond their spans: the links between matched spans (same type,
//! another type, only one side), the attribute values of matched spans, and the labels
//! each layer gave the whole document.

use std::collections::{BTreeSet, HashMap};

use crate::model::{About, Annotation, AnnotationId, DocumentId, Project, Relation};

use super::difference::{Difference, Kind};

/// Both layers' annotations of one document and the spans the diff matched.
pub(super) struct Sides<'a> {
    pub project: &'a Project,
    pub document: &'a DocumentId,
    pub mine: &'a [&'a Annotation],
    pub theirs: &'a [&'a Annotation],
    /// Matched spans as (mine, theirs).
    pub matched: &'a [(AnnotationId, AnnotationId)],
}

/// The links that start at one layer's annotations, in id order.
fn links_of<'a>(project: &'a Project, annotations: &[&Annotation]) -> Vec<&'a Relation> {
    let mut links: Vec<&Relation> = annotations
        .iter()
        .flat_map(|a| {
            let id = a.id;
            project
                .relations()
                .of(id)
                .into_iter()
                .filter(move |r| r.from == id)
        })
        .collect();
    links.sort_by_key(|r| r.id);
    links
}

impl Sides<'_> {
    fn symmetric(&self, kind: &str) -> bool {
        self.project
            .schema()
            .relation_type(kind)
            .is_some_and(|t| t.symmetric)
    }

    /// Whether their link joins the partners of my link's ends: in the same direction, or
    /// either way when one of the two types has no direction.
    fn joins_partners(
        &self,
        partner: &HashMap<AnnotationId, AnnotationId>,
        mine: &Relation,
        theirs: &Relation,
    ) -> bool {
        let (Some(&from), Some(&to)) = (partner.get(&mine.from), partner.get(&mine.to)) else {
            return false;
        };
        (theirs.from, theirs.to) == (from, to)
            || ((theirs.from, theirs.to) == (to, from)
                && (self.symmetric(&mine.kind) || self.symmetric(&theirs.kind)))
    }

    /// The link differences: first links of the same type between matched spans, then
    /// links of other types between them, one-to-one in id order; the rest are one-sided.
    pub fn link_differences(&self) -> Vec<Difference> {
        let mine = links_of(self.project, self.mine);
        let theirs = links_of(self.project, self.theirs);
        if mine.is_empty() && theirs.is_empty() {
            return Vec::new();
        }
        let partner: HashMap<AnnotationId, AnnotationId> = self.matched.iter().copied().collect();
        let mut used_mine = vec![false; mine.len()];
        let mut used_theirs = vec![false; theirs.len()];
        let mut out = Vec::new();
        for (kind, same_type) in [(Kind::LinkAgree, true), (Kind::LinkTypeConflict, false)] {
            for (i, m) in mine.iter().enumerate() {
                if used_mine[i] {
                    continue;
                }
                let found = theirs.iter().enumerate().position(|(j, t)| {
                    !used_theirs[j]
                        && (m.kind == t.kind) == same_type
                        && self.joins_partners(&partner, m, t)
                });
                if let Some(j) = found {
                    used_mine[i] = true;
                    used_theirs[j] = true;
                    out.push(self.link_difference(kind, Some(m), Some(theirs[j])));
                }
            }
        }
        for (m, _) in mine.iter().zip(&used_mine).filter(|(_, used)| !**used) {
            out.push(self.link_difference(Kind::LinkOnlyMine, Some(m), None));
        }
        for (t, _) in theirs.iter().zip(&used_theirs).filter(|(_, used)| !**used) {
            out.push(self.link_difference(Kind::LinkOnlyTheirs, None, Some(t)));
        }
        out
    }

    fn link_difference(
        &self,
        kind: Kind,
        mine: Option<&Relation>,
        theirs: Option<&Relation>,
    ) -> Difference {
        let ends: Vec<&Annotation> = mine
            .into_iter()
            .chain(theirs)
            .flat_map(|r| [r.from, r.to])
            .filter_map(|id| self.project.annotation(id))
            .collect();
        let mut tags: Vec<String> = ends.iter().map(|a| a.tag.clone()).collect();
        tags.sort();
        tags.dedup();
        Difference {
            kind,
            document: self.document.clone(),
            mine: mine.map(|r| r.from),
            theirs: theirs.map(|r| r.from),
            about: About::Link {
                mine: mine.map(|r| r.id),
                theirs: theirs.map(|r| r.id),
            },
            start: ends.iter().map(|a| a.start).min().unwrap_or(0),
            end: ends.iter().map(|a| a.end).max().unwrap_or(0),
            tags,
        }
    }

    /// Each attribute whose value differs between two matched spans (a value the span does
    /// not set is the schema's default), by attribute name.
    pub fn value_differences(&self) -> Vec<Difference> {
        let mut out = Vec::new();
        for &(mine, theirs) in self.matched {
            let (Some(a), Some(b)) = (
                self.project.annotation(mine),
                self.project.annotation(theirs),
            ) else {
                continue;
            };
            if a.attributes.is_empty() && b.attributes.is_empty() {
                continue;
            }
            let names: BTreeSet<&String> = a.attributes.keys().chain(b.attributes.keys()).collect();
            let schema = self.project.schema();
            // An attribute only one of two tags carries is settled with the tag.
            let both_carry = |name: &str| {
                schema
                    .attribute(name)
                    .is_none_or(|d| d.applies_to(&a.tag) && d.applies_to(&b.tag))
            };
            for name in names.into_iter().filter(|n| both_carry(n)) {
                if self.project.attribute_value(a, name) != self.project.attribute_value(b, name) {
                    out.push(Difference {
                        kind: Kind::ValueConflict,
                        document: self.document.clone(),
                        mine: Some(a.id),
                        theirs: Some(b.id),
                        about: About::Attribute(name.clone()),
                        start: a.start.min(b.start),
                        end: a.end.max(b.end),
                        tags: vec![a.tag.clone(), b.tag.clone()],
                    });
                }
            }
        }
        out
    }
}

/// Each label either layer gave the document: the same value, or another (or only one
/// layer gave it), by label name.
pub(super) fn label_differences(
    project: &Project,
    document: &DocumentId,
    mine_layer: &str,
    theirs_layer: &str,
) -> Vec<Difference> {
    let mine: HashMap<&str, _> = project.labels_of(document, mine_layer).collect();
    let theirs: HashMap<&str, _> = project.labels_of(document, theirs_layer).collect();
    let names: BTreeSet<&str> = mine.keys().chain(theirs.keys()).copied().collect();
    names
        .into_iter()
        .map(|name| Difference {
            kind: if mine.get(name) == theirs.get(name) {
                Kind::LabelAgree
            } else {
                Kind::LabelConflict
            },
            document: document.clone(),
            mine: None,
            theirs: None,
            about: About::Label(name.to_owned()),
            start: 0,
            end: 0,
            tags: Vec::new(),
        })
        .collect()
}
