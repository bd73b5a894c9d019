//! Precision, recall and F1 of one layer against another, for spans and for links.

/// Span-level precision, recall and F1 of layer B against layer A.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SpanScores {
    pub exact_matches: usize,
    pub overlap_matches: usize,
    pub precision_exact: Option<f64>,
    pub recall_exact: Option<f64>,
    pub f1_exact: Option<f64>,
    pub precision_overlap: Option<f64>,
    pub recall_overlap: Option<f64>,
    pub f1_overlap: Option<f64>,
}

pub(super) fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

pub(super) fn f1(matches: usize, a: usize, b: usize) -> Option<f64> {
    // 2PR/(P+R) = 2·matches/(|A|+|B|); undefined only when both layers are empty.
    (a + b > 0).then(|| 2.0 * matches as f64 / (a + b) as f64)
}

impl SpanScores {
    /// The six figures by the names the reports give them.
    pub fn measures(&self) -> [(&'static str, Option<f64>); 6] {
        [
            ("precision_exact", self.precision_exact),
            ("recall_exact", self.recall_exact),
            ("f1_exact", self.f1_exact),
            ("precision_overlap", self.precision_overlap),
            ("recall_overlap", self.recall_overlap),
            ("f1_overlap", self.f1_overlap),
        ]
    }
}
