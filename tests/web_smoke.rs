//! Proves the browser-test pipeline works: wasm-bindgen-test-runner + chromedriver +
//! headless Chromium, with real DOM and localStorage (not Node).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn local_storage_round_trip() {
    let window = web_sys::window().expect("running in a browser window");
    let storage = window
        .local_storage()
        .expect("localStorage is accessible")
        .expect("localStorage exists");
    let key = "rapport.web_smoke";
    storage.set_item(key, "héllo ✓").expect("setItem");
    assert_eq!(
        storage.get_item(key).expect("getItem").as_deref(),
        Some("héllo ✓")
    );
    storage.remove_item(key).expect("removeItem");
    assert_eq!(storage.get_item(key).expect("getItem"), None);
}

#[wasm_bindgen_test]
fn has_a_document_body() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    assert!(document.body().is_some(), "the test page has a <body>");
}
