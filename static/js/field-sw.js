/* Medvirk field service worker: keeps the field pages working with no connection.
   Network first (so a connected tablet always sees fresh pages), the cache when offline.
   Only GETs of the field pages and static files are cached; answers never pass through here:
   they wait in IndexedDB (see field.js) until the server has confirmed them. */
const CACHE = "medvirk-field-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (!url.pathname.startsWith("/staff/field/") && !url.pathname.startsWith("/static/")) return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.ok && !response.redirected && response.type === "basic") {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    }).catch(() => caches.match(request, { ignoreVary: true, ignoreSearch: true }).then(
      (hit) => hit || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } })
    ))
  );
});
