//! Team objectives and the metrics meeting (Goal 2): the plain types stored in a
//! `team-objectives` document.
//!
//! One document per team, written by its leader and shared with every member (R2.5). It holds
//! the organisational priorities as the leader is told them, the team's objectives written as
//! SMART goals (R2.1), the KPIs that measure them with their recorded values (R2.2), the cadence
//! of the metrics meeting (R2.3), a record of every occurrence (R2.4) and the questions raised
//! in it. Every collection is a map keyed by id (meetings by date), so concurrent additions on
//! two devices merge instead of replacing each other.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, HydrateError, Prop, ReadDoc, Reconcile, Reconciler};
use chrono::{NaiveDate, NaiveTime, Weekday};

use super::records::{OnePass, Record};
use super::shared::{DocMeta, Participant};
use super::workweek::WEEKDAY_NAMES;

/// R2.3: the time box of a daily huddle, in minutes.
pub const HUDDLE_MINUTES: u32 = 15;
/// R2.3: the time box of a weekly metrics meeting, in minutes.
pub const WEEKLY_MINUTES: u32 = 40;
/// Longest one-line field (a team name, a title, a unit, a KPI name).
pub const MAX_LINE: usize = 200;
/// Longest prose field (a priority, a question, an answer, a reason, a note).
pub const MAX_PROSE: usize = 2000;
/// Longest recorded meeting; anything longer is a typing mistake.
pub const MAX_MEETING_MINUTES: u32 = 480;

/// Someone on the team (the leader is not a member: they are the document's `leader`).
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Member {
    pub id: String,
    pub name: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub joined_on: NaiveDate,
    /// Set when the member left the team; their history stays.
    #[autosurgeon(with = "crate::domain::iso_date_opt", missing = "Default::default")]
    pub left_on: Option<NaiveDate>,
}

impl Member {
    pub fn is_active(&self) -> bool {
        self.left_on.is_none()
    }
}

/// An organisational priority, in the words the leader was given it.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Priority {
    pub id: String,
    pub text: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub added_on: NaiveDate,
}

/// R2.1: a team objective written as a SMART goal. The measurable, relevant and time-bound
/// parts are checked from the fields (`rules::team::smart`); specific and achievable are the
/// author's own confirmation.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Objective {
    pub id: String,
    pub title: String,
    /// The priority it serves; empty for none (R2.2).
    pub priority_id: String,
    /// What is measured ("days from offer to first commit").
    pub measure: String,
    pub unit: String,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    #[autosurgeon(with = "crate::domain::iso_date_opt", missing = "Default::default")]
    pub deadline: Option<NaiveDate>,
    pub specific_confirmed: bool,
    pub achievable_confirmed: bool,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub created_on: NaiveDate,
}

/// One measured value of a KPI (R2.2), keyed by its own id so two people recording at once
/// both keep theirs.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct KpiValue {
    pub id: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub date: NaiveDate,
    pub value: f64,
    /// Person id of who recorded it.
    pub by: String,
    pub note: String,
}

/// R2.2: a key result of an objective, measured in a unit from a baseline towards a target.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Kpi {
    pub id: String,
    pub objective_id: String,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    /// The member (or the leader) who records its values.
    pub owner_id: String,
    /// The author's answer to "within the owner's control?"; `None` until answered.
    pub in_control: Option<bool>,
    #[autosurgeon(hydrate = "super::records::hydrate_map")]
    pub values: BTreeMap<String, KpiValue>,
}

impl Kpi {
    pub fn higher_is_better(&self) -> bool {
        self.target >= self.baseline
    }
}

/// R2.3: how often the metrics meeting runs.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Hydrate,
    Reconcile,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum CadenceKind {
    /// Every working day, 15 minutes.
    #[default]
    Daily,
    /// Once a week on a chosen weekday, 40 minutes.
    Weekly,
}

/// R2.3: the fixed cadence of the metrics meeting.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Cadence {
    pub kind: CadenceKind,
    /// 0 = Monday … 6 = Sunday; used by a weekly meeting.
    pub weekday: u8,
    /// Local wall-clock time, `HH:MM`.
    pub time: String,
    /// The first day occurrences count from.
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub starts_on: NaiveDate,
}

