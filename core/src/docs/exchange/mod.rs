//! The Automerge side of sync files (R7.1–R7.3, R7.5): what to send, what a received payload
//! would change, and merging it. Pure document logic: the envelope around the payload
//! (magic, version, sender, recipient, signature, encryption, size limits) is `crate::sync`'s
//! job; this module only ever sees the decrypted payload bytes.
//!
//! A payload is standard Automerge bytes, readable by any Automerge implementation: the whole
//! document (`save()`) the first time, then only the changes the other side does not have yet
//! (`save_after(their heads)`, R7.3).
//!
//! Safety rules (R7.5): a payload is fully parsed before anything is applied; it is applied to
//! a copy first; and the copy replaces the document only if every check passed. So a damaged
//! file, a file for another document, or a file that builds on changes this copy has never
//! seen is refused with a clear message and the document is left exactly as it was.

use automerge::{
    ActorId, AutoCommit, Automerge, AutomergeError, ChangeHash, LoadOptions, OnPartialLoad,
    ReadDoc, ScalarValue, Value, VerificationMode, ROOT,
};

use super::bounds::{self, BoundsError};
use super::rights::{Author, Step};
use super::{ChangeNote, DocError, DocKind};
use crate::sync::limits::PayloadLimits;

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("This sync file is damaged or incomplete and cannot be read ({0}). Ask the sender for a new one.")]
    Corrupt(String),
    #[error("This sync file belongs to another document ({found}), not to this one ({expected}).")]
    WrongDocument { expected: String, found: String },
    #[error(
        "This sync file continues from {0} change(s) your copy has not received yet. Import the \
         earlier sync file first, or ask the sender for a new one."
    )]
    MissingHistory(usize),
    #[error(
        "This sync file only holds recent changes, not the whole document. Ask the sender to \
         export the document again for a first import."
    )]
    NotAWholeDocument,
    #[error(
        "This sync file is incomplete: it does not bring your copy up to the sender's version. \
         Ask the sender for a new one."
    )]
    Incomplete,
    #[error(
        "This sync file was not read because {0}, far more than any real Rapport document. \
         It was not made by a working copy of Rapport, or it is damaged; nothing was changed. \
         Ask the sender for a fresh file."
    )]
    TooMuch(BoundsError),
    /// A payload whose changes do not descend from this document's first change: a separate
    /// document that only shares the id (a takeover attempt, or two copies created apart).
    #[error(
        "This sync file does not continue your copy of the document: it holds a separate \
         document that only uses the same identity. Nothing was imported. Ask the sender to \
         export an update from the copy you share."
    )]
    UnrelatedHistory,
    /// A payload that changes what the document is (its id, kind or schema) after creation.
    #[error(
        "This sync file tries to change what kind of document this is. Nothing was imported. \
         Ask the sender for a new file from an up-to-date version of Rapport."
    )]
    MetaChanged,
    /// A change touches a part of the document its author may not write (`super::rights`).
    #[error(transparent)]
    NotTheirPart(#[from] super::rights::RightsError),
    #[error("\"{0}\" is not a document version (expected 64 hex digits).")]
    BadHeads(String),
    #[error(transparent)]
    Doc(#[from] DocError),
}

/// One change a payload would add, as shown before import (R7.2) and in history (R8.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLine {
    pub hash: String,
    pub actor: String,
    /// Seconds since the Unix epoch, by the author's clock.
    pub time: i64,
    pub by: String,
    pub what: String,
}

/// What importing a payload would do (R7.2: "before import it shows what the file contains").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub doc_id: String,
    pub kind: DocKind,
    /// Changes the document does not have yet. 0 for a file already imported (R7.1).
    pub new_changes: usize,
    /// Distinct authors of the new changes, in order of first appearance.
    pub authors: Vec<String>,
    /// The new changes, oldest first.
    pub changes: Vec<ChangeLine>,
    pub would_change: bool,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeReport {
    pub new_changes: usize,
    pub authors: Vec<String>,
    pub changes: Vec<ChangeLine>,
    /// The document's heads after the merge (what the sender now knows we have, once we tell them).
    pub heads: Vec<ChangeHash>,
}

