//! `.ics` export (RFC 5545) for reminders: the daily coffee-break connection (R1.5), every
//! proposed or planned 1:1 (R3.2), the metrics meeting series (R2.3) and review slots (R4.8), all
//! through one [`Event`] type. Pure text generation; the app offers the result as a download.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::one_on_one::Meeting;
use crate::domain::one_on_one::OneOnOne;
use crate::domain::team::{Cadence, CadenceKind, TeamObjectives};
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

/// One calendar event, single or repeating on the working days of a week. Every reminder the
/// app offers (the daily coffee break R1.5, each 1:1 R3.2, and later the metrics meeting and
/// review slots) is built from this one type, so they all get the same UID, escaping, folding
/// and alarm handling.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<'a> {
    /// Stable across downloads (derived from the document and item ids), so importing the
    /// file again updates the event instead of adding a second one.
    pub uid: String,
    pub summary: String,
    pub description: String,
    /// Floating local time: the same wall-clock time in the user's calendar.
    pub start: NaiveDateTime,
    pub minutes: u32,
    /// Repeat weekly on the working days of this week, skipping its days off.
    pub repeat: Option<&'a WorkWeek>,
    /// A display alarm this many minutes before the start.
    pub remind_before_minutes: Option<u32>,
}

/// The first day on or after `from` that `week` works and is not a day off; `from` itself when
/// the week has no working day at all. A calendar counts DTSTART as the first occurrence even
/// when the rule names other weekdays, so a repeating event must start on a working day.
pub fn first_working_day(week: &WorkWeek, from: NaiveDate) -> NaiveDate {
    if week.is_empty() {
        return from;
    }
    // Days off are a finite list, so some day within a year of them is free.
    let mut d = from;
    for _ in 0..(7 * 60 + week.days_off.len() as i64) {
        if week.is_working_day(d) {
            return d;
        }
        d = d.succ_opt().unwrap_or(d);
    }
    from
}

/// A stamp that grows with time, for SEQUENCE: calendars apply an update to a known UID only
/// when its sequence is not lower than the one they hold.
fn sequence(stamp: NaiveDateTime) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    (stamp - epoch).num_minutes().max(0)
}

fn event_lines(ev: &Event, stamp_utc: NaiveDateTime, lines: &mut Vec<String>) {
    let mut start = ev.start;
    if let Some(week) = ev.repeat {
        start = first_working_day(week, start.date()).and_time(start.time());
    }
    let end = start + chrono::Duration::minutes(ev.minutes as i64);
    lines.push("BEGIN:VEVENT".into());
    lines.push(format!("UID:{}", escape(&ev.uid)));
    lines.push(format!("DTSTAMP:{}", stamp_utc.format("%Y%m%dT%H%M%SZ")));
    lines.push(format!("SEQUENCE:{}", sequence(stamp_utc)));
    lines.push(format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")));
    lines.push(format!("DTEND:{}", end.format("%Y%m%dT%H%M%S")));
    if let Some(week) = ev.repeat {
        let days: Vec<&str> = week
            .days
            .iter()
            .zip(BYDAY)
            .filter(|(on, _)| **on)
            .map(|(_, d)| d)
            .collect();
        if !days.is_empty() {
            lines.push(format!("RRULE:FREQ=WEEKLY;BYDAY={}", days.join(",")));
            for off in &week.days_off {
                if let Ok(d) = NaiveDate::parse_from_str(off, "%Y-%m-%d") {
                    if d >= start.date() {
                        lines.push(format!(
                            "EXDATE:{}",
                            d.and_time(start.time()).format("%Y%m%dT%H%M%S")
                        ));
                    }
                }
            }
        }
    }
    lines.push(format!("SUMMARY:{}", escape(&ev.summary)));
    lines.push(format!("DESCRIPTION:{}", escape(&ev.description)));
    if let Some(before) = ev.remind_before_minutes {
        lines.push("BEGIN:VALARM".into());
        lines.push("ACTION:DISPLAY".into());
        lines.push(format!("DESCRIPTION:{}", escape(&ev.summary)));
        lines.push(format!("TRIGGER:-PT{before}M"));
        lines.push("END:VALARM".into());
    }
    lines.push("END:VEVENT".into());
}

/// A calendar file (RFC 5545) holding `events`.
pub fn calendar_ics(events: &[Event], stamp_utc: NaiveDateTime) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Rapport//Rapport//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
    ];
    for ev in events {
        event_lines(ev, stamp_utc, &mut lines);
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect()
}

