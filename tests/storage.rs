//! Browser tests (headless Chromium): the IndexedDB adapter of core's chunk store and the
//! incremental persistence of documents (R8.1, R8.4). The logic itself is host-tested in
//! core/tests/store.rs; these hold the real IndexedDB to the same behaviour.
#![cfg(target_arch = "wasm32")]

#[path = "../core/tests/support/two_tabs.rs"]
mod two_tabs;

use rapport::state::live_doc::LiveDoc;
use rapport::storage::{Chunk, ChunkKind, ChunkStore, KeyPrefix, StorageAdapter};
use rapport_core::docs::workspace;
use rapport_core::domain::{person::PersonDraft, Person};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn person(name: &str) -> Person {
    let v = PersonDraft {
        name: name.into(),
        ..Default::default()
    }
    .validate(today(), [])
    .unwrap();
    Person::new(rapport_core::domain::new_id(), v, today())
}

async fn fresh_store(name: &str) -> ChunkStore {
    ChunkStore::delete_database(name).await.unwrap();
    ChunkStore::open(name).await.unwrap()
}

/// Saves what is pending in `live` to `store`, as the repo does after each debounced edit.
async fn save(live: &mut LiveDoc, store: &ChunkStore) -> Option<ChunkKind> {
    let (chunk, heads) = live.pending_chunk()?;
    store.save(&chunk.key, &chunk.bytes).await.unwrap();
    live.mark_saved(&chunk, heads);
    Some(chunk.key.kind)
}

/// Every stored chunk of `doc_id`.
async fn load(store: &ChunkStore, doc_id: &str) -> Vec<Chunk> {
    store.load_range(&KeyPrefix::doc(doc_id)).await.unwrap()
}

fn snapshots(chunks: &[Chunk]) -> Vec<&Chunk> {
    chunks
        .iter()
        .filter(|c| c.key.kind == ChunkKind::Snapshot)
        .collect()
}

#[wasm_bindgen_test]
async fn writes_survive_reopening_the_database() {
    let name = "t-reopen";
    let store = fresh_store(name).await;
    let doc = workspace::create("ws1", "me", "Lea", 0).unwrap();
    let mut live = LiveDoc::new("ws1".into(), doc);
    store.register_doc("ws1", "workspace").await.unwrap();
    assert_eq!(save(&mut live, &store).await, Some(ChunkKind::Snapshot));
    let ada = person("Ada");
    workspace::put_person(&mut live.doc, &ada, "Added Ada", 1).unwrap();
    assert_eq!(save(&mut live, &store).await, Some(ChunkKind::Incremental));
    // Nothing pending: nothing written.
    assert_eq!(save(&mut live, &store).await, None);
    store.close();

    let store = ChunkStore::open(name).await.unwrap();
    assert_eq!(
        store.list_docs().await.unwrap(),
        vec![("ws1".to_string(), "workspace".to_string())]
    );
    // One document's kind, as an import asks for it: read by its key.
    assert_eq!(
        store.doc_kind("ws1").await.unwrap().as_deref(),
        Some("workspace")
    );
    assert_eq!(store.doc_kind("never-stored").await.unwrap(), None);
    let chunks = load(&store, "ws1").await;
    assert_eq!(chunks.len(), 2);
    assert_eq!(snapshots(&chunks).len(), 1);
    let (loaded, problems) = LiveDoc::from_chunks("ws1".into(), chunks).unwrap();
    assert!(problems.is_empty());
    let ws = workspace::load(&loaded.doc).unwrap();
    assert_eq!(ws.people.get(&ada.id), Some(&ada));
}

#[wasm_bindgen_test]
async fn each_edit_appends_a_small_incremental_chunk() {
    let store = fresh_store("t-incremental").await;
    let doc = workspace::create("ws", "me", "Lea", 0).unwrap();
    let mut live = LiveDoc::new("ws".into(), doc);
    save(&mut live, &store).await;
    let snapshot_len = load(&store, "ws").await[0].bytes.len();
    for i in 0..5 {
        workspace::set_context(&mut live.doc, "p", "x".repeat(i + 1), i as i64).unwrap();
        save(&mut live, &store).await;
    }
    let chunks = load(&store, "ws").await;
    assert_eq!(chunks.len(), 6);
    for c in chunks
        .iter()
        .filter(|c| c.key.kind == ChunkKind::Incremental)
    {
        // One typed character is a few hundred bytes at most, never the whole document again.
        assert!(
            c.bytes.len() < snapshot_len,
            "incremental {} >= snapshot {}",
            c.bytes.len(),
            snapshot_len
        );
    }
}

