//! Agreement coefficients on coded labels, computed as the reference implementations
//! compute them (`sklearn.metrics.cohen_kappa_score`, `krippendorff.alpha` at the nominal
//! level, `statsmodels` `fleiss_kappa`), so that a paper can cite either and get the same
//! number. A coefficient that is undefined on the data (a 0/0) is `None`, never a guess:
//! the references give NaN or refuse there.
//!
//! Labels are small integers (codes); [`Codes`] turns strings into them. Each coefficient
//! depends only on how many units got each row of labels, so each is computed from
//! [`Tallied`] rows: a corpus's nine million tokens are a few dozen distinct rows, and the
//! per-unit forms below count every unit once.

use std::collections::BTreeMap;

/// Interns labels as codes 0, 1, 2… in first-seen order, and keeps the names.
#[derive(Debug, Default, Clone)]
pub struct Codes {
    index: BTreeMap<String, usize>,
    names: Vec<String>,
}

impl Codes {
    pub fn code(&mut self, label: &str) -> usize {
        if let Some(&code) = self.index.get(label) {
            return code;
        }
        let code = self.names.len();
        self.index.insert(label.to_owned(), code);
        self.names.push(label.to_owned());
        code
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Rows of labels, one label per coder, with how many units got each row.
pub type Tallied = [(Vec<usize>, usize)];

/// Each unit as a row of its own.
fn one_each(units: &[Vec<usize>]) -> Vec<(Vec<usize>, usize)> {
    units.iter().map(|u| (u.clone(), 1)).collect()
}

/// Two coders' labels as rows.
fn pairs(a: &[usize], b: &[usize]) -> Vec<(Vec<usize>, usize)> {
    assert_eq!(a.len(), b.len(), "the coders must label the same units");
    a.iter().zip(b).map(|(&x, &y)| (vec![x, y], 1)).collect()
}

/// How many codes the labels use: one more than the largest.
fn categories<'a>(labels: impl IntoIterator<Item = &'a usize>) -> usize {
    labels.into_iter().max().map_or(0, |m| m + 1)
}

fn units_in(rows: &Tallied) -> usize {
    rows.iter().map(|(_, n)| n).sum()
}

/// Share of units on which both coders gave the same label; `None` with no units.
pub fn percent_agreement(a: &[usize], b: &[usize]) -> Option<f64> {
    percent_agreement_tallied(&pairs(a, b))
}

/// [`percent_agreement`] of the first two coders of each row.
pub fn percent_agreement_tallied(rows: &Tallied) -> Option<f64> {
    let units = units_in(rows);
    if units == 0 {
        return None;
    }
    let same: usize = rows
        .iter()
        .filter(|(r, _)| r[0] == r[1])
        .map(|(_, n)| n)
        .sum();
    Some(same as f64 / units as f64)
}

/// Share of units on which every coder gave the same label (`units[u][coder]`).
pub fn percent_all_agree(units: &[Vec<usize>]) -> Option<f64> {
    percent_all_agree_tallied(&one_each(units))
}

pub fn percent_all_agree_tallied(rows: &Tallied) -> Option<f64> {
    let units = units_in(rows);
    if units == 0 {
        return None;
    }
    let same: usize = rows
        .iter()
        .filter(|(r, _)| r.windows(2).all(|w| w[0] == w[1]))
        .map(|(_, n)| n)
        .sum();
    Some(same as f64 / units as f64)
}

/// Cohen's kappa of two coders: (observed − expected agreement) / (1 − expected), with the
/// expected agreement from each coder's own label frequencies. `None` when that is 0/0
/// (no units, or both coders gave one and the same label to every unit).
pub fn cohen_kappa(a: &[usize], b: &[usize]) -> Option<f64> {
    cohen_kappa_tallied(&pairs(a, b))
}

/// [`cohen_kappa`] of the first two coders of each row.
pub fn cohen_kappa_tallied(rows: &Tallied) -> Option<f64> {
    let n = units_in(rows);
    if n == 0 {
        return None;
    }
    let k = categories(rows.iter().flat_map(|(r, _)| &r[..2]));
    let mut confusion = vec![0.0f64; k * k];
    for (r, count) in rows {
        confusion[r[0] * k + r[1]] += *count as f64;
    }
    let mut row_totals = vec![0.0f64; k];
    let mut columns = vec![0.0f64; k];
    for x in 0..k {
        for y in 0..k {
            row_totals[x] += confusion[x * k + y];
            columns[y] += confusion[x * k + y];
        }
    }
    // sklearn: kappa = 1 − Σ w·observed / Σ w·expected, with w = 1 off the diagonal.
    let total = n as f64;
    let mut observed = 0.0;
    let mut expected = 0.0;
    for x in 0..k {
        for y in 0..k {
            if x != y {
                observed += confusion[x * k + y];
                expected += row_totals[x] * columns[y] / total;
            }
        }
    }
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - observed / expected)
}

