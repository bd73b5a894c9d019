//! Files read as new documents, as one undo step: each text once (a text the project
//! already holds is not added again), and a news-database export split into its articles,
//! each with its outlet, date, byline, section and length as document labels of the
//! `source` layer (what the file says of the article, apart from any coder's labels); a
//! Word, OpenDocument, RTF or EPUB file's author and creation date are `source` labels too.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::edit::Command;
use crate::model::{
    AttributeDef, AttributeKind, AttributeValue, Document, DocumentId, LabelKey, Layer,
    NewDocumentIds, Project,
};

use super::import::files_under;
use super::news::{self, Article, Split};
use super::plain_text;

/// The layer that holds what a file says of its articles.
pub const SOURCE_LAYER: &str = "source";

/// Whether a news-database export comes in as its articles or as the one file it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NewsExports {
    #[default]
    Split,
    Whole,
}

/// Texts read as new documents.
#[derive(Debug, Default)]
pub struct AddedDocuments {
    /// One undo step adding them all (an empty batch when none could be read).
    pub command: Option<Command>,
    /// The first one added, to open it.
    pub first: Option<DocumentId>,
    pub added: usize,
    /// "PATH: the same text as “Title”" for each text the project (or an earlier file of
    /// the import) already holds: not added again.
    pub present: Vec<String>,
    /// Each news export split: the file, and its articles' titles.
    pub split: Vec<(String, Vec<String>)>,
    /// Files that look like a news export but were not split, and why.
    pub notes: Vec<String>,
    /// News exports kept whole, as asked.
    pub kept_whole: usize,
    /// "PATH: why" for each file that could not be read.
    pub problems: Vec<String>,
}

/// Reads the files in `inputs` (folders are searched for every document format) as new
/// documents of `project`, news exports split into their articles.
pub fn add_documents(project: &Project, inputs: &[PathBuf]) -> AddedDocuments {
    add_documents_as(project, inputs, NewsExports::Split)
}

/// The same, news exports split or whole as `news` says.
pub fn add_documents_as(
    project: &Project,
    inputs: &[PathBuf],
    news: NewsExports,
) -> AddedDocuments {
    let mut adding = Adding {
        project,
        ids: NewDocumentIds::new(project),
        held: project
            .documents()
            .iter()
            .map(|d| (d.content_hash().to_owned(), d.title.clone()))
            .collect(),
        documents: Vec::new(),
        labels: Vec::new(),
        result: AddedDocuments::default(),
    };
    for path in inputs
        .iter()
        .flat_map(|i| files_under(i, plain_text::EXTENSIONS))
    {
        let (document, says) = match plain_text::read_file(&path, &mut adding.ids) {
            Ok(read) => read,
            Err(error) => {
                adding.result.problems.push(error.to_string());
                continue;
            }
        };
        let name = path.display().to_string();
        match news::split(document.text().as_str()) {
            Split::Articles(articles) if news == NewsExports::Split => {
                adding.articles(&name, &document, articles);
                continue;
            }
            Split::Articles(articles) => {
                adding.result.kept_whole += 1;
                adding.result.notes.push(format!(
                    "{name}: a news export of {}, kept as one document as asked",
                    crate::model::counted(articles.len(), "article")
                ));
            }
            Split::LooksLike(why) => adding.result.notes.push(format!("{name}: {why}")),
            Split::No => {}
        }
        // One document for the file, with what the file says of itself.
        let id = document.id.clone();
        if adding.add(&name, document) {
            adding.file_says(&id, says);
        }
    }
    adding.finish()
}

struct Adding<'a> {
    project: &'a Project,
    ids: NewDocumentIds<'a>,
    /// The titles of the texts there already, by hash: importing a folder twice adds
    /// nothing.
    held: HashMap<String, String>,
    documents: Vec<Document>,
    labels: Vec<(LabelKey, Option<AttributeValue>)>,
    result: AddedDocuments,
}

