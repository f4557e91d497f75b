//! What every shared document offers the views, whatever its kind: opening it on demand and
//! its history with the names on record.

use leptos::prelude::*;
use rapport_core::docs::{history, trust, DocKind, HistoryEntry};

use super::{repo, AppState};

/// Opens a document not yet open in this tab (created or received in another tab, or a page
/// opened directly by its address). Nothing happens when it is open already.
pub fn ensure_open(doc_id: &str, kind: DocKind, on_error: impl FnOnce(String) + 'static) {
    if repo::get(doc_id).is_some() {
        return;
    }
    let id = doc_id.to_string();
    leptos::task::spawn_local(async move {
        if let Err(e) = repo::open(&id, kind).await {
            on_error(e);
        }
    });
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
