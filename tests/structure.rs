//! The shape of `src/`: the floors stack model < edit < review < formats < workspace < ui
//! < cli, and nothing points up; no two files of one folder use each other, round and
//! round; nothing below `ui` knows egui or the native dialogs exist. Read from the
//! `use crate::…`, `super::…` and `crate::…` paths of every file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const FLOORS: [&str; 7] = [
    "model",
    "edit",
    "review",
    "formats",
    "workspace",
    "ui",
    "cli",
];

/// One source file: its module path from the crate root, and its code without comments.
struct Source {
    file: String,
    module: Vec<String>,
    code: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)
            .expect("src is readable")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files.into_iter().map(|path| source(&root, &path)).collect()
}

fn source(root: &Path, path: &PathBuf) -> Source {
    let relative = path.strip_prefix(root).expect("under src");
    let mut module: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    if matches!(
        module.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        module.pop();
    }
    let text = std::fs::read_to_string(path).expect("readable");
    let code = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    Source {
        file: relative.to_string_lossy().into_owned(),
        module,
        code,
    }
}

/// Splits `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(path: &str) -> Vec<String> {
    let Some(open) = path.find('{') else {
        return vec![path.to_owned()];
    };
    let (head, rest) = path.split_at(open);
    let body = &rest[1..rest.rfind('}').unwrap_or(rest.len())];
    let mut parts = Vec::new();
    let (mut depth, mut current) = (0, String::new());
    for c in body.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(&format!("{head}{}", p.trim())))
        .collect()
}

/// The crate paths a file uses, resolved from the crate root.
fn uses(source: &Source) -> BTreeSet<Vec<String>> {
    let mut paths = Vec::new();
    for statement in source.code.split("use ").skip(1) {
        let statement: String = statement
            .split(';')
            .next()
            .unwrap_or("")
            .replace(" as ", "@")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        paths.extend(expand(&statement));
    }
    // Paths written in the code, not imported: `crate::review::diff::Kind`.
    let code = &source.code;
    for start in ["crate::", "super::"] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(start) {
            let path: String = rest[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            paths.push(path);
            rest = &rest[at + start.len()..];
        }
    }
    paths
        .iter()
        .filter_map(|path| resolve(&source.module, path.split('@').next().unwrap_or(path)))
        .collect()
}

fn resolve(module: &[String], path: &str) -> Option<Vec<String>> {
    let mut segments = path.split("::").filter(|s| !s.is_empty()).peekable();
    let mut resolved: Vec<String> = match segments.peek().copied() {
        Some("crate") => {
            segments.next();
            Vec::new()
        }
        Some("super" | "self") => module.to_vec(),
        _ => return None,
    };
    for segment in segments {
        match segment {
            "super" => {
                resolved.pop();
            }
            "self" => {}
            other => resolved.push(other.to_owned()),
        }
    }
    (!resolved.is_empty()).then_some(resolved)
}

#[test]
fn no_floor_uses_a_floor_above_it() {
    let mut upward = Vec::new();
    for source in sources() {
        let Some(floor) = source
            .module
            .first()
            .and_then(|f| FLOORS.iter().position(|x| x == f))
        else {
            continue;
        };
        for used in uses(&source) {
            if let Some(above) = FLOORS.iter().position(|x| *x == used[0])
                && above > floor
            {
                upward.push(format!("{} uses crate::{}", source.file, used.join("::")));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "arrows pointing up:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_two_files_of_a_folder_use_each_other_round_and_round() {
    let sources = sources();
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    // From a file to the sibling files it uses (a folder's mod.rs declares its files, so it
    // is not counted as using them).
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for source in &sources {
        let Some((_, folder)) = source.module.split_last() else {
            continue;
        };
        for used in uses(source) {
            if used.len() > folder.len() && used.starts_with(folder) {
                let sibling = used[..=folder.len()].to_vec();
                if sibling != source.module && modules.contains(&sibling) {
                    edges
                        .entry(source.module.clone())
                        .or_default()
                        .insert(sibling);
                }
            }
        }
    }
    let mut circles = BTreeSet::new();
    for start in edges.keys() {
        // Every file reachable from `start` that reaches back to it is in a circle with it.
        let reachable = reach(&edges, start);
        for other in &reachable {
            if other != start && reach(&edges, other).contains(start) {
                let mut pair = [start.join("/"), other.join("/")];
                pair.sort();
                circles.insert(pair.join(" <-> "));
            }
        }
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.into_iter().collect::<Vec<_>>().join("\n")
    );
}

fn reach(
    edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    from: &[String],
) -> BTreeSet<Vec<String>> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_vec()];
    while let Some(node) = todo.pop() {
        for next in edges.get(&node).into_iter().flatten() {
            if seen.insert(next.clone()) {
                todo.push(next.clone());
            }
        }
    }
    seen
}

#[test]
fn nothing_below_the_window_knows_egui_or_native_dialogs() {
    let mut found = Vec::new();
    for source in sources() {
        let below = source
            .module
            .first()
            .is_some_and(|f| FLOORS[..5].contains(&f.as_str()));
        for name in ["egui", "eframe", "rfd"] {
            if below && source.code.contains(&format!("{name}::")) {
                found.push(format!("{} uses {name}", source.file));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_checks_see_arrows_and_circles() {
    // The readers above are only as good as their parsing: a hand-made file of each kind.
    let file = |module: &[&str], code: &str| Source {
        file: module.join("/"),
        module: module.iter().map(|s| (*s).to_owned()).collect(),
        code: code.to_owned(),
    };
    let ui = file(
        &["ui", "panel"],
        "use crate::workspace::{Workspace, intent::{Effect, Intent as Asked}};\nuse super::theme;\nfn f() { crate::model::now(); }",
    );
    let used = uses(&ui);
    for expected in [
        &["workspace", "Workspace"][..],
        &["workspace", "intent", "Effect"],
        &["workspace", "intent", "Intent"],
        &["ui", "theme"],
        &["model", "now"],
    ] {
        let expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
        assert!(used.contains(&expected), "{expected:?} in {used:?}");
    }
    assert_eq!(
        resolve(
            &["review".into(), "compare".into()],
            "super::super::formats::import"
        ),
        Some(vec!["formats".into(), "import".into()])
    );
    assert_eq!(resolve(&["ui".into()], "egui::Ui"), None);
}
