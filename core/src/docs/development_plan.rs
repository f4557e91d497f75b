//! The development-plan document (Goal 5): one per employee, led by the employee, shared with
//! their leader through sync files exactly like the 1:1 series (R5.1, R7.1).
//!
//! It is created on ONE side — by the employee, or by the leader for a new report — with every
//! root object in that first change, and the other side only ever loads it from a sync file
//! (DESIGN.md, "initial document trap").
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
use autosurgeon::{hydrate, hydrate_prop, reconcile_prop, Hydrate, Reconcile, Text};
use chrono::NaiveDate;

use super::{commit, obj_at, DocError, DocKind, DocMeta};
use crate::domain::development::{
    ActionDraft, Aspiration, BenchAssessment, BenchDraft, Comment, Discussion, DiscussionDraft,
    DiscussionKind, Goal, GoalAction, GoalDraft, GoalStatus, Horizon, Interest, Participant,
    PlanInputError, MAX_COMMENT, MAX_PROSE,
};
use crate::domain::new_id;
use crate::rules::Finding;

/// Schema version written by this build; loading refuses anything newer.
pub const SCHEMA: u64 = 1;

/// Which side of the plan a person is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Employee,
    Leader,
}

/// The hydrated development plan. Everything in it is shared between the two participants;
/// nobody's private notes are ever stored here (R5.3, R7.2).
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct DevelopmentPlan {
    pub meta: DocMeta,
    pub employee: Participant,
    pub leader: Participant,
    /// Person id of whoever created the document.
    pub created_by: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub created_on: NaiveDate,
    pub goals: BTreeMap<String, Goal>,
    /// R5.3: the employee's personal priorities, free prose.
    pub priorities: Text,
    #[autosurgeon(with = "crate::domain::iso_date_opt", missing = "Default::default")]
    pub priorities_updated_on: Option<NaiveDate>,
    pub aspiration: Aspiration,
    pub bench: BenchAssessment,
    pub comments: BTreeMap<String, Comment>,
    pub discussions: BTreeMap<String, Discussion>,
}

impl DevelopmentPlan {
    pub fn side_of(&self, person_id: &str) -> Option<Side> {
        if person_id == self.employee.id {
            Some(Side::Employee)
        } else if person_id == self.leader.id {
            Some(Side::Leader)
        } else {
            None
        }
    }

    /// Display name of a participant id (for "added by", comment authors …).
    pub fn name_of(&self, person_id: &str) -> &str {
        match self.side_of(person_id) {
            Some(Side::Employee) => &self.employee.name,
            Some(Side::Leader) => &self.leader.name,
            None => "someone else",
        }
    }

    /// Goals of one horizon: active first, then by target date and title.
    pub fn goals_in(&self, horizon: Horizon) -> Vec<&Goal> {
        let mut v: Vec<&Goal> = self
            .goals
            .values()
            .filter(|g| g.horizon == horizon)
            .collect();
        v.sort_by(|a, b| {
            (!a.is_active(), a.target_date, &a.title).cmp(&(
                !b.is_active(),
                b.target_date,
                &b.title,
            ))
        });
        v
    }

    /// Number of active goals per horizon, in [`Horizon::ALL`] order.
    pub fn active_goal_counts(&self) -> [usize; 3] {
        Horizon::ALL.map(|h| {
            self.goals
                .values()
                .filter(|g| g.horizon == h && g.is_active())
                .count()
        })
    }

    /// The discussion log, newest first.
    pub fn discussions_newest_first(&self) -> Vec<&Discussion> {
        let mut v: Vec<&Discussion> = self.discussions.values().collect();
        v.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
        v
    }

    /// Comments in the order they were written.
    pub fn comments_in_order(&self) -> Vec<&Comment> {
        let mut v: Vec<&Comment> = self.comments.values().collect();
        v.sort_by(|a, b| a.at_ms.cmp(&b.at_ms).then_with(|| a.id.cmp(&b.id)));
        v
    }

    /// Date of the latest discussion of `kind`, if any.
    pub fn last_discussion(&self, kind: DiscussionKind) -> Option<NaiveDate> {
        self.discussions
            .values()
            .filter(|d| d.kind == kind)
            .map(|d| d.date)
            .max()
    }
}

