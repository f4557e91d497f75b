//! Sharing a team document (R2.5, issue 12): one file from the leader for every member, each
//! member's own file back to the leader, and everything a file from anyone else, or for a part
//! of the document its sender does not write, is refused before anything is stored.
//!
//! The browsers are `support::pair`'s, importing through `docs::incoming` exactly as the app
//! does (`Browser::receive`); the leader's team file is `team_share::seal_team_file`, the
//! app's own call.

use chrono::NaiveDate;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rapport_core::docs::team_objectives as team;
use rapport_core::docs::workspace::{self, SharedDoc};
use rapport_core::docs::{team_share, trust, DocKind};
use rapport_core::domain::team::{KpiDraft, ObjectiveDraft};
use rapport_core::domain::{Participant, Side};

mod support;
use support::pair::Browser;

const TEAM: &str = "team-doc";

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

/// Lea leads Eve and Sam; their cards are linked to their roster ids (as after sharing a 1:1
/// series with each). Returns (lea, eve, sam, eve's KPI id, sam's KPI id).
fn team_of_three() -> (Browser, Browser, Browser, String, String) {
    let mut lea = Browser::new(1, "lea", "Lea");
    let mut eve = Browser::new(2, "eve", "Eve");
    let mut sam = Browser::new(3, "sam", "Sam");
    // Members hold their leader's card (from their 1:1 series).
    eve.add_contact(&lea.card);
    sam.add_contact(&lea.card);
    for (roster, b) in [("roster-eve", &eve), ("roster-sam", &sam)] {
        lea.add_contact(&b.card);
        // The link a shared 1:1 series leaves: roster person -> contact card -> key.
        let entry = SharedDoc {
            roster_person_id: roster.into(),
            contact_id: b.card.person_id.clone(),
            counterpart_key: trust::key_hex(&b.card),
            my_key: trust::key_hex(&lea.card),
            ..SharedDoc::new(
                DocKind::OneOnOne,
                format!("1:1s Lea – {}", b.card.name),
                Side::Leader,
                &Participant::new(roster, b.card.name.clone()),
            )
        };
        workspace::put_shared(&mut lea.ws, &format!("series-{roster}"), &entry, "x", 0).unwrap();
    }
    let members = [
        Participant::new("roster-eve", "Eve"),
        Participant::new("roster-sam", "Sam"),
    ];
    let mut doc = team::create(TEAM, "Platform", &lea.me(), &members, day(1), 1).unwrap();
    let objective = team::add_objective(
        &mut doc,
        "lea",
        &ObjectiveDraft {
            title: "Customers onboard themselves".into(),
            priority_id: String::new(),
            measure: "median onboarding time".into(),
            unit: "hours".into(),
            baseline: Some(30.0),
            target: Some(8.0),
            deadline: Some(day(31)),
            specific_confirmed: true,
            achievable_confirmed: true,
        },
        day(1),
        2,
    )
    .unwrap()
    .id;
    let kpi = |owner: &str, name: &str| KpiDraft {
        objective_id: objective.clone(),
        name: name.into(),
        unit: "%".into(),
        baseline: 40.0,
        target: 80.0,
        owner_id: owner.into(),
        in_control: Some(true),
    };
    let eve_kpi = team::add_kpi(
        &mut doc,
        "lea",
        &kpi("roster-eve", "Self-serve sign-ups"),
        day(1),
        3,
    )
    .unwrap()
    .id;
    let sam_kpi = team::add_kpi(
        &mut doc,
        "lea",
        &kpi("roster-sam", "Docs coverage"),
        day(1),
        4,
    )
    .unwrap()
    .id;
    let mut entry = SharedDoc {
        my_key: trust::key_hex(&lea.card),
        my_id: "lea".into(),
        ..SharedDoc::new(
            DocKind::TeamObjectives,
            "Platform".into(),
            Side::Leader,
            &Participant::new("", "Platform"),
        )
    };
    let listed = team_share::members_of(&doc).unwrap();
    assert!(team_share::sync_channels(
        &lea.workspace(),
        &mut entry,
        &listed
    ));
    assert!(
        entry.members.iter().all(|m| !m.key.is_empty()),
        "both cards linked"
    );
    lea.docs.insert(TEAM.into(), (DocKind::TeamObjectives, doc));
    workspace::put_shared(&mut lea.ws, TEAM, &entry, "Started", 5).unwrap();
    (lea, eve, sam, eve_kpi, sam_kpi)
}

