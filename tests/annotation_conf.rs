//! brat's annotation.conf both ways: the schema written and read back, brat's own
//! tutorial configuration read, and the CLI.

mod common;

use std::path::Path;

use annotary::edit::Command;
use annotary::formats::annotation_conf::{read, write};
use annotary::formats::project_file;
use annotary::model::{AttributeKind, Project, Schema};
use common::{T0, annotary};

/// brat's news tutorial configuration (nlplab/brat, example-data/tutorials/news), cut down.
const NEWS: &str = "\
[entities]
Person
Organization
GPE

[relations]
Located            Arg1:Person, Arg2:GPE
Family             Arg1:Person, Arg2:Person
Alias              Arg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive

[events]
<POG>=Person|Organization|GPE
!Life
\tBe-born   Person-Arg:Person, Place-Arg?:GPE
\tMarry     Person-Arg{2}:Person, Place-Arg?:GPE

[attributes]
Individual   Arg:<ENTITY>
Mention      Arg:<ENTITY>, Value:Name|Nominal|Other
Negation     Arg:<EVENT>
";

#[test]
fn the_default_schema_goes_out_as_brat_writes_it_and_comes_back() {
    let project = Project::new("conf", "AK");
    let (text, lost) = write(&project);
    for line in [
        "[entities]\n\nclaim\nactor\ndate\n",
        "claimant\tArg1:claim, Arg2:actor\n",
        "dated\tArg1:claim, Arg2:date\n",
        "stance\tArg:claim, Value:support|oppose|neutral\n",
        "hedged\tArg:claim\n",
        "# value (date) on date: brat has no such attribute\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
    assert_eq!(
        lost.len(),
        2,
        "the date attribute and the document labels: {lost:?}"
    );
    // Into a project with the tags and no schema: the relation types and the two
    // attributes brat holds come back.
    let mut bare = project.clone();
    Command::SetSchema(Schema::default())
        .apply(&mut bare, T0)
        .expect("an empty schema fits an empty project");
    let conf = read(&text, "annotation.conf", &bare);
    assert!(conf.problems.is_empty(), "{:?}", conf.problems);
    conf.command
        .expect("a change")
        .apply(&mut bare, T0)
        .expect("applies");
    let names: Vec<_> = bare
        .schema()
        .relations
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["claimant", "addressee", "dated"]);
    assert_eq!(bare.schema().relations[0].from, ["claim"]);
    let stance = bare.schema().attribute("stance").expect("stance");
    assert_eq!(
        stance.kind,
        AttributeKind::OneOf(vec!["support".into(), "oppose".into(), "neutral".into()])
    );
    assert_eq!(
        bare.schema().attribute("hedged").expect("hedged").kind,
        AttributeKind::Flag
    );
}

#[test]
fn brats_news_tutorial_configuration_comes_in_whole_events_and_macros_too() {
    let project = Project::new("news", "AK");
    let conf = read(NEWS, "annotation.conf", &project);
    assert!(conf.problems.is_empty(), "{:?}", conf.problems);
    assert_eq!(
        conf.tags_added,
        ["Person", "Organization", "GPE", "Be-born", "Marry"]
    );
    // Three relation types and the two roles of the events; three attributes.
    assert_eq!((conf.relation_types, conf.attributes), (5, 3));
    let mut project = project;
    conf.command
        .expect("a change")
        .apply(&mut project, T0)
        .expect("applies");
    let alias = project.schema().relation_type("Alias").expect("Alias");
    assert!(alias.symmetric && alias.transitive && alias.fits("Person", "Person"));
    assert_eq!(project.schema().events, ["Be-born", "Marry"]);
    // A role is a link from the event; `{2}` and `?` say how often, which is not kept.
    let person = project.schema().relation_type("Person-Arg").expect("role");
    assert_eq!(
        (person.from.as_slice(), person.to.as_slice()),
        (
            &["Be-born".to_owned(), "Marry".to_owned()][..],
            &["Person".to_owned()][..]
        )
    );
    let negation = project.schema().attribute("Negation").expect("Negation");
    assert_eq!(
        negation.tags,
        ["Be-born", "Marry"],
        "<EVENT> is every event type"
    );
    // And out again: the events with their roles, the groups of equals as such.
    let (text, _) = write(&project);
    for line in [
        "Be-born\tPerson-Arg*:Person, Place-Arg*:GPE\n",
        "Alias\tArg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive\n",
        "Negation\tArg:Be-born|Marry\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
    assert!(
        !text.contains("\nPerson-Arg\t"),
        "a role is not a relation type:\n{text}"
    );
    let mention = project.schema().attribute("Mention").expect("Mention");
    assert!(mention.tags.is_empty(), "<ENTITY> is any tag");
    assert!(project.coding_problems().is_empty());
}

#[test]
fn the_cli_exports_the_schema_and_imports_it_into_another_project() {
    let folder = tempfile::tempdir().expect("temp");
    let conf = folder.path().join("annotation.conf");
    let demo = common::demo_path();
    let (code, out, err) = annotary(&[
        "schema",
        "export",
        demo.to_str().expect("utf-8"),
        "--out",
        conf.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Wrote 3 tags, 3 relation types and 3 attributes"),
        "{out}"
    );
    assert!(err.contains("attribute \"value\" is a date"), "{err}");
    // The version-1 demo has no relation types; importing gives it brat's share.
    let old = folder.path().join("old.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo-v1.ron"),
        &old,
    )
    .expect("copy");
    let (code, out, err) = annotary(&[
        "schema",
        "import",
        old.to_str().expect("utf-8"),
        conf.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Read 3 relation types and 2 attributes"),
        "{out}"
    );
    let project = project_file::load(&old).expect("saved");
    assert_eq!(project.schema().relations.len(), 3);
    // Nothing new the second time: the file is left as it was.
    let (code, _, err) = annotary(&[
        "schema",
        "import",
        old.to_str().expect("utf-8"),
        conf.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("left as it was"), "{err}");
}