/// What a command refuses, and why.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Input(#[from] PlanInputError),
    #[error("This person is not part of this development plan.")]
    NotAParticipant,
    #[error("Only {0} can change this.")]
    NotAllowed(&'static str),
    #[error("This goal no longer exists (it may have been removed on the other side).")]
    NoSuchGoal,
    #[error("This action no longer exists (it may have been removed on the other side).")]
    NoSuchAction,
    #[error("This discussion record no longer exists.")]
    NoSuchDiscussion,
    #[error(transparent)]
    Doc(#[from] DocError),
}

impl From<autosurgeon::ReconcileError> for PlanError {
    fn from(e: autosurgeon::ReconcileError) -> Self {
        PlanError::Doc(e.into())
    }
}

impl From<autosurgeon::HydrateError> for PlanError {
    fn from(e: autosurgeon::HydrateError) -> Self {
        PlanError::Doc(e.into())
    }
}

impl From<automerge::AutomergeError> for PlanError {
    fn from(e: automerge::AutomergeError) -> Self {
        PlanError::Doc(e.into())
    }
}

/// A new item's id and the flags raised on it (allowed, but worth a look).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub id: String,
    pub flags: Vec<Finding>,
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Creates the plan with every root object in one first change (DESIGN.md, "initial document
/// trap"). `created_by` must be the employee or the leader.
pub fn create(
    doc_id: &str,
    employee: &Participant,
    leader: &Participant,
    created_by: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<AutoCommit, PlanError> {
    let clean = |p: &Participant| Participant {
        id: p.id.trim().to_string(),
        name: crate::domain::development::collapse_spaces(&p.name),
    };
    let (employee, leader) = (clean(employee), clean(leader));
    if employee.id.is_empty() || leader.id.is_empty() || employee.id == leader.id {
        return Err(PlanInputError::BadParticipants.into());
    }
    if employee.name.is_empty() || leader.name.is_empty() {
        return Err(PlanInputError::BadParticipants.into());
    }
    let by_name = if created_by == employee.id {
        employee.name.clone()
    } else if created_by == leader.id {
        leader.name.clone()
    } else {
        return Err(PlanError::NotAParticipant);
    };
    let plan = DevelopmentPlan {
        meta: DocMeta {
            id: doc_id.to_string(),
            kind: DocKind::DevelopmentPlan.as_str().to_string(),
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
    commit(&mut doc, &by_name, "Created development plan", now_ms);
    Ok(doc)
}

/// Hydrates the plan after checking its kind and schema.
pub fn load(doc: &AutoCommit) -> Result<DevelopmentPlan, DocError> {
    super::check(doc, DocKind::DevelopmentPlan, SCHEMA)?;
    Ok(hydrate(doc)?)
}

/// The acting person's side and display name; refuses anyone not on the plan.
fn actor(doc: &AutoCommit, by: &str) -> Result<(Side, String), PlanError> {
    let employee: Participant = hydrate_prop(doc, ROOT, "employee")?;
    if by == employee.id {
        return Ok((Side::Employee, employee.name));
    }
    let leader: Participant = hydrate_prop(doc, ROOT, "leader")?;
    if by == leader.id {
        return Ok((Side::Leader, leader.name));
    }
    Err(PlanError::NotAParticipant)
}

fn only(side: Side, needed: Side) -> Result<(), PlanError> {
    match (side, needed) {
        (a, b) if a == b => Ok(()),
        (_, Side::Employee) => Err(PlanError::NotAllowed("the employee")),
        (_, Side::Leader) => Err(PlanError::NotAllowed("the leader")),
    }
}

/// A map stored under `parent[key]`, or `missing` if it is not there (removed concurrently).
fn child(
    doc: &AutoCommit,
    parent: &ObjId,
    key: &str,
    missing: PlanError,
) -> Result<ObjId, PlanError> {
    match doc.get(parent, key)? {
        Some((automerge::Value::Object(_), id)) => Ok(id),
        _ => Err(missing),
    }
}

fn goal_obj(doc: &AutoCommit, goal_id: &str) -> Result<ObjId, PlanError> {
    let goals = obj_at(doc, &ROOT, "goals")?;
    child(doc, &goals, goal_id, PlanError::NoSuchGoal)
}

/// Adds a goal (either side may; the plan is employee-led but a leader may suggest one).
/// Refuses what [`GoalDraft::validate`] refuses and returns its R5.1 flags.
pub fn add_goal(
    doc: &mut AutoCommit,
    by: &str,
    draft: &GoalDraft,
    today: NaiveDate,
    now_ms: i64,
) -> Result<Added, PlanError> {
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
) -> Result<Vec<Finding>, PlanError> {
    let (_, name) = actor(doc, by)?;
    let (v, flags) = draft.validate(today)?;
    let g = goal_obj(doc, goal_id)?;
    let goals = obj_at(doc, &ROOT, "goals")?;
    let old: Goal = hydrate_prop(doc, &goals, goal_id)?;
    let mut changed = false;
    if old.description.as_str() != v.description {
        // Diffed against the stored text so only the edited characters become operations and
        // a concurrent edit by the other side merges instead of being overwritten.
        let mut text: Text = hydrate_prop(doc, &g, "description")?;
        text.update(&v.description);
        reconcile_prop(doc, &g, "description", &text)?;
        changed = true;
    }
    if old.title != v.title {
        reconcile_prop(doc, &g, "title", &v.title)?;
        changed = true;
    }
    let date_changed = old.horizon != v.horizon || old.target_date != v.target_date;
    if old.horizon != v.horizon {
        reconcile_prop(doc, &g, "horizon", v.horizon)?;
        changed = true;
    }
    if old.target_date != v.target_date {
        reconcile_prop(doc, &g, "target_date", iso(v.target_date))?;
        changed = true;
    }
    if old.within_organisation != v.within_organisation {
        reconcile_prop(doc, &g, "within_organisation", v.within_organisation)?;
        changed = true;
    }
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
) -> Result<(), PlanError> {
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
) -> Result<(), PlanError> {
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
    draft: &ActionDraft,
    today: NaiveDate,
    now_ms: i64,
) -> Result<Added, PlanError> {
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
) -> Result<(), PlanError> {
    let (_, name) = actor(doc, by)?;
    let g = goal_obj(doc, goal_id)?;
    let actions = obj_at(doc, &g, "actions")?;
    let a = child(doc, &actions, action_id, PlanError::NoSuchAction)?;
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
) -> Result<(), PlanError> {
    let (side, name) = actor(doc, by)?;
    only(side, Side::Employee)?;
    let edit = text.into();
    if edit.chars() > MAX_PROSE {
        return Err(PlanInputError::TooLong { max: MAX_PROSE }.into());
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
) -> Result<(), PlanError> {
    let (side, name) = actor(doc, by)?;
    only(side, Side::Employee)?;
    let asp = obj_at(doc, &ROOT, "aspiration")?;
    let old: Aspiration = hydrate_prop(doc, &ROOT, "aspiration")?;
    if old.promotion == promotion && old.leadership == leadership {
        return Ok(());
    }
    if old.promotion != promotion {
        reconcile_prop(doc, &asp, "promotion", promotion)?;
    }
    if old.leadership != leadership {
        reconcile_prop(doc, &asp, "leadership", leadership)?;
    }
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
) -> Result<(), PlanError> {
    let (side, name) = actor(doc, by)?;
    only(side, Side::Leader)?;
    let (role_title, successor_for) = draft.validate()?;
    let b = obj_at(doc, &ROOT, "bench")?;
    let old: BenchAssessment = hydrate_prop(doc, &ROOT, "bench")?;
    let mut changed = false;
    if old.role_title != role_title {
        reconcile_prop(doc, &b, "role_title", &role_title)?;
        changed = true;
    }
    if old.readiness != draft.readiness {
        reconcile_prop(doc, &b, "readiness", draft.readiness)?;
        changed = true;
    }
    if old.successor_for != successor_for {
        reconcile_prop(doc, &b, "successor_for", &successor_for)?;
        changed = true;
    }
    if old.backfill_needed != draft.backfill_needed {
        reconcile_prop(doc, &b, "backfill_needed", draft.backfill_needed)?;
        changed = true;
    }
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
) -> Result<String, PlanError> {
    let (_, name) = actor(doc, by)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(PlanInputError::EmptyComment.into());
    }
    if text.chars().count() > MAX_COMMENT {
        return Err(PlanInputError::TooLong { max: MAX_COMMENT }.into());
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
) -> Result<String, PlanError> {
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
) -> Result<(), PlanError> {
    let (_, name) = actor(doc, by)?;
    let edit = notes.into();
    if edit.chars() > MAX_PROSE {
        return Err(PlanInputError::TooLong { max: MAX_PROSE }.into());
    }
    let log = obj_at(doc, &ROOT, "discussions")?;
    let d = child(doc, &log, discussion_id, PlanError::NoSuchDiscussion)?;
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
) -> Result<(), PlanError> {
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
pub(crate) mod testing {
    use super::*;

    pub fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub fn plan(employee: &str, leader: &str, created: &str) -> DevelopmentPlan {
        DevelopmentPlan {
            meta: DocMeta {
                id: format!("plan-{employee}"),
                kind: DocKind::DevelopmentPlan.as_str().into(),
                schema: SCHEMA,
            },
            employee: Participant {
                id: employee.to_lowercase(),
                name: employee.into(),
            },
            leader: Participant {
                id: leader.to_lowercase(),
                name: leader.into(),
            },
            created_by: employee.to_lowercase(),
            created_on: d(created),
            goals: BTreeMap::new(),
            priorities: Text::default(),
            priorities_updated_on: None,
            aspiration: Aspiration::default(),
            bench: BenchAssessment::default(),
            comments: BTreeMap::new(),
            discussions: BTreeMap::new(),
        }
    }

    pub fn with_goal(
        mut p: DevelopmentPlan,
        h: Horizon,
        title: &str,
        target: &str,
        updated: &str,
    ) -> DevelopmentPlan {
        let id = format!("g{}", p.goals.len());
        p.goals.insert(
            id.clone(),
            Goal {
                id,
                horizon: h,
                title: title.into(),
                description: Text::default(),
                target_date: d(target),
                status: GoalStatus::Active,
                actions: BTreeMap::new(),
                added_by: p.employee.id.clone(),
                within_organisation: true,
                updated_on: d(updated),
            },
        );
        p
    }

    pub fn with_discussion(
        mut p: DevelopmentPlan,
        kind: DiscussionKind,
        date: &str,
        meeting: Option<&str>,
    ) -> DevelopmentPlan {
        let id = format!("x{}", p.discussions.len());
        p.discussions.insert(
            id.clone(),
            Discussion {
                id,
                date: d(date),
                kind,
                one_on_one_id: meeting.map(str::to_string),
                notes: Text::default(),
                by: p.leader.id.clone(),
            },
        );
        p
    }
}

#[cfg(test)]
mod tests {
    use super::testing::d;
    use super::*;
    use crate::domain::development::Readiness;
    use automerge::ActorId;

    const EMP: &str = "emp";
    const LEAD: &str = "lead";

    fn people() -> (Participant, Participant) {
        (
            Participant {
                id: EMP.into(),
                name: "Ada".into(),
            },
            Participant {
                id: LEAD.into(),
                name: "Lea".into(),
            },
        )
    }

    fn today() -> NaiveDate {
        d("2026-11-25")
    }

    fn new_plan() -> AutoCommit {
        let (e, l) = people();
        create("plan-1", &e, &l, EMP, today(), 1_000_000).unwrap()
    }

    fn goal(h: Horizon, title: &str, target: &str) -> GoalDraft {
        GoalDraft {
            horizon: h,
            title: title.into(),
            description: String::new(),
            target_date: target.into(),
            within_organisation: true,
        }
    }

    /// Loads `bytes` as the other side does: a fresh document with its own actor id.
    fn other_side(bytes: &[u8]) -> AutoCommit {
        let mut doc = super::super::load_checked(bytes, DocKind::DevelopmentPlan, SCHEMA).unwrap();
        doc.set_actor(ActorId::random());
        doc
    }

    #[test]
    fn create_puts_every_root_object_in_one_change() {
        let mut doc = new_plan();
        assert_eq!(doc.get_changes(&[]).len(), 1);
        for key in [
            "meta",
            "employee",
            "leader",
            "goals",
            "priorities",
            "aspiration",
            "bench",
            "comments",
            "discussions",
        ] {
            assert!(obj_at(&doc, &ROOT, key).is_ok(), "{key} missing");
        }
        let p = load(&doc).unwrap();
        assert_eq!(p.meta.kind, "development-plan");
        assert_eq!(p.employee.name, "Ada");
        assert_eq!(p.leader.id, LEAD);
        assert_eq!(p.created_by, EMP);
        assert_eq!(p.created_on, today());
        assert_eq!(p.bench.readiness, Readiness::NotAssessed);
        assert_eq!(p.aspiration.promotion, None);
        let h = super::super::history(&mut doc);
        assert_eq!(
            (h[0].by.as_str(), h[0].what.as_str()),
            ("Ada", "Created development plan")
        );
        // The leader may create it for a new report (R5.1 issue text); the commit says so.
        let (e, l) = people();
        let mut by_leader = create("plan-2", &e, &l, LEAD, today(), 0).unwrap();
        assert_eq!(super::super::history(&mut by_leader)[0].by, "Lea");
    }

    #[test]
    fn create_refuses_bad_participants() {
        let (e, l) = people();
        assert!(matches!(
            create("p", &e, &e, EMP, today(), 0),
            Err(PlanError::Input(PlanInputError::BadParticipants))
        ));
        let nameless = Participant {
            id: "x".into(),
            name: "  ".into(),
        };
        assert!(matches!(
            create("p", &nameless, &l, LEAD, today(), 0),
            Err(PlanError::Input(_))
        ));
        assert!(matches!(
            create("p", &e, &l, "someone", today(), 0),
            Err(PlanError::NotAParticipant)
        ));
    }

    #[test]
    fn load_refuses_other_kinds_and_newer_schema() {
        let mut ws = crate::docs::workspace::create("ws", "me", "Lea", 0).unwrap();
        assert!(matches!(load(&ws), Err(DocError::WrongKind { .. })));
        assert!(matches!(
            super::super::load_checked(&ws.save(), DocKind::DevelopmentPlan, SCHEMA),
            Err(DocError::WrongKind { .. })
        ));
        let mut doc = new_plan();
        let meta = DocMeta {
            id: "plan-1".into(),
            kind: "development-plan".into(),
            schema: SCHEMA + 1,
        };
        reconcile_prop(&mut doc, ROOT, "meta", &meta).unwrap();
        assert!(matches!(load(&doc), Err(DocError::NewerSchema(_))));
    }

    #[test]
    fn goals_add_edit_status_delete() {
        let mut doc = new_plan();
        let added = add_goal(
            &mut doc,
            EMP,
            &goal(Horizon::OneYear, " Speak at   a meetup ", "2027-09-01"),
            today(),
            2_000_000,
        )
        .unwrap();
        assert!(added.flags.is_empty());
        // R5.1: a 5-year goal due in a year is flagged, not refused.
        let five = add_goal(
            &mut doc,
            LEAD,
            &goal(Horizon::FiveYears, "Run a team", "2027-11-01"),
            today(),
            2_000_000,
        )
        .unwrap();
        assert_eq!(five.flags.len(), 1);
        assert_eq!(five.flags[0].rule, "R5.1");
        assert!(matches!(
            add_goal(
                &mut doc,
                EMP,
                &goal(Horizon::OneYear, " ", "2027-01-01"),
                today(),
                0
            ),
            Err(PlanError::Input(PlanInputError::MissingTitle))
        ));

        let p = load(&doc).unwrap();
        let g = &p.goals[&added.id];
        assert_eq!(g.title, "Speak at a meetup");
        assert_eq!(g.added_by, EMP);
        assert_eq!(p.goals[&five.id].added_by, LEAD);
        assert_eq!(p.active_goal_counts(), [1, 0, 1]);

        // Editing the description only writes the description (plus the day stamp).
        let later = d("2026-12-01");
        let mut draft = goal(Horizon::OneYear, "Speak at a meetup", "2027-09-01");
        draft.description = "Rust meetup in Lyon".into();
        let heads = doc.get_heads();
        assert!(
            edit_goal(&mut doc, EMP, &added.id, &draft, later, 3_000_000)
                .unwrap()
                .is_empty()
        );
        let changes = doc.get_changes(&heads);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].len(), "Rust meetup in Lyon".chars().count() + 1);
        // Unchanged form: no change at all.
        let heads = doc.get_heads();
        edit_goal(&mut doc, EMP, &added.id, &draft, later, 3_000_000).unwrap();
        assert!(doc.get_changes(&heads).is_empty());
        // Moving the goal to 5 years without moving the date is flagged (R5.1).
        draft.horizon = Horizon::FiveYears;
        let flags = edit_goal(&mut doc, EMP, &added.id, &draft, later, 3_000_000).unwrap();
        assert_eq!(flags.len(), 1);

        set_goal_status(
            &mut doc,
            EMP,
            &five.id,
            GoalStatus::Dropped,
            later,
            4_000_000,
        )
        .unwrap();
        let p = load(&doc).unwrap();
        assert_eq!(p.goals[&five.id].status, GoalStatus::Dropped);
        assert_eq!(p.goals[&five.id].updated_on, later);
        assert_eq!(p.goals[&added.id].horizon, Horizon::FiveYears);
        assert_eq!(
            p.goals[&added.id].description.as_str(),
            "Rust meetup in Lyon"
        );

        delete_goal(&mut doc, LEAD, &five.id, 5_000_000).unwrap();
        assert!(!load(&doc).unwrap().goals.contains_key(&five.id));
        assert!(matches!(
            set_goal_status(&mut doc, EMP, &five.id, GoalStatus::Active, later, 0),
            Err(PlanError::NoSuchGoal)
        ));
        let h = super::super::history(&mut doc);
        assert_eq!(h[0].what, "Removed goal \"Run a team\"");
        assert_eq!(h[0].by, "Lea");
    }

    #[test]
    fn goal_actions_complete_and_reopen() {
        let mut doc = new_plan();
        let g = add_goal(
            &mut doc,
            EMP,
            &goal(Horizon::OneYear, "Certify", "2027-06-01"),
            today(),
            0,
        )
        .unwrap()
        .id;
        let a = add_goal_action(
            &mut doc,
            EMP,
            &g,
            &ActionDraft {
                text: "Book exam".into(),
                due: "2027-03-01".into(),
            },
            today(),
            0,
        )
        .unwrap();
        assert!(a.flags.is_empty());
        let late = add_goal_action(
            &mut doc,
            LEAD,
            &g,
            &ActionDraft {
                text: "Review".into(),
                due: "2027-07-01".into(),
            },
            today(),
            0,
        )
        .unwrap();
        assert_eq!(
            late.flags.len(),
            1,
            "due after the goal's target date is flagged"
        );
        assert!(matches!(
            add_goal_action(&mut doc, EMP, &g, &ActionDraft::default(), today(), 0),
            Err(PlanError::Input(PlanInputError::MissingActionText))
        ));
        assert!(matches!(
            add_goal_action(
                &mut doc,
                EMP,
                "nope",
                &ActionDraft {
                    text: "x".into(),
                    due: String::new()
                },
                today(),
                0
            ),
            Err(PlanError::NoSuchGoal)
        ));

        let done_day = d("2027-02-10");
        set_goal_action_done(&mut doc, EMP, &g, &a.id, true, done_day, 0).unwrap();
        let p = load(&doc).unwrap();
        let goal = &p.goals[&g];
        assert_eq!(goal.actions[&a.id].done_on, Some(done_day));
        assert_eq!(goal.actions[&a.id].due, Some(d("2027-03-01")));
        assert_eq!(goal.updated_on, done_day);
        assert_eq!(goal.open_actions().len(), 1);
        set_goal_action_done(&mut doc, EMP, &g, &a.id, false, done_day, 0).unwrap();
        assert_eq!(load(&doc).unwrap().goals[&g].actions[&a.id].done_on, None);
        assert!(matches!(
            set_goal_action_done(&mut doc, EMP, &g, "nope", true, done_day, 0),
            Err(PlanError::NoSuchAction)
        ));
    }

    #[test]
    fn sides_own_their_fields_r5_3() {
        let mut doc = new_plan();
        // The employee states priorities and interest; the leader cannot do it for them.
        assert!(matches!(
            set_priorities(&mut doc, LEAD, "x", today(), 0),
            Err(PlanError::NotAllowed("the employee"))
        ));
        assert!(matches!(
            set_aspiration(&mut doc, LEAD, Some(Interest::Yes), None, today(), 0),
            Err(PlanError::NotAllowed("the employee"))
        ));
        // The leader assesses readiness; the employee cannot assess themselves.
        let bench = BenchDraft {
            role_title: "Engineer".into(),
            readiness: Readiness::OneToTwoYears,
            successor_for: vec!["Tech lead".into()],
            backfill_needed: true,
        };
        assert!(matches!(
            set_bench_assessment(&mut doc, EMP, &bench, today(), 0),
            Err(PlanError::NotAllowed("the leader"))
        ));
        // Someone outside the plan can do nothing.
        assert!(matches!(
            add_comment(&mut doc, "mallory", "hi", 0),
            Err(PlanError::NotAParticipant)
        ));
        assert!(matches!(
            add_goal(
                &mut doc,
                "mallory",
                &goal(Horizon::OneYear, "x", "2027-01-01"),
                today(),
                0
            ),
            Err(PlanError::NotAParticipant)
        ));

        set_aspiration(
            &mut doc,
            EMP,
            Some(Interest::Yes),
            Some(Interest::NotNow),
            today(),
            0,
        )
        .unwrap();
        set_bench_assessment(&mut doc, LEAD, &bench, today(), 0).unwrap();
        let p = load(&doc).unwrap();
        assert_eq!(p.aspiration.promotion, Some(Interest::Yes));
        assert_eq!(p.aspiration.leadership, Some(Interest::NotNow));
        assert_eq!(p.aspiration.updated_on, Some(today()));
        assert_eq!(p.bench.readiness, Readiness::OneToTwoYears);
        assert_eq!(p.bench.successor_for, vec!["Tech lead".to_string()]);
        assert!(p.bench.backfill_needed);
        assert_eq!(p.bench.assessed_on, Some(today()));
        // Clearing an answer is allowed (back to "not answered").
        set_aspiration(&mut doc, EMP, None, Some(Interest::NotNow), today(), 0).unwrap();
        assert_eq!(load(&doc).unwrap().aspiration.promotion, None);
        let h = super::super::history(&mut doc);
        assert!(h
            .iter()
            .any(|e| e.what == "Assessed readiness: Ready in 1–2 years" && e.by == "Lea"));
    }

    #[test]
    fn priorities_edit_is_incremental() {
        let mut doc = new_plan();
        set_priorities(&mut doc, EMP, "Family first", today(), 0).unwrap();
        let heads = doc.get_heads();
        let next_day = d("2026-11-26");
        set_priorities(&mut doc, EMP, "Family first, then climbing", next_day, 0).unwrap();
        let changes = doc.get_changes(&heads);
        assert_eq!(changes.len(), 1);
        // 15 inserted characters + the new day stamp; nothing rewritten.
        assert_eq!(changes[0].len(), ", then climbing".len() + 1);
        let p = load(&doc).unwrap();
        assert_eq!(p.priorities.as_str(), "Family first, then climbing");
        assert_eq!(p.priorities_updated_on, Some(next_day));
    }

    #[test]
    fn comments_and_discussion_log_r5_4() {
        let mut doc = new_plan();
        assert!(matches!(
            add_comment(&mut doc, EMP, "   ", 0),
            Err(PlanError::Input(PlanInputError::EmptyComment))
        ));
        let c = add_comment(&mut doc, LEAD, "  Great plan ", 7_000).unwrap();
        let check = record_discussion(
            &mut doc,
            LEAD,
            &DiscussionDraft {
                date: today(),
                kind: DiscussionKind::Check,
                one_on_one_id: Some("meeting-9".into()),
                notes: "Course booked".into(),
            },
            today(),
            0,
        )
        .unwrap();
        let future = DiscussionDraft {
            date: d("2026-12-01"),
            kind: DiscussionKind::InDepth,
            one_on_one_id: Some("  ".into()),
            notes: String::new(),
        };
        assert!(matches!(
            record_discussion(&mut doc, EMP, &future, today(), 0),
            Err(PlanError::Input(PlanInputError::FutureDiscussion(_)))
        ));
        let deep = record_discussion(&mut doc, EMP, &future, d("2026-12-01"), 0).unwrap();
        edit_discussion_notes(&mut doc, EMP, &check, "Course booked for March", 0).unwrap();
        assert!(matches!(
            edit_discussion_notes(&mut doc, EMP, "nope", "x", 0),
            Err(PlanError::NoSuchDiscussion)
        ));

        let p = load(&doc).unwrap();
        assert_eq!(p.comments[&c].text, "Great plan");
        assert_eq!(p.comments[&c].by, LEAD);
        assert_eq!(p.comments[&c].at_ms, 7_000);
        assert_eq!(
            p.discussions[&check].one_on_one_id.as_deref(),
            Some("meeting-9")
        );
        assert_eq!(
            p.discussions[&check].notes.as_str(),
            "Course booked for March"
        );
        assert_eq!(
            p.discussions[&deep].one_on_one_id, None,
            "a blank meeting id is not a link"
        );
        assert_eq!(
            p.last_discussion(DiscussionKind::InDepth),
            Some(d("2026-12-01"))
        );
        assert_eq!(p.discussions_newest_first()[0].id, deep);
        assert_eq!(p.name_of(LEAD), "Lea");
    }

    /// R7.1 / DESIGN.md: the employee creates the plan, the leader loads it from bytes, both
    /// edit concurrently, they exchange only what the other lacks, and both end up with the
    /// same plan with nothing lost.
    #[test]
    fn concurrent_edits_merge_without_loss() {
        let mut emp = new_plan();
        let g0 = add_goal(
            &mut emp,
            EMP,
            &goal(Horizon::ThreeYears, "Lead a project", "2029-06-01"),
            today(),
            0,
        )
        .unwrap()
        .id;
        set_priorities(&mut emp, EMP, "Family first", today(), 0).unwrap();
        let mut lead = other_side(&emp.save());
        assert_ne!(emp.get_actor(), lead.get_actor());
        let (emp_base, lead_base) = (emp.get_heads(), lead.get_heads());

        // Leader: a comment, a discussion record, an assessment, and an edit to the shared goal's title.
        let c = add_comment(&mut lead, LEAD, "Happy to sponsor the course", 1).unwrap();
        let x = record_discussion(
            &mut lead,
            LEAD,
            &DiscussionDraft {
                date: today(),
                kind: DiscussionKind::InDepth,
                one_on_one_id: None,
                notes: "Talked 5y".into(),
            },
            today(),
            1,
        )
        .unwrap();
        let bench = BenchDraft {
            role_title: "Engineer".into(),
            readiness: Readiness::ReadyNow,
            ..Default::default()
        };
        set_bench_assessment(&mut lead, LEAD, &bench, today(), 1).unwrap();
        edit_goal(
            &mut lead,
            LEAD,
            &g0,
            &goal(
                Horizon::ThreeYears,
                "Lead a cross-team project",
                "2029-06-01",
            ),
            today(),
            1,
        )
        .unwrap();
        // Employee: new goals, priorities, and the same goal's target date.
        let g1 = add_goal(
            &mut emp,
            EMP,
            &goal(Horizon::OneYear, "Certify", "2027-06-01"),
            today(),
            2,
        )
        .unwrap()
        .id;
        let g5 = add_goal(
            &mut emp,
            EMP,
            &goal(Horizon::FiveYears, "Open a studio", "2031-06-01"),
            today(),
            2,
        )
        .unwrap()
        .id;
        set_priorities(&mut emp, EMP, "Family first; health", today(), 2).unwrap();
        edit_goal(
            &mut emp,
            EMP,
            &g0,
            &goal(Horizon::ThreeYears, "Lead a project", "2029-09-01"),
            today(),
            2,
        )
        .unwrap();

        // Exchange: each side sends only what the other is known to have had.
        let to_lead = emp.save_after(&emp_base);
        let to_emp = lead.save_after(&lead_base);
        lead.load_incremental(&to_lead).unwrap();
        emp.load_incremental(&to_emp).unwrap();
        // Importing the same file twice changes nothing (R7.1).
        let heads = emp.get_heads();
        emp.load_incremental(&to_emp).unwrap();
        assert_eq!(emp.get_heads(), heads);

        let (pe, pl) = (load(&emp).unwrap(), load(&lead).unwrap());
        assert_eq!(pe, pl);
        assert_eq!(pe.goals.len(), 3);
        assert!(pe.goals.contains_key(&g1) && pe.goals.contains_key(&g5));
        // Concurrent edits to different fields of one goal are both kept.
        assert_eq!(pe.goals[&g0].title, "Lead a cross-team project");
        assert_eq!(pe.goals[&g0].target_date, d("2029-09-01"));
        assert_eq!(pe.priorities.as_str(), "Family first; health");
        assert_eq!(pe.comments[&c].text, "Happy to sponsor the course");
        assert_eq!(pe.discussions[&x].notes.as_str(), "Talked 5y");
        assert_eq!(pe.bench.readiness, Readiness::ReadyNow);
        assert_eq!(
            emp.get_heads().len(),
            2,
            "both sides' latest changes are heads"
        );
        assert_eq!(
            lead.get_heads()
                .iter()
                .collect::<std::collections::BTreeSet<_>>(),
            emp.get_heads().iter().collect()
        );
    }

    #[test]
    fn concurrent_prose_edits_merge_character_wise() {
        let mut emp = new_plan();
        let x = record_discussion(
            &mut emp,
            EMP,
            &DiscussionDraft {
                date: today(),
                kind: DiscussionKind::Check,
                one_on_one_id: None,
                notes: "Course. Mentor.".into(),
            },
            today(),
            0,
        )
        .unwrap();
        let mut lead = other_side(&emp.save());
        edit_discussion_notes(&mut emp, EMP, &x, "Course in March. Mentor.", 1).unwrap();
        edit_discussion_notes(&mut lead, LEAD, &x, "Course. Mentor: Sam.", 1).unwrap();
        emp.merge(&mut lead).unwrap();
        lead.merge(&mut emp).unwrap();
        let n = load(&emp).unwrap().discussions[&x]
            .notes
            .as_str()
            .to_string();
        assert_eq!(n, "Course in March. Mentor: Sam.");
        assert_eq!(load(&lead).unwrap(), load(&emp).unwrap());
    }
}
