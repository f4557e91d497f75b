//! The service worker (public/sw.js) and new versions of the app (R8.3).
//!
//! The worker serves every file of one build from its own cache. When a newer build is
//! deployed, the browser installs its worker beside the running one, where it waits; this
//! module notices the waiting worker and sets [`Updates::available`], the shell shows "A new
//! version is available — Reload", and [`Updates::apply`] tells the waiting worker to take
//! over. The page reloads once the new worker controls it, so old and new files never mix.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

/// How often an open app asks the host whether a new version was deployed.
const CHECK_EVERY_MS: i32 = 15 * 60 * 1000;

#[derive(Clone, Copy)]
pub struct Updates {
    /// A newer build is installed and waiting for the person to reload.
    pub available: RwSignal<bool>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
}

impl Updates {
    /// Registers the service worker relative to the page (so any sub-path works) and starts
    /// watching for new versions. Failure only means no offline mode (e.g. a page opened from
    /// file://), so it is logged, not shown.
    pub fn start() -> Updates {
        let updates = Updates {
            available: RwSignal::new(false),
            registration: StoredValue::new_local(None),
        };
        let Some(window) = web_sys::window() else {
            return updates;
        };
        let container = window.navigator().service_worker();
        // A page that was already controlled when it opened is a returning visit: a change
        // of controller then means a new version took over, and this page (whose files are
        // the old version's) must reload; so must a page that has seen a new version waiting
        // (this tab or another clicked "Reload"). On the first visit the worker claims the
        // page without anything to reload.
        let had_controller = container.controller().is_some();
        let available = updates.available;
        let on_change = Closure::<dyn FnMut()>::new(move || {
            if had_controller || available.get_untracked() {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
        });
        container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget();
        let promise = container.register("./sw.js");
        wasm_bindgen_futures::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(reg) => {
                    let reg: ServiceWorkerRegistration = reg.unchecked_into();
                    updates.watch(&reg);
                    updates.registration.set_value(Some(reg));
                }
                Err(e) => web_sys::console::warn_2(&"offline mode unavailable:".into(), &e),
            }
        });
        updates
    }

    fn watch(self, reg: &ServiceWorkerRegistration) {
        let has_controller = || {
            web_sys::window()
                .map(|w| w.navigator().service_worker().controller().is_some())
                .unwrap_or(false)
        };
        // Already waiting (installed while the app was closed, or in another tab).
        if reg.waiting().is_some() && has_controller() {
            self.available.set(true);
        }
        let reg2 = reg.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            let Some(sw) = reg2.installing() else { return };
            let sw2 = sw.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if sw2.state() == ServiceWorkerState::Installed && has_controller() {
                    self.available.set(true);
                }
            });
            sw.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
        // Ask now and then whether a new version was deployed (the browser also checks on
        // every navigation), and whenever the app comes back to the foreground.
        let reg3 = reg.clone();
        let check = Closure::<dyn FnMut()>::new(move || {
            if let Ok(p) = reg3.update() {
                // Offline or a host hiccup: the next check tries again.
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                });
            }
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(
                check.as_ref().unchecked_ref(),
                CHECK_EVERY_MS,
            );
            if let Some(doc) = w.document() {
                let _ = doc.add_event_listener_with_callback(
                    "visibilitychange",
                    check.as_ref().unchecked_ref(),
                );
            }
        }
        check.forget();
    }

    /// Lets the waiting version take over; the page reloads when it does.
    pub fn apply(&self) {
        let waiting: Option<ServiceWorker> = self
            .registration
            .with_value(|r| r.as_ref().and_then(|r| r.waiting()));
        match waiting {
            Some(sw) => {
                let _ = sw.post_message(&JsValue::from_str("skip-waiting"));
            }
            None => {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
        }
    }
}
