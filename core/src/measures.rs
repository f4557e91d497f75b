//! The leader's measures, computed from hydrated state and never stored.
//!
//! Daily connection (R1.4): coverage = check-ins / (working days × people), counting at most
//! one check-in per person per working day, and only for people active that day.
//!
//! One-to-ones (R3.5, R3.6): see [`one_on_one`].

pub mod one_on_one;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::{CheckIn, Person, WorkWeek};

/// Index of who was connected with on which day: each person's days with a check-in, sorted.
///
/// Sorted lists, not a hash set of (person, day): at 50 people × 5 years (52 k check-ins) the
/// set's hashing was most of the dashboard's computation, and "the last check-in on or before
/// a day" is a binary search here where the set needed a day-by-day scan.
pub struct ConnectionLog<'a> {
    days: BTreeMap<&'a str, Vec<NaiveDate>>,
}

impl<'a> ConnectionLog<'a> {
    pub fn new(checkins: impl IntoIterator<Item = &'a CheckIn>) -> Self {
        let mut days: BTreeMap<&str, Vec<NaiveDate>> = BTreeMap::new();
        for c in checkins {
            days.entry(c.person_id.as_str()).or_default().push(c.date);
        }
        for d in days.values_mut() {
            d.sort_unstable();
            d.dedup();
        }
        ConnectionLog { days }
    }

    pub fn connected(&self, person_id: &str, date: NaiveDate) -> bool {
        self.days
            .get(person_id)
            .is_some_and(|d| d.binary_search(&date).is_ok())
    }

    /// Latest check-in on or before `date`.
    pub fn last_on_or_before(&self, person_id: &str, date: NaiveDate) -> Option<NaiveDate> {
        let d = self.days.get(person_id)?;
        let after = d.partition_point(|x| *x <= date);
        after.checked_sub(1).map(|i| d[i])
    }
}

/// Coverage over a range: `covered` person-days out of `expected`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Coverage {
    pub covered: u32,
    pub expected: u32,
}

impl Coverage {
    /// Share in 0.0..=1.0, or `None` when nothing was expected (no working days or no people).
    pub fn ratio(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.covered as f64 / self.expected as f64)
    }

    pub fn percent_label(&self) -> String {
        match self.ratio() {
            Some(r) => format!("{:.0} %", r * 100.0),
            None => "–".into(),
        }
    }
}

/// R1.4 connection coverage over `from..=to`.
pub fn coverage(
    people: &[&Person],
    log: &ConnectionLog,
    week: &WorkWeek,
    from: NaiveDate,
    to: NaiveDate,
) -> Coverage {
    let mut c = Coverage::default();
    for day in week.working_days(from, to) {
        for p in people.iter().filter(|p| p.active_on(day)) {
            c.expected += 1;
            if log.connected(&p.id, day) {
                c.covered += 1;
            }
        }
    }
    c
}

/// Whether every person active on `day` was connected with (`None` if nobody was active).
fn fully_covered(people: &[&Person], log: &ConnectionLog, day: NaiveDate) -> Option<bool> {
    let mut any = false;
    for p in people.iter().filter(|p| p.active_on(day)) {
        any = true;
        if !log.connected(&p.id, day) {
            return Some(false);
        }
    }
    any.then_some(true)
}

