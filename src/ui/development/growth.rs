//! The Growth page: my own plan, the plans I lead (freshness, next in-depth talk) and the bench.

use leptos::prelude::*;
use rapport_core::rules::development as rules;

use crate::state::development as plans;
use crate::state::AppState;
use crate::ui::keyed::Keyed;
use crate::ui::route::{go, Route};

use super::*;

#[component]
pub fn Growth() -> impl IntoView {
    let state = expect_context::<AppState>();
    let mine = Memo::new(move |_| plans::my_plans(state));
    let leader_name = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.profile.leader_name.trim().to_string())
                .unwrap_or_default()
        })
    });
    let people = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.active_people().into_iter().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let rows =
        Keyed::new(move || people.with(|v| v.iter().map(|p| (p.id.clone(), p.clone())).collect()));
    // Plans I lead that match nobody on the active roster (renamed, archived, or sent to me
    // by someone I have not added yet): still listed, so nothing disappears.
    let others = Memo::new(move |_| {
        let matched: Vec<String> = people
            .get()
            .iter()
            .filter_map(|p| plans::plan_for_person(state, &p.id, &p.name).map(|(id, _)| id))
            .collect();
        plans::led_plans(state)
            .into_iter()
            .filter(|(id, _)| !matched.contains(id))
            .collect::<Vec<_>>()
    });
    let leads =
        Memo::new(move |_| !people.with(|p| p.is_empty()) || !plans::led_plans(state).is_empty());
    let start_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let start_mine = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = plans::start_my_plan(state).await;
            busy.set(false);
            match r {
                Ok(id) => go(&Route::Plan(id)),
                Err(e) => start_error.set(Some(e)),
            }
        });
    };
    let start_for = move |person_id: String| {
        leptos::task::spawn_local(async move {
            match plans::start_plan(state, &person_id).await {
                Ok(id) => go(&Route::Plan(id)),
                Err(e) => state.notify(e),
            }
        });
    };
    view! {
        <section class="page growth">
            <div class="page-head">
                <h1>"Growth"</h1>
                <p class="muted">
                    "Development plans: goals for 1, 3 and 5 years, led by the employee and shared with their leader. Career goals live here, apart from performance metrics."
                </p>
            </div>
            <div class="card">
                <h2>"My development plan"</h2>
                {move || {
                    let mine = mine.get();
                    if !mine.is_empty() {
                        return view! {
                            <ul class="series-list">
                                {mine
                                    .into_iter()
                                    .map(|(id, e)| {
                                        view! {
                                            <li class="series-row">
                                                <div class="who">
                                                    <span class="name">
                                                        {format!("With {}", e.counterpart_name)}
                                                    </span>
                                                    <span class="role">"My leader"</span>
                                                </div>
                                                <PlanBrief
                                                    doc_id=id
                                                    label="Open my development plan".to_string()
                                                />
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any();
                    }
                    let leader = leader_name.get();
                    if leader.is_empty() && leads.get() {
                        view! {
                            <p class="muted">
                                "If you report to someone, name them under \"My leader\" on the "
                                <a href="#/team">"Team page"</a>
                                " to start your own plan with them."
                            </p>
                        }
                            .into_any()
                    } else if leader.is_empty() {
                        view! {
                            <p class="muted">
                                "Your plan is yours: you write your goals for 1, 3 and 5 years and share them with your leader, who comments and discusses them with you."
                            </p>
                            <p class="notice">
                                "To start it, first name your leader on the "
                                <a href="#/team">"Team page"</a>
                                " (under \"My leader\"): the plan is shared with them."
                            </p>
                            <p class="help">
                                "If your leader already started a plan for you, import the sync file they sent on the "
                                <a href="#/sharing">"Sharing"</a> " page."
                            </p>
                        }
                            .into_any()
                    } else {
                        view! {
                            <p class="muted">
                                {format!(
                                    "Write your goals for 1, 3 and 5 years, your priorities and your interest in promotion or leadership, then send the plan to {leader} as a sync file.",
                                )}
                            </p>
                            <p class="field-error" role="alert">
                                {move || start_error.get()}
                            </p>
                            <button class="primary" on:click=start_mine disabled=move || busy.get()>
                                "Start my plan"
                            </button>
                            <p class="help">
                                "If " {leader.clone()}
                                " already started a plan for you, import their sync file on the "
                                <a href="#/sharing">"Sharing"</a> " page instead."
                            </p>
                        }
                            .into_any()
                    }
                }}
            </div>
            <Show
                when=move || leads.get()
                fallback=|| {
                    view! {
                        <div class="card">
                            <h2>"My team's plans"</h2>
                            <p class="empty">
                                "If you lead people, add them on the "
                                <a href="#/team">"Team page"</a>
                                ": their development plans and the bench-strength view appear here."
                            </p>
                        </div>
                    }
                }
            >
                <div class="card">
                    <h2>"My team's plans"</h2>
                    <p class="help">
                        "Each plan is led by the employee: usually they start it and send it to you. For a new report you can start it for them and send it over."
                    </p>
                    <ul class="series-list" aria-label="My team's plans">
                        <For each=move || rows.ids() key=|id| id.clone() let:pid>
                            {
                                let p = rows.row(pid.clone());
                                let found = Memo::new(move |_| {
                                    p.with(|p| {
                                        plans::plan_for_person(state, &p.id, &p.name)
                                            .map(|(id, _)| id)
                                    })
                                });
                                view! {
                                    <li class="series-row">
                                        <div class="who">
                                            <span class="name">
                                                {move || p.with(|p| p.name.clone())}
                                            </span>
                                            <span class="role">
                                                {move || p.with(|p| p.role_title.clone())}
                                            </span>
                                        </div>
                                        {move || match found.get() {
                                            Some(id) => {
                                                view! {
                                                    <PlanBrief
                                                        doc_id=id
                                                        label=format!(
                                                            "Open the development plan of {}",
                                                            p.with_untracked(|p| p.name.clone()),
                                                        )
                                                    />
                                                }
                                                    .into_any()
                                            }
                                            None => {
                                                let (pid, name) = (
                                                    pid.clone(),
                                                    p.with_untracked(|p| p.name.clone()),
                                                );
                                                view! {
                                                    <span class="muted">"No plan yet"</span>
                                                    <button
                                                        class="secondary"
                                                        on:click=move |_| start_for(pid.clone())
                                                    >
                                                        {format!("Start a plan for {name}")}
                                                    </button>
                                                }
                                                    .into_any()
                                            }
                                        }}
                                    </li>
                                }
                            }
                        </For>
                        <For each=move || others.get() key=|(id, _)| id.clone() let:item>
                            <li class="series-row">
                                <div class="who">
                                    <span class="name">{item.1.counterpart_name.clone()}</span>
                                    <span class="role">"Not on my active team"</span>
                                </div>
                                <PlanBrief
                                    doc_id=item.0.clone()
                                    label=format!(
                                        "Open the development plan of {}",
                                        item.1.counterpart_name,
                                    )
                                />
                            </li>
                        </For>
                    </ul>
                </div>
                <BenchView />
            </Show>
        </section>
    }
}

/// One line about a plan: goals per horizon, activity, in-depth cadence, and a link.
#[component]
pub(super) fn PlanBrief(doc_id: String, label: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let plan = use_plan(doc_id.clone());
    let brief = move || {
        plan.with(|p| {
            let p = p.as_ref()?;
            let today = state.today.get();
            let [a, b, c] = p.active_goal_counts();
            let f = rules::freshness(p, today);
            let cad = rules::in_depth_cadence(p, today);
            let depth = if cad.overdue {
                format!("in-depth discussion {} days overdue", cad.days_overdue)
            } else {
                format!("in-depth discussion due {}", fmt_date(cad.due))
            };
            Some((
                format!(
                    "Goals 1y {a} · 3y {b} · 5y {c} — active {} — {depth}",
                    days_ago(f.days)
                ),
                cad.overdue,
            ))
        })
    };
    view! {
        <span class="brief" class:overdue=move || brief().is_some_and(|b| b.1)>
            {move || brief().map(|b| b.0).unwrap_or_else(|| "Opening…".into())}
        </span>
        <a class="button secondary" href=Route::Plan(doc_id.clone()).href() aria-label=label>
            "Open"
        </a>
    }
}
