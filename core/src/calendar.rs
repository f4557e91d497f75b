//! `.ics` export (RFC 5545) for reminders: the daily coffee-break connection (R1.5) and, later,
//! review preparation slots (R4.8). Pure text generation; the app offers the result as a download.

use chrono::{NaiveDate, NaiveTime};

use crate::domain::WorkWeek;

/// A recurring event on the working days of `week`, starting on `start` at `at` (floating local
/// time, so it stays at the same wall-clock time in the user's calendar) for `minutes`.
pub struct Recurring<'a> {
    pub uid: &'a str,
    pub summary: &'a str,
    pub description: &'a str,
    pub start: NaiveDate,
    pub at: NaiveTime,
    pub minutes: u32,
    pub week: &'a WorkWeek,
    /// Timestamp for DTSTAMP, UTC, formatted by the caller's clock.
    pub stamp_utc: chrono::NaiveDateTime,
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for ch in line.chars() {
        let w = ch.len_utf8();
        if len + w > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(ch);
        len += w;
    }
    out.push_str("\r\n");
    out
}

const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

pub fn recurring_ics(ev: &Recurring) -> String {
    let days: Vec<&str> = ev
        .week
        .days
        .iter()
        .zip(BYDAY)
        .filter(|(on, _)| **on)
        .map(|(_, d)| d)
        .collect();
    let start = ev.start.and_time(ev.at);
    let end = start + chrono::Duration::minutes(ev.minutes as i64);
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Rapport//Rapport//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", escape(ev.uid)),
        format!("DTSTAMP:{}", ev.stamp_utc.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")),
        format!("DTEND:{}", end.format("%Y%m%dT%H%M%S")),
        format!("RRULE:FREQ=WEEKLY;BYDAY={}", days.join(",")),
    ];
    for off in &ev.week.days_off {
        if let Ok(d) = NaiveDate::parse_from_str(off, "%Y-%m-%d") {
            lines.push(format!(
                "EXDATE:{}",
                d.and_time(ev.at).format("%Y%m%dT%H%M%S")
            ));
        }
    }
    lines.push(format!("SUMMARY:{}", escape(ev.summary)));
    lines.push(format!("DESCRIPTION:{}", escape(ev.description)));
    lines.push("END:VEVENT".into());
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coffee_break_event_recurs_on_working_days_and_skips_days_off() {
        let mut week = WorkWeek::default();
        week.add_day_off(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
        let ics = recurring_ics(&Recurring {
            uid: "coffee@rapport",
            summary: "Coffee break, connect with the team",
            description: "5–10 minutes; ask about their day; a long description, that goes on and on to check that folding keeps lines short enough",
            start: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            at: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            minutes: 10,
            week: &week,
            stamp_utc: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap().and_hms_opt(12, 0, 0).unwrap(),
        });
        assert!(ics.contains("RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\n"));
        assert!(ics.contains("DTSTART:20261126T100000\r\n"));
        assert!(ics.contains("DTEND:20261126T101000\r\n"));
        assert!(ics.contains("EXDATE:20261225T100000\r\n"));
        assert!(ics.contains("SUMMARY:Coffee break\\, connect with the team"));
        assert!(ics.split("\r\n").all(|l| l.len() <= 75));
    }
}
