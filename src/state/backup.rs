//! Encrypted backup of everything to one file, and restore (R8.2).
//!
//! A backup holds every stored document (the private workspace with its keys, and every
//! shared document) as Automerge bytes, sealed with a passphrase (Argon2id + XChaCha20-Poly1305,
//! `rapport_core::sync::backup`). Restoring never replaces: a document that exists here is
//! merged; the workspace of another browser is absorbed item by item (see
//! `workspace::absorb`, which explains why a CRDT merge would be wrong there).

use leptos::prelude::*;
use rapport_core::docs::{restore, workspace, DocKind};
use rapport_core::sync::{backup_kdf, seal_backup_derived, BackupEntry, KdfPurpose};

use super::{keys, now_ms, passphrase, repo, restore_workers, sharing, AppState, Phase};

/// Seals every document into one file. Returns `(file name, bytes)`. `context` lists words an
/// attacker would try first (my name): a guessable passphrase is refused by the worker's
/// strength check, whatever the form showed.
pub async fn make(passphrase: &str, context: &[String]) -> Result<(String, Vec<u8>), String> {
    // Argon2id runs in the passphrase worker: the page stays responsive meanwhile.
    let key = passphrase::sealing_key(passphrase, context, KdfPurpose::Backup).await?;
    let mut entries = Vec::new();
    for (id, kind) in repo::list().await.map_err(|e| e.to_string())? {
        let d = match repo::get(&id) {
            Some(d) => d,
            None => repo::open(&id, kind).await?,
        };
        let bytes = d.borrow_mut().doc.save();
        entries.push(BackupEntry {
            doc_id: id,
            kind,
            bytes,
        });
    }
    // The keys are not inside any document (issue 8): the backup carries them explicitly.
    let secret = keys::secret_bytes();
    let file = seal_backup_derived(&entries, secret.as_deref(), &key, &mut sharing::rng())
        .map_err(|e| e.to_string())?;
    let name = format!(
        "rapport-backup-{}.rapport-backup",
        chrono::Local::now().format("%Y-%m-%d-%H%M")
    );
    Ok((name, file))
}

/// What a restore did, for the confirmation message.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Restored {
    pub added_docs: usize,
    pub merged_docs: usize,
    pub people_added: usize,
}

/// How far a restore is, for its progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestoreProgress {
    /// "Checking" (every document is read and checked before anything is written) or "Saving".
    pub step: &'static str,
    pub done: usize,
    pub total: usize,
}

