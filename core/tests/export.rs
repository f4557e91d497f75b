//! Your data, plainly (issue 15, beyond the backup of R8.2): the JSON export holds what the screens show and no secret keys,
//! `.automerge` files are the documents' standard bytes, and importing one makes a new,
//! separate document after the kind and schema checks.
//!
//! The test also writes fixtures for the Node check (`e2e/node/check_export.mjs`, run by
//! scripts/test.sh): `target/export-fixtures/*.automerge` with the JSON each must load as in
//! `@automerge/automerge`, and `export.json`, validated there against
//! `docs/schema/workspace-export.schema.json`.

use std::path::PathBuf;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc, ROOT};
use chrono::NaiveDate;
use rapport_core::docs::export::{doc_json, import_automerge, workspace_export, ImportError};
use rapport_core::docs::workspace::SharedDoc;
use rapport_core::docs::{
    development_plan as plan, one_on_one, performance_plan as perf, team_objectives as team,
    team_share, workspace, DocKind, DocMeta,
};
use rapport_core::domain::development::{GoalDraft, Horizon, Participant as PlanParticipant};
use rapport_core::domain::one_on_one::{Participant, Section, Side};
use rapport_core::domain::performance::{Barrier, CaseDraft, MetricDraft, ReviewCycle};
use rapport_core::domain::team::{Cadence, KpiDraft, MeetingOutcome, ObjectiveDraft};
use rapport_core::domain::{Channel, CheckIn, Person};
use serde_json::Value as Json;

const NOW: i64 = 1_764_500_000_000;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct Fixture {
    ws: AutoCommit,
    series_id: String,
    series: AutoCommit,
    plan_id: String,
    plan: AutoCommit,
    perf_id: String,
    perf: AutoCommit,
    team_id: String,
    team: AutoCommit,
    /// A month of check-ins (issue 11), beside the one an earlier release kept in `ws`.
    month_id: String,
    month: AutoCommit,
    /// My private notes on the performance plan (issue 11): the review's draft.
    notes_id: String,
    notes: AutoCommit,
}

/// The reports metric of the performance plan, before and after its edit during the lock.
fn reports_metric(target: &str) -> MetricDraft {
    MetricDraft {
        outcome: "Monthly reports delivered by the 15th".into(),
        objective: true,
        unit: "% of reports".into(),
        target: target.into(),
        exceeds_at: "95".into(),
        period: "each month".into(),
        supports: "Reliable numbers for the board".into(),
        ..MetricDraft::default()
    }
}

