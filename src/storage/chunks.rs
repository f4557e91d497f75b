//! The IndexedDB adapter of core's [`StorageAdapter`]: one object store `chunks` keyed by
//! `[doc_id, "snapshot" | "incremental", chunk_id]`, as automerge-repo lays it out. What to
//! write, when to compact and what a compaction may remove is decided in `rapport_core::store`
//! (host-tested); this file only moves bytes.
//!
//! Beside the chunks: the `docs` registry (id -> kind, so start-up lists documents without
//! loading them) and the `keys` store for secrets. The database name, version and stores are
//! those every release so far created, so existing data opens as it is; chunks stored under
//! the uuid ids of earlier releases load by prefix like any other (`store::migrate`).
//!
//! Every method computes its bytes before opening a transaction: an IndexedDB transaction
//! auto-commits as soon as we await anything that is not IndexedDB.

use std::rc::Rc;

use idb::{Database, DatabaseEvent, Factory, KeyRange, ObjectStoreParams, Query, TransactionMode};
use js_sys::{Array, Uint8Array};
use rapport_core::store::{Chunk, ChunkKey, ChunkKind, KeyPrefix, StorageAdapter};
use wasm_bindgen::{JsCast, JsValue};

const CHUNKS: &str = "chunks";
const DOCS: &str = "docs";
/// Secret keys, kept out of every Automerge document (whose history would keep them
/// forever): `name -> bytes`. Added in version 2.
const KEYS: &str = "keys";
/// Per-document summaries (`rapport_core::summary`): `doc_id -> bytes`, each naming the chunks
/// it was read from, so a stale one is recognised and never used; and Today's view under
/// `rapport_core::today_view::KEY` (no document has that id), naming the chunks of each
/// document it was read from. Added in version 3.
const SUMMARIES: &str = "summaries";
const DB_VERSION: u32 = 3;

fn key_to_js(key: &ChunkKey) -> JsValue {
    Array::of3(
        &JsValue::from_str(&key.doc_id),
        &JsValue::from_str(key.kind.as_str()),
        &JsValue::from_str(&key.chunk_id),
    )
    .into()
}

fn key_from_js(v: &JsValue) -> Option<ChunkKey> {
    let a: &Array = v.dyn_ref()?;
    Some(ChunkKey {
        doc_id: a.get(0).as_string()?,
        kind: ChunkKind::parse(&a.get(1).as_string()?)?,
        chunk_id: a.get(2).as_string()?,
    })
}

/// The keys under `prefix`: from `[doc]` (or `[doc, kind]`) to the same followed by `[]`, since
/// IndexedDB sorts an array after every string and a shorter array before its extensions.
fn range(prefix: &KeyPrefix) -> Result<Query, StoreError> {
    let lower = Array::of1(&JsValue::from_str(&prefix.doc_id));
    if let Some(kind) = prefix.kind {
        lower.push(&JsValue::from_str(kind.as_str()));
    }
    let upper = lower.slice(0, lower.length());
    upper.push(&Array::new());
    Ok(Query::KeyRange(KeyRange::bound(
        &lower,
        &upper,
        Some(false),
        Some(false),
    )?))
}

fn bytes_to_js(bytes: &[u8]) -> JsValue {
    Uint8Array::from(bytes).into()
}

/// A storage failure, phrased for the person using the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The browser refused IndexedDB (private mode in some browsers, disabled storage, blocked
    /// by another open version of the app).
    Unavailable(String),
    /// The disk or the site's quota is full.
    QuotaExceeded,
    /// The write transaction was aborted by the browser (idb resolves it as `Aborted`, not
    /// as an error); typically a quota squeeze. Nothing of it was stored.
    RolledBack,
    Other(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Unavailable(why) => write!(
                f,
                "This browser does not let Rapport store data ({why}). Allow site data for this page, or leave private browsing, then reload."
            ),
            StoreError::QuotaExceeded => write!(
                f,
                "Your browser's storage for this site is full, so the latest changes are not saved yet. They are kept in this tab: free disk space or export a backup, and Rapport retries automatically."
            ),
            StoreError::RolledBack => write!(
                f,
                "The browser did not keep the latest changes (usually because its storage for this site is full). They are kept in this tab: free disk space or export a backup, and Rapport retries automatically."
            ),
            StoreError::Other(why) => write!(f, "Saving failed ({why}). Your changes are kept in this tab and Rapport retries automatically."),
        }
    }
}