#[wasm_bindgen_test]
async fn compaction_replaces_loaded_chunks_with_one_snapshot() {
    let store = fresh_store("t-compact").await;
    let doc = workspace::create("ws", "me", "Lea", 0).unwrap();
    let mut live = LiveDoc::new("ws".into(), doc);
    save(&mut live, &store).await;
    let mut people = Vec::new();
    let mut compacted = false;
    for i in 0..200 {
        let p = person(&format!("Person {i}"));
        workspace::put_person(&mut live.doc, &p, "Added", i).unwrap();
        people.push(p);
        save(&mut live, &store).await;
        if let Some((snapshot, replaced)) = live.compaction() {
            store.compact(&snapshot, &replaced).await.unwrap();
            live.mark_compacted(&snapshot, &replaced);
            compacted = true;
            break;
        }
    }
    assert!(
        compacted,
        "incrementals should outweigh the snapshot within 200 edits"
    );
    let chunks = load(&store, "ws").await;
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].key.kind, ChunkKind::Snapshot);
    let (loaded, _) = LiveDoc::from_chunks("ws".into(), chunks).unwrap();
    let ws = workspace::load(&loaded.doc).unwrap();
    assert_eq!(ws.people.len(), people.len());
}

#[wasm_bindgen_test]
async fn compaction_keeps_chunks_another_handle_wrote_meanwhile() {
    let name = "t-compact-race";
    let a_store = fresh_store(name).await;
    let b_store = ChunkStore::open(name).await.unwrap();
    let doc = workspace::create("ws", "me", "Lea", 0).unwrap();
    let mut a = LiveDoc::new("ws".into(), doc);
    save(&mut a, &a_store).await;
    let (mut b, _) = LiveDoc::from_chunks("ws".into(), load(&b_store, "ws").await).unwrap();
    b.doc.set_actor(automerge::ActorId::random());
    // A makes enough edits to want compaction; B writes one chunk A has not seen.
    for i in 0..120 {
        workspace::put_person(&mut a.doc, &person(&format!("A{i}")), "Added", i).unwrap();
        save(&mut a, &a_store).await;
    }
    let from_b = person("Written by B");
    workspace::put_person(&mut b.doc, &from_b, "Added", 1).unwrap();
    save(&mut b, &b_store).await;
    let (snapshot, replaced) = a.compaction().expect("compaction due");
    a_store.compact(&snapshot, &replaced).await.unwrap();
    a.mark_compacted(&snapshot, &replaced);
    // B's chunk survives A's compaction, so a fresh load has everything.
    let (fresh, _) = LiveDoc::from_chunks("ws".into(), load(&a_store, "ws").await).unwrap();
    let ws = workspace::load(&fresh.doc).unwrap();
    assert!(ws.people.contains_key(&from_b.id));
    assert_eq!(ws.people.len(), 121);
}

