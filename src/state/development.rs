//! Development plans (Goal 5): creating a plan on one side and indexing it in the workspace,
//! and reading the plans I take part in for the Growth page and the bench view (R5.3).
//!
//! A plan is created on ONE side only — by the employee (the usual way: the plan is theirs),
//! or by the leader for a new report — and the other side receives it in a sync file
//! (ARCHITECTURE.md, one first change). The creator's participant id is always the
//! creator's `profile.id`: `trust::check_new` (core) requires the sender of the first file to be
//! that participant, and tells the receiver which side they are on.

use automerge::AutoCommit;
use chrono::NaiveDate;
use leptos::prelude::*;
use rapport_core::docs::development_plan::{self as plan_doc, Added};
use rapport_core::docs::workspace::{self, SharedDoc};
use rapport_core::docs::{CommandError, DocKind};
use rapport_core::domain::development::{
    BenchDraft, DevelopmentPlan, DiscussionDraft, GoalActionDraft, GoalDraft, GoalStatus, Interest,
};
use rapport_core::domain::{new_id, Participant, Side};
use rapport_core::rules::Finding;
use rapport_core::text::TextEdit;

use super::edit::{run, EditError};
use super::{now_ms, repo, AppState};

/// Title of a plan, shown in the export panel and the import preview.
fn title_for(employee: &str) -> String {
    format!("Development plan of {employee}")
}

/// Stores a freshly created plan and records it in my list of shared documents.
async fn insert(
    state: AppState,
    doc_id: String,
    doc: AutoCommit,
    entry: SharedDoc,
    what: String,
) -> Result<String, String> {
    repo::insert_new(doc_id.clone(), DocKind::DevelopmentPlan, doc).await?;
    state.edit_workspace(|d, now| workspace::put_shared(d, &doc_id, &entry, &what, now))?;
    Ok(doc_id)
}

fn entry(
    state: AppState,
    title: String,
    my_side: Side,
    counterpart: &Participant,
    roster: &str,
) -> Result<SharedDoc, String> {
    // Issue 8: the plan knows its writers by key from the start (the counterpart's once the
    // roster person is linked to a contact card through another shared document).
    let (my_key, contact_id, counterpart_key) = super::sharing::writers_for(state, roster)?;
    Ok(SharedDoc {
        roster_person_id: roster.to_string(),
        contact_id,
        my_key,
        counterpart_key,
        ..SharedDoc::new(DocKind::DevelopmentPlan, title, my_side, counterpart)
    })
}

/// A leader starts the plan of a (new) report on the roster; they receive it as a sync file.
pub async fn start_plan(state: AppState, roster_person_id: &str) -> Result<String, String> {
    let found = state.workspace.with_untracked(|w| {
        let w = w.as_ref()?;
        Some((
            Participant {
                id: w.profile.id.clone(),
                name: w.profile.name.clone(),
            },
            w.people.get(roster_person_id)?.clone(),
        ))
    });
    let (me, person) = found.ok_or("That person is not on your team.")?;
    if let Some((id, _)) = plan_for_person(state, &person.id, &person.name) {
        return Ok(id);
    }
    let employee = Participant {
        id: person.id.clone(),
        name: person.name.clone(),
    };
    let doc_id = new_id();
    let doc = plan_doc::create(
        &doc_id,
        &employee,
        &me,
        &me.id,
        state.today.get_untracked(),
        now_ms(),
    )
    .map_err(|e| e.to_string())?;
    let e = entry(
        state,
        title_for(&person.name),
        Side::Leader,
        &employee,
        &person.id,
    )?;
    let what = format!("Started the development plan of {}", person.name);
    insert(state, doc_id, doc, e, what).await
}

/// The employee starts their own plan, shared with the leader named on the Team page. The
/// leader's id inside the plan is a fresh one: the leader only ever gets the plan from a file.
pub async fn start_my_plan(state: AppState) -> Result<String, String> {
    let (me, leader_name) = state
        .workspace
        .with_untracked(|w| {
            w.as_ref().map(|w| {
                (
                    Participant {
                        id: w.profile.id.clone(),
                        name: w.profile.name.clone(),
                    },
                    w.profile.leader_name.trim().to_string(),
                )
            })
        })
        .ok_or("The workspace is not open yet.")?;
    if leader_name.is_empty() {
        return Err(
            "Name your leader on the Team page first: the plan is shared with them.".into(),
        );
    }
    if let Some((id, _)) = my_plans(state).into_iter().next() {
        return Ok(id);
    }
    let leader = Participant {
        id: new_id(),
        name: leader_name,
    };
    let doc_id = new_id();
    let doc = plan_doc::create(
        &doc_id,
        &me,
        &leader,
        &me.id,
        state.today.get_untracked(),
        now_ms(),
    )
    .map_err(|e| e.to_string())?;
    let e = entry(state, title_for(&me.name), Side::Employee, &leader, "")?;
    let what = format!("Started my development plan with {}", leader.name);
    insert(state, doc_id, doc, e, what).await
}

/// My own plans (I am the employee); reactive.
pub fn my_plans(state: AppState) -> Vec<(String, SharedDoc)> {
    super::shared::entries_of(state, DocKind::DevelopmentPlan, Side::Employee)
}

/// Plans I lead; reactive.
pub fn led_plans(state: AppState) -> Vec<(String, SharedDoc)> {
    super::shared::entries_of(state, DocKind::DevelopmentPlan, Side::Leader)
}

