//! The annotation model: documents, tags, layers, annotations and their invariants.
//! Plain Rust: no egui, no file I/O.

mod annotation;
mod decision;
mod document_ids;
pub mod markup;
pub mod motion;
pub mod names;
mod project;
pub mod reading_order;
pub mod search;
pub mod spacing;
mod tags;
mod text;

pub use annotation::{Annotation, AnnotationId, DocumentId, now};
pub use decision::{Choice, Decision};
pub use document_ids::NewDocumentIds;
pub use project::{
    Document, FORMAT_VERSION, Layer, MAX_ANNOTATION_ID, Problem, Project, content_hash,
};
pub use tags::{Colour, Tag, TagSet};
pub use text::Text;
