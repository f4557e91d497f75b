//! The team-objectives document (Goal 2): one per team, written by its leader and shared with
//! every member through sync files (R2.5, R7.1).
//!
//! It is created on ONE side (the leader's) with every root object in its first change
//! (ARCHITECTURE.md, one first change); members only ever load it from a sync file.
//!
//! Schema 1 (root keys):
//!
//! | key            | type                              | written by        |
//! |----------------|-----------------------------------|-------------------|
//! | `meta`         | [`DocMeta`] (kind `team-objectives`) | creator        |
//! | `leader`       | `{id, name}`                      | creator           |
//! | `created_by`, `created_on` | person id, ISO date   | creator           |
//! | `team_name`    | string                            | leader            |
//! | `members`      | map person id -> [`Member`]       | leader            |
//! | `priorities`   | map id -> [`Priority`]            | leader            |
//! | `objectives`   | map id -> [`Objective`] (R2.1)    | leader            |
//! | `kpis`         | map id -> [`Kpi`] (R2.2)          | leader, except `kpis/<id>/values/…`: the KPI's owner or the leader |
//! | `cadence`      | [`Cadence`] or null (R2.3)        | leader            |
//! | `meetings`     | map ISO date -> [`MeetingRecord`] (R2.4) | leader     |
//! | `questions`    | map id -> [`Question`] (R2.3)     | any active member or the leader |
//!
//! Every command takes the acting person's id and refuses anyone who is not the leader or a
//! member still on the team (`NotAParticipant`), and parts that are not theirs
//! (`NotAllowed("the leader")`); it writes only what changes and makes one commit whose message
//! says what happened (R8.5). A command that changes nothing makes no commit.

use std::collections::BTreeMap;

use automerge::{transaction::Transactable, AutoCommit, ObjId, ReadDoc, Value, ROOT};
use autosurgeon::{hydrate, hydrate_prop, reconcile_prop};
use chrono::NaiveDate;

use super::{commit, iso, obj_at, put_if_changed, CommandError, DocError, DocKind, DocMeta};
use crate::domain::performance::num;
use crate::domain::team::{
    line, too_long, Cadence, InputError, Kpi, KpiDraft, KpiValue, MeetingOutcome, MeetingRecord,
    Member, Objective, ObjectiveDraft, Priority, Question, TeamObjectives, MAX_LINE,
    MAX_MEETING_MINUTES, MAX_PROSE,
};
use crate::domain::{new_id, Participant};
use crate::rules::team as rules;

/// Schema version written by this build; loading refuses anything newer.
pub const SCHEMA: u64 = 1;

pub use super::Added;

/// Creates the team's document with every root object in one first change. The leader creates
/// it; `members` join on `today`.
pub fn create(
    doc_id: &str,
    team_name: &str,
    leader: &Participant,
    members: &[Participant],
    today: NaiveDate,
    now_ms: i64,
) -> Result<AutoCommit, CommandError> {
    let clean = |p: &Participant| Participant {
        id: p.id.trim().to_string(),
        name: line(&p.name),
    };
    let leader = clean(leader);
    let team_name = line(team_name);
    if team_name.is_empty() {
        return Err(InputError::TeamName.into());
    }
    too_long(&[&team_name], MAX_LINE)?;
    let mut seen = vec![leader.id.clone()];
    let mut member_map = BTreeMap::new();
    for p in members.iter().map(clean) {
        if p.id.is_empty() || p.name.is_empty() || seen.contains(&p.id) {
            return Err(InputError::BadPeople.into());
        }
        seen.push(p.id.clone());
        member_map.insert(
            p.id.clone(),
            Member {
                id: p.id,
                name: p.name,
                joined_on: today,
                left_on: None,
            },
        );
    }
    if leader.id.is_empty() || leader.name.is_empty() {
        return Err(InputError::BadPeople.into());
    }
    let team = TeamObjectives {
        meta: DocMeta {
            id: doc_id.to_string(),
            kind: DocKind::TeamObjectives,
            schema: SCHEMA,
        },
        created_by: leader.id.clone(),
        leader: leader.clone(),
        created_on: today,
        team_name: team_name.clone(),
        members: member_map,
        priorities: BTreeMap::new(),
        objectives: BTreeMap::new(),
        kpis: BTreeMap::new(),
        cadence: None,
        meetings: BTreeMap::new(),
        questions: BTreeMap::new(),
    };
    let mut doc = super::new_doc();
    autosurgeon::reconcile(&mut doc, &team)?;
    let what = format!("Created the objectives of “{team_name}”");
    commit(&mut doc, &leader.name, &what, now_ms);
    Ok(doc)
}

