use super::*;
use crate::docs::history;
use crate::domain::Pair;
use crate::rules::Severity;
use automerge::ActorId;

pub(crate) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(crate) fn dt(s: &str) -> NaiveDateTime {
    crate::domain::one_on_one::parse_local_datetime(s).unwrap()
}

/// 2026-01-01T00:00:00Z.
pub(crate) const NEW_YEAR_MS: i64 = 1_767_225_600_000;

/// A series of leader Lea and employee Eve, created by Lea on 2026-01-01.
pub(crate) fn fixture() -> (AutoCommit, Participant, Participant) {
    let lea = Participant::new("leader-1", "Lea");
    let eve = Participant::new("employee-1", "Eve");
    let doc = create("series-1", &lea, &eve, Side::Leader, NEW_YEAR_MS).unwrap();
    (doc, lea, eve)
}

#[test]
fn the_outline_is_the_series_without_its_prose() {
    let (mut doc, lea, eve) = fixture();
    let m = propose_meeting(&mut doc, &eve.id, dt("2026-01-08T10:00"), 40, 1).unwrap();
    add_topic(&mut doc, &eve.id, &m, "Conference budget", 2).unwrap();
    edit_section(&mut doc, &lea.id, &m, Section::Connection, "Good week.", 3).unwrap();
    edit_section(&mut doc, &eve.id, &m, Section::IdpCheck, "On track.", 4).unwrap();
    record_held(&mut doc, &lea.id, &m, 35, 5).unwrap();
    let draft = ActionDraft {
        meeting_id: m.clone(),
        text: "Book the course".into(),
        owner: Some(Side::Employee),
        due: Some(d("2026-01-20")),
    };
    add_action(&mut doc, &eve.id, &draft, 6).unwrap();
    propose_meeting(&mut doc, &eve.id, dt("2026-01-22T10:00"), 30, 7).unwrap();

    let mut full = load(&doc).unwrap();
    for meeting in full.meetings.values_mut() {
        meeting.topics.clear();
        meeting.sections = Sections::default();
    }
    assert_eq!(load_outline(&doc).unwrap(), full);
}

#[test]
fn a_page_of_recent_meetings_is_in_full_and_the_findings_are_the_whole_series() {
    // Twelve biweekly 1:1s, a missed one among the last, notes in each, and one planned.
    let (mut doc, lea, eve) = fixture();
    let mut ids = Vec::new();
    for i in 0..12u32 {
        let day = d("2026-01-08") + chrono::Duration::days(14 * i as i64);
        let m =
            propose_meeting(&mut doc, &eve.id, day.and_hms_opt(10, 0, 0).unwrap(), 30, 1).unwrap();
        add_topic(&mut doc, &eve.id, &m, &format!("Topic {i}"), 2).unwrap();
        edit_section(
            &mut doc,
            &lea.id,
            &m,
            Section::Connection,
            format!("Notes {i}"),
            3,
        )
        .unwrap();
        if i == 10 {
            record_missed(&mut doc, &lea.id, &m, "Ill", 4).unwrap();
        } else {
            record_held(&mut doc, &lea.id, &m, 30, 4).unwrap();
        }
        ids.push(m);
    }
    let planned = propose_meeting(&mut doc, &eve.id, dt("2026-07-01T10:00"), 30, 5).unwrap();

    let full = load(&doc).unwrap();
    let page = load_recent(&doc, 2).unwrap();
    let shown = shown_in_full(&page, 2);
    // Newest first: the planned one, the last two (one missed), and the held ones R3.7 reads
    // (the last three held: 11, 9 and 8).
    assert_eq!(
        shown,
        vec![
            planned.clone(),
            ids[11].clone(),
            ids[10].clone(),
            ids[9].clone(),
            ids[8].clone()
        ]
    );
    for id in &shown {
        assert_eq!(page.meetings[id], full.meetings[id], "{id} is in full");
    }
    assert!(
        page.meetings[&ids[0]].topics.is_empty(),
        "older ones are outlines"
    );
    assert_eq!(page.meetings.len(), full.meetings.len());
    assert_eq!(page.actions, full.actions);
    let today = d("2026-07-01");
    assert_eq!(
        rules::one_on_one::series_findings(&page, today),
        rules::one_on_one::series_findings(&full, today)
    );
    // More than there are: everything in full.
    assert_eq!(load_recent(&doc, 100).unwrap(), full);
}

