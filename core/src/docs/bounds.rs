//! Bounding the work a received Automerge payload can cause, BEFORE Automerge sees it (R7.5).
//!
//! A sync file is at most 32 MiB, but Automerge bytes are not what they expand to: a
//! compressed change chunk (chunk type 2) is DEFLATE over the whole chunk, and columns of a
//! document chunk can be deflated one by one, each up to ~1000× larger once inflated. Run-length
//! encoded columns are worse: one run of a few bytes can claim a billion rows, and Automerge
//! builds one operation per row. Automerge itself inflates and expands without any limit, so a
//! crafted file could exhaust the tab's memory before any of our checks ran.
//!
//! [`check`] therefore walks the chunk framing itself (the layout of automerge 0.12's
//! `storage` module: magic, checksum, chunk type, LEB128 length; then the document or change
//! header, column metadata and column data), inflates every deflated part with a cap on the
//! output, and counts the rows every column would decode to, all without building any
//! operation. It refuses the payload as soon as a cap of [`PayloadLimits`] is passed. The work
//! it does itself is linear in the (already size-limited) input plus at most
//! `max_expanded_bytes` of inflated output, held one part at a time.
//!
//! It is deliberately stricter than Automerge where Rapport never writes something: bundle
//! chunks (type 3) are refused. It is not a full validator: anything it lets through still
//! goes through Automerge's own strict parse (checksums, column consistency).

use std::io::Read;

use crate::sync::limits::PayloadLimits;

/// The first bytes of every Automerge chunk.
const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
const CHUNK_DOCUMENT: u8 = 0;
const CHUNK_CHANGE: u8 = 1;
const CHUNK_COMPRESSED: u8 = 2;
/// Column specification bit: this column's data is deflated.
const COLUMN_DEFLATE: u32 = 0b1000;

/// Why a payload was refused before Automerge looked at it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BoundsError {
    /// The framing is damaged (cut short, wrong magic, unknown chunk type, bad deflate data).
    #[error("{0}")]
    Malformed(&'static str),
    /// It would expand to more bytes than allowed.
    #[error("it would expand to more than {limit} bytes")]
    TooLarge { limit: usize },
    /// It holds more changes than allowed.
    #[error("it holds more than {limit} changes")]
    TooManyChanges { limit: u64 },
    /// It holds more operations than allowed.
    #[error("it holds more than {limit} operations")]
    TooManyOps { limit: u64 },
}

/// What a payload holds, as far as the framing tells without decoding operations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PayloadSize {
    /// Bytes after inflating every deflated part (chunk headers included).
    pub expanded_bytes: usize,
    /// Changes: one per change chunk, plus the rows of each document chunk's change columns.
    pub changes: u64,
    /// Operations: the rows of the longest operation column of every chunk, summed.
    pub ops: u64,
}

/// Checks `payload` against `limits` without handing it to Automerge. An empty payload is
/// fine (it is what "no new changes" looks like).
pub fn check(payload: &[u8], limits: &PayloadLimits) -> Result<PayloadSize, BoundsError> {
    let mut scan = Scan {
        limits,
        size: PayloadSize::default(),
    };
    let mut rest = payload;
    while !rest.is_empty() {
        rest = scan.chunk(rest)?;
    }
    Ok(scan.size)
}

struct Scan<'l> {
    limits: &'l PayloadLimits,
    size: PayloadSize,
}

