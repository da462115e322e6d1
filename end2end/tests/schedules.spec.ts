import { expect, test } from "@playwright/test";
import { checkA11y, hydrated, login } from "./helpers";

test("the demo care worker sees today's or tomorrow's shift first", async ({ page }) => {
  await login(page, "underskoterska@demo.skiftet.se");
  await expect(page).toHaveURL(/\/mina-pass$/);
  const next = page.getByRole("region", { name: "Nästa pass" });
  await expect(next).toBeVisible();
  await expect(next).toContainText(/Idag|I morgon/);
  await expect(next).toContainText("Hemtjänst");
  await expect(next).toContainText(/\d\d:\d\d–\d\d:\d\d/);
  await checkA11y(page);

  await page.getByRole("link", { name: "Tidigare pass" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tidigare pass" })).toBeVisible();
  await expect(page.getByRole("listitem").first()).toBeVisible();
  await checkA11y(page);
});

const MONTHS = ["Januari", "Februari", "Mars", "April", "Maj", "Juni", "Juli", "Augusti", "September", "Oktober",
  "November", "December"];

test("the care worker's month view shows this month's shifts and pages to the next month", async ({ page }) => {
  await login(page, "underskoterska@demo.skiftet.se");
  await page.getByRole("navigation", { name: "Visa pass" }).getByRole("link", { name: "Månad" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Månad" })).toBeVisible();
  const now = new Date(new Date().toLocaleString("en-US", { timeZone: "Europe/Stockholm" }));
  const calendar = page.getByRole("table", { name: `${MONTHS[now.getMonth()]} ${now.getFullYear()}` });
  await expect(calendar).toBeVisible();
  // Today is marked, and the demo worker's shifts this month are in the calendar and the list.
  await expect(calendar.locator('td[aria-current="date"]')).toContainText(String(now.getDate()));
  await expect(calendar.locator("td.has-shift").first()).toContainText(/\d\d–\d\d/);
  await expect(page.getByRole("listitem").filter({ hasText: /\d\d:\d\d–\d\d:\d\d/ }).first()).toBeVisible();
  await checkA11y(page);

  await hydrated(page);
  await page.getByRole("link", { name: "Nästa månad" }).click();
  const next = new Date(now.getFullYear(), now.getMonth() + 1, 1);
  await expect(page.getByRole("table", { name: `${MONTHS[next.getMonth()]} ${next.getFullYear()}` })).toBeVisible();
});

test("the demo unit manager sees gaps and is refused a shift that leaves less than 11 h rest", async ({ page }) => {
  await login(page, "enhetschef@demo.skiftet.se");
  await expect(page).toHaveURL(/\/enhet$/);
  await page.getByRole("link", { name: "Veckoschema" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Vecka \d+/ })).toBeVisible();
  await expect(page.getByText(/saknas \d+/).first()).toBeVisible();
  await hydrated(page);
  await checkA11y(page);

  // Open gaps one by one until one has a candidate whose daily rest would be too short but at
  // least 9 h (someone who worked the evening before a day shift).
  const gaps = page.getByRole("button", { name: /^Tillsätt pass/ });
  const count = await gaps.count();
  expect(count).toBeGreaterThan(0);
  let found = false;
  for (let i = 0; i < count && !found; i++) {
    await gaps.nth(i).click();
    const panel = page.getByRole("group", { name: "Välj person" });
    await expect(panel.getByRole("radio").first()).toBeVisible();
    const tooShort = panel.getByRole("radio", { name: /Dygnsvila/ });
    const reason = page.getByLabel(/Skäl för undantag/);
    if ((await tooShort.count()) > 0) {
      await tooShort.first().check();
    }
    if ((await tooShort.count()) > 0 && (await reason.isVisible())) {
      found = true;
      await checkA11y(page);
      await page.getByRole("button", { name: "Spara", exact: true }).click();
      const alert = page.getByRole("alert").filter({ hasText: "bryter mot arbetstidsreglerna" });
      await expect(alert).toBeVisible();
      await expect(alert).toContainText("Dygnsvila");
      await expect(alert).toContainText("minst 11 h krävs");
      // With a recorded reason the exception down to 9 h is allowed, and shown on the shift.
      await reason.fill("Sjukdom i arbetslaget");
      await page.getByRole("button", { name: "Spara", exact: true }).click();
      await expect(page.getByRole("group", { name: "Välj person" })).toHaveCount(0);
      await expect(page.getByText("Undantag: Sjukdom i arbetslaget").first()).toBeVisible();
    } else {
      await page.getByRole("button", { name: "Avbryt" }).click();
    }
  }
  expect(found).toBe(true);
});

test("the unit manager fills a gap as a resource shift", async ({ page }) => {
  await login(page, "enhetschef@demo.skiftet.se");
  await page.getByRole("link", { name: "Veckoschema" }).first().click();
  await hydrated(page);
  const gaps = page.getByRole("button", { name: /^Tillsätt pass/ });
  const count = await gaps.count();
  let filled = "";
  for (let i = count - 1; i >= 0 && !filled; i--) {
    await gaps.nth(i).click();
    const panel = page.getByRole("group", { name: "Välj person" });
    await expect(panel.getByRole("radio").first()).toBeVisible();
    const fine = panel.getByRole("radio", { name: /inga regler bryts/ });
    if ((await fine.count()) > 0) {
      await page.getByLabel("Passets typ").selectOption({ label: "Resurspass" });
      const label = (await fine.first().getAttribute("id")) ?? "";
      filled = (await page.locator(`label[for="${label}"] span`).first().textContent()) ?? "";
      await fine.first().check();
      await page.getByRole("button", { name: "Spara", exact: true }).click();
      await expect(page.getByRole("group", { name: "Välj person" })).toHaveCount(0);
    } else {
      await page.getByRole("button", { name: "Avbryt" }).click();
    }
  }
  expect(filled).not.toBe("");
  // The new shift is in the week with its person and marked as a resource shift.
  await expect(page.getByRole("listitem").filter({ hasText: filled }).filter({ hasText: "Resurspass" }).first())
    .toBeVisible();
});

test("the unit manager's follow-up shows the full-time share", async ({ page }) => {
  await login(page, "enhetschef@demo.skiftet.se");
  await page.getByRole("link", { name: "Uppföljning" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Uppföljning/ })).toBeVisible();
  await expect(page.getByText("Andel heltid")).toBeVisible();
  await checkA11y(page);
});

test("the unit manager's base staffing page lists needs and shift types", async ({ page }) => {
  await login(page, "enhetschef@demo.skiftet.se");
  await page.getByRole("link", { name: "Grundbemanning" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Grundbemanning/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Behov per pass" })).toBeVisible();
  await expect(page.getByLabel("Passtyp")).toBeVisible();
  await checkA11y(page);
});

test("the unit manager edits a line of the rolling schedule", async ({ page }) => {
  await login(page, "enhetschef@demo.skiftet.se");
  await page.getByRole("link", { name: "Rullande schema" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Rullande schema/ })).toBeVisible();
  await hydrated(page);
  await page.getByRole("button", { name: "Ändra Rad 1", exact: true }).click();
  await expect(page.getByRole("combobox", { name: "Vecka 1 Måndag" })).toBeVisible();
  await checkA11y(page);
  // Make the first worked day of week 1 the team leader's, keeping its shift.
  let day = "";
  let shift = "";
  for (const d of ["Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag"]) {
    const cell = page.getByRole("combobox", { name: `Vecka 1 ${d}`, exact: true });
    const chosen = (await cell.locator("option:checked").textContent()) ?? "–";
    if (chosen !== "–") {
      day = d;
      shift = chosen.split(" · ")[0];
      await cell.selectOption({ label: `${shift} · Teamledare` });
      break;
    }
  }
  expect(day).not.toBe("");
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByRole("button", { name: "Ändra Rad 1", exact: true })).toBeVisible();
  // Saved: opening the line again shows the team leader's day.
  await page.getByRole("button", { name: "Ändra Rad 1", exact: true }).click();
  await expect(page.getByRole("combobox", { name: `Vecka 1 ${day}`, exact: true }).locator("option:checked"))
    .toHaveText(`${shift} · Teamledare`);
});

test("the administrator reads the audit trail in words, with old and new values", async ({ page }) => {
  // Runs after the planning tests above, whose changes are in the trail.
  await login(page, "admin@demo.skiftet.se");
  await page.goto("/admin/logg");
  await expect(page.getByRole("heading", { level: 1, name: "Logg" })).toBeVisible();
  const table = page.getByRole("region", { name: "Logg" }).getByRole("table");
  await expect(table.getByRole("cell", { name: /^Skapade pass #\d+$/ }).first()).toBeVisible();
  await expect(table.getByRole("cell", { name: /^Ändrade schemarad #\d+$/ }).first()).toBeVisible();
  await expect(table.getByRole("listitem").filter({ hasText: /^resource: true$/ }).first()).toBeVisible();
  await expect(table).not.toContainText('{"');
  await checkA11y(page);
});
