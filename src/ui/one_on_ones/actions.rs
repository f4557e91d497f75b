//! Follow-up actions of a 1:1 (R3.5): the list (mine and theirs, overdue flagged) and the form.

use leptos::prelude::*;
use rapport_core::domain::one_on_one::{ActionDraft, OneOnOne, Participant, Side};
use rapport_core::domain::Pair;

use crate::state::one_on_one;
use crate::state::AppState;

/// Actions of one meeting (`meeting_id`), or every open action of the series (`None`, R3.5:
/// open actions carry over until done).
#[component]
pub(super) fn ActionList(
    doc_id: String,
    me: Participant,
    series: Memo<Option<OneOnOne>>,
    meeting_id: Option<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        let today = chrono::Local::now().date_naive();
        series.with(|s| {
            let Some(s) = s.as_ref() else {
                return Vec::new();
            };
            let actions = match &meeting_id {
                Some(mid) => s.actions_of(mid),
                None => s.open_actions(),
            };
            actions
                .into_iter()
                .map(|a| {
                    (
                        a.clone(),
                        s.participant(a.owner).name.clone(),
                        a.is_overdue(today),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let toggle = move |aid: String, open: bool| {
        let done_on = open.then(|| state.today.get_untracked());
        if let Err(e) = one_on_one::Series::new(&doc_id, &me.id).set_action_done(&aid, done_on) {
            state.notify(e.to_string());
        }
    };
    move || {
        let rows = rows();
        if rows.is_empty() {
            return view! { <p class="muted">"None."</p> }.into_any();
        }
        view! {
            <ul class="action-list">
                {rows
                    .into_iter()
                    .map(|(a, owner, overdue)| {
                        let open = a.is_open();
                        let aid = a.id.clone();
                        let toggle = toggle.clone();
                        view! {
                            <li class="action" class:done=!open class:overdue=overdue>
                                <label class="check">
                                    <input
                                        type="checkbox"
                                        prop:checked=!open
                                        on:change=move |_| toggle(aid.clone(), open)
                                    />
                                    <span>{a.text.clone()}</span>
                                </label>
                                <span class="meta">
                                    {format!("{owner} · due {}", a.due.format("%-d %b %Y"))}
                                    {overdue.then_some(" · overdue")}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    }
}

/// R3.5: an action needs an owner and a due date; missing ones are refused with the reason.
#[component]
pub(super) fn AddAction(
    doc_id: String,
    me: Participant,
    meeting_id: String,
    other: String,
    my_role: Side,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = ActionDraft {
            meeting_id: meeting_id.clone(),
            text: text.get_untracked(),
            owner: Side::from_slug(&owner.get_untracked()),
            due: chrono::NaiveDate::parse_from_str(due.get_untracked().trim(), "%Y-%m-%d").ok(),
        };
        match one_on_one::Series::new(&doc_id, &me.id).add_action(&draft) {
            Ok(_) => {
                text.set(String::new());
                due.set(String::new());
                owner.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let fid = format!("act-{}", rapport_core::domain::new_id());
    let (me_label, other_label) = (format!("Me ({})", my_role.label()), other);
    let other_role = match my_role {
        Side::Leader => Side::Employee,
        Side::Employee => Side::Leader,
    };
    view! {
        <form class="add-action" on:submit=submit novalidate aria-label="Add an action">
            <div class="fields">
                <div class="field grow">
                    <label for=format!("{fid}-text")>"Action"</label>
                    <input
                        id=format!("{fid}-text")
                        type="text"
                        placeholder="What will be done"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for=format!("{fid}-owner")>"Owner"</label>
                    <select
                        id=format!("{fid}-owner")
                        prop:value=move || owner.get()
                        on:change=move |ev| owner.set(event_target_value(&ev))
                    >
                        <option value="">"Choose…"</option>
                        <option value=my_role.slug()>{me_label}</option>
                        <option value=other_role.slug()>{other_label}</option>
                    </select>
                </div>
                <div class="field narrow">
                    <label for=format!("{fid}-due")>"Due"</label>
                    <input
                        id=format!("{fid}-due")
                        type="date"
                        prop:value=move || due.get()
                        on:input=move |ev| due.set(event_target_value(&ev))
                    />
                </div>
            </div>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
            <button type="submit" class="secondary">
                "Add action"
            </button>
        </form>
    }
}
