//! Today (R1.1–R1.4): who you have connected with today, one-action check-ins, private
//! personal context, and the connection measures computed in core.

use leptos::prelude::*;
use rapport_core::dates;
use rapport_core::domain::checkin::{minutes_hint, parse_minutes};
use rapport_core::domain::{new_id, Channel, CheckIn, Person};
use rapport_core::measures::{self, TodayRow};
use rapport_core::text::TextEdit;

use crate::state::{now_ms, AppState};
use crate::ui::keyed::Keyed;
use crate::ui::widgets::{RatioBars, StatCard, SyncedTextarea};

/// Draws a person's details panel: the detailed check-in form, recent check-ins and personal
/// context, all of which write documents.
pub type DetailsView = fn(Person, String) -> AnyView;

/// The whole app's details panel.
pub fn details(person: Person, id: String) -> AnyView {
    view! { <Details person=person id=id /> }.into_any()
}

/// Today. `details` draws a person's details panel: the whole app passes [`details`]; the
/// Today module (no documents, issue 11) passes none, and "Details" hands the page to the
/// whole app, which shows that person's details open.
#[component]
pub fn Today(#[prop(optional)] details: Option<DetailsView>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The months of check-ins Today reads: open at boot, and again when the day (or the
    // working week) moves the reach into a month not open yet.
    Effect::new(move |_| {
        let today = state.today.get();
        let reach = state.workspace.with(|w| {
            w.as_ref()
                .map(|w| measures::today_reach(&w.settings.work_week, today))
        });
        if let Some(reach) = reach {
            state.want_months(reach);
        }
    });
    let summary = Memo::new(move |_| {
        let today = state.today.get();
        state.checkins.with(|checkins| {
            state.workspace.with(|w| {
                w.as_ref().map(|w| {
                    let people: Vec<&Person> = w.people.values().collect();
                    measures::today_summary(
                        &people,
                        checkins.values(),
                        &w.settings.work_week,
                        w.settings.flag_after_days,
                        today,
                    )
                })
            })
        })
    });
    let people_count = move || summary.with(|s| s.as_ref().map(|s| s.rows.len()).unwrap_or(0));
    let connected = Signal::derive(move || {
        summary.with(|s| {
            s.as_ref()
                .map(|s| format!("{} of {}", s.connected_today, s.rows.len()))
                .unwrap_or_default()
        })
    });
    let coverage = Signal::derive(move || {
        summary.with(|s| {
            s.as_ref()
                .map(|s| s.coverage_30_days.percent_label())
                .unwrap_or_default()
        })
    });
    let coverage_hint = Signal::derive(move || {
        summary.with(|s| {
            s.as_ref()
                .map(|s| {
                    format!(
                        "{} of {} person-days, last 30 days",
                        s.coverage_30_days.covered, s.coverage_30_days.expected
                    )
                })
                .unwrap_or_default()
        })
    });
    let streak = Signal::derive(move || {
        summary.with(|s| {
            s.as_ref()
                .map(|s| {
                    format!(
                        "{} {}",
                        s.streak,
                        if s.streak == 1 { "day" } else { "days" }
                    )
                })
                .unwrap_or_default()
        })
    });
    let flagged = Memo::new(move |_| {
        summary.with(|s| {
            s.as_ref()
                .map(|s| s.rows.iter().filter(|r| r.flagged).count())
                .unwrap_or(0)
        })
    });
    let flag_after = Memo::new(move |_| {
        state
            .workspace
            .with(|w| w.as_ref().map(|w| w.settings.flag_after_days).unwrap_or(2))
    });
    let trend = Signal::derive(move || {
        summary.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.trend
                        .iter()
                        .map(|(d, c)| (dates::day_month(*d), c.ratio()))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    // Rows are keyed by person id and read their fields from `lines` by that id: a check-in
    // changes one row's text in place (and moves it when the order changes) instead of
    // rebuilding it, so an open details panel and its typing survive.
    let lines = Keyed::new(move || {
        let today = state.today.get();
        summary.with(|s| {
            state.workspace.with(|w| match (s, w) {
                (Some(s), Some(w)) => today_lines(s, w, today),
                _ => Vec::new(),
            })
        })
    });
    // Which rows have their details open; kept here so a row re-rendered after a check-in
    // keeps its panel open. Taking over from the Today module: the row it was asked for.
    let asked = details.and_then(|_| crate::handoff::take_details());
    let open_rows = RwSignal::new(
        asked
            .iter()
            .cloned()
            .collect::<std::collections::HashSet<String>>(),
    );
    // Keyboard users land in the details they asked for (after the hand-off's own focus).
    if let Some(pid) = asked {
        set_timeout(
            move || {
                use wasm_bindgen::JsCast;
                if let Some(el) = document()
                    .get_element_by_id(&format!("ci-{pid}-channel"))
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = el.focus();
                }
            },
            std::time::Duration::from_millis(50),
        );
    }
    let date_label = move || dates::long(state.today.get());
    let working = move || summary.with(|s| s.as_ref().is_none_or(|s| s.is_working_day));

    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Today"</h1>
                <p class="muted">
                    {date_label}
                    {move || {
                        (!working())
                            .then(|| view! { <span class="pill">" Not a working day"</span> })
                    }}
                </p>
            </div>
            <Show when=move || people_count() == 0>
                <div class="card empty-state">
                    <h2>"Start with your team"</h2>
                    <p>"Add the people you lead; Today then shows who you have connected with."</p>
                    <a class="button primary" href="#/team">
                        "Add people"
                    </a>
                </div>
            </Show>
            <Show when=move || people_count() != 0>
                <div class="stats" aria-label="Connection measures">
                    <StatCard label="Connected today" value=connected />
                    <StatCard label="Coverage" value=coverage hint=coverage_hint />
                    <StatCard
                        label="Streak"
                        value=streak
                        hint=Signal::derive(|| "fully covered working days".to_string())
                    />
                    <StatCard
                        label="Need a check-in"
                        value=Signal::derive(move || flagged.get().to_string())
                        hint=Signal::derive(move || {
                            format!("not connected for {}+ working days", flag_after.get())
                        })
                        warn=Signal::derive(move || flagged.get() > 0)
                    />
                </div>
                <div class="card">
                    <RatioBars title="Daily connection coverage" bars=trend />
                </div>
                <ul class="today-list" aria-label="Team members today">
                    <For each=move || lines.ids() key=|id| id.clone() let:id>
                        <TodayItem
                            line=lines.row(id.clone())
                            id=id
                            open_rows=open_rows
                            details=details
                        />
                    </For>
                </ul>
            </Show>
        </section>
    }
}

