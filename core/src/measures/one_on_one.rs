//! One-to-one measures (R3.5, R3.6), computed from the hydrated series and never stored.
//!
//! Adherence (R3.6) = share of two-week periods with a held 1:1. Periods are counted from the
//! series start (the day the document was created, or the first 1:1 if one was recorded
//! earlier) in fixed 14-day steps. A period counts once it is over; the period in progress
//! counts only when it already has a held 1:1, so adherence never drops just because a new
//! fortnight began this morning.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use crate::domain::one_on_one::OneOnOne;
use crate::domain::one_on_one::CADENCE_DAYS;
use crate::domain::one_on_one::{Action, Meeting, Side};

/// The first day of the series: its creation day (UTC, from the creating change) or the
/// first 1:1 if that is earlier (a pair may record past 1:1s when they start using the app).
pub fn series_start(series: &OneOnOne) -> NaiveDate {
    let created = DateTime::from_timestamp_millis(series.created_at_ms)
        .map(|t| t.date_naive())
        .unwrap_or(NaiveDate::MIN);
    series
        .meetings
        .values()
        .map(|m| m.date())
        .min()
        .map_or(created, |first| first.min(created))
}

/// R3.6: two-week periods with a held 1:1, out of the periods counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Adherence {
    pub periods_with_held: u32,
    pub periods: u32,
}

impl Adherence {
    /// Share in 0.0..=1.0, or `None` before the first period has been counted.
    pub fn ratio(&self) -> Option<f64> {
        (self.periods > 0).then(|| self.periods_with_held as f64 / self.periods as f64)
    }

    pub fn percent_label(&self) -> String {
        match self.ratio() {
            Some(r) => format!("{:.0} %", r * 100.0),
            None => "–".into(),
        }
    }
}

/// One two-week period of the series, for the adherence chart (R6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    /// Last day of the period (inclusive).
    pub end: NaiveDate,
    pub held: bool,
    /// Still in progress today (it counts only once it has a held 1:1).
    pub current: bool,
}

/// Every two-week period from the series start up to the one containing `today`, oldest first.
pub fn periods(series: &OneOnOne, today: NaiveDate) -> Vec<Period> {
    let start = series_start(series);
    if today < start {
        return Vec::new();
    }
    let mut held: Vec<i64> = series
        .held_meetings()
        .into_iter()
        .filter(|m| m.date() <= today)
        .map(|m| (m.date() - start).num_days() / CADENCE_DAYS)
        .collect();
    held.dedup();
    let n = (today - start).num_days() / CADENCE_DAYS + 1;
    (0..n)
        .map(|k| {
            let s = start + chrono::Duration::days(k * CADENCE_DAYS);
            let e = s + chrono::Duration::days(CADENCE_DAYS - 1);
            Period {
                start: s,
                end: e,
                held: held.binary_search(&k).is_ok(),
                current: e >= today,
            }
        })
        .collect()
}

/// R3.6 adherence up to `today` (see the module doc for what counts).
pub fn adherence(series: &OneOnOne, today: NaiveDate) -> Adherence {
    let mut a = Adherence::default();
    for p in periods(series, today) {
        if p.current && !p.held {
            continue;
        }
        a.periods += 1;
        if p.held {
            a.periods_with_held += 1;
        }
    }
    a
}

/// Open and overdue actions of one owner (R3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActionCounts {
    pub open: u32,
    /// Open and past their due date (a subset of `open`).
    pub overdue: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActionsByOwner {
    pub employee: ActionCounts,
    pub leader: ActionCounts,
}

impl ActionsByOwner {
    pub fn of(&self, owner: Side) -> ActionCounts {
        match owner {
            Side::Employee => self.employee,
            Side::Leader => self.leader,
        }
    }
}

pub fn actions_by_owner(series: &OneOnOne, today: NaiveDate) -> ActionsByOwner {
    let mut out = ActionsByOwner::default();
    for a in series.actions.values().filter(|a| a.is_open()) {
        let c = match a.owner {
            Side::Employee => &mut out.employee,
            Side::Leader => &mut out.leader,
        };
        c.open += 1;
        if a.is_overdue(today) {
            c.overdue += 1;
        }
    }
    out
}

/// The next planned 1:1 at or after `now` (local time).
pub fn next_meeting(series: &OneOnOne, now: NaiveDateTime) -> Option<&Meeting> {
    series
        .meetings_in_order()
        .into_iter()
        .find(|m| m.status.is_planned() && m.scheduled_for >= now)
}

