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

/// Argon2id(passphrase, salt) followed by HKDF with a label, so the same passphrase and salt
/// can never yield the same key for a sync file and for a backup (domain separation).
/// Returns `None` for parameters outside [`Argon2Params::is_acceptable`].
pub(crate) fn passphrase_key(
    passphrase: &str,
    salt: &[u8; 16],
    params: Argon2Params,
    label: &[u8],
) -> Option<Zeroizing<[u8; 32]>> {
    if !params.is_acceptable() {
        return None;
    }
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.argon2_params()?);
    let mut stretched = Zeroizing::new([0u8; 32]);
    // NFC first, so the same words typed on two systems derive the same key.
    let normalized = super::passphrase::normalize(passphrase);
    argon
        .hash_password_into(normalized.as_bytes(), salt, stretched.as_mut())
        .ok()?;
    hkdf_key(None, stretched.as_ref(), label)
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
