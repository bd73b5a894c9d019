//! Agreement figures against the reference implementations (sklearn, krippendorff,
//! statsmodels), whose values `tests/agreement/reference.py` wrote into
//! `tests/agreement/reference.json`; and the token and span definitions on hand-made
//! projects.

mod common;

use annotary::review::agreement::{report, tokens};
use annotary::review::statistics::{
    Codes, cohen_kappa, fleiss_kappa, krippendorff_alpha_complete, krippendorff_alpha_interval,
    percent_agreement, percent_all_agree,
};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

fn same(name: &str, what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(got), Some(want)) => assert!(
            (got - want).abs() <= TOLERANCE,
            "{name}: {what} is {got}, the reference gives {want}"
        ),
        (got, _) => panic!("{name}: {what} is {got:?}, the reference gives {want}"),
    }
}

#[test]
fn coefficients_match_the_reference_implementations() {
    let reference: Value =
        serde_json::from_str(include_str!("agreement/reference.json")).expect("reference.json");
    let cases = reference["cases"].as_array().expect("cases");
    assert!(cases.len() >= 15, "{} cases", cases.len());
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let mut codes = Codes::default();
        let coders: Vec<Vec<usize>> = case["coders"]
            .as_array()
            .expect("coders")
            .iter()
            .map(|c| {
                c.as_array()
                    .expect("labels")
                    .iter()
                    .map(|l| codes.code(&l.to_string()))
                    .collect()
            })
            .collect();
        let units: Vec<Vec<usize>> = (0..coders[0].len())
            .map(|u| coders.iter().map(|c| c[u]).collect())
            .collect();
        let expected = &case["expected"];
        same(
            name,
            "krippendorff_alpha",
            krippendorff_alpha_complete(&units),
            &expected["krippendorff_alpha"],
        );
        same(
            name,
            "fleiss_kappa",
            fleiss_kappa(&units),
            &expected["fleiss_kappa"],
        );
        same(
            name,
            "percent_agreement",
            percent_all_agree(&units),
            &expected["percent_agreement"],
        );
        if coders.len() == 2 {
            same(
                name,
                "cohen_kappa",
                cohen_kappa(&coders[0], &coders[1]),
                &expected["cohen_kappa"],
            );
            same(
                name,
                "percent_agreement",
                percent_agreement(&coders[0], &coders[1]),
                &expected["percent_agreement"],
            );
        }
    }
}

#[test]
fn interval_alpha_matches_the_reference_implementation() {
    let reference: Value =
        serde_json::from_str(include_str!("agreement/reference.json")).expect("reference.json");
    let cases = reference["interval_cases"]
        .as_array()
        .expect("interval cases");
    assert!(cases.len() >= 6, "{} cases", cases.len());
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let coders: Vec<Vec<Option<f64>>> = case["coders"]
            .as_array()
            .expect("coders")
            .iter()
            .map(|c| {
                c.as_array()
                    .expect("numbers")
                    .iter()
                    .map(Value::as_f64)
                    .collect()
            })
            .collect();
        let units: Vec<Vec<Option<f64>>> = (0..coders[0].len())
            .map(|u| coders.iter().map(|c| c[u]).collect())
            .collect();
        same(
            name,
            "krippendorff_alpha_interval",
            krippendorff_alpha_interval(&units),
            &case["expected"]["krippendorff_alpha_interval"],
        );
    }
}

#[test]
fn tokens_are_words_with_a_letter_or_digit_in_code_points() {
    let text =
        annotary::model::Text::new("“Россия” said: 3 July, 北京 😀 café\u{301}s — don’t!\r\n");
    let words: Vec<&str> = tokens(&text)
        .into_iter()
        .map(|(s, e)| text.slice(s, e))
        .collect();
    assert_eq!(
        words,
        [
            "Россия",
            "said",
            "3",
            "July",
            "北",
            "京",
            "café\u{301}s",
            "don’t"
        ]
    );
}

