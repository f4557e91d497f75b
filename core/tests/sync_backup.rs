//! Encrypted backup and restore (R8.2).

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, ReadDoc, ROOT};
use proptest::prelude::*;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use rapport_core::docs::DocKind;
use rapport_core::sync::limits::MAX_BACKUP_FILE_BYTES;
use rapport_core::sync::{
    backup_kdf, derive_keys, open_backup, open_backup_unlocked, open_backup_with_keys, seal_backup,
    seal_backup_derived, sealing_key, Argon2Params, BackupEntry, BackupError, KdfPurpose,
    PassphraseKey,
};

const FAST: Argon2Params = Argon2Params {
    m_kib: 8,
    t: 1,
    p: 1,
};
const PASS: &str = "our team backup passphrase";

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn entries() -> Vec<BackupEntry> {
    // Fixed actor and time so every call returns the same bytes.
    let mut doc = AutoCommit::new().with_actor(ActorId::from(b"backup-test-actor".as_slice()));
    doc.commit_with(CommitOptions::default().with_time(0));
    doc.put(ROOT, "note", "private").unwrap();
    doc.commit_with(CommitOptions::default().with_time(0));
    vec![
        BackupEntry {
            doc_id: "workspace".into(),
            kind: DocKind::Workspace,
            bytes: doc.save(),
        },
        BackupEntry {
            doc_id: "doc-1on1".into(),
            kind: DocKind::OneOnOne,
            bytes: vec![1, 2, 3],
        },
    ]
}

fn small_backup() -> Vec<u8> {
    seal_backup(&entries(), PASS, FAST, &mut rng(1)).unwrap()
}

#[test]
fn backup_round_trip_restores_every_document() {
    let restored = open_backup(&small_backup(), PASS).unwrap();
    assert_eq!(restored, entries());
    // The workspace bytes are ordinary Automerge bytes again.
    let doc = AutoCommit::load(&restored[0].bytes).unwrap();
    assert!(doc.get(ROOT, "note").unwrap().is_some());
    // An empty backup is valid too.
    let empty = seal_backup(&[], PASS, FAST, &mut rng(2)).unwrap();
    assert_eq!(open_backup(&empty, PASS).unwrap(), vec![]);
}

#[test]
fn default_params_round_trip() {
    let file = seal_backup(&entries(), PASS, Argon2Params::DEFAULT, &mut rng(3)).unwrap();
    assert_eq!(open_backup(&file, PASS).unwrap(), entries());
}

#[test]
fn wrong_passphrase_is_refused() {
    let err = open_backup(&small_backup(), "our team backup passphrase!").unwrap_err();
    assert_eq!(err, BackupError::WrongPassphraseOrDamaged);
    assert!(err.to_string().contains("passphrase is wrong"));
    assert_eq!(
        open_backup(&small_backup(), "").unwrap_err(),
        BackupError::EmptyPassphrase
    );
    assert_eq!(
        seal_backup(&entries(), "", FAST, &mut rng(1)).unwrap_err(),
        BackupError::EmptyPassphrase
    );
}

#[test]
fn every_single_flipped_byte_is_refused() {
    let file = small_backup();
    for pos in 0..file.len() {
        for mask in [0x01u8, 0xff] {
            let mut bad = file.clone();
            bad[pos] ^= mask;
            assert!(
                open_backup(&bad, PASS).is_err(),
                "flip {mask:#x} at {pos} accepted"
            );
        }
    }
}

#[test]
fn truncated_at_every_length_is_refused() {
    let file = small_backup();
    assert_eq!(open_backup(&[], PASS).unwrap_err(), BackupError::Empty);
    for len in 1..file.len() {
        assert_eq!(
            open_backup(&file[..len], PASS).unwrap_err(),
            BackupError::Truncated,
            "length {len}"
        );
    }
    let mut longer = file.clone();
    longer.push(0);
    assert_eq!(
        open_backup(&longer, PASS).unwrap_err(),
        BackupError::Damaged
    );
}

#[test]
fn newer_version_is_refused_distinctly() {
    let mut file = small_backup();
    file[15..17].copy_from_slice(&7u16.to_be_bytes());
    assert_eq!(
        open_backup(&file, PASS).unwrap_err(),
        BackupError::NewerVersion { found: 7 }
    );
}

#[test]
fn other_files_are_not_backups() {
    let mut random = vec![0u8; 1000];
    rng(9).fill_bytes(&mut random);
    for other in [
        random,
        b"\x89PNG\r\n\x1a\n".to_vec(),
        b"RAPPORT-SYNC\0\0\x01".to_vec(),
    ] {
        assert_eq!(
            open_backup(&other, PASS).unwrap_err(),
            BackupError::NotABackup
        );
    }
}

#[test]
fn oversized_and_hostile_files_are_refused_before_any_work() {
    let mut big = b"RAPPORT-BACKUP\0".to_vec();
    big.resize(MAX_BACKUP_FILE_BYTES + 1, 0);
    assert_eq!(
        open_backup(&big, PASS).unwrap_err(),
        BackupError::TooLarge {
            limit: MAX_BACKUP_FILE_BYTES
        }
    );
    // m_kib follows magic (15), version (2) and salt (16).
    let mut file = small_backup();
    file[33..37].copy_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(open_backup(&file, PASS).unwrap_err(), BackupError::Damaged);
}

