//! What the two page modules share besides storage (`crate::handoff`): values set on the
//! page's `window` by the Today module and read by the whole app it hands the page to, and
//! this browser's localStorage.

use wasm_bindgen::JsValue;

/// Sets `name` on the page's `window` to `value`.
pub fn set(name: &str, value: impl Into<JsValue>) {
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &name.into(), &value.into());
    }
}

/// Whether `name` is set on the page's `window` (to anything).
pub fn has(name: &str) -> bool {
    web_sys::window().is_some_and(|w| js_sys::Reflect::has(&w, &name.into()).unwrap_or(false))
}

/// Whether `name` is set to a truthy value.
pub fn flag(name: &str) -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &name.into()).ok())
        .is_some_and(|v| v.is_truthy())
}

/// The text `name` is set to, removed from the page (read once).
pub fn take(name: &str) -> Option<String> {
    let w = web_sys::window()?;
    let v = js_sys::Reflect::get(&w, &name.into()).ok()?.as_string();
    let _ = js_sys::Reflect::delete_property(&w, &name.into());
    v
}

/// This browser's localStorage, when it allows it.
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}
