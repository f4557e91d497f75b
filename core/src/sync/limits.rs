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
/// Documents in one backup.
pub const MAX_BACKUP_ENTRIES: usize = 100_000;
