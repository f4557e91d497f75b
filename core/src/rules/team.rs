//! Team-objectives rules (Goal 2): objectives written as SMART goals (R2.1), KPIs that are
//! measured and within their owner's control, goals aligned to organisational priorities
//! (R2.2), the metrics meeting's cadence, time box and rotating facilitator (R2.3), and every
//! occurrence recorded, with its measures (R2.4).
//!
//! Every function reads a hydrated [`TeamObjectives`] (and the leader's [`WorkWeek`]) and
//! nothing else, so the rules hold on every member's copy and after any merge.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use super::Finding;
use crate::domain::performance::num;
use crate::domain::team::{Cadence, CadenceKind, Kpi, Objective, TeamObjectives};
use crate::domain::WorkWeek;

/// Above this many unrecorded occurrences, [`team_findings`] says how many instead of listing
/// each one.
pub const LIST_UNRECORDED: usize = 3;

/// R2.1: the SMART check of an objective. Measurable (what is measured, a unit, a baseline and
/// a target that differ), relevant (linked to an existing organisational priority) and
/// time-bound (a deadline) are checked from the fields; specific and achievable are flagged
/// until the author confirms them.
pub fn smart(o: &Objective, team: &TeamObjectives) -> Vec<Finding> {
    let t = &o.title;
    let mut out = Vec::new();
    if !o.specific_confirmed {
        out.push(Finding::flag(
            "R2.1",
            format!(
                "Confirm that “{t}” is specific: it says exactly what will be different, and \
                 for whom."
            ),
        ));
    }
    if o.measure.trim().is_empty() {
        out.push(Finding::flag(
            "R2.1",
            format!("Say what “{t}” measures, so progress is a number and not an opinion."),
        ));
    }
    if o.unit.trim().is_empty() {
        out.push(Finding::flag(
            "R2.1",
            format!("Give the measure of “{t}” a unit (for example “days” or “% of tickets”)."),
        ));
    }
    match (o.baseline, o.target) {
        (None, _) => out.push(Finding::flag(
            "R2.1",
            format!("Give “{t}” a baseline: where the measure stands today."),
        )),
        (Some(_), None) => {}
        (Some(b), Some(x)) if b == x => out.push(Finding::flag(
            "R2.1",
            format!(
                "The baseline and the target of “{t}” are both {}: set a target that differs \
                 from where the team stands.",
                num(b)
            ),
        )),
        _ => {}
    }
    if o.target.is_none() {
        out.push(Finding::flag(
            "R2.1",
            format!("Give “{t}” a target: the value that means success."),
        ));
    }
    if !o.achievable_confirmed {
        out.push(Finding::flag(
            "R2.1",
            format!("Confirm that “{t}” is achievable with the team's time, skills and resources."),
        ));
    }
    if o.priority_id.is_empty() {
        out.push(Finding::flag(
            "R2.1",
            format!("Link “{t}” to an organisational priority: say which one it serves."),
        ));
    } else if !team.priorities.contains_key(&o.priority_id) {
        out.push(Finding::flag(
            "R2.1",
            format!(
                "The priority “{t}” served is no longer listed: link it to an organisational \
                 priority."
            ),
        ));
    }
    if o.deadline.is_none() {
        out.push(Finding::flag(
            "R2.1",
            format!("Give “{t}” a deadline: by when the target is to be reached."),
        ));
    }
    out
}

/// R2.1: an objective is measured by its key results; one without a KPI is flagged.
pub fn objective_without_kpis(o: &Objective) -> Finding {
    Finding::flag(
        "R2.1",
        format!(
            "“{}” has no KPI yet: add the key result that shows the team how it is doing.",
            o.title
        ),
    )
}

/// R2.2: a priority no objective serves.
pub fn priority_without_objectives() -> Finding {
    Finding::flag(
        "R2.2",
        "No team objective serves this priority yet: add one, or say why the team does not \
         contribute to it.",
    )
}

