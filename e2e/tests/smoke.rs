//! The built app loads in a real browser. Needs `dist/` (scripts/build.sh) or RAPPORT_DIST.
#![cfg(not(target_arch = "wasm32"))]

use rapport_e2e::{Browser, StaticServer};

#[tokio::test]
async fn app_loads_with_its_title() {
    let _server = StaticServer::start_dist();
    let browser = Browser::launch("smoke").await;
    browser.goto("/").await;
    browser.wait_for("body").await;
    let title = browser.client().title().await.expect("page title");
    assert!(title.contains("Rapport"), "page title is {title:?}");
    browser.close().await;
}
