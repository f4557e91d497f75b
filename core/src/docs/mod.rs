//! Automerge document schemas. One module per document kind; this module holds what they
//! share: the metadata every document carries, commits that record who did what (R8.5), and
//! loading with validation.
//!
//! Every document is created on ONE side with all its root objects in a single first change
//! (ARCHITECTURE.md, one first change).

pub mod bounds;
pub mod checkins;
pub mod development_plan;
pub mod exchange;
pub mod export;
pub mod incoming;
pub mod one_on_one;
mod pair;
pub mod performance_plan;
pub mod private_notes;
pub mod restore;
pub mod rights;
pub mod team_objectives;
pub mod team_share;
pub mod trust;
pub mod workspace;

use automerge::{transaction::CommitOptions, AutoCommit, ObjId, ObjType, ReadDoc, Value, ROOT};

pub use crate::domain::shared::{DocKind, DocMeta};
use serde::{Deserialize, Serialize};

/// The newest schema of `kind` this build reads (and writes).
pub fn max_schema(kind: DocKind) -> u64 {
    match kind {
        DocKind::Workspace => workspace::SCHEMA,
        DocKind::OneOnOne => one_on_one::SCHEMA,
        DocKind::DevelopmentPlan => development_plan::SCHEMA,
        DocKind::PerformancePlan => performance_plan::SCHEMA,
        DocKind::TeamObjectives => team_objectives::SCHEMA,
        DocKind::CheckIns => checkins::SCHEMA,
        DocKind::PrivateNotes => private_notes::SCHEMA,
    }
}

/// A new item's id and the flags raised by adding it (allowed, but worth a look).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub id: String,
    pub flags: Vec<crate::rules::Finding>,
}

/// A date as documents store it (ISO-8601, `domain::iso_date`), for a single field written
/// with `reconcile_prop` / `put_if_changed`.
pub(crate) fn iso(d: chrono::NaiveDate) -> String {
    crate::dates::iso(d)
}

#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("the stored data is not a readable document ({0})")]
    Corrupt(String),
    #[error("this document is a {found}, expected a {expected}")]
    WrongKind {
        expected: &'static str,
        found: String,
    },
    #[error("this document was written by a newer version of Rapport (schema {0}); update the app to open it")]
    NewerSchema(u64),
    #[error("document data does not match its schema: {0}")]
    Shape(#[from] autosurgeon::HydrateError),
    #[error("could not write the change: {0}")]
    Write(String),
}

impl From<automerge::AutomergeError> for DocError {
    fn from(e: automerge::AutomergeError) -> Self {
        DocError::Write(e.to_string())
    }
}

impl From<autosurgeon::ReconcileError> for DocError {
    fn from(e: autosurgeon::ReconcileError) -> Self {
        DocError::Write(e.to_string())
    }
}

