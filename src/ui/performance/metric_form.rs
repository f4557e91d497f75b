//! The metric form (R4.1, R4.2), for adding and editing: objective metrics get a unit and a
//! scoring template, subjective ones the reason they are imperative and a described anchor per
//! level. While the metrics are locked (R4.4) it asks for the reason of the change.

use leptos::prelude::*;
use rapport_core::domain::performance::{num, Metric, MetricDraft};
use rapport_core::rules::Finding;

use super::*;

/// The form's values as a draft of an existing metric.
pub(super) fn draft_of(m: &Metric) -> MetricDraft {
    MetricDraft {
        outcome: m.outcome.clone(),
        objective: m.objective,
        unit: m.unit.clone(),
        target: if m.objective {
            num(m.target)
        } else {
            String::new()
        },
        exceeds_at: if m.objective {
            num(m.exceeds_at)
        } else {
            String::new()
        },
        why_imperative: m.why_imperative.clone(),
        anchors: m.anchors.clone(),
        period: m.period.clone(),
        deadline: m.deadline,
        supports: m.supports.clone(),
        supports_objective: m.supports_objective.clone(),
        adherence: m.adherence,
    }
}

const ANCHOR_HINTS: [&str; 5] = [
    "1 — e.g. updates are missing or unclear",
    "2",
    "3 — e.g. clear, timely updates on every project",
    "4",
    "5 — e.g. others reuse your updates as the model",
];

