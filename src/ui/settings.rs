//! Settings: profile, working week and days off (R1.1), the flag threshold (R1.4), the daily
//! coffee-break reminder (R1.5) and what the browser stores (R8.1).

use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;
use rapport_core::calendar::{recurring_ics, Recurring};
use rapport_core::domain::person::clean_name;
use rapport_core::domain::workspace::Settings as WsSettings;
use rapport_core::domain::workweek::WEEKDAY_NAMES;

use crate::state::AppState;
use crate::ui::widgets::{download, human_bytes};

#[component]
pub fn Settings() -> impl IntoView {
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Settings"</h1>
            </div>
            <div class="grid two">
                <ProfileCard />
                <WorkWeekCard />
                <DaysOffCard />
                <ReminderCard />
                <StorageCard />
                <YourDataCard />
            </div>
            <crate::ui::backup::BackupCard />
        </section>
    }
}

fn settings(state: AppState) -> Option<WsSettings> {
    state
        .workspace
        .with_untracked(|w| w.as_ref().map(|w| w.settings.clone()))
}

fn save_settings(state: AppState, s: WsSettings, msg: &str) {
    match state.set_settings(&s) {
        Ok(()) => state.notify(msg),
        Err(e) => state.notify(e),
    }
}

#[component]
fn ProfileCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.profile.name.clone())
                .unwrap_or_default()
        })
    });
    let draft = RwSignal::new(String::new());
    Effect::new(move |_| draft.set(current.get()));
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = match clean_name(&draft.get_untracked(), true) {
            Ok(n) => n,
            Err(e) => return error.set(Some(e.to_string())),
        };
        let Some(mut p) = state
            .workspace
            .with_untracked(|w| w.as_ref().map(|w| w.profile.clone()))
        else {
            return;
        };
        p.name = name;
        match state.set_profile(&p) {
            Ok(()) => {
                error.set(None);
                state.notify("Profile saved")
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <div class="card">
            <h2>"Profile"</h2>
            <form on:submit=save class="inline-form">
                <label for="profile-name">"Your name"</label>
                <input
                    id="profile-name"
                    type="text"
                    prop:value=move || draft.get()
                    on:input=move |ev| {
                        draft.set(event_target_value(&ev));
                        error.set(None);
                    }
                />
                <button type="submit" class="secondary">
                    "Save"
                </button>
            </form>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}

#[component]
fn WorkWeekCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let days = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.settings.work_week.days.clone())
                .unwrap_or_default()
        })
    });
    let flag_after = Memo::new(move |_| {
        state
            .workspace
            .with(|w| w.as_ref().map(|w| w.settings.flag_after_days).unwrap_or(2))
    });
    let toggle = move |i: usize| {
        let Some(mut s) = settings(state) else { return };
        if let Some(d) = s.work_week.days.get_mut(i) {
            *d = !*d;
        }
        if s.work_week.is_empty() {
            return state.notify("Keep at least one working day: measures count working days.");
        }
        save_settings(state, s, "Working week saved");
    };
    let set_flag = move |ev: leptos::ev::Event| {
        let raw = event_target_value(&ev);
        match raw.trim().parse::<u32>() {
            Ok(n) if (1..=30).contains(&n) => {
                if let Some(mut s) = settings(state) {
                    s.flag_after_days = n;
                    save_settings(state, s, "Saved");
                }
            }
            _ => state.notify("Enter a whole number of working days between 1 and 30."),
        }
    };
    view! {
        <div class="card">
            <h2>"Working week"</h2>
            <p class="muted">
                "Check-ins are expected on these days. Coverage and streaks skip the others."
            </p>
            <fieldset class="weekdays">
                <legend class="sr-only">"Working days"</legend>
                {WEEKDAY_NAMES
                    .iter()
                    .enumerate()
                    .map(|(i, n)| {
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=move || days.get().get(i).copied().unwrap_or(false)
                                    on:change=move |_| toggle(i)
                                />
                                {*n}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="field narrow">
                <label for="flag-after">"Flag people not connected with for (working days)"</label>
                <input
                    id="flag-after"
                    type="number"
                    min="1"
                    max="30"
                    prop:value=move || flag_after.get().to_string()
                    on:change=set_flag
                />
            </div>
        </div>
    }
}

#[component]
fn DaysOffCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let offs = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.settings.work_week.days_off.clone())
                .unwrap_or_default()
        })
    });
    let draft = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let raw = draft.get_untracked();
        let Ok(d) = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d") else {
            return error.set(Some(format!(
                "\"{raw}\" is not a date. Pick one in the date field (YYYY-MM-DD)."
            )));
        };
        let Some(mut s) = settings(state) else { return };
        if s.work_week.is_day_off(d) {
            return error.set(Some(format!(
                "{} is already a day off.",
                d.format("%-d %b %Y")
            )));
        }
        s.work_week.add_day_off(d);
        error.set(None);
        draft.set(String::new());
        save_settings(state, s, "Day off added");
    };
    let remove = move |iso: String| {
        let Some(mut s) = settings(state) else { return };
        if let Ok(d) = NaiveDate::parse_from_str(&iso, "%Y-%m-%d") {
            s.work_week.remove_day_off(d);
            save_settings(state, s, "Day off removed");
        }
    };
    view! {
        <div class="card">
            <h2>"Days off and holidays"</h2>
            <form on:submit=add class="inline-form">
                <label for="day-off">"Date"</label>
                <input
                    id="day-off"
                    type="date"
                    prop:value=move || draft.get()
                    on:input=move |ev| {
                        draft.set(event_target_value(&ev));
                        error.set(None);
                    }
                />
                <button type="submit" class="secondary">
                    "Add day off"
                </button>
            </form>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
            <ul class="chips" aria-label="Days off">
                <For each=move || offs.get() key=|d| d.clone() let:iso>
                    {
                        let label = NaiveDate::parse_from_str(&iso, "%Y-%m-%d")
                            .map(|d| d.format("%a %-d %b %Y").to_string())
                            .unwrap_or(iso.clone());
                        let iso2 = iso.clone();
                        view! {
                            <li class="chip">
                                {label.clone()}
                                <button
                                    class="link"
                                    aria-label=format!("Remove day off {label}")
                                    on:click=move |_| remove(iso2.clone())
                                >
                                    "×"
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
        </div>
    }
}

/// R1.5: a recurring "coffee break" event on working days, as an .ics file.
#[component]
fn ReminderCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let time = RwSignal::new("10:00".to_string());
    let error = RwSignal::new(None::<String>);
    let export = move |_| {
        let Ok(at) = NaiveTime::parse_from_str(time.get_untracked().trim(), "%H:%M") else {
            return error.set(Some("Pick a time, like 10:00.".into()));
        };
        let Some(s) = settings(state) else { return };
        let today = state.today.get_untracked();
        // One UID per workspace: downloading the reminder again (another time, a new day
        // off) updates the event instead of adding a second one. The event starts on the
        // first working day from today (core::calendar), not on the day of the download.
        let ws = state.workspace_id.get_untracked().unwrap_or_default();
        let ics = recurring_ics(&Recurring {
            uid: &format!("coffee-break.{ws}@rapport"),
            summary: "Coffee break: connect with your team",
            description: "Daily connection (Rapport): 5–10 minutes with each person. Ask about their day, then log the check-in in Rapport.",
            start: today,
            at,
            minutes: 15,
            week: &s.work_week,
            stamp_utc: chrono::Utc::now().naive_utc(),
        });
        match download("rapport-coffee-break.ics", "text/calendar", ics.as_bytes()) {
            Ok(()) => {
                error.set(None);
                state.notify("Calendar file downloaded: open it to add the reminder")
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <div class="card">
            <h2>"Daily coffee-break reminder"</h2>
            <p class="muted">
                "A recurring 15-minute calendar event on your working days (days off excluded) to connect with each person."
            </p>
            <div class="inline-form">
                <label for="coffee-time">"Time"</label>
                <input
                    id="coffee-time"
                    type="time"
                    prop:value=move || time.get()
                    on:input=move |ev| time.set(event_target_value(&ev))
                />
                <button type="button" class="secondary" on:click=export>
                    "Download .ics"
                </button>
            </div>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}

#[component]
fn StorageCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let device = expect_context::<crate::state::device::Device>();
    let info = move || state.storage.get();
    let last_backup = move || match device.backup_age_days() {
        None => "Never, from this browser".to_string(),
        Some(0) => "Today".to_string(),
        Some(1) => "Yesterday".to_string(),
        Some(d) => format!("{d} days ago"),
    };
    let days = RwSignal::new(device.remind_days.get_untracked().to_string());
    let days_error = RwSignal::new(None::<String>);
    let save_days = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match days.get_untracked().trim().parse::<u32>() {
            Ok(d) if d <= 365 => {
                device.set_remind_days(d);
                days_error.set(None);
                state.notify(if d == 0 {
                    "Backup reminder off".to_string()
                } else {
                    format!("Reminder after {d} days without a backup")
                });
            }
            _ => days_error.set(Some("A number of days from 0 (never) to 365.".into())),
        }
    };
    view! {
        <div class="card storage-card">
            <h2>"Storage"</h2>
            <p>
                "Everything is stored in this browser only (IndexedDB). Nothing is sent anywhere."
            </p>
            <dl class="facts">
                <dt>"Protected from automatic clean-up"</dt>
                <dd>{move || if info().persisted { "Yes" } else { "No" }}</dd>
                <dt>"Used"</dt>
                <dd>
                    {move || match (info().used, info().quota) {
                        (Some(u), Some(q)) => {
                            format!("{} of {} available", human_bytes(u), human_bytes(q))
                        }
                        _ => "Unknown".to_string(),
                    }}
                </dd>
                <dt>"Last backup"</dt>
                <dd class="last-backup">{last_backup}</dd>
            </dl>
            <Show when=move || !info().persisted>
                <div class="notice persist-refused">
                    <p>
                        <strong>
                            "This browser has not agreed to keep Rapport's data for good."
                        </strong>
                        " When the disk runs low, or when browsing data is cleared, it may delete your workspace and shared documents without asking, and nobody else holds a copy."
                    </p>
                    <p>
                        "To keep your data safe: download an encrypted backup (below) regularly and keep it apart from this computer. Installing Rapport as an app, or bookmarking it, makes browsers more likely to keep its data."
                    </p>
                </div>
            </Show>
            <form class="inline-form" on:submit=save_days novalidate>
                <label for="backup-remind-days">"Remind me of a backup after"</label>
                <input
                    id="backup-remind-days"
                    class="days"
                    type="number"
                    min="0"
                    max="365"
                    prop:value=move || days.get()
                    on:input=move |ev| days.set(event_target_value(&ev))
                />
                <span>"days"</span>
                <button type="submit" class="secondary">
                    "Save"
                </button>
            </form>
            <p class="help">"0 turns the reminder off."</p>
            <p class="field-error" role="alert">
                {move || days_error.get()}
            </p>
        </div>
    }
}

/// Issue 15 (beyond R8.2): the data in forms other programs read (JSON of everything, a `.automerge` file per
/// shared document on its page), and bringing a `.automerge` file in as a new document.
#[component]
fn YourDataCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let export_json = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match crate::state::export::workspace_json(state).await {
                Ok((name, bytes)) => match download(&name, "application/json", &bytes) {
                    Ok(()) => {
                        error.set(None);
                        state.notify(format!("Saved as {name}"));
                    }
                    Err(e) => error.set(Some(e)),
                },
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let bytes = match crate::ui::sharing::read_file_bytes(file).await {
                Ok(b) => b,
                Err(e) => return error.set(Some(e)),
            };
            match crate::state::export::import_automerge(state, &bytes).await {
                Ok((id, kind)) => {
                    error.set(None);
                    state.notify(format!("Imported as a new {}", kind.label()));
                    let route = crate::ui::Route::for_doc(kind, id);
                    crate::ui::route::go(&route);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let understood = RwSignal::new(false);
    let export_ws = move |_| match crate::state::export::workspace_automerge_file(state) {
        Ok((name, bytes)) => match download(&name, "application/octet-stream", &bytes) {
            Ok(()) => state.notify(format!("Saved as {name}")),
            Err(e) => error.set(Some(e)),
        },
        Err(e) => error.set(Some(e)),
    };
    view! {
        <div class="card your-data">
            <h2>"Your data"</h2>
            <p class="muted">
                "Take everything out in a form other programs read: people, check-ins, personal context, notes, 1:1s and development plans, as one JSON file. Your secret keys are never in it; only an encrypted backup carries them."
            </p>
            <button
                type="button"
                class="secondary"
                disabled=move || busy.get()
                on:click=export_json
            >
                "Download all as JSON"
            </button>
            <p class="help">
                "Each 1:1 series and development plan can also be downloaded as an Automerge file from its page."
            </p>
            <label for="import-automerge">"Import an Automerge file"</label>
            <input id="import-automerge" type="file" accept=".automerge" on:change=import />
            <p class="help">
                "It becomes a new, separate document next to your own; it is never merged into one you have."
            </p>
            <details class="workspace-automerge">
                <summary>"My private workspace as an Automerge file"</summary>
                <p class="help warn">
                    "Careful: this file holds your workspace with its whole history. If this workspace was created with an older version of Rapport, that history may still contain your secret keys, and anyone who has the file could then sign and open sync files as you. Keep it as safe as a backup, or use the JSON export instead."
                </p>
                <label class="check">
                    <input
                        id="workspace-automerge-ok"
                        type="checkbox"
                        prop:checked=move || understood.get()
                        on:change=move |_| understood.update(|v| *v = !*v)
                    />
                    "I understand; it stays with me"
                </label>
                <button
                    type="button"
                    class="ghost"
                    disabled=move || !understood.get()
                    on:click=export_ws
                >
                    "Download workspace .automerge"
                </button>
            </details>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}