#[test]
fn two_layers_give_token_and_span_figures_by_hand() {
    // AK: [actor Russia] … [date 3 July]; BM: [actor Russia], [actor 3] (tag conflict on
    // part of the date), nothing on "July".
    let (mut project, doc) = common::project_from_markup("[actor:Russia] said [date:3 July] no");
    common::add_layer(&mut project, "BM");
    common::annotate(
        &mut project,
        &doc,
        "BM",
        vec![(0, 6, "actor".into()), (12, 13, "actor".into())],
    );
    let report = report(&project, &["AK".into(), "BM".into()], &[]);
    // Tokens: Russia said 3 July no → AK: actor O date date O; BM: actor O actor O O.
    let (units, sets) =
        annotary::review::agreement::units(&project, &report.layers, &report.documents);
    let labels: Vec<(String, String)> = units
        .iter()
        .map(|u| {
            (
                sets.name(u.labels[0]).to_owned(),
                sets.name(u.labels[1]).to_owned(),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = labels
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("actor", "actor"),
            ("O", "O"),
            ("date", "actor"),
            ("date", "O"),
            ("O", "O")
        ]
    );
    let overall = &report.overall;
    assert_eq!(overall.tokens, 5);
    assert_eq!(overall.spans, [2, 2]);
    assert_eq!(overall.percent_agreement, Some(0.6));
    let spans = overall.spans_compared.expect("two layers");
    assert_eq!((spans.exact_matches, spans.overlap_matches), (1, 1));
    assert_eq!(spans.f1_exact, Some(0.5));
    // Per tag "date": AK 0 0 1 1 0, BM all 0: kappa 0, precision undefined (BM has none).
    let date = &report.per_tag["date"];
    assert_eq!(date.cohen_kappa, Some(0.0));
    assert_eq!(date.spans_compared.expect("pair").precision_exact, None);
    assert_eq!(date.spans_compared.expect("pair").recall_exact, Some(0.0));
    // The confusion matrix: O first, rows AK, columns BM.
    assert_eq!(report.confusion.0, ["O", "actor", "date"]);
    assert_eq!(report.confusion.1, [[2, 0, 0], [0, 1, 0], [1, 1, 0]]);
}

#[test]
fn attribute_and_label_figures_count_the_spans_both_layers_have() {
    use annotary::edit::Command;
    use annotary::model::{AttributeValue, DocumentId};
    let (mut project, doc) = common::project_from_markup(
        "[claim:one] [claim:two] [claim:three] [claim:four] [claim:five]",
    );
    common::add_layer(&mut project, "BM");
    let (_, spans) =
        annotary::model::markup::parse("[claim:one] [claim:two] [claim:three] [claim:four] five")
            .expect("markup");
    common::annotate(&mut project, &doc, "BM", spans);
    for (quote, mine, theirs) in [
        ("one", Some("support"), "support"),
        ("two", Some("oppose"), "oppose"),
        ("three", Some("neutral"), "support"),
        ("four", None, "support"),
    ] {
        if let Some(mine) = mine {
            set_stance(&mut project, "AK", quote, mine);
        }
        set_stance(&mut project, "BM", quote, theirs);
    }
    // "five" has a value only in AK, but BM has no such span: not a unit.
    set_stance(&mut project, "AK", "five", "oppose");
    for layer in ["AK", "BM"] {
        Command::SetDocumentLabel {
            document: DocumentId("doc".into()),
            layer: layer.into(),
            name: "genre".into(),
            value: Some(AttributeValue::Text("news".into())),
        }
        .apply(&mut project, common::T0)
        .expect("label");
    }
    let report = report(&project, &["AK".into(), "BM".into()], &[]);
    let stance = &report.values.attributes["stance"];
    assert_eq!(stance.units, 4);
    same(
        "stance",
        "percent_agreement",
        stance.percent_agreement,
        &Value::from(0.5),
    );
    // p_o = 1/2; p_e = support ¼·¾ + oppose ¼·¼ = ¼; κ = (½ − ¼)/(1 − ¼) = ⅓.
    same(
        "stance",
        "cohen_kappa",
        stance.cohen_kappa,
        &Value::from(1.0 / 3.0),
    );
    let values: Vec<&str> = report
        .values
        .units
        .iter()
        .filter(|u| u.name == "stance")
        .map(|u| u.values[0].as_str())
        .collect();
    assert_eq!(values, ["support", "oppose", "neutral", "(none)"]);
    let genre = &report.values.labels["genre"];
    assert_eq!((genre.units, genre.percent_agreement), (1, Some(1.0)));
    let json = report.to_json();
    assert_eq!(json["attributes"]["stance"]["units"], 4);
    assert!(
        json["attributes"]["stance"]
            .get("krippendorff_alpha_interval")
            .is_none()
    );
    assert_eq!(json["labels"]["genre"]["percent_agreement"], 1.0);
}

#[test]
fn three_layers_give_fleiss_kappa_per_attribute_and_each_pair() {
    let (mut project, doc) = common::project_from_markup("[claim:one] [claim:two] [claim:three]");
    for layer in ["BM", "CL"] {
        common::add_layer(&mut project, layer);
        let (_, spans) = annotary::model::markup::parse("[claim:one] [claim:two] [claim:three]")
            .expect("markup");
        common::annotate(&mut project, &doc, layer, spans);
    }
    let stances = [
        ("AK", ["support", "oppose", "support"]),
        ("BM", ["support", "oppose", "oppose"]),
        ("CL", ["support", "support", "support"]),
    ];
    for (layer, values) in stances {
        for (quote, value) in ["one", "two", "three"].into_iter().zip(values) {
            set_stance(&mut project, layer, quote, value);
        }
    }
    let layers: Vec<String> = ["AK", "BM", "CL"].map(String::from).to_vec();
    let report = report(&project, &layers, &[]);
    let stance = &report.values.attributes["stance"];
    assert_eq!(stance.units, 3);
    // The same units as statsmodels' table: one all agree, two split 2–1.
    let mut codes = Codes::default();
    let units: Vec<Vec<usize>> = (0..3)
        .map(|u| stances.iter().map(|(_, v)| codes.code(v[u])).collect())
        .collect();
    assert_eq!(stance.fleiss_kappa, fleiss_kappa(&units));
    assert!(stance.fleiss_kappa.is_some() && stance.cohen_kappa.is_none());
    assert_eq!(report.values_pairwise.len(), 3);
    let json = report.to_json();
    let pair = &json["pairwise"]["AK|BM"]["attributes"]["stance"];
    // AK and BM agree on two of three.
    same(
        "AK|BM",
        "percent_agreement",
        pair["percent_agreement"].as_f64(),
        &Value::from(2.0 / 3.0),
    );
    assert!(pair["cohen_kappa"].is_number(), "{pair}");
    let csv = annotary::formats::agreement_report::csv(&report);
    assert!(
        csv.contains("pair attribute,AK|CL:stance,percent_agreement,"),
        "{csv}"
    );
}

/// Sets the stance of `layer`'s span quoting `quote`.
fn set_stance(project: &mut annotary::model::Project, layer: &str, quote: &str, stance: &str) {
    let id = project
        .annotations()
        .iter()
        .find(|a| a.layer == layer && a.quote == quote)
        .expect("span")
        .id;
    annotary::edit::Command::SetAttribute {
        id,
        name: "stance".into(),
        value: Some(annotary::model::AttributeValue::Text(stance.into())),
    }
    .apply(project, common::T0)
    .expect("set");
}
