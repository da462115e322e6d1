// A measurement, not a test: when does *Mina pass*'s largest paint really happen in Chromium on
// the slow phone (slow 4G, 4× CPU, as slow-phone.mjs), and is anything repainted by hydration?
// Lighthouse's default run *simulates* the throttling from an unthrottled trace (Lantern), and
// its LCP for this page (3.5 s) waits for the wasm download; this probe reads the browser's own
// `largest-contentful-paint` entries and watches the page's DOM until it has hydrated.
//
//   SKIFTET_URL=http://127.0.0.1:3000 node perf/paint-probe.mjs
import { chromium } from "@playwright/test";

const base = process.env.SKIFTET_URL ?? "http://127.0.0.1:3000";
const email = process.env.SKIFTET_PERF_USER ?? "underskoterska@demo.skiftet.se";
const password = process.env.SKIFTET_PERF_PASSWORD ?? "skiftet-demo";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: "sv-SE" });
const login = await context.request.post(`${base}/api/login`, { form: { email, password } });
if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
const page = await context.newPage();
await page.addInitScript(() => {
  window.__paints = [];
  window.__changes = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__paints.push({ at: Math.round(e.startTime), element: e.element ? e.element.outerHTML.replace(/<!---->/g, "").slice(0, 90) : "?" });
    }
  }).observe({ type: "largest-contentful-paint", buffered: true });
  document.addEventListener("DOMContentLoaded", () => {
    new MutationObserver((records) => {
      for (const r of records) {
        const what = r.type === "attributes" ? `attribute ${r.attributeName}` : r.type === "childList" ? `${r.addedNodes.length} added, ${r.removedNodes.length} removed` : "text";
        window.__changes.push(`${Math.round(performance.now())} ms: ${what} on <${r.target.nodeName.toLowerCase()}>`);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
});
const cdp = await context.newCDPSession(page);
await cdp.send("Network.enable");
await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 });
await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
await page.goto(`${base}/mina-pass`, { waitUntil: "commit" });
await page.waitForFunction(() => window.__skiftet_hydrated === true, null, { timeout: 120_000 });
const hydrated = await page.evaluate(() => Math.round(performance.now()));
await page.waitForTimeout(1000);
const { paints, changes, fcp } = await page.evaluate(() => ({
  paints: window.__paints,
  changes: window.__changes,
  fcp: Math.round(performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN),
}));
await browser.close();

console.log(`Mina pass, slow phone, Chromium's own entries: first contentful paint ${fcp} ms, hydrated by ${hydrated} ms`);
for (const p of paints) console.log(`  largest contentful paint candidate at ${p.at} ms: ${p.element}`);
const counts = new Map();
for (const c of changes) counts.set(c.replace(/^\d+ ms: /, ""), (counts.get(c.replace(/^\d+ ms: /, "")) ?? 0) + 1);
console.log(`  DOM changes until a second after hydration: ${changes.length}`);
for (const [what, n] of counts) console.log(`    ${n} × ${what}`);
