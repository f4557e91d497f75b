//! The generator is deterministic, and what it writes is what the app accepts: a backup that
//! passes the strict restore checks, shared documents indexed with both writers' keys, and a
//! follow-up file the leader's copy takes as an update from a writer.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rapport_bench::{generate_workspace, Scale};
use rapport_core::docs::{exchange, one_on_one, restore, trust, workspace, DocKind};
use rapport_core::sync::{self, Argon2Params, ContactCard, Identity};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

#[test]
fn same_seed_same_documents_other_seed_other_documents() {
    let a = generate_workspace(Scale::Small, 7, today());
    let b = generate_workspace(Scale::Small, 7, today());
    assert_eq!(
        rapport_bench::generate::heads(&a.entries),
        rapport_bench::generate::heads(&b.entries)
    );
    for (x, y) in a.entries.iter().zip(&b.entries) {
        assert_eq!(x.doc_id, y.doc_id);
        assert_eq!(x.bytes, y.bytes, "{} is byte for byte the same", x.doc_id);
    }
    assert_eq!(a.identity_secret, b.identity_secret);
    assert_eq!(a.follow_up.file, b.follow_up.file);
    assert_eq!(a.manifest, b.manifest);
    let c = generate_workspace(Scale::Small, 8, today());
    assert_ne!(
        rapport_bench::generate::heads(&a.entries),
        rapport_bench::generate::heads(&c.entries)
    );
}

#[test]
fn a_small_workspace_restores_and_its_follow_up_file_is_accepted() {
    let g = generate_workspace(Scale::Small, 11, today());
    // 1 workspace + a series and a plan per person.
    assert_eq!(g.entries.len(), 1 + 2 * Scale::Small.people());
    // Sealed and opened like a real backup (cheap Argon2id: the format is what is tested).
    let cheap = Argon2Params {
        m_kib: 64,
        t: 1,
        p: 1,
    };
    let file = g
        .backup_with_params("a passphrase for the test", cheap)
        .unwrap();
    let (entries, keys) = sync::open_backup_with_keys(&file, "a passphrase for the test").unwrap();
    assert_eq!(entries, g.entries);
    let leader = Identity::from_secret_bytes(keys.as_deref().unwrap()).unwrap();
    // The strict checks a restore runs before writing anything.
    let checked = restore::check_backup(&entries, &BTreeMap::new()).unwrap();
    let ws_doc = &checked
        .iter()
        .find(|c| c.kind == DocKind::Workspace)
        .unwrap()
        .doc;
    let ws = workspace::load(ws_doc).unwrap();
    assert_eq!(ws.people.len(), Scale::Small.people());
    assert!(!ws.checkins.is_empty());
    // Every shared document is indexed, with both writers' keys and the counterpart's card.
    let my_key = trust::key_hex(&leader.public(&ws.profile.id, &ws.profile.name).unwrap());
    for c in checked.iter().filter(|c| c.kind != DocKind::Workspace) {
        let entry = &ws.shared[&c.doc_id];
        assert_eq!(entry.kind, c.kind);
        assert_eq!(entry.my_key, my_key);
        let card = ContactCard::from_text(&ws.contacts[&entry.contact_id].card).unwrap();
        assert_eq!(entry.counterpart_key, trust::key_hex(&card));
        assert_eq!(
            trust::linked_contact(&ws, &entry.roster_person_id)
                .unwrap()
                .1,
            entry.counterpart_key
        );
    }
    let series = checked
        .iter()
        .find(|c| c.doc_id == g.manifest.series_id)
        .unwrap();
    let s = one_on_one::load(&series.doc).unwrap();
    assert!(!s.meetings.is_empty());
    // The follow-up file: for the leader's key, from a writer, an update that previews cleanly.
    let contacts = |pid: &str| {
        ws.contacts
            .get(pid)
            .and_then(|c| ContactCard::from_text(&c.card).ok())
    };
    let opened = sync::open(&g.follow_up.file, &leader, None, &contacts).unwrap();
    assert_eq!(opened.header.doc_id, g.manifest.series_id);
    let incoming = trust::check_incoming(
        &ws,
        Some(DocKind::OneOnOne),
        &opened.header.doc_id,
        DocKind::OneOnOne,
        &opened.header.sender,
    )
    .unwrap();
    assert!(matches!(incoming, trust::Incoming::Update { .. }));
    let preview = exchange::preview(&series.doc, &g.manifest.series_id, &opened.payload).unwrap();
    assert_eq!(preview.changes.len(), 3, "a proposed 1:1 and two topics");
}
