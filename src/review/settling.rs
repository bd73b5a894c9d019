//! What settling differences does to the reviewed layer, as edits: the chosen spans copied
//! in (once: a span already there is not copied again), links drawn between the copies of
//! their ends (an end not copied yet comes along), attribute values set on the copies,
//! document labels set; then the decision itself. One `Settling` builds one undo step.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use jiff::Timestamp;

use crate::edit::Command;
use crate::model::{
    About, Annotation, AnnotationId, AttributeValue, Choice, Decision, DocumentId, Layer, Project,
    Relation,
};

use super::diff::{Difference, Kind, matched_spans};
use super::roles::Review;

/// A span of the reviewed layer as the copies are looked up: document, tag, pieces.
type SpanKey = (DocumentId, String, Vec<(usize, usize)>);

fn span_key(a: &Annotation) -> SpanKey {
    (a.document.clone(), a.tag.clone(), a.pieces().collect())
}

/// The commands of one undo step of a review, and what the reviewed layer holds once they
/// are applied (the project as it is plus what the step adds so far).
pub(super) struct Settling<'a> {
    project: &'a Project,
    review: &'a Review,
    at: Timestamp,
    /// The next id the project gives out once the commands so far are applied: copies and
    /// links take ids from the one sequence, so later commands can name them.
    next: u64,
    pub commands: Vec<Command>,
    /// Documents whose reviewed spans, values and links are loaded below.
    loaded: HashSet<DocumentId>,
    copies: HashMap<SpanKey, AnnotationId>,
    /// The own attribute values of the reviewed layer's spans.
    values: HashMap<AnnotationId, BTreeMap<String, AttributeValue>>,
    /// The reviewed layer's links as (from, to, type).
    links: HashSet<(AnnotationId, AnnotationId, String)>,
    /// Document labels of the reviewed layer this step has set (`None`: cleared).
    labels: HashMap<(DocumentId, String), Option<AttributeValue>>,
    /// Each document's matched spans, both ways, to find the copy of a link's end.
    partners: HashMap<DocumentId, HashMap<AnnotationId, AnnotationId>>,
}

impl<'a> Settling<'a> {
    pub fn new(project: &'a Project, review: &'a Review, at: Timestamp) -> Self {
        let mut commands = Vec::new();
        if !project.layers().iter().any(|l| l.name == review.reviewed) {
            commands.push(Command::AddLayer {
                index: project.layers().len(),
                layer: Layer {
                    name: review.reviewed.clone(),
                },
            });
        }
        Self {
            project,
            review,
            at,
            next: project.next_annotation_id().0,
            commands,
            loaded: HashSet::new(),
            copies: HashMap::new(),
            values: HashMap::new(),
            links: HashSet::new(),
            labels: HashMap::new(),
            partners: HashMap::new(),
        }
    }

    /// Loads what the reviewed layer holds in `document`, once.
    fn load(&mut self, document: &DocumentId) {
        if !self.loaded.insert(document.clone()) {
            return;
        }
        let project = self.project;
        for a in project.annotations_in(document) {
            if a.layer != self.review.reviewed {
                continue;
            }
            self.copies.insert(span_key(a), a.id);
            self.values.insert(a.id, a.attributes.clone());
            for r in project.relations().of(a.id) {
                self.links.insert((r.from, r.to, r.kind.clone()));
            }
        }
    }

    /// The reviewed layer's span with the same document, tag and pieces as `a`, if any.
    pub fn copy_of(&mut self, a: &Annotation) -> Option<AnnotationId> {
        self.load(&a.document);
        self.copies.get(&span_key(a)).copied()
    }

