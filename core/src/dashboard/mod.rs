//! The leader's dashboard and the employee's own view (R6.1): the practices at a glance, each
//! figure with its trend over the last [`WEEKS`] weeks, and what needs attention today.
//!
//! Pure and computed, never stored: the app hands in the roster, the check-ins and the
//! hydrated shared documents it has, and gets back numbers, trends and links. Performance
//! plans add review readiness (R4.7, R4.8); team objectives, not built yet, will add their
//! figures once they exist; until then nothing stands in for them.
//!
//! Week `k` of a trend ends on `today - 7 * (WEEKS - 1 - k)` days, so the last point is "the
//! seven days up to today" and every point covers a whole week.

use std::collections::{BTreeMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::domain::development::DevelopmentPlan;
use crate::domain::one_on_one::OneOnOne;
use crate::domain::one_on_one::CADENCE_DAYS;
use crate::domain::one_on_one::{Section, Side};
use crate::domain::performance::PerformancePlan;
use crate::domain::team::TeamObjectives;
use crate::domain::{CheckIn, Person, WorkWeek};
use crate::measures::one_on_one::{self as oo_measures, ActionsByOwner, Adherence};
use crate::measures::{self, ConnectionLog};
use crate::rules::development::{self as plan_rules, Cadence};
use crate::rules::performance::{self as review_rules, Readiness};
use crate::rules::team as team_rules;

/// How many weeks each trend covers.
pub const WEEKS: usize = 12;

/// A plan with no activity for this many days is not fresh (R6.1 "IDP freshness").
pub const STALE_PLAN_DAYS: i64 = 90;

/// One figure over the last [`WEEKS`] weeks, oldest first; `None` where nothing was expected
/// (nobody on the team, no series yet).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trend {
    pub points: Vec<Option<f64>>,
}

impl Trend {
    pub fn last(&self) -> Option<f64> {
        self.points.last().copied().flatten()
    }

    /// Last value minus the first known one (for "up 12 points since …").
    pub fn change(&self) -> Option<f64> {
        let first = self.points.iter().copied().flatten().next()?;
        Some(self.last()? - first)
    }
}

/// Where a person's shared documents are, for links and drill-down.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonDocs<'a> {
    pub series: Option<(&'a str, &'a OneOnOne)>,
    pub plan: Option<(&'a str, &'a DevelopmentPlan)>,
    pub review: Option<(&'a str, &'a PerformancePlan)>,
    /// Some of this person's documents are still being read: what is missing is unknown, not
    /// absent (no "none held yet" for a series that simply is not read yet).
    pub loading: bool,
}

/// What the leader's dashboard is computed from.
pub struct TeamInputs<'a> {
    pub today: NaiveDate,
    pub now: NaiveDateTime,
    pub week: &'a WorkWeek,
    /// R1.4: flag someone not connected with for this many working days.
    pub flag_after_days: u32,
    /// The roster (archived people included: they count only while active).
    pub people: Vec<&'a Person>,
    pub checkins: Vec<&'a CheckIn>,
    /// Shared documents by roster person id.
    pub docs: BTreeMap<String, PersonDocs<'a>>,
    /// The team-objectives document I lead (Goal 2), if any: its metrics meeting.
    pub team: Option<(&'a str, &'a TeamObjectives)>,
}

/// The 1:1 figures of one pair.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesFigures {
    pub doc_id: String,
    pub adherence: Adherence,
    /// Held-or-not per two-week period, the last [`WEEKS`] / 2 periods, oldest first.
    pub periods: Vec<Option<bool>>,
    pub actions: ActionsByOwner,
    pub next_meeting: Option<NaiveDateTime>,
    /// No 1:1 held or planned within the cadence (R3.1): one is due.
    pub due: bool,
    pub awaiting_record: usize,
    /// R5.4: held 1:1s (since the plan exists) with no development-plan check written.
    pub checks_missing: Vec<NaiveDate>,
}

