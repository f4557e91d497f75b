//! Plain domain types. They carry no storage concerns beyond the autosurgeon derives that let
//! them be hydrated from and reconciled into Automerge documents (see `crate::docs`).

pub mod checkin;
pub mod development;
pub mod finding;
pub mod one_on_one;
pub mod performance;
pub mod person;
pub mod records;
pub mod shared;
pub mod team;
pub mod workspace;
pub mod workweek;

pub use checkin::{Channel, CheckIn};
pub use development::InputError;
pub use person::{Person, PersonDraft, PersonError};
pub use shared::{DocKind, DocMeta, Pair, Participant, Side};
pub use workweek::WorkWeek;

/// A fresh random identifier (UUID v4, hyphenated) for documents and items.
/// Characters that must never be part of a name shown to someone else: Unicode format
/// characters (category Cf: bidi overrides and isolates, zero-width spaces and joiners, soft
/// hyphen, BOM, tags …) can make one name render as another or hide text, and line and
/// paragraph separators can fake a second line in a dialog. The list is Unicode 15's Cf
/// plus U+2028/U+2029 (core has no Unicode tables; `tests` check it against known members).
pub fn is_hidden_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{0600}'..='\u{0605}' | '\u{061C}' | '\u{06DD}' | '\u{070F}'
        | '\u{0890}'..='\u{0891}' | '\u{08E2}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{110BD}' | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

/// Whether `s` holds a character that must not be part of a name ([`is_hidden_format_char`]),
/// allowing the two joiners where writing needs them. The zero-width non-joiner (U+200C) and
/// joiner (U+200D) are part of correct spelling in Persian and other Arabic-script names, in
/// the Indic scripts (a virama followed by a joiner), and in emoji sequences;
/// there they change how the name looks, so they cannot make two names look the same. Between
/// Latin, Greek or Cyrillic letters, at either end or next to a space they change nothing
/// visible, so they stay refused.
pub fn has_hidden_format_chars(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        if !is_hidden_format_char(c) {
            return false;
        }
        let joiner = matches!(c, '\u{200C}' | '\u{200D}');
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let after = chars.get(i + 1).copied();
        !(joiner && before.is_some_and(joins) && after.is_some_and(joins))
    })
}

/// Characters of the scripts (and emoji) whose spelling uses the zero-width joiners.
fn joins(c: char) -> bool {
    matches!(c,
        // Arabic, Syriac, Arabic Supplement, Thaana, NKo, Arabic Extended-B/A
        '\u{0600}'..='\u{07FF}' | '\u{0870}'..='\u{08FF}'
        // Devanagari … Sinhala (the Indic scripts), Myanmar, Khmer, Mongolian
        | '\u{0900}'..='\u{0DFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{18AF}'
        // Arabic presentation forms
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}'
        // Emoji: symbols, dingbats, pictographs, skin tones, the variation selector
        | '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}' | '\u{FE0F}')
        && !is_hidden_format_char(c)
}

pub fn new_id() -> String {
    match seeded_bytes() {
        Some(bytes) => uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string(),
        None => uuid::Uuid::new_v4().to_string(),
    }
}

/// The next 16 seeded bytes while [`with_seeded_ids`] runs on this thread, else `None`.
pub fn seeded_bytes() -> Option<[u8; 16]> {
    SEEDED_IDS.with(|s| {
        s.get().map(|(seed, n)| {
            s.set(Some((seed, n + 1)));
            seeded_16(seed, n)
        })
    })
}

thread_local! {
    /// `(seed, next counter)` while [`with_seeded_ids`] runs on this thread.
    static SEEDED_IDS: std::cell::Cell<Option<(u64, u64)>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with [`new_id`] returning ids derived from `seed` and a counter instead of random
/// ones, so a generated workspace (the benchmark generator) is the same on every run. The app
/// never calls this; ids made inside stay valid UUID v4 strings.
pub fn with_seeded_ids<R>(seed: u64, f: impl FnOnce() -> R) -> R {
    let before = SEEDED_IDS.with(|s| s.replace(Some((seed, 0))));
    let out = f();
    SEEDED_IDS.with(|s| s.set(before));
    out
}

/// splitmix64 of `(seed, n)`: 16 well-mixed bytes.
fn seeded_16(seed: u64, n: u64) -> [u8; 16] {
    fn mix(mut z: u64) -> u64 {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    let a = mix(seed ^ mix(n.wrapping_mul(2)));
    let b = mix(seed ^ mix(n.wrapping_mul(2) + 1));
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_le_bytes());
    bytes[8..].copy_from_slice(&b.to_le_bytes());
    bytes
}

/// Dates are stored in documents as ISO-8601 strings (`YYYY-MM-DD`): readable by any Automerge
/// implementation and sortable. This module plugs that into autosurgeon with `#[autosurgeon(with = "...")]`.
pub mod iso_date {
    use autosurgeon::{HydrateError, Prop, ReadDoc, Reconciler};
    use chrono::NaiveDate;

    pub fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: Prop<'_>,
    ) -> Result<NaiveDate, HydrateError> {
        let s = <String as autosurgeon::Hydrate>::hydrate(doc, obj, prop)?;
        crate::dates::parse_iso(&s).ok_or_else(|| HydrateError::unexpected("an ISO date", s))
    }

    pub fn reconcile<R: Reconciler>(d: &NaiveDate, reconciler: R) -> Result<(), R::Error> {
        autosurgeon::Reconcile::reconcile(&crate::dates::iso(*d), reconciler)
    }
}

/// Like [`iso_date`] for an optional date (absent or `null` hydrates to `None`).
pub mod iso_date_opt {
    use autosurgeon::{HydrateError, Prop, ReadDoc, Reconciler};
    use chrono::NaiveDate;

    pub fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: Prop<'_>,
    ) -> Result<Option<NaiveDate>, HydrateError> {
        let s = <Option<String> as autosurgeon::Hydrate>::hydrate(doc, obj, prop)?;
        match s {
            None => Ok(None),
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => crate::dates::parse_iso(&s)
                .map(Some)
                .ok_or_else(|| HydrateError::unexpected("an ISO date", s)),
        }
    }

    pub fn reconcile<R: Reconciler>(d: &Option<NaiveDate>, reconciler: R) -> Result<(), R::Error> {
        autosurgeon::Reconcile::reconcile(&d.map(crate::dates::iso), reconciler)
    }
}

/// Automerge Text fields as plain strings in serde formats (summaries, `crate::summary`):
/// `#[serde(with = "crate::domain::text_serde")]`.
pub mod text_serde {
    use autosurgeon::Text;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Text, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(t.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        Ok(Text::with_value(String::deserialize(d)?))
    }
}
