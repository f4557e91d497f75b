//! Continuous feedback between reviews: either side notes dated feedback or praise, against a
//! metric or the plan as a whole, as it happens — so a review is prepared from a year of
//! evidence, not memory.

use leptos::prelude::*;
use rapport_core::domain::Pair;

use crate::state::AppState;

use super::*;

#[component]
pub(super) fn FeedbackLog(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let metrics = Memo::new(move |_| {
        ctx.with(|p| {
            p.active_metrics()
                .into_iter()
                .map(|m| (m.id.clone(), m.outcome.clone()))
                .collect::<Vec<_>>()
        })
    });
    let entries = Memo::new(move |_| {
        ctx.with(|p| {
            p.feedback_sorted()
                .into_iter()
                .map(|f| {
                    let about = f
                        .metric_id
                        .as_ref()
                        .and_then(|id| p.metrics.get(id))
                        .map(|m| m.outcome.clone());
                    (f.clone(), p.name_of(&f.by).to_string(), about)
                })
                .collect::<Vec<_>>()
        })
    });
    let about = RwSignal::new(String::new());
    let date = RwSignal::new(iso(state.today.get_untracked()));
    let praise = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(d) = parse_date(&date.get_untracked()) else {
            return error.set(Some("Choose the date it happened.".into()));
        };
        let metric = about.get_untracked();
        let metric = (!metric.is_empty()).then_some(metric.as_str());
        match ctx
            .cmd
            .add_feedback(metric, d, praise.get_untracked(), &text.get_untracked())
        {
            Ok(_) => {
                error.set(None);
                text.set(String::new());
                state.notify(if praise.get_untracked() {
                    "Praise noted"
                } else {
                    "Feedback noted"
                });
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <div class="card feedback" role="region" aria-label="Feedback and praise">
            <h2>"Feedback and praise"</h2>
            <p class="help">
                "Note it when it happens, with the date: the review is then prepared from the record."
            </p>
            <form class="feedback-form" on:submit=save novalidate>
                <div class="fields">
                    <div class="field">
                        <label for="fb-about">"About"</label>
                        <select
                            id="fb-about"
                            on:change=move |ev| about.set(event_target_value(&ev))
                        >
                            <option value="">"The plan as a whole"</option>
                            {move || {
                                metrics
                                    .get()
                                    .into_iter()
                                    .map(|(id, outcome)| {
                                        view! { <option value=id>{outcome}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                    <div class="field narrow">
                        <label for="fb-date">"Date"</label>
                        <input
                            id="fb-date"
                            type="date"
                            prop:value=move || date.get()
                            on:input=move |ev| date.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="field narrow">
                        <label for="fb-kind">"Kind"</label>
                        <select
                            id="fb-kind"
                            on:change=move |ev| praise.set(event_target_value(&ev) == "praise")
                        >
                            <option value="feedback">"Feedback"</option>
                            <option value="praise">"Praise"</option>
                        </select>
                    </div>
                </div>
                <div class="field">
                    <label for="fb-text">"What happened"</label>
                    <textarea
                        id="fb-text"
                        rows="2"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
                <div class="form-actions">
                    <button type="submit" class="secondary">
                        "Note it"
                    </button>
                </div>
            </form>
            <ul class="feedback-list">
                {move || {
                    entries
                        .get()
                        .into_iter()
                        .map(|(f, by, about)| {
                            view! {
                                <li class=if f.praise { "praise" } else { "" }>
                                    <span class=if f.praise {
                                        "badge ok"
                                    } else {
                                        "badge plain"
                                    }>{if f.praise { "Praise" } else { "Feedback" }}</span>
                                    <strong>{format!(" {} ", fmt_date(f.date))}</strong>
                                    <span class="muted">
                                        {format!(
                                            "by {by}{}",
                                            about.map(|a| format!(" · {a}")).unwrap_or_default(),
                                        )}
                                    </span>
                                    <p>{f.text.clone()}</p>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