/// Eli's performance plan, written by Lea: set up quarterly, three metrics (one lower-is-better,
/// one subjective with its anchors), acknowledged by Eli, then a result, a documented case,
/// feedback, Eli's self-rating, a shared review with Eli's comment, and one change during the
/// six-month lock with its reason.
fn performance_plan(perf_id: &str) -> AutoCommit {
    let lea = Participant::new("p-lea", "Lea Leader");
    let eli = Participant::new("p-eli", "Eli Employee");
    let mut doc = perf::create(
        perf_id,
        &eli,
        &lea,
        "p-lea",
        d("2026-07-01"),
        d("2026-07-01"),
        NOW,
    )
    .unwrap();
    perf::set_setup(
        &mut doc,
        "p-lea",
        true,
        ReviewCycle::Quarterly,
        d("2026-07-01"),
        NOW + 1,
    )
    .unwrap();
    let day = d("2026-07-02");
    let reports = perf::add_metric(&mut doc, "p-lea", &reports_metric("80"), "", day, NOW + 2)
        .unwrap()
        .id;
    let defects = MetricDraft {
        outcome: "Pipeline incidents reopened".into(),
        objective: true,
        unit: "incidents".into(),
        target: "5".into(),
        exceeds_at: "2".into(),
        deadline: Some(d("2026-12-31")),
        ..MetricDraft::default()
    };
    let defects = perf::add_metric(&mut doc, "p-lea", &defects, "", day, NOW + 3)
        .unwrap()
        .id;
    let updates = MetricDraft {
        outcome: "Clear updates to the client teams".into(),
        objective: false,
        why_imperative: "Client teams plan their releases on our updates".into(),
        anchors: vec![
            "No updates unless asked".into(),
            "Updates late or unclear".into(),
            "Weekly updates, clear".into(),
            "Updates anticipate questions".into(),
            "Client teams quote the updates".into(),
        ],
        period: "each quarter".into(),
        ..MetricDraft::default()
    };
    let updates = perf::add_metric(&mut doc, "p-lea", &updates, "", day, NOW + 4)
        .unwrap()
        .id;
    perf::acknowledge(&mut doc, "p-eli", d("2026-07-06"), NOW + 5).unwrap();
    // Locked until January: the change needs a reason, kept in the metric's `changes`.
    perf::edit_metric(
        &mut doc,
        "p-lea",
        &reports,
        &reports_metric("75"),
        "The finance source is down for two months",
        d("2026-08-10"),
        NOW + 6,
    )
    .unwrap();
    let q3 = perf::load(&doc).unwrap().period_at(d("2026-08-10"));
    perf::record_result(
        &mut doc,
        "p-lea",
        &reports,
        &q3,
        87.5,
        "July report a day late",
        d("2026-10-01"),
        NOW + 7,
    )
    .unwrap();
    perf::record_result(
        &mut doc,
        "p-lea",
        &defects,
        &q3,
        3.0,
        "",
        d("2026-10-01"),
        NOW + 8,
    )
    .unwrap();
    perf::record_case(
        &mut doc,
        "p-lea",
        &CaseDraft {
            metric_id: reports.clone(),
            date: d("2026-08-17"),
            what: "The July report went out on the 17th".into(),
            coaching: "Start the draft on the 10th and ask for the numbers early".into(),
            no_coaching_possible: false,
            barrier: Some(Barrier::Resources),
        },
        d("2026-08-18"),
        NOW + 9,
    )
    .unwrap();
    perf::add_feedback(
        &mut doc,
        "p-lea",
        Some(&updates),
        d("2026-09-01"),
        true,
        "The migration note to the client teams was spot on",
        d("2026-09-01"),
        NOW + 10,
    )
    .unwrap();
    perf::set_self_rating(
        &mut doc,
        "p-eli",
        &updates,
        &q3,
        4,
        "Weekly notes, and the migration FAQ",
        d("2026-09-28"),
        NOW + 11,
    )
    .unwrap();
    perf::share_review(
        &mut doc,
        "p-lea",
        &q3,
        "A strong quarter: reports on time but one, incidents down — “très bien”.",
        d("2026-10-02"),
        NOW + 12,
    )
    .unwrap();
    perf::add_review_comment(
        &mut doc,
        "p-eli",
        &q3.key(),
        "Thanks — I will start the reports earlier.",
        NOW + 13,
    )
    .unwrap();
    doc
}

