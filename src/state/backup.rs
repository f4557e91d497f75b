//! Encrypted backup of everything to one file, and restore (R8.2).
//!
//! A backup holds every stored document (the private workspace with its keys, and every
//! shared document) as Automerge bytes, sealed with a passphrase (Argon2id + XChaCha20-Poly1305,
//! `rapport_core::sync::backup`). Restoring never replaces: a document that exists here is
//! merged; the workspace of another browser is absorbed item by item (see
//! `workspace::absorb`, which explains why a CRDT merge would be wrong there).

use leptos::prelude::*;
use rapport_core::docs::exchange::{load_bounded, ExchangeError};
use rapport_core::docs::{restore, workspace, DocKind};
use rapport_core::sync::limits::PayloadLimits;
use rapport_core::sync::{
    backup_kdf, open_backup_unlocked, seal_backup_derived, BackupEntry, KdfPurpose,
};

use super::{keys, now_ms, passphrase, repo, sharing, AppState, Phase};

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

/// Restores a backup into this browser, merging with what is here.
pub async fn restore(state: AppState, bytes: &[u8], passphrase: &str) -> Result<Restored, String> {
    // Everything is decrypted and checked before anything is written (R7.5). The key is
    // derived in the passphrase worker, from the salt and cost the file names.
    let (salt, params) = backup_kdf(bytes).map_err(|e| e.to_string())?;
    if passphrase.is_empty() {
        return Err("Type the backup's passphrase first.".into());
    }
    let candidates = passphrase::opening_keys(passphrase, KdfPurpose::Backup, salt, params).await?;
    let (entries, backup_keys) =
        open_backup_unlocked(bytes, &candidates).map_err(|e| e.to_string())?;
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
    // Issue 8: every entry is loaded and checked (kind, id, schema, no clash with what is
    // stored here, and a merge on a copy for what is stored) before anything is written; one
    // bad entry refuses the whole restore.
    let checked = restore::check_backup(&entries, &stored).map_err(|e| e.to_string())?;
    for c in checked.iter().filter(|c| stored.contains_key(&c.doc_id)) {
        let d = match repo::get(&c.doc_id) {
            Some(d) => d,
            None => repo::open(&c.doc_id, c.kind).await?,
        };
        let local = d.borrow().doc.clone();
        restore::merge_copy(&local, c).map_err(|e| e.to_string())?;
    }
    let stored: std::collections::HashSet<String> = stored.into_keys().collect();
    for e in entries.iter().filter(|e| e.kind != DocKind::Workspace) {
        // Bounded before Automerge expands it (R7.5), like a received sync file.
        let doc = load_backup_doc(&e.bytes)?;
        merge_or_add(&e.doc_id, e.kind, doc, &e.bytes, &stored, &mut out).await?;
    }
    let Some(ws) = entries.iter().find(|e| e.kind == DocKind::Workspace) else {
        return Ok(out);
    };
    let backup_doc = load_backup_doc(&ws.bytes)?;
    let backup_ws = workspace::load(&backup_doc).map_err(|e| e.to_string())?;
    // Keys: explicit in a format 2 backup; inside the workspace in a format 1 backup.
    let restored_keys: Option<Vec<u8>> = match &backup_keys {
        Some(k) => Some(k.to_vec()),
        None if !backup_ws.identity_secret.is_empty() => {
            hex::decode(&backup_ws.identity_secret).ok()
        }
        None => None,
    };
    match local_ws {
        None => {
            merge_or_add(
                &ws.doc_id,
                DocKind::Workspace,
                backup_doc,
                &ws.bytes,
                &stored,
                &mut out,
            )
            .await?;
            out.people_added = backup_ws.people.len();
            state.workspace_id.set(Some(ws.doc_id.clone()));
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
            merge_or_add(
                &ws.doc_id,
                DocKind::Workspace,
                backup_doc,
                &ws.bytes,
                &stored,
                &mut out,
            )
            .await?;
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
    sharing::open_all(state).await;
    Ok(out)
}

/// Loads one document of a backup, bounded before Automerge expands it (R7.5): a backup is a
/// file from outside too. Nothing has been written when this refuses.
fn load_backup_doc(bytes: &[u8]) -> Result<automerge::AutoCommit, String> {
    load_bounded(bytes, &PayloadLimits::BACKUP_DOCUMENT).map_err(|e| match e {
        ExchangeError::TooMuch(what) => format!(
            "The backup was not restored: one of its documents is too large to open safely \
             ({what}). Nothing was changed. Use another copy of the backup."
        ),
        e => {
            let reason = match e {
                ExchangeError::Corrupt(reason) => reason,
                ExchangeError::NotAWholeDocument => "only part of a document".into(),
                e => e.to_string(),
            };
            format!(
                "The backup holds a damaged document, so nothing was restored ({reason}). Use \
                 another copy of the backup."
            )
        }
    })
}

async fn merge_or_add(
    id: &str,
    kind: DocKind,
    doc: automerge::AutoCommit,
    bytes: &[u8],
    stored: &std::collections::HashSet<String>,
    out: &mut Restored,
) -> Result<(), String> {
    if stored.contains(id) {
        if repo::get(id).is_none() {
            repo::open(id, kind).await?;
        }
        repo::change(id, |d| d.load_incremental(bytes))
            .ok_or("The document is not open.")?
            .map_err(|e| format!("Could not merge a document from the backup ({e})."))?;
        out.merged_docs += 1;
    } else {
        let mut doc = doc;
        // Never write with the backup's actor: this browser is a new writer.
        doc.set_actor(automerge::ActorId::random());
        repo::insert_new(id.to_string(), kind, doc).await?;
        out.added_docs += 1;
    }
    Ok(())
}
