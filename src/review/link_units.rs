//! The links behind the link figures, one unit each, so anyone can recompute them: every
//! link of the two layers with its ends and whether it matched a link of the other layer
//! (same type, both ends paired spans) exactly and by overlap.

use std::collections::{HashMap, HashSet};

use crate::model::{Annotation, AnnotationId, DocumentId, Project};

use super::diff::{exact_pairs, layer_annotations, overlap_pairs};
use super::link_agreement::{Link, links_of, symmetric_types, twinned};

/// One link of one layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkUnit {
    pub document: DocumentId,
    /// 0 for the first layer, 1 for the second.
    pub layer: usize,
    pub kind: String,
    /// Its ends' extents, in code points.
    pub from: (usize, usize),
    pub to: (usize, usize),
    pub exact: bool,
    pub overlap: bool,
}

/// Each link's flags in both pairings: (exact, overlap) for A's links, then B's.
fn flags(
    mine: &[&Annotation],
    theirs: &[&Annotation],
    links: [&[Link]; 2],
    symmetric: &HashSet<String>,
) -> [Vec<(bool, bool)>; 2] {
    let mut out = [
        vec![(false, false); links[0].len()],
        vec![(false, false); links[1].len()],
    ];
    for (overlap, pairing) in [
        (false, exact_pairs(mine, theirs)),
        (true, overlap_pairs(mine, theirs)),
    ] {
        let forward: HashMap<AnnotationId, AnnotationId> = pairing
            .iter()
            .map(|&(i, j)| (mine[i].id, theirs[j].id))
            .collect();
        let back: HashMap<AnnotationId, AnnotationId> =
            forward.iter().map(|(&a, &b)| (b, a)).collect();
        for (side, found) in [
            twinned(links[0], links[1], &forward, symmetric),
            twinned(links[1], links[0], &back, symmetric),
        ]
        .into_iter()
        .enumerate()
        {
            for (flag, hit) in out[side].iter_mut().zip(found) {
                if overlap {
                    flag.1 = hit;
                } else {
                    flag.0 = hit;
                }
            }
        }
    }
    out
}

/// Every link of `layers[0]` and `layers[1]` over `documents`, document by document.
pub fn link_units(project: &Project, layers: &[String], documents: &[DocumentId]) -> Vec<LinkUnit> {
    let [a, b] = layers else { return Vec::new() };
    let symmetric = symmetric_types(project);
    let mut units = Vec::new();
    for document in documents {
        let (mine, theirs) = (
            layer_annotations(project, document, a),
            layer_annotations(project, document, b),
        );
        let links = [links_of(project, &mine), links_of(project, &theirs)];
        let flags = flags(&mine, &theirs, [&links[0], &links[1]], &symmetric);
        for (layer, (links, flags)) in links.iter().zip(&flags).enumerate() {
            for ((kind, from, to), &(exact, overlap)) in links.iter().zip(flags) {
                let extent = |id: &AnnotationId| {
                    project.annotation(*id).map_or((0, 0), |x| (x.start, x.end))
                };
                units.push(LinkUnit {
                    document: document.clone(),
                    layer,
                    kind: kind.clone(),
                    from: extent(from),
                    to: extent(to),
                    exact,
                    overlap,
                });
            }
        }
    }
    units
}

/// The units as TSV: `document, layer, type, from_start, from_end, to_start, to_end,
/// exact, overlap` (1 matched, 0 not), the layer by name.
pub fn links_tsv(units: &[LinkUnit], layers: &[String]) -> String {
    let mut out = String::from(
        "document\tlayer\ttype\tfrom_start\tfrom_end\tto_start\tto_end\texact\toverlap\n",
    );
    for u in units {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            u.document,
            layers.get(u.layer).map_or("", String::as_str),
            u.kind.replace(['\t', '\n', '\r'], " "),
            u.from.0,
            u.from.1,
            u.to.0,
            u.to.1,
            u8::from(u.exact),
            u8::from(u.overlap)
        ));
    }
    out
}
