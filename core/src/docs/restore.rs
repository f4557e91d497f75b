//! Checking a backup before restoring any of it (R8.2, issue 8).
//!
//! Restoring merges documents into this browser's. A backup entry whose bytes do not hold the
//! document its entry names (another id, another kind, a newer schema, or a document stored
//! here under another kind, e.g. the workspace id under a shared kind) would otherwise be
//! merged into the wrong document. So every entry is loaded and checked first, and one bad
//! entry refuses the whole restore: nothing is written unless everything passed.

use std::collections::{BTreeMap, BTreeSet};

use automerge::{AutoCommit, LoadOptions, OnPartialLoad, VerificationMode};

use super::{check, exchange, max_schema, DocKind};
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
    pub fn entry(
        &mut self,
        e: &BackupEntry,
        stored: &BTreeMap<String, DocKind>,
    ) -> Result<Checked, RestoreError> {
        let bad = |why: &str| RestoreError::BadEntry(format!("{}: {why}", e.kind.label()));
        if !self.seen.insert(e.doc_id.clone()) {
            return Err(bad("listed twice"));
        }
        if e.kind == DocKind::Workspace {
            self.workspaces += 1;
            if self.workspaces > 1 {
                return Err(bad("more than one private workspace"));
            }
        }
        // A backup is a file from outside too: bound what its bytes may expand to before
        // Automerge reads them (R7.5).
        crate::docs::bounds::check(
            &e.bytes,
            &crate::sync::limits::PayloadLimits::BACKUP_DOCUMENT,
        )
        .map_err(|err| bad(&format!("too large to open safely: {err}")))?;
        let mut doc = AutoCommit::load_with_options(
            &e.bytes,
            LoadOptions::new()
                .on_partial_load(OnPartialLoad::Error)
                .verification_mode(VerificationMode::Check),
        )
        .map_err(|err| bad(&err.to_string()))?;
        if !doc.get_missing_deps(&[]).is_empty() {
            return Err(bad("incomplete history"));
        }
        let meta = check(&doc, e.kind, max_schema(e.kind)).map_err(|err| bad(&err.to_string()))?;
        if meta.id != e.doc_id {
            return Err(bad("its contents belong to another document"));
        }
        if let Some(here) = stored.get(&e.doc_id) {
            if *here != e.kind {
                return Err(RestoreError::KindClash(here.label()));
            }
        }
        Ok(Checked {
            doc_id: e.doc_id.clone(),
            kind: e.kind,
            doc,
        })
    }
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
