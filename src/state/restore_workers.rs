//! A restore's heavy part in Web Workers, in parallel (issue 11, R8.2).
//!
//! Restoring a backup loads every document strictly and summarises it
//! (`rapport_core::docs::restore::prepare`) before anything is written (R7.5). At 50 people × 5
//! years that is 8 MB of Automerge: two thirds of a restore, and on the page it froze it for
//! the whole time. So each entry goes to a worker instead, as many workers as the machine has
//! cores (at most [`MAX_WORKERS`]), each taking the next entry when it answers, and the page
//! only writes what they prepared.
//!
//! The workers run their own module (`src/bin/restore_worker.rs`): Automerge and the document
//! types without the page's code, downloaded only when a restore starts (the passphrase
//! worker, which every passphrase form loads, stays without them). A request is a JS array
//! `[seq, doc_id, kind, bytes, today]`; its answer `[seq, error, snapshot chunk id, summary]`.
//! Where no worker can start (a browser without them, or a test page without the worker's
//! script), or one fails, the page prepares what is left itself, between paints.
//!
//! Before that, a worker opens the backup's encrypted file ([`open_backup`]): decrypting 8 MB
//! and reading its entries was one task of about 150 ms on the page. That request is
//! `["open", bytes, [key, …]]`, its answer `["opened", error, [[doc_id, kind, bytes], …],
//! identity keys]`; the worker then stays for the checks.

use std::cell::{Cell, RefCell};

use chrono::NaiveDate;
use js_sys::{Array, Promise, Uint8Array};
use rapport_core::docs::restore::{self, Prepared};
use rapport_core::docs::DocKind;
use rapport_core::store::{ChunkKey, ChunkKind};
use rapport_core::sync::{open_backup_unlocked, BackupEntry, BackupKeys};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use zeroize::Zeroizing;

/// The worker script Trunk writes next to index.html (`data-loader-shim`).
const WORKER_URL: &str = "./restore_worker_loader.js";

/// What a worker posts once its module runs: requests are sent only after it.
pub const READY: &str = "ready";

/// How long a worker may take to start (download and compile its module) before the page
/// does its share instead.
const START_TIMEOUT_MS: i32 = 15_000;

/// More workers than this would only add memory: each holds one document at a time, and the
/// page's writes become the bottleneck.
const MAX_WORKERS: usize = 4;

const OPEN: &str = "open";
const OPENED: &str = "opened";
const CHANGES: &str = "changes";

/// Changes per batch when the page builds a document a batch per task: about 10 ms natively
/// for the workspace's typed text, a few times that on a page whose code is still cold.
const CHANGES_PER_BATCH: usize = 100;

/// The worker side: opens the backup, or prepares the entry a request names. `None` for a
/// message that is not a restore request.
pub fn answer(data: &JsValue) -> Option<JsValue> {
    let a: &Array = data.dyn_ref()?;
    match a.get(0).as_string().as_deref() {
        Some(OPEN) => return Some(answer_open(a)),
        Some(CHANGES) => return Some(answer_changes(a)),
        _ => {}
    }
    let seq = a.get(0);
    seq.as_f64()?;
    let reply = Array::new();
    reply.push(&seq);
    match request_entry(a)
        .and_then(|(e, today)| restore::prepare(&e, today).map_err(|err| err.to_string()))
    {
        Ok(p) => {
            reply.push(&JsValue::NULL);
            reply.push(&JsValue::from_str(&p.snapshot.chunk_id));
            reply.push(
                &p.summary
                    .map(|s| Uint8Array::from(&s[..]).into())
                    .unwrap_or(JsValue::NULL),
            );
        }
        Err(err) => {
            reply.push(&JsValue::from_str(&err));
        }
    }
    Some(reply.into())
}

