//! The review (R4.7, R4.8): prepared from the data of a period — each metric's result scored
//! against its template beside the self-assessment, the documented cases and feedback of the
//! period, 1:1 adherence and the development plan. The leader drafts the text privately (in
//! their own workspace), then shares it; both sides comment. Prints as a clean document, and
//! the review date and a preparation slot go to the calendar.

use leptos::prelude::*;
use rapport_core::domain::performance::{num, Period};
use rapport_core::domain::{DocKind, Pair};
use rapport_core::review::{self, ReviewPack};
use rapport_core::text::TextEdit;

use crate::state::performance as perf;
use crate::state::AppState;
use crate::ui::widgets::{download, print_page, SyncedTextarea};

use super::metrics::score_class;
use super::*;

/// The periods offered: the current one, the three before it, and any with a shared review.
fn periods(
    p: &rapport_core::domain::performance::PerformancePlan,
    today: chrono::NaiveDate,
) -> Vec<Period> {
    let mut out = vec![p.period_at(today)];
    while out.len() < 4 {
        match p.cycle.previous(p.cycle_start, *out.last().expect("one")) {
            Some(prev) => out.push(prev),
            None => break,
        }
    }
    for r in p.reviews.values() {
        let per = Period {
            start: r.period_start,
            end: r.period_end,
        };
        if !out.contains(&per) {
            out.push(per);
        }
    }
    out.sort_by_key(|p| std::cmp::Reverse(p.start));
    out
}

/// Marks the page so the print styles keep only the review document, then prints.
fn print_review() {
    let body = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body());
    if let Some(b) = &body {
        let _ = b.class_list().add_1("print-review");
    }
    print_page();
    if let Some(b) = &body {
        let _ = b.class_list().remove_1("print-review");
    }
}

