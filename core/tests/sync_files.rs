//! Sync files and contact cards (R7.4, R7.5): round trips and every refusal.

use automerge::{transaction::Transactable, AutoCommit, ReadDoc, ROOT};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use proptest::prelude::*;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rapport_core::docs::DocKind;
use rapport_core::sync::limits::MAX_SYNC_FILE_BYTES;
use rapport_core::sync::{
    derive_keys, file_key, inspect, open, open_unlocked, seal, seal_with_params, sealing_key,
    Addressee, Argon2Params, ContactCard, ContactError, Identity, KdfPurpose, Opened,
    PassphraseKey, Recipient, SealTo, SeenFiles, SyncError, SyncHeaderDraft,
};

/// Cheap Argon2id so tests run fast; real files use `Argon2Params::DEFAULT`.
const FAST: Argon2Params = Argon2Params {
    m_kib: 8,
    t: 1,
    p: 1,
};
const PASS: &str = "correct horse battery staple";

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

struct Person {
    id: Identity,
    card: ContactCard,
}

fn person(seed: u64, person_id: &str, name: &str) -> Person {
    let id = Identity::generate(&mut rng(seed));
    let card = id.public(person_id, name).unwrap();
    Person { id, card }
}

fn alice() -> Person {
    person(1, "alice", "Alice Leader")
}
fn bob() -> Person {
    person(2, "bob", "Bob Report")
}
fn carol() -> Person {
    person(3, "carol", "Carol Other")
}

fn draft() -> SyncHeaderDraft {
    SyncHeaderDraft {
        doc_id: "doc-1on1-alice-bob".into(),
        doc_kind: DocKind::OneOnOne,
        doc_title: "1:1 Alice / Bob".into(),
        sender_heads: vec!["ab".repeat(32)],
        base_heads: vec![],
        change_count: 3,
        created_ms: 1_700_000_000_000,
        addressee: Some(Addressee {
            person_id: "bob".into(),
            name: "Bob".into(),
        }),
    }
}

fn knows(cards: &[&ContactCard]) -> impl Fn(&str) -> Option<ContactCard> {
    let cards: Vec<ContactCard> = cards.iter().map(|c| (*c).clone()).collect();
    move |pid| cards.iter().find(|c| c.person_id == pid).cloned()
}

fn nobody(_: &str) -> Option<ContactCard> {
    None
}

/// A small key-mode file from Alice to Bob.
fn alice_to_bob(payload: &[u8]) -> Vec<u8> {
    let (a, b) = (alice(), bob());
    seal(
        &draft(),
        payload,
        &a.id,
        &a.card,
        SealTo::Contact(&b.card),
        &mut rng(10),
    )
    .unwrap()
}

fn alice_with_passphrase(payload: &[u8]) -> Vec<u8> {
    let a = alice();
    seal_with_params(
        &draft(),
        payload,
        &a.id,
        &a.card,
        SealTo::Passphrase(PASS),
        FAST,
        &mut rng(11),
    )
    .unwrap()
}

fn bob_opens(file: &[u8]) -> Result<Opened, SyncError> {
    let (a, b) = (alice(), bob());
    open(file, &b.id, None, &knows(&[&a.card]))
}

// ---------- round trips ----------

