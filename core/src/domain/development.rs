//! Individual development plans (Goal 5): the plain types stored in a `development-plan`
//! document and the validation of what people type into its forms.
//!
//! Career goals live here and only here: nothing in this module refers to performance metrics
//! (R5.2), and a goal need not be about advancement in the current organisation (R5.1).
//!
//! Validation returns `Err` for what is refused and a list of [`Finding`]s with
//! [`Severity::Flag`] for what is allowed but worth a second look (a target date already
//! passed, a "5-year" goal due next spring …).

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile, Text};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::finding::{Finding, Severity};
use super::shared::{DocMeta, Pair};
pub use super::shared::{Participant, Side};

/// The three planning horizons of R5.1.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Hydrate,
    Reconcile,
    Serialize,
    Deserialize,
)]
pub enum Horizon {
    OneYear,
    ThreeYears,
    FiveYears,
}

impl Horizon {
    pub const ALL: [Horizon; 3] = [Horizon::OneYear, Horizon::ThreeYears, Horizon::FiveYears];

    pub fn label(self) -> &'static str {
        match self {
            Horizon::OneYear => "1 year",
            Horizon::ThreeYears => "3 years",
            Horizon::FiveYears => "5 years",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Horizon::OneYear => "1y",
            Horizon::ThreeYears => "3y",
            Horizon::FiveYears => "5y",
        }
    }

    pub fn from_key(key: &str) -> Option<Horizon> {
        Horizon::ALL.into_iter().find(|h| h.slug() == key)
    }

    /// Target dates that fit the horizon, in months from today. Outside this window a new
    /// target date is flagged (not refused: people plan loosely, and that is fine), e.g. a
    /// "5-year" goal due in less than two years is really a shorter goal.
    pub fn plausible_months(self) -> std::ops::RangeInclusive<u32> {
        match self {
            Horizon::OneYear => 0..=18,
            Horizon::ThreeYears => 12..=48,
            Horizon::FiveYears => 24..=84,
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Hydrate, Reconcile, Serialize, Deserialize,
)]
pub enum GoalStatus {
    #[default]
    Active,
    Achieved,
    Dropped,
}

impl GoalStatus {
    pub const ALL: [GoalStatus; 3] = [
        GoalStatus::Active,
        GoalStatus::Achieved,
        GoalStatus::Dropped,
    ];

    pub fn label(self) -> &'static str {
        match self {
            GoalStatus::Active => "Active",
            GoalStatus::Achieved => "Achieved",
            GoalStatus::Dropped => "Dropped",
        }
    }
}

/// R5.3: the employee's answer to "are you interested in promotion / leadership?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Hydrate, Reconcile, Serialize, Deserialize)]
pub enum Interest {
    Yes,
    No,
    NotNow,
}

impl Interest {
    pub const ALL: [Interest; 3] = [Interest::Yes, Interest::No, Interest::NotNow];

    pub fn label(self) -> &'static str {
        match self {
            Interest::Yes => "Yes",
            Interest::No => "No",
            Interest::NotNow => "Not now",
        }
    }
}

/// The leader's view of when the employee could step into a bigger role (bench strength, R5.3).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Hydrate, Reconcile, Serialize, Deserialize,
)]
pub enum Readiness {
    #[default]
    NotAssessed,
    ReadyNow,
    OneToTwoYears,
    ThreeYearsPlus,
}

impl Readiness {
    pub const ALL: [Readiness; 4] = [
        Readiness::ReadyNow,
        Readiness::OneToTwoYears,
        Readiness::ThreeYearsPlus,
        Readiness::NotAssessed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Readiness::NotAssessed => "Not assessed",
            Readiness::ReadyNow => "Ready now",
            Readiness::OneToTwoYears => "Ready in 1–2 years",
            Readiness::ThreeYearsPlus => "Ready in 3+ years",
        }
    }

    /// Sort order for the bench view: soonest ready first, not assessed last.
    pub fn rank(self) -> u8 {
        match self {
            Readiness::ReadyNow => 0,
            Readiness::OneToTwoYears => 1,
            Readiness::ThreeYearsPlus => 2,
            Readiness::NotAssessed => 3,
        }
    }
}

