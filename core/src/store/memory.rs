//! An in-memory [`StorageAdapter`] for host tests: clones share one store, as the tabs of a
//! browser share one IndexedDB.
//!
//! Every operation first yields once, so a test polling several steps by hand can interleave
//! them at each store access as the browser's event loop may. Writes can be made to fail (a
//! full disk) and every chunk ever saved is kept aside, so a test can check that nothing saved
//! was lost.

use std::{
    cell::RefCell,
    collections::BTreeMap,
    future::Future,
    pin::{pin, Pin},
    rc::Rc,
    task::{Context, Poll, Waker},
};

use super::{Chunk, ChunkKey, KeyPrefix, StorageAdapter};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemoryError {
    #[error("write refused (the disk is full)")]
    Refused,
}

#[derive(Default)]
struct Inner {
    chunks: BTreeMap<ChunkKey, Vec<u8>>,
    /// Every chunk a save accepted, in order, even if removed since.
    history: Vec<Chunk>,
    /// `Some(n)`: the next `n` writes succeed, later ones fail.
    writes_left: Option<usize>,
}

#[derive(Clone, Default)]
pub struct MemoryStore {
    inner: Rc<RefCell<Inner>>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// Lets the next `n` writes (saves and removes) succeed and fails every later one, until
    /// [`MemoryStore::heal`].
    pub fn fail_after(&self, n: usize) {
        self.inner.borrow_mut().writes_left = Some(n);
    }

    pub fn heal(&self) {
        self.inner.borrow_mut().writes_left = None;
    }

    /// The keys stored now.
    pub fn keys(&self) -> Vec<ChunkKey> {
        self.inner.borrow().chunks.keys().cloned().collect()
    }

    /// Every chunk ever saved (including those removed since).
    pub fn history(&self) -> Vec<Chunk> {
        self.inner.borrow().history.clone()
    }

    /// Stores a chunk at once under the key it carries (not checked against its bytes, never
    /// refused): for tests that lay out what an earlier release wrote.
    pub fn insert(&self, chunk: Chunk) {
        let mut inner = self.inner.borrow_mut();
        inner.history.push(chunk.clone());
        inner.chunks.insert(chunk.key, chunk.bytes);
    }

    fn write(&self) -> Result<(), MemoryError> {
        let mut inner = self.inner.borrow_mut();
        match &mut inner.writes_left {
            None => Ok(()),
            Some(0) => Err(MemoryError::Refused),
            Some(n) => {
                *n -= 1;
                Ok(())
            }
        }
    }
}

impl StorageAdapter for MemoryStore {
    type Error = MemoryError;

    async fn load(&self, key: &ChunkKey) -> Result<Option<Vec<u8>>, MemoryError> {
        yield_now().await;
        Ok(self.inner.borrow().chunks.get(key).cloned())
    }

    async fn save(&self, key: &ChunkKey, bytes: &[u8]) -> Result<(), MemoryError> {
        yield_now().await;
        self.write()?;
        self.insert(Chunk {
            key: key.clone(),
            bytes: bytes.to_vec(),
        });
        Ok(())
    }

    async fn remove(&self, key: &ChunkKey) -> Result<(), MemoryError> {
        yield_now().await;
        self.write()?;
        self.inner.borrow_mut().chunks.remove(key);
        Ok(())
    }

    async fn load_range(&self, prefix: &KeyPrefix) -> Result<Vec<Chunk>, MemoryError> {
        yield_now().await;
        Ok(self
            .inner
            .borrow()
            .chunks
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| Chunk {
                key: k.clone(),
                bytes: v.clone(),
            })
            .collect())
    }

    async fn remove_range(&self, prefix: &KeyPrefix) -> Result<(), MemoryError> {
        yield_now().await;
        self.write()?;
        self.inner
            .borrow_mut()
            .chunks
            .retain(|k, _| !k.starts_with(prefix));
        Ok(())
    }
}

/// Returns `Pending` once (waking itself), then `Ready`: one interleaving point.
pub fn yield_now() -> impl Future<Output = ()> {
    let mut yielded = false;
    std::future::poll_fn(move |cx| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    })
}

/// Polls `future` once; for tests that drive several futures by hand.
pub fn poll_once<F: Future + ?Sized>(future: Pin<&mut F>) -> Poll<F::Output> {
    future.poll(&mut Context::from_waker(Waker::noop()))
}

/// Runs a future to completion on this thread. Enough for [`MemoryStore`], whose futures only
/// ever wait on themselves.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(out) = poll_once(future.as_mut()) {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ChunkKind;

    fn chunk(doc: &str, kind: ChunkKind, bytes: &[u8]) -> Chunk {
        Chunk::new(doc, kind, bytes.to_vec())
    }

    #[test]
    fn ranges_select_by_document_and_kind() {
        let s = MemoryStore::new();
        let a = chunk("a", ChunkKind::Snapshot, b"1");
        let b = chunk("a", ChunkKind::Incremental, b"2");
        let c = chunk("ab", ChunkKind::Incremental, b"3");
        for x in [&a, &b, &c] {
            block_on(s.save(&x.key, &x.bytes)).unwrap();
        }
        assert_eq!(
            block_on(s.load_range(&KeyPrefix::doc("a"))).unwrap().len(),
            2
        );
        assert_eq!(
            block_on(s.load_range(&KeyPrefix::kind("a", ChunkKind::Incremental))).unwrap(),
            vec![b.clone()]
        );
        assert_eq!(block_on(s.load(&c.key)).unwrap(), Some(b"3".to_vec()));
        block_on(s.remove_range(&KeyPrefix::doc("a"))).unwrap();
        assert_eq!(s.keys(), vec![c.key.clone()]);
        block_on(s.remove(&c.key)).unwrap();
        // Removing what is not there is fine: another tab may have compacted it.
        block_on(s.remove(&c.key)).unwrap();
        assert!(s.keys().is_empty());
        assert_eq!(s.history().len(), 3);
    }

    #[test]
    fn a_full_disk_refuses_writes_until_healed() {
        let s = MemoryStore::new();
        let a = chunk("a", ChunkKind::Snapshot, b"1");
        s.fail_after(1);
        block_on(s.save(&a.key, &a.bytes)).unwrap();
        assert_eq!(block_on(s.remove(&a.key)), Err(MemoryError::Refused));
        assert_eq!(s.keys().len(), 1);
        s.heal();
        block_on(s.remove(&a.key)).unwrap();
        assert!(s.keys().is_empty());
    }

    #[test]
    fn compaction_never_removes_its_own_snapshot_key() {
        // The same bytes land on the same key: a snapshot may equal a chunk it replaces.
        let s = MemoryStore::new();
        let snap = chunk("a", ChunkKind::Snapshot, b"all");
        let old = chunk("a", ChunkKind::Incremental, b"part");
        for x in [&snap, &old] {
            block_on(s.save(&x.key, &x.bytes)).unwrap();
        }
        block_on(s.compact(&snap, &[snap.key.clone(), old.key.clone()])).unwrap();
        assert_eq!(s.keys(), vec![snap.key.clone()]);
    }

    #[test]
    fn a_compaction_whose_snapshot_fails_removes_nothing() {
        let s = MemoryStore::new();
        let old = chunk("a", ChunkKind::Incremental, b"part");
        block_on(s.save(&old.key, &old.bytes)).unwrap();
        s.fail_after(0);
        let snap = chunk("a", ChunkKind::Snapshot, b"all");
        assert!(block_on(s.compact(&snap, std::slice::from_ref(&old.key))).is_err());
        assert_eq!(s.keys(), vec![old.key.clone()]);
    }
}
