//! Inter-annotator agreement as a paper reports it, over the whole project, per document and
//! per tag, between two layers or across several.
//!
//! Units, as the README defines them:
//! - **tokens**: Unicode words (UAX #29 word boundaries), keeping only those with a letter
//!   or digit. Per tag, a token is 1 in a layer if an annotation of that tag covers any part
//!   of it, else 0. Overall, a token's label is its covering tags sorted and joined with
//!   `+`, or `O`. Cohen's kappa, Krippendorff's alpha (nominal), percent agreement and,
//!   for three or more layers, Fleiss' kappa are computed on those labels.
//! - **spans**: precision, recall and F1 of layer B against layer A, exact (same start, end
//!   and tag) and overlapping (same tag, one-to-one, greatest overlap first).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Value, json};
use unicode_segmentation::UnicodeSegmentation;

use crate::model::{Annotation, DocumentId, Project, Text};

use super::diff::{exact_matches, overlap_matches};
use super::statistics::{
    Tallied, cohen_kappa_tallied, fleiss_kappa_tallied, krippendorff_alpha_tallied,
    percent_agreement_tallied, percent_all_agree_tallied,
};

/// The label of a token no annotation covers.
pub const OUTSIDE: &str = "O";

/// The tokens of a text: (start, end) in code points of each word with a letter or digit.
pub fn tokens(text: &Text) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut chars = 0;
    let mut last_byte = 0;
    let source = text.as_str();
    for (byte, word) in source.split_word_bound_indices() {
        chars += source[last_byte..byte].chars().count();
        last_byte = byte;
        if word.chars().any(char::is_alphanumeric) {
            let length = word.chars().count();
            out.push((chars, chars + length));
        }
    }
    out
}

/// The distinct labels tokens get: each set of covering tags, named by joining them with
/// `+`. Id 0 is `O` (no tag). Interned so a book's worth of tokens stores small ids.
#[derive(Clone, Debug)]
pub struct LabelSets {
    names: Vec<String>,
    tags: Vec<Vec<String>>,
    index: HashMap<String, u32>,
}

impl Default for LabelSets {
    fn default() -> Self {
        Self {
            names: vec![OUTSIDE.to_owned()],
            tags: vec![Vec::new()],
            index: HashMap::from([(OUTSIDE.to_owned(), 0)]),
        }
    }
}

impl LabelSets {
    /// The id of the label for these covering tags (sorted, without repeats).
    fn intern(&mut self, tags: &[&str]) -> u32 {
        if tags.is_empty() {
            return 0;
        }
        let name = tags.join("+");
        if let Some(&id) = self.index.get(&name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.index.insert(name.clone(), id);
        self.names.push(name);
        self.tags
            .push(tags.iter().map(|t| (*t).to_owned()).collect());
        id
    }

    /// The label's name: `O`, `claim`, `claim+date`.
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or(OUTSIDE, String::as_str)
    }

    /// Whether the label includes `tag`.
    pub fn has(&self, id: u32, tag: &str) -> bool {
        self.tags
            .get(id as usize)
            .is_some_and(|t| t.iter().any(|x| x == tag))
    }
}

/// One token with each chosen layer's label, as `--units-out` writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Index into the report's documents.
    pub document: usize,
    pub start: usize,
    pub end: usize,
    /// Each layer's label, in layer order (see [`LabelSets`]).
    pub labels: Vec<u32>,
}

/// The tags covering each token in one layer's annotations (sorted by start).
fn covering<'a>(tokens: &[(usize, usize)], annotations: &[&'a Annotation]) -> Vec<Vec<&'a str>> {
    let mut tags: Vec<Vec<&str>> = vec![Vec::new(); tokens.len()];
    // Piece by piece: the gap inside a discontinuous annotation is not tagged.
    for a in annotations {
        for (start, end) in a.pieces() {
            let first = tokens.partition_point(|t| t.1 <= start);
            for (i, token) in tokens.iter().enumerate().skip(first) {
                if token.0 >= end {
                    break;
                }
                if tags[i].last() != Some(&a.tag.as_str()) || !a.is_discontinuous() {
                    tags[i].push(a.tag.as_str());
                }
            }
        }
    }
    tags
}

