//! Agreement on attribute values and document labels, per attribute and per label name.
//!
//! Units, as the README defines them:
//! - **attribute values**: the spans every layer has, found as span F1's overlap pairing
//!   does (same tag, one-to-one, greatest overlap first) between the first layer and each
//!   other; a span of the first layer paired in every other layer is a unit for each
//!   attribute any of them gives a value (the schema's default counts as given). A layer
//!   that gives none has the value `(none)`, a category of its own.
//! - **document labels**: each document any layer labels with that name is a unit.
//!
//! Cohen's kappa (two layers), Fleiss' kappa (three or more), Krippendorff's alpha
//! (nominal) and percent agreement are computed over those values; for number attributes
//! and labels also Krippendorff's alpha at the interval level, over the numbers given
//! (`(none)` is missing there).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{AnnotationId, AttributeKind, AttributeValue, DocumentId, Project};

use super::diff::overlap_pairs;
use super::statistics::{
    Codes, cohen_kappa, fleiss_kappa, krippendorff_alpha_complete, krippendorff_alpha_interval,
    percent_all_agree,
};

/// The value of a layer that gave none.
pub const NONE: &str = "(none)";

/// The figures for one attribute or one label.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValueFigures {
    pub units: usize,
    pub percent_agreement: Option<f64>,
    /// Two layers only.
    pub cohen_kappa: Option<f64>,
    /// Three or more layers only.
    pub fleiss_kappa: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
    /// Numbers only: alpha at the interval level.
    pub krippendorff_alpha_interval: Option<f64>,
    /// Whether the values are numbers (the interval alpha applies).
    pub numbers: bool,
}

/// One unit as `--units-out` writes it: what it is about, where, and each layer's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueUnit {
    /// `attribute` or `label`.
    pub scope: &'static str,
    pub name: String,
    pub document: DocumentId,
    /// The first layer's span (code points); 0..0 for a document label.
    pub start: usize,
    pub end: usize,
    /// Each layer's value in layer order, `(none)` where it gave none.
    pub values: Vec<String>,
}

/// The value figures of some layers over some documents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValueAgreement {
    pub attributes: BTreeMap<String, ValueFigures>,
    pub labels: BTreeMap<String, ValueFigures>,
    pub units: Vec<ValueUnit>,
}

fn text(value: Option<&AttributeValue>) -> String {
    value.map_or_else(|| NONE.to_owned(), ToString::to_string)
}

/// The spans of the first layer paired in every other layer: for each, the span of each
/// layer in layer order.
fn shared_spans(
    project: &Project,
    layers: &[String],
    document: &DocumentId,
) -> Vec<Vec<AnnotationId>> {
    let spans: Vec<Vec<&crate::model::Annotation>> = layers
        .iter()
        .map(|layer| super::diff::layer_annotations(project, document, layer))
        .collect();
    let Some((first, others)) = spans.split_first() else {
        return Vec::new();
    };
    let partners: Vec<HashMap<usize, usize>> = others
        .iter()
        .map(|other| overlap_pairs(first, other).into_iter().collect())
        .collect();
    (0..first.len())
        .filter_map(|i| {
            let mut row = vec![first[i].id];
            for (other, pairs) in others.iter().zip(&partners) {
                row.push(other[*pairs.get(&i)?].id);
            }
            Some(row)
        })
        .collect()
}

