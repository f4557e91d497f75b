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
                <For each=move || list.get() key=|q| (q.0.clone(), q.4.clone()) let:q>
                    <QuestionRow ctx=ctx q=q />
                </For>
            </ul>
        </div>
    }
}

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
                    <form class="inline-form to-form" on:submit=answer_it>
                        <Field label=label value=draft />
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
