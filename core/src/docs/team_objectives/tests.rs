use super::*;
use crate::docs::history;
use crate::domain::team::{Cadence, CadenceKind};
use automerge::ActorId;
use chrono::{NaiveTime, Weekday};

const LEAD: &str = "lea";
const ADA: &str = "ada";
const BO: &str = "bo";
/// Not on the team.
const MAL: &str = "mal";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    d("2026-11-04")
}

/// Lea's team, Platform, with Ada and Bo.
fn new_team() -> AutoCommit {
    create(
        "team-1",
        "Platform",
        &Participant::new(LEAD, "Lea"),
        &[Participant::new(ADA, "Ada"), Participant::new(BO, "Bo")],
        d("2026-11-02"),
        1_000_000,
    )
    .unwrap()
}

fn objective(title: &str) -> ObjectiveDraft {
    ObjectiveDraft {
        title: title.into(),
        measure: "Days from signature to first commit".into(),
        unit: "days".into(),
        baseline: Some(20.0),
        target: Some(10.0),
        deadline: Some(d("2027-03-31")),
        specific_confirmed: true,
        achievable_confirmed: true,
        ..ObjectiveDraft::default()
    }
}

fn kpi(objective_id: &str, owner: &str) -> KpiDraft {
    KpiDraft {
        objective_id: objective_id.into(),
        name: "Onboarding time".into(),
        unit: "days".into(),
        baseline: 20.0,
        target: 10.0,
        owner_id: owner.into(),
        in_control: Some(true),
    }
}

/// A team with a priority, an objective serving it and Ada's KPI on it.
fn busy_team() -> (AutoCommit, String, String, String) {
    let mut doc = new_team();
    let p = add_priority(&mut doc, LEAD, "Grow revenue", today(), 2_000).unwrap();
    let draft = ObjectiveDraft {
        priority_id: p.id.clone(),
        ..objective("Cut onboarding time")
    };
    let o = add_objective(&mut doc, LEAD, &draft, today(), 3_000).unwrap();
    let k = add_kpi(&mut doc, LEAD, &kpi(&o.id, ADA), today(), 4_000).unwrap();
    (doc, p.id, o.id, k.id)
}

/// What the newest change says in the history (R8.5).
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

fn changes(doc: &mut AutoCommit) -> usize {
    doc.get_changes(&[]).len()
}

#[test]
fn create_puts_every_root_object_in_one_change() {
    let mut doc = new_team();
    assert_eq!(changes(&mut doc), 1);
    for key in [
        "meta",
        "leader",
        "members",
        "priorities",
        "objectives",
        "kpis",
        "meetings",
        "questions",
    ] {
        assert!(obj_at(&doc, &ROOT, key).is_ok(), "{key} missing");
    }
    for key in ["created_by", "created_on", "team_name", "cadence"] {
        assert!(doc.get(&ROOT, key).unwrap().is_some(), "{key} missing");
    }
    let t = load(&doc).unwrap();
    assert_eq!(t.meta.kind, DocKind::TeamObjectives);
    assert_eq!(
        (t.team_name.as_str(), t.leader.id.as_str()),
        ("Platform", LEAD)
    );
    assert_eq!(
        (t.created_by.as_str(), t.created_on),
        (LEAD, d("2026-11-02"))
    );
    let names: Vec<&str> = t.active_members().iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Ada", "Bo"]);
    assert!(t.is_active(LEAD) && t.is_active(ADA) && !t.is_active(MAL));
    assert_eq!((t.name_of(BO), t.name_of(MAL)), ("Bo", "someone else"));
    assert!(t.cadence.is_none());
    assert_eq!(latest(&mut doc), "Created the objectives of “Platform”");
}

#[test]
fn create_refuses_a_team_without_a_name_or_with_a_person_twice() {
    let lea = Participant::new(LEAD, "Lea");
    let go = |name: &str, members: &[Participant]| {
        create("t", name, &lea, members, today(), 1).map(|_| ())
    };
    assert!(matches!(
        go(" ", &[]),
        Err(CommandError::TeamInput(InputError::TeamName))
    ));
    for members in [
        vec![Participant::new(LEAD, "Lea again")],
        vec![Participant::new(ADA, "Ada"), Participant::new(ADA, "Ada")],
        vec![Participant::new("", "Nobody")],
        vec![Participant::new("x", " ")],
    ] {
        assert!(matches!(
            go("Platform", &members),
            Err(CommandError::TeamInput(InputError::BadPeople))
        ));
    }
}

