//! Who may write a shared document, and which document a received sync file may touch.
//!
//! The envelope (`crate::sync::open`) proves *who signed* a file. That alone is not enough: a
//! validly signed file from any contact could carry a whole new document under the id of a
//! document I share with someone else, and a CRDT merge would let its history win conflicts
//! on the root keys (a takeover). So before a payload goes near Automerge the app asks this
//! module, which decides from my workspace only (never from what the file claims):
//!
//! - a file for a document stored here is merged only if its signer is one of that
//!   document's writers, by signing key ([`may_write`], one function per kind: the table in
//!   docs/WRITERS.md as code);
//! - an id already stored under any kind (the workspace included) is never "new";
//! - a new document's first file must come from the person the document names as my
//!   counterpart ([`check_new`]); that signer's key is then recorded as the counterpart's.
//!
//! The payload itself is checked by `exchange` (no second root, no change to `meta`, kind and
//! schema still valid after the merge).

use automerge::{AutoCommit, ROOT};
use autosurgeon::hydrate_prop;

use super::workspace::{SharedDoc, Workspace};
use super::{DocError, DocKind};
use crate::domain::one_on_one::Participant;
use crate::domain::Side;
use crate::sync::ContactCard;

/// A signing key as stored in the workspace: 64 lowercase hex digits.
pub fn key_hex(card: &ContactCard) -> String {
    crate::sync::hex_key(&card.signing_key)
}

/// Why a received file may not touch a document. Messages are shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrustError {
    /// R7.4: the signer is not one of the document's writers (e.g. a third person, a
    /// contact of my counterpart, sending a document under the id of our shared one).
    #[error(
        "This file is from {sender}, not from {counterpart}, the person you share \"{title}\" \
         with. Nothing was imported. Updates to it can only come from {counterpart}: if you \
         expected one, ask {counterpart} to send it."
    )]
    NotAWriter {
        sender: String,
        counterpart: String,
        title: String,
    },
    /// R7.1: an id stored here is never a new document.
    #[error(
        "This file claims to start a new document, but you already have a document with the \
         same identity (your {stored}). Nothing was imported. Ask {sender} to send an update \
         from their copy instead."
    )]
    IdTaken {
        stored: &'static str,
        sender: String,
    },
    /// R7.1: the first file of a document must come from the person it names as my
    /// counterpart.
    #[error(
        "This {kind} is shared between {leader} and {employee}, but the file is from {sender}. \
         Nothing was imported. Ask the person who created it to send it to you themselves."
    )]
    NewFromWrongPerson {
        kind: &'static str,
        leader: String,
        employee: String,
        sender: String,
    },
    /// R2.5: a team document accepts its members' files only while they are on the team.
    #[error(
        "This file is from {sender}, who is not a member of \"{title}\" (or has left the team). \
         Nothing was imported. If they joined the team, add them to it, send the team an update, \
         and ask them to send theirs again."
    )]
    NotAMember { sender: String, title: String },
    /// R2.5: a team document's first file comes from the team's leader.
    #[error(
        "\"{team}\" is led by {leader}, but this file is from {sender}. Nothing was imported. \
         The team's objectives come from its leader: ask {leader} to send them to you."
    )]
    TeamFromSomeoneElse {
        team: String,
        leader: String,
        sender: String,
    },
    #[error("Sharing a {0} is not possible yet in this version of Rapport.")]
    NotShareable(&'static str),
    #[error("The private workspace is never shared.")]
    Workspace,
}

/// What a signer may do to a document stored here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A recorded writer (the counterpart, by key).
    Writer,
    /// The counterpart's key is not recorded yet: I created the document and sent the first
    /// file protected by a passphrase, so I do not know their key. The first file back is
    /// accepted only if it builds on the history I sent (checked by `exchange`, which
    /// refuses a second root), and its signer is then recorded as the counterpart.
    FirstReply,
    Refused,
}

/// R3.1, R7.4: a 1:1 series is written by exactly its leader and its employee.
pub fn one_on_one_may_write(entry: &SharedDoc, signer_key: &str) -> Access {
    pair_may_write(entry, signer_key)
}

/// R5.1, R7.4: a development plan is written by exactly the employee and their leader (which
/// fields belong to whom is enforced by the plan's commands on each side).
pub fn development_plan_may_write(entry: &SharedDoc, signer_key: &str) -> Access {
    pair_may_write(entry, signer_key)
}

/// R4.1, R7.4: a performance plan is written by exactly the employee and their leader (which
/// parts belong to whom: `rights`).
pub fn performance_plan_may_write(entry: &SharedDoc, signer_key: &str) -> Access {
    pair_may_write(entry, signer_key)
}

/// The writers table (docs/WRITERS.md) as code: one function per kind.
pub fn may_write(kind: DocKind, entry: &SharedDoc, signer_key: &str) -> Result<Access, TrustError> {
    match kind {
        DocKind::OneOnOne => Ok(one_on_one_may_write(entry, signer_key)),
        DocKind::DevelopmentPlan => Ok(development_plan_may_write(entry, signer_key)),
        DocKind::PerformancePlan => Ok(performance_plan_may_write(entry, signer_key)),
        DocKind::TeamObjectives => Ok(team_objectives_may_write(entry, signer_key)),
        DocKind::Workspace | DocKind::CheckIns | DocKind::PrivateNotes => {
            Err(TrustError::Workspace)
        }
    }
}

