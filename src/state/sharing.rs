//! Sharing without a server (R7.1–R7.6): identity keys, contact cards, and sync files that
//! carry one shared document, signed by the sender and encrypted to the recipient.
//!
//! Export: `changes_since(heads they are known to have)` -> sealed file -> download.
//! Import: inspect -> open (verify + decrypt) -> preview -> the user confirms -> merge (or
//! first receive) -> remember the file id and the heads the sender has. Every check runs
//! before anything is written, so a refused file leaves stored data untouched (R7.5).

use leptos::prelude::*;
use rand_chacha::rand_core::SeedableRng;
use rapport_core::docs::exchange::{self, Preview};
use rapport_core::docs::trust;
use rapport_core::docs::workspace::{self, Contact, SharedDoc, Workspace};
use rapport_core::docs::{max_schema, one_on_one, DocKind};
use rapport_core::domain::{Participant, Side};
use rapport_core::sync::{
    self, Addressee, ContactCard, Identity, KdfPurpose, Opened, Recipient, SealTo, SyncHeaderDraft,
};

use super::{now_ms, repo, AppState};

/// A cryptographic RNG seeded from the browser's `crypto.getRandomValues`.
pub fn rng() -> rand_chacha::ChaCha20Rng {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).expect("the browser provides crypto.getRandomValues");
    rand_chacha::ChaCha20Rng::from_seed(seed)
}

/// This person's identity. The keys live in their own IndexedDB record, loaded at start-up
/// (`keys::load`), never in a document (issue 8).
pub fn identity(_state: AppState) -> Result<Identity, String> {
    super::keys::current().ok_or_else(|| {
        "Your keys are not loaded. Reload the page; if this persists, restore a backup.".to_string()
    })
}

/// My contact card (public keys, self-signed, with my name and id).
pub fn my_card(state: AppState) -> Result<ContactCard, String> {
    let id = identity(state)?;
    let (pid, name) = state
        .workspace
        .with_untracked(|w| {
            w.as_ref()
                .map(|w| (w.profile.id.clone(), w.profile.name.clone()))
        })
        .ok_or("The workspace is not open yet.")?;
    id.public(&pid, &name).map_err(|e| e.to_string())
}

/// The writers' keys a new document starts with (issue 8, "who may write"): mine, and the
/// counterpart's when the roster person is already linked to a contact card through another
/// document shared with them. Returns `(my key, contact id, counterpart key)`.
pub fn writers_for(
    state: AppState,
    roster_person_id: &str,
) -> Result<(String, String, String), String> {
    let mine = trust::key_hex(&my_card(state)?);
    // Leader side: the roster person's card; employee side (no roster person): my leader's.
    let linked = state.workspace.with_untracked(|w| {
        w.as_ref().and_then(|w| {
            if roster_person_id.is_empty() {
                trust::my_leader_contact(w)
            } else {
                trust::linked_contact(w, roster_person_id)
            }
        })
    });
    let (contact, theirs) = linked.unwrap_or_default();
    Ok((mine, contact, theirs))
}

fn contact_card(ws: &Workspace, person_id: &str) -> Option<ContactCard> {
    ws.contacts
        .get(person_id)
        .and_then(|c| ContactCard::from_text(&c.card).ok())
}

