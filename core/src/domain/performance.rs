//! Performance plans and reviews (Goal 4): the plain types stored in a `performance-plan`
//! document, the review calendar, and scoring a result against its template.
//!
//! One plan per employee, shared with their leader like the 1:1 series. It holds the review
//! metrics (R4.1, R4.2), the review cycle (R4.5), results per metric and period, documented
//! cases of underperformance (R4.6), dated feedback from either side, the employee's
//! self-assessment and the reviews the leader shared (R4.7). Career goals stay in the
//! development plan (R5.2); a metric replaced by one at an annual review (R5.5) holds only the
//! goal's id and title.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile, Text};
use chrono::{Datelike, Months, NaiveDate};

use super::shared::{DocMeta, Pair, Participant};

/// R4.3: most metrics an individual contributor's plan holds; a sixth is refused.
pub const MAX_METRICS: usize = 5;
/// R4.3: the ideal number of metrics; above it (4–5) the plan is flagged as harder to coach.
pub const IDEAL_METRICS: usize = 3;
/// R4.3: at least this share of the metrics is objective (percent).
pub const MIN_OBJECTIVE_PERCENT: usize = 80;
/// R4.4: metrics are fixed for this many months from the employee's acknowledgement.
pub const LOCK_MONTHS: u32 = 6;
/// R5.5: at most this many subjective metrics are replaced by development goals.
pub const MAX_REPLACED_BY_GOALS: usize = 2;
/// R4.8: the preparation slot is offered this many days before the review.
pub const PREPARE_DAYS_BEFORE: u64 = 7;
/// Longest one-line field (an outcome, a unit, a period).
pub const MAX_LINE: usize = 200;
/// Longest prose field (a reason, a case, coaching, feedback, a comment).
pub const MAX_PROSE: usize = 4000;

/// R4.5: how often the employee is reviewed. Nothing more frequent than quarterly exists; a new
/// hire gets one review 30 or 60 days after their start, then a regular cycle.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Hydrate,
    Reconcile,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum ReviewCycle {
    Quarterly,
    HalfYearly,
    #[default]
    Yearly,
    NewHire30,
    NewHire60,
}

impl ReviewCycle {
    pub const ALL: [ReviewCycle; 5] = [
        ReviewCycle::Quarterly,
        ReviewCycle::HalfYearly,
        ReviewCycle::Yearly,
        ReviewCycle::NewHire30,
        ReviewCycle::NewHire60,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ReviewCycle::Quarterly => "Quarterly",
            ReviewCycle::HalfYearly => "Every six months",
            ReviewCycle::Yearly => "Yearly",
            ReviewCycle::NewHire30 => "New hire: one review after 30 days",
            ReviewCycle::NewHire60 => "New hire: one review after 60 days",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            ReviewCycle::Quarterly => "quarterly",
            ReviewCycle::HalfYearly => "half-yearly",
            ReviewCycle::Yearly => "yearly",
            ReviewCycle::NewHire30 => "new-hire-30",
            ReviewCycle::NewHire60 => "new-hire-60",
        }
    }

    pub fn from_slug(s: &str) -> Option<ReviewCycle> {
        ReviewCycle::ALL.into_iter().find(|c| c.slug() == s)
    }

    /// R4.5: a regular cycle of `months` months. Anything more frequent than quarterly is
    /// refused (reviews that often measure noise and leave no time to coach); other lengths
    /// are not cycles the article knows.
    pub fn from_months(months: u32) -> Result<ReviewCycle, InputError> {
        match months {
            3 => Ok(ReviewCycle::Quarterly),
            6 => Ok(ReviewCycle::HalfYearly),
            12 => Ok(ReviewCycle::Yearly),
            0..=2 => Err(InputError::CycleTooFrequent),
            _ => Err(InputError::CycleUnknown),
        }
    }

    pub fn is_new_hire(self) -> bool {
        matches!(self, ReviewCycle::NewHire30 | ReviewCycle::NewHire60)
    }

    /// The review period containing `day`, counted from `start` (the cycle's first day; a new
    /// hire's start date). Before `start` it is the first period. A new hire has one period.
    pub fn period_at(self, start: NaiveDate, day: NaiveDate) -> Period {
        let months = match self {
            ReviewCycle::Quarterly => 3,
            ReviewCycle::HalfYearly => 6,
            ReviewCycle::Yearly => 12,
            ReviewCycle::NewHire30 | ReviewCycle::NewHire60 => {
                let days = if self == ReviewCycle::NewHire30 {
                    30
                } else {
                    60
                };
                let end = start + chrono::Duration::days(days);
                return Period { start, end };
            }
        };
        let mut from = start;
        let mut n = 0u32;
        loop {
            let to = start
                .checked_add_months(Months::new(months * (n + 1)))
                .unwrap_or(NaiveDate::MAX);
            if day < to || to == NaiveDate::MAX {
                return Period {
                    start: from,
                    end: to.pred_opt().unwrap_or(to),
                };
            }
            from = to;
            n += 1;
        }
    }

    /// The period before `p` (none for a new hire or the first period).
    pub fn previous(self, start: NaiveDate, p: Period) -> Option<Period> {
        if self.is_new_hire() || p.start <= start {
            return None;
        }
        Some(self.period_at(start, p.start.pred_opt()?))
    }
}

