//! The Objectives page: the team I lead (start its objectives, or open them) and the teams I
//! am a member of (received from my leader).

use leptos::prelude::*;

use crate::state::team_objectives as team_state;
use crate::state::AppState;
use crate::ui::route::{go, Route};

use super::Field;

#[component]
pub fn Objectives() -> impl IntoView {
    let state = expect_context::<AppState>();
    let led = Memo::new(move |_| team_state::led_team(state));
    let member_of = Memo::new(move |_| team_state::member_teams(state));
    let people = Memo::new(move |_| {
        state
            .workspace
            .with(|w| w.as_ref().map(|w| w.active_people().len()).unwrap_or(0))
    });
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let n = name.get_untracked();
        leptos::task::spawn_local(async move {
            match team_state::start_team(state, &n).await {
                Ok(id) => go(&Route::TeamObjectives(id)),
                Err(e) => state.notify(e),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="page objectives">
            <div class="page-head">
                <h1>"Objectives"</h1>
                <p class="muted">
                    "The organisational priorities your team serves, its objectives written as SMART goals, the KPIs that show progress, and a short metrics meeting about them that is never cancelled. Everyone on the team sees the same page."
                </p>
            </div>
            <div class="card">
                <h2>"My team"</h2>
                {move || match led.get() {
                    Some((id, e)) => {
                        view! {
                            <ul class="series-list">
                                <li class="series-row">
                                    <div class="who">
                                        <span class="name">{e.title.clone()}</span>
                                        <span class="role">
                                            {crate::ui::widgets::count_of(
                                                e.members.iter().filter(|m| !m.left).count(),
                                                "member",
                                                "members",
                                            )}
                                        </span>
                                    </div>
                                    <a
                                        class="button secondary"
                                        href=Route::TeamObjectives(id.clone()).href()
                                    >
                                        "Open team objectives"
                                    </a>
                                </li>
                            </ul>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <form class="form to-form" on:submit=start>
                                <p class="muted">
                                    {move || {
                                        if people.get() == 0 {
                                            "Add the people you lead on the Team page first: they become the team's members."
                                                .to_string()
                                        } else {
                                            match people.get() {
                                                1 => {
                                                    "Start your team's objectives: the person on your roster becomes its member, and you share it with them in one file."
                                                        .to_string()
                                                }
                                                n => {
                                                    format!(
                                                        "Start your team's objectives: the {n} people on your roster become its members, and you share it with all of them in one file.",
                                                    )
                                                }
                                            }
                                        }
                                    }}
                                </p>
                                <Field
                                    label="Team name"
                                    value=name
                                    id="team-name"
                                    placeholder="e.g. Platform team"
                                />
                                <button
                                    type="submit"
                                    class="primary"
                                    disabled=move || busy.get() || people.get() == 0
                                >
                                    "Start team objectives"
                                </button>
                            </form>
                        }
                            .into_any()
                    }
                }}
            </div>
            <Show when=move || !member_of.with(|m| m.is_empty())>
                <div class="card">
                    <h2>"Teams I am on"</h2>
                    <ul class="series-list">
                        {move || {
                            member_of
                                .get()
                                .into_iter()
                                .map(|(id, e)| {
                                    view! {
                                        <li class="series-row">
                                            <div class="who">
                                                <span class="name">{e.title.clone()}</span>
                                                <span class="role">
                                                    {format!("Led by {}", e.counterpart_name)}
                                                </span>
                                            </div>
                                            <a
                                                class="button secondary"
                                                href=Route::TeamObjectives(id.clone()).href()
                                            >
                                                {format!("Open {}", e.title)}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </div>
            </Show>
            <Show when=move || led.with(|l| l.is_none()) && member_of.with(|m| m.is_empty())>
                <p class="muted">
                    "If you are a team member, your leader shares the team's objectives with you as a sync file: import it under Sharing."
                </p>
            </Show>
        </section>
    }
}