#[wasm_bindgen_test]
async fn two_handles_on_one_database_converge_without_overwriting() {
    // Two tabs: two connections, two in-memory copies with their own actors (R8.4).
    let name = "t-two-tabs";
    let tab1 = fresh_store(name).await;
    let tab2 = ChunkStore::open(name).await.unwrap();
    let doc = workspace::create("ws", "me", "Lea", 0).unwrap();
    let mut one = LiveDoc::new("ws".into(), doc);
    save(&mut one, &tab1).await;
    let (mut two, _) = LiveDoc::from_chunks("ws".into(), load(&tab2, "ws").await).unwrap();
    two.doc.set_actor(automerge::ActorId::random());

    let ada = person("Ada");
    let bo = person("Bo");
    workspace::put_person(&mut one.doc, &ada, "Added Ada", 1).unwrap();
    workspace::put_person(&mut two.doc, &bo, "Added Bo", 1).unwrap();
    workspace::set_context(&mut one.doc, &ada.id, "likes tea", 2).unwrap();
    save(&mut one, &tab1).await;
    save(&mut two, &tab2).await;

    // Each tab is told "ws changed" and absorbs what it has not seen.
    assert!(one.absorb(&load(&tab1, "ws").await));
    assert!(two.absorb(&load(&tab2, "ws").await));
    assert_eq!(one.doc.get_heads(), two.doc.get_heads());
    let w1 = workspace::load(&one.doc).unwrap();
    let w2 = workspace::load(&two.doc).unwrap();
    assert_eq!(w1, w2);
    assert!(w1.people.contains_key(&ada.id) && w1.people.contains_key(&bo.id));
    assert_eq!(w2.context_of(&ada.id), "likes tea");
    // Absorbing again changes nothing and leaves nothing to save.
    assert!(!one.absorb(&load(&tab1, "ws").await));
    assert!(!one.is_dirty());
}

#[wasm_bindgen_test]
async fn a_damaged_chunk_is_skipped_not_fatal() {
    use rapport::storage::ChunkKey;
    let store = fresh_store("t-damaged").await;
    let doc = workspace::create("ws", "me", "Lea", 0).unwrap();
    let mut live = LiveDoc::new("ws".into(), doc);
    save(&mut live, &store).await;
    let bad = Chunk {
        key: ChunkKey {
            doc_id: "ws".into(),
            kind: ChunkKind::Incremental,
            chunk_id: "zzz".into(),
        },
        bytes: b"not automerge".to_vec(),
    };
    store.save(&bad.key, &bad.bytes).await.unwrap();
    let (loaded, problems) = LiveDoc::from_chunks("ws".into(), load(&store, "ws").await).unwrap();
    // Automerge skips bytes it cannot parse; either way the rest of the document loads.
    assert!(problems.len() <= 1);
    assert_eq!(workspace::load(&loaded.doc).unwrap().profile.name, "Lea");
}

/// Makes every read-write transaction abort at commit (`on == true`), as the browser does
/// when the disk is full; idb then resolves it as `Aborted`, not as an error.
fn disk_full(on: bool) {
    let js = if on {
        "if (!window.__realCommit) { window.__realCommit = IDBTransaction.prototype.commit; } \
         IDBTransaction.prototype.commit = function () { \
           if (this.mode === 'readwrite') { this.abort(); return; } \
           return window.__realCommit.call(this); };"
    } else {
        "if (window.__realCommit) { IDBTransaction.prototype.commit = window.__realCommit; }"
    };
    js_sys::eval(js).unwrap();
}

/// R8.1: a rolled-back write is a failure, never "saved"; a compaction whose snapshot was
/// not committed deletes nothing; once there is room the same pending changes are written.
#[wasm_bindgen_test]
async fn a_rolled_back_write_is_reported_and_deletes_nothing() {
    let store = fresh_store("t-rolled-back").await;
    let doc = workspace::create("ws", "me", "Lea", 0).unwrap();
    let mut live = LiveDoc::new("ws".into(), doc);
    save(&mut live, &store).await;
    for i in 0..200 {
        workspace::put_person(&mut live.doc, &person(&format!("P{i}")), "Added", i).unwrap();
        save(&mut live, &store).await;
        if live.compaction().is_some() {
            break;
        }
    }
    let before = load(&store, "ws").await.len();
    assert!(before > 1);

    disk_full(true);
    // A compaction that cannot commit leaves every chunk in place.
    let (snapshot, replaced) = live.compaction().expect("worth compacting");
    let r = store.compact(&snapshot, &replaced).await;
    assert_eq!(r, Err(rapport::storage::StoreError::RolledBack));
    // An edit whose write rolls back is reported and stays pending.
    workspace::put_person(&mut live.doc, &person("Kept"), "Added", 999).unwrap();
    let (chunk, _) = live.pending_chunk().unwrap();
    assert_eq!(
        store.save(&chunk.key, &chunk.bytes).await,
        Err(rapport::storage::StoreError::RolledBack)
    );
    assert!(live.is_dirty());
    disk_full(false);

    assert_eq!(load(&store, "ws").await.len(), before);
    // Room again: the pending change is written and everything loads.
    assert!(save(&mut live, &store).await.is_some());
    let (loaded, _) = LiveDoc::from_chunks("ws".into(), load(&store, "ws").await).unwrap();
    let ws = workspace::load(&loaded.doc).unwrap();
    assert!(ws.people.values().any(|p| p.name == "Kept"));
}

