//! A person's keys and the public contact card other people import (R7.4).
//!
//! Each person has one [`Identity`]: an Ed25519 signing key (authenticity of the files they
//! send) and an X25519 key (confidentiality of the files sent to them). Its public half is the
//! [`ContactCard`], which is self-signed so that the name or person id on it cannot be swapped
//! without breaking the signature. People compare the card's [`ContactCard::fingerprint`] out
//! of band (by voice, in person) once; after that the keys authenticate every sync file.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand_core::CryptoRngCore;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use x25519_dalek::{PublicKey, SharedSecret, StaticSecret};
use zeroize::Zeroizing;

use super::limits::{MAX_CONTACT_TEXT_BYTES, MAX_ID_BYTES, MAX_NAME_BYTES};
use super::wire::{is_safe_display_text, put_u16_prefixed, Reader};

/// Prefix of a contact card's text form; the number after it is the card format version.
pub const CONTACT_TEXT_PREFIX: &str = "rapport-contact:";
/// Current contact card format version.
pub const CONTACT_VERSION: u32 = 1;
/// Domain separation for the card's self-signature: a card signature can never be mistaken
/// for a sync-file signature or vice versa.
const CARD_SIGNATURE_CONTEXT: &[u8] = b"rapport-contact-v1\0";
const FINGERPRINT_CONTEXT: &[u8] = b"rapport-fingerprint-v1\0";
/// Bytes of SHA-256 kept in a fingerprint: 80 bits, enough that nobody can make a second key
/// pair with the same fingerprint, short enough to read aloud.
pub const FINGERPRINT_BYTES: usize = 10;

/// Why a contact card or identity was refused. Messages are shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    #[error("This is not a Rapport contact card. Ask the person to copy their card again from Rapport's \"My contact card\" screen.")]
    NotAContactCard,
    #[error("This contact card was made by a newer version of Rapport (card format {found}). Update Rapport, then import it again.")]
    NewerFormat { found: u32 },
    #[error("This contact card is too long to be genuine (limit {limit} bytes). Ask the person to copy their card again.")]
    TooLarge { limit: usize },
    #[error("This contact card is incomplete or damaged ({reason}). Ask the person to copy it again, in full.")]
    Malformed { reason: &'static str },
    #[error("This contact card was altered: its name, id or keys do not match its signature. Do not use it; ask the person for their card again over a channel you trust.")]
    BadSelfSignature,
    #[error("The name or id is not allowed on a contact card ({reason}).")]
    InvalidField { reason: &'static str },
    #[error(
        "The stored identity keys are damaged (expected 64 bytes). Restore them from a backup."
    )]
    BadSecretBytes,
}

/// The secret keys of the person using this copy of Rapport. The app stores
/// [`Identity::to_secret_bytes`] in their own IndexedDB record (see THREAT_MODEL.md: unencrypted at
/// rest in IndexedDB). Both keys are wiped from memory when the value is dropped (the dalek
/// types zeroize themselves on drop), and `Debug` prints only the public fingerprint.
pub struct Identity {
    signing: SigningKey,
    encryption: StaticSecret,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

/// Both fields wipe themselves on drop; this marker lets callers require it in their types.
impl zeroize::ZeroizeOnDrop for Identity {}

impl Identity {
    /// New random keys. The caller supplies the RNG (the browser's `crypto.getRandomValues`
    /// in the app) so this crate never needs an OS RNG of its own.
    pub fn generate(rng: &mut impl CryptoRngCore) -> Identity {
        Identity {
            signing: SigningKey::generate(rng),
            encryption: StaticSecret::random_from_rng(rng),
        }
    }

    /// Ed25519 seed (32 bytes) followed by the X25519 secret (32 bytes).
    pub fn to_secret_bytes(&self) -> Zeroizing<[u8; 64]> {
        let mut out = Zeroizing::new([0u8; 64]);
        let (sign, enc) = out.split_at_mut(32);
        sign.copy_from_slice(&self.signing.to_bytes());
        enc.copy_from_slice(Zeroizing::new(self.encryption.to_bytes()).as_ref());
        out
    }

