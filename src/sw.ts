// The service worker: precaches the built app (its list and version are prepended by
// build/service-worker-plugin.ts) and serves it cache-first, so the app works offline after one visit.
// A new version waits until the page asks it to take over (the "new version available" prompt).
// Built into dist/sw.js as a classic script; never registered on the dev server or from file://.
(() => {
  type Precache = { version: string; assets: string[] };
  const worker = self as unknown as ServiceWorkerGlobalScope & { CREDENCE_PRECACHE: Precache };
  const { version, assets } = worker.CREDENCE_PRECACHE;
  const CACHE_PREFIX = 'credence-';
  const cacheName = `${CACHE_PREFIX}${version}`;
  const scope = new URL(worker.registration.scope);

  worker.addEventListener('install', (event) => {
    // cache: 'reload' bypasses the HTTP cache, so the new version never precaches stale files.
    event.waitUntil(
      caches
        .open(cacheName)
        .then((cache) =>
          cache.addAll(
            assets.map((asset) => new Request(new URL(asset, scope), { cache: 'reload' })),
          ),
        ),
    );
  });

  worker.addEventListener('activate', (event) => {
    event.waitUntil(
      caches
        .keys()
        .then((names) =>
          Promise.all(
            names
              .filter((name) => name.startsWith(CACHE_PREFIX) && name !== cacheName)
              .map((name) => caches.delete(name)),
          ),
        )
        .then(() => worker.clients.claim()),
    );
  });

  // Only the page's "Reload" button sends this, and the only thing it can do is activate the waiting version.
  worker.addEventListener('message', (event) => {
    if (event.data && (event.data as { type?: unknown }).type === 'credence:skip-waiting')
      void worker.skipWaiting();
  });

  /** Navigations to a directory of the app are answered with its index.html. */
  function cacheKey(request: Request): string {
    const url = new URL(request.url);
    url.search = '';
    url.hash = '';
    if (request.mode === 'navigate' && url.pathname.endsWith('/')) url.pathname += 'index.html';
    return url.href;
  }

  worker.addEventListener('fetch', (event) => {
    const { request } = event;
    if (request.method !== 'GET' || !request.url.startsWith(scope.origin)) return;
    event.respondWith(
      caches
        .open(cacheName)
        .then(async (cache) => (await cache.match(cacheKey(request))) ?? fetch(request)),
    );
  });
})();