/// A document of another kind.
fn a_performance_plan() -> AutoCommit {
    crate::docs::performance_plan::create(
        "p",
        &Participant::new(ADA, "Ada"),
        &Participant::new(LEAD, "Lea"),
        LEAD,
        today(),
        today(),
        1,
    )
    .unwrap()
}

#[test]
fn load_refuses_other_kinds_and_newer_schema() {
    let plan = a_performance_plan();
    assert!(matches!(load(&plan), Err(DocError::WrongKind { .. })));
    let mut doc = new_team();
    let meta = obj_at(&doc, &ROOT, "meta").unwrap();
    doc.put(&meta, "schema", 2u64).unwrap();
    assert!(matches!(load(&doc), Err(DocError::NewerSchema(2))));
}

#[test]
fn the_objectives_alone_read_as_the_whole_document_shows_them() {
    let (mut doc, _, _, k) = busy_team();
    add_objective(
        &mut doc,
        LEAD,
        &objective("Answer within a day"),
        today(),
        5_000,
    )
    .unwrap();
    record_value(&mut doc, ADA, &k, today(), 3.0, "", 6_000).unwrap();
    let whole = load(&doc).unwrap();
    let alone = load_objectives(&doc).unwrap();
    let expected: Vec<&Objective> = whole.objectives_in_order();
    assert_eq!(alone.iter().collect::<Vec<_>>(), expected);
    assert_eq!(alone.len(), 2);
    // The same checks as `load`: another kind is refused.
    let plan = a_performance_plan();
    assert!(matches!(
        load_objectives(&plan),
        Err(DocError::WrongKind { .. })
    ));
}

/// Every command, run as `by` (with valid input otherwise).
fn every_command(
    doc: &mut AutoCommit,
    by: &str,
    (p, o, k): (&str, &str, &str),
) -> Vec<(&'static str, Result<(), CommandError>)> {
    let now = 9_000;
    let q = ask_question(doc, LEAD, "Why?", None, today(), now)
        .unwrap()
        .id;
    vec![
        ("set_team_name", set_team_name(doc, by, "Core", now)),
        (
            "add_member",
            add_member(doc, by, &Participant::new("cy", "Cy"), today(), now),
        ),
        ("remove_member", remove_member(doc, by, BO, today(), now)),
        (
            "add_priority",
            add_priority(doc, by, "Keep customers", today(), now).map(|_| ()),
        ),
        ("edit_priority", edit_priority(doc, by, p, "Grow ARR", now)),
        (
            "add_objective",
            add_objective(doc, by, &objective("Fewer incidents"), today(), now).map(|_| ()),
        ),
        (
            "edit_objective",
            edit_objective(doc, by, o, &objective("Onboard faster"), now).map(|_| ()),
        ),
        (
            "add_kpi",
            add_kpi(doc, by, &kpi(o, LEAD), today(), now).map(|_| ()),
        ),
        ("edit_kpi", edit_kpi(doc, by, k, &kpi(o, LEAD), now)),
        (
            "set_cadence",
            set_cadence(
                doc,
                by,
                Cadence::daily(NaiveTime::from_hms_opt(9, 0, 0).unwrap(), today()),
                now,
            ),
        ),
        (
            "record_meeting",
            record_meeting(
                doc,
                by,
                today(),
                MeetingOutcome::Held { minutes: 14 },
                LEAD,
                today(),
                now,
            ),
        ),
        (
            "record_value",
            record_value(doc, by, k, today(), 15.0, "", now).map(|_| ()),
        ),
        (
            "ask_question",
            ask_question(doc, by, "How?", Some(today()), today(), now).map(|_| ()),
        ),
        (
            "answer_question",
            answer_question(doc, by, &q, "Because.", today(), now),
        ),
        ("remove_kpi", remove_kpi(doc, by, k, now)),
        ("remove_objective", remove_objective(doc, by, o, now)),
        (
            "remove_priority",
            remove_priority(doc, by, p, now).map(|_| ()),
        ),
    ]
}