#[test]
fn key_mode_round_trip_carries_standard_automerge_bytes() {
    // R7.1/R7.3: the payload is plain Automerge: whole document first, then only new changes.
    let mut doc = AutoCommit::new();
    doc.put(ROOT, "title", "1:1 Alice / Bob").unwrap();
    let first_heads = doc.get_heads();
    let full = doc.save();
    doc.put(ROOT, "agenda", "Growth plan").unwrap();
    let incremental = doc.save_after(&first_heads);
    let hex = |hs: Vec<automerge::ChangeHash>| hs.iter().map(|h| h.to_string()).collect();

    let (a, b) = (alice(), bob());
    let mut d = draft();
    d.sender_heads = hex(doc.get_heads());
    d.base_heads = hex(first_heads.clone());
    let to_bob = |payload: &[u8], d: &SyncHeaderDraft| {
        seal(
            d,
            payload,
            &a.id,
            &a.card,
            SealTo::Contact(&b.card),
            &mut rng(5),
        )
        .unwrap()
    };

    let opened = open(&to_bob(&full, &draft()), &b.id, None, &knows(&[&a.card])).unwrap();
    assert!(!opened.sender_is_new_contact);
    assert_eq!(opened.header.sender, a.card);
    assert_eq!(
        opened.header.recipient_fingerprint,
        Some(b.card.fingerprint())
    );
    let mut bobs = AutoCommit::load(&opened.payload).unwrap();

    let opened = open(&to_bob(&incremental, &d), &b.id, None, &knows(&[&a.card])).unwrap();
    assert_eq!(opened.header.base_heads, d.base_heads);
    assert_eq!(opened.header.sender_heads, d.sender_heads);
    assert_eq!(opened.header.doc_kind, DocKind::OneOnOne);
    assert_eq!(opened.header.change_count, 3);
    bobs.load_incremental(&opened.payload).unwrap();
    let agenda = bobs.get(ROOT, "agenda").unwrap().unwrap().0.to_string();
    assert_eq!(agenda, "\"Growth plan\"");
    assert_eq!(bobs.get_heads(), doc.get_heads());
}

#[test]
fn passphrase_mode_round_trip_introduces_a_new_contact() {
    // R7.4: the first exchange, before cards are known, works through a passphrase.
    let b = bob();
    let file = alice_with_passphrase(b"hello");
    let opened = open(&file, &b.id, Some(PASS), &nobody).unwrap();
    assert_eq!(opened.payload, b"hello");
    assert!(opened.sender_is_new_contact);
    assert_eq!(opened.header.sender, alice().card);
    assert_eq!(opened.header.recipient_fingerprint, None);
    // Once the card is known, the same file is from a known contact.
    let opened = open(&file, &b.id, Some(PASS), &knows(&[&alice().card])).unwrap();
    assert!(!opened.sender_is_new_contact);
}

#[test]
fn inspect_tells_passphrase_from_recipient_without_decrypting() {
    let outer = inspect(&alice_to_bob(b"x")).unwrap();
    assert_eq!(outer.version, 1);
    assert!(!outer.needs_passphrase());
    assert_eq!(
        outer.recipient,
        Recipient::Key {
            fingerprint: bob().card.fingerprint()
        }
    );
    let outer = inspect(&alice_with_passphrase(b"x")).unwrap();
    assert!(outer.needs_passphrase());
    assert!(matches!(outer.recipient, Recipient::Passphrase { params, .. } if params == FAST));
}

#[test]
fn each_file_gets_a_fresh_id_and_ciphertext() {
    let (a, b) = (alice(), bob());
    let mut r = rng(99);
    let one = seal(
        &draft(),
        b"p",
        &a.id,
        &a.card,
        SealTo::Contact(&b.card),
        &mut r,
    )
    .unwrap();
    let two = seal(
        &draft(),
        b"p",
        &a.id,
        &a.card,
        SealTo::Contact(&b.card),
        &mut r,
    )
    .unwrap();
    assert_ne!(one, two);
    assert_ne!(
        bob_opens(&one).unwrap().header.file_id,
        bob_opens(&two).unwrap().header.file_id
    );
}

#[test]
fn r7_5_replayed_file_is_recognised_by_a_hash_of_the_whole_file() {
    let file = alice_to_bob(b"payload");
    let mut seen = SeenFiles::new();
    // Known before decrypting: no key or passphrase needed to say "imported before".
    assert!(!seen.contains(&file));
    assert!(seen.insert(&file));
    assert!(seen.contains(&file.clone()));
    assert!(!seen.insert(&file));
    // The same payload sealed again is another file (new nonce, ephemeral key, file id).
    let (a, b) = (alice(), bob());
    let resealed = seal(
        &draft(),
        b"payload",
        &a.id,
        &a.card,
        SealTo::Contact(&b.card),
        &mut rng(99),
    )
    .unwrap();
    assert!(!seen.contains(&resealed));
    assert_eq!(seen.len(), 1);
    assert_eq!(file_key(&file).len(), "sha256:".len() + 64);
    let stored: SeenFiles = serde_json::from_str(&serde_json::to_string(&seen).unwrap()).unwrap();
    assert_eq!(stored, seen);
}

