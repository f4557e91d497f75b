//! One performance plan: the page frame (opened on demand), the figures at the top, the
//! set-up (review cycle, individual contributor) and the employee's acknowledgement.

use leptos::prelude::*;

use crate::ui::later::Later;
use rapport_core::domain::performance::{quarter_start, ReviewCycle, LOCK_MONTHS};
use rapport_core::domain::{DocKind, Pair, Side};
use rapport_core::rules::performance as rules;

use crate::state::performance as perf;
use crate::state::AppState;
use crate::ui::shared_doc::{DocActions, DocFrame, DocPanels, DocPanelsView};
use crate::ui::widgets::StatCard;

use super::feedback::FeedbackLog;
use super::metrics::{AddMetric, Metrics};
use super::review::ReviewSection;
use super::*;

#[component]
pub fn PlanPage(doc_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let plan = {
        let id = doc_id.clone();
        Memo::new(move |_| perf::load(&id))
    };
    let entry = crate::state::shared::watch_entry(state, doc_id.clone());
    let id = doc_id.clone();
    view! {
        <DocFrame
            doc_id=doc_id
            kind=DocKind::PerformancePlan
            class="performance-page"
            what="this performance plan"
            back=("#/reviews", "Back to Reviews")
            loaded=Signal::derive(move || plan.with(|p| p.is_some()))
            entry=entry
            body=move |e| {
                let side = e.my_side;
                let me = plan
                    .with_untracked(|p| {
                        p.as_ref().map(|p| p.participant(side).id.clone()).unwrap_or_default()
                    });
                let ctx = Ctx {
                    plan,
                    entry,
                    side,
                    cmd: perf::Plan::new(state, id.clone(), me),
                };
                view! { <PlanBody ctx=ctx /> }
            }
        />
    }
}

