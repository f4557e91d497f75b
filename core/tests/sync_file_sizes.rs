//! R7.3 on whole sync files: the payload sizes of docs/SYNC_SIZES.md plus what the envelope
//! adds (inner header with the sender's card, signature, recipient stanza, AEAD tag).
//! `cargo test -p rapport-core --test sync_file_sizes -- --nocapture` prints the figures.

mod support;

use rand_chacha::rand_core::SeedableRng;
use rapport_core::docs::exchange::{changes_since, heads_to_hex};
use rapport_core::docs::DocKind;
use rapport_core::sync::{
    seal_with_params, Addressee, Argon2Params, Identity, SealTo, SyncHeaderDraft,
};
use support::year::Year;

#[test]
fn r7_3_whole_sync_files_stay_small() {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
    let lea = Identity::generate(&mut rng);
    let eve = Identity::generate(&mut rng);
    let lea_card = lea.public("lea-profile-id", "Lea Leader").unwrap();
    let eve_card = eve.public("eve-profile-id", "Eve Employee").unwrap();
    let (mut y, files) = Year::build();
    let whole = changes_since(&mut y.leader, &[]);
    let notes = &files.last().unwrap().notes;
    let heads = heads_to_hex(&y.leader.get_heads());
    let cheap = Argon2Params {
        m_kib: 64,
        t: 1,
        p: 1,
    };
    let mut seal = |payload: &[u8], to: SealTo<'_>| {
        let draft = SyncHeaderDraft {
            doc_id: "4f1c2a9e-0b7d-4c61-9a53-2d8e5f7b1c30".into(),
            doc_kind: DocKind::OneOnOne,
            doc_title: "1:1s Lea Leader – Eve Employee".into(),
            sender_heads: heads.clone(),
            base_heads: heads.clone(),
            change_count: 40,
            created_ms: 1_764_000_000_000,
            addressee: Some(Addressee {
                person_id: "employee-1".into(),
                name: "Eve Employee".into(),
            }),
        };
        seal_with_params(&draft, payload, &lea, &lea_card, to, cheap, &mut rng)
            .unwrap()
            .len()
    };
    let first_key = seal(&whole, SealTo::Contact(&eve_card));
    let first_pass = seal(&whole, SealTo::Passphrase("orange kettle seven maps"));
    let follow_key = seal(notes, SealTo::Contact(&eve_card));
    let overhead = follow_key - notes.len();
    println!("whole sync files for a year-long 1:1 series:");
    println!("  first export (whole document), key mode:        {first_key:>7} bytes");
    println!("  first export (whole document), passphrase mode: {first_pass:>7} bytes");
    println!("  typical follow-up (one meeting's notes), key mode: {follow_key:>5} bytes");
    println!("  envelope overhead: {overhead} bytes");
    assert!(overhead < 2_048, "envelope overhead {overhead} bytes");
    assert!(first_key < 160_000 && follow_key < 32_000);
}
