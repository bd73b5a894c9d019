//! The RON project file: round trips, determinism, diffs, atomic saves, and bad files.

mod common;

use std::path::Path;

use annotary::edit::Command;
use annotary::formats::project_file::{self, ProjectFileError};
use annotary::model::{Document, DocumentId};
use common::{HARD_TEXT, T0, demo, project_from_markup};

fn hard_project() -> annotary::model::Project {
    let (mut project, _) = project_from_markup(
        "[claim:[actor:“Russia”] said [date:3 July]] 😀, \\[brackets\\] and [actor:北京]",
    );
    Command::AddDocument {
        index: 1,
        document: Document::new(
            DocumentId("hard".into()),
            "Zoë’s “notes”".into(),
            "C:\\notes\\zoë.txt".into(),
            HARD_TEXT,
        ),
    }
    .apply(&mut project, T0)
    .expect("add");
    let text = annotary::model::Text::new(HARD_TEXT);
    for (quote, tag) in [
        ("“Russia”", "actor"),
        ("Zoë said café\u{301} talks", "claim"),
        ("café\u{301}", "actor"),
        ("👩‍👩‍👧", "actor"),
        ("3 July", "date"),
        // Across a CRLF and an empty line.
        ("went well.\r\n\r\n北京", "claim"),
    ] {
        let start = text.char_of_byte(HARD_TEXT.find(quote).expect("quote in text"));
        Command::Annotate {
            document: DocumentId("hard".into()),
            layer: "AK".into(),
            start,
            end: start + quote.chars().count(),
            tag: tag.into(),
        }
        .apply(&mut project, T0)
        .expect("annotate");
    }
    let id = project.annotations()[0].id;
    Command::SetNote {
        id,
        note: "commas, \"quotes\", tabs\tand\nnewlines, r#\"raw\"#".into(),
    }
    .apply(&mut project, T0)
    .expect("note");
    project
}

#[test]
fn save_then_load_gives_the_same_project() {
    for project in [demo(), hard_project()] {
        let text = project_file::to_string(&project);
        let loaded = project_file::from_str(&text, Path::new("mem.ron")).expect("loads");
        assert_eq!(loaded, project);
        assert_eq!(
            project_file::to_string(&loaded),
            text,
            "save, load, save is byte-identical"
        );
    }
}

#[test]
fn the_demo_file_is_exactly_what_this_version_writes() {
    let on_disk = std::fs::read_to_string(common::demo_path()).expect("demo");
    assert_eq!(project_file::to_string(&demo()), on_disk);
}

#[test]
fn one_line_per_annotation_so_a_retag_is_a_one_line_diff() {
    let mut project = hard_project();
    let before = project_file::to_string(&project);
    let id = project
        .annotations()
        .iter()
        .find(|a| a.tag == "actor")
        .expect("an actor")
        .id;
    Command::Retag {
        id,
        tag: "date".into(),
    }
    .apply(&mut project, T0)
    .expect("retag");
    let after = project_file::to_string(&project);
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert!(changed[0].1.contains("tag: \"date\""));
    assert_eq!(
        before.lines().filter(|l| l.contains("quote:")).count(),
        project.annotations().len()
    );
}

#[test]
fn annotations_are_written_sorted_by_document_start_end_id() {
    let text = project_file::to_string(&hard_project());
    let loaded = project_file::from_str(&text, Path::new("m.ron")).expect("load");
    let keys: Vec<_> = loaded
        .annotations()
        .iter()
        .map(|a| (a.document.clone(), a.start, a.end, a.id))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let written_ids: Vec<u64> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("(id: "))
        .filter_map(|l| l.split(',').next()?.parse().ok())
        .collect();
    assert_eq!(written_ids, keys.iter().map(|k| k.3.0).collect::<Vec<_>>());
}

#[test]
fn saving_is_atomic_and_keeps_a_backup() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("study.ron");
    let first = demo();
    project_file::save(&first, &path).expect("first save");
    assert!(
        !folder.path().join("study.ron.bak").exists(),
        "nothing to back up yet"
    );
    let mut second = first.clone();
    second.title = "Second version".into();
    project_file::save(&second, &path).expect("second save");
    let backup = project_file::load(&folder.path().join("study.ron.bak")).expect("backup loads");
    assert_eq!(backup, first);
    assert_eq!(project_file::load(&path).expect("loads"), second);
    let names: Vec<String> = std::fs::read_dir(folder.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        2,
        "no temporary file is left behind: {names:?}"
    );
}