impl From<idb::Error> for StoreError {
    fn from(e: idb::Error) -> Self {
        let text = e.to_string();
        if text.contains("QuotaExceeded") || text.to_lowercase().contains("quota") {
            StoreError::QuotaExceeded
        } else {
            StoreError::Other(text)
        }
    }
}

/// Waits for a write transaction to end and fails unless it committed: idb 0.6 resolves an
/// aborted transaction as `Ok(Aborted)`, which must never be taken for a saved change (R8.1).
async fn committed(tx: idb::Transaction) -> Result<(), StoreError> {
    match tx.commit()?.await? {
        idb::TransactionResult::Committed => Ok(()),
        idb::TransactionResult::Aborted => Err(StoreError::RolledBack),
    }
}

#[derive(Debug, Clone)]
pub struct ChunkStore {
    db: Rc<Database>,
}

impl ChunkStore {
    /// Opens (or creates) the database `name`. Tests use their own names.
    pub async fn open(name: &str) -> Result<ChunkStore, StoreError> {
        let factory = Factory::new().map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let mut req = factory
            .open(name, Some(DB_VERSION))
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        req.on_upgrade_needed(|event| {
            let Ok(db) = event.database() else { return };
            let names = db.store_names();
            if !names.iter().any(|n| n == CHUNKS) {
                let _ = db.create_object_store(CHUNKS, ObjectStoreParams::new());
            }
            if !names.iter().any(|n| n == DOCS) {
                let _ = db.create_object_store(DOCS, ObjectStoreParams::new());
            }
            if !names.iter().any(|n| n == KEYS) {
                let _ = db.create_object_store(KEYS, ObjectStoreParams::new());
            }
            if !names.iter().any(|n| n == SUMMARIES) {
                let _ = db.create_object_store(SUMMARIES, ObjectStoreParams::new());
            }
        });
        let mut db = req
            .await
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        // A newer build opened in another tab needs to upgrade the database: this (older)
        // tab lets go and reloads into the new build, instead of blocking the upgrade.
        db.on_version_change(|event| {
            if let Some(db) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::IdbDatabase>().ok())
            {
                db.close();
            }
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        Ok(ChunkStore { db: Rc::new(db) })
    }

    /// Deletes a whole database (tests and "erase everything").
    pub async fn delete_database(name: &str) -> Result<(), StoreError> {
        let factory = Factory::new().map_err(|e| StoreError::Unavailable(e.to_string()))?;
        factory
            .delete(name)
            .map_err(|e| StoreError::Other(e.to_string()))?
            .await
            .map_err(|e| StoreError::Other(e.to_string()))?;
        Ok(())
    }

    pub fn close(&self) {
        self.db.close();
    }

    /// Records that a document exists and of which kind (so start-up can list documents
    /// without loading them).
    pub async fn register_doc(&self, doc_id: &str, kind: &str) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[DOCS], TransactionMode::ReadWrite)?;
        let store = tx.object_store(DOCS)?;
        store
            .put(&JsValue::from_str(kind), Some(&JsValue::from_str(doc_id)))?
            .await?;
        committed(tx).await?;
        Ok(())
    }

    /// All registered documents as `(doc_id, kind)`.
    pub async fn list_docs(&self) -> Result<Vec<(String, String)>, StoreError> {
        let tx = self.db.transaction(&[DOCS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(DOCS)?;
        let keys = store.get_all_keys(None, None)?.await?;
        let values = store.get_all(None, None)?.await?;
        tx.await?;
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
            .collect())
    }

    /// The kind `doc_id` is registered as, if it is: one keyed read, where [`Self::list_docs`]
    /// reads the whole registry (an import asks about one document, issue 11).
    pub async fn doc_kind(&self, doc_id: &str) -> Result<Option<String>, StoreError> {
        let tx = self.db.transaction(&[DOCS], TransactionMode::ReadOnly)?;
        let value = tx
            .object_store(DOCS)?
            .get(Query::Key(JsValue::from_str(doc_id)))?
            .await?;
        tx.await?;
        Ok(value.and_then(|v| v.as_string()))
    }

    /// Removes a document and all its chunks.
    pub async fn delete_doc(&self, doc_id: &str) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[CHUNKS, DOCS, SUMMARIES], TransactionMode::ReadWrite)?;
        tx.object_store(CHUNKS)?
            .delete(range(&KeyPrefix::doc(doc_id))?)?
            .await?;
        tx.object_store(DOCS)?
            .delete(Query::Key(JsValue::from_str(doc_id)))?
            .await?;
        tx.object_store(SUMMARIES)?
            .delete(Query::Key(JsValue::from_str(doc_id)))?
            .await?;
        committed(tx).await?;
        Ok(())
    }

    /// Stores a secret (the identity's keys) under `name`, replacing any previous value.
    pub async fn put_secret(&self, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let value = Uint8Array::from(bytes);
        let tx = self.db.transaction(&[KEYS], TransactionMode::ReadWrite)?;
        tx.object_store(KEYS)?
            .put(&value, Some(&JsValue::from_str(name)))?
            .await?;
        tx.commit()?.await?;
        Ok(())
    }

    /// Stores the summary of `doc_id` (from `rapport_core::summary::encode`), replacing the
    /// previous one.
    pub async fn put_summary(&self, doc_id: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let value = bytes_to_js(bytes);
        let tx = self
            .db
            .transaction(&[SUMMARIES], TransactionMode::ReadWrite)?;
        tx.object_store(SUMMARIES)?
            .put(&value, Some(&JsValue::from_str(doc_id)))?
            .await?;
        committed(tx).await
    }

    /// Stores a whole document in ONE transaction: registered as `kind`, `bytes` as its one
    /// snapshot under `snapshot`, and its summary if it has one. A restore writes each new
    /// document this way (issue 11: one commit per document instead of three), and either all
    /// of it is stored or none.
    pub async fn put_whole_doc(
        &self,
        doc_id: &str,
        kind: &str,
        snapshot: &ChunkKey,
        bytes: &[u8],
        summary: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        let chunk = bytes_to_js(bytes);
        let summary = summary.map(bytes_to_js);
        let id = JsValue::from_str(doc_id);
        let tx = self
            .db
            .transaction(&[CHUNKS, DOCS, SUMMARIES], TransactionMode::ReadWrite)?;
        tx.object_store(DOCS)?
            .put(&JsValue::from_str(kind), Some(&id))?
            .await?;
        tx.object_store(CHUNKS)?
            .put(&chunk, Some(&key_to_js(snapshot)))?
            .await?;
        if let Some(summary) = &summary {
            tx.object_store(SUMMARIES)?.put(summary, Some(&id))?.await?;
        }
        committed(tx).await
    }

    /// Every stored summary by document, and every stored chunk's key, read in one
    /// transaction so the keys describe the same state the summaries are checked against.
    /// Keys only: no chunk's bytes are read.
    pub async fn summaries_and_keys(
        &self,
    ) -> Result<(Vec<(String, Vec<u8>)>, Vec<ChunkKey>), StoreError> {
        let tx = self
            .db
            .transaction(&[SUMMARIES, CHUNKS], TransactionMode::ReadOnly)?;
        let summaries = tx.object_store(SUMMARIES)?;
        let ids = summaries.get_all_keys(None, None)?.await?;
        let values = summaries.get_all(None, None)?.await?;
        let keys = tx.object_store(CHUNKS)?.get_all_keys(None, None)?.await?;
        tx.await?;
        let summaries = ids
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| Some((k.as_string()?, v.dyn_ref::<Uint8Array>()?.to_vec())))
            .collect();
        Ok((summaries, keys.iter().filter_map(key_from_js).collect()))
    }

    /// What the Today module reads at start, in one transaction so that all three describe
    /// the same state: the registry (`(doc_id, kind)`), the summary stored under `key`, and
    /// every stored chunk's key (keys only, no chunk's bytes).
    #[allow(clippy::type_complexity)]
    pub async fn registry_summary_and_keys(
        &self,
        key: &str,
    ) -> Result<(Vec<(String, String)>, Option<Vec<u8>>, Vec<ChunkKey>), StoreError> {
        let tx = self
            .db
            .transaction(&[DOCS, SUMMARIES, CHUNKS], TransactionMode::ReadOnly)?;
        let docs = tx.object_store(DOCS)?;
        let ids = docs.get_all_keys(None, None)?.await?;
        let kinds = docs.get_all(None, None)?.await?;
        let summary = tx
            .object_store(SUMMARIES)?
            .get(Query::Key(JsValue::from_str(key)))?
            .await?;
        let keys = tx.object_store(CHUNKS)?.get_all_keys(None, None)?.await?;
        tx.await?;
        let docs = ids
            .iter()
            .zip(kinds.iter())
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
            .collect();
        let summary = summary
            .and_then(|v| v.dyn_into::<Uint8Array>().ok())
            .map(|a| a.to_vec());
        Ok((docs, summary, keys.iter().filter_map(key_from_js).collect()))
    }

    /// The secret stored under `name`, if any.
    pub async fn get_secret(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let tx = self.db.transaction(&[KEYS], TransactionMode::ReadOnly)?;
        let value = tx
            .object_store(KEYS)?
            .get(Query::Key(JsValue::from_str(name)))?
            .await?;
        tx.await?;
        Ok(value
            .and_then(|v| v.dyn_into::<Uint8Array>().ok())
            .map(|a| a.to_vec()))
    }
}

