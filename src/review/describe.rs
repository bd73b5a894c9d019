//! How a difference reads to the reviewer: each side in words (a span, a link between two
//! spans, a value, a document label), and which choices can settle it.

use crate::model::{About, Annotation, AnnotationId, AttributeValue, Choice, Project, Relation};

use super::difference::Difference;

/// `claim “Russia said”`, or a dash for nothing.
pub fn span_text(annotation: Option<&Annotation>) -> String {
    annotation.map_or_else(|| "—".to_owned(), |a| format!("{} “{}”", a.tag, a.quote))
}

fn link_text(project: &Project, link: Option<&Relation>) -> String {
    let Some(link) = link else {
        return "—".to_owned();
    };
    let end = |id: AnnotationId| span_text(project.annotation(id));
    // Words, not an arrow glyph: the default fonts have none.
    format!("{}, {}: {}", end(link.from), link.kind, end(link.to))
}

fn value_text(value: Option<&AttributeValue>) -> String {
    value.map_or_else(|| "not set".to_owned(), |v| format!("{v}"))
}

impl Difference {
    /// One side of the difference in words: mine (`mine` true) or theirs, of `layer`.
    pub fn side_text(&self, project: &Project, layer: &str, mine: bool) -> String {
        let annotation = if mine { self.mine } else { self.theirs };
        let annotation = annotation.and_then(|id| project.annotation(id));
        match &self.about {
            About::Span => span_text(annotation),
            About::Link {
                mine: my_link,
                theirs: their_link,
            } => {
                let id = if mine { my_link } else { their_link };
                link_text(project, id.and_then(|id| project.relations().get(id)))
            }
            About::Attribute(name) => {
                let value = annotation.and_then(|a| project.attribute_value(a, name));
                format!(
                    "{name} = {} on {}",
                    value_text(value),
                    span_text(annotation)
                )
            }
            About::Label(name) => {
                let value =
                    project
                        .labels()
                        .get(&(self.document.clone(), layer.to_owned(), name.clone()));
                format!("document {name} = {}", value_text(value))
            }
        }
    }

    /// Whether `choice` can settle this difference: it names a side the difference has;
    /// an attribute or a document label holds one value, so not both of a conflict; only
    /// a span is edited by hand.
    pub fn offers(&self, choice: Choice) -> bool {
        let (mine, theirs) = match &self.about {
            About::Span => (self.mine.is_some(), self.theirs.is_some()),
            About::Link { mine, theirs } => (mine.is_some(), theirs.is_some()),
            About::Attribute(_) | About::Label(_) => (true, true),
        };
        let one_value = matches!(self.about, About::Attribute(_) | About::Label(_));
        match choice {
            Choice::Mine => mine,
            Choice::Theirs => theirs,
            Choice::Both => mine && theirs && !(one_value && self.kind.is_disagreement()),
            Choice::Neither => true,
            Choice::Edited => self.about == About::Span,
        }
    }
}
