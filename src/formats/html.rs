//! HTML pages imported as documents: only the text a reader would see. Scripts, styles,
//! the head, templates and hidden elements are left out; nothing the page refers to is
//! ever fetched. Blocks become paragraphs (a blank line between them), `<br>` a line
//! break, and white space collapses as a browser collapses it, except inside `<pre>`.

use scraper::{ElementRef, Html, Node};

/// Elements whose content is never shown as text.
const INVISIBLE: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
    "video", "audio", "select", "button", "textarea", "input",
];

/// Elements that start a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "figure",
    "figcaption",
    "table",
    "tr",
    "caption",
    "hr",
    "address",
    "details",
    "summary",
    "form",
    "fieldset",
    "body",
];

/// The visible text of a page, and its title (`<title>`, else the first `<h1>`).
pub struct Page {
    pub title: Option<String>,
    pub text: String,
}

/// Reads the visible text of an HTML page.
pub fn visible_text(source: &str) -> Page {
    let html = Html::parse_document(source);
    let mut writer = Writer::default();
    writer.element(html.root_element(), false);
    let title = first_text(&html, "title").or_else(|| first_text(&html, "h1"));
    Page {
        title,
        text: writer.out,
    }
}

fn first_text(html: &Html, name: &str) -> Option<String> {
    let selector = scraper::Selector::parse(name).ok()?;
    let element = html.select(&selector).next()?;
    let words: Vec<&str> = element.text().flat_map(str::split_whitespace).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Whether an element is hidden by its attributes (`hidden`, or an inline style saying so).
fn hidden(element: ElementRef<'_>) -> bool {
    let value = element.value();
    if value.attr("hidden").is_some() {
        return true;
    }
    value.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

#[derive(Default)]
struct Writer {
    out: String,
    /// Line breaks owed before the next visible character: 1 a line, 2 a paragraph.
    breaks: usize,
    /// White space seen since the last character, shown as one space if text follows.
    space: bool,
}

impl Writer {
    fn element(&mut self, element: ElementRef<'_>, pre: bool) {
        let name = element.value().name();
        if INVISIBLE.contains(&name) || hidden(element) {
            return;
        }
        let pre = pre || matches!(name, "pre" | "listing" | "textarea");
        let block = BLOCKS.contains(&name);
        if block {
            self.paragraph();
        }
        match name {
            "br" => self.breaks = (self.breaks + 1).min(2),
            "td" | "th" if element.prev_siblings().any(|s| s.value().is_element()) => {
                self.space = true;
            }
            _ => {}
        }
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.text(text, pre),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.element(child, pre);
                    }
                }
                _ => {}
            }
        }
        if block {
            self.paragraph();
        }
    }

    fn paragraph(&mut self) {
        self.breaks = 2;
        self.space = false;
    }

    fn text(&mut self, text: &str, pre: bool) {
        for c in text.chars() {
            if pre && c == '\n' {
                self.breaks = (self.breaks + 1).min(2);
                continue;
            }
            if !pre && c.is_whitespace() && c != '\u{a0}' {
                self.space = true;
                continue;
            }
            if !self.out.is_empty() {
                if self.breaks > 0 {
                    self.out.push_str(&"\n".repeat(self.breaks));
                } else if self.space {
                    self.out.push(' ');
                }
            }
            self.breaks = 0;
            self.space = false;
            self.out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_visible_text_in_paragraphs() {
        let page = visible_text(
            "<!doctype html><html><head><title>Grain  deal</title><style>p{}</style>\
             <script>var x = '<p>no</p>';</script></head><body>\
             <h1>Grain deal “extended”</h1>\n<p>The   <b>Kremlin</b> said\nso.<br>Then 😀 日本.</p>\
             <div hidden>secret</div><p style=\"display: none\">gone</p>\
             <ul><li>one</li><li>two&amp;three</li></ul>\
             <pre>  a\n  b</pre><img src=\"http://example.com/x.png\" alt=\"pic\"></body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("Grain deal"));
        assert_eq!(
            page.text,
            "Grain deal “extended”\n\nThe Kremlin said so.\nThen 😀 日本.\n\none\n\ntwo&three\n\n  a\n  b"
        );
    }

    #[test]
    fn a_fragment_without_markup_is_its_text() {
        let page = visible_text("just   text\n");
        assert_eq!(page.text, "just text");
        assert_eq!(page.title, None);
    }
}
