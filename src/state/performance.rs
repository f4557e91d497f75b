//! Performance plans and reviews (Goal 4): starting a plan for a report, indexing it in the
//! workspace, reading it, and its typed commands for the plan page.
//!
//! The leader starts the plan (the leader writes the metrics) and the employee receives it in a
//! sync file (ARCHITECTURE.md, one first change). The leader's review draft is a private note
//! on the plan, keyed by period (`private_notes`: the plan's private-notes document, or the
//! workspace for a draft an earlier release kept there), until the leader shares it (R4.7):
//! drafts never travel in a sync file (R7.2).

use automerge::AutoCommit;
use chrono::NaiveDate;
use leptos::prelude::*;
use rapport_core::docs::performance_plan::{self as plan_doc, Added};
use rapport_core::docs::workspace::{self, SharedDoc};
use rapport_core::docs::{CommandError, DocKind};
use rapport_core::domain::performance::{
    quarter_start, CaseDraft, MetricDraft, PerformancePlan, Period, ReviewCycle,
};
use rapport_core::domain::{new_id, Participant, Side};
use rapport_core::text::TextEdit;

use super::edit::{run, EditError};
use super::{now_ms, repo, AppState};

fn title_for(employee: &str) -> String {
    format!("Performance plan of {employee}")
}

/// My own plans (I am the employee); reactive.
pub fn my_plans(state: AppState) -> Vec<(String, SharedDoc)> {
    super::shared::entries_of(state, DocKind::PerformancePlan, Side::Employee)
}

/// Plans I lead; reactive.
pub fn led_plans(state: AppState) -> Vec<(String, SharedDoc)> {
    super::shared::entries_of(state, DocKind::PerformancePlan, Side::Leader)
}

/// The plan I lead for a roster person (created here, so linked by roster id).
pub fn plan_for_person(state: AppState, person_id: &str) -> Option<(String, SharedDoc)> {
    led_plans(state)
        .into_iter()
        .find(|(_, s)| s.roster_person_id == person_id)
}

/// A leader starts the performance plan of a report on the roster (or opens the existing one).
pub async fn start_plan(state: AppState, roster_person_id: &str) -> Result<String, String> {
    if let Some((id, _)) = untrack(|| plan_for_person(state, roster_person_id)) {
        return Ok(id);
    }
    let found = state.workspace.with_untracked(|w| {
        let w = w.as_ref()?;
        Some((
            Participant::new(w.profile.id.clone(), w.profile.name.clone()),
            w.people.get(roster_person_id)?.clone(),
        ))
    });
    let (me, person) = found.ok_or("That person is not on your team.")?;
    let employee = Participant::new(person.id.clone(), person.name.clone());
    let doc_id = new_id();
    let today = state.today.get_untracked();
    let doc = plan_doc::create(
        &doc_id,
        &employee,
        &me,
        &me.id,
        quarter_start(today),
        today,
        now_ms(),
    )
    .map_err(|e| e.to_string())?;
    let (my_key, contact_id, counterpart_key) = super::sharing::writers_for(state, &person.id)?;
    let entry = SharedDoc {
        roster_person_id: person.id.clone(),
        contact_id,
        my_key,
        counterpart_key,
        ..SharedDoc::new(
            DocKind::PerformancePlan,
            title_for(&person.name),
            Side::Leader,
            &employee,
        )
    };
    repo::insert_new(doc_id.clone(), DocKind::PerformancePlan, doc).await?;
    let what = format!("Started the performance plan of {}", person.name);
    state.edit_workspace(|d, now| workspace::put_shared(d, &doc_id, &entry, &what, now))?;
    Ok(doc_id)
}

/// The hydrated plan of a document id, tracking its revision (call inside a memo). Opens it if
/// needed: `None` until it is loaded.
pub fn load(doc_id: &str) -> Option<PerformancePlan> {
    super::shared::read_doc(doc_id, DocKind::PerformancePlan, |d| plan_doc::load(d).ok())
}

/// The key of the leader's private review draft of a period among the plan's private notes.
fn draft_key(doc_id: &str, period: &Period) -> String {
    format!("review-draft:{doc_id}:{}", period.key())
}

/// The leader's private draft of a review (R4.7); reactive on the workspace.
pub fn review_draft(state: AppState, doc_id: &str, period: &Period) -> Option<String> {
    super::private_notes::note(state, doc_id, &draft_key(doc_id, period))
}

/// Saves the private draft (typed text, merged like every text field).
pub fn save_review_draft(
    state: AppState,
    doc_id: &str,
    period: &Period,
    edit: TextEdit,
) -> Result<(), EditError> {
    state.set_private_note(doc_id, &draft_key(doc_id, period), edit)
}

