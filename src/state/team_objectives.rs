//! Team objectives and the metrics meeting (Goal 2): starting the team's document, indexing it
//! in the workspace, reading it, and its typed commands for the team pages.
//!
//! One document per team, created by its leader with the active people of the roster as
//! members; members receive it in the leader's team file (`sharing::export_team`) and send
//! their KPI values, questions and answers back to the leader, whose next team file carries
//! them to everyone (R2.5).

use automerge::AutoCommit;
use chrono::NaiveDate;
use leptos::prelude::*;
use rapport_core::docs::team_objectives::{self as team_doc, Added};
use rapport_core::docs::workspace::{self, SharedDoc};
use rapport_core::docs::{team_share, CommandError, DocKind};
use rapport_core::domain::team::{
    Cadence, KpiDraft, MeetingOutcome, ObjectiveDraft, TeamObjectives,
};
use rapport_core::domain::{new_id, Participant, Side};
use rapport_core::summary::Summarised;

use super::edit::{run, EditError};
use super::{now_ms, repo, AppState};

/// The team document I lead, if I started one; reactive.
pub fn led_team(state: AppState) -> Option<(String, SharedDoc)> {
    super::shared::entries_of(state, DocKind::TeamObjectives, Side::Leader)
        .into_iter()
        .next()
}

/// Team documents I receive as a member (my leader's team); reactive.
pub fn member_teams(state: AppState) -> Vec<(String, SharedDoc)> {
    super::shared::entries_of(state, DocKind::TeamObjectives, Side::Employee)
}

/// A leader starts the team's objectives with everyone active on the roster as members (or
/// opens the one that exists).
pub async fn start_team(state: AppState, team_name: &str) -> Result<String, String> {
    if let Some((id, _)) = untrack(|| led_team(state)) {
        return Ok(id);
    }
    let found = state.workspace.with_untracked(|w| {
        let w = w.as_ref()?;
        let people: Vec<Participant> = w
            .active_people()
            .into_iter()
            .map(|p| Participant::new(p.id.clone(), p.name.clone()))
            .collect();
        Some((
            Participant::new(w.profile.id.clone(), w.profile.name.clone()),
            people,
        ))
    });
    let (me, members) = found.ok_or("The workspace is not open yet.")?;
    let name = team_name.trim();
    let name = if name.is_empty() {
        format!("{}'s team", me.name)
    } else {
        name.to_string()
    };
    let doc_id = new_id();
    let today = state.today.get_untracked();
    let doc = team_doc::create(&doc_id, &name, &me, &members, today, now_ms())
        .map_err(|e| e.to_string())?;
    let my_key = rapport_core::docs::trust::key_hex(&super::sharing::my_card(state)?);
    let mut entry = SharedDoc {
        my_key,
        my_id: me.id.clone(),
        ..SharedDoc::new(
            DocKind::TeamObjectives,
            name.clone(),
            Side::Leader,
            &Participant::new("", name.clone()),
        )
    };
    let listed = team_share::members_of(&doc).map_err(|e| e.to_string())?;
    state.workspace.with_untracked(|w| {
        if let Some(w) = w.as_ref() {
            team_share::sync_channels(w, &mut entry, &listed);
        }
    });
    repo::insert_new(doc_id.clone(), DocKind::TeamObjectives, doc).await?;
    let what = format!("Started the team objectives of {name}");
    state.edit_workspace(|d, now| workspace::put_shared(d, &doc_id, &entry, &what, now))?;
    Ok(doc_id)
}

/// The hydrated team document, tracking its revision (call inside a memo). Opens it if
/// needed: `None` until it is loaded.
pub fn load(doc_id: &str) -> Option<TeamObjectives> {
    super::shared::read_doc(doc_id, DocKind::TeamObjectives, |d| {
        crate::perf::measure("rapport:hydrate:team_objectives", || team_doc::load(d).ok())
    })
}

/// My id in a team document: the leader's own profile id, or the member id the leader's file
/// named me by.
pub fn my_id_in(state: AppState, entry: &SharedDoc) -> String {
    if entry.my_side == Side::Leader {
        state
            .workspace
            .with_untracked(|w| w.as_ref().map(|w| w.profile.id.clone()))
            .unwrap_or_default()
    } else {
        entry.my_id.clone()
    }
}

/// Commands on one team document, acting as `me` (my id in it).
#[derive(Clone, Copy)]
pub struct Team {
    pub state: AppState,
    pub doc_id: StoredValue<String>,
    pub me: StoredValue<String>,
}

