//! Summaries: what the dashboard reads of each shared document, kept beside its chunks so that
//! the dashboard (R6.1) never loads fifty 1:1 series, plans and reviews to show their figures
//! (issue 14: under 300 ms at 50 people × 5 years; loading those documents takes seconds).
//!
//! A summary is the document hydrated and then trimmed of what no figure reads: the prose of
//! 1:1s, plans and reviews, the text of closed actions, feedback and cases, questions, and all
//! but the latest values of each KPI. It is postcard (compact serde), which the browser decodes
//! in milliseconds, where hydrating the Automerge document takes tens or hundreds.
//!
//! **Fresh or not.** A summary records the chunks its document was read from (their keys are
//! content hashes, so the set names the stored bytes exactly, the way heads name a state). It
//! is used only while the store holds exactly those chunks: a chunk written since (another
//! tab, an import, a crash before the summary was rewritten) or a compaction makes it stale,
//! and the app reads the document itself, then writes a new summary. A summary is written only
//! from a document with nothing unsaved, so it never describes changes the store lacks. A
//! stale or unreadable summary costs time, never a wrong figure; a summary written by another
//! release ([`VERSION`]) is stale too.
//!
//! The test that matters: the dashboard computed from summaries equals the dashboard computed
//! from the documents (`bench/tests/summaries.rs`, on a generated workspace).

use std::collections::BTreeMap;

use automerge::AutoCommit;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::docs::{development_plan, one_on_one, performance_plan, team_objectives, DocError};
use crate::domain::development::DevelopmentPlan;
use crate::domain::one_on_one::OneOnOne;
use crate::domain::performance::PerformancePlan;
use crate::domain::team::TeamObjectives;
use crate::domain::DocKind;
use crate::store::ChunkKey;

/// Bumped whenever what a summary holds changes: older summaries are then recomputed.
pub const VERSION: u32 = 3;

/// What a series summary keeps of a written development-plan check.
pub const CHECK_WRITTEN: &str = "✓";

/// How many of each KPI's latest values a summary keeps: the dashboard asks only whether a KPI
/// has a value since the last metrics meeting.
pub const KPI_VALUES_KEPT: usize = 3;

/// One document's summary, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Summary {
    OneOnOne(OneOnOne),
    DevelopmentPlan(DevelopmentPlan),
    PerformancePlan(PerformancePlan),
    TeamObjectives(TeamObjectives),
}

/// A summary as stored: the release that wrote it, the chunks it was read from, and the day
/// it was written (it serves that day and later ones: see [`prune`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    version: u32,
    chunks: Vec<String>,
    as_of: NaiveDate,
    summary: Summary,
}

/// A closed action counts in the trends only while it was open during one of their weeks: one
/// closed more than this many days before a summary's day never counts on that day or later.
pub const CLOSED_ACTIONS_KEPT_DAYS: i64 = 7 * crate::dashboard::WEEKS as i64 + 7;

/// What a summary written on `as_of` needs of `summary` for that day and every later one: a
/// series drops the actions closed before its trends' reach (at 50 people × 5 years, nine in
/// ten of its actions).
fn prune(summary: &Summary, as_of: NaiveDate) -> std::borrow::Cow<'_, Summary> {
    match summary {
        Summary::OneOnOne(s) => {
            let before = as_of - chrono::Duration::days(CLOSED_ACTIONS_KEPT_DAYS);
            let mut s = s.clone();
            s.actions
                .retain(|_, a| a.done_on.is_none_or(|d| d >= before));
            std::borrow::Cow::Owned(Summary::OneOnOne(s))
        }
        other => std::borrow::Cow::Borrowed(other),
    }
}

/// The summary of a loaded document, of the kind its metadata names; `None` for kinds the
/// dashboard does not read (the workspace is open anyway).
pub fn summarise(doc: &AutoCommit) -> Result<Option<Summary>, DocError> {
    Ok(match crate::docs::meta(doc)?.kind {
        DocKind::OneOnOne => Some(Summary::of_series(one_on_one::load_outline(doc)?)),
        DocKind::DevelopmentPlan => Some(Summary::of_plan(development_plan::load(doc)?)),
        DocKind::PerformancePlan => Some(Summary::of_review(performance_plan::load(doc)?)),
        DocKind::TeamObjectives => Some(Summary::of_team(team_objectives::load(doc)?)),
        _ => None,
    })
}

impl Summary {
    /// A series from its outline (no topics, no section text), trimmed further of what no
    /// figure reads: a closed action's text, author and meeting (only open actions are quoted
    /// or carried over), who proposed a past 1:1, and the words of a development-plan check
    /// (R5.4 asks only whether one was written: a mark stands for it). At 50 people × 5 years
    /// these were half of every series' summary.
    pub fn of_series(mut s: OneOnOne) -> Summary {
        for a in s.actions.values_mut().filter(|a| !a.is_open()) {
            a.text.clear();
            a.added_by.clear();
            a.meeting_id.clear();
        }
        for m in s.meetings.values_mut() {
            if !m.status.is_planned() {
                m.proposed_by.clear();
            }
            if !m.idp_check.as_str().trim().is_empty() {
                m.idp_check = CHECK_WRITTEN.into();
            }
        }
        Summary::OneOnOne(s)
    }