// ---------- passphrase files name their recipient ----------

#[test]
fn passphrase_file_names_its_recipient_and_is_refused_by_anyone_else() {
    let file = alice_with_passphrase(b"payload");
    let b = bob();
    let opened = open(&file, &b.id, Some(PASS), &nobody).unwrap();
    let named = opened.header.addressee.clone().unwrap();
    assert_eq!(
        (named.person_id.as_str(), named.name.as_str()),
        ("bob", "Bob")
    );
    // Bob's copy of the document knows him as "bob": accepted.
    opened.header.check_addressed_to("bob").unwrap();
    // Carol got the file and the passphrase passed on: she can read it, but her copy of the
    // document knows her under another id, so the import is refused and says for whom it was.
    let c = carol();
    let forwarded = open(&file, &c.id, Some(PASS), &nobody).unwrap();
    let err = forwarded.header.check_addressed_to("carol").unwrap_err();
    assert!(matches!(err, SyncError::AddressedToSomeoneElse { .. }));
    let text = err.to_string();
    assert!(
        text.contains("to Bob, not to you") && text.contains("Alice Leader"),
        "{text}"
    );
}

#[test]
fn passphrase_file_without_a_recipient_is_not_made() {
    let a = alice();
    let mut nameless = draft();
    nameless.addressee = None;
    let err = seal_with_params(
        &nameless,
        b"payload",
        &a.id,
        &a.card,
        SealTo::Passphrase(PASS),
        FAST,
        &mut rng(12),
    )
    .unwrap_err();
    assert!(matches!(err, SyncError::InvalidDraft { .. }));
    // Key mode may leave it out: the recipient's key names them.
    let b = bob();
    let file = seal(
        &nameless,
        b"payload",
        &a.id,
        &a.card,
        SealTo::Contact(&b.card),
        &mut rng(13),
    )
    .unwrap();
    let opened = bob_opens(&file).unwrap();
    assert_eq!(opened.header.addressee, None);
    opened.header.check_addressed_to("anyone").unwrap();
    // A recipient name with control characters is refused like any displayed text.
    let mut bad = draft();
    bad.addressee = Some(Addressee {
        person_id: "bob".into(),
        name: "Bob\u{202e}".into(),
    });
    assert!(seal_with_params(
        &bad,
        b"p",
        &a.id,
        &a.card,
        SealTo::Passphrase(PASS),
        FAST,
        &mut rng(14)
    )
    .is_err());
}

// ---------- refusals: recipient and sender (R7.4) ----------

#[test]
fn file_for_someone_else_is_refused() {
    let c = carol();
    let err = open(&alice_to_bob(b"x"), &c.id, None, &knows(&[&alice().card])).unwrap_err();
    assert_eq!(
        err,
        SyncError::WrongRecipient {
            intended: bob().card.fingerprint(),
            yours: c.card.fingerprint()
        }
    );
    assert!(err.to_string().contains("made for someone else"));
}

#[test]
fn key_mode_file_from_unknown_sender_is_refused() {
    let err = open(&alice_to_bob(b"x"), &bob().id, None, &nobody).unwrap_err();
    assert_eq!(
        err,
        SyncError::UnknownSender {
            name: "Alice Leader".into(),
            fingerprint: alice().card.fingerprint()
        }
    );
    assert!(err.to_string().contains("Import their card first"));
}

