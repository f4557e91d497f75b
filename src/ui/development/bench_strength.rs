//! Bench strength (R5.3): the team view across the plans I lead, and the leader's assessment
//! card on one plan.

use leptos::prelude::*;
use rapport_core::bench::{self, Bench, BenchRow, RoleCover};
use rapport_core::domain::development::{BenchDraft, Readiness};
use rapport_core::domain::Side;

use crate::state::development as plans;
use crate::state::AppState;
use crate::ui::route::Route;
use crate::ui::widgets::StatCard;

use super::*;

/// R5.3: who wants what, how ready they are, who could step into which role, which roles
/// need a backfill. Built from the shared plans I lead only; reads no goal text or notes.
#[component]
pub(super) fn BenchView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let data: Memo<Bench> = Memo::new(move |_| {
        let led = plans::plans_i_lead(state);
        bench::bench(led.iter(), plans::BENCH_LEADER, state.today.get())
    });
    view! {
        <div class="card bench" role="region" aria-label="Bench strength">
            <h2>"Bench strength"</h2>
            <p class="help">
                "From the development plans you lead: each person's stated interest, your readiness assessment and the roles they could step into. Goal texts, priorities and notes are not shown here."
            </p>
            {move || {
                let b = data.get();
                if b.rows.is_empty() {
                    return view! {
                        <p class="empty">
                            "No development plans from your team yet. Once a report sends you their plan (or you start one for them), they appear here."
                        </p>
                    }
                        .into_any();
                }
                let s = b.summary.clone();
                let ready_now = b
                    .rows
                    .iter()
                    .filter(|r| r.readiness == Readiness::ReadyNow)
                    .count();
                let total = b.rows.len();
                let uncovered = s.roles_without_ready_successor.len();
                let mut attention: Vec<String> = Vec::new();
                if !s.backfills_without_candidate.is_empty() {
                    attention
                        .push(
                            format!(
                                "Roles that need a backfill and have no candidate: {}.",
                                s.backfills_without_candidate.join(", "),
                            ),
                        );
                }
                if !s.interested_not_assessed.is_empty() {
                    attention
                        .push(
                            format!(
                                "Interested in growing, readiness not assessed yet: {}.",
                                s.interested_not_assessed.join(", "),
                            ),
                        );
                }
                if !s.growth_without_one_year_goal.is_empty() {
                    attention
                        .push(
                            format!(
                                "Interested in growing, but no active 1-year goal leads there: {}.",
                                s.growth_without_one_year_goal.join(", "),
                            ),
                        );
                }
                if !s.in_depth_overdue.is_empty() {
                    attention
                        .push(
                            format!(
                                "Six-monthly in-depth discussion overdue: {}.",
                                s.in_depth_overdue.join(", "),
                            ),
                        );
                }
                view! {
                    <div class="stats">
                        <StatCard
                            label="Interested in promotion"
                            value=Signal::derive(move || {
                                format!("{} of {total}", s.promotion_counts[0])
                            })
                            hint=Signal::derive(move || other_answers(s.promotion_counts))
                        />
                        <StatCard
                            label="Interested in leadership"
                            value=Signal::derive(move || {
                                format!("{} of {total}", s.leadership_counts[0])
                            })
                            hint=Signal::derive(move || other_answers(s.leadership_counts))
                        />
                        <StatCard
                            label="Ready now"
                            value=Signal::derive(move || format!("{ready_now} of {total}"))
                        />
                        <StatCard
                            label="Roles without a ready successor"
                            value=Signal::derive(move || uncovered.to_string())
                            warn=Signal::derive(move || uncovered > 0)
                        />
                    </div>
                    {(!attention.is_empty())
                        .then(|| {
                            view! {
                                <ul class="findings" aria-label="Bench flags">
                                    {attention
                                        .into_iter()
                                        .map(|m| {
                                            view! {
                                                <li class="flag-item">
                                                    <span class="rule" aria-hidden="true">
                                                        "⚑"
                                                    </span>
                                                    " "
                                                    {m}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })}
                    <div class="table-wrap">
                        <table class="bench-table">
                            <caption class="sr-only">"Bench strength: one row per person"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Person"</th>
                                    <th scope="col">"Interest"</th>
                                    <th scope="col">"Readiness"</th>
                                    <th scope="col">"Could step into"</th>
                                    <th scope="col">"Own role"</th>
                                    <th scope="col">"Plan"</th>
                                </tr>
                            </thead>
                            <tbody>{b.rows.into_iter().map(bench_row).collect_view()}</tbody>
                        </table>
                    </div>
                    <h3 class="bench-sub">"Succession by role"</h3>
                    {if b.summary.roles.is_empty() {
                        view! {
                            <p class="muted">
                                "No roles recorded yet: add them in each person's assessment (on their plan)."
                            </p>
                        }
                            .into_any()
                    } else {
                        view! {
                            <ul class="role-cover">
                                {b.summary.roles.into_iter().map(role_row).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                }
                    .into_any()
            }}
        </div>
    }
}

/// The answers other than "yes" of an interest count `[yes, no, not now, not answered]`.
pub(super) fn other_answers(c: [usize; 4]) -> String {
    let parts: Vec<String> = [(c[2], "not now"), (c[1], "no"), (c[3], "not answered")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, l)| format!("{n} {l}"))
        .collect();
    parts.join(" · ")
}

pub(super) fn bench_row(r: BenchRow) -> impl IntoView {
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
                <span class="cell-sub">
                    {if r.role_title.is_empty() {
                        "Role not recorded".to_string()
                    } else {
                        r.role_title.clone()
                    }}
                </span>
            </th>
            <td>
                <span class="interest">
                    "Promotion "
                    <span class=interest_class(r.promotion)>{interest_label(r.promotion)}</span>
                </span>
                <span class="interest">
                    "Leadership "
                    <span class=interest_class(r.leadership)>{interest_label(r.leadership)}</span>
                </span>
            </td>
            <td>
                <span class=readiness_class(r.readiness)>{r.readiness.label()}</span>
                <span class="cell-sub">{assessed}</span>
            </td>
            <td>{roles}</td>
            <td>
                {if r.backfill_needed {
                    view! { <span class="badge warn">"Needs backfill"</span> }.into_any()
                } else {
                    view! { <span class="muted">"—"</span> }.into_any()
                }}
            </td>
            <td class="plan-cell">
                <span>{format!("Goals 1y {a} · 3y {b} · 5y {c}")}</span>
                <span class="cell-sub">{format!("active {}", days_ago(r.freshness.days))}</span>
                <span class="cell-sub" class:late=r.in_depth.overdue>
                    {depth}
                </span>
                {(!flags.is_empty())
                    .then(|| {
                        view! {
                            <details class="cell-flags">
                                <summary>
                                    {format!(
                                        "{} flag{}",
                                        flags.len(),
                                        if flags.len() == 1 { "" } else { "s" },
                                    )}
                                </summary>
                                <ul>
                                    {flags
                                        .into_iter()
                                        .map(|f| view! { <li>{f.message}</li> })
                                        .collect_view()}
                                </ul>
                            </details>
                        }
                    })}
            </td>
        </tr>
    }
}

pub(super) fn role_row(c: RoleCover) -> impl IntoView {
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

/// R5.3: the leader's bench assessment (only the leader edits it; the employee can read it).
#[component]
pub(super) fn BenchCard(ctx: Ctx) -> impl IntoView {
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
                <p class="help">
                    "Your view for the bench-strength table on the Growth page. The employee can read it in the plan."
                </p>
                <form class="bench-form" on:submit=submit novalidate>
                    <div class="fields">
                        <div class="field">
                            <label for="bench-role">"Current role"</label>
                            <input
                                id="bench-role"
                                type="text"
                                maxlength="80"
                                placeholder="e.g. Backend engineer"
                                prop:value=move || role.get()
                                on:input=move |ev| role.set(event_target_value(&ev))
                            />
                        </div>
                        <div class="field">
                            <label for="bench-readiness">"Readiness for a bigger role"</label>
                            <select
                                id="bench-readiness"
                                prop:value=move || readiness_slug(readiness.get())
                                on:change=move |ev| {
                                    readiness.set(readiness_from(&event_target_value(&ev)))
                                }
                            >
                                {Readiness::ALL
                                    .into_iter()
                                    .map(|r| {
                                        view! {
                                            <option value=readiness_slug(r)>{r.label()}</option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                        <div class="field grow">
                            <label for="bench-roles">"Roles they could step into"</label>
                            <input
                                id="bench-roles"
                                type="text"
                                placeholder="e.g. Tech lead, Engineering manager"
                                aria-describedby="bench-roles-help"
                                prop:value=move || roles.get()
                                on:input=move |ev| roles.set(event_target_value(&ev))
                            />
                            <p class="help" id="bench-roles-help">
                                "Separate roles with commas."
                            </p>
                        </div>
                    </div>
                    <label class="check">
                        <input
                            id="bench-backfill"
                            type="checkbox"
                            prop:checked=move || backfill.get()
                            on:change=move |ev| backfill.set(event_target_checked(&ev))
                        />
                        "Their current role would need a backfill"
                    </label>
                    <p class="field-error" role="alert">
                        {move || error.get()}
                    </p>
                    <div class="form-actions">
                        <button type="submit" class="primary">
                            "Save assessment"
                        </button>
                        <span class="meta">{assessed}</span>
                    </div>
                </form>
            }
            .into_any()
        }
        Side::Employee => view! {
            <p class="help">
                "Written by your leader for their team's bench view; only they change it."
            </p>
            <dl class="facts pairs">
                <dt>"Readiness for a bigger role"</dt>
                <dd>
                    <span class=move || readiness_class(
                        stored.with(|b| b.readiness),
                    )>{move || stored.with(|b| b.readiness.label())}</span>
                </dd>
                <dt>"Current role"</dt>
                <dd>
                    {move || {
                        stored
                            .with(|b| {
                                if b.role_title.is_empty() {
                                    "—".to_string()
                                } else {
                                    b.role_title.clone()
                                }
                            })
                    }}
                </dd>
                <dt>"Roles you could step into"</dt>
                <dd>
                    {move || {
                        stored
                            .with(|b| {
                                if b.successor_for.is_empty() {
                                    "—".to_string()
                                } else {
                                    b.successor_for.join(", ")
                                }
                            })
                    }}
                </dd>
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
