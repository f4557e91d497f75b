//! Budgets for opening one stored document at a leader's real scale (the generated `large`
//! workspace, 50 people × 5 years): the largest document a screen opens, the team's
//! objectives (274 KB of Automerge), and one 1:1 series. Run with
//! `cargo bench -p rapport-bench --bench load --profile bench-host`.
//!
//! | operation                                         | budget  | why                                 |
//! |---------------------------------------------------|---------|-------------------------------------|
//! | open the team objectives as the app does          | < 25 ms | one task in the browser (≤ 100 ms)  |
//! | open one 1:1 series as the app does               | < 10 ms | the series page within 300 ms       |
//!
//! "As the app does" is `LiveDoc::from_chunks` on the stored snapshot. Automerge's default
//! load also verifies every change hash of a snapshot against the heads it records; the bench
//! shows that load beside it (`AutoCommit::load`), the cost the app's load no longer pays for
//! its own stored chunks (BENCHMARKS.md, session 15).

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