/// One review period, both ends included. Its review is due on `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// Key of results, self-ratings and the review of this period in the document.
    pub fn key(&self) -> String {
        self.start.format("%Y-%m-%d").to_string()
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    pub fn label(&self) -> String {
        format!(
            "{} – {}",
            self.start.format("%-d %b %Y"),
            self.end.format("%-d %b %Y")
        )
    }

    /// R4.8: the day to prepare the review.
    pub fn prepare_on(&self) -> NaiveDate {
        self.end
            .checked_sub_days(chrono::Days::new(PREPARE_DAYS_BEFORE))
            .unwrap_or(self.end)
            .max(self.start)
    }
}

/// R4.6: the one reason a minimum was not met.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Hydrate,
    Reconcile,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Barrier {
    /// (a) lack of effort or input from the employee.
    Effort,
    /// (b) an unrealistic standard or unattainable expectation.
    UnrealisticStandard,
    /// (c) lack of resources or support.
    Resources,
    /// (d) lack of cooperation or collaboration from the team or manager.
    Cooperation,
}

impl Barrier {
    pub const ALL: [Barrier; 4] = [
        Barrier::Effort,
        Barrier::UnrealisticStandard,
        Barrier::Resources,
        Barrier::Cooperation,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Barrier::Effort => "Lack of effort or input from the employee",
            Barrier::UnrealisticStandard => "Unrealistic standard or unattainable expectation",
            Barrier::Resources => "Lack of resources or support",
            Barrier::Cooperation => "Lack of cooperation or collaboration from the team or manager",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Barrier::Effort => "effort",
            Barrier::UnrealisticStandard => "standard",
            Barrier::Resources => "resources",
            Barrier::Cooperation => "cooperation",
        }
    }

    pub fn from_slug(s: &str) -> Option<Barrier> {
        Barrier::ALL.into_iter().find(|b| b.slug() == s)
    }
}

/// A result scored against its metric's template (R4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Score {
    Below,
    Meets,
    Exceeds,
}

impl Score {
    pub fn label(self) -> &'static str {
        match self {
            Score::Below => "Below",
            Score::Meets => "Meets",
            Score::Exceeds => "Exceeds",
        }
    }
}

/// An earlier change to a locked metric, with the reason the leader gave (R4.4).
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct MetricChange {
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub on: NaiveDate,
    /// Person id.
    pub by: String,
    pub reason: String,
    /// What changed, in words ("target 80 -> 75 %").
    pub what: String,
}

