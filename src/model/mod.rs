//! The annotation model: documents, the schema (tags, relation types, attributes, document
//! labels), layers, annotations, relations and their invariants.
//! Plain Rust: no egui, no file I/O.

mod annotation;
mod coding_problems;
pub mod colour_vision;
mod conflict;
mod decision;
mod document_ids;
mod iso_date;
pub mod markup;
pub mod motion;
pub mod names;
mod plural;
mod project;
pub mod reading_order;
mod record;
mod relation;
mod schema;
mod schema_join;
pub mod search;
pub mod spacing;
pub mod suggest;
mod tags;
mod text;
pub mod tokens;
mod words;

pub use annotation::{Annotation, AnnotationId, DocumentId, joined_quote, now};
pub use coding_problems::fragment_problem;
pub use conflict::Conflict;
pub use decision::{About, Choice, Decision};
pub use document_ids::NewDocumentIds;
pub use iso_date::iso_date_problem;
pub use plural::{a_or_an, counted};
pub use project::{
    Document, FORMAT_VERSION, LabelKey, Labels, Layer, MAX_ANNOTATION_ID, Problem, Project,
    TextDirection, content_hash,
};
pub use record::{DecisionKey, Placed, Record, RecordKey, keyed};
pub use relation::{Relation, RelationId, Relations};
pub use schema::{AttributeDef, AttributeKind, AttributeValue, RelationType, Schema};
pub use schema_join::{join_choices, join_tags};
pub use tags::{Colour, Tag, TagSet};
pub use text::Text;
