//! The passphrase worker (see `rapport::state::passphrase`): a separate WebAssembly module,
//! run in a Web Worker, holding zxcvbn's dictionaries and the word list, so neither weighs on
//! the app's first download nor blocks the page.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(request) = e.data().as_string() else {
                return;
            };
            if let Some(reply) = rapport::state::passphrase::answer(&request) {
                let _ = reply_to.post_message(&JsValue::from_str(&reply));
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // The page holds its requests until now (see `READY`).
    let _ = scope.post_message(&JsValue::from_str(rapport::state::passphrase::READY));
}
