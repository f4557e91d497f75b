//! The shared 1:1 document (Goal 3): one per leader–employee pair, holding their whole series
//! of 1:1s (R3.1).
//!
//! # Layout (schema 1)
//! ```text
//! meta          {id, kind: "one-on-one", schema: 1}
//! created_at_ms i64
//! leader        {id, name}            person ids are stable UUIDs; names are for display
//! employee      {id, name}
//! meetings      map id -> {
//!     id, scheduled_for: "YYYY-MM-DDTHH:MM" (local), proposed_by: person id,
//!     planned_minutes, status: "Planned" | {Held: {actual_minutes}} | {Missed: {reason}},
//!     topics: map id -> {id, text, added_by: person id, added_at_ms, discussed},
//!     sections: {connection, metrics, feedback_to_employee, feedback_to_leader, development}: Text,
//!     idp_check: Text, created_at_ms }
//! actions       map id -> {id, text, owner: "Employee" | "Leader", due: "YYYY-MM-DD",
//!                          done_on: "YYYY-MM-DD" | null, meeting_id, added_by, added_at_ms}
//! ```
//! Items live in maps keyed by random ids, so concurrent additions on both sides all survive a
//! merge. Prose that both sides type into is Automerge Text (merges character-wise, R3.4);
//! short fields are scalars (last writer wins). Actions sit at the series level so that an open
//! action carries over to every following 1:1 until it is done (R3.5).
//!
//! Every text object of a meeting is created in the change that proposes it, never lazily
//! (ARCHITECTURE.md, one first change).
//!
//! Private notes about a 1:1 (R3.8) are NOT in this document: each side keeps them in its own
//! private workspace, so they can never enter a sync file (R7.2).
//!
//! # Commands
//! Each command checks who is acting (a person id must be the pair's leader or employee),
//! applies the rules that refuse (R3.2, R3.5), reconciles only the item it touches and makes
//! exactly one commit whose message records who did what (R8.5). Flags (R3.3, R3.6, R3.7) are
//! not checked here: they are computed from hydrated state by `crate::rules::one_on_one`.

use std::collections::BTreeMap;

use automerge::{transaction::Transactable, AutoCommit, ObjId, ReadDoc, ScalarValue, Value, ROOT};
use autosurgeon::{hydrate, hydrate_prop, reconcile_prop};
use chrono::{NaiveDate, NaiveDateTime};

use super::{commit, obj_at, put_map, CommandError, DocError, DocKind, DocMeta};
use crate::domain::new_id;
use crate::domain::one_on_one::{
    parse_local_datetime, Action, ActionDraft, Meeting, MeetingStatus, OneOnOne, Participant,
    Section, Sections, Side, Topic,
};
use crate::rules;

/// Schema version written by this build; loading refuses anything newer.
pub const SCHEMA: u64 = 1;

/// Longest 1:1 (planned or recorded) accepted as input; anything longer is a typo. The 30–50
/// minute guide itself is a flag (R3.3), not a limit.
pub const MAX_MINUTES: u32 = 480;
/// Longest agenda topic, in characters (a topic is a line, the notes hold the detail).
pub const MAX_TOPIC: usize = 200;
/// Longest action text, in characters.
pub const MAX_ACTION: usize = 300;
/// Longest section text, in characters (a guard against pasting a whole file).
pub const MAX_SECTION: usize = 20_000;

/// Creates a new series with every root object in ONE first change (ARCHITECTURE.md, one
/// first change). `by` is who creates it (either side may).
pub fn create(
    doc_id: &str,
    leader: &Participant,
    employee: &Participant,
    by: Side,
    now_ms: i64,
) -> Result<AutoCommit, CommandError> {
    let leader = clean_participant(leader, "leader")?;
    let employee = clean_participant(employee, "employee")?;
    if leader.id == employee.id {
        return Err(CommandError::Invalid(
            "A 1:1 series needs two different people.".into(),
        ));
    }
    let mut doc = super::new_doc();
    let meta = DocMeta {
        id: doc_id.to_string(),
        kind: DocKind::OneOnOne,
        schema: SCHEMA,
    };
    reconcile_prop(&mut doc, ROOT, "meta", &meta)?;
    doc.put(ROOT, "created_at_ms", now_ms)?;
    reconcile_prop(&mut doc, ROOT, "leader", &leader)?;
    reconcile_prop(&mut doc, ROOT, "employee", &employee)?;
    for key in ["meetings", "actions"] {
        put_map(&mut doc, &ROOT, key)?;
    }
    let author = match by {
        Side::Leader => &leader.name,
        Side::Employee => &employee.name,
    };
    let what = format!(
        "Started 1:1 series of {} and {}",
        leader.name, employee.name
    );
    commit(&mut doc, author, &what, now_ms);
    Ok(doc)
}