impl StorageAdapter for ChunkStore {
    type Error = StoreError;

    async fn load(&self, key: &ChunkKey) -> Result<Option<Vec<u8>>, StoreError> {
        let tx = self.db.transaction(&[CHUNKS], TransactionMode::ReadOnly)?;
        let value = tx
            .object_store(CHUNKS)?
            .get(Query::Key(key_to_js(key)))?
            .await?;
        tx.await?;
        Ok(value.and_then(|v| v.dyn_ref::<Uint8Array>().map(|a| a.to_vec())))
    }

    async fn save(&self, key: &ChunkKey, bytes: &[u8]) -> Result<(), StoreError> {
        let value = bytes_to_js(bytes);
        let tx = self.db.transaction(&[CHUNKS], TransactionMode::ReadWrite)?;
        tx.object_store(CHUNKS)?
            .put(&value, Some(&key_to_js(key)))?
            .await?;
        committed(tx).await
    }

    async fn remove(&self, key: &ChunkKey) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[CHUNKS], TransactionMode::ReadWrite)?;
        tx.object_store(CHUNKS)?
            .delete(Query::Key(key_to_js(key)))?
            .await?;
        committed(tx).await
    }

    /// Keys and values are read in one transaction, so they describe one state of the store.
    async fn load_range(&self, prefix: &KeyPrefix) -> Result<Vec<Chunk>, StoreError> {
        let tx = self.db.transaction(&[CHUNKS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(CHUNKS)?;
        let keys = store.get_all_keys(Some(range(prefix)?), None)?.await?;
        let values = store.get_all(Some(range(prefix)?), None)?.await?;
        tx.await?;
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| {
                Some(Chunk {
                    key: key_from_js(k)?,
                    bytes: v.dyn_ref::<Uint8Array>()?.to_vec(),
                })
            })
            .collect())
    }

    async fn remove_range(&self, prefix: &KeyPrefix) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[CHUNKS], TransactionMode::ReadWrite)?;
        tx.object_store(CHUNKS)?.delete(range(prefix)?)?.await?;
        committed(tx).await
    }

    /// Writes `snapshot` and deletes `replaced` in ONE transaction: either the new snapshot
    /// exists and the old chunks are gone, or nothing changed (and one transaction instead of
    /// one per chunk).
    async fn compact(&self, snapshot: &Chunk, replaced: &[ChunkKey]) -> Result<(), StoreError> {
        let value = bytes_to_js(&snapshot.bytes);
        let tx = self.db.transaction(&[CHUNKS], TransactionMode::ReadWrite)?;
        let store = tx.object_store(CHUNKS)?;
        store.put(&value, Some(&key_to_js(&snapshot.key)))?.await?;
        // The same bytes land on the same key: the snapshot may occupy a key it replaces.
        for key in replaced.iter().filter(|k| **k != snapshot.key) {
            store.delete(Query::Key(key_to_js(key)))?.await?;
        }
        committed(tx).await
    }
}
