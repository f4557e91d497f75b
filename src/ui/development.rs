//! Development plans (Goal 5): the Growth page (my plan, my team's plans, bench strength) and
//! one plan with its 1/3/5-year goals, steps, priorities, interest, the leader's assessment,
//! comments and the discussion log, plus export and history like every shared document.
//!
//! The plan page renders its frame once and reads the plan through fine-grained memos, so a
//! merge or a commit from a text field never rebuilds the forms someone is typing in.

use chrono::{Months, NaiveDate};
use leptos::prelude::*;
use rapport_core::bench::{self, Bench, BenchRow, RoleCover};
use rapport_core::domain::development::{
    BenchDraft, DevelopmentPlan, DiscussionDraft, DiscussionKind, Goal, GoalAction,
    GoalActionDraft, GoalDraft, GoalStatus, Horizon, Interest, Readiness,
};
use rapport_core::domain::workspace::SharedDoc;
use rapport_core::domain::{DocKind, Pair, Side};
use rapport_core::rules::development as rules;
use rapport_core::rules::Finding;
use rapport_core::text::TextEdit;

use crate::state::development as plans;
use crate::state::AppState;
use crate::ui::route::{go, Route};
use crate::ui::shared_doc::{AutomergeDownload, ExportPanel, HistoryPanel};
use crate::ui::widgets::{StatCard, SyncedTextarea};

fn fmt_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

fn days_ago(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "yesterday".into(),
        n => format!("{n} days ago"),
    }
}

fn interest_label(i: Option<Interest>) -> &'static str {
    i.map(Interest::label).unwrap_or("Not answered")
}

fn interest_class(i: Option<Interest>) -> &'static str {
    match i {
        Some(Interest::Yes) => "badge ok",
        Some(Interest::NotNow) => "badge warn",
        Some(Interest::No) => "badge plain",
        None => "badge none",
    }
}

fn readiness_slug(r: Readiness) -> &'static str {
    match r {
        Readiness::NotAssessed => "not-assessed",
        Readiness::ReadyNow => "now",
        Readiness::OneToTwoYears => "1-2y",
        Readiness::ThreeYearsPlus => "3y",
    }
}

fn readiness_from(slug: &str) -> Readiness {
    Readiness::ALL
        .into_iter()
        .find(|r| readiness_slug(*r) == slug)
        .unwrap_or_default()
}

fn readiness_class(r: Readiness) -> &'static str {
    match r {
        Readiness::ReadyNow => "badge ok",
        Readiness::OneToTwoYears => "badge info",
        Readiness::ThreeYearsPlus => "badge plain",
        Readiness::NotAssessed => "badge none",
    }
}

