use chrono::Duration;
use proptest::prelude::*;

use super::*;
use crate::store::ChunkKind;

fn key(doc: &str, kind: ChunkKind, id: &str) -> ChunkKey {
    ChunkKey {
        doc_id: doc.into(),
        kind,
        chunk_id: id.into(),
    }
}

fn date(s: &str) -> NaiveDate {
    crate::dates::parse_iso(s).unwrap()
}

/// A Monday.
fn day() -> NaiveDate {
    date("2026-03-02")
}

fn person(id: &str, added: NaiveDate, archived: Option<NaiveDate>) -> Person {
    Person {
        id: id.into(),
        name: format!("Name {id}"),
        role_title: "Engineer".into(),
        start_date: Some(date("2020-01-01")),
        added_on: added,
        archived_on: archived,
    }
}

fn checkin(n: usize, person: &str, d: NaiveDate) -> CheckIn {
    CheckIn {
        id: format!("c{n}"),
        person_id: person.into(),
        date: d,
        channel: Some(crate::domain::Channel::InPerson),
        note: "a word".into(),
        minutes: Some(5),
        logged_at: 1,
    }
}

/// A workspace with `people` (the test's own, built through the view's empty form).
fn workspace(people: Vec<Person>) -> Workspace {
    let mut ws = TodayView {
        workspace_id: "ws-1".into(),
        owner_id: "me".into(),
        owner_name: "Lea".into(),
        work_week: WorkWeek::default(),
        flag_after_days: 2,
        people: Vec::new(),
        checkins: Vec::new(),
        complete_from: None,
    }
    .workspace();
    ws.people = people.into_iter().map(|p| (p.id.clone(), p)).collect();
    ws
}

fn check_ins(items: Vec<CheckIn>, complete_from: Option<NaiveDate>) -> CheckIns {
    CheckIns {
        by_id: items.into_iter().map(|c| (c.id.clone(), c)).collect(),
        complete_from,
    }
}

fn summary_of(
    ws: &Workspace,
    checkins: &CheckIns,
    today: NaiveDate,
) -> crate::measures::TodaySummary {
    let people: Vec<&Person> = ws.people.values().collect();
    crate::measures::today_summary(
        &people,
        checkins.values(),
        &ws.settings.work_week,
        ws.settings.flag_after_days,
        today,
    )
}

/// Sources as the whole app records them: the workspace and one month.
fn sources() -> Vec<(String, Vec<ChunkKey>)> {
    vec![
        ("ws-1".into(), vec![key("ws-1", ChunkKind::Snapshot, "aa")]),
        (
            checkins::month_id(day()),
            vec![key(
                &checkins::month_id(day()),
                ChunkKind::Incremental,
                "bb",
            )],
        ),
    ]
}

fn store_keys(sources: &[(String, Vec<ChunkKey>)]) -> BTreeMap<String, Vec<ChunkKey>> {
    sources.iter().cloned().collect()
}

fn months() -> Vec<String> {
    vec![checkins::month_id(day())]
}

fn a_view() -> TodayView {
    let ws = workspace(vec![person("ada", date("2025-01-06"), None)]);
    let c = check_ins(vec![checkin(1, "ada", day())], Some(date("2026-02-01")));
    TodayView::of(&ws, &c)
}

#[test]
fn a_view_is_read_back_while_the_store_holds_the_chunks_it_was_read_from() {
    let view = a_view();
    let stored = encode(&view, &sources());
    assert_eq!(
        decode_if_fresh(&stored, &months(), &store_keys(&sources()), day()),
        Some(view)
    );
}

#[test]
fn a_chunk_written_since_a_compaction_or_a_missing_document_makes_it_stale() {
    let stored = encode(&a_view(), &sources());
    let mut more = store_keys(&sources());
    more.get_mut("ws-1")
        .unwrap()
        .push(key("ws-1", ChunkKind::Incremental, "cc"));
    assert_eq!(decode_if_fresh(&stored, &months(), &more, day()), None);
    let mut compacted = store_keys(&sources());
    compacted.insert("ws-1".into(), vec![key("ws-1", ChunkKind::Snapshot, "dd")]);
    assert_eq!(decode_if_fresh(&stored, &months(), &compacted, day()), None);
    let mut gone = store_keys(&sources());
    gone.remove(&checkins::month_id(day()));
    assert_eq!(decode_if_fresh(&stored, &months(), &gone, day()), None);
}

#[test]
fn a_month_stored_since_by_another_tab_makes_it_stale() {
    let stored = encode(&a_view(), &sources());
    let mut listed = months();
    listed.push(checkins::month_id(date("2026-04-01")));
    assert_eq!(
        decode_if_fresh(&stored, &listed, &store_keys(&sources()), day()),
        None
    );
    // A month before the view's first one is not needed: it holds no check-in Today reads.
    let mut earlier = months();
    earlier.push(checkins::month_id(date("2025-11-03")));
    assert!(decode_if_fresh(&stored, &earlier, &store_keys(&sources()), day()).is_some());
}

