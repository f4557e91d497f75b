//! Who may write a shared document (issue 8): the takeover by a third person, every refusal
//! around it, and that legitimate exchanges still merge (R7.1, R7.4, R7.5).
//!
//! `import` below takes the trust steps of an import one by one with core calls only: open
//! the envelope, ask `trust::check_incoming`, then preview and merge (update) or `check_new`
//! and `receive_new` (first file). The browsers are `support::pair`'s; the app's whole import
//! (`docs::incoming`) is tested in `incoming.rs`.

use std::collections::BTreeMap;

use automerge::{transaction::Transactable, ObjType, ReadDoc, ScalarValue, ROOT};
use proptest::prelude::*;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rapport_core::docs::exchange::{self, ExchangeError};
use rapport_core::docs::trust::{self, Access, Incoming, TrustError};
use rapport_core::docs::workspace::{self, SharedDoc};
use rapport_core::docs::{one_on_one as oo, DocKind};
use rapport_core::domain::one_on_one::{Participant, Section, Topic};
use rapport_core::domain::Side;
use rapport_core::sync::{self, ContactCard, Identity};

mod support;
use support::pair::{dt, seal_file, Browser, SERIES};

impl Browser {
    /// The app's import flow; returns the number of new changes merged.
    fn import(&mut self, file: &[u8], passphrase: Option<&str>) -> Result<usize, String> {
        let ws = workspace::load(&self.ws).unwrap();
        let contacts: BTreeMap<String, ContactCard> = ws
            .contacts
            .iter()
            .map(|(k, c)| (k.clone(), ContactCard::from_text(&c.card).unwrap()))
            .collect();
        let opened = sync::open(file, &self.id, passphrase, &|pid: &str| {
            contacts.get(pid).cloned()
        })
        .map_err(|e| e.to_string())?;
        let h = &opened.header;
        let heads = exchange::heads_from_hex(&h.sender_heads).unwrap();
        let verdict = trust::check_incoming(
            &ws,
            self.stored_kind(&h.doc_id),
            &h.doc_id,
            h.doc_kind,
            &h.sender,
        )
        .map_err(|e| e.to_string())?;
        let sender_key = trust::key_hex(&h.sender);
        match verdict {
            Incoming::Update { first_reply } => {
                let (_, doc) = self.docs.get_mut(&h.doc_id).unwrap();
                exchange::preview_from(doc, &h.doc_id, &opened.payload, &heads)
                    .map_err(|e| e.to_string())?;
                let report = exchange::merge_from(doc, &opened.payload, &heads)
                    .map_err(|e| e.to_string())?;
                let mut entry = ws.shared[&h.doc_id].clone();
                trust::note_their_actors(
                    &mut entry,
                    report.changes.iter().map(|c| c.actor.as_str()),
                );
                entry.their_heads = h.sender_heads.clone();
                if first_reply {
                    entry.counterpart_key = sender_key;
                    entry.contact_id = h.sender.person_id.clone();
                }
                workspace::put_shared(&mut self.ws, &h.doc_id, &entry, "Merged", 0).unwrap();
                Ok(report.new_changes)
            }
            Incoming::New => {
                let kind = h.doc_kind;
                let doc = exchange::receive_new(
                    &h.doc_id,
                    kind,
                    rapport_core::docs::max_schema(kind),
                    &opened.payload,
                )
                .map_err(|e| e.to_string())?;
                let name = trust::display_name(&ws, &h.sender);
                let my_side =
                    trust::check_new(kind, &doc, &h.sender, &name).map_err(|e| e.to_string())?;
                let n = doc.clone().get_changes(&[]).len();
                let actors: Vec<String> = doc
                    .clone()
                    .get_changes(&[])
                    .iter()
                    .map(|c| c.actor_id().to_hex_string())
                    .collect();
                let (leader, employee) = trust::participants(kind, &doc).unwrap();
                let counterpart = if my_side == Side::Leader {
                    employee
                } else {
                    leader
                };
                let counterpart = Participant::new(counterpart.id, name);
                let entry = SharedDoc {
                    contact_id: h.sender.person_id.clone(),
                    their_heads: h.sender_heads.clone(),
                    my_key: trust::key_hex(&self.card),
                    counterpart_key: sender_key,
                    ..SharedDoc::new(kind, h.doc_title.clone(), my_side, &counterpart)
                };
                let mut entry = entry;
                trust::note_their_actors(&mut entry, actors.iter().map(|a| a.as_str()));
                workspace::put_shared(&mut self.ws, &h.doc_id, &entry, "Received", 0).unwrap();
                if !ws.contacts.contains_key(&h.sender.person_id) {
                    self.add_contact(&h.sender.clone());
                }
                self.docs.insert(h.doc_id.clone(), (kind, doc));
                Ok(n)
            }
        }
    }
}