impl Browser {
    /// The leader's "Make the team file".
    fn team_file(&mut self, now_ms: i64) -> Vec<u8> {
        let ws = self.workspace();
        let entry = self.entry(TEAM);
        let (_, doc) = self.docs.get_mut(TEAM).unwrap();
        let file = team_share::seal_team_file(
            &ws,
            &entry,
            TEAM,
            doc,
            &self.id,
            &self.card,
            now_ms,
            &mut ChaCha20Rng::seed_from_u64(now_ms as u64),
        )
        .unwrap();
        workspace::put_shared(&mut self.ws, TEAM, &file.entry, "Exported", now_ms).unwrap();
        file.bytes
    }

    /// The leader's channels brought in line with the document's members (as the app does
    /// before every team file).
    fn resync(&mut self) {
        let listed = team_share::members_of(&self.docs[TEAM].1).unwrap();
        let mut entry = self.entry(TEAM);
        team_share::sync_channels(&self.workspace(), &mut entry, &listed);
        workspace::put_shared(&mut self.ws, TEAM, &entry, "x", 0).unwrap();
    }

    fn team(&self) -> rapport_core::domain::team::TeamObjectives {
        team::load(&self.docs[TEAM].1).unwrap()
    }

    fn value(&mut self, by: &str, kpi: &str, v: f64) {
        let (_, doc) = self.docs.get_mut(TEAM).unwrap();
        team::record_value(doc, by, kpi, day(2), v, "", 10).unwrap();
    }
}

#[test]
fn one_file_reaches_every_member_and_their_values_travel_through_the_leader() {
    let (mut lea, mut eve, mut sam, eve_kpi, sam_kpi) = team_of_three();
    let file = lea.team_file(100);
    eve.receive(&file, None, 101).unwrap();
    sam.receive(&file, None, 102).unwrap();
    // Each member knows who they are in the document (from the file's signed recipients).
    assert_eq!(eve.entry(TEAM).my_id, "roster-eve");
    assert_eq!(sam.entry(TEAM).my_id, "roster-sam");
    assert_eq!(eve.entry(TEAM).counterpart_id, "lea");
    assert_eq!(eve.team().kpis.len(), 2);

    // Each member adds a value to their own KPI and sends it to the leader.
    eve.value("roster-eve", &eve_kpi, 55.0);
    sam.value("roster-sam", &sam_kpi, 61.0);
    let from_eve = eve.send(TEAM, Some(&lea.card.clone()), 200);
    let from_sam = sam.send(TEAM, Some(&lea.card.clone()), 201);
    assert_eq!(lea.receive(&from_eve, None, 202).unwrap(), 1);
    assert_eq!(lea.receive(&from_sam, None, 203).unwrap(), 1);
    let entry = lea.entry(TEAM);
    let eve_channel = entry
        .members
        .iter()
        .find(|m| m.person_id == "roster-eve")
        .unwrap();
    assert!(
        !eve_channel.their_heads.is_empty(),
        "R7.3: what Eve has is known"
    );
    assert!(
        !eve_channel.actors.is_empty(),
        "Eve's changes are named by her actor"
    );

    // The leader's next file carries Sam's value to Eve and Eve's to Sam.
    let relay = lea.team_file(300);
    eve.receive(&relay, None, 301).unwrap();
    sam.receive(&relay, None, 302).unwrap();
    for b in [&eve, &sam, &lea] {
        let t = b.team();
        assert_eq!(t.kpis[&eve_kpi].values.len(), 1);
        assert_eq!(t.kpis[&sam_kpi].values.len(), 1);
    }
}

#[test]
fn a_member_may_write_only_values_of_their_own_kpis_questions_and_answers() {
    let (mut lea, mut eve, _, _, sam_kpi) = team_of_three();
    let file = lea.team_file(100);
    eve.receive(&file, None, 101).unwrap();
    // A question is a member's to ask.
    {
        let (_, doc) = eve.docs.get_mut(TEAM).unwrap();
        team::ask_question(doc, "roster-eve", "Why did sign-ups dip?", None, day(2), 5).unwrap();
    }
    let ok = eve.send(TEAM, Some(&lea.card.clone()), 200);
    lea.receive(&ok, None, 201).unwrap();
    // A modified client writes a value on Sam's KPI as Eve: refused before anything is stored.
    let before = lea.team();
    eve.value("roster-sam", &sam_kpi, 99.0);
    let forged = eve.send(TEAM, Some(&lea.card.clone()), 300);
    let err = lea.receive(&forged, None, 301).unwrap_err().to_string();
    assert!(err.contains("someone else owns"), "{err}");
    assert_eq!(lea.team(), before);
}

