//! End-to-end harness: serve the built `dist/` and drive it in headless Chromium through
//! WebDriver (chromedriver + fantoccini), at the level a user sees it.
//!
//! ```no_run
//! use rapport_e2e::{Browser, StaticServer};
//!
//! #[tokio::test]
//! async fn opens_the_app() {
//!     let _server = StaticServer::start_dist(); // RAPPORT_DIST or <workspace>/dist
//!     let alice = Browser::launch("alice").await; // own chromedriver + fresh profile
//!     alice.goto("/").await;
//!     alice.wait_for_text("h1", "Rapport").await;
//!     alice.click_button("Add person").await;
//! }
//! ```
//!
//! Design choices (why):
//! - Helpers panic with a message naming the selector instead of returning `Result`: tests
//!   read as a user script, and every timeout also saves a screenshot, the page HTML and the
//!   browser console into `e2e/artifacts/`, which is what you need when CI fails.
//! - Each [`Browser`] runs its own chromedriver in its own process group and kills the whole
//!   group on drop, so a panicking test never leaves Chromium behind.
//! - The static server is plain std threads: it works from sync and async tests alike and
//!   needs no runtime of its own.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;
use std::fs;
use std::future::Future;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub mod app;

pub use fantoccini::elements::Element;
pub use fantoccini::wd::WindowHandle;
pub use fantoccini::{Client, Locator};
pub use serde_json::Value as Json;

use serde_json::json;

/// How often polling helpers retry.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

// ---------------------------------------------------------------------------------------
// Paths and settings
// ---------------------------------------------------------------------------------------

/// The workspace root (parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e crate lives inside the workspace")
        .to_path_buf()
}

/// `e2e/artifacts/` (git-ignored): screenshots, page dumps and chromedriver logs.
pub fn artifacts_dir() -> PathBuf {
    let dir = workspace_root().join("e2e").join("artifacts");
    fs::create_dir_all(&dir).expect("create e2e/artifacts");
    dir
}

/// The built app: `$RAPPORT_DIST` if set, else `<workspace>/dist`.
///
/// Panics with instructions if it has no `index.html` (nothing built yet).
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("RAPPORT_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"));
    assert!(
        dir.join("index.html").is_file(),
        "{}/index.html is missing: run scripts/build.sh first (or set RAPPORT_DIST to a \
         directory containing a built app)",
        dir.display()
    );
    dir
}

