//! The dashboard's data (R6.1): the roster and check-ins of the workspace, and the shared
//! documents it indexes, handed to `rapport_core::dashboard`, which computes every figure.
//! Views get the results only; they never see a document.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use leptos::prelude::*;
use rapport_core::dashboard::{self, MyView, PersonDocs, TeamDashboard, TeamInputs};
use rapport_core::docs::DocKind;
use rapport_core::docs::{development_plan, one_on_one, performance_plan, team_objectives};
use rapport_core::domain::development::DevelopmentPlan;
use rapport_core::domain::one_on_one::OneOnOne;
use rapport_core::domain::performance::PerformancePlan;
use rapport_core::domain::team::TeamObjectives;
use rapport_core::domain::Side;

use super::{repo, AppState};

/// The hydrated shared documents of one side, by the person they are shared with
/// (roster id on the leader's side).
struct Hydrated {
    series: BTreeMap<String, (String, Rc<OneOnOne>)>,
    plans: BTreeMap<String, (String, Rc<DevelopmentPlan>)>,
    reviews: BTreeMap<String, (String, Rc<PerformancePlan>)>,
    /// Leader side: the team's objectives and metrics meeting (Goal 2).
    team: Option<(String, Rc<TeamObjectives>)>,
    /// Employee side: my leader's name.
    leader_name: Option<String>,
}

/// Reads (and tracks) every open shared document of `side`. A document not open yet is
/// skipped; it appears once it opens (its revision signal is tracked).
fn hydrate(state: AppState, side: Side) -> Hydrated {
    let entries: Vec<(String, DocKind, String, String)> = state.workspace.with(|w| {
        w.as_ref()
            .map(|w| {
                w.shared
                    .iter()
                    .filter(|(_, s)| s.my_side == side)
                    .map(|(id, s)| {
                        let who = match side {
                            Side::Leader => s.roster_person_id.clone(),
                            Side::Employee => s.counterpart_id.clone(),
                        };
                        (id.clone(), s.kind, who, s.counterpart_name.clone())
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    let mut out = Hydrated {
        series: BTreeMap::new(),
        plans: BTreeMap::new(),
        reviews: BTreeMap::new(),
        team: None,
        leader_name: None,
    };
    for (id, kind, who, counterpart) in entries {
        // Opened on demand; the figures follow once each document is in memory.
        super::shared::ensure_open_quietly(&id, kind);
        let revision = repo::revision(&id).get();
        match kind {
            DocKind::OneOnOne => {
                // The outline: years of 1:1 notes are never read as text here.
                if let Some(s) = cached(&SERIES, &id, revision, one_on_one::load_outline) {
                    out.series.insert(who, (id.clone(), s));
                    out.leader_name.get_or_insert(counterpart);
                }
            }
            DocKind::DevelopmentPlan => {
                if let Some(p) = cached(&PLANS, &id, revision, development_plan::load) {
                    out.plans.insert(who, (id.clone(), p));
                    out.leader_name.get_or_insert(counterpart);
                }
            }
            DocKind::PerformancePlan => {
                if let Some(p) = cached(&REVIEWS, &id, revision, performance_plan::load) {
                    out.reviews.insert(who, (id.clone(), p));
                    out.leader_name.get_or_insert(counterpart);
                }
            }
            DocKind::TeamObjectives if side == Side::Leader => {
                if let Some(t) = cached(&TEAMS, &id, revision, team_objectives::load) {
                    out.team = Some((id.clone(), t));
                }
            }
            _ => {}
        }
    }
    out
}

type Cache<T> = RefCell<HashMap<String, (u64, Rc<T>)>>;

thread_local! {
    /// Hydrated documents by id and the revision they were read at: a change to one
    /// document (or to the workspace) re-reads only what changed, not every series.
    static SERIES: Cache<OneOnOne> = RefCell::new(HashMap::new());
    static PLANS: Cache<DevelopmentPlan> = RefCell::new(HashMap::new());
    static REVIEWS: Cache<PerformancePlan> = RefCell::new(HashMap::new());
    static TEAMS: Cache<TeamObjectives> = RefCell::new(HashMap::new());
}

/// The document `id` hydrated at `revision`, from the cache or read now. `None` while the
/// document is not open (it appears when it opens: its revision is tracked) or unreadable.
fn cached<T, E>(
    cache: &'static std::thread::LocalKey<Cache<T>>,
    id: &str,
    revision: u64,
    load: impl Fn(&automerge::AutoCommit) -> Result<T, E>,
) -> Option<Rc<T>> {
    let hit = cache.with(|c| {
        c.borrow()
            .get(id)
            .filter(|(rev, _)| *rev == revision)
            .map(|(_, v)| v.clone())
    });
    if hit.is_some() {
        return hit;
    }
    let d = repo::get(id)?;
    let value = Rc::new(load(&d.borrow().doc).ok()?);
    cache.with(|c| {
        c.borrow_mut()
            .insert(id.to_string(), (revision, value.clone()))
    });
    Some(value)
}

/// The leader's dashboard, recomputed when the workspace, the day or any document changes;
/// `None` until the workspace is open.
pub fn team(state: AppState) -> Memo<Option<TeamDashboard>> {
    Memo::new(move |_| {
        let today = state.today.get();
        let now = chrono::Local::now().naive_local();
        let docs = hydrate(state, Side::Leader);
        state.workspace.with(|w| {
            let w = w.as_ref()?;
            let mut by_person: BTreeMap<String, PersonDocs> = BTreeMap::new();
            for (who, (id, s)) in &docs.series {
                by_person.entry(who.clone()).or_default().series = Some((id.as_str(), s.as_ref()));
            }
            for (who, (id, p)) in &docs.plans {
                by_person.entry(who.clone()).or_default().plan = Some((id.as_str(), p.as_ref()));
            }
            for (who, (id, r)) in &docs.reviews {
                by_person.entry(who.clone()).or_default().review = Some((id.as_str(), r.as_ref()));
            }
            let inputs = TeamInputs {
                today,
                now: if now.date() == today {
                    now
                } else {
                    today.and_hms_opt(12, 0, 0).unwrap_or(now)
                },
                week: &w.settings.work_week,
                flag_after_days: w.settings.flag_after_days,
                people: w.people.values().collect(),
                checkins: w.checkins.values().collect(),
                docs: by_person,
                team: docs.team.as_ref().map(|(id, t)| (id.as_str(), t.as_ref())),
            };
            Some(dashboard::team(&inputs))
        })
    })
}

/// My own view as an employee: my series and plan with my leader; `None` when I share no
/// document as an employee.
pub fn mine(state: AppState) -> Memo<Option<MyView>> {
    Memo::new(move |_| {
        state.today.track();
        let now = chrono::Local::now().naive_local();
        let docs = hydrate(state, Side::Employee);
        let leader = docs.leader_name.clone()?;
        let series = docs.series.values().next();
        let plan = docs.plans.values().next();
        let review = docs.reviews.values().next();
        Some(dashboard::my_view(
            &leader,
            series.map(|(id, s)| (id.as_str(), s.as_ref())),
            plan.map(|(id, p)| (id.as_str(), p.as_ref())),
            review.map(|(id, r)| (id.as_str(), r.as_ref())),
            now,
        ))
    })
}
