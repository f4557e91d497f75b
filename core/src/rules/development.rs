//! Development-plan rules: goals on every horizon (R5.1), the six-monthly in-depth discussion
//! and the IDP check in each 1:1 (R5.4), and the "IDP freshness" measure of the leader
//! dashboard (R6.1).
//!
//! Every function reads a hydrated [`DevelopmentPlan`] and nothing else, so the rules hold on
//! either side of the plan and after any merge.

use chrono::{DateTime, Months, NaiveDate};

use super::{Finding, Severity};
use crate::domain::development::DevelopmentPlan;
use crate::domain::development::{DiscussionKind, Horizon, Interest};

/// R5.4: an in-depth IDP discussion is due this many months after the previous one.
pub const IN_DEPTH_EVERY_MONTHS: u32 = 6;

fn flag(rule: &'static str, message: String) -> Finding {
    Finding {
        rule,
        severity: Severity::Flag,
        message,
    }
}

/// R5.1: horizons without an active goal (achieved or dropped goals leave the horizon empty:
/// the plan should say what comes next).
pub fn empty_horizons(plan: &DevelopmentPlan) -> Vec<Horizon> {
    let counts = plan.active_goal_counts();
    Horizon::ALL
        .into_iter()
        .zip(counts)
        .filter(|(_, n)| *n == 0)
        .map(|(h, _)| h)
        .collect()
}

/// R5.1: flags a plan that lacks an active goal for one or more horizons.
pub fn horizon_coverage(plan: &DevelopmentPlan) -> Option<Finding> {
    let empty = empty_horizons(plan);
    if empty.is_empty() {
        return None;
    }
    let list: Vec<&str> = empty.iter().map(|h| h.label()).collect();
    Some(flag(
        "R5.1",
        format!(
            "No active goal for {}. A plan has goals for 1, 3 and 5 years.",
            list.join(", ")
        ),
    ))
}

