use super::*;
use crate::docs::one_on_one::tests::{dt, fixture};
use crate::docs::one_on_one::{self as oo, SCHEMA};
use crate::domain::one_on_one::{Participant, Section};

/// Leader's copy, employee's copy received from it, and the two participants.
fn pair() -> (AutoCommit, AutoCommit, Participant, Participant) {
    let (mut leader, lea, eve) = fixture();
    let first = changes_since(&mut leader, &[]);
    let employee = receive_new("series-1", DocKind::OneOnOne, SCHEMA, &first).unwrap();
    (leader, employee, lea, eve)
}

#[test]
fn r7_1_first_exchange_then_follow_ups_merge_both_ways() {
    let (mut leader, mut employee, lea, eve) = pair();
    assert_ne!(leader.get_actor(), employee.get_actor());
    assert_eq!(oo::load(&leader).unwrap(), oo::load(&employee).unwrap());

    let leader_has = leader.get_heads();
    let m = oo::propose_meeting(&mut employee, &eve.id, dt("2026-12-03T10:00"), 45, 1_000).unwrap();
    oo::add_topic(&mut employee, &eve.id, &m, "Roadmap", 2_000).unwrap();
    let payload = changes_since(&mut employee, &leader_has);

    let p = preview(&leader, "series-1", &payload).unwrap();
    assert_eq!((p.new_changes, p.would_change), (2, true));
    assert_eq!(p.authors, ["Eve"]);
    assert_eq!(p.kind, DocKind::OneOnOne);
    let whats: Vec<&str> = p.changes.iter().map(|c| c.what.as_str()).collect();
    assert_eq!(
        whats,
        ["Proposed 1:1 on 2026-12-03 10:00", "Added topic “Roadmap”"]
    );
    assert_eq!(p.changes[1].time, 2);

    let report = merge(&mut leader, &payload).unwrap();
    assert_eq!(report.new_changes, 2);
    assert_eq!(report.heads, employee.get_heads());

    // Concurrent edits on both sides, then exchange both ways.
    let employee_has = employee.get_heads();
    oo::edit_section(
        &mut leader,
        &lea.id,
        &m,
        Section::Connection,
        "Lea's note.",
        3_000,
    )
    .unwrap();
    oo::edit_section(
        &mut employee,
        &eve.id,
        &m,
        Section::Connection,
        "Eve's note.",
        3_000,
    )
    .unwrap();
    let to_employee = changes_since(&mut leader, &employee_has);
    let to_leader = changes_since(&mut employee, &report.heads);
    merge(&mut employee, &to_employee).unwrap();
    merge(&mut leader, &to_leader).unwrap();
    let a = oo::load(&leader).unwrap();
    assert_eq!(a, oo::load(&employee).unwrap());
    let text = a.meetings[&m].text(Section::Connection);
    assert!(
        text.contains("Lea's note.") && text.contains("Eve's note."),
        "{text}"
    );
}

#[test]
fn r7_1_importing_the_same_file_twice_changes_nothing() {
    let (mut leader, mut employee, _, eve) = pair();
    let base = leader.get_heads();
    let m = oo::propose_meeting(&mut employee, &eve.id, dt("2026-12-03T10:00"), 45, 1).unwrap();
    let old = changes_since(&mut employee, &base);
    merge(&mut leader, &old).unwrap();
    oo::add_topic(&mut employee, &eve.id, &m, "Later topic", 2).unwrap();
    merge(&mut leader, &changes_since(&mut employee, &base)).unwrap();
    let heads = leader.get_heads();
    for payload in [
        old.clone(),
        changes_since(&mut employee, &base),
        employee.save(),
    ] {
        let p = preview(&leader, "series-1", &payload).unwrap();
        assert_eq!((p.new_changes, p.would_change), (0, false));
        let r = merge(&mut leader, &payload).unwrap();
        assert_eq!(r.new_changes, 0);
        assert_eq!(leader.get_heads(), heads);
    }
}

