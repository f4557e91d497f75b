//! Bench strength (R5.3): the leader's view across the team — who wants what, how ready they
//! are, who could step into which role and which roles would need a backfill.
//!
//! Built from the shared development plans only. [`bench`] takes `&DevelopmentPlan`s and
//! nothing else, so private notes (the workspace's personal context, private 1:1 notes) cannot
//! reach it; and within a plan it reads only the bench fields — names, roles, aspiration,
//! readiness, goal counts per horizon and dates — never goal text, priorities, comments or
//! discussion notes, so the view can sit on a shared screen.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::development::DevelopmentPlan;
use crate::domain::development::{role_key, Interest, Readiness};
use crate::rules::development::{
    freshness, in_depth_cadence, plan_findings, wants_to_grow, Cadence, Freshness,
};
use crate::rules::{Finding, Severity};

/// One person on the bench.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchRow {
    /// Document id of the person's development plan (to open it).
    pub plan_id: String,
    pub person_id: String,
    pub name: String,
    /// Current role, as the leader recorded it ("" if not yet).
    pub role_title: String,
    pub promotion: Option<Interest>,
    pub leadership: Option<Interest>,
    pub readiness: Readiness,
    pub assessed_on: Option<NaiveDate>,
    /// Roles this person could step into.
    pub successor_for: Vec<String>,
    /// This person's own role would need a backfill.
    pub backfill_needed: bool,
    /// Active goals per horizon (1, 3, 5 years): counts only, never titles.
    pub active_goals: [usize; 3],
    /// R6.1 IDP freshness.
    pub freshness: Freshness,
    /// R5.4 in-depth cadence.
    pub in_depth: Cadence,
    /// Plan-level flags (R5.1, R5.3, R5.4).
    pub flags: Vec<Finding>,
}

/// Someone who could step into a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub person_id: String,
    pub name: String,
    pub readiness: Readiness,
}

/// Succession cover for one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleCover {
    /// The role name as first written (roles match ignoring case and spacing).
    pub role: String,
    /// Who could step in, soonest ready first.
    pub candidates: Vec<Candidate>,
    /// Names of people holding this role whose role would need a backfill.
    pub backfill_for: Vec<String>,
    /// Someone is ready now.
    pub ready_successor: bool,
}

/// The team-wide conclusions of the bench view.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BenchSummary {
    /// Every role someone could step into or that needs a backfill: roles needing a backfill
    /// with nobody ready first, then other roles with nobody ready, then the covered ones.
    pub roles: Vec<RoleCover>,
    /// Names of roles with no candidate ready now.
    pub roles_without_ready_successor: Vec<String>,
    /// Roles that need a backfill and have no candidate at all.
    pub backfills_without_candidate: Vec<String>,
    /// People who said yes to promotion or leadership but have no active 1-year goal (R5.3).
    pub growth_without_one_year_goal: Vec<String>,
    /// People who said yes to promotion or leadership whose readiness the leader has not
    /// assessed yet.
    pub interested_not_assessed: Vec<String>,
    /// People whose six-monthly in-depth discussion is overdue (R5.4).
    pub in_depth_overdue: Vec<String>,
    /// Interest in promotion: yes / no / not now / not answered.
    pub promotion_counts: [usize; 4],
    /// Interest in leadership: yes / no / not now / not answered.
    pub leadership_counts: [usize; 4],
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bench {
    pub rows: Vec<BenchRow>,
    pub summary: BenchSummary,
}

fn interest_slot(i: Option<Interest>) -> usize {
    match i {
        Some(Interest::Yes) => 0,
        Some(Interest::No) => 1,
        Some(Interest::NotNow) => 2,
        None => 3,
    }
}