#[test]
fn invalid_entries_are_refused_when_sealing() {
    let bad = vec![BackupEntry {
        doc_id: String::new(),
        kind: DocKind::OneOnOne,
        bytes: vec![],
    }];
    assert!(matches!(
        seal_backup(&bad, PASS, FAST, &mut rng(1)),
        Err(BackupError::InvalidEntry { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn random_documents_round_trip(docs in proptest::collection::vec(
        ("[a-z0-9-]{1,40}", proptest::collection::vec(any::<u8>(), 0..2048)), 0..6), seed: u64) {
        let entries: Vec<BackupEntry> = docs
            .into_iter()
            .map(|(doc_id, bytes)| BackupEntry { doc_id, kind: DocKind::TeamObjectives, bytes })
            .collect();
        let file = seal_backup(&entries, PASS, FAST, &mut rng(seed)).unwrap();
        prop_assert_eq!(open_backup(&file, PASS).unwrap(), entries);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut input = b"RAPPORT-BACKUP\0\0\x01".to_vec();
        input.extend_from_slice(&bytes);
        prop_assert!(open_backup(&input, PASS).is_err());
        prop_assert!(open_backup(&bytes, PASS).is_err());
    }
}

#[test]
fn backups_made_with_the_old_argon2_parameters_still_open() {
    let file = seal_backup(&entries(), PASS, Argon2Params::LEGACY_V1, &mut rng(30)).unwrap();
    assert_eq!(open_backup(&file, PASS).unwrap(), entries());
}

#[test]
fn composed_and_decomposed_passphrases_open_the_same_backup() {
    let file = seal_backup(&entries(), "Zo\u{eb} na\u{ef}ve", FAST, &mut rng(31)).unwrap();
    assert_eq!(
        open_backup(&file, "Zoe\u{308} nai\u{308}ve").unwrap(),
        entries()
    );
}

/// Issue 8: keys travel in the backup explicitly (format 2), not inside a document.
#[test]
fn backup_carries_identity_keys_explicitly() {
    use rapport_core::sync::{open_backup_with_keys, seal_backup_with_keys};
    let entries = vec![BackupEntry {
        doc_id: "ws".into(),
        kind: DocKind::Workspace,
        bytes: vec![1, 2, 3],
    }];
    let secret = [7u8; 64];
    let file = seal_backup_with_keys(&entries, Some(&secret), PASS, FAST, &mut rng(1)).unwrap();
    let (back, keys) = open_backup_with_keys(&file, PASS).unwrap();
    assert_eq!(back, entries);
    assert_eq!(keys.as_deref().map(|k| k.as_slice()), Some(&secret[..]));
    let none = seal_backup_with_keys(&entries, None, PASS, FAST, &mut rng(2)).unwrap();
    assert!(open_backup_with_keys(&none, PASS).unwrap().1.is_none());
    assert!(seal_backup_with_keys(&entries, Some(&[1u8; 10]), PASS, FAST, &mut rng(3)).is_err());
}

#[test]
fn a_backup_sealed_with_a_key_derived_apart_restores_with_its_passphrase() {
    // The app derives in its passphrase worker (issue 8): seal with the derived key, open
    // with the passphrase, and the other way round.
    let key = sealing_key(PASS, [3; 16], FAST, KdfPurpose::Backup).unwrap();
    let secret = [5u8; 64];
    let file = seal_backup_derived(&entries(), Some(&secret), &key, &mut rng(31)).unwrap();
    let (restored, keys) = open_backup_with_keys(&file, PASS).unwrap();
    assert_eq!(restored, entries());
    assert_eq!(keys.as_deref().map(|k| k.as_slice()), Some(&secret[..]));

    let file = small_backup();
    let (salt, params) = backup_kdf(&file).unwrap();
    assert_eq!(params, FAST);
    let keys = derive_keys(PASS, &salt, params, KdfPurpose::Backup);
    assert_eq!(open_backup_unlocked(&file, &keys).unwrap().0, entries());
    // A sync-file key for the same passphrase and salt does not open a backup.
    let wrong = derive_keys(PASS, &salt, params, KdfPurpose::SyncFile);
    assert_eq!(
        open_backup_unlocked(&file, &wrong),
        Err(BackupError::WrongPassphraseOrDamaged)
    );
}

#[test]
fn backups_sealed_before_normalisation_open_with_the_passphrase_as_typed() {
    let typed = "Z\u{fc}rich Stra\u{df}e a\u{308}rger";
    let salt = [4; 16];
    let candidates = derive_keys(typed, &salt, FAST, KdfPurpose::Backup);
    assert_eq!(candidates.len(), 2);
    let old = PassphraseKey {
        salt,
        params: FAST,
        key: candidates[1].clone(),
    };
    let file = seal_backup_derived(&entries(), None, &old, &mut rng(32)).unwrap();
    assert_eq!(open_backup(&file, typed).unwrap(), entries());
}

#[test]
fn the_kdf_header_of_a_non_backup_is_refused() {
    assert_eq!(backup_kdf(b""), Err(BackupError::Empty));
    assert_eq!(backup_kdf(b"hello"), Err(BackupError::NotABackup));
}
