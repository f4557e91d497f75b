//! The restore worker (see `rapport::state::restore_workers`): a third WebAssembly module, run
//! in as many Web Workers as the machine has cores while a backup is restored. Each checks and
//! summarises the backup entries it is handed, so the page stays responsive and the work is
//! shared between cores. It holds Automerge and the document types, not the page's code, and
//! is downloaded only when a restore starts.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(reply) = rapport::state::restore_workers::answer(&e.data()) {
                let _ = reply_to.post_message(&reply);
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // The page sends its first entry only after this (a message posted while the module is
    // still loading would be lost).
    let _ = scope.post_message(&JsValue::from_str(rapport::state::restore_workers::READY));
}
