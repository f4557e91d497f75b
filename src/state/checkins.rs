//! My check-ins, a month per document (`rapport_core::docs::checkins`, issue 11).
//!
//! A screen says how far back it reads (`want`): Today from `measures::today_reach`, the
//! dashboard from `dashboard::checkin_reach`. The months from there on are opened, nothing
//! earlier, and one earlier month at a time only while `measures::needs_earlier` says an
//! earlier check-in could still change a figure (someone not seen since the window began, or
//! a streak reaching back to it). At fifty people over five years a cold open reads two or
//! three small months instead of 52 k check-ins.
//!
//! Check-ins an earlier release kept in the workspace stay there and are read with the months
//! (`CheckIns` is both); removing one removes it where it is.

use std::collections::{BTreeMap, BTreeSet};

use automerge::ChangeHash;
use chrono::NaiveDate;
use leptos::prelude::*;
use rapport_core::docs::{checkins, workspace as ws_doc, CommandError, DocKind};
use rapport_core::domain::checkin::CheckIns;
use rapport_core::domain::{CheckIn, Person};
use rapport_core::measures::{self, ConnectionLog};

use super::edit::{run, run_on_workspace, EditError};
use super::{repo, AppState};

/// What this tab knows of the stored months, and which it has opened.
#[derive(Clone, Copy)]
pub struct Months {
    /// Every month with a stored document (its first day), from the registry and this tab.
    known: RwSignal<BTreeSet<NaiveDate>>,
    /// The first month open here; every known month from it on is open. `None` before boot.
    from: RwSignal<Option<NaiveDate>>,
    /// Earlier months are being opened (one request at a time).
    opening: StoredValue<bool>,
}

impl Months {
    pub fn new() -> Months {
        Months {
            known: RwSignal::new(BTreeSet::new()),
            from: RwSignal::new(None),
            opening: StoredValue::new(false),
        }
    }

    /// The ids of the open months (every known month from the first open one on); `None`
    /// before any is open, or while a known month from there on is still opening.
    pub fn open_ids(self) -> Option<Vec<String>> {
        let from = self.from.get_untracked()?;
        let ids: Vec<String> = self
            .known
            .get_untracked()
            .range(from..)
            .map(|m| checkins::month_id(*m))
            .collect();
        ids.iter().all(|id| repo::get(id).is_some()).then_some(ids)
    }

    /// The stored months, from the registry's `(id, kind)` list (at boot, after a restore).
    pub fn set_known(self, docs: &[(String, DocKind)]) {
        let months: BTreeSet<NaiveDate> = docs
            .iter()
            .filter(|(_, k)| *k == DocKind::CheckIns)
            .filter_map(|(id, _)| checkins::month_of_id(id))
            .collect();
        self.known.update(|k| k.extend(months));
    }
}

impl Default for Months {
    fn default() -> Self {
        Months::new()
    }
}

