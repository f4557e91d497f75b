//! The message loop of the app's Web Workers (`src/bin/passphrase_worker.rs`,
//! `src/bin/restore_worker.rs`): each request is answered by one message, and the worker
//! announces itself once its module runs, since a message posted to it while its WebAssembly
//! is still loading would be lost.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Answers every message with `answer`'s reply (none for a message it does not read), after
/// posting `ready`.
pub fn serve(answer: impl Fn(JsValue) -> Option<JsValue> + 'static, ready: &str) {
    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(reply) = answer(e.data()) {
                let _ = reply_to.post_message(&reply);
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(ready));
}
