// Keeps taps and typing made before the page's wasm has loaded, and replays them once it has.
// A phone on a slow connection shows the server-rendered page seconds before Leptos takes it
// over; without this, a tap on "Ändra" or "Spara" in that time would do nothing at all (or, for
// a form without its own address, reload the page and lose what was typed). A form that posts to
// its own server address (Leptos' ActionForm: login, passwords, logout) waits too, so that an
// error shows beside the fields as usual — but if the wasm has not come within a few seconds it
// is posted the plain way, which works without any wasm. Inlined into every page with the page's
// CSP nonce (`app.rs`); `lib.rs` calls `__skiftet_replay` after hydrating.
(() => {
  const PLAIN_POST_AFTER_MS = 8000;
  const waiting = [];
  const typed = new Map();
  const early = () => !window.__skiftet_hydrated;
  const remember = (event) => {
    const field = event.target;
    if (!early() || !field || !("value" in field)) return;
    const check = field.type === "checkbox" || field.type === "radio";
    typed.set(field, check ? { checked: field.checked } : { value: field.value });
  };
  const keep = (target, form) => {
    waiting.push(target);
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
    if (!button) return;
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
  window.__skiftet_replay = () => {
    for (const [field, state] of typed) {
      if (!field.isConnected) continue;
      if ("checked" in state) field.checked = state.checked;
      else field.value = state.value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }
    typed.clear();
    for (const target of waiting.splice(0)) {
      if (!target.isConnected) continue;
      if (target.tagName === "FORM") target.requestSubmit();
      else {
        target.removeAttribute("aria-busy");
        target.click();
      }
    }
  };
})();
