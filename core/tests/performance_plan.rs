//! The performance plan (Goal 4) as a shared document: both sides edit offline and merge
//! without loss (R7.1, R4.1–R4.7), every change is checked on import against who writes
//! what (docs/WRITERS.md: the leader the set-up, metrics, results, cases and reviews; the
//! employee the acknowledgement and the self-assessment; both feedback and comments), and a
//! performance plan travels in sync files like the development plan (R7.4).

use automerge::{transaction::Transactable, ActorId, AutoCommit, ReadDoc, ROOT};
use chrono::NaiveDate;
use proptest::prelude::*;
use rapport_core::docs::exchange::{self, ExchangeError};
use rapport_core::docs::incoming::IncomingError;
use rapport_core::docs::performance_plan as plan;
use rapport_core::docs::rights::{self, Step};
use rapport_core::docs::trust::{self, Access, Incoming, TrustError};
use rapport_core::docs::workspace::{self, SharedDoc};
use rapport_core::docs::DocKind;
use rapport_core::domain::performance::{
    Barrier, CaseDraft, MetricDraft, PerformancePlan, Period, ReviewCycle,
};
use rapport_core::domain::{Participant, Side};

mod support;
use support::pair::{seal_file, Browser, PHRASE};

const EMP: &str = "eve";
const LEAD: &str = "lea";
const PLAN: &str = "perf-lea-eve";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn day() -> NaiveDate {
    d("2026-03-20")
}

fn q1() -> Period {
    ReviewCycle::Quarterly.period_at(d("2026-01-01"), d("2026-02-01"))
}

fn reports() -> MetricDraft {
    MetricDraft {
        outcome: "Reports by the 15th".into(),
        objective: true,
        unit: "% of reports".into(),
        target: "80".into(),
        exceeds_at: "95".into(),
        period: "each month".into(),
        ..MetricDraft::default()
    }
}

fn communication() -> MetricDraft {
    MetricDraft {
        outcome: "Communication".into(),
        objective: false,
        why_imperative: "Clients rely on early, clear updates".into(),
        anchors: (1..=5).map(|i| format!("Level {i}")).collect(),
        period: "each quarter".into(),
        ..MetricDraft::default()
    }
}

fn case(metric_id: &str) -> CaseDraft {
    CaseDraft {
        metric_id: metric_id.into(),
        date: d("2026-02-16"),
        what: "February report on the 18th".into(),
        coaching: "Draft on the 10th, review on the 13th".into(),
        no_coaching_possible: false,
        barrier: Some(Barrier::Resources),
    }
}

/// The other side's copy: same history, its own actor.
fn fork(doc: &mut AutoCommit) -> AutoCommit {
    let mut other = AutoCommit::load(&doc.save()).unwrap();
    other.set_actor(ActorId::random());
    other
}

/// Sends what `from` has beyond `to` and merges it into `to` as a file written by `author`
/// (the import's preview and merge, with the rights check).
fn send(from: &mut AutoCommit, to: &mut AutoCommit, author: Side) -> Result<usize, ExchangeError> {
    let theirs = to.get_heads();
    let payload = exchange::changes_since(from, &theirs);
    let heads = from.get_heads();
    let id = rapport_core::docs::meta(to).unwrap().id;
    exchange::preview_by(to, &id, &payload, &heads, author)?;
    exchange::merge_by(to, &payload, &heads, author).map(|r| r.new_changes)
}

/// Lea's plan for Eve, reviewed quarterly, with two metrics; Eve's copy loaded from its
/// bytes. Returns (leader copy, employee copy, reports id, communication id).
fn new_plan() -> (AutoCommit, AutoCommit, String, String) {
    let mut leader = plan::create(
        PLAN,
        &Participant::new(EMP, "Eve Report"),
        &Participant::new(LEAD, "Lea Leader"),
        LEAD,
        d("2026-01-01"),
        d("2026-01-02"),
        1,
    )
    .unwrap();
    plan::set_setup(
        &mut leader,
        LEAD,
        true,
        ReviewCycle::Quarterly,
        d("2026-01-01"),
        2,
    )
    .unwrap();
    let r = plan::add_metric(&mut leader, LEAD, &reports(), "", d("2026-01-02"), 3)
        .unwrap()
        .id;
    let c = plan::add_metric(&mut leader, LEAD, &communication(), "", d("2026-01-02"), 4)
        .unwrap()
        .id;
    let employee = fork(&mut leader);
    (leader, employee, r, c)
}

