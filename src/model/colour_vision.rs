//! How tag colours look to colour-blind coders: each colour as a dichromat sees it
//! (Machado, Oliveira and Fernandes 2009, full severity, applied to linear sRGB), and how
//! far apart two colours are then (CIE76 ΔE in CIELAB, D65). One man in twelve sees red
//! and green alike; tags that differ only for the others would look the same to him.

use super::{Colour, TagSet};

/// Colours at least this far apart (ΔE) are told apart at a glance under every vision.
pub const DISTINCT: f64 = 40.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vision {
    Normal,
    /// No long-wavelength (red) cones.
    Protanopia,
    /// No medium-wavelength (green) cones: the most common.
    Deuteranopia,
    /// No short-wavelength (blue) cones: rare.
    Tritanopia,
}

impl Vision {
    pub const ALL: [Self; 4] = [
        Self::Normal,
        Self::Protanopia,
        Self::Deuteranopia,
        Self::Tritanopia,
    ];

    /// As the tag editor names it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Normal => "normal vision",
            Self::Protanopia => "protanopia (red-blind)",
            Self::Deuteranopia => "deuteranopia (green-blind)",
            Self::Tritanopia => "tritanopia (blue-blind)",
        }
    }

    /// Machado et al.'s matrix for full severity, on linear RGB.
    fn matrix(self) -> [[f64; 3]; 3] {
        match self {
            Self::Normal => [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            Self::Protanopia => [
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ],
            Self::Deuteranopia => [
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ],
            Self::Tritanopia => [
                [1.255528, -0.076749, -0.178779],
                [-0.078411, 0.930809, 0.147602],
                [0.004733, 0.691367, 0.303900],
            ],
        }
    }
}

/// The colour as seen with `vision`, in CIELAB (L*, a*, b*).
pub fn seen(colour: Colour, vision: Vision) -> [f64; 3] {
    let linear = [colour.r, colour.g, colour.b].map(|c| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    });
    let m = vision.matrix();
    let [r, g, b] =
        m.map(|row| (row[0] * linear[0] + row[1] * linear[1] + row[2] * linear[2]).clamp(0.0, 1.0));
    let x = 0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175_0 * b;
    let z = 0.019_333_9 * r + 0.119_192_0 * g + 0.950_304_1 * b;
    let f = |t: f64| {
        let delta: f64 = 6.0 / 29.0;
        if t > delta.powi(3) {
            t.cbrt()
        } else {
            t / (3.0 * delta * delta) + 4.0 / 29.0
        }
    };
    let (fx, fy, fz) = (f(x / 0.950_47), f(y), f(z / 1.088_83));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// How far apart two colours look with `vision` (CIE76 ΔE).
