//! Budget: importing one meeting's follow-up sync file into a year-long 1:1 series
//! (26 meetings) takes < 20 ms (release build), preview included. See docs/SYNC_SIZES.md.
//!
//! `cargo bench -p rapport-core --bench merge`

#[path = "../tests/support/year.rs"]
mod year;

use criterion::{criterion_group, criterion_main, Criterion};
use rapport_core::docs::exchange::{changes_since, merge_from, preview};
use year::{Year, MEETINGS};

fn bench(c: &mut Criterion) {
    // Both sides have 25 meetings; the leader then runs the 26th and sends its notes.
    let mut y = Year::start();
    for i in 0..MEETINGS - 1 {
        y.meeting(i);
    }
    let mut employee_before = y.employee.clone();
    let files = y.meeting(MEETINGS - 1);
    let heads = y.leader.get_heads();
    // The employee's copy just before the notes arrive: it has its own proposal.
    merge_from(&mut employee_before, &files.proposal, &[]).unwrap();
    let notes = files.notes;

    c.bench_function(
        "merge one meeting's follow-up into a year-long series",
        |b| {
            b.iter_batched(
                || employee_before.clone(),
                |mut doc| {
                    merge_from(&mut doc, &notes, &heads).unwrap();
                    doc // dropped outside the timing: the app keeps its document
                },
                criterion::BatchSize::LargeInput,
            )
        },
    );
    c.bench_function("preview one meeting's follow-up", |b| {
        b.iter(|| preview(&employee_before, "series-1", &notes).unwrap())
    });
    let mut leader = y.leader.clone();
    let knows = y.employee_knows.clone();
    c.bench_function("export a follow-up (changes_since)", |b| {
        b.iter(|| changes_since(&mut leader, &knows))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
