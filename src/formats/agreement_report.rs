//! The agreement report as files: a tidy CSV (one figure per row, for pandas or R) and a
//! self-contained HTML page with the figures, the tag confusion heat map and the per-tag
//! bar chart, inline SVG, nothing fetched.

use std::fmt::Write as _;

use crate::review::agreement::{Figures, Report, figure};

/// Each figure with what it is: `scope,name,measure,value,unit,count`. Undefined figures
/// (0/0) have an empty value.
pub fn csv(report: &Report) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(["scope", "name", "measure", "value", "unit", "count"]);
    for (scope, name, figures) in report.scopes() {
        for (measure, value, unit, count) in measures(figures) {
            let value = value.map_or_else(String::new, |v| v.to_string());
            let _ = writer.write_record([scope, name, measure, &value, unit, &count.to_string()]);
        }
    }
    if let Some(links) = &report.links {
        let all = std::iter::once(("all", (&links.links, &links.scores)));
        let per_type = links
            .per_type
            .iter()
            .map(|(k, (n, s))| (k.as_str(), (n, s)));
        for (name, (counts, s)) in all.chain(per_type) {
            let count = (counts[0] + counts[1]).to_string();
            for (measure, value) in s.measures() {
                let value = value.map_or_else(String::new, |v| v.to_string());
                let _ = writer.write_record(["links", name, measure, &value, "links", &count]);
            }
        }
    }
    // Per attribute and label, then (three layers or more) per pair as "pair attribute",
    // named "A|B:stance".
    let all = std::iter::once((String::new(), &report.values, report.layers.len()));
    let pairs = report
        .values_pairwise
        .iter()
        .map(|(p, v)| (format!("{p}:"), v, 2));
    for (pair, values, layers) in all.chain(pairs) {
        for (scope, name, figures) in values.scopes() {
            let unit = if scope == "label" {
                "documents"
            } else {
                "spans"
            };
            let scope = if pair.is_empty() {
                scope.to_owned()
            } else {
                format!("pair {scope}")
            };
            let name = format!("{pair}{name}");
            for (measure, value) in figures.measures(layers) {
                let value = value.map_or_else(String::new, |v| v.to_string());
                let count = figures.units.to_string();
                let _ = writer.write_record([&scope, &name, measure, &value, unit, &count]);
            }
        }
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// (measure, value, unit, how many units) for each figure that applies.
fn measures(f: &Figures) -> Vec<(&'static str, Option<f64>, &'static str, usize)> {
    let mut out = vec![
        ("percent_agreement", f.percent_agreement, "tokens", f.tokens),
        (
            "krippendorff_alpha",
            f.krippendorff_alpha,
            "tokens",
            f.tokens,
        ),
    ];
    if f.spans.len() == 2 {
        out.push(("cohen_kappa", f.cohen_kappa, "tokens", f.tokens));
    } else {
        out.push(("fleiss_kappa", f.fleiss_kappa, "tokens", f.tokens));
    }
    if let Some(s) = &f.spans_compared {
        let spans: usize = f.spans.iter().sum();
        out.extend(
            s.measures()
                .into_iter()
                .map(|(measure, value)| (measure, value, "spans", spans)),
        );
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The confusion matrix as an SVG heat map: darker is more tokens.
fn heat_map(report: &Report) -> String {
    let (labels, counts) = &report.confusion;
    if labels.is_empty() {
        return String::new();
    }
    let size = 44;
    let margin = 120;
    let width = margin + size * labels.len() + 10;
    let height = margin + size * labels.len() + 10;
    let most = counts.iter().flatten().copied().max().unwrap_or(1).max(1) as f64;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Confusion of token labels\">"
    );
    for (i, label) in labels.iter().enumerate() {
        let at = margin + i * size + size / 2;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{at}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>\
             <text x=\"{at}\" y=\"{}\" text-anchor=\"start\" transform=\"rotate(-45 {at} {})\">{}</text>",
            margin - 6,
            escape(label),
            margin - 6,
            margin - 6,
            escape(label)
        );
    }
    for (row, line) in counts.iter().enumerate() {
        for (column, &count) in line.iter().enumerate() {
            // Log scale, so a handful of disagreements still shows beside thousands of O.
            let shade = ((count as f64).ln_1p() / most.ln_1p() * 255.0).round() as u8;
            let (x, y) = (margin + column * size, margin + row * size);
            let ink = if shade > 140 { "#fff" } else { "#000" };
            let _ = write!(
                svg,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{size}\" height=\"{size}\" fill=\"rgb({},{},{})\" stroke=\"#ccc\"><title>{} {} / {} {}: {count}</title></rect>\
                 <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"{ink}\">{count}</text>",
                255 - shade,
                255 - shade / 2,
                255,
                escape(report.layers.first().map_or("", String::as_str)),
                escape(&labels[row]),
                escape(report.layers.get(1).map_or("", String::as_str)),
                escape(&labels[column]),
                x + size / 2,
                y + size / 2,
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Per-tag agreement as horizontal bars from 0 to 1 (negative values show as empty bars).
fn bar_chart(report: &Report) -> String {
    let two = report.layers.len() == 2;
    let bar = 220.0;
    let row = 22;
    let series: [(&str, &str); 3] = [
        ("kappa", "#2980b9"),
        ("alpha", "#8e44ad"),
        ("F1 exact", "#27ae60"),
    ];
    let height = 30 + row * series.len() * report.per_tag.len() + 10 * report.per_tag.len();
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"460\" height=\"{height}\" role=\"img\" aria-label=\"Agreement per tag\">"
    );
    let mut y = 10;
    for (tag, f) in &report.per_tag {
        let kappa = if two { f.cohen_kappa } else { f.fleiss_kappa };
        let f1 = f.spans_compared.and_then(|s| s.f1_exact);
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-weight=\"bold\">{}</text>",
            y + 14,
            escape(tag)
        );
        for ((name, colour), value) in series.iter().zip([kappa, f.krippendorff_alpha, f1]) {
            let width = value.unwrap_or(0.0).clamp(0.0, 1.0) * bar;
            let _ = write!(
                svg,
                "<text x=\"100\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{name}</text>\
                 <rect x=\"106\" y=\"{}\" width=\"{bar}\" height=\"14\" fill=\"#eee\"/>\
                 <rect x=\"106\" y=\"{}\" width=\"{width:.1}\" height=\"14\" fill=\"{colour}\"/>\
                 <text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
                y + 14,
                y + 3,
                y + 3,
                106.0 + bar + 6.0,
                y + 14,
                figure(value)
            );
            y += row;
        }
        y += 10;
    }
    svg.push_str("</svg>");
    svg
}

fn figures_table(report: &Report) -> String {
    let two = report.layers.len() == 2;
    let mut html = String::from("<table><thead><tr><th>scope</th><th>tokens</th>");
    html.push_str(if two {
        "<th>Cohen's κ</th>"
    } else {
        "<th>Fleiss' κ</th>"
    });
    html.push_str("<th>Krippendorff's α</th><th>% agreement</th>");
    if two {
        html.push_str(
            "<th>spans</th><th>P exact</th><th>R exact</th><th>F1 exact</th><th>F1 overlap</th>",
        );
    }
    html.push_str("</tr></thead><tbody>");
    for (scope, name, f) in report.scopes() {
        let name = if scope == "overall" {
            scope.to_owned()
        } else {
            format!("{scope} {name}")
        };
        let pair = f.spans.len() == 2;
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            escape(&name),
            f.tokens,
            figure(if pair { f.cohen_kappa } else { f.fleiss_kappa }),
            figure(f.krippendorff_alpha),
            figure(f.percent_agreement)
        );
        if two {
            let s = f.spans_compared.unwrap_or_default();
            let spans: Vec<String> = f.spans.iter().map(usize::to_string).collect();
            let _ = write!(
                html,
                "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                spans.join(" / "),
                figure(s.precision_exact),
                figure(s.recall_exact),
                figure(s.f1_exact),
                figure(s.f1_overlap)
            );
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

/// A page that stands alone: open it in any browser, attach it, print it.
pub fn html(report: &Report, title: &str) -> String {
    let mut html =
        String::from("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    let _ = write!(
        html,
        "<title>Agreement: {}</title><style>body{{font-family:sans-serif;margin:2em;max-width:70em}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.25em .6em;text-align:right}}\
         td:first-child,th:first-child{{text-align:left}}svg text{{font-family:sans-serif;font-size:13px}}</style></head><body>",
        escape(title)
    );
    let _ = write!(
        html,
        "<h1>Agreement: {}</h1><p>Layers {}; {} documents, {} tokens.</p>",
        escape(title),
        escape(&report.layers.join(", ")),
        report.documents.len(),
        report.overall.tokens
    );
    html.push_str(&figures_table(report));
    if report.layers.len() >= 2 {
        let _ = write!(
            html,
            "<h2>Token labels: {} (rows) against {} (columns)</h2>{}",
            escape(&report.layers[0]),
            escape(&report.layers[1]),
            heat_map(report)
        );
    }
    let _ = write!(html, "<h2>Agreement per tag</h2>{}", bar_chart(report));
    html.push_str(
        "<h2>Definitions</h2><p>Tokens are Unicode words (UAX #29) with a letter or digit. Per tag, a \
         token is 1 when an annotation of the tag covers any part of it; overall, its label is its \
         covering tags joined with +, or O. Cohen's κ (two layers), Fleiss' κ (three or more), \
         Krippendorff's α (nominal) and percent agreement are computed on those labels. Span \
         precision, recall and F1 are of the second layer against the first: exact (same start, \
         end and tag) and overlap (same tag, one-to-one, greatest overlap first). — marks a figure \
         that is undefined on the data (0/0).</p></body></html>\n",
    );
    html
}
