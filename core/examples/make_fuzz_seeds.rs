//! Writes the seed corpus of core/fuzz: valid sync files and backups made with the same fixed
//! identities and passphrase the fuzz targets use, plus a few non-files.
//!
//! Run from the repository root: `cargo run -p rapport-core --example make_fuzz_seeds`.

use std::fs;
use std::path::Path;

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rapport_core::docs::DocKind;
use rapport_core::sync::{
    seal, seal_backup, seal_with_params, Addressee, Argon2Params, BackupEntry, Identity, SealTo,
    SyncHeaderDraft, TeamRecipient,
};

/// Must match core/fuzz/fuzz_targets/*.rs.
const ALICE_SECRET: [u8; 64] = [0xA1; 64];
const BOB_SECRET: [u8; 64] = [0xB0; 64];
/// Bob's fellow member in the team-mode seed.
const CAROL_SECRET: [u8; 64] = [0xC0; 64];
const PASSPHRASE: &str = "fuzz";
const CHEAP: Argon2Params = Argon2Params {
    m_kib: 8,
    t: 1,
    p: 1,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut rng = ChaCha20Rng::seed_from_u64(2024);
    let alice = Identity::from_secret_bytes(&ALICE_SECRET)?;
    let bob = Identity::from_secret_bytes(&BOB_SECRET)?;
    let alice_card = alice.public("alice", "Alice")?;
    let bob_card = bob.public("bob", "Bob")?;
    let draft = SyncHeaderDraft {
        doc_id: "doc-1".into(),
        doc_kind: DocKind::OneOnOne,
        doc_title: "1:1 Alice / Bob".into(),
        sender_heads: vec!["ab".repeat(32)],
        base_heads: vec![],
        change_count: 1,
        created_ms: 0,
        addressee: Some(Addressee {
            person_id: "bob".into(),
            name: "Bob".into(),
        }),
    };
    let mut doc = automerge::AutoCommit::new();
    automerge::transaction::Transactable::put(&mut doc, automerge::ROOT, "k", "v")?;
    let payload = doc.save();

    let sync_dir = root.join("sync_open");
    fs::create_dir_all(&sync_dir)?;
    let to_bob = SealTo::Contact(&bob_card);
    let key_file = seal(&draft, &payload, &alice, &alice_card, to_bob, &mut rng)?;
    fs::write(sync_dir.join("key_mode_valid"), &key_file)?;
    let to_pass = SealTo::Passphrase(PASSPHRASE);
    let pass_file = seal_with_params(&draft, b"", &alice, &alice_card, to_pass, CHEAP, &mut rng)?;
    fs::write(sync_dir.join("passphrase_mode_valid"), &pass_file)?;
    fs::write(sync_dir.join("empty"), b"")?;
    fs::write(sync_dir.join("png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")?;
    fs::write(sync_dir.join("magic_only"), b"RAPPORT-SYNC\0\0\x01")?;

    // The inner part of a valid file: what sync_inner feeds to the post-decryption checks.
    let inner_dir = root.join("sync_inner");
    fs::create_dir_all(&inner_dir)?;
    let header = format!(
        r#"{{"file_id":"00112233445566778899aabbccddeeff","doc_id":"doc-1","doc_kind":"one-on-one","doc_title":"t","sender":"{}","recipient_fingerprint":"{}","sender_heads":["{}"],"base_heads":[],"change_count":1,"created_ms":0}}"#,
        alice_card.to_text(),
        bob_card.fingerprint(),
        "ab".repeat(32)
    );
    let mut inner = Vec::new();
    inner.extend_from_slice(&u32::try_from(header.len())?.to_be_bytes());
    inner.extend_from_slice(header.as_bytes());
    inner.extend_from_slice(&u32::try_from(payload.len())?.to_be_bytes());
    inner.extend_from_slice(&payload);
    inner.extend_from_slice(&[0u8; 64]);
    fs::write(inner_dir.join("well_formed_unsigned"), &inner)?;
    fs::write(inner_dir.join("garbage"), [0xffu8; 80])?;

    let backup_dir = root.join("backup_open");
    fs::create_dir_all(&backup_dir)?;
    let entries = [
        BackupEntry {
            doc_id: "workspace".into(),
            kind: DocKind::Workspace,
            bytes: payload.clone(),
        },
        BackupEntry {
            doc_id: "doc-1".into(),
            kind: DocKind::OneOnOne,
            bytes: vec![1, 2, 3],
        },
    ];
    fs::write(
        backup_dir.join("valid"),
        seal_backup(&entries, PASSPHRASE, CHEAP, &mut rng)?,
    )?;
    fs::write(backup_dir.join("empty"), b"")?;
    fs::write(backup_dir.join("magic_only"), b"RAPPORT-BACKUP\0\0\x01")?;
    fs::write(backup_dir.join("sync_file"), &key_file)?;
    payload_seeds(&root.join("payload"))?;

    // A team file (mode 3) to Bob and Carol. Its own RNG, so the seeds above stay the same.
    let carol_card = Identity::from_secret_bytes(&CAROL_SECRET)?.public("carol", "Carol")?;
    let members = [(&bob_card, "Bob"), (&carol_card, "Carol")].map(|(card, name)| TeamRecipient {
        card: card.clone(),
        addressee: Addressee {
            person_id: card.person_id.clone(),
            name: name.into(),
        },
    });
    let team_draft = SyncHeaderDraft {
        doc_id: "team-1".into(),
        doc_kind: DocKind::TeamObjectives,
        doc_title: "Team objectives".into(),
        addressee: None,
        ..draft
    };
    let mut team_rng = ChaCha20Rng::seed_from_u64(2025);
    let to_team = SealTo::Team(&members);
    let team_file = seal(
        &team_draft,
        &payload,
        &alice,
        &alice_card,
        to_team,
        &mut team_rng,
    )?;
    fs::write(sync_dir.join("team_mode_valid"), &team_file)?;
    println!("seeds written under {}", root.display());
    Ok(())
}

/// Seeds for the `payload` target: its first byte picks the entry point (0 preview, 1 merge,
/// 2 receive, 3 restore), the rest is Automerge bytes: real ones that build on the target's
/// fixture document, and hostile ones (a deflate bomb, a run claiming a billion operations).
fn payload_seeds(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    use automerge::ActorId;
    use rapport_core::docs::exchange::changes_since;
    use rapport_core::docs::one_on_one as oo;
    use rapport_core::domain::one_on_one::{Participant, Side};

    fs::create_dir_all(dir)?;
    // Must match core/fuzz/fuzz_targets/payload.rs.
    let lea = Participant::new("leader-1", "Lea");
    let eve = Participant::new("employee-1", "Eve");
    let mut doc = oo::create("series-1", &lea, &eve, Side::Leader, 1_767_225_600_000)?;
    doc.set_actor(ActorId::from([0x11u8; 16].as_slice()));
    let whole = changes_since(&mut doc, &[]);
    let base = doc.get_heads();
    let when =
        rapport_core::domain::one_on_one::parse_local_datetime("2026-12-03T10:00").ok_or("date")?;
    let m = oo::propose_meeting(&mut doc, &eve.id, when, 45, 1)?;
    oo::add_topic(&mut doc, &eve.id, &m, "Roadmap", 2)?;
    let follow_up = changes_since(&mut doc, &base);

    const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
    let chunk = |kind: u8, data: &[u8]| {
        let mut out = MAGIC.to_vec();
        out.extend([0; 4]);
        out.push(kind);
        let mut n = data.len() as u64;
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
        out.extend(data);
        out
    };
    // 64 KiB of zeros, deflated: a small seed the fuzzer can grow into a bomb.
    let mut bomb = Vec::new();
    {
        use std::io::Write;
        let mut e = flate2::write::DeflateEncoder::new(&mut bomb, flate2::Compression::best());
        e.write_all(&vec![0u8; 64 * 1024])?;
        e.finish()?;
    }
    // A change whose one op column is a single run of 10^9 rows.
    let billion = {
        let mut column = Vec::new();
        let mut n: i64 = 1_000_000_000; // signed LEB128 run length, then the value 7
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 && b & 0x40 == 0 {
                column.push(b);
                break;
            }
            column.push(b | 0x80);
        }
        column.push(7);
        // No deps, actor aa, seq 1, start op 1, time 0, no message, no other actors, then
        // one integer op column (id 1).
        let mut data = vec![0, 1, 0xaa, 1, 1, 0, 0, 0, 1, 0x12, column.len() as u8];
        data.extend(column);
        chunk(1, &data)
    };
    let seeds: [(&str, Vec<u8>); 9] = [
        ("preview_follow_up", [&[0u8][..], &follow_up].concat()),
        ("merge_follow_up", [&[1u8][..], &follow_up].concat()),
        ("merge_whole", [&[1u8][..], &whole].concat()),
        ("receive_whole", [&[2u8][..], &doc.save()].concat()),
        ("restore_whole", [&[3u8][..], &doc.save()].concat()),
        (
            "merge_compressed_bomb",
            [&[1u8][..], &chunk(2, &bomb)].concat(),
        ),
        ("merge_billion_ops", [&[1u8][..], &billion].concat()),
        ("receive_empty", vec![2u8]),
        (
            "preview_garbage",
            [0u8, 0x85, 0x6f, 0x4a, 0x83, 0xff].to_vec(),
        ),
    ];
    for (name, bytes) in seeds {
        fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}
