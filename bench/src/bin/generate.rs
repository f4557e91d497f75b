//! Writes a generated workspace (months of check-ins, 1:1 series, development and performance plans, team objectives) as an encrypted backup, its follow-up sync file and a manifest.
//!
//! ```text
//! cargo run --profile bench-host -p rapport-bench --bin generate -- \
//!     --scale large --passphrase "correct horse battery staple" \
//!     --out target/bench/large.rapport-backup [--seed 11] [--today 2026-11-27]
//! ```
//! Beside `--out` it writes `<stem>.follow-up.rapport-sync` (a sync file from the first person,
//! for the import benchmark) and `<stem>.manifest.json` (names, ids and sizes the benchmark
//! checks against). Restore the backup in the app with the same passphrase.

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use rapport_bench::{generate_workspace, Scale};

fn usage() -> ! {
    eprintln!(
        "usage: generate --scale small|team12|large --passphrase P --out FILE [--seed N] [--today YYYY-MM-DD]"
    );
    std::process::exit(2)
}

fn main() {
    let mut scale = None;
    let mut passphrase = None;
    let mut out = None;
    let mut seed = 11u64;
    let mut today = chrono::Local::now().date_naive();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--scale" => scale = Some(Scale::parse(&val()).unwrap_or_else(|| usage())),
            "--passphrase" => passphrase = Some(val()),
            "--out" => out = Some(PathBuf::from(val())),
            "--seed" => seed = val().parse().unwrap_or_else(|_| usage()),
            "--today" => {
                today = NaiveDate::parse_from_str(&val(), "%Y-%m-%d").unwrap_or_else(|_| usage())
            }
            _ => usage(),
        }
    }
    let (Some(scale), Some(passphrase), Some(out)) = (scale, passphrase, out) else {
        usage()
    };
    let t = Instant::now();
    let g = generate_workspace(scale, seed, today);
    let generated = t.elapsed();
    let t = Instant::now();
    let backup = g.backup(&passphrase).expect("seal the backup");
    let sealed = t.elapsed();
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).expect("create the output directory");
    }
    std::fs::write(&out, &backup).expect("write the backup");
    let stem = out.with_extension("");
    let follow_up = stem.with_extension("follow-up.rapport-sync");
    std::fs::write(&follow_up, &g.follow_up.file).expect("write the follow-up file");
    let manifest = stem.with_extension("manifest.json");
    let mut json = g.manifest.to_json();
    json["backup"] = out.display().to_string().into();
    json["follow_up"] = follow_up.display().to_string().into();
    json["backup_bytes"] = backup.len().into();
    std::fs::write(&manifest, serde_json::to_string_pretty(&json).unwrap())
        .expect("write the manifest");
    let m = &g.manifest;
    println!(
        "{}: {} people, {} check-ins, {} meetings, {} actions, {} plans, {} performance plans \
         ({} results, {} shared reviews, {} feedback, {} cases), team objectives ({} KPI values, \
         {} meetings, {} questions); Automerge {:.1} KB (workspace {:.1} KB, check-ins {:.1} KB \
         in {} month(s), series {:.1} KB, \
         plans {:.1} KB, performance plans {:.1} KB, team objectives {:.1} KB); \
         backup {:.1} KB; generated in {:.1} s, sealed in {:.1} s",
        m.scale,
        m.people.len(),
        m.checkins,
        m.meetings,
        m.actions,
        m.plans,
        m.performance_plans,
        m.results,
        m.reviews,
        m.feedback,
        m.cases,
        m.kpi_values,
        m.team_meetings,
        m.team_questions,
        m.total_bytes() as f64 / 1024.0,
        m.workspace_bytes as f64 / 1024.0,
        m.checkin_bytes as f64 / 1024.0,
        m.checkin_months,
        m.series_bytes as f64 / 1024.0,
        m.plan_bytes as f64 / 1024.0,
        m.review_bytes as f64 / 1024.0,
        m.team_bytes as f64 / 1024.0,
        backup.len() as f64 / 1024.0,
        generated.as_secs_f64(),
        sealed.as_secs_f64(),
    );
    println!(
        "wrote {}, {}, {}",
        out.display(),
        follow_up.display(),
        manifest.display()
    );
}
