//! The repo: every open document of this tab, their persistence and the other-tab channel.
//!
//! What to write, when to compact and what a compaction may remove are core's
//! (`rapport_core::store`, host-tested); this file decides when: the debounce, the retries,
//! the "Saving…" count and the tab channel (R8.1, R8.4).
//!
//! Lives in a thread-local because the browser runs us on one thread and documents are not
//! `Send`; views reach documents only through the revision signals and commands below.

use std::{cell::RefCell, collections::HashMap, rc::Rc, time::Duration};

use automerge::AutoCommit;
use leptos::prelude::*;
use rapport_core::docs::DocKind;
use rapport_core::store::live::{plain_snapshot, Snapshot};
use rapport_core::store::persist::{absorb_stored, compact_if_due, save_pending};

use super::live_doc::LiveDoc;
use crate::storage::{tabs::TabChannel, ChunkStore, KeyPrefix, StorageAdapter, StoreError};

/// Debounce between an edit and its write: edits are stored well within a second (R8.1)
/// while a burst of typing becomes one chunk.
const SAVE_DELAY: Duration = Duration::from_millis(300);
const RETRY_DELAY: Duration = Duration::from_secs(3);

pub type DocRef = Rc<RefCell<LiveDoc>>;

/// Stores what is derived from a document just saved ([`before_saved`]).
pub type Derived = fn(String) -> super::LocalTask;

struct Repo {
    store: ChunkStore,
    docs: HashMap<String, DocRef>,
    /// Reference-counted, not owned by whichever component first asked: documents open on
    /// demand, often from inside a memo that is disposed long before the document is.
    revisions: HashMap<String, ArcRwSignal<u64>>,
    scheduled: std::collections::HashSet<String>,
    tabs: Option<TabChannel>,
    /// Set when a write fails; cleared by the next successful write.
    save_error: RwSignal<Option<String>>,
    /// Number of documents with unsaved changes (drives the "Saving…" indicator).
    unsaved: RwSignal<usize>,
}

/// A text field's "commit what is typed now", with the id it registered under.
type FieldFlusher = (u64, Rc<dyn Fn()>);

thread_local! {
    static REPO: RefCell<Option<Repo>> = const { RefCell::new(None) };
    /// Text fields with typing not yet committed register here, so a page being hidden or
    /// closed commits their text before the final flush (R8.1).
    static FIELD_FLUSHERS: RefCell<Vec<FieldFlusher>> = const { RefCell::new(Vec::new()) };
    static NEXT_FLUSHER: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    static AFTER_SAVE: std::cell::Cell<Option<fn(&str)>> = const { std::cell::Cell::new(None) };
    static BEFORE_SAVED: std::cell::Cell<Option<Derived>> = const { std::cell::Cell::new(None) };
    static SNAPSHOT: std::cell::Cell<Snapshot> = const { std::cell::Cell::new(plain_snapshot) };
}

/// Snapshots are written deflated from here on (`AutoCommit::save`: smaller in storage). The
/// whole app asks for it; the Today module writes them plain and carries no compressor (issue
/// 11: its download). Both load either kind.
pub fn deflate_snapshots() {
    SNAPSHOT.with(|s| s.set(AutoCommit::save));
}

/// A document held here, with this module's snapshot encoding.
fn held(live: LiveDoc) -> DocRef {
    Rc::new(RefCell::new(live.with_snapshot(SNAPSHOT.with(|s| s.get()))))
}

/// Registers `commit` to run before every [`flush_all`]; returns the id for [`off_flush`].
pub fn on_flush(commit: impl Fn() + 'static) -> u64 {
    let id = NEXT_FLUSHER.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    FIELD_FLUSHERS.with(|f| f.borrow_mut().push((id, Rc::new(commit))));
    id
}

pub fn off_flush(id: u64) {
    FIELD_FLUSHERS.with(|f| f.borrow_mut().retain(|(i, _)| *i != id));
}

fn with_repo<R>(f: impl FnOnce(&mut Repo) -> R) -> Option<R> {
    REPO.with(|r| r.borrow_mut().as_mut().map(f))
}

/// Status signals the shell shows.
#[derive(Clone, Copy)]
pub struct SaveStatus {
    pub error: RwSignal<Option<String>>,
    pub unsaved: RwSignal<usize>,
}