#[test]
fn every_command_refuses_people_not_on_the_team_and_members_who_left() {
    let (mut doc, p, o, k) = busy_team();
    remove_member(&mut doc, LEAD, ADA, today(), 5_000).unwrap();
    for who in [MAL, ADA, ""] {
        let before = changes(&mut doc);
        for (name, r) in every_command(&mut doc, who, (&p, &o, &k)) {
            assert!(
                matches!(r, Err(CommandError::NotAParticipant)),
                "{name} by {who:?}: {r:?}"
            );
        }
        // Only the leader's question of `every_command` was written.
        assert_eq!(changes(&mut doc), before + 1);
    }
}

#[test]
fn r2_5_a_member_may_only_ask_answer_and_record_their_own_kpi() {
    let (mut doc, p, o, k) = busy_team();
    // Bo: everything but questions is the leader's (and Ada's KPI is not his).
    for (name, r) in every_command(&mut doc, BO, (&p, &o, &k)) {
        match name {
            "ask_question" | "answer_question" => assert!(r.is_ok(), "{name}: {r:?}"),
            "record_value" => assert!(
                matches!(
                    r,
                    Err(CommandError::NotAllowed("the KPI's owner or the leader"))
                ),
                "{name}: {r:?}"
            ),
            _ => assert!(
                matches!(r, Err(CommandError::NotAllowed("the leader"))),
                "{name}: {r:?}"
            ),
        }
    }
    // Ada owns the KPI: she records; the leader may too.
    record_value(&mut doc, ADA, &k, today(), 16.0, "first week", 10_000).unwrap();
    record_value(&mut doc, LEAD, &k, today(), 15.5, "", 11_000).unwrap();
    assert_eq!(load(&doc).unwrap().kpis[&k].values.len(), 2);
    // The leader can do everything.
    for (name, r) in every_command(&mut doc, LEAD, (&p, &o, &k)) {
        assert!(r.is_ok(), "{name}: {r:?}");
    }
}

#[test]
fn r2_1_objectives_need_a_title_and_come_back_with_their_smart_flags() {
    let mut doc = new_team();
    let before = changes(&mut doc);
    let untitled = add_objective(&mut doc, LEAD, &objective("  "), today(), 2_000);
    assert!(matches!(
        untitled,
        Err(CommandError::TeamInput(InputError::ObjectiveTitle))
    ));
    let unknown = ObjectiveDraft {
        priority_id: "nope".into(),
        ..objective("Cut onboarding time")
    };
    assert!(matches!(
        add_objective(&mut doc, LEAD, &unknown, today(), 2_000),
        Err(CommandError::NotFound("priority"))
    ));
    assert_eq!(changes(&mut doc), before, "nothing written");
    let bare = ObjectiveDraft {
        title: "Cut onboarding time".into(),
        ..ObjectiveDraft::default()
    };
    let added = add_objective(&mut doc, LEAD, &bare, today(), 3_000).unwrap();
    assert_eq!(latest(&mut doc), "Added objective “Cut onboarding time”");
    assert!(added.flags.iter().all(|f| f.rule == "R2.1"));
    assert!(added.flags.iter().any(|f| f.message.contains("no KPI")));
    assert!(added.flags.iter().any(|f| f.message.contains("deadline")));
    // Edited into a SMART objective: only the priority link is left.
    let flags = edit_objective(
        &mut doc,
        LEAD,
        &added.id,
        &objective("Cut onboarding time"),
        4_000,
    )
    .unwrap();
    assert_eq!(flags.len(), 1);
    assert!(flags[0].message.contains("organisational priority"));
    let o = &load(&doc).unwrap().objectives[&added.id];
    assert_eq!((o.baseline, o.target), (Some(20.0), Some(10.0)));
    assert_eq!(o.deadline, Some(d("2027-03-31")));
}