/// Krippendorff's alpha at the nominal level. `units[u]` holds the labels the coders gave
/// unit `u` (`None` where a coder gave none); units with fewer than two labels are not
/// pairable and are left out, as in Krippendorff's definition. `None` when fewer than two
/// distinct labels occur among the pairable values (the `krippendorff` package refuses
/// such data) or nothing is pairable.
pub fn krippendorff_alpha(units: &[Vec<Option<usize>>]) -> Option<f64> {
    krippendorff_alpha_weighted(units.iter().map(|u| (u.as_slice(), 1)))
}

/// [`krippendorff_alpha`] of rows of labels, each with how many units got it.
fn krippendorff_alpha_weighted<'a>(
    rows: impl Iterator<Item = (&'a [Option<usize>], usize)> + Clone,
) -> Option<f64> {
    let k = categories(rows.clone().flat_map(|(u, _)| u.iter().flatten()));
    // The coincidence matrix: each ordered pair of values within a unit, weighted 1/(m−1).
    let mut coincidences = vec![0.0f64; k * k];
    let mut values = Vec::new();
    for (unit, count) in rows {
        values.clear();
        values.extend(unit.iter().flatten().copied());
        let m = values.len();
        if m < 2 {
            continue;
        }
        let weight = count as f64 / (m as f64 - 1.0);
        for (i, &x) in values.iter().enumerate() {
            for (j, &y) in values.iter().enumerate() {
                if i != j {
                    coincidences[x * k + y] += weight;
                }
            }
        }
    }
    let totals: Vec<f64> = (0..k)
        .map(|x| (0..k).map(|y| coincidences[x * k + y]).sum())
        .collect();
    let n: f64 = totals.iter().sum();
    if n <= 1.0 || totals.iter().filter(|&&t| t > 0.0).count() < 2 {
        return None;
    }
    let mut disagreement = 0.0;
    let mut expected = 0.0;
    for x in 0..k {
        for y in 0..k {
            if x != y {
                disagreement += coincidences[x * k + y];
                expected += totals[x] * totals[y];
            }
        }
    }
    Some(1.0 - (n - 1.0) * disagreement / expected)
}

/// Krippendorff's alpha at the interval level: numbers, the squared difference as the
/// distance. `units[u]` holds each coder's number for unit `u` (`None` where a coder gave
/// none); units with fewer than two numbers are not pairable and are left out. `None` when
/// nothing is pairable or every pairable number is the same (no expected disagreement).
pub fn krippendorff_alpha_interval(units: &[Vec<Option<f64>>]) -> Option<f64> {
    let pairable: Vec<Vec<f64>> = units
        .iter()
        .map(|u| u.iter().flatten().copied().collect::<Vec<f64>>())
        .filter(|values| values.len() >= 2)
        .collect();
    let n = pairable.iter().map(Vec::len).sum::<usize>() as f64;
    if n < 2.0 {
        return None;
    }
    // Centred first, so large numbers that differ little keep their differences.
    let mean = pairable.iter().flatten().sum::<f64>() / n;
    let spread: f64 = pairable
        .iter()
        .flatten()
        .map(|v| (v - mean) * (v - mean))
        .sum();
    let mut observed = 0.0;
    for values in &pairable {
        let mut within = 0.0;
        for (i, x) in values.iter().enumerate() {
            for y in &values[i + 1..] {
                within += 2.0 * (x - y) * (x - y);
            }
        }
        observed += within / (values.len() as f64 - 1.0);
    }
    // Over every ordered pair of pairable values: Σ (x − y)² = 2n Σ (x − mean)².
    let expected = 2.0 * n * spread;
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * observed / expected)
}

/// Krippendorff's alpha for coders who each labelled every unit (`units[u][coder]`).
pub fn krippendorff_alpha_complete(units: &[Vec<usize>]) -> Option<f64> {
    krippendorff_alpha_tallied(&one_each(units))
}

/// [`krippendorff_alpha_complete`] of tallied rows.
pub fn krippendorff_alpha_tallied(rows: &Tallied) -> Option<f64> {
    let rows: Vec<(Vec<Option<usize>>, usize)> = rows
        .iter()
        .map(|(r, n)| (r.iter().copied().map(Some).collect(), *n))
        .collect();
    krippendorff_alpha_weighted(rows.iter().map(|(r, n)| (r.as_slice(), *n)))
}

/// Fleiss' kappa for a fixed number of coders who each labelled every unit
/// (`units[u][coder]`), as statsmodels computes it from the subjects × categories table.
/// `None` without units, with fewer than two coders, or when the expected agreement is 1
/// (every label the same).
pub fn fleiss_kappa(units: &[Vec<usize>]) -> Option<f64> {
    fleiss_kappa_tallied(&one_each(units))
}