/// Opens the backup a request holds with the keys it holds: its entries (each a fresh copy
/// of its bytes in JS) and the identity's keys, or why it cannot be opened.
fn answer_open(a: &Array) -> JsValue {
    let reply = Array::new();
    reply.push(&JsValue::from_str(OPENED));
    let bytes = a.get(1).dyn_into::<Uint8Array>().map(|b| b.to_vec());
    let keys: Vec<Zeroizing<[u8; 32]>> = a
        .get(2)
        .dyn_into::<Array>()
        .map(|ks| {
            ks.iter()
                .filter_map(|k| {
                    let k = k.dyn_into::<Uint8Array>().ok()?.to_vec();
                    Some(Zeroizing::new(<[u8; 32]>::try_from(k.as_slice()).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    let Ok(bytes) = bytes else {
        reply.push(&JsValue::from_str(
            "The restore sent a worker an unreadable request.",
        ));
        return reply.into();
    };
    match open_backup_unlocked(&bytes, &keys) {
        Ok((entries, identity)) => {
            reply.push(&JsValue::NULL);
            let list = Array::new();
            for e in &entries {
                list.push(&Array::of3(
                    &JsValue::from_str(&e.doc_id),
                    &JsValue::from_str(e.kind.as_str()),
                    &Uint8Array::from(&e.bytes[..]),
                ));
            }
            reply.push(&list);
            reply.push(
                &identity
                    .map(|k| Uint8Array::from(&k[..]).into())
                    .unwrap_or(JsValue::NULL),
            );
        }
        Err(err) => {
            reply.push(&JsValue::from_str(&err.to_string()));
        }
    }
    reply.into()
}

/// Entry `[_, doc_id, kind, bytes]` strictly loaded, as batches of its changes
/// (`restore::change_batches`): `["changes", error, [batch, …]]`.
fn answer_changes(a: &Array) -> JsValue {
    let reply = Array::new();
    reply.push(&JsValue::from_str(CHANGES));
    let entry = (|| {
        Some(BackupEntry {
            doc_id: a.get(1).as_string()?,
            kind: DocKind::parse(&a.get(2).as_string()?)?,
            bytes: a.get(3).dyn_into::<Uint8Array>().ok()?.to_vec(),
        })
    })();
    let batches = entry
        .ok_or_else(|| "The restore sent a worker an unreadable request.".to_string())
        .and_then(|e| {
            restore::change_batches(&e, CHANGES_PER_BATCH).map_err(|err| err.to_string())
        });
    match batches {
        Ok(batches) => {
            reply.push(&JsValue::NULL);
            reply.push(
                &batches
                    .iter()
                    .map(|b| JsValue::from(Uint8Array::from(&b[..])))
                    .collect::<Array>(),
            );
        }
        Err(err) => {
            reply.push(&JsValue::from_str(&err));
        }
    }
    reply.into()
}

/// Entry `e` as batches of its changes, made by the worker kept from opening the backup; `None`
/// when there is none, or it refused the entry (the restore's checks then say why).
pub async fn change_batches(e: &BackupEntry) -> Option<Vec<Vec<u8>>> {
    let w = SPARE.with(|s| s.borrow_mut().take())?;
    let request = Array::of4(
        &JsValue::from_str(CHANGES),
        &JsValue::from_str(&e.doc_id),
        &JsValue::from_str(e.kind.as_str()),
        &Uint8Array::from(&e.bytes[..]),
    );
    let reply = w.call(&request.into()).await;
    SPARE.with(|s| *s.borrow_mut() = Some(w));
    let a: Array = reply?.dyn_into().ok()?;
    if a.get(0).as_string().as_deref() != Some(CHANGES) || !a.get(1).is_null() {
        return None;
    }
    a.get(2)
        .dyn_into::<Array>()
        .ok()?
        .iter()
        .map(|b| Some(b.dyn_into::<Uint8Array>().ok()?.to_vec()))
        .collect()
}

/// The page side of [`answer_open`]: `None` when the reply is not one (the page then opens the
/// backup itself).
fn read_opened(reply: &JsValue) -> Option<Result<(Vec<BackupEntry>, BackupKeys), String>> {
    let a: &Array = reply.dyn_ref()?;
    if a.get(0).as_string().as_deref() != Some(OPENED) {
        return None;
    }
    if let Some(err) = a.get(1).as_string() {
        return Some(Err(err));
    }
    let entries = a
        .get(2)
        .dyn_into::<Array>()
        .ok()?
        .iter()
        .map(|e| {
            let e: Array = e.dyn_into().ok()?;
            Some(BackupEntry {
                doc_id: e.get(0).as_string()?,
                kind: DocKind::parse(&e.get(1).as_string()?)?,
                bytes: e.get(2).dyn_into::<Uint8Array>().ok()?.to_vec(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let identity = a
        .get(3)
        .dyn_into::<Uint8Array>()
        .ok()
        .map(|k| Zeroizing::new(k.to_vec()));
    Some(Ok((entries, identity)))
}

thread_local! {
    /// The worker that opened the backup, kept for the checks that follow.
    static SPARE: RefCell<Option<PoolWorker>> = const { RefCell::new(None) };
}

/// Held while a restore runs: when it ends, however it ends, the worker kept from opening the
/// backup goes too (it holds the file's memory).
pub struct SpareWorker;

impl Drop for SpareWorker {
    fn drop(&mut self) {
        SPARE.with(|s| s.borrow_mut().take());
    }
}

/// Opens a backup's encrypted file with the passphrase's candidate keys, in a restore worker
/// (the page stays responsive while 8 MB are decrypted), or on the page where none starts.
/// The error is the one the page would give: wrong passphrase or damaged, not a backup, …
pub async fn open_backup(
    bytes: &[u8],
    keys: &[Zeroizing<[u8; 32]>],
) -> Result<(Vec<BackupEntry>, BackupKeys), String> {
    if let Some(w) = PoolWorker::start().await {
        let ks = Array::new();
        for k in keys {
            ks.push(&Uint8Array::from(&k[..]));
        }
        let request = Array::of3(&JsValue::from_str(OPEN), &Uint8Array::from(bytes), &ks);
        if let Some(opened) = w.call(&request.into()).await.as_ref().and_then(read_opened) {
            crate::perf::mark("rapport:backup-opened:worker");
            SPARE.with(|s| *s.borrow_mut() = Some(w));
            return opened;
        }
    }
    crate::perf::mark("rapport:backup-opened:page");
    open_backup_unlocked(bytes, keys).map_err(|e| e.to_string())
}

fn request_entry(a: &Array) -> Result<(BackupEntry, NaiveDate), String> {
    let unreadable = || "The restore sent a worker an unreadable request.".to_string();
    let doc_id = a.get(1).as_string().ok_or_else(unreadable)?;
    let kind = a
        .get(2)
        .as_string()
        .and_then(|k| DocKind::parse(&k))
        .ok_or_else(unreadable)?;
    let bytes = a
        .get(3)
        .dyn_into::<Uint8Array>()
        .map_err(|_| unreadable())?
        .to_vec();
    let today = a
        .get(4)
        .as_string()
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .ok_or_else(unreadable)?;
    Ok((
        BackupEntry {
            doc_id,
            kind,
            bytes,
        },
        today,
    ))
}

fn request(seq: usize, e: &BackupEntry, today: NaiveDate) -> JsValue {
    let a = Array::new();
    a.push(&JsValue::from_f64(seq as f64));
    a.push(&JsValue::from_str(&e.doc_id));
    a.push(&JsValue::from_str(e.kind.as_str()));
    a.push(&Uint8Array::from(&e.bytes[..]));
    a.push(&JsValue::from_str(&today.format("%Y-%m-%d").to_string()));
    a.into()
}

/// A worker's answer for entry `e`, or `None` if it is not one (then the page prepares it).
fn read_reply(reply: &JsValue, seq: usize, e: &BackupEntry) -> Option<Result<Prepared, String>> {
    let a: &Array = reply.dyn_ref()?;
    if a.get(0).as_f64()? as usize != seq {
        return None;
    }
    if let Some(err) = a.get(1).as_string() {
        return Some(Err(err));
    }
    let chunk_id = a.get(2).as_string()?;
    let summary = a.get(3).dyn_into::<Uint8Array>().ok().map(|s| s.to_vec());
    Some(Ok(Prepared {
        snapshot: ChunkKey {
            doc_id: e.doc_id.clone(),
            kind: ChunkKind::Snapshot,
            chunk_id,
        },
        summary,
    }))
}

struct PoolWorker(web_sys::Worker);

impl PoolWorker {
    /// Starts a worker and waits until its module runs; `None` if it cannot, or has not within
    /// [`START_TIMEOUT_MS`]: a module that fails to load inside the worker (a failed fetch, a
    /// browser that cannot compile it) rejects a promise there and tells the page nothing, so
    /// without a limit the restore would wait for it forever. The page then does its share.
    async fn start() -> Option<PoolWorker> {
        if let Some(w) = SPARE.with(|s| s.borrow_mut().take()) {
            return Some(w);
        }
        let w = PoolWorker(web_sys::Worker::new(WORKER_URL).ok()?);
        let timeout = Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    &resolve,
                    START_TIMEOUT_MS,
                );
            }
        });
        let first = Promise::race(&Array::of2(&w.message(), &timeout));
        match read_event(first).await {
            Some(m) if m.as_string().as_deref() == Some(READY) => Some(w),
            _ => None,
        }
    }

    /// A promise of the next message event the worker posts, rejected when it fails instead
    /// (its script did not load, or its module trapped). The handlers are set before the
    /// promise is awaited, and a worker's messages arrive as later tasks, so none is missed.
    fn message(&self) -> Promise {
        Promise::new(&mut |resolve, reject| {
            self.0.set_onmessage(Some(&resolve));
            self.0.set_onerror(Some(&reject));
        })
    }

    async fn call(&self, message: &JsValue) -> Option<JsValue> {
        let reply = self.message();
        self.0.post_message(message).ok()?;
        read_event(reply).await
    }
}

/// The data of the message event `p` resolves to; `None` if it is rejected or resolves to
/// anything else (the start's timeout).
async fn read_event(p: Promise) -> Option<JsValue> {
    let event = JsFuture::from(p).await.ok()?;
    Some(event.dyn_into::<web_sys::MessageEvent>().ok()?.data())
}

impl Drop for PoolWorker {
    fn drop(&mut self) {
        self.0.terminate();
    }
}

fn workers_for(entries: usize) -> usize {
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency() as usize)
        .unwrap_or(1);
    cores.clamp(1, MAX_WORKERS).min(entries)
}

/// Prepares every entry, in backup order; `on_done` hears how many are done after each. The
/// first entry refused stops the others from being started, and is the error returned.
pub async fn prepare_all(
    entries: &[BackupEntry],
    today: NaiveDate,
    on_done: impl Fn(usize),
) -> Result<Vec<Prepared>, String> {
    let results: RefCell<Vec<Option<Result<Prepared, String>>>> =
        RefCell::new(vec![None; entries.len()]);
    let next = Cell::new(0usize);
    let done = Cell::new(0usize);
    let failed = Cell::new(false);
    let finish = |i: usize, r: Result<Prepared, String>| {
        failed.set(failed.get() || r.is_err());
        results.borrow_mut()[i] = Some(r);
        done.set(done.get() + 1);
        on_done(done.get());
    };
    // Each worker takes the next entry when it has answered: large and small documents even
    // out between them.
    let started = Cell::new(0usize);
    let run = || async {
        let Some(w) = PoolWorker::start().await else {
            return;
        };
        started.set(started.get() + 1);
        while !failed.get() && next.get() < entries.len() {
            let i = next.get();
            next.set(i + 1);
            let reply = w.call(&request(i, &entries[i], today)).await;
            match reply.and_then(|r| read_reply(&r, i, &entries[i])) {
                Some(r) => finish(i, r),
                // This worker failed: the page does its entry, the others go on.
                None => return,
            }
        }
    };
    join_all((0..workers_for(entries.len())).map(|_| run())).await;
    // How many workers did the work: read by the benchmark and the end-to-end test.
    crate::perf::mark(&format!("rapport:restore-workers:{}", started.get()));
    // What no worker did, the page does, letting the browser paint between entries.
    for (i, e) in entries.iter().enumerate() {
        if failed.get() {
            break;
        }
        if results.borrow()[i].is_none() {
            super::tick::next_tick().await;
            finish(i, restore::prepare(e, today).map_err(|err| err.to_string()));
        }
    }
    // Backup order: the first refused entry is the one reported.
    let results = results.into_inner();
    if let Some(err) = results.iter().find_map(|r| r.as_ref()?.as_ref().err()) {
        return Err(err.clone());
    }
    results
        .into_iter()
        .map(|r| {
            r.ok_or_else(|| "The restore stopped before it checked everything.".to_string())?
        })
        .collect()
}

/// Runs `futures` together until all are done: a few lines instead of the `futures` crate's
/// general one, for a handful of worker loops.
async fn join_all<'a>(futures: impl Iterator<Item = impl std::future::Future<Output = ()> + 'a>) {
    let mut pending: Vec<std::pin::Pin<Box<dyn std::future::Future<Output = ()> + 'a>>> = futures
        .map(|f| Box::pin(f) as std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>)
        .collect();
    std::future::poll_fn(|cx| {
        pending.retain_mut(|f| f.as_mut().poll(cx).is_pending());
        if pending.is_empty() {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await
}
