//! Rapport, the browser app: Leptos views (`ui`) over app state (`state`) over browser storage
//! (`storage`), with all rules and document logic in `rapport_core`.

pub mod perf;
pub mod state;
pub mod storage;
pub mod ui;
pub mod worker;

/// Mounts the app on `<body>`; the app registers the service worker (`state::update`).
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ui::App);
}
