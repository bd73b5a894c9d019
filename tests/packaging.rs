//! What the Debian package installs beside the binary: the manual page and completions
//! it carries are the binary's own, the desktop entry names our project type, and the
//! project type's content rule recognises every project Annotary writes.

mod common;

use std::path::Path;

use annotary::formats::project_file;
use annotary::model::Project;

fn committed(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The package installs files from `packaging/`, so that `cargo deb` needs no build step
/// of its own; they must be what the binary writes today.
#[test]
fn the_packaged_manual_pages_and_completions_are_the_binarys_own() {
    let cases: [(&str, &[&str]); 3] = [
        (
            "packaging/completions/annotary.bash",
            &["completions", "bash"],
        ),
        ("packaging/completions/_annotary", &["completions", "zsh"]),
        (
            "packaging/completions/annotary.fish",
            &["completions", "fish"],
        ),
    ];
    for (path, args) in cases {
        let (code, written, err) = common::annotary(args);
        assert_eq!(code, 0, "{err}");
        assert!(
            committed(path) == written,
            "{path} is not what `annotary {}` writes: run packaging/generate",
            args.join(" ")
        );
    }
    let folder = tempfile::tempdir().expect("a temporary folder");
    let pages = folder.path().join("man");
    let (code, _, err) = common::annotary(&["manual", pages.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{err}");
    let names = |dir: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    };
    let ours = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/man");
    let written = names(&pages);
    assert!(
        written.contains(&"annotary.1".to_owned())
            && written.contains(&"annotary-export.1".to_owned())
    );
    assert_eq!(names(&ours), written, "run packaging/generate");
    for name in written {
        let page = std::fs::read_to_string(pages.join(&name)).expect("written");
        assert!(
            committed(&format!("packaging/man/{name}")) == page,
            "packaging/man/{name} is not what `annotary manual` writes: run packaging/generate"
        );
    }
    // The page printed is the one the folder holds.
    let (_, printed, _) = common::annotary(&["manual"]);
    assert_eq!(printed, committed("packaging/man/annotary.1"));
}

/// The bytes the MIME rule in packaging/annotary-mime.xml looks for, and where.
const MAGIC: [(&str, usize); 2] = [("format_version:", 64), ("title:", 128)];

fn recognised(file: &str) -> bool {
    MAGIC.iter().all(|(needle, within)| {
        let head = &file.as_bytes()[..file.len().min(*within)];
        head.windows(needle.len()).any(|w| w == needle.as_bytes())
    })
}

#[test]
fn the_project_type_rule_recognises_every_project_annotary_writes() {
    let xml = committed("packaging/annotary-mime.xml");
    for (needle, within) in MAGIC {
        assert!(
            xml.contains(&format!(r#"value="{needle}" offset="0:{within}""#)),
            "the MIME rule no longer looks for {needle} within {within} bytes"
        );
    }
    let empty = Project::new("", "A");
    let long_title = Project::new(&"A very long title ".repeat(40), "A");
    let demo = common::demo();
    for project in [&empty, &long_title, &demo] {
        let file = project_file::to_string(project);
        assert!(recognised(&file), "not recognised: {}", &file[..80]);
        let crlf = file.replace('\n', "\r\n");
        assert!(recognised(&crlf), "not recognised with CRLF line ends");
    }
    assert!(recognised(&committed("projects/demo.ron")));
    // A RON file that is not a project is left to other programs.
    assert!(!recognised(
        "(\n    name: \"scene\",\n    entities: [],\n)\n"
    ));
}

#[test]
fn the_desktop_entry_opens_project_files_and_shows_our_icon() {
    let entry = committed("packaging/annotary.desktop");
    let xml = committed("packaging/annotary-mime.xml");
    let mime = xml
        .split(r#"<mime-type type=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a mime-type in the XML");
    let line = |key: &str| {
        entry
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .unwrap_or_else(|| panic!("no {key}= in the desktop entry"))
    };
    assert!(line("MimeType").split(';').any(|m| m == mime));
    assert_eq!(line("Exec"), "annotary %f");
    assert_eq!(line("Icon"), "annotary");
    assert_eq!(line("GenericName"), "Annotation workbench");
    for size in [16, 22, 24, 32, 48, 64, 128, 256, 512] {
        let png =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("assets/icon/annotary-{size}.png"));
        let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("{}: {e}", png.display()));
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR's width and height, big-endian, at bytes 16..24.
        let width = u32::from_be_bytes(bytes[16..20].try_into().expect("4 bytes"));
        let height = u32::from_be_bytes(bytes[20..24].try_into().expect("4 bytes"));
        assert_eq!((width, height), (size, size), "{}", png.display());
    }
}
