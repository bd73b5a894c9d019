//! A linear-chain conditional random field over BIO labels (outside, begins, inside one
//! tag's span), trained by stochastic gradient descent with L2 regularisation, as
//! CRFsuite's `l2sgd` is. It gives what a perceptron cannot: the probability of a span,
//! which the coder sees as the suggestion's confidence.
//!
//! The `crfs` crate trains CRFs too, but writes its model to a file and decodes only the
//! best path (no marginals), so a span's probability could not be had from it.

/// The labels, in weight order.
pub const OUTSIDE: usize = 0;
pub const BEGINS: usize = 1;
pub const INSIDE: usize = 2;
const LABELS: usize = 3;

/// The tokens of a sequence, by the ids of the features each has: token `t` has
/// `features[starts[t]..starts[t + 1]]`. A few large arrays rather than a list per
/// token: a book's coding is hundreds of thousands of tokens, and memory freed in many
/// small pieces on a worker thread stays with the process.
#[derive(Clone, Copy)]
pub struct Tokens<'a> {
    pub features: &'a [u32],
    pub starts: &'a [u32],
}

impl<'a> Tokens<'a> {
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    fn get(&self, t: usize) -> &'a [u32] {
        &self.features[self.starts[t] as usize..self.starts[t + 1] as usize]
    }

    fn iter(&self) -> impl Iterator<Item = &'a [u32]> + '_ {
        (0..self.len()).map(|t| self.get(t))
    }
}

/// Features of tokens as they are read, to be seen as [`Tokens`].
#[derive(Default)]
pub struct TokenList {
    pub features: Vec<u32>,
    pub starts: Vec<u32>,
}

impl TokenList {
    /// Adds a token with these features.
    pub fn push(&mut self, features: impl IntoIterator<Item = u32>) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.features.extend(features);
        self.starts.push(self.features.len() as u32);
    }

    /// The tokens `first..end` of the list.
    pub fn tokens(&self, first: usize, end: usize) -> Tokens<'_> {
        Tokens {
            features: &self.features,
            starts: self.starts.get(first..=end).unwrap_or(&[]),
        }
    }

    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
}

/// A sequence to learn from: its tokens and their labels.
pub struct Example<'a> {
    pub tokens: Tokens<'a>,
    pub labels: &'a [u8],
}

/// How the training goes: the defaults were chosen on the demo project's coding
/// (leave-one-document-out F1, `annotary suggest --evaluate`).
#[derive(Clone, Copy, Debug)]
pub struct Training {
    /// Passes over the examples, at least; a small set gets more, up to `steps` steps.
    pub epochs: usize,
    pub steps: usize,
    /// The first step's size; it shrinks as 1 / (1 + examples seen / examples).
    pub rate: f64,
    /// L2 weight per example (CRFsuite's `c2`, divided by the number of examples).
    pub c2: f64,
}

impl Default for Training {
    fn default() -> Self {
        Self {
            epochs: 12,
            steps: 2_000,
            rate: 0.1,
            c2: 0.1,
        }
    }
}

/// Only a span's first token may follow outside; inside follows begins or inside.
fn allowed(from: usize, to: usize) -> bool {
    to != INSIDE || from != OUTSIDE
}

/// The trained weights.
#[derive(Clone, Debug)]
pub struct Crf {
    /// Feature × label, as `scale * weights`: the L2 decay of every weight after each
    /// example is then one multiplication.
    state: Vec<f64>,
    scale: f64,
    transition: [[f64; LABELS]; LABELS],
}

/// Scores of one sequence: per token and label.
type Emissions = Vec<[f64; LABELS]>;