/// R2.2: flags a KPI outside its owner's control (by the author's own answer) or not answered
/// yet, whose owner has left the team, or without any value yet; R2.1: one whose objective's
/// deadline has passed with the target not reached.
pub fn kpi_findings(kpi: &Kpi, team: &TeamObjectives, today: NaiveDate) -> Vec<Finding> {
    let n = &kpi.name;
    let owner = team.name_of(&kpi.owner_id);
    let mut out = Vec::new();
    match kpi.in_control {
        Some(true) => {}
        Some(false) => out.push(Finding::flag(
            "R2.2",
            format!(
                "“{n}” depends on factors outside {owner}'s control: measure something the \
                 owner can move, or keep it only as context."
            ),
        )),
        None => out.push(Finding::flag(
            "R2.2",
            format!(
                "Is “{n}” within {owner}'s control? Answer the question: a KPI the owner \
                 cannot move is flagged."
            ),
        )),
    }
    if !team.is_active(&kpi.owner_id) {
        out.push(Finding::flag(
            "R2.2",
            format!("{owner} is no longer on the team: give “{n}” a new owner."),
        ));
    }
    let latest = team.latest_value(kpi);
    match latest {
        None => out.push(Finding::flag(
            "R2.2",
            format!("“{n}” has no measured value yet: record the first one."),
        )),
        Some(v) => {
            let deadline = team
                .objectives
                .get(&kpi.objective_id)
                .and_then(|o| o.deadline);
            if deadline.is_some_and(|d| d < today) && !reached(kpi, v.value) {
                out.push(Finding::flag(
                    "R2.1",
                    format!(
                        "The deadline of its objective has passed and “{n}” is at {} {}, short \
                         of its target of {}: agree a new deadline or target.",
                        num(v.value),
                        kpi.unit,
                        num(kpi.target)
                    ),
                ));
            }
        }
    }
    out
}

fn reached(kpi: &Kpi, value: f64) -> bool {
    if kpi.higher_is_better() {
        value >= kpi.target
    } else {
        value <= kpi.target
    }
}