#[test]
fn create_puts_every_root_object_in_one_change() {
    let (mut doc, _, _) = fixture();
    assert_eq!(doc.get_changes(&[]).len(), 1);
    let one = load(&doc).unwrap();
    assert_eq!(one.meta.kind, DocKind::OneOnOne);
    assert_eq!(one.meta.id, "series-1");
    assert_eq!(one.leader.name, "Lea");
    assert_eq!(one.employee.name, "Eve");
    assert!(one.meetings.is_empty() && one.actions.is_empty());
    assert_eq!(one.created_at_ms, NEW_YEAR_MS);
    let h = history(&mut doc);
    assert_eq!(
        (h[0].by.as_str(), h[0].what.as_str()),
        ("Lea", "Started 1:1 series of Lea and Eve")
    );
}

#[test]
fn create_refuses_one_person_twice_or_blank_people() {
    let lea = Participant::new("p", "Lea");
    assert!(matches!(
        create("s", &lea, &lea, Side::Leader, 0),
        Err(CommandError::Invalid(_))
    ));
    let blank = Participant::new("q", "  ");
    assert!(matches!(
        create("s", &lea, &blank, Side::Leader, 0),
        Err(CommandError::Invalid(_))
    ));
}

#[test]
fn full_meeting_round_trip_through_bytes() {
    let (mut doc, lea, eve) = fixture();
    let m = propose_meeting(&mut doc, &eve.id, dt("2026-12-03T10:00"), 45, 10).unwrap();
    let t1 = add_topic(&mut doc, &eve.id, &m, "  Roadmap  ", 11).unwrap();
    let t2 = add_topic(&mut doc, &lea.id, &m, "Team offsite", 12).unwrap();
    set_topic_discussed(&mut doc, &lea.id, &m, &t1, true, 13).unwrap();
    edit_section(
        &mut doc,
        &eve.id,
        &m,
        Section::Connection,
        "Back from holiday, rested.",
        14,
    )
    .unwrap();
    edit_section(
        &mut doc,
        &lea.id,
        &m,
        Section::IdpCheck,
        "Still aiming for tech lead in 3 years.",
        15,
    )
    .unwrap();
    let draft = ActionDraft {
        meeting_id: m.clone(),
        text: "Share the roadmap draft".into(),
        owner: Some(Side::Leader),
        due: Some(d("2026-12-10")),
    };
    let a = add_action(&mut doc, &eve.id, &draft, 16).unwrap();
    record_held(&mut doc, &lea.id, &m, 40, 17).unwrap();

    let loaded = crate::docs::load_checked(&doc.save(), DocKind::OneOnOne, SCHEMA).unwrap();
    let one = load(&loaded).unwrap();
    let meeting = &one.meetings[&m];
    assert_eq!(meeting.when_label(), "2026-12-03 10:00");
    assert_eq!(meeting.proposed_by, eve.id);
    assert_eq!(meeting.status, MeetingStatus::Held { actual_minutes: 40 });
    let topics = meeting.topics_in_order();
    assert_eq!(
        topics.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        [t1.as_str(), t2.as_str()]
    );
    assert_eq!(topics[0].text, "Roadmap");
    assert!(topics[0].discussed && !topics[1].discussed);
    // R3.2: the app shows who added what.
    assert_eq!(one.name_of(&topics[0].added_by), "Eve");
    assert_eq!(one.name_of(&topics[1].added_by), "Lea");
    assert_eq!(
        meeting.text(Section::Connection),
        "Back from holiday, rested."
    );
    assert_eq!(
        meeting.text(Section::IdpCheck),
        "Still aiming for tech lead in 3 years."
    );
    assert_eq!(meeting.text(Section::Metrics), "");
    let action = &one.actions[&a];
    assert_eq!(
        (action.owner, action.due, action.done_on),
        (Side::Leader, d("2026-12-10"), None)
    );
    assert_eq!(one.actions_of(&m).len(), 1);
}

