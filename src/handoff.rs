//! The app ships as two wasm modules, so that a visit downloads only what Today needs before
//! Today answers (issue 11: the first visit's download):
//!
//! - **`rapport`** (`src/main.rs`, [`crate::start_today`]): Today alone, with the app's header
//!   and banners, drawn from a stored view of the workspace and its check-ins
//!   (`state::today_view`): no Automerge, no document. It is what `index.html` loads.
//! - **`rapport_app`** (`src/bin/rapport_app.rs`, [`crate::start`]): every screen, Today
//!   included, over the documents. It is fetched for anything the Today module does not do:
//!   another screen, a check-in's details, restoring a backup, creating a workspace, or
//!   whenever the stored view does not describe the store (missing, stale, another tab's
//!   change, another day).
//!
//! The hand-off ([`to_whole_app`]) loses nothing: the Today module writes no document, and a
//! check-in logged in it is kept in localStorage at once (`state::pending`) for the whole app
//! to store. The whole app's module is fetched and compiled (or taken from [`prefetch`], which
//! compiles it in the background once Today is up); if that fails (offline before the service
//! worker cached it), Today stays, with the reason. Once it has arrived, the Today module
//! unmounts its view, closes its storage connection and tab channel, and starts the whole
//! app, which opens storage itself, stores what was kept for it and shows the screen the
//! address names.
//!
//! The second module is a Trunk "worker" build (`data-type="worker"` in `index.html`): that
//! makes Trunk emit it as a plain script (wasm-bindgen's `no-modules` output, fixed file names,
//! no `<link rel=preload>`), which is exactly what a module loaded on demand needs. It runs on
//! the page, not in a worker.

use std::cell::{Cell, RefCell};

use leptos::mount::UnmountHandle;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The whole app's script and module, beside `index.html` (relative: any sub-path works).
const APP_JS: &str = "./rapport_app.js";
const APP_WASM: &str = "./rapport_app_bg.wasm";

/// Where a hand-off stands; the Today module shows it in place of its screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Handoff {
    /// The whole app is being fetched.
    Loading,
    /// The whole app could not be fetched: Today stays, and says why.
    Failed(String),
}

/// The mounted Today view: the hand-off unmounts it. A concrete type would name the view's
/// whole type, so it is kept type-erased.
type Mounted = Box<dyn std::any::Any>;

thread_local! {
    static MOUNTED: RefCell<Option<Mounted>> = const { RefCell::new(None) };
    static STARTED: Cell<bool> = const { Cell::new(false) };
    static COMPILED: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

/// Keeps the Today module's mounted view until a hand-off unmounts it.
pub fn keep_mounted<M: leptos::tachys::view::Mountable + 'static>(handle: UnmountHandle<M>) {
    MOUNTED.with(|m| *m.borrow_mut() = Some(Box::new(handle)));
}

/// Hands the page to the whole app (once; later calls do nothing); `progress` shows how it
/// goes. The Today module has nothing unsaved to wait for: it writes no document, and a
/// check-in logged in it is already kept for the whole app (`state::pending`).
pub fn to_whole_app(progress: RwSignal<Option<Handoff>>) {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    leptos::task::spawn_local(async move {
        crate::perf::mark("rapport:handoff");
        progress.set(Some(Handoff::Loading));
        let span = crate::perf::start("rapport:handoff-compile");
        let module = match compiled_app().await {
            Ok(r) => r,
            Err(e) => {
                STARTED.with(|s| s.set(false));
                progress.set(Some(Handoff::Failed(e)));
                return;
            }
        };
        span.end();
        // From here the Today module lets go: nothing of it may run against the whole app's
        // storage (its tab channel would take the whole app's saves for another tab's).
        crate::state::today_view::close();
        remember_focus();
        MOUNTED.with(|m| m.borrow_mut().take());
        mark_handed_off();
        if let Err(e) = start_app(module).await {
            show_fatal(&e);
        }
    });
}

/// Loads the whole app's script (once per page) and compiles its module: a promise of the
/// `WebAssembly.Module`.
const COMPILE_JS: &str = concat!(
    "const w = window;",
    "w.__rapportAppScript = w.__rapportAppScript || new Promise((ok, no) => {",
    "  const s = document.createElement('script'); s.src = js; s.onload = () => ok();",
    "  s.onerror = () => { s.remove(); w.__rapportAppScript = null; no(new Error(js)); };",
    "  document.head.appendChild(s);",
    "});",
    "return w.__rapportAppScript",
    "  .then(() => fetch(wasm))",
    "  .then(r => {",
    "    if (!r.ok) throw new Error(wasm + ': ' + r.status);",
    "    return WebAssembly.compileStreaming(r).catch(() =>",
    "      fetch(wasm).then(r => r.arrayBuffer()).then(b => WebAssembly.compile(b)));",
    "  })",
    "  .then(m => { w.rapportAppCompiled = true; return m; });",
);

