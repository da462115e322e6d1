import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "@playwright/test";
import { checkA11y, expect, holdPageCode, test, login, PASSWORD } from "./helpers";

const homes = [
  { email: "admin@demo.skiftet.se", path: "/admin", heading: "Administration" },
  { email: "samordnare@demo.skiftet.se", path: "/lagesbild", heading: "Lägesbild" },
  { email: "enhetschef@demo.skiftet.se", path: "/enhet", heading: "Min enhet" },
  { email: "underskoterska@demo.skiftet.se", path: "/mina-pass", heading: "Mina pass" },
  { email: "pool@demo.skiftet.se", path: "/mina-pass", heading: "Mina pass" },
  { email: "service@demo.skiftet.se", path: "/uppdrag", heading: "Uppdrag" },
];

test("the login page is accessible", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Logga in" })).toBeVisible();
  await checkA11y(page);
});

for (const { email, path, heading } of homes) {
  test(`${email} lands on ${path}`, async ({ page }) => {
    await login(page, email);
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Huvudmeny" })).toBeVisible();
    await checkA11y(page);
  });
}

test("a dead link shows a page that says so, and its link leads home", async ({ page }) => {
  await login(page, "underskoterska@demo.skiftet.se");
  const response = await page.goto("/mina-pass/finns-inte");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Sidan finns inte" })).toBeVisible();
  await expect(page).toHaveTitle("Sidan finns inte – Skiftet");
  await checkA11y(page);
  await page.getByRole("link", { name: "Till startsidan" }).click();
  await expect(page).toHaveURL(/\/mina-pass$/);
  await expect(page.getByRole("heading", { level: 1, name: "Mina pass" })).toBeVisible();
});

test("a wrong password shows an error and keeps the e-mail", async ({ page }) => {
  await login(page, "pool@demo.skiftet.se", "fel-lösenord");
  await expect(page.getByRole("alert")).toContainText("Fel e-post eller lösenord");
  await expect(page.getByLabel("E-post", { exact: true })).toHaveValue("pool@demo.skiftet.se");
  await expect(page).toHaveURL(/\/login$/);
  await checkA11y(page);
});

test("a pool worker who opens an administrator page is refused", async ({ page }) => {
  await login(page, "pool@demo.skiftet.se");
  await expect(page).toHaveURL(/\/mina-pass$/);
  const response = await page.goto("/admin/personer");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("alert")).toContainText("Åtkomst nekad");
  await expect(page.getByText("admin@demo.skiftet.se")).toHaveCount(0);
  await checkA11y(page);
});

test("the administrator finds a person among 700+ by searching", async ({ page }) => {
  await login(page, "admin@demo.skiftet.se");
  await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Personer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Personer" })).toBeVisible();
  await expect(page.getByText(/Visar 1–25 av 7\d\d/)).toBeVisible();
  await page.getByLabel("Sök på namn eller e-post").fill("undersköterska");
  await expect(page.getByRole("link", { name: /Ulla Undersköterska/ })).toBeVisible();
  await checkA11y(page);
});

test("switching to English is remembered, and back to Swedish", async ({ page }) => {
  await login(page, "underskoterska@demo.skiftet.se");
  await expect(page.getByRole("heading", { level: 1, name: "Mina pass" })).toBeVisible();
  await page.getByRole("button", { name: "In English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My shifts" })).toBeVisible();
  // The shift list follows the language too (it re-renders as a whole on a switch in place).
  await expect(page.getByRole("heading", { level: 2, name: "Next shift" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /^Week \d+$/ }).first()).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await checkA11y(page);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "My shifts" })).toBeVisible();
  const menu = page.getByRole("navigation", { name: "Main menu" });
  await expect(menu.getByRole("link", { name: "My shifts" })).toHaveAttribute("aria-current", "page");
  await menu.getByRole("link", { name: "Profile" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
  // The menu marks where the person is, after moving within the app too.
  await expect(menu.getByRole("link", { name: "Profile" })).toHaveAttribute("aria-current", "page");
  await expect(menu.getByRole("link", { name: "My shifts" })).not.toHaveAttribute("aria-current", "page");
  await checkA11y(page);

  await page.getByRole("button", { name: "På svenska" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Profil" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Profil" })).toBeVisible();
});

