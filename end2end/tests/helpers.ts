import { expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const PASSWORD = "skiftet-demo";

/** Fails on any serious or critical WCAG 2.1 A/AA violation on the page as it is now. */
export async function checkA11y(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** Waits until the wasm has hydrated the page, so clicks reach Leptos' handlers. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as any).__skiftet_hydrated === true, null, { timeout: 30_000 });
}

/** Logs in; with the right password, waits until the home page has loaded and hydrated. */
export async function login(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("E-post").fill(email);
  await page.getByLabel("Lösenord").fill(password);
  await page.getByRole("button", { name: "Logga in" }).click();
  if (password === PASSWORD) {
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await hydrated(page);
  }
}
