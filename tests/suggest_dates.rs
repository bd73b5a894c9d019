//! Dates found in the sample corpus and normalised as a careful coder would: every
//! expression in `fixtures/corpus_dates.tsv` is either found with the coder's value, or
//! listed here as one the finder leaves to the coder (durations, vague times), or as one
//! it resolves differently, with the reason.

mod common;

use annotary::model::suggest::find_dates;

/// One row of the fixture.
struct Row {
    document: String,
    phrase: String,
    published: String,
    value: String,
}

fn rows() -> Vec<Row> {
    include_str!("fixtures/corpus_dates.tsv")
        .lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            Row {
                document: fields[0].to_owned(),
                phrase: fields[1].to_owned(),
                published: fields[2].to_owned(),
                value: fields[3].to_owned(),
            }
        })
        .collect()
}

/// Expressions the finder leaves to the coder, with the reason.
const LEFT_TO_THE_CODER: [(&str, &str); 20] = [
    ("11 months", "a duration"),
    ("five days", "a duration"),
    ("20 years", "a duration"),
    ("decade-long", "a duration"),
    ("a month away", "counted from a date the text does not give"),
    ("recent years", "vague"),
    ("some weeks back", "vague"),
    ("recently", "vague"),
    ("two decades later", "counted from a date named earlier"),
    ("decades after", "vague"),
    ("At that time", "refers to a date named earlier"),
    ("The next few months", "vague"),
    ("9/11", "an event's name"),
    ("Friendship Day", "a holiday's name"),
    ("early part of this month", "its \"this month\" is found"),
    // Glued to the page's next word or the one before, in the scraped text.
    ("21 minutes ago", "glued to \"time\" before it"),
    ("34 minutes ago", "glued to \"time\" before it"),
    ("an hour ago", "glued to \"time\" before it"),
    ("6 days ago", "glued to \"The Hindu\" before it"),
    ("last month", "glued to \"Food\" after it"),
];

/// Expressions resolved otherwise than the coder did, with the reason.
const RESOLVED_OTHERWISE: [(&str, &str, &str); 1] = [(
    "this month",
    "2025-07",
    "002's related-articles list is from August, which only the context says",
)];

#[test]
fn dates_in_the_corpus_are_found_with_the_coders_values() {
    let demo = common::demo();
    let rows = rows();
    let mut with_value = 0;
    for row in &rows {
        let left = LEFT_TO_THE_CODER.iter().any(|(p, _)| *p == row.phrase);
        let document = demo
            .document(&annotary::model::DocumentId(row.document.clone()))
            .expect("the fixture names demo documents");
        let published = (!row.published.is_empty()).then_some(row.published.as_str());
        let found = find_dates(document.text().as_str(), published);
        let hit = found.iter().find(|f| f.phrase == row.phrase);
        if left {
            assert!(
                hit.is_none(),
                "{}: {:?} is not suggested",
                row.document,
                row.phrase
            );
            continue;
        }
        let hit = hit.unwrap_or_else(|| panic!("{}: {:?} is found", row.document, row.phrase));
        let want = RESOLVED_OTHERWISE
            .iter()
            .find(|(p, _, _)| *p == row.phrase && row.document.starts_with("002"))
            .map_or(row.value.as_str(), |(_, value, _)| value);
        match &hit.value {
            Some(value) => {
                assert_eq!(value, want, "{}: {:?}", row.document, row.phrase);
                with_value += 1;
            }
            None => {
                assert_eq!(want, "", "{}: {:?} has a value", row.document, row.phrase);
                assert!(
                    !hit.why.is_empty(),
                    "{:?} says why it has no value",
                    row.phrase
                );
            }
        }
    }
    assert!(with_value >= 40, "{with_value} phrases normalised");
    // And nothing else is found: every finding is a phrase of the fixture.
    for document in demo.documents() {
        let published = rows
            .iter()
            .find(|r| r.document == document.id.0)
            .map(|r| r.published.as_str());
        for finding in find_dates(document.text().as_str(), published) {
            assert!(
                rows.iter()
                    .any(|r| r.document == document.id.0 && r.phrase == finding.phrase),
                "{}: {:?} is not a date",
                document.id.0,
                finding.phrase
            );
        }
    }
}