/// The day an in-depth discussion is due after one held (or a plan created) on `anchor`.
/// Month ends clamp: six months after 31 August is 28 (or 29) February.
pub fn in_depth_due(anchor: NaiveDate) -> NaiveDate {
    anchor
        .checked_add_months(Months::new(IN_DEPTH_EVERY_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

/// Where a plan stands on the six-monthly in-depth discussion (R5.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cadence {
    /// The latest in-depth discussion, if one was ever held.
    pub last_in_depth: Option<NaiveDate>,
    /// What the six months count from: the last in-depth discussion, else the plan's creation.
    pub anchor: NaiveDate,
    pub due: NaiveDate,
    /// More than six months have passed since `anchor` (due day itself is still on time).
    pub overdue: bool,
    /// Days past `due` (0 when not overdue).
    pub days_overdue: i64,
    /// The latest short check held in a 1:1, if any.
    pub last_check: Option<NaiveDate>,
}

/// R5.4: the in-depth cadence of a plan on `today`.
pub fn in_depth_cadence(plan: &DevelopmentPlan, today: NaiveDate) -> Cadence {
    let last_in_depth = plan.last_discussion(DiscussionKind::InDepth);
    let anchor = last_in_depth.unwrap_or(plan.created_on);
    let due = in_depth_due(anchor);
    let overdue = today > due;
    Cadence {
        last_in_depth,
        anchor,
        due,
        overdue,
        days_overdue: if overdue { (today - due).num_days() } else { 0 },
        last_check: plan.last_discussion(DiscussionKind::Check),
    }
}

/// R5.4: flags an overdue in-depth discussion.
pub fn cadence_finding(c: &Cadence) -> Option<Finding> {
    if !c.overdue {
        return None;
    }
    let since = match c.last_in_depth {
        Some(d) => format!("the last one was on {d}"),
        None => format!(
            "none has been held since the plan was created on {}",
            c.anchor
        ),
    };
    Some(flag(
        "R5.4",
        format!(
            "The six-monthly in-depth development discussion is {} days overdue ({since}).",
            c.days_overdue
        ),
    ))
}

/// R5.4 / R3.4: 1:1 meetings held (id, date) on or after the plan's creation with no IDP
/// discussion linked to them. The 1:1 series is another document, so the caller passes the
/// meetings it holds; one flag per meeting, oldest first.
pub fn missing_checks<'a>(
    plan: &DevelopmentPlan,
    held_one_on_ones: impl IntoIterator<Item = (&'a str, NaiveDate)>,
) -> Vec<Finding> {
    let mut held: Vec<(&str, NaiveDate)> = held_one_on_ones
        .into_iter()
        .filter(|(_, d)| *d >= plan.created_on)
        .filter(|(id, _)| {
            !plan
                .discussions
                .values()
                .any(|x| x.one_on_one_id.as_deref() == Some(*id))
        })
        .collect();
    held.sort_by_key(|(id, d)| (*d, id.to_string()));
    held.into_iter()
        .map(|(_, d)| {
            flag(
                "R5.4",
                format!("The 1:1 on {d} has no development-plan check recorded."),
            )
        })
        .collect()
}

/// R6.1 "IDP freshness": how long ago the plan last saw activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    /// The latest of: creation, any goal or action edit, priorities or aspiration update,
    /// the leader's assessment, a comment, a recorded discussion.
    pub last_activity: NaiveDate,
    /// Whole days from `last_activity` to today (never negative, even with a skewed clock).
    pub days: i64,
}

/// Day of a millisecond timestamp (UTC: a comment's day only feeds a days-ago count).
fn day_of_ms(ms: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp_millis(ms).map(|t| t.date_naive())
}

/// R6.1: IDP freshness of a plan on `today`.
pub fn freshness(plan: &DevelopmentPlan, today: NaiveDate) -> Freshness {
    let stamps = std::iter::once(plan.created_on)
        .chain(plan.goals.values().map(|g| g.updated_on))
        .chain(
            plan.goals
                .values()
                .flat_map(|g| g.actions.values().filter_map(|a| a.done_on)),
        )
        .chain(plan.priorities_updated_on)
        .chain(plan.aspiration.updated_on)
        .chain(plan.bench.assessed_on)
        .chain(plan.comments.values().filter_map(|c| day_of_ms(c.at_ms)))
        .chain(plan.discussions.values().map(|d| d.date));
    let last_activity = stamps.max().unwrap_or(plan.created_on);
    Freshness {
        last_activity,
        days: (today - last_activity).num_days().max(0),
    }
}

/// Whether the employee said yes to promotion or leadership (R5.3).
pub fn wants_to_grow(plan: &DevelopmentPlan) -> bool {
    plan.aspiration.promotion == Some(Interest::Yes)
        || plan.aspiration.leadership == Some(Interest::Yes)
}

/// All plan-level flags on `today`: empty horizons (R5.1), active goals past their target
/// date (R5.1), an overdue in-depth discussion (R5.4), and an interest in promotion or
/// leadership without any active 1-year goal to get there (R5.3). Messages name no goal and
/// quote no prose, so they can be shown in team-wide views.
pub fn plan_findings(plan: &DevelopmentPlan, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(horizon_coverage(plan));
    let late = plan
        .goals
        .values()
        .filter(|g| g.is_active() && g.target_date < today)
        .count();
    if late > 0 {
        out.push(flag(
            "R5.1",
            format!(
                "{late} active goal{} past {} target date: mark achieved or dropped, or move the date.",
                if late == 1 { " is" } else { "s are" },
                if late == 1 { "its" } else { "their" }
            ),
        ));
    }
    out.extend(cadence_finding(&in_depth_cadence(plan, today)));
    if wants_to_grow(plan) && plan.active_goal_counts()[0] == 0 {
        out.push(flag(
            "R5.3",
            "Interested in promotion or leadership, but no active 1-year goal leads there yet."
                .into(),
        ));
    }
    out
}

/// What the development section of a 1:1 prompts about (R3.4, R5.4): the plan's active goals
/// per horizon, the open actions due soon, and where the in-depth cadence stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckPrompt {
    /// Document id of the plan, so the 1:1 can link to it.
    pub plan_id: String,
    /// Active goal titles per horizon (1, 3, 5 years), soonest target first.
    pub goals: Vec<(Horizon, Vec<String>)>,
    /// Open actions overdue or due within [`PROMPT_ACTION_DAYS`]: (goal title, action, due),
    /// soonest first.
    pub actions_due: Vec<(String, String, NaiveDate)>,
    pub in_depth: Cadence,
    /// The plan-level flags, to raise in the conversation.
    pub flags: Vec<Finding>,
}