/// The development-plan figures of one person.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFigures {
    pub doc_id: String,
    pub freshness_days: i64,
    pub cadence: Cadence,
}

/// The performance-plan figures of one person: where the next review stands (R4.7, R4.8).
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewFigures {
    pub doc_id: String,
    pub readiness: Readiness,
    pub acknowledged: bool,
}

impl ReviewFigures {
    /// The review's preparation has started (R4.8) and something is still missing.
    pub fn to_prepare(&self, today: NaiveDate) -> bool {
        let r = &self.readiness;
        today >= r.prepare_on && !r.shared && !r.ready() && r.metrics > 0
    }

    /// What is still missing, in words ("2 results to record and the self-assessment").
    pub fn missing(&self) -> String {
        let r = &self.readiness;
        let mut parts = Vec::new();
        match r.results_missing {
            0 => {}
            1 => parts.push("1 result to record".to_string()),
            n => parts.push(format!("{n} results to record")),
        }
        if r.self_assessed < r.metrics {
            parts.push("the self-assessment".to_string());
        }
        parts.join(" and ")
    }
}

/// The review figures of a plan on `today`.
pub fn review_figures(doc_id: &str, plan: &PerformancePlan, today: NaiveDate) -> ReviewFigures {
    ReviewFigures {
        doc_id: doc_id.to_string(),
        readiness: review_rules::readiness(plan, today),
        acknowledged: plan.acknowledged_on.is_some(),
    }
}

/// One person's row of small multiples.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonFigures {
    pub person_id: String,
    pub name: String,
    pub role_title: String,
    pub days_without_contact: u32,
    pub flagged: bool,
    /// Share of their working days with a check-in, per week.
    pub connection: Trend,
    pub series: Option<SeriesFigures>,
    pub plan: Option<PlanFigures>,
    pub review: Option<ReviewFigures>,
    /// Their documents are still being read (see [`PersonDocs::loading`]).
    pub loading: bool,
}

/// Something to act on today, with the place to act.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Attention {
    NotConnected {
        person_id: String,
        name: String,
        working_days: u32,
    },
    OverdueAction {
        series_id: String,
        name: String,
        owner: Side,
        due: NaiveDate,
        text: String,
    },
    OneOnOneToRecord {
        series_id: String,
        name: String,
        when: NaiveDateTime,
    },
    OneOnOneDue {
        name: String,
        /// `None`: no series yet (start one).
        series_id: Option<String>,
        person_id: String,
        last_held: Option<NaiveDate>,
    },
    InDepthOverdue {
        plan_id: String,
        name: String,
        days_overdue: i64,
    },
    CheckMissing {
        series_id: String,
        name: String,
        meeting_day: NaiveDate,
    },
    /// R4.8: a review's preparation has started and results or the self-assessment are missing.
    ReviewToPrepare {
        plan_id: String,
        name: String,
        due: NaiveDate,
        missing: String,
    },
    /// R2.4: an occurrence of the metrics meeting is not recorded as held or missed (flagged
    /// from the next day).
    MeetingToRecord { team_id: String, date: NaiveDate },
    /// R2.4: KPIs without a value since the last metrics meeting.
    StaleKpis { team_id: String, count: usize },
}

/// A past day in an attention item ("6 Oct 2026"): it may lie in another year, unlike the
/// coming days the other items name ("26 Nov").
fn long_day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

