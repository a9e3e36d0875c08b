import { expect, test, type Page } from "@playwright/test";
import { bidIdFrom, h1, signInQuickly } from "./bid-journey";
import { USERS } from "./support";

/**
 * The bid as a PDF from the built server: the fonts are found from the production bundle, the
 * response is a PDF, and another CSP cannot fetch it.
 */

async function openDrinkSafe(page: Page): Promise<number> {
  await page.goto("/bids");
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
