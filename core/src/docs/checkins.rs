//! A month of my daily check-ins (R1.2), one private document per calendar month.
//!
//! Why months (issue 11): at a leader's real scale, fifty people over five years, the
//! check-ins are 52 k items; kept in the workspace they made it a 3.3 MB document whose
//! Automerge load alone took 1.6 s of every cold open. Today needs the last thirty days and
//! the dashboard twelve weeks, so each month is its own document and a screen opens the months
//! it shows. Earlier releases kept check-ins in the workspace's `checkins` map: those are still
//! read from there (and removed there), never moved, so no history is rewritten.
//!
//! Two tabs (or a backup from another browser) may each create the same month. The month's
//! id is derived from the month (`check-ins-2026-11`), and its first change is the same bytes
//! wherever it is made ([`create`]: a fixed actor and time), so every copy shares one
//! `checkins` map and two copies merge into one, whoever created them.

use automerge::{ActorId, AutoCommit, ROOT};
use autosurgeon::reconcile_prop;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

use super::{check, commit, obj_at, DocError, DocKind};
use crate::domain::CheckIn;

pub const SCHEMA: u64 = 1;

const PREFIX: &str = "check-ins-";

/// The first day of the month `day` falls in: the key of its check-ins' document.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The month before the month starting on `month` (its first day).
pub fn previous_month(month: NaiveDate) -> NaiveDate {
    month_of(month.pred_opt().unwrap_or(month))
}

/// The document id of the month `day` falls in.
pub fn month_id(day: NaiveDate) -> String {
    format!("{PREFIX}{}", crate::dates::iso_month(day))
}

/// The month (its first day) a check-ins document id names; `None` for any other id.
pub fn month_of_id(id: &str) -> Option<NaiveDate> {
    let rest = id.strip_prefix(PREFIX)?;
    if rest.len() != 7 {
        return None;
    }
    crate::dates::parse_iso(&format!("{rest}-01"))
}

/// Creates the month `day` falls in. Every copy made anywhere has the same first change
/// ([`super::create_fixed`]), so copies merge as one document; the returned document then
/// writes with a fresh actor of its own (`actor`).
pub fn create(day: NaiveDate, actor: ActorId) -> Result<AutoCommit, DocError> {
    super::create_fixed(month_id(day), DocKind::CheckIns, SCHEMA, "checkins", actor)
}

/// R1.2: logs (or updates) a check-in in its month (one change, one action).
pub fn put(doc: &mut AutoCommit, c: &CheckIn, by: &str, now_ms: i64) -> Result<(), DocError> {
    let map = obj_at(doc, &ROOT, "checkins")?;
    reconcile_prop(doc, &map, c.id.as_str(), c)?;
    commit(doc, by, "Logged check-in", now_ms);
    Ok(())
}

/// Removes a check-in; `false` (and no change) when this month does not hold it.
pub fn delete(doc: &mut AutoCommit, id: &str, by: &str, now_ms: i64) -> Result<bool, DocError> {
    use automerge::{transaction::Transactable, ReadDoc};
    let map = obj_at(doc, &ROOT, "checkins")?;
    if doc.get(&map, id)?.is_none() {
        return Ok(false);
    }
    doc.delete(&map, id)?;
    commit(doc, by, "Removed check-in", now_ms);
    Ok(true)
}

/// Every check-in of the month, by id (the one-pass reader of `domain::checkin`).
pub fn load(doc: &AutoCommit) -> Result<BTreeMap<String, CheckIn>, DocError> {
    check(doc, DocKind::CheckIns, SCHEMA)?;
    Ok(crate::domain::checkin::hydrate_all(
        doc,
        &ROOT,
        "checkins".into(),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::ReadDoc;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn ci(id: &str, date: &str) -> CheckIn {
        CheckIn {
            id: id.into(),
            person_id: "p".into(),
            date: d(date),
            channel: None,
            note: String::new(),
            minutes: Some(5),
            logged_at: 1,
        }
    }

    #[test]
    fn ids_name_their_month_and_nothing_else() {
        assert_eq!(month_id(d("2026-11-29")), "check-ins-2026-11");
        assert_eq!(month_of_id("check-ins-2026-11"), Some(d("2026-11-01")));
        assert_eq!(month_of_id("check-ins-2026-13"), None);
        assert_eq!(month_of_id("check-ins-2026-1"), None);
        assert_eq!(month_of_id("0b8f…"), None);
        assert_eq!(previous_month(d("2026-01-01")), d("2025-12-01"));
        assert_eq!(previous_month(d("2026-03-01")), d("2026-02-01"));
    }

    #[test]
    fn two_copies_made_apart_merge_as_one_month() {
        // Two tabs (or two browsers later joined by a backup) each create November.
        let mut a = create(d("2026-11-03"), ActorId::random()).unwrap();
        let mut b = create(d("2026-11-20"), ActorId::random()).unwrap();
        assert_eq!(a.get_heads(), b.get_heads(), "the same first change");
        put(&mut a, &ci("x", "2026-11-03"), "Ann", 10).unwrap();
        put(&mut b, &ci("y", "2026-11-20"), "Ann", 20).unwrap();
        a.merge(&mut b).unwrap();
        let all = load(&a).unwrap();
        assert_eq!(all.keys().collect::<Vec<_>>(), ["x", "y"]);
        // One `checkins` map, not two rivals at one key (one would hide the other).
        assert_eq!(a.get_all(ROOT, "checkins").unwrap().len(), 1);
    }

    #[test]
    fn a_month_is_checked_as_its_kind_and_round_trips() {
        let mut doc = create(d("2026-02-10"), ActorId::random()).unwrap();
        put(&mut doc, &ci("x", "2026-02-10"), "Ann", 10).unwrap();
        let loaded = super::super::load_checked(&doc.save(), DocKind::CheckIns, SCHEMA).unwrap();
        assert_eq!(load(&loaded).unwrap()["x"], ci("x", "2026-02-10"));
        assert!(super::super::load_checked(&doc.save(), DocKind::Workspace, 99).is_err());
        let meta = super::super::meta(&doc).unwrap();
        assert_eq!(meta.id, "check-ins-2026-02");
    }

    #[test]
    fn delete_says_whether_the_month_held_it() {
        let mut doc = create(d("2026-02-10"), ActorId::random()).unwrap();
        put(&mut doc, &ci("x", "2026-02-10"), "Ann", 10).unwrap();
        let heads = doc.get_heads();
        assert!(!delete(&mut doc, "other", "Ann", 11).unwrap());
        assert_eq!(doc.get_heads(), heads, "nothing committed");
        assert!(delete(&mut doc, "x", "Ann", 12).unwrap());
        assert!(load(&doc).unwrap().is_empty());
        let history = super::super::history(&mut doc);
        assert!(history
            .iter()
            .any(|h| h.what == "Removed check-in" && h.by == "Ann"));
    }
}
