//! R4.7: a review prepared from the data, not from memory — each metric's result for the
//! period scored against its template, the employee's self-assessment beside it, the documented
//! cases and feedback of the period, 1:1 adherence (R3.6) over the period, and a summary of the
//! development plan (kept as a reference: career goals stay in their own document, R5.2).
//!
//! Pure: the app passes the hydrated plan and, when it has them, the pair's 1:1 series (its
//! outline is enough) and development plan.

use chrono::NaiveDate;

use crate::domain::development::{DevelopmentPlan, DiscussionKind, Horizon};
use crate::domain::one_on_one::OneOnOne;
use crate::domain::performance::{
    num, Case, Feedback, Metric, PerformancePlan, Period, Score, SelfRating,
};
use crate::measures::one_on_one::{periods, Adherence};
use crate::rules::performance::{readiness, unattainable_metrics, Readiness};
use crate::rules::Finding;

/// One metric in the review.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricRow<'a> {
    pub metric: &'a Metric,
    /// The value and its score: recorded by the leader, or (the adherence metric) read from
    /// the 1:1 series in percent.
    pub result: Option<(f64, Score)>,
    pub result_note: String,
    pub self_rating: Option<&'a SelfRating>,
    pub cases: Vec<&'a Case>,
    pub feedback: Vec<&'a Feedback>,
    /// R4.6: no coaching was possible on one of its cases.
    pub not_attainable: Option<Finding>,
}

/// A development goal as the review shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalLine {
    pub horizon: Horizon,
    pub title: String,
    pub target_date: NaiveDate,
    pub status: &'static str,
}

/// The development plan in a few lines (R4.7; R5.2 keeps it a separate document).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DevelopmentSummary {
    pub goals: Vec<GoalLine>,
    pub last_in_depth: Option<NaiveDate>,
    pub checks_in_period: usize,
}

/// Everything a review of one period is prepared from.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewPack<'a> {
    pub period: Period,
    pub rows: Vec<MetricRow<'a>>,
    /// R5.5: metrics replaced by development goals at an annual review.
    pub replaced: Vec<&'a Metric>,
    /// Feedback of the period not tied to a metric.
    pub general_feedback: Vec<&'a Feedback>,
    /// R3.6 over the period, when the 1:1 series is at hand.
    pub adherence: Option<Adherence>,
    pub development: Option<DevelopmentSummary>,
    pub readiness: Readiness,
}

/// R3.6 counted over the two-week periods that end inside `period`: each fortnight belongs
/// to exactly one review, even when its 1:1 was held before the review period ended. As on
/// the series page, the fortnight in progress on `today` counts only once it has a held 1:1.
pub fn adherence_in(series: &OneOnOne, period: &Period, today: NaiveDate) -> Adherence {
    let mut a = Adherence::default();
    for p in periods(series, today.min(period.end)) {
        let ends_inside = period.start <= p.end && p.end <= period.end;
        let in_progress = p.end >= today;
        if !ends_inside || (in_progress && !p.held) {
            continue;
        }
        a.periods += 1;
        a.periods_with_held += u32::from(p.held);
    }
    a
}

fn development_summary(plan: &DevelopmentPlan, period: &Period) -> DevelopmentSummary {
    let mut goals: Vec<GoalLine> = Horizon::ALL
        .into_iter()
        .flat_map(|h| plan.goals_in(h))
        .map(|g| GoalLine {
            horizon: g.horizon,
            title: g.title.clone(),
            target_date: g.target_date,
            status: g.status.label(),
        })
        .collect();
    goals.truncate(12);
    let in_depth = plan
        .discussions
        .values()
        .filter(|d| d.kind == DiscussionKind::InDepth)
        .map(|d| d.date)
        .max();
    let checks = plan
        .discussions
        .values()
        .filter(|d| d.kind == DiscussionKind::Check && period.contains(d.date))
        .count();
    DevelopmentSummary {
        goals,
        last_in_depth: in_depth,
        checks_in_period: checks,
    }
}