#[test]
fn sender_with_a_different_key_than_on_record_is_refused() {
    // Mallory makes her own keys but claims Alice's person id and name.
    let (mallory, b) = (person(66, "alice", "Alice Leader"), bob());
    let file = seal(
        &draft(),
        b"x",
        &mallory.id,
        &mallory.card,
        SealTo::Contact(&b.card),
        &mut rng(7),
    )
    .unwrap();
    let err = bob_opens(&file).unwrap_err();
    assert_eq!(
        err,
        SyncError::SenderKeyMismatch {
            name: "Alice Leader".into()
        }
    );
    // Also through a passphrase: a known person with unknown keys is never accepted.
    let file = seal_with_params(
        &draft(),
        b"x",
        &mallory.id,
        &mallory.card,
        SealTo::Passphrase(PASS),
        FAST,
        &mut rng(8),
    )
    .unwrap();
    let err = open(&file, &b.id, Some(PASS), &knows(&[&alice().card])).unwrap_err();
    assert!(matches!(err, SyncError::SenderKeyMismatch { .. }));
}

#[test]
fn own_file_is_not_imported() {
    let a = alice();
    let err = open(&alice_with_passphrase(b"x"), &a.id, Some(PASS), &nobody).unwrap_err();
    assert_eq!(err, SyncError::OwnFile);
}

#[test]
fn passphrase_is_asked_for_and_checked() {
    let file = alice_with_passphrase(b"x");
    let b = bob();
    assert_eq!(
        open(&file, &b.id, None, &nobody).unwrap_err(),
        SyncError::PassphraseNeeded
    );
    let err = open(&file, &b.id, Some("Correct horse battery staple"), &nobody).unwrap_err();
    assert_eq!(err, SyncError::WrongPassphrase);
    assert!(err.to_string().contains("cannot tell these two apart"));
}

#[test]
fn workspace_is_never_sealed() {
    // R7.2: nothing from the private workspace, nor a month of my check-ins, leaves the device.
    let (a, b) = (alice(), bob());
    for kind in [DocKind::Workspace, DocKind::CheckIns] {
        let mut d = draft();
        d.doc_kind = kind;
        let err = seal(
            &d,
            b"x",
            &a.id,
            &a.card,
            SealTo::Contact(&b.card),
            &mut rng(1),
        )
        .unwrap_err();
        assert_eq!(err, SyncError::NotShareable);
    }
}

#[test]
fn sealing_refuses_bad_drafts_and_mismatched_cards() {
    let (a, b) = (alice(), bob());
    let to = SealTo::Contact(&b.card);
    let mut d = draft();
    d.sender_heads = vec!["not-a-hash".into()];
    assert!(matches!(
        seal(&d, b"x", &a.id, &a.card, to, &mut rng(1)),
        Err(SyncError::InvalidDraft { .. })
    ));
    let mut d = draft();
    d.doc_title = "x".repeat(501);
    assert!(matches!(
        seal(&d, b"x", &a.id, &a.card, to, &mut rng(1)),
        Err(SyncError::InvalidDraft { .. })
    ));
    assert_eq!(
        seal(&draft(), b"x", &a.id, &b.card, to, &mut rng(1)).unwrap_err(),
        SyncError::SenderCardMismatch
    );
    let err = seal(
        &draft(),
        b"x",
        &a.id,
        &a.card,
        SealTo::Passphrase(""),
        &mut rng(1),
    );
    assert_eq!(err.unwrap_err(), SyncError::EmptyPassphrase);
    let huge = Argon2Params {
        m_kib: Argon2Params::MAX_M_KIB + 1,
        ..FAST
    };
    let err = seal_with_params(
        &draft(),
        b"x",
        &a.id,
        &a.card,
        SealTo::Passphrase(PASS),
        huge,
        &mut rng(1),
    );
    assert_eq!(err.unwrap_err(), SyncError::UnacceptableParams);
    let mut forged = b.card.clone();
    forged.name = "Someone Else".into();
    let err = seal(
        &draft(),
        b"x",
        &a.id,
        &a.card,
        SealTo::Contact(&forged),
        &mut rng(1),
    );
    assert_eq!(
        err.unwrap_err(),
        SyncError::BadRecipientCard(ContactError::BadSelfSignature)
    );
}

// ---------- refusals: damaged, altered, not ours (R7.5) ----------

