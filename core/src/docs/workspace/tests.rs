use super::*;
use crate::domain::Side;
use crate::domain::{person::PersonDraft, Channel};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn person(name: &str) -> Person {
    let v = PersonDraft {
        name: name.into(),
        ..Default::default()
    }
    .validate(today(), [])
    .unwrap();
    Person::new(crate::domain::new_id(), v, today())
}

#[test]
fn create_edit_save_load_round_trip() {
    let mut doc = create("ws", "me", "Lea", 1_000).unwrap();
    let ada = person("Ada");
    put_person(&mut doc, &ada, "Added Ada", 2_000).unwrap();
    let ci = CheckIn {
        id: "c1".into(),
        person_id: ada.id.clone(),
        date: today(),
        channel: Some(Channel::Call),
        note: "Talked about the move".into(),
        minutes: Some(7),
        logged_at: 3_000,
    };
    put_checkin(&mut doc, &ci, 3_000).unwrap();
    set_context(&mut doc, &ada.id, "Two kids; loves climbing", 4_000).unwrap();

    let bytes = doc.save();
    let loaded = crate::docs::load_checked(&bytes, DocKind::Workspace, SCHEMA).unwrap();
    let ws = load(&loaded).unwrap();
    assert_eq!(ws.profile.name, "Lea");
    assert_eq!(ws.people.get(&ada.id), Some(&ada));
    assert_eq!(ws.checkins.get("c1"), Some(&ci));
    assert_eq!(ws.context_of(&ada.id), "Two kids; loves climbing");
    assert_eq!(checkin_count(&loaded), 1);
}

#[test]
fn non_ascii_context_and_private_notes_round_trip() {
    let mut doc = create("ws", "me", "Lea", 0).unwrap();
    set_context(&mut doc, "p", "Déjà vu “x” 1 👋", 0).unwrap();
    set_context(&mut doc, "p", "Déjà vu “xy” 12 👋🏽", 0).unwrap();
    set_private_note(&mut doc, "m1", "Sujet délicat — à revoir", 0).unwrap();
    let ws = load(&doc).unwrap();
    assert_eq!(ws.context_of("p"), "Déjà vu “xy” 12 👋🏽");
    assert_eq!(
        ws.private_notes.get("m1").map(|t| t.as_str()),
        Some("Sujet délicat — à revoir")
    );
}

#[test]
fn absorb_adds_what_is_missing_and_overwrites_nothing() {
    let mut mine = create("ws-a", "me", "Lea", 0).unwrap();
    let mut theirs = create("ws-b", "old-me", "Lea M.", 0).unwrap();
    let ada = person("Ada");
    let mut bo_here = person("Bo");
    put_person(&mut theirs, &ada, "Added", 1).unwrap();
    put_person(&mut theirs, &bo_here, "Added", 1).unwrap();
    bo_here.role_title = "Kept locally".into();
    put_person(&mut mine, &bo_here, "Added", 1).unwrap();
    set_context(&mut theirs, &ada.id, "likes chess", 1).unwrap();
    put_legacy_identity_secret(&mut theirs, "abcd");
    let other = load(&theirs).unwrap();
    let added = absorb(&mut mine, &other, false, 2).unwrap();
    assert_eq!(added.people, 1);
    let ws = load(&mine).unwrap();
    assert_eq!(ws.people.len(), 2);
    assert_eq!(ws.people[&bo_here.id].role_title, "Kept locally");
    assert_eq!(ws.context_of(&ada.id), "likes chess");
    assert_eq!(ws.profile.name, "Lea");
    // Absorbing twice adds nothing more; adopting takes the other profile and keys.
    assert_eq!(absorb(&mut mine, &other, true, 3).unwrap().people, 0);
    let ws = load(&mine).unwrap();
    assert_eq!(ws.profile.id, "old-me");
    // Keys are never written into a workspace document any more.
    assert_eq!(ws.identity_secret, "");
}

#[test]
fn legacy_keys_move_out_of_the_current_state() {
    let mut doc = create("ws", "me", "Lea", 0).unwrap();
    assert_eq!(take_identity_secret(&mut doc, 1).unwrap(), None);
    put_legacy_identity_secret(&mut doc, "abcd");
    assert_eq!(legacy_identity_secret(&doc).as_deref(), Some("abcd"));
    assert_eq!(
        take_identity_secret(&mut doc, 2).unwrap().as_deref(),
        Some("abcd")
    );
    assert_eq!(legacy_identity_secret(&doc), None);
    assert_eq!(load(&doc).unwrap().identity_secret, "");
    assert!(doc.get(ROOT, "identity_secret").unwrap().is_none());
    // Idempotent: nothing left to move.
    assert_eq!(take_identity_secret(&mut doc, 3).unwrap(), None);
}

