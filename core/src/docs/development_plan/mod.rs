//! The development-plan document (Goal 5): one per employee, led by the employee, shared with
//! their leader through sync files exactly like the 1:1 series (R5.1, R7.1).
//!
//! It is created on ONE side — by the employee, or by the leader for a new report — and the
//! other side only ever loads it from a sync file (ARCHITECTURE.md, one first change).
//!
//! Schema 1 (root keys):
//!
//! | key            | type                              | written by        |
//! |----------------|-----------------------------------|-------------------|
//! | `meta`         | [`DocMeta`] (kind `development-plan`) | creator       |
//! | `employee`     | `{id, name}`                      | creator           |
//! | `leader`       | `{id, name}`                      | creator           |
//! | `created_by`   | person id                         | creator           |
//! | `created_on`   | ISO date (anchors the R5.4 cadence before any in-depth discussion) | creator |
//! | `goals`        | map goal id -> [`Goal`] (horizon 1/3/5 years, `description` Text, `actions` map id -> [`GoalAction`]) | both |
//! | `priorities`   | Text: personal priorities         | employee (R5.3)   |
//! | `priorities_updated_on` | ISO date or null          | employee          |
//! | `aspiration`   | [`Aspiration`]: promotion / leadership interest | employee (R5.3) |
//! | `bench`        | [`BenchAssessment`]: role, readiness, successor roles, backfill | leader (R5.3) |
//! | `comments`     | map id -> [`Comment`]             | both              |
//! | `discussions`  | map id -> [`Discussion`] (log of IDP checks and in-depth discussions, R5.4) | both |
//!
//! Goals are keyed by id rather than grouped by horizon so that moving a goal to another
//! horizon is one scalar edit, not a delete plus insert that could race with the other side.
//! Career goals are kept apart from performance metrics (R5.2): nothing here points at a
//! performance plan, and nothing there points here.
//!
//! Every command is a free function taking the document, the acting person's id, its
//! arguments, the local `today` where a date is stamped or checked, and `now_ms` for the
//! commit. It refuses people who are not on the plan, and the fields that belong to one side
//! (the employee's aspiration and priorities, the leader's bench assessment) are refused to
//! the other. Each command reconciles only the fields it changes and makes one commit with a
//! readable "what" (R8.5): re-writing an unchanged field would turn a harmless concurrent edit
//! on the other side into a last-writer-wins conflict (automerge 0.12 happens to skip a put of
//! an identical scalar, but a struct rebuilt from a form holds fresh `Text` values, and
//! reconciling those would replace the stored text objects instead of splicing them).
//! A command that changes nothing makes no commit.

use std::collections::BTreeMap;

use automerge::{transaction::Transactable, AutoCommit, ObjId, ReadDoc, ROOT};
use autosurgeon::{hydrate, hydrate_prop, reconcile_prop, Text};
use chrono::NaiveDate;

use super::{commit, obj_at, put_if_changed, CommandError, DocError, DocKind, DocMeta};
use crate::domain::development::{
    Aspiration, BenchAssessment, BenchDraft, Comment, DevelopmentPlan, Discussion, DiscussionDraft,
    Goal, GoalAction, GoalActionDraft, GoalDraft, GoalStatus, InputError, Interest, Participant,
    MAX_COMMENT, MAX_PROSE,
};
use crate::domain::{new_id, Side};
use crate::rules::Finding;

/// Schema version written by this build; loading refuses anything newer.
pub const SCHEMA: u64 = 1;

use super::iso;
pub use super::Added;

