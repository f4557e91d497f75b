//! The 1:1s page: the series I lead (one row per person on my roster) and the one with my
//! leader, each with its next 1:1, adherence and open actions.

use leptos::prelude::*;
use rapport_core::domain::one_on_one::Side;
use rapport_core::domain::workspace::SharedDoc;
use rapport_core::domain::DocKind;
use rapport_core::measures::one_on_one as m;

use crate::state::one_on_one;
use crate::state::{sharing, AppState};
use crate::ui::route::{go, Route};

use super::*;

pub(super) fn entries(state: AppState) -> Vec<(String, SharedDoc)> {
    state.workspace.with(|w| {
        w.as_ref()
            .map(|w| {
                w.shared
                    .iter()
                    .filter(|(_, s)| s.kind == DocKind::OneOnOne)
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default()
    })
}

#[component]
pub fn OneOnOnes() -> impl IntoView {
    let state = expect_context::<AppState>();
    let people = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.active_people().into_iter().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let series = Memo::new(move |_| entries(state));
    let led = Memo::new(move |_| {
        series
            .get()
            .into_iter()
            .filter(|(_, s)| s.my_side == Side::Employee)
            .collect::<Vec<_>>()
    });
    let start = move |person_id: String| {
        leptos::task::spawn_local(async move {
            match sharing::start_one_on_one(state, &person_id).await {
                Ok(id) => go(&Route::Series(id)),
                Err(e) => state.notify(e),
            }
        });
    };
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"1:1s"</h1>
                <p class="muted">
                    "Every two weeks, 30–50 minutes, led by the employee: they propose the date and bring the topics."
                </p>
            </div>
            <div class="card">
                <h2>"With my team"</h2>
                <Show when=move || people.get().is_empty()>
                    <p class="empty">
                        "Add people on the Team page to start 1:1 series with them."
                    </p>
                </Show>
                <ul class="series-list">
                    <For each=move || people.get() key=|p| p.id.clone() let:p>
                        {
                            let pid = p.id.clone();
                            let found = Memo::new(move |_| {
                                series.get().into_iter().find(|(_, s)| s.roster_person_id == pid)
                            });
                            let pid2 = p.id.clone();
                            let name = p.name.clone();
                            view! {
                                <li class="series-row">
                                    <div class="who">
                                        <span class="name">{p.name.clone()}</span>
                                        <span class="role">{p.role_title.clone()}</span>
                                    </div>
                                    {move || match found.get() {
                                        Some((id, e)) => {
                                            view! { <SeriesBrief doc_id=id with=e.counterpart_name /> }
                                                .into_any()
                                        }
                                        None => {
                                            let pid = pid2.clone();
                                            view! {
                                                <span class="muted">"No 1:1 series yet"</span>
                                                <button
                                                    class="secondary"
                                                    aria-label=format!("Start 1:1 series with {name}")
                                                    on:click=move |_| start(pid.clone())
                                                >
                                                    "Start 1:1 series"
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
            </div>
            <div class="card">
                <h2>"With my leader"</h2>
                <Show when=move || led.get().is_empty()>
                    <p class="empty">
                        "Your leader starts your 1:1 series and sends you a sync file; import it on the "
                        <a href="#/sharing">"Sharing"</a> " page."
                    </p>
                </Show>
                <ul class="series-list">
                    <For each=move || led.get() key=|(id, _)| id.clone() let:item>
                        <li class="series-row">
                            <div class="who">
                                <span class="name">{item.1.counterpart_name.clone()}</span>
                                <span class="role">"My leader"</span>
                            </div>
                            <SeriesBrief
                                doc_id=item.0.clone()
                                with=item.1.counterpart_name.clone()
                            />
                        </li>
                    </For>
                </ul>
            </div>
        </section>
    }
}

/// One line about a series: next 1:1, adherence, open actions, and a link. `with` is the other
/// person of the pair (as my index names them), so the link says whose 1:1s it opens on both
/// sides.
#[component]
pub(super) fn SeriesBrief(doc_id: String, with: String) -> impl IntoView {
    let series = one_on_one::watch_outline(doc_id.clone());
    let brief = move || {
        series.get().map(|s| {
            let sum = m::summary(&s, now_local());
            let next = sum
                .next_meeting
                .map(|n| n.format("%a %-d %b %H:%M").to_string())
                .unwrap_or_else(|| "none planned".into());
            let open = sum.actions.of(Side::Employee).open + sum.actions.of(Side::Leader).open;
            format!(
                "Next: {next} · adherence {} · {open} open actions",
                sum.adherence.percent_label()
            )
        })
    };
    view! {
        <span class="brief">{move || brief().unwrap_or_else(|| "Loading…".into())}</span>
        <a
            class="button secondary"
            href=Route::Series(doc_id.clone()).href()
            aria-label=format!("Open 1:1s with {with}")
        >
            "Open"
        </a>
    }
}
