import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "./fixtures";
import { h1, signInQuickly, uniqueTitle } from "./bid-journey";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * Closing a financial year (decision record 022), on a year of the tests' own: 2022-23, before the
 * demo's, with one Melton grant in it, reconciled (tests/support/year-end-grant-in-process.ts), so
 * no other spec sees it closed. OPCC finance reads the all-clear checklist and closes the year with
 * a confirmation; a change to the year from a page opened before it closed is refused, saying who
 * closed it; the year's pages show it closed; an administrator reopens it with a reason. With
 * JavaScript on and off, one after the other on the same year.
 */

const YEAR = "2022-23";

function yearEndGrant(title: string): { grantId: number; returnIds: number[] } {
  const port = process.env.E2E_PORT;
  if (!port) throw new Error("E2E_PORT is not set: run this from Playwright");
  const out = execFileSync("npx", ["tsx", "tests/support/year-end-grant-in-process.ts", title], {
    env: { ...process.env, DATABASE_PATH: `tests/.tmp/e2e-${port}/portal.db` },
    encoding: "utf8",
    timeout: 60_000,
  });
  return JSON.parse(out.trim().split("\n").pop()!);
}

const checklist = (page: Page) => page.locator("#checklist");

async function closeTheYear(page: Page) {
  await page.goto(`/finance/year-end/${YEAR}`);
  await expect(h1(page, `Closing the year ${YEAR}`)).toBeVisible();
  await expect(page.getByText("Everything is in order: the year can be closed.")).toBeVisible();
  await expect(checklist(page).locator(".govuk-tag")).toHaveText(["Done", "Done", "Done", "Done", "Done"]);
  await expectNoAxeViolations(page);
  // A confirmation is needed.
  await page.getByRole("button", { name: "Close the year" }).click();
  await expect(page.locator(".govuk-error-summary").getByRole("link", { name: "Confirm that you have checked the year and want to close it" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel(`I have checked ${YEAR} and want to close it`).check();
  await page.waitForTimeout(1_100); // GOV.UK's double-click guard: a person takes longer than this
  await page.getByRole("button", { name: "Close the year" }).click();
  await expect(page.locator(".govuk-notification-banner--success")).toContainText("The year has been closed.");
  await expect(page.getByRole("region", { name: "Year closed" })).toContainText(`${YEAR} was closed by Femi Adeyemi on`);
  await expect(page.locator("#history")).toContainText("Closed by Femi Adeyemi on");
  await expect(page.getByRole("button", { name: "Close the year" })).toHaveCount(0);
  await expectNoAxeViolations(page);
}

async function reopenTheYear(page: Page, reason: string) {
  await page.goto(`/finance/year-end/${YEAR}`);
  await page.getByRole("button", { name: "Reopen the year" }).click();
  await expect(page.locator(".govuk-error-summary").getByRole("link", { name: "Enter why the year is reopened" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Why is the year reopened?").fill(reason);
  await page.waitForTimeout(1_100); // GOV.UK's double-click guard
  await page.getByRole("button", { name: "Reopen the year" }).click();
  await expect(page.locator(".govuk-notification-banner--success")).toContainText("The year has been reopened.");
  await expect(page.locator("#history")).toContainText(reason);
  await expect(page.getByRole("region", { name: "Year closed" })).toHaveCount(0);
  await expectNoAxeViolations(page);
}

async function journey(browser: import("@playwright/test").Browser, javaScriptEnabled: boolean) {
  const grant = yearEndGrant(uniqueTitle(javaScriptEnabled ? "Year-end outreach" : "No-JS year-end outreach"));
  const returnPath = `/grants/${grant.grantId}/returns/${grant.returnIds.at(-1)}`;
  const contexts = await Promise.all([0, 1, 2].map(() => browser.newContext({ javaScriptEnabled })));
  const [finance, reviewer, admin] = await Promise.all(contexts.map((c) => c.newPage()));
  try {
    await signInQuickly(finance, USERS.finance);
    await signInQuickly(reviewer, USERS.reviewer);
    await signInQuickly(admin, USERS.admin);

    // The reviewer opens the accepted return, which may be reopened, before the year is closed.
    await reviewer.goto(returnPath);
    await expect(h1(reviewer, `Quarterly return: ${YEAR} Q4 (January to March 2023)`)).toBeVisible();
    await expect(reviewer.getByRole("region", { name: "Year closed" })).toHaveCount(0);

    await closeTheYear(finance);

    // The change from the page opened before: refused, saying who closed the year.
    await reviewer.getByLabel("Why the return is reopened").fill("The spend on the camera was keyed wrongly.");
    await reviewer.getByRole("button", { name: "Reopen the return" }).click();
    await expect(h1(reviewer, "This financial year is closed")).toBeVisible();
    await expect(reviewer.getByText(`${YEAR} was closed by Femi Adeyemi on`)).toBeVisible();
    await expectNoAxeViolations(reviewer);
    // The return's page now says so and offers no change.
    await reviewer.goto(returnPath);
    await expect(reviewer.getByRole("region", { name: "Year closed" })).toContainText(`${YEAR} was closed by Femi Adeyemi`);
    await expect(reviewer.getByRole("button", { name: "Reopen the return" })).toHaveCount(0);
    await expectNoAxeViolations(reviewer);
    // So do the grant's page and its payments page.
    await finance.goto(`/grants/${grant.grantId}/payments`);
    await expect(finance.getByRole("region", { name: "Year closed" })).toBeVisible();
    await expectNoAxeViolations(finance);

    // OPCC finance cannot reopen it; an administrator can, with a reason.
    await finance.goto(`/finance/year-end/${YEAR}`);
    await expect(finance.getByRole("button", { name: "Reopen the year" })).toHaveCount(0);
    await reopenTheYear(admin, javaScriptEnabled ? "A payment was recorded against the wrong grant." : "The camera's invoice was entered twice.");

    // Open again: the return takes the OPCC's reopening.
    await reviewer.goto(returnPath);
    await expect(reviewer.getByRole("button", { name: "Reopen the return" })).toBeVisible();
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
}

test.describe.serial("closing the year", () => {
  test("OPCC finance closes a reconciled year, a change to it is refused, and an administrator reopens it", async ({ browser }) => {
    test.setTimeout(180_000);
    await journey(browser, true);
  });

  test("the same with JavaScript off", async ({ browser }) => {
    test.setTimeout(180_000);
    await journey(browser, false);
  });
});

test("the year-end pages are OPCC staff's: council finance is refused", async ({ page }) => {
  await signInQuickly(page, USERS.meltonFinance);
  const res = await page.goto(`/finance/year-end/2023-24`);
  expect(res?.status()).toBe(403);
});