/// R1.5: the daily reminder, repeating on working days from the first one on or after
/// `ev.start`.
pub fn recurring_ics(ev: &Recurring) -> String {
    calendar_ics(
        &[Event {
            uid: ev.uid.to_string(),
            summary: ev.summary.to_string(),
            description: ev.description.to_string(),
            start: ev.start.and_time(ev.at),
            minutes: ev.minutes,
            repeat: Some(ev.week),
            remind_before_minutes: None,
        }],
        ev.stamp_utc,
    )
}

/// How long before a 1:1 its calendar event reminds both sides: the evening before is too
/// early to add a topic, the minute before too late.
pub const ONE_ON_ONE_REMINDER_MINUTES: u32 = 120;

/// A proposed or planned 1:1 as a calendar event (R3.2): both names, the agenda so far and
/// where to find it (`agenda_link`, e.g. the app's URL for the series), a reminder two hours
/// before. The UID is the document and meeting ids, the same on both sides of the pair, so a
/// re-downloaded or rescheduled meeting updates the event.
pub fn one_on_one_event<'a>(
    doc_id: &str,
    series: &OneOnOne,
    meeting: &Meeting,
    agenda_link: &str,
) -> Event<'a> {
    let mut description = format!(
        "1:1 between {} (leader) and {} (employee), {} minutes.\nAgenda and shared notes: {}",
        series.leader.name, series.employee.name, meeting.planned_minutes, agenda_link
    );
    let topics = meeting.topics_in_order();
    if !topics.is_empty() {
        description.push_str("\nTopics:");
        for t in topics {
            description.push_str("\n- ");
            description.push_str(&t.text);
        }
    }
    Event {
        uid: format!("{doc_id}.{}@rapport", meeting.id),
        summary: format!("1:1 {} / {}", series.employee.name, series.leader.name),
        description,
        start: meeting.scheduled_for,
        minutes: meeting.planned_minutes.max(1),
        repeat: None,
        remind_before_minutes: Some(ONE_ON_ONE_REMINDER_MINUTES),
    }
}

/// R4.8: the review (on the period's last day, 10:00, an hour, reminded the day before) and a
/// preparation slot a week earlier (09:00, an hour, reminded 15 minutes before). UIDs derive
/// from the plan and the period, so downloading again updates both events.
pub fn review_events<'a>(
    doc_id: &str,
    plan: &crate::domain::performance::PerformancePlan,
    period: &crate::domain::performance::Period,
) -> Vec<Event<'a>> {
    let at =
        |d: NaiveDate, h: u32| d.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default());
    let who = format!("{} / {}", plan.employee.name, plan.leader.name);
    vec![
        Event {
            uid: format!("{doc_id}.review.{}@rapport", period.key()),
            summary: format!("Performance review {who}"),
            description: format!(
                "Review of {} for {}. Prepared from the metrics' results, 1:1 adherence, \
                 documented cases, feedback and the self-assessment in Rapport.",
                period.label(),
                plan.employee.name
            ),
            start: at(period.end, 10),
            minutes: 60,
            repeat: None,
            remind_before_minutes: Some(24 * 60),
        },
        Event {
            uid: format!("{doc_id}.prepare.{}@rapport", period.key()),
            summary: format!("Prepare the review {who}"),
            description: format!(
                "Record each metric's result and ask {} for the self-assessment before the \
                 review on {}.",
                plan.employee.name,
                period.end.format("%-d %b %Y")
            ),
            start: at(period.prepare_on(), 9),
            minutes: 60,
            repeat: None,
            remind_before_minutes: Some(15),
        },
    ]
}

