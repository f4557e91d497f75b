//! The generator is deterministic, and what it writes is what the app accepts: a backup that
//! passes the strict restore checks, shared documents indexed with both writers' keys, and a
//! follow-up file the leader's copy takes as an update from a writer.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rapport_bench::{generate_workspace, Scale};
use rapport_core::docs::{
    checkins, exchange, one_on_one, performance_plan, restore, team_objectives, trust, workspace,
    DocKind,
};
use rapport_core::domain::Side;
use rapport_core::sync::{self, Argon2Params, ContactCard, Identity};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

#[test]
fn same_seed_same_documents_other_seed_other_documents() {
    let a = generate_workspace(Scale::Small, 7, today());
    let b = generate_workspace(Scale::Small, 7, today());
    assert_eq!(
        rapport_bench::generate::heads(&a.entries),
        rapport_bench::generate::heads(&b.entries)
    );
    for (x, y) in a.entries.iter().zip(&b.entries) {
        assert_eq!(x.doc_id, y.doc_id);
        assert_eq!(x.bytes, y.bytes, "{} is byte for byte the same", x.doc_id);
    }
    assert_eq!(a.identity_secret, b.identity_secret);
    assert_eq!(a.follow_up.file, b.follow_up.file);
    assert_eq!(a.manifest, b.manifest);
    let c = generate_workspace(Scale::Small, 8, today());
    assert_ne!(
        rapport_bench::generate::heads(&a.entries),
        rapport_bench::generate::heads(&c.entries)
    );
}

#[test]
fn a_small_workspace_restores_and_its_follow_up_file_is_accepted() {
    let g = generate_workspace(Scale::Small, 11, today());
    // 1 workspace + its months of check-ins + a series, a development plan and a performance
    // plan per person + the team objectives.
    assert!(g.manifest.checkin_months >= 1);
    assert_eq!(
        g.entries.len(),
        1 + g.manifest.checkin_months + 3 * Scale::Small.people() + 1
    );
    // Sealed and opened like a real backup (cheap Argon2id: the format is what is tested).
    let cheap = Argon2Params {
        m_kib: 64,
        t: 1,
        p: 1,
    };
    let file = g
        .backup_with_params("a passphrase for the test", cheap)
        .unwrap();
    let (entries, keys) = sync::open_backup_with_keys(&file, "a passphrase for the test").unwrap();
    assert_eq!(entries, g.entries);
    let leader = Identity::from_secret_bytes(keys.as_deref().unwrap()).unwrap();
    // The strict checks a restore runs before writing anything.
    let checked = restore::check_backup(&entries, &BTreeMap::new()).unwrap();
    let ws_doc = &checked
        .iter()
        .find(|c| c.kind == DocKind::Workspace)
        .unwrap()
        .doc;
    let ws = workspace::load(ws_doc).unwrap();
    assert_eq!(ws.people.len(), Scale::Small.people());
    // Check-ins live in their months' documents, none in the workspace.
    assert!(ws.checkins.is_empty());
    let months: Vec<_> = checked
        .iter()
        .filter(|c| c.kind == DocKind::CheckIns)
        .collect();
    assert_eq!(months.len(), g.manifest.checkin_months);
    let mut logged = 0;
    for m in &months {
        let month = checkins::month_of_id(&m.doc_id).expect("a month's id");
        let cs = checkins::load(&m.doc).unwrap();
        assert!(!cs.is_empty());
        for c in cs.values() {
            assert_eq!(checkins::month_of(c.date), month, "{} in its month", c.id);
            assert!(ws.people.contains_key(&c.person_id));
        }
        logged += cs.len();
        // Its first change is the one every copy of the month shares, so copies merge.
        let mut fresh = checkins::create(month, automerge::ActorId::random()).unwrap();
        let first = fresh.get_heads();
        assert!(m.doc.clone().get_change_by_hash(&first[0]).is_some());
    }
    assert_eq!(logged, g.manifest.checkins);
    assert_eq!(
        g.manifest.checkin_bytes,
        g.entries
            .iter()
            .filter(|e| e.kind == DocKind::CheckIns)
            .map(|e| e.bytes.len())
            .sum::<usize>()
    );
    // Every shared document is indexed, with both writers' keys and the counterpart's card.
    let my_key = trust::key_hex(&leader.public(&ws.profile.id, &ws.profile.name).unwrap());
    for c in checked
        .iter()
        .filter(|c| !c.kind.is_private() && c.kind != DocKind::TeamObjectives)
    {
        let entry = &ws.shared[&c.doc_id];
        assert_eq!(entry.kind, c.kind);
        assert_eq!(entry.my_key, my_key);
        let card = ContactCard::from_text(&ws.contacts[&entry.contact_id].card).unwrap();
        assert_eq!(entry.counterpart_key, trust::key_hex(&card));
        assert_eq!(
            trust::linked_contact(&ws, &entry.roster_person_id)
                .unwrap()
                .1,
            entry.counterpart_key
        );
    }
    let series = checked
        .iter()
        .find(|c| c.doc_id == g.manifest.series_id)
        .unwrap();
    let s = one_on_one::load(&series.doc).unwrap();
    assert!(!s.meetings.is_empty());
    // Every person has a performance plan; the benchmark's loads, acknowledged, with results.
    assert_eq!(
        checked
            .iter()
            .filter(|c| c.kind == DocKind::PerformancePlan)
            .count(),
        Scale::Small.people()
    );
    let review = checked
        .iter()
        .find(|c| c.doc_id == g.manifest.review_id)
        .unwrap();
    assert_eq!(review.kind, DocKind::PerformancePlan);
    let p = performance_plan::load(&review.doc).unwrap();
    assert_eq!(
        g.manifest.review_title,
        format!("Performance plan of {}", p.employee.name)
    );
    assert_eq!(p.active_metrics().len(), 3);
    assert!(p.acknowledged_on.is_some());
    assert!(!p.results.is_empty(), "period-to-date results recorded");
    assert!(g.manifest.results > 0 && g.manifest.feedback > 0);
    // Goal 2: the team objectives, everyone a member, a channel per member with the key of
    // their linked card, weekly values, meetings and questions.
    let team = checked
        .iter()
        .find(|c| c.doc_id == g.manifest.team_id)
        .unwrap();
    assert_eq!(team.kind, DocKind::TeamObjectives);
    let t = team_objectives::load(&team.doc).unwrap();
    assert_eq!(t.team_name, g.manifest.team_title);
    assert_eq!(t.leader.id, ws.profile.id);
    assert_eq!(t.members.len(), Scale::Small.people());
    assert_eq!(t.priorities.len(), 4);
    assert_eq!(t.objectives.len(), 6);
    for o in t.objectives.values() {
        assert!((2..=3).contains(&t.kpis_of(&o.id).len()));
    }
    assert!(t.kpis.values().all(|k| t.members.contains_key(&k.owner_id)));
    assert!(t.cadence.is_some());
    assert_eq!(t.meetings.len(), g.manifest.team_meetings);
    assert!(g.manifest.team_meetings >= 1);
    assert_eq!(
        t.kpis.values().map(|k| k.values.len()).sum::<usize>(),
        g.manifest.kpi_values
    );
    assert!(t
        .kpis
        .values()
        .flat_map(|k| k.values.values().map(move |v| (k, v)))
        .all(|(k, v)| v.by == k.owner_id));
    assert_eq!(t.questions.len(), g.manifest.team_questions);
    let entry = &ws.shared[&g.manifest.team_id];
    assert_eq!(entry.my_side, Side::Leader);
    assert_eq!(entry.my_id, ws.profile.id);
    assert_eq!(entry.title, g.manifest.team_title);
    assert_eq!(entry.members.len(), Scale::Small.people());
    for c in &entry.members {
        assert!(!c.left);
        assert_eq!(
            trust::linked_contact(&ws, &c.person_id).unwrap().1,
            c.key,
            "{} is reachable",
            c.name
        );
        assert_eq!(c.actors.len(), 1);
    }

    // The follow-up file: for the leader's key, from a writer, an update that previews cleanly.
    let contacts = |pid: &str| {
        ws.contacts
            .get(pid)
            .and_then(|c| ContactCard::from_text(&c.card).ok())
    };
    let opened = sync::open(&g.follow_up.file, &leader, None, &contacts).unwrap();
    assert_eq!(opened.header.doc_id, g.manifest.series_id);
    let incoming = trust::check_incoming(
        &ws,
        Some(DocKind::OneOnOne),
        &opened.header.doc_id,
        DocKind::OneOnOne,
        &opened.header.sender,
    )
    .unwrap();
    assert!(matches!(incoming, trust::Incoming::Update { .. }));
    let preview = exchange::preview(&series.doc, &g.manifest.series_id, &opened.payload).unwrap();
    assert_eq!(preview.changes.len(), 3, "a proposed 1:1 and two topics");
}