fn load(doc: &AutoCommit) -> PerformancePlan {
    plan::load(doc).unwrap()
}

#[test]
fn concurrent_edits_from_both_sides_merge_both_ways_without_loss() {
    let (mut leader, mut employee, r, c) = new_plan();
    let q = q1();
    // Offline, at the same time: Lea records results, a case, feedback and shares the review…
    plan::record_result(
        &mut leader,
        LEAD,
        &r,
        &q,
        88.0,
        "From the tracker",
        day(),
        10,
    )
    .unwrap();
    plan::record_result(&mut leader, LEAD, &c, &q, 3.0, "", day(), 11).unwrap();
    let case_id = plan::record_case(&mut leader, LEAD, &case(&r), day(), 12)
        .unwrap()
        .id;
    let lea_fb = plan::add_feedback(
        &mut leader,
        LEAD,
        Some(&r),
        day(),
        true,
        "Great March",
        day(),
        13,
    )
    .unwrap();
    plan::share_review(&mut leader, LEAD, &q, "A solid quarter.", day(), 14).unwrap();
    // … while Eve acknowledges, self-assesses and notes feedback of her own.
    plan::acknowledge(&mut employee, EMP, d("2026-03-19"), 10).unwrap();
    plan::set_self_rating(
        &mut employee,
        EMP,
        &r,
        &q,
        4,
        "On time since February",
        day(),
        11,
    )
    .unwrap();
    plan::set_self_rating(&mut employee, EMP, &c, &q, 3, "", day(), 12).unwrap();
    let eve_fb = plan::add_feedback(
        &mut employee,
        EMP,
        None,
        day(),
        false,
        "Need the data earlier",
        day(),
        13,
    )
    .unwrap();

    // Both ways, through the import's rights check.
    assert_eq!(send(&mut employee, &mut leader, Side::Employee).unwrap(), 4);
    assert_eq!(send(&mut leader, &mut employee, Side::Leader).unwrap(), 5);
    let (a, b) = (load(&leader), load(&employee));
    assert_eq!(a, b, "both sides hydrate the same plan");
    assert_eq!(leader.get_heads(), employee.get_heads());

    assert_eq!(a.acknowledged_on, Some(d("2026-03-19")));
    assert_eq!(
        a.result(&q, &r).map(|x| (x.value, x.note.as_str())),
        Some((88.0, "From the tracker"))
    );
    assert_eq!(a.result(&q, &c).map(|x| x.value), Some(3.0));
    assert_eq!(a.self_rating(&q, &r).map(|x| x.rating), Some(4));
    assert_eq!(a.self_rating(&q, &c).map(|x| x.rating), Some(3));
    assert_eq!(a.cases[&case_id].barrier, Barrier::Resources);
    assert_eq!(a.feedback[&lea_fb].by, LEAD);
    assert_eq!(a.feedback[&eve_fb].by, EMP);
    assert_eq!(a.reviews[&q.key()].summary.as_str(), "A solid quarter.");
    assert_eq!(a.active_metrics().len(), 2);

    // Then both comment on the review at once, and Lea edits the review text while Eve
    // comments: everything is kept.
    let k = q.key();
    let c1 =
        plan::add_review_comment(&mut leader, LEAD, &k, "Let's discuss on Friday", 20).unwrap();
    plan::share_review(
        &mut leader,
        LEAD,
        &q,
        "A solid quarter; reports on time.",
        day(),
        21,
    )
    .unwrap();
    let c2 = plan::add_review_comment(&mut employee, EMP, &k, "Thank you!", 20).unwrap();
    send(&mut leader, &mut employee, Side::Leader).unwrap();
    send(&mut employee, &mut leader, Side::Employee).unwrap();
    let (a, b) = (load(&leader), load(&employee));
    assert_eq!(a, b);
    assert!(a.comments.contains_key(&c1) && a.comments.contains_key(&c2));
    assert_eq!(
        a.reviews[&k].summary.as_str(),
        "A solid quarter; reports on time."
    );
}

