//! Performance plans and reviews (Goal 4): the Reviews page (my plan, my team's plans and the
//! next review of each) and one plan — its set-up and acknowledgement, the metrics with their
//! results, cases and self-assessment, dated feedback, and the review prepared from the data,
//! drafted privately, shared, commented and printed.
//!
//! Like the development plan, the page renders its frame once and reads the plan through
//! memos, so a merge or a commit never rebuilds a form someone is typing in.

mod feedback;
mod list;
mod metric_form;
mod metrics;
mod plan;
mod review;

pub use list::Reviews;
pub use metric_form::MetricForm;
pub use plan::PlanPage;

use chrono::NaiveDate;
use leptos::prelude::*;
use rapport_core::domain::performance::PerformancePlan;
use rapport_core::domain::workspace::SharedDoc;
use rapport_core::domain::Side;

use crate::state::performance as perf;

/// What every part of the plan page needs.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    pub(super) plan: Memo<Option<PerformancePlan>>,
    pub(super) entry: Memo<Option<SharedDoc>>,
    pub(super) side: Side,
    /// The plan's commands, acting as me.
    pub(super) cmd: perf::Plan,
}

impl Ctx {
    pub(super) fn is_leader(&self) -> bool {
        self.side == Side::Leader
    }

    pub(super) fn doc_id(&self) -> String {
        self.cmd.doc_id.get_value()
    }

    /// Reads the plan (tracked); `f` sees it once it is loaded.
    pub(super) fn with<T: Default>(&self, f: impl FnOnce(&PerformancePlan) -> T) -> T {
        self.plan.with(|p| p.as_ref().map(f).unwrap_or_default())
    }
}

pub(super) fn fmt_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

pub(super) fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

pub(super) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// "in 12 days", "today", "3 days ago".
pub(super) fn relative(d: NaiveDate, today: NaiveDate) -> String {
    match (d - today).num_days() {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        n if n > 1 => format!("in {n} days"),
        n => format!("{} days ago", -n),
    }
}
