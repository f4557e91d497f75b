//! What every shared document offers the views, whatever its kind: opening it on demand and
//! its history with the names on record.

use leptos::prelude::*;
use rapport_core::docs::{history, trust, DocKind, HistoryEntry};
use rapport_core::domain::workspace::SharedDoc;
use rapport_core::domain::Side;

use super::{repo, AppState};

thread_local! {
    /// Documents being opened, so that the memos of one screen asking for the same document
    /// start one load, not one each.
    static OPENING: std::cell::RefCell<std::collections::HashSet<String>> =
        std::cell::RefCell::new(std::collections::HashSet::new());
}

/// Opens a document not yet open in this tab. Shared documents are opened on demand, by the
/// screen or measure that shows them, never all at start (issue 11: Today needs none of
/// them). The document's revision signal changes once it is open, so memos reading it run
/// again. Nothing happens when it is open or opening already.
pub fn ensure_open(doc_id: &str, kind: DocKind, on_error: impl FnOnce(String) + 'static) {
    if repo::get(doc_id).is_some() {
        return;
    }
    let id = doc_id.to_string();
    if !OPENING.with(|o| o.borrow_mut().insert(id.clone())) {
        return;
    }
    leptos::task::spawn_local(async move {
        let opened = repo::open(&id, kind).await;
        OPENING.with(|o| o.borrow_mut().remove(&id));
        if let Err(e) = opened {
            on_error(e);
        }
    });
}

/// [`ensure_open`] for a list or a measure: a document that cannot be read is reported in the
/// console and shown as loading, it does not interrupt the screen.
pub fn ensure_open_quietly(doc_id: &str, kind: DocKind) {
    let id = doc_id.to_string();
    ensure_open(doc_id, kind, move |e| {
        web_sys::console::warn_1(&format!("shared document {id} unreadable: {e}").into())
    });
}

/// Reads document `doc_id` through `read` inside a memo: opens it if needed (`None` until it
/// is loaded) and tracks its revision, so the memo runs again on every change (local, other
/// tab, merge). The one way views' state reads a shared document.
pub fn read_doc<T>(
    doc_id: &str,
    kind: DocKind,
    read: impl FnOnce(&automerge::AutoCommit) -> Option<T>,
) -> Option<T> {
    ensure_open_quietly(doc_id, kind);
    repo::revision(doc_id).track();
    let d = repo::get(doc_id)?;
    let d = d.borrow();
    read(&d.doc)
}

/// R8.5: who changed what, newest first; reactive (the document's revision and the workspace).
/// Names are the ones on record for each writer's actor, not the names changes claim.
pub fn history_rows(state: AppState, doc_id: &str) -> Vec<HistoryEntry> {
    repo::revision(doc_id).track();
    let mut rows = repo::get(doc_id)
        .map(|d| history(&mut d.borrow_mut().doc))
        .unwrap_or_default();
    state.workspace.with(|w| {
        if let Some((w, entry)) = w.as_ref().and_then(|w| Some((w, w.shared.get(doc_id)?))) {
            for h in &mut rows {
                h.by = trust::history_name(entry, &w.profile.name, &h.actor, &h.by).to_string();
            }
        }
    });
    rows
}

/// A text field with typing not yet committed registers `commit`, so leaving or hiding the page
/// commits its text before the final save (R8.1). Returns the id for [`forget_typing`].
pub fn on_leave_commit(commit: impl Fn() + 'static) -> u64 {
    repo::on_flush(commit)
}

pub fn forget_typing(id: u64) {
    repo::off_flush(id)
}

/// The shared documents of `kind` in my workspace where I am on `side`, `(doc id, entry)`;
/// reactive (reads the workspace).
pub fn entries_of(state: AppState, kind: DocKind, side: Side) -> Vec<(String, SharedDoc)> {
    state.workspace.with(|w| {
        w.as_ref()
            .map(|w| {
                w.shared
                    .iter()
                    .filter(|(_, s)| s.kind == kind && s.my_side == side)
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// My workspace's index entry of a shared document (who it is shared with, my side, the
/// writers' keys), following the workspace; `None` until it is indexed.
pub fn watch_entry(state: AppState, doc_id: String) -> Memo<Option<SharedDoc>> {
    Memo::new(move |_| {
        state
            .workspace
            .with(|w| w.as_ref().and_then(|w| w.shared.get(&doc_id).cloned()))
    })
}