#[test]
fn a_member_cannot_change_objectives_and_a_member_who_left_is_refused() {
    let (mut lea, mut eve, mut sam, _, sam_kpi) = team_of_three();
    let file = lea.team_file(100);
    eve.receive(&file, None, 101).unwrap();
    sam.receive(&file, None, 102).unwrap();
    // Eve's copy accepts only the leader's files: Sam cannot write to her directly.
    sam.value("roster-sam", &sam_kpi, 70.0);
    let to_eve = {
        let mut e = sam.entry(TEAM);
        e.their_heads.clear();
        workspace::put_shared(&mut sam.ws, TEAM, &e, "x", 0).unwrap();
        sam.send(TEAM, Some(&eve.card.clone()), 150)
    };
    assert!(eve.receive(&to_eve, None, 151).is_err());

    // Objectives are the leader's: a member's change to one is refused.
    {
        let (_, doc) = eve.docs.get_mut(TEAM).unwrap();
        let t = team::load(doc).unwrap();
        let oid = t.objectives.keys().next().unwrap().clone();
        use automerge::transaction::Transactable;
        let objectives = rapport_core::docs::obj_at(doc, &automerge::ROOT, "objectives").unwrap();
        let o = rapport_core::docs::obj_at(doc, &objectives, &oid).unwrap();
        doc.put(&o, "title", "Something else").unwrap();
        doc.commit();
    }
    let forged = eve.send(TEAM, Some(&lea.card.clone()), 200);
    let err = lea.receive(&forged, None, 201).unwrap_err().to_string();
    assert!(err.contains("team objectives"), "{err}");

    // Sam leaves the team: his key is no longer accepted for new changes.
    {
        let (_, doc) = lea.docs.get_mut(TEAM).unwrap();
        team::remove_member(doc, "lea", "roster-sam", day(3), 400).unwrap();
        lea.resync();
    }
    let from_sam = sam.send(TEAM, Some(&lea.card.clone()), 500);
    let err = lea.receive(&from_sam, None, 501).unwrap_err().to_string();
    assert!(err.contains("not a member"), "{err}");
    // And the next team file no longer goes to him.
    let next = lea.team_file(600);
    assert!(sam.receive(&next, None, 601).is_err());
    eve.receive(&next, None, 602).unwrap();
}

#[test]
fn a_team_document_must_come_from_its_leader() {
    let (mut lea, mut eve, _, _, _) = team_of_three();
    // Mal has Eve's card and builds a "team document" naming Lea as its leader.
    let mut mal = Browser::new(9, "mal", "Mal");
    let doc = team::create(
        "mal-team",
        "Platform",
        &Participant::new("lea", "Lea"),
        &[Participant::new("roster-eve", "Eve")],
        day(1),
        1,
    )
    .unwrap();
    mal.docs
        .insert("mal-team".into(), (DocKind::TeamObjectives, doc));
    mal.add_contact(&eve.card);
    // Mal is a known contact of Eve's: the case trust exists for.
    eve.add_contact(&mal.card);
    let mut entry = SharedDoc {
        my_key: trust::key_hex(&mal.card),
        ..SharedDoc::new(
            DocKind::TeamObjectives,
            "Platform".into(),
            Side::Leader,
            &Participant::new("", "Platform"),
        )
    };
    entry
        .members
        .push(rapport_core::domain::workspace::TeamChannel {
            person_id: "roster-eve".into(),
            name: "Eve".into(),
            contact_id: eve.card.person_id.clone(),
            key: trust::key_hex(&eve.card),
            ..Default::default()
        });
    workspace::put_shared(&mut mal.ws, "mal-team", &entry, "x", 0).unwrap();
    let ws = mal.workspace();
    let (_, doc) = mal.docs.get_mut("mal-team").unwrap();
    let file = team_share::seal_team_file(
        &ws,
        &entry,
        "mal-team",
        doc,
        &mal.id,
        &mal.card,
        10,
        &mut ChaCha20Rng::seed_from_u64(7),
    )
    .unwrap();
    let err = eve.receive(&file.bytes, None, 11).unwrap_err().to_string();
    assert!(err.contains("led by Lea"), "{err}");
    assert!(!eve.docs.contains_key("mal-team"));
    // The real team still arrives.
    let real = lea.team_file(20);
    eve.receive(&real, None, 21).unwrap();
}

#[test]
fn a_member_whose_card_is_unknown_is_named_and_left_out() {
    let (mut lea, _, _, _, _) = team_of_three();
    {
        let (_, doc) = lea.docs.get_mut(TEAM).unwrap();
        team::add_member(
            doc,
            "lea",
            &Participant::new("roster-new", "Nia"),
            day(2),
            10,
        )
        .unwrap();
    }
    lea.resync();
    let ws = lea.workspace();
    let entry = lea.entry(TEAM);
    let plan = team_share::plan(&ws, &entry, &mut lea.docs.get_mut(TEAM).unwrap().1);
    assert_eq!(plan.recipients, vec!["Eve".to_string(), "Sam".to_string()]);
    assert_eq!(
        plan.waiting,
        vec![("roster-new".to_string(), "Nia".to_string())]
    );
    assert!(plan.whole_document, "nobody has it yet");
}

