use super::*;
use crate::docs::development_plan::testing::plan;
use crate::store::ChunkKind;

fn key(doc: &str, kind: ChunkKind, id: &str) -> ChunkKey {
    ChunkKey {
        doc_id: doc.into(),
        kind,
        chunk_id: id.into(),
    }
}

/// The day the summaries of these tests are written and read.
fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn plan_summary() -> Summary {
    Summary::of_plan(plan("ada", "lea", "2026-01-05"))
}

#[test]
fn a_summary_is_read_back_while_the_store_holds_the_chunks_it_was_read_from() {
    let s = plan_summary();
    let keys = [
        key("p", ChunkKind::Snapshot, "aa"),
        key("p", ChunkKind::Incremental, "bb"),
    ];
    let stored = encode(&s, &keys, day());
    // The order the store lists them in does not matter.
    let listed = [keys[1].clone(), keys[0].clone()];
    assert_eq!(decode_if_fresh(&stored, &listed, day()), Some(s));
}

#[test]
fn a_chunk_written_since_or_a_compaction_makes_it_stale() {
    let s = plan_summary();
    let keys = vec![key("p", ChunkKind::Snapshot, "aa")];
    let stored = encode(&s, &keys, day());
    let mut more = keys.clone();
    more.push(key("p", ChunkKind::Incremental, "cc"));
    assert_eq!(
        decode_if_fresh(&stored, &more, day()),
        None,
        "another tab saved"
    );
    let compacted = [key("p", ChunkKind::Snapshot, "dd")];
    assert_eq!(
        decode_if_fresh(&stored, &compacted, day()),
        None,
        "compacted"
    );
    assert_eq!(decode_if_fresh(&stored, &[], day()), None, "deleted");
}

#[test]
fn a_summary_of_another_release_or_unreadable_is_stale() {
    let keys = [key("p", ChunkKind::Snapshot, "aa")];
    let stored = encode(&plan_summary(), &keys, day());
    let mut older = stored.clone();
    older[0] = (VERSION + 1) as u8; // postcard: the version is the first varint
    assert_eq!(decode_if_fresh(&older, &keys, day()), None);
    assert_eq!(decode_if_fresh(b"not a summary", &keys, day()), None);
    assert_eq!(
        decode_if_fresh(&stored[..stored.len() / 2], &keys, day()),
        None
    );
    // Read from no chunk at all (nothing stored yet): never fresh.
    assert_eq!(
        decode_if_fresh(&encode(&plan_summary(), &[], day()), &[], day()),
        None
    );
}

#[test]
fn keys_are_grouped_by_document() {
    let by = keys_by_doc(vec![
        key("a", ChunkKind::Snapshot, "1"),
        key("b", ChunkKind::Snapshot, "2"),
        key("a", ChunkKind::Incremental, "3"),
    ]);
    assert_eq!(by["a"].len(), 2);
    assert_eq!(by["b"].len(), 1);
}

