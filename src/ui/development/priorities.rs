//! The employee's part (R5.3): personal priorities and interest in promotion and leadership.

use leptos::prelude::*;
use rapport_core::domain::development::Interest;
use rapport_core::domain::Side;
use rapport_core::text::TextEdit;

use crate::state::AppState;
use crate::ui::widgets::SyncedTextarea;

use super::*;

/// R5.3: the employee's personal priorities (only they edit them).
#[component]
pub(super) fn Priorities(ctx: Ctx) -> impl IntoView {
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
                <SyncedTextarea
                    id="plan-priorities"
                    label="My personal priorities"
                    help="What matters to you now: family, health, learning, where you want to live… Only you edit this; your leader reads it."
                    stored=stored
                    on_commit=commit
                    rows=4
                />
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
pub(super) fn AspirationCard(ctx: Ctx) -> impl IntoView {
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
                    asp.with(|a| {
                        if which == "promotion" {
                            a.promotion
                        } else {
                            a.leadership
                        }
                    })
                };
                let options: Vec<Option<Interest>> =
                    Interest::ALL.into_iter().map(Some).chain([None]).collect();
                view! {
                    <fieldset class="interest-group">
                        <legend>{legend}</legend>
                        <div class="radio-row">
                            {options
                                .into_iter()
                                .map(|opt| {
                                    let ctx = ctx.clone();
                                    let pick = move |_| {
                                        let (mut promo, mut lead) = asp
                                            .with_untracked(|a| (a.promotion, a.leadership));
                                        if which == "promotion" { promo = opt } else { lead = opt }
                                        match ctx.cmd.set_aspiration(promo, lead) {
                                            Ok(()) => state.notify("Interest saved"),
                                            Err(e) => state.notify(e),
                                        }
                                    };
                                    view! {
                                        <label class="check">
                                            <input
                                                type="radio"
                                                name=format!("interest-{which}")
                                                value=opt.map(|i| i.label()).unwrap_or("unanswered")
                                                prop:checked=move || current() == opt
                                                on:change=pick
                                            />
                                            {interest_label(opt)}
                                        </label>
                                    }
                                })
                                .collect_view()}
                        </div>
                    </fieldset>
                }
            };
            view! {
                <p class="help">
                    "Say what you want; \"not now\" is a fine answer. Your leader sees it in their bench view."
                </p>
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
                <dd>
                    <span class=move || interest_class(
                        asp.with(|a| a.promotion),
                    )>{move || interest_label(asp.with(|a| a.promotion))}</span>
                </dd>
                <dt>"Leadership"</dt>
                <dd>
                    <span class=move || interest_class(
                        asp.with(|a| a.leadership),
                    )>{move || interest_label(asp.with(|a| a.leadership))}</span>
                </dd>
            </dl>
            <p class="meta">{updated}</p>
        }
        .into_any(),
    };
    view! {
        <div
            class="card aspiration"
            role="region"
            aria-label="Interest in promotion and leadership"
        >
            <h2>"Interest in promotion and leadership"</h2>
            {body}
        </div>
    }
}