/// Lea's team objectives, with Eli and Ana as members: a priority, an objective serving it
/// with a KPI Eli owns and a value he recorded, a weekly metrics meeting (one held, one
/// missed), and a question Eli raised that Lea answered.
fn team_objectives(team_id: &str) -> AutoCommit {
    let lea = Participant::new("p-lea", "Lea Leader");
    let members = [
        Participant::new("p-eli", "Eli Employee"),
        Participant::new("p-ana", "Ana Analyst"),
    ];
    let mut doc = team::create(
        team_id,
        "Data platform",
        &lea,
        &members,
        d("2026-10-01"),
        NOW,
    )
    .unwrap();
    let priority = team::add_priority(
        &mut doc,
        "p-lea",
        "Reliable numbers for the board",
        d("2026-10-01"),
        NOW + 1,
    )
    .unwrap();
    let objective = team::add_objective(
        &mut doc,
        "p-lea",
        &ObjectiveDraft {
            title: "Deliver the monthly reports on time".into(),
            priority_id: priority.id,
            measure: "reports delivered by the 15th".into(),
            unit: "% of reports".into(),
            baseline: Some(70.0),
            target: Some(95.0),
            deadline: Some(d("2027-03-31")),
            specific_confirmed: true,
            achievable_confirmed: true,
        },
        d("2026-10-01"),
        NOW + 2,
    )
    .unwrap();
    let kpi = team::add_kpi(
        &mut doc,
        "p-lea",
        &KpiDraft {
            objective_id: objective.id,
            name: "Reports on time".into(),
            unit: "% of reports".into(),
            baseline: 70.0,
            target: 95.0,
            owner_id: "p-eli".into(),
            in_control: Some(true),
        },
        d("2026-10-01"),
        NOW + 3,
    )
    .unwrap();
    team::record_value(
        &mut doc,
        "p-eli",
        &kpi.id,
        d("2026-10-19"),
        87.5,
        "One late — “l'été”",
        NOW + 4,
    )
    .unwrap();
    team::set_cadence(
        &mut doc,
        "p-lea",
        Cadence::weekly(
            chrono::Weekday::Mon,
            chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            d("2026-10-05"),
        ),
        NOW + 5,
    )
    .unwrap();
    team::record_meeting(
        &mut doc,
        "p-lea",
        d("2026-10-19"),
        MeetingOutcome::Held { minutes: 38 },
        "p-eli",
        d("2026-10-19"),
        NOW + 6,
    )
    .unwrap();
    team::record_meeting(
        &mut doc,
        "p-lea",
        d("2026-10-26"),
        MeetingOutcome::Missed {
            reason: "Half the team at the offsite".into(),
        },
        "",
        d("2026-10-26"),
        NOW + 7,
    )
    .unwrap();
    let q = team::ask_question(
        &mut doc,
        "p-eli",
        "Do reports sent on the 15th count as on time?",
        Some(d("2026-10-19")),
        d("2026-10-19"),
        NOW + 8,
    )
    .unwrap();
    team::answer_question(
        &mut doc,
        "p-lea",
        &q.id,
        "Yes: by the end of the 15th.",
        d("2026-10-20"),
        NOW + 9,
    )
    .unwrap();
    doc
}

