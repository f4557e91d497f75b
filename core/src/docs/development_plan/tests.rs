use super::testing::d;
use super::*;
use crate::domain::development::{DiscussionKind, Horizon, Readiness};
use crate::domain::Pair;
use automerge::ActorId;

const EMP: &str = "emp";
const LEAD: &str = "lead";

fn people() -> (Participant, Participant) {
    (
        Participant {
            id: EMP.into(),
            name: "Ada".into(),
        },
        Participant {
            id: LEAD.into(),
            name: "Lea".into(),
        },
    )
}

fn today() -> NaiveDate {
    d("2026-11-25")
}

fn new_plan() -> AutoCommit {
    let (e, l) = people();
    create("plan-1", &e, &l, EMP, today(), 1_000_000).unwrap()
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

/// Loads `bytes` as the other side does: a fresh document with its own actor id.
fn other_side(bytes: &[u8]) -> AutoCommit {
    let mut doc = super::super::load_checked(bytes, DocKind::DevelopmentPlan, SCHEMA).unwrap();
    doc.set_actor(ActorId::random());
    doc
}

#[test]
fn create_puts_every_root_object_in_one_change() {
    let mut doc = new_plan();
    assert_eq!(doc.get_changes(&[]).len(), 1);
    for key in [
        "meta",
        "employee",
        "leader",
        "goals",
        "priorities",
        "aspiration",
        "bench",
        "comments",
        "discussions",
    ] {
        assert!(obj_at(&doc, &ROOT, key).is_ok(), "{key} missing");
    }
    let p = load(&doc).unwrap();
    assert_eq!(p.meta.kind, DocKind::DevelopmentPlan);
    assert_eq!(p.employee.name, "Ada");
    assert_eq!(p.leader.id, LEAD);
    assert_eq!(p.created_by, EMP);
    assert_eq!(p.created_on, today());
    assert_eq!(p.bench.readiness, Readiness::NotAssessed);
    assert_eq!(p.aspiration.promotion, None);
    let h = super::super::history(&mut doc);
    assert_eq!(
        (h[0].by.as_str(), h[0].what.as_str()),
        ("Ada", "Created development plan")
    );
    // The leader may create it for a new report (R5.1 issue text); the commit says so.
    let (e, l) = people();
    let mut by_leader = create("plan-2", &e, &l, LEAD, today(), 0).unwrap();
    assert_eq!(super::super::history(&mut by_leader)[0].by, "Lea");
}

#[test]
fn create_refuses_bad_participants() {
    let (e, l) = people();
    assert!(matches!(
        create("p", &e, &e, EMP, today(), 0),
        Err(CommandError::Input(InputError::BadParticipants))
    ));
    let nameless = Participant {
        id: "x".into(),
        name: "  ".into(),
    };
    assert!(matches!(
        create("p", &nameless, &l, LEAD, today(), 0),
        Err(CommandError::Input(_))
    ));
    assert!(matches!(
        create("p", &e, &l, "someone", today(), 0),
        Err(CommandError::NotAParticipant)
    ));
}

#[test]
fn load_refuses_other_kinds_and_newer_schema() {
    let mut ws = crate::docs::workspace::create("ws", "me", "Lea", 0).unwrap();
    assert!(matches!(load(&ws), Err(DocError::WrongKind { .. })));
    assert!(matches!(
        super::super::load_checked(&ws.save(), DocKind::DevelopmentPlan, SCHEMA),
        Err(DocError::WrongKind { .. })
    ));
    let mut doc = new_plan();
    let meta = DocMeta {
        id: "plan-1".into(),
        kind: DocKind::DevelopmentPlan,
        schema: SCHEMA + 1,
    };
    reconcile_prop(&mut doc, ROOT, "meta", &meta).unwrap();
    assert!(matches!(load(&doc), Err(DocError::NewerSchema(_))));
}

#[test]
fn goals_add_edit_status_delete() {
    let mut doc = new_plan();
    let added = add_goal(
        &mut doc,
        EMP,
        &goal(Horizon::OneYear, " Speak at   a meetup ", "2027-09-01"),
        today(),
        2_000_000,
    )
    .unwrap();
    assert!(added.flags.is_empty());
    // R5.1: a 5-year goal due in a year is flagged, not refused.
    let five = add_goal(
        &mut doc,
        LEAD,
        &goal(Horizon::FiveYears, "Run a team", "2027-11-01"),
        today(),
        2_000_000,
    )
    .unwrap();
    assert_eq!(five.flags.len(), 1);
    assert_eq!(five.flags[0].rule, "R5.1");
    assert!(matches!(
        add_goal(
            &mut doc,
            EMP,
            &goal(Horizon::OneYear, " ", "2027-01-01"),
            today(),
            0
        ),
        Err(CommandError::Input(InputError::MissingTitle))
    ));

    let p = load(&doc).unwrap();
    let g = &p.goals[&added.id];
    assert_eq!(g.title, "Speak at a meetup");
    assert_eq!(g.added_by, EMP);
    assert_eq!(p.goals[&five.id].added_by, LEAD);
    assert_eq!(p.active_goal_counts(), [1, 0, 1]);

    // Editing the description only writes the description (plus the day stamp).
    let later = d("2026-12-01");
    let mut draft = goal(Horizon::OneYear, "Speak at a meetup", "2027-09-01");
    draft.description = "Rust meetup in Lyon".into();
    let heads = doc.get_heads();
    assert!(
        edit_goal(&mut doc, EMP, &added.id, &draft, later, 3_000_000)
            .unwrap()
            .is_empty()
    );
    let changes = doc.get_changes(&heads);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].len(), "Rust meetup in Lyon".chars().count() + 1);
    // Unchanged form: no change at all.
    let heads = doc.get_heads();
    edit_goal(&mut doc, EMP, &added.id, &draft, later, 3_000_000).unwrap();
    assert!(doc.get_changes(&heads).is_empty());
    // Moving the goal to 5 years without moving the date is flagged (R5.1).
    draft.horizon = Horizon::FiveYears;
    let flags = edit_goal(&mut doc, EMP, &added.id, &draft, later, 3_000_000).unwrap();
    assert_eq!(flags.len(), 1);

    set_goal_status(
        &mut doc,
        EMP,
        &five.id,
        GoalStatus::Dropped,
        later,
        4_000_000,
    )
    .unwrap();
    let p = load(&doc).unwrap();
    assert_eq!(p.goals[&five.id].status, GoalStatus::Dropped);
    assert_eq!(p.goals[&five.id].updated_on, later);
    assert_eq!(p.goals[&added.id].horizon, Horizon::FiveYears);
    assert_eq!(
        p.goals[&added.id].description.as_str(),
        "Rust meetup in Lyon"
    );

    delete_goal(&mut doc, LEAD, &five.id, 5_000_000).unwrap();
    assert!(!load(&doc).unwrap().goals.contains_key(&five.id));
    assert!(matches!(
        set_goal_status(&mut doc, EMP, &five.id, GoalStatus::Active, later, 0),
        Err(CommandError::NotFound("goal"))
    ));
    let h = super::super::history(&mut doc);
    assert_eq!(h[0].what, "Removed goal \"Run a team\"");
    assert_eq!(h[0].by, "Lea");
}