impl Crf {
    /// Learns from `examples` over `features` feature ids; the order of the examples in
    /// each epoch comes from a fixed seed, so that the same coding trains the same model.
    pub fn train(examples: &[Example<'_>], features: usize, training: Training) -> Self {
        let mut crf = Self {
            state: vec![0.0; features * LABELS],
            scale: 1.0,
            transition: [[0.0; LABELS]; LABELS],
        };
        if examples.is_empty() {
            return crf;
        }
        let n = examples.len() as f64;
        let lambda = 2.0 * training.c2 / n;
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let mut seen = 0.0;
        let epochs = training
            .epochs
            .max(training.steps.div_ceil(examples.len()))
            .min(500);
        for _ in 0..epochs {
            shuffle(&mut order, &mut seed);
            for &at in &order {
                let rate = training.rate / (1.0 + seen / n);
                seen += 1.0;
                crf.decay(1.0 - rate * lambda);
                crf.step(&examples[at], rate);
            }
        }
        crf.settle();
        let finite = crf.state.iter().chain(crf.transition.iter().flatten());
        if !finite.into_iter().all(|w| w.is_finite()) {
            // Training ran away (it should not, with sequences kept short): a model that
            // suggests nothing rather than one that suggests nonsense.
            return Self {
                state: vec![0.0; features * LABELS],
                scale: 1.0,
                transition: [[0.0; LABELS]; LABELS],
            };
        }
        crf
    }

    fn decay(&mut self, by: f64) {
        self.scale *= by.max(1e-6);
        for row in &mut self.transition {
            for w in row {
                *w *= by;
            }
        }
        if self.scale < 1e-9 {
            self.settle();
        }
    }

    /// Folds the scale into the weights.
    fn settle(&mut self) {
        let scale = self.scale;
        for w in &mut self.state {
            *w *= scale;
        }
        self.scale = 1.0;
    }

    fn emissions(&self, tokens: Tokens<'_>) -> Emissions {
        tokens
            .iter()
            .map(|features| {
                let mut e = [0.0; LABELS];
                for &f in features {
                    let row = f as usize * LABELS;
                    if let Some(w) = self.state.get(row..row + LABELS) {
                        for (e, w) in e.iter_mut().zip(w) {
                            *e += w;
                        }
                    }
                }
                e.map(|e| e * self.scale)
            })
            .collect()
    }

    /// One gradient step on the log-likelihood of `example`'s labels.
    fn step(&mut self, example: &Example<'_>, rate: f64) {
        let emissions = self.emissions(example.tokens);
        let lattice = Lattice::new(&emissions, &self.transition);
        let add = rate / self.scale;
        for (t, features) in example.tokens.iter().enumerate() {
            for (label, p) in lattice.marginal(t).into_iter().enumerate() {
                let observed = if usize::from(example.labels[t]) == label {
                    1.0
                } else {
                    0.0
                };
                let gradient = observed - p;
                if gradient == 0.0 {
                    continue;
                }
                for &f in features {
                    self.state[f as usize * LABELS + label] += add * gradient;
                }
            }
            if t > 0 {
                let pair = lattice.pair(t);
                for (from, row) in pair.iter().enumerate() {
                    for (to, p) in row.iter().enumerate() {
                        let observed = usize::from(example.labels[t - 1]) == from
                            && usize::from(example.labels[t]) == to;
                        self.transition[from][to] += rate * (f64::from(u8::from(observed)) - p);
                    }
                }
            }
        }
    }

    /// The most likely labels of `tokens`, and the probability of each span they hold
    /// (first and last token, inclusive).
    pub fn spans(&self, tokens: Tokens<'_>) -> Vec<(usize, usize, f64)> {
        if tokens.len() == 0 {
            return Vec::new();
        }
        let emissions = self.emissions(tokens);
        let best = self.viterbi(&emissions);
        let mut spans = Vec::new();
        let mut t = 0;
        while t < best.len() {
            if best[t] != BEGINS {
                t += 1;
                continue;
            }
            let mut last = t;
            while best.get(last + 1) == Some(&INSIDE) {
                last += 1;
            }
            spans.push((t, last));
            t = last + 1;
        }
        if spans.is_empty() {
            return Vec::new();
        }
        let lattice = Lattice::new(&emissions, &self.transition);
        spans
            .into_iter()
            .map(|(first, last)| (first, last, lattice.span(first, last)))
            .collect()
    }

    fn viterbi(&self, emissions: &Emissions) -> Vec<usize> {
        let mut score = emissions[0];
        score[INSIDE] = f64::NEG_INFINITY;
        let mut back: Vec<[usize; LABELS]> = Vec::with_capacity(emissions.len());
        for e in &emissions[1..] {
            let mut next = [f64::NEG_INFINITY; LABELS];
            let mut from = [OUTSIDE; LABELS];
            for to in 0..LABELS {
                for (prev, &s) in score.iter().enumerate() {
                    if !allowed(prev, to) {
                        continue;
                    }
                    let candidate = s + self.transition[prev][to];
                    if candidate > next[to] {
                        next[to] = candidate;
                        from[to] = prev;
                    }
                }
                next[to] += e[to];
            }
            back.push(from);
            score = next;
        }
        let mut label = (0..LABELS)
            .max_by(|&a, &b| score[a].total_cmp(&score[b]))
            .unwrap_or(OUTSIDE);
        let mut labels = vec![label; emissions.len()];
        for (t, from) in back.iter().enumerate().rev() {
            label = from[label];
            labels[t] = label;
        }
        labels
    }
}

/// Forward and backward sums of one sequence, scaled per token (as CRFsuite does) so
/// that no logarithm is needed and nothing overflows.
struct Lattice {
    /// `exp` of the emissions, less each token's largest.
    emitted: Vec<[f64; LABELS]>,
    moves: [[f64; LABELS]; LABELS],
    forward: Vec<[f64; LABELS]>,
    backward: Vec<[f64; LABELS]>,
    /// Per token, what the forward sums were divided by.
    scale: Vec<f64>,
}

impl Lattice {
    fn new(emissions: &Emissions, transition: &[[f64; LABELS]; LABELS]) -> Self {
        let emitted: Vec<[f64; LABELS]> = emissions
            .iter()
            .map(|e| {
                let top = e.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                e.map(|x| (x - top).exp())
            })
            .collect();
        let mut moves = [[0.0; LABELS]; LABELS];
        for (from, row) in moves.iter_mut().enumerate() {
            for (to, m) in row.iter_mut().enumerate() {
                if allowed(from, to) {
                    *m = transition[from][to].exp();
                }
            }
        }
        let n = emitted.len();
        let mut forward = vec![[0.0; LABELS]; n];
        let mut scale = vec![1.0; n];
        for t in 0..n {
            let mut a = emitted[t];
            if t == 0 {
                a[INSIDE] = 0.0;
            } else {
                for (to, a) in a.iter_mut().enumerate() {
                    *a *= (0..LABELS)
                        .map(|from| forward[t - 1][from] * moves[from][to])
                        .sum::<f64>();
                }
            }
            let sum: f64 = a.iter().sum();
            scale[t] = if sum > 0.0 { sum } else { 1.0 };
            forward[t] = a.map(|x| x / scale[t]);
        }
        let mut backward = vec![[1.0; LABELS]; n];
        for t in (0..n.saturating_sub(1)).rev() {
            for from in 0..LABELS {
                backward[t][from] = (0..LABELS)
                    .map(|to| moves[from][to] * emitted[t + 1][to] * backward[t + 1][to])
                    .sum::<f64>()
                    / scale[t + 1];
            }
        }
        Self {
            emitted,
            moves,
            forward,
            backward,
            scale,
        }
    }

