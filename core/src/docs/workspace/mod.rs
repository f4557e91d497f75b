//! The private workspace document: profile, settings, roster, check-ins and personal context.
//! It never leaves its owner's browser except inside an encrypted backup (R1.3, R3.8, R7.2).
//!
//! Edits are targeted: each command reconciles only the item it touches (`people/<id>`,
//! `checkins/<id>` …), so a change costs the same on a workspace with ten years of check-ins
//! as on an empty one.

use std::collections::BTreeMap;

use automerge::{transaction::Transactable, AutoCommit, ReadDoc, ROOT};
use autosurgeon::{hydrate, reconcile_prop, Hydrate, Reconcile, Text};

use super::{commit, obj_at, put_map, DocError, DocKind, DocMeta};
use crate::domain::{CheckIn, Participant, Person, Side, WorkWeek};

/// Schema version written by this build; loading refuses anything newer.
pub const SCHEMA: u64 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile)]
pub struct Profile {
    /// Stable id of the person who owns this workspace.
    pub id: String,
    pub name: String,
    /// The name of my own leader, if I have one (a person can lead and be led).
    #[autosurgeon(missing = "Default::default")]
    pub leader_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile)]
pub struct Settings {
    pub work_week: WorkWeek,
    /// R1.4: flag people not connected with for this many working days.
    pub flag_after_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            work_week: WorkWeek::default(),
            flag_after_days: 2,
        }
    }
}

/// The hydrated workspace.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Workspace {
    pub meta: DocMeta,
    pub profile: Profile,
    pub settings: Settings,
    pub people: BTreeMap<String, Person>,
    pub checkins: BTreeMap<String, CheckIn>,
    /// R1.3: private personal-context notes, keyed by person id.
    pub context: BTreeMap<String, Text>,
    /// LEGACY (read only, for migration): older builds kept this person's secret keys here
    /// as hex. A value put in an Automerge document stays in its history forever, so keys
    /// now live in their own IndexedDB record (app `state::keys`) and travel in backups
    /// explicitly; [`take_identity_secret`] moves them out and removes this key.
    #[autosurgeon(missing = "Default::default")]
    pub identity_secret: String,
    /// Contact cards of the people I exchange files with, keyed by their person id (R7.4).
    #[autosurgeon(missing = "Default::default")]
    pub contacts: BTreeMap<String, Contact>,
    /// Shared documents I take part in, keyed by document id (R7.1, R7.3).
    #[autosurgeon(missing = "Default::default")]
    pub shared: BTreeMap<String, SharedDoc>,
    /// R3.8: my private notes about a 1:1 meeting, keyed by meeting id. Never in a sync file.
    #[autosurgeon(missing = "Default::default")]
    pub private_notes: BTreeMap<String, Text>,
    /// Ids of sync files already imported (hex) -> when, to recognise a replayed file (R7.5).
    #[autosurgeon(missing = "Default::default")]
    pub imported_files: BTreeMap<String, i64>,
}

/// Someone whose contact card I imported.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile)]
pub struct Contact {
    pub person_id: String,
    pub name: String,
    /// The card as its copyable text: holds the public keys and their self-signature.
    pub card: String,
    pub fingerprint: String,
    /// Set once the fingerprint was compared out of band.
    pub verified: bool,
    pub added_ms: i64,
    /// Whether they are known to hold my card, so files to them can use their key (R7.4):
    /// true once they sent me a key-encrypted file, or replied after I sent them one (every
    /// sync file carries the sender's card).
    #[autosurgeon(missing = "Default::default")]
    pub has_my_card: bool,
}

