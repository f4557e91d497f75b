//! Sharing a team document (R2.5, R7.3): one document, many members, and files that travel
//! through the leader. On the leader's side the index entry keeps one channel per member
//! (`SharedDoc::members`): who they are in the document, the key their files must be signed
//! with, and what they are known to hold. One team file is sealed for every member who can be
//! reached (their contact card is known) and carries every change one of them lacks
//! (`exchange::changes_for_all`).
//!
//! A member is reachable once their card is linked to the roster person (through a 1:1 series
//! or plan shared with them, `trust::linked_contact`): team files are always encrypted to keys,
//! never to a passphrase, so nothing has to be agreed with a dozen people out of band.

use super::trust;
use super::workspace::{SharedDoc, Workspace};
use crate::domain::workspace::TeamChannel;
use crate::sync::ContactCard;

/// A member of the team as the document lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    pub name: String,
    /// On the team (has not left).
    pub active: bool,
}

/// The members a team document lists (the leader is not among them).
pub fn members_of(doc: &automerge::AutoCommit) -> Result<Vec<Member>, super::DocError> {
    let team = super::team_objectives::load(doc)?;
    Ok(team
        .members
        .values()
        .map(|m| Member {
            id: m.id.clone(),
            name: m.name.clone(),
            active: m.is_active(),
        })
        .collect())
}

/// Brings the leader's channels in line with the document's members: a channel for each
/// member, `left` for those who left (their key is refused from then on, `trust`), the name
/// they have now, and the key of a member whose card has been linked since. Returns whether
/// anything changed.
pub fn sync_channels(ws: &Workspace, entry: &mut SharedDoc, members: &[Member]) -> bool {
    let before = entry.members.clone();
    for m in members {
        let pos = match entry.members.iter().position(|c| c.person_id == m.id) {
            Some(p) => p,
            None => {
                entry.members.push(TeamChannel {
                    person_id: m.id.clone(),
                    ..TeamChannel::default()
                });
                entry.members.len() - 1
            }
        };
        let channel = &mut entry.members[pos];
        channel.name = m.name.clone();
        channel.left = !m.active;
        if channel.key.is_empty() {
            if let Some((contact, key)) = trust::linked_contact(ws, &m.id) {
                channel.contact_id = contact;
                channel.key = key;
            }
        }
    }
    // A channel whose member is no longer listed at all is treated as having left.
    for c in entry.members.iter_mut() {
        if !members.iter().any(|m| m.id == c.person_id) {
            c.left = true;
        }
    }
    entry.members != before
}

/// The leader names the contact of a member whose card is not linked through a document
/// shared with them (R2.5): from then on the member's files must be signed with that card's
/// key. A card already standing for another member on the team is refused.
pub fn link_member(
    ws: &Workspace,
    entry: &mut SharedDoc,
    person_id: &str,
    contact_id: &str,
) -> Result<(), &'static str> {
    let card = ws
        .contacts
        .get(contact_id)
        .and_then(|c| ContactCard::from_text(&c.card).ok())
        .ok_or("That contact card is not in your contacts.")?;
    let key = trust::key_hex(&card);
    if entry
        .members
        .iter()
        .any(|m| !m.left && m.person_id != person_id && m.key == key)
    {
        return Err("That contact card already belongs to another member of the team.");
    }
    let channel = entry
        .members
        .iter_mut()
        .find(|m| m.person_id == person_id)
        .ok_or("That person is not on the team.")?;
    channel.contact_id = contact_id.to_string();
    channel.key = key;
    Ok(())
}

/// Contacts that could be linked to a waiting member: not standing for anyone on the team.
pub fn unlinked_contacts(ws: &Workspace, entry: &SharedDoc) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = ws
        .contacts
        .values()
        .filter(|c| {
            !entry
                .members
                .iter()
                .any(|m| !m.left && m.contact_id == c.person_id)
        })
        .map(|c| (c.person_id.clone(), c.name.clone()))
        .collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    v
}

/// Who the next team file reaches, and who it cannot reach yet.
#[derive(Debug, Clone, Default)]
pub struct Reach {
    /// Members on the team with a known card, with that card.
    pub ready: Vec<(TeamChannel, ContactCard)>,
    /// Members on the team whose card is not known yet.
    pub waiting: Vec<TeamChannel>,
}

pub fn reach(ws: &Workspace, entry: &SharedDoc) -> Reach {
    let mut out = Reach::default();
    for c in entry.members.iter().filter(|c| !c.left) {
        let card = ws
            .contacts
            .get(&c.contact_id)
            .and_then(|k| ContactCard::from_text(&k.card).ok())
            .filter(|card| trust::key_hex(card) == c.key);
        match card {
            Some(card) if !c.key.is_empty() => out.ready.push((c.clone(), card)),
            _ => out.waiting.push(c.clone()),
        }
    }
    out
}