fn fixture() -> Fixture {
    let mut ws = workspace::create("ws-1", "p-lea", "Lea Leader", NOW).unwrap();
    let eli = Person {
        id: "p-eli".into(),
        name: "Eli Employee".into(),
        role_title: "Data engineer".into(),
        start_date: Some(d("2025-03-01")),
        added_on: d("2026-01-05"),
        archived_on: None,
    };
    workspace::put_person(&mut ws, &eli, "Added Eli", NOW).unwrap();
    let checkin = CheckIn {
        id: "c-1".into(),
        person_id: "p-eli".into(),
        date: d("2026-11-27"),
        channel: Some(Channel::InPerson),
        note: "Coffee, talked about the move — “ça va”".into(),
        minutes: Some(10),
        logged_at: NOW,
    };
    workspace::put_checkin(&mut ws, &checkin, NOW).unwrap();
    workspace::set_context(&mut ws, "p-eli", "Moving flat in December", NOW).unwrap();
    let month_id = rapport_core::docs::checkins::month_id(d("2026-11-28"));
    let mut month =
        rapport_core::docs::checkins::create(d("2026-11-28"), automerge::ActorId::random())
            .unwrap();
    let later = CheckIn {
        id: "c-2".into(),
        date: d("2026-11-28"),
        channel: None,
        note: String::new(),
        minutes: None,
        ..checkin.clone()
    };
    rapport_core::docs::checkins::put(&mut month, &later, "Lea Leader", NOW).unwrap();

    let lea = Participant::new("p-lea", "Lea Leader");
    let eli_p = Participant::new("p-eli", "Eli Employee");
    let series_id = "series-1".to_string();
    let mut series = one_on_one::create(&series_id, &lea, &eli_p, Side::Leader, NOW).unwrap();
    let when = d("2026-12-03").and_hms_opt(10, 0, 0).unwrap();
    let mid = one_on_one::propose_meeting(&mut series, &eli_p.id, when, 45, NOW).unwrap();
    one_on_one::add_topic(
        &mut series,
        &eli_p.id,
        &mid,
        "Career: data engineering",
        NOW,
    )
    .unwrap();
    one_on_one::edit_section(
        &mut series,
        &lea.id,
        &mid,
        Section::Connection,
        "Good week",
        NOW,
    )
    .unwrap();
    workspace::set_private_note(&mut ws, &mid, "Ask about the flat", NOW).unwrap();

    let plan_id = "plan-1".to_string();
    let mut plan_doc = plan::create(
        &plan_id,
        &PlanParticipant {
            id: "p-eli".into(),
            name: "Eli Employee".into(),
        },
        &PlanParticipant {
            id: "p-lea".into(),
            name: "Lea Leader".into(),
        },
        "p-eli",
        d("2026-11-01"),
        NOW,
    )
    .unwrap();
    plan::add_goal(
        &mut plan_doc,
        "p-eli",
        &GoalDraft {
            horizon: Horizon::OneYear,
            title: "Lead a data migration".into(),
            description: "From the old warehouse".into(),
            target_date: "2027-09-30".into(),
            within_organisation: true,
        },
        d("2026-11-01"),
        NOW,
    )
    .unwrap();
    let perf_id = "perf-1".to_string();
    let perf_doc = performance_plan(&perf_id);
    let notes_id = rapport_core::docs::private_notes::id_for(&perf_id);
    let mut notes =
        rapport_core::docs::private_notes::create(&perf_id, automerge::ActorId::random()).unwrap();
    rapport_core::docs::private_notes::set(
        &mut notes,
        "review-draft:perf-1:2026",
        "Strong year — “merci”",
        "Lea Leader",
        NOW,
    )
    .unwrap();
    // The team document, indexed on the leader's side with a channel per member.
    let team_id = "team-1".to_string();
    let team_doc = team_objectives(&team_id);
    let mut entry = SharedDoc {
        my_id: "p-lea".into(),
        ..SharedDoc::new(
            DocKind::TeamObjectives,
            "Data platform".into(),
            Side::Leader,
            &Participant::new("", "Data platform"),
        )
    };
    let hydrated = workspace::load(&ws).unwrap();
    team_share::sync_channels(
        &hydrated,
        &mut entry,
        &team_share::members_of(&team_doc).unwrap(),
    );
    assert_eq!(entry.members.len(), 2);
    workspace::put_shared(
        &mut ws,
        &team_id,
        &entry,
        "Started the team objectives",
        NOW,
    )
    .unwrap();
    Fixture {
        ws,
        series_id,
        series,
        plan_id,
        plan: plan_doc,
        perf_id,
        perf: perf_doc,
        team_id,
        team: team_doc,
        month_id,
        month,
        notes_id,
        notes,
    }
}