#[test]
fn a_forked_copy_merges_with_plain_automerge_too() {
    // `AutoCommit::fork` (a second device, a new actor) and a plain merge, without the import.
    let (mut leader, _, r, _) = new_plan();
    let mut employee = leader.fork();
    let q = q1();
    plan::record_result(&mut leader, LEAD, &r, &q, 70.0, "", day(), 10).unwrap();
    plan::record_case(&mut leader, LEAD, &case(&r), day(), 11).unwrap();
    plan::set_self_rating(&mut employee, EMP, &r, &q, 2, "Two late reports", day(), 10).unwrap();
    plan::add_feedback(
        &mut employee,
        EMP,
        Some(&r),
        day(),
        false,
        "Blocked by data",
        day(),
        11,
    )
    .unwrap();
    let mut a = leader.fork();
    a.merge(&mut employee).unwrap();
    let mut b = employee.fork();
    b.merge(&mut leader).unwrap();
    let (pa, pb) = (load(&a), load(&b));
    assert_eq!(pa, pb);
    assert_eq!(
        (
            pa.results.len(),
            pa.cases.len(),
            pa.self_ratings.len(),
            pa.feedback.len()
        ),
        (1, 1, 1, 1)
    );
}

#[test]
fn a_result_recorded_on_two_devices_converges_on_one() {
    // Results are keyed by period and metric: recorded twice offline, one remains.
    let (mut laptop, _, r, _) = new_plan();
    let mut phone = fork(&mut laptop);
    let q = q1();
    plan::record_result(&mut laptop, LEAD, &r, &q, 85.0, "", day(), 10).unwrap();
    plan::record_result(&mut phone, LEAD, &r, &q, 86.0, "", day(), 10).unwrap();
    laptop.merge(&mut phone).unwrap();
    phone.merge(&mut laptop).unwrap();
    let p = load(&laptop);
    assert_eq!(p.results.len(), 1);
    assert_eq!(p, load(&phone));
    assert!([85.0, 86.0].contains(&p.result(&q, &r).unwrap().value));
}

/// The part of the plan a refused file touched, and who owns it.
fn refused_part(r: Result<usize, ExchangeError>) -> (&'static str, &'static str) {
    match r {
        Err(ExchangeError::NotTheirPart(e)) => (e.part, e.owner),
        other => panic!("expected a rights refusal, got {other:?}"),
    }
}

#[test]
fn an_employee_s_change_to_metrics_results_cases_or_reviews_is_refused() {
    type Forge = fn(&mut AutoCommit, &str, &str);
    let forgeries: [(&str, Forge, &str); 6] = [
        (
            "add a metric",
            |doc, _, _| {
                plan::add_metric(doc, LEAD, &reports(), "", day(), 9).unwrap();
            },
            "the review metrics",
        ),
        (
            "edit a metric",
            |doc, r, _| {
                let draft = MetricDraft {
                    target: "60".into(),
                    ..reports()
                };
                plan::edit_metric(doc, LEAD, r, &draft, "", day(), 9).unwrap();
            },
            "the review metrics",
        ),
        (
            "record a result",
            |doc, r, _| plan::record_result(doc, LEAD, r, &q1(), 99.0, "", day(), 9).unwrap(),
            "the metrics' results",
        ),
        (
            "record a case",
            |doc, r, _| {
                plan::record_case(doc, LEAD, &case(r), day(), 9).unwrap();
            },
            "the documented cases",
        ),
        (
            "share a review",
            |doc, _, _| plan::share_review(doc, LEAD, &q1(), "Great", day(), 9).unwrap(),
            "the shared review",
        ),
        (
            "change the cycle",
            |doc, _, _| {
                plan::set_setup(doc, LEAD, true, ReviewCycle::Yearly, d("2026-01-01"), 9).unwrap()
            },
            "the review cycle",
        ),
    ];
    for (what, forge, part) in forgeries {
        let (mut leader, mut employee, r, c) = new_plan();
        // A modified client on the employee's side runs the leader's command.
        let mut forged = fork(&mut employee);
        forge(&mut forged, &r, &c);
        let before = leader.get_heads();
        assert_eq!(
            refused_part(send(&mut forged, &mut leader, Side::Employee)),
            (part, "the leader"),
            "{what}"
        );
        assert_eq!(leader.get_heads(), before, "{what}: nothing was merged");
        // The same change in the leader's own file passes.
        assert!(
            send(&mut forged, &mut employee, Side::Leader).is_ok(),
            "{what}"
        );
    }

    // A raw write inside a metric, and into the results map: refused too.
    let (mut leader, mut employee, r, _) = new_plan();
    let metrics = match employee.get(ROOT, "metrics").unwrap() {
        Some((_, id)) => id,
        None => panic!("a plan has metrics"),
    };
    let m = match employee.get(&metrics, r.as_str()).unwrap() {
        Some((_, id)) => id,
        None => panic!("the metric exists"),
    };
    employee.put(&m, "target", 10.0).unwrap();
    employee.commit();
    let err = send(&mut employee, &mut leader, Side::Employee).unwrap_err();
    assert!(err.to_string().contains("the review metrics"), "{err}");
    assert_eq!(load(&leader).metrics[&r].target, 80.0);
}