proptest::proptest! {
    /// Refreshing with only what changed gives exactly what a full hydration gives, for
    /// random sequences of edits of every kind.
    #[test]
    fn refresh_equals_full_load(ops in proptest::collection::vec((0u8..6, 0usize..4, "[a-zé ]{0,12}"), 1..30)) {
        let mut doc = create("ws", "me", "Lea", 0).unwrap();
        let mut ws = load(&doc).unwrap();
        let mut heads = doc.get_heads();
        // A copy that receives the same changes by merging (as from another tab or an
        // import) and answers `touched` from Automerge's diff index, as the app does.
        let mut indexed = doc.fork();
        let mut ws_indexed = ws.clone();
        indexed.update_diff_cursor();
        let people: Vec<Person> = (0..4).map(|i| person(&format!("P{i}"))).collect();
        for (i, (op, who, text)) in ops.into_iter().enumerate() {
            let p = &people[who];
            match op {
                0 => put_person(&mut doc, p, "Added", 0).unwrap(),
                1 => {
                    let mut q = p.clone();
                    q.role_title = text.clone();
                    put_person(&mut doc, &q, "Edited", 0).unwrap()
                }
                2 => put_checkin(&mut doc, &CheckIn { id: format!("c{}", i % 5), person_id: p.id.clone(), date: today(), channel: None, note: text.clone(), minutes: None, logged_at: i as i64 }, 0).unwrap(),
                3 => { let _ = delete_checkin(&mut doc, &format!("c{}", i % 5), 0); }
                4 => set_context(&mut doc, &p.id, &text, 0).unwrap(),
                _ => {
                    let s = Settings { flag_after_days: (i % 7) as u32 + 1, ..Default::default() };
                    set_settings(&mut doc, &s, 0).unwrap()
                }
            }
            let now = doc.get_heads();
            let t = crate::docs::touched(&mut doc, &heads, &now);
            refresh(&mut ws, &doc, &t).unwrap();
            heads = now;
            proptest::prop_assert_eq!(&ws, &load(&doc).unwrap());
            indexed.merge(&mut doc).unwrap();
            let (cursor, after) = (indexed.diff_cursor(), indexed.get_heads());
            let t = crate::docs::touched(&mut indexed, &cursor, &after);
            refresh(&mut ws_indexed, &indexed, &t).unwrap();
            indexed.update_diff_cursor();
            proptest::prop_assert_eq!(&ws_indexed, &ws);
        }
    }
}

#[test]
fn migrate_adds_missing_maps_once() {
    let mut doc = create("ws", "me", "Lea", 0).unwrap();
    assert!(!migrate(&mut doc, 0).unwrap());
    doc.delete(ROOT, "contacts").unwrap();
    assert!(migrate(&mut doc, 0).unwrap());
    assert!(load(&doc).unwrap().contacts.is_empty());
}

#[test]
fn context_edit_is_incremental() {
    let mut doc = create("ws", "me", "Lea", 0).unwrap();
    set_context(&mut doc, "p", "Hello world", 0).unwrap();
    let heads = doc.get_heads();
    set_context(&mut doc, "p", "Hello brave world", 0).unwrap();
    let changes = doc.get_changes(&heads);
    assert_eq!(changes.len(), 1);
    // "brave " is six characters: six insert operations, nothing rewritten.
    assert_eq!(changes[0].len(), 6);
}

#[test]
fn loading_refuses_wrong_kind_and_newer_schema() {
    let mut doc = create("ws", "me", "Lea", 0).unwrap();
    let bytes = doc.save();
    assert!(matches!(
        crate::docs::load_checked(&bytes, DocKind::OneOnOne, SCHEMA),
        Err(DocError::WrongKind { .. })
    ));
    let meta = DocMeta {
        id: "ws".into(),
        kind: DocKind::Workspace,
        schema: SCHEMA + 1,
    };
    reconcile_prop(&mut doc, ROOT, "meta", &meta).unwrap();
    assert!(matches!(
        crate::docs::load_checked(&doc.save(), DocKind::Workspace, SCHEMA),
        Err(DocError::NewerSchema(_))
    ));
    assert!(matches!(
        crate::docs::load_checked(b"garbage", DocKind::Workspace, SCHEMA),
        Err(DocError::Corrupt(_))
    ));
}

#[test]
fn history_records_author_and_action() {
    let mut doc = create("ws", "me", "Lea", 1_000_000).unwrap();
    put_person(&mut doc, &person("Ada"), "Added Ada", 2_000_000).unwrap();
    let h = crate::docs::history(&mut doc);
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].what, "Added Ada");
    assert_eq!(h[0].by, "Lea");
    assert_eq!(h[0].time, 2_000);
}

/// The index of shared documents read a record per pass equals autosurgeon's reading of it,
/// entry by entry; `pairs` says how many entries must have taken the one-pass road.
fn shared_read_both_ways(doc: &AutoCommit, pairs: usize) {
    use crate::domain::workspace::shared_doc_of;
    let fast = load(doc).unwrap().shared;
    let slow: BTreeMap<String, SharedDoc> = autosurgeon::hydrate_prop(doc, ROOT, "shared").unwrap();
    assert_eq!(fast, slow);
    let map = obj_at(doc, &ROOT, "shared").unwrap();
    let one_pass = doc
        .map_range(&map, ..)
        .filter(|i| shared_doc_of(doc, &i.id()).is_some())
        .count();
    assert_eq!(one_pass, pairs, "pair entries are read in one pass");
}

