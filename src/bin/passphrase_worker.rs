//! The passphrase worker (see `rapport::state::passphrase`): a separate WebAssembly module,
//! run in a Web Worker, holding zxcvbn's dictionaries and the word list, so neither weighs on
//! the app's first download nor blocks the page.

use rapport::state::passphrase;
use wasm_bindgen::JsValue;

fn main() {
    // Requests are JSON strings (`passphrase::Request`), answered in kind.
    rapport::worker::serve(
        |data| {
            let reply = passphrase::answer(&data.as_string()?)?;
            Some(JsValue::from_str(&reply))
        },
        passphrase::READY,
    );
}
