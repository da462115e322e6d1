import { checkA11y, expect, test, login } from "./helpers";

test("the unit manager orders groceries, the service team ticks them off offline, and the manager sees them delivered once", async ({
  browser,
}) => {
  // A pick-up place nobody else uses, so this test's errand is found among the demo's.
  const pickup = `Kontoret, lista ${Date.now()}`;

  // The unit manager, on a tablet: three items for client K-88.
  const tabletContext = await browser.newContext({ viewport: { width: 1024, height: 768 }, serviceWorkers: "block" });
  const tablet = await tabletContext.newPage();
  await login(tablet, "enhetschef@demo.skiftet.se");
  await tablet.goto("/enhet");
  await tablet.getByRole("link", { name: "Uppdrag", exact: true }).first().click();
  await expect(tablet.getByRole("heading", { level: 1, name: "Uppdrag" })).toBeVisible();
  await tablet.getByLabel("Typ av uppdrag").selectOption({ label: "Matinköp" });
  await tablet.getByLabel("Hämtas").fill(pickup);
  await tablet.getByLabel("Brukarens kortnamn").fill("K-88");
  await tablet.getByLabel("Leveransadress hos brukaren").fill("Testgatan 1");
  await tablet.getByLabel("Inköpslista / checklista").fill("2 l mjölk\nBröd\n3 bananer");
  await tablet.getByRole("button", { name: "Beställ uppdrag" }).click();
  await expect(tablet.getByRole("status").filter({ hasText: "Uppdraget är beställt" })).toBeVisible();
  await checkA11y(tablet);

  // The service-team member's phone: the errand is in the queue; one tap claims it.
  const phoneContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: "sv-SE",
    timezoneId: "Europe/Stockholm",
    serviceWorkers: "block",
  });
  const phone = await phoneContext.newPage();
  await login(phone, "service@demo.skiftet.se");
  await phone.goto("/uppdrag");
  const queued = phone.getByRole("region", { name: "Öppna uppdrag" }).getByRole("article").filter({ hasText: pickup });
  await expect(queued).toContainText("3 saker på listan");
  // Nobody's address in the open queue.
  await expect(phone.getByRole("region", { name: "Öppna uppdrag" })).not.toContainText("Testgatan 1");
  // Each button names its errand in the language shown, and follows a switch.
  await phone.getByRole("button", { name: "In English" }).click();
  await expect(
    phone.getByRole("region", { name: "Open errands" }).getByRole("button", { name: /^Claim the errand Grocery shopping – / }).first(),
  ).toBeVisible();
  await phone.getByRole("button", { name: "På svenska" }).click();
  await expect(queued.getByRole("button", { name: /^Ta uppdraget Matinköp – / })).toBeVisible();
  await queued.getByRole("button", { name: /^Ta uppdraget/ }).click();
  const mine = phone.getByRole("region", { name: "Mina uppdrag" }).getByRole("article").filter({ hasText: pickup });
  await expect(mine).toContainText("Testgatan 1");
  await checkA11y(phone);

  // In a cellar: three ticks and "delivered", kept on the phone…
  await phoneContext.setOffline(true);
  for (const item of ["2 l mjölk", "Bröd", "3 bananer"]) {
    await mine.getByRole("button", { name: `${item} – Hittad` }).click();
    await expect(mine.getByRole("button", { name: `${item} – Hittad` })).toHaveAttribute("aria-pressed", "true");
  }
  await mine.getByRole("button", { name: "Levererat" }).click();
  await expect(phone.getByRole("status").filter({ hasText: "Ingen anslutning. Det du gör sparas i telefonen" })).toBeVisible();
  await expect(mine).toContainText("Väntar på anslutning");
  await checkA11y(phone);
  // …and sent once when the connection is back.
  await phoneContext.setOffline(false);
  await expect(phone.getByRole("status").filter({ hasText: "Ingen anslutning" })).toHaveCount(0);
  await expect(phone.getByRole("region", { name: "Mina uppdrag" })).not.toContainText(pickup);

  // The manager's page follows live: delivered, three found, once.
  const theirs = tablet.getByRole("region", { name: /Enhetens uppdrag/ }).getByRole("article").filter({ hasText: "K-88" });
  await expect(theirs).toHaveCount(1);
  await expect(theirs).toContainText("Levererat");
  await expect(theirs.getByRole("listitem").filter({ hasText: "Hittad" })).toHaveCount(3);
  await tablet.getByRole("button", { name: "Vem har sett brukaruppgifter" }).click();
  await expect(tablet.getByRole("region", { name: "Vem har sett brukaruppgifter" })).toContainText("Siv Servicesson");
  for (const c of [phoneContext, tabletContext]) await c.close();
});

