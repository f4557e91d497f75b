//! Drawing a heavy page in pieces (issue 11: the page never freezes for more than 100 ms). A
//! page whose sections together take longer than that to build wraps the lower ones in
//! [`Later`]: each is built in a task of its own, in order, and the browser paints and answers
//! clicks between them. The pieces follow within a frame or two, so nobody sees them arrive.

use leptos::prelude::*;

use crate::state::tick::next_tick;

/// Builds its children in a later task than the page around it (a `MessageChannel` tick, so a
/// tab in the background is not held back by timer throttling).
#[component]
pub fn Later(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        next_tick().await;
        // The page may have been left meanwhile.
        ready.try_set(true);
    });
    move || ready.get().then(|| children())
}
