//! Rapport, the browser app: Leptos views (`ui`) over app state (`state`) over browser storage
//! (`storage`), with all rules and document logic in `rapport_core`.

pub mod handoff;
pub mod page;
pub mod perf;
pub mod state;
pub mod storage;
pub mod ui;
pub mod worker;

/// The whole app (`rapport_app` module, `src/bin/rapport_app.rs`): mounts every screen on
/// `<body>`; the app registers the service worker (`state::update`).
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ui::App);
}

/// The Today module (`rapport`, what `index.html` loads): mounts Today on `<body>` and hands
/// the page to the whole app for anything else (`handoff`).
pub fn start_today() {
    console_error_panic_hook::set_once();
    let body = leptos::prelude::document()
        .body()
        .expect("a page has a body");
    handoff::keep_mounted(leptos::mount::mount_to(body, ui::TodayApp));
}
