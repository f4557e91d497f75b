//! Team sync files (mode 3): one file for a whole team, one key-wrapping stanza per member.
//! `cargo test -p rapport-core --test sync_team -- --nocapture` prints the size figures of
//! docs/SYNC_FORMAT.md ("Team files").

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use rapport_core::docs::DocKind;
use rapport_core::sync::limits::MAX_RECIPIENTS;
use rapport_core::sync::{
    inspect, open, seal, Addressee, ContactCard, Identity, Opened, Recipient, SealTo, SyncError,
    SyncHeaderDraft, TeamRecipient, TEAM_STANZA_BYTES,
};

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

fn leader() -> Person {
    person(1, "lea", "Lea Leader")
}

/// Members 0.. get seeds 100.. and ids `member-<i>`.
fn member(i: u64) -> Person {
    person(100 + i, &format!("member-{i}"), &format!("Member {i}"))
}

fn entry(p: &Person, i: u64) -> TeamRecipient {
    TeamRecipient {
        card: p.card.clone(),
        addressee: Addressee {
            person_id: format!("participant-{i}"),
            name: p.card.name.clone(),
        },
    }
}

fn draft() -> SyncHeaderDraft {
    SyncHeaderDraft {
        doc_id: "team-objectives-2026".into(),
        doc_kind: DocKind::TeamObjectives,
        doc_title: "Platform team objectives 2026".into(),
        sender_heads: vec!["ab".repeat(32)],
        base_heads: vec![],
        change_count: 12,
        created_ms: 1_767_225_600_000,
        addressee: None,
    }
}

fn knows_leader(pid: &str) -> Option<ContactCard> {
    (pid == "lea").then(|| leader().card)
}

fn seal_team(team: &[TeamRecipient], payload: &[u8], seed: u64) -> Result<Vec<u8>, SyncError> {
    let l = leader();
    seal(
        &draft(),
        payload,
        &l.id,
        &l.card,
        SealTo::Team(team),
        &mut rng(seed),
    )
}

/// Members 0, 1, 2 and a file from the leader to all three.
fn team_of_three() -> (Vec<Person>, Vec<TeamRecipient>, Vec<u8>) {
    let members: Vec<Person> = (0..3).map(member).collect();
    let team: Vec<TeamRecipient> = members.iter().zip(0..).map(|(p, i)| entry(p, i)).collect();
    let file = seal_team(&team, b"team objectives", 7).unwrap();
    (members, team, file)
}

fn opens(file: &[u8], p: &Person) -> Result<Opened, SyncError> {
    open(file, &p.id, None, &knows_leader)
}

/// Where the stanzas start and how many there are (after magic, version, mode).
const STANZAS_AT: usize = 13 + 2 + 1 + 2;

// ---------- round trips ----------

#[test]
fn every_member_opens_the_same_team_file() {
    let (members, team, file) = team_of_three();
    let outer = inspect(&file).unwrap();
    assert!(!outer.needs_passphrase());
    let fingerprints: Vec<String> = members.iter().map(|p| p.card.fingerprint()).collect();
    assert_eq!(
        outer.recipient,
        Recipient::Team {
            fingerprints: fingerprints.clone()
        }
    );
    for (i, p) in members.iter().enumerate() {
        let opened = opens(&file, p).unwrap();
        assert_eq!(opened.payload, b"team objectives");
        assert!(!opened.sender_is_new_contact);
        let header = &opened.header;
        assert_eq!(header.recipient_fingerprint, None);
        assert_eq!(header.addressee, None);
        let listed: Vec<&str> = header
            .recipients
            .iter()
            .map(|r| r.fingerprint.as_str())
            .collect();
        assert_eq!(listed, fingerprints);
        let me = header.check_team_addressed(&p.id.fingerprint()).unwrap();
        assert_eq!(me, &team[i].addressee);
        assert_eq!(header.addressee_for(&p.card.fingerprint()), Some(me));
        header.check_addressed_to(&me.person_id).unwrap();
    }
}

