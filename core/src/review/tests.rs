use super::*;
use crate::docs::development_plan::testing as dev;
use crate::docs::one_on_one::tests::{dt, fixture};
use crate::docs::one_on_one::{self as oo};
use crate::docs::performance_plan::{self as doc, testing::d};
use crate::domain::performance::{Barrier, CaseDraft, MetricDraft, ReviewCycle};
use crate::domain::Participant;
use automerge::AutoCommit;

const EMP: &str = "ada";
const LEAD: &str = "lea";

fn today() -> NaiveDate {
    d("2026-04-05")
}

/// Q1 2026 of a quarterly plan from 1 Jan.
fn q1() -> Period {
    ReviewCycle::Quarterly.period_at(d("2026-01-01"), d("2026-02-01"))
}

fn q2() -> Period {
    ReviewCycle::Quarterly.period_at(d("2026-01-01"), d("2026-05-01"))
}

fn subjective(outcome: &str) -> MetricDraft {
    MetricDraft {
        outcome: outcome.into(),
        objective: false,
        why_imperative: "Clients depend on clear updates".into(),
        anchors: (1..=5).map(|i| format!("Level {i}")).collect(),
        period: "each quarter".into(),
        ..MetricDraft::default()
    }
}

/// Ada's plan, reviewed quarterly from 1 Jan 2026: three metrics (reports, communication and
/// the ready-made 1:1 adherence metric), a fourth replaced by a development goal at the
/// annual set-up (R5.5), and results, self-ratings, cases and feedback inside Q1 and outside
/// it. Returns the plan and the ids of the reports and communication metrics.
fn plan_with_data() -> (AutoCommit, String, String) {
    let mut p = doc::create(
        "perf-ada",
        &Participant::new(EMP, "Ada"),
        &Participant::new(LEAD, "Lea"),
        LEAD,
        d("2026-01-01"),
        d("2026-01-01"),
        0,
    )
    .unwrap();
    let t = d("2026-01-02");
    let reports = MetricDraft {
        outcome: "Reports by the 15th".into(),
        objective: true,
        unit: "% of reports".into(),
        target: "80".into(),
        exceeds_at: "95".into(),
        period: "each month".into(),
        ..MetricDraft::default()
    };
    let reports = doc::add_metric(&mut p, LEAD, &reports, "", t, 1)
        .unwrap()
        .id;
    let comms = doc::add_metric(&mut p, LEAD, &subjective("Communication"), "", t, 2)
        .unwrap()
        .id;
    doc::add_metric(&mut p, LEAD, &MetricDraft::adherence(), "", t, 3).unwrap();
    let teamwork = doc::add_metric(&mut p, LEAD, &subjective("Teamwork"), "", t, 4)
        .unwrap()
        .id;
    doc::replace_with_goal(&mut p, LEAD, &teamwork, "g0", "Speak at a meetup", t, 5).unwrap();
    doc::set_setup(
        &mut p,
        LEAD,
        true,
        ReviewCycle::Quarterly,
        d("2026-01-01"),
        6,
    )
    .unwrap();

    let now = today();
    let (q1, q2) = (q1(), q2());
    doc::record_result(
        &mut p,
        LEAD,
        &reports,
        &q1,
        90.0,
        "Checked against the tracker",
        now,
        7,
    )
    .unwrap();
    doc::record_result(&mut p, LEAD, &reports, &q2, 50.0, "", now, 8).unwrap();
    doc::record_result(&mut p, LEAD, &comms, &q1, 4.0, "", now, 9).unwrap();
    doc::set_self_rating(&mut p, EMP, &reports, &q1, 3, "", now, 10).unwrap();
    doc::set_self_rating(&mut p, EMP, &comms, &q1, 4, "", now, 11).unwrap();
    doc::set_self_rating(&mut p, EMP, &reports, &q2, 2, "", now, 12).unwrap();
    let case = |date: &str, none: bool| CaseDraft {
        metric_id: reports.clone(),
        date: d(date),
        what: format!("Report late ({date})"),
        coaching: if none {
            String::new()
        } else {
            "Start on the 10th".into()
        },
        no_coaching_possible: none,
        barrier: Some(Barrier::Resources),
    };
    doc::record_case(&mut p, LEAD, &case("2026-02-10", false), now, 13).unwrap();
    doc::record_case(&mut p, LEAD, &case("2026-04-01", true), now, 14).unwrap();
    let fb = |p: &mut AutoCommit, by: &str, m: Option<&str>, date: &str, praise: bool| {
        doc::add_feedback(
            p,
            by,
            m,
            d(date),
            praise,
            &format!("Note of {date}"),
            now,
            15,
        )
        .unwrap()
    };
    fb(&mut p, LEAD, Some(&reports), "2026-03-01", true);
    fb(&mut p, LEAD, Some(&reports), "2025-12-20", false);
    fb(&mut p, EMP, None, "2026-02-01", false);
    fb(&mut p, EMP, None, "2026-04-02", false);
    (p, reports, comms)
}

