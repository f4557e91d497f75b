//! Who may change which part of a shared document: the "who writes what" column of
//! docs/WRITERS.md, checked on every received change before it is merged.
//!
//! `trust` decides whose files a document accepts at all (its writers, by signing key). Inside
//! a document the two writers have different rights: in a development plan only the employee
//! writes the priorities and the aspiration (R5.1, R5.3), only the leader the bench
//! assessment (R5.3); in a 1:1 series only the employee proposes and moves meetings (R3.2). Each side's own commands respect that, but a writer with a modified
//! client could still put anything into a change. So an import looks at every operation of
//! every new change, finds where in the document it lands (the path of map keys from the
//! root), and refuses the whole file when its author may not write there.
//!
//! Every new change of a follow-up is the counterpart's: a pair document has two writers and
//! I already have all of mine (`trust::note_their_actors` relies on the same fact).

use automerge::{AutoCommit, ChangeHash, ObjId, Prop, ReadDoc};

use super::DocKind;
use crate::domain::Side;

/// A received change touches a part of the document its author may not write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "This sync file changes {part}, which only {owner} writes. Nothing was imported. It was \
     not made by a working copy of Rapport; ask the sender to export again from an \
     up-to-date version."
)]
pub struct RightsError {
    /// What was touched, in words ("the bench assessment").
    pub part: &'static str,
    /// Who may write it ("the employee", "nobody after the document was created").
    pub owner: &'static str,
}

/// One step of a path from the document root: a map key, or a position in a list or text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index,
}

/// Who made the new changes of a received file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author {
    /// A side of a pair document: every new change of a pair file is the counterpart's. In a
    /// team document, `Side::Leader` is the leader, whose files also relay what members wrote
    /// (checked by the leader when each member's file arrived).
    Side(Side),
    /// A member of a team document, by their id in it: their own file, read by the leader.
    Member(String),
}

impl From<Side> for Author {
    fn from(side: Side) -> Author {
        Author::Side(side)
    }
}

/// The rule for `kind`: `Ok(())` if `author` may make a change at `path`, else what the part
/// is and who owns it. `path` starts at a root key.
pub fn may_change(kind: DocKind, author: Side, path: &[Step]) -> Result<(), RightsError> {
    let Some(Step::Key(root)) = path.first() else {
        return Ok(());
    };
    let fixed = |part| RightsError {
        part,
        owner: "nobody once the document exists",
    };
    match (kind, root.as_str()) {
        // Written once, in the change that creates the document (both pair kinds).
        (_, "meta") => Err(fixed("what kind of document this is")),
        (
            DocKind::OneOnOne | DocKind::DevelopmentPlan | DocKind::PerformancePlan,
            "leader" | "employee",
        ) => Err(fixed("who the document is shared between")),
        (DocKind::TeamObjectives, "leader") => Err(fixed("who leads the team")),
        (DocKind::TeamObjectives, "created_by" | "created_on") => {
            Err(fixed("when and by whom the document was created"))
        }
        // R2.5: a team document's files come from its leader (members' files are checked by
        // `team_member_may_change`); nobody else writes it as a side.
        (DocKind::TeamObjectives, _) if author != Side::Leader => Err(RightsError {
            part: team_part(root),
            owner: "the team's leader",
        }),
        (DocKind::OneOnOne, "created_at_ms")
        | (DocKind::DevelopmentPlan | DocKind::PerformancePlan, "created_by" | "created_on") => {
            Err(fixed("when and by whom the document was created"))
        }
        // R3.2: 1:1s are employee-led: only the employee proposes a 1:1 (a new entry under
        // `meetings`) or moves one (its time and length); both write everything inside.
        (DocKind::OneOnOne, "meetings") if author != Side::Employee => {
            let scheduling = match path.get(2) {
                None => true,
                Some(Step::Key(k)) => matches!(
                    k.as_str(),
                    "scheduled_for" | "planned_minutes" | "proposed_by" | "created_at_ms"
                ),
                Some(Step::Index) => false,
            };
            if scheduling {
                Err(RightsError {
                    part: "when a 1:1 takes place",
                    owner: "the employee",
                })
            } else {
                Ok(())
            }
        }
        // R5.1, R5.3: the plan is the employee's; the bench assessment is the leader's.
        (DocKind::DevelopmentPlan, "priorities" | "priorities_updated_on")
            if author != Side::Employee =>
        {
            Err(RightsError {
                part: "the plan's priorities",
                owner: "the employee",
            })
        }
        (DocKind::DevelopmentPlan, "aspiration") if author != Side::Employee => Err(RightsError {
            part: "the career aspiration",
            owner: "the employee",
        }),
        (DocKind::DevelopmentPlan, "bench") if author != Side::Leader => Err(RightsError {
            part: "the bench assessment",
            owner: "the leader",
        }),
        // R4.1–R4.7: the leader writes the plan's set-up, metrics, results, cases and the
        // shared review; the employee acknowledges the metrics (R4.4) and self-assesses;
        // both write feedback and comments.
        (
            DocKind::PerformancePlan,
            "individual_contributor"
            | "cycle"
            | "cycle_start"
            | "metrics"
            | "results"
            | "cases"
            | "reviews",
        ) if author != Side::Leader => Err(RightsError {
            part: performance_part(root),
            owner: "the leader",
        }),
        (DocKind::PerformancePlan, "acknowledged_on" | "self_ratings")
            if author != Side::Employee =>
        {
            Err(RightsError {
                part: performance_part(root),
                owner: "the employee",
            })
        }
        _ => Ok(()),
    }
}