/// A review metric (R4.1, R4.2). Objective metrics have a unit and a scoring template: the
/// result meets at `target` and exceeds at `exceeds_at` (below `target` when lower is better,
/// e.g. defects). Subjective ones use a 1–5 scale with a described anchor per level and say why
/// the quality is imperative to the role.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Metric {
    pub id: String,
    /// The outcome, e.g. "Monthly reports delivered by the 15th".
    pub outcome: String,
    pub objective: bool,
    pub unit: String,
    pub target: f64,
    pub exceeds_at: f64,
    pub why_imperative: String,
    /// Subjective: the anchor of levels 1..=5, in order.
    pub anchors: Vec<String>,
    /// The deadline or period the target applies to ("each month", "by 30 June").
    pub period: String,
    #[autosurgeon(with = "crate::domain::iso_date_opt", missing = "Default::default")]
    pub deadline: Option<NaiveDate>,
    /// The team objective it supports (Goal 2), as the leader names it.
    pub supports: String,
    /// R2.2: the id of that objective in the leader's team-objectives document, when it was
    /// picked from there ("" when named in words only, or before Goal 2 existed).
    #[autosurgeon(missing = "Default::default")]
    pub supports_objective: String,
    /// R3.6: the ready-made 1:1 adherence metric (results are read from the 1:1 series).
    pub adherence: bool,
    /// R5.5: replaced at an annual review by this development goal (id in the development plan).
    pub replaced_by_goal: Option<String>,
    pub replaced_by_title: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub added_on: NaiveDate,
    pub changes: BTreeMap<String, MetricChange>,
}

impl Metric {
    /// Whether the metric still counts in the plan (not replaced by a development goal).
    pub fn counts(&self) -> bool {
        self.replaced_by_goal.is_none()
    }

    pub fn higher_is_better(&self) -> bool {
        self.exceeds_at >= self.target
    }

    /// R4.2: where a result lands on the template (subjective: a rating of 1–2 is below, 3
    /// meets, 4–5 exceeds).
    pub fn score(&self, value: f64) -> Score {
        if !self.objective {
            return if value < 2.5 {
                Score::Below
            } else if value < 3.5 {
                Score::Meets
            } else {
                Score::Exceeds
            };
        }
        let (v, t, e) = if self.higher_is_better() {
            (value, self.target, self.exceeds_at)
        } else {
            (-value, -self.target, -self.exceeds_at)
        };
        if v < t {
            Score::Below
        } else if v < e {
            Score::Meets
        } else {
            Score::Exceeds
        }
    }

    /// The target in words: "≥ 80 % of reports (exceeds at 95)".
    pub fn target_label(&self) -> String {
        if self.objective {
            let cmp = if self.higher_is_better() {
                "≥"
            } else {
                "≤"
            };
            format!(
                "{cmp} {} {} (exceeds at {})",
                num(self.target),
                self.unit,
                num(self.exceeds_at)
            )
        } else {
            "Rated 1–5 against the anchors".into()
        }
    }
}

/// A number without a useless ".0".
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

/// A metric's result for one review period (written by the leader).
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct MetricResult {
    pub metric_id: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub period_start: NaiveDate,
    /// In the metric's unit, or a 1–5 rating for a subjective metric.
    pub value: f64,
    pub note: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub recorded_on: NaiveDate,
    pub by: String,
}

/// R4.6: one documented case of a minimum not met.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Case {
    pub id: String,
    pub metric_id: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub date: NaiveDate,
    pub what: String,
    /// How the minimum could have been met; empty when `no_coaching_possible`.
    pub coaching: String,
    /// The leader could not say how it could have been met: the metric is then flagged as not
    /// attainable or not clearly defined.
    pub no_coaching_possible: bool,
    pub barrier: Barrier,
    pub by: String,
}

/// Dated feedback or praise from either side, against a metric or the plan as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Feedback {
    pub id: String,
    pub metric_id: Option<String>,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub date: NaiveDate,
    pub praise: bool,
    pub text: String,
    pub by: String,
}

/// The employee's own rating of a metric for a period, before the review.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct SelfRating {
    pub metric_id: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub period_start: NaiveDate,
    /// 1–5.
    pub rating: u8,
    pub comment: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub updated_on: NaiveDate,
}

/// A review the leader shared (R4.7). The leader drafts it in their private workspace; sharing
/// writes it here, and both sides then comment.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Review {
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub period_start: NaiveDate,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub period_end: NaiveDate,
    #[serde(with = "crate::domain::text_serde")]
    pub summary: Text,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub shared_on: NaiveDate,
}

/// A comment on a shared review (either side).
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct ReviewComment {
    pub id: String,
    /// The review's period key.
    pub review: String,
    pub by: String,
    pub at_ms: i64,
    pub text: String,
}

