//! Rapport's benchmarks (issue 11).
//!
//! - [`generate`]: a deterministic generator of realistic workspaces, written through the real
//!   core commands and sealed as an encrypted backup (`cargo run --profile bench-host -p
//!   rapport-bench --bin generate -- --scale large …`), so the app can load it through
//!   Settings → Restore.
//! - `src/bin/browser.rs`: the browser benchmark (`bash scripts/bench.sh`), which restores such
//!   a backup into the release build in headless Chromium and measures the budgets end to end.

pub mod dashboard;
pub mod generate;

pub use dashboard::DashboardDocs;
pub use generate::{generate_workspace, Generated, Manifest, Scale};
