//! Budgets for the daily-connection path, on a big team: 50 people with two years of daily
//! check-ins (~26 000 check-ins). Run with `cargo bench -p rapport-core --bench daily`.
//!
//! | operation                                        | budget  | why                               |
//! |--------------------------------------------------|---------|-----------------------------------|
//! | `today_summary` (rows, coverage, streak, trend)   | < 16 ms | recomputed on every edit: 1 frame |
//! | log one check-in + its incremental save chunk     | < 5 ms  | one click, persisted per edit     |
//! | incremental chunk for one check-in               | < 1 KB  | never rewrite the whole document  |
//! | hydrate a typical workspace (10 people, 1 year)   | < 150 ms| first load of the app             |
//! | log a check-in + refresh hydrated state (26k)     | < 200 ms| the app refreshes only what changed|
//! | the same with Automerge's diff index              | < 20 ms | what the app did in session 8     |
//! | log a check-in in its month (50 people) + re-read it | < 50 ms | the app's path since session 9 |
//! | load one month of check-ins (50 people, ~1.1k)    | < 50 ms | a cold open reads two or three    |
//!
//! Measured on the 2-core dev machine (2026-11-25): today_summary 5.8 ms; one check-in +
//! chunk 0.23 ms; typical hydrate 94 ms (first load only); full hydrate of the 50-person,
//! 2-year workspace ~960 ms, which is why the app never re-hydrates per change: it refreshes
//! only the items a change touched (`docs::touched` + `workspace::refresh`), 145 ms on that
//! workspace — most of it Automerge's `diff`, which scans every op. Session 8 keeps Automerge's
//! diff cursor (`update_diff_cursor` after each refresh) so the diff reads only the changes
//! since; in the browser at 50 people × 5 years the check-in's task fell from 816 to 139 ms
//! (BENCHMARKS.md, session 8); natively, with the index, 17.7 ms (2026-11-29). Session 9 moved
//! check-ins into a document per month (`docs::checkins`): a check-in is written to its month,
//! and the app re-reads that month only: 17.5 ms for a full month of 50 people (1.05 k
//! check-ins). Loading a full month takes 35 ms natively (each check-in is a change of its
//! own, R8.5); in the browser a cold open at 50 × 5 loads two or three months in about 43 ms
//! (BENCHMARKS.md, session 9: the months are partly full).