    /// The copy of `a` in the reviewed layer, made now if there is none.
    fn copy(&mut self, a: &Annotation) -> AnnotationId {
        if let Some(id) = self.copy_of(a) {
            return id;
        }
        let id = AnnotationId(self.next);
        self.next += 1;
        let mut pieces = a.pieces();
        let first = pieces.next().unwrap_or((a.start, a.end));
        self.commands.push(Command::AnnotateMany {
            document: a.document.clone(),
            layer: self.review.reviewed.clone(),
            tag: a.tag.clone(),
            spans: vec![first],
            notes: vec![a.note.clone()],
        });
        self.commands
            .extend(pieces.map(|(start, end)| Command::AddFragment { id, start, end }));
        let values = self.wanted_values(a);
        self.commands
            .extend(values.iter().map(|(name, value)| Command::SetAttribute {
                id,
                name: name.clone(),
                value: Some(value.clone()),
            }));
        self.copies.insert(span_key(a), id);
        self.values.insert(id, values);
        id
    }

    /// The values a copy of `a` holds: its own, with those the reviewer already settled for
    /// its pair in their place (an attribute decision is not undone by a later copy).
    fn wanted_values(&self, a: &Annotation) -> BTreeMap<String, AttributeValue> {
        let project = self.project;
        let mut values = a.attributes.clone();
        let decided = project.decisions().iter().filter(|d| {
            d.mine_layer == self.review.mine
                && d.theirs_layer == self.review.theirs
                && (d.mine == Some(a.id) || d.theirs == Some(a.id))
        });
        for d in decided {
            let About::Attribute(name) = &d.about else {
                continue;
            };
            let source = match d.choice {
                Choice::Mine => d.mine,
                Choice::Theirs => d.theirs,
                _ => None,
            };
            let value = source
                .and_then(|id| project.annotation(id))
                .and_then(|x| x.attributes.get(name))
                .filter(|_| self.carries(&a.tag, name));
            match value {
                Some(v) => values.insert(name.clone(), v.clone()),
                None => values.remove(name),
            };
        }
        values
    }

    /// Whether a span tagged `tag` may hold attribute `name` (one the schema does not
    /// know is left to the edit to refuse).
    fn carries(&self, tag: &str, name: &str) -> bool {
        self.project
            .schema()
            .attribute(name)
            .is_none_or(|d| d.applies_to(tag))
    }

    /// Puts `a` into the reviewed layer where the copy of `other` (the span it was matched
    /// with) stands, if there is one: a link accepted before its ends were settled brought
    /// that copy, and the link stays on it. Else copies `a` as usual.
    fn take_place_of(&mut self, a: &Annotation, other: &Annotation) {
        if self.copy_of(a).is_some() {
            return;
        }
        let Some(stand_in) = self.copy_of(other) else {
            self.copy(a);
            return;
        };
        let wanted = self.wanted_values(a);
        if a.tag != other.tag {
            // Same pieces, another tag: retagged as an edit would, which takes the links
            // the new tag does not fit away (and undo puts them back).
            self.commands.push(Command::Retag {
                id: stand_in,
                tag: a.tag.clone(),
            });
            let schema = self.project.schema();
            let own = self.values.entry(stand_in).or_default();
            own.retain(|name, _| schema.attribute(name).is_none_or(|d| d.applies_to(&a.tag)));
            let names: BTreeSet<String> = own.keys().chain(wanted.keys()).cloned().collect();
            for name in names {
                self.set_value(stand_in, &name, wanted.get(&name));
            }
        } else {
            // Same tag, other pieces: the links still fit.
            let mut chosen = a.clone();
            chosen.id = stand_in;
            chosen.layer = self.review.reviewed.clone();
            chosen.attributes = wanted.clone();
            self.commands.push(Command::Replace(chosen));
            self.values.insert(stand_in, wanted);
        }
        self.copies.remove(&span_key(other));
        self.copies.insert(span_key(a), stand_in);
    }

    /// The copy of a link's end: of the end itself, else of the span it was matched with,
    /// else a copy of the end made now.
    fn end_copy(&mut self, end: &Annotation) -> AnnotationId {
        if let Some(id) = self.copy_of(end) {
            return id;
        }
        let document = end.document.clone();
        if !self.partners.contains_key(&document) {
            let pairs = matched_spans(
                self.project,
                &document,
                &self.review.mine,
                &self.review.theirs,
            );
            let both_ways = pairs.iter().flat_map(|&(a, b)| [(a, b), (b, a)]).collect();
            self.partners.insert(document.clone(), both_ways);
        }
        let partner = self.partners[&document]
            .get(&end.id)
            .and_then(|&id| self.project.annotation(id));
        if let Some(id) = partner.and_then(|p| self.copy_of(p)) {
            return id;
        }
        self.copy(end)
    }

