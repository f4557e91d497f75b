//! Issue 11: a visit downloads only what Today needs before Today answers. Today is its own
//! module, drawn from a stored view without Automerge; anything else (another screen, the
//! details, a check-in to store) fetches the whole app and the page is handed over
//! (`src/handoff.rs`) without losing a check-in. When the rest of the app cannot be
//! downloaded, Today stays, says why, and loses nothing. Runs against the release build in
//! dist/.
#![cfg(not(target_arch = "wasm32"))]

use rapport_e2e::app::{add_person, create_profile, saved};
use rapport_e2e::{Browser, StaticServer};
use serde_json::json;

const CONTEXT: &str = "textarea[id^='ctx-']";

/// The wasm modules this page has fetched so far, by file name.
async fn modules_fetched(b: &Browser) -> Vec<String> {
    modules_fetched_before_prefetch(b, false).await
}

/// The wasm modules this page fetched, all of them or only those asked for before the Today
/// module's background prefetch of the whole app (mark `rapport:prefetch`, two seconds after
/// the page settled; none if it has not run).
async fn modules_fetched_before_prefetch(b: &Browser, before: bool) -> Vec<String> {
    let v = b
        .execute(&format!(
            "const p = performance.getEntriesByName('rapport:prefetch')[0]; const until = {before} && p ? p.startTime : Infinity; \
             return performance.getEntriesByType('resource').filter(e => e.startTime < until).map(e => e.name.split('/').pop()).filter(n => n.endsWith('.wasm'));"
        ))
        .await;
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect()
}

/// A leader's profile with Ada on the team, everything stored.
async fn leader_with_ada(name: &str) -> Browser {
    let b = Browser::launch(name).await;
    create_profile(&b, "Lea Martin").await;
    add_person(&b, "Ada Lovelace", "Analyst").await;
    saved(&b).await;
    b
}

/// The whole app's files cannot be fetched (offline before they were cached): the network
/// refuses them and the service worker is bypassed.
async fn block_whole_app(b: &Browser) {
    b.cdp("Network.enable", json!({})).await;
    b.cdp("Network.setBypassServiceWorker", json!({ "bypass": true }))
        .await;
    b.cdp(
        "Network.setBlockedURLs",
        json!({ "urls": ["*rapport_app*"] }),
    )
    .await;
}

fn has_whole_app(modules: &[String]) -> bool {
    modules.iter().any(|m| m.starts_with("rapport_app"))
}

/// How many Automerge documents this page has loaded (the app's User Timing measures).
async fn automerge_loads(b: &Browser) -> u64 {
    b.execute(
        "return performance.getEntriesByType('measure').filter(e => e.name.startsWith('rapport:automerge-load')).length;",
    )
    .await
    .as_u64()
    .unwrap_or(0)
}

