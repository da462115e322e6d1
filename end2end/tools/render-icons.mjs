// Renders the app icons in public/ from public/icon.svg with the system Chromium: PNG 192 and
// 512 (rounded, for "any" purpose), a maskable 512 (full-bleed background, the mark inside the
// central safe zone) and a 180 px apple-touch-icon. Run after changing icon.svg:
//
//   cd end2end && node tools/render-icons.mjs
import { chromium } from "@playwright/test";
import { readFileSync } from "node:fs";

const svg = readFileSync(new URL("../../public/icon.svg", import.meta.url), "utf8");
const mark = svg.replace(/<rect[^>]*\/>/, ""); // the letter alone, for the maskable icon
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();

async function render(name, size, body) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0">${body}</body></html>`);
  await page.screenshot({ path: new URL(`../../public/${name}`, import.meta.url).pathname, omitBackground: true });
}
const whole = (size) => svg.replace("<svg ", `<svg width="${size}" height="${size}" `);
await render("icon-192.png", 192, whole(192));
await render("icon-512.png", 512, whole(512));
await render("apple-touch-icon.png", 180, `<div style="width:180px;height:180px;background:#0b5563">${whole(180).replace(/rx="\d+"/, 'rx="0"')}</div>`);
await render(
  "icon-maskable-512.png",
  512,
  `<div style="width:512px;height:512px;background:#0b5563;display:flex;align-items:center;justify-content:center">${mark.replace("<svg ", '<svg width="320" height="320" ')}</div>`,
);
await browser.close();
