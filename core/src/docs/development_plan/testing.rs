use super::*;
use crate::domain::development::{DiscussionKind, Horizon};

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn plan(employee: &str, leader: &str, created: &str) -> DevelopmentPlan {
    DevelopmentPlan {
        meta: DocMeta {
            id: format!("plan-{employee}"),
            kind: DocKind::DevelopmentPlan,
            schema: SCHEMA,
        },
        employee: Participant {
            id: employee.to_lowercase(),
            name: employee.into(),
        },
        leader: Participant {
            id: leader.to_lowercase(),
            name: leader.into(),
        },
        created_by: employee.to_lowercase(),
        created_on: d(created),
        goals: BTreeMap::new(),
        priorities: Text::default(),
        priorities_updated_on: None,
        aspiration: Aspiration::default(),
        bench: BenchAssessment::default(),
        comments: BTreeMap::new(),
        discussions: BTreeMap::new(),
    }
}

pub fn with_goal(
    mut p: DevelopmentPlan,
    h: Horizon,
    title: &str,
    target: &str,
    updated: &str,
) -> DevelopmentPlan {
    let id = format!("g{}", p.goals.len());
    p.goals.insert(
        id.clone(),
        Goal {
            id,
            horizon: h,
            title: title.into(),
            description: Text::default(),
            target_date: d(target),
            status: GoalStatus::Active,
            actions: BTreeMap::new(),
            added_by: p.employee.id.clone(),
            within_organisation: true,
            updated_on: d(updated),
        },
    );
    p
}

pub fn with_discussion(
    mut p: DevelopmentPlan,
    kind: DiscussionKind,
    date: &str,
    meeting: Option<&str>,
) -> DevelopmentPlan {
    let id = format!("x{}", p.discussions.len());
    p.discussions.insert(
        id.clone(),
        Discussion {
            id,
            date: d(date),
            kind,
            one_on_one_id: meeting.map(str::to_string),
            notes: Text::default(),
            by: p.leader.id.clone(),
        },
    );
    p
}