#[test]
fn a_series_summary_keeps_what_its_figures_read_and_drops_the_rest() {
    use crate::docs::one_on_one::tests::{d, dt, fixture};
    use crate::domain::one_on_one::{ActionDraft, Section, Side};
    let (mut doc, lea, eve) = fixture();
    let held =
        one_on_one::propose_meeting(&mut doc, &eve.id, dt("2026-01-08T10:00"), 40, 1).unwrap();
    one_on_one::edit_section(
        &mut doc,
        &eve.id,
        &held,
        Section::IdpCheck,
        "On track, course booked.",
        2,
    )
    .unwrap();
    one_on_one::record_held(&mut doc, &lea.id, &held, 35, 3).unwrap();
    let action = |text: &str| ActionDraft {
        meeting_id: held.clone(),
        text: text.into(),
        owner: Some(Side::Employee),
        due: Some(d("2026-01-20")),
    };
    let done = one_on_one::add_action(&mut doc, &eve.id, &action("Book the course"), 4).unwrap();
    one_on_one::complete_action(&mut doc, &eve.id, &done, d("2026-01-10"), 5).unwrap();
    let open = one_on_one::add_action(&mut doc, &eve.id, &action("Draft the talk"), 6).unwrap();
    let planned =
        one_on_one::propose_meeting(&mut doc, &eve.id, dt("2026-01-22T10:00"), 30, 7).unwrap();

    let full = one_on_one::load(&doc).unwrap();
    let Summary::OneOnOne(s) = summarise(&doc).unwrap().unwrap() else {
        panic!("a series summary")
    };
    // R5.4 reads whether a check was written, not what it says.
    assert_eq!(s.meetings[&held].text(Section::IdpCheck), CHECK_WRITTEN);
    assert!(s.meetings[&held].proposed_by.is_empty());
    // A planned 1:1 keeps who proposed it; an open action keeps everything it is quoted with.
    assert_eq!(
        s.meetings[&planned].proposed_by,
        full.meetings[&planned].proposed_by
    );
    assert_eq!(s.actions[&open], full.actions[&open]);
    // A closed action keeps its dates and owner (the trends count it), not its words.
    let (c, f) = (&s.actions[&done], &full.actions[&done]);
    assert!(c.text.is_empty() && c.added_by.is_empty() && c.meeting_id.is_empty());
    assert_eq!(
        (c.owner, c.due, c.done_on, c.added_at_ms),
        (f.owner, f.due, f.done_on, f.added_at_ms)
    );
    // The figures are the same from either.
    let now = dt("2026-01-21T09:00");
    assert_eq!(
        crate::dashboard::series_figures("s", &s, None, now),
        crate::dashboard::series_figures("s", &full, None, now)
    );
}

#[test]
fn a_summary_serves_its_day_and_later_ones_only() {
    let keys = [key("p", ChunkKind::Snapshot, "aa")];
    let stored = encode(&plan_summary(), &keys, day());
    let next_year = day() + chrono::Duration::days(365);
    assert_eq!(
        decode_if_fresh(&stored, &keys, next_year),
        Some(plan_summary())
    );
    // The clock set back before it was written: what it dropped might count then.
    let before = day() - chrono::Duration::days(1);
    assert_eq!(decode_if_fresh(&stored, &keys, before), None);
}

#[test]
fn a_stored_series_drops_the_actions_closed_before_its_trends_reach() {
    use crate::docs::one_on_one::tests::{d, dt, fixture};
    use crate::domain::one_on_one::{ActionDraft, Side};
    let (mut doc, lea, eve) = fixture();
    let m = one_on_one::propose_meeting(&mut doc, &eve.id, dt("2026-01-08T10:00"), 40, 1).unwrap();
    one_on_one::record_held(&mut doc, &lea.id, &m, 35, 2).unwrap();
    let draft = |text: &str| ActionDraft {
        meeting_id: m.clone(),
        text: text.into(),
        owner: Some(Side::Leader),
        due: Some(d("2026-01-20")),
    };
    let add = |doc: &mut automerge::AutoCommit, text: &str| {
        one_on_one::add_action(doc, &lea.id, &draft(text), 3).unwrap()
    };
    let (old, recent, open) = (add(&mut doc, "a"), add(&mut doc, "b"), add(&mut doc, "c"));
    let as_of = d("2026-06-01");
    let reach = as_of - chrono::Duration::days(CLOSED_ACTIONS_KEPT_DAYS);
    one_on_one::complete_action(
        &mut doc,
        &lea.id,
        &old,
        reach - chrono::Duration::days(1),
        4,
    )
    .unwrap();
    one_on_one::complete_action(&mut doc, &lea.id, &recent, reach, 5).unwrap();
    let s = summarise(&doc).unwrap().unwrap();
    let keys = [key("s", ChunkKind::Snapshot, "aa")];
    let Some(Summary::OneOnOne(read)) = decode_if_fresh(&encode(&s, &keys, as_of), &keys, as_of)
    else {
        panic!("fresh")
    };
    assert!(!read.actions.contains_key(&old));
    assert!(read.actions.contains_key(&recent) && read.actions.contains_key(&open));
    // The trends of that day and later read the same from it as from the document.
    let Summary::OneOnOne(full) = s else { panic!() };
    for later in [0, 30, 200] {
        let now = (as_of + chrono::Duration::days(later))
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let dash = |series: &crate::domain::one_on_one::OneOnOne| {
            crate::dashboard::series_figures("s", series, None, now)
        };
        assert_eq!(dash(&read), dash(&full));
    }
}
