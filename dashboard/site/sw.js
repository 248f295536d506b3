/**
 * The static site's service worker (scripts/build-web.mjs writes it to site/sw.js with this build's
 * version and files): the site keeps working with no network, so a museum or a classroom without
 * internet reloads it. Each build has its own cache, named by its version (a hash of its files);
 * installing fetches every file of the build, and activating deletes the caches of other builds.
 *
 * Requests go to the network first and fall back to the cache: a visit while the server is reachable
 * always gets the files the server has now (a new build is seen on the very next visit, and never
 * mixed with an old page), and a visit with no network gets this build's files. Web Serial and the
 * exhibit need nothing from the network, so the site offline is the whole site.
 */
const VERSION = '__VERSION__';
const FILES = [/* __FILES__ */];
const CACHE = `neuroboard-site-${VERSION}`;
/** How long a request may wait for the network before the cached file is used (a captive portal, a dying Wi-Fi). */
const NETWORK_WAIT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(new URL(f, self.registration.scope), { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('neuroboard-site-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request, { signal: AbortSignal.timeout(NETWORK_WAIT_MS) })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response;
      })
      .catch(async (err) => {
        const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
        if (cached) return cached;
        throw err;
      }),
  );
});