/// Imports someone's contact card from its text or file (R7.4).
pub fn import_contact(state: AppState, text: &str) -> Result<Contact, String> {
    let card = ContactCard::from_text(text.trim()).map_err(|e| e.to_string())?;
    let me = my_card(state)?;
    if card.same_keys(&me) {
        return Err(
            "This is your own contact card. Import the card of the person you work with.".into(),
        );
    }
    let existing = state.workspace.with_untracked(|w| {
        w.as_ref()
            .and_then(|w| w.contacts.get(&card.person_id).cloned())
    });
    if let Some(old) = &existing {
        if let Ok(old_card) = ContactCard::from_text(&old.card) {
            if !old_card.same_keys(&card) {
                return Err(format!(
                    "You already have a different card for {}. If they reinstalled Rapport, remove the old contact first, after checking with them.",
                    old.name
                ));
            }
        }
    }
    let contact = Contact {
        person_id: card.person_id.clone(),
        name: card.name.clone(),
        card: card.to_text(),
        fingerprint: card.fingerprint(),
        verified: existing.as_ref().is_some_and(|c| c.verified),
        added_ms: now_ms(),
        has_my_card: existing.as_ref().is_some_and(|c| c.has_my_card),
    };
    let what = format!("Added contact {}", contact.name);
    state.edit_workspace(|doc, now| workspace::put_contact(doc, &contact, &what, now))?;
    Ok(contact)
}

pub fn set_verified(state: AppState, person_id: &str, verified: bool) -> Result<(), String> {
    let mut c = state
        .workspace
        .with_untracked(|w| w.as_ref().and_then(|w| w.contacts.get(person_id).cloned()))
        .ok_or("Unknown contact.")?;
    c.verified = verified;
    let what = format!(
        "Marked {} as {}",
        c.name,
        if verified { "verified" } else { "not verified" }
    );
    Ok(state.edit_workspace(|doc, now| workspace::put_contact(doc, &c, &what, now))?)
}

/// Starts a 1:1 series with a person on my roster (I am the leader). The document is created
/// here only; the employee gets it from the first sync file (ARCHITECTURE.md, one first change).
pub async fn start_one_on_one(state: AppState, roster_person_id: &str) -> Result<String, String> {
    let found: Option<(Participant, rapport_core::domain::Person)> =
        state.workspace.with_untracked(|w| {
            let w = w.as_ref()?;
            Some((
                Participant::new(w.profile.id.clone(), w.profile.name.clone()),
                w.people.get(roster_person_id)?.clone(),
            ))
        });
    let (me, person) = found.ok_or("That person is not on your team.")?;
    let doc_id = rapport_core::domain::new_id();
    let (my_key, contact_id, counterpart_key) = writers_for(state, &person.id)?;
    let employee = Participant::new(person.id.clone(), person.name.clone());
    let doc = one_on_one::create(&doc_id, &me, &employee, Side::Leader, now_ms())
        .map_err(|e| e.to_string())?;
    repo::insert_new(doc_id.clone(), DocKind::OneOnOne, doc).await?;
    let title = format!("1:1s {} – {}", me.name, person.name);
    let entry = SharedDoc {
        roster_person_id: person.id.clone(),
        contact_id,
        my_key,
        counterpart_key,
        ..SharedDoc::new(DocKind::OneOnOne, title, Side::Leader, &employee)
    };
    let what = format!("Started 1:1 series with {}", person.name);
    state.edit_workspace(|d, now| workspace::put_shared(d, &doc_id, &entry, &what, now))?;
    Ok(doc_id)
}

/// How an export will be protected.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportTo {
    /// Encrypted to the contact's key (they must already have my card).
    Contact(String),
    /// Encrypted with a passphrase agreed out of band (first exchange).
    Passphrase(String),
}

/// What an export will carry, shown before the file is made (R7.2).
#[derive(Clone, Debug, PartialEq)]
pub struct ExportPlan {
    pub title: String,
    pub counterpart: String,
    pub changes: usize,
    pub whole_document: bool,
}

fn shared_entry(state: AppState, doc_id: &str) -> Result<SharedDoc, String> {
    state
        .workspace
        .with_untracked(|w| w.as_ref().and_then(|w| w.shared.get(doc_id).cloned()))
        .ok_or_else(|| "This document is not in your shared list.".to_string())
}

