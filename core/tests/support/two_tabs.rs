//! One two-tab scenario over any storage adapter, run by the host tests against the in-memory
//! store (core/tests/store.rs) and by the browser tests against IndexedDB (tests/storage.rs,
//! which includes this file by path), so both adapters are held to the same behaviour.
//!
//! Tab A appends until a compaction is due; tab B appends chunks A has not read, one of them
//! between A deciding its compaction and A writing it (R8.4). Nothing is lost, both tabs
//! converge, and B's later compaction leaves one snapshot holding everything (R8.1).

use std::cell::RefCell;

use automerge::{transaction::Transactable, ActorId, AutoCommit, ReadDoc, ROOT};
use rapport_core::store::{
    persist::{absorb_stored, compact_if_due, load_doc, save_pending},
    ChunkKind, KeyPrefix, LiveDoc, StorageAdapter,
};

fn put(live: &RefCell<LiveDoc>, key: &str, value: &str) {
    live.borrow_mut().doc.put(ROOT, key, value).unwrap();
}

/// Text that does not compress (so sizes behave like typed notes).
fn noise(len: usize) -> String {
    let mut x: u32 = 0x2545_f491;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from(b'a' + (x % 26) as u8)
        })
        .collect()
}

fn has(live: &RefCell<LiveDoc>, key: &str) -> bool {
    live.borrow().doc.get(ROOT, key).unwrap().is_some()
}

/// `a` and `b` are two connections to one store (two tabs).
pub async fn two_tabs_append_compact_and_converge<S: StorageAdapter>(a_store: &S, b_store: &S) {
    let doc_id = "two-tabs";
    let mut doc = AutoCommit::new().with_actor(ActorId::from(b"tab-a".to_vec()));
    doc.put(ROOT, "created", "by A").unwrap();
    let a = RefCell::new(LiveDoc::new(doc_id.into(), doc));
    let first = save_pending(&a, a_store).await.unwrap().unwrap();
    assert_eq!(first.kind, ChunkKind::Snapshot);

    let (b, problems) = load_doc(b_store, doc_id).await.unwrap();
    assert!(problems.is_empty());
    let b = RefCell::new(b);
    b.borrow_mut()
        .doc
        .set_actor(ActorId::from(b"tab-b".to_vec()));

    // A types enough for a compaction to be due; B appends one chunk A has not read.
    for i in 0..80 {
        put(&a, &format!("a{i}"), &"typed by A ".repeat(8));
        save_pending(&a, a_store).await.unwrap().unwrap();
    }
    put(&b, "b-before", "B's first edit");
    save_pending(&b, b_store).await.unwrap().unwrap();

    // A decides its compaction; B appends again before A writes it.
    let (snapshot, replaced) = a.borrow_mut().compaction().expect("compaction due");
    put(&b, "b-during", "B's edit while A compacts");
    let during = save_pending(&b, b_store).await.unwrap().unwrap();
    a_store.compact(&snapshot, &replaced).await.unwrap();
    a.borrow_mut().mark_compacted(&snapshot, &replaced);

    // Only keys A had read were removed: B's chunks are still there.
    let keys: Vec<_> = a_store
        .load_range(&KeyPrefix::doc(doc_id))
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.key)
        .collect();
    assert!(keys.contains(&snapshot.key) && keys.contains(&during));
    assert_eq!(keys.len(), 3, "A's snapshot and B's two chunks: {keys:?}");

    // A fresh load has everything.
    let (fresh, _) = load_doc(a_store, doc_id).await.unwrap();
    let fresh = RefCell::new(fresh);
    for key in ["created", "a0", "a79", "b-before", "b-during"] {
        assert!(has(&fresh, key), "{key} lost");
    }

    // Both tabs are told "changed" and converge, with nothing of their own left to write.
    assert!(absorb_stored(&a, a_store).await.unwrap());
    assert!(absorb_stored(&b, b_store).await.unwrap());
    assert_eq!(
        a.borrow_mut().doc.get_heads(),
        b.borrow_mut().doc.get_heads()
    );
    assert!(!a.borrow_mut().is_dirty() && !b.borrow_mut().is_dirty());
    assert!(!absorb_stored(&a, a_store).await.unwrap());

    // B now knows every stored chunk; its compaction leaves one snapshot with everything.
    put(&b, "b-after", &noise(12_000));
    save_pending(&b, b_store).await.unwrap().unwrap();
    assert!(compact_if_due(&b, b_store).await.unwrap());
    let chunks = b_store.load_range(&KeyPrefix::doc(doc_id)).await.unwrap();
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].key.kind, ChunkKind::Snapshot);
    let (last, _) = load_doc(b_store, doc_id).await.unwrap();
    let last = RefCell::new(last);
    for key in ["created", "a0", "a79", "b-before", "b-during", "b-after"] {
        assert!(has(&last, key), "{key} lost");
    }
}
