//! Discussions (R5.4: short checks in 1:1s, the in-depth talk) and comments on the plan.

use chrono::NaiveDate;
use leptos::prelude::*;
use rapport_core::domain::development::{DiscussionDraft, DiscussionKind};
use rapport_core::domain::Pair;
use rapport_core::rules::development as rules;
use rapport_core::text::TextEdit;

use crate::state::AppState;
use crate::ui::widgets::SyncedTextarea;

use super::*;

/// R5.4: the log of IDP checks and in-depth discussions, and recording a new one.
#[component]
pub(super) fn Discussions(ctx: Ctx) -> impl IntoView {
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
            <p class="help">
                "A short check on the plan in every 1:1, and an in-depth discussion every six months."
            </p>
            <p class="cadence">{cadence}</p>
            <form
                class="discussion-form"
                on:submit=submit
                novalidate
                aria-label="Record a discussion"
            >
                <h3>"Record a discussion"</h3>
                <div class="fields">
                    <div class="field">
                        <label for="disc-kind">"Kind"</label>
                        <select
                            id="disc-kind"
                            prop:value=move || kind.get()
                            on:change=move |ev| kind.set(event_target_value(&ev))
                        >
                            <option value="check">"Short check in a 1:1"</option>
                            <option value="in-depth">"In-depth discussion (every 6 months)"</option>
                        </select>
                    </div>
                    <div class="field narrow">
                        <label for="disc-date">"Date"</label>
                        <input
                            id="disc-date"
                            type="date"
                            prop:value=move || date.get()
                            on:input=move |ev| {
                                date.set(event_target_value(&ev));
                                error.set(None);
                            }
                        />
                    </div>
                </div>
                <div class="field">
                    <label for="disc-notes">
                        "Notes " <span class="optional">"(shared with both of you)"</span>
                    </label>
                    <textarea
                        id="disc-notes"
                        rows="3"
                        placeholder="What you discussed and agreed"
                        prop:value=move || notes.get()
                        on:input=move |ev| notes.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
                <button type="submit" class="secondary">
                    "Record discussion"
                </button>
            </form>
            <h3 class="log-head">"Log"</h3>
            <Show when=move || ids.with(|v| v.is_empty())>
                <p class="empty">"No discussion recorded yet."</p>
            </Show>
            <ol class="discussion-log" aria-label="Discussion log">
                <For each=move || ids.get() key=|id| id.clone() let:did>
                    <DiscussionItem ctx=ctx.clone() discussion_id=did />
                </For>
            </ol>
        </div>
    }
}

#[component]
pub(super) fn DiscussionItem(ctx: Ctx, discussion_id: String) -> impl IntoView {
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
                <span class=if kind == DiscussionKind::InDepth {
                    "badge info"
                } else {
                    "badge plain"
                }>{kind.label()}</span>
                <span class="meta">"recorded by " {by}</span>
            </div>
            <SyncedTextarea
                id=format!("disc-{}-notes", short(&discussion_id))
                label=format!(
                    "Notes of the {} on {}",
                    match kind {
                        DiscussionKind::InDepth => "in-depth discussion",
                        DiscussionKind::Check => "check in a 1:1",
                    },
                    fmt_date(date),
                )
                stored=stored
                on_commit=commit
                rows=2
            />
        </li>
    }
    .into_any()
}

/// Comments on the plan by either side.
#[component]
pub(super) fn Comments(ctx: Ctx) -> impl IntoView {
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
                        <div class="comment-head">
                            <strong>{c.1.clone()}</strong>
                            " "
                            <span class="meta">
                                {chrono::DateTime::from_timestamp_millis(c.2)
                                    .map(|t| {
                                        t.with_timezone(&chrono::Local)
                                            .format("%-d %b %Y %H:%M")
                                            .to_string()
                                    })
                                    .unwrap_or_default()}
                            </span>
                        </div>
                        <p class="prose">{c.3.clone()}</p>
                    </li>
                </For>
            </ul>
            <form class="comment-form" on:submit=submit novalidate>
                <label for="plan-comment">"Add a comment"</label>
                <textarea
                    id="plan-comment"
                    rows="2"
                    placeholder="Encouragement, a question, an idea…"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        error.set(None);
                    }
                ></textarea>
                <p class="field-error" role="alert">
                    {move || error.get()}
                </p>
                <button type="submit" class="secondary">
                    "Post comment"
                </button>
            </form>
        </div>
    }
}