/// R2.5, R7.4: a team document is written by its leader and the members on the team, and
/// files travel through the leader. A member accepts only the leader's files (which relay
/// what the others wrote); the leader accepts a member's own file while they are on the
/// team, by the key recorded for them (a member who left is refused). Which parts each may
/// write: `rights`.
pub fn team_objectives_may_write(entry: &SharedDoc, signer_key: &str) -> Access {
    match entry.my_side {
        Side::Employee => pair_may_write(entry, signer_key),
        Side::Leader if entry.active_member_by_key(signer_key).is_some() => Access::Writer,
        Side::Leader => Access::Refused,
    }
}

fn pair_may_write(entry: &SharedDoc, signer_key: &str) -> Access {
    if entry.counterpart_key.is_empty() {
        // My own key never needs this path: `sync::open` refuses my own files.
        if !signer_key.is_empty() && signer_key != entry.my_key {
            return Access::FirstReply;
        }
        return Access::Refused;
    }
    if signer_key == entry.counterpart_key {
        Access::Writer
    } else {
        Access::Refused
    }
}

/// Whose part of the document a writer's file is checked against (`rights`): the
/// counterpart's side in a pair document and in a member's copy of a team document (the
/// leader); on the leader's side of a team document, the member the signing key belongs to.
pub fn author_of(entry: &SharedDoc, signer: &ContactCard) -> super::rights::Author {
    use super::rights::Author;
    if entry.kind == DocKind::TeamObjectives && entry.my_side == Side::Leader {
        if let Some(m) = entry.active_member_by_key(&key_hex(signer)) {
            return Author::Member(m.person_id.clone());
        }
    }
    Author::Side(entry.my_side.other())
}

/// How a received file relates to what is stored here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    /// An update to a document I share; `first_reply` see [`Access::FirstReply`].
    Update { first_reply: bool },
    /// A document I do not have yet.
    New,
}

/// The name to show for a signer: the stored contact's name when their keys are on record
/// (never a name the file claims for a known key), else the name on their card.
pub fn display_name(ws: &Workspace, card: &ContactCard) -> String {
    ws.contacts
        .values()
        .find(|c| ContactCard::from_text(&c.card).is_ok_and(|known| known.same_keys(card)))
        .map(|c| c.name.clone())
        .unwrap_or_else(|| card.name.clone())
}

/// Decides, from my workspace and the ids actually stored (`stored_kind`: the kind under
/// which `doc_id` is stored in this browser, if at all), whether a file signed by `signer`
/// for `doc_id` of `kind` may be looked at further. Nothing in the file but its signer's
/// card (whose signature `sync::open` verified) and the document id and kind is trusted.
pub fn check_incoming(
    ws: &Workspace,
    stored_kind: Option<DocKind>,
    doc_id: &str,
    kind: DocKind,
    signer: &ContactCard,
) -> Result<Incoming, TrustError> {
    let sender = display_name(ws, signer);
    if kind.is_private() {
        return Err(TrustError::Workspace);
    }
    // R7.1: the workspace id, or an id stored under any kind, is never a new document.
    if doc_id == ws.meta.id {
        return Err(TrustError::IdTaken {
            stored: DocKind::Workspace.label(),
            sender,
        });
    }
    let entry = ws.shared.get(doc_id);
    match (stored_kind, entry) {
        (None, None) => {
            let nobody = Participant::new("", "");
            may_write(
                kind,
                &SharedDoc::new(kind, String::new(), Side::Leader, &nobody),
                "",
            )?;
            Ok(Incoming::New)
        }
        (Some(stored), Some(entry)) if stored == kind && entry.kind == kind => {
            // Documents indexed before writers were recorded: their contact's key on record
            // stands for the counterpart's (and is recorded by the caller on first use).
            let mut entry = entry.clone();
            let mut learned = false;
            if entry.counterpart_key.is_empty() {
                if let Some(card) = ws
                    .contacts
                    .get(&entry.contact_id)
                    .and_then(|c| ContactCard::from_text(&c.card).ok())
                {
                    entry.counterpart_key = key_hex(&card);
                    learned = true;
                }
            }
            match may_write(kind, &entry, &key_hex(signer))? {
                Access::Writer if learned => Ok(Incoming::Update { first_reply: true }),
                Access::Writer => Ok(Incoming::Update { first_reply: false }),
                Access::FirstReply => Ok(Incoming::Update { first_reply: true }),
                Access::Refused
                    if kind == DocKind::TeamObjectives && entry.my_side == Side::Leader =>
                {
                    Err(TrustError::NotAMember {
                        sender,
                        title: entry.title,
                    })
                }
                Access::Refused => Err(TrustError::NotAWriter {
                    sender,
                    counterpart: entry.counterpart_name,
                    title: entry.title,
                }),
            }
        }
        // Stored under another kind, or stored without an index entry (or the reverse):
        // never new, never merged.
        (stored, _) => Err(TrustError::IdTaken {
            stored: stored
                .or_else(|| entry.map(|e| e.kind))
                .unwrap_or(kind)
                .label(),
            sender,
        }),
    }
}