impl Cadence {
    /// A daily huddle at `at` from `starts_on`.
    pub fn daily(at: NaiveTime, starts_on: NaiveDate) -> Cadence {
        Cadence {
            kind: CadenceKind::Daily,
            weekday: 0,
            time: format_time(at),
            starts_on,
        }
    }

    /// A weekly meeting on `weekday` at `at` from `starts_on`.
    pub fn weekly(weekday: Weekday, at: NaiveTime, starts_on: NaiveDate) -> Cadence {
        Cadence {
            kind: CadenceKind::Weekly,
            weekday: weekday.num_days_from_monday() as u8,
            time: format_time(at),
            starts_on,
        }
    }

    /// R2.3: 15 minutes for a daily huddle, 40 for a weekly meeting.
    pub fn time_box_minutes(&self) -> u32 {
        match self.kind {
            CadenceKind::Daily => HUDDLE_MINUTES,
            CadenceKind::Weekly => WEEKLY_MINUTES,
        }
    }

    /// The weekday of a weekly meeting (Monday when the stored number is out of range).
    pub fn weekday(&self) -> Weekday {
        Weekday::try_from(self.weekday.min(6)).unwrap_or(Weekday::Mon)
    }

    /// The time of day (09:00 when the stored time is unreadable).
    pub fn at(&self) -> NaiveTime {
        parse_time(&self.time).unwrap_or(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
    }

    /// "Daily huddle, 09:15" / "Weekly on Monday, 10:00".
    pub fn label(&self) -> String {
        let at = format_time(self.at());
        match self.kind {
            CadenceKind::Daily => format!("Daily huddle, {at}"),
            CadenceKind::Weekly => {
                format!("Weekly on {}, {at}", WEEKDAY_NAMES[self.weekday() as usize])
            }
        }
    }

    /// Refuses a weekday outside 0..=6 and an unreadable time.
    pub fn validate(&self) -> Result<(), InputError> {
        if self.weekday > 6 {
            return Err(InputError::Weekday);
        }
        parse_time(&self.time)?;
        Ok(())
    }
}

/// Parses a `HH:MM` time as typed (`9:05` and `09:05:00` are accepted too).
pub fn parse_time(s: &str) -> Result<NaiveTime, InputError> {
    let t = s.trim();
    NaiveTime::parse_from_str(t, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
        .map_err(|_| InputError::BadTime(t.to_string()))
}

/// `HH:MM`, the stored form of a cadence's time.
pub fn format_time(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// R2.4: how an occurrence of the metrics meeting ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MeetingOutcome {
    Held { minutes: u32 },
    Missed { reason: String },
    Cancelled { reason: String },
}

impl MeetingOutcome {
    pub fn is_held(&self) -> bool {
        matches!(self, MeetingOutcome::Held { .. })
    }

    pub fn held_minutes(&self) -> Option<u32> {
        match self {
            MeetingOutcome::Held { minutes } => Some(*minutes),
            _ => None,
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            MeetingOutcome::Held { .. } => None,
            MeetingOutcome::Missed { reason } | MeetingOutcome::Cancelled { reason } => {
                Some(reason)
            }
        }
    }

    /// The stored `kind`: `held`, `missed` or `cancelled`.
    pub fn kind(&self) -> &'static str {
        match self {
            MeetingOutcome::Held { .. } => "held",
            MeetingOutcome::Missed { .. } => "missed",
            MeetingOutcome::Cancelled { .. } => "cancelled",
        }
    }

    pub fn label(&self) -> String {
        match self {
            MeetingOutcome::Held { minutes } => format!("Held, {minutes} min"),
            MeetingOutcome::Missed { reason } => format!("Missed: {reason}"),
            MeetingOutcome::Cancelled { reason } => format!("Cancelled: {reason}"),
        }
    }
}

/// How [`MeetingOutcome`] is stored: `{kind, minutes, reason}`.
#[derive(Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
struct StoredOutcome {
    kind: String,
    minutes: u32,
    reason: String,
}

impl Reconcile for MeetingOutcome {
    type Key<'a> = autosurgeon::reconcile::NoKey;