impl Attention {
    /// One sentence for the list (no rule ids: people read this).
    pub fn message(&self) -> String {
        match self {
            Attention::NotConnected {
                name, working_days, ..
            } => format!(
                "{name}: no check-in for {working_days} working day{}",
                plural(*working_days as i64)
            ),
            Attention::OverdueAction {
                name,
                owner,
                due,
                text,
                ..
            } => {
                // Which 1:1s an action of mine belongs to is not in its words: name them.
                match owner {
                    Side::Leader => format!(
                        "Overdue since {}: your action “{text}” (1:1s with {name})",
                        long_day(*due)
                    ),
                    Side::Employee => {
                        format!("Overdue since {}: {name}'s action “{text}”", long_day(*due))
                    }
                }
            }
            Attention::OneOnOneToRecord { name, when, .. } => format!(
                "1:1 with {name} on {} is not recorded as held or missed",
                when.format("%-d %b")
            ),
            Attention::OneOnOneDue {
                name, last_held, ..
            } => match last_held {
                Some(d) => format!("1:1 with {name} is due: the last was on {}", long_day(*d)),
                None => format!("1:1 with {name} is due: none held yet"),
            },
            Attention::InDepthOverdue {
                name, days_overdue, ..
            } => format!(
                "In-depth development talk with {name} is {days_overdue} day{} overdue",
                plural(*days_overdue)
            ),
            Attention::CheckMissing {
                name, meeting_day, ..
            } => format!(
                "1:1 with {name} on {} has no development-plan check",
                long_day(*meeting_day)
            ),
            Attention::ReviewToPrepare {
                name, due, missing, ..
            } => format!(
                "Review of {name} on {}: still {missing}",
                due.format("%-d %b")
            ),
            Attention::MeetingToRecord { date, .. } => format!(
                "The metrics meeting of {} is not recorded as held or missed",
                date.format("%a %-d %b")
            ),
            Attention::StaleKpis { count, .. } => format!(
                "{count} KPI{} without a value since the last metrics meeting",
                plural(*count as i64)
            ),
        }
    }
}

fn plural(n: i64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The leader's dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamDashboard {
    /// Last day of each trend week, oldest first.
    pub week_ends: Vec<NaiveDate>,
    pub connection: Trend,
    pub streak: u32,
    /// Share of series with a 1:1 held in the two weeks up to each week's end (R3.6).
    pub adherence: Trend,
    /// Open actions at each week's end: mine and theirs (R3.5).
    pub my_open_actions: Trend,
    pub their_open_actions: Trend,
    pub overdue_actions: Trend,
    /// Share of plans with activity within [`STALE_PLAN_DAYS`] at each week's end.
    pub fresh_plans: Trend,
    /// R2.4: share of the metrics meeting's occurrences in each week recorded as held; no
    /// points without a team document or a cadence.
    pub meetings_held: Trend,
    pub people: Vec<PersonFigures>,
    pub attention: Vec<Attention>,
    /// People whose documents are still being read: the figures are partial until it is 0.
    pub loading: usize,
}

/// The earliest day the dashboard's check-in figures read (the first trend week's first day),
/// whatever anyone's last check-in: the months of check-ins it opens start here, and earlier
/// ones are opened only if `measures::needs_earlier` says so (issue 11).
pub fn checkin_reach(today: NaiveDate) -> NaiveDate {
    today - Duration::days(7 * WEEKS as i64 - 1)
}

/// The last day of each of the [`WEEKS`] trend weeks, oldest first.
pub fn week_ends(today: NaiveDate) -> Vec<NaiveDate> {
    (0..WEEKS)
        .rev()
        .map(|k| today - Duration::days(7 * k as i64))
        .collect()
}

/// Held 1:1s with a development-plan check written in them (R5.4: that is the plan's short
/// check; the series and the plan are separate documents, so it is joined here).
pub fn checks_in_one_on_ones(series: &OneOnOne) -> Vec<(String, NaiveDate)> {
    series
        .held_meetings()
        .into_iter()
        .filter(|m| !m.text(Section::IdpCheck).trim().is_empty())
        .map(|m| (m.id.clone(), m.date()))
        .collect()
}

