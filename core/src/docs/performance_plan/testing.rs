//! Builders shared by the rule and review tests: plans as plain values, no document needed.

use super::*;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A plan of employee `employee` (id: the name in lower case) and leader `leader`, an
/// individual contributor reviewed yearly from `cycle_start`, with no metrics yet.
pub fn plan(employee: &str, leader: &str, cycle_start: &str) -> PerformancePlan {
    PerformancePlan {
        meta: DocMeta {
            id: format!("perf-{employee}"),
            kind: DocKind::PerformancePlan,
            schema: SCHEMA,
        },
        employee: Participant::new(employee.to_lowercase(), employee),
        leader: Participant::new(leader.to_lowercase(), leader),
        created_by: leader.to_lowercase(),
        created_on: d(cycle_start),
        individual_contributor: true,
        cycle: ReviewCycle::Yearly,
        cycle_start: d(cycle_start),
        acknowledged_on: None,
        metrics: BTreeMap::new(),
        results: BTreeMap::new(),
        cases: BTreeMap::new(),
        feedback: BTreeMap::new(),
        self_ratings: BTreeMap::new(),
        reviews: BTreeMap::new(),
        comments: BTreeMap::new(),
    }
}

/// A metric as stored: objective ones meet at 80 % and exceed at 95 %, subjective ones carry
/// five anchors and a reason.
pub fn metric(id: &str, objective: bool, added_on: &str) -> Metric {
    Metric {
        id: id.into(),
        outcome: format!("Outcome {id}"),
        objective,
        unit: if objective { "%".into() } else { String::new() },
        target: if objective { 80.0 } else { 0.0 },
        exceeds_at: if objective { 95.0 } else { 0.0 },
        why_imperative: if objective {
            String::new()
        } else {
            "Clients depend on it".into()
        },
        anchors: if objective {
            vec![]
        } else {
            (1..=5).map(|i| format!("level {i}")).collect()
        },
        period: "each month".into(),
        deadline: None,
        supports: String::new(),
        supports_objective: String::new(),
        adherence: false,
        replaced_by_goal: None,
        replaced_by_title: String::new(),
        added_on: d(added_on),
        changes: BTreeMap::new(),
    }
}

/// `p` with one more metric, id `m<n>` (n = the metrics it had).
pub fn with_metric(mut p: PerformancePlan, objective: bool) -> PerformancePlan {
    let id = format!("m{}", p.metrics.len());
    let added = p.cycle_start.format("%Y-%m-%d").to_string();
    p.metrics.insert(id.clone(), metric(&id, objective, &added));
    p
}
