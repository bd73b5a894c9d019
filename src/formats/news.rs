//! News-database exports split into their articles. Nexis Uni gives a whole search as one
//! Word file: a cover list, then each article as its headline, outlet, date line, edition
//! and copyright lines, `Section:`, `Length:`, `Byline:` lines, `Body`, the paragraphs,
//! trailing `Load-Date:`, `Language:` … lines, and `End of Document`. The older Nexis text
//! export starts each article with `N of M DOCUMENTS`, then the outlet, the date line, the
//! headline, `BYLINE:`, `SECTION:`, `LENGTH:` lines, the body and `LOAD-DATE:` … lines.
//! Only the paragraphs are article text; the rest becomes the article's title and labels.

/// One article of an export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    pub headline: String,
    pub outlet: Option<String>,
    /// ISO 8601 (`2025-07-04`), when the date line reads as a date.
    pub published: Option<String>,
    pub byline: Option<String>,
    pub section: Option<String>,
    /// In words, as the export counts them.
    pub length: Option<u32>,
    pub text: String,
}

/// What a text turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum Split {
    /// Not a news-database export.
    No,
    /// It has an export's lines but no article marker: why it stays one document.
    LooksLike(String),
    Articles(Vec<Article>),
}

/// Splits `text` into articles if it is a Nexis Uni or older Nexis text export.
pub fn split(text: &str) -> Split {
    let lines: Vec<&str> = text.lines().collect();
    let ends: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim() == "End of Document")
        .collect();
    if !ends.is_empty() {
        return nexis_uni(&lines, &ends);
    }
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| is_count_line(lines[i]))
        .collect();
    if !starts.is_empty() {
        return nexis_text(&lines, &starts);
    }
    let body = lines.iter().any(|l| l.trim() == "Body");
    let length = lines
        .iter()
        .any(|l| key_value(l).is_some_and(|(k, _)| k.eq_ignore_ascii_case("length")));
    if body && length {
        return Split::LooksLike(
            "it has a news export's “Body” and “Length:” lines but no “End of Document” or “N of M DOCUMENTS” line to split at, so it came in as one document".to_owned(),
        );
    }
    Split::No
}

/// `1 of 25 DOCUMENTS`.
fn is_count_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    matches!(words.as_slice(), [n, "of", m, "DOCUMENTS" | "DOCUMENT"]
        if n.bytes().all(|b| b.is_ascii_digit()) && m.bytes().all(|b| b.is_ascii_digit()))
}

/// `Key: value` with a one- or two-word key (`Byline`, `Load-Date`, `PUBLICATION-TYPE`).
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.trim().split_once(':')?;
    let plain = !key.is_empty()
        && key.len() <= 24
        && key.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && key
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == ' ')
        && key.split(' ').count() <= 2;
    plain.then(|| (key, value.trim()))
}

/// The keys of an article's header, before its body. Only these: a dateline lead
/// ("ISLAMABAD: The government …") or a headline ("Analysis: …") has the same shape.
const HEADER: &[&str] = &[
    "byline",
    "section",
    "length",
    "dateline",
    "highlight",
    "edition",
];

/// Whether `line` is one of the header's `Key: value` lines.
fn header_key(line: &str) -> Option<(&str, &str)> {
    key_value(line).filter(|(k, _)| HEADER.contains(&k.to_ascii_lowercase().as_str()))
}

/// The keys that follow an article's body.
const TRAILING: &[&str] = &[
    "load-date",
    "language",
    "publication-type",
    "journal-code",
    "subject",
    "geographic",
    "industry",
    "person",
    "organization",
    "company",
    "ticker",
    "graphic",
    "notes",
    "url",
    "document-type",
    "country",
    "city",
    "state",
    "correction-date",
    "distribution",
];