test("logging out ends the session", async ({ page }) => {
  await login(page, "service@demo.skiftet.se");
  await expect(page).toHaveURL(/\/uppdrag$/);
  await page.getByRole("link", { name: "Profil" }).click();
  await page.getByRole("button", { name: "Logga ut" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/uppdrag");
  await expect(page).toHaveURL(/\/login$/);
});

test("the administrator reads and edits the agreement's working-time limits", async ({ page }) => {
  await login(page, "admin@demo.skiftet.se");
  await page.getByRole("link", { name: "Avtal och arbetstid" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Avtal och arbetstid" })).toBeVisible();
  await page.getByRole("button", { name: "Ändra AB (kommunal)" }).click();
  await expect(page.getByLabel("Dygnsvila, timmar")).toHaveValue("11");
  await checkA11y(page);
  // Below the statutory floor: refused with the real limits named, and nothing typed is lost.
  await page.getByLabel("Dygnsvila, timmar").fill("7");
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByText("Ange ett heltal mellan 8 och 24.")).toBeVisible();
  await expect(page.getByLabel("Dygnsvila, timmar")).toHaveValue("7");
  // An edit that holds: a longer weekly rest is saved and read back; then the demo's value again.
  await page.getByLabel("Dygnsvila, timmar").fill("11");
  await page.getByLabel("Veckovila, timmar").fill("40");
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sparat." })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("listitem").filter({ hasText: "AB (kommunal)" })).toContainText("40 h");
  await page.getByRole("button", { name: "Ändra AB (kommunal)" }).click();
  await page.getByLabel("Veckovila, timmar").fill("36");
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sparat." })).toBeVisible();
});

test("a worker changes her password on the profile page, with the current one, and her page stays live", async ({ page, browser }) => {
  const change = async (current: string, next: string) => {
    await page.getByLabel("Nuvarande lösenord").fill(current);
    await page.getByLabel("Nytt lösenord").fill(next);
    await page.getByLabel("Upprepa lösenordet").fill(next);
    await page.getByRole("button", { name: "Byt lösenord" }).click();
  };
  await login(page, "service@demo.skiftet.se");
  await page.getByRole("link", { name: "Profil" }).click();
  await change("fel-lösenord-här", "ett-nytt-demolösenord");
  await expect(page.getByText("Nuvarande lösenord stämmer inte.")).toBeVisible();
  await change(PASSWORD, "ett-nytt-demolösenord");
  await expect(page.getByRole("status").filter({ hasText: "Lösenordet är bytt" })).toBeVisible();
  await checkA11y(page);
  // The new password replaced this phone's session too (every earlier one ends). Its live channel
  // follows without a reload: an errand ordered on the unit manager's tablet shows in the queue.
  await page.getByRole("link", { name: "Uppdrag", exact: true }).first().click();
  const queue = page.getByRole("region", { name: "Öppna uppdrag" });
  await expect(queue).toBeVisible();
  const pickup = `Kontoret, efter lösenordsbytet ${Date.now()}`;
  const tabletContext = await browser.newContext({ viewport: { width: 1024, height: 768 }, serviceWorkers: "block" });
  const tablet = await tabletContext.newPage();
  await login(tablet, "enhetschef@demo.skiftet.se");
  await tablet.goto("/enhet");
  await tablet.getByRole("link", { name: "Uppdrag", exact: true }).first().click();
  await tablet.getByLabel("Typ av uppdrag").selectOption({ label: "Matinköp" });
  await tablet.getByLabel("Hämtas").fill(pickup);
  await tablet.getByLabel("Brukarens kortnamn").fill("K-12");
  await tablet.getByLabel("Leveransadress hos brukaren").fill("Testgatan 2");
  await tablet.getByLabel("Inköpslista / checklista").fill("Mjölk");
  await tablet.getByRole("button", { name: "Beställ uppdrag" }).click();
  await expect(tablet.getByRole("status").filter({ hasText: "Uppdraget är beställt" })).toBeVisible();
  await tabletContext.close();
  await expect(queue.getByRole("article").filter({ hasText: pickup })).toBeVisible();
  await page.getByRole("link", { name: "Profil" }).click();
  // Back to the demo password, so the demo stays as it was; the new one was needed for that.
  // Like a person, wait until the change has gone through before logging out: a logout racing an
  // unfinished change would be undone by the change's fresh session.
  const changed = page.waitForResponse((r) => r.url().endsWith("/api/change_password"));
  await change("ett-nytt-demolösenord", PASSWORD);
  await changed;
  await page.getByRole("button", { name: "Logga ut" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await login(page, "service@demo.skiftet.se");
  await expect(page).toHaveURL(/\/uppdrag$/);
});

test("an invited person opens the link on a fresh phone, chooses a password and is signed in", async ({ page, browser }) => {
  // The invitation page is its own chunk of code: it must come and work for someone who has never
  // opened Skiftet before. The administrator ticks the role and saves at once, as on a slow
  // tablet before the page's code has come: the tick must be saved with the person.
  const email = `inbjuden-${Date.now()}@test.se`;
  await login(page, "admin@demo.skiftet.se");
  await page.goto("/admin/personer/ny");
  await page.getByLabel("Namn").fill("Inbjuden Person");
  await page.getByLabel("E-post", { exact: true }).fill(email);
  await page.getByLabel("Poolpersonal").check();
  await page.getByRole("button", { name: "Spara" }).click();
  await page.getByRole("button", { name: "Skapa inbjudningslänk" }).click();
  const link = await page.getByLabel("Inbjudningslänk").inputValue();
  expect(link).toMatch(/\/inbjudan\//);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const invited = await phone.newPage();
  await invited.goto(link);
  await expect(invited.getByRole("heading", { name: "Välj lösenord" })).toBeVisible();
  await expect(invited.getByText("Inbjuden Person")).toBeVisible();
  await checkA11y(invited);
  await invited.getByLabel("Nytt lösenord").fill("ett-eget-langt-losenord");
  await invited.getByLabel("Upprepa lösenordet").fill("ett-eget-langt-losenord");
  await invited.getByRole("button", { name: "Spara lösenord och logga in" }).click();
  await expect(invited).toHaveURL(/\/mina-pass$/);
  await expect(invited.getByRole("heading", { level: 1, name: "Mina pass" })).toBeVisible();
  await phone.close();
});

/** The administrator's page of Ulla Undersköterska (the form the two tests below reopen). */
async function openUllasPersonPage(page: Page) {
  await login(page, "admin@demo.skiftet.se");
  await page.goto("/admin/personer");
  await page.getByLabel("Sök på namn eller e-post").fill("undersköterska");
  await page.getByRole("link", { name: /Ulla Undersköterska/ }).click();
}

test.describe("on a slow phone", () => {
  // The delay is in the network; a service worker would answer from its cache instead.
  test.use({ serviceWorkers: "block" });

  test("a tap made while the page's code is still on its way is kept and carried out", async ({ page }) => {
    await login(page, "admin@demo.skiftet.se");
    // A slow phone: every page's code arrives two seconds after the page itself.
    await page.route("**/*.wasm", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await route.continue();
    });
    await page.goto("/admin/avtal");
    await page.getByRole("button", { name: "Ändra AB (kommunal)" }).click();
    await expect(page.getByLabel("Dygnsvila, timmar")).toHaveValue("11");
    // Typed before the code arrived: the search runs once it has.
    await page.goto("/admin/personer");
    await page.getByLabel("Sök på namn eller e-post").fill("undersköterska");
    await expect(page.getByRole("link", { name: /Ulla Undersköterska/ })).toBeVisible();
  });

  test("ticked boxes show before the page's code has come, and a box ticked then is never unticked by it", async ({ page }) => {
    // Whoever sets a box to unticked is noted: the page's code arriving must not be one of them.
    await page.addInitScript(() => {
      const checked = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "checked")!;
      Object.defineProperty(HTMLInputElement.prototype, "checked", {
        ...checked,
        set(on: boolean) {
          if (!on) ((window as any).__unticked ??= []).push(this.id);
          checked.set!.call(this, on);
        },
      });
    });
    await openUllasPersonPage(page);
    await expect(page.getByLabel("Poolpersonal")).toBeVisible();
    // Her page again on a slow phone: its code is held until a box has been ticked.
    const release = await holdPageCode(page);
    await page.goto(page.url());
    // Rendered by the server alone: her competences are ticked, the others are not.
    await expect(page.getByRole("checkbox", { name: "Körkort" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Vårdbiträde" })).not.toBeChecked();
    await expect(page.getByLabel("Poolpersonal")).not.toBeChecked();
    // Ticked while the code is on its way, then the code comes.
    await page.getByLabel("Poolpersonal").check();
    release();
    await page.waitForFunction(() => (window as any).__skiftet_hydrated === true);
    await expect(page.getByLabel("Poolpersonal")).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Körkort" })).toBeChecked();
    expect(await page.evaluate(() => (window as any).__unticked ?? [])).not.toContain("role-pool_worker");
  });

  test("saved text shows before the page's code has come, and text typed then is never overwritten by it", async ({ page }) => {
    // Every value the page's own code sets in a text field is noted (typing is not such a set).
    await page.addInitScript(() => {
      const value = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!;
      Object.defineProperty(HTMLInputElement.prototype, "value", {
        ...value,
        set(text: string) {
          ((window as any).__set ??= []).push([this.id, text]);
          value.set!.call(this, text);
        },
      });
    });
    await openUllasPersonPage(page);
    await expect(page.getByLabel("Namn", { exact: true })).toHaveValue("Ulla Undersköterska");
    const email = await page.getByLabel("E-post", { exact: true }).inputValue();
    expect(email).toContain("@");
    // Her page again on a slow phone: its code is held until her name has been retyped.
    const release = await holdPageCode(page);
    await page.goto(page.url());
    // Rendered by the server alone: the saved name and e-mail are in their fields.
    await expect(page.getByLabel("Namn", { exact: true })).toHaveValue("Ulla Undersköterska");
    await expect(page.getByLabel("E-post", { exact: true })).toHaveValue(email);
    await page.getByLabel("Namn", { exact: true }).fill("Ulla Andersson");
    release();
    await page.waitForFunction(() => (window as any).__skiftet_hydrated === true);
    await expect(page.getByLabel("Namn", { exact: true })).toHaveValue("Ulla Andersson");
    await expect(page.getByLabel("E-post", { exact: true })).toHaveValue(email);
    const setName = await page.evaluate(() =>
      ((window as any).__set ?? []).filter(([id]: [string]) => id === "name").map(([, text]: [string, string]) => text),
    );
    expect(setName).not.toContain("Ulla Undersköterska");
  });
});

test("taps and typing made before the page's code came are replayed in the order they were made", async ({ page }) => {
  // The boot script on a page of its own, and a stand-in for the page's code that arrives after
  // the person has tapped "Lägg till lucka" (which adds one to a gap's count) and then typed the
  // count they meant. Replayed typing first and tap second, the count would end one too high.
  const boot = await readFile(path.join(__dirname, "../../app/src/components/boot.js"), "utf8");
  await page.setContent(`<main><button type="button">Lägg till lucka</button>
    <label for="short">Saknas</label><input id="short" type="number" value="1"></main>`);
  await page.addScriptTag({ content: boot });
  await page.getByRole("button", { name: "Lägg till lucka" }).click();
  await page.getByLabel("Saknas").fill("5");
  const heard = await page.evaluate(() => {
    const heard: string[] = [];
    document.querySelector("button")!.addEventListener("click", () => heard.push("tap"));
    document.querySelector("input")!.addEventListener("input", (e) => heard.push(`typed ${(e.target as HTMLInputElement).value}`));
    const w = window as unknown as { __skiftet_hydrated: boolean; __skiftet_after_hydration: () => void };
    w.__skiftet_hydrated = true;
    w.__skiftet_after_hydration();
    return heard;
  });
  expect(heard).toEqual(["tap", "typed 5"]);
});