    /// The probability of each label at token `t`.
    fn marginal(&self, t: usize) -> [f64; LABELS] {
        let mut p = [0.0; LABELS];
        for (label, p) in p.iter_mut().enumerate() {
            *p = self.forward[t][label] * self.backward[t][label];
        }
        p
    }

    /// The probability of each pair of labels at tokens `t - 1` and `t`.
    fn pair(&self, t: usize) -> [[f64; LABELS]; LABELS] {
        let mut p = [[0.0; LABELS]; LABELS];
        for (from, row) in p.iter_mut().enumerate() {
            for (to, p) in row.iter_mut().enumerate() {
                *p = self.forward[t - 1][from]
                    * self.moves[from][to]
                    * self.emitted[t][to]
                    * self.backward[t][to]
                    / self.scale[t];
            }
        }
        p
    }

    /// The probability that tokens `first..=last` are one span: begins at `first`,
    /// inside up to `last`, and not inside after it.
    fn span(&self, first: usize, last: usize) -> f64 {
        let mut p = self.forward[first][BEGINS];
        let mut from = BEGINS;
        for t in first + 1..=last {
            p *= self.moves[from][INSIDE] * self.emitted[t][INSIDE] / self.scale[t];
            from = INSIDE;
        }
        let after = if last + 1 < self.emitted.len() {
            let t = last + 1;
            [OUTSIDE, BEGINS]
                .iter()
                .map(|&to| self.moves[from][to] * self.emitted[t][to] * self.backward[t][to])
                .sum::<f64>()
                / self.scale[t]
        } else {
            1.0
        };
        (p * after).clamp(0.0, 1.0)
    }
}

/// A Fisher-Yates shuffle from a xorshift generator: the same seed, the same order.
fn shuffle(order: &mut [usize], seed: &mut u64) {
    for i in (1..order.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let j = (*seed % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(tokens: &[&[u32]]) -> TokenList {
        let mut list = TokenList::default();
        for features in tokens {
            list.push(features.iter().copied());
        }
        list
    }

    /// Every labelling of a short sequence, by brute force.
    fn every_labelling(n: usize) -> Vec<Vec<usize>> {
        let mut all = vec![vec![]];
        for _ in 0..n {
            all = all
                .into_iter()
                .flat_map(|l: Vec<usize>| {
                    (0..LABELS).filter_map(move |next| {
                        let fits = match l.last() {
                            None => next != INSIDE,
                            Some(&prev) => allowed(prev, next),
                        };
                        fits.then(|| [l.clone(), vec![next]].concat())
                    })
                })
                .collect();
        }
        all
    }

    fn some_crf() -> Crf {
        Crf {
            state: vec![0.3, -0.2, 0.5, 1.1, 0.4, -0.7, -0.5, 0.9, 0.8],
            scale: 1.0,
            transition: [[0.2, -0.4, 0.0], [0.1, 0.3, 0.6], [-0.2, 0.5, 0.4]],
        }
    }

    fn score(crf: &Crf, emissions: &Emissions, labels: &[usize]) -> f64 {
        let mut s = 0.0;
        for (t, &l) in labels.iter().enumerate() {
            s += emissions[t][l];
            if t > 0 {
                s += crf.transition[labels[t - 1]][l];
            }
        }
        s.exp()
    }

    #[test]
    fn span_probabilities_and_marginals_agree_with_summing_every_labelling() {
        let crf = some_crf();
        let list = list(&[&[0, 1], &[2], &[1, 2], &[0], &[2, 0]]);
        let items = list.tokens(0, list.len());
        let emissions = crf.emissions(items);
        let lattice = Lattice::new(&emissions, &crf.transition);
        let all = every_labelling(items.len());
        let z: f64 = all.iter().map(|l| score(&crf, &emissions, l)).sum();
        for t in 0..items.len() {
            for (label, p) in lattice.marginal(t).into_iter().enumerate() {
                let brute: f64 = all
                    .iter()
                    .filter(|l| l[t] == label)
                    .map(|l| score(&crf, &emissions, l))
                    .sum::<f64>()
                    / z;
                assert!((p - brute).abs() < 1e-9, "t {t} label {label}");
            }
        }
        for first in 0..items.len() {
            for last in first..items.len() {
                let brute: f64 = all
                    .iter()
                    .filter(|l| {
                        l[first] == BEGINS
                            && l[first + 1..=last].iter().all(|&x| x == INSIDE)
                            && l.get(last + 1) != Some(&INSIDE)
                    })
                    .map(|l| score(&crf, &emissions, l))
                    .sum::<f64>()
                    / z;
                let p = lattice.span(first, last);
                assert!((p - brute).abs() < 1e-9, "{first}..={last}: {p} vs {brute}");
            }
        }
        let pair = lattice.pair(2);
        let brute: f64 = all
            .iter()
            .filter(|l| l[1] == BEGINS && l[2] == INSIDE)
            .map(|l| score(&crf, &emissions, l))
            .sum::<f64>()
            / z;
        assert!((pair[BEGINS][INSIDE] - brute).abs() < 1e-9);
    }

    #[test]
    fn the_best_labelling_is_the_most_likely_one() {
        let crf = some_crf();
        let list = list(&[&[2], &[1], &[1, 2], &[0], &[1]]);
        let items = list.tokens(0, list.len());
        let emissions = crf.emissions(items);
        let best = every_labelling(items.len())
            .into_iter()
            .max_by(|a, b| score(&crf, &emissions, a).total_cmp(&score(&crf, &emissions, b)))
            .expect("some labelling");
        assert_eq!(crf.viterbi(&emissions), best);
    }

    #[test]
    fn training_learns_spans_it_was_shown_with_confidence() {
        // Feature 0: "Putin", 1: "Vladimir", 2: any other word, 3: "said".
        let (b, i, o) = (BEGINS as u8, INSIDE as u8, OUTSIDE as u8);
        let lines: Vec<(TokenList, Vec<u8>)> = [
            (vec![1, 0, 3, 2], vec![b, i, o, o]),
            (vec![2, 1, 0, 3], vec![o, b, i, o]),
            (vec![2, 2, 3, 2], vec![o; 4]),
            (vec![3, 1, 0], vec![o, b, i]),
        ]
        .into_iter()
        .map(|(words, labels)| {
            let words: Vec<&[u32]> = words.iter().map(std::slice::from_ref).collect();
            (list(&words), labels)
        })
        .collect();
        let examples: Vec<Example<'_>> = lines
            .iter()
            .map(|(list, labels)| Example {
                tokens: list.tokens(0, list.len()),
                labels,
            })
            .collect();
        let crf = Crf::train(&examples, 4, Training::default());
        let seen = list(&[&[2], &[1], &[0], &[3]]);
        let spans = crf.spans(seen.tokens(0, seen.len()));
        assert_eq!(spans.len(), 1, "{spans:?}");
        let (first, last, p) = spans[0];
        assert_eq!((first, last), (1, 2));
        assert!(p > 0.5 && p <= 1.0, "{p}");
        let none = list(&[&[2], &[3], &[2]]);
        assert!(crf.spans(none.tokens(0, none.len())).is_empty());
        // Trained again on the same examples: the same weights.
        let again = Crf::train(&examples, 4, Training::default());
        assert_eq!(again.state, crf.state);
    }
}
