//! The performance-plan document (Goal 4): one per employee, shared between the employee and
//! their leader through sync files exactly like the 1:1 series and the development plan (R7.1).
//!
//! It is created on ONE side (usually the leader, who writes the metrics) and the other side
//! only ever loads it from a sync file (ARCHITECTURE.md, one first change).
//!
//! Schema 1 (root keys):
//!
//! | key            | type                              | written by        |
//! |----------------|-----------------------------------|-------------------|
//! | `meta`         | [`DocMeta`] (kind `performance-plan`) | creator       |
//! | `employee`, `leader` | `{id, name}`                | creator           |
//! | `created_by`, `created_on` | person id, ISO date   | creator           |
//! | `individual_contributor` | bool (R4.3's limits apply) | leader         |
//! | `cycle`, `cycle_start` | [`ReviewCycle`], ISO date (R4.5) | leader      |
//! | `acknowledged_on` | ISO date or null: the six-month lock starts here (R4.4) | employee |
//! | `metrics`      | map id -> [`Metric`] (R4.1, R4.2; `changes` keeps R4.4's reasons) | leader |
//! | `results`      | map `<period>/<metric>` -> [`MetricResult`] | leader   |
//! | `cases`        | map id -> [`Case`] (R4.6)         | leader            |
//! | `feedback`     | map id -> [`Feedback`]            | both              |
//! | `self_ratings` | map `<period>/<metric>` -> [`SelfRating`] | employee   |
//! | `reviews`      | map period -> [`Review`] (R4.7, shared by the leader) | leader |
//! | `comments`     | map id -> [`ReviewComment`]       | both              |
//!
//! Results and self-ratings are keyed by period and metric so recording one twice (or on two
//! devices) converges on one value. Every command takes the acting person's id, refuses people
//! who are not on the plan and the parts that belong to the other side (the same table is
//! checked on import by `rights`), writes only what changes, and makes one commit whose message
//! says what happened (R8.5). A command that changes nothing makes no commit.

use std::collections::BTreeMap;

use automerge::{transaction::Transactable, AutoCommit, ObjId, ReadDoc, ROOT};
use autosurgeon::{hydrate, hydrate_prop, reconcile_prop, Text};
use chrono::NaiveDate;

use super::{commit, obj_at, put_if_changed, CommandError, DocError, DocKind, DocMeta};
use crate::domain::development::collapse_spaces;
use crate::domain::performance::{
    num, period_metric_key, Case, CaseDraft, Feedback, InputError, Metric, MetricChange,
    MetricDraft, MetricResult, PerformancePlan, Period, Review, ReviewComment, ReviewCycle,
    SelfRating, ValidMetric, MAX_PROSE,
};
use crate::domain::{new_id, Participant, Side};
use crate::rules::performance as rules;

/// Schema version written by this build; loading refuses anything newer.
pub const SCHEMA: u64 = 1;

use super::iso;
pub use super::Added;

/// Creates the plan with every root object in one first change (ARCHITECTURE.md, one first
/// change). The cycle starts yearly from `cycle_start`; the leader sets it afterwards.
pub fn create(
    doc_id: &str,
    employee: &Participant,
    leader: &Participant,
    created_by: &str,
    cycle_start: NaiveDate,
    today: NaiveDate,
    now_ms: i64,
) -> Result<AutoCommit, CommandError> {
    let super::pair::NewPair {
        employee,
        leader,
        creator_name,
    } = super::pair::new_pair(employee, leader, created_by)?;
    let plan = PerformancePlan {
        meta: DocMeta {
            id: doc_id.to_string(),
            kind: DocKind::PerformancePlan,
            schema: SCHEMA,
        },
        employee,
        leader,
        created_by: created_by.to_string(),
        created_on: today,
        individual_contributor: true,
        cycle: ReviewCycle::Yearly,
        cycle_start,
        acknowledged_on: None,
        metrics: BTreeMap::new(),
        results: BTreeMap::new(),
        cases: BTreeMap::new(),
        feedback: BTreeMap::new(),
        self_ratings: BTreeMap::new(),
        reviews: BTreeMap::new(),
        comments: BTreeMap::new(),
    };
    let mut doc = super::new_doc();
    autosurgeon::reconcile(&mut doc, &plan)?;
    commit(&mut doc, &creator_name, "Created performance plan", now_ms);
    Ok(doc)
}

