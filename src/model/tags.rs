//! The tag set: which tags a project uses, their colours, hotkeys and guidelines.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An sRGB colour, written `#rrggbb` in project files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Colour {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

impl FromStr for Colour {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let hex = s
            .strip_prefix('#')
            .filter(|h| h.len() == 6 && h.is_ascii())
            .ok_or_else(|| format!("colour {s:?} is not of the form #rrggbb"))?;
        let channel = |i: usize| {
            u8::from_str_radix(&hex[i..i + 2], 16)
                .map_err(|_| format!("colour {s:?} is not of the form #rrggbb"))
        };
        Ok(Self::rgb(channel(0)?, channel(2)?, channel(4)?))
    }
}

/// One tag a researcher can put on a span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub name: String,
    pub colour: Colour,
    /// A single key (letter or digit) that tags the current selection.
    pub hotkey: Option<char>,
    /// The one-line guideline shown when hovering the tag.
    pub description: String,
}

/// The ordered tags of a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagSet {
    pub tags: Vec<Tag>,
}

impl Default for TagSet {
    /// The default scheme: claims, the actors who make them or are their subject, and dates.
    /// Their colours (vermillion, blue, turquoise) stay at least ΔE 45 apart under
    /// protanopia, deuteranopia and tritanopia (see `colour_vision`).
    fn default() -> Self {
        let tag = |name: &str, colour, hotkey, description: &str| Tag {
            name: name.to_owned(),
            colour,
            hotkey: Some(hotkey),
            description: description.to_owned(),
        };
        Self {
            tags: vec![
                tag(
                    "claim",
                    Colour::rgb(0xdd, 0x44, 0x00),
                    '1',
                    "A statement presented as fact or opinion that could be disputed.",
                ),
                tag(
                    "actor",
                    Colour::rgb(0x66, 0x66, 0xdd),
                    '2',
                    "A person, group, state or organisation that acts or is acted upon.",
                ),
                tag(
                    "date",
                    Colour::rgb(0x00, 0xdd, 0xaa),
                    '3',
                    "A date, time or period mentioned in the text.",
                ),
            ],
        }
    }
}

impl TagSet {
    pub fn get(&self, name: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.name == name)
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.tags.iter().position(|t| t.name == name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The tag whose hotkey is `key` (letters compare case-insensitively).
    pub fn by_hotkey(&self, key: char) -> Option<&Tag> {
        self.tags.iter().find(|t| {
            t.hotkey
                .is_some_and(|h| h.to_lowercase().eq(key.to_lowercase()))
        })
    }

    /// Problems with the tag set itself: empty or duplicate names, clashing hotkeys.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        // Names and hotkeys seen so far, so that a tag set of thousands (an import of
        // another tool's labels) is checked in one pass.
        let mut names = std::collections::HashSet::new();
        let mut keys: std::collections::HashMap<char, &str> = std::collections::HashMap::new();
        for (i, tag) in self.tags.iter().enumerate() {
            if tag.name.trim().is_empty() {
                problems.push(format!("tag {} has an empty name", i + 1));
            } else if let Some(problem) = super::names::tag_name_problem(&tag.name) {
                problems.push(problem);
            }
            if !names.insert(tag.name.as_str()) {
                problems.push(format!("tag {:?} is defined twice", tag.name));
            }
            if let Some(key) = tag.hotkey {
                if !key.is_ascii_alphanumeric() {
                    problems.push(format!(
                        "tag {:?} has hotkey {key:?}; use a letter or digit",
                        tag.name
                    ));
                }
                match keys.get(&key.to_ascii_lowercase()) {
                    Some(other) => problems.push(format!(
                        "tags {:?} and {:?} share the hotkey {key:?}",
                        other, tag.name
                    )),
                    None => {
                        keys.insert(key.to_ascii_lowercase(), &tag.name);
                    }
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_and_print_as_hex() {
        let colour: Colour = "#E4572e".parse().expect("valid colour");
        assert_eq!(colour, Colour::rgb(0xe4, 0x57, 0x2e));
        assert_eq!(colour.to_string(), "#e4572e");
        assert!("e4572e".parse::<Colour>().is_err());
        assert!("#e4572".parse::<Colour>().is_err());
        assert!("#é4572e".parse::<Colour>().is_err());
    }

    #[test]
    fn default_tag_set_is_claim_actor_date_without_problems() {
        let tags = TagSet::default();
        let names: Vec<_> = tags.tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["claim", "actor", "date"]);
        assert!(tags.problems().is_empty());
        assert_eq!(tags.by_hotkey('2').map(|t| t.name.as_str()), Some("actor"));
    }

    #[test]
    fn clashing_hotkeys_and_duplicate_names_are_reported() {
        let mut tags = TagSet::default();
        tags.tags[1].hotkey = Some('1');
        tags.tags[2].name = "claim".into();
        let problems = tags.problems();
        assert!(problems.iter().any(|p| p.contains("share the hotkey")));
        assert!(problems.iter().any(|p| p.contains("defined twice")));
    }
}
