//! Issue: foundation. A leader sets up a profile and a team, logs check-ins, and finds
//! everything again after a reload, a browser restart, and in a second tab (R1.1, R1.2, R8.1,
//! R8.4). Runs against the release build in dist/.
#![cfg(not(target_arch = "wasm32"))]

use rapport_e2e::app::{add_person, create_profile, saved};
use rapport_e2e::{Browser, StaticServer, TempDir};

#[tokio::test]
async fn profile_team_and_checkins_survive_reload_and_restart() {
    let _server = StaticServer::start_dist();
    let profile = TempDir::new("leader-profile");
    let b = Browser::launch_with_profile("daily", profile.path()).await;
    create_profile(&b, "Lea Martin").await;
    add_person(&b, "Ada Lovelace", "Analyst").await;
    add_person(&b, "Grace Hopper", "Engineer").await;

    // Validation: a duplicate name is refused with a message that says what to do.
    b.fill("#add-name", "ada lovelace").await;
    b.click_button("Add to team").await;
    b.wait_for_text("#add-error", "already on your team").await;

    b.goto("/#/today").await;
    b.wait_for_text(".stats", "0 of 2").await;
    b.click("button[aria-label='Log check-in with Ada Lovelace']")
        .await;
    b.wait_for_text(".stats", "1 of 2").await;
    b.wait_for_text(".today-item.done", "Ada Lovelace").await;

    // A check-in with details, and a private personal-context note (R1.2, R1.3).
    b.click("button[aria-label='Details and notes for Grace Hopper']")
        .await;
    let details = "form[aria-label='Check-in details for Grace Hopper']";
    b.wait_for(details).await;
    b.select(&format!("{details} select"), "call").await;
    b.fill(&format!("{details} input[type=number]"), "8").await;
    b.fill(
        &format!("{details} input[type=text]"),
        "Talked about the release",
    )
    .await;
    b.click(&format!("{details} button[type=submit]")).await;
    b.wait_for_text(".stats", "2 of 2").await;
    b.wait_for_text(".recent", "Talked about the release").await;
    let context = "textarea[id^='ctx-']";
    b.fill(context, "Training for a marathon; ask about the race")
        .await;
    saved(&b).await;
    b.screenshot("daily-today.png").await;

    b.reload().await;
    b.wait_for_text(".stats", "2 of 2").await;
    b.wait_for_text(".today-list", "Ada Lovelace").await;
    b.wait_for_text(".today-list", "Grace Hopper").await;
    b.close().await;

    // A browser restart on the same profile: everything is still there.
    let b = Browser::launch_with_profile("daily-restart", profile.path()).await;
    b.goto("/#/today").await;
    b.wait_for_text(".stats", "2 of 2").await;
    b.click("button[aria-label='Details and notes for Grace Hopper']")
        .await;
    b.wait_for_text(".recent", "Talked about the release").await;
    let kept = b.prop(context, "value").await.unwrap_or_default();
    assert_eq!(kept, "Training for a marathon; ask about the race");
    b.close().await;
}

#[tokio::test]
async fn two_tabs_see_each_others_edits_without_reload() {
    let _server = StaticServer::start_dist();
    let b = Browser::launch("tabs").await;
    create_profile(&b, "Lea Martin").await;
    add_person(&b, "Ada Lovelace", "Analyst").await;
    saved(&b).await;

    let second = b.new_tab_with("/#/team").await;
    b.wait_for_text("ul[aria-label='My team']", "Ada Lovelace")
        .await;
    b.fill("#add-name", "Alan Turing").await;
    b.click_button("Add to team").await;
    b.wait_for_text("ul[aria-label='My team']", "Alan Turing")
        .await;
    saved(&b).await;

    // The first tab shows the person added in the second, without a reload (R8.4).
    b.switch_to_tab(0).await;
    b.wait_for_text("ul[aria-label='My team']", "Alan Turing")
        .await;
    // And an edit made here reaches the other tab; neither overwrites the other.
    b.goto("/#/today").await;
    b.click("button[aria-label='Log check-in with Ada Lovelace']")
        .await;
    b.wait_for_text(".stats", "1 of 2").await;
    saved(&b).await;
    b.switch_to_tab(second).await;
    b.goto("/#/today").await;
    b.wait_for_text(".stats", "1 of 2").await;
    b.wait_for_text(".today-list", "Alan Turing").await;
    b.close().await;
}

#[tokio::test]
async fn works_offline_after_the_first_visit() {
    let server = StaticServer::start_dist();
    let b = Browser::launch("offline").await;
    create_profile(&b, "Lea Martin").await;
    add_person(&b, "Ada Lovelace", "Analyst").await;
    saved(&b).await;
    // Wait until the service worker controls the page (R8.3), then load every asset once more
    // through it.
    for _ in 0..50 {
        let ready = b
            .execute("return !!(navigator.serviceWorker && navigator.serviceWorker.controller)")
            .await;
        if ready.as_bool() == Some(true) {
            break;
        }
        b.reload().await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    b.reload().await;
    b.wait_for_text(".topbar .who", "Lea Martin").await;

    drop(server); // the static host is gone
    b.reload().await;
    b.goto("/#/team").await;
    b.wait_for_text("ul[aria-label='My team']", "Ada Lovelace")
        .await;
    b.close().await;
}