/// R5.4: a short check inside a 1:1, or the six-monthly in-depth discussion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Hydrate, Reconcile, Serialize, Deserialize)]
pub enum DiscussionKind {
    Check,
    InDepth,
}

impl DiscussionKind {
    pub fn label(self) -> &'static str {
        match self {
            DiscussionKind::Check => "IDP check (1:1)",
            DiscussionKind::InDepth => "In-depth IDP discussion",
        }
    }
}

/// A step towards a goal.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct GoalAction {
    pub id: String,
    pub text: String,
    #[autosurgeon(with = "crate::domain::iso_date_opt", missing = "Default::default")]
    pub due: Option<NaiveDate>,
    #[autosurgeon(with = "crate::domain::iso_date_opt", missing = "Default::default")]
    pub done_on: Option<NaiveDate>,
    /// Person id of whoever added it.
    pub added_by: String,
}

impl GoalAction {
    pub fn is_done(&self) -> bool {
        self.done_on.is_some()
    }
}

/// A 1-, 3- or 5-year development goal (R5.1).
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Goal {
    pub id: String,
    pub horizon: Horizon,
    pub title: String,
    /// Prose both sides may edit: a Text object so concurrent edits merge character-wise.
    #[serde(with = "crate::domain::text_serde")]
    pub description: Text,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub target_date: NaiveDate,
    pub status: GoalStatus,
    pub actions: BTreeMap<String, GoalAction>,
    /// Person id of whoever added it (the plan is employee-led, but a leader may suggest).
    pub added_by: String,
    /// R5.1: goals need not concern advancement here; `false` marks a goal outside the
    /// current organisation (a degree, a move, a craft) so nobody reads it as a promotion ask.
    pub within_organisation: bool,
    /// Day of the last edit of this goal or its actions (feeds IDP freshness, R6.1).
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub updated_on: NaiveDate,
}

impl Goal {
    pub fn is_active(&self) -> bool {
        self.status == GoalStatus::Active
    }

    /// Open actions, soonest due first (undated last), then by text.
    pub fn open_actions(&self) -> Vec<&GoalAction> {
        let mut v: Vec<&GoalAction> = self.actions.values().filter(|a| !a.is_done()).collect();
        v.sort_by(|a, b| (a.due.is_none(), a.due, &a.text).cmp(&(b.due.is_none(), b.due, &b.text)));
        v
    }
}

/// A comment on the plan by either side.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Comment {
    pub id: String,
    /// Person id of the author.
    pub by: String,
    /// Milliseconds since the Unix epoch.
    pub at_ms: i64,
    pub text: String,
}

/// One entry of the log of IDP discussions (R5.4).
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct Discussion {
    pub id: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub date: NaiveDate,
    pub kind: DiscussionKind,
    /// For a check held in a 1:1 (R3.4): the id of that meeting in the 1:1 series document,
    /// so each side can link to the other.
    #[autosurgeon(missing = "Default::default")]
    pub one_on_one_id: Option<String>,
    /// What was discussed; both may add to it afterwards, so it is Text.
    #[serde(with = "crate::domain::text_serde")]
    pub notes: Text,
    /// Person id of whoever recorded it.
    pub by: String,
}

/// R5.3: the employee's stated interest. `None` = not answered yet.
#[derive(
    Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile, serde::Serialize, serde::Deserialize,
)]
pub struct Aspiration {
    #[autosurgeon(missing = "Default::default")]
    pub promotion: Option<Interest>,
    #[autosurgeon(missing = "Default::default")]
    pub leadership: Option<Interest>,
    #[autosurgeon(with = "crate::domain::iso_date_opt", missing = "Default::default")]
    pub updated_on: Option<NaiveDate>,
}

/// The leader's assessment for the bench-strength view (R5.3). Written only by the leader.
#[derive(
    Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile, serde::Serialize, serde::Deserialize,
)]
pub struct BenchAssessment {
    /// The employee's current role, so the bench can say which roles need backfilling.
    pub role_title: String,
    pub readiness: Readiness,
    /// Roles the employee could step into (normalised: trimmed, no duplicates).
    pub successor_for: Vec<String>,
    /// Whether the employee's current role would need backfilling (they are likely to move).
    pub backfill_needed: bool,
    #[autosurgeon(with = "crate::domain::iso_date_opt", missing = "Default::default")]
    pub assessed_on: Option<NaiveDate>,
}