#[test]
fn a_waiting_member_is_linked_to_a_contact_card_once() {
    let (mut lea, eve, _, _, _) = team_of_three();
    let nia = Browser::new(4, "nia", "Nia");
    lea.add_contact(&nia.card);
    {
        let (_, doc) = lea.docs.get_mut(TEAM).unwrap();
        team::add_member(
            doc,
            "lea",
            &Participant::new("roster-nia", "Nia"),
            day(2),
            10,
        )
        .unwrap();
    }
    let listed = team_share::members_of(&lea.docs[TEAM].1).unwrap();
    let mut entry = lea.entry(TEAM);
    team_share::sync_channels(&lea.workspace(), &mut entry, &listed);
    let ws = lea.workspace();
    assert_eq!(
        team_share::unlinked_contacts(&ws, &entry),
        vec![("nia".to_string(), "Nia".to_string())]
    );
    // Eve's card already stands for Eve.
    assert!(team_share::link_member(&ws, &mut entry, "roster-nia", &eve.card.person_id).is_err());
    team_share::link_member(&ws, &mut entry, "roster-nia", "nia").unwrap();
    assert_eq!(team_share::reach(&ws, &entry).ready.len(), 3);
}

#[test]
fn a_member_who_joins_later_gets_the_whole_document_and_the_others_lose_nothing() {
    let (mut lea, mut eve, mut sam, eve_kpi, _) = team_of_three();
    let first = lea.team_file(100);
    eve.receive(&first, None, 101).unwrap();
    sam.receive(&first, None, 102).unwrap();
    eve.value("roster-eve", &eve_kpi, 50.0);
    let back = eve.send(TEAM, Some(&lea.card.clone()), 150);
    lea.receive(&back, None, 151).unwrap();
    // Sam sends his (empty) update too: what a member holds is known from their own files
    // (R7.3), never assumed from what was sent to them.
    let ack = sam.send(TEAM, Some(&lea.card.clone()), 152);
    lea.receive(&ack, None, 153).unwrap();
    // Only what Eve or Sam lacks travels while both are known.
    let follow_up = {
        let ws = lea.workspace();
        let entry = lea.entry(TEAM);
        team_share::plan(&ws, &entry, &mut lea.docs.get_mut(TEAM).unwrap().1)
    };
    assert!(!follow_up.whole_document);
    // Eve's value: Eve has it and Sam lacks it, so it travels (counted once).
    assert_eq!(follow_up.changes, 1);
    // Nia joins (her card linked through a 1:1 series, as for the others).
    let mut nia = Browser::new(4, "nia", "Nia");
    nia.add_contact(&lea.card);
    lea.add_contact(&nia.card);
    let link = SharedDoc {
        roster_person_id: "roster-nia".into(),
        contact_id: "nia".into(),
        counterpart_key: trust::key_hex(&nia.card),
        my_key: trust::key_hex(&lea.card),
        ..SharedDoc::new(
            DocKind::OneOnOne,
            "1:1s Lea – Nia".into(),
            Side::Leader,
            &Participant::new("roster-nia", "Nia"),
        )
    };
    workspace::put_shared(&mut lea.ws, "series-nia", &link, "x", 0).unwrap();
    {
        let (_, doc) = lea.docs.get_mut(TEAM).unwrap();
        team::add_member(
            doc,
            "lea",
            &Participant::new("roster-nia", "Nia"),
            day(4),
            200,
        )
        .unwrap();
        lea.resync();
    }
    let ws = lea.workspace();
    let entry = lea.entry(TEAM);
    let plan = team_share::plan(&ws, &entry, &mut lea.docs.get_mut(TEAM).unwrap().1);
    assert!(plan.whole_document, "Nia has nothing yet");
    assert_eq!(plan.recipients.len(), 3);
    let file = lea.team_file(300);
    nia.receive(&file, None, 301).unwrap();
    eve.receive(&file, None, 302).unwrap();
    sam.receive(&file, None, 303).unwrap();
    for b in [&nia, &eve, &sam] {
        let t = b.team();
        assert_eq!(
            t.kpis[&eve_kpi].values.len(),
            1,
            "Eve's value reached everyone"
        );
        assert!(t.members.contains_key("roster-nia"));
    }
    assert_eq!(nia.entry(TEAM).my_id, "roster-nia");
}