/// [`fleiss_kappa`] of tallied rows.
pub fn fleiss_kappa_tallied(rows: &Tallied) -> Option<f64> {
    let raters = rows.first()?.0.len();
    if raters < 2 || rows.iter().any(|(u, _)| u.len() != raters) {
        return None;
    }
    let units = units_in(rows);
    if units == 0 {
        return None;
    }
    let k = categories(rows.iter().flat_map(|(u, _)| u));
    let n = raters as f64;
    let mut per_category = vec![0.0f64; k];
    let mut mean_agreement = 0.0;
    let mut counts = vec![0.0f64; k];
    for (unit, times) in rows {
        let times = *times as f64;
        counts.iter_mut().for_each(|c| *c = 0.0);
        for &label in unit {
            counts[label] += 1.0;
        }
        let squares: f64 = counts.iter().map(|c| c * c).sum();
        mean_agreement += times * (squares - n) / (n * (n - 1.0));
        for (total, count) in per_category.iter_mut().zip(&counts) {
            *total += times * count;
        }
    }
    mean_agreement /= units as f64;
    let all = units as f64 * n;
    let expected: f64 = per_category.iter().map(|c| (c / all) * (c / all)).sum();
    if (1.0 - expected).abs() == 0.0 {
        return None;
    }
    Some((mean_agreement - expected) / (1.0 - expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_kappa() {
        // 50 units: 20 yes/yes, 15 no/no, 5 yes/no, 10 no/yes → κ = 0.4 (Wikipedia's example).
        let mut a = Vec::new();
        let mut b = Vec::new();
        for (x, y, times) in [(0, 0, 20), (1, 1, 15), (0, 1, 5), (1, 0, 10)] {
            for _ in 0..times {
                a.push(x);
                b.push(y);
            }
        }
        assert!((cohen_kappa(&a, &b).expect("defined") - 0.4).abs() < 1e-12);
        assert_eq!(percent_agreement(&a, &b), Some(0.7));
    }

    #[test]
    fn undefined_cases_are_none() {
        assert_eq!(cohen_kappa(&[], &[]), None);
        assert_eq!(cohen_kappa(&[2, 2, 2], &[2, 2, 2]), None);
        assert_eq!(krippendorff_alpha_complete(&[vec![1, 1], vec![1, 1]]), None);
        assert_eq!(fleiss_kappa(&[vec![0, 0, 0]]), None);
        assert_eq!(percent_agreement(&[], &[]), None);
    }

    /// Counting each distinct row once with its number of units gives what labelling
    /// every unit gives: exactly for two coders (the sums are of whole numbers), to the
    /// last bits for three.
    #[test]
    fn tallied_rows_give_the_figures_of_every_unit() {
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize
        };
        for coders in [2, 3] {
            // Mostly agreeing, as annotators do, over four labels.
            let units: Vec<Vec<usize>> = (0..5_000)
                .map(|_| {
                    let first = next() % 4;
                    (0..coders)
                        .map(|_| if next() % 5 == 0 { next() % 4 } else { first })
                        .collect()
                })
                .collect();
            let mut grouped = std::collections::BTreeMap::new();
            for u in &units {
                *grouped.entry(u.clone()).or_insert(0) += 1;
            }
            let rows: Vec<(Vec<usize>, usize)> = grouped.into_iter().collect();
            assert!(rows.len() < 100, "the rows are grouped");
            let close = |a: Option<f64>, b: Option<f64>| {
                let (a, b) = (a.expect("defined"), b.expect("defined"));
                assert!((a - b).abs() < 1e-12, "{a} and {b}");
            };
            close(
                krippendorff_alpha_complete(&units),
                krippendorff_alpha_tallied(&rows),
            );
            close(fleiss_kappa(&units), fleiss_kappa_tallied(&rows));
            close(percent_all_agree(&units), percent_all_agree_tallied(&rows));
            if coders == 2 {
                let a: Vec<usize> = units.iter().map(|u| u[0]).collect();
                let b: Vec<usize> = units.iter().map(|u| u[1]).collect();
                assert_eq!(cohen_kappa(&a, &b), cohen_kappa_tallied(&rows));
                assert_eq!(
                    krippendorff_alpha_complete(&units),
                    krippendorff_alpha_tallied(&rows)
                );
                assert_eq!(percent_agreement(&a, &b), percent_agreement_tallied(&rows));
            }
        }
    }

    #[test]
    fn codes_are_first_seen_order() {
        let mut codes = Codes::default();
        assert_eq!(
            (codes.code("O"), codes.code("claim"), codes.code("O")),
            (0, 1, 0)
        );
        assert_eq!(codes.names(), ["O", "claim"]);
    }
}
