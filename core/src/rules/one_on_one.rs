//! Rules for one-to-ones (Goal 3), as findings computed from hydrated state.
//!
//! Refusals (R3.2 leader proposing, R3.5 action without owner or due date) are also enforced
//! by the commands in `crate::docs::one_on_one`; the UI can call the same functions while a
//! form is being filled so the message shows before the user presses the button.

use chrono::NaiveDate;

use super::Finding;
use crate::domain::one_on_one::OneOnOne;
use crate::domain::one_on_one::{ActionDraft, Meeting, MeetingStatus, Section, Side};
use crate::measures::one_on_one as measures;

/// R3.3: the article's 1:1 length, in minutes.
pub const LENGTH_MINUTES: std::ops::RangeInclusive<u32> = 30..=50;
pub use crate::domain::one_on_one::CADENCE_DAYS;
/// R3.6: below this share of two-week periods with a held 1:1, adherence is flagged.
pub const ADHERENCE_FLAG_BELOW: f64 = 0.8;
/// R3.6: adherence is only judged once this many two-week periods have been counted, so a
/// new series is not flagged for one slow start.
pub const ADHERENCE_MIN_PERIODS: u32 = 3;
/// R3.7: how many recent held 1:1s without employee topics or development update make a
/// series stale.
pub const STALE_MEETINGS: usize = 3;

/// R3.2: the employee leads the 1:1 and proposes its date and time.
pub fn proposer(role: Side) -> Result<(), Finding> {
    match role {
        Side::Employee => Ok(()),
        Side::Leader => Err(Finding::refuse(
            "R3.2",
            "1:1s are employee-led: your direct report proposes the date and time. \
             You can add topics to the agenda.",
        )),
    }
}

/// An action that passed R3.5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAction {
    pub text: String,
    pub owner: Side,
    pub due: NaiveDate,
}

/// R3.5: a follow-up action needs a text, an owner and an agreed due date. Returns every
/// refusal at once so the form can mark each missing field.
pub fn validate_action(draft: &ActionDraft) -> Result<ValidAction, Vec<Finding>> {
    let mut refusals = Vec::new();
    let text = draft.text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        refusals.push(Finding::refuse("R3.5", "Describe the action."));
    }
    if draft.owner.is_none() {
        refusals.push(Finding::refuse(
            "R3.5",
            "Choose who owns this action: the employee or the leader.",
        ));
    }
    if draft.due.is_none() {
        refusals.push(Finding::refuse(
            "R3.5",
            "Agree on a due date for this action.",
        ));
    }
    match (draft.owner, draft.due) {
        (Some(owner), Some(due)) if refusals.is_empty() => Ok(ValidAction { text, owner, due }),
        _ => Err(refusals),
    }
}

/// Whether a length was planned or actually recorded (the message differs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthKind {
    Planned,
    Recorded,
}

/// R3.3: flags a planned or recorded 1:1 length outside 30–50 minutes.
pub fn length(minutes: u32, kind: LengthKind) -> Option<Finding> {
    if LENGTH_MINUTES.contains(&minutes) {
        return None;
    }
    let what = match kind {
        LengthKind::Planned => "is planned for",
        LengthKind::Recorded => "lasted",
    };
    let advice = if minutes < *LENGTH_MINUTES.start() {
        "too short to cover connection, metrics, feedback and development"
    } else {
        "long enough to tire both of you; keep it focused"
    };
    Some(Finding::flag(
        "R3.3",
        format!("This 1:1 {what} {minutes} minutes: a 1:1 takes 30–50 minutes ({advice})."),
    ))
}

/// Findings about one 1:1: its length (R3.3).
pub fn meeting_findings(m: &Meeting) -> Vec<Finding> {
    let f = match &m.status {
        MeetingStatus::Planned => length(m.planned_minutes, LengthKind::Planned),
        MeetingStatus::Held { actual_minutes } => length(*actual_minutes, LengthKind::Recorded),
        MeetingStatus::Missed { .. } => None,
    };
    f.into_iter().collect()
}