/// The host's two-tab scenario (core/tests/support/two_tabs.rs) against two connections to one
/// IndexedDB database: appends while the other tab compacts are kept, tabs converge (R8.4).
#[wasm_bindgen_test]
async fn two_connections_append_compact_and_converge_as_on_the_host() {
    let name = "t-two-tabs-scenario";
    let a = fresh_store(name).await;
    let b = ChunkStore::open(name).await.unwrap();
    two_tabs::two_tabs_append_compact_and_converge(&a, &b).await;
}

/// The adapter's single-key and range operations, and that a document's range never reaches
/// another document whose id it prefixes.
#[wasm_bindgen_test]
async fn the_adapter_loads_and_removes_by_key_and_by_prefix() {
    let store = fresh_store("t-adapter").await;
    let snap = Chunk::new("d", ChunkKind::Snapshot, b"snapshot".to_vec());
    let inc = Chunk::new("d", ChunkKind::Incremental, b"incremental".to_vec());
    let other = Chunk::new("d2", ChunkKind::Incremental, b"other doc".to_vec());
    for c in [&snap, &inc, &other] {
        store.save(&c.key, &c.bytes).await.unwrap();
    }
    // The same bytes land on the same key: saving again adds nothing.
    store.save(&inc.key, &inc.bytes).await.unwrap();
    assert_eq!(load(&store, "d").await.len(), 2);
    assert_eq!(
        store
            .load_range(&KeyPrefix::kind("d", ChunkKind::Incremental))
            .await
            .unwrap(),
        vec![inc.clone()]
    );
    assert_eq!(
        store.load(&snap.key).await.unwrap(),
        Some(snap.bytes.clone())
    );
    store.remove(&snap.key).await.unwrap();
    store.remove(&snap.key).await.unwrap(); // already gone: not an error
    assert_eq!(store.load(&snap.key).await.unwrap(), None);
    store.remove_range(&KeyPrefix::doc("d")).await.unwrap();
    assert!(load(&store, "d").await.is_empty());
    assert_eq!(load(&store, "d2").await, vec![other]);
}

/// Chunks an earlier release stored under uuid ids load, and the next compaction replaces
/// them with a content-addressed snapshot (core/src/store/migrate.rs).
#[wasm_bindgen_test]
async fn chunks_under_old_uuid_keys_load_and_are_replaced_at_the_next_compaction() {
    use rapport::storage::ChunkKey;
    use rapport_core::store::migrate::{chunk_id_style, ChunkIdStyle};
    let store = fresh_store("t-legacy-keys").await;
    let mut doc = workspace::create("ws", "me", "Lea", 0).unwrap();
    let old_key = |kind, id: &str| ChunkKey {
        doc_id: "ws".into(),
        kind,
        chunk_id: id.into(),
    };
    store
        .save(
            &old_key(ChunkKind::Snapshot, "0b3c1c9e-5d0e-4f7a-9a41-1f0c3c0f7f10"),
            &doc.save(),
        )
        .await
        .unwrap();
    let heads = doc.get_heads();
    let ada = person("Ada");
    workspace::put_person(&mut doc, &ada, "Added Ada", 1).unwrap();
    store
        .save(
            &old_key(
                ChunkKind::Incremental,
                "7d9e3a51-0c4b-4b6e-8f2a-000000000001",
            ),
            &doc.save_after(&heads),
        )
        .await
        .unwrap();

    let (live, problems) = LiveDoc::from_chunks("ws".into(), load(&store, "ws").await).unwrap();
    assert!(problems.is_empty());
    let mut live = live.with_min_compact_bytes(0);
    assert!(workspace::load(&live.doc)
        .unwrap()
        .people
        .contains_key(&ada.id));
    for i in 0..20 {
        workspace::put_person(&mut live.doc, &person(&format!("P{i}")), "Added", i).unwrap();
        save(&mut live, &store).await;
    }
    let (snapshot, replaced) = live.compaction().expect("compaction due");
    store.compact(&snapshot, &replaced).await.unwrap();
    let chunks = load(&store, "ws").await;
    assert_eq!(chunks.len(), 1);
    assert_eq!(
        chunk_id_style(&chunks[0].key.chunk_id),
        ChunkIdStyle::ContentAddressed
    );
    let (loaded, _) = LiveDoc::from_chunks("ws".into(), chunks).unwrap();
    let ws = workspace::load(&loaded.doc).unwrap();
    assert_eq!(ws.people.len(), 21);
    assert_eq!(ws.profile.name, "Lea");
}

