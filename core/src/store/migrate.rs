//! Chunks written before content addressing.
//!
//! Releases up to this one stored chunks under a random uuid (`[doc, kind, "3f2a…-…"]`). They
//! keep loading without any migration step: a document is loaded by its key prefix, whatever
//! the chunk ids, and Automerge does not care which key bytes came from.
//!
//! Decision: old keys are not rewritten eagerly. They are left in place until the next
//! compaction of their document, which replaces them like any known chunk (a snapshot under a
//! content-addressed key, the old keys removed). Rewriting at start-up would cost a write of
//! every document on the first start of a new release, and could race a tab still running the
//! old release, for no gain: both kinds of key load the same. A chunk an old-release tab writes
//! after we loaded is unknown to us, so our compaction leaves it, as it leaves any chunk it has
//! not read (tested in `core/tests/store.rs`).

/// How a chunk id was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkIdStyle {
    /// Lowercase hex SHA-256 of the bytes (this release on).
    ContentAddressed,
    /// Anything else: a uuid from an earlier release.
    Legacy,
}

pub fn chunk_id_style(chunk_id: &str) -> ChunkIdStyle {
    if chunk_id.len() == 64
        && chunk_id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        ChunkIdStyle::ContentAddressed
    } else {
        ChunkIdStyle::Legacy
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::chunk_id;

    #[test]
    fn uuids_are_legacy_and_hashes_are_not() {
        assert_eq!(
            chunk_id_style("0b3c1c9e-5d0e-4f7a-9a41-1f0c3c0f7f10"),
            ChunkIdStyle::Legacy
        );
        assert_eq!(
            chunk_id_style(&chunk_id(b"bytes")),
            ChunkIdStyle::ContentAddressed
        );
        assert_eq!(
            chunk_id_style(&chunk_id(b"bytes").to_uppercase()),
            ChunkIdStyle::Legacy
        );
    }
}