/// Default wait timeout: 10 s, or `RAPPORT_E2E_TIMEOUT_SECS` (slow CI machines).
pub fn default_timeout() -> Duration {
    std::env::var("RAPPORT_E2E_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .map(Duration::from_secs_f64)
        .unwrap_or(Duration::from_secs(10))
}

fn unique_suffix() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{}-{}-{nanos:x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Keeps file names readable and safe: `#people li.active` -> `people-li-active`.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.truncate(40);
    out.trim_end_matches('-').to_string()
}

// ---------------------------------------------------------------------------------------
// TempDir
// ---------------------------------------------------------------------------------------

/// A fresh directory under the system temp dir, removed on drop (kept if
/// `RAPPORT_E2E_KEEP_TMP` is set). Use it for a profile that must outlive one [`Browser`]:
///
/// ```no_run
/// # async fn f() {
/// let profile = rapport_e2e::TempDir::new("alice-profile");
/// let b = rapport_e2e::Browser::launch_with_profile("alice", profile.path()).await;
/// b.close().await; // graceful: Chromium flushes IndexedDB/localStorage to disk
/// let b = rapport_e2e::Browser::launch_with_profile("alice", profile.path()).await;
/// # }
/// ```
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("rapport-e2e-{}-{}", slug(label), unique_suffix()));
        fs::create_dir_all(&path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("RAPPORT_E2E_KEEP_TMP").is_none() {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

// ---------------------------------------------------------------------------------------
// StaticServer
// ---------------------------------------------------------------------------------------

/// URL of the most recently started server: the default base for [`Browser::goto`].
static CURRENT_BASE_URL: Mutex<Option<String>> = Mutex::new(None);

/// A tiny HTTP/1.1 static file server on `127.0.0.1:<free port>` with SPA fallback
/// (unknown extension-less paths get `index.html`, like the real host should). Stops on drop.
#[derive(Debug)]
pub struct StaticServer {
    /// `http://127.0.0.1:<port>` (no trailing slash).
    pub url: String,
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Serve `dist_dir` (must contain `index.html`). Browsers launched afterwards resolve
    /// `goto("/path")` against this server.
    pub fn start(dist_dir: impl AsRef<Path>) -> StaticServer {
        let root = dist_dir.as_ref().to_path_buf();
        assert!(
            root.join("index.html").is_file(),
            "{}/index.html is missing: run scripts/build.sh first",
            root.display()
        );
        let root = root.canonicalize().expect("canonicalize dist dir");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let url = format!("http://{addr}");
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = stop.clone();
            std::thread::Builder::new()
                .name("rapport-e2e-static".into())
                .spawn(move || {
                    for stream in listener.incoming() {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        let Ok(stream) = stream else { continue };
                        let root = root.clone();
                        // One thread per connection: Chromium opens several in parallel.
                        std::thread::spawn(move || {
                            let _ = serve_connection(stream, &root);
                        });
                    }
                })
                .expect("spawn static server thread")
        };
        *CURRENT_BASE_URL.lock().unwrap_or_else(|p| p.into_inner()) = Some(url.clone());
        StaticServer {
            url,
            addr,
            stop,
            thread: Some(thread),
        }
    }

    /// Serve [`dist_dir()`] (`$RAPPORT_DIST` or `<workspace>/dist`).
    pub fn start_dist() -> StaticServer {
        StaticServer::start(dist_dir())
    }

    /// Absolute URL for a path on this server.
    pub fn url_for(&self, path: &str) -> String {
        join_url(&self.url, path)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so the thread sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let mut current = CURRENT_BASE_URL.lock().unwrap_or_else(|p| p.into_inner());
        if current.as_deref() == Some(self.url.as_str()) {
            *current = None;
        }
    }
}

fn join_url(base: &str, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_string()
    } else if path.starts_with('/') {
        format!("{}{path}", base.trim_end_matches('/'))
    } else {
        format!("{}/{path}", base.trim_end_matches('/'))
    }
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        // Required for WebAssembly.instantiateStreaming.
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("json" | "map") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Map a request path to a file, refusing anything that escapes the root.
fn resolve(root: &Path, request_path: &str) -> Option<PathBuf> {
    let path = request_path.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path);
    let mut file = root.to_path_buf();
    for comp in Path::new(decoded.trim_start_matches('/')).components() {
        match comp {
            Component::Normal(c) => file.push(c),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    if file.is_file() {
        return Some(file);
    }
    // SPA fallback: client-side routes like /people/42 have no extension.
    let last = decoded.rsplit('/').next().unwrap_or("");
    if !last.contains('.') {
        return Some(root.join("index.html"));
    }
    None
}

fn serve_connection(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(());
    }
    // Drain headers; we answer every request with `Connection: close`, so bodies (none
    // expected for GET/HEAD) are never read.
    let mut content_length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.trim().eq_ignore_ascii_case("content-length") {
                content_length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    if content_length > 0 {
        let mut body = vec![0; content_length.min(1 << 20)];
        let _ = reader.read_exact(&mut body);
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let (status, ctype, body): (&str, &str, Vec<u8>) = match method {
        "GET" | "HEAD" => {
            match resolve(root, target).and_then(|f| fs::read(&f).ok().map(|b| (f, b))) {
                Some((file, bytes)) => ("200 OK", content_type(&file), bytes),
                None => (
                    "404 Not Found",
                    "text/plain; charset=utf-8",
                    format!("not found: {target}\n").into_bytes(),
                ),
            }
        }
        _ => (
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n".to_vec(),
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    writer.write_all(head.as_bytes())?;
    if method != "HEAD" {
        writer.write_all(&body)?;
    }
    writer.flush()
}

// ---------------------------------------------------------------------------------------
// chromedriver process group
// ---------------------------------------------------------------------------------------

/// chromedriver (and the Chromium it starts) in its own process group, killed on drop.
struct DriverProcess {
    child: Child,
    pgid: i32,
    killed: bool,
}

impl DriverProcess {
    /// SIGKILL the whole group and wait (up to 5 s) until no live process is left in it,
    /// so the profile directory is unlocked and can be deleted or reused.
    fn kill_group(&mut self) {
        // Once only: after the wait the pgid number may be reused by someone else.
        if std::mem::replace(&mut self.killed, true) {
            return;
        }
        // SAFETY: plain syscall; pgid is the chromedriver child's pid, which we own.
        unsafe {
            libc::killpg(self.pgid, libc::SIGKILL);
        }
        let _ = self.child.wait();
        let deadline = Instant::now() + Duration::from_secs(5);
        while live_processes_in_group(self.pgid) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        self.kill_group();
    }
}

/// Count non-zombie processes whose process group is `pgid` (Chromium's helpers are
/// re-parented when chromedriver dies, and may linger as zombies if PID 1 does not reap).
fn live_processes_in_group(pgid: i32) -> usize {
    let Ok(entries) = fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| fs::read_to_string(e.path().join("stat")).ok())
        .filter(|stat| {
            // Fields after "(comm)": state ppid pgrp ...
            let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
                return false;
            };
            let mut f = rest.split_whitespace();
            let state = f.next().unwrap_or("");
            let _ppid = f.next();
            let pgrp = f.next().and_then(|p| p.parse::<i32>().ok());
            pgrp == Some(pgid) && state != "Z" && state != "X"
        })
        .count()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}

// ---------------------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------------------

/// Where the Chromium profile lives: owned (deleted with the browser) or caller-provided.
enum Profile {
    Owned(TempDir),
    Shared(PathBuf),
}

impl Profile {
    fn path(&self) -> &Path {
        match self {
            Profile::Owned(t) => t.path(),
            Profile::Shared(p) => p,
        }
    }
}

/// One person's headless Chromium, with its own chromedriver, profile and downloads dir.
///
/// Two `Browser`s are two independent people (separate IndexedDB, localStorage, keys).
/// Helpers wait up to [`default_timeout()`] and panic with a clear message on timeout,
/// after saving a screenshot, the page HTML and the console log into `e2e/artifacts/`.
pub struct Browser {
    name: String,
    client: Client,
    base_url: Mutex<Option<String>>,
    tabs: Mutex<Vec<WindowHandle>>,
    seen_downloads: Mutex<HashSet<PathBuf>>,
    failures: AtomicUsize,
    timeout_ms: AtomicU64,
    /// `set_clock`'s script is installed in this session.
    clock_installed: std::sync::atomic::AtomicBool,
    // Drop order matters: kill the processes before deleting the directories they use.
    driver: DriverProcess,
    downloads: TempDir,
    profile: Profile,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser")
            .field("name", &self.name)
            .field("profile", &self.profile.path())
            .field("downloads", &self.downloads.path())
            .finish()
    }
}

impl Browser {
    /// Launch with a fresh, empty profile (a new person on a new device).
    pub async fn launch(name: &str) -> Browser {
        let profile = TempDir::new(&format!("{name}-profile"));
        Browser::launch_inner(name, Profile::Owned(profile)).await
    }

    /// Launch on an existing profile directory (e.g. from [`TempDir`]) to test that data
    /// survives a browser restart. Only one Browser may use a profile at a time: call
    /// [`Browser::close`] on the previous one first (a graceful quit flushes storage).
    pub async fn launch_with_profile(name: &str, profile_dir: impl AsRef<Path>) -> Browser {
        let dir = profile_dir.as_ref().to_path_buf();
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
        Browser::launch_inner(name, Profile::Shared(dir)).await
    }

    async fn launch_inner(name: &str, profile: Profile) -> Browser {
        let downloads = TempDir::new(&format!("{name}-downloads"));
        let port = free_port();
        let log_path = artifacts_dir().join(format!("{}-chromedriver.log", slug(name)));
        // Append: a profile-reuse test launches the same name twice and both logs matter.
        let mut log = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .expect("open chromedriver log");
        let _ = writeln!(log, "=== launch {name} (pid {}) ===", std::process::id());
        let driver_bin =
            std::env::var_os("CHROMEDRIVER").unwrap_or_else(|| "/usr/bin/chromedriver".into());
        let child = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("clone log handle"))
            .stderr(log)
            // Own process group, so Drop can kill chromedriver *and* every Chromium process
            // it started with one killpg, even when the test panics.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {:?}: {e} (run scripts/setup.sh to install chromium-driver)",
                    driver_bin
                )
            });
        let pgid = child.id() as i32;
        let mut driver = DriverProcess {
            child,
            pgid,
            killed: false,
        };

        // Wait until chromedriver listens.
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!(
                    "chromedriver exited early ({status}); log {}:\n{}",
                    log_path.display(),
                    fs::read_to_string(&log_path).unwrap_or_default()
                );
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port} within 20 s; log: {}",
                log_path.display()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        let caps = capabilities(profile.path(), downloads.path());
        let client = fantoccini::ClientBuilder::rustls()
            .expect("rustls connector")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| {
                driver.kill_group();
                panic!(
                    "cannot start Chromium through chromedriver: {e}\nchromedriver log {}:\n{}",
                    log_path.display(),
                    fs::read_to_string(&log_path).unwrap_or_default()
                )
            });
        let first_tab = client.window().await.expect("current window handle");
        let base = CURRENT_BASE_URL
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        Browser {
            name: name.to_string(),
            client,
            base_url: Mutex::new(base),
            tabs: Mutex::new(vec![first_tab]),
            seen_downloads: Mutex::new(HashSet::new()),
            failures: AtomicUsize::new(0),
            timeout_ms: AtomicU64::new(default_timeout().as_millis() as u64),
            clock_installed: std::sync::atomic::AtomicBool::new(false),
            driver,
            downloads,
            profile,
        }
    }

    // --- accessors -------------------------------------------------------------------

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The underlying fantoccini client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn profile_dir(&self) -> &Path {
        self.profile.path()
    }

    pub fn downloads_dir(&self) -> &Path {
        self.downloads.path()
    }

    /// How long helpers wait before failing (default [`default_timeout()`]).
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms.load(Ordering::Relaxed))
    }

    /// Change how long helpers wait, e.g. around a slow import of a large file.
    pub fn set_timeout(&self, timeout: Duration) {
        self.timeout_ms
            .store(timeout.as_millis() as u64, Ordering::Relaxed);
    }

    /// Base URL for relative paths in [`Browser::goto`]; defaults to the last
    /// [`StaticServer`] started before this browser was launched.
    pub fn set_base_url(&self, url: &str) {
        *self.base_url.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(url.trim_end_matches('/').to_string());
    }

    /// Resolve `path` (`/people`, `people`, or a full URL) against the base URL.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            return path.to_string();
        }
        let base = self
            .base_url
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .expect(
                "no base URL: start a StaticServer before Browser::launch, or call set_base_url",
            );
        join_url(&base, path)
    }

    // --- navigation ------------------------------------------------------------------

    /// Open a path of the served app (or an absolute URL).
    pub async fn goto(&self, path: &str) {
        let url = self.url(path);
        if let Err(e) = self.client.goto(&url).await {
            self.fail(&format!("goto {url}"), &format!("navigation failed: {e}"))
                .await;
        }
    }

    /// Reload the current page (the app must restore its state from storage).
    pub async fn reload(&self) {
        if let Err(e) = self.client.refresh().await {
            self.fail("reload", &format!("reload failed: {e}")).await;
        }
    }

    /// Current URL of the active tab.
    pub async fn current_url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    /// Open `path` in a new tab, switch to it, and return its index (first tab is 0).
    pub async fn new_tab_with(&self, path: &str) -> usize {
        let resp = self.client.new_window(true).await.expect("open a new tab");
        self.client
            .switch_to_window(resp.handle.clone())
            .await
            .expect("switch to new tab");
        let index = {
            let mut tabs = self.tabs.lock().unwrap_or_else(|p| p.into_inner());
            tabs.push(resp.handle);
            tabs.len() - 1
        };
        self.goto(path).await;
        index
    }

    /// Make tab `i` (in order of creation; 0 = the first) the active one.
    pub async fn switch_to_tab(&self, i: usize) {
        let handle = {
            let tabs = self.tabs.lock().unwrap_or_else(|p| p.into_inner());
            tabs.get(i)
                .cloned()
                .unwrap_or_else(|| panic!("[{}] no tab {i}: {} open", self.name, tabs.len()))
        };
        self.client
            .switch_to_window(handle)
            .await
            .unwrap_or_else(|e| panic!("[{}] switch to tab {i}: {e}", self.name));
    }

    // --- waiting and reading ---------------------------------------------------------

    /// Wait until an element matching `css` exists; return it.
    pub async fn wait_for(&self, css: &str) -> Element {
        let client = &self.client;
        self.poll(&format!("element `{css}`"), || async move {
            client
                .find(Locator::Css(css))
                .await
                .map_err(|e| e.to_string())
        })
        .await
    }

    /// Wait until some element matching `css` has visible text containing `needle`.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> Element {
        let client = &self.client;
        self.poll(
            &format!("`{css}` with text containing {needle:?}"),
            || async move {
                let elements = client
                    .find_all(Locator::Css(css))
                    .await
                    .map_err(|e| e.to_string())?;
                let mut seen = Vec::new();
                for e in elements {
                    let text = e.text().await.unwrap_or_default();
                    if text.contains(needle) {
                        return Ok(e);
                    }
                    seen.push(text);
                }
                Err(format!("matching elements' texts: {seen:?}"))
            },
        )
        .await
    }

    /// Wait until exactly `n` elements match `css`.
    pub async fn wait_for_count(&self, css: &str, n: usize) {
        let client = &self.client;
        self.poll(&format!("{n} elements matching `{css}`"), || async move {
            let found = client
                .find_all(Locator::Css(css))
                .await
                .map_err(|e| e.to_string())?
                .len();
            if found == n {
                Ok(())
            } else {
                Err(format!("found {found}"))
            }
        })
        .await
    }

    /// Wait until no element matches `css` (e.g. a dialog closed).
    pub async fn wait_for_gone(&self, css: &str) {
        self.wait_for_count(css, 0).await
    }

    /// Waits until the `value` of the first element matching `css` satisfies `ok`; returns it.
    pub async fn poll_value(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
        let client = &self.client;
        let ok = &ok;
        self.poll(
            &format!("the value of `{css}` to be as expected"),
            || async move {
                let el = client
                    .find(Locator::Css(css))
                    .await
                    .map_err(|e| e.to_string())?;
                let v = el
                    .prop("value")
                    .await
                    .map_err(|e| e.to_string())?
                    .unwrap_or_default();
                if ok(&v) {
                    Ok(v)
                } else {
                    Err(format!("value is {v:?}"))
                }
            },
        )
        .await
    }

    /// Waits until `script` (a function body returning a string) returns a value that
    /// satisfies `ok`; returns it. For page state no selector shows (focus, localStorage).
    pub async fn poll_value_js(&self, script: &str, ok: impl Fn(&str) -> bool) -> String {
        let client = &self.client;
        let ok = &ok;
        self.poll("a script's value to be as expected", || async move {
            let v = client
                .execute(script, vec![])
                .await
                .map_err(|e| e.to_string())?;
            let v = v.as_str().unwrap_or_default().to_string();
            if ok(&v) {
                Ok(v)
            } else {
                Err(format!("value is {v:?}"))
            }
        })
        .await
    }

    /// Visible text of the first element matching `css` (waits for it).
    pub async fn text(&self, css: &str) -> String {
        let el = self.wait_for(css).await;
        el.text().await.unwrap_or_default()
    }

    /// Number of elements matching `css` right now (no waiting).
    pub async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .map(|v| v.len())
            .unwrap_or(0)
    }

    /// Value of a DOM property (e.g. `value`, `checked`) of the first element matching `css`.
    pub async fn prop(&self, css: &str, prop: &str) -> Option<String> {
        let el = self.wait_for(css).await;
        el.prop(prop).await.ok().flatten()
    }

    // --- acting ----------------------------------------------------------------------

    /// Click the first element matching `css`, retrying while it is missing or covered.
    pub async fn click(&self, css: &str) {
        let client = &self.client;
        self.poll(&format!("clickable `{css}`"), || async move {
            let el = client
                .find(Locator::Css(css))
                .await
                .map_err(|e| e.to_string())?;
            el.click().await.map_err(|e| e.to_string())
        })
        .await
    }

    /// Click the first visible, enabled button (`button`, `[role=button]`, submit/button
    /// inputs) whose visible text (or value) contains `text`.
    /// Clicks the first visible link whose text contains `text`.
    pub async fn click_link(&self, text: &str) {
        let client = &self.client;
        self.poll(
            &format!("link with text containing {text:?}"),
            || async move {
                let links = client
                    .find_all(Locator::Css("a[href]"))
                    .await
                    .map_err(|e| e.to_string())?;
                for a in links {
                    let label = a.text().await.unwrap_or_default();
                    if label.contains(text) && a.is_displayed().await.unwrap_or(false) {
                        return a.click().await.map_err(|e| format!("click {label:?}: {e}"));
                    }
                }
                Err(format!("no visible link containing {text:?}"))
            },
        )
        .await
    }

    pub async fn click_button(&self, text: &str) {
        let client = &self.client;
        self.poll(
            &format!("button with text containing {text:?}"),
            || async move {
                let buttons = client
                    .find_all(Locator::Css(
                        "button, [role=button], input[type=submit], input[type=button]",
                    ))
                    .await
                    .map_err(|e| e.to_string())?;
                let mut seen = Vec::new();
                for b in buttons {
                    let mut label = b.text().await.unwrap_or_default();
                    if label.is_empty() {
                        label = b.attr("value").await.ok().flatten().unwrap_or_default();
                    }
                    if !label.contains(text) {
                        if !label.is_empty() {
                            seen.push(label);
                        }
                        continue;
                    }
                    let usable = b.is_displayed().await.unwrap_or(false)
                        && b.is_enabled().await.unwrap_or(false);
                    if !usable {
                        seen.push(format!("{label} (hidden or disabled)"));
                        continue;
                    }
                    return b.click().await.map_err(|e| format!("click {label:?}: {e}"));
                }
                Err(format!("buttons seen: {seen:?}"))
            },
        )
        .await
    }

    /// Replace the content of the input/textarea matching `css` with `text` (types it, so
    /// the app's input handlers fire).
    pub async fn fill(&self, css: &str, text: &str) {
        let client = &self.client;
        self.poll(&format!("fillable `{css}`"), || async move {
            let el = client
                .find(Locator::Css(css))
                .await
                .map_err(|e| e.to_string())?;
            el.clear().await.map_err(|e| e.to_string())?;
            el.send_keys(text).await.map_err(|e| e.to_string())
        })
        .await
    }

    /// Choose an option of the `<select>` matching `css` by value, or else by label.
    pub async fn select(&self, css: &str, value: &str) {
        let client = &self.client;
        self.poll(&format!("`{css}` option {value:?}"), || async move {
            let el = client
                .find(Locator::Css(css))
                .await
                .map_err(|e| e.to_string())?;
            match el.select_by_value(value).await {
                Ok(()) => Ok(()),
                Err(by_value) => el
                    .select_by_label(value)
                    .await
                    .map_err(|by_label| format!("by value: {by_value}; by label: {by_label}")),
            }
        })
        .await
    }

    /// Choose a file for the `<input type=file>` matching `css` (may be hidden).
    pub async fn upload(&self, css: &str, path: impl AsRef<Path>) {
        let abs = path
            .as_ref()
            .canonicalize()
            .unwrap_or_else(|e| panic!("[{}] upload: {}: {e}", self.name, path.as_ref().display()));
        let abs = abs.to_str().expect("UTF-8 path").to_string();
        let client = &self.client;
        let abs = abs.as_str();
        self.poll(&format!("file input `{css}`"), || async move {
            let el = client
                .find(Locator::Css(css))
                .await
                .map_err(|e| e.to_string())?;
            el.send_keys(abs).await.map_err(|e| e.to_string())
        })
        .await
    }

    /// Wait for a new completed download whose name ends with `ext` (`"ics"` or `".ics"`)
    /// and return its path. Each call returns a file not returned before.
    pub async fn wait_for_download(&self, ext: &str) -> PathBuf {
        let ext = ext.trim_start_matches('.').to_ascii_lowercase();
        let dir = self.downloads.path().to_path_buf();
        let seen = &self.seen_downloads;
        let ext = ext.as_str();
        let dir = dir.as_path();
        let path = self
            .poll(
                &format!("a downloaded .{ext} file in {}", dir.display()),
                || async move {
                    let mut names = Vec::new();
                    let entries = fs::read_dir(dir).map_err(|e| e.to_string())?;
                    for entry in entries.flatten() {
                        let p = entry.path();
                        let name = entry.file_name().to_string_lossy().to_string();
                        names.push(name.clone());
                        // Chromium writes `<name>.crdownload` and renames when complete.
                        let lower = name.to_ascii_lowercase();
                        if lower.ends_with(".crdownload") || !lower.ends_with(&format!(".{ext}")) {
                            continue;
                        }
                        // Chromium may create the final name empty before it writes the
                        // bytes; every file the app downloads has content.
                        let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
                        if len == 0 {
                            continue;
                        }
                        // Nor is a file with content always complete (a `.ics` once read back
                        // empty): one whose size holds for a moment is.
                        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
                        if fs::metadata(&p).map(|m| m.len()).unwrap_or(0) != len {
                            continue;
                        }
                        let mut seen = seen.lock().unwrap_or_else(|p| p.into_inner());
                        if seen.insert(p.clone()) {
                            return Ok(p);
                        }
                    }
                    Err(format!("downloads dir holds {names:?}"))
                },
            )
            .await;
        path
    }

    /// Run JavaScript in the page (`return ...;` to get a value back).
    pub async fn execute(&self, js: &str) -> Json {
        match self.client.execute(js, vec![]).await {
            Ok(v) => v,
            Err(e) => {
                self.fail("execute", &format!("script failed: {e}\n{js}"))
                    .await
            }
        }
    }

    /// Runs a DevTools-protocol command (through chromedriver) and returns its result, for
    /// what WebDriver cannot do: squeeze storage quota, emulate print media, size the
    /// viewport. Panics with the command's error.
    pub async fn cdp(&self, cmd: &str, params: Json) -> Json {
        match self
            .client
            .issue_cmd(Cdp {
                cmd: cmd.to_string(),
                params,
            })
            .await
        {
            Ok(v) => v,
            Err(e) => self.fail("cdp", &format!("{cmd} failed: {e}")).await,
        }
    }

    /// The origin the app is served from (e.g. `http://127.0.0.1:40123`).
    pub fn origin(&self) -> String {
        let url = url::Url::parse(&self.url("/")).expect("app url");
        url.origin().ascii_serialization()
    }

    /// Limits this origin's storage quota to `bytes` (a full disk, as the browser sees it);
    /// `None` lifts the limit again.
    pub async fn set_storage_quota(&self, bytes: Option<u64>) {
        let mut params = json!({ "origin": self.origin() });
        if let Some(b) = bytes {
            params["quotaSize"] = json!(b);
        }
        self.cdp("Storage.overrideQuotaForOrigin", params).await;
    }

    /// Sizes the viewport to `width` × `height` CSS pixels (screenshots of a given screen).
    pub async fn set_viewport(&self, width: u32, height: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await;
    }

    /// Sets the page's clock to the local date and time `local` (`2026-11-25T10:00`) and
    /// reloads, so a test can live through several weeks the way a person would, one day at a
    /// time. The clock then runs on from there. Test harness only: a script installed before
    /// any page script shifts `Date` (and so `chrono::Local::now()` in the app) by a fixed
    /// offset kept in localStorage; the app itself has no hook for it.
    pub async fn set_clock(&self, local: &str) {
        const SHIFT: &str = "(() => { const at = localStorage.getItem('rapport-e2e-clock'); \
            if (!at) return; const RealDate = Date; const offset = Number(at) - RealDate.now(); \
            class ShiftedDate extends RealDate { \
              constructor(...a) { if (a.length === 0) { super(RealDate.now() + offset); } else { super(...a); } } \
              static now() { return RealDate.now() + offset; } } \
            globalThis.Date = ShiftedDate; })();";
        if !self
            .clock_installed
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            self.cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": SHIFT }),
            )
            .await;
        }
        self.execute(&format!(
            "localStorage.setItem('rapport-e2e-clock', String(new Date('{local}:00').getTime())); return true;"
        ))
        .await;
        self.reload().await;
    }

    /// Renders the page with print styles (`true`) or screen styles again (`false`).
    pub async fn emulate_print(&self, print: bool) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "media": if print { "print" } else { "" } }),
        )
        .await;
    }

    /// Kills Chromium at once, as a crash or a dead battery would: nothing is flushed or
    /// closed. The profile directory stays for a relaunch when it was shared.
    pub fn kill(self) {
        let Browser { driver, client, .. } = self;
        drop(driver); // SIGKILL first, so the client cannot end the session gracefully
        drop(client);
    }

    /// Accept the open `alert`/`confirm` dialog (e.g. "Delete this person?").
    pub async fn accept_dialog(&self) {
        let client = &self.client;
        self.poll("an open dialog to accept", || async move {
            client.accept_alert().await.map_err(|e| e.to_string())
        })
        .await
    }

    /// Save a PNG of the viewport. A relative path goes under `e2e/artifacts/`.
    pub async fn screenshot(&self, path: impl AsRef<Path>) -> PathBuf {
        let path = if path.as_ref().is_absolute() {
            path.as_ref().to_path_buf()
        } else {
            artifacts_dir().join(path)
        };
        let png = self.client.screenshot().await.expect("take screenshot");
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create screenshot dir");
        }
        fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// Browser console messages since the last call (console.log/warn/error, uncaught
    /// errors, Rust panics via console_error_panic_hook).
    pub async fn console_log(&self) -> Vec<String> {
        match self.client.issue_cmd(BrowserLog).await {
            Ok(Json::Array(entries)) => entries
                .iter()
                .map(|e| {
                    format!(
                        "{} {}",
                        e["level"].as_str().unwrap_or("?"),
                        e["message"].as_str().unwrap_or("")
                    )
                })
                .collect(),
            Ok(other) => vec![format!("unexpected log response: {other}")],
            Err(e) => vec![format!("console log unavailable: {e}")],
        }
    }

    /// Quit Chromium gracefully (so it flushes its profile to disk), then stop chromedriver
    /// and remove the temporary directories. Dropping a Browser instead kills it at once.
    pub async fn close(self) {
        let Browser { client, driver, .. } = self;
        let _ = client.close().await;
        drop(driver);
    }

    // --- internals -------------------------------------------------------------------

    /// Retry `attempt` every 100 ms until it returns Ok or the timeout passes; then save
    /// debugging artifacts and panic naming `what` and the last error.
    async fn poll<T, F, Fut>(&self, what: &str, mut attempt: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, String>>,
    {
        let timeout = self.timeout();
        let deadline = Instant::now() + timeout;
        loop {
            let last_error = match attempt().await {
                Ok(v) => return v,
                Err(e) => e,
            };
            if Instant::now() >= deadline {
                self.fail(
                    what,
                    &format!(
                        "timed out after {:.1} s waiting for {what}\nlast error: {last_error}",
                        timeout.as_secs_f64()
                    ),
                )
                .await;
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Save screenshot, page HTML and console log to `e2e/artifacts/`, then panic.
    async fn fail(&self, what: &str, message: &str) -> ! {
        let n = self.failures.fetch_add(1, Ordering::Relaxed);
        let stem = format!("{}-fail{n}-{}", slug(&self.name), slug(what));
        let dir = artifacts_dir();
        let url = self.current_url().await;
        let mut saved = Vec::new();
        if let Ok(png) = self.client.screenshot().await {
            let p = dir.join(format!("{stem}.png"));
            if fs::write(&p, png).is_ok() {
                saved.push(p);
            }
        }
        if let Ok(html) = self.client.source().await {
            let p = dir.join(format!("{stem}.html"));
            if fs::write(&p, html).is_ok() {
                saved.push(p);
            }
        }
        let console = self.console_log().await;
        let p = dir.join(format!("{stem}.console.txt"));
        if fs::write(&p, console.join("\n")).is_ok() {
            saved.push(p);
        }
        let tail: Vec<&String> = console
            .iter()
            .rev()
            .take(10)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        panic!(
            "[{}] {message}\npage: {url}\nlast console messages: {tail:#?}\nsaved: {saved:#?}",
            self.name
        )
    }
}

/// chromedriver's (non-W3C but supported) browser log endpoint; needs
/// `goog:loggingPrefs.browser` in the capabilities.
#[derive(Debug)]
struct BrowserLog;

/// chromedriver's `goog/cdp/execute`: one DevTools-protocol command on the current tab.
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: Json,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()),
        )
    }
}

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}