#[test]
fn every_single_flipped_byte_is_refused_key_mode() {
    let file = alice_to_bob(b"a small payload");
    assert!(bob_opens(&file).is_ok());
    for pos in 0..file.len() {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut bad = file.clone();
            bad[pos] ^= mask;
            let err = bob_opens(&bad).expect_err(&format!("flip {mask:#x} at {pos} accepted"));
            // Past the magic and version every change is reported as a change to the file
            // (or, in the recipient fingerprint, as a file for someone else).
            if pos >= 15 {
                assert!(
                    matches!(
                        err,
                        SyncError::Tampered
                            | SyncError::Truncated
                            | SyncError::WrongRecipient { .. }
                    ),
                    "flip at {pos}: {err:?}"
                );
            }
        }
    }
}

#[test]
fn every_single_flipped_byte_is_refused_passphrase_mode() {
    let file = alice_with_passphrase(b"a small payload");
    let b = bob();
    assert!(open(&file, &b.id, Some(PASS), &nobody).is_ok());
    for pos in 0..file.len() {
        let mut bad = file.clone();
        bad[pos] ^= 0x01;
        assert!(
            open(&bad, &b.id, Some(PASS), &nobody).is_err(),
            "flip at {pos} accepted"
        );
    }
}

#[test]
fn truncated_at_every_length_is_refused_as_truncated() {
    let file = alice_to_bob(b"payload");
    assert_eq!(bob_opens(&[]).unwrap_err(), SyncError::Empty);
    for len in 1..file.len() {
        assert_eq!(
            bob_opens(&file[..len]).unwrap_err(),
            SyncError::Truncated,
            "length {len}"
        );
        assert_eq!(inspect(&file[..len]).unwrap_err(), SyncError::Truncated);
    }
}

#[test]
fn extra_bytes_after_the_file_are_refused() {
    let mut file = alice_to_bob(b"payload");
    file.push(0);
    assert_eq!(bob_opens(&file).unwrap_err(), SyncError::Tampered);
}

#[test]
fn newer_format_is_refused_distinctly() {
    let mut file = alice_to_bob(b"payload");
    file[13..15].copy_from_slice(&2u16.to_be_bytes());
    let err = bob_opens(&file).unwrap_err();
    assert_eq!(err, SyncError::NewerFormat { found: 2 });
    assert!(err.to_string().contains("Update Rapport"));
    assert_eq!(
        inspect(&file).unwrap_err(),
        SyncError::NewerFormat { found: 2 }
    );
}

#[test]
fn oversized_input_is_refused_before_reading_it() {
    let mut big = b"RAPPORT-SYNC\0".to_vec();
    big.resize(MAX_SYNC_FILE_BYTES + 1, 0);
    assert_eq!(
        bob_opens(&big).unwrap_err(),
        SyncError::TooLarge {
            limit: MAX_SYNC_FILE_BYTES
        }
    );
    // And we never write what we would refuse to read.
    let payload = vec![0u8; MAX_SYNC_FILE_BYTES];
    let (a, b) = (alice(), bob());
    let err = seal(
        &draft(),
        &payload,
        &a.id,
        &a.card,
        SealTo::Contact(&b.card),
        &mut rng(1),
    );
    assert!(matches!(err, Err(SyncError::TooLarge { .. })));
}

#[test]
fn other_files_are_not_sync_files() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let mut random = vec![0u8; 4096];
    rand_chacha::rand_core::RngCore::fill_bytes(&mut rng(4), &mut random);
    let card = alice().card.to_file_bytes();
    for other in [png, random, card, b"RAPPORT-BACKUP\0\0\x01".to_vec()] {
        assert_eq!(bob_opens(&other).unwrap_err(), SyncError::NotASyncFile);
        assert_eq!(inspect(&other).unwrap_err(), SyncError::NotASyncFile);
    }
    assert_eq!(inspect(&[]).unwrap_err(), SyncError::Empty);
}

