// strip-reader's service worker: offline use after one visit. The packaged folder's sw.js is this
// file with the precache list in front (www/tools/build-dist.mjs writes
// `self.STRIP_READER_PRECACHE = {version, files}`; version is a hash of every file's content).
// In the repository itself it is never registered (index.html names no service worker there).
//
// One cache per version. A page is served from the cache of the worker that controls it, so
// one page never mixes old and new files. A new version installs beside the old one and waits;
// the page offers "reload to update", which tells it to take over, and then reloads.
/* global self, caches */
const MANIFEST = self.STRIP_READER_PRECACHE || { version: 'dev', files: [] };
const SCOPE = self.registration.scope;
const PREFIX = `strip-reader|${SCOPE}|`;
const CACHE = PREFIX + MANIFEST.version;
const URLS = MANIFEST.files.map((file) => new URL(file, SCOPE).href);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(URLS.map((url) => new Request(url, { cache: 'reload', credentials: 'same-origin' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      // The first visit: take this page over now, so it works offline without a reload.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // Pages are matched without their query string (frame.html?locale=es …).
      const hit = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
      if (hit) return hit;
      return fetch(request);
    })(),
  );
});