#[test]
fn r2_2_kpis_are_measured_and_owned_by_someone_on_the_team() {
    let (mut doc, _, o, _) = busy_team();
    let before = changes(&mut doc);
    type Expected = fn(&CommandError) -> bool;
    let refusals: Vec<(KpiDraft, Expected)> = vec![
        (
            KpiDraft {
                unit: " ".into(),
                ..kpi(&o, ADA)
            },
            |e| matches!(e, CommandError::TeamInput(InputError::KpiUnit)),
        ),
        (
            KpiDraft {
                name: "".into(),
                ..kpi(&o, ADA)
            },
            |e| matches!(e, CommandError::TeamInput(InputError::KpiName)),
        ),
        (
            KpiDraft {
                target: 20.0,
                ..kpi(&o, ADA)
            },
            |e| matches!(e, CommandError::TeamInput(InputError::KpiFlat)),
        ),
        (
            KpiDraft {
                target: f64::NAN,
                ..kpi(&o, ADA)
            },
            |e| matches!(e, CommandError::TeamInput(InputError::NotANumber("target"))),
        ),
        (kpi("nope", ADA), |e| {
            matches!(e, CommandError::NotFound("objective"))
        }),
        (kpi(&o, MAL), |e| {
            matches!(e, CommandError::TeamInput(InputError::KpiOwner))
        }),
    ];
    for (draft, expected) in refusals {
        let r = add_kpi(&mut doc, LEAD, &draft, today(), 5_000);
        assert!(r.as_ref().is_err_and(expected), "{draft:?}: {r:?}");
    }
    // A departed member cannot own a new KPI.
    remove_member(&mut doc, LEAD, BO, today(), 5_500).unwrap();
    assert!(matches!(
        add_kpi(&mut doc, LEAD, &kpi(&o, BO), today(), 6_000),
        Err(CommandError::TeamInput(InputError::KpiOwner))
    ));
    assert_eq!(changes(&mut doc), before + 1);
    // The leader may own one; "within control?" unanswered is flagged.
    let unanswered = KpiDraft {
        in_control: None,
        ..kpi(&o, LEAD)
    };
    let added = add_kpi(&mut doc, LEAD, &unanswered, today(), 7_000).unwrap();
    assert!(added
        .flags
        .iter()
        .any(|f| f.rule == "R2.2" && f.message.contains("within Lea's control?")));
    assert!(added
        .flags
        .iter()
        .any(|f| f.message.contains("no measured value")));
}

#[test]
fn r2_2_values_are_finite_and_an_edited_kpi_keeps_them() {
    let (mut doc, _, o, k) = busy_team();
    assert!(matches!(
        record_value(&mut doc, ADA, &k, today(), f64::INFINITY, "", 5_000),
        Err(CommandError::TeamInput(InputError::NotANumber("value")))
    ));
    assert!(matches!(
        record_value(&mut doc, ADA, "nope", today(), 1.0, "", 5_000),
        Err(CommandError::NotFound("KPI"))
    ));
    let v = record_value(&mut doc, ADA, &k, d("2026-11-03"), 17.5, " ok ", 6_000).unwrap();
    assert_eq!(
        latest(&mut doc),
        "Recorded 17.5 days for “Onboarding time” (3 Nov 2026)"
    );
    let renamed = KpiDraft {
        name: "Days to first commit".into(),
        in_control: Some(false),
        ..kpi(&o, ADA)
    };
    edit_kpi(&mut doc, LEAD, &k, &renamed, 7_000).unwrap();
    let t = load(&doc).unwrap();
    let kp = &t.kpis[&k];
    assert_eq!(kp.name, "Days to first commit");
    assert_eq!(kp.in_control, Some(false));
    let stored = t.latest_value(kp).unwrap();
    assert_eq!((stored.id.as_str(), stored.value), (v.id.as_str(), 17.5));
    assert_eq!(stored.note, "ok");
}

#[test]
fn removing_a_priority_unlinks_its_objectives_and_an_objective_takes_its_kpis() {
    let (mut doc, p, o, k) = busy_team();
    let other = add_objective(
        &mut doc,
        LEAD,
        &objective("Fewer incidents"),
        today(),
        5_000,
    )
    .unwrap()
    .id;
    let k2 = add_kpi(&mut doc, LEAD, &kpi(&other, BO), today(), 5_500)
        .unwrap()
        .id;
    let unlinked = remove_priority(&mut doc, LEAD, &p, 6_000).unwrap();
    assert_eq!(unlinked, std::slice::from_ref(&o));
    assert_eq!(
        latest(&mut doc),
        "Removed priority “Grow revenue” (1 objectives unlinked)"
    );
    let t = load(&doc).unwrap();
    assert_eq!(t.objectives[&o].priority_id, "");
    let tree = crate::rules::team::alignment(&t, today());
    assert_eq!(tree.unlinked_objectives.len(), 2);
    remove_objective(&mut doc, LEAD, &o, 7_000).unwrap();
    let t = load(&doc).unwrap();
    assert!(!t.kpis.contains_key(&k), "its KPI went with it");
    assert!(t.kpis.contains_key(&k2), "another objective's KPI stays");
    assert!(matches!(
        remove_objective(&mut doc, LEAD, &o, 8_000),
        Err(CommandError::NotFound("objective"))
    ));
}

