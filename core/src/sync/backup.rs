//! Encrypted backup of every document to one file, and restore (R8.2).
//!
//! A passphrase (Argon2id) protects the file with XChaCha20-Poly1305; the cleartext part is
//! the AEAD's associated data, so any changed byte is detected. There is no signature: only
//! the person who knows the passphrase makes and restores backups. Layout in
//! docs/SYNC_FORMAT.md.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand_core::CryptoRngCore;
use zeroize::Zeroizing;

use super::kdf::{derive_keys, new_passphrase_key, Argon2Params, KdfPurpose, PassphraseKey};
use super::limits::{MAX_BACKUP_ENTRIES, MAX_BACKUP_FILE_BYTES, MAX_ID_BYTES};
use super::wire::{put_u16_prefixed, put_u32_prefixed, Reader};
use crate::docs::DocKind;

/// First bytes of every backup file.
pub const BACKUP_MAGIC: &[u8; 15] = b"RAPPORT-BACKUP\0";
/// Format version written by this code. Version 2 adds the identity's secret keys after the
/// documents (they no longer live inside the workspace document, issue 8); version 1 files
/// are still read (their keys, if any, are inside the workspace document).
pub const BACKUP_FORMAT_VERSION: u16 = 2;
/// Length of `Identity::to_secret_bytes` (Ed25519 seed + X25519 secret).
pub const IDENTITY_SECRET_BYTES: usize = 64;
const AEAD_TAG_BYTES: usize = 16;

/// One stored document: its id, kind and full Automerge bytes (`doc.save()`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupEntry {
    pub doc_id: String,
    pub kind: DocKind,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("The file is empty. Pick the backup file again; if it is empty too, the backup was not saved completely.")]
    Empty,
    #[error("This is not a Rapport backup. Check that you picked the right file: backups end in .rapport-backup.")]
    NotABackup,
    #[error("The backup is incomplete: it was cut short, for example by an interrupted copy. Use another copy of the backup.")]
    Truncated,
    #[error("This backup was made by a newer version of Rapport (format {found}). Update Rapport, then restore it again.")]
    NewerVersion { found: u16 },
    #[error("The file is larger than a backup can be ({limit} bytes), so it was not read.")]
    TooLarge { limit: usize },
    #[error("The passphrase is wrong, or the backup was damaged or altered; an encrypted file cannot tell these two apart. Check the passphrase; if it is right, use another copy of the backup.")]
    WrongPassphraseOrDamaged,
    #[error("The backup is damaged or was altered, so nothing was restored. Use another copy of the backup.")]
    Damaged,
    #[error("The backup contains a kind of document this version of Rapport does not know ({kind}). Update Rapport, then restore it again.")]
    UnknownDocKind { kind: String },
    #[error("Choose a passphrase first; an empty passphrase would not protect the backup.")]
    EmptyPassphrase,
    #[error(
        "The passphrase strength settings are out of range (at most 64 MiB, 8 passes, 4 lanes)."
    )]
    UnacceptableParams,
    #[error("A document cannot be backed up ({reason}).")]
    InvalidEntry { reason: String },
}

