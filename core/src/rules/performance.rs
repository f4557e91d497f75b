//! Performance-plan rules (Goal 4): how many metrics and how objective (R4.3), the six-month
//! lock (R4.4), metrics no coaching could help with (R4.6), replacing subjective metrics by
//! development goals at an annual review (R5.5), and whether the next review is ready (R4.7,
//! R4.8, and the dashboard's review readiness, R6.1).
//!
//! Every function reads a hydrated [`PerformancePlan`] and nothing else, so the rules hold on
//! either side of the plan and after any merge.

use chrono::NaiveDate;

use super::Finding;
use crate::domain::performance::{
    Metric, PerformancePlan, Period, ReviewCycle, IDEAL_METRICS, MAX_METRICS,
    MAX_REPLACED_BY_GOALS, MIN_OBJECTIVE_PERCENT,
};

/// R4.3: a sixth metric of an individual contributor is refused.
pub fn may_add_metric(plan: &PerformancePlan) -> Option<Finding> {
    let n = plan.active_metrics().len();
    (plan.individual_contributor && n >= MAX_METRICS).then(|| {
        Finding::refuse(
            "R4.3",
            format!(
                "An individual contributor's plan holds at most {MAX_METRICS} metrics. Remove \
                 or merge one before adding another: fewer metrics are easier to coach."
            ),
        )
    })
}

/// R4.3: flags above the ideal count (harder to coach) and an objective share under 80 %.
pub fn metric_set(plan: &PerformancePlan) -> Vec<Finding> {
    let active = plan.active_metrics();
    let n = active.len();
    let mut out = Vec::new();
    if n > IDEAL_METRICS {
        out.push(Finding::flag(
            "R4.3",
            format!(
                "{n} metrics: three is ideal, and each one more is harder to coach and to \
                 remember."
            ),
        ));
    }
    if let Some(share) = objective_percent(plan) {
        if share < MIN_OBJECTIVE_PERCENT {
            out.push(Finding::flag(
                "R4.3",
                format!(
                    "Only {share} % of the metrics are objective; at least \
                     {MIN_OBJECTIVE_PERCENT} % should be measured, not judged."
                ),
            ));
        }
    }
    out
}

/// R4.3: the share of counting metrics that are objective, in whole percent (rounded down, so
/// 4 of 5 is exactly 80); `None` without metrics.
pub fn objective_percent(plan: &PerformancePlan) -> Option<usize> {
    let active = plan.active_metrics();
    if active.is_empty() {
        return None;
    }
    let objective = active.iter().filter(|m| m.objective).count();
    Some(objective * 100 / active.len())
}

/// R4.4: why a change to a locked metric needs a reason.
pub fn locked_change(plan: &PerformancePlan) -> Finding {
    let until = plan
        .locked_until()
        .map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_default();
    Finding::refuse(
        "R4.4",
        format!(
            "The metrics are fixed until {until} (six months after they were acknowledged). \
             Say why this change cannot wait: the reason is kept in the history."
        ),
    )
}

/// R4.6: a case with no coaching possible marks its metric as not attainable or not clearly
/// defined.
pub fn not_attainable(m: &Metric) -> Finding {
    Finding::flag(
        "R4.6",
        format!(
            "\"{}\" is not attainable or not clearly defined: no coaching could say how the \
             minimum could have been met. Revisit the metric.",
            m.outcome
        ),
    )
}

/// R4.6 for every metric with such a case, by metric id.
pub fn unattainable_metrics(plan: &PerformancePlan) -> Vec<(String, Finding)> {
    plan.active_metrics()
        .into_iter()
        .filter(|m| {
            plan.cases
                .values()
                .any(|c| c.metric_id == m.id && c.no_coaching_possible)
        })
        .map(|m| (m.id.clone(), not_attainable(m)))
        .collect()
}

/// R5.5: only at an annual review, only a subjective metric, at most two.
pub fn may_replace_with_goal(plan: &PerformancePlan, m: &Metric) -> Option<Finding> {
    let refuse = |msg: &str| Some(Finding::refuse("R5.5", msg.to_string()));
    if plan.cycle != ReviewCycle::Yearly {
        return refuse(
            "Metrics are replaced by development goals only at an annual review: set the \
             review cycle to yearly first.",
        );
    }
    if m.objective {
        return refuse("Only a subjective metric can be replaced by a development goal.");
    }
    if !m.counts() {
        return refuse("This metric is already replaced by a development goal.");
    }
    if plan.replaced_metrics().len() >= MAX_REPLACED_BY_GOALS {
        return refuse("At most two subjective metrics can be replaced by development goals.");
    }
    None
}

/// Where the next review stands (R4.7, R4.8; review readiness on the dashboard, R6.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    pub period: Period,
    /// The review is due on the period's last day.
    pub due: NaiveDate,
    pub prepare_on: NaiveDate,
    pub metrics: usize,
    /// Counting metrics without a result for the period (adherence metrics read theirs from
    /// the 1:1 series and never miss one).
    pub results_missing: usize,
    pub self_assessed: usize,
    pub shared: bool,
}

impl Readiness {
    /// Every metric has a result and the employee rated every metric.
    pub fn ready(&self) -> bool {
        self.metrics > 0 && self.results_missing == 0 && self.self_assessed >= self.metrics
    }
}

/// The review of the period holding `today`.
pub fn readiness(plan: &PerformancePlan, today: NaiveDate) -> Readiness {
    let period = plan.period_at(today);
    let active = plan.active_metrics();
    let results_missing = active
        .iter()
        .filter(|m| !m.adherence && plan.result(&period, &m.id).is_none())
        .count();
    let self_assessed = active
        .iter()
        .filter(|m| plan.self_rating(&period, &m.id).is_some())
        .count();
    Readiness {
        period,
        due: period.end,
        prepare_on: period.prepare_on(),
        metrics: active.len(),
        results_missing,
        self_assessed,
        shared: plan.reviews.contains_key(&period.key()),
    }
}

/// Everything the plan page flags (R4.3, R4.6, R4.8).
pub fn plan_findings(plan: &PerformancePlan, today: NaiveDate) -> Vec<Finding> {
    let mut out = metric_set(plan);
    out.extend(unattainable_metrics(plan).into_iter().map(|(_, f)| f));
    if plan.active_metrics().is_empty() {
        out.push(Finding::flag(
            "R4.1",
            "No metrics yet: a review can only be prepared from agreed metrics.",
        ));
    }
    let r = readiness(plan, today);
    if !r.shared && today >= r.prepare_on && r.metrics > 0 {
        let mut missing = Vec::new();
        if r.results_missing > 0 {
            missing.push(format!("{} result(s) to record", r.results_missing));
        }
        if r.self_assessed < r.metrics {
            missing.push("the self-assessment".to_string());
        }
        if !missing.is_empty() {
            out.push(Finding::flag(
                "R4.8",
                format!(
                    "The review is due on {}: still missing {}.",
                    r.due.format("%-d %b %Y"),
                    missing.join(" and ")
                ),
            ));
        }
    }
    out
}