fn clean_participant(p: &Participant, role: &str) -> Result<Participant, CommandError> {
    let name = p.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if p.id.trim().is_empty() || name.is_empty() {
        return Err(CommandError::Invalid(format!(
            "The {role} of a 1:1 series needs an id and a name."
        )));
    }
    Ok(Participant {
        id: p.id.trim().to_string(),
        name,
    })
}

/// Hydrates the whole series after checking kind and schema.
pub fn load(doc: &AutoCommit) -> Result<OneOnOne, DocError> {
    super::check(doc, DocKind::OneOnOne, SCHEMA)?;
    Ok(hydrate(doc)?)
}

/// Whether a series that loaded before a set of new changes still loads after them, `paths`
/// being where their operations landed (`super::rights::touched_paths`): what an import checks
/// before it merges (issue 8). A series hydrates each meeting and each action on its own, and
/// the changes left every other one as it was, so only the meetings and actions they touched
/// are read again; a change anywhere else (the root, the participants) reads the whole series.
/// At five years of biweekly 1:1s this is what keeps an import under its 100 ms (issue 11).
pub fn check_changed(doc: &AutoCommit, paths: &[Vec<super::rights::Step>]) -> Result<(), DocError> {
    use super::rights::Step;
    let mut touched = std::collections::BTreeSet::new();
    for path in paths {
        match path.as_slice() {
            [Step::Key(list), Step::Key(id), ..] if list == "meetings" || list == "actions" => {
                touched.insert((list.as_str(), id.as_str()));
            }
            _ => return load(doc).map(|_| ()),
        }
    }
    super::check(doc, DocKind::OneOnOne, SCHEMA)?;
    for (list, id) in touched {
        let Some((Value::Object(automerge::ObjType::Map), obj)) = doc.get(ROOT, list)? else {
            return load(doc).map(|_| ());
        };
        // Removed: the series no longer holds it, so there is nothing to read.
        if doc.get(&obj, id)?.is_none() {
            continue;
        }
        if list == "meetings" {
            hydrate_prop::<_, Meeting, _, _>(doc, &obj, id)?;
        } else {
            hydrate_prop::<_, Action, _, _>(doc, &obj, id)?;
        }
    }
    Ok(())
}

/// The series without its prose: meetings (time, length, status, whether a development-plan
/// check was written) and actions, but no topics and no section text. Lists and the dashboard
/// (R6.1) need only this; reading every section of years of 1:1s as text is most of the cost
/// of [`load`], so they use this instead. Sections come back empty and `idp_check` holds the
/// check's text only (usually a line).
pub fn load_outline(doc: &AutoCommit) -> Result<OneOnOne, DocError> {
    let meta = super::check(doc, DocKind::OneOnOne, SCHEMA)?;
    let (leader, employee) = participants(doc)?;
    let created_at_ms: i64 = hydrate_prop(doc, ROOT, "created_at_ms")?;
    let actions: BTreeMap<String, Action> = hydrate_prop(doc, ROOT, "actions")?;
    let mut meetings = BTreeMap::new();
    if let Some((automerge::Value::Object(_), list)) = doc.get(ROOT, "meetings")? {
        for id in doc.keys(&list).collect::<Vec<_>>() {
            let Some((automerge::Value::Object(_), m)) = doc.get(&list, id.as_str())? else {
                continue;
            };
            let scheduled: String = hydrate_prop(doc, &m, "scheduled_for")?;
            let scheduled_for = parse_local_datetime(&scheduled).ok_or_else(|| {
                autosurgeon::HydrateError::unexpected("a local date-time", scheduled.clone())
            })?;
            let mut idp_check = autosurgeon::Text::default();
            if let Some((automerge::Value::Object(_), t)) = doc.get(&m, "idp_check")? {
                idp_check.splice(0, 0, &doc.text(&t)?);
            }
            meetings.insert(
                id.clone(),
                Meeting {
                    id: hydrate_prop(doc, &m, "id")?,
                    scheduled_for,
                    proposed_by: hydrate_prop(doc, &m, "proposed_by")?,
                    planned_minutes: hydrate_prop(doc, &m, "planned_minutes")?,
                    status: hydrate_prop(doc, &m, "status")?,
                    topics: BTreeMap::new(),
                    sections: Default::default(),
                    idp_check,
                    created_at_ms: hydrate_prop(doc, &m, "created_at_ms")?,
                },
            );
        }
    }
    Ok(OneOnOne {
        meta,
        created_at_ms,
        leader,
        employee,
        meetings,
        actions,
    })
}