    /// Inverse of [`Identity::to_secret_bytes`].
    pub fn from_secret_bytes(bytes: &[u8]) -> Result<Identity, ContactError> {
        let bytes: &[u8; 64] = bytes.try_into().map_err(|_| ContactError::BadSecretBytes)?;
        let (sign, enc) = bytes.split_at(32);
        let sign: Zeroizing<[u8; 32]> =
            Zeroizing::new(sign.try_into().map_err(|_| ContactError::BadSecretBytes)?);
        let enc: Zeroizing<[u8; 32]> =
            Zeroizing::new(enc.try_into().map_err(|_| ContactError::BadSecretBytes)?);
        Ok(Identity {
            signing: SigningKey::from_bytes(&sign),
            encryption: StaticSecret::from(*enc),
        })
    }

    pub fn signing_public(&self) -> [u8; 32] {
        self.signing.verifying_key().to_bytes()
    }

    pub fn encryption_public(&self) -> [u8; 32] {
        PublicKey::from(&self.encryption).to_bytes()
    }

    /// Same value as the fingerprint of this identity's contact card.
    pub fn fingerprint(&self) -> String {
        format_fingerprint(&fingerprint_bytes(
            &self.signing_public(),
            &self.encryption_public(),
        ))
    }

    pub(crate) fn fingerprint_bytes(&self) -> [u8; FINGERPRINT_BYTES] {
        fingerprint_bytes(&self.signing_public(), &self.encryption_public())
    }

    /// The self-signed public card to give to other people.
    pub fn public(&self, person_id: &str, name: &str) -> Result<ContactCard, ContactError> {
        check_fields(person_id, name)?;
        let mut card = ContactCard {
            person_id: person_id.to_owned(),
            name: name.to_owned(),
            signing_key: self.signing_public(),
            encryption_key: self.encryption_public(),
            self_signature: [0; 64],
        };
        let message = card
            .signed_message()
            .ok_or(ContactError::InvalidField { reason: "too long" })?;
        card.self_signature = self.sign(&message);
        Ok(card)
    }

    /// Self-signs `card` with this identity's key, whatever its other fields hold: tests of
    /// refusals need genuinely signed cards carrying keys no real identity has.
    #[cfg(test)]
    pub(crate) fn resign(&self, card: &mut ContactCard) {
        card.signing_key = self.signing_public();
        let message = card.signed_message().expect("short fields");
        card.self_signature = self.sign(&message);
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    pub(crate) fn diffie_hellman(&self, their_public: &[u8; 32]) -> SharedSecret {
        self.encryption
            .diffie_hellman(&PublicKey::from(*their_public))
    }
}

/// Someone's public keys with their person id and display name, self-signed. Construct it with
/// [`Identity::public`] or one of the parsing functions, which verify the self-signature; a
/// card assembled by hand is only trusted after [`ContactCard::verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactCard {
    pub person_id: String,
    pub name: String,
    /// Ed25519 public key.
    pub signing_key: [u8; 32],
    /// X25519 public key.
    pub encryption_key: [u8; 32],
    /// Ed25519 signature by `signing_key` over the fields above.
    pub self_signature: [u8; 64],
}

impl ContactCard {
    /// Short, human-comparable fingerprint of the two public keys (not of the name: a person
    /// may be renamed, their keys may not). Format: SHA-256("rapport-fingerprint-v1\0" ||
    /// signing_key || encryption_key), first 10 bytes, as 5 groups of 4 uppercase hex digits,
    /// e.g. `3F2A-9C01-77B4-E0D2-51AF`. Hex because digits and A–F are easy to read aloud.
    pub fn fingerprint(&self) -> String {
        format_fingerprint(&self.fingerprint_bytes())
    }

    pub(crate) fn fingerprint_bytes(&self) -> [u8; FINGERPRINT_BYTES] {
        fingerprint_bytes(&self.signing_key, &self.encryption_key)
    }