pub fn export_plan(state: AppState, doc_id: &str) -> Result<ExportPlan, String> {
    let entry = shared_entry(state, doc_id)?;
    let d = repo::get(doc_id).ok_or("The document is still opening.")?;
    let mut d = d.borrow_mut();
    let theirs = exchange::heads_from_hex(&entry.their_heads).unwrap_or_default();
    let changes = d.doc.get_changes(&theirs).len();
    Ok(ExportPlan {
        title: entry.title,
        counterpart: entry.counterpart_name,
        changes,
        whole_document: theirs.is_empty(),
    })
}

/// Makes the sync file for `doc_id` (R7.1, R7.3, R7.4). Returns `(file name, bytes)`.
/// A passphrase is checked for strength and turned into a key in the passphrase worker
/// (Argon2id, about a second) before anything is read from the document, so the page stays
/// responsive and the file holds the document as it is when sealed.
pub async fn export(
    state: AppState,
    doc_id: &str,
    to: &ExportTo,
) -> Result<(String, Vec<u8>), String> {
    let entry = shared_entry(state, doc_id)?;
    let derived = match to {
        ExportTo::Contact(_) => None,
        ExportTo::Passphrase(p) => {
            let context = [entry.counterpart_name.clone(), entry.title.clone()];
            Some(super::passphrase::sealing_key(p, &context, KdfPurpose::SyncFile).await?)
        }
    };
    // The document may have changed (or been closed) while the worker derived the key.
    let entry = shared_entry(state, doc_id)?;
    let me = identity(state)?;
    let card = my_card(state)?;
    let d = repo::open(doc_id, entry.kind).await?;
    let (payload, base, heads, count) = {
        let mut d = d.borrow_mut();
        let theirs = exchange::heads_from_hex(&entry.their_heads).unwrap_or_default();
        let count = d.doc.get_changes(&theirs).len();
        let payload = exchange::changes_since(&mut d.doc, &theirs);
        let heads = d.doc.get_heads();
        (payload, theirs, heads, count)
    };
    let kind = entry.kind;
    let draft = SyncHeaderDraft {
        doc_id: doc_id.to_string(),
        doc_kind: kind,
        doc_title: entry.title.clone(),
        sender_heads: exchange::heads_to_hex(&heads),
        base_heads: exchange::heads_to_hex(&base),
        change_count: count as u32,
        created_ms: now_ms(),
        // The recipient as this document knows them: a passphrase file names them in its
        // signed header, and their copy refuses a file addressed to someone else.
        addressee: Some(Addressee {
            person_id: entry.counterpart_id.clone(),
            name: entry.counterpart_name.clone(),
        }),
    };
    let recipient_card;
    let seal_to = match to {
        ExportTo::Contact(pid) => {
            recipient_card = state
                .workspace
                .with_untracked(|w| w.as_ref().and_then(|w| contact_card(w, pid)))
                .ok_or("You do not have this person's contact card yet: use a passphrase for this first file.")?;
            SealTo::Contact(&recipient_card)
        }
        ExportTo::Passphrase(_) => SealTo::DerivedKey(
            derived
                .as_ref()
                .ok_or("The passphrase could not be turned into a key. Try again.")?,
        ),
    };
    let bytes =
        sync::seal(&draft, &payload, &me, &card, seal_to, &mut rng()).map_err(|e| e.to_string())?;
    let mut updated = entry.clone();
    updated.last_sent_ms = now_ms();
    let what = format!("Exported {} for {}", entry.title, entry.counterpart_name);
    state.edit_workspace(|doc, now| workspace::put_shared(doc, doc_id, &updated, &what, now))?;
    let slug: String = entry
        .counterpart_name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let date = chrono::Local::now().format("%Y-%m-%d-%H%M%S");
    let name = format!(
        "rapport-{}-{}-{date}.rapport-sync",
        kind.as_str(),
        slug.trim_matches('-')
    );
    Ok((name, bytes))
}