#[test]
fn members_leave_keep_their_history_and_come_back() {
    let (mut doc, _, _, k) = busy_team();
    record_value(&mut doc, ADA, &k, today(), 18.0, "", 5_000).unwrap();
    remove_member(&mut doc, LEAD, ADA, d("2026-11-05"), 6_000).unwrap();
    assert_eq!(latest(&mut doc), "Ada left the team");
    let t = load(&doc).unwrap();
    assert_eq!(t.members[ADA].left_on, Some(d("2026-11-05")));
    assert_eq!(t.kpis[&k].values.len(), 1, "her values stay");
    assert_eq!(t.name_of(ADA), "Ada");
    let f = crate::rules::team::kpi_findings(&t.kpis[&k], &t, today());
    assert!(f
        .iter()
        .any(|f| f.message.contains("no longer on the team")));
    assert!(matches!(
        record_value(&mut doc, ADA, &k, today(), 17.0, "", 7_000),
        Err(CommandError::NotAParticipant)
    ));
    // Removing again changes nothing; adding her back clears `left_on`.
    let before = changes(&mut doc);
    remove_member(&mut doc, LEAD, ADA, d("2026-11-06"), 7_500).unwrap();
    assert_eq!(changes(&mut doc), before);
    add_member(
        &mut doc,
        LEAD,
        &Participant::new(ADA, "Ada"),
        today(),
        8_000,
    )
    .unwrap();
    assert_eq!(latest(&mut doc), "Ada is on the team again");
    let t = load(&doc).unwrap();
    assert!(t.is_active(ADA));
    assert_eq!(t.members[ADA].joined_on, d("2026-11-02"));
    add_member(
        &mut doc,
        LEAD,
        &Participant::new("cy", " Cy "),
        today(),
        9_000,
    )
    .unwrap();
    assert_eq!(latest(&mut doc), "Added Cy to the team");
    assert!(matches!(
        add_member(
            &mut doc,
            LEAD,
            &Participant::new(LEAD, "Lea"),
            today(),
            9_500
        ),
        Err(CommandError::TeamInput(InputError::BadPeople))
    ));
}

#[test]
fn r2_4_a_meeting_is_recorded_held_with_its_length_or_missed_with_a_reason() {
    let mut doc = new_team();
    let before = changes(&mut doc);
    let go = |doc: &mut AutoCommit, date: &str, outcome: MeetingOutcome, by: &str| {
        record_meeting(doc, LEAD, d(date), outcome, by, today(), 5_000)
    };
    let held = |minutes| MeetingOutcome::Held { minutes };
    let missed = |reason: &str| MeetingOutcome::Missed {
        reason: reason.into(),
    };
    for (date, outcome, by, expected) in [
        ("2026-11-05", held(14), LEAD, InputError::FutureDate),
        ("2026-11-04", held(0), LEAD, InputError::MeetingMinutes),
        ("2026-11-04", held(481), LEAD, InputError::MeetingMinutes),
        ("2026-11-04", missed(" "), "", InputError::MeetingReason),
        (
            "2026-11-04",
            MeetingOutcome::Cancelled { reason: "".into() },
            "",
            InputError::MeetingReason,
        ),
        ("2026-11-04", held(14), "", InputError::Facilitator),
        ("2026-11-04", held(14), MAL, InputError::Facilitator),
    ] {
        let r = go(&mut doc, date, outcome.clone(), by);
        assert!(
            matches!(&r, Err(CommandError::TeamInput(e)) if *e == expected),
            "{date} {outcome:?} {by}: {r:?}"
        );
    }
    assert_eq!(changes(&mut doc), before);
    go(&mut doc, "2026-11-03", held(14), ADA).unwrap();
    assert_eq!(
        latest(&mut doc),
        "Metrics meeting of Tue 3 Nov 2026: Held, 14 min"
    );
    go(&mut doc, "2026-11-02", missed("Release night"), "").unwrap();
    // The same record again changes nothing; a correction replaces it.
    let before = changes(&mut doc);
    go(&mut doc, "2026-11-03", held(14), ADA).unwrap();
    assert_eq!(changes(&mut doc), before);
    go(&mut doc, "2026-11-03", held(16), ADA).unwrap();
    let t = load(&doc).unwrap();
    assert_eq!(t.meetings.len(), 2);
    let r = t.meeting_on(d("2026-11-03")).unwrap();
    assert_eq!(r.outcome.held_minutes(), Some(16));
    assert_eq!(r.facilitator_id, ADA);
    assert_eq!(
        t.meeting_on(d("2026-11-02")).unwrap().outcome.reason(),
        Some("Release night")
    );
    // A member who left cannot be named facilitator.
    remove_member(&mut doc, LEAD, BO, today(), 6_000).unwrap();
    assert!(go(&mut doc, "2026-11-04", held(15), BO).is_err());
}

