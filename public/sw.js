// Rapport's service worker (R8.3): after the first visit the app works offline, from the
// server root or from any sub-path (every URL here is relative to this file, and its scope
// is the folder it is served from).
//
// At build time scripts/sw-manifest.sh puts two constants above this line:
//   BUILD  a hash of every file of the build
//   FILES  every file of the build, as URLs relative to this file
// Strategy: install precaches all of FILES into the cache "rapport-<BUILD>" and serves every
// request of the app from it (the page too), so a page never runs files of two builds. A
// newer deployment installs its own cache and then WAITS: the page shows "A new version is
// available" and, when the person asks, posts "skip-waiting"; the new worker activates,
// deletes the old caches and the page reloads on `controllerchange`.
/* global BUILD, FILES */
// BUILD null: the development server (scripts/serve.sh) — cache nothing, serve the network.
const PASSTHROUGH = typeof BUILD !== "undefined" && BUILD === null;
const PREFIX = "rapport-";
const CACHE = PREFIX + (typeof BUILD === "string" ? BUILD : "dev");
const LIST = typeof FILES === "object" ? FILES : ["./", "./index.html"];

self.addEventListener("install", (event) => {
  if (PASSTHROUGH) return;
  // cache: "reload" skips the HTTP cache, so the precache is this deployment's files.
  event.waitUntil(
    caches.open(CACHE).then((c) => c.addAll(LIST.map((u) => new Request(u, { cache: "reload" }))))
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)))
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (PASSTHROUGH || req.method !== "GET" || url.origin !== self.location.origin) return;
  if (!url.href.startsWith(self.registration.scope)) return;
  // The page (any hash route, "./" or "./index.html") is this build's index.html.
  const isPage = req.mode === "navigate";
  event.respondWith(isPage ? page(req) : fromBuild(req));
});

async function page(req) {
  // Only the app's own page is this build's index.html; any other page of the folder (e.g. the
  // benchmark's reference page beside a build) is served as it is.
  const path = new URL(req.url).pathname;
  const scope = new URL(self.registration.scope).pathname;
  if (path !== scope && path !== scope + "index.html") return fromBuild(req);
  const cache = await caches.open(CACHE);
  const hit = (await cache.match("./index.html")) || (await cache.match("./"));
  if (hit) return hit;
  return fetch(req);
}

async function fromBuild(req) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(req, { ignoreSearch: true });
  if (hit) return hit;
  // Not part of the build (or the precache is still running on the first visit).
  return fetch(req);
}