impl Scan<'_> {
    /// Reads one chunk at the start of `input`; returns what follows it.
    fn chunk<'a>(&mut self, input: &'a [u8]) -> Result<&'a [u8], BoundsError> {
        let mut r = Cursor::new(input);
        if r.take(4)? != MAGIC {
            return Err(BoundsError::Malformed("not Automerge data"));
        }
        r.take(4)?; // checksum: Automerge verifies it later
        let chunk_type = r.u8()?;
        let len = r.uleb_usize()?;
        let header_len = input.len() - r.rest.len();
        let data = r.take(len)?;
        self.add_bytes(header_len + len)?;
        match chunk_type {
            CHUNK_DOCUMENT => self.document(data)?,
            CHUNK_CHANGE => self.change(data)?,
            CHUNK_COMPRESSED => {
                // The whole change chunk body is deflated; its inflated size counts instead.
                let budget = self.budget();
                let inflated = inflate_capped(data, budget).ok_or(BoundsError::TooLarge {
                    limit: self.limits.max_expanded_bytes,
                })??;
                self.add_bytes(inflated.len())?;
                self.change(&inflated)?;
            }
            _ => return Err(BoundsError::Malformed("unsupported chunk type")),
        }
        Ok(r.rest)
    }

    /// A change chunk body: one change, its operation columns never deflated (Automerge
    /// refuses that), but their rows still counted.
    fn change(&mut self, data: &[u8]) -> Result<(), BoundsError> {
        self.add_changes(1)?;
        let mut r = Cursor::new(data);
        let deps = r.uleb()?;
        for _ in 0..deps {
            r.take(32)?;
        }
        r.length_prefixed()?; // actor
        r.uleb()?; // seq
        r.uleb()?; // start op
        r.sleb()?; // time
        r.length_prefixed()?; // message
        let others = r.uleb()?;
        for _ in 0..others {
            r.length_prefixed()?;
        }
        let columns = r.columns()?;
        let ops = self.column_rows(&mut r, &columns)?;
        self.add_ops(ops)
    }

    /// A document chunk: actors, heads, change and op column metadata, then their data.
    fn document(&mut self, data: &[u8]) -> Result<(), BoundsError> {
        let mut r = Cursor::new(data);
        let actors = r.uleb()?;
        for _ in 0..actors {
            r.length_prefixed()?;
        }
        let heads = r.uleb()?;
        for _ in 0..heads {
            r.take(32)?;
        }
        let change_columns = r.columns()?;
        let op_columns = r.columns()?;
        let changes = self.column_rows(&mut r, &change_columns)?;
        self.add_changes(changes)?;
        let ops = self.column_rows(&mut r, &op_columns)?;
        self.add_ops(ops)
        // The rest is the head indices: at most one LEB128 number per head, bounded by bytes.
    }

    /// Reads the data of `columns` from `r`, inflating deflated ones within the budget, and
    /// returns the largest row count among them (every column of a table has one entry per
    /// row, so the longest is what the decoder would iterate).
    fn column_rows(
        &mut self,
        r: &mut Cursor<'_>,
        columns: &[(u32, usize)],
    ) -> Result<u64, BoundsError> {
        let mut rows = 0u64;
        for &(spec, len) in columns {
            let raw = r.take(len)?;
            let n = if spec & COLUMN_DEFLATE != 0 {
                let inflated =
                    inflate_capped(raw, self.budget()).ok_or(BoundsError::TooLarge {
                        limit: self.limits.max_expanded_bytes,
                    })??;
                // The deflated bytes were counted with the chunk; count the difference.
                self.add_bytes(inflated.len().saturating_sub(raw.len()))?;
                count_rows(spec, &inflated)?
            } else {
                count_rows(spec, raw)?
            };
            rows = rows.max(n);
        }
        Ok(rows)
    }

    fn budget(&self) -> usize {
        self.limits
            .max_expanded_bytes
            .saturating_sub(self.size.expanded_bytes)
    }

    fn add_bytes(&mut self, n: usize) -> Result<(), BoundsError> {
        self.size.expanded_bytes = self.size.expanded_bytes.saturating_add(n);
        if self.size.expanded_bytes > self.limits.max_expanded_bytes {
            return Err(BoundsError::TooLarge {
                limit: self.limits.max_expanded_bytes,
            });
        }
        Ok(())
    }

    fn add_changes(&mut self, n: u64) -> Result<(), BoundsError> {
        self.size.changes = self.size.changes.saturating_add(n);
        if self.size.changes > self.limits.max_changes {
            return Err(BoundsError::TooManyChanges {
                limit: self.limits.max_changes,
            });
        }
        Ok(())
    }

    fn add_ops(&mut self, n: u64) -> Result<(), BoundsError> {
        self.size.ops = self.size.ops.saturating_add(n);
        if self.size.ops > self.limits.max_ops {
            return Err(BoundsError::TooManyOps {
                limit: self.limits.max_ops,
            });
        }
        Ok(())
    }
}

