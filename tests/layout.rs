//! The layout dump (`annotary layout`): what the document view draws where, as data. What
//! holds whatever engine lays the text out: every character is in exactly one cluster of
//! one line, lines run top to bottom, clusters left to right, and an annotation's
//! rectangles cover exactly the clusters of its characters, one per line it meets.

mod common;

use annotary::model::{DocumentId, Project};
use annotary::ui::layout_dump::{LayoutDump, layout};

fn dump(project: &Project, doc: &DocumentId, width: f32) -> LayoutDump {
    let document = project.document(doc).expect("document");
    layout(project, document, Some(width), &[])
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

/// The committed test fonts (tests/fonts), as the window would find them on the system.
fn test_fonts() -> Vec<Vec<u8>> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fonts");
    let mut names: Vec<_> = std::fs::read_dir(&folder)
        .expect("tests/fonts")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ttf" || x == "otf"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read(p).expect("a font"))
        .collect()
}

/// Every paragraph of tests/scripts/paragraphs.tsv, one document.
fn script_paragraphs() -> (Project, DocumentId) {
    let table = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scripts/paragraphs.tsv"),
    )
    .expect("paragraphs");
    let text: Vec<&str> = table
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').nth(2))
        .collect();
    common::project_from_markup(&text.join("\n"))
}

#[test]
fn the_committed_fonts_draw_every_script_the_tests_use() {
    let (project, doc) = script_paragraphs();
    let document = project.document(&doc).expect("document");
    let bare = layout(&project, document, None, &[]);
    // egui's own fonts have no Arabic, Hebrew, Devanagari, Thai or Chinese.
    for c in ['پ', 'ש', 'क', 'ก', '俄'] {
        assert!(
            bare.missing_glyphs.contains(c),
            "{c} in {}",
            bare.missing_glyphs
        );
    }
    let with_fonts = layout(&project, document, None, &test_fonts());
    // Emoji beyond egui's own small set need the system's colour emoji font (ten
    // megabytes: not committed); everything else has a glyph.
    let missing: String = with_fonts
        .missing_glyphs
        .chars()
        .filter(|c| !('\u{1F000}'..='\u{1FAFF}').contains(c))
        .collect();
    assert_eq!(missing, "", "every character but emoji has a glyph");
}

#[test]
fn a_file_that_is_no_font_is_refused_by_name_and_nothing_is_drawn_with_it() {
    let folder = tempfile::tempdir().expect("temp");
    let bad = folder.path().join("bad.ttf");
    std::fs::write(&bad, b"not a font at all").expect("write");
    let path = common::demo_path();
    let (code, out, err) = common::annotary(&[
        "layout",
        path.to_str().expect("UTF-8"),
        "--document",
        "001_bc22e7b79049ddaf",
        "--font",
        bad.to_str().expect("UTF-8"),
    ]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(
        err.contains("bad.ttf") && err.contains("not a font"),
        "{err}"
    );
}

#[test]
fn a_long_document_is_laid_out_in_passes_without_losing_its_place() {
    // More paragraphs than one pass lays out: the tops run on across passes.
    let mut text: Vec<String> = (0..1000).map(|n| format!("Line {n} said so.")).collect();
    text.push("The [actor:Kremlin] spoke last.".into());
    let (project, doc) = common::project_from_markup(&text.join("\n"));
    let laid = dump(&project, &doc, 600.0);
    assert_eq!(laid.lines.len(), 1001, "one line each");
    for pair in laid.lines.windows(2) {
        assert!(pair[1].top > pair[0].top, "{pair:?}");
    }
    let last = laid.lines.last().expect("a line");
    let rect = &laid.annotations[0].rects[0];
    assert!(
        last.top <= rect.top && rect.bottom <= last.bottom,
        "{rect:?} in {last:?}"
    );
}