/// R5.4 closed across documents: held 1:1s since the plan exists that have neither a check
/// written in the 1:1 nor a check discussion logged on the plan, oldest first.
pub fn checks_missing(series: &OneOnOne, plan: &DevelopmentPlan) -> Vec<NaiveDate> {
    // Sets, not lists: five years of biweekly 1:1s against each other was a visible part of
    // the dashboard's time at 50 people.
    let logged: HashSet<&str> = plan
        .discussions
        .values()
        .filter_map(|d| d.one_on_one_id.as_deref())
        .collect();
    let mut out: Vec<NaiveDate> = series
        .held_meetings()
        .into_iter()
        .filter(|m| m.date() >= plan.created_on)
        .filter(|m| m.text(Section::IdpCheck).trim().is_empty())
        .filter(|m| !logged.contains(m.id.as_str()))
        .map(|m| m.date())
        .collect();
    out.sort();
    out
}

/// R5.4: the plan's cadence, counting a check written in a 1:1 as the plan's short check.
pub fn cadence_with_series(
    plan: &DevelopmentPlan,
    series: Option<&OneOnOne>,
    today: NaiveDate,
) -> Cadence {
    let mut c = plan_rules::in_depth_cadence(plan, today);
    let in_series = series
        .map(checks_in_one_on_ones)
        .unwrap_or_default()
        .into_iter()
        .map(|(_, d)| d)
        .filter(|d| *d <= today)
        .max();
    c.last_check = c.last_check.max(in_series);
    c
}

/// The figures of one pair's series on `now`.
pub fn series_figures(
    doc_id: &str,
    series: &OneOnOne,
    plan: Option<&DevelopmentPlan>,
    now: NaiveDateTime,
) -> SeriesFigures {
    let today = now.date();
    let summary = oo_measures::summary(series, now);
    let mut periods: Vec<Option<bool>> = oo_measures::periods(series, today)
        .into_iter()
        .map(|p| (!p.current || p.held).then_some(p.held))
        .collect();
    let keep = WEEKS / 2;
    if periods.len() > keep {
        periods.drain(..periods.len() - keep);
    }
    while periods.len() < keep {
        periods.insert(0, None);
    }
    let last_held = series.held_meetings().iter().map(|m| m.date()).max();
    let recent_held = last_held.is_some_and(|d| (today - d).num_days() < CADENCE_DAYS);
    let due = !recent_held && summary.next_meeting.is_none() && summary.awaiting_record == 0;
    SeriesFigures {
        doc_id: doc_id.to_string(),
        adherence: summary.adherence,
        periods,
        actions: summary.actions,
        next_meeting: summary.next_meeting,
        due,
        awaiting_record: summary.awaiting_record,
        checks_missing: plan.map(|p| checks_missing(series, p)).unwrap_or_default(),
    }
}

/// The figures of one plan on `today`.
pub fn plan_figures(
    doc_id: &str,
    plan: &DevelopmentPlan,
    series: Option<&OneOnOne>,
    today: NaiveDate,
) -> PlanFigures {
    PlanFigures {
        doc_id: doc_id.to_string(),
        freshness_days: plan_rules::freshness(plan, today).days,
        cadence: cadence_with_series(plan, series, today),
    }
}

fn ratio(num: u32, den: u32) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// An action's life as the trends read it: who owns it, the day it was added, due and done.
struct ActionSpan {
    owner: Side,
    added: NaiveDate,
    due: NaiveDate,
    done_on: Option<NaiveDate>,
}

impl ActionSpan {
    /// Every action of `series`, its added day converted once (not once per week and trend).
    fn all(series: &OneOnOne) -> Vec<ActionSpan> {
        series
            .actions
            .values()
            .map(|a| ActionSpan {
                owner: a.owner,
                added: chrono::DateTime::from_timestamp_millis(a.added_at_ms)
                    .map(|t| t.date_naive())
                    .unwrap_or(NaiveDate::MIN),
                due: a.due,
                done_on: a.done_on,
            })
            .collect()
    }
}