/// The hydrated performance plan. See `docs::performance_plan` for the stored layout.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct PerformancePlan {
    pub meta: DocMeta,
    pub employee: Participant,
    pub leader: Participant,
    pub created_by: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub created_on: NaiveDate,
    /// R4.3's limits apply to individual contributors.
    pub individual_contributor: bool,
    pub cycle: ReviewCycle,
    /// First day of the first review period (a new hire's start date).
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub cycle_start: NaiveDate,
    /// R4.4: the day the employee acknowledged the metrics; the lock runs from here.
    #[autosurgeon(with = "crate::domain::iso_date_opt", missing = "Default::default")]
    pub acknowledged_on: Option<NaiveDate>,
    pub metrics: BTreeMap<String, Metric>,
    /// Keyed `<period key>/<metric id>`.
    pub results: BTreeMap<String, MetricResult>,
    pub cases: BTreeMap<String, Case>,
    pub feedback: BTreeMap<String, Feedback>,
    /// Keyed `<period key>/<metric id>`.
    pub self_ratings: BTreeMap<String, SelfRating>,
    /// Keyed by period key.
    pub reviews: BTreeMap<String, Review>,
    pub comments: BTreeMap<String, ReviewComment>,
}

impl Pair for PerformancePlan {
    fn leader(&self) -> &Participant {
        &self.leader
    }
    fn employee(&self) -> &Participant {
        &self.employee
    }
}

/// `<period key>/<metric id>`: one result or self-rating per metric and period, so two
/// recordings of the same one converge on one value instead of piling up.
pub fn period_metric_key(period: &Period, metric_id: &str) -> String {
    format!("{}/{metric_id}", period.key())
}

impl PerformancePlan {
    /// Metrics that count, oldest first (then by outcome).
    pub fn active_metrics(&self) -> Vec<&Metric> {
        let mut v: Vec<&Metric> = self.metrics.values().filter(|m| m.counts()).collect();
        v.sort_by(|a, b| (a.added_on, &a.outcome).cmp(&(b.added_on, &b.outcome)));
        v
    }

    /// Metrics replaced by development goals (R5.5).
    pub fn replaced_metrics(&self) -> Vec<&Metric> {
        self.metrics.values().filter(|m| !m.counts()).collect()
    }

    pub fn period_at(&self, day: NaiveDate) -> Period {
        self.cycle.period_at(self.cycle_start, day)
    }

    pub fn result(&self, period: &Period, metric_id: &str) -> Option<&MetricResult> {
        self.results.get(&period_metric_key(period, metric_id))
    }

    pub fn self_rating(&self, period: &Period, metric_id: &str) -> Option<&SelfRating> {
        self.self_ratings.get(&period_metric_key(period, metric_id))
    }

    /// R4.4: the last day metrics are locked, if the employee acknowledged them.
    pub fn locked_until(&self) -> Option<NaiveDate> {
        self.acknowledged_on
            .and_then(|d| d.checked_add_months(Months::new(LOCK_MONTHS)))
    }

    pub fn is_locked(&self, today: NaiveDate) -> bool {
        self.locked_until().is_some_and(|until| today < until)
    }

    /// Cases on a metric, newest first.
    pub fn cases_for(&self, metric_id: &str) -> Vec<&Case> {
        let mut v: Vec<&Case> = self
            .cases
            .values()
            .filter(|c| c.metric_id == metric_id)
            .collect();
        v.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
        v
    }

    /// Feedback, newest first.
    pub fn feedback_sorted(&self) -> Vec<&Feedback> {
        let mut v: Vec<&Feedback> = self.feedback.values().collect();
        v.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
        v
    }

    /// Comments on one review, oldest first.
    pub fn comments_on(&self, review_key: &str) -> Vec<&ReviewComment> {
        let mut v: Vec<&ReviewComment> = self
            .comments
            .values()
            .filter(|c| c.review == review_key)
            .collect();
        v.sort_by(|a, b| a.at_ms.cmp(&b.at_ms).then(a.id.cmp(&b.id)));
        v
    }
}

/// What the metric form holds (R4.1, R4.2). Numbers arrive as typed text so a bad one gets a
/// sentence, not a panic.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricDraft {
    pub outcome: String,
    pub objective: bool,
    pub unit: String,
    pub target: String,
    pub exceeds_at: String,
    pub why_imperative: String,
    pub anchors: Vec<String>,
    pub period: String,
    pub deadline: Option<NaiveDate>,
    pub supports: String,
    /// The team objective's id, when picked from the team's objectives.
    pub supports_objective: String,
    pub adherence: bool,
}