/// Hydrates the plan after checking its kind and schema.
pub fn load(doc: &AutoCommit) -> Result<PerformancePlan, DocError> {
    super::check(doc, DocKind::PerformancePlan, SCHEMA)?;
    Ok(hydrate(doc)?)
}

use super::pair::{actor, only};

fn metric_obj(doc: &AutoCommit, metric_id: &str) -> Result<ObjId, CommandError> {
    let metrics = obj_at(doc, &ROOT, "metrics")?;
    match doc.get(&metrics, metric_id)? {
        Some((automerge::Value::Object(_), id)) => Ok(id),
        _ => Err(CommandError::NotFound("metric")),
    }
}

fn metric(doc: &AutoCommit, metric_id: &str) -> Result<Metric, CommandError> {
    metric_obj(doc, metric_id)?;
    let metrics = obj_at(doc, &ROOT, "metrics")?;
    Ok(hydrate_prop(doc, &metrics, metric_id)?)
}

/// R4.5: the review cycle, its first day, and whether R4.3's limits apply (leader only).
pub fn set_setup(
    doc: &mut AutoCommit,
    by: &str,
    individual_contributor: bool,
    cycle: ReviewCycle,
    cycle_start: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = only(doc, by, Side::Leader)?;
    let mut changed = put_if_changed(doc, &ROOT, "individual_contributor", individual_contributor)?;
    changed |= put_if_changed(doc, &ROOT, "cycle", cycle)?;
    changed |= put_if_changed(doc, &ROOT, "cycle_start", iso(cycle_start))?;
    if changed {
        let what = format!(
            "Review cycle: {} from {}",
            cycle.label().to_lowercase(),
            cycle_start.format("%-d %b %Y")
        );
        commit(doc, &name, &what, now_ms);
    }
    Ok(())
}

/// R4.4: the employee acknowledges the metrics; they are fixed for six months from today.
pub fn acknowledge(
    doc: &mut AutoCommit,
    by: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = only(doc, by, Side::Employee)?;
    let plan = load(doc)?;
    if plan.active_metrics().is_empty() {
        return Err(CommandError::Invalid(
            "There are no metrics to acknowledge yet.".into(),
        ));
    }
    // The lock runs from the first acknowledgement: acknowledging again must not move it.
    if plan.acknowledged_on.is_some() {
        return Ok(());
    }
    reconcile_prop(doc, ROOT, "acknowledged_on", iso(today))?;
    commit(doc, &name, "Acknowledged the metrics", now_ms);
    Ok(())
}

/// R4.4: a change while the metrics are locked needs a reason; returns it trimmed (or `None`
/// outside the lock, where a reason given is still kept).
fn lock_reason(
    plan: &PerformancePlan,
    reason: &str,
    today: NaiveDate,
) -> Result<Option<String>, CommandError> {
    let reason = reason.trim();
    if reason.chars().count() > MAX_PROSE {
        return Err(InputError::TooLong { max: MAX_PROSE }.into());
    }
    if plan.is_locked(today) && reason.is_empty() {
        return Err(CommandError::Refused(vec![rules::locked_change(plan)]));
    }
    Ok((!reason.is_empty()).then(|| reason.to_string()))
}

fn keep_change(
    doc: &mut AutoCommit,
    m: &ObjId,
    by: &str,
    reason: Option<&str>,
    what: &str,
    today: NaiveDate,
) -> Result<(), CommandError> {
    if let Some(reason) = reason {
        let changes = obj_at(doc, m, "changes")?;
        let c = MetricChange {
            on: today,
            by: by.to_string(),
            reason: reason.to_string(),
            what: what.to_string(),
        };
        reconcile_prop(doc, &changes, new_id().as_str(), &c)?;
    }
    Ok(())
}

