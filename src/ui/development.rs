//! Development plans (Goal 5). Being written: see the helper's report.

use leptos::prelude::*;

#[component]
pub fn Growth() -> impl IntoView {
    view! { <section class="page"><h1>"Growth"</h1></section> }
}

#[component]
pub fn Plan(doc_id: String) -> impl IntoView {
    view! { <section class="page"><h1>{doc_id}</h1></section> }
}