/// R2.2: the alignment tree. Each priority with the objectives serving it, each objective with
/// its KPIs; objectives linked to no (existing) priority apart. Every node carries its flags.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    pub priorities: Vec<PriorityNode>,
    /// Objectives linked to no priority, or to one that was removed.
    pub unlinked_objectives: Vec<ObjectiveNode>,
    /// Ids of priorities no objective serves.
    pub priorities_without_objectives: Vec<String>,
    /// Ids of objectives without a KPI.
    pub objectives_without_kpis: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PriorityNode {
    pub id: String,
    pub text: String,
    pub findings: Vec<Finding>,
    pub objectives: Vec<ObjectiveNode>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveNode {
    pub id: String,
    pub title: String,
    /// SMART flags (R2.1), and the lack of a KPI.
    pub findings: Vec<Finding>,
    pub kpis: Vec<KpiNode>,
    /// Individual goals that support this objective (Goal 4: performance-plan metrics whose
    /// `supports` names it). Empty here: the app fills it from the plans it holds.
    pub supports: Vec<SupportNode>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KpiNode {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub owner_id: String,
    pub latest: Option<f64>,
    pub findings: Vec<Finding>,
}

/// An individual goal hanging under a team objective (filled by the app, R2.2).
#[derive(Debug, Clone, PartialEq)]
pub struct SupportNode {
    pub person_id: String,
    pub person_name: String,
    /// The goal or metric, in words.
    pub label: String,
    pub findings: Vec<Finding>,
}

fn objective_node(o: &Objective, team: &TeamObjectives, today: NaiveDate) -> ObjectiveNode {
    let kpis: Vec<KpiNode> = team
        .kpis_of(&o.id)
        .into_iter()
        .map(|k| KpiNode {
            id: k.id.clone(),
            name: k.name.clone(),
            unit: k.unit.clone(),
            owner_id: k.owner_id.clone(),
            latest: team.latest_value(k).map(|v| v.value),
            findings: kpi_findings(k, team, today),
        })
        .collect();
    let mut findings = smart(o, team);
    if kpis.is_empty() {
        findings.push(objective_without_kpis(o));
    }
    ObjectiveNode {
        id: o.id.clone(),
        title: o.title.clone(),
        findings,
        kpis,
        supports: Vec::new(),
    }
}

/// R2.2: builds the [`Alignment`] tree (priorities oldest first, objectives oldest first, KPIs
/// by name).
pub fn alignment(team: &TeamObjectives, today: NaiveDate) -> Alignment {
    let mut out = Alignment {
        priorities: Vec::new(),
        unlinked_objectives: Vec::new(),
        priorities_without_objectives: Vec::new(),
        objectives_without_kpis: Vec::new(),
    };
    for p in team.priorities_in_order() {
        let objectives: Vec<ObjectiveNode> = team
            .objectives_of(&p.id)
            .into_iter()
            .map(|o| objective_node(o, team, today))
            .collect();
        let mut findings = Vec::new();
        if objectives.is_empty() {
            findings.push(priority_without_objectives());
            out.priorities_without_objectives.push(p.id.clone());
        }
        out.priorities.push(PriorityNode {
            id: p.id.clone(),
            text: p.text.clone(),
            findings,
            objectives,
        });
    }
    out.unlinked_objectives = team
        .objectives_in_order()
        .into_iter()
        .filter(|o| !team.priorities.contains_key(&o.priority_id))
        .map(|o| objective_node(o, team, today))
        .collect();
    let all = out
        .priorities
        .iter()
        .flat_map(|p| p.objectives.iter())
        .chain(out.unlinked_objectives.iter());
    out.objectives_without_kpis = all
        .filter(|o| o.kpis.is_empty())
        .map(|o| o.id.clone())
        .collect();
    out
}

/// R2.2 with Goal 4: hangs each person's performance-plan metrics under the team objective they
/// support (picked by id in the metric form). `plans` are `(person id, person name, plan)`;
/// metrics replaced by a development goal no longer count. A metric naming an objective that
/// no longer exists is flagged under the person, so the leader relinks it.
pub fn with_supports(
    mut a: Alignment,
    plans: &[(String, String, crate::domain::performance::PerformancePlan)],
) -> (Alignment, Vec<SupportNode>) {
    let mut orphans = Vec::new();
    for (pid, name, plan) in plans {
        for m in plan.metrics.values() {
            if m.supports_objective.is_empty() || m.replaced_by_goal.is_some() {
                continue;
            }
            let node = SupportNode {
                person_id: pid.clone(),
                person_name: name.clone(),
                label: m.outcome.clone(),
                findings: Vec::new(),
            };
            let target = a
                .priorities
                .iter_mut()
                .flat_map(|p| p.objectives.iter_mut())
                .chain(a.unlinked_objectives.iter_mut())
                .find(|o| o.id == m.supports_objective);
            match target {
                Some(o) => o.supports.push(node),
                None => orphans.push(SupportNode {
                    findings: vec![Finding::flag(
                        "R2.2",
                        format!(
                            "{name}'s metric “{}” supports a team objective that was removed: link it to another one.",
                            m.outcome
                        ),
                    )],
                    ..node
                }),
            }
        }
    }
    for o in a
        .priorities
        .iter_mut()
        .flat_map(|p| p.objectives.iter_mut())
        .chain(a.unlinked_objectives.iter_mut())
    {
        o.supports
            .sort_by(|x, y| (&x.person_name, &x.label).cmp(&(&y.person_name, &y.label)));
    }
    (a, orphans)
}

/// R2.3: whether the meeting takes place on `day`: a daily huddle on every working day of the
/// week, a weekly meeting on its weekday unless that is a day off. Nothing before `starts_on`.
pub fn is_occurrence(cadence: &Cadence, week: &WorkWeek, day: NaiveDate) -> bool {
    if day < cadence.starts_on {
        return false;
    }
    match cadence.kind {
        CadenceKind::Daily => week.is_working_day(day),
        CadenceKind::Weekly => day.weekday() == cadence.weekday() && !week.is_day_off(day),
    }
}

/// R2.3: the occurrences in `from..=to`, oldest first.
pub fn occurrences(
    cadence: &Cadence,
    week: &WorkWeek,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<NaiveDate> {
    let from = from.max(cadence.starts_on);
    if to < from {
        return Vec::new();
    }
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| is_occurrence(cadence, week, *d))
        .collect()
}

/// The next occurrence on or after `from`, looking a year ahead.
pub fn next_occurrence(cadence: &Cadence, week: &WorkWeek, from: NaiveDate) -> Option<NaiveDate> {
    from.max(cadence.starts_on)
        .iter_days()
        .take(366)
        .find(|d| is_occurrence(cadence, week, *d))
}

/// R2.4: occurrences from the cadence's start up to yesterday that have no record. Today's is
/// not flagged until the day is over.
pub fn unrecorded(team: &TeamObjectives, week: &WorkWeek, today: NaiveDate) -> Vec<NaiveDate> {
    let (Some(cadence), Some(yesterday)) = (&team.cadence, today.pred_opt()) else {
        return Vec::new();
    };
    occurrences(cadence, week, cadence.starts_on, yesterday)
        .into_iter()
        .filter(|d| team.meeting_on(*d).is_none())
        .collect()
}

/// R2.4: the metrics meeting's measures.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingMeasures {
    /// Occurrences from the cadence's start up to yesterday, plus any other recorded meeting
    /// up to today (recorded or not).
    pub scheduled: usize,
    pub held: usize,
    /// Missed or cancelled (each with its reason).
    pub missed: usize,
    /// Scheduled occurrences without a record.
    pub unrecorded: usize,
    /// `held / scheduled`, in 0..=1; `None` when nothing was scheduled.
    pub held_rate: Option<f64>,
    /// Average length of the held meetings, in minutes.
    pub average_minutes: Option<f64>,
    /// The cadence's time box (15 or 40 minutes); `None` without a cadence.
    pub time_box: Option<u32>,
    /// Held meetings longer than the time box.
    pub over_time_box: usize,
    /// KPIs with no value dated after the previous held meeting (before today); with no held
    /// meeting yet, KPIs with no value at all. By name.
    pub stale_kpis: Vec<String>,
    /// Share of KPIs that are not stale, in 0..=1; `None` without KPIs.
    pub fresh_share: Option<f64>,
}

/// The latest held meeting before `today`.
pub fn previous_held(team: &TeamObjectives, today: NaiveDate) -> Option<NaiveDate> {
    team.meetings
        .values()
        .filter(|m| m.outcome.is_held() && m.date < today)
        .map(|m| m.date)
        .max()
}

/// R2.4: held rate, average length against the time box, and the share of KPIs updated since
/// the last held meeting.
pub fn measures(team: &TeamObjectives, week: &WorkWeek, today: NaiveDate) -> MeetingMeasures {
    let mut dates: BTreeSet<NaiveDate> = match (&team.cadence, today.pred_opt()) {
        (Some(c), Some(yesterday)) => occurrences(c, week, c.starts_on, yesterday)
            .into_iter()
            .collect(),
        _ => BTreeSet::new(),
    };
    dates.extend(
        team.meetings
            .values()
            .filter(|m| m.date <= today)
            .map(|m| m.date),
    );
    let records: Vec<_> = dates.iter().filter_map(|d| team.meeting_on(*d)).collect();
    let held: Vec<u32> = records
        .iter()
        .filter_map(|r| r.outcome.held_minutes())
        .collect();
    let scheduled = dates.len();
    let time_box = team.cadence.as_ref().map(Cadence::time_box_minutes);
    let last_held = previous_held(team, today);
    let mut kpis: Vec<&Kpi> = team.kpis.values().collect();
    kpis.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    let stale_kpis: Vec<String> = kpis
        .iter()
        .filter(|k| {
            !k.values
                .values()
                .any(|v| last_held.is_none_or(|h| v.date > h))
        })
        .map(|k| k.id.clone())
        .collect();
    MeetingMeasures {
        scheduled,
        held: held.len(),
        missed: records.len() - held.len(),
        unrecorded: scheduled - records.len(),
        held_rate: (scheduled > 0).then(|| held.len() as f64 / scheduled as f64),
        average_minutes: (!held.is_empty())
            .then(|| held.iter().map(|m| *m as f64).sum::<f64>() / held.len() as f64),
        time_box,
        over_time_box: time_box.map_or(0, |b| held.iter().filter(|m| **m > b).count()),
        fresh_share: (!kpis.is_empty())
            .then(|| (kpis.len() - stale_kpis.len()) as f64 / kpis.len() as f64),
        stale_kpis,
    }
}

/// R2.3: who facilitates next. Facilitation rotates through the leader and the active members
/// (leader first, then members by name): whoever has never facilitated a held meeting, else
/// whoever facilitated least recently.
pub fn next_facilitator(team: &TeamObjectives) -> Option<String> {
    let last = |id: &str| {
        team.meetings
            .values()
            .filter(|m| m.outcome.is_held() && m.facilitator_id == id)
            .map(|m| m.date)
            .max()
    };
    team.people_in_order()
        .into_iter()
        .enumerate()
        .min_by_key(|(i, (id, _))| (last(id), *i))
        .map(|(_, (id, _))| id.to_string())
}

/// Which way a KPI's last value moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Up,
    Down,
    Flat,
}