/// Open actions of `owner` (or everyone's, `None`) at the end of `day`; `overdue` counts only
/// those already past their due date then.
fn open_at(actions: &[ActionSpan], day: NaiveDate, owner: Option<Side>, overdue: bool) -> u32 {
    actions
        .iter()
        .filter(|a| owner.is_none_or(|o| a.owner == o))
        .filter(|a| {
            a.added <= day && a.done_on.is_none_or(|d| d > day) && (!overdue || a.due < day)
        })
        .count() as u32
}

/// The leader's dashboard on `inputs.today`.
pub fn team(inputs: &TeamInputs) -> TeamDashboard {
    let today = inputs.today;
    let ends = week_ends(today);
    let log = ConnectionLog::new(inputs.checkins.iter().copied());
    let active: Vec<&Person> = inputs
        .people
        .iter()
        .copied()
        .filter(|p| p.active_on(today))
        .collect();

    let week_coverage = |people: &[&Person], end: NaiveDate| {
        let c = measures::coverage(people, &log, inputs.week, end - Duration::days(6), end);
        c.ratio()
    };
    let connection = Trend {
        points: ends
            .iter()
            .map(|e| week_coverage(&inputs.people, *e))
            .collect(),
    };

    // Series and plans of people on the team today, with their names.
    let mut people = Vec::new();
    let mut attention = Vec::new();
    for p in &active {
        let docs = inputs.docs.get(&p.id).copied().unwrap_or_default();
        let without = measures::working_days_without_contact(p, &log, inputs.week, today);
        let flagged = without >= inputs.flag_after_days;
        if flagged {
            attention.push(Attention::NotConnected {
                person_id: p.id.clone(),
                name: p.name.clone(),
                working_days: without,
            });
        }
        let series = docs
            .series
            .map(|(id, s)| series_figures(id, s, docs.plan.map(|x| x.1), inputs.now));
        let plan = docs
            .plan
            .map(|(id, pl)| plan_figures(id, pl, docs.series.map(|x| x.1), today));
        match (&series, docs.series) {
            (Some(f), Some((id, s))) => {
                for a in s.open_actions().into_iter().filter(|a| a.is_overdue(today)) {
                    attention.push(Attention::OverdueAction {
                        series_id: id.to_string(),
                        name: p.name.clone(),
                        owner: a.owner,
                        due: a.due,
                        text: a.text.clone(),
                    });
                }
                for m in oo_measures::awaiting_record(s, inputs.now) {
                    attention.push(Attention::OneOnOneToRecord {
                        series_id: id.to_string(),
                        name: p.name.clone(),
                        when: m.scheduled_for,
                    });
                }
                if f.due {
                    attention.push(Attention::OneOnOneDue {
                        name: p.name.clone(),
                        series_id: Some(id.to_string()),
                        person_id: p.id.clone(),
                        last_held: s.held_meetings().iter().map(|m| m.date()).max(),
                    });
                }
                if let Some(day) = f.checks_missing.last() {
                    attention.push(Attention::CheckMissing {
                        series_id: id.to_string(),
                        name: p.name.clone(),
                        meeting_day: *day,
                    });
                }
            }
            _ if docs.loading => {}
            _ => attention.push(Attention::OneOnOneDue {
                name: p.name.clone(),
                series_id: None,
                person_id: p.id.clone(),
                last_held: None,
            }),
        }
        let review = docs.review.map(|(id, r)| review_figures(id, r, today));
        if let Some(r) = review.as_ref().filter(|r| r.to_prepare(today)) {
            attention.push(Attention::ReviewToPrepare {
                plan_id: r.doc_id.clone(),
                name: p.name.clone(),
                due: r.readiness.due,
                missing: r.missing(),
            });
        }
        if let Some(f) = plan.as_ref().filter(|f| f.cadence.overdue) {
            attention.push(Attention::InDepthOverdue {
                plan_id: f.doc_id.clone(),
                name: p.name.clone(),
                days_overdue: f.cadence.days_overdue,
            });
        }
        people.push(PersonFigures {
            person_id: p.id.clone(),
            name: p.name.clone(),
            role_title: p.role_title.clone(),
            days_without_contact: without,
            flagged,
            connection: Trend {
                points: ends.iter().map(|e| week_coverage(&[*p], *e)).collect(),
            },
            series,
            plan,
            review,
            loading: docs.loading,
        });
    }

    let all_series: Vec<&OneOnOne> = active
        .iter()
        .filter_map(|p| inputs.docs.get(&p.id)?.series.map(|s| s.1))
        .collect();
    let all_plans: Vec<&DevelopmentPlan> = active
        .iter()
        .filter_map(|p| inputs.docs.get(&p.id)?.plan.map(|s| s.1))
        .collect();
    let per_week = |f: &dyn Fn(NaiveDate) -> Option<f64>| Trend {
        points: ends.iter().map(|e| f(*e)).collect(),
    };
    // Each series' start and held days, read once for the twelve weeks.
    let held_days: Vec<(NaiveDate, Vec<NaiveDate>)> = all_series
        .iter()
        .map(|s| {
            let days = s.held_meetings().iter().map(|m| m.date()).collect();
            (oo_measures::series_start(s), days)
        })
        .collect();
    let adherence = per_week(&|end| {
        let window = end - Duration::days(CADENCE_DAYS - 1);
        let started = held_days.iter().filter(|(start, _)| *start <= window);
        let held = started
            .clone()
            .filter(|(_, days)| days.iter().any(|d| *d >= window && *d <= end))
            .count();
        ratio(held as u32, started.count() as u32)
    });
    let spans: Vec<Vec<ActionSpan>> = all_series.iter().map(|s| ActionSpan::all(s)).collect();
    let count = |owner: Option<Side>, overdue: bool| {
        per_week(&|end| {
            (!spans.is_empty()).then(|| {
                spans
                    .iter()
                    .map(|a| open_at(a, end, owner, overdue))
                    .sum::<u32>() as f64
            })
        })
    };
    let fresh_plans = per_week(&|end| {
        let existing: Vec<&&DevelopmentPlan> =
            all_plans.iter().filter(|p| p.created_on <= end).collect();
        let fresh = existing
            .iter()
            .filter(|p| plan_rules::freshness(p, end).days <= STALE_PLAN_DAYS)
            .count();
        ratio(fresh as u32, existing.len() as u32)
    });
    let meetings_held = Trend {
        points: ends
            .iter()
            .map(|e| {
                let (_, t) = inputs.team?;
                let c = t.cadence.as_ref()?;
                // Today's occurrence may still be ahead: only days up to yesterday count.
                let last = (*e).min(today - Duration::days(1));
                let days = team_rules::occurrences(c, inputs.week, *e - Duration::days(6), last);
                let held = days
                    .iter()
                    .filter(|d| t.meeting_on(**d).is_some_and(|m| m.outcome.is_held()))
                    .count();
                ratio(held as u32, days.len() as u32)
            })
            .collect(),
    };
    if let Some((team_id, t)) = inputs.team {
        let unrecorded = team_rules::unrecorded(t, inputs.week, today);
        for date in unrecorded.iter().rev().take(3) {
            attention.push(Attention::MeetingToRecord {
                team_id: team_id.to_string(),
                date: *date,
            });
        }
        let stale = team_rules::measures(t, inputs.week, today).stale_kpis.len();
        if stale > 0 && t.cadence.is_some() {
            attention.push(Attention::StaleKpis {
                team_id: team_id.to_string(),
                count: stale,
            });
        }
    }
    attention.sort_by_key(attention_order);
    TeamDashboard {
        meetings_held,
        week_ends: ends.clone(),
        streak: measures::streak(&active, &log, inputs.week, today),
        connection,
        adherence,
        my_open_actions: count(Some(Side::Leader), false),
        their_open_actions: count(Some(Side::Employee), false),
        overdue_actions: count(None, true),
        fresh_plans,
        loading: people.iter().filter(|p| p.loading).count(),
        people,
        attention,
    }
}

