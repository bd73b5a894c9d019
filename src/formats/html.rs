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
    let flattened = flatten_deep_nesting(source, MAX_DEPTH);
    let html = Html::parse_document(flattened.as_deref().unwrap_or(source));
    let mut writer = Writer::default();
    writer.element(html.root_element(), false);
    let title = first_text(&html, "title").or_else(|| first_text(&html, "h1"));
    Page {
        title,
        text: writer.out,
    }
}

/// Elements nested deeper than this are read as if they were siblings: the parser checks
/// the elements open around each new one, so a page nested tens of thousands deep (broken
/// or hostile) would take minutes. Browsers cap the depth the same way (Chromium at 512).
const MAX_DEPTH: usize = 512;

/// Elements that never hold others, and those whose end tag may be left out (a page of
/// unclosed `<p>` is not deep): neither counts towards the depth.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body",
];

/// Elements whose content is raw text, not tags.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// The page with the tags of elements nested deeper than `max` taken out (their text
/// stays), in one linear pass; `None` when no element is nested that deep, as on any page
/// a person wrote.
fn flatten_deep_nesting(source: &str, max: usize) -> Option<String> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    // Elements opened past the limit and not yet closed: their end tags go too.
    let mut dropped = 0usize;
    let mut out: Option<String> = None;
    let mut kept_to = 0;
    let mut at = 0;
    while let Some(offset) = source[at..].find('<') {
        let start = at + offset;
        let rest = &source[start..];
        let skip_to = |end: &str| {
            rest.find(end)
                .map_or(source.len(), |i| start + i + end.len())
        };
        if rest.starts_with("<!--") {
            at = skip_to("-->");
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            at = skip_to(">");
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = start + if closing { 2 } else { 1 };
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            at = start + 1;
            continue;
        }
        let name = source[name_start..name_start + name_len].to_ascii_lowercase();
        let end = tag_end(source, name_start + name_len);
        let self_closing = source[..end].ends_with("/>");
        let mut remove = false;
        if !NOT_NESTING.contains(&name.as_str()) && !self_closing {
            if closing {
                if dropped > 0 {
                    dropped -= 1;
                    remove = true;
                } else {
                    depth = depth.saturating_sub(1);
                }
            } else if depth >= max {
                dropped += 1;
                remove = true;
            } else {
                depth += 1;
            }
        }
        if remove {
            let out = out.get_or_insert_with(|| String::with_capacity(source.len()));
            out.push_str(&source[kept_to..start]);
            kept_to = end;
        }
        at = end;
        if !closing && RAW_TEXT.contains(&name.as_str()) {
            // Their text holds no tags: go on after the element's end tag.
            at = source[at..]
                .match_indices("</")
                .find(|(i, _)| {
                    let tag = &source[at + i + 2..];
                    tag.len() >= name.len()
                        && tag.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                })
                .map_or(source.len(), |(i, _)| at + i);
        }
    }
    out.map(|mut out| {
        out.push_str(&source[kept_to..]);
        out
    })
}

/// Where the tag whose name ends at `from` ends: after its `>`, quotes respected.
fn tag_end(source: &str, from: usize) -> usize {
    let mut quote = None;
    for (i, c) in source[from..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return from + i + 1,
            _ => {}
        }
    }
    source.len()
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

/// A step of the walk over the page: into an element, a text, or out of a block; each
/// with whether it is inside `<pre>`.
enum Step<'a> {
    Enter(ElementRef<'a>, bool),
    Text(&'a str, bool),
    LeaveBlock,
}

impl Writer {
    /// Writes the visible text under `root`, in document order. The walk keeps its own
    /// stack rather than recursing: a page nested tens of thousands of elements deep (a
    /// broken or hostile file) must not overflow the thread's stack.
    fn element(&mut self, root: ElementRef<'_>, pre: bool) {
        let mut steps = vec![Step::Enter(root, pre)];
        while let Some(step) = steps.pop() {
            let (element, pre) = match step {
                Step::LeaveBlock => {
                    self.paragraph();
                    continue;
                }
                Step::Text(text, pre) => {
                    self.text(text, pre);
                    continue;
                }
                Step::Enter(element, pre) => (element, pre),
            };
            let name = element.value().name();
            if INVISIBLE.contains(&name) || hidden(element) {
                continue;
            }
            let pre = pre || matches!(name, "pre" | "listing" | "textarea");
            let block = BLOCKS.contains(&name);
            if block {
                self.paragraph();
                steps.push(Step::LeaveBlock);
            }
            match name {
                "br" => self.breaks = (self.breaks + 1).min(2),
                "td" | "th" if element.prev_siblings().any(|s| s.value().is_element()) => {
                    self.space = true;
                }
                _ => {}
            }
            // Pushed in reverse, the children come off the stack in document order.
            let start = steps.len();
            for child in element.children() {
                match child.value() {
                    Node::Text(text) => steps.push(Step::Text(text, pre)),
                    Node::Element(_) => {
                        if let Some(child) = ElementRef::wrap(child) {
                            steps.push(Step::Enter(child, pre));
                        }
                    }
                    _ => {}
                }
            }
            steps[start..].reverse();
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
    fn a_page_nested_deeper_than_any_stack_is_read_to_its_end() {
        let nested = |depth: usize| {
            format!(
                "{}deep{}",
                "<div><span>".repeat(depth),
                "</span></div>".repeat(depth)
            )
        };
        // Read as the import reads it: flattened past the limit, in linear time.
        let page = nested(100_000);
        assert_eq!(visible_text(&page).text, "deep");
        // The walk over the parsed page keeps its own stack: even unflattened, a page
        // 10,000 elements deep does not overflow a small thread's stack.
        let page = nested(5_000);
        let text = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || {
                let html = Html::parse_document(&page);
                let mut writer = Writer::default();
                writer.element(html.root_element(), false);
                writer.out
            })
            .expect("thread")
            .join()
            .expect("no overflow");
        assert_eq!(text, "deep");
    }

    #[test]
    fn only_pages_nested_past_the_limit_are_flattened() {
        let page = "<div><div><p>a<p>b</div><script>'</div>'</script>c</div><!-- <div> -->";
        assert_eq!(flatten_deep_nesting(page, 2), None);
        assert_eq!(
            flatten_deep_nesting("<div><div><div>x</div></div></div>", 2).as_deref(),
            Some("<div><div>x</div></div>")
        );
        assert_eq!(
            flatten_deep_nesting("<a href='>'><b><i title=\"</i>\">x</i></b></a>", 2).as_deref(),
            Some("<a href='>'><b>x</b></a>")
        );
    }

    #[test]
    fn a_fragment_without_markup_is_its_text() {
        let page = visible_text("just   text\n");
        assert_eq!(page.text, "just text");
        assert_eq!(page.title, None);
    }
}
