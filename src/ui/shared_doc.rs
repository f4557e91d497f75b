//! Pieces every shared document's screen uses: sending an update as a sync file (R7.2–R7.4)
//! and the change history (R8.5).

use leptos::prelude::*;

use crate::ui::passphrase::PassphraseChoice;
use rapport_core::domain::workspace::SharedDoc;

use crate::state::sharing::{self, ExportTo};
use crate::state::AppState;
use crate::ui::widgets::{can_share_files, download, share_file};

/// R7.2: what will be shared, with whom, and how it is protected; then the file.
#[component]
pub fn ExportPanel(doc_id: String, entry: SharedDoc) -> impl IntoView {
    let state = expect_context::<AppState>();
    let contact = state.workspace.with_untracked(|w| {
        w.as_ref()
            .and_then(|w| w.contacts.get(&entry.contact_id).cloned())
    });
    // Their key only once they are known to hold my card; before that a passphrase (R7.4).
    let use_key = RwSignal::new(contact.as_ref().is_some_and(|c| c.has_my_card));
    let passphrase = RwSignal::new(String::new());
    let verdict = RwSignal::new(None::<crate::state::passphrase::Verdict>);
    let error = RwSignal::new(None::<String>);
    let plan = sharing::export_plan(state, &doc_id);
    let has_contact = contact.is_some();
    let contact_name = contact.as_ref().map(|c| c.name.clone()).unwrap_or_default();
    let contact_id = entry.contact_id.clone();
    let busy = RwSignal::new(false);
    // What to seal with, read from the form; a guessable passphrase is refused here and,
    // whatever the page says, again by the worker that derives its key.
    let target = move || {
        if use_key.get_untracked() {
            Ok(ExportTo::Contact(contact_id.clone()))
        } else {
            match crate::ui::passphrase::not_ready(verdict.get_untracked()) {
                Some(why) => Err(why),
                None => Ok(ExportTo::Passphrase(passphrase.get_untracked())),
            }
        }
    };
    let counterpart = entry.counterpart_name.clone();
    let names = vec![counterpart.clone(), contact_name.clone()];
    // `share` = the browser's share sheet (R7.6) instead of a download.
    let send = move |share: bool| {
        let to = match target() {
            Ok(to) => to,
            Err(e) => return error.set(Some(e)),
        };
        let doc_id = doc_id.clone();
        let counterpart = counterpart.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match sharing::export(state, &doc_id, &to).await {
                Ok((name, bytes)) if share => {
                    share_file(&name, "application/octet-stream", &bytes).await
                }
                Ok((name, bytes)) => {
                    download(&name, "application/octet-stream", &bytes).map(|()| {
                        state.notify(format!("Saved {name}: send it to {counterpart}"));
                    })
                }
                Err(e) => Err(e),
            };
            error.set(result.err());
            busy.set(false);
        });
    };
    let make = {
        let send = send.clone();
        move |_| send(false)
    };
    let share = move |_| send(true);
    let shareable = can_share_files();
    view! {
        <div class="card export" role="region" aria-label="Send an update">
            <h2>"Send an update"</h2>
            {match plan.clone() {
                Ok(p) => {
                    view! {
                        <p>
                            {format!(
                                "{} — {} change{} {}.",
                                p.title,
                                p.changes,
                                if p.changes == 1 { "" } else { "s" },
                                if p.whole_document {
                                    "(the whole document: the first file they get)"
                                } else {
                                    "they do not have yet"
                                },
                            )}
                        </p>
                    }
                        .into_any()
                }
                Err(e) => view! { <p class="field-error">{e}</p> }.into_any(),
            }}
            <p class="help">
                "Only this shared document travels. Your private notes, personal context and everything else stay here."
            </p>
            {plan
                .as_ref()
                .is_ok_and(|p| p.whole_document)
                .then(|| {
                    view! {
                        <p class="help warn" id="export-whole-history">
                            "This first file carries the document's whole history, including text that was later changed or deleted. Anyone who can open it can read earlier versions."
                        </p>
                    }
                })}
            <fieldset class="protect">
                <legend>"Protect it with"</legend>
                <label class="check">
                    <input
                        type="radio"
                        name="protect"
                        prop:checked=move || use_key.get()
                        disabled=!has_contact
                        on:change=move |_| use_key.set(true)
                    />
                    {if has_contact {
                        format!(
                            "{contact_name}'s key (once they have your card: it travels in every file you send)",
                        )
                    } else {
                        "Their key: available once you have their contact card".to_string()
                    }}
                </label>
                <label class="check">
                    <input
                        type="radio"
                        name="protect"
                        prop:checked=move || !use_key.get()
                        on:change=move |_| use_key.set(false)
                    />
                    "A passphrase you agree with them by phone or in person"
                </label>
            </fieldset>
            <Show when=move || !use_key.get()>
                <PassphraseChoice
                    id="export-passphrase"
                    label="Passphrase (tell it to them by phone or in person, never with the file)"
                    value=passphrase
                    verdict=verdict
                    context=names.clone()
                />
            </Show>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
            <div class="form-actions">
                <button class="primary" on:click=make disabled=move || busy.get()>
                    {move || if busy.get() { "Encrypting…" } else { "Download sync file" }}
                </button>
                {shareable
                    .then(|| {
                        view! {
                            <button class="secondary" on:click=share disabled=move || busy.get()>
                                "Share…"
                            </button>
                        }
                    })}
            </div>
        </div>
    }
}