    fn reconcile<R: Reconciler>(&self, reconciler: R) -> Result<(), R::Error> {
        StoredOutcome {
            kind: self.kind().to_string(),
            minutes: self.held_minutes().unwrap_or(0),
            reason: self.reason().unwrap_or_default().to_string(),
        }
        .reconcile(reconciler)
    }
}

impl Hydrate for MeetingOutcome {
    fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: Prop<'_>,
    ) -> Result<Self, HydrateError> {
        let s = StoredOutcome::hydrate(doc, obj, prop)?;
        match s.kind.as_str() {
            "held" => Ok(MeetingOutcome::Held { minutes: s.minutes }),
            "missed" => Ok(MeetingOutcome::Missed { reason: s.reason }),
            "cancelled" => Ok(MeetingOutcome::Cancelled { reason: s.reason }),
            other => Err(HydrateError::unexpected(
                "held, missed or cancelled",
                other.to_string(),
            )),
        }
    }
}

/// R2.4: the record of one occurrence of the metrics meeting, keyed by its ISO date.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct MeetingRecord {
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub date: NaiveDate,
    pub outcome: MeetingOutcome,
    /// R2.3: who facilitated; empty for none.
    pub facilitator_id: String,
    pub recorded_by: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub recorded_on: NaiveDate,
}

/// R2.3: a question raised in (or for) a metrics meeting, and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub by: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub asked_on: NaiveDate,
    /// The occurrence it was raised for or in.
    #[autosurgeon(with = "crate::domain::iso_date_opt", missing = "Default::default")]
    pub meeting: Option<NaiveDate>,
    /// Empty until answered.
    pub answer: String,
    pub answered_by: String,
    #[autosurgeon(with = "crate::domain::iso_date_opt", missing = "Default::default")]
    pub answered_on: Option<NaiveDate>,
}

impl Question {
    pub fn is_answered(&self) -> bool {
        !self.answer.is_empty()
    }
}

impl Objective {
    /// The order objectives are shown in everywhere: oldest first, then by title (ties by id, so
    /// every replica shows the same order).
    pub fn order_key(&self) -> (NaiveDate, &str, &str) {
        (self.created_on, &self.title, &self.id)
    }
}

/// The hydrated team-objectives document. See `docs::team_objectives` for the stored layout.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct TeamObjectives {
    pub meta: DocMeta,
    pub leader: Participant,
    pub created_by: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub created_on: NaiveDate,
    pub team_name: String,
    pub members: BTreeMap<String, Member>,
    pub priorities: BTreeMap<String, Priority>,
    pub objectives: BTreeMap<String, Objective>,
    pub kpis: BTreeMap<String, Kpi>,
    pub cadence: Option<Cadence>,
    /// Keyed by the occurrence's ISO date.
    #[autosurgeon(hydrate = "super::records::hydrate_map")]
    pub meetings: BTreeMap<String, MeetingRecord>,
    #[autosurgeon(hydrate = "super::records::hydrate_map")]
    pub questions: BTreeMap<String, Question>,
}

impl TeamObjectives {
    /// Display name of the leader or a member (also one who left).
    pub fn name_of(&self, person_id: &str) -> &str {
        if person_id == self.leader.id {
            &self.leader.name
        } else if let Some(m) = self.members.get(person_id) {
            &m.name
        } else {
            "someone else"
        }
    }

    /// Members still on the team, by name.
    pub fn active_members(&self) -> Vec<&Member> {
        let mut v: Vec<&Member> = self.members.values().filter(|m| m.is_active()).collect();
        v.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        v
    }

    /// The leader, or a member who has not left.
    pub fn is_active(&self, person_id: &str) -> bool {
        person_id == self.leader.id || self.members.get(person_id).is_some_and(|m| m.is_active())
    }

    /// The leader first, then the active members by name: the rotation order (R2.3).
    pub fn people_in_order(&self) -> Vec<(&str, &str)> {
        let mut v = vec![(self.leader.id.as_str(), self.leader.name.as_str())];
        v.extend(
            self.active_members()
                .into_iter()
                .map(|m| (m.id.as_str(), m.name.as_str())),
        );
        v
    }

    /// Priorities, oldest first (then by text).
    pub fn priorities_in_order(&self) -> Vec<&Priority> {
        let mut v: Vec<&Priority> = self.priorities.values().collect();
        v.sort_by(|a, b| (a.added_on, &a.text, &a.id).cmp(&(b.added_on, &b.text, &b.id)));
        v
    }

