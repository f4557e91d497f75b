//! Importing a sync file: the decisions (R7.1–R7.5). Once `crate::sync::open` has verified and
//! decrypted a file, this module says what it is (an update, a new document, a replay), whether
//! it may be imported here, what the preview shows, and what the workspace records once the
//! user confirms: the document's index entry and the sender's contact.
//!
//! Plain data in, results out, nothing written. The app (`src/state/sharing.rs`) reads the
//! workspace and the ids stored in the browser, calls [`check`], opens the stored document
//! when the file is an update, calls [`preview`]; after the user confirms it decides again
//! ([`recheck`]), merges or stores, and writes what [`entry_for_new`] / [`entry_after_merge`]
//! and [`contact_after_import`] return. Every refusal comes before anything is written (R7.5).

use automerge::{AutoCommit, ReadDoc};

use super::exchange::{self, ChangeLine, ExchangeError, Preview};
use super::rights::Author;
use super::trust::{self, TrustError};
use super::workspace::{Contact, SharedDoc, Workspace};
use super::{max_schema, DocError, DocKind};
use crate::domain::{Participant, Side};
use crate::sync::{ContactCard, SyncError, SyncHeader};

/// Why a received file is not imported. Messages are shown to the user as is.
#[derive(Debug, thiserror::Error)]
pub enum IncomingError {
    /// R7.4: the signer may not touch this document id (`trust::check_incoming`, `check_new`).
    #[error(transparent)]
    Trust(#[from] TrustError),
    /// R7.1, R7.5: the payload does not fit the document (damaged, missing history, a second
    /// root, a change outside its author's part …).
    #[error(transparent)]
    Exchange(Box<ExchangeError>),
    #[error(transparent)]
    Doc(Box<DocError>),
    /// R7.4: a file addressed to someone else.
    #[error(transparent)]
    Sync(#[from] SyncError),
    /// R7.5: a follow-up file for a document not held here.
    #[error(
        "This file updates \"{title}\", which you do not have yet. Ask {sender} to send the whole \
         document: it happens automatically if they export again after you tell them."
    )]
    NotHeldYet { title: String, sender: String },
    /// The file was previewed as a new document, but the document is stored now (another tab).
    #[error("This file no longer matches what you have. Open it again.")]
    NoLongerMatches,
    /// An update previewed or merged without its stored document.
    #[error("The document is not open.")]
    NotOpen,
    #[error("This document is not in your shared list.")]
    NotShared,
}

// Boxed: both are large, and an import error travels by value through the app.
impl From<ExchangeError> for IncomingError {
    fn from(e: ExchangeError) -> Self {
        IncomingError::Exchange(Box::new(e))
    }
}

impl From<DocError> for IncomingError {
    fn from(e: DocError) -> Self {
        IncomingError::Doc(Box::new(e))
    }
}

/// What the preview of a verified file shows before the user confirms (R7.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingPreview {
    pub preview: Preview,
    /// The document is new here (first receive).
    pub is_new: bool,
    /// This exact file was imported before, and when (R7.5). Whether importing it again
    /// changes anything is `preview.new_changes` (`sync::ImportNotice`).
    pub replayed_on: Option<i64>,
    pub my_side: Side,
    /// The sender's name as stored here for their key (never a name the file claims for a
    /// known key), else the name on their card.
    pub sender_name: String,
    /// The sender's contact has not been verified (fingerprint compared) yet.
    pub sender_unverified: bool,
    /// The first file back for a document created here: its sender becomes the person the
    /// document is shared with.
    pub first_reply: bool,
    /// Whose part of the document the file's new changes are checked against (`rights`); the
    /// merge checks them again.
    pub author: Author,
}

/// When this file was imported before (R7.5), recognised by `file_key` (`sync::file_key` of its
/// bytes) or, for files imported by earlier versions, by its header's file id.
pub fn replayed_on(ws: &Workspace, file_key: &str, header: &SyncHeader) -> Option<i64> {
    let legacy: String = header.file_id.iter().map(|b| format!("{b:02x}")).collect();
    ws.imported_files
        .get(file_key)
        .or_else(|| ws.imported_files.get(&legacy))
        .copied()
}

