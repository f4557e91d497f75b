//! What Today reads, kept beside the chunks so that a visit draws Today without Automerge
//! (issue 11: the first visit's download; Automerge and its hydration are most of a module).
//!
//! The whole app writes it after the workspace or a month of check-ins is saved: the roster,
//! the settings Today's measures read, and every check-in from the first open month on, as
//! `(person, day)` pairs (Today's figures need nothing else of a check-in). The Today module
//! reads it and computes Today itself, with the same measures, for whatever day it is.
//!
//! **Fresh or not** (as for the dashboard's summaries, `crate::summary`): the view names the
//! chunks of every document it was read from. It is used only while the store holds exactly
//! those chunks, while no month of check-ins it does not name has been stored since (another
//! tab's first check-in of a month), and while the check-ins it holds reach back as far as
//! Today's figures need on the day it is read (`TodayView::covers`). Otherwise the page opens
//! the documents (the whole app). A stale view costs time, never a wrong figure.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::docs::checkins;
use crate::domain::checkin::CheckIns;
use crate::domain::shared::{DocKind, DocMeta};
use crate::domain::workspace::{Profile, Settings, Workspace};
use crate::domain::{CheckIn, Person, WorkWeek};
use crate::measures::{self, ConnectionLog};
use crate::store::ChunkKey;
use crate::summary::chunk_set;

/// Bumped whenever what the view holds changes: a view of another release is stale.
pub const VERSION: u32 = 1;

/// The key the view is stored under, in the summaries' store (no document has this id).
pub const KEY: &str = "today-view";

/// A person as Today reads them. Days are counted from the common era (chrono's
/// `num_days_from_ce`): decoding a date string would bring chrono's parser into the module
/// that reads this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewPerson {
    pub id: String,
    pub name: String,
    pub role_title: String,
    pub added_on: i32,
    pub archived_on: Option<i32>,
}

/// What Today shows of a workspace and its check-ins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TodayView {
    pub workspace_id: String,
    pub owner_id: String,
    pub owner_name: String,
    pub work_week: WorkWeek,
    pub flag_after_days: u32,
    pub people: Vec<ViewPerson>,
    /// Every stored check-in from `complete_from` on, with anyone on the roster: the index of
    /// their person in `people`, and the day.
    pub checkins: Vec<(u32, i32)>,
    /// The first day from which every stored check-in is here; `None` when all of them are.
    pub complete_from: Option<i32>,
}

/// The view as stored: the release that wrote it and the chunks of each document it was read
/// from (`doc id`, sorted `kind/chunk id`s).
#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    sources: Vec<(String, Vec<String>)>,
    view: TodayView,
}

fn day_number(d: NaiveDate) -> i32 {
    use chrono::Datelike;
    d.num_days_from_ce()
}

fn day_of(n: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(n)
}