use automerge::AutoCommit;
use chrono::{Duration, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use rapport_core::docs::{checkins, workspace};
use rapport_core::domain::{CheckIn, Person, WorkWeek};
use rapport_core::measures::today_summary;

fn big_workspace(team: usize, days: i64) -> (AutoCommit, NaiveDate) {
    let start = NaiveDate::from_ymd_opt(2024, 11, 25).unwrap();
    let today = start + Duration::days(days);
    let mut doc = workspace::create("ws", "me", "Lea", 0).unwrap();
    let week = WorkWeek::default();
    let people: Vec<Person> = (0..team)
        .map(|i| Person {
            id: format!("p{i:02}"),
            name: format!("Person {i}"),
            role_title: "Engineer".into(),
            start_date: None,
            added_on: start,
            archived_on: None,
        })
        .collect();
    for p in &people {
        workspace::put_person(&mut doc, p, "Added", 0).unwrap();
    }
    let mut n = 0;
    for day in week.working_days(start, today - Duration::days(1)) {
        for p in &people {
            let c = CheckIn {
                id: format!("c{n}"),
                person_id: p.id.clone(),
                date: day,
                channel: None,
                note: String::new(),
                minutes: Some(7),
                logged_at: n,
            };
            workspace::put_checkin(&mut doc, &c, n).unwrap();
            n += 1;
        }
    }
    (doc, today)
}

/// A bare check-in (no channel, note or minutes), as a click on Today logs it.
fn checkin(id: &str, person_id: &str, date: NaiveDate, logged_at: i64) -> CheckIn {
    CheckIn {
        id: id.into(),
        person_id: person_id.into(),
        date,
        channel: None,
        note: String::new(),
        minutes: None,
        logged_at,
    }
}

fn bench(c: &mut Criterion) {
    let (typical, _) = big_workspace(10, 365);
    c.bench_function(
        "hydrate a typical workspace (10 people, 1 year: 2.6k check-ins)",
        |b| b.iter(|| workspace::load(&typical).unwrap()),
    );
    let (mut doc, today) = big_workspace(50, 730);
    let ws = workspace::load(&doc).unwrap();
    let people: Vec<&Person> = ws.people.values().collect();
    c.bench_function("today_summary: 50 people, 2 years of check-ins", |b| {
        b.iter(|| {
            today_summary(
                &people,
                ws.checkins.values(),
                &ws.settings.work_week,
                2,
                today,
            )
        })
    });
    c.bench_function("hydrate a workspace with 26k check-ins", |b| {
        b.iter(|| workspace::load(&doc).unwrap())
    });
    let mut ws_cached = workspace::load(&doc).unwrap();
    let mut j = 0;
    // Without, then with Automerge's diff index, as the app keeps it (`update_diff_cursor`
    // after each refresh): `touched` then reads the changes recorded since, not every op.
    for (name, indexed) in [
        (
            "log one check-in and refresh the hydrated workspace (26k)",
            false,
        ),
        (
            "log one check-in and refresh the hydrated workspace (26k), diff index",
            true,
        ),
    ] {
        if indexed {
            doc.update_diff_cursor();
        }
        c.bench_function(name, |b| {
            b.iter(|| {
                let before = if indexed {
                    doc.diff_cursor()
                } else {
                    doc.get_heads()
                };
                j += 1;
                let c = checkin(&format!("refresh{j}"), "p02", today, j);
                workspace::put_checkin(&mut doc, &c, j).unwrap();
                let after = doc.get_heads();
                let t = rapport_core::docs::touched(&mut doc, &before, &after);
                workspace::refresh(&mut ws_cached, &doc, &t).unwrap();
                if indexed {
                    doc.update_diff_cursor();
                }
            })
        });
    }
    doc.reset_diff_cursor();
    // Session 9: the month's document (50 people, every working day of November 2026).
    let month_day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let mut month = checkins::create(month_day, automerge::ActorId::random()).unwrap();
    let mut n = 0;
    let week = WorkWeek::default();
    for day in week.working_days(month_day, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()) {
        for p in &people {
            n += 1;
            let c = checkin(&format!("m{n}"), &p.id, day, n);
            checkins::put(&mut month, &c, "Lea", n).unwrap();
        }
    }
    let month_bytes = month.save();
    c.bench_function("load one month of check-ins (50 people, ~1.1k)", |b| {
        b.iter(|| {
            let doc = AutoCommit::load(&month_bytes).unwrap();
            checkins::load(&doc).unwrap()
        })
    });
    // On a copy of the same month each time (not a month growing by one check-in per
    // iteration, which would measure ever larger months).
    let last = checkin(&format!("m{}", n + 1), "p03", month_day, n + 1);
    c.bench_function("log one check-in in its month and re-read the month", |b| {
        b.iter_batched(
            || month.clone(),
            |mut m| {
                checkins::put(&mut m, &last, "Lea", n + 1).unwrap();
                checkins::load(&m).unwrap()
            },
            criterion::BatchSize::LargeInput,
        )
    });
    let mut i = 0;
    c.bench_function("log one check-in and save it incrementally", |b| {
        b.iter(|| {
            let heads = doc.get_heads();
            i += 1;
            let c = checkin(&format!("new{i}"), "p01", today, i);
            workspace::put_checkin(&mut doc, &c, i).unwrap();
            let chunk = doc.save_after(&heads);
            assert!(
                chunk.len() < 1024,
                "incremental chunk {} bytes",
                chunk.len()
            );
            chunk
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