pub fn difference(a: Colour, b: Colour, vision: Vision) -> f64 {
    let (a, b) = (seen(a, vision), seen(b, vision));
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// Two tags that look alike to some coders.
#[derive(Clone, Debug, PartialEq)]
pub struct LookAlike {
    pub first: String,
    pub second: String,
    /// The vision they are closest under, and how close.
    pub vision: Vision,
    pub difference: f64,
}

/// Every pair of tags closer than [`DISTINCT`] under some vision, each with the vision it
/// is closest under.
pub fn look_alike(tags: &TagSet) -> Vec<LookAlike> {
    let mut found = Vec::new();
    for (i, first) in tags.tags.iter().enumerate() {
        for second in &tags.tags[i + 1..] {
            let closest = Vision::ALL
                .into_iter()
                .map(|v| (v, difference(first.colour, second.colour, v)))
                .min_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((vision, difference)) = closest
                && difference < DISTINCT
            {
                found.push(LookAlike {
                    first: first.name.clone(),
                    second: second.name.clone(),
                    vision,
                    difference,
                });
            }
        }
    }
    found
}

/// Colours a new tag may take: Okabe and Ito's, chosen to be told apart by dichromats,
/// and a few more.
const NEW_TAG_COLOURS: [Colour; 10] = [
    Colour::rgb(0xe6, 0x9f, 0x00),
    Colour::rgb(0x56, 0xb4, 0xe9),
    Colour::rgb(0x00, 0x9e, 0x73),
    Colour::rgb(0xf0, 0xe4, 0x42),
    Colour::rgb(0x00, 0x72, 0xb2),
    Colour::rgb(0xd5, 0x5e, 0x00),
    Colour::rgb(0xcc, 0x79, 0xa7),
    Colour::rgb(0x99, 0x99, 0x99),
    Colour::rgb(0x8e, 0x44, 0xad),
    Colour::rgb(0x88, 0x55, 0x22),
];

/// The colour for a new tag: of [`NEW_TAG_COLOURS`], the one whose closest look to any of
/// `taken`, under any vision, is furthest.
pub fn most_distinct(taken: &[Colour]) -> Colour {
    let closest = |candidate: Colour| {
        taken
            .iter()
            .flat_map(|&t| Vision::ALL.map(|v| difference(candidate, t, v)))
            .fold(f64::INFINITY, f64::min)
    };
    NEW_TAG_COLOURS
        .into_iter()
        .max_by(|a, b| closest(*a).total_cmp(&closest(*b)))
        .unwrap_or(Colour::rgb(0x99, 0x99, 0x99))
}

/// Colours for tags added one after another (an import's): each its own if it brings
/// one, else the one furthest from those of the project's tags and of the tags before it.
pub struct NewTagColours(Vec<Colour>);

impl NewTagColours {
    pub fn after(tags: &TagSet) -> Self {
        Self(tags.tags.iter().map(|t| t.colour).collect())
    }

    pub fn next(&mut self, own: Option<Colour>) -> Colour {
        let colour = own.unwrap_or_else(|| most_distinct(&self.0));
        self.0.push(colour);
        colour
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Colour {
        s.parse().expect("a colour")
    }

    /// The figures the old default tags gave, as the colour-vision issue measured them:
    /// the simulation is Machado's, on linear RGB.
    #[test]
    fn the_old_tags_looked_alike_as_measured() {
        let (claim, actor, date) = (hex("#e4572e"), hex("#2980b9"), hex("#27ae60"));
        let near = |a, b, v, want: f64| {
            let got = difference(a, b, v);
            assert!((got - want).abs() < 0.1, "{v:?}: {got} not {want}");
        };
        near(claim, date, Vision::Protanopia, 18.0);
        near(claim, date, Vision::Deuteranopia, 28.4);
        near(actor, date, Vision::Tritanopia, 18.1);
        near(claim, actor, Vision::Normal, 105.7);
    }

    #[test]
    fn the_default_tags_stay_apart_under_every_vision() {
        let tags = TagSet::default();
        for (i, a) in tags.tags.iter().enumerate() {
            for b in &tags.tags[i + 1..] {
                for vision in Vision::ALL {
                    let d = difference(a.colour, b.colour, vision);
                    assert!(
                        d >= DISTINCT,
                        "{} and {} under {vision:?}: ΔE {d:.1}",
                        a.name,
                        b.name
                    );
                }
            }
        }
        assert!(look_alike(&tags).is_empty());
    }

    #[test]
    fn a_fourth_tag_takes_a_colour_apart_from_the_defaults() {
        let taken: Vec<Colour> = TagSet::default().tags.iter().map(|t| t.colour).collect();
        let new = most_distinct(&taken);
        let closest = taken
            .iter()
            .flat_map(|&t| Vision::ALL.map(|v| difference(new, t, v)))
            .fold(f64::INFINITY, f64::min);
        assert!(closest >= 30.0, "{new}: ΔE {closest:.1}");
        assert!(!taken.contains(&new));
    }

    #[test]
    fn tags_that_look_alike_are_named_with_the_vision() {
        let mut tags = TagSet::default();
        tags.tags[0].colour = hex("#e4572e");
        tags.tags[2].colour = hex("#27ae60");
        let found = look_alike(&tags);
        let alike: Vec<(&str, &str, Vision)> = found
            .iter()
            .map(|a| (a.first.as_str(), a.second.as_str(), a.vision))
            .collect();
        assert_eq!(
            alike,
            [
                ("claim", "date", Vision::Protanopia),
                ("actor", "date", Vision::Tritanopia)
            ]
        );
    }
}
