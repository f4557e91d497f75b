//! The leader's dashboard (R6.1), lived through four weeks with a controllable clock: a leader
//! with three people connects with them less and less; on the fourth Wednesday the dashboard
//! shows the right numbers and what needs attention, and each item leads to its record.
#![cfg(not(target_arch = "wasm32"))]

use rapport_e2e::app::{add_person, create_profile, saved};
use rapport_e2e::{Browser, StaticServer};

async fn check_in(b: &Browser, name: &str) {
    b.goto("/#/today").await;
    b.click(&format!("button[aria-label='Log check-in with {name}']"))
        .await;
    b.wait_for_text(".today-item.done", name).await;
}

#[tokio::test]
async fn a_leader_sees_the_right_numbers_and_follows_an_item_to_its_record() {
    let _server = StaticServer::start_dist();
    let b = Browser::launch("dashboard").await;
    b.goto("/").await;
    // Wednesday 4 November 2026: the team starts.
    b.set_clock("2026-11-04T09:00").await;
    create_profile(&b, "Lea Leader").await;
    // Nobody on the team yet: once everything is read, the dashboard says where to start (it
    // says "Reading…" until then, never "nothing" while it is still reading).
    b.goto("/#/dashboard").await;
    b.wait_for_text(
        "section.dashboard[data-complete] .empty",
        "Nothing to show yet",
    )
    .await;
    assert_eq!(b.count("section.dashboard [role='status']").await, 0);
    assert_eq!(b.count("[aria-label='Team trends']").await, 0);
    for name in ["Ada Lovelace", "Bo Builder", "Cy Coder"] {
        add_person(&b, name, "Engineer").await;
        check_in(&b, name).await;
    }
    b.goto("/#/one-on-ones").await;
    b.click("button[aria-label='Start 1:1 series with Ada Lovelace']")
        .await;
    b.wait_for_text("h1", "1:1s with Ada Lovelace").await;
    saved(&b).await;

    // The following Wednesdays: fewer people each week.
    b.set_clock("2026-11-11T09:00").await;
    check_in(&b, "Ada Lovelace").await;
    check_in(&b, "Bo Builder").await;
    saved(&b).await;
    b.set_clock("2026-11-18T09:00").await;
    check_in(&b, "Ada Lovelace").await;
    saved(&b).await;
    b.set_clock("2026-11-25T09:00").await;
    check_in(&b, "Ada Lovelace").await;
    saved(&b).await;

    b.goto("/#/dashboard").await;
    b.wait_for_text("h1", "Dashboard").await;
    let attention = b
        .wait_for_text("ul[aria-label='Needs attention today']", "Cy Coder")
        .await;
    let items = attention.text().await.unwrap_or_default();
    // Cy: last seen 4 November, 15 working days since; Bo: 11 November, 10 days.
    let lines: Vec<&str> = items.lines().collect();
    assert_eq!(
        lines,
        vec![
            "Cy Coder: no check-in for 15 working days",
            "Bo Builder: no check-in for 10 working days",
            "1:1 with Ada Lovelace is due: none held yet",
            "1:1 with Bo Builder is due: none held yet",
            "1:1 with Cy Coder is due: none held yet",
        ],
        "{items}"
    );
    // This week (19–25 November, 5 working days × 3 people): one check-in, 7 %.
    let coverage = b.text(".trend-card:first-child .stat-value").await;
    assert_eq!(coverage, "7 %");
    assert!(b
        .text(".trend-card:first-child")
        .await
        .contains("streak 0 days"));
    // The chart has a text alternative and its data on demand.
    let alt = b
        .prop(".trend-card:first-child svg", "ariaLabel")
        .await
        .unwrap_or_default();
    assert!(alt.starts_with("Connection coverage: 7 % now"), "{alt}");
    // One row per person, Cy flagged.
    b.wait_for_count("table.people-figures > tbody > tr", 3)
        .await;
    b.wait_for_text("table.people-figures > tbody > tr.flagged", "Cy Coder")
        .await;
    b.wait_for_text("table.people-figures", "15 working days without")
        .await;
    b.set_viewport(1280, 800).await;
    b.screenshot("dashboard-1280.png").await;
    b.execute("document.querySelector('table.people-figures').scrollIntoView(); return true;")
        .await;
    b.screenshot("dashboard-people-1280.png").await;
    b.execute("window.scrollTo(0, 0); return true;").await;
    b.set_viewport(390, 844).await;
    b.screenshot("dashboard-390.png").await;
    b.set_viewport(1280, 800).await;

    // Drill down: the 1:1 item leads to Ada's series.
    b.click_link("1:1 with Ada Lovelace is due").await;
    b.wait_for_text("h1", "1:1s with Ada Lovelace").await;
    // The connection item leads to Today, where Cy is waiting.
    b.goto("/#/dashboard").await;
    b.click_link("Cy Coder: no check-in").await;
    b.wait_for("button[aria-label='Log check-in with Cy Coder']")
        .await;

    // Opened afresh, the dashboard reads Ada's series from its summary beside the chunks
    // (issue 14): the same items, every row complete, and no 1:1 document loaded at all.
    b.goto("/#/dashboard").await;
    b.reload().await;
    b.wait_for("section.dashboard[data-complete] ul[aria-label='Needs attention today']")
        .await;
    let again = b.text("ul[aria-label='Needs attention today']").await;
    assert_eq!(again, items, "the same items from the summary");
    assert_eq!(b.count("table.people-figures [aria-busy]").await, 0);
    let loaded = b
        .execute("return performance.getEntriesByName('rapport:automerge-load:one-on-one').length;")
        .await;
    assert_eq!(
        loaded, 0,
        "the series was read from its summary, not loaded"
    );
    b.close().await;
}
