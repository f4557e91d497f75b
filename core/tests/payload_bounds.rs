//! R7.5 bounded work: a hostile Automerge payload is refused before Automerge expands it, so
//! it cannot exhaust a browser tab. A counting allocator measures the peak memory of each
//! refusal; the bombs below would inflate to GiBs or claim a billion operations.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rapport_core::docs::bounds::{self, BoundsError};
use rapport_core::docs::exchange::{self, changes_since, ExchangeError};
use rapport_core::docs::one_on_one::SCHEMA;
use rapport_core::docs::DocKind;
use rapport_core::sync::limits::PayloadLimits;
use support::year::Year;

struct Counting;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;
/// Peak measurements need the other tests of this file not to allocate meanwhile.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs `f` and returns its result, the extra memory it held at its peak, and its time.
fn measured<T>(f: impl FnOnce() -> T) -> (T, usize, Duration) {
    let base = NOW.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    (out, PEAK.load(Ordering::Relaxed) - base, took)
}

const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
const MIB: usize = 1024 * 1024;

fn uleb(mut n: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn sleb(n: i64, out: &mut Vec<u8>) {
    let mut n = n;
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if (n == 0 && byte & 0x40 == 0) || (n == -1 && byte & 0x40 != 0) {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn chunk(kind: u8, data: &[u8]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend([0; 4]); // checksum: never reached
    out.push(kind);
    uleb(data.len() as u64, &mut out);
    out.extend(data);
    out
}

/// Raw DEFLATE data that inflates to `mib` MiB of zeros, built from one compressed MiB
/// repeated (sync-flushed blocks are byte-aligned and not final), then a final empty block.
fn deflate_bomb(mib: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let mut c = Compress::new(Compression::best(), false);
    let mut block = Vec::with_capacity(64 * 1024);
    c.compress_vec(&vec![0u8; MIB], &mut block, FlushCompress::Sync)
        .unwrap();
    let mut out = Vec::with_capacity(block.len() * mib + 2);
    for _ in 0..mib {
        out.extend(&block);
    }
    out.extend([0x03, 0x00]); // final fixed-Huffman block with no symbols
    out
}

/// A document chunk whose one change column (integer, deflated) is `column`.
fn document_with_deflated_column(column: &[u8]) -> Vec<u8> {
    let mut data = vec![0, 0]; // no actors, no heads
    uleb(1, &mut data); // change columns
    uleb((1 << 4) | 0b1000 | 2, &mut data);
    uleb(column.len() as u64, &mut data);
    uleb(0, &mut data); // op columns
    data.extend(column);
    chunk(0, &data)
}

/// A change chunk with one operation column holding `column` (already encoded).
fn change_with_op_column(column: &[u8]) -> Vec<u8> {
    let mut data = vec![0]; // no deps
    data.extend([1, 0xaa]); // actor
    data.extend([1, 1, 0, 0, 0]); // seq, start op, time, message, other actors
    uleb(1, &mut data);
    uleb((1 << 4) | 2, &mut data);
    uleb(column.len() as u64, &mut data);
    data.extend(column);
    chunk(1, &data)
}

/// Every entry point that reads a received payload refuses `payload` with `TooMuch`.
fn all_entry_points_refuse(payload: &[u8]) -> Vec<(usize, Duration)> {
    let mut y = Year::start();
    let heads = y.leader.get_heads();
    let mut out = Vec::new();
    let check = |r: Result<(), ExchangeError>| match r {
        Err(ExchangeError::TooMuch(_)) => {}
        other => panic!("expected TooMuch, got {other:?}"),
    };
    let (r, peak, t) = measured(|| exchange::preview(&y.leader, "series-1", payload).map(drop));
    check(r);
    out.push((peak, t));
    let (r, peak, t) = measured(|| exchange::merge(&mut y.leader, payload).map(drop));
    check(r);
    out.push((peak, t));
    let (r, peak, t) = measured(|| {
        exchange::receive_new("series-1", DocKind::OneOnOne, SCHEMA, payload).map(drop)
    });
    check(r);
    out.push((peak, t));
    let (r, peak, t) =
        measured(|| exchange::load_bounded(payload, &PayloadLimits::BACKUP_DOCUMENT).map(drop));
    check(r);
    out.push((peak, t));
    assert_eq!(
        y.leader.get_heads(),
        heads,
        "a refused payload changes nothing"
    );
    out
}

#[test]
fn r7_5_deflated_column_bomb_is_refused_quickly_with_bounded_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // ~1 MiB of file that inflates to 1 GiB (a 32 MiB file could claim 32 GiB).
    let bomb = document_with_deflated_column(&deflate_bomb(1024));
    assert!(bomb.len() < 2 * MIB, "{}", bomb.len());
    for (peak, took) in all_entry_points_refuse(&bomb) {
        // At most the backup cap (128 MiB) of inflated bytes is ever held, plus the copy.
        assert!(peak < 140 * MIB, "peak {} MiB", peak / MIB);
        assert!(took < Duration::from_secs(20), "{took:?}");
    }
    // The sync cap is half of that.
    let (r, peak, _) = measured(|| bounds::check(&bomb, &PayloadLimits::SYNC));
    assert!(matches!(r, Err(BoundsError::TooLarge { .. })));
    assert!(peak < 70 * MIB, "peak {} MiB", peak / MIB);
}

#[test]
fn r7_5_compressed_change_chunk_bomb_is_refused() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let bomb = chunk(2, &deflate_bomb(1024));
    for (peak, _) in all_entry_points_refuse(&bomb) {
        assert!(peak < 140 * MIB, "peak {} MiB", peak / MIB);
    }
    // A small cap stops it after a few bytes of output.
    let tiny = PayloadLimits {
        max_expanded_bytes: 4096,
        ..PayloadLimits::SYNC
    };
    let (r, peak, _) = measured(|| bounds::check(&bomb, &tiny));
    assert_eq!(r, Err(BoundsError::TooLarge { limit: 4096 }));
    assert!(peak < MIB, "peak {peak} bytes");
}

#[test]
fn r7_5_a_billion_operations_in_a_few_bytes_are_refused() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // One run-length run: "the next value, 10^9 times".
    let mut column = Vec::new();
    sleb(1_000_000_000, &mut column);
    uleb(7, &mut column);
    let ops = change_with_op_column(&column);
    assert!(ops.len() < 40);
    assert!(matches!(
        bounds::check(&ops, &PayloadLimits::SYNC),
        Err(BoundsError::TooManyOps { limit: 3_000_000 })
    ));
    for (peak, took) in all_entry_points_refuse(&ops) {
        assert!(
            peak < MIB && took < Duration::from_secs(1),
            "{peak} {took:?}"
        );
    }
    // The same trick in a document's change columns claims a billion changes.
    let mut data = vec![0, 0];
    uleb(1, &mut data);
    uleb((1 << 4) | 2, &mut data);
    uleb(column.len() as u64, &mut data);
    uleb(0, &mut data);
    data.extend(&column);
    let changes = chunk(0, &data);
    assert!(matches!(
        bounds::check(&changes, &PayloadLimits::SYNC),
        Err(BoundsError::TooManyChanges { limit: 500_000 })
    ));
    all_entry_points_refuse(&changes);
    let err = exchange::merge(&mut Year::start().leader, &changes).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("more than 500000 changes") && text.contains("Ask the sender"),
        "{text}"
    );
}