/// Step one: whether the file updates a document stored here (the caller then opens it for
/// [`preview`]) or brings a new one, from my workspace and `stored_kind`, the kind stored
/// under the file's document id in this browser (any kind, the workspace included). An
/// unreadable header is refused first.
pub fn check(
    ws: &Workspace,
    stored_kind: Option<DocKind>,
    header: &SyncHeader,
) -> Result<trust::Incoming, IncomingError> {
    exchange::heads_from_hex(&header.sender_heads)?;
    // R7.1, R7.4: who may touch this id, decided from my workspace only.
    Ok(trust::check_incoming(
        ws,
        stored_kind,
        &header.doc_id,
        header.doc_kind,
        &header.sender,
    )?)
}

/// Step two: everything the preview shows, after every check an import makes (R7.2, R7.4,
/// R7.5). `existing` is the stored document when [`check`] said `Update`; `file_key` is
/// `sync::file_key` of the file's bytes.
pub fn preview(
    ws: &Workspace,
    stored_kind: Option<DocKind>,
    header: &SyncHeader,
    payload: &[u8],
    file_key: &str,
    existing: Option<&AutoCommit>,
    my_fingerprint: &str,
) -> Result<IncomingPreview, IncomingError> {
    preview_keeping(
        ws,
        stored_kind,
        header,
        payload,
        file_key,
        existing,
        my_fingerprint,
    )
    .map(|(p, _)| p)
}

/// [`preview`], also keeping an update's checked copy, which the merge uses if nothing has
/// changed by then (`exchange::merge_by_prepared`).
pub fn preview_keeping(
    ws: &Workspace,
    stored_kind: Option<DocKind>,
    header: &SyncHeader,
    payload: &[u8],
    file_key: &str,
    existing: Option<&AutoCommit>,
    my_fingerprint: &str,
) -> Result<(IncomingPreview, Option<exchange::Prepared>), IncomingError> {
    let replayed_on = replayed_on(ws, file_key, header);
    let sender_heads = exchange::heads_from_hex(&header.sender_heads)?;
    let verdict = check(ws, stored_kind, header)?;
    let sender_name = trust::display_name(ws, &header.sender);
    let sender_unverified = !ws
        .contacts
        .get(&header.sender.person_id)
        .is_some_and(|c| c.verified);
    let first_reply = matches!(verdict, trust::Incoming::Update { first_reply: true });
    let kind = header.doc_kind;
    let (preview, is_new, my_side, author, prepared) = match verdict {
        trust::Incoming::Update { .. } => {
            let doc = existing.ok_or(IncomingError::NotOpen)?;
            let entry = ws
                .shared
                .get(&header.doc_id)
                .ok_or(IncomingError::NotShared)?;
            let my_side = entry.my_side;
            // R7.4: every new change is the writer's, checked against what they may write.
            let author = trust::author_of(entry, &header.sender);
            let (p, prepared) = exchange::preview_by_keeping(
                doc,
                &header.doc_id,
                payload,
                &sender_heads,
                author.clone(),
            )?;
            // R7.4: addressed to me, as this document knows me.
            if kind == DocKind::TeamObjectives && my_side == Side::Employee {
                let to = header.check_team_addressed(my_fingerprint)?;
                if to.person_id != entry.my_id {
                    return Err(SyncError::AddressedToSomeoneElse {
                        name: to.name.clone(),
                        sender: header.sender.name.clone(),
                        title: header.doc_title.clone(),
                    }
                    .into());
                }
            } else {
                header.check_addressed_to(&my_id_in(kind, doc, my_side)?)?;
            }
            (p, false, my_side, author, Some(prepared))
        }
        trust::Incoming::New => {
            // R7.5: a follow-up file needs the document it follows.
            if !header.base_heads.is_empty() {
                return Err(IncomingError::NotHeldYet {
                    title: header.doc_title.clone(),
                    sender: sender_name,
                });
            }
            let p = exchange::preview_new(&header.doc_id, kind, max_schema(kind), payload)?;
            let doc = exchange::receive_new(&header.doc_id, kind, max_schema(kind), payload)?;
            // R7.1: the first file comes from the counterpart the document names.
            let side = trust::check_new(kind, &doc, &header.sender, &sender_name)?;
            if kind == DocKind::TeamObjectives {
                team_member_id(header, &doc, my_fingerprint)?;
            } else {
                header.check_addressed_to(&my_id_in(kind, &doc, side)?)?;
            }
            (p, true, side, Author::Side(side.other()), None)
        }
    };
    Ok((
        IncomingPreview {
            preview,
            is_new,
            replayed_on,
            my_side,
            sender_name,
            sender_unverified,
            first_reply,
            author,
        },
        prepared,
    ))
}

