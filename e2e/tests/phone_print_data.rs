//! Issue 15: a 1:1 series between two browsers, then what a person does with it beyond the
//! screen: every screen on a 390 px phone (navigation in reach, nothing covered), the series
//! printed, the planned 1:1 added to a calendar, the whole workspace exported as JSON (the
//! same content as the screens), the series downloaded as `.automerge` and imported again as
//! a new, separate document, and the Settings explanation and reminder about backups.
#![cfg(not(target_arch = "wasm32"))]

use rapport_e2e::app::{
    add_person, confirm_import, create_profile, export_sync_file, open_sync_file, saved,
    set_input_value,
};
use rapport_e2e::{Browser, StaticServer};

const PASSPHRASE: &str = "orange kettle seven maps";

/// At a phone's width: every section of the navigation is on screen and tappable, nothing
/// fixed covers the page's content, and nothing overflows sideways.
async fn check_phone_screen(b: &Browser, label: &str) {
    b.execute("window.scrollTo(0, 0); return 1;").await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    b.screenshot(format!("phone-390-{label}.png")).await;
    let report = b
        .execute(
            r#"
            const vw = window.innerWidth, vh = window.innerHeight;
            const links = [...document.querySelectorAll('.topbar nav a')].map(a => {
              const r = a.getBoundingClientRect();
              return { text: a.textContent, ok: r.left >= 0 && r.right <= vw + 0.5 && r.top >= 0 && r.bottom <= vh + 0.5 && r.width >= 40 && r.height >= 40 && a.scrollWidth <= a.clientWidth };
            });
            const save = document.querySelector('.save-state');
            const saveFixed = save ? getComputedStyle(save).position === 'fixed' : false;
            // Scrolled to the end, the last content sits above the tab bar.
            window.scrollTo(0, document.documentElement.scrollHeight);
            const nav = document.querySelector('.topbar nav').getBoundingClientRect();
            const main = document.querySelector('main');
            const last = main.lastElementChild ? main.lastElementChild.getBoundingClientRect() : { bottom: 0 };
            return { vw, links, saveFixed, navTop: nav.top, lastBottom: last.bottom,
                     overflow: document.documentElement.scrollWidth - vw };
            "#,
        )
        .await;
    assert_eq!(report["vw"], 390, "{report}");
    let links = report["links"].as_array().expect("links");
    assert_eq!(links.len(), 9, "{report}");
    for l in links {
        assert_eq!(
            l["ok"], true,
            "{label}: nav link not fully on screen: {report}"
        );
    }
    assert_eq!(report["saveFixed"], false, "{label}: {report}");
    assert!(
        report["lastBottom"].as_f64().unwrap() <= report["navTop"].as_f64().unwrap() + 0.5,
        "{label}: the tab bar covers the end of the page: {report}"
    );
    assert!(
        report["overflow"].as_f64().unwrap() <= 0.5,
        "{label}: the page scrolls sideways: {report}"
    );
    b.execute("window.scrollTo(0, 0); return 1;").await;
}

/// With print media: no navigation, button or form is shown, and `content` (what the
/// document holds) is.
async fn check_print(b: &Browser, shot: &str, content: &str) {
    b.emulate_print(true).await;
    let hidden = b
        .execute(&format!(
            r#"
            const shown = el => el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
            return {{
              nav: shown(document.querySelector('.topbar')),
              buttons: [...document.querySelectorAll('button')].filter(shown).map(b => b.textContent),
              forms: [...document.querySelectorAll('form')].filter(shown).length,
              content: shown(document.querySelector("{content}")),
            }};
            "#
        ))
        .await;
    assert_eq!(hidden["nav"], false, "{shot}: {hidden}");
    assert_eq!(hidden["buttons"], serde_json::json!([]), "{shot}: {hidden}");
    assert_eq!(hidden["forms"], 0, "{shot}: {hidden}");
    assert_eq!(hidden["content"], true, "{shot}: {hidden}");
    b.screenshot(shot).await;
    b.emulate_print(false).await;
}