/// The payload to send to someone known to have `their_heads` (R7.3): the whole document when
/// nothing is known, else only the changes they lack. Heads we do not have ourselves (their
/// own newer changes) are ignored: the remaining ones still bound what they have. If none is
/// known here, the whole document is sent, which is always safe.
pub fn changes_since(doc: &mut AutoCommit, their_heads: &[ChangeHash]) -> Vec<u8> {
    let known: Vec<ChangeHash> = their_heads
        .iter()
        .filter(|h| doc.get_change_meta_by_hash(h).is_some())
        .copied()
        .collect();
    if known.is_empty() {
        doc.save()
    } else {
        doc.save_after(&known)
    }
}

/// The distinct sets of heads several people are known to have, keeping only heads held here;
/// `None` when anyone is new (nothing known of them, or none of their heads held here): a file
/// for all of them must then be the whole document.
fn held_sets(doc: &mut AutoCommit, known: &[Vec<ChangeHash>]) -> Option<Vec<Vec<ChangeHash>>> {
    let mut sets: Vec<Vec<ChangeHash>> = Vec::new();
    for heads in known {
        let mut held: Vec<ChangeHash> = heads
            .iter()
            .filter(|h| doc.get_change_meta_by_hash(h).is_some())
            .copied()
            .collect();
        if held.is_empty() {
            return None;
        }
        held.sort();
        if !sets.contains(&held) {
            sets.push(held);
        }
    }
    (!sets.is_empty()).then_some(sets)
}

/// What one file for several people (a team document, R2.5, R7.3) would carry, without making
/// it: how many changes (each counted once), and whether it is the whole document.
pub fn count_for_all(doc: &mut AutoCommit, known: &[Vec<ChangeHash>]) -> (usize, bool) {
    match held_sets(doc, known) {
        None => (doc.get_changes_meta(&[]).len(), true),
        Some(sets) => {
            let mut seen = std::collections::HashSet::new();
            for heads in &sets {
                seen.extend(doc.get_changes_meta(heads).into_iter().map(|c| c.hash));
            }
            (seen.len(), false)
        }
    }
}

/// The payload of one file for several people (a team document, R2.5, R7.3), each known to
/// have the heads in `known` (one entry per recipient): every change at least one of them
/// lacks, the heads the file builds on, and how many changes it carries. The whole document
/// when anyone is new, so a member who joins later gets all of it. Automerge applies the changes
/// of one payload in causal order whatever order they come in.
pub fn changes_for_all(
    doc: &mut AutoCommit,
    known: &[Vec<ChangeHash>],
) -> (Vec<u8>, Vec<ChangeHash>, usize) {
    let Some(sets) = held_sets(doc, known) else {
        let count = doc.get_changes_meta(&[]).len();
        return (doc.save(), Vec::new(), count);
    };
    let mut seen = std::collections::HashSet::new();
    let mut payload = Vec::new();
    let mut base: Vec<ChangeHash> = Vec::new();
    for heads in &sets {
        for change in doc.get_changes(heads) {
            if seen.insert(change.hash()) {
                payload.extend_from_slice(change.raw_bytes());
            }
        }
        for h in heads {
            if !base.contains(h) {
                base.push(*h);
            }
        }
    }
    (payload, base, seen.len())
}

/// Reports what `payload` would change in `doc`, without changing it. `doc_id` is the document
/// the sync file says it carries; it must be this document.
pub fn preview(doc: &AutoCommit, doc_id: &str, payload: &[u8]) -> Result<Preview, ExchangeError> {
    preview_from(doc, doc_id, payload, &[])
}

/// [`preview`] for a sync file that names the sender's heads: also refuses a payload that
/// would not bring this copy up to them (a file cut short exactly between two changes still
/// parses, so only this check catches it).
pub fn preview_from(
    doc: &AutoCommit,
    doc_id: &str,
    payload: &[u8],
    sender_heads: &[ChangeHash],
) -> Result<Preview, ExchangeError> {
    preview_checked(doc, doc_id, payload, sender_heads, None)
}