impl TodayView {
    /// The view of a hydrated workspace and the check-ins read with it (the open months and
    /// any the workspace holds). Check-ins with someone no longer on the roster count in no
    /// figure of Today and are left out.
    pub fn of(ws: &Workspace, checkins: &CheckIns) -> TodayView {
        let people: Vec<ViewPerson> = ws
            .people
            .values()
            .map(|p| ViewPerson {
                id: p.id.clone(),
                name: p.name.clone(),
                role_title: p.role_title.clone(),
                added_on: day_number(p.added_on),
                archived_on: p.archived_on.map(day_number),
            })
            .collect();
        let index: BTreeMap<&str, u32> = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i as u32))
            .collect();
        let mut pairs: Vec<(u32, i32)> = checkins
            .values()
            .filter_map(|c| Some((*index.get(c.person_id.as_str())?, day_number(c.date))))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        TodayView {
            workspace_id: ws.meta.id.clone(),
            owner_id: ws.profile.id.clone(),
            owner_name: ws.profile.name.clone(),
            work_week: ws.settings.work_week.clone(),
            flag_after_days: ws.settings.flag_after_days,
            people,
            checkins: pairs,
            complete_from: checkins.complete_from.map(day_number),
        }
    }

    /// The roster as people.
    pub fn persons(&self) -> Vec<Person> {
        self.people
            .iter()
            .filter_map(|p| {
                Some(Person {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    role_title: p.role_title.clone(),
                    start_date: None,
                    added_on: day_of(p.added_on)?,
                    archived_on: match p.archived_on {
                        Some(n) => Some(day_of(n)?),
                        None => None,
                    },
                })
            })
            .collect()
    }

    /// A workspace holding what Today reads: the owner, the settings and the roster.
    pub fn workspace(&self) -> Workspace {
        Workspace {
            meta: DocMeta {
                id: self.workspace_id.clone(),
                kind: DocKind::Workspace,
                schema: crate::docs::workspace::SCHEMA,
            },
            profile: Profile {
                id: self.owner_id.clone(),
                name: self.owner_name.clone(),
                leader_name: String::new(),
            },
            settings: Settings {
                work_week: self.work_week.clone(),
                flag_after_days: self.flag_after_days,
            },
            people: self
                .persons()
                .into_iter()
                .map(|p| (p.id.clone(), p))
                .collect(),
            checkins: BTreeMap::new(),
            context: BTreeMap::new(),
            identity_secret: String::new(),
            contacts: BTreeMap::new(),
            shared: BTreeMap::new(),
            private_notes: BTreeMap::new(),
            imported_files: BTreeMap::new(),
        }
    }

    /// The check-ins, as Today's measures read them (each has a made-up id, no channel, no
    /// note: no figure reads them).
    pub fn check_ins(&self) -> CheckIns {
        let by_id = self
            .checkins
            .iter()
            .enumerate()
            .filter_map(|(i, (p, d))| {
                let id = format!("v{i}");
                let c = CheckIn {
                    id: id.clone(),
                    person_id: self.people.get(*p as usize)?.id.clone(),
                    date: day_of(*d)?,
                    channel: None,
                    note: String::new(),
                    minutes: None,
                    logged_at: 0,
                };
                Some((id, c))
            })
            .collect();
        CheckIns {
            by_id,
            complete_from: self.complete_from.and_then(day_of),
        }
    }

    /// Whether the check-ins here are all Today's figures read on `today`: every stored one
    /// from the start of Today's reach on, and earlier ones wherever someone was not seen
    /// since, or a streak reaches back that far (`measures::needs_earlier`).
    pub fn covers(&self, today: NaiveDate) -> bool {
        let Some(from) = self.complete_from.and_then(day_of) else {
            return self.complete_from.is_none();
        };
        if from > checkins::month_of(measures::today_reach(&self.work_week, today)) {
            return false;
        }
        let people = self.persons();
        let refs: Vec<&Person> = people.iter().collect();
        let checks = self.check_ins();
        let log = ConnectionLog::new(checks.values());
        !measures::needs_earlier(&refs, &log, &self.work_week, from, today)
    }

    /// The months of check-ins this view must have read, among the stored ones: every one
    /// from the first month it holds on (all of them when it holds every check-in).
    fn months_needed<'a>(&self, month_ids: &'a [String]) -> impl Iterator<Item = &'a String> {
        let from = self.complete_from.and_then(day_of).map(checkins::month_of);
        month_ids.iter().filter(move |id| {
            checkins::month_of_id(id).is_some_and(|m| from.is_none_or(|f| m >= f))
        })
    }
}

/// The stored form of `view`, read from documents whose stored chunks were `sources`: the
/// workspace and every month of check-ins from the view's first month on.
pub fn encode(view: &TodayView, sources: &[(String, Vec<ChunkKey>)]) -> Vec<u8> {
    #[derive(Serialize)]
    struct StoredRef<'s> {
        version: u32,
        sources: Vec<(String, Vec<String>)>,
        view: &'s TodayView,
    }
    let sources = sources
        .iter()
        .map(|(id, keys)| (id.clone(), chunk_set(keys)))
        .collect();
    postcard::to_allocvec(&StoredRef {
        version: VERSION,
        sources,
        view,
    })
    .unwrap_or_default()
}

/// The view in `stored`, if this release wrote it and it describes the store as it is: every
/// document it was read from holds exactly the chunks it names (`keys`, every stored chunk's
/// key by document), the registry lists no month of check-ins it should have read and did not
/// (`month_ids`: the registered check-in documents), and it covers `today`. `None` otherwise:
/// the documents must be read.
pub fn decode_if_fresh(
    stored: &[u8],
    month_ids: &[String],
    keys: &BTreeMap<String, Vec<ChunkKey>>,
    today: NaiveDate,
) -> Option<TodayView> {
    let (version, _) = postcard::take_from_bytes::<u32>(stored).ok()?;
    if version != VERSION {
        return None;
    }
    let s: Stored = postcard::from_bytes(stored).ok()?;
    if !s.sources.iter().any(|(id, _)| *id == s.view.workspace_id) {
        return None;
    }
    let unchanged = s
        .sources
        .iter()
        .all(|(id, set)| !set.is_empty() && keys.get(id).map(chunk_set).as_ref() == Some(set));
    let every_month = s
        .view
        .months_needed(month_ids)
        .all(|id| s.sources.iter().any(|(s, _)| s == id));
    (unchanged && every_month && s.view.covers(today)).then_some(s.view)
}

#[cfg(test)]
mod tests;
