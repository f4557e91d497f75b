//! Sharing: my contact card, the contacts I exchange files with, and importing sync files by
//! file picker or drag and drop, with a preview before anything changes (R7.2, R7.4–R7.6).

use leptos::prelude::*;
use rapport_core::domain::workspace::Contact;
use rapport_core::sync::ImportNotice;

use crate::state::sharing::{self, Incoming};
use crate::state::AppState;
use crate::ui::keyed::Keyed;
use crate::ui::widgets::download;

#[component]
pub fn Sharing() -> impl IntoView {
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Sharing"</h1>
                <p class="muted">
                    "No server: shared documents travel as files you send by any channel. Each file is signed by you and encrypted so only its recipient can read it."
                </p>
            </div>
            <ImportCard />
            <div class="grid two">
                <MyCard />
                <Contacts />
            </div>
        </section>
    }
}

/// Reads a picked or dropped file into bytes.
pub async fn read_file_bytes(file: web_sys::File) -> Result<Vec<u8>, String> {
    const MAX: f64 = 64.0 * 1024.0 * 1024.0;
    if file.size() > MAX {
        return Err(
            "This file is far larger than any Rapport file; check that you picked the right one."
                .into(),
        );
    }
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "The browser could not read the file.".to_string())?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

#[component]
fn MyCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let card = Memo::new(move |_| {
        state.workspace.track();
        sharing::my_card(state)
            .ok()
            .map(|c| (c.to_text(), c.fingerprint(), c.name.clone()))
    });
    let save = move |_| {
        if let Some((text, _, name)) = card.get_untracked() {
            let slug: String = name
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect();
            match download(
                &format!("{slug}.rapport-contact"),
                "text/plain",
                text.as_bytes(),
            ) {
                Ok(()) => state.notify("Contact card downloaded"),
                Err(e) => state.notify(e),
            }
        }
    };
    view! {
        <div class="card">
            <h2>"My contact card"</h2>
            <p class="muted">
                "Give it to the people you share with (file or text). It holds only public keys."
            </p>
            <label for="my-card-text">"Card text"</label>
            <textarea
                id="my-card-text"
                readonly
                rows="3"
                class="mono"
                prop:value=move || card.get().map(|c| c.0).unwrap_or_default()
            ></textarea>
            <p class="fingerprint">
                "Fingerprint: "
                <strong id="my-fingerprint">
                    {move || card.get().map(|c| c.1).unwrap_or_default()}
                </strong>
            </p>
            <p class="help">
                "Read your fingerprint to the other person by phone or in person; it must match what their Rapport shows for you."
            </p>
            <button class="secondary" on:click=save>
                "Download card"
            </button>
        </div>
    }
}