#[test]
fn r2_3_cadence_is_set_once_and_questions_get_answers() {
    let mut doc = new_team();
    let at = NaiveTime::from_hms_opt(10, 0, 0).unwrap();
    let weekly = Cadence::weekly(Weekday::Mon, at, d("2026-11-02"));
    set_cadence(&mut doc, LEAD, weekly.clone(), 2_000).unwrap();
    assert_eq!(
        latest(&mut doc),
        "Set the metrics meeting: Weekly on Monday, 10:00, from 2 Nov 2026"
    );
    let before = changes(&mut doc);
    let typed = Cadence {
        time: "10:00:00".into(),
        ..weekly.clone()
    };
    set_cadence(&mut doc, LEAD, typed, 3_000).unwrap();
    assert_eq!(
        changes(&mut doc),
        before,
        "the same cadence, typed differently"
    );
    assert!(matches!(
        set_cadence(
            &mut doc,
            LEAD,
            Cadence {
                time: "ten".into(),
                ..weekly.clone()
            },
            3_000
        ),
        Err(CommandError::TeamInput(InputError::BadTime(_)))
    ));
    let t = load(&doc).unwrap();
    let c = t.cadence.unwrap();
    assert_eq!((c.kind, c.time_box_minutes()), (CadenceKind::Weekly, 40));

    let q = ask_question(
        &mut doc,
        BO,
        "  Why did lead time jump? ",
        Some(d("2026-11-02")),
        today(),
        4_000,
    )
    .unwrap()
    .id;
    assert_eq!(latest(&mut doc), "Asked “Why did lead time jump?”");
    assert!(matches!(
        ask_question(&mut doc, BO, " ", None, today(), 4_500),
        Err(CommandError::TeamInput(InputError::QuestionText))
    ));
    answer_question(
        &mut doc,
        ADA,
        &q,
        "A large customer onboarded.",
        today(),
        5_000,
    )
    .unwrap();
    let before = changes(&mut doc);
    answer_question(
        &mut doc,
        ADA,
        &q,
        " A large customer onboarded. ",
        today(),
        5_500,
    )
    .unwrap();
    assert_eq!(changes(&mut doc), before);
    let t = load(&doc).unwrap();
    let stored = &t.questions[&q];
    assert_eq!(stored.text, "Why did lead time jump?");
    assert_eq!((stored.by.as_str(), stored.answered_by.as_str()), (BO, ADA));
    assert_eq!(stored.answered_on, Some(today()));
    assert_eq!(t.questions_for(d("2026-11-02")).len(), 1);
    assert!(t.open_questions().is_empty());
}