/// Opens the database and joins the tab channel. Call once at start-up.
pub async fn init(db_name: &str) -> Result<SaveStatus, StoreError> {
    let store = ChunkStore::open(db_name).await?;
    let status = SaveStatus {
        error: RwSignal::new(None),
        unsaved: RwSignal::new(0),
    };
    let tabs = TabChannel::join(&format!("{db_name}-changes"), |doc_id| {
        leptos::task::spawn_local(reload_from_storage(doc_id));
    });
    REPO.with(|r| {
        *r.borrow_mut() = Some(Repo {
            store,
            docs: HashMap::new(),
            revisions: HashMap::new(),
            scheduled: Default::default(),
            tabs,
            save_error: status.error,
            unsaved: status.unsaved,
        })
    });
    flush_when_hidden();
    Ok(status)
}

/// Lets go of storage: forgets every open document, closes the database connection and
/// leaves the tab channel. The Today module does this when it hands the page to the whole app
/// (`crate::handoff`), once everything is stored; the whole app then opens storage itself.
pub fn close() {
    if let Some(repo) = REPO.with(|r| r.borrow_mut().take()) {
        repo.store.close();
    }
    FIELD_FLUSHERS.with(|f| f.borrow_mut().clear());
}

pub(super) fn store() -> Option<ChunkStore> {
    with_repo(|r| r.store.clone())
}

/// Registered documents `(id, kind)`.
pub async fn list() -> Result<Vec<(String, DocKind)>, StoreError> {
    let store = store().ok_or_else(|| StoreError::Other("storage not ready".into()))?;
    Ok(store
        .list_docs()
        .await?
        .into_iter()
        .filter_map(|(id, kind)| Some((id, DocKind::parse(&kind)?)))
        .collect())
}

/// The kind `doc_id` is registered as, if it is stored here (one keyed read).
pub async fn kind_of(doc_id: &str) -> Result<Option<DocKind>, StoreError> {
    let store = store().ok_or_else(|| StoreError::Other("storage not ready".into()))?;
    Ok(store
        .doc_kind(doc_id)
        .await?
        .and_then(|k| DocKind::parse(&k)))
}

/// The revision signal of a document: bumped on every change, local or from another tab.
pub fn revision(doc_id: &str) -> ArcRwSignal<u64> {
    with_repo(|r| {
        r.revisions
            .entry(doc_id.to_string())
            .or_insert_with(|| ArcRwSignal::new(0))
            .clone()
    })
    .unwrap_or_else(|| ArcRwSignal::new(0))
}

pub fn get(doc_id: &str) -> Option<DocRef> {
    with_repo(|r| r.docs.get(doc_id).cloned()).flatten()
}

/// Loads a stored document into memory (or returns it if already open).
pub async fn open(doc_id: &str, kind: DocKind) -> Result<DocRef, String> {
    if let Some(d) = get(doc_id) {
        return Ok(d);
    }
    let store = store().ok_or("storage not ready")?;
    let read = crate::perf::start(&format!("rapport:idb-read:{}", kind.as_str()));
    let chunks = store
        .load_range(&KeyPrefix::doc(doc_id))
        .await
        .map_err(|e| e.to_string())?;
    read.end();
    let (live, problems) =
        crate::perf::measure(&format!("rapport:automerge-load:{}", kind.as_str()), || {
            LiveDoc::from_chunks(doc_id.to_string(), chunks)
        })?;
    for p in problems {
        web_sys::console::warn_1(&p.into());
    }
    // Loading a large document and drawing what shows it would be one long task (issue 11: no
    // freeze over 100 ms): the views that wait for it run in the next one.
    super::tick::next_tick().await;
    // Two callers may have opened it meanwhile (documents open on demand): the first copy in
    // memory wins, so nothing typed into it is ever replaced by a second load.
    if let Some(d) = get(doc_id) {
        return Ok(d);
    }
    let d = held(live);
    with_repo(|r| r.docs.insert(doc_id.to_string(), d.clone()));
    revision(doc_id).update(|n| *n += 1);
    Ok(d)
}