/// Hydrates the document after checking its kind and schema (its long collections a record
/// per pass: `domain::team`, issue 11).
pub fn load(doc: &AutoCommit) -> Result<TeamObjectives, DocError> {
    super::check(doc, DocKind::TeamObjectives, SCHEMA)?;
    Ok(hydrate(doc)?)
}

/// The team's objectives alone, in their order: what an individual metric can be linked to
/// (R2.2). Read without the rest of the document: at five years its KPI values, meetings and
/// questions are nearly all of it, and a performance plan's metric form asks for this on
/// every render (issue 11: reading the whole document there froze the page for 370 ms).
pub fn load_objectives(doc: &AutoCommit) -> Result<Vec<Objective>, DocError> {
    super::check(doc, DocKind::TeamObjectives, SCHEMA)?;
    let objectives: BTreeMap<String, Objective> = hydrate_prop(doc, ROOT, "objectives")?;
    let mut v: Vec<Objective> = objectives.into_values().collect();
    v.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    Ok(v)
}

/// Who is acting: `(is the leader, display name)`. Refuses anyone who is neither the leader
/// nor a member still on the team.
fn actor(doc: &AutoCommit, by: &str) -> Result<(bool, String), CommandError> {
    let leader: Participant = hydrate_prop(doc, ROOT, "leader")?;
    if by == leader.id {
        return Ok((true, leader.name));
    }
    let members = obj_at(doc, &ROOT, "members")?;
    let member: Option<Member> = hydrate_prop(doc, &members, by).ok().flatten();
    match member {
        Some(m) if m.is_active() => Ok((false, m.name)),
        _ => Err(CommandError::NotAParticipant),
    }
}

/// The leader's name; refuses everyone else.
fn leader_only(doc: &AutoCommit, by: &str) -> Result<String, CommandError> {
    match actor(doc, by)? {
        (true, name) => Ok(name),
        (false, _) => Err(CommandError::NotAllowed("the leader")),
    }
}

/// The map entry `root[key][id]`, or `NotFound(what)`.
fn item(doc: &AutoCommit, key: &str, id: &str, what: &'static str) -> Result<ObjId, CommandError> {
    let map = obj_at(doc, &ROOT, key)?;
    match doc.get(&map, id)? {
        Some((Value::Object(_), obj)) => Ok(obj),
        _ => Err(CommandError::NotFound(what)),
    }
}

fn hydrate_item<T: autosurgeon::Hydrate>(
    doc: &AutoCommit,
    key: &str,
    id: &str,
    what: &'static str,
) -> Result<T, CommandError> {
    item(doc, key, id, what)?;
    let map = obj_at(doc, &ROOT, key)?;
    Ok(hydrate_prop(doc, &map, id)?)
}

/// Whether `person_id` is the leader or an active member (owners and facilitators).
fn is_active(doc: &AutoCommit, person_id: &str) -> Result<bool, CommandError> {
    let leader: Participant = hydrate_prop(doc, ROOT, "leader")?;
    if person_id == leader.id {
        return Ok(true);
    }
    let members = obj_at(doc, &ROOT, "members")?;
    let member: Option<Member> = hydrate_prop(doc, &members, person_id).ok().flatten();
    Ok(member.is_some_and(|m| m.is_active()))
}