/// The series as a page shows it (issue 11: five years of 1:1s are 130 meetings of notes):
/// every meeting's outline, and in full (topics, sections) the `recent` latest held or missed
/// ones plus every planned one. [`shown_in_full`] names the meetings hydrated in full, so a
/// page never shows an outline as if its notes were empty.
pub fn load_recent(doc: &AutoCommit, recent: usize) -> Result<OneOnOne, DocError> {
    let mut series = load_outline(doc)?;
    let full = shown_in_full(&series, recent);
    if let Some((automerge::Value::Object(_), list)) = doc.get(ROOT, "meetings")? {
        for id in full {
            let m: Meeting = hydrate_prop(doc, &list, id.as_str())?;
            series.meetings.insert(id, m);
        }
    }
    Ok(series)
}

/// The meetings [`load_recent`] hydrates in full, newest first: every planned one, the
/// `recent` latest of the others, and the held ones R3.7 reads (its findings stay those of
/// the whole series).
pub fn shown_in_full(series: &OneOnOne, recent: usize) -> Vec<String> {
    let in_order = series.meetings_in_order();
    let held = series.held_meetings();
    let r3_7: Vec<&str> = held
        .iter()
        .rev()
        .take(rules::one_on_one::STALE_MEETINGS)
        .map(|m| m.id.as_str())
        .collect();
    let mut past = 0;
    in_order
        .iter()
        .rev()
        .filter(|m| {
            let shown = m.status.is_planned() || past < recent || r3_7.contains(&m.id.as_str());
            if !m.status.is_planned() {
                past += 1;
            }
            shown
        })
        .map(|m| m.id.clone())
        .collect()
}

/// The pair, without hydrating the meetings.
pub fn participants(doc: &AutoCommit) -> Result<(Participant, Participant), DocError> {
    let leader: Participant = hydrate_prop(doc, ROOT, "leader")?;
    let employee: Participant = hydrate_prop(doc, ROOT, "employee")?;
    Ok((leader, employee))
}

/// The side and stored name of the person acting (by person id), or a refusal if they are not
/// part of the pair. The name recorded in the history is the document's, not the caller's.
fn actor(doc: &AutoCommit, by: &str) -> Result<(Side, String), CommandError> {
    let (leader, employee) = participants(doc)?;
    if by == employee.id {
        Ok((Side::Employee, employee.name))
    } else if by == leader.id {
        Ok((Side::Leader, leader.name))
    } else {
        Err(CommandError::NotAParticipant)
    }
}

fn item(
    doc: &AutoCommit,
    collection: &str,
    id: &str,
    what: &'static str,
) -> Result<ObjId, CommandError> {
    let parent = obj_at(doc, &ROOT, collection)?;
    match doc.get(&parent, id)? {
        Some((Value::Object(_), obj)) => Ok(obj),
        _ => Err(CommandError::NotFound(what)),
    }
}

fn meeting(doc: &AutoCommit, id: &str) -> Result<ObjId, CommandError> {
    item(doc, "meetings", id, "1:1")
}

fn string_at(doc: &AutoCommit, obj: &ObjId, key: &str) -> String {
    match doc.get(obj, key) {
        Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
            ScalarValue::Str(s) => s.to_string(),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// "2026-12-03 10:00" for a meeting object, for change descriptions.
fn when_label(doc: &AutoCommit, meeting: &ObjId) -> String {
    string_at(doc, meeting, "scheduled_for").replacen('T', " ", 1)
}

/// Quotes a user text for a change description, shortened so the history stays scannable.
fn quoted(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        format!("“{text}”")
    } else {
        let short: String = text.chars().take(MAX - 1).collect();
        format!("“{}…”", short.trim_end())
    }
}

fn check_minutes(minutes: u32) -> Result<(), CommandError> {
    if minutes == 0 || minutes > MAX_MINUTES {
        return Err(CommandError::Invalid(format!(
            "A 1:1 lasts between 1 and {MAX_MINUTES} minutes."
        )));
    }
    Ok(())
}

fn one_line(text: &str, max: usize, what: &str) -> Result<String, CommandError> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return Err(CommandError::Invalid(format!("Write the {what} first.")));
    }
    if t.chars().count() > max {
        return Err(CommandError::Invalid(format!(
            "A {what} can be at most {max} characters."
        )));
    }
    Ok(t)
}