    /// Draws `link` between the copies of its ends, unless the reviewed layer has it.
    fn link(&mut self, link: &Relation) -> Option<()> {
        let from = self.project.annotation(link.from)?;
        let to = self.project.annotation(link.to)?;
        let (from, to) = (self.end_copy(from), self.end_copy(to));
        let symmetric = self
            .project
            .schema()
            .relation_type(&link.kind)
            .is_some_and(|t| t.symmetric);
        let has = |a, b| self.links.contains(&(a, b, link.kind.clone()));
        if has(from, to) || (symmetric && has(to, from)) {
            return Some(());
        }
        self.commands.push(Command::Relate {
            kind: link.kind.clone(),
            from,
            to,
            note: link.note.clone(),
        });
        self.next += 1;
        self.links.insert((from, to, link.kind.clone()));
        Some(())
    }

    /// Sets attribute `name` of the reviewed span `id` to `value` (`None`: cleared), if it
    /// holds another.
    fn set_value(&mut self, id: AnnotationId, name: &str, value: Option<&AttributeValue>) {
        let own = self.values.entry(id).or_default();
        if own.get(name) == value {
            return;
        }
        match value {
            Some(v) => own.insert(name.to_owned(), v.clone()),
            None => own.remove(name),
        };
        self.commands.push(Command::SetAttribute {
            id,
            name: name.to_owned(),
            value: value.cloned(),
        });
    }

    /// Sets document label `name` of the reviewed layer, if it holds another value.
    fn set_label(&mut self, document: &DocumentId, name: &str, value: Option<&AttributeValue>) {
        let key = (document.clone(), name.to_owned());
        let reviewed = &self.review.reviewed;
        let now = match self.labels.get(&key) {
            Some(set) => set.as_ref(),
            None => {
                self.project
                    .labels()
                    .get(&(document.clone(), reviewed.clone(), name.to_owned()))
            }
        };
        if now == value {
            return;
        }
        self.commands.push(Command::SetDocumentLabel {
            document: document.clone(),
            layer: reviewed.clone(),
            name: name.to_owned(),
            value: value.cloned(),
        });
        self.labels.insert(key, value.cloned());
    }

    /// Settles `difference` with `choice`: the edits, then the decision. `Err` says why
    /// the choice does not fit the difference (nothing is added then).
    pub fn settle(&mut self, difference: &Difference, choice: Choice) -> Result<(), String> {
        let project = self.project;
        let side = |id: Option<AnnotationId>| id.and_then(|id| project.annotation(id));
        let (mine, theirs) = (side(difference.mine), side(difference.theirs));
        let agree = !difference.kind.is_disagreement();
        match &difference.about {
            About::Span => {
                let picked =
                    pick(mine, theirs, choice, agree).ok_or_else(|| refusal(difference, choice))?;
                let one = picked.len() == 1;
                for a in picked {
                    let other = [mine, theirs].into_iter().flatten().find(|o| o.id != a.id);
                    match other.filter(|_| one) {
                        Some(other) => self.take_place_of(a, other),
                        None => {
                            self.copy(a);
                        }
                    }
                }
            }
            About::Link {
                mine: my_link,
                theirs: their_link,
            } => {
                if choice == Choice::Edited {
                    return Err(refusal(difference, choice));
                }
                let link = |id: &Option<_>| id.and_then(|id| project.relations().get(id));
                let picked = pick(link(my_link), link(their_link), choice, agree)
                    .ok_or_else(|| refusal(difference, choice))?;
                for r in picked {
                    self.link(r).ok_or_else(|| refusal(difference, choice))?;
                }
            }
            About::Attribute(name) => self.settle_value(difference, name, mine, theirs, choice)?,
            About::Label(name) => self.settle_label(difference, name, choice)?,
        }
        self.decide(difference, choice);
        Ok(())
    }

