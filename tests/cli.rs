//! `annotary check` and `--help`, run as a user would run them.

mod common;

use common::annotary;

#[test]
fn check_accepts_the_demo_and_counts_it() {
    let demo = common::demo();
    let path = common::demo_path();
    let (code, out, err) = annotary(&["check", path.to_str().expect("utf-8 path")]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        format!(
            "{} documents, {} annotations, {} layers",
            demo.documents().len(),
            demo.annotations().len(),
            demo.layers().len()
        )
    );
    assert_eq!(out.trim(), "5 documents, 30 annotations, 2 layers");
}

#[test]
fn check_reports_a_syntax_error_with_line_and_column_and_fails() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("broken.ron");
    std::fs::write(
        &path,
        "(\n    format_version: 1,\n    title: \"unterminated,\n",
    )
    .expect("write");
    let (code, out, err) = annotary(&["check", path.to_str().expect("utf-8")]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    let prefix = format!("{}:3:", path.display());
    assert!(err.starts_with(&prefix), "{err}");
}

#[test]
fn check_reports_a_broken_invariant_by_annotation_id() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("invalid.ron");
    let text = std::fs::read_to_string(common::demo_path()).expect("demo");
    let line = text
        .lines()
        .find(|l| l.contains("quote: \"TTP\""))
        .expect("TTP annotation");
    let id = line
        .trim()
        .strip_prefix("(id: ")
        .and_then(|l| l.split(',').next())
        .expect("id");
    std::fs::write(
        &path,
        text.replacen(line, &line.replacen("\"TTP\"", "\"TTX\"", 1), 1),
    )
    .expect("write");
    let good = common::demo_path();
    let (code, out, err) = annotary(&[
        "check",
        good.to_str().expect("utf-8"),
        path.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("demo.ron: 5 documents"),
        "good files are still summarised: {out}"
    );
    assert!(
        err.starts_with(&format!(
            "{}: annotation {id}: quote \"TTX\"",
            path.display()
        )),
        "{err}"
    );
}

#[test]
fn help_lists_the_subcommands() {
    let (code, out, _) = annotary(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("check"), "{out}");
    assert!(out.contains("Validate project files"), "{out}");
}

#[test]
fn export_writes_every_format_and_warns_about_what_it_cannot_hold() {
    let folder = tempfile::tempdir().expect("temp");
    let demo = common::demo_path();
    for format in ["brat", "conll", "conllu", "jsonl", "csv", "w3c"] {
        let out = folder.path().join(format!("demo.{format}"));
        let (code, stdout, stderr) = annotary(&[
            "export",
            demo.to_str().expect("utf-8"),
            "--format",
            format,
            "--out",
            out.to_str().expect("utf-8"),
            "--layer",
            "AK",
        ]);
        assert_eq!(code, 0, "{format}: {stderr}");
        assert!(
            stdout.starts_with("wrote 17 annotations from 5 documents"),
            "{stdout}"
        );
        assert!(out.exists());
        if format.starts_with("conll") {
            assert!(
                stderr.contains("overlap others"),
                "nested spans are reported: {stderr}"
            );
        }
    }
    let (code, _, stderr) = annotary(&[
        "export",
        demo.to_str().expect("utf-8"),
        "--format",
        "docx",
        "--out",
        "x",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown format \"docx\""), "{stderr}");
}

#[test]
fn import_creates_a_project_from_texts_then_adds_a_colleagues_layer() {
    let folder = tempfile::tempdir().expect("temp");
    let texts = folder.path().join("texts");
    std::fs::create_dir_all(&texts).expect("folder");
    std::fs::write(texts.join("kabul.txt"), "Kabul talks 😀\r\nended.").expect("txt");
    let project = folder.path().join("study.ron");
    let path = |p: &std::path::Path| p.to_str().expect("utf-8").to_owned();
    let (code, out, err) = annotary(&[
        "import",
        "--format",
        "txt",
        &path(&texts),
        "--into",
        &path(&project),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added 1 documents"), "{out}");

    let csv = folder.path().join("colleague.csv");
    std::fs::write(
        &csv,
        "document,start,end,tag,text,note\nkabul,0,5,place,Kabul,\"a city, in fact\"\nkabul,0,5,place,Kabol,\n",
    )
    .expect("csv");
    let (code, out, err) = annotary(&[
        "import",
        "--format",
        "csv",
        &path(&csv),
        "--into",
        &path(&project),
        "--layer",
        "BM",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("imported 1 annotations into layer \"BM\""),
        "{out}"
    );
    assert!(out.contains("new tags: place"), "{out}");
    assert!(
        err.contains(&format!(
            "{}:3: the file says 0..5 covers \"Kabol\"",
            csv.display()
        )),
        "{err}"
    );
    let (code, out, _) = annotary(&["check", &path(&project)]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "1 documents, 1 annotations, 2 layers");
}
