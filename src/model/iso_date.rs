//! ISO 8601 dates as researchers code them: whole (`2025-07-03`) or partial (`2025`,
//! `2021-08`), optionally with a time (`2025-07-19T06:24:53`, or a space for the `T`).
//!
//! A partial date says what the text says and no more: "August 2021" is `2021-08`, not the
//! first of August. A week is `2025-W28` ("last week"); a span of time is an ISO interval
//! of two such dates, `1996/2001` ("from 1996 to 2001", a decade: `1990/1999`). A time
//! may carry its zone (`06:24:53Z`, `+04:30`).

use jiff::civil::{Date, ISOWeekDate, Weekday};

/// Why `value` is not an ISO 8601 date (a year, a month, a day, optionally with a time),
/// week, or interval of two of those, the first not after the second.
pub fn iso_date_problem(value: &str) -> Option<String> {
    if let Some((from, to)) = value.split_once('/') {
        let problem = iso_date_problem(from).or_else(|| iso_date_problem(to));
        return match problem {
            Some(_) => Some(format!(
                "{value:?} is not an ISO 8601 interval (two dates with a / between them, such as 1996/2001)"
            )),
            // Each end is a stretch of days (a year, a month, a week, a day): the interval
            // is backwards only if the second ends before the first begins.
            None if ends_before(to, from) => Some(format!("{value:?} ends before it starts")),
            None => None,
        };
    }
    if let Some((year, week)) = value.split_once("-W") {
        let number: Option<i8> = week
            .parse()
            .ok()
            .filter(|_| week.len() == 2 && week.bytes().all(|b| b.is_ascii_digit()));
        let year_number: Option<i16> = year
            .parse()
            .ok()
            .filter(|_| year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()));
        return match (year_number, number) {
            // Week 53 only in the years that have one (2020 does, 2025 does not).
            (Some(y), Some(w)) if ISOWeekDate::new(y, w, Weekday::Monday).is_ok() => None,
            (Some(_), Some(53)) => Some(format!("{year} has no week 53 ({value:?})")),
            _ => Some(format!(
                "{value:?} is not an ISO 8601 week (YYYY-Www, such as 2025-W28)"
            )),
        };
    }
    let refuse = |why: &str| {
        Some(format!(
            "{value:?} is not an ISO 8601 date ({why}); write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]"
        ))
    };
    let (date, time) = match value.split_once(['T', ' ']) {
        Some((date, time)) => (date, Some(time)),
        None => (value, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let digits =
        |part: &str, count: usize| part.len() == count && part.bytes().all(|b| b.is_ascii_digit());
    let widths = [4, 2, 2];
    if parts.len() > 3
        || parts
            .iter()
            .zip(widths)
            .any(|(part, width)| !digits(part, width))
    {
        return refuse("the date is not digits in the form YYYY-MM-DD");
    }
    let number = |part: &str| part.parse::<i16>().unwrap_or(0);
    let year = number(parts[0]);
    if let Some(month) = parts.get(1).map(|m| number(m))
        && !(1..=12).contains(&month)
    {
        return refuse(&format!("there is no month {month}"));
    }
    if let [_, month, day] = parts[..] {
        let (month, day) = (number(month) as i8, number(day) as i8);
        if jiff::civil::Date::new(year, month, day).is_err() {
            return refuse("that day does not exist");
        }
    }
    if let Some(time) = time {
        if parts.len() != 3 {
            return refuse("a time needs a whole date before it");
        }
        let fields: Vec<&str> = without_zone(time).split(':').collect();
        if !(2..=3).contains(&fields.len()) || fields.iter().any(|f| !digits(f, 2)) {
            return refuse(
                "the time is not HH:MM or HH:MM:SS, with an optional zone such as Z or +04:30",
            );
        }
        let limits = [23, 59, 59];
        if fields
            .iter()
            .zip(limits)
            .any(|(f, limit)| number(f) > limit)
        {
            return refuse("the time is out of range");
        }
    }
    None
}

/// A time without its zone (`Z`, `+04:30`, `-0500`, `+04`), if the zone is well formed.
fn without_zone(time: &str) -> &str {
    if let Some(local) = time.strip_suffix('Z') {
        return local;
    }
    let Some(at) = time.rfind(['+', '-']) else {
        return time;
    };
    let zone = time[at + 1..].replace(':', "");
    let fits = matches!(zone.len(), 2 | 4)
        && zone.bytes().all(|b| b.is_ascii_digit())
        && zone[..2].parse::<u8>().is_ok_and(|h| h <= 14)
        && zone[2..].parse::<u8>().map_or(zone.len() == 2, |m| m < 60);
    if fits { &time[..at] } else { time }
}

/// The first and last day a valid value stands for: a year, a month, a week, a day.
fn days(value: &str) -> Option<(Date, Date)> {
    if let Some((year, week)) = value.split_once("-W") {
        let (year, week) = (year.parse().ok()?, week.parse().ok()?);
        let monday = ISOWeekDate::new(year, week, Weekday::Monday).ok()?.date();
        let sunday = ISOWeekDate::new(year, week, Weekday::Sunday).ok()?.date();
        return Some((monday, sunday));
    }
    let date = value.split(['T', ' ']).next()?;
    let parts: Vec<i16> = date
        .split('-')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match parts[..] {
        [year] => Some((Date::new(year, 1, 1).ok()?, Date::new(year, 12, 31).ok()?)),
        [year, month] => {
            let first = Date::new(year, month as i8, 1).ok()?;
            Some((first, first.last_of_month()))
        }
        [year, month, day] => {
            let day = Date::new(year, month as i8, day as i8).ok()?;
            Some((day, day))
        }
        _ => None,
    }
}

/// Seconds into the day of a valid time, moved to UTC when it has a zone (a time
/// without one is taken as it stands).
fn seconds(time: &str) -> i32 {
    let local = without_zone(time);
    let number = |s: &str| s.parse::<i32>().unwrap_or(0);
    let fields: Vec<i32> = local.split(':').map(number).collect();
    let of_day = fields.first().copied().unwrap_or(0) * 3600
        + fields.get(1).copied().unwrap_or(0) * 60
        + fields.get(2).copied().unwrap_or(0);
    let zone = &time[local.len()..];
    let offset = match zone.as_bytes().first() {
        Some(&sign @ (b'+' | b'-')) => {
            let digits = zone[1..].replace(':', "");
            let minutes = number(&digits[..2]) * 60 + digits.get(2..).map_or(0, number);
            if sign == b'+' {
                minutes * 60
            } else {
                -minutes * 60
            }
        }
        _ => 0,
    };
    of_day - offset
}

/// Whether `to` is over before `from` begins (by day; on the same day, by time).
fn ends_before(to: &str, from: &str) -> bool {
    let (Some((_, to_last)), Some((from_first, _))) = (days(to), days(from)) else {
        return false;
    };
    let time = |v: &str| v.split_once(['T', ' ']).map(|(_, t)| seconds(t));
    to_last < from_first
        || (to_last == from_first && matches!((time(to), time(from)), (Some(t), Some(f)) if t < f))
}

#[cfg(test)]
mod tests {
    use super::iso_date_problem;

    #[test]
    fn whole_and_partial_dates_and_times_are_accepted() {
        for ok in [
            "2025",
            "2021-08",
            "2025-07-03",
            "2024-02-29",
            "2025-07-19T06:24:53",
            "2025-07-19 06:24",
            "2025-W28",
            "1996/2001",
            "2021/2021-08",
            "2021-08/2021",
            "2025-07-03/2025-07-19",
            "2025-W28/2025-07-13",
            "2025-07-07/2025-W28",
            "2020-W53",
            "2025-07-19T06:24:53Z",
            "2025-07-19T06:24:53+04:30",
            "2025-07-19 06:24-0500",
            "2025-07-19T06:00/2025-07-19T07:00",
            "2025-07-19T06:00:00/2025-07-19T06:00",
            "2025-07-19T07:00+05:00/2025-07-19T06:00Z",
        ] {
            assert_eq!(iso_date_problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn anything_else_is_refused_with_the_value_named() {
        for bad in [
            "",
            "25",
            "2025-7",
            "2025-13",
            "2025-00",
            "2025-02-30",
            "2023-02-29",
            "July 2025",
            "2025-07-03T",
            "2025-07T06:00",
            "2025-07-03T24:00",
            "2025-07-03T06:61",
            "٢٠٢٥",
            "2025-07-03-01",
            "2025-W54",
            "2025-W53",
            "2025-W3",
            "2001/1996",
            "2025-W28/2025-07-06",
            "2025-07-19T07:00/2025-07-19T06:00",
            "2025-07-19T06:00Z/2025-07-19T07:00+05:00",
            "2025-W+1",
            "2025-07-19T06:24:53+25:00",
            "2025-07-19T06:24:53Y",
            "2001/",
            "1996/July",
        ] {
            let problem = iso_date_problem(bad).unwrap_or_default();
            assert!(problem.contains(&format!("{bad:?}")), "{bad}: {problem}");
        }
    }
}
