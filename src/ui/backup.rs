//! Backup and restore (R8.2): one encrypted file with everything, and restoring it here.

use leptos::prelude::*;

use crate::state::{backup, AppState};
use crate::ui::passphrase::PassphraseChoice;
use crate::ui::sharing::read_file_bytes;
use crate::ui::widgets::download;

#[component]
pub fn BackupCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let device = expect_context::<crate::state::device::Device>();
    let pass = RwSignal::new(String::new());
    let verdict = RwSignal::new(None::<crate::state::passphrase::Verdict>);
    let again = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let my_name = state.workspace.with_untracked(|w| {
        w.as_ref()
            .map(|w| w.profile.name.clone())
            .unwrap_or_default()
    });
    let my_name_ctx = my_name.clone();
    let make = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = pass.get_untracked();
        // The backup holds every key and private note for years: no guessable passphrase.
        if let Some(why) = crate::ui::passphrase::not_ready(verdict.get_untracked()) {
            return error.set(Some(why));
        }
        if p != again.get_untracked() {
            return error.set(Some(
                "The two passphrases differ. Type the same passphrase twice.".into(),
            ));
        }
        busy.set(true);
        let my_name_ctx = my_name_ctx.clone();
        leptos::task::spawn_local(async move {
            match backup::make(&p, &[my_name_ctx]).await {
                Ok((name, bytes)) => match download(&name, "application/octet-stream", &bytes) {
                    Ok(()) => {
                        device.record_backup();
                        error.set(None);
                        again.set(String::new());
                        state.notify(format!(
                            "Backup saved as {name}. Keep the passphrase somewhere safe."
                        ));
                    }
                    Err(e) => error.set(Some(e)),
                },
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="card" id="backup-card">
            <h2>"Backup"</h2>
            <p class="muted">
                "One encrypted file with everything: your workspace, keys and shared documents. Without the passphrase nobody can read it — including you."
            </p>
            <form on:submit=make novalidate>
                <div class="fields">
                    <PassphraseChoice
                        id="backup-pass"
                        label="Passphrase (write it down and keep it apart from the file)"
                        value=pass
                        verdict=verdict
                        context=vec![my_name.clone()]
                    />
                    <div class="field">
                        <label for="backup-pass2">"Passphrase again"</label>
                        <input
                            id="backup-pass2"
                            type="password"
                            autocomplete="new-password"
                            prop:value=move || again.get()
                            on:input=move |ev| again.set(event_target_value(&ev))
                        />
                    </div>
                </div>
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
                <button type="submit" class="secondary" disabled=move || busy.get()>
                    {move || if busy.get() { "Encrypting…" } else { "Download backup" }}
                </button>
            </form>
            <hr />
            <RestoreForm />
        </div>
    }
}

/// Restores a backup file; used in Settings and on the first-run screen.
#[component]
pub fn RestoreForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let file = RwSignal::new(None::<Vec<u8>>);
    let pass = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let progress = RwSignal::new(None::<backup::RestoreProgress>);
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(f) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|l| l.get(0))
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            match read_file_bytes(f).await {
                Ok(b) => {
                    file.set(Some(b));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let restore = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(bytes) = file.get_untracked() else {
            return error.set(Some(
                "Choose the backup file first (it ends in .rapport-backup).".into(),
            ));
        };
        let p = pass.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = backup::restore(state, &bytes, &p, progress).await;
            progress.set(None);
            match result {
                Ok(r) => {
                    error.set(None);
                    pass.set(String::new());
                    let n = crate::ui::widgets::count_of;
                    state.notify(format!(
                        "Backup restored: {} added, {} merged, {} added",
                        n(r.added_docs, "document", "documents"),
                        n(r.merged_docs, "document", "documents"),
                        n(r.people_added, "person", "people"),
                    ));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="restore" on:submit=restore novalidate aria-label="Restore a backup">
            <h3>"Restore a backup"</h3>
            <p class="help">
                "Restoring merges the backup with what this browser has: nothing here is deleted or overwritten."
            </p>
            <div class="fields">
                <div class="field">
                    <label for="restore-file">"Backup file"</label>
                    <input
                        id="restore-file"
                        type="file"
                        accept=".rapport-backup"
                        on:change=on_file
                    />
                </div>
                <div class="field">
                    <label for="restore-pass">"Passphrase"</label>
                    <input
                        id="restore-pass"
                        type="password"
                        autocomplete="off"
                        prop:value=move || pass.get()
                        on:input=move |ev| pass.set(event_target_value(&ev))
                    />
                </div>
            </div>
            <p class="field-error" role="alert" id="restore-error">
                {move || error.get()}
            </p>
            {move || {
                progress
                    .get()
                    .map(|p| {
                        let label = format!(
                            "{} document {} of {}",
                            p.step,
                            (p.done + 1).min(p.total),
                            p.total,
                        );
                        view! {
                            <div class="restore-progress" role="status">
                                <progress
                                    id="restore-progress"
                                    max=p.total.to_string()
                                    value=p.done.to_string()
                                    aria-label=label.clone()
                                ></progress>
                                <span class="meta">{label}</span>
                            </div>
                        }
                    })
            }}
            <button type="submit" class="secondary" disabled=move || busy.get()>
                {move || if busy.get() { "Restoring…" } else { "Restore" }}
            </button>
        </form>
    }
}
