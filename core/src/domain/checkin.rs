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
