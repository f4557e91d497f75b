//! What a person does in Rapport, as reusable steps for the end-to-end tests: create a
//! profile, add people, wait for saves, send and receive sync files. Each test file then
//! reads as the user's story.

use std::path::{Path, PathBuf};

use crate::Browser;

/// First run: creates the profile and waits for the app shell.
pub async fn create_profile(b: &Browser, name: &str) {
    b.goto("/").await;
    b.wait_for("#welcome-name").await;
    b.fill("#welcome-name", name).await;
    b.click_button("Create my workspace").await;
    b.wait_for_text(".topbar .who", name).await;
}

/// Adds a person on the Team page.
pub async fn add_person(b: &Browser, name: &str, role: &str) {
    b.goto("/#/team").await;
    b.wait_for("#add-name").await;
    b.fill("#add-name", name).await;
    b.fill("#add-role", role).await;
    b.click_button("Add to team").await;
    b.wait_for_text("ul[aria-label='My team']", name).await;
}

/// Waits until every edit is stored (the indicator at the bottom left).
pub async fn saved(b: &Browser) {
    b.wait_for_text(".save-state", "All changes saved").await;
}

/// Sets a date, time or datetime input the way a picker does (typing into them is
/// locale-bound in Chromium).
pub async fn set_input_value(b: &Browser, css: &str, value: &str) {
    b.wait_for(css).await;
    b.execute(&format!(
        "const e = document.querySelector(\"{css}\"); e.value = '{value}'; e.dispatchEvent(new Event('input', {{ bubbles: true }}));"
    ))
    .await;
}

/// On a shared document's page: opens "Send update", protects the file with `passphrase`
/// (or the recipient's key when `None`), downloads it and closes the panel.
pub async fn export_sync_file(b: &Browser, passphrase: Option<&str>) -> PathBuf {
    saved(b).await;
    b.click_button("Send update to").await;
    b.wait_for("[aria-label='Send an update']").await;
    if let Some(p) = passphrase {
        b.execute("document.querySelectorAll('input[name=protect]')[1].click()")
            .await;
        b.wait_for("#export-passphrase").await;
        // The suggested passphrase arrives from a worker; let it land before typing ours, or
        // WebDriver's clear-then-type could type after it (clear fires no input event).
        b.wait_for_text("#export-passphrase-strength", "Strength:")
            .await;
        b.fill("#export-passphrase", p).await;
        b.wait_for_text("#export-passphrase-strength", "Strength:")
            .await;
        let typed = b.prop("#export-passphrase", "value").await;
        assert_eq!(
            typed.as_deref(),
            Some(p),
            "the passphrase field holds what was typed"
        );
        // Rated in the passphrase worker; the file is made only once it is known to be strong.
        b.wait_for_text("#export-passphrase-strength", "Strength:")
            .await;
    }
    b.click_button("Download sync file").await;
    let file = b.wait_for_download(".rapport-sync").await;
    b.click_button("Send update to").await; // close the panel again
    file
}

/// On the Sharing page: picks a sync file (typing the passphrase if given) and returns the
/// preview text shown before anything changes.
pub async fn open_sync_file(b: &Browser, file: &Path, passphrase: Option<&str>) -> String {
    b.goto("/#/sharing").await;
    b.wait_for("#import-file").await;
    b.upload("#import-file", file).await;
    if let Some(p) = passphrase {
        b.wait_for("#import-passphrase").await;
        b.fill("#import-passphrase", p).await;
        b.click_button("Open file").await;
    }
    let preview = b.wait_for("[aria-label='What this file contains']").await;
    preview.text().await.unwrap_or_default()
}

/// Confirms the previewed import and waits for the document page (`heading`) and the save.
pub async fn confirm_import(b: &Browser, heading: &str) {
    b.click(".preview button.primary").await;
    b.wait_for_text("h1", heading).await;
    saved(b).await;
}

/// A screenshot of the whole page at 1280 px wide (the window grows to the page's height for
/// the shot, then returns to 1280 × 900).
pub async fn full_shot(b: &Browser, name: &str) {
    let h = b
        .execute("return document.documentElement.scrollHeight;")
        .await
        .as_u64()
        .unwrap_or(900)
        .clamp(900, 6000) as u32;
    b.client()
        .set_window_size(1280, h + 120)
        .await
        .expect("resize window");
    b.screenshot(name).await;
    b.client()
        .set_window_size(1280, 900)
        .await
        .expect("resize window");
}

/// The css selector of the field whose visible (or screen-reader) label is exactly `label`.
pub async fn labelled(b: &Browser, label: &str) -> String {
    let id = b
        .execute(&format!(
            "const l = [...document.querySelectorAll('label')].find(l => l.textContent.trim() === {label:?}); return l ? l.htmlFor : null;"
        ))
        .await;
    let id = id
        .as_str()
        .unwrap_or_else(|| panic!("no field labelled {label:?}"))
        .to_string();
    format!("[id='{id}']")
}
