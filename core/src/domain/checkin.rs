//! Daily connection check-ins (R1.2).

use autosurgeon::{Hydrate, Reconcile};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Hydrate, Reconcile, Serialize, Deserialize)]
#[allow(clippy::derived_hash_with_manual_eq)]
pub enum Channel {
    InPerson,
    Call,
    Message,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::InPerson, Channel::Call, Channel::Message];

    pub fn label(self) -> &'static str {
        match self {
            Channel::InPerson => "In person",
            Channel::Call => "Call",
            Channel::Message => "Message",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Channel::InPerson => "in-person",
            Channel::Call => "call",
            Channel::Message => "message",
        }
    }

    pub fn from_key(key: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.slug() == key)
    }
}

/// One connection with one person on one day. Only `person_id` and `date` are required (R1.2:
/// logging takes one action); channel, note and minutes are optional detail.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, Serialize, Deserialize)]
pub struct CheckIn {
    pub id: String,
    pub person_id: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub date: NaiveDate,
    pub channel: Option<Channel>,
    pub note: String,
    pub minutes: Option<u32>,
    /// Milliseconds since the Unix epoch when it was logged (orders several check-ins a day).
    pub logged_at: i64,
}

/// The check-ins a screen reads (issue 11): those of the months open in this tab
/// (`docs::checkins`), with any an earlier release kept in the workspace.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckIns {
    pub by_id: std::collections::BTreeMap<String, CheckIn>,
    /// The first day from which every stored check-in is here; `None` when all of them are.
    pub complete_from: Option<NaiveDate>,
}

impl CheckIns {
    pub fn values(&self) -> impl Iterator<Item = &CheckIn> {
        self.by_id.values()
    }

    /// Check-ins with one person, newest first.
    pub fn with_person(&self, person_id: &str) -> Vec<&CheckIn> {
        let mut v: Vec<&CheckIn> = self
            .by_id
            .values()
            .filter(|c| c.person_id == person_id)
            .collect();
        v.sort_by(|a, b| b.date.cmp(&a.date).then(b.logged_at.cmp(&a.logged_at)));
        v
    }
}

/// Hydrates every check-in in one pass over each check-in's fields
/// ([`super::records::hydrate_records`]), where autosurgeon asks for each field by name. Issue 11:
/// for a leader's five years (52 k check-ins) that is 0.5 s instead of 3.6 s natively, and most
/// of a cold open in the browser. Plugs into the workspace with `#[autosurgeon(hydrate = "...")]`.
pub fn hydrate_all<D: autosurgeon::ReadDoc>(
    doc: &D,
    obj: &automerge::ObjId,
    prop: autosurgeon::Prop<'_>,
) -> Result<std::collections::BTreeMap<String, CheckIn>, autosurgeon::HydrateError> {
    super::records::hydrate_map(doc, obj, prop)
}

impl super::records::OnePass for CheckIn {
    fn read_one<D: autosurgeon::ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Option<Self> {
        read_one(doc, obj)
    }
}

/// One check-in from its fields as this release writes them; `None` for anything else.
fn read_one<D: autosurgeon::ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Option<CheckIn> {
    use automerge::{ScalarValueRef as S, ValueRef as V};
    let (mut id, mut person_id, mut date, mut note) = (None, None, None, None);
    let (mut channel, mut minutes, mut logged_at) = (None, None, None);
    for f in doc.map_range(obj, ..) {
        let V::Scalar(v) = &f.value else { return None };
        match (f.key.as_ref(), v) {
            ("id", S::Str(s)) => id = Some(s.to_string()),
            ("person_id", S::Str(s)) => person_id = Some(s.to_string()),
            ("date", S::Str(s)) => date = Some(crate::dates::parse_iso(s)?),
            ("note", S::Str(s)) => note = Some(s.to_string()),
            ("channel", S::Null) => channel = Some(None),
            ("channel", S::Str(s)) => {
                channel = Some(Some(match s.as_ref() {
                    "InPerson" => Channel::InPerson,
                    "Call" => Channel::Call,
                    "Message" => Channel::Message,
                    _ => return None,
                }))
            }
            ("minutes", S::Null) => minutes = Some(None),
            ("minutes", S::Uint(n)) => minutes = Some(Some(u32::try_from(*n).ok()?)),
            ("minutes", S::Int(n)) => minutes = Some(Some(u32::try_from(*n).ok()?)),
            ("logged_at", S::Int(n)) => logged_at = Some(*n),
            ("logged_at", S::Uint(n)) => logged_at = Some(i64::try_from(*n).ok()?),
            _ => return None,
        }
    }
    Some(CheckIn {
        id: id?,
        person_id: person_id?,
        date: date?,
        channel: channel?,
        note: note?,
        minutes: minutes?,
        logged_at: logged_at?,
    })
}

/// The article's guide for a daily connection: 5–10 minutes.
pub const GUIDE_MINUTES: std::ops::RangeInclusive<u32> = 5..=10;
/// Longest duration accepted for one check-in; anything longer is a typo (a whole day is not a check-in).
pub const MAX_MINUTES: u32 = 240;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckInError {
    #[error("Minutes must be a whole number, like 10.")]
    NotANumber,
    #[error("A check-in lasts between 1 and {MAX_MINUTES} minutes.")]
    OutOfRange,
    #[error("A check-in cannot be logged for a future day.")]
    FutureDate,
    #[error("A note can be at most 2000 characters.")]
    NoteTooLong,
}