#[test]
fn goal_actions_complete_and_reopen() {
    let mut doc = new_plan();
    let g = add_goal(
        &mut doc,
        EMP,
        &goal(Horizon::OneYear, "Certify", "2027-06-01"),
        today(),
        0,
    )
    .unwrap()
    .id;
    let a = add_goal_action(
        &mut doc,
        EMP,
        &g,
        &GoalActionDraft {
            text: "Book exam".into(),
            due: "2027-03-01".into(),
        },
        today(),
        0,
    )
    .unwrap();
    assert!(a.flags.is_empty());
    let late = add_goal_action(
        &mut doc,
        LEAD,
        &g,
        &GoalActionDraft {
            text: "Review".into(),
            due: "2027-07-01".into(),
        },
        today(),
        0,
    )
    .unwrap();
    assert_eq!(
        late.flags.len(),
        1,
        "due after the goal's target date is flagged"
    );
    assert!(matches!(
        add_goal_action(&mut doc, EMP, &g, &GoalActionDraft::default(), today(), 0),
        Err(CommandError::Input(InputError::MissingActionText))
    ));
    assert!(matches!(
        add_goal_action(
            &mut doc,
            EMP,
            "nope",
            &GoalActionDraft {
                text: "x".into(),
                due: String::new()
            },
            today(),
            0
        ),
        Err(CommandError::NotFound("goal"))
    ));

    let done_day = d("2027-02-10");
    set_goal_action_done(&mut doc, EMP, &g, &a.id, true, done_day, 0).unwrap();
    let p = load(&doc).unwrap();
    let goal = &p.goals[&g];
    assert_eq!(goal.actions[&a.id].done_on, Some(done_day));
    assert_eq!(goal.actions[&a.id].due, Some(d("2027-03-01")));
    assert_eq!(goal.updated_on, done_day);
    assert_eq!(goal.open_actions().len(), 1);
    set_goal_action_done(&mut doc, EMP, &g, &a.id, false, done_day, 0).unwrap();
    assert_eq!(load(&doc).unwrap().goals[&g].actions[&a.id].done_on, None);
    assert!(matches!(
        set_goal_action_done(&mut doc, EMP, &g, "nope", true, done_day, 0),
        Err(CommandError::NotFound("action"))
    ));
}