/// Each token of one document with its label id in each of `layers`, in text order.
fn labelled_tokens(
    project: &Project,
    layers: &[String],
    id: &DocumentId,
    sets: &mut LabelSets,
    mut each: impl FnMut(usize, usize, &[u32]),
) {
    let Some(document) = project.document(id) else {
        return;
    };
    let tokens = tokens(document.text());
    let all = project.annotations_in(id);
    let mut per_layer: Vec<Vec<Vec<&str>>> = layers
        .iter()
        .map(|layer| {
            let mine: Vec<&Annotation> = all
                .iter()
                .filter(|a| &a.layer == layer)
                .map(|a| &**a)
                .collect();
            covering(&tokens, &mine)
        })
        .collect();
    let mut labels = Vec::with_capacity(layers.len());
    for (i, &(start, end)) in tokens.iter().enumerate() {
        labels.clear();
        for layer in &mut per_layer {
            let tags = &mut layer[i];
            tags.sort_unstable();
            tags.dedup();
            labels.push(sets.intern(tags));
        }
        each(start, end, &labels);
    }
}

/// Every token of `documents` with its label in each of `layers`, and the labels' names:
/// what `--units-out` writes (the report itself keeps only their counts).
pub fn units(
    project: &Project,
    layers: &[String],
    documents: &[DocumentId],
) -> (Vec<Unit>, LabelSets) {
    let mut units = Vec::new();
    let mut sets = LabelSets::default();
    for (index, id) in documents.iter().enumerate() {
        labelled_tokens(project, layers, id, &mut sets, |start, end, labels| {
            units.push(Unit {
                document: index,
                start,
                end,
                labels: labels.to_vec(),
            });
        });
    }
    (units, sets)
}

/// How many tokens got each row of label ids (one per layer), in row order: the
/// coefficients need no more, and a corpus's millions of tokens are a few dozen rows.
type Rows = BTreeMap<Vec<u32>, usize>;

/// The tokens of one document counted by their row of labels.
fn count_tokens(
    project: &Project,
    layers: &[String],
    id: &DocumentId,
    sets: &mut LabelSets,
) -> Rows {
    let mut rows = Rows::new();
    labelled_tokens(project, layers, id, sets, |_, _, labels| {
        match rows.get_mut(labels) {
            Some(n) => *n += 1,
            None => {
                rows.insert(labels.to_vec(), 1);
            }
        }
    });
    rows
}

/// A figure as people read it: three decimals, or "—" where the data leaves it undefined
/// (0/0). The report window, the review panel, the HTML page and the CLI table all show
/// figures this way.
pub fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"))
}

/// The figures for one slice of the data (everything, one document, one tag).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    pub tokens: usize,
    /// Spans per layer, in layer order.
    pub spans: Vec<usize>,
    pub percent_agreement: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
    /// Two layers only.
    pub cohen_kappa: Option<f64>,
    /// Three or more layers only.
    pub fleiss_kappa: Option<f64>,
    /// Two layers only: B against A.
    pub spans_compared: Option<SpanScores>,
}

pub use super::scores::SpanScores;
use super::scores::{f1, ratio};

/// The token figures of tallied rows of coded labels (one per layer).
fn token_figures(rows: &Tallied, layers: usize) -> Figures {
    let mut figures = Figures {
        tokens: rows.iter().map(|(_, n)| n).sum(),
        percent_agreement: percent_all_agree_tallied(rows),
        krippendorff_alpha: krippendorff_alpha_tallied(rows),
        ..Figures::default()
    };
    if layers == 2 {
        figures.cohen_kappa = cohen_kappa_tallied(rows);
        figures.percent_agreement = percent_agreement_tallied(rows);
    } else if layers >= 3 {
        figures.fleiss_kappa = fleiss_kappa_tallied(rows);
    }
    figures
}

/// The annotations of `layer` in `documents`, optionally of one tag, per document.
fn spans_of<'a>(
    project: &'a Project,
    layer: &str,
    document: &DocumentId,
    tag: Option<&str>,
) -> Vec<&'a Annotation> {
    project
        .annotations_in(document)
        .iter()
        .filter(|a| a.layer == layer && tag.is_none_or(|t| a.tag == t))
        .map(|a| &**a)
        .collect()
}