/// Computes the value figures of `layers` (two or more) over `documents`.
pub fn value_agreement(
    project: &Project,
    layers: &[String],
    documents: &[DocumentId],
) -> ValueAgreement {
    let mut units = Vec::new();
    for document in documents {
        for row in shared_spans(project, layers, document) {
            let spans: Vec<_> = row
                .iter()
                .filter_map(|&id| project.annotation(id))
                .collect();
            // Values set, and defaults the spans' tags carry (a default counts as given).
            let defaults = spans.iter().flat_map(|a| {
                project
                    .schema()
                    .attributes_for(&a.tag)
                    .filter(|d| d.default.is_some())
                    .map(|d| &d.name)
            });
            let names: BTreeSet<&String> = spans
                .iter()
                .flat_map(|a| a.attributes.keys())
                .chain(defaults)
                .collect();
            for name in names {
                units.push(ValueUnit {
                    scope: "attribute",
                    name: name.clone(),
                    document: document.clone(),
                    start: spans[0].start,
                    end: spans[0].end,
                    values: spans
                        .iter()
                        .map(|a| text(project.attribute_value(a, name)))
                        .collect(),
                });
            }
        }
        let names: BTreeSet<&str> = layers
            .iter()
            .flat_map(|layer| project.labels_of(document, layer).map(|(name, _)| name))
            .collect();
        for name in names {
            units.push(ValueUnit {
                scope: "label",
                name: name.to_owned(),
                document: document.clone(),
                start: 0,
                end: 0,
                values: layers
                    .iter()
                    .map(|layer| {
                        text(project.labels().get(&(
                            document.clone(),
                            layer.clone(),
                            name.to_owned(),
                        )))
                    })
                    .collect(),
            });
        }
    }
    let mut grouped: BTreeMap<(&str, &str), Vec<&ValueUnit>> = BTreeMap::new();
    for unit in &units {
        grouped
            .entry((unit.scope, unit.name.as_str()))
            .or_default()
            .push(unit);
    }
    let mut agreement = ValueAgreement::default();
    for ((scope, name), group) in grouped {
        let schema = project.schema();
        let definition = if scope == "label" {
            schema.label(name)
        } else {
            schema.attribute(name)
        };
        let numbers = definition.is_some_and(|d| d.kind == AttributeKind::Number);
        let figures = figures(&group, layers.len(), numbers);
        let table = if scope == "label" {
            &mut agreement.labels
        } else {
            &mut agreement.attributes
        };
        table.insert(name.to_owned(), figures);
    }
    agreement.units = units;
    agreement
}

/// The figures over one attribute's (or label's) units.
pub fn figures(units: &[&ValueUnit], layers: usize, numbers: bool) -> ValueFigures {
    let mut codes = Codes::default();
    let coded: Vec<Vec<usize>> = units
        .iter()
        .map(|u| u.values.iter().map(|v| codes.code(v)).collect())
        .collect();
    let mut figures = ValueFigures {
        units: units.len(),
        numbers,
        percent_agreement: percent_all_agree(&coded),
        krippendorff_alpha: krippendorff_alpha_complete(&coded),
        ..ValueFigures::default()
    };
    if layers == 2 {
        let column = |c: usize| coded.iter().map(|u| u[c]).collect::<Vec<_>>();
        figures.cohen_kappa = cohen_kappa(&column(0), &column(1));
    } else {
        figures.fleiss_kappa = fleiss_kappa(&coded);
    }
    if numbers {
        let parsed: Vec<Vec<Option<f64>>> = units
            .iter()
            .map(|u| u.values.iter().map(|v| v.parse().ok()).collect())
            .collect();
        figures.krippendorff_alpha_interval = krippendorff_alpha_interval(&parsed);
    }
    figures
}

impl ValueFigures {
    /// (measure, value) for each figure that applies to this many layers and kind.
    pub fn measures(&self, layers: usize) -> Vec<(&'static str, Option<f64>)> {
        let mut out = vec![
            ("percent_agreement", self.percent_agreement),
            ("krippendorff_alpha", self.krippendorff_alpha),
        ];
        if layers == 2 {
            out.push(("cohen_kappa", self.cohen_kappa));
        } else {
            out.push(("fleiss_kappa", self.fleiss_kappa));
        }
        if self.numbers {
            out.push((
                "krippendorff_alpha_interval",
                self.krippendorff_alpha_interval,
            ));
        }
        out
    }
}

impl ValueAgreement {
    /// Every attribute and then every label with its figures: (scope, name, figures).
    pub fn scopes(&self) -> impl Iterator<Item = (&'static str, &str, &ValueFigures)> {
        let attributes = self
            .attributes
            .iter()
            .map(|(n, f)| ("attribute", n.as_str(), f));
        let labels = self.labels.iter().map(|(n, f)| ("label", n.as_str(), f));
        attributes.chain(labels)
    }

    /// One row per unit: scope, name, document, start, end and each layer's value,
    /// tab-separated (tabs and line breaks in values written as spaces).
    pub fn units_tsv(&self, layers: &[String]) -> String {
        let mut out = String::from("scope\tname\tdocument\tstart\tend");
        for layer in layers {
            out.push('\t');
            out.push_str(layer);
        }
        out.push('\n');
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        for u in &self.units {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}",
                u.scope,
                clean(&u.name),
                u.document,
                u.start,
                u.end
            ));
            for value in &u.values {
                out.push('\t');
                out.push_str(&clean(value));
            }
            out.push('\n');
        }
        out
    }
}
