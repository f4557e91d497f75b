//! An import's merge reuses the copy its preview checked (`exchange::merge_by_prepared`, issue
//! 11) only when that copy was checked for this very merge: the same file, sender heads and
//! author, on the document as it is now. Otherwise the file is checked and merged afresh, with
//! every check of R7.4 and R7.5, so the shortcut can never let through what a merge refuses.

use automerge::{ActorId, AutoCommit};
use chrono::NaiveDate;
use proptest::prelude::*;
use rapport_core::docs::development_plan as plan;
use rapport_core::docs::exchange::{self, ExchangeError, Prepared};
use rapport_core::domain::development::{BenchDraft, GoalDraft, Horizon, Participant, Readiness};
use rapport_core::domain::Side;

const EMP: &str = "eve";
const LEAD: &str = "lea";
const ID: &str = "plan-eve";

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
}

/// The employee's plan and the leader's copy of it (its own actor).
fn new_plan() -> (AutoCommit, AutoCommit) {
    let who = |id: &str, name: &str| Participant {
        id: id.into(),
        name: name.into(),
    };
    let mut employee = plan::create(
        ID,
        &who(EMP, "Eve Report"),
        &who(LEAD, "Lea Leader"),
        EMP,
        day(),
        1,
    )
    .unwrap();
    let mut leader = AutoCommit::load(&employee.save()).unwrap();
    leader.set_actor(ActorId::random());
    (employee, leader)
}

fn goal(title: &str) -> GoalDraft {
    GoalDraft {
        horizon: Horizon::OneYear,
        title: title.into(),
        description: "Run the quarterly planning".into(),
        target_date: "2027-06-30".into(),
        within_organisation: true,
    }
}

/// A file: what `from` has beyond `to`, and the heads `from` names.
fn file(from: &mut AutoCommit, to: &mut AutoCommit) -> (Vec<u8>, Vec<automerge::ChangeHash>) {
    let theirs = to.get_heads();
    (exchange::changes_since(from, &theirs), from.get_heads())
}

fn previewed(
    to: &AutoCommit,
    payload: &[u8],
    heads: &[automerge::ChangeHash],
    author: Side,
) -> Prepared {
    let (preview, prepared) = exchange::preview_by_keeping(to, ID, payload, heads, author).unwrap();
    assert!(preview.would_change);
    prepared
}

fn goals(doc: &AutoCommit) -> Vec<String> {
    let mut v: Vec<String> = plan::load(doc)
        .unwrap()
        .goals
        .values()
        .map(|g| g.title.clone())
        .collect();
    v.sort();
    v
}

#[test]
fn the_preview_s_copy_is_the_merge_a_fresh_check_makes() {
    let (mut employee, mut leader) = new_plan();
    plan::add_goal(&mut employee, EMP, &goal("Lead planning"), day(), 2).unwrap();
    plan::add_comment(&mut employee, EMP, "Shall we talk about it?", 3).unwrap();
    let (payload, heads) = file(&mut employee, &mut leader);
    let prepared = previewed(&leader, &payload, &heads, Side::Employee);
    assert!(prepared.is_for(&mut leader, &payload, &heads, &Side::Employee.into()));

    let mut fresh = leader.clone();
    let expected = exchange::merge_by(&mut fresh, &payload, &heads, Side::Employee).unwrap();
    let report = exchange::merge_by_prepared(
        &mut leader,
        &payload,
        &heads,
        Side::Employee,
        Some(prepared),
    )
    .unwrap();
    assert_eq!(report, expected);
    assert_eq!(report.new_changes, 2);
    assert_eq!(leader.get_heads(), fresh.get_heads());
    assert_eq!(goals(&leader), vec!["Lead planning".to_string()]);
}