pub const MAX_TITLE: usize = 120;
pub const MAX_PROSE: usize = 20_000;
pub const MAX_ACTION: usize = 300;
pub const MAX_COMMENT: usize = 2_000;
pub const MAX_ROLE: usize = 80;
pub const MAX_ROLES: usize = 10;

/// What is refused in a development-plan form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("Give the goal a title.")]
    MissingTitle,
    #[error("A title can be at most {MAX_TITLE} characters.")]
    TitleTooLong,
    #[error("This text can be at most {max} characters.")]
    TooLong { max: usize },
    #[error("Choose a target date for the goal.")]
    MissingTargetDate,
    #[error("\"{0}\" is not a date. Use the date picker or write it as YYYY-MM-DD.")]
    BadDate(String),
    #[error("{0} is not a plausible date. Check the year.")]
    ImplausibleDate(NaiveDate),
    #[error("Describe the action.")]
    MissingActionText,
    #[error("Write something before posting the comment.")]
    EmptyComment,
    #[error("A discussion cannot be recorded for a future day ({0}).")]
    FutureDiscussion(NaiveDate),
    #[error("A role name can be at most {MAX_ROLE} characters.")]
    RoleTooLong,
    #[error("List at most {MAX_ROLES} roles.")]
    TooManyRoles,
    #[error("\"{0}\" is the person's current role; list the roles they could step into.")]
    OwnRoleAsSuccession(String),
    #[error("Employee and leader must be two different people with names.")]
    BadParticipants,
}

/// Parses an optional `YYYY-MM-DD` date as typed in a form, refusing implausible years.
pub fn parse_date(raw: &str) -> Result<Option<NaiveDate>, InputError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let d = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| InputError::BadDate(raw.to_string()))?;
    let lo = NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid");
    let hi = NaiveDate::from_ymd_opt(2200, 12, 31).expect("valid");
    if d < lo || d > hi {
        return Err(InputError::ImplausibleDate(d));
    }
    Ok(Some(d))
}

/// Trims and collapses inner whitespace (titles, role names).
pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn flag(rule: &'static str, message: String) -> Finding {
    Finding {
        rule,
        severity: Severity::Flag,
        message,
    }
}

/// Whole months from `from` to `to` (0 if `to` is not after `from`), counting a month only
/// once its day is reached (Jan 31 -> Feb 28 is 0 months; chrono clamps month ends).
pub fn whole_months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    use chrono::Datelike;
    if to <= from {
        return 0;
    }
    let span = (to.year() * 12 + to.month0() as i32) - (from.year() * 12 + from.month0() as i32);
    let span = span.max(0) as u32;
    // The calendar span overcounts by one when the day of month is not reached yet.
    match from.checked_add_months(Months::new(span)) {
        Some(d) if d <= to => span,
        _ => span.saturating_sub(1),
    }
}

/// The goal form, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalDraft {
    pub horizon: Horizon,
    pub title: String,
    pub description: String,
    /// Raw text of the date input (`YYYY-MM-DD`).
    pub target_date: String,
    pub within_organisation: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidGoal {
    pub horizon: Horizon,
    pub title: String,
    pub description: String,
    pub target_date: NaiveDate,
    pub within_organisation: bool,
}

impl GoalDraft {
    /// Refuses an empty or overlong title, a missing or malformed date; flags (R5.1) a target
    /// date already passed or one that does not fit the horizon.
    pub fn validate(&self, today: NaiveDate) -> Result<(ValidGoal, Vec<Finding>), InputError> {
        let title = collapse_spaces(&self.title);
        if title.is_empty() {
            return Err(InputError::MissingTitle);
        }
        if title.chars().count() > MAX_TITLE {
            return Err(InputError::TitleTooLong);
        }
        if self.description.chars().count() > MAX_PROSE {
            return Err(InputError::TooLong { max: MAX_PROSE });
        }
        let target_date = parse_date(&self.target_date)?.ok_or(InputError::MissingTargetDate)?;
        let valid = ValidGoal {
            horizon: self.horizon,
            title,
            description: self.description.clone(),
            target_date,
            within_organisation: self.within_organisation,
        };
        let flags = target_flags(valid.horizon, valid.target_date, today);
        Ok((valid, flags))
    }
}