#[test]
fn one_recipient_and_the_limit_work() {
    let m = member(0);
    let file = seal_team(&[entry(&m, 0)], b"x", 1).unwrap();
    assert_eq!(opens(&file, &m).unwrap().payload, b"x");

    let members: Vec<Person> = (0..MAX_RECIPIENTS as u64).map(member).collect();
    let team: Vec<TeamRecipient> = members.iter().zip(0..).map(|(p, i)| entry(p, i)).collect();
    let file = seal_team(&team, b"x", 2).unwrap();
    assert!(opens(&file, members.last().unwrap()).is_ok());
}

#[test]
fn key_and_passphrase_files_carry_no_recipient_list() {
    let (l, m) = (leader(), member(0));
    let mut d = draft();
    d.addressee = Some(entry(&m, 0).addressee);
    let file = seal(
        &d,
        b"x",
        &l.id,
        &l.card,
        SealTo::Contact(&m.card),
        &mut rng(3),
    )
    .unwrap();
    let opened = opens(&file, &m).unwrap();
    assert!(opened.header.recipients.is_empty());
    // addressee_for also answers for a key-mode file, for the key it was made for.
    assert_eq!(
        opened.header.addressee_for(&m.card.fingerprint()),
        d.addressee.as_ref()
    );
}

// ---------- not for me ----------

#[test]
fn a_non_member_cannot_open_it() {
    let (_, _, file) = team_of_three();
    let outsider = member(9);
    let err = opens(&file, &outsider).unwrap_err();
    assert_eq!(
        err,
        SyncError::NotAmongRecipients {
            count: 3,
            yours: outsider.card.fingerprint()
        }
    );
    assert!(err.to_string().contains("not among them"), "{err}");
    // Nor can the sender, whose copy it is not.
    assert!(matches!(
        opens(&file, &leader()),
        Err(SyncError::NotAmongRecipients { .. })
    ));
}

#[test]
fn the_header_names_who_is_not_a_member() {
    let (members, _, file) = team_of_three();
    let header = opens(&file, &members[0]).unwrap().header;
    let err = header
        .check_team_addressed(&member(9).card.fingerprint())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "This file was made for the members of \"Platform team objectives 2026\", and you are \
         not one of them, so nothing was imported. If it reached you by mistake, delete it and \
         tell Lea Leader."
    );
    assert_eq!(header.check_addressed_to("participant-9").unwrap_err(), err);
    assert_eq!(header.addressee_for(&member(9).card.fingerprint()), None);
}

// ---------- stanzas altered ----------

fn stanza(i: usize) -> std::ops::Range<usize> {
    let at = STANZAS_AT + i * TEAM_STANZA_BYTES;
    at..at + TEAM_STANZA_BYTES
}

#[test]
fn swapped_removed_or_reordered_stanzas_are_refused() {
    let (members, _, file) = team_of_three();
    let mut swapped = file.clone();
    let (s0, s1) = (stanza(0), stanza(1));
    swapped[s0.clone()].copy_from_slice(&file[s1.clone()]);
    swapped[s1.clone()].copy_from_slice(&file[s0.clone()]);

    let mut removed = file.clone();
    removed.drain(stanza(2));
    removed[STANZAS_AT - 2..STANZAS_AT].copy_from_slice(&2u16.to_be_bytes());

    let mut rotated = file[..STANZAS_AT].to_vec();
    for i in [1, 2, 0] {
        rotated.extend_from_slice(&file[stanza(i)]);
    }
    rotated.extend_from_slice(&file[stanza(2).end..]);

    // Member 0's stanza taken from another file to the same team: it wraps another file key.
    let (_, team, _) = team_of_three();
    let other = seal_team(&team, b"team objectives", 8).unwrap();
    let mut transplanted = file.clone();
    transplanted[s0.clone()].copy_from_slice(&other[s0]);

    for (what, bad) in [
        ("swapped", &swapped),
        ("removed", &removed),
        ("rotated", &rotated),
        ("transplanted", &transplanted),
    ] {
        for (i, p) in members.iter().enumerate() {
            if what == "removed" && i == 2 {
                assert!(matches!(
                    opens(bad, p),
                    Err(SyncError::NotAmongRecipients { count: 2, .. })
                ));
                continue;
            }
            assert_eq!(
                opens(bad, p).unwrap_err(),
                SyncError::Tampered,
                "{what}, member {i}"
            );
        }
    }
}