/// Most urgent first: whom I have not connected with, then what is overdue, then what is due.
fn attention_order(a: &Attention) -> (u8, String) {
    match a {
        Attention::NotConnected {
            name, working_days, ..
        } => (0, format!("{:06}{name}", 999_999 - working_days)),
        Attention::OverdueAction { due, name, .. } => (1, format!("{due}{name}")),
        Attention::OneOnOneToRecord { when, .. } => (2, when.to_string()),
        Attention::OneOnOneDue { name, .. } => (3, name.clone()),
        Attention::InDepthOverdue { name, .. } => (4, name.clone()),
        Attention::CheckMissing { name, .. } => (5, name.clone()),
        Attention::ReviewToPrepare { due, name, .. } => (6, format!("{due}{name}")),
        Attention::MeetingToRecord { date, .. } => (2, date.to_string()),
        Attention::StaleKpis { .. } => (7, String::new()),
    }
}

/// The employee's own view: my series with my leader, my plan.
#[derive(Debug, Clone, PartialEq)]
pub struct MyView {
    pub leader_name: String,
    pub series: Option<SeriesFigures>,
    pub plan: Option<PlanFigures>,
    /// My performance plan: my next review and what it still needs.
    pub review: Option<ReviewFigures>,
    /// Open actions I own, soonest due first: (text, due, overdue).
    pub my_actions: Vec<(String, NaiveDate, bool)>,
    /// The team KPIs I record the values of ([`my_kpis`], filled by the caller: they live in
    /// the team documents I am a member of, not in my pair's documents).
    pub kpis: Vec<OwnedKpi>,
}

