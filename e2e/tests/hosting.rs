//! Issue 15 (R8.3): the built app works unchanged from a sub-path of a plain static host,
//! online and offline, is installable (no installability errors in Chromium), and a new
//! deployment over the served folder is offered as a reload and then runs, with no file of
//! the old build mixed in.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use rapport_e2e::app::create_profile;
use rapport_e2e::{dist_dir, workspace_root, Browser, StaticServer, TempDir};

/// Copies the built `dist/` into `<root>/app/`, as someone putting Rapport in a folder of an
/// intranet server would.
fn deploy(root: &Path) -> std::path::PathBuf {
    let app = root.join("app");
    copy_dir(&dist_dir(), &app);
    // The host's own page at its root (which Rapport must not depend on).
    fs::write(
        root.join("index.html"),
        "<!doctype html><title>Intranet</title><a href=\"app/\">Rapport</a>",
    )
    .expect("root page");
    app
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read dist") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Waits until the service worker controls the page and has precached the build.
async fn wait_controlled(b: &Browser) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let ok = b
            .execute(
                "return !!navigator.serviceWorker.controller && \
                 navigator.serviceWorker.controller.state === 'activated';",
            )
            .await;
        if ok == serde_json::json!(true) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the service worker never took control of the page"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Every file the page loaded (scripts, wasm, css, icons) as paths on the server.
async fn loaded_paths(b: &Browser) -> Vec<String> {
    let v = b
        .execute(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)\
             .concat([location.pathname]);",
        )
        .await;
    v.as_array()
        .expect("array of paths")
        .iter()
        .map(|p| p.as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn works_from_a_sub_path_online_offline_and_is_installable() {
    let root = TempDir::new("host-root");
    deploy(root.path());
    let server = StaticServer::start(root.path());
    let b = Browser::launch("subpath").await;
    b.set_base_url(&format!("{}/app", server.url));

    create_profile(&b, "Sam Subpath").await;
    wait_controlled(&b).await;
    // Every request stayed inside /app/: nothing is asked for at the server root.
    let paths = loaded_paths(&b).await;
    assert!(
        paths.iter().all(|p| p.starts_with("/app/")),
        "files loaded outside /app/: {paths:?}"
    );
    assert!(paths.iter().any(|p| p.ends_with(".wasm")), "{paths:?}");
    let scope = b
        .execute("return navigator.serviceWorker.getRegistration().then(r => r.scope);")
        .await;
    assert_eq!(
        scope.as_str().unwrap_or_default(),
        format!("{}/app/", server.url)
    );

    // Installable: Chromium finds a manifest with icons, start URL and scope it accepts.
    let errors = b
        .cdp("Page.getInstallabilityErrors", serde_json::json!({}))
        .await;
    assert_eq!(
        errors["installabilityErrors"],
        serde_json::json!([]),
        "installability errors: {errors}"
    );
    let manifest = b.cdp("Page.getAppManifest", serde_json::json!({})).await;
    assert!(
        manifest["url"]
            .as_str()
            .unwrap_or_default()
            .ends_with("/app/manifest.webmanifest"),
        "{manifest}"
    );
    b.screenshot("hosting-subpath.png").await;

    // Offline: the host is gone; the app still opens, with its data, on any screen.
    let url = server.url.clone();
    drop(server);
    b.goto(&format!("{url}/app/#/team")).await;
    b.wait_for_text(".topbar .who", "Sam Subpath").await;
    b.wait_for("#add-name").await;
    b.reload().await;
    b.wait_for_text(".topbar .who", "Sam Subpath").await;
    b.wait_for_text("h1", "Team").await;
    b.screenshot("hosting-subpath-offline.png").await;
    b.close().await;
}

#[tokio::test]
async fn a_new_deployment_is_offered_and_then_runs_without_mixing_files() {
    let root = TempDir::new("host-update");
    let app = deploy(root.path());
    let server = StaticServer::start(root.path());
    let b = Browser::launch("update").await;
    b.set_base_url(&format!("{}/app", server.url));
    create_profile(&b, "Uma Update").await;
    // The page of the first visit, which the worker claimed while it ran (no reload): the
    // hardest case, as it had no worker when it started.
    wait_controlled(&b).await;
    let old = loaded_paths(&b).await;
    let old_js = old
        .iter()
        .find(|p| p.contains("/rapport-") && p.ends_with(".js"))
        .cloned()
        .unwrap_or_else(|| {
            // Loaded from the cache, the entries still name the files.
            panic!("no rapport-*.js among {old:?}")
        });
    let old_stem = old_js
        .trim_start_matches("/app/")
        .trim_end_matches(".js")
        .to_string();

    // A changed build replaces the folder's contents: new hashed names, a changed page, and
    // its own service worker (made by the same build hook as a real build).
    let new_stem = format!("{old_stem}v2");
    for suffix in [".js", "_bg.wasm"] {
        fs::rename(
            app.join(format!("{old_stem}{suffix}")),
            app.join(format!("{new_stem}{suffix}")),
        )
        .expect("rename hashed file");
    }
    let index = fs::read_to_string(app.join("index.html")).expect("index.html");
    let index = index.replace(&old_stem, &new_stem).replace(
        "<title>",
        "<meta name=\"rapport-test-build\" content=\"2\" /><title>",
    );
    fs::write(app.join("index.html"), index).expect("write index.html");
    fs::copy(workspace_root().join("public/sw.js"), app.join("sw.js")).expect("sw template");
    let status = std::process::Command::new("bash")
        .arg(workspace_root().join("scripts/sw-manifest.sh"))
        .env("TRUNK_STAGING_DIR", &app)
        .status()
        .expect("run sw-manifest.sh");
    assert!(status.success());

    // The open app checks for a new version (as it does every few minutes and when it comes
    // back to the foreground) and offers it; until then it keeps running the old files.
    b.execute("navigator.serviceWorker.getRegistration().then(r => r.update()); return 1;")
        .await;
    b.wait_for_text(".banner.update", "A new version of Rapport is available")
        .await;
    b.screenshot("hosting-update-offered.png").await;
    assert_eq!(
        b.execute("return !!document.querySelector('meta[name=rapport-test-build]');")
            .await,
        serde_json::json!(false)
    );
    b.goto("/#/settings").await;
    b.wait_for_text("h1", "Settings").await;

    b.click_button("Reload").await;
    // The page reloads into the new build.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let v = b
            .execute("return !!document.querySelector('meta[name=rapport-test-build]');")
            .await;
        if v == serde_json::json!(true) {
            break;
        }
        assert!(Instant::now() < deadline, "the new version never ran");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    b.wait_for_text(".topbar .who", "Uma Update").await;
    let new = loaded_paths(&b).await;
    assert!(
        new.iter().any(|p| p.contains(&new_stem)),
        "the new build's files did not load: {new:?}"
    );
    assert!(
        !new.iter()
            .any(|p| p.contains(&format!("{old_stem}.")) || p.contains(&format!("{old_stem}_"))),
        "an old file was loaded with the new build: {new:?}"
    );
    assert_eq!(b.count(".banner.update").await, 0);
    // Only the new build's cache is left.
    let caches = b.execute("return caches.keys();").await;
    assert_eq!(caches.as_array().map(|a| a.len()), Some(1), "{caches}");
    b.close().await;
}