#[test]
fn commands_that_change_nothing_make_no_commit() {
    let (mut doc, p, o, k) = busy_team();
    let draft = ObjectiveDraft {
        priority_id: p.clone(),
        ..objective("Cut onboarding time")
    };
    let before = changes(&mut doc);
    set_team_name(&mut doc, LEAD, " Platform ", 9_000).unwrap();
    edit_priority(&mut doc, LEAD, &p, "Grow  revenue", 9_000).unwrap();
    edit_objective(&mut doc, LEAD, &o, &draft, 9_000).unwrap();
    edit_kpi(&mut doc, LEAD, &k, &kpi(&o, ADA), 9_000).unwrap();
    add_member(
        &mut doc,
        LEAD,
        &Participant::new(ADA, "Ada"),
        today(),
        9_000,
    )
    .unwrap();
    assert_eq!(changes(&mut doc), before);
    // A real edit writes only what changed.
    let heads = doc.get_heads();
    let later = ObjectiveDraft {
        deadline: Some(d("2027-06-30")),
        ..draft
    };
    edit_objective(&mut doc, LEAD, &o, &later, 10_000).unwrap();
    assert_eq!(changes(&mut doc), before + 1);
    let after = doc.get_heads();
    let touched = crate::docs::touched(&mut doc, &heads, &after);
    assert_eq!(touched.len(), 1);
    assert_eq!(
        doc.get_last_local_change().unwrap().len(),
        1,
        "one operation"
    );
}

#[test]
fn two_members_record_values_offline_and_merge_without_loss() {
    let (mut doc, _, o, k) = busy_team();
    let kb = add_kpi(&mut doc, LEAD, &kpi(&o, BO), today(), 5_000)
        .unwrap()
        .id;
    let mut ada = AutoCommit::load(&doc.save())
        .unwrap()
        .with_actor(ActorId::random());
    let mut bo = AutoCommit::load(&doc.save())
        .unwrap()
        .with_actor(ActorId::random());
    record_value(&mut ada, ADA, &k, today(), 18.0, "", 6_000).unwrap();
    record_value(&mut bo, BO, &kb, today(), 12.0, "", 6_000).unwrap();
    record_value(&mut doc, LEAD, &k, today(), 17.0, "", 6_000).unwrap();
    ada.merge(&mut bo).unwrap();
    ada.merge(&mut doc).unwrap();
    bo.merge(&mut doc).unwrap();
    bo.merge(&mut ada).unwrap();
    let (a, b) = (load(&ada).unwrap(), load(&bo).unwrap());
    assert_eq!(a, b);
    assert_eq!(a.kpis[&k].values.len(), 2);
    assert_eq!(a.kpis[&kb].values.len(), 1);
}

/// The team document's long collections read a record per pass (`domain::records`, issue 11)
/// and field by field by each record's derived `Hydrate` come out alike; every record here is
/// read by the one-pass reader, none falls back.
fn read_both_ways(doc: &AutoCommit) -> TeamObjectives {
    use crate::domain::team::{kpi_value_of, meeting_of, question_of};
    let team = load(doc).unwrap();
    let meetings: BTreeMap<String, MeetingRecord> = hydrate_prop(doc, ROOT, "meetings").unwrap();
    let questions: BTreeMap<String, Question> = hydrate_prop(doc, ROOT, "questions").unwrap();
    assert_eq!(team.meetings, meetings, "one-pass reading differs");
    assert_eq!(team.questions, questions, "one-pass reading differs");
    let each = |key: &str, read: &dyn Fn(&ObjId) -> bool| {
        let map = obj_at(doc, &ROOT, key).unwrap();
        for item in doc.map_range(&map, ..) {
            assert!(read(&item.id()), "{key}/{} fell back", item.key);
        }
    };
    each("meetings", &|o| meeting_of(doc, o).is_some());
    each("questions", &|o| question_of(doc, o).is_some());
    for id in team.kpis.keys() {
        let kpi = item(doc, "kpis", id, "KPI").unwrap();
        let values: BTreeMap<String, KpiValue> = hydrate_prop(doc, &kpi, "values").unwrap();
        assert_eq!(team.kpis[id].values, values, "one-pass reading differs");
        let map = obj_at(doc, &kpi, "values").unwrap();
        for v in doc.map_range(&map, ..) {
            assert!(
                kpi_value_of(doc, &v.id()).is_some(),
                "value {} fell back",
                v.key
            );
        }
    }
    team
}

