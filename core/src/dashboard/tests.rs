use super::*;
use crate::docs::development_plan::testing::{plan, with_discussion};
use crate::docs::{DocKind, DocMeta};
use crate::domain::development::DiscussionKind;
use crate::domain::one_on_one::{Action, Meeting, MeetingStatus, Participant, Sections};
use crate::domain::person::PersonDraft;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    d(s).and_hms_opt(10, 0, 0).unwrap()
}

fn ms(s: &str) -> i64 {
    at(s).and_utc().timestamp_millis()
}

fn person(id: &str, name: &str, added: &str) -> Person {
    let draft = PersonDraft {
        name: name.into(),
        role_title: "Engineer".into(),
        start_date: String::new(),
    };
    Person::new(id.into(), draft.validate(d(added), []).unwrap(), d(added))
}

fn checkin(person: &str, day: &str) -> CheckIn {
    CheckIn {
        id: format!("{person}-{day}"),
        person_id: person.into(),
        date: d(day),
        channel: None,
        note: String::new(),
        minutes: None,
        logged_at: ms(day),
    }
}

fn series(created: &str) -> OneOnOne {
    OneOnOne {
        meta: DocMeta {
            id: "s".into(),
            kind: DocKind::OneOnOne,
            schema: 1,
        },
        created_at_ms: ms(created),
        leader: Participant::new("lea", "Lea"),
        employee: Participant::new("ada", "Ada"),
        meetings: BTreeMap::new(),
        actions: BTreeMap::new(),
    }
}

fn meeting(s: &mut OneOnOne, day: &str, status: MeetingStatus, check: &str) -> String {
    let id = format!("m{}", s.meetings.len());
    let mut idp_check = autosurgeon::Text::default();
    idp_check.splice(0, 0, check);
    s.meetings.insert(
        id.clone(),
        Meeting {
            id: id.clone(),
            scheduled_for: at(day),
            proposed_by: "ada".into(),
            planned_minutes: 30,
            status,
            topics: BTreeMap::new(),
            sections: Sections::default(),
            idp_check,
            created_at_ms: ms(day),
        },
    );
    id
}

fn action(s: &mut OneOnOne, owner: Side, added: &str, due: &str, done: Option<&str>) {
    let id = format!("a{}", s.actions.len());
    s.actions.insert(
        id.clone(),
        Action {
            id,
            text: format!("Action {}", s.actions.len()),
            owner,
            due: d(due),
            done_on: done.map(d),
            meeting_id: "m0".into(),
            added_by: "lea".into(),
            added_at_ms: ms(added),
        },
    );
}

const HELD: MeetingStatus = MeetingStatus::Held { actual_minutes: 35 };

#[test]
fn week_ends_cover_twelve_whole_weeks_up_to_today() {
    let ends = week_ends(d("2026-11-27"));
    assert_eq!(ends.len(), WEEKS);
    assert_eq!(ends[WEEKS - 1], d("2026-11-27"));
    assert_eq!(ends[0], d("2026-09-11"));
}

#[test]
fn r5_4_a_check_written_in_a_1_1_counts_as_the_plan_s_short_check() {
    let mut s = series("2026-09-01");
    meeting(
        &mut s,
        "2026-10-01",
        HELD,
        "Goals on track; talked about the course.",
    );
    let missed_check = meeting(&mut s, "2026-10-15", HELD, "  ");
    let logged = meeting(&mut s, "2026-10-29", HELD, "");
    meeting(&mut s, "2026-11-12", MeetingStatus::Planned, "");
    let p = with_discussion(
        plan("Ada", "Lea", "2026-09-01"),
        DiscussionKind::Check,
        "2026-10-29",
        Some(&logged),
    );
    // The 15 October 1:1 has neither a written check nor a logged one.
    assert_eq!(checks_missing(&s, &p), vec![d("2026-10-15")]);
    let c = cadence_with_series(&p, Some(&s), d("2026-11-20"));
    assert_eq!(c.last_check, Some(d("2026-10-29")));
    // Only the series: the written check of 1 October is the latest.
    let bare = plan("Ada", "Lea", "2026-09-01");
    let c = cadence_with_series(&bare, Some(&s), d("2026-11-20"));
    assert_eq!(c.last_check, Some(d("2026-10-01")));
    assert!(!missed_check.is_empty());
}

