//! The dashboard's data (R6.1): the roster and check-ins of the workspace, and the shared
//! documents it indexes, handed to `rapport_core::dashboard`, which computes every figure.
//! Views get the results only; they never see a document.

use std::collections::BTreeMap;

use leptos::prelude::*;
use rapport_core::dashboard::{self, MyView, PersonDocs, TeamDashboard, TeamInputs};
use rapport_core::docs::development_plan::{self, DevelopmentPlan};
use rapport_core::docs::one_on_one::{self, OneOnOne};
use rapport_core::docs::workspace::Side;
use rapport_core::docs::DocKind;

use super::{repo, AppState};

/// The hydrated shared documents of one side, by the person they are shared with
/// (roster id on the leader's side).
struct Hydrated {
    series: BTreeMap<String, (String, OneOnOne)>,
    plans: BTreeMap<String, (String, DevelopmentPlan)>,
    /// Employee side: my leader's name.
    leader_name: Option<String>,
}

/// Reads (and tracks) every open shared document of `side`. A document not open yet is
/// skipped; it appears once it opens (its revision signal is tracked).
fn hydrate(state: AppState, side: Side) -> Hydrated {
    let entries: Vec<(String, String, String, String)> = state.workspace.with(|w| {
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
                        (id.clone(), s.kind.clone(), who, s.counterpart_name.clone())
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    let mut out = Hydrated {
        series: BTreeMap::new(),
        plans: BTreeMap::new(),
        leader_name: None,
    };
    for (id, kind, who, counterpart) in entries {
        repo::revision(&id).track();
        let Some(d) = repo::get(&id) else { continue };
        let d = d.borrow();
        match DocKind::parse(&kind) {
            Some(DocKind::OneOnOne) => {
                if let Ok(s) = one_on_one::load(&d.doc) {
                    out.series.insert(who, (id.clone(), s));
                    out.leader_name.get_or_insert(counterpart);
                }
            }
            Some(DocKind::DevelopmentPlan) => {
                if let Ok(p) = development_plan::load(&d.doc) {
                    out.plans.insert(who, (id.clone(), p));
                    out.leader_name.get_or_insert(counterpart);
                }
            }
            _ => {}
        }
    }
    out
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
                by_person
                    .entry(who.clone())
                    .or_insert(PersonDocs {
                        series: None,
                        plan: None,
                    })
                    .series = Some((id.as_str(), s));
            }
            for (who, (id, p)) in &docs.plans {
                by_person
                    .entry(who.clone())
                    .or_insert(PersonDocs {
                        series: None,
                        plan: None,
                    })
                    .plan = Some((id.as_str(), p));
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
        Some(dashboard::my_view(
            &leader,
            series.map(|(id, s)| (id.as_str(), s)),
            plan.map(|(id, p)| (id.as_str(), p)),
            now,
        ))
    })
}
