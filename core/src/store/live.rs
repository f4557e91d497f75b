//! One Automerge document held in memory together with what is known about its stored chunks.
//!
//! Saving is incremental (R8.1): each save writes `save_after(last saved heads)` as a new
//! chunk; nothing is rewritten per keystroke. When the incrementals outweigh the snapshot, a
//! compaction replaces exactly the chunks this document has loaded or written, so a chunk
//! another tab appended meanwhile survives (R8.4).

use std::collections::HashMap;

use automerge::{AutoCommit, ChangeHash};

use super::{Chunk, ChunkKey, ChunkKind};

/// Below this many bytes of incrementals a compaction is not worth a transaction.
pub const MIN_COMPACT_BYTES: usize = 4 * 1024;

pub struct LiveDoc {
    pub id: String,
    pub doc: AutoCommit,
    /// Heads known to be stored (written here, or read from the store).
    saved_heads: Vec<ChangeHash>,
    /// Stored chunks whose content this in-memory document includes, with their sizes.
    known: HashMap<ChunkKey, usize>,
    min_compact_bytes: usize,
    snapshot: Snapshot,
}

/// How a whole snapshot is encoded.
pub type Snapshot = fn(&mut AutoCommit) -> Vec<u8>;

/// A snapshot as it is (Automerge's columns not deflated): the default, so that code holding
/// documents carries no compressor unless it asks for one ([`LiveDoc::with_snapshot`]; the
/// browser app's Today module leaves it out of its download, issue 11). Either kind loads the
/// same.
pub fn plain_snapshot(doc: &mut AutoCommit) -> Vec<u8> {
    doc.save_nocompress()
}

/// Whether incrementals of `incremental_bytes` are worth replacing by one snapshot, next to a
/// known snapshot total of `snapshot_bytes`: once they outweigh it, loading reads more than
/// twice what a fresh snapshot would hold.
pub fn compaction_due(snapshot_bytes: usize, incremental_bytes: usize, min_bytes: usize) -> bool {
    incremental_bytes >= min_bytes && incremental_bytes > snapshot_bytes
}

impl LiveDoc {
    /// A document created here; nothing of it is stored yet.
    pub fn new(id: String, doc: AutoCommit) -> LiveDoc {
        LiveDoc {
            id,
            doc,
            saved_heads: Vec::new(),
            known: HashMap::new(),
            min_compact_bytes: MIN_COMPACT_BYTES,
            snapshot: plain_snapshot,
        }
    }

    /// Encodes this document's snapshots with `snapshot` (e.g. `AutoCommit::save`, which
    /// deflates large columns: smaller in storage).
    pub fn with_snapshot(mut self, snapshot: Snapshot) -> LiveDoc {
        self.snapshot = snapshot;
        self
    }

    /// The smallest incremental total worth compacting (tests lower it to compact often).
    pub fn with_min_compact_bytes(mut self, bytes: usize) -> LiveDoc {
        self.min_compact_bytes = bytes;
        self
    }

    /// Rebuilds a document from its stored chunks (snapshots first, which loads fastest; any
    /// order gives the same document). A chunk that cannot be read is skipped and reported, so
    /// one damaged chunk cannot lock a person out of everything else.
    pub fn from_chunks(
        id: String,
        mut chunks: Vec<Chunk>,
    ) -> Result<(LiveDoc, Vec<String>), String> {
        chunks.sort_by_key(|c| c.key.kind != ChunkKind::Snapshot);
        let mut live = LiveDoc::new(id, AutoCommit::new());
        let mut problems = Vec::new();
        for c in chunks {
            match live.doc.load_incremental(&c.bytes) {
                Ok(_) => live.note_stored(&c),
                Err(e) => problems.push(format!("chunk {} unreadable: {e}", c.key.chunk_id)),
            }
        }
        if live.doc.get_heads().is_empty() {
            return Err(format!("no readable data for document {}", live.id));
        }
        live.saved_heads = live.doc.get_heads();
        Ok((live, problems))
    }

    fn note_stored(&mut self, c: &Chunk) {
        self.known.entry(c.key.clone()).or_insert(c.bytes.len());
    }

    /// Whether there are changes not yet written.
    pub fn is_dirty(&mut self) -> bool {
        self.doc.get_heads() != self.saved_heads
    }