/// A KPI's latest values and how far it has come.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub latest: Option<f64>,
    pub latest_on: Option<NaiveDate>,
    pub previous: Option<f64>,
    /// Flat with fewer than two values.
    pub direction: Direction,
    /// Share of the way from the baseline to the target (below 0: worse than the baseline;
    /// above 1: beyond the target); `None` without a value.
    pub progress: Option<f64>,
    /// The target is reached, or the KPI is better than its baseline and its last move was not
    /// away from the target.
    pub on_track: bool,
}

/// The [`Trend`] of a KPI.
pub fn trend(kpi: &Kpi) -> Trend {
    let mut values: Vec<_> = kpi.values.values().collect();
    values.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let latest = values.last().map(|v| v.value);
    let previous = values.len().checked_sub(2).map(|i| values[i].value);
    let direction = match (latest, previous) {
        (Some(l), Some(p)) if l > p => Direction::Up,
        (Some(l), Some(p)) if l < p => Direction::Down,
        _ => Direction::Flat,
    };
    let span = kpi.target - kpi.baseline;
    let progress = latest
        .filter(|_| span != 0.0)
        .map(|l| (l - kpi.baseline) / span)
        .filter(|p| p.is_finite());
    let away = match direction {
        Direction::Up => !kpi.higher_is_better(),
        Direction::Down => kpi.higher_is_better(),
        Direction::Flat => false,
    };
    let on_track = progress.is_some_and(|p| p >= 1.0 || (p > 0.0 && !away));
    Trend {
        latest,
        latest_on: values.last().map(|v| v.date),
        previous,
        direction,
        progress,
        on_track,
    }
}

