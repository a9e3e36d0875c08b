import { expect, test, type Page } from "./fixtures";
import { bidIdFrom, h1, signInQuickly } from "./bid-journey";
import { downloadPdfText, expectNoAxeViolations, USERS } from "./support";

/**
 * The PDFs from the built server: the fonts are found from the production bundle, each response is
 * a PDF whose text carries the figures and reference, and another CSP cannot fetch it. The demo's
 * Drink Safe bid was part-approved (£2,267.50 of £3,035.00) with a grant paid quarterly in arrears.
 */

async function openDrinkSafe(page: Page): Promise<number> {
  // The demo's part-approved bids: the other specs' bids would push it off the first page of all.
  await page.goto("/bids?status=part_approved");
  await page.getByRole("link", { name: "Drink Safe", exact: true }).click();
  await expect(h1(page, "Drink Safe")).toBeVisible();
  return bidIdFrom(page);
}

test("the Melton lead downloads Drink Safe as a PDF", async ({ page }) => {
  await signInQuickly(page, USERS.meltonLead);
  const bidId = await openDrinkSafe(page);
  await expect(page.getByRole("link", { name: "Download the bid (PDF)" })).toHaveAttribute("href", `/bids/${bidId}.pdf`);

  const response = await page.request.get(`/bids/${bidId}.pdf`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  expect(response.headers()["content-disposition"]).toBe(`inline; filename="Bid-${bidId}-Drink-Safe.pdf"`);
  expect(response.headers()["cache-control"]).toBe("private, no-store");
  const body = await response.body();
  expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  // The fonts are embedded from app/pdf/fonts, found by the built server.
  expect(body.includes(Buffer.from("LiberationSans"))).toBe(true);
});

test("a Charnwood lead cannot fetch Melton's bid as a PDF", async ({ page }) => {
  await signInQuickly(page, USERS.meltonLead);
  const bidId = await openDrinkSafe(page);
  await page.context().clearCookies();

  await signInQuickly(page, USERS.charnwoodLead);
  const response = await page.request.get(`/bids/${bidId}.pdf`);
  expect(response.status()).toBe(404);
  expect(response.headers()["content-type"]).not.toBe("application/pdf");
});

test("the Melton lead downloads Drink Safe's decision record and grant offer letter from the bid and its grant", async ({ page }) => {
  await signInQuickly(page, USERS.meltonLead);
  await openDrinkSafe(page);
  const card = page.locator("#decision");
  const reference = (await card.getByRole("heading", { level: 2 }).textContent())!.replace("PCC decision ", "");
  expect(reference).toMatch(/^PCC\/2023-24\/\d{3}$/);

  const decisionHref = (await card.getByRole("link", { name: "Decision record (PDF)" }).getAttribute("href"))!;
  expect(decisionHref).toMatch(/^\/decisions\/\d+\.pdf$/);
  const record = await downloadPdfText(page, decisionHref);
  expect(record).toContain(`Decision ${reference}`);
  expect(record).toContain("Drink Safe: Safer Melton Partnership");
  expect(record).toMatch(/Amount £2,267\.50/);
  expect(record).toContain("Half the drink covers are approved");
  // The partnership is told its bid was reviewed, not the OPCC's score or band (64.0: Refer to the PCC).
  expect(record).toContain("The decision followed the OPCC's review of submission 1 of the bid.");
  expect(record).not.toContain("64.0");
  expect(record).not.toContain("Refer to the PCC");

  await card.getByRole("link", { name: "The grant and its payment schedule" }).click();
  await expect(h1(page, "Grant: Drink Safe")).toBeVisible();
  await expectNoAxeViolations(page);
  const offerHref = (await page.getByRole("link", { name: "Grant offer letter (PDF)" }).getAttribute("href"))!;
  expect(offerHref).toMatch(/^\/grants\/\d+\/offer\.pdf$/);
  const offer = await downloadPdfText(page, offerHref);
  expect(offer).toContain("Offer of a crime and disorder reduction grant");
  expect(offer).toContain(`(decision ${reference})`);
  expect(offer).toContain("a grant of £2,267.50 towards “Drink Safe”");

  await page.context().clearCookies();
  await signInQuickly(page, USERS.charnwoodLead);
  for (const href of [decisionHref, offerHref]) {
    const response = await page.request.get(href);
    expect(response.status(), href).toBe(404);
    expect(response.headers()["content-type"]).not.toBe("application/pdf");
  }
});