    /// The chunk to append for the changes made since the last save, with the heads it covers.
    /// The first save of a document created here is its snapshot.
    pub fn pending_chunk(&mut self) -> Option<(Chunk, Vec<ChangeHash>)> {
        let heads = self.doc.get_heads();
        if heads == self.saved_heads {
            return None;
        }
        let (kind, bytes) = if self.saved_heads.is_empty() && self.known.is_empty() {
            (ChunkKind::Snapshot, (self.snapshot)(&mut self.doc))
        } else {
            (
                ChunkKind::Incremental,
                self.doc.save_after(&self.saved_heads),
            )
        };
        Some((Chunk::new(&self.id, kind, bytes), heads))
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
            if self.known.contains_key(&c.key) {
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
    ///
    /// The replaced keys are exactly the known ones: each was read or written by this document,
    /// so its content is in the snapshot (`save` keeps even changes still waiting for a missing
    /// dependency), and a key names its content. A chunk this document never saw is never
    /// listed, so one appended by another tab meanwhile survives.
    pub fn compaction(&mut self) -> Option<(Chunk, Vec<ChunkKey>)> {
        let (snapshot_bytes, incremental_bytes) = self.stored_sizes();
        if !compaction_due(snapshot_bytes, incremental_bytes, self.min_compact_bytes) {
            return None;
        }
        if self.is_dirty() {
            return None; // save first, so the snapshot never includes unsaved-but-unknown state
        }
        let snapshot = Chunk::new(
            &self.id,
            ChunkKind::Snapshot,
            (self.snapshot)(&mut self.doc),
        );
        Some((snapshot, self.known.keys().cloned().collect()))
    }

    /// Records a finished compaction. Chunks learnt while it ran stay known (and counted).
    pub fn mark_compacted(&mut self, snapshot: &Chunk, replaced: &[ChunkKey]) {
        for k in replaced.iter().filter(|k| **k != snapshot.key) {
            self.known.remove(k);
        }
        self.note_stored(snapshot);
    }

    /// Bytes of the known `(snapshots, incrementals)`.
    pub fn stored_sizes(&self) -> (usize, usize) {
        self.known
            .iter()
            .fold((0, 0), |(s, i), (k, len)| match k.kind {
                ChunkKind::Snapshot => (s + len, i),
                ChunkKind::Incremental => (s, i + len),
            })
    }

    /// The stored chunks this document includes.
    pub fn known_keys(&self) -> impl Iterator<Item = &ChunkKey> {
        self.known.keys()
    }
}

#[cfg(test)]
mod tests {
    use automerge::{transaction::Transactable, ReadDoc, ROOT};

    use super::*;

    fn edited(live: &mut LiveDoc, key: &str, len: usize) {
        live.doc.put(ROOT, key, "x".repeat(len)).unwrap();
    }

    /// Saves as the repo does, with no store: the chunk is taken as written.
    fn save(live: &mut LiveDoc) -> Option<Chunk> {
        let (chunk, heads) = live.pending_chunk()?;
        live.mark_saved(&chunk, heads);
        Some(chunk)
    }

    #[test]
    fn plain_and_deflated_snapshots_hold_the_same_document() {
        // Long repetitive text: its column is large enough for Automerge to deflate it.
        let text = "The quarterly report is due on the fifteenth. ".repeat(200);
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "note", text.as_str()).unwrap();
        let mut plain = LiveDoc::new("d".into(), doc.clone());
        let mut deflated = LiveDoc::new("d".into(), doc).with_snapshot(AutoCommit::save);
        let (plain, _) = plain.pending_chunk().unwrap();
        let (deflated, _) = deflated.pending_chunk().unwrap();
        assert_eq!(plain.key.kind, ChunkKind::Snapshot);
        assert!(
            deflated.bytes.len() < plain.bytes.len(),
            "deflated {} < plain {}",
            deflated.bytes.len(),
            plain.bytes.len()
        );
        // Each loads alone, and the two together (one module wrote one, the other the other).
        for chunks in [
            vec![plain.clone()],
            vec![deflated.clone()],
            vec![plain, deflated],
        ] {
            let (live, problems) = LiveDoc::from_chunks("d".into(), chunks).unwrap();
            assert!(problems.is_empty());
            let got = live
                .doc
                .get(ROOT, "note")
                .unwrap()
                .unwrap()
                .0
                .as_str()
                .map(str::to_string);
            assert_eq!(got.as_deref(), Some(text.as_str()));
        }
    }

    #[test]
    fn compaction_is_due_once_incrementals_outweigh_the_snapshot_and_the_minimum() {
        assert!(!compaction_due(0, MIN_COMPACT_BYTES - 1, MIN_COMPACT_BYTES));
        assert!(compaction_due(0, MIN_COMPACT_BYTES, MIN_COMPACT_BYTES));
        assert!(!compaction_due(10_000, 10_000, MIN_COMPACT_BYTES));
        assert!(compaction_due(10_000, 10_001, MIN_COMPACT_BYTES));
        assert!(!compaction_due(0, 0, 0));
    }

    #[test]
    fn the_first_save_is_a_snapshot_then_incrementals_then_nothing() {
        let mut live = LiveDoc::new("d".into(), AutoCommit::new());
        assert!(
            save(&mut live).is_none(),
            "an empty document has nothing to write"
        );
        edited(&mut live, "a", 1);
        assert_eq!(save(&mut live).unwrap().key.kind, ChunkKind::Snapshot);
        edited(&mut live, "b", 1);
        let inc = save(&mut live).unwrap();
        assert_eq!(inc.key.kind, ChunkKind::Incremental);
        assert_eq!(inc.key.chunk_id, crate::store::chunk_id(&inc.bytes));
        assert!(save(&mut live).is_none());
        assert!(!live.is_dirty());
    }

    #[test]
    fn compaction_waits_for_enough_bytes_and_for_a_save() {
        let mut live = LiveDoc::new("d".into(), AutoCommit::new());
        edited(&mut live, "a", 10);
        save(&mut live);
        edited(&mut live, "b", 100);
        save(&mut live);
        assert!(live.compaction().is_none(), "below the minimum");
        for i in 0..50 {
            edited(&mut live, &format!("k{i}"), 100);
            save(&mut live);
        }
        let (snap, inc) = live.stored_sizes();
        assert!(inc >= MIN_COMPACT_BYTES && inc > snap);
        edited(&mut live, "unsaved", 1);
        assert!(live.compaction().is_none(), "unsaved changes: save first");
        save(&mut live);
        let (snapshot, replaced) = live.compaction().expect("due");
        assert_eq!(replaced.len(), 53);
        live.mark_compacted(&snapshot, &replaced);
        assert_eq!(live.stored_sizes(), (snapshot.bytes.len(), 0));
        assert_eq!(live.known_keys().collect::<Vec<_>>(), vec![&snapshot.key]);
    }

    #[test]
    fn a_chunk_learnt_during_a_compaction_stays_known_and_counted() {
        let mut live = LiveDoc::new("d".into(), AutoCommit::new()).with_min_compact_bytes(0);
        edited(&mut live, "a", 1);
        save(&mut live);
        edited(&mut live, "b", 500);
        save(&mut live);
        let (snapshot, replaced) = live.compaction().expect("due");
        edited(&mut live, "c", 1);
        let during = save(&mut live).unwrap();
        live.mark_compacted(&snapshot, &replaced);
        assert_eq!(
            live.stored_sizes(),
            (snapshot.bytes.len(), during.bytes.len())
        );
    }

    #[test]
    fn loading_skips_a_damaged_chunk_and_absorbing_merges_only_unseen_chunks() {
        let mut one = LiveDoc::new("d".into(), AutoCommit::new());
        edited(&mut one, "a", 1);
        let first = save(&mut one).unwrap();
        let damaged = Chunk::new("d", ChunkKind::Incremental, b"not automerge".to_vec());
        let (mut two, problems) =
            LiveDoc::from_chunks("d".into(), vec![damaged, first.clone()]).unwrap();
        assert!(problems.len() <= 1);
        assert!(!two.is_dirty());
        edited(&mut one, "b", 1);
        let second = save(&mut one).unwrap();
        assert!(two.absorb(&[first.clone(), second.clone()]));
        assert!(!two.absorb(&[first, second]));
        assert!(!two.is_dirty(), "absorbed changes are stored already");
        assert!(two.doc.get(ROOT, "b").unwrap().is_some());
        assert!(LiveDoc::from_chunks("d".into(), vec![]).is_err());
    }

    #[test]
    fn a_change_waiting_for_its_dependency_is_kept_in_the_snapshot() {
        // A known chunk may hold a change whose dependency is unreadable: the compaction
        // replaces that chunk, so the snapshot must carry the waiting change (`save` keeps it).
        let mut origin = AutoCommit::new();
        origin.put(ROOT, "base", 1).unwrap();
        let base = origin.save();
        let base_heads = origin.get_heads();
        origin.put(ROOT, "later", 2).unwrap();
        let later = Chunk::new("d", ChunkKind::Incremental, origin.save_after(&base_heads));
        let mut other = AutoCommit::new();
        other.put(ROOT, "other", 3).unwrap();
        let other = Chunk::new("d", ChunkKind::Incremental, other.save());
        let (live, _) = LiveDoc::from_chunks("d".into(), vec![other, later.clone()]).unwrap();
        let mut live = live.with_min_compact_bytes(0);
        let (snapshot, replaced) = live.compaction().expect("due");
        assert!(replaced.contains(&later.key));
        let mut check = AutoCommit::load(&snapshot.bytes).unwrap();
        check.load_incremental(&base).unwrap();
        assert_eq!(
            check.get(ROOT, "later").unwrap().map(|(v, _)| v.as_i64()),
            Some(Some(2))
        );
    }
}