/// The two people a shared document of `kind` names (every pair kind keeps `leader` and
/// `employee` as `{id, name}` at the root).
pub fn participants(
    kind: DocKind,
    doc: &AutoCommit,
) -> Result<(Participant, Participant), DocError> {
    match kind {
        DocKind::OneOnOne | DocKind::DevelopmentPlan | DocKind::PerformancePlan => Ok((
            hydrate_prop(doc, ROOT, "leader")?,
            hydrate_prop(doc, ROOT, "employee")?,
        )),
        _ => Err(DocError::WrongKind {
            expected: "shared document",
            found: kind.as_str().to_string(),
        }),
    }
}

/// R7.1: a new document's first file must come from the person it names as my counterpart.
/// The document names its creator by their own person id, which is the id on their card;
/// the signer must be exactly one of the two participants, and I am the other side.
/// Returns my side.
pub fn check_new(
    kind: DocKind,
    doc: &AutoCommit,
    signer: &ContactCard,
    sender: &str,
) -> Result<Side, TrustError> {
    if kind == DocKind::TeamObjectives {
        // R2.5: files travel through the leader, so the first one is the leader's; I am a
        // member (which one: the file's signed recipients say, `incoming`).
        let leader: Participant = hydrate_prop(doc, ROOT, "leader")
            .map_err(|_| TrustError::NotShareable(kind.label()))?;
        let team: String = hydrate_prop(doc, ROOT, "team_name").unwrap_or_default();
        return if signer.person_id == leader.id {
            Ok(Side::Employee)
        } else {
            Err(TrustError::TeamFromSomeoneElse {
                team,
                leader: leader.name,
                sender: sender.to_string(),
            })
        };
    }
    let (leader, employee) =
        participants(kind, doc).map_err(|_| TrustError::NotShareable(kind.label()))?;
    let refused = || TrustError::NewFromWrongPerson {
        kind: kind.label(),
        leader: leader.name.clone(),
        employee: employee.name.clone(),
        sender: sender.to_string(),
    };
    match (
        signer.person_id == leader.id,
        signer.person_id == employee.id,
    ) {
        (true, false) => Ok(Side::Employee),
        (false, true) => Ok(Side::Leader),
        _ => Err(refused()),
    }
}

/// The contact a roster person is linked to through a document already shared with them
/// (leader side): a new document for the same person starts with their key on record.
/// Returns `(contact id, signing key hex)`.
pub fn linked_contact(ws: &Workspace, roster_person_id: &str) -> Option<(String, String)> {
    if roster_person_id.is_empty() {
        return None;
    }
    ws.shared
        .values()
        .find(|s| {
            s.roster_person_id == roster_person_id
                && !s.contact_id.is_empty()
                && !s.counterpart_key.is_empty()
        })
        .map(|s| (s.contact_id.clone(), s.counterpart_key.clone()))
}

/// Adds the actors of changes that arrived from the counterpart (every change a writer's file
/// adds is theirs: the document has two writers and I already have mine).
pub fn note_their_actors<'a>(entry: &mut SharedDoc, actors: impl IntoIterator<Item = &'a str>) {
    for a in actors {
        if !entry.their_actors.iter().any(|x| x == a) {
            entry.their_actors.push(a.to_string());
        }
    }
}

/// The name to show for a change in a shared document's history (R8.5): the stored names of
/// its two writers, by the actor that made it; the name the change claims only for documents
/// indexed before actors were recorded.
pub fn history_name<'a>(
    entry: &'a SharedDoc,
    my_name: &'a str,
    actor: &str,
    claimed: &'a str,
) -> &'a str {
    if entry.kind == DocKind::TeamObjectives {
        return match entry.my_side {
            // The leader knows each member's actors from their own files.
            Side::Leader => super::team_share::history_name(entry, my_name, actor),
            // A member's copy gets everyone's changes through the leader, who checked each
            // member's part when their file arrived: the names the changes claim.
            Side::Employee if entry.their_actors.iter().any(|a| a == actor) => claimed,
            Side::Employee => my_name,
        };
    }
    if entry.their_actors.is_empty() {
        claimed
    } else if entry.their_actors.iter().any(|a| a == actor) {
        &entry.counterpart_name
    } else {
        my_name
    }
}

/// Employee side: the contact of my leader, when every document I share as an employee names
/// the same one (a plan I start for my leader then has their key on record from the start).
/// `None` when there is none, or more than one (then the first reply records it).
pub fn my_leader_contact(ws: &Workspace) -> Option<(String, String)> {
    let mut found: Option<(String, String)> = None;
    for s in ws.shared.values().filter(|s| {
        s.my_side == Side::Employee && !s.contact_id.is_empty() && !s.counterpart_key.is_empty()
    }) {
        let this = (s.contact_id.clone(), s.counterpart_key.clone());
        match &found {
            Some(f) if *f != this => return None,
            _ => found = Some(this),
        }
    }
    found
}