fn inputs<'a>(
    people: &'a [Person],
    checkins: &'a [CheckIn],
    week: &'a WorkWeek,
    docs: BTreeMap<String, PersonDocs<'a>>,
    today: &str,
) -> TeamInputs<'a> {
    TeamInputs {
        today: d(today),
        now: at(today),
        week,
        flag_after_days: 3,
        people: people.iter().collect(),
        checkins: checkins.iter().collect(),
        docs,
        team: None,
    }
}

#[test]
fn the_team_dashboard_counts_what_the_records_say() {
    // Friday 27 November 2026; Ada and Bo since September, Bo not seen for a week.
    let people = [
        person("ada", "Ada", "2026-09-01"),
        person("bo", "Bo", "2026-09-01"),
    ];
    let week = WorkWeek::default();
    let checkins: Vec<CheckIn> = [
        "2026-11-23",
        "2026-11-24",
        "2026-11-25",
        "2026-11-26",
        "2026-11-27",
    ]
    .iter()
    .map(|day| checkin("ada", day))
    .chain(std::iter::once(checkin("bo", "2026-11-19")))
    .collect();
    let mut s = series("2026-09-01");
    meeting(&mut s, "2026-11-20", HELD, "ok");
    meeting(&mut s, "2026-11-26", MeetingStatus::Planned, "");
    action(&mut s, Side::Leader, "2026-11-02", "2026-11-10", None);
    action(&mut s, Side::Employee, "2026-11-02", "2026-12-10", None);
    action(
        &mut s,
        Side::Employee,
        "2026-10-01",
        "2026-10-10",
        Some("2026-10-09"),
    );
    let p = plan("Ada", "Lea", "2026-09-01");
    let mut docs = BTreeMap::new();
    docs.insert(
        "ada".to_string(),
        PersonDocs {
            series: Some(("series-ada", &s)),
            plan: Some(("plan-ada", &p)),
            review: None,
            loading: false,
        },
    );
    let dash = team(&inputs(&people, &checkins, &week, docs, "2026-11-27"));

    // This week: Ada 5 of 5 working days, Bo 0 of 5.
    assert_eq!(dash.connection.last(), Some(0.5));
    assert_eq!(dash.people[0].connection.last(), Some(1.0));
    assert_eq!(dash.people[1].connection.last(), Some(0.0));
    assert_eq!(dash.streak, 0, "Bo was not connected today");
    // One series, with a 1:1 held within the last two weeks.
    assert_eq!(dash.adherence.last(), Some(1.0));
    assert_eq!(dash.my_open_actions.last(), Some(1.0));
    assert_eq!(dash.their_open_actions.last(), Some(1.0));
    assert_eq!(dash.overdue_actions.last(), Some(1.0));
    // Eight weeks ago the leader's action did not exist yet; the done one was open.
    assert_eq!(dash.my_open_actions.points[WEEKS - 9], Some(0.0));
    assert_eq!(dash.their_open_actions.points[WEEKS - 9], Some(1.0));

    let messages: Vec<String> = dash.attention.iter().map(Attention::message).collect();
    assert_eq!(
        messages,
        vec![
            "Bo: no check-in for 6 working days".to_string(),
            "Overdue since 10 Nov 2026: your action “Action 0” (1:1s with Ada)".to_string(),
            "1:1 with Ada on 26 Nov is not recorded as held or missed".to_string(),
            "1:1 with Bo is due: none held yet".to_string(),
        ]
    );
    // Links go to the records behind each item.
    assert!(
        matches!(&dash.attention[1], Attention::OverdueAction { series_id, .. } if series_id == "series-ada")
    );
    assert!(
        matches!(&dash.attention[3], Attention::OneOnOneDue { series_id: None, person_id, .. } if person_id == "bo")
    );
}

