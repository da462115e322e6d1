// Lighthouse (mobile preset: simulated slow 4G and a 4x slower CPU) on the login page and on
// "Mina pass" signed in as the demo care worker, with the system Chromium. Prints the
// performance and accessibility scores and the metrics behind them. A measurement, not a test.
//
//   SKIFTET_URL=http://127.0.0.1:3000 node perf/lighthouse.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const base = process.env.SKIFTET_URL ?? "http://127.0.0.1:3000";
const email = process.env.SKIFTET_PERF_USER ?? "underskoterska@demo.skiftet.se";
const password = process.env.SKIFTET_PERF_PASSWORD ?? "skiftet-demo";

const login = await fetch(`${base}/api/login`, {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
  body: new URLSearchParams({ email, password }),
});
if (!login.ok) throw new Error(`login failed: ${login.status}`);
const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

const dir = mkdtempSync(join(tmpdir(), "skiftet-lh-"));
function audit(name, path, headers, throttling = "simulate") {
  const out = join(dir, `${name}-${throttling}.json`);
  const args = ["--yes", "lighthouse@12", `${base}${path}`, "--quiet", "--output=json", `--output-path=${out}`,
    "--only-categories=performance,accessibility", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"];
  if (headers) args.push(`--extra-headers=${JSON.stringify(headers)}`);
  // "devtools": the same slow 4G and 4× CPU applied to the real page load instead of simulated
  // from an unthrottled trace (see perf/paint-probe.mjs for why both are shown).
  if (throttling !== "simulate") args.push(`--throttling-method=${throttling}`);
  execFileSync("npx", args, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? "/usr/bin/chromium" } });
  const r = JSON.parse(readFileSync(out, "utf8"));
  const ms = (id) => `${(r.audits[id].numericValue / 1000).toFixed(1)} s`;
  return `| ${name} | ${Math.round(r.categories.performance.score * 100)} | ${Math.round(r.categories.accessibility.score * 100)} | ${ms("first-contentful-paint")} | ${ms("largest-contentful-paint")} | ${Math.round(r.audits["total-blocking-time"].numericValue)} ms | ${ms("interactive")} |`;
}

console.log("| page | performance | accessibility | FCP | LCP | total blocking time | time to interactive |");
console.log("|---|---|---|---|---|---|---|");
console.log(audit("login", "/login"));
console.log(audit("Mina pass", "/mina-pass", { Cookie: cookie }));
console.log(audit("Mina pass, real throttling", "/mina-pass", { Cookie: cookie }, "devtools"));