#[component]
fn Contacts() -> impl IntoView {
    let state = expect_context::<AppState>();
    let contacts = Keyed::new(move || {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| {
                    w.contacts
                        .iter()
                        .map(|(k, c)| (k.clone(), c.clone()))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match sharing::import_contact(state, &text.get_untracked()) {
            Ok(c) => {
                text.set(String::new());
                error.set(None);
                state.notify(format!(
                    "{} added: compare the fingerprint with them",
                    c.name
                ));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = file_of(&ev) else { return };
        leptos::task::spawn_local(async move {
            match read_file_bytes(file).await.and_then(|b| {
                String::from_utf8(b).map_err(|_| "This is not a contact card.".to_string())
            }) {
                Ok(t) => text.set(t),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="card">
            <h2>"Contacts"</h2>
            <form on:submit=add>
                <label for="contact-text">"Add a contact card"</label>
                <textarea
                    id="contact-text"
                    rows="2"
                    class="mono"
                    placeholder="rapport-contact:1:…"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        error.set(None);
                    }
                ></textarea>
                <div class="inline-form">
                    <label for="contact-file" class="sr-only">
                        "Contact card file"
                    </label>
                    <input
                        id="contact-file"
                        type="file"
                        accept=".rapport-contact,text/plain"
                        on:change=on_file
                    />
                    <button type="submit" class="secondary">
                        "Add contact"
                    </button>
                </div>
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
            </form>
            <ul class="contacts" aria-label="Contacts">
                <For each=move || contacts.ids() key=|id| id.clone() let:id>
                    <ContactRow c=contacts.row(id) />
                </For>
            </ul>
        </div>
    }
}

#[component]
fn ContactRow(c: Memo<Contact>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let verified = move || c.with(|c| c.verified);
    let toggle = move |_| {
        let pid = c.with_untracked(|c| c.person_id.clone());
        if let Err(e) = sharing::set_verified(state, &pid, !verified()) {
            state.notify(e);
        }
    };
    view! {
        <li class="contact">
            <div class="who">
                <span class="name">{move || c.with(|c| c.name.clone())}</span>
                <span class="meta mono">{move || c.with(|c| c.fingerprint.clone())}</span>
            </div>
            {move || {
                if verified() {
                    view! { <span class="badge ok">"✓ Verified"</span> }.into_any()
                } else {
                    view! { <span class="badge warn">"Not verified"</span> }.into_any()
                }
            }}
            <button
                class="ghost"
                on:click=toggle
                aria-label=move || {
                    format!(
                        "{} fingerprint of {}",
                        if verified() { "Unverify" } else { "Mark verified the" },
                        c.with(|c| c.name.clone()),
                    )
                }
            >
                {move || if verified() { "Unverify" } else { "Fingerprint matches" }}
            </button>
        </li>
    }
}

fn file_of(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    input.files()?.get(0)
}

/// Import a sync file: pick or drop -> (passphrase) -> preview -> merge.
#[component]
pub fn ImportCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let bytes = RwSignal::new(None::<Vec<u8>>);
    let file_name = RwSignal::new(String::new());
    let needs_pass = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let incoming = RwSignal::new(None::<Incoming>);
    let dragging = RwSignal::new(false);

    let read = move || {
        let Some(b) = bytes.get_untracked() else {
            return;
        };
        let pass = needs_pass
            .get_untracked()
            .then(|| passphrase.get_untracked());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match sharing::read_file(state, b, pass).await {
                Ok(inc) => {
                    error.set(None);
                    incoming.set(Some(inc));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let take = move |file: web_sys::File| {
        sharing::forget_preview();
        file_name.set(file.name());
        incoming.set(None);
        error.set(None);
        leptos::task::spawn_local(async move {
            let span = crate::perf::start("rapport:import:read-bytes");
            let read_bytes = read_file_bytes(file).await;
            span.end();
            match read_bytes {
                Ok(b) => match sharing::needs_passphrase(&b) {
                    Ok(p) => {
                        needs_pass.set(p);
                        bytes.set(Some(b));
                        if !p {
                            read();
                        }
                    }
                    Err(e) => {
                        bytes.set(None);
                        error.set(Some(e));
                    }
                },
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        if let Some(f) = file_of(&ev) {
            take(f);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(f) = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|fl| fl.get(0))
        {
            take(f);
        }
    };
    let unlock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        read();
    };
    let confirm = move |_| {
        let Some(inc) = incoming.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let title = inc.opened.header.doc_title.clone();
            let doc_id = inc.opened.header.doc_id.clone();
            let kind = inc.opened.header.doc_kind;
            match sharing::apply(state, inc).await {
                Ok(n) => {
                    state.notify(format!("Imported {n} changes into {title}"));
                    incoming.set(None);
                    bytes.set(None);
                    file_name.set(String::new());
                    passphrase.set(String::new());
                    crate::ui::route::go(&crate::ui::Route::for_doc(kind, doc_id));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let cancel = move |_| {
        sharing::forget_preview();
        incoming.set(None);
        bytes.set(None);
        file_name.set(String::new());
        passphrase.set(String::new());
    };
    view! {
        <div
            class="card import"
            class:dragging=move || dragging.get()
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <h2>"Import a sync file"</h2>
            <p class="muted">
                "Pick the .rapport-sync file you received, or drop it here. You will see what it contains before anything changes."
            </p>
            <label for="import-file">"Sync file"</label>
            <input id="import-file" type="file" accept=".rapport-sync" on:change=on_file />
            <Show when=move || {
                needs_pass.get() && bytes.get().is_some() && incoming.get().is_none()
            }>
                <form class="inline-form" on:submit=unlock>
                    <label for="import-passphrase">"Passphrase"</label>
                    <input
                        id="import-passphrase"
                        type="password"
                        autocomplete="off"
                        prop:value=move || passphrase.get()
                        on:input=move |ev| passphrase.set(event_target_value(&ev))
                    />
                    <button type="submit" class="secondary">
                        "Open file"
                    </button>
                </form>
                <p class="help">
                    "This file is protected with a passphrase you agreed with the sender."
                </p>
            </Show>
            <p class="field-error" role="alert" id="import-error">
                {move || error.get()}
            </p>
            {move || {
                busy.get()
                    .then(|| {
                        view! {
                            <p class="muted" role="status">
                                "Checking the file…"
                            </p>
                        }
                    })
            }}
            {move || {
                incoming
                    .get()
                    .map(|inc| {
                        view! { <ImportPreview inc=inc on_confirm=confirm on_cancel=cancel /> }
                    })
            }}
        </div>
    }
}

#[component]
fn ImportPreview(
    inc: Incoming,
    on_confirm: impl Fn(leptos::ev::MouseEvent) + 'static,
    on_cancel: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let h = &inc.opened.header;
    let sent = chrono::DateTime::from_timestamp_millis(h.created_ms)
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%-d %b %Y %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    let nothing_new = inc.preview.new_changes == 0;
    let lines: Vec<String> = inc
        .preview
        .changes
        .iter()
        .rev()
        .take(12)
        // Every change a file adds comes from its signer (the document has two writers and
        // I already have mine): show the name on record for their key, not the name the
        // changes claim.
        .map(|c| format!("{}: {}", inc.sender_name, c.what))
        .collect();
    view! {
        <div class="preview" role="region" aria-label="What this file contains">
            <h3>{h.doc_title.clone()}</h3>
            <dl class="facts">
                <dt>"From"</dt>
                <dd id="preview-sender">
                    {inc.sender_name.clone()} " · "
                    <span class="mono">{h.sender.fingerprint()}</span>
                    {inc
                        .opened
                        .sender_is_new_contact
                        .then(|| {
                            view! {
                                <span class="badge warn">
                                    " new contact: compare this fingerprint with them"
                                </span>
                            }
                        })}
                </dd>
                // Whom the sender addressed it to (signed; the import refused any other).
                <dt>"For"</dt>
                <dd id="preview-addressee">
                    {match (&h.addressee, inc.opened.via_passphrase) {
                        (Some(a), _) => a.name.clone(),
                        (None, false) => "You (the file is encrypted to your key)".into(),
                        (None, true) => "Not named (made by an older version of Rapport)".into(),
                    }}
                </dd>
                <dt>"Made"</dt>
                <dd>{sent}</dd>
                <dt>"Document"</dt>
                <dd>
                    {if inc.is_new {
                        "New to you: it will be added"
                    } else {
                        "Already here: changes will be merged"
                    }}
                </dd>
                <dt>"Changes new to you"</dt>
                <dd id="preview-changes">{inc.preview.new_changes}</dd>
            </dl>
            {inc
                .first_reply
                .then(|| {
                    view! {
                        <p class="notice">
                            {format!(
                                "This is the first file back for this document. From now on only {} can send you updates to it.",
                                inc.sender_name,
                            )}
                        </p>
                    }
                })}
            {(inc.sender_unverified && !inc.opened.sender_is_new_contact)
                .then(|| {
                    view! {
                        <p class="notice warn">
                            {format!(
                                "You have not verified {} yet. Before you import, compare the fingerprint above with them by phone or in person, then mark them as verified under Contacts.",
                                inc.sender_name,
                            )}
                        </p>
                    }
                })}
            // "Changes nothing" only when the payload holds nothing new here (R7.1, R7.5).
            {ImportNotice::for_preview(inc.replayed_on.is_some(), inc.preview.new_changes)
                .map(|n| {
                    view! {
                        <p class="notice" id="import-notice">
                            {n.message()}
                        </p>
                    }
                })}
            <Show when={
                let l = lines.clone();
                move || !l.is_empty()
            }>
                <h4>"What will change"</h4>
            </Show>
            <ul class="change-lines">
                {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
            <div class="form-actions">
                <button class="primary" on:click=on_confirm>
                    {if nothing_new { "Import anyway" } else { "Import and merge" }}
                </button>
                <button class="ghost" on:click=on_cancel>
                    "Cancel"
                </button>
            </div>
        </div>
    }
}