/// Issue 14: a summary beside the chunks is read back with the keys of the chunks it was read
/// from; a chunk another tab stores afterwards makes it stale, and deleting the document
/// deletes its summary.
#[wasm_bindgen_test]
async fn a_summary_is_fresh_until_another_chunk_is_stored_and_goes_with_its_document() {
    use automerge::transaction::Transactable;
    use rapport_core::docs::development_plan;
    use rapport_core::domain::Participant;
    use rapport_core::summary;

    let store = fresh_store("t-summary").await;
    let doc = development_plan::create(
        "plan",
        &Participant::new("ada", "Ada"),
        &Participant::new("lea", "Lea"),
        "lea",
        today(),
        0,
    )
    .unwrap();
    let mut live = LiveDoc::new("plan".into(), doc);
    save(&mut live, &store).await;
    assert!(!live.is_dirty());
    let s = summary::summarise(&live.doc)
        .unwrap()
        .expect("a plan has a summary");
    let keys: Vec<_> = live.known_keys().cloned().collect();
    store
        .put_summary("plan", &summary::encode(&s, &keys, today()))
        .await
        .unwrap();

    let read = |store: ChunkStore| async move {
        let (summaries, keys) = store.summaries_and_keys().await.unwrap();
        let by_doc = summary::keys_by_doc(keys);
        summaries
            .iter()
            .find(|(id, _)| id == "plan")
            .and_then(|(_, bytes)| {
                summary::decode_if_fresh(
                    bytes,
                    by_doc.get("plan").map(Vec::as_slice).unwrap_or(&[]),
                    today(),
                )
            })
    };
    assert_eq!(read(store.clone()).await, Some(s));

    // Another tab saves a change: the summary no longer describes what is stored.
    let other = ChunkStore::open("t-summary").await.unwrap();
    let (mut theirs, _) = LiveDoc::from_chunks("plan".into(), load(&other, "plan").await).unwrap();
    theirs.doc.put(automerge::ROOT, "touched", true).unwrap();
    save(&mut theirs, &other).await;
    assert_eq!(read(store.clone()).await, None);

    store.delete_doc("plan").await.unwrap();
    let (summaries, keys) = store.summaries_and_keys().await.unwrap();
    assert!(summaries.is_empty() && keys.is_empty());
}

