//! Budgets for opening one stored document at a leader's real scale (the generated `large`
//! workspace, 50 people × 5 years): the largest document a screen opens, the team's
//! objectives (274 KB of Automerge), and one 1:1 series. Run with
//! `cargo bench -p rapport-bench --bench load --profile bench-host`.
//!
//! | operation                                         | budget  | why                                 |
//! |---------------------------------------------------|---------|-------------------------------------|
//! | open the team objectives as the app does          | < 45 ms | one task in the browser (≤ 100 ms)  |
//! | open the largest 1:1 series as the app does       | < 45 ms | the series page within 300 ms       |
//!
//! "As the app does" is `LiveDoc::from_chunks` on the stored snapshot; `AutoCommit::load` is
//! shown beside it. Measured on the 2-core dev machine (2026-11-30): team objectives (275 KB)
//! 34 ms, the largest series (73 KB, its notes typed a character at a time) 39 ms. Most of a
//! load is Automerge rebuilding every change to hash it (BENCHMARKS.md, session 12), which no load
//! option skips: `VerificationMode::DontCheck` measured the same. In the browser the team
//! objectives' load is one task of 66–113 ms (BENCHMARKS.md, session 15): the one step left at
//! the long-task line, and the reason for this budget.

use automerge::AutoCommit;
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use rapport_bench::{generate_workspace, Scale};
use rapport_core::docs::DocKind;
use rapport_core::store::{Chunk, ChunkKind, LiveDoc};

fn bench(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let g = generate_workspace(Scale::Large, 7, today);
    let team = g
        .entries
        .iter()
        .find(|e| e.kind == DocKind::TeamObjectives)
        .expect("the large workspace has team objectives");
    let series = g
        .entries
        .iter()
        .filter(|e| e.kind == DocKind::OneOnOne)
        .max_by_key(|e| e.bytes.len())
        .expect("series");
    for (name, e) in [("team objectives", team), ("1:1 series", series)] {
        let chunk = Chunk::new(&e.doc_id, ChunkKind::Snapshot, e.bytes.clone());
        eprintln!("{name}: {} KB", e.bytes.len() / 1024);
        c.bench_function(&format!("open the {name} as the app does (large)"), |b| {
            b.iter(|| LiveDoc::from_chunks(e.doc_id.clone(), vec![chunk.clone()]).unwrap())
        });
        c.bench_function(&format!("AutoCommit::load of the {name} (large)"), |b| {
            b.iter(|| AutoCommit::load(&e.bytes).unwrap())
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