#[test]
fn sides_own_their_fields_r5_3() {
    let mut doc = new_plan();
    // The employee states priorities and interest; the leader cannot do it for them.
    assert!(matches!(
        set_priorities(&mut doc, LEAD, "x", today(), 0),
        Err(CommandError::NotAllowed("the employee"))
    ));
    assert!(matches!(
        set_aspiration(&mut doc, LEAD, Some(Interest::Yes), None, today(), 0),
        Err(CommandError::NotAllowed("the employee"))
    ));
    // The leader assesses readiness; the employee cannot assess themselves.
    let bench = BenchDraft {
        role_title: "Engineer".into(),
        readiness: Readiness::OneToTwoYears,
        successor_for: vec!["Tech lead".into()],
        backfill_needed: true,
    };
    assert!(matches!(
        set_bench_assessment(&mut doc, EMP, &bench, today(), 0),
        Err(CommandError::NotAllowed("the leader"))
    ));
    // Someone outside the plan can do nothing.
    assert!(matches!(
        add_comment(&mut doc, "mallory", "hi", 0),
        Err(CommandError::NotAParticipant)
    ));
    assert!(matches!(
        add_goal(
            &mut doc,
            "mallory",
            &goal(Horizon::OneYear, "x", "2027-01-01"),
            today(),
            0
        ),
        Err(CommandError::NotAParticipant)
    ));

    set_aspiration(
        &mut doc,
        EMP,
        Some(Interest::Yes),
        Some(Interest::NotNow),
        today(),
        0,
    )
    .unwrap();
    set_bench_assessment(&mut doc, LEAD, &bench, today(), 0).unwrap();
    let p = load(&doc).unwrap();
    assert_eq!(p.aspiration.promotion, Some(Interest::Yes));
    assert_eq!(p.aspiration.leadership, Some(Interest::NotNow));
    assert_eq!(p.aspiration.updated_on, Some(today()));
    assert_eq!(p.bench.readiness, Readiness::OneToTwoYears);
    assert_eq!(p.bench.successor_for, vec!["Tech lead".to_string()]);
    assert!(p.bench.backfill_needed);
    assert_eq!(p.bench.assessed_on, Some(today()));
    // Clearing an answer is allowed (back to "not answered").
    set_aspiration(&mut doc, EMP, None, Some(Interest::NotNow), today(), 0).unwrap();
    assert_eq!(load(&doc).unwrap().aspiration.promotion, None);
    let h = super::super::history(&mut doc);
    assert!(h
        .iter()
        .any(|e| e.what == "Assessed readiness: Ready in 1–2 years" && e.by == "Lea"));
}