#[test]
fn hostile_argon2_parameters_are_refused_before_any_work() {
    let mut file = alice_with_passphrase(b"x");
    // m_kib sits after magic (13), version (2), mode (1) and salt (16).
    file[32..36].copy_from_slice(&u32::MAX.to_be_bytes());
    let started = std::time::Instant::now();
    assert_eq!(
        open(&file, &bob().id, Some(PASS), &nobody).unwrap_err(),
        SyncError::Tampered
    );
    assert!(started.elapsed().as_secs() < 2);
}

#[test]
fn every_message_says_what_to_do() {
    let errors = [
        SyncError::Empty,
        SyncError::NotASyncFile,
        SyncError::Truncated,
        SyncError::NewerFormat { found: 9 },
        SyncError::TooLarge { limit: 1 },
        SyncError::Tampered,
        SyncError::BadSignature { name: "A".into() },
    ];
    for e in errors {
        let text = e.to_string();
        assert!(
            ["Ask", "Update", "Check"].iter().any(|w| text.contains(w)),
            "{text}"
        );
    }
}

// ---------- contact cards ----------

#[test]
fn contact_card_round_trips_as_text_and_file() {
    let a = alice();
    let text = a.card.to_text();
    assert!(text.starts_with("rapport-contact:1:"));
    assert!(!text.contains('\n'));
    assert_eq!(ContactCard::from_text(&text).unwrap(), a.card);
    assert_eq!(
        ContactCard::from_text(&format!("  {text}\r\n")).unwrap(),
        a.card
    );
    assert_eq!(
        ContactCard::from_file_bytes(&a.card.to_file_bytes()).unwrap(),
        a.card
    );
}

#[test]
fn contact_card_with_altered_name_is_refused() {
    let a = alice();
    let text = a.card.to_text();
    let body = text.strip_prefix("rapport-contact:1:").unwrap();
    let mut binary = URL_SAFE_NO_PAD.decode(body).unwrap();
    // The name "Alice Leader" follows the id "alice" (2 + 5 bytes) and its own length.
    let at = 2 + 5 + 2;
    assert_eq!(&binary[at..at + 5], b"Alice");
    binary[at..at + 5].copy_from_slice(b"Malic");
    let forged = format!("rapport-contact:1:{}", URL_SAFE_NO_PAD.encode(&binary));
    assert_eq!(
        ContactCard::from_text(&forged).unwrap_err(),
        ContactError::BadSelfSignature
    );
    // Swapping fields on a parsed card is caught by verify as well.
    let mut card = a.card.clone();
    card.person_id = "bob".into();
    assert_eq!(card.verify().unwrap_err(), ContactError::BadSelfSignature);
    let mut card = a.card.clone();
    card.encryption_key = bob().card.encryption_key;
    assert_eq!(card.verify().unwrap_err(), ContactError::BadSelfSignature);
}

#[test]
fn contact_card_refusals() {
    let text = alice().card.to_text();
    assert_eq!(
        ContactCard::from_text("hello").unwrap_err(),
        ContactError::NotAContactCard
    );
    assert_eq!(
        ContactCard::from_text(&text.replace(":1:", ":2:")).unwrap_err(),
        ContactError::NewerFormat { found: 2 }
    );
    assert!(matches!(
        ContactCard::from_text(&text[..text.len() - 10]),
        Err(ContactError::Malformed { .. })
    ));
    assert!(matches!(
        ContactCard::from_text(&"rapport-contact:1:".repeat(200)),
        Err(ContactError::TooLarge { .. })
    ));
    assert!(ContactCard::from_file_bytes(&[0xff, 0xfe]).is_err());
    let id = Identity::generate(&mut rng(5));
    assert!(id.public("x", "Evil\u{202E}name").is_err());
    assert!(id.public("x", "two\nlines").is_err());
    assert!(id.public("", "Name").is_err());
    assert!(id.public("x", &"n".repeat(201)).is_err());
}

#[test]
fn fingerprint_is_short_comparable_and_depends_only_on_keys() {
    let a = alice();
    let fp = a.card.fingerprint();
    // 5 groups of 4 uppercase hex digits.
    assert_eq!(fp.len(), 24);
    let groups: Vec<&str> = fp.split('-').collect();
    assert_eq!(groups.len(), 5);
    assert!(groups.iter().all(|g| g.len() == 4
        && g.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_lowercase())));
    assert_eq!(fp, a.id.fingerprint());
    assert_eq!(a.id.public("alice", "Alice L.").unwrap().fingerprint(), fp);
    assert_ne!(fp, bob().card.fingerprint());
}