#[test]
fn r3_2_a_leader_proposing_is_refused_and_nothing_changes() {
    let (mut doc, lea, eve) = fixture();
    let heads = doc.get_heads();
    match propose_meeting(&mut doc, &lea.id, dt("2026-12-03T10:00"), 45, 1) {
        Err(CommandError::Refused(f)) => {
            assert_eq!(f[0].rule, "R3.2");
            assert_eq!(f[0].severity, Severity::Refuse);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(doc.get_heads(), heads);
    let m = propose_meeting(&mut doc, &eve.id, dt("2026-12-03T10:00"), 45, 1).unwrap();
    let err = reschedule_meeting(&mut doc, &lea.id, &m, dt("2026-12-04T10:00"), 45, 2).unwrap_err();
    assert!(err.to_string().contains("employee-led"));
    reschedule_meeting(&mut doc, &eve.id, &m, dt("2026-12-04T11:30"), 30, 2).unwrap();
    let one = load(&doc).unwrap();
    assert_eq!(
        (
            one.meetings[&m].when_label(),
            one.meetings[&m].planned_minutes
        ),
        ("2026-12-04 11:30".into(), 30)
    );
    record_held(&mut doc, &lea.id, &m, 30, 3).unwrap();
    assert!(matches!(
        reschedule_meeting(&mut doc, &eve.id, &m, dt("2026-12-05T10:00"), 45, 4),
        Err(CommandError::Invalid(_))
    ));
}

#[test]
fn r3_5_actions_without_owner_or_due_date_are_refused() {
    let (mut doc, lea, eve) = fixture();
    let m = propose_meeting(&mut doc, &eve.id, dt("2026-12-03T10:00"), 45, 1).unwrap();
    let heads = doc.get_heads();
    let draft = ActionDraft {
        meeting_id: m.clone(),
        text: "Book the course".into(),
        owner: None,
        due: None,
    };
    let err = add_action(&mut doc, &lea.id, &draft, 2).unwrap_err();
    match &err {
        CommandError::Refused(f) => {
            assert!(f.len() == 2 && f.iter().all(|f| f.rule == "R3.5"))
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(err.to_string().contains("owns") && err.to_string().contains("due date"));
    assert_eq!(doc.get_heads(), heads);
    let ok = ActionDraft {
        owner: Some(Side::Employee),
        due: Some(d("2026-12-17")),
        ..draft.clone()
    };
    let unknown = ActionDraft {
        meeting_id: "nope".into(),
        ..ok.clone()
    };
    assert!(matches!(
        add_action(&mut doc, &lea.id, &unknown, 2),
        Err(CommandError::NotFound("1:1"))
    ));
    let a = add_action(&mut doc, &lea.id, &ok, 2).unwrap();
    complete_action(&mut doc, &eve.id, &a, d("2026-12-15"), 3).unwrap();
    assert_eq!(
        load(&doc).unwrap().actions[&a].done_on,
        Some(d("2026-12-15"))
    );
    reopen_action(&mut doc, &lea.id, &a, 4).unwrap();
    assert!(load(&doc).unwrap().actions[&a].is_open());
    let h = history(&mut doc);
    let whats: Vec<&str> = h.iter().map(|e| e.what.as_str()).collect();
    assert!(whats.contains(&"Added action “Book the course” for Eve, due 2026-12-17"));
    assert!(whats.contains(&"Completed action “Book the course”"));
    assert!(whats.contains(&"Reopened action “Book the course”"));
}

#[test]
fn only_the_pair_can_edit_and_unknown_items_are_reported() {
    let (mut doc, _, eve) = fixture();
    let stranger = Participant::new("x", "Mallory");
    assert!(matches!(
        propose_meeting(&mut doc, &stranger.id, dt("2026-12-03T10:00"), 45, 1),
        Err(CommandError::NotAParticipant)
    ));
    let m = propose_meeting(&mut doc, &eve.id, dt("2026-12-03T10:00"), 45, 1).unwrap();
    assert!(matches!(
        add_topic(&mut doc, &stranger.id, &m, "Hi", 2),
        Err(CommandError::NotAParticipant)
    ));
    assert!(matches!(
        add_topic(&mut doc, &eve.id, "nope", "Hi", 2),
        Err(CommandError::NotFound("1:1"))
    ));
    assert!(matches!(
        set_topic_discussed(&mut doc, &eve.id, &m, "nope", true, 2),
        Err(CommandError::NotFound("topic"))
    ));
    assert!(matches!(
        complete_action(&mut doc, &eve.id, "nope", d("2026-12-03"), 2),
        Err(CommandError::NotFound("action"))
    ));
    assert!(matches!(
        add_topic(&mut doc, &eve.id, &m, "   ", 2),
        Err(CommandError::Invalid(_))
    ));
    assert!(matches!(
        add_topic(&mut doc, &eve.id, &m, &"x".repeat(201), 2),
        Err(CommandError::Invalid(_))
    ));
    assert!(matches!(
        record_held(&mut doc, &eve.id, &m, 0, 2),
        Err(CommandError::Invalid(_))
    ));
    assert!(matches!(
        record_missed(&mut doc, &eve.id, &m, " ", 2),
        Err(CommandError::Invalid(_))
    ));
    assert!(matches!(
        propose_meeting(&mut doc, &eve.id, dt("2026-12-03T10:00"), 481, 1),
        Err(CommandError::Invalid(_))
    ));
    record_missed(&mut doc, &eve.id, &m, "Team offsite", 3).unwrap();
    assert_eq!(
        load(&doc).unwrap().meetings[&m].status,
        MeetingStatus::Missed {
            reason: "Team offsite".into()
        }
    );
}

#[test]
fn commits_describe_who_did_what() {
    let (mut doc, lea, eve) = fixture();
    let m = propose_meeting(
        &mut doc,
        &eve.id,
        dt("2026-12-03T10:00"),
        45,
        NEW_YEAR_MS + 1_000,
    )
    .unwrap();
    add_topic(&mut doc, &lea.id, &m, "Roadmap", NEW_YEAR_MS + 2_000).unwrap();
    edit_section(
        &mut doc,
        &lea.id,
        &m,
        Section::FeedbackToEmployee,
        "Great demo",
        NEW_YEAR_MS + 3_000,
    )
    .unwrap();
    record_held(&mut doc, &lea.id, &m, 45, NEW_YEAR_MS + 4_000).unwrap();
    let long = "A topic that is much longer than forty characters in total";
    add_topic(&mut doc, &eve.id, &m, long, NEW_YEAR_MS + 5_000).unwrap();
    let h = history(&mut doc);
    let got: Vec<(&str, &str)> = h.iter().map(|e| (e.by.as_str(), e.what.as_str())).collect();
    assert_eq!(
        got[..5],
        [
            (
                "Eve",
                "Added topic “A topic that is much longer than forty…”"
            ),
            ("Lea", "Recorded 1:1 on 2026-12-03 10:00 as held (45 min)"),
            (
                "Lea",
                "Edited feedback to the employee of the 1:1 on 2026-12-03 10:00"
            ),
            ("Lea", "Added topic “Roadmap”"),
            ("Eve", "Proposed 1:1 on 2026-12-03 10:00"),
        ]
    );
}

#[test]
fn r3_4_section_edits_are_character_diffs_and_skip_no_ops() {
    let (mut doc, lea, eve) = fixture();
    let m = propose_meeting(&mut doc, &eve.id, dt("2026-12-03T10:00"), 45, 1).unwrap();
    edit_section(
        &mut doc,
        &eve.id,
        &m,
        Section::Metrics,
        "Déjà vu: “NPS” 42 → 45",
        2,
    )
    .unwrap();
    let heads = doc.get_heads();
    edit_section(
        &mut doc,
        &lea.id,
        &m,
        Section::Metrics,
        "Déjà vu: “NPS” 42 → 45 ✓",
        3,
    )
    .unwrap();
    let changes = doc.get_changes(&heads);
    assert_eq!(changes.len(), 1);
    // " ✓" is two characters: two insert operations, nothing rewritten.
    assert_eq!(changes[0].len(), 2);
    let heads = doc.get_heads();
    edit_section(
        &mut doc,
        &lea.id,
        &m,
        Section::Metrics,
        "Déjà vu: “NPS” 42 → 45 ✓",
        4,
    )
    .unwrap();
    assert_eq!(doc.get_heads(), heads, "an unchanged text makes no commit");
    // Non-ASCII before the edit point: positions must be counted in characters, not bytes.
    edit_section(
        &mut doc,
        &lea.id,
        &m,
        Section::Metrics,
        "Déjà vu: “NPS” 42 → 46 ✓",
        5,
    )
    .unwrap();
    assert_eq!(
        load(&doc).unwrap().meetings[&m].text(Section::Metrics),
        "Déjà vu: “NPS” 42 → 46 ✓"
    );
    assert!(matches!(
        edit_section(
            &mut doc,
            &lea.id,
            &m,
            Section::Metrics,
            "x".repeat(MAX_SECTION + 1),
            6
        ),
        Err(CommandError::Invalid(_))
    ));
}

#[test]
fn r3_4_concurrent_edits_of_one_section_keep_both_sides_text() {
    let (mut leader_doc, lea, eve) = fixture();
    let m = propose_meeting(&mut leader_doc, &eve.id, dt("2026-12-03T10:00"), 45, 1).unwrap();
    edit_section(
        &mut leader_doc,
        &lea.id,
        &m,
        Section::Development,
        "Goal: speak at a conference.",
        2,
    )
    .unwrap();
    let mut employee_doc = leader_doc.fork().with_actor(ActorId::random());
    edit_section(
        &mut leader_doc,
        &lea.id,
        &m,
        Section::Development,
        "Goal: speak at a conference. Lea: I can intro you.",
        3,
    )
    .unwrap();
    edit_section(
        &mut employee_doc,
        &eve.id,
        &m,
        Section::Development,
        "Big goal: speak at a conference.",
        3,
    )
    .unwrap();
    leader_doc.merge(&mut employee_doc).unwrap();
    employee_doc.merge(&mut leader_doc).unwrap();
    let a = load(&leader_doc).unwrap();
    assert_eq!(a, load(&employee_doc).unwrap());
    assert_eq!(
        a.meetings[&m].text(Section::Development),
        "Big goal: speak at a conference. Lea: I can intro you."
    );
}

#[test]
fn load_refuses_other_kinds_and_newer_schemas() {
    let mut ws = crate::docs::workspace::create("ws", "me", "Lea", 0).unwrap();
    assert!(matches!(load(&ws), Err(DocError::WrongKind { .. })));
    assert!(matches!(
        crate::docs::load_checked(&ws.save(), DocKind::OneOnOne, SCHEMA),
        Err(DocError::WrongKind { .. })
    ));
    let (mut doc, _, _) = fixture();
    let meta = DocMeta {
        id: "series-1".into(),
        kind: DocKind::OneOnOne,
        schema: SCHEMA + 1,
    };
    reconcile_prop(&mut doc, ROOT, "meta", &meta).unwrap();
    assert!(matches!(load(&doc), Err(DocError::NewerSchema(_))));
}
