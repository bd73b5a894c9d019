//! `annotary synth` and `annotary bench`: deterministic output that passes `check`, and a
//! bench run that reports every figure (timing itself is for benchmarks, not tests).

mod common;

use common::annotary;

#[test]
fn synth_is_deterministic_for_a_seed_and_passes_check() {
    let folder = tempfile::tempdir().expect("temp");
    let write = |name: &str, seed: &str| {
        let path = folder.path().join(name);
        let path_text = path.to_str().expect("utf-8").to_owned();
        let (code, out, err) = annotary(&[
            "synth",
            "--chars",
            "30000",
            "--annotations",
            "700",
            "--documents",
            "3",
            "--layers",
            "2",
            "--seed",
            seed,
            "--out",
            &path_text,
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("3 documents, 700 annotations, 2 layers"),
            "{out}"
        );
        (path_text, std::fs::read(&path).expect("written"))
    };
    let (first, a) = write("a.ron", "42");
    let (_, b) = write("b.ron", "42");
    let (_, c) = write("c.ron", "43");
    assert!(a == b, "same seed, same bytes");
    assert!(a != c, "another seed, another project");
    let (code, out, err) = annotary(&["check", &first]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "3 documents, 700 annotations, 2 layers");

    let project =
        annotary::formats::project_file::load(std::path::Path::new(&first)).expect("loads");
    let text: String = project
        .documents()
        .iter()
        .map(|d| d.text().as_str())
        .collect();
    assert!(text.chars().count() >= 30_000);
    assert!(!text.is_ascii(), "some non-ASCII text");
    for tag in ["claim", "actor", "date"] {
        assert!(
            project.annotations().iter().any(|a| a.tag == tag),
            "some {tag}"
        );
    }
    let nested = project
        .annotations()
        .windows(2)
        .any(|pair| pair[0].document == pair[1].document && pair[1].start < pair[0].end);
    assert!(nested, "annotations overlap or nest");
}

#[test]
fn bench_drives_the_app_and_reports_every_figure_as_json() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("small.ron");
    let path_text = path.to_str().expect("utf-8");
    let (code, _, err) = annotary(&[
        "synth",
        "--chars",
        "20000",
        "--annotations",
        "400",
        "--seed",
        "1",
        "--out",
        path_text,
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = annotary(&["bench", path_text, "--frames", "20", "--json"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    for key in ["open_ms", "first_frame_ms", "save_ms", "peak_rss_mb"] {
        assert!(
            report[key].as_f64().is_some_and(|v| v >= 0.0),
            "{key} in {report}"
        );
    }
    // 21 scroll steps and two frames for each of 100 jumps.
    assert_eq!(report["frames"].as_u64(), Some(221));
    for key in ["median", "p95", "p99", "max"] {
        assert!(report["frame_ms"][key].as_f64().is_some(), "frame_ms.{key}");
    }
    assert!(report["edit_ms"]["median"].as_f64().is_some());
    assert!(
        report["annotate_all"]["matches"]
            .as_u64()
            .is_some_and(|n| n > 10),
        "{report}"
    );
    assert!(report["annotate_all"]["ms"].as_f64().is_some());
    assert!(report["edit_ms"]["max"].as_f64() >= report["edit_ms"]["median"].as_f64());
}