fn prose(s: &str, empty: InputError) -> Result<String, CommandError> {
    let s = s.trim().to_string();
    if s.is_empty() {
        return Err(empty.into());
    }
    too_long(&[&s], MAX_PROSE)?;
    Ok(s)
}

/// Renames the team (leader only).
pub fn set_team_name(
    doc: &mut AutoCommit,
    by: &str,
    team_name: &str,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = leader_only(doc, by)?;
    let team_name = line(team_name);
    if team_name.is_empty() {
        return Err(InputError::TeamName.into());
    }
    too_long(&[&team_name], MAX_LINE)?;
    if put_if_changed(doc, &ROOT, "team_name", team_name.clone())? {
        commit(
            doc,
            &name,
            &format!("Renamed the team “{team_name}”"),
            now_ms,
        );
    }
    Ok(())
}

/// Adds someone to the team (leader only). Adding a member who left brings them back (clears
/// `left_on`, keeps `joined_on`); a new name is kept.
pub fn add_member(
    doc: &mut AutoCommit,
    by: &str,
    person: &Participant,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = leader_only(doc, by)?;
    let (id, person_name) = (person.id.trim().to_string(), line(&person.name));
    if id.is_empty() || person_name.is_empty() || id == by {
        return Err(InputError::BadPeople.into());
    }
    too_long(&[&person_name], MAX_LINE)?;
    let members = obj_at(doc, &ROOT, "members")?;
    let what = match doc.get(&members, id.as_str())? {
        Some((Value::Object(_), m)) => {
            let mut changed = put_if_changed(doc, &m, "name", person_name.clone())?;
            changed |= put_if_changed(doc, &m, "left_on", None::<String>)?;
            if !changed {
                return Ok(());
            }
            format!("{person_name} is on the team again")
        }
        _ => {
            let m = Member {
                id: id.clone(),
                name: person_name.clone(),
                joined_on: today,
                left_on: None,
            };
            reconcile_prop(doc, &members, id.as_str(), &m)?;
            format!("Added {person_name} to the team")
        }
    };
    commit(doc, &name, &what, now_ms);
    Ok(())
}

/// Marks a member as having left on `today` (leader only). Their KPIs, values, questions and
/// facilitations stay; KPIs they own are flagged until given a new owner.
pub fn remove_member(
    doc: &mut AutoCommit,
    by: &str,
    member_id: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = leader_only(doc, by)?;
    let m: Member = hydrate_item(doc, "members", member_id, "member")?;
    if m.left_on.is_some() {
        return Ok(());
    }
    let obj = item(doc, "members", member_id, "member")?;
    reconcile_prop(doc, &obj, "left_on", Some(iso(today)))?;
    commit(doc, &name, &format!("{} left the team", m.name), now_ms);
    Ok(())
}