/// The dates `find_dates` finds in `text`, as (phrase, value or why).
fn found(text: &str, published: Option<&str>) -> Vec<(String, String)> {
    find_dates(text, published)
        .into_iter()
        .map(|f| (f.phrase, f.value.unwrap_or(format!("none: {}", f.why))))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn relative_dates_resolve_against_the_day_of_publication() {
    let text = "Six days ago, on Monday, and yesterday; last week, next month, last year, \
                three weeks ago, the past two decades, 2 years ago, today.";
    assert_eq!(
        found(text, Some("2025-07-19")),
        pairs(&[
            ("Six days ago", "2025-07-13"),
            ("Monday", "2025-07-14"),
            ("yesterday", "2025-07-18"),
            ("last week", "2025-W28"),
            ("next month", "2025-08"),
            ("last year", "2024"),
            ("three weeks ago", "2025-06-28"),
            ("the past two decades", "2005/2025"),
            ("2 years ago", "2023"),
            ("today", "2025-07-19"),
        ])
    );
}

#[test]
fn without_a_day_of_publication_a_relative_date_says_why_it_has_no_value() {
    let text = "On 3 July, six days ago, this month, in 2016.";
    let month_only = found(text, Some("2025-07"));
    assert_eq!(month_only[0], pairs(&[("3 July", "2025-07-03")])[0]);
    assert!(
        month_only[1].1.starts_with(
            "none: relative to the day of publication, but the `published` label says only 2025-07"
        ),
        "{month_only:?}"
    );
    assert_eq!(month_only[2].1, "2025-07");
    assert_eq!(month_only[3], pairs(&[("2016", "2016")])[0]);
    let unknown = found(text, None);
    assert!(
        unknown[0]
            .1
            .starts_with("none: the year is not in the text"),
        "{unknown:?}"
    );
    assert!(
        unknown
            .iter()
            .all(|(_, v)| v.starts_with("none") || v == "2016")
    );
}

#[test]
fn whole_partial_and_ranged_dates_keep_the_precision_of_the_text() {
    let text = "On the 3rd of July 2025, July 3, 2025 and Aug. 2021; between 2001 and 2021, \
                the 1990s, mid-August 2019, 2025-07-19 06:24:53 and 2025-02-30.";
    assert_eq!(
        found(text, None),
        pairs(&[
            ("3rd of July 2025", "2025-07-03"),
            ("July 3, 2025", "2025-07-03"),
            ("Aug. 2021", "2021-08"),
            ("between 2001 and 2021", "2001/2021"),
            ("the 1990s", "1990/1999"),
            ("mid-August 2019", "2019-08"),
            ("2025-07-19 06:24:53", "2025-07-19T06:24:53"),
            (
                "2025-02-30",
                "none: \"2025-02-30\" is not an ISO 8601 date (that day does not exist); write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]"
            ),
        ])
    );
}

#[test]
fn centuries_decades_and_times_with_their_zone() {
    let text = "In the 1800s, the 1990s and the 2000s; at 2025-07-19T06:24:53Z and \
                2025-07-19 08:00+04:30.";
    assert_eq!(
        found(text, None),
        pairs(&[
            ("the 1800s", "1800/1899"),
            ("the 1990s", "1990/1999"),
            ("the 2000s", "2000/2009"),
            ("2025-07-19T06:24:53Z", "2025-07-19T06:24:53Z"),
            ("2025-07-19 08:00+04:30", "2025-07-19T08:00+04:30"),
        ])
    );
}

#[test]
fn words_that_only_look_like_dates_are_not_found() {
    // "may" the verb, a month name inside a word, a year glued to a word, a number that
    // is not a year, a year inside a longer number.
    let text = "They may act; Mayday; Marching; AB2021; 12000 troops; 1,2025; Septic; \
                Article 5 may apply; up to 2000 people; about 1800 troops.";
    assert_eq!(
        found(text, Some("2025-07-19")),
        Vec::<(String, String)>::new()
    );
    // A bare year is less sure than a year after "in".
    let scores: Vec<f64> = find_dates("2000 troops came in 2001.", None)
        .iter()
        .map(|f| f.score)
        .collect();
    assert!(scores[0] < scores[1], "{scores:?}");
}

#[test]
fn a_day_without_its_year_well_after_publication_is_last_years() {
    assert_eq!(
        found("On December 28 and on 2 January.", Some("2025-01-03")),
        pairs(&[("December 28", "2024-12-28"), ("2 January", "2025-01-02")])
    );
    // Within two months after publication it stays in the year (what is announced).
    assert_eq!(
        found("On 20 February.", Some("2025-01-03")),
        pairs(&[("20 February", "2025-02-20")])
    );
}