#[test]
fn documents_still_being_read_are_not_reported_missing() {
    // Bo's series exists but is not read yet (no summary, document loading): no "none held
    // yet", and the dashboard says one person's figures are still coming.
    let people = [person("bo", "Bo", "2026-09-01")];
    let checkins = [checkin("bo", "2026-11-27")];
    let week = WorkWeek::default();
    let mut docs = BTreeMap::new();
    docs.insert(
        "bo".to_string(),
        PersonDocs {
            loading: true,
            ..PersonDocs::default()
        },
    );
    let dash = team(&inputs(&people, &checkins, &week, docs, "2026-11-27"));
    assert_eq!(dash.loading, 1);
    assert!(dash.people[0].loading);
    assert!(dash.attention.is_empty(), "{:?}", dash.attention);
    // Once read (here: Bo has no series after all), the item appears.
    let dash = team(&inputs(
        &people,
        &checkins,
        &week,
        BTreeMap::new(),
        "2026-11-27",
    ));
    assert_eq!(dash.loading, 0);
    assert_eq!(
        dash.attention
            .iter()
            .map(Attention::message)
            .collect::<Vec<_>>(),
        vec!["1:1 with Bo is due: none held yet".to_string()]
    );
}

#[test]
fn an_overdue_in_depth_talk_and_a_missing_check_need_attention() {
    let people = [person("ada", "Ada", "2025-01-01")];
    let week = WorkWeek::default();
    let checkins = [checkin("ada", "2026-11-27")];
    let mut s = series("2025-01-01");
    meeting(&mut s, "2026-11-20", HELD, "");
    let p = plan("Ada", "Lea", "2025-01-01");
    let mut docs = BTreeMap::new();
    docs.insert(
        "ada".to_string(),
        PersonDocs {
            series: Some(("s1", &s)),
            plan: Some(("p1", &p)),
            review: None,
            loading: false,
        },
    );
    let dash = team(&inputs(&people, &checkins, &week, docs, "2026-11-27"));
    let kinds: Vec<u8> = dash
        .attention
        .iter()
        .map(|a| attention_order(a).0)
        .collect();
    assert_eq!(kinds, vec![4, 5], "{:?}", dash.attention);
    assert!(dash.attention[0].message().contains("overdue"));
    assert!(dash.attention[1]
        .message()
        .contains("no development-plan check"));
    assert_eq!(
        dash.fresh_plans.last(),
        Some(0.0),
        "no activity since January 2025"
    );
}

#[test]
fn the_employee_sees_their_own_actions_soonest_first() {
    let mut s = series("2026-09-01");
    meeting(&mut s, "2026-11-20", HELD, "fine");
    action(&mut s, Side::Employee, "2026-11-02", "2026-12-10", None);
    action(&mut s, Side::Employee, "2026-11-02", "2026-11-10", None);
    action(&mut s, Side::Leader, "2026-11-02", "2026-11-11", None);
    let v = my_view("Lea", Some(("s", &s)), None, None, at("2026-11-27"));
    assert_eq!(v.my_actions.len(), 2);
    assert_eq!(v.my_actions[0].1, d("2026-11-10"));
    assert!(v.my_actions[0].2, "overdue");
    assert!(v.series.as_ref().is_some_and(|f| !f.due));
}

