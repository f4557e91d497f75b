//! Hash routing (`#/today`, `#/team` …). Hash URLs work from any static host and from the
//! offline cache without server-side fallbacks (R8.3), which a path router would need.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Today,
    Team,
    Settings,
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        match hash.trim_start_matches('#').trim_start_matches('/') {
            "team" => Route::Team,
            "settings" => Route::Settings,
            _ => Route::Today,
        }
    }

    pub fn href(self) -> &'static str {
        match self {
            Route::Today => "#/today",
            Route::Team => "#/team",
            Route::Settings => "#/settings",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Route::Today => "Today",
            Route::Team => "Team",
            Route::Settings => "Settings",
        }
    }

    /// The top-level section a route belongs to (for the active nav item).
    pub fn section(self) -> Route {
        self
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The current route as a signal that follows `hashchange`.
pub fn use_hash_route() -> RwSignal<Route> {
    let route = RwSignal::new(Route::parse(&current_hash()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        route.set(Route::parse(&current_hash()));
        // Move focus to the new content so keyboard and screen-reader users land on it.
        if let Some(main) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
        {
            use wasm_bindgen::JsCast;
            if let Ok(el) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
    on_cleanup(move || handle.remove());
    route
}