#[tokio::test]
async fn a_series_on_a_phone_printed_in_a_calendar_and_exported() {
    let _server = StaticServer::start_dist();
    let lea = Browser::launch("leader").await;
    let eli = Browser::launch("employee").await;
    create_profile(&lea, "Lea Leader").await;
    create_profile(&eli, "Eli Employee").await;
    add_person(&lea, "Eli Employee", "Data engineer").await;
    lea.goto("/#/one-on-ones").await;
    lea.click("button[aria-label='Start 1:1 series with Eli Employee']")
        .await;
    lea.wait_for_text("h1", "1:1s with Eli Employee").await;
    let first = export_sync_file(&lea, Some(PASSPHRASE)).await;
    open_sync_file(&eli, &first, Some(PASSPHRASE)).await;
    confirm_import(&eli, "1:1s with").await;
    eli.wait_for_text("h1", "1:1s with Lea Leader").await;
    set_input_value(&eli, "#propose-when", "2026-12-03T10:00").await;
    eli.click_button("Propose 1:1").await;
    eli.wait_for_text(".meeting h2", "Thursday 3 December 2026, 10:00")
        .await;
    eli.fill(
        "input[placeholder='Add a topic']",
        "Career: move towards data engineering",
    )
    .await;
    eli.click_button("Add topic").await;
    eli.wait_for_text(".topic-list", "Career: move towards data engineering")
        .await;
    eli.fill("textarea[id$='-connection']", "Good week, moving flat soon")
        .await;
    saved(&eli).await;
    let series_url = eli.current_url().await;

    // Calendar: the planned 1:1 as an event with both names, the agenda link and a reminder.
    eli.click_button("Add to calendar").await;
    let ics = std::fs::read_to_string(eli.wait_for_download(".ics").await).expect("ics");
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("Lea Leader") && unfolded.contains("Eli Employee"),
        "{ics}"
    );
    assert!(unfolded.contains("DTSTART:20261203T100000"), "{ics}");
    assert!(unfolded.contains("TRIGGER:-PT120M"), "{ics}");
    assert!(unfolded.contains("#/one-on-ones/"), "{ics}");
    assert!(
        unfolded.contains("Career: move towards data engineering"),
        "{ics}"
    );
    let uid = unfolded
        .lines()
        .find(|l| l.starts_with("UID:"))
        .expect("UID")
        .to_string();
    eli.click_button("Add to calendar").await;
    let again = std::fs::read_to_string(eli.wait_for_download(".ics").await).expect("ics");
    assert!(
        again.replace("\r\n ", "").contains(&uid),
        "same UID on a second download"
    );

    // Phone: every screen at 390 px.
    eli.set_viewport(390, 844).await;
    for (route, label, heading) in [
        ("/#/today", "today", "Today"),
        ("/#/dashboard", "dashboard", "Dashboard"),
        ("/#/team", "team", "Team"),
        ("/#/one-on-ones", "one-on-ones", "1:1s"),
        ("/#/growth", "growth", "Growth"),
        ("/#/sharing", "sharing", "Sharing"),
        ("/#/settings", "settings", "Settings"),
    ] {
        eli.goto(route).await;
        eli.wait_for_text("h1", heading).await;
        check_phone_screen(&eli, label).await;
    }
    eli.goto(&series_url).await;
    eli.wait_for_text("h1", "1:1s with Lea Leader").await;
    check_phone_screen(&eli, "series").await;
    // The tab bar is tappable: Settings is one tap away.
    eli.click(".topbar nav a[href='#/settings']").await;
    eli.wait_for_text("h1", "Settings").await;

    // The leader between meetings: Today on the phone, a check-in in one tap.
    lea.set_viewport(390, 844).await;
    lea.goto("/#/today").await;
    lea.wait_for_text("h1", "Today").await;
    lea.click("button[aria-label='Log check-in with Eli Employee']")
        .await;
    saved(&lea).await;
    check_phone_screen(&lea, "today-leader").await;
    lea.goto("/#/team").await;
    lea.wait_for_text("h1", "Team").await;
    check_phone_screen(&lea, "team-leader").await;

    // Print: the series without navigation, buttons or forms.
    eli.set_viewport(1024, 1400).await;
    eli.goto(&series_url).await;
    eli.wait_for_text("h1", "1:1s with Lea Leader").await;
    check_print(&eli, "print-one-on-one.png", "textarea[id$='-connection']").await;

    // A development plan prints the same way.
    eli.goto("/#/team").await;
    eli.fill("#leader-name", "Lea Leader").await;
    eli.click_button("Save leader").await;
    saved(&eli).await;
    eli.goto("/#/growth").await;
    eli.click_button("Start my plan").await;
    eli.wait_for_text("h1", "My development plan").await;
    eli.fill("#new-goal-title", "Lead a data migration").await;
    eli.fill(
        "#new-goal-desc",
        "From the old warehouse to the new platform",
    )
    .await;
    eli.click_button("Add goal").await;
    eli.wait_for_text(".goals .goal h4", "Lead a data migration")
        .await;
    saved(&eli).await;
    check_print(&eli, "print-development-plan.png", ".goals .goal h4").await;

    // Your data: the whole workspace as JSON, the same content the screens show.
    eli.goto("/#/settings").await;
    eli.click_button("Download all as JSON").await;
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(eli.wait_for_download(".json").await).expect("json"),
    )
    .expect("valid JSON");
    assert_eq!(json["format"], "rapport-export");
    assert_eq!(json["workspace"]["profile"]["name"], "Eli Employee");
    assert!(json["workspace"].get("identity_secret").is_none());
    let text = json.to_string();
    assert!(!text.contains("secret"), "no secret key in the JSON export");
    let docs = json["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 2, "the 1:1 series and the plan: {json}");
    let plan = docs
        .iter()
        .find(|d| d["kind"] == "development-plan")
        .expect("the plan");
    assert!(plan["content"]["goals"]
        .as_object()
        .unwrap()
        .values()
        .any(|g| g["title"] == "Lead a data migration"));
    let docs: Vec<_> = docs.iter().filter(|d| d["kind"] == "one-on-one").collect();
    let meetings = docs[0]["content"]["meetings"]
        .as_object()
        .expect("meetings");
    let m = meetings.values().next().expect("a meeting");
    assert_eq!(m["scheduled_for"], "2026-12-03T10:00");
    assert_eq!(m["sections"]["connection"], "Good week, moving flat soon");
    assert!(m["topics"]
        .as_object()
        .unwrap()
        .values()
        .any(|t| t["text"] == "Career: move towards data engineering"));
    let series_id = docs[0]["id"].as_str().unwrap().to_string();

    // The private workspace as .automerge only after the warning is acknowledged.
    eli.click(".workspace-automerge summary").await;
    eli.wait_for_text(".workspace-automerge", "secret keys")
        .await;
    assert_eq!(
        eli.prop(".workspace-automerge button", "disabled")
            .await
            .as_deref(),
        Some("true")
    );
    eli.click("#workspace-automerge-ok").await;
    eli.click_button("Download workspace .automerge").await;
    let ws_file = eli.wait_for_download(".automerge").await;
    assert!(std::fs::metadata(&ws_file).expect("file").len() > 0);

    // .automerge: download the series, import it: a new, separate document.
    eli.goto(&series_url).await;
    eli.click_button("Download .automerge").await;
    let am = eli.wait_for_download(".automerge").await;
    eli.goto("/#/settings").await;
    eli.upload("#import-automerge", &am).await;
    eli.wait_for_text("h1", "1:1s with Lea Leader").await;
    let imported_url = eli.current_url().await;
    assert!(
        !imported_url.contains(&series_id),
        "{imported_url} is a new id"
    );
    eli.wait_for_text(".topic-list", "Career: move towards data engineering")
        .await;
    saved(&eli).await;
    // The original is unchanged and both are listed.
    eli.goto(&series_url).await;
    eli.wait_for_text("h1", "1:1s with Lea Leader").await;

    // Storage: Settings explains refused persistence, and the backup reminder is configurable.
    eli.goto("/#/settings").await;
    eli.wait_for_text(".storage-card", "Last backup").await;
    let persisted = eli.text(".storage-card dl").await;
    if persisted.contains("Protected from automatic clean-up\nNo") {
        eli.wait_for_text(".persist-refused", "download an encrypted backup")
            .await;
    }
    eli.execute("document.querySelector('.storage-card').scrollIntoView(); return 1;")
        .await;
    eli.screenshot("settings-storage.png").await;
    // Used here for 30 days without a backup: the app reminds, on every screen.
    eli.execute(
        "localStorage.setItem('rapport.firstSeenMs', String(Date.now() - 30 * 86400000)); return 1;",
    )
    .await;
    eli.reload().await;
    eli.wait_for_text(
        ".banner.reminder",
        "You have not made a backup from this browser yet",
    )
    .await;
    eli.screenshot("backup-reminder.png").await;
    // Configurable: 0 turns it off.
    eli.fill("#backup-remind-days", "0").await;
    eli.click(".storage-card button[type=submit]").await;
    eli.wait_for_text(".toast", "Backup reminder off").await;
    eli.wait_for_gone(".banner.reminder").await;

    lea.close().await;
    eli.close().await;
}