/// Restores a backup into this browser, merging with what is here. `progress` follows it one
/// document at a time (issue 11: a restore shows how far it is, and the page stays alive).
pub async fn restore(
    state: AppState,
    bytes: &[u8],
    passphrase: &str,
    progress: RwSignal<Option<RestoreProgress>>,
) -> Result<Restored, String> {
    // Everything is decrypted and checked before anything is written (R7.5). The key is
    // derived in the passphrase worker, from the salt and cost the file names.
    let (salt, params) = backup_kdf(bytes).map_err(|e| e.to_string())?;
    if passphrase.is_empty() {
        return Err("Type the backup's passphrase first.".into());
    }
    let candidates = passphrase::opening_keys(passphrase, KdfPurpose::Backup, salt, params).await?;
    // Decrypting and reading the file (8 MB at 50 people × 5 years) runs in a restore worker,
    // which then stays for the checks, until the restore ends.
    let _spare = restore_workers::SpareWorker;
    let (entries, backup_keys) = restore_workers::open_backup(bytes, &candidates).await?;
    // The same worker turns the workspace into batches of changes, for the page to build a
    // batch per task (`None` where no worker runs, or the entry is refused: its checks say why).
    let ws_batches = match entries.iter().find(|e| e.kind == DocKind::Workspace) {
        Some(ws) => restore_workers::change_batches(ws).await,
        None => None,
    };
    let mut out = Restored::default();
    // Which documents this browser already stores: those are merged, the others added.
    let mut stored: std::collections::BTreeMap<String, DocKind> = repo::list()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .collect();
    let local_ws = state.workspace_id.get_untracked();
    if let Some(id) = &local_ws {
        stored.insert(id.clone(), DocKind::Workspace);
    }
    // Issue 8: every entry is checked (kind, id, schema, no clash with what is stored here,
    // and a merge on a copy for what is stored) before anything is written; one bad entry
    // refuses the whole restore. The cheap checks run here, the loads in the workers.
    let total = entries.len();
    let mut check = restore::BackupCheck::default();
    for e in &entries {
        check.admit(e, &stored).map_err(|e| e.to_string())?;
    }
    let checking = |done| {
        progress.set(Some(RestoreProgress {
            step: "Checking",
            done,
            total,
        }))
    };
    checking(0);
    let prepared = restore_workers::prepare_all(&entries, super::local_today(), checking).await?;
    for e in entries.iter().filter(|e| stored.contains_key(&e.doc_id)) {
        let d = match repo::get(&e.doc_id) {
            Some(d) => d,
            None => repo::open(&e.doc_id, e.kind).await?,
        };
        let local = d.borrow().doc.clone();
        let backup = restore::Checked {
            doc_id: e.doc_id.clone(),
            kind: e.kind,
            doc: restore::load_entry(e).map_err(|e| e.to_string())?,
        };
        restore::merge_copy(&local, &backup).map_err(|e| e.to_string())?;
    }
    let stored: std::collections::HashSet<String> = stored.into_keys().collect();
    // A document new here is stored as the backup holds it, with the summary its worker made,
    // and not opened: screens open what they show (issue 11).
    let mut backup_ws = None;
    for (done, (e, p)) in entries.iter().zip(prepared).enumerate() {
        progress.set(Some(RestoreProgress {
            step: "Saving",
            done,
            total,
        }));
        if e.kind == DocKind::Workspace {
            backup_ws = Some(e);
        } else if stored.contains(&e.doc_id) {
            merge_or_add(e, None, &stored, &mut out).await?;
        } else {
            repo::store_restored(
                &e.doc_id,
                e.kind,
                &p.snapshot,
                &e.bytes,
                p.summary.as_deref(),
            )
            .await?;
            out.added_docs += 1;
        }
    }
    // The dashboard reads the summaries just stored; the restored months of check-ins join
    // those this tab reads (issue 11).
    super::summaries::reread();
    if let Ok(docs) = repo::list().await {
        state.checkin_months.set_known(&docs);
        state.notes_known.set_known(&docs);
    }
    let Some(ws) = backup_ws else {
        return Ok(out);
    };
    // The backup's workspace is built here a batch of its changes per task, from what a
    // restore worker made of it (issue 11: loading it in one call was a task of 130–150 ms);
    // where no worker did, it is loaded here in one.
    let backup_doc = match ws_batches {
        Some(batches) => {
            let mut doc = automerge::AutoCommit::new();
            for b in &batches {
                crate::perf::measure("rapport:restore:workspace-batch", || {
                    doc.load_incremental(b)
                })
                .map_err(|e| format!("The backup's workspace could not be read ({e})."))?;
                super::tick::next_tick().await;
            }
            restore::check_loaded(ws, &mut doc).map_err(|e| e.to_string())?;
            doc
        }
        None => crate::perf::measure("rapport:restore:load-workspace", || restore::load_entry(ws))
            .map_err(|e| e.to_string())?,
    };
    super::tick::next_tick().await;
    // Keys: explicit in a format 2 backup; inside the workspace in a format 1 backup.
    let restored_keys: Option<Vec<u8>> = match &backup_keys {
        Some(k) => Some(k.to_vec()),
        None => workspace::legacy_identity_secret(&backup_doc).and_then(|h| hex::decode(h).ok()),
    };
    match local_ws {
        None => {
            out.people_added = workspace::people_count(&backup_doc);
            merge_or_add(ws, Some(backup_doc), &stored, &mut out).await?;
            super::tick::next_tick().await;
            crate::perf::mark("rapport:restore:workspace-stored");
            state.workspace_id.set(Some(ws.doc_id.clone()));
            state.open_todays_checkins().await;
            crate::perf::mark("rapport:restore:months-open");
            if let Some(k) = &restored_keys {
                keys::adopt(k).await?;
            }
            // Moves format-1 keys out of the restored workspace, or creates keys.
            keys::load(state).await?;
            state.phase.set(Phase::Ready);
        }
        Some(id) if id == ws.doc_id => {
            let before = state
                .workspace
                .with_untracked(|w| w.as_ref().map(|w| w.people.len()).unwrap_or(0));
            merge_or_add(ws, Some(backup_doc), &stored, &mut out).await?;
            out.people_added = state
                .workspace
                .with_untracked(|w| w.as_ref().map(|w| w.people.len()).unwrap_or(0))
                .saturating_sub(before);
        }
        Some(id) => {
            // A different workspace: absorb its items; adopt its identity only if this one
            // has never shared anything (a fresh profile created before restoring).
            let fresh = state.workspace.with_untracked(|w| {
                w.as_ref()
                    .is_some_and(|w| w.contacts.is_empty() && w.shared.is_empty())
            });
            let backup_ws = crate::perf::measure("rapport:restore:read-workspace", || {
                workspace::load(&backup_doc)
            })
            .map_err(|e| e.to_string())?;
            let added = repo::change(&id, |doc| {
                workspace::absorb(doc, &backup_ws, fresh, now_ms())
            })
            .ok_or("The workspace is not open.")?
            .map_err(|e| e.to_string())?;
            out.people_added = added.people;
            out.merged_docs += 1;
            if fresh {
                if let Some(k) = &restored_keys {
                    keys::adopt(k).await?;
                }
            }
        }
    }
    // Months restored into the window already open here are opened too.
    state.open_todays_checkins().await;
    // Today's view, for the next visit (a profile restored into had no workspace to follow).
    super::today_view::follow(state);
    super::today_view::store_now().await;
    Ok(out)
}

/// Merges entry `e` into the document stored here under its id, or adds it as a document of
/// this tab (open at once: the workspace), `doc` being its bytes already loaded, if they are.
async fn merge_or_add(
    e: &BackupEntry,
    doc: Option<automerge::AutoCommit>,
    stored: &std::collections::HashSet<String>,
    out: &mut Restored,
) -> Result<(), String> {
    let id = e.doc_id.as_str();
    if stored.contains(id) {
        if repo::get(id).is_none() {
            repo::open(id, e.kind).await?;
        }
        // Merging the copy already loaded applies only the changes this one lacks; the bytes
        // would be read whole again.
        repo::change(id, |d| match doc {
            Some(mut copy) => d.merge(&mut copy).map(|_| ()),
            None => d.load_incremental(&e.bytes).map(|_| ()),
        })
        .ok_or("The document is not open.")?
        .map_err(|e| format!("Could not merge a document from the backup ({e})."))?;
        // Saved now, so that its summary describes what is stored.
        repo::flush(id.to_string()).await;
        out.merged_docs += 1;
    } else {
        let mut doc = match doc {
            Some(d) => d,
            None => restore::load_entry(e).map_err(|e| e.to_string())?,
        };
        // Never write with the backup's actor: this browser is a new writer.
        doc.set_actor(automerge::ActorId::random());
        repo::insert_new(id.to_string(), e.kind, doc).await?;
        out.added_docs += 1;
    }
    // The dashboard opened after a restore reads every document's summary (issue 14).
    super::summaries::write_now(id).await;
    Ok(())
}
