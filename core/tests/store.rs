//! Persistence on the host (R8.1, R8.4): two tabs over one in-memory store, driven through the
//! same steps the app's repo runs (`core::store::persist`), interleaved at every store access.
//!
//! Invariants, checked after every single step:
//! - nothing saved is lost: the store holds every change of every chunk ever saved (so no
//!   compaction removed a chunk holding a change absent from its snapshot);
//! - "saved" is true: a tab with nothing pending has all of its changes in the store.
//!
//! And at the end: once writes succeed again, every tab's changes reach the store and both tabs
//! converge on exactly what a fresh load of the store holds.

#[path = "support/two_tabs.rs"]
mod two_tabs;

use std::{cell::RefCell, future::Future, pin::Pin, rc::Rc};

use automerge::{transaction::Transactable, ActorId, AutoCommit, ChangeHash, ReadDoc, ROOT};
use proptest::prelude::*;
use rapport_core::store::{
    memory::{block_on, poll_once},
    migrate::{chunk_id_style, ChunkIdStyle},
    persist::{absorb_stored, compact_if_due, load_doc, save_pending},
    Chunk, ChunkKey, ChunkKind, KeyPrefix, LiveDoc, MemoryStore, StorageAdapter,
};

const DOC: &str = "doc";

type Task = Pin<Box<dyn Future<Output = ()>>>;

#[derive(Debug, Clone, Copy)]
enum Op {
    /// Append what is pending.
    Save,
    /// What the repo's debounced flush does: append, then compact if due.
    Flush,
    Compact,
    /// Merge what the other tab stored (the BroadcastChannel's "document changed").
    Absorb,
}

#[derive(Debug, Clone)]
enum Step {
    /// A local edit: a key of its own, or one both tabs write (a conflict to merge).
    Edit {
        tab: usize,
        len: usize,
        shared: bool,
    },
    /// Starts a step; it runs only as far as its first store access until polled.
    Start {
        tab: usize,
        op: Op,
    },
    /// Lets one running step go on to its next store access.
    Poll {
        task: usize,
    },
    /// The tab is closed (unsaved edits are gone, as in the browser) and opened again from
    /// the store; its running steps finish on the old copy.
    Reload {
        tab: usize,
    },
    /// The disk fills up after `after` more writes.
    DiskFull {
        after: usize,
    },
    DiskFreed,
}

fn step() -> impl Strategy<Value = Step> {
    let tab = 0..2usize;
    let op = prop_oneof![
        Just(Op::Save),
        Just(Op::Flush),
        Just(Op::Compact),
        Just(Op::Absorb)
    ];
    prop_oneof![
        4 => (tab.clone(), 1..400usize, any::<bool>())
            .prop_map(|(tab, len, shared)| Step::Edit { tab, len, shared }),
        4 => (tab.clone(), op).prop_map(|(tab, op)| Step::Start { tab, op }),
        6 => (0..8usize).prop_map(|task| Step::Poll { task }),
        1 => tab.prop_map(|tab| Step::Reload { tab }),
        1 => (0..4usize).prop_map(|after| Step::DiskFull { after }),
        1 => Just(Step::DiskFreed),
    ]
}

struct World {
    store: MemoryStore,
    tabs: Vec<Rc<RefCell<LiveDoc>>>,
    tasks: Vec<Task>,
    /// Every change of every chunk ever saved.
    ever: AutoCommit,
    ever_seen: usize,
    actors: u8,
    edits: usize,
}

fn has_all(doc: &mut AutoCommit, heads: &[ChangeHash]) -> bool {
    heads.iter().all(|h| doc.get_change_by_hash(h).is_some())
}

impl World {
    fn new() -> World {
        let store = MemoryStore::new();
        let mut doc = AutoCommit::new().with_actor(ActorId::from(vec![0]));
        doc.put(ROOT, "created", true).unwrap();
        // A small threshold, so compactions happen within a few dozen steps.
        let first = RefCell::new(LiveDoc::new(DOC.into(), doc).with_min_compact_bytes(256));
        block_on(save_pending(&first, &store)).unwrap();
        let mut world = World {
            store,
            tabs: vec![Rc::new(first)],
            tasks: Vec::new(),
            ever: AutoCommit::new(),
            ever_seen: 0,
            actors: 0,
            edits: 0,
        };
        let second = world.open_tab();
        world.tabs.push(second);
        world
    }

