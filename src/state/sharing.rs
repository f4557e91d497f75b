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
use rapport_core::docs::workspace::{self, Contact, SharedDoc, Workspace};
use rapport_core::docs::{incoming, rights, team_share, trust};
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
    let date = chrono::Local::now().format("%Y-%m-%d-%H%M%S");
    let name = format!(
        "rapport-{}-{}-{date}.rapport-sync",
        kind.as_str(),
        slug(&entry.counterpart_name)
    );
    Ok((name, bytes))
}

/// The leader's channels brought in line with the team document's members (who joined, who
/// left, whose card is linked now), written to the workspace only when something changed.
fn refresh_team_channels(state: AppState, doc_id: &str) -> Result<SharedDoc, String> {
    let mut entry = shared_entry(state, doc_id)?;
    let d = repo::get(doc_id).ok_or("The document is still opening.")?;
    let members = team_share::members_of(&d.borrow().doc).map_err(|e| e.to_string())?;
    let changed = with_workspace(state, |w| {
        team_share::sync_channels(w, &mut entry, &members)
    })?;
    if changed {
        let what = format!("Updated who receives {}", entry.title);
        state.edit_workspace(|d, now| workspace::put_shared(d, doc_id, &entry, &what, now))?;
    }
    Ok(entry)
}

/// Links a team member whose card is not known through a shared 1:1 or plan to one of my
/// contacts (R2.5).
pub fn link_team_member(
    state: AppState,
    doc_id: &str,
    person_id: &str,
    contact_id: &str,
) -> Result<(), String> {
    let mut entry = refresh_team_channels(state, doc_id)?;
    with_workspace(state, |w| {
        team_share::link_member(w, &mut entry, person_id, contact_id)
    })?
    .map_err(str::to_string)?;
    let what = format!("Linked a member of {} to their contact card", entry.title);
    state.edit_workspace(|d, now| workspace::put_shared(d, doc_id, &entry, &what, now))?;
    Ok(())
}

/// Contacts a waiting team member could be linked to, `(contact id, name)`.
pub fn unlinked_contacts(state: AppState, doc_id: &str) -> Vec<(String, String)> {
    let Ok(entry) = shared_entry(state, doc_id) else {
        return Vec::new();
    };
    with_workspace(state, |w| team_share::unlinked_contacts(w, &entry)).unwrap_or_default()
}

/// What the next team file will carry and whom it reaches (R2.5), shown before it is made.
pub fn team_export_plan(state: AppState, doc_id: &str) -> Result<team_share::TeamFilePlan, String> {
    let entry = refresh_team_channels(state, doc_id)?;
    let d = repo::get(doc_id).ok_or("The document is still opening.")?;
    let mut d = d.borrow_mut();
    with_workspace(state, |w| team_share::plan(w, &entry, &mut d.doc))
}

/// Makes one sync file for every member of a team document I lead whose card is known (R2.5,
/// R7.3); core decides what it carries and for whom (`docs::team_share`).
pub async fn export_team(state: AppState, doc_id: &str) -> Result<(String, Vec<u8>), String> {
    let entry = refresh_team_channels(state, doc_id)?;
    let me = identity(state)?;
    let card = my_card(state)?;
    let d = repo::open(doc_id, DocKind::TeamObjectives).await?;
    let file = {
        let mut d = d.borrow_mut();
        with_workspace(state, |w| {
            team_share::seal_team_file(
                w,
                &entry,
                doc_id,
                &mut d.doc,
                &me,
                &card,
                now_ms(),
                &mut rng(),
            )
        })?
        .map_err(|e| e.to_string())?
    };
    let what = format!("Exported {} for {} members", entry.title, file.reached);
    state.edit_workspace(|d, now| workspace::put_shared(d, doc_id, &file.entry, &what, now))?;
    let date = chrono::Local::now().format("%Y-%m-%d-%H%M%S");
    Ok((
        format!(
            "rapport-team-objectives-{}-{date}.rapport-sync",
            slug(&entry.title)
        ),
        file.bytes,
    ))
}