/// R5.1 flags on a target date chosen today for a goal of `horizon`.
pub fn target_flags(horizon: Horizon, target: NaiveDate, today: NaiveDate) -> Vec<Finding> {
    if target < today {
        return vec![flag(
            "R5.1",
            format!("The target date {target} has already passed. Pick a date ahead, or record the goal as achieved."),
        )];
    }
    let months = whole_months_between(today, target);
    let fits = horizon.plausible_months();
    if months < *fits.start() {
        vec![flag(
            "R5.1",
            format!(
                "A {} goal due in {months} months is a shorter-term goal; consider a shorter horizon or a later date.",
                horizon.label()
            ),
        )]
    } else if months > *fits.end() {
        vec![flag(
            "R5.1",
            format!(
                "A {} goal due in {months} months reaches beyond its horizon; consider a longer horizon or an earlier date.",
                horizon.label()
            ),
        )]
    } else {
        vec![]
    }
}

/// The action form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoalActionDraft {
    pub text: String,
    /// Raw text of the optional due-date input.
    pub due: String,
}

impl GoalActionDraft {
    /// Refuses an empty or overlong text and a malformed date; flags a due date already
    /// passed or after the goal's own target date.
    pub fn validate(
        &self,
        goal_target: NaiveDate,
        today: NaiveDate,
    ) -> Result<(String, Option<NaiveDate>, Vec<Finding>), InputError> {
        let text = collapse_spaces(&self.text);
        if text.is_empty() {
            return Err(InputError::MissingActionText);
        }
        if text.chars().count() > MAX_ACTION {
            return Err(InputError::TooLong { max: MAX_ACTION });
        }
        let due = parse_date(&self.due)?;
        let mut flags = vec![];
        if let Some(d) = due {
            if d < today {
                flags.push(flag(
                    "R5.1",
                    format!("The due date {d} has already passed."),
                ));
            }
            if d > goal_target {
                flags.push(flag(
                    "R5.1",
                    format!("The action is due {d}, after the goal's target date {goal_target}."),
                ));
            }
        }
        Ok((text, due, flags))
    }
}

/// The form that records a discussion (R5.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscussionDraft {
    pub date: NaiveDate,
    pub kind: DiscussionKind,
    pub one_on_one_id: Option<String>,
    pub notes: String,
}

impl DiscussionDraft {
    pub fn validate(&self, today: NaiveDate) -> Result<(), InputError> {
        if self.date > today {
            return Err(InputError::FutureDiscussion(self.date));
        }
        if self.notes.chars().count() > MAX_PROSE {
            return Err(InputError::TooLong { max: MAX_PROSE });
        }
        Ok(())
    }
}

/// The leader's bench form (R5.3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BenchDraft {
    pub role_title: String,
    pub readiness: Readiness,
    pub successor_for: Vec<String>,
    pub backfill_needed: bool,
}

impl BenchDraft {
    /// Normalises role names (collapsed spaces, empty entries dropped, duplicates removed
    /// ignoring case, first spelling kept) and refuses the current role as a succession target.
    pub fn validate(&self) -> Result<(String, Vec<String>), InputError> {
        let role = collapse_spaces(&self.role_title);
        if role.chars().count() > MAX_ROLE {
            return Err(InputError::RoleTooLong);
        }
        let mut roles: Vec<String> = Vec::new();
        for r in &self.successor_for {
            let r = collapse_spaces(r);
            if r.is_empty() || roles.iter().any(|x| same_role(x, &r)) {
                continue;
            }
            if r.chars().count() > MAX_ROLE {
                return Err(InputError::RoleTooLong);
            }
            if !role.is_empty() && same_role(&r, &role) {
                return Err(InputError::OwnRoleAsSuccession(r));
            }
            roles.push(r);
        }
        if roles.len() > MAX_ROLES {
            return Err(InputError::TooManyRoles);
        }
        Ok((role, roles))
    }
}

