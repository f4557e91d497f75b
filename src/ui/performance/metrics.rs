//! The metrics of a plan, one card each: the target and template, the result of the current
//! period (leader records it), the employee's self-assessment, documented cases (R4.6), the
//! reasons of earlier changes (R4.4) and, at an annual review, replacing a subjective metric by
//! a development goal (R5.5). Plus the form to add a metric (leader).

use leptos::prelude::*;
use rapport_core::domain::performance::{
    num, Barrier, CaseDraft, Metric, MetricDraft, Period, ReviewCycle, Score,
};
use rapport_core::domain::Pair;
use rapport_core::rules::performance as rules;

use crate::state::AppState;
use crate::ui::keyed::Keyed;

use super::metric_form::{draft_of, MetricForm};
use super::*;

pub(super) fn score_class(s: Score) -> &'static str {
    match s {
        Score::Below => "badge warn",
        Score::Meets => "badge ok",
        Score::Exceeds => "badge info",
    }
}

#[component]
pub(super) fn Metrics(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = Keyed::new(move || {
        ctx.with(|p| {
            p.active_metrics()
                .into_iter()
                .map(|m| (m.id.clone(), m.clone()))
                .collect()
        })
    });
    let period = Memo::new(move |_| {
        let today = state.today.get();
        ctx.plan.with(|p| p.as_ref().map(|p| p.period_at(today)))
    });
    let replaced = Memo::new(move |_| {
        ctx.with(|p| {
            p.replaced_metrics()
                .into_iter()
                .map(|m| (m.outcome.clone(), m.replaced_by_title.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="card metrics" role="region" aria-label="Metrics">
            <h2>"Metrics"</h2>
            <p class="help">
                {move || {
                    period
                        .get()
                        .map(|p| format!("This review period: {}.", p.label()))
                        .unwrap_or_default()
                }}
            </p>
            <Show when=move || rows.is_empty()>
                <p class="muted">
                    {move || {
                        if ctx.is_leader() {
                            "No metrics yet. Three well-chosen ones, mostly objective, are easiest to coach."
                        } else {
                            "No metrics yet: your leader adds them and sends you the plan."
                        }
                    }}
                </p>
            </Show>
            <ol class="metric-list">
                <For each=move || rows.ids() key=|id| id.clone() let:mid>
                    <MetricCard ctx=ctx metric=rows.row(mid) period=period />
                </For>
            </ol>
            <Show when=move || !replaced.with(|r| r.is_empty())>
                <h3>"Replaced by development goals"</h3>
                <ul class="plain">
                    {move || {
                        replaced
                            .get()
                            .into_iter()
                            .map(|(outcome, goal)| {
                                view! {
                                    <li>{format!("{outcome} → development goal \"{goal}\"")}</li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </div>
    }
}

#[component]
fn MetricCard(ctx: Ctx, metric: Memo<Metric>, period: Memo<Option<Period>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let editing = RwSignal::new(false);
    let mid = metric.with_untracked(|m| m.id.clone());
    let locked = Memo::new(move |_| {
        let today = state.today.get();
        ctx.with(|p| p.is_locked(today))
    });
    let unattainable = {
        let mid = mid.clone();
        Memo::new(move |_| {
            ctx.with(|p| {
                rules::unattainable_metrics(p)
                    .into_iter()
                    .find(|(id, _)| *id == mid)
                    .map(|(_, f)| f.message)
            })
        })
    };
    let changes = Memo::new(move |_| {
        metric.with(|m| {
            let mut v: Vec<_> = m.changes.values().cloned().collect();
            v.sort_by(|a, b| a.on.cmp(&b.on).then(a.what.cmp(&b.what)));
            v
        })
    });
    let on_done = Callback::new(move |()| editing.set(false));
    let mid_v = StoredValue::new(mid.clone());
    let save_edit = move |draft: MetricDraft, reason: String| {
        ctx.cmd
            .edit_metric(&mid_v.get_value(), &draft, &reason)
            .map(|()| vec![])
            .map_err(|e| e.to_string())
    };
    let dom_id = format!("metric-{}", mid.chars().take(8).collect::<String>());
    view! {
        <li class="metric card inner" id=dom_id>
            <div class="metric-head">
                <h3>{move || metric.with(|m| m.outcome.clone())}</h3>
                <span class="badge plain">
                    {move || metric.with(|m| if m.objective { "Objective" } else { "Subjective" })}
                </span>
                <Show when=move || metric.with(|m| m.adherence)>
                    <span class="badge info">"From the 1:1s"</span>
                </Show>
            </div>
            <p class="metric-target">
                {move || {
                    metric
                        .with(|m| {
                            let when = match (m.period.is_empty(), m.deadline) {
                                (false, Some(d)) => format!("{} · by {}", m.period, fmt_date(d)),
                                (false, None) => m.period.clone(),
                                (true, Some(d)) => format!("by {}", fmt_date(d)),
                                (true, None) => String::new(),
                            };
                            format!("{} · {when}", m.target_label())
                        })
                }}
            </p>
            <Show when=move || metric.with(|m| !m.objective)>
                <details class="anchors-view">
                    <summary>"Why it matters and what each rating means"</summary>
                    <p>{move || metric.with(|m| m.why_imperative.clone())}</p>
                    <ol>
                        {move || {
                            metric
                                .with(|m| m.anchors.clone())
                                .into_iter()
                                .map(|a| view! { <li>{a}</li> })
                                .collect_view()
                        }}
                    </ol>
                </details>
            </Show>
            <Show when=move || metric.with(|m| !m.supports.is_empty())>
                <p class="muted small">
                    {move || {
                        metric.with(|m| format!("Supports the team objective: {}", m.supports))
                    }}
                </p>
            </Show>
            {move || {
                unattainable
                    .get()
                    .map(|msg| {
                        view! {
                            <p class="flag-text" role="note">
                                {msg}
                            </p>
                        }
                    })
            }}
            <ResultRow ctx=ctx metric=metric period=period />
            <SelfRow ctx=ctx metric=metric period=period />
            <Cases ctx=ctx metric=metric />
            <Show when=move || !changes.with(|c| c.is_empty())>
                <details class="changes">
                    <summary>
                        {move || format!("Changes with a reason ({})", changes.with(|c| c.len()))}
                    </summary>
                    <ul class="plain">
                        {move || {
                            changes
                                .get()
                                .into_iter()
                                .map(|c| {
                                    view! {
                                        <li>
                                            {format!("{}: {} — {}", fmt_date(c.on), c.what, c.reason)}
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </details>
            </Show>
            <Show when=move || ctx.is_leader()>
                <Show
                    when=move || editing.get()
                    fallback=move || {
                        view! {
                            <div class="form-actions">
                                <button
                                    type="button"
                                    class="ghost"
                                    aria-label=move || {
                                        format!(
                                            "Edit metric {}",
                                            metric.with(|m| m.outcome.clone()),
                                        )
                                    }
                                    on:click=move |_| editing.set(true)
                                >
                                    "Edit"
                                </button>
                                <RemoveMetric ctx=ctx metric=metric locked=locked />
                                <ReplaceWithGoal ctx=ctx metric=metric />
                            </div>
                        }
                    }
                >
                    <MetricForm
                        id_prefix="edit-metric"
                        initial=metric.with_untracked(draft_of)
                        needs_reason=locked
                        submit_label="Save metric"
                        on_save=save_edit
                        reset=false
                        on_done=on_done
                        objectives=Signal::derive(move || {
                            crate::state::team_objectives::objective_choices(state)
                        })
                    />
                </Show>
            </Show>
        </li>
    }
}

/// The leader records (or corrects) the result of the current period.
#[component]
fn ResultRow(ctx: Ctx, metric: Memo<Metric>, period: Memo<Option<Period>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let recorded = Memo::new(move |_| {
        let per = period.get()?;
        let mid = metric.with(|m| m.id.clone());
        ctx.plan.with(|p| {
            p.as_ref()
                .and_then(|p| p.result(&per, &mid).map(|r| (r.value, r.note.clone())))
        })
    });
    let value = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(per) = period.get_untracked() else {
            return;
        };
        let raw = value.get_untracked().trim().replace(',', ".");
        let Ok(v) = raw.parse::<f64>() else {
            return error.set(Some("Type the result as a number.".into()));
        };
        let mid = metric.with_untracked(|m| m.id.clone());
        match ctx.cmd.record_result(&mid, &per, v, &note.get_untracked()) {
            Ok(()) => {
                error.set(None);
                value.set(String::new());
                note.set(String::new());
                state.notify("Result recorded");
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let id = format!(
        "result-{}",
        metric.with_untracked(|m| m.id.chars().take(8).collect::<String>())
    );
    view! {
        <div class="metric-row result">
            <span class="row-label">"Result this period"</span>
            {move || {
                if metric.with(|m| m.adherence) {
                    return view! {
                        <span class="muted">
                            "Read from your 1:1 series when the review is prepared."
                        </span>
                    }
                        .into_any();
                }
                match recorded.get() {
                    Some((v, n)) => {
                        let (label, score) = metric
                            .with(|m| {
                                let unit = if m.objective { m.unit.clone() } else { "of 5".into() };
                                (format!("{} {unit}", num(v)), m.score(v))
                            });
                        view! {
                            <span class="value">{label}</span>
                            <span class=score_class(score)>{score.label()}</span>
                            <span class="muted">{n}</span>
                        }
                            .into_any()
                    }
                    None => view! { <span class="muted">"Not recorded yet"</span> }.into_any(),
                }
            }}
            <Show when=move || ctx.is_leader() && !metric.with(|m| m.adherence)>
                <form class="inline-form" on:submit=save novalidate>
                    <label class="sr-only" for=id.clone()>
                        {move || format!("Result of {}", metric.with(|m| m.outcome.clone()))}
                    </label>
                    <input
                        id=id.clone()
                        class="num"
                        type="text"
                        inputmode="decimal"
                        placeholder=move || {
                            if metric.with(|m| m.objective) { "value" } else { "1–5" }
                        }
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                    />
                    <label class="sr-only" for=format!("{id}-note")>
                        "Note on the result"
                    </label>
                    <input
                        id=format!("{id}-note")
                        type="text"
                        placeholder="note (optional)"
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                    />
                    <button type="submit" class="secondary">
                        "Record result"
                    </button>
                </form>
            </Show>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}

/// The employee's self-assessment of the current period (the leader sees it).
#[component]
fn SelfRow(ctx: Ctx, metric: Memo<Metric>, period: Memo<Option<Period>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let mine = Memo::new(move |_| {
        let per = period.get()?;
        let mid = metric.with(|m| m.id.clone());
        ctx.plan.with(|p| {
            p.as_ref().and_then(|p| {
                p.self_rating(&per, &mid)
                    .map(|r| (r.rating, r.comment.clone()))
            })
        })
    });
    let rating = RwSignal::new(mine.get_untracked().map(|(r, _)| r).unwrap_or(3));
    let comment = RwSignal::new(mine.get_untracked().map(|(_, c)| c).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(per) = period.get_untracked() else {
            return;
        };
        let mid = metric.with_untracked(|m| m.id.clone());
        match ctx
            .cmd
            .set_self_rating(&mid, &per, rating.get_untracked(), &comment.get_untracked())
        {
            Ok(()) => {
                error.set(None);
                state.notify("Self-assessment saved");
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let id = format!(
        "self-{}",
        metric.with_untracked(|m| m.id.chars().take(8).collect::<String>())
    );
    view! {
        <div class="metric-row self">
            <span class="row-label">"Self-assessment"</span>
            {move || match mine.get() {
                Some(_) if !ctx.is_leader() => {
                    // The employee's own values are in the form beside it.
                    view! { <span class="badge ok">"Saved"</span> }
                        .into_any()
                }
                Some((r, c)) => {
                    view! {
                        <span class="value">{format!("{r} of 5")}</span>
                        <span class="muted">{c}</span>
                    }
                        .into_any()
                }
                None => view! { <span class="muted">"Not yet"</span> }.into_any(),
            }}
            <Show when=move || !ctx.is_leader()>
                <form class="inline-form" on:submit=save novalidate>
                    <label class="sr-only" for=id.clone()>
                        {move || format!("My rating of {}", metric.with(|m| m.outcome.clone()))}
                    </label>
                    <select
                        id=id.clone()
                        prop:value=move || rating.get().to_string()
                        on:change=move |ev| {
                            rating.set(event_target_value(&ev).parse().unwrap_or(3))
                        }
                    >
                        {(1..=5u8)
                            .map(|i| {
                                view! { <option value=i.to_string()>{format!("{i} of 5")}</option> }
                            })
                            .collect_view()}
                    </select>
                    <label class="sr-only" for=format!("{id}-comment")>
                        "My comment"
                    </label>
                    <input
                        id=format!("{id}-comment")
                        type="text"
                        placeholder="what went well, what did not"
                        prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))
                    />
                    <button type="submit" class="secondary">
                        "Save my assessment"
                    </button>
                </form>
            </Show>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}

/// R4.6: documented cases on a metric, and (leader) the form to record one.
#[component]
fn Cases(ctx: Ctx, metric: Memo<Metric>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let cases = Memo::new(move |_| {
        let mid = metric.with(|m| m.id.clone());
        ctx.with(|p| p.cases_for(&mid).into_iter().cloned().collect::<Vec<_>>())
    });
    let open = RwSignal::new(false);
    let date = RwSignal::new(iso(state.today.get_untracked()));
    let what = RwSignal::new(String::new());
    let coaching = RwSignal::new(String::new());
    let none_possible = RwSignal::new(false);
    let barrier = RwSignal::new(None::<Barrier>);
    let error = RwSignal::new(None::<String>);
    let prefix = StoredValue::new(format!(
        "case-{}",
        metric.with_untracked(|m| m.id.chars().take(8).collect::<String>())
    ));
    let fid = move |s: &str| format!("{}-{s}", prefix.get_value());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(d) = parse_date(&date.get_untracked()) else {
            return error.set(Some("Choose the date of the case.".into()));
        };
        let draft = CaseDraft {
            metric_id: metric.with_untracked(|m| m.id.clone()),
            date: d,
            what: what.get_untracked(),
            coaching: coaching.get_untracked(),
            no_coaching_possible: none_possible.get_untracked(),
            barrier: barrier.get_untracked(),
        };
        match ctx.cmd.record_case(&draft) {
            Ok(added) => {
                error.set(None);
                what.set(String::new());
                coaching.set(String::new());
                none_possible.set(false);
                barrier.set(None);
                open.set(false);
                let flag = added.flags.into_iter().map(|f| f.message).next();
                state.notify(flag.unwrap_or_else(|| "Case documented".into()));
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <div class="cases">
            <Show when=move || !cases.with(|c| c.is_empty())>
                <h4>"Documented cases"</h4>
                <ul class="case-list">
                    {move || {
                        cases
                            .get()
                            .into_iter()
                            .map(|c| {
                                let coaching = if c.no_coaching_possible {
                                    "No coaching was possible.".to_string()
                                } else {
                                    format!("Coaching: {}", c.coaching)
                                };
                                view! {
                                    <li>
                                        <strong>{fmt_date(c.date)}</strong>
                                        {format!(" — {}", c.what)}
                                        <br />
                                        <span class="muted">
                                            {format!("{coaching} Barrier: {}.", c.barrier.label())}
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
            <Show when=move || ctx.is_leader()>
                <Show
                    when=move || open.get()
                    fallback=move || {
                        view! {
                            <button
                                type="button"
                                class="ghost"
                                aria-label=move || {
                                    format!(
                                        "Document a case on {}",
                                        metric.with(|m| m.outcome.clone()),
                                    )
                                }
                                on:click=move |_| open.set(true)
                            >
                                "Document a case"
                            </button>
                        }
                    }
                >
                    <form class="case-form" on:submit=save novalidate>
                        <p class="help">
                            "Record a specific, dated case where the minimum was not met, the coaching you gave on how it could have been met, and the one barrier that explains it."
                        </p>
                        <div class="fields">
                            <div class="field narrow">
                                <label for=fid("date")>"Date"</label>
                                <input
                                    id=fid("date")
                                    type="date"
                                    prop:value=move || date.get()
                                    on:input=move |ev| date.set(event_target_value(&ev))
                                />
                            </div>
                            <div class="field grow">
                                <label for=fid("what")>"What happened"</label>
                                <input
                                    id=fid("what")
                                    type="text"
                                    prop:value=move || what.get()
                                    on:input=move |ev| what.set(event_target_value(&ev))
                                />
                            </div>
                        </div>
                        <div class="field">
                            <label for=fid("coaching")>"Coaching given"</label>
                            <textarea
                                id=fid("coaching")
                                rows="2"
                                prop:disabled=move || none_possible.get()
                                prop:value=move || coaching.get()
                                on:input=move |ev| coaching.set(event_target_value(&ev))
                            ></textarea>
                        </div>
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=move || none_possible.get()
                                on:change=move |ev| none_possible.set(event_target_checked(&ev))
                            />
                            "No coaching was possible (the metric is then flagged as not attainable or not clearly defined)"
                        </label>
                        <fieldset class="barriers">
                            <legend>"Barrier (choose one)"</legend>
                            {Barrier::ALL
                                .into_iter()
                                .map(|b| {
                                    view! {
                                        <label class="check">
                                            <input
                                                type="radio"
                                                name=fid("barrier")
                                                value=b.slug()
                                                prop:checked=move || barrier.get() == Some(b)
                                                on:change=move |_| barrier.set(Some(b))
                                            />
                                            {b.label()}
                                        </label>
                                    }
                                })
                                .collect_view()}
                        </fieldset>
                        <p class="field-error" role="alert">
                            {move || error.get()}
                        </p>
                        <div class="form-actions">
                            <button type="submit" class="primary">
                                "Save case"
                            </button>
                            <button type="button" class="ghost" on:click=move |_| open.set(false)>
                                "Cancel"
                            </button>
                        </div>
                    </form>
                </Show>
            </Show>
        </div>
    }
}

/// R4.4: removing a metric; while locked it asks for the reason first.
#[component]
fn RemoveMetric(ctx: Ctx, metric: Memo<Metric>, locked: Memo<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let remove = move || {
        let mid = metric.with_untracked(|m| m.id.clone());
        match ctx.cmd.remove_metric(&mid, &reason.get_untracked()) {
            Ok(()) => state.notify("Metric removed"),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <Show
            when=move || asking.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class="ghost danger"
                        aria-label=move || {
                            format!("Remove metric {}", metric.with(|m| m.outcome.clone()))
                        }
                        on:click=move |_| asking.set(true)
                    >
                        "Remove"
                    </button>
                }
            }
        >
            <div class="confirm">
                <Show when=move || locked.get()>
                    <label for="remove-reason">
                        "Why remove it before the six months are over?"
                    </label>
                    <input
                        id="remove-reason"
                        type="text"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    />
                </Show>
                <button type="button" class="danger" on:click=move |_| remove()>
                    "Remove metric"
                </button>
                <button type="button" class="ghost" on:click=move |_| asking.set(false)>
                    "Keep it"
                </button>
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
            </div>
        </Show>
    }
}

/// R5.5: at an annual review, a subjective metric may give way to a development goal of the
/// employee's development plan (referenced by id; the plan stays a separate document).
#[component]
fn ReplaceWithGoal(ctx: Ctx, metric: Memo<Metric>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let allowed = Memo::new(move |_| {
        let yearly = ctx.with(|p| p.cycle == ReviewCycle::Yearly);
        yearly && metric.with(|m| !m.objective && m.counts())
    });
    let goals = Memo::new(move |_| {
        let Some(entry) = ctx.entry.get() else {
            return vec![];
        };
        let (_, dev) = crate::state::performance::pair_documents(state, &entry);
        dev.and_then(|id| crate::state::development::load(&id))
            .map(|d| {
                d.goals
                    .values()
                    .filter(|g| g.is_active())
                    .map(|g| (g.id.clone(), format!("{} ({})", g.title, g.horizon.label())))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let open = RwSignal::new(false);
    let choice = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let replace = move |_| {
        let id = choice.get_untracked();
        let Some((_, title)) = goals.with_untracked(|g| g.iter().find(|(g, _)| *g == id).cloned())
        else {
            return error.set(Some("Choose a development goal.".into()));
        };
        let mid = metric.with_untracked(|m| m.id.clone());
        match ctx.cmd.replace_with_goal(&mid, &id, &title) {
            Ok(()) => state.notify("Metric replaced by the development goal"),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let who = move || ctx.with(|p| p.employee().name.clone());
    view! {
        <Show when=move || allowed.get()>
            <Show
                when=move || open.get()
                fallback=move || {
                    view! {
                        <button type="button" class="ghost" on:click=move |_| open.set(true)>
                            "Replace by a development goal"
                        </button>
                    }
                }
            >
                <div class="confirm">
                    {move || {
                        if goals.with(|g| g.is_empty()) {
                            view! {
                                <p class="muted">
                                    {format!(
                                        "No active goal in {}'s development plan here yet (Growth).",
                                        who(),
                                    )}
                                </p>
                            }
                                .into_any()
                        } else {
                            view! {
                                <label for="replace-goal">"Development goal"</label>
                                <select
                                    id="replace-goal"
                                    on:change=move |ev| choice.set(event_target_value(&ev))
                                >
                                    <option value="">"Choose…"</option>
                                    {goals
                                        .get()
                                        .into_iter()
                                        .map(|(id, label)| {
                                            view! { <option value=id>{label}</option> }
                                        })
                                        .collect_view()}
                                </select>
                                <button type="button" class="secondary" on:click=replace>
                                    "Replace"
                                </button>
                            }
                                .into_any()
                        }
                    }} <button type="button" class="ghost" on:click=move |_| open.set(false)>
                        "Cancel"
                    </button> <p class="field-error" role="alert">
                        {move || error.get()}
                    </p>
                </div>
            </Show>
        </Show>
    }
}

/// The leader adds a metric (or the ready-made 1:1 adherence metric).
#[component]
pub(super) fn AddMetric(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let locked = Memo::new(move |_| {
        let today = state.today.get();
        ctx.with(|p| p.is_locked(today))
    });
    let has_adherence =
        Memo::new(move |_| ctx.with(|p| p.active_metrics().iter().any(|m| m.adherence)));
    let error = RwSignal::new(None::<String>);
    let save = move |draft: MetricDraft, reason: String| {
        ctx.cmd
            .add_metric(&draft, &reason)
            .map(|a| {
                state.notify(format!("Metric added: {}", draft.outcome.trim()));
                a.flags
            })
            .map_err(|e| e.to_string())
    };
    let add_adherence = move |_| match ctx.cmd.add_metric(&MetricDraft::adherence(), "") {
        Ok(_) => {
            error.set(None);
            state.notify("1:1 adherence added as a metric");
        }
        Err(e) => error.set(Some(e.to_string())),
    };
    view! {
        <div class="card add-metric" role="region" aria-label="Add a metric">
            <h2>"Add a metric"</h2>
            <p class="help">
                "Each metric states an outcome, a target and when it applies. At least 80 % should be objective; an individual contributor has at most five."
            </p>
            <MetricForm
                id_prefix="new-metric"
                initial=MetricDraft {
                    objective: true,
                    ..MetricDraft::default()
                }
                needs_reason=locked
                submit_label="Add metric"
                on_save=save
                reset=true
                objectives=Signal::derive(move || {
                    crate::state::team_objectives::objective_choices(state)
                })
            />
            <Show when=move || !has_adherence.get()>
                <p class="help">
                    "Or add a ready-made metric: the share of two-week periods with a held 1:1, read from your 1:1 series."
                </p>
                <button type="button" class="secondary" on:click=add_adherence>
                    "Add 1:1 adherence as a metric"
                </button>
            </Show>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}