/// My index entry for a shared document. It links the three names one person has here: the
/// roster person (`roster_person_id`, leader side), their contact card (`contact_id`) and
/// their participant id inside the document (`counterpart_id`); and it records the document's
/// writers by signing key (`my_key`, `counterpart_key`), which decides whose files may touch
/// it (`docs::trust`, docs/WRITERS.md).
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile)]
pub struct SharedDoc {
    pub kind: DocKind,
    pub title: String,
    pub my_side: Side,
    /// The other participant's id inside the shared document.
    pub counterpart_id: String,
    pub counterpart_name: String,
    /// The roster person this document is about, when I am the leader.
    #[autosurgeon(missing = "Default::default")]
    pub roster_person_id: String,
    /// The counterpart's contact (person id of their card) once known.
    #[autosurgeon(missing = "Default::default")]
    pub contact_id: String,
    /// Heads the counterpart is known to have (hex): the next file carries only newer changes (R7.3).
    pub their_heads: Vec<String>,
    pub last_sent_ms: i64,
    pub last_received_ms: i64,
    /// My Ed25519 signing key (hex) when the document was created or first received here.
    #[autosurgeon(missing = "Default::default")]
    pub my_key: String,
    /// The counterpart's Ed25519 signing key (hex): recorded when the document is created for
    /// someone whose card is known, when it is first received (the signer), or from the first
    /// reply to a document created here. Empty until then. Only this key may send updates.
    #[autosurgeon(missing = "Default::default")]
    pub counterpart_key: String,
    /// Automerge actors (hex) whose changes arrived in files from the counterpart: history
    /// shows the counterpart's stored name for them, and mine for every other actor, instead
    /// of the names the changes claim.
    #[autosurgeon(missing = "Default::default")]
    pub their_actors: Vec<String>,
}

impl SharedDoc {
    /// A new entry for a document shared with `counterpart`: nothing sent or received yet, no
    /// writers' keys recorded (callers set what they know with struct-update syntax).
    pub fn new(kind: DocKind, title: String, my_side: Side, counterpart: &Participant) -> SharedDoc {
        SharedDoc {
            kind,
            title,
            my_side,
            counterpart_id: counterpart.id.clone(),
            counterpart_name: counterpart.name.clone(),
            roster_person_id: String::new(),
            contact_id: String::new(),
            their_heads: Vec::new(),
            last_sent_ms: 0,
            last_received_ms: 0,
            my_key: String::new(),
            counterpart_key: String::new(),
            their_actors: Vec::new(),
        }
    }
}

impl Workspace {
    /// Active people (not archived), sorted by name.
    pub fn active_people(&self) -> Vec<&Person> {
        let mut v: Vec<&Person> = self.people.values().filter(|p| !p.is_archived()).collect();
        v.sort_by_key(|p| p.name.to_lowercase());
        v
    }

    pub fn archived_people(&self) -> Vec<&Person> {
        let mut v: Vec<&Person> = self.people.values().filter(|p| p.is_archived()).collect();
        v.sort_by_key(|p| p.name.to_lowercase());
        v
    }

    pub fn context_of(&self, person_id: &str) -> &str {
        self.context
            .get(person_id)
            .map(|t| t.as_str())
            .unwrap_or("")
    }

    /// Check-ins with one person, newest first.
    pub fn checkins_with(&self, person_id: &str) -> Vec<&CheckIn> {
        let mut v: Vec<&CheckIn> = self
            .checkins
            .values()
            .filter(|c| c.person_id == person_id)
            .collect();
        v.sort_by(|a, b| b.date.cmp(&a.date).then(b.logged_at.cmp(&a.logged_at)));
        v
    }
}

/// Every map at the root of a workspace, created together in the first change.
const ROOT_MAPS: [&str; 7] = [
    "people",
    "checkins",
    "context",
    "contacts",
    "shared",
    "private_notes",
    "imported_files",
];

/// Creates a new workspace with every root object in one first change.
pub fn create(
    id: &str,
    owner_id: &str,
    owner_name: &str,
    now_ms: i64,
) -> Result<AutoCommit, DocError> {
    let mut doc = super::new_doc();
    let meta = DocMeta {
        id: id.to_string(),
        kind: DocKind::Workspace,
        schema: SCHEMA,
    };
    reconcile_prop(&mut doc, ROOT, "meta", &meta)?;
    let profile = Profile {
        id: owner_id.to_string(),
        name: owner_name.trim().to_string(),
        leader_name: String::new(),
    };
    reconcile_prop(&mut doc, ROOT, "profile", &profile)?;
    reconcile_prop(&mut doc, ROOT, "settings", Settings::default())?;
    for key in ROOT_MAPS {
        put_map(&mut doc, &ROOT, key)?;
    }
    commit(&mut doc, owner_name, "Created workspace", now_ms);
    Ok(doc)
}