#[component]
fn PlanBody(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let side = ctx.side;
    let employee = Memo::new(move |_| ctx.with(|p| p.employee.name.clone()));
    let leader = Memo::new(move |_| ctx.with(|p| p.leader.name.clone()));
    let other = move || match side {
        Side::Leader => employee.get(),
        Side::Employee => leader.get(),
    };
    let panels = DocPanels::new();
    let title = move || match side {
        Side::Employee => "My performance plan".to_string(),
        Side::Leader => format!("Performance plan of {}", employee.get()),
    };
    let subtitle = move || {
        match side {
        Side::Employee => format!(
            "Shared with {}, your leader, who sets the metrics and records results. You acknowledge the metrics, note feedback and assess yourself before each review.",
            leader.get()
        ),
        Side::Leader => format!(
            "Agree a few metrics with {0}, record results and feedback as they happen, and prepare each review from that record. {0} acknowledges the metrics and assesses themself.",
            employee.get()
        ),
    }
    };
    let readiness = Memo::new(move |_| {
        let today = state.today.get();
        ctx.plan
            .with(|p| p.as_ref().map(|p| rules::readiness(p, today)))
    });
    let share = Memo::new(move |_| ctx.with(rules::objective_percent));
    let count = Memo::new(move |_| ctx.with(|p| p.active_metrics().len()));
    let locked_until = Memo::new(move |_| ctx.with(|p| p.locked_until()));
    let findings = Memo::new(move |_| {
        let today = state.today.get();
        ctx.with(|p| rules::plan_findings(p, today))
    });
    let doc_id = ctx.doc_id();
    view! {
        <div class="page-head">
            <p class="crumbs">
                <a href="#/reviews">"Reviews"</a>
                " ›"
            </p>
            <h1>{title}</h1>
            <p class="muted">{subtitle}</p>
            <DocActions doc_id=doc_id.clone() panels=panels other=Signal::derive(other) />
        </div>
        <DocPanelsView doc_id=doc_id panels=panels entry=ctx.entry />
        <div class="stats">
            <StatCard
                label="Metrics"
                value=Signal::derive(move || count.get().to_string())
                hint=Signal::derive(move || match share.get() {
                    Some(s) => format!("{s} % objective · 3 is ideal"),
                    None => "3 is ideal, at most 5".to_string(),
                })
                warn=Signal::derive(move || {
                    count.get() > 3 || share.get().is_some_and(|s| s < 80)
                })
            />
            <StatCard
                label="Next review"
                value=Signal::derive(move || {
                    readiness.get().map(|r| fmt_date(r.due)).unwrap_or_default()
                })
                hint=Signal::derive(move || {
                    readiness
                        .get()
                        .map(|r| {
                            format!(
                                "{} · prepare from {}",
                                relative(r.due, state.today.get()),
                                fmt_date(r.prepare_on),
                            )
                        })
                        .unwrap_or_default()
                })
            />
            <StatCard
                label="Ready for the review"
                value=Signal::derive(move || match readiness.get() {
                    Some(r) if r.shared => "Shared".to_string(),
                    Some(r) if r.ready() => "Ready".to_string(),
                    Some(r) if r.metrics == 0 => "No metrics".to_string(),
                    Some(r) => {
                        let todo = r.results_missing + (r.metrics - r.self_assessed.min(r.metrics));
                        format!("{todo} to do")
                    }
                    None => String::new(),
                })
                hint=Signal::derive(move || {
                    readiness
                        .get()
                        .map(|r| {
                            let results = match r.results_missing {
                                0 => "every result recorded".to_string(),
                                1 => "1 result to record".to_string(),
                                n => format!("{n} results to record"),
                            };
                            format!("{results} · self-assessed {}/{}", r.self_assessed, r.metrics)
                        })
                        .unwrap_or_default()
                })
                warn=Signal::derive(move || {
                    readiness.get().is_some_and(|r| !r.ready() && !r.shared)
                })
            />
            // R4.4: fixed for six months from the acknowledgement; once that has passed the
            // card says so instead of naming a date gone by.
            <StatCard
                label="Metrics fixed"
                value=Signal::derive(move || match locked_until.get() {
                    Some(d) if state.today.get() < d => format!("Until {}", fmt_date(d)),
                    Some(_) => "No longer".to_string(),
                    None => "Not yet".to_string(),
                })
                hint=Signal::derive(move || match locked_until.get() {
                    Some(d) if state.today.get() >= d => {
                        format!(
                            "the {LOCK_MONTHS} months ended {}: a change needs no reason",
                            fmt_date(d),
                        )
                    }
                    _ => format!("for {LOCK_MONTHS} months from the employee's acknowledgement"),
                })
            />
        </div>
        {move || crate::ui::widgets::findings_list(findings.get(), "Flags on this plan")}
        <SetupCard ctx=ctx />
        // A plan's first drawing took up to 129 ms at five years: the metrics, then the
        // sections below them, a task each (issue 11: no freeze over 100 ms).
        <Later>
            <Metrics ctx=ctx />
            <Show when=move || ctx.is_leader()>
                <AddMetric ctx=ctx />
            </Show>
        </Later>
        <Later>
            <FeedbackLog ctx=ctx />
        </Later>
        <Later>
            <ReviewSection ctx=ctx />
        </Later>
    }
}

