//! The passphrase worker (see `rapport::state::passphrase`): a separate WebAssembly module,
//! run in a Web Worker, holding zxcvbn's dictionaries and the word list, so neither weighs on
//! the app's first download nor blocks the page. A restore also runs copies of it to check and
//! summarise the backup's documents in parallel (`rapport::state::restore_workers`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            // Passphrase requests are JSON strings; a restore's are arrays with a document.
            let reply = match data.as_string() {
                Some(request) => {
                    rapport::state::passphrase::answer(&request).map(|r| JsValue::from_str(&r))
                }
                None => rapport::state::restore_workers::answer(&data),
            };
            if let Some(reply) = reply {
                let _ = reply_to.post_message(&reply);
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // The page holds its requests until now (see `READY`).
    let _ = scope.post_message(&JsValue::from_str(rapport::state::passphrase::READY));
}