/// Encrypts all `entries` into one backup file (no identity keys).
pub fn seal_backup(
    entries: &[BackupEntry],
    passphrase: &str,
    params: Argon2Params,
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, BackupError> {
    seal_backup_with_keys(entries, None, passphrase, params, rng)
}

/// Encrypts all `entries` and, explicitly, the identity's secret keys (64 bytes,
/// `Identity::to_secret_bytes`) into one backup file.
pub fn seal_backup_with_keys(
    entries: &[BackupEntry],
    identity_secret: Option<&[u8]>,
    passphrase: &str,
    params: Argon2Params,
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, BackupError> {
    if passphrase.is_empty() {
        return Err(BackupError::EmptyPassphrase);
    }
    let key = new_passphrase_key(passphrase, params, KdfPurpose::Backup, rng)
        .ok_or(BackupError::UnacceptableParams)?;
    seal_backup_derived(entries, identity_secret, &key, rng)
}

/// [`seal_backup_with_keys`] with the key already derived ([`super::kdf::sealing_key`],
/// purpose [`KdfPurpose::Backup`]): the app derives it in its passphrase worker, so the page
/// never freezes for Argon2id.
pub fn seal_backup_derived(
    entries: &[BackupEntry],
    identity_secret: Option<&[u8]>,
    key: &PassphraseKey,
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, BackupError> {
    if !key.params.is_acceptable() {
        return Err(BackupError::UnacceptableParams);
    }
    if identity_secret.is_some_and(|k| k.len() != IDENTITY_SECRET_BYTES) {
        return Err(BackupError::InvalidEntry {
            reason: "identity keys must be 64 bytes".into(),
        });
    }
    if entries.len() > MAX_BACKUP_ENTRIES {
        return Err(BackupError::InvalidEntry {
            reason: format!("more than {MAX_BACKUP_ENTRIES} documents"),
        });
    }
    let too_large = BackupError::TooLarge {
        limit: MAX_BACKUP_FILE_BYTES,
    };
    let mut plaintext = Zeroizing::new(Vec::new());
    let count = u32::try_from(entries.len()).map_err(|_| too_large.clone())?;
    plaintext.extend_from_slice(&count.to_be_bytes());
    for entry in entries {
        if entry.doc_id.is_empty() || entry.doc_id.len() > MAX_ID_BYTES {
            return Err(BackupError::InvalidEntry {
                reason: format!("document id must be 1 to {MAX_ID_BYTES} bytes"),
            });
        }
        put_u16_prefixed(&mut plaintext, entry.doc_id.as_bytes()).ok_or(too_large.clone())?;
        put_u16_prefixed(&mut plaintext, entry.kind.as_str().as_bytes())
            .ok_or(too_large.clone())?;
        put_u32_prefixed(&mut plaintext, &entry.bytes).ok_or(too_large.clone())?;
        // Stop early rather than build a huge buffer that could never be restored.
        if plaintext.len() > MAX_BACKUP_FILE_BYTES {
            return Err(too_large);
        }
    }
    // Version 2: `u16 len (0 or 64) | identity secret`.
    put_u16_prefixed(&mut plaintext, identity_secret.unwrap_or(&[])).ok_or(too_large.clone())?;

    let (salt, params) = (key.salt, key.params);
    let mut nonce = [0u8; 24];
    rng.fill_bytes(&mut nonce);

    let ciphertext_len = plaintext.len() + AEAD_TAG_BYTES;
    let mut cleartext = BACKUP_MAGIC.to_vec();
    cleartext.extend_from_slice(&BACKUP_FORMAT_VERSION.to_be_bytes());
    cleartext.extend_from_slice(&salt);
    cleartext.extend_from_slice(&params.m_kib.to_be_bytes());
    cleartext.extend_from_slice(&params.t.to_be_bytes());
    cleartext.extend_from_slice(&params.p.to_be_bytes());
    cleartext.extend_from_slice(&nonce);
    if cleartext.len() + 4 + ciphertext_len > MAX_BACKUP_FILE_BYTES {
        return Err(too_large);
    }
    let ciphertext_len_u32 = u32::try_from(ciphertext_len).map_err(|_| too_large.clone())?;
    cleartext.extend_from_slice(&ciphertext_len_u32.to_be_bytes());

    let cipher = XChaCha20Poly1305::new(key.key.as_ref().into());
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &plaintext,
                aad: &cleartext,
            },
        )
        .map_err(|_| too_large)?;
    let mut out = cleartext;
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

/// Decrypts a backup. Nothing is restored here; the caller replaces its stores only after this
/// returns `Ok`, so a refused backup leaves current data untouched.
pub fn open_backup(bytes: &[u8], passphrase: &str) -> Result<Vec<BackupEntry>, BackupError> {
    open_backup_with_keys(bytes, passphrase).map(|(entries, _)| entries)
}

/// Identity secret keys carried by a backup (version 2), wiped from memory when dropped.
pub type BackupKeys = Option<Zeroizing<Vec<u8>>>;

/// [`open_backup`], also returning the identity's secret keys a version 2 backup carries.
pub fn open_backup_with_keys(
    bytes: &[u8],
    passphrase: &str,
) -> Result<(Vec<BackupEntry>, BackupKeys), BackupError> {
    let outer = parse_outer(bytes)?;
    if passphrase.is_empty() {
        return Err(BackupError::EmptyPassphrase);
    }
    let keys = derive_keys(passphrase, &outer.salt, outer.params, KdfPurpose::Backup);
    open_backup_unlocked(bytes, &keys)
}

/// The salt and cost a backup's key was derived with, read from its cleartext part: what the
/// passphrase worker needs ([`super::kdf::derive_keys`], purpose [`KdfPurpose::Backup`]).
/// Refuses what is not a complete backup of a version this build reads.
pub fn backup_kdf(bytes: &[u8]) -> Result<([u8; 16], Argon2Params), BackupError> {
    parse_outer(bytes).map(|o| (o.salt, o.params))
}

/// [`open_backup_with_keys`] with the passphrase's candidate keys already derived (the NFC
/// form first; see [`super::kdf::derive_keys`]).
pub fn open_backup_unlocked(
    bytes: &[u8],
    keys: &[Zeroizing<[u8; 32]>],
) -> Result<(Vec<BackupEntry>, BackupKeys), BackupError> {
    let BackupOuter {
        version,
        nonce,
        cleartext,
        ciphertext,
        ..
    } = parse_outer(bytes)?;
    if keys.is_empty() {
        return Err(BackupError::Damaged);
    }
    let plaintext = keys
        .iter()
        .find_map(|key| {
            XChaCha20Poly1305::new(key.as_ref().into())
                .decrypt(
                    XNonce::from_slice(&nonce),
                    Payload {
                        msg: ciphertext,
                        aad: cleartext,
                    },
                )
                .ok()
        })
        .map(Zeroizing::new)
        .ok_or(BackupError::WrongPassphraseOrDamaged)?;
    read_body(&plaintext, version)
}

/// The cleartext part of a backup: everything needed before a key exists.
struct BackupOuter<'a> {
    version: u16,
    salt: [u8; 16],
    params: Argon2Params,
    nonce: [u8; 24],
    cleartext: &'a [u8],
    ciphertext: &'a [u8],
}

fn parse_outer(bytes: &[u8]) -> Result<BackupOuter<'_>, BackupError> {
    if bytes.is_empty() {
        return Err(BackupError::Empty);
    }
    if bytes.len() > MAX_BACKUP_FILE_BYTES {
        return Err(BackupError::TooLarge {
            limit: MAX_BACKUP_FILE_BYTES,
        });
    }
    let shown = bytes.len().min(BACKUP_MAGIC.len());
    if bytes.get(..shown) != BACKUP_MAGIC.get(..shown) {
        return Err(BackupError::NotABackup);
    }
    let mut r = Reader::new(bytes);
    r.take(BACKUP_MAGIC.len()).ok_or(BackupError::Truncated)?;
    let version = r.u16().ok_or(BackupError::Truncated)?;
    if version > BACKUP_FORMAT_VERSION {
        return Err(BackupError::NewerVersion { found: version });
    }
    if version == 0 {
        return Err(BackupError::Damaged);
    }
    let salt: [u8; 16] = r.array().ok_or(BackupError::Truncated)?;
    let params = Argon2Params {
        m_kib: r.u32().ok_or(BackupError::Truncated)?,
        t: r.u32().ok_or(BackupError::Truncated)?,
        p: r.u32().ok_or(BackupError::Truncated)?,
    };
    // Bounded before any work: a hostile file must not make us allocate GiBs.
    if !params.is_acceptable() {
        return Err(BackupError::Damaged);
    }
    let nonce: [u8; 24] = r.array().ok_or(BackupError::Truncated)?;
    let ciphertext_len = r.u32().ok_or(BackupError::Truncated)?;
    let ciphertext_len = usize::try_from(ciphertext_len).map_err(|_| BackupError::Damaged)?;
    let cleartext = bytes
        .get(..bytes.len() - r.remaining())
        .ok_or(BackupError::Truncated)?;
    if ciphertext_len < AEAD_TAG_BYTES + 4 {
        return Err(BackupError::Damaged);
    }
    let ciphertext = r.take(ciphertext_len).ok_or(BackupError::Truncated)?;
    if r.remaining() != 0 {
        return Err(BackupError::Damaged);
    }
    Ok(BackupOuter {
        version,
        salt,
        params,
        nonce,
        cleartext,
        ciphertext,
    })
}