/// R2.5: my id in a team document a file brings for the first time: the file's signed
/// recipients name me (by my key's fingerprint), and the document must list me as a member
/// who has not left.
fn team_member_id(
    header: &SyncHeader,
    doc: &AutoCommit,
    my_fingerprint: &str,
) -> Result<String, IncomingError> {
    let to = header.check_team_addressed(my_fingerprint)?;
    let members = super::obj_at(doc, &automerge::ROOT, "members")?;
    let on_team = super::obj_at(doc, &members, &to.person_id)
        .ok()
        .is_some_and(|m| left_on_is_empty(doc, &m));
    if !on_team {
        return Err(SyncError::AddressedToSomeoneElse {
            name: to.name.clone(),
            sender: header.sender.name.clone(),
            title: header.doc_title.clone(),
        }
        .into());
    }
    Ok(to.person_id.clone())
}

/// A member's `left_on` is unset (missing, null or empty).
fn left_on_is_empty(doc: &AutoCommit, member: &automerge::ObjId) -> bool {
    match doc.get(member, "left_on") {
        Ok(None) => true,
        Ok(Some((automerge::Value::Scalar(s), _))) => match s.as_ref() {
            automerge::ScalarValue::Null => true,
            automerge::ScalarValue::Str(v) => v.is_empty(),
            _ => false,
        },
        _ => false,
    }
}

/// My participant id in a shared document, where I am on `side`.
fn my_id_in(kind: DocKind, doc: &AutoCommit, side: Side) -> Result<String, DocError> {
    if kind == DocKind::TeamObjectives {
        // Only the leader's id is on the document's root; a member's is `SharedDoc::my_id`.
        let leader: Participant = autosurgeon::hydrate_prop(doc, automerge::ROOT, "leader")?;
        return Ok(leader.id);
    }
    let (leader, employee) = trust::participants(kind, doc)?;
    Ok(match side {
        Side::Leader => leader.id,
        Side::Employee => employee.id,
    })
}

/// At confirmation: decides again, as the workspace may have changed since the preview
/// (another tab). A file previewed as an update that is now "new" is refused.
pub fn recheck(
    ws: &Workspace,
    stored_kind: Option<DocKind>,
    header: &SyncHeader,
    previewed_new: bool,
) -> Result<trust::Incoming, IncomingError> {
    let verdict = check(ws, stored_kind, header)?;
    if verdict == trust::Incoming::New && !previewed_new {
        return Err(IncomingError::NoLongerMatches);
    }
    Ok(verdict)
}