    /// Whether both public keys are the same as on `other` (the name may differ).
    pub fn same_keys(&self, other: &ContactCard) -> bool {
        self.signing_key == other.signing_key && self.encryption_key == other.encryption_key
    }

    /// Checks field limits and the self-signature.
    pub fn verify(&self) -> Result<(), ContactError> {
        check_fields(&self.person_id, &self.name)?;
        let key = verifying_key(&self.signing_key).ok_or(ContactError::BadSelfSignature)?;
        let message = self
            .signed_message()
            .ok_or(ContactError::InvalidField { reason: "too long" })?;
        key.verify_strict(&message, &Signature::from_bytes(&self.self_signature))
            .map_err(|_| ContactError::BadSelfSignature)
    }

    /// One copyable line: `rapport-contact:1:<base64url of the binary card>`.
    pub fn to_text(&self) -> String {
        format!(
            "{CONTACT_TEXT_PREFIX}{CONTACT_VERSION}:{}",
            URL_SAFE_NO_PAD.encode(self.to_binary())
        )
    }

    /// Parses and verifies a card's text form. Surrounding whitespace (from copy and paste) is
    /// ignored.
    pub fn from_text(text: &str) -> Result<ContactCard, ContactError> {
        if text.len() > MAX_CONTACT_TEXT_BYTES {
            return Err(ContactError::TooLarge {
                limit: MAX_CONTACT_TEXT_BYTES,
            });
        }
        let text = text.trim();
        let rest = text
            .strip_prefix(CONTACT_TEXT_PREFIX)
            .ok_or(ContactError::NotAContactCard)?;
        let (version, body) = rest.split_once(':').ok_or(ContactError::Malformed {
            reason: "no version",
        })?;
        let version: u32 = version.parse().map_err(|_| ContactError::Malformed {
            reason: "bad version",
        })?;
        if version > CONTACT_VERSION {
            return Err(ContactError::NewerFormat { found: version });
        }
        if version != CONTACT_VERSION {
            return Err(ContactError::Malformed {
                reason: "unknown version",
            });
        }
        let binary = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| ContactError::Malformed {
                reason: "not base64url",
            })?;
        let card = Self::from_binary(&binary)?;
        card.verify()?;
        Ok(card)
    }

    /// A card saved as a file is its text form plus a newline, so it can be opened in any text
    /// editor and pasted instead.
    pub fn to_file_bytes(&self) -> Vec<u8> {
        let mut text = self.to_text();
        text.push('\n');
        text.into_bytes()
    }

    pub fn from_file_bytes(bytes: &[u8]) -> Result<ContactCard, ContactError> {
        if bytes.len() > MAX_CONTACT_TEXT_BYTES {
            return Err(ContactError::TooLarge {
                limit: MAX_CONTACT_TEXT_BYTES,
            });
        }
        let text = std::str::from_utf8(bytes).map_err(|_| ContactError::NotAContactCard)?;
        Self::from_text(text)
    }