/// A project saved twice in a temporary folder: (folder, path, first, second).
fn saved_twice() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    annotary::model::Project,
    annotary::model::Project,
) {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("study.ron");
    let first = demo();
    project_file::save(&first, &path).expect("first save");
    let mut second = first.clone();
    second.title = "Second version".into();
    project_file::save(&second, &path).expect("second save");
    (folder, path, first, second)
}

#[cfg(unix)]
#[test]
fn the_backup_is_the_old_file_itself_renamed_never_a_copy() {
    use std::os::unix::fs::MetadataExt;
    let (folder, path, _, second) = saved_twice();
    // The file as it is now becomes the backup at the next save: the very same file on
    // disk, so a crash or a full disk can never leave a half-written backup.
    let before = std::fs::metadata(&path).expect("project").ino();
    let mut third = second.clone();
    third.title = "Third version".into();
    project_file::save(&third, &path).expect("third save");
    let backup = folder.path().join("study.ron.bak");
    assert_eq!(std::fs::metadata(&backup).expect("backup").ino(), before);
    assert_eq!(project_file::load(&backup).expect("backup loads"), second);
    assert_ne!(std::fs::metadata(&path).expect("project").ino(), before);
}

#[test]
fn temporary_files_a_killed_save_left_are_cleared_by_the_next_save() {
    let (folder, path, _, second) = saved_twice();
    // A save of this project killed long ago (no such process), a backup being made by it,
    // and another project's: only this project's leftovers go.
    let stale = folder.path().join("study.ron.saving-4000000000");
    let stale_backup = folder.path().join("study.ron.bak.saving-4000000001");
    let other = folder.path().join("other.ron.saving-4000000000");
    for file in [&stale, &stale_backup, &other] {
        std::fs::write(file, "(format_version: 1, title: ").expect("write");
    }
    project_file::save(&second, &path).expect("save");
    assert!(!stale.exists() && !stale_backup.exists());
    assert!(other.exists(), "another project's file is left alone");
}

#[cfg(unix)]
#[test]
fn a_read_only_project_is_refused_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let (_folder, path, _, second) = saved_twice();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let bytes = std::fs::read(&path).expect("read");
    let mut third = second.clone();
    third.title = "Third version".into();
    let error = project_file::save(&third, &path).expect_err("read-only");
    assert!(
        matches!(error, ProjectFileError::ReadOnly { .. }),
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.starts_with(&path.display().to_string()) && message.contains("read-only"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), bytes);
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_files_permissions_and_a_read_only_backup_is_no_obstacle() {
    use std::os::unix::fs::PermissionsExt;
    let (folder, path, _, second) = saved_twice();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let backup = folder.path().join("study.ron.bak");
    std::fs::set_permissions(&backup, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    project_file::save(&second, &path).expect("save");
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    project_file::save(&second, &path).expect("a second save, over a read-only backup");
}

#[cfg(unix)]
#[test]
fn saving_through_a_link_replaces_its_target_and_keeps_the_link() {
    let (folder, real, _, second) = saved_twice();
    let link = folder.path().join("link.ron");
    std::os::unix::fs::symlink("study.ron", &link).expect("link");
    let mut third = second.clone();
    third.title = "Through the link".into();
    project_file::save(&third, &link).expect("save");
    let kind = std::fs::symlink_metadata(&link).expect("meta").file_type();
    assert!(kind.is_symlink(), "the link is still a link");
    assert_eq!(
        project_file::load(&real).expect("target").title,
        "Through the link"
    );
    assert_eq!(
        project_file::load(&folder.path().join("study.ron.bak"))
            .expect("the target's backup")
            .title,
        "Second version"
    );
    assert!(!folder.path().join("link.ron.bak").exists());
}

#[test]
fn saving_into_a_missing_folder_names_the_file() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("missing/study.ron");
    let error = project_file::save(&demo(), &path).expect_err("cannot save");
    assert!(
        error.to_string().starts_with(&path.display().to_string()),
        "{error}"
    );
}

