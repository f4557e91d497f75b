use super::testing::d;
use super::*;
use crate::docs::history;
use crate::domain::performance::{Barrier, LOCK_MONTHS, MAX_METRICS};
use crate::rules::Finding;
use crate::rules::Severity;
use automerge::ActorId;

const EMP: &str = "emp";
const LEAD: &str = "lead";
/// Not on the plan.
const MAL: &str = "mal";

fn people() -> (Participant, Participant) {
    (Participant::new(EMP, "Ada"), Participant::new(LEAD, "Lea"))
}

fn today() -> NaiveDate {
    d("2026-03-02")
}

/// The plan Lea starts for Ada: yearly from 1 Jan 2026, an individual contributor.
fn new_plan() -> AutoCommit {
    let (e, l) = people();
    create("perf-1", &e, &l, LEAD, d("2026-01-01"), today(), 1_000_000).unwrap()
}

fn objective(outcome: &str) -> MetricDraft {
    MetricDraft {
        outcome: outcome.into(),
        objective: true,
        unit: "% of reports".into(),
        target: "80".into(),
        exceeds_at: "95".into(),
        period: "each month".into(),
        ..MetricDraft::default()
    }
}

fn subjective(outcome: &str) -> MetricDraft {
    MetricDraft {
        outcome: outcome.into(),
        objective: false,
        why_imperative: "Clients depend on clear, early updates".into(),
        anchors: (1..=5).map(|i| format!("Level {i}")).collect(),
        period: "each quarter".into(),
        ..MetricDraft::default()
    }
}

fn add(doc: &mut AutoCommit, draft: &MetricDraft) -> Added {
    add_metric(doc, LEAD, draft, "", today(), 2_000_000).unwrap()
}

fn case(metric_id: &str, no_coaching_possible: bool) -> CaseDraft {
    CaseDraft {
        metric_id: metric_id.into(),
        date: d("2026-02-20"),
        what: "February report delivered on the 19th".into(),
        coaching: if no_coaching_possible {
            String::new()
        } else {
            "Start the draft on the 10th".into()
        },
        no_coaching_possible,
        barrier: Some(Barrier::Effort),
    }
}