    /// `u16 id_len | id | u16 name_len | name | signing_key | encryption_key`, the part the
    /// self-signature covers.
    fn body(&self) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(4 + self.person_id.len() + self.name.len() + 64);
        put_u16_prefixed(&mut out, self.person_id.as_bytes())?;
        put_u16_prefixed(&mut out, self.name.as_bytes())?;
        out.extend_from_slice(&self.signing_key);
        out.extend_from_slice(&self.encryption_key);
        Some(out)
    }

    fn signed_message(&self) -> Option<Vec<u8>> {
        let mut message = CARD_SIGNATURE_CONTEXT.to_vec();
        message.extend_from_slice(&self.body()?);
        Some(message)
    }

    fn to_binary(&self) -> Vec<u8> {
        // Fields of a card that exists were length-checked when it was made or parsed; a card
        // built by hand with a > 64 KiB name encodes as empty and then fails to parse.
        let mut out = self.body().unwrap_or_default();
        out.extend_from_slice(&self.self_signature);
        out
    }

    fn from_binary(bytes: &[u8]) -> Result<ContactCard, ContactError> {
        const SHORT: ContactError = ContactError::Malformed {
            reason: "cut short",
        };
        let mut r = Reader::new(bytes);
        let id_len = usize::from(r.u16().ok_or(SHORT)?);
        let id = r.take(id_len).ok_or(SHORT)?;
        let name_len = usize::from(r.u16().ok_or(SHORT)?);
        let name = r.take(name_len).ok_or(SHORT)?;
        let signing_key = r.array::<32>().ok_or(SHORT)?;
        let encryption_key = r.array::<32>().ok_or(SHORT)?;
        let self_signature = r.array::<64>().ok_or(SHORT)?;
        if r.remaining() != 0 {
            return Err(ContactError::Malformed {
                reason: "extra data at the end",
            });
        }
        let utf8 = |b: &[u8]| {
            String::from_utf8(b.to_vec()).map_err(|_| ContactError::Malformed {
                reason: "text is not UTF-8",
            })
        };
        Ok(ContactCard {
            person_id: utf8(id)?,
            name: utf8(name)?,
            signing_key,
            encryption_key,
            self_signature,
        })
    }
}

/// Cards travel inside sync-file headers in their text form, and deserializing verifies the
/// self-signature: a `ContactCard` obtained through serde is always a genuine one.
impl Serialize for ContactCard {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_text())
    }
}

impl<'de> Deserialize<'de> for ContactCard {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        ContactCard::from_text(&text).map_err(serde::de::Error::custom)
    }
}

fn check_fields(person_id: &str, name: &str) -> Result<(), ContactError> {
    if person_id.is_empty() || person_id.len() > MAX_ID_BYTES {
        return Err(ContactError::InvalidField {
            reason: "the person id must be 1 to 128 bytes",
        });
    }
    if !person_id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(ContactError::InvalidField {
            reason: "the person id may only hold letters, digits, '-' and '_'",
        });
    }
    if name.trim().is_empty() || name.len() > MAX_NAME_BYTES {
        return Err(ContactError::InvalidField {
            reason: "the name must be 1 to 200 bytes",
        });
    }
    if !is_safe_display_text(name) {
        return Err(ContactError::InvalidField {
            reason: "the name contains control or text-direction characters",
        });
    }
    Ok(())
}

/// A public key we accept for verifying: a valid curve point and not one of the small-order
/// ("weak") keys for which a signature could verify for many messages.
pub(crate) fn verifying_key(bytes: &[u8; 32]) -> Option<VerifyingKey> {
    let key = VerifyingKey::from_bytes(bytes).ok()?;
    (!key.is_weak()).then_some(key)
}

fn fingerprint_bytes(signing: &[u8; 32], encryption: &[u8; 32]) -> [u8; FINGERPRINT_BYTES] {
    let digest = Sha256::new()
        .chain_update(FINGERPRINT_CONTEXT)
        .chain_update(signing)
        .chain_update(encryption)
        .finalize();
    let mut out = [0u8; FINGERPRINT_BYTES];
    out.iter_mut().zip(digest.iter()).for_each(|(o, d)| *o = *d);
    out
}

pub(crate) fn format_fingerprint(bytes: &[u8; FINGERPRINT_BYTES]) -> String {
    bytes
        .chunks(2)
        .map(|pair| pair.iter().map(|b| format!("{b:02X}")).collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_key_types_wipe_themselves_on_drop() {
        fn assert_zeroize_on_drop<T: zeroize::ZeroizeOnDrop>() {}
        assert_zeroize_on_drop::<SigningKey>();
        // x25519-dalek 2 derives `Zeroize` with `#[zeroize(drop)]` (wipes in its Drop impl) but
        // does not implement the `ZeroizeOnDrop` marker; `Zeroize` is what we can check here.
        fn assert_zeroize<T: zeroize::Zeroize>() {}
        assert_zeroize::<StaticSecret>();
        assert_zeroize_on_drop::<Identity>();
    }
}
