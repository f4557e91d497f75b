//! Views. Each screen is a module named for what it shows; `widgets` holds the small shared
//! pieces (stat cards, charts, form fields).

mod backup;
mod dashboard;
mod development;
mod keyed;
mod later;
pub mod objectives;
mod one_on_ones;
mod passphrase;
pub mod performance;
mod route;
mod settings;
mod shared_doc;
mod sharing;
mod team;
mod today;
mod welcome;
pub mod widgets;

use leptos::prelude::*;

use crate::handoff::Handoff;
use crate::state::{AppState, Phase};
pub use route::Route;

/// The whole app (`rapport_app` module): every screen.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::start(crate::state::Extras::whole_app());
    provide_context(state);
    let route = route::use_hash_route();
    provide_context(route);
    let updates = crate::state::update::Updates::start();
    provide_context(updates);
    provide_context(crate::state::device::Device::load());

    let screen = move || match state.phase.get() {
        Phase::Welcome => view! { <welcome::Welcome restore=restore_form /> }.into_any(),
        Phase::Ready => view! { <Shell route=route screen=any_screen /> }.into_any(),
        other => phase_screen(other),
    };
    view! {
        <UpdateBanner />
        {screen}
    }
}

/// The Today module (`rapport` module, what a visit loads first): Today alone, from its
/// stored view, handing the page to the whole app for anything else (`crate::handoff`).
#[component]
pub fn TodayApp() -> impl IntoView {
    let route = route::use_hash_route();
    provide_context(route);
    let handoff = RwSignal::new(None::<Handoff>);
    provide_context(handoff);
    // Opened on another screen: hand over before opening storage at all.
    if route.get_untracked() != Route::Today {
        crate::handoff::to_whole_app(handoff);
        return view! {
            <main class="centered">
                <HandoffStatus />
            </main>
        }
        .into_any();
    }
    let state = crate::state::today_view::start();
    provide_context(state);
    let updates = crate::state::update::Updates::start();
    provide_context(updates);
    provide_context(crate::state::device::Device::load());
    // Another screen, what only the documents can show, or a check-in to store: the whole
    // app takes the page (Today stays meanwhile).
    Effect::new(move |_| {
        let elsewhere = route.with(|r| *r != Route::Today);
        let needs = state.phase.get() == Phase::NeedsApp;
        let waiting = state.save.unsaved.get() > 0;
        if elsewhere || needs || waiting {
            crate::handoff::to_whole_app(handoff);
        }
    });
    // Once Today is up, the whole app is downloaded and compiled in the background (the
    // service worker caches its files anyway), so the first thing it does opens sooner.
    // `prefetch` runs once per page, however often the page settles.
    Effect::new(move |_| {
        if matches!(state.phase.get(), Phase::Ready | Phase::Welcome) {
            set_timeout(crate::handoff::prefetch, PREFETCH_AFTER);
        }
    });
    let screen = move || match state.phase.get() {
        Phase::Welcome => {
            view! { <welcome::Welcome restore=handoff_restore on_restore=ask_restore /> }.into_any()
        }
        Phase::Ready => view! { <Shell route=route screen=today_screen /> }.into_any(),
        Phase::NeedsApp => view! {
            <main class="centered">
                <HandoffStatus />
            </main>
        }
        .into_any(),
        other => phase_screen(other),
    };
    view! {
        <UpdateBanner />
        {screen}
        <HandoffFailed />
    }
    .into_any()
}

/// The welcome's restore form (whole app).
fn restore_form() -> AnyView {
    view! { <backup::RestoreForm /> }.into_any()
}

/// The welcome's restore section in the Today module: the hand-off it starts when opened.
fn handoff_restore() -> AnyView {
    view! { <HandoffStatus /> }.into_any()
}

/// Opening the welcome's restore section in the Today module: the whole app restores.
fn ask_restore() {
    crate::handoff::ask_restore();
    retry_handoff();
}

