//! Typed commands, one handle per document kind. Views call these with plain data and get plain
//! results back; they never see an Automerge document, and an error stays typed until the view
//! turns it into a sentence. Because every command is data in and data out, document work can
//! move into a worker later without changing a view.

use leptos::prelude::GetUntracked;
use rapport_core::docs::{CommandError, DocError};

use super::{now_ms, repo, AppState};

/// Why an edit did not happen.
#[derive(Debug)]
pub enum EditError {
    /// The document is still loading (or was never opened in this tab).
    NotOpen,
    /// The command refused (a rule, a form value, not a participant …).
    Command(CommandError),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::NotOpen => {
                f.write_str("This document is not open yet. Wait a moment, then try again.")
            }
            EditError::Command(CommandError::Doc(e)) => {
                write!(f, "That change could not be made: {e}")
            }
            EditError::Command(e) => e.fmt(f),
        }
    }
}

impl From<CommandError> for EditError {
    fn from(e: CommandError) -> Self {
        EditError::Command(e)
    }
}

impl From<DocError> for EditError {
    fn from(e: DocError) -> Self {
        EditError::Command(CommandError::Doc(e))
    }
}

impl From<EditError> for String {
    fn from(e: EditError) -> String {
        e.to_string()
    }
}

/// Runs one core command on an open document; the repo persists what it changed.
pub(super) fn run<T, E: Into<EditError>>(
    doc_id: &str,
    f: impl FnOnce(&mut automerge::AutoCommit, i64) -> Result<T, E>,
) -> Result<T, EditError> {
    repo::change(doc_id, |doc| f(doc, now_ms()))
        .ok_or(EditError::NotOpen)?
        .map_err(Into::into)
}

/// Runs one core command on my workspace.
pub(super) fn run_on_workspace<T, E: Into<EditError>>(
    state: AppState,
    f: impl FnOnce(&mut automerge::AutoCommit, i64) -> Result<T, E>,
) -> Result<T, EditError> {
    let id = state
        .workspace_id
        .get_untracked()
        .ok_or(EditError::NotOpen)?;
    run(&id, f)
}