/// Span figures summed over documents (matches never cross documents).
fn span_figures(
    project: &Project,
    layers: &[String],
    documents: &[DocumentId],
    tag: Option<&str>,
) -> (Vec<usize>, Option<SpanScores>) {
    let mut counts = vec![0; layers.len()];
    let (mut exact, mut overlap) = (0, 0);
    for document in documents {
        let per_layer: Vec<Vec<&Annotation>> = layers
            .iter()
            .map(|l| spans_of(project, l, document, tag))
            .collect();
        for (count, spans) in counts.iter_mut().zip(&per_layer) {
            *count += spans.len();
        }
        if layers.len() == 2 {
            exact += exact_matches(&per_layer[0], &per_layer[1]);
            overlap += overlap_matches(&per_layer[0], &per_layer[1]);
        }
    }
    let scores = (layers.len() == 2).then(|| {
        let (a, b) = (counts[0], counts[1]);
        SpanScores {
            exact_matches: exact,
            overlap_matches: overlap,
            precision_exact: ratio(exact, b),
            recall_exact: ratio(exact, a),
            f1_exact: f1(exact, a, b),
            precision_overlap: ratio(overlap, b),
            recall_overlap: ratio(overlap, a),
            f1_overlap: f1(overlap, a, b),
        }
    });
    (counts, scores)
}

/// The full report for some layers over some documents.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub layers: Vec<String>,
    pub documents: Vec<DocumentId>,
    pub overall: Figures,
    pub per_tag: BTreeMap<String, Figures>,
    pub per_document: BTreeMap<String, Figures>,
    /// For three or more layers: every pair, keyed "A|B".
    pub pairwise: BTreeMap<String, Figures>,
    /// Two layers with links: how far their links agree.
    pub links: Option<super::link_agreement::LinkAgreement>,
    /// Agreement per attribute and per document label.
    pub values: super::value_agreement::ValueAgreement,
    /// For three or more layers: the same for every pair, keyed "A|B" (without units).
    pub values_pairwise: BTreeMap<String, super::value_agreement::ValueAgreement>,

    /// Overall token labels of the first two layers: label names and counts
    /// `confusion[a][b]` (first layer's label a, second's b).
    pub confusion: (Vec<String>, Vec<Vec<usize>>),
}

/// Computes the report for `layers` (two or more) over `documents` (all when empty).
pub fn report(project: &Project, layers: &[String], documents: &[DocumentId]) -> Report {
    let documents: Vec<DocumentId> = if documents.is_empty() {
        project.documents().iter().map(|d| d.id.clone()).collect()
    } else {
        documents.to_vec()
    };
    let mut report = Report {
        layers: layers.to_vec(),
        documents: documents.clone(),
        ..Report::default()
    };
    // Document by document, keeping only the counts of each row of labels.
    let mut sets = LabelSets::default();
    let mut rows = Rows::new();
    for document in &documents {
        let counted = count_tokens(project, layers, document, &mut sets);
        report.per_document.insert(
            document.0.clone(),
            slice_figures(
                project,
                layers,
                std::slice::from_ref(document),
                &counted,
                &sets,
                None,
            ),
        );
        for (row, n) in counted {
            *rows.entry(row).or_default() += n;
        }
    }
    report.overall = slice_figures(project, layers, &documents, &rows, &sets, None);
    report.links = super::link_agreement::link_agreement(project, layers, &documents);
    report.values = super::value_agreement::value_agreement(project, layers, &documents);

    let tags: BTreeSet<String> = documents
        .iter()
        .flat_map(|d| project.annotations_in(d).iter())
        .filter(|a| layers.contains(&a.layer))
        .map(|a| a.tag.clone())
        .collect();
    for tag in &tags {
        report.per_tag.insert(
            tag.clone(),
            slice_figures(project, layers, &documents, &rows, &sets, Some(tag)),
        );
    }
    if layers.len() >= 3 {
        for (i, a) in layers.iter().enumerate() {
            for (j, b) in layers.iter().enumerate().skip(i + 1) {
                let pair = [a.clone(), b.clone()];
                let mut pair_rows = Rows::new();
                for (row, n) in &rows {
                    *pair_rows.entry(vec![row[i], row[j]]).or_default() += n;
                }
                report.pairwise.insert(
                    format!("{a}|{b}"),
                    slice_figures(project, &pair, &documents, &pair_rows, &sets, None),
                );
                let mut values =
                    super::value_agreement::value_agreement(project, &pair, &documents);
                values.units = Vec::new();
                report.values_pairwise.insert(format!("{a}|{b}"), values);
            }
        }
    }
    if layers.len() >= 2 {
        report.confusion = confusion(&rows, &sets);
    }
    report
}