/// A draft that passed [`MetricDraft::validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidMetric {
    pub outcome: String,
    pub objective: bool,
    pub unit: String,
    pub target: f64,
    pub exceeds_at: f64,
    pub why_imperative: String,
    pub anchors: Vec<String>,
    pub period: String,
    pub deadline: Option<NaiveDate>,
    pub supports: String,
    pub supports_objective: String,
    pub adherence: bool,
}

fn line(s: &str) -> String {
    super::development::collapse_spaces(s)
}

fn number(s: &str, what: &'static str) -> Result<f64, InputError> {
    let t = s.trim().replace(',', ".");
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(InputError::NotANumber(what)),
    }
}

impl MetricDraft {
    /// The 1:1 adherence metric (R3.6) ready-made: share of two-week periods with a held 1:1.
    pub fn adherence() -> MetricDraft {
        MetricDraft {
            outcome: "Biweekly 1:1s held with my leader".into(),
            objective: true,
            unit: "% of two-week periods".into(),
            target: "80".into(),
            exceeds_at: "95".into(),
            period: "each review period".into(),
            adherence: true,
            ..MetricDraft::default()
        }
    }

    /// R4.1, R4.2: refuses a metric without an outcome, a deadline or period, and (objective)
    /// a unit and a scoring template, or (subjective) why it is imperative and five anchors.
    pub fn validate(&self) -> Result<ValidMetric, InputError> {
        let outcome = line(&self.outcome);
        if outcome.is_empty() {
            return Err(InputError::MetricOutcome);
        }
        let period = line(&self.period);
        if period.is_empty() && self.deadline.is_none() {
            return Err(InputError::MetricPeriod);
        }
        let supports = line(&self.supports);
        let too_long = [&outcome, &period, &supports]
            .iter()
            .any(|s| s.chars().count() > MAX_LINE);
        if too_long {
            return Err(InputError::TooLong { max: MAX_LINE });
        }
        let mut v = ValidMetric {
            outcome,
            objective: self.objective,
            unit: String::new(),
            target: 0.0,
            exceeds_at: 0.0,
            why_imperative: String::new(),
            anchors: vec![],
            period,
            deadline: self.deadline,
            supports_objective: if supports.is_empty() {
                String::new()
            } else {
                self.supports_objective.trim().to_string()
            },
            supports,
            adherence: self.adherence && self.objective,
        };
        if self.objective {
            v.unit = line(&self.unit);
            if v.unit.is_empty() {
                return Err(InputError::MetricUnit);
            }
            if v.unit.chars().count() > MAX_LINE {
                return Err(InputError::TooLong { max: MAX_LINE });
            }
            v.target = number(&self.target, "target")?;
            v.exceeds_at = number(&self.exceeds_at, "\"exceeds\" threshold")?;
            if v.exceeds_at == v.target {
                return Err(InputError::MetricTemplate);
            }
        } else {
            v.why_imperative = self.why_imperative.trim().to_string();
            if v.why_imperative.is_empty() {
                return Err(InputError::MetricWhy);
            }
            if v.why_imperative.chars().count() > MAX_PROSE {
                return Err(InputError::TooLong { max: MAX_PROSE });
            }
            let anchors: Vec<String> = self.anchors.iter().map(|a| line(a)).collect();
            if anchors.len() != 5 || anchors.iter().any(String::is_empty) {
                return Err(InputError::MetricAnchors);
            }
            if anchors.iter().any(|a| a.chars().count() > MAX_LINE) {
                return Err(InputError::TooLong { max: MAX_LINE });
            }
            v.anchors = anchors;
        }
        Ok(v)
    }
}

/// R4.6: what the case form holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDraft {
    pub metric_id: String,
    pub date: NaiveDate,
    pub what: String,
    pub coaching: String,
    pub no_coaching_possible: bool,
    pub barrier: Option<Barrier>,
}

