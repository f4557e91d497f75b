//! My private notes on a shared document: a meeting's note in a 1:1 series (R3.8), my draft
//! of a review (R4.7). Kept in a private document per shared document
//! (`rapport_core::docs::private_notes`, issue 11), opened by the screen that shows the
//! shared one, so the workspace every page loads no longer carries them.
//!
//! A note an earlier release kept in the workspace's `private_notes` map stays there: it is
//! read and edited where it is, never moved, so no history is rewritten.

use std::collections::BTreeSet;

use leptos::prelude::*;
use rapport_core::docs::{private_notes, workspace as ws_doc, DocKind};
use rapport_core::text::TextEdit;

use super::edit::{run, run_on_workspace, EditError};
use super::{repo, shared, AppState};

/// Which private-notes documents are stored (their ids), from the registry at boot and after
/// a restore, and from this tab's own first notes.
#[derive(Clone, Copy)]
pub struct Known(RwSignal<BTreeSet<String>>);

impl Known {
    pub fn new() -> Known {
        Known(RwSignal::new(BTreeSet::new()))
    }

    /// The stored private notes, from the registry's `(id, kind)` list.
    pub fn set_known(self, docs: &[(String, DocKind)]) {
        let ids = docs
            .iter()
            .filter(|(_, k)| *k == DocKind::PrivateNotes)
            .map(|(id, _)| id.clone());
        self.0.update(|k| k.extend(ids));
    }

    fn contains(self, id: &str) -> bool {
        self.0.with(|k| k.contains(id))
    }

    fn contains_untracked(self, id: &str) -> bool {
        self.0.with_untracked(|k| k.contains(id))
    }
}

impl Default for Known {
    fn default() -> Self {
        Known::new()
    }
}

fn legacy(state: AppState, key: &str) -> Option<String> {
    state.workspace.with(|w| {
        w.as_ref()
            .and_then(|w| w.private_notes.get(key).map(|t| t.as_str().to_string()))
    })
}

/// My note at `key` on the shared document `on_doc`; reactive (the workspace, the notes'
/// document, another tab creating it). Opens the notes' document when it is stored.
pub fn note(state: AppState, on_doc: &str, key: &str) -> Option<String> {
    if let Some(text) = legacy(state, key) {
        return Some(text);
    }
    let id = private_notes::id_for(on_doc);
    let revision = repo::revision(&id);
    // A bump of a document not open here means another tab stored it (`reload_from_storage`).
    if !state.notes_known.contains(&id) && revision.get() == 0 {
        return None;
    }
    shared::read_doc(&id, DocKind::PrivateNotes, |d| {
        private_notes::get(d, key).ok().flatten()
    })
}

impl AppState {
    /// R3.8, R4.7: writes my note at `key` on `on_doc` (typed text, merged with other tabs'),
    /// where it is kept: the workspace for a note an earlier release wrote, else the notes'
    /// own document, created at the first note.
    pub fn set_private_note(
        self,
        on_doc: &str,
        key: &str,
        edit: TextEdit,
    ) -> Result<(), EditError> {
        if self.workspace.with_untracked(|w| {
            w.as_ref()
                .is_some_and(|w| w.private_notes.contains_key(key))
        }) {
            return run_on_workspace(self, |d, now| ws_doc::set_private_note(d, key, edit, now));
        }
        let id = notes_doc(self, on_doc)?;
        let by = super::checkins::my_name(self);
        run(&id, |d, now| private_notes::set(d, key, edit, &by, now))
    }
}

/// The open notes' document of `on_doc`, created here when none is stored. One stored but not
/// open yet is not replaced by a new copy: its notes are written once it is open.
fn notes_doc(state: AppState, on_doc: &str) -> Result<String, EditError> {
    let id = private_notes::id_for(on_doc);
    if repo::get(&id).is_some() {
        return Ok(id);
    }
    // Known from the registry, or announced by another tab since (its revision moved).
    if state.notes_known.contains_untracked(&id) || repo::revision(&id).get_untracked() > 0 {
        shared::ensure_open_quietly(&id, DocKind::PrivateNotes);
        return Err(EditError::NotOpen);
    }
    let doc = private_notes::create(on_doc, automerge::ActorId::random())?;
    // Registered, stored, and merged with a copy another tab stored meanwhile.
    repo::insert_now(id.clone(), DocKind::PrivateNotes, doc).ok_or(EditError::NotOpen)?;
    state.notes_known.0.update(|k| {
        k.insert(id.clone());
    });
    Ok(id)
}