/// Commands on one plan, acting as `me` (my participant id in it).
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

    fn run<T>(
        &self,
        f: impl FnOnce(&mut AutoCommit, &str, NaiveDate, i64) -> Result<T, CommandError>,
    ) -> Result<T, EditError> {
        let today = self.state.today.get_untracked();
        let me = self.me.get_value();
        run(&self.doc_id.get_value(), |d, now| f(d, &me, today, now))
    }

    /// R4.3, R4.5: who the limits apply to, the review cycle and its first day.
    pub fn set_setup(
        &self,
        individual_contributor: bool,
        cycle: ReviewCycle,
        start: NaiveDate,
    ) -> Result<(), EditError> {
        self.run(|d, me, _, now| {
            plan_doc::set_setup(d, me, individual_contributor, cycle, start, now)
        })
    }

    /// R4.4: the employee acknowledges the metrics (the six-month lock starts).
    pub fn acknowledge(&self) -> Result<(), EditError> {
        self.run(plan_doc::acknowledge)
    }

    pub fn add_metric(&self, draft: &MetricDraft, reason: &str) -> Result<Added, EditError> {
        self.run(|d, me, today, now| plan_doc::add_metric(d, me, draft, reason, today, now))
    }

    pub fn edit_metric(
        &self,
        metric_id: &str,
        draft: &MetricDraft,
        reason: &str,
    ) -> Result<(), EditError> {
        self.run(|d, me, today, now| {
            plan_doc::edit_metric(d, me, metric_id, draft, reason, today, now)
        })
    }

    pub fn remove_metric(&self, metric_id: &str, reason: &str) -> Result<(), EditError> {
        self.run(|d, me, today, now| plan_doc::remove_metric(d, me, metric_id, reason, today, now))
    }

    /// R5.5: at an annual review, a subjective metric becomes a development goal.
    pub fn replace_with_goal(
        &self,
        metric_id: &str,
        goal_id: &str,
        goal_title: &str,
    ) -> Result<(), EditError> {
        self.run(|d, me, today, now| {
            plan_doc::replace_with_goal(d, me, metric_id, goal_id, goal_title, today, now)
        })
    }

    pub fn record_result(
        &self,
        metric_id: &str,
        period: &Period,
        value: f64,
        note: &str,
    ) -> Result<(), EditError> {
        self.run(|d, me, today, now| {
            plan_doc::record_result(d, me, metric_id, period, value, note, today, now)
        })
    }

    /// R4.6: a documented case; returns the flag raised when no coaching was possible.
    pub fn record_case(&self, draft: &CaseDraft) -> Result<Added, EditError> {
        self.run(|d, me, today, now| plan_doc::record_case(d, me, draft, today, now))
    }

    pub fn add_feedback(
        &self,
        metric_id: Option<&str>,
        date: NaiveDate,
        praise: bool,
        text: &str,
    ) -> Result<String, EditError> {
        self.run(|d, me, today, now| {
            plan_doc::add_feedback(d, me, metric_id, date, praise, text, today, now)
        })
    }

    pub fn set_self_rating(
        &self,
        metric_id: &str,
        period: &Period,
        rating: u8,
        comment: &str,
    ) -> Result<(), EditError> {
        self.run(|d, me, today, now| {
            plan_doc::set_self_rating(d, me, metric_id, period, rating, comment, today, now)
        })
    }

    /// R4.7: shares the leader's draft of a period's review with the employee.
    pub fn share_review(&self, period: &Period, summary: &str) -> Result<(), EditError> {
        self.run(|d, me, today, now| plan_doc::share_review(d, me, period, summary, today, now))
    }

    pub fn add_review_comment(&self, review_key: &str, text: &str) -> Result<String, EditError> {
        self.run(|d, me, _, now| plan_doc::add_review_comment(d, me, review_key, text, now))
    }
}

/// The other documents of the same pair, for preparing a review (R4.7): `(1:1 series id,
/// development plan id)`. The same person is the same roster id on the leader's side, the
/// same contact (or, before any contact, the same name) on the employee's side. Reactive.
pub fn pair_documents(state: AppState, entry: &SharedDoc) -> (Option<String>, Option<String>) {
    let same = |s: &SharedDoc| {
        s.my_side == entry.my_side
            && if !entry.roster_person_id.is_empty() {
                s.roster_person_id == entry.roster_person_id
            } else if !entry.contact_id.is_empty() {
                s.contact_id == entry.contact_id
            } else {
                s.counterpart_name.trim() == entry.counterpart_name.trim()
            }
    };
    state.workspace.with(|w| {
        let Some(w) = w.as_ref() else {
            return (None, None);
        };
        let find = |kind: DocKind| {
            w.shared
                .iter()
                .find(|(_, s)| s.kind == kind && same(s))
                .map(|(id, _)| id.clone())
        };
        (find(DocKind::OneOnOne), find(DocKind::DevelopmentPlan))
    })
}
