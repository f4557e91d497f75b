//! The dashboard's data (R6.1): the roster and check-ins of the workspace, and the shared
//! documents it indexes, handed to `rapport_core::dashboard`, which computes every figure.
//! Views get the results only; they never see a document.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
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
use rapport_core::summary::Summarised;

use super::tick::next_tick;
use super::{repo, summaries, AppState};

/// The shared documents of one side, by the person they are shared with (roster id on the
/// leader's side): each from its summary, or hydrated when it is open or has no fresh summary.
struct Hydrated {
    series: BTreeMap<String, (String, Rc<OneOnOne>)>,
    plans: BTreeMap<String, (String, Rc<DevelopmentPlan>)>,
    reviews: BTreeMap<String, (String, Rc<PerformancePlan>)>,
    /// Leader side: the team's objectives and metrics meeting (Goal 2).
    team: Option<(String, Rc<TeamObjectives>)>,
    /// Employee side: the teams I am a member of, with my id in each (the KPIs I own).
    member_of: Vec<(String, Rc<TeamObjectives>, String)>,
    /// Employee side: my leader's name.
    leader_name: Option<String>,
    /// People with a document still being read.
    loading: BTreeSet<String>,
}

/// Reads (and tracks) every shared document of `side`: from its summary when the store's is
/// fresh, never loading it (issue 14); otherwise the document is opened, and the figures
/// follow once it is in memory (its revision signal is tracked), its summary then written.
fn hydrate(state: AppState, side: Side) -> Hydrated {
    let entries: Vec<(String, DocKind, String, String, String)> = state.workspace.with(|w| {
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
                        (
                            id.clone(),
                            s.kind,
                            who,
                            s.counterpart_name.clone(),
                            s.my_id.clone(),
                        )
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
        member_of: Vec::new(),
        leader_name: None,
        loading: BTreeSet::new(),
    };
    // Until the summaries are read, nothing is opened: most documents will not need it.
    let summaries_read = summaries::ready();
    for (id, kind, who, counterpart, my_id) in entries {
        let revision = repo::revision(&id).get();
        let read = Read {
            id: &id,
            kind,
            revision,
            summaries_read,
        };
        let found = match kind {
            DocKind::OneOnOne => read
                .value(&SERIES, one_on_one::load_outline)
                .map(|s| out.series.insert(who.clone(), (id.clone(), s)))
                .is_some(),
            DocKind::DevelopmentPlan => read
                .value(&PLANS, development_plan::load)
                .map(|p| out.plans.insert(who.clone(), (id.clone(), p)))
                .is_some(),
            DocKind::PerformancePlan => read
                .value(&REVIEWS, performance_plan::load)
                .map(|p| out.reviews.insert(who.clone(), (id.clone(), p)))
                .is_some(),
            DocKind::TeamObjectives => {
                if let Some(t) = read.value(&TEAMS, team_objectives::load) {
                    match side {
                        Side::Leader => out.team = Some((id.clone(), t)),
                        Side::Employee => out.member_of.push((id.clone(), t, my_id)),
                    }
                }
                continue;
            }
            _ => continue,
        };
        if found {
            out.leader_name.get_or_insert(counterpart);
        } else {
            out.loading.insert(who);
        }
    }
    out
}

type Cache<T> = RefCell<HashMap<String, (u64, Rc<T>)>>;

thread_local! {
    /// Documents (or their summaries) by id and the revision they were read at: a change to
    /// one document (or to the workspace) re-reads only what changed, not every series.
    static SERIES: Cache<OneOnOne> = RefCell::new(HashMap::new());
    static PLANS: Cache<DevelopmentPlan> = RefCell::new(HashMap::new());
    static REVIEWS: Cache<PerformancePlan> = RefCell::new(HashMap::new());
    static TEAMS: Cache<TeamObjectives> = RefCell::new(HashMap::new());
}

/// One shared document the dashboard reads.
struct Read<'a> {
    id: &'a str,
    kind: DocKind,
    revision: u64,
    summaries_read: bool,
}

impl Read<'_> {
    /// The document's figures' source at its revision, from the cache, the open document, or
    /// a fresh summary; `None` while it is being read (it is opened when it has no fresh
    /// summary). A document hydrated here has its summary written from what was read.
    fn value<T: Clone + Summarised>(
        &self,
        cache: &'static std::thread::LocalKey<Cache<T>>,
        load: impl Fn(&automerge::AutoCommit) -> Result<T, rapport_core::docs::DocError>,
    ) -> Option<Rc<T>> {
        let hit = cache.with(|c| {
            c.borrow()
                .get(self.id)
                .filter(|(rev, _)| *rev == self.revision)
                .map(|(_, v)| v.clone())
        });
        if hit.is_some() {
            return hit;
        }
        // A fresh summary first, even for an open document: hydrating the team's objectives
        // or a performance plan costs hundreds of milliseconds at 50 × 5, decoding its summary
        // a few (every change forgets the summary until a new one is written).
        let value = if let Some(s) = summaries::fresh(self.id).and_then(T::from_summary) {
            s
        } else if let Some(d) = repo::get(self.id) {
            let value = load(&d.borrow().doc).ok()?;
            summaries::write(self.id, value.clone().into_summary());
            value
        } else if !self.summaries_read {
            return None;
        } else {
            super::shared::ensure_open_quietly(self.id, self.kind);
            return None;
        };
        let value = Rc::new(value);
        cache.with(|c| {
            c.borrow_mut()
                .insert(self.id.to_string(), (self.revision, value.clone()))
        });
        Some(value)
    }
}