/// Brings a workspace created by an older build up to date: adds root maps it lacks, in one
/// change. Idempotent; only the owner's tabs ever write a workspace.
pub fn migrate(doc: &mut AutoCommit, now_ms: i64) -> Result<bool, DocError> {
    let mut changed = false;
    for key in ROOT_MAPS {
        if obj_at(doc, &ROOT, key).is_err() {
            put_map(doc, &ROOT, key)?;
            changed = true;
        }
    }
    if changed {
        let by = author(doc);
        commit(doc, &by, "Upgraded workspace", now_ms);
    }
    Ok(changed)
}

/// Migration (issue 8, keys out of document history): returns the secret keys an older build
/// stored in the workspace, and deletes them from the current state in one change. The
/// caller must have stored them elsewhere first. Older changes in this document's history
/// (and older backups) still hold the value; see docs/THREAT_MODEL.md.
pub fn take_identity_secret(doc: &mut AutoCommit, now_ms: i64) -> Result<Option<String>, DocError> {
    let secret: String =
        autosurgeon::hydrate_prop(&*doc, ROOT, "identity_secret").unwrap_or_default();
    if doc.get(ROOT, "identity_secret")?.is_none() {
        return Ok(None);
    }
    doc.delete(ROOT, "identity_secret")?;
    let by = author(doc);
    commit(doc, &by, "Moved identity keys out of the workspace", now_ms);
    Ok((!secret.is_empty()).then_some(secret))
}

/// Reads legacy keys without changing anything (the caller stores them, then calls
/// [`take_identity_secret`]).
pub fn legacy_identity_secret(doc: &AutoCommit) -> Option<String> {
    autosurgeon::hydrate_prop::<_, String, _, _>(doc, ROOT, "identity_secret")
        .ok()
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
fn put_legacy_identity_secret(doc: &mut AutoCommit, secret_hex: &str) {
    doc.put(ROOT, "identity_secret", secret_hex).unwrap();
    commit(doc, "me", "Created identity keys", 0);
}

pub fn put_contact(
    doc: &mut AutoCommit,
    contact: &Contact,
    what: &str,
    now_ms: i64,
) -> Result<(), DocError> {
    let contacts = obj_at(doc, &ROOT, "contacts")?;
    reconcile_prop(doc, &contacts, contact.person_id.as_str(), contact)?;
    let by = author(doc);
    commit(doc, &by, what, now_ms);
    Ok(())
}

pub fn put_shared(
    doc: &mut AutoCommit,
    doc_id: &str,
    entry: &SharedDoc,
    what: &str,
    now_ms: i64,
) -> Result<(), DocError> {
    let shared = obj_at(doc, &ROOT, "shared")?;
    reconcile_prop(doc, &shared, doc_id, entry)?;
    let by = author(doc);
    commit(doc, &by, what, now_ms);
    Ok(())
}

/// Remembers an imported sync file so the same file is recognised later (R7.5).
pub fn note_imported_file(
    doc: &mut AutoCommit,
    file_id_hex: &str,
    now_ms: i64,
) -> Result<(), DocError> {
    let files = obj_at(doc, &ROOT, "imported_files")?;
    doc.put(&files, file_id_hex, now_ms)?;
    let by = author(doc);
    commit(doc, &by, "Imported a sync file", now_ms);
    Ok(())
}

/// R3.8: replaces my private note on a meeting (diffed, like every text).
pub fn set_private_note(
    doc: &mut AutoCommit,
    meeting_id: &str,
    text: impl Into<crate::text::TextEdit>,
    now_ms: i64,
) -> Result<(), DocError> {
    let notes = obj_at(doc, &ROOT, "private_notes")?;
    if super::set_text(doc, &notes, meeting_id, text)? {
        let by = author(doc);
        commit(doc, &by, "Edited a private note", now_ms);
    }
    Ok(())
}

/// What [`absorb`] added from another workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Absorbed {
    pub people: usize,
    pub checkins: usize,
    pub contacts: usize,
    pub shared: usize,
    pub notes: usize,
}