/// R2.4: the flag of one occurrence left unrecorded.
pub fn unrecorded_flag(date: NaiveDate) -> Finding {
    Finding::flag(
        "R2.4",
        format!(
            "The metrics meeting of {} is not recorded: record it as held, or as missed with a \
             reason.",
            date.format("%a %-d %b")
        ),
    )
}

/// Everything flagged on the team's page: objectives failing SMART or without KPIs (R2.1),
/// priorities nobody serves and KPI flags (R2.2), a missing cadence (R2.3) and unrecorded
/// occurrences (R2.4: each one while there are few, else how many).
pub fn team_findings(team: &TeamObjectives, week: &WorkWeek, today: NaiveDate) -> Vec<Finding> {
    let tree = alignment(team, today);
    let mut out = Vec::new();
    for p in &tree.priorities {
        for f in &p.findings {
            out.push(Finding::flag(
                f.rule,
                format!("“{}”: {}", p.text, f.message),
            ));
        }
    }
    let objectives = tree
        .priorities
        .iter()
        .flat_map(|p| p.objectives.iter())
        .chain(tree.unlinked_objectives.iter());
    for o in objectives {
        out.extend(o.findings.iter().cloned());
        for k in &o.kpis {
            out.extend(k.findings.iter().cloned());
        }
    }
    if team.cadence.is_none() {
        out.push(Finding::flag(
            "R2.3",
            "Set a cadence for the metrics meeting: a daily 15-minute huddle or a weekly \
             40-minute meeting.",
        ));
    }
    let missing = unrecorded(team, week, today);
    if missing.len() > LIST_UNRECORDED {
        out.push(Finding::flag(
            "R2.4",
            format!(
                "{} metrics meetings since {} are not recorded: record each as held, or as \
                 missed with a reason.",
                missing.len(),
                missing[0].format("%a %-d %b %Y")
            ),
        ));
    } else {
        out.extend(missing.into_iter().map(unrecorded_flag));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::domain::team::{KpiValue, MeetingOutcome, MeetingRecord, Member, Priority};
    use chrono::{NaiveTime, Weekday};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn member(id: &str, name: &str) -> Member {
        Member {
            id: id.into(),
            name: name.into(),
            joined_on: d("2026-10-01"),
            left_on: None,
        }
    }

    /// Lea leads Bo and Ada; one priority, one SMART objective with one KPI owned by Ada.
    fn team() -> TeamObjectives {
        let mut t = TeamObjectives::empty_for_tests("team-1", "Platform");
        for m in [member("bo", "Bo"), member("ada", "Ada")] {
            t.members.insert(m.id.clone(), m);
        }
        t.priorities.insert(
            "p1".into(),
            Priority {
                id: "p1".into(),
                text: "Grow revenue".into(),
                added_on: d("2026-10-01"),
            },
        );
        t.objectives.insert("o1".into(), smart_objective());
        t.kpis.insert("k1".into(), kpi("k1", "o1", "ada"));
        t
    }

    fn smart_objective() -> Objective {
        Objective {
            id: "o1".into(),
            title: "Cut onboarding time".into(),
            priority_id: "p1".into(),
            measure: "Days from signature to first commit".into(),
            unit: "days".into(),
            baseline: Some(20.0),
            target: Some(10.0),
            deadline: Some(d("2027-03-31")),
            specific_confirmed: true,
            achievable_confirmed: true,
            created_on: d("2026-10-01"),
        }
    }

    fn kpi(id: &str, objective: &str, owner: &str) -> Kpi {
        Kpi {
            id: id.into(),
            objective_id: objective.into(),
            name: format!("KPI {id}"),
            unit: "days".into(),
            baseline: 20.0,
            target: 10.0,
            owner_id: owner.into(),
            in_control: Some(true),
            values: BTreeMap::new(),
        }
    }

    fn value(k: &mut Kpi, id: &str, date: &str, v: f64) {
        k.values.insert(
            id.into(),
            KpiValue {
                id: id.into(),
                date: d(date),
                value: v,
                by: k.owner_id.clone(),
                note: String::new(),
            },
        );
    }

    fn held(t: &mut TeamObjectives, date: &str, minutes: u32, by: &str) {
        record(t, date, MeetingOutcome::Held { minutes }, by);
    }

    fn record(t: &mut TeamObjectives, date: &str, outcome: MeetingOutcome, by: &str) {
        t.meetings.insert(
            date.into(),
            MeetingRecord {
                date: d(date),
                outcome,
                facilitator_id: by.into(),
                recorded_by: "lea".into(),
                recorded_on: d(date),
            },
        );
    }

    fn rules_of(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn r2_1_a_smart_objective_has_no_flag() {
        let t = team();
        assert!(smart(&t.objectives["o1"], &t).is_empty());
    }

    #[test]
    fn r2_1_each_missing_part_is_flagged_and_says_what_to_do() {
        let t = team();
        let bare = Objective {
            priority_id: String::new(),
            measure: String::new(),
            unit: String::new(),
            baseline: None,
            target: None,
            deadline: None,
            specific_confirmed: false,
            achievable_confirmed: false,
            ..smart_objective()
        };
        let f = smart(&bare, &t);
        assert_eq!(f.len(), 8, "{f:#?}");
        assert!(f
            .iter()
            .all(|f| f.rule == "R2.1" && !f.message.contains("R2")));
        let text = f.iter().map(|f| f.message.as_str()).collect::<Vec<_>>();
        assert!(text
            .iter()
            .any(|m| m.contains("Link") && m.contains("priority")));
        assert!(text.iter().any(|m| m.contains("deadline")));
        assert!(text.iter().any(|m| m.contains("specific")));
        assert!(text.iter().any(|m| m.contains("achievable")));
        let flat = Objective {
            target: Some(20.0),
            ..smart_objective()
        };
        assert_eq!(smart(&flat, &t).len(), 1);
        assert!(smart(&flat, &t)[0].message.contains("both 20"));
        let orphan = Objective {
            priority_id: "gone".into(),
            ..smart_objective()
        };
        assert!(smart(&orphan, &t)[0].message.contains("no longer listed"));
    }

    #[test]
    fn r2_2_kpi_flags_control_owner_and_values() {
        let mut t = team();
        let today = d("2026-11-10");
        let mut k = t.kpis["k1"].clone();
        assert_eq!(kpi_findings(&k, &t, today).len(), 1, "no value yet");
        value(&mut k, "v1", "2026-11-02", 18.0);
        assert!(kpi_findings(&k, &t, today).is_empty());
        k.in_control = Some(false);
        let f = kpi_findings(&k, &t, today);
        assert_eq!(rules_of(&f), ["R2.2"]);
        assert!(f[0].message.contains("outside Ada's control"));
        k.in_control = None;
        assert!(kpi_findings(&k, &t, today)[0]
            .message
            .contains("within Ada's control?"));
        k.in_control = Some(true);
        t.members.get_mut("ada").unwrap().left_on = Some(d("2026-11-05"));
        let f = kpi_findings(&k, &t, today);
        assert!(f[0].message.contains("Ada is no longer on the team"));
        t.members.get_mut("ada").unwrap().left_on = None;
        // Past the deadline, short of the target.
        let f = kpi_findings(&k, &t, d("2027-04-01"));
        assert_eq!(rules_of(&f), ["R2.1"]);
        value(&mut k, "v2", "2027-03-30", 9.0);
        assert!(kpi_findings(&k, &t, d("2027-04-01")).is_empty());
    }

    #[test]
    fn r2_2_alignment_hangs_objectives_under_priorities() {
        let mut t = team();
        t.priorities.insert(
            "p2".into(),
            Priority {
                id: "p2".into(),
                text: "Keep customers".into(),
                added_on: d("2026-10-02"),
            },
        );
        let loose = Objective {
            id: "o2".into(),
            title: "Fewer incidents".into(),
            priority_id: String::new(),
            ..smart_objective()
        };
        t.objectives.insert("o2".into(), loose);
        let a = alignment(&t, d("2026-11-10"));
        assert_eq!(a.priorities.len(), 2);
        assert_eq!(a.priorities[0].objectives[0].id, "o1");
        assert_eq!(a.priorities[0].objectives[0].kpis[0].id, "k1");
        assert!(a.priorities[0].objectives[0].supports.is_empty());
        assert_eq!(a.priorities_without_objectives, ["p2"]);
        assert_eq!(rules_of(&a.priorities[1].findings), ["R2.2"]);
        assert_eq!(a.unlinked_objectives.len(), 1);
        assert_eq!(a.objectives_without_kpis, ["o2"]);
        let o2 = &a.unlinked_objectives[0];
        assert!(o2.findings.iter().any(|f| f.message.contains("Link")));
        assert!(o2.findings.iter().any(|f| f.message.contains("no KPI")));
    }

    #[test]
    fn r2_3_occurrences_follow_the_cadence_and_skip_days_off() {
        let mut week = WorkWeek::default();
        week.add_day_off(d("2026-11-04"));
        let daily = Cadence::daily(at(9, 15), d("2026-11-03"));
        // Mon 2 Nov is before the start, Wed 4 is off, Sat/Sun are not worked.
        assert_eq!(
            occurrences(&daily, &week, d("2026-11-01"), d("2026-11-09")),
            [
                d("2026-11-03"),
                d("2026-11-05"),
                d("2026-11-06"),
                d("2026-11-09")
            ]
        );
        let weekly = Cadence::weekly(Weekday::Wed, at(10, 0), d("2026-10-01"));
        assert_eq!(
            occurrences(&weekly, &week, d("2026-10-27"), d("2026-11-18")),
            [d("2026-10-28"), d("2026-11-11"), d("2026-11-18")]
        );
        assert_eq!(
            next_occurrence(&weekly, &week, d("2026-11-02")),
            Some(d("2026-11-11"))
        );
        assert!(occurrences(&daily, &week, d("2026-11-09"), d("2026-11-01")).is_empty());
    }

    #[test]
    fn r2_4_unrecorded_occurrences_are_flagged_from_the_next_day() {
        let mut t = team();
        let week = WorkWeek::default();
        t.cadence = Some(Cadence::daily(at(9, 15), d("2026-11-02")));
        held(&mut t, "2026-11-02", 14, "lea");
        // Today (Wed 4) is not flagged yet; Tue 3 is.
        assert_eq!(unrecorded(&t, &week, d("2026-11-04")), [d("2026-11-03")]);
        let f = team_findings(&t, &week, d("2026-11-04"));
        let r24: Vec<_> = f.iter().filter(|f| f.rule == "R2.4").collect();
        assert_eq!(r24.len(), 1);
        assert_eq!(
            r24[0].message,
            "The metrics meeting of Tue 3 Nov is not recorded: record it as held, or as missed \
             with a reason."
        );
        // Many at once are counted, not listed.
        let f = team_findings(&t, &week, d("2026-11-20"));
        let r24: Vec<_> = f.iter().filter(|f| f.rule == "R2.4").collect();
        assert_eq!(r24.len(), 1);
        assert!(r24[0]
            .message
            .starts_with("13 metrics meetings since Tue 3 Nov 2026"));
        t.cadence = None;
        assert!(unrecorded(&t, &week, d("2026-11-20")).is_empty());
        assert!(team_findings(&t, &week, d("2026-11-20"))
            .iter()
            .any(|f| f.rule == "R2.3"));
    }

    #[test]
    fn r2_4_measures_held_rate_length_and_fresh_kpis() {
        let mut t = team();
        let week = WorkWeek::default();
        t.cadence = Some(Cadence::weekly(Weekday::Mon, at(10, 0), d("2026-11-02")));
        held(&mut t, "2026-11-02", 35, "lea");
        record(
            &mut t,
            "2026-11-09",
            MeetingOutcome::Missed {
                reason: "Offsite".into(),
            },
            "",
        );
        held(&mut t, "2026-11-16", 50, "bo");
        // Mon 23 unrecorded; today Tue 24.
        let mut k2 = kpi("k2", "o1", "bo");
        value(&mut k2, "a", "2026-11-20", 12.0);
        t.kpis.insert("k2".into(), k2);
        value(t.kpis.get_mut("k1").unwrap(), "b", "2026-11-16", 15.0);
        let m = measures(&t, &week, d("2026-11-24"));
        assert_eq!((m.scheduled, m.held, m.missed, m.unrecorded), (4, 2, 1, 1));
        assert_eq!(m.held_rate, Some(0.5));
        assert_eq!(m.average_minutes, Some(42.5));
        assert_eq!((m.time_box, m.over_time_box), (Some(40), 1));
        // k1's value is from the meeting day itself: not an update since.
        assert_eq!(m.stale_kpis, ["k1"]);
        assert_eq!(m.fresh_share, Some(0.5));
        let empty = measures(&team(), &week, d("2026-11-24"));
        assert_eq!((empty.scheduled, empty.held_rate), (0, None));
        assert_eq!(
            empty.stale_kpis,
            ["k1"],
            "no value at all and no meeting yet"
        );
    }

    #[test]
    fn r2_3_facilitation_rotates_to_whoever_waited_longest() {
        let mut t = team();
        assert_eq!(next_facilitator(&t).as_deref(), Some("lea"));
        held(&mut t, "2026-11-02", 15, "lea");
        // Members by name: Ada before Bo.
        assert_eq!(next_facilitator(&t).as_deref(), Some("ada"));
        held(&mut t, "2026-11-03", 15, "ada");
        assert_eq!(next_facilitator(&t).as_deref(), Some("bo"));
        held(&mut t, "2026-11-04", 15, "bo");
        assert_eq!(next_facilitator(&t).as_deref(), Some("lea"));
        t.members.get_mut("bo").unwrap().left_on = Some(d("2026-11-05"));
        held(&mut t, "2026-11-05", 15, "lea");
        assert_eq!(next_facilitator(&t).as_deref(), Some("ada"));
    }

    #[test]
    fn kpi_trend_direction_progress_and_track() {
        let mut k = kpi("k", "o1", "ada"); // 20 -> 10 days: lower is better
        let t0 = trend(&k);
        assert_eq!((t0.latest, t0.progress, t0.on_track), (None, None, false));
        value(&mut k, "1", "2026-11-02", 18.0);
        value(&mut k, "2", "2026-11-09", 15.0);
        let t1 = trend(&k);
        assert_eq!(t1.direction, Direction::Down);
        assert_eq!((t1.latest, t1.previous), (Some(15.0), Some(18.0)));
        assert_eq!(t1.progress, Some(0.5));
        assert!(t1.on_track);
        value(&mut k, "3", "2026-11-16", 16.0);
        let t2 = trend(&k);
        assert_eq!(t2.direction, Direction::Up);
        assert!(!t2.on_track, "moving away from the target");
        value(&mut k, "4", "2026-11-23", 8.0);
        assert_eq!(trend(&k).progress, Some(1.2));
        assert!(trend(&k).on_track);
        value(&mut k, "5", "2026-11-30", 25.0);
        assert_eq!(trend(&k).progress, Some(-0.5));
    }

    #[test]
    fn individual_metrics_hang_under_the_objective_they_support() {
        use crate::docs::performance_plan::testing::{metric, plan};
        let today = d("2026-11-02");
        let mut ada = plan("Ada", "Lea", "2026-10-01");
        let mut linked = metric("m1", true, "2026-10-01");
        linked.supports_objective = "o1".into();
        linked.supports = "Cut onboarding time".into();
        let mut gone = metric("m2", true, "2026-10-01");
        gone.supports_objective = "o-removed".into();
        let mut replaced = metric("m3", false, "2026-10-01");
        replaced.supports_objective = "o1".into();
        replaced.replaced_by_goal = Some("g1".into());
        for m in [linked, gone, replaced, metric("m4", true, "2026-10-01")] {
            ada.metrics.insert(m.id.clone(), m);
        }
        let plans = vec![("ada".to_string(), "Ada".to_string(), ada)];
        let (a, orphans) = with_supports(alignment(&team(), today), &plans);
        let o1 = &a.priorities[0].objectives[0];
        assert_eq!(
            o1.supports.len(),
            1,
            "the replaced and unlinked metrics do not count"
        );
        assert_eq!(o1.supports[0].label, "Outcome m1");
        assert_eq!(o1.supports[0].person_name, "Ada");
        assert_eq!(orphans.len(), 1);
        assert!(orphans[0].findings[0].message.contains("was removed"));
    }
}