/// The rule ids of a refusal (panics on anything else).
fn refused<T: std::fmt::Debug>(r: Result<T, CommandError>) -> Vec<&'static str> {
    match r {
        Err(CommandError::Refused(findings)) => {
            assert!(findings.iter().all(|f| f.severity == Severity::Refuse));
            findings.iter().map(|f| f.rule).collect()
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn r4_3_objective_flag(flags: &[Finding]) -> bool {
    flags
        .iter()
        .any(|f| f.rule == "R4.3" && f.message.contains("objective"))
}

fn r4_3_count_flag(flags: &[Finding]) -> bool {
    flags
        .iter()
        .any(|f| f.rule == "R4.3" && f.message.contains("three is ideal"))
}

/// What the newest change says in the history (R8.5); found by hash, as the history sorts by
/// the commits' clock and the tests' clocks are made up.
fn latest(doc: &mut AutoCommit) -> String {
    let heads = doc.get_heads();
    assert_eq!(heads.len(), 1);
    let hash = heads[0].to_string();
    history(doc)
        .into_iter()
        .find(|e| e.hash == hash)
        .map(|e| e.what)
        .unwrap()
}

/// Q1 2026 of a plan reviewed quarterly from 1 Jan (or the first of a yearly one).
fn q1() -> Period {
    ReviewCycle::Quarterly.period_at(d("2026-01-01"), d("2026-02-01"))
}

#[test]
fn create_puts_every_root_object_in_one_change() {
    let mut doc = new_plan();
    assert_eq!(doc.get_changes(&[]).len(), 1);
    for key in [
        "meta",
        "employee",
        "leader",
        "metrics",
        "results",
        "cases",
        "feedback",
        "self_ratings",
        "reviews",
        "comments",
    ] {
        assert!(obj_at(&doc, &ROOT, key).is_ok(), "{key} missing");
    }
    let p = load(&doc).unwrap();
    assert_eq!(p.meta.kind, DocKind::PerformancePlan);
    assert_eq!(
        (p.employee.name.as_str(), p.leader.id.as_str()),
        ("Ada", LEAD)
    );
    assert_eq!((p.created_by.as_str(), p.created_on), (LEAD, today()));
    assert_eq!(
        (p.cycle, p.cycle_start),
        (ReviewCycle::Yearly, d("2026-01-01"))
    );
    assert!(p.individual_contributor && p.acknowledged_on.is_none());
    let h = history(&mut doc);
    assert_eq!(
        (h[0].by.as_str(), h[0].what.as_str()),
        ("Lea", "Created performance plan")
    );
}

#[test]
fn create_refuses_bad_participants() {
    let (e, l) = people();
    assert!(matches!(
        create("p", &e, &e, EMP, today(), today(), 0),
        Err(CommandError::Input(
            crate::domain::InputError::BadParticipants
        ))
    ));
    let nameless = Participant::new("x", "  ");
    assert!(matches!(
        create("p", &nameless, &l, LEAD, today(), today(), 0),
        Err(CommandError::Input(
            crate::domain::InputError::BadParticipants
        ))
    ));
    assert!(matches!(
        create("p", &e, &l, MAL, today(), today(), 0),
        Err(CommandError::NotAParticipant)
    ));
}

#[test]
fn load_refuses_other_kinds_and_newer_schema() {
    let ws = crate::docs::workspace::create("ws", "me", "Lea", 0).unwrap();
    assert!(matches!(load(&ws), Err(DocError::WrongKind { .. })));
    let mut doc = new_plan();
    let meta = DocMeta {
        id: "perf-1".into(),
        kind: DocKind::PerformancePlan,
        schema: SCHEMA + 1,
    };
    reconcile_prop(&mut doc, ROOT, "meta", &meta).unwrap();
    assert!(matches!(load(&doc), Err(DocError::NewerSchema(_))));
}

/// A plan with one objective metric, acknowledged, and a shared Q1 review: every command has
/// something to act on.
fn busy_plan() -> (AutoCommit, String) {
    let mut doc = new_plan();
    let m = add(&mut doc, &objective("Reports by the 15th")).id;
    acknowledge(&mut doc, EMP, today(), 3).unwrap();
    share_review(&mut doc, LEAD, &q1(), "A good quarter.", today(), 4).unwrap();
    (doc, m)
}

/// Runs every command of the plan as `by`; returns each one's result as `Err` text or "ok".
fn every_command(
    doc: &mut AutoCommit,
    by: &str,
    m: &str,
) -> Vec<(&'static str, Result<(), String>)> {
    let t = today();
    let q = q1();
    let key = q.key();
    let e = |r: Result<(), CommandError>| r.map_err(|e| format!("{e:?}"));
    let edited = MetricDraft {
        target: "75".into(),
        ..objective("Reports by the 15th")
    };
    vec![
        (
            "set_setup",
            e(set_setup(doc, by, false, ReviewCycle::Quarterly, t, 9)),
        ),
        ("acknowledge", e(acknowledge(doc, by, d("2026-03-03"), 9))),
        (
            "add_metric",
            e(add_metric(doc, by, &objective("Tickets"), "why", t, 9).map(|_| ())),
        ),
        (
            "edit_metric",
            e(edit_metric(doc, by, m, &edited, "why", t, 9)),
        ),
        (
            "replace_with_goal",
            e(replace_with_goal(
                doc,
                by,
                m,
                "g1",
                "Speak at a meetup",
                t,
                9,
            )),
        ),
        (
            "record_result",
            e(record_result(doc, by, m, &q, 90.0, "", t, 9)),
        ),
        (
            "record_case",
            e(record_case(doc, by, &case(m, false), t, 9).map(|_| ())),
        ),
        (
            "add_feedback",
            e(add_feedback(doc, by, Some(m), t, true, "Great demo", t, 9).map(|_| ())),
        ),
        (
            "set_self_rating",
            e(set_self_rating(doc, by, m, &q, 4, "", t, 9)),
        ),
        (
            "share_review",
            e(share_review(doc, by, &q, "Updated text.", t, 9)),
        ),
        (
            "add_review_comment",
            e(add_review_comment(doc, by, &key, "Thanks", 9).map(|_| ())),
        ),
        // Last: the metric is gone afterwards.
        ("remove_metric", e(remove_metric(doc, by, m, "why", t, 9))),
    ]
}

#[test]
fn every_command_refuses_people_not_on_the_plan() {
    let (mut doc, m) = busy_plan();
    let before = doc.get_heads();
    for (name, r) in every_command(&mut doc, MAL, &m) {
        assert_eq!(
            r,
            Err(format!("{:?}", CommandError::NotAParticipant)),
            "{name} by someone not on the plan"
        );
    }
    assert_eq!(doc.get_heads(), before, "nothing was written");
}

#[test]
fn r4_1_each_command_belongs_to_its_side() {
    // Leader only: set-up (R4.5), metrics (R4.1–R4.4, R5.5), results, cases (R4.6) and the
    // shared review (R4.7). Employee only: the acknowledgement (R4.4) and the self-assessment.
    // Both: feedback and comments.
    let leader_only = [
        "set_setup",
        "add_metric",
        "edit_metric",
        "remove_metric",
        "replace_with_goal",
        "record_result",
        "record_case",
        "share_review",
    ];
    let employee_only = ["acknowledge", "set_self_rating"];
    let both = ["add_feedback", "add_review_comment"];

    let (mut doc, m) = busy_plan();
    let before = doc.get_heads();
    let mut heads_moved = 0;
    for (name, r) in every_command(&mut doc, EMP, &m) {
        if leader_only.contains(&name) {
            assert_eq!(
                r,
                Err(format!("{:?}", CommandError::NotAllowed("the leader"))),
                "{name} by the employee"
            );
        } else {
            assert!(r.is_ok(), "{name} by the employee: {r:?}");
            assert!(employee_only.contains(&name) || both.contains(&name));
            heads_moved += 1;
        }
    }
    assert_eq!(heads_moved, 4);
    assert_ne!(doc.get_heads(), before);
    let p = load(&doc).unwrap();
    // Acknowledged once already (busy_plan): the lock keeps its first day.
    assert_eq!(p.acknowledged_on, Some(d("2026-03-02")));
    assert_eq!(p.self_rating(&q1(), &m).map(|r| r.rating), Some(4));
    assert_eq!(p.feedback.values().next().map(|f| f.by.as_str()), Some(EMP));
    assert_eq!(p.comments.values().next().map(|c| c.by.as_str()), Some(EMP));
    assert_eq!(
        p.active_metrics().len(),
        1,
        "the employee changed no metric"
    );
    assert!(p.results.is_empty() && p.cases.is_empty());

    let (mut doc, m) = busy_plan();
    for (name, r) in every_command(&mut doc, LEAD, &m) {
        if employee_only.contains(&name) {
            assert_eq!(
                r,
                Err(format!("{:?}", CommandError::NotAllowed("the employee"))),
                "{name} by the leader"
            );
        } else if name == "replace_with_goal" {
            // Allowed to the leader, refused here by R5.5: the metric is objective.
            assert!(r.unwrap_err().contains("R5.5"));
        } else {
            assert!(r.is_ok(), "{name} by the leader: {r:?}");
        }
    }
    let p = load(&doc).unwrap();
    assert_eq!(
        p.acknowledged_on,
        Some(today()),
        "the leader did not re-acknowledge"
    );
    assert!(p.self_ratings.is_empty());
    assert_eq!(
        p.comments.values().next().map(|c| c.by.as_str()),
        Some(LEAD)
    );
    assert_eq!(p.cycle, ReviewCycle::Quarterly);
    assert!(!p.individual_contributor);
    assert!(!p.metrics.contains_key(&m), "removed last");
    assert_eq!(p.results.len(), 1);
    assert_eq!(p.cases.len(), 1);
}

#[test]
fn feedback_and_comments_from_either_side_are_dated_and_checked() {
    let (mut doc, m) = busy_plan();
    let f1 = add_feedback(
        &mut doc,
        EMP,
        None,
        d("2026-02-27"),
        false,
        " Need data ",
        today(),
        5,
    )
    .unwrap();
    let f2 = add_feedback(
        &mut doc,
        LEAD,
        Some(&m),
        today(),
        true,
        "On time",
        today(),
        6,
    )
    .unwrap();
    assert_eq!(latest(&mut doc), "Noted praise");
    let p = load(&doc).unwrap();
    assert_eq!(p.feedback[&f1].text, "Need data");
    assert_eq!(p.feedback[&f1].metric_id, None);
    assert_eq!(p.feedback[&f2].metric_id.as_deref(), Some(m.as_str()));
    assert_eq!(
        p.feedback_sorted()
            .iter()
            .map(|f| f.id.as_str())
            .collect::<Vec<_>>(),
        [f2.as_str(), f1.as_str()],
        "newest first"
    );
    let before = doc.get_heads();
    assert!(matches!(
        add_feedback(
            &mut doc,
            EMP,
            None,
            d("2026-03-03"),
            false,
            "Later",
            today(),
            7
        ),
        Err(CommandError::PlanInput(InputError::FutureDate))
    ));
    assert!(matches!(
        add_feedback(&mut doc, EMP, None, today(), false, "  ", today(), 7),
        Err(CommandError::PlanInput(InputError::Empty))
    ));
    assert!(matches!(
        add_feedback(&mut doc, EMP, Some("gone"), today(), false, "x", today(), 7),
        Err(CommandError::NotFound("metric"))
    ));
    let key = q1().key();
    let c1 = add_review_comment(&mut doc, LEAD, &key, "Let's talk Friday", 20).unwrap();
    let c2 = add_review_comment(&mut doc, EMP, &key, "Agreed", 10).unwrap();
    assert!(matches!(
        add_review_comment(&mut doc, EMP, "2025-01-01", "Where?", 30),
        Err(CommandError::NotFound("review"))
    ));
    assert!(matches!(
        add_review_comment(&mut doc, EMP, &key, " ", 30),
        Err(CommandError::PlanInput(InputError::Empty))
    ));
    let p = load(&doc).unwrap();
    assert_eq!(
        p.comments_on(&key)
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        [c2.as_str(), c1.as_str()],
        "oldest first"
    );
    assert_eq!(doc.get_changes(&before).len(), 2, "only the two comments");
}

#[test]
fn r4_3_a_sixth_metric_is_refused_for_an_individual_contributor() {
    let mut doc = new_plan();
    for i in 1..=MAX_METRICS {
        let added = add(&mut doc, &objective(&format!("Metric {i}")));
        // R4.3: three is ideal; the fourth and fifth are flagged as harder to coach.
        assert_eq!(
            r4_3_count_flag(&added.flags),
            i > 3,
            "metric {i}: {:?}",
            added.flags
        );
        assert!(added.flags.iter().all(|f| f.severity == Severity::Flag));
    }
    let before = doc.get_heads();
    assert_eq!(
        refused(add_metric(
            &mut doc,
            LEAD,
            &objective("Sixth"),
            "",
            today(),
            3
        )),
        ["R4.3"]
    );
    assert_eq!(doc.get_heads(), before, "a refused metric writes nothing");
    assert_eq!(load(&doc).unwrap().metrics.len(), MAX_METRICS);

    // Not an individual contributor (a leader's own plan): the limit does not apply, the flag
    // still does.
    set_setup(
        &mut doc,
        LEAD,
        false,
        ReviewCycle::Yearly,
        d("2026-01-01"),
        4,
    )
    .unwrap();
    let sixth = add(&mut doc, &objective("Sixth"));
    assert!(r4_3_count_flag(&sixth.flags));
    assert_eq!(load(&doc).unwrap().active_metrics().len(), MAX_METRICS + 1);
}

#[test]
fn r4_3_add_metric_flags_under_80_percent_objective() {
    let mut doc = new_plan();
    let first = add(&mut doc, &subjective("Communication"));
    assert!(r4_3_objective_flag(&first.flags), "0 % objective");
    let second = add(&mut doc, &objective("Reports"));
    assert!(r4_3_objective_flag(&second.flags), "50 %");
    assert!(
        second.flags[0].message.contains("50 %"),
        "{:?}",
        second.flags
    );
    add(&mut doc, &objective("Tickets"));
    let fourth = add(&mut doc, &objective("Defects"));
    assert!(r4_3_objective_flag(&fourth.flags), "75 %");
    assert!(r4_3_count_flag(&fourth.flags));
    let fifth = add(&mut doc, &objective("Uptime"));
    // 4 of 5 is exactly 80 %: allowed without the share flag, still harder to coach.
    assert!(!r4_3_objective_flag(&fifth.flags), "{:?}", fifth.flags);
    assert!(r4_3_count_flag(&fifth.flags));

    let mut doc = new_plan();
    for o in ["A", "B", "C"] {
        let a = add(&mut doc, &objective(o));
        assert!(a.flags.is_empty(), "three objective metrics are ideal");
    }
}

#[test]
fn r4_1_r4_2_a_metric_missing_a_part_is_refused_and_writes_nothing() {
    let mut doc = new_plan();
    let before = doc.get_heads();
    let no_unit = MetricDraft {
        unit: " ".into(),
        ..objective("Reports")
    };
    assert!(matches!(
        add_metric(&mut doc, LEAD, &no_unit, "", today(), 1),
        Err(CommandError::PlanInput(InputError::MetricUnit))
    ));
    let no_why = MetricDraft {
        why_imperative: String::new(),
        ..subjective("Teamwork")
    };
    assert!(matches!(
        add_metric(&mut doc, LEAD, &no_why, "", today(), 1),
        Err(CommandError::PlanInput(InputError::MetricWhy))
    ));
    assert_eq!(doc.get_heads(), before);
    let id = add(&mut doc, &objective(" Reports   by the 15th ")).id;
    let m = &load(&doc).unwrap().metrics[&id];
    assert_eq!(m.outcome, "Reports by the 15th");
    assert_eq!((m.target, m.exceeds_at, m.added_on), (80.0, 95.0, today()));
    assert!(m.changes.is_empty(), "no reason, no change entry");
    assert_eq!(latest(&mut doc), "Added metric \"Reports by the 15th\"");
}

#[test]
fn r4_4_before_acknowledgement_metrics_change_freely() {
    let mut doc = new_plan();
    let m = add(&mut doc, &objective("Reports")).id;
    let edited = MetricDraft {
        target: "75".into(),
        ..objective("Reports")
    };
    edit_metric(&mut doc, LEAD, &m, &edited, "", today(), 3).unwrap();
    let p = load(&doc).unwrap();
    assert_eq!(p.metrics[&m].target, 75.0);
    assert!(p.metrics[&m].changes.is_empty());
    assert_eq!(
        latest(&mut doc),
        "Changed metric \"Reports\": target 80 -> 75"
    );
    // Acknowledging needs metrics to acknowledge.
    let mut empty = new_plan();
    assert!(matches!(
        acknowledge(&mut empty, EMP, today(), 1),
        Err(CommandError::Invalid(_))
    ));
}

#[test]
fn r4_4_after_acknowledgement_a_change_needs_a_reason_kept_in_the_history() {
    let mut doc = new_plan();
    let m = add(&mut doc, &objective("Reports")).id;
    let other = add(&mut doc, &objective("Tickets")).id;
    acknowledge(&mut doc, EMP, today(), 3).unwrap();
    assert_eq!(latest(&mut doc), "Acknowledged the metrics");
    let p = load(&doc).unwrap();
    assert_eq!(p.acknowledged_on, Some(today()));
    assert_eq!(
        p.locked_until(),
        today().checked_add_months(chrono::Months::new(LOCK_MONTHS))
    );
    let later = d("2026-05-15");
    let edited = MetricDraft {
        target: "75".into(),
        ..objective("Reports")
    };

    // Without a reason: refused, nothing written.
    let before = doc.get_heads();
    assert_eq!(
        refused(edit_metric(&mut doc, LEAD, &m, &edited, "  ", later, 4)),
        ["R4.4"]
    );
    assert_eq!(
        refused(remove_metric(&mut doc, LEAD, &other, "", later, 4)),
        ["R4.4"]
    );
    assert_eq!(
        refused(add_metric(
            &mut doc,
            LEAD,
            &objective("Uptime"),
            "",
            later,
            4
        )),
        ["R4.4"]
    );
    let err = edit_metric(&mut doc, LEAD, &m, &edited, "", later, 4).unwrap_err();
    assert!(err.to_string().contains("2 Sep 2026"), "{err}");
    assert_eq!(doc.get_heads(), before);

    // With a reason: accepted, the reason kept beside the metric and in the history.
    edit_metric(
        &mut doc,
        LEAD,
        &m,
        &edited,
        " Client contract changed ",
        later,
        5,
    )
    .unwrap();
    let p = load(&doc).unwrap();
    assert_eq!(p.metrics[&m].target, 75.0);
    let changes: Vec<&MetricChange> = p.metrics[&m].changes.values().collect();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (
            changes[0].reason.as_str(),
            changes[0].what.as_str(),
            changes[0].by.as_str(),
            changes[0].on
        ),
        ("Client contract changed", "target 80 -> 75", LEAD, later)
    );
    assert_eq!(
        latest(&mut doc),
        "Changed metric \"Reports\": target 80 -> 75 — reason: Client contract changed"
    );

    let added = add_metric(
        &mut doc,
        LEAD,
        &objective("Uptime"),
        "New service",
        later,
        6,
    )
    .unwrap();
    let p = load(&doc).unwrap();
    let c: Vec<&MetricChange> = p.metrics[&added.id].changes.values().collect();
    assert_eq!(
        (c[0].reason.as_str(), c[0].what.as_str()),
        ("New service", "added")
    );
    assert_eq!(
        latest(&mut doc),
        "Added metric \"Uptime\" — reason: New service"
    );

    remove_metric(&mut doc, LEAD, &other, "Team merged", later, 7).unwrap();
    assert!(!load(&doc).unwrap().metrics.contains_key(&other));
    assert_eq!(
        latest(&mut doc),
        "Removed metric \"Tickets\" — reason: Team merged"
    );
    let h = history(&mut doc);
    assert_eq!(
        h.iter().filter(|e| e.what.contains("— reason: ")).count(),
        3
    );
    assert!(h
        .iter()
        .all(|e| e.by == "Lea" || e.what == "Acknowledged the metrics"));

    // Six months after the acknowledgement the lock is over: no reason needed.
    let over = d("2026-09-02");
    let again = MetricDraft {
        target: "70".into(),
        ..objective("Reports")
    };
    edit_metric(&mut doc, LEAD, &m, &again, "", over, 8).unwrap();
    assert_eq!(
        load(&doc).unwrap().metrics[&m].changes.len(),
        1,
        "no reason, no entry"
    );
    // The day before, it was still locked.
    let mut doc2 = new_plan();
    let m2 = add(&mut doc2, &objective("Reports")).id;
    acknowledge(&mut doc2, EMP, today(), 3).unwrap();
    assert_eq!(
        refused(edit_metric(
            &mut doc2,
            LEAD,
            &m2,
            &again,
            "",
            d("2026-09-01"),
            4
        )),
        ["R4.4"]
    );
}

#[test]
fn r4_5_set_up_sets_the_cycle_and_new_hire_reviews() {
    let mut doc = new_plan();
    set_setup(
        &mut doc,
        LEAD,
        true,
        ReviewCycle::NewHire30,
        d("2026-02-02"),
        2,
    )
    .unwrap();
    assert_eq!(
        latest(&mut doc),
        "Review cycle: new hire: one review after 30 days from 2 Feb 2026"
    );
    let p = load(&doc).unwrap();
    assert_eq!(
        (p.cycle, p.cycle_start),
        (ReviewCycle::NewHire30, d("2026-02-02"))
    );
    let only = p.period_at(d("2026-12-01"));
    assert_eq!((only.start, only.end), (d("2026-02-02"), d("2026-03-04")));
    assert_eq!(
        ReviewCycle::NewHire30.previous(p.cycle_start, only),
        None,
        "a single review"
    );

    set_setup(
        &mut doc,
        LEAD,
        true,
        ReviewCycle::NewHire60,
        d("2026-02-02"),
        3,
    )
    .unwrap();
    let p = load(&doc).unwrap();
    assert_eq!(p.period_at(today()).end, d("2026-04-03"));

    set_setup(
        &mut doc,
        LEAD,
        true,
        ReviewCycle::Quarterly,
        d("2026-04-01"),
        4,
    )
    .unwrap();
    let p = load(&doc).unwrap();
    let q = p.period_at(d("2026-08-10"));
    assert_eq!((q.start, q.end), (d("2026-07-01"), d("2026-09-30")));
    // Nothing more frequent than quarterly exists to choose (R4.5).
    assert_eq!(
        ReviewCycle::from_months(2),
        Err(InputError::CycleTooFrequent)
    );
    assert_eq!(
        ReviewCycle::from_slug("new-hire-60"),
        Some(ReviewCycle::NewHire60)
    );
}

#[test]
fn r4_6_a_case_without_possible_coaching_flags_its_metric() {
    let mut doc = new_plan();
    let m = add(&mut doc, &objective("Reports by the 15th")).id;
    let coached = record_case(&mut doc, LEAD, &case(&m, false), today(), 3).unwrap();
    assert!(coached.flags.is_empty());
    assert_eq!(
        latest(&mut doc),
        "Documented a case on \"Reports by the 15th\" (20 Feb 2026)"
    );
    let p = load(&doc).unwrap();
    let c = &p.cases[&coached.id];
    assert_eq!(
        (c.barrier, c.coaching.as_str(), c.date, c.by.as_str()),
        (
            Barrier::Effort,
            "Start the draft on the 10th",
            d("2026-02-20"),
            LEAD
        )
    );
    assert!(crate::rules::performance::unattainable_metrics(&p).is_empty());

    let mut none = case(&m, true);
    none.coaching = "ignored when none was possible".into();
    none.barrier = Some(Barrier::UnrealisticStandard);
    let flagged = record_case(&mut doc, LEAD, &none, today(), 4).unwrap();
    assert_eq!(flagged.flags.len(), 1);
    assert_eq!(flagged.flags[0].rule, "R4.6");
    assert_eq!(flagged.flags[0].severity, Severity::Flag);
    assert!(flagged.flags[0].message.contains("Reports by the 15th"));
    let p = load(&doc).unwrap();
    assert_eq!(p.cases[&flagged.id].coaching, "");
    assert!(p.cases[&flagged.id].no_coaching_possible);
    let unattainable = crate::rules::performance::unattainable_metrics(&p);
    assert_eq!(unattainable.len(), 1);
    assert_eq!(unattainable[0].0, m);

    // A case missing a part is refused and writes nothing.
    let before = doc.get_heads();
    let no_barrier = CaseDraft {
        barrier: None,
        ..case(&m, false)
    };
    assert!(matches!(
        record_case(&mut doc, LEAD, &no_barrier, today(), 5),
        Err(CommandError::PlanInput(InputError::CaseBarrier))
    ));
    let uncoached = CaseDraft {
        coaching: " ".into(),
        ..case(&m, false)
    };
    assert!(matches!(
        record_case(&mut doc, LEAD, &uncoached, today(), 5),
        Err(CommandError::PlanInput(InputError::CaseCoaching))
    ));
    assert!(matches!(
        record_case(&mut doc, LEAD, &case("gone", false), today(), 5),
        Err(CommandError::NotFound("metric"))
    ));
    assert_eq!(doc.get_heads(), before);
}

#[test]
fn results_are_one_per_period_and_metric() {
    let mut doc = new_plan();
    let reports = add(&mut doc, &objective("Reports")).id;
    let comms = add(&mut doc, &subjective("Communication")).id;
    let q = q1();
    record_result(&mut doc, LEAD, &reports, &q, 70.0, "", today(), 3).unwrap();
    assert_eq!(
        latest(&mut doc),
        "Result of \"Reports\" for 1 Jan 2026 – 31 Mar 2026: 70 % of reports (below)"
    );
    // Recording again corrects it: one result per period and metric.
    record_result(&mut doc, LEAD, &reports, &q, 90.0, " checked ", today(), 4).unwrap();
    let p = load(&doc).unwrap();
    assert_eq!(p.results.len(), 1);
    let r = p.result(&q, &reports).unwrap();
    assert_eq!((r.value, r.note.as_str()), (90.0, "checked"));
    assert_eq!(
        p.results.keys().next().unwrap(),
        &format!("2026-01-01/{reports}")
    );
    // The same value and note again: no commit.
    let before = doc.get_heads();
    record_result(&mut doc, LEAD, &reports, &q, 90.0, "checked", today(), 5).unwrap();
    assert_eq!(doc.get_heads(), before);
    // Another period is another result.
    let q2 = ReviewCycle::Quarterly.previous(d("2025-10-01"), q).unwrap();
    record_result(&mut doc, LEAD, &reports, &q2, 85.0, "", today(), 6).unwrap();
    assert_eq!(load(&doc).unwrap().results.len(), 2);

    // A subjective result is a whole rating from 1 to 5.
    let before = doc.get_heads();
    for bad in [0.0, 3.5, 6.0, f64::NAN] {
        assert!(
            matches!(
                record_result(&mut doc, LEAD, &comms, &q, bad, "", today(), 7),
                Err(CommandError::PlanInput(InputError::Rating))
            ),
            "{bad}"
        );
    }
    assert!(matches!(
        record_result(&mut doc, LEAD, &reports, &q, f64::INFINITY, "", today(), 7),
        Err(CommandError::PlanInput(InputError::Rating))
    ));
    assert!(matches!(
        record_result(&mut doc, LEAD, "gone", &q, 3.0, "", today(), 7),
        Err(CommandError::NotFound("metric"))
    ));
    assert_eq!(doc.get_heads(), before);
    record_result(&mut doc, LEAD, &comms, &q, 4.0, "", today(), 8).unwrap();
    assert_eq!(
        latest(&mut doc),
        "Result of \"Communication\" for 1 Jan 2026 – 31 Mar 2026: 4 of 5 (exceeds)"
    );
    assert_eq!(load(&doc).unwrap().results.len(), 3);
}

#[test]
fn self_ratings_are_one_per_period_and_metric() {
    let mut doc = new_plan();
    let m = add(&mut doc, &objective("Reports")).id;
    let q = q1();
    let before = doc.get_heads();
    for bad in [0, 6] {
        assert!(matches!(
            set_self_rating(&mut doc, EMP, &m, &q, bad, "", today(), 3),
            Err(CommandError::PlanInput(InputError::Rating))
        ));
    }
    assert_eq!(doc.get_heads(), before);
    set_self_rating(&mut doc, EMP, &m, &q, 3, "", today(), 4).unwrap();
    assert_eq!(latest(&mut doc), "Self-assessed \"Reports\": 3 of 5");
    set_self_rating(&mut doc, EMP, &m, &q, 4, "Better in March", today(), 5).unwrap();
    let p = load(&doc).unwrap();
    assert_eq!(p.self_ratings.len(), 1);
    let r = p.self_rating(&q, &m).unwrap();
    assert_eq!((r.rating, r.comment.as_str()), (4, "Better in March"));
}

#[test]
fn r5_5_only_at_a_yearly_cycle_only_subjective_at_most_two() {
    let mut doc = new_plan();
    let obj = add(&mut doc, &objective("Reports")).id;
    let s: Vec<String> = ["Communication", "Teamwork", "Ownership"]
        .iter()
        .map(|o| add(&mut doc, &subjective(o)).id)
        .collect();
    set_setup(
        &mut doc,
        LEAD,
        true,
        ReviewCycle::HalfYearly,
        d("2026-01-01"),
        3,
    )
    .unwrap();
    let before = doc.get_heads();
    assert_eq!(
        refused(replace_with_goal(
            &mut doc,
            LEAD,
            &s[0],
            "g1",
            "Speak",
            today(),
            4
        )),
        ["R5.5"],
        "not at a yearly cycle"
    );
    assert_eq!(doc.get_heads(), before);
    set_setup(
        &mut doc,
        LEAD,
        true,
        ReviewCycle::Yearly,
        d("2026-01-01"),
        5,
    )
    .unwrap();
    assert_eq!(
        refused(replace_with_goal(
            &mut doc,
            LEAD,
            &obj,
            "g1",
            "Speak",
            today(),
            6
        )),
        ["R5.5"],
        "an objective metric"
    );
    assert!(matches!(
        replace_with_goal(&mut doc, LEAD, &s[0], " ", "Speak", today(), 6),
        Err(CommandError::Invalid(_))
    ));
    replace_with_goal(
        &mut doc,
        LEAD,
        &s[0],
        "g1",
        " Speak at  a meetup ",
        today(),
        7,
    )
    .unwrap();
    assert_eq!(
        latest(&mut doc),
        "Metric \"Communication\" replaced by development goal \"Speak at a meetup\""
    );
    assert_eq!(
        refused(replace_with_goal(
            &mut doc,
            LEAD,
            &s[0],
            "g2",
            "Other",
            today(),
            8
        )),
        ["R5.5"],
        "already replaced"
    );
    replace_with_goal(&mut doc, LEAD, &s[1], "g2", "Mentor", today(), 9).unwrap();
    let before = doc.get_heads();
    assert_eq!(
        refused(replace_with_goal(
            &mut doc,
            LEAD,
            &s[2],
            "g3",
            "Third",
            today(),
            10
        )),
        ["R5.5"],
        "at most two"
    );
    assert_eq!(doc.get_heads(), before);
    let p = load(&doc).unwrap();
    let replaced: Vec<&str> = p.replaced_metrics().iter().map(|m| m.id.as_str()).collect();
    assert_eq!(replaced.len(), 2);
    assert!(replaced.contains(&s[0].as_str()) && replaced.contains(&s[1].as_str()));
    assert_eq!(p.active_metrics().len(), 2);
    let m = &p.metrics[&s[0]];
    assert_eq!(
        (m.replaced_by_goal.as_deref(), m.replaced_by_title.as_str()),
        (Some("g1"), "Speak at a meetup")
    );
    let c: Vec<&MetricChange> = m.changes.values().collect();
    assert_eq!(
        c[0].what,
        "replaced by development goal \"Speak at a meetup\""
    );
}

#[test]
fn r4_7_sharing_a_review_twice_updates_its_text() {
    let mut doc = new_plan();
    let q = q1();
    assert!(matches!(
        share_review(&mut doc, LEAD, &q, "  ", today(), 1),
        Err(CommandError::PlanInput(InputError::Empty))
    ));
    share_review(&mut doc, LEAD, &q, "Strong quarter.", d("2026-03-31"), 2).unwrap();
    assert_eq!(
        latest(&mut doc),
        "Shared the review of 1 Jan 2026 – 31 Mar 2026"
    );
    share_review(
        &mut doc,
        LEAD,
        &q,
        "Strong quarter, reports on time.",
        d("2026-04-02"),
        3,
    )
    .unwrap();
    assert_eq!(latest(&mut doc), "Updated the shared review");
    let p = load(&doc).unwrap();
    assert_eq!(p.reviews.len(), 1);
    let r = &p.reviews[&q.key()];
    assert_eq!(r.summary.as_str(), "Strong quarter, reports on time.");
    assert_eq!((r.period_start, r.period_end), (q.start, q.end));
    assert_eq!(r.shared_on, d("2026-04-02"));
    // The second share was a character edit of the same text, not a second review.
    let before = doc.get_heads();
    share_review(
        &mut doc,
        LEAD,
        &q,
        "Strong quarter, reports on time.",
        d("2026-04-03"),
        4,
    )
    .unwrap();
    assert_eq!(doc.get_heads(), before, "the same text: no commit");
}

#[test]
fn commands_that_change_nothing_make_no_commit() {
    let mut doc = new_plan();
    let m = add(&mut doc, &objective("Reports")).id;
    let q = q1();
    set_setup(
        &mut doc,
        LEAD,
        true,
        ReviewCycle::Quarterly,
        d("2026-01-01"),
        2,
    )
    .unwrap();
    acknowledge(&mut doc, EMP, today(), 3).unwrap();
    record_result(&mut doc, LEAD, &m, &q, 90.0, "n", today(), 4).unwrap();
    set_self_rating(&mut doc, EMP, &m, &q, 4, "c", today(), 5).unwrap();
    share_review(&mut doc, LEAD, &q, "Text", today(), 6).unwrap();
    let before = doc.get_heads();
    let n = doc.get_changes(&[]).len();

    set_setup(
        &mut doc,
        LEAD,
        true,
        ReviewCycle::Quarterly,
        d("2026-01-01"),
        7,
    )
    .unwrap();
    acknowledge(&mut doc, EMP, today(), 8).unwrap();
    // The same draft: nothing to change, so no reason is needed even while locked.
    edit_metric(
        &mut doc,
        LEAD,
        &m,
        &objective(" Reports "),
        "",
        d("2026-04-01"),
        9,
    )
    .unwrap();
    record_result(&mut doc, LEAD, &m, &q, 90.0, " n ", today(), 10).unwrap();
    set_self_rating(&mut doc, EMP, &m, &q, 4, "c ", today(), 11).unwrap();
    share_review(&mut doc, LEAD, &q, " Text ", today(), 12).unwrap();
    assert_eq!(doc.get_heads(), before);
    assert_eq!(doc.get_changes(&[]).len(), n);

    // And each one that does change something makes exactly one commit.
    set_setup(
        &mut doc,
        LEAD,
        false,
        ReviewCycle::Quarterly,
        d("2026-01-01"),
        13,
    )
    .unwrap();
    assert_eq!(doc.get_changes(&[]).len(), n + 1);
}

#[test]
fn both_sides_edit_offline_and_merge_without_loss() {
    let mut leader = new_plan();
    let m = add(&mut leader, &objective("Reports")).id;
    let mut employee = AutoCommit::load(&leader.save()).unwrap();
    employee.set_actor(ActorId::random());
    let q = q1();
    record_result(&mut leader, LEAD, &m, &q, 90.0, "", today(), 3).unwrap();
    record_case(&mut leader, LEAD, &case(&m, false), today(), 4).unwrap();
    set_self_rating(&mut employee, EMP, &m, &q, 4, "", today(), 5).unwrap();
    acknowledge(&mut employee, EMP, today(), 6).unwrap();
    add_feedback(
        &mut employee,
        EMP,
        None,
        today(),
        false,
        "More data",
        today(),
        7,
    )
    .unwrap();
    leader.merge(&mut employee).unwrap();
    employee.merge(&mut leader).unwrap();
    let (a, b) = (load(&leader).unwrap(), load(&employee).unwrap());
    assert_eq!(a, b);
    assert_eq!(
        (
            a.results.len(),
            a.cases.len(),
            a.self_ratings.len(),
            a.feedback.len()
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(a.acknowledged_on, Some(today()));
}

#[test]
fn r3_6_an_edited_adherence_metric_stops_reading_the_series_when_it_becomes_subjective() {
    // The adherence metric's result is read from the 1:1 series in percent (R3.6, R4.7); kept
    // as `adherence` on a subjective metric, 67 % would be scored as a rating of 67 of 5.
    let mut doc = new_plan();
    let m = add(&mut doc, &MetricDraft::adherence()).id;
    assert!(load(&doc).unwrap().metrics[&m].adherence);
    let judged = MetricDraft {
        adherence: true,
        ..subjective("Biweekly 1:1s held with my leader")
    };
    edit_metric(&mut doc, LEAD, &m, &judged, "", today(), 3).unwrap();
    let stored = &load(&doc).unwrap().metrics[&m];
    assert!(!stored.objective);
    assert!(
        !stored.adherence,
        "a subjective metric is never the adherence metric"
    );
    assert!(latest(&mut doc).contains("no longer the 1:1 adherence metric"));
    // An edit of the target keeps the adherence metric what it is, whatever the draft's flag.
    let mut doc = new_plan();
    let m = add(&mut doc, &MetricDraft::adherence()).id;
    let lower = MetricDraft {
        target: "75".into(),
        adherence: false,
        ..MetricDraft::adherence()
    };
    edit_metric(&mut doc, LEAD, &m, &lower, "", today(), 3).unwrap();
    let stored = &load(&doc).unwrap().metrics[&m];
    assert!(stored.adherence && stored.target == 75.0);
    // And an ordinary metric does not become it by an edit.
    let r = add(&mut doc, &objective("Reports")).id;
    let flagged = MetricDraft {
        adherence: true,
        ..objective("Reports")
    };
    let before = doc.get_heads();
    edit_metric(&mut doc, LEAD, &r, &flagged, "", today(), 4).unwrap();
    assert_eq!(doc.get_heads(), before, "nothing changed");
}

#[test]
fn r4_4_acknowledging_again_does_not_move_the_lock() {
    let mut doc = new_plan();
    add(&mut doc, &objective("Reports"));
    acknowledge(&mut doc, EMP, d("2026-03-02"), 3).unwrap();
    let before = doc.get_heads();
    acknowledge(&mut doc, EMP, d("2026-08-20"), 4).unwrap();
    assert_eq!(
        doc.get_heads(),
        before,
        "no second acknowledgement is written"
    );
    let plan = load(&doc).unwrap();
    assert_eq!(plan.acknowledged_on, Some(d("2026-03-02")));
    assert_eq!(plan.locked_until(), Some(d("2026-09-02")));
}

#[test]
fn r4_3_switching_a_large_plan_to_an_individual_contributor_is_flagged() {
    let mut doc = new_plan();
    set_setup(
        &mut doc,
        LEAD,
        false,
        ReviewCycle::Yearly,
        d("2026-01-01"),
        2,
    )
    .unwrap();
    for i in 1..=MAX_METRICS + 1 {
        add(&mut doc, &objective(&format!("Metric {i}")));
    }
    set_setup(
        &mut doc,
        LEAD,
        true,
        ReviewCycle::Yearly,
        d("2026-01-01"),
        3,
    )
    .unwrap();
    let flags = rules::metric_set(&load(&doc).unwrap());
    assert!(
        flags
            .iter()
            .any(|f| f.rule == "R4.3" && f.message.contains("at most 5")),
        "{flags:?}"
    );
}