/// R8.5: who changed what, when.
#[component]
pub fn HistoryPanel(doc_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = Memo::new(move |_| crate::state::shared::history_rows(state, &doc_id));
    view! {
        <div class="card history" role="region" aria-label="History">
            <h2>"History"</h2>
            <ol class="history-list">
                <For
                    each=move || {
                        let v: Vec<_> = rows.get().into_iter().take(100).collect();
                        v
                    }
                    key=|h| h.hash.clone()
                    let:h
                >
                    <li>
                        <span class="meta">
                            {chrono::DateTime::from_timestamp(h.time, 0)
                                .map(|d| {
                                    d.with_timezone(&chrono::Local)
                                        .format("%-d %b %Y %H:%M")
                                        .to_string()
                                })
                                .unwrap_or_default()}
                        </span>
                        " "
                        <strong>{h.by.clone()}</strong>
                        " "
                        {h.what.clone()}
                    </li>
                </For>
            </ol>
        </div>
    }
}

/// Issue 15 (beyond R8.2): this document's decrypted bytes in Automerge's standard format, for other programs.
#[component]
pub fn AutomergeDownload(doc_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let save = move |_| match crate::state::export::automerge_file(state, &doc_id) {
        Ok((name, bytes)) => {
            match crate::ui::widgets::download(&name, "application/octet-stream", &bytes) {
                Ok(()) => state.notify(format!("Saved as {name}")),
                Err(e) => state.notify(e),
            }
        }
        Err(e) => state.notify(e),
    };
    view! {
        <button
            class="ghost"
            title="The whole document, readable by any Automerge program"
            on:click=save
        >
            "Download .automerge"
        </button>
    }
}