/// R4.5 and R4.3's scope (leader edits, employee reads) and R4.4's acknowledgement.
#[component]
fn SetupCard(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (ic0, cycle0, start0) = ctx
        .plan
        .with_untracked(|p| {
            p.as_ref()
                .map(|p| (p.individual_contributor, p.cycle, p.cycle_start))
        })
        .unwrap_or((
            true,
            ReviewCycle::Yearly,
            quarter_start(state.today.get_untracked()),
        ));
    let ic = RwSignal::new(ic0);
    let cycle = RwSignal::new(cycle0);
    let start = RwSignal::new(iso(start0));
    let error = RwSignal::new(None::<String>);
    // R4.5: a new hire's single review counts from their start date on the roster.
    let hired_on = untrack(|| {
        let roster = ctx
            .entry
            .with(|e| e.as_ref().map(|e| e.roster_person_id.clone()))?;
        state
            .workspace
            .with(|w| w.as_ref()?.people.get(&roster)?.start_date)
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(day) = parse_date(&start.get_untracked()) else {
            return error.set(Some("Choose the first day of the review cycle.".into()));
        };
        match ctx
            .cmd
            .set_setup(ic.get_untracked(), cycle.get_untracked(), day)
        {
            Ok(()) => {
                error.set(None);
                state.notify("Review cycle saved");
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let acknowledged = Memo::new(move |_| ctx.with(|p| p.acknowledged_on));
    let acknowledge = move |_| match ctx.cmd.acknowledge() {
        Ok(()) => state.notify("Metrics acknowledged: they stay fixed for six months"),
        Err(e) => error.set(Some(e.to_string())),
    };
    let summary = move || {
        ctx.with(|p| {
            format!(
                "{} from {}{}",
                p.cycle.label(),
                fmt_date(p.cycle_start),
                if p.individual_contributor {
                    " · individual contributor (at most 5 metrics)"
                } else {
                    " · leads others"
                }
            )
        })
    };
    view! {
        <div class="card setup" role="region" aria-label="Review cycle">
            <h2>"Review cycle"</h2>
            {move || {
                if ctx.is_leader() {
                    view! {
                        <form class="inline-form" on:submit=save novalidate>
                            <div class="fields">
                                <div class="field">
                                    <label for="pp-cycle">"Reviews"</label>
                                    <select
                                        id="pp-cycle"
                                        prop:value=move || cycle.get().slug()
                                        on:change=move |ev| {
                                            if let Some(c) = ReviewCycle::from_slug(
                                                &event_target_value(&ev),
                                            ) {
                                                cycle.set(c);
                                                if let (true, Some(d)) = (c.is_new_hire(), hired_on) {
                                                    start.set(iso(d));
                                                }
                                            }
                                        }
                                    >
                                        {ReviewCycle::ALL
                                            .into_iter()
                                            .map(|c| {
                                                view! { <option value=c.slug()>{c.label()}</option> }
                                            })
                                            .collect_view()}
                                    </select>
                                </div>
                                <div class="field narrow">
                                    <label for="pp-start">
                                        {move || {
                                            if cycle.get().is_new_hire() {
                                                "Start date"
                                            } else {
                                                "First period starts"
                                            }
                                        }}
                                    </label>
                                    <input
                                        id="pp-start"
                                        type="date"
                                        prop:value=move || start.get()
                                        on:input=move |ev| start.set(event_target_value(&ev))
                                    />
                                </div>
                            </div>
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=move || ic.get()
                                    on:change=move |ev| ic.set(event_target_checked(&ev))
                                />
                                "Individual contributor (at most five metrics)"
                            </label>
                            <p class="help">
                                "Nothing more frequent than quarterly: reviews that often measure noise and leave no time to coach. A new hire gets one review after 30 or 60 days, then a regular cycle."
                            </p>
                            <div class="form-actions">
                                <button type="submit" class="secondary">
                                    "Save review cycle"
                                </button>
                            </div>
                        </form>
                    }
                        .into_any()
                } else {
                    view! { <p>{summary}</p> }.into_any()
                }
            }}
            <div class="acknowledge">
                {move || match (acknowledged.get(), ctx.side) {
                    (Some(d), _) => {
                        view! {
                            <p>
                                <span class="badge ok">"Acknowledged"</span>
                                {format!(
                                    " on {}: the metrics stay fixed for six months; an earlier change needs a reason, kept in the history.",
                                    fmt_date(d),
                                )}
                            </p>
                        }
                            .into_any()
                    }
                    (None, Side::Employee) => {
                        view! {
                            <p class="help">
                                "When you agree with the metrics below, acknowledge them. They then stay fixed for six months."
                            </p>
                            <button type="button" class="primary" on:click=acknowledge>
                                "Acknowledge the metrics"
                            </button>
                        }
                            .into_any()
                    }
                    (None, Side::Leader) => {
                        view! {
                            <p class="help">
                                "Not acknowledged yet: send the plan; once the employee acknowledges the metrics they stay fixed for six months."
                            </p>
                        }
                            .into_any()
                    }
                }}
            </div>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}