/// Creates the plan with every root object in one first change (ARCHITECTURE.md, one first
/// change). `created_by` must be the employee or the leader.
pub fn create(
    doc_id: &str,
    employee: &Participant,
    leader: &Participant,
    created_by: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<AutoCommit, CommandError> {
    let super::pair::NewPair {
        employee,
        leader,
        creator_name,
    } = super::pair::new_pair(employee, leader, created_by)?;
    let plan = DevelopmentPlan {
        meta: DocMeta {
            id: doc_id.to_string(),
            kind: DocKind::DevelopmentPlan,
            schema: SCHEMA,
        },
        employee,
        leader,
        created_by: created_by.to_string(),
        created_on: today,
        goals: BTreeMap::new(),
        priorities: Text::default(),
        priorities_updated_on: None,
        aspiration: Aspiration::default(),
        bench: BenchAssessment::default(),
        comments: BTreeMap::new(),
        discussions: BTreeMap::new(),
    };
    let mut doc = super::new_doc();
    // One reconcile of the whole value: every root key, map and text object is born in this
    // single change, so the other side can only ever merge into it, never race with it.
    autosurgeon::reconcile(&mut doc, &plan)?;
    commit(&mut doc, &creator_name, "Created development plan", now_ms);
    Ok(doc)
}

/// Hydrates the plan after checking its kind and schema.
pub fn load(doc: &AutoCommit) -> Result<DevelopmentPlan, DocError> {
    super::check(doc, DocKind::DevelopmentPlan, SCHEMA)?;
    Ok(hydrate(doc)?)
}

use super::pair::{actor, only_side as only};

/// A map stored under `parent[key]`, or `missing` if it is not there (removed concurrently).
fn child(
    doc: &AutoCommit,
    parent: &ObjId,
    key: &str,
    missing: CommandError,
) -> Result<ObjId, CommandError> {
    match doc.get(parent, key)? {
        Some((automerge::Value::Object(_), id)) => Ok(id),
        _ => Err(missing),
    }
}

fn goal_obj(doc: &AutoCommit, goal_id: &str) -> Result<ObjId, CommandError> {
    let goals = obj_at(doc, &ROOT, "goals")?;
    child(doc, &goals, goal_id, CommandError::NotFound("goal"))
}

/// Adds a goal (either side may; the plan is employee-led but a leader may suggest one).
/// Refuses what [`GoalDraft::validate`] refuses and returns its R5.1 flags.
pub fn add_goal(
    doc: &mut AutoCommit,
    by: &str,
    draft: &GoalDraft,
    today: NaiveDate,
    now_ms: i64,
) -> Result<Added, CommandError> {
    let (_, name) = actor(doc, by)?;
    let (v, flags) = draft.validate(today)?;
    let goal = Goal {
        id: new_id(),
        horizon: v.horizon,
        title: v.title,
        description: Text::from(v.description),
        target_date: v.target_date,
        status: GoalStatus::Active,
        actions: BTreeMap::new(),
        added_by: by.to_string(),
        within_organisation: v.within_organisation,
        updated_on: today,
    };
    let goals = obj_at(doc, &ROOT, "goals")?;
    reconcile_prop(doc, &goals, goal.id.as_str(), &goal)?;
    let what = format!("Added {} goal \"{}\"", goal.horizon.label(), goal.title);
    commit(doc, &name, &what, now_ms);
    Ok(Added { id: goal.id, flags })
}

/// Edits a goal's title, horizon, target date, scope and description, writing only what
/// changed. Date flags (R5.1) are returned only when the horizon or target date changed: an
/// old goal's target naturally drifts out of its horizon window as time passes.
pub fn edit_goal(
    doc: &mut AutoCommit,
    by: &str,
    goal_id: &str,
    draft: &GoalDraft,
    today: NaiveDate,
    now_ms: i64,
) -> Result<Vec<Finding>, CommandError> {
    let (_, name) = actor(doc, by)?;
    let (v, flags) = draft.validate(today)?;
    let g = goal_obj(doc, goal_id)?;
    let goals = obj_at(doc, &ROOT, "goals")?;
    let old: Goal = hydrate_prop(doc, &goals, goal_id)?;
    // Text is diffed against the stored text so only the edited characters become operations
    // and a concurrent edit by the other side merges instead of being overwritten.
    let mut changed = super::set_text(doc, &g, "description", v.description.as_str())?;
    changed |= put_if_changed(doc, &g, "title", v.title.clone())?;
    let date_changed = old.horizon != v.horizon || old.target_date != v.target_date;
    changed |= put_if_changed(doc, &g, "horizon", v.horizon)?;
    changed |= put_if_changed(doc, &g, "target_date", iso(v.target_date))?;
    changed |= put_if_changed(doc, &g, "within_organisation", v.within_organisation)?;
    if !changed {
        return Ok(vec![]);
    }
    touch_goal(doc, &g, old.updated_on, today)?;
    commit(doc, &name, &format!("Edited goal \"{}\"", v.title), now_ms);
    Ok(if date_changed { flags } else { vec![] })
}

/// Stamps a goal's `updated_on` (freshness, R6.1), never moving it backwards.
fn touch_goal(
    doc: &mut AutoCommit,
    g: &ObjId,
    old: NaiveDate,
    today: NaiveDate,
) -> Result<(), CommandError> {
    if today > old {
        reconcile_prop(doc, g, "updated_on", iso(today))?;
    }
    Ok(())
}

/// Marks a goal active, achieved or dropped.
pub fn set_goal_status(
    doc: &mut AutoCommit,
    by: &str,
    goal_id: &str,
    status: GoalStatus,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (_, name) = actor(doc, by)?;
    let g = goal_obj(doc, goal_id)?;
    let old: GoalStatus = hydrate_prop(doc, &g, "status")?;
    if old == status {
        return Ok(());
    }
    let title: String = hydrate_prop(doc, &g, "title")?;
    let updated: NaiveDate = crate::domain::iso_date::hydrate(doc, &g, "updated_on".into())?;
    reconcile_prop(doc, &g, "status", status)?;
    touch_goal(doc, &g, updated, today)?;
    let what = format!("Marked goal \"{title}\" {}", status.label().to_lowercase());
    commit(doc, &name, &what, now_ms);
    Ok(())
}

/// Adds an action to a goal. Returns flags for a due date already passed or after the goal's
/// target date.
pub fn add_goal_action(
    doc: &mut AutoCommit,
    by: &str,
    goal_id: &str,
    draft: &GoalActionDraft,
    today: NaiveDate,
    now_ms: i64,
) -> Result<Added, CommandError> {
    let (_, name) = actor(doc, by)?;
    let g = goal_obj(doc, goal_id)?;
    let target: NaiveDate = crate::domain::iso_date::hydrate(doc, &g, "target_date".into())?;
    let updated: NaiveDate = crate::domain::iso_date::hydrate(doc, &g, "updated_on".into())?;
    let (text, due, flags) = draft.validate(target, today)?;
    let action = GoalAction {
        id: new_id(),
        text,
        due,
        done_on: None,
        added_by: by.to_string(),
    };
    let actions = obj_at(doc, &g, "actions")?;
    reconcile_prop(doc, &actions, action.id.as_str(), &action)?;
    touch_goal(doc, &g, updated, today)?;
    commit(
        doc,
        &name,
        &format!("Added action \"{}\"", action.text),
        now_ms,
    );
    Ok(Added {
        id: action.id,
        flags,
    })
}

/// Completes an action (`done = true`, dated today) or reopens it.
pub fn set_goal_action_done(
    doc: &mut AutoCommit,
    by: &str,
    goal_id: &str,
    action_id: &str,
    done: bool,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (_, name) = actor(doc, by)?;
    let g = goal_obj(doc, goal_id)?;
    let actions = obj_at(doc, &g, "actions")?;
    let a = child(doc, &actions, action_id, CommandError::NotFound("action"))?;
    let action: GoalAction = hydrate_prop(doc, &actions, action_id)?;
    if action.is_done() == done {
        return Ok(());
    }
    let updated: NaiveDate = crate::domain::iso_date::hydrate(doc, &g, "updated_on".into())?;
    let done_on = done.then(|| iso(today));
    reconcile_prop(doc, &a, "done_on", done_on)?;
    touch_goal(doc, &g, updated, today)?;
    let what = if done {
        format!("Completed action \"{}\"", action.text)
    } else {
        format!("Reopened action \"{}\"", action.text)
    };
    commit(doc, &name, &what, now_ms);
    Ok(())
}

/// R5.3: replaces the employee's personal priorities. Diffed against the stored Text, so only
/// the typed characters become operations.
pub fn set_priorities(
    doc: &mut AutoCommit,
    by: &str,
    text: impl Into<crate::text::TextEdit>,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (side, name) = actor(doc, by)?;
    only(side, Side::Employee)?;
    let edit = text.into();
    if edit.chars() > MAX_PROSE {
        return Err(InputError::TooLong { max: MAX_PROSE }.into());
    }
    if !super::set_text(doc, &ROOT, "priorities", edit)? {
        return Ok(());
    }
    reconcile_prop(doc, &ROOT, "priorities_updated_on", iso(today))?;
    commit(doc, &name, "Edited personal priorities", now_ms);
    Ok(())
}

/// R5.3: the employee states interest in promotion and in leadership (`None` = not answered).
pub fn set_aspiration(
    doc: &mut AutoCommit,
    by: &str,
    promotion: Option<Interest>,
    leadership: Option<Interest>,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (side, name) = actor(doc, by)?;
    only(side, Side::Employee)?;
    let asp = obj_at(doc, &ROOT, "aspiration")?;
    let old: Aspiration = hydrate_prop(doc, &ROOT, "aspiration")?;
    if old.promotion == promotion && old.leadership == leadership {
        return Ok(());
    }
    put_if_changed(doc, &asp, "promotion", promotion)?;
    put_if_changed(doc, &asp, "leadership", leadership)?;
    reconcile_prop(doc, &asp, "updated_on", iso(today))?;
    let label = |i: Option<Interest>| i.map(|i| i.label()).unwrap_or("not answered");
    let what = format!(
        "Interest in promotion: {}; in leadership: {}",
        label(promotion),
        label(leadership)
    );
    commit(doc, &name, &what, now_ms);
    Ok(())
}

/// R5.3: the leader's bench assessment — current role, readiness, roles the employee could
/// step into, and whether their role would need a backfill. Only the leader may set it.
pub fn set_bench_assessment(
    doc: &mut AutoCommit,
    by: &str,
    draft: &BenchDraft,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (side, name) = actor(doc, by)?;
    only(side, Side::Leader)?;
    let (role_title, successor_for) = draft.validate()?;
    let b = obj_at(doc, &ROOT, "bench")?;
    let mut changed = put_if_changed(doc, &b, "role_title", role_title)?;
    changed |= put_if_changed(doc, &b, "readiness", draft.readiness)?;
    changed |= put_if_changed(doc, &b, "successor_for", successor_for)?;
    changed |= put_if_changed(doc, &b, "backfill_needed", draft.backfill_needed)?;
    if !changed {
        return Ok(());
    }
    reconcile_prop(doc, &b, "assessed_on", iso(today))?;
    let what = format!("Assessed readiness: {}", draft.readiness.label());
    commit(doc, &name, &what, now_ms);
    Ok(())
}

/// Adds a comment to the plan (either side).
pub fn add_comment(
    doc: &mut AutoCommit,
    by: &str,
    text: &str,
    now_ms: i64,
) -> Result<String, CommandError> {
    let (_, name) = actor(doc, by)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(InputError::EmptyComment.into());
    }
    if text.chars().count() > MAX_COMMENT {
        return Err(InputError::TooLong { max: MAX_COMMENT }.into());
    }
    let c = Comment {
        id: new_id(),
        by: by.to_string(),
        at_ms: now_ms,
        text: text.to_string(),
    };
    let comments = obj_at(doc, &ROOT, "comments")?;
    reconcile_prop(doc, &comments, c.id.as_str(), &c)?;
    commit(doc, &name, "Commented on the plan", now_ms);
    Ok(c.id)
}

