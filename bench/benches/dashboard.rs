//! Budgets for the leader's dashboard at a leader's real scale: the generated `large`
//! workspace (50 people × 5 years), read the way the whole app reads it when the dashboard
//! opens — every shared document from its stored summary, the months of check-ins the trends
//! reach. Run with `cargo bench -p rapport-bench --bench dashboard --profile bench-host`.
//!
//! | operation                                             | budget  | why                                  |
//! |-------------------------------------------------------|---------|--------------------------------------|
//! | decode every stored summary (151 documents)           | < 20 ms | one task of its own in the browser   |
//! | `dashboard::team` (every figure, 50 people)            | < 10 ms | one task of its own, with its drawing|
//!
//! The browser runs the same code as wasm, several times slower than this native build (more
//! again on a page whose code the browser has not yet optimised); a long task there is 100 ms
//! (issue 11). Measured on the 2-core dev machine (2026-11-30): decode 12.0 ms, figures 4.8 ms;
//! in the browser the same two steps took 31–46 ms and 20–35 ms (BENCHMARKS.md, session 15).

use std::collections::BTreeMap;

use automerge::AutoCommit;
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use rapport_bench::{generate_workspace, DashboardDocs, Scale};
use rapport_core::dashboard::{self, TeamInputs};
use rapport_core::docs::{checkins, DocKind};
use rapport_core::domain::CheckIn;
use rapport_core::store::{ChunkKey, ChunkKind};
use rapport_core::summary::{self, Summary};

/// One stored summary: its bytes, the chunk keys it was read from, and who it is for.
struct Stored {
    bytes: Vec<u8>,
    keys: Vec<ChunkKey>,
    who: String,
    doc_id: String,
}

fn decode_all(stored: &[Stored], today: NaiveDate) -> DashboardDocs {
    let mut docs = DashboardDocs::default();
    for s in stored {
        let id = s.doc_id.clone();
        let who = s.who.clone();
        match summary::decode_if_fresh(&s.bytes, &s.keys, today).expect("fresh") {
            Summary::OneOnOne(x) => {
                docs.series.insert(who, (id, x));
            }
            Summary::DevelopmentPlan(x) => {
                docs.plans.insert(who, (id, x));
            }
            Summary::PerformancePlan(x) => {
                docs.reviews.insert(who, (id, x));
            }
            Summary::TeamObjectives(x) => docs.team = Some((id, x)),
        }
    }
    docs
}

fn bench(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let g = generate_workspace(Scale::Large, 7, today);
    let ws = g.workspace();
    // The months the dashboard's trends reach, as the app opens them (`checkins::want`).
    let reach = dashboard::checkin_reach(today);
    let mut open: BTreeMap<String, CheckIn> = BTreeMap::new();
    for e in g.entries.iter().filter(|e| e.kind == DocKind::CheckIns) {
        let month = checkins::load(&AutoCommit::load(&e.bytes).unwrap()).unwrap();
        if month.values().any(|c| c.date >= reach) {
            open.extend(month);
        }
    }
    let stored: Vec<Stored> = g
        .entries
        .iter()
        .filter(|e| !e.kind.is_private() && e.kind != DocKind::CheckIns)
        .filter_map(|e| {
            let doc = AutoCommit::load(&e.bytes).unwrap();
            let s = summary::summarise(&doc).unwrap()?;
            let keys = vec![ChunkKey::for_bytes(
                &e.doc_id,
                ChunkKind::Snapshot,
                &e.bytes,
            )];
            Some(Stored {
                bytes: summary::encode(&s, &keys, today),
                who: ws
                    .shared
                    .get(&e.doc_id)
                    .map(|s| s.roster_person_id.clone())
                    .unwrap_or_default(),
                keys,
                doc_id: e.doc_id.clone(),
            })
        })
        .collect();
    eprintln!(
        "large: {} summaries ({} KB), {} check-ins open of {}",
        stored.len(),
        stored.iter().map(|s| s.bytes.len()).sum::<usize>() / 1024,
        open.len(),
        g.manifest.checkins
    );

    c.bench_function("decode every stored summary (large)", |b| {
        b.iter(|| decode_all(&stored, today))
    });
    let docs = decode_all(&stored, today);
    let inputs = TeamInputs {
        today,
        now: today.and_hms_opt(12, 0, 0).unwrap(),
        week: &ws.settings.work_week,
        flag_after_days: ws.settings.flag_after_days,
        people: ws.people.values().collect(),
        checkins: open.values().collect(),
        docs: docs.by_person(),
        team: docs.team(),
    };
    c.bench_function("dashboard::team (large)", |b| {
        b.iter(|| dashboard::team(&inputs))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