impl Team {
    pub fn new(state: AppState, doc_id: String, me: String) -> Team {
        Team {
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

    pub fn set_team_name(&self, name: &str) -> Result<(), EditError> {
        self.run(|d, me, _, now| team_doc::set_team_name(d, me, name, now))
    }

    pub fn add_member(&self, person: &Participant) -> Result<(), EditError> {
        self.run(|d, me, today, now| team_doc::add_member(d, me, person, today, now))
    }

    pub fn remove_member(&self, member_id: &str) -> Result<(), EditError> {
        self.run(|d, me, today, now| team_doc::remove_member(d, me, member_id, today, now))
    }

    pub fn add_priority(&self, text: &str) -> Result<Added, EditError> {
        self.run(|d, me, today, now| team_doc::add_priority(d, me, text, today, now))
    }

    pub fn edit_priority(&self, id: &str, text: &str) -> Result<(), EditError> {
        self.run(|d, me, _, now| team_doc::edit_priority(d, me, id, text, now))
    }

    /// Returns the objectives that lost their priority (now flagged as unlinked).
    pub fn remove_priority(&self, id: &str) -> Result<Vec<String>, EditError> {
        self.run(|d, me, _, now| team_doc::remove_priority(d, me, id, now))
    }

    pub fn add_objective(&self, draft: &ObjectiveDraft) -> Result<Added, EditError> {
        self.run(|d, me, today, now| team_doc::add_objective(d, me, draft, today, now))
    }

    pub fn edit_objective(&self, id: &str, draft: &ObjectiveDraft) -> Result<(), EditError> {
        self.run(|d, me, _, now| team_doc::edit_objective(d, me, id, draft, now).map(drop))
    }

    pub fn remove_objective(&self, id: &str) -> Result<(), EditError> {
        self.run(|d, me, _, now| team_doc::remove_objective(d, me, id, now))
    }

    pub fn add_kpi(&self, draft: &KpiDraft) -> Result<Added, EditError> {
        self.run(|d, me, today, now| team_doc::add_kpi(d, me, draft, today, now))
    }

    pub fn edit_kpi(&self, id: &str, draft: &KpiDraft) -> Result<(), EditError> {
        self.run(|d, me, _, now| team_doc::edit_kpi(d, me, id, draft, now))
    }

    pub fn remove_kpi(&self, id: &str) -> Result<(), EditError> {
        self.run(|d, me, _, now| team_doc::remove_kpi(d, me, id, now))
    }

    pub fn record_value(
        &self,
        kpi_id: &str,
        date: NaiveDate,
        value: f64,
        note: &str,
    ) -> Result<Added, EditError> {
        self.run(|d, me, _, now| team_doc::record_value(d, me, kpi_id, date, value, note, now))
    }

    pub fn set_cadence(&self, cadence: Cadence) -> Result<(), EditError> {
        self.run(|d, me, _, now| team_doc::set_cadence(d, me, cadence, now))
    }

    pub fn record_meeting(
        &self,
        date: NaiveDate,
        outcome: MeetingOutcome,
        facilitator_id: &str,
    ) -> Result<(), EditError> {
        self.run(|d, me, today, now| {
            team_doc::record_meeting(d, me, date, outcome, facilitator_id, today, now)
        })
    }

    pub fn ask_question(&self, text: &str, meeting: Option<NaiveDate>) -> Result<Added, EditError> {
        self.run(|d, me, today, now| team_doc::ask_question(d, me, text, meeting, today, now))
    }

    pub fn answer_question(&self, question_id: &str, answer: &str) -> Result<(), EditError> {
        self.run(|d, me, today, now| {
            team_doc::answer_question(d, me, question_id, answer, today, now)
        })
    }
}

/// The objectives of the team I lead, `(id, title)`, for linking an individual metric to one
/// (R2.2); reactive. Opens the team document on demand; empty when I lead no team.
pub fn objective_choices(state: AppState) -> Vec<(String, String)> {
    let Some((id, _)) = led_team(state) else {
        return Vec::new();
    };
    // The team's summary, when it is fresh and the document is not open here: a metric form
    // opening the team's document loaded 274 KB of Automerge at 50 × 5, one task of about
    // 100 ms (issue 11). Until the summaries are read the list waits for them (tracked).
    if repo::get(&id).is_none() {
        repo::revision(&id).track();
        if !super::summaries::ready() {
            return Vec::new();
        }
        if let Some(team) = super::summaries::fresh(&id).and_then(TeamObjectives::from_summary) {
            return team
                .objectives_in_order()
                .into_iter()
                .map(|o| (o.id.clone(), o.title.clone()))
                .collect();
        }
    }
    // The objectives only: a metric form must not hydrate years of KPI values (issue 11).
    super::shared::read_doc(&id, DocKind::TeamObjectives, |d| {
        team_doc::load_objectives(d).ok()
    })
    .map(|objectives| objectives.into_iter().map(|o| (o.id, o.title)).collect())
    .unwrap_or_default()
}
