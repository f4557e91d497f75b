//! Issue 14: the dashboard computed from the summaries kept beside the chunks is the dashboard
//! computed from the documents themselves, on a generated workspace (a year of a 12-person
//! team: check-ins, 1:1s, development plans, performance plans and reviews, the team's
//! objectives and metrics meetings), on several days, and summaries are a fraction of the
//! documents' size.

use std::collections::BTreeMap;

use automerge::AutoCommit;
use chrono::{Duration, NaiveDate};
use rapport_bench::{generate_workspace, DashboardDocs, Scale};
use rapport_core::dashboard::{self, TeamInputs};
use rapport_core::docs::{
    checkins, development_plan, one_on_one, performance_plan, team_objectives, DocKind,
};
use rapport_core::domain::CheckIn;
use rapport_core::store::{ChunkKey, ChunkKind};
use rapport_core::summary::{self, Summary};

/// Through the stored form, as the app reads it back: written on `as_of`, read that day.
fn stored_and_read(doc_id: &str, s: Summary, as_of: NaiveDate) -> Summary {
    let keys = [ChunkKey::for_bytes(
        doc_id,
        ChunkKind::Snapshot,
        doc_id.as_bytes(),
    )];
    let bytes = summary::encode(&s, &keys, as_of);
    summary::decode_if_fresh(&bytes, &keys, as_of).expect("fresh")
}

#[test]
fn the_dashboard_from_summaries_is_the_dashboard_from_the_documents() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let g = generate_workspace(Scale::Team12, 11, today);
    let ws = g.workspace();
    // The check-ins: every month's document, and whatever an older workspace still holds.
    let mut all_checkins: BTreeMap<String, CheckIn> = ws.checkins.clone();
    for e in g.entries.iter().filter(|e| e.kind == DocKind::CheckIns) {
        all_checkins.extend(checkins::load(&AutoCommit::load(&e.bytes).unwrap()).unwrap());
    }
    assert_eq!(all_checkins.len(), g.manifest.checkins);
    let (mut full, mut from_summaries) = (DashboardDocs::default(), DashboardDocs::default());
    let (mut doc_bytes, mut summary_bytes) = (0, 0);
    for e in g.entries.iter().filter(|e| !e.kind.is_private()) {
        let doc = AutoCommit::load(&e.bytes).unwrap();
        let s = summary::summarise(&doc).unwrap().expect("a shared kind");
        doc_bytes += e.bytes.len();
        summary_bytes += summary::encode(&s, [], today).len();
        // Written on the earliest day the dashboard is computed on below.
        let s = stored_and_read(&e.doc_id, s, today - Duration::days(40));
        let who = ws.shared[&e.doc_id].roster_person_id.clone();
        let id = e.doc_id.clone();
        match (e.kind, s) {
            (DocKind::OneOnOne, Summary::OneOnOne(s)) => {
                full.series.insert(
                    who.clone(),
                    (id.clone(), one_on_one::load_outline(&doc).unwrap()),
                );
                from_summaries.series.insert(who, (id, s));
            }
            (DocKind::DevelopmentPlan, Summary::DevelopmentPlan(p)) => {
                full.plans.insert(
                    who.clone(),
                    (id.clone(), development_plan::load(&doc).unwrap()),
                );
                from_summaries.plans.insert(who, (id, p));
            }
            (DocKind::PerformancePlan, Summary::PerformancePlan(p)) => {
                full.reviews.insert(
                    who.clone(),
                    (id.clone(), performance_plan::load(&doc).unwrap()),
                );
                from_summaries.reviews.insert(who, (id, p));
            }
            (DocKind::TeamObjectives, Summary::TeamObjectives(t)) => {
                full.team = Some((id.clone(), team_objectives::load(&doc).unwrap()));
                from_summaries.team = Some((id, t));
            }
            (kind, s) => panic!("{kind:?} summarised as {s:?}"),
        }
    }
    assert_eq!(full.series.len(), 12);
    assert_eq!(full.reviews.len(), 12);
    assert!(full.team.is_some());
    // The summaries leave out the prose: smaller than the documents they stand for, even
    // against Automerge's compressed columns.
    eprintln!("summaries {summary_bytes} B, documents {doc_bytes} B");
    assert!(
        summary_bytes < doc_bytes,
        "summaries {summary_bytes} B, documents {doc_bytes} B"
    );

    // Several days: today, mid-period, and a day past the generated history (things fall due).
    for day in [today, today - Duration::days(40), today + Duration::days(9)] {
        let dash = |docs: &DashboardDocs| {
            dashboard::team(&TeamInputs {
                today: day,
                now: day.and_hms_opt(12, 0, 0).unwrap(),
                week: &ws.settings.work_week,
                flag_after_days: ws.settings.flag_after_days,
                people: ws.people.values().collect(),
                checkins: all_checkins.values().collect(),
                docs: docs.by_person(),
                team: docs.team(),
            })
        };
        let (a, b) = (dash(&full), dash(&from_summaries));
        assert!(!a.attention.is_empty() && a.people.len() == 12);
        assert!(a
            .people
            .iter()
            .all(|p| p.series.is_some() && p.review.is_some()));
        assert_eq!(a, b, "on {day}");
        // The employee's own view reads the same three documents.
        for who in full.series.keys() {
            let mine = |docs: &DashboardDocs| {
                dashboard::my_view(
                    "Lea",
                    docs.series.get(who).map(|(i, s)| (i.as_str(), s)),
                    docs.plans.get(who).map(|(i, p)| (i.as_str(), p)),
                    docs.reviews.get(who).map(|(i, r)| (i.as_str(), r)),
                    day.and_hms_opt(12, 0, 0).unwrap(),
                )
            };
            assert_eq!(mine(&full), mine(&from_summaries), "{who} on {day}");
        }
    }
}
