//! Reading the team document quickly (issue 11: no freeze over 100 ms).
//!
//! At five years a team document holds thousands of KPI values and hundreds of meeting records
//! and questions. autosurgeon reads a struct one field at a time, each a lookup in Automerge's
//! op set: 120 ms for the whole document at 50 people × 5 years (natively; more in the
//! browser). So the small parts (meta, leader, roster, priorities, objectives, the KPIs'
//! definitions, the cadence) go through autosurgeon as before, and the records of the three
//! long collections are each read in one pass over their map (`map_range`) and converted here.
//!
//! The conversion accepts only the exact stored forms autosurgeon accepts for each field (a
//! string is a string scalar, a number an `f64`, a count an unsigned integer, a date an ISO
//! string). Anything else, an old or odd document, makes [`load`] return `None`, and the caller
//! reads the document with autosurgeon, which gives the same result or the same precise error.
//! `tests.rs` holds the two readings equal.

use std::collections::BTreeMap;

use automerge::iter::MapRangeItem;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValueRef, ValueRef, ROOT};
use autosurgeon::Hydrate;
use chrono::NaiveDate;

use crate::domain::shared::DocMeta;
use crate::domain::team::{
    Cadence, Kpi, KpiValue, MeetingOutcome, MeetingRecord, Member, Objective, Priority, Question,
    TeamObjectives,
};
use crate::domain::Participant;

/// Everything but the three long collections, read by autosurgeon (field names as in
/// [`TeamObjectives`]; a derived struct reads only the keys it names).
#[derive(Hydrate)]
struct Head {
    meta: DocMeta,
    leader: Participant,
    created_by: String,
    #[autosurgeon(with = "crate::domain::iso_date")]
    created_on: NaiveDate,
    team_name: String,
    members: BTreeMap<String, Member>,
    priorities: BTreeMap<String, Priority>,
    objectives: BTreeMap<String, Objective>,
    kpis: BTreeMap<String, KpiHead>,
    cadence: Option<Cadence>,
}

/// A KPI's definition, without its values (field names as in [`Kpi`]).
#[derive(Hydrate)]
struct KpiHead {
    id: String,
    objective_id: String,
    name: String,
    unit: String,
    baseline: f64,
    target: f64,
    owner_id: String,
    in_control: Option<bool>,
}

/// The whole document, or `None` when some part is not in the form this reader knows (then read
/// it with autosurgeon). The kind and schema are the caller's to check.
pub fn load(doc: &AutoCommit) -> Option<TeamObjectives> {
    let head: Head = autosurgeon::hydrate(doc).ok()?;
    let kpis_obj = map_obj(doc, &ROOT, "kpis")?;
    let mut kpis = BTreeMap::new();
    for (key, k) in head.kpis {
        let kpi_obj = map_obj(doc, &kpis_obj, &key)?;
        let values = entries(doc, &map_obj(doc, &kpi_obj, "values")?, kpi_value)?;
        kpis.insert(
            key,
            Kpi {
                id: k.id,
                objective_id: k.objective_id,
                name: k.name,
                unit: k.unit,
                baseline: k.baseline,
                target: k.target,
                owner_id: k.owner_id,
                in_control: k.in_control,
                values,
            },
        );
    }
    let meetings = entries(doc, &map_obj(doc, &ROOT, "meetings")?, meeting)?;
    let questions = entries(doc, &map_obj(doc, &ROOT, "questions")?, question)?;
    Some(TeamObjectives {
        meta: head.meta,
        leader: head.leader,
        created_by: head.created_by,
        created_on: head.created_on,
        team_name: head.team_name,
        members: head.members,
        priorities: head.priorities,
        objectives: head.objectives,
        kpis,
        cadence: head.cadence,
        meetings,
        questions,
    })
}

/// The map object at `obj[key]`; `None` if absent or not a map.
fn map_obj(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<ObjId> {
    match doc.get(obj, key).ok()?? {
        (automerge::Value::Object(ObjType::Map), id) => Some(id),
        _ => None,
    }
}

/// The fields of one record, read in one pass over its map (a record has a handful of keys:
/// a linear search in them beats a lookup in the op set per field).
struct Record<'a>(Vec<MapRangeItem<'a>>);

