//! The .ics files Rapport writes, read back with a real iCalendar parser (`icalendar`) and
//! their recurrences expanded with `rrule`, as a calendar application would (R1.5, R3.2).

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use icalendar::parser::{read_calendar, unfold, Component};
use rapport_core::calendar::{
    calendar_ics, one_on_one_event, recurring_ics, review_events, Recurring,
    ONE_ON_ONE_REMINDER_MINUTES,
};
use rapport_core::docs::{one_on_one, performance_plan};
use rapport_core::domain::one_on_one::{Participant, Side};
use rapport_core::domain::performance::ReviewCycle;
use rapport_core::domain::WorkWeek;
use rrule::RRuleSet;

fn stamp() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 28)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

/// The VEVENTs of a calendar file, through the parser.
fn events(ics: &str) -> Vec<Component<'static>> {
    let unfolded: &'static str = Box::leak(unfold(ics).into_boxed_str());
    let cal = read_calendar(unfolded).expect("a valid iCalendar file");
    cal.components
        .into_iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect()
}

fn prop(c: &Component, name: &str) -> Option<String> {
    c.find_prop(name).map(|p| p.val.as_str().to_string())
}

fn props(c: &Component, name: &str) -> Vec<String> {
    c.properties
        .iter()
        .filter(|p| p.name.as_str() == name)
        .map(|p| p.val.as_str().to_string())
        .collect()
}

