//! One 1:1: agenda topics (R3.2), the shared notes (R3.4), my private note (R3.8), its
//! actions, a calendar event, and recording it as held or missed (R3.3, R3.6).

use leptos::prelude::*;
use rapport_core::domain::one_on_one::{MeetingStatus, OneOnOne, Participant, Section, Side};
use rapport_core::domain::Pair;
use rapport_core::rules::one_on_one as rules;
use rapport_core::text::TextEdit;

use crate::state::AppState;
use crate::state::{one_on_one, private_notes};
use crate::ui::widgets::{download, SyncedTextarea};

use super::*;

#[component]
pub(super) fn MeetingCard(
    doc_id: String,
    series: Memo<Option<OneOnOne>>,
    meeting_id: String,
    me: Participant,
    role: Side,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let mid = meeting_id.clone();
    let meeting = {
        let mid = mid.clone();
        Memo::new(move |_| series.with(|s| s.as_ref().and_then(|s| s.meetings.get(&mid).cloned())))
    };
    let name_of = move |id: &str| {
        series.with_untracked(|s| {
            s.as_ref()
                .map(|s| s.name_of(id).to_string())
                .unwrap_or_default()
        })
    };
    let title = Signal::derive(move || {
        meeting.with(|m| {
            m.as_ref()
                .map(|m| format!("1:1 on {}", m.scheduled_for.format("%A %-d %B %Y, %H:%M")))
                .unwrap_or_default()
        })
    });
    let status = move || {
        meeting.with(|m| match m.as_ref().map(|m| &m.status) {
            Some(MeetingStatus::Held { actual_minutes }) => format!("Held · {actual_minutes} min"),
            Some(MeetingStatus::Missed { reason }) => format!("Missed · {reason}"),
            _ => "Planned".to_string(),
        })
    };
    let held = move || meeting.with(|m| m.as_ref().is_some_and(|m| m.status.is_held()));
    let planned = move || meeting.with(|m| m.as_ref().is_some_and(|m| m.status.is_planned()));
    let sub = move || {
        meeting.with(|m| {
            m.as_ref()
                .map(|m| {
                    format!(
                        "planned {} min · proposed by {}",
                        m.planned_minutes,
                        name_of(&m.proposed_by)
                    )
                })
                .unwrap_or_default()
        })
    };
    let flags =
        move || meeting.with(|m| m.as_ref().map(rules::meeting_findings).unwrap_or_default());
    let topics = move || {
        meeting.with(|m| {
            m.as_ref()
                .map(|m| {
                    m.topics_in_order()
                        .into_iter()
                        .map(|t| {
                            (
                                t.id.clone(),
                                t.text.clone(),
                                name_of(&t.added_by),
                                t.discussed,
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let topic = RwSignal::new(String::new());
    let topic_err = RwSignal::new(None::<String>);
    let add_topic = {
        let (doc_id, me, mid) = (doc_id.clone(), me.clone(), mid.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let text = topic.get_untracked();
            match one_on_one::Series::new(&doc_id, &me.id).add_topic(&mid, &text) {
                Ok(_) => {
                    topic.set(String::new());
                    topic_err.set(None);
                }
                Err(e) => topic_err.set(Some(e.to_string())),
            }
        }
    };
    let fid = format!("m-{}", &mid[..8.min(mid.len())]);
    let private_stored = {
        let (doc_id, mid) = (doc_id.clone(), mid.clone());
        Signal::derive(move || private_notes::note(state, &doc_id, &mid).unwrap_or_default())
    };
    let private_commit = {
        let (doc_id, mid) = (doc_id.clone(), mid.clone());
        move |edit: TextEdit| {
            state
                .set_private_note(&doc_id, &mid, edit)
                .map_err(String::from)
        }
    };
    let other_name = name_of(&series.with_untracked(|s| {
        s.as_ref()
            .map(|s| s.participant(other_role(role)).id.clone())
            .unwrap_or_default()
    }));
    let toggle_topic = {
        let (doc_id, me, mid) = (doc_id.clone(), me.clone(), mid.clone());
        move |tid: String, discussed: bool| {
            if let Err(e) =
                one_on_one::Series::new(&doc_id, &me.id).set_topic_discussed(&mid, &tid, !discussed)
            {
                state.notify(e.to_string());
            }
        }
    };
    let outcome_doc = doc_id.clone();
    let outcome_me = me.clone();
    let outcome_mid = mid.clone();
    // R3.2: a proposed or planned 1:1 goes into both calendars, with a reminder before it.
    let add_to_calendar = {
        let (doc_id, mid) = (doc_id.clone(), mid.clone());
        move |_| {
            let Some(ics) = series.with_untracked(|s| {
                let s = s.as_ref()?;
                let m = s.meetings.get(&mid)?;
                let link = app_link(&format!("#/one-on-ones/{doc_id}"));
                let ev = rapport_core::calendar::one_on_one_event(&doc_id, s, m, &link);
                Some(rapport_core::calendar::calendar_ics(
                    &[ev],
                    chrono::Utc::now().naive_utc(),
                ))
            }) else {
                return;
            };
            let name = format!("rapport-1on1-{}.ics", &mid[..8.min(mid.len())]);
            match download(&name, "text/calendar", ics.as_bytes()) {
                Ok(()) => state.notify("Calendar file downloaded: open it to add the 1:1"),
                Err(e) => state.notify(e),
            }
        }
    };
    view! {
        <article class="card meeting" aria-label=move || title.get()>
            <header class="meeting-head">
                <h2>{move || title.get()}</h2>
                <span class="pill" class:ok=held>
                    {status}
                </span>
                <span class="muted">{sub}</span>
                <Show when=planned>
                    <button
                        type="button"
                        class="ghost calendar-add no-print"
                        on:click=add_to_calendar.clone()
                    >
                        "Add to calendar"
                    </button>
                </Show>
            </header>
            {move || findings_view(flags())}
            <section class="topics">
                <h3>"Agenda"</h3>
                <ul class="topic-list" aria-label=move || format!("Agenda of {}", title.get())>
                    {move || {
                        topics()
                            .into_iter()
                            .map(|(tid, text, by, discussed)| {
                                let toggle = toggle_topic.clone();
                                view! {
                                    <li class="topic" class:discussed=discussed>
                                        <label class="check">
                                            <input
                                                type="checkbox"
                                                prop:checked=discussed
                                                on:change=move |_| toggle(tid.clone(), discussed)
                                            />
                                            <span class="topic-text">{text}</span>
                                        </label>
                                        <span class="added-by">"added by "{by}</span>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <form class="inline-form" on:submit=add_topic>
                    <label for=format!("{fid}-topic") class="sr-only">
                        "New topic"
                    </label>
                    <input
                        id=format!("{fid}-topic")
                        type="text"
                        placeholder="Add a topic"
                        prop:value=move || topic.get()
                        on:input=move |ev| topic.set(event_target_value(&ev))
                    />
                    <button type="submit" class="secondary">
                        "Add topic"
                    </button>
                </form>
                <p class="field-error" role="alert">
                    {move || topic_err.get()}
                </p>
            </section>
            <section class="sections">
                {Section::ALL
                    .into_iter()
                    .map(|sec| {
                        let (doc_id, me, mid) = (doc_id.clone(), me.clone(), mid.clone());
                        let stored = Signal::derive(move || {
                            meeting
                                .with(|m| {
                                    m.as_ref().map(|m| m.text(sec).to_string()).unwrap_or_default()
                                })
                        });
                        let commit = move |edit: TextEdit| {
                            one_on_one::Series::new(&doc_id, &me.id)
                                .edit_section(&mid, sec, edit)
                                .map_err(String::from)
                        };
                        view! {
                            <SyncedTextarea
                                id=format!("{fid}-{}", sec.slug())
                                label=sec.label()
                                help=sec.prompt()
                                stored=stored
                                on_commit=commit
                                rows=3
                            />
                        }
                    })
                    .collect_view()}
            </section>
            <section class="meeting-actions">
                <h3>"Actions agreed"</h3>
                <ActionList
                    doc_id=doc_id.clone()
                    me=me.clone()
                    series=series
                    meeting_id=Some(mid.clone())
                />
                <AddAction
                    doc_id=doc_id.clone()
                    me=me.clone()
                    meeting_id=mid.clone()
                    other=other_name
                    my_role=role
                />
            </section>
            <section class="private no-print">
                <SyncedTextarea
                    id=format!("{fid}-private")
                    label="My private notes"
                    help="Only in your browser: never in a sync file."
                    stored=private_stored
                    on_commit=private_commit
                    rows=2
                />
            </section>
            <Show when=planned>
                <RecordOutcome
                    doc_id=outcome_doc.clone()
                    me=outcome_me.clone()
                    meeting_id=outcome_mid.clone()
                />
            </Show>
        </article>
    }
}

#[component]
pub(super) fn RecordOutcome(doc_id: String, me: Participant, meeting_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let minutes = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let held = {
        let (doc_id, me, mid) = (doc_id.clone(), me.clone(), meeting_id.clone());
        move |_| {
            let Ok(n) = minutes.get_untracked().trim().parse::<u32>() else {
                return error.set(Some("Enter how many minutes the 1:1 lasted.".into()));
            };
            match one_on_one::Series::new(&doc_id, &me.id).record_held(&mid, n) {
                Ok(()) => state.notify("1:1 recorded as held"),
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    };
    let missed = move |_| {
        let r = reason.get_untracked();
        match one_on_one::Series::new(&doc_id, &me.id).record_missed(&meeting_id, &r) {
            Ok(()) => state.notify("1:1 recorded as missed"),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let fid = format!("out-{}", rapport_core::domain::new_id());
    view! {
        <section class="outcome no-print">
            <h3>"After the 1:1"</h3>
            <div class="inline-form">
                <label for=format!("{fid}-min")>"Minutes it lasted"</label>
                <input
                    id=format!("{fid}-min")
                    type="number"
                    min="1"
                    max="240"
                    prop:value=move || minutes.get()
                    on:input=move |ev| minutes.set(event_target_value(&ev))
                />
                <button class="secondary" on:click=held>
                    "Record as held"
                </button>
            </div>
            <div class="inline-form">
                <label for=format!("{fid}-reason")>"Or: why it did not happen"</label>
                <input
                    id=format!("{fid}-reason")
                    type="text"
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                />
                <button class="ghost" on:click=missed>
                    "Record as missed"
                </button>
            </div>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
        </section>
    }
}
