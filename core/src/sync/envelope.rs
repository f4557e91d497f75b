//! The sync-file format (R7.2–R7.5; byte layout in docs/SYNC_FORMAT.md).
//!
//! Sign-then-encrypt: the sender signs the cleartext part, the inner header (which names the
//! recipient) and the payload with Ed25519; the result is encrypted with XChaCha20-Poly1305
//! whose associated data is the whole cleartext part. Binding the recipient inside the
//! signature means a recipient cannot re-encrypt someone's signed file to a third person and
//! pass it off as addressed to them (surreptitious forwarding).
//!
//! The symmetric key comes either from the recipient's X25519 key (ephemeral-static
//! Diffie-Hellman, HKDF-SHA256 over both public keys, as in age's X25519 stanza) or, for a
//! first exchange before contact cards are known, from a passphrase (Argon2id).
//!
//! A team file ([`SealTo::Team`], mode 3) is one file for many recipients: a random file key
//! encrypts the body as above, and one stanza per recipient wraps that key for their X25519
//! key (again like age). The signed header lists every recipient, and the signature covers
//! every stanza, so no member can add, drop or swap a recipient without breaking it.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce, XChaCha20Poly1305, XNonce};
use ed25519_dalek::Signature;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};
use x25519_dalek::{EphemeralSecret, PublicKey};
use zeroize::Zeroizing;

use super::error::SyncError;
use super::identity::{
    format_fingerprint, verifying_key, ContactCard, ContactError, Identity, FINGERPRINT_BYTES,
};
use super::kdf::{derive_keys, hkdf_key, Argon2Params, KdfPurpose, PassphraseKey};
use super::limits::{
    MAX_HEADER_BYTES, MAX_HEADS, MAX_ID_BYTES, MAX_NAME_BYTES, MAX_RECIPIENTS, MAX_SYNC_FILE_BYTES,
    MAX_TITLE_BYTES,
};
use super::wire::{hex_decode, hex_encode, is_safe_display_text, put_u32_prefixed, Reader};
use crate::docs::DocKind;

/// First bytes of every sync file.
pub const SYNC_MAGIC: &[u8; 13] = b"RAPPORT-SYNC\0";
/// Format version written by this code; files with a larger number are refused with
/// [`SyncError::NewerFormat`].
pub const SYNC_FORMAT_VERSION: u16 = 1;

const MODE_KEY: u8 = 1;
const MODE_PASSPHRASE: u8 = 2;
/// A team file: one key-wrapping stanza per recipient. Readers before this mode refuse it as
/// altered ([`SyncError::Tampered`]): they know no mode 3 (docs/SYNC_FORMAT.md, "Team files").
const MODE_KEYS: u8 = 3;
const AEAD_TAG_BYTES: usize = 16;
const SIGNATURE_BYTES: usize = 64;
const SIGNATURE_CONTEXT: &[u8] = b"rapport-sync-v1 signature\0";
const KEY_MODE_LABEL: &[u8] = b"rapport-sync-v1 x25519";
/// HKDF label of a team stanza's wrapping key: distinct from [`KEY_MODE_LABEL`], so a key-mode
/// exchange and a team stanza can never yield the same key.
const TEAM_MODE_LABEL: &[u8] = b"rapport-sync-v1 x25519 team";
/// HKDF label of the file-key commitment written after the team stanzas.
const TEAM_COMMITMENT_LABEL: &[u8] = b"rapport-sync-v1 team key commitment";
/// Bytes of the file key wrapped for one recipient: the key and its Poly1305 tag.
const WRAPPED_KEY_BYTES: usize = 32 + AEAD_TAG_BYTES;
/// Bytes of one team stanza: fingerprint, ephemeral public key, wrapped file key.
pub const TEAM_STANZA_BYTES: usize = FINGERPRINT_BYTES + 32 + WRAPPED_KEY_BYTES;

/// What the caller knows when exporting a document; [`seal`] adds the file id, the sender's
/// card and the recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncHeaderDraft {
    pub doc_id: String,
    pub doc_kind: DocKind,
    pub doc_title: String,
    /// Hex change hashes of the sender's document heads after the changes in the payload.
    pub sender_heads: Vec<String>,
    /// Heads the payload is relative to (`doc.save_after(base_heads)`); empty = whole document.
    pub base_heads: Vec<String>,
    pub change_count: u32,
    /// Milliseconds since the Unix epoch; the caller's clock (core has none).
    pub created_ms: i64,
    /// Whom the sender means the file for. Required in passphrase mode, where no key names
    /// the recipient (see [`Addressee`]); must be `None` for a team file, whose recipients
    /// each carry their own ([`TeamRecipient`]).
    pub addressee: Option<Addressee>,
}

/// One member of a team file ([`SealTo::Team`]): their contact card, whose X25519 key the file
/// key is wrapped for, and who they are in the shared document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRecipient {
    pub card: ContactCard,
    pub addressee: Addressee,
}

/// A recipient of a team file as the signed header lists it, in the order of the stanzas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderRecipient {
    /// The recipient's fingerprint, as [`ContactCard::fingerprint`] formats it.
    pub fingerprint: String,
    pub addressee: Addressee,
}

/// The recipient as the sender knows them: their id in the shared document (the roster id the
/// sender gave them) and their name. Signed with the header, shown before import, and checked
/// by the importer against who it is in that document ([`SyncHeader::check_addressed_to`]).
///
/// What it proves, and what not (docs/THREAT_MODEL.md): the sender meant the file for that
/// person of that document, so a passphrase file passed on to someone else is refused by
/// their copy of the document, or shown with a name that is not theirs. It cannot stop the
/// intended recipient, who knows the passphrase, from handing file and passphrase on: a
/// passphrase file is not bound to a key, so anyone with both can read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addressee {
    pub person_id: String,
    pub name: String,
}

/// The signed inner header of a sync file, shown to the user before import (R7.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncHeader {
    /// Random per file; lets the app recognise a file it has already imported (see
    /// [`super::SeenFiles`]).
    #[serde(with = "file_id_hex")]
    pub file_id: [u8; 16],
    pub doc_id: String,
    #[serde(with = "doc_kind_wire")]
    pub doc_kind: DocKind,
    pub doc_title: String,
    pub sender: ContactCard,
    /// The recipient's fingerprint in key mode; `None` in passphrase and team mode.
    pub recipient_fingerprint: Option<String>,
    pub sender_heads: Vec<String>,
    pub base_heads: Vec<String>,
    pub change_count: u32,
    pub created_ms: i64,
    /// Whom the sender meant the file for; always set by this version in passphrase mode,
    /// absent in files made by earlier versions and in team files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addressee: Option<Addressee>,
    /// Every recipient of a team file, in the order of its stanzas (checked on open); empty
    /// in the other modes, and then not written, so their headers are as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<HeaderRecipient>,
}