#[test]
fn every_truncation_is_an_error_with_line_and_column_never_a_panic() {
    let text = project_file::to_string(&hard_project());
    let cuts: Vec<usize> = (0..text.len())
        .filter(|&i| text.is_char_boundary(i))
        .step_by(7)
        .collect();
    for cut in cuts {
        match project_file::from_str(&text[..cut], Path::new("cut.ron")) {
            Err(ProjectFileError::Syntax { line, column, .. }) => {
                assert!(line >= 1 && column >= 1, "cut at {cut}");
            }
            Err(other) => panic!("cut at {cut}: expected a syntax error, got {other}"),
            Ok(_) => panic!("cut at {cut}: a truncated file loaded"),
        }
    }
}

#[test]
fn a_syntax_error_points_at_its_line_and_column() {
    let text = project_file::to_string(&demo());
    let broken = text.replacen("    next_annotation_id: ", "    next_annotation_id: @@", 1);
    let line = broken.lines().position(|l| l.contains("@@")).expect("line") + 1;
    let error = project_file::from_str(&broken, Path::new("projects/x.ron")).expect_err("broken");
    let message = error.to_string();
    assert!(
        message.starts_with(&format!("projects/x.ron:{line}:")),
        "{message} (expected line {line})"
    );
    assert!(
        matches!(error, ProjectFileError::Syntax { column: 25, .. }),
        "{error:?}: @@ is at column 25"
    );
}

#[test]
fn broken_invariants_are_reported_per_annotation() {
    let text = project_file::to_string(&hard_project());
    let first_annotation = text
        .lines()
        .find(|l| l.contains("quote:"))
        .expect("annotation line");
    let id: u64 = first_annotation
        .trim()
        .strip_prefix("(id: ")
        .and_then(|l| l.split(',').next())
        .and_then(|n| n.parse().ok())
        .expect("id");
    let broken = first_annotation.replacen("tag: \"", "tag: \"nonsense", 1);
    let broken = text.replacen(first_annotation, &broken.replacen("end: ", "end: 9", 1), 1);
    let error = project_file::from_str(&broken, Path::new("p.ron")).expect_err("invalid");
    let message = error.to_string();
    assert!(
        message.contains(&format!("p.ron: annotation {id}: tag \"nonsense")),
        "{message}"
    );
    assert!(
        message.contains(&format!("p.ron: annotation {id}: ")),
        "{message}"
    );
    assert!(matches!(error, ProjectFileError::Invalid { ref problems, .. } if problems.len() >= 2));
}

#[test]
fn a_quote_that_does_not_match_the_text_is_refused() {
    let text = project_file::to_string(&demo());
    let broken = text.replacen("quote: \"July 3\"", "quote: \"July 4\"", 1);
    let message = project_file::from_str(&broken, Path::new("d.ron"))
        .expect_err("quote mismatch")
        .to_string();
    assert!(
        message.contains("quote \"July 4\" does not match the text"),
        "{message}"
    );
}

#[test]
fn a_text_edited_by_hand_is_caught_by_its_hash() {
    let text = project_file::to_string(&demo());
    let broken = text.replacen("The world is stunned.", "The world is amazed.", 1);
    let message = project_file::from_str(&broken, Path::new("d.ron"))
        .expect_err("hash")
        .to_string();
    assert!(message.contains("does not match its text"), "{message}");
}

#[test]
fn a_newer_format_is_named_as_such() {
    let text = project_file::to_string(&demo()).replacen(
        "format_version: 2,",
        "format_version: 7,\n    shiny_new_field: true,",
        1,
    );
    let error = project_file::from_str(&text, Path::new("new.ron")).expect_err("newer");
    assert!(
        matches!(error, ProjectFileError::NewerFormat { found: 7, .. }),
        "{error}"
    );
}

#[test]
fn garbage_and_empty_files_do_not_panic() {
    for source in [
        "",
        "(",
        "]]]",
        "\u{feff}",
        "(format_version: 1)",
        "😀",
        "(tags: [(name: 5)])",
    ] {
        assert!(
            project_file::from_str(source, Path::new("g.ron")).is_err(),
            "{source:?}"
        );
    }
    let missing = project_file::load(Path::new("/definitely/not/here.ron")).expect_err("missing");
    assert!(
        missing
            .to_string()
            .starts_with("/definitely/not/here.ron: ")
    );
}

