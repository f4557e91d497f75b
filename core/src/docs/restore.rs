//! Checking a backup before restoring any of it (R8.2, issue 8).
//!
//! Restoring merges documents into this browser's. A backup entry whose bytes do not hold the
//! document its entry names (another id, another kind, a newer schema, or a document stored
//! here under another kind, e.g. the workspace id under a shared kind) would otherwise be
//! merged into the wrong document. So every entry is loaded and checked first, and one bad
//! entry refuses the whole restore: nothing is written unless everything passed.

use std::collections::{BTreeMap, BTreeSet};

use automerge::{AutoCommit, LoadOptions, OnPartialLoad, VerificationMode};

use chrono::NaiveDate;

use super::{check, exchange, max_schema, DocKind};
use crate::store::{ChunkKey, ChunkKind};
use crate::summary;
use crate::sync::BackupEntry;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestoreError {
    #[error(
        "The backup holds a damaged or inconsistent document ({0}). Nothing was restored. Use \
         another copy of the backup."
    )]
    BadEntry(String),
    #[error(
        "The backup holds a document that you already have here as something else (your {0}). \
         Nothing was restored."
    )]
    KindClash(&'static str),
    #[error(
        "The backup holds a document that does not continue your copy of it ({0}). Nothing \
         was restored."
    )]
    Unmergeable(String),
}

/// One backup entry, loaded and checked.
#[derive(Debug, Clone)]
pub struct Checked {
    pub doc_id: String,
    pub kind: DocKind,
    pub doc: AutoCommit,
}

/// Loads every entry strictly and checks kind, id and schema, and that no id is stored here
/// (`stored`: id -> kind, the local workspace included) under another kind. Returns the
/// loaded documents in backup order, or the first problem.
pub fn check_backup(
    entries: &[BackupEntry],
    stored: &BTreeMap<String, DocKind>,
) -> Result<Vec<Checked>, RestoreError> {
    let mut check = BackupCheck::default();
    entries.iter().map(|e| check.entry(e, stored)).collect()
}

/// [`check_backup`] one entry at a time, so the app can show progress and let the page paint
/// between documents; the entries must be given in backup order, each once.
#[derive(Debug, Default)]
pub struct BackupCheck {
    seen: BTreeSet<String>,
    workspaces: usize,
}

impl BackupCheck {
    /// [`admit`](Self::admit) then [`load_entry`]: the whole check of one entry.
    pub fn entry(
        &mut self,
        e: &BackupEntry,
        stored: &BTreeMap<String, DocKind>,
    ) -> Result<Checked, RestoreError> {
        self.admit(e, stored)?;
        Ok(Checked {
            doc_id: e.doc_id.clone(),
            kind: e.kind,
            doc: load_entry(e)?,
        })
    }

    /// The checks that need the whole backup and this browser but not the entry's bytes:
    /// listed once, one private workspace, no clash with a kind stored here. Cheap, so the
    /// app runs them on the page and leaves [`load_entry`] to its workers.
    pub fn admit(
        &mut self,
        e: &BackupEntry,
        stored: &BTreeMap<String, DocKind>,
    ) -> Result<(), RestoreError> {
        if !self.seen.insert(e.doc_id.clone()) {
            return Err(bad(e, "listed twice"));
        }
        if e.kind == DocKind::Workspace {
            self.workspaces += 1;
            if self.workspaces > 1 {
                return Err(bad(e, "more than one private workspace"));
            }
        }
        if let Some(here) = stored.get(&e.doc_id) {
            if *here != e.kind {
                return Err(RestoreError::KindClash(here.label()));
            }
        }
        Ok(())
    }
}

fn bad(e: &BackupEntry, why: &str) -> RestoreError {
    RestoreError::BadEntry(format!("{}: {why}", e.kind.label()))
}