/// R3.2: the employee proposes the date and time of the next 1:1; a leader's attempt is
/// refused. Returns the new meeting's id.
pub fn propose_meeting(
    doc: &mut AutoCommit,
    by: &str,
    when: NaiveDateTime,
    planned_minutes: u32,
    now_ms: i64,
) -> Result<String, CommandError> {
    let (role, by_name) = actor(doc, by)?;
    rules::one_on_one::proposer(role).map_err(|f| CommandError::Refused(vec![f]))?;
    check_minutes(planned_minutes)?;
    let m = Meeting {
        id: new_id(),
        scheduled_for: when,
        proposed_by: by.to_string(),
        planned_minutes,
        status: MeetingStatus::Planned,
        topics: BTreeMap::new(),
        sections: Sections::default(),
        idp_check: Default::default(),
        created_at_ms: now_ms,
    };
    let meetings = obj_at(doc, &ROOT, "meetings")?;
    reconcile_prop(doc, &meetings, m.id.as_str(), &m)?;
    commit(
        doc,
        &by_name,
        &format!("Proposed 1:1 on {}", m.when_label()),
        now_ms,
    );
    Ok(m.id)
}

/// R3.2: only the employee moves a planned 1:1 to another time (and length).
pub fn reschedule_meeting(
    doc: &mut AutoCommit,
    by: &str,
    meeting_id: &str,
    when: NaiveDateTime,
    planned_minutes: u32,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (role, by_name) = actor(doc, by)?;
    rules::one_on_one::proposer(role).map_err(|f| CommandError::Refused(vec![f]))?;
    check_minutes(planned_minutes)?;
    let obj = meeting(doc, meeting_id)?;
    let status: MeetingStatus = hydrate_prop(&*doc, &obj, "status")?;
    if !status.is_planned() {
        return Err(CommandError::Invalid(
            "This 1:1 is already recorded; propose a new one instead.".into(),
        ));
    }
    let before = when_label(doc, &obj);
    reconcile_prop(
        doc,
        &obj,
        "scheduled_for",
        when.format("%Y-%m-%dT%H:%M").to_string(),
    )?;
    reconcile_prop(doc, &obj, "planned_minutes", planned_minutes)?;
    let what = format!("Moved 1:1 of {before} to {}", when.format("%Y-%m-%d %H:%M"));
    commit(doc, &by_name, &what, now_ms);
    Ok(())
}

/// R3.2: either side adds an agenda topic; the topic records who added it. Returns its id.
pub fn add_topic(
    doc: &mut AutoCommit,
    by: &str,
    meeting_id: &str,
    text: &str,
    now_ms: i64,
) -> Result<String, CommandError> {
    let (_, by_name) = actor(doc, by)?;
    let text = one_line(text, MAX_TOPIC, "topic")?;
    let m = meeting(doc, meeting_id)?;
    let topics = obj_at(doc, &m, "topics")?;
    let t = Topic {
        id: new_id(),
        text,
        added_by: by.to_string(),
        added_at_ms: now_ms,
        discussed: false,
    };
    reconcile_prop(doc, &topics, t.id.as_str(), &t)?;
    commit(
        doc,
        &by_name,
        &format!("Added topic {}", quoted(&t.text)),
        now_ms,
    );
    Ok(t.id)
}

pub fn set_topic_discussed(
    doc: &mut AutoCommit,
    by: &str,
    meeting_id: &str,
    topic_id: &str,
    discussed: bool,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (_, by_name) = actor(doc, by)?;
    let m = meeting(doc, meeting_id)?;
    let topics = obj_at(doc, &m, "topics")?;
    let topic = match doc.get(&topics, topic_id)? {
        Some((Value::Object(_), obj)) => obj,
        _ => return Err(CommandError::NotFound("topic")),
    };
    let text = string_at(doc, &topic, "text");
    doc.put(&topic, "discussed", discussed)?;
    let what = if discussed {
        format!("Marked topic {} discussed", quoted(&text))
    } else {
        format!("Marked topic {} not discussed", quoted(&text))
    };
    commit(doc, &by_name, &what, now_ms);
    Ok(())
}

/// R3.4: replaces the text of one section with what the editor now shows. The new value is
/// diffed against the stored text (Automerge's own diff, which counts in the document's text
/// units, so non-ASCII text is safe), so only the typed characters become operations and a
/// concurrent edit by the other side merges character by character. No change, no commit.
pub fn edit_section(
    doc: &mut AutoCommit,
    by: &str,
    meeting_id: &str,
    section: Section,
    new_text: impl Into<crate::text::TextEdit>,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (_, by_name) = actor(doc, by)?;
    let edit = new_text.into();
    if edit.chars() > MAX_SECTION {
        return Err(CommandError::Invalid(format!(
            "A section can be at most {MAX_SECTION} characters."
        )));
    }
    let m = meeting(doc, meeting_id)?;
    let (parent, key) = match section {
        Section::IdpCheck => (m.clone(), "idp_check"),
        _ => (obj_at(doc, &m, "sections")?, section.slug()),
    };
    if !super::set_text(doc, &parent, key, edit)? {
        return Ok(());
    }
    let what = format!(
        "Edited {} of the 1:1 on {}",
        section.label().to_lowercase(),
        when_label(doc, &m)
    );
    commit(doc, &by_name, &what, now_ms);
    Ok(())
}