/// Lea (leader) and Eve (her report) share a series: Lea created it for roster person
/// "roster-eve", sent it by passphrase, Eve replied by key. Mal is Eve's contact only.
fn shared_pair() -> (Browser, Browser, Browser) {
    let mut lea = Browser::new(1, "lea", "Lea");
    let mut eve = Browser::new(2, "eve", "Eve");
    let mut mal = Browser::new(3, "mal", "Mal");
    lea.start_series(SERIES, "roster-eve", "Eve");
    let first = lea.export(SERIES, None);
    assert!(eve.import(&first, Some("agreed by phone")).unwrap() > 0);
    eve.add_contact(&mal.card);
    mal.add_contact(&eve.card);
    // Eve replies by key (she has Lea's card from the file); Lea imported Eve's card.
    lea.add_contact(&eve.card);
    let lea_card = lea.card.clone();
    let eve_p = Participant::new("roster-eve", "Eve");
    oo::propose_meeting(
        &mut eve.docs.get_mut(SERIES).unwrap().1,
        &eve_p.id,
        dt("2026-12-03T10:00"),
        45,
        1_000,
    )
    .unwrap();
    let reply = eve.export(SERIES, Some(&lea_card));
    assert_eq!(lea.import(&reply, None).unwrap(), 1);
    (lea, eve, mal)
}

/// Mal's forgery: a whole new series under the pair's id, naming Lea and Eve, with content
/// that would win conflicts on the root keys; signed by Mal and encrypted to Eve's key.
fn forged_series(
    mal: &mut Browser,
    eve_card: &ContactCard,
    leader: &str,
    employee: &str,
) -> Vec<u8> {
    let mut doc = oo::create(
        SERIES,
        &Participant::new(leader, "Lea"),
        &Participant::new(employee, "Eve"),
        Side::Leader,
        9_000_000,
    )
    .unwrap();
    let eve_p = Participant::new(employee, "Eve");
    let m =
        oo::propose_meeting(&mut doc, &eve_p.id, dt("2026-12-24T09:00"), 45, 9_000_001).unwrap();
    oo::edit_section(
        &mut doc,
        &eve_p.id,
        &m,
        Section::FeedbackToEmployee,
        "You are fired.",
        9_000_002,
    )
    .unwrap();
    let payload = doc.save();
    seal_file(
        &mal.id,
        &mal.card,
        SERIES,
        DocKind::OneOnOne,
        &mut doc,
        &[],
        &payload,
        Some(eve_card),
        77,
    )
}

#[test]
fn legitimate_pair_exchange_records_both_writers_by_key() {
    let (lea, eve, _) = shared_pair();
    let at_lea = lea.entry(SERIES);
    let at_eve = eve.entry(SERIES);
    // Lea learned Eve's key from Eve's first reply, which built on the series she sent.
    assert_eq!(at_lea.counterpart_key, trust::key_hex(&eve.card));
    assert_eq!(at_lea.contact_id, "eve");
    // Eve recorded the signer of the first file, Lea, as the counterpart.
    assert_eq!(at_eve.counterpart_key, trust::key_hex(&lea.card));
    assert_eq!(at_eve.my_side, Side::Employee);
    // The links a new document for the same person starts with.
    let ws_lea = workspace::load(&lea.ws).unwrap();
    assert_eq!(
        trust::linked_contact(&ws_lea, "roster-eve"),
        Some(("eve".into(), trust::key_hex(&eve.card)))
    );
    assert_eq!(trust::linked_contact(&ws_lea, "someone-else"), None);
    let ws_eve = workspace::load(&eve.ws).unwrap();
    assert_eq!(
        trust::my_leader_contact(&ws_eve),
        Some(("lea".into(), trust::key_hex(&lea.card)))
    );
    assert_eq!(lea.series(), eve.series());
}