/// Actions due within this many days are brought up in the 1:1's IDP check.
pub const PROMPT_ACTION_DAYS: i64 = 30;

/// R3.4 / R5.4: the prompt for the short IDP check in a 1:1 held on `today`.
pub fn check_prompt(plan: &DevelopmentPlan, today: NaiveDate) -> CheckPrompt {
    let goals = Horizon::ALL
        .into_iter()
        .map(|h| {
            let titles = plan
                .goals_in(h)
                .into_iter()
                .filter(|g| g.is_active())
                .map(|g| g.title.clone())
                .collect();
            (h, titles)
        })
        .collect();
    let horizon = today + chrono::Duration::days(PROMPT_ACTION_DAYS);
    let mut actions_due: Vec<(String, String, NaiveDate)> = plan
        .goals
        .values()
        .filter(|g| g.is_active())
        .flat_map(|g| {
            g.open_actions().into_iter().filter_map(|a| {
                a.due
                    .filter(|d| *d <= horizon)
                    .map(|d| (g.title.clone(), a.text.clone(), d))
            })
        })
        .collect();
    actions_due.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.1.cmp(&b.1)));
    CheckPrompt {
        plan_id: plan.meta.id.clone(),
        goals,
        actions_due,
        in_depth: in_depth_cadence(plan, today),
        flags: plan_findings(plan, today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::development_plan::testing::{d, plan, with_discussion, with_goal};
    use crate::domain::development::{Comment, GoalStatus};
    use chrono::Datelike;
    use proptest::prelude::*;

    #[test]
    fn r5_1_flags_each_empty_horizon() {
        let p = plan("Ada", "Lea", "2026-01-10");
        let f = horizon_coverage(&p).unwrap();
        assert_eq!((f.rule, f.severity), ("R5.1", Severity::Flag));
        assert!(
            f.message.contains("1 year, 3 years, 5 years"),
            "{}",
            f.message
        );

        let mut p = with_goal(p, Horizon::OneYear, "Certify", "2027-01-01", "2026-01-10");
        p = with_goal(p, Horizon::FiveYears, "Studio", "2031-01-01", "2026-01-10");
        assert_eq!(empty_horizons(&p), vec![Horizon::ThreeYears]);
        // An achieved goal does not fill its horizon: the plan should say what comes next.
        p = with_goal(p, Horizon::ThreeYears, "Lead", "2029-01-01", "2026-01-10");
        assert!(horizon_coverage(&p).is_none());
        p.goals.get_mut("g2").unwrap().status = GoalStatus::Achieved;
        assert_eq!(empty_horizons(&p), vec![Horizon::ThreeYears]);
    }

    #[test]
    fn r5_4_in_depth_due_six_months_after_creation_then_after_each_discussion() {
        let p = plan("Ada", "Lea", "2026-05-25");
        // Due on 25 November: that day is on time, the next is overdue.
        let c = in_depth_cadence(&p, d("2026-11-25"));
        assert_eq!(
            (c.anchor, c.due, c.overdue, c.last_in_depth),
            (d("2026-05-25"), d("2026-11-25"), false, None)
        );
        assert!(cadence_finding(&c).is_none());
        let c = in_depth_cadence(&p, d("2026-11-27"));
        assert!(c.overdue);
        assert_eq!(c.days_overdue, 2);
        let f = cadence_finding(&c).unwrap();
        assert_eq!(f.rule, "R5.4");
        assert!(
            f.message.contains("since the plan was created"),
            "{}",
            f.message
        );

        // Short checks in 1:1s do not replace the in-depth discussion…
        let p = with_discussion(p, DiscussionKind::Check, "2026-11-20", Some("m1"));
        let c = in_depth_cadence(&p, d("2026-11-27"));
        assert!(c.overdue);
        assert_eq!(c.last_check, Some(d("2026-11-20")));
        // …an in-depth discussion restarts the six months.
        let p = with_discussion(p, DiscussionKind::InDepth, "2026-08-31", None);
        let c = in_depth_cadence(&p, d("2026-11-27"));
        assert!(!c.overdue);
        // Month ends clamp: six months after 31 August is 28 February 2027.
        assert_eq!(c.due, d("2027-02-28"));
        assert!(!in_depth_cadence(&p, d("2027-02-28")).overdue);
        assert!(in_depth_cadence(&p, d("2027-03-01")).overdue);
        assert!(cadence_finding(&in_depth_cadence(&p, d("2027-03-01")))
            .unwrap()
            .message
            .contains("2026-08-31"));
    }

    #[test]
    fn r5_4_flags_1on1s_without_an_idp_check() {
        let p = plan("Ada", "Lea", "2026-03-01");
        let p = with_discussion(p, DiscussionKind::Check, "2026-03-10", Some("m1"));
        let held = [
            ("m0", d("2026-02-20")),
            ("m2", d("2026-03-24")),
            ("m1", d("2026-03-10")),
        ];
        let f = missing_checks(&p, held);
        assert_eq!(f.len(), 1, "m0 predates the plan, m1 has its check");
        assert_eq!(f[0].rule, "R5.4");
        assert!(f[0].message.contains("2026-03-24"));
    }

    #[test]
    fn r6_1_freshness_is_days_since_the_latest_activity() {
        let mut p = plan("Ada", "Lea", "2026-01-10");
        assert_eq!(
            freshness(&p, d("2026-01-20")),
            Freshness {
                last_activity: d("2026-01-10"),
                days: 10
            }
        );
        p = with_goal(p, Horizon::OneYear, "Certify", "2027-01-01", "2026-02-01");
        p = with_discussion(p, DiscussionKind::Check, "2026-03-01", None);
        p.aspiration.updated_on = Some(d("2026-02-15"));
        assert_eq!(freshness(&p, d("2026-03-11")).days, 10);
        // A comment counts by its (UTC) day: 2026-03-05T12:00Z.
        p.comments.insert(
            "c".into(),
            Comment {
                id: "c".into(),
                by: "lea".into(),
                at_ms: 1_772_712_000_000,
                text: "hi".into(),
            },
        );
        assert_eq!(
            freshness(&p, d("2026-03-11")).last_activity,
            d("2026-03-05")
        );
        // A stamp from a clock ahead of ours never makes freshness negative.
        p.bench.assessed_on = Some(d("2026-04-01"));
        assert_eq!(freshness(&p, d("2026-03-11")).days, 0);
    }

    #[test]
    fn plan_findings_cover_late_goals_and_growth_without_a_1_year_goal() {
        let mut p = plan("Ada", "Lea", "2026-01-10");
        p = with_goal(p, Horizon::ThreeYears, "Lead", "2026-03-01", "2026-01-10");
        p = with_goal(p, Horizon::FiveYears, "Studio", "2031-01-01", "2026-01-10");
        p.aspiration.promotion = Some(Interest::Yes);
        let f = plan_findings(&p, d("2026-04-01"));
        let rules: Vec<&str> = f.iter().map(|f| f.rule).collect();
        assert_eq!(rules, vec!["R5.1", "R5.1", "R5.3"]);
        assert!(
            f[1].message
                .starts_with("1 active goal is past its target date"),
            "{}",
            f[1].message
        );
        // Goal titles never appear in plan-level findings (they are shown team-wide).
        assert!(f
            .iter()
            .all(|f| !f.message.contains("Lead") && !f.message.contains("Studio")));
        p.aspiration.promotion = Some(Interest::NotNow);
        assert!(plan_findings(&p, d("2026-04-01"))
            .iter()
            .all(|f| f.rule != "R5.3"));
    }

    #[test]
    fn r3_4_check_prompt_lists_goals_and_actions_due_soon() {
        use crate::domain::development::GoalAction;
        let mut p = plan("Ada", "Lea", "2026-09-01");
        p = with_goal(p, Horizon::OneYear, "Certify", "2027-06-01", "2026-09-01");
        p = with_goal(p, Horizon::OneYear, "Mentor", "2027-03-01", "2026-09-01");
        let g = p.goals.get_mut("g0").unwrap();
        for (id, text, due, done) in [
            ("a1", "Book exam", Some("2026-12-10"), None),
            ("a2", "Study", Some("2027-04-01"), None),
            ("a3", "Buy book", Some("2026-11-01"), Some("2026-11-02")),
            ("a4", "Find group", Some("2026-11-20"), None),
        ] {
            g.actions.insert(
                id.into(),
                GoalAction {
                    id: id.into(),
                    text: text.into(),
                    due: due.map(d),
                    done_on: done.map(d),
                    added_by: "ada".into(),
                },
            );
        }
        let c = check_prompt(&p, d("2026-11-25"));
        assert_eq!(c.plan_id, "plan-Ada");
        assert_eq!(
            c.goals[0],
            (
                Horizon::OneYear,
                vec!["Mentor".to_string(), "Certify".to_string()]
            )
        );
        assert!(c.goals[1].1.is_empty() && c.goals[2].1.is_empty());
        let due: Vec<&str> = c.actions_due.iter().map(|a| a.1.as_str()).collect();
        assert_eq!(
            due,
            vec!["Find group", "Book exam"],
            "overdue first, done and far-off left out"
        );
        assert!(c.flags.iter().any(|f| f.rule == "R5.1"));
        assert!(!c.in_depth.overdue);
    }

    /// Independent oracle for R5.4: counts calendar months by year*12+month and compares the
    /// day of month, clamping the anchor's day to the length of the due month.
    fn oracle_overdue(anchor: NaiveDate, today: NaiveDate) -> bool {
        let months = (today.year() * 12 + today.month0() as i32)
            - (anchor.year() * 12 + anchor.month0() as i32);
        if months != 6 {
            return months > 6;
        }
        let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
        let days_in_month =
            (first.checked_add_months(Months::new(1)).unwrap() - first).num_days() as u32;
        today.day() > anchor.day().min(days_in_month)
    }

    proptest! {
        /// R5.4 on random dates: overdue iff more than six months have passed since the last
        /// in-depth discussion (or the plan's creation when there was none); short checks never
        /// count; the finding is raised exactly when overdue.
        #[test]
        fn in_depth_overdue_iff_more_than_six_months(
            created in 0i64..1500,
            in_depth in proptest::collection::vec(0i64..1500, 0..4),
            checks in proptest::collection::vec(0i64..1500, 0..4),
            today_off in 0i64..1800,
        ) {
            let base = d("2024-01-01");
            let day = |o: i64| base + chrono::Duration::days(o);
            let mut p = plan("Ada", "Lea", "2024-01-01");
            p.created_on = day(created);
            for o in &in_depth {
                p = with_discussion(p, DiscussionKind::InDepth, &day(created + o % 200).to_string(), None);
            }
            for o in &checks {
                p = with_discussion(p, DiscussionKind::Check, &day(created + o).to_string(), None);
            }
            let today = day(created + today_off);
            let anchor = in_depth.iter().map(|o| day(created + o % 200)).max().unwrap_or(p.created_on);
            let c = in_depth_cadence(&p, today);
            prop_assert_eq!(c.anchor, anchor);
            prop_assert_eq!(c.overdue, oracle_overdue(anchor, today));
            prop_assert_eq!(cadence_finding(&c).is_some(), c.overdue);
            prop_assert_eq!(c.days_overdue > 0, c.overdue);
            prop_assert_eq!(plan_findings(&p, today).iter().any(|f| f.rule == "R5.4"), c.overdue);
        }
    }
}
