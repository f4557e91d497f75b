//! Browser tests (headless Chromium): components render accessible, correct markup.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use rapport::ui::widgets::{RatioBars, StatCard};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

/// Lets Leptos run its scheduled effects (they run after the current task).
async fn tick() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
async fn stat_card_shows_label_value_and_warning_state() {
    let root = container();
    let value = RwSignal::new("1 of 3".to_string());
    let warn = RwSignal::new(false);
    let v: Signal<String> = value.into();
    let w: Signal<bool> = warn.into();
    let _handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <StatCard label="Connected today" value=v warn=w/> },
    );
    let text = root.text_content().unwrap();
    assert!(
        text.contains("Connected today") && text.contains("1 of 3"),
        "{text}"
    );
    assert!(root.query_selector(".stat.warn").unwrap().is_none());
    value.set("3 of 3".into());
    warn.set(true);
    tick().await;
    assert!(root.text_content().unwrap().contains("3 of 3"));
    assert!(root.query_selector(".stat.warn").unwrap().is_some());
}

#[wasm_bindgen_test]
fn ratio_bars_have_a_text_alternative_and_one_bar_per_day() {
    let root = container();
    let bars = RwSignal::new(vec![
        ("1 Nov".to_string(), Some(1.0)),
        ("2 Nov".to_string(), Some(0.5)),
        ("3 Nov".to_string(), None),
    ]);
    let b: Signal<Vec<(String, Option<f64>)>> = bars.into();
    let _handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <RatioBars title="Coverage" bars=b/> },
    );
    assert_eq!(root.query_selector_all("rect.bar").unwrap().length(), 3);
    assert_eq!(root.query_selector_all("rect.full").unwrap().length(), 1);
    let svg = root.query_selector("svg").unwrap().unwrap();
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    let label = svg.get_attribute("aria-label").unwrap();
    assert!(label.contains("Average 75 %"), "{label}");
}