/// Restoring a backup into a browser that already has a *different* workspace (R8.2): the two
/// were created independently, so an Automerge merge would race on their root objects and
/// lose data (DESIGN.md). Instead every item the other workspace has and this one lacks is
/// added here, by id; nothing of this workspace is overwritten. With `adopt_identity` (this
/// workspace has never shared anything) the other's profile replaces this one's; the caller
/// adopts the keys (kept outside the document), so the restored shared documents keep
/// working with their counterparts.
pub fn absorb(
    doc: &mut AutoCommit,
    other: &Workspace,
    adopt_identity: bool,
    now_ms: i64,
) -> Result<Absorbed, DocError> {
    let mine = load(doc)?;
    let mut added = Absorbed::default();
    fn add_missing<T: Reconcile>(
        doc: &mut AutoCommit,
        key: &str,
        mine: &BTreeMap<String, impl Sized>,
        theirs: &BTreeMap<String, T>,
    ) -> Result<usize, DocError> {
        let obj = obj_at(doc, &ROOT, key)?;
        let mut n = 0;
        for (id, item) in theirs.iter().filter(|(id, _)| !mine.contains_key(*id)) {
            reconcile_prop(doc, &obj, id.as_str(), item)?;
            n += 1;
        }
        Ok(n)
    }
    added.people = add_missing(doc, "people", &mine.people, &other.people)?;
    added.checkins = add_missing(doc, "checkins", &mine.checkins, &other.checkins)?;
    added.contacts = add_missing(doc, "contacts", &mine.contacts, &other.contacts)?;
    added.shared = add_missing(doc, "shared", &mine.shared, &other.shared)?;
    let ctx = obj_at(doc, &ROOT, "context")?;
    for (id, text) in other
        .context
        .iter()
        .filter(|(id, _)| !mine.context.contains_key(*id))
    {
        super::set_text(doc, &ctx, id, text.as_str())?;
        added.notes += 1;
    }
    let notes = obj_at(doc, &ROOT, "private_notes")?;
    for (id, text) in other
        .private_notes
        .iter()
        .filter(|(id, _)| !mine.private_notes.contains_key(*id))
    {
        super::set_text(doc, &notes, id, text.as_str())?;
        added.notes += 1;
    }
    let files = obj_at(doc, &ROOT, "imported_files")?;
    for (id, at) in other
        .imported_files
        .iter()
        .filter(|(id, _)| !mine.imported_files.contains_key(*id))
    {
        doc.put(&files, id.as_str(), *at)?;
    }
    if adopt_identity {
        reconcile_prop(doc, ROOT, "profile", &other.profile)?;
    }
    let by = author(doc);
    commit(doc, &by, "Restored from a backup", now_ms);
    Ok(added)
}

/// Brings a hydrated workspace up to date with only what changed (see [`super::touched`]):
/// re-reading one check-in instead of all of them keeps an edit cheap on a big workspace.
pub fn refresh(
    ws: &mut Workspace,
    doc: &AutoCommit,
    touched: &super::Touched,
) -> Result<(), DocError> {
    fn items<T: Hydrate>(
        map: &mut BTreeMap<String, T>,
        doc: &AutoCommit,
        key: &str,
        ids: &Option<std::collections::BTreeSet<String>>,
    ) -> Result<(), DocError> {
        let Some(ids) = ids else {
            *map = autosurgeon::hydrate_prop(doc, ROOT, key)?;
            return Ok(());
        };
        let obj = obj_at(doc, &ROOT, key)?;
        for id in ids {
            if doc.get(&obj, id.as_str())?.is_some() {
                map.insert(
                    id.clone(),
                    autosurgeon::hydrate_prop(doc, &obj, id.as_str())?,
                );
            } else {
                map.remove(id);
            }
        }
        Ok(())
    }
    for (key, ids) in touched {
        match key.as_str() {
            "people" => items(&mut ws.people, doc, key, ids)?,
            "checkins" => items(&mut ws.checkins, doc, key, ids)?,
            "context" => items(&mut ws.context, doc, key, ids)?,
            "contacts" => items(&mut ws.contacts, doc, key, ids)?,
            "shared" => items(&mut ws.shared, doc, key, ids)?,
            "private_notes" => items(&mut ws.private_notes, doc, key, ids)?,
            "imported_files" => items(&mut ws.imported_files, doc, key, ids)?,
            "profile" => ws.profile = autosurgeon::hydrate_prop(doc, ROOT, "profile")?,
            "settings" => ws.settings = autosurgeon::hydrate_prop(doc, ROOT, "settings")?,
            "meta" => ws.meta = autosurgeon::hydrate_prop(doc, ROOT, "meta")?,
            "identity_secret" => {
                ws.identity_secret = autosurgeon::hydrate_prop(doc, ROOT, "identity_secret")?
            }
            _ => {}
        }
    }
    Ok(())
}