/// A verified, decrypted file waiting for the user's confirmation.
#[derive(Clone)]
pub struct Incoming {
    pub opened: OpenedFile,
    pub preview: Preview,
    /// The document is new here (first receive).
    pub is_new: bool,
    /// This exact file was imported before, and when (R7.5). Whether importing it again
    /// changes anything is `preview.new_changes` (`sync::ImportNotice`).
    pub replayed_on: Option<i64>,
    /// `sync::file_key` of the file's bytes, recorded once it is imported.
    pub file_key: String,
    pub my_side: Side,
    /// The sender's name as stored here for their key (never a name the file claims for a
    /// known key), else the name on their card.
    pub sender_name: String,
    /// The sender's contact has not been verified (fingerprint compared) yet: the preview
    /// warns.
    pub sender_unverified: bool,
    /// The first file back for a document created here: its sender becomes the person the
    /// document is shared with (the preview says so).
    pub first_reply: bool,
}

/// `Opened` minus what must not linger (it holds no secrets, but keep it small and clonable).
#[derive(Clone, Debug)]
pub struct OpenedFile {
    pub header: rapport_core::sync::SyncHeader,
    pub payload: Vec<u8>,
    pub sender_is_new_contact: bool,
    pub via_passphrase: bool,
}

/// Whether a file needs a passphrase (read from its cleartext part).
pub fn needs_passphrase(bytes: &[u8]) -> Result<bool, String> {
    sync::inspect(bytes)
        .map(|o| o.needs_passphrase())
        .map_err(|e| e.to_string())
}

/// Verifies, decrypts and previews a sync file. Nothing is written (R7.2, R7.5).
pub async fn read_file(
    state: AppState,
    bytes: Vec<u8>,
    passphrase: Option<String>,
) -> Result<Incoming, String> {
    let me = identity(state)?;
    let contacts: std::collections::BTreeMap<String, ContactCard> = state
        .workspace
        .with_untracked(|w| {
            w.as_ref().map(|w| {
                w.contacts
                    .keys()
                    .filter_map(|k| Some((k.clone(), contact_card(w, k)?)))
                    .collect()
            })
        })
        .unwrap_or_default();
    let outer = sync::inspect(&bytes).map_err(|e| e.to_string())?;
    // A passphrase becomes candidate keys in the passphrase worker (Argon2id off the page).
    let keys = match (&outer.recipient, passphrase.as_deref()) {
        (Recipient::Passphrase { salt, params }, Some(p)) => {
            Some(super::passphrase::opening_keys(p, KdfPurpose::SyncFile, *salt, *params).await?)
        }
        _ => None,
    };
    let Opened {
        header,
        payload,
        sender_is_new_contact,
    } = sync::open_unlocked(&bytes, &me, keys.as_deref(), &|pid: &str| {
        contacts.get(pid).cloned()
    })
    .map_err(|e| e.to_string())?;
    // Recognised by the hash of the whole file (R7.5); files imported by earlier versions
    // were recorded by their header's file id.
    let file_key = sync::file_key(&bytes);
    let file_hex = hex::encode(header.file_id);
    let replayed_on = state.workspace.with_untracked(|w| {
        w.as_ref().and_then(|w| {
            w.imported_files
                .get(&file_key)
                .or_else(|| w.imported_files.get(&file_hex))
                .copied()
        })
    });
    let kind = header.doc_kind;
    let sender_heads = exchange::heads_from_hex(&header.sender_heads).map_err(|e| e.to_string())?;
    let verdict = check_trust(state, &header).await?;
    let (sender_name, sender_unverified) = state
        .workspace
        .with_untracked(|w| {
            w.as_ref().map(|w| {
                let name = trust::display_name(w, &header.sender);
                let verified = w
                    .contacts
                    .get(&header.sender.person_id)
                    .is_some_and(|c| c.verified);
                (name, !verified)
            })
        })
        .ok_or("The workspace is not open yet.")?;
    let first_reply = matches!(verdict, trust::Incoming::Update { first_reply: true });
    let (preview, is_new, my_side) = match verdict {
        trust::Incoming::Update { .. } => {
            let d = match repo::get(&header.doc_id) {
                Some(d) => d,
                None => repo::open(&header.doc_id, kind).await?,
            };
            let my_side = shared_entry(state, &header.doc_id)?.my_side;
            let d = d.borrow();
            // Every new change is the counterpart's: checked against what they may write.
            let p = exchange::preview_by(
                &d.doc,
                &header.doc_id,
                &payload,
                &sender_heads,
                my_side.other(),
            )
            .map_err(|e| e.to_string())?;
            // Addressed to me, as this document knows me? (issue 8: passphrase files)
            let (leader, employee) =
                trust::participants(kind, &d.doc).map_err(|e| e.to_string())?;
            let me_here = match my_side {
                Side::Leader => leader.id,
                Side::Employee => employee.id,
            };
            header
                .check_addressed_to(&me_here)
                .map_err(|e| e.to_string())?;
            (p, false, my_side)
        }
        trust::Incoming::New => {
            if !header.base_heads.is_empty() {
                return Err(format!(
                    "This file updates \"{}\", which you do not have yet. Ask {} to send the whole document: it happens automatically if they export again after you tell them.",
                    header.doc_title, sender_name
                ));
            }
            let p = exchange::preview_new(&header.doc_id, kind, max_schema(kind), &payload)
                .map_err(|e| e.to_string())?;
            let doc = exchange::receive_new(&header.doc_id, kind, max_schema(kind), &payload)
                .map_err(|e| e.to_string())?;
            let side = trust::check_new(kind, &doc, &header.sender, &sender_name)
                .map_err(|e| e.to_string())?;
            let (leader, employee) = trust::participants(kind, &doc).map_err(|e| e.to_string())?;
            let me_here = match side {
                Side::Leader => leader.id,
                Side::Employee => employee.id,
            };
            header
                .check_addressed_to(&me_here)
                .map_err(|e| e.to_string())?;
            (p, true, side)
        }
    };
    Ok(Incoming {
        opened: OpenedFile {
            header,
            payload,
            sender_is_new_contact,
            via_passphrase: outer.needs_passphrase(),
        },
        preview,
        is_new,
        replayed_on,
        file_key,
        my_side,
        sender_name,
        sender_unverified,
        first_reply,
    })
}