#[test]
fn r7_3_follow_ups_carry_only_missing_changes() {
    let (mut leader, mut employee, _, eve) = pair();
    let first = leader.save().len();
    let base = leader.get_heads();
    let m = oo::propose_meeting(&mut employee, &eve.id, dt("2026-12-03T10:00"), 45, 1).unwrap();
    oo::add_topic(&mut employee, &eve.id, &m, "Roadmap", 2).unwrap();
    let follow_up = changes_since(&mut employee, &base);
    assert_eq!(employee.get_changes(&base).len(), 2);
    assert!(!follow_up.is_empty());
    // Nothing new to send: an empty payload, which merges as a no-op.
    let now = employee.get_heads();
    let nothing = changes_since(&mut employee, &now);
    assert!(nothing.is_empty());
    assert_eq!(merge(&mut leader, &nothing).unwrap().new_changes, 0);
    // Heads we have never seen are ignored; with none known, the whole document goes.
    let unknown: ChangeHash = "ab".repeat(32).parse().unwrap();
    assert_eq!(changes_since(&mut employee, &[base[0], unknown]), follow_up);
    let whole = changes_since(&mut employee, &[unknown]);
    assert!(whole.len() > first);
    assert_eq!(merge(&mut leader, &whole).unwrap().new_changes, 2);
}

#[test]
fn r7_5_a_file_for_another_document_is_refused_and_changes_nothing() {
    let (mut leader, mut employee, lea, eve) = pair();
    // Same people, another series created separately: whole and incremental payloads.
    let mut other = oo::create(
        "series-2",
        &lea,
        &eve,
        crate::domain::one_on_one::Side::Leader,
        5,
    )
    .unwrap();
    let other_base = other.get_heads();
    oo::propose_meeting(&mut other, &eve.id, dt("2026-12-03T10:00"), 45, 6).unwrap();
    let heads = employee.get_heads();
    let before = oo::load(&employee).unwrap();
    let whole = other.save();
    assert!(matches!(
        merge(&mut employee, &whole),
        Err(ExchangeError::WrongDocument { ref expected, ref found }) if expected == "series-1" && found == "series-2"
    ));
    assert!(matches!(
        merge(&mut employee, &changes_since(&mut other, &other_base)),
        Err(ExchangeError::MissingHistory(_))
    ));
    assert!(matches!(
        preview(&employee, "series-1", &whole),
        Err(ExchangeError::WrongDocument { .. })
    ));
    // The sync file names another document: refused before looking at the payload.
    let mine = changes_since(&mut leader, &[]);
    assert!(matches!(
        preview(&employee, "series-2", &mine),
        Err(ExchangeError::WrongDocument { .. })
    ));
    assert_eq!(employee.get_heads(), heads);
    assert_eq!(oo::load(&employee).unwrap(), before);
    assert!(matches!(
        receive_new("series-1", DocKind::OneOnOne, SCHEMA, &whole),
        Err(ExchangeError::WrongDocument { .. })
    ));
}

#[test]
fn r7_5_a_file_with_a_gap_is_refused_until_the_earlier_one_arrives() {
    let (mut leader, mut employee, _, eve) = pair();
    let base = leader.get_heads();
    let m = oo::propose_meeting(&mut employee, &eve.id, dt("2026-12-03T10:00"), 45, 1).unwrap();
    let mid = employee.get_heads();
    let first_file = changes_since(&mut employee, &base);
    oo::add_topic(&mut employee, &eve.id, &m, "Roadmap", 2).unwrap();
    // Built as if the leader already had the proposal, which they do not.
    let second_file = changes_since(&mut employee, &mid);
    let err = merge(&mut leader, &second_file).unwrap_err();
    assert!(matches!(err, ExchangeError::MissingHistory(1)));
    assert!(err.to_string().contains("earlier sync file"));
    assert!(matches!(
        preview(&leader, "series-1", &second_file),
        Err(ExchangeError::MissingHistory(_))
    ));
    assert_eq!(leader.get_heads(), base);
    assert_eq!(merge(&mut leader, &first_file).unwrap().new_changes, 1);
    assert_eq!(merge(&mut leader, &second_file).unwrap().new_changes, 1);
    assert_eq!(leader.get_heads(), employee.get_heads());
}

