//! The layout dump (`annotary layout`): what the document view draws where, as data. What
//! holds whatever engine lays the text out: every character is in exactly one cluster of
//! one line, lines run top to bottom, clusters left to right, and an annotation's
//! rectangles cover exactly the clusters of its characters, one per line it meets.

mod common;

use annotary::model::{DocumentId, Project};
use annotary::ui::layout_dump::{LayoutDump, layout};

fn dump(project: &Project, doc: &DocumentId, width: f32) -> LayoutDump {
    let document = project.document(doc).expect("document");
    layout(project, document, Some(width))
}

#[test]
fn every_character_is_in_one_cluster_of_one_line_in_drawing_order() {
    let (project, doc) = common::project_from_markup(common::HARD_TEXT);
    let laid = dump(&project, &doc, 160.0);
    let text = project.document(&doc).expect("document").text();
    let mut seen = vec![0; text.char_len()];
    let mut last_bottom = f32::MIN;
    for line in &laid.lines {
        assert!(line.top >= last_bottom - 0.01 && line.bottom > line.top);
        last_bottom = line.bottom;
        for pair in line.clusters.windows(2) {
            // Within a point: glyph positions are rounded to pixels, and a zero-width
            // mark after a wide glyph may round the other way.
            assert!(pair[0].x <= pair[1].x + 1.0, "left to right: {pair:?}");
        }
        for cluster in &line.clusters {
            for count in &mut seen[cluster.start..cluster.end] {
                *count += 1;
            }
        }
    }
    for (at, count) in seen.iter().enumerate() {
        let in_text = text.paragraphs().iter().any(|p| p.contains(&at));
        assert_eq!(*count, usize::from(in_text), "character {at}");
    }
    assert!(
        laid.lines.len() > text.paragraphs().len(),
        "160 points wraps lines"
    );
}

#[test]
fn an_annotation_has_one_rectangle_per_line_from_its_first_cluster_to_its_last() {
    let (project, doc) = common::project_from_markup(
        "The [claim:Kremlin said on Monday that the talks would resume in Moscow] soon.",
    );
    let laid = dump(&project, &doc, 150.0);
    let placed = &laid.annotations[0];
    let [start, end] = placed.ranges[0];
    let lines: Vec<_> = laid
        .lines
        .iter()
        .filter(|l| l.clusters.iter().any(|c| c.start < end && start < c.end))
        .collect();
    assert!(lines.len() >= 2, "the claim wraps at 150 points");
    assert_eq!(placed.rects.len(), lines.len());
    for (rect, line) in placed.rects.iter().zip(&lines) {
        let inside: Vec<_> = line
            .clusters
            .iter()
            .filter(|c| start <= c.start && c.end <= end)
            .collect();
        let first = inside.first().expect("a cluster of the claim");
        let last = inside.last().expect("a cluster of the claim");
        assert!((rect.left - first.x).abs() < 1.0, "{rect:?} {first:?}");
        assert!(
            (rect.right - (last.x + last.width)).abs() < 1.0,
            "{rect:?} {last:?}"
        );
        assert!(line.top <= rect.top && rect.bottom <= line.bottom);
    }
}

#[test]
fn annotary_layout_prints_the_dump_and_names_a_missing_document() {
    let path = common::demo_path();
    let path = path.to_str().expect("a UTF-8 path");
    let (code, out, _) = common::annotary(&[
        "layout",
        path,
        "--document",
        "001_bc22e7b79049ddaf",
        "--width",
        "400",
    ]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["width"], 400.0);
    assert!(json["lines"].as_array().is_some_and(|l| l.len() > 10));
    let placed = json["annotations"][0].clone();
    assert!(placed["rects"][0]["right"].as_f64() > placed["rects"][0]["left"].as_f64());
    let (code, _, err) = common::annotary(&["layout", path, "--document", "nope"]);
    assert_eq!(code, 1);
    assert!(err.contains("has no document \"nope\""), "{err}");
}