/// A series created on 1 Jan 2026 (fortnights from 01-01, 01-15, 01-29, 02-12, 02-26, 03-12,
/// 03-26, 04-09 …) with 1:1s held on 01-05, 01-20, 02-16, 03-16 and 03-28. The last one is
/// inside Q1, but its fortnight ends on 8 April, in Q2.
fn series() -> crate::domain::one_on_one::OneOnOne {
    let (mut s, lea, eve) = fixture();
    for when in [
        "2026-01-05T10:00",
        "2026-01-20T10:00",
        "2026-02-16T10:00",
        "2026-03-16T10:00",
        "2026-03-28T10:00",
    ] {
        let m = oo::propose_meeting(&mut s, &eve.id, dt(when), 45, 0).unwrap();
        oo::record_held(&mut s, &lea.id, &m, 45, 0).unwrap();
    }
    oo::load(&s).unwrap()
}

fn adherence(with: u32, of: u32) -> Adherence {
    Adherence {
        periods_with_held: with,
        periods: of,
    }
}

#[test]
fn r3_6_adherence_in_counts_only_fortnights_ending_in_the_review_period() {
    let s = series();
    // Q1: the fortnights ending 01-14 … 03-25 (six), four with a held 1:1. The one from 03-26
    // ends on 04-08: it belongs to Q2 even though its 1:1 was on 03-28.
    assert_eq!(adherence_in(&s, &q1(), today()), adherence(4, 6));
    assert_eq!(adherence_in(&s, &q1(), d("2026-12-31")), adherence(4, 6));
    // Q2, reviewed in July: the fortnights ending 04-08 … 06-17 (six); only the first held.
    // No fortnight is counted in both reviews.
    assert_eq!(adherence_in(&s, &q2(), d("2026-07-10")), adherence(1, 6));
    // Prepared early (14 March): the fortnight in progress (03-12 …) counts only once it has
    // a held 1:1, as R3.6 counts it on the series page.
    assert_eq!(adherence_in(&s, &q1(), d("2026-03-14")), adherence(3, 5));
    assert_eq!(adherence_in(&s, &q1(), d("2026-03-16")), adherence(4, 6));
    // A review period ending on the last day of an unheld fortnight (03-11), prepared after
    // it: that fortnight is over and counts as missed.
    let to_03_11 = Period {
        start: d("2026-01-01"),
        end: d("2026-03-11"),
    };
    assert_eq!(adherence_in(&s, &to_03_11, today()), adherence(3, 5));
    assert_eq!(
        adherence_in(&s, &to_03_11, d("2026-03-11")),
        adherence(3, 4),
        "still running"
    );
    // Before the series began, nothing.
    let before = ReviewCycle::Quarterly.period_at(d("2025-10-01"), d("2025-11-01"));
    assert_eq!(adherence_in(&s, &before, today()), adherence(0, 0));
    // Across a whole year, every fortnight that ended in it counts once: the same as the
    // series' own adherence on the last day of the last fortnight inside it.
    let year = ReviewCycle::Yearly.period_at(d("2026-01-01"), d("2026-06-01"));
    let whole = adherence_in(&s, &year, d("2027-02-01"));
    assert_eq!(whole.periods, 26);
    assert_eq!(whole.periods_with_held, 5);
}

