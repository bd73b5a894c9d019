//! Agreement on links: a link of the second layer matches one of the first when its type
//! does and both its ends are spans paired between the layers (exactly, or by overlap).

mod common;

use annotary::edit::Command;
use annotary::model::{AnnotationId, Project};
use annotary::review::agreement::report;
use common::{T0, add_layer, find_in, project_from_markup};

fn annotate(project: &mut Project, layer: &str, quote: &str, tag: &str) -> AnnotationId {
    let document = project.documents()[0].id.clone();
    let (start, end) = find_in(project.documents()[0].text(), quote, 0);
    Command::Annotate {
        document,
        layer: layer.into(),
        start,
        end,
        tag: tag.into(),
    }
    .apply(project, T0)
    .expect("annotate");
    project
        .annotations()
        .iter()
        .map(|a| a.id)
        .max()
        .expect("an annotation")
}

fn link(project: &mut Project, kind: &str, from: AnnotationId, to: AnnotationId) {
    Command::Relate {
        kind: kind.into(),
        from,
        to,
        note: String::new(),
    }
    .apply(project, T0)
    .expect("link");
}

#[test]
fn links_match_by_type_and_paired_ends_exactly_or_by_overlap() {
    let (mut project, _) =
        project_from_markup("Zoë 😀 said on 3 July that 北京 backs Kabul’s “new” talks.");
    add_layer(&mut project, "BM");
    // AK: the claim by Zoë, addressed to 北京, dated 3 July.
    let claim = annotate(
        &mut project,
        "AK",
        "北京 backs Kabul’s “new” talks",
        "claim",
    );
    let zoe = annotate(&mut project, "AK", "Zoë", "actor");
    let beijing = annotate(&mut project, "AK", "北京", "actor");
    let date = annotate(&mut project, "AK", "3 July", "date");
    link(&mut project, "claimant", claim, zoe);
    link(&mut project, "addressee", claim, beijing);
    link(&mut project, "dated", claim, date);
    // BM: the same claim and Zoë; 北京 with the emoji's neighbour left out, so it pairs only
    // by overlap ("北京 backs"); no date; Zoë also (wrongly) the addressee.
    let claim_b = annotate(
        &mut project,
        "BM",
        "北京 backs Kabul’s “new” talks",
        "claim",
    );
    let zoe_b = annotate(&mut project, "BM", "Zoë", "actor");
    let beijing_b = annotate(&mut project, "BM", "北京 backs", "actor");
    link(&mut project, "claimant", claim_b, zoe_b);
    link(&mut project, "addressee", claim_b, beijing_b);
    link(&mut project, "addressee", claim_b, zoe_b);
    let layers = ["AK".to_owned(), "BM".to_owned()];
    let links = report(&project, &layers, &[]).links.expect("link figures");
    assert_eq!(links.links, [3, 3]);
    // Exactly: only the claimant link has both ends paired exactly.
    assert_eq!(links.scores.exact_matches, 1);
    assert_eq!(links.scores.precision_exact, Some(1.0 / 3.0));
    assert_eq!(links.scores.recall_exact, Some(1.0 / 3.0));
    assert_eq!(links.scores.f1_exact, Some(1.0 / 3.0));
    // By overlap the addressee link to 北京 matches too; Zoë as addressee never does.
    assert_eq!(links.scores.overlap_matches, 2);
    assert_eq!(links.scores.f1_overlap, Some(2.0 / 3.0));
    let (counts, addressee) = links.per_type["addressee"];
    assert_eq!(counts, [1, 2]);
    assert_eq!((addressee.exact_matches, addressee.overlap_matches), (0, 1));
    assert_eq!(addressee.precision_overlap, Some(0.5));
    assert_eq!(addressee.recall_overlap, Some(1.0));
    let (counts, dated) = links.per_type["dated"];
    assert_eq!(
        (counts, dated.recall_exact, dated.precision_exact),
        ([1, 0], Some(0.0), None)
    );
    // In the JSON `annotary agreement --json` prints.
    let json = report(&project, &layers, &[]).to_json();
    assert_eq!(json["links"]["unit_counts"]["links"]["BM"], 3);
    assert_eq!(json["links"]["per_type"]["claimant"]["f1_exact"], 1.0);
}

#[test]
fn without_links_there_are_no_link_figures() {
    let project = common::demo();
    let layers: Vec<String> = project.layers().iter().map(|l| l.name.clone()).collect();
    let mut bare = project.clone();
    let ids: Vec<_> = bare.relations().all().iter().map(|r| r.id).collect();
    Command::Unrelate(ids).apply(&mut bare, T0).expect("unlink");
    assert!(report(&project, &layers, &[]).links.is_some());
    assert!(report(&bare, &layers, &[]).links.is_none());
}