#[test]
fn a_leader_s_change_to_the_self_assessment_or_the_acknowledgement_is_refused() {
    let (mut leader, mut employee, r, _) = new_plan();
    let mut forged = fork(&mut leader);
    plan::set_self_rating(&mut forged, EMP, &r, &q1(), 5, "Perfect", day(), 9).unwrap();
    let before = employee.get_heads();
    assert_eq!(
        refused_part(send(&mut forged, &mut employee, Side::Leader)),
        ("the self-assessment", "the employee")
    );
    assert_eq!(employee.get_heads(), before);

    // Lea acknowledging on Eve's behalf would start the six-month lock (R4.4) without her.
    let mut forged = fork(&mut leader);
    plan::acknowledge(&mut forged, EMP, day(), 9).unwrap();
    assert_eq!(
        refused_part(send(&mut forged, &mut employee, Side::Leader)),
        ("the acknowledgement of the metrics", "the employee")
    );
    leader.put(ROOT, "acknowledged_on", "2026-01-05").unwrap();
    leader.commit();
    assert_eq!(
        refused_part(send(&mut leader, &mut employee, Side::Leader)),
        ("the acknowledgement of the metrics", "the employee")
    );
    assert_eq!(load(&employee).acknowledged_on, None);
}

#[test]
fn feedback_and_comments_from_either_side_are_accepted() {
    let (mut leader, mut employee, r, _) = new_plan();
    plan::share_review(&mut leader, LEAD, &q1(), "Review", day(), 5).unwrap();
    send(&mut leader, &mut employee, Side::Leader).unwrap();
    let k = q1().key();
    plan::add_feedback(
        &mut employee,
        EMP,
        Some(&r),
        day(),
        true,
        "Thanks for the help",
        day(),
        6,
    )
    .unwrap();
    plan::add_review_comment(&mut employee, EMP, &k, "Agreed", 7).unwrap();
    assert_eq!(send(&mut employee, &mut leader, Side::Employee).unwrap(), 2);
    plan::add_feedback(
        &mut leader,
        LEAD,
        None,
        day(),
        false,
        "Keep it up",
        day(),
        8,
    )
    .unwrap();
    plan::add_review_comment(&mut leader, LEAD, &k, "See you Friday", 9).unwrap();
    assert_eq!(send(&mut leader, &mut employee, Side::Leader).unwrap(), 2);
    let p = load(&employee);
    assert_eq!((p.feedback.len(), p.comments.len()), (2, 2));
    assert_eq!(p, load(&leader));
}