fn status_text(row: &TodayRow, today: chrono::NaiveDate) -> String {
    if row.connected_today {
        return "Connected today".into();
    }
    match (row.last_contact, row.working_days_without) {
        (None, _) => "No check-in yet".into(),
        (Some(d), 0) if d < today => format!("Last connected {}", dates::weekday_day_month(d)),
        (Some(_), 1) => "Not connected for 1 working day".into(),
        (Some(_), n) => format!("Not connected for {n} working days"),
    }
}

/// One person's row on Today, as plain fields.
#[derive(Clone, Debug, PartialEq)]
struct TodayLine {
    name: String,
    role_title: String,
    connected_today: bool,
    /// R1.4: not connected for the configured number of working days.
    flagged: bool,
    status: String,
}

/// Not yet connected first, longest without contact first; then by name.
fn today_lines(
    s: &measures::TodaySummary,
    w: &rapport_core::domain::workspace::Workspace,
    today: chrono::NaiveDate,
) -> Vec<(String, TodayLine)> {
    let mut rows: Vec<(&Person, &TodayRow)> = s
        .rows
        .iter()
        .filter_map(|r| Some((w.people.get(&r.person_id)?, r)))
        .collect();
    rows.sort_by(|a, b| {
        a.1.connected_today
            .cmp(&b.1.connected_today)
            .then(b.1.working_days_without.cmp(&a.1.working_days_without))
            .then(a.0.name.to_lowercase().cmp(&b.0.name.to_lowercase()))
    });
    rows.into_iter()
        .map(|(p, r)| {
            let line = TodayLine {
                name: p.name.clone(),
                role_title: p.role_title.clone(),
                connected_today: r.connected_today,
                flagged: r.flagged,
                status: status_text(r, today),
            };
            (p.id.clone(), line)
        })
        .collect()
}