proptest! {
    /// Every trend has one point per week; ratios stay within 0..=1 and counts are whole.
    #[test]
    fn trends_have_a_point_per_week_and_stay_in_range(
        days in prop::collection::vec((0usize..2, 0i64..120), 0..60),
        held in prop::collection::vec(0i64..120, 0..10),
    ) {
        let people = [person("ada", "Ada", "2026-08-01"), person("bo", "Bo", "2026-08-01")];
        let week = WorkWeek::default();
        let start = d("2026-08-01");
        let checkins: Vec<CheckIn> = days.iter().map(|(who, off)| {
            let day = (start + Duration::days(*off)).to_string();
            checkin(["ada", "bo"][*who], &day)
        }).collect();
        let mut s = series("2026-08-01");
        for off in &held {
            meeting(&mut s, &(start + Duration::days(*off)).to_string(), HELD, "x");
        }
        let mut docs = BTreeMap::new();
        docs.insert("ada".to_string(), PersonDocs { series: Some(("s", &s)), ..PersonDocs::default() });
        let dash = team(&inputs(&people, &checkins, &week, docs, "2026-11-27"));
        for t in [&dash.connection, &dash.adherence, &dash.fresh_plans] {
            prop_assert_eq!(t.points.len(), WEEKS);
            for v in t.points.iter().flatten() {
                prop_assert!((0.0..=1.0).contains(v));
            }
        }
        for t in [&dash.my_open_actions, &dash.overdue_actions] {
            prop_assert_eq!(t.points.len(), WEEKS);
        }
        for p in &dash.people {
            prop_assert_eq!(p.connection.points.len(), WEEKS);
        }
    }
}

/// A quarterly performance plan for Ada with two objective metrics (Q4 2026).
fn review_plan() -> (automerge::AutoCommit, Vec<String>) {
    use crate::docs::performance_plan as pp;
    use crate::domain::performance::{MetricDraft, ReviewCycle};
    let (ada, lea) = (
        Participant::new("ada", "Ada"),
        Participant::new("lea", "Lea"),
    );
    let mut doc = pp::create("r", &ada, &lea, "lea", d("2026-10-01"), d("2026-10-01"), 1).unwrap();
    pp::set_setup(
        &mut doc,
        "lea",
        true,
        ReviewCycle::Quarterly,
        d("2026-10-01"),
        2,
    )
    .unwrap();
    let ids = ["Reports on time", "Tickets closed"]
        .into_iter()
        .map(|outcome| {
            let draft = MetricDraft {
                outcome: outcome.into(),
                objective: true,
                unit: "%".into(),
                target: "80".into(),
                exceeds_at: "95".into(),
                period: "each month".into(),
                ..MetricDraft::default()
            };
            pp::add_metric(&mut doc, "lea", &draft, "", d("2026-10-02"), 3)
                .unwrap()
                .id
        })
        .collect();
    (doc, ids)
}

#[test]
fn a_review_to_prepare_is_on_the_list_until_its_results_and_self_assessment_are_in() {
    use crate::docs::performance_plan as pp;
    let people = [person("ada", "Ada", "2026-09-01")];
    let checkins: Vec<CheckIn> = vec![];
    let week = WorkWeek::default();
    let (mut doc, ids) = review_plan();
    let figures = |doc: &automerge::AutoCommit, today: &str| {
        let plan = pp::load(doc).unwrap();
        let mut docs = BTreeMap::new();
        docs.insert(
            "ada".to_string(),
            PersonDocs {
                review: Some(("r", &plan)),
                ..PersonDocs::default()
            },
        );
        let dash = team(&inputs(&people, &checkins, &week, docs, today));
        let messages: Vec<String> = dash
            .attention
            .iter()
            .filter(|a| matches!(a, Attention::ReviewToPrepare { .. }))
            .map(Attention::message)
            .collect();
        (dash.people[0].review.clone().unwrap(), messages)
    };
    // Early in the quarter: nothing to prepare yet.
    let (r, msgs) = figures(&doc, "2026-11-27");
    assert_eq!(r.readiness.due, d("2026-12-31"));
    assert_eq!(r.readiness.prepare_on, d("2026-12-24"));
    assert!(msgs.is_empty(), "{msgs:?}");
    // From the preparation day the missing parts are listed.
    let (r, msgs) = figures(&doc, "2026-12-24");
    assert_eq!(r.readiness.results_missing, 2);
    assert_eq!(
        msgs,
        vec!["Review of Ada on 31 Dec: still 2 results to record and the self-assessment"]
    );
    let q4 = r.readiness.period;
    for id in &ids {
        pp::record_result(&mut doc, "lea", id, &q4, 90.0, "", d("2026-12-24"), 10).unwrap();
    }
    let (_, msgs) = figures(&doc, "2026-12-24");
    assert_eq!(
        msgs,
        vec!["Review of Ada on 31 Dec: still the self-assessment"]
    );
    for id in &ids {
        pp::set_self_rating(&mut doc, "ada", id, &q4, 4, "", d("2026-12-24"), 11).unwrap();
    }
    let (r, msgs) = figures(&doc, "2026-12-24");
    assert!(r.readiness.ready());
    assert!(msgs.is_empty(), "ready: nothing left to prepare");
    // The employee's own view shows the same review.
    let plan = pp::load(&doc).unwrap();
    let mine = my_view("Lea", None, None, Some(("r", &plan)), at("2026-12-24"));
    assert_eq!(mine.review.unwrap().readiness.due, d("2026-12-31"));
}