#[test]
fn performance_plan_paths_are_judged_by_their_root_key() {
    let k = |s: &str| Step::Key(s.into());
    let kind = DocKind::PerformancePlan;
    for root in [
        "individual_contributor",
        "cycle",
        "cycle_start",
        "metrics",
        "results",
        "cases",
        "reviews",
    ] {
        assert!(
            rights::may_change(kind, Side::Leader, &[k(root), k("x")]).is_ok(),
            "{root}"
        );
        let e = rights::may_change(kind, Side::Employee, &[k(root), k("x")]).unwrap_err();
        assert_eq!(e.owner, "the leader", "{root}");
    }
    for root in ["acknowledged_on", "self_ratings"] {
        assert!(
            rights::may_change(kind, Side::Employee, &[k(root)]).is_ok(),
            "{root}"
        );
        let e = rights::may_change(kind, Side::Leader, &[k(root)]).unwrap_err();
        assert_eq!(e.owner, "the employee", "{root}");
    }
    for root in ["feedback", "comments"] {
        for side in Side::ALL {
            assert!(rights::may_change(kind, side, &[k(root), k("f1"), k("text")]).is_ok());
        }
    }
    for root in ["meta", "leader", "employee", "created_by", "created_on"] {
        for side in Side::ALL {
            assert!(
                rights::may_change(kind, side, &[k(root)]).is_err(),
                "{root}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Whatever mix of their own commands the two sides run, and whenever the files travel,
    /// no legitimate change is ever refused and both copies converge.
    #[test]
    fn legitimate_plan_edits_are_never_refused(
        steps in prop::collection::vec((any::<bool>(), 0u8..4, any::<bool>()), 1..12)
    ) {
        let (mut leader, mut employee, r, c) = new_plan();
        let q = q1();
        plan::share_review(&mut leader, LEAD, &q, "Draft", day(), 5).unwrap();
        send(&mut leader, &mut employee, Side::Leader).unwrap();
        for (i, (by_employee, what, sync_now)) in steps.into_iter().enumerate() {
            let now = 10 + i as i64;
            let text = format!("Note {i}");
            if by_employee {
                let doc = &mut employee;
                match what {
                    0 => { plan::set_self_rating(doc, EMP, &r, &q, 1 + (i % 5) as u8, "", day(), now).unwrap(); }
                    1 => { plan::acknowledge(doc, EMP, day(), now).unwrap(); }
                    2 => { plan::add_feedback(doc, EMP, Some(&c), day(), false, &text, day(), now).unwrap(); }
                    _ => { plan::add_review_comment(doc, EMP, &q.key(), &text, now).unwrap(); }
                }
            } else {
                let doc = &mut leader;
                match what {
                    0 => { plan::record_result(doc, LEAD, &r, &q, 60.0 + i as f64, "", day(), now).unwrap(); }
                    1 => { plan::record_case(doc, LEAD, &case(&r), day(), now).unwrap(); }
                    2 => { plan::add_feedback(doc, LEAD, None, day(), true, &text, day(), now).unwrap(); }
                    _ => { plan::share_review(doc, LEAD, &q, &text, day(), now).unwrap(); }
                }
            }
            if sync_now {
                send(&mut employee, &mut leader, Side::Employee).unwrap();
                send(&mut leader, &mut employee, Side::Leader).unwrap();
            }
        }
        send(&mut employee, &mut leader, Side::Employee).unwrap();
        send(&mut leader, &mut employee, Side::Leader).unwrap();
        prop_assert_eq!(leader.get_heads(), employee.get_heads());
        prop_assert_eq!(load(&employee), load(&leader));
    }
}

// ---- Trust: a performance plan is shared like a development plan (R7.1, R7.4) ----------

impl Browser {
    /// Leader side: starts a performance plan for a roster person, with one metric.
    fn start_plan(&mut self, roster_id: &str, name: &str) {
        let employee = Participant::new(roster_id, name);
        let me = Participant::new(self.card.person_id.clone(), self.card.name.clone());
        let mut doc = plan::create(
            PLAN,
            &employee,
            &me,
            &me.id,
            d("2026-01-01"),
            d("2026-01-02"),
            0,
        )
        .unwrap();
        plan::add_metric(&mut doc, &me.id, &reports(), "", d("2026-01-02"), 1).unwrap();
        self.docs
            .insert(PLAN.into(), (DocKind::PerformancePlan, doc));
        let entry = SharedDoc {
            roster_person_id: roster_id.into(),
            my_key: trust::key_hex(&self.card),
            ..SharedDoc::new(
                DocKind::PerformancePlan,
                format!("Performance plan – {name}"),
                Side::Leader,
                &employee,
            )
        };
        workspace::put_shared(&mut self.ws, PLAN, &entry, "Started", 0).unwrap();
    }

    fn plan_doc(&mut self) -> &mut AutoCommit {
        &mut self.docs.get_mut(PLAN).unwrap().1
    }
}

#[test]
fn a_performance_plan_is_shared_and_written_only_by_its_two_people() {
    let mut lea = Browser::new(1, "lea", "Lea");
    let mut eve = Browser::new(2, "eve", "Eve");
    let mal = Browser::new(3, "mal", "Mal");
    lea.start_plan("roster-eve", "Eve");

    // A new performance plan is no longer "not possible yet".
    let ws = eve.workspace();
    assert_eq!(
        trust::check_incoming(&ws, None, PLAN, DocKind::PerformancePlan, &lea.card),
        Ok(Incoming::New)
    );
    // Lea's first file, by passphrase; Eve receives it as the employee.
    let first = lea.send(PLAN, None, 1_000);
    assert_eq!(eve.receive(&first, Some(PHRASE), 2_000).unwrap(), 2);
    let at_eve = eve.entry(PLAN);
    assert_eq!(
        (at_eve.kind, at_eve.my_side),
        (DocKind::PerformancePlan, Side::Employee)
    );
    assert_eq!(at_eve.counterpart_key, trust::key_hex(&lea.card));

    // Eve acknowledges and self-assesses, and replies by key: Lea's first reply records her.
    let r = load(&eve.docs[PLAN].1).active_metrics()[0].id.clone();
    plan::acknowledge(eve.plan_doc(), "roster-eve", d("2026-01-10"), 3_000).unwrap();
    plan::set_self_rating(
        eve.plan_doc(),
        "roster-eve",
        &r,
        &q1(),
        4,
        "",
        d("2026-01-10"),
        3_001,
    )
    .unwrap();
    lea.add_contact(&eve.card);
    let lea_card = lea.card.clone();
    let reply = eve.send(PLAN, Some(&lea_card), 3_500);
    assert_eq!(lea.receive(&reply, None, 4_000).unwrap(), 2);
    assert_eq!(lea.entry(PLAN).counterpart_key, trust::key_hex(&eve.card));
    assert_eq!(
        load(&lea.docs[PLAN].1).acknowledged_on,
        Some(d("2026-01-10"))
    );

    // may_write for a performance plan is the development plan's: exactly the two writers.
    let entry = lea.entry(PLAN);
    for key in [
        trust::key_hex(&eve.card),
        trust::key_hex(&mal.card),
        String::new(),
    ] {
        assert_eq!(
            trust::may_write(DocKind::PerformancePlan, &entry, &key),
            Ok(trust::development_plan_may_write(&entry, &key)),
        );
        assert_eq!(
            trust::performance_plan_may_write(&entry, &key),
            trust::development_plan_may_write(&entry, &key)
        );
    }
    assert_eq!(
        trust::performance_plan_may_write(&entry, &trust::key_hex(&eve.card)),
        Access::Writer
    );
    assert_eq!(
        trust::performance_plan_may_write(&entry, &trust::key_hex(&mal.card)),
        Access::Refused
    );

    // Mal, a contact of Lea's, sends a plan under the same id naming Lea and Eve: refused.
    lea.add_contact(&mal.card);
    let ws = lea.workspace();
    assert!(matches!(
        trust::check_incoming(
            &ws,
            Some(DocKind::PerformancePlan),
            PLAN,
            DocKind::PerformancePlan,
            &mal.card
        ),
        Err(TrustError::NotAWriter { .. })
    ));
    let mut forged = plan::create(
        PLAN,
        &Participant::new("roster-eve", "Eve"),
        &Participant::new("lea", "Lea"),
        "lea",
        d("2026-01-01"),
        d("2026-01-01"),
        9,
    )
    .unwrap();
    let payload = forged.save();
    let file = seal_file(
        &mal.id,
        &mal.card,
        PLAN,
        DocKind::PerformancePlan,
        &mut forged,
        &[],
        &payload,
        Some(&lea_card),
        77,
    );
    let before = lea.docs[PLAN].1.clone().get_heads();
    let err = lea.receive(&file, None, 5_000).unwrap_err();
    assert!(
        matches!(err, IncomingError::Trust(TrustError::NotAWriter { .. })),
        "{err:?}"
    );
    assert_eq!(lea.docs[PLAN].1.clone().get_heads(), before);

    // Eve's file with a change only the leader may make is refused by the whole import.
    plan::record_result(
        eve.plan_doc(),
        "lea",
        &r,
        &q1(),
        100.0,
        "",
        d("2026-01-11"),
        6_000,
    )
    .unwrap();
    let bad = eve.send(PLAN, Some(&lea_card), 6_500);
    let err = lea.receive(&bad, None, 7_000).unwrap_err();
    assert!(err.to_string().contains("the metrics' results"), "{err}");
    assert!(load(&lea.docs[PLAN].1).results.is_empty());
}