/// The plan I lead for a roster person: linked by roster id when I created it, else (a plan
/// the employee started and sent me) by the name on the plan, ignoring case and spacing.
pub fn plan_for_person(
    state: AppState,
    person_id: &str,
    person_name: &str,
) -> Option<(String, SharedDoc)> {
    let led = led_plans(state);
    let key = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    led.iter()
        .find(|(_, s)| s.roster_person_id == person_id)
        .or_else(|| {
            led.iter().find(|(_, s)| {
                s.roster_person_id.is_empty() && key(&s.counterpart_name) == key(person_name)
            })
        })
        .cloned()
}

/// The hydrated plan of a document id, tracking its revision (call inside a memo). Opens it if
/// needed: `None` until it is loaded.
pub fn load(doc_id: &str) -> Option<DevelopmentPlan> {
    super::shared::read_doc(doc_id, DocKind::DevelopmentPlan, |d| plan_doc::load(d).ok())
}

/// The id the bench view uses for "me as the leader": inside a plan the employee started,
/// my leader id is one they made up, so every plan I lead is re-labelled with this one.
pub const BENCH_LEADER: &str = "me";

/// Hydrated plans I lead, ready for `rapport_core::bench::bench(&plans, BENCH_LEADER, today)`.
/// Reactive (workspace and each plan's revision).
pub fn plans_i_lead(state: AppState) -> Vec<DevelopmentPlan> {
    led_plans(state)
        .into_iter()
        .filter_map(|(id, _)| load(&id))
        .map(|mut p| {
            p.leader.id = BENCH_LEADER.to_string();
            p
        })
        .collect()
}

/// Commands on one plan, acting as `me` (my participant id in it). Dated commands use the
/// app's today (which follows midnight).
#[derive(Clone, Copy)]
pub struct Plan {
    pub state: AppState,
    pub doc_id: StoredValue<String>,
    pub me: StoredValue<String>,
}

impl Plan {
    pub fn new(state: AppState, doc_id: String, me: String) -> Plan {
        Plan {
            state,
            doc_id: StoredValue::new(doc_id),
            me: StoredValue::new(me),
        }
    }

    fn today(&self) -> NaiveDate {
        self.state.today.get_untracked()
    }

    fn run<T>(
        &self,
        f: impl FnOnce(&mut AutoCommit, &str, NaiveDate, i64) -> Result<T, CommandError>,
    ) -> Result<T, EditError> {
        let today = self.today();
        let me = self.me.get_value();
        run(&self.doc_id.get_value(), |d, now| f(d, &me, today, now))
    }

    /// R5.1: a goal on one horizon; returns its id and the flags raised on it.
    pub fn add_goal(&self, draft: &GoalDraft) -> Result<Added, EditError> {
        self.run(|d, me, today, now| plan_doc::add_goal(d, me, draft, today, now))
    }

    pub fn edit_goal(&self, goal_id: &str, draft: &GoalDraft) -> Result<Vec<Finding>, EditError> {
        self.run(|d, me, today, now| plan_doc::edit_goal(d, me, goal_id, draft, today, now))
    }

    pub fn set_goal_status(&self, goal_id: &str, status: GoalStatus) -> Result<(), EditError> {
        self.run(|d, me, today, now| plan_doc::set_goal_status(d, me, goal_id, status, today, now))
    }

    pub fn delete_goal(&self, goal_id: &str) -> Result<(), EditError> {
        self.run(|d, me, _, now| plan_doc::delete_goal(d, me, goal_id, now))
    }

    pub fn add_goal_action(
        &self,
        goal_id: &str,
        draft: &GoalActionDraft,
    ) -> Result<Added, EditError> {
        self.run(|d, me, today, now| plan_doc::add_goal_action(d, me, goal_id, draft, today, now))
    }

    pub fn set_goal_action_done(
        &self,
        goal_id: &str,
        action_id: &str,
        done: bool,
    ) -> Result<(), EditError> {
        self.run(|d, me, today, now| {
            plan_doc::set_goal_action_done(d, me, goal_id, action_id, done, today, now)
        })
    }

    /// R5.3: the employee's priorities (typed text, merged).
    pub fn set_priorities(&self, edit: TextEdit) -> Result<(), EditError> {
        self.run(|d, me, today, now| plan_doc::set_priorities(d, me, edit, today, now))
    }

    pub fn set_aspiration(
        &self,
        promotion: Option<Interest>,
        leadership: Option<Interest>,
    ) -> Result<(), EditError> {
        self.run(|d, me, today, now| {
            plan_doc::set_aspiration(d, me, promotion, leadership, today, now)
        })
    }

    /// R5.3: the leader's bench assessment.
    pub fn set_bench_assessment(&self, draft: &BenchDraft) -> Result<(), EditError> {
        self.run(|d, me, today, now| plan_doc::set_bench_assessment(d, me, draft, today, now))
    }

    pub fn add_comment(&self, text: &str) -> Result<String, EditError> {
        self.run(|d, me, _, now| plan_doc::add_comment(d, me, text, now))
    }

    /// R5.4: a short check or an in-depth discussion, recorded.
    pub fn record_discussion(&self, draft: &DiscussionDraft) -> Result<String, EditError> {
        self.run(|d, me, today, now| plan_doc::record_discussion(d, me, draft, today, now))
    }

    pub fn edit_discussion_notes(
        &self,
        discussion_id: &str,
        edit: TextEdit,
    ) -> Result<(), EditError> {
        self.run(|d, me, _, now| plan_doc::edit_discussion_notes(d, me, discussion_id, edit, now))
    }
}
