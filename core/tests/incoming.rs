//! Importing a sync file as the app does (`docs::incoming`, called by `src/state/sharing.rs`),
//! with real workspaces, documents and sealed files: the preview (trust, replay, sender,
//! addressee, "which you do not have yet") and what an import records (the index entry and
//! the sender's contact). R7.1–R7.5.
//!
//! Lea (leader) starts a series for roster person "roster-eve"; Eve's card says "eve". Lea's
//! first file goes by passphrase, addressed to Eve as the series names her.

use rapport_core::docs::exchange::ExchangeError;
use rapport_core::docs::incoming::{self, IncomingError};
use rapport_core::docs::one_on_one as oo;
use rapport_core::docs::trust::{self, TrustError};
use rapport_core::docs::workspace::{self, Contact, SharedDoc};
use rapport_core::docs::DocKind;
use rapport_core::domain::one_on_one::Participant;
use rapport_core::domain::Side;
use rapport_core::sync::{Addressee, SyncError};

mod support;
use support::pair::{dt, Browser, PHRASE, SERIES};

fn lea_and_eve() -> (Browser, Browser) {
    let mut lea = Browser::new(1, "lea", "Lea");
    let eve = Browser::new(2, "eve", "Eve");
    lea.start_series(SERIES, "roster-eve", "Eve");
    (lea, eve)
}

/// Lea's first file, imported by Eve at t = 2 000.
fn first_exchange() -> (Browser, Browser) {
    let (mut lea, mut eve) = lea_and_eve();
    let file = lea.send(SERIES, None, 1_000);
    eve.receive(&file, Some(PHRASE), 2_000).unwrap();
    (lea, eve)
}

/// Eve proposes a 1:1 and replies by passphrase (she knows Lea's card, Lea not hers yet);
/// Lea imports it at t = 4 000. Returns Eve's reply too.
fn first_reply() -> (Browser, Browser, Vec<u8>) {
    let (mut lea, mut eve) = first_exchange();
    propose(&mut eve, "2026-12-03T10:00");
    let reply = eve.send(SERIES, None, 3_000);
    assert_eq!(lea.receive(&reply, Some(PHRASE), 4_000).unwrap(), 1);
    (lea, eve, reply)
}

/// A 1:1 proposed on `b`'s copy in the employee's name (as the employee's command does).
fn propose(b: &mut Browser, when: &str) {
    let doc = &mut b.docs.get_mut(SERIES).unwrap().1;
    oo::propose_meeting(doc, "roster-eve", dt(when), 45, 3_000).unwrap();
}

fn actor(b: &Browser) -> String {
    b.docs[SERIES].1.get_actor().to_hex_string()
}

#[test]
fn a_new_document_is_previewed_and_received_with_its_entry_and_a_new_contact() {
    let (mut lea, mut eve) = lea_and_eve();
    let file = lea.send(SERIES, None, 1_000);
    let p = eve.preview(&file, Some(PHRASE)).unwrap();
    let pv = &p.preview;
    assert!(pv.is_new);
    assert_eq!(pv.my_side, Side::Employee);
    assert_eq!(pv.sender_name, "Lea");
    assert!(
        pv.sender_unverified,
        "a sender met by passphrase is not verified"
    );
    assert!(!pv.first_reply);
    assert_eq!(pv.replayed_on, None);
    assert_eq!(pv.preview.kind, DocKind::OneOnOne);
    assert_eq!(pv.preview.new_changes, 1);
    assert!(eve.docs.is_empty(), "a preview stores nothing");

    assert_eq!(eve.confirm(&p, 2_000).unwrap(), 1);
    // R7.1: the signer of the first file is the counterpart the document names.
    assert_eq!(
        eve.entry(SERIES),
        SharedDoc {
            roster_person_id: String::new(),
            contact_id: "lea".into(),
            their_heads: p.header.sender_heads.clone(),
            last_received_ms: 2_000,
            my_key: trust::key_hex(&eve.card),
            counterpart_key: trust::key_hex(&lea.card),
            their_actors: vec![actor(&lea)],
            ..SharedDoc::new(
                DocKind::OneOnOne,
                "1:1s Lea – Eve".into(),
                Side::Employee,
                &Participant::new("lea", "Lea"),
            )
        }
    );
    // R7.4: met through a passphrase, never sent to: unverified, not known to hold my card.
    assert_eq!(
        eve.workspace().contacts["lea"],
        Contact {
            person_id: "lea".into(),
            name: "Lea".into(),
            card: lea.card.to_text(),
            fingerprint: lea.card.fingerprint(),
            verified: false,
            added_ms: 2_000,
            has_my_card: false,
        }
    );
    assert!(eve.workspace().imported_files.contains_key(&p.file_key));
    assert_eq!(eve.series(), lea.series());
}