fn name_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// The bench view of `leader_id`'s team on `today`, from the team's development plans.
///
/// Only plans this leader leads are used (never the leader's own plan with their own leader).
/// If two plans name the same employee, the one with the most recent activity is used.
/// Rows are sorted by readiness (ready now first, not assessed last), then people who said yes
/// to promotion or leadership, then name.
pub fn bench<'a>(
    plans: impl IntoIterator<Item = &'a DevelopmentPlan>,
    leader_id: &str,
    today: NaiveDate,
) -> Bench {
    let mut by_person: BTreeMap<&str, (&DevelopmentPlan, Freshness)> = BTreeMap::new();
    for p in plans {
        if p.leader.id != leader_id || p.employee.id == leader_id {
            continue;
        }
        let f = freshness(p, today);
        match by_person.get(p.employee.id.as_str()) {
            Some((_, old)) if old.last_activity >= f.last_activity => {}
            _ => {
                by_person.insert(p.employee.id.as_str(), (p, f));
            }
        }
    }

    let mut rows: Vec<BenchRow> = by_person
        .into_values()
        .map(|(p, f)| row(p, f, today))
        .collect();
    rows.sort_by(|a, b| {
        let grow = |r: &BenchRow| {
            !(r.promotion == Some(Interest::Yes) || r.leadership == Some(Interest::Yes))
        };
        (a.readiness.rank(), grow(a))
            .cmp(&(b.readiness.rank(), grow(b)))
            .then_with(|| name_order(&a.name, &b.name))
            .then_with(|| a.person_id.cmp(&b.person_id))
    });
    let summary = summarise(&rows);
    Bench { rows, summary }
}

fn row(p: &DevelopmentPlan, freshness: Freshness, today: NaiveDate) -> BenchRow {
    let mut flags = plan_findings(p, today);
    if wants_to_grow(p) && p.bench.readiness == Readiness::NotAssessed {
        flags.push(Finding {
            rule: "R5.3",
            severity: Severity::Flag,
            message: "Interested in promotion or leadership; readiness not assessed yet.".into(),
        });
    }
    BenchRow {
        plan_id: p.meta.id.clone(),
        person_id: p.employee.id.clone(),
        name: p.employee.name.clone(),
        role_title: p.bench.role_title.clone(),
        promotion: p.aspiration.promotion,
        leadership: p.aspiration.leadership,
        readiness: p.bench.readiness,
        assessed_on: p.bench.assessed_on,
        successor_for: p.bench.successor_for.clone(),
        backfill_needed: p.bench.backfill_needed,
        active_goals: p.active_goal_counts(),
        freshness,
        in_depth: in_depth_cadence(p, today),
        flags,
    }
}

