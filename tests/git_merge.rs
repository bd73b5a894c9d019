//! Two coders share a project through git, as a team without a server does: each clones,
//! codes, commits and pulls; git merges the project file with `annotary merge-driver`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use annotary::edit::Command;
use annotary::formats::project_file;
use annotary::model::{Layer, Project};
use common::T0;

/// Runs git in `folder` with no user or system config, so the test is the same on every
/// machine; returns whether it succeeded and what it said.
fn git(folder: &Path, args: &[&str]) -> (bool, String) {
    let output = Process::new("git")
        .args(args)
        .current_dir(folder)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Coder")
        .env("GIT_AUTHOR_EMAIL", "coder@example.org")
        .env("GIT_COMMITTER_NAME", "Coder")
        .env("GIT_COMMITTER_EMAIL", "coder@example.org")
        .output()
        .expect("git runs (git is needed to have this repository at all)");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), said)
}

fn git_ok(folder: &Path, args: &[&str]) -> String {
    let (ok, said) = git(folder, args);
    assert!(ok, "git {args:?} failed: {said}");
    said
}

/// A shared repository holding the demo project, and two coders' clones of it, each set up
/// with `annotary git-setup` as the README says.
struct Team {
    _folder: tempfile::TempDir,
    alice: PathBuf,
    bob: PathBuf,
}

fn team() -> Team {
    let folder = tempfile::tempdir().expect("temp");
    let origin = folder.path().join("origin.git");
    git_ok(
        folder.path(),
        &["init", "--bare", "-b", "main", "origin.git"],
    );
    let clone = |name: &str| {
        git_ok(
            folder.path(),
            &["clone", origin.to_str().expect("utf-8"), name],
        );
        let path = folder.path().join(name);
        git_ok(&path, &["config", "pull.rebase", "false"]);
        path
    };
    let alice = clone("alice");
    std::fs::copy(common::demo_path(), alice.join("project.ron")).expect("copy demo");
    setup(&alice);
    git_ok(&alice, &["add", "project.ron", ".gitattributes"]);
    git_ok(&alice, &["commit", "-m", "the project"]);
    git_ok(&alice, &["push", "origin", "main"]);
    let bob = clone("bob");
    setup(&bob);
    Team {
        _folder: folder,
        alice,
        bob,
    }
}

/// `annotary git-setup` in `clone`, with git's config kept to the clone.
fn setup(clone: &Path) {
    let output = Process::new(env!("CARGO_BIN_EXE_annotary"))
        .arg("git-setup")
        .current_dir(clone)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The test's annotary is a build in cargo's target folder: the coder is told that a
    // driver pointing there stops working when it is cleaned.
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains("note: this annotary is a build in a cargo target folder"),
        "{said}"
    );
}

fn load(clone: &Path) -> Project {
    project_file::load(&clone.join("project.ron")).expect("the project file is valid")
}

fn save(clone: &Path, project: &Project, message: &str) {
    project_file::save(project, &clone.join("project.ron")).expect("save");
    git_ok(clone, &["commit", "-am", message]);
}

/// `coder` adds their own layer and tags each (document, start, end, tag).
fn code(project: &mut Project, coder: &str, spans: &[(usize, usize, usize, &str)]) {
    Command::AddLayer {
        index: project.layers().len(),
        layer: Layer { name: coder.into() },
    }
    .apply(project, T0)
    .expect("add layer");
    for &(document, start, end, tag) in spans {
        let document = project.documents()[document].id.clone();
        Command::Annotate {
            document,
            layer: coder.into(),
            start,
            end,
            tag: tag.into(),
        }
        .apply(project, T0)
        .expect("annotate");
    }
}