/// Why a command on a shared document did not change it. One error for every document kind, so
/// the app state passes it on typed and the view decides how to say it.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Doc(#[from] DocError),
    /// A rule refused the command; each finding carries its rule id and message.
    #[error("{}", .0.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(" "))]
    Refused(Vec<crate::rules::Finding>),
    /// A form value is not usable (empty, too long, not a date …).
    #[error(transparent)]
    Input(#[from] crate::domain::InputError),
    /// A performance-plan form value is not usable.
    #[error(transparent)]
    PlanInput(#[from] crate::domain::performance::InputError),
    /// A team-objectives form value is not usable.
    #[error(transparent)]
    TeamInput(#[from] crate::domain::team::InputError),
    /// The input is not usable, said in a sentence of its own.
    #[error("{0}")]
    Invalid(String),
    #[error("This {0} is not in this copy of the document: it may have been removed on the other side, or not have arrived yet.")]
    NotFound(&'static str),
    #[error("You are not one of the people this document is shared between.")]
    NotAParticipant,
    #[error("Only {0} can change this.")]
    NotAllowed(&'static str),
}

impl From<automerge::AutomergeError> for CommandError {
    fn from(e: automerge::AutomergeError) -> Self {
        CommandError::Doc(e.into())
    }
}

impl From<autosurgeon::ReconcileError> for CommandError {
    fn from(e: autosurgeon::ReconcileError) -> Self {
        CommandError::Doc(e.into())
    }
}

impl From<autosurgeon::HydrateError> for CommandError {
    fn from(e: autosurgeon::HydrateError) -> Self {
        CommandError::Doc(e.into())
    }
}

/// A new, empty document for a `create` command: a random actor, or a seeded one while the
/// benchmark generator runs under [`crate::domain::with_seeded_ids`] (so its output is the same
/// on every run).
pub fn new_doc() -> AutoCommit {
    let doc = AutoCommit::new();
    match crate::domain::seeded_bytes() {
        Some(bytes) => doc.with_actor(automerge::ActorId::from(bytes.as_slice())),
        None => doc,
    }
}

/// Reads the metadata of any Rapport document.
pub fn meta<D: autosurgeon::ReadDoc>(doc: &D) -> Result<DocMeta, DocError> {
    Ok(autosurgeon::hydrate_prop(doc, ROOT, "meta")?)
}

/// Loads document bytes and checks they hold a Rapport document of `kind` that this version can read.
pub fn load_checked(bytes: &[u8], kind: DocKind, max_schema: u64) -> Result<AutoCommit, DocError> {
    let doc = AutoCommit::load(bytes).map_err(|e| DocError::Corrupt(e.to_string()))?;
    check(&doc, kind, max_schema)?;
    Ok(doc)
}

pub fn check<D: autosurgeon::ReadDoc>(
    doc: &D,
    kind: DocKind,
    max_schema: u64,
) -> Result<DocMeta, DocError> {
    let m = meta(doc)?;
    if m.kind != kind {
        return Err(DocError::WrongKind {
            expected: kind.label(),
            found: m.kind.label().to_string(),
        });
    }
    if m.schema > max_schema {
        return Err(DocError::NewerSchema(m.schema));
    }
    Ok(m)
}

/// The object id of a map or list stored at `key` in `parent`.
pub fn obj_at(doc: &impl ReadDoc, parent: &ObjId, key: &str) -> Result<ObjId, DocError> {
    match doc.get(parent, key) {
        Ok(Some((Value::Object(_), id))) => Ok(id),
        _ => Err(DocError::Corrupt(format!("missing object {key}"))),
    }
}

/// Creates a private document whose first change is the same bytes wherever it is made: a
/// fixed actor derived from `id`, time 0, no message, holding `meta` and one empty map at
/// `map_key`. Two tabs, or a backup from another browser, may each create the same document
/// (a month of check-ins, the private notes on one shared document); their copies then share
/// one map and merge as one document instead of two rival maps at one key, one hiding the
/// other. The returned document writes with `actor` from then on.
pub fn create_fixed(
    id: String,
    kind: DocKind,
    schema: u64,
    map_key: &str,
    actor: automerge::ActorId,
) -> Result<AutoCommit, DocError> {
    use sha2::Digest;
    let hash = sha2::Sha256::digest(id.as_bytes());
    let mut doc = AutoCommit::new().with_actor(automerge::ActorId::from(&hash[..16]));
    let meta = DocMeta { id, kind, schema };
    autosurgeon::reconcile_prop(&mut doc, ROOT, "meta", &meta)?;
    put_map(&mut doc, &ROOT, map_key)?;
    doc.commit_with(CommitOptions::default().with_time(0));
    doc.set_actor(actor);
    Ok(doc)
}

/// Ensures `key` holds a map in `parent` (used only inside a document's creating change).
pub fn put_map(doc: &mut AutoCommit, parent: &ObjId, key: &str) -> Result<ObjId, DocError> {
    use automerge::transaction::Transactable;
    Ok(doc.put_object(parent, key, ObjType::Map)?)
}

/// Stores a text edit in the Text object at `parent[key]`, creating it if missing.
///
/// A field's typed text is merged with what changed in the document since the field last saw
/// it (another tab, a merged sync file: R8.4), so nobody's characters are diffed away; then
/// Automerge diffs the stored and the merged strings itself (in characters, so non-ASCII text
/// is safe) and only the differences become operations. Returns whether anything changed.
pub fn set_text(
    doc: &mut AutoCommit,
    parent: &ObjId,
    key: &str,
    edit: impl Into<crate::text::TextEdit>,
) -> Result<bool, DocError> {
    use automerge::transaction::Transactable;
    let obj = match doc.get(parent, key)? {
        Some((Value::Object(ObjType::Text), id)) => id,
        _ => doc.put_object(parent, key, ObjType::Text)?,
    };
    update_text(doc, &obj, &edit.into())
}

/// Merges the edit into a Text object already looked up (the one way text is written).
fn update_text(
    doc: &mut AutoCommit,
    obj: &ObjId,
    edit: &crate::text::TextEdit,
) -> Result<bool, DocError> {
    use automerge::transaction::Transactable;
    let current = doc.text(obj)?;
    let merged = edit.resolve(&current);
    if merged == current {
        return Ok(false);
    }
    doc.update_text(obj, &merged)?;
    Ok(true)
}

/// Writes `value` at `parent[key]` only when it differs from what is stored there, so a form
/// saved without a change makes no operation and no history entry (and a concurrent edit of the
/// other field by the other side is not overwritten). Returns whether it wrote.
pub fn put_if_changed<T>(
    doc: &mut AutoCommit,
    parent: &ObjId,
    key: &str,
    value: T,
) -> Result<bool, DocError>
where
    T: autosurgeon::Reconcile + autosurgeon::Hydrate + PartialEq,
{
    let stored: Option<T> = autosurgeon::hydrate_prop(doc, parent, key).ok();
    if stored.as_ref() == Some(&value) {
        return Ok(false);
    }
    autosurgeon::reconcile_prop(doc, parent, key, value)?;
    Ok(true)
}

/// What changed between two versions of a document: for each root key, either the ids of
/// the items (entries of a root map) that changed, or `None` when the root value itself
/// changed. Lets the app re-hydrate only what changed instead of the whole document.
pub type Touched = std::collections::BTreeMap<String, Option<std::collections::BTreeSet<String>>>;

/// Computes [`Touched`] from Automerge's own diff between `before` and `after` heads. Without
/// an index this scans every op of the document; when `before` is the document's diff cursor
/// (`AutoCommit::update_diff_cursor`, called after each hydration) and `after` its heads,
/// Automerge answers from the changes it recorded since, in time proportional to them.
pub fn touched(
    doc: &mut AutoCommit,
    before: &[automerge::ChangeHash],
    after: &[automerge::ChangeHash],
) -> Touched {
    use automerge::{PatchAction, Prop};
    let mut out = Touched::new();
    let key_of = |action: &PatchAction| match action {
        PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => Some(key.clone()),
        PatchAction::Conflict {
            prop: Prop::Map(key),
        } => Some(key.clone()),
        _ => None,
    };
    for patch in doc.diff(before, after) {
        let root_key = match patch.path.first() {
            Some((_, Prop::Map(k))) => k.clone(),
            Some(_) => continue,
            None => match key_of(&patch.action) {
                Some(k) => {
                    out.insert(k, None);
                    continue;
                }
                None => continue,
            },
        };
        let item = match patch.path.get(1) {
            Some((_, Prop::Map(k))) => Some(k.clone()),
            Some(_) => None,
            None => key_of(&patch.action),
        };
        match (
            out.entry(root_key)
                .or_insert_with(|| Some(Default::default())),
            item,
        ) {
            (Some(items), Some(i)) => {
                items.insert(i);
            }
            (slot, _) => *slot = None,
        }
    }
    out
}

/// Who did what, as recorded in each commit message (R8.5). Kept as JSON so any Automerge
/// tool shows something readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeNote {
    /// Display name of the author at the time of the change.
    pub by: String,
    /// What the change did, in a few words ("Added topic \"Roadmap\"").
    pub what: String,
}

/// Commits pending operations with an author, a description and a timestamp (ms since epoch).
/// Does nothing if there is nothing to commit.
pub fn commit(doc: &mut AutoCommit, by: &str, what: &str, now_ms: i64) {
    let note = ChangeNote {
        by: by.to_string(),
        what: what.to_string(),
    };
    let msg = serde_json::to_string(&note).unwrap_or_default();
    doc.commit_with(
        CommitOptions::default()
            .with_message(msg)
            .with_time(now_ms / 1000),
    );
}

/// One entry of a document's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub hash: String,
    pub actor: String,
    /// Seconds since the Unix epoch, as recorded by the author's clock.
    pub time: i64,
    pub by: String,
    pub what: String,
    pub ops: usize,
}

/// The change log of a document, newest first (R8.5).
pub fn history(doc: &mut AutoCommit) -> Vec<HistoryEntry> {
    let mut out: Vec<HistoryEntry> = doc
        .get_changes(&[])
        .into_iter()
        .map(|c| {
            let note = c
                .message()
                .and_then(|m| serde_json::from_str::<ChangeNote>(m).ok())
                .unwrap_or(ChangeNote {
                    by: "unknown".into(),
                    what: c
                        .message()
                        .map(|m| m.to_string())
                        .unwrap_or_else(|| "Edited".into()),
                });
            HistoryEntry {
                hash: c.hash().to_string(),
                actor: c.actor_id().to_hex_string(),
                time: c.timestamp(),
                by: note.by,
                what: note.what,
                ops: c.len(),
            }
        })
        .collect();
    out.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.hash.cmp(&b.hash)));
    collapse_typing(out)
}