/// Inflates raw DEFLATE `data`, producing at most `cap` bytes. `None`: the output would be
/// larger than `cap`; `Some(Err)`: the data is not valid DEFLATE.
///
/// Two passes: the first only measures, through a small scratch buffer, so a bomb is refused
/// holding 64 KiB; the second fills a buffer of exactly the measured size (a growing `Vec`
/// would overshoot the cap by up to 2×).
fn inflate_capped(data: &[u8], cap: usize) -> Option<Result<Vec<u8>, BoundsError>> {
    let damaged = || BoundsError::Malformed("damaged compressed data");
    let mut decoder = flate2::read::DeflateDecoder::new(data);
    let mut scratch = vec![0u8; 64 * 1024];
    let mut size = 0usize;
    loop {
        match decoder.read(&mut scratch) {
            Ok(0) => break,
            Ok(n) => {
                size = size.saturating_add(n);
                if size > cap {
                    return None;
                }
            }
            Err(_) => return Some(Err(damaged())),
        }
    }
    drop(scratch);
    let mut out = Vec::with_capacity(size);
    let read = flate2::read::DeflateDecoder::new(data)
        .take(size as u64)
        .read_to_end(&mut out);
    Some(read.map(|_| out).map_err(|_| damaged()))
}

/// The number of rows a column's (inflated) data decodes to, from its encoding (the low
/// three bits of the column specification). Linear in the data: every value read consumes
/// at least one byte, and runs are only added up, never expanded.
fn count_rows(spec: u32, data: &[u8]) -> Result<u64, BoundsError> {
    let mut r = Cursor::new(data);
    let mut rows = 0u64;
    match spec & 0b111 {
        // Boolean: alternating run lengths of false and true.
        4 => {
            while !r.rest.is_empty() {
                rows = rows.saturating_add(r.uleb()?);
            }
        }
        // Raw values: their count comes from the value-metadata column.
        7 => {}
        // Group, actor, integer, value metadata (unsigned), delta (signed), string: run-length
        // encoded. A positive count repeats one value, a negative one precedes that many
        // literal values, zero precedes a count of nulls.
        encoding => {
            while !r.rest.is_empty() {
                let count = r.sleb()?;
                if count > 0 {
                    rows = rows.saturating_add(count.unsigned_abs());
                    read_value(&mut r, encoding)?;
                } else if count < 0 {
                    for _ in 0..count.unsigned_abs() {
                        read_value(&mut r, encoding)?;
                    }
                    rows = rows.saturating_add(count.unsigned_abs());
                } else {
                    rows = rows.saturating_add(r.uleb()?);
                }
            }
        }
    }
    Ok(rows)
}

fn read_value(r: &mut Cursor<'_>, encoding: u32) -> Result<(), BoundsError> {
    match encoding {
        3 => r.sleb().map(drop),
        5 => r.length_prefixed(),
        _ => r.uleb().map(drop),
    }
}

/// Bounds-checked reading of Automerge's framing: LEB128 numbers and length-prefixed bytes.
struct Cursor<'a> {
    rest: &'a [u8],
}

const CUT_SHORT: BoundsError = BoundsError::Malformed("cut short");

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Cursor { rest: bytes }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], BoundsError> {
        let (head, tail) = self.rest.split_at_checked(n).ok_or(CUT_SHORT)?;
        self.rest = tail;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, BoundsError> {
        Ok(self.take(1)?[0])
    }

    fn uleb(&mut self) -> Result<u64, BoundsError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            value |= u64::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(BoundsError::Malformed("number too long"))
    }

    fn sleb(&mut self) -> Result<i64, BoundsError> {
        let mut value = 0i64;
        let mut shift = 0u32;
        loop {
            let byte = self.u8()?;
            if shift >= 64 {
                return Err(BoundsError::Malformed("number too long"));
            }
            value |= i64::from(byte & 0x7f).wrapping_shl(shift);
            shift += 7;
            if byte & 0x80 == 0 {
                if shift < 64 && byte & 0x40 != 0 {
                    value |= -1i64 << shift;
                }
                return Ok(value);
            }
        }
    }

    fn uleb_usize(&mut self) -> Result<usize, BoundsError> {
        usize::try_from(self.uleb()?).map_err(|_| CUT_SHORT)
    }

    fn length_prefixed(&mut self) -> Result<(), BoundsError> {
        let n = self.uleb_usize()?;
        self.take(n).map(drop)
    }

    /// Column metadata: a count, then (specification, data length) pairs.
    fn columns(&mut self) -> Result<Vec<(u32, usize)>, BoundsError> {
        let n = self.uleb()?;
        let mut out = Vec::new();
        for _ in 0..n {
            // Every pair takes at least two bytes, so `out` never outgrows the input.
            let spec =
                u32::try_from(self.uleb()?).map_err(|_| BoundsError::Malformed("bad column"))?;
            out.push((spec, self.uleb_usize()?));
        }
        Ok(out)
    }
}
