//! Organisational priorities, the team's objectives (SMART, R2.1) and their KPIs (R2.2): the
//! leader writes them; a KPI's owner records its values.

use leptos::prelude::*;
use rapport_core::domain::team::{KpiDraft, ObjectiveDraft};
use rapport_core::rules::team as rules;

use crate::state::AppState;
use crate::ui::widgets::findings_list;

use super::chart::KpiChart;
use super::*;

/// The priorities the organisation gave the team, as the leader is told them.
#[component]
pub(super) fn Priorities(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let list = Memo::new(move |_| {
        ctx.with(|t| {
            t.priorities_in_order()
                .into_iter()
                .map(|p| (p.id.clone(), p.text.clone()))
                .collect::<Vec<_>>()
        })
    });
    let text = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match ctx.cmd.add_priority(&text.get_untracked()) {
            Ok(_) => text.set(String::new()),
            Err(e) => state.notify(e.to_string()),
        }
    };
    let remove = move |id: String| match ctx.cmd.remove_priority(&id) {
        Ok(unlinked) if !unlinked.is_empty() => state.notify(format!(
            "Priority removed: {} objective{} now need{} another priority",
            unlinked.len(),
            if unlinked.len() == 1 { "" } else { "s" },
            if unlinked.len() == 1 { "s" } else { "" },
        )),
        Ok(_) => {}
        Err(e) => state.notify(e.to_string()),
    };
    view! {
        <div class="card priorities">
            <h2>"Organisational priorities"</h2>
            <Show
                when=move || !list.with(|l| l.is_empty())
                fallback=move || {
                    view! {
                        <p class="muted">
                            {if ctx.leader {
                                "Write down the priorities your organisation set for this period, as you were told them. Every objective serves one."
                            } else {
                                "Your leader has not written down the organisation's priorities yet."
                            }}
                        </p>
                    }
                }
            >
                <ol class="priority-list">
                    {move || {
                        list.get()
                            .into_iter()
                            .map(|(id, t)| {
                                let label = format!("Remove priority “{t}”");
                                view! {
                                    <li>
                                        <span>{t.clone()}</span>
                                        {ctx
                                            .leader
                                            .then(|| {
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="ghost small"
                                                        aria-label=label
                                                        on:click=move |_| remove(id.clone())
                                                    >
                                                        "Remove"
                                                    </button>
                                                }
                                            })}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ol>
            </Show>
            {ctx
                .leader
                .then(|| {
                    view! {
                        <form class="inline-form to-form" on:submit=add>
                            <Field
                                label="New priority"
                                value=text
                                id="new-priority"
                                placeholder="e.g. Customers onboard themselves within a day"
                            />
                            <button type="submit" class="secondary">
                                "Add priority"
                            </button>
                        </form>
                    }
                })}
        </div>
    }
}

/// Every objective with its SMART check and its KPIs; the leader adds and edits them.
#[component]
pub(super) fn ObjectivesSection(ctx: Ctx) -> impl IntoView {
    let ids = Memo::new(move |_| {
        ctx.with(|t| {
            t.objectives_in_order()
                .into_iter()
                .map(|o| o.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let adding = RwSignal::new(false);
    view! {
        <div class="card objectives-list">
            <h2>"Objectives and KPIs"</h2>
            <Show when=move || ids.with(|i| i.is_empty())>
                <p class="muted">
                    {if ctx.leader {
                        "No objective yet. Write each as a SMART goal: what exactly, measured how (unit, baseline, target), linked to a priority, by when. Then give it one or more KPIs, each owned by someone on the team."
                    } else {
                        "Your leader has not shared any objective yet."
                    }}
                </p>
            </Show>
            <For each=move || ids.get() key=|id| id.clone() let:id>
                <ObjectiveCard ctx=ctx id=id />
            </For>
            {ctx
                .leader
                .then(|| {
                    view! {
                        <Show
                            when=move || adding.get()
                            fallback=move || {
                                view! {
                                    <button
                                        type="button"
                                        class="primary"
                                        on:click=move |_| adding.set(true)
                                    >
                                        "Add an objective"
                                    </button>
                                }
                            }
                        >
                            <ObjectiveForm
                                ctx=ctx
                                id=None
                                done=Callback::new(move |()| adding.set(false))
                            />
                        </Show>
                    }
                })}
        </div>
    }
}

#[component]
fn ObjectiveCard(ctx: Ctx, id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let oid = StoredValue::new(id.clone());
    let objective = Memo::new(move |_| ctx.with(|t| t.objectives.get(&oid.get_value()).cloned()));
    let priority = Memo::new(move |_| {
        let pid = objective.with(|o| {
            o.as_ref()
                .map(|o| o.priority_id.clone())
                .unwrap_or_default()
        });
        ctx.with(|t| t.priorities.get(&pid).map(|p| p.text.clone()))
    });
    let findings = Memo::new(move |_| {
        objective.with(|o| {
            o.as_ref()
                .map(|o| ctx.with(|t| rules::smart(o, t)))
                .unwrap_or_default()
        })
    });
    let kpi_ids = Memo::new(move |_| {
        ctx.with(|t| {
            t.kpis_of(&oid.get_value())
                .into_iter()
                .map(|k| k.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let editing = RwSignal::new(false);
    let adding_kpi = RwSignal::new(false);
    let remove = move |_| {
        if let Err(e) = ctx.cmd.remove_objective(&oid.get_value()) {
            state.notify(e.to_string());
        }
    };
    let title = move || objective.with(|o| o.as_ref().map(|o| o.title.clone()).unwrap_or_default());
    view! {
        <article class="objective" aria-label=title>
            <Show
                when=move || !editing.get()
                fallback=move || {
                    view! {
                        <ObjectiveForm
                            ctx=ctx
                            id=Some(oid.get_value())
                            done=Callback::new(move |()| editing.set(false))
                        />
                    }
                }
            >
                <h3>{title}</h3>
                <p class="objective-meta">
                    {move || {
                        objective
                            .with(|o| {
                                o.as_ref()
                                    .map(|o| {
                                        let measured = match (o.baseline, o.target) {
                                            (Some(b), Some(t)) => {
                                                format!(
                                                    "{} from {} to {} {}",
                                                    if o.measure.is_empty() { "Measured" } else { &o.measure },
                                                    fmt_num(b),
                                                    fmt_num(t),
                                                    o.unit,
                                                )
                                            }
                                            _ => "Not measurable yet".to_string(),
                                        };
                                        let by = o
                                            .deadline
                                            .map(|d| format!(" · by {}", fmt_date(d)))
                                            .unwrap_or_default();
                                        format!("{measured}{by}")
                                    })
                                    .unwrap_or_default()
                            })
                    }}
                </p>
                <p class="help">
                    {move || match priority.get() {
                        Some(p) => format!("Serves: {p}"),
                        None => "Serves no organisational priority yet".to_string(),
                    }}
                </p>
                {move || findings_list(findings.get(), "SMART check")}
                {ctx
                    .leader
                    .then(|| {
                        view! {
                            <div class="form-actions">
                                <button
                                    type="button"
                                    class="ghost"
                                    on:click=move |_| editing.set(true)
                                >
                                    "Edit objective"
                                </button>
                                <button type="button" class="ghost" on:click=remove>
                                    "Remove objective"
                                </button>
                            </div>
                        }
                    })}
            </Show>
            <div class="kpis">
                <For each=move || kpi_ids.get() key=|id| id.clone() let:kid>
                    <KpiCard ctx=ctx id=kid />
                </For>
                {ctx
                    .leader
                    .then(|| {
                        view! {
                            <Show
                                when=move || adding_kpi.get()
                                fallback=move || {
                                    view! {
                                        <button
                                            type="button"
                                            class="secondary"
                                            on:click=move |_| adding_kpi.set(true)
                                        >
                                            {move || format!("Add a KPI to “{}”", title())}
                                        </button>
                                    }
                                }
                            >
                                <KpiForm
                                    ctx=ctx
                                    objective_id=oid.get_value()
                                    done=Callback::new(move |()| adding_kpi.set(false))
                                />
                            </Show>
                        }
                    })}
            </div>
        </article>
    }
}

/// Add or edit an objective (leader). S and A are the author's to confirm; M, R and T are
/// checked from what is filled in (R2.1).
#[component]
fn ObjectiveForm(ctx: Ctx, id: Option<String>, done: Callback<()>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let existing = id.as_ref().and_then(|id| {
        ctx.team
            .with_untracked(|t| t.as_ref()?.objectives.get(id).cloned())
    });
    let e = existing.clone();
    let title = RwSignal::new(e.as_ref().map(|o| o.title.clone()).unwrap_or_default());
    let priority = RwSignal::new(
        e.as_ref()
            .map(|o| o.priority_id.clone())
            .unwrap_or_default(),
    );
    let measure = RwSignal::new(e.as_ref().map(|o| o.measure.clone()).unwrap_or_default());
    let unit = RwSignal::new(e.as_ref().map(|o| o.unit.clone()).unwrap_or_default());
    let baseline = RwSignal::new(
        e.as_ref()
            .and_then(|o| o.baseline)
            .map(fmt_num)
            .unwrap_or_default(),
    );
    let target = RwSignal::new(
        e.as_ref()
            .and_then(|o| o.target)
            .map(fmt_num)
            .unwrap_or_default(),
    );
    let deadline = RwSignal::new(
        e.as_ref()
            .and_then(|o| o.deadline)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let specific = RwSignal::new(e.as_ref().is_some_and(|o| o.specific_confirmed));
    let achievable = RwSignal::new(e.as_ref().is_some_and(|o| o.achievable_confirmed));
    let error = RwSignal::new(None::<String>);
    let priorities = Memo::new(move |_| {
        ctx.with(|t| {
            t.priorities_in_order()
                .into_iter()
                .map(|p| (p.id.clone(), p.text.clone()))
                .collect::<Vec<_>>()
        })
    });
    let editing = id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = ObjectiveDraft {
            title: title.get_untracked(),
            priority_id: priority.get_untracked(),
            measure: measure.get_untracked(),
            unit: unit.get_untracked(),
            baseline: parse_num(&baseline.get_untracked()),
            target: parse_num(&target.get_untracked()),
            deadline: parse_date(&deadline.get_untracked()),
            specific_confirmed: specific.get_untracked(),
            achievable_confirmed: achievable.get_untracked(),
        };
        let result = match &editing {
            Some(id) => ctx.cmd.edit_objective(id, &draft),
            None => ctx.cmd.add_objective(&draft).map(drop),
        };
        match result {
            Ok(()) => {
                if editing.is_none() {
                    state.notify("Objective added".to_string());
                }
                done.run(());
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let heading = if id.is_some() {
        "Edit objective"
    } else {
        "New objective"
    };
    view! {
        <form class="form objective-form" on:submit=submit aria-label=heading>
            <h3>{heading}</h3>
            <Field
                label="Objective (specific: what exactly will be different)"
                value=title
                id="obj-title"
                required=true
            />
            <label>
                "Organisational priority it serves"
                <select id="obj-priority" on:change=move |ev| priority.set(event_target_value(&ev))>
                    <option value="" selected=move || priority.get().is_empty()>
                        "— none yet —"
                    </option>
                    {move || {
                        priorities
                            .get()
                            .into_iter()
                            .map(|(pid, text)| {
                                let sel = pid.clone();
                                view! {
                                    <option value=pid selected=move || priority.get() == sel>
                                        {text}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <div class="form-row">
                <Field
                    label="Measured as"
                    value=measure
                    id="obj-measure"
                    placeholder="e.g. median onboarding time"
                />
                <Field label="Unit" value=unit id="obj-unit" placeholder="e.g. hours" />
            </div>
            <div class="form-row">
                <Field label="Baseline (today)" value=baseline id="obj-baseline" decimal=true />
                <Field label="Target" value=target id="obj-target" decimal=true />
                <label>
                    "Deadline"
                    <input
                        id="obj-deadline"
                        type="date"
                        prop:value=move || deadline.get()
                        on:input=move |ev| deadline.set(event_target_value(&ev))
                    />
                </label>
            </div>
            <label class="check">
                <input
                    id="obj-specific"
                    type="checkbox"
                    prop:checked=move || specific.get()
                    on:change=move |ev| specific.set(event_target_checked(&ev))
                />
                "It is specific: everyone on the team would describe the result the same way"
            </label>
            <label class="check">
                <input
                    id="obj-achievable"
                    type="checkbox"
                    prop:checked=move || achievable.get()
                    on:change=move |ev| achievable.set(event_target_checked(&ev))
                />
                "It is achievable with the people and time the team has"
            </label>
            {error_line(error)}
            {save_or_cancel("Save objective", done)}
        </form>
    }
}

/// A new KPI of an objective (leader): its owner, unit, baseline and target, and whether it is
/// within the owner's control (R2.2).
#[component]
fn KpiForm(ctx: Ctx, objective_id: String, done: Callback<()>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let baseline = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let owner = RwSignal::new(ctx.me());
    let control = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let people = Memo::new(move |_| {
        ctx.with(|t| {
            t.people_in_order()
                .into_iter()
                .map(|(id, n)| (id.to_string(), n.to_string()))
                .collect::<Vec<_>>()
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(b), Some(t)) = (
            parse_num(&baseline.get_untracked()),
            parse_num(&target.get_untracked()),
        ) else {
            return error.set(Some(
                "Give the baseline (where it stands now) and the target as numbers.".into(),
            ));
        };
        let draft = KpiDraft {
            objective_id: objective_id.clone(),
            name: name.get_untracked(),
            unit: unit.get_untracked(),
            baseline: b,
            target: t,
            owner_id: owner.get_untracked(),
            in_control: match control.get_untracked().as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
        };
        match ctx.cmd.add_kpi(&draft) {
            Ok(_) => {
                state.notify("KPI added".to_string());
                done.run(());
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <form class="form kpi-form" on:submit=submit aria-label="New KPI">
            <h4>"New KPI"</h4>
            <div class="form-row">
                <Field
                    label="KPI"
                    value=name
                    id="kpi-name"
                    placeholder="e.g. Sign-ups finished without help"
                    required=true
                />
                <Field label="Unit" value=unit id="kpi-unit" placeholder="e.g. %" required=true />
            </div>
            <div class="form-row">
                <Field label="Baseline" value=baseline id="kpi-baseline" decimal=true />
                <Field label="Target" value=target id="kpi-target" decimal=true />
                <label>
                    "Owner"
                    <select
                        id="kpi-owner"
                        on:change=move |ev| { owner.set(event_target_value(&ev)) }
                    >
                        {person_options(people, owner)}
                    </select>
                </label>
            </div>
            <fieldset class="inline">
                <legend>"Is it within the owner's control?"</legend>
                {[("yes", "Yes"), ("no", "No"), ("", "Not sure yet")]
                    .into_iter()
                    .map(|(v, l)| {
                        view! {
                            <label class="check">
                                <input
                                    type="radio"
                                    name="in-control"
                                    value=v
                                    prop:checked=move || control.get() == v
                                    on:change=move |_| control.set(v.to_string())
                                />
                                {l}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            {error_line(error)}
            {save_or_cancel("Save KPI", done)}
        </form>
    }
}

/// One KPI: owner, latest value and trend, the chart, flags, and (for its owner or the
/// leader) a form to record a value.
#[component]
fn KpiCard(ctx: Ctx, id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let kid = StoredValue::new(id);
    let kpi = Memo::new(move |_| ctx.with(|t| t.kpis.get(&kid.get_value()).cloned()));
    let owner = Memo::new(move |_| {
        let o = kpi.with(|k| k.as_ref().map(|k| k.owner_id.clone()).unwrap_or_default());
        ctx.with(|t| t.name_of(&o).to_string())
    });
    let mine = Memo::new(move |_| kpi.with(|k| k.as_ref().is_some_and(|k| k.owner_id == ctx.me())));
    let findings = Memo::new(move |_| {
        let today = state.today.get();
        kpi.with(|k| {
            k.as_ref()
                .map(|k| ctx.with(|t| rules::kpi_findings(k, t, today)))
                .unwrap_or_default()
        })
    });
    let trend = Memo::new(move |_| kpi.with(|k| k.as_ref().map(rules::trend)));
    let name = move || kpi.with(|k| k.as_ref().map(|k| k.name.clone()).unwrap_or_default());
    let date = RwSignal::new(state.today.get_untracked().to_string());
    let value = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(v) = parse_num(&value.get_untracked()) else {
            return error.set(Some("Type the value as a number.".into()));
        };
        let Some(d) = parse_date(&date.get_untracked()) else {
            return error.set(Some("Pick the date the value was measured.".into()));
        };
        match ctx
            .cmd
            .record_value(&kid.get_value(), d, v, &note.get_untracked())
        {
            Ok(_) => {
                value.set(String::new());
                note.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <section class="kpi" aria-label=move || format!("KPI {}", name())>
            <div class="kpi-head">
                <h4>{name}</h4>
                <span class="muted">{move || format!("Owner: {}", owner.get())}</span>
                <span class="kpi-latest">
                    {move || {
                        let unit = kpi
                            .with(|k| k.as_ref().map(|k| k.unit.clone()).unwrap_or_default());
                        match trend.get() {
                            Some(t) => {
                                match t.latest {
                                    Some(l) => {
                                        let arrow = match t.direction {
                                            rules::Direction::Up => "▲",
                                            rules::Direction::Down => "▼",
                                            rules::Direction::Flat => "▶",
                                        };
                                        let progress = t
                                            .progress
                                            .map(progress_words)
                                            .unwrap_or_default();
                                        format!("{arrow} {} {unit}{progress}", fmt_num(l))
                                    }
                                    None => "No value yet".to_string(),
                                }
                            }
                            None => String::new(),
                        }
                    }}
                </span>
            </div>
            {move || kpi.get().map(|k| view! { <KpiChart kpi=k /> })}
            {move || findings_list(findings.get(), "KPI flags")}
            <Show when=move || mine.get() || ctx.leader>
                <form class="inline-form to-form value-form" on:submit=record>
                    <label>
                        "Date"
                        <input
                            type="date"
                            prop:value=move || date.get()
                            on:input=move |ev| date.set(event_target_value(&ev))
                        />
                    </label>
                    <Field label=move || format!("Value of {}", name()) value=value decimal=true />
                    <Field label="Note" value=note />
                    <button type="submit" class="secondary">
                        "Record value"
                    </button>
                </form>
                {error_line(error)}
            </Show>
        </section>
    }
}

/// How far a KPI has come from its baseline towards its target, in words.
fn progress_words(p: f64) -> String {
    if p < 0.0 {
        " · worse than its baseline".to_string()
    } else if p >= 1.0 {
        " · target reached".to_string()
    } else {
        format!(" · {:.0} % of the way", p * 100.0)
    }
}