    /// Objectives, oldest first (then by title).
    pub fn objectives_in_order(&self) -> Vec<&Objective> {
        let mut v: Vec<&Objective> = self.objectives.values().collect();
        v.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        v
    }

    /// Objectives serving a priority.
    pub fn objectives_of(&self, priority_id: &str) -> Vec<&Objective> {
        self.objectives_in_order()
            .into_iter()
            .filter(|o| o.priority_id == priority_id)
            .collect()
    }

    /// The KPIs of an objective, by name.
    pub fn kpis_of(&self, objective_id: &str) -> Vec<&Kpi> {
        let mut v: Vec<&Kpi> = self
            .kpis
            .values()
            .filter(|k| k.objective_id == objective_id)
            .collect();
        v.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        v
    }

    /// The newest value of a KPI: latest date, then highest id.
    pub fn latest_value<'a>(&self, kpi: &'a Kpi) -> Option<&'a KpiValue> {
        kpi.values
            .values()
            .max_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)))
    }

    /// A KPI's values, oldest first.
    pub fn values_sorted<'a>(&self, kpi: &'a Kpi) -> Vec<&'a KpiValue> {
        let mut v: Vec<&KpiValue> = kpi.values.values().collect();
        v.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        v
    }

    /// Meeting records, oldest first.
    pub fn meetings_in_order(&self) -> Vec<&MeetingRecord> {
        let mut v: Vec<&MeetingRecord> = self.meetings.values().collect();
        v.sort_by_key(|m| m.date);
        v
    }

    /// The record of one occurrence.
    pub fn meeting_on(&self, date: NaiveDate) -> Option<&MeetingRecord> {
        self.meetings.get(&date.format("%Y-%m-%d").to_string())
    }

    /// Questions raised for or in one occurrence, oldest first.
    pub fn questions_for(&self, date: NaiveDate) -> Vec<&Question> {
        let mut v: Vec<&Question> = self
            .questions
            .values()
            .filter(|q| q.meeting == Some(date))
            .collect();
        v.sort_by(|a, b| (a.asked_on, &a.id).cmp(&(b.asked_on, &b.id)));
        v
    }

    /// Questions without an answer yet, oldest first.
    pub fn open_questions(&self) -> Vec<&Question> {
        let mut v: Vec<&Question> = self
            .questions
            .values()
            .filter(|q| !q.is_answered())
            .collect();
        v.sort_by(|a, b| (a.asked_on, &a.id).cmp(&(b.asked_on, &b.id)));
        v
    }
}

/// R2.1: what the objective form holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObjectiveDraft {
    pub title: String,
    /// Empty for none.
    pub priority_id: String,
    pub measure: String,
    pub unit: String,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub deadline: Option<NaiveDate>,
    pub specific_confirmed: bool,
    pub achievable_confirmed: bool,
}

impl ObjectiveDraft {
    /// The draft cleaned (spaces collapsed), or why it is refused: no title, a field too long
    /// or a number that is not finite. A draft missing SMART parts is accepted and flagged.
    pub fn validate(&self) -> Result<ObjectiveDraft, InputError> {
        let clean = ObjectiveDraft {
            title: line(&self.title),
            priority_id: self.priority_id.trim().to_string(),
            measure: line(&self.measure),
            unit: line(&self.unit),
            ..self.clone()
        };
        if clean.title.is_empty() {
            return Err(InputError::ObjectiveTitle);
        }
        too_long(&[&clean.title, &clean.measure, &clean.unit], MAX_LINE)?;
        for (v, what) in [(clean.baseline, "baseline"), (clean.target, "target")] {
            if v.is_some_and(|v| !v.is_finite()) {
                return Err(InputError::NotANumber(what));
            }
        }
        Ok(clean)
    }
}

/// R2.2: what the KPI form holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KpiDraft {
    pub objective_id: String,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub owner_id: String,
    pub in_control: Option<bool>,
}

