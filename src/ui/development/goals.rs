//! 1/3/5-year goals (R5.1) and their steps: the lists, the goal form, adding and editing.

use leptos::prelude::*;
use rapport_core::domain::development::{
    Goal, GoalAction, GoalActionDraft, GoalDraft, GoalStatus, Horizon,
};
use rapport_core::domain::{Pair, Side};
use rapport_core::rules::Finding;

use crate::state::AppState;

use super::*;
use crate::ui::keyed::Keyed;

/// Goals grouped by horizon (R5.1).
#[component]
pub(super) fn Goals(ctx: Ctx) -> impl IntoView {
    let plan = ctx.plan;
    view! {
        <div class="card goals" role="region" aria-label="Goals">
            <h2>"Goals"</h2>
            <p class="help">
                "Goals for 1, 3 and 5 years. They need not concern advancement in this organisation: a degree, a craft or a move elsewhere are goals too."
            </p>
            {Horizon::ALL
                .into_iter()
                .map(|h| {
                    let ids = Memo::new(move |_| {
                        plan.with(|p| {
                            p.as_ref()
                                .map(|p| {
                                    p.goals_in(h)
                                        .into_iter()
                                        .map(|g| g.id.clone())
                                        .collect::<Vec<_>>()
                                })
                                .unwrap_or_default()
                        })
                    });
                    let ctx = ctx.clone();
                    view! {
                        <section class="horizon" aria-label=format!("{} goals", h.label())>
                            <h3 class="horizon-head">
                                {h.label()}
                                <span class="count">{move || ids.with(|v| v.len())}</span>
                            </h3>
                            <Show when=move || ids.with(|v| v.is_empty())>
                                <p class="empty">{format!("No {} goal yet.", h.label())}</p>
                            </Show>
                            <div class="goal-list">
                                <For each=move || ids.get() key=|id| id.clone() let:gid>
                                    <GoalItem ctx=ctx.clone() goal_id=gid />
                                </For>
                            </div>
                        </section>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub(super) fn GoalItem(ctx: Ctx, goal_id: String) -> impl IntoView {
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
    let actions = Keyed::new(move || {
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
            v.into_iter().map(|a| (a.id.clone(), a)).collect()
        })
    });
    let status_id = format!("{fid}-status");
    let status_id2 = status_id.clone();
    let (step_ctx, step_gid) = (ctx.clone(), goal_id.clone());
    view! {
        <article
            class="goal"
            class:inactive=move || goal.with(|g| g.as_ref().is_some_and(|g| !g.is_active()))
            aria-label=title
        >
            <div class="goal-head">
                <div class="goal-title">
                    <h4>{title}</h4>
                    <span class="meta">{meta}</span>
                    {move || {
                        goal.with(|g| g.as_ref().is_some_and(|g| !g.within_organisation))
                            .then(|| {
                                view! {
                                    <span class="badge plain">"Outside this organisation"</span>
                                }
                            })
                    }}
                </div>
                <div class="goal-controls">
                    <label for=status_id.clone() class="sr-only">
                        {move || format!("Status of {}", title())}
                    </label>
                    <select
                        id=status_id2
                        class="status-select"
                        prop:value=status_slug
                        on:change=status_change
                    >
                        {GoalStatus::ALL
                            .into_iter()
                            .map(|s| {
                                let slug = match s {
                                    GoalStatus::Active => "active",
                                    GoalStatus::Achieved => "achieved",
                                    GoalStatus::Dropped => "dropped",
                                };
                                view! { <option value=slug>{s.label()}</option> }
                            })
                            .collect_view()}
                    </select>
                    <button
                        class="ghost"
                        aria-expanded=move || editing.get().to_string()
                        aria-label=move || format!("Edit goal {}", title())
                        on:click=move |_| editing.update(|v| *v = !*v)
                    >
                        {move || if editing.get() { "Close" } else { "Edit" }}
                    </button>
                </div>
            </div>
            {move || {
                let d = goal
                    .with(|g| g.as_ref().map(|g| g.description.as_str().to_string()))
                    .unwrap_or_default();
                (!d.trim().is_empty()).then(|| view! { <p class="prose goal-desc">{d}</p> })
            }}
            {move || {
                editing
                    .get()
                    .then(|| {
                        edit_initial()
                            .map(|initial| {
                                let save = save_edit.clone();
                                view! {
                                    <GoalForm
                                        id_prefix=format!("{fid}-edit")
                                        initial=initial
                                        submit_label="Save goal"
                                        reset=false
                                        on_save=save
                                        on_done=Callback::new(move |_| editing.set(false))
                                    />
                                }
                            })
                    })
            }}
            <div class="steps">
                <h5 class="sr-only">"Steps"</h5>
                <ul class="action-list" aria-label=move || format!("Steps towards {}", title())>
                    <For each=move || actions.ids() key=|id| id.clone() let:id>
                        <StepItem ctx=ctx.clone() goal_id=goal_id.clone() action=actions.row(id) />
                    </For>
                </ul>
                <AddStep ctx=step_ctx goal_id=step_gid goal_title=Signal::derive(title) />
            </div>
        </article>
    }
}

#[component]
pub(super) fn StepItem(ctx: Ctx, goal_id: String, action: Memo<GoalAction>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let done = move || action.with(|a| a.is_done());
    let overdue = move || {
        let today = state.today.get();
        action.with(|a| !a.is_done() && a.due.is_some_and(|d| d < today))
    };
    let plan = ctx.plan;
    let toggle = {
        let ctx = ctx.clone();
        move |_| {
            let aid = action.with_untracked(|a| a.id.clone());
            if let Err(e) = ctx.cmd.set_goal_action_done(&goal_id, &aid, !done()) {
                state.notify(e);
            }
        }
    };
    let meta = move || {
        action.with(|a| {
            let by = plan
                .with(|p| p.as_ref().map(|p| p.name_of(&a.added_by).to_string()))
                .unwrap_or_default();
            let mut meta = match a.due {
                Some(d) => format!("due {}", fmt_date(d)),
                None => "no due date".to_string(),
            };
            if let Some(d) = a.done_on {
                meta = format!("done {}", fmt_date(d));
            } else if overdue() {
                meta.push_str(" · overdue");
            }
            meta.push_str(&format!(" · added by {by}"));
            meta
        })
    };
    view! {
        <li class="action" class:done=done class:overdue=overdue>
            <label class="check">
                <input type="checkbox" prop:checked=done on:change=toggle />
                <span>{move || action.with(|a| a.text.clone())}</span>
            </label>
            <span class="meta">{meta}</span>
        </li>
    }
}

#[component]
pub(super) fn AddStep(ctx: Ctx, goal_id: String, goal_title: Signal<String>) -> impl IntoView {
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
        <form
            class="inline-form add-step"
            on:submit=submit
            novalidate
            aria-label=move || format!("Add a step towards {}", goal_title.get())
        >
            <label for=format!("{fid}-text") class="sr-only">
                {move || format!("New step towards {}", goal_title.get())}
            </label>
            <input
                id=format!("{fid}-text")
                class="step-text"
                type="text"
                placeholder="Add a step towards this goal"
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    error.set(None);
                }
            />
            <label for=format!("{fid}-due") class="step-due-label">
                "Due (optional)"
            </label>
            <input
                id=format!("{fid}-due")
                class="step-due"
                type="date"
                prop:value=move || due.get()
                on:input=move |ev| due.set(event_target_value(&ev))
            />
            <button type="submit" class="secondary">
                "Add step"
            </button>
        </form>
        <p class="field-error" role="alert">
            {move || error.get()}
        </p>
        <p class="flag-text" role="status">
            {move || notice.get()}
        </p>
    }
}

/// The goal form, used to add a goal and to edit one.
#[component]
pub(super) fn GoalForm(
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
                    <input
                        id=format!("{p}-title")
                        type="text"
                        maxlength="120"
                        placeholder="e.g. Give a talk at a conference"
                        prop:value=move || title.get()
                        on:input=move |ev| {
                            title.set(event_target_value(&ev));
                            error.set(None);
                        }
                    />
                </div>
                <div class="field narrow">
                    <label for=format!("{p}-horizon")>"Horizon"</label>
                    <select
                        id=format!("{p}-horizon")
                        prop:value=move || horizon.get().slug()
                        on:change=move |ev| {
                            let h = Horizon::from_key(&event_target_value(&ev))
                                .unwrap_or(initial_horizon);
                            horizon.set(h);
                            if auto_date.get_untracked() {
                                target.set(suggested_target(h, state.today.get_untracked()));
                            }
                        }
                    >
                        {Horizon::ALL
                            .into_iter()
                            .map(|h| view! { <option value=h.slug()>{h.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field narrow">
                    <label for=format!("{p}-target")>"Target date"</label>
                    <input
                        id=format!("{p}-target")
                        type="date"
                        prop:value=move || target.get()
                        on:input=move |ev| {
                            target.set(event_target_value(&ev));
                            auto_date.set(false);
                            error.set(None);
                        }
                    />
                </div>
            </div>
            <div class="field">
                <label for=format!(
                    "{p}-desc",
                )>"Description " <span class="optional">"(optional)"</span></label>
                <textarea
                    id=format!("{p}-desc")
                    rows="2"
                    placeholder="Why it matters, what success looks like"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                ></textarea>
            </div>
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || within.get()
                    on:change=move |ev| within.set(event_target_checked(&ev))
                />
                "About my path in this organisation"
            </label>
            <p class="help">
                "Untick for a goal outside this organisation (a degree, a craft, a move) so nobody reads it as a promotion request."
            </p>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
            <p class="flag-text" role="status">
                {move || notice.get()}
            </p>
            <div class="form-actions">
                <button type="submit" class="primary">
                    {submit_label}
                </button>
                {on_done
                    .map(|done| {
                        view! {
                            <button type="button" class="ghost" on:click=move |_| done.run(())>
                                "Cancel"
                            </button>
                        }
                    })}
            </div>
        </form>
    }
}

#[component]
pub(super) fn AddGoal(ctx: Ctx) -> impl IntoView {
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
            <GoalForm
                id_prefix="new-goal".to_string()
                initial=initial
                submit_label="Add goal"
                reset=true
                on_save=save
            />
        </div>
    }
}
