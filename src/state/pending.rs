//! Writes the Today module takes before the whole app has the page (issue 11: the Today
//! module carries no Automerge, so it stores nothing in a document itself).
//!
//! - **A check-in** logged on Today is kept in localStorage at once (written before the click
//!   returns, so neither a crash nor a failed hand-off loses it), shown on Today as logged,
//!   and stored in its month by the whole app as soon as it runs ([`apply`]), on this page or
//!   the next one. A check-in has its own id, so storing one twice (two tabs starting at once)
//!   stores it once.
//! - **A new workspace's name**, from the welcome, is handed to the whole app on the page
//!   itself: should the hand-off fail, the form is still there.

use chrono::NaiveDate;
use leptos::prelude::*;
use rapport_core::dates;
use rapport_core::domain::CheckIn;

use super::AppState;

const CHECKINS: &str = "rapport.pendingCheckIns";
const CREATE: &str = "rapportCreateWorkspace";

/// One check-in per line: `id`, person id, ISO date, when it was logged (ms), tab-separated.
/// Only Today's one-click check-in is taken here, so nothing else of a check-in is kept.
fn encode(items: &[CheckIn]) -> String {
    items
        .iter()
        .map(|c| {
            format!(
                "{}\t{}\t{}\t{}",
                c.id,
                c.person_id,
                dates::iso(c.date),
                c.logged_at
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode(text: &str) -> Vec<CheckIn> {
    text.lines()
        .filter_map(|line| {
            let mut f = line.split('\t');
            let (id, person, date, at) = (f.next()?, f.next()?, f.next()?, f.next()?);
            let date: NaiveDate = dates::parse_iso(date)?;
            Some(CheckIn {
                id: id.to_string(),
                person_id: person.to_string(),
                date,
                channel: None,
                note: String::new(),
                minutes: None,
                logged_at: at.parse().ok()?,
            })
        })
        .collect()
}

/// The check-ins waiting for the whole app.
pub fn checkins() -> Vec<CheckIn> {
    crate::page::local_storage()
        .and_then(|s| s.get_item(CHECKINS).ok().flatten())
        .map(|t| decode(&t))
        .unwrap_or_default()
}

thread_local! {
    static WAITING: ArcRwSignal<Vec<CheckIn>> = ArcRwSignal::new(checkins());
}

/// The check-ins waiting, tracked (the Today module shows them as logged).
pub fn waiting() -> ArcRwSignal<Vec<CheckIn>> {
    WAITING.with(|w| w.clone())
}

/// Keeps `c` until the whole app stores it. Fails only when this browser refuses to keep
/// anything (storage blocked or full): the person is told, and nothing is shown as logged.
pub fn add_checkin(c: &CheckIn) -> Result<(), String> {
    let mut items = checkins();
    items.retain(|x| x.id != c.id);
    items.push(c.clone());
    crate::page::local_storage()
        .and_then(|s| s.set_item(CHECKINS, &encode(&items)).ok())
        .ok_or_else(|| {
            "This browser did not let Rapport keep the check-in. Check that its storage is allowed and not full, then log it again.".to_string()
        })?;
    WAITING.with(|w| w.set(items));
    Ok(())
}

/// Stores every waiting check-in (the whole app, once its workspace and Today's months are
/// open, before Today is drawn: no figure shows without them), and forgets each once it is
/// saved. One that cannot be stored now stays for later.
pub fn apply(state: AppState) {
    let items = checkins();
    if items.is_empty() {
        return;
    }
    let mut stored = Vec::new();
    for c in &items {
        match state.put_checkin(c) {
            Ok(()) => stored.push(c.id.clone()),
            Err(e) => state.notify(format!("A check-in logged earlier is not saved yet: {e}")),
        }
    }
    leptos::task::spawn_local(forget_when_saved(state, stored));
}

/// Forgets the check-ins `stored` once their months are written (R8.1): until then they are
/// both in memory and kept, and a page closed meanwhile stores them next time.
async fn forget_when_saved(state: AppState, stored: Vec<String>) {
    while state.save.unsaved.get_untracked() > 0 {
        super::tick::sleep(40).await;
    }
    let left: Vec<CheckIn> = checkins()
        .into_iter()
        .filter(|c| !stored.contains(&c.id))
        .collect();
    if let Some(s) = crate::page::local_storage() {
        let _ = if left.is_empty() {
            s.remove_item(CHECKINS)
        } else {
            s.set_item(CHECKINS, &encode(&left))
        };
    }
    WAITING.with(|w| w.set(left));
}

/// The welcome asked for a workspace named `name` (the Today module): the whole app creates it.
pub fn ask_create(name: &str) {
    crate::page::set(CREATE, name);
}

/// The name a workspace was asked for on this page, taken (the whole app, at start).
pub fn take_create() -> Option<String> {
    crate::page::take(CREATE)
}