/// A file-name-safe form of a name.
fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    s.trim_matches('-').to_string()
}

/// A verified, decrypted file waiting for the user's confirmation: the opened file and what
/// core's `incoming::preview` said of it (the fields below mean what they mean there).
#[derive(Clone)]
pub struct Incoming {
    pub opened: OpenedFile,
    pub preview: Preview,
    pub is_new: bool,
    pub replayed_on: Option<i64>,
    /// `sync::file_key` of the file's bytes, recorded once it is imported.
    pub file_key: String,
    pub my_side: Side,
    pub sender_name: String,
    pub sender_unverified: bool,
    pub first_reply: bool,
    /// Whose part of the document the file's changes are checked against.
    pub author: rights::Author,
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

/// Verifies, decrypts and previews a sync file. Nothing is written (R7.2, R7.5). The decisions
/// are core's (`docs::incoming`); this reads what they need from the browser.
pub async fn read_file(
    state: AppState,
    bytes: Vec<u8>,
    passphrase: Option<String>,
) -> Result<Incoming, String> {
    let me = identity(state)?;
    // The sender's card only, when the file names its sender: reading a card verifies its
    // self-signature, and doing so for every contact cost an import at fifty people tens of
    // milliseconds (issue 11: an import within 100 ms).
    let card_of = |pid: &str| {
        state
            .workspace
            .with_untracked(|w| w.as_ref().and_then(|w| contact_card(w, pid)))
    };
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
    } = crate::perf::measure("rapport:import:open-file", || {
        sync::open_unlocked(&bytes, &me, keys.as_deref(), &card_of)
    })
    .map_err(|e| e.to_string())?;
    let file_key = sync::file_key(&bytes);
    let span = crate::perf::start("rapport:import:registry");
    let stored_kind = stored_kind(&header.doc_id).await?;
    span.end();
    // An update is previewed against the stored document: open it first.
    let existing = match with_workspace(state, |w| incoming::check(w, stored_kind, &header))?
        .map_err(|e| e.to_string())?
    {
        trust::Incoming::Update { .. } => Some(match repo::get(&header.doc_id) {
            Some(d) => d,
            None => repo::open(&header.doc_id, header.doc_kind).await?,
        }),
        trust::Incoming::New => None,
    };
    let stored = existing.as_ref().map(|d| d.borrow());
    let (p, prepared) = crate::perf::measure("rapport:import:preview", || {
        with_workspace(state, |w| {
            incoming::preview_keeping(
                w,
                stored_kind,
                &header,
                &payload,
                &file_key,
                stored.as_ref().map(|d| &d.doc),
                &me.fingerprint(),
            )
        })
    })?
    .map_err(|e| e.to_string())?;
    PREPARED.with(|k| *k.borrow_mut() = prepared.map(|p| (file_key.clone(), p)));
    Ok(Incoming {
        opened: OpenedFile {
            header,
            payload,
            sender_is_new_contact,
            via_passphrase: outer.needs_passphrase(),
        },
        preview: p.preview,
        is_new: p.is_new,
        replayed_on: p.replayed_on,
        file_key,
        my_side: p.my_side,
        sender_name: p.sender_name,
        sender_unverified: p.sender_unverified,
        first_reply: p.first_reply,
        author: p.author,
    })
}

thread_local! {
    /// The checked copy of the document the last preview showed, by the file's key: the merge
    /// uses it if nothing has changed since, rather than checking the same file again.
    static PREPARED: std::cell::RefCell<Option<(String, exchange::Prepared)>> =
        const { std::cell::RefCell::new(None) };
}

/// Lets go of the last preview's checked copy (the import was cancelled).
pub fn forget_preview() {
    PREPARED.with(|k| k.borrow_mut().take());
}