impl<'a> Record<'a> {
    fn of(doc: &'a AutoCommit, obj: &ObjId) -> Record<'a> {
        Record(doc.map_range(obj, ..).collect())
    }

    fn get(&self, key: &str) -> Option<&ValueRef<'a>> {
        self.0.iter().find(|i| i.key == key).map(|i| &i.value)
    }

    fn object(&self, key: &str) -> Option<ObjId> {
        self.0
            .iter()
            .find(|i| i.key == key && matches!(i.value, ValueRef::Object(ObjType::Map)))
            .map(|i| i.id())
    }

    fn scalar(&self, key: &str) -> Option<&ScalarValueRef<'a>> {
        match self.get(key)? {
            ValueRef::Scalar(s) => Some(s),
            ValueRef::Object(_) => None,
        }
    }

    fn string(&self, key: &str) -> Option<String> {
        match self.scalar(key)? {
            ScalarValueRef::Str(s) => Some(s.to_string()),
            _ => None,
        }
    }

    fn float(&self, key: &str) -> Option<f64> {
        match self.scalar(key)? {
            ScalarValueRef::F64(f) => Some(*f),
            _ => None,
        }
    }

    fn count(&self, key: &str) -> Option<u32> {
        match self.scalar(key)? {
            ScalarValueRef::Uint(u) => u32::try_from(*u).ok(),
            _ => None,
        }
    }

    /// `crate::domain::iso_date`.
    fn date(&self, key: &str) -> Option<NaiveDate> {
        crate::dates::parse_iso(&self.string(key)?)
    }

    /// `crate::domain::iso_date_opt` with `missing = "Default::default"`: absent, null or empty
    /// is no date; `None` (not readable here) for anything but an ISO date.
    fn date_opt(&self, key: &str) -> Option<Option<NaiveDate>> {
        match self.get(key) {
            None | Some(ValueRef::Scalar(ScalarValueRef::Null)) => Some(None),
            Some(ValueRef::Scalar(ScalarValueRef::Str(s))) if s.is_empty() => Some(None),
            Some(ValueRef::Scalar(ScalarValueRef::Str(s))) => crate::dates::parse_iso(s).map(Some),
            Some(_) => None,
        }
    }
}

/// Every record of the map at `obj`, each converted by `read`.
fn entries<T>(
    doc: &AutoCommit,
    obj: &ObjId,
    read: impl Fn(&AutoCommit, &Record) -> Option<T>,
) -> Option<BTreeMap<String, T>> {
    doc.map_range(obj, ..)
        .map(|item| match item.value {
            ValueRef::Object(ObjType::Map) => {
                let record = Record::of(doc, &item.id());
                Some((item.key.into_owned(), read(doc, &record)?))
            }
            _ => None,
        })
        .collect()
}

fn kpi_value(_: &AutoCommit, r: &Record) -> Option<KpiValue> {
    Some(KpiValue {
        id: r.string("id")?,
        date: r.date("date")?,
        value: r.float("value")?,
        by: r.string("by")?,
        note: r.string("note")?,
    })
}

fn meeting(doc: &AutoCommit, r: &Record) -> Option<MeetingRecord> {
    // `MeetingOutcome` is stored as `{kind, minutes, reason}` (domain::team::StoredOutcome).
    let o = Record::of(doc, &r.object("outcome")?);
    let minutes = o.count("minutes")?;
    let reason = o.string("reason")?;
    let outcome = match o.string("kind")?.as_str() {
        "held" => MeetingOutcome::Held { minutes },
        "missed" => MeetingOutcome::Missed { reason },
        "cancelled" => MeetingOutcome::Cancelled { reason },
        _ => return None,
    };
    Some(MeetingRecord {
        date: r.date("date")?,
        outcome,
        facilitator_id: r.string("facilitator_id")?,
        recorded_by: r.string("recorded_by")?,
        recorded_on: r.date("recorded_on")?,
    })
}

fn question(_: &AutoCommit, r: &Record) -> Option<Question> {
    Some(Question {
        id: r.string("id")?,
        text: r.string("text")?,
        by: r.string("by")?,
        asked_on: r.date("asked_on")?,
        meeting: r.date_opt("meeting")?,
        answer: r.string("answer")?,
        answered_by: r.string("answered_by")?,
        answered_on: r.date_opt("answered_on")?,
    })
}