impl CaseDraft {
    /// Refuses a case that is not specific (no description), not dated (in the future), has
    /// no barrier, or neither coaching nor the statement that none was possible.
    pub fn validate(&self, today: NaiveDate) -> Result<Barrier, InputError> {
        if self.what.trim().is_empty() {
            return Err(InputError::CaseWhat);
        }
        if self.date > today {
            return Err(InputError::FutureDate);
        }
        let barrier = self.barrier.ok_or(InputError::CaseBarrier)?;
        if self.coaching.trim().is_empty() && !self.no_coaching_possible {
            return Err(InputError::CaseCoaching);
        }
        if self.what.chars().count() > MAX_PROSE || self.coaching.chars().count() > MAX_PROSE {
            return Err(InputError::TooLong { max: MAX_PROSE });
        }
        Ok(barrier)
    }
}

/// Why a form value of this module is refused. Shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("Say what outcome the metric measures.")]
    MetricOutcome,
    #[error("Give the metric a deadline or a period it applies to (for example \"each month\").")]
    MetricPeriod,
    #[error("An objective metric needs a unit (for example \"% of reports\").")]
    MetricUnit,
    #[error(
        "The \"exceeds\" threshold must differ from the target: it says which direction is better."
    )]
    MetricTemplate,
    #[error("Say why this quality is imperative to the role: a subjective metric needs a reason.")]
    MetricWhy,
    #[error("Describe each of the five levels of the rating scale.")]
    MetricAnchors,
    #[error("The {0} is not a number.")]
    NotANumber(&'static str),
    #[error("Reviews more often than quarterly are not possible: choose quarterly, every six months or yearly.")]
    CycleTooFrequent,
    #[error("Choose quarterly, every six months or yearly (or a single new-hire review).")]
    CycleUnknown,
    #[error("Describe the case: what happened, specifically.")]
    CaseWhat,
    #[error("Choose the one barrier that best explains the case.")]
    CaseBarrier,
    #[error("Say what coaching you gave on how the minimum could have been met, or tick that no coaching was possible.")]
    CaseCoaching,
    #[error("That date is in the future: record what already happened.")]
    FutureDate,
    #[error("A rating is a whole number from 1 to 5.")]
    Rating,
    #[error("Say why the metric changes before the end of its six-month lock.")]
    ChangeReason,
    #[error("Write something first.")]
    Empty,
    #[error("That is too long (at most {max} characters).")]
    TooLong { max: usize },
}