/// The metric form on its own (the plan page wires it to the plan's commands).
#[component]
pub fn MetricForm(
    id_prefix: &'static str,
    initial: MetricDraft,
    #[prop(into)] needs_reason: Signal<bool>,
    submit_label: &'static str,
    /// Saves the draft with the reason; returns the flags raised, or the error to show.
    on_save: impl Fn(MetricDraft, String) -> Result<Vec<Finding>, String> + 'static,
    /// Clear the form after a successful save (adding) rather than close it (editing).
    reset: bool,
    #[prop(optional)] on_done: Option<Callback<()>>,
    /// The team's objectives `(id, title)` the metric can support (R2.2): picked from a list
    /// when the leader leads a team, written in words otherwise.
    #[prop(optional, into)]
    objectives: Option<Signal<Vec<(String, String)>>>,
) -> impl IntoView {
    let p = id_prefix;
    let objective = RwSignal::new(initial.objective);
    let outcome = RwSignal::new(initial.outcome.clone());
    let unit = RwSignal::new(initial.unit.clone());
    let target = RwSignal::new(initial.target.clone());
    let exceeds = RwSignal::new(initial.exceeds_at.clone());
    let why = RwSignal::new(initial.why_imperative.clone());
    let mut anchors0 = initial.anchors.clone();
    anchors0.resize(5, String::new());
    let anchors: [RwSignal<String>; 5] =
        std::array::from_fn(|i| RwSignal::new(anchors0[i].clone()));
    let period = RwSignal::new(initial.period.clone());
    let deadline = RwSignal::new(initial.deadline.map(iso).unwrap_or_default());
    let supports = RwSignal::new(initial.supports.clone());
    let supports_objective = RwSignal::new(initial.supports_objective.clone());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let adherence = initial.adherence;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = MetricDraft {
            outcome: outcome.get_untracked(),
            objective: objective.get_untracked(),
            unit: unit.get_untracked(),
            target: target.get_untracked(),
            exceeds_at: exceeds.get_untracked(),
            why_imperative: why.get_untracked(),
            anchors: anchors.iter().map(|a| a.get_untracked()).collect(),
            period: period.get_untracked(),
            deadline: parse_date(&deadline.get_untracked()),
            supports: supports.get_untracked(),
            supports_objective: supports_objective.get_untracked(),
            adherence,
        };
        match on_save(draft, reason.get_untracked()) {
            Ok(flags) => {
                error.set(None);
                reason.set(String::new());
                let msgs: Vec<String> = flags.into_iter().map(|f| f.message).collect();
                notice.set(
                    (!msgs.is_empty()).then(|| format!("Saved. Worth a look: {}", msgs.join(" "))),
                );
                if reset {
                    for s in [
                        outcome,
                        unit,
                        target,
                        exceeds,
                        why,
                        period,
                        deadline,
                        supports,
                        supports_objective,
                    ] {
                        s.set(String::new());
                    }
                    for a in anchors {
                        a.set(String::new());
                    }
                } else if msgs.is_empty() {
                    if let Some(done) = on_done {
                        done.run(());
                    }
                }
            }
            Err(e) => {
                notice.set(None);
                error.set(Some(e));
            }
        }
    };
    let text_field =
        move |id: String, label: &'static str, sig: RwSignal<String>, placeholder: &'static str| {
            view! {
                <div class="field grow">
                    <label for=id.clone()>{label}</label>
                    <input
                        id=id
                        type="text"
                        maxlength="200"
                        placeholder=placeholder
                        prop:value=move || sig.get()
                        on:input=move |ev| {
                            sig.set(event_target_value(&ev));
                            error.set(None);
                        }
                    />
                </div>
            }
        };
    view! {
        <form class="metric-form" on:submit=submit novalidate>
            <fieldset class="kind" disabled=adherence>
                <legend>"Kind of metric"</legend>
                <label class="check">
                    <input
                        type="radio"
                        name=format!("{p}-kind")
                        prop:checked=move || objective.get()
                        on:change=move |_| objective.set(true)
                    />
                    "Objective — measured against a target"
                </label>
                <label class="check">
                    <input
                        type="radio"
                        name=format!("{p}-kind")
                        prop:checked=move || !objective.get()
                        on:change=move |_| objective.set(false)
                    />
                    "Subjective — rated 1 to 5 (communication, teamwork …)"
                </label>
            </fieldset>
            <div class="fields">
                {text_field(
                    format!("{p}-outcome"),
                    "Outcome",
                    outcome,
                    "e.g. Monthly reports delivered by the 15th",
                )}
            </div>
            <Show when=move || objective.get()>
                <div class="fields">
                    {text_field(format!("{p}-unit"), "Unit", unit, "e.g. % of reports")}
                    <div class="field narrow">
                        <label for=format!("{p}-target")>"Target (meets)"</label>
                        <input
                            id=format!("{p}-target")
                            type="text"
                            inputmode="decimal"
                            placeholder="80"
                            prop:value=move || target.get()
                            on:input=move |ev| target.set(event_target_value(&ev))
                        />
                    </div> <div class="field narrow">
                        <label for=format!("{p}-exceeds")>"Exceeds at"</label>
                        <input
                            id=format!("{p}-exceeds")
                            type="text"
                            inputmode="decimal"
                            placeholder="95"
                            prop:value=move || exceeds.get()
                            on:input=move |ev| exceeds.set(event_target_value(&ev))
                        />
                    </div>
                </div>
                <p class="help">
                    "Below the target is below expectations. Put \"exceeds at\" under the target when lower is better (defects, days late)."
                </p>
            </Show>
            <Show when=move || !objective.get()>
                <div class="field">
                    <label for=format!(
                        "{p}-why",
                    )>"Why this quality is imperative to the role"</label>
                    <textarea
                        id=format!("{p}-why")
                        rows="2"
                        prop:value=move || why.get()
                        on:input=move |ev| why.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <fieldset class="anchors">
                    <legend>"What each rating means"</legend>
                    {anchors
                        .into_iter()
                        .enumerate()
                        .map(|(i, a)| {
                            view! {
                                <div class="field">
                                    <label for=format!(
                                        "{p}-anchor-{}",
                                        i + 1,
                                    )>{format!("Level {}", i + 1)}</label>
                                    <input
                                        id=format!("{p}-anchor-{}", i + 1)
                                        type="text"
                                        maxlength="200"
                                        placeholder=ANCHOR_HINTS[i]
                                        prop:value=move || a.get()
                                        on:input=move |ev| a.set(event_target_value(&ev))
                                    />
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
            </Show>
            <div class="fields">
                {text_field(format!("{p}-period"), "Applies", period, "e.g. each month")}
                <div class="field narrow">
                    <label for=format!(
                        "{p}-deadline",
                    )>"Deadline " <span class="optional">"(optional)"</span></label>
                    <input
                        id=format!("{p}-deadline")
                        type="date"
                        prop:value=move || deadline.get()
                        on:input=move |ev| deadline.set(event_target_value(&ev))
                    />
                </div>
            </div>
            <div class="fields">
                {move || match objectives.map(|o| o.get()).filter(|o| !o.is_empty()) {
                    Some(list) => {
                        let titles = list.clone();
                        view! {
                            <div class="field">
                                <label for=format!(
                                    "{p}-supports",
                                )>
                                    "Team objective it supports "
                                    <span class="optional">"(optional)"</span>
                                </label>
                                <select
                                    id=format!("{p}-supports")
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        let title = titles
                                            .iter()
                                            .find(|(id, _)| *id == v)
                                            .map(|(_, t)| t.clone())
                                            .unwrap_or_default();
                                        supports_objective.set(v);
                                        supports.set(title);
                                    }
                                >
                                    <option
                                        value=""
                                        selected=move || supports_objective.get().is_empty()
                                    >
                                        "— none —"
                                    </option>
                                    {list
                                        .into_iter()
                                        .map(|(id, title)| {
                                            let sel = id.clone();
                                            view! {
                                                <option
                                                    value=id
                                                    selected=move || supports_objective.get() == sel
                                                >
                                                    {title}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </div>
                        }
                            .into_any()
                    }
                    None => {
                        text_field(
                                format!("{p}-supports"),
                                "Team objective it supports (optional)",
                                supports,
                                "e.g. Close the books two days faster",
                            )
                            .into_any()
                    }
                }}
            </div>
            <Show when=move || needs_reason.get()>
                <div class="field">
                    <label for=format!(
                        "{p}-reason",
                    )>"Why this change cannot wait (the metrics are fixed for six months)"</label>
                    <textarea
                        id=format!("{p}-reason")
                        rows="2"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    ></textarea>
                </div>
            </Show>
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
