//! Today drawn without Automerge (`rapport_core::today_view`, issue 11: the first visit's
//! download).
//!
//! - **The whole app writes the view** ([`follow`]) with each save of the workspace or a
//!   month of check-ins, before that save counts as done ("All changes saved": the next visit
//!   opens fast), and once after it starts (a page it took over from a stale view leaves a
//!   fresh one). Only from documents with nothing unsaved, with the keys of the chunks they
//!   were read from; the same view is not stored twice.
//! - **The Today module reads it** ([`start`]): the registry, the view and every chunk key in
//!   one transaction. A fresh view is Today; anything else (no view, a stale one, a day it
//!   does not cover, another tab's change, midnight) asks for the whole app
//!   ([`Phase::NeedsApp`]), which opens the documents. The Today module writes nothing itself:
//!   a check-in waits in `pending` for the whole app.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::time::Duration;

use leptos::prelude::*;
use rapport_core::docs::{checkins as months, DocKind};
use rapport_core::domain::checkin::CheckIns;
use rapport_core::store::ChunkKey;
use rapport_core::summary::keys_by_doc;
use rapport_core::today_view::{self, TodayView};

use super::{local_today, pending, repo, AppState, Phase, StorageInfo, DB_NAME};
use crate::storage::{tabs::TabChannel, ChunkStore};

/// How long after the whole app starts it writes the view: after Today's months, and any
/// earlier month Today asks for (`checkins::follow`), are open.
const FIRST_WRITE_AFTER: Duration = Duration::from_millis(1500);

thread_local! {
    static STATE: Cell<Option<AppState>> = const { Cell::new(None) };
    /// What this page last stored: the same view is not written again.
    static LAST: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The Today module's storage connection and tab channel, closed by the hand-off.
    static OPEN: RefCell<Option<(ChunkStore, Option<TabChannel>)>> = const { RefCell::new(None) };
}

/// The whole app keeps the view current from here on (called once its workspace is open):
/// each save of the workspace or a month of check-ins stores it before it counts as saved
/// (`repo::before_saved`), and it is stored once after start.
pub fn follow(state: AppState) {
    STATE.with(|s| s.set(Some(state)));
    repo::before_saved(|doc_id| Box::pin(after_save(doc_id)));
    set_timeout(|| leptos::task::spawn_local(write()), FIRST_WRITE_AFTER);
}

/// Stores the view now (after a restore, which opens documents without saving them).
pub async fn store_now() {
    write().await;
}

/// More months of check-ins are open: the view can reach further back (the whole app, once
/// it follows; nothing before).
pub fn months_opened() {
    if STATE.with(|s| s.get()).is_some() {
        leptos::task::spawn_local(write());
    }
}

/// After a save: the workspace and the months of check-ins are what Today reads.
async fn after_save(doc_id: String) {
    let Some(state) = STATE.with(|s| s.get()) else {
        return;
    };
    let ws = state.workspace_id.get_untracked();
    if ws.as_deref() == Some(doc_id.as_str()) || months::month_of_id(&doc_id).is_some() {
        write().await;
    }
}

/// The saved chunk keys of open document `id`; `None` when it is not open or has unsaved
/// edits (a view of it would describe changes the store lacks: the next save schedules again).
fn saved_keys(id: &str) -> Option<Vec<ChunkKey>> {
    let d = repo::get(id)?;
    let mut d = d.borrow_mut();
    (!d.is_dirty()).then(|| d.known_keys().cloned().collect())
}

/// Stores the view of the open workspace and months, unless one of them has unsaved edits
/// (their save comes back here) or it is the view this page stored last.
async fn write() {
    let Some(state) = STATE.with(|s| s.get()) else {
        return;
    };
    let (Some(ws_id), Some(open)) = (
        state.workspace_id.get_untracked(),
        state.checkin_months.open_ids(),
    ) else {
        return;
    };
    let mut sources = Vec::with_capacity(open.len() + 1);
    for id in std::iter::once(ws_id).chain(open) {
        let Some(keys) = saved_keys(&id) else { return };
        sources.push((id, keys));
    }
    let view = state.workspace.with_untracked(|w| {
        let w = w.as_ref()?;
        Some(state.checkins.with_untracked(|c| TodayView::of(w, c)))
    });
    let Some(view) = view else { return };
    let bytes = today_view::encode(&view, &sources);
    if LAST.with(|l| *l.borrow() == bytes) {
        return;
    }
    let Some(store) = repo::store() else { return };
    match store.put_summary(today_view::KEY, &bytes).await {
        Ok(()) => {
            LAST.with(|l| *l.borrow_mut() = bytes);
            crate::perf::mark("rapport:today-view-stored");
        }
        // A cache: without it the next visit opens the documents.
        Err(e) => web_sys::console::warn_1(&format!("Today's view not stored: {e}").into()),
    }
}