#[test]
fn an_update_is_previewed_as_the_counterparts_changes() {
    let (mut lea, mut eve) = first_exchange();
    lea.add_contact(&eve.card);
    propose(&mut eve, "2026-12-03T10:00");
    let reply = eve.send(SERIES, Some(&lea.card), 3_000);
    let p = lea.preview(&reply, None).unwrap();
    let pv = &p.preview;
    assert!(!pv.is_new);
    assert_eq!(pv.my_side, Side::Leader);
    assert_eq!(pv.sender_name, "Eve");
    assert!(!pv.sender_unverified);
    assert_eq!(pv.preview.new_changes, 1);
    assert_eq!(pv.preview.changes[0].actor, actor(&eve));

    // R7.4: checked against the counterpart's side: a leader may not schedule a 1:1 (R3.2),
    // so the same change coming from Lea is refused on Eve's side.
    let (mut lea, eve) = first_exchange();
    propose(&mut lea, "2026-12-10T10:00");
    let file = lea.send(SERIES, Some(&eve.card), 3_000);
    let before = eve.series();
    match eve.preview(&file, None).err() {
        Some(IncomingError::Exchange(e)) => match *e {
            ExchangeError::NotTheirPart(e) => assert_eq!(e.owner, "the employee"),
            e => panic!("expected a rights refusal, got {e:?}"),
        },
        other => panic!("expected a rights refusal, got {other:?}"),
    }
    assert_eq!(eve.series(), before);
}

