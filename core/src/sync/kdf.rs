//! Key derivation for sync files and backups (passphrases are NFC-normalised first, see
//! `sync::passphrase`). Only reviewed constructions from RustCrypto:
//! Argon2id for passphrases, X25519 + HKDF-SHA256 for keys (shaped like age's X25519
//! recipient stanza), never anything home-made.

use argon2::{Algorithm, Argon2, Params, Version};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

/// Cost parameters of Argon2id, stored in cleartext in passphrase-protected files so the reader
/// can derive the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argon2Params {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Iterations.
    pub t: u32,
    /// Parallelism (lanes).
    pub p: u32,
}

impl Argon2Params {
    /// What this version writes: 64 MiB, 3 passes, 1 lane (RFC 9106's second recommended
    /// option). Backups keep every key and private note for years, so each offline guess must
    /// cost an attacker real memory and time; in the browser this takes about a second, which
    /// the app spends in a Web Worker so the page never freezes.
    pub const DEFAULT: Argon2Params = Argon2Params {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };

    /// What versions before 64 MiB wrote (OWASP's minimum, 19 MiB and 2 passes). Files carry
    /// their parameters, so these still open; kept to test exactly that.
    pub const LEGACY_V1: Argon2Params = Argon2Params {
        m_kib: 19_456,
        t: 2,
        p: 1,
    };

    /// Largest memory a file may ask for. A hostile file must not make us allocate GiBs; 64 MiB
    /// is still fine in a browser tab.
    pub const MAX_M_KIB: u32 = 64 * 1024;
    /// Largest iteration count a file may ask for (bounds CPU time together with memory).
    pub const MAX_T: u32 = 8;
    /// Largest parallelism a file may ask for; WebAssembly runs lanes one after another anyway.
    pub const MAX_P: u32 = 4;

    /// Whether these parameters are within what we agree to compute (bounded on read so a
    /// hostile file cannot exhaust memory or CPU) and valid for Argon2 at all.
    pub fn is_acceptable(self) -> bool {
        self.m_kib <= Self::MAX_M_KIB
            && self.t <= Self::MAX_T
            && self.p <= Self::MAX_P
            && self.argon2_params().is_some()
    }

    fn argon2_params(self) -> Option<Params> {
        Params::new(self.m_kib, self.t, self.p, Some(32)).ok()
    }
}

impl Default for Argon2Params {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// What a passphrase key protects. The label goes into HKDF, so the same passphrase and salt
/// can never yield the same key for a sync file and for a backup (domain separation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KdfPurpose {
    SyncFile,
    Backup,
}

impl KdfPurpose {
    fn label(self) -> &'static [u8] {
        match self {
            KdfPurpose::SyncFile => b"rapport-sync-v1 passphrase",
            KdfPurpose::Backup => b"rapport-backup-v1 passphrase",
        }
    }
}

/// A key derived from a passphrase, with the salt and cost it was derived with (they are
/// written in the file's cleartext part). Deriving is the slow part (Argon2id at 64 MiB), so
/// the app derives in its passphrase worker and seals or opens with the result on the page.
#[derive(Clone)]
pub struct PassphraseKey {
    pub salt: [u8; 16],
    pub params: Argon2Params,
    pub key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for PassphraseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassphraseKey")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

/// The keys a passphrase may have sealed a file with, the one to seal with first: Argon2id over
/// the NFC form (what this version writes, so the same words typed on two systems open the
/// same file), then, only when it differs, over the passphrase exactly as typed (what versions
/// before normalisation wrote, so their files still open). Empty for parameters outside
/// [`Argon2Params::is_acceptable`].
pub fn derive_keys(
    passphrase: &str,
    salt: &[u8; 16],
    params: Argon2Params,
    purpose: KdfPurpose,
) -> Vec<Zeroizing<[u8; 32]>> {
    let normalized = super::passphrase::normalize(passphrase);
    let mut keys: Vec<_> = stretch(normalized.as_str(), salt, params, purpose)
        .into_iter()
        .collect();
    if normalized.as_str() != passphrase {
        keys.extend(stretch(passphrase, salt, params, purpose));
    }
    keys
}

/// Argon2id(passphrase, salt) followed by HKDF with the purpose's label, on the bytes given
/// (no normalisation here; see [`derive_keys`]). `None` for parameters outside
/// [`Argon2Params::is_acceptable`].
fn stretch(
    passphrase: &str,
    salt: &[u8; 16],
    params: Argon2Params,
    purpose: KdfPurpose,
) -> Option<Zeroizing<[u8; 32]>> {
    if !params.is_acceptable() {
        return None;
    }
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.argon2_params()?);
    let mut stretched = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, stretched.as_mut())
        .ok()?;
    hkdf_key(None, stretched.as_ref(), purpose.label())
}

/// The key to seal a new file with: a fresh salt, the NFC form of `passphrase`.
pub fn new_passphrase_key(
    passphrase: &str,
    params: Argon2Params,
    purpose: KdfPurpose,
    rng: &mut impl rand_core::CryptoRngCore,
) -> Option<PassphraseKey> {
    let mut salt = [0u8; 16];
    rng.fill_bytes(&mut salt);
    sealing_key(passphrase, salt, params, purpose)
}

/// The key to seal with, for a salt chosen by the caller (the page picks it, the worker
/// derives).
pub fn sealing_key(
    passphrase: &str,
    salt: [u8; 16],
    params: Argon2Params,
    purpose: KdfPurpose,
) -> Option<PassphraseKey> {
    let normalized = super::passphrase::normalize(passphrase);
    let key = stretch(normalized.as_str(), &salt, params, purpose)?;
    Some(PassphraseKey { salt, params, key })
}

/// HKDF-SHA256 to a 32-byte key.
pub(crate) fn hkdf_key(
    salt: Option<&[u8]>,
    ikm: &[u8],
    info: &[u8],
) -> Option<Zeroizing<[u8; 32]>> {
    let mut key = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(salt, ikm)
        .expand(info, key.as_mut())
        .ok()?;
    Some(key)
}