#[test]
fn takeover_by_a_third_contact_is_refused_and_changes_nothing() {
    let (lea, mut eve, mut mal) = shared_pair();
    let eve_card = eve.card.clone();
    let before = eve.series();
    let entry_before = eve.entry(SERIES);
    // The forgery names the real participant ids, so only the signer gives it away.
    let file = forged_series(&mut mal, &eve_card, "lea", "roster-eve");
    let err = eve.import(&file, None).unwrap_err();
    assert!(err.contains("from Mal, not from Lea"), "{err}");
    assert!(!err.contains("R7"), "no rule ids in messages: {err}");
    assert_eq!(eve.series(), before);
    assert_eq!(
        eve.entry(SERIES),
        entry_before,
        "the contact is never rewritten"
    );
    assert_eq!(eve.entry(SERIES).contact_id, lea.card.person_id);
}

#[test]
fn unknown_signer_and_a_former_participant_key_are_refused() {
    let (_, eve, _) = shared_pair();
    let ws = workspace::load(&eve.ws).unwrap();
    let stranger = Identity::generate(&mut ChaCha20Rng::seed_from_u64(50))
        .public("lea", "Lea")
        .unwrap();
    // Same person id and name as Lea, other key (e.g. Lea's old key after she reinstalled,
    // or anyone claiming to be her): not a writer.
    let err = trust::check_incoming(
        &ws,
        Some(DocKind::OneOnOne),
        SERIES,
        DocKind::OneOnOne,
        &stranger,
    )
    .unwrap_err();
    assert!(matches!(err, TrustError::NotAWriter { .. }));
    let entry = &ws.shared[SERIES];
    assert_eq!(
        trust::one_on_one_may_write(entry, &trust::key_hex(&stranger)),
        Access::Refused
    );
    assert_eq!(
        trust::one_on_one_may_write(entry, &entry.counterpart_key),
        Access::Writer
    );
    assert_eq!(
        trust::development_plan_may_write(entry, ""),
        Access::Refused
    );
}

#[test]
fn the_workspace_is_refused_and_a_new_team_document_is_looked_at_further() {
    let (_, eve, _) = shared_pair();
    let ws = workspace::load(&eve.ws).unwrap();
    // Whether its sender leads it is `check_new`'s (core/tests/team_sharing.rs).
    assert_eq!(
        trust::check_incoming(&ws, None, "new-doc", DocKind::TeamObjectives, &eve.card),
        Ok(Incoming::New)
    );
    assert!(matches!(
        trust::check_incoming(&ws, None, "x", DocKind::Workspace, &eve.card),
        Err(TrustError::Workspace)
    ));
}

#[test]
fn a_whole_unrelated_document_from_a_writer_is_refused() {
    // Even the real counterpart cannot replace the series with a second root.
    let (mut lea, mut eve, _) = shared_pair();
    let eve_card = eve.card.clone();
    let before = eve.series();
    let mut doc = oo::create(
        SERIES,
        &lea.me(),
        &Participant::new("roster-eve", "Eve"),
        Side::Leader,
        5,
    )
    .unwrap();
    let payload = doc.save();
    let file = seal_file(
        &lea.id,
        &lea.card,
        SERIES,
        DocKind::OneOnOne,
        &mut doc,
        &[],
        &payload,
        Some(&eve_card),
        8,
    );
    let err = eve.import(&file, None).unwrap_err();
    assert!(err.contains("separate document"), "{err}");
    assert_eq!(eve.series(), before);
    // Directly at the exchange level, preview and merge both refuse.
    let (_, d) = eve.docs.get_mut(SERIES).unwrap();
    assert!(matches!(
        exchange::preview(d, SERIES, &payload),
        Err(ExchangeError::UnrelatedHistory)
    ));
    assert!(matches!(
        exchange::merge(d, &payload),
        Err(ExchangeError::UnrelatedHistory)
    ));
    // A legitimate update still goes through afterwards.
    let lea_p = lea.me();
    let m = lea.series().meetings.keys().next().unwrap().clone();
    oo::add_topic(
        &mut lea.docs.get_mut(SERIES).unwrap().1,
        &lea_p.id,
        &m,
        "Roadmap",
        10,
    )
    .unwrap();
    let update = lea.export(SERIES, Some(&eve_card));
    assert_eq!(eve.import(&update, None).unwrap(), 1);
}

