import { checkA11y, expect, test, login } from "./helpers";

// Protective equipment (runs after reports.spec.ts, which files the home-care unit's report
// first: this test's report is then a correction). Managers and coordinators on tablets.
test.use({ viewport: { width: 1024, height: 768 }, isMobile: false });

test("a unit reports low FFP2, the coordinator approves a proposal that covers it, the unit confirms receipt and its supply rises", async ({
  browser,
}) => {
  // The unit manager counts four FFP2 respirators in today's report.
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await login(manager, "enhetschef@demo.skiftet.se");
  await manager.goto("/enhet");
  await manager.getByRole("link", { name: "Lägesrapport" }).first().click();
  await expect(manager.getByRole("heading", { level: 1, name: "Lägesrapport – Hemtjänst Centrum" })).toBeVisible();
  const equipment = manager.getByRole("group", { name: "Skyddsutrustning i lager" });
  await equipment.getByLabel("Andningsskydd FFP2 – i lager (st)").fill("4");
  await manager.getByRole("button", { name: /^Skicka (lägesrapport|rättelse)$/ }).click();
  await expect(manager.getByRole("status").filter({ hasText: "Rapporten är skickad" })).toBeVisible();

  // Its equipment page: FFP2 is red.
  await manager.goto("/enhet");
  await manager.getByRole("link", { name: "Skyddsutrustning" }).first().click();
  const supply = manager.getByRole("region", { name: "Enhetens lager" });
  const ffp2 = supply.getByRole("row").filter({ has: manager.getByRole("rowheader", { name: "Andningsskydd FFP2" }) });
  await expect(ffp2).toContainText("4 st");
  await expect(ffp2).toContainText("Röd");
  await checkA11y(manager);

  // The coordinator books the region's allocation into the central stock, then approves the
  // proposal, which gives the unit FFP2.
  const deskContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const desk = await deskContext.newPage();
  await login(desk, "samordnare@demo.skiftet.se");
  await desk.getByRole("link", { name: "Skyddsutrustning" }).first().click();
  await expect(desk.getByRole("heading", { level: 1, name: "Skyddsutrustning" })).toBeVisible();
  await desk.getByLabel("Material", { exact: true }).first().selectOption({ label: "Andningsskydd FFP2" });
  await desk.getByLabel("Typ", { exact: true }).selectOption({ label: "Leverans in" });
  await desk.getByLabel("Källa (vid leverans)").selectOption({ label: "Tilldelning från regionen" });
  await desk.getByLabel("Antal", { exact: true }).first().fill("2000");
  await desk.getByRole("button", { name: "Registrera" }).click();
  await expect(desk.getByRole("status").filter({ hasText: "Sparat." })).toBeVisible();
  const packs = desk.getByLabel("Förpackningar – Andningsskydd FFP2 – Hemtjänst Centrum", { exact: true });
  await expect(packs).not.toHaveValue("0");
  await checkA11y(desk);
  await desk.getByRole("button", { name: "Godkänn fördelningen" }).click();
  await expect(desk.getByRole("status").filter({ hasText: "Fördelningen är godkänd" })).toBeVisible();
  await desk.getByRole("status").getByRole("link", { name: "Plocklista" }).click();
  await expect(desk.getByRole("heading", { level: 1, name: /^Plocklista – / })).toBeVisible();
  await expect(desk.getByRole("heading", { level: 3, name: /^Hemtjänst Centrum – / })).toBeVisible();
  await checkA11y(desk);

  // The unit confirms what arrived; its FFP2 now lasts more than a week.
  await manager.reload();
  const incoming = manager.getByRole("region", { name: "Leveranser att ta emot" });
  await incoming.getByRole("button", { name: "Bekräfta mottagande" }).first().click();
  await expect(ffp2).not.toContainText("Röd");
  await expect(ffp2).toContainText("Grön");
  await expect(manager.getByRole("region", { name: "Mottagna leveranser" })).toContainText("Andningsskydd FFP2");
  await checkA11y(manager);
  await managerContext.close();
  await deskContext.close();
});
