//! 1:1s (Goal 3): the list of series I take part in, and one series with its meetings,
//! topics, shared notes, actions, private notes, export and history.

use leptos::prelude::*;
use rapport_core::domain::one_on_one::{
    parse_local_datetime, ActionDraft, MeetingStatus, OneOnOne, Participant, Section, Side,
};
use rapport_core::domain::workspace::SharedDoc;
use rapport_core::domain::{DocKind, Pair};
use rapport_core::measures::one_on_one as m;
use rapport_core::rules::one_on_one as rules;
use rapport_core::text::TextEdit;

use crate::state::one_on_one::{self, Series};
use crate::state::{sharing, AppState};
use crate::ui::route::{go, Route};
use crate::ui::shared_doc::{AutomergeDownload, ExportPanel, HistoryPanel};
use crate::ui::widgets::{download, StatCard, SyncedTextarea};

fn now_local() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

fn entries(state: AppState) -> Vec<(String, SharedDoc)> {
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
                <p class="muted">"Every two weeks, 30–50 minutes, led by the employee: they propose the date and bring the topics."</p>
            </div>
            <div class="card">
                <h2>"With my team"</h2>
                <Show when=move || people.get().is_empty()>
                    <p class="empty">"Add people on the Team page to start 1:1 series with them."</p>
                </Show>
                <ul class="series-list">
                    <For each=move || people.get() key=|p| p.id.clone() let:p>
                        {
                            let pid = p.id.clone();
                            let found = Memo::new(move |_| series.get().into_iter().find(|(_, s)| s.roster_person_id == pid));
                            let pid2 = p.id.clone();
                            let name = p.name.clone();
                            view! {
                                <li class="series-row">
                                    <div class="who"><span class="name">{p.name.clone()}</span><span class="role">{p.role_title.clone()}</span></div>
                                    {move || match found.get() {
                                        Some((id, e)) => view! { <SeriesBrief doc_id=id with=e.counterpart_name/> }.into_any(),
                                        None => {
                                            let pid = pid2.clone();
                                            view! {
                                                <span class="muted">"No 1:1 series yet"</span>
                                                <button class="secondary" aria-label=format!("Start 1:1 series with {name}") on:click=move |_| start(pid.clone())>"Start 1:1 series"</button>
                                            }.into_any()
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
                    <p class="empty">"Your leader starts your 1:1 series and sends you a sync file; import it on the " <a href="#/sharing">"Sharing"</a> " page."</p>
                </Show>
                <ul class="series-list">
                    <For each=move || led.get() key=|(id, _)| id.clone() let:item>
                        <li class="series-row">
                            <div class="who"><span class="name">{item.1.counterpart_name.clone()}</span><span class="role">"My leader"</span></div>
                            <SeriesBrief doc_id=item.0.clone() with=item.1.counterpart_name.clone()/>
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
fn SeriesBrief(doc_id: String, with: String) -> impl IntoView {
    let series = one_on_one::watch(doc_id.clone());
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
        <a class="button secondary" href=Route::Series(doc_id.clone()).href() aria-label=format!("Open 1:1s with {with}")>"Open"</a>
    }
}

#[component]
pub fn Series(doc_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    // A series created in another tab is not open in this one yet.
    crate::state::shared::ensure_open(&doc_id, DocKind::OneOnOne, move |e| state.notify(e));
    let series = one_on_one::watch(doc_id.clone());
    let entry: Memo<Option<SharedDoc>> = {
        let id = doc_id.clone();
        Memo::new(move |_| {
            state
                .workspace
                .with(|w| w.as_ref().and_then(|w| w.shared.get(&id).cloned()))
        })
    };
    let me = Memo::new(move |_| {
        let s = series.get()?;
        let e = entry.get()?;
        let role = match e.my_side {
            Side::Leader => Side::Leader,
            Side::Employee => Side::Employee,
        };
        Some((s.participant(role).clone(), role))
    });
    let id = doc_id.clone();
    // The body is built once per series and side; everything inside reads the series memo, so
    // an autosave, a merge or another tab's edit updates the page without rebuilding a field
    // someone is typing in.
    view! {
        <section class="page">
            {move || match me.get() {
                Some((me, role)) => view! { <SeriesBody doc_id=id.clone() series=series me=me role=role entry=entry/> }.into_any(),
                None => view! { <p class="muted" role="status">"Opening the 1:1 series…"</p> }.into_any(),
            }}
        </section>
    }
}

fn other_role(role: Side) -> Side {
    match role {
        Side::Leader => Side::Employee,
        Side::Employee => Side::Leader,
    }
}

fn findings_view(findings: Vec<rapport_core::rules::Finding>) -> impl IntoView {
    (!findings.is_empty()).then(|| {
        view! {
            <ul class="findings" aria-label="Flags">
                {findings.into_iter().map(|f| view! { <li class="flag-item"><span class="rule" data-rule=f.rule aria-hidden="true">"⚑"</span>" "{f.message}</li> }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn SeriesBody(
    doc_id: String,
    series: Memo<Option<OneOnOne>>,
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
        series.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.meetings_in_order()
                        .into_iter()
                        .rev()
                        .map(|m| m.id.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let open_count = Memo::new(move |_| {
        series.with(|s| s.as_ref().map(|s| s.open_actions().len()).unwrap_or(0))
    });
    let show_export = RwSignal::new(false);
    let show_history = RwSignal::new(false);
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
    let hid = doc_id.clone();
    let am_id = doc_id.clone();
    view! {
        <div class="page-head">
            <p class="crumbs"><a href="#/one-on-ones">"1:1s"</a>" ›"</p>
            <h1>"1:1s with " {other_name.clone()}</h1>
            <p class="muted">{match role { Side::Leader => "You lead this series; ", Side::Employee => "You report to them; " }}
                "both of you edit it and exchange sync files."</p>
            <div class="form-actions">
                <button class="primary" on:click=move |_| show_export.update(|v| *v = !*v) aria-expanded=move || show_export.get().to_string()>
                    {format!("Send update to {other_name}")}
                </button>
                <button class="ghost" on:click=move |_| show_history.update(|v| *v = !*v) aria-expanded=move || show_history.get().to_string()>"History"</button>
                <button class="ghost" on:click=move |_| crate::ui::widgets::print_page()>"Print"</button>
                <AutomergeDownload doc_id=am_id.clone()/>
            </div>
        </div>
        <Show when=move || show_export.get()>
            {
                let did = did.clone();
                move || entry.get().map(|e| view! { <ExportPanel doc_id=did.clone() entry=e/> })
            }
        </Show>
        <Show when=move || show_history.get()>
            <HistoryPanel doc_id=hid.clone()/>
        </Show>
        <div class="stats">
            <StatCard label="Next 1:1" value=next/>
            <StatCard label="Adherence" value=Signal::derive(move || sum.get().map(|s| s.adherence.percent_label()).unwrap_or_default())
                hint=Signal::derive(move || sum.get().map(|s| format!("{} of {} two-week periods with a held 1:1", s.adherence.periods_with_held, s.adherence.periods)).unwrap_or_default())/>
            <StatCard label="My open actions" value=Signal::derive(move || mine.get().open.to_string())
                hint=Signal::derive(move || format!("{} overdue", mine.get().overdue)) warn=Signal::derive(move || mine.get().overdue > 0)/>
            <StatCard label="Their open actions" value=Signal::derive(move || theirs.get().open.to_string())
                hint=Signal::derive(move || format!("{} overdue", theirs.get().overdue)) warn=Signal::derive(move || theirs.get().overdue > 0)/>
        </div>
        {move || findings_view(findings.get())}
        <ProposeCard doc_id=doc_id.clone() me=me.clone() role=role other=other_name.clone()/>
        <div class="card">
            <h2>"Open actions" <span class="count">{move || open_count.get()}</span></h2>
            <p class="help">"Open actions carry over to every 1:1 until they are done."</p>
            <ActionList doc_id=doc_id.clone() me=me.clone() series=series meeting_id=None/>
        </div>
        <For each=move || meeting_ids.get() key=|id| id.clone() let:mid>
            <MeetingCard doc_id=doc_id.clone() series=series meeting_id=mid me=me.clone() role=role/>
        </For>
    }
}

/// R3.2: the employee proposes date and time; the leader sees who is expected to.
#[component]
fn ProposeCard(doc_id: String, me: Participant, role: Side, other: String) -> impl IntoView {
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
        match Series::new(&doc_id, &me.id).propose(at, mins) {
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
                Side::Employee => view! {
                    <form class="propose" on:submit=submit novalidate>
                        <p class="help">"You lead your 1:1s: propose when, and add topics beforehand."</p>
                        <div class="fields">
                            <div class="field">
                                <label for="propose-when">"Date and time"</label>
                                <input id="propose-when" type="datetime-local" prop:value=move || when.get() on:input=move |ev| { when.set(event_target_value(&ev)); error.set(None); }/>
                            </div>
                            <div class="field narrow">
                                <label for="propose-minutes">"Planned minutes"</label>
                                <input id="propose-minutes" type="number" min="5" max="240" prop:value=move || minutes.get() on:input=move |ev| minutes.set(event_target_value(&ev))/>
                            </div>
                        </div>
                        <p class="flag-text">{length_flag}</p>
                        <p class="field-error" role="alert">{move || error.get()}</p>
                        <button type="submit" class="primary">"Propose 1:1"</button>
                    </form>
                }.into_any(),
                Side::Leader => view! {
                    <p class="muted">{format!("1:1s are employee-led: {other} proposes the date and time. Add your topics to the planned 1:1 below.")}</p>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn MeetingCard(
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
            match Series::new(&doc_id, &me.id).add_topic(&mid, &text) {
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
        let mid = mid.clone();
        Signal::derive(move || {
            state.workspace.with(|w| {
                w.as_ref()
                    .and_then(|w| w.private_notes.get(&mid).map(|t| t.as_str().to_string()))
                    .unwrap_or_default()
            })
        })
    };
    let private_commit = {
        let mid = mid.clone();
        move |edit: TextEdit| state.set_private_note(&mid, edit).map_err(String::from)
    };
    let other_name = name_of(&series.with_untracked(|s| {
        s.as_ref()
            .map(|s| s.participant(other_role(role)).id.clone())
            .unwrap_or_default()
    }));
    let toggle_topic = {
        let (doc_id, me, mid) = (doc_id.clone(), me.clone(), mid.clone());
        move |tid: String, discussed: bool| {
            if let Err(e) = Series::new(&doc_id, &me.id).set_topic_discussed(&mid, &tid, !discussed)
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
                <span class="pill" class:ok=held>{status}</span>
                <span class="muted">{sub}</span>
                <Show when=planned>
                    <button type="button" class="ghost calendar-add no-print" on:click=add_to_calendar.clone()>"Add to calendar"</button>
                </Show>
            </header>
            {move || findings_view(flags())}
            <section class="topics">
                <h3>"Agenda"</h3>
                <ul class="topic-list" aria-label=move || format!("Agenda of {}", title.get())>
                    {move || topics().into_iter().map(|(tid, text, by, discussed)| {
                        let toggle = toggle_topic.clone();
                        view! {
                            <li class="topic" class:discussed=discussed>
                                <label class="check"><input type="checkbox" prop:checked=discussed on:change=move |_| toggle(tid.clone(), discussed)/>
                                    <span class="topic-text">{text}</span></label>
                                <span class="added-by">"added by "{by}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <form class="inline-form" on:submit=add_topic>
                    <label for=format!("{fid}-topic") class="sr-only">"New topic"</label>
                    <input id=format!("{fid}-topic") type="text" placeholder="Add a topic" prop:value=move || topic.get() on:input=move |ev| topic.set(event_target_value(&ev))/>
                    <button type="submit" class="secondary">"Add topic"</button>
                </form>
                <p class="field-error" role="alert">{move || topic_err.get()}</p>
            </section>
            <section class="sections">
                {Section::ALL.into_iter().map(|sec| {
                    let (doc_id, me, mid) = (doc_id.clone(), me.clone(), mid.clone());
                    let stored = Signal::derive(move || meeting.with(|m| m.as_ref().map(|m| m.text(sec).to_string()).unwrap_or_default()));
                    let commit = move |edit: TextEdit| Series::new(&doc_id, &me.id).edit_section(&mid, sec, edit).map_err(String::from);
                    view! {
                        <SyncedTextarea id=format!("{fid}-{}", sec.slug()) label=sec.label() help=sec.prompt() stored=stored on_commit=commit rows=3/>
                    }
                }).collect_view()}
            </section>
            <section class="meeting-actions">
                <h3>"Actions agreed"</h3>
                <ActionList doc_id=doc_id.clone() me=me.clone() series=series meeting_id=Some(mid.clone())/>
                <AddAction doc_id=doc_id.clone() me=me.clone() meeting_id=mid.clone() other=other_name my_role=role/>
            </section>
            <section class="private no-print">
                <SyncedTextarea id=format!("{fid}-private") label="My private notes" help="Only in your browser: never in a sync file." stored=private_stored on_commit=private_commit rows=2/>
            </section>
            <Show when=planned>
                <RecordOutcome doc_id=outcome_doc.clone() me=outcome_me.clone() meeting_id=outcome_mid.clone()/>
            </Show>
        </article>
    }
}

/// Actions of one meeting (`meeting_id`), or every open action of the series (`None`, R3.5:
/// open actions carry over until done).
#[component]
fn ActionList(
    doc_id: String,
    me: Participant,
    series: Memo<Option<OneOnOne>>,
    meeting_id: Option<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        let today = chrono::Local::now().date_naive();
        series.with(|s| {
            let Some(s) = s.as_ref() else {
                return Vec::new();
            };
            let actions = match &meeting_id {
                Some(mid) => s.actions_of(mid),
                None => s.open_actions(),
            };
            actions
                .into_iter()
                .map(|a| {
                    (
                        a.clone(),
                        s.participant(a.owner).name.clone(),
                        a.is_overdue(today),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let toggle = move |aid: String, open: bool| {
        let done_on = open.then(|| state.today.get_untracked());
        if let Err(e) = Series::new(&doc_id, &me.id).set_action_done(&aid, done_on) {
            state.notify(e.to_string());
        }
    };
    move || {
        let rows = rows();
        if rows.is_empty() {
            return view! { <p class="muted">"None."</p> }.into_any();
        }
        view! {
            <ul class="action-list">
                {rows.into_iter().map(|(a, owner, overdue)| {
                    let open = a.is_open();
                    let aid = a.id.clone();
                    let toggle = toggle.clone();
                    view! {
                        <li class="action" class:done=!open class:overdue=overdue>
                            <label class="check"><input type="checkbox" prop:checked=!open on:change=move |_| toggle(aid.clone(), open)/>
                                <span>{a.text.clone()}</span></label>
                            <span class="meta">{format!("{owner} · due {}", a.due.format("%-d %b %Y"))}{overdue.then_some(" · overdue")}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    }
}

/// R3.5: an action needs an owner and a due date; missing ones are refused with the reason.
#[component]
fn AddAction(
    doc_id: String,
    me: Participant,
    meeting_id: String,
    other: String,
    my_role: Side,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = ActionDraft {
            meeting_id: meeting_id.clone(),
            text: text.get_untracked(),
            owner: Side::from_slug(&owner.get_untracked()),
            due: chrono::NaiveDate::parse_from_str(due.get_untracked().trim(), "%Y-%m-%d").ok(),
        };
        match Series::new(&doc_id, &me.id).add_action(&draft) {
            Ok(_) => {
                text.set(String::new());
                due.set(String::new());
                owner.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let fid = format!("act-{}", rapport_core::domain::new_id());
    let (me_label, other_label) = (format!("Me ({})", my_role.label()), other);
    let other_role = match my_role {
        Side::Leader => Side::Employee,
        Side::Employee => Side::Leader,
    };
    view! {
        <form class="add-action" on:submit=submit novalidate aria-label="Add an action">
            <div class="fields">
                <div class="field grow">
                    <label for=format!("{fid}-text")>"Action"</label>
                    <input id=format!("{fid}-text") type="text" placeholder="What will be done" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for=format!("{fid}-owner")>"Owner"</label>
                    <select id=format!("{fid}-owner") prop:value=move || owner.get() on:change=move |ev| owner.set(event_target_value(&ev))>
                        <option value="">"Choose…"</option>
                        <option value=my_role.slug()>{me_label}</option>
                        <option value=other_role.slug()>{other_label}</option>
                    </select>
                </div>
                <div class="field narrow">
                    <label for=format!("{fid}-due")>"Due"</label>
                    <input id=format!("{fid}-due") type="date" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev))/>
                </div>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="secondary">"Add action"</button>
        </form>
    }
}

#[component]
fn RecordOutcome(doc_id: String, me: Participant, meeting_id: String) -> impl IntoView {
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
            match Series::new(&doc_id, &me.id).record_held(&mid, n) {
                Ok(()) => state.notify("1:1 recorded as held"),
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    };
    let missed = move |_| {
        let r = reason.get_untracked();
        match Series::new(&doc_id, &me.id).record_missed(&meeting_id, &r) {
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
                <input id=format!("{fid}-min") type="number" min="1" max="240" prop:value=move || minutes.get() on:input=move |ev| minutes.set(event_target_value(&ev))/>
                <button class="secondary" on:click=held>"Record as held"</button>
            </div>
            <div class="inline-form">
                <label for=format!("{fid}-reason")>"Or: why it did not happen"</label>
                <input id=format!("{fid}-reason") type="text" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                <button class="ghost" on:click=missed>"Record as missed"</button>
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </section>
    }
}

/// The app's own address with `hash` (e.g. `#/one-on-ones/<id>`): where the agenda is, for a
/// calendar event. Relative to wherever the app is hosted.
fn app_link(hash: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    format!("{base}{hash}")
}
