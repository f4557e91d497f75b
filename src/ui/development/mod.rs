//! Development plans (Goal 5): the Growth page (my plan, my team's plans, bench strength) and
//! one plan with its 1/3/5-year goals, steps, priorities, interest, the leader's assessment,
//! comments and the discussion log, plus export and history like every shared document.
//!
//! The plan page renders its frame once and reads the plan through fine-grained memos, so a
//! merge or a commit from a text field never rebuilds the forms someone is typing in.

mod bench_strength;
mod discussions;
mod goals;
mod growth;
mod plan;
mod priorities;

pub use growth::Growth;
pub use plan::Plan;

use bench_strength::{BenchCard, BenchView};
use discussions::{Comments, Discussions};
use goals::{AddGoal, Goals};
use plan::Ctx;
use priorities::{AspirationCard, Priorities};

use chrono::{Months, NaiveDate};
use leptos::prelude::*;
use rapport_core::domain::development::{DevelopmentPlan, Horizon, Interest, Readiness};
use rapport_core::rules::Finding;

use crate::state::development as plans;

pub(super) fn fmt_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

pub(super) fn days_ago(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "yesterday".into(),
        n => format!("{n} days ago"),
    }
}

pub(super) fn interest_label(i: Option<Interest>) -> &'static str {
    i.map(Interest::label).unwrap_or("Not answered")
}

pub(super) fn interest_class(i: Option<Interest>) -> &'static str {
    match i {
        Some(Interest::Yes) => "badge ok",
        Some(Interest::NotNow) => "badge warn",
        Some(Interest::No) => "badge plain",
        None => "badge none",
    }
}

pub(super) fn readiness_slug(r: Readiness) -> &'static str {
    match r {
        Readiness::NotAssessed => "not-assessed",
        Readiness::ReadyNow => "now",
        Readiness::OneToTwoYears => "1-2y",
        Readiness::ThreeYearsPlus => "3y",
    }
}

pub(super) fn readiness_from(slug: &str) -> Readiness {
    Readiness::ALL
        .into_iter()
        .find(|r| readiness_slug(*r) == slug)
        .unwrap_or_default()
}

pub(super) fn readiness_class(r: Readiness) -> &'static str {
    match r {
        Readiness::ReadyNow => "badge ok",
        Readiness::OneToTwoYears => "badge info",
        Readiness::ThreeYearsPlus => "badge plain",
        Readiness::NotAssessed => "badge none",
    }
}

/// A target date that fits a horizon, to pre-fill the goal form.
pub(super) fn suggested_target(h: Horizon, today: NaiveDate) -> String {
    let months = match h {
        Horizon::OneYear => 12,
        Horizon::ThreeYears => 36,
        Horizon::FiveYears => 60,
    };
    today
        .checked_add_months(Months::new(months))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

pub(super) fn short(id: &str) -> String {
    id.chars().take(8).collect()
}

/// Hydrated plan for a document id, following every change (local, other tab, merge).
pub(super) fn use_plan(doc_id: String) -> Memo<Option<DevelopmentPlan>> {
    Memo::new(move |_| plans::load(&doc_id))
}

pub(super) fn findings_view(findings: Vec<Finding>, label: &'static str) -> impl IntoView {
    crate::ui::widgets::findings_list(findings, label)
}