/// What the Today module found in storage.
enum Found {
    NoWorkspace,
    Fresh(TodayView),
    /// No view, or one that does not describe the store as it is, or not for today.
    Stale,
}

async fn read(store: &ChunkStore) -> Result<Found, crate::storage::StoreError> {
    let (docs, view, keys) = store.registry_summary_and_keys(today_view::KEY).await?;
    if !docs.iter().any(|(_, k)| k == DocKind::Workspace.as_str()) {
        return Ok(Found::NoWorkspace);
    }
    let month_ids: Vec<String> = docs
        .into_iter()
        .filter(|(_, k)| k == DocKind::CheckIns.as_str())
        .map(|(id, _)| id)
        .collect();
    let keys: BTreeMap<String, Vec<ChunkKey>> = keys_by_doc(keys);
    Ok(
        match view.and_then(|v| today_view::decode_if_fresh(&v, &month_ids, &keys, local_today())) {
            Some(v) => Found::Fresh(v),
            None => Found::Stale,
        },
    )
}

/// The Today module's state: Today from the stored view, and the check-ins logged here since
/// (`pending`). Its phase becomes [`Phase::NeedsApp`] whenever only the documents can say
/// what Today shows.
pub fn start() -> AppState {
    let base_ws = RwSignal::new(None);
    let base_checkins = RwSignal::new(CheckIns::default());
    let waiting = pending::waiting();
    let workspace = Memo::new(move |_| base_ws.get());
    let checkins = {
        let waiting = waiting.clone();
        Memo::new(move |_| {
            let mut c = base_checkins.get();
            for p in waiting.get() {
                c.by_id.insert(p.id.clone(), p);
            }
            c
        })
    };
    let state = AppState {
        phase: RwSignal::new(Phase::Loading),
        workspace_id: RwSignal::new(None),
        workspace,
        checkins,
        checkin_months: super::checkins::Months::new(),
        notes_known: super::private_notes::Known::new(),
        save: repo::SaveStatus {
            error: RwSignal::new(None),
            unsaved: RwSignal::new(0),
        },
        today: RwSignal::new(local_today()),
        toast: RwSignal::new(None),
        storage: RwSignal::new(StorageInfo::default()),
        typing: RwSignal::new(0),
        extras: super::Extras::default(),
    };
    // A check-in waiting is not stored yet: the header says "Saving…" until the whole app has.
    Effect::new(move |_| state.save.unsaved.set(waiting.with(Vec::len)));
    leptos::task::spawn_local(async move {
        crate::perf::mark("rapport:boot");
        let store = match ChunkStore::open(DB_NAME).await {
            Ok(s) => s,
            Err(e) => return state.phase.set(Phase::Failed(e.to_string())),
        };
        let span = crate::perf::start("rapport:today-view-read");
        let found = read(&store).await;
        span.end();
        let phase = state.phase;
        // Another tab stored a change: only the documents say what it was.
        let tabs = TabChannel::join(&format!("{DB_NAME}-changes"), move |_| {
            phase.set(Phase::NeedsApp)
        });
        OPEN.with(|o| *o.borrow_mut() = Some((store, tabs)));
        match found {
            Ok(Found::Fresh(view)) => {
                state.workspace_id.set(Some(view.workspace_id.clone()));
                base_ws.set(Some(view.workspace()));
                base_checkins.set(view.check_ins());
                state.phase.set(Phase::Ready);
                crate::perf::mark("rapport:ready");
            }
            Ok(Found::NoWorkspace) => state.phase.set(Phase::Welcome),
            Ok(Found::Stale) => state.phase.set(Phase::NeedsApp),
            Err(e) => state.phase.set(Phase::Failed(e.to_string())),
        }
    });
    // The view was for the day the page opened: at midnight the whole app takes over.
    if let Ok(timer) = set_interval_with_handle(
        move || {
            if state
                .today
                .try_get_untracked()
                .is_some_and(|d| d != local_today())
            {
                state.phase.set(Phase::NeedsApp);
            }
        },
        Duration::from_secs(60),
    ) {
        on_cleanup(move || timer.clear());
    }
    state
}

/// The Today module lets go of storage (the hand-off, before the whole app opens it).
pub fn close() {
    if let Some((store, tabs)) = OPEN.with(|o| o.borrow_mut().take()) {
        drop(tabs);
        store.close();
    }
}