#[test]
fn a_documents_text_direction_is_kept_undone_and_written_only_where_set() {
    use annotary::model::TextDirection;
    let (mut project, doc) = project_from_markup("The [actor:Kremlin] said so.");
    let plain = project_file::to_string(&project);
    assert!(plain.contains("format_version: 2,") && !plain.contains("direction"));
    let undo = Command::SetDirection {
        id: doc.clone(),
        direction: Some(TextDirection::RightToLeft),
    }
    .apply(&mut project, T0)
    .expect("set");
    let set = project_file::to_string(&project);
    assert!(set.contains("format_version: 4,"), "{set}");
    assert!(set.contains(", direction: Some(RightToLeft)),"), "{set}");
    let loaded = project_file::from_str(&set, Path::new("mem.ron")).expect("loads");
    assert_eq!(
        loaded.document(&doc).and_then(|d| d.direction),
        Some(TextDirection::RightToLeft)
    );
    assert_eq!(loaded, project);
    undo.apply(&mut project, T0).expect("undo");
    assert_eq!(project.document(&doc).and_then(|d| d.direction), None);
    assert_eq!(project_file::to_string(&project), plain);
}

#[test]
fn a_pdfs_page_starts_are_kept_and_written_as_format_5_only_where_there_are_some() {
    let project = annotary::model::Project::new("Pages", "AK");
    let plain = project_file::to_string(&project);
    let text = "Zoë’s 😀 first page.\nThe second page.";
    let second = text.chars().position(|c| c == 'T').expect("a T");
    let document = Document::new(
        DocumentId("paged".into()),
        "Paged".into(),
        "p.pdf".into(),
        text,
    )
    .with_pages(vec![0, second, second]);
    let mut paged = project.clone();
    Command::AddDocument {
        index: 0,
        document: document.clone(),
    }
    .apply(&mut paged, T0)
    .expect("added");
    let written = project_file::to_string(&paged);
    assert!(written.contains("format_version: 5,"), "{written}");
    assert!(
        written.contains(&format!(", page_starts: [0, {second}, {second}]),")),
        "{written}"
    );
    let loaded = project_file::from_str(&written, Path::new("mem.ron")).expect("loads");
    let back = loaded.document(&document.id).expect("document");
    assert_eq!(back.page_starts, vec![0, second, second]);
    assert_eq!(
        back.page_at(second),
        Some(3),
        "the empty second page holds nothing"
    );
    assert_eq!(back.page_at(second - 1), Some(1));
    assert!(!plain.contains("page_starts"));
    // Starts that cannot be the text's are refused, naming the document.
    let wrong = written.replace(
        &format!("page_starts: [0, {second}, {second}]"),
        "page_starts: [0, 900]",
    );
    let refused = project_file::from_str(&wrong, Path::new("mem.ron")).expect_err("refused");
    assert!(
        refused
            .to_string()
            .contains("document \"paged\": a page starts at 900, past its"),
        "{refused}"
    );
}

/// A file edited by hand to keep an old copy of its lists in a comment above the real ones
/// opens as ron reads it: with the real documents and annotations.
#[test]
fn lists_kept_in_a_comment_are_not_taken_for_the_real_ones() {
    let written = project_file::to_string(&demo());
    let old_copy = "/*\n    documents: [\n    ],\n    next_annotation_id: 1,\n    annotations: [\n    ],\n*/\n";
    let edited = written.replacen(
        "    documents: [\n",
        &format!("{old_copy}    documents: [\n"),
        1,
    );
    assert_ne!(edited, written);
    let read = project_file::from_str(&edited, Path::new("edited.ron")).expect("reads");
    assert_eq!(read.documents().len(), demo().documents().len());
    assert_eq!(read.annotations().len(), demo().annotations().len());
    // Line endings changed to CRLF (git on Windows) read the same, the slow way.
    let crlf = written.replace('\n', "\r\n");
    let read = project_file::from_str(&crlf, Path::new("crlf.ron")).expect("reads");
    assert_eq!(read.annotations().len(), demo().annotations().len());
}
