//! The private workspace document: profile, settings, roster, check-ins and personal context.
//! It never leaves its owner's browser except inside an encrypted backup (R1.3, R3.8, R7.2).
//!
//! Edits are targeted: each command reconciles only the item it touches (`people/<id>`,
//! `checkins/<id>` …), so a change costs the same on a workspace with ten years of check-ins
//! as on an empty one.

use std::collections::BTreeMap;

use automerge::{transaction::Transactable, AutoCommit, ReadDoc, ROOT};
use autosurgeon::{hydrate, reconcile_prop, Hydrate, Reconcile};

use super::{commit, obj_at, put_map, DocError, DocKind, DocMeta};
pub use crate::domain::workspace::{Contact, Profile, Settings, SharedDoc, Workspace};
use crate::domain::{CheckIn, Person};

/// Schema version written by this build; loading refuses anything newer.
pub const SCHEMA: u64 = 1;

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

/// How many people the roster holds (archived included), without reading them.
pub fn people_count(doc: &AutoCommit) -> usize {
    obj_at(doc, &ROOT, "people")
        .map(|people| doc.length(&people))
        .unwrap_or(0)
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
/// lose data (ARCHITECTURE.md, one first change). Instead every item the other workspace has and this one lacks is
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
            "checkins" if ids.is_none() => {
                ws.checkins = crate::domain::checkin::hydrate_all(doc, &ROOT, key.as_str().into())?
            }
            "checkins" => items(&mut ws.checkins, doc, key, ids)?,
            "context" => items(&mut ws.context, doc, key, ids)?,
            "contacts" => items(&mut ws.contacts, doc, key, ids)?,
            "shared" if ids.is_none() => {
                ws.shared = crate::domain::workspace::read_shared(doc, &ROOT, key.as_str().into())?
            }
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