impl Adding<'_> {
    /// Adds `document` unless its text is there already.
    fn add(&mut self, name: &str, document: Document) -> bool {
        if let Some(title) = self.held.get(document.content_hash()) {
            let same = format!("{name}: the same text as “{title}”");
            self.result.present.push(same);
            return false;
        }
        self.held
            .insert(document.content_hash().to_owned(), document.title.clone());
        self.result.first.get_or_insert_with(|| document.id.clone());
        self.documents.push(document);
        true
    }

    /// The author and date a file gives, as the document's `source` labels.
    fn file_says(&mut self, id: &DocumentId, says: plain_text::FileSays) {
        // A date label holds a day: `2025-07-03T09:30:00Z` is kept as its date.
        let day = says
            .created
            .and_then(|c| c.get(..10).map(str::to_owned))
            .filter(|d| crate::model::iso_date_problem(d).is_none());
        for (label, value) in [("author", says.author), ("created", day)] {
            if let Some(value) = value {
                let key = (id.clone(), SOURCE_LAYER.to_owned(), label.to_owned());
                self.labels.push((key, Some(AttributeValue::Text(value))));
            }
        }
    }

    /// The articles of the export `file` as documents with their labels.
    fn articles(&mut self, name: &str, file: &Document, articles: Vec<Article>) {
        let stem = file.id.0.clone();
        let titles = articles.iter().map(|a| a.headline.clone()).collect();
        self.result.split.push((name.to_owned(), titles));
        for (n, article) in articles.into_iter().enumerate() {
            let id = self.ids.fresh(&format!("{stem}-{}", n + 1));
            let title = if article.headline.is_empty() {
                plain_text::title_of(&article.text).unwrap_or_else(|| id.0.clone())
            } else {
                article.headline.clone()
            };
            let source = format!("{} #{}", file.source, n + 1);
            let document = Document::new(id.clone(), title, source, article.text.clone());
            let at = format!("{name} #{}", n + 1);
            if !self.add(&at, document) {
                continue;
            }
            let text = |v: &Option<String>| v.clone().map(AttributeValue::Text);
            let values = [
                ("outlet", text(&article.outlet)),
                ("published", text(&article.published)),
                ("byline", text(&article.byline)),
                ("section", text(&article.section)),
                (
                    "length",
                    article.length.map(|l| AttributeValue::Number(f64::from(l))),
                ),
            ];
            for (label, value) in values {
                if let Some(value) = value {
                    let key = (id.clone(), SOURCE_LAYER.to_owned(), label.to_owned());
                    self.labels.push((key, Some(value)));
                }
            }
        }
    }

    /// A label the project already defines otherwise (a `published` that is one of a
    /// list, say) keeps its definition: a value that does not fit it is left out, and said
    /// once per label and value, with how many articles it was left out of.
    fn keep_fitting_labels(&mut self) {
        let project = self.project;
        let schema = project.schema();
        let titles: std::collections::HashMap<&DocumentId, &str> = self
            .documents
            .iter()
            .map(|d| (&d.id, d.title.as_str()))
            .collect();
        let mut left_out: std::collections::BTreeMap<(String, String), Vec<String>> =
            std::collections::BTreeMap::new();
        self.labels.retain(|((document, _, name), value)| {
            let problem = value
                .as_ref()
                .zip(schema.label(name))
                .and_then(|(value, def)| def.kind.value_problem(value));
            if let Some(problem) = problem {
                let title = titles.get(document).copied().unwrap_or(&document.0);
                left_out
                    .entry((name.clone(), problem))
                    .or_default()
                    .push(format!("“{title}”"));
                return false;
            }
            true
        });
        for ((name, problem), articles) in left_out {
            let count = articles.len();
            let some: Vec<&str> = articles.iter().take(3).map(String::as_str).collect();
            let more = if count > 3 { ", …" } else { "" };
            self.result.notes.push(format!(
                "{name} not set on {} ({}{more}): {problem}, as the project defines {name}",
                crate::model::counted(count, "article"),
                some.join(", ")
            ));
        }
    }

    /// The change: the `source` layer and the labels' definitions if new, the documents,
    /// their labels.
    fn finish(mut self) -> AddedDocuments {
        let project = self.project;
        let mut commands = Vec::new();
        self.keep_fitting_labels();
        if !self.labels.is_empty() {
            if !project.layers().iter().any(|l| l.name == SOURCE_LAYER) {
                commands.push(Command::AddLayer {
                    index: project.layers().len(),
                    layer: Layer {
                        name: SOURCE_LAYER.to_owned(),
                    },
                });
            }
            let mut schema = project.schema().clone();
            for (name, kind, description) in [
                ("outlet", AttributeKind::Text, "Who published the article."),
                ("published", AttributeKind::Date, "When it was published."),
                (
                    "byline",
                    AttributeKind::Text,
                    "Who wrote it, as the export says.",
                ),
                (
                    "section",
                    AttributeKind::Text,
                    "The outlet's section, as the export says.",
                ),
                (
                    "length",
                    AttributeKind::Number,
                    "Its length in words, as the export counts.",
                ),
                (
                    "author",
                    AttributeKind::Text,
                    "Who wrote the file, as the file says.",
                ),
                (
                    "created",
                    AttributeKind::Date,
                    "When the file was made, as the file says.",
                ),
            ] {
                let used = self.labels.iter().any(|((_, _, l), _)| l == name);
                if used && schema.label(name).is_none() {
                    schema.labels.push(AttributeDef {
                        name: name.to_owned(),
                        kind,
                        tags: Vec::new(),
                        default: None,
                        description: description.to_owned(),
                    });
                }
            }
            if &schema != project.schema() {
                commands.push(Command::SetSchema(schema));
            }
        }
        self.result.added = self.documents.len();
        // Each document goes at the end, in order.
        for (n, document) in self.documents.into_iter().enumerate() {
            commands.push(Command::AddDocument {
                index: project.documents().len() + n,
                document,
            });
        }
        if !self.labels.is_empty() {
            commands.push(Command::PutLabels(self.labels));
        }
        self.result.command = (self.result.added > 0).then_some(Command::Batch(commands));
        self.result
    }
}
