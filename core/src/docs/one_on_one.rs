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
//! Every text object of a meeting is created in the change that proposes it, never lazily:
//! two sides creating the same missing object concurrently would race exactly like the
//! "initial document trap" (DESIGN.md), and one side's notes would vanish.
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
use autosurgeon::{hydrate, hydrate_prop, reconcile_prop, Hydrate, Reconcile};
use chrono::{NaiveDate, NaiveDateTime};

use super::{commit, obj_at, put_map, DocError, DocKind, DocMeta};
use crate::domain::new_id;
use crate::domain::one_on_one::{
    parse_local_datetime, role_of, Action, ActionDraft, Meeting, MeetingStatus, Participant, Role,
    Section, Sections, Topic,
};
use crate::rules::{self, Finding};

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

/// The hydrated 1:1 document: the whole series of one leader–employee pair (R3.1).
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile)]
pub struct OneOnOne {
    pub meta: DocMeta,
    pub created_at_ms: i64,
    pub leader: Participant,
    pub employee: Participant,
    pub meetings: BTreeMap<String, Meeting>,
    pub actions: BTreeMap<String, Action>,
}

impl OneOnOne {
    pub fn role_of(&self, person_id: &str) -> Option<Role> {
        role_of(&self.leader, &self.employee, person_id)
    }

    pub fn participant(&self, role: Role) -> &Participant {
        match role {
            Role::Leader => &self.leader,
            Role::Employee => &self.employee,
        }
    }

    /// Display name for a person id stored in the document ("who added what", R3.2).
    pub fn name_of(&self, person_id: &str) -> &str {
        match self.role_of(person_id) {
            Some(r) => &self.participant(r).name,
            None => "someone else",
        }
    }

    /// All 1:1s, oldest first (ties by id so every replica shows the same order).
    pub fn meetings_in_order(&self) -> Vec<&Meeting> {
        let mut v: Vec<&Meeting> = self.meetings.values().collect();
        v.sort_by(|a, b| {
            a.scheduled_for
                .cmp(&b.scheduled_for)
                .then_with(|| a.id.cmp(&b.id))
        });
        v
    }

    /// Held 1:1s, oldest first.
    pub fn held_meetings(&self) -> Vec<&Meeting> {
        self.meetings_in_order()
            .into_iter()
            .filter(|m| m.status.is_held())
            .collect()
    }

    /// Actions not done yet, soonest due first.
    pub fn open_actions(&self) -> Vec<&Action> {
        let mut v: Vec<&Action> = self.actions.values().filter(|a| a.is_open()).collect();
        v.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.id.cmp(&b.id)));
        v
    }

    /// Actions agreed in one 1:1.
    pub fn actions_of(&self, meeting_id: &str) -> Vec<&Action> {
        let mut v: Vec<&Action> = self
            .actions
            .values()
            .filter(|a| a.meeting_id == meeting_id)
            .collect();
        v.sort_by(|a, b| {
            a.added_at_ms
                .cmp(&b.added_at_ms)
                .then_with(|| a.id.cmp(&b.id))
        });
        v
    }
}