fn summarise(rows: &[BenchRow]) -> BenchSummary {
    let mut s = BenchSummary::default();
    // Side universe keyed by normalised name, keeping the first spelling seen (rows are sorted,
    // so the result does not depend on the order plans were passed in).
    let mut roles: BTreeMap<String, RoleCover> = BTreeMap::new();
    let entry = |roles: &mut BTreeMap<String, RoleCover>, name: &str| {
        roles.entry(role_key(name)).or_insert_with(|| RoleCover {
            role: name.to_string(),
            candidates: vec![],
            backfill_for: vec![],
            ready_successor: false,
        });
        role_key(name)
    };
    for r in rows {
        for role in &r.successor_for {
            let k = entry(&mut roles, role);
            let cover = roles.get_mut(&k).expect("just inserted");
            cover.candidates.push(Candidate {
                person_id: r.person_id.clone(),
                name: r.name.clone(),
                readiness: r.readiness,
            });
            cover.ready_successor |= r.readiness == Readiness::ReadyNow;
        }
        if r.backfill_needed && !r.role_title.is_empty() {
            let k = entry(&mut roles, &r.role_title);
            roles
                .get_mut(&k)
                .expect("just inserted")
                .backfill_for
                .push(r.name.clone());
        }
        let grows = r.promotion == Some(Interest::Yes) || r.leadership == Some(Interest::Yes);
        if grows && r.active_goals[0] == 0 {
            s.growth_without_one_year_goal.push(r.name.clone());
        }
        if grows && r.readiness == Readiness::NotAssessed {
            s.interested_not_assessed.push(r.name.clone());
        }
        if r.in_depth.overdue {
            s.in_depth_overdue.push(r.name.clone());
        }
        s.promotion_counts[interest_slot(r.promotion)] += 1;
        s.leadership_counts[interest_slot(r.leadership)] += 1;
    }
    let mut roles: Vec<RoleCover> = roles.into_values().collect();
    for c in &mut roles {
        c.candidates.sort_by(|a, b| {
            a.readiness
                .rank()
                .cmp(&b.readiness.rank())
                .then_with(|| name_order(&a.name, &b.name))
        });
    }
    roles.sort_by(|a, b| {
        let urgency = |c: &RoleCover| match (c.backfill_for.is_empty(), c.ready_successor) {
            (false, false) => 0,
            (true, false) => 1,
            _ => 2,
        };
        urgency(a)
            .cmp(&urgency(b))
            .then_with(|| name_order(&a.role, &b.role))
    });
    s.roles_without_ready_successor = roles
        .iter()
        .filter(|c| !c.ready_successor)
        .map(|c| c.role.clone())
        .collect();
    s.backfills_without_candidate = roles
        .iter()
        .filter(|c| !c.backfill_for.is_empty() && c.candidates.is_empty())
        .map(|c| c.role.clone())
        .collect();
    s.roles = roles;
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::development_plan::testing::{d, plan, with_discussion, with_goal};
    use crate::domain::development::{Comment, DiscussionKind, GoalAction, Horizon};
    use autosurgeon::Text;
    use proptest::prelude::*;

    fn person(
        name: &str,
        role: &str,
        readiness: Readiness,
        successor_for: &[&str],
        backfill: bool,
        promotion: Option<Interest>,
        leadership: Option<Interest>,
    ) -> DevelopmentPlan {
        let mut p = plan(name, "Lea", "2026-09-01");
        p.bench.role_title = role.into();
        p.bench.readiness = readiness;
        p.bench.successor_for = successor_for.iter().map(|s| s.to_string()).collect();
        p.bench.backfill_needed = backfill;
        p.aspiration.promotion = promotion;
        p.aspiration.leadership = leadership;
        p
    }

    fn team() -> Vec<DevelopmentPlan> {
        let ada = with_goal(
            person(
                "Ada",
                "Engineer",
                Readiness::ReadyNow,
                &["Tech lead"],
                false,
                Some(Interest::Yes),
                None,
            ),
            Horizon::OneYear,
            "Certify",
            "2027-06-01",
            "2026-09-01",
        );
        let bo = person(
            "Bo",
            "Senior engineer",
            Readiness::OneToTwoYears,
            &["tech  LEAD", "Manager"],
            true,
            Some(Interest::NotNow),
            Some(Interest::No),
        );
        let cy = person(
            "Cy",
            "Engineer",
            Readiness::NotAssessed,
            &[],
            false,
            Some(Interest::Yes),
            None,
        );
        let dee = person(
            "Dee",
            "Tester",
            Readiness::ThreeYearsPlus,
            &[],
            true,
            None,
            Some(Interest::Yes),
        );
        // Led by someone else, and the leader's own plan: neither belongs on Lea's bench.
        let mut other = person(
            "Eve",
            "Engineer",
            Readiness::ReadyNow,
            &["Manager"],
            false,
            None,
            None,
        );
        other.leader.id = "max".into();
        let mut own = person(
            "Lea",
            "Manager",
            Readiness::ReadyNow,
            &["Director"],
            true,
            None,
            None,
        );
        own.employee.id = "lea".into();
        own.leader.id = "lea".into();
        vec![cy, other, dee, own, bo, ada]
    }

    #[test]
    fn rows_sorted_by_readiness_then_interest_then_name() {
        let b = bench(&team(), "lea", d("2026-11-25"));
        let names: Vec<&str> = b.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, vec!["Ada", "Bo", "Dee", "Cy"]);
        let ada = &b.rows[0];
        assert_eq!(ada.plan_id, "plan-Ada");
        assert_eq!(ada.active_goals, [1, 0, 0]);
        assert_eq!(ada.freshness.days, 85);
        // Two people equally ready: the one who said yes to promotion comes first.
        let mut plans = team();
        plans.push(person(
            "Al",
            "Engineer",
            Readiness::NotAssessed,
            &[],
            false,
            None,
            None,
        ));
        let b = bench(&plans, "lea", d("2026-11-25"));
        let names: Vec<&str> = b.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, vec!["Ada", "Bo", "Dee", "Cy", "Al"]);
    }

    #[test]
    fn summary_names_roles_without_ready_successor_and_backfills() {
        let b = bench(&team(), "lea", d("2026-11-25"));
        let s = &b.summary;
        let roles: Vec<&str> = s.roles.iter().map(|c| c.role.as_str()).collect();
        // Backfills with nobody ready first, then uncovered roles, then covered ones.
        assert_eq!(
            roles,
            vec!["Senior engineer", "Tester", "Manager", "Tech lead"]
        );
        assert_eq!(
            s.roles_without_ready_successor,
            vec!["Senior engineer", "Tester", "Manager"]
        );
        assert_eq!(
            s.backfills_without_candidate,
            vec!["Senior engineer", "Tester"]
        );
        let tech = &s.roles[3];
        assert!(tech.ready_successor);
        // "tech  LEAD" and "Tech lead" are one role; candidates soonest ready first.
        let cands: Vec<(&str, Readiness)> = tech
            .candidates
            .iter()
            .map(|c| (c.name.as_str(), c.readiness))
            .collect();
        assert_eq!(
            cands,
            vec![
                ("Ada", Readiness::ReadyNow),
                ("Bo", Readiness::OneToTwoYears)
            ]
        );
        assert_eq!(s.roles[0].backfill_for, vec!["Bo"]);
        // R5.3: growth wanted without a 1-year goal; interest without an assessment.
        assert_eq!(s.growth_without_one_year_goal, vec!["Dee", "Cy"]);
        assert_eq!(s.interested_not_assessed, vec!["Cy"]);
        assert_eq!(s.promotion_counts, [2, 0, 1, 1]);
        assert_eq!(s.leadership_counts, [1, 1, 0, 2]);
        // Nobody's plan is six months old yet.
        assert!(s.in_depth_overdue.is_empty());
        let cy = b.rows.iter().find(|r| r.name == "Cy").unwrap();
        assert!(cy
            .flags
            .iter()
            .any(|f| f.rule == "R5.3" && f.message.contains("not assessed")));
    }

    #[test]
    fn r5_4_overdue_in_depth_shows_on_the_bench() {
        let mut plans = team();
        for p in &mut plans {
            p.created_on = d("2026-01-05");
        }
        let b = bench(&plans, "lea", d("2026-11-25"));
        assert_eq!(b.summary.in_depth_overdue, vec!["Ada", "Bo", "Dee", "Cy"]);
        let plans: Vec<DevelopmentPlan> = plans
            .into_iter()
            .map(|p| with_discussion(p, DiscussionKind::InDepth, "2026-10-01", None))
            .collect();
        assert!(bench(&plans, "lea", d("2026-11-25"))
            .summary
            .in_depth_overdue
            .is_empty());
    }

    #[test]
    fn input_order_does_not_matter_and_duplicates_keep_the_freshest() {
        let today = d("2026-11-25");
        let mut plans = team();
        let a = bench(&plans, "lea", today);
        plans.reverse();
        assert_eq!(bench(&plans, "lea", today), a);
        // A stale second plan for Ada (say, re-created by mistake) does not double her up.
        let mut stale = person(
            "Ada",
            "Engineer",
            Readiness::NotAssessed,
            &["Manager"],
            false,
            None,
            None,
        );
        stale.meta.id = "old".into();
        stale.created_on = d("2025-01-01");
        plans.push(stale);
        let b = bench(&plans, "lea", today);
        assert_eq!(b.rows.iter().filter(|r| r.person_id == "ada").count(), 1);
        assert_eq!(b.rows[0].plan_id, "plan-Ada");
        assert!(bench(std::iter::empty(), "lea", today).rows.is_empty());
    }

    proptest! {
        /// R5.3 "without reading anyone's private notes": whatever a plan's prose holds (goal
        /// titles and descriptions, actions, priorities, comments, discussion notes) and
        /// whatever the leader's private workspace notes say, none of it reaches the bench.
        /// `bench` only accepts plans, so the workspace cannot even be passed; the plan's own
        /// prose is simply never read.
        #[test]
        fn bench_never_shows_text_outside_the_shared_bench_fields(
            secrets in proptest::collection::vec("[a-z]{10}", 6),
            people in proptest::collection::vec((0usize..4, 0usize..4, 0usize..4, any::<bool>(), 0usize..3, 0u32..800), 1..6),
        ) {
            let secret = |i: usize| format!("SECRET{}", secrets[i]);
            let mut ws = crate::docs::workspace::create("ws", "lea", "Lea", 0).unwrap();
            crate::docs::workspace::set_context(&mut ws, "p0", secret(0), 0).unwrap();
            let interests = [None, Some(Interest::Yes), Some(Interest::No), Some(Interest::NotNow)];
            let roles = ["Engineer", "Tech lead", "Manager"];
            let plans: Vec<DevelopmentPlan> = people.iter().enumerate().map(|(i, (pr, le, rd, backfill, role, age))| {
                let mut p = plan(&format!("P{i}"), "Lea", "2025-01-01");
                p.created_on = d("2024-01-01") + chrono::Duration::days(*age as i64);
                p.bench.readiness = Readiness::ALL[*rd];
                p.bench.role_title = roles[*role].into();
                p.bench.successor_for = roles.iter().filter(|r| **r != roles[*role]).take(*rd % 3).map(|r| r.to_string()).collect();
                p.bench.backfill_needed = *backfill;
                p.aspiration.promotion = interests[*pr];
                p.aspiration.leadership = interests[*le];
                p = with_goal(p, Horizon::ALL[i % 3], &secret(1), "2026-01-01", "2025-01-01");
                let g = p.goals.values_mut().next().unwrap();
                g.description = Text::from(secret(2));
                g.actions.insert("a".into(), GoalAction { id: "a".into(), text: secret(3), due: None, done_on: None, added_by: "x".into() });
                p.priorities = Text::from(secret(4));
                p.comments.insert("c".into(), Comment { id: "c".into(), by: "lea".into(), at_ms: 0, text: secret(5) });
                p = with_discussion(p, DiscussionKind::Check, "2025-06-01", Some(&secret(5)));
                p.discussions.values_mut().for_each(|x| x.notes = Text::from(secret(0)));
                p
            }).collect();
            let b = bench(&plans, "lea", d("2026-11-25"));
            let shown = format!("{b:?}");
            prop_assert!(!shown.contains("SECRET"), "{}", shown);
            prop_assert_eq!(b.rows.len(), plans.len());
            for r in &b.rows {
                let p = plans.iter().find(|p| p.employee.id == r.person_id).unwrap();
                prop_assert_eq!(&r.name, &p.employee.name);
                prop_assert_eq!(&r.successor_for, &p.bench.successor_for);
            }
            // The private note is still there, just unreachable from the bench.
            let private = crate::docs::workspace::load(&ws).unwrap();
            prop_assert_eq!(private.context_of("p0"), secret(0));
        }
    }
}