/// R3.6: flags a series whose last held 1:1 (or whose start, if none was held) is more than
/// two weeks ago, and a series whose adherence is low.
pub fn cadence(series: &OneOnOne, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    let last_held = series
        .held_meetings()
        .into_iter()
        .map(|m| m.date())
        .filter(|d| *d <= today)
        .max();
    let since = last_held.unwrap_or_else(|| measures::series_start(series));
    let days = (today - since).num_days();
    if days > CADENCE_DAYS {
        let message = match last_held {
            Some(d) => format!(
                "The last 1:1 was held on {d}, {days} days ago: 1:1s happen every two weeks."
            ),
            None => format!(
                "No 1:1 has been held since the series started {days} days ago: \
                 1:1s happen every two weeks."
            ),
        };
        out.push(Finding::flag("R3.6", message));
    }
    let a = measures::adherence(series, today);
    if a.periods >= ADHERENCE_MIN_PERIODS {
        if let Some(r) = a.ratio() {
            if r < ADHERENCE_FLAG_BELOW {
                out.push(Finding::flag(
                    "R3.6",
                    format!(
                        "1:1s were held in {} of {} two-week periods ({}).",
                        a.periods_with_held,
                        a.periods,
                        a.percent_label()
                    ),
                ));
            }
        }
    }
    out
}

/// R3.7: flags a stale series: the last [`STALE_MEETINGS`] held 1:1s had no topic added by the
/// employee, or no update to the development section or the plan check.
pub fn stale(series: &OneOnOne) -> Vec<Finding> {
    let held = series.held_meetings();
    if held.len() < STALE_MEETINGS {
        return Vec::new();
    }
    let recent = &held[held.len() - STALE_MEETINGS..];
    let mut out = Vec::new();
    let employee = &series.employee;
    let employee_topics = recent
        .iter()
        .any(|m| m.topics.values().any(|t| t.added_by == employee.id));
    if !employee_topics {
        out.push(Finding::flag(
            "R3.7",
            format!(
                "{} has not added a topic to the last {STALE_MEETINGS} 1:1s: \
                 the 1:1 is theirs, invite them to set the agenda.",
                employee.name
            ),
        ));
    }
    let development = recent.iter().any(|m| {
        !m.text(Section::Development).trim().is_empty()
            || !m.text(Section::IdpCheck).trim().is_empty()
    });
    if !development {
        out.push(Finding::flag(
            "R3.7",
            format!(
                "Goals and development have not been discussed in the last {STALE_MEETINGS} 1:1s: \
                 check the development plan next time."
            ),
        ));
    }
    out
}