/// Every annotation as (document, layer, start, end, tag), sorted.
fn spans(project: &Project) -> Vec<(String, String, usize, usize, String)> {
    let mut all: Vec<_> = project
        .annotations()
        .iter()
        .map(|a| {
            (
                a.document.0.clone(),
                a.layer.clone(),
                a.start,
                a.end,
                a.tag.clone(),
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn two_coders_pull_each_others_work_without_conflict_markers_and_lose_nothing() {
    let team = team();
    let mut alice = load(&team.alice);
    let mut bob = load(&team.bob);
    let base = spans(&alice);
    // Both code the first document, and each one more of their own.
    code(
        &mut alice,
        "alice",
        &[(0, 0, 4, "actor"), (0, 10, 30, "claim"), (1, 5, 9, "date")],
    );
    code(
        &mut bob,
        "bob",
        &[(0, 0, 4, "actor"), (0, 12, 30, "claim"), (2, 3, 8, "actor")],
    );
    // Bob also fixes a note in the demo's own layer.
    let fixed = bob.annotations()[0].id;
    Command::SetNote {
        id: fixed,
        note: "checked “twice” 👍".into(),
    }
    .apply(&mut bob, T0)
    .expect("note");
    save(&team.alice, &alice, "alice codes");
    git_ok(&team.alice, &["push", "origin", "main"]);
    save(&team.bob, &bob, "bob codes");

    let (merged, said) = git(&team.bob, &["pull", "--no-edit", "origin", "main"]);
    assert!(merged, "the pull merges cleanly: {said}");
    let text = std::fs::read_to_string(team.bob.join("project.ron")).expect("read");
    assert!(
        !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
        "{text}"
    );
    let project = load(&team.bob);
    assert!(project.conflicts().is_empty());
    let mut expected = spans(&alice);
    expected.extend(spans(&bob).into_iter().filter(|s| !base.contains(s)));
    expected.sort();
    assert_eq!(
        spans(&project),
        expected,
        "every annotation of both sides, once"
    );
    assert_eq!(project.annotations().len(), base.len() + 6);
    assert_eq!(
        project.annotation(fixed).map(|a| a.note.as_str()),
        Some("checked “twice” 👍")
    );
    let names: Vec<&str> = project.layers().iter().map(|l| l.name.as_str()).collect();
    assert!(
        names.contains(&"alice") && names.contains(&"bob"),
        "{names:?}"
    );

    // Bob pushes the merge; Alice pulls it as a fast-forward and has the same file.
    git_ok(&team.bob, &["push", "origin", "main"]);
    git_ok(&team.alice, &["pull", "--no-edit", "origin", "main"]);
    assert_eq!(
        std::fs::read_to_string(team.alice.join("project.ron")).expect("read"),
        text
    );
}

#[test]
fn a_span_retagged_differently_on_both_sides_is_a_conflict_git_marks_and_check_reports() {
    let team = team();
    let mut alice = load(&team.alice);
    let mut bob = load(&team.bob);
    let id = alice
        .annotations()
        .iter()
        .find(|a| a.tag == "actor")
        .expect("an actor")
        .id;
    let retag = |project: &mut Project, tag: &str| {
        let links: Vec<_> = project
            .relations()
            .all()
            .iter()
            .filter(|r| r.from == id || r.to == id)
            .map(|r| r.id)
            .collect();
        if !links.is_empty() {
            Command::Unrelate(links).apply(project, T0).expect("unlink");
        }
        Command::Retag {
            id,
            tag: tag.into(),
        }
        .apply(project, T0)
        .expect("retag");
    };
    retag(&mut alice, "date");
    retag(&mut bob, "claim");
    save(&team.alice, &alice, "alice retags");
    git_ok(&team.alice, &["push", "origin", "main"]);
    save(&team.bob, &bob, "bob retags");

    let (merged, said) = git(&team.bob, &["pull", "--no-edit", "origin", "main"]);
    assert!(!merged, "git marks the file conflicted: {said}");
    assert!(said.contains("1 conflict"), "{said}");
    let status = git_ok(&team.bob, &["status", "--porcelain"]);
    assert!(status.contains("UU project.ron"), "{status}");
    let text = std::fs::read_to_string(team.bob.join("project.ron")).expect("read");
    assert!(
        !text.contains("<<<<<<<"),
        "no markers, a valid project: {text}"
    );
    let project = load(&team.bob);
    let [conflict] = project.conflicts() else {
        panic!("{:?}", project.conflicts())
    };
    assert_eq!(conflict.key, annotary::model::RecordKey::Annotation(id));
    assert_eq!(
        project.annotation(id).map(|a| a.tag.as_str()),
        Some("claim"),
        "mine meanwhile"
    );
    let path = team.bob.join("project.ron");
    let (code, _, err) = common::annotary(&["check", path.to_str().expect("utf-8")]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("merge conflict 1: annotation {id}")),
        "{err}"
    );
}

#[test]
fn a_ron_file_that_is_not_a_project_is_merged_as_text() {
    let folder = tempfile::tempdir().expect("temp");
    let write = |name: &str, text: &str| {
        let path = folder.path().join(name);
        std::fs::write(&path, text).expect("write");
        path
    };
    let base = write(
        "base.ron",
        "(\n    width: 1,\n    depth: 3,\n    colour: 4,\n    height: 2,\n)\n",
    );
    let ours = write(
        "ours.ron",
        "(\n    width: 10,\n    depth: 3,\n    colour: 4,\n    height: 2,\n)\n",
    );
    let theirs = write(
        "theirs.ron",
        "(\n    width: 1,\n    depth: 3,\n    colour: 4,\n    height: 20,\n)\n",
    );
    let path = |p: &Path| p.to_str().expect("utf-8").to_owned();
    let (code, _, err) = common::annotary(&[
        "merge-driver",
        &path(&base),
        &path(&ours),
        &path(&theirs),
        "settings.ron",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&ours).expect("read"),
        "(\n    width: 10,\n    depth: 3,\n    colour: 4,\n    height: 20,\n)\n"
    );
}
