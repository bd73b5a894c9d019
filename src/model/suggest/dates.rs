//! Dates and times found in running text, each with the ISO 8601 value a careful coder
//! would give it: as precise as the text is ("August 2021" is `2021-08`), relative and
//! year-less ones resolved against the document's publication date ("3 July" in an
//! article of 2025-07-19 is `2025-07-03`), ranges and decades as intervals
//! (`1996/2001`, `1990/1999`). Rules, not a parser of whole strings: the crates that
//! read natural-language dates take a string that is a date, where this has to find the
//! dates in an article. Durations ("20 years"), vague times ("recently") and named days
//! ("9/11") are left to the coder.

use std::ops::Range;
use std::sync::OnceLock;

use jiff::ToSpan;
use jiff::civil::Date;
use regex::{Captures, Regex};

/// The tag date suggestions get.
pub const TAG: &str = "date";

/// One date or time expression in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct DateFinding {
    /// Bytes of the text, end exclusive.
    pub bytes: Range<usize>,
    pub phrase: String,
    /// The ISO 8601 value, or none when the text does not give enough (then `why` says).
    pub value: Option<String>,
    /// How likely a coder tags it as a date: a bare year may be a count ("2000 troops").
    pub score: f64,
    pub why: String,
}

/// The date an article was published, as precise as its label is.
#[derive(Clone, Copy, Debug)]
struct Published {
    year: i16,
    month: Option<i8>,
    day: Option<i8>,
}

impl Published {
    fn parse(value: &str) -> Option<Self> {
        let date = value.split(['T', ' ']).next()?;
        let mut parts = date.split('-').map(str::parse::<i16>);
        let year = parts.next()?.ok()?;
        let month = parts.next().and_then(Result::ok).map(|m| m as i8);
        let day = parts.next().and_then(Result::ok).map(|d| d as i8);
        Some(Self { year, month, day })
    }

    fn date(self) -> Option<Date> {
        Date::new(self.year, self.month?, self.day?).ok()
    }
}

/// What a rule makes of a match: the value, or why there is none.
type Resolved = Result<String, String>;

/// One kind of expression: its pattern, how sure a match is, and how it is resolved.
struct Rule {
    pattern: &'static str,
    score: f64,
    resolve: fn(&Captures, Option<Published>) -> Resolved,
    year: Year,
}

/// Rules that find a year alone, which the finder treats apart.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Year {
    /// Not a year alone.
    No,
    /// After a word that makes it a date ("in 2016"): the date is the year.
    AfterWord,
    /// Standing alone: a quantity when a counting word comes before ("up to 2000").
    Bare,
}

/// Month names in any case, but "May" only capitalised ("it may apply" is no date).
const MONTH: &str = r"(?:(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)|May|MAY)\.?";
const YEAR: &str = r"(?:1[6-9]|20)\d\d";
const COUNT: &str =
    r"(?i:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";

