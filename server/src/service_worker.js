// Skiftet's service worker. The server puts two constants above this text when it starts
// (`server/src/offline.rs`), from the build it serves: BUILD names the build, ASSETS lists every
// file of it under /pkg — the wasm, its JS, the CSS and every lazily loaded chunk, all with
// content-hashed names.
//
// - Hashed files: cache first (a name never changes its bytes), all precached at install, so
//   every page hydrates without a connection and a lazy page's code is there when opened.
// - The phone roles' pages: network first; the last good copy is kept and shown when there is
//   no connection, marked as a copy (the page then says "Ingen anslutning – visar läget kl. …").
//   Everything else (planning, administration, every server call) goes to the network as if
//   this worker did not exist.
// - A new build installs beside the running one and waits until the person taps "Uppdatera";
//   pages come from the network whenever there is one, so they never run against a newer server
//   with an older page. Saved pages are thrown away on sign-in, sign-out and each new build.
const ASSETS_CACHE = `skiftet-assets-${BUILD}`;
const PAGES_CACHE = "skiftet-pages";
const OFFLINE_PAGES = ["/mina-pass", "/erbjudanden", "/tillganglighet", "/profil", "/uppdrag"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(ASSETS_CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key !== ASSETS_CACHE) await caches.delete(key);
      }
      // The page's request starts while this worker is still waking up, not after.
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/pkg/")) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    // Another person may sign in on this phone: their pages are never shown the next one.
    if (url.pathname === "/login") event.waitUntil(caches.delete(PAGES_CACHE));
    if (OFFLINE_PAGES.includes(url.pathname)) event.respondWith(networkFirst(event));
    else event.respondWith(preloadedOrFetched(event));
  }
});

/** The navigation's answer: the one preloaded while the worker started, or a fetch. */
async function preloadedOrFetched(event) {
  const preloaded = await event.preloadResponse;
  return preloaded || fetch(event.request);
}

async function cacheFirst(request) {
  const saved = await caches.match(request);
  if (saved) return saved;
  const answer = await fetch(request);
  if (answer.ok) {
    const cache = await caches.open(ASSETS_CACHE);
    await cache.put(request, answer.clone());
  }
  return answer;
}

async function networkFirst(event) {
  const request = event.request;
  try {
    const answer = await preloadedOrFetched(event);
    if (answer.ok && answer.type === "basic") {
      const cache = await caches.open(PAGES_CACHE);
      await cache.put(request, answer.clone());
    }
    return answer;
  } catch (offline) {
    const saved = await (await caches.open(PAGES_CACHE)).match(request);
    if (!saved) throw offline;
    const html = (await saved.text()).replace('data-offline-copy="0"', 'data-offline-copy="1"');
    return new Response(html, { status: 200, headers: saved.headers });
  }
}

// Web Push: a new pool offer, shown even when Skiftet is closed. The message (encrypted by the
// server, `app/src/ssr/push.rs`) says what to show and where to open; a tap opens that page in a
// Skiftet tab already open, or a new one.
self.addEventListener("push", (event) => {
  let notice = {};
  try {
    notice = event.data ? event.data.json() : {};
  } catch (unreadable) {
    notice = {};
  }
  event.waitUntil(
    self.registration.showNotification(notice.title || "Skiftet", {
      body: notice.body || "",
      tag: notice.tag,
      data: { url: notice.url || "/erbjudanden" },
      icon: "/icon-192.png",
      badge: "/icon-192.png",
      lang: "sv",
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url || "/erbjudanden", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    (async () => {
      const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const client of open) {
        if ("focus" in client) {
          await client.focus();
          if ("navigate" in client) await client.navigate(target.href);
          return;
        }
      }
      await self.clients.openWindow(target.href);
    })(),
  );
});