#[component]
pub(super) fn ReviewSection(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let options = Memo::new(move |_| {
        let today = state.today.get();
        ctx.with(|p| periods(p, today))
    });
    let chosen = RwSignal::new(None::<Period>);
    let period = Memo::new(move |_| {
        chosen
            .get()
            .or_else(|| options.with(|o| o.first().copied()))
    });
    // The pair's other documents, opened on demand: the 1:1 outline (adherence) and the plan.
    let (series_id, dev_id) = untrack(|| {
        ctx.entry
            .with(|e| e.as_ref().map(|e| perf::pair_documents(state, e)))
            .unwrap_or_default()
    });
    if let Some(id) = &series_id {
        crate::state::shared::ensure_open_quietly(id, DocKind::OneOnOne);
    }
    if let Some(id) = &dev_id {
        crate::state::shared::ensure_open_quietly(id, DocKind::DevelopmentPlan);
    }
    let outline = series_id.map(crate::state::one_on_one::watch_outline);
    let dev = dev_id.map(|id| Memo::new(move |_| crate::state::development::load(&id)));
    let has_series = outline.is_some();
    let doc_id = ctx.doc_id();
    view! {
        <div class="card review-doc" role="region" aria-label="Review">
            <div class="review-head">
                <h2>"Review"</h2>
                <div class="field narrow no-print">
                    <label for="review-period">"Period"</label>
                    <select
                        id="review-period"
                        on:change=move |ev| {
                            let key = event_target_value(&ev);
                            chosen
                                .set(
                                    options
                                        .with_untracked(|o| {
                                            o.iter().find(|p| p.key() == key).copied()
                                        }),
                                );
                        }
                    >
                        {move || {
                            options
                                .get()
                                .into_iter()
                                .map(|p| {
                                    let selected = period.get_untracked() == Some(p);
                                    view! {
                                        <option value=p.key() selected=selected>
                                            {p.label()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </div>
            <p class="print-only review-title">
                {move || {
                    ctx.with(|p| {
                        format!(
                            "Performance review of {} — led by {}",
                            p.employee().name,
                            p.leader().name,
                        )
                    })
                }}
            </p>
            {move || {
                let Some(per) = period.get() else { return ().into_any() };
                let today = state.today.get();
                let series = outline.and_then(|o| o.get());
                let plan_dev = dev.and_then(|d| d.get());
                ctx.plan
                    .with(|p| {
                        p.as_ref()
                            .map(|p| {
                                let pack = review::prepare(
                                    p,
                                    per,
                                    series.as_ref(),
                                    plan_dev.as_ref(),
                                    today,
                                );
                                pack_view(&pack, has_series, p.employee().name.clone())
                            })
                    })
                    .into_any()
            }}
            {
                let doc_id = doc_id.clone();
                move || {
                    period
                        .get()
                        .map(|per| {
                            view! {
                                <ReviewText
                                    ctx=ctx
                                    period=per
                                    doc_id=doc_id.clone()
                                    outline=outline
                                    dev=dev
                                />
                            }
                        })
                }
            }
            <div class="form-actions no-print">
                <button type="button" class="secondary" on:click=move |_| print_review()>
                    "Print or save as PDF"
                </button>
                <button
                    type="button"
                    class="ghost"
                    on:click={
                        let doc_id = doc_id.clone();
                        move |_| {
                            let Some(per) = period.get_untracked() else { return };
                            let Some(ics) = ctx
                                .plan
                                .with_untracked(|p| {
                                    p.as_ref()
                                        .map(|p| {
                                            rapport_core::calendar::calendar_ics(
                                                &rapport_core::calendar::review_events(&doc_id, p, &per),
                                                chrono::Utc::now().naive_utc(),
                                            )
                                        })
                                }) else {
                                return;
                            };
                            let name = format!("rapport-review-{}.ics", per.key());
                            match download(&name, "text/calendar", ics.as_bytes()) {
                                Ok(()) => {
                                    state
                                        .notify(
                                            "Calendar file downloaded: it adds the review and a preparation slot a week before",
                                        )
                                }
                                Err(e) => state.notify(e),
                            }
                        }
                    }
                >
                    "Add review and preparation to calendar"
                </button>
            </div>
        </div>
    }
}

/// The prepared data of one period, as a table and a few lines.
fn pack_view(pack: &ReviewPack, has_series: bool, employee: String) -> impl IntoView {
    let rows = pack
        .rows
        .iter()
        .map(|r| {
            let m = r.metric;
            let result = match r.result {
                Some((v, s)) => {
                    let unit = if m.objective {
                        m.unit.clone()
                    } else {
                        "of 5".into()
                    };
                    view! {
                        <span>{format!("{} {unit} ", num(v))}</span>
                        <span class=score_class(s)>{s.label()}</span>
                    }
                    .into_any()
                }
                None if m.adherence && !has_series => {
                    view! { <span class="muted">"No 1:1 series here"</span> }.into_any()
                }
                None => view! { <span class="muted">"Not recorded"</span> }.into_any(),
            };
            let self_rating = r
                .self_rating
                .map(|s| {
                    if s.comment.is_empty() {
                        format!("{} of 5", s.rating)
                    } else {
                        format!("{} of 5 — {}", s.rating, s.comment)
                    }
                })
                .unwrap_or_else(|| "Not yet".into());
            let cases: Vec<String> = r
                .cases
                .iter()
                .map(|c| {
                    format!(
                        "{}: {} ({})",
                        fmt_date(c.date),
                        c.what,
                        c.barrier.label().to_lowercase()
                    )
                })
                .collect();
            let feedback: Vec<String> = r
                .feedback
                .iter()
                .map(|f| {
                    format!(
                        "{} {}: {}",
                        if f.praise { "Praise" } else { "Feedback" },
                        fmt_date(f.date),
                        f.text
                    )
                })
                .collect();
            let flag = r.not_attainable.as_ref().map(|f| f.message.clone());
            view! {
                <tr>
                    <th scope="row">
                        {m.outcome.clone()}
                        <span class="muted small block">{m.target_label()}</span>
                        {flag.map(|f| view! { <span class="flag-text small block">{f}</span> })}
                    </th>
                    <td data-label="Result">
                        {result} <span class="muted small block">{r.result_note.clone()}</span>
                    </td>
                    <td data-label="Self-assessment">{self_rating}</td>
                    <td data-label="Documented cases">
                        {if cases.is_empty() {
                            view! { <span class="muted">"None"</span> }.into_any()
                        } else {
                            view! {
                                <ul class="plain">
                                    {cases
                                        .into_iter()
                                        .map(|c| view! { <li>{c}</li> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    </td>
                    <td data-label="Feedback">
                        {if feedback.is_empty() {
                            view! { <span class="muted">"None"</span> }.into_any()
                        } else {
                            view! {
                                <ul class="plain">
                                    {feedback
                                        .into_iter()
                                        .map(|c| view! { <li>{c}</li> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let adherence = match pack.adherence {
        Some(a) => format!(
            "1:1s: held in {} of {} two-week periods of this review period ({}).",
            a.periods_with_held,
            a.periods,
            a.percent_label()
        ),
        None => "1:1s: no 1:1 series with this person in this browser.".to_string(),
    };
    let development = match &pack.development {
        Some(d) => {
            let active: Vec<String> = d
                .goals
                .iter()
                .filter(|g| g.status == "Active")
                .map(|g| {
                    format!(
                        "{} ({}, by {})",
                        g.title,
                        g.horizon.label(),
                        fmt_date(g.target_date)
                    )
                })
                .collect();
            format!(
                "Development plan: {}{}; {} IDP check(s) in 1:1s this period{}.",
                if active.is_empty() {
                    "no active goal".to_string()
                } else {
                    format!("{} active goal(s) — ", active.len())
                },
                active.join("; "),
                d.checks_in_period,
                d.last_in_depth
                    .map(|x| format!("; last in-depth discussion {}", fmt_date(x)))
                    .unwrap_or_default(),
            )
        }
        None => format!("Development plan: none shared with {employee} in this browser."),
    };
    let general: Vec<String> = pack
        .general_feedback
        .iter()
        .map(|f| {
            format!(
                "{} {}: {}",
                if f.praise { "Praise" } else { "Feedback" },
                fmt_date(f.date),
                f.text
            )
        })
        .collect();
    let replaced: Vec<String> = pack
        .replaced
        .iter()
        .map(|m| {
            format!(
                "{} — replaced by the development goal \"{}\"",
                m.outcome, m.replaced_by_title
            )
        })
        .collect();
    view! {
        <p class="muted">{format!("Prepared from the record of {}.", pack.period.label())}</p>
        <div class="table-scroll">
            <table class="review-table">
                <caption class="sr-only">"Metrics of the review period"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Metric"</th>
                        <th scope="col">"Result"</th>
                        <th scope="col">"Self-assessment"</th>
                        <th scope="col">"Documented cases"</th>
                        <th scope="col">"Feedback"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <ul class="plain review-facts">
            <li>{adherence}</li>
            <li>{development}</li>
            {(!replaced.is_empty())
                .then(|| view! { <li>{format!("Annual review: {}.", replaced.join("; "))}</li> })}
            {general.into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}
        </ul>
    }
}

/// The review text: the leader's private draft and sharing it, then the shared text and the
/// comments of both sides.
#[component]
fn ReviewText(
    ctx: Ctx,
    period: Period,
    doc_id: String,
    outline: Option<Memo<Option<rapport_core::domain::one_on_one::OneOnOne>>>,
    dev: Option<Memo<Option<rapport_core::domain::development::DevelopmentPlan>>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = period.key();
    let shared = {
        let key = key.clone();
        Memo::new(move |_| {
            ctx.with(|p| {
                p.reviews
                    .get(&key)
                    .map(|r| (r.summary.as_str().to_string(), r.shared_on))
            })
        })
    };
    let comments = {
        let key = key.clone();
        Memo::new(move |_| {
            ctx.with(|p| {
                p.comments_on(&key)
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
        })
    };
    let draft_doc = doc_id.clone();
    let draft =
        Memo::new(move |_| perf::review_draft(state, &draft_doc, &period).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let from_data = {
        let doc_id = doc_id.clone();
        move |_| {
            let today = state.today.get_untracked();
            let series = outline.and_then(|o| o.get_untracked());
            let d = dev.and_then(|d| d.get_untracked());
            let Some(text) = ctx.plan.with_untracked(|p| {
                p.as_ref().map(|p| {
                    let pack = review::prepare(p, period, series.as_ref(), d.as_ref(), today);
                    review::draft_text(&pack, &p.employee().name)
                })
            }) else {
                return;
            };
            if let Err(e) = perf::save_review_draft(state, &doc_id, &period, TextEdit::from(text)) {
                error.set(Some(e.to_string()));
            }
        }
    };
    let share = move |_| {
        let text = draft.get_untracked();
        match ctx.cmd.share_review(&period, &text) {
            Ok(()) => {
                error.set(None);
                state.notify("Review shared: send the plan so they receive it");
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let comment = RwSignal::new(String::new());
    let add_comment = {
        let key = key.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match ctx.cmd.add_review_comment(&key, &comment.get_untracked()) {
                Ok(_) => {
                    error.set(None);
                    comment.set(String::new());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    };
    let commit_doc = doc_id.clone();
    view! {
        <Show when=move || ctx.is_leader()>
            <div class="review-draft no-print">
                <h3>"Your draft"</h3>
                <p class="help">
                    "Only you see this draft: it stays in your own workspace until you share it."
                </p>
                <SyncedTextarea
                    id=format!("review-draft-{}", period.key())
                    label="Review text"
                    stored=Signal::derive(move || draft.get())
                    on_commit={
                        let doc_id = commit_doc.clone();
                        move |edit| {
                            perf::save_review_draft(state, &doc_id, &period, edit)
                                .map_err(|e| e.to_string())
                        }
                    }
                    rows=10
                />
                <div class="form-actions">
                    <button type="button" class="ghost" on:click=from_data.clone()>
                        "Start from the data"
                    </button>
                    <button
                        type="button"
                        class="primary"
                        prop:disabled=move || {
                            draft.with(|d| d.trim().is_empty())
                                || shared
                                    .with(|s| {
                                        s.as_ref().is_some_and(|(t, _)| *t == draft.get().trim())
                                    })
                        }
                        on:click=share
                    >
                        {move || match shared.get() {
                            None => "Share the review",
                            Some((t, _)) if t == draft.get().trim() => "Shared",
                            Some(_) => "Share the updated review",
                        }}
                    </button>
                </div>
            </div>
        </Show>
        {move || match shared.get() {
            Some((text, on)) => {
                view! {
                    <div class="shared-review">
                        <h3>{format!("Shared review ({})", fmt_date(on))}</h3>
                        <p class="review-summary">{text}</p>
                    </div>
                }
                    .into_any()
            }
            None if !ctx.is_leader() => {
                view! {
                    <p class="muted">
                        "Your leader has not shared the review of this period yet. Your self-assessment above is what they prepare it with."
                    </p>
                }
                    .into_any()
            }
            None => {
                view! {
                    <div class="print-only">
                        <h3>"Review"</h3>
                        <p class="review-summary">{move || draft.get()}</p>
                    </div>
                }
                    .into_any()
            }
        }}
        <Show when=move || shared.with(|s| s.is_some())>
            <div class="review-comments">
                <h3>"Comments"</h3>
                <ul class="plain">
                    {move || {
                        comments
                            .get()
                            .into_iter()
                            .map(|(_, by, at, text)| {
                                let when = chrono::DateTime::from_timestamp_millis(at)
                                    .map(|d| d.format("%-d %b %Y").to_string())
                                    .unwrap_or_default();
                                view! {
                                    <li>
                                        <strong>{by}</strong>
                                        <span class="muted">{format!(" {when}")}</span>
                                        <p>{text}</p>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <form class="inline-form no-print" on:submit=add_comment.clone() novalidate>
                    <label class="sr-only" for="review-comment">
                        "Comment on the review"
                    </label>
                    <input
                        id="review-comment"
                        type="text"
                        placeholder="Your comment on the review"
                        prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))
                    />
                    <button type="submit" class="secondary">
                        "Comment"
                    </button>
                </form>
            </div>
        </Show>
        <p class="field-error" role="alert">
            {move || error.get()}
        </p>
    }
}