/// Records a 1:1 as held with its real length (R3.3 flags a length outside 30–50 minutes;
/// R3.6 counts it for adherence). Either side may record it; recording again corrects it.
pub fn record_held(
    doc: &mut AutoCommit,
    by: &str,
    meeting_id: &str,
    actual_minutes: u32,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (_, by_name) = actor(doc, by)?;
    check_minutes(actual_minutes)?;
    let m = meeting(doc, meeting_id)?;
    reconcile_prop(doc, &m, "status", MeetingStatus::Held { actual_minutes })?;
    let what = format!(
        "Recorded 1:1 on {} as held ({actual_minutes} min)",
        when_label(doc, &m)
    );
    commit(doc, &by_name, &what, now_ms);
    Ok(())
}

/// Records a 1:1 as missed. A reason is required: a 1:1 is never silently dropped.
pub fn record_missed(
    doc: &mut AutoCommit,
    by: &str,
    meeting_id: &str,
    reason: &str,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (_, by_name) = actor(doc, by)?;
    let reason = one_line(reason, MAX_TOPIC, "reason")?;
    let m = meeting(doc, meeting_id)?;
    let what = format!(
        "Recorded 1:1 on {} as missed: {}",
        when_label(doc, &m),
        quoted(&reason)
    );
    reconcile_prop(doc, &m, "status", MeetingStatus::Missed { reason })?;
    commit(doc, &by_name, &what, now_ms);
    Ok(())
}

/// R3.5: adds a follow-up action agreed in a 1:1. An action without an owner or a due date
/// is refused. Returns the action's id.
pub fn add_action(
    doc: &mut AutoCommit,
    by: &str,
    draft: &ActionDraft,
    now_ms: i64,
) -> Result<String, CommandError> {
    let (_, by_name) = actor(doc, by)?;
    let valid = rules::one_on_one::validate_action(draft).map_err(CommandError::Refused)?;
    let text = one_line(&valid.text, MAX_ACTION, "action")?;
    meeting(doc, &draft.meeting_id)?;
    let (leader, employee) = participants(doc)?;
    let a = Action {
        id: new_id(),
        text,
        owner: valid.owner,
        due: valid.due,
        done_on: None,
        meeting_id: draft.meeting_id.clone(),
        added_by: by.to_string(),
        added_at_ms: now_ms,
    };
    let actions = obj_at(doc, &ROOT, "actions")?;
    reconcile_prop(doc, &actions, a.id.as_str(), &a)?;
    let owner = match a.owner {
        Side::Leader => leader.name,
        Side::Employee => employee.name,
    };
    let what = format!(
        "Added action {} for {owner}, due {}",
        quoted(&a.text),
        a.due
    );
    commit(doc, &by_name, &what, now_ms);
    Ok(a.id)
}

/// Marks an action done on `on`. Either side may, whoever owns it.
pub fn complete_action(
    doc: &mut AutoCommit,
    by: &str,
    action_id: &str,
    on: NaiveDate,
    now_ms: i64,
) -> Result<(), CommandError> {
    set_done(doc, by, action_id, Some(on), now_ms)
}

/// Opens a done action again (it then carries over again, R3.5).
pub fn reopen_action(
    doc: &mut AutoCommit,
    by: &str,
    action_id: &str,
    now_ms: i64,
) -> Result<(), CommandError> {
    set_done(doc, by, action_id, None, now_ms)
}

fn set_done(
    doc: &mut AutoCommit,
    by: &str,
    action_id: &str,
    on: Option<NaiveDate>,
    now_ms: i64,
) -> Result<(), CommandError> {
    let (_, by_name) = actor(doc, by)?;
    let a = item(doc, "actions", action_id, "action")?;
    let text = string_at(doc, &a, "text");
    let stored = on.map(|d| d.format("%Y-%m-%d").to_string());
    reconcile_prop(doc, &a, "done_on", stored)?;
    let what = match on {
        Some(_) => format!("Completed action {}", quoted(&text)),
        None => format!("Reopened action {}", quoted(&text)),
    };
    commit(doc, &by_name, &what, now_ms);
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests;