/// Side names match ignoring case and spacing ("Tech  lead" is "tech lead").
pub fn same_role(a: &str, b: &str) -> bool {
    role_key(a) == role_key(b)
}

/// The normalised form used to match role names.
pub fn role_key(role: &str) -> String {
    collapse_spaces(role).to_lowercase()
}

/// The hydrated development plan. Everything in it is shared between the two participants;
/// nobody's private notes are ever stored here (R5.3, R7.2).
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct DevelopmentPlan {
    pub meta: DocMeta,
    pub employee: Participant,
    pub leader: Participant,
    /// Person id of whoever created the document.
    pub created_by: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub created_on: NaiveDate,
    pub goals: BTreeMap<String, Goal>,
    /// R5.3: the employee's personal priorities, free prose.
    #[serde(with = "crate::domain::text_serde")]
    pub priorities: Text,
    #[autosurgeon(with = "crate::domain::iso_date_opt", missing = "Default::default")]
    pub priorities_updated_on: Option<NaiveDate>,
    pub aspiration: Aspiration,
    pub bench: BenchAssessment,
    pub comments: BTreeMap<String, Comment>,
    pub discussions: BTreeMap<String, Discussion>,
}

impl DevelopmentPlan {
    /// Goals of one horizon: active first, then by target date and title.
    pub fn goals_in(&self, horizon: Horizon) -> Vec<&Goal> {
        let mut v: Vec<&Goal> = self
            .goals
            .values()
            .filter(|g| g.horizon == horizon)
            .collect();
        v.sort_by(|a, b| {
            (!a.is_active(), a.target_date, &a.title).cmp(&(
                !b.is_active(),
                b.target_date,
                &b.title,
            ))
        });
        v
    }

    /// Number of active goals per horizon, in [`Horizon::ALL`] order.
    pub fn active_goal_counts(&self) -> [usize; 3] {
        Horizon::ALL.map(|h| {
            self.goals
                .values()
                .filter(|g| g.horizon == h && g.is_active())
                .count()
        })
    }

    /// The discussion log, newest first.
    pub fn discussions_newest_first(&self) -> Vec<&Discussion> {
        let mut v: Vec<&Discussion> = self.discussions.values().collect();
        v.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
        v
    }

    /// Comments in the order they were written.
    pub fn comments_in_order(&self) -> Vec<&Comment> {
        let mut v: Vec<&Comment> = self.comments.values().collect();
        v.sort_by(|a, b| a.at_ms.cmp(&b.at_ms).then_with(|| a.id.cmp(&b.id)));
        v
    }

    /// Date of the latest discussion of `kind`, if any.
    pub fn last_discussion(&self, kind: DiscussionKind) -> Option<NaiveDate> {
        self.discussions
            .values()
            .filter(|d| d.kind == kind)
            .map(|d| d.date)
            .max()
    }
}

impl Pair for DevelopmentPlan {
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

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn goal(h: Horizon, title: &str, target: &str) -> GoalDraft {
        GoalDraft {
            horizon: h,
            title: title.into(),
            description: String::new(),
            target_date: target.into(),
            within_organisation: true,
        }
    }

    #[test]
    fn goal_refusals() {
        let t = d("2026-11-25");
        assert_eq!(
            goal(Horizon::OneYear, "  ", "2027-06-01").validate(t),
            Err(InputError::MissingTitle)
        );
        assert_eq!(
            goal(Horizon::OneYear, &"x".repeat(121), "2027-06-01").validate(t),
            Err(InputError::TitleTooLong)
        );
        assert_eq!(
            goal(Horizon::OneYear, "Talk", "").validate(t),
            Err(InputError::MissingTargetDate)
        );
        assert!(matches!(
            goal(Horizon::OneYear, "Talk", "2027-02-30").validate(t),
            Err(InputError::BadDate(_))
        ));
        assert!(matches!(
            goal(Horizon::OneYear, "Talk", "9999-01-01").validate(t),
            Err(InputError::ImplausibleDate(_))
        ));
    }