/// The check-ins of the open months and of the workspace (earlier releases), recomputed when
/// either changes; a month re-read only when its heads moved.
pub fn memo(state_ws: Memo<Option<ws_doc::Workspace>>, months: Months) -> Memo<CheckIns> {
    type Cache = BTreeMap<NaiveDate, (Vec<ChangeHash>, BTreeMap<String, CheckIn>)>;
    let cache: StoredValue<Cache, LocalStorage> = StoredValue::new_local(BTreeMap::new());
    Memo::new(move |_| {
        let mut by_id: BTreeMap<String, CheckIn> =
            state_ws.with(|w| w.as_ref().map(|w| w.checkins.clone()).unwrap_or_default());
        let Some(from) = months.from.get() else {
            return CheckIns {
                by_id,
                complete_from: None,
            };
        };
        let known = months.known.get();
        for month in known.range(from..) {
            let id = checkins::month_id(*month);
            // Tracked even while not open: opening it (`open_from`, `follow`) bumps it.
            repo::revision(&id).track();
            let Some(d) = repo::get(&id) else { continue };
            let heads = d.borrow_mut().doc.get_heads();
            let fresh = cache.with_value(|c| c.get(month).is_some_and(|(h, _)| *h == heads));
            if !fresh {
                let read = checkins::load(&d.borrow().doc);
                match read {
                    Ok(items) => cache.update_value(|c| {
                        c.insert(*month, (heads, items));
                    }),
                    Err(e) => {
                        web_sys::console::error_1(&format!("{id} unreadable: {e}").into());
                        continue;
                    }
                }
            }
            cache.with_value(|c| {
                if let Some((_, items)) = c.get(month) {
                    by_id.extend(items.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
            });
        }
        let complete_from = known.range(..from).next().map(|_| from);
        CheckIns {
            by_id,
            complete_from,
        }
    })
}

/// Opens every stored month from the month of `reach` on (those not open yet); the figures
/// follow once they are in. A no-op when they already are.
pub fn want(state: AppState, reach: NaiveDate) {
    let month = checkins::month_of(reach);
    if state
        .checkin_months
        .from
        .get_untracked()
        .is_some_and(|f| f <= month)
    {
        return;
    }
    leptos::task::spawn_local(open_from(state, month));
}

/// Whether every stored check-in from `reach` on is read.
pub fn covers(state: AppState, reach: NaiveDate) -> bool {
    state
        .checkin_months
        .from
        .get()
        .is_some_and(|f| f <= checkins::month_of(reach))
}

/// Opens the stored months from `month` on, then moves the window's start to it.
pub async fn open_from(state: AppState, month: NaiveDate) {
    let months = state.checkin_months;
    let todo: Vec<NaiveDate> = months
        .known
        .get_untracked()
        .range(month..)
        .copied()
        .collect();
    for m in todo {
        let id = checkins::month_id(m);
        if repo::get(&id).is_none() {
            if let Err(e) = repo::open(&id, DocKind::CheckIns).await {
                web_sys::console::error_1(&format!("{id} could not be read: {e}").into());
            }
        }
    }
    if months.from.get_untracked().is_none_or(|f| month < f) {
        months.from.set(Some(month));
        // Today's view reaches back as far as the months open (an earlier one is opened
        // when someone was not seen since): stored again, a next visit needs no more.
        super::today_view::months_opened();
    }
}

/// Keeps the open months complete: opens this month when another tab stored it first, and one
/// earlier month while an earlier check-in could still change a figure
/// (`measures::needs_earlier`), after every change of the check-ins or the roster.
pub fn follow(state: AppState) {
    // Another tab's first check-in of a month creates its document there: this tab hears of
    // it by its revision (`repo::reload_from_storage`) and opens it. Only on a bump: at start
    // the registry was just read (`Months::set_known`).
    Effect::new(move |seen: Option<(String, u64)>| {
        // Read before deciding, so all three are tracked: until boot has opened the repo (and
        // set `from`) the revision is a placeholder, the real one is read on the next run.
        let id = checkins::month_id(state.today.get());
        let booted = state.checkin_months.from.get().is_some();
        let revision = repo::revision(&id).get();
        let bumped = seen.is_some_and(|(i, r)| i == id && r != revision);
        if !bumped || !booted || repo::get(&id).is_some() {
            return (id, revision);
        }
        leptos::task::spawn_local(async move {
            if let Ok(docs) = repo::list().await {
                state.checkin_months.set_known(&docs);
                if let Some(from) = state.checkin_months.from.get_untracked() {
                    open_from(state, from).await;
                }
            }
        });
        (id, revision)
    });
    Effect::new(move |_| {
        let Some(from) = state.checkin_months.from.get() else {
            return;
        };
        let today = state.today.get();
        let needs = state.checkins.with(|c| {
            c.complete_from.is_some()
                && state.workspace.with(|w| {
                    w.as_ref().is_some_and(|w| {
                        let people: Vec<&Person> = w.people.values().collect();
                        let log = ConnectionLog::new(c.values());
                        measures::needs_earlier(&people, &log, &w.settings.work_week, from, today)
                    })
                })
        });
        if needs && !state.checkin_months.opening.get_value() {
            state.checkin_months.opening.set_value(true);
            leptos::task::spawn_local(async move {
                let earlier = state
                    .checkin_months
                    .known
                    .get_untracked()
                    .range(..from)
                    .next_back()
                    .copied();
                if let Some(m) = earlier {
                    open_from(state, m).await;
                }
                state.checkin_months.opening.set_value(false);
            });
        }
    });
}

/// The open document of the month `day` falls in, created (here, now) when there is none yet.
/// Every copy of a month has the same first change (`checkins::create`), so one made here
/// while another tab made its own merges with it.
fn month_doc(state: AppState, day: NaiveDate) -> Result<String, EditError> {
    let id = checkins::month_id(day);
    if repo::get(&id).is_some() {
        return Ok(id);
    }
    let doc = checkins::create(day, automerge::ActorId::random())?;
    repo::insert_now(id.clone(), DocKind::CheckIns, doc).ok_or(EditError::NotOpen)?;
    let month = checkins::month_of(day);
    state.checkin_months.known.update(|k| {
        k.insert(month);
    });
    Ok(id)
}

pub(super) fn my_name(state: AppState) -> String {
    state
        .workspace
        .with_untracked(|w| w.as_ref().map(|w| w.profile.name.clone()))
        .unwrap_or_else(|| "me".into())
}

fn held_by_workspace(state: AppState, id: &str) -> bool {
    state
        .workspace
        .with_untracked(|w| w.as_ref().is_some_and(|w| w.checkins.contains_key(id)))
}

impl AppState {
    /// R1.1: logs (or updates) a check-in, stored right away (a click, not typing).
    pub fn put_checkin(self, c: &CheckIn) -> Result<(), EditError> {
        if held_by_workspace(self, &c.id) {
            run_on_workspace(self, |d, now| ws_doc::put_checkin(d, c, now))?;
            self.save_workspace_now();
            return Ok(());
        }
        let id = month_doc(self, c.date)?;
        let by = my_name(self);
        run(&id, |d, now| checkins::put(d, c, &by, now))?;
        repo::save_now(&id);
        Ok(())
    }

    /// Removes a check-in from wherever it is kept (its month, or the workspace for one an
    /// earlier release logged).
    pub fn delete_checkin(self, id: &str) -> Result<(), EditError> {
        if held_by_workspace(self, id) {
            run_on_workspace(self, |d, now| ws_doc::delete_checkin(d, id, now))?;
            self.save_workspace_now();
            return Ok(());
        }
        let date = self
            .checkins
            .with_untracked(|c| c.by_id.get(id).map(|c| c.date))
            .ok_or(EditError::Command(CommandError::NotFound("check-in")))?;
        let doc_id = checkins::month_id(date);
        let by = my_name(self);
        run(&doc_id, |d, now| checkins::delete(d, id, &by, now))?;
        repo::save_now(&doc_id);
        Ok(())
    }

    fn save_workspace_now(self) {
        if let Some(id) = self.workspace_id.get_untracked() {
            repo::save_now(&id);
        }
    }
}