#[test]
fn the_relation_type_confusion_pairs_links_between_paired_spans() {
    let (mut project, _) =
        project_from_markup("Russia said the Taliban agreed on 3 July in Kabul.");
    add_layer(&mut project, "BM");
    let mut spans = std::collections::HashMap::new();
    for layer in ["AK", "BM"] {
        for (quote, tag) in [
            ("Russia", "actor"),
            ("the Taliban agreed", "claim"),
            ("3 July", "date"),
        ] {
            spans.insert((layer, quote), annotate(&mut project, layer, quote, tag));
        }
    }
    let kabul = annotate(&mut project, "BM", "Kabul", "actor");
    let at = |layer, quote| spans[&(layer, quote)];
    let claim = "the Taliban agreed";
    link(
        &mut project,
        "claimant",
        at("AK", claim),
        at("AK", "Russia"),
    );
    link(&mut project, "dated", at("AK", claim), at("AK", "3 July"));
    link(
        &mut project,
        "addressee",
        at("BM", claim),
        at("BM", "Russia"),
    );
    link(&mut project, "dated", at("BM", claim), at("BM", "3 July"));
    link(&mut project, "claimant", at("BM", claim), kabul);
    let report = report(&project, &["AK".into(), "BM".into()], &[]);
    let links = report.links.clone().expect("link figures");
    let (types, counts) = &links.confusion;
    assert_eq!(types, &["addressee", "claimant", "dated", "no link"]);
    assert_eq!(
        counts,
        &[
            vec![0, 0, 0, 0],
            // AK's claimant met BM's addressee between the same spans.
            vec![1, 0, 0, 0],
            vec![0, 0, 1, 0],
            // BM's claimant to Kabul has no counterpart.
            vec![0, 1, 0, 0],
        ]
    );
    let json = report.to_json();
    assert_eq!(json["links"]["confusion"]["counts"][3][1], 1);

    // The units behind the figures: each link with whether it matched.
    let units =
        annotary::review::link_units::link_units(&project, &report.layers, &report.documents);
    let flags: Vec<(usize, &str, bool, bool)> = units
        .iter()
        .map(|u| (u.layer, u.kind.as_str(), u.exact, u.overlap))
        .collect();
    assert_eq!(
        flags,
        [
            (0, "claimant", false, false),
            (0, "dated", true, true),
            (1, "addressee", false, false),
            (1, "claimant", false, false),
            (1, "dated", true, true),
        ]
    );
    let matched = units.iter().filter(|u| u.layer == 1 && u.exact).count();
    assert_eq!(links.scores.exact_matches, matched);
    let tsv = annotary::review::link_units::links_tsv(&units, &report.layers);
    assert!(
        tsv.lines()
            .nth(2)
            .is_some_and(|l| l.ends_with("\tdated\t12\t30\t34\t40\t1\t1")),
        "{tsv}"
    );
}

#[test]
fn a_link_without_direction_matches_its_reverse() {
    let (mut project, _) = project_from_markup("Putin and the Kremlin said so.");
    let mut schema = project.schema().clone();
    schema.relations.push(annotary::model::RelationType {
        name: "same_as".into(),
        from: vec!["actor".into()],
        to: vec!["actor".into()],
        symmetric: true,
        transitive: false,
        hotkey: None,
        description: String::new(),
    });
    Command::SetSchema(schema)
        .apply(&mut project, T0)
        .expect("schema");
    add_layer(&mut project, "BM");
    let ak = [
        annotate(&mut project, "AK", "Putin", "actor"),
        annotate(&mut project, "AK", "the Kremlin", "actor"),
    ];
    let bm = [
        annotate(&mut project, "BM", "Putin", "actor"),
        annotate(&mut project, "BM", "the Kremlin", "actor"),
    ];
    link(&mut project, "same_as", ak[0], ak[1]);
    link(&mut project, "same_as", bm[1], bm[0]);
    let report = report(&project, &["AK".into(), "BM".into()], &[]);
    let links = report.links.as_ref().expect("links");
    assert_eq!(links.scores.f1_exact, Some(1.0));
    let units =
        annotary::review::link_units::link_units(&project, &report.layers, &report.documents);
    assert!(units.iter().all(|u| u.exact && u.overlap), "{units:?}");
}