/// A team KPI I own (R2.2), for my view: where it stands and whether the team still waits for
/// my value.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnedKpi {
    pub team_id: String,
    pub team_name: String,
    pub name: String,
    pub unit: String,
    pub target: f64,
    pub trend: team_rules::Trend,
    /// No value since the last metrics meeting (R2.4): the team waits for mine.
    pub stale: bool,
}

/// The KPIs of `team` that `my_id` owns, by name.
pub fn my_kpis(
    team_id: &str,
    team: &TeamObjectives,
    my_id: &str,
    week: &WorkWeek,
    today: NaiveDate,
) -> Vec<OwnedKpi> {
    let stale = team_rules::measures(team, week, today).stale_kpis;
    let mut out: Vec<OwnedKpi> = team
        .kpis
        .values()
        .filter(|k| k.owner_id == my_id)
        .map(|k| OwnedKpi {
            team_id: team_id.to_string(),
            team_name: team.team_name.clone(),
            name: k.name.clone(),
            unit: k.unit.clone(),
            target: k.target,
            trend: team_rules::trend(k),
            stale: stale.contains(&k.id),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The employee's view of their own documents on `now`.
pub fn my_view(
    leader_name: &str,
    series: Option<(&str, &OneOnOne)>,
    plan: Option<(&str, &DevelopmentPlan)>,
    review: Option<(&str, &PerformancePlan)>,
    now: NaiveDateTime,
) -> MyView {
    let today = now.date();
    let mut my_actions: Vec<(String, NaiveDate, bool)> = series
        .map(|(_, s)| {
            s.open_actions()
                .into_iter()
                .filter(|a| a.owner == Side::Employee)
                .map(|a| (a.text.clone(), a.due, a.is_overdue(today)))
                .collect()
        })
        .unwrap_or_default();
    my_actions.sort_by_key(|(_, due, _)| *due);
    MyView {
        leader_name: leader_name.to_string(),
        series: series.map(|(id, s)| series_figures(id, s, plan.map(|p| p.1), now)),
        plan: plan.map(|(id, p)| plan_figures(id, p, series.map(|s| s.1), today)),
        review: review.map(|(id, r)| review_figures(id, r, today)),
        my_actions,
        kpis: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
