import type { Page } from "@playwright/test";
import { checkA11y, expect, test, login } from "./helpers";

/** The week view of the demo unit manager's home-care unit that shows `day` ("Måndag 30/11"),
 *  found by the server's own week links (this week, or the next). */
async function weekWith(page: Page, day: string) {
  await page.goto("/enhet");
  await page.getByRole("link", { name: "Veckoschema" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Vecka \d+/ })).toBeVisible();
  const region = page.getByRole("region", { name: day, exact: true });
  if ((await region.count()) === 0) {
    await page.getByRole("navigation", { name: "Veckor" }).getByRole("link", { name: /Nästa vecka/ }).click();
  }
  await expect(region).toBeVisible();
  return region;
}

test("the coordinator allocates and sends offers, the pool worker accepts on the phone, and the unit manager sees who comes", async ({
  browser,
}) => {
  // The pool worker's phone is open on the offers page before anything is sent.
  const phoneContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: "sv-SE",
    timezoneId: "Europe/Stockholm",
    serviceWorkers: "block",
  });
  const phone = await phoneContext.newPage();
  await login(phone, "pool@demo.skiftet.se");
  await phone.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Erbjudanden" }).click();
  await expect(phone.getByRole("heading", { level: 1, name: "Erbjudanden" })).toBeVisible();
  await expect(phone.getByRole("status").filter({ hasText: "Inga erbjudanden just nu" })).toBeVisible();
  await checkA11y(phone);

  // The coordinator, on a tablet: propose, look at the reasons, send.
  const tabletContext = await browser.newContext({ viewport: { width: 1024, height: 768 }, serviceWorkers: "block" });
  const tablet = await tabletContext.newPage();
  await login(tablet, "samordnare@demo.skiftet.se");
  await tablet.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Poolen" }).click();
  await expect(tablet.getByRole("heading", { level: 1, name: "Poolen" })).toBeVisible();
  await tablet.getByRole("button", { name: "Föreslå fördelning" }).click();
  await expect(tablet.getByRole("status").filter({ hasText: /\d+ platser fick ett förslag/ })).toBeVisible();
  const places = tablet.getByRole("table", { name: "Platser att bemanna" });
  // The nurse's place Pelle is proposed for (then offered). Loaded after midnight, the demo's
  // day shift today is still ahead and he may be proposed for an any-staff place too.
  const pelle = places
    .getByRole("row")
    .filter({ hasText: /(Förslag|Erbjuden):\s*Pelle Poolsson/ })
    .filter({ hasText: "Undersköterska" });
  await expect(pelle).toContainText("Förslag:");
  // More places than people available: some stay open, each with the reason.
  await expect(places.getByRole("row").filter({ hasText: "Obemannad" }).first()).toContainText(
    /behövs till platser|inte tillgänglig|för långt bort|arbetstidsreglerna|tackat nej|har kompetensen/,
  );
  // Who else could take Pelle's place? In the demo every available nurse is already proposed
  // for that shift (there are more places than people), and the panel says so.
  await pelle.getByRole("button", { name: "Byt person (Pelle Poolsson)" }).click();
  await expect(pelle).toContainText("Ingen annan i poolen kan ta passet.");
  await checkA11y(tablet);
  await pelle.getByRole("button", { name: "Byt person (Pelle Poolsson)" }).click();
  await tablet.getByRole("button", { name: "Skicka erbjudanden" }).click();
  await expect(tablet.getByRole("status").filter({ hasText: /\d+ erbjudanden skickades/ })).toBeVisible();
  await expect(pelle).toContainText("Erbjuden:");

  // The offer appears on the phone without a reload; one tap takes it. (The one at the demo
  // manager's Hemtjänst Centrum — not "Centrum 2" or "3" — whose week view shows it below.)
  const offer = phone.getByRole("article").filter({ hasText: /Hemtjänst Centrum(?! \d)/ }).first();
  await expect(offer).toContainText("Hemtjänst");
  await expect(offer).toContainText(/Svar senast \d{4}-\d\d-\d\d \d\d:\d\d/);
  await checkA11y(phone);
  const heading = (await offer.getByRole("heading", { level: 2 }).textContent()) ?? "";
  const day = heading.replace(/\s*\d\d:\d\d–\d\d:\d\d\s*$/, "").trim();
  // In a cellar without reception: the tap is kept on the phone, plainly not yet a booking…
  await phoneContext.setOffline(true);
  await offer.getByRole("button", { name: "Tacka ja" }).click();
  await expect(offer).toContainText("Ditt ja väntar på anslutning. Du är inte bokad förrän Skiftet har bekräftat");
  await expect(phone.getByRole("status").filter({ hasText: "Ingen anslutning. Dina svar sparas" })).toBeVisible();
  await checkA11y(phone);
  // …and sent when the connection is back.
  await phoneContext.setOffline(false);
  await expect(phone.getByRole("status").filter({ hasText: "Du är bokad" })).toBeVisible();
  await expect(phone.getByRole("status").filter({ hasText: "Ingen anslutning" })).toHaveCount(0);
  await expect(phone.getByRole("region", { name: "Mina bokningar" })).toContainText(/Bekräftad \d{4}-\d\d-\d\d/);
  // The coordinator's table follows: the place he took shows him booked.
  await expect(places.getByRole("row").filter({ hasText: /Bokad:\s*Pelle Poolsson/ }).first()).toBeVisible();

  // The unit manager sees who is coming on that day's shift.
  const managerContext = await browser.newContext({ viewport: { width: 1024, height: 768 }, serviceWorkers: "block" });
  const manager = await managerContext.newPage();
  await login(manager, "enhetschef@demo.skiftet.se");
  const region = await weekWith(manager, day);
  await expect(region).toContainText("Pelle Poolsson");
  for (const c of [phoneContext, tabletContext, managerContext]) await c.close();
});