/// Adds a document created in this tab and stores it right away.
pub async fn insert_new(id: String, kind: DocKind, doc: AutoCommit) -> Result<DocRef, String> {
    let store = store().ok_or("storage not ready")?;
    store
        .register_doc(&id, kind.as_str())
        .await
        .map_err(|e| e.to_string())?;
    let d = held(LiveDoc::new(id.clone(), doc));
    with_repo(|r| r.docs.insert(id.clone(), d.clone()));
    flush(id.clone()).await;
    revision(&id).update(|n| *n += 1);
    Ok(d)
}

/// Adds a document created in this tab at once, for a command that cannot wait (a check-in in
/// a month with no document yet); it is registered and stored right after, and a copy another
/// tab stored meanwhile is merged in.
pub fn insert_now(id: String, kind: DocKind, doc: AutoCommit) -> Option<DocRef> {
    let store = store()?;
    let d = held(LiveDoc::new(id.clone(), doc));
    with_repo(|r| r.docs.insert(id.clone(), d.clone()))?;
    revision(&id).update(|n| *n += 1);
    leptos::task::spawn_local(async move {
        if let Err(e) = store.register_doc(&id, kind.as_str()).await {
            with_repo(|r| r.save_error.set(Some(e.to_string())));
        }
        reload_from_storage(id.clone()).await;
        flush(id).await;
    });
    Some(d)
}

/// Stores a document restored from a backup without opening it (issue 11: a restore at 50
/// people × 5 years would otherwise hold two hundred documents in memory): `bytes` become its
/// snapshot under `snapshot`, beside its summary, and other tabs hear of it. Screens open it
/// when they need it.
pub async fn store_restored(
    id: &str,
    kind: DocKind,
    snapshot: &rapport_core::store::ChunkKey,
    bytes: &[u8],
    summary: Option<&[u8]>,
) -> Result<(), String> {
    let store = store().ok_or("storage not ready")?;
    store
        .put_whole_doc(id, kind.as_str(), snapshot, bytes, summary)
        .await
        .map_err(|e| e.to_string())?;
    with_repo(|r| {
        if let Some(t) = &r.tabs {
            t.announce(id);
        }
        // A view waiting for this document (listed, not open) looks again.
        if let Some(rev) = r.revisions.get(id) {
            rev.update(|n| *n += 1);
        }
    });
    Ok(())
}

/// Runs a change on a document, then schedules its save and notifies the views. A change that
/// changed nothing (a migration with nothing to do, a command refused before its first
/// operation, text committed unchanged) schedules no save: "Saving…" would flash for nothing.
pub fn change<R>(doc_id: &str, f: impl FnOnce(&mut AutoCommit) -> R) -> Option<R> {
    let d = get(doc_id)?;
    let (out, changed) = {
        let doc = &mut d.borrow_mut().doc;
        // Reading the heads closes the transaction in progress, as the save would.
        let before = doc.get_heads();
        let out = f(doc);
        (out, doc.get_heads() != before)
    };
    if !changed {
        return Some(out);
    }
    // Its summary no longer describes it (rewritten once the change is saved and settled).
    super::summaries::forget(doc_id);
    revision(doc_id).update(|n| *n += 1);
    schedule_save(doc_id);
    Some(out)
}

/// Saves a document's pending changes now instead of after [`SAVE_DELAY`]: for a discrete
/// action (a click), where there are no keystrokes to batch (issue 11: a check-in is stored
/// within its 400 ms). The timer already set finds nothing left to write.
pub fn save_now(doc_id: &str) {
    if with_repo(|r| r.scheduled.contains(doc_id)).unwrap_or(false) {
        leptos::task::spawn_local(flush(doc_id.to_string()));
    }
}

fn schedule_save(doc_id: &str) {
    let first = with_repo(|r| r.scheduled.insert(doc_id.to_string())).unwrap_or(false);
    if first {
        with_repo(|r| r.unsaved.update(|n| *n += 1));
        let id = doc_id.to_string();
        set_timeout(move || leptos::task::spawn_local(flush(id)), SAVE_DELAY);
    }
}