impl SyncHeader {
    /// Refuses a file the sender addressed to someone other than `my_id`, my participant id in
    /// the document it carries. Files without an addressee (key mode before this version, or
    /// made by earlier versions) pass: the key, or nothing, is what names their recipient.
    ///
    /// A team file passes when one of its recipients has `my_id`;
    /// [`SyncHeader::check_team_addressed`] is the stricter check, by key.
    pub fn check_addressed_to(&self, my_id: &str) -> Result<(), SyncError> {
        if !self.recipients.is_empty() {
            return if self
                .recipients
                .iter()
                .any(|r| r.addressee.person_id == my_id)
            {
                Ok(())
            } else {
                Err(self.not_a_member())
            };
        }
        match &self.addressee {
            Some(a) if a.person_id != my_id => Err(SyncError::AddressedToSomeoneElse {
                name: a.name.clone(),
                sender: self.sender.name.clone(),
                title: self.doc_title.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// Whom the sender meant the file for, as the holder of the key with this fingerprint: its
    /// entry in a team file's list, or the addressee of a key-mode file made for that key.
    pub fn addressee_for(&self, fingerprint: &str) -> Option<&Addressee> {
        if self.recipient_fingerprint.as_deref() == Some(fingerprint) {
            return self.addressee.as_ref();
        }
        self.recipients
            .iter()
            .find(|r| r.fingerprint == fingerprint)
            .map(|r| &r.addressee)
    }

    /// Who I am in the document according to the sender of a team file, given my fingerprint
    /// ([`Identity::fingerprint`]); refused when I am not listed. [`open`] has already checked
    /// that the file was encrypted to me; the caller then checks the returned person id
    /// against who I am in that document, as with [`SyncHeader::check_addressed_to`].
    pub fn check_team_addressed(&self, my_fingerprint: &str) -> Result<&Addressee, SyncError> {
        self.addressee_for(my_fingerprint)
            .ok_or_else(|| self.not_a_member())
    }

    fn not_a_member(&self) -> SyncError {
        SyncError::NotATeamMember {
            sender: self.sender.name.clone(),
            title: self.doc_title.clone(),
        }
    }
}

/// Who can open a file.
#[derive(Debug, Clone, Copy)]
pub enum SealTo<'a> {
    /// Someone whose contact card we have (the normal case).
    Contact(&'a ContactCard),
    /// A passphrase agreed out of band, for the first exchange (R7.4); derives the key here
    /// (Argon2id, about a second in a browser).
    Passphrase(&'a str),
    /// The same, with the key already derived ([`super::kdf::sealing_key`] with
    /// [`KdfPurpose::SyncFile`]): the app derives in its passphrase worker, off the page.
    DerivedKey(&'a PassphraseKey),
    /// Everyone in the list, in one file (mode 3): 1 to [`MAX_RECIPIENTS`] people, each once,
    /// never the sender.
    Team(&'a [TeamRecipient]),
}

/// The cleartext part of a sync file, readable without any key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outer {
    pub version: u16,
    pub recipient: Recipient,
    /// Encrypted bytes (inner header, payload, signature and the 16-byte tag).
    pub ciphertext_len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// Encrypted to the person with this fingerprint.
    Key { fingerprint: String },
    /// Encrypted with a passphrase; the user must type it. The salt and cost are what a
    /// worker needs to derive the key ([`super::kdf::derive_keys`]).
    Passphrase {
        salt: [u8; 16],
        params: Argon2Params,
    },
    /// A team file, encrypted to each of these fingerprints (in the file's order): the app can
    /// tell before decrypting whether the user is among them.
    Team { fingerprints: Vec<String> },
}

impl Outer {
    pub fn needs_passphrase(&self) -> bool {
        matches!(self.recipient, Recipient::Passphrase { .. })
    }
}

/// A verified, decrypted sync file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub header: SyncHeader,
    /// Standard Automerge bytes: `load` them when `header.base_heads` is empty, else
    /// `load_incremental` into the existing document.
    pub payload: Vec<u8>,
    /// The sender was not among the contacts: the file came through a passphrase and the app
    /// should offer to save `header.sender` as a new contact (after comparing fingerprints).
    pub sender_is_new_contact: bool,
}

/// Seals with [`Argon2Params::DEFAULT`] in passphrase mode.
pub fn seal(
    draft: &SyncHeaderDraft,
    payload: &[u8],
    sender: &Identity,
    sender_card: &ContactCard,
    to: SealTo<'_>,
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, SyncError> {
    seal_with_params(
        draft,
        payload,
        sender,
        sender_card,
        to,
        Argon2Params::DEFAULT,
        rng,
    )
}

/// Like [`seal`], choosing the Argon2id cost (tests use cheap parameters; ignored in key mode).
pub fn seal_with_params(
    draft: &SyncHeaderDraft,
    payload: &[u8],
    sender: &Identity,
    sender_card: &ContactCard,
    to: SealTo<'_>,
    params: Argon2Params,
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, SyncError> {
    if draft.doc_kind.is_private() {
        return Err(SyncError::NotShareable);
    }
    check_draft(draft).map_err(|reason| SyncError::InvalidDraft { reason })?;
    // No key names the recipient of a passphrase file: the signed header must.
    if matches!(to, SealTo::Passphrase(_)) && draft.addressee.is_none() {
        return Err(SyncError::InvalidDraft {
            reason: "a file protected with a passphrase must name its recipient".into(),
        });
    }
    sender_card
        .verify()
        .map_err(|_| SyncError::SenderCardMismatch)?;
    if sender_card.signing_key != sender.signing_public()
        || sender_card.encryption_key != sender.encryption_public()
    {
        return Err(SyncError::SenderCardMismatch);
    }
    if let SealTo::Team(recipients) = to {
        // A file to oneself would be refused on import (`OwnFile`); in a list it would only
        // give a copy of the team file to the one person who needs none.
        if let Some(r) = recipients.iter().find(|r| r.card.same_keys(sender_card)) {
            return Err(SyncError::InvalidDraft {
                reason: format!(
                    "{} is you; a team file is for the other members only",
                    r.addressee.name
                ),
            });
        }
    }
    seal_signed_by(draft, payload, sender, sender_card, to, params, rng)
}

/// The sealing itself, without checking that `signer` owns `sender_card`; only
/// [`seal_with_params`] (after that check) and tests that forge files call it.
fn seal_signed_by(
    draft: &SyncHeaderDraft,
    payload: &[u8],
    signer: &Identity,
    sender_card: &ContactCard,
    to: SealTo<'_>,
    params: Argon2Params,
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, SyncError> {
    // Each recipient of a team file has their own addressee; one for the whole file would
    // name only one of them.
    if matches!(to, SealTo::Team(_)) && draft.addressee.is_some() {
        return Err(SyncError::InvalidDraft {
            reason: "a team file names each recipient in its list, not one addressee".into(),
        });
    }
    let mut file_id = [0u8; 16];
    rng.fill_bytes(&mut file_id);
    let sealing = Sealing::start(to, params, rng)?;

    let header = SyncHeader {
        file_id,
        doc_id: draft.doc_id.clone(),
        doc_kind: draft.doc_kind,
        doc_title: draft.doc_title.clone(),
        sender: sender_card.clone(),
        recipient_fingerprint: sealing.recipient_fingerprint.clone(),
        sender_heads: draft.sender_heads.clone(),
        base_heads: draft.base_heads.clone(),
        change_count: draft.change_count,
        created_ms: draft.created_ms,
        addressee: draft.addressee.clone(),
        recipients: sealing.recipients.clone(),
    };
    let header_bytes = serde_json::to_vec(&header).map_err(|e| SyncError::InvalidDraft {
        reason: e.to_string(),
    })?;
    if header_bytes.len() > MAX_HEADER_BYTES {
        return Err(SyncError::InvalidDraft {
            reason: format!("the header is larger than {MAX_HEADER_BYTES} bytes"),
        });
    }

    let too_large = SyncError::TooLarge {
        limit: MAX_SYNC_FILE_BYTES,
    };
    // Checked before building anything: the sum cannot overflow for payloads that exist in
    // memory, and we refuse to write what the reader would refuse to read.
    let body_len = 4 + header_bytes.len() + 4 + payload.len();
    if body_len > MAX_SYNC_FILE_BYTES {
        return Err(too_large);
    }
    let mut plaintext = Zeroizing::new(Vec::with_capacity(body_len + SIGNATURE_BYTES));
    put_u32_prefixed(&mut plaintext, &header_bytes).ok_or(too_large.clone())?;
    put_u32_prefixed(&mut plaintext, payload).ok_or(too_large)?;
    sealing.finish(plaintext, |cleartext, body| {
        signer.sign(&signed_message(cleartext, body))
    })
}

/// A sync file under construction: the cleartext part up to the nonce, and its key.
struct Sealing {
    cleartext: Vec<u8>,
    key: Zeroizing<[u8; 32]>,
    nonce: [u8; 24],
    recipient_fingerprint: Option<String>,
    /// A team file's recipients, in stanza order, for the signed header.
    recipients: Vec<HeaderRecipient>,
}

impl Sealing {
    /// Writes magic, version and the recipient stanza, and derives the symmetric key.
    fn start(
        to: SealTo<'_>,
        params: Argon2Params,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Sealing, SyncError> {
        let mut cleartext = SYNC_MAGIC.to_vec();
        cleartext.extend_from_slice(&SYNC_FORMAT_VERSION.to_be_bytes());
        let mut recipients = Vec::new();
        let (key, recipient_fingerprint) = match to {
            SealTo::Contact(card) => {
                card.verify().map_err(SyncError::BadRecipientCard)?;
                let ephemeral = EphemeralSecret::random_from_rng(&mut *rng);
                let ephemeral_public = PublicKey::from(&ephemeral).to_bytes();
                let shared = ephemeral.diffie_hellman(&PublicKey::from(card.encryption_key));
                // A low-order recipient key would make the shared secret predictable.
                if !shared.was_contributory() {
                    return Err(SyncError::BadRecipientCard(ContactError::Malformed {
                        reason: "unusable encryption key",
                    }));
                }
                let key = key_mode_key(shared.as_bytes(), &ephemeral_public, &card.encryption_key)
                    .ok_or(SyncError::UnacceptableParams)?;
                cleartext.push(MODE_KEY);
                cleartext.extend_from_slice(&card.fingerprint_bytes());
                cleartext.extend_from_slice(&ephemeral_public);
                (key, Some(card.fingerprint()))
            }
            SealTo::Passphrase(passphrase) => {
                if passphrase.is_empty() {
                    return Err(SyncError::EmptyPassphrase);
                }
                let derived =
                    super::kdf::new_passphrase_key(passphrase, params, KdfPurpose::SyncFile, rng)
                        .ok_or(SyncError::UnacceptableParams)?;
                passphrase_stanza(&mut cleartext, &derived)?
            }
            SealTo::DerivedKey(derived) => passphrase_stanza(&mut cleartext, derived)?,
            SealTo::Team(team) => {
                let (file_key, listed) = team_stanzas(&mut cleartext, team, rng)?;
                recipients = listed;
                (file_key, None)
            }
        };
        let mut nonce = [0u8; 24];
        rng.fill_bytes(&mut nonce);
        cleartext.extend_from_slice(&nonce);
        Ok(Sealing {
            cleartext,
            key,
            nonce,
            recipient_fingerprint,
            recipients,
        })
    }

    /// Appends the ciphertext length, signs (cleartext, body) with `sign`, and encrypts
    /// `body || signature` with the cleartext part as associated data.
    fn finish(
        mut self,
        mut plaintext: Zeroizing<Vec<u8>>,
        sign: impl FnOnce(&[u8], &[u8]) -> [u8; SIGNATURE_BYTES],
    ) -> Result<Vec<u8>, SyncError> {
        let too_large = SyncError::TooLarge {
            limit: MAX_SYNC_FILE_BYTES,
        };
        let ciphertext_len = plaintext.len() + SIGNATURE_BYTES + AEAD_TAG_BYTES;
        if self.cleartext.len() + 4 + ciphertext_len > MAX_SYNC_FILE_BYTES {
            return Err(too_large);
        }
        let ciphertext_len = u32::try_from(ciphertext_len).map_err(|_| too_large)?;
        self.cleartext
            .extend_from_slice(&ciphertext_len.to_be_bytes());
        let signature = sign(&self.cleartext, &plaintext);
        plaintext.extend_from_slice(&signature);

        let cipher = XChaCha20Poly1305::new(self.key.as_ref().into());
        let ciphertext = cipher
            .encrypt(
                XNonce::from_slice(&self.nonce),
                Payload {
                    msg: &plaintext,
                    aad: &self.cleartext,
                },
            )
            .map_err(|_| SyncError::InvalidDraft {
                reason: "encryption failed".into(),
            })?;
        let mut out = self.cleartext;
        out.extend_from_slice(&ciphertext);
        Ok(out)
    }
}

/// Writes the passphrase stanza (mode, salt, cost) and returns the key to encrypt with.
fn passphrase_stanza(
    cleartext: &mut Vec<u8>,
    derived: &PassphraseKey,
) -> Result<(Zeroizing<[u8; 32]>, Option<String>), SyncError> {
    if !derived.params.is_acceptable() {
        return Err(SyncError::UnacceptableParams);
    }
    cleartext.push(MODE_PASSPHRASE);
    cleartext.extend_from_slice(&derived.salt);
    cleartext.extend_from_slice(&derived.params.m_kib.to_be_bytes());
    cleartext.extend_from_slice(&derived.params.t.to_be_bytes());
    cleartext.extend_from_slice(&derived.params.p.to_be_bytes());
    Ok((derived.key.clone(), None))
}

/// Writes the team part of the cleartext (mode, count, one stanza per recipient, the file-key
/// commitment) and returns the random file key with the recipient list for the signed header.
fn team_stanzas(
    cleartext: &mut Vec<u8>,
    team: &[TeamRecipient],
    rng: &mut impl CryptoRngCore,
) -> Result<(Zeroizing<[u8; 32]>, Vec<HeaderRecipient>), SyncError> {
    let draft_error = |reason: String| SyncError::InvalidDraft { reason };
    if team.is_empty() {
        return Err(draft_error(
            "a team file needs at least one recipient".into(),
        ));
    }
    let count = u16::try_from(team.len())
        .ok()
        .filter(|_| team.len() <= MAX_RECIPIENTS)
        .ok_or_else(|| {
            draft_error(format!(
                "a team file is for at most {MAX_RECIPIENTS} people"
            ))
        })?;
    let mut file_key = Zeroizing::new([0u8; 32]);
    rng.fill_bytes(file_key.as_mut());
    cleartext.push(MODE_KEYS);
    cleartext.extend_from_slice(&count.to_be_bytes());
    let mut listed: Vec<HeaderRecipient> = Vec::with_capacity(team.len());
    for recipient in team {
        let card = &recipient.card;
        card.verify().map_err(SyncError::BadRecipientCard)?;
        check_addressee(Some(&recipient.addressee)).map_err(draft_error)?;
        let fingerprint = card.fingerprint();
        if listed.iter().any(|l| l.fingerprint == fingerprint) {
            return Err(draft_error(format!("{} is in the list twice", card.name)));
        }
        // A fresh ephemeral key per stanza, as in age: one recipient's stanza tells nothing
        // about another's, and each wrapping key is used once.
        let ephemeral = EphemeralSecret::random_from_rng(&mut *rng);
        let ephemeral_public = PublicKey::from(&ephemeral).to_bytes();
        let shared = ephemeral.diffie_hellman(&PublicKey::from(card.encryption_key));
        // A low-order recipient key would make the shared secret predictable.
        if !shared.was_contributory() {
            return Err(SyncError::BadRecipientCard(ContactError::Malformed {
                reason: "unusable encryption key",
            }));
        }
        let wrapping =
            team_wrapping_key(shared.as_bytes(), &ephemeral_public, &card.encryption_key)
                .ok_or(SyncError::UnacceptableParams)?;
        let wrapped = ChaCha20Poly1305::new(wrapping.as_ref().into())
            .encrypt(Nonce::from_slice(&WRAP_NONCE), file_key.as_slice())
            .map_err(|_| draft_error("encryption failed".into()))?;
        cleartext.extend_from_slice(&card.fingerprint_bytes());
        cleartext.extend_from_slice(&ephemeral_public);
        cleartext.extend_from_slice(&wrapped);
        listed.push(HeaderRecipient {
            fingerprint,
            addressee: recipient.addressee.clone(),
        });
    }
    let commitment = file_key_commitment(&file_key).ok_or(SyncError::UnacceptableParams)?;
    cleartext.extend_from_slice(commitment.as_ref());
    Ok((file_key, listed))
}

/// Reads the cleartext part without decrypting: whether a passphrase is needed, or whom the
/// file is for. Refuses anything that is not a complete, well-formed sync file of a version we
/// know.
pub fn inspect(bytes: &[u8]) -> Result<Outer, SyncError> {
    let parsed = parse_outer(bytes)?;
    Ok(Outer {
        version: SYNC_FORMAT_VERSION,
        recipient: match parsed.stanza {
            Stanza::Key { fingerprint, .. } => Recipient::Key {
                fingerprint: format_fingerprint(&fingerprint),
            },
            Stanza::Passphrase { salt, params } => Recipient::Passphrase { salt, params },
            Stanza::Team { stanzas, .. } => Recipient::Team {
                fingerprints: stanzas
                    .iter()
                    .map(|s| format_fingerprint(&s.fingerprint))
                    .collect(),
            },
        },
        ciphertext_len: parsed.ciphertext.len(),
    })
}

/// Verifies and decrypts a sync file. `contacts` looks a person id up among the imported
/// contact cards. Nothing is stored here: the caller merges `payload` only after this returns
/// `Ok`, so a refused file leaves local data untouched (R7.5). The caller still checks that
/// `doc_id`/`doc_kind` match the local document it merges into.
pub fn open(
    bytes: &[u8],
    me: &Identity,
    passphrase: Option<&str>,
    contacts: &dyn Fn(&str) -> Option<ContactCard>,
) -> Result<Opened, SyncError> {
    let derived = match (parse_outer(bytes)?.stanza, passphrase) {
        (Stanza::Passphrase { salt, params }, Some(p)) => {
            derive_keys(p, &salt, params, KdfPurpose::SyncFile)
        }
        _ => Vec::new(),
    };
    open_unlocked(bytes, me, passphrase.map(|_| derived.as_slice()), contacts)
}

/// [`open`] with the passphrase's candidate keys already derived
/// ([`super::kdf::derive_keys`] over the salt and cost [`inspect`] reports, purpose
/// [`KdfPurpose::SyncFile`]); `None` when the user gave no passphrase. The app derives them in
/// its passphrase worker, so the page never freezes for Argon2id.
pub fn open_unlocked(
    bytes: &[u8],
    me: &Identity,
    passphrase_keys: Option<&[Zeroizing<[u8; 32]>]>,
    contacts: &dyn Fn(&str) -> Option<ContactCard>,
) -> Result<Opened, SyncError> {
    let parsed = parse_outer(bytes)?;
    let my_fingerprint = me.fingerprint_bytes();

    let keys = match &parsed.stanza {
        Stanza::Key {
            fingerprint,
            ephemeral_public,
        } => {
            if *fingerprint != my_fingerprint {
                return Err(SyncError::WrongRecipient {
                    intended: format_fingerprint(fingerprint),
                    yours: format_fingerprint(&my_fingerprint),
                });
            }
            let shared = me.diffie_hellman(ephemeral_public);
            // The file is addressed to us, so a non-contributory exchange can only come from
            // an altered ephemeral key.
            if !shared.was_contributory() {
                return Err(SyncError::Tampered);
            }
            vec![
                key_mode_key(shared.as_bytes(), ephemeral_public, &me.encryption_public())
                    .ok_or(SyncError::Tampered)?,
            ]
        }
        Stanza::Passphrase { .. } => {
            let keys = passphrase_keys.ok_or(SyncError::PassphraseNeeded)?;
            // No key at all: the params were invalid for Argon2 although bounded.
            if keys.is_empty() {
                return Err(SyncError::Tampered);
            }
            keys.to_vec()
        }
        Stanza::Team {
            stanzas,
            commitment,
        } => {
            let stanza = stanzas
                .iter()
                .find(|s| s.fingerprint == my_fingerprint)
                .ok_or_else(|| SyncError::NotAmongRecipients {
                    count: stanzas.len(),
                    yours: format_fingerprint(&my_fingerprint),
                })?;
            // From here on, as in key mode: the stanza is addressed to us, so any failure
            // means the bytes were changed.
            let shared = me.diffie_hellman(&stanza.ephemeral_public);
            if !shared.was_contributory() {
                return Err(SyncError::Tampered);
            }
            let wrapping = team_wrapping_key(
                shared.as_bytes(),
                &stanza.ephemeral_public,
                &me.encryption_public(),
            )
            .ok_or(SyncError::Tampered)?;
            let unwrapped = Zeroizing::new(
                ChaCha20Poly1305::new(wrapping.as_ref().into())
                    .decrypt(Nonce::from_slice(&WRAP_NONCE), stanza.wrapped.as_slice())
                    .map_err(|_| SyncError::Tampered)?,
            );
            let file_key: Zeroizing<[u8; 32]> = Zeroizing::new(
                unwrapped
                    .as_slice()
                    .try_into()
                    .map_err(|_| SyncError::Tampered)?,
            );
            // The one key every member's stanza must wrap (see `file_key_commitment`).
            if file_key_commitment(&file_key).as_deref() != Some(commitment) {
                return Err(SyncError::Tampered);
            }
            vec![file_key]
        }
    };

    // The first key that authenticates the ciphertext opens it (a passphrase may have two
    // candidate keys: its NFC form and, for older files, the form typed).
    let plaintext = keys
        .iter()
        .find_map(|key| {
            XChaCha20Poly1305::new(key.as_ref().into())
                .decrypt(
                    XNonce::from_slice(&parsed.nonce),
                    Payload {
                        msg: parsed.ciphertext,
                        aad: parsed.cleartext,
                    },
                )
                .ok()
        })
        .map(Zeroizing::new)
        .ok_or(match parsed.stanza {
            // Addressed to us and our key is right: the bytes were changed.
            Stanza::Key { .. } | Stanza::Team { .. } => SyncError::Tampered,
            Stanza::Passphrase { .. } => SyncError::WrongPassphrase,
        })?;
    verify_plaintext(
        parsed.cleartext,
        &parsed.stanza,
        &plaintext,
        me,
        &my_fingerprint,
        contacts,
    )
}

/// Everything after decryption: parse the inner part, check the header and the signature,
/// the recipient binding and the sender against the contacts. Anyone who knows a person's
/// public card can encrypt arbitrary bytes to them, so this is parsed as hostile input too.
fn verify_plaintext(
    cleartext: &[u8],
    stanza: &Stanza,
    plaintext: &[u8],
    me: &Identity,
    my_fingerprint: &[u8; FINGERPRINT_BYTES],
    contacts: &dyn Fn(&str) -> Option<ContactCard>,
) -> Result<Opened, SyncError> {
    let invalid = |reason: &str| SyncError::InvalidContent {
        reason: reason.to_owned(),
    };
    let mut r = Reader::new(plaintext);
    let header_len = r.u32().ok_or_else(|| invalid("cut short"))?;
    let header_len = usize::try_from(header_len).map_err(|_| invalid("header too large"))?;
    if header_len > MAX_HEADER_BYTES {
        return Err(invalid("header too large"));
    }
    let header_bytes = r.take(header_len).ok_or_else(|| invalid("cut short"))?;
    let payload_len = r.u32().ok_or_else(|| invalid("cut short"))?;
    let payload_len = usize::try_from(payload_len).map_err(|_| invalid("cut short"))?;
    let payload = r.take(payload_len).ok_or_else(|| invalid("cut short"))?;
    let signature = r
        .array::<SIGNATURE_BYTES>()
        .ok_or_else(|| invalid("no signature"))?;
    if r.remaining() != 0 {
        return Err(invalid("extra data after the signature"));
    }
    let signed_len = 4 + header_len + 4 + payload_len;
    let signed_body = plaintext
        .get(..signed_len)
        .ok_or_else(|| invalid("cut short"))?;

    // Deserializing the sender's card verifies its self-signature.
    // serde's message is not shown: it can quote attacker-chosen text into the UI.
    let header: SyncHeader =
        serde_json::from_slice(header_bytes).map_err(|_| invalid("unreadable header"))?;
    // R7.2: a sync file never carries the private workspace (or my check-ins), whoever
    // signed it.
    if header.doc_kind.is_private() {
        return Err(SyncError::NotShareable);
    }
    check_header(&header).map_err(|reason| SyncError::InvalidContent { reason })?;

    // Authenticity (R7.4): the signature by the key on the sender's card covers the cleartext
    // part, the header and the payload.
    let sender_key =
        verifying_key(&header.sender.signing_key).ok_or_else(|| SyncError::BadSignature {
            name: header.sender.name.clone(),
        })?;
    sender_key
        .verify_strict(
            &signed_message(cleartext, signed_body),
            &Signature::from_bytes(&signature),
        )
        .map_err(|_| SyncError::BadSignature {
            name: header.sender.name.clone(),
        })?;

    if header.sender.signing_key == me.signing_public() {
        return Err(SyncError::OwnFile);
    }

    // The signed header must name the same recipient as the stanza we decrypted with.
    match (stanza, &header.recipient_fingerprint) {
        (Stanza::Key { .. }, Some(named)) if *named == format_fingerprint(my_fingerprint) => {}
        (Stanza::Key { .. }, Some(named)) => {
            return Err(SyncError::WrongRecipient {
                intended: named.clone(),
                yours: format_fingerprint(my_fingerprint),
            })
        }
        (Stanza::Passphrase { .. }, None) | (Stanza::Team { .. }, None) => {}
        _ => {
            return Err(invalid(
                "the recipient in the header does not match the file",
            ))
        }
    }

    // A team file's signed list must name the stanzas' recipients, in their order, and only
    // a team file has one. The stanzas themselves are covered by the signature, so a
    // mismatch can only come from whoever holds the sender's key.
    let listed_as_in_file = match stanza {
        Stanza::Team { stanzas, .. } => {
            header.addressee.is_none()
                && header.recipients.len() == stanzas.len()
                && header
                    .recipients
                    .iter()
                    .zip(stanzas)
                    .all(|(listed, s)| listed.fingerprint == format_fingerprint(&s.fingerprint))
        }
        _ => header.recipients.is_empty(),
    };
    if !listed_as_in_file {
        return Err(invalid(
            "the recipients in the header do not match the file",
        ));
    }
    if matches!(stanza, Stanza::Team { .. }) {
        header.check_team_addressed(&format_fingerprint(my_fingerprint))?;
    }

    let sender_is_new_contact = match contacts(&header.sender.person_id) {
        Some(known) if known.same_keys(&header.sender) => false,
        Some(known) => return Err(SyncError::SenderKeyMismatch { name: known.name }),
        // A key-mode file from a stranger proves only that someone holds that key; the
        // passphrase, agreed out of band, is what vouches for a first contact.
        None if matches!(stanza, Stanza::Passphrase { .. }) => true,
        None => {
            return Err(SyncError::UnknownSender {
                name: header.sender.name.clone(),
                fingerprint: header.sender.fingerprint(),
            })
        }
    };

    Ok(Opened {
        payload: payload.to_vec(),
        header,
        sender_is_new_contact,
    })
}

/// Fuzzing entry point (feature `fuzzing`, never in the app): runs the post-decryption checks
/// of [`open`] on arbitrary plaintext, as if it had arrived in a correctly encrypted key-mode
/// file addressed to `me`. A fuzzer cannot forge the AEAD tag, so without this it would never
/// reach the inner parser, which anyone holding `me`'s public card can feed.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub fn fuzz_verify_plaintext(
    plaintext: &[u8],
    me: &Identity,
    contacts: &dyn Fn(&str) -> Option<ContactCard>,
) -> Result<Opened, SyncError> {
    let my_fingerprint = me.fingerprint_bytes();
    let stanza = Stanza::Key {
        fingerprint: my_fingerprint,
        ephemeral_public: [9; 32],
    };
    let mut cleartext = SYNC_MAGIC.to_vec();
    cleartext.extend_from_slice(&SYNC_FORMAT_VERSION.to_be_bytes());
    cleartext.push(MODE_KEY);
    cleartext.extend_from_slice(&my_fingerprint);
    cleartext.extend_from_slice(&[9; 32 + 24 + 4]);
    verify_plaintext(
        &cleartext,
        &stanza,
        plaintext,
        me,
        &my_fingerprint,
        contacts,
    )
}

enum Stanza {
    Key {
        fingerprint: [u8; FINGERPRINT_BYTES],
        ephemeral_public: [u8; 32],
    },
    Passphrase {
        salt: [u8; 16],
        params: Argon2Params,
    },
    Team {
        /// 1..=MAX_RECIPIENTS, no fingerprint twice.
        stanzas: Vec<TeamStanza>,
        commitment: [u8; 32],
    },
}

/// One recipient's stanza in a team file.
struct TeamStanza {
    fingerprint: [u8; FINGERPRINT_BYTES],
    ephemeral_public: [u8; 32],
    /// The file key under ChaCha20-Poly1305 with the wrapping key, and its tag.
    wrapped: [u8; WRAPPED_KEY_BYTES],
}

struct ParsedOuter<'a> {
    /// Everything before the ciphertext: the AEAD's associated data and the start of the
    /// signed message.
    cleartext: &'a [u8],
    stanza: Stanza,
    nonce: [u8; 24],
    ciphertext: &'a [u8],
}

fn parse_outer(bytes: &[u8]) -> Result<ParsedOuter<'_>, SyncError> {
    if bytes.is_empty() {
        return Err(SyncError::Empty);
    }
    if bytes.len() > MAX_SYNC_FILE_BYTES {
        return Err(SyncError::TooLarge {
            limit: MAX_SYNC_FILE_BYTES,
        });
    }
    // A proper prefix of the magic is a sync file cut short; anything else is some other file.
    let shown = bytes.len().min(SYNC_MAGIC.len());
    if bytes.get(..shown) != SYNC_MAGIC.get(..shown) {
        return Err(SyncError::NotASyncFile);
    }
    let mut r = Reader::new(bytes);
    r.take(SYNC_MAGIC.len()).ok_or(SyncError::Truncated)?;
    let version = r.u16().ok_or(SyncError::Truncated)?;
    if version > SYNC_FORMAT_VERSION {
        return Err(SyncError::NewerFormat { found: version });
    }
    if version != SYNC_FORMAT_VERSION {
        // Version 0 was never written: the header was damaged.
        return Err(SyncError::Tampered);
    }
    let stanza = match r.u8().ok_or(SyncError::Truncated)? {
        MODE_KEY => Stanza::Key {
            fingerprint: r.array().ok_or(SyncError::Truncated)?,
            ephemeral_public: r.array().ok_or(SyncError::Truncated)?,
        },
        MODE_PASSPHRASE => {
            let salt = r.array().ok_or(SyncError::Truncated)?;
            let params = Argon2Params {
                m_kib: r.u32().ok_or(SyncError::Truncated)?,
                t: r.u32().ok_or(SyncError::Truncated)?,
                p: r.u32().ok_or(SyncError::Truncated)?,
            };
            // Bounded before any work so a hostile file cannot make us allocate GiBs. We never
            // write out-of-range values, so such a file was altered.
            if !params.is_acceptable() {
                return Err(SyncError::Tampered);
            }
            Stanza::Passphrase { salt, params }
        }
        MODE_KEYS => {
            let count = usize::from(r.u16().ok_or(SyncError::Truncated)?);
            // Bounded before reading any stanza; we never write 0 or more than the limit.
            if count == 0 || count > MAX_RECIPIENTS {
                return Err(SyncError::Tampered);
            }
            let mut stanzas: Vec<TeamStanza> = Vec::with_capacity(count);
            for _ in 0..count {
                let stanza = TeamStanza {
                    fingerprint: r.array().ok_or(SyncError::Truncated)?,
                    ephemeral_public: r.array().ok_or(SyncError::Truncated)?,
                    wrapped: r.array().ok_or(SyncError::Truncated)?,
                };
                // Never written: each recipient has one stanza.
                if stanzas.iter().any(|s| s.fingerprint == stanza.fingerprint) {
                    return Err(SyncError::Tampered);
                }
                stanzas.push(stanza);
            }
            Stanza::Team {
                stanzas,
                commitment: r.array().ok_or(SyncError::Truncated)?,
            }
        }
        // Readers before mode 3 refuse a team file here, as altered.
        _ => return Err(SyncError::Tampered),
    };
    let nonce = r.array().ok_or(SyncError::Truncated)?;
    let ciphertext_len = r.u32().ok_or(SyncError::Truncated)?;
    let ciphertext_len = usize::try_from(ciphertext_len).map_err(|_| SyncError::Tampered)?;
    let cleartext_len = bytes.len() - r.remaining();
    let cleartext = bytes.get(..cleartext_len).ok_or(SyncError::Truncated)?;
    if ciphertext_len < AEAD_TAG_BYTES + SIGNATURE_BYTES + 8 {
        return Err(SyncError::Tampered);
    }
    let ciphertext = r.take(ciphertext_len).ok_or(SyncError::Truncated)?;
    if r.remaining() != 0 {
        return Err(SyncError::Tampered);
    }
    Ok(ParsedOuter {
        cleartext,
        stanza,
        nonce,
        ciphertext,
    })
}

fn key_mode_key(
    shared: &[u8; 32],
    ephemeral_public: &[u8; 32],
    recipient_public: &[u8; 32],
) -> Option<Zeroizing<[u8; 32]>> {
    // Both public keys in the HKDF info bind the key to this exact exchange.
    let mut info = KEY_MODE_LABEL.to_vec();
    info.extend_from_slice(ephemeral_public);
    info.extend_from_slice(recipient_public);
    hkdf_key(None, shared, &info)
}

/// The key that wraps the file key for one team recipient: `key_mode_key`'s construction with
/// its own label, so it can never equal a key-mode file's key for the same exchange.
fn team_wrapping_key(
    shared: &[u8; 32],
    ephemeral_public: &[u8; 32],
    recipient_public: &[u8; 32],
) -> Option<Zeroizing<[u8; 32]>> {
    let mut info = TEAM_MODE_LABEL.to_vec();
    info.extend_from_slice(ephemeral_public);
    info.extend_from_slice(recipient_public);
    hkdf_key(None, shared, &info)
}

/// The all-zero nonce of every wrapped file key. Safe because a wrapping key encrypts exactly
/// one message: it is derived from a fresh ephemeral X25519 secret for each stanza and never
/// used again, so no (key, nonce) pair can repeat (age wraps its file keys the same way). Hence
/// ChaCha20-Poly1305 with its 12-byte nonce rather than XChaCha: nothing random to store.
const WRAP_NONCE: [u8; 12] = [0; 12];

/// Commits the cleartext part to the one file key. Poly1305 is not key-committing: without
/// this, a sender could wrap different keys for different members and craft one ciphertext
/// that decrypts, under each key, to a differently signed body. With it every member who opens
/// the file decrypts with the same key, hence reads the same bytes.
fn file_key_commitment(file_key: &[u8; 32]) -> Option<Zeroizing<[u8; 32]>> {
    hkdf_key(None, file_key, TEAM_COMMITMENT_LABEL)
}

fn signed_message(cleartext: &[u8], body: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(SIGNATURE_CONTEXT.len() + cleartext.len() + body.len());
    message.extend_from_slice(SIGNATURE_CONTEXT);
    message.extend_from_slice(cleartext);
    message.extend_from_slice(body);
    message
}

fn check_draft(draft: &SyncHeaderDraft) -> Result<(), String> {
    check_fields(
        &draft.doc_id,
        draft.doc_kind,
        &draft.doc_title,
        &draft.sender_heads,
        &draft.base_heads,
    )?;
    check_addressee(draft.addressee.as_ref())
}

/// The addressee is shown to the recipient, so it is held to the limits of names and ids.
fn check_addressee(addressee: Option<&Addressee>) -> Result<(), String> {
    let Some(a) = addressee else { return Ok(()) };
    if a.person_id.is_empty()
        || a.person_id.len() > MAX_ID_BYTES
        || a.name.len() > MAX_NAME_BYTES
        || !is_safe_display_text(&a.person_id)
        || !is_safe_display_text(&a.name)
    {
        return Err("the recipient's name or id is too long or holds control characters".into());
    }
    Ok(())
}

fn check_header(header: &SyncHeader) -> Result<(), String> {
    check_fields(
        &header.doc_id,
        header.doc_kind,
        &header.doc_title,
        &header.sender_heads,
        &header.base_heads,
    )?;
    check_addressee(header.addressee.as_ref())?;
    // It is shown in the "made for someone else" message, so it must be a real fingerprint.
    if let Some(fp) = &header.recipient_fingerprint {
        check_fingerprint(fp)?;
    }
    if header.recipients.len() > MAX_RECIPIENTS {
        return Err(format!("more than {MAX_RECIPIENTS} recipients"));
    }
    for r in &header.recipients {
        check_fingerprint(&r.fingerprint)?;
        check_addressee(Some(&r.addressee))?;
    }
    Ok(())
}

/// A fingerprint as [`format_fingerprint`] writes it, nothing else.
fn check_fingerprint(fp: &str) -> Result<(), String> {
    let plain: String = fp.chars().filter(|c| *c != '-').collect();
    let canonical = hex_decode::<FINGERPRINT_BYTES>(&plain).map(|b| format_fingerprint(&b));
    if canonical.as_deref() != Some(fp) {
        return Err("the recipient fingerprint is malformed".into());
    }
    Ok(())
}

fn check_fields(
    doc_id: &str,
    kind: DocKind,
    title: &str,
    sender_heads: &[String],
    base_heads: &[String],
) -> Result<(), String> {
    // R7.2: nothing from the private workspace leaves the device.
    if kind.is_private() {
        return Err("the private workspace is never shared".into());
    }
    if doc_id.is_empty() || doc_id.len() > MAX_ID_BYTES {
        return Err(format!("the document id must be 1 to {MAX_ID_BYTES} bytes"));
    }
    if title.len() > MAX_TITLE_BYTES
        || !is_safe_display_text(title)
        || !is_safe_display_text(doc_id)
    {
        return Err("the document title or id is too long or holds control characters".into());
    }
    for heads in [sender_heads, base_heads] {
        if heads.len() > MAX_HEADS {
            return Err(format!("more than {MAX_HEADS} heads"));
        }
        if heads.iter().any(|h| hex_decode::<32>(h).is_none()) {
            return Err("a head is not a 64-digit hex change hash".into());
        }
    }
    if sender_heads.is_empty() {
        return Err("the sender's heads are missing".into());
    }
    Ok(())
}

mod file_id_hex {
    use super::{hex_decode, hex_encode};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(id: &[u8; 16], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex_encode(id))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 16], D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        hex_decode(&text).ok_or_else(|| serde::de::Error::custom("file id is not 32 hex digits"))
    }
}

/// `DocKind` travels as its stable wire name (`DocKind::as_str`), not the Rust variant name.
mod doc_kind_wire {
    use crate::docs::DocKind;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(kind: &DocKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DocKind, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        DocKind::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown document kind {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    //! Forgeries that the public API cannot produce: they need a file signed by the wrong key
    //! or re-encrypted by a recipient (R7.4).
    use super::*;
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    fn person(seed: u64, id: &str, name: &str) -> (Identity, ContactCard) {
        let identity = Identity::generate(&mut ChaCha20Rng::seed_from_u64(seed));
        let card = identity.public(id, name).unwrap();
        (identity, card)
    }

    fn draft() -> SyncHeaderDraft {
        SyncHeaderDraft {
            doc_id: "doc-1".into(),
            doc_kind: DocKind::DevelopmentPlan,
            doc_title: "IDP".into(),
            sender_heads: vec!["00".repeat(32)],
            base_heads: vec![],
            change_count: 1,
            created_ms: 0,
            addressee: None,
        }
    }

    /// Decrypts a key-mode file addressed to `me` and returns its plaintext.
    fn decrypt_for(file: &[u8], me: &Identity) -> Zeroizing<Vec<u8>> {
        let parsed = parse_outer(file).unwrap();
        let Stanza::Key {
            ephemeral_public, ..
        } = parsed.stanza
        else {
            panic!("not key mode")
        };
        let shared = me.diffie_hellman(&ephemeral_public);
        let key = key_mode_key(
            shared.as_bytes(),
            &ephemeral_public,
            &me.encryption_public(),
        )
        .unwrap();
        let cipher = XChaCha20Poly1305::new(key.as_ref().into());
        Zeroizing::new(
            cipher
                .decrypt(
                    XNonce::from_slice(&parsed.nonce),
                    Payload {
                        msg: parsed.ciphertext,
                        aad: parsed.cleartext,
                    },
                )
                .unwrap(),
        )
    }

    /// Encrypts arbitrary plaintext (which already ends in whatever "signature" the forger
    /// wants) to `to`, as anyone who knows the recipient's public card can.
    fn wrap(plaintext: &[u8], to: &ContactCard, seed: u64) -> Vec<u8> {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let sealing = Sealing::start(SealTo::Contact(to), Argon2Params::DEFAULT, &mut rng).unwrap();
        let (body, signature) = plaintext.split_at(plaintext.len() - SIGNATURE_BYTES);
        let signature: [u8; SIGNATURE_BYTES] = signature.try_into().unwrap();
        sealing
            .finish(Zeroizing::new(body.to_vec()), |_, _| signature)
            .unwrap()
    }

    #[test]
    fn file_signed_by_someone_other_than_the_card_is_refused() {
        let (_alice, alice_card) = person(1, "alice", "Alice");
        let (bob, bob_card) = person(2, "bob", "Bob");
        let (mallory, _) = person(3, "mallory", "Mallory");
        let mut rng = ChaCha20Rng::seed_from_u64(4);
        let forged = seal_signed_by(
            &draft(),
            b"x",
            &mallory,
            &alice_card,
            SealTo::Contact(&bob_card),
            Argon2Params::DEFAULT,
            &mut rng,
        )
        .unwrap();
        let known = alice_card.clone();
        let err = open(&forged, &bob, None, &|_| Some(known.clone())).unwrap_err();
        assert_eq!(
            err,
            SyncError::BadSignature {
                name: "Alice".into()
            }
        );
    }

    #[test]
    fn surreptitious_forwarding_is_refused() {
        // Alice sends Bob a signed file; Bob re-encrypts it to Carol unchanged, hoping Carol
        // believes Alice wrote it for her. The signature covers the original recipient stanza.
        let (alice, alice_card) = person(1, "alice", "Alice");
        let (bob, bob_card) = person(2, "bob", "Bob");
        let (carol, carol_card) = person(3, "carol", "Carol");
        let mut rng = ChaCha20Rng::seed_from_u64(5);
        let file = seal(
            &draft(),
            b"x",
            &alice,
            &alice_card,
            SealTo::Contact(&bob_card),
            &mut rng,
        )
        .unwrap();
        let forwarded = wrap(&decrypt_for(&file, &bob), &carol_card, 6);
        let known = alice_card.clone();
        let err = open(&forwarded, &carol, None, &|_| Some(known.clone())).unwrap_err();
        assert_eq!(
            err,
            SyncError::BadSignature {
                name: "Alice".into()
            }
        );
    }

    fn team(members: &[&ContactCard]) -> Vec<TeamRecipient> {
        members
            .iter()
            .map(|card| TeamRecipient {
                card: (*card).clone(),
                addressee: Addressee {
                    person_id: card.person_id.clone(),
                    name: card.name.clone(),
                },
            })
            .collect()
    }

    /// Opens a team file as `reader`, lets `tweak` change its header (keeping its length, so
    /// the ciphertext length in the cleartext part still holds), signs the result with
    /// `signer` and encrypts it again under the same file key: what a member can do with the
    /// file key, or the sender with their own key.
    fn reseal_team(
        file: &[u8],
        reader: &Identity,
        signer: &Identity,
        tweak: impl FnOnce(&mut SyncHeader),
    ) -> Vec<u8> {
        let parsed = parse_outer(file).unwrap();
        let Stanza::Team { stanzas, .. } = &parsed.stanza else {
            panic!("not a team file")
        };
        let mine = stanzas
            .iter()
            .find(|s| s.fingerprint == reader.fingerprint_bytes())
            .unwrap();
        let shared = reader.diffie_hellman(&mine.ephemeral_public);
        let wrapping = team_wrapping_key(
            shared.as_bytes(),
            &mine.ephemeral_public,
            &reader.encryption_public(),
        )
        .unwrap();
        let file_key = ChaCha20Poly1305::new(wrapping.as_ref().into())
            .decrypt(Nonce::from_slice(&WRAP_NONCE), mine.wrapped.as_slice())
            .unwrap();
        let cipher = XChaCha20Poly1305::new(file_key.as_slice().into());
        let nonce = XNonce::from_slice(&parsed.nonce);
        let aad = parsed.cleartext;
        let plaintext = cipher
            .decrypt(
                nonce,
                Payload {
                    msg: parsed.ciphertext,
                    aad,
                },
            )
            .unwrap();
        let mut r = Reader::new(&plaintext);
        let header_len = r.u32().unwrap() as usize;
        let mut header: SyncHeader = serde_json::from_slice(r.take(header_len).unwrap()).unwrap();
        let payload_len = r.u32().unwrap() as usize;
        let payload = r.take(payload_len).unwrap();
        tweak(&mut header);
        let header_bytes = serde_json::to_vec(&header).unwrap();
        assert_eq!(header_bytes.len(), header_len, "the tweak keeps the length");
        let mut body = Vec::new();
        put_u32_prefixed(&mut body, &header_bytes).unwrap();
        put_u32_prefixed(&mut body, payload).unwrap();
        let signature = signer.sign(&signed_message(aad, &body));
        body.extend_from_slice(&signature);
        let ciphertext = cipher.encrypt(nonce, Payload { msg: &body, aad }).unwrap();
        [aad, ciphertext.as_slice()].concat()
    }

    #[test]
    fn team_list_altered_by_a_member_is_refused() {
        // Mallory, a member, holds the file key: she swaps who is who in the signed list and
        // signs it again with her key, still claiming Alice's card.
        let (alice, alice_card) = person(1, "alice", "Alice");
        let (bob, bob_card) = person(2, "bob", "Bob1");
        let (carol, carol_card) = person(3, "carol", "Car1");
        let (mallory, mallory_card) = person(4, "mallory", "Mallory");
        let members = team(&[&bob_card, &carol_card, &mallory_card]);
        let mut rng = ChaCha20Rng::seed_from_u64(8);
        let file = seal(
            &draft(),
            b"x",
            &alice,
            &alice_card,
            SealTo::Team(&members),
            &mut rng,
        )
        .unwrap();
        let known = alice_card.clone();
        let contacts = move |_: &str| Some(known.clone());
        assert!(open(&file, &bob, None, &contacts).is_ok());
        let swap_names = |h: &mut SyncHeader| {
            let (first, second) = h.recipients.split_at_mut(1);
            std::mem::swap(&mut first[0].addressee, &mut second[0].addressee);
        };
        let forged = reseal_team(&file, &mallory, &mallory, swap_names);
        for me in [&bob, &carol] {
            assert_eq!(
                open(&forged, me, None, &contacts).unwrap_err(),
                SyncError::BadSignature {
                    name: "Alice".into()
                }
            );
        }
        // Re-signed by Alice's own key the file opens again: the check is the signature's.
        let genuine = reseal_team(&file, &mallory, &alice, |_| {});
        assert!(open(&genuine, &carol, None, &contacts).is_ok());
    }

    #[test]
    fn team_list_not_matching_the_stanzas_is_refused_even_when_signed() {
        // Only the sender's key can sign such a file; no working copy of Rapport makes one.
        let (alice, alice_card) = person(1, "alice", "Alice");
        let (bob, bob_card) = person(2, "bob", "Bob");
        let (carol, carol_card) = person(3, "carol", "Carol");
        let members = team(&[&bob_card, &carol_card]);
        let mut rng = ChaCha20Rng::seed_from_u64(9);
        let to_team = SealTo::Team(&members);
        let file = seal(&draft(), b"x", &alice, &alice_card, to_team, &mut rng).unwrap();
        let known = alice_card.clone();
        let contacts = move |_: &str| Some(known.clone());
        let reorder = |h: &mut SyncHeader| h.recipients.swap(0, 1);
        let drop_last = |h: &mut SyncHeader| {
            // Same length: Carol's entry becomes a copy of Bob's.
            h.recipients[1].fingerprint = h.recipients[0].fingerprint.clone();
        };
        for tweak in [&reorder as &dyn Fn(&mut SyncHeader), &drop_last] {
            let bad = reseal_team(&file, &bob, &alice, tweak);
            for me in [&bob, &carol] {
                let err = open(&bad, me, None, &contacts).unwrap_err();
                assert!(matches!(err, SyncError::InvalidContent { .. }), "{err:?}");
            }
        }
    }

    #[test]
    fn low_order_recipient_keys_are_refused() {
        let (alice, alice_card) = person(1, "alice", "Alice");
        let (bob, mut bob_card) = person(2, "bob", "Bob");
        bob_card.encryption_key = [0; 32];
        bob.resign(&mut bob_card);
        bob_card.verify().unwrap();
        let members = team(&[&bob_card]);
        let unusable = SyncError::BadRecipientCard(ContactError::Malformed {
            reason: "unusable encryption key",
        });
        for to in [SealTo::Team(&members), SealTo::Contact(&bob_card)] {
            let mut rng = ChaCha20Rng::seed_from_u64(10);
            let err = seal(&draft(), b"x", &alice, &alice_card, to, &mut rng).unwrap_err();
            assert_eq!(err, unusable);
        }
    }

    #[test]
    fn garbage_inside_a_valid_encryption_is_invalid_content() {
        let (bob, bob_card) = person(2, "bob", "Bob");
        for plaintext in [vec![0u8; 100], vec![0xff; 200], {
            let mut v = 5u32.to_be_bytes().to_vec();
            v.extend_from_slice(b"{}}}}");
            v.extend_from_slice(&0u32.to_be_bytes());
            v.extend_from_slice(&[0; 64]);
            v
        }] {
            let file = wrap(&plaintext, &bob_card, 7);
            let err = open(&file, &bob, None, &|_| None).unwrap_err();
            assert!(matches!(err, SyncError::InvalidContent { .. }), "{err:?}");
        }
    }
}