    /// A new tab: loaded from the store, with an actor of its own (R8.4).
    fn open_tab(&mut self) -> Rc<RefCell<LiveDoc>> {
        self.actors += 1;
        let (live, problems) = block_on(load_doc(&self.store, DOC)).unwrap();
        assert!(problems.is_empty());
        let mut live = live.with_min_compact_bytes(256);
        live.doc.set_actor(ActorId::from(vec![self.actors]));
        Rc::new(RefCell::new(live))
    }

    fn stored(&self) -> AutoCommit {
        let mut doc = AutoCommit::new();
        for c in block_on(self.store.load_range(&KeyPrefix::doc(DOC))).unwrap() {
            doc.load_incremental(&c.bytes).unwrap();
        }
        doc
    }

    fn run(&mut self, step: &Step) {
        match *step {
            Step::Edit { tab, len, shared } => {
                self.edits += 1;
                let key = if shared {
                    "shared".to_string()
                } else {
                    format!("edit{}", self.edits)
                };
                let value: String = (0..len)
                    .map(|i| char::from(b'a' + ((i * 7 + self.edits) % 26) as u8))
                    .collect();
                self.tabs[tab]
                    .borrow_mut()
                    .doc
                    .put(ROOT, key, value)
                    .unwrap();
            }
            Step::Start { tab, op } => {
                let (live, store) = (self.tabs[tab].clone(), self.store.clone());
                let task: Task = match op {
                    Op::Save => Box::pin(async move {
                        let _ = save_pending(&live, &store).await;
                    }),
                    Op::Flush => Box::pin(async move {
                        if save_pending(&live, &store).await.is_ok() {
                            let _ = compact_if_due(&live, &store).await;
                        }
                    }),
                    Op::Compact => Box::pin(async move {
                        let _ = compact_if_due(&live, &store).await;
                    }),
                    Op::Absorb => Box::pin(async move {
                        let _ = absorb_stored(&live, &store).await;
                    }),
                };
                self.tasks.push(task);
                self.poll(self.tasks.len() - 1);
            }
            Step::Poll { task } => {
                if !self.tasks.is_empty() {
                    self.poll(task % self.tasks.len());
                }
            }
            Step::Reload { tab } => self.tabs[tab] = self.open_tab(),
            Step::DiskFull { after } => self.store.fail_after(after),
            Step::DiskFreed => self.store.heal(),
        }
    }

    fn poll(&mut self, i: usize) {
        if poll_once(self.tasks[i].as_mut()).is_ready() {
            drop(self.tasks.remove(i));
        }
    }

    fn check(&mut self, after: &str) {
        let history = self.store.history();
        for c in &history[self.ever_seen..] {
            self.ever.load_incremental(&c.bytes).unwrap();
        }
        self.ever_seen = history.len();
        let mut stored = self.stored();
        let ever_heads = self.ever.get_heads();
        assert!(
            has_all(&mut stored, &ever_heads),
            "a saved change is missing from the store after {after}"
        );
        for (i, tab) in self.tabs.iter().enumerate() {
            let mut live = tab.borrow_mut();
            if !live.is_dirty() {
                let heads = live.doc.get_heads();
                assert!(
                    has_all(&mut stored, &heads),
                    "tab {i} has nothing pending but the store lacks its changes, after {after}"
                );
            }
        }
    }

