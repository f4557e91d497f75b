//! Hash routing (`#/today`, `#/one-on-ones/<id>` …). Hash URLs work from any static host and
//! from the offline cache without server-side fallbacks (R8.3), which a path router would need.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Today,
    /// The practices at a glance (R6.1): attention list, trends, people, my own view.
    Dashboard,
    Team,
    OneOnOnes,
    Series(String),
    /// Development plans (Goal 5): mine, my team's, and the bench view.
    Growth,
    Plan(String),
    /// Performance plans and reviews (Goal 4): mine, and my team's.
    Reviews,
    Review(String),
    /// Team objectives and the metrics meeting (Goal 2): my team's, and the teams I am on.
    Objectives,
    TeamObjectives(String),
    /// Meeting mode of a team's metrics meeting.
    Meeting(String),
    Sharing,
    Settings,
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.splitn(2, '/');
        match (parts.next().unwrap_or(""), parts.next()) {
            ("team", _) => Route::Team,
            ("dashboard", _) => Route::Dashboard,
            ("one-on-ones", Some(id)) if !id.is_empty() => Route::Series(id.to_string()),
            ("one-on-ones", _) => Route::OneOnOnes,
            ("growth", Some(id)) if !id.is_empty() => Route::Plan(id.to_string()),
            ("growth", _) => Route::Growth,
            ("reviews", Some(id)) if !id.is_empty() => Route::Review(id.to_string()),
            ("reviews", _) => Route::Reviews,
            ("objectives", Some(rest)) if !rest.is_empty() => match rest.split_once('/') {
                Some((id, "meeting")) if !id.is_empty() => Route::Meeting(id.to_string()),
                _ => Route::TeamObjectives(rest.trim_end_matches('/').to_string()),
            },
            ("objectives", _) => Route::Objectives,
            ("sharing", _) => Route::Sharing,
            ("settings", _) => Route::Settings,
            _ => Route::Today,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Today => "#/today".into(),
            Route::Dashboard => "#/dashboard".into(),
            Route::Team => "#/team".into(),
            Route::OneOnOnes => "#/one-on-ones".into(),
            Route::Series(id) => format!("#/one-on-ones/{id}"),
            Route::Growth => "#/growth".into(),
            Route::Plan(id) => format!("#/growth/{id}"),
            Route::Reviews => "#/reviews".into(),
            Route::Review(id) => format!("#/reviews/{id}"),
            Route::Objectives => "#/objectives".into(),
            Route::TeamObjectives(id) => format!("#/objectives/{id}"),
            Route::Meeting(id) => format!("#/objectives/{id}/meeting"),
            Route::Sharing => "#/sharing".into(),
            Route::Settings => "#/settings".into(),
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Route::Today => "Today",
            Route::Dashboard => "Dashboard",
            Route::Team => "Team",
            Route::OneOnOnes | Route::Series(_) => "1:1s",
            Route::Growth | Route::Plan(_) => "Growth",
            Route::Reviews | Route::Review(_) => "Reviews",
            Route::Objectives | Route::TeamObjectives(_) | Route::Meeting(_) => "Objectives",
            Route::Sharing => "Sharing",
            Route::Settings => "Settings",
        }
    }

    /// The top-level section a route belongs to (for the active nav item).
    pub fn section(&self) -> Route {
        match self {
            Route::Series(_) => Route::OneOnOnes,
            Route::Plan(_) => Route::Growth,
            Route::Review(_) => Route::Reviews,
            Route::TeamObjectives(_) | Route::Meeting(_) => Route::Objectives,
            r => r.clone(),
        }
    }
}

impl Route {
    /// Where a shared document of `kind` is shown.
    pub fn for_doc(kind: rapport_core::domain::DocKind, id: String) -> Route {
        match kind {
            rapport_core::domain::DocKind::DevelopmentPlan => Route::Plan(id),
            rapport_core::domain::DocKind::PerformancePlan => Route::Review(id),
            rapport_core::domain::DocKind::TeamObjectives => Route::TeamObjectives(id),
            _ => Route::Series(id),
        }
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Navigates to a route (updates the hash; the listener below does the rest).
pub fn go(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&route.href());
    }
}

/// Moves focus to the new content so keyboard and screen-reader users land on it.
pub fn focus_main() {
    if let Some(main) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
    {
        use wasm_bindgen::JsCast;
        if let Ok(el) = main.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// Focus after the whole app took over from the Today module: back on the control that had
/// it there (the same accessible name: a check-in button pressed with the keyboard), or on
/// the content, as after any navigation (the link that was clicked went with its view).
pub fn restore_focus_after_handoff() {
    let Some(label) = crate::handoff::take_focus_label() else {
        return focus_main();
    };
    // After Today's rows are drawn.
    set_timeout(
        move || {
            use wasm_bindgen::JsCast;
            let target = document()
                .query_selector_all("[aria-label]")
                .ok()
                .and_then(|all| {
                    (0..all.length())
                        .filter_map(|i| all.item(i))
                        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
                        .find(|e| e.get_attribute("aria-label").as_deref() == Some(&label))
                });
            match target {
                Some(el) => {
                    let _ = el.focus();
                }
                None => focus_main(),
            }
        },
        std::time::Duration::from_millis(50),
    );
}

/// The current route as a signal that follows `hashchange`.
pub fn use_hash_route() -> RwSignal<Route> {
    let route = RwSignal::new(Route::parse(&current_hash()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        route.set(Route::parse(&current_hash()));
        focus_main();
    });
    on_cleanup(move || handle.remove());
    route
}
