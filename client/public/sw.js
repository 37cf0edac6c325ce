// Kaon's service worker: lets the app shell load with the server unreachable, nothing more.
// - Navigations are network-first (a deploy is picked up at once), falling back to the last shell.
// - Hashed /assets/* are cache-first (a new build has new names); a new shell prunes the old ones.
// - The API, sync sockets, files, webhooks, the customer chat and the simulator are never cached or touched.
const CACHE = 'kaon-shell-v1';
const SHELL = '/';
const NEVER = /^\/(trpc|yjs|files|webhooks|chat|healthz|simulator|widget\.js|sw\.js)(\/|$)/;

// The server answers an unknown path with the shell (200, text/html): never keep that as an asset.
const isHtml = (res) => res.ok && (res.headers.get('content-type') || '').startsWith('text/html');
const isAsset = (res) => res.ok && !isHtml(res);
const assetsIn = (html) => [...new Set(html.match(/\/assets\/[^"'\s)]+/g) ?? [])];

/** Stores the shell and everything it references; a new build drops the previous build's assets. */
async function keepShell(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  const before = await cache.match(SHELL);
  const previous = before ? assetsIn(await before.text()) : [];
  await cache.put(SHELL, response);
  const wanted = assetsIn(html);
  await Promise.all(
    wanted.map(async (path) => {
      if (await cache.match(path)) return;
      const res = await fetch(path).catch(() => null);
      if (res && isAsset(res)) await cache.put(path, res);
    }),
  );
  // Same build: keep lazily loaded chunks too. New build: only what it references (more load on use).
  if (previous.length === wanted.length && previous.every((p) => wanted.includes(p))) return;
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !wanted.includes(path)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    fetch(SHELL, { cache: 'no-store' })
      .then((res) => (res.ok ? keepShell(res) : undefined))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((res) => {
          if (isHtml(res)) event.waitUntil(keepShell(res.clone()));
          return res;
        })
        .catch(async () => (await caches.match(SHELL)) || Response.error()),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then((res) => {
            if (isAsset(res)) {
              const copy = res.clone();
              event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
            }
            return res;
          }),
      ),
    );
  }
});
