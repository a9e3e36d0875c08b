import { expect, test, type Page } from "./fixtures";
import { fillDate, h1, signInQuickly, uniqueTitle } from "./bid-journey";
import { acceptedOverdueGrant, closeFixtureDatabase, releaseAndPayFirst } from "./payments-fixture";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * A grant's payments, each journey on a grant of its own (payments-fixture.ts): £4,843.00 in two
 * quarterly instalments (2024-25 Q3 and Q4, £2,421.50 each), both held because the returns they
 * follow were never submitted. OPCC finance sees why each is held, releases one with a reason and
 * records the payment (with JavaScript on, and off); the Melton CSP lead reads what was paid,
 * with no forms.
 */

test.afterAll(() => closeFixtureDatabase());

const banner = (page: Page) => page.locator(".govuk-notification-banner--success");
const schedule = (page: Page) => page.getByRole("table", { name: "Payment schedule" });
const instalmentRow = (page: Page, label: string) => schedule(page).getByRole("row", { name: new RegExp(`^${label}`) });
const totals = (page: Page, key: string) => page.locator("#payment-totals .govuk-summary-list__row").filter({ has: page.locator("dt", { hasText: new RegExp(`^${key}$`) }) }).locator("dd");
const summary = (page: Page) => page.locator(".govuk-error-summary");

