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
    if plan.individual_contributor && n > MAX_METRICS {
        // Possible when a plan with more metrics is switched to an individual contributor's.
        out.push(Finding::flag(
            "R4.3",
            format!(
                "{n} metrics: an individual contributor's plan holds at most {MAX_METRICS}. \
                 Remove or merge some."
            ),
        ));
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::performance_plan::testing::{d, metric, plan, with_metric};
    use crate::docs::performance_plan::{self as doc};
    use crate::docs::CommandError;
    use crate::domain::performance::{
        Barrier, Case, MetricDraft, MetricResult, Review, SelfRating, LOCK_MONTHS,
    };
    use crate::domain::Participant;
    use crate::rules::Severity;
    use chrono::Datelike;
    use proptest::prelude::*;

    fn plan_of(objective: &[bool], ic: bool) -> PerformancePlan {
        let mut p = plan("Ada", "Lea", "2026-01-01");
        p.individual_contributor = ic;
        for &o in objective {
            p = with_metric(p, o);
        }
        p
    }

    fn share_flag(f: &[Finding]) -> bool {
        f.iter()
            .any(|f| f.rule == "R4.3" && f.message.contains("objective"))
    }

    fn count_flag(f: &[Finding]) -> bool {
        f.iter()
            .any(|f| f.rule == "R4.3" && f.message.contains("three is ideal"))
    }

    #[test]
    fn r4_3_a_sixth_metric_is_refused_only_for_an_individual_contributor() {
        let five = plan_of(&[true; 5], true);
        let refusal = may_add_metric(&five).expect("a sixth is refused");
        assert_eq!((refusal.rule, refusal.severity), ("R4.3", Severity::Refuse));
        assert!(may_add_metric(&plan_of(&[true; 4], true)).is_none());
        assert!(may_add_metric(&plan_of(&[true; 5], false)).is_none());
        // A metric replaced by a development goal (R5.5) no longer counts.
        let mut replaced = five.clone();
        replaced.metrics.get_mut("m0").unwrap().replaced_by_goal = Some("g".into());
        assert!(may_add_metric(&replaced).is_none());
    }

    #[test]
    fn r4_3_flags_more_than_three_and_under_80_percent_objective() {
        assert!(metric_set(&plan_of(&[], true)).is_empty());
        assert_eq!(objective_percent(&plan_of(&[], true)), None);
        assert!(metric_set(&plan_of(&[true; 3], true)).is_empty());
        let four = metric_set(&plan_of(&[true; 4], true));
        assert!(count_flag(&four) && !share_flag(&four));
        assert!(four.iter().all(|f| f.severity == Severity::Flag));
        // 4 of 5 is exactly 80 %: not flagged; 3 of 4 is 75 %: flagged.
        assert_eq!(
            objective_percent(&plan_of(&[true, true, true, true, false], true)),
            Some(80)
        );
        assert!(!share_flag(&metric_set(&plan_of(
            &[true, true, true, true, false],
            true
        ))));
        let three_of_four = metric_set(&plan_of(&[true, true, true, false], true));
        assert!(share_flag(&three_of_four));
        assert!(three_of_four
            .iter()
            .any(|f| f.message.contains("Only 75 %")));
        // 2 of 3 is 66.67 %, rounded down.
        assert_eq!(
            objective_percent(&plan_of(&[true, true, false], true)),
            Some(66)
        );
        // Replaced metrics do not count towards either flag.
        let mut p = plan_of(&[true, true, true, false], true);
        p.metrics.get_mut("m3").unwrap().replaced_by_goal = Some("g".into());
        assert!(metric_set(&p).is_empty());
    }

    #[test]
    fn r4_4_the_lock_runs_six_months_from_the_acknowledgement() {
        let mut p = plan_of(&[true], true);
        assert!(
            !p.is_locked(d("2026-03-01")),
            "not acknowledged: not locked"
        );
        p.acknowledged_on = Some(d("2026-08-31"));
        assert_eq!(
            p.locked_until(),
            Some(d("2027-02-28")),
            "end of a shorter month"
        );
        assert!(p.is_locked(d("2027-02-27")) && !p.is_locked(d("2027-02-28")));
        let f = locked_change(&p);
        assert_eq!((f.rule, f.severity), ("R4.4", Severity::Refuse));
        assert!(f.message.contains("28 Feb 2027"), "{}", f.message);
        assert_eq!(LOCK_MONTHS, 6);
    }

    fn case(id: &str, metric_id: &str, no_coaching_possible: bool) -> Case {
        Case {
            id: id.into(),
            metric_id: metric_id.into(),
            date: d("2026-02-01"),
            what: "Late".into(),
            coaching: String::new(),
            no_coaching_possible,
            barrier: Barrier::Resources,
            by: "lea".into(),
        }
    }

    #[test]
    fn r4_6_metrics_with_an_uncoachable_case_are_flagged() {
        let mut p = plan_of(&[true, true, false], true);
        p.cases.insert("c1".into(), case("c1", "m0", false));
        assert!(unattainable_metrics(&p).is_empty());
        p.cases.insert("c2".into(), case("c2", "m1", true));
        p.cases.insert("c3".into(), case("c3", "m1", true));
        let u = unattainable_metrics(&p);
        assert_eq!(u.len(), 1, "one flag per metric, however many cases");
        assert_eq!(u[0].0, "m1");
        assert_eq!((u[0].1.rule, u[0].1.severity), ("R4.6", Severity::Flag));
        assert!(u[0].1.message.contains("Outcome m1"));
        assert!(plan_findings(&p, d("2026-02-01")).contains(&u[0].1));
        // A metric no longer counting is not flagged.
        p.metrics.get_mut("m1").unwrap().replaced_by_goal = Some("g".into());
        assert!(unattainable_metrics(&p).is_empty());
    }

    #[test]
    fn r5_5_replacing_by_a_goal_needs_a_yearly_cycle_a_subjective_metric_and_room() {
        let mut p = plan_of(&[true, false, false, false], true);
        let refuses = |p: &PerformancePlan, id: &str| {
            may_replace_with_goal(p, &p.metrics[id]).map(|f| (f.rule, f.severity))
        };
        assert_eq!(refuses(&p, "m1"), None);
        assert_eq!(
            refuses(&p, "m0"),
            Some(("R5.5", Severity::Refuse)),
            "objective"
        );
        for cycle in [
            ReviewCycle::Quarterly,
            ReviewCycle::HalfYearly,
            ReviewCycle::NewHire30,
            ReviewCycle::NewHire60,
        ] {
            p.cycle = cycle;
            assert!(refuses(&p, "m1").is_some(), "{cycle:?}");
        }
        p.cycle = ReviewCycle::Yearly;
        p.metrics.get_mut("m1").unwrap().replaced_by_goal = Some("g1".into());
        assert!(refuses(&p, "m1").is_some(), "already replaced");
        assert_eq!(refuses(&p, "m2"), None, "a second one");
        p.metrics.get_mut("m2").unwrap().replaced_by_goal = Some("g2".into());
        assert!(refuses(&p, "m3").is_some(), "a third one");
    }

    fn result(period: &Period, metric_id: &str, value: f64) -> (String, MetricResult) {
        (
            crate::domain::performance::period_metric_key(period, metric_id),
            MetricResult {
                metric_id: metric_id.into(),
                period_start: period.start,
                value,
                note: String::new(),
                recorded_on: period.end,
                by: "lea".into(),
            },
        )
    }

    fn rating(period: &Period, metric_id: &str) -> (String, SelfRating) {
        (
            crate::domain::performance::period_metric_key(period, metric_id),
            SelfRating {
                metric_id: metric_id.into(),
                period_start: period.start,
                rating: 3,
                comment: String::new(),
                updated_on: period.end,
            },
        )
    }

    #[test]
    fn r4_7_r4_8_readiness_and_the_reminder_to_prepare() {
        let mut p = plan_of(&[true, true], true);
        p.cycle = ReviewCycle::Quarterly;
        let mut adherence = metric("m2", true, "2026-01-01");
        adherence.adherence = true;
        p.metrics.insert("m2".into(), adherence);
        let q1 = p.period_at(d("2026-02-10"));
        assert_eq!((q1.start, q1.end), (d("2026-01-01"), d("2026-03-31")));

        let r = readiness(&p, d("2026-02-10"));
        assert_eq!(
            (r.period, r.due, r.prepare_on),
            (q1, d("2026-03-31"), d("2026-03-24"))
        );
        // The adherence metric reads its result from the 1:1 series: never missing.
        assert_eq!((r.metrics, r.results_missing, r.self_assessed), (3, 2, 0));
        assert!(!r.ready() && !r.shared);
        // Before the preparation day: no R4.8 flag.
        assert!(!plan_findings(&p, d("2026-03-23"))
            .iter()
            .any(|f| f.rule == "R4.8"));
        let due = plan_findings(&p, d("2026-03-24"));
        let f = due
            .iter()
            .find(|f| f.rule == "R4.8")
            .expect("flag on the prepare day");
        assert!(
            f.message
                .contains("2 result(s) to record and the self-assessment"),
            "{}",
            f.message
        );
        assert!(f.message.contains("31 Mar 2026"));

        let (k, v) = result(&q1, "m0", 90.0);
        p.results.insert(k, v);
        let (k, v) = result(&q1, "m1", 70.0);
        p.results.insert(k, v);
        // A result of another period does not count.
        let q2 = p.period_at(d("2026-05-01"));
        let (k, v) = result(&q2, "m0", 90.0);
        p.results.insert(k, v);
        for m in ["m0", "m1"] {
            let (k, v) = rating(&q1, m);
            p.self_ratings.insert(k, v);
        }
        let r = readiness(&p, d("2026-03-25"));
        assert_eq!((r.results_missing, r.self_assessed), (0, 2));
        assert!(!r.ready(), "the employee has not rated every metric");
        let f = plan_findings(&p, d("2026-03-25"));
        let f = f.iter().find(|f| f.rule == "R4.8").unwrap();
        assert!(
            f.message.contains("still missing the self-assessment."),
            "{}",
            f.message
        );
        let (k, v) = rating(&q1, "m2");
        p.self_ratings.insert(k, v);
        assert!(readiness(&p, d("2026-03-25")).ready());
        assert!(!plan_findings(&p, d("2026-03-25"))
            .iter()
            .any(|f| f.rule == "R4.8"));
        // Once shared, nothing to prepare.
        let mut p2 = plan_of(&[true], true);
        p2.cycle = ReviewCycle::Quarterly;
        p2.reviews.insert(
            q1.key(),
            Review {
                period_start: q1.start,
                period_end: q1.end,
                summary: "Done".into(),
                shared_on: d("2026-03-30"),
            },
        );
        assert!(readiness(&p2, d("2026-03-30")).shared);
        assert!(!plan_findings(&p2, d("2026-03-30"))
            .iter()
            .any(|f| f.rule == "R4.8"));
        // R4.1: a plan without metrics says so, and nothing about the review.
        let empty = plan_of(&[], true);
        let f = plan_findings(&empty, d("2026-12-30"));
        assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), ["R4.1"]);
    }

    /// Six calendar months after `day`, clamped to the end of a shorter month: written out
    /// here by hand, independently of chrono's month arithmetic the code uses.
    fn six_months_after(day: NaiveDate) -> NaiveDate {
        let m0 = day.month0() + 6;
        let (y, m) = (day.year() + (m0 / 12) as i32, m0 % 12 + 1);
        let days_in_month = (28..=31)
            .rev()
            .find(|&dd| NaiveDate::from_ymd_opt(y, m, dd).is_some())
            .unwrap();
        NaiveDate::from_ymd_opt(y, m, day.day().min(days_in_month)).unwrap()
    }

    fn draft(outcome: &str, objective: bool, target: &str) -> MetricDraft {
        MetricDraft {
            outcome: outcome.into(),
            objective,
            unit: "%".into(),
            target: target.into(),
            exceeds_at: "99".into(),
            why_imperative: "Clients depend on it".into(),
            anchors: (1..=5).map(|i| format!("Level {i}")).collect(),
            period: "each month".into(),
            ..MetricDraft::default()
        }
    }

    fn new_doc(today: NaiveDate) -> automerge::AutoCommit {
        doc::create(
            "perf",
            &Participant::new("ada", "Ada"),
            &Participant::new("lea", "Lea"),
            "lea",
            d("2020-01-01"),
            today,
            0,
        )
        .unwrap()
    }

    fn rules_of(r: Result<impl std::fmt::Debug, CommandError>) -> Option<Vec<&'static str>> {
        match r {
            Err(CommandError::Refused(f)) => Some(f.iter().map(|f| f.rule).collect()),
            Err(e) => panic!("{e:?}"),
            Ok(_) => None,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// R4.4: after the employee acknowledges on a random day, a change without a reason
        /// on a random later (or earlier) day is refused iff it comes before the same day six
        /// months on; with a reason it is always accepted.
        #[test]
        fn a_change_without_reason_is_refused_iff_within_six_months(
            ack_offset in 0i64..3650,
            today_offset in -30i64..400,
            edit in 0u8..3,
        ) {
            let ack = d("2020-01-01") + chrono::Duration::days(ack_offset);
            let today = ack + chrono::Duration::days(today_offset);
            let mut plan = new_doc(ack);
            let m = doc::add_metric(&mut plan, "lea", &draft("Reports", true, "80"), "", ack, 1).unwrap().id;
            doc::acknowledge(&mut plan, "ada", ack, 2).unwrap();
            let locked = today < six_months_after(ack);
            let before = plan.get_heads();
            let attempt = |plan: &mut automerge::AutoCommit, reason: &str| match edit {
                0 => rules_of(doc::edit_metric(plan, "lea", &m, &draft("Reports", true, "75"), reason, today, 3)),
                1 => rules_of(doc::remove_metric(plan, "lea", &m, reason, today, 3)),
                _ => rules_of(doc::add_metric(plan, "lea", &draft("Tickets", true, "90"), reason, today, 3)),
            };
            let refused = attempt(&mut plan, "");
            prop_assert_eq!(refused.is_some(), locked, "ack {} today {}", ack, today);
            if let Some(rules) = refused {
                prop_assert_eq!(rules, vec!["R4.4"]);
                prop_assert_eq!(plan.get_heads(), before.clone());
                prop_assert_eq!(attempt(&mut plan, "Reorganisation"), None);
                prop_assert_ne!(plan.get_heads(), before);
            }
        }

        /// R4.3: whatever mix of objective and subjective metrics is added, the share flag
        /// returned by `add_metric` is raised iff fewer than 80 % are objective, the count
        /// flag iff more than three, and a metric is refused iff the plan is an individual
        /// contributor's and already holds five.
        #[test]
        fn the_objective_share_and_the_sixth_metric(
            kinds in prop::collection::vec(any::<bool>(), 1..9),
            ic in any::<bool>(),
        ) {
            let mut plan = new_doc(d("2026-01-01"));
            doc::set_setup(&mut plan, "lea", ic, ReviewCycle::Yearly, d("2026-01-01"), 1).unwrap();
            let (mut n, mut objective) = (0usize, 0usize);
            for (i, &o) in kinds.iter().enumerate() {
                let before = plan.get_heads();
                let r = doc::add_metric(&mut plan, "lea", &draft(&format!("M{i}"), o, "80"), "", d("2026-01-02"), 2);
                if ic && n == 5 {
                    prop_assert_eq!(rules_of(r), Some(vec!["R4.3"]));
                    prop_assert_eq!(plan.get_heads(), before);
                    continue;
                }
                let added = r.unwrap();
                n += 1;
                objective += usize::from(o);
                prop_assert_eq!(share_flag(&added.flags), objective * 100 < 80 * n, "{} of {}", objective, n);
                prop_assert_eq!(count_flag(&added.flags), n > 3);
                let stored = doc::load(&plan).unwrap();
                prop_assert_eq!(metric_set(&stored), added.flags);
                prop_assert_eq!(may_add_metric(&stored).is_some(), ic && n >= 5);
            }
        }

        /// The same on plain values, any size: the rules read nothing but the plan.
        #[test]
        fn metric_set_on_any_plan(
            kinds in prop::collection::vec(any::<bool>(), 0..12),
            ic in any::<bool>(),
        ) {
            let p = plan_of(&kinds, ic);
            let n = kinds.len();
            let objective = kinds.iter().filter(|&&o| o).count();
            let flags = metric_set(&p);
            prop_assert_eq!(share_flag(&flags), n > 0 && objective * 100 < 80 * n);
            prop_assert_eq!(count_flag(&flags), n > 3);
            prop_assert_eq!(may_add_metric(&p).is_some(), ic && n >= 5);
        }
    }
}