    #[test]
    fn goal_flags_past_and_horizon_mismatch_r5_1() {
        let t = d("2026-11-25");
        let (v, f) = goal(Horizon::OneYear, "  Give a   talk ", "2027-06-01")
            .validate(t)
            .unwrap();
        assert_eq!(v.title, "Give a talk");
        assert!(f.is_empty());
        // In the past: flagged, not refused.
        let (_, f) = goal(Horizon::OneYear, "Talk", "2026-01-01")
            .validate(t)
            .unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "R5.1");
        assert_eq!(f[0].severity, Severity::Flag);
        assert!(f[0].message.contains("already passed"));
        // A 5-year goal less than two years out is flagged; 2 years exactly is fine.
        let (_, f) = goal(Horizon::FiveYears, "Lead", "2028-06-01")
            .validate(t)
            .unwrap();
        assert!(f[0].message.contains("shorter"), "{f:?}");
        assert!(goal(Horizon::FiveYears, "Lead", "2028-11-25")
            .validate(t)
            .unwrap()
            .1
            .is_empty());
        // A 1-year goal three years out is flagged the other way.
        let (_, f) = goal(Horizon::OneYear, "Talk", "2029-11-25")
            .validate(t)
            .unwrap();
        assert!(f[0].message.contains("beyond"), "{f:?}");
    }

    #[test]
    fn whole_months_clamp_at_month_end() {
        assert_eq!(whole_months_between(d("2026-01-31"), d("2026-02-28")), 1);
        assert_eq!(whole_months_between(d("2026-01-31"), d("2026-02-27")), 0);
        assert_eq!(whole_months_between(d("2026-03-15"), d("2026-09-15")), 6);
        assert_eq!(whole_months_between(d("2026-03-15"), d("2026-09-14")), 5);
        assert_eq!(whole_months_between(d("2026-03-15"), d("2025-09-14")), 0);
    }

    #[test]
    fn action_validation() {
        let t = d("2026-11-25");
        let target = d("2027-06-01");
        let a = GoalActionDraft {
            text: " ".into(),
            due: String::new(),
        };
        assert_eq!(a.validate(target, t), Err(InputError::MissingActionText));
        let a = GoalActionDraft {
            text: "Book the course".into(),
            due: String::new(),
        };
        assert_eq!(
            a.validate(target, t),
            Ok(("Book the course".into(), None, vec![]))
        );
        let a = GoalActionDraft {
            text: "Late".into(),
            due: "2027-07-01".into(),
        };
        let (_, _, f) = a.validate(target, t).unwrap();
        assert!(f[0].message.contains("after the goal's target date"));
    }

    #[test]
    fn bench_draft_normalises_roles() {
        let b = BenchDraft {
            role_title: " Senior  engineer ".into(),
            readiness: Readiness::ReadyNow,
            successor_for: vec![
                "Tech lead".into(),
                "tech  LEAD".into(),
                "  ".into(),
                "Manager".into(),
            ],
            backfill_needed: true,
        };
        assert_eq!(
            b.validate(),
            Ok((
                "Senior engineer".into(),
                vec!["Tech lead".into(), "Manager".into()]
            ))
        );
        let own = BenchDraft {
            successor_for: vec!["senior engineer".into()],
            ..b.clone()
        };
        assert!(matches!(
            own.validate(),
            Err(InputError::OwnRoleAsSuccession(_))
        ));
        let many = BenchDraft {
            successor_for: (0..11).map(|i| format!("Role {i}")).collect(),
            ..b
        };
        assert_eq!(many.validate(), Err(InputError::TooManyRoles));
    }

    #[test]
    fn discussion_cannot_be_in_the_future() {
        let t = d("2026-11-25");
        let mut x = DiscussionDraft {
            date: t,
            kind: DiscussionKind::InDepth,
            one_on_one_id: None,
            notes: String::new(),
        };
        assert_eq!(x.validate(t), Ok(()));
        x.date = d("2026-11-26");
        assert_eq!(x.validate(t), Err(InputError::FutureDiscussion(x.date)));
    }

    #[test]
    fn horizon_keys_round_trip() {
        for h in Horizon::ALL {
            assert_eq!(Horizon::from_key(h.slug()), Some(h));
        }
    }
}
