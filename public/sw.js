// Rapport's service worker (R8.3): after the first visit the app works offline.
// Strategy: network first for the page itself (so a new deployment is picked up when online),
// cache first for everything else (Trunk's file names carry a content hash, so a cached
// file never goes stale). Only same-origin GET requests are handled; the app sends nothing
// anywhere else anyway.
const CACHE = "rapport-v1";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((c) => c.addAll(["./", "./index.html"])).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  const isPage = req.mode === "navigate";
  // Web Worker files (passphrase_worker*.js / .wasm) must keep fixed names, so they carry no
  // content hash: like the page, fetch them first and use the cache only offline, or an
  // update would keep running the old worker.
  const unhashed = url.pathname.includes("passphrase_worker");
  event.respondWith(
    isPage ? networkFirst(req) : unhashed ? networkThenCache(req) : cacheFirst(req)
  );
});

async function networkFirst(req) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.ok) cache.put("./index.html", res.clone());
    return res;
  } catch (_) {
    return (await cache.match("./index.html")) || (await cache.match("./")) || Response.error();
  }
}

async function networkThenCache(req) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.ok) cache.put(req, res.clone());
    return res;
  } catch (_) {
    return (await cache.match(req)) || Response.error();
  }
}

async function cacheFirst(req) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) cache.put(req, res.clone());
  return res;
}