#[test]
fn a_file_from_a_stranger_is_refused() {
    let (lea, mut eve) = first_exchange();
    let mut mal = Browser::new(3, "mal", "Mal");
    eve.add_contact(&mal.card);
    // Mal's own series under the pair's id, naming Lea and Eve.
    mal.docs.insert(
        SERIES.into(),
        (
            DocKind::OneOnOne,
            oo::create(
                SERIES,
                &lea.me(),
                &Participant::new("roster-eve", "Eve"),
                Side::Leader,
                9_000,
            )
            .unwrap(),
        ),
    );
    let entry = SharedDoc::new(
        DocKind::OneOnOne,
        "1:1s".into(),
        Side::Leader,
        &Participant::new("roster-eve", "Eve"),
    );
    workspace::put_shared(&mut mal.ws, SERIES, &entry, "Forged", 0).unwrap();
    let file = mal.send(SERIES, Some(&eve.card), 9_000);
    let err = eve.preview(&file, None).err().unwrap();
    assert!(
        matches!(err, IncomingError::Trust(TrustError::NotAWriter { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("from Mal, not from Lea"), "{err}");

    // R7.1: a new document must come from the counterpart it names, not from a third person.
    mal.docs.insert(
        "other".into(),
        (
            DocKind::OneOnOne,
            oo::create(
                "other",
                &lea.me(),
                &Participant::new("roster-eve", "Eve"),
                Side::Leader,
                9_000,
            )
            .unwrap(),
        ),
    );
    workspace::put_shared(&mut mal.ws, "other", &entry, "Forged", 0).unwrap();
    let file = mal.send("other", Some(&eve.card), 9_000);
    assert!(matches!(
        eve.preview(&file, None),
        Err(IncomingError::Trust(TrustError::NewFromWrongPerson { .. }))
    ));
}

#[test]
fn a_follow_up_for_a_document_not_held_here_says_so() {
    let (mut lea, _, _) = first_reply();
    // Lea now knows what Eve has: her next file only carries newer changes.
    let follow_up = lea.send(SERIES, None, 5_000);
    // Eve's keys in a browser that never received the series.
    let fresh = Browser::new(2, "eve", "Eve");
    let err = fresh.preview(&follow_up, Some(PHRASE)).err().unwrap();
    assert!(matches!(err, IncomingError::NotHeldYet { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "This file updates \"1:1s Lea – Eve\", which you do not have yet. Ask Lea to send the \
         whole document: it happens automatically if they export again after you tell them."
    );
}

#[test]
fn a_replayed_file_is_recognised_by_its_key_and_by_its_legacy_id() {
    let (mut lea, mut eve) = lea_and_eve();
    let file = lea.send(SERIES, None, 1_000);
    eve.receive(&file, Some(PHRASE), 2_000).unwrap();
    // R7.5: the same bytes again: recognised, and they add nothing.
    let again = eve.preview(&file, Some(PHRASE)).unwrap();
    assert_eq!(again.preview.replayed_on, Some(2_000));
    assert!(!again.preview.is_new);
    assert_eq!(again.preview.preview.new_changes, 0);
    let before = eve.series();
    assert_eq!(eve.confirm(&again, 3_000).unwrap(), 0);
    assert_eq!(eve.series(), before);

    // Files imported by earlier versions were recorded by their header's file id (hex).
    let mut older = Browser::new(2, "eve", "Eve");
    let p = older.preview(&file, Some(PHRASE)).unwrap();
    assert_eq!(p.preview.replayed_on, None);
    let legacy: String = p
        .header
        .file_id
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    workspace::note_imported_file(&mut older.ws, &legacy, 500).unwrap();
    let p = older.preview(&file, Some(PHRASE)).unwrap();
    assert_eq!(p.preview.replayed_on, Some(500));
    let ws = older.workspace();
    assert_eq!(
        incoming::replayed_on(&ws, &p.file_key, &p.header),
        Some(500)
    );
    assert_eq!(
        incoming::replayed_on(&ws, "sha256:00", &p.header),
        Some(500)
    );
    assert_eq!(
        incoming::replayed_on(
            &Browser::new(2, "eve", "Eve").workspace(),
            &p.file_key,
            &p.header
        ),
        None
    );
}

#[test]
fn the_first_reply_records_the_counterparts_card_and_key() {
    let (lea, eve, _) = first_reply();
    let entry = lea.entry(SERIES);
    assert_eq!(entry.contact_id, "eve");
    assert_eq!(entry.counterpart_key, trust::key_hex(&eve.card));
    assert_eq!(entry.my_key, trust::key_hex(&lea.card));
    assert_eq!(entry.their_actors, vec![actor(&eve)]);
    assert_eq!(entry.last_received_ms, 4_000);
    assert_eq!(entry.last_sent_ms, 1_000);
    assert_eq!(entry.their_heads.len(), 1);
    // Met by passphrase, but I sent to them before: they hold my card.
    let c = &lea.workspace().contacts["eve"];
    assert!(c.has_my_card);
    assert!(!c.verified);

    // A document indexed before my key was recorded gets it from the first reply.
    let (mut lea, eve) = lea_and_eve();
    let file = lea.send(SERIES, None, 1_000);
    let header = eve.preview(&file, Some(PHRASE)).unwrap().header;
    let entry = SharedDoc::new(
        DocKind::OneOnOne,
        "1:1s".into(),
        Side::Employee,
        &Participant::new("lea", "Lea"),
    );
    let after = incoming::entry_after_merge(entry, &header, &[], true, "my-key", 7_000);
    assert_eq!(after.my_key, "my-key");
    assert_eq!(after.counterpart_key, trust::key_hex(&header.sender));
    assert_eq!(after.contact_id, "lea");
    assert_eq!(after.last_received_ms, 7_000);
    assert_eq!(after.their_heads, header.sender_heads);
}

#[test]
fn the_first_reply_is_announced_in_the_preview() {
    let (lea, mut eve) = first_exchange();
    propose(&mut eve, "2026-12-03T10:00");
    let reply = eve.send(SERIES, None, 3_000);
    let p = lea.preview(&reply, Some(PHRASE)).unwrap();
    assert!(p.preview.first_reply);
    assert!(p.preview.sender_unverified);
    assert_eq!(p.preview.sender_name, "Eve");
}

#[test]
fn a_later_file_from_the_same_person_never_rewrites_the_contact() {
    let (mut lea, mut eve, _) = first_reply();
    // Lea verified Eve and keeps her own name for her.
    let mut c = lea.workspace().contacts["eve"].clone();
    c.name = "Eve Martin".into();
    c.verified = true;
    workspace::put_contact(&mut lea.ws, &c, "Renamed", 4_500).unwrap();
    let entry_before = lea.entry(SERIES);

    propose(&mut eve, "2026-12-17T10:00");
    let file = eve.send(SERIES, Some(&lea.card), 5_000);
    let p = lea.preview(&file, None).unwrap();
    assert!(!p.preview.first_reply);
    assert_eq!(
        p.preview.sender_name, "Eve Martin",
        "the name on record, not the card's"
    );
    assert!(!p.preview.sender_unverified);
    assert_eq!(lea.confirm(&p, 6_000).unwrap(), 1);

    let entry = lea.entry(SERIES);
    assert_eq!(entry.contact_id, entry_before.contact_id);
    assert_eq!(entry.counterpart_key, entry_before.counterpart_key);
    assert_eq!(entry.counterpart_name, entry_before.counterpart_name);
    assert_eq!(entry.their_actors, entry_before.their_actors);
    assert_eq!(entry.their_heads, p.header.sender_heads);
    assert_eq!(entry.last_received_ms, 6_000);
    assert_eq!(
        lea.workspace().contacts["eve"],
        Contact {
            has_my_card: true,
            ..c
        }
    );

    // Only a first reply records a contact and key: any other merge keeps them.
    let mut other = entry.clone();
    other.contact_id = "someone".into();
    other.counterpart_key = "k".into();
    let after = incoming::entry_after_merge(other.clone(), &p.header, &[], false, "mine", 7_000);
    assert_eq!(after.contact_id, "someone");
    assert_eq!(after.counterpart_key, "k");
    assert_eq!(after.my_key, other.my_key);
}

#[test]
fn whether_the_sender_holds_my_card() {
    let lea = Browser::new(1, "lea", "Lea").card;
    let known = |has: bool| Contact {
        person_id: "lea".into(),
        name: "Lea on record".into(),
        card: lea.to_text(),
        fingerprint: lea.fingerprint(),
        verified: true,
        added_ms: 10,
        has_my_card: has,
    };
    let has = |known: Option<Contact>, via_passphrase, sent_before| {
        incoming::contact_after_import(known, &lea, via_passphrase, sent_before, 99).has_my_card
    };
    // Encrypted to my key: they have my card.
    assert!(has(None, false, false));
    assert!(has(Some(known(false)), false, false));
    // By passphrase: only if I sent to them before, or it was known already.
    assert!(!has(None, true, false));
    assert!(!has(Some(known(false)), true, false));
    assert!(has(None, true, true));
    assert!(has(Some(known(true)), true, false));
    // A known contact keeps everything else; a new one is added unverified.
    let kept = incoming::contact_after_import(Some(known(false)), &lea, false, false, 99);
    assert_eq!(
        kept,
        Contact {
            has_my_card: true,
            ..known(false)
        }
    );
    let added = incoming::contact_after_import(None, &lea, true, false, 99);
    assert_eq!(
        (added.verified, added.added_ms, added.name.as_str()),
        (false, 99, "Lea")
    );

    // In a real exchange: Eve never sent to Lea, whose first file came by passphrase.
    let (_, eve) = first_exchange();
    assert!(!eve.workspace().contacts["lea"].has_my_card);
    // She sends once; Lea's next passphrase file then counts as "they have my card".
    let (mut lea, mut eve, _) = first_reply();
    let file = lea.send(SERIES, None, 5_000);
    eve.receive(&file, Some(PHRASE), 6_000).unwrap();
    assert!(eve.workspace().contacts["lea"].has_my_card);
    assert!(incoming::sent_before(&eve.workspace(), SERIES));
    assert!(!incoming::sent_before(&eve.workspace(), "unknown"));
}

#[test]
fn a_passphrase_file_addressed_to_someone_else_is_refused() {
    let bob = Addressee {
        person_id: "roster-bob".into(),
        name: "Bob".into(),
    };
    // A new document.
    let (mut lea, eve) = lea_and_eve();
    let file = lea.send_addressed(SERIES, None, bob.clone(), 1_000);
    match eve.preview(&file, Some(PHRASE)) {
        Err(IncomingError::Sync(SyncError::AddressedToSomeoneElse { name, .. })) => {
            assert_eq!(name, "Bob")
        }
        other => panic!("expected a refusal, got {:?}", other.err()),
    }
    // An update (here one with nothing new: the addressee is checked all the same).
    let (mut lea, eve) = first_exchange();
    let file = lea.send_addressed(SERIES, None, bob, 3_000);
    let err = eve.preview(&file, Some(PHRASE)).err().unwrap();
    assert!(
        err.to_string()
            .starts_with("Lea addressed this file about \"1:1s Lea – Eve\" to Bob, not to you"),
        "{err}"
    );
}

#[test]
fn confirming_decides_again() {
    let (mut lea, eve) = first_exchange();
    let file = lea.send(SERIES, None, 3_000);
    let p = eve.preview(&file, Some(PHRASE)).unwrap();
    assert!(!p.preview.is_new);
    // Previewed as an update, but the document is gone here by now.
    let empty = Browser::new(2, "eve", "Eve").workspace();
    assert!(matches!(
        incoming::recheck(&empty, None, &p.header, false),
        Err(IncomingError::NoLongerMatches)
    ));
    assert_eq!(
        IncomingError::NoLongerMatches.to_string(),
        "This file no longer matches what you have. Open it again."
    );
    assert_eq!(
        incoming::recheck(&eve.workspace(), Some(DocKind::OneOnOne), &p.header, false).unwrap(),
        trust::Incoming::Update { first_reply: false }
    );
    // An update previewed without its stored document is refused, not guessed.
    assert!(matches!(
        incoming::preview(
            &eve.workspace(),
            Some(DocKind::OneOnOne),
            &p.header,
            &p.payload,
            &p.file_key,
            None,
            ""
        ),
        Err(IncomingError::NotOpen)
    ));
}
