//! Rapport, the browser app: Leptos views (`ui`) over app state (`state`) over browser storage
//! (`storage`), with all rules and document logic in `rapport_core`.

pub mod perf;
pub mod state;
pub mod storage;
pub mod ui;

/// Mounts the app on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ui::App);
    register_service_worker();
}

/// Works offline after the first visit (R8.3). Failure only means no offline mode (e.g. a
/// page opened from file://), so it is logged, not shown.
fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let promise = container.register("./sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
            web_sys::console::warn_2(&"offline mode unavailable:".into(), &e);
        }
    });
}