#[test]
fn changing_meta_after_creation_is_refused() {
    let (lea, mut eve, _) = shared_pair();
    let eve_card = eve.card.clone();
    for (key, value) in [
        ("kind", "development-plan"),
        ("id", "other-id"),
        ("schema", "x"),
    ] {
        let mut copy = lea.docs[SERIES].1.clone();
        let base = copy.get_heads();
        let meta = match copy.get(ROOT, "meta").unwrap() {
            Some((_, obj)) => obj,
            None => unreachable!(),
        };
        if key == "schema" {
            // An older schema number (a same-value write is not even a change).
            copy.put(&meta, "schema", 0u64).unwrap();
        } else {
            copy.put(&meta, key, value).unwrap();
        }
        copy.commit();
        let payload = copy.save_after(&base);
        let before = eve.series();
        let d = &mut eve.docs.get_mut(SERIES).unwrap().1;
        let err = exchange::merge(d, &payload).unwrap_err();
        assert!(
            matches!(
                err,
                ExchangeError::MetaChanged | ExchangeError::WrongDocument { .. }
            ),
            "{key}: {err:?}"
        );
        assert_eq!(eve.series(), before);
    }
    // Replacing the whole meta object, and a schema this build cannot read.
    let mut copy = lea.docs[SERIES].1.clone();
    let base = copy.get_heads();
    autosurgeon::reconcile_prop(
        &mut copy,
        ROOT,
        "meta",
        rapport_core::docs::DocMeta {
            id: SERIES.into(),
            kind: DocKind::OneOnOne,
            schema: 99,
        },
    )
    .unwrap();
    copy.commit();
    let payload = copy.save_after(&base);
    let d = &mut eve.docs.get_mut(SERIES).unwrap().1;
    assert!(matches!(
        exchange::merge(d, &payload),
        Err(ExchangeError::MetaChanged)
    ));
    // Breaking the shape of a root key is refused too (the copy must still load).
    let mut copy = lea.docs[SERIES].1.clone();
    let base = copy.get_heads();
    copy.put(ROOT, "meetings", "not a map").unwrap();
    copy.commit();
    let payload = copy.save_after(&base);
    let file = seal_file(
        &lea.id,
        &lea.card,
        SERIES,
        DocKind::OneOnOne,
        &mut copy,
        &base,
        &payload,
        Some(&eve_card),
        9,
    );
    let err = eve.import(&file, None).unwrap_err();
    assert!(err.contains("schema") || err.contains("match"), "{err}");
    // So is one meeting or action of the wrong shape: an import reads again exactly the
    // meetings and actions its changes touch (issue 11), so these are read and refused.
    for (list, key, bad) in [
        ("meetings", "scheduled_for", ScalarValue::Int(5)),
        ("actions", "text", ScalarValue::Boolean(true)),
    ] {
        let mut copy = lea.docs[SERIES].1.clone();
        let base = copy.get_heads();
        let map = match copy.get(ROOT, list).unwrap() {
            Some((_, obj)) => obj,
            None => copy.put_object(ROOT, list, ObjType::Map).unwrap(),
        };
        let item = copy.put_object(&map, "forged", ObjType::Map).unwrap();
        copy.put(&item, key, bad).unwrap();
        copy.commit();
        let payload = copy.save_after(&base);
        let before = eve.series();
        let d = &mut eve.docs.get_mut(SERIES).unwrap().1;
        assert!(exchange::merge(d, &payload).is_err(), "{list}");
        assert_eq!(eve.series(), before, "{list}");
    }
}