#[test]
fn the_metrics_meeting_shows_in_the_trends_and_the_attention_list() {
    use crate::docs::team_objectives as team_doc;
    use crate::domain::team::{Cadence, KpiDraft, MeetingOutcome, ObjectiveDraft};
    use crate::domain::Participant;
    // Weekly on Mondays from 2 November; the 16th held, the 9th and 23rd not recorded.
    let leader = Participant::new("lea", "Lea");
    let mut doc = team_doc::create(
        "team",
        "Platform",
        &leader,
        &[Participant::new("ada", "Ada")],
        d("2026-11-01"),
        1,
    )
    .unwrap();
    let start = d("2026-11-02");
    let at9 = chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    team_doc::set_cadence(
        &mut doc,
        "lea",
        Cadence::weekly(chrono::Weekday::Mon, at9, start),
        2,
    )
    .unwrap();
    let o = team_doc::add_objective(
        &mut doc,
        "lea",
        &ObjectiveDraft {
            title: "Faster onboarding".into(),
            ..ObjectiveDraft::default()
        },
        start,
        3,
    )
    .unwrap()
    .id;
    team_doc::add_kpi(
        &mut doc,
        "lea",
        &KpiDraft {
            objective_id: o,
            name: "Self-serve".into(),
            unit: "%".into(),
            baseline: 40.0,
            target: 80.0,
            owner_id: "ada".into(),
            in_control: Some(true),
        },
        start,
        4,
    )
    .unwrap();
    team_doc::record_meeting(
        &mut doc,
        "lea",
        d("2026-11-16"),
        MeetingOutcome::Held { minutes: 35 },
        "ada",
        d("2026-11-16"),
        5,
    )
    .unwrap();
    let objectives = team_doc::load(&doc).unwrap();
    let people = [person("ada", "Ada", "2026-09-01")];
    let week = WorkWeek::default();
    let mut input = inputs(&people, &[], &week, BTreeMap::new(), "2026-11-27");
    input.team = Some(("team", &objectives));
    let dash = team(&input);
    let held = dash.meetings_held.points.clone();
    assert_eq!(held.len(), WEEKS);
    // Weeks end on today's weekday: the week to Friday 20 Nov held its meeting (the 16th),
    // the week to the 13th did not (the 9th), and none was due before the cadence began.
    let at_end = |day: &str| {
        let i = dash.week_ends.iter().position(|e| *e == d(day)).unwrap();
        held[i]
    };
    assert_eq!(at_end("2026-11-20"), Some(1.0));
    assert_eq!(at_end("2026-11-13"), Some(0.0));
    assert_eq!(at_end("2026-10-30"), None);
    let to_record: Vec<NaiveDate> = dash
        .attention
        .iter()
        .filter_map(|a| match a {
            Attention::MeetingToRecord { date, .. } => Some(date.to_owned()),
            _ => None,
        })
        .collect();
    assert_eq!(to_record.len(), 3, "{:?}", dash.attention);
    assert!(to_record.contains(&d("2026-11-23")));
    assert!(!to_record.contains(&d("2026-11-16")));
    assert!(dash
        .attention
        .iter()
        .any(|a| matches!(a, Attention::StaleKpis { count: 1, .. })));
    for a in &dash.attention {
        assert!(!a.message().contains("R2."), "no rule ids for people");
    }
}

