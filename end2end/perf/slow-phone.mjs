// A load run, not a test: how "Mina pass" loads on a slow phone on a mobile network.
// Emulates Lighthouse's "slow 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) and a
// CPU four times slower than this machine, in Debian's Chromium, and reports the median of a few
// runs for a first visit (empty cache) and two return visits: one at once, while the service
// worker installed by the first visit may still be fetching every chunk, and one once it has
// installed — how a person coming back later meets the app. The emulated network is the page's
// only: the service worker's own downloads are not slowed (they took ~4 s for a debug build's
// 44 MB on 2026-12-06), so this does not show them competing with the page as on a real phone.
// Nothing here passes or fails on time: the figures go in the README and the closing note, and
// are compared by people.
//
//   SKIFTET_URL=http://127.0.0.1:3000 node perf/slow-phone.mjs [runs]
import { chromium } from "@playwright/test";
import { existsSync, statSync } from "node:fs";

const base = process.env.SKIFTET_URL ?? "http://127.0.0.1:3000";
const runs = Number(process.argv[2] ?? 3);
const email = process.env.SKIFTET_PERF_USER ?? "underskoterska@demo.skiftet.se";
const password = process.env.SKIFTET_PERF_PASSWORD ?? "skiftet-demo";
const network = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});

async function visit(page, cdp) {
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", network);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const started = Date.now();
  await page.goto(`${base}/mina-pass`, { waitUntil: "commit" });
  await page.getByRole("heading", { level: 1 }).waitFor();
  const content = Date.now() - started;
  await page.waitForFunction(() => window.__skiftet_hydrated === true, null, { timeout: 120_000 });
  const interactive = Date.now() - started;
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    const resources = performance.getEntriesByType("resource");
    const bytes = [nav, ...resources].reduce((n, e) => n + (e.transferSize ?? 0), 0);
    const code = resources.map((e) => new URL(e.name).pathname).filter((p) => /^\/pkg\/.*\.(wasm|js)$/.test(p));
    return { fcp: fcp?.startTime ?? NaN, bytes, code };
  });
  return { ...timing, content, interactive };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { first: [], again: [], installed: [] };
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: "sv-SE" });
  const login = await context.request.post(`${base}/api/login`, { form: { email, password } });
  if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  results.first.push(await visit(page, cdp));
  results.again.push(await visit(page, cdp));
  // `ready` settles once a service worker is active, i.e. has installed: precached every chunk.
  const installed = await page.evaluate(() =>
    "serviceWorker" in navigator
      ? Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), 120_000))])
      : false);
  if (!installed) throw new Error("the service worker did not install within two minutes");
  results.installed.push(await visit(page, cdp));
  await context.close();
}
await browser.close();

const row = (name, list) => {
  const m = (k) => median(list.map((r) => r[k]));
  return `| ${name} | ${Math.round(m("fcp"))} ms | ${Math.round(m("content"))} ms | ${Math.round(m("interactive"))} ms | ${(m("bytes") / 1024).toFixed(0)} KiB |`;
};
console.log(`Mina pass on slow 4G (150 ms RTT, 1.6 Mbit/s) with 4× CPU slowdown, median of ${runs} runs:`);
console.log("| visit | first contentful paint | heading shown | interactive (hydrated) | transferred |");
console.log("|---|---|---|---|---|");
console.log(row("first (empty cache)", results.first));
console.log(row("return visit at once", results.again));
console.log(row("return visit, service worker installed", results.installed));

// What the first page's code weighs as a phone on HTTPS gets it (brotli; Chromium asks for
// brotli only over HTTPS, so the run above measured gzip): the server's precompressed files.
const site = process.env.SKIFTET_SITE_ROOT ?? "../target/site";
const code = [...new Set(results.first.flatMap((r) => r.code))];
const brotli = (path) => (existsSync(`${site}${path}.br`) ? statSync(`${site}${path}.br`).size : NaN);
const raw = (path) => (existsSync(`${site}${path}`) ? statSync(`${site}${path}`).size : NaN);
const kib = (n) => (n / 1024).toFixed(0);
console.log(`\nCode loaded by a first visit to Mina pass (${code.length} files):`);
console.log("| file | bytes | brotli |");
console.log("|---|---|---|");
for (const path of code) console.log(`| ${path.replace(/^\/pkg\//, "")} | ${kib(raw(path))} KiB | ${kib(brotli(path))} KiB |`);
const total = code.reduce((n, p) => n + brotli(p), 0);
console.log(`| **total** | ${kib(code.reduce((n, p) => n + raw(p), 0))} KiB | **${kib(total)} KiB** |`);