/// The kinds of expression, longest first where two could start at one place.
const RULES: [Rule; 19] = [
    Rule {
        year: Year::No,
        // With its zone, if it has one ("06:24:53Z", "+04:30").
        pattern: r"\b(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}(?::?\d{2})?)?\b",
        score: 0.95,
        resolve: |c, _| {
            let seconds = c
                .get(6)
                .map_or(String::new(), |s| format!(":{}", s.as_str()));
            let zone = c.get(7).map_or("", |z| z.as_str());
            checked(format!(
                "{}-{}-{}T{}:{}{seconds}{zone}",
                &c[1], &c[2], &c[3], &c[4], &c[5]
            ))
        },
    },
    Rule {
        year: Year::No,
        pattern: r"\b(\d{4})-(\d{2})-(\d{2})\b",
        score: 0.95,
        resolve: |c, _| checked(format!("{}-{}-{}", &c[1], &c[2], &c[3])),
    },
    Rule {
        year: Year::No,
        pattern: r"\b(MONTH) (\d{1,2})(?:st|nd|rd|th)?,? (YEAR)\b",
        score: 0.95,
        resolve: |c, _| day_of(&c[3], &c[1], &c[2]),
    },
    Rule {
        year: Year::No,
        pattern: r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?(MONTH),? (YEAR)\b",
        score: 0.95,
        resolve: |c, _| day_of(&c[3], &c[2], &c[1]),
    },
    Rule {
        year: Year::No,
        pattern: r"\b(?:(?i:early|mid|late)[- ])?(MONTH),? (YEAR)\b",
        score: 0.9,
        resolve: |c, _| month_of(&c[2], &c[1]),
    },
    Rule {
        year: Year::No,
        pattern: r"\b(?:(?i:early|mid|late)[- ])(MONTH)\b",
        score: 0.8,
        resolve: |c, p| month_of(&year(p)?.to_string(), &c[1]),
    },
    Rule {
        year: Year::No,
        pattern: r"\b(MONTH) (\d{1,2})(?:st|nd|rd|th)?\b",
        score: 0.8,
        resolve: |c, p| yearless_day(p, &c[1], &c[2]),
    },
    Rule {
        year: Year::No,
        pattern: r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?(MONTH)\b",
        score: 0.8,
        resolve: |c, p| yearless_day(p, &c[2], &c[1]),
    },
    Rule {
        year: Year::No,
        pattern: r"\b(?:(?i:from) )?(YEAR) ?(?:[–—-]|to) ?(YEAR)\b",
        score: 0.85,
        resolve: |c, _| interval(&c[1], &c[2]),
    },
    Rule {
        year: Year::No,
        pattern: r"\b(?i:between) (YEAR) (?i:and) (YEAR)\b",
        score: 0.85,
        resolve: |c, _| interval(&c[1], &c[2]),
    },
    Rule {
        year: Year::No,
        pattern: r"\b(?:(?i:the) )?(?:(?i:early|mid|late)[- ])?((?:1[6-9]|20)\d)0s\b",
        score: 0.8,
        // "The 1800s" is a century; "the 1990s" and "the 2000s" are decades.
        resolve: |c, _| match c[1].strip_suffix('0').filter(|&h| h != "20") {
            Some(hundreds) => Ok(format!("{hundreds}00/{hundreds}99")),
            None => Ok(format!("{0}0/{0}9", &c[1])),
        },
    },
    Rule {
        year: Year::No,
        pattern: r"\b(?i:(?:(earlier|later) )?(this|last|next|previous) (week|month|year))\b",
        score: 0.7,
        resolve: relative_named,
    },
    Rule {
        year: Year::No,
        pattern: r"\b(?i:today|yesterday|tomorrow)\b",
        score: 0.6,
        resolve: |c, p| {
            let by = match c[0].to_lowercase().as_str() {
                "yesterday" => -1,
                "tomorrow" => 1,
                _ => 0,
            };
            Ok(day_value(
                day(p)?.checked_add(by.days()).map_err(|e| e.to_string())?,
            ))
        },
    },
    Rule {
        year: Year::No,
        pattern: r"\b(COUNT) (?i:(minute|hour|day|week|month|year)s?) (?i:ago)\b",
        score: 0.7,
        resolve: ago,
    },
    Rule {
        year: Year::No,
        pattern: r"\b(?i:the (?:last|past)) (COUNT) (?i:(year|decade)s?)\b",
        score: 0.6,
        resolve: |c, p| {
            let years = count(&c[1])
                * if c[2].eq_ignore_ascii_case("decade") {
                    10
                } else {
                    1
                };
            let end = year(p)?;
            Ok(format!("{}/{end}", end - years as i16))
        },
    },
    Rule {
        year: Year::AfterWord,
        // Not "of", "to", "by" or "from": "of 1800 troops", "up to 2000 people".
        pattern: r"\b(?:in|In|since|Since|until|Until|before|Before|after|After|prior to) (YEAR)\b",
        score: 0.85,
        resolve: |c, _| Ok(c[1].to_owned()),
    },
    Rule {
        year: Year::Bare,
        pattern: r"\b(YEAR)\b",
        score: 0.6,
        resolve: |c, _| Ok(c[1].to_owned()),
    },
    Rule {
        year: Year::No,
        pattern: r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
        score: 0.5,
        resolve: weekday,
    },
    Rule {
        year: Year::No,
        pattern: r"\b(January|February|March|April|June|July|August|September|October|November|December)\b",
        score: 0.5,
        resolve: |c, p| month_of(&year(p)?.to_string(), &c[1]),
    },
];