#[test]
fn identity_secret_bytes_round_trip_and_debug_hides_them() {
    let a = alice();
    let secret = a.id.to_secret_bytes();
    let restored = Identity::from_secret_bytes(secret.as_ref()).unwrap();
    assert_eq!(restored.public("alice", "Alice Leader").unwrap(), a.card);
    assert_eq!(
        Identity::from_secret_bytes(&secret[..63]).unwrap_err(),
        ContactError::BadSecretBytes
    );
    let debug = format!("{:?}", a.id);
    assert!(debug.contains(&a.card.fingerprint()));
    let secret_hex: String = secret[..8].iter().map(|b| format!("{b:02x}")).collect();
    assert!(!debug.to_lowercase().contains(&secret_hex));
    assert!(!debug.contains(&format!("{:?}", &secret[..8])));
}

// ---------- properties ----------

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_payloads_round_trip(payload in proptest::collection::vec(any::<u8>(), 0..4096), seed: u64) {
        let (a, b) = (alice(), bob());
        let file = seal(&draft(), &payload, &a.id, &a.card, SealTo::Contact(&b.card), &mut rng(seed)).unwrap();
        let opened = open(&file, &b.id, None, &knows(&[&a.card])).unwrap();
        prop_assert_eq!(opened.payload, payload);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512), with_magic: bool) {
        let mut input = if with_magic { b"RAPPORT-SYNC\0\0\x01".to_vec() } else { Vec::new() };
        input.extend_from_slice(&bytes);
        let b = bob();
        let _ = inspect(&input);
        prop_assert!(open(&input, &b.id, Some(PASS), &nobody).is_err());
    }

    #[test]
    fn arbitrary_card_text_never_panics(text in ".{0,300}") {
        let _ = ContactCard::from_text(&text);
        let _ = ContactCard::from_text(&format!("rapport-contact:1:{text}"));
    }
}

#[test]
fn committed_fuzz_seeds_are_valid_files() {
    // core/fuzz starts from these; if the format changes, regenerate them with
    // `cargo run -p rapport-core --example make_fuzz_seeds`.
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus");
    let bob = Identity::from_secret_bytes(&[0xB0; 64]).unwrap();
    let alice = Identity::from_secret_bytes(&[0xA1; 64]).unwrap();
    let alice_card = alice.public("alice", "Alice").unwrap();
    let contacts = knows(&[&alice_card]);
    let read = |name: &str| std::fs::read(format!("{corpus}/{name}")).unwrap();
    assert!(open(&read("sync_open/key_mode_valid"), &bob, None, &contacts).is_ok());
    assert!(open(
        &read("sync_open/passphrase_mode_valid"),
        &bob,
        Some("fuzz"),
        &contacts
    )
    .is_ok());
    let backup = read("backup_open/valid");
    assert_eq!(
        rapport_core::sync::open_backup(&backup, "fuzz")
            .unwrap()
            .len(),
        2
    );
}

// ---------- passphrases: cost, normalisation, old files ----------

#[test]
fn r8_2_new_files_use_argon2id_64_mib_3_passes() {
    let p = Argon2Params::DEFAULT;
    assert!(p.m_kib >= 64 * 1024 && p.t >= 3, "{p:?}");
    assert!(p.is_acceptable());
}

#[test]
fn composed_and_decomposed_passphrases_open_the_same_file() {
    let composed = "caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e";
    let decomposed = "cafe\u{301} cre\u{300}me bru\u{302}le\u{301}e";
    let a = alice();
    let file = seal_with_params(
        &draft(),
        b"payload",
        &a.id,
        &a.card,
        SealTo::Passphrase(decomposed),
        FAST,
        &mut rng(21),
    )
    .unwrap();
    let b = bob();
    let opened = open(&file, &b.id, Some(composed), &nobody).unwrap();
    assert_eq!(opened.payload, b"payload");
    assert!(matches!(
        open(&file, &b.id, Some("cafe creme brulee"), &nobody),
        Err(SyncError::WrongPassphrase)
    ));
}