/// Why a command did not change the document.
#[derive(Debug, thiserror::Error)]
pub enum OneOnOneError {
    #[error(transparent)]
    Doc(#[from] DocError),
    /// A rule refused the command (R3.2, R3.5); each finding carries its rule id and message.
    #[error("{}", .0.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(" "))]
    Refused(Vec<Finding>),
    /// The input is not usable (empty text, impossible length …).
    #[error("{0}")]
    Invalid(String),
    #[error("This {0} is not in this copy of the series (it may not have arrived yet).")]
    NotFound(&'static str),
    #[error("You are not part of this 1:1 series.")]
    NotAParticipant,
}

impl From<automerge::AutomergeError> for OneOnOneError {
    fn from(e: automerge::AutomergeError) -> Self {
        OneOnOneError::Doc(e.into())
    }
}

impl From<autosurgeon::ReconcileError> for OneOnOneError {
    fn from(e: autosurgeon::ReconcileError) -> Self {
        OneOnOneError::Doc(e.into())
    }
}

impl From<autosurgeon::HydrateError> for OneOnOneError {
    fn from(e: autosurgeon::HydrateError) -> Self {
        OneOnOneError::Doc(e.into())
    }
}

/// Creates a new series with every root object in ONE first change, so that the other side,
/// which only ever loads this document from a sync file, can never race on the root keys
/// (DESIGN.md, "initial document trap"). `by` is who creates it (either side may).
pub fn create(
    doc_id: &str,
    leader: &Participant,
    employee: &Participant,
    by: Role,
    now_ms: i64,
) -> Result<AutoCommit, OneOnOneError> {
    let leader = clean_participant(leader, "leader")?;
    let employee = clean_participant(employee, "employee")?;
    if leader.id == employee.id {
        return Err(OneOnOneError::Invalid(
            "A 1:1 series needs two different people.".into(),
        ));
    }
    let mut doc = super::new_doc();
    let meta = DocMeta {
        id: doc_id.to_string(),
        kind: DocKind::OneOnOne.as_str().to_string(),
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
        Role::Leader => &leader.name,
        Role::Employee => &employee.name,
    };
    let what = format!(
        "Started 1:1 series of {} and {}",
        leader.name, employee.name
    );
    commit(&mut doc, author, &what, now_ms);
    Ok(doc)
}

fn clean_participant(p: &Participant, role: &str) -> Result<Participant, OneOnOneError> {
    let name = p.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if p.id.trim().is_empty() || name.is_empty() {
        return Err(OneOnOneError::Invalid(format!(
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

/// The pair, without hydrating the meetings.
pub fn participants(doc: &AutoCommit) -> Result<(Participant, Participant), DocError> {
    let leader: Participant = hydrate_prop(doc, ROOT, "leader")?;
    let employee: Participant = hydrate_prop(doc, ROOT, "employee")?;
    Ok((leader, employee))
}

/// The role of the person acting, or a refusal if they are not part of the pair.
fn role(doc: &AutoCommit, by: &Participant) -> Result<Role, OneOnOneError> {
    let (leader, employee) = participants(doc)?;
    role_of(&leader, &employee, &by.id).ok_or(OneOnOneError::NotAParticipant)
}

fn item(
    doc: &AutoCommit,
    collection: &str,
    id: &str,
    what: &'static str,
) -> Result<ObjId, OneOnOneError> {
    let parent = obj_at(doc, &ROOT, collection)?;
    match doc.get(&parent, id)? {
        Some((Value::Object(_), obj)) => Ok(obj),
        _ => Err(OneOnOneError::NotFound(what)),
    }
}

fn meeting(doc: &AutoCommit, id: &str) -> Result<ObjId, OneOnOneError> {
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

fn check_minutes(minutes: u32) -> Result<(), OneOnOneError> {
    if minutes == 0 || minutes > MAX_MINUTES {
        return Err(OneOnOneError::Invalid(format!(
            "A 1:1 lasts between 1 and {MAX_MINUTES} minutes."
        )));
    }
    Ok(())
}

fn one_line(text: &str, max: usize, what: &str) -> Result<String, OneOnOneError> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return Err(OneOnOneError::Invalid(format!("Write the {what} first.")));
    }
    if t.chars().count() > max {
        return Err(OneOnOneError::Invalid(format!(
            "A {what} can be at most {max} characters."
        )));
    }
    Ok(t)
}

/// R3.2: the employee proposes the date and time of the next 1:1; a leader's attempt is
/// refused. Returns the new meeting's id.
pub fn propose_meeting(
    doc: &mut AutoCommit,
    by: &Participant,
    when: NaiveDateTime,
    planned_minutes: u32,
    now_ms: i64,
) -> Result<String, OneOnOneError> {
    let role = role(doc, by)?;
    rules::one_on_one::proposer(role).map_err(|f| OneOnOneError::Refused(vec![f]))?;
    check_minutes(planned_minutes)?;
    let m = Meeting {
        id: new_id(),
        scheduled_for: when,
        proposed_by: by.id.clone(),
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
        &by.name,
        &format!("Proposed 1:1 on {}", m.when_label()),
        now_ms,
    );
    Ok(m.id)
}

/// R3.2: only the employee moves a planned 1:1 to another time (and length).
pub fn reschedule_meeting(
    doc: &mut AutoCommit,
    by: &Participant,
    meeting_id: &str,
    when: NaiveDateTime,
    planned_minutes: u32,
    now_ms: i64,
) -> Result<(), OneOnOneError> {
    let role = role(doc, by)?;
    rules::one_on_one::proposer(role).map_err(|f| OneOnOneError::Refused(vec![f]))?;
    check_minutes(planned_minutes)?;
    let obj = meeting(doc, meeting_id)?;
    let status: MeetingStatus = hydrate_prop(&*doc, &obj, "status")?;
    if !status.is_planned() {
        return Err(OneOnOneError::Invalid(
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
    commit(doc, &by.name, &what, now_ms);
    Ok(())
}

/// R3.2: either side adds an agenda topic; the topic records who added it. Returns its id.
pub fn add_topic(
    doc: &mut AutoCommit,
    by: &Participant,
    meeting_id: &str,
    text: &str,
    now_ms: i64,
) -> Result<String, OneOnOneError> {
    role(doc, by)?;
    let text = one_line(text, MAX_TOPIC, "topic")?;
    let m = meeting(doc, meeting_id)?;
    let topics = obj_at(doc, &m, "topics")?;
    let t = Topic {
        id: new_id(),
        text,
        added_by: by.id.clone(),
        added_at_ms: now_ms,
        discussed: false,
    };
    reconcile_prop(doc, &topics, t.id.as_str(), &t)?;
    commit(
        doc,
        &by.name,
        &format!("Added topic {}", quoted(&t.text)),
        now_ms,
    );
    Ok(t.id)
}

pub fn set_topic_discussed(
    doc: &mut AutoCommit,
    by: &Participant,
    meeting_id: &str,
    topic_id: &str,
    discussed: bool,
    now_ms: i64,
) -> Result<(), OneOnOneError> {
    role(doc, by)?;
    let m = meeting(doc, meeting_id)?;
    let topics = obj_at(doc, &m, "topics")?;
    let topic = match doc.get(&topics, topic_id)? {
        Some((Value::Object(_), obj)) => obj,
        _ => return Err(OneOnOneError::NotFound("topic")),
    };
    let text = string_at(doc, &topic, "text");
    doc.put(&topic, "discussed", discussed)?;
    let what = if discussed {
        format!("Marked topic {} discussed", quoted(&text))
    } else {
        format!("Marked topic {} not discussed", quoted(&text))
    };
    commit(doc, &by.name, &what, now_ms);
    Ok(())
}

/// R3.4: replaces the text of one section with what the editor now shows. The new value is
/// diffed against the stored text (Automerge's own diff, which counts in the document's text
/// units, so non-ASCII text is safe), so only the typed characters become operations and a
/// concurrent edit by the other side merges character by character. No change, no commit.
pub fn edit_section(
    doc: &mut AutoCommit,
    by: &Participant,
    meeting_id: &str,
    section: Section,
    new_text: impl Into<crate::text::TextEdit>,
    now_ms: i64,
) -> Result<(), OneOnOneError> {
    role(doc, by)?;
    let edit = new_text.into();
    if edit.chars() > MAX_SECTION {
        return Err(OneOnOneError::Invalid(format!(
            "A section can be at most {MAX_SECTION} characters."
        )));
    }
    let m = meeting(doc, meeting_id)?;
    let text = match section {
        Section::IdpCheck => obj_at(doc, &m, "idp_check")?,
        _ => {
            let sections = obj_at(doc, &m, "sections")?;
            obj_at(doc, &sections, section.slug())?
        }
    };
    if !super::update_text(doc, &text, &edit)? {
        return Ok(());
    }
    let what = format!(
        "Edited {} of the 1:1 on {}",
        section.label().to_lowercase(),
        when_label(doc, &m)
    );
    commit(doc, &by.name, &what, now_ms);
    Ok(())
}

/// Records a 1:1 as held with its real length (R3.3 flags a length outside 30–50 minutes;
/// R3.6 counts it for adherence). Either side may record it; recording again corrects it.
pub fn record_held(
    doc: &mut AutoCommit,
    by: &Participant,
    meeting_id: &str,
    actual_minutes: u32,
    now_ms: i64,
) -> Result<(), OneOnOneError> {
    role(doc, by)?;
    check_minutes(actual_minutes)?;
    let m = meeting(doc, meeting_id)?;
    reconcile_prop(doc, &m, "status", MeetingStatus::Held { actual_minutes })?;
    let what = format!(
        "Recorded 1:1 on {} as held ({actual_minutes} min)",
        when_label(doc, &m)
    );
    commit(doc, &by.name, &what, now_ms);
    Ok(())
}

/// Records a 1:1 as missed. A reason is required: a 1:1 is never silently dropped.
pub fn record_missed(
    doc: &mut AutoCommit,
    by: &Participant,
    meeting_id: &str,
    reason: &str,
    now_ms: i64,
) -> Result<(), OneOnOneError> {
    role(doc, by)?;
    let reason = one_line(reason, MAX_TOPIC, "reason")?;
    let m = meeting(doc, meeting_id)?;
    let what = format!(
        "Recorded 1:1 on {} as missed: {}",
        when_label(doc, &m),
        quoted(&reason)
    );
    reconcile_prop(doc, &m, "status", MeetingStatus::Missed { reason })?;
    commit(doc, &by.name, &what, now_ms);
    Ok(())
}

/// R3.5: adds a follow-up action agreed in a 1:1. An action without an owner or a due date
/// is refused. Returns the action's id.
pub fn add_action(
    doc: &mut AutoCommit,
    by: &Participant,
    draft: &ActionDraft,
    now_ms: i64,
) -> Result<String, OneOnOneError> {
    role(doc, by)?;
    let valid = rules::one_on_one::validate_action(draft).map_err(OneOnOneError::Refused)?;
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
        added_by: by.id.clone(),
        added_at_ms: now_ms,
    };
    let actions = obj_at(doc, &ROOT, "actions")?;
    reconcile_prop(doc, &actions, a.id.as_str(), &a)?;
    let owner = match a.owner {
        Role::Leader => leader.name,
        Role::Employee => employee.name,
    };
    let what = format!(
        "Added action {} for {owner}, due {}",
        quoted(&a.text),
        a.due
    );
    commit(doc, &by.name, &what, now_ms);
    Ok(a.id)
}

/// Marks an action done on `on`. Either side may, whoever owns it.
pub fn complete_action(
    doc: &mut AutoCommit,
    by: &Participant,
    action_id: &str,
    on: NaiveDate,
    now_ms: i64,
) -> Result<(), OneOnOneError> {
    set_done(doc, by, action_id, Some(on), now_ms)
}

/// Opens a done action again (it then carries over again, R3.5).
pub fn reopen_action(
    doc: &mut AutoCommit,
    by: &Participant,
    action_id: &str,
    now_ms: i64,
) -> Result<(), OneOnOneError> {
    set_done(doc, by, action_id, None, now_ms)
}

fn set_done(
    doc: &mut AutoCommit,
    by: &Participant,
    action_id: &str,
    on: Option<NaiveDate>,
    now_ms: i64,
) -> Result<(), OneOnOneError> {
    role(doc, by)?;
    let a = item(doc, "actions", action_id, "action")?;
    let text = string_at(doc, &a, "text");
    let stored = on.map(|d| d.format("%Y-%m-%d").to_string());
    reconcile_prop(doc, &a, "done_on", stored)?;
    let what = match on {
        Some(_) => format!("Completed action {}", quoted(&text)),
        None => format!("Reopened action {}", quoted(&text)),
    };
    commit(doc, &by.name, &what, now_ms);
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::docs::history;
    use crate::rules::Severity;
    use automerge::ActorId;

    pub(crate) fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub(crate) fn dt(s: &str) -> NaiveDateTime {
        crate::domain::one_on_one::parse_local_datetime(s).unwrap()
    }

    /// 2026-01-01T00:00:00Z.
    pub(crate) const NEW_YEAR_MS: i64 = 1_767_225_600_000;

    /// A series of leader Lea and employee Eve, created by Lea on 2026-01-01.
    pub(crate) fn fixture() -> (AutoCommit, Participant, Participant) {
        let lea = Participant::new("leader-1", "Lea");
        let eve = Participant::new("employee-1", "Eve");
        let doc = create("series-1", &lea, &eve, Role::Leader, NEW_YEAR_MS).unwrap();
        (doc, lea, eve)
    }

    #[test]
    fn the_outline_is_the_series_without_its_prose() {
        let (mut doc, lea, eve) = fixture();
        let m = propose_meeting(&mut doc, &eve, dt("2026-01-08T10:00"), 40, 1).unwrap();
        add_topic(&mut doc, &eve, &m, "Conference budget", 2).unwrap();
        edit_section(&mut doc, &lea, &m, Section::Connection, "Good week.", 3).unwrap();
        edit_section(&mut doc, &eve, &m, Section::IdpCheck, "On track.", 4).unwrap();
        record_held(&mut doc, &lea, &m, 35, 5).unwrap();
        let draft = ActionDraft {
            meeting_id: m.clone(),
            text: "Book the course".into(),
            owner: Some(Role::Employee),
            due: Some(d("2026-01-20")),
        };
        add_action(&mut doc, &eve, &draft, 6).unwrap();
        propose_meeting(&mut doc, &eve, dt("2026-01-22T10:00"), 30, 7).unwrap();

        let mut full = load(&doc).unwrap();
        for meeting in full.meetings.values_mut() {
            meeting.topics.clear();
            meeting.sections = Sections::default();
        }
        assert_eq!(load_outline(&doc).unwrap(), full);
    }

    #[test]
    fn create_puts_every_root_object_in_one_change() {
        let (mut doc, _, _) = fixture();
        assert_eq!(doc.get_changes(&[]).len(), 1);
        let one = load(&doc).unwrap();
        assert_eq!(one.meta.kind, "one-on-one");
        assert_eq!(one.meta.id, "series-1");
        assert_eq!(one.leader.name, "Lea");
        assert_eq!(one.employee.name, "Eve");
        assert!(one.meetings.is_empty() && one.actions.is_empty());
        assert_eq!(one.created_at_ms, NEW_YEAR_MS);
        let h = history(&mut doc);
        assert_eq!(
            (h[0].by.as_str(), h[0].what.as_str()),
            ("Lea", "Started 1:1 series of Lea and Eve")
        );
    }

    #[test]
    fn create_refuses_one_person_twice_or_blank_people() {
        let lea = Participant::new("p", "Lea");
        assert!(matches!(
            create("s", &lea, &lea, Role::Leader, 0),
            Err(OneOnOneError::Invalid(_))
        ));
        let blank = Participant::new("q", "  ");
        assert!(matches!(
            create("s", &lea, &blank, Role::Leader, 0),
            Err(OneOnOneError::Invalid(_))
        ));
    }

    #[test]
    fn full_meeting_round_trip_through_bytes() {
        let (mut doc, lea, eve) = fixture();
        let m = propose_meeting(&mut doc, &eve, dt("2026-12-03T10:00"), 45, 10).unwrap();
        let t1 = add_topic(&mut doc, &eve, &m, "  Roadmap  ", 11).unwrap();
        let t2 = add_topic(&mut doc, &lea, &m, "Team offsite", 12).unwrap();
        set_topic_discussed(&mut doc, &lea, &m, &t1, true, 13).unwrap();
        edit_section(
            &mut doc,
            &eve,
            &m,
            Section::Connection,
            "Back from holiday, rested.",
            14,
        )
        .unwrap();
        edit_section(
            &mut doc,
            &lea,
            &m,
            Section::IdpCheck,
            "Still aiming for tech lead in 3 years.",
            15,
        )
        .unwrap();
        let draft = ActionDraft {
            meeting_id: m.clone(),
            text: "Share the roadmap draft".into(),
            owner: Some(Role::Leader),
            due: Some(d("2026-12-10")),
        };
        let a = add_action(&mut doc, &eve, &draft, 16).unwrap();
        record_held(&mut doc, &lea, &m, 40, 17).unwrap();

        let loaded = crate::docs::load_checked(&doc.save(), DocKind::OneOnOne, SCHEMA).unwrap();
        let one = load(&loaded).unwrap();
        let meeting = &one.meetings[&m];
        assert_eq!(meeting.when_label(), "2026-12-03 10:00");
        assert_eq!(meeting.proposed_by, eve.id);
        assert_eq!(meeting.status, MeetingStatus::Held { actual_minutes: 40 });
        let topics = meeting.topics_in_order();
        assert_eq!(
            topics.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            [t1.as_str(), t2.as_str()]
        );
        assert_eq!(topics[0].text, "Roadmap");
        assert!(topics[0].discussed && !topics[1].discussed);
        // R3.2: the app shows who added what.
        assert_eq!(one.name_of(&topics[0].added_by), "Eve");
        assert_eq!(one.name_of(&topics[1].added_by), "Lea");
        assert_eq!(
            meeting.text(Section::Connection),
            "Back from holiday, rested."
        );
        assert_eq!(
            meeting.text(Section::IdpCheck),
            "Still aiming for tech lead in 3 years."
        );
        assert_eq!(meeting.text(Section::Metrics), "");
        let action = &one.actions[&a];
        assert_eq!(
            (action.owner, action.due, action.done_on),
            (Role::Leader, d("2026-12-10"), None)
        );
        assert_eq!(one.actions_of(&m).len(), 1);
    }

    #[test]
    fn r3_2_a_leader_proposing_is_refused_and_nothing_changes() {
        let (mut doc, lea, eve) = fixture();
        let heads = doc.get_heads();
        match propose_meeting(&mut doc, &lea, dt("2026-12-03T10:00"), 45, 1) {
            Err(OneOnOneError::Refused(f)) => {
                assert_eq!(f[0].rule, "R3.2");
                assert_eq!(f[0].severity, Severity::Refuse);
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(doc.get_heads(), heads);
        let m = propose_meeting(&mut doc, &eve, dt("2026-12-03T10:00"), 45, 1).unwrap();
        let err =
            reschedule_meeting(&mut doc, &lea, &m, dt("2026-12-04T10:00"), 45, 2).unwrap_err();
        assert!(err.to_string().contains("employee-led"));
        reschedule_meeting(&mut doc, &eve, &m, dt("2026-12-04T11:30"), 30, 2).unwrap();
        let one = load(&doc).unwrap();
        assert_eq!(
            (
                one.meetings[&m].when_label(),
                one.meetings[&m].planned_minutes
            ),
            ("2026-12-04 11:30".into(), 30)
        );
        record_held(&mut doc, &lea, &m, 30, 3).unwrap();
        assert!(matches!(
            reschedule_meeting(&mut doc, &eve, &m, dt("2026-12-05T10:00"), 45, 4),
            Err(OneOnOneError::Invalid(_))
        ));
    }

    #[test]
    fn r3_5_actions_without_owner_or_due_date_are_refused() {
        let (mut doc, lea, eve) = fixture();
        let m = propose_meeting(&mut doc, &eve, dt("2026-12-03T10:00"), 45, 1).unwrap();
        let heads = doc.get_heads();
        let draft = ActionDraft {
            meeting_id: m.clone(),
            text: "Book the course".into(),
            owner: None,
            due: None,
        };
        let err = add_action(&mut doc, &lea, &draft, 2).unwrap_err();
        match &err {
            OneOnOneError::Refused(f) => {
                assert!(f.len() == 2 && f.iter().all(|f| f.rule == "R3.5"))
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(err.to_string().contains("owns") && err.to_string().contains("due date"));
        assert_eq!(doc.get_heads(), heads);
        let ok = ActionDraft {
            owner: Some(Role::Employee),
            due: Some(d("2026-12-17")),
            ..draft.clone()
        };
        let unknown = ActionDraft {
            meeting_id: "nope".into(),
            ..ok.clone()
        };
        assert!(matches!(
            add_action(&mut doc, &lea, &unknown, 2),
            Err(OneOnOneError::NotFound("1:1"))
        ));
        let a = add_action(&mut doc, &lea, &ok, 2).unwrap();
        complete_action(&mut doc, &eve, &a, d("2026-12-15"), 3).unwrap();
        assert_eq!(
            load(&doc).unwrap().actions[&a].done_on,
            Some(d("2026-12-15"))
        );
        reopen_action(&mut doc, &lea, &a, 4).unwrap();
        assert!(load(&doc).unwrap().actions[&a].is_open());
        let h = history(&mut doc);
        let whats: Vec<&str> = h.iter().map(|e| e.what.as_str()).collect();
        assert!(whats.contains(&"Added action “Book the course” for Eve, due 2026-12-17"));
        assert!(whats.contains(&"Completed action “Book the course”"));
        assert!(whats.contains(&"Reopened action “Book the course”"));
    }

    #[test]
    fn only_the_pair_can_edit_and_unknown_items_are_reported() {
        let (mut doc, _, eve) = fixture();
        let stranger = Participant::new("x", "Mallory");
        assert!(matches!(
            propose_meeting(&mut doc, &stranger, dt("2026-12-03T10:00"), 45, 1),
            Err(OneOnOneError::NotAParticipant)
        ));
        let m = propose_meeting(&mut doc, &eve, dt("2026-12-03T10:00"), 45, 1).unwrap();
        assert!(matches!(
            add_topic(&mut doc, &stranger, &m, "Hi", 2),
            Err(OneOnOneError::NotAParticipant)
        ));
        assert!(matches!(
            add_topic(&mut doc, &eve, "nope", "Hi", 2),
            Err(OneOnOneError::NotFound("1:1"))
        ));
        assert!(matches!(
            set_topic_discussed(&mut doc, &eve, &m, "nope", true, 2),
            Err(OneOnOneError::NotFound("topic"))
        ));
        assert!(matches!(
            complete_action(&mut doc, &eve, "nope", d("2026-12-03"), 2),
            Err(OneOnOneError::NotFound("action"))
        ));
        assert!(matches!(
            add_topic(&mut doc, &eve, &m, "   ", 2),
            Err(OneOnOneError::Invalid(_))
        ));
        assert!(matches!(
            add_topic(&mut doc, &eve, &m, &"x".repeat(201), 2),
            Err(OneOnOneError::Invalid(_))
        ));
        assert!(matches!(
            record_held(&mut doc, &eve, &m, 0, 2),
            Err(OneOnOneError::Invalid(_))
        ));
        assert!(matches!(
            record_missed(&mut doc, &eve, &m, " ", 2),
            Err(OneOnOneError::Invalid(_))
        ));
        assert!(matches!(
            propose_meeting(&mut doc, &eve, dt("2026-12-03T10:00"), 481, 1),
            Err(OneOnOneError::Invalid(_))
        ));
        record_missed(&mut doc, &eve, &m, "Team offsite", 3).unwrap();
        assert_eq!(
            load(&doc).unwrap().meetings[&m].status,
            MeetingStatus::Missed {
                reason: "Team offsite".into()
            }
        );
    }

    #[test]
    fn commits_describe_who_did_what() {
        let (mut doc, lea, eve) = fixture();
        let m = propose_meeting(
            &mut doc,
            &eve,
            dt("2026-12-03T10:00"),
            45,
            NEW_YEAR_MS + 1_000,
        )
        .unwrap();
        add_topic(&mut doc, &lea, &m, "Roadmap", NEW_YEAR_MS + 2_000).unwrap();
        edit_section(
            &mut doc,
            &lea,
            &m,
            Section::FeedbackToEmployee,
            "Great demo",
            NEW_YEAR_MS + 3_000,
        )
        .unwrap();
        record_held(&mut doc, &lea, &m, 45, NEW_YEAR_MS + 4_000).unwrap();
        let long = "A topic that is much longer than forty characters in total";
        add_topic(&mut doc, &eve, &m, long, NEW_YEAR_MS + 5_000).unwrap();
        let h = history(&mut doc);
        let got: Vec<(&str, &str)> = h.iter().map(|e| (e.by.as_str(), e.what.as_str())).collect();
        assert_eq!(
            got[..5],
            [
                (
                    "Eve",
                    "Added topic “A topic that is much longer than forty…”"
                ),
                ("Lea", "Recorded 1:1 on 2026-12-03 10:00 as held (45 min)"),
                (
                    "Lea",
                    "Edited feedback to the employee of the 1:1 on 2026-12-03 10:00"
                ),
                ("Lea", "Added topic “Roadmap”"),
                ("Eve", "Proposed 1:1 on 2026-12-03 10:00"),
            ]
        );
    }

    #[test]
    fn r3_4_section_edits_are_character_diffs_and_skip_no_ops() {
        let (mut doc, lea, eve) = fixture();
        let m = propose_meeting(&mut doc, &eve, dt("2026-12-03T10:00"), 45, 1).unwrap();
        edit_section(
            &mut doc,
            &eve,
            &m,
            Section::Metrics,
            "Déjà vu: “NPS” 42 → 45",
            2,
        )
        .unwrap();
        let heads = doc.get_heads();
        edit_section(
            &mut doc,
            &lea,
            &m,
            Section::Metrics,
            "Déjà vu: “NPS” 42 → 45 ✓",
            3,
        )
        .unwrap();
        let changes = doc.get_changes(&heads);
        assert_eq!(changes.len(), 1);
        // " ✓" is two characters: two insert operations, nothing rewritten.
        assert_eq!(changes[0].len(), 2);
        let heads = doc.get_heads();
        edit_section(
            &mut doc,
            &lea,
            &m,
            Section::Metrics,
            "Déjà vu: “NPS” 42 → 45 ✓",
            4,
        )
        .unwrap();
        assert_eq!(doc.get_heads(), heads, "an unchanged text makes no commit");
        // Non-ASCII before the edit point: positions must be counted in characters, not bytes.
        edit_section(
            &mut doc,
            &lea,
            &m,
            Section::Metrics,
            "Déjà vu: “NPS” 42 → 46 ✓",
            5,
        )
        .unwrap();
        assert_eq!(
            load(&doc).unwrap().meetings[&m].text(Section::Metrics),
            "Déjà vu: “NPS” 42 → 46 ✓"
        );
        assert!(matches!(
            edit_section(
                &mut doc,
                &lea,
                &m,
                Section::Metrics,
                "x".repeat(MAX_SECTION + 1),
                6
            ),
            Err(OneOnOneError::Invalid(_))
        ));
    }

    #[test]
    fn r3_4_concurrent_edits_of_one_section_keep_both_sides_text() {
        let (mut leader_doc, lea, eve) = fixture();
        let m = propose_meeting(&mut leader_doc, &eve, dt("2026-12-03T10:00"), 45, 1).unwrap();
        edit_section(
            &mut leader_doc,
            &lea,
            &m,
            Section::Development,
            "Goal: speak at a conference.",
            2,
        )
        .unwrap();
        let mut employee_doc = leader_doc.fork().with_actor(ActorId::random());
        edit_section(
            &mut leader_doc,
            &lea,
            &m,
            Section::Development,
            "Goal: speak at a conference. Lea: I can intro you.",
            3,
        )
        .unwrap();
        edit_section(
            &mut employee_doc,
            &eve,
            &m,
            Section::Development,
            "Big goal: speak at a conference.",
            3,
        )
        .unwrap();
        leader_doc.merge(&mut employee_doc).unwrap();
        employee_doc.merge(&mut leader_doc).unwrap();
        let a = load(&leader_doc).unwrap();
        assert_eq!(a, load(&employee_doc).unwrap());
        assert_eq!(
            a.meetings[&m].text(Section::Development),
            "Big goal: speak at a conference. Lea: I can intro you."
        );
    }

    #[test]
    fn load_refuses_other_kinds_and_newer_schemas() {
        let mut ws = crate::docs::workspace::create("ws", "me", "Lea", 0).unwrap();
        assert!(matches!(load(&ws), Err(DocError::WrongKind { .. })));
        assert!(matches!(
            crate::docs::load_checked(&ws.save(), DocKind::OneOnOne, SCHEMA),
            Err(DocError::WrongKind { .. })
        ));
        let (mut doc, _, _) = fixture();
        let meta = DocMeta {
            id: "series-1".into(),
            kind: "one-on-one".into(),
            schema: SCHEMA + 1,
        };
        reconcile_prop(&mut doc, ROOT, "meta", &meta).unwrap();
        assert!(matches!(load(&doc), Err(DocError::NewerSchema(_))));
    }
}