#[test]
fn my_view_lists_the_team_kpis_i_own_and_whether_the_team_waits_for_my_value() {
    use crate::domain::team::{Kpi, KpiValue, TeamObjectives};
    let mut team = TeamObjectives::empty_for_tests("t1", "Platform team");
    let kpi = |id: &str, owner: &str, values: &[(&str, f64)]| Kpi {
        id: id.into(),
        objective_id: "o1".into(),
        name: format!("KPI {id}"),
        unit: "%".into(),
        baseline: 40.0,
        target: 80.0,
        owner_id: owner.into(),
        in_control: Some(true),
        values: values
            .iter()
            .enumerate()
            .map(|(i, (day, v))| {
                let id = format!("{id}-v{i}");
                (
                    id.clone(),
                    KpiValue {
                        id,
                        date: d(day),
                        value: *v,
                        by: owner.into(),
                        note: String::new(),
                    },
                )
            })
            .collect(),
    };
    team.kpis.insert(
        "k1".into(),
        kpi("k1", "eve", &[("2026-11-02", 50.0), ("2026-11-09", 60.0)]),
    );
    team.kpis.insert("k2".into(), kpi("k2", "eve", &[]));
    team.kpis
        .insert("k3".into(), kpi("k3", "sam", &[("2026-11-09", 70.0)]));
    let week = WorkWeek::default();
    let mine = my_kpis("t1", &team, "eve", &week, d("2026-11-27"));
    assert_eq!(mine.len(), 2, "only Eve's");
    assert_eq!(mine[0].name, "KPI k1");
    assert_eq!(mine[0].trend.latest, Some(60.0));
    assert_eq!(mine[0].team_name, "Platform team");
    // No meeting held yet: a KPI without any value is the one the team waits for.
    assert!(!mine[0].stale);
    assert!(mine[1].stale);
}

proptest! {
    /// Issue 11: the dashboard opens the months of check-ins from `checkin_reach` on. When
    /// `needs_earlier` says nothing before the window counts, the figures from the window equal
    /// the figures from every check-in ever logged.
    #[test]
    fn a_window_that_needs_nothing_earlier_gives_the_same_dashboard(
        days in prop::collection::vec((0usize..3, 0i64..240), 0..300),
        daily_from in proptest::option::of(150i64..240),
        back in 0i64..40,
    ) {
        let people = [
            person("ada", "Ada", "2026-04-01"),
            person("bo", "Bo", "2026-04-01"),
            person("cy", "Cy", "2026-09-15"),
        ];
        let week = WorkWeek::default();
        let start = d("2026-04-01");
        let today = "2026-11-27";
        let mut checkins: Vec<CheckIn> = days.iter().map(|(who, off)| {
            checkin(["ada", "bo", "cy"][*who], &(start + Duration::days(*off)).to_string())
        }).collect();
        if let Some(f) = daily_from {
            for off in f..240 {
                for who in ["ada", "bo", "cy"] {
                    checkins.push(checkin(who, &(start + Duration::days(off)).to_string()));
                }
            }
        }
        // A check-in is logged for someone on the roster: never before they were added.
        checkins.retain(|c| people.iter().any(|p| p.id == c.person_id && p.added_on <= c.date));
        let from = crate::dashboard::checkin_reach(d(today)) - Duration::days(back);
        let window: Vec<CheckIn> = checkins.iter().filter(|c| c.date >= from).cloned().collect();
        let log = crate::measures::ConnectionLog::new(window.iter());
        let refs: Vec<&Person> = people.iter().collect();
        if !crate::measures::needs_earlier(&refs, &log, &week, from, d(today)) {
            let all = team(&inputs(&people, &checkins, &week, BTreeMap::new(), today));
            let part = team(&inputs(&people, &window, &week, BTreeMap::new(), today));
            prop_assert_eq!(part, all);
        }
    }
}