fn pair_entry(i: usize, heads: Vec<String>, actors: Vec<String>) -> SharedDoc {
    SharedDoc {
        roster_person_id: format!("p{i}"),
        contact_id: format!("p{i}"),
        their_heads: heads,
        last_sent_ms: 1_700_000_000_000 + i as i64,
        last_received_ms: -(i as i64),
        my_key: "ab".repeat(32),
        counterpart_key: "cd".repeat(32),
        their_actors: actors,
        ..SharedDoc::new(
            DocKind::OneOnOne,
            format!("1:1s with P{i} — “été”"),
            if i.is_multiple_of(2) {
                Side::Leader
            } else {
                Side::Employee
            },
            &crate::domain::shared::Participant::new(format!("c{i}"), format!("P{i}")),
        )
    }
}

#[test]
fn the_shared_index_reads_alike_in_one_pass_and_field_by_field() {
    use crate::domain::workspace::TeamChannel;
    let mut doc = create("ws", "me", "Lea", 1_000).unwrap();
    for i in 0..4 {
        let entry = pair_entry(i, vec!["0a".repeat(32); i], vec!["be".repeat(16); i % 3]);
        put_shared(&mut doc, &format!("d{i}"), &entry, "Shared", 2_000).unwrap();
    }
    // A team entry, with a channel per member: read by autosurgeon.
    let mut team = pair_entry(9, vec![], vec![]);
    team.kind = DocKind::TeamObjectives;
    team.members = vec![TeamChannel {
        their_heads: vec!["0b".repeat(32)],
        actors: vec!["ef".repeat(16)],
        person_id: "p1".into(),
        name: "Ada".into(),
        key: "ee".repeat(32),
        ..TeamChannel::default()
    }];
    put_shared(&mut doc, "team", &team, "Shared", 3_000).unwrap();
    shared_read_both_ways(&doc, 4);
    assert_eq!(load(&doc).unwrap().shared["team"], team);

    // An entry an early release wrote, without the keys added since: the same defaults.
    let map = obj_at(&doc, &ROOT, "shared").unwrap();
    let old = doc
        .put_object(&map, "old", automerge::ObjType::Map)
        .unwrap();
    for (k, v) in [
        ("kind", "development-plan"),
        ("title", "Plan"),
        ("my_side", "Employee"),
        ("counterpart_id", "x"),
        ("counterpart_name", "X"),
    ] {
        doc.put(&old, k, v).unwrap();
    }
    doc.put_object(&old, "their_heads", automerge::ObjType::List)
        .unwrap();
    doc.put(&old, "last_sent_ms", 5i64).unwrap();
    doc.put(&old, "last_received_ms", 6i64).unwrap();
    doc.commit();
    shared_read_both_ways(&doc, 5);
    assert_eq!(load(&doc).unwrap().shared["old"].my_key, "");

    // An entry in another form (a timestamp stored as a float) is left to autosurgeon, whose
    // error it gives, not a guess.
    doc.put(&old, "last_sent_ms", 5.5f64).unwrap();
    doc.commit();
    assert!(load(&doc).is_err());
    let slow: Result<BTreeMap<String, SharedDoc>, _> =
        autosurgeon::hydrate_prop(&doc, ROOT, "shared");
    assert!(slow.is_err());
}

#[test]
fn a_workspace_without_a_shared_index_reads_as_sharing_nothing() {
    let mut doc = create("ws", "me", "Lea", 1_000).unwrap();
    doc.delete(ROOT, "shared").unwrap();
    doc.commit();
    assert!(load(&doc).unwrap().shared.is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    #[test]
    fn any_shared_index_reads_alike(
        entries in proptest::collection::vec(
            (proptest::collection::vec("[0-9a-f]{64}", 0..4), proptest::collection::vec("[0-9a-f]{32}", 0..3), ".{0,30}", proptest::bool::ANY),
            0..8,
        )
    ) {
        let mut doc = create("ws", "me", "Lea", 1_000).unwrap();
        for (i, (heads, actors, title, leader)) in entries.iter().enumerate() {
            let mut entry = pair_entry(i, heads.clone(), actors.clone());
            entry.title = title.clone();
            entry.my_side = if *leader { Side::Leader } else { Side::Employee };
            put_shared(&mut doc, &format!("d{i}"), &entry, "Shared", 2_000 + i as i64).unwrap();
            // Edited again, as a sync file's bookkeeping does.
            entry.their_heads.reverse();
            put_shared(&mut doc, &format!("d{i}"), &entry, "Sent", 3_000 + i as i64).unwrap();
        }
        shared_read_both_ways(&doc, entries.len());
    }
}