#[test]
fn the_one_pass_reading_equals_the_field_by_field_one() {
    let (mut doc, _, o, k) = busy_team();
    read_both_ways(&doc);
    let kb = add_kpi(&mut doc, LEAD, &kpi(&o, BO), today(), 5_000)
        .unwrap()
        .id;
    record_value(
        &mut doc,
        ADA,
        &k,
        d("2026-11-03"),
        18.5,
        "after the new checklist",
        6_000,
    )
    .unwrap();
    record_value(&mut doc, BO, &kb, today(), -2.0, "", 6_100).unwrap();
    set_cadence(
        &mut doc,
        LEAD,
        Cadence::weekly(
            Weekday::Tue,
            NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
            d("2026-11-02"),
        ),
        6_200,
    )
    .unwrap();
    record_meeting(
        &mut doc,
        LEAD,
        d("2026-11-03"),
        MeetingOutcome::Held { minutes: 35 },
        ADA,
        today(),
        6_300,
    )
    .unwrap();
    record_meeting(
        &mut doc,
        LEAD,
        d("2026-10-27"),
        MeetingOutcome::Missed {
            reason: "Offsite".into(),
        },
        "",
        today(),
        6_400,
    )
    .unwrap();
    record_meeting(
        &mut doc,
        LEAD,
        d("2026-10-20"),
        MeetingOutcome::Cancelled {
            reason: "Holiday".into(),
        },
        "",
        today(),
        6_500,
    )
    .unwrap();
    let q = ask_question(
        &mut doc,
        BO,
        "Why did it rise?",
        Some(d("2026-11-03")),
        today(),
        6_600,
    )
    .unwrap();
    ask_question(
        &mut doc,
        ADA,
        "Can we track weekends?",
        None,
        today(),
        6_700,
    )
    .unwrap();
    answer_question(
        &mut doc,
        LEAD,
        &q.id,
        "The new hires started.",
        today(),
        6_800,
    )
    .unwrap();
    remove_member(&mut doc, LEAD, BO, today(), 6_900).unwrap();
    let team = read_both_ways(&doc);
    assert_eq!(team.meetings.len(), 3);
    assert_eq!(team.questions.len(), 2);
    assert!(team.members[BO].left_on.is_some());
}

#[test]
fn a_value_stored_in_another_form_is_read_field_by_field() {
    // A peer wrote a KPI value as an integer: the one-pass reader does not guess, and `load`
    // gives autosurgeon's answer (here its error), as before.
    let (mut doc, _, _, k) = busy_team();
    let v = record_value(&mut doc, ADA, &k, today(), 18.0, "", 6_000).unwrap();
    let kpi = item(&doc, "kpis", &k, "KPI").unwrap();
    let values = obj_at(&doc, &kpi, "values").unwrap();
    let value = obj_at(&doc, &values, &v.id).unwrap();
    doc.put(&value, "value", 18_i64).unwrap();
    assert_eq!(crate::domain::team::kpi_value_of(&doc, &value), None);
    assert_eq!(
        load(&doc).map_err(|e| e.to_string()),
        hydrate::<_, TeamObjectives>(&doc)
            .map(|_| unreachable!())
            .map_err(|e| DocError::from(e).to_string())
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    #[test]
    fn any_values_notes_and_questions_read_alike(
        values in proptest::collection::vec((-1.0e9f64..1.0e9, 0i64..400, ".{0,40}"), 0..12),
        questions in proptest::collection::vec((".{1,60}", proptest::option::of(0i64..30), proptest::option::of(".{1,60}")), 0..6),
        held in proptest::collection::vec((0i64..200, 0u32..=480), 0..6),
    ) {
        let (mut doc, _, _, k) = busy_team();
        let start = d("2025-10-01");
        for (i, (value, day, note)) in values.iter().enumerate() {
            let date = start + chrono::Duration::days(*day);
            record_value(&mut doc, ADA, &k, date, *value, note, 10_000 + i as i64).unwrap();
        }
        for (i, (text, meeting, answer)) in questions.iter().enumerate() {
            let meeting = meeting.map(|m| start + chrono::Duration::days(m));
            if let Ok(q) = ask_question(&mut doc, BO, text, meeting, today(), 20_000 + i as i64) {
                if let Some(a) = answer {
                    let _ = answer_question(&mut doc, LEAD, &q.id, a, today(), 21_000 + i as i64);
                }
            }
        }
        for (i, (day, minutes)) in held.iter().enumerate() {
            let _ = record_meeting(&mut doc, LEAD, start + chrono::Duration::days(*day), MeetingOutcome::Held { minutes: *minutes }, ADA, today(), 30_000 + i as i64);
        }
        read_both_ways(&doc);
    }
}