#[component]
fn TodayItem(
    id: String,
    line: Memo<TodayLine>,
    open_rows: RwSignal<std::collections::HashSet<String>>,
    details: Option<DetailsView>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let pid = id;
    let handoff = use_context::<RwSignal<Option<crate::handoff::Handoff>>>();
    let open = {
        let id = pid.clone();
        Signal::derive(move || open_rows.with(|o| o.contains(&id)))
    };
    let toggle = {
        let id = pid.clone();
        move |_| {
            if details.is_none() {
                // The Today module: the whole app shows the details.
                crate::handoff::ask_details(&id);
                if let Some(h) = handoff {
                    crate::handoff::to_whole_app(h);
                }
                return;
            }
            open_rows.update(|o| {
                if !o.remove(&id) {
                    o.insert(id.clone());
                }
            })
        }
    };
    let log_quick = {
        let pid = pid.clone();
        move |_| {
            log_checkin(
                state,
                &pid,
                &line.with_untracked(|l| l.name.clone()),
                None,
                None,
                String::new(),
            );
        }
    };
    let details_id = format!("details-{pid}");
    let person = move || {
        state
            .workspace
            .with_untracked(|w| w.as_ref().and_then(|w| w.people.get(&pid).cloned()))
    };
    view! {
        <li
            class="today-item"
            class:done=move || line.with(|l| l.connected_today)
            class:flagged=move || line.with(|l| l.flagged)
        >
            <div class="today-main">
                <span class="dot" aria-hidden="true"></span>
                <div class="who">
                    <span class="name">{move || line.with(|l| l.name.clone())}</span>
                    <span class="role">{move || line.with(|l| l.role_title.clone())}</span>
                </div>
                <div class="status">
                    {move || line.with(|l| l.status.clone())}
                    {move || {
                        line.with(|l| l.flagged)
                            .then(|| {
                                view! {
                                    <span
                                        class="flag"
                                        title="Not connected with for several working days"
                                    >
                                        " ⚑ check in soon"
                                    </span>
                                }
                            })
                    }}
                </div>
                <div class="actions">
                    <button
                        class="primary"
                        aria-label=move || {
                            format!("Log check-in with {}", line.with(|l| l.name.clone()))
                        }
                        on:click=log_quick
                    >
                        {move || {
                            if line.with(|l| l.connected_today) {
                                "Log another"
                            } else {
                                "Log check-in"
                            }
                        }}
                    </button>
                    <button
                        class="ghost"
                        aria-expanded=move || open.get().to_string()
                        aria-controls=details_id.clone()
                        aria-label=move || {
                            format!("Details and notes for {}", line.with(|l| l.name.clone()))
                        }
                        on:click=toggle
                    >
                        {move || if open.get() { "Close" } else { "Details" }}
                    </button>
                </div>
            </div>
            <Show when=move || {
                open.get()
            }>
                {person()
                    .zip(details)
                    .map(|(p, details)| {
                        let id = format!("details-{}", p.id);
                        details(p, id)
                    })}
            </Show>
        </li>
    }
}

fn log_checkin(
    state: AppState,
    person_id: &str,
    name: &str,
    channel: Option<Channel>,
    minutes: Option<u32>,
    note: String,
) -> bool {
    let c = CheckIn {
        id: new_id(),
        person_id: person_id.to_string(),
        date: state.today.get_untracked(),
        channel,
        note,
        minutes,
        logged_at: now_ms(),
    };
    match state.check_in(&c) {
        Ok(()) => {
            state.notify(format!("Check-in with {name} logged"));
            true
        }
        Err(e) => {
            state.notify(e);
            false
        }
    }
}