#[test]
fn files_made_with_the_old_argon2_parameters_still_open() {
    // Written as versions before 64 MiB wrote them; the parameters travel in the file.
    let a = alice();
    let file = seal_with_params(
        &draft(),
        b"old",
        &a.id,
        &a.card,
        SealTo::Passphrase(PASS),
        Argon2Params::LEGACY_V1,
        &mut rng(22),
    )
    .unwrap();
    match inspect(&file).unwrap().recipient {
        Recipient::Passphrase { params, .. } => assert_eq!(params, Argon2Params::LEGACY_V1),
        other => panic!("{other:?}"),
    }
    let b = bob();
    assert_eq!(
        open(&file, &b.id, Some(PASS), &nobody).unwrap().payload,
        b"old"
    );
}

#[test]
fn a_key_derived_apart_seals_and_opens_like_the_passphrase() {
    // The app derives in its passphrase worker and seals on the page (issue 8: Argon2id off
    // the main thread); the file must be the same kind of file either way.
    let (a, b) = (alice(), bob());
    let key = sealing_key(PASS, [7; 16], FAST, KdfPurpose::SyncFile).unwrap();
    let file = seal_with_params(
        &draft(),
        b"derived",
        &a.id,
        &a.card,
        SealTo::DerivedKey(&key),
        FAST,
        &mut rng(23),
    )
    .unwrap();
    // Opened with the passphrase, as any reader does …
    assert_eq!(
        open(&file, &b.id, Some(PASS), &nobody).unwrap().payload,
        b"derived"
    );
    // … and with keys derived apart from the salt and cost the cleartext names.
    let Recipient::Passphrase { salt, params } = inspect(&file).unwrap().recipient else {
        panic!("a passphrase file");
    };
    assert_eq!((salt, params), ([7; 16], FAST));
    let keys = derive_keys(PASS, &salt, params, KdfPurpose::SyncFile);
    assert_eq!(
        open_unlocked(&file, &b.id, Some(&keys), &nobody)
            .unwrap()
            .payload,
        b"derived"
    );
    // A backup key for the same passphrase and salt is a different key (domain separation).
    let backup = derive_keys(PASS, &salt, params, KdfPurpose::Backup);
    assert!(matches!(
        open_unlocked(&file, &b.id, Some(&backup), &nobody),
        Err(SyncError::WrongPassphrase)
    ));
    // No passphrase given: asked for, not guessed.
    assert!(matches!(
        open_unlocked(&file, &b.id, None, &nobody),
        Err(SyncError::PassphraseNeeded)
    ));
}

#[test]
fn files_sealed_before_normalisation_open_with_the_passphrase_as_typed() {
    // Versions before NFC derived from the bytes typed. Someone who typed a decomposed
    // passphrase (macOS input) then must still open that file by typing it the same way.
    let typed = "cafe\u{301} cre\u{300}me";
    let salt = [9; 16];
    let candidates = derive_keys(typed, &salt, FAST, KdfPurpose::SyncFile);
    assert_eq!(candidates.len(), 2, "NFC form first, then the form typed");
    let old_key = PassphraseKey {
        salt,
        params: FAST,
        key: candidates[1].clone(),
    };
    let a = alice();
    let file = seal_with_params(
        &draft(),
        b"from an older version",
        &a.id,
        &a.card,
        SealTo::DerivedKey(&old_key),
        FAST,
        &mut rng(24),
    )
    .unwrap();
    let b = bob();
    assert_eq!(
        open(&file, &b.id, Some(typed), &nobody).unwrap().payload,
        b"from an older version"
    );
    // An NFC passphrase has one candidate only: nothing is derived twice for nothing.
    assert_eq!(
        derive_keys(PASS, &salt, FAST, KdfPurpose::SyncFile).len(),
        1
    );
}
