//! The persistence steps a repo runs for one document, over any [`StorageAdapter`].
//!
//! Each step takes the document as `&RefCell<LiveDoc>` and borrows it only between awaits:
//! while a write is in flight the page (or another step) may edit or absorb into the same
//! document. What each step decides is computed before its first await (R8.1: the bytes to
//! write; the keys a compaction may remove), so an interleaving can only make it redundant,
//! never wrong. Results are plain data, so the same steps can run in a worker later.

use std::cell::RefCell;

use super::{ChunkKey, KeyPrefix, LiveDoc, StorageAdapter};

/// Why a document could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError<E: std::fmt::Display> {
    #[error("{0}")]
    Store(E),
    /// No chunk could be read (or there were none).
    #[error("{0}")]
    Unreadable(String),
}

/// Loads a document from every chunk stored under its id. Also returns the chunks that could
/// not be read (skipped, so the rest still loads).
pub async fn load_doc<S: StorageAdapter>(
    store: &S,
    doc_id: &str,
) -> Result<(LiveDoc, Vec<String>), LoadError<S::Error>> {
    let chunks = store
        .load_range(&KeyPrefix::doc(doc_id))
        .await
        .map_err(LoadError::Store)?;
    LiveDoc::from_chunks(doc_id.to_string(), chunks).map_err(LoadError::Unreadable)
}

/// Appends the changes not yet written as one chunk (R8.1). Returns its key, or `None` when
/// there was nothing to write. On error the changes stay pending in memory for a retry.
pub async fn save_pending<S: StorageAdapter>(
    live: &RefCell<LiveDoc>,
    store: &S,
) -> Result<Option<ChunkKey>, S::Error> {
    let pending = live.borrow_mut().pending_chunk();
    let Some((chunk, heads)) = pending else {
        return Ok(None);
    };
    store.save(&chunk.key, &chunk.bytes).await?;
    live.borrow_mut().mark_saved(&chunk, heads);
    Ok(Some(chunk.key))
}

/// Replaces the known chunks with one snapshot when they are worth it. Returns whether it did.
pub async fn compact_if_due<S: StorageAdapter>(
    live: &RefCell<LiveDoc>,
    store: &S,
) -> Result<bool, S::Error> {
    let compaction = live.borrow_mut().compaction();
    let Some((snapshot, replaced)) = compaction else {
        return Ok(false);
    };
    store.compact(&snapshot, &replaced).await?;
    live.borrow_mut().mark_compacted(&snapshot, &replaced);
    Ok(true)
}

/// Merges what another tab stored (R8.4: what its "document changed" message triggers).
/// Returns whether the document changed.
pub async fn absorb_stored<S: StorageAdapter>(
    live: &RefCell<LiveDoc>,
    store: &S,
) -> Result<bool, S::Error> {
    let doc_id = live.borrow().id.clone();
    let chunks = store.load_range(&KeyPrefix::doc(&doc_id)).await?;
    Ok(live.borrow_mut().absorb(&chunks))
}
