import { expect, test, type Page } from "./fixtures";
import { fillDate, h1, signInQuickly, uniqueTitle } from "./bid-journey";
import { underspentGrant } from "./clawbacks-fixture";
import { closeFixtureDatabase } from "./payments-fixture";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * An underspend returned and its clawback raised, invoiced and received, by OPCC finance in the
 * browser (JavaScript on, and off), each on a grant of its own (clawbacks-fixture.ts: £4,843.00
 * granted and paid, £4,000.00 spent in 2024-25). The partnership then reads the clawback, read-only.
 */

test.afterAll(() => closeFixtureDatabase());

const banner = (page: Page) => page.locator(".govuk-notification-banner--success");
const summary = (page: Page) => page.locator(".govuk-error-summary");
const row = (page: Page, id: string, key: string) => page.locator(`#${id} .govuk-summary-list__row`).filter({ has: page.locator("dt", { hasText: new RegExp(`^${key}$`) }) }).locator("dd");
const today = () => new Date().toISOString().slice(0, 10);
const parts = (iso: string) => [String(Number(iso.slice(8, 10))), String(Number(iso.slice(5, 7))), iso.slice(0, 4)] as const;

async function returnAndRecover(page: Page, grantId: number, title: string) {
  await page.goto(`/finance/grants/${grantId}`);
  const years = page.getByRole("table", { name: /Each financial year of the grant/ });
  await expect(years.getByRole("row", { name: /^2024-25/ })).toContainText("£843.00");
  await expectNoAxeViolations(page);

  await years.getByRole("link", { name: "Record 2024-25's underspend" }).click();
  await expect(h1(page, "Record 2024-25's underspend")).toBeVisible();
  await expect(row(page, "underspend-figures", "Outstanding")).toHaveText("£843.00");
  await expect(row(page, "underspend-figures", "If returned")).toContainText("paid £4,843.00 − evidenced £4,000.00 = £843.00 to repay");
  await expect(page.getByLabel("Amount")).toHaveValue("843.00");
  await page.getByRole("button", { name: "Record the underspend" }).click();
  await expect(summary(page).getByRole("link", { name: "Enter the reason" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Reason").fill("The camera cost less than quoted.");
  await page.getByRole("button", { name: "Record the underspend" }).click();
  await expect(banner(page)).toContainText("The underspend has been recorded.");
  await expect(years.getByRole("row", { name: /^2024-25/ }).getByRole("link")).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "clawback of £843.00" }).click();
  await expect(h1(page, `Clawback: ${title}`)).toBeVisible();
  await expect(row(page, "clawback-summary", "Status")).toHaveText("Raised");
  await expect(row(page, "clawback-summary", "How it was worked out")).toContainText("paid £4,843.00 − evidenced £4,000.00 = £843.00 to repay");
  await expectNoAxeViolations(page);

  // The invoice: its reference is needed, what was typed kept.
  const [d, m, y] = parts(today());
  await fillDate(page, "Invoice date", d, m, y);
  await page.getByRole("button", { name: "Record the invoice" }).click();
  await expect(summary(page).getByRole("link", { name: "Enter the invoice reference" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Invoice date" }).getByLabel("Day")).toHaveValue(d);
  await expectNoAxeViolations(page);
  await page.getByLabel("Invoice reference").fill(`INV-MBC-${grantId}`);
  await page.getByRole("button", { name: "Record the invoice" }).click();
  await expect(banner(page)).toContainText("The invoice has been recorded.");
  await expect(row(page, "clawback-summary", "Status")).toHaveText("Invoiced");
  await expectNoAxeViolations(page);

  await fillDate(page, "Date received", d, m, y);
  await page.getByRole("button", { name: "Record the money received" }).click();
  await expect(banner(page)).toContainText("The repayment has been recorded.");
  await expect(row(page, "clawback-summary", "Status")).toHaveText("Received");
  await expect(page.locator("main form")).toHaveCount(0);
  await expect(page.locator("#clawback-history")).toContainText("Received");
  await expectNoAxeViolations(page);

  await page.goto("/finance/clawbacks?fy=2024-25&status=received");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await expectNoAxeViolations(page);
}

test("OPCC finance returns an underspend and raises, invoices and receives its clawback", async ({ page }) => {
  test.setTimeout(90_000);
  const grant = underspentGrant(uniqueTitle("Clawback camera"));
  await signInQuickly(page, USERS.finance);
  await returnAndRecover(page, grant.grantId, grant.title);

  // The partnership reads it on the grant's payments page, with no forms and not who at the OPCC acted.
  await page.context().clearCookies();
  await signInQuickly(page, USERS.meltonLead);
  await page.goto(`/grants/${grant.grantId}/payments`);
  const clawbacks = page.getByRole("table", { name: "Money to be repaid under this grant" });
  await expect(clawbacks).toContainText("£843.00");
  await expect(clawbacks).toContainText("Received");
  await expect(clawbacks).toContainText(`INV-MBC-${grant.grantId}`);
  await expect(clawbacks.getByRole("link")).toHaveCount(0);
  await expect(page.getByText("Femi Adeyemi")).toHaveCount(0);
  await expectNoAxeViolations(page);
  const refused = await page.goto("/finance/clawbacks");
  expect(refused?.status()).toBe(403);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("OPCC finance returns an underspend and raises, invoices and receives its clawback", async ({ page }) => {
    test.setTimeout(90_000);
    const grant = underspentGrant(uniqueTitle("No-JS clawback camera"));
    await signInQuickly(page, USERS.finance);
    await returnAndRecover(page, grant.grantId, grant.title);
  });
});
