//! The identity's secret keys, kept in their own IndexedDB record (issue 8, "keys out of
//! document history"). Older builds put them in the workspace's Automerge document, where a
//! value stays in the change history forever (and in every backup of it); they are moved out
//! on start-up and removed from the document's current state.
//!
//! The keys are read once at start-up into memory, so signing and decrypting stay
//! synchronous for the views. Backups carry them explicitly (`sync::seal_backup_with_keys`).

use std::cell::RefCell;

use leptos::prelude::*;

use rapport_core::docs::workspace;
use rapport_core::sync::Identity;

use super::{now_ms, repo, sharing, AppState, DB_NAME};
use crate::storage::chunks::ChunkStore;

/// Record name in the `keys` object store.
const IDENTITY: &str = "identity";

thread_local! {
    /// `Identity::to_secret_bytes`, once loaded.
    static SECRET: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// This person's identity, if the keys are loaded.
pub fn current() -> Option<Identity> {
    SECRET.with(|s| {
        s.borrow()
            .as_deref()
            .and_then(|b| Identity::from_secret_bytes(b).ok())
    })
}

/// The secret bytes, for a backup.
pub fn secret_bytes() -> Option<Vec<u8>> {
    SECRET.with(|s| s.borrow().clone())
}

async fn store() -> Result<ChunkStore, String> {
    ChunkStore::open(DB_NAME).await.map_err(|e| e.to_string())
}

async fn save(bytes: &[u8]) -> Result<(), String> {
    let s = store().await?;
    let r = s
        .put_secret(IDENTITY, bytes)
        .await
        .map_err(|e| e.to_string());
    s.close();
    r?;
    SECRET.with(|c| *c.borrow_mut() = Some(bytes.to_vec()));
    Ok(())
}

/// Replaces the keys (restoring a backup into a fresh profile).
pub async fn adopt(bytes: &[u8]) -> Result<(), String> {
    Identity::from_secret_bytes(bytes).map_err(|e| e.to_string())?;
    save(bytes).await
}

/// Loads the keys at start-up; moves keys an older build kept in the workspace into their own
/// record (then deletes them from the workspace's current state); creates keys on first use.
pub async fn load(state: AppState) -> Result<(), String> {
    let ws_id = state.workspace_id.get_untracked();
    let legacy = ws_id.as_deref().and_then(|id| {
        repo::get(id).and_then(|d| workspace::legacy_identity_secret(&d.borrow().doc))
    });
    let s = store().await?;
    let stored = s.get_secret(IDENTITY).await.map_err(|e| e.to_string());
    s.close();
    match stored? {
        Some(bytes) if Identity::from_secret_bytes(&bytes).is_ok() => {
            SECRET.with(|c| *c.borrow_mut() = Some(bytes));
        }
        _ => {
            let bytes = match &legacy {
                Some(hexed) => hex::decode(hexed)
                    .map_err(|_| "Your stored keys are damaged; restore a backup.".to_string())?,
                None => Identity::generate(&mut sharing::rng())
                    .to_secret_bytes()
                    .to_vec(),
            };
            Identity::from_secret_bytes(&bytes).map_err(|e| e.to_string())?;
            save(&bytes).await?;
        }
    }
    // Only once the keys are safely in their own record: remove them from the workspace.
    if let (Some(id), Some(_)) = (ws_id, legacy) {
        if let Some(Err(e)) =
            repo::change(&id, |doc| workspace::take_identity_secret(doc, now_ms()))
        {
            web_sys::console::warn_1(&format!("moving keys out of the workspace: {e}").into());
        }
    }
    Ok(())
}
