//! One-to-ones (Goal 3): the series of 1:1s between a leader and one direct report.
//!
//! These are the hydrated shapes of the shared `one-on-one` document (see
//! `crate::docs::one_on_one` for the stored layout and the commands that change it). Rules
//! (`crate::rules::one_on_one`) and measures (`crate::measures::one_on_one`) read them; nothing
//! here is stored that can be computed.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile, Text};
use chrono::{NaiveDate, NaiveDateTime};

use super::shared::{DocMeta, Pair};
pub use super::shared::{Participant, Side};

/// R3.6: a 1:1 every two weeks.
pub const CADENCE_DAYS: i64 = 14;

/// What became of a scheduled 1:1. A 1:1 is never silently dropped: it is recorded as held
/// (with its real length, R3.3) or missed (with a reason), which feeds adherence (R3.6).
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub enum MeetingStatus {
    Planned,
    Held { actual_minutes: u32 },
    Missed { reason: String },
}

impl MeetingStatus {
    pub fn is_held(&self) -> bool {
        matches!(self, MeetingStatus::Held { .. })
    }

    pub fn is_planned(&self) -> bool {
        matches!(self, MeetingStatus::Planned)
    }
}

/// An agenda topic (R3.2). Both sides add topics; `added_by` (a person id) lets the app show
/// who added what and lets R3.7 see whether the employee still brings their own topics.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Topic {
    pub id: String,
    pub text: String,
    pub added_by: String,
    pub added_at_ms: i64,
    pub discussed: bool,
}

/// The shared notes of one 1:1 (R3.4). Each is an Automerge Text so that both sides can type
/// in the same section, even offline, and the merge keeps every character.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize,
)]
pub struct Sections {
    #[serde(with = "crate::domain::text_serde")]
    pub connection: Text,
    #[serde(with = "crate::domain::text_serde")]
    pub metrics: Text,
    #[serde(with = "crate::domain::text_serde")]
    pub feedback_to_employee: Text,
    #[serde(with = "crate::domain::text_serde")]
    pub feedback_to_leader: Text,
    #[serde(with = "crate::domain::text_serde")]
    pub development: Text,
}

/// A prose area of a 1:1, as addressed by `edit_section`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Connection,
    Metrics,
    FeedbackToEmployee,
    FeedbackToLeader,
    Development,
    /// The short development-plan check every 1:1 includes (R5.4).
    IdpCheck,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Connection,
        Section::Metrics,
        Section::FeedbackToEmployee,
        Section::FeedbackToLeader,
        Section::Development,
        Section::IdpCheck,
    ];

    /// The key under which the text is stored (in `sections`, or `idp_check` on the meeting).
    /// Stored data: never rename.
    pub fn slug(self) -> &'static str {
        match self {
            Section::Connection => "connection",
            Section::Metrics => "metrics",
            Section::FeedbackToEmployee => "feedback_to_employee",
            Section::FeedbackToLeader => "feedback_to_leader",
            Section::Development => "development",
            Section::IdpCheck => "idp_check",
        }
    }

    pub fn from_slug(s: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|x| x.slug() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Section::Connection => "Connection",
            Section::Metrics => "Metrics",
            Section::FeedbackToEmployee => "Feedback to the employee",
            Section::FeedbackToLeader => "Feedback to the leader",
            Section::Development => "Goals and development",
            Section::IdpCheck => "Development-plan check",
        }
    }

    /// The question shown in an empty section (R3.4; R5.4 for the plan check).
    pub fn prompt(self) -> &'static str {
        match self {
            Section::Connection => "How are you doing, at work and beyond it?",
            Section::Metrics => "Where do your metrics stand since last time? What is in the way?",
            Section::FeedbackToEmployee => "What went well, and what could go better?",
            Section::FeedbackToLeader => "What could I do differently to help you?",
            Section::Development => "Which goal are you working towards, and what is the next step?",
            Section::IdpCheck => {
                "Quick plan check: still on track for your 1-, 3- and 5-year goals? Anything to change?"
            }
        }
    }
}

/// One 1:1 of the series.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Meeting {
    pub id: String,
    /// Local date and time, as the employee proposed it (R3.2).
    #[autosurgeon(with = "iso_minute")]
    pub scheduled_for: NaiveDateTime,
    /// Person id of the proposer; always the employee (R3.2).
    pub proposed_by: String,
    pub planned_minutes: u32,
    pub status: MeetingStatus,
    pub topics: BTreeMap<String, Topic>,
    pub sections: Sections,
    #[serde(with = "crate::domain::text_serde")]
    pub idp_check: Text,
    pub created_at_ms: i64,
}

impl Meeting {
    pub fn date(&self) -> NaiveDate {
        self.scheduled_for.date()
    }

    pub fn text(&self, section: Section) -> &str {
        match section {
            Section::Connection => self.sections.connection.as_str(),
            Section::Metrics => self.sections.metrics.as_str(),
            Section::FeedbackToEmployee => self.sections.feedback_to_employee.as_str(),
            Section::FeedbackToLeader => self.sections.feedback_to_leader.as_str(),
            Section::Development => self.sections.development.as_str(),
            Section::IdpCheck => self.idp_check.as_str(),
        }
    }

    /// Topics in the order they were added (ties broken by id so both sides agree).
    pub fn topics_in_order(&self) -> Vec<&Topic> {
        let mut v: Vec<&Topic> = self.topics.values().collect();
        v.sort_by(|a, b| {
            a.added_at_ms
                .cmp(&b.added_at_ms)
                .then_with(|| a.id.cmp(&b.id))
        });
        v
    }

