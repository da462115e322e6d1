// Runs before anything else on every page (inlined with the page's CSP nonce by `app.rs`).
//
// 1. Keeps taps and typing made before the page's wasm has loaded, and replays them, in the order
// they were made, once it has.
// A phone on a slow connection shows the server-rendered page seconds before Leptos takes it
// over; without this, a tap on "Ändra" or "Spara" in that time would do nothing at all (or, for
// a form without its own address, reload the page and lose what was typed). A form that posts to
// its own server address (Leptos' ActionForm: login, passwords, logout) waits too, so that an
// error shows beside the fields as usual — but if the wasm has not come within a few seconds it
// is posted the plain way, which works without any wasm. `lib.rs` calls `__skiftet_after_hydration`
// when it has hydrated.
//
// 2. Never lets a missing piece of code kill the page. The wasm and its lazily loaded chunks
// (`components/lazy.rs`) are fetched through `fetch`; when a chunk cannot be fetched (a cellar, a
// tunnel) the split loader would panic and the whole wasm would stop. Instead such a fetch is
// held open: the page says so (`#code-unavailable`, rendered translated by `app.rs`) and tries
// again when the phone is back online, when the person taps "Försök igen", or after a growing
// pause. A file the server no longer has (a new version was deployed meanwhile) cannot come back:
// then the button reloads the page.
//
// 3. Without a connection, says so: on a page the service worker served from the phone's copy
// (`data-offline-copy="1"`, set by the worker) "Ingen anslutning – visar läget kl. 07:42", and
// when the connection drops under an open page that it will not update; back online, a copy
// reloads itself.
//
// 4. After hydration, registers the service worker (`/sw.js`, only offered by a build with
// content-hashed files) and offers a new build when one has installed ("Uppdatera").
//
// The notices are rendered, translated, by the server after the app (`components/boot.rs`).
(() => {
  const PLAIN_POST_AFTER_MS = 8000;
  // What the person did, in their order: a field's new state ({ field, state }) or a held button
  // or form ({ target }). Replayed in that order: a tap on "add a gap" and then typing in that
  // line is not the same as the typing and then the tap.
  const steps = [];
  // The held buttons and forms still to replay (a form may be posted the plain way meanwhile).
  const waiting = [];
  const early = () => !window.__skiftet_hydrated;
  const remember = (event) => {
    const field = event.target;
    if (!early() || !field || !("value" in field)) return;
    const check = field.type === "checkbox" || field.type === "radio";
    const state = check ? { checked: field.checked } : { value: field.value };
    const last = steps[steps.length - 1];
    // Typing in one field is one step, however many keys it took.
    if (last && last.field === field) last.state = state;
    else steps.push({ field, state });
  };
  const keep = (target, form) => {
    waiting.push(target);
    steps.push({ target });
    if (form && form.getAttribute("action")) {
      setTimeout(() => {
        const at = waiting.indexOf(target);
        if (!early() || at < 0 || !form.isConnected) return;
        waiting.splice(at, 1);
        form.submit();
      }, PLAIN_POST_AFTER_MS);
    }
  };
  document.addEventListener("input", remember, true);
  document.addEventListener("change", remember, true);
  document.addEventListener("click", (event) => {
    if (!early() || !event.target.closest) return;
    const button = event.target.closest("button");
    if (!button || button.closest("[data-boot]")) return;
    event.preventDefault();
    event.stopPropagation();
    button.setAttribute("aria-busy", "true");
    keep(button, button.type === "submit" ? button.form : null);
  }, true);
  document.addEventListener("submit", (event) => {
    if (!early()) return;
    event.preventDefault();
    keep(event.target, event.target);
  }, true);
  const replay = () => {
    for (const { field, state, target } of steps.splice(0)) {
      if (field) {
        if (!field.isConnected) continue;
        if ("checked" in state) field.checked = state.checked;
        else field.value = state.value;
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.dispatchEvent(new Event("change", { bubbles: true }));
        continue;
      }
      const at = waiting.indexOf(target);
      if (at < 0) continue;
      waiting.splice(at, 1);
      if (!target.isConnected) continue;
      if (target.tagName === "FORM") target.requestSubmit();
      else {
        target.removeAttribute("aria-busy");
        target.click();
      }
    }
  };

  const plainFetch = window.fetch.bind(window);
  const isCode = (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    return url.origin === location.origin && url.pathname.startsWith("/pkg/") && url.pathname.endsWith(".wasm");
  };
  let wake = [];
  let gone = false;
  const wakeAll = () => { for (const w of wake.splice(0)) w(); };
  const banner = (show) => {
    const box = document.getElementById("code-unavailable");
    if (box) box.hidden = !show;
  };
  window.addEventListener("online", wakeAll);
  document.addEventListener("click", (event) => {
    if (!event.target.closest || !event.target.closest("#code-unavailable button")) return;
    if (gone) location.reload();
    else wakeAll();
  });
  const pause = (ms) => new Promise((resolve) => {
    wake.push(resolve);
    setTimeout(resolve, ms);
  });
  const fetchCode = async (input, init) => {
    for (let wait = 2000; ; wait = Math.min(wait * 2, 30000)) {
      try {
        const answer = await plainFetch(input, init);
        if (answer.ok) {
          banner(false);
          return answer;
        }
        gone = answer.status === 404 || answer.status === 410;
      } catch (_) {
        // offline, or the connection broke: try again below
      }
      banner(true);
      if (gone) return new Promise(() => {});
      await pause(wait);
    }
  };
  window.fetch = (input, init) => (isCode(input) ? fetchCode(input, init) : plainFetch(input, init));

  const show = (id, shown) => {
    const box = document.getElementById(id);
    if (box) box.hidden = !shown;
  };
  const isCopy = () => document.body && document.body.dataset.offlineCopy === "1";
  document.addEventListener("DOMContentLoaded", () => {
    show("offline-copy", isCopy());
    show("gone-offline", !isCopy() && !navigator.onLine);
    // A copy while the phone says it is online: the network is not really back yet (phones
    // report "online" early). Keep trying, quietly.
    if (isCopy() && navigator.onLine) setTimeout(() => location.reload(), 5000);
  });
  window.addEventListener("offline", () => show("gone-offline", !isCopy()));
  window.addEventListener("online", () => {
    if (isCopy()) location.reload();
    else show("gone-offline", false);
  });

  const offerUpdate = (registration) => {
    const waiting = registration.waiting;
    if (!waiting || !navigator.serviceWorker.controller) return;
    show("new-version", true);
    window.__skiftet_update = () => waiting.postMessage("skip-waiting");
  };
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("#new-version button") && window.__skiftet_update) {
      window.__skiftet_update();
    }
  });
  const registerWorker = async () => {
    const script = document.body.dataset.serviceWorker;
    if (!script || !("serviceWorker" in navigator)) return;
    try {
      const registration = await navigator.serviceWorker.register(script);
      offerUpdate(registration);
      registration.addEventListener("updatefound", () => {
        const installing = registration.installing;
        if (!installing) return;
        installing.addEventListener("statechange", () => {
          if (installing.state === "installed") offerUpdate(registration);
        });
      });
      // Tablets stay open all day: look for a new build whenever the page comes back to view.
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") registration.update().catch(() => {});
      });
      let reloading = false;
      navigator.serviceWorker.addEventListener("controllerchange", () => {
        if (reloading || !window.__skiftet_update) return;
        reloading = true;
        location.reload();
      });
    } catch (_) {
      // No worker (private mode, an old browser): Skiftet works, only not offline.
    }
  };
  window.__skiftet_after_hydration = () => {
    replay();
    // The worker's first install downloads every chunk: not while the page is still busy.
    if ("requestIdleCallback" in window) requestIdleCallback(registerWorker, { timeout: 10000 });
    else setTimeout(registerWorker, 3000);
  };
})();