/// The index entry for a document received for the first time (R7.1): `doc` is what
/// `exchange::receive_new` made of the payload. Its signer is the counterpart the document
/// names (checked again here), so their key becomes its only other writer, their card its
/// contact, and the actors of `changes` (the preview's) theirs. `sender_name` is the preview's;
/// `my_key` my signing key (hex).
pub fn entry_for_new(
    header: &SyncHeader,
    doc: &AutoCommit,
    sender_name: &str,
    my_key: &str,
    changes: &[ChangeLine],
    now_ms: i64,
    my_fingerprint: &str,
) -> Result<SharedDoc, IncomingError> {
    let kind = header.doc_kind;
    let side = trust::check_new(kind, doc, &header.sender, sender_name)?;
    if kind == DocKind::TeamObjectives {
        // R2.5: a member's copy; the leader is the one counterpart (files travel through them).
        let my_id = team_member_id(header, doc, my_fingerprint)?;
        let leader: Participant =
            autosurgeon::hydrate_prop(doc, automerge::ROOT, "leader").map_err(DocError::from)?;
        let mut entry = SharedDoc {
            contact_id: header.sender.person_id.clone(),
            their_heads: header.sender_heads.clone(),
            last_received_ms: now_ms,
            my_key: my_key.to_string(),
            counterpart_key: trust::key_hex(&header.sender),
            my_id,
            ..SharedDoc::new(
                kind,
                header.doc_title.clone(),
                side,
                &Participant::new(leader.id, sender_name),
            )
        };
        trust::note_their_actors(&mut entry, changes.iter().map(|c| c.actor.as_str()));
        return Ok(entry);
    }
    let (leader, employee) = trust::participants(kind, doc)?;
    let counterpart = match side {
        Side::Employee => leader,
        Side::Leader => employee,
    };
    let named = Participant::new(counterpart.id, sender_name);
    let mut entry = SharedDoc {
        contact_id: header.sender.person_id.clone(),
        their_heads: header.sender_heads.clone(),
        last_received_ms: now_ms,
        my_key: my_key.to_string(),
        counterpart_key: trust::key_hex(&header.sender),
        ..SharedDoc::new(kind, header.doc_title.clone(), side, &named)
    };
    trust::note_their_actors(&mut entry, changes.iter().map(|c| c.actor.as_str()));
    Ok(entry)
}

/// The index entry after merging a file into a document stored here (R7.3): the sender now
/// has `header.sender_heads`, and the actors of the merged `changes` are theirs. Importing
/// never rewrites which contact a document belongs to (R7.4): only the first reply to a
/// document created here (its history checked by the merge) records the counterpart's card
/// and key, and my key if it was not recorded yet.
pub fn entry_after_merge(
    mut entry: SharedDoc,
    header: &SyncHeader,
    changes: &[ChangeLine],
    first_reply: bool,
    my_key: &str,
    now_ms: i64,
) -> SharedDoc {
    if entry.kind == DocKind::TeamObjectives && entry.my_side == Side::Leader {
        // R7.3 per member: what this member now has; their actors are theirs.
        let key = trust::key_hex(&header.sender);
        if let Some(m) = entry.members.iter_mut().find(|m| m.key == key) {
            m.their_heads = header.sender_heads.clone();
            m.last_received_ms = now_ms;
            for c in changes {
                if !m.actors.contains(&c.actor) {
                    m.actors.push(c.actor.clone());
                }
            }
        }
        entry.last_received_ms = now_ms;
        return entry;
    }
    entry.their_heads = header.sender_heads.clone();
    entry.last_received_ms = now_ms;
    trust::note_their_actors(&mut entry, changes.iter().map(|c| c.actor.as_str()));
    if first_reply {
        entry.contact_id = header.sender.person_id.clone();
        entry.counterpart_key = trust::key_hex(&header.sender);
        if entry.my_key.is_empty() {
            entry.my_key = my_key.to_string();
        }
    }
    entry
}

/// Whether I sent a file for `doc_id` before this import (read before the import writes).
pub fn sent_before(ws: &Workspace, doc_id: &str) -> bool {
    ws.shared.get(doc_id).is_some_and(|e| e.last_sent_ms > 0)
}

/// The sender's contact after an import (R7.4). A sender met through a passphrase becomes a
/// contact, unverified until the fingerprints are compared. We learn whether they hold my
/// card, which decides how the next file is protected: they do when the file was encrypted to
/// my key, when I sent them a file before (every sync file carries the sender's card), or when
/// that was known already. `known` is the contact stored for the sender's person id; nothing
/// else of it changes.
pub fn contact_after_import(
    known: Option<Contact>,
    sender: &ContactCard,
    via_passphrase: bool,
    sent_before: bool,
    now_ms: i64,
) -> Contact {
    let has_my_card =
        !via_passphrase || sent_before || known.as_ref().is_some_and(|c| c.has_my_card);
    match known {
        Some(mut c) => {
            c.has_my_card = has_my_card;
            c
        }
        None => Contact {
            person_id: sender.person_id.clone(),
            name: sender.name.clone(),
            card: sender.to_text(),
            fingerprint: sender.fingerprint(),
            verified: false,
            added_ms: now_ms,
            has_my_card,
        },
    }
}