#[test]
fn every_single_flipped_byte_is_refused() {
    let (members, _, file) = team_of_three();
    for pos in 0..file.len() {
        let mut bad = file.clone();
        bad[pos] ^= 0x01;
        for p in &members {
            assert!(opens(&bad, p).is_err(), "flip at {pos} accepted");
        }
    }
}

#[test]
fn truncated_at_every_length_is_refused_as_truncated() {
    let (members, _, file) = team_of_three();
    for len in 1..file.len() {
        assert_eq!(
            opens(&file[..len], &members[1]).unwrap_err(),
            SyncError::Truncated,
            "length {len}"
        );
        assert_eq!(inspect(&file[..len]).unwrap_err(), SyncError::Truncated);
    }
}

#[test]
fn hostile_counts_are_refused_before_reading_stanzas() {
    let (members, _, file) = team_of_three();
    for count in [0u16, MAX_RECIPIENTS as u16 + 1, u16::MAX] {
        let mut bad = file.clone();
        bad[STANZAS_AT - 2..STANZAS_AT].copy_from_slice(&count.to_be_bytes());
        assert_eq!(inspect(&bad).unwrap_err(), SyncError::Tampered, "{count}");
        assert_eq!(opens(&bad, &members[0]).unwrap_err(), SyncError::Tampered);
    }
    // The same stanza twice (and the count left as is) was never written.
    let mut doubled = file.clone();
    doubled.copy_within(stanza(0), stanza(1).start);
    assert_eq!(inspect(&doubled).unwrap_err(), SyncError::Tampered);
}

// ---------- refused when sealing ----------

fn reason(result: Result<Vec<u8>, SyncError>) -> String {
    match result {
        Err(SyncError::InvalidDraft { reason }) => reason,
        other => panic!("expected InvalidDraft, got {other:?}"),
    }
}

#[test]
fn sealing_refuses_bad_lists() {
    let (_, team, _) = team_of_three();
    assert!(reason(seal_team(&[], b"x", 1)).contains("at least one"));

    let mut doubled = team.clone();
    doubled.push(TeamRecipient {
        addressee: Addressee {
            person_id: "someone-else".into(),
            name: "Someone".into(),
        },
        ..team[1].clone()
    });
    assert!(reason(seal_team(&doubled, b"x", 1)).contains("Member 1 is in the list twice"));

    let too_many: Vec<TeamRecipient> = (0..=MAX_RECIPIENTS as u64)
        .map(|i| entry(&member(i), i))
        .collect();
    assert!(reason(seal_team(&too_many, b"x", 1)).contains("at most 64"));

    let l = leader();
    let mut with_sender = team.clone();
    with_sender.insert(1, entry(&l, 99));
    assert!(reason(seal_team(&with_sender, b"x", 1)).contains("is you"));

    let mut forged_card = team.clone();
    forged_card[2].card.name = "Someone Else".into();
    assert!(matches!(
        seal_team(&forged_card, b"x", 1),
        Err(SyncError::BadRecipientCard(_))
    ));

    let mut bad_addressee = team.clone();
    bad_addressee[0].addressee.name = "Eve\u{202e}".into();
    assert!(reason(seal_team(&bad_addressee, b"x", 1)).contains("control characters"));

    // One addressee for the whole file would name only one member.
    let mut d = draft();
    d.addressee = Some(team[0].addressee.clone());
    let err = seal(&d, b"x", &l.id, &l.card, SealTo::Team(&team), &mut rng(1));
    assert!(reason(err).contains("not one addressee"));
}

