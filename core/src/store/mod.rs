//! Persistence of Automerge documents as chunks, behind a storage adapter the browser (IndexedDB)
//! and the host tests (memory) both implement (R8.1, R8.4).
//!
//! The layout is automerge-repo's: a key is `[doc_id, "snapshot" | "incremental", chunk_id]`,
//! and a document is whatever its chunks load to, in any order. A chunk id is the lowercase hex
//! SHA-256 of the chunk's bytes (content addressing), so:
//! - two tabs (or two flushes of one tab) writing the same bytes land on the same key: a
//!   repeated write is idempotent, never a second copy;
//! - a key names its content: a compaction that removes a key it has read removes bytes that
//!   are in the snapshot it wrote first, whoever wrote them.
//!
//! Chunks written by earlier releases keep their uuid ids; [`migrate`] says why nothing
//! rewrites them eagerly.
//!
//! - [`live`]: one document in memory and what it knows of its stored chunks (what to append,
//!   when to compact, what a compaction may remove).
//! - [`persist`]: the steps a repo runs (load, save, absorb, compact), as plain data in and
//!   results out, holding no borrow across an await.
//! - [`memory`]: an in-memory adapter for host tests.

pub mod live;
pub mod memory;
pub mod migrate;
pub mod persist;

pub use live::LiveDoc;
pub use memory::MemoryStore;

use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChunkKind {
    Snapshot,
    Incremental,
}

impl ChunkKind {
    /// The key segment, as stored by every release so far.
    pub fn as_str(self) -> &'static str {
        match self {
            ChunkKind::Snapshot => "snapshot",
            ChunkKind::Incremental => "incremental",
        }
    }

    pub fn parse(s: &str) -> Option<ChunkKind> {
        match s {
            "snapshot" => Some(ChunkKind::Snapshot),
            "incremental" => Some(ChunkKind::Incremental),
            _ => None,
        }
    }
}

/// `[doc_id, kind, chunk_id]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChunkKey {
    pub doc_id: String,
    pub kind: ChunkKind,
    pub chunk_id: String,
}

impl ChunkKey {
    /// The content-addressed key of `bytes`.
    pub fn for_bytes(doc_id: &str, kind: ChunkKind, bytes: &[u8]) -> ChunkKey {
        ChunkKey {
            doc_id: doc_id.to_string(),
            kind,
            chunk_id: chunk_id(bytes),
        }
    }

    pub fn starts_with(&self, prefix: &KeyPrefix) -> bool {
        self.doc_id == prefix.doc_id && prefix.kind.is_none_or(|k| k == self.kind)
    }
}

/// A key prefix for range operations: `[doc_id]` or `[doc_id, kind]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPrefix {
    pub doc_id: String,
    pub kind: Option<ChunkKind>,
}

impl KeyPrefix {
    /// Every chunk of one document.
    pub fn doc(doc_id: &str) -> KeyPrefix {
        KeyPrefix {
            doc_id: doc_id.to_string(),
            kind: None,
        }
    }

    pub fn kind(doc_id: &str, kind: ChunkKind) -> KeyPrefix {
        KeyPrefix {
            doc_id: doc_id.to_string(),
            kind: Some(kind),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub key: ChunkKey,
    pub bytes: Vec<u8>,
}

impl Chunk {
    /// `bytes` under their content-addressed key.
    pub fn new(doc_id: &str, kind: ChunkKind, bytes: Vec<u8>) -> Chunk {
        Chunk {
            key: ChunkKey::for_bytes(doc_id, kind, &bytes),
            bytes,
        }
    }
}

/// Lowercase hex SHA-256 of `bytes`: 64 characters, never the shape of an older uuid id.
pub fn chunk_id(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where chunks live: the shape of automerge-repo's `StorageAdapter`.
///
/// Futures are not required to be `Send`: the browser's IndexedDB futures are not, and every
/// caller (a tab, later a worker) runs them on one thread, hence the allowed lint.
#[allow(async_fn_in_trait)]
pub trait StorageAdapter {
    type Error: std::fmt::Debug + std::fmt::Display;

    async fn load(&self, key: &ChunkKey) -> Result<Option<Vec<u8>>, Self::Error>;

    /// Stores `bytes` under `key`, replacing what was there. Returns only once the write is
    /// durable: "saved" is shown on the strength of it (R8.1).
    async fn save(&self, key: &ChunkKey, bytes: &[u8]) -> Result<(), Self::Error>;

    /// Removing a key that is not there is not an error (another tab may have compacted it).
    async fn remove(&self, key: &ChunkKey) -> Result<(), Self::Error>;

    /// Every chunk under `prefix`, read as one consistent state of the store.
    async fn load_range(&self, prefix: &KeyPrefix) -> Result<Vec<Chunk>, Self::Error>;

    async fn remove_range(&self, prefix: &KeyPrefix) -> Result<(), Self::Error>;

    /// Writes `snapshot`, then removes `replaced` (never the snapshot's own key, which the same
    /// bytes may already occupy). The order is what makes it safe without a lock: until the
    /// snapshot is durable nothing is removed, and a failure midway leaves only redundant
    /// chunks. An adapter with transactions may do both at once (IndexedDB does).
    async fn compact(&self, snapshot: &Chunk, replaced: &[ChunkKey]) -> Result<(), Self::Error> {
        self.save(&snapshot.key, &snapshot.bytes).await?;
        for key in replaced.iter().filter(|k| **k != snapshot.key) {
            self.remove(key).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_bytes_get_the_same_key_and_other_bytes_another() {
        let a = ChunkKey::for_bytes("d", ChunkKind::Incremental, b"abc");
        let b = ChunkKey::for_bytes("d", ChunkKind::Incremental, b"abc");
        let c = ChunkKey::for_bytes("d", ChunkKind::Incremental, b"abd");
        assert_eq!(a, b);
        assert_ne!(a.chunk_id, c.chunk_id);
        // SHA-256("abc"), the FIPS 180-2 test vector.
        assert_eq!(
            a.chunk_id,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn prefixes_match_by_document_and_kind() {
        let k = ChunkKey::for_bytes("d", ChunkKind::Snapshot, b"x");
        assert!(k.starts_with(&KeyPrefix::doc("d")));
        assert!(k.starts_with(&KeyPrefix::kind("d", ChunkKind::Snapshot)));
        assert!(!k.starts_with(&KeyPrefix::kind("d", ChunkKind::Incremental)));
        assert!(!k.starts_with(&KeyPrefix::doc("d2")));
        assert_eq!(
            ChunkKind::parse(ChunkKind::Incremental.as_str()),
            Some(ChunkKind::Incremental)
        );
        assert_eq!(ChunkKind::parse("other"), None);
    }
}