#[tokio::test]
async fn today_loads_alone_and_hands_over_what_was_just_entered() {
    let _server = StaticServer::start_dist();
    let b = Browser::launch("first-visit").await;
    // A new visitor's welcome needs only the Today module; creating the workspace is the
    // whole app's (it writes the first document).
    b.goto("/").await;
    b.wait_for("#welcome-name").await;
    let modules = modules_fetched_before_prefetch(&b, true).await;
    assert!(
        !has_whole_app(&modules),
        "the welcome needs only the Today module: {modules:?}"
    );
    create_profile(&b, "Lea Martin").await;
    add_person(&b, "Ada Lovelace", "Analyst").await;
    saved(&b).await;

    // A new page on Today: the Today module alone, drawn from the stored view without
    // loading a single Automerge document.
    b.goto("about:blank").await;
    b.goto("/#/today").await;
    b.wait_for_text(".stats", "0 of 1").await;
    let modules = modules_fetched_before_prefetch(&b, true).await;
    assert!(
        modules.iter().any(|m| m.starts_with("rapport-")),
        "Today runs the Today module: {modules:?}"
    );
    assert!(
        !has_whole_app(&modules),
        "Today must not fetch the whole app: {modules:?}"
    );
    assert_eq!(automerge_loads(&b).await, 0, "Today loads no document");

    // A check-in, with the keyboard: kept at once, shown as logged; the whole app takes the
    // page, stores it, and puts focus back on the same button.
    b.wait_for("button[aria-label='Log check-in with Ada Lovelace']")
        .await
        .send_keys("\u{E007}")
        .await
        .expect("press Enter on the check-in button");
    b.wait_for_text(".stats", "1 of 1").await;
    b.poll_value_js("return String(!!window.rapportHandedOff);", |v| v == "true")
        .await;
    b.poll_value_js(
        "return (document.activeElement && document.activeElement.getAttribute('aria-label')) || '';",
        |v| v == "Log another" || v == "Log check-in with Ada Lovelace",
    )
    .await;
    saved(&b).await;
    b.wait_for_text(".stats", "1 of 1").await;

    // A new page shows it from the view stored with its save, still without a document.
    b.goto("about:blank").await;
    b.goto("/#/today").await;
    b.wait_for_text(".stats", "1 of 1").await;
    assert_eq!(automerge_loads(&b).await, 0, "Today from its view again");
    assert!(!has_whole_app(
        &modules_fetched_before_prefetch(&b, true).await
    ));
    b.screenshot("first-visit-today-from-view.png").await;

    // "Details" there: the whole app shows them open, focus in them.
    b.click("button[aria-label='Details and notes for Ada Lovelace']")
        .await;
    b.wait_for(CONTEXT).await;
    assert!(
        has_whole_app(&modules_fetched(&b).await),
        "the details come with the whole app"
    );
    let focused = b
        .poll_value_js(
            "return (document.activeElement && document.activeElement.id) || '';",
            |v| v.ends_with("-channel"),
        )
        .await;
    assert!(
        focused.starts_with("ci-"),
        "focus in the details: {focused}"
    );
    b.screenshot("first-visit-details-after-handoff.png").await;
    // A note typed, and at once another screen.
    let typed = "Back from parental leave on Monday";
    b.wait_for(CONTEXT)
        .await
        .send_keys(typed)
        .await
        .expect("type the note");
    b.click_link("Dashboard").await;
    b.wait_for_text("h1", "Dashboard").await;
    // Nothing of the Today module ran on after it let go (a disposed signal read by a timer
    // or a listener would panic).
    let errors: Vec<String> = b
        .console_log()
        .await
        .into_iter()
        .filter(|l| l.starts_with("SEVERE") || l.contains("panicked"))
        .collect();
    assert!(
        errors.is_empty(),
        "console errors after the hand-off: {errors:?}"
    );

    // The note is kept, and Today from the view again.
    b.click_link("Today").await;
    b.wait_for_text(".stats", "1 of 1").await;
    saved(&b).await;
    b.reload().await;
    b.wait_for_text(".stats", "1 of 1").await;
    assert_eq!(automerge_loads(&b).await, 0, "Today from its view again");
    b.click("button[aria-label='Details and notes for Ada Lovelace']")
        .await;
    let kept = b.poll_value(CONTEXT, |v| v == typed).await;
    assert_eq!(kept, typed);
    b.close().await;
}