/// Merges `payload` into `doc` (R7.1): concurrent edits on both sides are all kept, and a
/// payload already imported changes nothing. On any error `doc` is untouched.
pub fn merge(doc: &mut AutoCommit, payload: &[u8]) -> Result<MergeReport, ExchangeError> {
    merge_from(doc, payload, &[])
}

/// [`merge`] for a sync file that names the sender's heads (docs/SYNC_FORMAT.md: every sync file does):
/// also refuses, leaving `doc` untouched, a payload that would not bring it up to them.
pub fn merge_from(
    doc: &mut AutoCommit,
    payload: &[u8],
    sender_heads: &[ChangeHash],
) -> Result<MergeReport, ExchangeError> {
    merge_checked(doc, payload, sender_heads, None)
}

/// [`preview_from`] for a file from a writer of a pair document: also refuses a payload with
/// a change `author` may not make (`super::rights`, docs/WRITERS.md).
pub fn preview_by(
    doc: &AutoCommit,
    doc_id: &str,
    payload: &[u8],
    sender_heads: &[ChangeHash],
    author: impl Into<Author>,
) -> Result<Preview, ExchangeError> {
    preview_checked(doc, doc_id, payload, sender_heads, Some(author.into()))
}

/// A follow-up file checked by [`preview_by_keeping`]: the document as it would be after the
/// merge, and exactly what it was checked against. [`merge_by_prepared`] uses it when nothing
/// has changed since, instead of checking the same file against the same document again
/// (issue 11: an import's preview and merge together within 100 ms at 50 × 5).
#[derive(Debug, Clone)]
pub struct Prepared {
    base: Vec<ChangeHash>,
    payload: Vec<u8>,
    sender_heads: Vec<ChangeHash>,
    author: Author,
    copy: AutoCommit,
    changes: Vec<ChangeLine>,
}

impl Prepared {
    /// Whether this copy was checked for merging `payload` (naming `sender_heads`, written by
    /// `author`) into `doc` as it is now.
    pub fn is_for(
        &self,
        doc: &mut AutoCommit,
        payload: &[u8],
        sender_heads: &[ChangeHash],
        author: &Author,
    ) -> bool {
        self.payload == payload
            && self.sender_heads == sender_heads
            && self.author == *author
            && self.base == doc.get_heads()
    }
}

/// [`preview_by`], also keeping the checked copy for [`merge_by_prepared`].
pub fn preview_by_keeping(
    doc: &AutoCommit,
    doc_id: &str,
    payload: &[u8],
    sender_heads: &[ChangeHash],
    author: impl Into<Author>,
) -> Result<(Preview, Prepared), ExchangeError> {
    let author = author.into();
    let (preview, copy, base) =
        preview_with_copy(doc, doc_id, payload, sender_heads, Some(author.clone()))?;
    let changes = preview.changes.clone();
    Ok((
        preview,
        Prepared {
            base,
            payload: payload.to_vec(),
            sender_heads: sender_heads.to_vec(),
            author,
            copy,
            changes,
        },
    ))
}

/// [`merge_by`], using `prepared` when it was checked for this very merge: the same payload,
/// sender heads and author, on the document as it is now (its heads). Anything else (another
/// tab changed the document since the preview, say) is checked and merged afresh. On any error
/// `doc` is untouched.
pub fn merge_by_prepared(
    doc: &mut AutoCommit,
    payload: &[u8],
    sender_heads: &[ChangeHash],
    author: impl Into<Author>,
    prepared: Option<Prepared>,
) -> Result<MergeReport, ExchangeError> {
    let author = author.into();
    if let Some(p) = prepared.filter(|p| p.is_for(doc, payload, sender_heads, &author)) {
        if !p.changes.is_empty() {
            *doc = p.copy;
        }
        return Ok(MergeReport {
            new_changes: p.changes.len(),
            authors: authors(&p.changes),
            heads: doc.get_heads(),
            changes: p.changes,
        });
    }
    merge_checked(doc, payload, sender_heads, Some(author))
}