fn article_from(
    header: &[(&str, &str)],
    headline: &str,
    outlet: Option<&str>,
    date: Option<&str>,
    body: &[&str],
) -> Article {
    let get = |name: &str| {
        header
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| (*v).to_owned())
            .filter(|v| !v.is_empty())
    };
    let length =
        get("length").and_then(|l| l.split_whitespace().next()?.replace(',', "").parse().ok());
    let body = trimmed(body);
    Article {
        headline: headline.trim().to_owned(),
        outlet: outlet
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty()),
        published: date.and_then(iso_date),
        byline: get("byline"),
        section: get("section"),
        length,
        text: body.join("\n"),
    }
}

/// The lines without the blank ones at either end.
fn trimmed<'a, 'b>(lines: &'b [&'a str]) -> &'b [&'a str] {
    let start = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(start, |e| e + 1);
    &lines[start..end]
}

/// The body's lines without what follows it: `Classification`, the trailing keys and
/// a copyright line.
fn body_of<'a, 'b>(lines: &'b [&'a str]) -> &'b [&'a str] {
    let mut end = lines.len();
    if let Some(at) = lines.iter().position(|l| l.trim() == "Classification") {
        end = at;
    }
    while end > 0 {
        let line = lines[end - 1].trim();
        let trailing = line.is_empty()
            || line.starts_with("Copyright")
            || key_value(line)
                .is_some_and(|(k, _)| TRAILING.contains(&k.to_ascii_lowercase().as_str()));
        if !trailing {
            break;
        }
        end -= 1;
    }
    &lines[..end]
}

fn nexis_uni(lines: &[&str], ends: &[usize]) -> Split {
    let mut articles = Vec::new();
    let mut from = 0;
    for &end in ends {
        let segment = &lines[from..end];
        from = end + 1;
        let number = articles.len() + 1;
        let not_article = || {
            Split::LooksLike(format!(
                "its part {number} (before “End of Document” line {}) has no “Body” line under an outlet and a date line, so the file came in as one document rather than lose it",
                end + 1
            ))
        };
        let Some(body_at) = segment.iter().position(|l| l.trim() == "Body") else {
            return not_article();
        };
        // Up from `Body`: the keys, a copyright line, edition lines, the date line, the
        // outlet, the headline; above that (in the first article) the cover list.
        let mut at = body_at;
        let mut header = Vec::new();
        while at > 0 {
            let line = segment[at - 1];
            match header_key(line) {
                Some(kv) => header.push(kv),
                None if line.trim().is_empty() => {}
                None => break,
            }
            at -= 1;
        }
        let Some(date_at) = (0..at).rev().find(|&i| iso_date(segment[i]).is_some()) else {
            return not_article();
        };
        let nonblank_above =
            |below: usize| (0..below).rev().find(|&i| !segment[i].trim().is_empty());
        let outlet_at = nonblank_above(date_at);
        let headline_at = outlet_at.and_then(nonblank_above);
        let (Some(outlet_at), Some(headline_at)) = (outlet_at, headline_at) else {
            return not_article();
        };
        let body = body_of(&segment[body_at + 1..]);
        articles.push(article_from(
            &header,
            segment[headline_at],
            Some(segment[outlet_at]),
            Some(segment[date_at]),
            body,
        ));
    }
    if lines[from.min(lines.len())..]
        .iter()
        .any(|l| !l.trim().is_empty())
    {
        return Split::LooksLike(
            "it has text after its last “End of Document” line, so it came in as one document rather than lose it".to_owned(),
        );
    }
    Split::Articles(articles)
}

fn nexis_text(lines: &[&str], starts: &[usize]) -> Split {
    let mut articles = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let segment = &lines[start + 1..end];
        let mut nonblank = (0..segment.len()).filter(|&i| !segment[i].trim().is_empty());
        let not_article = || {
            Split::LooksLike(format!(
                "its article {} has no outlet, date line and header under “N of M DOCUMENTS”, so the file came in as one document rather than lose it",
                n + 1
            ))
        };
        let (Some(outlet_at), Some(date_at)) = (nonblank.next(), nonblank.next()) else {
            return not_article();
        };
        if iso_date(segment[date_at]).is_none() {
            return not_article();
        }
        // The headline is the first line after the date (and any edition line) that is
        // followed by the header's keys.
        let first_key = (date_at + 1..segment.len()).find(|&i| header_key(segment[i]).is_some());
        let Some(first_key) = first_key else {
            return not_article();
        };
        let headline = (date_at + 1..first_key)
            .rev()
            .find(|&i| !segment[i].trim().is_empty())
            .map_or("", |i| segment[i]);
        let mut at = first_key;
        let mut header = Vec::new();
        while at < segment.len() {
            match header_key(segment[at]) {
                Some(kv) => header.push(kv),
                None if segment[at].trim().is_empty() => {}
                _ => break,
            }
            at += 1;
        }
        let body = body_of(&segment[at..]);
        articles.push(article_from(
            &header,
            headline,
            Some(segment[outlet_at]),
            Some(segment[date_at]),
            body,
        ));
    }
    Split::Articles(articles)
}