#[tokio::test]
async fn a_check_in_logged_before_the_whole_app_arrives_is_kept_until_it_is_stored() {
    let _server = StaticServer::start_dist();
    let b = leader_with_ada("first-visit-pending").await;
    // The whole app cannot come: the check-in waits in this browser, shown as logged.
    block_whole_app(&b).await;
    b.goto("about:blank").await;
    b.goto("/#/today").await;
    b.wait_for_text(".stats", "0 of 1").await;
    b.click("button[aria-label='Log check-in with Ada Lovelace']")
        .await;
    b.wait_for_text("[role=alert]", "kept in this browser")
        .await;
    b.wait_for_text(".stats", "1 of 1").await;
    b.wait_for_text(".save-state", "Saving").await;
    b.screenshot("first-visit-checkin-kept.png").await;
    // The page closed; the next one (the network back) stores it and forgets it.
    b.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await;
    b.goto("about:blank").await;
    b.goto("/#/today").await;
    b.wait_for_text(".stats", "1 of 1").await;
    saved(&b).await;
    let left = b
        .poll_value_js(
            "return localStorage.getItem('rapport.pendingCheckIns') === null ? 'none' : 'some';",
            |v| v == "none",
        )
        .await;
    assert_eq!(left, "none", "a stored check-in is no longer kept apart");
    // Stored once: a new page shows one check-in, not two.
    b.goto("about:blank").await;
    b.goto("/#/today").await;
    b.wait_for_text(".stats", "1 of 1").await;
    b.click("button[aria-label='Details and notes for Ada Lovelace']")
        .await;
    b.wait_for(CONTEXT).await;
    let recent = b
        .execute("return document.querySelectorAll('.recent li').length;")
        .await;
    assert_eq!(recent, json!(1), "one check-in stored");
    b.close().await;
}

#[tokio::test]
async fn once_today_has_settled_the_whole_app_is_compiled_in_the_background() {
    let _server = StaticServer::start_dist();
    let b = leader_with_ada("first-visit-prefetch").await;
    b.goto("about:blank").await;
    b.goto("/#/today").await;
    b.wait_for_text(".stats", "0 of 1").await;
    // Staying on Today: the whole app arrives by itself, and nothing of it runs.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !has_whole_app(&modules_fetched(&b).await) {
        assert!(
            std::time::Instant::now() < deadline,
            "the whole app was not prefetched"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(
        b.execute("return !!window.rapportHandedOff;").await,
        json!(false),
        "a prefetch starts nothing"
    );
    b.click("button[aria-label='Log check-in with Ada Lovelace']")
        .await;
    b.wait_for_text(".stats", "1 of 1").await;
    // The first other screen starts the module compiled meanwhile.
    b.click_link("Team").await;
    b.wait_for_text("ul[aria-label='My team']", "Ada Lovelace")
        .await;
    b.click_link("Today").await;
    b.wait_for_text(".stats", "1 of 1").await;
    b.close().await;
}

#[tokio::test]
async fn a_screen_opened_by_its_address_comes_with_the_whole_app() {
    let _server = StaticServer::start_dist();
    let b = leader_with_ada("first-visit-address").await;
    b.goto("about:blank").await;
    b.goto("/#/team").await;
    b.wait_for_text("ul[aria-label='My team']", "Ada Lovelace")
        .await;
    assert!(has_whole_app(&modules_fetched(&b).await));
    b.close().await;
}

#[tokio::test]
async fn without_the_rest_of_the_app_today_stays_and_says_why() {
    let _server = StaticServer::start_dist();
    let b = leader_with_ada("first-visit-offline").await;

    // The whole app's files cannot be fetched (offline before they were cached).
    block_whole_app(&b).await;
    b.goto("about:blank").await;
    b.goto("/#/today").await;
    b.wait_for_text(".stats", "0 of 1").await;
    b.click("button[aria-label='Log check-in with Ada Lovelace']")
        .await;
    b.click_link("Team").await;
    let alert = b
        .wait_for_text("[role=alert]", "could not be downloaded")
        .await;
    let text = alert.text().await.unwrap_or_default();
    assert!(text.contains("nothing you entered here is lost"), "{text}");
    b.screenshot("first-visit-offline.png").await;

    // Back to Today: the check-in is there. Once the network is back, "Try again" works.
    b.click_link("Back to Today").await;
    b.wait_for_text(".stats", "1 of 1").await;
    b.click_link("Team").await;
    b.wait_for_text("[role=alert]", "could not be downloaded")
        .await;
    b.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await;
    b.click_button("Try again").await;
    b.wait_for_text("ul[aria-label='My team']", "Ada Lovelace")
        .await;
    b.click_link("Today").await;
    b.wait_for_text(".stats", "1 of 1").await;
    b.close().await;
}