fn with_reason(what: String, reason: Option<&str>) -> String {
    match reason {
        Some(r) => format!("{what} — reason: {r}"),
        None => what,
    }
}

/// R4.1–R4.4: adds a metric (leader only). A sixth metric of an individual contributor is
/// refused (R4.3); while the metrics are locked a reason is required (R4.4). Returns the
/// plan's R4.3 flags after the addition.
pub fn add_metric(
    doc: &mut AutoCommit,
    by: &str,
    draft: &MetricDraft,
    reason: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<Added, CommandError> {
    let name = only(doc, by, Side::Leader)?;
    let v = draft.validate()?;
    let mut plan = load(doc)?;
    if let Some(refusal) = rules::may_add_metric(&plan) {
        return Err(CommandError::Refused(vec![refusal]));
    }
    let reason = lock_reason(&plan, reason, today)?;
    let m = metric_from(new_id(), &v, today);
    let metrics = obj_at(doc, &ROOT, "metrics")?;
    reconcile_prop(doc, &metrics, m.id.as_str(), &m)?;
    let mo = metric_obj(doc, &m.id)?;
    keep_change(doc, &mo, by, reason.as_deref(), "added", today)?;
    let what = with_reason(format!("Added metric \"{}\"", m.outcome), reason.as_deref());
    commit(doc, &name, &what, now_ms);
    let id = m.id.clone();
    plan.metrics.insert(m.id.clone(), m);
    Ok(Added {
        id,
        flags: rules::metric_set(&plan),
    })
}

fn metric_from(id: String, v: &ValidMetric, today: NaiveDate) -> Metric {
    Metric {
        id,
        outcome: v.outcome.clone(),
        objective: v.objective,
        unit: v.unit.clone(),
        target: v.target,
        exceeds_at: v.exceeds_at,
        why_imperative: v.why_imperative.clone(),
        anchors: v.anchors.clone(),
        period: v.period.clone(),
        deadline: v.deadline,
        supports: v.supports.clone(),
        supports_objective: v.supports_objective.clone(),
        adherence: v.adherence,
        replaced_by_goal: None,
        replaced_by_title: String::new(),
        added_on: today,
        changes: BTreeMap::new(),
    }
}

/// What an edit changes, in words, for the history and the change log (R4.4).
fn describe(old: &Metric, new: &ValidMetric) -> Vec<String> {
    let mut out = Vec::new();
    if old.outcome != new.outcome {
        out.push(format!(
            "outcome \"{}\" -> \"{}\"",
            old.outcome, new.outcome
        ));
    }
    if old.objective != new.objective {
        out.push(
            if new.objective {
                "now objective"
            } else {
                "now subjective"
            }
            .into(),
        );
    }
    if old.unit != new.unit {
        out.push(format!("unit \"{}\" -> \"{}\"", old.unit, new.unit));
    }
    if old.target != new.target {
        out.push(format!("target {} -> {}", num(old.target), num(new.target)));
    }
    if old.exceeds_at != new.exceeds_at {
        out.push(format!(
            "exceeds at {} -> {}",
            num(old.exceeds_at),
            num(new.exceeds_at)
        ));
    }
    if old.why_imperative != new.why_imperative {
        out.push("why it is imperative".into());
    }
    if old.anchors != new.anchors {
        out.push("rating anchors".into());
    }
    if old.period != new.period || old.deadline != new.deadline {
        out.push("deadline or period".into());
    }
    if old.supports != new.supports || old.supports_objective != new.supports_objective {
        out.push("team objective".into());
    }
    if old.adherence && !new.adherence {
        out.push("no longer the 1:1 adherence metric".into());
    }
    out
}

/// R4.4: edits a metric (leader only), writing only what changed. While locked a reason is
/// required; it is kept beside the metric and in the history. Whether the metric is the 1:1
/// adherence metric is kept from the stored one (it is set when the metric is added), except
/// that a metric made subjective no longer is.
pub fn edit_metric(
    doc: &mut AutoCommit,
    by: &str,
    metric_id: &str,
    draft: &MetricDraft,
    reason: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = only(doc, by, Side::Leader)?;
    let mut v = draft.validate()?;
    let old = metric(doc, metric_id)?;
    // The adherence metric stays one while it is objective (its results are read from the
    // 1:1 series in percent, R3.6); made subjective, it is rated like any other.
    v.adherence = old.adherence && v.objective;
    let diff = describe(&old, &v);
    if diff.is_empty() {
        return Ok(());
    }
    let plan = load(doc)?;
    let reason = lock_reason(&plan, reason, today)?;
    let m = metric_obj(doc, metric_id)?;
    put_if_changed(doc, &m, "outcome", v.outcome.clone())?;
    put_if_changed(doc, &m, "objective", v.objective)?;
    put_if_changed(doc, &m, "unit", v.unit.clone())?;
    put_if_changed(doc, &m, "target", v.target)?;
    put_if_changed(doc, &m, "exceeds_at", v.exceeds_at)?;
    put_if_changed(doc, &m, "why_imperative", v.why_imperative.clone())?;
    if old.anchors != v.anchors {
        reconcile_prop(doc, &m, "anchors", v.anchors.clone())?;
    }
    put_if_changed(doc, &m, "period", v.period.clone())?;
    put_if_changed(doc, &m, "deadline", v.deadline.map(iso))?;
    put_if_changed(doc, &m, "supports", v.supports.clone())?;
    put_if_changed(doc, &m, "supports_objective", v.supports_objective.clone())?;
    put_if_changed(doc, &m, "adherence", v.adherence)?;
    let what = diff.join("; ");
    keep_change(doc, &m, by, reason.as_deref(), &what, today)?;
    let msg = with_reason(
        format!("Changed metric \"{}\": {what}", v.outcome),
        reason.as_deref(),
    );
    commit(doc, &name, &msg, now_ms);
    Ok(())
}

/// R4.4: removes a metric (leader only); while locked a reason is required and kept in the
/// history. Its results, cases and ratings stay (they are part of the record).
pub fn remove_metric(
    doc: &mut AutoCommit,
    by: &str,
    metric_id: &str,
    reason: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = only(doc, by, Side::Leader)?;
    let old = metric(doc, metric_id)?;
    let plan = load(doc)?;
    let reason = lock_reason(&plan, reason, today)?;
    let metrics = obj_at(doc, &ROOT, "metrics")?;
    doc.delete(&metrics, metric_id)?;
    let what = with_reason(
        format!("Removed metric \"{}\"", old.outcome),
        reason.as_deref(),
    );
    commit(doc, &name, &what, now_ms);
    Ok(())
}

/// R5.5: at an annual review, replaces a subjective metric by a long-term development goal
/// (referenced by id: the goal stays in the development plan, R5.2). At most two.
pub fn replace_with_goal(
    doc: &mut AutoCommit,
    by: &str,
    metric_id: &str,
    goal_id: &str,
    goal_title: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = only(doc, by, Side::Leader)?;
    let plan = load(doc)?;
    let m = metric(doc, metric_id)?;
    if let Some(refusal) = rules::may_replace_with_goal(&plan, &m) {
        return Err(CommandError::Refused(vec![refusal]));
    }
    let title = collapse_spaces(goal_title);
    if goal_id.trim().is_empty() || title.is_empty() {
        return Err(CommandError::Invalid("Choose a development goal.".into()));
    }
    let mo = metric_obj(doc, metric_id)?;
    reconcile_prop(
        doc,
        &mo,
        "replaced_by_goal",
        Some(goal_id.trim().to_string()),
    )?;
    reconcile_prop(doc, &mo, "replaced_by_title", title.clone())?;
    let what = format!("replaced by development goal \"{title}\"");
    keep_change(doc, &mo, by, Some("annual review"), &what, today)?;
    commit(
        doc,
        &name,
        &format!("Metric \"{}\" {what}", m.outcome),
        now_ms,
    );
    Ok(())
}

/// The result of a metric for a period (leader only). A subjective metric takes a whole
/// rating 1–5. Recording again corrects it.
#[allow(clippy::too_many_arguments)]
pub fn record_result(
    doc: &mut AutoCommit,
    by: &str,
    metric_id: &str,
    period: &Period,
    value: f64,
    note: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = only(doc, by, Side::Leader)?;
    let m = metric(doc, metric_id)?;
    if !value.is_finite() || (!m.objective && !valid_rating(value)) {
        return Err(InputError::Rating.into());
    }
    let note = note.trim();
    if note.chars().count() > MAX_PROSE {
        return Err(InputError::TooLong { max: MAX_PROSE }.into());
    }
    let key = period_metric_key(period, metric_id);
    let results = obj_at(doc, &ROOT, "results")?;
    let old: Option<MetricResult> = hydrate_prop(doc, &results, key.as_str()).ok().flatten();
    if old
        .as_ref()
        .is_some_and(|o| o.value == value && o.note == note)
    {
        return Ok(());
    }
    let r = MetricResult {
        metric_id: metric_id.to_string(),
        period_start: period.start,
        value,
        note: note.to_string(),
        recorded_on: today,
        by: by.to_string(),
    };
    reconcile_prop(doc, &results, key.as_str(), &r)?;
    let unit = if m.objective { m.unit.as_str() } else { "of 5" };
    let what = format!(
        "Result of \"{}\" for {}: {} {unit} ({})",
        m.outcome,
        period.label(),
        num(value),
        m.score(value).label().to_lowercase()
    );
    commit(doc, &name, &what, now_ms);
    Ok(())
}

fn valid_rating(v: f64) -> bool {
    v.fract() == 0.0 && (1.0..=5.0).contains(&v)
}

/// R4.6: records a documented case (leader only). Returns the flag raised when no coaching was
/// possible (the metric is then not attainable or not clearly defined).
pub fn record_case(
    doc: &mut AutoCommit,
    by: &str,
    draft: &CaseDraft,
    today: NaiveDate,
    now_ms: i64,
) -> Result<Added, CommandError> {
    let name = only(doc, by, Side::Leader)?;
    let barrier = draft.validate(today)?;
    let m = metric(doc, &draft.metric_id)?;
    let c = Case {
        id: new_id(),
        metric_id: draft.metric_id.clone(),
        date: draft.date,
        what: draft.what.trim().to_string(),
        coaching: if draft.no_coaching_possible {
            String::new()
        } else {
            draft.coaching.trim().to_string()
        },
        no_coaching_possible: draft.no_coaching_possible,
        barrier,
        by: by.to_string(),
    };
    let cases = obj_at(doc, &ROOT, "cases")?;
    reconcile_prop(doc, &cases, c.id.as_str(), &c)?;
    let what = format!(
        "Documented a case on \"{}\" ({})",
        m.outcome,
        c.date.format("%-d %b %Y")
    );
    commit(doc, &name, &what, now_ms);
    let flags = if c.no_coaching_possible {
        vec![rules::not_attainable(&m)]
    } else {
        vec![]
    };
    Ok(Added { id: c.id, flags })
}

/// Dated feedback or praise, against a metric or the plan (either side).
#[allow(clippy::too_many_arguments)]
pub fn add_feedback(
    doc: &mut AutoCommit,
    by: &str,
    metric_id: Option<&str>,
    date: NaiveDate,
    praise: bool,
    text: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<String, CommandError> {
    let (_, name) = actor(doc, by)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(InputError::Empty.into());
    }
    if text.chars().count() > MAX_PROSE {
        return Err(InputError::TooLong { max: MAX_PROSE }.into());
    }
    if date > today {
        return Err(InputError::FutureDate.into());
    }
    let metric_id = metric_id.map(str::trim).filter(|s| !s.is_empty());
    if let Some(id) = metric_id {
        metric(doc, id)?;
    }
    let f = Feedback {
        id: new_id(),
        metric_id: metric_id.map(str::to_string),
        date,
        praise,
        text: text.to_string(),
        by: by.to_string(),
    };
    let feedback = obj_at(doc, &ROOT, "feedback")?;
    reconcile_prop(doc, &feedback, f.id.as_str(), &f)?;
    let what = if praise {
        "Noted praise"
    } else {
        "Noted feedback"
    };
    commit(doc, &name, what, now_ms);
    Ok(f.id)
}

/// The employee's self-assessment of one metric for a period (employee only).
#[allow(clippy::too_many_arguments)]
pub fn set_self_rating(
    doc: &mut AutoCommit,
    by: &str,
    metric_id: &str,
    period: &Period,
    rating: u8,
    comment: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = only(doc, by, Side::Employee)?;
    if !(1..=5).contains(&rating) {
        return Err(InputError::Rating.into());
    }
    let comment = comment.trim();
    if comment.chars().count() > MAX_PROSE {
        return Err(InputError::TooLong { max: MAX_PROSE }.into());
    }
    let m = metric(doc, metric_id)?;
    let key = period_metric_key(period, metric_id);
    let ratings = obj_at(doc, &ROOT, "self_ratings")?;
    let old: Option<SelfRating> = hydrate_prop(doc, &ratings, key.as_str()).ok().flatten();
    if old
        .as_ref()
        .is_some_and(|o| o.rating == rating && o.comment == comment)
    {
        return Ok(());
    }
    let r = SelfRating {
        metric_id: metric_id.to_string(),
        period_start: period.start,
        rating,
        comment: comment.to_string(),
        updated_on: today,
    };
    reconcile_prop(doc, &ratings, key.as_str(), &r)?;
    let what = format!("Self-assessed \"{}\": {rating} of 5", m.outcome);
    commit(doc, &name, &what, now_ms);
    Ok(())
}

/// R4.7: the leader shares the review of a period (drafted in their private workspace until
/// now). Sharing again updates the summary, merged character-wise.
pub fn share_review(
    doc: &mut AutoCommit,
    by: &str,
    period: &Period,
    summary: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = only(doc, by, Side::Leader)?;
    let summary = summary.trim();
    if summary.is_empty() {
        return Err(InputError::Empty.into());
    }
    if summary.chars().count() > MAX_PROSE * 4 {
        return Err(InputError::TooLong { max: MAX_PROSE * 4 }.into());
    }
    let reviews = obj_at(doc, &ROOT, "reviews")?;
    let key = period.key();
    match doc.get(&reviews, key.as_str())? {
        Some((automerge::Value::Object(_), r)) => {
            if !super::set_text(doc, &r, "summary", summary)? {
                return Ok(());
            }
            reconcile_prop(doc, &r, "shared_on", iso(today))?;
            commit(doc, &name, "Updated the shared review", now_ms);
        }
        _ => {
            let r = Review {
                period_start: period.start,
                period_end: period.end,
                summary: Text::from(summary),
                shared_on: today,
            };
            reconcile_prop(doc, &reviews, key.as_str(), &r)?;
            let what = format!("Shared the review of {}", period.label());
            commit(doc, &name, &what, now_ms);
        }
    }
    Ok(())
}

/// A comment on a shared review (either side).
pub fn add_review_comment(
    doc: &mut AutoCommit,
    by: &str,
    review_key: &str,
    text: &str,
    now_ms: i64,
) -> Result<String, CommandError> {
    let (_, name) = actor(doc, by)?;
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err(InputError::Empty.into());
    }
    if text.chars().count() > MAX_PROSE {
        return Err(InputError::TooLong { max: MAX_PROSE }.into());
    }
    let reviews = obj_at(doc, &ROOT, "reviews")?;
    if !matches!(
        doc.get(&reviews, review_key)?,
        Some((automerge::Value::Object(_), _))
    ) {
        return Err(CommandError::NotFound("review"));
    }
    let c = ReviewComment {
        id: new_id(),
        review: review_key.to_string(),
        by: by.to_string(),
        at_ms: now_ms,
        text,
    };
    let comments = obj_at(doc, &ROOT, "comments")?;
    reconcile_prop(doc, &comments, c.id.as_str(), &c)?;
    commit(doc, &name, "Commented on the review", now_ms);
    Ok(c.id)
}

/// Builders shared by the rule and review tests: plans as plain values, no document needed.
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;
