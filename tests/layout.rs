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

#[test]
fn the_committed_fonts_draw_every_script_the_tests_use() {
    let (project, doc) = common::script_paragraphs();
    let document = project.document(&doc).expect("document");
    let bare = layout(&project, document, None, &[]);
    // egui's own fonts have no Hebrew, Devanagari, Thai or Chinese; the Arabic script is
    // drawn by the font Annotary brings.
    for c in ['ש', 'क', 'ก', '俄'] {
        assert!(
            bare.missing_glyphs.contains(c),
            "{c} in {}",
            bare.missing_glyphs
        );
    }
    assert!(
        !"پکےۂذبیح".chars().any(|c| bare.missing_glyphs.contains(c)),
        "Persian and Urdu letters in {}",
        bare.missing_glyphs
    );
    let with_fonts = layout(&project, document, None, &common::test_fonts());
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

/// The x-spans of the stretches of adjacent clusters on `line` that hold a character of
/// `start..end`, left to right.
fn stretches(line: &annotary::ui::layout_dump::Line, start: usize, end: usize) -> Vec<(f32, f32)> {
    let mut spans: Vec<(f32, f32)> = Vec::new();
    let mut open = false;
    for cluster in &line.clusters {
        let inside = cluster.start < end && cluster.end > start;
        match (inside, open, spans.last_mut()) {
            (true, true, Some(last)) => last.1 = cluster.x + cluster.width,
            (true, _, _) => spans.push((cluster.x, cluster.x + cluster.width)),
            _ => {}
        }
        open = inside;
    }
    spans
}

#[test]
fn highlights_cover_exactly_their_clusters_where_directions_mix() {
    let (project, doc) = common::project_from_markup(
        "The spokesman [actor:Zabihullah Mujahid (ذبیح‌الله] مجاهد) welcomed the decision on [date:4 July].\n\
         The spokesman Zabihullah Mujahid ([actor:ذبیح‌الله مجاهد]) welcomed the decision on 4 July.\n\
         [actor:ولادیمیر پوتین] روز پنجشنبه گفت که [claim:روسیه حکومت طالبان را به رسمیت می‌شناسد]. این تصمیم در [date:۲۰۲۵] اعلام شد.",
    );
    let document = project.document(&doc).expect("document");
    let laid = layout(&project, document, Some(2000.0), &common::test_fonts());
    assert_eq!(laid.lines.len(), 3, "one line per paragraph at 2000 points");
    assert_eq!(laid.missing_glyphs, "");
    for placed in &laid.annotations {
        let [[start, end]] = placed.ranges[..] else {
            panic!("one range each")
        };
        let mut expected = Vec::new();
        for line in &laid.lines {
            for (left, right) in stretches(line, start, end) {
                expected.push((left, line.top, right, line.bottom));
            }
        }
        assert_eq!(placed.rects.len(), expected.len(), "{start}..{end}");
        for (rect, (left, top, right, bottom)) in placed.rects.iter().zip(expected) {
            assert!((rect.left - left).abs() < 0.01 && (rect.right - right).abs() < 0.01);
            assert!(
                top <= rect.top && rect.bottom <= bottom,
                "{rect:?} in its line"
            );
        }
    }
    // "Zabihullah Mujahid (ذبیح‌الله": the Persian word stands at the right end of its
    // right-to-left run, apart from the Latin words: two rectangles on one line.
    assert_eq!(laid.annotations[0].rects.len(), 2);
    // The Dari paragraph runs from the right: its first word, the actor, is rightmost.
    let dari = &laid.lines[2];
    let actor = &laid.annotations[3].rects;
    let rightmost = dari
        .clusters
        .iter()
        .map(|c| c.x + c.width)
        .fold(0.0, f32::max);
    assert_eq!(actor.len(), 1);
    assert!(
        (actor[0].right - rightmost).abs() < 0.01,
        "{actor:?} ends at {rightmost}"
    );
}

/// Whether `clusters` (character ranges, left to right as drawn) follow `order` (the
/// characters' indices left to right, from the reference): each cluster's characters
/// stand together there, the clusters come in its order, and together they hold every
/// character it places (characters it leaves out, such as joiners, place nothing).
fn follows(order: &[usize], clusters: &[(usize, usize)]) -> bool {
    let mut place = std::collections::HashMap::new();
    for (seen, &at) in order.iter().enumerate() {
        place.insert(at, seen);
    }
    let mut next = 0;
    for &(start, end) in clusters {
        let mut places: Vec<usize> = (start..end)
            .filter_map(|at| place.get(&at).copied())
            .collect();
        places.sort_unstable();
        for p in places {
            if p != next {
                return false;
            }
            next += 1;
        }
    }
    next == order.len()
}

#[test]
fn every_script_is_drawn_in_the_order_of_the_committed_bidi_reference() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scripts");
    let read = |name: &str| std::fs::read_to_string(folder.join(name)).expect(name);
    let rows = |table: String| -> Vec<(String, String)> {
        table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| {
                let fields: Vec<&str> = l.split('\t').collect();
                (fields[0].to_owned(), fields[fields.len() - 1].to_owned())
            })
            .collect()
    };
    let paragraphs = rows(read("paragraphs.tsv"));
    let reference: std::collections::HashMap<String, String> =
        rows(read("reference_order.tsv")).into_iter().collect();
    let fonts = common::test_fonts();
    assert_eq!(paragraphs.len(), 12);
    for (name, text) in &paragraphs {
        let order = reference_order(&reference[name]);
        let (project, doc) = common::project_from_markup(text);
        let document = project.document(&doc).expect("document");
        let laid = layout(&project, document, Some(100_000.0), &fonts);
        assert_eq!(laid.lines.len(), 1, "{name} on one line");
        let clusters: Vec<(usize, usize)> = laid.lines[0]
            .clusters
            .iter()
            .map(|c| (c.start, c.end))
            .collect();
        assert!(follows(&order, &clusters), "{name}: {clusters:?}");
    }
    // And the check itself tells a wrong order: the Dari paragraph in logical order.
    let dari: Vec<(usize, usize)> = (0..paragraphs[0].1.chars().count())
        .map(|i| (i, i + 1))
        .collect();
    assert!(!follows(&reference_order(&reference["dari"]), &dari));
}

fn reference_order(line: &str) -> Vec<usize> {
    line.split(' ')
        .map(|n| n.parse().expect("an index"))
        .collect()
}
