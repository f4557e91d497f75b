// Injected into every page the browser benchmark opens (CDP
// Page.addScriptToEvaluateOnNewDocument), before the app's own scripts run. It only observes:
// long tasks, and the moments the benchmark waits for, in the page's own clock
// (performance.now(), 0 = navigation start), so no WebDriver round trip is in any timing.
(() => {
  const B = (window.__bench = {
    longtasks: [],
    todayAt: null,
    done: null,
    expect: Number(localStorage.getItem("rapport-bench-expect") || "0"),
  });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (_) {}

  // Today is interactive when every person's row is rendered with its check-in button enabled.
  const todayReady = () => {
    if (!B.expect) return false;
    const rows = document.querySelectorAll("ul.today-list li.today-item");
    if (rows.length < B.expect) return false;
    const buttons = document.querySelectorAll(
      "ul.today-list li.today-item button[aria-label^='Log check-in with']:not([disabled])"
    );
    return buttons.length >= B.expect;
  };
  const watchers = [];
  const check = () => {
    const now = performance.now();
    if (B.todayAt === null && todayReady()) B.todayAt = now;
    for (let i = watchers.length - 1; i >= 0; i--) {
      if (watchers[i].test()) {
        const w = watchers.splice(i, 1)[0];
        w.resolve(now);
      }
    }
  };
  const start = () =>
    new MutationObserver(check).observe(document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
    });
  if (document.documentElement) start();
  else document.addEventListener("DOMContentLoaded", start);

  // Waits until test() holds; resolves with the time it first held.
  B.until = (test) =>
    new Promise((resolve) => {
      if (test()) return resolve(performance.now());
      watchers.push({ test, resolve });
    });
  // Starts `action` now and records in B.done {t0, at, painted} once `test` holds and the
  // next frame has been produced (what the person sees).
  B.measure = (action, test) => {
    B.done = null;
    const t0 = performance.now();
    const p = B.until(test);
    action();
    p.then((at) =>
      requestAnimationFrame(() =>
        setTimeout(() => (B.done = { t0, at, painted: performance.now() }), 0)
      )
    );
    return t0;
  };
  B.longtasksBetween = (a, b) => {
    const xs = B.longtasks.filter(([s, d]) => s + d >= a && s <= b).map(([, d]) => d);
    return { count: xs.length, max: xs.length ? Math.max(...xs) : 0, total: xs.reduce((x, y) => x + y, 0) };
  };
  // Each long task between a and b (ms after a), with the app's measures and marks inside it:
  // where a freeze comes from.
  B.longtaskParts = (a, b) => B.longtasks
    .filter(([s, d]) => s + d >= a && s <= b)
    .map(([s, d]) => ({
      at: Math.round(s - a),
      ms: Math.round(d),
      inside: performance.getEntries()
        .filter((e) => e.name.startsWith("rapport:") && (e.entryType === "measure" || e.entryType === "mark"))
        .filter((e) => e.startTime < s + d && e.startTime + e.duration >= s)
        .map((e) => `${e.name} ${Math.round(e.duration)}`),
    }));
  B.text = (css) => {
    const e = document.querySelector(css);
    return e ? e.textContent : "";
  };
  // Every person's row with its button enabled (Today interactive).
  B.todayReady = todayReady;
})();