/// What `payload` would add to `doc` (the file must name this document); with `author`, also
/// the rights check of [`preview_by`].
fn preview_checked(
    doc: &AutoCommit,
    doc_id: &str,
    payload: &[u8],
    sender_heads: &[ChangeHash],
    author: Option<Author>,
) -> Result<Preview, ExchangeError> {
    preview_with_copy(doc, doc_id, payload, sender_heads, author).map(|(p, _, _)| p)
}

/// [`preview_checked`], with the checked copy and the heads of `doc` it was made from.
fn preview_with_copy(
    doc: &AutoCommit,
    doc_id: &str,
    payload: &[u8],
    sender_heads: &[ChangeHash],
    author: Option<Author>,
) -> Result<(Preview, AutoCommit, Vec<ChangeHash>), ExchangeError> {
    let own = super::meta(doc)?;
    if own.id != doc_id {
        return Err(ExchangeError::WrongDocument {
            expected: own.id,
            found: doc_id.to_string(),
        });
    }
    let (copy, changes, base) = apply_to_copy(doc, &own.id, payload, sender_heads, author)?;
    let preview = Preview {
        doc_id: own.id,
        kind: own.kind,
        new_changes: changes.len(),
        authors: authors(&changes),
        would_change: !changes.is_empty(),
        changes,
    };
    Ok((preview, copy, base))
}

/// [`merge_from`] with the rights check of [`preview_by`]; on any error `doc` is untouched.
pub fn merge_by(
    doc: &mut AutoCommit,
    payload: &[u8],
    sender_heads: &[ChangeHash],
    author: impl Into<Author>,
) -> Result<MergeReport, ExchangeError> {
    merge_checked(doc, payload, sender_heads, Some(author.into()))
}

fn merge_checked(
    doc: &mut AutoCommit,
    payload: &[u8],
    sender_heads: &[ChangeHash],
    author: Option<Author>,
) -> Result<MergeReport, ExchangeError> {
    let own = super::meta(doc)?;
    let (copy, changes, _) = apply_to_copy(doc, &own.id, payload, sender_heads, author)?;
    if !changes.is_empty() {
        *doc = copy;
    }
    Ok(MergeReport {
        new_changes: changes.len(),
        authors: authors(&changes),
        heads: doc.get_heads(),
        changes,
    })
}

/// Loads a document received for the first time (created on the other side, R7.1): the
/// payload must be a whole document of `kind`, with the id the sync file names, that this
/// version can read. The copy gets its own fresh actor id (ARCHITECTURE.md, one first change: never reuse an actor).
pub fn receive_new(
    doc_id: &str,
    kind: DocKind,
    max_schema: u64,
    payload: &[u8],
) -> Result<AutoCommit, ExchangeError> {
    let mut doc = load_bounded(payload, &PayloadLimits::SYNC)?;
    if !doc.get_missing_deps(&[]).is_empty() {
        return Err(ExchangeError::NotAWholeDocument);
    }
    let meta = super::check(&doc, kind, max_schema)?;
    if meta.id != doc_id {
        return Err(ExchangeError::WrongDocument {
            expected: doc_id.to_string(),
            found: meta.id,
        });
    }
    doc.set_actor(ActorId::random());
    Ok(doc)
}

/// Like [`preview`] for a first-time receive: every change of the document is new.
pub fn preview_new(
    doc_id: &str,
    kind: DocKind,
    max_schema: u64,
    payload: &[u8],
) -> Result<Preview, ExchangeError> {
    let mut doc = receive_new(doc_id, kind, max_schema, payload)?;
    let meta = super::meta(&doc)?;
    let changes = change_lines(&mut doc, &[]);
    Ok(Preview {
        doc_id: meta.id,
        kind: meta.kind,
        new_changes: changes.len(),
        authors: authors(&changes),
        would_change: true,
        changes,
    })
}

/// Heads as hex strings, for the workspace's record of what each counterpart has and for
/// sync-file headers.
pub fn heads_to_hex(heads: &[ChangeHash]) -> Vec<String> {
    heads.iter().map(|h| h.to_string()).collect()
}