/// The whole app, compiled: started by [`prefetch`] or by the hand-off itself.
fn compile_app() -> js_sys::Promise {
    // The script is loaded once per page (a failed load is forgotten, so a retry loads it
    // again). The module is compiled while it downloads; a host that does not serve
    // `application/wasm` gets the plain compile. `rapportAppCompiled` tells the benchmark.
    let compile = js_sys::Function::new_with_args("js, wasm", COMPILE_JS);
    match compile.call2(&JsValue::NULL, &APP_JS.into(), &APP_WASM.into()) {
        Ok(p) => p.unchecked_into(),
        Err(e) => js_sys::Promise::reject(&e),
    }
}

/// Downloads and compiles the whole app in the background (the Today module calls it once
/// Today has settled), so that the first other screen only has to start it. Nothing runs;
/// a failure is forgotten and the hand-off tries again.
pub fn prefetch() {
    if STARTED.with(|s| s.get()) || COMPILED.with(|c| c.borrow().is_some()) {
        return;
    }
    crate::perf::mark("rapport:prefetch");
    COMPILED.with(|c| *c.borrow_mut() = Some(compile_app()));
}

/// The whole app's compiled module: the prefetched one, or compiled now.
async fn compiled_app() -> Result<JsValue, String> {
    let offline = "The rest of Rapport could not be downloaded. Check your connection and try again: nothing you entered here is lost.";
    if let Some(p) = COMPILED.with(|c| c.borrow_mut().take()) {
        if let Ok(module) = JsFuture::from(p).await {
            return Ok(module);
        }
    }
    JsFuture::from(compile_app())
        .await
        .map_err(|_| offline.to_string())
}

/// Tells the whole app it takes over a page (it then moves focus to its content, where the
/// link that was clicked has gone).
fn mark_handed_off() {
    crate::page::set("rapportHandedOff", true);
}

const FOCUS: &str = "rapportFocusLabel";

/// Notes the accessible name of the control that has focus (a check-in button pressed with the
/// keyboard), unless the details were asked for (they take focus themselves).
fn remember_focus() {
    if crate::page::has(DETAILS) {
        return;
    }
    let label = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.get_attribute("aria-label"));
    if let Some(label) = label {
        crate::page::set(FOCUS, label);
    }
}

/// The accessible name of the control that had focus when the Today module let go, taken
/// (the whole app puts focus back on its own control of that name).
pub fn take_focus_label() -> Option<String> {
    crate::page::take(FOCUS)
}

/// Whether this page was handed over by the Today module (read by the whole app).
pub fn handed_off() -> bool {
    crate::page::flag("rapportHandedOff")
}

/// Today's details of `person_id` were asked for in the Today module: the whole app shows
/// them open.
pub fn ask_details(person_id: &str) {
    crate::page::set(DETAILS, person_id);
}

/// The person whose details the Today module asked for, taken (the whole app's Today).
pub fn take_details() -> Option<String> {
    crate::page::take(DETAILS)
}

const DETAILS: &str = "rapportDetailsAsked";

/// The welcome's restore section was opened in the Today module: the whole app shows it open.
pub fn ask_restore() {
    crate::page::set("rapportRestoreAsked", true);
}

/// Whether the whole app's welcome opens on its restore section ([`ask_restore`]).
pub fn restore_asked() -> bool {
    crate::page::flag("rapportRestoreAsked")
}

/// Starts the compiled whole app: its `main` mounts it on the page.
async fn start_app(module: JsValue) -> Result<(), String> {
    let init =
        js_sys::Function::new_with_args("wasm", "return wasm_bindgen({ module_or_path: wasm });");
    let promise: js_sys::Promise = init
        .call1(&JsValue::NULL, &module)
        .map_err(describe)?
        .unchecked_into();
    JsFuture::from(promise).await.map_err(describe)?;
    Ok(())
}

fn describe(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// The Today view is gone and the whole app did not start: a plain message, written without
/// Leptos (whose view this module has just unmounted).
fn show_fatal(reason: &str) {
    web_sys::console::error_1(&format!("the app could not start: {reason}").into());
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let main = body
        .owner_document()
        .and_then(|d| d.create_element("main").ok());
    if let Some(main) = main {
        main.set_class_name("centered");
        main.set_inner_html(
            "<div class=\"card error-card\" role=\"alert\"><h1>Rapport could not start</h1>\
             <p>Your data is saved in this browser. Reload the page to try again.</p></div>",
        );
        let _ = body.append_child(&main);
    }
}
