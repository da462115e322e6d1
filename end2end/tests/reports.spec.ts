import { readFile } from "node:fs/promises";
import { checkA11y, expect, holdPageCode, test, login } from "./helpers";

// Unit managers and coordinators work on tablets.
test.use({ viewport: { width: 1024, height: 768 }, isMobile: false });

test("a unit manager files a report with a gap, and the coordinator sees the unit turn red and exports it", async ({
  browser,
}) => {
  // No service worker: the page's code is held back below, which one would answer instead.
  const managerContext = await browser.newContext({ serviceWorkers: "block" });
  const manager = await managerContext.newPage();
  await login(manager, "enhetschef@demo.skiftet.se");
  await manager.goto("/enhet");
  await manager.getByRole("link", { name: "Lägesrapport" }).first().click();
  await expect(manager.getByRole("heading", { level: 1, name: "Lägesrapport – Hemtjänst Centrum" })).toBeVisible();

  // Today's gaps come from the schedule; the manager adds eight people short on today's day
  // shift, solves none of them, and reports an outbreak affecting forty recipients.
  const gaps = manager.getByRole("group", { name: "Luckor per pass" });
  await gaps.getByLabel("Dag", { exact: true }).selectOption({ index: 0 });
  await gaps.getByLabel("Pass", { exact: true }).selectOption({ index: 0 });
  await gaps.getByRole("button", { name: "Lägg till lucka" }).click();
  const today = gaps.getByRole("region", { name: "Idag" });
  const short = today.getByRole("spinbutton", { name: /^Saknas – Dag/ }).first();
  // Emptied to be typed again later, the count stays empty and marked as wrong — the page does
  // not fill in what it made of the empty field.
  await short.fill("");
  await manager.getByLabel("Pågående utbrott på enheten").check();
  await expect(short).toHaveAttribute("aria-invalid", "true");
  await expect(short).toHaveValue("");
  await short.fill("8");
  await expect(short).not.toHaveAttribute("aria-invalid", "true");
  await manager.getByLabel("Brukare som påverkas av personalbristen").fill("40");
  await manager.getByLabel("Något mer samordnaren behöver veta (valfritt)").fill("Utbrott på Centrum, åtta sjuka.");
  await checkA11y(manager);
  await manager.getByRole("button", { name: /^Skicka (lägesrapport|rättelse)$/ }).click();
  await expect(manager.getByRole("status").filter({ hasText: "Rapporten är skickad" })).toBeVisible();
  await expect(manager.getByRole("heading", { level: 2, name: /Behovspoäng \d+ · Röd/ })).toBeVisible();
  await expect(manager.getByRole("region", { name: "Begäranden till personalpoolen" }).first()).toContainText("Öppen");

  // Opened again at 07:00 on a slow tablet, the filed report is on the page before its code.
  const release = await holdPageCode(manager);
  await manager.reload();
  await expect(manager.getByLabel("Brukare som påverkas av personalbristen")).toHaveValue("40");
  await expect(manager.getByLabel("Något mer samordnaren behöver veta (valfritt)")).toHaveValue("Utbrott på Centrum, åtta sjuka.");
  await expect(gaps.getByRole("region", { name: "Idag" }).getByRole("spinbutton", { name: /^Saknas – Dag/ }).first()).toHaveValue("8");
  release();
  await manager.waitForFunction(() => (window as any).__skiftet_hydrated === true);
  await expect(manager.getByLabel("Något mer samordnaren behöver veta (valfritt)")).toHaveValue("Utbrott på Centrum, åtta sjuka.");
  await manager.unroute("**/*.wasm");

  // The coordinator's picture: the unit first among the red ones, with its gap and the outbreak.
  const coordinatorContext = await browser.newContext({ acceptDownloads: true });
  const coordinator = await coordinatorContext.newPage();
  await login(coordinator, "samordnare@demo.skiftet.se");
  await coordinator.goto("/lagesbild");
  // (The demo also has "Hemtjänst Centrum 2" and "… 3".)
  const row = coordinator
    .getByRole("row")
    .filter({ has: coordinator.getByRole("rowheader", { name: /^Hemtjänst Centrum Skiftviks/ }) });
  await expect(row).toContainText(/\d+ · Röd/);
  await expect(row).toContainText("Utbrott");
  await row.getByText("Varför?").click();
  await expect(row).toContainText("Saknad personal");
  await expect(
    coordinator.getByRole("region", { name: "Har inte rapporterat idag" }).getByRole("listitem").filter({ hasText: /^Hemtjänst Centrum ·/ }),
  ).toHaveCount(0);
  await checkA11y(coordinator);

  const [download] = await Promise.all([
    coordinator.waitForEvent("download"),
    coordinator.getByRole("link", { name: "Exportera till Länsstyrelsen (CSV)" }).click(),
  ]);
  const csv = await readFile((await download.path()) ?? "", "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const line = csv.split(/\r?\n/).find((l) => l.includes(";Hemtjänst Centrum;"));
  expect(line).toBeDefined();
  expect(line?.split(";")[6]).toBe("Ja");
  expect(line?.split(";")[17]).toBe("Ja");

  // The drill-down shows today's bar and the report's note.
  await row.getByRole("link", { name: "Hemtjänst Centrum", exact: true }).click();
  await expect(coordinator.getByRole("heading", { level: 1, name: /Hemtjänst Centrum/ })).toBeVisible();
  await expect(coordinator.getByRole("img", { name: /Behovspoäng de senaste 14 dagarna/ })).toBeVisible();
  await expect(coordinator.getByRole("cell", { name: "Utbrott på Centrum, åtta sjuka." })).toBeVisible();
  await checkA11y(coordinator);
  await managerContext.close();
  await coordinatorContext.close();
});

test("a draft that could not be sent is still there when the manager comes back", async ({ page, context }) => {
  await login(page, "enhetschef@demo.skiftet.se");
  await page.goto("/enhet");
  // The residential unit: the other test files the home-care unit's report.
  await page.getByRole("link", { name: "Lägesrapport" }).nth(1).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Lägesrapport – / })).toBeVisible();
  await page.getByLabel("Bekräftade fall bland brukare").fill("3");
  await page.getByLabel("Något mer samordnaren behöver veta (valfritt)").fill("Skrivet i källaren.");
  // Every change is kept on the device as it is typed.
  await expect
    .poll(() =>
      page.evaluate(() =>
        Object.keys(localStorage)
          .filter((k) => k.startsWith("skiftet.lagesrapport."))
          .map((k) => localStorage.getItem(k))
          .join(),
      ),
    )
    .toContain("Skrivet i källaren.");
  await context.setOffline(true);
  await page.getByRole("button", { name: /^Skicka (lägesrapport|rättelse)$/ }).click();
  await expect(page.getByRole("alert")).toContainText("Ingen kontakt med servern");
  await expect(page.getByRole("status").filter({ hasText: "Utkastet är sparat" })).toBeVisible();
  await context.setOffline(false);
  await page.reload();
  await expect(page.getByRole("status").filter({ hasText: "utkast" })).toBeVisible();
  await expect(page.getByLabel("Bekräftade fall bland brukare")).toHaveValue("3");
  await expect(page.getByLabel("Något mer samordnaren behöver veta (valfritt)")).toHaveValue("Skrivet i källaren.");
  await page.getByRole("button", { name: "Kasta utkastet" }).click();
  await expect(page.getByLabel("Något mer samordnaren behöver veta (valfritt)")).not.toHaveValue("Skrivet i källaren.");
});