/// How long the Today module waits, once its screen is up, before compiling the whole app in
/// the background: the first frames of Today come first.
const PREFETCH_AFTER: std::time::Duration = std::time::Duration::from_millis(500);

/// What the whole app shows in `<main>` for a route.
fn any_screen(route: Route) -> AnyView {
    match route {
        Route::Today => view! { <today::Today details=today::details /> }.into_any(),
        Route::Dashboard => view! { <dashboard::Dashboard /> }.into_any(),
        Route::Team => view! { <team::Team /> }.into_any(),
        Route::OneOnOnes => view! { <one_on_ones::OneOnOnes /> }.into_any(),
        Route::Series(id) => view! { <one_on_ones::Series doc_id=id /> }.into_any(),
        Route::Growth => view! { <development::Growth /> }.into_any(),
        Route::Plan(id) => view! { <development::Plan doc_id=id /> }.into_any(),
        Route::Reviews => view! { <performance::Reviews /> }.into_any(),
        Route::Review(id) => view! { <performance::PlanPage doc_id=id /> }.into_any(),
        Route::Objectives => view! { <objectives::Objectives /> }.into_any(),
        Route::TeamObjectives(id) => view! { <objectives::TeamPage doc_id=id /> }.into_any(),
        Route::Meeting(id) => view! { <objectives::MeetingMode doc_id=id /> }.into_any(),
        Route::Sharing => view! { <sharing::Sharing /> }.into_any(),
        Route::Settings => view! { <settings::Settings /> }.into_any(),
    }
}

/// What the Today module shows in `<main>`: Today, or the hand-off to the whole app.
fn today_screen(route: Route) -> AnyView {
    match route {
        Route::Today => view! { <today::Today /> }.into_any(),
        _ => view! { <HandoffStatus /> }.into_any(),
    }
}

/// The screens before the workspace is open (or when storage cannot be opened).
fn phase_screen(phase: Phase) -> AnyView {
    match phase {
        Phase::Failed(msg) => view! {
            <main class="centered">
                <div class="card error-card" role="alert">
                    <h1>"Rapport can't open its storage"</h1>
                    <p>{msg}</p>
                </div>
            </main>
        }
        .into_any(),
        _ => view! {
            <main class="centered">
                <p class="muted" role="status">
                    "Opening your data…"
                </p>
            </main>
        }
        .into_any(),
    }
}

/// The hand-off in `<main>`: saving, then opening; or why the rest of the app did not come.
#[component]
fn HandoffStatus() -> impl IntoView {
    let handoff = expect_context::<RwSignal<Option<Handoff>>>();
    move || match handoff.get() {
        Some(Handoff::Failed(reason)) => view! {
            <div class="card error-card" role="alert">
                <h1>"This screen could not open"</h1>
                <p>{reason}</p>
                <p class="actions">
                    <button class="primary" on:click=move |_| retry_handoff()>
                        "Try again"
                    </button>
                    <a class="button secondary" href=Route::Today.href()>
                        "Back to Today"
                    </a>
                </p>
            </div>
        }
        .into_any(),
        _ => view! {
            <p class="muted handoff" role="status">
                "Opening…"
            </p>
        }
        .into_any(),
    }
}

/// A failed hand-off asked again.
fn retry_handoff() {
    let handoff = expect_context::<RwSignal<Option<Handoff>>>();
    crate::handoff::to_whole_app(handoff);
}

/// On Today, a hand-off that failed (offline before the service worker had the whole app)
/// says so: a check-in logged meanwhile is kept in this browser and stored once it opens.
#[component]
fn HandoffFailed() -> impl IntoView {
    let handoff = expect_context::<RwSignal<Option<Handoff>>>();
    let route = expect_context::<RwSignal<Route>>();
    let state = expect_context::<AppState>();
    move || {
        let reason = match handoff.get() {
            Some(Handoff::Failed(r)) if route.get() == Route::Today => r,
            _ => return None,
        };
        let kept = (state.save.unsaved.get() > 0)
            .then_some(" Check-ins you logged are kept in this browser and saved once it opens.");
        (state.phase.get() == Phase::Ready).then(|| {
            view! {
                <div class="banner error" role="alert">
                    <span>{reason} {kept}</span>
                    <button class="primary" on:click=move |_| retry_handoff()>
                        "Try again"
                    </button>
                </div>
            }
        })
    }
}