/// Token and span figures for the tokens counted in `rows`, overall labels or one tag's
/// 1/0.
fn slice_figures(
    project: &Project,
    layers: &[String],
    documents: &[DocumentId],
    rows: &Rows,
    sets: &LabelSets,
    tag: Option<&str>,
) -> Figures {
    let mut coded: BTreeMap<Vec<usize>, usize> = BTreeMap::new();
    for (row, n) in rows {
        let labels = row
            .iter()
            .map(|&id| match tag {
                // Per tag: 1 if covered, else 0.
                Some(tag) => usize::from(sets.has(id, tag)),
                None => id as usize,
            })
            .collect();
        *coded.entry(labels).or_default() += n;
    }
    let coded: Vec<(Vec<usize>, usize)> = coded.into_iter().collect();
    let mut figures = token_figures(&coded, layers.len());
    let (spans, compared) = span_figures(project, layers, documents, tag);
    figures.spans = spans;
    figures.spans_compared = compared;
    figures
}

/// The confusion matrix of the first two layers' overall token labels, `O` first, then
/// the other labels in alphabetical order.
fn confusion(rows: &Rows, sets: &LabelSets) -> (Vec<String>, Vec<Vec<usize>>) {
    let used: BTreeSet<u32> = rows
        .keys()
        .flat_map(|row| [row[0], row[1]])
        .filter(|&id| id != 0)
        .collect();
    let mut others: Vec<&str> = used.iter().map(|&id| sets.name(id)).collect();
    others.sort_unstable();
    let mut names = vec![OUTSIDE.to_owned()];
    names.extend(others.into_iter().map(str::to_owned));
    let position: HashMap<u32, usize> = std::iter::once(0)
        .chain(used.iter().copied())
        .map(|id| {
            let name = sets.name(id);
            (id, names.iter().position(|n| n == name).unwrap_or(0))
        })
        .collect();
    let mut matrix = vec![vec![0; names.len()]; names.len()];
    for (row, n) in rows {
        matrix[position[&row[0]]][position[&row[1]]] += n;
    }
    (names, matrix)
}

/// Each attribute's (`scope` "attribute") or label's figures, by name: the units and
/// every measure that applies to `layers` layers.
fn values_json(
    values: &super::value_agreement::ValueAgreement,
    scope: &str,
    layers: usize,
) -> Value {
    Value::Object(
        values
            .scopes()
            .filter(|(s, ..)| *s == scope)
            .map(|(_, name, f)| {
                let mut object = serde_json::Map::new();
                object.insert("units".into(), json!(f.units));
                for (measure, value) in f.measures(layers) {
                    object.insert(measure.into(), number(value));
                }
                (name.to_owned(), Value::Object(object))
            })
            .collect(),
    )
}

fn number(value: Option<f64>) -> Value {
    value.map_or(Value::Null, |v| json!(v))
}

impl Figures {
    /// The figures as JSON, with only the keys that apply to this many layers.
    pub fn to_json(&self, layers: &[String]) -> Value {
        let mut object = serde_json::Map::new();
        let spans: serde_json::Map<String, Value> = layers
            .iter()
            .zip(&self.spans)
            .map(|(l, n)| (l.clone(), json!(n)))
            .collect();
        object.insert(
            "unit_counts".into(),
            json!({"tokens": self.tokens, "spans": spans}),
        );
        object.insert("percent_agreement".into(), number(self.percent_agreement));
        object.insert("krippendorff_alpha".into(), number(self.krippendorff_alpha));
        if layers.len() == 2 {
            object.insert("cohen_kappa".into(), number(self.cohen_kappa));
        } else {
            object.insert("fleiss_kappa".into(), number(self.fleiss_kappa));
        }
        if let Some(s) = &self.spans_compared {
            for (key, value) in s.measures() {
                object.insert(key.into(), number(value));
            }
            object.insert("exact_matches".into(), json!(s.exact_matches));
            object.insert("overlap_matches".into(), json!(s.overlap_matches));
        }
        Value::Object(object)
    }
}

