//! Sync files, contact cards and encrypted backups: everything that leaves the device
//! (R7.4, R7.5, R8.2).
//!
//! - [`identity`]: a person's keys ([`Identity`]) and public [`ContactCard`].
//! - [`envelope`]: the signed and encrypted sync file ([`seal`], [`inspect`], [`open`]).
//! - [`backup`]: the passphrase-encrypted backup of all documents ([`seal_backup`],
//!   [`open_backup`]).
//! - [`replay`]: recognising imported files by their hash ([`SeenFiles`], [`file_key`]).
//!
//! All randomness comes from an `rng` parameter (the app passes one backed by the browser's
//! `crypto.getRandomValues`), so this crate needs no OS RNG and builds for wasm32 as is.
//! Formats: docs/SYNC_FORMAT.md; what is and is not protected: docs/THREAT_MODEL.md.

pub mod backup;
pub mod envelope;
pub mod error;
pub mod identity;
pub mod kdf;
pub mod limits;
pub mod passphrase;
pub mod replay;
mod wire;

pub use backup::{
    backup_kdf, open_backup, open_backup_unlocked, open_backup_with_keys, seal_backup,
    seal_backup_derived, seal_backup_with_keys, BackupEntry, BackupError, BackupKeys,
};
pub use envelope::{
    inspect, open, open_unlocked, seal, seal_with_params, Addressee, HeaderRecipient, Opened,
    Outer, Recipient, SealTo, SyncHeader, SyncHeaderDraft, TeamRecipient, TEAM_STANZA_BYTES,
};
pub use error::SyncError;
pub use identity::{ContactCard, ContactError, Identity};
pub use kdf::{derive_keys, sealing_key, Argon2Params, KdfPurpose, PassphraseKey};
pub use replay::{file_key, ImportNotice, SeenFiles};

/// A public key as lowercase hex (how the workspace records writers' keys).
pub fn hex_key(key: &[u8; 32]) -> String {
    wire::hex_encode(key)
}
