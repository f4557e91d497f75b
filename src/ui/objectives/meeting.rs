//! The metrics meeting (R2.3, R2.4): its cadence and calendar series, the record of every
//! occurrence (held with its length, or missed with a reason), and meeting mode — a focused
//! full-window view with only the objectives, KPIs and their latest values, a timer against the
//! time box, the questions, and who facilitates.

use chrono::{NaiveTime, Weekday};
use leptos::prelude::*;
use rapport_core::domain::team::{Cadence, CadenceKind, MeetingOutcome};
use rapport_core::domain::{DocKind, Side};
use rapport_core::rules::team as rules;

use crate::state::team_objectives as team_state;
use crate::state::AppState;
use crate::ui::route::{go, Route};
use crate::ui::widgets::download;

use super::questions::Questions;
use super::*;

const WEEKDAYS: [(Weekday, &str); 5] = [
    (Weekday::Mon, "Monday"),
    (Weekday::Tue, "Tuesday"),
    (Weekday::Wed, "Wednesday"),
    (Weekday::Thu, "Thursday"),
    (Weekday::Fri, "Friday"),
];

/// Where the timer stands against the time box: amber in its last fifth, red past it.
pub fn timer_phase(elapsed_s: u64, time_box_min: u32) -> &'static str {
    let box_s = u64::from(time_box_min) * 60;
    if elapsed_s > box_s {
        "over"
    } else if elapsed_s * 5 >= box_s * 4 {
        "near"
    } else {
        "ok"
    }
}