impl KpiDraft {
    /// The draft cleaned, or why it is refused (R2.2: a KPI is measured, so it has a name, a
    /// unit, and a target that differs from its baseline). Who may own it is checked against
    /// the document.
    pub fn validate(&self) -> Result<KpiDraft, InputError> {
        let clean = KpiDraft {
            objective_id: self.objective_id.trim().to_string(),
            name: line(&self.name),
            unit: line(&self.unit),
            owner_id: self.owner_id.trim().to_string(),
            ..self.clone()
        };
        if clean.name.is_empty() {
            return Err(InputError::KpiName);
        }
        if clean.unit.is_empty() {
            return Err(InputError::KpiUnit);
        }
        too_long(&[&clean.name, &clean.unit], MAX_LINE)?;
        for (v, what) in [(clean.baseline, "baseline"), (clean.target, "target")] {
            if !v.is_finite() {
                return Err(InputError::NotANumber(what));
            }
        }
        if clean.baseline == clean.target {
            return Err(InputError::KpiFlat);
        }
        Ok(clean)
    }
}

pub(crate) fn line(s: &str) -> String {
    super::development::collapse_spaces(s)
}

pub(crate) fn too_long(fields: &[&str], max: usize) -> Result<(), InputError> {
    if fields.iter().any(|s| s.chars().count() > max) {
        return Err(InputError::TooLong { max });
    }
    Ok(())
}

/// Why a team-objectives form value is refused. Shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("Give the team a name.")]
    TeamName,
    #[error("The leader and each member need an id and a name, and each person can be on the team once.")]
    BadPeople,
    #[error("Write the priority as you were given it.")]
    PriorityText,
    #[error("Give the objective a title.")]
    ObjectiveTitle,
    #[error("Name the KPI.")]
    KpiName,
    #[error("A KPI needs a unit (for example \"days\" or \"% of tickets\"): it is measured, not judged.")]
    KpiUnit,
    #[error("The baseline and the target must differ: the target says which way is better.")]
    KpiFlat,
    #[error("The owner of a KPI must be the leader or someone on the team.")]
    KpiOwner,
    #[error("The {0} is not a number.")]
    NotANumber(&'static str),
    #[error("That date is in the future: record what already happened.")]
    FutureDate,
    #[error("Say how long the meeting lasted, from 1 to {MAX_MEETING_MINUTES} minutes.")]
    MeetingMinutes,
    #[error("Say why the meeting did not take place: the reason is kept with the record.")]
    MeetingReason,
    #[error("The facilitator must be the leader or someone on the team.")]
    Facilitator,
    #[error("\"{0}\" is not a time: write it as HH:MM, for example 09:15.")]
    BadTime(String),
    #[error("Choose a weekday.")]
    Weekday,
    #[error("Write the question first.")]
    QuestionText,
    #[error("Write the answer first.")]
    AnswerText,
    #[error("That is too long (at most {max} characters).")]
    TooLong { max: usize },
}

#[cfg(test)]
impl TeamObjectives {
    /// An empty team led by Lea (person id `lea`) since 1 October 2026, for tests.
    pub(crate) fn empty_for_tests(id: &str, team_name: &str) -> TeamObjectives {
        TeamObjectives {
            meta: super::DocMeta {
                id: id.into(),
                kind: super::DocKind::TeamObjectives,
                schema: 1,
            },
            leader: Participant::new("lea", "Lea"),
            created_by: "lea".into(),
            created_on: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            team_name: team_name.into(),
            members: BTreeMap::new(),
            priorities: BTreeMap::new(),
            objectives: BTreeMap::new(),
            kpis: BTreeMap::new(),
            cadence: None,
            meetings: BTreeMap::new(),
            questions: BTreeMap::new(),
        }
    }
}

// The three long collections of a team document (thousands of values, hundreds of meeting
// records and questions at five years) are read a record per pass (`super::records`): the
// whole document at 50 people × 5 years went from 120 to 18 ms natively (issue 11).

impl OnePass for KpiValue {
    fn read_one<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Option<Self> {
        kpi_value_of(doc, obj)
    }
}

impl OnePass for MeetingRecord {
    fn read_one<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Option<Self> {
        meeting_of(doc, obj)
    }
}

impl OnePass for Question {
    fn read_one<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Option<Self> {
        question_of(doc, obj)
    }
}

/// One KPI value as this release writes it; `None` for anything else.
pub(crate) fn kpi_value_of<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Option<KpiValue> {
    let r = Record::of(doc, obj);
    Some(KpiValue {
        id: r.string("id")?,
        date: r.date("date")?,
        value: r.float("value")?,
        by: r.string("by")?,
        note: r.string("note")?,
    })
}