/// Expands an event's recurrence (DTSTART + RRULE + EXDATE), as calendars do.
fn occurrences(ev: &Component, n: u16) -> Vec<NaiveDateTime> {
    let start = prop(ev, "DTSTART").unwrap();
    let mut rule = format!("DTSTART:{start}");
    match prop(ev, "RRULE") {
        Some(r) => rule.push_str(&format!("\nRRULE:{r}")),
        // A single event: its only occurrence is DTSTART.
        None => rule.push_str(&format!("\nRDATE:{start}")),
    }
    for x in props(ev, "EXDATE") {
        rule.push_str(&format!("\nEXDATE:{x}"));
    }
    let set: RRuleSet = rule.parse().expect("rrule parses");
    set.all(n)
        .dates
        .into_iter()
        .map(|d| d.naive_local())
        .collect()
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

#[test]
fn the_daily_reminder_downloaded_on_a_saturday_first_occurs_on_monday() {
    let mut week = WorkWeek::default();
    // A day off on the Tuesday after: skipped too.
    week.add_day_off(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    let saturday = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    assert_eq!(saturday.weekday(), Weekday::Sat);
    let ics = recurring_ics(&Recurring {
        uid: "coffee-break.ws-1@rapport",
        summary: "Coffee break: connect with your team",
        description: "Daily connection",
        start: saturday,
        at: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        minutes: 15,
        week: &week,
        stamp_utc: stamp(),
    });
    let evs = events(&ics);
    assert_eq!(evs.len(), 1);
    let got = occurrences(&evs[0], 6);
    assert_eq!(
        got,
        vec![
            dt("2026-11-30 10:00"), // Monday: not the Saturday of the download
            dt("2026-12-02 10:00"), // Tuesday 1 December is a day off
            dt("2026-12-03 10:00"),
            dt("2026-12-04 10:00"),
            dt("2026-12-07 10:00"),
            dt("2026-12-08 10:00"),
        ]
    );
    assert!(got
        .iter()
        .all(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)));
    assert_eq!(prop(&evs[0], "DTEND").as_deref(), Some("20261130T101500"));
}

#[test]
fn the_daily_reminder_starts_on_a_working_day_for_every_week_and_start_day() {
    // Every start day of two weeks, for a four-day week (Mon–Thu) and a weekend job (Sa, Su).
    for days in [
        [true, true, true, true, false, false, false],
        [false, false, false, false, false, true, true],
    ] {
        let week = WorkWeek {
            days: days.to_vec(),
            ..WorkWeek::default()
        };
        for offset in 0..14 {
            let start = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap() + chrono::Days::new(offset);
            let ics = recurring_ics(&Recurring {
                uid: "u@rapport",
                summary: "s",
                description: "d",
                start,
                at: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
                minutes: 10,
                week: &week,
                stamp_utc: stamp(),
            });
            let first = occurrences(&events(&ics)[0], 1)[0];
            assert!(first.date() >= start);
            assert!(week.is_working_day(first.date()), "{first} for {days:?}");
            assert!((first.date() - start).num_days() < 7);
        }
    }
}

#[test]
fn a_planned_one_on_one_is_an_event_with_both_names_agenda_and_a_two_hour_reminder() {
    let lea = Participant::new("p-lea", "Lea Leader");
    let eli = Participant::new("p-eli", "Eli Employee");
    let mut doc = one_on_one::create("doc-1", &lea, &eli, Side::Leader, 1).unwrap();
    let when = dt("2026-12-03 10:00");
    let mid = one_on_one::propose_meeting(&mut doc, &eli.id, when, 45, 2).unwrap();
    one_on_one::add_topic(&mut doc, &eli.id, &mid, "Career, next steps; data", 3).unwrap();
    let series = one_on_one::load(&doc).unwrap();
    let meeting = &series.meetings[&mid];
    let link = "https://intranet.example/app/#/one-on-ones/doc-1";
    let ics = calendar_ics(
        &[one_on_one_event("doc-1", &series, meeting, link)],
        stamp(),
    );

    let evs = events(&ics);
    assert_eq!(evs.len(), 1);
    let ev = &evs[0];
    assert_eq!(
        occurrences(ev, 5),
        vec![when],
        "a single event, no recurrence"
    );
    assert_eq!(prop(ev, "DTEND").as_deref(), Some("20261203T104500"));
    let summary = prop(ev, "SUMMARY").unwrap();
    assert!(summary.contains("Lea Leader") && summary.contains("Eli Employee"));
    let desc = prop(ev, "DESCRIPTION").unwrap();
    assert!(desc.contains(link), "{desc}");
    assert!(desc.contains("\n- Career, next steps; data"), "{desc}");
    // Stable UID from document and meeting ids: the same file downloaded twice, or by the
    // other side, updates one event.
    assert_eq!(prop(ev, "UID").unwrap(), format!("doc-1.{mid}@rapport"));
    let again = calendar_ics(
        &[one_on_one_event("doc-1", &series, meeting, link)],
        stamp(),
    );
    assert_eq!(prop(&events(&again)[0], "UID"), prop(ev, "UID"));
    // The reminder, two hours before.
    let alarm = ev
        .components
        .iter()
        .find(|c| c.name.as_str() == "VALARM")
        .expect("a VALARM");
    assert_eq!(ONE_ON_ONE_REMINDER_MINUTES, 120);
    assert_eq!(prop(alarm, "TRIGGER").as_deref(), Some("-PT120M"));
    assert_eq!(prop(alarm, "ACTION").as_deref(), Some("DISPLAY"));
    // Every line within 75 octets.
    assert!(ics.split("\r\n").all(|l| l.len() <= 75));
}

#[test]
fn a_rescheduled_meeting_keeps_its_uid_and_raises_its_sequence() {
    let lea = Participant::new("p-lea", "Lea Leader");
    let eli = Participant::new("p-eli", "Eli Employee");
    let mut doc = one_on_one::create("doc-2", &lea, &eli, Side::Leader, 1).unwrap();
    let mid =
        one_on_one::propose_meeting(&mut doc, &eli.id, dt("2026-12-03 10:00"), 30, 2).unwrap();
    let series = one_on_one::load(&doc).unwrap();
    let first = calendar_ics(
        &[one_on_one_event(
            "doc-2",
            &series,
            &series.meetings[&mid],
            "x",
        )],
        stamp(),
    );
    let later = stamp() + chrono::Duration::hours(1);
    let second = calendar_ics(
        &[one_on_one_event(
            "doc-2",
            &series,
            &series.meetings[&mid],
            "x",
        )],
        later,
    );
    let (a, b) = (&events(&first)[0], &events(&second)[0]);
    assert_eq!(prop(a, "UID"), prop(b, "UID"));
    let seq = |c: &Component| prop(c, "SEQUENCE").unwrap().parse::<i64>().unwrap();
    assert!(seq(b) > seq(a));
}

#[test]
fn r4_8_the_review_and_its_preparation_slot_are_two_events_with_stable_uids() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let eli = Participant::new("p-eli", "Eli Employee");
    let lea = Participant::new("p-lea", "Lea Leader");
    let mut doc = performance_plan::create(
        "perf-1",
        &eli,
        &lea,
        "p-lea",
        d("2026-01-01"),
        d("2026-01-02"),
        1,
    )
    .unwrap();
    performance_plan::set_setup(
        &mut doc,
        "p-lea",
        true,
        ReviewCycle::Quarterly,
        d("2026-01-01"),
        2,
    )
    .unwrap();
    let plan = performance_plan::load(&doc).unwrap();
    let period = plan.period_at(d("2026-05-10"));
    assert_eq!(period.end, d("2026-06-30"));
    let ics = calendar_ics(&review_events("perf-1", &plan, &period), stamp());

    let evs = events(&ics);
    assert_eq!(evs.len(), 2);
    let (review, prepare) = (&evs[0], &evs[1]);
    // The review on the period's last day at 10:00, an hour, reminded the day before.
    assert_eq!(
        occurrences(review, 5),
        vec![dt("2026-06-30 10:00")],
        "a single event"
    );
    assert_eq!(prop(review, "DTEND").as_deref(), Some("20260630T110000"));
    assert!(prop(review, "SUMMARY")
        .unwrap()
        .contains("Eli Employee / Lea Leader"));
    assert!(prop(review, "DESCRIPTION")
        .unwrap()
        .contains("1 Apr 2026 – 30 Jun 2026"));
    // The preparation slot a week earlier at 09:00, reminded 15 minutes before.
    assert_eq!(occurrences(prepare, 5), vec![dt("2026-06-23 09:00")]);
    assert_eq!(prop(prepare, "DTEND").as_deref(), Some("20260623T100000"));
    assert!(prop(prepare, "SUMMARY")
        .unwrap()
        .starts_with("Prepare the review"));
    assert!(prop(prepare, "DESCRIPTION")
        .unwrap()
        .contains("30 Jun 2026"));
    let trigger = |ev: &Component| {
        let alarm = ev
            .components
            .iter()
            .find(|c| c.name.as_str() == "VALARM")
            .expect("a VALARM");
        assert_eq!(prop(alarm, "ACTION").as_deref(), Some("DISPLAY"));
        prop(alarm, "TRIGGER").unwrap()
    };
    assert_eq!(trigger(review), "-PT1440M");
    assert_eq!(trigger(prepare), "-PT15M");

    // UIDs from the plan and the period: downloading again, later or on the other side,
    // updates the same two events; another period gets two others.
    let uids = |ics: &str| {
        events(ics)
            .iter()
            .map(|e| prop(e, "UID").unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        uids(&ics),
        [
            "perf-1.review.2026-04-01@rapport",
            "perf-1.prepare.2026-04-01@rapport"
        ]
    );
    let later = stamp() + chrono::Duration::days(3);
    assert_eq!(
        uids(&calendar_ics(
            &review_events("perf-1", &plan, &period),
            later
        )),
        uids(&ics)
    );
    let next = plan.period_at(d("2026-08-01"));
    let other = uids(&calendar_ics(
        &review_events("perf-1", &plan, &next),
        stamp(),
    ));
    assert!(other.iter().all(|u| !uids(&ics).contains(u)));
    assert!(ics.split("\r\n").all(|l| l.len() <= 75));

    // A new hire's single review: 30 days after the start, prepared a week before.
    performance_plan::set_setup(
        &mut doc,
        "p-lea",
        true,
        ReviewCycle::NewHire30,
        d("2026-02-02"),
        3,
    )
    .unwrap();
    let plan = performance_plan::load(&doc).unwrap();
    let only = plan.period_at(d("2026-02-10"));
    let evs = review_events("perf-1", &plan, &only);
    assert_eq!(evs[0].start, dt("2026-03-04 10:00"));
    assert_eq!(evs[1].start, dt("2026-02-25 09:00"));
}
