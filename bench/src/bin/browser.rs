//! The browser benchmark (issue 11): the release build in headless Chromium, used the way a new
//! user would — a generated workspace restored from its backup through the first-run screen —
//! then every budget measured end to end in the page's own clock. Run it through
//! `bash scripts/bench.sh` (builds, generates, serves); directly:
//!
//! ```text
//! cargo run --profile bench-host -p rapport-bench --bin browser -- --dist DIR \
//!     --backup target/bench/large.rapport-backup --passphrase P [--runs 3] [--out FILE]
//! ```
//! `DIR` is a release build with `bench-reference.html` and `bench-automerge.js` beside it
//! (the JS reference, `bench/js/`). The manifest and follow-up file are found next to the
//! backup (written by the `generate` binary).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rapport_e2e::{Browser, Json, StaticServer, TempDir};
use serde_json::json;

const INSTRUMENT: &str = include_str!("../instrument.js");

struct Args {
    dist: PathBuf,
    backup: PathBuf,
    passphrase: String,
    runs: usize,
    out: PathBuf,
}

fn usage() -> ! {
    eprintln!("usage: browser --dist DIR --backup FILE --passphrase P [--runs N] [--out FILE]");
    std::process::exit(2)
}

fn args() -> Args {
    let mut a = Args {
        dist: PathBuf::new(),
        backup: PathBuf::new(),
        passphrase: String::new(),
        runs: 3,
        out: PathBuf::from("target/bench/results.md"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || it.next().unwrap_or_else(|| usage());
        match k.as_str() {
            "--dist" => a.dist = v().into(),
            "--backup" => a.backup = v().into(),
            "--passphrase" => a.passphrase = v(),
            "--runs" => a.runs = v().parse().unwrap_or_else(|_| usage()),
            "--out" => a.out = v().into(),
            _ => usage(),
        }
    }
    if a.dist.as_os_str().is_empty() || a.backup.as_os_str().is_empty() || a.passphrase.is_empty() {
        usage()
    }
    a
}

/// Polls `expr` (a JS expression) until it is neither null nor false; returns its value.
async fn wait_js(b: &Browser, expr: &str, timeout: Duration, what: &str) -> Json {
    let deadline = Instant::now() + timeout;
    loop {
        // A page busy for longer than WebDriver's script timeout (a long load on the main
        // thread) is not a failure here: ask again until `timeout`.
        let v = b
            .client()
            .execute(&format!("return {expr};"), vec![])
            .await
            .unwrap_or(Json::Null);
        if !v.is_null() && v != Json::Bool(false) {
            return v;
        }
        if Instant::now() > deadline {
            b.screenshot(format!("bench-timeout-{}.png", what.replace(' ', "-")))
                .await;
            panic!("timed out after {timeout:?} waiting for {what} ({expr})");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn f(v: &Json) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

/// One measured step: milliseconds and the long tasks inside it.
#[derive(Debug, Clone, Default)]
struct Step {
    ms: Vec<f64>,
    longest_task: f64,
    long_tasks: usize,
}

impl Step {
    fn add(&mut self, ms: f64, lt: &Json) {
        self.ms.push(ms);
        self.longest_task = self.longest_task.max(f(&lt["max"]));
        self.long_tasks += lt["count"].as_u64().unwrap_or(0) as usize;
    }
    fn range(&self) -> String {
        if self.ms.is_empty() {
            return "—".into();
        }
        let lo = self.ms.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = self.ms.iter().cloned().fold(0.0, f64::max);
        if self.ms.len() == 1 || (hi - lo) < 0.5 {
            secs(lo)
        } else {
            format!("{}–{}", secs(lo), secs(hi))
        }
    }
    fn median(&self) -> f64 {
        let mut v = self.ms.clone();
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    }
}

fn secs(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{ms:.0} ms")
    }
}

fn kb(bytes: f64) -> String {
    format!("{:.0} KB", bytes / 1024.0)
}

/// An in-page measurement: `action` (JS statements) starts it, `test` (a JS expression) ends
/// it; returns (ms until the next frame after `test` held, long tasks in between).
async fn measure(b: &Browser, action: &str, test: &str, what: &str) -> (f64, Json) {
    b.execute(&format!(
        "window.__bench.measure(() => {{ {action} }}, () => {{ try {{ return !!({test}); }} catch (_) {{ return false; }} }}); return null;"
    ))
    .await;
    let done = wait_js(b, "window.__bench.done", Duration::from_secs(120), what).await;
    let (t0, painted) = (f(&done["t0"]), f(&done["painted"]));
    let lt = b
        .execute(&format!(
            "return window.__bench.longtasksBetween({t0}, {painted});"
        ))
        .await;
    // RAPPORT_BENCH_SHOTS=1: each screen as the step left it, at the benchmark's scale, to look
    // at (e2e/artifacts/bench-<step>.png); taken after the timing, so it does not count.
    if std::env::var_os("RAPPORT_BENCH_SHOTS").is_some() {
        b.screenshot(format!("bench-{}.png", what.replace([' ', '/', '>'], "-")))
            .await;
    }
    (painted - t0, lt)
}

/// The app's own measures (`rapport:*`, src/perf.rs) since the last call, summed by name and
/// cleared: where a step's time went (documents read, loaded, hydrated; the rest is drawing).
async fn app_measures(b: &Browser) -> Json {
    b.execute(
        "const m = {}; for (const e of performance.getEntriesByType('measure')) if (e.name.startsWith('rapport:')) m[e.name] = Math.round((m[e.name] || 0) + e.duration); performance.clearMeasures(); return m;",
    )
    .await
}

/// A new page on Today, once `ready` holds, then Settings (the lightest screen): the time
/// until Settings is drawn is what the first other screen of a page costs.
async fn first_other_screen(b: &Browser, ready: &str, what: &str) -> (f64, Json) {
    b.goto("about:blank").await;
    b.goto("/#/today").await;
    wait_js(
        b,
        &format!("window.__bench && {ready}"),
        Duration::from_secs(120),
        &format!("Today before the {what}"),
    )
    .await;
    measure(
        b,
        "location.hash = '#/settings';",
        "window.__bench.text('h1').includes('Settings') && document.querySelector('.topbar')",
        what,
    )
    .await
}

fn compressed(path: &Path) -> (u64, u64, Option<u64>) {
    let raw = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let count = |cmd: &str, args: &[&str]| -> Option<u64> {
        let out = std::process::Command::new(cmd)
            .args(args)
            .arg(path)
            .output()
            .ok()?;
        out.status.success().then_some(out.stdout.len() as u64)
    };
    let gz = count("gzip", &["-9", "-c"]).unwrap_or(0);
    let br = count("brotli", &["-q", "11", "-c"]);
    (raw, gz, br)
}

#[tokio::main]
async fn main() {
    let a = args();
    let stem = a.backup.with_extension("");
    let manifest: Json = serde_json::from_str(
        &std::fs::read_to_string(stem.with_extension("manifest.json"))
            .expect("the manifest next to the backup (run the generate binary)"),
    )
    .expect("manifest JSON");
    let follow_up = stem.with_extension("follow-up.rapport-sync");
    let people = manifest["people"].as_array().map(|p| p.len()).unwrap_or(0);
    let scale = manifest["scale"].as_str().unwrap_or("?").to_string();
    let _server = StaticServer::start(&a.dist);
    let profile = TempDir::new("bench-profile");
    let b = Browser::launch_with_profile("bench", profile.path()).await;
    b.set_timeout(Duration::from_secs(600));
    // Scripts wait for a main thread that may be busy for tens of seconds at large scale.
    let _ = b
        .client()
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(600)),
            Some(Duration::from_secs(600)),
            Some(Duration::ZERO),
        ))
        .await;
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": INSTRUMENT }),
    )
    .await;
    let mut rows: Vec<(String, String, String, String)> = Vec::new();

    // --- First visit: what is downloaded before the app is interactive. -------------
    b.goto("/").await;
    b.wait_for("#welcome-name").await;
    let first_visit = b
        .execute(
            "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).map(e => [e.name, e.transferSize, e.encodedBodySize, e.decodedBodySize, e.responseEnd]);",
        )
        .await;
    let welcome_at = f(&b.execute("return performance.now();").await);
    let mut fetched: Vec<(String, f64)> = Vec::new();
    for e in first_visit.as_array().into_iter().flatten() {
        let name = e[0].as_str().unwrap_or("").to_string();
        let path = name.split('/').skip(3).collect::<Vec<_>>().join("/");
        let path = path.split(['?', '#']).next().unwrap_or("").to_string();
        fetched.push((path, f(&e[2])));
    }
    let mut dl = (0u64, 0u64, 0u64, true);
    let mut dl_lines = Vec::new();
    for (path, _) in &fetched {
        let file = if path.is_empty() {
            a.dist.join("index.html")
        } else {
            a.dist.join(path)
        };
        if !file.is_file() {
            continue;
        }
        let (raw, gz, br) = compressed(&file);
        dl.0 += raw;
        dl.1 += gz;
        match br {
            Some(br) => dl.2 += br,
            None => dl.3 = false,
        }
        dl_lines.push(format!(
            "| {} | {} | {} | {} |",
            if path.is_empty() { "index.html" } else { path },
            kb(raw as f64),
            kb(gz as f64),
            br.map(|b| kb(b as f64)).unwrap_or("—".into())
        ));
    }
    // Parts not fetched before the first screen (the passphrase worker) are reported apart.
    let mut later_lines = Vec::new();
    for entry in std::fs::read_dir(&a.dist).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let fetched_already = fetched.iter().any(|(p, _)| *p == name);
        if !fetched_already
            && (name.ends_with(".wasm") || name.ends_with(".js"))
            && !name.starts_with("bench-")
        {
            let (raw, gz, br) = compressed(&entry.path());
            later_lines.push(format!(
                "| {name} (later) | {} | {} | {} |",
                kb(raw as f64),
                kb(gz as f64),
                br.map(|b| kb(b as f64)).unwrap_or("—".into())
            ));
        }
    }

    // --- Restore through the first-run screen. ---------------------------------------
    b.execute(&format!(
        "localStorage.setItem('rapport-bench-expect', '{people}'); window.__bench.expect = {people}; return null;"
    ))
    .await;
    b.click("details.restore-first summary").await;
    b.upload("#restore-file", &a.backup).await;
    b.fill("#restore-pass", &a.passphrase).await;
    b.execute(
        "for (const x of document.querySelectorAll('button')) if (x.textContent.trim() === 'Restore') x.addEventListener('click', () => { window.__bench.restoreT0 = performance.now(); }, { capture: true }); return null;",
    )
    .await;
    // The progress bar exists only while the restore runs: watch for it from the click on.
    b.execute(
        "window.__progressSeen = false; new MutationObserver(() => { \
           if (document.querySelector('progress, [role=progressbar]')) window.__progressSeen = true; \
         }).observe(document.body, { subtree: true, childList: true }); return true;",
    )
    .await;
    b.click_button("Restore").await;
    let ready = wait_js(
        &b,
        "window.__bench.todayAt",
        Duration::from_secs(600),
        "Today after restore",
    )
    .await;
    let t0 = f(&b.execute("return window.__bench.restoreT0;").await);
    let restore_ms = f(&ready) - t0;
    let lt = b
        .execute(&format!(
            "return window.__bench.longtasksBetween({t0}, {});",
            f(&ready)
        ))
        .await;
    let mut restore = Step::default();
    restore.add(restore_ms, &lt);
    let parts = b
        .execute(&format!(
            "return window.__bench.longtaskParts({t0}, {});",
            f(&ready)
        ))
        .await;
    eprintln!(
        "restore: {} (long tasks, ms after the click, with the app's measures inside: {parts})",
        secs(restore_ms)
    );
    b.wait_for_text(".save-state", "All changes saved").await;
    let progress_bar = b.execute("return window.__progressSeen === true;").await;

    // --- Cold opens: a new page load each time, navigation start to interactive Today. ---
    let mut cold = Step::default();
    let mut breakdown: Vec<Json> = Vec::new();
    for _ in 0..a.runs.max(1) {
        b.goto("about:blank").await;
        b.goto("/#/today").await;
        let at = wait_js(
            &b,
            "window.__bench && window.__bench.todayAt",
            Duration::from_secs(120),
            "Today on a cold open",
        )
        .await;
        let lt = b
            .execute(&format!(
                "return window.__bench.longtasksBetween(0, {});",
                f(&at)
            ))
            .await;
        cold.add(f(&at), &lt);
        eprintln!("cold open: {}", secs(f(&at)));
        breakdown.push(
            b.execute(
                "const m = {}, n = {}; for (const e of performance.getEntriesByType('measure')) if (e.name.startsWith('rapport:')) { m[e.name] = (m[e.name] || 0) + e.duration; n[e.name] = (n[e.name] || 0) + 1; } \
                 const mk = (n) => { const e = performance.getEntriesByName(n)[0]; return e ? e.startTime : null; }; \
                 const nav = performance.getEntriesByType('navigation')[0]; \
                 const wasm = performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).map(e => e.responseEnd); \
                 return { measures: m, counts: n, boot: mk('rapport:boot'), ready: mk('rapport:ready'), dcl: nav ? nav.domContentLoadedEventEnd : null, wasm_fetched: wasm.length ? Math.max(...wasm) : null, today: window.__bench.todayAt };",
            )
            .await,
        );
    }

    // --- The JS reference: @automerge/automerge loading the same stored chunks the cold
    // opens just loaded (nothing was written since the restore). ----------------------
    let mut js_load = Step::default();
    let mut js_ws = Step::default();
    if a.dist.join("bench-reference.html").is_file() {
        for _ in 0..a.runs.max(1) {
            b.goto("/bench-reference.html").await;
            let r = wait_js(&b, "window.__ref", Duration::from_secs(300), "JS reference").await;
            assert!(r["error"].is_null(), "JS reference failed: {}", r["error"]);
            let total: f64 = r["by_kind"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(_, k)| f(&k["ms"]))
                .sum();
            js_load.add(total, &json!({"count": 0, "max": 0}));
            js_ws.add(
                f(&r["by_kind"]["workspace"]["ms"]),
                &json!({"count": 0, "max": 0}),
            );
        }
    }
    // --- Today -> the first other screen: Today is its own module (src/handoff.rs), so the
    // first other screen of a page fetches, compiles and starts the whole app, which opens the
    // workspace again. Settings is the lightest screen: what remains is the hand-off. --------
    let mut handoff = Step::default();
    // The whole app's load of the workspace on taking the page over: the Rust side of the JS
    // reference's ratio, now that a cold open loads no document (session 14).
    let mut handoff_ws_load: Vec<f64> = Vec::new();
    for _ in 0..a.runs.max(1) {
        let (ms, lt) = first_other_screen(&b, "window.__bench.todayAt", "first other screen").await;
        handoff.add(ms, &lt);
        eprintln!("Today -> first other screen: {}", secs(ms));
        handoff_ws_load.push(f(&b
            .execute("return performance.getEntriesByName('rapport:automerge-load:workspace').reduce((s, e) => s + e.duration, 0);")
            .await));
    }
    // The same once the Today module has compiled the whole app in the background (two
    // seconds after Today settles): what is left is starting it. Builds before session 11
    // have no background compile: the step is left out for them.
    let mut handoff_warm = Step::default();
    let splits = b
        .execute("return typeof window.rapportAppCompiled !== 'undefined' || !!document.querySelector('script[src*=rapport_app]') || !!performance.getEntriesByName('rapport:handoff').length;")
        .await
        == Json::Bool(true);
    for _ in 0..if splits { a.runs.max(1) } else { 0 } {
        let (ms, lt) = first_other_screen(
            &b,
            "window.__bench.todayAt && window.rapportAppCompiled",
            "first other screen, compiled",
        )
        .await;
        handoff_warm.add(ms, &lt);
        eprintln!(
            "Today -> first other screen, after the background compile: {}",
            secs(ms)
        );
    }
    // Back to Today (now the whole app's) for the in-app steps.
    b.execute("location.hash = '#/today'; return null;").await;
    wait_js(
        &b,
        "window.__bench && document.querySelector('.today-list')",
        Duration::from_secs(120),
        "Today in the whole app",
    )
    .await;

    // --- Open one 1:1 series and one development plan (in-app navigation). -------------
    let series_id = manifest["series_id"].as_str().unwrap_or("");
    let series_person = manifest["series_person"].as_str().unwrap_or("");
    let plan_id = manifest["plan_id"].as_str().unwrap_or("");
    let plan_title = manifest["plan_title"].as_str().unwrap_or("");
    let review_id = manifest["review_id"].as_str().unwrap_or("");
    let review_title = manifest["review_title"].as_str().unwrap_or("");
    let team_id = manifest["team_id"].as_str().unwrap_or("");
    let team_title = manifest["team_title"].as_str().unwrap_or("");
    let mut series = Step::default();
    let mut older = Step::default();
    let mut plan = Step::default();
    let mut review = Step::default();
    let mut team = Step::default();
    let mut meeting = Step::default();
    let mut dashboard = Step::default();
    let mut dashboard_rows = Step::default();
    for _ in 0..a.runs.max(1) {
        let (ms, lt) = measure(
            &b,
            &format!("location.hash = '#/one-on-ones/{series_id}';"),
            &format!(
                "window.__bench.text('h1').includes({}) && document.querySelector('article.meeting')",
                Json::from(format!("1:1s with {series_person}"))
            ),
            "series page",
        )
        .await;
        series.add(ms, &lt);
        eprintln!("series: {}", secs(ms));
        // A long series shows its latest 1:1s; "Show older" adds a page of earlier ones.
        let shown = b
            .execute("return document.querySelectorAll('article.meeting').length;")
            .await;
        if b.execute("return !!document.querySelector('button.show-older');")
            .await
            == true
        {
            let (ms, lt) = measure(
                &b,
                "document.querySelector('button.show-older').click();",
                &format!("document.querySelectorAll('article.meeting').length > {shown}"),
                "older 1:1s",
            )
            .await;
            older.add(ms, &lt);
            eprintln!("show older 1:1s: {} ({shown} shown before)", secs(ms));
        }
        let (ms, lt) = measure(
            &b,
            &format!("location.hash = '#/growth/{plan_id}';"),
            &format!(
                "window.__bench.text('h1').includes({})",
                Json::from(plan_title)
            ),
            "plan page",
        )
        .await;
        plan.add(ms, &lt);
        eprintln!("plan: {}", secs(ms));
        // Goal 4: the performance plan with its review table (older workspaces have none).
        if !review_id.is_empty() {
            app_measures(&b).await;
            let (ms, lt) = measure(
                &b,
                &format!("location.hash = '#/reviews/{review_id}';"),
                &format!(
                    "window.__bench.text('h1').includes({}) && document.querySelector('.review-table')",
                    Json::from(review_title)
                ),
                "performance plan page",
            )
            .await;
            review.add(ms, &lt);
            let parts = app_measures(&b).await;
            eprintln!("performance plan: {} ({parts}; long tasks {lt})", secs(ms));
        }
        // Goal 2: the team objectives with their KPI sections, then meeting mode (older
        // workspaces have none).
        if !team_id.is_empty() {
            app_measures(&b).await;
            let (ms, lt) = measure(
                &b,
                &format!("location.hash = '#/objectives/{team_id}';"),
                &format!(
                    "window.__bench.text('h1').includes({}) && document.querySelector('section.kpi')",
                    Json::from(team_title)
                ),
                "team objectives page",
            )
            .await;
            team.add(ms, &lt);
            let parts = app_measures(&b).await;
            eprintln!("team objectives: {} ({parts}; long tasks {lt})", secs(ms));
            let (ms, lt) = measure(
                &b,
                &format!("location.hash = '#/objectives/{team_id}/meeting';"),
                &format!(
                    "window.__bench.text('h1').includes({}) && document.querySelector('.meeting-table')",
                    Json::from(team_title)
                ),
                "meeting mode",
            )
            .await;
            meeting.add(ms, &lt);
            let parts = app_measures(&b).await;
            eprintln!("meeting mode: {} ({parts}; long tasks {lt})", secs(ms));
        }
        // The dashboard, in builds that have one (`#/dashboard`; older builds show Today),
        // until every person's figures are in (`data-complete`: no document still being read).
        // Rows below the first screen are drawn a batch per frame after it: also record when
        // the last person's row is in.
        b.execute(
            "performance.clearMeasures(); window.__rowsAt = null; \
             window.__bench.until(() => { const t = document.querySelector('section.dashboard[data-complete] table.people-figures'); \
               return t && t.tBodies[0].rows.length >= window.__bench.expect; }).then(t => window.__rowsAt = t); return null;",
        )
        .await;
        let (ms, lt) = measure(
            &b,
            "location.hash = '#/dashboard';",
            "(window.__bench.text('h1') === 'Dashboard' && document.querySelector(\"section.dashboard[data-complete] [aria-label='Team trends']\")) || (window.__bench.text('h1') === 'Today' && window.__bench.todayReady())",
            "dashboard",
        )
        .await;
        if b.execute("return window.__bench.text('h1');").await == "Dashboard" {
            dashboard.add(ms, &lt);
            // Where the time went: the app's own measures during the step (summaries read
            // from IndexedDB, decoded, the figures computed; the rest is drawing).
            let parts = app_measures(&b).await;
            let rows = wait_js(
                &b,
                "window.__rowsAt !== null && window.__rowsAt - window.__bench.done.t0",
                Duration::from_secs(60),
                "every person's dashboard row",
            )
            .await;
            dashboard_rows.add(f(&rows), &Json::Null);
            eprintln!(
                "dashboard: {} ({parts}; long tasks {lt}); every row drawn after {}",
                secs(ms),
                secs(f(&rows))
            );
        }
        measure(
            &b,
            "location.hash = '#/today';",
            "window.__bench.todayReady()",
            "back to Today",
        )
        .await;
    }

    // --- Check-in click to persisted ("All changes saved"). ---------------------------
    let mut checkin = Step::default();
    let mut checkin_visible = Step::default();
    let names: Vec<String> = manifest["people"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str().map(String::from))
        .collect();
    for name in names.iter().take(a.runs.max(1)) {
        let sel = format!(
            "button[aria-label={}]",
            Json::from(format!("Log check-in with {name}"))
        );
        // Nothing else pending: a save already scheduled would carry this check-in early.
        b.wait_for_text(".save-state", "All changes saved").await;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        b.wait_for_text(".save-state", "All changes saved").await;
        let (ms, lt, visible) = check_in_persisted(&b, &sel).await;
        checkin.add(ms, &lt);
        eprintln!("check-in persisted: {}", secs(ms));
        checkin_visible.add(visible, &json!({"count": 0, "max": 0}));
    }
    // --- Import the follow-up sync file (preview, then confirm until saved). ------------
    let mut import_preview = Step::default();
    let mut import_apply = Step::default();
    let mut import_merged = Step::default();
    let mut import_shown = Step::default();
    if follow_up.is_file() {
        measure(
            &b,
            "location.hash = '#/sharing';",
            "document.querySelector('#import-file')",
            "sharing page",
        )
        .await;
        b.execute(
            "window.__bench.done = null; const i = document.querySelector('#import-file'); \
             i.addEventListener('change', () => { const t0 = performance.now(); window.__bench.until(() => document.querySelector(\"[aria-label='What this file contains']\")).then(at => requestAnimationFrame(() => setTimeout(() => window.__bench.done = { t0, at, painted: performance.now() }, 0))); }, { capture: true, once: true }); return null;",
        )
        .await;
        app_measures(&b).await;
        b.upload("#import-file", &follow_up).await;
        let done = wait_js(
            &b,
            "window.__bench.done",
            Duration::from_secs(120),
            "import preview",
        )
        .await;
        let lt = b
            .execute(&format!(
                "return window.__bench.longtasksBetween({}, {});",
                f(&done["t0"]),
                f(&done["painted"])
            ))
            .await;
        import_preview.add(f(&done["painted"]) - f(&done["t0"]), &lt);
        // Where the preview's time went: the app's measures (file opened, registry read,
        // document opened, preview computed); the rest is reading the file and drawing.
        let parts = app_measures(&b).await;
        eprintln!(
            "import preview: {} (in the page after {}; {parts}; long tasks {lt})",
            secs(f(&done["painted"]) - f(&done["t0"])),
            secs(f(&done["at"]) - f(&done["t0"]))
        );
        let heading = Json::from(format!("1:1s with {series_person}"));
        let (ms, lt) = measure(
            &b,
            &format!("window.__bench.sawSaving = false; window.__bench.until(() => {{ if (!window.__bench.text('.save-state').includes('All changes saved')) window.__bench.sawSaving = true; return false; }}); \
             window.__bench.shownAt = null; window.__bench.until(() => window.__bench.text('h1').includes({heading})).then(t => window.__bench.shownAt = t); \
             window.__bench.mergedAt = null; window.__bench.until(() => window.__bench.text('.toast').includes('Imported')).then(t => window.__bench.mergedAt = t); \
             window.__bench.clickAt = performance.now(); \
             document.querySelector('.preview button.primary').click();"),
            &format!(
                "window.__bench.text('h1').includes({}) && window.__bench.sawSaving && window.__bench.text('.save-state').includes('All changes saved')",
                Json::from(format!("1:1s with {series_person}"))
            ),
            "import applied",
        )
        .await;
        import_apply.add(ms, &lt);
        // From the click on Import: until "Imported N changes" shows (merged, stored in
        // memory, the workspace updated), and until the document's page is drawn.
        let t0 = f(&b.execute("return window.__bench.clickAt;").await);
        let merged = f(&b.execute("return window.__bench.mergedAt;").await);
        let shown = f(&b.execute("return window.__bench.shownAt;").await);
        let lt_merged = b
            .execute(&format!(
                "return window.__bench.longtasksBetween({t0}, {merged});"
            ))
            .await;
        import_merged.add(merged - t0, &lt_merged);
        import_shown.add(shown - t0, &json!({"count": 0, "max": 0}));
    }

    // --- A check-in on a new page: Today is the Today module's, drawn from its stored view
    // without Automerge; the check-in is kept, the whole app (compiled in the background
    // meanwhile) takes the page and stores it. Last, since it leaves a new page behind: the
    // steps before run in a page that has been through the screens, as before. ---------
    let mut checkin_new_page = Step::default();
    b.wait_for_text(".save-state", "All changes saved").await;
    if splits {
        for name in names.iter().skip(a.runs.max(1)).take(a.runs.max(1)) {
            let sel = format!(
                "button[aria-label={}]",
                Json::from(format!("Log check-in with {name}"))
            );
            b.goto("about:blank").await;
            b.goto("/#/today").await;
            wait_js(
                &b,
                "window.__bench && window.__bench.todayAt && window.rapportAppCompiled",
                Duration::from_secs(120),
                "Today with the whole app compiled",
            )
            .await;
            let (ms, lt, _) = check_in_persisted(&b, &sel).await;
            checkin_new_page.add(ms, &lt);
            eprintln!("check-in on a new page, persisted: {}", secs(ms));
        }
    }
    b.close().await;

    // --- Report. ------------------------------------------------------------------------
    let sum_measure = |prefix: &str| -> Vec<f64> {
        breakdown
            .iter()
            .map(|b| {
                b["measures"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(k, _)| k.starts_with(prefix))
                    .map(|(_, v)| f(v))
                    .sum()
            })
            .collect()
    };
    let med = |v: Vec<f64>| -> f64 {
        let mut v = v;
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let rust_load = med(sum_measure("rapport:automerge-load"));
    let rust_ws_load = med(sum_measure("rapport:automerge-load:workspace"));
    let idb = med(sum_measure("rapport:idb-read"));
    let hydrate = med(sum_measure("rapport:hydrate"));
    let pick = |k: &str| med(breakdown.iter().map(|b| f(&b[k])).collect());
    let open_shared = med(sum_measure("rapport:open-shared"));
    // Since session 14 the Today module reads Today's stored view instead of documents.
    let view_read = med(sum_measure("rapport:today-view-read"));
    let hydrations = breakdown
        .last()
        .map(|b| {
            b["counts"]["rapport:hydrate:workspace"]
                .as_u64()
                .unwrap_or(0)
        })
        .unwrap_or(0);

    let budget = |step: &Step, limit_ms: f64| -> String {
        if step.ms.is_empty() {
            "—".into()
        } else if step.median() <= limit_ms {
            "met".into()
        } else {
            format!("{:.1}× over", step.median() / limit_ms)
        }
    };
    let lt = |s: &Step| format!("{} (max {:.0} ms)", s.long_tasks, s.longest_task);
    rows.push((
        "Cold open to interactive Today".into(),
        cold.range(),
        "≤ 1 s".into(),
        format!("{}; long tasks {}", budget(&cold, 1000.0), lt(&cold)),
    ));
    rows.push((
        "Today → first other screen (whole app fetched and started)".into(),
        handoff.range(),
        "—".into(),
        format!("long tasks {}", lt(&handoff)),
    ));
    if !handoff_warm.ms.is_empty() {
        rows.push((
            "Today → first other screen, after the background compile".into(),
            handoff_warm.range(),
            "—".into(),
            format!("long tasks {}", lt(&handoff_warm)),
        ));
    }
    rows.push((
        "Open one 1:1 series".into(),
        series.range(),
        "≤ 300 ms".into(),
        format!("{}; long tasks {}", budget(&series, 300.0), lt(&series)),
    ));
    if !older.ms.is_empty() {
        rows.push((
            "Show older 1:1s (a page more of the series)".into(),
            older.range(),
            "≤ 300 ms".into(),
            format!("{}; long tasks {}", budget(&older, 300.0), lt(&older)),
        ));
    }
    rows.push((
        "Open one development plan".into(),
        plan.range(),
        "≤ 300 ms".into(),
        format!("{}; long tasks {}", budget(&plan, 300.0), lt(&plan)),
    ));
    if review.ms.is_empty() {
        rows.push((
            "Open one performance plan".into(),
            "—".into(),
            "≤ 300 ms".into(),
            "no performance plan in this workspace".into(),
        ));
    } else {
        rows.push((
            "Open one performance plan".into(),
            review.range(),
            "≤ 300 ms".into(),
            format!("{}; long tasks {}", budget(&review, 300.0), lt(&review)),
        ));
    }
    for (step, name) in [
        (&team, "Open team objectives"),
        (&meeting, "Open meeting mode"),
    ] {
        if step.ms.is_empty() {
            rows.push((
                name.into(),
                "—".into(),
                "≤ 1 s".into(),
                "no team objectives in this workspace".into(),
            ));
        } else {
            rows.push((
                name.into(),
                step.range(),
                "≤ 1 s".into(),
                format!("{}; long tasks {}", budget(step, 1000.0), lt(step)),
            ));
        }
    }
    if dashboard.ms.is_empty() {
        rows.push((
            "Dashboard".into(),
            "—".into(),
            "≤ 300 ms".into(),
            "no dashboard in this build".into(),
        ));
    } else {
        rows.push((
            "Dashboard".into(),
            dashboard.range(),
            "≤ 300 ms".into(),
            format!(
                "{}; long tasks {}",
                budget(&dashboard, 300.0),
                lt(&dashboard)
            ),
        ));
        rows.push((
            "Dashboard: every person's row drawn".into(),
            dashboard_rows.range(),
            "—".into(),
            "rows below the first screen follow a batch per frame".into(),
        ));
    }
    rows.push((
        "Import a follow-up sync file: file → preview".into(),
        import_preview.range(),
        "≤ 100 ms (both steps)".into(),
        format!("long tasks {}", lt(&import_preview)),
    ));
    rows.push((
        "Import a follow-up sync file: confirm → merged".into(),
        import_merged.range(),
        "".into(),
        format!(
            "until \"Imported …\" shows; preview + merged: {}; long tasks {}",
            budget(
                &Step {
                    ms: import_preview
                        .ms
                        .iter()
                        .zip(&import_merged.ms)
                        .map(|(a, b)| a + b)
                        .collect(),
                    ..Default::default()
                },
                100.0
            ),
            lt(&import_merged)
        ),
    ));
    rows.push((
        "Import a follow-up sync file: confirm → its page shown".into(),
        import_shown.range(),
        "".into(),
        "the 1:1 series opened on its page (open series: ≤ 300 ms)".into(),
    ));
    rows.push((
        "Import a follow-up sync file: confirm → saved".into(),
        import_apply.range(),
        "".into(),
        format!(
            "includes the 300 ms save debounce; long tasks {}",
            lt(&import_apply)
        ),
    ));
    rows.push((
        "Check-in click to persisted".into(),
        checkin.range(),
        "≤ 400 ms".into(),
        format!(
            "{}; shown after {}; long tasks {}",
            budget(&checkin, 400.0),
            checkin_visible.range(),
            lt(&checkin)
        ),
    ));
    if !checkin_new_page.ms.is_empty() {
        rows.push((
            "Check-in on a new page (Today module: kept, whole app takes the page, stored)".into(),
            checkin_new_page.range(),
            "≤ 400 ms".into(),
            format!(
                "{}; long tasks {}",
                budget(&checkin_new_page, 400.0),
                lt(&checkin_new_page)
            ),
        ));
    }
    rows.push((
        "Restore of the whole workspace".into(),
        restore.range(),
        "≤ 10 s, progress bar".into(),
        format!(
            "{}; progress bar: {}; long tasks {}",
            budget(&restore, 10_000.0),
            if progress_bar == Json::Bool(true) {
                "yes"
            } else {
                "no"
            },
            lt(&restore)
        ),
    ));
    rows.push((
        "Download before interactive (gzip / brotli)".into(),
        format!(
            "{} / {}",
            kb(dl.1 as f64),
            if dl.3 {
                kb(dl.2 as f64)
            } else {
                "brotli n/a".into()
            }
        ),
        "≤ 600 KB gzip".into(),
        format!("raw {}", kb(dl.0 as f64)),
    ));

    // Months of check-ins are their own documents (older manifests: in the workspace, none).
    let checkin_bytes = manifest["checkin_bytes"].as_f64().unwrap_or(0.0);
    let mut md = String::new();
    md.push_str(&format!(
        "### `{scale}`: {} people, {} check-ins, {} 1:1s, {} actions, {} plans, {} performance plans ({} shared reviews), team objectives ({} KPI values, {} meetings); Automerge {} (workspace {}, check-ins {} in {} month(s), series {}, plans {}, performance plans {}, team objectives {})\n\n",
        people,
        manifest["checkins"],
        manifest["meetings"],
        manifest["actions"],
        manifest["plans"],
        manifest["performance_plans"].as_u64().unwrap_or(0),
        manifest["reviews"].as_u64().unwrap_or(0),
        manifest["kpi_values"].as_u64().unwrap_or(0),
        manifest["team_meetings"].as_u64().unwrap_or(0),
        kb(f(&manifest["workspace_bytes"])
            + checkin_bytes
            + f(&manifest["series_bytes"])
            + f(&manifest["plan_bytes"])
            + manifest["review_bytes"].as_f64().unwrap_or(0.0)
            + manifest["team_bytes"].as_f64().unwrap_or(0.0)),
        kb(f(&manifest["workspace_bytes"])),
        kb(checkin_bytes),
        manifest["checkin_months"].as_u64().unwrap_or(0),
        kb(f(&manifest["series_bytes"])),
        kb(f(&manifest["plan_bytes"])),
        kb(manifest["review_bytes"].as_f64().unwrap_or(0.0)),
        kb(manifest["team_bytes"].as_f64().unwrap_or(0.0)),
    ));
    md.push_str(&format!(
        "{} run(s) per step (range shown).\n\n",
        a.runs.max(1)
    ));
    md.push_str(
        "| step | measured | budget | verdict, long tasks (count, longest) |\n|---|---:|---|---|\n",
    );
    for (s, m, bgt, v) in &rows {
        md.push_str(&format!("| {s} | {m} | {bgt} | {v} |\n"));
    }
    md.push_str(&format!(
        "\nCold open, where the time goes (median; ms since navigation start): wasm fetched {:.0}, app boot {:.0}, workspace ready {:.0}, Today interactive {:.0}. Inside: IndexedDB reads {:.0} ms, Automerge load {:.0} ms (workspace {:.0}), workspace hydrate {:.0} ms ({} full hydration(s) per open), opening the shared documents {:.0} ms (their reads and loads included), Today's stored view read (registry, view, chunk keys) {:.0} ms.\n",
        pick("wasm_fetched"),
        pick("boot"),
        pick("ready"),
        pick("today"),
        idb,
        rust_load,
        rust_ws_load,
        hydrate,
        hydrations,
        open_shared,
        view_read
    ));
    if !js_load.ms.is_empty() && rust_ws_load <= 0.0 {
        handoff_ws_load.sort_by(|x, y| x.total_cmp(y));
        let ws = handoff_ws_load
            .get(handoff_ws_load.len() / 2)
            .copied()
            .unwrap_or(0.0);
        md.push_str(&format!(
            "\nJS reference (@automerge/automerge {}, same chunks from the same IndexedDB, same browser): every stored document {} (workspace {}). The app's cold open loads no Automerge document (Today is drawn from its stored view); the whole app, taking the page over, loads the workspace in {}: workspace Rust/JS ratio {:.2}.\n",
            std::env::var("RAPPORT_BENCH_AUTOMERGE_JS").unwrap_or_else(|_| "3.5.0".into()),
            secs(js_load.median()),
            secs(js_ws.median()),
            secs(ws),
            ws / js_ws.median(),
        ));
    } else if !js_load.ms.is_empty() {
        md.push_str(&format!(
            "\nJS reference (@automerge/automerge {}, same chunks from the same IndexedDB, same browser): every stored document {} (workspace {}). The app's cold open loads only the workspace and the recent months of check-ins, {} (workspace {}): workspace Rust/JS ratio {:.2}.\n",
            std::env::var("RAPPORT_BENCH_AUTOMERGE_JS").unwrap_or_else(|_| "3.5.0".into()),
            secs(js_load.median()),
            secs(js_ws.median()),
            secs(rust_load),
            secs(rust_ws_load),
            rust_ws_load / js_ws.median(),
        ));
    }
    md.push_str("\nFirst visit, fetched before the first screen is interactive (sizes of the served files):\n\n| file | raw | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|\n");
    for l in dl_lines.iter().chain(&later_lines) {
        md.push_str(l);
        md.push('\n');
    }
    md.push_str(&format!(
        "\n(first screen interactive at {:.0} ms on the first visit.)\n",
        welcome_at
    ));
    println!("{md}");
    if let Some(dir) = a.out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let mut all = std::fs::read_to_string(&a.out).unwrap_or_default();
    all.push_str(&md);
    all.push('\n');
    std::fs::write(&a.out, all).expect("write results");
    eprintln!("results appended to {}", a.out.display());
}