test("a pool worker marks availability on the phone, before and after the page has loaded", async ({ page }) => {
  await login(page, "pool@demo.skiftet.se");
  await page.goto("/tillganglighet");
  await expect(page.getByRole("heading", { level: 1, name: "Tillgänglighet" })).toBeVisible();
  // Days 0–13 from the server's today; the demo worker gave days and evenings, not nights.
  const tomorrow = page.getByRole("group", { name: "I morgon" });
  const night = tomorrow.getByRole("button", { name: "Natt" });
  await expect(night).toHaveAttribute("aria-pressed", "false");
  await night.click();
  await expect(tomorrow.getByRole("button", { name: "Natt" })).toHaveAttribute("aria-pressed", "true");
  await tomorrow.getByRole("button", { name: "Natt" }).click();
  await expect(tomorrow.getByRole("button", { name: "Natt" })).toHaveAttribute("aria-pressed", "false");
  // The usual week: nights on Mondays too, and every coming Monday follows.
  const week = page.getByRole("region", { name: "Min vanliga vecka" });
  const monday = week.getByRole("group", { name: "Måndag", exact: true });
  await monday.getByRole("button", { name: "Natt" }).click();
  await expect(week.getByRole("group", { name: "Måndag", exact: true }).getByRole("button", { name: "Natt" }))
    .toHaveAttribute("aria-pressed", "true");
  const coming = page.getByRole("region", { name: "De kommande 14 dagarna" });
  const aMonday = coming.getByRole("group", { name: /^Måndag \d/ }).first();
  await expect(aMonday.getByRole("button", { name: "Natt" })).toHaveAttribute("aria-pressed", "true");
  // Own times on one day, then back to the usual week.
  const later = coming.getByRole("listitem").filter({ has: page.getByRole("group", { name: /^Måndag \d/ }) }).first();
  await later.getByText("Egen tid").click();
  await later.getByLabel("Från").fill("10:00");
  await later.getByLabel("Till").fill("14:00");
  await later.getByRole("button", { name: "Lägg till tid" }).click();
  const changed = coming.getByRole("listitem").filter({ hasText: "10:00–14:00" });
  await expect(changed.getByText("Ändrad just den här dagen.")).toBeVisible();
  await checkA11y(page);
  await changed.getByRole("button", { name: /Som vanligt/ }).click();
  await expect(coming.getByText("10:00–14:00")).toHaveCount(0);
  await week.getByRole("group", { name: "Måndag", exact: true }).getByRole("button", { name: "Natt" }).click();
  await expect(week.getByRole("group", { name: "Måndag", exact: true }).getByRole("button", { name: "Natt" }))
    .toHaveAttribute("aria-pressed", "false");
  await checkA11y(page);
  await page.getByLabel("Längsta resväg (fågelvägen)").selectOption("30");
  await page.getByRole("button", { name: "Spara" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sparat" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Längsta resväg (fågelvägen)")).toHaveValue("30");
});