/// Typing commits every few hundred milliseconds; a person reads one "Edited notes" per
/// sitting, not one per commit. Consecutive entries by the same author and actor with the
/// same description, less than [`TYPING_GAP_SECS`] apart, become one (the newest, with the
/// operations of all).
fn collapse_typing(entries: Vec<HistoryEntry>) -> Vec<HistoryEntry> {
    let mut out: Vec<HistoryEntry> = Vec::with_capacity(entries.len());
    // The time of the oldest commit folded into the last entry: gaps are measured from it.
    let mut oldest = i64::MAX;
    for e in entries {
        if let Some(last) = out.last_mut() {
            let same = last.actor == e.actor && last.by == e.by && last.what == e.what;
            if same && oldest - e.time <= TYPING_GAP_SECS {
                last.ops += e.ops;
                oldest = e.time;
                continue;
            }
        }
        oldest = e.time;
        out.push(e);
    }
    out
}

/// See [`collapse_typing`].
pub const TYPING_GAP_SECS: i64 = 120;

#[cfg(test)]
mod history_tests {
    use super::*;

    fn entry(hash: &str, time: i64, what: &str) -> HistoryEntry {
        HistoryEntry {
            hash: hash.into(),
            actor: "a".into(),
            time,
            by: "Ada".into(),
            what: what.into(),
            ops: 1,
        }
    }

    #[test]
    fn a_sitting_of_typing_is_one_entry() {
        // Newest first, as `history` sorts them.
        let h = collapse_typing(vec![
            entry("5", 1_000, "Edited notes"),
            entry("4", 999, "Edited notes"),
            entry("3", 900, "Edited notes"),
            entry("2", 500, "Edited notes"), // a later sitting: 400 s apart
            entry("1", 499, "Added a topic"),
        ]);
        let whats: Vec<(&str, usize)> = h.iter().map(|e| (e.hash.as_str(), e.ops)).collect();
        assert_eq!(whats, vec![("5", 3), ("2", 1), ("1", 1)]);
    }
}
