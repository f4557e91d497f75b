//! Hard limits applied on every read (R7.5). They are generous for real use and small enough
//! that a hostile file cannot make the browser allocate or compute without bound. Writers
//! enforce the same limits, so everything Rapport writes, Rapport can read back.

/// Largest sync file accepted, whole file. A 1:1 series with years of notes is a few MiB of
/// Automerge bytes; 32 MiB leaves ample room.
pub const MAX_SYNC_FILE_BYTES: usize = 32 * 1024 * 1024;
/// Largest encrypted backup accepted (R8.2): every document of a large team.
pub const MAX_BACKUP_FILE_BYTES: usize = 256 * 1024 * 1024;
/// Largest signed inner header of a sync file (JSON).
pub const MAX_HEADER_BYTES: usize = 64 * 1024;
/// Largest contact card in its text form (the real size is about 230 characters).
pub const MAX_CONTACT_TEXT_BYTES: usize = 2048;
/// Ids (person ids, document ids) are UUIDs or similar; bytes of UTF-8.
pub const MAX_ID_BYTES: usize = 128;
/// A person's display name, bytes of UTF-8.
pub const MAX_NAME_BYTES: usize = 200;
/// A document title, bytes of UTF-8.
pub const MAX_TITLE_BYTES: usize = 500;
/// Heads of an Automerge document: normally one or two, more only after concurrent edits.
pub const MAX_HEADS: usize = 256;
/// Recipients of one team sync file (`SealTo::Team`): a team of up to 50 members, with room.
/// Bounds the X25519 work and the cleartext a reader walks before it can decrypt anything.
pub const MAX_RECIPIENTS: usize = 64;
/// Documents in one backup.
pub const MAX_BACKUP_ENTRIES: usize = 100_000;

/// Caps on what an Automerge payload may expand to once read (R7.5), checked by
/// `docs::bounds::check` before Automerge sees the bytes: compressed chunks and deflated
/// columns inflate up to ~1000×, and one run-length-encoded run of a few bytes can claim a
/// billion operations, so the file-size limit alone does not bound memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayloadLimits {
    /// Bytes after inflating every compressed part.
    pub max_expanded_bytes: usize,
    /// Changes (edits as committed, one per keystroke batch).
    pub max_changes: u64,
    /// Operations (a typed character is one).
    pub max_ops: u64,
}

impl PayloadLimits {
    /// For the payload of one sync file (one shared document). A year of biweekly 1:1s is
    /// ~1,400 changes and ~50,000 characters (operations) of notes (docs/SYNC_SIZES.md); these
    /// caps leave room for decades of that while keeping what a hostile file can make a
    /// browser tab hold to a few hundred MiB (Automerge keeps ~100 bytes per operation).
    pub const SYNC: PayloadLimits = PayloadLimits {
        max_expanded_bytes: 64 * 1024 * 1024,
        max_changes: 500_000,
        max_ops: 3_000_000,
    };
    /// For one document of a backup (R8.2), the private workspace included: a large team's
    /// years of check-ins, notes and history.
    pub const BACKUP_DOCUMENT: PayloadLimits = PayloadLimits {
        max_expanded_bytes: 128 * 1024 * 1024,
        max_changes: 1_000_000,
        max_ops: 6_000_000,
    };
}