/// One year-long series (slow to build in a debug test, so built once): its real payloads
/// are far below the caps, and caps just below what they hold refuse them.
#[test]
fn r7_5_a_real_year_is_far_below_the_caps_which_count_its_changes() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (mut y, _) = support::year::Year::build();
    let whole = changes_since(&mut y.leader, &[]);
    let limits = PayloadLimits::SYNC;
    let size = bounds::check(&whole, &limits).unwrap();
    assert!(size.changes * 100 < limits.max_changes, "{size:?}");
    assert!(size.ops * 20 < limits.max_ops, "{size:?}");
    assert!(
        size.expanded_bytes * 100 < limits.max_expanded_bytes,
        "{size:?}"
    );
    assert!(
        size.expanded_bytes > whole.len(),
        "its columns are deflated"
    );
    // And the checked payload still loads.
    exchange::load_bounded(&whole, &limits).unwrap();
    assert_eq!(bounds::check(&[], &limits).unwrap().changes, 0);

    // Every change as its own change chunk: the same changes counted another way.
    let chunks = y.employee.save_after(&[]);
    let chunk_size = bounds::check(&chunks, &limits).unwrap();
    // Exact for change chunks; for a document, the longest change column (the dependency
    // list has a row per dependency) is an upper bound.
    assert_eq!(chunk_size.changes, 1351);
    assert!(size.changes >= chunk_size.changes, "{size:?}");
    for (payload, counted) in [(&whole, size.changes), (&chunks, chunk_size.changes)] {
        let caps = PayloadLimits {
            max_changes: counted - 1,
            ..limits
        };
        assert_eq!(
            bounds::check(payload, &caps),
            Err(BoundsError::TooManyChanges { limit: counted - 1 })
        );
    }
    let caps = PayloadLimits {
        max_ops: chunk_size.ops - 1,
        ..limits
    };
    assert!(matches!(
        bounds::check(&chunks, &caps),
        Err(BoundsError::TooManyOps { .. })
    ));
}

#[test]
fn r7_5_damaged_framing_is_corrupt_not_a_panic() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut y = Year::start();
    let whole = changes_since(&mut y.leader, &[]);
    for cut in 1..whole.len() {
        assert!(bounds::check(&whole[..cut], &PayloadLimits::SYNC).is_err());
    }
    assert!(matches!(
        bounds::check(&chunk(3, b"bundle"), &PayloadLimits::SYNC),
        Err(BoundsError::Malformed(_))
    ));
    assert!(matches!(
        exchange::merge(&mut y.leader, &chunk(2, b"\xff\xff not deflate")),
        Err(ExchangeError::Corrupt(_))
    ));
}

/// The committed seeds of the `payload` fuzz target (core/fuzz), run through the same entry
/// points on every host test run: no panic, bombs refused, real payloads accepted.
#[test]
fn r7_5_payload_fuzz_seeds_are_handled() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/payload");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let Some((_, payload)) = data.split_first() else {
            continue;
        };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut local = Year::start().leader;
        let (r, peak, _) = measured(|| exchange::merge(&mut local, payload).map(drop));
        assert!(peak < 140 * MIB, "{name}: {} MiB", peak / MIB);
        if name.contains("billion") {
            assert!(matches!(r, Err(ExchangeError::TooMuch(_))), "{name}: {r:?}");
        }
        let _ = exchange::receive_new("series-1", DocKind::OneOnOne, SCHEMA, payload);
        let _ = exchange::load_bounded(payload, &PayloadLimits::BACKUP_DOCUMENT);
        seen += 1;
    }
    assert!(seen >= 9, "{seen} seeds");
}