/// Everything the series view and the dashboard flag about a series (R3.6, R3.7). Per-meeting
/// findings come from [`meeting_findings`].
pub fn series_findings(series: &OneOnOne, today: NaiveDate) -> Vec<Finding> {
    let mut out = cadence(series, today);
    out.extend(stale(series));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::one_on_one::tests::{d, dt, fixture};
    use crate::docs::one_on_one::{self as doc};
    use crate::rules::Severity;

    #[test]
    fn r3_2_only_the_employee_proposes() {
        assert!(proposer(Side::Employee).is_ok());
        let f = proposer(Side::Leader).unwrap_err();
        assert_eq!((f.rule, f.severity), ("R3.2", Severity::Refuse));
        assert!(f.message.contains("employee-led"));
    }

    #[test]
    fn r3_5_owner_and_due_date_are_required() {
        let mut draft = ActionDraft {
            meeting_id: "m".into(),
            text: "  Book   the course ".into(),
            owner: None,
            due: None,
        };
        let refusals = validate_action(&draft).unwrap_err();
        assert_eq!(refusals.len(), 2);
        assert!(refusals.iter().all(|f| f.rule == "R3.5" && f.is_refusal()));
        assert!(refusals[0].message.contains("owns"));
        assert!(refusals[1].message.contains("due date"));
        draft.owner = Some(Side::Employee);
        assert_eq!(validate_action(&draft).unwrap_err().len(), 1);
        draft.due = Some(d("2026-12-10"));
        let v = validate_action(&draft).unwrap();
        assert_eq!(v.text, "Book the course");
        draft.text = "   ".into();
        assert_eq!(
            validate_action(&draft).unwrap_err()[0].message,
            "Describe the action."
        );
    }

    #[test]
    fn r3_3_length_outside_30_to_50_is_flagged() {
        assert_eq!(length(30, LengthKind::Planned), None);
        assert_eq!(length(50, LengthKind::Recorded), None);
        let short = length(20, LengthKind::Planned).unwrap();
        assert_eq!((short.rule, short.severity), ("R3.3", Severity::Flag));
        assert!(short.message.contains("planned for 20 minutes"));
        let long = length(75, LengthKind::Recorded).unwrap();
        assert!(long.message.contains("lasted 75 minutes"));
    }

    #[test]
    fn r3_3_meeting_findings_follow_the_status() {
        let (mut s, l, e) = fixture();
        let m = doc::propose_meeting(&mut s, &e.id, dt("2026-12-03T10:00"), 25, 1).unwrap();
        let one = doc::load(&s).unwrap();
        assert_eq!(meeting_findings(&one.meetings[&m]).len(), 1);
        doc::record_held(&mut s, &l.id, &m, 45, 2).unwrap();
        assert!(meeting_findings(&doc::load(&s).unwrap().meetings[&m]).is_empty());
        doc::record_missed(&mut s, &l.id, &m, "Sick", 3).unwrap();
        assert!(meeting_findings(&doc::load(&s).unwrap().meetings[&m]).is_empty());
    }

    /// A series with a held 1:1 every two weeks from `first`, `n` times; `employee_topic` and
    /// `development` say whether each 1:1 got an employee topic and a development note.
    fn series(n: usize, employee_topic: bool, development: bool) -> OneOnOne {
        let (mut s, l, e) = fixture();
        let first = dt("2026-01-05T10:00");
        for i in 0..n {
            let when = first + chrono::Duration::days(14 * i as i64);
            let m = doc::propose_meeting(&mut s, &e.id, when, 45, 1).unwrap();
            let who = if employee_topic { &e } else { &l };
            doc::add_topic(&mut s, &who.id, &m, "Roadmap", 2).unwrap();
            if development {
                doc::edit_section(&mut s, &e.id, &m, Section::IdpCheck, "On track", 3).unwrap();
            }
            doc::record_held(&mut s, &l.id, &m, 45, 4).unwrap();
        }
        doc::load(&s).unwrap()
    }

    #[test]
    fn r3_7_stale_needs_three_held_meetings() {
        assert!(stale(&series(2, false, false)).is_empty());
        let f = stale(&series(3, false, false));
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.rule == "R3.7" && !f.is_refusal()));
        assert!(f[0].message.contains("Eve has not added a topic"));
        assert!(f[1].message.contains("development"));
        assert!(stale(&series(4, true, true)).is_empty());
        let only_topics = stale(&series(3, true, false));
        assert_eq!(only_topics.len(), 1);
        assert!(only_topics[0].message.contains("development"));
    }

    #[test]
    fn r3_7_only_the_recent_meetings_count() {
        let (mut s, l, e) = fixture();
        let first = dt("2026-01-05T10:00");
        for i in 0..5 {
            let when = first + chrono::Duration::days(14 * i as i64);
            let m = doc::propose_meeting(&mut s, &e.id, when, 45, 1).unwrap();
            // The employee only brought topics to the first two 1:1s.
            let who = if i < 2 { &e } else { &l };
            doc::add_topic(&mut s, &who.id, &m, "Roadmap", 2).unwrap();
            doc::edit_section(&mut s, &l.id, &m, Section::Development, "Course booked", 3).unwrap();
            doc::record_held(&mut s, &l.id, &m, 40, 4).unwrap();
        }
        let f = stale(&doc::load(&s).unwrap());
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("topic"));
    }

    #[test]
    fn r3_6_cadence_and_adherence_flags() {
        // Held every two weeks from 2026-01-05, 4 times: last held 2026-02-16.
        let s = series(4, true, true);
        assert!(cadence(&s, d("2026-02-27")).is_empty());
        let late = cadence(&s, d("2026-03-10"));
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].rule, "R3.6");
        assert!(late[0].message.contains("2026-02-16, 22 days ago"));
        // By mid-April most periods had no 1:1: low adherence is flagged too.
        let much_later = cadence(&s, d("2026-04-20"));
        assert_eq!(much_later.len(), 2);
        assert!(much_later[1].message.contains("4 of 7 two-week periods"));
    }

    #[test]
    fn r3_6_a_new_series_is_not_flagged_before_two_weeks() {
        let (s, _, _) = fixture();
        let one = doc::load(&s).unwrap();
        let start = measures::series_start(&one);
        assert!(series_findings(&one, start + chrono::Duration::days(14)).is_empty());
        let f = series_findings(&one, start + chrono::Duration::days(15));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("No 1:1 has been held"));
    }
}
