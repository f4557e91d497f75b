//! One plan: the page frame, opened on demand, and what every part of it shares (`Ctx`).

use leptos::prelude::*;
use rapport_core::domain::development::DevelopmentPlan;
use rapport_core::domain::workspace::SharedDoc;
use rapport_core::domain::{DocKind, Side};
use rapport_core::rules::development as rules;

use crate::state::development as plans;
use crate::state::AppState;
use crate::ui::shared_doc::{DocActions, DocFrame, DocPanels, DocPanelsView};
use crate::ui::widgets::StatCard;

use super::*;

/// What every part of the plan page needs: the document, the live plan, and who I am in it.
#[derive(Clone)]
pub(super) struct Ctx {
    pub(super) doc_id: String,
    pub(super) plan: Memo<Option<DevelopmentPlan>>,
    pub(super) side: Side,
    /// The plan's commands, acting as me (my participant id inside the plan).
    pub(super) cmd: plans::Plan,
}

#[component]
pub fn Plan(doc_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let plan = use_plan(doc_id.clone());
    let entry = crate::state::shared::watch_entry(state, doc_id.clone());
    let id = doc_id.clone();
    view! {
        <DocFrame
            doc_id=doc_id
            kind=DocKind::DevelopmentPlan
            class="plan-page"
            what="this development plan"
            back=("#/growth", "Back to Growth")
            loaded=Signal::derive(move || plan.with(|p| p.is_some()))
            entry=entry
            body=move |e| {
                let side = e.my_side;
                let me = plan
                    .with_untracked(|p| {
                        p.as_ref()
                            .map(|p| match side {
                                Side::Leader => p.leader.id.clone(),
                                Side::Employee => p.employee.id.clone(),
                            })
                            .unwrap_or_default()
                    });
                let ctx = Ctx {
                    doc_id: id.clone(),
                    plan,
                    side,
                    cmd: plans::Plan::new(state, id.clone(), me),
                };
                view! { <PlanBody ctx=ctx entry=entry /> }
            }
        />
    }
}

#[component]
pub(super) fn PlanBody(ctx: Ctx, entry: Memo<Option<SharedDoc>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let plan = ctx.plan;
    let side = ctx.side;
    let employee_name =
        Memo::new(move |_| plan.with(|p| p.as_ref().map(|p| p.employee.name.clone())));
    let leader_name = Memo::new(move |_| plan.with(|p| p.as_ref().map(|p| p.leader.name.clone())));
    let other = move || {
        match side {
            Side::Leader => employee_name.get(),
            Side::Employee => leader_name.get(),
        }
        .unwrap_or_default()
    };
    let panels = DocPanels::new();
    let title = move || match side {
        Side::Employee => "My development plan".to_string(),
        Side::Leader => format!(
            "Development plan of {}",
            employee_name.get().unwrap_or_default()
        ),
    };
    let subtitle = move || {
        match side {
        Side::Employee => format!(
            "Shared with {}, your leader. You lead this plan: your goals (they need not be about advancement here), your priorities, your interest. You both edit it and exchange sync files.",
            leader_name.get().unwrap_or_default()
        ),
        Side::Leader => format!(
            "You lead {0}; {0} leads this plan. You comment, suggest goals and steps, record discussions and keep the bench assessment. You both edit it and exchange sync files.",
            employee_name.get().unwrap_or_default()
        ),
    }
    };
    let cadence = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref()
                .map(|p| rules::in_depth_cadence(p, state.today.get()))
        })
    });
    let counts = Memo::new(move |_| {
        plan.with(|p| p.as_ref().map(|p| p.active_goal_counts()))
            .unwrap_or_default()
    });
    let fresh = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref()
                .map(|p| rules::freshness(p, state.today.get()).days)
        })
        .unwrap_or(0)
    });
    let findings = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref()
                .map(|p| rules::plan_findings(p, state.today.get()))
                .unwrap_or_default()
        })
    });
    let doc_id = ctx.doc_id.clone();
    view! {
        <div class="page-head">
            <p class="crumbs">
                <a href="#/growth">"Growth"</a>
                " ›"
            </p>
            <h1>{title}</h1>
            <p class="muted">{subtitle}</p>
            <DocActions doc_id=doc_id.clone() panels=panels other=Signal::derive(other) />
        </div>
        <DocPanelsView doc_id=doc_id panels=panels entry=entry />
        <div class="stats">
            <StatCard
                label="Active goals"
                value=Signal::derive(move || {
                    let [a, b, c] = counts.get();
                    format!("{a} · {b} · {c}")
                })
                hint="for 1 · 3 · 5 years"
                warn=Signal::derive(move || counts.get().contains(&0))
            />
            <StatCard
                label="Next in-depth discussion"
                value=Signal::derive(move || {
                    cadence
                        .get()
                        .map(|c| {
                            if c.overdue {
                                format!("{} days overdue", c.days_overdue)
                            } else {
                                fmt_date(c.due)
                            }
                        })
                        .unwrap_or_default()
                })
                hint=Signal::derive(move || {
                    cadence
                        .get()
                        .map(|c| match c.last_in_depth {
                            Some(d) => format!("every 6 months · last on {}", fmt_date(d)),
                            None => "every 6 months · none held yet".to_string(),
                        })
                        .unwrap_or_default()
                })
                warn=Signal::derive(move || cadence.get().is_some_and(|c| c.overdue))
            />
            <StatCard
                label="Last IDP check in a 1:1"
                value=Signal::derive(move || {
                    cadence
                        .get()
                        .and_then(|c| c.last_check)
                        .map(fmt_date)
                        .unwrap_or_else(|| "None yet".into())
                })
                hint="a short check belongs in every 1:1"
            />
            <StatCard label="Last activity" value=Signal::derive(move || days_ago(fresh.get())) />
        </div>
        {move || findings_view(findings.get(), "Flags on this plan")}
        <Goals ctx=ctx.clone() />
        <AddGoal ctx=ctx.clone() />
        <div class="grid two">
            <Priorities ctx=ctx.clone() />
            <AspirationCard ctx=ctx.clone() />
        </div>
        <BenchCard ctx=ctx.clone() />
        <Discussions ctx=ctx.clone() />
        <Comments ctx=ctx.clone() />
    }
}