/// Writes a document's pending changes as one incremental chunk, then compacts if worthwhile.
pub async fn flush(doc_id: String) {
    let was_scheduled = with_repo(|r| r.scheduled.remove(&doc_id)).unwrap_or(false);
    // "All changes saved" must mean committed (R8.1): this document stays counted as unsaved
    // until its write has committed, not merely started.
    let saved = move || {
        if was_scheduled {
            with_repo(|r| r.unsaved.update(|n| *n = n.saturating_sub(1)));
        }
    };
    let (Some(d), Some(store)) = (get(&doc_id), store()) else {
        saved();
        return;
    };
    match save_pending(&d, &store).await {
        Ok(None) => {}
        Ok(Some(_)) => {
            with_repo(|r| {
                r.save_error.set(None);
                if let Some(t) = &r.tabs {
                    t.announce(&doc_id);
                }
            });
        }
        Err(e) => {
            // Keep the changes in memory and retry: nothing is lost while the tab is open.
            with_repo(|r| r.save_error.set(Some(e.to_string())));
            let first = with_repo(|r| r.scheduled.insert(doc_id.clone())).unwrap_or(false);
            match (first, was_scheduled) {
                // Scheduled again by us: still counted once.
                (true, true) => {}
                (true, false) => with_repo(|r| r.unsaved.update(|n| *n += 1)).unwrap_or(()),
                // An edit meanwhile scheduled it and counted it: release our count.
                (false, true) => saved(),
                (false, false) => {}
            }
            let id = doc_id.clone();
            set_timeout(move || leptos::task::spawn_local(flush(id)), RETRY_DELAY);
            return;
        }
    }
    // What is derived from this document and read at start is stored before "All changes
    // saved": closing the page then leaves a next visit that opens fast (Today's view).
    let derived = BEFORE_SAVED.with(|b| b.get());
    if let Some(f) = derived {
        f(doc_id.clone()).await;
    }
    saved();
    // A compaction that fails changes nothing stored (the snapshot is written before anything
    // is removed); the next flush tries again. One that ran renamed the chunks: what is
    // derived is stored again under their new names.
    if let (Ok(true), Some(f)) = (compact_if_due(&d, &store).await, derived) {
        f(doc_id.clone()).await;
    }
    // The dashboard reads this document's summary instead of the document (issue 14).
    if let Some(after) = AFTER_SAVE.with(|a| a.get()) {
        after(&doc_id);
    }
}

/// Sets what runs after each document is saved: the whole app writes summaries there
/// (`summaries::schedule`). A hook rather than a call, so that the Today module, which never
/// saves a document, carries no summary code (issue 11: its download).
pub fn after_save(f: fn(&str)) {
    AFTER_SAVE.with(|a| a.set(Some(f)));
}

/// Sets what a save waits for before it counts as done: the whole app stores Today's view
/// there (`today_view`), so that "All changes saved" also means the next visit opens fast.
pub fn before_saved(f: Derived) {
    BEFORE_SAVED.with(|b| b.set(Some(f)));
}

/// Commits typed text and flushes everything now (page hidden or closing).
pub fn flush_all() {
    // Clone the list first: a commit may register or drop fields.
    let fields: Vec<Rc<dyn Fn()>> =
        FIELD_FLUSHERS.with(|f| f.borrow().iter().map(|(_, c)| c.clone()).collect());
    for commit in fields {
        commit();
    }
    let ids: Vec<String> = with_repo(|r| r.scheduled.iter().cloned().collect()).unwrap_or_default();
    for id in ids {
        leptos::task::spawn_local(flush(id));
    }
}

fn flush_when_hidden() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let cb = Closure::<dyn FnMut()>::new(flush_all);
    // `visibilitychange` covers switching away and most closes; `pagehide` covers the rest
    // (navigation, bfcache). Both may fire: a second flush finds nothing to write.
    let _ = doc.add_event_listener_with_callback("visibilitychange", cb.as_ref().unchecked_ref());
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("pagehide", cb.as_ref().unchecked_ref());
    }
    cb.forget(); // lives as long as the page
}

/// Another tab stored chunks of `doc_id`: merge what we have not seen (R8.4).
pub async fn reload_from_storage(doc_id: String) {
    let (Some(d), Some(store)) = (get(&doc_id), store()) else {
        // Not open here; a newly created document in another tab: views re-list on demand.
        super::summaries::forget(&doc_id);
        with_repo(|r| r.revisions.get(&doc_id).cloned())
            .flatten()
            .inspect(|s| s.update(|n| *n += 1));
        return;
    };
    if let Ok(true) = absorb_stored(&d, &store).await {
        super::summaries::forget(&doc_id);
        revision(&doc_id).update(|n| *n += 1);
    }
}
