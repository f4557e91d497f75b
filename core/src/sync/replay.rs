//! Recognising a sync file that was already imported.
//!
//! Importing the same file twice changes nothing (R7.1: Automerge merges are idempotent), so
//! a replayed file cannot damage data. Remembering file ids lets the app say "you already
//! imported this file" instead of showing an empty diff. Store a `SeenFiles` in the private
//! workspace and call [`SeenFiles::insert`] after a successful merge.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::wire::hex_encode;

/// The ids (`SyncHeader::file_id`) of imported sync files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenFiles {
    ids: BTreeSet<String>,
}

impl SeenFiles {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether a file with this id was imported before.
    pub fn contains(&self, file_id: &[u8; 16]) -> bool {
        self.ids.contains(&hex_encode(file_id))
    }

    /// Remembers an imported file; returns `false` if it was already known.
    pub fn insert(&mut self, file_id: &[u8; 16]) -> bool {
        self.ids.insert(hex_encode(file_id))
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}