/// Issue 11: two tabs each log the first check-in of a month, so each creates the month's
/// document on its own; both store it, and each, told the other stored chunks, has both
/// check-ins: the copies share their first change, so neither hides the other's.
#[wasm_bindgen_test]
async fn a_month_created_in_two_tabs_keeps_both_check_ins() {
    use rapport_core::docs::checkins;
    use rapport_core::domain::CheckIn;
    let name = "t-two-tabs-month";
    let tab1 = fresh_store(name).await;
    let tab2 = ChunkStore::open(name).await.unwrap();
    let id = checkins::month_id(today());
    let ci = |who: &str| CheckIn {
        id: format!("c-{who}"),
        person_id: who.into(),
        date: today(),
        channel: None,
        note: String::new(),
        minutes: None,
        logged_at: 1,
    };
    let mut one = LiveDoc::new(
        id.clone(),
        checkins::create(today(), automerge::ActorId::random()).unwrap(),
    );
    let mut two = LiveDoc::new(
        id.clone(),
        checkins::create(today(), automerge::ActorId::random()).unwrap(),
    );
    tab1.register_doc(&id, "check-ins").await.unwrap();
    tab2.register_doc(&id, "check-ins").await.unwrap();
    checkins::put(&mut one.doc, &ci("ada"), "Lea", 1).unwrap();
    checkins::put(&mut two.doc, &ci("bo"), "Lea", 2).unwrap();
    save(&mut one, &tab1).await;
    save(&mut two, &tab2).await;
    assert!(one.absorb(&load(&tab1, &id).await));
    assert!(two.absorb(&load(&tab2, &id).await));
    for tab in [&one, &two] {
        let all = checkins::load(&tab.doc).unwrap();
        assert_eq!(all.keys().collect::<Vec<_>>(), ["c-ada", "c-bo"]);
    }
    // A fresh tab reads the month from what is stored, as one document of its kind.
    let (fresh, problems) = LiveDoc::from_chunks(id.clone(), load(&tab1, &id).await).unwrap();
    assert!(problems.is_empty());
    assert_eq!(checkins::load(&fresh.doc).unwrap().len(), 2);
    assert_eq!(
        tab1.list_docs().await.unwrap(),
        vec![(id.clone(), "check-ins".to_string())]
    );
}

/// Issue 11: a restore prepares its documents (strict load, snapshot key, summary) off the
/// page where it can; where no worker starts, as on this test page, which has no worker
/// script, the page prepares them itself with the same result. Each new document is then
/// stored in one transaction, registered with its summary, and loads and reads back fresh.
/// A damaged entry is refused before anything is stored.
#[wasm_bindgen_test]
async fn a_restored_document_is_prepared_and_stored_whole_in_one_transaction() {
    use rapport::state::restore_workers;
    use rapport_core::docs::{development_plan, restore, DocKind};
    use rapport_core::domain::Participant;
    use rapport_core::summary;
    use rapport_core::sync::BackupEntry;

    let plan = |id: &str| BackupEntry {
        doc_id: id.into(),
        kind: DocKind::DevelopmentPlan,
        bytes: development_plan::create(
            id,
            &Participant::new("ada", "Ada"),
            &Participant::new("lea", "Lea"),
            "lea",
            today(),
            0,
        )
        .unwrap()
        .save(),
    };
    let entries = vec![plan("plan-1"), plan("plan-2"), plan("plan-3")];
    let seen = std::cell::RefCell::new(Vec::new());
    let prepared = restore_workers::prepare_all(&entries, today(), |n| seen.borrow_mut().push(n))
        .await
        .unwrap();
    assert_eq!(
        seen.into_inner(),
        vec![1, 2, 3],
        "progress after each document"
    );
    for (e, p) in entries.iter().zip(&prepared) {
        assert_eq!(*p, restore::prepare(e, today()).unwrap(), "{}", e.doc_id);
    }

    let store = fresh_store("t-restored").await;
    for (e, p) in entries.iter().zip(&prepared) {
        store
            .put_whole_doc(
                &e.doc_id,
                e.kind.as_str(),
                &p.snapshot,
                &e.bytes,
                p.summary.as_deref(),
            )
            .await
            .unwrap();
    }
    let mut docs = store.list_docs().await.unwrap();
    docs.sort();
    assert_eq!(
        docs,
        ["plan-1", "plan-2", "plan-3"].map(|id| (id.to_string(), "development-plan".to_string()))
    );
    let chunks = load(&store, "plan-2").await;
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].key, prepared[1].snapshot);
    let (live, problems) = LiveDoc::from_chunks("plan-2".into(), chunks).unwrap();
    assert!(problems.is_empty());
    let (summaries, keys) = store.summaries_and_keys().await.unwrap();
    let by_doc = summary::keys_by_doc(keys);
    let raw = &summaries.iter().find(|(id, _)| id == "plan-2").unwrap().1;
    assert_eq!(
        summary::decode_if_fresh(raw, &by_doc["plan-2"], today()),
        summary::summarise(&live.doc).unwrap()
    );

    // One damaged entry refuses them all: the error names it.
    let mut bad = entries.clone();
    let half = bad[1].bytes.len() / 2;
    bad[1].bytes.truncate(half);
    let err = restore_workers::prepare_all(&bad, today(), |_| {})
        .await
        .unwrap_err();
    assert!(err.contains("Nothing was restored"), "{err}");
}