/// Parses the optional minutes field of the check-in form.
pub fn parse_minutes(raw: &str) -> Result<Option<u32>, CheckInError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let m: u32 = raw.parse().map_err(|_| CheckInError::NotANumber)?;
    if m == 0 || m > MAX_MINUTES {
        return Err(CheckInError::OutOfRange);
    }
    Ok(Some(m))
}

/// Returns a hint when a logged duration is outside the article's 5–10 minute guide.
pub fn minutes_hint(minutes: Option<u32>) -> Option<&'static str> {
    match minutes {
        Some(m) if m < *GUIDE_MINUTES.start() => {
            Some("Shorter than the 5–10 minutes the practice suggests.")
        }
        Some(m) if m > *GUIDE_MINUTES.end() => Some(
            "Longer than the 5–10 minute guide: fine now and then; a 1:1 may suit this better.",
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    fn arb_checkin() -> impl Strategy<Value = CheckIn> {
        (
            "[a-z0-9-]{1,12}",
            0i64..3000,
            prop::option::of(0usize..3),
            ".{0,20}",
            prop::option::of(0u32..500),
            any::<i64>(),
        )
            .prop_map(|(person, day, channel, note, minutes, logged_at)| CheckIn {
                id: crate::domain::new_id(),
                person_id: person,
                date: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(day),
                channel: channel.map(|c| Channel::ALL[c]),
                note,
                minutes,
                logged_at,
            })
    }

    proptest! {
        /// Issue 11: the one-pass reader gives exactly what autosurgeon's derived hydrate
        /// gives, and takes its fast path for every check-in this release writes.
        #[test]
        fn the_one_pass_reader_reads_what_autosurgeon_reads(
            checkins in prop::collection::vec(arb_checkin(), 0..40)
        ) {
            let map: std::collections::BTreeMap<String, CheckIn> =
                checkins.into_iter().map(|c| (c.id.clone(), c)).collect();
            let mut doc = automerge::AutoCommit::new();
            autosurgeon::reconcile_prop(&mut doc, automerge::ROOT, "checkins", &map).unwrap();
            let fast = hydrate_all(&doc, &automerge::ROOT, "checkins".into()).unwrap();
            let derived: std::collections::BTreeMap<String, CheckIn> =
                autosurgeon::hydrate_prop(&doc, automerge::ROOT, "checkins").unwrap();
            prop_assert_eq!(&fast, &derived);
            prop_assert_eq!(&fast, &map);
            let (_, obj) = automerge::ReadDoc::get(&doc, automerge::ROOT, "checkins").unwrap().unwrap();
            for id in map.keys() {
                let (_, one) = automerge::ReadDoc::get(&doc, &obj, id.as_str()).unwrap().unwrap();
                prop_assert!(read_one(&doc, &one).is_some(), "fast path for {}", id);
            }
        }
    }

    #[test]
    fn a_check_in_of_another_shape_is_read_by_autosurgeon() {
        use automerge::transaction::Transactable;
        // An extra field this release does not know: the slow path, same result.
        let c = CheckIn {
            id: "c1".into(),
            person_id: "p1".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            channel: Some(Channel::Call),
            note: "Coffee".into(),
            minutes: Some(10),
            logged_at: 5,
        };
        let mut map = std::collections::BTreeMap::new();
        map.insert("c1".to_string(), c.clone());
        let mut doc = automerge::AutoCommit::new();
        autosurgeon::reconcile_prop(&mut doc, automerge::ROOT, "checkins", &map).unwrap();
        let (_, obj) = automerge::ReadDoc::get(&doc, automerge::ROOT, "checkins")
            .unwrap()
            .unwrap();
        let (_, one) = automerge::ReadDoc::get(&doc, &obj, "c1").unwrap().unwrap();
        doc.put(&one, "mood", "good").unwrap();
        assert!(read_one(&doc, &one).is_none());
        assert_eq!(
            hydrate_all(&doc, &automerge::ROOT, "checkins".into()).unwrap(),
            map
        );
    }

    use super::*;

    #[test]
    fn minutes_parse_and_bounds() {
        assert_eq!(parse_minutes(""), Ok(None));
        assert_eq!(parse_minutes(" 7 "), Ok(Some(7)));
        assert_eq!(parse_minutes("0"), Err(CheckInError::OutOfRange));
        assert_eq!(parse_minutes("241"), Err(CheckInError::OutOfRange));
        assert_eq!(parse_minutes("ten"), Err(CheckInError::NotANumber));
        assert_eq!(parse_minutes("-3"), Err(CheckInError::NotANumber));
    }

    #[test]
    fn hint_only_outside_guide() {
        assert!(minutes_hint(Some(3)).is_some());
        assert!(minutes_hint(Some(8)).is_none());
        assert!(minutes_hint(Some(30)).is_some());
        assert!(minutes_hint(None).is_none());
    }

    #[test]
    fn channel_keys_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_key(c.slug()), Some(c));
        }
    }
}
