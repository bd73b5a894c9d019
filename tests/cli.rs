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
            "{} documents, {} annotations, {} relations, {} layers",
            demo.documents().len(),
            demo.annotations().len(),
            demo.relations().len(),
            demo.layers().len()
        )
    );
    assert_eq!(
        out.trim(),
        "5 documents, 109 annotations, 67 relations, 2 layers"
    );
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
    for format in [
        "brat",
        "conll",
        "conllu",
        "jsonl",
        "labelstudio",
        "csv",
        "w3c",
        "xmi",
    ] {
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
        let theirs = common::demo()
            .annotations()
            .iter()
            .filter(|a| a.layer == "AK")
            .count();
        assert!(out.exists());
        if format.starts_with("conll") {
            // The count is what the file holds; the rest are in the warning.
            let number_after = |text: &str, phrase: &str| -> usize {
                let at = text.find(phrase).expect(phrase) + phrase.len();
                let digits: String = text[at..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse().expect("a count")
            };
            let written = number_after(&stdout, "Wrote ");
            let overlap = stderr
                .find(" annotations overlap others")
                .expect("the warning");
            let left_out: usize = stderr[..overlap]
                .rsplit(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("a count before it");
            assert!(
                stderr.contains("overlap others"),
                "nested spans are reported: {stderr}"
            );
            assert_eq!(written + left_out, theirs, "{stdout}{stderr}");
            assert!(stdout.contains(&format!("Wrote {written} annotations from 5 documents")));
        } else {
            assert!(
                stdout.starts_with(&format!("Wrote {theirs} annotations from 5 documents")),
                "{stdout}"
            );
        }
    }
    let (_, help, _) = annotary(&["export", "--help"]);
    for format in [
        "brat",
        "conll",
        "conllu",
        "jsonl",
        "labelstudio",
        "csv",
        "w3c",
        "xmi",
    ] {
        assert!(
            help.contains(format),
            "export --help names {format}: {help}"
        );
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
    assert!(out.contains("Added 1 document."), "{out}");

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
        out.contains("Imported 1 annotation into layer “BM”"),
        "{out}"
    );
    assert!(err.contains("New tags: place."), "{err}");
    assert!(
        err.contains(&format!(
            "{}:3: the file says 0..5 covers \"Kabol\"",
            csv.display()
        )),
        "{err}"
    );
    let (code, out, _) = annotary(&["check", &path(&project)]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "1 document, 1 annotation, 2 layers");
}

#[test]
fn an_html_page_and_a_label_studio_export_come_in_through_the_cli() {
    let folder = tempfile::tempdir().expect("temp");
    let path = |p: &std::path::Path| p.to_str().expect("utf-8").to_owned();
    let page = folder.path().join("page.html");
    std::fs::write(
        &page,
        "<html><head><title>Talks</title><style>b{}</style></head>\
         <body><p>Kabul talks 😀</p><p>ended on <i>3 July</i>.</p></body></html>",
    )
    .expect("html");
    let project = folder.path().join("study.ron");
    let (code, out, err) = annotary(&[
        "import",
        "--format",
        "html",
        &path(&page),
        "--into",
        &path(&project),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Added 1 document."), "{out}");

    // A colleague's Label Studio export of the same text, with one region and its note.
    let text = "Kabul talks 😀\n\nended on 3 July.";
    let tasks = serde_json::json!([{"id": 1, "data": {"text": text}, "annotations": [{"result": [
        {"id": "x", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 24, "end": 30, "text": "3 July", "labels": ["date"]}},
        {"id": "x", "from_name": "note", "to_name": "text", "type": "textarea",
         "value": {"start": 24, "end": 30, "text": ["the day, not the month"]}}
    ]}]}]);
    let export = folder.path().join("ls");
    std::fs::create_dir_all(&export).expect("folder");
    std::fs::write(export.join("tasks.json"), tasks.to_string()).expect("tasks");
    let (code, out, err) = annotary(&[
        "import",
        "--format",
        "labelstudio",
        &path(&export),
        "--into",
        &path(&project),
        "--layer",
        "LS",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Imported 1 annotation into layer “LS”: 1 document matched, 0 added."),
        "{out} {err}"
    );
    let loaded = annotary::formats::project_file::load(&project).expect("loads");
    let a = &loaded.annotations()[0];
    assert_eq!(
        (a.quote.as_str(), a.tag.as_str(), a.note.as_str()),
        ("3 July", "date", "the day, not the month")
    );
    assert_eq!(loaded.documents()[0].title, "Talks");
}

#[test]
fn agreement_prints_the_figures_as_json_and_writes_the_units() {
    let folder = tempfile::tempdir().expect("temp");
    let demo = common::demo_path();
    let units = folder.path().join("units.tsv");
    let csv = folder.path().join("agreement.csv");
    let html = folder.path().join("agreement.html");
    let (code, out, err) = annotary(&[
        "agreement",
        demo.to_str().expect("utf-8"),
        "--json",
        "--units-out",
        units.to_str().expect("utf-8"),
        "--csv-out",
        csv.to_str().expect("utf-8"),
        "--html-out",
        html.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    for key in [
        "cohen_kappa",
        "krippendorff_alpha",
        "percent_agreement",
        "f1_exact",
        "f1_overlap",
    ] {
        assert!(
            report["overall"][key].is_number(),
            "{key} in {}",
            report["overall"]
        );
    }
    let count = |layer: &str| {
        common::demo()
            .annotations()
            .iter()
            .filter(|a| a.layer == layer)
            .count()
    };
    assert_eq!(
        report["unit_counts"]["spans"],
        serde_json::json!({"AK": count("AK"), "BM": count("BM")})
    );
    let tokens = report["unit_counts"]["tokens"].as_u64().expect("tokens") as usize;
    let table = std::fs::read_to_string(&units).expect("units");
    assert_eq!(table.lines().count(), tokens + 1);
    assert_eq!(
        table.lines().next(),
        Some("document\tstart\tend\ttext\tAK\tBM")
    );
    assert!(report["per_tag"]["claim"]["cohen_kappa"].is_number());
    assert!(report["per_document"].as_object().expect("documents").len() == 5);
    let rows = std::fs::read_to_string(&csv).expect("csv");
    assert!(rows.starts_with("scope,name,measure,value,unit,count\r\n"));
    assert!(rows.contains("tag,claim,cohen_kappa,"), "{rows}");
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(page.contains("<svg") && page.contains("Agreement per tag"));
    assert!(
        !page.contains("<script") && !page.contains("<link"),
        "self-contained"
    );
}

#[test]
fn agreement_across_three_layers_and_a_colleagues_file() {
    let folder = tempfile::tempdir().expect("temp");
    let path = |p: &std::path::Path| p.to_str().expect("utf-8").to_owned();
    let three = folder.path().join("three.ron");
    let (code, _, err) = annotary(&[
        "synth",
        "--chars",
        "20000",
        "--annotations",
        "300",
        "--layers",
        "3",
        "--seed",
        "4",
        "--out",
        &path(&three),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = annotary(&["agreement", &path(&three), "--json"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(
        report["overall"]["fleiss_kappa"].is_number(),
        "{}",
        report["overall"]
    );
    assert!(report["overall"].get("cohen_kappa").is_none());
    let pairs = report["pairwise"].as_object().expect("pairwise");
    assert_eq!(pairs.len(), 3);
    assert!(
        pairs
            .values()
            .all(|p| p["cohen_kappa"].is_number() && p["f1_exact"].is_number())
    );

    // The demo compared with a colleague's copy: their layers come in renamed.
    let demo = common::demo_path();
    let (code, out, err) = annotary(&[
        "agreement",
        &path(&demo),
        &path(&demo),
        "--layers",
        "AK,AK (demo)",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Their layer “AK” is “AK (demo)” here."),
        "{err}"
    );
    assert!(out.contains("overall") && out.contains("1.000"), "{out}");

    let (code, _, err) = annotary(&["agreement", &path(&demo), "--layers", "AK,XX"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("there is no layer \"XX\"; the layers are AK, BM"),
        "{err}"
    );
    let (code, _, err) = annotary(&["agreement", &path(&demo), "--layers", "AK"]);
    assert_eq!(code, 1);
    assert!(err.contains("needs two or more layers"), "{err}");
}

#[test]
fn export_refuses_to_write_over_the_project_or_its_backup() {
    let folder = tempfile::tempdir().expect("temp");
    let project = folder.path().join("p.ron");
    std::fs::copy(common::demo_path(), &project).expect("copy");
    annotary::formats::project_file::save(&common::demo(), &project).expect("save a backup");
    let backup = folder.path().join("p.ron.bak");
    let before = std::fs::read(&project).expect("read");
    let path = |p: &std::path::Path| p.to_str().expect("utf-8").to_owned();
    // The project named another way (through `..`) is the same file.
    let roundabout = folder.path().join("sub/../p.ron");
    std::fs::create_dir(folder.path().join("sub")).expect("sub");
    for out in [&project, &backup, &roundabout] {
        let (code, _, err) = annotary(&[
            "export",
            &path(&project),
            "--format",
            "csv",
            "--out",
            &path(out),
        ]);
        assert_eq!(code, 1, "{}: {err}", out.display());
        assert!(err.contains("the project's own file"), "{err}");
    }
    assert_eq!(std::fs::read(&project).expect("read"), before);
    assert!(annotary::formats::project_file::load(&backup).is_ok());
}

#[test]
fn an_import_that_brings_in_nothing_leaves_the_project_and_fails() {
    let folder = tempfile::tempdir().expect("temp");
    let project = folder.path().join("p.ron");
    std::fs::copy(common::demo_path(), &project).expect("copy");
    let before = std::fs::read(&project).expect("read");
    // Rows for a document the project does not have: nothing can come in.
    let csv = folder.path().join("other.csv");
    std::fs::write(
        &csv,
        "document,start,end,tag,text,note\nnowhere,0,5,actor,Kabul,\n",
    )
    .expect("csv");
    let (code, out, err) = annotary(&[
        "import",
        "--format",
        "csv",
        csv.to_str().expect("utf-8"),
        "--into",
        project.to_str().expect("utf-8"),
        "--layer",
        "BM",
    ]);
    assert_eq!(code, 1, "{out} {err}");
    assert!(out.contains("Nothing imported"), "{out}");
    assert!(err.contains("\"nowhere\" is not in the project"), "{err}");
    assert!(err.contains("nothing imported"), "{err}");
    assert_eq!(
        std::fs::read(&project).expect("read"),
        before,
        "not rewritten"
    );
    assert!(!folder.path().join("p.ron.bak").exists(), "not even saved");
}

#[test]
fn check_refuses_document_ids_that_could_name_files_outside_an_export() {
    let folder = tempfile::tempdir().expect("temp");
    let demo = std::fs::read_to_string(common::demo_path()).expect("demo");
    for id in ["../../victim/x", "/etc/passwd", "a\\\\b", ".hidden"] {
        // The same id everywhere the demo names its first document.
        let edited = demo.replace("000_b57397c98a87ba66", id);
        let path = folder.path().join("edited.ron");
        std::fs::write(&path, edited).expect("write");
        let (code, _, err) = annotary(&["check", path.to_str().expect("utf-8")]);
        assert_eq!(code, 1, "{id}: {err}");
        assert!(err.contains("could name a file outside"), "{id}: {err}");
    }
}

#[test]
fn check_refuses_an_id_counter_with_no_room_left() {
    let folder = tempfile::tempdir().expect("temp");
    let demo = std::fs::read_to_string(common::demo_path()).expect("demo");
    let next = common::demo().next_annotation_id();
    let edited = demo.replace(
        &format!("next_annotation_id: {next},"),
        "next_annotation_id: 18446744073709551615,",
    );
    assert_ne!(edited, demo);
    let path = folder.path().join("edited.ron");
    std::fs::write(&path, edited).expect("write");
    let (code, _, err) = annotary(&["check", path.to_str().expect("utf-8")]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("past the largest annotation id"), "{err}");
}

#[test]
fn an_export_of_several_layers_to_a_format_without_layers_asks_which() {
    // brat cannot tell AK's spans from BM's: all of them together would double each
    // claim both coded, and a re-import would double it again.
    let folder = tempfile::tempdir().expect("temp");
    let demo = common::demo_path();
    let demo = demo.to_str().expect("utf-8");
    let out = folder.path().join("brat");
    let out = out.to_str().expect("utf-8");
    let (code, stdout, stderr) = annotary(&["export", demo, "--format", "brat", "--out", out]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stderr.contains("2 layers (AK, BM)") && stderr.contains("--layer NAME"),
        "{stderr}"
    );
    assert!(!folder.path().join("brat").exists(), "nothing written");
    let count = |layer: Option<&str>| {
        common::demo()
            .annotations()
            .iter()
            .filter(|a| layer.is_none_or(|l| a.layer == l))
            .count()
    };
    let (code, stdout, stderr) = annotary(&[
        "export", demo, "--format", "brat", "--out", out, "--layer", "BM",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with(&format!("Wrote {} annotations", count(Some("BM"))))
            && stdout.contains("From layer BM."),
        "{stdout}"
    );
    let (code, stdout, stderr) = annotary(&[
        "export",
        demo,
        "--format",
        "brat",
        "--out",
        out,
        "--all-layers",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with(&format!("Wrote {} annotations", count(None)))
            && stdout.contains("From every layer: AK, BM."),
        "{stdout}"
    );
    // csv keeps each row's layer: every layer by default.
    let csv = folder.path().join("all.csv");
    let (code, stdout, stderr) = annotary(&[
        "export",
        demo,
        "--format",
        "csv",
        "--out",
        csv.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("From every layer: AK, BM."), "{stdout}");
}

#[test]
fn importing_a_brat_file_twice_previews_then_adds_nothing_the_second_time() {
    let folder = tempfile::tempdir().expect("temp");
    let path = |p: &std::path::Path| p.to_str().expect("utf-8").to_owned();
    std::fs::write(folder.path().join("a.txt"), "Kabul fell 😀 today.\r\n").expect("txt");
    let ann = folder.path().join("a.ann");
    std::fs::write(
        &ann,
        "T1\tPlace 0 5\tKabul\nT2\tEvent 6 10\tfell\nR1\tWhere Arg1:T2 Arg2:T1\n",
    )
    .expect("ann");
    let project = folder.path().join("study.ron");
    let import = |extra: &[&str]| {
        let (a, p) = (path(&ann), path(&project));
        let mut args = vec!["import", "--format", "brat"];
        args.extend(extra);
        args.extend([a.as_str(), "--into", p.as_str()]);
        annotary(&args)
    };

    // A dry run says what would come in and writes nothing.
    let (code, out, err) = import(&["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Would import 2 annotations with 1 link into layer “imported”: 0 documents matched, 1 new."),
        "{out}"
    );
    assert!(!project.exists(), "a dry run writes nothing");

    // One .ann file (its .txt beside it) comes in; the new project has only its tags.
    let (code, out, err) = import(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Imported 2 annotations with 1 link"), "{out}");
    let loaded = annotary::formats::project_file::load(&project).expect("loads");
    let tags: Vec<&str> = loaded.tags().tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        tags,
        ["Event", "Place"],
        "no default tags beside the imported"
    );
    assert!(loaded.schema().relation_type("claimant").is_none());
    let written = std::fs::read(&project).expect("read");

    // The second time everything is there: nothing added, nothing written, exit 0.
    let (code, out, err) = import(&[]);
    assert_eq!(code, 0, "{out} {err}");
    assert!(out.starts_with("Nothing to import"), "{out}");
    assert!(
        err.contains("Already present, not added again: 2 annotations, 1 link."),
        "{err}"
    );
    assert_eq!(std::fs::read(&project).expect("read"), written);
    let (_, out, _) = annotary(&["check", &path(&project)]);
    assert_eq!(out.trim(), "1 document, 2 annotations, 1 relation, 1 layer");

    // --strict refuses a file with a line that cannot come in, and writes nothing.
    std::fs::write(&ann, "T1\tPlace 0 5\tKabol\nT2\tEvent 6 10\tfell\n").expect("ann");
    let (code, out, err) = import(&["--strict"]);
    assert_eq!(code, 1, "{out} {err}");
    assert!(
        err.contains("--strict: 1 thing the files give would not be imported"),
        "{err}"
    );
    assert!(
        err.contains("a.ann:1: T1 says it covers \"Kabol\""),
        "{err}"
    );
    assert!(
        err.contains("Not imported: 1 line (could not be read)."),
        "{err}"
    );
    assert_eq!(std::fs::read(&project).expect("read"), written);
}

#[test]
fn an_import_from_a_missing_path_fails_and_writes_nothing() {
    let folder = tempfile::tempdir().expect("temp");
    let project = folder.path().join("study.ron");
    let missing = folder.path().join("nowhere");
    for format in ["brat", "txt", "csv"] {
        let (code, out, err) = annotary(&[
            "import",
            "--format",
            format,
            missing.to_str().expect("utf-8"),
            "--into",
            project.to_str().expect("utf-8"),
        ]);
        assert_eq!(code, 1, "{format}: {out} {err}");
        assert!(err.contains("nowhere: no such file or folder"), "{err}");
        assert!(!project.exists(), "{format}: nothing written");
    }
    // A folder with nothing of the format in it fails too.
    let (code, _, err) = annotary(&[
        "import",
        "--format",
        "brat",
        folder.path().to_str().expect("utf-8"),
        "--into",
        project.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(!project.exists());
}

#[test]
fn a_nexis_export_comes_in_through_the_cli_as_its_articles_or_whole() {
    let folder = tempfile::tempdir().expect("temp");
    let export = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/office/nexis-uni.docx");
    let export = export.to_str().expect("utf-8");
    let split = folder.path().join("split.ron");
    let (code, out, err) = annotary(&[
        "import",
        "--format",
        "docx",
        export,
        "--into",
        split.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Added 5 documents."), "{out}");
    assert!(
        err.contains("a news-database export, split into 5 articles"),
        "{err}"
    );
    let (_, out, _) = annotary(&["check", split.to_str().expect("utf-8")]);
    assert_eq!(out.trim(), "5 documents, 0 annotations, 2 layers");
    let whole = folder.path().join("whole.ron");
    let (code, out, err) = annotary(&[
        "import",
        "--format",
        "docx",
        export,
        "--into",
        whole.to_str().expect("utf-8"),
        "--whole",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Added 1 document."), "{out}");
    assert!(err.contains("kept as one document as asked"), "{err}");
}

/// The manual page and the shell completions come from the command line's own
/// definitions: every subcommand is in both.
#[test]
fn the_manual_page_and_completions_name_every_subcommand() {
    let (code, page, _) = common::annotary(&["manual"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH annotary 1"), "a man(1) page in roff");
    let subcommands = [
        "schema",
        "check",
        "synth",
        "bench",
        "agreement",
        "suggest",
        "layout",
        "export",
        "import",
        "merge-driver",
        "git-setup",
        "manual",
        "completions",
    ];
    for name in subcommands {
        assert!(
            page.contains(&name.replace('-', "\\-")),
            "the page names {name}"
        );
    }
    for shell in ["bash", "zsh", "fish"] {
        let (code, script, _) = common::annotary(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        for name in subcommands {
            assert!(script.contains(name), "{shell} completes {name}");
        }
    }
    let (code, _, err) = common::annotary(&["completions", "tcsh"]);
    assert_ne!(code, 0);
    assert!(err.contains("bash"), "names the shells it knows: {err}");
}
