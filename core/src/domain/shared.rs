//! The vocabulary every shared document uses: which kind of document it is, the metadata it
//! carries, the two sides of a leader–employee pair and a participant. One word for one thing,
//! whatever the document kind (a 1:1 series, a development plan, and the kinds to come).

use autosurgeon::{Hydrate, HydrateError, Prop, ReadDoc, Reconcile, Reconciler};
use serde::{Deserialize, Serialize};

/// The kinds of document Rapport keeps. The string form ([`DocKind::as_str`]) is stored in each
/// document's metadata, in the workspace's index of shared documents and in sync-file headers,
/// so it must never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    Workspace,
    OneOnOne,
    DevelopmentPlan,
    PerformancePlan,
    TeamObjectives,
    /// One month of my daily check-ins (issue 11: kept out of the workspace, so opening the
    /// app reads the recent months, not years of them). Private like the workspace.
    CheckIns,
    /// My private notes on one shared document (a 1:1 series' meetings, R3.8; a review's
    /// draft, R4.7), opened with it (issue 11: kept out of the workspace, which every page
    /// loads). Private like the workspace.
    PrivateNotes,
}

impl DocKind {
    pub const ALL: [DocKind; 7] = [
        DocKind::Workspace,
        DocKind::OneOnOne,
        DocKind::DevelopmentPlan,
        DocKind::PerformancePlan,
        DocKind::TeamObjectives,
        DocKind::CheckIns,
        DocKind::PrivateNotes,
    ];

    /// Kept in this browser only: never in a sync file, never shared with anyone.
    pub fn is_private(self) -> bool {
        matches!(
            self,
            DocKind::Workspace | DocKind::CheckIns | DocKind::PrivateNotes
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Workspace => "workspace",
            DocKind::OneOnOne => "one-on-one",
            DocKind::DevelopmentPlan => "development-plan",
            DocKind::PerformancePlan => "performance-plan",
            DocKind::TeamObjectives => "team-objectives",
            DocKind::CheckIns => "check-ins",
            DocKind::PrivateNotes => "private-notes",
        }
    }

    pub fn parse(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            DocKind::Workspace => "private workspace",
            DocKind::OneOnOne => "1:1 series",
            DocKind::DevelopmentPlan => "development plan",
            DocKind::PerformancePlan => "performance plan",
            DocKind::TeamObjectives => "team objectives",
            DocKind::CheckIns => "month of check-ins",
            DocKind::PrivateNotes => "set of private notes",
        }
    }
}

impl std::fmt::Display for DocKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Stored as its string form ("one-on-one"), the form documents have always held.
impl Reconcile for DocKind {
    type Key<'a> = autosurgeon::reconcile::NoKey;

    fn reconcile<R: Reconciler>(&self, reconciler: R) -> Result<(), R::Error> {
        self.as_str().reconcile(reconciler)
    }
}

impl Hydrate for DocKind {
    fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: Prop<'_>,
    ) -> Result<Self, HydrateError> {
        let s = String::hydrate(doc, obj, prop)?;
        DocKind::parse(&s).ok_or_else(|| HydrateError::unexpected("a Rapport document kind", s))
    }
}

/// Stored under the root key `meta` of every document.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, serde::Serialize, serde::Deserialize)]
pub struct DocMeta {
    pub id: String,
    pub kind: DocKind,
    pub schema: u64,
}

/// The two sides of a leader–employee pair: who a participant is in a shared document, who owns
/// a 1:1 action (R3.5), which part of a document a writer may change (docs/WRITERS.md). Stored
/// as the variant name (`"Leader"`, `"Employee"`).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Hydrate,
    Reconcile,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Side {
    #[default]
    Leader,
    Employee,
}

impl Side {
    pub const ALL: [Side; 2] = [Side::Employee, Side::Leader];

    /// The other person of a pair document.
    pub fn other(self) -> Side {
        match self {
            Side::Leader => Side::Employee,
            Side::Employee => Side::Leader,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Side::Leader => "Leader",
            Side::Employee => "Employee",
        }
    }

    /// Stable form-value / URL form.
    pub fn slug(self) -> &'static str {
        match self {
            Side::Leader => "leader",
            Side::Employee => "employee",
        }
    }

    pub fn from_slug(s: &str) -> Option<Side> {
        Side::ALL.into_iter().find(|r| r.slug() == s)
    }
}

/// One of the two people a pair document is shared between. `id` is the person's stable UUID
/// (it decides who may do what); `name` is only for display and may change.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Hydrate, Reconcile, Serialize, Deserialize)]
pub struct Participant {
    pub id: String,
    pub name: String,
}

impl Participant {
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Participant {
        Participant {
            id: id.into(),
            name: name.into(),
        }
    }
}

/// The leader and the employee of a pair document, and who a person id is among them.
pub trait Pair {
    fn leader(&self) -> &Participant;
    fn employee(&self) -> &Participant;

    fn side_of(&self, person_id: &str) -> Option<Side> {
        if person_id == self.employee().id {
            Some(Side::Employee)
        } else if person_id == self.leader().id {
            Some(Side::Leader)
        } else {
            None
        }
    }

    fn participant(&self, side: Side) -> &Participant {
        match side {
            Side::Leader => self.leader(),
            Side::Employee => self.employee(),
        }
    }

    /// Display name of a participant id ("added by", comment authors …).
    fn name_of(&self, person_id: &str) -> &str {
        match self.side_of(person_id) {
            Some(s) => &self.participant(s).name,
            None => "someone else",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::{AutoCommit, ROOT};

    #[test]
    fn kinds_round_trip_through_their_stored_form() {
        for k in DocKind::ALL {
            assert_eq!(DocKind::parse(k.as_str()), Some(k));
            let mut doc = AutoCommit::new();
            autosurgeon::reconcile_prop(&mut doc, ROOT, "k", k).unwrap();
            assert_eq!(
                autosurgeon::hydrate_prop::<_, String, _, _>(&doc, ROOT, "k").unwrap(),
                k.as_str(),
                "stored as the string documents have always held"
            );
            let back: DocKind = autosurgeon::hydrate_prop(&doc, ROOT, "k").unwrap();
            assert_eq!(back, k);
            // JSON exports and sync headers use the same form.
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }

    #[test]
    fn an_unknown_kind_is_refused_not_guessed() {
        let mut doc = AutoCommit::new();
        autosurgeon::reconcile_prop(&mut doc, ROOT, "k", "calendar").unwrap();
        assert!(autosurgeon::hydrate_prop::<_, DocKind, _, _>(&doc, ROOT, "k").is_err());
    }

    #[test]
    fn sides_are_stored_as_before_and_slugs_round_trip() {
        for s in Side::ALL {
            assert_eq!(Side::from_slug(s.slug()), Some(s));
            assert_eq!(s.other().other(), s);
            let mut doc = AutoCommit::new();
            autosurgeon::reconcile_prop(&mut doc, ROOT, "s", s).unwrap();
            assert_eq!(
                autosurgeon::hydrate_prop::<_, String, _, _>(&doc, ROOT, "s").unwrap(),
                s.label()
            );
        }
    }
}