#[test]
fn r7_5_damaged_files_are_refused_without_panic_and_change_nothing() {
    let (mut leader, mut employee, lea, eve) = pair();
    let base = leader.get_heads();
    let m = oo::propose_meeting(&mut employee, &eve.id, dt("2026-12-03T10:00"), 45, 1).unwrap();
    oo::add_topic(&mut employee, &eve.id, &m, "Roadmap", 2).unwrap();
    oo::edit_section(
        &mut employee,
        &eve.id,
        &m,
        Section::Metrics,
        "NPS 42 → 45",
        3,
    )
    .unwrap();
    let follow_up = changes_since(&mut employee, &base);
    oo::add_topic(&mut leader, &lea.id, &m, "Offsite", 4).unwrap_err(); // meeting not here yet
    let heads = leader.get_heads();
    let sender = employee.get_heads();
    let mut boundaries = 0;
    for cut in 1..follow_up.len() {
        let r = merge_from(&mut leader, &follow_up[..cut], &sender);
        match r {
            Err(ExchangeError::Corrupt(_)) => {}
            // Cut exactly between two changes: it parses, but misses the sender's heads.
            Err(ExchangeError::Incomplete) => boundaries += 1,
            other => panic!("cut at {cut}: {other:?}"),
        }
        assert_eq!(leader.get_heads(), heads);
    }
    assert_eq!(boundaries, 2, "three changes, two boundaries between them");
    assert!(matches!(
        preview_from(
            &leader,
            "series-1",
            &follow_up[..follow_up.len() - 1],
            &sender
        ),
        Err(ExchangeError::Corrupt(_))
    ));
    for i in 0..follow_up.len() {
        let mut bad = follow_up.clone();
        bad[i] ^= 0x5a;
        // A flipped byte is either detected, or (in a few header bytes) it still parses to
        // the same valid changes; it must never panic or half-apply.
        if merge(&mut leader.clone(), &bad).is_err() {
            let mut copy = leader.clone();
            assert!(merge(&mut copy, &bad).is_err());
            assert_eq!(copy.get_heads(), heads);
        }
    }
    let whole = employee.save();
    for cut in [1, 10, whole.len() / 2, whole.len() - 1] {
        assert!(matches!(
            merge(&mut leader, &whole[..cut]),
            Err(ExchangeError::Corrupt(_))
        ));
        assert!(matches!(
            receive_new("series-1", DocKind::OneOnOne, SCHEMA, &whole[..cut]),
            Err(ExchangeError::Corrupt(_))
        ));
    }
    assert!(matches!(
        merge(&mut leader, b"not a sync file"),
        Err(ExchangeError::Corrupt(_))
    ));
    assert_eq!(leader.get_heads(), heads);
    assert_eq!(
        preview_from(&leader, "series-1", &follow_up, &sender)
            .unwrap()
            .new_changes,
        3
    );
    assert_eq!(
        merge_from(&mut leader, &follow_up, &sender)
            .unwrap()
            .new_changes,
        3
    );
    assert_eq!(leader.get_heads(), sender);
}

#[test]
fn receive_new_needs_a_whole_readable_document_of_the_right_kind() {
    let (mut leader, mut employee, _, eve) = pair();
    let base = employee.get_heads();
    oo::propose_meeting(&mut employee, &eve.id, dt("2026-12-03T10:00"), 45, 1).unwrap();
    let follow_up = changes_since(&mut employee, &base);
    assert!(matches!(
        receive_new("series-1", DocKind::OneOnOne, SCHEMA, &follow_up),
        Err(ExchangeError::NotAWholeDocument)
    ));
    let whole = changes_since(&mut leader, &[]);
    assert!(matches!(
        receive_new("series-1", DocKind::DevelopmentPlan, 1, &whole),
        Err(ExchangeError::Doc(DocError::WrongKind { .. }))
    ));
    assert!(matches!(
        receive_new("series-1", DocKind::OneOnOne, 0, &whole),
        Err(ExchangeError::Doc(DocError::NewerSchema(1)))
    ));
    assert!(receive_new("series-1", DocKind::OneOnOne, SCHEMA, b"").is_err());
    let p = preview_new("series-1", DocKind::OneOnOne, SCHEMA, &employee.save()).unwrap();
    assert_eq!(p.new_changes, 2);
    assert_eq!(p.authors, ["Lea", "Eve"]);
}

#[test]
fn heads_round_trip_as_hex() {
    let (_, mut employee, _, eve) = pair();
    oo::propose_meeting(&mut employee, &eve.id, dt("2026-12-03T10:00"), 45, 1).unwrap();
    let heads = employee.get_heads();
    let hex = heads_to_hex(&heads);
    assert_eq!(hex[0].len(), 64);
    assert_eq!(heads_from_hex(&hex).unwrap(), heads);
    assert!(heads_from_hex::<&str>(&[]).unwrap().is_empty());
    assert!(matches!(
        heads_from_hex(&["xyz"]),
        Err(ExchangeError::BadHeads(_))
    ));
    assert!(matches!(
        heads_from_hex(&["ab".repeat(31)]),
        Err(ExchangeError::BadHeads(_))
    ));
}
