//! First run: create the private workspace. One person can lead a team and have a leader, so
//! no role is asked for here.

use leptos::prelude::*;

use rapport_core::domain::person::{clean_name, PersonError};

use crate::state::AppState;

/// `restore` draws the restore form: the whole app's, or, in the Today module (which carries
/// no restore code), the hand-off that opening the section starts (`on_restore`). The whole
/// app then shows the section open.
#[component]
pub fn Welcome(
    restore: fn() -> AnyView,
    #[prop(optional)] on_restore: Option<fn()>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = match clean_name(&name.get_untracked(), true) {
            Ok(n) => n,
            Err(PersonError::MissingName) => {
                return error.set(Some(
                    "Enter your name: it shows on what you share with your team.".into(),
                ))
            }
            Err(e) => return error.set(Some(e.to_string())),
        };
        state.create_workspace(n);
    };
    view! {
        <main class="welcome">
            <div class="card welcome-card">
                <div class="brand big">
                    <span class="logo" aria-hidden="true">
                        "◆"
                    </span>
                    " Rapport"
                </div>
                <h1>"Lead with daily connection, clear goals and honest reviews."</h1>
                <p class="lede">
                    "Rapport keeps your check-ins, 1:1s and plans in this browser only. There is no server and no account: "
                    "what you share with a team member travels in a file you send them."
                </p>
                <form on:submit=submit novalidate>
                    <label for="welcome-name">"Your name"</label>
                    <input
                        id="welcome-name"
                        type="text"
                        autocomplete="name"
                        required
                        aria-describedby="welcome-help welcome-error"
                        prop:value=move || name.get()
                        on:input=move |ev| {
                            name.set(event_target_value(&ev));
                            error.set(None);
                        }
                    />
                    <p id="welcome-help" class="help">
                        "You can add the people you lead, and your own leader, next."
                    </p>
                    <p id="welcome-error" class="field-error" role="alert">
                        {move || error.get()}
                    </p>
                    <button type="submit" class="primary">
                        "Create my workspace"
                    </button>
                </form>
                <details
                    class="restore-first"
                    open=crate::handoff::restore_asked()
                    on:toggle=move |ev| {
                        use wasm_bindgen::JsCast;
                        let opened = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                            .is_some_and(|d| d.open());
                        if let (true, Some(f)) = (opened, on_restore) {
                            f();
                        }
                    }
                >
                    <summary>"Moving from another browser? Restore a backup"</summary>
                    {restore()}
                </details>
            </div>
        </main>
    }
}