fn rules() -> &'static [(Regex, Rule)] {
    static RULES_COMPILED: OnceLock<Vec<(Regex, Rule)>> = OnceLock::new();
    RULES_COMPILED.get_or_init(|| {
        RULES
            .into_iter()
            .map(|rule| {
                let pattern = rule
                    .pattern
                    .replace("MONTH", MONTH)
                    .replace("YEAR", YEAR)
                    .replace("COUNT", COUNT)
                    // ASCII word boundaries and digits keep the scan in regex's fast
                    // engines on any text (a Unicode boundary needs its slowest one
                    // outside ASCII); a letter of another script beside a match is
                    // checked afterwards, on the few matches.
                    .replace(r"\b", r"(?-u:\b)")
                    .replace(r"\d", "[0-9]");
                let regex = Regex::new(&pattern).expect("the date rules are valid patterns");
                (regex, rule)
            })
            .collect()
    })
}

/// Every date expression in `text`, leftmost first; where two overlap, the longer (then
/// the earlier rule) wins, so "August 2021" is one date and not a month and a year.
pub fn find_dates(text: &str, published: Option<&str>) -> Vec<DateFinding> {
    let published = published.and_then(Published::parse);
    let mut candidates: Vec<(Range<usize>, usize, Captures)> = Vec::new();
    for (n, (regex, _)) in rules().iter().enumerate() {
        for captures in regex.captures_iter(text) {
            let whole = captures.get(0).expect("a match has a whole");
            // A year rule's match starts at its preposition; the date is the year.
            let bytes = match captures.get(1) {
                Some(year) if rules()[n].1.year == Year::AfterWord => year.range(),
                _ => whole.range(),
            };
            candidates.push((bytes, n, captures));
        }
    }
    candidates.sort_by_key(|(bytes, n, _)| (bytes.start, usize::MAX - bytes.end, *n));
    let mut found: Vec<DateFinding> = Vec::new();
    let mut free_from = 0;
    for (bytes, n, captures) in candidates {
        if bytes.start < free_from
            || inside_a_number(text, &bytes)
            || (rules()[n].1.year == Year::Bare && counted(text, bytes.start))
            || !super::forms::is_word_boundary(text, bytes.start)
            || !super::forms::is_word_boundary(text, bytes.end)
        {
            continue;
        }
        let rule = &rules()[n].1;
        let (value, why) = match (rule.resolve)(&captures, published) {
            Ok(value) => (Some(value), String::new()),
            Err(why) => (None, why),
        };
        free_from = bytes.end;
        found.push(DateFinding {
            phrase: text[bytes.clone()].to_owned(),
            bytes,
            value,
            score: rule.score,
            why,
        });
    }
    found
}

/// Whether the digits at `bytes` are part of a longer number ("12,000", "1.2025").
fn inside_a_number(text: &str, bytes: &Range<usize>) -> bool {
    let digit_then_mark = |a: Option<char>, b: Option<char>| {
        a.is_some_and(|a| a.is_ascii_digit()) && matches!(b, Some(',' | '.'))
    };
    let mut before = text[..bytes.start].chars().rev();
    let (mark, digit) = (before.next(), before.next());
    let mut after = text[bytes.end..].chars();
    let (next, then) = (after.next(), after.next());
    text[bytes.clone()].starts_with(|c: char| c.is_ascii_digit())
        && (digit_then_mark(digit, mark) || digit_then_mark(then, next))
}

/// Whether the number at `start` follows a word that counts ("up to 2000 people",
/// "about 1800 troops"): then it is a quantity, not a year.
fn counted(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        word.as_str(),
        "to" | "about"
            | "over"
            | "nearly"
            | "some"
            | "than"
            | "around"
            | "almost"
            | "approximately"
    ) && !before.to_lowercase().ends_with("prior to")
}

fn checked(value: String) -> Resolved {
    match crate::model::iso_date_problem(&value) {
        None => Ok(value),
        Some(problem) => Err(problem),
    }
}

fn month_number(name: &str) -> Option<i8> {
    let name = name.trim_end_matches('.').to_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| name.starts_with(m))
        .map(|at| at as i8 + 1)
}

fn month_of(year: &str, month: &str) -> Resolved {
    let month = month_number(month).ok_or_else(|| format!("{month:?} is not a month"))?;
    Ok(format!("{year}-{month:02}"))
}

fn day_of(year: &str, month: &str, day: &str) -> Resolved {
    let month = month_of(year, month)?;
    let day: u8 = day.parse().map_err(|_| format!("{day:?} is not a day"))?;
    checked(format!("{month}-{day:02}"))
}

fn interval(from: &str, to: &str) -> Resolved {
    if from < to {
        Ok(format!("{from}/{to}"))
    } else {
        Err(format!("{from} is not before {to}"))
    }
}

fn day_value(date: Date) -> String {
    date.strftime("%Y-%m-%d").to_string()
}

