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

test("the demo unit manager sees gaps and is refused a shift that leaves less than 11 h rest", async ({ page }) => {
  await login(page, "enhetschef@demo.skiftet.se");
  await expect(page).toHaveURL(/\/enhet$/);
  await page.getByRole("link", { name: "Veckoschema" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Vecka \d+/ })).toBeVisible();
  await expect(page.getByText(/saknas \d+/).first()).toBeVisible();
  await hydrated(page);
  await checkA11y(page);

  // Open gaps one by one until one has a candidate whose daily rest would be too short
  // (someone who worked the evening before a day shift).
  const gaps = page.getByRole("button", { name: /^Tillsätt pass/ });
  const count = await gaps.count();
  expect(count).toBeGreaterThan(0);
  let found = false;
  for (let i = 0; i < count && !found; i++) {
    await gaps.nth(i).click();
    const panel = page.getByRole("group", { name: "Välj person" });
    await expect(panel.getByRole("radio").first()).toBeVisible();
    const tooShort = panel.getByRole("radio", { name: /Dygnsvila/ });
    if ((await tooShort.count()) > 0) {
      found = true;
      await tooShort.first().check();
      await checkA11y(page);
      await page.getByRole("button", { name: "Spara", exact: true }).click();
      const alert = page.getByRole("alert").filter({ hasText: "bryter mot arbetstidsreglerna" });
      await expect(alert).toBeVisible();
      await expect(alert).toContainText("Dygnsvila");
      await expect(alert).toContainText("minst 11 h krävs");
    } else {
      await page.getByRole("button", { name: "Avbryt" }).click();
    }
  }
  expect(found).toBe(true);
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
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByRole("button", { name: "Ändra Rad 1", exact: true })).toBeVisible();
});