#[test]
fn an_id_stored_under_another_kind_or_the_workspace_id_is_never_new() {
    let (mut lea, mut eve, _) = shared_pair();
    let eve_card = eve.card.clone();
    // Lea sends a "new" development plan whose id is Eve's stored series.
    let plan = rapport_core::docs::development_plan::create(
        SERIES,
        &rapport_core::domain::development::Participant {
            id: "roster-eve".into(),
            name: "Eve".into(),
        },
        &rapport_core::domain::development::Participant {
            id: "lea".into(),
            name: "Lea".into(),
        },
        "lea",
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        0,
    )
    .unwrap();
    let mut plan = plan;
    let payload = plan.save();
    let file = seal_file(
        &lea.id,
        &lea.card,
        SERIES,
        DocKind::DevelopmentPlan,
        &mut plan,
        &[],
        &payload,
        Some(&eve_card),
        10,
    );
    let err = eve.import(&file, None).unwrap_err();
    assert!(
        err.contains("already have a document with the same identity (your 1:1 series)"),
        "{err}"
    );
    // A series under the id of Eve's private workspace.
    let ws_id = workspace::load(&eve.ws).unwrap().meta.id;
    let mut s = oo::create(
        &ws_id,
        &lea.me(),
        &Participant::new("eve", "Eve"),
        Side::Leader,
        0,
    )
    .unwrap();
    let payload = s.save();
    let file = seal_file(
        &lea.id,
        &lea.card,
        &ws_id,
        DocKind::OneOnOne,
        &mut s,
        &[],
        &payload,
        Some(&eve_card),
        11,
    );
    let err = eve.import(&file, None).unwrap_err();
    assert!(err.contains("your private workspace"), "{err}");
    // And the check itself, for every stored kind.
    let ws = workspace::load(&eve.ws).unwrap();
    for stored in [DocKind::OneOnOne, DocKind::DevelopmentPlan] {
        assert!(matches!(
            trust::check_incoming(
                &ws,
                Some(stored),
                "stored-without-entry",
                DocKind::OneOnOne,
                &lea.card
            ),
            Err(TrustError::IdTaken { .. })
        ));
    }
    let _ = &mut lea;
}

#[test]
fn a_new_document_must_come_from_the_counterpart_it_names() {
    let (lea, mut eve, mut mal) = shared_pair();
    let eve_card = eve.card.clone();
    // Mal sends Eve a brand-new series that claims to be Lea's (leader id "lea").
    let mut doc = oo::create(
        "new-series",
        &Participant::new("lea", "Lea"),
        &Participant::new("eve", "Eve"),
        Side::Leader,
        0,
    )
    .unwrap();
    let payload = doc.save();
    let file = seal_file(
        &mal.id,
        &mal.card,
        "new-series",
        DocKind::OneOnOne,
        &mut doc,
        &[],
        &payload,
        Some(&eve_card),
        12,
    );
    let err = eve.import(&file, None).unwrap_err();
    assert!(
        err.contains("shared between Lea and Eve, but the file is from Mal"),
        "{err}"
    );
    assert!(!eve.docs.contains_key("new-series"));
    // Mal's own series with Eve is fine: it names Mal, who signed it.
    let mut own = oo::create(
        "mal-series",
        &mal.me(),
        &Participant::new("roster-eve-at-mal", "Eve"),
        Side::Leader,
        0,
    )
    .unwrap();
    let payload = own.save();
    let file = seal_file(
        &mal.id,
        &mal.card,
        "mal-series",
        DocKind::OneOnOne,
        &mut own,
        &[],
        &payload,
        Some(&eve_card),
        13,
    );
    assert!(eve.import(&file, None).is_ok());
    let e = eve.entry("mal-series");
    assert_eq!(e.counterpart_key, trust::key_hex(&mal.card));
    assert_eq!(e.my_side, Side::Employee);
    let _ = (&lea, &mut mal);
}

#[test]
fn the_first_reply_to_a_new_series_must_build_on_it() {
    // Lea created a series and sent it by passphrase; before Eve replies, Mal (whose card
    // Lea holds) sends Lea a whole series under that id: refused, no key recorded.
    let mut lea = Browser::new(1, "lea", "Lea");
    let mut mal = Browser::new(3, "mal", "Mal");
    lea.start_series(SERIES, "roster-eve", "Eve");
    lea.add_contact(&mal.card);
    let lea_card = lea.card.clone();
    let file = forged_series(&mut mal, &lea_card, "lea", "roster-eve");
    let err = lea.import(&file, None).unwrap_err();
    assert!(err.contains("separate document"), "{err}");
    assert!(lea.entry(SERIES).counterpart_key.is_empty());
}