/// Clicks the check-in button `sel` and waits until a new chunk is in IndexedDB (read from the
/// page, polled every 5 ms), which is what "All changes saved" announces. Returns the time from
/// the click, the long tasks meanwhile, and when the row showed the check-in.
async fn check_in_persisted(b: &Browser, sel: &str) -> (f64, Json, f64) {
    b.execute(&format!(
        "const B = window.__bench; B.ck = null; \
         const req = (r) => new Promise((ok, ko) => {{ r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); }}); \
         (async () => {{ \
           const db = await req(indexedDB.open('rapport')); \
           const keys = async () => (await req(db.transaction('chunks').objectStore('chunks').getAllKeys())).map(k => JSON.stringify(k)); \
           const before = new Set(await keys()); \
           const button = document.querySelector({sel}); \
           const t0 = performance.now(); \
           let visible = null; \
           B.until(() => {{ const x = document.querySelector({sel}); return !!x && x.closest('li').classList.contains('done'); }}).then(t => visible = t); \
           button.click(); \
           for (;;) {{ \
             await new Promise(r => setTimeout(r, 5)); \
             const now = await keys(); \
             if (now.some(k => !before.has(k))) {{ const at = performance.now(); db.close(); while (visible === null && performance.now() - at < 5000) await new Promise(r => setTimeout(r, 5)); B.ck = {{ t0, at, visible }}; return; }} \
           }} \
         }})(); return null;",
        sel = Json::from(sel)
    ))
    .await;
    let ck = wait_js(
        b,
        "window.__bench.ck",
        Duration::from_secs(120),
        "check-in persisted",
    )
    .await;
    let (t0, at) = (f(&ck["t0"]), f(&ck["at"]));
    let lt = b
        .execute(&format!(
            "return window.__bench.longtasksBetween({t0}, {at});"
        ))
        .await;
    (at - t0, lt, f(&ck["visible"]) - t0)
}