/// R5.4: records a discussion — a short check in a 1:1 (link it with `one_on_one_id`) or the
/// six-monthly in-depth discussion. Refuses a future date.
pub fn record_discussion(
    doc: &mut AutoCommit,
    by: &str,
    draft: &DiscussionDraft,
    today: NaiveDate,
    now_ms: i64,
) -> Result<String, CommandError> {
    let (_, name) = actor(doc, by)?;
    draft.validate(today)?;
    let d = Discussion {
        id: new_id(),
        date: draft.date,
        kind: draft.kind,
        one_on_one_id: draft
            .one_on_one_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        notes: Text::from(draft.notes.as_str()),
        by: by.to_string(),
    };
    let log = obj_at(doc, &ROOT, "discussions")?;
    reconcile_prop(doc, &log, d.id.as_str(), &d)?;
    let what = format!(
        "Recorded {} on {}",
        d.kind.label().to_lowercase(),
        iso(d.date)
    );
    commit(doc, &name, &what, now_ms);
    Ok(d.id)
}

/// Edits the notes of a recorded discussion (either side; merged character-wise).
pub fn edit_discussion_notes(
    doc: &mut AutoCommit,
    by: &str,
    discussion_id: &str,
    notes: impl Into<crate::text::TextEdit>,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (_, name) = actor(doc, by)?;
    let edit = notes.into();
    if edit.chars() > MAX_PROSE {
        return Err(InputError::TooLong { max: MAX_PROSE }.into());
    }
    let log = obj_at(doc, &ROOT, "discussions")?;
    let d = child(
        doc,
        &log,
        discussion_id,
        CommandError::NotFound("discussion record"),
    )?;
    if !super::set_text(doc, &d, "notes", edit)? {
        return Ok(());
    }
    commit(doc, &name, "Edited discussion notes", now_ms);
    Ok(())
}

/// Removes a goal and its actions (either side; shown in history).
pub fn delete_goal(
    doc: &mut AutoCommit,
    by: &str,
    goal_id: &str,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (_, name) = actor(doc, by)?;
    let g = goal_obj(doc, goal_id)?;
    let title: String = hydrate_prop(doc, &g, "title")?;
    let goals = obj_at(doc, &ROOT, "goals")?;
    doc.delete(&goals, goal_id)?;
    commit(doc, &name, &format!("Removed goal \"{title}\""), now_ms);
    Ok(())
}

/// Builders shared by the rule and bench tests: plans as plain values, no document needed.
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;