/// A target date that fits a horizon, to pre-fill the goal form.
fn suggested_target(h: Horizon, today: NaiveDate) -> String {
    let months = match h {
        Horizon::OneYear => 12,
        Horizon::ThreeYears => 36,
        Horizon::FiveYears => 60,
    };
    today
        .checked_add_months(Months::new(months))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn short(id: &str) -> String {
    id.chars().take(8).collect()
}

/// Hydrated plan for a document id, following every change (local, other tab, merge).
fn use_plan(doc_id: String) -> Memo<Option<DevelopmentPlan>> {
    Memo::new(move |_| plans::load(&doc_id))
}

fn findings_view(findings: Vec<Finding>, label: &'static str) -> impl IntoView {
    (!findings.is_empty()).then(|| {
        view! {
            <ul class="findings" aria-label=label>
                {findings.into_iter().map(|f| view! { <li class="flag-item"><span class="rule" data-rule=f.rule aria-hidden="true">"⚑"</span>" "{f.message}</li> }).collect_view()}
            </ul>
        }
    })
}

// ---------------------------------------------------------------------------------------
// Growth page
// ---------------------------------------------------------------------------------------

#[component]
pub fn Growth() -> impl IntoView {
    let state = expect_context::<AppState>();
    let mine = Memo::new(move |_| plans::my_plans(state));
    let leader_name = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.profile.leader_name.trim().to_string())
                .unwrap_or_default()
        })
    });
    let people = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.active_people().into_iter().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    // Plans I lead that match nobody on the active roster (renamed, archived, or sent to me
    // by someone I have not added yet): still listed, so nothing disappears.
    let others = Memo::new(move |_| {
        let matched: Vec<String> = people
            .get()
            .iter()
            .filter_map(|p| plans::plan_for_person(state, &p.id, &p.name).map(|(id, _)| id))
            .collect();
        plans::led_plans(state)
            .into_iter()
            .filter(|(id, _)| !matched.contains(id))
            .collect::<Vec<_>>()
    });
    let leads =
        Memo::new(move |_| !people.with(|p| p.is_empty()) || !plans::led_plans(state).is_empty());
    let start_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let start_mine = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = plans::start_my_plan(state).await;
            busy.set(false);
            match r {
                Ok(id) => go(&Route::Plan(id)),
                Err(e) => start_error.set(Some(e)),
            }
        });
    };
    let start_for = move |person_id: String| {
        leptos::task::spawn_local(async move {
            match plans::start_plan(state, &person_id).await {
                Ok(id) => go(&Route::Plan(id)),
                Err(e) => state.notify(e),
            }
        });
    };
    view! {
        <section class="page growth">
            <div class="page-head">
                <h1>"Growth"</h1>
                <p class="muted">"Development plans: goals for 1, 3 and 5 years, led by the employee and shared with their leader. Career goals live here, apart from performance metrics."</p>
            </div>
            <div class="card">
                <h2>"My development plan"</h2>
                {move || {
                    let mine = mine.get();
                    if !mine.is_empty() {
                        return view! {
                            <ul class="series-list">
                                {mine.into_iter().map(|(id, e)| view! {
                                    <li class="series-row">
                                        <div class="who"><span class="name">{format!("With {}", e.counterpart_name)}</span><span class="role">"My leader"</span></div>
                                        <PlanBrief doc_id=id label="Open my development plan".to_string()/>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any();
                    }
                    let leader = leader_name.get();
                    if leader.is_empty() && leads.get() {
                        view! {
                            <p class="muted">"If you report to someone, name them under \"My leader\" on the " <a href="#/team">"Team page"</a> " to start your own plan with them."</p>
                        }.into_any()
                    } else if leader.is_empty() {
                        view! {
                            <p class="muted">"Your plan is yours: you write your goals for 1, 3 and 5 years and share them with your leader, who comments and discusses them with you."</p>
                            <p class="notice">"To start it, first name your leader on the " <a href="#/team">"Team page"</a> " (under \"My leader\"): the plan is shared with them."</p>
                            <p class="help">"If your leader already started a plan for you, import the sync file they sent on the " <a href="#/sharing">"Sharing"</a> " page."</p>
                        }.into_any()
                    } else {
                        view! {
                            <p class="muted">{format!("Write your goals for 1, 3 and 5 years, your priorities and your interest in promotion or leadership, then send the plan to {leader} as a sync file.")}</p>
                            <p class="field-error" role="alert">{move || start_error.get()}</p>
                            <button class="primary" on:click=start_mine disabled=move || busy.get()>"Start my plan"</button>
                            <p class="help">"If " {leader.clone()} " already started a plan for you, import their sync file on the " <a href="#/sharing">"Sharing"</a> " page instead."</p>
                        }.into_any()
                    }
                }}
            </div>
            <Show when=move || leads.get() fallback=|| view! {
                <div class="card">
                    <h2>"My team's plans"</h2>
                    <p class="empty">"If you lead people, add them on the " <a href="#/team">"Team page"</a> ": their development plans and the bench-strength view appear here."</p>
                </div>
            }>
                <div class="card">
                    <h2>"My team's plans"</h2>
                    <p class="help">"Each plan is led by the employee: usually they start it and send it to you. For a new report you can start it for them and send it over."</p>
                    <ul class="series-list" aria-label="My team's plans">
                        <For each=move || people.get() key=|p| (p.id.clone(), p.name.clone()) let:p>
                            {
                                let (pid, pname) = (p.id.clone(), p.name.clone());
                                let found = Memo::new(move |_| plans::plan_for_person(state, &pid, &pname).map(|(id, _)| id));
                                let (pid, name) = (p.id.clone(), p.name.clone());
                                view! {
                                    <li class="series-row">
                                        <div class="who"><span class="name">{p.name.clone()}</span><span class="role">{p.role_title.clone()}</span></div>
                                        {move || match found.get() {
                                            Some(id) => view! { <PlanBrief doc_id=id label=format!("Open the development plan of {name}")/> }.into_any(),
                                            None => {
                                                let pid = pid.clone();
                                                view! {
                                                    <span class="muted">"No plan yet"</span>
                                                    <button class="secondary" on:click=move |_| start_for(pid.clone())>{format!("Start a plan for {name}")}</button>
                                                }.into_any()
                                            }
                                        }}
                                    </li>
                                }
                            }
                        </For>
                        <For each=move || others.get() key=|(id, _)| id.clone() let:item>
                            <li class="series-row">
                                <div class="who"><span class="name">{item.1.counterpart_name.clone()}</span><span class="role">"Not on my active team"</span></div>
                                <PlanBrief doc_id=item.0.clone() label=format!("Open the development plan of {}", item.1.counterpart_name)/>
                            </li>
                        </For>
                    </ul>
                </div>
                <BenchView/>
            </Show>
        </section>
    }
}

/// One line about a plan: goals per horizon, activity, in-depth cadence, and a link.
#[component]
fn PlanBrief(doc_id: String, label: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let plan = use_plan(doc_id.clone());
    let brief = move || {
        plan.with(|p| {
            let p = p.as_ref()?;
            let today = state.today.get();
            let [a, b, c] = p.active_goal_counts();
            let f = rules::freshness(p, today);
            let cad = rules::in_depth_cadence(p, today);
            let depth = if cad.overdue {
                format!("in-depth discussion {} days overdue", cad.days_overdue)
            } else {
                format!("in-depth discussion due {}", fmt_date(cad.due))
            };
            Some((
                format!(
                    "Goals 1y {a} · 3y {b} · 5y {c} — active {} — {depth}",
                    days_ago(f.days)
                ),
                cad.overdue,
            ))
        })
    };
    view! {
        <span class="brief" class:overdue=move || brief().is_some_and(|b| b.1)>{move || brief().map(|b| b.0).unwrap_or_else(|| "Opening…".into())}</span>
        <a class="button secondary" href=Route::Plan(doc_id.clone()).href() aria-label=label>"Open"</a>
    }
}

/// R5.3: who wants what, how ready they are, who could step into which role, which roles
/// need a backfill. Built from the shared plans I lead only; reads no goal text or notes.
#[component]
fn BenchView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let data: Memo<Bench> = Memo::new(move |_| {
        let led = plans::plans_i_lead(state);
        bench::bench(led.iter(), plans::BENCH_LEADER, state.today.get())
    });
    view! {
        <div class="card bench" role="region" aria-label="Bench strength">
            <h2>"Bench strength"</h2>
            <p class="help">"From the development plans you lead: each person's stated interest, your readiness assessment and the roles they could step into. Goal texts, priorities and notes are not shown here."</p>
            {move || {
                let b = data.get();
                if b.rows.is_empty() {
                    return view! { <p class="empty">"No development plans from your team yet. Once a report sends you their plan (or you start one for them), they appear here."</p> }.into_any();
                }
                let s = b.summary.clone();
                let ready_now = b.rows.iter().filter(|r| r.readiness == Readiness::ReadyNow).count();
                let total = b.rows.len();
                let uncovered = s.roles_without_ready_successor.len();
                let mut attention: Vec<String> = Vec::new();
                if !s.backfills_without_candidate.is_empty() {
                    attention.push(format!("Roles that need a backfill and have no candidate: {}.", s.backfills_without_candidate.join(", ")));
                }
                if !s.interested_not_assessed.is_empty() {
                    attention.push(format!("Interested in growing, readiness not assessed yet: {}.", s.interested_not_assessed.join(", ")));
                }
                if !s.growth_without_one_year_goal.is_empty() {
                    attention.push(format!("Interested in growing, but no active 1-year goal leads there: {}.", s.growth_without_one_year_goal.join(", ")));
                }
                if !s.in_depth_overdue.is_empty() {
                    attention.push(format!("Six-monthly in-depth discussion overdue: {}.", s.in_depth_overdue.join(", ")));
                }
                view! {
                    <div class="stats">
                        <StatCard label="Interested in promotion" value=Signal::derive(move || format!("{} of {total}", s.promotion_counts[0]))
                            hint=Signal::derive(move || other_answers(s.promotion_counts))/>
                        <StatCard label="Interested in leadership" value=Signal::derive(move || format!("{} of {total}", s.leadership_counts[0]))
                            hint=Signal::derive(move || other_answers(s.leadership_counts))/>
                        <StatCard label="Ready now" value=Signal::derive(move || format!("{ready_now} of {total}"))/>
                        <StatCard label="Roles without a ready successor" value=Signal::derive(move || uncovered.to_string()) warn=Signal::derive(move || uncovered > 0)/>
                    </div>
                    {(!attention.is_empty()).then(|| view! {
                        <ul class="findings" aria-label="Bench flags">
                            {attention.into_iter().map(|m| view! { <li class="flag-item"><span class="rule" aria-hidden="true">"⚑"</span>" "{m}</li> }).collect_view()}
                        </ul>
                    })}
                    <div class="table-wrap">
                        <table class="bench-table">
                            <caption class="sr-only">"Bench strength: one row per person"</caption>
                            <thead><tr>
                                <th scope="col">"Person"</th>
                                <th scope="col">"Interest"</th>
                                <th scope="col">"Readiness"</th>
                                <th scope="col">"Could step into"</th>
                                <th scope="col">"Own role"</th>
                                <th scope="col">"Plan"</th>
                            </tr></thead>
                            <tbody>
                                {b.rows.into_iter().map(bench_row).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <h3 class="bench-sub">"Succession by role"</h3>
                    {if b.summary.roles.is_empty() {
                        view! { <p class="muted">"No roles recorded yet: add them in each person's assessment (on their plan)."</p> }.into_any()
                    } else {
                        view! { <ul class="role-cover">{b.summary.roles.into_iter().map(role_row).collect_view()}</ul> }.into_any()
                    }}
                }.into_any()
            }}
        </div>
    }
}

/// The answers other than "yes" of an interest count `[yes, no, not now, not answered]`.
fn other_answers(c: [usize; 4]) -> String {
    let parts: Vec<String> = [(c[2], "not now"), (c[1], "no"), (c[3], "not answered")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, l)| format!("{n} {l}"))
        .collect();
    parts.join(" · ")
}

fn bench_row(r: BenchRow) -> impl IntoView {
    let roles = if r.successor_for.is_empty() {
        "—".to_string()
    } else {
        r.successor_for.join(", ")
    };
    let assessed = r
        .assessed_on
        .map(|d| format!("assessed {}", fmt_date(d)))
        .unwrap_or_default();
    let [a, b, c] = r.active_goals;
    let depth = if r.in_depth.overdue {
        format!("in-depth {} days overdue", r.in_depth.days_overdue)
    } else {
        format!("in-depth due {}", fmt_date(r.in_depth.due))
    };
    let flags = r.flags.clone();
    view! {
        <tr>
            <th scope="row">
                <a href=Route::Plan(r.plan_id.clone()).href()>{r.name.clone()}</a>
                <span class="cell-sub">{if r.role_title.is_empty() { "Role not recorded".to_string() } else { r.role_title.clone() }}</span>
            </th>
            <td>
                <span class="interest">"Promotion " <span class=interest_class(r.promotion)>{interest_label(r.promotion)}</span></span>
                <span class="interest">"Leadership " <span class=interest_class(r.leadership)>{interest_label(r.leadership)}</span></span>
            </td>
            <td><span class=readiness_class(r.readiness)>{r.readiness.label()}</span><span class="cell-sub">{assessed}</span></td>
            <td>{roles}</td>
            <td>{if r.backfill_needed { view! { <span class="badge warn">"Needs backfill"</span> }.into_any() } else { view! { <span class="muted">"—"</span> }.into_any() }}</td>
            <td class="plan-cell">
                <span>{format!("Goals 1y {a} · 3y {b} · 5y {c}")}</span>
                <span class="cell-sub">{format!("active {}", days_ago(r.freshness.days))}</span>
                <span class="cell-sub" class:late=r.in_depth.overdue>{depth}</span>
                {(!flags.is_empty()).then(|| view! {
                    <details class="cell-flags">
                        <summary>{format!("{} flag{}", flags.len(), if flags.len() == 1 { "" } else { "s" })}</summary>
                        <ul>{flags.into_iter().map(|f| view! { <li>{f.message}</li> }).collect_view()}</ul>
                    </details>
                })}
            </td>
        </tr>
    }
}

fn role_row(c: RoleCover) -> impl IntoView {
    let candidates = if c.candidates.is_empty() {
        "nobody yet".to_string()
    } else {
        c.candidates
            .iter()
            .map(|x| format!("{} ({})", x.name, x.readiness.label().to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let backfill = (!c.backfill_for.is_empty())
        .then(|| format!("Backfill needed for {}", c.backfill_for.join(", ")));
    view! {
        <li class="role-row" class:uncovered=!c.ready_successor>
            <span class="role-name">{c.role.clone()}</span>
            {if c.ready_successor {
                view! { <span class="badge ok">"Ready successor"</span> }.into_any()
            } else {
                view! { <span class="badge warn">"No one ready now"</span> }.into_any()
            }}
            <span class="muted">"Could step in: " {candidates}</span>
            {backfill.map(|b| view! { <span class="meta">{b}</span> })}
        </li>
    }
}

// ---------------------------------------------------------------------------------------
// One plan
// ---------------------------------------------------------------------------------------

/// What every part of the plan page needs: the document, the live plan, and who I am in it.
#[derive(Clone)]
struct Ctx {
    doc_id: String,
    plan: Memo<Option<DevelopmentPlan>>,
    side: Side,
    /// The plan's commands, acting as me (my participant id inside the plan).
    cmd: plans::Plan,
}

#[component]
pub fn Plan(doc_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let open_error = RwSignal::new(None::<String>);
    // A plan created or imported in another tab is not open in this one yet.
    crate::state::shared::ensure_open(&doc_id, DocKind::DevelopmentPlan, move |e| {
        open_error.set(Some(e))
    });
    let plan = use_plan(doc_id.clone());
    let entry = {
        let id = doc_id.clone();
        Memo::new(move |_| {
            state
                .workspace
                .with(|w| w.as_ref().and_then(|w| w.shared.get(&id).cloned()))
        })
    };
    let ready = Memo::new(move |_| plan.with(|p| p.is_some()) && entry.with(|e| e.is_some()));
    view! {
        <section class="page plan-page">
            {move || {
                if ready.get() {
                    let p = plan.get_untracked().expect("ready");
                    let side = entry.with_untracked(|e| e.as_ref().map(|e| e.my_side)).unwrap_or(Side::Employee);
                    let me = match side {
                        Side::Leader => p.leader.id.clone(),
                        Side::Employee => p.employee.id.clone(),
                    };
                    let cmd = plans::Plan::new(state, doc_id.clone(), me);
                    let ctx = Ctx { doc_id: doc_id.clone(), plan, side, cmd };
                    view! { <PlanBody ctx=ctx entry=entry/> }.into_any()
                } else if let Some(e) = open_error.get() {
                    view! {
                        <div class="card error-card" role="alert">
                            <h1>"This development plan could not be opened"</h1>
                            <p>{e}</p>
                            <a href="#/growth">"Back to Growth"</a>
                        </div>
                    }.into_any()
                } else {
                    view! { <p class="muted" role="status">"Opening the development plan…"</p> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn PlanBody(ctx: Ctx, entry: Memo<Option<SharedDoc>>) -> impl IntoView {
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
    let show_export = RwSignal::new(false);
    let show_history = RwSignal::new(false);
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
    let hist_id = ctx.doc_id.clone();
    let am_id = ctx.doc_id.clone();
    view! {
        <div class="page-head">
            <p class="crumbs"><a href="#/growth">"Growth"</a>" ›"</p>
            <h1>{title}</h1>
            <p class="muted">{subtitle}</p>
            <div class="form-actions">
                <button class="primary" on:click=move |_| show_export.update(|v| *v = !*v) aria-expanded=move || show_export.get().to_string()>
                    {move || format!("Send update to {}", other())}
                </button>
                <button class="ghost" on:click=move |_| show_history.update(|v| *v = !*v) aria-expanded=move || show_history.get().to_string()>"History"</button>
                <button class="ghost" on:click=move |_| crate::ui::widgets::print_page()>"Print"</button>
                <AutomergeDownload doc_id=am_id.clone()/>
            </div>
        </div>
        {move || show_export.get().then(|| entry.get_untracked().map(|e| view! { <ExportPanel doc_id=doc_id.clone() entry=e/> }))}
        <Show when=move || show_history.get()>
            <HistoryPanel doc_id=hist_id.clone()/>
        </Show>
        <div class="stats">
            <StatCard label="Active goals" value=Signal::derive(move || { let [a, b, c] = counts.get(); format!("{a} · {b} · {c}") })
                hint="for 1 · 3 · 5 years" warn=Signal::derive(move || counts.get().contains(&0))/>
            <StatCard label="Next in-depth discussion"
                value=Signal::derive(move || cadence.get().map(|c| if c.overdue { format!("{} days overdue", c.days_overdue) } else { fmt_date(c.due) }).unwrap_or_default())
                hint=Signal::derive(move || cadence.get().map(|c| match c.last_in_depth { Some(d) => format!("every 6 months · last on {}", fmt_date(d)), None => "every 6 months · none held yet".to_string() }).unwrap_or_default())
                warn=Signal::derive(move || cadence.get().is_some_and(|c| c.overdue))/>
            <StatCard label="Last IDP check in a 1:1"
                value=Signal::derive(move || cadence.get().and_then(|c| c.last_check).map(fmt_date).unwrap_or_else(|| "None yet".into()))
                hint="a short check belongs in every 1:1"/>
            <StatCard label="Last activity" value=Signal::derive(move || days_ago(fresh.get()))/>
        </div>
        {move || findings_view(findings.get(), "Flags on this plan")}
        <Goals ctx=ctx.clone()/>
        <AddGoal ctx=ctx.clone()/>
        <div class="grid two">
            <Priorities ctx=ctx.clone()/>
            <AspirationCard ctx=ctx.clone()/>
        </div>
        <BenchCard ctx=ctx.clone()/>
        <Discussions ctx=ctx.clone()/>
        <Comments ctx=ctx.clone()/>
    }
}

/// Goals grouped by horizon (R5.1).
#[component]
fn Goals(ctx: Ctx) -> impl IntoView {
    let plan = ctx.plan;
    view! {
        <div class="card goals" role="region" aria-label="Goals">
            <h2>"Goals"</h2>
            <p class="help">"Goals for 1, 3 and 5 years. They need not concern advancement in this organisation: a degree, a craft or a move elsewhere are goals too."</p>
            {Horizon::ALL.into_iter().map(|h| {
                let ids = Memo::new(move |_| {
                    plan.with(|p| p.as_ref().map(|p| p.goals_in(h).into_iter().map(|g| g.id.clone()).collect::<Vec<_>>()).unwrap_or_default())
                });
                let ctx = ctx.clone();
                view! {
                    <section class="horizon" aria-label=format!("{} goals", h.label())>
                        <h3 class="horizon-head">{h.label()} <span class="count">{move || ids.with(|v| v.len())}</span></h3>
                        <Show when=move || ids.with(|v| v.is_empty())>
                            <p class="empty">{format!("No {} goal yet.", h.label())}</p>
                        </Show>
                        <div class="goal-list">
                            <For each=move || ids.get() key=|id| id.clone() let:gid>
                                <GoalItem ctx=ctx.clone() goal_id=gid/>
                            </For>
                        </div>
                    </section>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
fn GoalItem(ctx: Ctx, goal_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let plan = ctx.plan;
    let goal: Memo<Option<Goal>> = {
        let gid = goal_id.clone();
        Memo::new(move |_| plan.with(|p| p.as_ref().and_then(|p| p.goals.get(&gid).cloned())))
    };
    let title = move || goal.with(|g| g.as_ref().map(|g| g.title.clone()).unwrap_or_default());
    let editing = RwSignal::new(false);
    let fid = format!("goal-{}", short(&goal_id));
    let status_change = {
        let (ctx, gid) = (ctx.clone(), goal_id.clone());
        move |ev: leptos::ev::Event| {
            let status = match event_target_value(&ev).as_str() {
                "achieved" => GoalStatus::Achieved,
                "dropped" => GoalStatus::Dropped,
                _ => GoalStatus::Active,
            };
            if let Err(e) = ctx.cmd.set_goal_status(&gid, status) {
                state.notify(e);
            }
        }
    };
    let status_slug = move || {
        goal.with(|g| match g.as_ref().map(|g| g.status) {
            Some(GoalStatus::Achieved) => "achieved",
            Some(GoalStatus::Dropped) => "dropped",
            _ => "active",
        })
    };
    let meta = move || {
        goal.with(|g| {
            g.as_ref().map(|g| {
                let p = plan
                    .with_untracked(|p| p.as_ref().map(|p| p.name_of(&g.added_by).to_string()))
                    .unwrap_or_default();
                format!("Target {} · added by {p}", fmt_date(g.target_date))
            })
        })
    };
    let save_edit = {
        let (ctx, gid) = (ctx.clone(), goal_id.clone());
        move |draft: GoalDraft| Ok(ctx.cmd.edit_goal(&gid, &draft)?)
    };
    let edit_initial = move || {
        goal.with_untracked(|g| {
            g.as_ref().map(|g| GoalDraft {
                horizon: g.horizon,
                title: g.title.clone(),
                description: g.description.as_str().to_string(),
                target_date: g.target_date.format("%Y-%m-%d").to_string(),
                within_organisation: g.within_organisation,
            })
        })
    };
    let actions = Memo::new(move |_| {
        goal.with(|g| {
            let Some(g) = g.as_ref() else {
                return Vec::new();
            };
            let mut v: Vec<GoalAction> = g.open_actions().into_iter().cloned().collect();
            let mut done: Vec<GoalAction> = g
                .actions
                .values()
                .filter(|a| a.is_done())
                .cloned()
                .collect();
            done.sort_by(|a, b| b.done_on.cmp(&a.done_on).then_with(|| a.text.cmp(&b.text)));
            v.extend(done);
            v
        })
    });
    let status_id = format!("{fid}-status");
    let status_id2 = status_id.clone();
    let (step_ctx, step_gid) = (ctx.clone(), goal_id.clone());
    view! {
        <article class="goal" class:inactive=move || goal.with(|g| g.as_ref().is_some_and(|g| !g.is_active())) aria-label=title>
            <div class="goal-head">
                <div class="goal-title">
                    <h4>{title}</h4>
                    <span class="meta">{meta}</span>
                    {move || goal.with(|g| g.as_ref().is_some_and(|g| !g.within_organisation)).then(|| view! { <span class="badge plain">"Outside this organisation"</span> })}
                </div>
                <div class="goal-controls">
                    <label for=status_id.clone() class="sr-only">{move || format!("Status of {}", title())}</label>
                    <select id=status_id2 class="status-select" prop:value=status_slug on:change=status_change>
                        {GoalStatus::ALL.into_iter().map(|s| {
                            let slug = match s { GoalStatus::Active => "active", GoalStatus::Achieved => "achieved", GoalStatus::Dropped => "dropped" };
                            view! { <option value=slug>{s.label()}</option> }
                        }).collect_view()}
                    </select>
                    <button class="ghost" aria-expanded=move || editing.get().to_string() aria-label=move || format!("Edit goal {}", title()) on:click=move |_| editing.update(|v| *v = !*v)>
                        {move || if editing.get() { "Close" } else { "Edit" }}
                    </button>
                </div>
            </div>
            {move || {
                let d = goal.with(|g| g.as_ref().map(|g| g.description.as_str().to_string())).unwrap_or_default();
                (!d.trim().is_empty()).then(|| view! { <p class="prose goal-desc">{d}</p> })
            }}
            {move || editing.get().then(|| edit_initial().map(|initial| {
                let save = save_edit.clone();
                view! {
                    <GoalForm id_prefix=format!("{fid}-edit") initial=initial submit_label="Save goal" reset=false
                        on_save=save on_done=Callback::new(move |_| editing.set(false))/>
                }
            }))}
            <div class="steps">
                <h5 class="sr-only">"Steps"</h5>
                <ul class="action-list" aria-label=move || format!("Steps towards {}", title())>
                    <For each=move || actions.get() key=|a| (a.id.clone(), a.text.clone(), a.due, a.done_on) let:a>
                        <StepItem ctx=ctx.clone() goal_id=goal_id.clone() action=a/>
                    </For>
                </ul>
                <AddStep ctx=step_ctx goal_id=step_gid goal_title=Signal::derive(title)/>
            </div>
        </article>
    }
}

#[component]
fn StepItem(ctx: Ctx, goal_id: String, action: GoalAction) -> impl IntoView {
    let state = expect_context::<AppState>();
    let done = action.is_done();
    let today = state.today.get_untracked();
    let overdue = !done && action.due.is_some_and(|d| d < today);
    let aid = action.id.clone();
    let by = ctx
        .plan
        .with_untracked(|p| p.as_ref().map(|p| p.name_of(&action.added_by).to_string()))
        .unwrap_or_default();
    let toggle = {
        let ctx = ctx.clone();
        move |_| {
            if let Err(e) = ctx.cmd.set_goal_action_done(&goal_id, &aid, !done) {
                state.notify(e);
            }
        }
    };
    let mut meta = match action.due {
        Some(d) => format!("due {}", fmt_date(d)),
        None => "no due date".to_string(),
    };
    if let Some(d) = action.done_on {
        meta = format!("done {}", fmt_date(d));
    } else if overdue {
        meta.push_str(" · overdue");
    }
    meta.push_str(&format!(" · added by {by}"));
    view! {
        <li class="action" class:done=done class:overdue=overdue>
            <label class="check"><input type="checkbox" prop:checked=done on:change=toggle/>
                <span>{action.text.clone()}</span></label>
            <span class="meta">{meta}</span>
        </li>
    }
}

#[component]
fn AddStep(ctx: Ctx, goal_id: String, goal_title: Signal<String>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let fid = format!("step-{}", short(&goal_id));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = GoalActionDraft {
            text: text.get_untracked(),
            due: due.get_untracked(),
        };
        match ctx.cmd.add_goal_action(&goal_id, &draft) {
            Ok(added) => {
                let flags = added.flags;
                text.set(String::new());
                due.set(String::new());
                error.set(None);
                notice.set((!flags.is_empty()).then(|| {
                    let msgs: Vec<String> = flags.into_iter().map(|f| f.message).collect();
                    format!("Step added. Worth a look: {}", msgs.join(" "))
                }));
            }
            Err(e) => {
                notice.set(None);
                error.set(Some(e.to_string()));
            }
        }
    };
    view! {
        <form class="inline-form add-step" on:submit=submit novalidate aria-label=move || format!("Add a step towards {}", goal_title.get())>
            <label for=format!("{fid}-text") class="sr-only">{move || format!("New step towards {}", goal_title.get())}</label>
            <input id=format!("{fid}-text") class="step-text" type="text" placeholder="Add a step towards this goal" prop:value=move || text.get() on:input=move |ev| { text.set(event_target_value(&ev)); error.set(None); }/>
            <label for=format!("{fid}-due") class="step-due-label">"Due (optional)"</label>
            <input id=format!("{fid}-due") class="step-due" type="date" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev))/>
            <button type="submit" class="secondary">"Add step"</button>
        </form>
        <p class="field-error" role="alert">{move || error.get()}</p>
        <p class="flag-text" role="status">{move || notice.get()}</p>
    }
}

/// The goal form, used to add a goal and to edit one.
#[component]
fn GoalForm(
    id_prefix: String,
    initial: GoalDraft,
    submit_label: &'static str,
    /// Clear the form after a successful save (adding) or keep it (editing).
    reset: bool,
    on_save: impl Fn(GoalDraft) -> Result<Vec<Finding>, String> + Clone + Send + Sync + 'static,
    #[prop(optional)] on_done: Option<Callback<()>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let initial_horizon = initial.horizon;
    let horizon = RwSignal::new(initial.horizon);
    let title = RwSignal::new(initial.title.clone());
    let description = RwSignal::new(initial.description.clone());
    let target = RwSignal::new(initial.target_date.clone());
    let within = RwSignal::new(initial.within_organisation);
    // The target date follows the horizon until the person picks a date themselves.
    let auto_date = RwSignal::new(reset);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = GoalDraft {
            horizon: horizon.get_untracked(),
            title: title.get_untracked(),
            description: description.get_untracked(),
            target_date: target.get_untracked(),
            within_organisation: within.get_untracked(),
        };
        match on_save(draft.clone()) {
            Ok(flags) => {
                error.set(None);
                let msg = (!flags.is_empty()).then(|| {
                    let msgs: Vec<String> = flags.into_iter().map(|f| f.message).collect();
                    format!(
                        "Saved \"{}\". Worth a look: {}",
                        draft.title.trim(),
                        msgs.join(" ")
                    )
                });
                if reset {
                    title.set(String::new());
                    description.set(String::new());
                    within.set(true);
                    auto_date.set(true);
                    target.set(suggested_target(
                        horizon.get_untracked(),
                        state.today.get_untracked(),
                    ));
                    state.notify(format!("Goal added for {}", draft.horizon.label()));
                } else if msg.is_none() {
                    if let Some(done) = on_done {
                        done.run(());
                    }
                }
                notice.set(msg);
            }
            Err(e) => {
                notice.set(None);
                error.set(Some(e));
            }
        }
    };
    let p = id_prefix;
    view! {
        <form class="goal-form" on:submit=submit novalidate>
            <div class="fields">
                <div class="field grow">
                    <label for=format!("{p}-title")>"Goal"</label>
                    <input id=format!("{p}-title") type="text" maxlength="120" placeholder="e.g. Give a talk at a conference"
                        prop:value=move || title.get() on:input=move |ev| { title.set(event_target_value(&ev)); error.set(None); }/>
                </div>
                <div class="field narrow">
                    <label for=format!("{p}-horizon")>"Horizon"</label>
                    <select id=format!("{p}-horizon") prop:value=move || horizon.get().slug() on:change=move |ev| {
                        let h = Horizon::from_key(&event_target_value(&ev)).unwrap_or(initial_horizon);
                        horizon.set(h);
                        if auto_date.get_untracked() {
                            target.set(suggested_target(h, state.today.get_untracked()));
                        }
                    }>
                        {Horizon::ALL.into_iter().map(|h| view! { <option value=h.slug()>{h.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field narrow">
                    <label for=format!("{p}-target")>"Target date"</label>
                    <input id=format!("{p}-target") type="date" prop:value=move || target.get() on:input=move |ev| { target.set(event_target_value(&ev)); auto_date.set(false); error.set(None); }/>
                </div>
            </div>
            <div class="field">
                <label for=format!("{p}-desc")>"Description " <span class="optional">"(optional)"</span></label>
                <textarea id=format!("{p}-desc") rows="2" placeholder="Why it matters, what success looks like"
                    prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </div>
            <label class="check"><input type="checkbox" prop:checked=move || within.get() on:change=move |ev| within.set(event_target_checked(&ev))/>
                "About my path in this organisation"</label>
            <p class="help">"Untick for a goal outside this organisation (a degree, a craft, a move) so nobody reads it as a promotion request."</p>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <p class="flag-text" role="status">{move || notice.get()}</p>
            <div class="form-actions">
                <button type="submit" class="primary">{submit_label}</button>
                {on_done.map(|done| view! { <button type="button" class="ghost" on:click=move |_| done.run(())>"Cancel"</button> })}
            </div>
        </form>
    }
}

#[component]
fn AddGoal(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = state.today.get_untracked();
    let initial = GoalDraft {
        horizon: Horizon::OneYear,
        title: String::new(),
        description: String::new(),
        target_date: suggested_target(Horizon::OneYear, today),
        within_organisation: true,
    };
    let who = match ctx.side {
        Side::Employee => "Your plan: add what you want to reach in 1, 3 and 5 years.".to_string(),
        Side::Leader => {
            "The plan is the employee's; you can suggest a goal, and they see who added it."
                .to_string()
        }
    };
    let save = move |draft: GoalDraft| Ok(ctx.cmd.add_goal(&draft)?.flags);
    view! {
        <div class="card add-goal" role="region" aria-label="Add a goal">
            <h2>"Add a goal"</h2>
            <p class="help">{who}</p>
            <GoalForm id_prefix="new-goal".to_string() initial=initial submit_label="Add goal" reset=true on_save=save/>
        </div>
    }
}

/// R5.3: the employee's personal priorities (only they edit them).
#[component]
fn Priorities(ctx: Ctx) -> impl IntoView {
    let plan = ctx.plan;
    let stored = Signal::derive(move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| p.priorities.as_str().to_string())
                .unwrap_or_default()
        })
    });
    let updated = move || {
        plan.with(|p| p.as_ref().and_then(|p| p.priorities_updated_on))
            .map(|d| format!("Updated {}", fmt_date(d)))
    };
    let body = match ctx.side {
        Side::Employee => {
            let cmd = ctx.cmd;
            let commit = move |edit: TextEdit| cmd.set_priorities(edit).map_err(String::from);
            view! {
                <SyncedTextarea id="plan-priorities" label="My personal priorities"
                    help="What matters to you now: family, health, learning, where you want to live… Only you edit this; your leader reads it."
                    stored=stored on_commit=commit rows=4/>
                <p class="meta">{updated}</p>
            }
            .into_any()
        }
        Side::Leader => view! {
            <h3>"Personal priorities"</h3>
            <p class="help">"Written by the employee; only they edit it."</p>
            {move || {
                let t = stored.get();
                if t.trim().is_empty() {
                    view! { <p class="empty">"Not written yet."</p> }.into_any()
                } else {
                    view! { <p class="prose priorities-text">{t}</p> }.into_any()
                }
            }}
            <p class="meta">{updated}</p>
        }
        .into_any(),
    };
    view! {
        <div class="card priorities" role="region" aria-label="Personal priorities">
            <h2>"Priorities"</h2>
            {body}
        </div>
    }
}

/// R5.3: interest in promotion and leadership — the employee answers, the leader reads.
#[component]
fn AspirationCard(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let plan = ctx.plan;
    let asp = Memo::new(move |_| {
        plan.with(|p| p.as_ref().map(|p| p.aspiration.clone()))
            .unwrap_or_default()
    });
    let updated = move || {
        asp.with(|a| a.updated_on)
            .map(|d| format!("Updated {}", fmt_date(d)))
    };
    let body = match ctx.side {
        Side::Employee => {
            let group = move |which: &'static str, legend: &'static str| {
                let ctx = ctx.clone();
                let current = move || {
                    asp.with(|a| if which == "promotion" { a.promotion } else { a.leadership })
                };
                let options: Vec<Option<Interest>> = Interest::ALL.into_iter().map(Some).chain([None]).collect();
                view! {
                    <fieldset class="interest-group">
                        <legend>{legend}</legend>
                        <div class="radio-row">
                            {options.into_iter().map(|opt| {
                                let ctx = ctx.clone();
                                let pick = move |_| {
                                    let (mut promo, mut lead) = asp.with_untracked(|a| (a.promotion, a.leadership));
                                    if which == "promotion" { promo = opt } else { lead = opt }
                                    match ctx.cmd.set_aspiration(promo, lead) {
                                        Ok(()) => state.notify("Interest saved"),
                                        Err(e) => state.notify(e),
                                    }
                                };
                                view! {
                                    <label class="check"><input type="radio" name=format!("interest-{which}") value=opt.map(|i| i.label()).unwrap_or("unanswered")
                                        prop:checked=move || current() == opt on:change=pick/>{interest_label(opt)}</label>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                }
            };
            view! {
                <p class="help">"Say what you want; \"not now\" is a fine answer. Your leader sees it in their bench view."</p>
                {group("promotion", "Interested in promotion?")}
                {group("leadership", "Interested in a leadership role?")}
                <p class="meta">{updated}</p>
            }
            .into_any()
        }
        Side::Leader => view! {
            <p class="help">"Stated by the employee; only they change it."</p>
            <dl class="facts pairs">
                <dt>"Promotion"</dt>
                <dd><span class=move || interest_class(asp.with(|a| a.promotion))>{move || interest_label(asp.with(|a| a.promotion))}</span></dd>
                <dt>"Leadership"</dt>
                <dd><span class=move || interest_class(asp.with(|a| a.leadership))>{move || interest_label(asp.with(|a| a.leadership))}</span></dd>
            </dl>
            <p class="meta">{updated}</p>
        }
        .into_any(),
    };
    view! {
        <div class="card aspiration" role="region" aria-label="Interest in promotion and leadership">
            <h2>"Interest in promotion and leadership"</h2>
            {body}
        </div>
    }
}

/// R5.3: the leader's bench assessment (only the leader edits it; the employee can read it).
#[component]
fn BenchCard(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let plan = ctx.plan;
    let stored = Memo::new(move |_| {
        plan.with(|p| p.as_ref().map(|p| p.bench.clone()))
            .unwrap_or_default()
    });
    let assessed = move || {
        stored
            .with(|b| b.assessed_on)
            .map(|d| format!("Assessed {}", fmt_date(d)))
            .unwrap_or_else(|| "Not assessed yet".into())
    };
    let body = match ctx.side {
        Side::Leader => {
            let b0 = stored.get_untracked();
            let role = RwSignal::new(b0.role_title.clone());
            let readiness = RwSignal::new(b0.readiness);
            let roles = RwSignal::new(b0.successor_for.join(", "));
            let backfill = RwSignal::new(b0.backfill_needed);
            let error = RwSignal::new(None::<String>);
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let draft = BenchDraft {
                    role_title: role.get_untracked(),
                    readiness: readiness.get_untracked(),
                    successor_for: roles
                        .get_untracked()
                        .split([',', ';', '\n'])
                        .map(str::to_string)
                        .collect(),
                    backfill_needed: backfill.get_untracked(),
                };
                match ctx.cmd.set_bench_assessment(&draft) {
                    Ok(()) => {
                        error.set(None);
                        // Show the normalised values the plan now holds.
                        let b = stored.get_untracked();
                        role.set(b.role_title.clone());
                        roles.set(b.successor_for.join(", "));
                        state.notify("Assessment saved");
                    }
                    Err(e) => error.set(Some(e.to_string())),
                }
            };
            view! {
                <p class="help">"Your view for the bench-strength table on the Growth page. The employee can read it in the plan."</p>
                <form class="bench-form" on:submit=submit novalidate>
                    <div class="fields">
                        <div class="field">
                            <label for="bench-role">"Current role"</label>
                            <input id="bench-role" type="text" maxlength="80" placeholder="e.g. Backend engineer" prop:value=move || role.get() on:input=move |ev| role.set(event_target_value(&ev))/>
                        </div>
                        <div class="field">
                            <label for="bench-readiness">"Readiness for a bigger role"</label>
                            <select id="bench-readiness" prop:value=move || readiness_slug(readiness.get()) on:change=move |ev| readiness.set(readiness_from(&event_target_value(&ev)))>
                                {Readiness::ALL.into_iter().map(|r| view! { <option value=readiness_slug(r)>{r.label()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field grow">
                            <label for="bench-roles">"Roles they could step into"</label>
                            <input id="bench-roles" type="text" placeholder="e.g. Tech lead, Engineering manager" aria-describedby="bench-roles-help" prop:value=move || roles.get() on:input=move |ev| roles.set(event_target_value(&ev))/>
                            <p class="help" id="bench-roles-help">"Separate roles with commas."</p>
                        </div>
                    </div>
                    <label class="check"><input id="bench-backfill" type="checkbox" prop:checked=move || backfill.get() on:change=move |ev| backfill.set(event_target_checked(&ev))/>
                        "Their current role would need a backfill"</label>
                    <p class="field-error" role="alert">{move || error.get()}</p>
                    <div class="form-actions">
                        <button type="submit" class="primary">"Save assessment"</button>
                        <span class="meta">{assessed}</span>
                    </div>
                </form>
            }
            .into_any()
        }
        Side::Employee => view! {
            <p class="help">"Written by your leader for their team's bench view; only they change it."</p>
            <dl class="facts pairs">
                <dt>"Readiness for a bigger role"</dt>
                <dd><span class=move || readiness_class(stored.with(|b| b.readiness))>{move || stored.with(|b| b.readiness.label())}</span></dd>
                <dt>"Current role"</dt>
                <dd>{move || stored.with(|b| if b.role_title.is_empty() { "—".to_string() } else { b.role_title.clone() })}</dd>
                <dt>"Roles you could step into"</dt>
                <dd>{move || stored.with(|b| if b.successor_for.is_empty() { "—".to_string() } else { b.successor_for.join(", ") })}</dd>
                <dt>"Your role would need a backfill"</dt>
                <dd>{move || if stored.with(|b| b.backfill_needed) { "Yes" } else { "No" }}</dd>
            </dl>
            <p class="meta">{assessed}</p>
        }
        .into_any(),
    };
    view! {
        <div class="card bench-assessment" role="region" aria-label="Leader's assessment">
            <h2>"Leader's assessment"</h2>
            {body}
        </div>
    }
}

/// R5.4: the log of IDP checks and in-depth discussions, and recording a new one.
#[component]
fn Discussions(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let plan = ctx.plan;
    let ids = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.discussions_newest_first()
                        .into_iter()
                        .map(|d| d.id.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let cadence = move || {
        plan.with(|p| {
            p.as_ref().map(|p| {
                let c = rules::in_depth_cadence(p, state.today.get());
                if c.overdue {
                    format!(
                        "The six-monthly in-depth discussion is {} days overdue (it was due {}).",
                        c.days_overdue,
                        fmt_date(c.due)
                    )
                } else {
                    format!("Next in-depth discussion due by {}.", fmt_date(c.due))
                }
            })
        })
    };
    let kind = RwSignal::new("check".to_string());
    let date = RwSignal::new(state.today.get_untracked().format("%Y-%m-%d").to_string());
    let notes = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = {
        let ctx = ctx.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Ok(day) = NaiveDate::parse_from_str(date.get_untracked().trim(), "%Y-%m-%d") else {
                return error.set(Some("Choose the day of the discussion.".into()));
            };
            let draft = DiscussionDraft {
                date: day,
                kind: if kind.get_untracked() == "in-depth" {
                    DiscussionKind::InDepth
                } else {
                    DiscussionKind::Check
                },
                one_on_one_id: None,
                notes: notes.get_untracked(),
            };
            match ctx.cmd.record_discussion(&draft) {
                Ok(_) => {
                    error.set(None);
                    notes.set(String::new());
                    state.notify(format!("{} recorded", draft.kind.label()));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    };
    view! {
        <div class="card discussions" role="region" aria-label="Discussions">
            <h2>"Discussions"</h2>
            <p class="help">"A short check on the plan in every 1:1, and an in-depth discussion every six months."</p>
            <p class="cadence">{cadence}</p>
            <form class="discussion-form" on:submit=submit novalidate aria-label="Record a discussion">
                <h3>"Record a discussion"</h3>
                <div class="fields">
                    <div class="field">
                        <label for="disc-kind">"Kind"</label>
                        <select id="disc-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                            <option value="check">"Short check in a 1:1"</option>
                            <option value="in-depth">"In-depth discussion (every 6 months)"</option>
                        </select>
                    </div>
                    <div class="field narrow">
                        <label for="disc-date">"Date"</label>
                        <input id="disc-date" type="date" prop:value=move || date.get() on:input=move |ev| { date.set(event_target_value(&ev)); error.set(None); }/>
                    </div>
                </div>
                <div class="field">
                    <label for="disc-notes">"Notes " <span class="optional">"(shared with both of you)"</span></label>
                    <textarea id="disc-notes" rows="3" placeholder="What you discussed and agreed" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                </div>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="secondary">"Record discussion"</button>
            </form>
            <h3 class="log-head">"Log"</h3>
            <Show when=move || ids.with(|v| v.is_empty())>
                <p class="empty">"No discussion recorded yet."</p>
            </Show>
            <ol class="discussion-log" aria-label="Discussion log">
                <For each=move || ids.get() key=|id| id.clone() let:did>
                    <DiscussionItem ctx=ctx.clone() discussion_id=did/>
                </For>
            </ol>
        </div>
    }
}

#[component]
fn DiscussionItem(ctx: Ctx, discussion_id: String) -> impl IntoView {
    let plan = ctx.plan;
    let head = {
        let did = discussion_id.clone();
        plan.with_untracked(|p| {
            p.as_ref().and_then(|p| {
                let d = p.discussions.get(&did)?;
                Some((d.date, d.kind, p.name_of(&d.by).to_string()))
            })
        })
    };
    let Some((date, kind, by)) = head else {
        return ().into_any();
    };
    let stored = {
        let did = discussion_id.clone();
        Signal::derive(move || {
            plan.with(|p| {
                p.as_ref()
                    .and_then(|p| p.discussions.get(&did))
                    .map(|d| d.notes.as_str().to_string())
                    .unwrap_or_default()
            })
        })
    };
    let commit = {
        let (ctx, did) = (ctx.clone(), discussion_id.clone());
        move |edit: TextEdit| {
            ctx.cmd
                .edit_discussion_notes(&did, edit)
                .map_err(String::from)
        }
    };
    view! {
        <li class="discussion" class:in-depth=kind == DiscussionKind::InDepth>
            <div class="discussion-head">
                <strong>{fmt_date(date)}</strong>
                <span class=if kind == DiscussionKind::InDepth { "badge info" } else { "badge plain" }>{kind.label()}</span>
                <span class="meta">"recorded by " {by}</span>
            </div>
            <SyncedTextarea id=format!("disc-{}-notes", short(&discussion_id)) label=format!("Notes of the {} on {}", match kind { DiscussionKind::InDepth => "in-depth discussion", DiscussionKind::Check => "check in a 1:1" }, fmt_date(date))
                stored=stored on_commit=commit rows=2/>
        </li>
    }
    .into_any()
}

/// Comments on the plan by either side.
#[component]
fn Comments(ctx: Ctx) -> impl IntoView {
    let plan = ctx.plan;
    let list = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.comments_in_order()
                        .into_iter()
                        .map(|c| {
                            (
                                c.id.clone(),
                                p.name_of(&c.by).to_string(),
                                c.at_ms,
                                c.text.clone(),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = text.get_untracked();
        match ctx.cmd.add_comment(&t) {
            Ok(_) => {
                text.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <div class="card comments" role="region" aria-label="Comments">
            <h2>"Comments"</h2>
            <Show when=move || list.with(|v| v.is_empty())>
                <p class="empty">"No comments yet."</p>
            </Show>
            <ul class="comment-list" aria-label="Comments on this plan">
                <For each=move || list.get() key=|c| c.0.clone() let:c>
                    <li class="comment">
                        <div class="comment-head"><strong>{c.1.clone()}</strong>" "
                            <span class="meta">{chrono::DateTime::from_timestamp_millis(c.2).map(|t| t.with_timezone(&chrono::Local).format("%-d %b %Y %H:%M").to_string()).unwrap_or_default()}</span></div>
                        <p class="prose">{c.3.clone()}</p>
                    </li>
                </For>
            </ul>
            <form class="comment-form" on:submit=submit novalidate>
                <label for="plan-comment">"Add a comment"</label>
                <textarea id="plan-comment" rows="2" placeholder="Encouragement, a question, an idea…" prop:value=move || text.get() on:input=move |ev| { text.set(event_target_value(&ev)); error.set(None); }></textarea>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="secondary">"Post comment"</button>
            </form>
        </div>
    }
}