#[test]
fn a_change_made_since_the_preview_is_kept_and_the_file_checked_again() {
    let (mut employee, mut leader) = new_plan();
    plan::add_goal(&mut employee, EMP, &goal("Lead planning"), day(), 2).unwrap();
    let (payload, heads) = file(&mut employee, &mut leader);
    let prepared = previewed(&leader, &payload, &heads, Side::Employee);
    // Another tab adds the leader's goal while the preview is shown.
    plan::add_goal(&mut leader, LEAD, &goal("Mentor a new hire"), day(), 3).unwrap();
    assert!(!prepared.is_for(&mut leader, &payload, &heads, &Side::Employee.into()));
    let mine = leader.get_heads();
    let report = exchange::merge_by_prepared(
        &mut leader,
        &payload,
        &heads,
        Side::Employee,
        Some(prepared),
    )
    .unwrap();
    assert_eq!(report.new_changes, 1);
    assert_eq!(
        goals(&leader),
        vec!["Lead planning".to_string(), "Mentor a new hire".to_string()],
        "the change made since the preview is not lost"
    );
    assert!(mine.iter().all(|h| leader.get_change_by_hash(h).is_some()));
}

#[test]
fn a_copy_checked_for_another_author_or_file_is_not_used() {
    // The leader's bench assessment, in a file the employee's side may not write.
    let (mut employee, mut leader) = new_plan();
    let bench = BenchDraft {
        role_title: "Team lead".into(),
        readiness: Readiness::OneToTwoYears,
        successor_for: vec![],
        backfill_needed: false,
    };
    plan::set_bench_assessment(&mut leader, LEAD, &bench, day(), 2).unwrap();
    let (payload, heads) = file(&mut leader, &mut employee);
    let prepared = previewed(&employee, &payload, &heads, Side::Leader);
    let before = employee.get_heads();
    assert!(!prepared.is_for(&mut employee, &payload, &heads, &Side::Employee.into()));
    let err = exchange::merge_by_prepared(
        &mut employee,
        &payload,
        &heads,
        Side::Employee,
        Some(prepared.clone()),
    )
    .unwrap_err();
    assert!(matches!(err, ExchangeError::NotTheirPart(_)), "{err:?}");
    assert_eq!(employee.get_heads(), before, "nothing was merged");

    // Another file than the one previewed: checked on its own (here: cut short, refused).
    let cut = &payload[..payload.len() - 3];
    assert!(
        exchange::merge_by_prepared(&mut employee, cut, &heads, Side::Leader, Some(prepared))
            .is_err()
    );
    assert_eq!(employee.get_heads(), before, "nothing was merged");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Whatever each side writes, and whatever the receiving side writes between the preview
    /// and the merge, merging with the preview's copy gives the document a fresh merge gives.
    #[test]
    fn merging_with_the_prepared_copy_is_merging(
        theirs in proptest::collection::vec("[a-z]{1,8}", 1..5),
        since in proptest::collection::vec("[a-z]{1,8}", 0..3),
    ) {
        let (mut employee, mut leader) = new_plan();
        for (i, t) in theirs.iter().enumerate() {
            plan::add_goal(&mut employee, EMP, &goal(t), day(), 10 + i as i64).unwrap();
        }
        let (payload, heads) = file(&mut employee, &mut leader);
        let prepared = previewed(&leader, &payload, &heads, Side::Employee);
        for (i, t) in since.iter().enumerate() {
            plan::add_comment(&mut leader, LEAD, t, 20 + i as i64).unwrap();
        }
        let mut fresh = leader.clone();
        let expected = exchange::merge_by(&mut fresh, &payload, &heads, Side::Employee).unwrap();
        let report = exchange::merge_by_prepared(
            &mut leader, &payload, &heads, Side::Employee, Some(prepared),
        ).unwrap();
        prop_assert_eq!(report.new_changes, expected.new_changes);
        let mut a = leader.get_heads();
        let mut b = fresh.get_heads();
        a.sort();
        b.sort();
        prop_assert_eq!(a, b);
        prop_assert_eq!(plan::load(&leader).unwrap(), plan::load(&fresh).unwrap());
    }
}