/// A date line as ISO 8601: `July 4, 2025 Friday 10:00 AM GMT`, `4 July 2025`.
pub fn iso_date(line: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .take(4)
        .collect();
    let month_of = |w: &str| {
        MONTHS
            .iter()
            .position(|m| *m == w || (w.len() >= 3 && m.starts_with(w) && w.len() <= 4))
    };
    let number = |w: &str| w.parse::<u32>().ok();
    let (month, day, year) = match words.as_slice() {
        [m, d, y, ..] if month_of(m).is_some() => (month_of(m)?, number(d)?, number(y)?),
        [d, m, y, ..] if month_of(m).is_some() => (month_of(m)?, number(d)?, number(y)?),
        _ => return None,
    };
    ((1..=31).contains(&day) && (1800..=2200).contains(&year))
        .then(|| format!("{year:04}-{:02}-{day:02}", month + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_read_as_iso_dates() {
        assert_eq!(
            iso_date("July 4, 2025 Friday 10:00 AM GMT").as_deref(),
            Some("2025-07-04")
        );
        assert_eq!(iso_date("4 July 2025").as_deref(), Some("2025-07-04"));
        assert_eq!(iso_date("Sept. 30, 2024"), None);
        assert_eq!(iso_date("Sep 30, 2024").as_deref(), Some("2024-09-30"));
        assert_eq!(iso_date("The Guardian (London)"), None);
        assert_eq!(iso_date("May 40, 2025"), None);
    }

    #[test]
    fn a_dateline_lead_or_a_headline_with_a_colon_is_not_a_header_key() {
        let text = "1 of 1 DOCUMENTS\n\nThe Daily\n\nJuly 4, 2025 Friday\n\nAnalysis: Russia's gamble\n\nLENGTH: 9 words\n\nISLAMABAD: The government spoke on Monday.\nMore.\n\nLOAD-DATE: July 5, 2025";
        let Split::Articles(articles) = split(text) else {
            panic!("{:?}", split(text));
        };
        assert_eq!(articles[0].headline, "Analysis: Russia's gamble");
        assert_eq!(
            articles[0].text,
            "ISLAMABAD: The government spoke on Monday.\nMore."
        );
        assert_eq!(articles[0].length, Some(9));
    }

    #[test]
    fn an_export_with_a_part_that_is_no_article_comes_in_whole_rather_than_losing_it() {
        let article =
            "Headline\nThe Daily\nJuly 4, 2025\nLength: 3 words\nBody\nText.\nEnd of Document\n";
        let german = "Schlagzeile\nDie Zeitung\n4. Juli 2025 Freitag\nLength: 3 words\nBody\nText.\nEnd of Document\n";
        assert!(matches!(split(&article.repeat(2)), Split::Articles(a) if a.len() == 2));
        assert!(matches!(
            split(&format!("{article}{german}")),
            Split::LooksLike(_)
        ));
        assert!(matches!(
            split(&format!("{article}left over")),
            Split::LooksLike(_)
        ));
    }

    #[test]
    fn a_text_with_an_exports_lines_but_no_marker_stays_one_document() {
        let text = "A headline\nBody\nLength: 300 words\nSome text.";
        assert!(matches!(split(text), Split::LooksLike(_)));
        assert_eq!(split("Just an article.\nWith two lines."), Split::No);
    }
}