/// The history name of a change in a team document on the leader's side: the member whose
/// files brought its actor, else mine (every other change here is the leader's own).
pub fn history_name<'a>(entry: &'a SharedDoc, my_name: &'a str, actor: &str) -> &'a str {
    entry
        .members
        .iter()
        .find(|m| m.actors.iter().any(|a| a == actor))
        .map(|m| m.name.as_str())
        .unwrap_or(my_name)
}

/// What the next team file will carry and whom it reaches, shown before it is made (R7.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamFilePlan {
    /// Members the file is encrypted to.
    pub recipients: Vec<String>,
    /// Members on the team whose contact card is not known yet, `(id, name)`.
    pub waiting: Vec<(String, String)>,
    pub changes: usize,
    /// Someone gets the document for the first time, so the file carries all of it.
    pub whole_document: bool,
}

/// Why no team file was made. Messages are shown to the user as is.
#[derive(Debug, thiserror::Error)]
pub enum TeamShareError {
    #[error("Nobody is on this team yet. Add members first.")]
    NoMembers,
    #[error(
        "No member can receive the team's file yet: Rapport does not have the contact card of \
         {0}. Share a 1:1 series with each of them first (or import their card under Sharing)."
    )]
    NobodyReachable(String),
    #[error(transparent)]
    Sync(#[from] crate::sync::SyncError),
}

/// Heads each reachable member is known to have.
fn known_heads(reach: &Reach) -> Vec<Vec<automerge::ChangeHash>> {
    reach
        .ready
        .iter()
        .map(|(c, _)| super::exchange::heads_from_hex(&c.their_heads).unwrap_or_default())
        .collect()
}

pub fn plan(ws: &Workspace, entry: &SharedDoc, doc: &mut automerge::AutoCommit) -> TeamFilePlan {
    let reach = reach(ws, entry);
    // Counted, not made: opening the panel must not serialise the document.
    let (changes, whole_document) = super::exchange::count_for_all(doc, &known_heads(&reach));
    TeamFilePlan {
        recipients: reach.ready.iter().map(|(c, _)| c.name.clone()).collect(),
        waiting: reach
            .waiting
            .iter()
            .map(|c| (c.person_id.clone(), c.name.clone()))
            .collect(),
        changes,
        whole_document,
    }
}

/// A sealed team file and the index entry to store once it is saved.
pub struct TeamFile {
    pub bytes: Vec<u8>,
    /// `entry` with when the file was sent, to whom.
    pub entry: SharedDoc,
    pub reached: usize,
}

/// R2.5, R7.3: one sync file for every member on the team whose card is known, encrypted to
/// each of them (`SealTo::Team`), carrying every change one of them lacks; the leader's files
/// relay what the members sent. Members whose card is not known yet are left out (the plan
/// names them).
#[allow(clippy::too_many_arguments)]
pub fn seal_team_file(
    ws: &Workspace,
    entry: &SharedDoc,
    doc_id: &str,
    doc: &mut automerge::AutoCommit,
    me: &crate::sync::Identity,
    my_card: &ContactCard,
    now_ms: i64,
    rng: &mut impl rand_core::CryptoRngCore,
) -> Result<TeamFile, TeamShareError> {
    use crate::sync::{Addressee, SealTo, SyncHeaderDraft, TeamRecipient};
    let reach = reach(ws, entry);
    if reach.ready.is_empty() {
        return Err(if reach.waiting.is_empty() {
            TeamShareError::NoMembers
        } else {
            TeamShareError::NobodyReachable(
                reach
                    .waiting
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        });
    }
    let (payload, base, count) = super::exchange::changes_for_all(doc, &known_heads(&reach));
    let recipients: Vec<TeamRecipient> = reach
        .ready
        .iter()
        .map(|(c, card)| TeamRecipient {
            card: card.clone(),
            addressee: Addressee {
                person_id: c.person_id.clone(),
                name: c.name.clone(),
            },
        })
        .collect();
    let draft = SyncHeaderDraft {
        doc_id: doc_id.to_string(),
        doc_kind: super::DocKind::TeamObjectives,
        doc_title: entry.title.clone(),
        sender_heads: super::exchange::heads_to_hex(&doc.get_heads()),
        base_heads: super::exchange::heads_to_hex(&base),
        change_count: count as u32,
        created_ms: now_ms,
        addressee: None,
    };
    let bytes = crate::sync::seal(
        &draft,
        &payload,
        me,
        my_card,
        SealTo::Team(&recipients),
        rng,
    )?;
    let mut updated = entry.clone();
    updated.last_sent_ms = now_ms;
    for c in updated.members.iter_mut() {
        if reach.ready.iter().any(|(r, _)| r.person_id == c.person_id) {
            c.last_sent_ms = now_ms;
        }
    }
    Ok(TeamFile {
        bytes,
        entry: updated,
        reached: reach.ready.len(),
    })
}