    fn settle_value(
        &mut self,
        difference: &Difference,
        name: &str,
        mine: Option<&Annotation>,
        theirs: Option<&Annotation>,
        choice: Choice,
    ) -> Result<(), String> {
        let (Some(mine), Some(theirs)) = (mine, theirs) else {
            return Err(refusal(difference, choice));
        };
        let source = match choice {
            Choice::Mine => Some(mine),
            Choice::Theirs => Some(theirs),
            Choice::Neither => None,
            Choice::Both | Choice::Edited => return Err(refusal(difference, choice)),
        };
        let value = source.and_then(|a| a.attributes.get(name));
        // Every copy of the pair takes the value (both are there after "accept both"), if
        // its tag carries the attribute.
        let mut copies: Vec<(AnnotationId, &str)> = [mine, theirs]
            .into_iter()
            .filter_map(|a| Some((self.copy_of(a)?, a.tag.as_str())))
            .collect();
        copies.dedup_by_key(|(id, _)| *id);
        if copies.is_empty() {
            // Nothing of the pair is in the reviewed layer yet: the chosen span comes in
            // with its values; a rejected value needs no span.
            if let Some(source) = source {
                self.copy(source);
            }
        }
        let targets: Vec<AnnotationId> = copies
            .into_iter()
            .filter(|(_, tag)| value.is_none() || self.carries(tag, name))
            .map(|(id, _)| id)
            .collect();
        for id in targets {
            self.set_value(id, name, value);
        }
        Ok(())
    }

    fn settle_label(
        &mut self,
        difference: &Difference,
        name: &str,
        choice: Choice,
    ) -> Result<(), String> {
        let document = &difference.document;
        let value_in = |layer: &str| {
            self.project
                .labels()
                .get(&(document.clone(), layer.to_owned(), name.to_owned()))
        };
        let value = match choice {
            Choice::Mine => value_in(&self.review.mine),
            Choice::Theirs => value_in(&self.review.theirs),
            Choice::Both if difference.kind == Kind::LabelAgree => value_in(&self.review.mine),
            Choice::Neither => None,
            Choice::Both | Choice::Edited => return Err(refusal(difference, choice)),
        };
        self.set_label(document, name, value);
        Ok(())
    }

    fn decide(&mut self, difference: &Difference, choice: Choice) {
        self.commands.push(Command::Decide(Decision {
            document: difference.document.clone(),
            mine_layer: self.review.mine.clone(),
            theirs_layer: self.review.theirs.clone(),
            reviewed_layer: self.review.reviewed.clone(),
            mine: difference.mine,
            theirs: difference.theirs,
            about: difference.about.clone(),
            choice,
            by: self.review.reviewer.clone(),
            at: self.at,
        }));
    }
}

/// What a choice keeps of the two sides; `None` if it names a side that is absent.
/// Accepting both of an agreement keeps one (they are the same).
fn pick<T>(mine: Option<T>, theirs: Option<T>, choice: Choice, agree: bool) -> Option<Vec<T>> {
    Some(match choice {
        Choice::Mine => vec![mine?],
        Choice::Theirs => vec![theirs?],
        Choice::Both if agree => vec![mine?],
        Choice::Both => mine.into_iter().chain(theirs).collect(),
        Choice::Neither => Vec::new(),
        Choice::Edited => vec![mine.or(theirs)?],
    })
}

/// Why `choice` cannot settle `difference`, in the reviewer's words.
fn refusal(difference: &Difference, choice: Choice) -> String {
    let kind = difference.kind.label();
    match (&difference.about, choice) {
        (About::Attribute(name), Choice::Both) => format!(
            "An attribute holds one value: keep mine or theirs for {name:?}, or reject both."
        ),
        (About::Label(name), Choice::Both) => format!(
            "A document label holds one value: keep mine or theirs for {name:?}, or reject both."
        ),
        (About::Span, _) => format!("This {kind} has no annotation to accept that way."),
        (_, Choice::Edited) => format!(
            "Only a span is edited in review; settle this {kind} with mine, theirs, both or reject."
        ),
        _ => format!("This {kind} has nothing to accept that way."),
    }
}