    /// A development plan without its prose (goal descriptions, priorities, discussion
    /// notes, comments' text); every date its freshness and cadence read is kept.
    pub fn of_plan(mut p: DevelopmentPlan) -> Summary {
        p.priorities = Default::default();
        for g in p.goals.values_mut() {
            g.description = Default::default();
        }
        for d in p.discussions.values_mut() {
            d.notes = Default::default();
        }
        for c in p.comments.values_mut() {
            c.text.clear();
        }
        Summary::DevelopmentPlan(p)
    }

    /// A performance plan with its metrics, results, self-ratings and which reviews exist;
    /// without feedback, cases, review texts and comments (no figure reads them).
    pub fn of_review(mut p: PerformancePlan) -> Summary {
        p.feedback.clear();
        p.cases.clear();
        p.comments.clear();
        for r in p.reviews.values_mut() {
            r.summary = Default::default();
        }
        Summary::PerformancePlan(p)
    }

    /// The team's objectives without questions and with each KPI's latest values only.
    pub fn of_team(mut t: TeamObjectives) -> Summary {
        t.questions.clear();
        for k in t.kpis.values_mut() {
            let mut by_date: Vec<(chrono::NaiveDate, String)> =
                k.values.values().map(|v| (v.date, v.id.clone())).collect();
            by_date.sort();
            let keep: Vec<String> = by_date
                .into_iter()
                .rev()
                .take(KPI_VALUES_KEPT)
                .map(|(_, id)| id)
                .collect();
            k.values.retain(|id, _| keep.contains(id));
        }
        Summary::TeamObjectives(t)
    }
}

/// A document kind with a summary: how its hydrated value becomes one, and back.
pub trait Summarised: Sized {
    fn into_summary(self) -> Summary;
    /// The value in `summary`, if it is of this kind.
    fn from_summary(summary: Summary) -> Option<Self>;
}

macro_rules! summarised {
    ($t:ty, $variant:ident, $trim:ident) => {
        impl Summarised for $t {
            fn into_summary(self) -> Summary {
                Summary::$trim(self)
            }
            fn from_summary(summary: Summary) -> Option<Self> {
                match summary {
                    Summary::$variant(v) => Some(v),
                    _ => None,
                }
            }
        }
    };
}

summarised!(OneOnOne, OneOnOne, of_series);
summarised!(DevelopmentPlan, DevelopmentPlan, of_plan);
summarised!(PerformancePlan, PerformancePlan, of_review);
summarised!(TeamObjectives, TeamObjectives, of_team);

/// The chunk set a summary (or Today's view, `crate::today_view`) is keyed by: `kind/chunk
/// id`, sorted.
pub(crate) fn chunk_set<'a>(keys: impl IntoIterator<Item = &'a ChunkKey>) -> Vec<String> {
    let mut v: Vec<String> = keys
        .into_iter()
        .map(|k| format!("{}/{}", k.kind.as_str(), k.chunk_id))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The stored form of `summary`, read from a document whose stored chunks are `chunks`, for
/// use on `as_of` (today) and later days.
pub fn encode<'a>(
    summary: &Summary,
    chunks: impl IntoIterator<Item = &'a ChunkKey>,
    as_of: NaiveDate,
) -> Vec<u8> {
    #[derive(Serialize)]
    struct StoredRef<'s> {
        version: u32,
        chunks: Vec<String>,
        as_of: NaiveDate,
        summary: &'s Summary,
    }
    postcard::to_allocvec(&StoredRef {
        version: VERSION,
        chunks: chunk_set(chunks),
        as_of,
        summary: &prune(summary, as_of),
    })
    .unwrap_or_default()
}

/// The summary in `stored` if it was written by this release, the store holds exactly the
/// chunks it was read from (`chunks`, the document's keys now) and `today` is not before the
/// day it was written for; `None` when it is stale or unreadable, and the document must be
/// read instead.
pub fn decode_if_fresh<'a>(
    stored: &[u8],
    chunks: impl IntoIterator<Item = &'a ChunkKey>,
    today: NaiveDate,
) -> Option<Summary> {
    // The version comes first: a summary of another release is not decoded at all.
    let (version, _) = postcard::take_from_bytes::<u32>(stored).ok()?;
    if version != VERSION {
        return None;
    }
    let s: Stored = postcard::from_bytes(stored).ok()?;
    (!s.chunks.is_empty() && s.chunks == chunk_set(chunks) && today >= s.as_of).then_some(s.summary)
}

/// Stored chunk keys grouped by document, as the app reads them all at once.
pub fn keys_by_doc(keys: Vec<ChunkKey>) -> BTreeMap<String, Vec<ChunkKey>> {
    let mut out: BTreeMap<String, Vec<ChunkKey>> = BTreeMap::new();
    for k in keys {
        out.entry(k.doc_id.clone()).or_default().push(k);
    }
    out
}

#[cfg(test)]
mod tests;
