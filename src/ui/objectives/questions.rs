//! R2.3: questions raised for or in the metrics meeting, and their answers. Anyone on the team
//! asks and answers; members send theirs to the leader with their next file.

use leptos::prelude::*;

use crate::state::AppState;

use super::*;

#[component]
pub(super) fn Questions(ctx: Ctx) -> impl IntoView {
    let state = expect_context::<AppState>();
    let list = Memo::new(move |_| {
        ctx.with(|t| {
            let mut v: Vec<_> = t
                .questions
                .values()
                .map(|q| {
                    (
                        q.id.clone(),
                        q.text.clone(),
                        t.name_of(&q.by).to_string(),
                        q.asked_on,
                        q.answer.clone(),
                        t.name_of(&q.answered_by).to_string(),
                    )
                })
                .collect();
            // Open questions first, newest first.
            v.sort_by(|a, b| (!a.4.is_empty(), b.3).cmp(&(!b.4.is_empty(), a.3)));
            v
        })
    });
    // Every open question, and the answered ones of the last few weeks; years of answered
    // questions are there on request, not drawn with the page.
    let all = RwSignal::new(false);
    let cutoff = move || state.today.get() - chrono::Duration::days(RECENT_DAYS);
    let shown = Memo::new(move |_| {
        let from = cutoff();
        list.with(|l| {
            l.iter()
                .filter(|q| all.get() || q.4.is_empty() || q.3 >= from)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let hidden = Memo::new(move |_| list.with(|l| l.len()) - shown.with(|s| s.len()));
    let text = RwSignal::new(String::new());
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Raised for the next meeting (today's, if there is one today).
        let today = state.today.get_untracked();
        let next = ctx.team.with_untracked(|t| {
            let c = t.as_ref()?.cadence.clone()?;
            state.workspace.with_untracked(|w| {
                rapport_core::rules::team::next_occurrence(
                    &c,
                    &w.as_ref()?.settings.work_week,
                    today,
                )
            })
        });
        match ctx.cmd.ask_question(&text.get_untracked(), next) {
            Ok(_) => text.set(String::new()),
            Err(e) => state.notify(e.to_string()),
        }
    };
    view! {
        <div class="card questions" role="region" aria-label="Questions">
            <h2>"Questions for the meeting"</h2>
            <form class="inline-form to-form" on:submit=ask>
                <Field
                    label="Question"
                    value=text
                    id="new-question"
                    placeholder="What should the team look at?"
                />
                <button type="submit" class="secondary">
                    "Ask"
                </button>
            </form>
            <ul class="question-list">
                <For each=move || shown.get() key=|q| (q.0.clone(), q.4.clone()) let:q>
                    <QuestionRow ctx=ctx q=q />
                </For>
            </ul>
            <Show when=move || { all.get() || hidden.get() != 0 }>
                <button type="button" class="ghost" on:click=move |_| all.update(|a| *a = !*a)>
                    {move || {
                        if all.get() {
                            "Show only open and recent questions".to_string()
                        } else {
                            format!("Show {} earlier answered questions", hidden.get())
                        }
                    }}
                </button>
            </Show>
        </div>
    }
}

/// Answered questions older than this are listed only on request.
const RECENT_DAYS: i64 = 42;

type Row = (String, String, String, chrono::NaiveDate, String, String);

#[component]
fn QuestionRow(ctx: Ctx, q: Row) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (id, text, by, asked, answer, answered_by) = q;
    let draft = RwSignal::new(String::new());
    let label = format!("Answer to “{text}”");
    let qid = id.clone();
    let answer_it = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Err(e) = ctx.cmd.answer_question(&qid, &draft.get_untracked()) {
            state.notify(e.to_string());
        }
    };
    view! {
        <li class="question">
            <p>
                <strong>{text.clone()}</strong>
                <span class="muted">{format!(" — {by}, {}", fmt_date(asked))}</span>
            </p>
            {if answer.is_empty() {
                view! {
                    // The question is right above: its words name the field for a screen
                    // reader, not again on screen (in meeting mode's narrow column they
                    // squeezed the field).
                    <form class="inline-form to-form" on:submit=answer_it>
                        <label>
                            <span class="sr-only">{label}</span>
                            <input
                                type="text"
                                placeholder="Your answer"
                                prop:value=move || draft.get()
                                on:input=move |ev| draft.set(event_target_value(&ev))
                            />
                        </label>
                        <button type="submit" class="ghost">
                            "Answer"
                        </button>
                    </form>
                }
                    .into_any()
            } else {
                view! { <p class="answer">{format!("{answer} — {answered_by}")}</p> }.into_any()
            }}
        </li>
    }
}
