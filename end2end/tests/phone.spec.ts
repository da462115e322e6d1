import { test, expect, login } from "./helpers";
import type { BrowserContext } from "@playwright/test";
import { rmSync, writeFileSync } from "node:fs";

/** The running server's built files (`.ci/test.sh` starts it with `LEPTOS_SITE_ROOT=target/site`). */
const SITE_PKG = process.env.SKIFTET_SITE_PKG ?? "../target/site/pkg";

/** The page's service worker has installed and controls it. */
async function controlled(context: BrowserContext, page: import("@playwright/test").Page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
  expect(context.serviceWorkers().length).toBeGreaterThan(0);
}

test.describe("with the service worker", () => {
  test.use({ serviceWorkers: "allow" });

  test("the service worker controls Mina pass, and with no connection the last copy shows with a banner", async ({ page, context }) => {
    await login(page, "underskoterska@demo.skiftet.se");
    await page.goto("/mina-pass");
    await controlled(context, page);
    // Visited once under the worker's control: now there is a copy.
    await page.reload();
    await expect(page.getByRole("heading", { level: 2, name: "Nästa pass" })).toBeVisible();

    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Mina pass" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Nästa pass" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: /Ingen anslutning – visar läget kl\. \d\d:\d\d/ })).toBeVisible();

    // Back online, the page fetches itself again and the banner goes.
    await context.setOffline(false);
    await expect(page.getByRole("status").filter({ hasText: /Ingen anslutning/ })).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 2, name: "Nästa pass" })).toBeVisible();
  });

  test("a new build is offered as an update, and taking it reloads the page", async ({ page, context }) => {
    await login(page, "underskoterska@demo.skiftet.se");
    await page.goto("/mina-pass");
    await controlled(context, page);
    // A deployment: a new file among the server's built files makes its worker script another
    // build's (the server lists them at each request for /sw.js).
    const deployed = `${SITE_PKG}/deploy-${Date.now()}.js`;
    writeFileSync(deployed, "// a new build\n");
    try {
      await page.reload();
      const offer = page.getByRole("status").filter({ hasText: "Ny version av Skiftet finns." });
      await expect(offer).toBeVisible();
      // Listening before the tap: the reload may be over before the tap's promise settles.
      const reloaded = page.waitForEvent("load");
      await offer.getByRole("button", { name: "Uppdatera" }).click();
      await reloaded;
      await expect(page.getByRole("heading", { level: 1, name: "Mina pass" })).toBeVisible();
      await expect(page.getByRole("status").filter({ hasText: "Ny version" })).toHaveCount(0);
    } finally {
      rmSync(deployed, { force: true });
    }
  });
});

test.describe("before the service worker has the code", () => {
  // The worker precaches every chunk; this is the first visit, or a browser without one.
  test.use({ serviceWorkers: "block" });

  test("a planning page whose code cannot be fetched says so, and opens when the connection is back", async ({ page }) => {
    await login(page, "enhetschef@demo.skiftet.se");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // A tunnel: every piece of lazily loaded code fails until the connection is back.
    let tunnel = true;
    let failed = 0;
    await page.route(/\/pkg\/.*\.wasm$/, async (route) => {
      if (tunnel) {
        failed += 1;
        await route.abort("internetdisconnected");
      } else {
        await route.continue();
      }
    });
    await page.getByRole("link", { name: "Veckoschema" }).first().click();
    const alert = page.getByRole("alert").filter({ hasText: "kunde inte hämtas" });
    await expect(alert).toBeVisible();
    expect(failed).toBeGreaterThan(0);
    // The page is not dead: the person taps "Försök igen" once there is a connection.
    tunnel = false;
    await alert.getByRole("button", { name: "Försök igen" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Vecka \d+/ })).toBeVisible();
    await expect(alert).toBeHidden();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a wrong password shows the error on the login page, never raw JSON", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("E-post").fill("underskoterska@demo.skiftet.se");
    await page.getByLabel("Lösenord").fill("fel-lösenord");
    await page.getByRole("button", { name: "Logga in" }).click();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("alert")).toContainText(/fel/i);
    await expect(page.locator("body")).not.toContainText("BadCredentials");
  });

  test("signing in, switching language, changing the password and signing out all work as plain forms", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "In English" }).click();
    await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
    await page.getByRole("button", { name: "På svenska" }).click();
    await page.getByLabel("E-post").fill("underskoterska@demo.skiftet.se");
    await page.getByLabel("Lösenord").fill("skiftet-demo");
    await page.getByRole("button", { name: "Logga in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Mina pass" })).toBeVisible();
    await page.getByRole("button", { name: "In English" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "My shifts" })).toBeVisible();
    await page.getByRole("button", { name: "På svenska" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Mina pass" })).toBeVisible();
    await page.getByRole("link", { name: "Profil" }).click();
    const change = async (current: string, next: string) => {
      await page.getByLabel("Nuvarande lösenord").fill(current);
      await page.getByLabel("Nytt lösenord").fill(next);
      await page.getByLabel("Upprepa lösenordet").fill(next);
      await page.getByRole("button", { name: "Byt lösenord" }).click();
    };
    await change("fel-lösenord-här", "ett-nytt-demolösenord");
    await expect(page.getByText("Nuvarande lösenord stämmer inte.")).toBeVisible();
    await change("skiftet-demo", "ett-nytt-demolösenord");
    await expect(page.getByRole("status").filter({ hasText: "Lösenordet är bytt" })).toBeVisible();
    await change("ett-nytt-demolösenord", "skiftet-demo");
    await expect(page.getByRole("status").filter({ hasText: "Lösenordet är bytt" })).toBeVisible();
    await page.getByRole("button", { name: "Logga ut" }).click();
    await expect(page).toHaveURL(/\/login/);
  });
});