impl Report {
    /// How many spans each layer has: "AK 17, BM 13".
    pub fn span_counts(&self) -> String {
        let counts: Vec<String> = self
            .layers
            .iter()
            .zip(&self.overall.spans)
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        counts.join(", ")
    }

    /// Every scope with its figures, in the order reports list them: ("overall", "all"),
    /// then ("tag", name), ("document", id) and, for three layers or more, ("pair", "A|B").
    pub fn scopes(&self) -> Vec<(&'static str, &str, &Figures)> {
        let mut rows = vec![("overall", "all", &self.overall)];
        rows.extend(self.per_tag.iter().map(|(t, f)| ("tag", t.as_str(), f)));
        rows.extend(
            self.per_document
                .iter()
                .map(|(d, f)| ("document", d.as_str(), f)),
        );
        rows.extend(self.pairwise.iter().map(|(p, f)| ("pair", p.as_str(), f)));
        rows
    }

    /// The report as `annotary agreement --json` prints it.
    pub fn to_json(&self) -> Value {
        let spans: serde_json::Map<String, Value> = self
            .layers
            .iter()
            .zip(&self.overall.spans)
            .map(|(l, n)| (l.clone(), json!(n)))
            .collect();
        let map = |figures: &BTreeMap<String, Figures>, layers: &[String]| -> Value {
            Value::Object(
                figures
                    .iter()
                    .map(|(k, f)| (k.clone(), f.to_json(layers)))
                    .collect(),
            )
        };
        let pairwise: serde_json::Map<String, Value> = self
            .pairwise
            .iter()
            .map(|(k, f)| {
                let pair: Vec<String> = k.split('|').map(str::to_owned).collect();
                let mut block = f.to_json(&pair);
                if let Some(values) = self.values_pairwise.get(k) {
                    block["attributes"] = values_json(values, "attribute", 2);
                    block["labels"] = values_json(values, "label", 2);
                }
                (k.clone(), block)
            })
            .collect();
        json!({
            "layers": self.layers,
            "unit_counts": {
                "tokens": self.overall.tokens,
                "documents": self.documents.len(),
                "spans": spans,
            },
            "overall": self.overall.to_json(&self.layers),
            "per_tag": map(&self.per_tag, &self.layers),
            "per_document": map(&self.per_document, &self.layers),
            "pairwise": pairwise,
            "links": self.links.as_ref().map_or(Value::Null, |l| l.to_json(&self.layers)),
            "attributes": values_json(&self.values, "attribute", self.layers.len()),
            "labels": values_json(&self.values, "label", self.layers.len()),
            "confusion": {
                "labels": self.confusion.0,
                "rows": self.layers.first(),
                "columns": self.layers.get(1),
                "counts": self.confusion.1,
            },
        })
    }

    /// One row per token: document, start, end, text and each layer's label, tab-separated,
    /// so anyone can recompute the token-level figures.
    pub fn units_tsv(&self, project: &Project) -> String {
        let (units, sets) = units(project, &self.layers, &self.documents);
        let mut out = String::from("document\tstart\tend\ttext");
        for layer in &self.layers {
            out.push('\t');
            out.push_str(layer);
        }
        out.push('\n');
        for u in &units {
            let document = &self.documents[u.document];
            let text = project
                .document(document)
                .map_or("", |d| d.text().slice(u.start, u.end));
            out.push_str(&format!("{document}\t{}\t{}\t{text}", u.start, u.end));
            for &label in &u.labels {
                out.push('\t');
                out.push_str(sets.name(label));
            }
            out.push('\n');
        }
        out
    }
}