#[test]
fn names_shown_for_a_known_key_are_the_stored_ones() {
    let (lea, eve, _) = shared_pair();
    let ws = workspace::load(&eve.ws).unwrap();
    // Lea's own key on a card that now claims another name.
    let renamed = lea.id.public("lea", "The CEO").unwrap();
    assert_eq!(trust::display_name(&ws, &renamed), "Lea");
    // Names with format characters never get onto a card in the first place.
    for bad in [
        "Lea\u{202E}",
        "L\u{200B}ea",
        "Lea\u{2028}Boss",
        "\u{2066}Lea",
        "Le\u{00AD}a",
        "Lea\u{FEFF}",
    ] {
        assert!(lea.id.public("lea", bad).is_err(), "{bad:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Whatever the two writers do, in whatever order files are exchanged, every honest file
    /// merges and both copies converge; a forged whole document with the same id, from Mal or
    /// from a writer, is refused at every point and never changes either copy.
    #[test]
    fn honest_files_merge_forged_roots_never_do(
        ops in proptest::collection::vec((0u8..4, "[a-z]{1,8}"), 1..12)
    ) {
        let (mut lea, mut eve, mut mal) = shared_pair();
        let lea_card = lea.card.clone();
        let eve_card = eve.card.clone();
        let lea_p = lea.me();
        let eve_p = Participant::new("roster-eve", "Eve");
        let m = lea.series().meetings.keys().next().unwrap().clone();
        for (i, (op, text)) in ops.into_iter().enumerate() {
            let t = 100 + i as i64;
            match op {
                0 => { oo::add_topic(&mut lea.docs.get_mut(SERIES).unwrap().1, &lea_p.id, &m, &text, t).unwrap(); }
                1 => { oo::add_topic(&mut eve.docs.get_mut(SERIES).unwrap().1, &eve_p.id, &m, &text, t).unwrap(); }
                2 => {
                    let f = lea.export(SERIES, Some(&eve_card));
                    eve.import(&f, None).unwrap();
                    let g = eve.export(SERIES, Some(&lea_card));
                    lea.import(&g, None).unwrap();
                }
                _ => {
                    let before = (lea.series(), eve.series());
                    let f = forged_series(&mut mal, &eve_card, "lea", "roster-eve");
                    prop_assert!(eve.import(&f, None).is_err());
                    let g = forged_series(&mut lea, &eve_card, "lea", "roster-eve");
                    prop_assert!(eve.import(&g, None).is_err());
                    prop_assert_eq!(before, (lea.series(), eve.series()));
                }
            }
        }
        let f = lea.export(SERIES, Some(&eve_card));
        eve.import(&f, None).unwrap();
        let g = eve.export(SERIES, Some(&lea_card));
        lea.import(&g, None).unwrap();
        prop_assert_eq!(lea.series(), eve.series());
        prop_assert_eq!(eve.entry(SERIES).counterpart_key, trust::key_hex(&lea_card));
    }
}

#[test]
fn restore_checks_every_entry_before_writing_any() {
    use rapport_core::docs::restore::{self, RestoreError};
    use rapport_core::sync::BackupEntry;
    let (mut lea, eve, _) = shared_pair();
    let ws_id = workspace::load(&lea.ws).unwrap().meta.id;
    let series = lea.docs[SERIES].1.clone().save();
    let ws_bytes = lea.ws.save();
    let entry = |id: &str, kind, bytes: &[u8]| BackupEntry {
        doc_id: id.into(),
        kind,
        bytes: bytes.to_vec(),
    };
    let good = vec![
        entry(&ws_id, DocKind::Workspace, &ws_bytes),
        entry(SERIES, DocKind::OneOnOne, &series),
    ];
    let mut stored = BTreeMap::new();
    stored.insert(ws_id.clone(), DocKind::Workspace);
    stored.insert(SERIES.to_string(), DocKind::OneOnOne);
    let checked = restore::check_backup(&good, &stored).unwrap();
    assert_eq!(checked.len(), 2);
    // The stored series merged with its own backup: nothing changes.
    let mut merged = restore::merge_copy(&lea.docs[SERIES].1, &checked[1]).unwrap();
    assert_eq!(
        merged.get_heads(),
        lea.docs.get_mut(SERIES).unwrap().1.get_heads()
    );

    let other = oo::create(
        "other",
        &lea.me(),
        &Participant::new("x", "X"),
        Side::Leader,
        0,
    )
    .unwrap()
    .save();
    let cases: Vec<(Vec<BackupEntry>, &str)> = vec![
        // The workspace id under another kind.
        (vec![entry(&ws_id, DocKind::OneOnOne, &series)], "id"),
        // Bytes of another document under a listed id.
        (
            vec![entry(SERIES, DocKind::OneOnOne, &other)],
            "another document",
        ),
        // A workspace labelled as a series.
        (
            vec![entry("fresh", DocKind::OneOnOne, &ws_bytes)],
            "expected",
        ),
        // Damaged bytes, and the same id twice.
        (
            vec![entry(
                "fresh",
                DocKind::OneOnOne,
                &series[..series.len() / 2],
            )],
            "damaged",
        ),
        (
            vec![
                entry(SERIES, DocKind::OneOnOne, &series),
                entry(SERIES, DocKind::OneOnOne, &series),
            ],
            "twice",
        ),
    ];
    for (entries, what) in cases {
        let mut all = good.clone();
        all.extend(entries);
        let err = restore::check_backup(&all, &stored).unwrap_err();
        assert!(
            matches!(err, RestoreError::BadEntry(_) | RestoreError::KindClash(_)),
            "{what}: {err:?}"
        );
        assert!(err.to_string().contains("Nothing was restored"), "{err}");
    }
    // The workspace's id listed as a series is a clash with what is stored here.
    let clash = vec![entry(&ws_id, DocKind::OneOnOne, &series)];
    assert!(restore::check_backup(&clash, &stored).is_err());
    // A "backup" copy of the series with its own first change does not merge.
    let mut forged = oo::create(
        SERIES,
        &lea.me(),
        &Participant::new("roster-eve", "Eve"),
        Side::Leader,
        1,
    )
    .unwrap();
    let forged = entry(SERIES, DocKind::OneOnOne, &forged.save());
    let checked = restore::check_backup(&[forged], &stored).unwrap();
    assert!(matches!(
        restore::merge_copy(&lea.docs[SERIES].1, &checked[0]),
        Err(RestoreError::Unmergeable(_))
    ));
    let _ = (&mut lea, eve);
}

#[test]
fn a_restored_document_is_stored_as_its_backup_bytes_with_a_fresh_summary() {
    use rapport_core::docs::restore;
    use rapport_core::store::{ChunkKey, ChunkKind};
    use rapport_core::summary;
    use rapport_core::sync::BackupEntry;
    let (lea, _, _) = shared_pair();
    let series = lea.docs[SERIES].1.clone().save();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let entry = |bytes: &[u8]| BackupEntry {
        doc_id: SERIES.into(),
        kind: DocKind::OneOnOne,
        bytes: bytes.to_vec(),
    };
    let p = restore::prepare(&entry(&series), today).unwrap();
    // The snapshot is the backup's bytes under their content key: nothing is encoded again.
    assert_eq!(
        p.snapshot,
        ChunkKey::for_bytes(SERIES, ChunkKind::Snapshot, &series)
    );
    // Its summary is the one the dashboard would compute, fresh for exactly that snapshot.
    let raw = p.summary.expect("a series has a summary");
    let expected = summary::summarise(&lea.docs[SERIES].1).unwrap().unwrap();
    let fresh = summary::decode_if_fresh(&raw, [&p.snapshot], today);
    assert!(fresh.is_some());
    assert_eq!(
        fresh,
        summary::decode_if_fresh(
            &summary::encode(&expected, [&p.snapshot], today),
            [&p.snapshot],
            today
        )
    );
    assert_eq!(summary::decode_if_fresh(&raw, [], today), None);
    // The same strict checks as `check_backup`: damaged bytes are refused.
    assert!(restore::prepare(&entry(&series[..series.len() / 2]), today).is_err());
}

#[test]
fn history_shows_the_names_on_record_by_actor() {
    let (mut lea, mut eve, _) = shared_pair();
    let lea_card = lea.card.clone();
    // Eve's client claims to be "The CEO" in its change notes.
    let m = eve.series().meetings.keys().next().unwrap().clone();
    // The app's commands record the name on record, so the claim is written as a modified
    // client would: the topic put directly, the change note naming someone else.
    let doc = &mut eve.docs.get_mut(SERIES).unwrap().1;
    let meetings = rapport_core::docs::obj_at(doc, &automerge::ROOT, "meetings").unwrap();
    let meeting = rapport_core::docs::obj_at(doc, &meetings, &m).unwrap();
    let topics = rapport_core::docs::obj_at(doc, &meeting, "topics").unwrap();
    let topic = Topic {
        id: "t-raise".into(),
        text: "Raise".into(),
        added_by: "roster-eve".into(),
        added_at_ms: 5,
        discussed: false,
    };
    autosurgeon::reconcile_prop(doc, &topics, "t-raise", &topic).unwrap();
    rapport_core::docs::commit(doc, "The CEO", "Added topic", 5);
    let f = eve.export(SERIES, Some(&lea_card));
    lea.import(&f, None).unwrap();
    let entry = lea.entry(SERIES);
    let h = rapport_core::docs::history(&mut lea.docs.get_mut(SERIES).unwrap().1);
    let names: Vec<&str> = h
        .iter()
        .map(|h| trust::history_name(&entry, "Lea", &h.actor, &h.by))
        .collect();
    assert!(h.iter().any(|h| h.by == "The CEO"));
    assert!(!names.contains(&"The CEO"), "{names:?}");
    assert!(
        names.contains(&"Eve") && names.contains(&"Lea"),
        "{names:?}"
    );
}

/// Issue 11: a restored workspace built a batch of its changes at a time is the document its
/// backup holds, and is checked as strictly; a batch list from another entry is refused.
#[test]
fn a_workspace_rebuilt_from_its_change_batches_is_the_backup() {
    use automerge::AutoCommit;
    use rapport_core::docs::restore;
    use rapport_core::sync::BackupEntry;
    let (mut lea, _, _) = shared_pair();
    let ws_id = workspace::load(&lea.ws).unwrap().meta.id;
    let e = BackupEntry {
        doc_id: ws_id.clone(),
        kind: DocKind::Workspace,
        bytes: lea.ws.save(),
    };
    let changes = lea.ws.get_changes(&[]).len();
    for per_batch in [1, 3, 1000] {
        let batches = restore::change_batches(&e, per_batch).unwrap();
        assert_eq!(batches.len(), changes.div_ceil(per_batch));
        let mut doc = AutoCommit::new();
        for b in &batches {
            doc.load_incremental(b).unwrap();
        }
        restore::check_loaded(&e, &mut doc).unwrap();
        assert_eq!(doc.get_heads(), lea.ws.get_heads());
        assert_eq!(
            workspace::load(&doc).unwrap(),
            workspace::load(&lea.ws).unwrap()
        );
        // Without its first batch the history is incomplete: refused.
        if batches.len() > 1 {
            let mut cut = AutoCommit::new();
            for b in &batches[1..] {
                cut.load_incremental(b).unwrap();
            }
            assert!(restore::check_loaded(&e, &mut cut).is_err());
        }
    }
    // Damaged bytes give no batches.
    let damaged = BackupEntry {
        bytes: e.bytes[..e.bytes.len() / 2].to_vec(),
        ..e.clone()
    };
    assert!(restore::change_batches(&damaged, 10).is_err());
}

/// The page stores a restored workspace without reading it first: a workspace that does not
/// read is refused where every entry is prepared, before anything is written.
#[test]
fn a_backup_workspace_that_does_not_read_is_refused_before_anything_is_written() {
    use automerge::transaction::Transactable;
    use rapport_core::docs::restore;
    use rapport_core::sync::BackupEntry;
    let (lea, _, _) = shared_pair();
    let ws_id = workspace::load(&lea.ws).unwrap().meta.id;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let entry = |bytes: Vec<u8>| BackupEntry {
        doc_id: ws_id.clone(),
        kind: DocKind::Workspace,
        bytes,
    };
    assert!(restore::prepare(&entry(lea.ws.clone().save()), today).is_ok());
    let mut broken = lea.ws.clone();
    broken
        .put(automerge::ROOT, "people", "not a roster")
        .unwrap();
    broken.commit();
    let err = restore::prepare(&entry(broken.save()), today).unwrap_err();
    assert!(err.to_string().contains("Nothing was restored"), "{err}");
}