/// R2.3: the days the metrics meeting repeats on, as a week for [`Event::repeat`]: every
/// working day of `week` for a daily huddle, only the chosen weekday for a weekly meeting; the
/// days off of `week` are skipped either way (as `rules::team::occurrences` counts them).
pub fn metrics_meeting_week(cadence: &Cadence, week: &WorkWeek) -> WorkWeek {
    match cadence.kind {
        CadenceKind::Daily => week.clone(),
        CadenceKind::Weekly => {
            let day = cadence.weekday().num_days_from_monday() as usize;
            WorkWeek {
                days: (0..7).map(|i| i == day).collect(),
                days_off: week.days_off.clone(),
            }
        }
    }
}

/// How long before the metrics meeting its calendar event reminds the team.
pub const METRICS_MEETING_REMINDER_MINUTES: u32 = 10;

/// R2.3: the metrics meeting series as one repeating event: at the cadence's time for its time
/// box (15 minutes daily, 40 weekly), from the first occurrence on or after its start, on the
/// days of `meeting_week` (from [`metrics_meeting_week`]). The UID is the document's, so a
/// changed cadence downloaded again updates the series instead of adding a second one.
pub fn metrics_meeting_event<'a>(
    doc_id: &str,
    team_name: &str,
    cadence: &Cadence,
    meeting_week: &'a WorkWeek,
) -> Event<'a> {
    let (what, summary) = match cadence.kind {
        CadenceKind::Daily => ("Daily huddle", format!("Daily huddle: {team_name}")),
        CadenceKind::Weekly => (
            "Weekly metrics meeting",
            format!("Metrics meeting: {team_name}"),
        ),
    };
    Event {
        uid: format!("{doc_id}.metrics-meeting@rapport"),
        summary,
        description: format!(
            "{what} of {team_name}, {} minutes: only the objectives, the KPIs and their latest \
             values. Record it in Rapport as held, or as missed with a reason.",
            cadence.time_box_minutes()
        ),
        start: cadence.starts_on.and_time(cadence.at()),
        minutes: cadence.time_box_minutes(),
        repeat: Some(meeting_week),
        remind_before_minutes: Some(METRICS_MEETING_REMINDER_MINUTES),
    }
}

/// R2.3: the team's metrics meeting as a calendar file, or `None` before a cadence is set.
pub fn metrics_meeting_ics(
    team: &TeamObjectives,
    week: &WorkWeek,
    stamp_utc: NaiveDateTime,
) -> Option<String> {
    let cadence = team.cadence.as_ref()?;
    let meeting_week = metrics_meeting_week(cadence, week);
    let ev = metrics_meeting_event(&team.meta.id, &team.team_name, cadence, &meeting_week);
    Some(calendar_ics(&[ev], stamp_utc))
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

    #[test]
    fn r2_3_metrics_meeting_series_follows_the_cadence() {
        use crate::domain::team::Cadence;
        use chrono::Weekday;
        let mut week = WorkWeek::default();
        week.add_day_off(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
        let stamp = NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let at = NaiveTime::from_hms_opt(9, 15, 0).unwrap();
        // Starts on a Saturday: the first occurrence is Monday.
        let daily = Cadence::daily(at, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
        let dw = metrics_meeting_week(&daily, &week);
        let ics = calendar_ics(
            &[metrics_meeting_event("team-1", "Platform", &daily, &dw)],
            stamp,
        );
        assert!(ics.contains("UID:team-1.metrics-meeting@rapport\r\n"));
        assert!(ics.contains("RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\n"));
        assert!(ics.contains("DTSTART:20261130T091500\r\n"));
        assert!(ics.contains("DTEND:20261130T093000\r\n"));
        assert!(ics.contains("EXDATE:20261225T091500\r\n"));
        let weekly = Cadence::weekly(
            Weekday::Fri,
            NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        );
        let ww = metrics_meeting_week(&weekly, &week);
        let ev = metrics_meeting_event("team-1", "Platform", &weekly, &ww);
        assert_eq!(ev.minutes, 40);
        let ics = calendar_ics(&[ev], stamp);
        assert!(ics.contains("RRULE:FREQ=WEEKLY;BYDAY=FR\r\n"));
        assert!(ics.contains("DTSTART:20261127T100000\r\n"));
        assert!(ics.contains("DTEND:20261127T104000\r\n"));
        assert!(ics.contains("EXDATE:20261225T100000\r\n"));
    }
}