test("a care worker follows an order live, and the coordinator reads the week by type and sets the time per type", async ({
  browser,
}) => {
  const pickup = `Apoteket, recept ${Date.now()}`;
  const phoneOptions = {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: "sv-SE",
    timezoneId: "Europe/Stockholm",
    serviceWorkers: "block" as const,
  };

  // The care worker orders a pharmacy pick-up to the office from the phone.
  const careContext = await browser.newContext(phoneOptions);
  const care = await careContext.newPage();
  await login(care, "underskoterska@demo.skiftet.se");
  await care.getByRole("link", { name: "Beställ uppdrag" }).first().click();
  await care.getByRole("link", { name: /^Uppdrag – / }).first().click();
  await care.getByLabel("Typ av uppdrag").selectOption({ label: "Apoteksärende" });
  await care.getByLabel("Hämtas").fill(pickup);
  await care.getByRole("radio", { name: "Hemtjänstkontoret" }).check();
  await care.getByRole("button", { name: "Beställ uppdrag" }).click();
  const ordered = care.getByRole("region", { name: /Enhetens uppdrag/ }).getByRole("article").filter({ hasText: pickup });
  await expect(ordered).toContainText("Väntar på serviceteamet");

  // The service team claims it on another phone; the care worker's page follows without a reload.
  const serviceContext = await browser.newContext(phoneOptions);
  const service = await serviceContext.newPage();
  await login(service, "service@demo.skiftet.se");
  await service.goto("/uppdrag");
  const queued = service.getByRole("region", { name: "Öppna uppdrag" }).getByRole("article").filter({ hasText: pickup });
  await queued.getByRole("button", { name: /^Ta uppdraget/ }).click();
  await expect(service.getByRole("region", { name: "Mina uppdrag" }).getByRole("article").filter({ hasText: pickup })).toBeVisible();
  // The day's route lists it: as soon as possible, picked up where it was asked.
  await expect(service.getByRole("region", { name: "Dagens rutt" })).toContainText(pickup);
  await expect(ordered).toContainText("Taget");
  await expect(ordered).toContainText("Siv Servicesson");

  // The coordinator: the unit's weeks by type and state, and the minutes per type.
  const deskContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const desk = await deskContext.newPage();
  await login(desk, "samordnare@demo.skiftet.se");
  await desk.goto("/lagesbild");
  const errands = desk.getByRole("region", { name: "Serviceteamets uppdrag de senaste fyra veckorna" });
  // The care worker's unit (the demo's "Hemtjänst Centrum"), opened from its disclosure: this
  // week has the pharmacy errand just ordered, under way.
  const unit = errands.locator("details").filter({ has: desk.locator("summary", { hasText: /^Hemtjänst Centrum$/ }) });
  await unit.locator("summary").click();
  const weeks = unit.getByRole("region");
  await expect(weeks.getByRole("columnheader", { name: "Kunde inte slutföras" })).toBeVisible();
  const pharmacy = weeks.getByRole("row").filter({ has: desk.getByRole("rowheader", { name: "Apoteksärende" }) }).first();
  await expect(pharmacy).toBeVisible();
  await checkA11y(desk);
  // Minutes chosen from the clock, so a rerun against the same server still changes something.
  const minutes = String(5 * (1 + (Math.floor(Date.now() / 1000) % 90)));
  const field = errands.getByRole("spinbutton", { name: /^Apoteksärende/ });
  await field.fill(minutes);
  const form = field.locator("xpath=ancestor::form");
  await form.getByRole("button", { name: "Spara" }).click();
  await expect(form.getByRole("status")).toHaveText("Sparat.");
  await desk.reload();
  await expect(errands.getByRole("spinbutton", { name: /^Apoteksärende/ })).toHaveValue(minutes);
  // A figure the server refuses is said, by field, and nothing changes.
  await errands.getByRole("spinbutton", { name: /^Apoteksärende/ }).fill("9000");
  await errands
    .getByRole("spinbutton", { name: /^Apoteksärende/ })
    .locator("xpath=ancestor::form")
    .getByRole("button", { name: "Spara" })
    .click();
  await expect(errands.getByRole("alert").filter({ hasText: "mellan 0 och 480" })).toBeVisible();
  // The refused figure stays in the field to be corrected.
  await expect(errands.getByRole("spinbutton", { name: /^Apoteksärende/ })).toHaveValue("9000");
  await desk.reload();
  await expect(errands.getByRole("spinbutton", { name: /^Apoteksärende/ })).toHaveValue(minutes);
  for (const c of [careContext, serviceContext, deskContext]) await c.close();
});
