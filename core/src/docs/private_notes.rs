//! My private notes on one shared document, one private document per shared one: the notes I
//! keep on each meeting of a 1:1 series (R3.8) and my draft of a review before I share it
//! (R4.7). Never in a sync file; opened with the document they are about.
//!
//! Why a document of their own (issue 11): every page loads the workspace, and at a leader's
//! real scale (fifty people, five years) the notes typed on 1:1s were two thirds of its
//! operations and more than half its changes, so every cold open spent most of its Automerge
//! load rebuilding text only a 1:1 series shows. Notes written by earlier releases stay in the
//! workspace's `private_notes` map and are read and edited there (`state::private_notes`),
//! never moved, so no history is rewritten; new notes start here.
//!
//! Two tabs (or a backup from another browser) may each create the notes of one document: the
//! id is derived from the document's (`private-notes-<id>`) and the first change is the same
//! bytes wherever it is made ([`super::create_fixed`]), so the copies merge as one.

use automerge::{ActorId, AutoCommit, ReadDoc, ROOT};
use autosurgeon::Text;
use std::collections::BTreeMap;

use super::{check, commit, obj_at, set_text, DocError, DocKind};

pub const SCHEMA: u64 = 1;

const PREFIX: &str = "private-notes-";

/// The id of the private notes on the document `doc_id`.
pub fn id_for(doc_id: &str) -> String {
    format!("{PREFIX}{doc_id}")
}

/// The document a private-notes id is about; `None` for any other id.
pub fn about(id: &str) -> Option<&str> {
    id.strip_prefix(PREFIX).filter(|rest| !rest.is_empty())
}

/// Creates the private notes on `doc_id`, the same first change wherever it is made; the
/// returned document then writes with `actor`.
pub fn create(doc_id: &str, actor: ActorId) -> Result<AutoCommit, DocError> {
    super::create_fixed(
        id_for(doc_id),
        DocKind::PrivateNotes,
        SCHEMA,
        "notes",
        actor,
    )
}

/// Replaces my note at `key` (a meeting id, a review draft's key), diffed like every text;
/// one change, only when the text changed.
pub fn set(
    doc: &mut AutoCommit,
    key: &str,
    text: impl Into<crate::text::TextEdit>,
    by: &str,
    now_ms: i64,
) -> Result<(), DocError> {
    let notes = obj_at(doc, &ROOT, "notes")?;
    if set_text(doc, &notes, key, text)? {
        commit(doc, by, "Edited a private note", now_ms);
    }
    Ok(())
}

/// The note at `key`, if there is one (a single lookup, not the whole document: a meeting
/// reads its own note).
pub fn get(doc: &AutoCommit, key: &str) -> Result<Option<String>, DocError> {
    check(doc, DocKind::PrivateNotes, SCHEMA)?;
    let notes = obj_at(doc, &ROOT, "notes")?;
    match doc.get(&notes, key)? {
        Some((automerge::Value::Object(automerge::ObjType::Text), id)) => Ok(Some(doc.text(&id)?)),
        Some(_) => Err(DocError::Corrupt(format!("private note {key} is not text"))),
        None => Ok(None),
    }
}

/// Every note, by key (a backup's check, the JSON export).
pub fn load(doc: &AutoCommit) -> Result<BTreeMap<String, Text>, DocError> {
    check(doc, DocKind::PrivateNotes, SCHEMA)?;
    Ok(autosurgeon::hydrate_prop(doc, ROOT, "notes")?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextEdit;

    #[test]
    fn ids_name_the_document_they_are_about() {
        assert_eq!(id_for("abc"), "private-notes-abc");
        assert_eq!(about("private-notes-abc"), Some("abc"));
        assert_eq!(about("private-notes-"), None);
        assert_eq!(about("check-ins-2026-11"), None);
    }

    #[test]
    fn two_copies_made_apart_merge_as_one() {
        // Two tabs each write the first note on the same series.
        let mut a = create("series", ActorId::random()).unwrap();
        let mut b = create("series", ActorId::random()).unwrap();
        assert_eq!(a.get_heads(), b.get_heads(), "the same first change");
        set(&mut a, "m1", "Ask about the move", "Ann", 10).unwrap();
        set(&mut b, "m2", "Mention the course", "Ann", 20).unwrap();
        a.merge(&mut b).unwrap();
        let all = load(&a).unwrap();
        assert_eq!(all.keys().collect::<Vec<_>>(), ["m1", "m2"]);
        assert_eq!(a.get_all(ROOT, "notes").unwrap().len(), 1, "one notes map");
        assert_eq!(
            get(&a, "m2").unwrap().as_deref(),
            Some("Mention the course")
        );
        assert_eq!(get(&a, "m3").unwrap(), None);
    }

    #[test]
    fn text_typed_in_two_tabs_keeps_both() {
        let mut a = create("series", ActorId::random()).unwrap();
        set(&mut a, "m1", "Ask about the move.", "Ann", 10).unwrap();
        let mut b = a.fork().with_actor(ActorId::random());
        set(
            &mut a,
            "m1",
            TextEdit::typed("Ask about the move.", "Ask about the move. And the team."),
            "Ann",
            11,
        )
        .unwrap();
        set(
            &mut b,
            "m1",
            TextEdit::typed("Ask about the move.", "Ask gently about the move."),
            "Ann",
            12,
        )
        .unwrap();
        a.merge(&mut b).unwrap();
        let text = get(&a, "m1").unwrap().unwrap();
        assert!(
            text.contains("gently") && text.contains("And the team."),
            "{text}"
        );
    }

    #[test]
    fn an_unchanged_note_commits_nothing_and_the_kind_is_checked() {
        let mut doc = create("plan", ActorId::random()).unwrap();
        set(&mut doc, "k", "Draft", "Ann", 10).unwrap();
        let heads = doc.get_heads();
        set(&mut doc, "k", "Draft", "Ann", 11).unwrap();
        assert_eq!(doc.get_heads(), heads);
        let loaded =
            super::super::load_checked(&doc.save(), DocKind::PrivateNotes, SCHEMA).unwrap();
        assert_eq!(load(&loaded).unwrap()["k"].as_str(), "Draft");
        assert!(super::super::load_checked(&doc.save(), DocKind::CheckIns, 99).is_err());
        let history = super::super::history(&mut doc);
        assert!(history
            .iter()
            .any(|h| h.what == "Edited a private note" && h.by == "Ann"));
    }
}