/// Optional detail for a check-in, recent check-ins, and the private personal context (R1.3).
#[component]
fn Details(person: Person, id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let channel = RwSignal::new(String::new());
    let minutes = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pid = person.id.clone();
    let name = person.name.clone();
    let submit = {
        let pid = pid.clone();
        let name = name.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let m = match parse_minutes(&minutes.get_untracked()) {
                Ok(m) => m,
                Err(e) => return error.set(Some(e.to_string())),
            };
            let n = note.get_untracked().trim().to_string();
            if n.chars().count() > 2000 {
                return error.set(Some("A note can be at most 2000 characters.".into()));
            }
            if log_checkin(
                state,
                &pid,
                &name,
                Channel::from_key(&channel.get_untracked()),
                m,
                n,
            ) {
                minutes.set(String::new());
                note.set(String::new());
                channel.set(String::new());
                error.set(None);
            }
        }
    };
    let hint = move || {
        parse_minutes(&minutes.get())
            .ok()
            .flatten()
            .and_then(|m| minutes_hint(Some(m)))
    };
    let recent = {
        let pid = pid.clone();
        Memo::new(move |_| {
            state.checkins.with(|c| {
                c.with_person(&pid)
                    .into_iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };
    let p = format!("ci-{}", person.id);
    view! {
        <div class="details" id=id>
            <form
                class="checkin-form"
                on:submit=submit
                novalidate
                aria-label=format!("Check-in details for {name}")
            >
                <h3>"Check-in with details"</h3>
                <div class="fields">
                    <div class="field">
                        <label for=format!("{p}-channel")>"Channel"</label>
                        <select
                            id=format!("{p}-channel")
                            on:change=move |ev| channel.set(event_target_value(&ev))
                            prop:value=move || channel.get()
                        >
                            <option value="">"Not specified"</option>
                            {Channel::ALL
                                .into_iter()
                                .map(|c| view! { <option value=c.slug()>{c.label()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field narrow">
                        <label for=format!("{p}-minutes")>"Minutes"</label>
                        <input
                            id=format!("{p}-minutes")
                            type="number"
                            min="1"
                            max="240"
                            inputmode="numeric"
                            placeholder="5–10"
                            prop:value=move || minutes.get()
                            on:input=move |ev| {
                                minutes.set(event_target_value(&ev));
                                error.set(None);
                            }
                        />
                    </div>
                    <div class="field grow">
                        <label for=format!("{p}-note")>"Note"</label>
                        <input
                            id=format!("{p}-note")
                            type="text"
                            maxlength="2000"
                            placeholder="What you talked about"
                            prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev))
                        />
                    </div>
                </div>
                <p class="help">{hint}</p>
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
                <button type="submit" class="secondary">
                    "Log with details"
                </button>
            </form>
            <ContextNotes person_id=pid.clone() name=name.clone() />
            <div class="recent">
                <h3>"Recent check-ins"</h3>
                <Show when=move || recent.get().is_empty()>
                    <p class="muted">"None yet."</p>
                </Show>
                <ul>
                    <For each=move || recent.get() key=|c| c.id.clone() let:c>
                        <RecentCheckIn c=c />
                    </For>
                </ul>
            </div>
        </div>
    }
}

#[component]
fn RecentCheckIn(c: CheckIn) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = c.id.clone();
    let mut parts = vec![dates::weekday_day_month(c.date)];
    if let Some(ch) = c.channel {
        parts.push(ch.label().to_string());
    }
    if let Some(m) = c.minutes {
        parts.push(format!("{m} min"));
    }
    let head = parts.join(" · ");
    let remove = move |_| {
        let id = id.clone();
        if let Err(e) = state.delete_checkin(&id) {
            state.notify(e);
        } else {
            state.notify("Check-in removed");
        }
    };
    view! {
        <li>
            <span class="meta">{head.clone()}</span>
            {(!c.note.is_empty()).then(|| view! { <span class="note">{c.note.clone()}</span> })}
            <button
                class="link danger"
                aria-label=format!("Remove check-in of {head}")
                on:click=remove
            >
                "Remove"
            </button>
        </li>
    }
}

/// R1.3: private notes about the person, saved as you type and never shared.
#[component]
fn ContextNotes(person_id: String, name: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let stored = {
        let pid = person_id.clone();
        Signal::derive(move || {
            state.workspace.with(|w| {
                w.as_ref()
                    .map(|w| w.context_of(&pid).to_string())
                    .unwrap_or_default()
            })
        })
    };
    let commit = {
        let pid = person_id.clone();
        move |edit: TextEdit| state.set_context(&pid, edit).map_err(String::from)
    };
    view! {
        <div class="context">
            <SyncedTextarea
                id=format!("ctx-{person_id}")
                label="Personal context"
                help=format!(
                    "Private to you: interests, family, things to ask {name} about. Never shared.",
                )
                stored=stored
                on_commit=commit
                rows=3
            />
        </div>
    }
}