#[test]
fn performance_plans_are_reviewed_at_the_end_of_each_period() {
    // Two weeks that straddle a quarter's end: the plans started in the quarter that ended.
    let today = NaiveDate::from_ymd_opt(2027, 1, 6).unwrap();
    let g = generate_workspace(Scale::Small, 11, today);
    let plans: Vec<_> = g
        .entries
        .iter()
        .filter(|e| e.kind == DocKind::PerformancePlan)
        .map(|e| {
            let doc = automerge::AutoCommit::load(&e.bytes).unwrap();
            performance_plan::load(&doc).unwrap()
        })
        .collect();
    assert_eq!(plans.len(), Scale::Small.people());
    let reviewed: Vec<_> = plans.iter().filter(|p| !p.reviews.is_empty()).collect();
    assert!(!reviewed.is_empty(), "a quarterly plan was reviewed");
    assert_eq!(
        g.manifest.reviews,
        reviewed.iter().map(|p| p.reviews.len()).sum::<usize>()
    );
    for p in reviewed {
        let (key, r) = p.reviews.iter().next().unwrap();
        let period = p.cycle.period_at(p.cycle_start, r.period_start);
        assert_eq!(&period.key(), key);
        assert!(r.summary.as_str().starts_with("Review of"));
        // A final result per recorded metric, a self-rating per metric, a comment per side.
        for m in p.active_metrics() {
            assert!(p.self_rating(&period, &m.id).is_some());
            assert_eq!(p.result(&period, &m.id).is_some(), !m.adherence);
        }
        let by: Vec<&str> = p.comments_on(key).iter().map(|c| c.by.as_str()).collect();
        assert_eq!(by, [p.employee.id.as_str(), p.leader.id.as_str()]);
    }
}