async function releaseAndRecord(page: Page, grantId: number, title: string) {
  await page.goto(`/grants/${grantId}/payments`);
  await expect(h1(page, `Payments: ${title}`)).toBeVisible();
  await expect(instalmentRow(page, "2024-25 Q3").locator(".govuk-tag")).toHaveText("Held");
  await expect(instalmentRow(page, "2024-25 Q3")).toContainText("The 2024-25 Q3 (October to December 2024) return is overdue: it was due on 30 January 2025");
  await expect(totals(page, "Held")).toHaveText("£4,843.00");
  await expect(totals(page, "Paid")).toHaveText("£0.00");
  await expect(page.getByText("Nothing can be paid now: every instalment still to pay is held.")).toBeVisible();
  await expectNoAxeViolations(page);

  // A release needs a reason.
  await instalmentRow(page, "2024-25 Q3").getByRole("link", { name: "Release the hold on 2024-25 Q3" }).click();
  await expect(page.getByLabel("Instalment to release")).toHaveValue(/^\d+$/);
  await page.getByRole("button", { name: "Release the hold" }).click();
  await expect(summary(page).getByRole("link", { name: "Enter why the hold is released" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Why is the hold released?").fill("The camera went in on time; the partnership has agreed a date for the return.");
  await page.getByRole("button", { name: "Release the hold" }).click();
  await expect(banner(page)).toContainText("The hold has been released.");
  await expect(instalmentRow(page, "2024-25 Q3").locator(".govuk-tag")).toHaveText("Due");
  await expect(instalmentRow(page, "2024-25 Q3")).toContainText("Hold released by Femi Adeyemi");
  await expect(instalmentRow(page, "2024-25 Q4").locator(".govuk-tag")).toHaveText("Held");
  await expectNoAxeViolations(page);

  // Record it: the amount offered is what remains; a missing reference is refused, what was typed kept.
  await expect(page.getByLabel("Amount paid")).toHaveValue("2421.50");
  await fillDate(page, "Date paid", "6", "2", "2025");
  await page.getByRole("button", { name: "Record the payment" }).click();
  await expect(summary(page).getByRole("link", { name: "Enter the finance system reference" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Date paid" }).getByLabel("Day")).toHaveValue("6");
  await expectNoAxeViolations(page);
  await page.getByLabel("Finance system reference").fill("AP-2024-0206");
  await page.getByRole("button", { name: "Record the payment" }).click();
  await expect(banner(page)).toContainText("The payment has been recorded.");
  await expect(instalmentRow(page, "2024-25 Q3").locator(".govuk-tag")).toHaveText("Paid");
  await expect(totals(page, "Paid")).toHaveText("£2,421.50");
  await expect(totals(page, "Balance")).toHaveText("£2,421.50 of the grant not yet paid");
  const made = page.getByRole("table", { name: "Payments made" });
  await expect(made.getByRole("row", { name: /6 February 2025/ })).toContainText("AP-2024-0206");
  await expect(made.getByRole("row", { name: /6 February 2025/ })).toContainText("Femi Adeyemi");
  await expectNoAxeViolations(page);
}

test("OPCC finance sees a held payment, releases the hold with a reason and records the payment", async ({ page }) => {
  test.setTimeout(60_000);
  const grant = acceptedOverdueGrant(uniqueTitle("Skate park camera"));
  await signInQuickly(page, USERS.finance);
  await releaseAndRecord(page, grant.grantId, grant.title);

  // Over-paying the other instalment, once released, is refused at its field.
  await instalmentRow(page, "2024-25 Q4").getByRole("link", { name: "Release the hold on 2024-25 Q4" }).click();
  await page.getByLabel("Why is the hold released?").fill("Agreed with the partnership.");
  await page.getByRole("button", { name: "Release the hold" }).click();
  await expect(banner(page)).toContainText("The hold has been released.");
  await page.getByLabel("Amount paid").fill("2421.51");
  await fillDate(page, "Date paid", "6", "5", "2025");
  await page.getByLabel("Finance system reference").fill("AP-2024-0506");
  await page.getByRole("button", { name: "Record the payment" }).click();
  await expect(summary(page).getByRole("link", { name: "The amount must be £2,421.50 or less: that is what remains to pay on this instalment" })).toBeVisible();
  await expect(page.getByLabel("Amount paid")).toHaveValue("2421.51");
  await expectNoAxeViolations(page);

  // The grant page sums it up and links here.
  await page.goto(`/grants/${grant.grantId}`);
  const section = page.locator("#grant-payments");
  await expect(section).toContainText("£2,421.50 of £4,843.00");
  await section.getByRole("link", { name: "See the payments and their schedule" }).click();
  await expect(h1(page, `Payments: ${grant.title}`)).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("OPCC finance releases a hold and records a payment", async ({ page }) => {
    test.setTimeout(60_000);
    const grant = acceptedOverdueGrant(uniqueTitle("No-JS skate park camera"));
    await signInQuickly(page, USERS.finance);
    await releaseAndRecord(page, grant.grantId, grant.title);
  });
});

test("the Melton CSP lead sees what was paid and why the rest is held, and no forms", async ({ page }) => {
  const grant = acceptedOverdueGrant(uniqueTitle("Paid skate park camera"));
  releaseAndPayFirst(grant, "AP-2024-0777");
  await signInQuickly(page, USERS.meltonLead);
  await page.goto(`/grants/${grant.grantId}/payments`);
  await expect(h1(page, `Payments: ${grant.title}`)).toBeVisible();
  await expect(instalmentRow(page, "2024-25 Q3").locator(".govuk-tag")).toHaveText("Paid");
  await expect(instalmentRow(page, "2024-25 Q4").locator(".govuk-tag")).toHaveText("Held");
  await expect(instalmentRow(page, "2024-25 Q4")).toContainText("The 2024-25 Q4 (January to March 2025) return is overdue");
  await expect(page.getByRole("table", { name: "Payments made" }).getByRole("row", { name: /6 February 2025/ })).toContainText("AP-2024-0777");
  await expect(totals(page, "Paid")).toHaveText("£2,421.50");
  // Read-only: no forms, no actions, not who recorded it or why a hold was released.
  await expect(page.getByRole("heading", { name: "Record a payment" })).toHaveCount(0);
  await expect(page.locator("main form")).toHaveCount(0);
  await expect(page.getByText("Femi Adeyemi")).toHaveCount(0);
  await expect(page.getByText(/the return follows/)).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.goto(`/grants/${grant.grantId}`);
  await expect(page.locator("#grant-payments")).toContainText("£2,421.50 of £4,843.00");
  await expectNoAxeViolations(page);
});

test("another partnership's lead gets the not-found page", async ({ page }) => {
  const grant = acceptedOverdueGrant(uniqueTitle("Charnwood cannot see this camera"));
  await signInQuickly(page, USERS.charnwoodLead);
  const response = await page.goto(`/grants/${grant.grantId}/payments`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText(grant.title)).toHaveCount(0);
  await expectNoAxeViolations(page);
});
