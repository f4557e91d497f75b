//! The shared documents the leader's dashboard reads, by roster person, as the whole app holds
//! them once read (`state::dashboard`): for the tests and benchmarks that compute the dashboard
//! of a generated workspace.

use std::collections::BTreeMap;

use rapport_core::dashboard::PersonDocs;
use rapport_core::domain::development::DevelopmentPlan;
use rapport_core::domain::one_on_one::OneOnOne;
use rapport_core::domain::performance::PerformancePlan;
use rapport_core::domain::team::TeamObjectives;

/// Each document as `(doc id, value)`, by the roster id of the person it is shared with.
#[derive(Default)]
pub struct DashboardDocs {
    pub series: BTreeMap<String, (String, OneOnOne)>,
    pub plans: BTreeMap<String, (String, DevelopmentPlan)>,
    pub reviews: BTreeMap<String, (String, PerformancePlan)>,
    /// The team's objectives the leader leads.
    pub team: Option<(String, TeamObjectives)>,
}

impl DashboardDocs {
    /// `TeamInputs::docs`: each person's series, plan and review.
    pub fn by_person(&self) -> BTreeMap<String, PersonDocs<'_>> {
        let mut out: BTreeMap<String, PersonDocs<'_>> = BTreeMap::new();
        for (who, (id, s)) in &self.series {
            out.entry(who.clone()).or_default().series = Some((id.as_str(), s));
        }
        for (who, (id, p)) in &self.plans {
            out.entry(who.clone()).or_default().plan = Some((id.as_str(), p));
        }
        for (who, (id, r)) in &self.reviews {
            out.entry(who.clone()).or_default().review = Some((id.as_str(), r));
        }
        out
    }

    /// `TeamInputs::team`.
    pub fn team(&self) -> Option<(&str, &TeamObjectives)> {
        self.team.as_ref().map(|(id, t)| (id.as_str(), t))
    }
}
