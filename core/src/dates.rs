//! Dates as documents store them (ISO-8601 `YYYY-MM-DD`) and as Today shows them, written out
//! by hand. chrono's `format` and `parse_from_str` interpret a format string at run time, which
//! takes 20 KB of the browser's Today module (issue 11: its download); these few fixed shapes
//! need none of it. Screens of the whole app may still use chrono's `format`.

use chrono::{Datelike, NaiveDate};

use crate::domain::workweek::WEEKDAY_NAMES;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2026-03-09`: how documents store a date (what chrono's `%Y-%m-%d` writes).
pub fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `2026-03`: a month as check-in months are named.
pub fn iso_month(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// Reads `YYYY-MM-DD` (a four-digit year, a one- or two-digit month and day, as chrono's
/// `%Y-%m-%d` reads them); `None` for anything else or a day that does not exist.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || !(1..=2).contains(&m.len()) {
        return None;
    }
    if !(1..=2).contains(&d.len()) {
        return None;
    }
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y) && digits(m) && digits(d)) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn month(d: NaiveDate) -> &'static str {
    MONTHS[d.month0() as usize]
}

fn weekday(d: NaiveDate) -> &'static str {
    WEEKDAY_NAMES[d.weekday().num_days_from_monday() as usize]
}

/// `9 Mar` (chrono's `%-d %b`).
pub fn day_month(d: NaiveDate) -> String {
    format!("{} {}", d.day(), &month(d)[..3])
}

/// `Mon 9 Mar` (chrono's `%a %-d %b`).
pub fn weekday_day_month(d: NaiveDate) -> String {
    format!("{} {} {}", &weekday(d)[..3], d.day(), &month(d)[..3])
}

/// `Monday 9 March 2026` (chrono's `%A %-d %B %Y`).
pub fn long(d: NaiveDate) -> String {
    format!("{} {} {} {}", weekday(d), d.day(), month(d), d.year())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        // Years 1000–9999: four digits, as documents store them.
        (0i64..3_287_000)
            .prop_map(|n| NaiveDate::from_ymd_opt(1000, 1, 1).unwrap() + chrono::Duration::days(n))
    }

    proptest! {
        #[test]
        fn each_shape_is_what_chrono_writes(d in any_date()) {
            prop_assert_eq!(iso(d), d.format("%Y-%m-%d").to_string());
            prop_assert_eq!(iso_month(d), d.format("%Y-%m").to_string());
            prop_assert_eq!(day_month(d), d.format("%-d %b").to_string());
            prop_assert_eq!(weekday_day_month(d), d.format("%a %-d %b").to_string());
            prop_assert_eq!(long(d), d.format("%A %-d %B %Y").to_string());
            prop_assert_eq!(parse_iso(&iso(d)), Some(d));
        }

        /// Any text reads as chrono reads it, or is refused where chrono would take a shape
        /// no document holds (a signed or five-digit year, spaces).
        #[test]
        fn reading_agrees_with_chrono(s in "[0-9+ -]{0,12}") {
            let ours = parse_iso(&s);
            let chrono = NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok();
            if let Some(d) = ours {
                prop_assert_eq!(chrono, Some(d), "{}", s);
            }
        }

        #[test]
        fn iso_shaped_text_reads_as_chrono_reads_it(y in 1000u32..9999, m in 0u32..14, d in 0u32..33, pad in any::<bool>()) {
            let s = if pad { format!("{y:04}-{m:02}-{d:02}") } else { format!("{y}-{m}-{d}") };
            prop_assert_eq!(parse_iso(&s), NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok(), "{}", s);
        }
    }

    #[test]
    fn odd_dates_are_refused() {
        for s in [
            "",
            "2026",
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "26-03-09",
            "2026-03-09-1",
            "2026/03/09",
            "２０２６-03-09",
            "2026-03-9x",
        ] {
            assert_eq!(parse_iso(s), None, "{s}");
        }
        assert_eq!(
            parse_iso("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
    }
}