fn fixtures_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("target")
        .join("export-fixtures");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn json_export_holds_what_the_screens_show_and_no_secret_keys() {
    let mut f = fixture();
    // An old workspace still holding the legacy identity secret in its current state.
    f.ws.put(ROOT, "identity_secret", "00112233445566778899aabbccddeeff")
        .unwrap();
    let export = workspace_export(
        &f.ws,
        &[
            (&f.series_id, &f.series),
            (&f.plan_id, &f.plan),
            (&f.perf_id, &f.perf),
            (&f.team_id, &f.team),
            (&f.month_id, &f.month),
            (&f.notes_id, &f.notes),
        ],
        "2026-11-28T10:00:00+00:00",
    )
    .unwrap();
    let text = serde_json::to_string_pretty(&export).unwrap();
    assert!(!text.contains("identity_secret"));
    assert!(!text.contains("00112233445566778899aabbccddeeff"));

    // What the Team, Today and 1:1 screens show, from the hydrated documents.
    let ws = workspace::load(&f.ws).unwrap();
    let w = &export["workspace"];
    assert_eq!(w["profile"]["name"], ws.profile.name);
    for (id, p) in &ws.people {
        assert_eq!(w["people"][id]["name"], p.name.as_str());
        assert_eq!(w["people"][id]["role_title"], p.role_title.as_str());
        assert_eq!(w["people"][id]["added_on"], p.added_on.to_string());
    }
    for (id, c) in &ws.checkins {
        assert_eq!(w["checkins"][id]["note"], c.note.as_str());
        assert_eq!(w["checkins"][id]["date"], c.date.to_string());
    }
    assert_eq!(w["context"]["p-eli"], ws.context_of("p-eli"));
    // A month of check-ins is a document of the export, as stored.
    let month = export["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "check-ins")
        .expect("the month of check-ins");
    assert_eq!(month["id"], "check-ins-2026-11");
    assert_eq!(month["content"]["checkins"]["c-2"]["date"], "2026-11-28");
    let series = one_on_one::load(&f.series).unwrap();
    let docs = export["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 6);
    // My private notes on a shared document are a document of the export too.
    let notes = docs
        .iter()
        .find(|d| d["kind"] == "private-notes")
        .expect("the private notes");
    assert_eq!(notes["id"], "private-notes-perf-1");
    assert_eq!(
        notes["content"]["notes"]["review-draft:perf-1:2026"],
        "Strong year — “merci”"
    );
    let s = docs.iter().find(|d| d["kind"] == "one-on-one").unwrap();
    assert_eq!(s["id"], "series-1");
    for (mid, m) in &series.meetings {
        let jm = &s["content"]["meetings"][mid];
        assert_eq!(jm["scheduled_for"], "2026-12-03T10:00");
        assert_eq!(jm["sections"]["connection"], m.text(Section::Connection));
        for t in m.topics.values() {
            assert_eq!(jm["topics"][&t.id]["text"], t.text.as_str());
        }
        assert_eq!(w["private_notes"][mid], "Ask about the flat");
    }
    let p = docs
        .iter()
        .find(|d| d["kind"] == "development-plan")
        .unwrap();
    let goals = p["content"]["goals"].as_object().unwrap();
    assert_eq!(
        goals.values().next().unwrap()["title"],
        "Lead a data migration"
    );

    // What the performance plan screens show: the metrics, their results, the shared review.
    let pp = perf::load(&f.perf).unwrap();
    let jp = docs
        .iter()
        .find(|d| d["kind"] == "performance-plan")
        .unwrap();
    assert_eq!(jp["id"], "perf-1");
    let c = &jp["content"];
    assert_eq!(c["meta"]["kind"], "performance-plan");
    assert_eq!(c["cycle"], "Quarterly");
    assert_eq!(c["acknowledged_on"], "2026-07-06");
    assert_eq!(pp.metrics.len(), 3);
    for (id, m) in &pp.metrics {
        assert_eq!(c["metrics"][id]["outcome"], m.outcome.as_str());
        assert_eq!(c["metrics"][id]["target"], m.target);
        assert_eq!(
            c["metrics"][id]["anchors"].as_array().unwrap().len(),
            m.anchors.len()
        );
    }
    let reports = pp
        .active_metrics()
        .into_iter()
        .find(|m| m.outcome == "Monthly reports delivered by the 15th")
        .unwrap();
    assert_eq!(c["metrics"][&reports.id]["target"], 75.0);
    let change = c["metrics"][&reports.id]["changes"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .clone();
    assert_eq!(
        change["reason"],
        "The finance source is down for two months"
    );
    assert_eq!(change["what"], "target 80 -> 75");
    let q3 = pp.period_at(d("2026-08-10"));
    let result = pp.result(&q3, &reports.id).unwrap();
    assert_eq!(result.value, 87.5);
    let key = format!("2026-07-01/{}", reports.id);
    assert_eq!(c["results"][&key]["value"], 87.5);
    assert_eq!(c["results"][&key]["note"], result.note.as_str());
    for (k, r) in &pp.results {
        assert_eq!(c["results"][k]["value"], r.value);
    }
    let review = &pp.reviews["2026-07-01"];
    assert_eq!(
        c["reviews"]["2026-07-01"]["summary"],
        review.summary.as_str()
    );
    assert_eq!(
        c["reviews"]["2026-07-01"]["summary"],
        "A strong quarter: reports on time but one, incidents down — “très bien”."
    );
    assert_eq!(c["reviews"]["2026-07-01"]["period_end"], "2026-09-30");
    let comment = pp.comments_on("2026-07-01")[0];
    assert_eq!(c["comments"][&comment.id]["text"], comment.text.as_str());
    assert_eq!(c["cases"].as_object().unwrap().len(), 1);
    assert_eq!(c["feedback"].as_object().unwrap().len(), 1);
    assert_eq!(c["self_ratings"].as_object().unwrap().len(), 1);

    // What the team pages show: objectives, KPIs and their values, meetings, questions; and
    // the leader's index entry with a channel per member.
    let t = team::load(&f.team).unwrap();
    let jt = docs
        .iter()
        .find(|d| d["kind"] == "team-objectives")
        .unwrap();
    assert_eq!(jt["id"], "team-1");
    let c = &jt["content"];
    assert_eq!(c["meta"]["kind"], "team-objectives");
    assert_eq!(c["team_name"], "Data platform");
    assert_eq!(c["members"]["p-ana"]["name"], "Ana Analyst");
    assert_eq!(c["members"]["p-ana"]["left_on"], Json::Null);
    for (id, o) in &t.objectives {
        assert_eq!(c["objectives"][id]["title"], o.title.as_str());
        assert_eq!(c["objectives"][id]["target"], 95.0);
        assert_eq!(c["objectives"][id]["deadline"], "2027-03-31");
    }
    assert_eq!(t.kpis.len(), 1);
    for (id, k) in &t.kpis {
        assert_eq!(c["kpis"][id]["owner_id"], "p-eli");
        assert_eq!(c["kpis"][id]["in_control"], true);
        for (vid, v) in &k.values {
            assert_eq!(c["kpis"][id]["values"][vid]["value"], 87.5);
            assert_eq!(c["kpis"][id]["values"][vid]["note"], v.note.as_str());
        }
    }
    assert_eq!(c["cadence"]["kind"], "Weekly");
    assert_eq!(c["cadence"]["time"], "10:00");
    assert_eq!(c["meetings"]["2026-10-19"]["outcome"]["kind"], "held");
    assert_eq!(c["meetings"]["2026-10-19"]["outcome"]["minutes"], 38);
    assert_eq!(
        c["meetings"]["2026-10-26"]["outcome"]["reason"],
        "Half the team at the offsite"
    );
    assert_eq!(c["meetings"]["2026-10-26"]["facilitator_id"], "");
    let q = t.questions.values().next().unwrap();
    assert_eq!(
        c["questions"][&q.id]["answer"],
        "Yes: by the end of the 15th."
    );
    assert_eq!(c["questions"][&q.id]["meeting"], "2026-10-19");
    let entry = &w["shared"]["team-1"];
    assert_eq!(entry["kind"], "team-objectives");
    assert_eq!(entry["my_id"], "p-lea");
    assert_eq!(entry["members"].as_array().unwrap().len(), 2);

    // For the Node check: the export, validated there against the JSON Schema.
    std::fs::write(fixtures_dir().join("export.json"), text).unwrap();
}

#[test]
fn automerge_files_are_the_documents_standard_bytes() {
    let mut f = fixture();
    let dir = fixtures_dir();
    for (name, doc) in [
        ("one-on-one", &mut f.series),
        ("development-plan", &mut f.plan),
        ("performance-plan", &mut f.perf),
        ("team-objectives", &mut f.team),
        ("check-ins", &mut f.month),
        ("private-notes", &mut f.notes),
    ] {
        let bytes = doc.save();
        // Any Automerge implementation loads them: here the Rust one, in Node the JS one.
        let back = AutoCommit::load(&bytes).unwrap();
        assert_eq!(doc_json(&back), doc_json(doc));
        std::fs::write(dir.join(format!("{name}.automerge")), &bytes).unwrap();
        std::fs::write(
            dir.join(format!("{name}.expected.json")),
            serde_json::to_string_pretty(&doc_json(doc)).unwrap(),
        )
        .unwrap();
    }
}

#[test]
fn an_imported_automerge_file_becomes_a_new_separate_document() {
    let mut f = fixture();
    let bytes = f.series.save();
    let imported = import_automerge(&bytes, "series-new", NOW + 1).unwrap();
    assert_eq!(imported.kind, DocKind::OneOnOne);
    assert_eq!(imported.original_id, "series-1");
    let mut copy = imported.doc;
    let loaded = one_on_one::load(&copy).unwrap();
    assert_eq!(loaded.meta.id, "series-new");
    let original = one_on_one::load(&f.series).unwrap();
    assert_eq!(loaded.meetings, original.meetings);
    assert_eq!(loaded.leader, original.leader);
    // The original is untouched and keeps its id.
    assert_eq!(original.meta.id, "series-1");
    // The copy's current state differs from the original only in meta.id.
    let (mut a, mut b) = (doc_json(&copy), doc_json(&f.series));
    a["meta"]["id"] = Json::Null;
    b["meta"]["id"] = Json::Null;
    assert_eq!(a, b);
    let _ = copy.save();

    let plan_copy = import_automerge(&f.plan.save(), "plan-new", NOW).unwrap();
    assert_eq!(plan_copy.kind, DocKind::DevelopmentPlan);
    assert_eq!(plan::load(&plan_copy.doc).unwrap().meta.id, "plan-new");

    let perf_copy = import_automerge(&f.perf.save(), "perf-new", NOW + 2).unwrap();
    assert_eq!(perf_copy.kind, DocKind::PerformancePlan);
    assert_eq!(perf_copy.original_id, "perf-1");
    let (copy, original) = (
        perf::load(&perf_copy.doc).unwrap(),
        perf::load(&f.perf).unwrap(),
    );
    assert_eq!(copy.meta.id, "perf-new");
    assert_eq!(original.meta.id, "perf-1");
    assert_eq!(copy.metrics, original.metrics);
    assert_eq!(copy.reviews, original.reviews);
    let (mut a, mut b) = (doc_json(&perf_copy.doc), doc_json(&f.perf));
    a["meta"]["id"] = Json::Null;
    b["meta"]["id"] = Json::Null;
    assert_eq!(a, b);
}

#[test]
fn import_refuses_other_kinds_newer_schemas_and_non_rapport_files() {
    let mut f = fixture();
    // The private workspace is not a shared document.
    assert!(matches!(
        import_automerge(&f.ws.save(), "x", NOW),
        Err(ImportError::WrongKind(_))
    ));
    // Garbage, and an Automerge document that is not Rapport's.
    assert!(matches!(
        import_automerge(b"not automerge at all", "x", NOW),
        Err(ImportError::NotAutomerge(_))
    ));
    let mut other = AutoCommit::new();
    other.put(ROOT, "title", "someone else's app").unwrap();
    assert!(matches!(
        import_automerge(&other.save(), "x", NOW),
        Err(ImportError::NotRapport)
    ));
    // A newer schema than this build reads.
    let newer = DocMeta {
        id: "series-1".into(),
        kind: DocKind::OneOnOne,
        schema: one_on_one::SCHEMA + 1,
    };
    autosurgeon::reconcile_prop(&mut f.series, ROOT, "meta", &newer).unwrap();
    assert!(import_automerge(&f.series.save(), "x", NOW).is_err());
    // A 1:1 whose shape is broken (meetings is not a map).
    let mut broken = one_on_one::create(
        "s",
        &Participant::new("a", "A"),
        &Participant::new("b", "B"),
        Side::Leader,
        NOW,
    )
    .unwrap();
    broken.put(ROOT, "meetings", "nope").unwrap();
    assert!(import_automerge(&broken.save(), "x", NOW).is_err());
    let _ = f.ws.get(ROOT, "meta");
}