const NO_PUBLICATION: &str =
    "relative to a publication date the document does not have (the `published` label)";

/// The publication year, or why a year-less date has none.
fn year(published: Option<Published>) -> Result<i16, String> {
    published
        .map(|p| p.year)
        .ok_or_else(|| "the year is not in the text and the document has no publication date (the `published` label)".to_owned())
}

/// A day named without its year: the publication's year, or the year before when that
/// would put it well after publication ("December 28" in an article of 3 January is the
/// December just gone; news reports the past more than it plans).
fn yearless_day(p: Option<Published>, month: &str, day: &str) -> Resolved {
    let published = year(p)?;
    let value = day_of(&published.to_string(), month, day)?;
    let after = |value: &str| {
        let published_day = p.and_then(Published::date)?;
        let date: Date = value.parse().ok()?;
        Some(date > published_day.checked_add(60.days()).ok()?)
    };
    if after(&value) == Some(true) {
        day_of(&(published - 1).to_string(), month, day)
    } else {
        Ok(value)
    }
}

/// The publication day, or why a date counted in days has none.
fn day(published: Option<Published>) -> Result<Date, String> {
    match published {
        None => Err(NO_PUBLICATION.to_owned()),
        Some(p) => p.date().ok_or_else(|| {
            format!(
                "relative to the day of publication, but the `published` label says only {}",
                precision_words(p)
            )
        }),
    }
}

fn precision_words(p: Published) -> String {
    match p.month {
        Some(month) => format!("{}-{month:02}", p.year),
        None => p.year.to_string(),
    }
}

fn count(word: &str) -> i64 {
    let words = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let word = word.to_lowercase();
    match word.as_str() {
        "a" | "an" => 1,
        _ => word.parse().unwrap_or_else(|_| {
            words
                .iter()
                .position(|w| *w == word)
                .map_or(0, |at| at as i64 + 1)
        }),
    }
}

/// "this month", "last year", "earlier this year", "next week".
fn relative_named(c: &Captures, p: Option<Published>) -> Resolved {
    let by: i64 = match c[2].to_lowercase().as_str() {
        "last" | "previous" => -1,
        "next" => 1,
        _ => 0,
    };
    match c[3].to_lowercase().as_str() {
        "year" => Ok((year(p)? as i64 + by).to_string()),
        "month" => months_from(p, by),
        _ => {
            let moved = day(p)?
                .checked_add((7 * by).days())
                .map_err(|e| e.to_string())?;
            let week = moved.iso_week_date();
            Ok(format!("{}-W{:02}", week.year(), week.week()))
        }
    }
}

/// "six days ago", "3 months ago"; minutes and hours count from when the page was
/// seen, which the text does not say.
fn ago(c: &Captures, p: Option<Published>) -> Resolved {
    let n = count(&c[1]);
    match c[2].to_lowercase().as_str() {
        "minute" | "hour" => {
            Err("counted from when the page was read, which the text does not give".to_owned())
        }
        "day" => Ok(day_value(
            day(p)?.checked_sub(n.days()).map_err(|e| e.to_string())?,
        )),
        "week" => Ok(day_value(
            day(p)?
                .checked_sub((7 * n).days())
                .map_err(|e| e.to_string())?,
        )),
        "month" => months_from(p, -n),
        _ => Ok((year(p)? as i64 - n).to_string()),
    }
}

/// The month `by` months from the month of publication.
fn months_from(p: Option<Published>, by: i64) -> Resolved {
    let p = p.ok_or_else(|| NO_PUBLICATION.to_owned())?;
    let month = p.month.ok_or_else(|| {
        format!(
            "relative to the month of publication, but the `published` label says only {}",
            p.year
        )
    })?;
    let first = Date::new(p.year, month, 1).map_err(|e| e.to_string())?;
    let moved = first.checked_add(by.months()).map_err(|e| e.to_string())?;
    Ok(moved.strftime("%Y-%m").to_string())
}

/// A weekday: the latest such day on or before publication (news reports the past).
fn weekday(c: &Captures, p: Option<Published>) -> Resolved {
    let published = day(p)?;
    let names = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let wanted = names.iter().position(|n| *n == &c[1]).unwrap_or(0) as i8;
    let today = published.weekday().to_monday_zero_offset();
    let back = (today - wanted).rem_euclid(7);
    Ok(day_value(
        published
            .checked_sub((back as i64).days())
            .map_err(|e| e.to_string())?,
    ))
}
