//! One series: its figures and flags, the proposal form (R3.2), the 1:1s, export and history.

use leptos::prelude::*;
use rapport_core::domain::one_on_one::{parse_local_datetime, OneOnOne, Participant, Side};
use rapport_core::domain::workspace::SharedDoc;
use rapport_core::domain::{DocKind, Pair};
use rapport_core::measures::one_on_one as m;
use rapport_core::rules::one_on_one as rules;

use crate::state::one_on_one;
use crate::state::AppState;
use crate::ui::shared_doc::{DocActions, DocPanels, DocPanelsView};
use crate::ui::widgets::StatCard;

use super::*;

#[component]
pub fn Series(doc_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    // A series created in another tab is not open in this one yet.
    crate::state::shared::ensure_open(&doc_id, DocKind::OneOnOne, move |e| state.notify(e));
    let shown = RwSignal::new(one_on_one::PAGE);
    let series = one_on_one::watch_recent(doc_id.clone(), shown.into());
    let entry: Memo<Option<SharedDoc>> = crate::state::shared::watch_entry(state, doc_id.clone());
    let me = Memo::new(move |_| {
        let s = series.get()?;
        let e = entry.get()?;
        let role = e.my_side;
        Some((s.participant(role).clone(), role))
    });
    let id = doc_id.clone();
    // The body is built once per series and side; everything inside reads the series memo, so
    // an autosave, a merge or another tab's edit updates the page without rebuilding a field
    // someone is typing in.
    view! {
        <section class="page">
            {move || match me.get() {
                Some((me, role)) => {
                    view! {
                        <SeriesBody
                            doc_id=id.clone()
                            series=series
                            shown=shown
                            me=me
                            role=role
                            entry=entry
                        />
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <p class="muted" role="status">
                            "Opening the 1:1 series…"
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

#[component]
pub(super) fn SeriesBody(
    doc_id: String,
    series: Memo<Option<OneOnOne>>,
    /// How many past 1:1s are shown (the latest first); "Show older" adds a page.
    shown: RwSignal<usize>,
    me: Participant,
    role: Side,
    entry: Memo<Option<SharedDoc>>,
) -> impl IntoView {
    let other_name = series.with_untracked(|s| {
        s.as_ref()
            .map(|s| s.participant(other_role(role)).name.clone())
            .unwrap_or_default()
    });
    let sum = Memo::new(move |_| series.with(|s| s.as_ref().map(|s| m::summary(s, now_local()))));
    let findings = Memo::new(move |_| {
        series.with(|s| {
            s.as_ref()
                .map(|s| rules::series_findings(s, chrono::Local::now().date_naive()))
                .unwrap_or_default()
        })
    });
    let meeting_ids = Memo::new(move |_| {
        let n = shown.get();
        series.with(|s| {
            s.as_ref()
                .map(|s| one_on_one::shown_in_full(s, n))
                .unwrap_or_default()
        })
    });
    // Past 1:1s not shown yet (their notes are not even read).
    let older = Memo::new(move |_| {
        let listed = meeting_ids.with(Vec::len);
        series.with(|s| {
            s.as_ref()
                .map_or(0, |s| s.meetings.len().saturating_sub(listed))
        })
    });
    let open_count = Memo::new(move |_| {
        series.with(|s| s.as_ref().map(|s| s.open_actions().len()).unwrap_or(0))
    });
    let panels = DocPanels::new();
    let next = Signal::derive(move || {
        sum.get()
            .and_then(|s| s.next_meeting)
            .map(|n| n.format("%a %-d %b, %H:%M").to_string())
            .unwrap_or_else(|| "Not proposed yet".into())
    });
    let counts = move |r: Side| {
        Signal::derive(move || sum.get().map(|s| s.actions.of(r)).unwrap_or_default())
    };
    let (mine, theirs) = (counts(role), counts(other_role(role)));
    let did = doc_id.clone();
    view! {
        <div class="page-head">
            <p class="crumbs">
                <a href="#/one-on-ones">"1:1s"</a>
                " ›"
            </p>
            <h1>"1:1s with " {other_name.clone()}</h1>
            <p class="muted">
                {match role {
                    Side::Leader => "You lead this series; ",
                    Side::Employee => "You report to them; ",
                }} "both of you edit it and exchange sync files."
            </p>
            <DocActions doc_id=did.clone() panels=panels other=other_name.clone() />
        </div>
        <DocPanelsView doc_id=did panels=panels entry=entry />
        <div class="stats">
            <StatCard label="Next 1:1" value=next />
            <StatCard
                label="Adherence"
                value=Signal::derive(move || {
                    sum.get().map(|s| s.adherence.percent_label()).unwrap_or_default()
                })
                hint=Signal::derive(move || {
                    sum.get()
                        .map(|s| {
                            format!(
                                "{} of {} two-week periods with a held 1:1",
                                s.adherence.periods_with_held,
                                s.adherence.periods,
                            )
                        })
                        .unwrap_or_default()
                })
            />
            <StatCard
                label="My open actions"
                value=Signal::derive(move || mine.get().open.to_string())
                hint=Signal::derive(move || format!("{} overdue", mine.get().overdue))
                warn=Signal::derive(move || mine.get().overdue > 0)
            />
            <StatCard
                label="Their open actions"
                value=Signal::derive(move || theirs.get().open.to_string())
                hint=Signal::derive(move || format!("{} overdue", theirs.get().overdue))
                warn=Signal::derive(move || theirs.get().overdue > 0)
            />
        </div>
        {move || findings_view(findings.get())}
        <ProposeCard doc_id=doc_id.clone() me=me.clone() role=role other=other_name.clone() />
        <div class="card">
            <h2>"Open actions" <span class="count">{move || open_count.get()}</span></h2>
            <p class="help">"Open actions carry over to every 1:1 until they are done."</p>
            <ActionList doc_id=doc_id.clone() me=me.clone() series=series meeting_id=None />
        </div>
        <For each=move || meeting_ids.get() key=|id| id.clone() let:mid>
            <MeetingCard
                doc_id=doc_id.clone()
                series=series
                meeting_id=mid
                me=me.clone()
                role=role
            />
        </For>
        <Show when=move || { older.get() > 0 }>
            <button
                type="button"
                class="secondary show-older"
                on:click=move |_| shown.update(|n| *n += one_on_one::PAGE)
            >
                {move || {
                    let n = older.get().min(one_on_one::PAGE);
                    format!(
                        "Show {n} older 1:1{} ({} not shown)",
                        if n == 1 { "" } else { "s" },
                        older.get(),
                    )
                }}
            </button>
        </Show>
    }
}

/// R3.2: the employee proposes date and time; the leader sees who is expected to.
#[component]
pub(super) fn ProposeCard(
    doc_id: String,
    me: Participant,
    role: Side,
    other: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let when = RwSignal::new(String::new());
    let minutes = RwSignal::new("45".to_string());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(at) = parse_local_datetime(&when.get_untracked()) else {
            return error.set(Some("Pick a date and time for the 1:1.".into()));
        };
        let Ok(mins) = minutes.get_untracked().trim().parse::<u32>() else {
            return error.set(Some(
                "Planned length is a number of minutes, like 45.".into(),
            ));
        };
        let me = me.clone();
        match one_on_one::Series::new(&doc_id, &me.id).propose(at, mins) {
            Ok(_) => {
                error.set(None);
                when.set(String::new());
                state.notify(format!("1:1 proposed for {}", at.format("%a %-d %b %H:%M")));
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let length_flag = move || {
        minutes
            .get()
            .trim()
            .parse::<u32>()
            .ok()
            .and_then(|n| rules::length(n, rules::LengthKind::Planned))
            .map(|f| f.message)
    };
    view! {
        <div class="card no-print">
            <h2>"Next 1:1"</h2>
            {match role {
                Side::Employee => {
                    view! {
                        <form class="propose" on:submit=submit novalidate>
                            <p class="help">
                                "You lead your 1:1s: propose when, and add topics beforehand."
                            </p>
                            <div class="fields">
                                <div class="field">
                                    <label for="propose-when">"Date and time"</label>
                                    <input
                                        id="propose-when"
                                        type="datetime-local"
                                        prop:value=move || when.get()
                                        on:input=move |ev| {
                                            when.set(event_target_value(&ev));
                                            error.set(None);
                                        }
                                    />
                                </div>
                                <div class="field narrow">
                                    <label for="propose-minutes">"Planned minutes"</label>
                                    <input
                                        id="propose-minutes"
                                        type="number"
                                        min="5"
                                        max="240"
                                        prop:value=move || minutes.get()
                                        on:input=move |ev| minutes.set(event_target_value(&ev))
                                    />
                                </div>
                            </div>
                            <p class="flag-text">{length_flag}</p>
                            <p class="field-error" role="alert">
                                {move || error.get()}
                            </p>
                            <button type="submit" class="primary">
                                "Propose 1:1"
                            </button>
                        </form>
                    }
                        .into_any()
                }
                Side::Leader => {
                    view! {
                        <p class="muted">
                            {format!(
                                "1:1s are employee-led: {other} proposes the date and time. Add your topics to the planned 1:1 below.",
                            )}
                        </p>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
