//! Development plans (Goal 5): creating a plan on one side and indexing it in the workspace,
//! and reading the plans I take part in for the Growth page and the bench view (R5.3).
//!
//! A plan is created on ONE side only — by the employee (the usual way: the plan is theirs),
//! or by the leader for a new report — and the other side receives it in a sync file
//! (DESIGN.md, "initial document trap"). The creator's participant id is always the
//! creator's `profile.id`: `trust::check_new` (core) requires the sender of the first file to be
//! that participant, and tells the receiver which side they are on.

use automerge::AutoCommit;
use leptos::prelude::*;
use rapport_core::docs::development_plan::{self as plan_doc, DevelopmentPlan};
use rapport_core::docs::workspace::{self, SharedDoc};
use rapport_core::domain::Side;
use rapport_core::docs::DocKind;
use rapport_core::domain::development::Participant;
use rapport_core::domain::new_id;

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
        kind: DocKind::DevelopmentPlan,
        title,
        my_side,
        counterpart_id: counterpart.id.clone(),
        counterpart_name: counterpart.name.clone(),
        roster_person_id: roster.to_string(),
        contact_id,
        their_heads: Vec::new(),
        last_sent_ms: 0,
        last_received_ms: 0,
        my_key,
        counterpart_key,
        their_actors: Vec::new(),
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

/// Development plans in my shared list, `(doc id, entry)`; reactive (reads the workspace).
pub fn entries(state: AppState) -> Vec<(String, SharedDoc)> {
    state.workspace.with(|w| {
        w.as_ref()
            .map(|w| {
                w.shared
                    .iter()
                    .filter(|(_, s)| s.kind == DocKind::DevelopmentPlan.as_str())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// My own plans (I am the employee); reactive.
pub fn my_plans(state: AppState) -> Vec<(String, SharedDoc)> {
    entries(state)
        .into_iter()
        .filter(|(_, s)| s.my_side == Side::Employee)
        .collect()
}

/// Plans I lead; reactive.
pub fn led_plans(state: AppState) -> Vec<(String, SharedDoc)> {
    entries(state)
        .into_iter()
        .filter(|(_, s)| s.my_side == Side::Leader)
        .collect()
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

/// The hydrated plan of a document id, tracking its revision (call inside a memo).
pub fn load(doc_id: &str) -> Option<DevelopmentPlan> {
    repo::revision(doc_id).track();
    let d = repo::get(doc_id)?;
    let d = d.borrow();
    plan_doc::load(&d.doc).ok()
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