fn chromium_binary() -> String {
    std::env::var("RAPPORT_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string())
}

fn capabilities(profile: &Path, downloads: &Path) -> serde_json::Map<String, Json> {
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium_binary(),
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                // No network beyond 127.0.0.1 on CI; these stop Chromium from trying.
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": {
                "download": {
                    "default_directory": downloads.display().to_string(),
                    "prompt_for_download": false,
                    "directory_upgrade": true,
                },
                "safebrowsing": { "enabled": false },
            },
        },
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    match caps {
        Json::Object(map) => map,
        _ => unreachable!("capabilities literal is an object"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_files_and_spa_routes_but_not_traversal() {
        let dir = TempDir::new("resolve");
        fs::write(dir.path().join("index.html"), "<html></html>").unwrap();
        fs::write(dir.path().join("app.wasm"), [0, 97, 115, 109]).unwrap();
        let root = dir.path();
        assert_eq!(resolve(root, "/app.wasm?x=1"), Some(root.join("app.wasm")));
        assert_eq!(resolve(root, "/"), Some(root.join("index.html")));
        assert_eq!(resolve(root, "/people/42"), Some(root.join("index.html")));
        assert_eq!(resolve(root, "/missing.js"), None);
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/%2e%2e/etc/passwd"), None);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("a.JS")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("m.webmanifest")),
            "application/manifest+json"
        );
        assert_eq!(content_type(Path::new("i.svg")), "image/svg+xml");
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/a%20b"), "/a b");
        assert_eq!(percent_decode("/100%"), "/100%");
        assert_eq!(percent_decode("/%zz"), "/%zz");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("#people li.active"), "people-li-active");
        assert_eq!(slug("Alice"), "alice");
    }
}