/// Adds an organisational priority (leader only).
pub fn add_priority(
    doc: &mut AutoCommit,
    by: &str,
    text: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<Added, CommandError> {
    let name = leader_only(doc, by)?;
    let text = prose(&line(text), InputError::PriorityText)?;
    let p = Priority {
        id: new_id(),
        text,
        added_on: today,
    };
    let priorities = obj_at(doc, &ROOT, "priorities")?;
    reconcile_prop(doc, &priorities, p.id.as_str(), &p)?;
    commit(doc, &name, &format!("Added priority “{}”", p.text), now_ms);
    Ok(Added {
        id: p.id,
        flags: vec![rules::priority_without_objectives()],
    })
}

/// Rewords a priority (leader only).
pub fn edit_priority(
    doc: &mut AutoCommit,
    by: &str,
    priority_id: &str,
    text: &str,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = leader_only(doc, by)?;
    let text = prose(&line(text), InputError::PriorityText)?;
    let obj = item(doc, "priorities", priority_id, "priority")?;
    if put_if_changed(doc, &obj, "text", text.clone())? {
        commit(doc, &name, &format!("Reworded priority “{text}”"), now_ms);
    }
    Ok(())
}

/// Removes a priority (leader only). The objectives that served it are unlinked (and then
/// flagged, R2.2); returns their ids.
pub fn remove_priority(
    doc: &mut AutoCommit,
    by: &str,
    priority_id: &str,
    now_ms: i64,
) -> Result<Vec<String>, CommandError> {
    let name = leader_only(doc, by)?;
    let p: Priority = hydrate_item(doc, "priorities", priority_id, "priority")?;
    let objectives: BTreeMap<String, Objective> = hydrate_prop(doc, ROOT, "objectives")?;
    let unlinked: Vec<String> = objectives
        .values()
        .filter(|o| o.priority_id == priority_id)
        .map(|o| o.id.clone())
        .collect();
    for id in &unlinked {
        let o = item(doc, "objectives", id, "objective")?;
        reconcile_prop(doc, &o, "priority_id", String::new())?;
    }
    let priorities = obj_at(doc, &ROOT, "priorities")?;
    doc.delete(&priorities, priority_id)?;
    let mut what = format!("Removed priority “{}”", p.text);
    if !unlinked.is_empty() {
        what.push_str(&format!(" ({} objectives unlinked)", unlinked.len()));
    }
    commit(doc, &name, &what, now_ms);
    Ok(unlinked)
}

fn check_priority(doc: &AutoCommit, priority_id: &str) -> Result<(), CommandError> {
    if !priority_id.is_empty() {
        item(doc, "priorities", priority_id, "priority")?;
    }
    Ok(())
}

/// R2.1: adds an objective (leader only). Only a title is required; the SMART parts it lacks
/// come back as flags.
pub fn add_objective(
    doc: &mut AutoCommit,
    by: &str,
    draft: &ObjectiveDraft,
    today: NaiveDate,
    now_ms: i64,
) -> Result<Added, CommandError> {
    let name = leader_only(doc, by)?;
    let v = draft.validate()?;
    check_priority(doc, &v.priority_id)?;
    let o = Objective {
        id: new_id(),
        title: v.title,
        priority_id: v.priority_id,
        measure: v.measure,
        unit: v.unit,
        baseline: v.baseline,
        target: v.target,
        deadline: v.deadline,
        specific_confirmed: v.specific_confirmed,
        achievable_confirmed: v.achievable_confirmed,
        created_on: today,
    };
    let objectives = obj_at(doc, &ROOT, "objectives")?;
    reconcile_prop(doc, &objectives, o.id.as_str(), &o)?;
    commit(
        doc,
        &name,
        &format!("Added objective “{}”", o.title),
        now_ms,
    );
    let team = load(doc)?;
    let mut flags = rules::smart(&o, &team);
    flags.push(rules::objective_without_kpis(&o));
    Ok(Added { id: o.id, flags })
}

/// R2.1: edits an objective (leader only), writing only the fields that changed. Returns the
/// objective's SMART flags after the edit.
pub fn edit_objective(
    doc: &mut AutoCommit,
    by: &str,
    objective_id: &str,
    draft: &ObjectiveDraft,
    now_ms: i64,
) -> Result<Vec<crate::rules::Finding>, CommandError> {
    let name = leader_only(doc, by)?;
    let v = draft.validate()?;
    let obj = item(doc, "objectives", objective_id, "objective")?;
    check_priority(doc, &v.priority_id)?;
    let mut changed = put_if_changed(doc, &obj, "title", v.title.clone())?;
    changed |= put_if_changed(doc, &obj, "priority_id", v.priority_id.clone())?;
    changed |= put_if_changed(doc, &obj, "measure", v.measure.clone())?;
    changed |= put_if_changed(doc, &obj, "unit", v.unit.clone())?;
    changed |= put_if_changed(doc, &obj, "baseline", v.baseline)?;
    changed |= put_if_changed(doc, &obj, "target", v.target)?;
    changed |= put_if_changed(doc, &obj, "deadline", v.deadline.map(iso))?;
    changed |= put_if_changed(doc, &obj, "specific_confirmed", v.specific_confirmed)?;
    changed |= put_if_changed(doc, &obj, "achievable_confirmed", v.achievable_confirmed)?;
    if changed {
        commit(
            doc,
            &name,
            &format!("Changed objective “{}”", v.title),
            now_ms,
        );
    }
    let team = load(doc)?;
    Ok(team
        .objectives
        .get(objective_id)
        .map(|o| rules::smart(o, &team))
        .unwrap_or_default())
}

/// Removes an objective and its KPIs with their values (leader only).
pub fn remove_objective(
    doc: &mut AutoCommit,
    by: &str,
    objective_id: &str,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = leader_only(doc, by)?;
    let o: Objective = hydrate_item(doc, "objectives", objective_id, "objective")?;
    let all: BTreeMap<String, Kpi> = hydrate_prop(doc, ROOT, "kpis")?;
    let kpi_ids: Vec<&String> = all
        .iter()
        .filter(|(_, k)| k.objective_id == objective_id)
        .map(|(id, _)| id)
        .collect();
    let kpis = obj_at(doc, &ROOT, "kpis")?;
    for id in &kpi_ids {
        doc.delete(&kpis, id.as_str())?;
    }
    let objectives = obj_at(doc, &ROOT, "objectives")?;
    doc.delete(&objectives, objective_id)?;
    commit(
        doc,
        &name,
        &format!("Removed objective “{}”", o.title),
        now_ms,
    );
    Ok(())
}

/// R2.2: the draft checked against the document: its objective exists and its owner is the
/// leader or an active member.
fn valid_kpi(doc: &AutoCommit, draft: &KpiDraft) -> Result<KpiDraft, CommandError> {
    let v = draft.validate()?;
    item(doc, "objectives", &v.objective_id, "objective")?;
    if !is_active(doc, &v.owner_id)? {
        return Err(InputError::KpiOwner.into());
    }
    Ok(v)
}

/// R2.2: adds a KPI to an objective (leader only). Returns its flags (control not answered or
/// outside the owner's control, no value yet).
pub fn add_kpi(
    doc: &mut AutoCommit,
    by: &str,
    draft: &KpiDraft,
    today: NaiveDate,
    now_ms: i64,
) -> Result<Added, CommandError> {
    let name = leader_only(doc, by)?;
    let v = valid_kpi(doc, draft)?;
    let k = Kpi {
        id: new_id(),
        objective_id: v.objective_id,
        name: v.name,
        unit: v.unit,
        baseline: v.baseline,
        target: v.target,
        owner_id: v.owner_id,
        in_control: v.in_control,
        values: BTreeMap::new(),
    };
    let kpis = obj_at(doc, &ROOT, "kpis")?;
    reconcile_prop(doc, &kpis, k.id.as_str(), &k)?;
    commit(doc, &name, &format!("Added KPI “{}”", k.name), now_ms);
    let team = load(doc)?;
    Ok(Added {
        flags: rules::kpi_findings(&k, &team, today),
        id: k.id,
    })
}

/// R2.2: edits a KPI's definition (leader only); its values are untouched.
pub fn edit_kpi(
    doc: &mut AutoCommit,
    by: &str,
    kpi_id: &str,
    draft: &KpiDraft,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = leader_only(doc, by)?;
    let obj = item(doc, "kpis", kpi_id, "KPI")?;
    let v = valid_kpi(doc, draft)?;
    let mut changed = put_if_changed(doc, &obj, "objective_id", v.objective_id.clone())?;
    changed |= put_if_changed(doc, &obj, "name", v.name.clone())?;
    changed |= put_if_changed(doc, &obj, "unit", v.unit.clone())?;
    changed |= put_if_changed(doc, &obj, "baseline", v.baseline)?;
    changed |= put_if_changed(doc, &obj, "target", v.target)?;
    changed |= put_if_changed(doc, &obj, "owner_id", v.owner_id.clone())?;
    changed |= put_if_changed(doc, &obj, "in_control", v.in_control)?;
    if changed {
        commit(doc, &name, &format!("Changed KPI “{}”", v.name), now_ms);
    }
    Ok(())
}

/// Removes a KPI and its values (leader only).
pub fn remove_kpi(
    doc: &mut AutoCommit,
    by: &str,
    kpi_id: &str,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = leader_only(doc, by)?;
    let kpi_name: String = {
        let obj = item(doc, "kpis", kpi_id, "KPI")?;
        hydrate_prop(doc, &obj, "name")?
    };
    let kpis = obj_at(doc, &ROOT, "kpis")?;
    doc.delete(&kpis, kpi_id)?;
    commit(doc, &name, &format!("Removed KPI “{kpi_name}”"), now_ms);
    Ok(())
}

/// R2.2: records a measured value of a KPI (its owner or the leader). Each value is its own
/// entry, so values recorded on two devices at once are all kept.
#[allow(clippy::too_many_arguments)]
pub fn record_value(
    doc: &mut AutoCommit,
    by: &str,
    kpi_id: &str,
    date: NaiveDate,
    value: f64,
    note: &str,
    now_ms: i64,
) -> Result<Added, CommandError> {
    let (is_leader, name) = actor(doc, by)?;
    let obj = item(doc, "kpis", kpi_id, "KPI")?;
    let owner: String = hydrate_prop(doc, &obj, "owner_id")?;
    if !is_leader && owner != by {
        return Err(CommandError::NotAllowed("the KPI's owner or the leader"));
    }
    if !value.is_finite() {
        return Err(InputError::NotANumber("value").into());
    }
    let note = note.trim().to_string();
    too_long(&[&note], MAX_PROSE)?;
    let kpi_name: String = hydrate_prop(doc, &obj, "name")?;
    let unit: String = hydrate_prop(doc, &obj, "unit")?;
    let v = KpiValue {
        id: new_id(),
        date,
        value,
        by: by.to_string(),
        note,
    };
    let values = obj_at(doc, &obj, "values")?;
    reconcile_prop(doc, &values, v.id.as_str(), &v)?;
    let what = format!(
        "Recorded {} {unit} for “{kpi_name}” ({})",
        num(value),
        date.format("%-d %b %Y")
    );
    commit(doc, &name, &what, now_ms);
    Ok(Added {
        id: v.id,
        flags: vec![],
    })
}

/// R2.3: sets the cadence of the metrics meeting (leader only).
pub fn set_cadence(
    doc: &mut AutoCommit,
    by: &str,
    cadence: Cadence,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = leader_only(doc, by)?;
    cadence.validate()?;
    let at = crate::domain::team::parse_time(&cadence.time)?;
    let cadence = Cadence {
        time: crate::domain::team::format_time(at),
        ..cadence
    };
    let stored: Option<Cadence> = hydrate_prop(doc, ROOT, "cadence").ok().flatten();
    if stored.as_ref() == Some(&cadence) {
        return Ok(());
    }
    reconcile_prop(doc, ROOT, "cadence", Some(&cadence))?;
    let what = format!(
        "Set the metrics meeting: {}, from {}",
        cadence.label(),
        cadence.starts_on.format("%-d %b %Y")
    );
    commit(doc, &name, &what, now_ms);
    Ok(())
}

/// R2.4: records how an occurrence of the metrics meeting ended (leader only): held, with its
/// length, or missed or cancelled, with a reason. Recording the same date again corrects it.
/// R2.3: the facilitator is the leader or an active member (none only for a meeting that did
/// not take place).
#[allow(clippy::too_many_arguments)]
pub fn record_meeting(
    doc: &mut AutoCommit,
    by: &str,
    date: NaiveDate,
    outcome: MeetingOutcome,
    facilitator_id: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let name = leader_only(doc, by)?;
    if date > today {
        return Err(InputError::FutureDate.into());
    }
    let outcome = match outcome {
        MeetingOutcome::Held { minutes } => {
            if minutes == 0 || minutes > MAX_MEETING_MINUTES {
                return Err(InputError::MeetingMinutes.into());
            }
            MeetingOutcome::Held { minutes }
        }
        MeetingOutcome::Missed { reason } => MeetingOutcome::Missed {
            reason: prose(&reason, InputError::MeetingReason)?,
        },
        MeetingOutcome::Cancelled { reason } => MeetingOutcome::Cancelled {
            reason: prose(&reason, InputError::MeetingReason)?,
        },
    };
    let facilitator_id = facilitator_id.trim();
    let facilitator_ok = if facilitator_id.is_empty() {
        !outcome.is_held()
    } else {
        is_active(doc, facilitator_id)?
    };
    if !facilitator_ok {
        return Err(InputError::Facilitator.into());
    }
    let key = iso(date);
    let meetings = obj_at(doc, &ROOT, "meetings")?;
    let old: Option<MeetingRecord> = hydrate_prop(doc, &meetings, key.as_str()).ok().flatten();
    if old
        .as_ref()
        .is_some_and(|o| o.outcome == outcome && o.facilitator_id == facilitator_id)
    {
        return Ok(());
    }
    let r = MeetingRecord {
        date,
        outcome,
        facilitator_id: facilitator_id.to_string(),
        recorded_by: by.to_string(),
        recorded_on: today,
    };
    reconcile_prop(doc, &meetings, key.as_str(), &r)?;
    let what = format!(
        "Metrics meeting of {}: {}",
        date.format("%a %-d %b %Y"),
        r.outcome.label()
    );
    commit(doc, &name, &what, now_ms);
    Ok(())
}

/// R2.3: a question raised for or in a meeting (any active member or the leader).
pub fn ask_question(
    doc: &mut AutoCommit,
    by: &str,
    text: &str,
    meeting: Option<NaiveDate>,
    today: NaiveDate,
    now_ms: i64,
) -> Result<Added, CommandError> {
    let (_, name) = actor(doc, by)?;
    let text = prose(text, InputError::QuestionText)?;
    let q = Question {
        id: new_id(),
        text,
        by: by.to_string(),
        asked_on: today,
        meeting,
        answer: String::new(),
        answered_by: String::new(),
        answered_on: None,
    };
    let questions = obj_at(doc, &ROOT, "questions")?;
    reconcile_prop(doc, &questions, q.id.as_str(), &q)?;
    commit(doc, &name, &format!("Asked “{}”", short(&q.text)), now_ms);
    Ok(Added {
        id: q.id,
        flags: vec![],
    })
}

/// R2.3: answers a question, or corrects the answer (any active member or the leader).
pub fn answer_question(
    doc: &mut AutoCommit,
    by: &str,
    question_id: &str,
    answer: &str,
    today: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (_, name) = actor(doc, by)?;
    let answer = prose(answer, InputError::AnswerText)?;
    let q: Question = hydrate_item(doc, "questions", question_id, "question")?;
    if q.answer == answer {
        return Ok(());
    }
    let obj = item(doc, "questions", question_id, "question")?;
    reconcile_prop(doc, &obj, "answer", answer.as_str())?;
    put_if_changed(doc, &obj, "answered_by", by.to_string())?;
    put_if_changed(doc, &obj, "answered_on", Some(iso(today)))?;
    commit(
        doc,
        &name,
        &format!("Answered “{}”", short(&q.text)),
        now_ms,
    );
    Ok(())
}

/// The first words of a long text, for a history entry.
fn short(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let cut: String = s.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests;