#[component]
pub(super) fn MeetingSection(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let cadence = Memo::new(move |_| ctx.with(|t| t.cadence.clone()));
    let week = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.settings.work_week.clone())
                .unwrap_or_default()
        })
    });
    let unrecorded = Memo::new(move |_| {
        let today = state.today.get();
        week.with(|wk| ctx.with(|t| rules::unrecorded(t, wk, today)))
    });
    let records = Memo::new(move |_| {
        ctx.with(|t| {
            let mut v: Vec<_> = t
                .meetings
                .values()
                .map(|m| {
                    (
                        m.date,
                        m.outcome.label(),
                        if m.facilitator_id.is_empty() {
                            String::new()
                        } else {
                            format!("facilitated by {}", t.name_of(&m.facilitator_id))
                        },
                    )
                })
                .collect();
            v.sort_by_key(|r| std::cmp::Reverse(r.0));
            v.truncate(12);
            v
        })
    });
    let next = Memo::new(move |_| {
        let today = state.today.get();
        cadence.with(|c| {
            c.as_ref()
                .and_then(|c| week.with(|wk| rules::next_occurrence(c, wk, today)))
        })
    });
    // Cadence form (leader).
    let kind = RwSignal::new(
        cadence
            .get_untracked()
            .map(|c| c.kind)
            .unwrap_or(CadenceKind::Weekly),
    );
    let weekday = RwSignal::new(
        cadence
            .get_untracked()
            .map(|c| c.weekday())
            .unwrap_or(Weekday::Mon),
    );
    let time = RwSignal::new(
        cadence
            .get_untracked()
            .map(|c| c.time.clone())
            .unwrap_or_else(|| "09:30".into()),
    );
    let save_cadence = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(at) = NaiveTime::parse_from_str(time.get_untracked().trim(), "%H:%M") else {
            return state.notify("Give the time as hours and minutes, e.g. 09:30.".to_string());
        };
        let start = state.today.get_untracked();
        let c = match kind.get_untracked() {
            CadenceKind::Daily => Cadence::daily(at, start),
            CadenceKind::Weekly => Cadence::weekly(weekday.get_untracked(), at, start),
        };
        match ctx.cmd.set_cadence(c) {
            Ok(()) => state.notify("Meeting cadence saved".to_string()),
            Err(e) => state.notify(e.to_string()),
        }
    };
    let calendar = move |_| {
        let ics = ctx.team.with_untracked(|t| {
            t.as_ref().and_then(|t| {
                week.with_untracked(|wk| {
                    rapport_core::calendar::metrics_meeting_ics(
                        t,
                        wk,
                        chrono::Utc::now().naive_utc(),
                    )
                })
            })
        });
        if let Some(ics) = ics {
            match download(
                "rapport-metrics-meeting.ics",
                "text/calendar",
                ics.as_bytes(),
            ) {
                Ok(()) => state.notify(
                    "Saved the meeting series: open it to add it to your calendar".to_string(),
                ),
                Err(e) => state.notify(e),
            }
        }
    };
    // Recording a missed occurrence (leader).
    let miss_date = RwSignal::new(String::new());
    let miss_kind = RwSignal::new("missed".to_string());
    let miss_reason = RwSignal::new(String::new());
    let miss_error = RwSignal::new(None::<String>);
    let record_missed = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(d) = parse_date(&miss_date.get_untracked()) else {
            return miss_error.set(Some("Pick the date of the meeting.".into()));
        };
        let reason = miss_reason.get_untracked();
        let outcome = if miss_kind.get_untracked() == "cancelled" {
            MeetingOutcome::Cancelled { reason }
        } else {
            MeetingOutcome::Missed { reason }
        };
        match ctx.cmd.record_meeting(d, outcome, "") {
            Ok(()) => {
                miss_reason.set(String::new());
                miss_error.set(None);
            }
            Err(e) => miss_error.set(Some(e.to_string())),
        }
    };
    let doc_id = ctx.doc_id();
    view! {
        <div class="card meeting" role="region" aria-label="Metrics meeting">
            <h2>"Metrics meeting"</h2>
            <p>
                {move || match cadence.get() {
                    Some(c) => {
                        format!(
                            "{} · {} minutes{}",
                            c.label(),
                            c.time_box_minutes(),
                            next
                                .get()
                                .map(|d| format!(" · next: {}", fmt_date(d)))
                                .unwrap_or_default(),
                        )
                    }
                    None => {
                        "No cadence yet: a daily huddle (15 minutes) or a weekly meeting (40 minutes) about the objectives and KPIs only."
                            .to_string()
                    }
                }}
            </p>
            <div class="form-actions">
                <button
                    type="button"
                    class="primary"
                    on:click={
                        let id = doc_id.clone();
                        move |_| go(&Route::Meeting(id.clone()))
                    }
                >
                    "Start meeting mode"
                </button>
                <Show when=move || cadence.with(|c| c.is_some())>
                    <button type="button" class="ghost" on:click=calendar>
                        "Add the meeting series to calendar"
                    </button>
                </Show>
            </div>
            {ctx
                .leader
                .then(|| {
                    view! {
                        <form class="inline-form to-form cadence-form" on:submit=save_cadence>
                            <label>
                                "Cadence"
                                <select
                                    id="cadence-kind"
                                    on:change=move |ev| {
                                        kind.set(
                                            if event_target_value(&ev) == "daily" {
                                                CadenceKind::Daily
                                            } else {
                                                CadenceKind::Weekly
                                            },
                                        )
                                    }
                                >
                                    <option
                                        value="weekly"
                                        selected=move || kind.get() == CadenceKind::Weekly
                                    >
                                        "Weekly, 40 minutes"
                                    </option>
                                    <option
                                        value="daily"
                                        selected=move || kind.get() == CadenceKind::Daily
                                    >
                                        "Daily huddle, 15 minutes"
                                    </option>
                                </select>
                            </label>
                            <Show when=move || kind.get() == CadenceKind::Weekly>
                                <label>
                                    "Day"
                                    <select
                                        id="cadence-day"
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            if let Some((d, _)) = WEEKDAYS.iter().find(|(_, n)| *n == v)
                                            {
                                                weekday.set(*d);
                                            }
                                        }
                                    >
                                        {WEEKDAYS
                                            .iter()
                                            .map(|(d, n)| {
                                                let d = *d;
                                                view! {
                                                    <option value=*n selected=move || weekday.get() == d>
                                                        {*n}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                            </Show>
                            <label>
                                "Time"
                                <input
                                    id="cadence-time"
                                    type="time"
                                    prop:value=move || time.get()
                                    on:input=move |ev| time.set(event_target_value(&ev))
                                />
                            </label>
                            <button type="submit" class="secondary">
                                "Save cadence"
                            </button>
                        </form>
                    }
                })}
            <Show when=move || !unrecorded.with(|u| u.is_empty())>
                <p class="help warn">
                    {move || {
                        let u = unrecorded.get();
                        format!(
                            "Not recorded yet: {}. Every meeting ends recorded, as held or as missed with a reason.",
                            u
                                .iter()
                                .rev()
                                .take(5)
                                .map(|d| fmt_date(*d))
                                .collect::<Vec<_>>()
                                .join(", "),
                        )
                    }}
                </p>
            </Show>
            <h3>"Record"</h3>
            <Show
                when=move || !records.with(|r| r.is_empty())
                fallback=|| view! { <p class="muted">"No meeting recorded yet."</p> }
            >
                <ul class="meeting-records">
                    {move || {
                        records
                            .get()
                            .into_iter()
                            .map(|(d, label, by)| {
                                view! {
                                    <li>
                                        <strong>{fmt_date(d)}</strong>
                                        {format!(" — {label}")}
                                        {(!by.is_empty()).then(|| format!(", {by}"))}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
            {ctx
                .leader
                .then(|| {
                    view! {
                        <h3>"A meeting that did not take place"</h3>
                        <form
                            class="inline-form to-form"
                            on:submit=record_missed
                            aria-label="Record a meeting that did not take place"
                        >
                            <label>
                                "Date"
                                <input
                                    type="date"
                                    id="miss-date"
                                    prop:value=move || miss_date.get()
                                    on:input=move |ev| miss_date.set(event_target_value(&ev))
                                />
                            </label>
                            <label>
                                "Outcome"
                                <select
                                    id="miss-kind"
                                    on:change=move |ev| miss_kind.set(event_target_value(&ev))
                                >
                                    <option value="missed">"Missed"</option>
                                    <option value="cancelled">"Cancelled"</option>
                                </select>
                            </label>
                            <Field label="Reason" value=miss_reason id="miss-reason" />
                            <button type="submit" class="ghost">
                                "Record as not held"
                            </button>
                        </form>
                        {error_line(miss_error)}
                    }
                })}
        </div>
    }
}

/// Meeting mode: the whole window for the meeting (R2.3).
#[component]
pub fn MeetingMode(doc_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    crate::state::shared::ensure_open_quietly(&doc_id, DocKind::TeamObjectives);
    let team = {
        let id = doc_id.clone();
        Memo::new(move |_| team_state::load(&id))
    };
    let entry = crate::state::shared::watch_entry(state, doc_id.clone());
    let ready = Memo::new(move |_| team.with(|t| t.is_some()) && entry.with(|e| e.is_some()));
    // The meeting mode hides the app's navigation; leaving it shows it again.
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.class_list().add_1("meeting-mode");
    }
    on_cleanup(|| {
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.class_list().remove_1("meeting-mode");
        }
    });
    view! {
        <section class="page meeting-page">
            {move || {
                ready
                    .get()
                    .then(|| {
                        let e = entry.get_untracked().expect("ready");
                        let me = team_state::my_id_in(state, &e);
                        let ctx = Ctx {
                            team,
                            entry,
                            leader: e.my_side == Side::Leader,
                            cmd: team_state::Team::new(state, doc_id.clone(), me),
                        };
                        view! { <MeetingBody ctx=ctx /> }
                    })
            }} <Show when=move || !ready.get()>
                <p class="muted" role="status">
                    "Opening the team objectives…"
                </p>
            </Show>
        </section>
    }
}

#[component]
fn MeetingBody(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let started = js_sys::Date::now();
    let elapsed = RwSignal::new(0_u64);
    let handle = set_interval_with_handle(
        move || elapsed.set(((js_sys::Date::now() - started) / 1000.0).max(0.0) as u64),
        std::time::Duration::from_millis(500),
    )
    .ok();
    on_cleanup(move || {
        if let Some(h) = handle {
            h.clear();
        }
    });
    let time_box = Memo::new(move |_| {
        ctx.with(|t| {
            Some(
                t.cadence
                    .as_ref()
                    .map(|c| c.time_box_minutes())
                    .unwrap_or(15),
            )
        })
        .unwrap_or(15)
    });
    let phase = move || timer_phase(elapsed.get(), time_box.get());
    let people = Memo::new(move |_| {
        ctx.with(|t| {
            t.people_in_order()
                .into_iter()
                .map(|(id, n)| (id.to_string(), n.to_string()))
                .collect::<Vec<_>>()
        })
    });
    let suggested = ctx
        .team
        .with_untracked(|t| t.as_ref().and_then(rules::next_facilitator));
    let facilitator = RwSignal::new(suggested.clone().unwrap_or_else(|| ctx.me()));
    let suggested_name = ctx.team.with_untracked(|t| {
        t.as_ref()
            .zip(suggested.as_ref())
            .map(|(t, s)| t.name_of(s).to_string())
    });
    let kpis = Memo::new(move |_| {
        ctx.with(|t| {
            t.objectives_in_order()
                .into_iter()
                .map(|o| {
                    let ks: Vec<_> = t
                        .kpis_of(&o.id)
                        .into_iter()
                        .map(|k| {
                            let tr = rules::trend(k);
                            (
                                k.name.clone(),
                                k.unit.clone(),
                                k.target,
                                t.name_of(&k.owner_id).to_string(),
                                tr,
                            )
                        })
                        .collect();
                    (o.title.clone(), ks)
                })
                .collect::<Vec<_>>()
        })
    });
    let error = RwSignal::new(None::<String>);
    let end = move |_| {
        let minutes = (elapsed.get_untracked().div_ceil(60)).max(1) as u32;
        let today = state.today.get_untracked();
        match ctx.cmd.record_meeting(
            today,
            MeetingOutcome::Held { minutes },
            &facilitator.get_untracked(),
        ) {
            Ok(()) => {
                state.notify(format!("Meeting recorded as held, {minutes} min"));
                go(&Route::TeamObjectives(ctx.doc_id()));
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let leave = move |_| go(&Route::TeamObjectives(ctx.doc_id()));
    view! {
        <div class="meeting-head">
            <h1>{move || format!("{} — metrics meeting", ctx.with(|t| t.team_name.clone()))}</h1>
            <div
                class=move || format!("timer timer-{}", phase())
                role="timer"
                aria-live="off"
                aria-label=move || {
                    format!("Time {} of {} minutes", mmss(elapsed.get()), time_box.get())
                }
            >
                <span class="timer-value">{move || mmss(elapsed.get())}</span>
                <span class="timer-box">{move || format!(" / {}:00", time_box.get())}</span>
            </div>
        </div>
        <div class="meeting-grid">
            <div class="card meeting-kpis">
                <h2>"Objectives and KPIs"</h2>
                {move || {
                    kpis.get()
                        .into_iter()
                        .map(|(title, ks)| {
                            view! {
                                <h3>{title}</h3>
                                <table class="meeting-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">"KPI"</th>
                                            <th scope="col">"Latest"</th>
                                            <th scope="col">"Trend"</th>
                                            <th scope="col">"Target"</th>
                                            <th scope="col">"Owner"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {ks
                                            .into_iter()
                                            .map(|(name, unit, target, owner, tr)| {
                                                let latest = tr
                                                    .latest
                                                    .map(|l| format!("{} {unit}", fmt_num(l)))
                                                    .unwrap_or_else(|| "no value".into());
                                                let (arrow, word) = match tr.direction {
                                                    rules::Direction::Up => ("▲", "up"),
                                                    rules::Direction::Down => ("▼", "down"),
                                                    rules::Direction::Flat => ("▶", "flat"),
                                                };
                                                view! {
                                                    <tr class:off-track=!tr.on_track>
                                                        <th scope="row">{name}</th>
                                                        <td>{latest}</td>
                                                        <td>
                                                            <span aria-hidden="true">{arrow}</span>
                                                            {format!(" {word}")}
                                                        </td>
                                                        <td>{format!("{} {unit}", fmt_num(target))}</td>
                                                        <td>{owner}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <div class="meeting-side">
                <Questions ctx=ctx />
                <div class="card">
                    <h2>"Facilitator"</h2>
                    {suggested_name
                        .map(|n| {
                            view! { <p class="help">{format!("Next in the rotation: {n}")}</p> }
                        })}
                    <label>
                        "Facilitated by"
                        <select
                            id="facilitator"
                            on:change=move |ev| { facilitator.set(event_target_value(&ev)) }
                        >
                            {person_options(people, facilitator)}
                        </select>
                    </label>
                </div>
            </div>
        </div>
        {error_line(error)}
        <div class="form-actions meeting-actions">
            {ctx
                .leader
                .then(|| {
                    view! {
                        <button type="button" class="primary" on:click=end>
                            "End meeting and record it as held"
                        </button>
                    }
                })} <button type="button" class="ghost" on:click=leave>
                "Leave meeting mode"
            </button>
        </div>
    }
}

fn mmss(s: u64) -> String {
    format!("{}:{:02}", s / 60, s % 60)
}