#[test]
fn r4_7_prepare_gathers_the_period_s_data_only() {
    let (p, reports, comms) = plan_with_data();
    let plan = doc::load(&p).unwrap();
    let s = series();
    let development = dev::with_discussion(
        dev::with_discussion(
            dev::with_discussion(
                dev::with_goal(
                    dev::plan("Ada", "Lea", "2025-06-01"),
                    crate::domain::development::Horizon::OneYear,
                    "Speak at a meetup",
                    "2026-09-01",
                    "2026-01-10",
                ),
                crate::domain::development::DiscussionKind::Check,
                "2026-02-16",
                Some("m1"),
            ),
            crate::domain::development::DiscussionKind::Check,
            "2025-12-01",
            None,
        ),
        crate::domain::development::DiscussionKind::InDepth,
        "2025-11-20",
        None,
    );
    let pack = prepare(&plan, q1(), Some(&s), Some(&development), today());
    assert_eq!(pack.period, q1());
    assert_eq!(pack.adherence, Some(adherence(4, 6)));

    // Three counting metrics (R5.5: the replaced one is listed apart), by outcome.
    let outcomes: Vec<&str> = pack
        .rows
        .iter()
        .map(|r| r.metric.outcome.as_str())
        .collect();
    assert_eq!(
        outcomes,
        [
            "Biweekly 1:1s held with my leader",
            "Communication",
            "Reports by the 15th"
        ]
    );
    assert_eq!(pack.replaced.len(), 1);
    assert_eq!(pack.replaced[0].replaced_by_title, "Speak at a meetup");

    // R3.6 as a review metric: its result is the series' adherence over Q1, in percent.
    let adh = &pack.rows[0];
    assert_eq!(adh.result, Some((67.0, Score::Below)));
    assert!(adh.self_rating.is_none() && adh.cases.is_empty());

    let c = &pack.rows[1];
    assert_eq!(c.metric.id, comms);
    assert_eq!(c.result, Some((4.0, Score::Exceeds)));
    assert_eq!(c.self_rating.map(|r| r.rating), Some(4));
    assert!(c.not_attainable.is_none());

    let r = &pack.rows[2];
    assert_eq!(r.metric.id, reports);
    assert_eq!(
        r.result,
        Some((90.0, Score::Meets)),
        "Q1's result, not Q2's 50"
    );
    assert_eq!(r.result_note, "Checked against the tracker");
    assert_eq!(
        r.self_rating.map(|s| s.rating),
        Some(3),
        "Q1's self-rating, not Q2's"
    );
    assert_eq!(
        r.cases.iter().map(|c| c.date).collect::<Vec<_>>(),
        [d("2026-02-10")],
        "only the case dated in Q1"
    );
    assert_eq!(
        r.feedback.iter().map(|f| f.date).collect::<Vec<_>>(),
        [d("2026-03-01")],
        "only the feedback dated in Q1"
    );
    // R4.6: a case without possible coaching flags the metric in every review.
    assert_eq!(r.not_attainable.as_ref().map(|f| f.rule), Some("R4.6"));
    assert_eq!(
        pack.general_feedback
            .iter()
            .map(|f| f.date)
            .collect::<Vec<_>>(),
        [d("2026-02-01")]
    );

    let dev = pack.development.as_ref().unwrap();
    assert_eq!(dev.goals.len(), 1);
    assert_eq!(dev.goals[0].title, "Speak at a meetup");
    assert_eq!(
        dev.checks_in_period, 1,
        "the check of 2025-12-01 is outside Q1"
    );
    assert_eq!(dev.last_in_depth, Some(d("2025-11-20")));

    assert_eq!(pack.readiness.period, q1());
    assert_eq!(pack.readiness.results_missing, 0);
    assert_eq!(
        (pack.readiness.metrics, pack.readiness.self_assessed),
        (3, 2)
    );

    // Q2 from the same plan: Q2's result and rating, the April case.
    let pack2 = prepare(&plan, q2(), Some(&s), None, d("2026-04-05"));
    let r2 = pack2.rows.iter().find(|r| r.metric.id == reports).unwrap();
    assert_eq!(r2.result, Some((50.0, Score::Below)));
    assert_eq!(r2.self_rating.map(|s| s.rating), Some(2));
    assert_eq!(r2.cases.len(), 1);
    assert!(r2.cases[0].no_coaching_possible);
    assert_eq!(pack2.general_feedback.len(), 1);
    assert_eq!(pack2.development, None);
    let c2 = pack2.rows.iter().find(|r| r.metric.id == comms).unwrap();
    assert_eq!(c2.result, None);
}

#[test]
fn without_the_series_the_adherence_metric_has_no_result() {
    let (p, _, _) = plan_with_data();
    let plan = doc::load(&p).unwrap();
    let pack = prepare(&plan, q1(), None, None, today());
    assert_eq!(pack.adherence, None);
    assert_eq!(pack.rows[0].result, None);
    let text = draft_text(&pack, "Ada");
    assert!(
        text.contains("Biweekly 1:1s held with my leader: no result recorded."),
        "{text}"
    );
    assert!(!text.contains("two-week periods ("), "{text}");
    assert!(!text.contains("Development plan:"));
}

#[test]
fn r4_7_the_draft_mentions_each_metric_and_the_adherence() {
    let (p, _, _) = plan_with_data();
    let plan = doc::load(&p).unwrap();
    let s = series();
    let development = dev::with_goal(
        dev::plan("Ada", "Lea", "2025-06-01"),
        crate::domain::development::Horizon::ThreeYears,
        "Lead a team",
        "2028-09-01",
        "2026-01-10",
    );
    let pack = prepare(&plan, q1(), Some(&s), Some(&development), today());
    let text = draft_text(&pack, "Ada");
    assert!(
        text.starts_with("Review of 1 Jan 2026 – 31 Mar 2026 for Ada.\n"),
        "{text}"
    );
    for row in &pack.rows {
        assert!(
            text.contains(&row.metric.outcome),
            "{} missing: {text}",
            row.metric.outcome
        );
    }
    for line in [
        "Biweekly 1:1s held with my leader: 67 % of two-week periods — Below.",
        "Communication: 4 of 5 — Exceeds. Self-assessment 4 of 5.",
        "Reports by the 15th: 90 % of reports — Meets. Self-assessment 3 of 5. 1 documented \
         case(s). 1 note(s) of praise.",
        "1:1s held in 4 of 6 two-week periods (67 %).",
        "Development plan: 1 active goal(s); 0 IDP check(s) in 1:1s this period.",
        "Strengths:",
        "To work on:",
    ] {
        assert!(text.contains(line), "{line:?} missing from:\n{text}");
    }
    // The replaced metric is not reviewed (R5.5).
    assert!(!text.contains("Teamwork"), "{text}");
}
