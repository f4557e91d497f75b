//! The passphrase field used wherever a passphrase is chosen (a first sync file, a backup):
//! offers a generated passphrase by default, rates what is typed, and says how to do better.
//! The work happens in the passphrase worker (`state::passphrase`), so typing never stutters.

use leptos::prelude::*;

use crate::state::passphrase::{self, Verdict};

/// `value` holds the passphrase; `verdict` the latest strength estimate of exactly that value
/// (`None` while it is being rated), which the form checks before using it.
#[component]
pub fn PassphraseChoice(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    verdict: RwSignal<Option<Verdict>>,
    /// Names an attacker would try first (the people involved).
    context: Vec<String>,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let context = StoredValue::new(context);
    // Each estimate answers for the text it was asked about; a later keystroke supersedes it.
    let rate = move |text: String| {
        verdict.set(None);
        leptos::task::spawn_local(async move {
            let result = passphrase::estimate(&text, &context.get_value()).await;
            if value.get_untracked() != text {
                return;
            }
            match result {
                Ok(v) => {
                    problem.set(None);
                    verdict.set(Some(v));
                }
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    let suggest = move || {
        let before = value.get_untracked();
        leptos::task::spawn_local(async move {
            match passphrase::generate().await {
                // Never overwrite what the person typed while the suggestion was on its way.
                Ok(p) if value.get_untracked() == before => {
                    value.set(p.clone());
                    rate(p);
                }
                Ok(_) => {}
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    // Offered by default: a generated passphrase is both the easiest and the strongest choice.
    if value.get_untracked().is_empty() {
        suggest();
    }
    let strength_id = format!("{id}-strength");
    view! {
        <div class="field passphrase-choice">
            <label for=id>{label}</label>
            // Visible text: a generated passphrase must be read out or written down.
            <input
                id=id
                type="text"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || value.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    value.set(text.clone());
                    rate(text);
                }
            />
            <p class="help" id=strength_id aria-live="polite">
                {move || match (verdict.get(), problem.get()) {
                    (_, Some(p)) => p,
                    (None, None) => "Checking strength…".to_string(),
                    (Some(v), None) if v.acceptable => {
                        format!("Strength: {} (about {} bits).", v.label, v.bits)
                    }
                    (Some(v), None) => {
                        format!(
                            "Strength: {} (about {} bits). {}",
                            v.label,
                            v.bits,
                            v.advice.unwrap_or_default(),
                        )
                    }
                }}
            </p>
            <button
                type="button"
                class="ghost"
                id=format!("{id}-suggest")
                on:click=move |_| suggest()
            >
                "Suggest another passphrase"
            </button>
        </div>
    }
}

/// Why the chosen passphrase cannot be used yet, if it cannot.
pub fn not_ready(verdict: Option<Verdict>) -> Option<String> {
    match verdict {
        None => {
            Some("The passphrase's strength is still being checked; try again in a moment.".into())
        }
        Some(v) if !v.acceptable => Some(crate::state::passphrase::weak_message(&v)),
        Some(_) => None,
    }
}