/// R1.4 current streak: consecutive fully covered working days ending today. Today counts if
/// already covered; if not, it is still in progress and the streak runs to the previous
/// working day. Days on which nobody was on the team neither count nor break the streak.
pub fn streak(people: &[&Person], log: &ConnectionLog, week: &WorkWeek, today: NaiveDate) -> u32 {
    let Some(earliest) = people.iter().map(|p| p.added_on).min() else {
        return 0;
    };
    let mut n = 0;
    let mut day = today;
    let mut first = true;
    while day >= earliest {
        if week.is_working_day(day) {
            match fully_covered(people, log, day) {
                Some(true) => n += 1,
                Some(false) if first => {}
                Some(false) => break,
                None => {}
            }
            first = false;
        }
        match day.pred_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
    n
}

/// The earliest day Today's figures read (the last 30 days' coverage and the last
/// [`TREND_DAYS`] working days' trend), whatever anyone's last check-in (issue 11: Today
/// opens the months of check-ins from here on, and earlier ones only if [`needs_earlier`]).
pub fn today_reach(week: &WorkWeek, today: NaiveDate) -> NaiveDate {
    let coverage_from = today - chrono::Duration::days(29);
    trend_days(week, today)
        .first()
        .map_or(coverage_from, |d| coverage_from.min(*d))
}

/// The last [`TREND_DAYS`] working days up to `today`, oldest first (looking back at most
/// `TREND_DAYS` weeks): the days of Today's trend.
fn trend_days(week: &WorkWeek, today: NaiveDate) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let mut day = today;
    for _ in 0..(TREND_DAYS * 7) {
        if days.len() == TREND_DAYS {
            break;
        }
        if week.is_working_day(day) {
            days.push(day);
        }
        match day.pred_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
    days.reverse();
    days
}

/// Whether check-ins before `from` could change a figure, given those on or after it: someone
/// on the roster today with none since `from` (their last check-in, and so their working days
/// without contact, may be earlier), or a streak reaching back to `from`. Screens open the
/// recent months of check-ins and an earlier month only when this says so (issue 11).
pub fn needs_earlier(
    people: &[&Person],
    log: &ConnectionLog,
    week: &WorkWeek,
    from: NaiveDate,
    today: NaiveDate,
) -> bool {
    let unseen = people.iter().any(|p| {
        p.active_on(today)
            && p.added_on < from
            && log.last_on_or_before(&p.id, today).is_none_or(|d| d < from)
    });
    if unseen {
        return true;
    }
    let n = streak(people, log, week, today) as usize;
    n > 0 && n + 1 >= week.working_days(from, today).count()
}

/// Working days in `(last check-in, today]` — or since the person was added if never
/// connected with. 0 means no working day has passed without contact (connected today, or
/// today is not a working day and the last working day was covered).
pub fn working_days_without_contact(
    person: &Person,
    log: &ConnectionLog,
    week: &WorkWeek,
    today: NaiveDate,
) -> u32 {
    let since = match log.last_on_or_before(&person.id, today) {
        Some(d) if d == today => return 0,
        Some(d) => d.succ_opt().unwrap_or(d),
        None => person.added_on,
    };
    if since > today {
        return 0;
    }
    week.working_days(since, today).count() as u32
}

/// One row of the Today view (R1.1).
#[derive(Debug, Clone, PartialEq)]
pub struct TodayRow {
    pub person_id: String,
    pub connected_today: bool,
    pub last_contact: Option<NaiveDate>,
    pub working_days_without: u32,
    /// R1.4: not connected for at least the configured number of working days.
    pub flagged: bool,
}

/// Everything the Today view shows about daily connection.
#[derive(Debug, Clone, PartialEq)]
pub struct TodaySummary {
    pub is_working_day: bool,
    pub rows: Vec<TodayRow>,
    pub connected_today: u32,
    pub coverage_30_days: Coverage,
    pub streak: u32,
    /// Coverage per working day for the last `TREND_DAYS` working days, oldest first.
    pub trend: Vec<(NaiveDate, Coverage)>,
}

pub const TREND_DAYS: usize = 20;

pub fn today_summary(
    people: &[&Person],
    checkins: impl IntoIterator<Item = impl std::borrow::Borrow<CheckIn>>,
    week: &WorkWeek,
    flag_after: u32,
    today: NaiveDate,
) -> TodaySummary {
    // The caller's items (references, usually), not copies of 52 k check-ins per edit.
    let items: Vec<_> = checkins.into_iter().collect();
    let log = ConnectionLog::new(items.iter().map(|c| c.borrow()));
    let rows: Vec<TodayRow> = people
        .iter()
        .filter(|p| p.active_on(today))
        .map(|p| {
            let without = working_days_without_contact(p, &log, week, today);
            TodayRow {
                person_id: p.id.clone(),
                connected_today: log.connected(&p.id, today),
                last_contact: log.last_on_or_before(&p.id, today),
                working_days_without: without,
                flagged: flag_after > 0 && without >= flag_after,
            }
        })
        .collect();
    let from = today - chrono::Duration::days(29);
    let trend = trend_days(week, today)
        .into_iter()
        .map(|day| (day, coverage(people, &log, week, day, day)))
        .collect();
    TodaySummary {
        is_working_day: week.is_working_day(today),
        connected_today: rows.iter().filter(|r| r.connected_today).count() as u32,
        rows,
        coverage_30_days: coverage(people, &log, week, from, today),
        streak: streak(people, &log, week, today),
        trend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn person(id: &str, added: &str) -> Person {
        Person {
            id: id.into(),
            name: id.into(),
            role_title: String::new(),
            start_date: None,
            added_on: d(added),
            archived_on: None,
        }
    }

    fn ci(person: &str, date: &str) -> CheckIn {
        CheckIn {
            id: format!("{person}-{date}"),
            person_id: person.into(),
            date: d(date),
            channel: None,
            note: String::new(),
            minutes: None,
            logged_at: 0,
        }
    }

    proptest! {
        /// The index answers as the plain list of check-ins does: who was seen on a day, and
        /// each person's last check-in on or before a day (repeats and any order).
        #[test]
        fn the_connection_log_answers_as_the_check_ins_do(
            logged in proptest::collection::vec((0usize..3, 0i64..60), 0..80),
            asked in proptest::collection::vec((0usize..4, -5i64..70), 1..20),
        ) {
            let base = d("2026-01-01");
            let day = |n: i64| base + chrono::Duration::days(n);
            let names = ["a", "b", "c", "nobody"];
            let cis: Vec<CheckIn> = logged
                .iter()
                .map(|(p, n)| ci(names[*p], &day(*n).to_string()))
                .collect();
            let log = ConnectionLog::new(cis.iter());
            for (p, n) in asked {
                let (who, on) = (names[p], day(n));
                let seen = cis.iter().any(|c| c.person_id == who && c.date == on);
                prop_assert_eq!(log.connected(who, on), seen);
                let last = cis.iter().filter(|c| c.person_id == who && c.date <= on).map(|c| c.date).max();
                prop_assert_eq!(log.last_on_or_before(who, on), last);
            }
        }
    }

    #[test]
    fn coverage_counts_working_days_times_people() {
        // Mon 2026-11-23 .. Sun 2026-11-29: five working days, two people -> 10 expected.
        let a = person("a", "2026-11-01");
        let b = person("b", "2026-11-01");
        let cis = [
            ci("a", "2026-11-23"),
            ci("a", "2026-11-23"),
            ci("b", "2026-11-24"),
            ci("a", "2026-11-28"),
        ];
        let log = ConnectionLog::new(cis.iter());
        let c = coverage(
            &[&a, &b],
            &log,
            &WorkWeek::default(),
            d("2026-11-23"),
            d("2026-11-29"),
        );
        assert_eq!(
            c,
            Coverage {
                covered: 2,
                expected: 10
            }
        );
        assert_eq!(c.percent_label(), "20 %");
    }

    #[test]
    fn streak_skips_weekends_and_an_unfinished_today() {
        let a = person("a", "2026-11-01");
        // Thu 19, Fri 20, Mon 23, Tue 24 covered; Wed 25 (today) not yet.
        let cis = [
            ci("a", "2026-11-18"),
            ci("a", "2026-11-19"),
            ci("a", "2026-11-20"),
            ci("a", "2026-11-23"),
            ci("a", "2026-11-24"),
        ];
        let log = ConnectionLog::new(cis.iter());
        let w = WorkWeek::default();
        assert_eq!(streak(&[&a], &log, &w, d("2026-11-25")), 5);
        // A gap on Tuesday 17 stops it.
        assert_eq!(streak(&[&a], &log, &w, d("2026-11-24")), 5);
        let mut w2 = w.clone();
        w2.add_day_off(d("2026-11-20"));
        assert_eq!(streak(&[&a], &log, &w2, d("2026-11-25")), 4);
    }

    #[test]
    fn days_without_contact_and_flag() {
        let a = person("a", "2026-11-01");
        let cis = [ci("a", "2026-11-20")]; // Friday
        let s = today_summary(&[&a], cis.iter(), &WorkWeek::default(), 2, d("2026-11-25"));
        assert_eq!(s.rows[0].working_days_without, 3); // Mon, Tue, Wed
        assert!(s.rows[0].flagged);
        assert_eq!(s.rows[0].last_contact, Some(d("2026-11-20")));
        let never = person("n", "2026-11-24");
        let s = today_summary(
            &[&never],
            std::iter::empty::<CheckIn>(),
            &WorkWeek::default(),
            3,
            d("2026-11-25"),
        );
        assert_eq!(s.rows[0].working_days_without, 2);
        assert!(!s.rows[0].flagged);
    }

    #[test]
    fn nobody_means_no_ratio() {
        let log = ConnectionLog::new(std::iter::empty());
        let c = coverage(
            &[],
            &log,
            &WorkWeek::default(),
            d("2026-11-01"),
            d("2026-11-30"),
        );
        assert_eq!(c.ratio(), None);
        assert_eq!(c.percent_label(), "–");
    }

    fn arb_week() -> impl Strategy<Value = WorkWeek> {
        (
            proptest::collection::vec(any::<bool>(), 7),
            proptest::collection::vec(0u32..60, 0..10),
        )
            .prop_map(|(days, offs)| {
                let mut w = WorkWeek {
                    days,
                    days_off: vec![],
                };
                for o in offs {
                    w.add_day_off(d("2026-10-01") + chrono::Duration::days(o as i64));
                }
                w
            })
    }

    proptest! {
        /// On random calendars and check-in sets: 0 <= covered <= expected, the streak never
        /// exceeds the number of working days, and coverage over the whole range is the sum
        /// of the daily coverages (each person-day counted once).
        #[test]
        fn coverage_and_streak_invariants(
            week in arb_week(),
            people_added in proptest::collection::vec(0u32..50, 1..6),
            checkins in proptest::collection::vec((0usize..6, 0u32..60), 0..200),
        ) {
            let start = d("2026-10-01");
            let today = start + chrono::Duration::days(59);
            let people: Vec<Person> = people_added.iter().enumerate()
                .map(|(i, a)| { let mut p = person(&format!("p{i}"), "2026-10-01"); p.added_on = start + chrono::Duration::days(*a as i64); p })
                .collect();
            let refs: Vec<&Person> = people.iter().collect();
            let cis: Vec<CheckIn> = checkins.iter()
                .filter(|(p, _)| *p < people.len())
                .map(|(p, day)| ci(&format!("p{p}"), &(start + chrono::Duration::days(*day as i64)).format("%Y-%m-%d").to_string()))
                .collect();
            let log = ConnectionLog::new(cis.iter());
            let total = coverage(&refs, &log, &week, start, today);
            prop_assert!(total.covered <= total.expected);
            let daily_sum: u32 = week.working_days(start, today).map(|day| coverage(&refs, &log, &week, day, day).covered).sum();
            prop_assert_eq!(daily_sum, total.covered);
            let s = streak(&refs, &log, &week, today);
            prop_assert!(s as usize <= week.working_days(start, today).count());
            // A fully covered calendar has coverage 1 and a streak of every day with someone active.
            let all: Vec<CheckIn> = people.iter().flat_map(|p| week.working_days(start, today).map(|day| ci(&p.id, &day.format("%Y-%m-%d").to_string()))).collect();
            let full = ConnectionLog::new(all.iter());
            let c = coverage(&refs, &full, &week, start, today);
            prop_assert_eq!(c.covered, c.expected);
            let active_days = week.working_days(start, today).filter(|day| people.iter().any(|p| p.active_on(*day))).count();
            prop_assert_eq!(streak(&refs, &full, &week, today) as usize, active_days);
            for p in &people {
                // Connected on every working day: no working day has passed without contact.
                prop_assert_eq!(working_days_without_contact(p, &full, &week, today), 0);
            }
        }
    }

    proptest! {
        /// Issue 11: Today opens the recent months of check-ins. When the window starts on or
        /// before `today_reach` and `needs_earlier` says nothing before it counts, Today from the
        /// window equals Today from every check-in ever logged.
        #[test]
        fn a_window_that_needs_nothing_earlier_shows_the_same_today(
            week in arb_week(),
            people_added in proptest::collection::vec(0i64..150, 1..5),
            checkins in proptest::collection::vec((0usize..5, 0i64..200), 0..500),
            daily_from in proptest::option::of(100i64..200),
            from_day in 60i64..200,
        ) {
            let start = d("2026-05-01");
            let day = |n: i64| start + chrono::Duration::days(n);
            let today = day(199);
            let people: Vec<Person> = people_added.iter().enumerate()
                .map(|(i, a)| { let mut p = person(&format!("p{i}"), "2026-05-01"); p.added_on = day(*a); p })
                .collect();
            let refs: Vec<&Person> = people.iter().collect();
            let mut cis: Vec<CheckIn> = checkins.iter()
                .filter(|(p, n)| *p < people.len() && day(*n) >= people[*p].added_on)
                .map(|(p, n)| ci(&format!("p{p}"), &day(*n).to_string()))
                .collect();
            // Sometimes everyone every day from some day on: long streaks.
            if let Some(f) = daily_from {
                for p in &people {
                    for n in f.max(0)..200 {
                        if day(n) >= p.added_on {
                            cis.push(ci(&p.id, &day(n).to_string()));
                        }
                    }
                }
            }
            let from = day(from_day);
            let window: Vec<&CheckIn> = cis.iter().filter(|c| c.date >= from).collect();
            let log = ConnectionLog::new(window.iter().copied());
            if from <= today_reach(&week, today) && !needs_earlier(&refs, &log, &week, from, today) {
                let all = today_summary(&refs, cis.iter(), &week, 3, today);
                let part = today_summary(&refs, window.iter().copied(), &week, 3, today);
                prop_assert_eq!(part, all);
            }
        }
    }

    #[test]
    fn someone_unseen_since_the_window_began_needs_earlier_months() {
        let w = WorkWeek::default();
        let a = person("a", "2026-01-01");
        let b = person("b", "2026-01-01");
        let today = d("2026-11-25");
        let from = d("2026-10-01");
        let recent = [ci("a", "2026-11-20"), ci("b", "2026-10-02")];
        let log = ConnectionLog::new(recent.iter());
        assert!(!needs_earlier(&[&a, &b], &log, &w, from, today));
        // b's last check-in is before the window: only an earlier month can say when.
        let log = ConnectionLog::new(recent[..1].iter());
        assert!(needs_earlier(&[&a, &b], &log, &w, from, today));
        // Someone added after the window began has nothing earlier.
        let c = person("c", "2026-10-15");
        assert!(!needs_earlier(&[&a, &c], &log, &w, from, today));
        // Everyone every working day since the window began: the streak may go on before it.
        let all: Vec<CheckIn> = w
            .working_days(from, today)
            .map(|day| ci("a", &day.to_string()))
            .collect();
        let log = ConnectionLog::new(all.iter());
        assert!(needs_earlier(&[&a], &log, &w, from, today));
        // Today reads 30 days back, and 20 working days back on a thin working week.
        assert_eq!(today_reach(&w, today), d("2026-10-27"));
        let thin = WorkWeek {
            days: vec![true, false, false, false, false, false, false],
            ..WorkWeek::default()
        };
        assert_eq!(
            today_reach(&thin, today),
            today - chrono::Duration::days(7 * 19 + 2)
        );
    }
}