pub fn heads_from_hex<S: AsRef<str>>(hex: &[S]) -> Result<Vec<ChangeHash>, ExchangeError> {
    hex.iter()
        .map(|s| {
            s.as_ref()
                .parse::<ChangeHash>()
                .map_err(|_| ExchangeError::BadHeads(s.as_ref().chars().take(80).collect()))
        })
        .collect()
}

/// Loads a whole document from untrusted bytes (a received document, or one from a backup:
/// pass [`PayloadLimits::BACKUP_DOCUMENT`]): first bounds what the bytes may expand to
/// (R7.5, `docs::bounds`), then parses them strictly. An incremental payload on its own is
/// [`ExchangeError::NotAWholeDocument`].
pub fn load_bounded(bytes: &[u8], limits: &PayloadLimits) -> Result<AutoCommit, ExchangeError> {
    check_bounds(bytes, limits)?;
    AutoCommit::load_with_options(bytes, strict()).map_err(|e| match e {
        AutomergeError::MissingDeps => ExchangeError::NotAWholeDocument,
        e => ExchangeError::Corrupt(e.to_string()),
    })
}

/// R7.5: refuses a payload that would expand beyond `limits`, before Automerge reads it.
fn check_bounds(payload: &[u8], limits: &PayloadLimits) -> Result<(), ExchangeError> {
    bounds::check(payload, limits)
        .map(drop)
        .map_err(|e| match e {
            BoundsError::Malformed(reason) => ExchangeError::Corrupt(reason.to_string()),
            e => ExchangeError::TooMuch(e),
        })
}

/// Parse everything, refuse anything partial.
fn strict() -> LoadOptions<'static> {
    LoadOptions::new()
        .on_partial_load(OnPartialLoad::Error)
        .verification_mode(VerificationMode::Check)
}

