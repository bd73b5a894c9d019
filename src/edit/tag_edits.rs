//! Turning an edited tag set (the tag editor's rows) into the commands that make it so,
//! as one undo step: a renamed tag carries its annotations along.

use crate::model::{Tag, TagSet};

use super::Command;

/// One row of an edited tag set: the tag as it should be, and the name it had before, if
/// it existed (`None` for a new tag).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagEdit {
    pub original: Option<String>,
    pub tag: Tag,
}

impl TagEdit {
    /// The rows of the tag set as it is, for the editor to start from.
    pub fn rows_of(tags: &TagSet) -> Vec<Self> {
        tags.tags
            .iter()
            .map(|t| Self {
                original: Some(t.name.clone()),
                tag: t.clone(),
            })
            .collect()
    }
}

/// The commands that turn `current` into `rows`: removals first, then changes, then
/// additions, so a name freed by a removal or a rename can be taken by another row.
pub fn tag_edits(current: &TagSet, rows: &[TagEdit]) -> Vec<Command> {
    let mut commands = Vec::new();
    for tag in &current.tags {
        if !rows.iter().any(|r| r.original.as_ref() == Some(&tag.name)) {
            commands.push(Command::RemoveTag(tag.name.clone()));
        }
    }
    for row in rows {
        if let Some(name) = &row.original
            && current.get(name) != Some(&row.tag)
        {
            commands.push(Command::UpdateTag {
                name: name.clone(),
                tag: row.tag.clone(),
            });
        }
    }
    for (index, row) in rows.iter().enumerate() {
        if row.original.is_none() {
            commands.push(Command::AddTag {
                index,
                tag: row.tag.clone(),
            });
        }
    }
    commands
}