/// Reads the decrypted body: the documents, then (version 2) the identity's secret keys.
fn read_body(
    plaintext: &[u8],
    version: u16,
) -> Result<(Vec<BackupEntry>, BackupKeys), BackupError> {
    // Authenticated by the AEAD, so a malformed body means a faulty writer; still parsed with
    // the same care as untrusted input.
    let mut r = Reader::new(plaintext);
    let count = r.u32().ok_or(BackupError::Damaged)?;
    let count = usize::try_from(count).map_err(|_| BackupError::Damaged)?;
    if count > MAX_BACKUP_ENTRIES {
        return Err(BackupError::Damaged);
    }
    let mut entries = Vec::new();
    for _ in 0..count {
        let id_len = usize::from(r.u16().ok_or(BackupError::Damaged)?);
        let doc_id = r.take(id_len).ok_or(BackupError::Damaged)?;
        let kind_len = usize::from(r.u16().ok_or(BackupError::Damaged)?);
        let kind = r.take(kind_len).ok_or(BackupError::Damaged)?;
        let len = usize::try_from(r.u32().ok_or(BackupError::Damaged)?)
            .map_err(|_| BackupError::Damaged)?;
        let doc_bytes = r.take(len).ok_or(BackupError::Damaged)?;
        let doc_id = std::str::from_utf8(doc_id).map_err(|_| BackupError::Damaged)?;
        if doc_id.is_empty() || doc_id.len() > MAX_ID_BYTES {
            return Err(BackupError::Damaged);
        }
        let kind = std::str::from_utf8(kind).map_err(|_| BackupError::Damaged)?;
        let kind = DocKind::parse(kind).ok_or_else(|| BackupError::UnknownDocKind {
            kind: kind.chars().take(40).collect(),
        })?;
        entries.push(BackupEntry {
            doc_id: doc_id.to_owned(),
            kind,
            bytes: doc_bytes.to_vec(),
        });
    }
    let keys = if version >= 2 {
        let len = usize::from(r.u16().ok_or(BackupError::Damaged)?);
        let k = r.take(len).ok_or(BackupError::Damaged)?;
        match len {
            0 => None,
            IDENTITY_SECRET_BYTES => Some(Zeroizing::new(k.to_vec())),
            _ => return Err(BackupError::Damaged),
        }
    } else {
        None
    };
    if r.remaining() != 0 {
        return Err(BackupError::Damaged);
    }
    Ok((entries, keys))
}