pub fn load(doc: &AutoCommit) -> Result<Workspace, DocError> {
    super::check(doc, DocKind::Workspace, SCHEMA)?;
    Ok(hydrate(doc)?)
}

/// Author name to record in commit messages.
pub fn author(doc: &AutoCommit) -> String {
    autosurgeon::hydrate_prop::<_, Profile, _, _>(doc, ROOT, "profile")
        .map(|p| p.name)
        .unwrap_or_else(|_| "me".into())
}

pub fn set_profile(doc: &mut AutoCommit, profile: &Profile, now_ms: i64) -> Result<(), DocError> {
    reconcile_prop(doc, ROOT, "profile", profile)?;
    commit(doc, &profile.name, "Updated profile", now_ms);
    Ok(())
}

pub fn set_settings(
    doc: &mut AutoCommit,
    settings: &Settings,
    now_ms: i64,
) -> Result<(), DocError> {
    reconcile_prop(doc, ROOT, "settings", settings)?;
    let by = author(doc);
    commit(doc, &by, "Updated settings", now_ms);
    Ok(())
}

/// Adds or updates a person on the roster.
pub fn put_person(
    doc: &mut AutoCommit,
    person: &Person,
    what: &str,
    now_ms: i64,
) -> Result<(), DocError> {
    let people = obj_at(doc, &ROOT, "people")?;
    reconcile_prop(doc, &people, person.id.as_str(), person)?;
    let by = author(doc);
    commit(doc, &by, what, now_ms);
    Ok(())
}

/// R1.2: logs a check-in (one change, one action).
pub fn put_checkin(doc: &mut AutoCommit, checkin: &CheckIn, now_ms: i64) -> Result<(), DocError> {
    let checkins = obj_at(doc, &ROOT, "checkins")?;
    reconcile_prop(doc, &checkins, checkin.id.as_str(), checkin)?;
    let by = author(doc);
    commit(doc, &by, "Logged check-in", now_ms);
    Ok(())
}

pub fn delete_checkin(doc: &mut AutoCommit, id: &str, now_ms: i64) -> Result<(), DocError> {
    let checkins = obj_at(doc, &ROOT, "checkins")?;
    doc.delete(&checkins, id)?;
    let by = author(doc);
    commit(doc, &by, "Removed check-in", now_ms);
    Ok(())
}

/// R1.3: replaces the personal-context text of a person. The text is diffed against what is
/// stored, so only the typed characters become operations.
pub fn set_context(
    doc: &mut AutoCommit,
    person_id: &str,
    text: impl Into<crate::text::TextEdit>,
    now_ms: i64,
) -> Result<(), DocError> {
    let ctx = obj_at(doc, &ROOT, "context")?;
    if super::set_text(doc, &ctx, person_id, text)? {
        let by = author(doc);
        commit(doc, &by, "Edited personal context", now_ms);
    }
    Ok(())
}

/// Number of check-ins stored (cheap: no hydration).
pub fn checkin_count(doc: &AutoCommit) -> usize {
    obj_at(doc, &ROOT, "checkins")
        .map(|o| doc.length(&o))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