/// Prepares the review of `period`.
pub fn prepare<'a>(
    plan: &'a PerformancePlan,
    period: Period,
    series: Option<&OneOnOne>,
    development: Option<&DevelopmentPlan>,
    today: NaiveDate,
) -> ReviewPack<'a> {
    let adherence = series.map(|s| adherence_in(s, &period, today));
    let unattainable = unattainable_metrics(plan);
    let rows = plan
        .active_metrics()
        .into_iter()
        .map(|m| {
            let recorded = plan.result(&period, &m.id);
            let result = if m.adherence {
                adherence
                    .and_then(|a| a.ratio())
                    .map(|r| (r * 100.0).round())
                    .map(|v| (v, m.score(v)))
            } else {
                recorded.map(|r| (r.value, m.score(r.value)))
            };
            let mut cases: Vec<&Case> = plan
                .cases_for(&m.id)
                .into_iter()
                .filter(|c| period.contains(c.date))
                .collect();
            cases.reverse();
            MetricRow {
                metric: m,
                result,
                result_note: recorded.map(|r| r.note.clone()).unwrap_or_default(),
                self_rating: plan.self_rating(&period, &m.id),
                cases,
                feedback: in_period(plan, &period, Some(&m.id)),
                not_attainable: unattainable
                    .iter()
                    .find(|(id, _)| *id == m.id)
                    .map(|(_, f)| f.clone()),
            }
        })
        .collect();
    ReviewPack {
        period,
        rows,
        replaced: plan.replaced_metrics(),
        general_feedback: in_period(plan, &period, None),
        adherence,
        development: development.map(|d| development_summary(d, &period)),
        readiness: readiness(plan, period.start),
    }
}

/// Feedback dated inside the period on `metric` (or on no metric), oldest first.
fn in_period<'a>(
    plan: &'a PerformancePlan,
    period: &Period,
    metric: Option<&str>,
) -> Vec<&'a Feedback> {
    let mut v: Vec<&Feedback> = plan
        .feedback
        .values()
        .filter(|f| period.contains(f.date) && f.metric_id.as_deref() == metric)
        .collect();
    v.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    v
}

/// A first draft of the review text from the pack, for the leader to edit before sharing.
pub fn draft_text(pack: &ReviewPack, employee: &str) -> String {
    let mut out = format!("Review of {} for {}.\n", pack.period.label(), employee);
    for row in &pack.rows {
        let m = row.metric;
        let result = match row.result {
            Some((v, s)) if m.objective => format!("{} {} — {}", num(v), m.unit, s.label()),
            Some((v, s)) => format!("{} of 5 — {}", num(v), s.label()),
            None => "no result recorded".into(),
        };
        out.push_str(&format!("\n{}: {result}.", m.outcome));
        if let Some(s) = row.self_rating {
            out.push_str(&format!(" Self-assessment {} of 5.", s.rating));
        }
        if !row.cases.is_empty() {
            out.push_str(&format!(" {} documented case(s).", row.cases.len()));
        }
        let praise = row.feedback.iter().filter(|f| f.praise).count();
        if praise > 0 {
            out.push_str(&format!(" {praise} note(s) of praise."));
        }
    }
    if let Some(a) = pack.adherence {
        out.push_str(&format!(
            "\n\n1:1s held in {} of {} two-week periods ({}).",
            a.periods_with_held,
            a.periods,
            a.percent_label()
        ));
    }
    if let Some(d) = &pack.development {
        let active = d.goals.iter().filter(|g| g.status == "Active").count();
        out.push_str(&format!(
            "\nDevelopment plan: {active} active goal(s); {} IDP check(s) in 1:1s this period.",
            d.checks_in_period
        ));
    }
    out.push_str("\n\nStrengths:\n\nTo work on:\n");
    out
}

#[cfg(test)]
mod tests;