/// Applies `payload` to a copy of `doc` and returns the copy with the changes it gained.
fn apply_to_copy(
    doc: &AutoCommit,
    doc_id: &str,
    payload: &[u8],
    sender_heads: &[ChangeHash],
    author: Option<Author>,
) -> Result<(AutoCommit, Vec<ChangeLine>, Vec<ChangeHash>), ExchangeError> {
    // Bounded first (R7.5): Automerge inflates and expands without limits of its own.
    check_bounds(payload, &PayloadLimits::SYNC)?;
    // `load_incremental` silently keeps the readable prefix of a damaged payload, so parse
    // the whole payload strictly first. On its own an incremental payload lacks the history
    // it builds on: `MissingDeps` then means every chunk parsed fine.
    match Automerge::load_with_options(payload, strict()) {
        Ok(_) | Err(AutomergeError::MissingDeps) => {}
        Err(e) => return Err(ExchangeError::Corrupt(e.to_string())),
    }
    let mut copy = doc.clone();
    let before = copy.get_heads();
    copy.load_incremental(payload)
        .map_err(|e| ExchangeError::Corrupt(e.to_string()))?;
    // Changes whose dependencies are missing wait in a queue that is never saved: refuse
    // them instead (they come from a later file, or from another document's history).
    let missing = copy.get_missing_deps(&[]);
    if !missing.is_empty() {
        return Err(ExchangeError::MissingHistory(missing.len()));
    }
    if sender_heads
        .iter()
        .any(|h| copy.get_change_meta_by_hash(h).is_none())
    {
        return Err(ExchangeError::Incomplete);
    }
    // A whole document with another id merges as a second, concurrent root `meta`: look at
    // every value, not only the one that wins.
    let metas = copy.get_all(ROOT, "meta").map_err(DocError::from)?;
    for (_, obj) in metas {
        let id = match copy.get(&obj, "id") {
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Str(s) => s.to_string(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        if id != doc_id {
            return Err(ExchangeError::WrongDocument {
                expected: doc_id.to_string(),
                found: id,
            });
        }
    }
    check_follow_up(doc, &mut copy, &before)?;
    let paths = super::rights::touched_paths(&mut copy, &before)?;
    // The merged copy must still load as its kind: a writer cannot make the document
    // unreadable for me by putting the wrong shape at a root key.
    let kind = super::meta(&copy)
        .map_err(|_| ExchangeError::MetaChanged)?
        .kind;
    still_loads(&copy, kind, &paths)?;
    if let Some(author) = author {
        super::rights::check_paths(&copy, kind, &paths, &author)?;
    }
    let changes = change_lines(&mut copy, &before);
    // `before` is the heads of `doc` as checked (read from the copy: `doc` is borrowed).
    Ok((copy, changes, before))
}

/// The trust checks on a merged copy (issue 8, "no second root"): a follow-up must build on
/// the history both sides share, must leave `meta` exactly as created, and the result must
/// still be a readable document of the same kind and a schema this build knows. Together
/// with the writers check (`super::trust`) this is what stops a signed file from replacing a
/// shared document with another one under the same id.
fn check_follow_up(
    doc: &AutoCommit,
    copy: &mut AutoCommit,
    before: &[ChangeHash],
) -> Result<(), ExchangeError> {
    // Every change of a document descends from its single first change. A new change with
    // no dependencies is a second root: the payload is (or carries) another document.
    if copy.get_changes(before).iter().any(|c| c.deps().is_empty()) && !before.is_empty() {
        return Err(ExchangeError::UnrelatedHistory);
    }
    // `meta` (id, kind, schema) is written once, in the first change. Compare every value
    // and the op that wrote it: a concurrent or repeated write is refused too.
    let own_metas = doc.get_all(ROOT, "meta").map_err(DocError::from)?;
    let metas = copy.get_all(ROOT, "meta").map_err(DocError::from)?;
    if metas != own_metas || metas.len() != 1 {
        return Err(ExchangeError::MetaChanged);
    }
    let meta_obj = &metas[0].1;
    let own_keys: Vec<String> = doc.keys(meta_obj).collect();
    let keys: Vec<String> = copy.keys(meta_obj).collect();
    if keys != own_keys {
        return Err(ExchangeError::MetaChanged);
    }
    for key in &keys {
        let own = doc
            .get_all(meta_obj, key.as_str())
            .map_err(DocError::from)?;
        let now = copy
            .get_all(meta_obj, key.as_str())
            .map_err(DocError::from)?;
        if own != now {
            return Err(ExchangeError::MetaChanged);
        }
    }
    Ok(())
}

/// Whether `copy` still loads as `kind` after new changes at `paths`, `copy` having loaded
/// before them. A 1:1 series reads again only the meetings and actions they touched (issue
/// 11: reading five years of 1:1s per import was most of its time); other kinds, smaller,
/// are read whole.
fn still_loads(copy: &AutoCommit, kind: DocKind, paths: &[Vec<Step>]) -> Result<(), ExchangeError> {
    super::check(copy, kind, super::max_schema(kind))?;
    match kind {
        DocKind::OneOnOne => {
            super::one_on_one::check_changed(copy, paths)?;
        }
        DocKind::DevelopmentPlan => {
            super::development_plan::load(copy)?;
        }
        DocKind::Workspace => {
            super::workspace::load(copy)?;
        }
        DocKind::PerformancePlan => {
            super::performance_plan::load(copy)?;
        }
        DocKind::TeamObjectives => {
            super::team_objectives::load(copy)?;
        }
        DocKind::CheckIns => {
            super::checkins::load(copy)?;
        }
        DocKind::PrivateNotes => {
            super::private_notes::load(copy)?;
        }
    }
    Ok(())
}

fn change_lines(doc: &mut AutoCommit, since: &[ChangeHash]) -> Vec<ChangeLine> {
    doc.get_changes_meta(since)
        .into_iter()
        .map(|c| {
            let note = c
                .message
                .as_deref()
                .and_then(|m| serde_json::from_str::<ChangeNote>(m).ok())
                .unwrap_or_else(|| ChangeNote {
                    by: "unknown".into(),
                    what: c.message.as_deref().unwrap_or("Edited").to_string(),
                });
            ChangeLine {
                hash: c.hash.to_string(),
                actor: c.actor.to_hex_string(),
                time: c.timestamp,
                by: note.by,
                what: note.what,
            }
        })
        .collect()
}

fn authors(changes: &[ChangeLine]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in changes {
        if !out.contains(&c.by) {
            out.push(c.by.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests;
