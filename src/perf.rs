//! User Timing marks for the browser benchmark (issue 11, `bench/`): how long start-up spends
//! reading IndexedDB (Today's stored view in the Today module), loading Automerge documents and
//! hydrating the workspace (the whole app). They cost a
//! `performance.mark` each, show nowhere in the UI, and any page can read them with
//! `performance.getEntriesByType("measure")` (names start with `rapport:`).

thread_local! {
    static PERF: Option<web_sys::Performance> = web_sys::window().and_then(|w| w.performance());
}

/// A running measure: [`Span::end`] records it (`performance.measure`).
pub struct Span {
    mark: Option<String>,
    name: String,
}

/// Starts a measure called `name`.
pub fn start(name: &str) -> Span {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mark = format!("{name}#{n}");
    let ok = PERF.with(|p| p.as_ref().is_some_and(|p| p.mark(&mark).is_ok()));
    Span {
        mark: ok.then_some(mark),
        name: name.to_string(),
    }
}

impl Span {
    pub fn end(self) {
        let Some(mark) = self.mark else { return };
        PERF.with(|p| {
            if let Some(p) = p {
                let _ = p.measure_with_start_mark(&self.name, &mark);
                p.clear_marks_with_mark_name(&mark);
            }
        });
    }
}

/// Runs `f` and records how long it took as the measure `name`.
pub fn measure<R>(name: &str, f: impl FnOnce() -> R) -> R {
    let span = start(name);
    let out = f();
    span.end();
    out
}

/// A point in time (`performance.mark`), e.g. when the workspace is ready.
pub fn mark(name: &str) {
    PERF.with(|p| {
        if let Some(p) = p {
            let _ = p.mark(name);
        }
    });
}