/// The leader's dashboard: its figures, and whether the first of them are in.
#[derive(Clone, Copy)]
pub struct Team {
    /// Every figure, recomputed when the workspace, the day or any document changes; `None`
    /// until the first are computed, and when there is no workspace.
    pub figures: Memo<Option<TeamDashboard>>,
    /// Set once the figures have been computed for the first time (or there is nothing to
    /// compute them from): until then the page says it is reading, not that it is empty.
    pub settled: RwSignal<bool>,
}

/// The leader's dashboard, computed in three tasks with the browser free between them (issue
/// 11: no freeze over 100 ms on a page just opened at 50 × 5): the page is drawn first; the
/// next task reads every shared document (their summaries decoded, or an open document
/// hydrated); the one after computes every figure, and the first screen of them is drawn.
/// Reading and computing took one task of 77–144 ms on the first dashboard of a page.
pub fn team(state: AppState) -> Team {
    let started = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        next_tick().await;
        started.try_set(true);
    });
    // The documents read for the latest inputs, handed to the figures a task later.
    let read: RwSignal<Option<Rc<Hydrated>>, LocalStorage> = RwSignal::new_local(None);
    let settled = RwSignal::new(false);
    Effect::new(move |_| {
        if !started.get() || !summaries::ready() {
            return;
        }
        if state.workspace.with(Option::is_none) {
            settled.set(true);
            return;
        }
        // The months of check-ins the trends read (issue 11): opened first, computed once.
        let reach = dashboard::checkin_reach(state.today.get());
        if !super::checkins::covers(state, reach) {
            super::checkins::want(state, reach);
            return;
        }
        // The figures read these too: a change to either computes them again.
        state.checkins.track();
        let span = crate::perf::start("rapport:dashboard-read");
        let docs = Rc::new(hydrate(state, Side::Leader));
        span.end();
        leptos::task::spawn_local(async move {
            next_tick().await;
            read.try_set(Some(docs));
            settled.try_set(true);
        });
    });
    // Only the documents read are tracked: whatever else the figures read was tracked by the
    // reading above, so a change computes the figures once, after its documents are read.
    let figures = Memo::new(move |_| {
        let docs = read.get()?;
        untrack(|| compute(state, &docs))
    });
    Team { figures, settled }
}

/// Every figure of the leader's dashboard from the documents read (`docs`), the workspace and
/// the open months of check-ins.
fn compute(state: AppState, docs: &Hydrated) -> Option<TeamDashboard> {
    let span = crate::perf::start("rapport:dashboard-compute");
    let today = state.today.get();
    let now = chrono::Local::now().naive_local();
    let out = state.workspace.with(|w| {
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
        for who in &docs.loading {
            by_person.entry(who.clone()).or_default().loading = true;
        }
        state.checkins.with(|checkins| {
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
                checkins: checkins.values().collect(),
                docs: by_person,
                team: docs.team.as_ref().map(|(id, t)| (id.as_str(), t.as_ref())),
            };
            Some(dashboard::team(&inputs))
        })
    });
    span.end();
    out
}

/// My own view as an employee: my series and plan with my leader; `None` when I share no
/// document as an employee.
pub fn mine(state: AppState) -> Memo<Option<MyView>> {
    Memo::new(move |_| {
        if !summaries::ready() {
            return None;
        }
        state.today.track();
        let now = chrono::Local::now().naive_local();
        let docs = hydrate(state, Side::Employee);
        let leader = docs.leader_name.clone()?;
        let series = docs.series.values().next();
        let plan = docs.plans.values().next();
        let review = docs.reviews.values().next();
        let mut view = dashboard::my_view(
            &leader,
            series.map(|(id, s)| (id.as_str(), s.as_ref())),
            plan.map(|(id, p)| (id.as_str(), p.as_ref())),
            review.map(|(id, r)| (id.as_str(), r.as_ref())),
            now,
        );
        state.workspace.with(|w| {
            if let Some(w) = w.as_ref() {
                for (id, team, my_id) in &docs.member_of {
                    view.kpis.extend(dashboard::my_kpis(
                        id,
                        team,
                        my_id,
                        &w.settings.work_week,
                        now.date(),
                    ));
                }
            }
        });
        Some(view)
    })
}
