//! Recognising a sync file that was already imported (R7.1, R7.5).
//!
//! Importing the same file twice changes nothing (Automerge merges are idempotent), so a
//! replayed file cannot damage data; recognising it lets the app say so instead of showing an
//! empty preview. A file is recognised by the SHA-256 of its whole bytes ([`file_key`]), not
//! by the random `file_id` inside its encrypted header: the hash is known before decrypting
//! (no passphrase, no key derivation needed to say "you imported this before"), and it names
//! exactly these bytes, so a different file can never pass for one already imported.
//!
//! Whether the file was imported before and whether it would change anything are separate
//! facts: after restoring an older backup, a file imported long ago can bring changes this copy
//! no longer has. [`ImportNotice::for_preview`] says "changes nothing" only when the payload
//! holds no change that is new here.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::wire::hex_encode;

/// The key a sync file is remembered by: lowercase hex SHA-256 of the whole file, prefixed so
/// it can never be mistaken for a `file_id` recorded by earlier versions (32 hex digits).
pub fn file_key(file: &[u8]) -> String {
    format!("sha256:{}", hex_encode(&Sha256::digest(file)))
}

/// The keys ([`file_key`]) of imported sync files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenFiles {
    keys: BTreeSet<String>,
}

impl SeenFiles {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether exactly this file was imported before.
    pub fn contains(&self, file: &[u8]) -> bool {
        self.keys.contains(&file_key(file))
    }

    /// Remembers an imported file; returns `false` if it was already known.
    pub fn insert(&mut self, file: &[u8]) -> bool {
        self.keys.insert(file_key(file))
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// What the import preview tells about repetition and effect (R7.1, R7.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportNotice {
    /// Imported before, and it holds nothing new here: importing again changes nothing.
    ReplayChangesNothing,
    /// Imported before, yet it holds changes this copy does not have (for example after an
    /// older backup was restored): importing adds them.
    ReplayWithNewChanges(usize),
    /// Not seen before, but everything in it is already here.
    NothingNew,
}

impl ImportNotice {
    /// `seen`: the file's key was recorded; `new_changes`: changes of the payload not in this
    /// copy (`docs::exchange::Preview::new_changes`). `None`: a new file with new changes.
    pub fn for_preview(seen: bool, new_changes: usize) -> Option<ImportNotice> {
        match (seen, new_changes) {
            (true, 0) => Some(ImportNotice::ReplayChangesNothing),
            (true, n) => Some(ImportNotice::ReplayWithNewChanges(n)),
            (false, 0) => Some(ImportNotice::NothingNew),
            (false, _) => None,
        }
    }

    /// The sentence the import preview shows.
    pub fn message(self) -> String {
        match self {
            ImportNotice::ReplayChangesNothing => {
                "You imported this exact file before, and everything in it is already here. \
                 Importing it again changes nothing."
                    .into()
            }
            ImportNotice::ReplayWithNewChanges(n) => format!(
                "You imported this exact file before, but {n} of its changes are no longer \
                 here (for example after restoring an older backup). Importing it adds them \
                 back."
            ),
            ImportNotice::NothingNew => {
                "You already have everything in this file. Nothing will change.".into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r7_5_files_are_recognised_by_their_whole_bytes() {
        let file = b"RAPPORT-SYNC\0 some sealed bytes".to_vec();
        let mut seen = SeenFiles::new();
        assert!(!seen.contains(&file));
        assert!(seen.insert(&file));
        assert!(seen.contains(&file));
        assert!(!seen.insert(&file));
        // One changed byte, or one byte more or less, is another file.
        let mut other = file.clone();
        other[20] ^= 1;
        assert!(!seen.contains(&other));
        assert!(!seen.contains(&file[..file.len() - 1]));
        let key = file_key(&file);
        assert_eq!(key.len(), "sha256:".len() + 64);
        assert_ne!(key, file_key(&other));
    }

    #[test]
    fn r7_1_changes_nothing_only_when_nothing_is_new() {
        use ImportNotice::*;
        assert_eq!(
            ImportNotice::for_preview(true, 0),
            Some(ReplayChangesNothing)
        );
        assert_eq!(
            ImportNotice::for_preview(true, 3),
            Some(ReplayWithNewChanges(3))
        );
        assert_eq!(ImportNotice::for_preview(false, 0), Some(NothingNew));
        assert_eq!(ImportNotice::for_preview(false, 2), None);
        assert!(ReplayChangesNothing.message().contains("changes nothing"));
        let with_new = ReplayWithNewChanges(3).message();
        assert!(!with_new.contains("changes nothing") && with_new.contains("3 of its changes"));
    }
}
