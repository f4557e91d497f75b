//! Who writes what inside a shared document (docs/WRITERS.md, issue 8): a writer's file is
//! merged only if every change in it lands where its author may write (R3.2, R5.1, R5.3).
//! Legitimate exchanges made with each side's own commands always pass.

use automerge::{transaction::Transactable, ActorId, AutoCommit, ReadDoc, ROOT};
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use rapport_core::docs::exchange::{self, ExchangeError};
use rapport_core::docs::rights::{self, Step};
use rapport_core::docs::{development_plan as plan, one_on_one as oo, DocKind};
use rapport_core::domain::development::{BenchDraft, GoalDraft, Horizon, Interest, Readiness};
use rapport_core::domain::one_on_one::{Participant, Section};
use rapport_core::domain::Side;

const EMP: &str = "eve";
const LEAD: &str = "lea";

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn eve() -> Participant {
    Participant::new(EMP, "Eve Report")
}

fn lea() -> Participant {
    Participant::new(LEAD, "Lea Leader")
}

/// The other side's copy: same history, its own actor.
fn fork(doc: &mut AutoCommit) -> AutoCommit {
    let mut other = AutoCommit::load(&doc.save()).unwrap();
    other.set_actor(ActorId::random());
    other
}

/// Sends what `from` has beyond `to` and merges it into `to` as a file written by `author`.
fn send(from: &mut AutoCommit, to: &mut AutoCommit, author: Side) -> Result<usize, ExchangeError> {
    let theirs = to.get_heads();
    let payload = exchange::changes_since(from, &theirs);
    let heads = from.get_heads();
    let id = rapport_core::docs::meta(to).unwrap().id;
    exchange::preview_by(to, &id, &payload, &heads, author)?;
    exchange::merge_by(to, &payload, &heads, author).map(|r| r.new_changes)
}