/// Planned 1:1s whose time has passed without being recorded as held or missed, oldest first:
/// the app asks for them to be recorded, since adherence (R3.6) only counts held 1:1s.
pub fn awaiting_record(series: &OneOnOne, now: NaiveDateTime) -> Vec<&Meeting> {
    series
        .meetings_in_order()
        .into_iter()
        .filter(|m| m.status.is_planned() && m.scheduled_for < now)
        .collect()
}

/// R3.5: the open actions that carry over into the next 1:1 (those agreed in an earlier 1:1),
/// soonest due first. With no next 1:1 planned, every open action carries over.
pub fn carried_over(series: &OneOnOne, now: NaiveDateTime) -> Vec<&Action> {
    let next = next_meeting(series, now).map(|m| m.id.as_str());
    series
        .open_actions()
        .into_iter()
        .filter(|a| Some(a.meeting_id.as_str()) != next)
        .collect()
}

/// The 1:1 figures for one pair, as the dashboard (R6.1) and the review (R4.7) show them.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesSummary {
    pub adherence: Adherence,
    pub actions: ActionsByOwner,
    pub next_meeting: Option<NaiveDateTime>,
    pub carried_over: usize,
    pub awaiting_record: usize,
    pub held: usize,
}

pub fn summary(series: &OneOnOne, now: NaiveDateTime) -> SeriesSummary {
    let today = now.date();
    SeriesSummary {
        adherence: adherence(series, today),
        actions: actions_by_owner(series, today),
        next_meeting: next_meeting(series, now).map(|m| m.scheduled_for),
        carried_over: carried_over(series, now).len(),
        awaiting_record: awaiting_record(series, now).len(),
        held: series.held_meetings().len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::one_on_one::tests::{d, dt, fixture};
    use crate::docs::one_on_one::{self as doc};
    use crate::domain::one_on_one::ActionDraft;
    use proptest::prelude::*;

    #[test]
    fn series_starts_at_creation_or_first_meeting() {
        let (mut s, _, e) = fixture(); // created 2026-01-01
        assert_eq!(series_start(&doc::load(&s).unwrap()), d("2026-01-01"));
        doc::propose_meeting(&mut s, &e.id, dt("2025-12-20T09:00"), 45, 0).unwrap();
        assert_eq!(series_start(&doc::load(&s).unwrap()), d("2025-12-20"));
    }

    #[test]
    fn r3_6_adherence_counts_two_week_periods_with_a_held_meeting() {
        let (mut s, l, e) = fixture(); // periods start 2026-01-01, 01-15, 01-29, 02-12 …
        let held = |s: &mut automerge::AutoCommit, when: &str| {
            let m = doc::propose_meeting(s, &e.id, dt(when), 45, 0).unwrap();
            doc::record_held(s, &l.id, &m, 45, 0).unwrap();
        };
        held(&mut s, "2026-01-05T10:00");
        held(&mut s, "2026-01-08T10:00"); // same period: counts once
        held(&mut s, "2026-02-02T10:00");
        let missed = doc::propose_meeting(&mut s, &e.id, dt("2026-01-20T10:00"), 45, 0).unwrap();
        doc::record_missed(&mut s, &l.id, &missed, "Offsite", 0).unwrap();
        let one = doc::load(&s).unwrap();
        // Day one: the current period has a held 1:1 only from 01-05.
        assert_eq!(
            adherence(&one, d("2026-01-01")),
            Adherence {
                periods_with_held: 0,
                periods: 0
            }
        );
        assert_eq!(
            adherence(&one, d("2026-01-05")),
            Adherence {
                periods_with_held: 1,
                periods: 1
            }
        );
        // 2026-02-12: the periods from 01-01 (held), 01-15 (missed only) and 01-29 (held) are
        // over; the one from 02-12 just began and has no 1:1 yet, so it does not count.
        let a = adherence(&one, d("2026-02-12"));
        assert_eq!(
            a,
            Adherence {
                periods_with_held: 2,
                periods: 3
            }
        );
        assert_eq!(a.percent_label(), "67 %");
        let p = periods(&one, d("2026-02-12"));
        assert_eq!(p.len(), 4);
        assert_eq!(
            p.iter().map(|p| p.held).collect::<Vec<_>>(),
            [true, false, true, false]
        );
        assert!(p[3].current && !p[2].current);
        assert_eq!((p[1].start, p[1].end), (d("2026-01-15"), d("2026-01-28")));
        assert_eq!(Adherence::default().percent_label(), "–");
    }

    #[test]
    fn r3_5_open_and_overdue_actions_per_owner_and_carry_over() {
        let (mut s, l, e) = fixture();
        let m1 = doc::propose_meeting(&mut s, &e.id, dt("2026-01-05T10:00"), 45, 0).unwrap();
        let action = |s: &mut automerge::AutoCommit, m: &str, owner: Side, due: &str| {
            let draft = ActionDraft {
                meeting_id: m.into(),
                text: format!("Do {due}"),
                owner: Some(owner),
                due: Some(d(due)),
            };
            doc::add_action(s, &l.id, &draft, 0).unwrap()
        };
        let a1 = action(&mut s, &m1, Side::Employee, "2026-01-10");
        action(&mut s, &m1, Side::Employee, "2026-01-30");
        action(&mut s, &m1, Side::Leader, "2026-01-12");
        doc::record_held(&mut s, &l.id, &m1, 45, 0).unwrap();
        let m2 = doc::propose_meeting(&mut s, &e.id, dt("2026-01-19T10:00"), 45, 0).unwrap();
        let a4 = action(&mut s, &m2, Side::Leader, "2026-02-01");
        let now = dt("2026-01-15T09:00");
        let one = doc::load(&s).unwrap();
        let by = actions_by_owner(&one, now.date());
        assert_eq!(
            by.employee,
            ActionCounts {
                open: 2,
                overdue: 1
            }
        );
        assert_eq!(
            by.of(Side::Leader),
            ActionCounts {
                open: 2,
                overdue: 1
            }
        );
        assert_eq!(
            next_meeting(&one, now).map(|m| m.id.as_str()),
            Some(m2.as_str())
        );
        // The three actions from the first 1:1 carry over into the second; a4 was agreed there.
        let carried: Vec<&str> = carried_over(&one, now)
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(carried.len(), 3);
        assert_eq!(carried[0], a1);
        assert!(!carried.contains(&a4.as_str()));
        doc::complete_action(&mut s, &e.id, &a1, d("2026-01-14"), 0).unwrap();
        let one = doc::load(&s).unwrap();
        assert_eq!(carried_over(&one, now).len(), 2);
        let sum = summary(&one, now);
        assert_eq!(sum.next_meeting, Some(dt("2026-01-19T10:00")));
        assert_eq!((sum.carried_over, sum.held, sum.awaiting_record), (2, 1, 0));
        assert_eq!(
            sum.actions.employee,
            ActionCounts {
                open: 1,
                overdue: 0
            }
        );
        // After the second 1:1's time has passed unrecorded, nothing is next and it awaits a record.
        let later = dt("2026-01-20T09:00");
        assert!(next_meeting(&one, later).is_none());
        assert_eq!(awaiting_record(&one, later).len(), 1);
        assert_eq!(carried_over(&one, later).len(), 3);
    }

    fn held_meeting(id: &str, when: NaiveDateTime, by: &str) -> Meeting {
        Meeting {
            id: id.into(),
            scheduled_for: when,
            proposed_by: by.into(),
            planned_minutes: 45,
            status: crate::domain::one_on_one::MeetingStatus::Held { actual_minutes: 45 },
            topics: Default::default(),
            sections: Default::default(),
            idp_check: Default::default(),
            created_at_ms: 0,
        }
    }

    proptest! {
        /// R3.6 on random series: 0 <= held periods <= periods, periods grow by at most one per
        /// fortnight, and a series with a held 1:1 in every fortnight has 100 % adherence.
        #[test]
        fn adherence_invariants(held_days in proptest::collection::vec(0i64..200, 0..20), days in 0i64..220) {
            // Built in memory: measures only read the hydrated value.
            let (s, _, e) = fixture();
            let mut one = doc::load(&s).unwrap();
            let start = d("2026-01-01");
            for (i, day) in held_days.iter().enumerate() {
                let when = (start + chrono::Duration::days(*day)).and_hms_opt(10, 0, 0).unwrap();
                let m = held_meeting(&format!("m{i}"), when, &e.id);
                one.meetings.insert(m.id.clone(), m);
            }
            let today = start + chrono::Duration::days(days);
            let a = adherence(&one, today);
            prop_assert!(a.periods_with_held <= a.periods);
            prop_assert!(a.periods as i64 <= days / 14 + 1);
            prop_assert!(a.periods as i64 >= days / 14);
            let full_series = (0..=days / 14).all(|k| held_days.iter().any(|h| *h / 14 == k && *h <= days));
            if full_series {
                prop_assert_eq!(a.periods_with_held, a.periods);
            }
        }
    }
}