/// The first day of the quarter holding `day`: a sensible default cycle start.
pub fn quarter_start(day: NaiveDate) -> NaiveDate {
    let m = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), m, 1).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_follow_the_cycle_from_its_start() {
        let p = ReviewCycle::Quarterly.period_at(d("2026-01-01"), d("2026-05-10"));
        assert_eq!((p.start, p.end), (d("2026-04-01"), d("2026-06-30")));
        let p = ReviewCycle::Yearly.period_at(d("2026-01-01"), d("2025-05-10"));
        assert_eq!((p.start, p.end), (d("2026-01-01"), d("2026-12-31")));
        let p = ReviewCycle::NewHire60.period_at(d("2026-03-02"), d("2027-05-10"));
        assert_eq!((p.start, p.end), (d("2026-03-02"), d("2026-05-01")));
        let prev = ReviewCycle::HalfYearly
            .previous(
                d("2026-01-01"),
                ReviewCycle::HalfYearly.period_at(d("2026-01-01"), d("2026-08-01")),
            )
            .unwrap();
        assert_eq!((prev.start, prev.end), (d("2026-01-01"), d("2026-06-30")));
    }

    #[test]
    fn r4_5_nothing_more_frequent_than_quarterly() {
        assert_eq!(
            ReviewCycle::from_months(1),
            Err(InputError::CycleTooFrequent)
        );
        assert_eq!(
            ReviewCycle::from_months(2),
            Err(InputError::CycleTooFrequent)
        );
        assert_eq!(ReviewCycle::from_months(3), Ok(ReviewCycle::Quarterly));
        assert_eq!(ReviewCycle::from_months(12), Ok(ReviewCycle::Yearly));
        assert_eq!(ReviewCycle::from_months(5), Err(InputError::CycleUnknown));
    }

    #[test]
    fn r4_2_scoring_in_both_directions() {
        let mut m = Metric {
            id: "m".into(),
            outcome: "Reports".into(),
            objective: true,
            unit: "%".into(),
            target: 80.0,
            exceeds_at: 95.0,
            why_imperative: String::new(),
            anchors: vec![],
            period: "monthly".into(),
            deadline: None,
            supports: String::new(),
            supports_objective: String::new(),
            adherence: false,
            replaced_by_goal: None,
            replaced_by_title: String::new(),
            added_on: d("2026-01-01"),
            changes: BTreeMap::new(),
        };
        assert_eq!(m.score(79.9), Score::Below);
        assert_eq!(m.score(80.0), Score::Meets);
        assert_eq!(m.score(95.0), Score::Exceeds);
        (m.target, m.exceeds_at) = (5.0, 2.0); // defects: lower is better
        assert_eq!(m.score(6.0), Score::Below);
        assert_eq!(m.score(4.0), Score::Meets);
        assert_eq!(m.score(1.0), Score::Exceeds);
        m.objective = false;
        assert_eq!(m.score(2.0), Score::Below);
        assert_eq!(m.score(3.0), Score::Meets);
        assert_eq!(m.score(5.0), Score::Exceeds);
    }

    #[test]
    fn r4_1_r4_2_drafts_missing_a_part_are_refused() {
        let ok = MetricDraft {
            outcome: "Reports delivered by the 15th".into(),
            objective: true,
            unit: "% of reports".into(),
            target: "80".into(),
            exceeds_at: "95".into(),
            period: "each month".into(),
            ..MetricDraft::default()
        };
        assert!(ok.validate().is_ok());
        let no_period = MetricDraft {
            period: " ".into(),
            ..ok.clone()
        };
        assert_eq!(no_period.validate(), Err(InputError::MetricPeriod));
        let dated = MetricDraft {
            deadline: Some(d("2026-06-30")),
            ..no_period
        };
        assert!(dated.validate().is_ok(), "a deadline replaces the period");
        let no_unit = MetricDraft {
            unit: "".into(),
            ..ok.clone()
        };
        assert_eq!(no_unit.validate(), Err(InputError::MetricUnit));
        let flat = MetricDraft {
            exceeds_at: "80".into(),
            ..ok.clone()
        };
        assert_eq!(flat.validate(), Err(InputError::MetricTemplate));
        let nan = MetricDraft {
            target: "lots".into(),
            ..ok.clone()
        };
        assert_eq!(nan.validate(), Err(InputError::NotANumber("target")));
        let subjective = MetricDraft {
            outcome: "Communication".into(),
            objective: false,
            period: "each quarter".into(),
            anchors: (1..=5).map(|i| format!("level {i}")).collect(),
            ..MetricDraft::default()
        };
        assert_eq!(subjective.validate(), Err(InputError::MetricWhy));
        let why = MetricDraft {
            why_imperative: "Clients depend on clear updates".into(),
            ..subjective.clone()
        };
        assert!(why.validate().is_ok());
        let four = MetricDraft {
            anchors: why.anchors[..4].to_vec(),
            ..why
        };
        assert_eq!(four.validate(), Err(InputError::MetricAnchors));
        assert!(MetricDraft::adherence().validate().unwrap().adherence);
    }

    #[test]
    fn r4_6_a_case_needs_every_part() {
        let today = d("2026-05-10");
        let ok = CaseDraft {
            metric_id: "m".into(),
            date: d("2026-05-02"),
            what: "April report two days late".into(),
            coaching: "Start the draft on the 10th".into(),
            no_coaching_possible: false,
            barrier: Some(Barrier::Effort),
        };
        assert_eq!(ok.validate(today), Ok(Barrier::Effort));
        let none = CaseDraft {
            barrier: None,
            ..ok.clone()
        };
        assert_eq!(none.validate(today), Err(InputError::CaseBarrier));
        let vague = CaseDraft {
            what: " ".into(),
            ..ok.clone()
        };
        assert_eq!(vague.validate(today), Err(InputError::CaseWhat));
        let future = CaseDraft {
            date: d("2026-05-11"),
            ..ok.clone()
        };
        assert_eq!(future.validate(today), Err(InputError::FutureDate));
        let uncoached = CaseDraft {
            coaching: "".into(),
            ..ok.clone()
        };
        assert_eq!(uncoached.validate(today), Err(InputError::CaseCoaching));
        let impossible = CaseDraft {
            no_coaching_possible: true,
            ..uncoached
        };
        assert!(impossible.validate(today).is_ok());
    }
}
