//! Bounds-checked byte reading and small encoding helpers shared by the sync-file, contact-card
//! and backup formats.
//!
//! Everything here works on untrusted input (R7.5): no indexing that can panic, every length
//! is checked against what is actually left before it is used, and nothing allocates more than
//! the caller's already size-limited input.

/// A cursor over untrusted bytes. Every read returns `None` instead of panicking when the input
/// is too short; callers turn that into their format's "truncated" error.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { rest: bytes }
    }

    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.rest.split_at_checked(n)?;
        self.rest = tail;
        Some(head)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    pub(crate) fn u8(&mut self) -> Option<u8> {
        self.array::<1>().map(|[b]| b)
    }

    pub(crate) fn u16(&mut self) -> Option<u16> {
        self.array().map(u16::from_be_bytes)
    }

    pub(crate) fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_be_bytes)
    }

    /// How many bytes have not been read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.rest.len()
    }
}

/// Appends `bytes` with a big-endian u32 length prefix. Callers keep their data far below
/// 4 GiB (every format has a smaller hard limit), so the conversion failing is a bug in the
/// caller's limit check; it is reported rather than truncating silently.
pub(crate) fn put_u32_prefixed(out: &mut Vec<u8>, bytes: &[u8]) -> Option<()> {
    let len = u32::try_from(bytes.len()).ok()?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(bytes);
    Some(())
}

/// Appends `bytes` with a big-endian u16 length prefix (short strings: ids, names).
pub(crate) fn put_u16_prefixed(out: &mut Vec<u8>, bytes: &[u8]) -> Option<()> {
    let len = u16::try_from(bytes.len()).ok()?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(bytes);
    Some(())
}

const HEX: &[u8; 16] = b"0123456789abcdef";

pub(crate) fn hex_encode(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    s
}

/// Decodes lowercase or uppercase hex of exactly `N` bytes.
pub(crate) fn hex_decode<const N: usize>(s: &str) -> Option<[u8; N]> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let bytes = s.as_bytes();
    if bytes.len() != N * 2 {
        return None;
    }
    let mut out = [0u8; N];
    for (o, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let [hi, lo] = pair else { return None };
        *o = (nibble(*hi)? << 4) | nibble(*lo)?;
    }
    Some(out)
}

/// Text that is shown to the user as a name or title (contact names, document titles) must not
/// be able to spoof the surrounding UI: no control characters (newlines could fake a second
/// line in a confirmation dialog) and no bidirectional overrides (could make "Alice" render as
/// something else). Length is checked separately by the caller.
pub(crate) fn is_safe_display_text(s: &str) -> bool {
    // Format characters (Cf) and line/paragraph separators too: zero-width characters make
    // two different names look the same.
    !s.chars().any(char::is_control) && !crate::domain::has_hidden_format_chars(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_never_reads_past_the_end() {
        let mut r = Reader::new(&[1, 2, 3]);
        assert_eq!(r.u16(), Some(0x0102));
        assert_eq!(r.u16(), None);
        assert_eq!(r.u8(), Some(3));
        assert_eq!(r.take(usize::MAX), None);
        assert_eq!(r.remaining(), 0);
    }

    #[test]
    fn hex_round_trip_and_rejects_bad_input() {
        let b = [0u8, 0xab, 0xff, 0x10];
        assert_eq!(hex_encode(&b), "00abff10");
        assert_eq!(hex_decode::<4>("00abff10"), Some(b));
        assert_eq!(hex_decode::<4>("00ABFF10"), Some(b));
        assert_eq!(hex_decode::<4>("00abff1"), None);
        assert_eq!(hex_decode::<4>("00abff1g"), None);
        assert_eq!(hex_decode::<2>("ééé"), None);
    }

    #[test]
    fn display_text_refuses_controls_and_bidi_overrides() {
        assert!(is_safe_display_text("Zoë O'Brien"));
        assert!(!is_safe_display_text("Alice\nBob"));
        assert!(!is_safe_display_text("\u{202E}ecilA"));
        for bad in [
            "Al\u{200B}ice",
            "Alice\u{2028}",
            "\u{2066}Alice",
            "A\u{00AD}lice",
            "\u{FEFF}A",
            "A\u{E0041}",
        ] {
            assert!(!is_safe_display_text(bad), "{bad:?}");
        }
    }
}