/// R2.5: one file for the whole team, encrypted to every member whose card is known; members
/// who cannot be reached yet are named, with what to do (or linked here to a contact card).
#[component]
pub fn TeamExportPanel(doc_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(doc_id);
    let plan = RwSignal::new(sharing::team_export_plan(state, &id.get_value()));
    let contacts = RwSignal::new(sharing::unlinked_contacts(state, &id.get_value()));
    let refresh = move || {
        plan.set(sharing::team_export_plan(state, &id.get_value()));
        contacts.set(sharing::unlinked_contacts(state, &id.get_value()));
    };
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send = move |share: bool| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match sharing::export_team(state, &id.get_value()).await {
                Ok((name, bytes)) if share => {
                    share_file(&name, "application/octet-stream", &bytes).await
                }
                Ok((name, bytes)) => {
                    download(&name, "application/octet-stream", &bytes).map(|()| {
                        state.notify(format!(
                            "Saved {name}: send this one file to everyone on the team"
                        ));
                    })
                }
                Err(e) => Err(e),
            };
            error.set(result.err());
            busy.set(false);
            refresh();
        });
    };
    let link = move |person: String, contact: String| match sharing::link_team_member(
        state,
        &id.get_value(),
        &person,
        &contact,
    ) {
        Ok(()) => refresh(),
        Err(e) => error.set(Some(e)),
    };
    let shareable = can_share_files();
    let reachable = move || plan.with(|p| p.as_ref().is_ok_and(|p| !p.recipients.is_empty()));
    view! {
        <div class="card export" role="region" aria-label="Send the team an update">
            <h2>"Send the team an update"</h2>
            {move || match plan.get() {
                Ok(p) => {
                    view! {
                        <p>
                            {format!(
                                "{} change{} {}.",
                                p.changes,
                                if p.changes == 1 { "" } else { "s" },
                                if p.whole_document {
                                    "(the whole document: someone gets it for the first time)"
                                } else {
                                    "that someone on the team does not have yet"
                                },
                            )}
                        </p>
                        <p class="help">
                            {if p.recipients.is_empty() {
                                "Nobody on the team can open a file yet.".to_string()
                            } else {
                                format!(
                                    "One file, encrypted for each of: {}. Send it to all of them (a team chat or one email); each opens it with their own key.",
                                    p.recipients.join(", "),
                                )
                            }}
                        </p>
                        {(!p.waiting.is_empty())
                            .then(|| {
                                view! {
                                    <p class="help warn">
                                        {format!(
                                            "Not reached yet: {}. Rapport needs their contact card: share a 1:1 series with them, or import their card under Sharing and link it here.",
                                            p
                                                .waiting
                                                .iter()
                                                .map(|(_, n)| n.as_str())
                                                .collect::<Vec<_>>()
                                                .join(", "),
                                        )}
                                    </p>
                                    <ul class="link-list">
                                        {p
                                            .waiting
                                            .into_iter()
                                            .map(|(pid, name)| {
                                                let choice = RwSignal::new(String::new());
                                                let label = format!("Contact card of {name}");
                                                view! {
                                                    <li class="inline-form to-form">
                                                        <label>
                                                            {label}
                                                            <select on:change=move |ev| {
                                                                choice.set(event_target_value(&ev))
                                                            }>
                                                                <option value="">"— choose a contact —"</option>
                                                                {move || {
                                                                    contacts
                                                                        .get()
                                                                        .into_iter()
                                                                        .map(|(cid, cname)| {
                                                                            view! { <option value=cid>{cname}</option> }
                                                                        })
                                                                        .collect_view()
                                                                }}
                                                            </select>
                                                        </label>
                                                        <button
                                                            type="button"
                                                            class="secondary"
                                                            disabled=move || choice.get().is_empty()
                                                            on:click=move |_| link(pid.clone(), choice.get_untracked())
                                                        >
                                                            {format!("Link to {name}")}
                                                        </button>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                            })}
                    }
                        .into_any()
                }
                Err(e) => view! { <p class="field-error">{e}</p> }.into_any(),
            }}
            <p class="help">
                "Only the team's objectives, KPIs, meeting records and questions travel. Members send their updates back to you; your next file carries them to everyone."
            </p>
            <div class="form-actions">
                <button
                    class="primary"
                    on:click=move |_| send(false)
                    disabled=move || busy.get() || !reachable()
                >
                    "Make the team file"
                </button>
                {shareable
                    .then(|| {
                        view! {
                            <button
                                class="secondary"
                                on:click=move |_| send(true)
                                disabled=move || busy.get() || !reachable()
                            >
                                "Share…"
                            </button>
                        }
                    })}
            </div>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="field-error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// The frame of a shared document's page: opens the document on demand (a document created or
/// imported in another tab is not open in this one yet), then shows `body` with my index entry
/// once `loaded` and the entry are there, what went wrong if it cannot be opened, or that it is
/// opening. `what` names it in sentences ("the team objectives"), `back` is `(href, label)`.
#[component]
pub fn DocFrame<B, V>(
    doc_id: String,
    kind: rapport_core::domain::DocKind,
    class: &'static str,
    what: &'static str,
    back: (&'static str, &'static str),
    #[prop(into)] loaded: Signal<bool>,
    entry: Memo<Option<SharedDoc>>,
    body: B,
) -> impl IntoView
where
    B: Fn(SharedDoc) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let open_error = RwSignal::new(None::<String>);
    crate::state::shared::ensure_open(&doc_id, kind, move |e| open_error.set(Some(e)));
    let ready = Memo::new(move |_| loaded.get() && entry.with(|e| e.is_some()));
    view! {
        <section class=format!(
            "page {class}",
        )>
            {move || {
                if ready.get() {
                    let e = entry.get_untracked().expect("ready");
                    body(e).into_any()
                } else if let Some(e) = open_error.get() {
                    view! {
                        <div class="card error-card" role="alert">
                            <h1>{format!("{} could not be opened", capitalised(what))}</h1>
                            <p>{e}</p>
                            <a href=back.0>{back.1}</a>
                        </div>
                    }
                        .into_any()
                } else {
                    view! {
                        <p class="muted" role="status">
                            {format!("Opening {what}…")}
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Which of a shared document's panels are open (send an update, history).
#[derive(Clone, Copy)]
pub struct DocPanels {
    export: RwSignal<bool>,
    history: RwSignal<bool>,
}

impl DocPanels {
    pub fn new() -> DocPanels {
        DocPanels {
            export: RwSignal::new(false),
            history: RwSignal::new(false),
        }
    }
}

/// What every shared document's page offers under its title: send an update to the other
/// person, history, print, the `.automerge` file.
#[component]
pub fn DocActions(
    doc_id: String,
    panels: DocPanels,
    #[prop(into)] other: Signal<String>,
) -> impl IntoView {
    let DocPanels { export, history } = panels;
    view! {
        <div class="form-actions">
            <button
                class="primary"
                on:click=move |_| export.update(|v| *v = !*v)
                aria-expanded=move || export.get().to_string()
            >
                {move || format!("Send update to {}", other.get())}
            </button>
            <button
                class="ghost"
                on:click=move |_| history.update(|v| *v = !*v)
                aria-expanded=move || history.get().to_string()
            >
                "History"
            </button>
            <button class="ghost" on:click=move |_| crate::ui::widgets::print_page()>
                "Print"
            </button>
            <AutomergeDownload doc_id=doc_id />
        </div>
    }
}

/// The panels [`DocActions`] opens, placed below the page head.
#[component]
pub fn DocPanelsView(
    doc_id: String,
    panels: DocPanels,
    entry: Memo<Option<SharedDoc>>,
) -> impl IntoView {
    let DocPanels { export, history } = panels;
    let hist_id = doc_id.clone();
    view! {
        {move || {
            export
                .get()
                .then(|| {
                    entry
                        .get()
                        .map(|e| {
                            if e.kind == rapport_core::domain::DocKind::TeamObjectives
                                && e.my_side == rapport_core::domain::Side::Leader
                            {
                                view! { <TeamExportPanel doc_id=doc_id.clone() /> }.into_any()
                            } else {
                                view! { <ExportPanel doc_id=doc_id.clone() entry=e /> }.into_any()
                            }
                        })
                })
        }}
        <Show when=move || history.get()>
            <HistoryPanel doc_id=hist_id.clone() />
        </Show>
    }
}
