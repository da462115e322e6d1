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
