//! Which scripts of the open document no font on this system draws: said in a bar over
//! the document, naming the scripts and the packages that bring fonts for them, instead of
//! leaving the researcher to wonder at rows of boxes. Checked once per text, by the view's
//! own text engine: a sample of each script's characters is laid out as the view would.

use egui::{RichText, Ui};
use unicode_script::{Script, UnicodeScript};

use crate::model::Document;

use super::script::{Direction, Setting, with_shaper};

/// What was found for the text shown last.
#[derive(Default)]
pub struct MissingFonts {
    /// The text's hash.
    checked: Option<String>,
    /// Script names, in the order of their first character missing (by code point).
    scripts: Vec<String>,
}

impl MissingFonts {
    /// Checks `document` if it is not the text checked last.
    pub fn check(&mut self, ui: &Ui, document: Option<&Document>) {
        let Some(document) = document else {
            self.checked = None;
            self.scripts.clear();
            return;
        };
        if self.checked.as_deref() == Some(document.content_hash()) {
            return;
        }
        self.scripts = missing_scripts(ui.ctx(), document);
        self.checked = Some(document.content_hash().to_owned());
    }

    /// The bar over the document, when some script has no font.
    pub fn bar(&self, ui: &mut Ui) {
        if self.scripts.is_empty() {
            return;
        }
        egui::Panel::top("missing_fonts").show(ui, |ui| {
            ui.label(RichText::new(message(&self.scripts)).color(ui.visuals().warn_fg_color));
        });
    }
}

/// The scripts of `document` with a character no font draws. Each script is asked about
/// with a sample of its characters, laid out together: a Chinese book holds thousands of
/// distinct characters, and one font has all or none of them as a rule.
fn missing_scripts(ctx: &egui::Context, document: &Document) -> Vec<String> {
    const SAMPLE: usize = 64;
    let mut samples: Vec<(String, String, usize)> = Vec::new();
    for c in super::layout_dump::drawable_chars(document) {
        // A combining mark takes the font of the letter it sits on.
        if c.script() == Script::Inherited {
            continue;
        }
        let script = script_name(c);
        match samples.iter_mut().find(|(s, _, _)| *s == script) {
            Some((_, sample, count)) if *count < SAMPLE => {
                sample.push(c);
                *count += 1;
            }
            Some(_) => {}
            None => samples.push((script, c.to_string(), 1)),
        }
    }
    let setting = Setting {
        size: super::paragraphs::FONT_SIZE,
        line_height: super::paragraphs::FONT_SIZE,
        direction: Direction::Auto,
    };
    with_shaper(ctx, |shaper| {
        samples
            .into_iter()
            .filter(|(_, sample, _)| {
                shaper
                    .lay_out(sample, None, setting)
                    .missing()
                    .next()
                    .is_some()
            })
            .map(|(script, _, _)| script)
            .collect()
    })
}

fn script_name(c: char) -> String {
    match c.script() {
        Script::Common | Script::Inherited | Script::Unknown => {
            if ('\u{1F000}'..='\u{1FAFF}').contains(&c) {
                "emoji".to_owned()
            } else {
                "symbols".to_owned()
            }
        }
        script => script.full_name().replace('_', " "),
    }
}

/// The scripts `chars` are written in, each once, in the order first met (emoji, and
/// symbols of no script, named so).
pub fn scripts_of(chars: &str) -> Vec<String> {
    let mut scripts: Vec<String> = Vec::new();
    for c in chars.chars() {
        let name = script_name(c);
        if !scripts.contains(&name) {
            scripts.push(name);
        }
    }
    scripts
}

/// "No font on this system draws the Arabic and Thai text of this document …".
pub fn message(scripts: &[String]) -> String {
    let named = match scripts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let has = |names: &[&str]| scripts.iter().any(|s| names.contains(&s.as_str()));
    let mut packages = Vec::new();
    if scripts.iter().any(|s| s != "emoji") {
        packages.push("fonts-noto-core");
    }
    if has(&["Han", "Hiragana", "Katakana", "Hangul"]) {
        packages.push("fonts-noto-cjk");
    }
    // The view draws glyph outlines; colour emoji fonts are bitmaps, so no package helps:
    // the emoji the outline font Annotary brings lacks stay boxes.
    let emoji = if has(&["emoji"]) {
        " Emoji newer than the outline emoji font Annotary brings show as boxes: a colour \
         emoji font does not help there."
    } else {
        ""
    };
    if packages.is_empty() {
        return format!("No font Annotary can draw with has the emoji of this document.{emoji}");
    }
    let packages = packages.join(" and ");
    format!(
        "No font on this system draws the {named} text of this document: it shows as boxes. \
         Install fonts for it (on Debian or Ubuntu: {packages}) and start Annotary again.{emoji}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_named_once_in_the_order_met() {
        assert_eq!(
            scripts_of("کابلก北京👩پ"),
            ["Arabic", "Thai", "Han", "emoji"]
        );
        assert_eq!(
            message(&["Arabic".into(), "Thai".into(), "Han".into()]),
            "No font on this system draws the Arabic, Thai and Han text of this document: it \
             shows as boxes. Install fonts for it (on Debian or Ubuntu: fonts-noto-core and \
             fonts-noto-cjk) and start Annotary again."
        );
        let emoji = message(&["emoji".into()]);
        assert!(emoji.contains("colour emoji font does not help") && !emoji.contains("noto-core"));
    }
}
