//! Summaries beside the chunks (`rapport_core::summary`): what the dashboard reads of a shared
//! document without loading it (issue 14).
//!
//! - **Read** once per page: every summary and every chunk key in one IndexedDB transaction
//!   (keys only, no bytes). A summary is decoded when first asked for, and only if the store
//!   still holds exactly the chunks it was read from.
//! - **Written** after a shared document is saved, once its edits have settled
//!   ([`WRITE_DELAY`]): hydrating a document per keystroke would be the cost this avoids. A
//!   document with unsaved edits is skipped (its next save schedules it again), so a summary
//!   never describes changes the store lacks. Also written by the dashboard right after it had
//!   to read a document itself (stale or missing summary), from what it read.
//! - **Forgotten** when another tab stores chunks of a document this tab has not opened.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use leptos::prelude::*;
use rapport_core::store::ChunkKey;
use rapport_core::summary::{self, Summary};

use super::repo;

/// How long a document's edits must have settled before its summary is rewritten.
const WRITE_DELAY: Duration = Duration::from_secs(3);

#[derive(Default)]
struct Loaded {
    raw: HashMap<String, Vec<u8>>,
    keys: BTreeMap<String, Vec<ChunkKey>>,
}

thread_local! {
    static LOADED: RefCell<Option<Loaded>> = const { RefCell::new(None) };
    static LOADING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static READY: ArcRwSignal<bool> = ArcRwSignal::new(false);
    /// Documents waiting for their summary, with the save that last asked: a later save
    /// supersedes the earlier timer, so a summary is written once edits have settled.
    static SCHEDULED: RefCell<HashMap<String, u64>> = RefCell::new(HashMap::new());
    static NEXT_SAVE: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// Bumped by [`reread`]: a read started before it is dropped when it ends.
    static GENERATION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Forgets what was read of the stored summaries: the next reader reads them all again. A
/// restore calls it after storing documents with their summaries, unopened.
pub fn reread() {
    GENERATION.with(|g| g.set(g.get() + 1));
    LOADED.with(|l| *l.borrow_mut() = None);
    LOADING.with(|l| l.set(false));
    READY.with(|r| r.set(false));
}

/// Whether the stored summaries have been read (tracked: a memo asking runs again once they
/// are). Starts reading them on the first call.
pub fn ready() -> bool {
    let ready = READY.with(|r| r.clone());
    if !ready.get() && !LOADING.with(|l| l.replace(true)) {
        let generation = GENERATION.with(|g| g.get());
        leptos::task::spawn_local(async move {
            let read = crate::perf::start("rapport:summaries-read");
            let loaded = match repo::store() {
                Some(store) => match store.summaries_and_keys().await {
                    Ok((raw, keys)) => Loaded {
                        raw: raw.into_iter().collect(),
                        keys: summary::keys_by_doc(keys),
                    },
                    Err(e) => {
                        // Without summaries the dashboard reads the documents: slower, same figures.
                        web_sys::console::warn_1(&format!("summaries unreadable: {e}").into());
                        Loaded::default()
                    }
                },
                None => Loaded::default(),
            };
            read.end();
            // A restore meanwhile asked for a new read: this one may predate what it wrote.
            if GENERATION.with(|g| g.get()) != generation {
                return;
            }
            LOADING.with(|l| l.set(false));
            LOADED.with(|l| *l.borrow_mut() = Some(loaded));
            READY.with(|r| r.set(true));
        });
    }
    ready.get()
}

/// The fresh summary of `doc_id`, if the store has one, decoded (readers keep what they
/// need of it: decoding happens once per document and page); `None` while the summaries are
/// being read, or when it is missing or stale (read the document instead).
pub fn fresh(doc_id: &str) -> Option<Summary> {
    LOADED.with(|l| {
        let l = l.borrow();
        let l = l.as_ref()?;
        let keys = l.keys.get(doc_id).map(Vec::as_slice).unwrap_or_default();
        let raw = l.raw.get(doc_id)?;
        crate::perf::measure("rapport:summary-decode", || {
            summary::decode_if_fresh(raw, keys, super::local_today())
        })
    })
}

/// `doc_id` changed (an edit, an import, another tab): what was read of its summary no longer
/// describes it, until a new one is written.
pub fn forget(doc_id: &str) {
    LOADED.with(|l| {
        if let Some(l) = l.borrow_mut().as_mut() {
            l.raw.remove(doc_id);
        }
    });
}

/// The keys of the chunks open document `doc_id` was read from and saved as; `None` when it is
/// not open or has unsaved edits (a summary of it would describe changes the store lacks).
fn saved_keys(doc_id: &str) -> Option<Vec<ChunkKey>> {
    let d = repo::get(doc_id)?;
    let mut d = d.borrow_mut();
    (!d.is_dirty()).then(|| d.known_keys().cloned().collect())
}

async fn put(doc_id: &str, summary: &Summary, keys: &[ChunkKey]) {
    let Some(store) = repo::store() else { return };
    let bytes = summary::encode(summary, keys, super::local_today());
    match store.put_summary(doc_id, &bytes).await {
        // Fresh for this page too, unless the document changed while it was being written.
        Ok(()) if saved_keys(doc_id).as_deref() == Some(keys) => LOADED.with(|l| {
            if let Some(l) = l.borrow_mut().as_mut() {
                l.raw.insert(doc_id.to_string(), bytes);
                l.keys.insert(doc_id.to_string(), keys.to_vec());
            }
        }),
        Ok(()) => {}
        // A summary is a cache: without it the dashboard reads the document.
        Err(e) => web_sys::console::warn_1(&format!("summary of {doc_id} not stored: {e}").into()),
    }
}

/// Writes `summary` as read from open document `doc_id`, if it has nothing unsaved. Used by
/// readers that already hydrated the document (the dashboard) and by [`schedule`].
pub fn write(doc_id: &str, summary: Summary) {
    let Some(keys) = saved_keys(doc_id) else {
        return;
    };
    let id = doc_id.to_string();
    leptos::task::spawn_local(async move { put(&id, &summary, &keys).await });
}

/// Writes the summary of open document `doc_id` now and waits for it (a restore: the
/// dashboard opened right after must find every summary; a timer might not fire before the
/// page is left).
pub async fn write_now(doc_id: &str) {
    SCHEDULED.with(|s| s.borrow_mut().remove(doc_id));
    let (Some(d), Some(keys)) = (repo::get(doc_id), saved_keys(doc_id)) else {
        return;
    };
    let summary = summary::summarise(&d.borrow().doc);
    if let Ok(Some(summary)) = summary {
        put(doc_id, &summary, &keys).await;
    }
}

/// Rewrites the summary of `doc_id` once its edits have settled: [`WRITE_DELAY`] after its
/// last save (each save calls this), never while it has unsaved edits.
pub fn schedule(doc_id: &str) {
    let save = NEXT_SAVE.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    SCHEDULED.with(|s| s.borrow_mut().insert(doc_id.to_string(), save));
    let id = doc_id.to_string();
    set_timeout(
        move || {
            // Superseded by a later save, or written meanwhile by `write_now`.
            let latest = SCHEDULED.with(|s| {
                let mut s = s.borrow_mut();
                let latest = s.get(&id) == Some(&save);
                if latest {
                    s.remove(&id);
                }
                latest
            });
            // Unsaved edits: their save schedules this again; nothing is hydrated meanwhile.
            let (true, Some(d), Some(_)) = (latest, repo::get(&id), saved_keys(&id)) else {
                return;
            };
            let summary = summary::summarise(&d.borrow().doc);
            match summary {
                Ok(Some(s)) => write(&id, s),
                Ok(None) => {}
                Err(e) => web_sys::console::warn_1(&format!("no summary of {id}: {e}").into()),
            }
        },
        WRITE_DELAY,
    );
}
