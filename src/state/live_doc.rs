//! One Automerge document held in memory together with what is known about its stored chunks.
//!
//! Saving is incremental (R8.1): each flush writes `save_after(last saved heads)` as a new
//! chunk; nothing is rewritten per keystroke. When the incrementals outweigh the snapshot, a
//! compaction replaces exactly the chunks this tab has loaded or written.

use std::collections::HashSet;

use automerge::{AutoCommit, ChangeHash};
use rapport_core::docs::DocKind;

use crate::storage::{Chunk, ChunkKey, ChunkKind};

/// Below this many bytes of incrementals a compaction is not worth a transaction.
const MIN_COMPACT_BYTES: usize = 4 * 1024;

pub struct LiveDoc {
    pub id: String,
    pub kind: DocKind,
    pub doc: AutoCommit,
    saved_heads: Vec<ChangeHash>,
    /// Stored chunks whose content this in-memory document includes.
    known: HashSet<ChunkKey>,
    snapshot_bytes: usize,
    incremental_bytes: usize,
}

impl LiveDoc {
    /// A document created in this tab; nothing of it is stored yet.
    pub fn new(id: String, kind: DocKind, doc: AutoCommit) -> LiveDoc {
        LiveDoc {
            id,
            kind,
            doc,
            saved_heads: Vec::new(),
            known: HashSet::new(),
            snapshot_bytes: 0,
            incremental_bytes: 0,
        }
    }

    /// Rebuilds a document from its stored chunks (snapshot first, then incrementals). A chunk
    /// that cannot be read is skipped and reported, so one damaged chunk cannot lock a person
    /// out of everything else.
    pub fn from_chunks(
        id: String,
        kind: DocKind,
        chunks: Vec<Chunk>,
    ) -> Result<(LiveDoc, Vec<String>), String> {
        let mut doc = AutoCommit::new();
        let mut live = LiveDoc::new(id, kind, AutoCommit::new());
        let mut problems = Vec::new();
        for c in chunks {
            match doc.load_incremental(&c.bytes) {
                Ok(_) => live.note_stored(&c),
                Err(e) => problems.push(format!("chunk {} unreadable: {e}", c.key.chunk_id)),
            }
        }
        if doc.get_heads().is_empty() {
            return Err(format!("no readable data for document {}", live.id));
        }
        live.saved_heads = doc.get_heads();
        live.doc = doc;
        Ok((live, problems))
    }

    fn note_stored(&mut self, c: &Chunk) {
        if self.known.insert(c.key.clone()) {
            match c.key.kind {
                ChunkKind::Snapshot => self.snapshot_bytes += c.bytes.len(),
                ChunkKind::Incremental => self.incremental_bytes += c.bytes.len(),
            }
        }
    }

    /// Whether there are changes not yet written.
    pub fn is_dirty(&mut self) -> bool {
        self.doc.get_heads() != self.saved_heads
    }

    /// The chunk to append for the changes made since the last save, with the heads it covers.
    pub fn pending_chunk(&mut self) -> Option<(Chunk, Vec<ChangeHash>)> {
        let heads = self.doc.get_heads();
        if heads == self.saved_heads {
            return None;
        }
        let (kind, bytes) = if self.saved_heads.is_empty() && self.known.is_empty() {
            (ChunkKind::Snapshot, self.doc.save())
        } else {
            (
                ChunkKind::Incremental,
                self.doc.save_after(&self.saved_heads),
            )
        };
        let key = ChunkKey {
            doc_id: self.id.clone(),
            kind,
            chunk_id: uuid::Uuid::new_v4().to_string(),
        };
        Some((Chunk { key, bytes }, heads))
    }

    /// Records that `chunk`, covering `heads`, is now stored.
    pub fn mark_saved(&mut self, chunk: &Chunk, heads: Vec<ChangeHash>) {
        self.note_stored(chunk);
        self.saved_heads = heads;
    }

    /// Merges chunks another tab stored. Returns whether the document changed.
    pub fn absorb(&mut self, chunks: &[Chunk]) -> bool {
        let before = self.doc.get_heads();
        let had_unsaved = before != self.saved_heads;
        for c in chunks {
            if self.known.contains(&c.key) {
                continue;
            }
            if self.doc.load_incremental(&c.bytes).is_ok() {
                self.note_stored(c);
            }
        }
        let after = self.doc.get_heads();
        if !had_unsaved {
            // Everything we hold is stored somewhere: nothing new of ours to write.
            self.saved_heads = after.clone();
        }
        after != before
    }

    /// When incrementals outweigh the snapshot: a new snapshot and the chunks it replaces.
    pub fn compaction(&mut self) -> Option<(Chunk, Vec<ChunkKey>)> {
        if self.incremental_bytes < MIN_COMPACT_BYTES
            || self.incremental_bytes <= self.snapshot_bytes
        {
            return None;
        }
        if self.is_dirty() {
            return None; // save first, so the snapshot never includes unsaved-but-unknown state
        }
        let snapshot = Chunk {
            key: ChunkKey {
                doc_id: self.id.clone(),
                kind: ChunkKind::Snapshot,
                chunk_id: uuid::Uuid::new_v4().to_string(),
            },
            bytes: self.doc.save(),
        };
        Some((snapshot, self.known.iter().cloned().collect()))
    }

    /// Records a finished compaction.
    pub fn mark_compacted(&mut self, snapshot: &Chunk, replaced: &[ChunkKey]) {
        for k in replaced {
            self.known.remove(k);
        }
        self.snapshot_bytes = 0;
        self.incremental_bytes = 0;
        self.note_stored(snapshot);
    }

    pub fn stored_sizes(&self) -> (usize, usize) {
        (self.snapshot_bytes, self.incremental_bytes)
    }
}
