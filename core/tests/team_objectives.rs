//! Team objectives (Goal 2) as a shared document, through the public API: KPI values recorded
//! on several devices at once are all kept and every copy converges (R2.2, R7.1), and the
//! metrics meeting's measures stay within their bounds whatever was recorded (R2.3, R2.4).

use automerge::{ActorId, AutoCommit};
use chrono::{Days, NaiveTime, Weekday};
use proptest::prelude::*;
use rapport_core::docs::team_objectives as team;
use rapport_core::domain::team::{Cadence, KpiDraft, MeetingOutcome, ObjectiveDraft};
use rapport_core::domain::{Participant, WorkWeek};
use rapport_core::rules::team as rules;
use rapport_core::NaiveDate;

const LEAD: &str = "lea";
const ADA: &str = "ada";
const BO: &str = "bo";

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
}

fn day(offset: u8) -> NaiveDate {
    start() + Days::new(offset as u64)
}

fn kpi(objective_id: &str, owner: &str, baseline: f64, target: f64) -> KpiDraft {
    KpiDraft {
        objective_id: objective_id.into(),
        name: format!("{owner}'s KPI"),
        unit: "days".into(),
        baseline,
        target,
        owner_id: owner.into(),
        in_control: Some(true),
    }
}

/// Lea's team with Ada and Bo, one objective, a KPI owned by each of them; returns the
/// document and the KPI ids (Ada's, Bo's).
fn team_with_kpis(baseline: f64, target: f64) -> (AutoCommit, String, String) {
    let mut doc = team::create(
        "team-1",
        "Platform",
        &Participant::new(LEAD, "Lea"),
        &[Participant::new(ADA, "Ada"), Participant::new(BO, "Bo")],
        start(),
        1_000,
    )
    .unwrap();
    let draft = ObjectiveDraft {
        title: "Cut onboarding time".into(),
        ..ObjectiveDraft::default()
    };
    let o = team::add_objective(&mut doc, LEAD, &draft, start(), 2_000)
        .unwrap()
        .id;
    let ka = team::add_kpi(
        &mut doc,
        LEAD,
        &kpi(&o, ADA, baseline, target),
        start(),
        3_000,
    )
    .unwrap()
    .id;
    let kb = team::add_kpi(
        &mut doc,
        LEAD,
        &kpi(&o, BO, baseline, target),
        start(),
        4_000,
    )
    .unwrap()
    .id;
    (doc, ka, kb)
}

/// Another device's copy: the same history, its own actor.
fn fork(doc: &mut AutoCommit) -> AutoCommit {
    AutoCommit::load(&doc.save())
        .unwrap()
        .with_actor(ActorId::random())
}

fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1.0e6..1.0e6f64,
        Just(0.0),
        Just(-0.0),
        (0u32..50).prop_map(f64::from)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// R2.2, R7.1: Ada records on her KPI on her copy while, on another copy, Bo records on
    /// his and Lea on Ada's. Merged both ways, both copies hold every value, exactly as
    /// recorded, and are equal.
    #[test]
    fn concurrent_kpi_values_are_all_kept_and_converge(
        on_ada in prop::collection::vec((0u8..60, value()), 0..8),
        on_other in prop::collection::vec((any::<bool>(), 0u8..60, value()), 0..8),
    ) {
        let (mut doc, ka, kb) = team_with_kpis(20.0, 10.0);
        let mut ada = fork(&mut doc);
        let mut other = fork(&mut doc);
        let mut expected = Vec::new();
        for (i, (d, v)) in on_ada.iter().enumerate() {
            let added = team::record_value(&mut ada, ADA, &ka, day(*d), *v, "", 5_000 + i as i64)
                .unwrap();
            expected.push((ka.clone(), added.id, *d, *v));
        }
        for (i, (lead, d, v)) in on_other.iter().enumerate() {
            let (by, k) = if *lead { (LEAD, &ka) } else { (BO, &kb) };
            let added = team::record_value(&mut other, by, k, day(*d), *v, "", 5_000 + i as i64)
                .unwrap();
            expected.push((k.clone(), added.id, *d, *v));
        }
        ada.merge(&mut other).unwrap();
        other.merge(&mut ada).unwrap();
        let (a, b) = (team::load(&ada).unwrap(), team::load(&other).unwrap());
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(ada.get_heads(), other.get_heads());
        let total: usize = a.kpis.values().map(|k| k.values.len()).sum();
        prop_assert_eq!(total, expected.len());
        for (k, id, d, v) in &expected {
            let stored = &a.kpis[k].values[id];
            prop_assert_eq!(stored.date, day(*d));
            prop_assert_eq!(stored.value.to_bits(), v.to_bits());
        }
        // The latest value is the newest date (then the highest id), on both copies.
        for k in a.kpis.values() {
            let newest = a.values_sorted(k).last().map(|v| v.id.clone());
            prop_assert_eq!(a.latest_value(k).map(|v| v.id.clone()), newest);
        }
        // Merging again changes nothing.
        let heads = ada.get_heads();
        ada.merge(&mut other).unwrap();
        prop_assert_eq!(ada.get_heads(), heads);
    }

    /// R2.3, R2.4: whatever was recorded, the measures stay in their bounds and add up: held
    /// rate and fresh share in 0..=1, held + missed + unrecorded = scheduled, the average
    /// length between the shortest and the longest held meeting, progress finite, and the next
    /// facilitator someone on the team.
    #[test]
    fn meeting_measures_stay_in_bounds(
        weekly in any::<bool>(),
        weekday in 0u8..7,
        start_offset in 0u8..20,
        days_off in prop::collection::vec(0u8..60, 0..5),
        records in prop::collection::vec((0u8..60, 0u8..3, 1u32..120, 0usize..4), 0..20),
        values in prop::collection::vec((any::<bool>(), 0u8..60, value()), 0..10),
        today_offset in 0u8..70,
        baseline in -100.0..100.0f64,
        target in -100.0..100.0f64,
        bo_leaves in any::<bool>(),
    ) {
        prop_assume!(baseline != target);
        let (mut doc, ka, kb) = team_with_kpis(baseline, target);
        let today = day(today_offset);
        let at = NaiveTime::from_hms_opt(9, 15, 0).unwrap();
        let cadence = if weekly {
            Cadence::weekly(Weekday::try_from(weekday).unwrap(), at, day(start_offset))
        } else {
            Cadence::daily(at, day(start_offset))
        };
        team::set_cadence(&mut doc, LEAD, cadence.clone(), 5_000).unwrap();
        let mut week = WorkWeek::default();
        for d in &days_off {
            week.add_day_off(day(*d));
        }
        for (i, (lead, d, v)) in values.iter().enumerate() {
            let (by, k) = if *lead { (LEAD, &ka) } else { (BO, &kb) };
            team::record_value(&mut doc, by, k, day(*d), *v, "", 6_000 + i as i64).unwrap();
        }
        let people = [LEAD, ADA, BO, ""];
        for (i, (d, kind, minutes, who)) in records.iter().enumerate() {
            let outcome = match kind {
                0 => MeetingOutcome::Held { minutes: *minutes },
                1 => MeetingOutcome::Missed { reason: "Release".into() },
                _ => MeetingOutcome::Cancelled { reason: "Offsite".into() },
            };
            let who = people[*who];
            let r = team::record_meeting(&mut doc, LEAD, day(*d), outcome.clone(), who, today,
                                         7_000 + i as i64);
            let refused = day(*d) > today || (who.is_empty() && outcome.is_held());
            prop_assert_eq!(r.is_err(), refused, "{:?}", r);
        }
        if bo_leaves {
            team::remove_member(&mut doc, LEAD, BO, today, 8_000).unwrap();
        }
        let t = team::load(&doc).unwrap();
        let m = rules::measures(&t, &week, today);
        prop_assert_eq!(m.held + m.missed + m.unrecorded, m.scheduled);
        prop_assert_eq!(m.unrecorded, rules::unrecorded(&t, &week, today).len());
        if let Some(rate) = m.held_rate {
            prop_assert!((0.0..=1.0).contains(&rate));
        } else {
            prop_assert_eq!(m.scheduled, 0);
        }
        let held: Vec<u32> = t.meetings.values().filter_map(|r| r.outcome.held_minutes()).collect();
        match m.average_minutes {
            Some(avg) => {
                let lo = *held.iter().min().unwrap() as f64;
                let hi = *held.iter().max().unwrap() as f64;
                prop_assert!(lo - 1e-9 <= avg && avg <= hi + 1e-9);
            }
            None => prop_assert!(held.is_empty()),
        }
        prop_assert_eq!(m.time_box, Some(cadence.time_box_minutes()));
        prop_assert!(m.over_time_box <= m.held);
        prop_assert!(m.stale_kpis.len() <= t.kpis.len());
        let fresh = m.fresh_share.unwrap();
        prop_assert!((0.0..=1.0).contains(&fresh));
        for d in rules::occurrences(&cadence, &week, start(), today) {
            prop_assert!(d >= cadence.starts_on && !week.is_day_off(d));
            if weekly {
                prop_assert_eq!(d.format("%u").to_string(), (weekday + 1).to_string());
            } else {
                prop_assert!(week.is_working_day(d));
            }
        }
        for d in rules::unrecorded(&t, &week, today) {
            prop_assert!(d < today && t.meeting_on(d).is_none());
        }
        let next = rules::next_facilitator(&t).unwrap();
        prop_assert!(t.is_active(&next), "{} is not on the team", next);
        for k in t.kpis.values() {
            let tr = rules::trend(k);
            prop_assert_eq!(tr.latest.is_some(), !k.values.is_empty());
            if let Some(p) = tr.progress {
                prop_assert!(p.is_finite());
            }
            prop_assert!(!tr.on_track || tr.progress.is_some_and(|p| p > 0.0));
        }
        // Everything the page shows is a flag with a plain-English message.
        for f in rules::team_findings(&t, &week, today) {
            prop_assert!(!f.is_refusal());
            prop_assert!(!f.message.contains("R2."), "{}", f.message);
        }
    }
}