    /// Frees the disk, lets every running step finish, and saves what each tab holds.
    fn settle(&mut self) {
        self.store.heal();
        while !self.tasks.is_empty() {
            self.poll(0);
        }
        for tab in &self.tabs {
            while block_on(save_pending(tab, &self.store)).unwrap().is_some() {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn two_tabs_appending_compacting_and_loading_never_lose_a_change(
        steps in prop::collection::vec(step(), 1..80)
    ) {
        let mut world = World::new();
        world.check("start");
        for s in &steps {
            world.run(s);
            world.check(&format!("{s:?}"));
        }
        world.settle();
        world.check("settling");
        let mut stored = world.stored();
        for tab in &world.tabs {
            let heads = tab.borrow_mut().doc.get_heads();
            prop_assert!(has_all(&mut stored, &heads), "a tab's change never reached the store");
            prop_assert!(block_on(absorb_stored(tab, &world.store)).is_ok());
        }
        let (mut fresh, _) = block_on(load_doc(&world.store, DOC)).unwrap();
        let expected = fresh.doc.get_heads();
        for tab in &world.tabs {
            let mut live = tab.borrow_mut();
            prop_assert_eq!(live.doc.get_heads(), expected.clone());
            prop_assert!(!live.is_dirty());
        }
        // Compacting everything still loads everything.
        let tab = world.tabs[0].clone();
        let _ = block_on(compact_if_due(&tab, &world.store)).unwrap();
        world.check("the final compaction");
        let (mut last, _) = block_on(load_doc(&world.store, DOC)).unwrap();
        prop_assert_eq!(last.doc.get_heads(), fresh.doc.get_heads());
    }
}

#[test]
fn two_tabs_append_compact_and_converge_in_memory() {
    let store = MemoryStore::new();
    block_on(two_tabs::two_tabs_append_compact_and_converge(
        &store,
        &store.clone(),
    ));
    // Content addressing: every key left names its bytes.
    for c in block_on(store.load_range(&KeyPrefix::doc("two-tabs"))).unwrap() {
        assert_eq!(c.key, ChunkKey::for_bytes("two-tabs", c.key.kind, &c.bytes));
    }
}

#[test]
fn the_same_bytes_written_twice_are_one_chunk() {
    // Two flushes of one tab racing (or two tabs writing the same bytes) store one chunk.
    let store = MemoryStore::new();
    let mut doc = AutoCommit::new();
    doc.put(ROOT, "a", 1).unwrap();
    let live = RefCell::new(LiveDoc::new(DOC.into(), doc));
    let (chunk, _) = live.borrow_mut().pending_chunk().unwrap();
    let again = live.borrow_mut().pending_chunk().unwrap().0;
    assert_eq!(chunk, again);
    block_on(store.save(&chunk.key, &chunk.bytes)).unwrap();
    block_on(store.save(&again.key, &again.bytes)).unwrap();
    assert_eq!(store.keys(), vec![chunk.key]);
}

#[test]
fn two_tabs_holding_the_same_document_compact_to_the_same_key() {
    let store = MemoryStore::new();
    let mut doc = AutoCommit::new().with_actor(ActorId::from(vec![1]));
    doc.put(ROOT, "a", 1).unwrap();
    let a = RefCell::new(LiveDoc::new(DOC.into(), doc).with_min_compact_bytes(0));
    block_on(save_pending(&a, &store)).unwrap();
    for i in 0..20 {
        a.borrow_mut().doc.put(ROOT, format!("k{i}"), i).unwrap();
        block_on(save_pending(&a, &store)).unwrap();
    }
    let (b, _) = block_on(load_doc(&store, DOC)).unwrap();
    let b = RefCell::new(b.with_min_compact_bytes(0));
    assert!(block_on(compact_if_due(&a, &store)).unwrap());
    let after_a = store.keys();
    assert_eq!(after_a.len(), 1);
    // B read the same chunks and holds the same changes: its snapshot is A's, byte for byte,
    // and B's compaction (which lists A's removed keys) leaves it in place.
    let (snapshot, replaced) = b.borrow_mut().compaction().unwrap();
    assert_eq!(snapshot.key, after_a[0]);
    assert!(!replaced.contains(&snapshot.key));
    block_on(store.compact(&snapshot, &replaced)).unwrap();
    assert_eq!(store.keys(), after_a);
}

/// What a release before content addressing left: chunks under uuid ids.
fn legacy(doc_id: &str, kind: ChunkKind, bytes: Vec<u8>, uuid: &str) -> Chunk {
    Chunk {
        key: ChunkKey {
            doc_id: doc_id.into(),
            kind,
            chunk_id: uuid.into(),
        },
        bytes,
    }
}

#[test]
fn chunks_under_old_uuid_keys_load_append_and_compact_without_loss() {
    let store = MemoryStore::new();
    let mut old = AutoCommit::new().with_actor(ActorId::from(vec![9]));
    old.put(ROOT, "old-snapshot", 1).unwrap();
    store.insert(legacy(
        DOC,
        ChunkKind::Snapshot,
        old.save(),
        "0b3c1c9e-5d0e-4f7a-9a41-1f0c3c0f7f10",
    ));
    for i in 0..3 {
        let heads = old.get_heads();
        old.put(ROOT, format!("old-incremental-{i}"), i).unwrap();
        store.insert(legacy(
            DOC,
            ChunkKind::Incremental,
            old.save_after(&heads),
            &format!("7d9e3a51-0c4b-4b6e-8f2a-00000000000{i}"),
        ));
    }

    // This release loads them by prefix, whatever their ids.
    let (live, problems) = block_on(load_doc(&store, DOC)).unwrap();
    assert!(problems.is_empty());
    let live = RefCell::new(live.with_min_compact_bytes(0));
    assert_eq!(live.borrow().known_keys().count(), 4);

    // Appending writes under a content-addressed key, beside the old ones.
    live.borrow_mut()
        .doc
        .put(ROOT, "new", "new text ".repeat(40))
        .unwrap();
    let new = block_on(save_pending(&live, &store)).unwrap().unwrap();
    assert_eq!(
        chunk_id_style(&new.chunk_id),
        ChunkIdStyle::ContentAddressed
    );

    // A tab still running the old release appends under a uuid after we loaded.
    let heads = old.get_heads();
    old.put(ROOT, "old-tab-after-load", 1).unwrap();
    let late = legacy(
        DOC,
        ChunkKind::Incremental,
        old.save_after(&heads),
        "c0ffee00-0000-4000-8000-000000000000",
    );
    store.insert(late.clone());

    // The next compaction replaces the old keys it read, and only those.
    assert!(block_on(compact_if_due(&live, &store)).unwrap());
    let keys = store.keys();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(keys.contains(&late.key), "a chunk we never read is kept");
    let snapshot = keys.iter().find(|k| k.kind == ChunkKind::Snapshot).unwrap();
    assert_eq!(
        chunk_id_style(&snapshot.chunk_id),
        ChunkIdStyle::ContentAddressed
    );

    let (fresh, _) = block_on(load_doc(&store, DOC)).unwrap();
    for key in [
        "old-snapshot",
        "old-incremental-0",
        "old-incremental-2",
        "new",
        "old-tab-after-load",
    ] {
        assert!(fresh.doc.get(ROOT, key).unwrap().is_some(), "{key} lost");
    }
    // Once that chunk is read too, a compaction leaves no uuid key at all.
    let fresh = RefCell::new(fresh.with_min_compact_bytes(0));
    fresh
        .borrow_mut()
        .doc
        .put(ROOT, "more", "more text ".repeat(80))
        .unwrap();
    block_on(save_pending(&fresh, &store)).unwrap();
    assert!(block_on(compact_if_due(&fresh, &store)).unwrap());
    assert!(store
        .keys()
        .iter()
        .all(|k| chunk_id_style(&k.chunk_id) == ChunkIdStyle::ContentAddressed));
}

#[test]
fn a_failed_write_keeps_the_changes_pending_and_a_retry_stores_them() {
    let store = MemoryStore::new();
    let mut doc = AutoCommit::new();
    doc.put(ROOT, "a", 1).unwrap();
    let live = RefCell::new(LiveDoc::new(DOC.into(), doc));
    block_on(save_pending(&live, &store)).unwrap();
    live.borrow_mut().doc.put(ROOT, "b", 2).unwrap();
    store.fail_after(0);
    assert!(block_on(save_pending(&live, &store)).is_err());
    assert!(live.borrow_mut().is_dirty());
    store.heal();
    assert!(block_on(save_pending(&live, &store)).unwrap().is_some());
    let (mut fresh, _) = block_on(load_doc(&store, DOC)).unwrap();
    assert!(fresh.doc.get(ROOT, "b").unwrap().is_some());
    assert!(!fresh.is_dirty());
}
