//! The roster ("Who uses it"): add, edit, archive and restore the people you lead, and name
//! your own leader — a person can be both a leader and led.

use leptos::prelude::*;
use rapport_core::domain::person::{clean_name, PersonDraft};
use rapport_core::domain::{new_id, Person};

use crate::state::AppState;
use crate::ui::keyed::Keyed;

#[component]
pub fn Team() -> impl IntoView {
    let state = expect_context::<AppState>();
    let active = Keyed::new(move || {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| {
                    w.active_people()
                        .into_iter()
                        .map(|p| (p.id.clone(), p.clone()))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let archived = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.archived_people().into_iter().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let editing = RwSignal::new(None::<String>);
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Team"</h1>
                <p class="muted">
                    "The people you lead. Archived people keep their history but leave Today and every measure."
                </p>
            </div>
            <div class="grid two">
                <div class="card">
                    <h2>"Add a person"</h2>
                    <PersonForm person=None on_done=move || () />
                </div>
                <LeaderCard />
            </div>
            <div class="card">
                <h2>"My team " <span class="count">{move || active.len()}</span></h2>
                <Show when=move || active.is_empty()>
                    <p class="empty">
                        "Nobody yet. Add the people who report to you to start tracking daily connection."
                    </p>
                </Show>
                <ul class="roster" aria-label="My team">
                    <For each=move || active.ids() key=|id| id.clone() let:id>
                        <RosterRow person=active.row(id) editing=editing />
                    </For>
                </ul>
            </div>
            <Show when=move || !archived.get().is_empty()>
                <div class="card">
                    <h2>"Archived"</h2>
                    <ul class="roster" aria-label="Archived people">
                        <For each=move || archived.get() key=|p| p.id.clone() let:p>
                            <ArchivedRow person=p />
                        </For>
                    </ul>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn RosterRow(person: Memo<Person>, editing: RwSignal<Option<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = person.with_untracked(|p| p.id.clone());
    let is_editing = {
        let id = id.clone();
        move || editing.get().as_deref() == Some(id.as_str())
    };
    let archive = {
        move |_| {
            let mut p = person.get_untracked();
            p.archived_on = Some(state.today.get_untracked());
            let what = format!("Archived {}", p.name);
            match state.put_person(&p, &what) {
                Ok(()) => state.notify(format!("{} archived", p.name)),
                Err(e) => state.notify(e),
            }
        }
    };
    let edit_id = id.clone();
    view! {
        <li class="roster-row">
            <Show
                when=is_editing.clone()
                fallback=move || {
                    let edit_id = edit_id.clone();
                    let name = move || person.with(|p| p.name.clone());
                    view! {
                        <div class="who">
                            <span class="name">{name}</span>
                            <span class="role">
                                {move || {
                                    person
                                        .with(|p| {
                                            if p.role_title.is_empty() {
                                                "No role title".to_string()
                                            } else {
                                                p.role_title.clone()
                                            }
                                        })
                                }}
                            </span>
                            {move || {
                                person
                                    .with(|p| p.start_date)
                                    .map(|d| {
                                        view! {
                                            <span class="meta">
                                                "Started "{d.format("%-d %b %Y").to_string()}
                                            </span>
                                        }
                                    })
                            }}
                        </div>
                        <div class="actions">
                            <button
                                class="ghost"
                                aria-label=move || format!("Edit {}", name())
                                on:click=move |_| editing.set(Some(edit_id.clone()))
                            >
                                "Edit"
                            </button>
                            <button
                                class="ghost danger"
                                aria-label=move || format!("Archive {}", name())
                                on:click=archive
                            >
                                "Archive"
                            </button>
                        </div>
                    }
                }
            >
                <PersonForm person=Some(person.get_untracked()) on_done=move || editing.set(None) />
            </Show>
        </li>
    }
}

#[component]
fn ArchivedRow(person: Person) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = person.name.clone();
    let restore = move |_| {
        let mut p = person.clone();
        p.archived_on = None;
        let what = format!("Restored {}", p.name);
        match state.put_person(&p, &what) {
            Ok(()) => state.notify(format!("{} is back on the team", p.name)),
            Err(e) => state.notify(e),
        }
    };
    view! {
        <li class="roster-row archived">
            <div class="who">
                <span class="name">{name.clone()}</span>
            </div>
            <div class="actions">
                <button class="ghost" aria-label=format!("Restore {name}") on:click=restore>
                    "Restore"
                </button>
            </div>
        </li>
    }
}

/// Add (person = None) or edit form with validation from core.
#[component]
fn PersonForm(person: Option<Person>, on_done: impl Fn() + Clone + 'static) -> impl IntoView {
    let state = expect_context::<AppState>();
    let editing = person.is_some();
    let prefix = person
        .as_ref()
        .map(|p| format!("edit-{}", p.id))
        .unwrap_or_else(|| "add".into());
    let name = RwSignal::new(person.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let role = RwSignal::new(
        person
            .as_ref()
            .map(|p| p.role_title.clone())
            .unwrap_or_default(),
    );
    let start = RwSignal::new(
        person
            .as_ref()
            .and_then(|p| p.start_date)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let original = person.clone();
    let done = on_done.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let today = state.today.get_untracked();
        let draft = PersonDraft {
            name: name.get_untracked(),
            role_title: role.get_untracked(),
            start_date: start.get_untracked(),
        };
        let others: Vec<String> = state.workspace.with_untracked(|w| {
            w.as_ref()
                .map(|w| {
                    w.active_people()
                        .into_iter()
                        .filter(|p| Some(&p.id) != original.as_ref().map(|o| &o.id))
                        .map(|p| p.name.clone())
                        .collect()
                })
                .unwrap_or_default()
        });
        let valid = match draft.validate(today, others.iter().map(|s| s.as_str())) {
            Ok(v) => v,
            Err(e) => return error.set(Some(e.to_string())),
        };
        let (p, what) = match &original {
            Some(o) => {
                let mut p = o.clone();
                p.name = valid.name;
                p.role_title = valid.role_title;
                p.start_date = valid.start_date;
                let what = format!("Edited {}", p.name);
                (p, what)
            }
            None => {
                let p = Person::new(new_id(), valid, today);
                let what = format!("Added {}", p.name);
                (p, what)
            }
        };
        match state.put_person(&p, &what) {
            Ok(()) => {
                state.notify(if original.is_some() {
                    format!("{} updated", p.name)
                } else {
                    format!("{} added to your team", p.name)
                });
                if original.is_none() {
                    name.set(String::new());
                    role.set(String::new());
                    start.set(String::new());
                }
                error.set(None);
                done();
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let cancel = on_done.clone();
    let err_id = format!("{prefix}-error");
    view! {
        <form
            class="person-form"
            on:submit=submit
            novalidate
            aria-label=if editing { "Edit person" } else { "Add a person" }
        >
            <div class="fields">
                <div class="field">
                    <label for=format!("{prefix}-name")>"Name"</label>
                    <input
                        id=format!("{prefix}-name")
                        type="text"
                        required
                        aria-describedby=err_id.clone()
                        prop:value=move || name.get()
                        on:input=move |ev| {
                            name.set(event_target_value(&ev));
                            error.set(None);
                        }
                    />
                </div>
                <div class="field">
                    <label for=format!("{prefix}-role")>"Role title"</label>
                    <input
                        id=format!("{prefix}-role")
                        type="text"
                        placeholder="e.g. Support engineer"
                        prop:value=move || role.get()
                        on:input=move |ev| role.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for=format!(
                        "{prefix}-start",
                    )>"Start date " <span class="muted">"(optional)"</span></label>
                    <input
                        id=format!("{prefix}-start")
                        type="date"
                        prop:value=move || start.get()
                        on:input=move |ev| {
                            start.set(event_target_value(&ev));
                            error.set(None);
                        }
                    />
                </div>
            </div>
            <p id=err_id class="field-error" role="alert">
                {move || error.get()}
            </p>
            <div class="form-actions">
                <button type="submit" class="primary">
                    {if editing { "Save" } else { "Add to team" }}
                </button>
                {editing
                    .then(|| {
                        view! {
                            <button type="button" class="ghost" on:click=move |_| cancel()>
                                "Cancel"
                            </button>
                        }
                    })}
            </div>
        </form>
    }
}

/// "My leader": the person I report to, if any.
#[component]
fn LeaderCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.profile.leader_name.clone())
                .unwrap_or_default()
        })
    });
    let draft = RwSignal::new(String::new());
    Effect::new(move |_| draft.set(current.get()));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = match clean_name(&draft.get_untracked(), false) {
            Ok(n) => n,
            Err(e) => return state.notify(e.to_string()),
        };
        let Some(mut profile) = state
            .workspace
            .with_untracked(|w| w.as_ref().map(|w| w.profile.clone()))
        else {
            return;
        };
        profile.leader_name = name.clone();
        match state.set_profile(&profile) {
            Ok(()) => state.notify(if name.is_empty() {
                "Leader removed".to_string()
            } else {
                format!("{name} saved as your leader")
            }),
            Err(e) => state.notify(e),
        }
    };
    view! {
        <div class="card">
            <h2>"My leader"</h2>
            <p class="muted">
                "If you report to someone, name them here. Leave it empty if you don't."
            </p>
            <form on:submit=save class="inline-form">
                <label for="leader-name" class="sr-only">
                    "My leader's name"
                </label>
                <input
                    id="leader-name"
                    type="text"
                    placeholder="Your leader's name"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                />
                <button type="submit" class="secondary">
                    "Save leader"
                </button>
            </form>
        </div>
    }
}