    /// "2026-12-03 10:00", as used in change descriptions and lists.
    pub fn when_label(&self) -> String {
        self.scheduled_for.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// A follow-up action agreed in a 1:1 (R3.5). Kept at the series level, not inside the
/// meeting, so an open action is simply "open" until done and shows up in every later 1:1.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Action {
    pub id: String,
    pub text: String,
    pub owner: Side,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub due: NaiveDate,
    #[autosurgeon(with = "crate::domain::iso_date_opt")]
    pub done_on: Option<NaiveDate>,
    /// The 1:1 in which it was agreed.
    pub meeting_id: String,
    pub added_by: String,
    pub added_at_ms: i64,
}

impl Action {
    pub fn is_open(&self) -> bool {
        self.done_on.is_none()
    }

    /// Open and past its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.due < today
    }
}

/// What the action form holds before validation. Owner and due date are options because the
/// form starts without them; R3.5 refuses an action that still lacks either.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionDraft {
    pub meeting_id: String,
    pub text: String,
    pub owner: Option<Side>,
    pub due: Option<NaiveDate>,
}

/// Parses the value of an HTML `datetime-local` input ("2026-12-03T10:00", seconds optional).
pub fn parse_local_datetime(raw: &str) -> Option<NaiveDateTime> {
    let raw = raw.trim();
    NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .ok()
}

/// Local date-times are stored as `YYYY-MM-DDTHH:MM` strings: readable by any Automerge
/// implementation, sortable, and free of time-zone guesses (a 1:1 is "Thursday 10:00" for
/// both people). Plugs into autosurgeon with `#[autosurgeon(with = "iso_minute")]`.
pub mod iso_minute {
    use autosurgeon::{HydrateError, Prop, ReadDoc, Reconciler};
    use chrono::NaiveDateTime;

    pub fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: Prop<'_>,
    ) -> Result<NaiveDateTime, HydrateError> {
        let s = <String as autosurgeon::Hydrate>::hydrate(doc, obj, prop)?;
        super::parse_local_datetime(&s)
            .ok_or_else(|| HydrateError::unexpected("a local date-time (YYYY-MM-DDTHH:MM)", s))
    }

    pub fn reconcile<R: Reconciler>(d: &NaiveDateTime, reconciler: R) -> Result<(), R::Error> {
        autosurgeon::Reconcile::reconcile(&d.format("%Y-%m-%dT%H:%M").to_string(), reconciler)
    }
}

/// The hydrated 1:1 document: the whole series of one leader–employee pair (R3.1).
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct OneOnOne {
    pub meta: DocMeta,
    pub created_at_ms: i64,
    pub leader: Participant,
    pub employee: Participant,
    pub meetings: BTreeMap<String, Meeting>,
    pub actions: BTreeMap<String, Action>,
}

impl OneOnOne {
    /// All 1:1s, oldest first (ties by id so every replica shows the same order).
    pub fn meetings_in_order(&self) -> Vec<&Meeting> {
        let mut v: Vec<&Meeting> = self.meetings.values().collect();
        v.sort_by(|a, b| {
            a.scheduled_for
                .cmp(&b.scheduled_for)
                .then_with(|| a.id.cmp(&b.id))
        });
        v
    }

    /// Held 1:1s, oldest first.
    pub fn held_meetings(&self) -> Vec<&Meeting> {
        self.meetings_in_order()
            .into_iter()
            .filter(|m| m.status.is_held())
            .collect()
    }

    /// Actions not done yet, soonest due first.
    pub fn open_actions(&self) -> Vec<&Action> {
        let mut v: Vec<&Action> = self.actions.values().filter(|a| a.is_open()).collect();
        v.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.id.cmp(&b.id)));
        v
    }

    /// Actions agreed in one 1:1.
    pub fn actions_of(&self, meeting_id: &str) -> Vec<&Action> {
        let mut v: Vec<&Action> = self
            .actions
            .values()
            .filter(|a| a.meeting_id == meeting_id)
            .collect();
        v.sort_by(|a, b| {
            a.added_at_ms
                .cmp(&b.added_at_ms)
                .then_with(|| a.id.cmp(&b.id))
        });
        v
    }
}

impl Pair for OneOnOne {
    fn leader(&self) -> &Participant {
        &self.leader
    }

    fn employee(&self) -> &Participant {
        &self.employee
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetime_local_input_parses_with_or_without_seconds() {
        let a = parse_local_datetime("2026-12-03T10:00").unwrap();
        assert_eq!(a.format("%Y-%m-%d %H:%M").to_string(), "2026-12-03 10:00");
        assert_eq!(parse_local_datetime(" 2026-12-03T10:00:00 "), Some(a));
        assert_eq!(parse_local_datetime("2026-12-03"), None);
        assert_eq!(parse_local_datetime("03/12/2026 10:00"), None);
    }

    #[test]
    fn slugs_round_trip() {
        for s in Section::ALL {
            assert_eq!(Section::from_slug(s.slug()), Some(s));
        }
        for r in Side::ALL {
            assert_eq!(Side::from_slug(r.slug()), Some(r));
        }
    }

    #[test]
    fn overdue_means_open_and_past_due() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut a = Action {
            id: "a".into(),
            text: "Book the course".into(),
            owner: Side::Employee,
            due: d("2026-12-10"),
            done_on: None,
            meeting_id: "m".into(),
            added_by: "e".into(),
            added_at_ms: 0,
        };
        assert!(!a.is_overdue(d("2026-12-10")));
        assert!(a.is_overdue(d("2026-12-11")));
        a.done_on = Some(d("2026-12-12"));
        assert!(!a.is_overdue(d("2026-12-20")));
    }
}