#[test]
fn a_view_of_another_release_or_unreadable_bytes_is_stale() {
    let stored = encode(&a_view(), &sources());
    let mut other = stored.clone();
    other[0] = (VERSION + 1) as u8;
    let keys = store_keys(&sources());
    assert_eq!(decode_if_fresh(&other, &months(), &keys, day()), None);
    assert_eq!(
        decode_if_fresh(&stored[..10], &months(), &keys, day()),
        None
    );
    assert_eq!(decode_if_fresh(&[], &months(), &keys, day()), None);
}

#[test]
fn a_view_without_its_workspace_among_its_sources_is_stale() {
    let only_month = vec![sources()[1].clone()];
    let stored = encode(&a_view(), &only_month);
    assert_eq!(
        decode_if_fresh(&stored, &months(), &store_keys(&sources()), day()),
        None
    );
}

#[test]
fn a_view_that_does_not_reach_back_as_far_as_today_reads_is_stale() {
    let keys = store_keys(&sources());
    let ws = workspace(vec![person("ada", date("2025-01-06"), None)]);
    // Ada seen on 2 March, the view complete from 1 February: Today on 5 March, or in June
    // (no month stored since), reads nothing earlier.
    let seen = TodayView::of(
        &ws,
        &check_ins(vec![checkin(1, "ada", day())], Some(date("2026-02-01"))),
    );
    let stored = encode(&seen, &sources());
    assert!(decode_if_fresh(&stored, &months(), &keys, day() + Duration::days(3)).is_some());
    assert!(decode_if_fresh(&stored, &months(), &keys, date("2026-06-15")).is_some());
    // Complete from 1 March only: Today's thirty days reach into February.
    let late = TodayView::of(
        &ws,
        &check_ins(vec![checkin(1, "ada", day())], Some(date("2026-03-01"))),
    );
    assert_eq!(
        decode_if_fresh(&encode(&late, &sources()), &months(), &keys, day()),
        None
    );
    // Ada not seen since 1 February: her last check-in may be earlier (R1.4's count).
    let unseen = TodayView::of(&ws, &check_ins(Vec::new(), Some(date("2026-02-01"))));
    assert_eq!(
        decode_if_fresh(&encode(&unseen, &sources()), &months(), &keys, day()),
        None
    );
}

#[test]
fn a_view_holding_every_check_in_covers_any_day() {
    let ws = workspace(vec![person("ada", date("2020-01-06"), None)]);
    let view = TodayView::of(&ws, &check_ins(Vec::new(), None));
    assert!(view.covers(date("2030-01-01")));
}

#[test]
fn check_ins_with_someone_off_the_roster_are_left_out() {
    let ws = workspace(vec![person("ada", date("2025-01-06"), None)]);
    let c = check_ins(
        vec![checkin(1, "ada", day()), checkin(2, "gone", day())],
        None,
    );
    let view = TodayView::of(&ws, &c);
    assert_eq!(view.checkins.len(), 1);
    assert_eq!(view.check_ins().values().next().unwrap().person_id, "ada");
}

fn arb_people() -> impl Strategy<Value = Vec<Person>> {
    prop::collection::vec((0i64..400, prop::option::of(0i64..400)), 1..6).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (added, archived))| {
                let added = date("2025-01-01") + Duration::days(added);
                let archived = archived.map(|a| added + Duration::days(a + 1));
                person(&format!("p{i}"), added, archived)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The view gives Today exactly the figures the workspace and its check-ins give, on the
    /// day it was written and on later days it still covers.
    #[test]
    fn today_from_the_view_is_today_from_the_documents(
        people in arb_people(),
        checks in prop::collection::vec((0usize..8, 0i64..500), 0..80),
        today in 300i64..560,
        week in prop::collection::vec(any::<bool>(), 7),
        flag_after in 1u32..5,
    ) {
        let mut ws = workspace(people);
        ws.settings.work_week.days = week;
        ws.settings.flag_after_days = flag_after;
        let today = date("2025-01-01") + Duration::days(today);
        let ids: Vec<String> = ws.people.keys().cloned().collect();
        let items: Vec<CheckIn> = checks
            .iter()
            .enumerate()
            .map(|(n, (p, d))| {
                let who = ids.get(*p).cloned().unwrap_or_else(|| "someone-else".into());
                checkin(n, &who, date("2025-01-01") + Duration::days(*d))
            })
            .collect();
        let all = check_ins(items, None);
        let view = TodayView::of(&ws, &all);
        let bytes = encode(&view, &sources());
        let back = decode_if_fresh(&bytes, &months(), &store_keys(&sources()), today)
            .expect("a view of every check-in is fresh");
        prop_assert_eq!(
            summary_of(&back.workspace(), &back.check_ins(), today),
            summary_of(&ws, &all, today)
        );
    }
}
