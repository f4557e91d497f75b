//! Self-test of the e2e harness against a hand-written page (no app build needed), so a
//! broken harness is told apart from a broken app: static server, waits, forms, tabs,
//! downloads, uploads, separate profiles and profile reuse across a restart.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;

use rapport_e2e::{Browser, StaticServer, TempDir};

const PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Rapport harness</title></head>
<body>
  <h1 id="title">Harness</h1>
  <input id="name">
  <select id="kind"><option value="a">Alpha</option><option value="b">Beta</option></select>
  <button id="save">Save <span>person</span></button>
  <button hidden>Save hidden</button>
  <ul id="people"></ul>
  <input id="file" type="file" style="display:none">
  <p id="file-text"></p>
  <a id="dl" download="meeting.ics" href="data:text/calendar;charset=utf-8,BEGIN%3AVCALENDAR%0D%0AEND%3AVCALENDAR">ics</a>
  <p id="stored"></p>
  <script>
    document.getElementById('stored').textContent = localStorage.getItem('who') || 'nobody';
    document.getElementById('save').addEventListener('click', () => {
      const li = document.createElement('li');
      li.textContent = document.getElementById('name').value + ' / ' + document.getElementById('kind').value;
      setTimeout(() => document.getElementById('people').appendChild(li), 300);
      localStorage.setItem('who', document.getElementById('name').value);
    });
    document.getElementById('file').addEventListener('change', async (e) => {
      document.getElementById('file-text').textContent = await e.target.files[0].text();
    });
    console.log('harness page ready');
  </script>
</body></html>"#;

fn temp_dist() -> TempDir {
    let dist = TempDir::new("harness-dist");
    fs::write(dist.path().join("index.html"), PAGE).unwrap();
    fs::write(
        dist.path().join("app.wasm"),
        [0u8, 97, 115, 109, 1, 0, 0, 0],
    )
    .unwrap();
    dist
}

#[tokio::test]
async fn harness_drives_a_page() {
    let dist = temp_dist();
    let server = StaticServer::start(dist.path());
    let b = Browser::launch("harness").await;

    // Served with the right MIME type, and unknown routes fall back to index.html.
    b.goto("/").await;
    let ctype = b
        .execute("return fetch('/app.wasm').then(r => r.headers.get('content-type'));")
        .await;
    assert_eq!(ctype, "application/wasm");
    b.goto("/people/42").await;
    assert_eq!(b.text("#title").await, "Harness");
    assert!(b.current_url().await.starts_with(&server.url));

    // Forms, delayed DOM updates, visible-text button lookup.
    b.fill("#name", "Ada").await;
    b.fill("#name", "Grace").await; // fill replaces
    b.select("#kind", "Beta").await; // by label
    b.click_button("Save person").await;
    b.wait_for_text("#people li", "Grace / b").await;
    assert_eq!(b.count("#people li").await, 1);
    b.wait_for_count("#people li", 1).await;
    assert!(b
        .console_log()
        .await
        .iter()
        .any(|l| l.contains("harness page ready")));

    // Upload into a hidden <input type=file>.
    let upload = dist.path().join("note.txt");
    fs::write(&upload, "uploaded text").unwrap();
    b.upload("#file", &upload).await;
    b.wait_for_text("#file-text", "uploaded text").await;

    // Download lands in this browser's own downloads dir.
    b.click("#dl").await;
    let ics = b.wait_for_download("ics").await;
    assert!(fs::read_to_string(&ics)
        .unwrap()
        .starts_with("BEGIN:VCALENDAR"));

    // Tabs share the profile.
    let tab = b.new_tab_with("/").await;
    assert_eq!(tab, 1);
    b.wait_for_text("#stored", "Grace").await;
    b.switch_to_tab(0).await;
    b.reload().await;
    b.wait_for_text("#stored", "Grace").await;

    let shot = b.screenshot("harness.png").await;
    assert!(fs::metadata(shot).unwrap().len() > 0);
    b.close().await;
}

#[tokio::test]
async fn profiles_are_separate_and_survive_a_restart() {
    let dist = temp_dist();
    let _server = StaticServer::start(dist.path());
    let profile = TempDir::new("alice-profile");

    let alice = Browser::launch_with_profile("alice", profile.path()).await;
    let bob = Browser::launch("bob").await;
    alice.goto("/").await;
    alice.fill("#name", "Alice").await;
    alice.click("#save").await;
    bob.goto("/").await;
    bob.wait_for_text("#stored", "nobody").await;
    bob.close().await;
    alice.close().await;

    let alice = Browser::launch_with_profile("alice", profile.path()).await;
    alice.goto("/").await;
    alice.wait_for_text("#stored", "Alice").await;
}

#[tokio::test]
#[should_panic(expected = "timed out after")]
async fn a_timeout_names_the_selector_and_saves_artifacts() {
    let dist = temp_dist();
    let _server = StaticServer::start(dist.path());
    let b = Browser::launch("timeout-check").await;
    b.set_timeout(std::time::Duration::from_secs(1));
    b.goto("/").await;
    b.wait_for("#does-not-exist").await;
}