/// The Today module closes its repo before the whole app opens its own (`src/handoff.rs`):
/// its documents are forgotten, and no connection of it stays open, or the whole app's
/// upgrades and a "delete everything" would wait on it.
#[wasm_bindgen_test]
async fn a_closed_repo_forgets_its_documents_and_leaves_no_connection_open() {
    use rapport::state::repo;
    use rapport_core::docs::DocKind;
    let name = "rapport-test-repo-close";
    ChunkStore::delete_database(name).await.unwrap();
    repo::init(name).await.unwrap();
    let doc = workspace::create("ws-close", "owner", "Lea Martin", 1).unwrap();
    repo::insert_new("ws-close".into(), DocKind::Workspace, doc)
        .await
        .unwrap();
    assert!(repo::get("ws-close").is_some());

    repo::close();
    assert!(
        repo::get("ws-close").is_none(),
        "its documents are forgotten"
    );
    assert!(repo::list().await.is_err(), "no storage once closed");
    // An open connection would block the deletion until this test timed out.
    ChunkStore::delete_database(name).await.unwrap();

    // Storage opens again, as the whole app opens it after the hand-off.
    repo::init(name).await.unwrap();
    assert!(
        repo::list().await.unwrap().is_empty(),
        "the deleted database is new"
    );
    repo::close();
    ChunkStore::delete_database(name).await.unwrap();
}

/// Issue 11: what the Today module reads at start, in one transaction: the registry, Today's
/// view and every chunk key; the view is fresh until a document it was read from changes.
#[wasm_bindgen_test]
async fn todays_view_is_read_with_the_registry_and_goes_stale_with_a_new_chunk() {
    use automerge::transaction::Transactable;
    use rapport_core::domain::checkin::CheckIns;
    use rapport_core::summary::keys_by_doc;
    use rapport_core::today_view::{self, TodayView};

    let store = fresh_store("t-today-view").await;
    let (docs, view, keys) = store
        .registry_summary_and_keys(today_view::KEY)
        .await
        .unwrap();
    assert!(docs.is_empty() && view.is_none() && keys.is_empty());

    let doc = workspace::create("ws", "me", "Lea", 0).unwrap();
    let mut live = LiveDoc::new("ws".into(), doc);
    save(&mut live, &store).await;
    store.register_doc("ws", "workspace").await.unwrap();
    let ws = workspace::load(&live.doc).unwrap();
    let v = TodayView::of(&ws, &CheckIns::default());
    let sources = vec![("ws".to_string(), live.known_keys().cloned().collect())];
    store
        .put_summary(today_view::KEY, &today_view::encode(&v, &sources))
        .await
        .unwrap();

    let fresh = |store: ChunkStore| async move {
        let (docs, view, keys) = store
            .registry_summary_and_keys(today_view::KEY)
            .await
            .unwrap();
        assert_eq!(docs, vec![("ws".to_string(), "workspace".to_string())]);
        today_view::decode_if_fresh(&view?, &[], &keys_by_doc(keys), today())
    };
    assert_eq!(fresh(store.clone()).await, Some(v));

    live.doc.put(automerge::ROOT, "touched", true).unwrap();
    save(&mut live, &store).await;
    assert_eq!(fresh(store.clone()).await, None);
}

/// Issue 11: a check-in logged in the Today module is kept in localStorage at once, read
/// back whole, and kept once however often it is logged.
#[wasm_bindgen_test]
fn a_pending_check_in_is_kept_at_once_and_once() {
    use rapport::state::pending;
    use rapport_core::domain::CheckIn;

    let c = CheckIn {
        id: "c-pending".into(),
        person_id: "p-1".into(),
        date: today(),
        channel: None,
        note: String::new(),
        minutes: None,
        logged_at: 1_764_000_000_000,
    };
    pending::add_checkin(&c).unwrap();
    pending::add_checkin(&c).unwrap();
    assert_eq!(pending::checkins(), vec![c]);
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .remove_item("rapport.pendingCheckIns")
        .unwrap();
    assert!(pending::checkins().is_empty());
}