/// Runs `f` on the hydrated workspace.
fn with_workspace<T>(state: AppState, f: impl FnOnce(&Workspace) -> T) -> Result<T, String> {
    state
        .workspace
        .with_untracked(|w| w.as_ref().map(f))
        .ok_or_else(|| "The workspace is not open yet.".to_string())
}

/// The kind stored under `doc_id` in this browser, if any (the workspace included): what
/// core's trust decides from, together with my workspace (issue 8).
async fn stored_kind(doc_id: &str) -> Result<Option<DocKind>, String> {
    repo::kind_of(doc_id).await.map_err(|e| e.to_string())
}

/// Merges a previewed file and records what the sender has (R7.1, R7.3); the entries written
/// are core's (`docs::incoming`).
pub async fn apply(state: AppState, inc: Incoming) -> Result<usize, String> {
    let h = &inc.opened.header;
    let kind = h.doc_kind;
    let sender_heads = exchange::heads_from_hex(&h.sender_heads).map_err(|e| e.to_string())?;
    let sent_before = with_workspace(state, |w| incoming::sent_before(w, &h.doc_id))?;
    // The workspace may have changed since the preview (another tab): decide again.
    let stored_kind = stored_kind(&h.doc_id).await?;
    let verdict = with_workspace(state, |w| incoming::recheck(w, stored_kind, h, inc.is_new))?
        .map_err(|e| e.to_string())?;
    let my_key = trust::key_hex(&my_card(state)?);
    let new_changes;
    match verdict {
        trust::Incoming::New => {
            let doc = exchange::receive_new(&h.doc_id, kind, max_schema(kind), &inc.opened.payload)
                .map_err(|e| e.to_string())?;
            let entry = incoming::entry_for_new(
                h,
                &doc,
                &inc.sender_name,
                &my_key,
                &inc.preview.changes,
                now_ms(),
                &identity(state)?.fingerprint(),
            )
            .map_err(|e| e.to_string())?;
            new_changes = inc.preview.new_changes;
            repo::insert_new(h.doc_id.clone(), kind, doc).await?;
            let what = format!("Received {} from {}", h.doc_title, inc.sender_name);
            state
                .edit_workspace(|d, now| workspace::put_shared(d, &h.doc_id, &entry, &what, now))?;
        }
        trust::Incoming::Update { first_reply } => {
            let author = inc.author.clone();
            let prepared = PREPARED
                .with(|k| k.borrow_mut().take())
                .filter(|(key, _)| *key == inc.file_key)
                .map(|(_, p)| p);
            let report = repo::change(&h.doc_id, |doc| {
                exchange::merge_by_prepared(
                    doc,
                    &inc.opened.payload,
                    &sender_heads,
                    author,
                    prepared,
                )
            })
            .ok_or("The document is not open.")?
            .map_err(|e| e.to_string())?;
            new_changes = report.new_changes;
            let entry = incoming::entry_after_merge(
                shared_entry(state, &h.doc_id)?,
                h,
                &report.changes,
                first_reply,
                &my_key,
                now_ms(),
            );
            let what = format!(
                "Merged {} changes from {}",
                report.new_changes, inc.sender_name
            );
            state
                .edit_workspace(|d, now| workspace::put_shared(d, &h.doc_id, &entry, &what, now))?;
        }
    }
    let known = state.workspace.with_untracked(|w| {
        w.as_ref()
            .and_then(|w| w.contacts.get(&h.sender.person_id).cloned())
    });
    let contact = incoming::contact_after_import(
        known,
        &h.sender,
        inc.opened.via_passphrase,
        sent_before,
        now_ms(),
    );
    let what = format!("Updated contact {} from a sync file", contact.name);
    state.edit_workspace(|d, now| workspace::put_contact(d, &contact, &what, now))?;
    let key = &inc.file_key;
    state.edit_workspace(|d, now| workspace::note_imported_file(d, key, now))?;
    Ok(new_changes)
}