// ---------- sizes (docs/SYNC_FORMAT.md, "Team files") ----------

#[test]
fn team_file_sizes() {
    let mut payload = vec![0u8; 20_000];
    rng(5).fill_bytes(&mut payload);
    let l = leader();
    // Realistic ids (UUIDs) and names.
    let members: Vec<Person> = (0..50).map(member).collect();
    let team: Vec<TeamRecipient> = members
        .iter()
        .zip(0..)
        .map(|(p, i)| TeamRecipient {
            card: p.card.clone(),
            addressee: Addressee {
                person_id: format!("4f1c2a9e-0b7d-4c61-9a53-{i:012}"),
                name: format!("Member Number {i:02}"),
            },
        })
        .collect();
    let team_file = |n: usize| seal_team(&team[..n], &payload, 11).unwrap();
    let (one, twelve, fifty) = (team_file(1), team_file(12), team_file(50));
    let separate: usize = team[..12]
        .iter()
        .map(|r| {
            let mut d = draft();
            d.addressee = Some(r.addressee.clone());
            seal(
                &d,
                &payload,
                &l.id,
                &l.card,
                SealTo::Contact(&r.card),
                &mut rng(12),
            )
            .unwrap()
            .len()
        })
        .sum();
    let per_recipient = (twelve.len() - one.len()) / 11;
    println!("team files with a {} byte payload:", payload.len());
    println!("  1 recipient:   {:>6} bytes", one.len());
    println!("  12 recipients: {:>6} bytes", twelve.len());
    println!("  50 recipients: {:>6} bytes", fifty.len());
    println!("  12 separate key-mode files: {separate} bytes in all");
    println!("  per added recipient: {per_recipient} bytes ({TEAM_STANZA_BYTES} stanza + signed list entry)");

    // The cleartext stanza: fingerprint (10) + ephemeral key (32) + wrapped key (32 + 16).
    assert_eq!(TEAM_STANZA_BYTES, 90);
    let outer_len = |f: &[u8]| f.len() - inspect(f).unwrap().ciphertext_len;
    assert_eq!(outer_len(&twelve) - outer_len(&one), 11 * TEAM_STANZA_BYTES);
    // With the signed list entry (fingerprint, UUID and name as JSON) about 220 bytes.
    assert!((200..260).contains(&per_recipient), "{per_recipient}");
    assert_eq!(
        (fifty.len() - one.len()) / 49,
        per_recipient,
        "grows linearly"
    );
    // One file for 12 instead of 12 files: a twelfth of the bytes, give or take the list.
    assert!(
        twelve.len() * 10 < separate,
        "{} vs {separate}",
        twelve.len()
    );
    // Every one of the 50 opens it.
    for p in [&members[0], &members[49]] {
        assert_eq!(opens(&fifty, p).unwrap().payload, payload);
    }
}

#[test]
fn committed_team_fuzz_seed_is_a_valid_file() {
    // core/examples/make_fuzz_seeds.rs writes it, with the fuzz targets' fixed identities.
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus");
    let file = std::fs::read(format!("{corpus}/sync_open/team_mode_valid")).unwrap();
    let bob = Identity::from_secret_bytes(&[0xB0; 64]).unwrap();
    let alice_card = Identity::from_secret_bytes(&[0xA1; 64])
        .unwrap()
        .public("alice", "Alice")
        .unwrap();
    let contacts = |pid: &str| (pid == "alice").then(|| alice_card.clone());
    let opened = open(&file, &bob, None, &contacts).unwrap();
    assert_eq!(opened.header.recipients.len(), 2);
    opened.header.check_addressed_to("bob").unwrap();
}
