//! R2.2: the alignment tree — organisational priority → team objective → KPI — with what is
//! not linked flagged, so the leader sees at once which work serves nothing.

use leptos::prelude::*;
use rapport_core::rules::team as rules;

use crate::state::AppState;
use crate::ui::widgets::findings_list;

use super::*;

#[component]
pub(super) fn AlignmentView(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Individual metrics (Goal 4) live in each person's performance plan: opened only when
    // the leader asks for them, never just to show the team's tree.
    let with_people = RwSignal::new(false);
    let plans = Memo::new(move |_| {
        if !with_people.get() {
            return Vec::new();
        }
        crate::state::performance::led_plans(state)
            .into_iter()
            .filter_map(|(id, e)| {
                crate::state::performance::load(&id)
                    .map(|p| (e.roster_person_id.clone(), e.counterpart_name.clone(), p))
            })
            .collect::<Vec<_>>()
    });
    let tree = Memo::new(move |_| {
        let today = state.today.get();
        ctx.team.with(|t| {
            t.as_ref().map(|t| {
                let a = rules::alignment(t, today);
                plans.with(|p| rules::with_supports(a, p))
            })
        })
    });
    let objective = move |o: rules::ObjectiveNode| {
        view! {
            <li>
                <span class="node objective-node">{o.title.clone()}</span>
                {findings_list(o.findings.clone(), "Objective flags")}
                <ul>
                    {o
                        .kpis
                        .into_iter()
                        .map(|k| {
                            let latest = k
                                .latest
                                .map(|v| format!(" — {} {}", fmt_num(v), k.unit))
                                .unwrap_or_else(|| " — no value yet".into());
                            view! {
                                <li>
                                    <span class="node kpi-node">
                                        {format!("{}{latest}", k.name)}
                                    </span>
                                    {findings_list(k.findings.clone(), "KPI flags")}
                                </li>
                            }
                        })
                        .collect_view()}
                    {o
                        .supports
                        .into_iter()
                        .map(|s| {
                            view! {
                                <li>
                                    <span class="node support-node">
                                        {format!("{}: {}", s.person_name, s.label)}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </li>
        }
    };
    view! {
        <div class="card alignment" role="region" aria-label="Alignment">
            <h2>"Alignment"</h2>
            <p class="help">
                "Each organisational priority, the objectives that serve it and the KPIs that measure them."
            </p>
            {ctx
                .leader
                .then(|| {
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=move || with_people.get()
                                on:change=move |ev| with_people.set(event_target_checked(&ev))
                            />
                            "Show each person's performance metrics under the objective they support"
                        </label>
                    }
                })}
            {move || {
                tree.get()
                    .map(|(a, orphans)| {
                        view! {
                            {findings_list(
                                orphans.into_iter().flat_map(|o| o.findings).collect(),
                                "Metrics to relink",
                            )}
                            <ul class="tree">
                                {a
                                    .priorities
                                    .into_iter()
                                    .map(|p| {
                                        view! {
                                            <li>
                                                <span class="node priority-node">{p.text.clone()}</span>
                                                {findings_list(p.findings.clone(), "Priority flags")}
                                                <ul>
                                                    {p.objectives.into_iter().map(objective).collect_view()}
                                                </ul>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                                {(!a.unlinked_objectives.is_empty())
                                    .then(|| {
                                        view! {
                                            <li>
                                                <span class="node unlinked-node">
                                                    "Not linked to any priority"
                                                </span>
                                                <ul>
                                                    {a
                                                        .unlinked_objectives
                                                        .into_iter()
                                                        .map(objective)
                                                        .collect_view()}
                                                </ul>
                                            </li>
                                        }
                                    })}
                            </ul>
                        }
                    })
            }}
        </div>
    }
}
