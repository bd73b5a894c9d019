//! Two schemas as one: what two configurations (or a configuration and a file's data)
//! declare together. Definitions of the same name take the tags and choices of both, a
//! tag list left empty (any tag) stays any, and a type is symmetric or transitive if
//! either says so.

use super::{AttributeKind, Schema};

impl Schema {
    /// Adds `other`'s definitions, those of a name already here joined to it.
    pub fn join(&mut self, other: Schema) {
        for relation in other.relations {
            match self.relations.iter_mut().find(|r| r.name == relation.name) {
                Some(ours) => {
                    join_tags(&mut ours.from, &relation.from);
                    join_tags(&mut ours.to, &relation.to);
                    ours.symmetric |= relation.symmetric;
                    ours.transitive |= relation.transitive;
                }
                None => self.relations.push(relation),
            }
        }
        for (list, more, tagged) in [
            (&mut self.attributes, other.attributes, true),
            (&mut self.labels, other.labels, false),
        ] {
            for attribute in more {
                match list.iter_mut().find(|a| a.name == attribute.name) {
                    Some(ours) => {
                        if tagged {
                            join_tags(&mut ours.tags, &attribute.tags);
                        }
                        join_choices(&mut ours.kind, &attribute.kind);
                    }
                    None => list.push(attribute),
                }
            }
        }
        for event in other.events {
            if !self.events.contains(&event) {
                self.events.push(event);
            }
        }
    }
}

/// `ours` taking the tags of `theirs` too; empty (any tag) on either side is any.
pub fn join_tags(ours: &mut Vec<String>, theirs: &[String]) {
    if ours.is_empty() || theirs.is_empty() {
        ours.clear();
        return;
    }
    for tag in theirs {
        if !ours.contains(tag) {
            ours.push(tag.clone());
        }
    }
}

/// A choice list taking the other's choices too; other kinds stay as they are.
pub fn join_choices(ours: &mut AttributeKind, theirs: &AttributeKind) {
    if let (AttributeKind::OneOf(list), AttributeKind::OneOf(more)) = (ours, theirs) {
        for choice in more {
            if !list.contains(choice) {
                list.push(choice.clone());
            }
        }
    }
}