/// One meeting record as this release writes it; `None` for anything else.
pub(crate) fn meeting_of<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Option<MeetingRecord> {
    let r = Record::of(doc, obj);
    // Stored as `StoredOutcome`.
    let o = Record::of(doc, &r.object("outcome")?);
    let minutes = o.count("minutes")?;
    let reason = o.string("reason")?;
    let outcome = match o.string("kind")?.as_str() {
        "held" => MeetingOutcome::Held { minutes },
        "missed" => MeetingOutcome::Missed { reason },
        "cancelled" => MeetingOutcome::Cancelled { reason },
        _ => return None,
    };
    Some(MeetingRecord {
        date: r.date("date")?,
        outcome,
        facilitator_id: r.string("facilitator_id")?,
        recorded_by: r.string("recorded_by")?,
        recorded_on: r.date("recorded_on")?,
    })
}

/// One question as this release writes it; `None` for anything else.
pub(crate) fn question_of<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Option<Question> {
    let r = Record::of(doc, obj);
    Some(Question {
        id: r.string("id")?,
        text: r.string("text")?,
        by: r.string("by")?,
        asked_on: r.date("asked_on")?,
        meeting: r.date_opt("meeting")?,
        answer: r.string("answer")?,
        answered_by: r.string("answered_by")?,
        answered_on: r.date_opt("answered_on")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn r2_3_cadence_labels_time_boxes_and_times() {
        let at = parse_time("9:15").unwrap();
        let daily = Cadence::daily(at, d("2026-11-02"));
        assert_eq!(daily.time, "09:15");
        assert_eq!(daily.label(), "Daily huddle, 09:15");
        assert_eq!(daily.time_box_minutes(), 15);
        let weekly = Cadence::weekly(Weekday::Mon, parse_time("10:00").unwrap(), d("2026-11-02"));
        assert_eq!(weekly.label(), "Weekly on Monday, 10:00");
        assert_eq!(weekly.time_box_minutes(), 40);
        assert_eq!(
            parse_time("10:00:00").unwrap(),
            parse_time("10:00").unwrap()
        );
        assert_eq!(
            parse_time("25:00"),
            Err(InputError::BadTime("25:00".into()))
        );
        assert!(Cadence {
            weekday: 7,
            ..weekly.clone()
        }
        .validate()
        .is_err());
        assert!(Cadence {
            time: "noon".into(),
            ..weekly.clone()
        }
        .validate()
        .is_err());
        assert!(weekly.validate().is_ok());
    }

    #[test]
    fn r2_2_kpi_drafts_need_a_name_a_unit_and_a_direction() {
        let ok = KpiDraft {
            objective_id: "o".into(),
            name: " Onboarding  time ".into(),
            unit: "days".into(),
            baseline: 20.0,
            target: 10.0,
            owner_id: "m".into(),
            in_control: Some(true),
        };
        assert_eq!(ok.validate().unwrap().name, "Onboarding time");
        let no_unit = KpiDraft {
            unit: " ".into(),
            ..ok.clone()
        };
        assert_eq!(no_unit.validate(), Err(InputError::KpiUnit));
        let flat = KpiDraft {
            target: 20.0,
            ..ok.clone()
        };
        assert_eq!(flat.validate(), Err(InputError::KpiFlat));
        let nan = KpiDraft {
            baseline: f64::NAN,
            ..ok.clone()
        };
        assert_eq!(nan.validate(), Err(InputError::NotANumber("baseline")));
        let unnamed = KpiDraft {
            name: "".into(),
            ..ok
        };
        assert_eq!(unnamed.validate(), Err(InputError::KpiName));
    }

    #[test]
    fn r2_1_objective_drafts_need_only_a_title() {
        let draft = ObjectiveDraft {
            title: "  Cut   onboarding time ".into(),
            ..ObjectiveDraft::default()
        };
        assert_eq!(draft.validate().unwrap().title, "Cut onboarding time");
        assert_eq!(
            ObjectiveDraft::default().validate(),
            Err(InputError::ObjectiveTitle)
        );
        let inf = ObjectiveDraft {
            target: Some(f64::INFINITY),
            ..draft
        };
        assert_eq!(inf.validate(), Err(InputError::NotANumber("target")));
    }
}