fn new_plan() -> (AutoCommit, AutoCommit) {
    // The development plan still has its own participant type (issue 10 unifies them).
    let who = |p: Participant| rapport_core::domain::development::Participant {
        id: p.id,
        name: p.name,
    };
    let mut employee = plan::create("plan-eve", &who(eve()), &who(lea()), EMP, day(), 1).unwrap();
    let leader = fork(&mut employee);
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

fn bench() -> BenchDraft {
    BenchDraft {
        role_title: "Team lead".into(),
        readiness: Readiness::OneToTwoYears,
        successor_for: vec!["Head of support".into()],
        backfill_needed: true,
    }
}

#[test]
fn each_side_s_own_plan_commands_merge_on_the_other_side() {
    let (mut employee, mut leader) = new_plan();
    plan::add_goal(&mut employee, EMP, &goal("Lead planning"), day(), 2).unwrap();
    plan::set_priorities(&mut employee, EMP, "Grow into team lead", day(), 3).unwrap();
    plan::set_aspiration(
        &mut employee,
        EMP,
        Some(Interest::Yes),
        Some(Interest::NotNow),
        day(),
        4,
    )
    .unwrap();
    plan::add_comment(&mut employee, EMP, "Shall we talk about it?", 5).unwrap();
    assert_eq!(send(&mut employee, &mut leader, Side::Employee).unwrap(), 4);

    plan::set_bench_assessment(&mut leader, LEAD, &bench(), day(), 6).unwrap();
    plan::add_comment(&mut leader, LEAD, "Yes, next 1:1.", 7).unwrap();
    plan::add_goal(&mut leader, LEAD, &goal("Mentor a new hire"), day(), 8).unwrap();
    assert_eq!(send(&mut leader, &mut employee, Side::Leader).unwrap(), 3);
    assert_eq!(
        plan::load(&employee).unwrap().bench.role_title,
        "Team lead",
        "the leader's bench assessment arrived"
    );
}

#[test]
fn a_leader_s_change_to_the_employee_s_aspiration_or_priorities_is_refused() {
    let (mut employee, mut leader) = new_plan();
    // A modified client: the leader writes where only the employee may.
    let aspiration = match leader.get(ROOT, "aspiration").unwrap() {
        Some((_, id)) => id,
        None => panic!("a plan has an aspiration"),
    };
    leader.put(&aspiration, "promotion", "Yes").unwrap();
    leader.commit();
    let before = employee.get_heads();
    let err = send(&mut leader, &mut employee, Side::Leader).unwrap_err();
    assert!(
        matches!(&err, ExchangeError::NotTheirPart(e) if e.owner == "the employee"),
        "{err:?}"
    );
    assert!(err.to_string().contains("career aspiration"), "{err}");
    assert_eq!(employee.get_heads(), before, "nothing was merged");

    let (mut employee, mut leader) = new_plan();
    let mut forged = fork(&mut leader);
    plan::set_priorities(&mut forged, EMP, "Not what Eve wrote", day(), 9).unwrap();
    // The change is the employee's command, but it arrives in the leader's file: refused.
    let err = send(&mut forged, &mut employee, Side::Leader).unwrap_err();
    assert!(matches!(err, ExchangeError::NotTheirPart(_)), "{err:?}");
    let _ = &mut leader;
}

#[test]
fn an_employee_s_change_to_the_bench_assessment_is_refused() {
    let (mut employee, mut leader) = new_plan();
    let mut forged = fork(&mut employee);
    plan::set_bench_assessment(&mut forged, LEAD, &bench(), day(), 2).unwrap();
    let before = leader.get_heads();
    let err = send(&mut forged, &mut leader, Side::Employee).unwrap_err();
    assert!(
        matches!(&err, ExchangeError::NotTheirPart(e) if e.part == "the bench assessment"),
        "{err:?}"
    );
    assert_eq!(leader.get_heads(), before);
}

#[test]
fn participants_are_fixed_once_the_document_exists() {
    let (mut employee, mut leader) = new_plan();
    let who = match employee.get(ROOT, "leader").unwrap() {
        Some((_, id)) => id,
        None => panic!("a plan names its leader"),
    };
    employee.put(&who, "name", "Someone Else").unwrap();
    employee.commit();
    let err = send(&mut employee, &mut leader, Side::Employee).unwrap_err();
    assert!(
        matches!(&err, ExchangeError::NotTheirPart(e) if e.part.contains("shared between")),
        "{err:?}"
    );
}

fn new_series() -> (AutoCommit, AutoCommit) {
    let mut leader = oo::create("series-1", &lea(), &eve(), Side::Leader, 1).unwrap();
    let employee = fork(&mut leader);
    (leader, employee)
}

#[test]
fn r3_2_only_the_employee_s_file_may_propose_or_move_a_1_1() {
    let (mut leader, mut employee) = new_series();
    let m = oo::propose_meeting(&mut employee, &eve().id, at("2026-11-10 10:00"), 30, 2).unwrap();
    oo::add_topic(&mut employee, &eve().id, &m, "Conference budget", 3).unwrap();
    assert_eq!(send(&mut employee, &mut leader, Side::Employee).unwrap(), 2);

    // The leader writes inside the meeting: topics, notes, the outcome. All pass.
    oo::add_topic(&mut leader, &lea().id, &m, "Team offsite", 4).unwrap();
    oo::edit_section(
        &mut leader,
        &lea().id,
        &m,
        Section::FeedbackToEmployee,
        "Great demo.",
        5,
    )
    .unwrap();
    oo::record_held(&mut leader, &lea().id, &m, 35, 6).unwrap();
    assert_eq!(send(&mut leader, &mut employee, Side::Leader).unwrap(), 3);

    // A modified client proposes or moves a 1:1 on the leader's side: refused.
    let mut forged = fork(&mut leader);
    oo::propose_meeting(&mut forged, &eve().id, at("2026-11-24 10:00"), 30, 7).unwrap();
    let err = send(&mut forged, &mut employee, Side::Leader).unwrap_err();
    assert!(
        matches!(&err, ExchangeError::NotTheirPart(e) if e.owner == "the employee"),
        "{err:?}"
    );
    let mut moved = fork(&mut leader);
    let m2 = oo::propose_meeting(&mut employee, &eve().id, at("2026-11-24 10:00"), 30, 8).unwrap();
    send(&mut employee, &mut moved, Side::Employee).unwrap();
    oo::reschedule_meeting(&mut moved, &eve().id, &m2, at("2026-11-25 09:00"), 45, 9).unwrap();
    let err = send(&mut moved, &mut employee, Side::Leader).unwrap_err();
    assert!(matches!(err, ExchangeError::NotTheirPart(_)), "{err:?}");
}

#[test]
fn paths_are_judged_by_their_root_key_and_position() {
    let k = |s: &str| Step::Key(s.into());
    let plan = DocKind::DevelopmentPlan;
    assert!(rights::may_change(plan, Side::Leader, &[k("goals"), k("g1"), k("title")]).is_ok());
    assert!(rights::may_change(plan, Side::Employee, &[k("bench"), k("readiness")]).is_err());
    assert!(rights::may_change(plan, Side::Leader, &[k("bench"), k("readiness")]).is_ok());
    assert!(rights::may_change(plan, Side::Employee, &[k("meta"), k("schema")]).is_err());
    let series = DocKind::OneOnOne;
    let topic = [k("meetings"), k("m1"), k("topics"), k("t1"), k("text")];
    assert!(rights::may_change(series, Side::Leader, &topic).is_ok());
    assert!(rights::may_change(series, Side::Leader, &[k("meetings"), k("m1")]).is_err());
    assert!(rights::may_change(series, Side::Employee, &[k("meetings"), k("m1")]).is_ok());
    assert!(rights::may_change(series, Side::Leader, &[k("actions"), k("a1")]).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever mix of their own commands the two sides run, and in whatever order the files
    /// travel, no legitimate change is ever refused and both copies converge.
    #[test]
    fn legitimate_plan_edits_are_never_refused(steps in prop::collection::vec((any::<bool>(), 0u8..5, any::<bool>()), 1..12)) {
        let (mut employee, mut leader) = new_plan();
        for (i, (by_employee, what, sync_now)) in steps.into_iter().enumerate() {
            let now = 10 + i as i64;
            let (doc, by) = if by_employee { (&mut employee, EMP) } else { (&mut leader, LEAD) };
            match (what, by_employee) {
                (0, _) => { plan::add_goal(doc, by, &goal(&format!("Goal {i}")), day(), now).unwrap(); }
                (1, _) => { plan::add_comment(doc, by, &format!("Comment {i}"), now).unwrap(); }
                (2, true) => plan::set_priorities(doc, by, format!("Priority {i}"), day(), now).unwrap(),
                (3, true) => plan::set_aspiration(doc, by, Some(Interest::Yes), None, day(), now).unwrap(),
                (_, false) => plan::set_bench_assessment(doc, by, &bench(), day(), now).unwrap(),
                _ => { plan::add_comment(doc, by, "More", now).unwrap(); }
            }
            if sync_now {
                send(&mut employee, &mut leader, Side::Employee).unwrap();
                send(&mut leader, &mut employee, Side::Leader).unwrap();
            }
        }
        send(&mut employee, &mut leader, Side::Employee).unwrap();
        send(&mut leader, &mut employee, Side::Leader).unwrap();
        prop_assert_eq!(employee.get_heads().len(), leader.get_heads().len());
        prop_assert_eq!(plan::load(&employee).unwrap(), plan::load(&leader).unwrap());
    }
}