/// Loads one entry's bytes strictly and checks that they hold the document the entry names:
/// bounded first, complete history, the entry's kind and id, a schema this build reads.
pub fn load_entry(e: &BackupEntry) -> Result<AutoCommit, RestoreError> {
    // A backup is a file from outside too: bound what its bytes may expand to before
    // Automerge reads them (R7.5).
    crate::docs::bounds::check(
        &e.bytes,
        &crate::sync::limits::PayloadLimits::BACKUP_DOCUMENT,
    )
    .map_err(|err| bad(e, &format!("too large to open safely: {err}")))?;
    let mut doc = AutoCommit::load_with_options(
        &e.bytes,
        LoadOptions::new()
            .on_partial_load(OnPartialLoad::Error)
            .verification_mode(VerificationMode::Check),
    )
    .map_err(|err| bad(e, &err.to_string()))?;
    check_loaded(e, &mut doc)?;
    Ok(doc)
}

/// That a document built from entry `e` holds what the entry names: complete history, the
/// entry's kind and id, a schema this build reads.
pub fn check_loaded(e: &BackupEntry, doc: &mut AutoCommit) -> Result<(), RestoreError> {
    if !doc.get_missing_deps(&[]).is_empty() {
        return Err(bad(e, "incomplete history"));
    }
    let meta = check(doc, e.kind, max_schema(e.kind)).map_err(|err| bad(e, &err.to_string()))?;
    if meta.id != e.doc_id {
        return Err(bad(e, "its contents belong to another document"));
    }
    Ok(())
}

/// Entry `e`, strictly loaded, as its changes in causal order, `per_batch` to a batch (each
/// the changes' bytes end to end, as `load_incremental` takes them). A page that must hold the
/// document builds it a batch per task instead of in one long load (issue 11: the restored
/// workspace was one task of 130–150 ms); it then checks it with [`check_loaded`].
pub fn change_batches(e: &BackupEntry, per_batch: usize) -> Result<Vec<Vec<u8>>, RestoreError> {
    let mut doc = load_entry(e)?;
    Ok(doc
        .get_changes(&[])
        .chunks(per_batch.max(1))
        .map(|batch| batch.iter().flat_map(|c| c.raw_bytes().to_vec()).collect())
        .collect())
}

/// What a restore stores for a document new to this browser, prepared off the page (issue 11:
/// the app's workers run this for every entry in parallel, so the page only writes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The entry's bytes are stored as they are, as the document's one snapshot: they are a
    /// whole saved document, checked by [`load_entry`], so encoding it again would only cost.
    pub snapshot: ChunkKey,
    /// Its summary (`crate::summary`) as stored beside it, fresh for that one snapshot; `None`
    /// for a kind the dashboard does not summarise.
    pub summary: Option<Vec<u8>>,
}

/// [`load_entry`], then the snapshot key and summary the entry is stored with.
pub fn prepare(e: &BackupEntry, today: NaiveDate) -> Result<Prepared, RestoreError> {
    let doc = load_entry(e)?;
    // A shared document is read whole for its summary below. The private documents the page
    // reads as they are stored are read here too, so that one which does not read is refused
    // before anything is written: the page no longer reads the backup's workspace itself.
    match e.kind {
        DocKind::Workspace => {
            drop(crate::docs::workspace::load(&doc).map_err(|err| bad(e, &err.to_string()))?)
        }
        DocKind::PrivateNotes => {
            drop(crate::docs::private_notes::load(&doc).map_err(|err| bad(e, &err.to_string()))?)
        }
        _ => {}
    }
    let snapshot = ChunkKey::for_bytes(&e.doc_id, ChunkKind::Snapshot, &e.bytes);
    let summary = summary::summarise(&doc)
        .map_err(|err| bad(e, &err.to_string()))?
        .map(|s| summary::encode(&s, [&snapshot], today));
    Ok(Prepared { snapshot, summary })
}

/// The result of merging a checked backup document into the stored one, on a copy: the same
/// checks as a sync file from a writer (one root, `meta` unchanged, still loads as its kind).
/// The caller writes it only once every entry has passed.
pub fn merge_copy(local: &AutoCommit, backup: &Checked) -> Result<AutoCommit, RestoreError> {
    let mut copy = local.clone();
    exchange::merge(&mut copy, &backup.doc.clone().save())
        .map_err(|e| RestoreError::Unmergeable(e.to_string()))?;
    Ok(copy)
}