/// R2.2, R2.3, R2.5 (docs/WRITERS.md): what a member of a team document may write in their
/// own file: values of the KPIs they own, and questions and answers for the metrics meeting.
/// Everything else is the leader's. `doc` is the merged copy: a KPI's owner is read there, and
/// the member cannot have changed it (that would be a change outside their part).
pub fn team_member_may_change(
    doc: &AutoCommit,
    member_id: &str,
    path: &[Step],
) -> Result<(), RightsError> {
    let Some(Step::Key(root)) = path.first() else {
        return Ok(());
    };
    match (root.as_str(), path.get(1), path.get(2)) {
        ("questions", _, _) => Ok(()),
        ("kpis", Some(Step::Key(kpi)), Some(Step::Key(values))) if values == "values" => {
            if kpi_owner(doc, kpi).as_deref() == Some(member_id) {
                Ok(())
            } else {
                Err(RightsError {
                    part: "the values of a KPI someone else owns",
                    owner: "the KPI's owner or the team's leader",
                })
            }
        }
        ("meta", _, _) => Err(RightsError {
            part: "what kind of document this is",
            owner: "nobody once the document exists",
        }),
        _ => Err(RightsError {
            part: team_part(root),
            owner: "the team's leader",
        }),
    }
}

/// The owner of a KPI of a team document, as the merged copy has it.
fn kpi_owner(doc: &AutoCommit, kpi_id: &str) -> Option<String> {
    let kpis = super::obj_at(doc, &automerge::ROOT, "kpis").ok()?;
    let kpi = super::obj_at(doc, &kpis, kpi_id).ok()?;
    match doc.get(&kpi, "owner_id").ok()?? {
        (automerge::Value::Scalar(s), _) => match s.as_ref() {
            automerge::ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// A team document's root key in words, for [`RightsError`].
fn team_part(root: &str) -> &'static str {
    match root {
        "objectives" => "the team objectives",
        "kpis" => "the KPIs",
        "priorities" => "the organisational priorities",
        "members" | "team_name" => "who is on the team",
        "cadence" => "the metrics meeting's cadence",
        "meetings" => "the metrics meeting records",
        _ => "the team objectives",
    }
}

/// A performance plan's root key in words, for [`RightsError`].
fn performance_part(root: &str) -> &'static str {
    match root {
        "individual_contributor" | "cycle" | "cycle_start" => "the review cycle",
        "metrics" => "the review metrics",
        "results" => "the metrics' results",
        "cases" => "the documented cases",
        "reviews" => "the shared review",
        "acknowledged_on" => "the acknowledgement of the metrics",
        "self_ratings" => "the self-assessment",
        _ => "the performance plan",
    }
}

/// Where each operation of the changes made since `before` lands: its path from the root (the
/// map keys down to the key or position it writes). `doc` is the merged copy, so objects the
/// payload itself creates are found too. An operation on an object the document
/// cannot place is refused as if it touched `meta`: the merged copy was checked to hold one
/// history, so this does not happen for changes a working Rapport makes.
pub fn touched_paths(
    doc: &mut AutoCommit,
    before: &[ChangeHash],
) -> Result<Vec<Vec<Step>>, RightsError> {
    let mut paths = Vec::new();
    for change in doc.get_changes(before) {
        for op in change.decode().operations {
            let mut path = match &op.obj {
                automerge::legacy::ObjectId::Root => Vec::new(),
                automerge::legacy::ObjectId::Id(id) => {
                    let exid = format!("{}@{}", id.0, id.1.to_hex_string());
                    let Ok(obj) = doc.import_obj(&exid) else {
                        return Err(RightsError {
                            part: "a part of the document that does not exist",
                            owner: "nobody",
                        });
                    };
                    path_of(doc, &obj)
                }
            };
            path.push(match &op.key {
                automerge::legacy::Key::Map(k) => Step::Key(k.to_string()),
                automerge::legacy::Key::Seq(_) => Step::Index,
            });
            paths.push(path);
        }
    }
    Ok(paths)
}

/// Checks every operation of the new changes, at `paths` (from [`touched_paths`]), against
/// what `author` may write in `kind`. `doc` is the merged copy.
pub fn check_paths(
    doc: &AutoCommit,
    kind: DocKind,
    paths: &[Vec<Step>],
    author: &Author,
) -> Result<(), RightsError> {
    for path in paths {
        match author {
            Author::Side(side) => may_change(kind, *side, path)?,
            Author::Member(id) if kind == DocKind::TeamObjectives => {
                team_member_may_change(doc, id, path)?
            }
            // Only team documents have members.
            Author::Member(_) => may_change(kind, Side::Employee, path)?,
        }
    }
    Ok(())
}

fn path_of(doc: &AutoCommit, obj: &ObjId) -> Vec<Step> {
    let Ok(parents) = doc.parents(obj) else {
        return Vec::new();
    };
    let mut path: Vec<Step> = parents
        .map(|p| match p.prop {
            Prop::Map(k) => Step::Key(k),
            Prop::Seq(_) => Step::Index,
        })
        .collect();
    path.reverse();
    path
}