/// "A new version is available": shown once a newer build waits (R8.3); reloading runs it.
#[component]
fn UpdateBanner() -> impl IntoView {
    let updates = expect_context::<crate::state::update::Updates>();
    view! {
        <Show when=move || updates.available.get()>
            <div class="banner update" role="status">
                <span>"A new version of Rapport is available."</span>
                <button class="primary" on:click=move |_| updates.apply()>
                    "Reload"
                </button>
            </div>
        </Show>
    }
}

/// The header, banners and `<main>` around every screen; `screen` draws the route (the whole
/// app's every screen, or the Today module's one).
#[component]
fn Shell(route: RwSignal<Route>, screen: fn(Route) -> AnyView) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Taking over from the Today module: focus goes back where it was (a check-in button
    // pressed), or to the content, as after any navigation (`route::use_hash_route`).
    if crate::handoff::handed_off() {
        Effect::new(move |_| route::restore_focus_after_handoff());
    }
    let name = move || {
        state.workspace.with(|w| {
            w.as_ref()
                .map(|w| w.profile.name.clone())
                .unwrap_or_default()
        })
    };
    let nav_item = move |r: Route| {
        let target = r.section();
        let current = Memo::new(move |_| route.with(|now| now.section() == target));
        view! {
            <a
                href=r.href()
                class:active=current
                aria-current=move || current.get().then_some("page")
            >
                {r.label()}
            </a>
        }
    };
    view! {
        <a class="skip" href="#main">
            "Skip to content"
        </a>
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true">
                    "◆"
                </span>
                " Rapport"
            </div>
            <nav aria-label="Main">
                {nav_item(Route::Today)} {nav_item(Route::Dashboard)} {nav_item(Route::Team)}
                {nav_item(Route::OneOnOnes)} {nav_item(Route::Objectives)} {nav_item(Route::Growth)}
                {nav_item(Route::Reviews)} {nav_item(Route::Sharing)} {nav_item(Route::Settings)}
            </nav>
            <div class="who" title="Your profile">
                {name}
            </div>
        </header>
        <widgets::SaveBanner />
        <BackupReminder />
        <main id="main" tabindex="-1">
            {move || screen(route.get())}
        </main>
        <widgets::Toast />
    }
}

/// R8.2: a reminder when this browser's last backup is older than the days chosen in
/// Settings (a browser may clear data it was not allowed to keep).
#[component]
fn BackupReminder() -> impl IntoView {
    let device = expect_context::<crate::state::device::Device>();
    // Settings, scrolled to the backup form (hash routes cannot carry an anchor).
    let show_backup = || {
        route::go(&Route::Settings);
        set_timeout(
            || {
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("backup-card"))
                {
                    el.scroll_into_view();
                }
            },
            std::time::Duration::from_millis(50),
        );
    };
    view! {
        {move || {
            device
                .reminder_due()
                .map(|age| {
                    let text = match age {
                        Some(d) => format!("Your last backup from this browser is {d} days old."),
                        None => "You have not made a backup from this browser yet.".to_string(),
                    };
                    view! {
                        <div class="banner reminder no-print" role="status">
                            <span>
                                {text}
                                " Your data lives only in this browser: keep an encrypted backup somewhere safe."
                            </span>
                            <span class="banner-actions">
                                <button
                                    type="button"
                                    class="secondary"
                                    on:click=move |_| show_backup()
                                >
                                    "Back up now"
                                </button>
                                <button
                                    type="button"
                                    class="ghost"
                                    on:click=move |_| device.snooze()
                                >
                                    "Remind me tomorrow"
                                </button>
                            </span>
                        </div>
                    }
                })
        }}
    }
}