#[test]
fn priorities_edit_is_incremental() {
    let mut doc = new_plan();
    set_priorities(&mut doc, EMP, "Family first", today(), 0).unwrap();
    let heads = doc.get_heads();
    let next_day = d("2026-11-26");
    set_priorities(&mut doc, EMP, "Family first, then climbing", next_day, 0).unwrap();
    let changes = doc.get_changes(&heads);
    assert_eq!(changes.len(), 1);
    // 15 inserted characters + the new day stamp; nothing rewritten.
    assert_eq!(changes[0].len(), ", then climbing".len() + 1);
    let p = load(&doc).unwrap();
    assert_eq!(p.priorities.as_str(), "Family first, then climbing");
    assert_eq!(p.priorities_updated_on, Some(next_day));
}

#[test]
fn comments_and_discussion_log_r5_4() {
    let mut doc = new_plan();
    assert!(matches!(
        add_comment(&mut doc, EMP, "   ", 0),
        Err(CommandError::Input(InputError::EmptyComment))
    ));
    let c = add_comment(&mut doc, LEAD, "  Great plan ", 7_000).unwrap();
    let check = record_discussion(
        &mut doc,
        LEAD,
        &DiscussionDraft {
            date: today(),
            kind: DiscussionKind::Check,
            one_on_one_id: Some("meeting-9".into()),
            notes: "Course booked".into(),
        },
        today(),
        0,
    )
    .unwrap();
    let future = DiscussionDraft {
        date: d("2026-12-01"),
        kind: DiscussionKind::InDepth,
        one_on_one_id: Some("  ".into()),
        notes: String::new(),
    };
    assert!(matches!(
        record_discussion(&mut doc, EMP, &future, today(), 0),
        Err(CommandError::Input(InputError::FutureDiscussion(_)))
    ));
    let deep = record_discussion(&mut doc, EMP, &future, d("2026-12-01"), 0).unwrap();
    edit_discussion_notes(&mut doc, EMP, &check, "Course booked for March", 0).unwrap();
    assert!(matches!(
        edit_discussion_notes(&mut doc, EMP, "nope", "x", 0),
        Err(CommandError::NotFound("discussion record"))
    ));

    let p = load(&doc).unwrap();
    assert_eq!(p.comments[&c].text, "Great plan");
    assert_eq!(p.comments[&c].by, LEAD);
    assert_eq!(p.comments[&c].at_ms, 7_000);
    assert_eq!(
        p.discussions[&check].one_on_one_id.as_deref(),
        Some("meeting-9")
    );
    assert_eq!(
        p.discussions[&check].notes.as_str(),
        "Course booked for March"
    );
    assert_eq!(
        p.discussions[&deep].one_on_one_id, None,
        "a blank meeting id is not a link"
    );
    assert_eq!(
        p.last_discussion(DiscussionKind::InDepth),
        Some(d("2026-12-01"))
    );
    assert_eq!(p.discussions_newest_first()[0].id, deep);
    assert_eq!(p.name_of(LEAD), "Lea");
}

