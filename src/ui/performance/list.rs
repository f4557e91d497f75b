//! The Reviews page: my own performance plan (as an employee) and, for a leader, one row per
//! person on the team with their next review and how ready it is.

use leptos::prelude::*;
use rapport_core::rules::performance as rules;

use crate::state::performance as perf;
use crate::state::AppState;
use crate::ui::keyed::Keyed;
use crate::ui::route::{go, Route};

use super::*;

#[component]
pub fn Reviews() -> impl IntoView {
    let state = expect_context::<AppState>();
    let mine = Memo::new(move |_| perf::my_plans(state));
    let people = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.active_people().into_iter().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let rows =
        Keyed::new(move || people.with(|v| v.iter().map(|p| (p.id.clone(), p.clone())).collect()));
    let start_for = move |person_id: String| {
        leptos::task::spawn_local(async move {
            match perf::start_plan(state, &person_id).await {
                Ok(id) => go(&Route::Review(id)),
                Err(e) => state.notify(e),
            }
        });
    };
    view! {
        <section class="page reviews">
            <div class="page-head">
                <h1>"Reviews"</h1>
                <p class="muted">
                    "Performance plans: a few agreed metrics with targets, results through the period, feedback as it happens, and reviews prepared from that record instead of memory. Career goals stay in Growth."
                </p>
            </div>
            <Show when=move || !mine.with(|m| m.is_empty())>
                <div class="card">
                    <h2>"My performance plan"</h2>
                    <ul class="series-list">
                        {move || {
                            mine.get()
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
                                                label="Open my performance plan".to_string()
                                            />
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </div>
            </Show>
            <div class="card">
                <h2>"My team"</h2>
                <Show
                    when=move || !rows.is_empty()
                    fallback=move || {
                        view! {
                            <p class="muted">
                                {move || {
                                    if mine.with(|m| m.is_empty()) {
                                        "Add the people you lead on the Team page to start their performance plans. If you are reviewed, your leader starts your plan and sends it to you as a sync file."
                                    } else {
                                        "Nobody reports to you in Rapport. Add the people you lead on the Team page to start their plans."
                                    }
                                }}
                            </p>
                        }
                    }
                >
                    <ul class="series-list">
                        <For each=move || rows.ids() key=|id| id.clone() let:pid>
                            {
                                let person = rows.row(pid.clone());
                                let plan = Memo::new(move |_| {
                                    person.with(|p| perf::plan_for_person(state, &p.id))
                                });
                                let name = move || person.with(|p| p.name.clone());
                                view! {
                                    <li class="series-row">
                                        <div class="who">
                                            <span class="name">{name}</span>
                                            <span class="role">
                                                {move || person.with(|p| p.role_title.clone())}
                                            </span>
                                        </div>
                                        {move || match plan.get() {
                                            Some((id, _)) => {
                                                view! {
                                                    <PlanBrief
                                                        doc_id=id
                                                        label=format!("Open the performance plan of {}", name())
                                                    />
                                                }
                                                    .into_any()
                                            }
                                            None => {
                                                let pid = person.with_untracked(|p| p.id.clone());
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="secondary"
                                                        aria-label=format!(
                                                            "Start the performance plan of {}",
                                                            name(),
                                                        )
                                                        on:click=move |_| start_for(pid.clone())
                                                    >
                                                        "Start performance plan"
                                                    </button>
                                                }
                                                    .into_any()
                                            }
                                        }}
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                </Show>
            </div>
        </section>
    }
}

/// A plan's next review and readiness in one line, and the link to it.
#[component]
fn PlanBrief(doc_id: String, label: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    crate::state::shared::ensure_open_quietly(
        &doc_id,
        rapport_core::domain::DocKind::PerformancePlan,
    );
    let id = doc_id.clone();
    let brief = Memo::new(move |_| {
        perf::load(&id).map(|p| {
            let today = state.today.get();
            let r = rules::readiness(&p, today);
            (r, p.active_metrics().len(), p.acknowledged_on.is_some())
        })
    });
    view! {
        <span class="brief muted">
            {move || match brief.get() {
                None => "Opening…".to_string(),
                Some((_, 0, _)) => "No metrics yet".to_string(),
                Some((r, n, acknowledged)) => {
                    let today = state.today.get_untracked();
                    let results = match r.results_missing {
                        0 => "results in".to_string(),
                        1 => "1 result to record".to_string(),
                        m => format!("{m} results to record"),
                    };
                    format!(
                        "{n} metric{} · review {} ({}) · {results} · self-assessed {}/{}{}{}",
                        if n == 1 { "" } else { "s" },
                        fmt_date(r.due),
                        relative(r.due, today),
                        r.self_assessed,
                        r.metrics,
                        if r.shared { " · review shared" } else { "" },
                        if acknowledged { "" } else { " · not acknowledged yet" },
                    )
                }
            }}
        </span>
        <a class="button secondary" href=Route::Review(doc_id.clone()).href() aria-label=label>
            "Open"
        </a>
    }
}