/// Issue 8: asks core whether this signer may touch this document id, from my workspace and
/// the ids actually stored in this browser (any kind, the workspace included).
async fn check_trust(
    state: AppState,
    header: &rapport_core::sync::SyncHeader,
) -> Result<trust::Incoming, String> {
    let stored_kind = repo::list()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|(id, _)| *id == header.doc_id)
        .map(|(_, k)| k);
    state
        .workspace
        .with_untracked(|w| {
            w.as_ref().map(|w| {
                trust::check_incoming(
                    w,
                    stored_kind,
                    &header.doc_id,
                    header.doc_kind,
                    &header.sender,
                )
            })
        })
        .ok_or("The workspace is not open yet.")?
        .map_err(|e| e.to_string())
}

/// Merges a previewed file and records what the sender has (R7.1, R7.3).
pub async fn apply(state: AppState, incoming: Incoming) -> Result<usize, String> {
    let h = &incoming.opened.header;
    let kind = h.doc_kind;
    let sender_heads = exchange::heads_from_hex(&h.sender_heads).map_err(|e| e.to_string())?;
    let sent_before = shared_entry(state, &h.doc_id).is_ok_and(|e| e.last_sent_ms > 0);
    // The workspace may have changed since the preview (another tab): decide again.
    let verdict = check_trust(state, h).await?;
    let sender_key = trust::key_hex(&h.sender);
    let my_key = trust::key_hex(&my_card(state)?);
    let name = incoming.sender_name.clone();
    let new_changes;
    match verdict {
        trust::Incoming::New => {
            if !incoming.is_new {
                return Err("This file no longer matches what you have. Open it again.".into());
            }
            let doc =
                exchange::receive_new(&h.doc_id, kind, max_schema(kind), &incoming.opened.payload)
                    .map_err(|e| e.to_string())?;
            let side = trust::check_new(kind, &doc, &h.sender, &name).map_err(|e| e.to_string())?;
            let (leader, employee) = trust::participants(kind, &doc).map_err(|e| e.to_string())?;
            new_changes = incoming.preview.new_changes;
            repo::insert_new(h.doc_id.clone(), kind, doc).await?;
            let counterpart = match side {
                Side::Employee => leader,
                Side::Leader => employee,
            };
            // The signer of the first file is the counterpart the document names: record
            // their key as its only other writer, and their card as its contact.
            let named = Participant::new(counterpart.id.clone(), name.clone());
            let entry = SharedDoc {
                contact_id: h.sender.person_id.clone(),
                their_heads: h.sender_heads.clone(),
                last_received_ms: now_ms(),
                my_key,
                counterpart_key: sender_key,
                ..SharedDoc::new(kind, h.doc_title.clone(), side, &named)
            };
            let mut entry = entry;
            trust::note_their_actors(
                &mut entry,
                incoming.preview.changes.iter().map(|c| c.actor.as_str()),
            );
            let what = format!("Received {} from {}", h.doc_title, name);
            state
                .edit_workspace(|d, now| workspace::put_shared(d, &h.doc_id, &entry, &what, now))?;
        }
        trust::Incoming::Update { first_reply } => {
            let their_side = incoming.my_side.other();
            let report = repo::change(&h.doc_id, |doc| {
                exchange::merge_by(doc, &incoming.opened.payload, &sender_heads, their_side)
            })
            .ok_or("The document is not open.")?
            .map_err(|e| e.to_string())?;
            new_changes = report.new_changes;
            let mut entry = shared_entry(state, &h.doc_id)?;
            entry.their_heads = h.sender_heads.clone();
            entry.last_received_ms = now_ms();
            // Importing never rewrites which contact a document belongs to: only the first
            // reply to a document created here (its history checked by the merge) records
            // the counterpart's card and key.
            trust::note_their_actors(&mut entry, report.changes.iter().map(|c| c.actor.as_str()));
            if first_reply {
                entry.contact_id = h.sender.person_id.clone();
                entry.counterpart_key = sender_key;
                if entry.my_key.is_empty() {
                    entry.my_key = my_key;
                }
            }
            let what = format!("Merged {} changes from {}", report.new_changes, name);
            state
                .edit_workspace(|d, now| workspace::put_shared(d, &h.doc_id, &entry, &what, now))?;
        }
    }
    // A sender met through a passphrase becomes a contact (unverified until compared); and
    // we learn whether they hold our card, which decides how the next file is protected.
    let known = state.workspace.with_untracked(|w| {
        w.as_ref()
            .and_then(|w| w.contacts.get(&h.sender.person_id).cloned())
    });
    let has_my_card = !incoming.opened.via_passphrase
        || sent_before
        || known.as_ref().is_some_and(|c| c.has_my_card);
    let card = &h.sender;
    let contact = match known {
        Some(mut c) => {
            c.has_my_card = has_my_card;
            c
        }
        None => Contact {
            person_id: card.person_id.clone(),
            name: card.name.clone(),
            card: card.to_text(),
            fingerprint: card.fingerprint(),
            verified: false,
            added_ms: now_ms(),
            has_my_card,
        },
    };
    let what = format!("Updated contact {} from a sync file", contact.name);
    state.edit_workspace(|d, now| workspace::put_contact(d, &contact, &what, now))?;
    let key = &incoming.file_key;
    state.edit_workspace(|d, now| workspace::note_imported_file(d, key, now))?;
    Ok(new_changes)
}