/// R7.1 / ARCHITECTURE.md, one first change: the employee creates the plan, the leader loads it from bytes, both
/// edit concurrently, they exchange only what the other lacks, and both end up with the
/// same plan with nothing lost.
#[test]
fn concurrent_edits_merge_without_loss() {
    let mut emp = new_plan();
    let g0 = add_goal(
        &mut emp,
        EMP,
        &goal(Horizon::ThreeYears, "Lead a project", "2029-06-01"),
        today(),
        0,
    )
    .unwrap()
    .id;
    set_priorities(&mut emp, EMP, "Family first", today(), 0).unwrap();
    let mut lead = other_side(&emp.save());
    assert_ne!(emp.get_actor(), lead.get_actor());
    let (emp_base, lead_base) = (emp.get_heads(), lead.get_heads());

    // Leader: a comment, a discussion record, an assessment, and an edit to the shared goal's title.
    let c = add_comment(&mut lead, LEAD, "Happy to sponsor the course", 1).unwrap();
    let x = record_discussion(
        &mut lead,
        LEAD,
        &DiscussionDraft {
            date: today(),
            kind: DiscussionKind::InDepth,
            one_on_one_id: None,
            notes: "Talked 5y".into(),
        },
        today(),
        1,
    )
    .unwrap();
    let bench = BenchDraft {
        role_title: "Engineer".into(),
        readiness: Readiness::ReadyNow,
        ..Default::default()
    };
    set_bench_assessment(&mut lead, LEAD, &bench, today(), 1).unwrap();
    edit_goal(
        &mut lead,
        LEAD,
        &g0,
        &goal(
            Horizon::ThreeYears,
            "Lead a cross-team project",
            "2029-06-01",
        ),
        today(),
        1,
    )
    .unwrap();
    // Employee: new goals, priorities, and the same goal's target date.
    let g1 = add_goal(
        &mut emp,
        EMP,
        &goal(Horizon::OneYear, "Certify", "2027-06-01"),
        today(),
        2,
    )
    .unwrap()
    .id;
    let g5 = add_goal(
        &mut emp,
        EMP,
        &goal(Horizon::FiveYears, "Open a studio", "2031-06-01"),
        today(),
        2,
    )
    .unwrap()
    .id;
    set_priorities(&mut emp, EMP, "Family first; health", today(), 2).unwrap();
    edit_goal(
        &mut emp,
        EMP,
        &g0,
        &goal(Horizon::ThreeYears, "Lead a project", "2029-09-01"),
        today(),
        2,
    )
    .unwrap();

    // Exchange: each side sends only what the other is known to have had.
    let to_lead = emp.save_after(&emp_base);
    let to_emp = lead.save_after(&lead_base);
    lead.load_incremental(&to_lead).unwrap();
    emp.load_incremental(&to_emp).unwrap();
    // Importing the same file twice changes nothing (R7.1).
    let heads = emp.get_heads();
    emp.load_incremental(&to_emp).unwrap();
    assert_eq!(emp.get_heads(), heads);

    let (pe, pl) = (load(&emp).unwrap(), load(&lead).unwrap());
    assert_eq!(pe, pl);
    assert_eq!(pe.goals.len(), 3);
    assert!(pe.goals.contains_key(&g1) && pe.goals.contains_key(&g5));
    // Concurrent edits to different fields of one goal are both kept.
    assert_eq!(pe.goals[&g0].title, "Lead a cross-team project");
    assert_eq!(pe.goals[&g0].target_date, d("2029-09-01"));
    assert_eq!(pe.priorities.as_str(), "Family first; health");
    assert_eq!(pe.comments[&c].text, "Happy to sponsor the course");
    assert_eq!(pe.discussions[&x].notes.as_str(), "Talked 5y");
    assert_eq!(pe.bench.readiness, Readiness::ReadyNow);
    assert_eq!(
        emp.get_heads().len(),
        2,
        "both sides' latest changes are heads"
    );
    assert_eq!(
        lead.get_heads()
            .iter()
            .collect::<std::collections::BTreeSet<_>>(),
        emp.get_heads().iter().collect()
    );
}

#[test]
fn concurrent_prose_edits_merge_character_wise() {
    let mut emp = new_plan();
    let x = record_discussion(
        &mut emp,
        EMP,
        &DiscussionDraft {
            date: today(),
            kind: DiscussionKind::Check,
            one_on_one_id: None,
            notes: "Course. Mentor.".into(),
        },
        today(),
        0,
    )
    .unwrap();
    let mut lead = other_side(&emp.save());
    edit_discussion_notes(&mut emp, EMP, &x, "Course in March. Mentor.", 1).unwrap();
    edit_discussion_notes(&mut lead, LEAD, &x, "Course. Mentor: Sam.", 1).unwrap();
    emp.merge(&mut lead).unwrap();
    lead.merge(&mut emp).unwrap();
    let n = load(&emp).unwrap().discussions[&x]
        .notes
        .as_str()
        .to_string();
    assert_eq!(n, "Course in March. Mentor: Sam.");
    assert_eq!(load(&lead).unwrap(), load(&emp).unwrap());
}