test("a unit manager asks the pool for a gap straight from the week view", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, serviceWorkers: "block" });
  const page = await context.newPage();
  await login(page, "enhetschef@demo.skiftet.se");
  await page.goto("/enhet");
  await page.getByRole("link", { name: "Veckoschema" }).first().click();
  // Nine weeks on, past the demo's generated schedule: every need there is a gap.
  const next = page.getByRole("navigation", { name: "Veckor" }).getByRole("link", { name: /Nästa vecka/ });
  const [path, monday] = ((await next.getAttribute("href")) ?? "").split("?v=");
  const later = new Date(`${monday}T12:00:00Z`);
  later.setUTCDate(later.getUTCDate() + 8 * 7);
  await page.goto(`${path}?v=${later.toISOString().slice(0, 10)}`);
  const day = page.getByRole("region").filter({ has: page.getByRole("button", { name: /^Begär från poolen – Dag/ }) }).first();
  await day.getByRole("button", { name: /^Begär från poolen – Dag/ }).click();
  await expect(day.getByText("Begärt från poolen: 1 · bokade: 0")).toBeVisible();
  await checkA11y(page);
  await context.close();
});

test.describe("with the service worker", () => {
  test.use({ serviceWorkers: "allow" });

  test("the offers page offers notifications once the service worker is there, and asks nothing before a tap", async ({
    page,
    context,
  }) => {
    await login(page, "pool@demo.skiftet.se");
    await page.goto("/erbjudanden");
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
    await page.reload();
    const panel = page.getByRole("region", { name: "Notiser" });
    await expect(panel.getByRole("button", { name: "Få notis om nya erbjudanden" })).toBeVisible();
    expect(await page.evaluate(() => Notification.permission)).toBe("default");
    await checkA11y(page);
    expect(context.serviceWorkers().length).toBeGreaterThan(0);
  });
});

test("the administrator sets where a pool worker is introduced", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, serviceWorkers: "block" });
  const page = await context.newPage();
  await login(page, "admin@demo.skiftet.se");
  await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Personer" }).click();
  await page.getByLabel("Sök på namn eller e-post").fill("poolsson");
  await page.getByRole("link", { name: /Pelle Poolsson/ }).click();
  const panel = page.getByRole("region", { name: "Poolprofil" });
  await expect(panel.getByLabel("Får ta")).toHaveValue("care");
  const introduced = panel.getByRole("group", { name: "Introducerad på" });
  const unchecked = introduced.getByRole("checkbox", { checked: false }).first();
  await unchecked.check();
  await panel.getByLabel(/Högst timmar per vecka/).fill("32");
  await panel.getByRole("button", { name: "Spara" }).click();
  await expect(panel.getByRole("status").filter({ hasText: "Sparat" })).toBeVisible();
  await checkA11y(page);
  await page.reload();
  await expect(page.getByRole("region", { name: "Poolprofil" }).getByLabel(/Högst timmar per vecka/)).toHaveValue("32");
  await context.close();
});
